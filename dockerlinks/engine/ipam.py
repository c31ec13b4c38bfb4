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


@attrs.frozen
class Ipam:
    """The address pool of one bridge network, as a persistent value.

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
    strategy: Strategy = attrs.field(
        default="lowest", validator=attrs.validators.in_(("lowest", "serial"))
    )
    taken: frozenset[int] = frozenset()
    last: int = 1

    @property
    def gateway(self) -> str:
        """The bridge's own address (the first host address)."""
        return str(self._net.network_address + 1)

    @property
    def _net(self) -> ipaddress.IPv4Network:
        return ipaddress.IPv4Network(self.subnet)

    def _size(self) -> int:
        return int(self._net.num_addresses)

    def request(self) -> tuple[Ipam, str]:
        """Take the next address by the strategy; raises :class:`IpamError` when none is free."""
        size = self._size()
        usable = range(2, size - 1)  # skip network, gateway; broadcast is size - 1
        if len(self.taken) >= len(usable):
            raise IpamError("no available addresses on this pool")
        if self.strategy == "lowest":
            offset = next(o for o in usable if o not in self.taken)
        else:
            offset = self.last
            while True:
                offset += 1
                if offset >= size - 1:
                    offset = 2
                if offset not in self.taken:
                    break
        new = attrs.evolve(self, taken=self.taken | {offset}, last=offset)
        return new, str(self._net.network_address + offset)

    def release(self, address: str) -> Ipam:
        """Give ``address`` back; raises :class:`IpamError` for an address not handed out."""
        try:
            offset = int(ipaddress.IPv4Address(address)) - int(self._net.network_address)
        except (ValueError, TypeError):
            raise IpamError(f"invalid address: {address!r}") from None
        if offset not in self.taken:
            raise IpamError(f"address {address} is not allocated")
        return attrs.evolve(self, taken=self.taken - {offset})
