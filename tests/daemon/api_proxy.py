"""A logging Unix-socket proxy between a Docker client and the daemon's API socket.

Clients point ``DOCKER_HOST`` at ``unix://LISTEN``; every connection is relayed to the
daemon's socket byte for byte (nothing is re-encoded: request and response heads, bodies and
chunk framing go through exactly as read), and every HTTP exchange is logged::

    proxy = ApiProxy("/tmp/dlapi/proxy.sock", "/tmp/dlrec/api/docker.sock")
    with proxy:
        proxy.label = "docker ps"          # tags the exchanges that start from now on
        ...                                # run a client against proxy.host
        proxy.quiesce()                    # wait until every connection is closed or idle
    exchanges = proxy.exchanges()          # in the order their requests arrived

An exchange (a plain ``dict``, JSON-ready) holds ``seq`` (arrival order of the request heads,
across connections), ``connection`` (the client connection's number) and ``on_connection``
(the exchange's index on it), ``label``, ``request`` and ``response``: each with the start
line's parts, ``headers`` as ``[name, value]`` pairs in the order and spelling they were sent,
and the body (``body`` when it is UTF-8 text, else ``body_base64``; absent when empty). A
chunked message also keeps ``chunks``: each chunk's payload as it arrived, which shows where
the sender flushed (the daemon sends ``/wait``'s head at once and its body when the container
exits). Times (``t_ms``) count milliseconds from the proxy's start.

A response ``101`` (or a ``200`` whose Content-Type is a Docker raw/multiplexed stream, sent
when the request asked for no upgrade) hijacks the connection: from then on the proxy relays
raw bytes both ways and logs ``stream``: ``events`` in the order they were relayed, each
``{"from": "client"|"daemon", "t_ms", "data"|"data_base64"}`` or ``{"from", "t_ms", "eof":
true}`` (a half-close, passed on with ``shutdown(SHUT_WR)``). Where the daemon's bytes parse
completely as the multiplexed framing (8-byte headers: stream 0/1/2, three zero bytes, a
big-endian 32-bit length), ``frames`` holds them decoded; otherwise (a TTY's raw stream)
``frames`` is ``None``. Read boundaries (``events``) are the operating system's, not the
sender's; the framing is in the bytes. Response bodies of ``/logs`` get the same ``frames``.

Importing this module starts nothing.
"""

from __future__ import annotations

import base64
import contextlib
import copy
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

__all__ = ["ApiProxy", "decode_frames", "text_or_base64"]

_MAX_HEAD = 1 << 20
_STREAM_TYPES = (
    "application/vnd.docker.raw-stream",
    "application/vnd.docker.multiplexed-stream",
)


def text_or_base64(data: bytes, key: str) -> dict[str, str]:
    """``{key: text}`` for UTF-8 ``data``, else ``{key + "_base64": ...}``; ``{}`` if empty.

    >>> text_or_base64(b"hi", "body")
    {'body': 'hi'}
    >>> text_or_base64(b"\\x01\\x00", "body")
    {'body_base64': 'AQA='}
    """
    if not data:
        return {}
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return {f"{key}_base64": base64.b64encode(data).decode("ascii")}
    if any(ord(c) < 32 and c not in "\t\n\r" for c in text):
        return {f"{key}_base64": base64.b64encode(data).decode("ascii")}
    return {key: text}


def decode_frames(data: bytes) -> list[dict[str, Any]] | None:
    """The multiplexed stream ``data`` as frames, or ``None`` if it is not exactly that.

    >>> decode_frames(b"\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x03hi\\n")
    [{'stream': 1, 'size': 3, 'data': 'hi\\n'}]
    >>> decode_frames(b"hello") is None
    True
    """
    frames: list[dict[str, Any]] = []
    pos = 0
    while pos < len(data):
        header = data[pos : pos + 8]
        if len(header) < 8 or header[0] > 2 or header[1:4] != b"\x00\x00\x00":
            return None
        size = int.from_bytes(header[4:8], "big")
        payload = data[pos + 8 : pos + 8 + size]
        if len(payload) < size:
            return None
        frame: dict[str, Any] = {"stream": header[0], "size": size}
        frame.update(text_or_base64(payload, "data") or {"data": ""})
        frames.append(frame)
        pos += 8 + size
    return frames if frames else None


class _Eof(Exception):
    """The peer closed before a complete message."""


class _Reader:
    """Buffered reads from one socket."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.buf = bytearray()

    def _fill(self) -> bool:
        try:
            data = self.sock.recv(65536)
        except OSError:
            data = b""
        if not data:
            return False
        self.buf += data
        return True

    def read_until(self, delim: bytes, limit: int = _MAX_HEAD) -> bytes:
        start = 0
        while True:
            idx = self.buf.find(delim, start)
            if idx >= 0:
                end = idx + len(delim)
                out = bytes(self.buf[:end])
                del self.buf[:end]
                return out
            start = max(0, len(self.buf) - len(delim) + 1)
            if len(self.buf) > limit or not self._fill():
                raise _Eof

    def read_exact(self, size: int) -> bytes:
        while len(self.buf) < size:
            if not self._fill():
                raise _Eof
        out = bytes(self.buf[:size])
        del self.buf[:size]
        return out

    def read_some(self) -> bytes:
        if not self.buf and not self._fill():
            return b""
        out = bytes(self.buf)
        self.buf.clear()
        return out

    def at_eof(self) -> bool:
        """Whether the peer closed with nothing buffered (waits for data or EOF)."""
        return not self.buf and not self._fill()


def _peer_closed(sock: socket.socket) -> bool:
    """Whether the peer of ``sock`` has hung up (a peek that does not wait)."""
    try:
        return sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


def _parse_head(head: bytes) -> tuple[list[str], list[list[str]]]:
    text = head.decode("latin-1")
    lines = text.split("\r\n")
    start = lines[0].split(" ", 2)
    headers: list[list[str]] = []
    for line in lines[1:]:
        if not line:
            continue
        name, _, value = line.partition(":")
        headers.append([name, value.strip()])
    return start, headers


def _header(headers: list[list[str]], name: str) -> str | None:
    for key, value in headers:
        if key.lower() == name.lower():
            return value
    return None


class ApiProxy:
    """The proxy (see the module docs). ``listen`` and ``upstream`` are socket paths."""

    def __init__(self, listen: str | os.PathLike[str], upstream: str | os.PathLike[str]) -> None:
        self.listen = Path(listen)
        self.upstream = Path(upstream)
        self.label = ""
        self._lock = threading.Lock()
        self._exchanges: list[dict[str, Any]] = []
        self._connections: list[dict[str, Any]] = []
        self._seq = 0
        self._active = 0
        self._server: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._workers: list[threading.Thread] = []
        self._clients: dict[int, tuple[socket.socket, dict[str, Any]]] = {}
        self._t0 = time.monotonic()
        self._stopping = False

    @property
    def host(self) -> str:
        """``unix://…`` of the listening socket."""
        return f"unix://{self.listen}"

    def _now(self) -> float:
        return round((time.monotonic() - self._t0) * 1000, 1)

    # ------------------------------------------------------------------ life cycle
    def start(self) -> None:
        """Listen and accept connections in a background thread."""
        self.listen.parent.mkdir(parents=True, exist_ok=True)
        self.listen.unlink(missing_ok=True)
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        server.bind(str(self.listen))
        server.listen(64)
        self._server = server
        self._stopping = False
        self._thread = threading.Thread(target=self._accept_loop, daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop accepting, wait up to ``timeout`` for open connections, remove the socket."""
        self._stopping = True
        if self._server is not None:
            with contextlib.suppress(OSError):
                self._server.shutdown(socket.SHUT_RDWR)
            self._server.close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        deadline = time.monotonic() + timeout
        for worker in list(self._workers):
            worker.join(max(0.0, deadline - time.monotonic()))
        self.listen.unlink(missing_ok=True)

    def quiesce(self, timeout: float = 10.0) -> bool:
        """Wait until every client has hung up (True) or ``timeout`` passed (False).

        A connection whose client left while the daemon still owes a response (the 20.10
        CLI's ``/wait`` of ``docker run -d``) counts as quiet; its exchange completes when the
        daemon answers (see :meth:`drain`), and ``client_closed_ms`` on the connection says
        when the client was seen gone."""
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                clients = list(self._clients.values())
            pending = 0
            for sock, conn in clients:
                if _peer_closed(sock):
                    conn.setdefault("client_closed_ms", self._now())
                else:
                    pending += 1
            if pending == 0:
                return True
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)

    def drain(self, timeout: float = 10.0) -> bool:
        """Wait until no connection is open (True) or ``timeout`` passed (False)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if self._active == 0:
                    return True
            time.sleep(0.05)
        return False

    def __enter__(self) -> ApiProxy:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def exchanges(self) -> list[dict[str, Any]]:
        """Every exchange so far, by ``seq``."""
        with self._lock:
            copied = copy.deepcopy(self._exchanges)
        return sorted(copied, key=lambda e: int(e["seq"]))

    def connections(self) -> list[dict[str, Any]]:
        """Each client connection: number, label at accept, open/close times, exchanges."""
        with self._lock:
            return copy.deepcopy(self._connections)

    def clear(self) -> None:
        """Forget the exchanges and connections logged so far (numbering goes on)."""
        with self._lock:
            self._exchanges.clear()
            self._connections.clear()

    # ------------------------------------------------------------------ relaying
    def _accept_loop(self) -> None:
        server = self._server
        assert server is not None
        number = 0
        while not self._stopping:
            try:
                client, _ = server.accept()
            except OSError:
                return
            number += 1
            with self._lock:
                self._active += 1
            worker = threading.Thread(target=self._serve, args=(client, number), daemon=True)
            self._workers.append(worker)
            worker.start()

    def _serve(self, client: socket.socket, number: int) -> None:
        conn: dict[str, Any] = {
            "connection": number,
            "label": self.label,
            "opened_ms": self._now(),
            "exchanges": 0,
        }
        with self._lock:
            self._connections.append(conn)
            self._clients[number] = (client, conn)
        upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            upstream.connect(str(self.upstream))
            self._relay_http(client, upstream, number, conn)
        except OSError as exc:
            conn["error"] = f"{type(exc).__name__}: {exc}"
        finally:
            conn["closed_ms"] = self._now()
            for sock in (client, upstream):
                with contextlib.suppress(OSError):
                    sock.close()
            with self._lock:
                self._active -= 1
                self._clients.pop(number, None)

    def _relay_http(
        self,
        client: socket.socket,
        upstream: socket.socket,
        number: int,
        conn: dict[str, Any],
    ) -> None:
        creader, ureader = _Reader(client), _Reader(upstream)
        index = 0
        while True:
            try:
                head = creader.read_until(b"\r\n\r\n")
            except _Eof:
                leftover = bytes(creader.buf)
                if leftover:
                    conn["trailing_client_bytes"] = text_or_base64(leftover, "data")
                conn["closed_by"] = "client"
                return
            t_req = self._now()
            start, headers = _parse_head(head)
            with self._lock:
                self._seq += 1
                seq = self._seq
            exchange: dict[str, Any] = {
                "seq": seq,
                "connection": number,
                "on_connection": index,
                "label": self.label,
                "t_ms": t_req,
            }
            index += 1
            conn["exchanges"] = index
            request: dict[str, Any] = {
                "method": start[0],
                "target": start[1] if len(start) > 1 else "",
                "version": start[2] if len(start) > 2 else "",
                "headers": headers,
            }
            exchange["request"] = request
            with self._lock:
                self._exchanges.append(exchange)
            upstream.sendall(head)
            try:
                self._relay_body(creader, upstream, headers, request, response=False)
            except _Eof:
                request["incomplete"] = True
                conn["closed_by"] = "client"
                return
            request["end_ms"] = self._now()
            try:
                rhead = ureader.read_until(b"\r\n\r\n")
            except _Eof:
                exchange["response"] = None
                conn["closed_by"] = "daemon"
                return
            client.sendall(rhead)
            rstart, rheaders = _parse_head(rhead)
            status = int(rstart[1]) if len(rstart) > 1 and rstart[1].isdigit() else 0
            response: dict[str, Any] = {
                "version": rstart[0],
                "status": status,
                "reason": rstart[2] if len(rstart) > 2 else "",
                "headers": rheaders,
                "t_ms": self._now(),
            }
            exchange["response"] = response
            ctype = (_header(rheaders, "Content-Type") or "").split(";")[0].strip()
            if status == 101 or (status == 200 and ctype in _STREAM_TYPES):
                exchange["stream"] = self._relay_hijacked(client, upstream, creader, ureader)
                conn["closed_by"] = "hijack end"
                return
            no_body = request["method"] == "HEAD" or status in (204, 304) or status < 200
            raw = b""
            try:
                if not no_body:
                    raw = self._relay_body(ureader, client, rheaders, response, response=True)
            except _Eof:
                response["incomplete"] = True
                conn["closed_by"] = "daemon"
                return
            response["end_ms"] = self._now()
            if ctype in _STREAM_TYPES or "/logs" in request["target"]:
                response["frames"] = decode_frames(raw) if raw else None
            if (_header(rheaders, "Connection") or "").lower() == "close":
                conn["closed_by"] = "daemon (Connection: close)"
                return

    def _relay_body(
        self,
        reader: _Reader,
        dest: socket.socket,
        headers: list[list[str]],
        message: dict[str, Any],
        *,
        response: bool,
    ) -> bytes:
        """Relay one message body; store it (and its chunks) in ``message``; return it.

        If the receiver has gone, the rest of the body is still read and logged
        (``receiver_gone_ms`` says since when)."""
        gone = False

        def send(data: bytes) -> None:
            nonlocal gone
            if gone:
                return
            try:
                dest.sendall(data)
            except OSError:
                gone = True
                message["receiver_gone_ms"] = self._now()

        length = _header(headers, "Content-Length")
        encoding = (_header(headers, "Transfer-Encoding") or "").lower()
        body = bytearray()
        if "chunked" in encoding:
            chunks: list[dict[str, Any]] = []
            message["chunks"] = chunks
            while True:
                line = reader.read_until(b"\r\n")
                send(line)
                size = int(line.split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while True:
                        trailer = reader.read_until(b"\r\n")
                        send(trailer)
                        if trailer == b"\r\n":
                            break
                    break
                data = reader.read_exact(size)
                body += data
                chunk: dict[str, Any] = {"t_ms": self._now(), "size": size}
                chunk.update(text_or_base64(data, "data"))
                chunks.append(chunk)
                send(data)
                send(reader.read_exact(2))
        elif length is not None:
            remaining = int(length)
            while remaining > 0:
                data = reader.read_exact(min(remaining, 65536))
                send(data)
                body += data
                remaining -= len(data)
        elif response:
            while True:
                data = reader.read_some()
                if not data:
                    break
                send(data)
                body += data
            message["until_close"] = True
        message.update(text_or_base64(bytes(body), "body"))
        return bytes(body)

    def _relay_hijacked(
        self,
        client: socket.socket,
        upstream: socket.socket,
        creader: _Reader,
        ureader: _Reader,
    ) -> dict[str, Any]:
        events: list[dict[str, Any]] = []
        from_daemon = bytearray()
        lock = threading.Lock()

        def log(side: str, data: bytes) -> None:
            event: dict[str, Any] = {"from": side, "t_ms": self._now()}
            if data:
                event.update(text_or_base64(data, "data"))
            else:
                event["eof"] = True
            with lock:
                events.append(event)
                if side == "daemon":
                    from_daemon.extend(data)

        def pump(side: str, reader: _Reader, dest: socket.socket) -> None:
            while True:
                data = reader.read_some()
                log(side, data)
                if not data:
                    with contextlib.suppress(OSError):
                        dest.shutdown(socket.SHUT_WR)
                    return
                try:
                    dest.sendall(data)
                except OSError:
                    return

        threads = [
            threading.Thread(target=pump, args=("client", creader, upstream), daemon=True),
            threading.Thread(target=pump, args=("daemon", ureader, client), daemon=True),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return {"events": events, "frames": decode_frames(bytes(from_daemon))}


def iter_labels(exchanges: list[dict[str, Any]]) -> Iterator[str]:
    """The distinct labels of ``exchanges`` in order of first appearance."""
    seen: set[str] = set()
    for exchange in exchanges:
        label = str(exchange.get("label", ""))
        if label not in seen:
            seen.add(label)
            yield label
