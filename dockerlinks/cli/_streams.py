"""The command's standard streams and input files, whatever state the caller left them in.

What lives here: what every subcommand does alike with its streams. A command started with
a standard stream closed (``>&-``, ``2>&-``, ``<&-``) has ``None`` there in Python; a reader
that goes away (``| head``) makes the next write raise :class:`BrokenPipeError`; a strict or
ASCII output encoding (``PYTHONIOENCODING``) cannot encode every text; a FIFO without a
writer blocks ``open`` for ever. Each of these ends in one error line or the quiet exit of
a Unix tool, never a traceback or a hang.

What it must not know: what a subcommand reads or prints.
"""

from __future__ import annotations

import os
import stat
import sys

TYPE_CHECKING = False  # typing is loaded for the type checker only: dockerlinks --version
if TYPE_CHECKING:  # reads this module, and typing would double its start-up
    from collections.abc import Callable
    from typing import BinaryIO, TextIO

__all__ = ["prepare", "read_input", "reader_gone", "write"]

#: The exit status of a command whose reader closed the pipe: 128 + SIGPIPE, as Unix tools
PIPE_CLOSED = 141


def prepare() -> str | None:
    """Make the standard streams usable; the error to report when the command cannot run.

    A closed standard error is replaced by the null device (an error then has nowhere to go,
    but it never lands in the output); a closed standard output is an error (the command's
    output would be lost). Text that the output encoding cannot hold is written with
    backslash escapes instead of failing.
    """
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 -- for the process
    if sys.stdout is None:
        return "dockerlinks: error: standard output is closed"
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    return None


def reader_gone() -> int:
    """The reader closed the pipe: stop quietly, as Unix tools do (exit 128 + SIGPIPE).

    Standard output is pointed at the null device so that the interpreter's own flush at
    exit does not fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return PIPE_CLOSED


def write(stream: TextIO, text: str) -> None:
    """Write ``text`` to ``stream`` as UTF-8 bytes, whatever the stream's own encoding.

    A buffered write of a large block may write part of it and say so (CPython returns the
    count when the pipe's reader goes away mid-write): the rest is written until all is out
    or the closed pipe raises :class:`BrokenPipeError`.
    """
    stream.flush()
    pending = memoryview(text.encode("utf-8", "backslashreplace"))
    while pending:
        written = stream.buffer.write(pending)
        pending = pending[written:]
    stream.buffer.flush()


def read_input(
    name: str, limit: int, refuse: Callable[[str], Exception], *, fifo: bool = True
) -> bytes:
    """The bytes of the input ``name`` (``-``: standard input), at most ``limit`` of them.

    ``refuse`` makes the library error to raise, from its message. A regular file is read,
    and a pipe or FIFO when ``fifo`` (opened without waiting for a writer: one that has none
    reads as empty); anything else, a closed standard input and more than ``limit`` bytes
    are refused.
    """
    if name == "-":
        if sys.stdin is None:
            raise refuse("cannot read -: standard input is closed")
        return _bounded(sys.stdin.buffer, name, limit, refuse)
    mode = os.stat(name).st_mode
    if stat.S_ISREG(mode):
        with open(name, "rb") as handle:
            return _bounded(handle, name, limit, refuse)
    if fifo and stat.S_ISFIFO(mode):
        descriptor = os.open(name, os.O_RDONLY | os.O_NONBLOCK)
        os.set_blocking(descriptor, True)  # now reads wait for the writer, if there is one
        with open(descriptor, "rb") as handle:
            return _bounded(handle, name, limit, refuse)
    raise refuse(f"cannot read {name}: not a regular file")


def _bounded(stream: BinaryIO, name: str, limit: int, refuse: Callable[[str], Exception]) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise refuse(f"cannot read {name}: larger than {limit} bytes")
    return data
