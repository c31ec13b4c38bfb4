"""The engine model: a persistent value standing for a Docker daemon and the host it runs on.

Every operation is a method returning the new engine (and its result); a refused operation
raises an :class:`~dockerlinks.errors.EngineError` carrying the daemon's own text (from
:mod:`dockerlinks.messages`, the profile's daemon release) and leaves the engine it was called
on untouched. Where Docker itself changes state while refusing (a start that fails leaves the
container ``Created``, with the allocator's cursors moved by the attempts; ``--rm`` removes
it), a ``try_`` method returns that state with the outcome instead of raising.

Rule table (moby ``daemon/`` create, start, stop, delete, links, exec at the tags of the
profile's daemon release; texts in dockerlinks.messages)::

    operation  check, in the daemon's order                  text key (daemon catalogue)
    ---------  ---------------------------------------------  ------------------------------
    create     image known                                    no_such_image (the CLI then
                                                              pulls: pull_denied, no registry)
               name valid                                     invalid_name
               name free                                      name_conflict
               container: network mode with -p / --expose     conflicting options (below)
               each --link target exists                      link_missing
               link name taken by another container           (silently ignored: first wins)
    start      (daemon.start_order ports-first, <= v27)       -
               an address on the network                      no_addresses
               host ports (allocator, then the kernel's       programming (+ the allocator's
               bind; see engine.publish)                      or the bind's cause)
               every linked child running                     link_not_running
               the command exists in the image                the runtime's text (below)
               (links-first, v28+: the link check comes first)
    stop       -                                              (a stopped container: no-op)
    rm         running without -f                             rm_running
    rm -l      argument is a link name                        rm_default_link
    exec       the container is running                       exec_not_running
               every linked child running                     link_not_running
    any        container reference resolves                   no_such_container

Lifecycle facts the model keeps:

* start takes an address (:mod:`dockerlinks.engine.ipam`) and host ports
  (:mod:`dockerlinks.engine.publish`); stop gives both back; restart = stop + start.
* A container's process environment and ``/etc/hosts`` are computed when it starts; the
  environment never changes afterwards (a snapshot, which ``docker logs`` shows), while
  ``docker exec`` computes the link variables afresh. When a linked child starts again, every
  running parent's hosts lines for that link are rewritten with the new address
  (:func:`dockerlinks.hosts.update_hosts`); ``docker rm -l`` rebuilds the parent's file from
  the links whose children run, so a stopped child's line is gone until the parent restarts
  (recorded on Docker 20.10: ``tests/data/daemon/20.10/checks/*/rm-link-stopped-child.json``).
* ``--rm`` removes the container when its process exits, and also when its start fails.
* Removing a child leaves its parents' links in place (stale): the link name stays registered,
  ``HostConfig.Links`` still shows it, and the parent cannot start again. Removing a parent
  releases its link names.
* A container whose main program is finite (``env``) runs it at start: its output goes to
  the log and it exits at once with the program's status.
* References resolve as the daemon does: full ID, then name (link names such as ``web/db``
  included), then a unique ID prefix.

Indexes (containers by ID, names, links by parent and by child) are persistent maps inside
the value, so each operation costs the same whatever the number of containers.

What this module must not know: the docker CLI (its flags, texts, output formats).
"""

from __future__ import annotations

import hashlib
import ipaddress
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from dockerlinks import hosts as hosts_rules
from dockerlinks import links as link_rules
from dockerlinks._args import check_int, check_items, checked, integer, items, shown, wrong_type
from dockerlinks._pmap import PMap
from dockerlinks.allocate import PortAllocator
from dockerlinks.allocate.bindings import plan_bindings
from dockerlinks.allocate.kernel import CLAMP, FALLBACK
from dockerlinks.engine import dns
from dockerlinks.engine.config import ContainerConfig, CreateRequest, EndpointConfig
from dockerlinks.engine.container import (
    Attachment,
    Container,
    Endpoint,
    Link,
    LogEntry,
    Status,
    mac_from_ip,
)
from dockerlinks.engine.host import Host
from dockerlinks.engine.images import Image, ImageCatalog, normalize_reference
from dockerlinks.engine.inspect import inspect_json, time_text
from dockerlinks.engine.ipam import Ipam, Strategy
from dockerlinks.engine.network import (
    BRIDGE_OPTIONS,
    DEFAULT_POOLS,
    Network,
    NetworkEndpoint,
    NetworkRequest,
    Refusal,
    filter_networks,
    find_network,
    is_user_defined,
    make_pool,
    network_json,
    parse_subnet,
    pick_pool,
)
from dockerlinks.engine.programs import View, find_program, run_program, run_script
from dockerlinks.engine.publish import Published, publish, unpublish
from dockerlinks.errors import (
    ConflictError,
    ContainerNameError,
    DockerLinksError,
    EngineError,
    ImageError,
    ImageNotFoundError,
    IpamError,
    LinkError,
    NoSuchContainerError,
    StartError,
)
from dockerlinks.messages import daemon_text
from dockerlinks.names import RESTRICTED_NAME_CHARS, NameGenerator, validate_container_name
from dockerlinks.ports import Port, PortMap
from dockerlinks.profiles import Profile, ProfileLike, get_profile

__all__ = [
    "ConflictError",
    "Container",
    "ContainerConfig",
    "Engine",
    "EngineError",
    "ExecResult",
    "ImageNotFoundError",
    "Link",
    "LinkError",
    "NoSuchContainerError",
    "StartError",
    "Status",
]

_OTHER_DRIVERS = frozenset({"overlay", "macvlan", "ipvlan", "host", "null"})
_PREFIX = 4  # hex digits of the ID-prefix index's keys


def _profile(value: object) -> Profile:
    return get_profile(value)  # type: ignore[arg-type]


@attrs.frozen
class ExecResult:
    """What a ``docker exec`` printed and its exit status."""

    stdout: str
    stderr: str
    exit_code: int


@attrs.frozen
class _Failure:
    """Why a start failed, and the exit status Docker records for it."""

    message: str
    exit_code: int = 128
    keep_ports: bool = False  # the runtime failed after networking: NetworkSettings.Ports stay


def _default_range(profile: Profile) -> tuple[int, int]:
    return CLAMP if profile.daemon.range_clamp else FALLBACK


def _seed(value: object) -> int:
    return check_int(value, "seed")


@attrs.frozen
class Engine:
    """A Docker daemon's containers, names, links, addresses and host ports, as a value.

    >>> from dockerlinks.engine import ContainerConfig, Engine
    >>> engine = Engine(profile="28.5", seed=1)
    >>> engine, db = engine.run(ContainerConfig("training/postgres", name="db", detach=True))
    >>> engine, web = engine.run(
    ...     ContainerConfig("training/webapp", name="web", links=("db:db",), publish_all=True)
    ... )
    >>> db.ip, web.ip
    ('172.17.0.2', '172.17.0.3')
    >>> [line for line in web.process_env if line.startswith("DB_PORT=")]
    ['DB_PORT=tcp://172.17.0.2:5432']
    >>> engine.run(ContainerConfig("training/webapp", name="web"))
    Traceback (most recent call last):
    ...
    dockerlinks.errors.ConflictError: Conflict. The container name "/web" is already ...
    """

    profile: Profile = attrs.field(default=None, converter=_profile)
    #: checked as it is set: the IDs below are made from it before validators run
    seed: int = attrs.field(default=0, converter=_seed)
    images: ImageCatalog = attrs.field(factory=ImageCatalog)
    ipam: Ipam = attrs.field(factory=Ipam)
    port_begin: int = attrs.field(
        default=attrs.Factory(lambda s: _default_range(s.profile)[0], takes_self=True)
    )
    port_end: int = attrs.field(
        default=attrs.Factory(lambda s: _default_range(s.profile)[1], takes_self=True)
    )
    ipv6: bool = True
    host: Host = attrs.field(factory=Host)
    allocator: PortAllocator = attrs.field(
        default=attrs.Factory(
            lambda self: PortAllocator(self.port_begin, self.port_end, profile=self.profile),
            takes_self=True,
        )
    )
    generator: NameGenerator = attrs.field(
        default=attrs.Factory(lambda self: NameGenerator(self.seed), takes_self=True)
    )
    clock: int = 0
    #: Unix time of tick 0 of ``clock`` (each operation is one tick, one second): the times
    #: ``docker inspect`` shows.
    epoch: int = 1767225600
    #: The default bridge network's ID.
    bridge_id: str = attrs.field(
        default=attrs.Factory(
            lambda self: hashlib.sha256(f"bridge/{self.seed}".encode()).hexdigest(),
            takes_self=True,
        )
    )
    #: The predefined ``host`` and ``none`` networks' IDs.
    host_network_id: str = attrs.field(
        default=attrs.Factory(
            lambda self: hashlib.sha256(f"host/{self.seed}".encode()).hexdigest(),
            takes_self=True,
        )
    )
    none_network_id: str = attrs.field(
        default=attrs.Factory(
            lambda self: hashlib.sha256(f"none/{self.seed}".encode()).hexdigest(),
            takes_self=True,
        )
    )
    #: Where the next-fit search for a default pool starts (ipam ``predefinedStartIndices``).
    pool_start: int = 0
    _containers: PMap[Container] = attrs.field(factory=PMap, alias="containers_index")
    _names: PMap[str] = attrs.field(factory=PMap, alias="names_index")
    _parent_links: PMap[tuple[Link, ...]] = attrs.field(factory=PMap, alias="parent_index")
    _child_links: PMap[tuple[Link, ...]] = attrs.field(factory=PMap, alias="child_index")
    #: user-defined networks by ID
    _networks: PMap[Network] = attrs.field(factory=PMap, alias="networks_index")
    #: network ID -> the running containers with an endpoint there, in join order
    _members: PMap[tuple[str, ...]] = attrs.field(factory=PMap, alias="members_index")
    #: the first 4 hex digits of an ID -> the IDs that start so (ID-prefix lookups)
    _prefixes: PMap[tuple[str, ...]] = attrs.field(factory=PMap, alias="prefix_index")
    #: the newest container's ID, and for each container the newest one before it
    _newest: str = attrs.field(default="", alias="newest_id")
    _previous: PMap[str] = attrs.field(factory=PMap, alias="previous_index")

    # ------------------------------------------------------------------ construction helpers

    @classmethod
    @checked(
        seed=integer(),
        images=items(object),
        ip_strategy=str,
        ipv6=bool,
        host=(Host, None),
    )
    def new(
        cls,
        *,
        profile: ProfileLike = None,
        seed: int = 0,
        images: Iterable[object] = (),
        port_range: tuple[int, int] | None = None,
        ip_strategy: Strategy = "lowest",
        ipv6: bool = True,
        host: Host | None = None,
    ) -> Engine:
        """An empty engine: built-in images plus ``images``, nothing running.

        ``port_range`` is the daemon's ephemeral range (default: what the profile's daemon
        uses when it cannot read the kernel's, 49153-65535; the daemon reads
        ``ip_local_port_range``, see :func:`dockerlinks.allocate.parse_port_range_text`).

        >>> Engine.new(profile="classic", seed=3).profile.name
        'classic'
        """
        catalog = ImageCatalog()
        for image in images:
            catalog = catalog.add(image)  # type: ignore[arg-type]
        prof = get_profile(profile)
        if port_range is not None and not (
            isinstance(port_range, tuple | list)
            and len(port_range) == 2
            and all(type(p) is int for p in port_range)
        ):
            raise wrong_type(port_range, tuple, "port_range")
        begin, end = port_range if port_range is not None else _default_range(prof)
        return cls(
            profile=prof,
            seed=seed,
            images=catalog,
            ipam=Ipam(strategy=ip_strategy),
            port_begin=begin,
            port_end=end,
            ipv6=ipv6,
            host=host if host is not None else Host(),
        )

    def with_image(self, image: object) -> Engine:
        """The engine with one more local image (replacing one of the same name)."""
        return attrs.evolve(self, images=self.images.add(image))  # type: ignore[arg-type]

    def with_host(self, host: Host) -> Engine:
        """The engine on another host (its addresses, SCTP, sockets other programs hold)."""
        if not isinstance(host, Host):
            raise EngineError(f"expected a Host, not {shown(host)}")
        return attrs.evolve(self, host=host)

    # ------------------------------------------------------------------ lookups

    @property
    def containers(self) -> tuple[Container, ...]:
        """Every container, oldest first."""
        return tuple(sorted(self._containers.values(), key=lambda c: c.created))

    @property
    def links(self) -> tuple[Link, ...]:
        """Every registered link, in registration order of their parents."""
        out: list[Link] = []
        for container in self.containers:
            out.extend(self._parent_links.get(container.id) or ())
        seen = {link.parent_id for link in out}
        for parent_id, group in self._parent_links.items():
            if parent_id not in seen:
                out.extend(group)
        return tuple(out)

    def names(self) -> dict[str, str]:
        """The name registry: every name (``/web``) and link name (``/web/db``) -> ID."""
        return dict(self._names.items())

    def _by_id(self, container_id: str) -> Container | None:
        return self._containers.get(container_id)

    def find(self, ref: str) -> Container | None:
        """The container a reference names (ID, name, link name, ID prefix), or ``None``."""
        try:
            return self.get(ref)
        except EngineError:
            return None

    def get(self, ref: str) -> Container:
        """Resolve a reference as the daemon does; raises
        :class:`~dockerlinks.errors.NoSuchContainerError`."""
        if not isinstance(ref, str):
            raise NoSuchContainerError(self._text("no_such_container", ref=shown(ref)))
        if ref == "":  # moby's invalidIdentifier, with Go's %q of the empty string
            raise NoSuchContainerError(self._text("invalid_identifier"))
        exact = self._by_id(ref)
        if exact is not None:
            return exact
        name = ref if ref.startswith("/") else "/" + ref
        found_id = self._names.get(name)
        if found_id is not None:
            found = self._by_id(found_id)
            if found is not None:
                return found
        matches = self._by_prefix(ref)
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise NoSuchContainerError(self._text("ambiguous", ref=ref))
        raise NoSuchContainerError(self._text("no_such_container", ref=ref))

    def _by_prefix(self, ref: str) -> list[Container]:
        """The containers whose ID starts with ``ref`` (moby's truncindex holds hex IDs only,
        so any other text matches none)."""
        if ref.strip("0123456789abcdef"):
            return []
        if len(ref) >= _PREFIX:
            ids = self._prefixes.get(ref[:_PREFIX]) or ()
            found = (self._by_id(i) for i in ids if i.startswith(ref))
            return [c for c in found if c is not None]
        return [c for c in self._containers.values() if c.id.startswith(ref)]

    def parent_links(self, container: Container) -> tuple[Link, ...]:
        """The links ``container`` holds as a parent, in ``--link`` order."""
        if not isinstance(container, Container):
            raise wrong_type(container, Container, "container")
        return self._parent_links.get(container.id) or ()

    def child_links(self, container: Container) -> tuple[Link, ...]:
        """The links that point at ``container`` as their child."""
        if not isinstance(container, Container):
            raise wrong_type(container, Container, "container")
        return self._child_links.get(container.id) or ()

    def host_config_links(self, container: Container) -> list[str]:
        """``HostConfig.Links`` as inspect rebuilds it: ``<child's name>:<link name>``."""
        out = []
        for link in self.parent_links(container):
            child = self._by_id(link.child_id)
            child_name = child.name if child is not None else link.child_name
            out.append(f"{child_name}:{link.name}")
        return out

    def inspect(self, ref: str) -> dict[str, Any]:
        """The document ``docker inspect`` prints for the container (the daemon's JSON:
        ``GET /containers/{id}/json`` of the profile's release, as a dict in field order).

        >>> from dockerlinks.engine import ContainerConfig
        >>> engine, web = Engine(profile="20.10").run(
        ...     ContainerConfig("training/webapp", name="web", publish=("8080:5000",), detach=True)
        ... )
        >>> doc = engine.inspect("web")
        >>> doc["NetworkSettings"]["Ports"]["5000/tcp"]
        [{'HostIp': '0.0.0.0', 'HostPort': '8080'}, {'HostIp': '::', 'HostPort': '8080'}]
        >>> doc["HostConfig"]["PortBindings"], doc["State"]["Status"]
        ({'5000/tcp': [{'HostIp': '', 'HostPort': '8080'}]}, 'running')
        """
        container = self.get(ref)
        host = self.host
        return inspect_json(
            container,
            profile=self.profile,
            links=self.host_config_links(container),
            files_of=self._files_of(container).id,
            epoch=self.epoch,
            data_root=host.data_root,
            exec_root=host.exec_root,
            storage_driver=host.storage_driver,
            cgroup_version=host.cgroup_version,
        )

    def latest(self) -> Container | None:
        """The most recently created container (``docker ps -l``), kept in the value: no scan."""
        newest = self._by_id(self._newest) if self._newest else None
        if newest is not None or not len(self._containers):
            return newest
        return max(self._containers.values(), key=lambda c: c.created)  # built by hand

    def _text(self, key: str, **fields: object) -> str:
        return daemon_text(self.profile, key, **fields)

    def _refused(self, refusal: Refusal) -> EngineError:
        key, fields = refusal
        return EngineError(self._text(key, **fields))

    # ------------------------------------------------------------------ networks: lookups

    def _predefined(self) -> tuple[Network, ...]:
        ipam = self.ipam
        return (
            Network(
                "bridge",
                self.bridge_id,
                "bridge",
                subnet=ipam.subnet,
                gateway=ipam.gateway,
                predefined=True,
            ),
            Network("host", self.host_network_id, "host", predefined=True),
            Network("none", self.none_network_id, "null", predefined=True),
        )

    @property
    def networks(self) -> tuple[Network, ...]:
        """Every network: the predefined three, then the user-defined ones, oldest first."""
        user = sorted(self._networks.values(), key=lambda n: (n.created, n.name))
        return (*self._predefined(), *user)

    def find_network(self, ref: str) -> Network | None:
        """The network a reference names (full ID, name, unique ID prefix), or ``None``."""
        found = find_network(self.networks, ref) if isinstance(ref, str) else None
        return found if isinstance(found, Network) else None

    def get_network(self, ref: str) -> Network:
        """Resolve a network reference as the daemon does (``FindNetwork``); raises
        :class:`~dockerlinks.errors.EngineError` with the daemon's text."""
        if not isinstance(ref, str):
            raise EngineError(self._text("no_such_network", ref=shown(ref)))
        found = find_network(self.networks, ref)
        if isinstance(found, Network):
            return found
        raise self._refused(found)

    def _network_by_id(self, network_id: str) -> Network | None:
        for net in self._predefined():
            if net.id == network_id:
                return net
        return self._networks.get(network_id)

    def _pool(self, network: Network) -> Ipam | None:
        if network.predefined:
            return self.ipam if network.name == "bridge" else None
        current = self._networks.get(network.id)
        return current.pool if current is not None else network.pool

    def _with_pool(self, network: Network, pool: Ipam) -> Engine:
        if network.predefined:
            return attrs.evolve(self, ipam=pool)
        current = self._networks.get(network.id) or network
        updated = attrs.evolve(current, pool=pool)
        return attrs.evolve(self, networks_index=self._networks.set(network.id, updated))

    def network_members(self, network: Network) -> tuple[Container, ...]:
        """The running containers with an endpoint on ``network``, in join order."""
        if not isinstance(network, Network):
            raise wrong_type(network, Network, "network")
        out = []
        for container_id in self._members.get(network.id) or ():
            container = self._by_id(container_id)
            if container is not None:
                out.append(container)
        return tuple(out)

    def list_networks(self, filters: Sequence[tuple[str, str]] = ()) -> tuple[Network, ...]:
        """``docker network ls``: the networks the filters accept (``(key, value)`` pairs, the
        daemon's rules: :func:`dockerlinks.engine.network.filter_networks`)."""
        pairs = check_items(filters, tuple, "filters")
        in_use = frozenset(key for key, members in self._members.items() if members)
        chosen = filter_networks(self.networks, pairs, in_use)
        if not isinstance(chosen, list):
            raise self._refused(chosen)
        return tuple(chosen)

    def inspect_network(self, ref: str) -> dict[str, Any]:
        """``docker network inspect``: the daemon's document of the network (a JSON-ready
        dict in field order: :func:`dockerlinks.engine.network.network_json`)."""
        net = self.get_network(ref)
        endpoints = []
        for container in self.network_members(net):
            endpoint = container.endpoint(net.name)
            if endpoint is None:
                continue
            endpoints.append(
                NetworkEndpoint(
                    container.id,
                    container.bare_name,
                    endpoint.endpoint_id,
                    _endpoint_mac(endpoint),
                    endpoint.ip,
                    endpoint.prefix_len,
                )
            )
        options = tuple(
            (key, "true" if self.host.ip_masquerade else "false")
            if key.endswith("enable_ip_masquerade")
            else (key, value)
            for key, value in BRIDGE_OPTIONS
        )
        return network_json(
            net,
            endpoints,
            created=time_text(self.epoch, net.created),
            bridge_options=options,
        )

    # ------------------------------------------------------------------ networks: changes

    def create_network(self, request: NetworkRequest) -> tuple[Engine, Network]:
        """``docker network create``: a new bridge network (the checks of
        :mod:`dockerlinks.engine.network`, in the daemon's order); raises
        :class:`~dockerlinks.errors.EngineError` with the daemon's text.

        >>> engine, front = Engine(profile="20.10").create_network(NetworkRequest("front"))
        >>> front.subnet, front.gateway
        ('172.18.0.0/16', '172.18.0.1')
        """
        if not isinstance(request, NetworkRequest):
            raise EngineError(f"expected a NetworkRequest, not {shown(request)}")
        name = request.name
        if name in ("bridge", "host", "none", "default"):
            raise EngineError(self._text("network_predefined", name=name))
        if any(net.name == name for net in self.networks):
            raise EngineError(self._text("network_name_conflict", name=name))
        if request.driver in _OTHER_DRIVERS:
            raise EngineError(
                f"dockerlinks: the {request.driver} network driver is not modelled (bridge only)"
            )
        if request.driver != "bridge":
            raise EngineError(self._text("plugin_not_found", name=request.driver))
        in_use = [n for n in (net.network for net in self.networks) if n is not None]
        start = self.pool_start
        index = -1
        if request.subnet:
            subnet = parse_subnet(request.subnet)
            if subnet is None:
                raise EngineError(self._text("invalid_subnet", subnet=request.subnet))
            if any(subnet.overlaps(other) for other in in_use):
                raise EngineError(self._text("pool_overlap"))
            text, gateway = request.subnet, request.gateway
        else:
            picked = pick_pool(in_use, start, self.profile.daemon.subnet_order)
            if picked is None:
                raise EngineError(self._text("no_pool"))
            index, start = picked
            text = DEFAULT_POOLS[index]
            subnet = ipaddress.IPv4Network(text)
            gateway = str(subnet.network_address + 1)
        pool = make_pool(subnet, request.gateway, request.ip_range)
        generator, network_id = self.generator.random_id()
        network = Network(
            name,
            network_id,
            "bridge",
            created=self.clock,
            subnet=text,
            gateway=gateway,
            ip_range=request.ip_range,
            internal=request.internal,
            attachable=request.attachable,
            options=request.options,
            labels=request.labels,
            pool=pool,
            pool_index=index,
        )
        engine = attrs.evolve(
            self,
            generator=generator,
            clock=self.clock + 1,
            pool_start=start,
            networks_index=self._networks.set(network_id, network),
        )
        return engine, network

    def remove_network(self, ref: str) -> Engine:
        """``docker network rm``: refused for the predefined networks and for a network a
        running container is on; the configuration of stopped containers keeps naming it (a
        later start fails: ``network <id> not found``)."""
        net = self.get_network(ref)
        if net.predefined:
            raise EngineError(self._text("network_rm_predefined", name=net.name))
        if self._members.get(net.id):
            raise EngineError(self._text("network_in_use", name=net.name, id=net.id))
        return attrs.evolve(
            self,
            networks_index=self._networks.delete(net.id),
            members_index=self._members.delete(net.id),
        )

    # ------------------------------------------------------------------ connect / disconnect

    def _settings_conflict(self, container: Container, network: Network) -> str | None:
        """``updateNetworkSettings``: ``"duplicate"`` when the container is configured for the
        network already (nothing is stored), a daemon text key when the networks cannot be
        combined, ``None`` when the entry is to be stored."""
        if network.driver == "host" and container.network_mode != "host":
            return "conflict_host_network"
        for attachment in container.networks:
            ref = attachment.network
            if is_user_defined(ref) and attachment.network_id:
                ref = attachment.network_id
            other = self.find_network(ref)
            if other is None:
                continue
            if other.name == network.name:
                return "duplicate"
            if "host" in (other.driver, network.driver):
                return "conflict_shared_network"
            if "none" in (other.name, network.name):
                return "conflict_no_network"
        return None

    def connect(self, network: str, ref: str, config: EndpointConfig | None = None) -> Engine:
        """``docker network connect``: raises :class:`~dockerlinks.errors.EngineError` with
        the daemon's text and leaves the engine unchanged (:meth:`try_connect` keeps what the
        daemon keeps of a refused connect)."""
        engine, refusal = self.try_connect(network, ref, config)
        if refusal is not None:
            raise refusal
        return engine

    def try_connect(
        self, network: str, ref: str, config: EndpointConfig | None = None
    ) -> tuple[Engine, EngineError | None]:
        """A connect as the daemon carries it out (moby v20.10.24 ``ConnectToNetwork``,
        ``connectToNetwork``): the engine afterwards and the refusal, if any.

        A stopped container's settings are only stored (for a network the daemon does not
        know, under the name given). A running one's entry is stored before its endpoint is
        created, so an address the network refuses (``Invalid address ...``) leaves the entry
        behind and the container's next start fails with it (recorded on 20.10:
        ``tests/data/daemon/20.10/networks/cli-*/connect-disconnect.json`` #10, #44-#48).
        Raises :class:`~dockerlinks.errors.NoSuchContainerError` when ``ref`` names no
        container.
        """
        if not isinstance(network, str):
            raise wrong_type(network, str, "network")
        config = config if config is not None else EndpointConfig()
        if not isinstance(config, EndpointConfig):
            raise EngineError(f"expected an EndpointConfig, not {shown(config)}")
        container = self.get(ref)
        found = self.find_network(network)
        if not container.running:
            if found is None:
                kept = tuple(a for a in container.networks if a.network != network)
                stored = attrs.evolve(container, networks=(*kept, Attachment(network, config)))
                return self._put(stored), None
            return self._configure(container, found, config)
        if container.network_mode.startswith("container:"):
            return self, EngineError(self._text("conflict_shared_network"))
        if found is None:
            return self, EngineError(self._text("no_such_network", ref=network))
        engine, refusal = self._configure(container, found, config)
        if refusal is not None:
            return self, refusal
        attachment = self._endpoint_settings(container, found, Attachment(found.name, config))
        return engine._join(engine.get(container.id), found, attachment)

    def _configure(
        self, container: Container, network: Network, config: EndpointConfig
    ) -> tuple[Engine, EngineError | None]:
        """``updateNetworkConfig`` with the settings stored (the shortID alias, the checks,
        ``updateNetworkSettings``)."""
        attachment = self._endpoint_settings(container, network, Attachment(network.name, config))
        refusal = self._endpoint_refusal(network, attachment.config)
        if refusal is not None:
            return self, self._refused(refusal)
        conflict = self._settings_conflict(container, network)
        if conflict == "duplicate":
            return self, None
        if conflict is not None:
            return self, EngineError(self._text(conflict))
        stored = attrs.evolve(container, networks=(*container.networks, attachment))
        return self._put(stored), None

    def _join(
        self, container: Container, network: Network, attachment: Attachment
    ) -> tuple[Engine, EngineError | None]:
        """A running container's new endpoint with the settings asked for (``CreateEndpoint``,
        ``Join``): the address, the own hosts line, the embedded DNS server, the gateway's
        ports; the settings are stored once the endpoint exists."""
        if any(e.network_id == network.id for e in container.endpoints):
            return self, EngineError(
                self._text("endpoint_exists", name=container.bare_name, network=network.name)
            )
        engine = self
        pool = engine._pool(network)
        ip = ""
        if pool is not None:
            try:
                pool, ip = pool.request(attachment.config.ipv4)
            except IpamError as exc:
                return self, EngineError(exc.docker_message)
            engine = engine._with_pool(network, pool)
        generator, endpoint_id = engine.generator.random_id()
        engine = attrs.evolve(engine, generator=generator)
        endpoint = Endpoint(
            network.name,
            network.id,
            endpoint_id,
            ip,
            pool.gateway if pool is not None else "",
            pool.prefix_len if pool is not None else 0,
            mac=_desired_mac(container, network, attachment.config),
        )
        hosts, resolv = container.hosts, container.resolv_conf
        if network.driver != "host":
            if ip:
                record = hosts_rules.HostsRecord(
                    ip, hosts_rules.self_names(container.hostname, container.domainname)
                )
                hosts = hosts_rules.add_hosts(hosts, [record], profile=self.profile)
            if not container.dns:
                resolv = dns.filter_resolv_conf(resolv, ipv6=False)
        had_resolver = any(
            (n := self._network_by_id(e.network_id)) is not None and n.user_defined
            for e in container.endpoints
        )
        if network.user_defined and not had_resolver:
            resolv = dns.embedded_resolv_conf(resolv)
        endpoints = (*container.endpoints, endpoint)
        members = engine._members.get(network.id) or ()
        engine = attrs.evolve(
            engine, members_index=engine._members.set(network.id, (*members, container.id))
        )
        ports, port_network = container.ports, container.port_network
        old = container.endpoint(port_network) if port_network else None
        new = engine._gateway(endpoints)
        if new is not None and new != old:
            allocator, host = unpublish(engine.allocator, engine.host, ports)
            engine = attrs.evolve(engine, allocator=allocator, host=host)
            engine, programmed = engine._program(container, new)
            if isinstance(programmed, str):
                return attrs.evolve(self, allocator=engine.allocator), EngineError(programmed)
            ports, port_network = programmed, new.network
        joined_settings = attrs.evolve(attachment, network_id=network.id)
        networks = tuple(
            joined_settings if a.network == network.name else a for a in container.networks
        )
        if container.attachment(network.name) is None:
            networks = (*networks, joined_settings)
        joined = attrs.evolve(
            container,
            networks=networks,
            endpoints=endpoints,
            ports=ports,
            port_network=port_network,
            hosts=hosts,
            resolv_conf=resolv,
        )
        return engine._put(joined), None

    def disconnect(self, network: str, ref: str, *, force: bool = False) -> Engine:
        """``docker network disconnect`` (moby v20.10.24 ``DisconnectFromNetwork``): a stopped
        container's entry is dropped; a running container's endpoint leaves (its address and,
        if it published them, its ports go; on a user-defined network its hosts lines go with
        the network's names, classic Docker removing every line of the container's
        hostname). Raises :class:`~dockerlinks.errors.EngineError` with the daemon's text."""
        if not isinstance(network, str):
            raise wrong_type(network, str, "network")
        container = self.get(ref)
        found = self.find_network(network)
        if not container.running or (found is None and force):
            name = found.name if found is not None else network
            if container.attachment(name) is None:
                raise EngineError(
                    self._text("not_connected_stopped", id=container.id, network=name)
                )
            kept = tuple(a for a in container.networks if a.network != name)
            return self._put(attrs.evolve(container, networks=kept))
        if found is None:
            raise EngineError(self._text("no_such_network", ref=network))
        if container.network_mode == "host" and found.driver == "host":
            raise EngineError(self._text("conflict_host_network"))
        endpoint = next((e for e in container.endpoints if e.network_id == found.id), None)
        if endpoint is None:
            raise EngineError(self._text("not_connected", id=container.id, network=found.name))
        hosts = container.hosts
        if found.user_defined:  # sb.deleteHostsEntries(n.getSvcRecords(ep))
            records = []
            for member in self.network_members(found):
                theirs = member.endpoint(found.name)
                for name in _dns_names(member, found) if theirs is not None else ():
                    if name.split(".")[0] != container.bare_name and theirs is not None:
                        records.append(hosts_rules.HostsRecord(theirs.ip, name))
            hosts = hosts_rules.delete_hosts(hosts, records, profile=self.profile)
        engine = self._leave(container, endpoint)
        endpoints = tuple(e for e in container.endpoints if e != endpoint)
        ports, port_network = container.ports, container.port_network
        if port_network == endpoint.network:
            allocator, host = unpublish(engine.allocator, engine.host, ports)
            engine = attrs.evolve(engine, allocator=allocator, host=host)
            ports, port_network = PortMap(), ""
            new = engine._gateway(endpoints)
            if new is not None:
                engine, programmed = engine._program(container, new)
                if not isinstance(programmed, str):  # a failure is only logged by the daemon
                    ports, port_network = programmed, new.network
        kept = tuple(a for a in container.networks if a.network != found.name)
        left = attrs.evolve(
            container,
            networks=kept,
            endpoints=endpoints,
            ports=ports,
            port_network=port_network,
            hosts=hosts,
        )
        return engine._put(left)

    # ------------------------------------------------------------------ state changes

    def _put(self, container: Container) -> Engine:
        return attrs.evolve(self, containers_index=self._containers.set(container.id, container))

    def _with_links(self, links: Iterable[Link]) -> Engine:
        parents, children, names = self._parent_links, self._child_links, self._names
        for link in links:
            parents = parents.set(link.parent_id, (*(parents.get(link.parent_id) or ()), link))
            children = children.set(link.child_id, (*(children.get(link.child_id) or ()), link))
            names = names.set(link.name, link.child_id)
        return attrs.evolve(self, parent_index=parents, child_index=children, names_index=names)

    def _without_links(self, drop: Iterable[Link]) -> Engine:
        parents, children, names = self._parent_links, self._child_links, self._names
        for link in drop:
            rest = tuple(lk for lk in parents.get(link.parent_id) or () if lk != link)
            parents = parents.set(link.parent_id, rest) if rest else parents.delete(link.parent_id)
            rest = tuple(lk for lk in children.get(link.child_id) or () if lk != link)
            children = children.set(link.child_id, rest) if rest else children.delete(link.child_id)
            if names.get(link.name) == link.child_id:
                names = names.delete(link.name)
        return attrs.evolve(self, parent_index=parents, child_index=children, names_index=names)

    # ------------------------------------------------------------------ create

    def create(self, config: ContainerConfig | CreateRequest) -> tuple[Engine, Container]:
        """``docker create``: a new container in the ``created`` state.

        ``config`` is the daemon's request, or the CLI's flags (turned into the request the
        profile's CLI sends). Raises :class:`~dockerlinks.errors.ImageNotFoundError`,
        :class:`~dockerlinks.errors.ConflictError`,
        :class:`~dockerlinks.errors.ContainerNameError`,
        :class:`~dockerlinks.errors.LinkError`, or the CLI's parsing errors.
        """
        if isinstance(config, ContainerConfig):
            request = config.request(self.profile)
        elif isinstance(config, CreateRequest):
            request = config
        else:
            raise EngineError(f"expected a ContainerConfig or CreateRequest, not {shown(config)}")
        refusal = self._network_mode_refusal(request)
        if refusal is not None:
            raise ConflictError(self._text(*refusal))
        if len(request.endpoints) > 1:  # verifyNetworkingConfig (Go map order: sorted here)
            names = ", ".join(sorted(network for network, _ in request.endpoints))
            raise EngineError(self._text("several_endpoints", names=names))
        for _network, endpoint_config in request.endpoints:
            if endpoint_config.ipv4 and _ipv4(endpoint_config.ipv4) is None:
                raise EngineError(self._text("invalid_ipv4", ip=endpoint_config.ipv4))
        try:
            image_name = normalize_reference(request.image)
        except ImageError as exc:
            raise ImageNotFoundError(exc.docker_message) from None
        image = self.images.find(image_name)
        if image is None:
            raise ImageNotFoundError(
                self._text("no_such_image", ref=image_name),
                notice=f"Unable to find image '{image_name}' locally",
            )
        generator, container_id = self.generator.random_id()
        if request.name is not None:
            try:
                bare = validate_container_name(request.name)
            except DockerLinksError:
                raise ContainerNameError(
                    self._text("invalid_name", name=request.name, chars=RESTRICTED_NAME_CHARS)
                ) from None
            name = "/" + bare
            holder = self._names.get(name)
            if holder is not None:
                raise ConflictError(self._text("name_conflict", name=name, id=holder))
        else:
            generator, bare = generator.generate_free(
                lambda candidate: ("/" + candidate) in self._names, container_id=container_id
            )
            name = "/" + bare
        mode = request.network_mode
        if mode.startswith("container:"):  # adaptSharedNamespaceContainer: by ID
            target = self.find(mode.partition(":")[2])
            if target is not None:
                mode = "container:" + target.id
        new_links: list[Link] = []
        taken = {name}
        legacy = not is_user_defined(mode)  # registerLinks skips user-defined networks
        for value in request.links if legacy else ():
            spec = link_rules.parse_link(value)
            try:
                child = self.get(spec.name)
            except NoSuchContainerError as exc:
                raise LinkError(
                    self._text("link_missing", name=spec.name, error=exc.docker_message)
                ) from None
            if _network_target(self, child).network_mode == "host":
                raise ConflictError(self._text("conflict_host_links"))
            full = link_rules.link_name(name, spec.alias)
            if full in taken or full in self._names:
                continue  # already reserved (same child: no-op; another: first wins)
            taken.add(full)
            new_links.append(Link(container_id, full, child.id, child.name))
        exposed: dict[object, None] = dict.fromkeys(image.exposed)
        exposed.update(dict.fromkeys(request.exposed))
        hostname = request.hostname or container_id[:12]
        if mode == "host" and not request.hostname:
            hostname = self.host.hostname
        container = Container(
            id=container_id,
            name=name,
            image=request.image,
            image_name=image_name,
            image_id=_image_id(image),
            cmd=request.cmd or image.cmd,
            hostname=hostname,
            domainname=request.domainname,
            workdir=image.workdir,
            env=tuple(_merge_env(request.env, image.env)),
            exposed=tuple(exposed),  # type: ignore[arg-type]
            port_config=request.port_bindings,
            publish_all=request.publish_all,
            links=request.links,
            auto_remove=request.auto_remove,
            tty=request.tty,
            interactive=request.open_stdin,
            network_mode=mode,
            networks=self._initial_networks(mode, request.endpoints),
            extra_hosts=request.extra_hosts,
            created=self.clock,
            attach=request.attach,
            host_config_json=request.host_config_json,
            userland=image.userland,
            dns=request.dns,
            mac_address=request.mac_address,
        )
        key = container_id[:_PREFIX]
        engine = (
            attrs.evolve(
                self,
                names_index=self._names.set(name, container_id),
                generator=generator,
                clock=self.clock + 1,
                prefix_index=self._prefixes.set(
                    key, (*(self._prefixes.get(key) or ()), container_id)
                ),
                newest_id=container_id,
                previous_index=self._previous.set(container_id, self._newest),
            )
            ._put(container)
            ._with_links(new_links)
        )
        return engine, container

    def _network_mode_refusal(self, request: CreateRequest) -> tuple[str] | None:
        """The request's network settings the daemon refuses before creating anything
        (runconfig ``validateNetMode`` at decode, then ``verifyNetworkingConfig``): a text key
        of the daemon catalogue."""
        mode = request.network_mode
        container_mode = mode.startswith("container:")
        if container_mode and not mode.partition(":")[2]:
            return ("invalid_container_mode",)
        checks = (
            (container_mode and bool(request.hostname), "conflict_hostname"),
            (container_mode and bool(request.links), "conflict_container_links"),
            (container_mode and bool(request.dns), "conflict_dns"),
            (container_mode and bool(request.extra_hosts), "conflict_hosts"),
            (
                (container_mode or mode == "host") and bool(request.mac_address),
                "conflict_mac",
            ),
            (
                container_mode and (bool(request.port_bindings.bindings) or request.publish_all),
                "conflict_publish",
            ),
            (container_mode and bool(request.exposed), "conflict_expose"),
            (mode == "host" and bool(request.links), "conflict_host_links"),
        )
        for failed, key in checks:
            if failed:
                return (key,)
        return None

    def _initial_networks(
        self, mode: str, endpoints: Sequence[tuple[str, EndpointConfig]]
    ) -> tuple[Attachment, ...]:
        """``NetworkSettings.Networks`` of a new container (moby v20.10.24
        ``daemon/container_operations.go`` updateContainerNetworkSettings): the request's
        endpoints, else an empty one for the network mode's network; ``default`` is kept as
        ``bridge``, a user-defined network given by ID under its name. A container sharing
        another's network namespace has none."""
        if mode.startswith("container:"):
            return ()
        name = "bridge" if mode == "default" else mode
        found = self.find_network(mode) if is_user_defined(mode) else None
        if found is not None:
            name = found.name
        entries = dict(endpoints)
        if not entries:
            entries = {name: EndpointConfig()}
        if mode == "default" and "default" in entries:
            entries["bridge"] = entries.pop("default")
        if found is not None and name not in entries and found.id in entries:
            entries[name] = entries.pop(found.id)
        return tuple(Attachment(key, config) for key, config in entries.items())

    def create_warnings(self, request: CreateRequest) -> tuple[str, ...]:
        """The warnings of the create response for ``request`` (moby v20.10.24
        ``daemon/daemon_unix.go`` verifyPlatformContainerSettings): published ports on the
        host network are discarded."""
        if not isinstance(request, CreateRequest):
            raise wrong_type(request, CreateRequest, "request")
        if request.network_mode == "host" and request.port_bindings.bindings:
            return (self._text("host_ports_discarded"),)
        return ()

    def pull(self, ref: str) -> Engine:
        """``docker pull``: the model has no registry, so an image it does not have is refused
        as a daemon without access to one refuses it (``pull_denied``); a local one is a no-op.
        """
        try:
            image_name = normalize_reference(ref)
        except ImageError as exc:
            raise ImageNotFoundError(exc.docker_message) from None
        if self.images.find(image_name) is None:
            repo = image_name.rsplit(":", 1)[0]
            raise ImageNotFoundError(self._text("pull_denied", repo=repo))
        return self

    # ------------------------------------------------------------------ start

    def start(self, ref: str, *, stdin: str | None = None) -> tuple[Engine, Container]:
        """``docker start``: address, publish, compute env and hosts, run the main program;
        a no-op when running.

        Raises :class:`~dockerlinks.errors.NoSuchContainerError` or
        :class:`~dockerlinks.errors.StartError`; either way the engine is unchanged
        (:meth:`try_start` gives the state Docker leaves after a failed start). ``stdin`` is
        what an attached ``-i`` client sends the main program.
        """
        engine, outcome = self.try_start(ref, stdin=stdin)
        if isinstance(outcome, StartError):
            raise outcome
        return engine, outcome

    def try_start(
        self, ref: str, *, stdin: str | None = None
    ) -> tuple[Engine, Container | StartError]:
        """A start as the daemon carries it out: the engine afterwards, and the started
        container or the error. After a failed start the container is ``Created`` (or as it
        was), with ``State.Error`` set; a ``--rm`` container has been removed (Docker's
        auto-remove); the allocator keeps the cursor moves of the attempts.

        Raises :class:`~dockerlinks.errors.NoSuchContainerError` when ``ref`` names no
        container.
        """
        container = self.get(ref)
        if container.running:
            return self, container
        after, result = self._start(container, stdin)
        if not isinstance(result, _Failure):
            return after, result
        failure = result
        failed = attrs.evolve(
            after._by_id(container.id) or container,
            exit_code=failure.exit_code,
            error=failure.message,
            ports=(
                PortMap(tuple((p, None) for p in _exposed_ports(container)))
                if failure.keep_ports
                else PortMap()
            ),
        )
        after = after._put(failed)
        if container.auto_remove:
            after = after._remove(failed)
        return after, StartError(failure.message)

    def _link_children(self, container: Container) -> list[tuple[Link, Container]] | _Failure:
        """The children of the container's legacy links, each running; else the daemon's
        refusal. Only a container configured on the default bridge has any (moby
        ``setupLinkedContainers`` returns at once without a ``bridge`` entry)."""
        if container.attachment("bridge") is None:
            return []
        children = []
        for link in self.parent_links(container):
            child = self._by_id(link.child_id)
            if child is None or not child.running:
                child_name = link.child_name if child is None else child.name
                return _Failure(self._text("link_not_running", child=child_name, link=link.name))
            children.append((link, child))
        return children

    def _start(
        self, container: Container, stdin: str | None
    ) -> tuple[Engine, Container] | tuple[Engine, _Failure]:
        daemon = self.profile.daemon
        children = self._link_children(container)
        if isinstance(children, _Failure) and daemon.start_order == "links-first":
            return self, children
        # networking: each endpoint (an address, the sandbox's files, the host ports)
        engine, wired = self._wire(container)
        if isinstance(wired, _Failure):
            return engine, wired
        if isinstance(children, _Failure):  # ports-first: the ports were taken by now
            # the ports go back when the start fails; the cursors stay moved. NetworkSettings.
            # Ports keeps the exposed ports (recorded on 20.10: a failed `run --link stopped`
            # lists 5000/tcp in docker ps, seed-050.json #24)
            failure = attrs.evolve(children, keep_ports=bool(wired.port_network))
            return self._unwired(engine, container, wired), failure
        program = find_program(container.cmd[0], container.userland) if container.cmd else None
        if program is None:
            failure = _runtime_failure(container.cmd[0] if container.cmd else "")
            failure = attrs.evolve(failure, keep_ports=bool(wired.port_network))
            return self._unwired(engine, container, wired), failure
        link_blocks = [
            link_rules.link_env(link.name, child.ip, child.exposed, child.env, profile=self.profile)
            for link, child in children
        ]
        env = link_rules.process_env(
            link_rules.container_env(
                container.hostname, link_blocks, container.env, tty=container.tty
            )
        )
        started = attrs.evolve(
            wired,
            status="running",
            exit_code=0,
            error="",
            process_env=tuple(env),
            started=self.clock,
            pid=1000 + self.clock,
        )
        engine = attrs.evolve(engine, clock=self.clock + 1)._put(started)
        # Running parents of this container follow its new address on the default bridge
        # (hosts only, never env; moby OptionParentUpdate, for a private network mode).
        ip = started.ip
        if ip and started.network_mode != "host":
            for link in engine.child_links(started):
                parent = engine._by_id(link.parent_id)
                if parent is not None and parent.running:
                    updated = hosts_rules.update_hosts(
                        parent.hosts, ip, link.alias, profile=self.profile
                    )
                    engine = engine._put(attrs.evolve(parent, hosts=updated))
        # the main program runs
        # without -i the process's standard input is /dev/null (at its end at once)
        given = stdin if container.interactive else ""
        outcome = run_program(started.cmd, engine._view(started, started.process_env), given)
        assert outcome is not None  # find_program found it
        logs = started.logs + _log_entries(outcome.stdout, outcome.stderr, self.clock)
        started = attrs.evolve(started, logs=logs, packages=started.packages | outcome.installed)
        engine = engine._put(started)
        if not outcome.running:
            engine, started = engine._exited(started, outcome.exit_code)
        return engine, started

    # ------------------------------------------------------------------ endpoints

    def _endpoint_settings(
        self, container: Container, network: Network, attachment: Attachment
    ) -> Attachment:
        """``updateNetworkConfig`` on a user-defined network: up to v24 the short ID and the
        hostname join the stored aliases; from v25 the DNS names are stored instead (moby
        v20.10.24 / v25.0.1 ``daemon/container_operations.go``)."""
        if not network.user_defined:
            return attachment
        config = attachment.config
        short = container.short_id
        if self.profile.daemon.endpoint_fields == "20.10":
            aliases = list(config.aliases)
            for name in (short, container.hostname):
                if name not in aliases:
                    aliases.append(name)
            return attrs.evolve(attachment, config=attrs.evolve(config, aliases=tuple(aliases)))
        names = _dedup([container.bare_name, *config.aliases, short, container.hostname])
        return attrs.evolve(attachment, dns_names=tuple(names))

    def _endpoint_refusal(self, network: Network, config: EndpointConfig) -> Refusal | None:
        """``validateNetworkingConfig``: an address or aliases on a predefined network, an
        address on a network without a user-given subnet."""
        if not network.user_defined:
            if config.ipv4:
                return "ip_predefined", {}
            if config.aliases:
                return "alias_predefined", {}
            return None
        if config.ipv4 and not network.user_subnet:
            return "ip_no_subnet", {}
        return None

    def _files_of(self, container: Container) -> Container:
        """The container whose network namespace (and hosts and resolv.conf files) the
        container uses: itself, or the one ``--network container:X`` names."""
        return _network_target(self, container)

    def _gateway(self, endpoints: Sequence[Endpoint]) -> Endpoint | None:
        """The sandbox's gateway endpoint: the first of its endpoints on a bridge network that
        is not internal, in libnetwork's endpoint order (internal last, then by network name:
        ``endpoint.Less``); it publishes the container's ports."""
        best: Endpoint | None = None
        for endpoint in endpoints:
            network = self._network_by_id(endpoint.network_id)
            if network is None or network.driver != "bridge" or network.internal:
                continue
            if best is None or endpoint.network < best.network:
                best = endpoint
        return best

    def _program(
        self, container: Container, endpoint: Endpoint
    ) -> tuple[Engine, PortMap] | tuple[Engine, str]:
        """Program the container's ports on ``endpoint`` (the allocator, the host's binds):
        the engine and the port map, or the engine with the cursors moved and the daemon's
        refusal."""
        ports, requests = plan_bindings(
            container.port_config,
            publish_all=container.publish_all,
            exposed=_exposed_ports(container),
            default_ip="0.0.0.0",
            ipv6=self.ipv6,
            profile=self.profile,
        )
        done = publish(
            self.allocator,
            self.host,
            ports,
            requests,
            profile=self.profile,
            container_ip=endpoint.ip,
        )
        if not isinstance(done, Published):
            cause = self._text(
                "programming",
                endpoint=container.bare_name,
                endpoint_id=endpoint.endpoint_id,
                cause=done.cause,
            )
            return attrs.evolve(self, allocator=done.allocator), cause
        return attrs.evolve(self, allocator=done.allocator, host=done.host), done.ports

    def _sandbox_files(self, container: Container, first: Network) -> tuple[str, str] | _Failure:
        """The hosts and resolv.conf files of a new network sandbox (before any endpoint's own
        lines): the legacy links' lines of a container on the default bridge, each child
        checked first (moby ``buildSandboxOptions``: ``isLinkable``), or the host's files for
        the host network; and resolv.conf by :mod:`dockerlinks.engine.dns`."""
        children: list[tuple[Link, Container]] = []
        if first.name == "bridge" and first.predefined:
            for link in self.parent_links(container):
                child = self._by_id(link.child_id)
                if child is None:
                    continue
                if child.attachment("bridge") is None:
                    return _Failure(self._text("link_default_network", child=child.name))
                if child.running:
                    children.append((link, child))
        host_rc = self.host.resolv_conf
        if first.driver == "host":
            hosts = self.host.hosts_file
            if container.extra_hosts:
                hosts = _hosts_file(self.profile, container, "", ())
            resolv = host_rc if not container.dns else ""
        else:
            hosts = _hosts_file(self.profile, container, "", children)
            resolv = ""
        if not resolv:
            if container.dns:
                resolv = dns.build_resolv_conf(
                    container.dns, dns.search_domains(host_rc), dns.options(host_rc)
                )
            else:
                resolv = dns.filter_resolv_conf(host_rc, ipv6=True)
        return hosts, resolv

    def _wire(self, container: Container) -> tuple[Engine, Container | _Failure]:
        """Connect a starting container to its networks (moby ``allocateNetwork``): the
        default bridge first, then the others (in Go's map order: the order the settings were
        stored here). Each endpoint
        takes an address; the first creates the sandbox (hosts and resolv.conf); each join adds
        the container's own hosts line and, on a user-defined network, starts the embedded DNS
        server; the gateway endpoint publishes the ports. On a failure everything taken is
        given back (the allocator's cursors and the IDs drawn stay moved)."""
        mode = container.network_mode
        sandbox_id = hashlib.sha256(f"sandbox/{container.id}/{self.clock}".encode()).hexdigest()
        if mode.startswith("container:"):
            ref = mode.partition(":")[2]
            target = self.find(ref)
            if target is None:
                return self, _Failure(self._text("no_such_container", ref=ref))
            if not target.running:
                return self, _Failure(self._text("join_not_running", ref=ref))
            shared = attrs.evolve(
                container,
                endpoints=(),
                ports=PortMap(),
                hosts="",
                resolv_conf="",
                sandbox_id="",
                port_network="",
                hostname=target.hostname,
                domainname=target.domainname,
            )
            return self, shared
        attachments = list(container.networks or self._initial_networks(mode, ()))
        # the bridge first, then the others in Go's map order: the order they were stored here
        ordered = sorted(attachments, key=lambda a: a.network != "bridge")
        stored = {a.network: a for a in attachments}
        engine = self
        endpoints: list[Endpoint] = []
        hosts = resolv = ""
        sandbox = resolver = False
        ports = PortMap()
        gateway: Endpoint | None = None

        def fail(message: str, current: Engine) -> tuple[Engine, _Failure]:
            allocator, _ = unpublish(current.allocator, current.host, ports)
            after = attrs.evolve(self, allocator=allocator, generator=current.generator)
            kept = attrs.evolve(container, networks=tuple(stored.values()))
            return after._put(kept), _Failure(message)

        for attachment in ordered:
            ref = attachment.network
            if is_user_defined(ref) and attachment.network_id:
                ref = attachment.network_id
            network = engine.find_network(ref)
            if network is None:
                return fail(self._text("no_such_network", ref=ref), engine)
            attachment = self._endpoint_settings(container, network, attachment)
            stored[attachment.network] = attachment
            refusal = self._endpoint_refusal(network, attachment.config)
            if refusal is not None:
                return fail(self._text(refusal[0], **refusal[1]), engine)
            pool = engine._pool(network)
            ip = ""
            if pool is not None:
                try:
                    pool, ip = pool.request(attachment.config.ipv4)
                except IpamError as exc:
                    return fail(exc.docker_message, engine)
                engine = engine._with_pool(network, pool)
            generator, endpoint_id = engine.generator.random_id()
            engine = attrs.evolve(engine, generator=generator)
            endpoint = Endpoint(
                network.name,
                network.id,
                endpoint_id,
                ip,
                pool.gateway if pool is not None else "",
                pool.prefix_len if pool is not None else 0,
                mac=_desired_mac(container, network, attachment.config),
            )
            stored[attachment.network] = attrs.evolve(attachment, network_id=network.id)
            if not sandbox:
                files = engine._sandbox_files(container, network)
                if isinstance(files, _Failure):
                    return fail(files.message, engine)
                hosts, resolv = files
                sandbox = True
            endpoints.append(endpoint)
            # the join: the own hosts line, resolv.conf, the embedded DNS server
            if network.driver != "host":
                if ip:
                    record = hosts_rules.HostsRecord(
                        ip, hosts_rules.self_names(container.hostname, container.domainname)
                    )
                    hosts = hosts_rules.add_hosts(hosts, [record], profile=self.profile)
                if not container.dns:
                    resolv = dns.filter_resolv_conf(resolv, ipv6=False)
            if network.user_defined and not resolver:
                resolv = dns.embedded_resolv_conf(resolv)
                resolver = True
            members = engine._members.get(network.id) or ()
            engine = attrs.evolve(
                engine, members_index=engine._members.set(network.id, (*members, container.id))
            )
            # external connectivity moves to a new gateway endpoint
            new_gateway = engine._gateway(endpoints)
            if new_gateway is not None and new_gateway != gateway:
                if gateway is not None:
                    allocator, host = unpublish(engine.allocator, engine.host, ports)
                    engine = attrs.evolve(engine, allocator=allocator, host=host)
                    ports = PortMap()
                engine, programmed = engine._program(container, new_gateway)
                if isinstance(programmed, str):
                    return fail(programmed, engine)
                ports, gateway = programmed, new_gateway
        wired = attrs.evolve(
            container,
            networks=tuple(stored.values()),
            endpoints=tuple(endpoints),
            ports=ports,
            port_network=gateway.network if gateway is not None else "",
            hosts=hosts,
            resolv_conf=resolv,
            sandbox_id=sandbox_id,
        )
        return engine, wired

    def _unwired(self, engine: Engine, container: Container, wired: Container) -> Engine:
        """The engine after a start failed once its networking was done: the ports given back
        (the allocator's cursors stay moved), the IDs drawn kept, the stored settings kept."""
        allocator, _ = unpublish(engine.allocator, engine.host, wired.ports)
        after = attrs.evolve(self, allocator=allocator, generator=engine.generator)
        return after._put(attrs.evolve(container, networks=wired.networks))

    def _dns_networks(self, container: Container) -> list[dns.DnsNetwork]:
        """What the embedded DNS server of the container's sandbox knows: per user-defined
        network it is on (in libnetwork's endpoint order), every running endpoint's names
        there and the container's own link aliases."""
        owner = self._files_of(container)
        out = []
        for endpoint in sorted(owner.endpoints, key=lambda e: e.network):
            network = self._network_by_id(endpoint.network_id)
            if network is None or not network.user_defined:
                continue
            records: list[tuple[str, str]] = []
            for member in self.network_members(network):
                theirs = member.endpoint(network.name)
                if theirs is None or not theirs.ip:
                    continue
                for name in _dns_names(member, network):
                    records.append((name, theirs.ip))
            attachment = owner.attachment(network.name)
            links: list[tuple[str, str]] = []
            for value in attachment.config.links if attachment is not None else ():
                spec = link_rules.parse_link(value)
                links.append((spec.alias, spec.name.lstrip("/")))
            out.append(dns.DnsNetwork(network.name, tuple(records), tuple(links)))
        return out

    def resolve(self, container: Container, name: str) -> tuple[str, ...] | None:
        """The embedded DNS server's answer to ``container`` for ``name`` (its IPv4 addresses),
        or ``None`` when it knows no such name (:func:`dockerlinks.engine.dns.resolve`)."""
        if not isinstance(container, Container):
            raise wrong_type(container, Container, "container")
        if not isinstance(name, str):
            raise wrong_type(name, str, "name")
        return dns.resolve(self._dns_networks(container), name)

    def _view(self, container: Container, env: Sequence[str]) -> View:
        ipam = self.ipam
        owner = self._files_of(container)
        # the pools of the networks the sandbox is on: an address answers when one of them
        # holds it (a running endpoint there) or is its gateway
        pools = []
        for endpoint in owner.endpoints:
            network = self._network_by_id(endpoint.network_id)
            if network is not None and network.user_defined and network.pool is not None:
                pools.append(network.pool)
        on_bridge = any(
            (found := self._network_by_id(e.network_id)) is None or not found.user_defined
            for e in owner.endpoints
        )

        def alive(address: str) -> bool:
            if address == "127.0.0.1" or any(address == e.ip for e in owner.endpoints):
                return True
            for pool in ([ipam] if on_bridge else []) + pools:
                if address == pool.gateway:
                    return True
                try:
                    if pool.holds(address):
                        return True
                except IpamError:
                    continue
            return False

        return View(
            env=tuple(env),
            hostname=container.hostname,
            workdir=container.workdir or "/",
            files=(
                ("/etc/hosts", owner.hosts),
                ("/etc/hostname", container.hostname + "\n"),
                ("/etc/resolv.conf", owner.resolv_conf),
            ),
            packages=container.packages,
            alive=alive,
            userland=container.userland,
            resolve=lambda name: self.resolve(container, name),
        )

    # ------------------------------------------------------------------ stop / restart / exit

    def _release(self, container: Container) -> Engine:
        """Every endpoint leaves (moby ``releaseNetwork``: the sandbox is deleted): the
        addresses go back to their networks' pools, the ports to the allocator and the host."""
        engine = self
        for endpoint in container.endpoints:
            engine = engine._leave(container, endpoint)
        allocator, host = unpublish(engine.allocator, engine.host, container.ports)
        return attrs.evolve(engine, allocator=allocator, host=host)

    def _leave(self, container: Container, endpoint: Endpoint) -> Engine:
        """One endpoint gives its address back and leaves its network's members."""
        engine = self
        network = self._network_by_id(endpoint.network_id)
        if network is not None:
            pool = engine._pool(network)
            held = pool is not None and pool.contains(endpoint.ip) and pool.holds(endpoint.ip)
            if pool is not None and held:
                engine = engine._with_pool(network, pool.release(endpoint.ip))
        current = engine._members.get(endpoint.network_id) or ()
        members = tuple(m for m in current if m != container.id)
        index = (
            engine._members.set(endpoint.network_id, members)
            if members
            else engine._members.delete(endpoint.network_id)
        )
        return attrs.evolve(engine, members_index=index)

    def _exited(self, container: Container, exit_code: int) -> tuple[Engine, Container]:
        engine = self._release(container)
        stopped = attrs.evolve(
            container,
            status="exited",
            exit_code=exit_code,
            endpoints=(),
            ports=PortMap(),
            port_network="",
            finished=self.clock,
        )
        engine = attrs.evolve(engine, clock=engine.clock + 1)._put(stopped)
        if container.auto_remove:
            engine = engine._remove(stopped)
        return engine, stopped

    def stop(self, ref: str, *, exit_code: int = 0) -> tuple[Engine, Container]:
        """``docker stop``: the process exits, address and ports are released.

        A ``--rm`` container is removed as well. Stopping a stopped container is a no-op.
        """
        container = self.get(ref)
        if not container.running:
            return self, container
        return self._exited(container, exit_code)

    def kill(self, ref: str) -> tuple[Engine, Container]:
        """``docker kill``: as stop, with the status of SIGKILL (137)."""
        container = self.get(ref)
        if not container.running:
            raise ConflictError(self._text("kill_not_running", ref=ref, id=container.id))
        return self._exited(container, 137)

    def exit(self, ref: str, exit_code: int = 0) -> tuple[Engine, Container]:
        """The container's main process exits by itself (same effects as a stop)."""
        return self.stop(ref, exit_code=exit_code)

    def restart(self, ref: str) -> tuple[Engine, Container]:
        """``docker restart``: stop (if running) then start, without auto-removal in between.

        Raises :class:`~dockerlinks.errors.StartError` and leaves the engine unchanged when
        the start fails; the daemon has stopped the container by then: :meth:`try_restart`
        gives that state.
        """
        engine, outcome = self.try_restart(ref)
        if isinstance(outcome, StartError):
            raise outcome
        return engine, outcome

    def try_restart(self, ref: str) -> tuple[Engine, Container | StartError]:
        """A restart as the daemon carries it out: the engine afterwards (the container
        stopped when its start failed), and the started container or the error."""
        container = self.get(ref)
        engine = self
        if container.running:
            engine = self._release(container)
            container = attrs.evolve(
                container,
                status="exited",
                endpoints=(),
                ports=PortMap(),
                port_network="",
                finished=self.clock,
            )
            engine = engine._put(container)
        after, result = engine._start(container, None)
        if isinstance(result, _Failure):
            failed = attrs.evolve(after._by_id(container.id) or container, error=result.message)
            return after._put(failed), StartError(result.message)
        return after, result

    # ------------------------------------------------------------------ rm, rename

    def _remove(self, container: Container) -> Engine:
        engine = self
        if container.running:
            engine = engine._release(container)
        engine = engine._without_links(engine.parent_links(container))
        names = engine._names
        if names.get(container.name) == container.id:
            names = names.delete(container.name)
        key = container.id[:_PREFIX]
        rest = tuple(i for i in engine._prefixes.get(key) or () if i != container.id)
        prefixes = engine._prefixes.set(key, rest) if rest else engine._prefixes.delete(key)
        containers = engine._containers.delete(container.id)
        newest = engine._newest
        if newest == container.id:  # the one before it, skipping those removed since
            newest = engine._previous.get(newest) or ""
            while newest and containers.get(newest) is None:
                newest = engine._previous.get(newest) or ""
        return attrs.evolve(
            engine,
            containers_index=containers,
            names_index=names,
            prefix_index=prefixes,
            newest_id=newest,
        )

    def remove(self, ref: str, *, force: bool = False, link: bool = False) -> Engine:
        """``docker rm`` (``force``: kill first) or ``docker rm -l`` (``link``)."""
        if link:
            return self._remove_link(ref)
        container = self.get(ref)
        if container.running and not force:
            raise ConflictError(
                self._text("rm_running", id=container.id, stored_name=container.name, ref=ref)
            )
        return self._remove(container)

    def _remove_link(self, ref: str) -> Engine:
        self.get(ref)  # must resolve as a container reference first
        full = ref if ref.startswith("/") else "/" + ref
        parent_path, _, _ = full.rpartition("/")
        if parent_path in ("", "/"):
            raise ConflictError(self._text("rm_default_link"))
        parent = self.find(parent_path)
        if parent is None:
            raise EngineError(self._text("rm_link_parent", parent=parent_path, name=full))
        dropped = [lk for lk in self.parent_links(parent) if lk.name == full]
        engine = self._without_links(dropped)
        if parent.running:
            # the daemon refreshes the parent's sandbox (moby daemon/links.go rmLink ->
            # updateNetwork -> libnetwork Sandbox.Refresh): its endpoint leaves and joins
            # again, so its host ports are released and allocated anew (the allocator's
            # cursors move on), and its hosts file is rebuilt from the links whose children
            # run now (a stopped child's line is lost until the parent restarts). Recorded on
            # 20.10: tests/data/daemon/20.10/cli-*/seed-005.json #21, checks/*/rm-link-*.json
            children = []
            for lk in engine.parent_links(parent):
                child = engine._by_id(lk.child_id)
                if child is not None and child.running:
                    children.append((lk, child))
            hosts = _hosts_file(self.profile, parent, parent.ip, children)
            allocator, host = unpublish(engine.allocator, engine.host, parent.ports)
            ports, requests = plan_bindings(
                parent.port_config,
                publish_all=parent.publish_all,
                exposed=_exposed_ports(parent),
                default_ip="0.0.0.0",
                ipv6=self.ipv6,
                profile=self.profile,
            )
            done = publish(
                allocator, host, ports, requests, profile=self.profile, container_ip=parent.ip
            )
            if isinstance(done, Published):
                allocator, host, port_map = done.allocator, done.host, done.ports
            else:  # the rejoin could not bind again: the endpoint stays without its ports
                allocator, port_map = done.allocator, PortMap()
            engine = attrs.evolve(engine, allocator=allocator, host=host)
            engine = engine._put(attrs.evolve(parent, hosts=hosts, ports=port_map))
        return engine

    def rename(self, ref: str, new_name: str) -> Engine:
        """``docker rename``: the container's name, and the link names it holds as a parent."""
        container = self.get(ref)
        if not isinstance(new_name, str):
            raise wrong_type(new_name, str, "new_name")
        try:
            bare = validate_container_name(new_name)
        except DockerLinksError:
            raise ConflictError(
                self._text("invalid_name", name=new_name, chars=RESTRICTED_NAME_CHARS)
            ) from None
        name = "/" + bare
        if name == container.name:
            raise ConflictError(self._text("rename_same"))
        holder = self._names.get(name)
        if holder is not None:
            raise ConflictError(self._text("name_conflict", name=name, id=holder))
        old_links = self.parent_links(container)
        engine = self._without_links(old_links)
        names = engine._names.delete(container.name).set(name, container.id)
        renamed = attrs.evolve(container, name=name)
        engine = attrs.evolve(engine, names_index=names)._put(renamed)
        moved = [
            Link(lk.parent_id, name + lk.name[len(container.name) :], lk.child_id, lk.child_name)
            for lk in old_links
        ]
        engine = engine._with_links(moved)
        for link in engine.child_links(renamed):
            engine = engine._without_links([link])._with_links(
                [Link(link.parent_id, link.name, link.child_id, name)]
            )
        return engine

    # ------------------------------------------------------------------ run, exec, logs

    def run(self, config: ContainerConfig | CreateRequest) -> tuple[Engine, Container]:
        """``docker run``: create, then start. Raises :class:`~dockerlinks.errors.StartError`
        (the engine unchanged) when the start fails: :meth:`try_start` keeps what Docker
        leaves behind."""
        engine, container = self.create(config)
        return engine.start(container.id)

    def exec_env(
        self, container: Container, extra: Sequence[str] = (), *, tty: bool = False
    ) -> list[str] | str:
        """The environment of a ``docker exec`` in ``container`` (the link variables computed
        afresh from the children's current state; ``TERM=xterm`` with a TTY), or the daemon's
        refusal text."""
        if not isinstance(container, Container):
            raise wrong_type(container, Container, "container")
        extra = check_items(extra, str, "extra")
        children = self._link_children(container)
        if isinstance(children, _Failure):
            return children.message
        blocks = [
            link_rules.link_env(link.name, child.ip, child.exposed, child.env, profile=self.profile)
            for link, child in children
        ]
        own = [*container.env, *extra]
        return link_rules.process_env(
            link_rules.container_env(container.hostname, blocks, own, tty=tty)
        )

    def exec(
        self,
        ref: str,
        argv: Sequence[str],
        *,
        env: Sequence[str] = (),
        stdin: str | None = None,
        tty: bool = False,
    ) -> tuple[Engine, ExecResult]:
        """``docker exec``: run ``argv`` in the running container (``tty``: with a terminal,
        which sets ``TERM=xterm``).

        Raises :class:`~dockerlinks.errors.ConflictError` when it is not running and
        :class:`~dockerlinks.errors.LinkError` when a linked child is not; a program the image
        does not have is the runtime's refusal on the exec's output (exit 126), as Docker.
        """
        argv = check_items(argv, str, "argv")
        container = self.get(ref)
        if not container.running:
            raise ConflictError(self._text("exec_not_running", id=container.id))
        environment = self.exec_env(container, env, tty=tty)
        if isinstance(environment, str):
            raise LinkError(environment)
        outcome = run_program(argv, self._view(container, environment), stdin)
        if outcome is None:
            message = _runtime_message(argv[0] if argv else "", exec_=True)
            return self, ExecResult(message + "\r\n", "", 126)
        engine = self
        if outcome.installed:
            engine = self._put(
                attrs.evolve(container, packages=container.packages | outcome.installed)
            )
        return engine, ExecResult(outcome.stdout, outcome.stderr, outcome.exit_code)

    def shell_line(
        self, ref: str, line: str, *, exec_shell: bool = False
    ) -> tuple[Engine, ExecResult]:
        """One line typed at the shell prompt of a running container: its main process's
        shell (``docker run -ti``: the environment of its start) or an exec's (``docker exec
        -ti``: the environment computed for the exec)."""
        if not isinstance(line, str):
            raise wrong_type(line, str, "line")
        container = self.get(ref)
        if not container.running:
            raise ConflictError(self._text("exec_not_running", id=container.id))
        env: Sequence[str] = container.process_env
        if exec_shell:
            computed = self.exec_env(container)
            if isinstance(computed, str):
                raise LinkError(computed)
            env = computed
        outcome = run_script(line, self._view(container, env), None, shell="bash")
        engine = self
        if outcome.installed:
            updated = attrs.evolve(container, packages=container.packages | outcome.installed)
            engine = self._put(updated)
        return engine, ExecResult(outcome.stdout, outcome.stderr, outcome.exit_code)

    def install(self, ref: str, packages: Iterable[str]) -> tuple[Engine, Container]:
        """Record packages installed inside a running container (``apt-get install``)."""
        installed = frozenset(check_items(packages, str, "packages"))
        container = self.get(ref)
        updated = attrs.evolve(container, packages=container.packages | installed)
        return self._put(updated), updated

    def logs(self, ref: str) -> tuple[LogEntry, ...]:
        """Everything the container's main process wrote, in order."""
        return self.get(ref).logs


# --------------------------------------------------------------------------- helpers


def _exposed_ports(container: Container) -> tuple[Port, ...]:
    return container.exposed


def _image_id(image: Image) -> str:
    """The image's ID (:attr:`Image.id <dockerlinks.engine.Image.id>`; kept for callers of
    this name)."""
    return image.id


def _merge_env(request: Sequence[str], image: Sequence[str]) -> list[str]:
    """``Config.Env``: the request's entries (a bare ``NAME`` kept as it is), then the image's
    whose name the request does not name (moby ``daemon/commit.go`` ``merge``). The bare
    ``NAME`` then removes the variable from the process's environment
    (``CreateDaemonEnvironment``); docker-py's ``environment=['A=1', 'B']`` shows ``B`` in
    ``Config.Env`` (tests/data/daemon/20.10/api/docker-py.json @14)."""
    names = {entry.partition("=")[0] for entry in request}
    return list(request) + [e for e in image if e.partition("=")[0] not in names]


def _log_entries(stdout: str, stderr: str, tick: int = 0) -> tuple[LogEntry, ...]:
    out: list[LogEntry] = []
    if stdout:
        out.append(LogEntry("stdout", stdout, tick))
    if stderr:
        out.append(LogEntry("stderr", stderr, tick))
    return tuple(out)


def _runtime_message(program: str, *, exec_: bool = False) -> str:
    """The runtime's refusal of a program the image does not have (runc 1.1 via containerd)."""
    if "/" in program:
        why = f"stat {program}: no such file or directory"
        if program.startswith(("/etc/", "/usr/share/")):
            why = "permission denied"
    else:
        why = "executable file not found in $PATH"
    if exec_:
        return (
            "OCI runtime exec failed: exec failed: unable to start container process: "
            f'exec: "{program}": {why}: unknown'
        )
    return (
        "failed to create shim task: OCI runtime create failed: runc create failed: unable to "
        f'start container process: exec: "{program}": {why}: unknown'
    )


def _runtime_failure(program: str) -> _Failure:
    message = _runtime_message(program)
    return _Failure(message, 126 if "permission denied" in message else 127, keep_ports=True)


def _hosts_file(
    profile: Profile, container: Container, ip: str, children: Iterable[tuple[Link, Container]]
) -> str:
    return hosts_rules.container_hosts(
        hostname=container.hostname,
        domainname=container.domainname,
        ips=[ip] if ip else [],
        links=[
            hosts_rules.HostsLink(link.alias, child.name, child.hostname, child.ip)
            for link, child in children
            if child.ip
        ],
        extra_hosts=container.extra_hosts,
        profile=profile,
    )


def _network_target(engine: Engine, container: Container) -> Container:
    """The container whose network namespace ``container`` is in: itself, or the one its
    ``container:X`` network mode names (followed through a chain, as moby ``registerLinks``
    does; a missing one ends the chain)."""
    seen = {container.id}
    current = container
    while current.network_mode.startswith("container:"):
        target = engine.find(current.network_mode.partition(":")[2])
        if target is None or target.id in seen:
            break
        seen.add(target.id)
        current = target
    return current


def _dedup(names: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(names))


def _dns_names(container: Container, network: Network) -> list[str]:
    """The names a container's endpoint answers to on a user-defined network: its name, its
    network aliases, its short ID and hostname (libnetwork's service records; moby v25+
    ``buildEndpointDNSNames``)."""
    attachment = container.attachment(network.name)
    aliases = attachment.config.aliases if attachment is not None else ()
    return _dedup([container.bare_name, *aliases, container.short_id, container.hostname])


def _desired_mac(container: Container, network: Network, config: EndpointConfig) -> str:
    """The MAC address asked for the endpoint: per network (API 1.44+), else the container's
    ``Config.MacAddress`` on the network of its network mode (moby
    ``buildCreateEndpointOptions``)."""
    if config.mac:
        return config.mac
    mode = container.network_mode
    if container.mac_address and (
        network.name == mode or (network.name == "bridge" and mode == "default")
    ):
        return container.mac_address
    return ""


def _ipv4(text: str) -> ipaddress.IPv4Address | None:
    """Go's ``net.ParseIP(text).To4()``: an IPv4 address, or IPv4-mapped IPv6."""
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address):
        return address.ipv4_mapped
    return address


def _endpoint_mac(endpoint: Endpoint) -> str:
    return endpoint.mac or mac_from_ip(endpoint.ip)
