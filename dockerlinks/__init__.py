"""dockerlinks: Docker's port publishing and legacy container links, as pure Python.

This module only re-exports the public API; each name is documented in its own module.
"""

from __future__ import annotations

from dockerlinks.errors import (
    AllocationError,
    ContainerNameError,
    DockerLinksError,
    EnvFileError,
    ExposeError,
    HostsError,
    InspectError,
    LinkSpecError,
    PortError,
    PortSpecError,
    ProfileError,
)
from dockerlinks.ports import (
    Port,
    PortBinding,
    PortConfig,
    PortMap,
    PortMapping,
    PortRange,
    PortSpec,
)
from dockerlinks.profiles import CLASSIC, MODERN, Profile, get_profile

__version__ = "0.1.0"

__all__ = [
    "CLASSIC",
    "MODERN",
    "AllocationError",
    "ContainerNameError",
    "DockerLinksError",
    "EnvFileError",
    "ExposeError",
    "HostsError",
    "InspectError",
    "LinkSpecError",
    "Port",
    "PortBinding",
    "PortConfig",
    "PortError",
    "PortMap",
    "PortMapping",
    "PortRange",
    "PortSpec",
    "PortSpecError",
    "Profile",
    "ProfileError",
    "__version__",
    "get_profile",
]
