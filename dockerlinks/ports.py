"""Ports: values, the ``-p`` / ``--expose`` grammar, and the Engine-API shapes.

(The grammar and check tables are completed with the parser below.)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs

__all__ = [
    "Port",
    "PortBinding",
    "PortConfig",
    "PortMap",
    "PortMapping",
    "PortRange",
    "PortSpec",
]

_PROTO_ORDER = {"tcp": 0, "udp": 1, "sctp": 2}


@attrs.frozen(order=False)
class Port:
    """A container port and its protocol: the ``80/tcp`` of the Engine API's port keys.

    ``proto`` is lower case; ``--expose`` accepts any protocol word, so it is not limited to
    tcp/udp/sctp here.
    """

    number: int
    proto: str = "tcp"

    def __str__(self) -> str:
        return f"{self.number}/{self.proto}"

    def sort_key(self) -> tuple[int, int, str]:
        """Numeric order: by number, then tcp < udp < sctp < any other word."""
        return (self.number, _PROTO_ORDER.get(self.proto, 3), self.proto)


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
        return {"HostIp": self.host_ip, "HostPort": self.host_port}


@attrs.frozen
class PortMapping:
    """One expanded mapping of a ``-p`` value: a container port and its binding."""

    port: Port
    binding: PortBinding


@attrs.frozen
class PortSpec:
    """One ``-p`` value, compact: a range is kept as a range, never expanded here.

    ``host_ip`` is as typed, without brackets (``""`` = default address); ``host_range`` is
    ``None`` when no host port was given (ephemeral).
    """

    container_range: PortRange
    proto: str = "tcp"
    host_ip: str = ""
    host_range: PortRange | None = None

    def mappings(self) -> Iterator[PortMapping]:  # completed with the parser
        raise NotImplementedError


@attrs.frozen
class PortConfig:
    """What a list of ``-p`` values (or the Engine API) asks for.

    ``exposed``: the ``Config.ExposedPorts`` keys in first-seen order, without duplicates.
    ``bindings``: ``HostConfig.PortBindings`` as (port, bindings) pairs in first-seen order of
    the port; each port's bindings keep input order and duplicates.
    """

    exposed: tuple[Port, ...] = ()
    bindings: tuple[tuple[Port, tuple[PortBinding, ...]], ...] = ()

    def to_api(self) -> dict[str, Any]:  # completed with the parser
        raise NotImplementedError


@attrs.frozen
class PortMap:
    """``NetworkSettings.Ports`` of a running container: the *chosen* bindings.

    Each entry is (port, bindings) where bindings is ``None`` for an exposed port that is not
    published (the API's ``null``). Host IPs are concrete (``0.0.0.0``, ``::``) and host ports
    are single numbers as strings.
    """

    entries: tuple[tuple[Port, tuple[PortBinding, ...] | None], ...] = ()
