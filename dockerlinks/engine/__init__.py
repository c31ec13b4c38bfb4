"""A pure model of the Docker daemon for names, ports and legacy links.

See :mod:`dockerlinks.engine.state` for the rules; the public names are re-exported here.
"""

from __future__ import annotations

from dockerlinks.engine.images import (
    BUILTIN_IMAGES,
    Image,
    ImageCatalog,
    ImageError,
    normalize_reference,
    parse_image_directive,
)
from dockerlinks.engine.ipam import Ipam, IpamError
from dockerlinks.engine.state import (
    ConflictError,
    Container,
    ContainerConfig,
    Engine,
    EngineError,
    ImageNotFoundError,
    Link,
    LinkError,
    NoSuchContainerError,
    StartError,
)

__all__ = [
    "BUILTIN_IMAGES",
    "ConflictError",
    "Container",
    "ContainerConfig",
    "Engine",
    "EngineError",
    "Image",
    "ImageCatalog",
    "ImageError",
    "ImageNotFoundError",
    "Ipam",
    "IpamError",
    "Link",
    "LinkError",
    "NoSuchContainerError",
    "StartError",
    "normalize_reference",
    "parse_image_directive",
]
