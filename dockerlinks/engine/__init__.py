"""A pure model of the Docker daemon: containers, names, links, addresses, host ports.

What it must not know: the docker CLI's texts and flags (:mod:`dockerlinks.client`),
transcripts, files or sockets.

================================  ===============================================
module                            owns
================================  ===============================================
:mod:`.config`                    the create request, and the CLI's flags for it
:mod:`.container`                 containers, endpoints, links (values)
:mod:`.images`                    the local image catalog
:mod:`.ipam`                      addresses on a bridge network
:mod:`.network`                   networks: predefined and user-defined, pools
:mod:`.dns`                       resolv.conf and the embedded DNS server
:mod:`.host`                      the host's addresses, sockets and files
:mod:`.publish`                   allocator + kernel bind + retries for a start
:mod:`.programs`                  what programs in a container print
:mod:`.state`                     ``Engine``: the daemon's operations
:mod:`.inspect`                   the ``docker inspect`` document
:mod:`.gotemplate`                Go templates over inspect documents
================================  ===============================================

The engine returns values and the daemon's errors only; what the docker CLI prints for them
is :mod:`dockerlinks.client`'s. This package re-exports the public names.
"""

from __future__ import annotations

from dockerlinks.engine.config import ContainerConfig, CreateRequest, EndpointConfig
from dockerlinks.engine.container import Attachment, Container, Endpoint, Link, LogEntry
from dockerlinks.engine.host import Host, Socket
from dockerlinks.engine.images import (
    BUILTIN_IMAGES,
    Image,
    ImageCatalog,
    normalize_reference,
    parse_image_directive,
)
from dockerlinks.engine.ipam import Ipam
from dockerlinks.engine.network import Network, NetworkRequest
from dockerlinks.engine.state import Engine, ExecResult
from dockerlinks.errors import (
    ConflictError,
    EngineError,
    ImageError,
    ImageNotFoundError,
    IpamError,
    LinkError,
    NoSuchContainerError,
    StartError,
)

__all__ = [
    "BUILTIN_IMAGES",
    "Attachment",
    "ConflictError",
    "Container",
    "ContainerConfig",
    "CreateRequest",
    "Endpoint",
    "EndpointConfig",
    "Engine",
    "EngineError",
    "ExecResult",
    "Host",
    "Image",
    "ImageCatalog",
    "ImageError",
    "ImageNotFoundError",
    "Ipam",
    "IpamError",
    "Link",
    "LinkError",
    "LogEntry",
    "Network",
    "NetworkRequest",
    "NoSuchContainerError",
    "Socket",
    "StartError",
    "normalize_reference",
    "parse_image_directive",
]
