"""A container as the daemon holds it, its endpoints and its legacy links: values only.

What lives here: :class:`Container` (configuration, state, the running process's view:
environment, ``/etc/hosts``, ``/etc/resolv.conf``, and its log), :class:`Attachment` (one
network the container is configured for: an entry of ``NetworkSettings.Networks``),
:class:`Endpoint` (one network the running container is on) and :class:`Link` (a registered
legacy link).

What this module must not know: how any of them change (:mod:`dockerlinks.engine.state`).
"""

from __future__ import annotations

from typing import Literal

import attrs

from dockerlinks.engine.config import EndpointConfig
from dockerlinks.ports import Port, PortConfig, PortMap

__all__ = ["Attachment", "Container", "Endpoint", "Link", "LogEntry", "Status", "mac_from_ip"]

Status = Literal["created", "running", "exited"]


def mac_from_ip(ip: str) -> str:
    """The bridge driver's MAC address for an IPv4 address: 02:42 and the four bytes
    (libnetwork v20.10 ``netutils.GenerateMACFromIP``); ``""`` without an address.

    >>> mac_from_ip("198.18.0.50")
    '02:42:c6:12:00:32'
    """
    if not ip:
        return ""
    return "02:42:" + ":".join(f"{int(part):02x}" for part in ip.split("."))


@attrs.frozen
class Endpoint:
    """The running container on one network: its address there (``""`` on host and none),
    the endpoint's ID, and its MAC address when one was asked for (else the driver's,
    :func:`mac_from_ip`)."""

    network: str
    network_id: str
    endpoint_id: str
    ip: str
    gateway: str
    prefix_len: int
    aliases: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    mac: str = ""


@attrs.frozen
class Attachment:
    """One entry of ``NetworkSettings.Networks`` as the daemon stores it: the network's name,
    the endpoint settings (with what the daemon adds: the short ID and hostname among the
    aliases of a user-defined network, up to v24), and the network's ID from the first join
    on (kept after a stop, and after the network is removed)."""

    network: str
    config: EndpointConfig = attrs.field(factory=EndpointConfig)
    network_id: str = ""
    #: the names the endpoint answers to in the embedded DNS (v25+ daemons store them)
    dns_names: tuple[str, ...] = ()


@attrs.frozen
class LogEntry:
    """One chunk of the container's output: ``stream`` is ``"stdout"`` or ``"stderr"``,
    ``tick`` the engine's clock when it was written."""

    stream: Literal["stdout", "stderr"]
    text: str
    tick: int = 0


@attrs.frozen
class Container:
    """One container as the daemon holds it.

    ``name`` carries its leading ``/``. ``env`` is ``Config.Env`` (the request's entries, then
    the image's variables not overridden); ``process_env`` the environment of the running
    process (computed at start, never updated); ``hosts`` its ``/etc/hosts``; ``networks``
    the networks it is configured for (``NetworkSettings.Networks``); ``endpoints`` (in join
    order) and ``ports`` are empty unless it is running; ``port_network`` names the endpoint
    that publishes its ports (the sandbox's gateway endpoint); ``logs`` everything its main
    process wrote.
    """

    id: str
    name: str
    image: str
    image_name: str
    image_id: str
    cmd: tuple[str, ...]
    hostname: str
    domainname: str
    workdir: str
    env: tuple[str, ...]
    exposed: tuple[Port, ...]
    port_config: PortConfig
    publish_all: bool
    links: tuple[str, ...]
    auto_remove: bool
    tty: bool
    interactive: bool
    network_mode: str
    networks: tuple[Attachment, ...]
    extra_hosts: tuple[str, ...]
    created: int
    status: Status = "created"
    exit_code: int = 0
    error: str = ""
    endpoints: tuple[Endpoint, ...] = ()
    ports: PortMap = attrs.field(factory=PortMap)
    process_env: tuple[str, ...] = ()
    hosts: str = ""
    resolv_conf: str = ""
    logs: tuple[LogEntry, ...] = ()
    packages: frozenset[str] = frozenset()
    restart_count: int = 0
    started: int = -1  # the clock at the last start (-1: never started)
    finished: int = -1  # the clock when the process last ended
    pid: int = 0  # the main process's host PID while it runs
    sandbox_id: str = ""  # the network sandbox, from the first start on (kept after a stop)
    attach: tuple[str, ...] = ()  # the streams the client attaches ("stdin", "stdout", ...)
    host_config_json: str = ""  # HostConfig fields the client sent beyond the modelled ones
    userland: str = "gnu"  # the image's (what its programs print like)
    dns: tuple[str, ...] = ()  # HostConfig.Dns
    mac_address: str = ""  # Config.MacAddress
    port_network: str = ""  # the endpoint whose network publishes the ports ("": none)

    @property
    def running(self) -> bool:
        """Whether the container's process is running."""
        return self.status == "running"

    @property
    def short_id(self) -> str:
        """The 12-character ID ``docker ps`` shows."""
        return self.id[:12]

    @property
    def bare_name(self) -> str:
        """The name without its leading ``/``."""
        return self.name[1:]

    @property
    def ip(self) -> str:
        """The address on the default bridge (``""`` when not running or not on it)."""
        for endpoint in self.endpoints:
            if endpoint.network == "bridge":
                return endpoint.ip
        return ""

    def endpoint(self, network: str) -> Endpoint | None:
        """The endpoint on ``network``, if the container is on it."""
        for endpoint in self.endpoints:
            if endpoint.network == network:
                return endpoint
        return None

    def attachment(self, network: str) -> Attachment | None:
        """The configured entry for ``network`` (by name), if any."""
        for attachment in self.networks:
            if attachment.network == network:
                return attachment
        return None

    @property
    def endpoint_configs(self) -> tuple[tuple[str, EndpointConfig], ...]:
        """The endpoint settings of every configured network, by network name."""
        return tuple((a.network, a.config) for a in self.networks)


@attrs.frozen
class Link:
    """A registered legacy link: ``name`` is the full link name (``/web/db``).

    ``child_name`` is the child's name, kept so that a link whose child was removed (a stale
    link) still reports it as Docker does.
    """

    parent_id: str
    name: str
    child_id: str
    child_name: str

    @property
    def alias(self) -> str:
        """The last element of the link name."""
        return self.name.rsplit("/", 1)[1]
