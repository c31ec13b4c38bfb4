"""HTTP/1.1 on the wire (dockerlinks/server/wire.py): requests read whatever the bytes,
responses framed as Go's net/http frames them (checked against the recorded daemon's)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dockerlinks.server.wire import (
    LAST_CHUNK,
    Limits,
    Reader,
    Refusal,
    Request,
    Response,
    chunk,
    encode_response,
    read_request,
    stream_head,
)

API = Path(__file__).parent / "data" / "daemon" / "20.10" / "api"


def reader_of(*pieces: bytes) -> Reader:
    """A reader that gets ``pieces`` one per ``recv``, then the end."""
    feed = iter(pieces)
    return Reader(lambda size: next(feed, b""))


def test_a_request_is_read_with_its_body_and_the_next_one_after_it() -> None:
    data = (
        b"POST /v1.41/containers/create?name=web&x=1&x=2 HTTP/1.1\r\nHost: docker\r\n"
        b"Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
        b"GET /_ping HTTP/1.1\r\n\r\n"
    )
    reader = reader_of(data[:7], data[7:40], data[40:])
    first = read_request(reader)
    assert isinstance(first, Request)
    assert (first.method, first.path, first.body) == ("POST", "/v1.41/containers/create", b"{}")
    assert first.query == (("name", "web"), ("x", "1"), ("x", "2"))
    assert first.header("content-type") == "application/json"
    assert first.keep_alive
    second = read_request(reader)
    assert isinstance(second, Request)
    assert second.path == "/_ping"
    assert read_request(reader) is None


@pytest.mark.parametrize(
    ("version", "connection", "keep"),
    [
        ("HTTP/1.1", None, True),
        ("HTTP/1.1", "close", False),
        ("HTTP/1.1", "Keep-Alive, Close", False),
        ("HTTP/1.0", None, False),
        ("HTTP/1.0", "keep-alive", True),
    ],
)
def test_keep_alive_follows_the_version_and_connection(
    version: str, connection: str | None, keep: bool
) -> None:
    headers = (("Connection", connection),) if connection else ()
    assert Request("GET", "/", version, headers).keep_alive is keep


def test_paths_are_decoded_and_absolute_targets_reduced() -> None:
    assert Request("GET", "/images/training%2Fwebapp/json", "HTTP/1.1", ()).path == (
        "/images/training/webapp/json"
    )
    assert Request("GET", "http://docker/v1.41/_ping?x", "HTTP/1.1", ()).path == "/v1.41/_ping"
    assert Request("GET", "/containers/json?filters=%7B%7D+", "HTTP/1.1", ()).query == (
        ("filters", "{} "),
    )


def test_a_chunked_body_is_joined_and_trailers_skipped() -> None:
    data = (
        b"POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"3\r\nabc\r\n2;ext=1\r\nde\r\n0\r\nTrailer: yes\r\n\r\n"
    )
    request = read_request(reader_of(data))
    assert isinstance(request, Request)
    assert request.body == b"abcde"


@pytest.mark.parametrize(
    ("data", "status"),
    [
        (b"GET /\r\n\r\n", 400),
        (b"G(T / HTTP/1.1\r\n\r\n", 400),
        (b"GET / HTTP/1.1 extra\r\n\r\n", 400),
        (b"GET / HTTP/2.0\r\n\r\n", 505),
        (b"GET / FTP/1.0\r\n\r\n", 400),
        (b"GET /\x00 HTTP/1.1\r\n\r\n", 400),
        (b"GET / HTTP/1.1\r\nNoColon\r\n\r\n", 400),
        (b"GET / HTTP/1.1\r\nBad Name: x\r\n\r\n", 400),
        (b"GET / HTTP/1.1\r\nX: a\x01b\r\n\r\n", 400),
        (b"GET / HTTP/1.1\r\nX: 1\r\n continued\r\n\r\n", 400),
        (b"GET / HTTP/1.1\r\nX: 1\r\n", 400),
        (b"POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", 400),
        (b"POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400),
        (b"POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nab", 400),
        (b"POST / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
        (b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab", 400),
        (b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabXY", 400),
        (b"POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501),
        (b"\r\n" * 9 + b"GET / HTTP/1.1\r\n\r\n", 400),
    ],
)
def test_requests_that_cannot_be_read_are_refusals(data: bytes, status: int) -> None:
    refusal = read_request(reader_of(data))
    assert isinstance(refusal, Refusal)
    assert refusal.status == status
    assert refusal.message


@pytest.mark.parametrize(
    ("limits", "data", "status"),
    [
        (Limits(request_line=20), b"GET /" + b"a" * 30 + b" HTTP/1.1\r\n\r\n", 414),
        (Limits(header_line=20), b"GET / HTTP/1.1\r\nX: " + b"a" * 30 + b"\r\n\r\n", 431),
        (
            Limits(headers_total=40),
            b"GET / HTTP/1.1\r\n" + b"X: aaaaaaaaaaaa\r\n" * 4 + b"\r\n",
            431,
        ),
        (Limits(header_count=2), b"GET / HTTP/1.1\r\n" + b"X: a\r\n" * 3 + b"\r\n", 431),
        (Limits(body=3), b"POST / HTTP/1.1\r\nContent-Length: 4\r\n\r\nabcd", 413),
        (
            Limits(body=3),
            b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n2\r\ncd\r\n0\r\n\r\n",
            413,
        ),
    ],
)
def test_limits_are_refusals(limits: Limits, data: bytes, status: int) -> None:
    refusal = read_request(reader_of(data), limits)
    assert isinstance(refusal, Refusal)
    assert refusal.status == status


@given(st.binary(max_size=600), st.lists(st.integers(1, 50), max_size=20))
def test_any_bytes_give_a_request_a_refusal_or_the_end(data: bytes, cuts: list[int]) -> None:
    pieces = []
    rest = data
    for cut in cuts:
        pieces.append(rest[:cut])
        rest = rest[cut:]
    pieces.append(rest)
    reader = reader_of(*[p for p in pieces if p])
    for _ in range(50):
        outcome = read_request(reader, Limits(request_line=100, header_line=100, body=100))
        assert outcome is None or isinstance(outcome, Request | Refusal)
        if not isinstance(outcome, Request):
            break


@given(
    st.lists(st.binary(min_size=1, max_size=40), max_size=8),
    st.lists(st.integers(1, 30), min_size=1, max_size=10),
)
def test_how_the_bytes_arrive_does_not_change_the_request(
    parts: list[bytes], cuts: list[int]
) -> None:
    body = b"".join(parts)
    chunked = b"".join(chunk(p) for p in parts) + LAST_CHUNK
    data = b"POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked
    pieces: list[bytes] = []
    rest = data
    index = 0
    while rest:
        cut = cuts[index % len(cuts)]
        pieces.append(rest[:cut])
        rest = rest[cut:]
        index += 1
    request = read_request(reader_of(*pieces))
    assert isinstance(request, Request)
    assert request.body == body


def test_the_buffered_bytes_after_a_request_are_taken_once() -> None:
    reader = reader_of(b"POST /attach HTTP/1.1\r\n\r\nstdin bytes")
    assert isinstance(read_request(reader), Request)
    assert reader.take() == b"stdin bytes"
    assert reader.take() == b""


# ---------------------------------------------------------------------------- responses


def _recorded(name: str) -> list[dict[str, object]]:
    data: dict[str, list[dict[str, object]]] = json.loads((API / name).read_text())
    return data["exchanges"]


def _names(head: bytes) -> list[str]:
    lines = head.split(b"\r\n\r\n", 1)[0].split(b"\r\n")[1:]
    return [line.split(b":", 1)[0].decode() for line in lines]


@pytest.mark.parametrize(
    ("status", "headers", "body", "head", "names"),
    [
        (
            204,
            (("Server", "s"), ("Api-Version", "1")),
            b"",
            False,
            ["Api-Version", "Server", "Date"],
        ),
        (304, (), b"ignored", False, ["Date"]),
        (200, (), b"", False, ["Date", "Content-Length"]),
        (
            200,
            (("Content-Type", "application/json"),),
            b"{}",
            False,
            ["Content-Type", "Date", "Content-Length"],
        ),
        (200, (), b"x" * 2048, False, ["Date", "Content-Length", "Content-Type"]),
        (200, (), b"x" * 2049, False, ["Date", "Transfer-Encoding", "Content-Type"]),
        (
            200,
            (("Content-Length", "0"), ("Content-Type", "t")),
            b"",
            True,
            ["Content-Length", "Content-Type", "Date"],
        ),
    ],
)
def test_responses_are_framed_as_go_frames_them(
    status: int,
    headers: tuple[tuple[str, str], ...],
    body: bytes,
    head: bool,
    names: list[str],
) -> None:
    data = encode_response(Response(status, headers, body), date="D", head=head)
    assert _names(data) == names
    rest = data.split(b"\r\n\r\n", 1)[1]
    if status in (204, 304) or head:
        assert rest == b""
    elif len(body) > 2048:
        assert rest == chunk(body) + LAST_CHUNK
    else:
        assert rest == body


@pytest.mark.parametrize("name", ["cli-20.10.json", "cli-28.2.json", "docker-py.json"])
def test_the_recorded_daemon_s_headers_follow_the_same_rules(name: str) -> None:
    # every recorded whole answer: what the handler set comes before Date (sorted), what Go
    # adds after it; encode_response given the handler's part writes the same sequence
    for exchange in _recorded(name):
        response = exchange["response"]
        request = exchange["request"]
        assert isinstance(response, dict)
        assert isinstance(request, dict)
        headers = [(str(k), str(v)) for k, v in response["headers"]]
        names = [k for k, _ in headers]
        if response["status"] == 101 or "Transfer-Encoding" in names:
            continue
        handler = tuple(headers[: names.index("Date")])
        length = int(dict(headers).get("Content-Length", "0"))
        data = encode_response(
            Response(int(response["status"]), handler, b"x" * length),
            date="D",
            head=request["method"] == "HEAD",
        )
        assert _names(data) == names, exchange["seq"]


def test_a_stream_head_is_chunked() -> None:
    head = stream_head(
        200, (("Content-Type", "application/json"), ("Api-Version", "1.41")), date="D"
    )
    assert head == (
        b"HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Type: application/json\r\nDate: D\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n"
    )
