"""Addresses on the default bridge: Docker's IPAM for ``172.17.0.0/16``.

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
(ipamapi ``ErrNoAvailableIPs``).
"""

from __future__ import annotations

import functools
import ipaddress
from typing import Literal

import attrs

from dockerlinks.errors import IpamError

__all__ = ["Ipam", "IpamError", "Strategy"]

Strategy = Literal["lowest", "serial"]


def _check_subnet(instance: object, attribute: object, value: object) -> None:
    del instance, attribute
    try:
        net = ipaddress.IPv4Network(value)
    except (ValueError, TypeError):
        raise IpamError(f"invalid subnet: {value!r}") from None
    if net.num_addresses < 4:
        raise IpamError(f"subnet too small: {value}")


def _check_strategy(instance: object, attribute: object, value: object) -> None:
    del instance, attribute
    if value not in ("lowest", "serial"):
        raise IpamError(f"invalid strategy: {value!r:.40} (expected 'lowest' or 'serial')")


def _check_count(instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    del instance
    if type(value) is not int or value < 0:
        raise IpamError(f"invalid {attribute.name}: {value!r:.40}")


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
            offset = (~blocked & (blocked + 1)).bit_length() - 1
            if offset >= size:
                raise IpamError("no available addresses on this pool")
        else:
            above = blocked | ((2 << self.last) - 1)  # candidates after the last one
            offset = (~above & (above + 1)).bit_length() - 1
            if offset >= size:
                offset = (~blocked & (blocked + 1)).bit_length() - 1
                if offset >= size:
                    raise IpamError("no available addresses on this pool")
        new = attrs.evolve(self, used=self.used | (1 << offset), last=offset)
        return new, str(self._net.network_address + offset)

    def _offset(self, address: str) -> int:
        try:
            offset = int(ipaddress.IPv4Address(address)) - int(self._net.network_address)
        except (ValueError, TypeError):
            raise IpamError(f"invalid address: {address!r}") from None
        if not 0 <= offset < self._net.num_addresses:
            raise IpamError(
                f"no available addresses on this pool: {address} is not in {self.subnet}"
            )
        return offset

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
