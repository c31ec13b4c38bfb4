"""The connections a request takes over: attach and exec streams, and streamed answers.

What lives here: :class:`Channel` (what a stream needs of its connection; the socket layer
implements it), :func:`upgrade_head` (the ``101 UPGRADED`` moby writes before a hijacked
stream), :func:`attach_stream` (``POST /containers/{id}/attach``: the container's output to
the client, its standard input to the container, a shell typed into over a TTY),
:func:`exec_stream` (``POST /exec/{id}/start``), and :func:`stream_chunks` (a chunked answer
written piece by piece: ``wait``, ``logs``).

How a hijacked connection ends: the daemon closes its side when the stream is over (the
container's process ended, the exec's program ended); the client's half-close (``shutdown``
of its writing side, which the CLI does at once when it sends no input) only ends standard
input. A client that hangs up entirely ends the stream at once: nothing waits on it.

What this module must not know: the socket API (a :class:`Channel` is all it gets), JSON,
routes.
"""

from __future__ import annotations

import queue
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

from dockerlinks.server.daemon import MAX_STDIN, SHELLS, Attachment, Daemon, ExecRecord, Shell
from dockerlinks.server.streams import banner, program_chunks, tty_output
from dockerlinks.server.wire import LAST_CHUNK, chunk

__all__ = ["Channel", "attach_stream", "exec_stream", "stream_chunks", "upgrade_head"]

#: How long a stream sleeps between checks that its client is still there (seconds).
POLL = 0.25

#: How long a stream waits after its head before the first bytes of the stream (seconds).
#: docker-py reads the head through a buffered reader, then the raw socket: bytes that came
#: with the head stay in that buffer and are lost to it. A daemon's process takes time to
#: write anything, so its output never comes with the head; the model's would.
SETTLE = 0.03


class Channel(Protocol):
    """A client connection, as a stream uses it."""

    def send(self, data: bytes) -> bool:
        """Write all of ``data``; ``False`` when the client is gone."""

    def wait(self, timeout: float, *, read: bool) -> bytes | None:
        """Wait for input (when ``read``) or a :meth:`wake`: the bytes read, ``b""`` when
        the client closed its writing side, ``None`` on a timeout or a wake."""

    def wake(self) -> None:
        """Interrupt a :meth:`wait` (from another thread)."""

    def hung_up(self) -> bool:
        """Whether the client has gone entirely."""

    def close_write(self) -> None:
        """End the stream towards the client (its reading sees the end)."""

    def leftover(self) -> bytes:
        """Bytes the client sent past the request, read with it (taken once)."""

    def hijack(self) -> None:
        """The stream takes the connection over: from now on the client's half-close ends
        only its input (a plain request's client that closes its side has gone)."""


def upgrade_head(headers: Sequence[tuple[str, str]] = (), *, upgrade: bool = True) -> bytes:
    """What moby writes when it takes a connection over (``httputils`` hijack): ``101
    UPGRADED`` and the raw-stream headers, then the daemon's own (exec start) or none
    (attach); ``200 OK`` when the client did not ask for an upgrade.

    >>> upgrade_head().split(b"\\r\\n")[:2]
    [b'HTTP/1.1 101 UPGRADED', b'Content-Type: application/vnd.docker.raw-stream']
    """
    if upgrade:
        lines = [
            "HTTP/1.1 101 UPGRADED",
            "Content-Type: application/vnd.docker.raw-stream",
            "Connection: Upgrade",
            "Upgrade: tcp",
        ]
    else:
        lines = ["HTTP/1.1 200 OK", "Content-Type: application/vnd.docker.raw-stream"]
    lines.extend(f"{name}: {value}" for name, value in headers)
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def stream_chunks(channel: Channel, head: bytes, pieces: Iterable[bytes]) -> bool:
    """Write a chunked answer: ``head``, each piece as a chunk, the last chunk. ``False``
    when the client went away part way (the rest is not produced)."""
    if not channel.send(head):
        return False
    for piece in pieces:
        if piece and not channel.send(chunk(piece)):
            return False
    return channel.send(LAST_CHUNK)


def _drain(channel: Channel, attachment: Attachment) -> bool | None:
    """Send what the daemon queued; ``True`` at the end of the stream, ``None`` when the
    client is gone, ``False`` otherwise."""
    while True:
        try:
            item = attachment.outbox.get_nowait()
        except queue.Empty:
            return False
        if item is None:
            return True
        if not channel.send(item):
            return None


def _typed_into(
    daemon: Daemon, shell: Shell, text: str, send: Callable[[bytes], bool]
) -> int | None:
    """Feed typed ``text`` to a shell's line editor and run the lines it completes; the
    shell's exit status once it ends, else ``None``."""
    shell.editor, done = shell.editor.feed(text)
    if done.echo:
        send(done.echo.encode("utf-8", "surrogateescape"))
    for _ in range(done.interrupted):
        send(shell.prompt.encode())
    for line in done.lines:
        output, code = daemon.shell_line(shell, line)
        if output:
            send(tty_output(output).encode("utf-8", "surrogateescape"))
        if code is not None:
            return code
        send(shell.prompt.encode())
    if done.eof:
        send(b"exit\r\n" if shell.userland != "busybox" else b"\r\n")
        daemon.shell_line(shell, "exit")
        return 0
    return None


def attach_stream(daemon: Daemon, channel: Channel, attachment: Attachment, head: bytes) -> None:
    """Drive one attach stream until the container's process ends or the client goes."""
    channel.hijack()
    try:
        if not channel.send(head):
            return
        time.sleep(SETTLE)
        reading = True
        pending = channel.leftover()
        shell_done = False
        while True:
            ended = _drain(channel, attachment)
            if ended is None:
                return
            if ended:
                channel.close_write()
                return
            shell = attachment.shell
            if pending and (shell is not None or not attachment.tty):
                data, pending = pending, b""
            else:
                waited = channel.wait(POLL, read=reading)
                if waited is None:
                    if channel.hung_up():
                        return
                    continue
                data = waited
            if data == b"":
                reading = False
                attachment.stdin_done.set()
                continue
            if not attachment.stdin:
                continue
            if attachment.tty:
                if shell is None:
                    if len(pending) < MAX_STDIN:
                        pending += data
                    continue
                if not shell_done:
                    text = data.decode("utf-8", "surrogateescape")
                    if _typed_into(daemon, shell, text, channel.send) is not None:
                        shell_done = True  # the container's exit ends the stream
                continue
            if not attachment.typed(data):
                reading = False
                attachment.stdin_done.set()
    finally:
        daemon.detach(attachment)


def _read_all_input(channel: Channel) -> str | None:
    """Standard input to its end (``None``: the client hung up first)."""
    parts = [channel.leftover()]
    size = len(parts[0])
    while True:
        data = channel.wait(POLL, read=True)
        if data is None:
            if channel.hung_up():
                return None
            continue
        if data == b"":
            break
        size += len(data)
        if size > MAX_STDIN:
            break
        parts.append(data)
    return b"".join(parts).decode("utf-8", "surrogateescape")


def exec_stream(daemon: Daemon, channel: Channel, record: ExecRecord, head: bytes) -> None:
    """Drive one exec stream: the program's output (after its input, when attached), or a
    shell typed into over a TTY."""
    config = record.config
    channel.hijack()
    if not channel.send(head):
        daemon.exec_end(record, 137)
        return
    time.sleep(SETTLE)
    streams = tuple(s for s, on in (("stdout", config.stdout), ("stderr", config.stderr)) if on)
    if config.tty and config.stdin and config.cmd[0] in SHELLS:
        shell = daemon.exec_shell(record)
        channel.send((banner(shell.userland) + shell.prompt).encode())
        code: int | None = None
        pending = channel.leftover()
        while code is None:
            data, pending = (pending, b"") if pending else (channel.wait(POLL, read=True), b"")
            if data is None:
                if channel.hung_up():
                    code = 137
                continue
            if data == b"":
                code = 0
                break
            code = _typed_into(daemon, shell, data.decode("utf-8", "surrogateescape"), channel.send)
        daemon.exec_end(record, code)
        channel.close_write()
        return
    stdin = _read_all_input(channel) if config.stdin else None
    if config.stdin and stdin is None:
        daemon.exec_end(record, 137)
        return
    result = daemon.exec_run(record, stdin)
    for data in program_chunks(result.stdout, result.stderr, tty=config.tty, streams=streams):
        if not channel.send(data):
            return
    channel.close_write()
