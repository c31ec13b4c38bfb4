"""The error family of dockerlinks, and caret rendering of a bad span.

Every error the library raises on bad input is a :class:`DockerLinksError`, itself a
:class:`ValueError`. An error carries Docker's own wording (``docker_message``: the text the
docker CLI or the daemon prints for the same input, where Docker has one) and, when the input
was text, the text and the span of its offending part. ``str(error)`` is the Docker wording,
then the text on its own line with carets under the span, as :mod:`packaging` does::

    invalid hostPort: 99999
        127.0.0.1:99999:80
                  ^^^^^

Control characters in the text are shown escaped (``\\n``, ``\\x00``) so the caret line stays
aligned and the message stays on the lines it claims.

Hierarchy (the allocator, engine, compose and transcript errors live in their modules and
derive from the classes here)::

    ValueError
     └── DockerLinksError
          ├── ProfileError
          ├── PortSpecError
          │    └── ExposeError
          ├── PortError
          ├── LinkSpecError
          ├── ContainerNameError
          ├── EnvFileError
          ├── HostsError
          ├── InspectError
          └── AllocationError
"""

from __future__ import annotations

__all__ = [
    "AllocationError",
    "ContainerNameError",
    "DockerLinksError",
    "EnvFileError",
    "ExposeError",
    "HostsError",
    "InspectError",
    "LinkSpecError",
    "PortError",
    "PortSpecError",
    "ProfileError",
    "render_caret",
]


def _shown(char: str) -> str:
    """How one character of the input is shown in an error message."""
    return char if char.isprintable() else char.encode("unicode_escape").decode("ascii")


def render_caret(text: str, start: int, end: int | None = None, *, indent: int = 4) -> str:
    """Render ``text`` with carets under ``text[start:end]``, as two lines.

    An empty span (``start == end``) gets one caret at ``start`` (which may be ``len(text)``:
    "something is missing here").

    >>> print(render_caret("127.0.0.1:99999:80", 10, 15))
        127.0.0.1:99999:80
                  ^^^^^
    >>> print(render_caret("80\\n", 2, 3))
        80\\n
          ^^
    """
    if end is None:
        end = start
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    pieces = [_shown(c) for c in text]
    offset = sum(len(p) for p in pieces[:start])
    width = sum(len(p) for p in pieces[start:end]) or 1
    pad = " " * indent
    return f"{pad}{''.join(pieces)}\n{pad}{' ' * offset}{'^' * width}"


class DockerLinksError(ValueError):
    """Base class of every error dockerlinks raises for bad input or a refused operation.

    ``docker_message`` is the one-line text Docker itself prints for the same situation (or the
    library's own one-line wording where Docker has none). ``text`` and ``span`` locate the bad
    part of the input when the input was a piece of text.
    """

    def __init__(
        self,
        docker_message: str,
        text: str | None = None,
        span: tuple[int, int] | None = None,
    ) -> None:
        self.docker_message = docker_message
        self.text = text
        self.span = span
        message = docker_message
        if text is not None and span is not None:
            message = f"{docker_message}\n{render_caret(text, span[0], span[1])}"
        super().__init__(message)

    def __reduce__(
        self,
    ) -> tuple[type[DockerLinksError], tuple[str, str | None, tuple[int, int] | None]]:
        return (type(self), (self.docker_message, self.text, self.span))


class ProfileError(DockerLinksError):
    """An unknown behaviour profile or profile switch."""


class PortSpecError(DockerLinksError):
    """A malformed ``-p`` / ``--publish`` value (short or long syntax)."""


class ExposeError(PortSpecError):
    """A malformed ``--expose`` / ``EXPOSE`` value."""


class PortError(DockerLinksError):
    """A malformed single port such as ``80/tcp`` (a port key, or ``docker port``'s argument)."""


class LinkSpecError(DockerLinksError):
    """A malformed ``--link`` value."""


class ContainerNameError(DockerLinksError):
    """A container name Docker refuses, or a name unsafe to render into env or hosts text."""


class EnvFileError(DockerLinksError):
    """A malformed ``--env-file`` line or environment entry."""


class HostsError(DockerLinksError):
    """A hosts record that cannot be rendered safely or parsed back."""


class InspectError(DockerLinksError):
    """``docker inspect`` / Engine-API data of the wrong shape."""


class AllocationError(DockerLinksError):
    """Base class of the host-port allocator's errors."""
