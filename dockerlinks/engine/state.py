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
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from dockerlinks import hosts as hosts_rules
from dockerlinks import links as link_rules
from dockerlinks._pmap import PMap
from dockerlinks.allocate import PortAllocator
from dockerlinks.allocate.bindings import plan_bindings
from dockerlinks.allocate.kernel import CLAMP, FALLBACK
from dockerlinks.engine.config import ContainerConfig, CreateRequest
from dockerlinks.engine.container import Container, Endpoint, Link, LogEntry, Status
from dockerlinks.engine.host import Host
from dockerlinks.engine.images import Image, ImageCatalog, normalize_reference
from dockerlinks.engine.inspect import inspect_json
from dockerlinks.engine.ipam import Ipam, Strategy
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

RESOLV_CONF = "nameserver 172.17.0.1\n"


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
    seed: int = 0
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
    _containers: PMap[Container] = attrs.field(factory=PMap, alias="containers_index")
    _names: PMap[str] = attrs.field(factory=PMap, alias="names_index")
    _parent_links: PMap[tuple[Link, ...]] = attrs.field(factory=PMap, alias="parent_index")
    _child_links: PMap[tuple[Link, ...]] = attrs.field(factory=PMap, alias="child_index")

    # ------------------------------------------------------------------ construction helpers

    @classmethod
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
            raise EngineError(f"expected a Host, not {host!r}")
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
            raise NoSuchContainerError(self._text("no_such_container", ref=ref))
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
        matches = [c for c in self._containers.values() if c.id.startswith(ref)]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise NoSuchContainerError(self._text("ambiguous", ref=ref))
        raise NoSuchContainerError(self._text("no_such_container", ref=ref))

    def parent_links(self, container: Container) -> tuple[Link, ...]:
        """The links ``container`` holds as a parent, in ``--link`` order."""
        return self._parent_links.get(container.id) or ()

    def child_links(self, container: Container) -> tuple[Link, ...]:
        """The links that point at ``container`` as their child."""
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
            network_ids={"bridge": self.bridge_id},
            epoch=self.epoch,
            data_root=host.data_root,
            exec_root=host.exec_root,
            storage_driver=host.storage_driver,
            cgroup_version=host.cgroup_version,
        )

    def latest(self) -> Container | None:
        """The most recently created container (``docker ps -l``)."""
        return max(self._containers.values(), key=lambda c: c.created, default=None)

    def _text(self, key: str, **fields: object) -> str:
        return daemon_text(self.profile, key, **fields)

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
            raise EngineError(f"expected a ContainerConfig or CreateRequest, not {config!r}")
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
        if mode.startswith("container:"):
            if request.port_bindings.bindings or request.publish_all:
                raise ConflictError(
                    "conflicting options: port publishing and the container type network mode"
                )
            if request.exposed:
                raise ConflictError(
                    "conflicting options: port exposing and the container type network mode"
                )
        new_links: list[Link] = []
        taken = {name}
        for value in request.links:
            spec = link_rules.parse_link(value)
            try:
                child = self.get(spec.name)
            except NoSuchContainerError as exc:
                raise LinkError(
                    self._text("link_missing", name=spec.name, error=exc.docker_message)
                ) from None
            full = link_rules.link_name(name, spec.alias)
            if full in taken or full in self._names:
                continue  # already reserved (same child: no-op; another: first wins)
            taken.add(full)
            new_links.append(Link(container_id, full, child.id, child.name))
        exposed: dict[object, None] = dict.fromkeys(image.exposed)
        exposed.update(dict.fromkeys(request.exposed))
        container = Container(
            id=container_id,
            name=name,
            image=request.image,
            image_name=image_name,
            image_id=_image_id(image),
            cmd=request.cmd or image.cmd,
            hostname=request.hostname or container_id[:12],
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
            endpoint_configs=request.endpoints,
            extra_hosts=request.extra_hosts,
            created=self.clock,
            attach=request.attach,
            host_config_json=request.host_config_json,
            userland=image.userland,
        )
        engine = (
            attrs.evolve(
                self,
                names_index=self._names.set(name, container_id),
                generator=generator,
                clock=self.clock + 1,
            )
            ._put(container)
            ._with_links(new_links)
        )
        return engine, container

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
        # networking: an address, then the host ports
        try:
            ipam, ip = self.ipam.request()
        except IpamError as exc:
            return self, _Failure(exc.docker_message)
        generator, endpoint_id = self.generator.random_id()
        # a new network sandbox for each start (its ID derived, not drawn: the IDs and names
        # drawn from the seed stay those of the containers)
        sandbox_id = hashlib.sha256(f"sandbox/{container.id}/{self.clock}".encode()).hexdigest()
        ports, requests = plan_bindings(
            container.port_config,
            publish_all=container.publish_all,
            exposed=_exposed_ports(container),
            default_ip="0.0.0.0",
            ipv6=self.ipv6,
            profile=self.profile,
        )
        done = publish(
            self.allocator, self.host, ports, requests, profile=self.profile, container_ip=ip
        )
        if not isinstance(done, Published):
            cause = self._text(
                "programming",
                endpoint=container.bare_name,
                endpoint_id=endpoint_id,
                cause=done.cause,
            )
            after = attrs.evolve(self, allocator=done.allocator, generator=generator)
            return after, _Failure(cause)
        if isinstance(children, _Failure):  # ports-first: the ports were taken by now
            after = attrs.evolve(self, allocator=done.allocator, generator=generator)
            # the ports go back when the start fails; the cursors stay moved
            allocator, _ = unpublish(done.allocator, self.host, done.ports)
            # NetworkSettings.Ports keeps the exposed ports (recorded on 20.10: a failed
            # `run --link stopped` lists 5000/tcp in docker ps, seed-050.json #24)
            return attrs.evolve(after, allocator=allocator), attrs.evolve(children, keep_ports=True)
        program = find_program(container.cmd[0]) if container.cmd else None
        if program is None:
            allocator, _ = unpublish(done.allocator, self.host, done.ports)
            after = attrs.evolve(self, allocator=allocator, generator=generator)
            return after, _runtime_failure(container.cmd[0] if container.cmd else "")
        endpoint = Endpoint(
            "bridge",
            self.bridge_id,
            endpoint_id,
            ip,
            ipam.gateway,
            ipam.prefix_len,
        )
        link_blocks = [
            link_rules.link_env(link.name, child.ip, child.exposed, child.env, profile=self.profile)
            for link, child in children
        ]
        env = link_rules.process_env(
            link_rules.container_env(
                container.hostname, link_blocks, container.env, tty=container.tty
            )
        )
        hosts = _hosts_file(self.profile, container, ip, children)
        started = attrs.evolve(
            container,
            status="running",
            exit_code=0,
            error="",
            endpoints=(endpoint,),
            ports=done.ports,
            process_env=tuple(env),
            hosts=hosts,
            resolv_conf=RESOLV_CONF,
            started=self.clock,
            pid=1000 + self.clock,
            sandbox_id=sandbox_id,
        )
        engine = attrs.evolve(
            self,
            ipam=ipam,
            allocator=done.allocator,
            host=done.host,
            generator=generator,
            clock=self.clock + 1,
        )._put(started)
        # Running parents of this container follow its new address (hosts only, never env).
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
        logs = started.logs + _log_entries(outcome.stdout, outcome.stderr)
        started = attrs.evolve(started, logs=logs, packages=started.packages | outcome.installed)
        engine = engine._put(started)
        if not outcome.running:
            engine, started = engine._exited(started, outcome.exit_code)
        return engine, started

    def _view(self, container: Container, env: Sequence[str]) -> View:
        ipam = self.ipam

        def alive(address: str) -> bool:
            if address in ("127.0.0.1", container.ip, ipam.gateway):
                return True
            try:
                return ipam.holds(address)
            except IpamError:
                return False

        return View(
            env=tuple(env),
            hostname=container.hostname,
            workdir=container.workdir or "/",
            files=(
                ("/etc/hosts", container.hosts),
                ("/etc/hostname", container.hostname + "\n"),
                ("/etc/resolv.conf", container.resolv_conf),
            ),
            packages=container.packages,
            alive=alive,
            userland=container.userland,
        )

    # ------------------------------------------------------------------ stop / restart / exit

    def _release(self, container: Container) -> Engine:
        ipam = self.ipam
        for endpoint in container.endpoints:
            if endpoint.network == "bridge" and ipam.holds(endpoint.ip):
                ipam = ipam.release(endpoint.ip)
        allocator, host = unpublish(self.allocator, self.host, container.ports)
        return attrs.evolve(self, ipam=ipam, allocator=allocator, host=host)

    def _exited(self, container: Container, exit_code: int) -> tuple[Engine, Container]:
        engine = self._release(container)
        stopped = attrs.evolve(
            container,
            status="exited",
            exit_code=exit_code,
            endpoints=(),
            ports=PortMap(),
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
                container, status="exited", endpoints=(), ports=PortMap(), finished=self.clock
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
        return attrs.evolve(
            engine,
            containers_index=engine._containers.delete(container.id),
            names_index=names,
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

    def exec_env(self, container: Container, extra: Sequence[str] = ()) -> list[str] | str:
        """The environment of a ``docker exec`` in ``container`` (the link variables computed
        afresh from the children's current state), or the daemon's refusal text."""
        children = self._link_children(container)
        if isinstance(children, _Failure):
            return children.message
        blocks = [
            link_rules.link_env(link.name, child.ip, child.exposed, child.env, profile=self.profile)
            for link, child in children
        ]
        own = [*container.env, *extra]
        return link_rules.process_env(
            link_rules.container_env(container.hostname, blocks, own, tty=False)
        )

    def exec(
        self, ref: str, argv: Sequence[str], *, env: Sequence[str] = (), stdin: str | None = None
    ) -> tuple[Engine, ExecResult]:
        """``docker exec``: run ``argv`` in the running container.

        Raises :class:`~dockerlinks.errors.ConflictError` when it is not running and
        :class:`~dockerlinks.errors.LinkError` when a linked child is not; a program the image
        does not have is the runtime's refusal on the exec's output (exit 126), as Docker.
        """
        container = self.get(ref)
        if not container.running:
            raise ConflictError(self._text("exec_not_running", id=container.id))
        environment = self.exec_env(container, env)
        if isinstance(environment, str):
            raise LinkError(environment)
        argv = tuple(argv)
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

    def install(self, ref: str, packages: Sequence[str]) -> tuple[Engine, Container]:
        """Record packages installed inside a running container (``apt-get install``)."""
        container = self.get(ref)
        updated = attrs.evolve(container, packages=container.packages | frozenset(packages))
        return self._put(updated), updated

    def logs(self, ref: str) -> tuple[LogEntry, ...]:
        """Everything the container's main process wrote, in order."""
        return self.get(ref).logs


# --------------------------------------------------------------------------- helpers


def _exposed_ports(container: Container) -> tuple[Port, ...]:
    return container.exposed


def _image_id(image: Image) -> str:
    """A stable ``sha256:`` image ID for the model's image (Docker's is its config's digest)."""
    digest = hashlib.sha256(repr(attrs.astuple(image)).encode("utf-8", "surrogatepass"))
    return "sha256:" + digest.hexdigest()


def _merge_env(request: Sequence[str], image: Sequence[str]) -> list[str]:
    """``Config.Env``: the request's entries, then the image's whose name it does not set; a
    bare ``NAME`` in the request removes the image's (moby ``ReplaceOrAppendEnvValues``)."""
    names = {entry.partition("=")[0] for entry in request}
    bare = {entry for entry in request if "=" not in entry}
    kept = [entry for entry in request if "=" in entry]
    return kept + [e for e in image if e.partition("=")[0] not in names and e not in bare]


def _log_entries(stdout: str, stderr: str) -> tuple[LogEntry, ...]:
    out: list[LogEntry] = []
    if stdout:
        out.append(LogEntry("stdout", stdout))
    if stderr:
        out.append(LogEntry("stderr", stderr))
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
