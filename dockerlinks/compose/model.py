"""Reading the services of a compose-like mapping into checked values.

What it must not know: files, the allocator or Docker's runtime rules (:mod:`.check` applies
them); it reads values and reports what cannot be read.

Fields read per service (everything else is ignored)::

    field            accepted shape                                   problems
    ---------------  -----------------------------------------------  ----------------------
    (the service)    a mapping (null = empty)                         invalid-field
    (its name)       [a-zA-Z0-9._-]+ (the compose specification)      invalid-name
    container_name   a Docker container name                          invalid-name
    hostname         a name safe in /etc/hosts, at most 64 bytes      invalid-name
    ports            list of "-p" texts, numbers, long-syntax maps    invalid-field,
                                                                      invalid-port,
                                                                      portability
    expose           list of "--expose" texts or numbers              invalid-field,
                                                                      invalid-port
    links            list of "SERVICE[:ALIAS]"                        invalid-field,
                                                                      invalid-link
    external_links   list of "CONTAINER[:ALIAS]"                      invalid-field,
                                                                      invalid-link
    environment      list of "KEY[=VALUE]" or mapping KEY: VALUE      invalid-field
    env_file         path, or list of paths / {path, required}        invalid-field
    depends_on       list of services, or mapping of service: options  (see check)

A value containing ``$`` in ``ports``, ``expose``, ``links``, ``external_links``,
``container_name`` or ``hostname`` of a mapping or one document is left unchecked: Compose
interpolates variables first (load the project to cover them). In a loaded
:class:`~.project.Project` the values are interpolated already: a ``$`` left is literal text
(written ``$$``) and is checked as written.

Environment (what a linked service forwards as ``ALIAS_ENV_*``): the entries of the env files in
order, then ``environment`` on top; a name given again replaces the earlier value; ``KEY``
without a value takes it from ``environ`` (the shell, for Compose) or is dropped; env file lines
are read as ``docker run --env-file`` reads them, but may start with ``export`` as Compose
allows; the result is sorted by name.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import attrs

from dockerlinks.compose._ports import lint_item, parse_expose_item, parse_item
from dockerlinks.compose.load import ComposeFile
from dockerlinks.compose.merge import int_text
from dockerlinks.compose.problems import CODES, ComposeError, Problem, service_path
from dockerlinks.compose.project import Project
from dockerlinks.compose.yamlread import Map, Pos, Seq
from dockerlinks.envfile import parse_env_file
from dockerlinks.errors import DockerLinksError
from dockerlinks.links import parse_link
from dockerlinks.names import unsafe_index, validate_container_name
from dockerlinks.ports import Port, PortSpec
from dockerlinks.profiles import Profile

__all__ = [
    "Dependency",
    "Document",
    "LinkItem",
    "PortItem",
    "Report",
    "Service",
    "project_name",
    "read_document",
    "service_name",
]

_SERVICE_NAME = re.compile(r"[a-zA-Z0-9._-]+\Z")
_HOST_NAME_MAX = 64  # Linux HOST_NAME_MAX: sethostname() refuses longer names
_CODE_RANK = {code: rank for rank, code in enumerate(CODES)}

Key = tuple[int, ...]
Where = tuple[str, Key] | tuple[str, Key, Pos | None]


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def escape_controls(text: str) -> str:
    """``text`` with control characters written as escapes, so that a problem is one line
    and a file cannot move the terminal's cursor.

    >>> print(escape_controls("a" + chr(10) + "b" + chr(27) + "[2J"))
    a\\nb\\x1b[2J
    """
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)


class Report:
    """Collects problems with a sort key (document position, then code) for a stable order.

    ``show`` turns a file path into the text problems name (relative to the working
    directory)."""

    def __init__(self, show: Callable[[str], str] | None = None) -> None:
        self._items: list[tuple[Key, int, str, Problem]] = []
        self.show = show or (lambda path: path)
        # Results of pure functions of an entry's text, shared by the entries of one check
        # (files repeat the same port texts): text -> result, or Docker's error message.
        self.ports: dict[str, tuple[PortSpec, str, list[str]] | str] = {}
        self.expose: dict[str, tuple[Port, ...] | str] = {}
        # True for a loaded project: its values are interpolated already, so a "$" left in
        # one is literal text (from "$$") and is checked as written.
        self.interpolated = False

    def add(self, code: str, where: Where, message: str) -> None:
        path, key = where[0], where[1]
        pos = where[2] if len(where) > 2 else None
        message = escape_controls(message)
        problem = Problem(code, CODES[code], escape_controls(path), message)
        if pos is not None and pos[0]:
            problem = attrs.evolve(problem, file=self.show(pos[0]), line=pos[1], column=pos[2])
        self._items.append((key, _CODE_RANK[code], message, problem))

    def problems(self) -> list[Problem]:
        return [item[3] for item in sorted(self._items, key=lambda item: item[:3])]


@attrs.frozen
class PortItem:
    """One valid ``ports`` entry: where it is, and the ``-p`` value it stands for."""

    where: Where
    spec: PortSpec
    text: str


@attrs.frozen
class LinkItem:
    """One valid ``links`` / ``external_links`` entry."""

    where: Where
    target: str
    alias: str
    external: bool


@attrs.frozen
class Dependency:
    """One ``depends_on`` entry naming a service (Compose starts that service first)."""

    where: Where
    target: str


@attrs.frozen
class Service:
    """One service, read: only its valid parts (problems are reported separately)."""

    name: str
    index: int
    fields: tuple[str, ...]
    container_name: str | None = None
    hostname: str | None = None
    ports: tuple[PortItem, ...] = ()
    expose: tuple[Port, ...] = ()
    links: tuple[LinkItem, ...] = ()
    environment: tuple[str, ...] = ()
    depends_on: tuple[Dependency, ...] = ()
    network_mode: str | None = None
    replicas: int = 1
    node: Any = attrs.field(default=None, eq=False, repr=False)

    def at(self, field: str | None = None, *parts: int | str) -> tuple[str, Key, Pos | None]:
        """Path, sort key and written position of this service, a field, an item of it."""
        path = service_path(self.name)
        if field is None:
            return path, (self.index, -1), self.node.pos if isinstance(self.node, Map) else None
        rank = self.fields.index(field) if field in self.fields else len(self.fields)
        path = f"{path}.{field}"
        key = [self.index, rank]
        for part in parts:
            if isinstance(part, int):
                path += f"[{part}]"
                key.append(part)
            else:
                path += f".{part}" if _SERVICE_NAME.match(part) else f"[{_quote(part)}]"
                key.append(0)
        return path, tuple(key), self._position(field, parts)

    def _position(self, field: str, parts: tuple[int | str, ...]) -> Pos | None:
        node = self.node
        if not isinstance(node, Map):
            return None
        pos = node.at.get(field, node.pos)
        value = node.get(field)
        for part in parts:
            if isinstance(value, Seq) and isinstance(part, int) and part < len(value.at):
                pos, value = value.at[part], value[part]
            elif isinstance(value, Map) and isinstance(part, str) and part in value:
                pos, value = value.at.get(part, pos), value[part]
            else:
                break
        return pos

    @property
    def exposed_ports(self) -> tuple[Port, ...]:
        """``Config.ExposedPorts``: ``expose`` and every container port of ``ports``."""
        seen: dict[Port, None] = dict.fromkeys(self.expose)
        for item in self.ports:
            spec = item.spec
            for number in spec.container_range:
                seen.setdefault(Port(number, spec.proto))
        return tuple(seen)


@attrs.frozen
class Document:
    """The services of a document, in file order, and the problems found reading them."""

    services: tuple[Service, ...]
    project: str


def service_name(key: object) -> str:
    """The name of a service from its key: text as is; YAML's spelling for other scalars.

    >>> service_name("web"), service_name(1), service_name(True), service_name(None)
    ('web', '1', 'true', 'null')
    """
    if isinstance(key, str):
        return key
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    if isinstance(key, int):
        return int_text(key)
    return str(key)


def project_name(name: object) -> str | None:
    """Compose's normalisation of a project name: lower-cased, only ``[a-z0-9_-]`` kept,
    leading ``_`` and ``-`` dropped; ``None`` when nothing is left (or ``name`` is not text).

    >>> project_name("My Shop"), project_name("__x"), project_name("!!")
    ('myshop', 'x', None)
    """
    if not isinstance(name, str) or _interpolated(name):
        return None
    kept = "".join(re.findall(r"[a-z0-9_-]", name.lower())).lstrip("_-")
    return kept or None


def _quote(text: str) -> str:
    return json.dumps(text)


def _describe(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {int_text(value) if isinstance(value, int) else repr(value)}"
    if isinstance(value, str):
        return f"the string {_quote(value)}"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    return f"a {type(value).__name__}"


def _interpolated(value: str, report: Report | None = None) -> bool:
    """Whether a value holds a variable Compose would substitute first (never, once loaded)."""
    return "$" in value and not (report is not None and report.interpolated)


def _scalar_text(value: object) -> str | None:
    """The text of a port-like scalar: strings as they are, integers in decimal."""
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return int_text(value)
    return None


def _items(
    service: Service,
    field: str,
    value: object,
    report: Report,
    *,
    allow_single: bool = False,
) -> Iterator[tuple[int, object]]:
    """The entries of a list field, or an ``invalid-field`` problem."""
    if value is None:
        return
    if allow_single and isinstance(value, str):
        yield 0, value
        return
    if not isinstance(value, list | tuple):
        report.add(
            "invalid-field",
            service.at(field),
            f"{field} must be a list, not {_describe(value)}",
        )
        return
    yield from enumerate(value)


def read_document(
    source: Mapping[Any, Any] | ComposeFile | Project,
    report: Report,
    *,
    env_files: Mapping[str, str | bytes] | None = None,
    environ: Mapping[str, str] | None = None,
    project: str | None = None,
    profile: Profile,
) -> Document:
    """Read every service of ``source``; reading problems go to ``report``.

    A :class:`~.project.Project` comes resolved: its env files are read and its bare
    ``KEY`` entries looked up already (``env_files`` and ``environ`` are not used)."""
    if isinstance(source, Project):
        data: Any = source.model
        env_files, environ = None, {}
        report.interpolated = True
        if project is None:
            project = source.name
    else:
        data = source.data if isinstance(source, ComposeFile) else source
    if not isinstance(data, Mapping):
        raise ComposeError(
            f"not a compose-like mapping: expected a mapping with 'services', got {_describe(data)}"
        )
    if "services" not in data:
        raise ComposeError("not a compose-like mapping: it has no 'services' key")
    services = data["services"]
    if services is None:
        services = {}
    if not isinstance(services, Mapping):
        raise ComposeError(
            f"not a compose-like mapping: 'services' must be a mapping, not {_describe(services)}"
        )
    if project is None:
        project = project_name(data.get("name")) or "project"
    lookup = environ or {}
    out = []
    for index, (name, body) in enumerate(services.items()):
        out.append(
            _read_service(
                index, name, body, report, env_files=env_files, environ=lookup, profile=profile
            )
        )
    return Document(tuple(out), project)


def _read_service(
    index: int,
    raw_name: object,
    body: object,
    report: Report,
    *,
    env_files: Mapping[str, str | bytes] | None,
    environ: Mapping[str, str],
    profile: Profile,
) -> Service:
    name = service_name(raw_name)
    fields = tuple(str(k) for k in body) if isinstance(body, Mapping) else ()
    service = Service(name, index, fields, node=body if isinstance(body, Map) else None)
    if not _SERVICE_NAME.match(name):
        report.add(
            "invalid-name",
            service.at(),
            f"invalid service name {_quote(name)}: only [a-zA-Z0-9._-] are allowed",
        )
    if body is None:
        return service
    if not isinstance(body, Mapping):
        report.add(
            "invalid-field",
            service.at(),
            f"a service must be a mapping, not {_describe(body)}",
        )
        return service
    get = body.get
    container_name = _read_container_name(service, get("container_name"), report)
    hostname = _read_hostname(service, get("hostname"), report)
    ports = tuple(_read_ports(service, get("ports"), report, profile))
    if isinstance(body, Map):  # a loaded project: Compose's second unicity pass
        ports = _unique_ports(ports)
    expose = _read_expose(service, get("expose"), report, profile)
    links = (
        *_read_links(service, "links", get("links"), report),
        *_read_links(service, "external_links", get("external_links"), report),
    )
    environment = _read_environment(service, body, report, env_files, environ)
    # In a loaded project, links are also dependencies (Compose adds them to depends_on):
    # those are reported at the link, not again.
    implied = _link_targets(get("links")) if isinstance(body, Map) else frozenset()
    depends_on = tuple(
        dependency
        for dependency in _read_depends_on(service, get("depends_on"), report)
        if dependency.target not in implied
    )
    mode = get("network_mode")
    return attrs.evolve(
        service,
        container_name=container_name,
        hostname=hostname,
        ports=ports,
        expose=expose,
        links=links,
        environment=environment,
        depends_on=depends_on,
        network_mode=mode if isinstance(mode, str) else None,
        replicas=_replicas(body),
    )


def _replicas(body: Mapping[Any, Any]) -> int:
    """How many containers Compose runs: ``scale``, else ``deploy.replicas``, else 1."""
    deploy = body.get("deploy")
    for value in (
        body.get("scale"),
        deploy.get("replicas") if isinstance(deploy, Mapping) else None,
    ):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and value.isdigit() and len(value) < 10:
            return int(value)
    return 1


def _read_container_name(service: Service, value: object, report: Report) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        report.add(
            "invalid-name",
            service.at("container_name"),
            f"container_name must be a string, not {_describe(value)}",
        )
        return None
    if _interpolated(value, report):
        return None
    try:
        return validate_container_name(value)
    except DockerLinksError as exc:
        report.add("invalid-name", service.at("container_name"), exc.docker_message)
        return None


def _read_hostname(service: Service, value: object, report: Report) -> str | None:
    if value is None:
        return None
    where = service.at("hostname")
    if not isinstance(value, str):
        report.add("invalid-name", where, f"hostname must be a string, not {_describe(value)}")
        return None
    if _interpolated(value, report):
        return None
    bad = unsafe_index(value)
    if not value:
        report.add("invalid-name", where, "invalid hostname: empty")
    elif bad is not None:
        report.add(
            "invalid-name",
            where,
            f"invalid hostname {_quote(value)}: {value[bad]!r} cannot be written to /etc/hosts",
        )
    elif len(value.encode("utf-8", "surrogatepass")) > _HOST_NAME_MAX:
        report.add(
            "invalid-name",
            where,
            f"invalid hostname {_quote(value)}: longer than {_HOST_NAME_MAX} bytes "
            "(the kernel refuses it: sethostname: invalid argument)",
        )
    else:
        return value
    return None


def _unique_ports(items: Iterable[PortItem]) -> tuple[PortItem, ...]:
    """The entries after Compose's second unicity pass (compose-go ``loader/loader.go``: after
    ``transform.Canonical`` has made every entry a port config, ``override.EnforceUnicity``
    keys them ``host_ip:published:target/protocol`` with a missing ``host_ip`` read as
    ``0.0.0.0``, ``override/uncity.go`` ``portIndexer``): ``81:5000`` and
    ``0.0.0.0:81:5000`` are one entry, the later one in the earlier one's place. An entry of
    several container ports (Compose expands it into one config per port) keeps its place."""
    out: list[PortItem] = []
    where: dict[str, int] = {}
    for item in items:
        spec = item.spec
        if len(spec.container_range) != 1:
            out.append(item)
            continue
        published = "" if spec.host_range is None else str(spec.host_range)
        key = f"{spec.host_ip or '0.0.0.0'}:{published}:{spec.container_range.start}/{spec.proto}"
        if key in where:
            out[where[key]] = item
        else:
            where[key] = len(out)
            out.append(item)
    return tuple(out)


def _read_ports(
    service: Service, value: object, report: Report, profile: Profile
) -> Iterator[PortItem]:
    for index, item in _items(service, "ports", value, report):
        where = service.at("ports", index)
        text = _scalar_text(item)
        if text is not None and _interpolated(text, report):
            continue
        if isinstance(item, Mapping) and any(
            isinstance(v, str) and _interpolated(v, report) for v in item.values()
        ):
            continue
        if text is None and not isinstance(item, Mapping):
            report.add(
                "invalid-port",
                where,
                f"a ports entry must be a string, a number or a mapping, not {_describe(item)}",
            )
            continue
        if text is None:
            try:
                spec, canonical = parse_item(item, profile)
            except DockerLinksError as exc:
                report.add("invalid-port", where, exc.docker_message)
                continue
            yield PortItem(where, spec, canonical)
            continue
        if text not in report.ports:
            try:
                report.ports[text] = (*parse_item(text, profile), lint_item(text))
            except DockerLinksError as exc:
                report.ports[text] = exc.docker_message
        result = report.ports[text]
        if isinstance(result, str):
            report.add("invalid-port", where, result)
            continue
        spec, canonical, messages = result
        for message in messages:
            report.add("portability", where, message)
        yield PortItem(where, spec, canonical)


def _read_expose(
    service: Service, value: object, report: Report, profile: Profile
) -> tuple[Port, ...]:
    out: dict[Port, None] = {}
    for index, item in _items(service, "expose", value, report):
        where = service.at("expose", index)
        text = _scalar_text(item)
        if text is None:
            report.add(
                "invalid-port",
                where,
                f"an expose entry must be a string or a number, not {_describe(item)}",
            )
            continue
        if _interpolated(text, report):
            continue
        if text not in report.expose:
            try:
                report.expose[text] = parse_expose_item(text, profile)
            except DockerLinksError as exc:
                report.expose[text] = exc.docker_message
        exposed = report.expose[text]
        if isinstance(exposed, str):
            report.add("invalid-port", where, exposed)
            continue
        out.update(dict.fromkeys(exposed))
    return tuple(out)


def _read_links(service: Service, field: str, value: object, report: Report) -> Iterator[LinkItem]:
    for index, item in _items(service, field, value, report):
        where = service.at(field, index)
        if not isinstance(item, str):
            report.add(
                "invalid-link",
                where,
                f"a {field} entry must be a string, not {_describe(item)}",
            )
            continue
        if _interpolated(item, report):
            continue
        try:
            spec = parse_link(item)
        except DockerLinksError as exc:
            report.add("invalid-link", where, exc.docker_message)
            continue
        yield LinkItem(where, spec.name, spec.alias, field == "external_links")


def _env_value(value: object) -> str | None:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return int_text(value)
    if isinstance(value, float):
        return str(value)
    return None


_BAD_ENV_NAME = re.compile(r"[=\x00-\x1f\x7f]")
_EXPORT = re.compile(r"^([ \t]*)export[ \t]+", re.MULTILINE)
_EXPORT_BYTES = re.compile(rb"^([ \t]*)export[ \t]+", re.MULTILINE)


def _without_export(content: str | bytes) -> str | bytes:
    """An env file without the ``export`` before its names, which Compose's reader accepts."""
    if isinstance(content, bytes):
        return _EXPORT_BYTES.sub(rb"\1", content)
    return _EXPORT.sub(r"\1", content)


def _read_environment(
    service: Service,
    body: Mapping[Any, Any],
    report: Report,
    env_files: Mapping[str, str | bytes] | None,
    environ: Mapping[str, str],
) -> tuple[str, ...]:
    merged: dict[str, str] = {}
    files = body.get("env_file")
    for index, item in _items(service, "env_file", files, report, allow_single=True):
        where = (
            service.at("env_file", index) if not isinstance(files, str) else service.at("env_file")
        )
        path: object = item
        required: object = True
        if isinstance(item, Mapping):
            path = item.get("path")
            required = item.get("required", True)
        if not isinstance(path, str) or not isinstance(required, bool):
            report.add(
                "invalid-field",
                where,
                "an env_file entry must be a path or a mapping with 'path' and an optional "
                f"boolean 'required', not {_describe(item)}",
            )
            continue
        if env_files is None:
            continue  # contents not supplied: nothing to read
        content = env_files.get(path)
        if content is None:
            if required:
                report.add("invalid-field", where, f"env file {path} not found")
            continue
        try:
            entries = parse_env_file(_without_export(content), environ)
        except DockerLinksError as exc:
            report.add("invalid-field", where, f"invalid env file ({path}): {exc.docker_message}")
            continue
        for entry in entries:
            key, _, val = entry.partition("=")
            merged[key] = val
    environment = body.get("environment")
    where = service.at("environment")
    if isinstance(environment, Mapping):
        for key, raw in environment.items():
            if isinstance(key, str) and _BAD_ENV_NAME.search(key):
                report.add(
                    "invalid-field",
                    service.at("environment", key),
                    f"invalid environment variable name {_quote(key)}: a name cannot hold "
                    "'=', NUL or control characters (it would forge other variables)",
                )
                continue
            if not isinstance(key, str) or not key:
                report.add(
                    "invalid-field",
                    where,
                    f"environment names must be non-empty strings, not {_describe(key)}",
                )
                continue
            if raw is None:
                if key in environ:
                    merged[key] = environ[key]
                continue
            text = _env_value(raw)
            if text is None:
                report.add(
                    "invalid-field",
                    service.at("environment", key),
                    f"an environment value must be a string, number or boolean, "
                    f"not {_describe(raw)}",
                )
                continue
            merged[key] = text
    elif environment is not None:
        for index, item in _items(service, "environment", environment, report):
            if not isinstance(item, str) or not item or item.startswith("="):
                report.add(
                    "invalid-field",
                    service.at("environment", index),
                    f"an environment entry must be a string KEY=VALUE or KEY, "
                    f"not {_describe(item)}",
                )
                continue
            key, sep, val = item.partition("=")
            if _BAD_ENV_NAME.search(key):
                report.add(
                    "invalid-field",
                    service.at("environment", index),
                    f"invalid environment variable name {_quote(key)}: a name cannot hold "
                    "NUL or control characters (it would forge other variables)",
                )
                continue
            if sep:
                merged[key] = val
            elif key in environ:
                merged[key] = environ[key]
    return tuple(f"{key}={merged[key]}" for key in sorted(merged))


def _link_targets(value: object) -> frozenset[str]:
    """The services ``links`` entries depend on, as compose-go's normalisation reads them
    (``SERVICE:ALIAS`` gives SERVICE; any other text is the name as a whole)."""
    if not isinstance(value, list):
        return frozenset()
    out = set()
    for link in value:
        if isinstance(link, str):
            parts = link.split(":")
            out.add(parts[0] if len(parts) == 2 else link)
    return frozenset(out)


def _read_depends_on(service: Service, value: object, report: Report) -> tuple[Dependency, ...]:
    """The services named by ``depends_on`` (other shapes are left to Compose's schema)."""
    if isinstance(value, Mapping):
        return tuple(
            Dependency(service.at("depends_on", name), name)
            for name in value
            if isinstance(name, str) and not _interpolated(name, report)
        )
    if isinstance(value, list | tuple):
        return tuple(
            Dependency(service.at("depends_on", index), name)
            for index, name in enumerate(value)
            if isinstance(name, str) and not _interpolated(name, report)
        )
    return ()
