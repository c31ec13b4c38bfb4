"""Host ports held by a project's explicit bindings, as intervals: the checker's allocator.

What lives here: :class:`Holdings`, the host ports a project's ``ports`` entries hold, kept
as sorted intervals per (protocol, address) so that an entry of 65,535 ports costs the same
as an entry of one. It answers what Docker's allocator (:class:`dockerlinks.allocate.
PortAllocator` through :func:`~dockerlinks.allocate.resolve_bindings`) answers for the same
requests in the same order, under the profile's rules; a property test keeps the two equal.
It must not know about services or problems (holders are opaque values).

Rules (moby's portallocator and the bridge driver, as :mod:`dockerlinks.allocate` models
them)::

    request                       granted when                          holds
    ----------------------------  ------------------------------------  ---------------------
    exact ports A-B (one per      no port of A-B is held on an address  A-B on each address
    container port) on addresses  that overlaps one of the request's
    range A-B, one container      some port of A-B is free on every     the first such port
    port (twins same-port, v27+)  address of the request                on each address
    range A-B, twins separate     the same, for each address on its     each its own first
    (<= v26)                      own                                   free port
    ephemeral (the daemon's       a free port of the range (next fit    that port
    range, reserved ports         from the first address's cursor)
    skipped when the daemon does)

    overlap   daemon.ip_conflicts = family (v28.3+): equal addresses, or 0.0.0.0 with any
              IPv4 address, :: with any IPv6 one; independent: equal addresses only

An entry is granted as a whole or not at all (Docker allocates a container's bindings all or
nothing). A refusal carries the allocator's message: ``Bind for IP:PORT failed: port is
already allocated`` for the lowest refused port (the address the allocator names), ``all ports
are allocated`` for a range.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from typing import Any

import attrs

from dockerlinks import _go
from dockerlinks.errors import ComposeError
from dockerlinks.profiles import Profile

__all__ = ["DEFAULT_BEGIN", "DEFAULT_END", "Address", "Holdings", "Refusal", "address"]

DEFAULT_BEGIN = 49153
DEFAULT_END = 65535
"""The daemon's ephemeral range as :class:`dockerlinks.allocate.PortAllocator` takes it by
default (the kernel's range is not read: the check is pure); a test keeps them equal."""


@attrs.frozen
class Address:
    """A host address as the allocator keys it: family (4 or 6), value, Go's text."""

    family: int
    value: int
    text: str

    @property
    def unspecified(self) -> bool:
        """0.0.0.0 or ::."""
        return self.value == 0


def address(text: str) -> Address:
    """The allocator's key of a binding's host address, an IP address as Go's
    ``net.ParseIP`` reads it ("" is 0.0.0.0; IPv4-mapped IPv6 addresses are unmapped).

    >>> address("::ffff:127.0.0.1"), address("").text, address("2001:DB8:0:0::1").text
    (Address(family=4, value=2130706433, text='127.0.0.1'), '0.0.0.0', '2001:db8::1')
    """
    raw = _go.parse_ip(text or "0.0.0.0")
    if raw is None:
        raise ComposeError(f"invalid IP address: {text}")
    text = _go.ip_string(raw)  # IPv4 for an IPv4-mapped address
    family = 6 if ":" in text else 4
    if family == 4 and len(raw) == 16:
        raw = raw[12:]
    return Address(family, int.from_bytes(raw, "big"), text)


ZERO4 = address("0.0.0.0")
ZERO6 = address("::")


class _Intervals:
    """Disjoint sorted intervals, each with a holder (``merge``: adjacent ones joined)."""

    __slots__ = ("ends", "holders", "merge", "starts")

    def __init__(self, merge: bool = False) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.holders: list[Any] = []
        self.merge = merge

    def first_hit(self, lo: int, hi: int) -> int:
        """The lowest port of lo-hi held here, or -1."""
        index = bisect.bisect_right(self.starts, lo) - 1
        if index >= 0 and self.ends[index] >= lo:
            return lo
        index += 1
        if index < len(self.starts) and self.starts[index] <= hi:
            return self.starts[index]
        return -1

    def holds(self, port: int) -> bool:
        index = bisect.bisect_right(self.starts, port) - 1
        return index >= 0 and self.ends[index] >= port

    def end_of(self, port: int) -> int:
        """The end of the interval holding ``port``, or -1."""
        index = bisect.bisect_right(self.starts, port) - 1
        if index >= 0 and self.ends[index] >= port:
            return self.ends[index]
        return -1

    def hits(self, lo: int, hi: int) -> Iterator[tuple[int, Any]]:
        """(lowest held port, holder) of every interval meeting lo-hi."""
        index = max(bisect.bisect_right(self.starts, lo) - 1, 0)
        while index < len(self.starts) and self.starts[index] <= hi:
            if self.ends[index] >= lo:
                yield max(self.starts[index], lo), self.holders[index]
            index += 1

    def add(self, lo: int, hi: int, holder: Any) -> None:
        index = bisect.bisect_left(self.starts, lo)
        if self.merge:
            left = index
            if left > 0 and self.ends[left - 1] >= lo - 1:
                left -= 1
            right = index
            while right < len(self.starts) and self.starts[right] <= hi + 1:
                right += 1
            if left < right:
                lo = min(lo, self.starts[left])
                hi = max(hi, self.ends[right - 1])
            self.starts[left:right] = [lo]
            self.ends[left:right] = [hi]
            self.holders[left:right] = [holder]
            return
        self.starts.insert(index, lo)
        self.ends.insert(index, hi)
        self.holders.insert(index, holder)


@attrs.frozen
class Refusal:
    """A refused request: the allocator's message and what holds the ports asked for."""

    message: str
    holders: tuple[Any, ...]


class Holdings:
    """The ports held so far (module rules). Mutable: one check builds one."""

    def __init__(
        self,
        profile: Profile,
        begin: int = DEFAULT_BEGIN,
        end: int = DEFAULT_END,
        reserved: Sequence[int] = (),
    ) -> None:
        self.family = profile.daemon.ip_conflicts == "family"
        self.same_port = profile.daemon.twins == "same-port"
        self.begin = begin
        self.end = end
        self.reserved = _Intervals(merge=True)
        if profile.daemon.reserved_ports:
            for port in reserved:
                self.reserved.add(port, port, None)
        self.held: dict[tuple[str, Address], _Intervals] = {}
        # every specific (not unspecified) address of a family, joined: (proto, family)
        self.specific: dict[tuple[str, int], _Intervals] = {}
        self.addresses: dict[tuple[str, int], list[Address]] = {}
        self.cursors: dict[tuple[str, Address], int] = {}

    # ------------------------------------------------------------------ what is held

    def _layers(self, proto: str, addr: Address) -> list[tuple[_Intervals, Address | None]]:
        """What a request on ``addr`` must avoid: (intervals, the address they belong to;
        None: several specific addresses of the family)."""
        out: list[tuple[_Intervals, Address | None]] = []
        own = self.held.get((proto, addr))
        if own is not None:
            out.append((own, addr))
        if self.family:
            if addr.unspecified:
                joined = self.specific.get((proto, addr.family))
                if joined is not None:
                    out.append((joined, None))
            else:
                zero = ZERO4 if addr.family == 4 else ZERO6
                held = self.held.get((proto, zero))
                if held is not None:
                    out.append((held, zero))
        return out

    def _hold(self, proto: str, addr: Address, lo: int, hi: int, holder: Any) -> None:
        key = (proto, addr)
        if key not in self.held:
            self.held[key] = _Intervals()
            if not addr.unspecified:
                self.addresses.setdefault((proto, addr.family), []).append(addr)
        self.held[key].add(lo, hi, holder)
        if not addr.unspecified:
            joined = self.specific.setdefault((proto, addr.family), _Intervals(merge=True))
            joined.add(lo, hi, None)

    def _first_free(self, layers: list[_Intervals], lo: int, hi: int) -> int:
        """The lowest port of lo-hi that no layer holds, or -1."""
        port = lo
        moved = True
        while moved and port <= hi:
            moved = False
            for layer in layers:
                end = layer.end_of(port)
                if end >= 0:
                    port = end + 1
                    moved = True
        return port if port <= hi else -1

    def _named(self, proto: str, addrs: Sequence[Address], port: int) -> str:
        """The address the allocator's message names for a refused ``port``: an address of
        the request that holds it, else 0.0.0.0 / :: holding it, else the lowest specific
        address of the family holding it."""
        for addr in addrs:
            own = self.held.get((proto, addr))
            if own is not None and own.holds(port):
                return addr.text
        for addr in addrs:
            for layer, owner in self._layers(proto, addr):
                if layer.holds(port):
                    if owner is not None:
                        return owner.text
                    holding = [
                        a
                        for a in self.addresses.get((proto, addr.family), ())
                        if self.held[(proto, a)].holds(port)
                    ]
                    return min(holding, key=lambda a: a.value).text
        raise AssertionError("no holder")  # pragma: no cover

    def holders(self, proto: str, addrs: Sequence[Address], lo: int, hi: int) -> tuple[Any, ...]:
        """Who holds ports of lo-hi on an address overlapping ``addrs``, lowest port first."""
        found: list[tuple[int, int, Any]] = []
        seen: set[tuple[str, Address]] = set()
        for addr in addrs:
            keys = [(proto, addr)]
            if self.family:
                if addr.unspecified:
                    keys += [(proto, a) for a in self.addresses.get((proto, addr.family), ())]
                else:
                    keys.append((proto, ZERO4 if addr.family == 4 else ZERO6))
            for key in keys:
                if key in seen or key not in self.held:
                    continue
                seen.add(key)
                found.extend(
                    (port, len(found), holder) for port, holder in self.held[key].hits(lo, hi)
                )
        found.sort(key=lambda item: item[:2])
        out: list[Any] = []
        for _, _, holder in found:
            if holder not in out:
                out.append(holder)
        return tuple(out)

    # ------------------------------------------------------------------ requests

    def exact(
        self, proto: str, addrs: Sequence[Address], lo: int, hi: int, holder: Any
    ) -> Refusal | None:
        """Ports lo-hi on every address (one request per port, lowest first)."""
        lowest = -1
        for addr in addrs:
            for layer, _ in self._layers(proto, addr):
                port = layer.first_hit(lo, hi)
                if port >= 0 and (lowest < 0 or port < lowest):
                    lowest = port
        if lowest >= 0:
            if self.same_port:
                named = self._named(proto, addrs, lowest)
            else:  # one request per address: the first address refused at that port
                named = next(
                    self._named(proto, [addr], lowest)
                    for addr in addrs
                    if any(layer.holds(lowest) for layer, _ in self._layers(proto, addr))
                )
            return Refusal(
                f"Bind for {named}:{lowest} failed: port is already allocated",
                self.holders(proto, addrs, lo, hi),
            )
        for addr in addrs:
            self._hold(proto, addr, lo, hi, holder)
        return None

    def ranged(
        self, proto: str, addrs: Sequence[Address], lo: int, hi: int, holder: Any
    ) -> Refusal | None:
        """One port of lo-hi (the lowest free one: without releases the allocator's next
        fit from its cursor is the lowest free port)."""
        groups = [list(addrs)] if self.same_port else [[addr] for addr in addrs]
        chosen: list[tuple[Address, int]] = []
        for group in groups:
            layers = [layer for addr in group for layer, _ in self._layers(proto, addr)]
            port = self._first_free(layers, lo, hi)
            if port < 0:
                return Refusal("all ports are allocated", self.holders(proto, addrs, lo, hi))
            chosen.extend((addr, port) for addr in group)
        for addr, port in chosen:
            self._hold(proto, addr, port, port, holder)
        return None

    def ephemeral(self, proto: str, addrs: Sequence[Address], holder: Any) -> bool:
        """One port of the daemon's range, next fit from the first address's cursor (the
        twins each their own before v27); False when none is free."""
        groups = [list(addrs)] if self.same_port else [[addr] for addr in addrs]
        chosen: list[tuple[Address, int]] = []
        for group in groups:
            layers = [layer for addr in group for layer, _ in self._layers(proto, addr)]
            if self.reserved.starts:
                layers.append(self.reserved)
            last = self.cursors.get((proto, group[0]), self.end)
            port = self._first_free(layers, last + 1, self.end) if last < self.end else -1
            if port < 0:
                port = self._first_free(layers, self.begin, min(last, self.end))
            if port < 0:
                return False
            chosen.append((group[0], port))
            for addr in group:
                self._hold(proto, addr, port, port, holder)
                self.cursors[(proto, addr)] = port
        return True
