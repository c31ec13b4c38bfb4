"""dockerlinks: Docker's port publishing and legacy container links, as pure Python.

What it must not know: any rule; it only names the public values and loads their modules on
first use.

This module only re-exports the public API; each name is documented in its own module.
:data:`_EXPORTS` is the one list of public names: it gives ``__all__`` and the lazy loading
(PEP 562: ``import dockerlinks`` stays cheap, and a program that only parses ``-p`` values
never imports the engine or the compose checker). The stub ``__init__.pyi`` repeats it in
the form type checkers need; ``tests/test_public_names.py`` keeps the two in step.
"""

from __future__ import annotations

import importlib

# typing is imported for the type checker only: a bare ``dockerlinks --version`` would
# otherwise load it (a few milliseconds of start-up) for annotations that are never evaluated.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__version__ = "0.1.0"

# module -> the public names it gives (a name given "as" another is "public=attribute")
_EXPORTS: dict[str, tuple[str, ...]] = {
    "dockerlinks.errors": (
        "AllPortsAllocatedError",
        "AllocationError",
        "ArgumentError",
        "ComposeCheckError",
        "ComposeError",
        "ConflictError",
        "ContainerNameError",
        "DockerLinksError",
        "DotenvError",
        "EngineError",
        "EnvFileError",
        "ExposeError",
        "HostsError",
        "ImageNotFoundError",
        "InspectError",
        "InterpolationError",
        "InvalidAddressError",
        "InvalidPortRangeError",
        "IpamError",
        "LinkError",
        "LinkSpecError",
        "MergeError",
        "NoAddressesError",
        "NoPublicPortError",
        "NoSuchContainerError",
        "PortAlreadyAllocatedError",
        "PortError",
        "PortSpecError",
        "ProfileError",
        "ProjectError",
        "ReservedPortsError",
        "StartError",
        "UnknownProtocolError",
    ),
    "dockerlinks.profiles": (
        "CLASSIC",
        "DEFAULT",
        "MODERN",
        "Api",
        "Cli",
        "Daemon",
        "Profile",
        "get_profile",
        "releases",
    ),
    "dockerlinks.ports": (
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
        "parse_expose",
        "parse_port_range",
        "parse_port_spec",
        "parse_port_specs",
        "parse_publish_long",
        "publish_all_ports",
    ),
    "dockerlinks.lint": ("PortWarning", "lint_port_spec"),
    "dockerlinks.display": ("PsPort", "port_lines", "ps_entries", "ps_ports"),
    "dockerlinks.allocate": ("PortAllocator", "release_bindings", "resolve_bindings"),
    "dockerlinks.names": ("NameGenerator", "generate_name", "validate_container_name"),
    "dockerlinks.links": (
        "LinkRule",
        "LinkSpec",
        "container_env",
        "host_config_links",
        "link_env",
        "link_name",
        "link_prefix",
        "link_rules",
        "parse_link",
        "process_env",
    ),
    "dockerlinks.envfile": ("parse_env_file",),
    "dockerlinks.hosts": (
        "HostsLink",
        "HostsRecord",
        "add_hosts",
        "build_hosts",
        "container_hosts",
        "delete_hosts",
        "parse_add_host",
        "parse_hosts",
        "update_hosts",
    ),
    "dockerlinks.engine": ("Container", "ContainerConfig", "Engine", "Image", "ImageCatalog"),
    "dockerlinks.transcript": ("CheckResult", "TranscriptError", "replay"),
    "dockerlinks.interop": ("InspectedContainer", "from_inspect"),
    "dockerlinks.compose": ("Problem", "load_compose_text"),
    # the functions, from their modules (the package's ``check`` and ``render`` attributes
    # name both the function and the submodule)
    "dockerlinks.compose.check": ("check_compose=check",),
    "dockerlinks.compose.render": ("render_compose=render",),
}

_WHERE: dict[str, tuple[str, str]] = {
    public: (module, attribute)
    for module, names in _EXPORTS.items()
    for public, _, attribute in (entry.partition("=") for entry in names)
    for attribute in (attribute or public,)
}

__all__ = sorted([*_WHERE, "__version__"])  # noqa: PLE0605 - one table, see the docstring


def __getattr__(name: str) -> Any:
    try:
        module_name, attribute = _WHERE[name]
    except KeyError:
        raise AttributeError(f"module 'dockerlinks' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module_name), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
