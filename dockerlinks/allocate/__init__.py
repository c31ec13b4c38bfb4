"""Host ports: the allocator, binding resolution, the kernel's text -- one module each.

What it must not know: containers, the engine, the docker CLI's texts, or any file: the
kernel's text comes in as a string.

=====================================  ==============================================
module                                 owns
=====================================  ==============================================
:mod:`dockerlinks.allocate._bitmap`    port bitmaps and the next-fit search
:mod:`dockerlinks.allocate.allocator`  ``PortAllocator``: Docker's portallocator as a
                                       persistent value
:mod:`dockerlinks.allocate.bindings`   what a starting container's bindings become
:mod:`dockerlinks.allocate.kernel`     ``ip_local_port_range`` and reserved ports text
=====================================  ==============================================

This package re-exports their public names (and the allocator's errors, which live in
:mod:`dockerlinks.errors`); it holds no code of its own.
"""

from __future__ import annotations

from dockerlinks.allocate.allocator import DEFAULT_BEGIN, DEFAULT_END, PortAllocator, ProcRange
from dockerlinks.allocate.bindings import release_bindings, resolve_bindings
from dockerlinks.allocate.kernel import (
    FALLBACK_MESSAGE,
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

__all__ = [
    "DEFAULT_BEGIN",
    "DEFAULT_END",
    "FALLBACK_MESSAGE",
    "RESERVED_IGNORED_MESSAGE",
    "AllPortsAllocatedError",
    "InvalidAddressError",
    "InvalidPortRangeError",
    "NoAddressesError",
    "PortAllocator",
    "PortAlreadyAllocatedError",
    "ProcRange",
    "ReservedPortsError",
    "UnknownProtocolError",
    "parse_port_range_text",
    "parse_reserved_ports",
    "release_bindings",
    "resolve_bindings",
]
