"""HTTP/1.1 on the wire: reading a request, writing a response as Go's ``net/http`` writes it.

What lives here: :class:`Reader` (a byte buffer over a ``recv`` callable, so that a hijacked
stream can take the bytes already read), :func:`read_request` (one request, or a
:class:`Refusal` saying why it cannot be read), :class:`Response` and :func:`encode_response`
(status line, header order, ``Content-Length`` or ``chunked``), :func:`stream_head` and
:func:`chunk` for streamed bodies.

Request grammar accepted (RFC 9112; obsolete line folding is refused)::

    request      = *( CRLF ) , request-line , *( header-line ) , CRLF , [ body ] ;
    request-line = method , SP , target , SP , "HTTP/1." , ( "0" | "1" ) , CRLF ;
    method       = 1*tchar ;
    header-line  = field-name , ":" , OWS , field-value , OWS , CRLF ;
    body         = Content-Length octets | chunked ;       (* both at once: refused *)
    chunked      = *( chunk-size [ ";" ext ] CRLF , data , CRLF ) , "0" CRLF , *trailer , CRLF ;

Limits (each refusal is a :class:`Refusal` with the status below; a bare LF ends a line too,
as Go's reader allows)::

    what                        limit                        status
    --------------------------  ---------------------------  ------------------------------
    request line                8 KiB                        414 URI Too Long
    one header line / all       8 KiB / 64 KiB, 100 fields   431 Request Header Fields ...
    body (either framing)       Limits.body (1 MiB)          413 Request Entity Too Large
    malformed line or framing   -                            400 Bad Request
    HTTP/2 or other versions    -                            505 HTTP Version Not Supported

How Go's ``net/http`` server writes a response (``net/http/server.go``: ``chunkWriter``,
``bufferBeforeChunkingSize``), which :func:`encode_response` follows: the handler's headers
in sorted order (``Header.WriteSubset``), then ``Date``, then ``Content-Length`` when the
whole body fits in the 2,048-byte buffer before the handler returns (else
``Transfer-Encoding: chunked`` and the body as one chunk), then a sniffed ``Content-Type``
when the handler set none. 1xx, 204 and 304 carry neither length nor body.

What this module must not know: Docker, the engine, routes, sockets.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from urllib.parse import parse_qsl, unquote

import attrs

__all__ = [
    "LAST_CHUNK",
    "REASONS",
    "Limits",
    "Reader",
    "Refusal",
    "Request",
    "Response",
    "chunk",
    "encode_response",
    "read_request",
    "stream_head",
]

#: Go's ``http.StatusText`` for the statuses the server sends.
REASONS: dict[int, str] = {
    101: "Switching Protocols",
    200: "OK",
    201: "Created",
    204: "No Content",
    304: "Not Modified",
    400: "Bad Request",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    411: "Length Required",
    413: "Request Entity Too Large",
    414: "Request URI Too Long",
    431: "Request Header Fields Too Large",
    500: "Internal Server Error",
    501: "Not Implemented",
    503: "Service Unavailable",
    505: "HTTP Version Not Supported",
}

#: Go's ``bufferBeforeChunkingSize``: a body up to this size gets a Content-Length.
BUFFER_BEFORE_CHUNKING = 2048

LAST_CHUNK = b"0\r\n\r\n"

_TOKEN = re.compile(rb"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_CHUNK_SIZE = re.compile(rb"([0-9A-Fa-f]{1,8})[ \t]*(?:;[^\r\n]*)?")


@attrs.frozen
class Limits:
    """What one request may hold (see the module's table)."""

    request_line: int = 8192
    header_line: int = 8192
    headers_total: int = 65536
    header_count: int = 100
    body: int = 1 << 20


@attrs.frozen
class Refusal:
    """A request that cannot be read: the status to answer with and why. The connection
    closes after the answer (what follows on it cannot be framed)."""

    status: int
    message: str


@attrs.frozen
class Request:
    """One request as read: ``path`` is the target's decoded path, ``query`` its parameters
    in order (``a=1&a=2`` keeps both), ``headers`` as sent (names in the case sent)."""

    method: str
    target: str
    version: str
    headers: tuple[tuple[str, str], ...]
    body: bytes = b""

    @property
    def path(self) -> str:
        """The decoded path of the target (``%2F`` and friends decoded, as Go's mux sees)."""
        raw = self.target.split("?", 1)[0]
        if raw.startswith(("http://", "https://")):  # absolute form: drop scheme and host
            rest = raw.split("//", 1)[1]
            raw = "/" + rest.split("/", 1)[1] if "/" in rest else "/"
        return unquote(raw, errors="surrogateescape")

    @property
    def query(self) -> tuple[tuple[str, str], ...]:
        """The query's ``(name, value)`` pairs (Go's ``url.ParseQuery``: ``+`` is a space)."""
        _, _, text = self.target.partition("?")
        return tuple(parse_qsl(text, keep_blank_values=True, errors="surrogateescape"))

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (case-insensitive), or ``None``."""
        wanted = name.lower()
        for key, value in self.headers:
            if key.lower() == wanted:
                return value
        return None

    @property
    def keep_alive(self) -> bool:
        """Whether the connection stays open after the answer (HTTP/1.1 unless ``close``;
        HTTP/1.0 only with ``keep-alive``)."""
        tokens = {t.strip().lower() for t in (self.header("Connection") or "").split(",")}
        if self.version == "HTTP/1.0":
            return "keep-alive" in tokens
        return "close" not in tokens


class Reader:
    """Bytes from ``recv`` (``recv(n)`` returns up to ``n`` bytes, ``b""`` at the end),
    buffered, read by lines or by size. What is buffered but not consumed is
    :meth:`take`-n by whoever reads the stream next (a hijacked connection)."""

    def __init__(self, recv: Callable[[int], bytes], size: int = 65536) -> None:
        self._recv = recv
        self._size = size
        self._buffer = bytearray()
        self._eof = False

    def _fill(self) -> bool:
        if self._eof:
            return False
        data = self._recv(self._size)
        if not data:
            self._eof = True
            return False
        self._buffer += data
        return True

    def buffered(self) -> int:
        """How many bytes are buffered."""
        return len(self._buffer)

    def take(self) -> bytes:
        """Every buffered byte (the buffer is then empty)."""
        data = bytes(self._buffer)
        self._buffer.clear()
        return data

    def read_line(self, limit: int) -> bytes | None:
        """The next line without its end (CRLF or LF); ``None`` at the end of the stream
        before any byte; ``b"..."`` of ``limit + 1`` bytes when no line end came in time."""
        start = 0
        while True:
            end = self._buffer.find(b"\n", start)
            if end >= 0:
                line = bytes(self._buffer[:end])
                del self._buffer[: end + 1]
                return line[:-1] if line.endswith(b"\r") else line
            if len(self._buffer) > limit:
                return bytes(self._buffer[: limit + 1])
            start = len(self._buffer)
            if not self._fill():
                if not self._buffer:
                    return None
                line = bytes(self._buffer)
                self._buffer.clear()
                return line  # a last line without its end: the caller sees it is short

    def read_exact(self, count: int) -> bytes:
        """``count`` bytes, or fewer when the stream ends first."""
        while len(self._buffer) < count and self._fill():
            pass
        data = bytes(self._buffer[:count])
        del self._buffer[:count]
        return data

    @property
    def at_eof(self) -> bool:
        """Whether the stream has ended and nothing is buffered."""
        return self._eof and not self._buffer


def _request_line(reader: Reader, limits: Limits) -> tuple[str, str, str] | Refusal | None:
    for _ in range(8):  # RFC 9112 2.2: empty lines before a request are ignored
        line = reader.read_line(limits.request_line)
        if line is None:
            return None
        if line:
            break
    else:
        return Refusal(400, "malformed HTTP request: empty lines only")
    if len(line) > limits.request_line:
        return Refusal(414, f"request line longer than {limits.request_line} bytes")
    parts = line.split(b" ")
    if len(parts) != 3 or not _TOKEN.fullmatch(parts[0]) or not parts[1]:
        return Refusal(400, "malformed HTTP request line")
    method, target, version = parts
    if version not in (b"HTTP/1.1", b"HTTP/1.0"):
        if re.fullmatch(rb"HTTP/[0-9]\.[0-9]", version):
            return Refusal(505, f"unsupported HTTP version {version.decode('ascii')}")
        return Refusal(400, "malformed HTTP version")
    if any(byte < 0x21 or byte == 0x7F for byte in target):
        return Refusal(400, "malformed request target")
    return method.decode("ascii"), target.decode("latin-1"), version.decode("ascii")


def _header_lines(reader: Reader, limits: Limits) -> list[tuple[str, str]] | Refusal:
    headers: list[tuple[str, str]] = []
    total = 0
    while True:
        line = reader.read_line(limits.header_line)
        if line is None:
            return Refusal(400, "malformed HTTP request: the headers end early")
        if not line:
            return headers
        total += len(line) + 2
        if len(line) > limits.header_line or total > limits.headers_total:
            return Refusal(431, "request headers too large")
        if len(headers) >= limits.header_count:
            return Refusal(431, f"more than {limits.header_count} request headers")
        if line[:1] in (b" ", b"\t"):
            return Refusal(400, "malformed HTTP header: obsolete line folding")
        name, colon, value = line.partition(b":")
        if not colon or not _TOKEN.fullmatch(name):
            return Refusal(400, "malformed HTTP header line")
        if any(byte < 0x20 and byte != 0x09 for byte in value) or b"\x7f" in value:
            return Refusal(400, "malformed HTTP header value")
        headers.append((name.decode("ascii"), value.strip(b" \t").decode("latin-1")))


def _chunked(reader: Reader, limits: Limits) -> bytes | Refusal:
    body = bytearray()
    while True:
        line = reader.read_line(256)
        if line is None:
            return Refusal(400, "malformed chunked body: it ends early")
        match = _CHUNK_SIZE.fullmatch(line)
        if match is None:
            return Refusal(400, "malformed chunked body: bad chunk size")
        size = int(match[1], 16)
        if size == 0:
            break
        if len(body) + size > limits.body:
            return Refusal(413, f"request body larger than {limits.body} bytes")
        data = reader.read_exact(size)
        if len(data) < size or reader.read_line(2) != b"":
            return Refusal(400, "malformed chunked body: a chunk ends early")
        body += data
    for _ in range(limits.header_count + 1):  # trailer fields, ignored
        line = reader.read_line(limits.header_line)
        if line is None:
            return Refusal(400, "malformed chunked body: the trailer ends early")
        if not line:
            return bytes(body)
        if len(line) > limits.header_line:
            return Refusal(431, "request trailer too large")
    return Refusal(431, "too many trailer fields")


def _body(reader: Reader, headers: Sequence[tuple[str, str]], limits: Limits) -> bytes | Refusal:
    lengths = {value for name, value in headers if name.lower() == "content-length"}
    codings = [value for name, value in headers if name.lower() == "transfer-encoding"]
    if codings:
        if lengths:
            return Refusal(400, "both Transfer-Encoding and Content-Length")
        if [c.strip().lower() for c in ",".join(codings).split(",")] != ["chunked"]:
            return Refusal(501, "unsupported transfer encoding")
        return _chunked(reader, limits)
    if not lengths:
        return b""
    if len(lengths) > 1:
        return Refusal(400, "conflicting Content-Length headers")
    text = lengths.pop()
    if not (text.isascii() and text.isdigit()) or len(text) > 19:
        return Refusal(400, f"malformed Content-Length: {text[:40]!r}")
    size = int(text)
    if size > limits.body:
        return Refusal(413, f"request body larger than {limits.body} bytes")
    data = reader.read_exact(size)
    if len(data) < size:
        return Refusal(400, "the request body ends early")
    return data


def read_request(reader: Reader, limits: Limits | None = None) -> Request | Refusal | None:
    """The next request on ``reader``; ``None`` when the stream ends between requests.

    >>> feed = iter([b"GET /_ping HTTP/1.1\\r\\nHost: docker\\r\\n\\r\\n", b""])
    >>> reader = Reader(lambda size: next(feed))
    >>> request = read_request(reader)
    >>> request.method, request.path, request.header("host"), read_request(reader)
    ('GET', '/_ping', 'docker', None)
    >>> read_request(Reader(lambda size: b"GET / HTTP/2.0\\r\\n\\r\\n"))
    Refusal(status=505, message='unsupported HTTP version HTTP/2.0')
    """
    limits = limits or Limits()
    start = _request_line(reader, limits)
    if start is None or isinstance(start, Refusal):
        return start
    headers = _header_lines(reader, limits)
    if isinstance(headers, Refusal):
        return headers
    body = _body(reader, headers, limits)
    if isinstance(body, Refusal):
        return body
    method, target, version = start
    return Request(method, target, version, tuple(headers), body)


@attrs.frozen
class Response:
    """A whole response: status, the handler's headers (canonical names), body."""

    status: int
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""


def _no_body(status: int) -> bool:
    return status < 200 or status in (204, 304)


def encode_response(response: Response, *, date: str, head: bool = False) -> bytes:
    """The bytes of ``response`` as Go's ``net/http`` writes them (the module's rules);
    ``head``: the answer to a HEAD request (headers only).

    >>> data = encode_response(Response(200, (("Api-Version", "1.41"),), b"OK"), date="D")
    >>> data.split(b"\\r\\n")[:4]
    [b'HTTP/1.1 200 OK', b'Api-Version: 1.41', b'Date: D', b'Content-Length: 2']
    >>> data.split(b"\\r\\n")[4:]
    [b'Content-Type: text/plain; charset=utf-8', b'', b'OK']
    """
    status = response.status
    lines = [f"HTTP/1.1 {status} {REASONS.get(status, 'Status')}"]
    names = {name.lower() for name, _ in response.headers}
    lines.extend(f"{name}: {value}" for name, value in sorted(response.headers))
    lines.append(f"Date: {date}")
    body = b"" if _no_body(status) else response.body
    chunked = len(body) > BUFFER_BEFORE_CHUNKING
    if not _no_body(status) and "content-length" not in names:
        if chunked:
            lines.append("Transfer-Encoding: chunked")
        elif body or not head:
            lines.append(f"Content-Length: {len(body)}")
    if body and "content-type" not in names:
        lines.append("Content-Type: text/plain; charset=utf-8")
    data = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    if head or not body:
        return data
    if chunked:
        return data + chunk(body) + LAST_CHUNK
    return data + body


def stream_head(status: int, headers: Sequence[tuple[str, str]], *, date: str) -> bytes:
    """The head of a streamed (chunked) response: the body follows in :func:`chunk`-s and
    ends with :data:`LAST_CHUNK`."""
    lines = [f"HTTP/1.1 {status} {REASONS.get(status, 'Status')}"]
    lines.extend(f"{name}: {value}" for name, value in sorted(headers))
    lines.append(f"Date: {date}")
    lines.append("Transfer-Encoding: chunked")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def chunk(data: bytes) -> bytes:
    """One chunk of a chunked body (``data`` must not be empty).

    >>> chunk(b"OK")
    b'2\\r\\nOK\\r\\n'
    """
    return f"{len(data):x}\r\n".encode("ascii") + data + b"\r\n"
