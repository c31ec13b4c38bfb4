"""The engine model: a persistent value standing for a Docker daemon's containers.

Every operation is a method returning ``(new engine, result)``; a refused operation raises an
:class:`EngineError` carrying the daemon's own message and leaves the engine it was called on
untouched (the value is immutable: no name, port or address can leak).

Rule table (moby ``daemon/`` create, start, stop, delete, links; messages verbatim)::

    operation  check, in the daemon's order                  message
    ---------  ---------------------------------------------  ------------------------------------
    create     image known                                    Unable to find image 'x:latest'
                                                              locally, then the pull error
               name valid                                     Invalid container name (x), only
                                                              [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed
               name free                                      Conflict. The container name "/web"
                                                              is already in use by container
                                                              "<id>". You have to remove (or
                                                              rename) that container to be able to
                                                              reuse that name.
               each --link target exists                      could not get container for db: No
                                                              such container: db
               link name taken by another container           (silently ignored: first wins)
    start      every linked child running                     Cannot link to a non running
                                                              container: /db AS /web/db
               an address on the bridge                       no available addresses on this pool
               host ports (all-or-nothing)                    [failed to set up container
                                                              networking: ]driver failed
                                                              programming external connectivity
                                                              on endpoint web (<id>): Bind for
                                                              0.0.0.0:80 failed: port is already
                                                              allocated
    stop       -                                              (a stopped container: no-op)
    rm         running without -f                             cannot remove container "web":
                                                              (classic: "/web", its own name)
                                                              container is running: stop the
                                                              container before removing or force
                                                              remove
    rm -l      argument is a link name                        Conflict, cannot remove the default
                                                              link name of the container
    any        container reference resolves                   No such container: x

Lifecycle facts the model keeps:

* start takes an address (:mod:`dockerlinks.engine.ipam`) and host ports
  (:func:`dockerlinks.allocate.resolve_bindings`); stop gives both back; restart = stop + start,
  so the container is re-addressed and re-published.
* A container's process environment and ``/etc/hosts`` are computed when it starts; the
  environment never changes afterwards (a snapshot). When a linked child starts again, every
  running parent's hosts lines for that link are rewritten with the new address
  (:func:`dockerlinks.hosts.update_hosts`, hosts.md section 6); their environment is not.
* ``--rm`` removes the container when its process exits, and also when its start fails.
* Removing a child leaves its parents' links in place (stale): the link name stays registered,
  ``HostConfig.Links`` still shows it, and the parent cannot start again. Removing a parent
  releases its link names.
* ``run`` is create then start, two daemon calls: when start fails the created container stays
  (``Created``), as with Docker, unless ``--rm`` was given.
* References resolve as the daemon does: full ID, then name (link names such as ``web/db``
  included), then a unique ID prefix.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

import attrs

from dockerlinks.allocate import PortAllocator
from dockerlinks.engine.images import Image, ImageCatalog, ImageError, normalize_reference
from dockerlinks.engine.ipam import Ipam, IpamError, Strategy
from dockerlinks.errors import (
    ConflictError,
    DockerLinksError,
    EngineError,
    ImageNotFoundError,
    LinkError,
    NoSuchContainerError,
    StartError,
)
from dockerlinks.names import NameGenerator, validate_container_name
from dockerlinks.ports import Port, PortConfig, PortMap
from dockerlinks.profiles import MODERN, Profile, get_profile

__all__ = [
    "ConflictError",
    "Container",
    "ContainerConfig",
    "Engine",
    "EngineError",
    "ImageNotFoundError",
    "Link",
    "LinkError",
    "NoSuchContainerError",
    "StartError",
    "Status",
]

Status = Literal["created", "running", "exited"]


@attrs.frozen
class ContainerConfig:
    """What ``docker create`` / ``docker run`` ask the daemon for, already parsed by the CLI.

    ``publish`` and ``expose`` are the raw ``-p`` / ``--expose`` values; ``env`` the ``-e``
    values (a bare ``NAME`` is looked up in ``host_env``, as the CLI looks it up in its own
    environment); ``env_files`` the *contents* of ``--env-file`` files; ``links`` the raw
    ``--link`` values. ``cmd`` empty means the image's ``CMD``.
    """

    image: str
    cmd: tuple[str, ...] = ()
    name: str | None = None
    hostname: str | None = None
    tty: bool = False
    interactive: bool = False
    detach: bool = False
    publish_all: bool = False
    publish: tuple[str, ...] = ()
    expose: tuple[str, ...] = ()
    env: tuple[str, ...] = ()
    env_files: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    auto_remove: bool = False
    host_env: tuple[tuple[str, str], ...] = ()


@attrs.frozen
class Container:
    """One container as the daemon holds it.

    ``name`` carries its leading ``/``. ``env`` is ``Config.Env`` (``-e`` and env files, then
    the image's variables not overridden); ``process_env`` the environment of the running
    process (computed at start, never updated); ``hosts`` its ``/etc/hosts``; ``ip`` and
    ``ports`` are empty unless it is running.
    """

    id: str
    name: str
    image: str
    image_name: str
    cmd: tuple[str, ...]
    hostname: str
    workdir: str
    env: tuple[str, ...]
    exposed: tuple[Port, ...]
    port_config: PortConfig
    publish_all: bool
    links: tuple[str, ...]
    auto_remove: bool
    tty: bool
    interactive: bool
    created: int
    status: Status = "created"
    exit_code: int = 0
    ip: str = ""
    ports: PortMap = attrs.field(factory=PortMap)
    process_env: tuple[str, ...] = ()
    hosts: str = ""
    packages: frozenset[str] = frozenset()
    restart_count: int = 0

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


def _profile(value: object) -> Profile:
    return get_profile(value)  # type: ignore[arg-type]


@attrs.frozen
class Engine:
    """A Docker daemon's containers, names, links, addresses and host ports, as a value.

    >>> from dockerlinks.engine import ContainerConfig, Engine
    >>> engine = Engine(seed=1)
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

    profile: Profile = attrs.field(default=MODERN, converter=_profile)
    seed: int = 0
    images: ImageCatalog = attrs.field(factory=ImageCatalog)
    containers: tuple[Container, ...] = ()
    links: tuple[Link, ...] = ()
    ipam: Ipam = attrs.field(factory=Ipam)
    port_begin: int = 49153
    port_end: int = 65535
    ipv6: bool = True
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

    # ------------------------------------------------------------------ construction helpers

    @classmethod
    def new(
        cls,
        *,
        profile: Profile | str = "modern",
        seed: int = 0,
        images: Iterable[Image] = (),
        port_range: tuple[int, int] = (49153, 65535),
        ip_strategy: Strategy = "lowest",
        ipv6: bool = True,
    ) -> Engine:
        """An empty engine: built-in images plus ``images``, nothing running.

        >>> Engine.new(profile="classic", seed=3).profile.name
        'classic'
        """
        catalog = ImageCatalog()
        for image in images:
            catalog = catalog.add(image)
        return cls(
            profile=get_profile(profile),
            seed=seed,
            images=catalog,
            ipam=Ipam(strategy=ip_strategy),
            port_begin=port_range[0],
            port_end=port_range[1],
            ipv6=ipv6,
        )

    def with_image(self, image: Image) -> Engine:
        """The engine with one more local image (replacing one of the same name)."""
        return attrs.evolve(self, images=self.images.add(image))

    # ------------------------------------------------------------------ lookups

    def names(self) -> dict[str, str]:
        """The name registry: every name (``/web``) and link name (``/web/db``) -> ID."""
        registry = {c.name: c.id for c in self.containers}
        for link in self.links:
            registry.setdefault(link.name, link.child_id)
        return registry

    def _by_id(self, container_id: str) -> Container | None:
        for container in self.containers:
            if container.id == container_id:
                return container
        return None

    def find(self, ref: str) -> Container | None:
        """The container a reference names (ID, name, link name, ID prefix), or ``None``."""
        try:
            return self.get(ref)
        except EngineError:
            return None

    def get(self, ref: str) -> Container:
        """Resolve a reference as the daemon does; raises :class:`NoSuchContainerError`."""
        if not isinstance(ref, str):
            raise NoSuchContainerError(f"No such container: {ref}")
        if ref == "":  # moby's invalidIdentifier, with Go's %q of the empty string
            raise NoSuchContainerError('invalid name or ID supplied: ""')
        exact = self._by_id(ref)
        if exact is not None:
            return exact
        name = ref if ref.startswith("/") else "/" + ref
        registry = self.names()
        if name in registry:
            found = self._by_id(registry[name])
            if found is not None:
                return found
        matches = [c for c in self.containers if c.id.startswith(ref)]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise NoSuchContainerError(f"Multiple IDs found with provided prefix: {ref}")
        raise NoSuchContainerError(f"No such container: {ref}")

    def parent_links(self, container: Container) -> tuple[Link, ...]:
        """The links ``container`` holds as a parent, in ``--link`` order."""
        return tuple(link for link in self.links if link.parent_id == container.id)

    def child_links(self, container: Container) -> tuple[Link, ...]:
        """The links that point at ``container`` as their child."""
        return tuple(link for link in self.links if link.child_id == container.id)

    def host_config_links(self, container: Container) -> list[str]:
        """``HostConfig.Links`` as inspect rebuilds it: ``<child's name>:<link name>``."""
        out = []
        for link in self.parent_links(container):
            child = self._by_id(link.child_id)
            child_name = child.name if child is not None else link.child_name
            out.append(f"{child_name}:{link.name}")
        return out

    # ------------------------------------------------------------------ replacing containers

    def _replace(self, container: Container) -> Engine:
        return attrs.evolve(
            self,
            containers=tuple(container if c.id == container.id else c for c in self.containers),
        )

    # ------------------------------------------------------------------ create

    def create(self, config: ContainerConfig) -> tuple[Engine, Container]:
        """``docker create``: a new container in the ``created`` state.

        Raises :class:`ImageNotFoundError`, :class:`ConflictError`,
        :class:`~dockerlinks.errors.ContainerNameError`, :class:`LinkError`, or the port / env
        parsing errors of the CLI.
        """
        from dockerlinks.engine import adapters

        if not isinstance(config, ContainerConfig):
            raise EngineError(f"expected a ContainerConfig, not {type(config).__name__}")
        try:
            image_name = normalize_reference(config.image)
        except ImageError as exc:
            raise ImageNotFoundError(exc.docker_message) from None
        image = self.images.find(image_name)
        if image is None:
            repo = image_name.rsplit(":", 1)[0]
            raise ImageNotFoundError(
                f"pull access denied for {repo}, repository does not exist or may require "
                "'docker login': denied: requested access to the resource is denied",
                notice=f"Unable to find image '{image_name}' locally",
            )
        port_config = adapters.port_config(config.publish, self.profile)
        exposed = adapters.exposed_ports(image.exposed, config.expose, port_config, self.profile)
        env = adapters.config_env(config.env, config.env_files, image.env, config.host_env)

        generator, container_id = self.generator.random_id()
        registry = self.names()
        if config.name is not None:
            bare = validate_container_name(config.name)
            name = "/" + bare
            if name in registry:
                raise ConflictError(
                    f'Conflict. The container name "{name}" is already in use by container '
                    f'"{registry[name]}". You have to remove (or rename) that container to be '
                    "able to reuse that name."
                )
        else:
            generator, bare = generator.generate(registry, container_id=container_id)
            name = "/" + bare

        links = list(self.links)
        taken = dict(registry)
        taken[name] = container_id
        for value in config.links:
            spec = adapters.parse_link(value)
            try:
                child = self.get(spec.name)
            except NoSuchContainerError as exc:
                raise LinkError(
                    f"could not get container for {spec.name}: {exc.docker_message}"
                ) from None
            full = adapters.link_name(name, spec.alias)
            if full in taken:
                continue  # already reserved (same child: no-op; another: first wins)
            taken[full] = child.id
            links.append(Link(container_id, full, child.id, child.name))

        container = Container(
            id=container_id,
            name=name,
            image=config.image,
            image_name=image_name,
            cmd=config.cmd or image.cmd,
            hostname=config.hostname or container_id[:12],
            workdir=image.workdir,
            env=tuple(env),
            exposed=exposed,
            port_config=port_config,
            publish_all=config.publish_all,
            links=config.links,
            auto_remove=config.auto_remove,
            tty=config.tty,
            interactive=config.interactive,
            created=self.clock,
        )
        engine = attrs.evolve(
            self,
            containers=(*self.containers, container),
            links=tuple(links),
            generator=generator,
            clock=self.clock + 1,
        )
        return engine, container

    # ------------------------------------------------------------------ start

    def start(self, ref: str) -> tuple[Engine, Container]:
        """``docker start``: address, publish, compute env and hosts; no-op when running.

        Raises :class:`NoSuchContainerError` or :class:`StartError`; either way the engine is
        unchanged (a ``--rm`` container whose start fails is removed by the daemon next: see
        :meth:`try_start`).
        """
        container = self.get(ref)
        if container.running:
            return self, container
        try:
            return self._start(container)
        except DockerLinksError as exc:
            raise StartError(exc.docker_message) from None

    def try_start(self, ref: str) -> tuple[Engine, Container | StartError]:
        """A start as the daemon carries it out: the engine afterwards, and the started
        container or the error. A ``--rm`` container whose start failed has been removed
        (Docker's auto-remove); any other failed start leaves the engine as it was.

        Raises :class:`NoSuchContainerError` when ``ref`` names no container.
        """
        container = self.get(ref)
        try:
            return self.start(container.id)
        except StartError as exc:
            return (self._remove(container) if container.auto_remove else self), exc

    def _start(self, container: Container) -> tuple[Engine, Container]:
        from dockerlinks.engine import adapters

        children: list[tuple[Link, Container]] = []
        for link in self.parent_links(container):
            child = self._by_id(link.child_id)
            if child is None or not child.running:
                child_name = link.child_name if child is None else child.name
                raise LinkError(
                    f"Cannot link to a non running container: {child_name} AS {link.name}"
                )
            children.append((link, child))
        try:
            ipam, ip = self.ipam.request()
        except IpamError as exc:
            raise EngineError(exc.docker_message) from None
        try:
            allocator, ports = adapters.resolve(self, container)
        except DockerLinksError as exc:
            # The endpoint ID is random in Docker; draw it from a side stream of the seed so
            # that it differs from the next container's ID.
            side = attrs.evolve(self.generator, state=self.generator.state ^ 0x0E0D_B01D_E0E0)
            endpoint = side.random_id()[1]
            prefix = "failed to set up container networking: " if self._modern_cli() else ""
            raise EngineError(
                f"{prefix}driver failed programming external connectivity on endpoint "
                f"{container.bare_name} ({endpoint}): {exc.docker_message}"
            ) from None
        link_blocks = [
            adapters.link_env(link.name, child.ip, child.exposed, child.env, self.profile)
            for link, child in children
        ]
        process_env = adapters.container_env(
            container.hostname, link_blocks, container.env, tty=container.tty
        )
        hosts = adapters.hosts_file(
            self.profile,
            hostname=container.hostname,
            ip=ip,
            links=[
                (child.ip, link.alias, child.hostname, child.bare_name) for link, child in children
            ],
        )
        started = attrs.evolve(
            container,
            status="running",
            exit_code=0,
            ip=ip,
            ports=ports,
            process_env=tuple(process_env),
            hosts=hosts,
        )
        engine = attrs.evolve(self, ipam=ipam, allocator=allocator)._replace(started)
        # Running parents of this container follow its new address (hosts only, never env).
        for link in engine.child_links(started):
            parent = engine._by_id(link.parent_id)
            if parent is not None and parent.running:
                updated = adapters.update_hosts(parent.hosts, ip, link.alias)
                engine = engine._replace(attrs.evolve(parent, hosts=updated))
        return engine, started

    def _modern_cli(self) -> bool:
        return self.profile.link_env == "modern"

    # ------------------------------------------------------------------ stop / restart / exit

    def _release(self, container: Container) -> Engine:
        from dockerlinks.engine import adapters

        ipam = self.ipam.release(container.ip)  # a running container always has one
        return attrs.evolve(self, ipam=ipam, allocator=adapters.release(self, container))

    def stop(self, ref: str, *, exit_code: int = 0) -> tuple[Engine, Container]:
        """``docker stop``: the process exits, address and ports are released.

        A ``--rm`` container is removed as well. Stopping a stopped container is a no-op.
        """
        container = self.get(ref)
        if not container.running:
            return self, container
        engine = self._release(container)
        stopped = attrs.evolve(
            container, status="exited", exit_code=exit_code, ip="", ports=PortMap()
        )
        engine = engine._replace(stopped)
        if container.auto_remove:
            engine = engine._remove(stopped)
        return engine, stopped

    def exit(self, ref: str, exit_code: int = 0) -> tuple[Engine, Container]:
        """The container's main process exits by itself (same effects as a stop)."""
        return self.stop(ref, exit_code=exit_code)

    def restart(self, ref: str) -> tuple[Engine, Container]:
        """``docker restart``: stop (if running) then start, without auto-removal in between.

        Raises :class:`StartError` and leaves the engine unchanged when the start fails; the
        daemon has stopped the container by then: :meth:`try_restart` gives that state.
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
            container = attrs.evolve(container, status="exited", ip="", ports=PortMap())
            engine = engine._replace(container)
        try:
            engine, started = engine._start(container)
        except DockerLinksError as exc:
            return engine, StartError(exc.docker_message)
        return engine._replace(started), started

    # ------------------------------------------------------------------ rm

    def _remove(self, container: Container) -> Engine:
        engine = self
        if container.running:
            engine = engine._release(container)
        links = tuple(link for link in engine.links if link.parent_id != container.id)
        return attrs.evolve(
            engine,
            containers=tuple(c for c in engine.containers if c.id != container.id),
            links=links,
        )

    def remove(self, ref: str, *, force: bool = False, link: bool = False) -> Engine:
        """``docker rm`` (``force``: kill first) or ``docker rm -l`` (``link``)."""
        if link:
            return self._remove_link(ref)
        container = self.get(ref)
        if container.running and not force:
            # moby v28.2+ names the container as the CLI passed it; before, by its own name.
            shown = ref if self._modern_cli() else container.name
            raise ConflictError(
                f'cannot remove container "{shown}": container is running: stop '
                "the container before removing or force remove"
            )
        return self._remove(container)

    def _remove_link(self, ref: str) -> Engine:
        self.get(ref)  # must resolve as a container reference first
        full = ref if ref.startswith("/") else "/" + ref
        parent_path, _, _ = full.rpartition("/")
        if parent_path in ("", "/"):
            raise ConflictError("Conflict, cannot remove the default link name of the container")
        parent = self.find(parent_path)
        if parent is None:
            raise EngineError(f"Cannot get parent {parent_path} for link name {full}")
        from dockerlinks.engine import adapters

        links = tuple(
            lk for lk in self.links if not (lk.parent_id == parent.id and lk.name == full)
        )
        engine = attrs.evolve(self, links=links)
        if parent.running:
            kept = [lk for lk in links if lk.parent_id == parent.id]
            records = []
            for lk in kept:
                child = engine._by_id(lk.child_id)
                if child is not None:
                    records.append((child.ip, lk.alias, child.hostname, child.bare_name))
            hosts = adapters.hosts_file(
                self.profile, hostname=parent.hostname, ip=parent.ip, links=records
            )
            engine = engine._replace(attrs.evolve(parent, hosts=hosts))
        return engine

    # ------------------------------------------------------------------ run / exec helpers

    def run(self, config: ContainerConfig) -> tuple[Engine, Container]:
        """``docker run``: create, then start. See :class:`StartError` for a failed start."""
        engine, container = self.create(config)
        return engine.start(container.id)

    def install(self, ref: str, packages: Sequence[str]) -> tuple[Engine, Container]:
        """Record packages installed inside a running container (``apt-get install``)."""
        container = self.get(ref)
        updated = attrs.evolve(container, packages=container.packages | frozenset(packages))
        return self._replace(updated), updated

    def latest(self) -> Container | None:
        """The most recently created container (``docker ps -l``)."""
        return max(self.containers, key=lambda c: c.created, default=None)
