"""Ports: values, the ``-p`` / ``--expose`` grammar, and the Engine-API shapes.

The short ``-p`` syntax is parsed exactly as the docker CLI does it (go-connections ``nat``,
current generation v0.7+; the older generations are selectable with ``generation=``).
Informal grammar::

    spec        = [ [ host_ip ":" ] host_port ":" ] container [ "/" proto ]
    host_ip     = ipv4 | ipv6 | "[" ipv6 "]" | "[" ipv4 "]" | "[]"
    host_port   = "" | range                 (empty = ephemeral)
    container   = range
    range       = number [ "-" number ]      (cut at the FIRST "-")
    number      = [ "+" ] digit { digit }    (ASCII digits, 0-65535, zeros dropped)
    proto       = "" | "tcp" | "udp" | "sctp" (any case; "" = tcp; cut at the FIRST "/")

Splitting is on EVERY ``:``: 1 field is the container part, 2 fields are host port and
container part, 3 or more fields are host IP (all fields but the last two, re-joined with
``:``), host port and container part. So ``::1:8080:80`` has host IP ``::1`` and ``:80``
or ``::80`` are a plain ``80/tcp`` with an empty binding.

Check order and messages of the current generation (the caret points at the field)::

    #  check                              docker message
    1  container port text empty          no port specified: <value><empty>
    2  protocol, lower-cased              invalid proto: <proto>
    3  "[...]" host IP splits             invalid IP address <ip>: address <ip>:: <go reason>
    4  host IP is an IP literal           invalid IP address: <ip>
    5  container port / range             invalid containerPort: <text>
    6  host port / range (if non-empty)   invalid hostPort: <text>
    7  lengths differ, container a range  invalid ranges specified for container and
                                          host Ports: <container> and <host>

Older generations (``generation=``; docker CLI release lines in brackets)::

    v0.6  (v28.5 - v29.6)  protocol checked first ("" -> "invalid proto: "); no "+";
                           a range uses the first two "-" fields ("1-2-3" = 1-2)
    v0.5  (v25 - v28.4)    order IP, empty port, container, host, lengths, protocol;
                           protocol message not lower-cased; "80/tcp/x" = 80/tcp
    v0.4  (v20.10 - v24)   as v0.5, capitalised messages; the IP always goes through
                           Go's host:port splitter, so unbracketed IPv6 is refused

A spec is kept compact (:class:`PortSpec`): ranges are never expanded while parsing, so the
cost is independent of the range size; :meth:`PortSpec.mappings` expands lazily in Docker's
order. A host range with a single container port is a *dynamic host range*: one mapping
whose host port is the range text (``8000-9000:5000``).

>>> spec = parse_port_spec("127.0.0.1:8000-9000:5000/UDP")
>>> str(spec)
'127.0.0.1:8000-9000:5000/udp'
>>> [str(m.port) + " <- " + m.binding.host_port for m in spec.mappings()]
['5000/udp <- 8000-9000']
>>> parse_port_spec("127.0.0.1:99999:80")
Traceback (most recent call last):
...
dockerlinks.errors.PortSpecError: invalid hostPort: 99999
    127.0.0.1:99999:80
              ^^^^^
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs

from dockerlinks.errors import ExposeError, InspectError, PortError, PortSpecError
from dockerlinks.profiles import Profile, get_profile

__all__ = [
    "GENERATIONS",
    "LongSyntax",
    "Port",
    "PortBinding",
    "PortConfig",
    "PortMap",
    "PortMapping",
    "PortRange",
    "PortSpec",
    "convert_compose_port",
    "convert_publish_long",
    "join_host_port",
    "parse_expose",
    "parse_ip",
    "parse_port_range",
    "parse_port_spec",
    "parse_port_specs",
    "parse_publish_long",
    "publish_all_ports",
    "split_proto_port",
]

GENERATIONS = ("current", "v0.6", "v0.5", "v0.4")
_PROTO_ORDER = {"tcp": 0, "udp": 1, "sctp": 2}
_PROTOS = frozenset(("tcp", "udp", "sctp"))
_EN_DASH_RANGE = "value out of range (0\u201365535)"


# --------------------------------------------------------------------------- values


@attrs.frozen(order=False)
class Port:
    """A container port and its protocol: the ``80/tcp`` of the Engine API's port keys.

    ``proto`` is lower case; ``--expose`` accepts any protocol word, so it is not limited to
    tcp/udp/sctp here.

    >>> Port.parse("80/TCP")
    Port(number=80, proto='tcp')
    """

    number: int
    proto: str = "tcp"

    def __str__(self) -> str:
        return f"{self.number}/{self.proto}"

    def sort_key(self) -> tuple[int, int, str]:
        """Numeric order: by number, then tcp < udp < sctp < any other word."""
        return (self.number, _PROTO_ORDER.get(self.proto, 3), self.proto)

    @classmethod
    def parse(cls, text: object) -> Port:
        """Parse ``PORT[/PROTO]`` as moby's single-port parser does (``docker port``'s argument).

        The protocol is lower-cased (default tcp) and not validated. Errors are
        :class:`~dockerlinks.errors.PortError` with moby's text, e.g.
        ``invalid port 'abc': invalid syntax``.
        """
        if not isinstance(text, str):
            raise PortError(f"invalid port: expected a string, got {type(text).__name__}")
        if text == "":
            raise PortError("invalid port: value is empty", text=text, span=(0, 0))
        port, _, proto = text.partition("/")
        try:
            number = _go_parse_uint(port, 16, empty="value is empty")
        except _NumError as exc:
            raise PortError(
                f"invalid port '{port}': {exc.why}", text=text, span=(0, len(port))
            ) from None
        return cls(number, _go_lower(proto) if proto else "tcp")


@attrs.frozen
class PortRange:
    """An inclusive range of port numbers; a single port is ``PortRange(p, p)``."""

    start: int
    end: int

    def __str__(self) -> str:
        return str(self.start) if self.start == self.end else f"{self.start}-{self.end}"

    def __len__(self) -> int:
        return self.end - self.start + 1

    def __iter__(self) -> Iterator[int]:
        return iter(range(self.start, self.end + 1))

    def __contains__(self, number: object) -> bool:
        return isinstance(number, int) and self.start <= number <= self.end


@attrs.frozen
class PortBinding:
    """One host-side binding as the Engine API holds it: two strings.

    ``host_ip`` ``""`` means the default binding address; ``host_port`` ``""`` means an
    ephemeral port, ``"8080"`` that port, ``"8000-9000"`` one port out of that range.
    """

    host_ip: str = ""
    host_port: str = ""

    def to_api(self) -> dict[str, str]:
        """The Engine API object ``{"HostIp": ..., "HostPort": ...}``."""
        return {"HostIp": self.host_ip, "HostPort": self.host_port}


@attrs.frozen
class PortMapping:
    """One expanded mapping of a ``-p`` value: a container port and its binding."""

    port: Port
    binding: PortBinding

    def __str__(self) -> str:
        """go-connections' canonical text: ``[host_ip]:host_port:port/proto``."""
        return join_host_port(self.binding.host_ip, f"{self.binding.host_port}:{self.port}")


@attrs.frozen
class PortSpec:
    """One ``-p`` value, compact: a range is kept as a range, never expanded here.

    ``host_ip`` is as typed, without brackets (``""`` = default address); ``host_range`` is
    ``None`` when no host port was given (ephemeral). ``str()`` is the canonical text and
    ``parse_port_spec(str(spec)) == spec``.
    """

    container_range: PortRange
    proto: str = "tcp"
    host_ip: str = ""
    host_range: PortRange | None = None

    def __str__(self) -> str:
        tail = f"{self.container_range}/{self.proto}"
        if self.host_ip:
            host = str(self.host_range) if self.host_range is not None else ""
            ip = f"[{self.host_ip}]" if ":" in self.host_ip else self.host_ip
            return f"{ip}:{host}:{tail}"
        if self.host_range is not None:
            return f"{self.host_range}:{tail}"
        return tail

    def __len__(self) -> int:
        """The number of mappings (the container range's size)."""
        return self.container_range.end - self.container_range.start + 1

    def mappings(self) -> Iterator[PortMapping]:
        """Expand lazily, in Docker's order: container port ``start + i`` with host ``hstart + i``.

        A host range with a single container port yields ONE mapping whose host port is the
        range text (the daemon allocates one port out of it).
        """
        start, end = self.container_range.start, self.container_range.end
        proto, ip, host = self.proto, self.host_ip, self.host_range
        if host is None:
            binding = PortBinding(ip, "")
            for number in range(start, end + 1):
                yield PortMapping(Port(number, proto), binding)
        elif start == end:
            yield PortMapping(Port(start, proto), PortBinding(ip, str(host)))
        else:
            offset = host.start - start
            for number in range(start, end + 1):
                yield PortMapping(Port(number, proto), PortBinding(ip, str(number + offset)))


def _ports_from_api_key(key: object, where: str) -> Port:
    if not isinstance(key, str):
        raise InspectError(f"{where}: port key must be a string, got {type(key).__name__}")
    try:
        return Port.parse(key)
    except PortError as exc:
        raise InspectError(f"{where}: {exc.docker_message}", text=key, span=exc.span) from None


def _go_json_field(obj: Mapping[str, Any], name: str) -> Any:
    """Go's encoding/json field match: exact name first, else case-insensitive."""
    if name in obj:
        return obj[name]
    lowered = name.lower()
    for key, value in obj.items():
        if isinstance(key, str) and key.lower() == lowered:
            return value
    return ""


def _binding_from_api(obj: object, where: str) -> PortBinding:
    if not isinstance(obj, Mapping):
        raise InspectError(f"{where}: a binding must be an object, got {type(obj).__name__}")
    host_ip = _go_json_field(obj, "HostIp")
    host_port = _go_json_field(obj, "HostPort")
    if host_ip is None:
        host_ip = ""
    if host_port is None:
        host_port = ""
    if not isinstance(host_ip, str) or not isinstance(host_port, str):
        raise InspectError(f"{where}: HostIp and HostPort must be strings")
    return PortBinding(host_ip, host_port)


def _bindings_from_api(value: object, where: str) -> tuple[PortBinding, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list | tuple):
        raise InspectError(f"{where}: bindings must be a list, got {type(value).__name__}")
    return tuple(_binding_from_api(item, where) for item in value)


# The slot descriptors of PortRange and PortSpec, for the parser's hot path (_fast_current).
_new_object = object.__new__
_set_start = PortRange.__dict__["start"].__set__
_set_end = PortRange.__dict__["end"].__set__
_set_cont = PortSpec.__dict__["container_range"].__set__
_set_proto = PortSpec.__dict__["proto"].__set__
_set_ip = PortSpec.__dict__["host_ip"].__set__
_set_host = PortSpec.__dict__["host_range"].__set__


@attrs.frozen
class PortConfig:
    """What a list of ``-p`` values (or the Engine API) asks for.

    ``exposed``: the ``Config.ExposedPorts`` keys in first-seen order, without duplicates.
    ``bindings``: ``HostConfig.PortBindings`` as (port, bindings) pairs in first-seen order of
    the port; each port's bindings keep input order and duplicates.
    """

    exposed: tuple[Port, ...] = ()
    bindings: tuple[tuple[Port, tuple[PortBinding, ...]], ...] = ()

    def to_api(self) -> dict[str, Any]:
        """``{"ExposedPorts": {...}, "PortBindings": {...}}`` exactly as the CLI sends them.

        >>> api = parse_port_specs(["8000-9000:5000", "80"]).to_api()
        >>> api["ExposedPorts"]
        {'5000/tcp': {}, '80/tcp': {}}
        >>> api["PortBindings"]["5000/tcp"], api["PortBindings"]["80/tcp"]
        ([{'HostIp': '', 'HostPort': '8000-9000'}], [{'HostIp': '', 'HostPort': ''}])
        """
        return {
            "ExposedPorts": {str(port): {} for port in self.exposed},
            "PortBindings": {
                str(port): [b.to_api() for b in bindings] for port, bindings in self.bindings
            },
        }

    @classmethod
    def from_api(cls, data: object) -> PortConfig:
        """Read ``{"ExposedPorts": ..., "PortBindings": ...}`` back (either may be absent/null).

        Wrong shapes raise :class:`~dockerlinks.errors.InspectError`.
        """
        if not isinstance(data, Mapping):
            raise InspectError(f"port config must be an object, got {type(data).__name__}")
        exposed_raw = data.get("ExposedPorts")
        bindings_raw = data.get("PortBindings")
        exposed_raw = {} if exposed_raw is None else exposed_raw
        bindings_raw = {} if bindings_raw is None else bindings_raw
        if not isinstance(exposed_raw, Mapping) or not isinstance(bindings_raw, Mapping):
            raise InspectError("ExposedPorts and PortBindings must be objects")
        exposed: dict[Port, None] = {}
        for key in exposed_raw:
            exposed[_ports_from_api_key(key, "ExposedPorts")] = None
        bindings: dict[Port, tuple[PortBinding, ...]] = {}
        for key, value in bindings_raw.items():
            port = _ports_from_api_key(key, "PortBindings")
            found = _bindings_from_api(value, f"PortBindings[{key!r}]") or ()
            bindings[port] = bindings.get(port, ()) + found
        return cls(tuple(exposed), tuple(bindings.items()))


@attrs.frozen
class PortMap:
    """``NetworkSettings.Ports`` of a running container: the *chosen* bindings.

    Each entry is (port, bindings) where bindings is ``None`` for an exposed port that is not
    published (the API's ``null``). Host IPs are concrete (``0.0.0.0``, ``::``) and host ports
    are single numbers as strings.
    """

    entries: tuple[tuple[Port, tuple[PortBinding, ...] | None], ...] = ()

    def to_api(self) -> dict[str, list[dict[str, str]] | None]:
        """The inspect ``NetworkSettings.Ports`` object (``None`` = JSON ``null``)."""
        return {
            str(port): None if bindings is None else [b.to_api() for b in bindings]
            for port, bindings in self.entries
        }

    @classmethod
    def from_api(cls, data: object) -> PortMap:
        """Read inspect ``NetworkSettings.Ports`` (``null`` = not published).

        >>> data = {"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8080"}], "443/tcp": None}
        >>> PortMap.from_api(data).to_api()
        {'80/tcp': [{'HostIp': '0.0.0.0', 'HostPort': '8080'}], '443/tcp': None}
        """
        if data is None:
            return cls()
        if not isinstance(data, Mapping):
            raise InspectError(
                f"NetworkSettings.Ports must be an object, got {type(data).__name__}"
            )
        entries: dict[Port, tuple[PortBinding, ...] | None] = {}
        for key, value in data.items():
            port = _ports_from_api_key(key, "NetworkSettings.Ports")
            entries[port] = _bindings_from_api(value, f"NetworkSettings.Ports[{key!r}]")
        return cls(tuple(entries.items()))

    def get(self, port: Port) -> tuple[PortBinding, ...] | None:
        """The bindings of ``port`` (``None`` when absent or not published)."""
        for key, bindings in self.entries:
            if key == port:
                return bindings
        return None


@attrs.frozen
class LongSyntax:
    """A long-syntax publish value converted to the short syntax.

    ``spec`` is the parsed result, ``short`` the short text Docker builds (``docker run``) or
    the equivalent short text (compose), and ``ignored`` the keys that were given but have no
    effect on the binding, in input order (for ``docker run``: everything but ``published``,
    ``target`` and ``protocol``, including ``host_ip`` and ``mode``).
    """

    spec: PortSpec
    short: str
    ignored: tuple[str, ...] = ()


# --------------------------------------------------------------------------- Go helpers


class _NumError(Exception):
    """A Go number-conversion failure: ``why`` is ``invalid syntax`` / ``value out of range``."""

    def __init__(self, why: str, raw: str = "") -> None:
        super().__init__(why)
        self.why = why
        self.raw = raw  # the full strconv text, for the older generations' messages


def _go_quote(text: str) -> str:
    """Go's ``strconv.Quote`` for the texts that appear in messages."""
    out = ['"']
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif char.isprintable():
            out.append(char)
        elif char in "\a\b\f\n\r\t\v":
            out.append(repr(char)[1:-1] if char not in "\a\v" else {"\a": "\\a", "\v": "\\v"}[char])
        elif ord(char) < 0x80:
            out.append(f"\\x{ord(char):02x}")
        elif ord(char) < 0x10000:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    out.append('"')
    return "".join(out)


def _go_parse_uint(text: str, bits: int, *, empty: str | None = None) -> int:
    """Go ``strconv.ParseUint(text, 10, bits)``; ``empty`` overrides the empty-text reason."""
    if text == "" and empty is not None:
        raise _NumError(empty)
    if text.isascii() and text.isdigit():
        stripped = text.lstrip("0")
        if len(stripped) <= 20:
            value = int(stripped or "0")
            if value < (1 << bits):
                return value
    # Slow path, for errors only (every valid number was returned above): Go reports an
    # overflow as soon as the digits seen so far exceed the limit, before it looks at a later
    # bad character; an empty text is a syntax error.
    limit = (1 << bits) - 1
    value = 0
    for char in text:
        if not "0" <= char <= "9":
            break
        value = value * 10 + ord(char) - 48
        if value > limit:
            raise _NumError(
                "value out of range",
                f"strconv.ParseUint: parsing {_go_quote(text)}: value out of range",
            )
    raise _NumError(
        "invalid syntax", f"strconv.ParseUint: parsing {_go_quote(text)}: invalid syntax"
    )


def _go_parse_int64(text: str) -> int:
    """Go ``strconv.ParseInt(text, 10, 0)`` on a 64-bit platform (a sign is allowed)."""
    body = text
    negative = False
    if text[:1] in ("+", "-"):
        negative = text[0] == "-"
        body = text[1:]
    if body == "":
        raise _NumError("invalid syntax")
    value = _go_parse_uint(body, 64)
    if (not negative and value >= 1 << 63) or (negative and value > 1 << 63):
        raise _NumError("value out of range")
    return -value if negative else value


def _port_number_current(text: str) -> int:
    """go-connections' ``parsePortNumber`` (v0.7+)."""
    if text.isascii() and text.isdigit() and len(text) <= 5:
        value = int(text)
        if value <= 65535:
            return value
    if text == "":
        raise _NumError("value is empty")
    value = _go_parse_int64(text)
    if value < 0 or value > 65535:
        raise _NumError(_EN_DASH_RANGE)
    return value


def _range_current(text: str) -> tuple[int, int]:
    """go-connections' ``parsePortRange`` (v0.7+); raises ``_NumError`` with its message."""
    if text == "":
        raise _NumError("empty string specified for ports")
    start, sep, end = text.partition("-")
    try:
        low = _port_number_current(start)
    except _NumError as exc:
        raise _NumError(f"invalid start port '{start}': {exc.why}") from None
    if not sep or start == end:
        return low, low
    try:
        high = _port_number_current(end)
    except _NumError as exc:
        raise _NumError(f"invalid end port '{end}': {exc.why}") from None
    if high < low:
        raise _NumError("invalid port range: " + text)
    return low, high


def _range_old(text: str, capital: bool) -> tuple[int, int]:
    """go-connections' ``ParsePortRange`` of v0.4 - v0.6 (raw strconv messages)."""
    if text == "":
        raise _NumError(
            "Empty string specified for ports." if capital else "empty string specified for ports"
        )

    def number(part: str) -> int:
        try:
            return _go_parse_uint(part, 16)
        except _NumError as exc:
            raise _NumError(exc.raw) from None

    if "-" not in text:
        low = number(text)
        return low, low
    parts = text.split("-")
    low = number(parts[0])
    high = number(parts[1])
    if high < low:
        prefix = (
            "Invalid range specified for the Port: "
            if capital
            else ("invalid range specified for port: ")
        )
        raise _NumError(prefix + text)
    return low, high


def _go_lower(text: str) -> str:
    """Go's ``strings.ToLower``: simple per-character mapping (``İ`` -> ``i``, no final sigma)."""
    if text.isascii():
        return text.lower()
    out = []
    for char in text:
        low = char.lower()
        out.append(low if len(low) == 1 else ("i" if char == "\u0130" else char))
    return "".join(out)


def _parse_ipv4(text: str) -> bytes | None:
    parts = text.split(".")
    if len(parts) != 4:
        return None
    out = bytearray()
    for part in parts:
        if not part or not (part.isascii() and part.isdigit()) or len(part) > 3:
            return None
        if len(part) > 1 and part[0] == "0":
            return None
        value = int(part)
        if value > 255:
            return None
        out.append(value)
    return bytes(out)


_HEX = frozenset("0123456789abcdefABCDEF")


def _parse_ipv6(text: str) -> bytes | None:
    """Go ``netip.ParseAddr`` for IPv6 without a zone; 16 bytes or ``None``."""
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
            four = _parse_ipv4(rest)
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


def parse_ip(text: object) -> bytes | None:
    """Go's ``net.ParseIP`` acceptance: 4 bytes (IPv4), 16 bytes (IPv6) or ``None``.

    Dotted-quad IPv4 without leading zeros, any IPv6 form (embedded IPv4 included), no zone.

    >>> parse_ip("127.0.0.1"), parse_ip("010.0.0.1"), parse_ip("fe80::1%eth0")
    (b'\\x7f\\x00\\x00\\x01', None, None)
    """
    if not isinstance(text, str):
        return None
    dot, colon = text.find("."), text.find(":")
    if dot < 0 and colon < 0:
        return None
    if colon < 0 or 0 <= dot < colon:
        return _parse_ipv4(text)
    return _parse_ipv6(text)


def _split_host_port(hostport: str) -> tuple[str, str | None]:
    """Go's ``net.SplitHostPort`` of ``ip + ":"``: (host, None) or ("", reason).

    The text always ends with ``:`` here, so Go's "no colon at all" and "nothing after the
    ``]``" failures cannot occur.
    """
    last = len(hostport) - 1
    j = k = 0
    if hostport[0] == "[":
        end = hostport.find("]")
        if end < 0:
            return "", "missing ']' in address"
        if end + 1 != last:
            if hostport[end + 1] == ":":
                return "", "too many colons in address"
            return "", "missing port in address"
        host = hostport[1:end]
        j, k = 1, end + 1
    else:
        host = hostport[:last]
        if ":" in host:
            return "", "too many colons in address"
    if "[" in hostport[j:]:
        return "", "unexpected '[' in address"
    if "]" in hostport[k:]:
        return "", "unexpected ']' in address"
    return host, None


def join_host_port(host: str, port: str) -> str:
    """Go's ``net.JoinHostPort``: brackets when the host contains ``:``.

    >>> join_host_port("::1", "80"), join_host_port("127.0.0.1", "80")
    ('[::1]:80', '127.0.0.1:80')
    """
    if not isinstance(host, str) or not isinstance(port, str):
        raise PortSpecError(
            f"invalid host or port: expected strings, got {type(host).__name__} "
            f"and {type(port).__name__}"
        )
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


# --------------------------------------------------------------------------- -p parser


def split_proto_port(raw: str) -> tuple[str, str]:
    """go-connections' current ``SplitProtoPort``: ``(proto, port)``, not validated.

    >>> split_proto_port("1234/UDP"), split_proto_port("80/"), split_proto_port("/udp")
    (('UDP', '1234'), ('tcp', '80'), ('', ''))
    """
    if not isinstance(raw, str):
        raise PortSpecError(f"invalid port: expected a string, got {type(raw).__name__}")
    port, _, proto = raw.partition("/")
    if port == "":
        return "", ""
    return proto or "tcp", port


def parse_port_range(text: object) -> PortRange:
    """go-connections' ``ParsePortRange`` (current texts; ``A-A`` collapses; no protocol).

    >>> parse_port_range("8000-9000")
    PortRange(start=8000, end=9000)
    >>> parse_port_range("9000-8000")
    Traceback (most recent call last):
    ...
    dockerlinks.errors.PortSpecError: invalid port range: 9000-8000
        9000-8000
        ^^^^^^^^^
    """
    if not isinstance(text, str):
        raise PortSpecError(f"invalid port range: expected a string, got {type(text).__name__}")
    try:
        low, high = _range_current(text)
    except _NumError as exc:
        raise PortSpecError(exc.why, text=text, span=(0, len(text))) from None
    return _port_range(low, high)


def _pair(low: int, high: int) -> PortRange:
    """``PortRange(low, high)`` through the slot descriptors (the parser's hot path)."""
    value = _new_object(PortRange)
    _set_start(value, low)
    _set_end(value, high)
    return value


@functools.cache
def _single(number: int) -> PortRange:
    """The shared ``PortRange(number, number)`` (at most 65,536 of them)."""
    return _pair(number, number)


def _port_range(low: int, high: int) -> PortRange:
    """A :class:`PortRange`; single ports are shared values."""
    return _single(low) if low == high and 0 <= low <= 65535 else _pair(low, high)


class _Fields:
    """Where the fields of a short spec are, for carets."""

    __slots__ = ("cont", "cont_end", "host", "host_end", "ip_end", "proto", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        count = text.count(":")
        if count == 0:
            self.ip_end = self.host = self.host_end = 0
            self.cont = 0
        elif count == 1:
            self.ip_end = 0
            self.host = 0
            self.host_end = text.index(":")
            self.cont = self.host_end + 1
        else:
            self.cont = text.rindex(":") + 1
            self.host_end = self.cont - 1
            self.ip_end = text.rindex(":", 0, self.host_end)
            self.host = self.ip_end + 1
        slash = text.find("/", self.cont)
        self.cont_end = len(text) if slash < 0 else slash
        self.proto = len(text) if slash < 0 else slash + 1

    def error(self, message: str, field: str) -> PortSpecError:
        text = self.text
        span = {
            "ip": (0, self.ip_end),
            "host": (self.host, self.host_end),
            "cont": (self.cont, self.cont_end),
            "proto": (self.proto, len(text)),
            "ranges": (self.host, self.cont_end),
        }[field]
        return PortSpecError(message, text=text, span=span)


def _split_parts(raw: str) -> tuple[str, str, str]:
    parts = raw.split(":")
    n = len(parts)
    if n == 1:
        return "", "", raw
    if n == 2:
        return "", parts[0], parts[1]
    if n == 3:
        return parts[0], parts[1], parts[2]
    return ":".join(parts[:-2]), parts[-2], parts[-1]


def _fail(raw: str, message: str, field: str) -> PortSpecError:
    return _Fields(raw).error(message, field)


# The common valid shapes in one pattern: dotted-quad IPv4 without leading zeros (as Go's
# net.ParseIP), ports of at most five ASCII digits, a lower-case protocol. Anything else (and
# any value out of range) goes to the full parser, which decides and words the error.
_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_FAST_SPEC = re.compile(
    rf"(?:(?:({_OCTET}(?:\.{_OCTET}){{3}})?:)?(?:([0-9]{{1,5}})(?:-([0-9]{{1,5}}))?)?:)?"
    r"([0-9]{1,5})(?:-([0-9]{1,5}))?(?:/(tcp|udp|sctp))?"
).fullmatch


def _fast_current(raw: str) -> PortSpec | None:
    """The common valid shapes, or ``None`` to let the full parser decide (and word errors).

    This is the hot path of :func:`parse_port_spec`: it builds the :class:`PortSpec` through
    the slot descriptors directly rather than through the generated ``__init__``.
    """
    spec = _new_object(PortSpec)
    if raw.isdigit() and len(raw) <= 5 and raw.isascii():
        low = int(raw)
        if low > 65535:
            return None
        _set_cont(spec, _single(low))
        _set_proto(spec, "tcp")
        _set_ip(spec, "")
        _set_host(spec, None)
        return spec
    head, colon, tail = raw.partition(":")
    if colon and ":" not in tail:  # HOST:CONTAINER[/PROTO], both plain numbers
        number, slash, word = tail.partition("/")
        if (
            len(head) <= 5
            and len(number) <= 5
            and head.isdigit()
            and number.isdigit()
            and head.isascii()
            and number.isascii()
            and (not slash or word in _PROTOS)
        ):
            host_port, low = int(head), int(number)
            if host_port <= 65535 and low <= 65535:
                _set_cont(spec, _single(low))
                _set_proto(spec, word if slash else "tcp")
                _set_ip(spec, "")
                _set_host(spec, _single(host_port))
                return spec
    match = _FAST_SPEC(raw)
    if match is None:
        return None
    ip, host_start, host_end, start, end, proto = match.groups()
    # The container and host ranges are checked inline, not by a shared helper: a call per
    # range costs a measurable share of this path (benchmarks/bench_ports.py).
    low = int(start)
    if end is None:
        if low > 65535:
            return None
        high, cont = low, _single(low)
    else:
        high = int(end)
        if high > 65535 or high < low:
            return None
        cont = _pair(low, high)
    host = None
    if host_start is not None:
        hlow = int(host_start)
        if host_end is None:
            if hlow > 65535:
                return None
            hhigh, host = hlow, _single(hlow)
        else:
            hhigh = int(host_end)
            if hhigh > 65535 or hhigh < hlow:
                return None
            host = _pair(hlow, hhigh)
        if high - low != hhigh - hlow and high != low:
            return None
    _set_cont(spec, cont)
    _set_proto(spec, proto or "tcp")
    _set_ip(spec, ip or "")
    _set_host(spec, host)
    return spec


@functools.lru_cache(maxsize=1024)
def _ip_ok(ip: str) -> bool:
    return parse_ip(ip) is not None


def _parse_current(raw: str, v06: bool) -> PortSpec:
    ip, host, cont = _split_parts(raw)
    port, _, proto = cont.partition("/")
    if v06:
        proto = _go_lower(proto or "tcp") if port else ""
        if proto not in _PROTOS:
            raise _fail(raw, "invalid proto: " + proto, "proto")
    else:
        if port == "":
            raise _fail(raw, f"no port specified: {raw}<empty>", "cont")
        proto = _go_lower(proto) if proto else "tcp"
        if proto not in _PROTOS:
            raise _fail(raw, "invalid proto: " + proto, "proto")
    if ip:
        if ip[0] == "[":
            stripped, why = _split_host_port(ip + ":")
            if why is not None:
                raise _fail(raw, f"invalid IP address {ip}: address {ip}:: {why}", "ip")
            ip = stripped
        if ip and not _ip_ok(ip):
            raise _fail(raw, "invalid IP address: " + ip, "ip")
    try:
        low, high = _range_old(port, False) if v06 else _range_current(port)
    except _NumError:
        raise _fail(raw, "invalid containerPort: " + port, "cont") from None
    host_range = None
    if host:
        try:
            hlow, hhigh = _range_old(host, False) if v06 else _range_current(host)
        except _NumError:
            raise _fail(raw, "invalid hostPort: " + host, "host") from None
        if high - low != hhigh - hlow and high != low:
            raise _fail(
                raw,
                f"invalid ranges specified for container and host Ports: {port} and {host}",
                "ranges",
            )
        host_range = _port_range(hlow, hhigh)
    return PortSpec(_port_range(low, high), proto, ip, host_range)


def _parse_old(raw: str, capital: bool) -> PortSpec:
    """go-connections v0.4 (``capital``) and v0.5."""
    ip, host, cont = _split_parts(raw)
    parts = cont.split("/")
    if cont == "" or parts[0] == "":
        proto, port = "", ""
    elif len(parts) == 1:
        proto, port = "tcp", cont
    else:
        proto, port = parts[1] or "tcp", parts[0]
    word = "Invalid" if capital else "invalid"
    if capital:
        stripped, why = _split_host_port(ip + ":")
        if why is not None:
            raise _fail(raw, f"Invalid ip address {ip}: address {ip}:: {why}", "ip")
        ip = stripped
        if ip and not _ip_ok(ip):
            raise _fail(raw, "Invalid ip address: " + ip, "ip")
    elif ip:
        if ip[0] == "[":
            stripped, why = _split_host_port(ip + ":")
            if why is not None:
                raise _fail(raw, f"invalid IP address {ip}: address {ip}:: {why}", "ip")
            ip = stripped
        if ip and not _ip_ok(ip):
            raise _fail(raw, "invalid IP address: " + ip, "ip")
    if port == "":
        raise _fail(raw, f"{'No' if capital else 'no'} port specified: {raw}<empty>", "cont")
    try:
        low, high = _range_old(port, capital)
    except _NumError:
        raise _fail(raw, f"{word} containerPort: {port}", "cont") from None
    host_range = None
    if host:
        try:
            hlow, hhigh = _range_old(host, capital)
        except _NumError:
            raise _fail(raw, f"{word} hostPort: {host}", "host") from None
        if high - low != hhigh - hlow and high != low:
            raise _fail(
                raw,
                f"{word} ranges specified for container and host Ports: {port} and {host}",
                "ranges",
            )
        host_range = _port_range(hlow, hhigh)
    lowered = _go_lower(proto)
    if lowered not in _PROTOS:
        raise _fail(raw, f"{word} proto: {proto}", "proto")
    return PortSpec(_port_range(low, high), lowered, ip, host_range)


@functools.lru_cache(maxsize=4096)
def _parse_cached(raw: str, generation: str) -> PortSpec:
    if generation == "current":
        return _parse_current(raw, False)
    if generation == "v0.6":
        return _parse_current(raw, True)
    return _parse_old(raw, generation == "v0.4")


def parse_port_spec(spec: object, *, generation: str = "current") -> PortSpec:
    """Parse one ``-p`` value exactly as the docker CLI does (see the module docstring).

    ``generation`` selects the go-connections parser: ``"current"`` (docker CLI v29.7+),
    ``"v0.6"`` (v28.5 - v29.6), ``"v0.5"`` (v25 - v28.4) or ``"v0.4"`` (v20.10 - v24).
    Raises :class:`~dockerlinks.errors.PortSpecError` with Docker's message and a caret.

    >>> str(parse_port_spec("::1:8080:80"))
    '[::1]:8080:80/tcp'
    >>> parse_port_spec("::1:8080:80", generation="v0.4")
    Traceback (most recent call last):
    ...
    dockerlinks.errors.PortSpecError: Invalid ip address ::1: address ::1:: too many colons ...
        ::1:8080:80
        ^^^
    """
    if type(spec) is str and generation == "current":
        fast = _fast_current(spec)
        return fast if fast is not None else _parse_current(spec, False)
    if not isinstance(spec, str):
        raise PortSpecError(f"invalid port spec: expected a string, got {type(spec).__name__}")
    if generation not in GENERATIONS:
        raise PortSpecError(
            f"unknown parser generation: {generation!r} (expected one of {', '.join(GENERATIONS)})"
        )
    return _parse_cached(str(spec), generation)


def parse_port_specs(specs: Iterable[str], *, generation: str = "current") -> PortConfig:
    """go-connections ``ParsePortSpecs``: exposed ports (deduplicated) and bindings in order.

    Duplicates are kept; the first error aborts the whole list.

    >>> parse_port_specs(["80", "80"]).to_api()["PortBindings"]
    {'80/tcp': [{'HostIp': '', 'HostPort': ''}, {'HostIp': '', 'HostPort': ''}]}
    """
    if isinstance(specs, str) or not isinstance(specs, Iterable):
        raise PortSpecError(
            f"invalid port specs: expected a list of strings, got {type(specs).__name__}"
        )
    bindings: dict[Port, list[PortBinding]] = {}
    for spec in specs:
        for mapping in parse_port_spec(spec, generation=generation).mappings():
            found = bindings.get(mapping.port)
            if found is None:
                bindings[mapping.port] = [mapping.binding]
            else:
                found.append(mapping.binding)
    return PortConfig(tuple(bindings), tuple((p, tuple(b)) for p, b in bindings.items()))


def publish_all_ports(
    exposed: Iterable[Port], config: PortConfig = PortConfig()
) -> tuple[Port, ...]:
    """``-P``: the exposed ports that get one ephemeral binding (empty IP, host port 0).

    ``exposed`` is the image ``EXPOSE`` and ``--expose`` set; every ``-p`` container port of
    ``config`` is exposed too. Ports with an explicit binding are not published again. (The
    daemon iterates ``ExposedPorts`` only up to v28 and the union with ``PortBindings`` from
    v29; both agree for what the CLI sends, since the CLI exposes every ``-p`` port.)

    >>> publish_all_ports([Port(80), Port(443)], parse_port_specs(["8080:80"]))
    (Port(number=443, proto='tcp'),)
    """
    if not isinstance(config, PortConfig):
        raise PortSpecError(
            f"invalid port config: expected a PortConfig, got {type(config).__name__}"
        )
    if isinstance(exposed, str) or not isinstance(exposed, Iterable):
        raise PortSpecError(
            f"invalid exposed ports: expected a list of Ports, got {type(exposed).__name__}"
        )
    bound = {port for port, _ in config.bindings}
    seen: dict[Port, None] = {}
    for port in (*config.exposed, *exposed):
        if not isinstance(port, Port):
            raise PortSpecError(f"invalid exposed port: expected a Port, got {type(port).__name__}")
        if port not in bound:
            seen[port] = None
    return tuple(seen)


# --------------------------------------------------------------------------- --expose


def parse_expose(value: object, *, profile: Profile | str = "modern") -> tuple[Port, ...]:
    """``--expose`` / ``EXPOSE``: the ports of ``RANGE[/PROTO]`` (protocol not validated).

    Profiles with the parser generation ``current`` or ``v0.6`` (docker CLI v29): moby's
    port-range parser, protocol lower-cased, errors ``invalid range format for --expose:
    <why>``. Profiles with ``v0.5`` or ``v0.4`` (CLI v20.10 - v28.4): a ``:`` fails first
    (``invalid port format for --expose: <v>``), other errors read ``invalid range format
    for --expose: <v>, error: <raw>`` (go-connections' own texts, capitalised in v0.4), the
    protocol is the second ``/`` field, case kept. (CLI v28.5 vendored go-connections v0.6
    but still had the older ``--expose`` code; the ``v0.6`` generation models v29.0 - v29.6.)

    >>> parse_expose("8080-8082/TCP")
    (Port(number=8080, proto='tcp'), Port(number=8081, proto='tcp'), Port(number=8082, proto='tcp'))
    >>> parse_expose("8080:9090")
    Traceback (most recent call last):
    ...
    dockerlinks.errors.ExposeError: invalid range format for --expose: invalid start port ...
        8080:9090
        ^^^^^^^^^
    """
    prof = get_profile(profile)
    if not isinstance(value, str):
        raise ExposeError(f"invalid --expose value: expected a string, got {type(value).__name__}")
    if prof.parser in ("current", "v0.6"):
        low, high, proto = _expose_current(value)
    else:
        low, high, proto = _expose_old(value, prof.parser == "v0.4")
    return tuple(Port(n, proto) for n in range(low, high + 1))


def _expose_current(value: str) -> tuple[int, int, str]:
    prefix = "invalid range format for --expose: "
    if value == "":
        raise ExposeError(prefix + "invalid port range: value is empty", text=value, span=(0, 0))
    ports, _, proto = value.partition("/")
    start, sep, end = ports.partition("-")
    try:
        low = _go_parse_uint(start, 16, empty="value is empty")
    except _NumError as exc:
        raise ExposeError(
            f"{prefix}invalid start port '{start}': {exc.why}", text=value, span=(0, len(start))
        ) from None
    proto = _go_lower(proto) if proto else "tcp"
    if not sep or start == end:
        return low, low, proto
    try:
        high = _go_parse_uint(end, 16, empty="value is empty")
    except _NumError as exc:
        span = (len(start) + 1, len(ports))
        raise ExposeError(
            f"{prefix}invalid end port '{end}': {exc.why}", text=value, span=span
        ) from None
    if high < low:
        raise ExposeError(f"{prefix}invalid port range: {value}", text=value, span=(0, len(ports)))
    return low, high, proto


def _expose_old(value: str, capital: bool) -> tuple[int, int, str]:
    if ":" in value:
        colon = value.index(":")
        raise ExposeError(
            f"invalid port format for --expose: {value}", text=value, span=(colon, colon + 1)
        )
    parts = value.split("/")
    if value == "" or parts[0] == "":
        proto, port = "", ""
    elif len(parts) == 1:
        proto, port = "tcp", value
    else:
        proto, port = parts[1] or "tcp", parts[0]
    try:
        low, high = _range_old(port, capital)
    except _NumError as exc:
        raise ExposeError(
            f"invalid range format for --expose: {value}, error: {exc.why}",
            text=value,
            span=(0, len(parts[0])),
        ) from None
    return low, high, proto


# --------------------------------------------------------------------------- long syntax


def convert_publish_long(value: object, *, generation: str = "current") -> LongSyntax:
    """``docker run -p`` long syntax: ``published=…,target=…,protocol=…``, Docker's way.

    The value is split on ``,``; each parameter is cut at its first ``=``; keys are
    case-sensitive. Only ``published``, ``target`` and ``protocol`` (default ``tcp``) are used;
    Docker silently ignores every other key, including ``host_ip`` and ``mode`` (they are
    listed in ``ignored``). A repeated key keeps its last value. The short text
    ``<published>:<target>/<protocol>`` is then parsed as a ``-p`` value, so its errors read as
    Docker's (``no port specified: 8080:/tcp<empty>``). A value without ``=`` is short syntax.

    >>> long = convert_publish_long("mode=host,target=80,published=8080,host_ip=127.0.0.1")
    >>> long.short, str(long.spec), long.ignored
    ('8080:80/tcp', '8080:80/tcp', ('mode', 'host_ip'))
    """
    if not isinstance(value, str):
        raise PortSpecError(f"invalid publish value: expected a string, got {type(value).__name__}")
    if "=" not in value:
        return LongSyntax(parse_port_spec(value, generation=generation), value)
    params = {"protocol": "tcp"}
    ignored: dict[str, None] = {}
    offset = 0
    for param in value.split(","):
        key, sep, val = param.partition("=")
        if not sep or key == "":
            raise PortSpecError(
                f"invalid publish opts format (should be name=value but got '{param}')",
                text=value,
                span=(offset, offset + len(param)),
            )
        params[key] = val
        if key not in ("published", "target", "protocol"):
            ignored[key] = None
        offset += len(param) + 1
    short = f"{params.get('published', '')}:{params.get('target', '')}/{params['protocol']}"
    return LongSyntax(parse_port_spec(short, generation=generation), short, tuple(ignored))


def parse_publish_long(value: object, *, generation: str = "current") -> PortSpec:
    """The :class:`PortSpec` of a ``docker run -p`` value in long (or short) syntax.

    >>> str(parse_publish_long("target=80,published=8000-8001,protocol=UDP"))
    '8000-8001:80/udp'
    >>> parse_publish_long("published=8080")
    Traceback (most recent call last):
    ...
    dockerlinks.errors.PortSpecError: no port specified: 8080:/tcp<empty>
        8080:/tcp
             ^
    """
    return convert_publish_long(value, generation=generation).spec


_COMPOSE_KEYS = ("target", "published", "host_ip", "protocol", "mode", "app_protocol", "name")


def convert_compose_port(entry: object) -> LongSyntax:
    """A compose long-syntax port (``target``, ``published``, ``host_ip``, ``protocol``,
    ``mode``, ``app_protocol``, ``name``) as compose-go / compose v2 reads it.

    Unlike ``docker run``, ``host_ip`` is honoured. ``target`` is one port number (a range is
    refused); ``published`` may be a number, a port or a range (dynamic host range). ``mode``,
    ``app_protocol`` and ``name`` do not change the binding and are listed in ``ignored``;
    unknown keys are refused (as compose's schema does), ``x-`` extensions are ignored.

    >>> long = convert_compose_port({"target": 80, "published": "8080", "host_ip": "::1"})
    >>> long.short, long.ignored
    ('[::1]:8080:80/tcp', ())
    """
    if not isinstance(entry, Mapping):
        raise PortSpecError(f"invalid port entry: expected a mapping, got {type(entry).__name__}")
    ignored: list[str] = []
    for key in entry:
        if not isinstance(key, str):
            raise PortSpecError(f"invalid port entry: key {key!r} is not a string")
        if key.startswith("x-") or key in ("mode", "app_protocol", "name"):
            ignored.append(key)
        elif key not in _COMPOSE_KEYS:
            raise PortSpecError(f"additional properties '{key}' not allowed")
    target = entry.get("target")
    if isinstance(target, bool) or not isinstance(target, int | str):
        raise PortSpecError("invalid port entry: 'target' is required and must be a port number")
    target_text = str(target)
    if isinstance(target, int) and not 0 <= target <= 65535:
        raise PortSpecError(f"invalid containerPort: {target_text}")
    if not (target_text.isascii() and target_text.isdigit()):
        raise PortSpecError(
            f"invalid containerPort: {target_text}", text=target_text, span=(0, len(target_text))
        )
    published = entry.get("published")
    if published is None:
        published_text = ""
    elif isinstance(published, bool) or not isinstance(published, int | str):
        raise PortSpecError("invalid port entry: 'published' must be a number or a string")
    else:
        published_text = str(published)
    host_ip = entry.get("host_ip") or ""
    protocol = entry.get("protocol") or "tcp"
    mode = entry.get("mode") or "ingress"
    if not isinstance(host_ip, str) or not isinstance(protocol, str):
        raise PortSpecError("invalid port entry: 'host_ip' and 'protocol' must be strings")
    if mode not in ("ingress", "host"):
        raise PortSpecError(f"invalid mode {mode!r}: must be either 'ingress' or 'host'")
    short = f"{published_text}:{target_text}/{protocol}"
    if host_ip:
        short = f"{join_host_port(host_ip, published_text)}:{target_text}/{protocol}"
    return LongSyntax(parse_port_spec(short), short, tuple(ignored))
