"""Terminal sessions of ``docker`` commands: reading, replaying against the engine, checking.

Transcript grammar (one item per line)::

    transcript = { line } ;
    line       = host-cmd | ctr-cmd | directive | comment | output ;
    host-cmd   = "$ " , command-line ;                   (* "$ docker run -d ..." *)
    ctr-cmd    = user , "@" , host , ":" , dir , "# " , command-line ;
                                                         (* "root@aed84ee21bde:/opt/webapp# env" *)
    directive  = "# dockerlinks: " , word , { " " , argument } ;
    comment    = "#" , text ;                            (* echoed, never compared *)
    output     = any other line ;                        (* expected output of the command or
                                                            directive above; after a comment,
                                                            dropped *)

Directives::

    # dockerlinks: seed N                  default seed of IDs and generated names (--seed wins)
    # dockerlinks: profile PROFILE         default profile, get_profile's text: a release
                                           ("28.5", "20.10,cli=28.2") or an alias
                                           (--profile wins)
    # dockerlinks: image NAME [expose=PORTS] [env=K=V]... [workdir=DIR] [cmd=WORDS]
    # dockerlinks: file PATH CONTENT       a file for --env-file (CONTENT with \\n escapes)
    # dockerlinks: env NAME=VALUE          the CLI's own environment (bare -e NAME lookups)

Command lines (``$ ...`` and after a container prompt) are split into words as bash splits
them, quotes and backslashes removed and a ``#`` at the start of a word starting a comment
(:func:`dockerlinks.engine.images.split_words`; no expansions, pipes or redirections). In a
``file`` directive's CONTENT, ``\\n`` is a newline, ``\\t`` a tab and ``\\\\`` a backslash;
any other backslash stays as written.

Commands inside a container (``ctr-cmd``) run in the most recent interactive container
(``docker run -t -i IMAGE /bin/bash``); the session ends at the next ``$`` line or at ``exit``,
and the container exits (``--rm`` removes it). Modelled commands in a container: ``env``,
``cat /etc/hosts``, ``hostname``, ``ping NAME`` (resolved through the container's own hosts
file; needs ``apt-get install inetutils-ping`` first, as in the walkthrough), ``apt-get ...``
(silent), ``exit``; anything else prints ``bash: CMD: command not found``.

Expected-output placeholders (``--check``), compared line by line after dropping blank lines
and collapsing runs of blanks::

    placeholder   matches
    ------------  ---------------------------------------------------------------
    <id>          a 64-hex container ID
    <short-id>    a 12-hex ID prefix
    <name>        a generated name (adjective_surname, optional digit)
    <ip>          an IPv4 address
    <port>        a port number
    <...>         any text within the line; a line holding only <...> matches
                  zero or more whole lines

(``<name>`` is ``[a-z]+_[a-z]+[0-9]?``, ``<ip>`` ``\\d{1,3}(\\.\\d{1,3}){3}``, ``<port>``
``\\d{1,5}``, with ``\\d`` any Unicode decimal digit, as Python's ``re`` reads them.) Matching
takes time linear in the lines (see ``match_lines``).

Limits (each refusal is one :class:`TranscriptError` line; the CLI prints it and exits 2)::

    what                                          limit
    --------------------------------------------  ------------------------------------
    a transcript                                  16,777,216 characters
    one line                                      1,048,576 characters
    a stretch of an expected line between two     4,096 characters, counting <id> as
    <...> that holds another placeholder          64, <short-id> 12, <ip> 15, <port> 5
                                                  and <name> 4 (plain text: no limit)
    image, file and env directives                1,000 images (the built-in ones
                                                  included), files, env entries (a
                                                  refused one prints a dockerlinks: line)
    the replayed output                           67,108,864 characters (the replay stops
                                                  with ReplayError, which carries the
                                                  output up to the step that passed it)

A library error inside one step (a value the engine refuses that the CLI texts do not
cover) prints ``dockerlinks: MESSAGE`` as that step's output and the replay goes on from the
state before the step: nothing already replayed is lost.

docker command lines are parsed as the docker CLI (cobra / pflag) parses them: combined short
flags (``-dP``), ``--flag=value``, ``-pVALUE``, repeatable list flags, ``--`` and, for ``run``
/ ``create``, the first non-flag argument ending the options. Flag and argument errors print
the CLI's own texts for the profile's CLI generation (modern: docker CLI v28+; classic: v27).

This module knows transcripts, the docker CLI's front end (flags, texts, output layout) and
expected-output matching. It reads no files and prints nothing (``dockerlinks.cli.replay``
does), and it leaves the daemon's rules to :mod:`dockerlinks.engine`.
"""

from __future__ import annotations

import contextlib
import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Literal, NamedTuple

import attrs

from dockerlinks._args import shown
from dockerlinks.client.commands import docker
from dockerlinks.client.flags import parse_docker_args
from dockerlinks.client.session import Session as ClientSession
from dockerlinks.engine.container import Container
from dockerlinks.engine.images import parse_image_directive
from dockerlinks.engine.state import Engine
from dockerlinks.errors import (
    DockerLinksError,
    FlagError,
    ImageError,
    ReplayError,
    ShellWordsError,
    TranscriptError,
)
from dockerlinks.profiles import Profile, get_profile
from dockerlinks.shellwords import split_words

__all__ = [
    "MAX_LINE",
    "MAX_OUTPUT",
    "MAX_TRANSCRIPT",
    "CheckResult",
    "FlagError",
    "ReplayError",
    "Session",
    "Step",
    "TranscriptError",
    "match_lines",
    "parse_docker_args",
    "read_transcript",
    "replay",
    "run_command",
]

Kind = Literal["host", "container", "directive", "comment"]

_CTR_PROMPT = re.compile(r"^([A-Za-z0-9_.-]+)@([^:\s]+):([^#\n]*)# (.*)$")


#: The longest transcript (characters), line, and replayed output the model takes.
MAX_TRANSCRIPT = 1 << 24
MAX_LINE = 1 << 20
MAX_OUTPUT = 1 << 26
#: The most items (characters, with placeholders expanded) of an expected line's stretch
#: between two ``<...>`` that holds a placeholder.
MAX_PATTERN = 4096
#: The most image, file and env directives of each kind in one replay.
MAX_DECLARED = 1000


def _typed(what: str, test: Callable[[Any], bool]) -> Callable[[Any, Any, Any], None]:
    """An attrs validator raising :class:`TranscriptError` (never a TypeError)."""

    def check(instance: Any, attribute: Any, value: Any) -> None:
        if not test(value):
            raise TranscriptError(
                f"{type(instance).__name__}.{attribute.name}: expected {what}, "
                f"got {type(value).__name__}"
            )

    return check


def _is_text(value: Any) -> bool:
    return isinstance(value, str)


def _is_bool(value: Any) -> bool:
    return type(value) is bool


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_texts(value: Any) -> bool:
    return isinstance(value, tuple) and all(isinstance(v, str) for v in value)


def _is_pairs(value: Any) -> bool:
    return isinstance(value, tuple) and all(
        isinstance(v, tuple) and len(v) == 2 and isinstance(v[0], str) and isinstance(v[1], str)
        for v in value
    )


class _CheckedPairs(tuple[tuple[str, str], ...]):
    """A tuple of ``(str, str)`` pairs already checked: evolving a :class:`Session` passes
    it on without walking it again (the check is linear; a replay evolves every step)."""

    __slots__ = ()


class _CheckedTexts(tuple[str, ...]):
    """A tuple of ``str`` already checked (see :class:`_CheckedPairs`)."""

    __slots__ = ()


def _pairs(value: object) -> tuple[tuple[str, str], ...]:
    if isinstance(value, _CheckedPairs):
        return value
    if not _is_pairs(value):
        raise TranscriptError(
            f"Session: expected a tuple of (str, str) pairs, got {type(value).__name__}"
        )
    return _CheckedPairs(value)  # type: ignore[arg-type]


def _texts_or_none(value: object) -> tuple[str, ...] | None:
    if value is None or isinstance(value, _CheckedTexts):
        return value
    if not _is_texts(value):
        raise TranscriptError(
            f"Session: expected a tuple of str or None, got {type(value).__name__}"
        )
    return _CheckedTexts(value)  # type: ignore[arg-type]


_KINDS = ("host", "container", "directive", "comment")


# ============================================================================ reading


@attrs.frozen
class Step:
    """One command (or directive/comment) of a transcript, with its expected output."""

    kind: Kind = attrs.field(validator=_typed("one of " + ", ".join(_KINDS), _KINDS.__contains__))
    line: int = attrs.field(validator=_typed("an int", _is_int))
    text: str = attrs.field(validator=_typed("a str", _is_text))
    command: str = attrs.field(validator=_typed("a str", _is_text))
    expected: tuple[str, ...] = attrs.field(default=(), validator=_typed("str lines", _is_texts))


def read_transcript(text: str) -> list[Step]:
    """Split transcript text into steps; output lines attach to the command above them.

    Lines are what ``str.splitlines`` splits. Refused (:class:`TranscriptError`): text over
    ``MAX_TRANSCRIPT`` characters, a line over ``MAX_LINE``, an expected line whose
    placeholders stand for more than ``MAX_PATTERN`` characters between two ``<...>``.
    One pass: linear time.

    >>> steps = read_transcript("$ docker restart db\\ndb\\n# note\\n")
    >>> [(s.kind, s.command, s.expected) for s in steps]
    [('host', 'docker restart db', ('db',)), ('comment', '# note', ())]
    """
    if not isinstance(text, str):
        raise TranscriptError(f"a transcript must be text, not {type(text).__name__}")
    if len(text) > MAX_TRANSCRIPT:
        raise TranscriptError(
            f"a transcript is at most {MAX_TRANSCRIPT} characters; this one has {len(text)}"
        )
    steps: list[Step] = []
    pending: list[str] = []

    def flush() -> None:
        if steps and pending:
            steps[-1] = attrs.evolve(steps[-1], expected=steps[-1].expected + tuple(pending))
        pending.clear()

    for number, line in enumerate(text.splitlines(), start=1):
        if len(line) > MAX_LINE:
            raise TranscriptError(f"line {number}: longer than {MAX_LINE} characters")
        if line.startswith("$ ") or line == "$":
            flush()
            steps.append(Step("host", number, line, line[2:].strip()))
        elif line.startswith("# dockerlinks:"):
            flush()
            steps.append(Step("directive", number, line, line[len("# dockerlinks:") :].strip()))
        elif prompt := _CTR_PROMPT.match(line):
            flush()
            steps.append(Step("container", number, line, prompt.group(4).strip()))
        elif line.startswith("#"):
            flush()
            steps.append(Step("comment", number, line, line))
        elif steps and steps[-1].kind != "comment":
            try:
                _check_pattern(line)
            except TranscriptError as exc:
                raise TranscriptError(f"line {number}: {exc.docker_message}") from None
            pending.append(line)
    flush()
    return steps


# ============================================================================ matching
#
# An expected line is literal text and placeholders. Each placeholder but <...> is a
# sequence of items (a character class, maybe optional, maybe repeatable), and <...> cuts
# the line into stretches. A stretch of plain text is matched with str methods; one with
# placeholders by a bit-parallel NFA (one bit per item, a step is a few operations on an
# integer of at most MAX_PATTERN bits). Stretches after a <...> are placed at their
# earliest end, which is exact: what follows a <...> may start anywhere after it. One level
# up, groups of expected lines between <...> lines are placed the same way (shift-and over
# the actual lines). Time O(n) per line for n actual characters (the constant bounded by
# MAX_PATTERN / 64), O(lines x group) for the lines; no recursion, no backtracking.

_ELLIPSIS = "<...>"
_TOKEN = re.compile(r"<(?:id|short-id|name|ip|port|\.\.\.)>")


class _Item(NamedTuple):
    """One position of a stretch: ``char`` (a literal) or a class name, ``?``, ``+``."""

    cls: str
    char: str = ""
    optional: bool = False
    repeat: bool = False


_HEX = _Item("hex")
_DIGIT = _Item("digit")
_MAYBE_DIGIT = _Item("digit", optional=True)
_DOT = _Item("char", ".")
_OCTET = (_DIGIT, _MAYBE_DIGIT, _MAYBE_DIGIT)  # \d{1,3}
#: The items of each placeholder (the patterns of the table in the module docstring).
_PLACEHOLDER_ITEMS: dict[str, tuple[_Item, ...]] = {
    "<id>": (_HEX,) * 64,
    "<short-id>": (_HEX,) * 12,
    "<name>": (
        _Item("lower", repeat=True),
        _Item("char", "_"),
        _Item("lower", repeat=True),
        _Item("digit09", optional=True),
    ),
    "<ip>": (*_OCTET, _DOT, *_OCTET, _DOT, *_OCTET, _DOT, *_OCTET),
    "<port>": (_DIGIT, *(_MAYBE_DIGIT,) * 4),
}
#: Which characters a class takes (``digit``: Unicode decimal digits, as ``re``'s ``\d``).
_CLASSES: dict[str, Callable[[str], bool]] = {
    "hex": lambda c: c in "0123456789abcdef",
    "lower": lambda c: "a" <= c <= "z",
    "digit09": lambda c: "0" <= c <= "9",
    "digit": str.isdecimal,
}
_MASK_CACHE = 256


def _bits(positions: Iterable[int], size: int = MAX_PATTERN) -> int:
    """An integer with the given bits set (each below ``size + 8``), in linear time."""
    buffer = bytearray((size >> 3) + 2)
    for position in positions:
        buffer[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(buffer, "little")


class _Stretch:
    """A bit-parallel NFA over a stretch's items: state ``k`` means "``k`` items matched".

    A character moves state ``k`` to ``k + 1`` when item ``k`` takes it, keeps ``k + 1``
    when item ``k`` repeats and takes it; then optional items may be skipped (``_close``).
    """

    def __init__(self, items: Sequence[_Item]) -> None:
        self.accept = 1 << len(items)
        self.literals: dict[str, list[int]] = {}
        positions: dict[str, list[int]] = {}
        for k, item in enumerate(items):
            if item.cls == "char":
                self.literals.setdefault(item.char, []).append(k)
            else:
                positions.setdefault(item.cls, []).append(k)
        self.classes = [
            (
                _CLASSES[name],
                _bits(found),
                _bits(k + 1 for k in found if items[k].repeat),
            )
            for name, found in positions.items()
        ]
        self.skip = _bits(k for k, item in enumerate(items) if item.optional)
        # The first and the last item of each run of optional items.
        self.skip_first = self.skip & ~(self.skip << 1)
        self.skip_last = self.skip & ~(self.skip >> 1)
        self.max_length = None if any(item.repeat for item in items) else len(items)
        literal_head = itertools.takewhile(lambda item: item.cls == "char", items)
        self.head = "".join(item.char for item in literal_head)
        self.start = self._close(1)
        self._masks: dict[str, tuple[int, int]] = {}

    def _close(self, states: int) -> int:
        """Add the states reached by skipping optional items.

        In each run of optional items, the states from the lowest active one to the run's
        end all move one on: ``fill`` sets the bits from each run's lowest active bit up to
        the run's last bit, for all runs at once, with one subtraction (the run's last bit,
        in ``marked``, stops the borrow from leaving its run).
        """
        active = states & self.skip
        if not active:
            return states
        marked = active | self.skip_last
        fill = active | (self.skip & (~(marked - self.skip_first) ^ marked))
        return states | (fill << 1)

    def _step(self, states: int, char: str) -> int:
        masks = self._masks.get(char)
        if masks is None:
            advance = _bits(self.literals.get(char, ()))
            stay = 0
            for takes, on, loop in self.classes:
                if takes(char):
                    advance |= on
                    stay |= loop
            masks = (advance, stay)
            if len(self._masks) < _MASK_CACHE:
                self._masks[char] = masks
        return self._close(((states & masks[0]) << 1) | (states & masks[1]))

    def full(self, text: str) -> bool:
        """Whether the stretch matches all of ``text``."""
        states = self.start
        for char in text:
            states = self._step(states, char)
            if not states:
                return False
        return bool(states & self.accept)

    def prefix_end(self, text: str) -> int:
        """The earliest end of a match at the start of ``text``; ``-1`` if none."""
        states = self.start
        for index, char in enumerate(text):
            if states & self.accept:
                return index
            states = self._step(states, char)
            if not states:
                return -1
        return len(text) if states & self.accept else -1

    def first_end(self, text: str, start: int) -> int:
        """The earliest end of a match starting at ``start`` or later; ``-1`` if none.

        While no match is under way, the scan jumps to the next occurrence of the
        stretch's literal head (``str.find``). A stretch holds a placeholder, so it never
        matches the empty text.
        """
        states = 0
        index, size = start, len(text)
        while index < size:
            if not states and self.head:
                found = text.find(self.head, index)
                if found < 0:
                    return -1
                index = found
            states = self._step(states | self.start, text[index])
            index += 1
            if states & self.accept:
                return index
        return -1

    def suffix(self, text: str, start: int) -> bool:
        """Whether the stretch matches ``text[j:]`` for some ``j >= start``."""
        if self.max_length is not None:
            start = max(start, len(text) - self.max_length)
        states = 0
        for index in range(start, len(text)):
            states = self._step(states | self.start, text[index])
        return bool((states | self.start) & self.accept)


def _check_pattern(line: str) -> None:
    """Refuse an expected line whose placeholders stand for more than ``MAX_PATTERN``
    characters between two ``<...>`` (what ``_LinePattern`` would refuse, without building
    it)."""
    if "<" not in line:
        return
    for piece in _norm(line).split(_ELLIPSIS):
        size = len(piece)
        for token in _TOKEN.finditer(piece):
            size += len(_PLACEHOLDER_ITEMS[token.group(0)]) - len(token.group(0))
        if size > MAX_PATTERN and _TOKEN.search(piece):
            raise TranscriptError(
                "an expected line's placeholders stand for more than "
                f"{MAX_PATTERN} characters between two <...> (the model's limit)"
            )


class _LinePattern:
    """One expected line (normalised): stretches cut at ``<...>``, each literal text
    (a ``str``) or a :class:`_Stretch`."""

    def __init__(self, text: str) -> None:
        self.stretches: list[str | _Stretch] = []
        # Placeholders hold no "<" or ">" inside, so they never overlap: cutting at every
        # "<...>" first finds the same placeholders as one left-to-right scan.
        for piece in text.split(_ELLIPSIS):
            tokens = list(_TOKEN.finditer(piece))
            if not tokens:
                self.stretches.append(piece)
                continue
            _check_pattern(piece)
            items: list[_Item] = []
            pos = 0
            for token in tokens:
                items.extend(_Item("char", c) for c in piece[pos : token.start()])
                items.extend(_PLACEHOLDER_ITEMS[token.group(0)])
                pos = token.end()
            items.extend(_Item("char", c) for c in piece[pos:])
            self.stretches.append(_Stretch(items))

    def matches(self, line: str) -> bool:
        """Whether the normalised actual ``line`` satisfies the pattern."""
        stretches = self.stretches
        first, last = stretches[0], stretches[-1]
        if len(stretches) == 1:
            return first == line if isinstance(first, str) else first.full(line)
        if isinstance(first, str):
            pos = len(first) if line.startswith(first) else -1
        else:
            pos = first.prefix_end(line)
        for stretch in stretches[1:-1]:
            if pos < 0:
                return False
            if isinstance(stretch, str):
                found = line.find(stretch, pos)
                pos = found + len(stretch) if found >= 0 else -1
            else:
                pos = stretch.first_end(line, pos)
        if pos < 0:
            return False
        if isinstance(last, str):
            return line.endswith(last) and len(line) - len(last) >= pos
        return last.suffix(line, pos)


def _norm(line: str) -> str:
    return " ".join(line.split())


def _pattern(line: str, cache: dict[str, _LinePattern]) -> _LinePattern | None:
    """The pattern of an expected line (one per distinct text, in ``cache``), ``None`` for a
    ``<...>`` line; refuses a pattern over the limit."""
    text = _norm(line)
    if text == _ELLIPSIS:
        return None
    found = cache.get(text)
    if found is None:
        found = cache[text] = _LinePattern(text)
    return found


class _Group:
    """Consecutive expected lines between ``<...>`` lines."""

    def __init__(self, patterns: list[_LinePattern]) -> None:
        self.patterns = patterns

    def at(self, lines: Sequence[str], start: int) -> bool:
        """Whether the group matches ``lines[start:start + len(group)]``."""
        return start + len(self.patterns) <= len(lines) and all(
            pattern.matches(lines[start + k]) for k, pattern in enumerate(self.patterns)
        )

    def first_end(self, lines: Sequence[str], start: int) -> int:
        """The earliest end of the group's lines in ``lines[start:]``; ``-1`` if none.

        Shift-and: bit ``k`` of ``states`` says the group's first ``k + 1`` lines match the
        lines ending here. A plain expected line is found by a dictionary look-up of the
        actual line; a line with placeholders is tried only where it could continue a match.
        """
        size = len(self.patterns)
        if not size:
            return start
        plain: dict[str, list[int]] = {}
        other: dict[int, tuple[_LinePattern, list[int]]] = {}
        for k, pattern in enumerate(self.patterns):
            only = pattern.stretches[0]
            if len(pattern.stretches) == 1 and isinstance(only, str):
                plain.setdefault(only, []).append(k)
            else:
                other.setdefault(id(pattern), (pattern, []))[1].append(k)
        literal = {text: _bits(found, size) for text, found in plain.items()}
        patterns = [(pattern, _bits(found, size)) for pattern, found in other.values()]
        top = 1 << (size - 1)
        states = 0
        for index in range(start, len(lines)):
            line = lines[index]
            wanted = (states << 1) | 1
            states = literal.get(line, 0) & wanted
            for pattern, bits in patterns:
                if bits & wanted and pattern.matches(line):
                    states |= bits & wanted
            if states & top:
                return index + 1
        return -1


def _lines_of(value: Any, what: str) -> Sequence[str]:
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise TranscriptError(f"{what} lines must be a sequence of str, not {type(value).__name__}")
    for line in value:
        if not isinstance(line, str):
            raise TranscriptError(f"{what} lines must be str, not {type(line).__name__}")
    return value


def match_lines(expected: Sequence[str], actual: Sequence[str]) -> bool:
    """Whether ``actual`` output satisfies ``expected`` (placeholders, ``<...>`` lines).

    Blank lines are dropped and runs of blanks collapse to one space on both sides. Groups
    of expected lines between ``<...>`` lines are placed left to right at their earliest
    end, the last group at the end of the output: exact, iterative, and linear in the
    actual lines for each group.

    >>> match_lines(["<id>"], ["a" * 64])
    True
    >>> match_lines(["<...>", "DB_NAME=/web2/db", "<...>"], ["PATH=/bin", "DB_NAME=/web2/db"])
    True
    >>> match_lines(["172.17.0.5  db"], ["172.17.0.2\\\\tdb"])
    False
    >>> match_lines(["<port>1"], ["801"])
    True
    """
    cache: dict[str, _LinePattern] = {}
    groups: list[list[_LinePattern]] = [[]]
    for line in _lines_of(expected, "expected"):
        if not line.strip():
            continue
        pattern = _pattern(line, cache)
        if pattern is None:
            groups.append([])
        else:
            groups[-1].append(pattern)
    lines = [_norm(line) for line in _lines_of(actual, "actual") if line.strip()]
    first, last = _Group(groups[0]), _Group(groups[-1])
    if len(groups) == 1:
        return len(lines) == len(first.patterns) and first.at(lines, 0)
    if not first.at(lines, 0):
        return False
    pos = len(first.patterns)
    for middle in groups[1:-1]:
        pos = _Group(middle).first_end(lines, pos)
        if pos < 0:
            return False
    start = len(lines) - len(last.patterns)
    return start >= pos and last.at(lines, start)


# ============================================================================ replay session


@attrs.frozen
class Session:
    """Replay state: the engine, the files and environment of the docker CLI, and the
    interactive container, if a prompt session is open.

    ``interactive`` is the container whose shell the prompt lines type into; ``exec_shell``
    says whether that shell is an exec's (``docker exec -ti``) or the container's main
    process (``docker run -ti``). The CLI runs on a terminal (a transcript is a terminal
    session).
    """

    engine: Engine = attrs.field(validator=_typed("an Engine", lambda v: isinstance(v, Engine)))
    interactive: str | None = attrs.field(
        default=None, validator=_typed("a str or None", lambda v: v is None or _is_text(v))
    )
    files: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_pairs)
    host_env: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_pairs)
    exec_shell: bool = attrs.field(default=False, validator=_typed("a bool", _is_bool))

    @property
    def profile(self) -> Profile:
        """The engine's profile."""
        return self.engine.profile

    @property
    def client(self) -> ClientSession:
        """The docker CLI's session on this state."""
        return ClientSession(self.engine, host_env=self.host_env, files=self.files, tty=True)

    def with_engine(self, engine: Engine) -> Session:
        """The same session on another engine state."""
        return attrs.evolve(self, engine=engine)


def _check_session(session: object) -> None:
    if not isinstance(session, Session):
        raise TranscriptError(f"a session must be a Session, not {type(session).__name__}")


def _end_interactive(session: Session) -> Session:
    """The prompt session ends: a container's main shell exits (``--rm`` removes it)."""
    if session.interactive is None:
        return session
    engine = session.engine
    if not session.exec_shell and engine.find(session.interactive) is not None:
        engine, _ = engine.exit(session.interactive, 0)
    return attrs.evolve(session.with_engine(engine), interactive=None, exec_shell=False)


_SHELLS = frozenset(("bash", "/bin/bash", "sh", "/bin/sh"))


def run_command(session: Session, argv: Sequence[str]) -> tuple[Session, list[str]]:
    """Run one ``docker`` command (``argv`` without ``docker``); returns its output lines
    (standard output's, then standard error's)."""
    _check_session(session)
    if isinstance(argv, str) or not isinstance(argv, Sequence):
        raise TranscriptError(f"argv must be a list of strings, not {type(argv).__name__}")
    session = _end_interactive(session)
    words = list(argv)
    before = session.engine.latest()
    client, result = docker(session.client, words)
    session = session.with_engine(client.engine)
    # `docker run -ti IMAGE SHELL` / `docker exec -ti C SHELL` open a prompt session
    shell = _prompt_target(session, words, before)
    if shell is not None:
        session = attrs.evolve(session, interactive=shell[0], exec_shell=shell[1])
    return session, result.lines()


def _prompt_target(
    session: Session, words: list[str], before: Container | None
) -> tuple[str, bool] | None:
    """The container whose shell a ``docker run -ti ... SHELL`` or ``docker exec -ti C SHELL``
    opened (and whether it is an exec's), or ``None``."""
    try:
        parsed = parse_docker_args(words, session.profile)
    except DockerLinksError:
        return None
    if parsed.command not in ("run", "exec") or parsed.flag("detach"):
        return None
    if not (parsed.flag("interactive") and parsed.flag("tty")):
        return None
    if parsed.command == "exec":
        if len(parsed.args) >= 2 and parsed.args[1] in _SHELLS:
            found = session.engine.find(parsed.args[0])
            if found is not None and found.running:
                return found.id, True
        return None
    latest = session.engine.latest()
    if latest is None or latest is before or not latest.running:
        return None
    if latest.cmd and latest.cmd[0] in _SHELLS:
        return latest.id, False
    return None


def run_line(session: Session, step: Step) -> tuple[Session, list[str]]:
    """Execute one transcript step; returns the new session and the output lines."""
    _check_session(session)
    if not isinstance(step, Step):
        raise TranscriptError(f"a step must be a Step, not {type(step).__name__}")
    if step.kind == "host":
        try:
            words = split_words(step.command)
        except ShellWordsError as exc:
            return _end_interactive(session), [f"bash: syntax error: {exc.docker_message}"]
        if not words:
            return _end_interactive(session), []
        if words[0] != "docker":
            return _end_interactive(session), [
                f"dockerlinks: only docker commands are modelled, not {words[0]!r}"
            ]
        return run_command(session, words[1:])
    if step.kind == "container":
        if session.interactive is None:
            return session, ["dockerlinks: no interactive container session is open"]
        try:
            words = split_words(step.command)
        except ShellWordsError as exc:
            return session, [f"bash: syntax error: {exc.docker_message}"]
        if words and words[0] == "exit":
            return _end_interactive(session), []
        engine, result = session.engine.shell_line(
            session.interactive, step.command, exec_shell=session.exec_shell
        )
        output = (result.stdout + result.stderr).splitlines()
        return session.with_engine(engine), output
    return session, []


# ============================================================================ replay


@attrs.frozen
class Mismatch:
    """A command whose output differs from the transcript's expected lines."""

    line: int = attrs.field(validator=_typed("an int", _is_int))
    command: str = attrs.field(validator=_typed("a str", _is_text))
    expected: tuple[str, ...] = attrs.field(validator=_typed("str lines", _is_texts))
    actual: tuple[str, ...] = attrs.field(validator=_typed("str lines", _is_texts))


@attrs.frozen
class CheckResult:
    """The result of replaying a transcript: the output transcript and any mismatches."""

    output: str = attrs.field(validator=_typed("a str", _is_text))
    mismatches: tuple[Mismatch, ...] = attrs.field(
        validator=_typed(
            "a tuple of Mismatch",
            lambda v: isinstance(v, tuple) and all(isinstance(m, Mismatch) for m in v),
        )
    )
    session: Session = attrs.field(validator=_typed("a Session", lambda v: isinstance(v, Session)))

    @property
    def ok(self) -> bool:
        """Whether every command's output matched its expected lines."""
        return not self.mismatches


_FILE_ESCAPES = {"n": "\n", "t": "\t", "\\": "\\"}
_FILE_ESCAPE = re.compile(r"\\([nt\\])")


def _file_content(content: str) -> str:
    """A ``file`` directive's CONTENT: ``\\n``, ``\\t`` and ``\\\\`` decoded, anything else
    kept as written (the text is never re-encoded, so any character passes through)."""
    return _FILE_ESCAPE.sub(lambda m: _FILE_ESCAPES[m.group(1)], content)


def _too_many(kind: str) -> list[str]:
    return [f"dockerlinks: more than {MAX_DECLARED} {kind} (the model's limit)"]


def _directive(session: Session, step: Step) -> tuple[Session, list[str]]:
    word, _, rest = step.command.partition(" ")
    rest = rest.strip()
    if word == "image":
        try:
            image = parse_image_directive(rest)
        except ImageError as exc:
            return session, [f"dockerlinks: {exc.docker_message}"]
        catalog = session.engine.images
        if len(catalog.images) >= MAX_DECLARED and catalog.find(image.name) is None:
            return session, _too_many("images")
        return session.with_engine(session.engine.with_image(image)), []
    if word == "file":
        path, _, content = rest.partition(" ")
        if not path:
            return session, ["dockerlinks: file directive needs a path"]
        if len(session.files) >= MAX_DECLARED:
            return session, _too_many("file directives")
        files = (*session.files, (path, _file_content(content)))
        return attrs.evolve(session, files=files), []
    if word == "env":
        name, eq, value = rest.partition("=")
        if not eq or not name:
            return session, ["dockerlinks: env directive needs NAME=VALUE"]
        if len(session.host_env) >= MAX_DECLARED:
            return session, _too_many("env directives")
        host_env = (*session.host_env, (name, value))
        return attrs.evolve(session, host_env=host_env), []
    if word in ("seed", "profile"):
        return session, []
    return session, [f"dockerlinks: unknown directive: {word}"]


def directive_defaults(steps: Iterable[Step]) -> dict[str, str]:
    """The ``seed`` / ``profile`` directives of a transcript (the last of each wins)."""
    if isinstance(steps, str) or not isinstance(steps, Iterable):
        raise TranscriptError(f"steps must be an iterable of Step, not {type(steps).__name__}")
    found: dict[str, str] = {}
    for step in steps:
        if not isinstance(step, Step):
            raise TranscriptError(f"steps must be Step values, not {type(step).__name__}")
        if step.kind == "directive":
            word, _, rest = step.command.partition(" ")
            if word in ("seed", "profile"):
                found[word] = rest.strip()
    return found


def replay(
    text: str,
    *,
    profile: Profile | str | None = None,
    seed: int | None = None,
    engine: Engine | None = None,
) -> CheckResult:
    """Replay a transcript; the output is itself a transcript.

    ``profile`` and ``seed`` override the transcript's directives; ``engine`` starts from a
    given state instead of an empty engine (then ``profile`` and ``seed`` are the engine's).

    Each step runs on the state the previous one left. A command's output is compared
    with its expected lines when it has some; a directive's always (it prints nothing
    unless refused), so a refused directive is a mismatch. A library error inside a step
    becomes that step's output (``dockerlinks: MESSAGE``) and the state stays as it was;
    past ``MAX_OUTPUT`` characters of output the replay stops with :class:`ReplayError`,
    whose ``result`` holds the output up to that step.

    >>> result = replay("$ docker run -d --name db training/postgres\\n$ docker restart db\\n")
    >>> print(result.output.splitlines()[-1])
    db
    """
    steps = read_transcript(text)
    defaults = directive_defaults(steps)
    if seed is not None and not _is_int(seed):
        raise TranscriptError(f"a seed must be an int, not {type(seed).__name__}")
    if engine is not None and not isinstance(engine, Engine):
        raise TranscriptError(f"an engine must be an Engine, not {type(engine).__name__}")
    if engine is None:
        chosen = get_profile(profile if profile is not None else defaults.get("profile"))
        if seed is None:
            try:
                seed = int(defaults.get("seed", "0"))
            except ValueError:
                raise TranscriptError(
                    f"seed directive needs an integer, not {shown(defaults['seed'])}"
                ) from None
        engine = Engine(profile=chosen, seed=seed)
    session = Session(engine)
    out: list[str] = []
    size = 0
    mismatches: list[Mismatch] = []
    for step in steps:
        out.append(step.text)
        lines: list[str] = []
        if step.kind != "comment":
            try:
                if step.kind == "directive":
                    session, lines = _directive(session, step)
                else:
                    session, lines = run_line(session, step)
            except DockerLinksError as exc:  # the state before the step stays
                lines = f"dockerlinks: {exc.docker_message}".split("\n")
            out.extend(lines)
            # a command with no expected lines is not compared (its output was not
            # recorded); a directive prints nothing unless it is refused, so one that prints
            # what is not written under it (an unknown word, a bad image) is a mismatch
            compared = bool(step.expected) or step.kind == "directive"
            if compared and not match_lines(step.expected, lines):
                mismatches.append(Mismatch(step.line, step.text, step.expected, tuple(lines)))
        size += len(step.text) + 1 + sum(len(line) + 1 for line in lines)
        if size > MAX_OUTPUT:
            raise ReplayError(
                f"line {step.line}: the replay printed more than {MAX_OUTPUT} characters "
                "(the model's limit)",
                "\n".join(out) + "\n",
            )
    with contextlib.suppress(DockerLinksError):  # else the session ends as it stood
        session = _end_interactive(session)
    return CheckResult("\n".join(out) + "\n" if out else "", tuple(mismatches), session)
