"""A compose project assembled as Compose v2 assembles it, from files read through an interface.

What lives here: the order of Compose's loading steps and the project-level rules, after
compose-spec/compose-go v2.9.1 (``loader/loader.go`` ``loadYamlModel`` / ``loadYamlFile``,
``loader/extends.go``, ``loader/include.go``, ``loader/normalize.go``, ``cli/options.go``,
``types/project.go``). It reads files only through a :class:`~.files.FileSystem` and never
looks at the process environment (the caller passes ``environ``). It must not know about
Docker's port or link rules (that is :mod:`.check`).

Steps::

    step                      rule
    ------------------------  ----------------------------------------------------------
    project directory         --project-directory, else the first file's directory
    project environment       environ, then each --env-file (default: the project
                              directory's .env when it is a file) for names environ lacks
    files                     -f files, else COMPOSE_FILE (split at ":" or
                              COMPOSE_PATH_SEPARATOR), else compose.yaml, compose.yml,
                              docker-compose.yml, docker-compose.yaml in the working
                              directory or its parents, with its .override file beside it
    each file, each document  read (:mod:`.yamlread`); interpolated (:mod:`.interpolate`)
                              with the project environment; extends applied; include
                              applied; merged over the files before (:mod:`.merge`);
                              sequences de-duplicated
    extends                   service: NAME [file: PATH]: the base service (from PATH,
                              relative to the file, interpolated likewise, its own
                              extends first) with this service merged over it; a
                              cycle is refused
    include                   each entry's files load as a project of their own (project
                              directory: project_directory or the first file's
                              directory; environment: the includer's, then the entry's
                              env_file or that directory's .env); their services,
                              networks, volumes, secrets and configs are added; a name
                              already defined differently is refused
    name                      --project-name, COMPOSE_PROJECT_NAME, the model's name, the
                              project directory's name; normalised (lower-case, only
                              [a-z0-9_-], no leading _ or -)
    profiles                  --profile, else COMPOSE_PROFILES (split at ","); a service
                              with profiles is kept when one is active ("*": all)
    env_file                  each path relative to its file's project directory; read
                              with Compose's dotenv rules (:mod:`.dotenv`), variables
                              looked up in the service's earlier env files, then the
                              project environment; a missing file is refused unless
                              required: false; then environment on top, KEY alone takes
                              the project environment's value (null when unset)
    networks                  a service without network_mode or networks joins default
    implied depends_on        links (SERVICE of SERVICE:ALIAS), network_mode / ipc / pid /
                              uts / cgroup "service:X" (restart: true), volumes_from X
                              (restart: false); condition service_started, required true
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, cast

import attrs

from dockerlinks._args import checked, instance_of, items_of, mapping
from dockerlinks._collector import paused_collector
from dockerlinks.compose.dotenv import parse_dotenv
from dockerlinks.compose.files import FileSystem, absolute, display
from dockerlinks.compose.interpolate import Unset, interpolate_tree
from dockerlinks.compose.merge import go_text, merge, to_mapping, unique
from dockerlinks.compose.problems import ComposeError
from dockerlinks.compose.yamlread import Base60, Map, Pos, Seq, read_yaml
from dockerlinks.errors import ProjectError

__all__ = [
    "DEFAULT_FILES",
    "SERVICE_PROPERTIES",
    "Options",
    "Project",
    "ProjectError",
    "load_project",
    "normalize_name",
    "project_directory",
    "stdin_path",
]

DEFAULT_FILES = ("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml")
_OVERRIDES = {
    "compose.yaml": ("compose.override.yaml", "compose.override.yml"),
    "compose.yml": ("compose.override.yml", "compose.override.yaml"),
    "docker-compose.yml": ("docker-compose.override.yml", "docker-compose.override.yaml"),
    "docker-compose.yaml": ("docker-compose.override.yaml", "docker-compose.override.yml"),
}
_SHARED_NAMESPACES = ("network_mode", "ipc", "pid", "uts", "cgroup")
#: The JSON types the schema allows for each service property, in the schema's order
#: (compose-spec/compose-go v2.9.1 schema/compose-spec.json, definitions.service.properties,
#: ``$ref`` and ``oneOf`` followed): a value of another type is refused as compose-go's
#: validator words it, naming the first type (``object`` is "mapping"): ``ports:`` left empty
#: (null) is "services.web.ports must be a array".
SERVICE_TYPES: dict[str, tuple[str, ...]] = {
    "develop": ("object", "null"),
    "deploy": ("object", "null"),
    "annotations": ("object", "array"),
    "attach": ("boolean", "string"),
    "build": ("string", "object"),
    "blkio_config": ("object",),
    "cap_add": ("array",),
    "cap_drop": ("array",),
    "cgroup": ("string",),
    "cgroup_parent": ("string",),
    "command": ("null", "string", "array"),
    "configs": ("array",),
    "container_name": ("string",),
    "cpu_count": ("string", "integer"),
    "cpu_percent": ("string", "integer"),
    "cpu_shares": ("number", "string"),
    "cpu_quota": ("number", "string"),
    "cpu_period": ("number", "string"),
    "cpu_rt_period": ("number", "string"),
    "cpu_rt_runtime": ("number", "string"),
    "cpus": ("number", "string"),
    "cpuset": ("string",),
    "credential_spec": ("object",),
    "depends_on": ("array", "object"),
    "device_cgroup_rules": ("array",),
    "devices": ("array",),
    "dns": ("string", "array"),
    "dns_opt": ("array",),
    "dns_search": ("string", "array"),
    "domainname": ("string",),
    "entrypoint": ("null", "string", "array"),
    "env_file": ("string", "array"),
    "label_file": ("string", "array"),
    "environment": ("object", "array"),
    "expose": ("array",),
    "extends": ("string", "object"),
    "provider": ("object",),
    "external_links": ("array",),
    "extra_hosts": ("object", "array"),
    "gpus": ("string", "array"),
    "group_add": ("array",),
    "healthcheck": ("object",),
    "hostname": ("string",),
    "image": ("string",),
    "init": ("boolean", "string"),
    "ipc": ("string",),
    "isolation": ("string",),
    "labels": ("object", "array"),
    "links": ("array",),
    "logging": ("object",),
    "mac_address": ("string",),
    "mem_limit": ("number", "string"),
    "mem_reservation": ("string", "integer"),
    "mem_swappiness": ("integer", "string"),
    "memswap_limit": ("number", "string"),
    "network_mode": ("string",),
    "models": ("array", "object"),
    "networks": ("array", "object"),
    "oom_kill_disable": ("boolean", "string"),
    "oom_score_adj": ("string", "integer"),
    "pid": ("string", "null"),
    "pids_limit": ("number", "string"),
    "platform": ("string",),
    "ports": ("array",),
    "post_start": ("array",),
    "pre_stop": ("array",),
    "privileged": ("boolean", "string"),
    "profiles": ("array",),
    "pull_policy": ("string",),
    "pull_refresh_after": ("string",),
    "read_only": ("boolean", "string"),
    "restart": ("string",),
    "runtime": ("string",),
    "scale": ("integer", "string"),
    "security_opt": ("array",),
    "shm_size": ("number", "string"),
    "secrets": ("array",),
    "sysctls": ("object", "array"),
    "stdin_open": ("boolean", "string"),
    "stop_grace_period": ("string",),
    "stop_signal": ("string",),
    "storage_opt": ("object",),
    "tmpfs": ("string", "array"),
    "tty": ("boolean", "string"),
    "ulimits": ("object",),
    "use_api_socket": ("boolean",),
    "user": ("string",),
    "uts": ("string",),
    "userns_mode": ("string",),
    "volumes": ("array",),
    "volumes_from": ("array",),
    "working_dir": ("string",),
}
#: The properties a service may have (compose-spec/compose-go v2.9.1 schema/compose-spec.json,
#: definitions.service.properties; any other key but x-* is "additional properties ... not
#: allowed"). The rest of the schema is not modelled.
SERVICE_PROPERTIES = frozenset(
    (
        "annotations",
        "attach",
        "blkio_config",
        "build",
        "cap_add",
        "cap_drop",
        "cgroup",
        "cgroup_parent",
        "command",
        "configs",
        "container_name",
        "cpu_count",
        "cpu_percent",
        "cpu_period",
        "cpu_quota",
        "cpu_rt_period",
        "cpu_rt_runtime",
        "cpu_shares",
        "cpus",
        "cpuset",
        "credential_spec",
        "depends_on",
        "deploy",
        "develop",
        "device_cgroup_rules",
        "devices",
        "dns",
        "dns_opt",
        "dns_search",
        "domainname",
        "entrypoint",
        "env_file",
        "environment",
        "expose",
        "extends",
        "external_links",
        "extra_hosts",
        "gpus",
        "group_add",
        "healthcheck",
        "hostname",
        "image",
        "init",
        "ipc",
        "isolation",
        "label_file",
        "labels",
        "links",
        "logging",
        "mac_address",
        "mem_limit",
        "mem_reservation",
        "mem_swappiness",
        "memswap_limit",
        "models",
        "network_mode",
        "networks",
        "oom_kill_disable",
        "oom_score_adj",
        "pid",
        "pids_limit",
        "platform",
        "ports",
        "post_start",
        "pre_stop",
        "privileged",
        "profiles",
        "provider",
        "pull_policy",
        "pull_refresh_after",
        "read_only",
        "restart",
        "runtime",
        "scale",
        "secrets",
        "security_opt",
        "shm_size",
        "stdin_open",
        "stop_grace_period",
        "stop_signal",
        "storage_opt",
        "sysctls",
        "tmpfs",
        "tty",
        "ulimits",
        "use_api_socket",
        "user",
        "userns_mode",
        "uts",
        "volumes",
        "volumes_from",
        "working_dir",
    )
)
_RESOURCES = ("services", "volumes", "networks", "secrets", "configs", "models")


@attrs.frozen
class Options:
    """How to load: the command line's options, as values."""

    files: tuple[str, ...] = attrs.field(default=(), validator=items_of(str))
    project_directory: str | None = attrs.field(default=None, validator=instance_of((str, None)))
    env_files: tuple[str, ...] | None = attrs.field(
        default=None, validator=items_of(str, optional=True)
    )
    profiles: tuple[str, ...] | None = attrs.field(
        default=None, validator=items_of(str, optional=True)
    )
    project_name: str | None = attrs.field(default=None, validator=instance_of((str, None)))
    interpolate: bool = attrs.field(default=True, validator=instance_of(bool))
    bare_values: bool = attrs.field(default=True, validator=instance_of(bool))
    """Whether a bare ``KEY`` of ``environment`` takes the environment's value (False: it
    stays unset, so the caller's own values are never shown)."""
    check_dependencies: bool = attrs.field(default=True, validator=instance_of(bool))
    """Whether dependencies on undefined services and dependency cycles are refused, as
    Compose refuses them (False: they are left to the checker, which reports each one as
    ``unknown-link-target`` / ``link-cycle`` with its position)."""


@attrs.frozen(eq=False)
class Project:
    """A loaded project: its model (positioned, merged, normalised), and what was found.

    ``model["services"]`` holds the enabled services; ``disabled`` the names of the others;
    ``unset`` every variable used without a value; ``base60`` the plain scalars YAML 1.1
    would read as base-60 numbers; ``files`` the compose files read (absolute).
    """

    name: str
    directory: str
    model: Map
    files: tuple[str, ...]
    environment: Mapping[str, str]
    profiles: tuple[str, ...] = ()
    disabled: tuple[str, ...] = ()
    unset: tuple[Unset, ...] = ()
    base60: tuple[Base60, ...] = ()
    cwd: str = "/"

    @property
    def services(self) -> Map:
        """The enabled services, by name."""
        services = self.model.get("services")
        return services if isinstance(services, Map) else Map(self.model.pos)

    @checked(path=str)
    def show(self, path: str) -> str:
        """A file path as the user sees it (relative to the working directory)."""
        return display(path, self.cwd)


def normalize_name(name: str) -> str:
    """Compose's project-name normalisation (``loader.NormalizeProjectName``).

    >>> normalize_name("My Shop_1"), normalize_name("__x-")
    ('myshop_1', 'x-')
    """
    kept = "".join(ch for ch in name.lower() if ch in "abcdefghijklmnopqrstuvwxyz0123456789_-")
    return kept.lstrip("_-")


@attrs.define
class _State:
    fs: FileSystem
    unset: list[Unset]
    base60: list[Base60]
    files: list[str]
    documents: dict[str, list[Any]]


@attrs.frozen
class _Scope:
    """What the files of one (included) project are loaded with."""

    environment: Mapping[str, str]
    state: _State
    interpolate: bool


def _lookup(environment: Mapping[str, str]) -> Callable[[str], str | None]:
    return environment.get


def _env_from_files(
    fs: FileSystem, paths: Sequence[str], current: Mapping[str, str]
) -> dict[str, str]:
    """``dotenv.GetEnvFromFile``: the variables of the files, looked up in ``current`` first."""
    out: dict[str, str] = {}
    for path in paths:
        kind = fs.kind(path)
        if kind == "missing":
            raise ProjectError(f"couldn't find env file: {display(path, fs.cwd)}", "env-file")
        if kind == "directory":
            raise ProjectError(f"{display(path, fs.cwd)} is a directory", "env-file")
        text = fs.read(path, purpose="env file")

        def lookup(name: str) -> str | None:
            value = current.get(name)
            return value if value is not None else out.get(name)

        out.update(parse_dotenv(text, lookup, filename=display(path, fs.cwd)))
    return out


def _merged_env(base: Mapping[str, str], extra: Mapping[str, str]) -> dict[str, str]:
    """types.Mapping.Merge: ``extra`` adds only the names ``base`` lacks."""
    out = dict(base)
    for key, value in extra.items():
        out.setdefault(key, value)
    return out


def _default_files(fs: FileSystem) -> list[str]:
    directory = fs.cwd
    while True:
        for name in DEFAULT_FILES:
            candidate = posixpath.join(directory, name)
            if fs.kind(candidate) == "file":
                found = [candidate]
                for override in _OVERRIDES[name]:
                    other = posixpath.join(directory, override)
                    if fs.kind(other) == "file":
                        found.append(other)
                        break
                return found
        parent = posixpath.dirname(directory)
        if parent == directory:
            raise ProjectError("no configuration file provided: not found", "files")
        directory = parent


def _files(options: Options, fs: FileSystem, environment: Mapping[str, str]) -> list[str]:
    if options.files:
        # "-" is the standard input, as for Compose (read by the file system as STDIN)
        return [
            absolute(path, fs.cwd) if path != "-" else stdin_path(fs.cwd) for path in options.files
        ]
    listed = environment.get("COMPOSE_FILE")
    if listed:
        separator = environment.get("COMPOSE_PATH_SEPARATOR") or ":"
        return [absolute(path, fs.cwd) for path in listed.split(separator) if path]
    return _default_files(fs)


def stdin_path(cwd: str) -> str:
    """The path standing for ``-f -`` (the standard input): ``-`` in the working directory,
    so that it is shown as ``-`` and its project directory is the working directory."""
    return posixpath.join(cwd, "-")


@checked(options=Options, fs=FileSystem, environ=mapping(str, str))
def load_project(options: Options, fs: FileSystem, environ: Mapping[str, str]) -> Project:
    """Load a project (module steps). Raises :class:`ProjectError` where Compose refuses.

    >>> from dockerlinks.compose.files import MemoryFiles
    >>> fs = MemoryFiles({
    ...     "/p/compose.yaml": "services:\\n  web:\\n    image: app:${TAG:-1}\\n    links: [db]\\n"
    ...                        "  db: {image: pg}\\n",
    ...     "/p/.env": "TAG=2\\n"}, cwd="/p")
    >>> project = load_project(Options(), fs, {})
    >>> project.name, project.services["web"]["image"], dict(project.services["web"]["depends_on"])
    ('p', 'app:2', {'db': {'condition': 'service_started', 'restart': True, 'required': True}})
    """
    with paused_collector():  # construction makes many containers: no quadratic GC passes
        return _load_project(options, fs, environ)


@checked(options=Options, fs=FileSystem, environ=mapping(str, str))
def project_directory(options: Options, fs: FileSystem, environ: Mapping[str, str]) -> str:
    """The project directory Compose takes for ``options``: ``--project-directory``, else the
    directory of the first compose file (``-f``, ``COMPOSE_FILE``, or the file Compose finds
    in the working directory or one of its parents)."""
    return _locate(options, fs, environ)[1]


def _locate(options: Options, fs: FileSystem, environ: Mapping[str, str]) -> tuple[list[str], str]:
    """The compose files and the project directory."""
    environment = dict(environ)
    # COMPOSE_FILE and the default files may come from the working directory's .env.
    if not options.files and options.env_files is None:
        early = posixpath.join(
            absolute(options.project_directory, fs.cwd) if options.project_directory else fs.cwd,
            ".env",
        )
        if fs.kind(early) == "file":
            environment = _merged_env(environment, _env_from_files(fs, [early], environment))
    files = _files(options, fs, environment)
    if not files:
        raise ProjectError("no configuration file provided: not found", "files")
    directory = (
        absolute(options.project_directory, fs.cwd)
        if options.project_directory
        else posixpath.dirname(files[0])
    )
    return files, directory


def _load_project(options: Options, fs: FileSystem, environ: Mapping[str, str]) -> Project:
    files, directory = _locate(options, fs, environ)
    if options.env_files is not None:
        env_paths = [absolute(path, fs.cwd) for path in options.env_files]
    else:
        dotenv = posixpath.join(directory, ".env")
        env_paths = [dotenv] if fs.kind(dotenv) == "file" else []
    environment = _merged_env(dict(environ), _env_from_files(fs, env_paths, environ))
    state = _State(fs, [], [], [], {})
    name = _project_name(options, environment, _peek_name(files, environment, state), directory)
    environment = {**environment, "COMPOSE_PROJECT_NAME": name}
    model = _load_model(files, directory, _Scope(environment, state, options.interpolate), [])
    if "version" in model:  # obsolete: Compose ignores it (with a warning)
        model = _without(model, "version")
    if not model:  # compose-go loader.go: len(dict) == 0
        raise ProjectError(f"{display(files[0], fs.cwd)}: empty compose file", "shape", model.pos)
    profiles = _active_profiles(options, environment)
    services = model.get("services")
    if services is None:
        services = Map(model.pos)
    if not isinstance(services, Map):
        raise ProjectError("services must be a mapping", "shape", model.at.get("services"))
    enabled, disabled = _apply_profiles(services, profiles)
    resolved = Map(services.pos)
    resolved.at = services.at
    resolved.keys_at = services.keys_at
    for service_name, service in enabled.items():
        resolved[service_name] = _resolve_service(service)
    final = Map(model.pos)
    final.update(model)
    final.at = dict(model.at)
    final.keys_at = dict(model.keys_at)
    final["services"] = resolved
    final["name"] = name
    _normalize_networks(final)
    _check_consistency(final, disabled, dependencies=options.check_dependencies)
    if options.check_dependencies:
        _check_cycles(resolved)
    # compose-go loader.go: checkConsistency, then WithServicesEnvironmentResolved
    bare = environment if options.bare_values else {}
    for service_name, service in resolved.items():
        _resolve_environment(service_name, service, bare, state, environment)
    return Project(
        name=name,
        directory=directory,
        model=final,
        files=tuple(state.files),
        environment=environment,
        profiles=tuple(profiles),
        disabled=tuple(disabled),
        unset=tuple(state.unset),
        base60=tuple(state.base60),
        cwd=fs.cwd,
    )


def _without(model: Map, key: str) -> Map:
    out = Map(model.pos)
    out.update(model)
    out.at = dict(model.at)
    out.keys_at = dict(model.keys_at)
    del out[key]
    out.at.pop(key, None)
    out.keys_at.pop(key, None)
    return out


def _peek_name(
    files: Sequence[str], environment: Mapping[str, str], state: _State
) -> tuple[str | None, Pos | None]:
    """The top-level ``name`` the files give (the last one wins), interpolated: Compose
    settles the project name before loading, and offers it as COMPOSE_PROJECT_NAME."""
    found: tuple[str | None, Pos | None] = (None, None)
    for path in files:
        for value, _ in _read_documents(path, state):
            if isinstance(value, Map) and isinstance(value.get("name"), str):
                unset: list[Unset] = []
                try:
                    text = interpolate_tree(value["name"], _lookup(environment), unset)
                except ComposeError:
                    continue  # reported when the file is loaded
                found = (text, value.at.get("name"))
    return found


def _project_name(
    options: Options,
    environment: Mapping[str, str],
    peeked: tuple[str | None, Pos | None],
    directory: str,
) -> str:
    candidates: list[tuple[str | None, bool]] = [
        (options.project_name, True),
        (environment.get("COMPOSE_PROJECT_NAME") or None, True),
        (peeked[0], True),
        (posixpath.basename(directory.rstrip("/")) or None, False),
    ]
    for value, imperative in candidates:
        if not value:
            continue
        if imperative and value != normalize_name(value):
            raise ProjectError(
                f"{value!r} is not a valid project name: it must contain only lowercase "
                "letters, decimal digits, dashes, and underscores, and must begin with a "
                "lowercase letter or decimal digit",
                "shape",
                peeked[1],
            )
        normal = normalize_name(value)
        if normal:
            return normal
    raise ProjectError("project name must not be empty", "shape")


def _active_profiles(options: Options, environment: Mapping[str, str]) -> list[str]:
    if options.profiles is not None:
        chosen = list(options.profiles)
    else:
        chosen = [p for p in (environment.get("COMPOSE_PROFILES") or "").split(",") if p]
    return [p.strip() for p in chosen if p.strip()]


def _apply_profiles(services: Map, profiles: Sequence[str]) -> tuple[dict[str, Any], list[str]]:
    enabled: dict[str, Any] = {}
    disabled: list[str] = []
    everything = "*" in profiles
    for name, service in services.items():
        wanted = service.get("profiles") if isinstance(service, dict) else None
        if not wanted or everything or any(p in profiles for p in wanted):
            enabled[name] = service
        else:
            disabled.append(name)
    return enabled, disabled


def _check_consistency(model: Map, disabled: Sequence[str], *, dependencies: bool) -> None:
    """compose-go's checkConsistency (loader/validate.go), the rules this package models:
    an image or a build, networks that are declared (and not beside network_mode), a
    network_mode service that exists, dependencies on enabled services."""
    services = model["services"]
    networks = model.get("networks")
    declared = networks if isinstance(networks, Map) else {}
    for name, service in services.items():
        if not any(key in service for key in ("image", "build", "provider")):
            raise ProjectError(
                f'service "{name}" has neither an image nor a build context specified: '
                "invalid compose project",
                "consistency",
                services.keys_at.get(name),
            )
        build = service.get("build")
        platform = service.get("platform")
        platforms = build.get("platforms") if isinstance(build, Map) else None
        if isinstance(platforms, list) and platforms and platform and platform not in platforms:
            raise ProjectError(
                f'service.build.platforms MUST include service.platform "{platform}": '
                "invalid compose project",
                "consistency",
                service.at.get("platform"),
            )
        mode = service.get("network_mode")
        listed = service.get("networks")
        if mode is not None and isinstance(listed, dict | list) and listed:
            raise ProjectError(
                f"service {name} declares mutually exclusive `network_mode` and `networks`: "
                "invalid compose project",
                "consistency",
                service.at.get("network_mode"),
            )
        if isinstance(listed, Map):
            for network in listed:
                if network not in declared:
                    raise ProjectError(
                        f'service "{name}" refers to undefined network {network}: invalid '
                        "compose project",
                        "consistency",
                        listed.at.get(network, service.at.get("networks")),
                    )
        if dependencies:
            _check_dependencies(name, service, services, disabled)
        if isinstance(mode, str) and mode.startswith("service:"):
            target = mode[len("service:") :]
            if target not in services:
                raise ProjectError(
                    f"service {target!r} not found for network_mode 'service:{target}'",
                    "consistency",
                    service.at.get("network_mode"),
                )
        _check_volumes(name, service, model.get("volumes"))


def _check_volumes(name: str, service: Map, declared: Any) -> None:
    """A named volume a service mounts must be declared (validate.go: "refers to undefined
    volume"); bind mounts (a source that is a path) and anonymous volumes need nothing."""
    volumes = service.get("volumes")
    if not isinstance(volumes, Seq):
        return
    known = declared if isinstance(declared, Map) else {}
    for item, pos in zip(volumes, volumes.at, strict=False):
        if isinstance(item, str):
            source = volume_source(item)
        elif isinstance(item, Map) and item.get("type") == "volume":
            found = item.get("source")
            source = found if isinstance(found, str) else ""
        else:
            continue
        if source and not _is_file_path(source) and source not in known:
            raise ProjectError(
                f'service "{name}" refers to undefined volume {source}: invalid compose project',
                "consistency",
                pos,
            )


def _is_file_path(source: str) -> bool:
    """format/volume.go isFilePath: ".", "/", "~", a named pipe, or a letter and a colon
    (a drive, whatever follows)."""
    if source[0] in "./~" or source.startswith("\\\\"):
        return True
    return len(source) > 1 and source[0].isalpha() and source[1] == ":"


def _check_cycles(services: Map) -> None:
    """Compose refuses a project whose dependencies (depends_on, explicit or implied) form a
    cycle: "dependency cycle detected: a -> b -> a"."""
    state: dict[str, int] = {}  # 1: on the path, 2: done
    for root in services:
        if root in state:
            continue
        path: list[str] = []
        stack: list[tuple[str, Iterator[str]]] = [(root, iter(_needs(services, root)))]
        state[root] = 1
        path.append(root)
        while stack:
            node, successors = stack[-1]
            step = next(successors, None)
            if step is None:
                stack.pop()
                path.pop()
                state[node] = 2
                continue
            if step not in services:
                continue
            if state.get(step) == 1:
                cycle = [*path[path.index(step) :], step]
                depends = services[node].get("depends_on")
                raise ProjectError(
                    "dependency cycle detected: " + " -> ".join(cycle),
                    "dependency",
                    depends.at.get(step) if isinstance(depends, Map) else None,
                )
            if step not in state:
                state[step] = 1
                path.append(step)
                stack.append((step, iter(_needs(services, step))))


def _needs(services: Map, name: str) -> list[str]:
    depends = services[name].get("depends_on")
    return list(depends) if isinstance(depends, dict) else []


def _check_dependencies(name: str, service: Map, services: Map, disabled: Sequence[str]) -> None:
    depends = service.get("depends_on")
    if isinstance(depends, Map):
        for target, options in depends.items():
            required = options.get("required", True) if isinstance(options, dict) else True
            if target in services or (required is False and target in disabled):
                continue
            if target in disabled:
                raise ProjectError(
                    f'service "{target}" was pulled in as dependency of service "{name}" '
                    "but is not enabled by the active profiles. You may fix this by adding a "
                    f'common profile to "{target}" and "{name}".',
                    "dependency",
                    depends.at.get(target),
                )
            raise ProjectError(
                f'service "{name}" depends on undefined service "{target}": '
                "invalid compose project",
                "dependency",
                depends.at.get(target),
            )


# ------------------------------------------------------------------ loading the files


def _load_model(
    files: Sequence[str],
    working_dir: str,
    scope: _Scope,
    included: list[str],
) -> Map:
    model: Map | None = None
    for path in files:
        for cfg in _file_documents(path, working_dir, scope, included):
            model = cfg if model is None else _merge_checked(model, cfg)
            model = _unique_services(model)
            _validate(model, path, scope.state.fs)
    if model is None:  # pragma: no cover - every file gives at least one document
        raise ProjectError("empty compose file", "shape")
    return model


def _json_type(value: object) -> str:
    """The JSON Schema type of a YAML value (a bool is not a number, an integral number is
    an ``integer``)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "integer" if value.is_integer() else "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, Mapping):
        return "object"
    return "array" if isinstance(value, list | tuple) else "object"


def _validate(model: Map, path: str, fs: FileSystem) -> None:
    """What compose-go checks of the model merged so far, after each file (loader.go
    loadYamlFile: schema.Validate, then transform.Canonical), as far as modelled here: the
    service properties of the schema, and short-syntax volumes (format/volume.go)."""
    services = model.get("services")
    if not isinstance(services, Map):
        return
    for name, service in services.items():
        if not isinstance(service, Map):
            continue
        for key, value in service.items():
            if key not in SERVICE_PROPERTIES and not key.startswith("x-"):
                raise ProjectError(
                    f"validating {display(path, fs.cwd)}: services.{name} additional "
                    f"properties '{key}' not allowed",
                    "schema",
                    service.keys_at.get(key, service.pos),
                )
            allowed = SERVICE_TYPES.get(key)
            if (
                allowed is not None
                and _json_type(value) not in allowed
                and not ("number" in allowed and _json_type(value) == "integer")
            ):
                word = "mapping" if allowed[0] == "object" else allowed[0]
                raise ProjectError(
                    f"validating {display(path, fs.cwd)}: services.{name}.{key} must be a {word}",
                    "schema",
                    service.at.get(key, service.pos),
                )
        volumes = service.get("volumes")
        if isinstance(volumes, Seq):
            for item, pos in zip(volumes, volumes.at, strict=False):
                if isinstance(item, str):
                    problem = volume_spec_error(item)
                    if problem is not None:
                        raise ProjectError(problem, "volume", pos)


def _volume_sections(spec: str) -> tuple[list[str], str | None]:
    """The sections of a short-syntax volume and ParseVolume's refusal (None: it parses)."""
    if not spec:
        return [], "invalid empty volume spec"
    if len(spec) <= 2:
        return [spec], None
    sections: list[str] = []
    start = 0
    buffer = 0
    first = ""
    nesting = 0
    size = len(spec)
    for index in range(size + 1):
        char = spec[index] if index < size else ""
        if char == "$" and index + 1 < size and spec[index + 1] == "{":
            nesting += 1
            first = first if buffer else char
            buffer += 1
            continue
        if char == "}" and nesting > 0:
            nesting -= 1
            buffer += 1
            continue
        if char == ":" and buffer == 1 and first.isalpha():
            buffer += 1  # a Windows drive letter
            continue
        if char in (":", "") and nesting == 0:
            if buffer == 0:
                return sections, f"invalid spec: {spec}: empty section between colons"
            sections.append(spec[start:index])
            if char == ":" and len(sections) >= 3:
                return sections, f"invalid spec: {spec}: too many colons"
            start = index + 1
            buffer = 0
            continue
        if buffer == 0:
            first = char
        buffer += 1
    return sections, None


def volume_spec_error(spec: str) -> str | None:
    """compose-go's ParseVolume (format/volume.go) of a short-syntax volume, as far as it
    refuses one: None when it parses. Sections are split at ":" outside ``${...}``; a drive
    letter's colon (``C:``) stays in its section::

        ""                 invalid empty volume spec
        1 or 2 characters  a target (never refused)
        an empty section   invalid spec: SPEC: empty section between colons
        a 4th section      invalid spec: SPEC: too many colons

    >>> volume_spec_error(":/data")
    'invalid spec: :/data: empty section between colons'
    >>> volume_spec_error("./a:/b:ro"), volume_spec_error("C:/x:/y")
    (None, None)
    >>> volume_spec_error("./a:/b:ro:z")
    'invalid spec: ./a:/b:ro:z: too many colons'
    """
    return _volume_sections(spec)[1]


def volume_source(spec: str) -> str:
    """The source of a short-syntax volume ("" for an anonymous one: a target alone).

    >>> volume_source("data:/var/lib/x"), volume_source("/tmp"), volume_source("C:/x:/y")
    ('data', '', 'C:/x')
    """
    sections, error = _volume_sections(spec)
    return sections[0] if error is None and len(sections) > 1 else ""


def _merge_checked(base: Map, over: Map) -> Map:
    try:
        return merge(base, over)
    except ComposeError as exc:
        raise ProjectError(exc.docker_message, "merge", over.pos) from None


def _unique_services(model: Map) -> Map:
    services = model.get("services")
    if not isinstance(services, Map):
        return model
    changed = False
    out = Map(services.pos)
    out.at = services.at
    out.keys_at = services.keys_at
    for name, service in services.items():
        new = unique(service) if isinstance(service, Map) else service
        changed = changed or new is not service
        out[name] = new
    if not changed:
        return model
    result = Map(model.pos)
    result.update(model)
    result.at = model.at
    result.keys_at = model.keys_at
    result["services"] = out
    return result


def _read_documents(
    path: str, state: _State, *, empty_ok: bool = False
) -> Iterator[tuple[Any, tuple[Base60, ...]]]:
    """The documents of a file (read once); a file with none is refused unless ``empty_ok``
    (the base file of ``extends``, which Compose refuses in its own words)."""
    cached = state.documents.get(path)
    if cached is None:
        cached = state.documents[path] = list(_parse_file(path, state))
    if not cached and not empty_ok:
        raise ProjectError(f"{display(path, state.fs.cwd)}: empty compose file", "shape")
    yield from cached


def _parse_file(path: str, state: _State) -> Iterator[tuple[Any, tuple[Base60, ...]]]:
    fs = state.fs
    kind = fs.kind(path)
    shown = display(path, fs.cwd)
    if kind == "missing":
        raise ProjectError(f"open {shown}: no such file or directory", "files")
    if kind == "directory":
        raise ProjectError(f"read {shown}: is a directory", "files")
    text = fs.read(path, purpose="compose file")
    try:
        documents = read_yaml(text, shown)
    except ComposeError as exc:
        kind_name = "duplicate-key" if "already defined" in exc.docker_message else "yaml"
        raise ProjectError(exc.docker_message, kind_name) from None
    if path not in state.files:
        state.files.append(path)
    for document in documents:
        yield document.value, document.base60


def _not_a_mapping(value: Any, shown: str) -> ProjectError:
    """Compose's refusal of a document that is not a mapping (compose-go v2 loader: "top-level
    object must be a mapping", with no position): here with the sequence's position, or the
    file's name for a scalar (the file may be an included one, not a file the user named)."""
    if isinstance(value, Seq):
        return ProjectError("top-level object must be a mapping", "shape", value.pos)
    return ProjectError(f"{shown}: top-level object must be a mapping", "shape")


def _file_documents(
    path: str,
    working_dir: str,
    scope: _Scope,
    included: list[str],
) -> Iterator[Map]:
    environment, state, interpolate = scope.environment, scope.state, scope.interpolate
    shown = display(path, state.fs.cwd)
    for value, base60 in _read_documents(path, state):
        if value is None:
            raise ProjectError(f"{shown}: empty compose file", "shape")
        if not isinstance(value, Map):
            raise _not_a_mapping(value, shown)
        state.base60.extend(base60)
        cfg = _interpolated(value, environment, state, interpolate)
        _check_shapes(cfg)
        cfg = _resolve_paths(cfg, working_dir)
        cfg = _apply_extends(cfg, path, working_dir, scope)
        cfg = _apply_include(cfg, path, working_dir, scope, included)
        yield cfg


def _interpolated(
    value: Map, environment: Mapping[str, str], state: _State, interpolate: bool
) -> Map:
    if not interpolate:
        return value
    try:
        result = interpolate_tree(value, _lookup(environment), state.unset)
    except ComposeError as exc:
        raise ProjectError(exc.docker_message, "interpolation", getattr(exc, "pos", None)) from None
    assert isinstance(result, Map)
    return result


def _check_shapes(cfg: Map) -> None:
    """The shape errors that stop Compose before its schema (which is not modelled here)."""
    for resource in _RESOURCES:
        value = cfg.get(resource)
        if value is not None and not isinstance(value, Map):
            raise ProjectError(f"{resource} must be a mapping", "shape", cfg.at.get(resource))
    services = cfg.get("services")
    if isinstance(services, Map):
        for name, body in services.items():
            if not isinstance(body, Map | None):
                raise ProjectError(
                    f"services.{name} must be a mapping", "shape", services.at.get(name)
                )
            if body is None:  # Compose's schema: a null service is not a mapping either
                raise ProjectError(
                    f"services.{name} must be a mapping", "shape", services.at.get(name)
                )


def _resolve_paths(cfg: Map, working_dir: str) -> Map:
    """env_file paths made absolute against the file's project directory (a copy)."""
    services = cfg.get("services")
    if not isinstance(services, Map):
        return cfg
    for service in services.values():
        if not isinstance(service, Map) or "env_file" not in service:
            continue
        service["env_file"] = _absolute_env_files(service["env_file"], working_dir)
    return cfg


def _absolute_env_files(value: Any, working_dir: str) -> Any:
    if isinstance(value, str):
        return absolute(value, working_dir)
    if not isinstance(value, Seq):
        return value
    out = Seq(value.pos)
    out.at = value.at
    for item in value:
        if isinstance(item, str):
            out.append(absolute(item, working_dir))
        elif isinstance(item, Map) and isinstance(item.get("path"), str):
            copy = Map(item.pos)
            copy.update(item)
            copy.at = item.at
            copy.keys_at = item.keys_at
            copy["path"] = absolute(item["path"], working_dir)
            out.append(copy)
        else:
            out.append(item)
    return out


# ------------------------------------------------------------------------------- extends


def _apply_extends(
    cfg: Map,
    path: str,
    working_dir: str,
    scope: _Scope,
) -> Map:
    services = cfg.get("services")
    if not isinstance(services, Map) or not any(
        isinstance(s, Map) and "extends" in s for s in services.values()
    ):
        return cfg
    cache: dict[str, Map | str] = {path: services}
    done: dict[tuple[str, str], Map] = {}
    for name in list(services):
        services[name] = _extended(
            path, name, cache=cache, done=done, chain=(), working_dir=working_dir, scope=scope
        )
    return cfg


def _extended(
    path: str,
    name: str,
    *,
    cache: dict[str, Map | str],
    done: dict[tuple[str, str], Map],
    chain: tuple[tuple[str, str], ...],
    working_dir: str,
    scope: _Scope,
) -> Map:
    state = scope.state
    key = (path, name)
    if key in done:
        return done[key]
    # a file is extended from only once its services were read (a reason is refused first)
    services = cast(Map, cache[path])
    service = services[name]
    if not isinstance(service, Map) or "extends" not in service:
        return service
    if key in chain:
        names = " -> ".join(f"{n}" for _, n in (*chain, key))
        raise ProjectError(
            f"Circular reference with extends: {names}", "extends", service.at.get("extends")
        )
    extends = service["extends"]
    where = service.at.get("extends")
    if isinstance(extends, str):
        ref, other = extends, None
    elif isinstance(extends, Map) and isinstance(extends.get("service"), str):
        ref, other = extends["service"], extends.get("file")
    else:
        raise ProjectError(
            f"services.{name}.extends must be a service name or a mapping with 'service'",
            "shape",
            where,
        )
    base_path = path
    base_dir = working_dir
    if other is not None:
        if not isinstance(other, str):
            raise ProjectError(f"services.{name}.extends.file must be a string", "shape", where)
        base_path = absolute(other, posixpath.dirname(path))
        base_dir = posixpath.dirname(base_path)
        if base_path not in cache:
            cache[base_path] = _services_of_file(base_path, base_dir, scope)
    base_services = cache[base_path]
    if isinstance(base_services, str):
        raise ProjectError(
            f'cannot extend service "{name}" in {display(base_path, state.fs.cwd)}: '
            f"{base_services}",
            _BASE_REFUSALS[base_services],
            where,
        )
    if ref not in base_services:
        raise ProjectError(
            f'cannot extend service "{name}" in {display(path, state.fs.cwd)}: service '
            f'"{ref}" not found in {display(base_path, state.fs.cwd)}',
            "extends",
            where,
        )
    base = _extended(
        base_path,
        ref,
        cache=cache,
        done=done,
        chain=(*chain, key),
        working_dir=base_dir,
        scope=scope,
    )
    if not isinstance(base, Map):
        base = Map(base_services.at.get(ref, base_services.pos))
    try:
        merged = merge(base, service, ("services", name))
    except ComposeError as exc:
        raise ProjectError(exc.docker_message, "merge", where) from None
    merged.pop("extends", None)
    merged.at.pop("extends", None)
    merged = unique(merged)
    done[key] = merged
    return merged


#: Why Compose cannot extend from a base file, and the cause each names.
_BASE_REFUSALS = {"no services section": "extends", "services must be a mapping": "shape"}


def _services_of_file(
    path: str,
    working_dir: str,
    scope: _Scope,
) -> Map | str:
    """The services of an ``extends`` base file, or why Compose cannot extend from it (a
    file without a ``services`` key: "no services section"; one whose ``services`` is not a
    mapping, null included: "services must be a mapping"; compose-go v2 loader, checked
    with Compose v2.40.3)."""
    environment, state, interpolate = scope.environment, scope.state, scope.interpolate
    out: Map | str = "no services section"
    for value, base60 in _read_documents(path, state, empty_ok=True):
        if not isinstance(value, Map):
            raise _not_a_mapping(value, display(path, state.fs.cwd))
        if "services" in value and not isinstance(value["services"], Map):
            return "services must be a mapping"
        state.base60.extend(base60)
        cfg = _interpolated(value, environment, state, interpolate)
        _check_shapes(cfg)
        cfg = _resolve_paths(cfg, working_dir)
        services = cfg.get("services")
        if isinstance(services, Map):
            out = merge(out, services) if isinstance(out, Map) else services
    return out


# ------------------------------------------------------------------------------- include


def _include_entries(value: Any, where: Pos | None) -> list[tuple[list[str], str | None, Any]]:
    if not isinstance(value, list):
        raise ProjectError("include must be a list", "shape", where)
    out: list[tuple[list[str], str | None, Any]] = []
    for item in value:
        if isinstance(item, str):
            out.append(([item], None, None))
        elif isinstance(item, Map):
            paths = item.get("path")
            listed = [paths] if isinstance(paths, str) else paths
            if not isinstance(listed, list) or not all(isinstance(p, str) for p in listed):
                raise ProjectError("include.path must be a string or a list", "shape", item.pos)
            directory = item.get("project_directory")
            out.append(
                (
                    list(listed),
                    directory if isinstance(directory, str) else None,
                    item.get("env_file"),
                )
            )
        else:
            raise ProjectError("include entries must be a path or a mapping", "shape", where)
    return out


def _apply_include(
    cfg: Map,
    path: str,
    working_dir: str,
    scope: _Scope,
    included: list[str],
) -> Map:
    environment, state, interpolate = scope.environment, scope.state, scope.interpolate
    if "include" not in cfg:
        return cfg
    entries = _include_entries(cfg["include"], cfg.at.get("include"))
    fs = state.fs
    chain = [*included, path]
    for paths, project_directory, env_file in entries:
        files = [absolute(p, working_dir) for p in paths]
        if project_directory is None:
            directory = posixpath.dirname(files[0])
        else:
            directory = absolute(project_directory, working_dir)
        if files[0] in chain:
            raise ProjectError(
                "include cycle detected:\n"
                + chain[0]
                + "".join(f"\n include {p}" for p in [*chain[1:], files[0]]),
                "include",
                cfg.at.get("include"),
            )
        if env_file is None:
            dotenv = posixpath.join(directory, ".env")
            env_paths = [dotenv] if fs.kind(dotenv) == "file" else []
        else:
            listed = [env_file] if isinstance(env_file, str) else list(env_file)
            env_paths = [absolute(p, working_dir) for p in listed if isinstance(p, str)]
        env = _merged_env(environment, _env_from_files(fs, env_paths, environment))
        imported = _load_model(files, directory, _Scope(env, state, interpolate), chain)
        for resource in _RESOURCES:
            source = imported.get(resource)
            if not isinstance(source, Map):
                continue
            target = cfg.get(resource)
            if not isinstance(target, Map):
                target = Map(source.pos)
                cfg[resource] = target
            for name, value in source.items():
                if name in target:
                    if _plain(target[name]) == _plain(value):
                        continue
                    raise ProjectError(
                        f"{resource}.{name} conflicts with imported resource",
                        "include",
                        target.at.get(name),
                    )
                target[name] = value
                target.at[name] = source.at.get(name, source.pos)
                target.keys_at[name] = source.keys_at.get(name, source.pos)
    del cfg["include"]
    cfg.at.pop("include", None)
    return cfg


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


# ------------------------------------------------------------------- services resolved


def _resolve_service(service: Any) -> Map:
    """A copy of an enabled service with its implied dependencies (no file read)."""
    if not isinstance(service, Map):
        service = Map(("", 0, 0))
    out = Map(service.pos)
    out.update(service)
    out.at = dict(service.at)
    out.keys_at = dict(service.keys_at)
    depends = _implied_dependencies(out)
    if depends is not None:
        out["depends_on"] = depends
    return out


def _resolve_environment(
    name: str,
    service: Map,
    bare: Mapping[str, str],
    state: _State,
    environment: Mapping[str, str],
) -> None:
    """The service's env files read and its environment settled (in place: the service is
    the loader's own copy)."""
    env = _service_environment(name, service, environment, state, bare)
    if env is not None:
        service["environment"] = env
        service.at.setdefault("environment", service.at.get("env_file", service.pos))
    service.pop("env_file", None)


def _env_entries(value: Any) -> Iterator[tuple[str, str | None, Pos | None]]:
    if isinstance(value, Map):
        for key, item in value.items():
            text = None if item is None else go_text(item)
            yield key, text, value.at.get(key)
    elif isinstance(value, Seq):
        for item, pos in zip(value, value.at, strict=False):
            if not isinstance(item, str):
                raise ProjectError("environment entries must be strings", "shape", pos)
            key, sep, text = item.partition("=")
            yield key, (text if sep else None), pos
    elif value is not None:
        raise ProjectError("environment must be a mapping or a list", "shape")


def _service_environment(
    name: str,
    service: Map,
    environment: Mapping[str, str],
    state: _State,
    bare: Mapping[str, str],
) -> Map | None:
    files = service.get("env_file")
    given = service.get("environment")
    if files is None and given is None:
        return None
    out = Map(service.at.get("environment", service.pos))
    from_files: dict[str, str] = {}
    file_pos: dict[str, Pos] = {}
    entries: list[Any]
    if files is None:
        entries = []
    elif isinstance(files, str):
        entries = [files]
    elif isinstance(files, list):
        entries = list(files)
    else:
        raise ProjectError(f"services.{name}.env_file must be a path or a list", "shape")
    file_at = files.at if isinstance(files, Seq) else []
    for index, entry in enumerate(entries):
        pos = file_at[index] if index < len(file_at) else service.at.get("env_file")
        path: Any = entry
        required: Any = True
        if isinstance(entry, Map):
            path = entry.get("path")
            required = entry.get("required", True)
        if not isinstance(path, str):
            raise ProjectError(f"services.{name}.env_file entries need a path", "shape", pos)
        kind = state.fs.kind(path)
        if kind != "file":
            if required is False and kind == "missing":
                continue
            what = "no such file or directory" if kind == "missing" else "not a regular file"
            raise ProjectError(
                f"env file {display(path, state.fs.cwd)} not found: stat "
                f"{display(path, state.fs.cwd)}: {what}",
                "env-file",
                pos,
            )
        text = state.fs.read(path, purpose="env file")

        def lookup(key: str) -> str | None:
            value = from_files.get(key)
            return value if value is not None else environment.get(key)

        try:
            values = parse_dotenv(text, lookup, filename=display(path, state.fs.cwd))
        except ComposeError as exc:
            raise ProjectError(exc.docker_message, "env-file", pos) from None
        for key, value in values.items():
            from_files[key] = value
            if pos is not None:
                file_pos[key] = pos
    for key, found in from_files.items():
        out[key] = found
        out.at[key] = file_pos.get(key, out.pos)
    for key, entry, where in _env_entries(given):
        out[key] = bare.get(key) if entry is None else entry
        out.at[key] = where or out.pos
    return out


def _implied_dependencies(service: Map) -> Map | None:
    depends = service.get("depends_on")
    base = to_mapping(depends, _started) if depends is not None else Map(service.pos)
    if depends is not None:
        for key, value in list(base.items()):
            if value is None or not isinstance(value, dict):
                base[key] = _started()
            elif "condition" not in value or "required" not in value:
                filled = Map(value.pos if isinstance(value, Map) else base.pos)
                filled.update(value)
                filled.setdefault("condition", "service_started")
                filled.setdefault("required", True)
                base[key] = filled
    out = Map(base.pos)
    out.update(base)
    out.at = dict(base.at)
    out.keys_at = dict(base.keys_at)
    links = service.get("links")
    if isinstance(links, list):
        at = links.at if isinstance(links, Seq) else []
        for index, link in enumerate(links):
            if not isinstance(link, str):
                continue
            parts = link.split(":")
            target = parts[0] if len(parts) == 2 else link
            if target not in out:
                out[target] = _started(restart=True)
                if index < len(at):
                    out.at[target] = at[index]
    for namespace in _SHARED_NAMESPACES:
        ref = service.get(namespace)
        if isinstance(ref, str) and ref.startswith("service:"):
            target = ref[len("service:") :]
            if target not in out:
                out[target] = _started(restart=True)
                out.at[target] = service.at.get(namespace, service.pos)
    volumes_from = service.get("volumes_from")
    if isinstance(volumes_from, list):
        at = volumes_from.at if isinstance(volumes_from, Seq) else []
        for index, item in enumerate(volumes_from):
            if isinstance(item, str) and not item.startswith("container:"):
                target = item.split(":")[0]
                if target not in out:
                    out[target] = _started(restart=False)
                    if index < len(at):
                        out.at[target] = at[index]
    return out if out else None


def _started(restart: bool | None = None) -> Map:
    out = Map(("", 0, 0))
    out["condition"] = "service_started"
    if restart is not None:
        out["restart"] = restart
    out["required"] = True
    return out


def _normalize_networks(model: Map) -> None:
    services = model.get("services")
    if not isinstance(services, Map):
        return
    uses_default = False
    for service in services.values():
        if not isinstance(service, Map) or "provider" in service or "network_mode" in service:
            continue
        networks = service.get("networks")
        if networks is None or (isinstance(networks, dict | list) and not networks):
            default = Map(service.pos)
            default["default"] = None
            service["networks"] = default
            uses_default = True
        else:
            mapping = to_mapping(networks, None)
            service["networks"] = mapping
            if "default" in mapping:
                uses_default = True
    networks = model.get("networks")
    if not isinstance(networks, Map):
        networks = Map(model.pos)
    if uses_default and "default" not in networks:
        networks["default"] = None
    if networks:
        model["networks"] = networks
