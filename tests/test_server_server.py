"""The listening server: sockets, parallel clients, faults (dockerlinks/server/server.py).

Parallel clients (8 threads x 200 containers) never get a host port twice and never lose a
container; a refused request leaves the served engine as it was; malformed JSON, unknown
endpoints, oversized bodies and broken HTTP get Docker-style answers (``{"message": ...}``);
a client that goes away mid-stream ends its stream and its thread; the Unix socket is 0600;
TCP listens on loopback only unless asked.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import socket
import stat
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dockerlinks.errors import DockerLinksError
from dockerlinks.server import DockerServer, listen_address
from dockerlinks.server.wire import Limits

CREATE = {"Image": "training/webapp", "HostConfig": {"PublishAllPorts": True}}


class UnixHTTPConnection(http.client.HTTPConnection):
    """``http.client`` over a Unix socket."""

    def __init__(self, path: str, timeout: float = 10.0) -> None:
        super().__init__("localhost", timeout=timeout)
        self.path = path

    def connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        try:
            sock.connect(self.path)
        except OSError:
            sock.close()
            raise
        self.sock = sock


def call(
    server: DockerServer, method: str, path: str, body: Any = None, raw: bytes | None = None
) -> tuple[int, Any]:
    """One request on a connection of its own: (status, JSON body or bytes)."""
    connection = UnixHTTPConnection(server.docker_host.removeprefix("unix://"))
    try:
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        headers = {"Content-Type": "application/json"} if data is not None else {}
        connection.request(method, path, body=data, headers=headers)
        response = connection.getresponse()
        payload = response.read()
        if response.getheader("Content-Type") == "application/json" and payload:
            return response.status, json.loads(payload)
        return response.status, payload
    finally:
        connection.close()


@pytest.fixture
def server() -> Iterator[DockerServer]:
    with DockerServer(profile="20.10", port_range=(32768, 60999), clock="engine") as served:
        yield served


def raw_exchange(server: DockerServer, data: bytes, timeout: float = 5.0) -> bytes:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    sock.connect(server.docker_host.removeprefix("unix://"))
    try:
        sock.sendall(data)
        out = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                return out
            out += chunk
    finally:
        sock.close()


def wait_until(condition: Any, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return bool(condition())


# ---------------------------------------------------------------------------- concurrency


def test_parallel_clients_never_share_a_host_port_nor_lose_a_container(
    server: DockerServer,
) -> None:
    threads, each = 8, 200
    made: list[list[str]] = [[] for _ in range(threads)]
    errors: list[str] = []

    def client(index: int) -> None:
        connection = UnixHTTPConnection(server.docker_host.removeprefix("unix://"))
        try:
            for number in range(each):
                body = json.dumps(CREATE).encode()
                connection.request(
                    "POST",
                    f"/v1.41/containers/create?name=c{index}x{number}",
                    body=body,
                    headers={"Content-Type": "application/json"},
                )
                response = connection.getresponse()
                created = json.loads(response.read())
                if response.status != 201:
                    errors.append(str(created))
                    continue
                connection.request("POST", f"/v1.41/containers/{created['Id']}/start")
                response = connection.getresponse()
                response.read()
                if response.status != 204:
                    errors.append(f"start {response.status}")
                made[index].append(created["Id"])
        finally:
            connection.close()

    workers = [threading.Thread(target=client, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=300)
    assert not errors
    ids = [cid for group in made for cid in group]
    assert len(ids) == len(set(ids)) == threads * each
    engine = server.engine
    assert {c.id for c in engine.containers} == set(ids)
    bindings = [
        (binding.host_ip, binding.host_port)
        for container in engine.containers
        for _, found in container.ports.entries
        for binding in found or ()
    ]
    assert len(bindings) == 2 * threads * each  # 0.0.0.0 and :: for each container
    assert len(set(bindings)) == len(bindings)
    status, listed = call(server, "GET", "/v1.41/containers/json")
    assert status == 200
    assert len(listed) == threads * each


def test_parallel_creates_of_one_name_make_exactly_one_container(server: DockerServer) -> None:
    statuses: list[int] = []

    def create() -> None:
        statuses.append(call(server, "POST", "/containers/create?name=once", CREATE)[0])

    workers = [threading.Thread(target=create) for _ in range(16)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert sorted(statuses) == [201] + [409] * 15
    assert [c.name for c in server.engine.containers] == ["/once"]


# ---------------------------------------------------------------------------- refusals


BAD_REQUESTS: list[tuple[str, str, bytes | None, int, str]] = [
    ("POST", "/containers/create", b'{"Image": ', 400, "invalid JSON"),
    ("POST", "/containers/create", b"[1, 2]", 400, "json: cannot unmarshal array"),
    ("POST", "/containers/create", b'{"Image": 5}', 400, "json: cannot unmarshal number"),
    ("POST", "/containers/create", b"null", 400, "Config cannot be empty"),
    ("POST", "/containers/create", b'{"Image": "Bad:Ref"}', 400, "invalid reference format"),
    ("POST", "/containers/create", b'{"Image": "nope"}', 404, "No such image: nope:latest"),
    ("GET", "/v1.41/nowhere", None, 404, "page not found"),
    ("PUT", "/containers/json", None, 405, "Method Not Allowed"),
    ("GET", "/v1.99/_ping", None, 400, "client version 1.99 is too new"),
    ("GET", "/v1.11/_ping", None, 400, "client version 1.11 is too old"),
    ("GET", "/containers/json?filters=%7B", None, 400, "invalid filter"),
    ("GET", "/containers/json?filters=%7B%22x%22%3A%5B%5D%7D", None, 400, "Invalid filter"),
    ("GET", "/containers/json?limit=x", None, 400, "strconv.Atoi"),
    ("POST", "/containers/nope/wait?condition=soon", None, 400, "invalid condition"),
    ("POST", "/containers/nope/kill?signal=NOPE%21", None, 400, "Invalid signal"),
    ("GET", "/containers/nope/logs", None, 400, "you must choose at least one stream"),
    ("GET", "/exec/nope/json", None, 404, "No such exec instance: nope"),
    ("GET", "/networks/nope", None, 404, "network nope not found"),
    ("POST", "/networks/create", b'{"Name": "bridge"}', 403, "not permitted on predefined"),
    ("POST", "/networks/create", b'{"Name": "x", "Driver": "nope"}', 404, 'plugin "nope" not'),
    ("DELETE", "/networks/host", None, 403, "host is a pre-defined network"),
]


@pytest.mark.parametrize("case", BAD_REQUESTS, ids=[f"{c[0]} {c[1]}" for c in BAD_REQUESTS])
def test_bad_requests_get_docker_style_answers(
    server: DockerServer, case: tuple[str, str, bytes | None, int, str]
) -> None:
    method, path, raw, status, message = case
    before = server.engine
    got, body = call(server, method, path, raw=raw)
    assert got == status
    assert message in body["message"]
    assert server.engine == before


def test_a_refused_operation_leaves_the_engine_as_it_was(server: DockerServer) -> None:
    assert call(server, "POST", "/containers/create?name=web", CREATE)[0] == 201
    assert call(server, "POST", "/containers/web/start")[0] == 204
    before = server.engine
    assert call(server, "POST", "/containers/create?name=web", CREATE)[0] == 409
    assert call(server, "DELETE", "/containers/web")[0] == 409
    assert call(server, "POST", "/containers/create?name=x", {"Image": "x", "Env": "A"})[0] == 400
    bad_link = {"Image": "training/webapp", "HostConfig": {"Links": ["nope:db"]}}
    assert call(server, "POST", "/containers/create", bad_link)[0] == 400
    assert server.engine == before


@pytest.mark.parametrize(
    ("data", "status"),
    [
        (b"GARBAGE\r\n\r\n", 400),
        (b"GET / HTTP/2.0\r\n\r\n", 505),
        (b"GET /_ping HTTP/1.1\r\nBad Header\r\n\r\n", 400),
        (b"GET /_ping HTTP/1.1\r\n folded: x\r\n\r\n", 400),
        pytest.param(b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\n\r\n", 414, id="long-target"),
        pytest.param(b"GET / HTTP/1.1\r\nX: " + b"a" * 9000 + b"\r\n\r\n", 431, id="long-header"),
        (b"POST /containers/create HTTP/1.1\r\nContent-Length: x\r\n\r\n", 400),
        (b"POST /containers/create HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n", 413),
        (b"POST /c HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
        (b"POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400),
    ],
)
def test_broken_http_is_answered_and_the_connection_closed(
    server: DockerServer, data: bytes, status: int
) -> None:
    answer = raw_exchange(server, data)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(f"HTTP/1.1 {status} ".encode())
    assert json.loads(body)["message"]
    assert call(server, "GET", "/_ping") == (200, b"OK")


def test_an_oversized_body_is_refused_unread(tmp_path: Any) -> None:
    with DockerServer(
        profile="20.10", port_range=(32768, 60999), limits=Limits(body=1024), clock="engine"
    ) as server:
        status, body = call(server, "POST", "/containers/create", raw=b"{" + b" " * 5000 + b"}")
        assert status == 413
        assert "larger than 1024 bytes" in body["message"]


def test_a_chunked_request_body_is_read(server: DockerServer) -> None:
    body = json.dumps({"Image": "training/webapp"}).encode()
    data = (
        b"POST /containers/create?name=chunky HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
        b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        + f"{5:x}\r\n".encode()
        + body[:5]
        + b"\r\n"
        + f"{len(body) - 5:x};ext=1\r\n".encode()
        + body[5:]
        + b"\r\n0\r\n\r\n"
    )
    assert raw_exchange(server, data).startswith(b"HTTP/1.1 201 Created")
    assert server.engine.get("chunky").image == "training/webapp"


def test_a_handler_that_fails_is_a_500_and_the_server_goes_on(
    server: DockerServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(engine: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(server.daemon, "read", broken)
    status, body = call(server, "GET", "/containers/x/json")
    assert status == 500
    assert body["message"] == "dockerlinks: internal error: RuntimeError: boom"
    monkeypatch.undo()
    assert call(server, "GET", "/_ping") == (200, b"OK")


def test_keep_alive_carries_several_requests(server: DockerServer) -> None:
    connection = UnixHTTPConnection(server.docker_host.removeprefix("unix://"))
    try:
        for _ in range(3):
            connection.request("GET", "/_ping")
            response = connection.getresponse()
            assert response.read() == b"OK"
        connection.request("HEAD", "/_ping")
        response = connection.getresponse()
        assert (response.status, response.read()) == (200, b"")
        assert response.getheader("Api-Version") == "1.41"
    finally:
        connection.close()


# ---------------------------------------------------------------------------- clients that go


def _open(server: DockerServer, request: bytes) -> socket.socket:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect(server.docker_host.removeprefix("unix://"))
    sock.sendall(request)
    return sock


def connection_threads() -> int:
    """The server's threads that serve a connection."""
    return sum("process_request_thread" in t.name for t in threading.enumerate())


def test_clients_that_leave_mid_stream_free_their_threads(server: DockerServer) -> None:
    assert call(server, "POST", "/containers/create?name=web", CREATE)[0] == 201
    assert call(server, "POST", "/containers/web/start")[0] == 204
    assert wait_until(lambda: connection_threads() == 0)
    streams = [
        b"POST /containers/web/wait?condition=next-exit HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /containers/web/logs?stdout=1&follow=1 HTTP/1.1\r\nHost: x\r\n\r\n",
        b"POST /containers/web/attach?stream=1&stdout=1&stdin=1 HTTP/1.1\r\nHost: x\r\n"
        b"Upgrade: tcp\r\nConnection: Upgrade\r\n\r\n",
        b"GET /_ping HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nhalf",  # a body cut short
    ]
    sockets = [_open(server, request) for request in streams]
    assert wait_until(lambda: connection_threads() == len(streams))
    time.sleep(0.3)
    assert connection_threads() == len(streams)  # each is waiting on its client
    for sock in sockets:
        sock.close()
    assert wait_until(lambda: connection_threads() == 0, timeout=10)
    assert call(server, "GET", "/containers/web/json")[1]["State"]["Running"] is True


def test_a_wait_answers_when_the_container_exits(server: DockerServer) -> None:
    assert call(server, "POST", "/containers/create?name=web", CREATE)[0] == 201
    assert call(server, "POST", "/containers/web/start")[0] == 204
    sock = _open(server, b"POST /containers/web/wait?condition=next-exit HTTP/1.1\r\n\r\n")
    sock.settimeout(5)
    head = sock.recv(4096)
    assert head.startswith(b"HTTP/1.1 200 OK")
    assert b"Transfer-Encoding: chunked" in head
    assert call(server, "POST", "/containers/web/kill")[0] == 204
    rest = b""
    while not rest.endswith(b"0\r\n\r\n"):
        rest += sock.recv(4096)
    sock.close()
    assert b'{"Error":null,"StatusCode":137}\n' in rest


def test_stopping_the_server_ends_open_waits_and_streams() -> None:
    server = DockerServer(profile="20.10", port_range=(32768, 60999), clock="engine").start()
    call(server, "POST", "/containers/create?name=web", CREATE)
    call(server, "POST", "/containers/web/start")
    path = server.docker_host.removeprefix("unix://")
    sock = _open(server, b"POST /containers/web/wait?condition=removed HTTP/1.1\r\n\r\n")
    sock.settimeout(5)
    head = sock.recv(4096)
    assert head.startswith(b"HTTP/1.1 200 OK")
    started = time.monotonic()
    server.stop()
    assert time.monotonic() - started < 5
    assert not os.path.exists(path)
    with contextlib.suppress(ConnectionResetError):
        while sock.recv(4096):
            pass  # the server closes the stream
    sock.close()


def test_too_many_connections_are_refused_with_a_503() -> None:
    with DockerServer(
        profile="20.10", port_range=(32768, 60999), max_connections=2, clock="engine"
    ) as server:
        held = [_open(server, b"POST /containers/x/wait HTTP/1.1\r\n\r\n") for _ in range(2)]
        try:
            time.sleep(0.2)
            answer = raw_exchange(server, b"GET /_ping HTTP/1.1\r\n\r\n")
            assert answer.startswith(b"HTTP/1.1 503 Service Unavailable")
        finally:
            for sock in held:
                sock.close()


# ---------------------------------------------------------------------------- listening


def test_the_unix_socket_is_0600(tmp_path: Any) -> None:
    path = str(tmp_path / "docker.sock")
    with DockerServer(socket_path=path, profile="20.10", port_range=(32768, 60999)) as server:
        mode = os.stat(path).st_mode
        assert stat.S_ISSOCK(mode)
        assert stat.S_IMODE(mode) == 0o600
        assert server.docker_host == f"unix://{path}"
        assert sorted(os.listdir(tmp_path)) == ["docker.sock"]
    assert not os.path.exists(path)


def test_a_stale_socket_is_replaced_and_anything_else_refused(tmp_path: Any) -> None:
    path = str(tmp_path / "docker.sock")
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(path)
    stale.close()  # bound, nobody listens
    with DockerServer(socket_path=path, port_range=(32768, 60999)) as server:
        assert call(server, "GET", "/_ping") == (200, b"OK")
        with pytest.raises(DockerLinksError, match="another server is listening"):
            DockerServer(socket_path=path, port_range=(32768, 60999)).start()
    regular = tmp_path / "file"
    regular.write_text("mine")
    with pytest.raises(DockerLinksError, match="not a socket"):
        DockerServer(socket_path=str(regular), port_range=(32768, 60999)).start()
    assert regular.read_text() == "mine"


def test_tcp_listens_on_loopback_only_unless_asked() -> None:
    with DockerServer(tcp="127.0.0.1:0", profile="20.10", port_range=(32768, 60999)) as server:
        host, port = server.docker_host.removeprefix("tcp://").rsplit(":", 1)
        connection = http.client.HTTPConnection(host, int(port), timeout=5)
        connection.request("GET", "/_ping")
        assert connection.getresponse().read() == b"OK"
        connection.close()
    with pytest.raises(DockerLinksError, match="not a loopback address"):
        DockerServer(tcp="0.0.0.0:2375")
    assert listen_address("0.0.0.0:2375", allow_remote=True) == ("0.0.0.0", 2375)


@pytest.mark.parametrize("text", ["2375", "host:2375", "127.0.0.1:99999", "[::1]:x", ""])
def test_bad_tcp_addresses_are_refused(text: str) -> None:
    with pytest.raises(DockerLinksError):
        listen_address(text)


def test_a_start_that_fails_leaves_no_directory_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deep = tmp_path / ("d" * 100)  # the socket path in it is longer than a Unix socket's
    deep.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(deep))
    with pytest.raises(DockerLinksError, match="socket path too long"):
        DockerServer().start()
    assert list(deep.iterdir()) == []


def test_a_socket_name_that_is_not_utf_8_is_served(tmp_path: Path) -> None:
    path = os.path.join(os.fsdecode(tmp_path), os.fsdecode(b"d\xff.sock"))
    server = DockerServer(socket_path=path).start()
    try:
        assert os.path.exists(path)
    finally:
        server.stop()


def test_a_socket_name_no_file_can_have_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DockerLinksError, match="not a file name"):
        DockerServer(socket_path=os.path.join(str(tmp_path), "\ud800.sock")).start()
