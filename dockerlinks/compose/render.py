"""What each service of a valid compose-like document gets from Docker, computed.

Rule table (legacy links on the default bridge network; see :mod:`.check` for the start
order, the addresses and the container names)::

    value            how it is computed
    ---------------  -------------------------------------------------------------------
    start_order      services after what they link to and depend on, ties in file order
    container_name   container_name, else <project>-<service>-1 (Compose v2)
    hostname         hostname, else 12 hex digits standing in for the container ID
    ip               172.17.0.2, 172.17.0.3, ... in start order
    ports            NetworkSettings.Ports: one PortAllocator of the profile, every
                     service's ports and expose resolved in start order
                     (resolve_bindings: exact host ports first, then ranges, then
                     ephemeral ports from 49153)
    links            HostConfig.Links, links then external_links, in file order
    link_env         link_env of each link to a service of the file, in links order
                     (external containers are unknown: no variables); for a loaded
                     Project only on network_mode: bridge (legacy links): on the
                     project's own network Compose's links are DNS aliases
    hosts            the container's /etc/hosts: defaults, one line per link to a
                     service of the file (legacy links only), its own line

A document with errors is refused with
:class:`~dockerlinks.errors.ComposeCheckError` (its ``problems`` list them).

>>> r = render({"services": {
...     "db": {"image": "postgres", "expose": ["5432"]},
...     "web": {"image": "app", "links": ["db"], "ports": ["8080:80"]}}})
>>> r.start_order
('db', 'web')
>>> web = r.service("web")
>>> web.links
('/project-db-1:/project-web-1/db',)
>>> web.ports.to_api()
{'80/tcp': [{'HostIp': '0.0.0.0', 'HostPort': '8080'}, {'HostIp': '::', 'HostPort': '8080'}]}
>>> web.link_env[:2]
('DB_PORT=tcp://172.17.0.2:5432', 'DB_PORT_5432_TCP=tcp://172.17.0.2:5432')
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from dockerlinks._args import checked, shown, wrong_type
from dockerlinks._collector import paused_collector
from dockerlinks.allocate import PortAllocator, resolve_bindings
from dockerlinks.compose.check import HOSTNAME_LENGTH, analyse, child_addresses, container_name
from dockerlinks.compose.envsize import LinkBlock, PortShape, port_shape
from dockerlinks.compose.load import ComposeFile
from dockerlinks.compose.model import Service
from dockerlinks.compose.problems import ComposeCheckError
from dockerlinks.compose.project import Project
from dockerlinks.errors import ComposeError, NoSuchServiceError
from dockerlinks.hosts import HostsLink, container_hosts
from dockerlinks.links import host_config_links, link_env, link_name, link_prefix
from dockerlinks.ports import PortMap, parse_port_specs
from dockerlinks.profiles import Profile, get_profile

__all__ = [
    "MAX_RENDERED_LINK_BYTES",
    "RenderedService",
    "Rendering",
    "placeholder_hostname",
    "render",
]

#: The most bytes of link variables one rendering makes (the model's limit, 64 MiB; a single
#: container's whole environment must stay under Linux's 2 MiB ``ARG_MAX`` share, which
#: ``check`` reports as ``env-too-large``). Computed before any variable is built
#: (:mod:`.envsize`), so a small file asking for gigabytes is refused at once.
MAX_RENDERED_LINK_BYTES = 64 * 1024 * 1024


@attrs.frozen
class RenderedService:
    """One service as Docker would run it (see the module's rule table)."""

    service: str
    container_name: str
    hostname: str
    ip: str
    ports: PortMap
    links: tuple[str, ...]
    link_env: tuple[str, ...]
    hosts: str

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of ``dockerlinks render --json``."""
        return {
            "container_name": self.container_name,
            "hostname": self.hostname,
            "ip": self.ip,
            "ports": self.ports.to_api(),
            "links": list(self.links),
            "link_env": list(self.link_env),
            "hosts": self.hosts,
        }


@attrs.frozen
class Rendering:
    """Every service, in start order."""

    start_order: tuple[str, ...]
    services: tuple[RenderedService, ...]

    def service(self, name: str) -> RenderedService:
        """The service called ``name``; :class:`~dockerlinks.errors.NoSuchServiceError` (a
        ``KeyError``) when there is none."""
        if not isinstance(name, str):
            raise wrong_type(name, str, "name")
        for service in self.services:
            if service.service == name:
                return service
        raise NoSuchServiceError(f"no such service: {shown(name)}")

    @checked(only=(str, None))
    def to_dict(self, only: str | None = None) -> dict[str, Any]:
        """The JSON document of ``dockerlinks render --json`` (one service with ``only``)."""
        return {
            "start_order": list(self.start_order),
            "services": {
                service.service: service.to_dict()
                for service in self.services
                if only is None or service.service == only
            },
        }


def placeholder_hostname(service: Service, project: str) -> str:
    """``hostname``, else a stand-in for Docker's default (the container ID's first 12 hex
    digits): 12 hex digits of a hash of the project and service names, so it is
    deterministic.
    """
    if service.hostname:
        return service.hostname
    digest = hashlib.sha256(f"{project}/{service.name}".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:HOSTNAME_LENGTH]


def _refuse_oversized(
    source: object,
    order: Sequence[Any],
    *,
    by_name: Mapping[str, Any],
    names: Mapping[str, str],
    addresses: Mapping[str, str],
    profile: Profile,
) -> None:
    """Raise :class:`~dockerlinks.errors.ComposeError` when the link variables of the whole
    rendering would take more than :data:`MAX_RENDERED_LINK_BYTES` (sizes computed, never
    built: time linear in the exposed ports of each linked service and the links)."""
    if not profile.daemon.sets_link_vars:
        return
    shapes: dict[str, PortShape] = {}
    total = 0
    for service in order:
        if isinstance(source, Project) and service.network_mode != "bridge":
            continue
        for link in service.links:
            target = by_name.get(link.target)
            if link.external or target is None:
                continue
            if target.name not in shapes:
                shapes[target.name] = port_shape(
                    ((port.number, port.proto) for port in target.exposed_ports),
                    profile.daemon.link_env,
                )
            name = link_name(names[service.name], link.alias)
            forwarded = {}
            for entry in target.environment:
                key, sep, value = entry.partition("=")
                if sep and key not in ("HOME", "PATH"):
                    forwarded[key] = value
            block = LinkBlock(
                link_prefix(name), name, addresses[target.name], shapes[target.name], forwarded
            )
            total += block.size
            if total > MAX_RENDERED_LINK_BYTES:
                raise ComposeError(
                    f"cannot render: the link variables would take more than "
                    f"{MAX_RENDERED_LINK_BYTES} bytes (the model's limit; at "
                    f"services.{service.name}.links, linking {target.name}); run check"
                )


def render(
    source: Mapping[Any, Any] | ComposeFile | Project,
    *,
    profile: Profile | str = "modern",
    env_files: Mapping[str, str | bytes] | None = None,
    environ: Mapping[str, str] | None = None,
    project: str | None = None,
) -> Rendering:
    """Render every service of a valid document (arguments as for ``check``).

    The cyclic garbage collector is paused meanwhile, as the checker and the project loader
    pause it: a large project's rendering is linear in its size."""
    with paused_collector():
        return _render(source, get_profile(profile), env_files, environ, project)


def _render(
    source: Mapping[Any, Any] | ComposeFile | Project,
    chosen: Profile,
    env_files: Mapping[str, str | bytes] | None,
    environ: Mapping[str, str] | None,
    project: str | None,
) -> Rendering:
    document, order, problems = analyse(
        source, profile=chosen, env_files=env_files, environ=environ, project=project
    )
    errors = tuple(p for p in problems if p.severity == "error")
    if errors:
        count = f"{len(errors)} error{'s' if len(errors) > 1 else ''}"
        raise ComposeCheckError(f"cannot render: the file has {count}; run check", errors)
    by_name = {service.name: service for service in document.services}
    addresses = child_addresses(order)
    project_name = document.project
    names = {s.name: container_name(s, project_name) for s in document.services}
    hostnames = {s.name: placeholder_hostname(s, project_name) for s in document.services}
    _refuse_oversized(
        source, order, by_name=by_name, names=names, addresses=addresses, profile=chosen
    )
    allocator = PortAllocator(profile=chosen)
    out = []
    for service in order:
        config = parse_port_specs([str(item.spec) for item in service.ports])
        allocator, ports = resolve_bindings(
            allocator, config, exposed=service.expose, profile=chosen
        )
        parent = names[service.name]
        env: list[str] = []
        hosts_links: list[HostsLink] = []
        legacy = not isinstance(source, Project) or service.network_mode == "bridge"
        for link in service.links:
            target = by_name.get(link.target)
            if link.external or target is None or not legacy:
                continue  # on a user-defined network a link is a DNS alias only
            env.extend(
                link_env(
                    link_name(parent, link.alias),
                    addresses[target.name],
                    target.exposed_ports,
                    target.environment,
                    profile=chosen,
                )
            )
            hosts_links.append(
                HostsLink(
                    link.alias, names[target.name], hostnames[target.name], addresses[target.name]
                )
            )
        links = host_config_links(
            parent,
            [
                f"{names.get(link.target, link.target) if not link.external else link.target}:"
                f"{link.alias}"
                for link in service.links
            ],
        )
        hosts = container_hosts(
            hostname=hostnames[service.name],
            ips=[addresses[service.name]],
            links=hosts_links,
            profile=chosen,
        )
        out.append(
            RenderedService(
                service.name,
                parent,
                hostnames[service.name],
                addresses[service.name],
                ports,
                tuple(links),
                tuple(env),
                hosts,
            )
        )
    return Rendering(tuple(s.name for s in order), tuple(out))
