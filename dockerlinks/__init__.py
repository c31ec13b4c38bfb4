"""dockerlinks: Docker's port publishing and legacy container links, as pure Python.

This module only re-exports the public API; each name is documented in its own module.
Names load on first use (PEP 562), so ``import dockerlinks`` stays cheap and a program that
only parses ``-p`` values never imports the engine or the compose checker.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> (module, attribute)
_EXPORTS: dict[str, tuple[str, str]] = {
    "AllocationError": ("dockerlinks.errors", "AllocationError"),
    "ContainerNameError": ("dockerlinks.errors", "ContainerNameError"),
    "DockerLinksError": ("dockerlinks.errors", "DockerLinksError"),
    "EnvFileError": ("dockerlinks.errors", "EnvFileError"),
    "ExposeError": ("dockerlinks.errors", "ExposeError"),
    "HostsError": ("dockerlinks.errors", "HostsError"),
    "InspectError": ("dockerlinks.errors", "InspectError"),
    "LinkSpecError": ("dockerlinks.errors", "LinkSpecError"),
    "PortError": ("dockerlinks.errors", "PortError"),
    "PortSpecError": ("dockerlinks.errors", "PortSpecError"),
    "ProfileError": ("dockerlinks.errors", "ProfileError"),
    "CLASSIC": ("dockerlinks.profiles", "CLASSIC"),
    "MODERN": ("dockerlinks.profiles", "MODERN"),
    "Profile": ("dockerlinks.profiles", "Profile"),
    "get_profile": ("dockerlinks.profiles", "get_profile"),
    "LongSyntax": ("dockerlinks.ports", "LongSyntax"),
    "Port": ("dockerlinks.ports", "Port"),
    "PortBinding": ("dockerlinks.ports", "PortBinding"),
    "PortConfig": ("dockerlinks.ports", "PortConfig"),
    "PortMap": ("dockerlinks.ports", "PortMap"),
    "PortMapping": ("dockerlinks.ports", "PortMapping"),
    "PortRange": ("dockerlinks.ports", "PortRange"),
    "PortSpec": ("dockerlinks.ports", "PortSpec"),
    "convert_compose_port": ("dockerlinks.ports", "convert_compose_port"),
    "convert_publish_long": ("dockerlinks.ports", "convert_publish_long"),
    "parse_expose": ("dockerlinks.ports", "parse_expose"),
    "parse_port_range": ("dockerlinks.ports", "parse_port_range"),
    "parse_port_spec": ("dockerlinks.ports", "parse_port_spec"),
    "parse_port_specs": ("dockerlinks.ports", "parse_port_specs"),
    "parse_publish_long": ("dockerlinks.ports", "parse_publish_long"),
    "publish_all_ports": ("dockerlinks.ports", "publish_all_ports"),
    "PortWarning": ("dockerlinks.lint", "PortWarning"),
    "lint_port_spec": ("dockerlinks.lint", "lint_port_spec"),
    "NoPublicPortError": ("dockerlinks.display", "NoPublicPortError"),
    "PsPort": ("dockerlinks.display", "PsPort"),
    "port_lines": ("dockerlinks.display", "port_lines"),
    "ps_entries": ("dockerlinks.display", "ps_entries"),
    "ps_ports": ("dockerlinks.display", "ps_ports"),
    "AllPortsAllocatedError": ("dockerlinks.allocate", "AllPortsAllocatedError"),
    "InvalidPortRangeError": ("dockerlinks.allocate", "InvalidPortRangeError"),
    "PortAllocator": ("dockerlinks.allocate", "PortAllocator"),
    "PortAlreadyAllocatedError": ("dockerlinks.allocate", "PortAlreadyAllocatedError"),
    "UnknownProtocolError": ("dockerlinks.allocate", "UnknownProtocolError"),
    "release_bindings": ("dockerlinks.allocate", "release_bindings"),
    "resolve_bindings": ("dockerlinks.allocate", "resolve_bindings"),
    "NameGenerator": ("dockerlinks.names", "NameGenerator"),
    "generate_name": ("dockerlinks.names", "generate_name"),
    "validate_container_name": ("dockerlinks.names", "validate_container_name"),
    "LinkRule": ("dockerlinks.links", "LinkRule"),
    "LinkSpec": ("dockerlinks.links", "LinkSpec"),
    "container_env": ("dockerlinks.links", "container_env"),
    "host_config_links": ("dockerlinks.links", "host_config_links"),
    "link_env": ("dockerlinks.links", "link_env"),
    "link_name": ("dockerlinks.links", "link_name"),
    "link_prefix": ("dockerlinks.links", "link_prefix"),
    "link_rules": ("dockerlinks.links", "link_rules"),
    "parse_link": ("dockerlinks.links", "parse_link"),
    "parse_env_file": ("dockerlinks.envfile", "parse_env_file"),
    "HostsLink": ("dockerlinks.hosts", "HostsLink"),
    "HostsRecord": ("dockerlinks.hosts", "HostsRecord"),
    "add_hosts": ("dockerlinks.hosts", "add_hosts"),
    "build_hosts": ("dockerlinks.hosts", "build_hosts"),
    "container_hosts": ("dockerlinks.hosts", "container_hosts"),
    "delete_hosts": ("dockerlinks.hosts", "delete_hosts"),
    "parse_add_host": ("dockerlinks.hosts", "parse_add_host"),
    "parse_hosts": ("dockerlinks.hosts", "parse_hosts"),
    "update_hosts": ("dockerlinks.hosts", "update_hosts"),
    "Container": ("dockerlinks.engine", "Container"),
    "ContainerConfig": ("dockerlinks.engine", "ContainerConfig"),
    "Engine": ("dockerlinks.engine", "Engine"),
    "EngineError": ("dockerlinks.engine", "EngineError"),
    "ImageCatalog": ("dockerlinks.engine", "ImageCatalog"),
    "Image": ("dockerlinks.engine", "Image"),
    "CheckResult": ("dockerlinks.transcript", "CheckResult"),
    "TranscriptError": ("dockerlinks.transcript", "TranscriptError"),
    "replay": ("dockerlinks.transcript", "replay"),
    "InspectedContainer": ("dockerlinks.interop", "InspectedContainer"),
    "from_inspect": ("dockerlinks.interop", "from_inspect"),
    "check_compose": ("dockerlinks.compose", "check"),
    "render_compose": ("dockerlinks.compose", "render"),
    "load_compose_text": ("dockerlinks.compose", "load_compose_text"),
    "Problem": ("dockerlinks.compose", "Problem"),
    "ComposeError": ("dockerlinks.compose", "ComposeError"),
}

__all__ = [
    "CLASSIC",
    "MODERN",
    "AllPortsAllocatedError",
    "AllocationError",
    "CheckResult",
    "ComposeError",
    "Container",
    "ContainerConfig",
    "ContainerNameError",
    "DockerLinksError",
    "Engine",
    "EngineError",
    "EnvFileError",
    "ExposeError",
    "HostsError",
    "HostsLink",
    "HostsRecord",
    "Image",
    "ImageCatalog",
    "InspectError",
    "InspectedContainer",
    "InvalidPortRangeError",
    "LinkRule",
    "LinkSpec",
    "LinkSpecError",
    "LongSyntax",
    "NameGenerator",
    "NoPublicPortError",
    "Port",
    "PortAllocator",
    "PortAlreadyAllocatedError",
    "PortBinding",
    "PortConfig",
    "PortError",
    "PortMap",
    "PortMapping",
    "PortRange",
    "PortSpec",
    "PortSpecError",
    "PortWarning",
    "Problem",
    "Profile",
    "ProfileError",
    "PsPort",
    "TranscriptError",
    "UnknownProtocolError",
    "__version__",
    "add_hosts",
    "build_hosts",
    "check_compose",
    "container_env",
    "container_hosts",
    "convert_compose_port",
    "convert_publish_long",
    "delete_hosts",
    "from_inspect",
    "generate_name",
    "get_profile",
    "host_config_links",
    "link_env",
    "link_name",
    "link_prefix",
    "link_rules",
    "lint_port_spec",
    "load_compose_text",
    "parse_add_host",
    "parse_env_file",
    "parse_expose",
    "parse_hosts",
    "parse_link",
    "parse_port_range",
    "parse_port_spec",
    "parse_port_specs",
    "parse_publish_long",
    "port_lines",
    "ps_entries",
    "ps_ports",
    "publish_all_ports",
    "release_bindings",
    "render_compose",
    "replay",
    "resolve_bindings",
    "update_hosts",
    "validate_container_name",
]


def __getattr__(name: str) -> Any:
    try:
        module_name, attribute = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'dockerlinks' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module_name), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:
    from dockerlinks.allocate import (
        AllPortsAllocatedError,
        InvalidPortRangeError,
        PortAllocator,
        PortAlreadyAllocatedError,
        UnknownProtocolError,
        release_bindings,
        resolve_bindings,
    )
    from dockerlinks.compose import (
        ComposeError,
        Problem,
        load_compose_text,
    )
    from dockerlinks.compose import check as check_compose
    from dockerlinks.compose import render as render_compose
    from dockerlinks.display import (
        NoPublicPortError,
        PsPort,
        port_lines,
        ps_entries,
        ps_ports,
    )
    from dockerlinks.engine import (
        Container,
        ContainerConfig,
        Engine,
        EngineError,
        Image,
        ImageCatalog,
    )
    from dockerlinks.envfile import (
        parse_env_file,
    )
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
    from dockerlinks.hosts import (
        HostsLink,
        HostsRecord,
        add_hosts,
        build_hosts,
        container_hosts,
        delete_hosts,
        parse_add_host,
        parse_hosts,
        update_hosts,
    )
    from dockerlinks.interop import (
        InspectedContainer,
        from_inspect,
    )
    from dockerlinks.links import (
        LinkRule,
        LinkSpec,
        container_env,
        host_config_links,
        link_env,
        link_name,
        link_prefix,
        link_rules,
        parse_link,
    )
    from dockerlinks.lint import (
        PortWarning,
        lint_port_spec,
    )
    from dockerlinks.names import (
        NameGenerator,
        generate_name,
        validate_container_name,
    )
    from dockerlinks.ports import (
        LongSyntax,
        Port,
        PortBinding,
        PortConfig,
        PortMap,
        PortMapping,
        PortRange,
        PortSpec,
        convert_compose_port,
        convert_publish_long,
        parse_expose,
        parse_port_range,
        parse_port_spec,
        parse_port_specs,
        parse_publish_long,
        publish_all_ports,
    )
    from dockerlinks.profiles import (
        CLASSIC,
        MODERN,
        Profile,
        get_profile,
    )
    from dockerlinks.transcript import (
        CheckResult,
        TranscriptError,
        replay,
    )
