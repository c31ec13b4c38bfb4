"""The host-port allocator: Docker's exact next-fit sequence as a persistent value.

dockerd does not pick host ports at random: for ``-P``, ``-p 127.0.0.1::5000`` and
``-p 8000-9000:5000`` it runs a next-fit search from a per-range cursor. :class:`PortAllocator`
reproduces that sequence without binding sockets. It is an immutable value: every operation
returns a new allocator (and the chosen port) and leaves the old one usable; a refused
operation raises and changes nothing.

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

    profile   state that must be free                           reserved ports
    classic   each named address's own key (Docker <= v28.2)    ignored
    modern    0.0.0.0 / ::: every address of its family;        skipped by default-range
              a specific address: itself and its family's        requests (v29.6)
              unspecified address (v28.3+)

    both: the search follows the first address's cursor; the port is recorded under the
    named addresses only, and becomes the cursor of each of them.

Error messages are Docker's: ``Bind for 0.0.0.0:80 failed: port is already allocated`` (IPv6
written as Go prints it: ``Bind for :::8080 failed: ...``), ``all ports are allocated``,
``invalid port range: 8081-8080``, ``unknown protocol``, ``no IP addresses specified``,
``invalid IP address: x``. Where several addresses conflict, the one named is the first named
address whose own state holds the port, else (modern) its family's unspecified address, else
the lowest specific address holding it (Docker v28.3+ names any of them).

Differences from Docker, on purpose: port numbers outside 1-65535 (and non-integers) are refused
with :class:`InvalidPortRangeError` (Docker accepts an exact port 70000 or -5); releasing with
an unknown protocol raises :class:`UnknownProtocolError` (Docker crashes); an empty address list
is refused by both profiles (Docker before v28.3 crashes); a text that is not an IP address is
refused (Docker receives parsed addresses).

State: per (address family, protocol) the unspecified address's bitmap ``U``, the union of the
specific addresses' bitmaps ``A`` (a per-port reference count behind it) and one bitmap per
specific address. A bitmap is a tuple of 64 Python ints of 1,024 bits plus a 64-bit "chunk
is full" summary, so finding the next free port costs a few big-int operations at any
occupancy, and an operation replaces one chunk and copies the 64 references of that tuple and
a few small tuples, sharing every chunk and everything else with the previous value.

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
dockerlinks.allocate.PortAlreadyAllocatedError: Bind for 0.0.0.0:49153 failed: ...
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any, NamedTuple, TypeAlias

import attrs

from dockerlinks.errors import AllocationError
from dockerlinks.ports import Port, PortBinding, PortConfig, PortMap
from dockerlinks.profiles import Profile, get_profile

__all__ = [
    "DEFAULT_BEGIN",
    "DEFAULT_END",
    "AllPortsAllocatedError",
    "InvalidAddressError",
    "InvalidPortRangeError",
    "NoAddressesError",
    "PortAllocator",
    "PortAlreadyAllocatedError",
    "ProcRange",
    "ReservedPortsError",
    "UnknownProtocolError",
    "parse_reserved_ports",
    "release_bindings",
    "resolve_bindings",
]

DEFAULT_BEGIN = 49153
DEFAULT_END = 65535

FALLBACK_MESSAGE = f"falling back to default port range {DEFAULT_BEGIN}-{DEFAULT_END}"
RESERVED_IGNORED_MESSAGE = "ignoring system reserved ports"


class PortAlreadyAllocatedError(AllocationError):
    """``Bind for <ip>:<port> failed: port is already allocated``."""


class AllPortsAllocatedError(AllocationError):
    """``all ports are allocated``: no free port in the searched range."""


class InvalidPortRangeError(AllocationError):
    """``invalid port range: S-E`` (and the library's own refusal of out-of-range numbers)."""


class UnknownProtocolError(AllocationError):
    """``unknown protocol``: only ``tcp``, ``udp`` and ``sctp`` have ports."""


class NoAddressesError(AllocationError):
    """``no IP addresses specified``: a multi-address request without addresses."""


class InvalidAddressError(AllocationError):
    """``invalid IP address: <ip>``."""


class ReservedPortsError(AllocationError):
    """``invalid port "<p>"`` / ``invalid port range "<r>"`` in ``ip_local_reserved_ports``."""


# --------------------------------------------------------------------------------------------
# Bitmaps: 64 chunks (Python ints of 1,024 bits; bit i of chunk c is port
# c * 1024 + i) and a summary int whose bit c means "chunk c is full".

_SHIFT = 10
_MASK = 1023
_NCHUNKS = 64
_FULL = (1 << 1024) - 1
_ALL_FULL = (1 << _NCHUNKS) - 1
_EMPTY_CHUNKS: tuple[int, ...] = (0,) * _NCHUNKS

# (chunks, summary): a change copies the 64 references of one tuple, sharing every chunk
_Bits: TypeAlias = tuple[tuple[int, ...], int]
_EMPTY_BITS: _Bits = (_EMPTY_CHUNKS, 0)


def _bits_from(ports: Iterable[int]) -> _Bits:
    chunks = [0] * _NCHUNKS
    for port in ports:
        chunks[port >> _SHIFT] |= 1 << (port & _MASK)
    summary = 0
    for index, chunk in enumerate(chunks):
        if chunk == _FULL:
            summary |= 1 << index
    return tuple(chunks), summary


def _chunk(bits: _Bits, index: int) -> int:
    return bits[0][index]


def _bits_ports(bits: _Bits) -> list[int]:
    out: list[int] = []
    for index in range(_NCHUNKS):
        chunk = _chunk(bits, index)
        base = index << _SHIFT
        while chunk:
            low = chunk & -chunk
            out.append(base + low.bit_length() - 1)
            chunk ^= low
    return out


def _find(layers: list[_Bits], lo: int, hi: int) -> int:
    """The first port of ``lo``-``hi`` that is free in every layer, or -1."""
    skip = 0
    for layer in layers:
        skip |= layer[1]
    index = lo >> _SHIFT
    word = (1 << (lo & _MASK)) - 1
    while True:
        for layer in layers:
            word |= layer[0][index]
        if word != _FULL:
            port = ((~word & (word + 1)).bit_length() - 1) | (index << _SHIFT)
            return port if port <= hi else -1
        if index >= hi >> _SHIFT:
            return -1
        # the next chunk after ``index`` that no layer reports full
        rest = skip | ((2 << index) - 1)
        if rest == _ALL_FULL:
            return -1
        index = (~rest & (rest + 1)).bit_length() - 1
        word = 0


def _set_bit(bits: _Bits, port: int) -> _Bits:
    chunks, summary = bits
    index = port >> _SHIFT
    chunk = chunks[index] | (1 << (port & _MASK))
    if chunk == _FULL:
        chunk = _FULL  # every full chunk shares one int
        summary |= 1 << index
    listed = list(chunks)
    listed[index] = chunk
    return tuple(listed), summary


def _clear_bit(bits: _Bits, port: int) -> _Bits:
    chunks, summary = bits
    index = port >> _SHIFT
    listed = list(chunks)
    listed[index] = chunks[index] & ~(1 << (port & _MASK))
    return tuple(listed), summary & ~(1 << index)


# --------------------------------------------------------------------------------------------
# Addresses


class _Addr(NamedTuple):
    family: int  # 0 = IPv4, 1 = IPv6
    value: int  # the address as an integer
    text: str  # as Go prints it
    unspecified: bool
    bucket: int  # which of the 64 buckets of specific addresses holds it


@lru_cache(maxsize=4096)
def _parse_addr(text: str) -> _Addr:
    if text == "":
        text = "0.0.0.0"
    if "%" in text:  # zones are not host binding addresses
        raise ValueError(text)
    address = ipaddress.ip_address(text)
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    family = 0 if address.version == 4 else 1
    value = int(address)
    # Fibonacci hashing of the folded value: neighbouring addresses spread over the buckets
    mixed = ((value ^ (value >> 64)) * 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
    return _Addr(family, value, str(address), value == 0, mixed >> 58)


def _addr(ip: object) -> _Addr:
    if ip is None:
        return _ZERO4
    if isinstance(ip, str):
        try:
            return _parse_addr(ip)
        except ValueError:
            pass
    raise InvalidAddressError(f"invalid IP address: {ip}")


_ZERO4 = _parse_addr("0.0.0.0")
_ZERO6 = _parse_addr("::")
_COMMON = {"": _ZERO4, "0.0.0.0": _ZERO4, "::": _ZERO6}
# (address, protocol) -> pool slot, for the unspecified addresses' fast path
_UNSPECIFIED_SLOTS = {
    (ip, proto): addr.family * 3 + index
    for ip, addr in _COMMON.items()
    for proto, index in (("tcp", 0), ("udp", 1), ("sctp", 2))
}
_PROTOS = {"tcp": 0, "udp": 1, "sctp": 2}


def _proto(proto: object) -> int:
    index = _PROTOS.get(proto) if isinstance(proto, str) else None
    if index is None:
        raise UnknownProtocolError("unknown protocol")
    return index


def _port_number(value: object) -> int:
    if type(value) is not int or not 1 <= value <= 65535:
        raise InvalidPortRangeError(f"invalid port: {value!r} (must be an integer 1-65535)")
    return value


def _check_pair(start: object, end: object) -> tuple[int, int]:
    if type(start) is not int or type(end) is not int:
        raise InvalidPortRangeError(f"invalid port range: {start!r}-{end!r}")
    if start == end == 0:
        return 0, 0
    if start == 0 or end == 0 or end < start:
        raise InvalidPortRangeError(f"invalid port range: {start}-{end}")
    if start < 1 or end > 65535:
        raise InvalidPortRangeError(f"invalid port range: {start}-{end} (ports must be 1-65535)")
    return start, end


# --------------------------------------------------------------------------------------------
# State. A key (one address and protocol) is (bits, default cursor, {range text: cursor}).
# A pool (one family and protocol) is (unspecified key, A bits, shared counts, specific keys):
# "shared counts" holds, for ports that two or more specific addresses hold, how many do (in
# 64 buckets by port chunk); "specific keys" maps an address value to its key (in 64 buckets
# by hash). The allocator holds six pools: IPv4 tcp/udp/sctp, IPv6 tcp/udp/sctp.

_Key: TypeAlias = tuple[_Bits, int, dict[str, int]]
_Buckets: TypeAlias = tuple[tuple[dict[int, Any] | None, ...], ...]  # 8 x 8 dicts
_Pool: TypeAlias = tuple[_Key | None, _Bits, _Buckets, _Buckets]
_NO_BUCKETS: _Buckets = ((None,) * 8,) * 8
_EMPTY_POOL: _Pool = (None, _EMPTY_BITS, _NO_BUCKETS, _NO_BUCKETS)
_NO_RANGES: dict[str, int] = {}


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
    modern: bool
    reserved: frozenset[int]
    reserved_bits: _Bits | None = attrs.field(eq=False)
    default_text: str = attrs.field(eq=False)


@attrs.frozen
class ProcRange:
    """What :meth:`PortAllocator.from_proc_text` made of the kernel's text.

    ``warnings`` holds the daemon's log lines for the fallbacks taken (empty when none).
    """

    allocator: PortAllocator
    warnings: tuple[str, ...] = ()


_PROC_RANGE = re.compile(r"[ \t]*([+-]?[0-9]+)[ \t]*([+-]?[0-9]+)")


def parse_reserved_ports(text: str, begin: int = 1, end: int = 65535) -> frozenset[int] | None:
    """Parse ``ip_local_reserved_ports`` text (``8080,30000-30002``), clipped to ``begin-end``.

    ``None`` when the text holds no ports at all; an empty set when every port lies outside
    the range.

    >>> sorted(parse_reserved_ports("8080,30000-30002", 20000, 40000))
    [30000, 30001, 30002]
    >>> parse_reserved_ports("8080,abc")
    Traceback (most recent call last):
    ...
    dockerlinks.allocate.ReservedPortsError: invalid port "abc"
        8080,abc
             ^^^
    """
    if not isinstance(text, str):
        raise ReservedPortsError(f"invalid reserved ports text: {text!r}")
    stripped = text.strip()
    if not stripped:
        return None
    ports: set[int] = set()
    for item in stripped.split(","):
        item = item.strip()
        if "-" in item:
            low_text, _, high_text = item.partition("-")
            if not (_is_port_text(low_text) and _is_port_text(high_text)):
                raise ReservedPortsError(f'invalid port range "{item}"', text, _span(text, item))
            low, high = int(low_text), int(high_text)
            if high < low:
                raise ReservedPortsError(f'invalid port range "{item}"', text, _span(text, item))
            ports.update(range(max(low, begin), min(high, end) + 1))
        else:
            if not _is_port_text(item):
                raise ReservedPortsError(f'invalid port "{item}"', text, _span(text, item))
            if begin <= int(item) <= end:
                ports.add(int(item))
    return frozenset(ports)


def _is_port_text(text: str) -> bool:
    return text.isascii() and text.isdigit() and int(text) <= 65535


def _span(text: str, item: str) -> tuple[int, int]:
    start = text.find(item)
    return (start, start + len(item)) if start >= 0 else (0, len(text))


# --------------------------------------------------------------------------------------------


@attrs.frozen(init=False, eq=False, repr=False)
class PortAllocator:
    """Docker's host-port allocator as an immutable value (see the module's rule table).

    ``begin``-``end`` is the default (ephemeral) range: the kernel's
    ``ip_local_port_range``, 49153-65535 when unreadable. ``reserved`` are the kernel's
    reserved ports; only the ``modern`` profile consults them, for default-range requests.
    """

    _cfg: _Config
    _pools: tuple[_Pool, ...]
    # The sequential fast path's overlay, or None: (slot, chunk index, chunk, summary, last,
    # blocked, end) stands for the pool ``slot`` of ``_pools`` whose unspecified address's
    # bitmap has that chunk and summary and whose default cursor is ``last``; ``blocked`` is
    # the chunk of ports other addresses hold that the search must skip, ``end`` the range's.
    # Consecutive -P requests then build one small tuple instead of copying the chunk tuple;
    # _flat() folds it in.
    _hot: tuple[int, int, int, int, int, int, int] | None

    def __init__(
        self,
        begin: int = DEFAULT_BEGIN,
        end: int = DEFAULT_END,
        *,
        profile: Profile | str = "modern",
        reserved: Iterable[int] = (),
    ) -> None:
        resolved = get_profile(profile)
        if type(begin) is not int or type(end) is not int or not 1 <= begin <= end <= 65535:
            raise InvalidPortRangeError(
                f"invalid port range: {begin}-{end} (the default range must lie in 1-65535)"
            )
        try:
            reserved_set = frozenset(_port_number(p) for p in reserved)
        except TypeError:
            raise InvalidPortRangeError(f"invalid reserved ports: {reserved!r}") from None
        modern = resolved.allocator == "modern"
        clipped = [p for p in reserved_set if begin <= p <= end]
        reserved_bits = _bits_from(clipped) if modern and clipped else None
        cfg = _Config(begin, end, resolved, modern, reserved_set, reserved_bits, f"{begin}-{end}")
        object.__setattr__(self, "_cfg", cfg)
        object.__setattr__(self, "_pools", (_EMPTY_POOL,) * 6)
        object.__setattr__(self, "_hot", None)

    @classmethod
    def _make(cls, cfg: _Config, pools: tuple[_Pool, ...]) -> PortAllocator:
        new = object.__new__(cls)
        _SET_CFG(new, cfg)
        _SET_POOLS(new, pools)
        _SET_HOT(new, None)
        return new

    def _flat(self) -> tuple[_Pool, ...]:
        """The pools with the fast path's overlay folded in."""
        hot = self._hot
        if hot is None:
            return self._pools
        slot, index, chunk, summary, last, _, _ = hot
        folded = list(self._pools)
        key, any_bits, counts, specific = folded[slot]
        assert key is not None  # an overlay only ever stands for an existing key
        listed = list(key[0][0])
        listed[index] = chunk
        folded[slot] = (((tuple(listed), summary), last, key[2]), any_bits, counts, specific)
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
        """The reserved ports given (the modern profile skips those inside the range)."""
        return self._cfg.reserved

    # ---------------------------------------------------------------- value protocol

    def _snapshot(self) -> tuple[Any, ...]:
        keys = []
        end = self._cfg.end
        for index, pool in enumerate(self._flat()):
            unspec, _, _, specific = pool
            family, proto = divmod(index, 3)
            entries = [(0, unspec)] if unspec is not None else []
            entries.extend(_bucket_items(specific))
            for value, key in entries:
                bits, last, ranges = key
                cursors = frozenset(
                    [(t, c) for t, c in ranges.items() if c != int(t.rpartition("-")[2])]
                    + ([("", last)] if last != end else [])
                )
                if bits[0] != _EMPTY_CHUNKS or cursors:
                    keys.append((family, proto, value, bits[0], cursors))
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
        names = ("tcp", "udp", "sctp")
        out: dict[tuple[str, str], tuple[int, ...]] = {}
        for index, pool in enumerate(self._flat()):
            family, proto = divmod(index, 3)
            unspec, _, _, specific = pool
            entries = [(0, unspec)] if unspec is not None else []
            entries.extend(sorted(_bucket_items(specific)))
            for value, key in entries:
                ports = _bits_ports(key[0])
                if ports:
                    text = str(
                        ipaddress.ip_address(value) if family == 0 else ipaddress.IPv6Address(value)
                    )
                    out[(text, names[proto])] = tuple(ports)
        return out

    def is_allocated(self, ip: str | None, proto: str, port: int) -> bool:
        """Whether ``port`` is recorded under exactly this address and protocol."""
        addr = _addr(ip)
        p = _proto(proto)
        port = _port_number(port)
        key = self._key(addr, p)
        return key is not None and bool((_chunk(key[0], port >> _SHIFT) >> (port & _MASK)) & 1)

    # ---------------------------------------------------------------- requests

    def request(self, ip: str | None, proto: str, port: int = 0) -> tuple[PortAllocator, int]:
        """Allocate ``port`` (0: the next free port of the default range) on one address.

        >>> a, p = PortAllocator(32768, 60999).request("127.0.0.1", "tcp")
        >>> p
        32768
        """
        if port == 0 and type(ip) is str and type(proto) is str and type(port) is int:
            # -P on the default address: the overlay's next port, when it is free
            slot = _UNSPECIFIED_SLOTS.get((ip, proto))
            hot = self._hot
            if slot is not None and hot is not None and hot[0] == slot:
                _, index, chunk, summary, last, blocked, end = hot
                port = last + 1
                if port >> _SHIFT == index and last < end:
                    bit = 1 << (port & _MASK)
                    if not (chunk | blocked) & bit:
                        chunk |= bit
                        if chunk == _FULL:
                            chunk = _FULL
                            summary |= 1 << index
                        new = _NEW(PortAllocator)
                        _SET_CFG(new, self._cfg)
                        _SET_POOLS(new, self._pools)
                        _SET_HOT(new, (slot, index, chunk, summary, port, blocked, end))
                        return new, port
                port = 0
        p = _PROTOS.get(proto) if type(proto) is str else None
        if p is None:
            raise UnknownProtocolError("unknown protocol")
        start = 0 if port == 0 and type(port) is int else _port_number(port)
        addr = _COMMON.get(ip) if type(ip) is str else None
        if addr is None:
            addr = _addr(ip)
        if start == 0 and addr.unspecified:
            # The sequential case (-P, ip::port): the candidate right after the cursor is
            # free. It starts an overlay (see _hot; the start of this method continues it);
            # anything else (a search, a new key, reserved ports) takes _request_one.
            cfg = self._cfg
            slot = addr.family * 3 + p
            pools = self._flat()
            key, any_bits, _, _ = pools[slot]
            if key is not None and key[1] < cfg.end and cfg.reserved_bits is None:
                (chunks, summary), last, _ = key
                port = last + 1
                index = port >> _SHIFT
                bit = 1 << (port & _MASK)
                chunk = chunks[index]
                # what else holds ports of this chunk: specific addresses, in the modern
                # rules (a new overlay is made whenever they could have changed)
                blocked = any_bits[0][index] if cfg.modern else 0
                if not (chunk | blocked) & bit:
                    chunk |= bit
                    if chunk == _FULL:
                        chunk = _FULL
                        summary |= 1 << index
                    new = _NEW(PortAllocator)
                    _SET_CFG(new, cfg)
                    _SET_POOLS(new, pools)
                    _SET_HOT(new, (slot, index, chunk, summary, port, blocked, cfg.end))
                    return new, port
        return self._request_one(addr, p, start, start)

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
            raise InvalidAddressError(f"invalid IP address: {ips!r}") from None
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
            return pool[0]
        key: _Key | None = _bucket_get(pool[3], addr.bucket, addr.value)
        return key

    def _request_one(
        self, addr: _Addr, proto: int, start: int, end: int
    ) -> tuple[PortAllocator, int]:
        """A request for one address (the hot path; conflicts are reported by _request)."""
        cfg = self._cfg
        slot = addr.family * 3 + proto
        pools = self._flat()
        unspec, any_bits, counts, specific = pools[slot]
        if addr.unspecified:
            key = unspec
        else:
            key = _bucket_get(specific, addr.bucket, addr.value)
        text: str | None
        if start == 0:
            lo = cfg.begin
            hi = cfg.end
            text = ""
        elif start == end:
            lo = hi = start
            text = None  # an exact port: no cursor
        else:
            lo = start
            hi = end
            text = f"{start}-{end}"
            if text == cfg.default_text:
                text = ""
        if key is None:
            bits = _EMPTY_BITS
            last = hi
            ranges = _NO_RANGES
        else:
            bits, last, ranges = key
            if text is None:
                last = hi  # so the only candidate is the port itself
            elif text:
                last = ranges.get(text, hi)
        layers = [bits]
        if cfg.modern:
            if addr.unspecified:
                if any_bits is not _EMPTY_BITS:
                    layers.append(any_bits)
            elif unspec is not None:
                layers.append(unspec[0])
        if start == 0 and cfg.reserved_bits is not None:
            layers.append(cfg.reserved_bits)
        # next fit: the candidate after the cursor first (the common case), then the search
        port = last + 1 if last < hi else lo
        index = port >> _SHIFT
        bit = 1 << (port & _MASK)
        for layer in layers:
            if layer[0][index] & bit:
                if text is None:  # the exact port is taken: the general path names the holder
                    return self._request((addr,), proto, start, end)
                port = _find(layers, last + 1, hi) if last < hi else -1
                if port < 0:
                    port = _find(layers, lo, last)
                    if port < 0:
                        raise AllPortsAllocatedError("all ports are allocated")
                index = port >> _SHIFT
                bit = 1 << (port & _MASK)
                break
        if not addr.unspecified:
            return self._mark((addr,), proto, port, text), port
        # record it: the inlined unspecified-address case of _mark
        chunks, summary = bits
        chunk = chunks[index] | bit
        if chunk == _FULL:
            chunk = _FULL
            summary |= 1 << index
        listed = list(chunks)
        listed[index] = chunk
        if text == "":
            new_key = ((tuple(listed), summary), port, ranges)
        else:
            if text is not None:
                ranges = dict(ranges)
                ranges[text] = port
            new_key = ((tuple(listed), summary), cfg.end if key is None else key[1], ranges)
        new_pools = list(pools)
        new_pools[slot] = (new_key, any_bits, counts, specific)
        new = object.__new__(PortAllocator)
        _SET_CFG(new, cfg)
        _SET_POOLS(new, tuple(new_pools))
        _SET_HOT(new, None)
        return new, port

    def _request(
        self, addrs: tuple[_Addr, ...], proto: int, start: int, end: int
    ) -> tuple[PortAllocator, int]:
        cfg = self._cfg
        pools = self._flat()
        layers: list[_Bits] = []
        named = unspecified = 0  # bit f set: an address (an unspecified one) of family f
        for addr in addrs:
            pool = pools[addr.family * 3 + proto]
            if addr.unspecified:
                key = pool[0]
                unspecified |= 1 << addr.family
            else:
                key = _bucket_get(pool[3], addr.bucket, addr.value)
            named |= 1 << addr.family
            if key is not None:
                layers.append(key[0])
        extra: list[tuple[_Bits, _Addr | None, int]] = []
        if cfg.modern:
            for family in (0, 1):
                if not named >> family & 1:
                    continue
                pool = pools[family * 3 + proto]
                if unspecified >> family & 1:
                    if pool[1] is not _EMPTY_BITS:  # every specific address of the family
                        extra.append((pool[1], None, family))
                        layers.append(pool[1])
                elif pool[0] is not None:
                    extra.append((pool[0][0], _ZERO6 if family else _ZERO4, family))
                    layers.append(pool[0][0])

        if start and start == end:  # an exact port
            word_index, bit = start >> _SHIFT, 1 << (start & _MASK)
            for bits in layers:
                if bits[0][word_index] & bit:
                    raise PortAlreadyAllocatedError(
                        "Bind for "
                        f"{self._conflict(addrs, extra, proto, start)}:{start} "
                        "failed: port is already allocated"
                    )
            return self._mark(addrs, proto, start, None), start

        if start == 0:
            lo, hi, text = cfg.begin, cfg.end, ""
            if cfg.reserved_bits is not None:
                layers.append(cfg.reserved_bits)
        else:
            lo, hi, text = start, end, f"{start}-{end}"
            if text == cfg.default_text:
                text = ""
        first = self._key(addrs[0], proto)
        if first is None:
            last = hi
        elif not text:
            last = first[1]
        else:
            last = first[2].get(text, hi)
        port = last + 1 if last < hi else lo
        index, bit = port >> _SHIFT, 1 << (port & _MASK)
        for layer in layers:
            if layer[0][index] & bit:
                port = _find(layers, last + 1, hi) if last < hi else -1
                if port < 0:
                    port = _find(layers, lo, last)
                    if port < 0:
                        raise AllPortsAllocatedError("all ports are allocated")
                break
        return self._mark(addrs, proto, port, text), port

    def _conflict(
        self,
        addrs: tuple[_Addr, ...],
        extra: list[tuple[_Bits, _Addr | None, int]],
        proto: int,
        port: int,
    ) -> str:
        """The address a conflict message names (the module docstring's rule)."""
        index, bit = port >> _SHIFT, 1 << (port & _MASK)
        for addr in addrs:
            key = self._key(addr, proto)
            if key is not None and _chunk(key[0], index) & bit:
                return addr.text
        for bits, addr_or_none, family in extra:  # pragma: no branch
            if _chunk(bits, index) & bit:
                if addr_or_none is not None:
                    return addr_or_none.text
                holders = [
                    value
                    for value, key in _bucket_items(self._flat()[family * 3 + proto][3])
                    if _chunk(key[0], index) & bit
                ]
                value = min(holders)
                return str(
                    ipaddress.IPv4Address(value) if family == 0 else ipaddress.IPv6Address(value)
                )
        raise AssertionError("no conflict")  # pragma: no cover

    def _mark(
        self, addrs: tuple[_Addr, ...], proto: int, port: int, text: str | None
    ) -> PortAllocator:
        """Record ``port`` under each address (and move its cursor unless ``text`` is None)."""
        end = self._cfg.end
        pools = list(self._flat())
        for addr in addrs:
            slot = addr.family * 3 + proto
            unspec, any_bits, counts, specific = pools[slot]
            if addr.unspecified:
                key = unspec
            else:
                bucket_index = addr.bucket
                key = _bucket_get(specific, bucket_index, addr.value)
            if key is None:
                key = (_EMPTY_BITS, end, _NO_RANGES)
            bits, last, ranges = key
            bits = _set_bit(bits, port)
            if text == "":
                last = port
            elif text is not None:
                ranges = dict(ranges)
                ranges[text] = port
            key = (bits, last, ranges)
            if addr.unspecified:
                pools[slot] = (key, any_bits, counts, specific)
                continue
            specific = _bucket_put(specific, bucket_index, addr.value, key)
            index, bit = port >> _SHIFT, 1 << (port & _MASK)
            if _chunk(any_bits, index) & bit:
                shared = _bucket_get(counts, index, port) or 1
                counts = _bucket_put(counts, index, port, shared + 1)
            else:
                any_bits = _set_bit(any_bits, port)
            pools[slot] = (unspec, any_bits, counts, specific)
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
        port = _port_number(port)
        addr = _addr(ip)
        key = self._key(addr, p)
        index, bit = port >> _SHIFT, 1 << (port & _MASK)
        if key is None or not _chunk(key[0], index) & bit:
            return self
        slot = addr.family * 3 + p
        pools = list(self._flat())
        unspec, any_bits, counts, specific = pools[slot]
        key = (_clear_bit(key[0], port), key[1], key[2])
        if addr.unspecified:
            pools[slot] = (key, any_bits, counts, specific)
        else:
            specific = _bucket_put(specific, addr.bucket, addr.value, key)
            shared = _bucket_get(counts, index, port)
            if shared is None:
                any_bits = _clear_bit(any_bits, port)
            else:
                counts = _bucket_put(counts, index, port, shared - 1 if shared > 2 else None)
            pools[slot] = (unspec, any_bits, counts, specific)
        return PortAllocator._make(self._cfg, tuple(pools))

    def release_all(self) -> PortAllocator:
        """Free every port and reset every cursor (the next request gets ``begin`` again)."""
        return PortAllocator._make(self._cfg, (_EMPTY_POOL,) * 6)

    # ---------------------------------------------------------------- kernel text

    @classmethod
    def from_proc_text(
        cls,
        port_range_text: str | None,
        reserved_text: str | None = None,
        *,
        profile: Profile | str = "modern",
    ) -> ProcRange:
        """Build an allocator from ``ip_local_port_range`` (and ``ip_local_reserved_ports``).

        ``None`` stands for an unreadable file. Like the daemon, text that does not start
        with two numbers falls back to 49153-65535 and reserved-ports text that does not
        parse is ignored; the log lines are returned in :attr:`ProcRange.warnings`. Unlike the
        daemon, two numbers that are not a range inside 1-65535 also fall back (Docker would
        use them as they are). The classic profile does not read reserved ports (Docker
        before v29.6 did not).

        >>> r = PortAllocator.from_proc_text("32768\\t60999\\n", "32768,40000-40001\\n")
        >>> r.allocator.begin, r.allocator.end, sorted(r.allocator.reserved), r.warnings
        (32768, 60999, [32768, 40000, 40001], ())
        >>> PortAllocator.from_proc_text("garbage").warnings
        ('falling back to default port range 49153-65535',)
        """
        resolved = get_profile(profile)
        warnings: list[str] = []
        match = _PROC_RANGE.match(port_range_text) if isinstance(port_range_text, str) else None
        begin, end = DEFAULT_BEGIN, DEFAULT_END
        if match is not None and 1 <= int(match[1]) <= int(match[2]) <= 65535:
            begin, end = int(match[1]), int(match[2])
        else:
            warnings.append(FALLBACK_MESSAGE)
        reserved: frozenset[int] | None = None
        if resolved.allocator == "modern" and reserved_text is not None:
            try:
                reserved = parse_reserved_ports(reserved_text, begin, end)
            except ReservedPortsError:
                warnings.append(RESERVED_IGNORED_MESSAGE)
        allocator = cls(begin, end, profile=resolved, reserved=reserved or ())
        return ProcRange(allocator, tuple(warnings))


# the slots' own setters: the fastest way to fill a new frozen instance
_NEW = object.__new__
_SET_CFG = PortAllocator.__dict__["_cfg"].__set__
_SET_POOLS = PortAllocator.__dict__["_pools"].__set__
_SET_HOT = PortAllocator.__dict__["_hot"].__set__


# --------------------------------------------------------------------------------------------
# Binding resolution


def _host_ports(text: object) -> tuple[int, int]:
    """``HostPort`` text: "" / "0" -> (0, 0); "N" -> (N, N); "A-B" -> (A, B)."""
    if not isinstance(text, str):
        raise InvalidPortRangeError(f"invalid host port: {text!r}")
    if text in ("", "0"):
        return 0, 0
    low, dash, high = text.partition("-")
    if not dash:
        high = low
    if not (_is_port_text(low) and _is_port_text(high)) or int(low) == 0:
        raise InvalidPortRangeError(f"invalid host port: {text}", text=text, span=(0, len(text)))
    return int(low), int(high)


def resolve_bindings(
    allocator: PortAllocator,
    config: PortConfig,
    *,
    publish_all: bool = False,
    exposed: Iterable[Port] = (),
    default_ip: str = "0.0.0.0",
    ipv6: bool = True,
    profile: Profile | str | None = None,
) -> tuple[PortAllocator, PortMap]:
    """Choose host ports for a container's port configuration as dockerd does.

    Returns the new allocator and ``NetworkSettings.Ports``. All or nothing: when any request
    fails the error propagates and ``allocator`` (a value) is untouched.

    Rules (bridge driver, Docker v27+; both profiles)::

        ports          ExposedPorts (config.exposed + exposed) plus, modern (v29), every
                       port with bindings; classic (<= v28) ignores bindings of ports that
                       are not exposed
        bindings       an empty list counts as one empty binding; -P publishes each exposed
                       port without bindings once, with "" / ""
        host IP ""     -> default_ip; when that is 0.0.0.0 and ipv6, also a "::" twin;
                       ::ffff:a.b.c.d -> a.b.c.d
        host port      "" or "0": default range; "N": exact; "A-B": next fit by its cursor
        order          exact host ports first, then container port, protocol (tcp < udp <
                       sctp), host port, host port end, host IP (IPv4 first)
        grouping       neighbours equal but for the host IP form one multi-address request:
                       every address of a mapping gets the same port

    Not modelled: OS-level bind failures and their retries, pre-v27 separate IPv4/IPv6
    requests (ports could drift apart), routed (NAT-less) mappings.

    >>> from dockerlinks.ports import Port, PortBinding, PortConfig
    >>> cfg = PortConfig(exposed=(Port(80),), bindings=((Port(80), (PortBinding(),)),))
    >>> a, ports = resolve_bindings(PortAllocator(), cfg)
    >>> [(b.host_ip, b.host_port) for b in ports.entries[0][1]]
    [('0.0.0.0', '49153'), ('::', '49153')]
    """
    resolved = allocator.profile if profile is None else get_profile(profile)
    modern = resolved.allocator == "modern"
    if not isinstance(config, PortConfig):
        raise AllocationError(f"expected a PortConfig, got {type(config).__name__}")
    default = _addr(default_ip)
    exposed_ports = dict.fromkeys((*config.exposed, *exposed))  # an ordered set
    explicit: dict[Port, list[PortBinding]] = {}
    for port, given in config.bindings:
        explicit.setdefault(port, []).extend(given or (PortBinding(),))
    ports = list(exposed_ports)
    if modern:
        ports += [p for p in explicit if p not in exposed_ports]
    requests: list[tuple[tuple[Any, ...], Port, _Addr, int, int]] = []
    for port in ports:
        bindings = explicit.get(port)
        if bindings is None:
            if not publish_all:
                continue
            bindings = [PortBinding()]
        proto = _proto(port.proto)
        for binding in bindings:
            start, end = _host_ports(binding.host_port)
            if start == end == 0 or start != end:
                start, end = _check_pair(start, end)
            if binding.host_ip:
                addrs = [_addr(binding.host_ip)]
            else:
                addrs = [default]
                if default == _ZERO4 and ipv6:
                    addrs.append(_ZERO6)
            for addr in addrs:
                is_range = start == 0 or start != end
                sort_key = (is_range, port.number, proto, start, end, addr.family, addr.value)
                requests.append((sort_key, port, addr, start, end))
    requests.sort(key=lambda r: r[0])
    chosen: dict[Port, list[PortBinding]] = {}
    current = allocator
    i = 0
    while i < len(requests):
        j = i + 1
        while j < len(requests) and requests[j][0][1:5] == requests[i][0][1:5]:
            j += 1
        group = requests[i:j]
        port, start, end = group[0][1], group[0][3], group[0][4]
        current, number = current.request_multi([r[2].text for r in group], port.proto, start, end)
        for _, _, addr, _, _ in group:
            chosen.setdefault(port, []).append(PortBinding(addr.text, str(number)))
        i = j
    entries: list[tuple[Port, tuple[PortBinding, ...] | None]] = []
    for port in sorted(ports, key=Port.sort_key):
        got = chosen.get(port)
        entries.append((port, tuple(got) if got is not None else None))
    return current, PortMap(tuple(entries))


def release_bindings(allocator: PortAllocator, port_map: PortMap) -> PortAllocator:
    """Release every binding of ``port_map`` (what stopping the container does).

    >>> from dockerlinks.ports import Port, PortBinding, PortConfig
    >>> cfg = PortConfig(exposed=(Port(80),), bindings=((Port(80), (PortBinding(),)),))
    >>> a, ports = resolve_bindings(PortAllocator(), cfg)
    >>> release_bindings(a, ports).allocated()
    {}
    """
    if not isinstance(port_map, PortMap):
        raise AllocationError(f"expected a PortMap, got {type(port_map).__name__}")
    current = allocator
    for port, bindings in port_map.entries:
        for binding in bindings or ():
            start, end = _host_ports(binding.host_port)
            if start != end or start == 0:
                raise InvalidPortRangeError(
                    f"invalid host port: {binding.host_port} (expected one allocated port)"
                )
            current = current.release(binding.host_ip, port.proto, start)
    return current
