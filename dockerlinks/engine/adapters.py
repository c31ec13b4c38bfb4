"""The engine's calls into the rule modules, in one place.

Each function here is a thin adapter: it calls the module that owns the rule
(:mod:`dockerlinks.ports`, :mod:`dockerlinks.allocate`, :mod:`dockerlinks.links`,
:mod:`dockerlinks.envfile`, :mod:`dockerlinks.hosts`) with the engine's values. Nothing here
re-implements a rule; the only logic of its own is Docker's merge of user and image
environment at create time::

    Config.Env = env-file entries, then -e entries (CLI order), then every image ENV entry
                 whose name the user did not set (daemon merge at create)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from dockerlinks import allocate, envfile, hosts, links, ports
from dockerlinks.errors import EnvFileError
from dockerlinks.ports import Port, PortConfig, PortMap
from dockerlinks.profiles import Profile

if TYPE_CHECKING:
    from dockerlinks.engine.state import Container, Engine

__all__ = [
    "config_env",
    "container_env",
    "exposed_ports",
    "hosts_file",
    "link_env",
    "link_name",
    "parse_link",
    "port_config",
    "release",
    "resolve",
    "update_hosts",
]


def port_config(publish: Sequence[str], profile: Profile) -> PortConfig:
    """``-p`` values -> ``PortConfig`` with the profile's parser generation."""
    return ports.parse_port_specs(list(publish), generation=profile.parser)


def exposed_ports(
    image_exposed: Iterable[Port],
    expose: Sequence[str],
    config: PortConfig,
    profile: Profile,
) -> tuple[Port, ...]:
    """``Config.ExposedPorts``: image EXPOSE, ``--expose`` ranges, every ``-p`` port."""
    found: dict[Port, None] = dict.fromkeys(image_exposed)
    for value in expose:
        found.update(dict.fromkeys(ports.parse_expose(value, profile=profile)))
    found.update(dict.fromkeys(config.exposed))
    return tuple(sorted(found, key=Port.sort_key))


def config_env(
    env: Sequence[str],
    env_files: Sequence[str],
    image_env: Sequence[str],
    host_env: Iterable[tuple[str, str]] = (),
) -> list[str]:
    """``Config.Env`` as the CLI sends it and the daemon merges it with the image's."""
    lookup: Mapping[str, str] = dict(host_env)
    user: list[str] = []
    for content in env_files:
        user.extend(envfile.parse_env_file(content, lookup))
    for value in env:
        if not isinstance(value, str):
            raise EnvFileError(f"invalid environment variable: {value!r}")
        if value.startswith("="):
            raise EnvFileError(f"invalid environment variable: {value}")
        if "=" not in value and value in lookup:
            value = f"{value}={lookup[value]}"
        user.append(value)
    keys = {entry.split("=", 1)[0] for entry in user}
    return user + [entry for entry in image_env if entry.split("=", 1)[0] not in keys]


def parse_link(value: str) -> links.LinkSpec:
    """A ``--link`` value -> ``LinkSpec``."""
    return links.parse_link(value)


def link_name(parent: str, alias: str) -> str:
    """The full link name ``/<parent>/<alias>``."""
    return links.link_name(parent, alias)


def link_env(
    name: str, child_ip: str, exposed: Iterable[Port], env: Iterable[str], profile: Profile
) -> list[str]:
    """The variables of one link, per the profile's algorithm."""
    return links.link_env(name, child_ip, list(exposed), list(env), profile=profile)


def container_env(
    hostname: str, blocks: Sequence[Sequence[str]], own: Sequence[str], *, tty: bool
) -> list[str]:
    """The process environment (``CreateDaemonEnvironment``)."""
    return links.container_env(hostname, blocks, own, tty=tty)


def resolve(engine: Engine, container: Container) -> tuple[allocate.PortAllocator, PortMap]:
    """Host ports for a starting container (all or nothing)."""
    return allocate.resolve_bindings(
        engine.allocator,
        container.port_config,
        publish_all=container.publish_all,
        exposed=container.exposed,
        default_ip="0.0.0.0",
        ipv6=engine.ipv6,
        profile=engine.profile,
    )


def release(engine: Engine, container: Container) -> allocate.PortAllocator:
    """The allocator once a stopping container's host ports are given back."""
    return allocate.release_bindings(engine.allocator, container.ports)


def hosts_file(
    profile: Profile,
    *,
    hostname: str,
    ip: str,
    links: Sequence[tuple[str, str, str, str]],
) -> str:
    """A container's whole ``/etc/hosts`` at start.

    ``links`` holds ``(child ip, alias, child hostname, child name)`` in ``--link`` order.
    """
    return hosts.container_hosts(
        hostname=hostname,
        ips=[ip] if ip else [],
        links=[
            hosts.HostsLink(alias, "/" + name, child_host, child_ip)
            for child_ip, alias, child_host, name in links
            if child_ip
        ],
        profile=profile,
    )


def update_hosts(content: str, ip: str, name: str) -> str:
    """Docker's Update rule: rewrite the address of lines whose first name is ``name``."""
    return hosts.update_hosts(content, ip, name)
