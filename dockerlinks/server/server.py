"""The listening server: a Unix socket or a loopback TCP port, a thread per connection.

What lives here: :class:`DockerServer` (start it in a thread of the caller's process, or
:meth:`~DockerServer.serve_forever` in the foreground; stop it; read the engine it serves),
:class:`Connection` (one client connection: the :class:`~dockerlinks.server.hijack.Channel`
the streams drive) and :func:`listen_address` (``--tcp`` text, loopback checked).

Rules of the listening side:

* A Unix socket is created mode 0600, in a private directory first and then moved into
  place, so it is never reachable by others; an existing path is replaced only when it is a
  socket nobody listens on (a stale one), else refused.
* TCP listens on loopback only (``127.0.0.0/8``, ``::1``, ``localhost``) unless
  ``allow_remote``: the Engine API has no authentication.
* Each connection has a thread (``socketserver.ThreadingMixIn``); at most ``max_connections``
  at once, past that a connection is answered ``503`` and closed. A connection idle between
  requests for ``idle_timeout`` seconds is closed, as is one whose request is not complete
  within ``request_timeout`` seconds of its first byte.
* A request that cannot be read is answered with its 4xx/5xx and the connection closes; a
  handler that fails unexpectedly is a ``500`` with ``{"message": ...}``; the server itself
  never stops on a client's input.

What this module must not know: what any route does (:mod:`.handlers`), how the engine
decides.
"""

from __future__ import annotations

import contextlib
import email.utils
import errno
import hashlib
import ipaddress
import os
import select
import socket
import socketserver
import stat
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from typing import Any, Literal

from dockerlinks.engine.images import Image
from dockerlinks.engine.state import Engine
from dockerlinks.errors import DockerLinksError
from dockerlinks.profiles import ProfileLike
from dockerlinks.server.daemon import Daemon
from dockerlinks.server.documents import HostFacts, Identity, error_body, identity
from dockerlinks.server.handlers import Handled, daemon_headers, dispatch
from dockerlinks.server.setup import served_engine
from dockerlinks.server.wire import Limits, Reader, Refusal, Response, encode_response, read_request

__all__ = ["Connection", "DockerServer", "listen_address"]

_POLL_GONE = (
    getattr(select, "POLLHUP", 0x10)
    | getattr(select, "POLLERR", 0x8)
    | getattr(select, "POLLNVAL", 0x20)
)
_POLL_RDHUP = getattr(select, "POLLRDHUP", 0x2000)


class Connection:
    """One client connection (implements :class:`~dockerlinks.server.hijack.Channel`)."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.reader = Reader(self._recv)
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._wake_w.setblocking(False)
        self.hijacked = False
        self._read_closed = False

    def _recv(self, size: int) -> bytes:
        return self.sock.recv(size)

    def send(self, data: bytes) -> bool:
        try:
            self.sock.sendall(data)
        except OSError:
            return False
        return True

    def wait(self, timeout: float, *, read: bool) -> bytes | None:
        watched: list[Any] = [self._wake_r]
        if read and not self._read_closed:
            watched.append(self.sock)
        try:
            ready, _, _ = select.select(watched, [], [], timeout)
        except (OSError, ValueError):
            return b"" if read else None
        if self._wake_r in ready:
            with contextlib.suppress(OSError):
                while self._wake_r.recv(4096):
                    pass
        if self.sock in ready:
            try:
                data = self.sock.recv(65536)
            except OSError:
                data = b""
            if not data:
                self._read_closed = True
            return data
        return None

    def wake(self) -> None:
        with contextlib.suppress(OSError):
            self._wake_w.send(b"\0")

    def hung_up(self) -> bool:
        try:
            poller = select.poll()
            poller.register(self.sock, select.POLLIN | _POLL_RDHUP | _POLL_GONE)
            events = poller.poll(0)
        except (OSError, ValueError):
            return True
        for _, mask in events:
            if mask & _POLL_GONE:
                return True
            if mask & _POLL_RDHUP and not self.hijacked:
                return True  # a plain HTTP client that ends its side is gone
            if mask & select.POLLIN and not self.hijacked:
                try:
                    if self.sock.recv(1, socket.MSG_PEEK) == b"":
                        return True
                except OSError:
                    return True
        return False

    def close_write(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_WR)

    def leftover(self) -> bytes:
        return self.reader.take()

    def hijack(self) -> None:
        self.hijacked = True

    def close(self) -> None:
        for sock in (self._wake_r, self._wake_w):
            with contextlib.suppress(OSError):
                sock.close()


def _http_date(now: float) -> str:
    return email.utils.formatdate(now, usegmt=True)


def listen_address(text: str, *, allow_remote: bool = False) -> tuple[str, int]:
    """``HOST:PORT`` (``[V6]:PORT``, ``:PORT`` for 127.0.0.1) as a TCP address to listen on;
    refused: a host that is not loopback unless ``allow_remote``.

    >>> listen_address("127.0.0.1:2375"), listen_address(":0"), listen_address("[::1]:80")
    (('127.0.0.1', 2375), ('127.0.0.1', 0), ('::1', 80))
    >>> listen_address("0.0.0.0:2375")
    Traceback (most recent call last):
    ...
    dockerlinks.errors.DockerLinksError: refusing to listen on 0.0.0.0:2375: not a loopback ...
    """
    if not isinstance(text, str):
        raise DockerLinksError(f"expected HOST:PORT, not {type(text).__name__}")
    host, colon, port = text.strip().rpartition(":")
    if not colon or not port.isdigit() or int(port) > 65535:
        raise DockerLinksError(f"invalid TCP address: {text!r} (expected HOST:PORT)")
    host = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    host = host or "127.0.0.1"
    if host != "localhost":
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            raise DockerLinksError(f"invalid TCP address: {text!r} (a numeric host)") from None
        if not address.is_loopback and not allow_remote:
            raise DockerLinksError(
                f"refusing to listen on {text}: not a loopback address (the Engine API has no "
                "authentication; --allow-remote to listen anyway)"
            )
    return host, int(port)


def _daemon_id(seed: int) -> str:
    """A daemon ID in Docker's form (12 groups of 4 base-32 characters), from the seed."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    digest = hashlib.sha256(f"daemon/{seed}".encode()).digest()
    number = int.from_bytes(digest, "big")
    chars = []
    for _ in range(48):
        number, index = divmod(number, 32)
        chars.append(alphabet[index])
    return ":".join("".join(chars[i : i + 4]) for i in range(0, 48, 4))


def _host_facts(seed: int) -> HostFacts:
    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        memory = 0
    return HostFacts(
        kernel=os.uname().release,
        hostname=socket.gethostname(),
        cpus=os.cpu_count() or 1,
        memory=memory,
        daemon_id=_daemon_id(seed),
    )


# The listen backlog: the kernel's largest, as Go's net.Listen asks (socketserver's 5 makes
# the sixth client connecting at once fail with EAGAIN on a Unix socket).
_BACKLOG = socket.SOMAXCONN


class _ThreadingUnixServer(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = _BACKLOG


class _ThreadingTCPServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    request_queue_size = _BACKLOG


class _ThreadingTCP6Server(_ThreadingTCPServer):
    address_family = socket.AF_INET6


class DockerServer:
    """The engine model behind the Docker Engine API.

    ``engine``: the engine to serve (default: a fresh one of ``profile``, ``seed``,
    ``images`` and ``port_range``, the kernel's range when ``None``). Exactly one of
    ``socket_path`` (a Unix socket) and ``tcp`` (``HOST:PORT``; port 0 picks a free one)
    says where to listen; neither: a Unix socket in a new private directory. ``clock``:
    ``"wall"`` (times are the machine's) or ``"engine"`` (the engine's ticks: the same
    answers on every run). ``log``: called with one line per request.

    >>> with DockerServer(profile="20.10", port_range=(32768, 60999)) as server:
    ...     server.docker_host.startswith("unix://"), server.engine.profile.name
    (True, '20.10')
    """

    def __init__(
        self,
        engine: Engine | None = None,
        *,
        socket_path: str | None = None,
        tcp: str | None = None,
        allow_remote: bool = False,
        profile: ProfileLike = None,
        seed: int = 0,
        images: Iterable[Image] = (),
        port_range: tuple[int, int] | None = None,
        clock: Literal["wall", "engine"] = "wall",
        limits: Limits | None = None,
        max_connections: int = 1024,
        idle_timeout: float = 300.0,
        request_timeout: float = 60.0,
        log: Callable[[str], None] | None = None,
    ) -> None:
        if socket_path is not None and tcp is not None:
            raise DockerLinksError("listen on a Unix socket or a TCP port, not both")
        if clock not in ("wall", "engine"):
            raise DockerLinksError(f"clock must be 'wall' or 'engine', not {clock!r:.40}")
        if engine is None:
            engine = served_engine(profile=profile, seed=seed, images=images, port_range=port_range)
        elif not isinstance(engine, Engine):
            raise DockerLinksError(f"a DockerServer serves an Engine, not {type(engine).__name__}")
        self._tcp = listen_address(tcp, allow_remote=allow_remote) if tcp is not None else None
        self._socket_path = socket_path
        self._own_dir: str | None = None
        self.daemon = Daemon(engine, wall_clock=time.time if clock == "wall" else None)
        self.identity: Identity = identity(engine.profile)
        self.facts = _host_facts(engine.seed)
        self.limits = limits or Limits()
        self.max_connections = max_connections
        self.idle_timeout = idle_timeout
        self.request_timeout = request_timeout
        self.log = log
        self._server: socketserver.BaseServer | None = None
        self._thread: threading.Thread | None = None
        self._active = 0
        self._active_lock = threading.Lock()
        self._address = ""

    # ------------------------------------------------------------------ what it serves

    @property
    def engine(self) -> Engine:
        """The engine as it is now (a value)."""
        return self.daemon.engine

    def inspect(self, ref: str) -> dict[str, Any]:
        """The document ``docker inspect REF`` prints for a container, as served now."""
        return self.engine.inspect(ref)

    @property
    def docker_host(self) -> str:
        """The ``DOCKER_HOST`` value clients use (``unix://…`` or ``tcp://…``)."""
        if not self._address:
            raise DockerLinksError("the server is not started")
        return self._address

    @property
    def base_url(self) -> str:
        """The ``base_url`` for ``docker.DockerClient`` (the same as :attr:`docker_host`)."""
        return self.docker_host

    # ------------------------------------------------------------------ listening

    def _bind_unix(self) -> socketserver.BaseServer:
        path = self._socket_path
        if path is None:
            self._own_dir = tempfile.mkdtemp(prefix="dockerlinks-")
            path = os.path.join(self._own_dir, "docker.sock")
        try:
            return self._bind_unix_at(os.path.abspath(path))
        except BaseException:
            if self._own_dir is not None:  # nothing is left behind by a start that failed
                with contextlib.suppress(OSError):
                    os.rmdir(self._own_dir)
                self._own_dir = None
            raise

    def _bind_unix_at(self, path: str) -> socketserver.BaseServer:
        try:
            size = len(os.fsencode(path))
        except UnicodeEncodeError:  # a lone surrogate that stands for no byte of a name
            raise DockerLinksError(
                f"cannot listen on {path.encode('utf-8', 'backslashreplace').decode()}: "
                "not a file name"
            ) from None
        if size > 107:
            raise DockerLinksError(f"socket path too long for a Unix socket: {path}")
        _clear_stale(path)
        staging = tempfile.mkdtemp(prefix=".dockerlinks-", dir=os.path.dirname(path))
        try:
            staged = os.path.join(staging, "s")
            server = _ThreadingUnixServer(staged, _Handler, bind_and_activate=False)
            try:
                server.server_bind()
                os.chmod(staged, 0o600)
                server.server_activate()
                os.rename(staged, path)
            except BaseException:
                server.server_close()
                raise
        finally:
            with contextlib.suppress(OSError):
                if os.path.exists(os.path.join(staging, "s")):
                    os.unlink(os.path.join(staging, "s"))
                os.rmdir(staging)
        server.socket_path = path  # type: ignore[attr-defined]
        self._address = "unix://" + path
        return server

    def _bind_tcp(self) -> socketserver.BaseServer:
        assert self._tcp is not None
        host, port = self._tcp
        kind = _ThreadingTCP6Server if ":" in host else _ThreadingTCPServer
        server = kind((host, port), _Handler)
        bound_host, bound_port = server.server_address[:2]
        text = bound_host.decode() if isinstance(bound_host, bytes) else str(bound_host)
        shown = f"[{text}]" if ":" in text else text
        self._address = f"tcp://{shown}:{bound_port}"
        return server

    def start(self) -> DockerServer:
        """Start listening and serving in a background thread; returns the server."""
        if self._server is not None:
            raise DockerLinksError("the server is already started")
        server = self._bind_tcp() if self._tcp is not None else self._bind_unix()
        server.app = self  # type: ignore[attr-defined]
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.2},
            daemon=True,
            name="dockerlinks-server",
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Listen and serve in this thread until :meth:`stop` (or KeyboardInterrupt)."""
        if self._server is None:
            server = self._bind_tcp() if self._tcp is not None else self._bind_unix()
            server.app = self  # type: ignore[attr-defined]
            self._server = server
        try:
            self._server.serve_forever(poll_interval=0.2)
        finally:
            self._close()

    def stop(self) -> None:
        """Stop serving: every stream and wait ends, the socket is removed."""
        server = self._server
        if server is None:
            return
        self.daemon.shut_down()
        server.shutdown()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._close()

    def _close(self) -> None:
        server = self._server
        if server is None:
            return
        self._server = None
        server.server_close()
        path = getattr(server, "socket_path", None)
        if path:
            with contextlib.suppress(OSError):
                os.unlink(path)
        if self._own_dir is not None:
            with contextlib.suppress(OSError):
                os.rmdir(self._own_dir)
            self._own_dir = None

    def __enter__(self) -> DockerServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------------ one connection

    def _admit(self) -> bool:
        with self._active_lock:
            if self._active >= self.max_connections:
                return False
            self._active += 1
            return True

    def _leave(self) -> None:
        with self._active_lock:
            self._active -= 1

    def _refuse(self, connection: Connection, status: int, message: str) -> None:
        response = Response(
            status,
            (*daemon_headers(self.identity), ("Content-Type", "application/json")),
            error_body(message),
        )
        connection.send(encode_response(response, date=_http_date(self.daemon.now())))

    def serve_connection(self, sock: socket.socket) -> None:
        """Answer the requests of one connection until it closes."""
        if not self._admit():
            connection = Connection(sock)
            try:
                sock.settimeout(1.0)
                read_request(connection.reader, self.limits)  # the request, then the answer
            except (OSError, ValueError):
                pass
            self._refuse(connection, 503, "too many connections")
            connection.close()
            return
        connection = Connection(sock)
        try:
            self._requests(connection)
        finally:
            connection.close()
            self._leave()

    def _requests(self, connection: Connection) -> None:
        sock = connection.sock
        while not self.daemon.stopping:
            try:
                sock.settimeout(self.idle_timeout)
                if not connection.reader.buffered():
                    ready, _, _ = select.select([sock], [], [], self.idle_timeout)
                    if not ready:
                        return
                sock.settimeout(self.request_timeout)
                request = read_request(connection.reader, self.limits)
            except (OSError, ValueError):
                return
            if request is None:
                return
            if isinstance(request, Refusal):
                self._refuse(connection, request.status, request.message)
                return
            sock.settimeout(None)

            def date() -> str:
                return _http_date(self.daemon.now())

            try:
                result = dispatch(
                    self.daemon,
                    request,
                    connection,
                    identity=self.identity,
                    facts=self.facts,
                    date=date,
                )
            except Exception as exc:  # a bug: the client gets a 500, the server goes on
                if self.log is not None:
                    self.log("".join(traceback.format_exception(exc)).rstrip())
                result = Response(
                    500,
                    (*daemon_headers(self.identity), ("Content-Type", "application/json")),
                    error_body(f"dockerlinks: internal error: {type(exc).__name__}: {exc}"),
                )
            if self.log is not None:
                status = result.status if isinstance(result, Response) else "stream"
                self.log(f"{request.method} {request.target} {status}")
            if isinstance(result, Handled):
                if not result.keep_alive:
                    return
                continue
            head = request.method == "HEAD"
            if not connection.send(encode_response(result, date=date(), head=head)):
                return
            if not request.keep_alive:
                return


class _Handler(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        app: DockerServer = self.server.app  # type: ignore[attr-defined]
        try:
            app.serve_connection(self.request)
        except Exception:  # never let a connection take the server down
            if app.log is not None:
                app.log(traceback.format_exc().rstrip())


def _clear_stale(path: str) -> None:
    """Remove ``path`` if it is a socket nobody listens on; refuse anything else there."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise DockerLinksError(f"cannot use {path}: {exc.strerror}") from None
    if not stat.S_ISSOCK(mode):
        raise DockerLinksError(f"cannot listen on {path}: it exists and is not a socket")
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        probe.settimeout(1)
        probe.connect(path)
    except OSError as exc:
        if exc.errno in (errno.ECONNREFUSED, errno.ENOENT):
            os.unlink(path)
            return
        raise DockerLinksError(f"cannot listen on {path}: {exc.strerror}") from None
    finally:
        probe.close()
    raise DockerLinksError(f"cannot listen on {path}: another server is listening there")


def print_line(text: str) -> None:
    """Write one log line to standard error (the CLI's logger)."""
    sys.stderr.write(text + "\n")
    sys.stderr.flush()
