"""The short ``-p`` syntax: ``[[host_ip:]host_port:]container[/proto]``, every generation.

The docker CLI parses ``-p`` with go-connections' ``nat.ParsePortSpec``; each CLI release line
vendored a different go-connections, and the generations differ in their check order, their
messages and a few readings (:data:`GENERATIONS`, one row each; a profile's
``cli.port_parser`` names its row). Informal grammar, common to all::

    spec        = [ [ host_ip ":" ] host_port ":" ] container [ "/" proto ]
    host_ip     = ipv4 | ipv6 | "[" ipv6 "]" | "[" ipv4 "]" | "[]"
    host_port   = "" | range                 (empty = ephemeral)
    container   = range
    range       = number [ "-" number ]
    number      = ASCII digits, 0-65535, leading zeros dropped
    proto       = "" | "tcp" | "udp" | "sctp" (any case; "" = tcp)

Splitting is on EVERY ``:``: 1 field is the container part, 2 fields are host port and
container part, 3 or more fields are host IP (all fields but the last two, re-joined with
``:``), host port and container part. So ``::1:8080:80`` has host IP ``::1``, and ``:80`` or
``::80`` are a plain ``80/tcp`` with an empty binding.

Check order and messages (``{raw}`` the value, ``{ip}``/``{host}``/``{port}``/``{proto}`` its
fields; the caret points at the field)::

    check   current (v0.7+)                  v0.6               v0.5 / v0.4 ("Invalid", "No")
    ------  -------------------------------  -----------------  ----------------------------
    empty   1 no port specified: {raw}<empty>  -                  2
    proto   2 invalid proto: {proto} (lower)   1 (""-> "" if no   6 (as typed; second "/"
                                               port, else tcp)     field)
    ip      3 brackets split, then             2                  1 (v0.4: always split)
              invalid IP address: {ip}
    cont    4 invalid containerPort: {port}    3                  3
    host    5 invalid hostPort: {host}         4                  4
    ranges  6 invalid ranges specified for     5                  5
              container and host Ports:
              {port} and {host}

    ranges read as       current: cut at the FIRST "-", "A-A" is A, a "+" sign allowed
                         v0.4 - v0.6: the first two "-" fields, digits only
    bracket failures     invalid IP address {ip}: address {ip}:: {why} (Go's SplitHostPort)

A spec is kept compact (:class:`~dockerlinks.ports.values.PortSpec`): ranges are never expanded
while parsing, so the cost is independent of the range size. A host range with a single
container port is a *dynamic host range*: one mapping whose host port is the range text
(``8000-9000:5000``).

>>> spec = parse_port_spec("127.0.0.1:8000-9000:5000/UDP")
>>> str(spec)
'127.0.0.1:8000-9000:5000/udp'
>>> parse_port_spec("127.0.0.1:99999:80")
Traceback (most recent call last):
...
dockerlinks.errors.PortSpecError: invalid hostPort: 99999
    127.0.0.1:99999:80
              ^^^^^

What this module must not know: the daemon (which ports are free, what the defaults mean),
and the other syntaxes (:mod:`.expose`, :mod:`.long`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import Literal

import attrs

from dockerlinks import _go
from dockerlinks._args import shown
from dockerlinks.errors import PortSpecError
from dockerlinks.ports.values import (
    SINGLE_RANGES,
    Port,
    PortBinding,
    PortConfig,
    PortRange,
    PortSpec,
    port,
    port_range,
    port_spec,
    single_range,
)
from dockerlinks.profiles import ProfileLike, get_profile

__all__ = [
    "GENERATIONS",
    "Generation",
    "parse_port_range",
    "parse_port_spec",
    "parse_port_specs",
    "split_proto_port",
]

PROTOCOLS = frozenset(("tcp", "udp", "sctp"))
_EN_DASH_RANGE = "value out of range (0\u201365535)"

Check = Literal["empty", "proto", "ip", "cont", "host", "ranges"]


@attrs.frozen
class Generation:
    """One go-connections ``nat`` generation: its check order, readings and messages."""

    name: str
    cli: str  # the docker CLI releases that vendored it
    source: str
    order: tuple[Check, ...]
    #: "first": the protocol is everything after the first "/"; "second": the second
    #: "/"-field (``80/tcp/x`` is 80/tcp)
    proto_field: Literal["first", "second"]
    #: v0.6 lower-cases and defaults the protocol before checking it ("" when no port)
    proto_defaults_first: bool
    #: the protocol in its message: lower-cased ("lowered") or as typed
    proto_message: Literal["lowered", "typed"]
    #: "bracketed": only a "[...]" host IP goes through SplitHostPort; "always" (v0.4)
    ip_split: Literal["bracketed", "always"]
    #: "current": parsePortRange (v0.7+); "legacy": ParsePortRange with raw strconv errors
    ranges: Literal["current", "legacy"]
    #: the texts of the ``legacy`` range parser for an empty text and a reversed range
    range_texts: tuple[str, str]
    messages: Mapping[str, str]  # keyed by check name, and "ip_split"


_LOWER = {
    "empty": "no port specified: {raw}<empty>",
    "proto": "invalid proto: {proto}",
    "ip_split": "invalid IP address {ip}: address {ip}:: {why}",
    "ip": "invalid IP address: {ip}",
    "cont": "invalid containerPort: {port}",
    "host": "invalid hostPort: {host}",
    "ranges": "invalid ranges specified for container and host Ports: {port} and {host}",
}
_CAPITAL = {
    "empty": "No port specified: {raw}<empty>",
    "proto": "Invalid proto: {proto}",
    "ip_split": "Invalid ip address {ip}: address {ip}:: {why}",
    "ip": "Invalid ip address: {ip}",
    "cont": "Invalid containerPort: {port}",
    "host": "Invalid hostPort: {host}",
    "ranges": "Invalid ranges specified for container and host Ports: {port} and {host}",
}
_LEGACY_RANGES = ("empty string specified for ports", "invalid range specified for port: ")

GENERATIONS: dict[str, Generation] = {
    "current": Generation(
        "current",
        "v29.4.1+",
        "docker/go-connections v0.7.0 / v0.8.0 nat/nat.go, nat/parse.go",
        ("empty", "proto", "ip", "cont", "host", "ranges"),
        "first",
        False,
        "lowered",
        "bracketed",
        "current",
        ("empty string specified for ports", "invalid port range: "),
        _LOWER,
    ),
    "v0.6": Generation(
        "v0.6",
        "v28.5 - v29.4.0",
        "docker/go-connections v0.6.0 nat/nat.go, nat/parse.go",
        ("proto", "ip", "cont", "host", "ranges"),
        "first",
        True,
        "lowered",
        "bracketed",
        "legacy",
        _LEGACY_RANGES,
        _LOWER,
    ),
    "v0.5": Generation(
        "v0.5",
        "v25.0 - v28.4",
        "docker/go-connections v0.5.0 nat/nat.go, nat/parse.go",
        ("ip", "empty", "cont", "host", "ranges", "proto"),
        "second",
        False,
        "typed",
        "bracketed",
        "legacy",
        _LEGACY_RANGES,
        _LOWER,
    ),
    "v0.4": Generation(
        "v0.4",
        "v20.10 - v24",
        "docker/go-connections v0.4.0 nat/nat.go, nat/parse.go",
        ("ip", "empty", "cont", "host", "ranges", "proto"),
        "second",
        False,
        "typed",
        "always",
        "legacy",
        ("Empty string specified for ports.", "Invalid range specified for the Port: "),
        _CAPITAL,
    ),
}


class _RangeError(Exception):
    """A range that does not parse; ``why`` is the parser's own text."""

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


def _number_current(text: str) -> int:
    """go-connections' ``parsePortNumber`` (v0.7+): ParseInt, then 0-65535."""
    if text.isascii() and text.isdigit() and len(text) <= 5:
        value = int(text)
        if value <= 65535:
            return value
    if text == "":
        raise _RangeError("value is empty")
    try:
        value = _go.parse_int(text)
    except _go.NumError as exc:
        raise _RangeError(exc.err) from None
    if not 0 <= value <= 65535:
        raise _RangeError(_EN_DASH_RANGE)
    return value


def _range_current(text: str, generation: Generation) -> tuple[int, int]:
    """go-connections' ``parsePortRange`` (v0.7+): cut at the first ``-``; ``A-A`` is A."""
    if text == "":
        raise _RangeError(generation.range_texts[0])
    start, sep, end = text.partition("-")
    try:
        low = _number_current(start)
    except _RangeError as exc:
        raise _RangeError(f"invalid start port '{start}': {exc.why}") from None
    if not sep or start == end:
        return low, low
    try:
        high = _number_current(end)
    except _RangeError as exc:
        raise _RangeError(f"invalid end port '{end}': {exc.why}") from None
    if high < low:
        raise _RangeError(generation.range_texts[1] + text)
    return low, high


def _legacy_number(part: str) -> int:
    try:
        return _go.parse_uint(part, 16)
    except _go.NumError as exc:
        raise _RangeError(str(exc)) from None


def _range_legacy(text: str, generation: Generation) -> tuple[int, int]:
    """go-connections' ``ParsePortRange`` of v0.4 - v0.6: the first two ``-`` fields."""
    if text == "":
        raise _RangeError(generation.range_texts[0])
    if "-" not in text:
        low = _legacy_number(text)
        return low, low
    parts = text.split("-")
    low = _legacy_number(parts[0])
    high = _legacy_number(parts[1])
    if high < low:
        raise _RangeError(generation.range_texts[1] + text)
    return low, high


def range_of(text: str, generation: Generation) -> tuple[int, int]:
    """A ``-p`` range field read by ``generation``; raises ``_RangeError`` with its text."""
    if generation.ranges == "current":
        return _range_current(text, generation)
    return _range_legacy(text, generation)


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

    def span(self, field: str) -> tuple[int, int]:
        return {
            "ip": (0, self.ip_end),
            "ip_split": (0, self.ip_end),
            "empty": (self.cont, self.cont_end),
            "host": (self.host, self.host_end),
            "cont": (self.cont, self.cont_end),
            "proto": (self.proto, len(self.text)),
            "ranges": (self.host, self.cont_end),
        }[field]


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


def _split_proto(cont: str, generation: Generation) -> tuple[str, str]:
    """(port text, protocol text) of the container part, as the generation reads it."""
    if generation.proto_field == "first":
        port_text, _, proto = cont.partition("/")
        return port_text, proto
    fields = cont.split("/")
    if cont == "" or fields[0] == "":
        return "", ""
    if len(fields) == 1:
        return cont, "tcp"
    return fields[0], fields[1] or "tcp"


def _parse_full(raw: str, generation: Generation) -> PortSpec:
    """The full parser: every check of ``generation`` in its order (see the module table)."""
    ip, host, cont = _split_parts(raw)
    port_text, proto = _split_proto(cont, generation)
    if generation.proto_defaults_first:
        proto = _go.to_lower(proto or "tcp") if port_text else ""
    elif generation.proto_field == "first" and port_text:
        proto = _go.to_lower(proto) if proto else "tcp"
    lowered = _go.to_lower(proto)
    messages = generation.messages
    low = high = 0
    host_range: PortRange | None = None

    def fail(check: str, **fields: str) -> PortSpecError:
        text = messages[check].format(raw=raw, **fields)
        return PortSpecError(text, text=raw, span=_Fields(raw).span(check))

    for check in generation.order:
        if check == "empty":
            if port_text == "":
                raise fail("empty")
        elif check == "proto":
            if lowered not in PROTOCOLS:
                shown = lowered if generation.proto_message == "lowered" else proto
                raise fail("proto", proto=shown)
        elif check == "ip":
            if generation.ip_split == "always" or ip[:1] == "[":
                try:
                    stripped, _ = _go.split_host_port(ip + ":")
                except _go.AddrError as exc:
                    raise fail("ip_split", ip=ip, why=exc.err) from None
                ip = stripped
            if ip and _go.parse_ip(ip) is None:
                raise fail("ip", ip=ip)
        elif check == "cont":
            try:
                low, high = range_of(port_text, generation)
            except _RangeError:
                raise fail("cont", port=port_text) from None
        elif check == "host":
            if host:
                try:
                    hlow, hhigh = range_of(host, generation)
                except _RangeError:
                    raise fail("host", host=host) from None
                host_range = port_range(hlow, hhigh)
        elif (  # ranges
            host_range is not None
            and high - low != host_range.end - host_range.start
            and high != low
        ):
            raise fail("ranges", port=port_text, host=host)
    return port_spec(port_range(low, high), lowered, ip, host_range)


# --------------------------------------------------------------------------- the fast path

# The hot path reads the common valid shapes with string methods (a regex match alone costs
# about what this whole path does): the fields are cut at the last two ":" as the grammar
# says, numbers are ASCII digits (any number of them: leading zeros are dropped, and a spec
# of at most _FAST_LIMIT characters keeps int() cheap), ranges are exactly "A-B", the
# protocol is one of PROTOCOLS as typed, the host IP is an IPv4 address, a bracketed IPv6
# address or (where the generation reads it) a bare one, decided by Go's net.ParseIP.
# Anything else (and any value out of range) goes to the full parser, which decides and
# words the error. Every generation reads these shapes alike.
_FAST_LIMIT = 96
_SINGLE_TCP: dict[int, PortSpec] = {}
_AF_INET, _AF_INET6 = _go.AF_INET, _go.AF_INET6


def _pton_go(family: int, text: str) -> bytes:
    """``inet_pton`` by Go's rules (:func:`dockerlinks._go.parse_ip`), where the C parser
    does not answer as Go's: the address bytes, or ``OSError``."""
    address = _go.parse_ip(text)
    if address is None or len(address) != (16 if family == _AF_INET6 else 4):
        raise OSError(text)
    return address


#: Go's ``net.ParseIP`` of a chosen family, raising where it refuses: the C library's
#: parser where it answers as Go's (for an ASCII text of at most 45 characters), else the
#: port of Go's parser
_PTON = _go.INET_PTON or _pton_go
# a PortSpec of checked parts, filled through its slots (as ports.values.port_spec does,
# without the call: one call is a measurable share of this path)
_new = object.__new__
_set_cont = PortSpec.__dict__["container_range"].__set__
_set_proto = PortSpec.__dict__["proto"].__set__
_set_ip = PortSpec.__dict__["host_ip"].__set__
_set_host = PortSpec.__dict__["host_range"].__set__
_set_start = PortRange.__dict__["start"].__set__
_set_end = PortRange.__dict__["end"].__set__


def _fast(raw: str, bare_ipv6: bool) -> PortSpec | None:
    """The common valid shapes, or ``None`` to let the full parser decide (and word errors).

    ``bare_ipv6``: whether the generation reads an unbracketed IPv6 host IP (all but v0.4).
    Each field is checked inline rather than by a shared helper: a call per field is a
    measurable share of this path (benchmarks/bench_ports.py).
    """
    if not raw.isascii() or len(raw) > _FAST_LIMIT:
        return None
    rest, colon, number = raw.rpartition(":")
    if "/" in number:
        number, _, proto = number.partition("/")
        if proto not in PROTOCOLS:
            return None
    else:
        proto = "tcp"
    if number.isdigit():
        low = high = int(number)
        if low > 65535:
            return None
        container = SINGLE_RANGES[low]
        if container is None:
            container = single_range(low)
        if not colon:
            if proto != "tcp":
                return port_spec(container, proto, "", None)
            found = _SINGLE_TCP.get(low)
            if found is None:
                found = _SINGLE_TCP[low] = port_spec(container, proto, "", None)
            return found
    else:
        first, _, last = number.partition("-")
        if not (first.isdigit() and last.isdigit()):
            return None
        low, high = int(first), int(last)
        if high > 65535 or high < low:
            return None
        if low == high:
            container = SINGLE_RANGES[low]
            if container is None:
                container = single_range(low)
        else:
            container = _new(PortRange)
            _set_start(container, low)
            _set_end(container, high)
    if not colon:
        ip = ""
        host = None
    else:
        ip, _, text = rest.rpartition(":")
        if text.isdigit():
            hlow = int(text)
            if hlow > 65535 or low != high:  # one host port for a container range
                return None
            host = SINGLE_RANGES[hlow]
            if host is None:
                host = single_range(hlow)
        elif text:
            first, _, last = text.partition("-")
            if not (first.isdigit() and last.isdigit()):
                return None
            hlow, hhigh = int(first), int(last)
            if hhigh > 65535 or hhigh < hlow or (high - low != hhigh - hlow and high != low):
                return None
            if hlow == hhigh:
                host = SINGLE_RANGES[hlow]
                if host is None:
                    host = single_range(hlow)
            else:
                host = _new(PortRange)
                _set_start(host, hlow)
                _set_end(host, hhigh)
        else:
            host = None
        if ip:
            # IPv4, or IPv6 in brackets or (where the generation reads it) bare; a bracketed
            # IPv4 address goes to the full parser, and so does anything with a stray bracket
            # (no address has one)
            if ip[0] == "[":
                if ip[-1] != "]":
                    return None
                ip = ip[1:-1]
                family = _AF_INET6
            elif ":" in ip:
                if not bare_ipv6:
                    return None
                family = _AF_INET6
            else:
                family = _AF_INET
            if len(ip) > 45:  # longer than any address
                return None
            try:
                _PTON(family, ip)  # the text is ASCII (checked above)
            except (OSError, ValueError):  # ValueError: an embedded NUL
                return None
    value = _new(PortSpec)
    _set_cont(value, container)
    _set_proto(value, proto)
    _set_ip(value, ip)
    _set_host(value, host)
    return value


@functools.lru_cache(maxsize=4096)
def _parse_cached(raw: str, name: str) -> PortSpec | tuple[str, tuple[int, int]]:
    """The full parser's answer: the value, or a refusal as its message and span (a refused
    spec met again is refused again without parsing it again)."""
    try:
        return _parse_full(raw, GENERATIONS[name])
    except PortSpecError as exc:
        if type(exc) is not PortSpecError or exc.text != raw or exc.span is None:
            raise  # not one of fail()'s errors: nothing to keep
        return (exc.docker_message, exc.span)


def _generation(profile: ProfileLike, generation: str | None) -> Generation:
    if generation is None:
        return GENERATIONS[get_profile(profile).cli.port_parser]
    if not isinstance(generation, str) or generation not in GENERATIONS:
        raise PortSpecError(
            f"unknown parser generation: {shown(generation)} "
            f"(expected one of {', '.join(GENERATIONS)})"
        )
    return GENERATIONS[generation]


_DEFAULT = GENERATIONS[get_profile().cli.port_parser]
_DEFAULT_BARE_IPV6 = _DEFAULT.ip_split == "bracketed"


def parse_port_spec(
    spec: object, *, profile: ProfileLike = None, generation: str | None = None
) -> PortSpec:
    """Parse one ``-p`` value exactly as the docker CLI does (see the module docstring).

    The parser is the profile's CLI's (``cli.port_parser``); ``generation`` names one
    directly: ``"current"`` (docker CLI v29.4.1+), ``"v0.6"`` (v28.5 - v29.4.0), ``"v0.5"``
    (v25 - v28.4) or ``"v0.4"`` (v20.10 - v24). Raises
    :class:`~dockerlinks.errors.PortSpecError` with Docker's message and a caret.

    >>> str(parse_port_spec("::1:8080:80"))
    '[::1]:8080:80/tcp'
    >>> parse_port_spec("::1:8080:80", profile="20.10")
    Traceback (most recent call last):
    ...
    dockerlinks.errors.PortSpecError: Invalid ip address ::1: address ::1:: too many colons ...
        ::1:8080:80
        ^^^
    """
    if profile is None and generation is None and type(spec) is str:
        fast = _fast(spec, _DEFAULT_BARE_IPV6)
        if fast is not None:
            return fast
        gen = _DEFAULT
    else:
        if type(spec) is not str:
            if not isinstance(spec, str):
                raise PortSpecError(
                    f"invalid port spec: expected a string, got {type(spec).__name__}"
                )
            spec = str(spec)  # a str subclass: its plain text
        gen = _generation(profile, generation)
        fast = _fast(spec, gen.ip_split == "bracketed")
        if fast is not None:
            return fast
    if len(spec) > 256:  # longer than any valid spec: parsed for its error, never cached
        return _parse_full(spec, gen)
    answer = _parse_cached(spec, gen.name)
    if isinstance(answer, tuple):
        raise PortSpecError(answer[0], text=spec, span=answer[1])
    return answer


def parse_port_specs(
    specs: Iterable[str], *, profile: ProfileLike = None, generation: str | None = None
) -> PortConfig:
    """go-connections ``ParsePortSpecs``: exposed ports (deduplicated) and bindings in order.

    Duplicates are kept; the first error aborts the whole list.

    >>> parse_port_specs(["80", "80"]).to_api()["PortBindings"]
    {'80/tcp': [{'HostIp': '', 'HostPort': ''}, {'HostIp': '', 'HostPort': ''}]}
    """
    if isinstance(specs, str) or not isinstance(specs, Iterable):
        raise PortSpecError(
            f"invalid port specs: expected a list of strings, got {type(specs).__name__}"
        )
    name = _generation(profile, generation).name
    bindings: dict[Port, list[PortBinding]] = {}
    for spec in specs:
        for mapping in parse_port_spec(spec, generation=name).mappings():
            found = bindings.get(mapping.port)
            if found is None:
                bindings[mapping.port] = [mapping.binding]
            else:
                found.append(mapping.binding)
    return PortConfig(tuple(bindings), tuple((p, tuple(b)) for p, b in bindings.items()))


def split_proto_port(raw: object) -> tuple[str, str]:
    """go-connections' current ``SplitProtoPort``: ``(proto, port)``, not validated.

    >>> split_proto_port("1234/UDP"), split_proto_port("80/"), split_proto_port("/udp")
    (('UDP', '1234'), ('tcp', '80'), ('', ''))
    """
    if not isinstance(raw, str):
        raise PortSpecError(f"invalid port: expected a string, got {type(raw).__name__}")
    port_text, _, proto = raw.partition("/")
    if port_text == "":
        return "", ""
    return proto or "tcp", port_text


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
        low, high = _range_current(text, GENERATIONS["current"])
    except _RangeError as exc:
        raise PortSpecError(exc.why, text=text, span=(0, len(text))) from None
    return port_range(low, high)


def single_port(number: int, proto: str) -> Port:
    """A checked :class:`~dockerlinks.ports.values.Port` (for callers that hold parsed parts)."""
    return port(number, proto)
