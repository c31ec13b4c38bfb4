"""The checks of a compose-like document (codes and severities: :mod:`.problems`).

What each check models (Docker's legacy links on the default bridge network)::

    check                     rule
    ------------------------  -----------------------------------------------------------
    yaml-sexagesimal          a scalar in ports / expose that the loader found to be a
                              YAML 1.1 base-60 number; checked further as its text
    unknown-link-target       a links or depends_on entry names no service of the file
                              (Compose: "depends on undefined service"; a link is also a
                              dependency); external_links are not checked: they name
                              containers outside the file, which Compose does not know
    link-cycle                links and depends_on together form a cycle (a self-link
                              included; Compose: "dependency cycle detected"); reported
                              once per cycle, at its first edge from its first service in
                              file order
    duplicate-container-name  a container_name already used by an earlier service
    port-conflict             every explicit host binding is requested as the profile's
                              allocator would grant it (:mod:`.holdings`: intervals, so a
                              range of 65,535 ports costs what one port costs): first every
                              exact host port (services in start order, entries in file
                              order), then every host range; a refused request is a
                              conflict, reported at the entry that asked second (0.0.0.0
                              overlaps every IPv4 address and :: every IPv6 one when
                              daemon.ip_conflicts is "family", v28.3+; else only equal
                              addresses)
    ephemeral-exhausted       then every port without a host port takes one of the
                              daemon's range beside them; none left is reported
    env-prefix-collision      two links of one service whose aliases give the same variable
                              prefix (upper-cased, - as _): a second link with the same alias
                              is ignored by Docker; different aliases (my-db, my_db) give
                              colliding variables (not reported when the profile sets no
                              link variables)
    secret-exposed-via-link   a linked service's environment holds a secret-looking name
                              (see :mod:`.secrets`); it reaches the recipient as
                              ALIAS_ENV_NAME
    env-too-large             the recipient's environment (PATH, HOSTNAME, link variables,
                              its own) is over 2 MiB, counting each entry's bytes, its NUL
                              and an 8-byte pointer (execve's limit with the default 8 MiB
                              stack: a quarter of the stack), or one entry is over 128 KiB
                              (MAX_ARG_STRLEN); exec then fails with "argument list too
                              long". The size is computed (:mod:`.envsize`), never built

Link variables (secret-exposed-via-link, env-too-large, env-prefix-collision of different
aliases) only where the profile's daemon sets them (``daemon.sets_link_vars``) and, in a
loaded project, only for services on the default bridge (``network_mode: bridge``).

Start order: a service starts after the services it links to and depends on; ties keep file
order. Child addresses for the link variables follow the default bridge: ``172.17.0.2``,
``172.17.0.3``, ... in start order. Container names: ``container_name``, else Compose's
``<project>-<service>-1``.
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Mapping, Sequence
from typing import Any

from dockerlinks._args import checked
from dockerlinks._collector import paused_collector
from dockerlinks.compose.envsize import LinkBlock, PortShape, environment_size, port_shape
from dockerlinks.compose.holdings import ZERO4, ZERO6, Address, Holdings, address
from dockerlinks.compose.load import ComposeFile, SexagesimalScalar
from dockerlinks.compose.model import (
    Dependency,
    Document,
    LinkItem,
    PortItem,
    Report,
    Service,
    read_document,
    service_name,
)
from dockerlinks.compose.problems import Problem
from dockerlinks.compose.project import Project
from dockerlinks.compose.secrets import looks_secret
from dockerlinks.compose.yamlread import Base60
from dockerlinks.errors import DockerLinksError
from dockerlinks.links import DEFAULT_PATH_ENV, link_name, link_prefix
from dockerlinks.profiles import Profile, get_profile

__all__ = [
    "ENV_ENTRY_LIMIT",
    "ENV_TOTAL_LIMIT",
    "HOSTNAME_LENGTH",
    "analyse",
    "check",
    "child_addresses",
    "container_name",
    "start_order",
]

ENV_TOTAL_LIMIT = 2 * 1024 * 1024
"""Bytes of environment (entries + NULs + 8-byte pointers) exec accepts: 8 MiB stack / 4."""
ENV_ENTRY_LIMIT = 128 * 1024
"""Bytes one ``NAME=value`` entry may have (Linux ``MAX_ARG_STRLEN``, NUL included)."""
_BRIDGE_BASE = (172 << 24) | (17 << 16) | 2  # 172.17.0.2, the first child's address
HOSTNAME_LENGTH = 12
"""Characters of Docker's default hostname (the container ID's first 12 hex digits)."""


def check(
    source: Mapping[Any, Any] | ComposeFile | Project,
    *,
    profile: Profile | str = "modern",
    env_files: Mapping[str, str | bytes] | None = None,
    environ: Mapping[str, str] | None = None,
    project: str | None = None,
) -> list[Problem]:
    """Every problem of a compose-like mapping (or a loaded :class:`ComposeFile`), in order.

    ``env_files`` maps each ``env_file`` path as written to the file's content (``None``: env
    files are not read); ``environ`` supplies values for bare ``KEY`` entries. Raises
    :class:`~dockerlinks.errors.ComposeError` when ``source`` is not a mapping with
    a ``services`` mapping.

    >>> check({"services": {"web": {"image": "nginx", "links": ["db"]}}})
    [Problem(code='unknown-link-target', severity='error', path='services.web.links[0]', \
message='links to db, but the file defines no service db: service "web" depends on undefined \
service "db" (containers outside the file go in external_links)', file=None, line=0, column=0)]
    """
    return analyse(source, profile=profile, env_files=env_files, environ=environ, project=project)[
        2
    ]


@checked(project=(str, None))
def analyse(
    source: Mapping[Any, Any] | ComposeFile | Project,
    *,
    profile: Profile | str = "modern",
    env_files: Mapping[str, str | bytes] | None = None,
    environ: Mapping[str, str] | None = None,
    project: str | None = None,
) -> tuple[Document, list[Service], list[Problem]]:
    """The services read, their start order, and every problem (what :func:`check` returns).

    The cyclic garbage collector is paused meanwhile (as the project loader pauses it): the
    check builds many small values that live until it returns, and collections over a
    5,000-service project's tree would make it quadratic."""
    with paused_collector():
        return _analyse(source, profile, env_files, environ, project)


def _analyse(
    source: Mapping[Any, Any] | ComposeFile | Project,
    profile: Profile | str,
    env_files: Mapping[str, str | bytes] | None,
    environ: Mapping[str, str] | None,
    project: str | None,
) -> tuple[Document, list[Service], list[Problem]]:
    chosen = get_profile(profile)
    report = Report(source.show if isinstance(source, Project) else None)
    document = read_document(
        source, report, env_files=env_files, environ=environ, project=project, profile=chosen
    )
    if isinstance(source, ComposeFile):
        _check_sexagesimal(source.sexagesimal, document, report)
    by_name = {service.name: service for service in document.services}
    _check_container_names(document, report)
    _check_link_targets(document, by_name, report)
    _check_cycles(document, by_name, report)
    legacy = None
    if isinstance(source, Project):
        _check_sexagesimal(source.base60, document, report)
        _check_project(source, document, by_name, report)
        legacy = {s.name for s in document.services if s.network_mode == "bridge"}
    _check_prefixes(document, report, chosen, legacy)
    order = start_order(document)
    conflicts, holdings = _check_port_conflicts(order, report, chosen)
    if not conflicts:
        _check_ephemeral(order, holdings, report, chosen)
    if chosen.daemon.sets_link_vars:
        _check_link_env(document, order, by_name, report, chosen, legacy=legacy)
    return document, order, report.problems()


def _check_project(
    source: Project, document: Document, by_name: Mapping[str, Service], report: Report
) -> None:
    """Compose's network and replica rules (see the module table), and the variables Compose
    could not resolve (one info line each)."""
    for unset in source.unset:
        path = "services." + unset.path[len("services.") :] if unset.path else "(file)"
        report.add(
            "unresolved-variable",
            (path, (len(document.services), 0), unset.pos),
            f'the "{unset.name}" variable is not set: Compose substitutes a blank string',
        )
    names = set(by_name)
    for service in document.services:
        mode = service.network_mode or ""
        if service.ports and mode.startswith(("service:", "container:")):
            report.add(
                "ports-with-shared-network",
                service.at("ports"),
                f"ports on a service with network_mode {mode}: the daemon refuses it "
                "(conflicting options: port publishing and the container type network mode)",
            )
        elif service.ports and mode == "host":
            report.add(
                "ports-with-host-network",
                service.at("ports"),
                "ports with network_mode host: Docker discards published ports in host "
                "network mode (the container uses the host's ports directly)",
            )
        if service.replicas > 1:
            if service.container_name is not None:
                report.add(
                    "scale-container-name",
                    service.at("container_name"),
                    f"container_name with {service.replicas} replicas: Compose refuses it "
                    "(container names must be unique)",
                )
            for item in service.ports:
                host = item.spec.host_range
                if host is not None and host.start != 0 and len(host) < service.replicas:
                    report.add(
                        "scale-fixed-port",
                        item.where,
                        f"host port {host}/{item.spec.proto} on a service with "
                        f"{service.replicas} replicas: the replicas past the first "
                        f"{len(host)} cannot bind it (port is already allocated)",
                    )
        if mode != "bridge" and not mode.startswith(("service:", "container:", "host")):
            for link in service.links:
                if link.external or link.alias == link.target:
                    continue
                if link.alias in names:
                    report.add(
                        "link-alias-clash",
                        link.where,
                        f"alias {link.alias} of the link to {link.target} is also the name "
                        f"of service {link.alias}: on the project's network both names "
                        "resolve by DNS and the alias hides that service for this container",
                    )


# ------------------------------------------------------------------------------- helpers


def container_name(service: Service, project: str) -> str:
    """The container's name: ``container_name`` or Compose's ``<project>-<service>-1``."""
    return service.container_name or f"{project}-{service.name}-1"


def start_order(document: Document) -> list[Service]:
    """Services in start order: after what they link to and depend on, ties in file order.

    Services caught in a cycle come last, in file order.
    """
    services = document.services
    by_name = {service.name: service for service in services}
    needs: dict[int, set[int]] = {}
    users: dict[int, list[int]] = {service.index: [] for service in services}
    for service in services:
        wanted = {link.target for link in service.links if not link.external}
        wanted.update(dependency.target for dependency in service.depends_on)
        deps = {by_name[name].index for name in wanted if name in by_name}
        deps.discard(service.index)
        needs[service.index] = deps
        for dep in deps:
            users[dep].append(service.index)
    ready = [index for index, deps in needs.items() if not deps]
    heapq.heapify(ready)
    out: list[int] = []
    while ready:
        index = heapq.heappop(ready)
        out.append(index)
        for user in users[index]:
            needs[user].discard(index)
            if not needs[user]:
                heapq.heappush(ready, user)
    placed = set(out)
    out.extend(service.index for service in services if service.index not in placed)
    return [services[index] for index in out]


def child_addresses(order: Sequence[Service]) -> dict[str, str]:
    """Default-bridge addresses by service name: ``172.17.0.2`` onwards in start order."""
    return {
        service.name: _dotted(_BRIDGE_BASE + position) for position, service in enumerate(order)
    }


def _dotted(value: int) -> str:
    """An IPv4 address as text, from its 32-bit value."""
    return f"{value >> 24}.{(value >> 16) & 255}.{(value >> 8) & 255}.{value & 255}"


# ------------------------------------------------------------------------------- checks


def _check_sexagesimal(
    scalars: Sequence[SexagesimalScalar | Base60], document: Document, report: Report
) -> None:
    by_name = {service.name: service for service in document.services}
    seen: set[tuple[Any, ...]] = set()
    for scalar in scalars:
        path = scalar.path
        if len(path) < 4 or path[0] != "services" or path[2] not in ("ports", "expose"):
            continue
        if path in seen:
            continue
        seen.add(path)
        # The loader spells non-text keys as service_name does; a project's disabled
        # services are not in the document.
        service = by_name.get(service_name(path[1]))
        if service is None:
            continue
        if isinstance(scalar, Base60):
            scalar = SexagesimalScalar(
                scalar.path, scalar.text, scalar.value, scalar.pos[1], scalar.pos[2]
            )
        report.add(
            "yaml-sexagesimal",
            service.at(str(path[2]), *path[3:]),
            f"unquoted {scalar.text} (line {scalar.line}, column {scalar.column}) is the "
            f"base-60 number {scalar.value} in YAML 1.1 (PyYAML, docker-compose v1) and the "
            f'text "{scalar.text}" in YAML 1.2 (Compose v2): quote it: "{scalar.text}"',
        )


def _check_container_names(document: Document, report: Report) -> None:
    first: dict[str, Service] = {}
    for service in document.services:
        name = service.container_name
        if name is None:
            continue
        if name in first:
            report.add(
                "duplicate-container-name",
                service.at("container_name"),
                f'Conflict. The container name "/{name}" is already in use by the container '
                f"of service {first[name].name}",
            )
        else:
            first[name] = service


def _check_link_targets(document: Document, by_name: Mapping[str, Service], report: Report) -> None:
    for service in document.services:
        compose = f"service {json.dumps(service.name)} depends on undefined service"
        for link in service.links:
            if not link.external and link.target not in by_name:
                report.add(
                    "unknown-link-target",
                    link.where,
                    f"links to {link.target}, but the file defines no service {link.target}: "
                    f"{compose} {json.dumps(link.target)} (containers outside the file go in "
                    "external_links)",
                )
        for dependency in service.depends_on:
            if dependency.target not in by_name:
                report.add(
                    "unknown-link-target",
                    dependency.where,
                    f"{compose} {json.dumps(dependency.target)}: invalid compose project",
                )


Edge = LinkItem | Dependency


def _check_cycles(document: Document, by_name: Mapping[str, Service], report: Report) -> None:
    edges: dict[str, list[Edge]] = {}
    for service in document.services:
        edges[service.name] = [
            link for link in service.links if not link.external and link.target in by_name
        ]
        edges[service.name].extend(
            dependency for dependency in service.depends_on if dependency.target in by_name
        )
    for component in _strongly_connected(document.services, edges):
        first = min(component, key=lambda name: by_name[name].index)
        cycle = _cycle_from(first, component, edges)
        if cycle is None:
            continue
        names, link = cycle
        report.add(
            "link-cycle",
            link.where,
            "dependency cycle detected: "
            + " -> ".join(names)
            + " (a service starts after the services it links to or depends on)",
        )


def _strongly_connected(
    services: Sequence[Service], edges: Mapping[str, list[Edge]]
) -> list[set[str]]:
    """Tarjan's algorithm, iterative."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[set[str]] = []
    counter = 0
    for root in (service.name for service in services):
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            successors = edges[node]
            if position < len(successors):
                work.append((node, position + 1))
                target = successors[position].target
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            if low[node] == index[node]:
                component: set[str] = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                out.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return out


def _cycle_from(
    start: str, component: set[str], edges: Mapping[str, list[Edge]]
) -> tuple[list[str], Edge] | None:
    """A shortest cycle through ``start`` inside its component, and its first link."""
    for link in edges[start]:
        if link.target == start:
            return [start, start], link
    if len(component) < 2:
        return None
    previous: dict[str, tuple[str, Edge]] = {}
    queue = [start]
    for node in queue:
        for link in edges[node]:
            target = link.target
            if target not in component or target in previous:
                continue
            previous[target] = (node, link)
            if target == start:
                queue.clear()
                break
            queue.append(target)
    path = [start]
    node = start
    first_link = None
    while True:
        node, link = previous[node]
        path.append(node)
        first_link = link
        if node == start:
            break
    path.reverse()
    assert first_link is not None
    return path, first_link


def _check_prefixes(
    document: Document, report: Report, profile: Profile, legacy: set[str] | None
) -> None:
    for service in document.services:
        link_vars = profile.daemon.sets_link_vars and (legacy is None or service.name in legacy)
        seen: dict[str, LinkItem] = {}
        for link in service.links:
            prefix = link_prefix(link.alias)  # aliases were checked by parse_link
            earlier = seen.get(prefix)
            if earlier is None:
                seen[prefix] = link
                continue
            if earlier.alias == link.alias:
                if earlier.target != link.target:
                    report.add(
                        "env-prefix-collision",
                        link.where,
                        f"alias {link.alias} is already the link to {earlier.target} "
                        f"({earlier.where[0]}): Docker keeps the first link and silently "
                        f"ignores this one to {link.target}",
                    )
            elif link_vars:
                report.add(
                    "env-prefix-collision",
                    link.where,
                    f"aliases {earlier.alias} ({earlier.where[0]}) and {link.alias} both "
                    f"give the variable prefix {prefix}_: the {prefix}_* variables of "
                    f"{earlier.target} and {link.target} collide and only one of each "
                    "reaches the program",
                )


def _addresses(item: PortItem) -> list[Address]:
    """The host addresses of an entry: its own, else 0.0.0.0 and its :: twin."""
    if item.spec.host_ip:
        return [address(item.spec.host_ip)]
    return [ZERO4, ZERO6]


def _check_port_conflicts(
    order: Sequence[Service], report: Report, profile: Profile
) -> tuple[int, Holdings]:
    """Report every refused explicit binding: every exact host port first (services in
    start order, entries in file order), then every host range, each entry granted as a
    whole or not at all (:mod:`.holdings`, in time independent of the ranges' sizes).
    Returns how many were refused, and what the granted ones hold."""
    holdings = Holdings(profile)
    refused = 0
    exact: list[PortItem] = []
    ranged: list[PortItem] = []
    for service in order:
        for item in service.ports:
            host = item.spec.host_range
            if host is None or host.start == 0:
                continue  # ephemeral: any free port will do
            if len(host) == 1 or len(host) == len(item.spec.container_range):
                exact.append(item)
            else:
                ranged.append(item)
    requests = [(item, True) for item in exact] + [(item, False) for item in ranged]
    for item, is_exact in requests:
        spec = item.spec
        host = spec.host_range
        assert host is not None
        request = holdings.exact if is_exact else holdings.ranged
        refusal = request(spec.proto, _addresses(item), host.start, host.end, item)
        if refusal is None:
            continue
        taken = ", ".join(holder.where[0] for holder in refusal.holders)
        if is_exact:
            message = f"{refusal.message} (host port {host}/{spec.proto} of {taken})"
        else:
            message = (
                f"{refusal.message}: host range {host}/{spec.proto} is too small for everyone "
                f"sharing it (taken by {taken})"
            )
        report.add("port-conflict", item.where, message)
        refused += 1
    return refused, holdings


def _check_ephemeral(
    order: Sequence[Service], holdings: Holdings, report: Report, profile: Profile
) -> None:
    """Give every ephemeral request (no host port: one per container port, services in
    start order) a port of the daemon's range beside the explicit ones; a request left
    without one means the range is used up (render would fail)."""
    for service in order:
        for item in service.ports:
            spec = item.spec
            host = spec.host_range
            if host is not None and host.start != 0:
                continue
            for _ in range(len(spec.container_range)):
                if not holdings.ephemeral(spec.proto, _addresses(item), item):
                    report.add(
                        "ephemeral-exhausted",
                        service.at("ports"),
                        f"all ports are allocated: the ports of {service.name} cannot all be "
                        "allocated (the daemon's ephemeral range is used up)",
                    )
                    return


def _entry_bytes(entry: str) -> int:
    return len(entry.encode("utf-8", "surrogatepass")) + 1


def _forwarded(target: Service) -> dict[str, str]:
    """The variables a link forwards as ``P_ENV_NAME`` (HOME and PATH are not)."""
    out: dict[str, str] = {}
    for entry in target.environment:
        name, sep, value = entry.partition("=")
        if sep and name not in ("HOME", "PATH"):
            out[name] = value
    return out


def _check_link_env(
    document: Document,
    order: Sequence[Service],
    by_name: Mapping[str, Service],
    report: Report,
    profile: Profile,
    *,
    legacy: set[str] | None = None,
) -> None:
    """secret-exposed-via-link and env-too-large. The environment's size is computed
    (:mod:`.envsize`): a service exposing 65,535 ports linked under many aliases costs the
    ports once, never the variables."""
    addresses = child_addresses(order)
    project = document.project
    algorithm = profile.daemon.link_env
    shapes: dict[str, PortShape] = {}
    forwarded: dict[str, dict[str, str]] = {}
    prefixes: dict[str, str] = {}
    secret_names: dict[str, list[str]] = {}
    for service in document.services:
        if legacy is not None and service.name not in legacy:
            continue  # a user-defined network: links are DNS aliases, no variables
        parent = container_name(service, project)
        blocks: list[tuple[LinkItem, LinkBlock]] = []
        for link in service.links:
            target = by_name.get(link.target)
            if link.external or target is None:
                continue
            if link.alias not in prefixes:
                prefixes[link.alias] = link_prefix(link.alias)
            prefix = prefixes[link.alias]
            if target.name not in secret_names:
                secret_names[target.name] = _secret_names(target)
                forwarded[target.name] = _forwarded(target)
            _check_secrets(service, link, target, prefix, report, secrets=secret_names[target.name])
            for entry in target.environment:
                size = len(prefix) + 5 + _entry_bytes(entry)
                if size > ENV_ENTRY_LIMIT:
                    report.add(
                        "env-too-large",
                        link.where,
                        f"{prefix}_ENV_{entry.partition('=')[0]} is {size} bytes, more than "
                        f"the {ENV_ENTRY_LIMIT} bytes Linux accepts for one variable "
                        "(MAX_ARG_STRLEN): exec fails with 'argument list too long'",
                    )
                    break
            try:
                name = link_name(parent, link.alias)
            except DockerLinksError:
                continue  # a parent name Docker refuses (reported as invalid-name)
            if target.name not in shapes:
                shapes[target.name] = port_shape(
                    ((port.number, port.proto) for port in target.exposed_ports), algorithm
                )
            block = LinkBlock(
                link_prefix(name),
                name,
                addresses[target.name],
                shapes[target.name],
                forwarded[target.name],
            )
            blocks.append((link, block))
        if not blocks:
            continue
        hostname = service.hostname or "0" * HOSTNAME_LENGTH  # the size is what counts here
        fixed = [f"PATH={DEFAULT_PATH_ENV}", f"HOSTNAME={hostname}"]
        figures = environment_size(fixed, [block for _, block in blocks], service.environment)
        if figures.size > ENV_TOTAL_LIMIT:
            biggest_link, biggest = max(blocks, key=lambda pair: pair[1].size)
            report.add(
                "env-too-large",
                service.at("links"),
                f"the environment of {service.name} would be {figures.size} bytes "
                f"({figures.count} variables, {figures.link_count} from links), more than the "
                f"{ENV_TOTAL_LIMIT} bytes exec accepts: exec fails with 'argument list too "
                f"long' (largest: {biggest_link.where[0]}, {biggest.count} variables)",
            )


def _secret_names(target: Service) -> list[str]:
    """The variables of ``target`` a link forwards whose names look secret."""
    names = (entry.partition("=")[0] for entry in target.environment)
    return [name for name in names if name not in ("HOME", "PATH") and looks_secret(name)]


def _check_secrets(
    service: Service,
    link: LinkItem,
    target: Service,
    prefix: str,
    report: Report,
    *,
    secrets: list[str],
) -> None:
    if not secrets:
        return
    shown = ", ".join(f"{prefix}_ENV_{secret}" for secret in secrets)
    verb = "reaches" if len(secrets) == 1 else "reach"
    report.add(
        "secret-exposed-via-link",
        link.where,
        f"{', '.join(secrets)} of service {target.name} {verb} {service.name} as {shown}: a "
        "link copies every variable of the linked container into the recipient's environment",
    )
