"""The values a migration returns: :class:`Migration` (the new text, the report) and
:class:`Note` (one thing the report says), with the note codes.

What lives here: the result values and their validation, the unified diff of a migration,
:func:`apply_edits` (replacing non-overlapping spans of a text in one pass), and what both
forms share: the release whose variables are written when none is named
(:data:`DEFAULT_SOURCE_PROFILE`) and the comment a migrated text starts with
(:func:`header`). This module must not know compose files, transcripts or link variables.

Note codes (``Note.code``)::

    code                 meaning
    -------------------  ----------------------------------------------------------------
    secret-held-back     a <P>_ENV_<NAME> copy of another service's secret-looking variable
                         was not written (--forward-secrets writes it)
    secret-forwarded     the same, written because --forward-secrets was given
    no-link-variables    the source gave this recipient no link variables (a user-defined
                         network, or a release that sets none): aliases only
    own-value-wins       the recipient sets the name itself; Docker's value was its own
    external-link        a link to a container outside the file: not carried over
    unknown-image        the child's image EXPOSE / ENV are not known: its variables from
                         them are not written; in a transcript, a command naming an image
                         the model does not know fails, and nothing it sets up is migrated
    env-file             an env_file / --env-file was not read: variables from it are not
                         written (and explicit entries now win over it)
    shell-value          a child's entry takes its value from the shell: not copied
    alias-kept           the alias cannot be a network alias (another name already
                         answers to it): the link stays, as a DNS alias only
    no-shared-network    the two containers share no network: nothing to carry over
    network-mode         a network mode with which a link cannot work
    not-own-text         the links are written through an anchor, a merge key or extends:
                         left as they are
    not-modelled         a command the engine model cannot run: its links are carried over
                         without variables
    reads-link-state     a command that reads link state (HostConfig.Links, /etc/hosts
                         link lines, link variables) now answers differently
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any, Literal

import attrs

from dockerlinks.errors import DockerLinksError

__all__ = ["CODES", "DEFAULT_SOURCE_PROFILE", "Form", "Migration", "Note", "apply_edits", "header"]

Form = Literal["compose", "transcript"]

#: The release whose link variables are reproduced when no profile is given: Docker 28.5,
#: the newest that sets them by default.
DEFAULT_SOURCE_PROFILE = "28.5"


def header(profile: str, keep: str, comment: str = "#") -> str:
    """The comment the migrated text starts with (which release's variables it holds)."""
    return (
        f"{comment} Migrated off legacy links by dockerlinks migrate: links are network aliases; "
        f"link variables\n{comment} as Docker {profile} set them (keep: {keep}), with DNS names "
        "in place of addresses.\n"
    )


#: Every note code, in the order of the module table.
CODES = (
    "secret-held-back",
    "secret-forwarded",
    "no-link-variables",
    "own-value-wins",
    "external-link",
    "unknown-image",
    "env-file",
    "shell-value",
    "alias-kept",
    "no-shared-network",
    "network-mode",
    "not-own-text",
    "not-modelled",
    "reads-link-state",
)


def _text(instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, str):
        raise DockerLinksError(
            f"{type(instance).__name__}.{attribute.name}: expected text, not {type(value).__name__}"
        )


def _line(instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise DockerLinksError(
            f"{type(instance).__name__}.{attribute.name}: expected a line number, not {value!r:.40}"
        )


def _code(instance: Any, attribute: Any, value: Any) -> None:
    if value not in CODES:
        raise DockerLinksError(f"Note.code: unknown note code {value!r:.40}")


@attrs.frozen
class Note:
    """One thing the report says: where (``line`` of the input, 0 for the whole input),
    about whom (a service or container, or ``""``), which ``code`` and what."""

    line: int = attrs.field(validator=_line)
    subject: str = attrs.field(validator=_text)
    code: str = attrs.field(validator=_code)
    message: str = attrs.field(validator=_text)

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        who = f"{self.subject}: " if self.subject else ""
        return f"{where}{who}{self.code}: {self.message}"


def _notes(instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, tuple) or not all(isinstance(n, Note) for n in value):
        raise DockerLinksError("Migration.notes: expected a tuple of Note")


def _variables(instance: Any, attribute: Any, value: Any) -> None:
    ok = isinstance(value, tuple) and all(
        isinstance(item, tuple)
        and len(item) == 2
        and isinstance(item[0], str)
        and isinstance(item[1], tuple)
        and all(isinstance(v, str) for v in item[1])
        for item in value
    )
    if not ok:
        raise DockerLinksError("Migration.variables: expected (recipient, entries) pairs")


def _form(instance: Any, attribute: Any, value: Any) -> None:
    if value not in ("compose", "transcript"):
        raise DockerLinksError(f"Migration.form: expected compose or transcript, not {value!r:.40}")


@attrs.frozen
class Migration:
    """A migrated setup: ``text`` (the same form as ``source``), the ``notes`` of the
    report, and per recipient the ``NAME=value`` entries written (``variables``)."""

    source: str = attrs.field(validator=_text, repr=False)
    text: str = attrs.field(validator=_text, repr=False)
    form: Form = attrs.field(validator=_form)
    profile: str = attrs.field(validator=_text)
    notes: tuple[Note, ...] = attrs.field(default=(), validator=_notes)
    variables: tuple[tuple[str, tuple[str, ...]], ...] = attrs.field(
        default=(), validator=_variables
    )

    @property
    def changed(self) -> bool:
        """Whether the text differs from the source."""
        return self.text != self.source

    def diff(self, name: str = "FILE") -> str:
        """The unified diff from the source to the migrated text (``--dry-run``).

        >>> print(Migration("a\\nb\\n", "a\\nc\\n", "compose", "28.5").diff("x.yaml"), end="")
        --- x.yaml
        +++ x.yaml (migrated)
        @@ -1,2 +1,2 @@
         a
        -b
        +c
        """
        lines = difflib.unified_diff(
            self.source.splitlines(keepends=True),
            self.text.splitlines(keepends=True),
            name,
            f"{name} (migrated)",
        )
        out = []
        for line in lines:
            out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
        return "".join(out)

    def report(self) -> str:
        """The report, one note a line (empty when there is nothing to say)."""
        return "".join(f"{note}\n" for note in self.notes)


def apply_edits(text: str, edits: Iterable[tuple[int, int, str]]) -> str:
    """``text`` with each ``(start, end, replacement)`` span replaced, in one pass; spans
    must not overlap (insertions at one offset keep their order).

    >>> apply_edits("abcdef", [(4, 4, "X"), (1, 3, ""), (4, 4, "Y")])
    'adXYef'
    """
    ordered = sorted(enumerate(edits), key=lambda item: (item[1][0], item[1][1], item[0]))
    out: list[str] = []
    pos = 0
    for _, (start, end, replacement) in ordered:
        if start < pos or end < start or end > len(text):
            raise DockerLinksError(f"overlapping or bad edit span ({start}, {end})")
        out.append(text[pos:start])
        out.append(replacement)
        pos = end
    out.append(text[pos:])
    return "".join(out)
