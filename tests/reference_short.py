"""The ``-p`` hot path as it was before the string-method rewrite, kept as a reference.

:func:`parse_port_spec` here is the library's ``parse_port_spec`` of commit af89643 (a regex
for the IPv4 shapes, a second one after an IPv6 host IP), over the same full parser
(``dockerlinks.ports.short._parse_full``, unchanged). The tests check that the rewrite gives
the same value, or the same error with the same caret, for every spec they draw, in every
generation.
"""

from __future__ import annotations

import re

from dockerlinks import _go
from dockerlinks.ports.short import GENERATIONS, PROTOCOLS, _parse_full
from dockerlinks.ports.values import PortSpec, port_range, port_spec

_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_FAST_SPEC = re.compile(
    rf"(?:(?:({_OCTET}(?:\.{_OCTET}){{3}})?:)?(?:([0-9]{{1,5}})(?:-([0-9]{{1,5}}))?)?:)?"
    r"([0-9]{1,5})(?:-([0-9]{1,5}))?(?:/(tcp|udp|sctp))?"
).fullmatch
_FAST_TAIL = re.compile(
    r":(?:([0-9]{1,5})(?:-([0-9]{1,5}))?)?:([0-9]{1,5})(?:-([0-9]{1,5}))?(?:/(tcp|udp|sctp))?"
).fullmatch


def fast(raw: str, bare_ipv6: bool) -> PortSpec | None:
    """The old hot path: the common valid shapes, or ``None``."""
    if raw.isdigit() and len(raw) <= 5 and raw.isascii():
        low = int(raw)
        if low > 65535:
            return None
        return port_spec(port_range(low, low), "tcp", "", None)
    head, colon, tail = raw.partition(":")
    if colon and ":" not in tail:
        number, slash, word = tail.partition("/")
        if (
            len(head) <= 5
            and len(number) <= 5
            and head.isdigit()
            and number.isdigit()
            and head.isascii()
            and number.isascii()
            and (not slash or word in PROTOCOLS)
        ):
            host_port, low = int(head), int(number)
            if host_port <= 65535 and low <= 65535:
                return port_spec(
                    port_range(low, low),
                    word if slash else "tcp",
                    "",
                    port_range(host_port, host_port),
                )
    ip = ""
    if raw[:1] == "[" or raw.count(":") > 2:
        if raw[:1] == "[":
            close = raw.find("]")
            ip, rest = raw[1:close], raw[close + 1 :]
            if close < 0 or not ip or "[" in ip or ":" not in ip:
                return None
        else:
            if not bare_ipv6:
                return None
            last = raw.rfind(":")
            cut = raw.rfind(":", 0, last)
            ip, rest = raw[:cut], raw[cut:]
        raw_ip = _go.parse_ip(ip)
        if raw_ip is None or len(raw_ip) != 16:
            return None
        match = _FAST_TAIL(rest)
        if match is None:
            return None
        host_start, host_end, start, end, proto = match.groups()
    else:
        match = _FAST_SPEC(raw)
        if match is None:
            return None
        ipv4, host_start, host_end, start, end, proto = match.groups()
        ip = ipv4 or ""
    low = int(start)
    if end is None:
        if low > 65535:
            return None
        high = low
    else:
        high = int(end)
        if high > 65535 or high < low:
            return None
    host = None
    if host_start is not None:
        hlow = int(host_start)
        if host_end is None:
            if hlow > 65535:
                return None
            hhigh = hlow
        else:
            hhigh = int(host_end)
            if hhigh > 65535 or hhigh < hlow:
                return None
        if high - low != hhigh - hlow and high != low:
            return None
        host = port_range(hlow, hhigh)
    return port_spec(port_range(low, high), proto or "tcp", ip, host)


def parse_port_spec(spec: str, generation: str) -> PortSpec:
    """The old ``parse_port_spec(spec, generation=generation)`` of a plain string."""
    gen = GENERATIONS[generation]
    found = fast(spec, gen.ip_split == "bracketed")
    if found is not None:
        return found
    return _parse_full(spec, gen)
