"""Go's semantics where Docker's answers depend on them: numbers, strings, addresses, JSON keys.

Docker is written in Go, and many of its texts and decisions are those of Go's standard
library: ``strconv.ParseUint`` decides which ``-p`` values are numbers and words their errors,
``net.ParseIP`` which host IPs are addresses, ``netip.Addr.String`` how an address is printed,
``strings.ToUpper`` how a link alias becomes a variable prefix. This module states each of
those functions once, for every other module of the library; the test suite checks it against
Go's own answers (``tests/data/go_semantics.json``, recorded by ``tests/data/go/record.go``).

What lives here (Go package and function, then the name here)::

    Go                                   here                  notes
    -----------------------------------  --------------------  ---------------------------------
    strconv.ParseUint(s, 10, bits)       parse_uint            NumError: invalid syntax / value
                                                               out of range, Go's check order
    strconv.ParseInt(s, 10, 64)          parse_int             a leading + or -
    strconv.Quote                        quote                 %q of a string
    strings.ToLower / ToUpper            to_lower / to_upper   per-character simple case
                                                               mapping: the length never changes
    unicode.IsSpace, strings.TrimSpace   SPACES, trim_space    Go's white space (fewer characters
                                                               than str.isspace)
    net.ParseIP                          parse_ip              4 or 16 bytes; no zone
    netip.ParseAddr                      parse_addr            an Addr: bytes and zone
    netip.Addr.String                    Addr.__str__          IPv4-mapped as ::ffff:a.b.c.d
    net.IP.String                        ip_string             IPv4-mapped as a.b.c.d
    net.SplitHostPort                    split_host_port       AddrError texts
    net.JoinHostPort                     join_host_port        brackets when the host has ":"
    encoding/json field matching         json_field            exact name, else case-insensitive
    path.Clean                           clean_path            for rooted paths

It knows nothing of Docker: no port, link or container appears here, and every function is
pure. Errors are :class:`NumError` / :class:`AddrError` (Go's error values, not library
errors): each caller turns them into its own :class:`~dockerlinks.errors.DockerLinksError`
with Docker's wording.
"""

from __future__ import annotations

# _socket is the C module that socket re-exports inet_pton and the AF_* constants from:
# importing socket itself would also build its enums and import selectors (a few ms of
# start-up, more than every -p parse of a command line)
import _socket
from collections.abc import Mapping
from typing import Any

import attrs

__all__ = [
    "AF_INET",
    "AF_INET6",
    "INET_PTON",
    "SPACES",
    "Addr",
    "AddrError",
    "NumError",
    "clean_path",
    "ip_string",
    "join_host_port",
    "json_field",
    "parse_addr",
    "parse_int",
    "parse_ip",
    "parse_uint",
    "quote",
    "split_host_port",
    "to_lower",
    "to_upper",
    "trim_space",
]

# --------------------------------------------------------------------------- strconv

SYNTAX = "invalid syntax"
RANGE = "value out of range"


class NumError(Exception):
    """Go's ``*strconv.NumError``: ``func``, ``num`` (the input) and ``err`` (the reason).

    ``str()`` is Go's ``Error()``: ``strconv.ParseUint: parsing "x": invalid syntax``.
    """

    def __init__(self, func: str, num: str, err: str) -> None:
        super().__init__(func, num, err)
        self.func = func
        self.num = num
        self.err = err

    def __str__(self) -> str:
        return f"strconv.{self.func}: parsing {quote(self.num)}: {self.err}"


def parse_uint(text: str, bits: int = 64) -> int:
    """Go ``strconv.ParseUint(text, 10, bits)``.

    Digits only (no sign, no underscores in base 10); an empty text is a syntax error. Go
    reads left to right and reports an overflow as soon as the digits read so far exceed the
    limit, before it looks at a later bad character: ``70000x`` is out of range for 16 bits,
    ``7x`` a syntax error.

    >>> parse_uint("00080", 16)
    80
    >>> parse_uint("70000x", 16)
    Traceback (most recent call last):
    ...
    dockerlinks._go.NumError: strconv.ParseUint: parsing "70000x": value out of range
    """
    limit = (1 << bits) - 1
    # the common case: few ASCII digits (the length check keeps int() linear and bounded)
    if text.isascii() and text.isdigit() and len(text) <= 20:
        value = int(text)
        if value <= limit:
            return value
    if text == "":
        raise NumError("ParseUint", text, SYNTAX)
    value = 0
    for char in text:
        if not "0" <= char <= "9":
            raise NumError("ParseUint", text, SYNTAX)
        value = value * 10 + ord(char) - 48
        if value > limit:
            raise NumError("ParseUint", text, RANGE)
    return value  # many leading zeros


def parse_int(text: str, bits: int = 64) -> int:
    """Go ``strconv.ParseInt(text, 10, bits)``: an optional sign, then :func:`parse_uint`.

    >>> parse_int("-12"), parse_int("+7")
    (-12, 7)
    """
    body = text
    negative = False
    if text[:1] in ("+", "-"):
        negative = text[0] == "-"
        body = text[1:]
    if body == "":
        raise NumError("ParseInt", text, SYNTAX)
    try:
        value = parse_uint(body, bits)
    except NumError as exc:
        raise NumError("ParseInt", text, exc.err) from None
    cutoff = 1 << (bits - 1)
    if (not negative and value >= cutoff) or (negative and value > cutoff):
        raise NumError("ParseInt", text, RANGE)
    return -value if negative else value


_ESCAPES = {
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
    '"': '\\"',
    "\\": "\\\\",
}


def quote(text: str) -> str:
    """Go ``strconv.Quote`` (``%q``): a double-quoted Go string literal.

    Printable characters stay as they are (Go's ``unicode.IsPrint``: letters, marks, numbers,
    punctuation, symbols and the ASCII space, which is Python's ``str.isprintable``); the
    others are escaped as ``\\n``, ``\\x00``, ``\\u2028``, ``\\U0001f600``. A lone surrogate
    stands for bytes that are not UTF-8 (Python's ``surrogateescape`` and ``surrogatepass``),
    which Go escapes byte by byte: ``\\xed``.

    >>> print(quote('say "hi"\\n'))
    "say \\"hi\\"\\n"
    """
    if text.isascii() and text.isprintable() and '"' not in text and "\\" not in text:
        return f'"{text}"'
    out = ['"']
    for char in text:
        escape = _ESCAPES.get(char)
        if escape is not None:
            out.append(escape)
            continue
        code = ord(char)
        if 0xD800 <= code <= 0xDFFF:
            out.append(_surrogate(char))
        elif char.isprintable():
            out.append(char)
        elif code < 0x80:
            out.append(f"\\x{code:02x}")
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


def _surrogate(char: str) -> str:
    """Go's escapes of the bytes a lone surrogate stands for."""
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: one byte that is not UTF-8
        return f"\\x{code - 0xDC00:02x}"
    return "".join(f"\\x{byte:02x}" for byte in char.encode("utf-8", "surrogatepass"))


# --------------------------------------------------------------------------- strings, unicode

SPACES = (
    "\t\n\v\f\r \x85\xa0\u1680"
    + "".join(chr(code) for code in range(0x2000, 0x200B))
    + "\u2028\u2029\u202f\u205f\u3000"
)
"""The characters Go's ``unicode.IsSpace`` accepts (Python's ``str.isspace`` accepts more:
the information separators U+001C - U+001F)."""


def trim_space(text: str) -> str:
    """Go ``strings.TrimSpace``.

    >>> trim_space("\\x1c a \\u3000")
    '\\x1c a'
    """
    return text.strip(SPACES)


def _lower_char(char: str) -> str:
    low = char.lower()
    if len(low) == 1:
        return low
    # Python's full mapping expands a few characters; Go's simple mapping keeps one code
    # point: U+0130 (dotted capital I) is the only such one that lower-cases in Go.
    return "i" if char == "\u0130" else char


def _upper_char(char: str) -> str:
    up = char.upper()
    if len(up) == 1:
        return up
    title = char.title()  # the simple mapping, where the full one expands (e.g. U+1FB3)
    return title if len(title) == 1 else char


def to_lower(text: str) -> str:
    """Go ``strings.ToLower``: per-character simple lower-casing.

    >>> to_lower("TCP"), to_lower("\\u0130")
    ('tcp', 'i')
    """
    if text.isascii():
        return text.lower()
    return "".join(_lower_char(char) for char in text)


def to_upper(text: str) -> str:
    """Go ``strings.ToUpper``: per-character simple upper-casing (``ß`` stays ``ß``).

    >>> to_upper("my-db.v2"), to_upper("straße")
    ('MY-DB.V2', 'STRAßE')
    """
    if text.isascii():
        return text.upper()
    return "".join(_upper_char(char) for char in text)


# --------------------------------------------------------------------------- addresses


def _parse_ipv4_slow(text: str) -> bytes | None:
    """Go's dotted-quad parser: four decimal fields of 0-255, no leading zeros."""
    parts = text.split(".")
    if len(parts) != 4:
        return None
    out = bytearray()
    for part in parts:
        if not part or len(part) > 3 or not (part.isascii() and part.isdigit()):
            return None
        if len(part) > 1 and part[0] == "0":
            return None
        value = int(part)
        if value > 255:
            return None
        out.append(value)
    return bytes(out)


_HEX = frozenset("0123456789abcdefABCDEF")


def _parse_ipv6_slow(text: str) -> bytes | None:
    """Go ``netip.parseIPv6`` without the zone: 16 bytes or ``None``."""
    out = bytearray(16)
    ellipsis = -1
    rest = text
    if rest.startswith("::"):
        ellipsis = 0
        rest = rest[2:]
        if not rest:
            return bytes(out)
    i = 0
    while i < 16:
        off = 0
        while off < len(rest) and rest[off] in _HEX:
            off += 1
            if off > 4:
                return None
        if off == 0:
            return None
        if off < len(rest) and rest[off] == ".":
            if (ellipsis < 0 and i != 12) or i + 4 > 16:
                return None
            four = _parse_ipv4_slow(rest)
            if four is None:
                return None
            out[i : i + 4] = four
            rest = ""
            i += 4
            break
        value = int(rest[:off], 16)
        out[i] = value >> 8
        out[i + 1] = value & 0xFF
        i += 2
        rest = rest[off:]
        if not rest:
            break
        if rest[0] != ":" or len(rest) == 1:
            return None
        rest = rest[1:]
        if rest[0] == ":":
            if ellipsis >= 0:
                return None
            ellipsis = i
            rest = rest[1:]
            if not rest:
                break
    if rest:
        return None
    if i < 16:
        if ellipsis < 0:
            return None
        n = 16 - i
        out[ellipsis + n : 16] = out[ellipsis:i]
        out[ellipsis : ellipsis + n] = bytes(n)
    elif ellipsis >= 0:
        return None
    return bytes(out)


# The C library's inet_pton (BIND's parser on glibc, musl and the BSDs) reads ASCII addresses
# by Go's rules: dotted quads of four fields 0-255 without leading zeros, IPv6 of one to four
# hex digits a group, at most one "::", a dotted quad only as the last 32 bits, no zone. It
# is used where it answers as the ports above (Go's parsers, checked against Go's answers) on
# the texts below, on which parsers are known to differ; elsewhere the ports decide.
_INET_PTON = _socket.inet_pton
AF_INET = _AF_INET = _socket.AF_INET
AF_INET6 = _AF_INET6 = _socket.AF_INET6
_PROBES = (
    "1.2.3.4",
    "0.0.0.0",
    "255.255.255.255",
    "010.0.0.1",
    "1.2.3.04",
    "00.1.1.1",
    "1.2.3",
    "1.2.3.4.5",
    "1.2.3.4.",
    ".1.2.3",
    "1..2.3",
    "256.0.0.1",
    "0x1.0.0.1",
    "1.2.3.4 ",
    "::",
    "::1",
    "1::",
    "1:2:3:4:5:6:7::",
    "::2:3:4:5:6:7:8",
    "1:2:3:4:5:6:7:8",
    "1:2:3:4:5:6:7:8:9",
    "1:2:3:4:5:6:7:8::",
    "1::2::3",
    ":1::2",
    "1::2:",
    "12345::",
    "00001::",
    "0001::",
    "fe80::1%eth0",
    "::ffff:1.2.3.4",
    "::ffff:01.2.3.4",
    "::1.2.3.04",
    "::1.2.3",
    "1:2:3:4:5:6:1.2.3.4",
    "1:2:3:4:5:6:7:1.2.3.4",
    "1.2.3.4::",
    "1.2:3::",
    "::1.2.3.4:5",
    "::1.2.3.4.5",
    "::ffff:1a.2.3.4",
    "g::1",
)


def _c_parse(text: str) -> bytes | None:
    try:
        return _INET_PTON(_AF_INET6 if ":" in text else _AF_INET, text)
    except (OSError, ValueError):
        return None


def _go_parse(text: str) -> bytes | None:
    """Go's ParseIP dispatch: the first of "." and ":" decides the family."""
    dot, colon = text.find("."), text.find(":")
    if colon < 0 or 0 <= dot < colon:
        return _parse_ipv4_slow(text) if dot >= 0 else None
    return _parse_ipv6_slow(text)


_C_AGREES = all(_c_parse(text) == _go_parse(text) for text in _PROBES)

#: ``socket.inet_pton`` where it reads addresses as Go does (checked above), else ``None``:
#: for a hot path that has chosen the family itself and holds an ASCII text of at most 45
#: characters (it raises ``OSError`` or ``ValueError`` where :func:`parse_ip` says ``None``
#: or gives an address of the other family).
INET_PTON = _INET_PTON if _C_AGREES else None


def _parse_ipv4(text: str) -> bytes | None:
    """4 bytes or ``None`` (a text without ``:``), as Go's dotted-quad parser."""
    if _C_AGREES and text.isascii() and len(text) <= 15:
        try:
            return _INET_PTON(_AF_INET, text)
        except (OSError, ValueError):  # ValueError: an embedded NUL
            return None
    return _parse_ipv4_slow(text)


def _parse_ipv6(text: str) -> bytes | None:
    """16 bytes or ``None`` (a text with ``:``, no zone), as Go's IPv6 parser."""
    if _C_AGREES and text.isascii() and len(text) <= 45:
        try:
            return _INET_PTON(_AF_INET6, text)
        except (OSError, ValueError):
            return None
    return _parse_ipv6_slow(text)


def parse_ip(text: str) -> bytes | None:
    """Go ``net.ParseIP`` acceptance: 4 bytes (IPv4), 16 bytes (IPv6) or ``None``.

    Dotted-quad IPv4 without leading zeros, every IPv6 form (an embedded dotted quad
    included), no zone. No address is longer than 45 characters.

    >>> parse_ip("127.0.0.1"), parse_ip("010.0.0.1"), parse_ip("fe80::1%eth0")
    (b'\\x7f\\x00\\x00\\x01', None, None)
    """
    if len(text) > 45:
        return None
    if _C_AGREES and text.isascii():
        # a text with ":" and a "." before it is not IPv6 for the C parser either (its
        # dotted quad is the last field), so ":" alone chooses the family
        try:
            return _INET_PTON(_AF_INET6 if ":" in text else _AF_INET, text)
        except (OSError, ValueError):
            return None
    return _go_parse(text)


class AddrError(Exception):
    """Go's ``*net.AddrError`` / ``netip`` parse error: ``err`` is Go's reason text."""

    def __init__(self, err: str, addr: str) -> None:
        super().__init__(err, addr)
        self.err = err
        self.addr = addr

    def __str__(self) -> str:
        return f"address {self.addr}: {self.err}" if self.addr else self.err


@attrs.frozen
class Addr:
    """Go's ``netip.Addr``: 4 or 16 bytes and, for IPv6, a zone.

    ``str()`` is ``Addr.String()``: IPv4 dotted; IPv6 compressed lower case (RFC 5952),
    IPv4-mapped as ``::ffff:a.b.c.d``, the zone after ``%``.
    """

    raw: bytes
    zone: str = ""

    @property
    def is4(self) -> bool:
        """Whether this is an IPv4 address (4 bytes)."""
        return len(self.raw) == 4

    @property
    def is4in6(self) -> bool:
        """Whether this is an IPv4-mapped IPv6 address (``::ffff:a.b.c.d``)."""
        return len(self.raw) == 16 and self.raw[:12] == _MAPPED_PREFIX

    def unmap(self) -> Addr:
        """``Addr.Unmap``: an IPv4-mapped address as plain IPv4 (anything else unchanged)."""
        return Addr(self.raw[12:]) if self.is4in6 else self

    @property
    def is_unspecified(self) -> bool:
        """``0.0.0.0`` or ``::``."""
        return not any(self.raw)

    def __str__(self) -> str:
        if self.is4:
            return ".".join(map(str, self.raw))
        if self.is4in6:
            text = "::ffff:" + ".".join(map(str, self.raw[12:]))
        else:
            text = _ipv6_text(self.raw)
        return f"{text}%{self.zone}" if self.zone else text

    def sort_key(self) -> tuple[int, bytes, str]:
        """``Addr.Less`` / ``Compare``: IPv4 before IPv6, then bytes, then zone."""
        return (len(self.raw), self.raw, self.zone)


_MAPPED_PREFIX = b"\0" * 10 + b"\xff\xff"


def _ipv6_text(raw: bytes) -> str:
    """RFC 5952 text of 16 bytes: the longest run of two or more zero groups (the first one
    on a tie) becomes ``::``; hex digits in lower case, without leading zeros."""
    groups = [raw[i] << 8 | raw[i + 1] for i in range(0, 16, 2)]
    best_start, best_len = -1, 1
    start = -1
    for index in range(9):
        zero = index < 8 and groups[index] == 0
        if zero and start < 0:
            start = index
        elif not zero and start >= 0:
            if index - start > best_len:
                best_start, best_len = start, index - start
            start = -1
    if best_start < 0:
        return ":".join(f"{g:x}" for g in groups)
    head = ":".join(f"{g:x}" for g in groups[:best_start])
    tail = ":".join(f"{g:x}" for g in groups[best_start + best_len :])
    return f"{head}::{tail}"


def parse_addr(text: str) -> Addr | None:
    """Go ``netip.ParseAddr``: an :class:`Addr`, or ``None`` where Go returns an error.

    IPv4 in dotted-quad form only; IPv6 with an optional non-empty zone (``fe80::1%eth0``).
    A zone on an IPv4-mapped address is kept, as Go keeps it.

    >>> str(parse_addr("FE00::0")), str(parse_addr("::ffff:10.0.0.1")), parse_addr("1.2.3")
    ('fe00::', '::ffff:10.0.0.1', None)
    """
    if ":" not in text:
        raw = _parse_ipv4(text)
        return None if raw is None else Addr(raw)
    address, percent, zone = text.partition("%")
    if percent and not zone:
        return None
    raw = _parse_ipv6(address)
    return None if raw is None else Addr(raw, zone)


def ip_string(raw: bytes) -> str:
    """Go ``net.IP.String`` of 4 or 16 bytes (an IPv4-mapped address prints as IPv4).

    >>> ip_string(parse_ip("::ffff:10.0.0.1") or b""), ip_string(parse_ip("FE00::0") or b"")
    ('10.0.0.1', 'fe00::')
    """
    if len(raw) == 16 and raw[:12] == _MAPPED_PREFIX:
        raw = raw[12:]
    return str(Addr(raw))


def split_host_port(hostport: str) -> tuple[str, str]:
    """Go ``net.SplitHostPort``; raises :class:`AddrError` with Go's reason.

    >>> split_host_port("[::1]:80"), split_host_port("db:5432")
    (('::1', '80'), ('db', '5432'))
    >>> split_host_port("::1:80")
    Traceback (most recent call last):
    ...
    dockerlinks._go.AddrError: address ::1:80: too many colons in address
    """
    last = hostport.rfind(":")
    if last < 0:
        raise AddrError("missing port in address", hostport)
    j = k = 0
    if hostport.startswith("["):
        end = hostport.find("]")
        if end < 0:
            raise AddrError("missing ']' in address", hostport)
        if end + 1 == len(hostport):
            raise AddrError("missing port in address", hostport)
        if end + 1 != last:
            if hostport[end + 1] == ":":
                raise AddrError("too many colons in address", hostport)
            raise AddrError("missing port in address", hostport)
        host = hostport[1:end]
        j, k = 1, end + 1
    else:
        host = hostport[:last]
        if ":" in host:
            raise AddrError("too many colons in address", hostport)
    if "[" in hostport[j:]:
        raise AddrError("unexpected '[' in address", hostport)
    if "]" in hostport[k:]:
        raise AddrError("unexpected ']' in address", hostport)
    return host, hostport[last + 1 :]


def join_host_port(host: str, port: str) -> str:
    """Go ``net.JoinHostPort``: the host in brackets when it contains ``:``.

    >>> join_host_port("::1", "80"), join_host_port("127.0.0.1", "80")
    ('[::1]:80', '127.0.0.1:80')
    """
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


# --------------------------------------------------------------------------- JSON, paths


def _fold(char: str) -> str:
    """One character under Go's JSON key folding: simple case folding, with the two
    non-ASCII characters that fold onto ASCII letters (U+017F long s, U+212A Kelvin sign)."""
    if char.isascii():
        return char.lower()
    if char == "\u017f":
        return "s"
    if char == "\u212a":
        return "k"
    low = char.lower()
    return low if len(low) == 1 else char


def _equal_fold(key: str, name: str) -> bool:
    return len(key) == len(name) and all(
        _fold(a) == _fold(b) for a, b in zip(key, name, strict=True)
    )


def json_field(obj: Mapping[Any, Any], name: str, default: Any = None) -> Any:
    """Go ``encoding/json``'s decoding of one struct field from an object.

    Go reads the object's keys in order and stores every key that matches the field, exactly
    or case-insensitively (Go's key folding), so the LAST matching key wins: in
    ``{"HostPort": "1", "hostport": "2"}`` the field is ``"2"``. No match: ``default``.

    >>> json_field({"hostport": "80"}, "HostPort")
    '80'
    >>> json_field({"HostPort": 1, "hostport": 2}, "HostPort")
    2
    """
    found = default
    if name in obj and len(obj) == 1:
        return obj[name]
    for key, value in obj.items():
        if isinstance(key, str) and (key == name or _equal_fold(key, name)):
            found = value
    return found


def clean_path(path: str) -> str:
    """Go ``path.Clean`` of a rooted path: ``.`` and empty elements dropped, ``..`` resolved.

    >>> clean_path("/web/./db"), clean_path("/web/../db"), clean_path("/web/")
    ('/web/db', '/db', '/web')
    """
    parts: list[str] = []
    for element in path.split("/"):
        if element in ("", "."):
            continue
        if element == "..":
            if parts:
                parts.pop()
            continue
        parts.append(element)
    return "/" + "/".join(parts)
