"""The host-port allocator: Docker's exact next-fit sequence as a persistent value.

dockerd does not pick host ports at random: for ``-P``, ``-p 127.0.0.1::5000`` and
``-p 8000-9000:5000`` it runs a next-fit search from a per-range cursor (moby
``libnetwork/portallocator/portallocator.go``). :class:`PortAllocator` reproduces that sequence
without binding sockets. It is an immutable value: every operation returns a new allocator
(and the chosen port) and leaves the old one usable; a refused operation raises and changes
nothing.

Rule table (``B``-``E`` = the default range, ``key`` = one host address and protocol)::

    request(ip, proto, port)           port 0: next free port of B-E; else that exact port
    request_range(ip, proto, s, e)     (0, 0): as port 0; s == e > 0: exact; else next free
                                       port of s-e by the cursor of the range text "s-e"
    request_multi(ips, proto, s, e)    one port for several addresses (Docker v27+)
    release(ip, proto, port)           unknown address / unallocated port: no-op
    release_all()                      everything freed, cursors reset

    check order         unknown protocol -> bad port numbers -> bad explicit range
                        -> no addresses -> bad address
    exact port          not range checked, moves no cursor
    next fit            candidates last+1 .. e, then s .. last (last itself is the final
                        candidate); a new cursor has last = e; the winner becomes last
    cursors             one per (key, range text); an explicit range with the text of the
                        default range shares the default cursor; release never moves one
    addresses           "" and None mean 0.0.0.0; ::ffff:a.b.c.d is a.b.c.d
    protocols           tcp, udp and sctp (lower case) are independent

    daemon switch            value        state that must be free
    -----------------------  -----------  ----------------------------------------------
    daemon.ip_conflicts      independent  each named address's own key (Docker <= v28.2)
                             family       0.0.0.0 / ::: every address of its family; a
                                          specific address: itself and its family's
                                          unspecified address (v28.3+)
    daemon.reserved_ports    True         default-range requests skip the kernel's reserved
                                          ports (v29.6+)

    several addresses: the search follows the first address's cursor; the port is recorded
    under the named addresses only, and becomes the cursor of each of them.

Error messages are Docker's: ``Bind for 0.0.0.0:80 failed: port is already allocated`` (IPv6
written as Go prints it: ``Bind for :::8080 failed: ...``), ``all ports are allocated``,
``invalid port range: 8081-8080``, ``unknown protocol``, ``no IP addresses specified``,
``invalid IP address: x``. Where several addresses conflict, the one named is the first named
address whose own state holds the port, else (family rules) its family's unspecified address,
else the lowest specific address holding it (Docker v28.3+ names any of them).

Differences from Docker, on purpose: port numbers outside 1-65535 (and non-integers) are refused
with :class:`~dockerlinks.errors.InvalidPortRangeError` (Docker accepts an exact port 70000 or
-5); releasing with an unknown protocol raises
:class:`~dockerlinks.errors.UnknownProtocolError` (Docker crashes); an empty address list is
refused by every profile (Docker before v28.3 crashes); a text that is not an IP address is
refused (Docker receives parsed addresses).

State (named tuples, see :class:`_Key`, :class:`_Pool`, :class:`_Overlay`): per (address
family, protocol) a pool holding the unspecified address's key, the union of the specific
addresses' bitmaps (a per-port reference count behind it) and one key per specific address.
Keys hold a :class:`~dockerlinks.allocate._bitmap.Bits` and their cursors. An operation
replaces one chunk and copies a few small tuples, sharing everything else with the previous
value.

What this module must not know: containers, bindings (:mod:`.bindings`), the kernel's text
(:mod:`.kernel`).

>>> a = PortAllocator()
>>> a, port = a.request("0.0.0.0", "tcp")
>>> port
49153
>>> a, port = a.request("0.0.0.0", "tcp")
>>> port
49154
>>> a.request("", "tcp", 49153)[1]
Traceback (most recent call last):
...
dockerlinks.errors.PortAlreadyAllocatedError: Bind for 0.0.0.0:49153 failed: ...
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any, NamedTuple, TypeAlias

import attrs

from dockerlinks import _go
from dockerlinks._args import checked, shown
from dockerlinks.allocate._bitmap import (
    EMPTY,
    FULL_CHUNK,
    MASK,
    SHIFT,
    Bits,
    bits_of,
    clear,
    has,
    next_fit,
    ports,
    set_bit,
    with_chunk,
)
from dockerlinks.allocate.kernel import (
    RESERVED_IGNORED_MESSAGE,
    parse_port_range_text,
    parse_reserved_ports,
)
from dockerlinks.errors import (
    AllPortsAllocatedError,
    InvalidAddressError,
    InvalidPortRangeError,
    NoAddressesError,
    PortAlreadyAllocatedError,
    ReservedPortsError,
    UnknownProtocolError,
)
from dockerlinks.profiles import Profile, ProfileLike, get_profile

__all__ = ["DEFAULT_BEGIN", "DEFAULT_END", "PortAllocator", "ProcRange"]

DEFAULT_BEGIN = 49153
DEFAULT_END = 65535


# --------------------------------------------------------------------------- addresses


class _Addr(NamedTuple):
    """A host address as the allocator keys it."""

    family: int  # 0 = IPv4, 1 = IPv6
    value: int  # the address as an integer
    text: str  # as Go prints it
    unspecified: bool
    bucket: int  # which of the 64 buckets of specific addresses holds it


@functools.lru_cache(maxsize=4096)
def _parse_addr(text: str) -> _Addr | None:
    parsed = _go.parse_addr(text or "0.0.0.0")
    if parsed is None or parsed.zone:  # zones are not host binding addresses
        return None
    parsed = parsed.unmap()
    value = int.from_bytes(parsed.raw, "big")
    # Fibonacci hashing of the folded value: neighbouring addresses spread over the buckets
    mixed = ((value ^ (value >> 64)) * 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
    return _Addr(0 if parsed.is4 else 1, value, _go.ip_string(parsed.raw), value == 0, mixed >> 58)


def _addr(ip: object) -> _Addr:
    if ip is None:
        return _ZERO4
    found = _parse_addr(ip) if isinstance(ip, str) and len(ip) <= 64 else None
    if found is None:
        raise InvalidAddressError(f"invalid IP address: {ip if isinstance(ip, str) else shown(ip)}")
    return found


_ZERO4 = _addr("0.0.0.0")
_ZERO6 = _addr("::")
_COMMON = {"": _ZERO4, "0.0.0.0": _ZERO4, "::": _ZERO6}
_PROTOS = {"tcp": 0, "udp": 1, "sctp": 2}
_PROTO_NAMES = ("tcp", "udp", "sctp")
# (address, protocol) -> pool slot, for the unspecified addresses' fast path
_UNSPECIFIED_SLOTS = {
    (ip, proto): addr.family * 3 + index
    for ip, addr in _COMMON.items()
    for proto, index in _PROTOS.items()
}


def _proto(proto: object) -> int:
    index = _PROTOS.get(proto) if isinstance(proto, str) else None
    if index is None:
        raise UnknownProtocolError("unknown protocol")
    return index


def _port_number(value: object) -> int:
    if type(value) is not int or not 1 <= value <= 65535:
        raise InvalidPortRangeError(f"invalid port: {shown(value)} (must be an integer 1-65535)")
    return value


def _check_pair(start: object, end: object) -> tuple[int, int]:
    if type(start) is not int or type(end) is not int:
        raise InvalidPortRangeError(f"invalid port range: {shown(start)}-{shown(end)}")
    if start == end == 0:
        return 0, 0
    if start == 0 or end == 0 or end < start:
        raise InvalidPortRangeError(f"invalid port range: {shown(start)}-{shown(end)}")
    if start < 1 or end > 65535:
        raise InvalidPortRangeError(
            f"invalid port range: {shown(start)}-{shown(end)} (ports must be 1-65535)"
        )
    return start, end


def _address_text(family: int, value: int) -> str:
    return _go.ip_string(value.to_bytes(16 if family else 4, "big"))


# --------------------------------------------------------------------------- state


class _Key(NamedTuple):
    """One address and protocol: its ports, its default-range cursor, its range cursors."""

    bits: Bits
    last: int
    ranges: dict[str, int]  # never changed in place: a change copies it


# Buckets: 8 x 8 dicts, so a change copies two small tuples and one small dict
_Buckets: TypeAlias = tuple[tuple[dict[int, Any] | None, ...], ...]
_NO_BUCKETS: _Buckets = ((None,) * 8,) * 8
_NO_RANGES: dict[str, int] = {}


class _Pool(NamedTuple):
    """One address family and protocol."""

    unspecified: _Key | None  # 0.0.0.0 or ::
    any_bits: Bits  # the union of the specific addresses' ports
    counts: _Buckets  # ports two or more specific addresses hold: how many (by port chunk)
    specific: _Buckets  # address value -> _Key (by hash bucket)


_EMPTY_POOL = _Pool(None, EMPTY, _NO_BUCKETS, _NO_BUCKETS)


class _Overlay(NamedTuple):
    """The sequential fast path: consecutive ``-P`` requests on an unspecified address.

    It stands for pool ``slot`` of the allocator's pools whose unspecified key has ``chunk``
    at ``chunk_index``, ``summary``, and the default cursor ``last``; ``blocked`` is the chunk of
    ports other addresses hold that the search must skip, ``end`` the default range's end.
    Each request builds one such small tuple instead of copying the chunk tuple;
    :meth:`PortAllocator._flat` folds it in.
    """

    slot: int
    chunk_index: int
    chunk: int
    summary: int
    last: int
    blocked: int
    end: int


def _bucket_get(buckets: _Buckets, index: int, key: int) -> Any:
    bucket = buckets[index >> 3][index & 7]
    return None if bucket is None else bucket.get(key)


def _bucket_put(buckets: _Buckets, index: int, key: int, value: Any) -> _Buckets:
    group = buckets[index >> 3]
    bucket = dict(group[index & 7] or ())
    if value is None:
        bucket.pop(key, None)
    else:
        bucket[key] = value
    listed = list(group)
    listed[index & 7] = bucket or None
    outer = list(buckets)
    outer[index >> 3] = tuple(listed)
    return tuple(outer)


def _bucket_items(buckets: _Buckets) -> list[tuple[int, Any]]:
    return [item for group in buckets for bucket in group for item in (bucket or {}).items()]


@attrs.frozen
class _Config:
    begin: int
    end: int
    profile: Profile
    family_conflicts: bool  # daemon.ip_conflicts == "family"
    reserved: frozenset[int]
    reserved_bits: Bits | None = attrs.field(eq=False)  # only when daemon.reserved_ports
    default_text: str = attrs.field(eq=False)


def _overlay_step(chunk: int, summary: int, index: int, number: int) -> tuple[int, int]:
    """``chunk`` and ``summary`` with ``number`` (a port of chunk ``index``) set."""
    chunk |= 1 << (number & MASK)
    if chunk == FULL_CHUNK:
        chunk = FULL_CHUNK  # every full chunk shares one int
        summary |= 1 << index
    return chunk, summary


@attrs.frozen(init=False, eq=False, repr=False)
class PortAllocator:
    """Docker's host-port allocator as an immutable value (see the module's rule table).

    ``begin``-``end`` is the default (ephemeral) range: the kernel's
    ``ip_local_port_range``, 49153-65535 when unreadable. ``reserved`` are the kernel's
    reserved ports; only profiles whose daemon skips them (``daemon.reserved_ports``)
    consult them, for default-range requests.
    """

    _cfg: _Config
    _pools: tuple[_Pool, ...]
    _hot: _Overlay | None

    def __init__(
        self,
        begin: int = DEFAULT_BEGIN,
        end: int = DEFAULT_END,
        *,
        profile: ProfileLike = None,
        reserved: Iterable[int] = (),
    ) -> None:
        resolved = get_profile(profile)
        if type(begin) is not int or type(end) is not int or not 1 <= begin <= end <= 65535:
            raise InvalidPortRangeError(
                f"invalid port range: {shown(begin)}-{shown(end)} "
                "(the default range must lie in 1-65535)"
            )
        if isinstance(reserved, str) or not isinstance(reserved, Iterable):
            raise InvalidPortRangeError(f"invalid reserved ports: {shown(reserved)}")
        reserved_set = frozenset(_port_number(p) for p in reserved)
        clipped = [p for p in reserved_set if begin <= p <= end]
        skips = resolved.daemon.reserved_ports and bool(clipped)
        cfg = _Config(
            begin,
            end,
            resolved,
            resolved.daemon.ip_conflicts == "family",
            reserved_set,
            bits_of(clipped) if skips else None,
            f"{begin}-{end}",
        )
        object.__setattr__(self, "_cfg", cfg)
        object.__setattr__(self, "_pools", (_EMPTY_POOL,) * 6)
        object.__setattr__(self, "_hot", None)

    @classmethod
    def _make(
        cls, cfg: _Config, pools: tuple[_Pool, ...], hot: _Overlay | None = None
    ) -> PortAllocator:
        new = _NEW(cls)
        _SET_CFG(new, cfg)
        _SET_POOLS(new, pools)
        _SET_HOT(new, hot)
        return new

    def _flat(self) -> tuple[_Pool, ...]:
        """The pools with the fast path's overlay folded in."""
        hot = self._hot
        if hot is None:
            return self._pools
        folded = list(self._pools)
        pool = folded[hot.slot]
        key = pool.unspecified
        assert key is not None  # an overlay only ever stands for an existing key
        bits = with_chunk(key.bits, hot.chunk_index, hot.chunk, hot.summary)
        folded[hot.slot] = pool._replace(unspecified=_Key(bits, hot.last, key.ranges))
        return tuple(folded)

    # ---------------------------------------------------------------- properties

    @property
    def begin(self) -> int:
        """First port of the default range."""
        return self._cfg.begin

    @property
    def end(self) -> int:
        """Last port of the default range."""
        return self._cfg.end

    @property
    def profile(self) -> Profile:
        """The behaviour profile the allocator follows."""
        return self._cfg.profile

    @property
    def reserved(self) -> frozenset[int]:
        """The reserved ports given (skipped where the profile's daemon skips them)."""
        return self._cfg.reserved

    # ---------------------------------------------------------------- value protocol

    def _keys(self) -> list[tuple[int, int, int, _Key]]:
        """Every key: (family, protocol, address value, key)."""
        out = []
        for index, pool in enumerate(self._flat()):
            family, proto = divmod(index, 3)
            if pool.unspecified is not None:
                out.append((family, proto, 0, pool.unspecified))
            out.extend((family, proto, value, key) for value, key in _bucket_items(pool.specific))
        return out

    def _snapshot(self) -> tuple[Any, ...]:
        keys = []
        end = self._cfg.end
        for family, proto, value, key in self._keys():
            cursors = frozenset(
                [(t, c) for t, c in key.ranges.items() if c != int(t.rpartition("-")[2])]
                + ([("", key.last)] if key.last != end else [])
            )
            if key.bits.chunks != EMPTY.chunks or cursors:
                keys.append((family, proto, value, key.bits.chunks, cursors))
        return (self._cfg, frozenset(keys))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PortAllocator):
            return NotImplemented
        return self is other or self._snapshot() == other._snapshot()

    def __hash__(self) -> int:
        return hash(self._snapshot())

    def __repr__(self) -> str:
        cfg = self._cfg
        used = sum(len(v) for v in self.allocated().values())
        return (
            f"PortAllocator({cfg.begin}, {cfg.end}, profile={cfg.profile.name!r}, allocated={used})"
        )

    def allocated(self) -> dict[tuple[str, str], tuple[int, ...]]:
        """Every allocated port, as {(address, protocol): sorted ports}.

        >>> a, _ = PortAllocator().request("::ffff:127.0.0.1", "udp", 53)
        >>> a.allocated()
        {('127.0.0.1', 'udp'): (53,)}
        """
        out: dict[tuple[str, str], tuple[int, ...]] = {}
        for family, proto, value, key in sorted(self._keys(), key=lambda k: k[:3]):
            numbers = ports(key.bits)
            if numbers:
                out[(_address_text(family, value), _PROTO_NAMES[proto])] = tuple(numbers)
        return out

    def is_allocated(self, ip: str | None, proto: str, port: int) -> bool:
        """Whether ``port`` is recorded under exactly this address and protocol."""
        addr = _addr(ip)
        p = _proto(proto)
        number = _port_number(port)
        key = self._key(addr, p)
        return key is not None and has(key.bits, number)

    # ---------------------------------------------------------------- requests

    def request(self, ip: str | None, proto: str, port: int = 0) -> tuple[PortAllocator, int]:
        """Allocate ``port`` (0: the next free port of the default range) on one address.

        >>> a, p = PortAllocator(32768, 60999).request("127.0.0.1", "tcp")
        >>> p
        32768
        """
        if port == 0 and type(ip) is str and type(proto) is str and type(port) is int:
            slot = _UNSPECIFIED_SLOTS.get((ip, proto))
            hot = self._hot
            if slot is not None and hot is not None and hot.slot == slot:
                # -P on the default address, continuing the overlay: its next port, if free
                _, index, chunk, summary, last, blocked, end = hot
                number = last + 1
                free = not (chunk | blocked) >> (number & MASK) & 1
                if number >> SHIFT == index and last < end and free:
                    chunk, summary = _overlay_step(chunk, summary, index, number)
                    overlay = _Overlay(slot, index, chunk, summary, number, blocked, end)
                    return PortAllocator._make(self._cfg, self._pools, overlay), number
        p = _PROTOS.get(proto) if type(proto) is str else None
        if p is None:
            raise UnknownProtocolError("unknown protocol")
        start = 0 if port == 0 and type(port) is int else _port_number(port)
        addr = _COMMON.get(ip) if type(ip) is str else None
        if addr is None:
            addr = _addr(ip)
        if start == 0 and addr.unspecified:
            started = self._start_overlay(addr.family * 3 + p)
            if started is not None:
                return started
        return self._request_one(addr, p, start, start)

    def _start_overlay(self, slot: int) -> tuple[PortAllocator, int] | None:
        """The sequential case (-P, ip::port) when the port after the cursor is free: start
        an overlay. Anything else (a search, a new key, reserved ports): ``None``."""
        cfg = self._cfg
        pools = self._flat()
        pool = pools[slot]
        key = pool.unspecified
        if key is None or key.last >= cfg.end or cfg.reserved_bits is not None:
            return None
        number = key.last + 1
        index = number >> SHIFT
        # what else holds ports of this chunk: specific addresses, under the family rules
        # (a new overlay is made whenever they could have changed)
        blocked = pool.any_bits.chunks[index] if cfg.family_conflicts else 0
        chunk = key.bits.chunks[index]
        if (chunk | blocked) >> (number & MASK) & 1:
            return None
        chunk, summary = _overlay_step(chunk, key.bits.summary, index, number)
        overlay = _Overlay(slot, index, chunk, summary, number, blocked, cfg.end)
        return PortAllocator._make(cfg, pools, overlay), number

    def request_range(
        self, ip: str | None, proto: str, start: int, end: int
    ) -> tuple[PortAllocator, int]:
        """Allocate the next free port of ``start``-``end`` (``0, 0``: the default range).

        >>> a = PortAllocator()
        >>> a, p1 = a.request_range("", "tcp", 8000, 9000)
        >>> a, p2 = a.request_range("", "tcp", 8000, 9000)
        >>> p1, p2
        (8000, 8001)
        """
        p = _proto(proto)
        start, end = _check_pair(start, end)
        return self._request_one(_addr(ip), p, start, end)

    def request_multi(
        self, ips: Iterable[str | None] | str, proto: str, start: int = 0, end: int = 0
    ) -> tuple[PortAllocator, int]:
        """Allocate one port for several addresses at once (Docker v27+).

        The search follows the first address's cursor; the port is recorded under each
        named address. A single string is taken as a one-address list.

        >>> a, p = PortAllocator().request_multi(["0.0.0.0", "::"], "tcp", 0, 0)
        >>> p, sorted(a.allocated())
        (49153, [('0.0.0.0', 'tcp'), ('::', 'tcp')])
        """
        p = _proto(proto)
        start, end = _check_pair(start, end)
        if isinstance(ips, str):
            ips = (ips,)
        try:
            listed = list(ips)
        except TypeError:
            raise InvalidAddressError(f"invalid IP address: {shown(ips)}") from None
        if not listed:
            raise NoAddressesError("no IP addresses specified")
        addrs: list[_Addr] = []
        for ip in listed:
            addr = _addr(ip)
            if addr not in addrs:
                addrs.append(addr)
        return self._request(tuple(addrs), p, start, end)

    # ---------------------------------------------------------------- internals

    def _key(self, addr: _Addr, proto: int) -> _Key | None:
        pool = self._flat()[addr.family * 3 + proto]
        if addr.unspecified:
            return pool.unspecified
        key: _Key | None = _bucket_get(pool.specific, addr.bucket, addr.value)
        return key

    def _window(self, start: int, end: int) -> tuple[int, int, str | None]:
        """The search window and cursor text of a request: (lo, hi, text); text ``""`` is the
        default cursor, ``None`` an exact port (no cursor)."""
        cfg = self._cfg
        if start == 0:
            return cfg.begin, cfg.end, ""
        if start == end:
            return start, start, None
        text = f"{start}-{end}"
        return start, end, "" if text == cfg.default_text else text

    def _request_one(
        self, addr: _Addr, proto: int, start: int, end: int
    ) -> tuple[PortAllocator, int]:
        """A request for one address (the hot path; conflicts are reported by _request)."""
        cfg = self._cfg
        slot = addr.family * 3 + proto
        pools = self._flat()
        pool = pools[slot]
        key = (
            pool.unspecified
            if addr.unspecified
            else _bucket_get(pool.specific, addr.bucket, addr.value)
        )
        lo, hi, text = self._window(start, end)
        if key is None:
            bits, last, ranges = EMPTY, hi, _NO_RANGES
        else:
            bits, last, ranges = key
            if text is None:
                last = hi  # so the only candidate is the port itself
            elif text:
                last = ranges.get(text, hi)
        layers = [bits]
        if cfg.family_conflicts:
            if addr.unspecified:
                if pool.any_bits is not EMPTY:
                    layers.append(pool.any_bits)
            elif pool.unspecified is not None:
                layers.append(pool.unspecified.bits)
        if start == 0 and cfg.reserved_bits is not None:
            layers.append(cfg.reserved_bits)
        if text is None:
            if any(has(layer, start) for layer in layers):
                return self._request((addr,), proto, start, end)  # names the holder
            number = start
        else:
            number = next_fit(layers, lo, hi, last)
            if number < 0:
                raise AllPortsAllocatedError("all ports are allocated")
        if not addr.unspecified:
            return self._mark((addr,), proto, number, text), number
        # record it: the unspecified-address case of _mark, inlined
        new_bits = set_bit(bits, number)
        if text == "":
            new_key = _Key(new_bits, number, ranges)
        else:
            if text is not None:
                ranges = {**ranges, text: number}
            new_key = _Key(new_bits, cfg.end if key is None else key.last, ranges)
        new_pools = list(pools)
        new_pools[slot] = pool._replace(unspecified=new_key)
        return PortAllocator._make(cfg, tuple(new_pools)), number

    def _request(
        self, addrs: tuple[_Addr, ...], proto: int, start: int, end: int
    ) -> tuple[PortAllocator, int]:
        cfg = self._cfg
        pools = self._flat()
        layers: list[Bits] = []
        named = unspecified = 0  # bit f set: an address (an unspecified one) of family f
        for addr in addrs:
            pool = pools[addr.family * 3 + proto]
            if addr.unspecified:
                key = pool.unspecified
                unspecified |= 1 << addr.family
            else:
                key = _bucket_get(pool.specific, addr.bucket, addr.value)
            named |= 1 << addr.family
            if key is not None:
                layers.append(key.bits)
        # (bits, the address a conflict names or None for "the lowest holder", family)
        extra: list[tuple[Bits, _Addr | None, int]] = []
        if cfg.family_conflicts:
            for family in (0, 1):
                if not named >> family & 1:
                    continue
                pool = pools[family * 3 + proto]
                if unspecified >> family & 1:
                    if pool.any_bits is not EMPTY:  # every specific address of the family
                        extra.append((pool.any_bits, None, family))
                        layers.append(pool.any_bits)
                elif pool.unspecified is not None:
                    extra.append((pool.unspecified.bits, _ZERO6 if family else _ZERO4, family))
                    layers.append(pool.unspecified.bits)
        lo, hi, text = self._window(start, end)
        if text is None:  # an exact port
            if any(has(layer, start) for layer in layers):
                holder = self._conflict(addrs, extra, proto, start)
                raise PortAlreadyAllocatedError(
                    f"Bind for {holder}:{start} failed: port is already allocated"
                )
            return self._mark(addrs, proto, start, None), start
        if start == 0 and cfg.reserved_bits is not None:
            layers.append(cfg.reserved_bits)
        first = self._key(addrs[0], proto)
        if first is None:
            last = hi
        elif not text:
            last = first.last
        else:
            last = first.ranges.get(text, hi)
        number = next_fit(layers, lo, hi, last)
        if number < 0:
            raise AllPortsAllocatedError("all ports are allocated")
        return self._mark(addrs, proto, number, text), number

    def _conflict(
        self,
        addrs: tuple[_Addr, ...],
        extra: list[tuple[Bits, _Addr | None, int]],
        proto: int,
        number: int,
    ) -> str:
        """The address a conflict message names (the module docstring's rule)."""
        for addr in addrs:
            key = self._key(addr, proto)
            if key is not None and has(key.bits, number):
                return addr.text
        for bits, addr_or_none, family in extra:  # pragma: no branch
            if has(bits, number):
                if addr_or_none is not None:
                    return addr_or_none.text
                holders = [
                    value
                    for value, key in _bucket_items(self._flat()[family * 3 + proto].specific)
                    if has(key.bits, number)
                ]
                return _address_text(family, min(holders))
        raise AssertionError("no conflict")  # pragma: no cover

    def _mark(
        self, addrs: tuple[_Addr, ...], proto: int, number: int, text: str | None
    ) -> PortAllocator:
        """Record ``number`` under each address (and move its cursor unless ``text`` is None)."""
        end = self._cfg.end
        pools = list(self._flat())
        for addr in addrs:
            slot = addr.family * 3 + proto
            pool = pools[slot]
            if addr.unspecified:
                key = pool.unspecified
            else:
                key = _bucket_get(pool.specific, addr.bucket, addr.value)
            if key is None:
                key = _Key(EMPTY, end, _NO_RANGES)
            bits, last, ranges = key
            bits = set_bit(bits, number)
            if text == "":
                last = number
            elif text is not None:
                ranges = {**ranges, text: number}
            key = _Key(bits, last, ranges)
            if addr.unspecified:
                pools[slot] = pool._replace(unspecified=key)
                continue
            specific = _bucket_put(pool.specific, addr.bucket, addr.value, key)
            index = number >> SHIFT
            any_bits, counts = pool.any_bits, pool.counts
            if has(any_bits, number):
                shared = _bucket_get(counts, index, number) or 1
                counts = _bucket_put(counts, index, number, shared + 1)
            else:
                any_bits = set_bit(any_bits, number)
            pools[slot] = _Pool(pool.unspecified, any_bits, counts, specific)
        return PortAllocator._make(self._cfg, tuple(pools))

    # ---------------------------------------------------------------- release

    def release(self, ip: str | None, proto: str, port: int) -> PortAllocator:
        """Free ``port`` on one address; an unknown address or a free port is a no-op.

        Cursors never move, so a released port comes back only when its cursor wraps round.

        >>> a, p = PortAllocator().request("", "tcp")
        >>> a.release("0.0.0.0", "tcp", p).request("", "tcp")[1]
        49154
        """
        p = _proto(proto)
        number = _port_number(port)
        addr = _addr(ip)
        key = self._key(addr, p)
        if key is None or not has(key.bits, number):
            return self
        slot = addr.family * 3 + p
        pools = list(self._flat())
        pool = pools[slot]
        key = key._replace(bits=clear(key.bits, number))
        if addr.unspecified:
            pools[slot] = pool._replace(unspecified=key)
        else:
            specific = _bucket_put(pool.specific, addr.bucket, addr.value, key)
            index = number >> SHIFT
            any_bits, counts = pool.any_bits, pool.counts
            shared = _bucket_get(counts, index, number)
            if shared is None:
                any_bits = clear(any_bits, number)
            else:
                counts = _bucket_put(counts, index, number, shared - 1 if shared > 2 else None)
            pools[slot] = _Pool(pool.unspecified, any_bits, counts, specific)
        return PortAllocator._make(self._cfg, tuple(pools))

    def release_all(self) -> PortAllocator:
        """Free every port and reset every cursor (the next request gets ``begin`` again)."""
        return PortAllocator._make(self._cfg, (_EMPTY_POOL,) * 6)

    # ---------------------------------------------------------------- kernel text

    @classmethod
    @checked(port_range_text=(str, None), reserved_text=(str, None))
    def from_proc_text(
        cls,
        port_range_text: str | None,
        reserved_text: str | None = None,
        *,
        profile: ProfileLike = None,
    ) -> ProcRange:
        """Build an allocator from ``ip_local_port_range`` (and ``ip_local_reserved_ports``)
        text as the daemon reads it (:mod:`dockerlinks.allocate.kernel`); ``None`` stands for
        an unreadable file. Only profiles whose daemon skips reserved ports read them.

        >>> r = PortAllocator.from_proc_text("32768\\t60999\\n", "32768,40000-40001\\n")
        >>> r.allocator.begin, r.allocator.end, sorted(r.allocator.reserved), r.warnings
        (32768, 60999, [32768, 40000, 40001], ())
        >>> PortAllocator.from_proc_text("garbage").warnings
        ('falling back to default port range 49153-65535',)
        """
        resolved = get_profile(profile)
        begin, end, warnings = parse_port_range_text(port_range_text, resolved)
        reserved: frozenset[int] | None = None
        if resolved.daemon.reserved_ports and reserved_text is not None:
            try:
                reserved = parse_reserved_ports(reserved_text, begin, end)
            except ReservedPortsError:
                warnings += (RESERVED_IGNORED_MESSAGE,)
        allocator = cls(begin, end, profile=resolved, reserved=reserved or ())
        return ProcRange(allocator, warnings)


@attrs.frozen
class ProcRange:
    """What :meth:`PortAllocator.from_proc_text` made of the kernel's text.

    ``warnings`` holds the daemon's log lines for the fallbacks taken (empty when none).
    """

    allocator: PortAllocator
    warnings: tuple[str, ...] = ()


# the slots' own setters: the fastest way to fill a new frozen instance
_NEW = object.__new__
_SET_CFG = PortAllocator.__dict__["_cfg"].__set__
_SET_POOLS = PortAllocator.__dict__["_pools"].__set__
_SET_HOT = PortAllocator.__dict__["_hot"].__set__
