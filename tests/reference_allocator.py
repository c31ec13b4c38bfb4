"""A plain model of dockerd's port allocator, written straight from the reference prose.

A set of allocated ports per (address, protocol) key and a dict of cursors per (key, range
text), with the candidate loop exactly as the daemon runs it. No bitmaps, no sharing, no
speed: the tests check :class:`dockerlinks.allocate.PortAllocator` against it step by step.

Deterministic choices where Docker leaves the answer to Go map order (which address a
conflict message names) follow the rule the library documents: the named addresses' own keys
in list order, then per family (IPv4 first) the unspecified key, or, for an unspecified
request, the specific keys in ascending address order.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from dockerlinks.allocate import (
    AllPortsAllocatedError,
    InvalidAddressError,
    InvalidPortRangeError,
    NoAddressesError,
    PortAlreadyAllocatedError,
    UnknownProtocolError,
)

Key = tuple[int, int, str]  # (family, address value, protocol)


def parse_ip(ip: str | None) -> tuple[int, int, str]:
    """(family, integer value, text as Go prints it) of a host address."""
    if ip is None or ip == "":
        ip = "0.0.0.0"
    try:
        if "%" in ip:
            raise ValueError(ip)
        address = ipaddress.ip_address(ip)
    except ValueError:
        raise InvalidAddressError(f"invalid IP address: {ip}") from None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return (0 if address.version == 4 else 1), int(address), str(address)


class ReferenceAllocator:
    """Mutable reference allocator; ``modern`` selects the v28.3+ conflict rules."""

    def __init__(self, begin: int, end: int, *, modern: bool, reserved: Iterable[int] = ()) -> None:
        self.begin = begin
        self.end = end
        self.modern = modern
        self.reserved = {p for p in reserved if begin <= p <= end} if modern else set()
        self.sets: dict[Key, set[int]] = {}
        self.cursors: dict[tuple[Key, str], int] = {}
        self.texts: dict[tuple[int, int], str] = {}

    def _check(self, proto: str, start: int, end: int) -> None:
        if proto not in ("tcp", "udp", "sctp"):
            raise UnknownProtocolError("unknown protocol")
        if start == end == 0:
            return
        if start == 0 or end == 0 or end < start:
            raise InvalidPortRangeError(f"invalid port range: {start}-{end}")
        if start < 1 or end > 65535:
            raise InvalidPortRangeError(
                f"invalid port range: {start}-{end} (ports must be 1-65535)"
            )

    def request(self, ips: list[str | None], proto: str, start: int, end: int) -> int:
        self._check(proto, start, end)
        if not ips:
            raise NoAddressesError("no IP addresses specified")
        named: list[tuple[int, int, str]] = []
        for ip in ips:
            parsed = parse_ip(ip)
            if parsed not in named:
                named.append(parsed)
        for family, value, text in named:
            self.texts[(family, value)] = text
            self.sets.setdefault((family, value, proto), set())
        checked: list[tuple[Key, str]] = [((f, v, proto), t) for f, v, t in named]
        if self.modern:
            for family in (0, 1):
                mine = [n for n in named if n[0] == family]
                if not mine:
                    continue
                if any(v == 0 for _, v, _ in mine):
                    for (f, v, pr), _ in sorted(self.sets.items()):
                        if f == family and pr == proto and v != 0:
                            checked.append(((f, v, pr), self.texts[(f, v)]))
                else:
                    zero = "::" if family else "0.0.0.0"
                    checked.append(((family, 0, proto), zero))

        def taken(port: int) -> str | None:
            for key, text in checked:
                if port in self.sets.get(key, set()):
                    return text
            return None

        if start > 0 and start == end:
            holder = taken(start)
            if holder is not None:
                raise PortAlreadyAllocatedError(
                    f"Bind for {holder}:{start} failed: port is already allocated"
                )
            for family, value, _ in named:
                self.sets[(family, value, proto)].add(start)
            return start
        default = start == 0
        lo, hi = (self.begin, self.end) if default else (start, end)
        text = f"{lo}-{hi}"
        first = (named[0][0], named[0][1], proto)
        port = self.cursors.get((first, text), hi)
        for _ in range(lo, hi + 1):
            port += 1
            if port > hi:
                port = lo
            if default and port in self.reserved:
                continue
            if taken(port) is None:
                for family, value, _ in named:
                    self.sets[(family, value, proto)].add(port)
                    self.cursors[((family, value, proto), text)] = port
                return port
        raise AllPortsAllocatedError("all ports are allocated")

    def release(self, ip: str | None, proto: str, port: int) -> None:
        if proto not in ("tcp", "udp", "sctp"):
            raise UnknownProtocolError("unknown protocol")
        if not 1 <= port <= 65535:
            raise InvalidPortRangeError(f"invalid port: {port} (must be an integer 1-65535)")
        family, value, _ = parse_ip(ip)
        self.sets.get((family, value, proto), set()).discard(port)

    def release_all(self) -> None:
        self.sets.clear()
        self.cursors.clear()

    def allocated(self) -> dict[tuple[str, str], tuple[int, ...]]:
        return {
            (self.texts[(f, v)], proto): tuple(sorted(ports))
            for (f, v, proto), ports in self.sets.items()
            if ports
        }
