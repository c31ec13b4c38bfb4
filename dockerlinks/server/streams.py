"""What flows on the daemon's streams: multiplexed frames, log lines, a terminal's echo.

What lives here: :func:`frame` (moby ``pkg/stdcopy``: an 8-byte header per write when the
container has no TTY), :func:`program_chunks` (a program's output as the attach stream
carries it), :func:`log_lines` (``GET /containers/{id}/logs``: one message per line, as the
``json-file`` driver stores them, ``tail`` and ``timestamps`` applied), :func:`tty_output`
(a terminal's ``onlcr``: ``\\n`` -> ``\\r\\n``), :class:`LineEditor` (a terminal's echo and
line editing for a shell typed into over a TTY) and :func:`prompt` / :func:`banner` (what
the image's shell prints at its prompt).

Frame header (moby ``pkg/stdcopy`` ``StdWriter``)::

    byte 0     stream: 0 stdin, 1 stdout, 2 stderr
    bytes 1-3  0
    bytes 4-7  payload length, big-endian

A program's two streams: the model has each program's standard output and standard error
apart, not their interleaving. Which comes first on a stream is a race in Docker (two pipes,
copied apart): the recorded daemon delivered standard error first in ``cli-20.10@60``,
``@77`` and ``docker-py@26`` (``tests/data/daemon/20.10/api``) and standard output first in
``cli-28.2@77``; the server sends standard error first, as most of them show.

Line editing over a TTY (the kernel's ``icanon`` and ``echo``, as the shell sees them)::

    input            effect                                  echoed
    ---------------  --------------------------------------  --------------------------
    CR or LF         the line is complete                    CR LF
    DEL or BS        the last character is erased            BS SP BS (when there is one)
    ^C (0x03)        the line is dropped                     ^C CR LF
    ^D (0x04)        end of input on an empty line           -
    ^U (0x15)        the line is dropped                     BS SP BS per character
    ESC [ ... final  a cursor key: ignored                   -
    other printable  appended                                itself

Prompts: bash as root (``root@HOSTNAME:DIR# ``) for the GNU userland (the walkthrough's
Ubuntu images), busybox ash (``DIR # `` after its banner) for the busybox one (the recorded
images). busybox's cursor-position query (``ESC [6n``) and its redraw when nothing answers
are not modelled.

What this module must not know: sockets, HTTP, the engine's state.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

import attrs

from dockerlinks.engine.container import LogEntry

__all__ = [
    "STREAM_IDS",
    "LineEditor",
    "banner",
    "frame",
    "log_lines",
    "program_chunks",
    "prompt",
    "timestamp",
    "tty_output",
]

STREAM_IDS = {"stdin": 0, "stdout": 1, "stderr": 2}

#: The largest payload one frame carries (moby's ``StdWriter`` writes what it is given;
#: a long output is cut so that no frame is larger than this).
MAX_FRAME = 1 << 20


def frame(stream: str, data: bytes) -> bytes:
    """One multiplexed frame (the module's header table).

    >>> frame("stdout", b"out\\n")
    b'\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x04out\\n'
    """
    return bytes((STREAM_IDS[stream], 0, 0, 0)) + len(data).to_bytes(4, "big") + data


def tty_output(text: str) -> str:
    """Output as a terminal delivers it (``onlcr``).

    >>> tty_output("a\\nb\\r\\n")
    'a\\r\\nb\\r\\n'
    """
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def _encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


def program_chunks(
    stdout: str, stderr: str, *, tty: bool, streams: Iterable[str] = ("stdout", "stderr")
) -> list[bytes]:
    """A program's output as a stream to a client carries it: with a TTY one raw stream
    (standard error first, then standard output, ``\\n`` as ``\\r\\n``); without, a frame
    per stream (standard error first); only the ``streams`` the client attached.

    >>> [chunk[8:] for chunk in program_chunks("out\\n", "err\\n", tty=False)]
    [b'err\\n', b'out\\n']
    >>> program_chunks("out\\n", "", tty=True)
    [b'out\\r\\n']
    """
    wanted = set(streams)
    parts = [(name, text) for name, text in (("stderr", stderr), ("stdout", stdout)) if text]
    parts = [(name, text) for name, text in parts if name in wanted]
    if tty:
        joined = "".join(text for _, text in parts)
        return [_encode(tty_output(joined))] if joined else []
    out = []
    for name, text in parts:
        data = _encode(text)
        for start in range(0, len(data), MAX_FRAME):
            out.append(frame(name, data[start : start + MAX_FRAME]))
    return out


def timestamp(seconds: int) -> str:
    """A log line's time (moby ``jsonmessage.RFC3339NanoFixed``: always nine digits).

    >>> timestamp(1767225605)
    '2026-01-01T00:00:05.000000000Z'
    """
    moment = datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000000000Z")


def log_lines(
    entries: Sequence[LogEntry],
    *,
    stdout: bool,
    stderr: bool,
    tail: int,
    tty: bool,
    time: str | None = None,
) -> list[bytes]:
    """The answer of ``GET /containers/{id}/logs``: one message per line (the ``json-file``
    driver stores a line each; a last line without its newline stays as written); the last
    ``tail`` lines of the log (``-1``: all), then only the streams asked for; ``time`` put
    in front of every line (``timestamps=1``); framed unless the container has a TTY.

    >>> entries = (LogEntry("stdout", "a\\nb\\n"), LogEntry("stderr", "c\\n"))
    >>> log_lines(entries, stdout=True, stderr=False, tail=2, tty=True)
    [b'b\\n']
    """
    lines: list[tuple[str, str]] = []
    for entry in entries:
        for line in entry.text.splitlines(keepends=True):
            lines.append((entry.stream, line))
    if tail >= 0:
        lines = lines[len(lines) - tail :] if tail else []
    wanted = {"stdout"} if stdout else set()
    if stderr:
        wanted.add("stderr")
    out = []
    for stream, line in lines:
        if stream not in wanted:
            continue
        text = f"{time} {line}" if time is not None else line
        out.append(_encode(text) if tty else frame(stream, _encode(text)))
    return out


def prompt(userland: str, hostname: str, workdir: str) -> str:
    """The shell's prompt (the module docstring).

    >>> prompt("gnu", "aed84ee21bde", "/opt/webapp"), prompt("busybox", "x", "/opt/webapp")
    ('root@aed84ee21bde:/opt/webapp# ', '/opt/webapp # ')
    """
    if userland == "busybox":
        return f"{workdir} # "
    return f"root@{hostname}:{workdir}# "


#: What busybox 1.35's ash prints when it starts on a terminal (the recorded images':
#: ``tests/data/daemon/20.10/api/cli-20.10.json`` @65).
BUSYBOX_BANNER = (
    "\r\n\r\nBusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) built-in shell (ash)\r\n"
    "Enter 'help' for a list of built-in commands.\r\n\r\n"
)


def banner(userland: str) -> str:
    """What the shell prints before its first prompt (bash: nothing)."""
    return BUSYBOX_BANNER if userland == "busybox" else ""


@attrs.frozen
class Edited:
    """What one piece of typed input did: the echo, the completed lines, whether input
    ended (^D on an empty line) and whether a line was dropped (^C: a fresh prompt)."""

    echo: str = ""
    lines: tuple[str, ...] = ()
    eof: bool = False
    interrupted: int = 0


@attrs.frozen
class LineEditor:
    """A terminal's line discipline (the module's table), as a value: :meth:`feed`
    returns the editor after the input and what it did.

    >>> editor, done = LineEditor().feed("echo hx\\x7fi\\r")
    >>> done.lines, done.echo
    (('echo hi',), 'echo hx\\x08 \\x08i\\r\\n')
    """

    pending: str = ""
    escape: int = 0  # 0: none; 1: after ESC; 2: inside ESC [ ...
    limit: int = 65536

    def feed(self, text: str) -> tuple[LineEditor, Edited]:
        pending, escape = self.pending, self.escape
        echo: list[str] = []
        lines: list[str] = []
        interrupted = 0
        for char in text:
            if escape == 1:
                escape = 2 if char in "[O" else 0
                continue
            if escape == 2:
                if "\x40" <= char <= "\x7e":
                    escape = 0
                continue
            if char in "\r\n":
                echo.append("\r\n")
                lines.append(pending)
                pending = ""
            elif char in "\x7f\x08":
                if pending:
                    pending = pending[:-1]
                    echo.append("\b \b")
            elif char == "\x03":
                echo.append("^C\r\n")
                pending = ""
                interrupted += 1
            elif char == "\x04":
                if not pending:
                    editor = LineEditor("", 0, self.limit)
                    return editor, Edited("".join(echo), tuple(lines), True, interrupted)
            elif char == "\x15":
                echo.append("\b \b" * len(pending))
                pending = ""
            elif char == "\x1b":
                escape = 1
            elif (char.isprintable() or char == "\t") and len(pending) < self.limit:
                pending += char
                echo.append(char)
        return LineEditor(pending, escape, self.limit), Edited(
            "".join(echo), tuple(lines), False, interrupted
        )
