"""Addresses on a bridge network: Docker's IPAM (the default bridge's ``172.17.0.0/16``, or a
user-defined network's subnet).

What it must not know: containers, networks' names or the engine; it hands out and takes back
addresses of one pool.

Rule table (moby ``daemon/libnetwork/ipams/defaultipam`` and its address set; the same
first-free rule in docker/libnetwork ``ipam`` since Docker 1.9)::

    address          role
    ---------------  ------------------------------------------------------------
    172.17.0.0       network address, never handed out
    172.17.0.1       gateway (docker0), reserved when the network is created
    172.17.0.2 ...   containers, one address per running container
    172.17.255.255   broadcast address, never handed out

    strategy   request without a preferred address            used by
    ---------  ---------------------------------------------  ------------------------------
    "lowest"   the lowest free address                        both profiles: every Docker
                                                              since 1.9 for local networks
                                                              (no "serial" option is set)
    "serial"   the first free address after the last one      swarm networks (the daemon sets
               handed out, wrapping around                    com.docker.network.ipam.serial)
                                                              and the pre-libnetwork allocator
                                                              of Docker <= 1.8

An address is taken when a container starts (its endpoint joins the bridge) and released when
it stops, so with ``"lowest"`` a restarted container usually gets its old address back unless a
lower one was freed meanwhile; the walkthrough's ``172.17.0.5`` -> ``172.17.0.9`` after
``docker restart db`` is the serial behaviour of the Docker of its time.

When every address is taken the request fails with ``no available addresses on this pool``
(ipamapi ``ErrNoAvailableIPs``); a preferred address already taken with ``Address already in
use`` (``ErrIPAlreadyAllocated``) and one outside the subnet with ``Invalid address A: It does
not belong to any of this network's subnets`` (libnetwork ``endpoint.go``
``assignAddressVersion``). A network created with ``--ip-range`` hands addresses out of that
range only (``span``, offsets into the subnet); a preferred address may lie anywhere in the
subnet.
"""

from __future__ import annotations

import functools
import ipaddress
from typing import Literal

import attrs

from dockerlinks._args import shown, type_name, wrong_type
from dockerlinks.errors import IpamError

__all__ = ["Ipam", "IpamError", "Strategy"]

Strategy = Literal["lowest", "serial"]


def _check_subnet(instance: object, attribute: object, value: object) -> None:
    del instance, attribute
    if not isinstance(value, str):
        raise IpamError(f"invalid subnet: expected text, got {type_name(value)}")
    try:
        net = ipaddress.IPv4Network(value)
    except (ValueError, TypeError):
        raise IpamError(f"invalid subnet: {shown(value)}") from None
    if net.num_addresses < 4:
        raise IpamError(f"subnet too small: {value}")


def _check_strategy(instance: object, attribute: object, value: object) -> None:
    del instance, attribute
    if value not in ("lowest", "serial"):
        raise IpamError(f"invalid strategy: {shown(value)} (expected 'lowest' or 'serial')")


def _check_count(instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    del instance
    if type(value) is not int or value < 0:
        raise IpamError(f"invalid {attribute.name}: {shown(value)}")


def _check_span(
    instance: object, attribute: attrs.Attribute[tuple[int, int] | None], value: object
) -> None:
    del instance, attribute
    if value is None:
        return
    if not (
        isinstance(value, tuple)
        and len(value) == 2
        and all(type(v) is int and v >= 0 for v in value)
        and value[0] <= value[1]
    ):
        raise IpamError(f"invalid span: {shown(value)} (expected (first, last) offsets)")


@attrs.frozen
class Ipam:
    """The address pool of one bridge network, as a persistent value.

    ``used`` is a bitmap of offsets into the subnet (bit ``o`` set: network address + ``o``
    is in use), so a request costs a few big-integer operations whatever the pool's size;
    ``taken`` lists the addresses.

    >>> pool = Ipam()
    >>> pool, first = pool.request()
    >>> pool, second = pool.request()
    >>> first, second
    ('172.17.0.2', '172.17.0.3')
    >>> pool.release(first).request()[1]
    '172.17.0.2'
    >>> Ipam(strategy="serial").request()[0].release("172.17.0.2").request()[1]
    '172.17.0.3'
    """

    subnet: str = attrs.field(default="172.17.0.0/16", validator=_check_subnet)
    strategy: Strategy = attrs.field(default="lowest", validator=_check_strategy)
    used: int = attrs.field(default=0, validator=_check_count)
    last: int = attrs.field(default=1, validator=_check_count)
    gateway_offset: int = attrs.field(default=1, validator=_check_count)
    #: the offsets addresses are handed out from (``--ip-range``), first and last inclusive
    span: tuple[int, int] | None = attrs.field(default=None, validator=_check_span)

    def __attrs_post_init__(self) -> None:
        size = self._net.num_addresses
        if self.gateway_offset >= size:
            raise IpamError(f"gateway offset {shown(self.gateway_offset)} outside {self.subnet}")
        if self.span is not None and self.span[1] >= size:
            raise IpamError(f"span {shown(self.span)} outside {self.subnet}")

    @property
    def taken(self) -> frozenset[str]:
        """The addresses handed out."""
        base = self._net.network_address
        bits, out = self.used, []
        while bits:
            low = bits & -bits
            out.append(str(base + low.bit_length() - 1))
            bits ^= low
        return frozenset(out)

    @property
    def gateway(self) -> str:
        """The bridge's own address (the first host address)."""
        return str(self._net.network_address + self.gateway_offset)

    @property
    def prefix_len(self) -> int:
        """The subnet's prefix length."""
        return self._net.prefixlen

    @property
    def _net(self) -> ipaddress.IPv4Network:
        return _network(self.subnet)

    def _blocked(self) -> int:
        """Offsets never handed out: the network address, the gateway, the broadcast."""
        size = self._net.num_addresses
        return self.used | 1 | (1 << self.gateway_offset) | (1 << (size - 1))

    def _outside(self) -> int:
        """Offsets outside the span (0 when the whole subnet is handed out)."""
        if self.span is None:
            return 0
        first, last = self.span
        size = self._net.num_addresses
        inside = ((1 << (last + 1)) - 1) ^ ((1 << first) - 1)
        return ((1 << size) - 1) & ~inside

    def request(self, preferred: str = "") -> tuple[Ipam, str]:
        """Take ``preferred``, or the next address by the strategy; raises
        :class:`~dockerlinks.errors.IpamError` when none is free."""
        size = self._net.num_addresses
        blocked = self._blocked()
        if preferred:
            offset = self._offset(preferred)
            if blocked >> offset & 1:
                raise IpamError("Address already in use")
        elif self.strategy == "lowest":
            blocked |= self._outside()
            offset = (~blocked & (blocked + 1)).bit_length() - 1
            if offset >= size:
                raise IpamError("no available addresses on this pool")
        else:
            blocked |= self._outside()
            above = blocked | ((2 << self.last) - 1)  # candidates after the last one
            offset = (~above & (above + 1)).bit_length() - 1
            if offset >= size:
                offset = (~blocked & (blocked + 1)).bit_length() - 1
                if offset >= size:
                    raise IpamError("no available addresses on this pool")
        new = attrs.evolve(self, used=self.used | (1 << offset), last=offset)
        return new, str(self._net.network_address + offset)

    def _offset(self, address: str) -> int:
        if not isinstance(address, str):
            raise wrong_type(address, str, "address")
        try:
            offset = int(ipaddress.IPv4Address(address)) - int(self._net.network_address)
        except (ValueError, TypeError):
            raise IpamError(f"invalid address: {shown(address)}") from None
        if not 0 <= offset < self._net.num_addresses:
            raise IpamError(
                f"Invalid address {address}: It does not belong to any of this network's subnets"
            )
        return offset

    def contains(self, address: str) -> bool:
        """Whether ``address`` (IPv4 text) lies in the subnet."""
        if not isinstance(address, str):
            raise wrong_type(address, str, "address")
        try:
            return ipaddress.IPv4Address(address) in self._net
        except (ValueError, TypeError):
            return False

    def release(self, address: str) -> Ipam:
        """Give ``address`` back; raises :class:`~dockerlinks.errors.IpamError` for an address
        not handed out."""
        offset = self._offset(address)
        if not self.used >> offset & 1:
            raise IpamError(f"address {address} is not allocated")
        return attrs.evolve(self, used=self.used & ~(1 << offset))

    def holds(self, address: str) -> bool:
        """Whether ``address`` is handed out."""
        return bool(self.used >> self._offset(address) & 1)


@functools.lru_cache(maxsize=256)
def _network(subnet: str) -> ipaddress.IPv4Network:
    return ipaddress.IPv4Network(subnet)
