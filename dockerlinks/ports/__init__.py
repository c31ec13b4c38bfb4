"""Ports: values, the ``-p`` short syntax, ``--expose``, long syntax -- one module each.

What it must not know: the allocator, containers or the engine; it parses and shapes port
values.

==================================  ================================================
module                              owns
==================================  ================================================
:mod:`dockerlinks.ports.values`     ``Port``, ``PortRange``, ``PortBinding``,
                                    ``PortSpec``, ``PortConfig``, ``PortMap`` and their
                                    Engine-API JSON
:mod:`dockerlinks.ports.short`      the ``-p`` grammar of every go-connections
                                    generation (a table, one row each), with a fast path
:mod:`dockerlinks.ports.expose`     ``--expose`` / ``EXPOSE`` and what ``-P`` publishes
:mod:`dockerlinks.ports.long`       ``published=…,target=…`` and compose long entries
==================================  ================================================

This package re-exports their public names; it holds no code of its own.
"""

from __future__ import annotations

from dockerlinks.ports.expose import expose_range, parse_expose, publish_all_ports
from dockerlinks.ports.long import (
    LongSyntax,
    convert_compose_port,
    convert_publish_long,
    parse_publish_long,
)
from dockerlinks.ports.short import (
    GENERATIONS,
    Generation,
    parse_port_range,
    parse_port_spec,
    parse_port_specs,
    split_proto_port,
)
from dockerlinks.ports.values import (
    Port,
    PortBinding,
    PortConfig,
    PortMap,
    PortMapping,
    PortRange,
    PortSpec,
    join_host_port,
    parse_ip,
)

__all__ = [
    "GENERATIONS",
    "Generation",
    "LongSyntax",
    "Port",
    "PortBinding",
    "PortConfig",
    "PortMap",
    "PortMapping",
    "PortRange",
    "PortSpec",
    "convert_compose_port",
    "convert_publish_long",
    "expose_range",
    "join_host_port",
    "parse_expose",
    "parse_ip",
    "parse_port_range",
    "parse_port_spec",
    "parse_port_specs",
    "parse_publish_long",
    "publish_all_ports",
    "split_proto_port",
]
