"""Request bodies and query parameters as the daemon decodes them: JSON into model values.

What lives here: :func:`parse_json` (a body as Go's ``encoding/json`` reads it),
:func:`create_request` (``POST /containers/create`` -> :class:`~dockerlinks.engine.
CreateRequest`), :class:`ExecConfig` and :func:`exec_config` (``POST /containers/{id}/exec``),
:func:`exec_start` (``POST /exec/{id}/start``), :func:`network_request`,
:func:`network_connect`, :func:`network_disconnect` and :func:`endpoint_config` (the network
bodies), :class:`Query` (moby's ``httputils`` readings of the query) and
:func:`familiar_reference` (``docker.io/library/x`` -> ``x``).

How a JSON body is read (Go's ``encoding/json``, as moby's decoders use it): an object's
keys match struct fields exactly or case-insensitively and the last matching key wins;
unknown keys are ignored; ``null`` is the field's zero value; a value of the wrong JSON type
is refused with Go's ``json: cannot unmarshal T into Go struct field F of type G``; bytes
that are not UTF-8 are read as U+FFFD; ``NaN`` and ``Infinity`` are not JSON.

Create body fields the model reads (moby v20.10.24 ``api/types/container``,
``runconfig.ContainerConfigWrapper``; anything else in ``HostConfig`` is kept as sent in
``host_config_json``, which ``docker inspect`` shows back)::

    field                                 Go type              model
    ------------------------------------  -------------------  ------------------------
    Image                                 string               image
    Cmd, Entrypoint                       strslice (text or    cmd (Entrypoint + Cmd)
                                          list of text)
    Hostname, Domainname                  string               hostname, domainname
    Env                                   []string             env
    ExposedPorts                          map[Port]struct{}    exposed
    Tty, OpenStdin                        bool                 tty, open_stdin
    AttachStdin/Stdout/Stderr             bool                 attach
    HostConfig.PortBindings               map[Port][]Binding   port_bindings
    HostConfig.PublishAllPorts            bool                 publish_all
    HostConfig.Links, ExtraHosts          []string             links, extra_hosts
    HostConfig.AutoRemove                 bool                 auto_remove
    HostConfig.NetworkMode                string               network_mode ("" = default)
    HostConfig.Dns                        []string             dns
    MacAddress                            string               mac_address
    NetworkingConfig.EndpointsConfig      map[string]Endpoint  endpoints (IPAMConfig.
                                                               IPv4Address, Aliases, Links,
                                                               MacAddress; {} and [] kept
                                                               apart from null)

The network bodies: ``POST /networks/create`` (``Name``, ``Driver``, the first
``IPAM.Config``, ``Internal``, ``Attachable``, ``Options``, ``Labels``),
``/networks/{id}/connect`` (``Container``, ``EndpointConfig``) and ``/disconnect``
(``Container``, ``Force``).

Port bindings are checked as the daemon checks them at create (moby v20.10.24
``daemon/container.go`` ``validateHostConfig``): every key's port and every ``HostPort``
must parse, else ``invalid port specification: "…"``.

What this module must not know: HTTP framing, sockets, the engine's state.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from dockerlinks import _go
from dockerlinks.engine.config import CreateRequest, EndpointConfig
from dockerlinks.engine.network import NetworkRequest
from dockerlinks.errors import DockerLinksError, PortError
from dockerlinks.ports import Port, PortBinding, PortConfig, parse_port_range

__all__ = [
    "ExecConfig",
    "Query",
    "create_request",
    "endpoint_config",
    "exec_config",
    "exec_start",
    "familiar_reference",
    "network_connect",
    "network_disconnect",
    "network_request",
    "parse_json",
]

_JSON_TYPES = ((bool, "bool"), (int, "number"), (float, "number"), (str, "string"))


def _json_type(value: object) -> str:
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    for kind, name in _JSON_TYPES:
        if isinstance(value, kind):
            return name
    return "null"


def _reject_constant(name: str) -> object:
    raise DockerLinksError(f"invalid character '{name[0]}' looking for beginning of value")


def parse_json(body: bytes) -> object:
    """``body`` as a JSON value (Go's reading: invalid UTF-8 becomes U+FFFD, no NaN).

    Raises :class:`~dockerlinks.errors.DockerLinksError` naming where the JSON breaks.

    >>> parse_json(b'{"Image": "training/webapp"}')
    {'Image': 'training/webapp'}
    >>> parse_json(b'{"Image": ')
    Traceback (most recent call last):
    ...
    dockerlinks.errors.DockerLinksError: invalid JSON: unexpected end of JSON input
    """
    text = body.decode("utf-8", "replace")
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()):
            raise DockerLinksError("invalid JSON: unexpected end of JSON input") from None
        raise DockerLinksError(
            f"invalid JSON: invalid character {text[exc.pos]!r} at offset {exc.pos}"
        ) from None
    except RecursionError:
        raise DockerLinksError("invalid JSON: exceeded max depth") from None


class _Object:
    """One JSON object's fields as Go's decoder matches them (the module docstring)."""

    def __init__(self, value: Mapping[str, Any], where: str) -> None:
        self.where = where
        self._fields: dict[str, Any] = {}
        for key, item in value.items():
            self._fields[key.casefold()] = item

    def _get(self, name: str) -> Any:
        return self._fields.get(name.casefold())

    def _wrong(self, name: str, value: object, go_type: str) -> DockerLinksError:
        return DockerLinksError(
            f"json: cannot unmarshal {_json_type(value)} into Go struct field "
            f"{self.where}.{name} of type {go_type}"
        )

    def text(self, name: str) -> str:
        value = self._get(name)
        if value is None:
            return ""
        if not isinstance(value, str):
            raise self._wrong(name, value, "string")
        return value

    def flag(self, name: str) -> bool:
        value = self._get(name)
        if value is None:
            return False
        if not isinstance(value, bool):
            raise self._wrong(name, value, "bool")
        return value

    def texts(self, name: str) -> tuple[str, ...]:
        value = self._get(name)
        if value is None:
            return ()
        if not isinstance(value, list):
            raise self._wrong(name, value, "[]string")
        for item in value:
            if not isinstance(item, str):
                raise self._wrong(name, item, "string")
        return tuple(value)

    def strslice(self, name: str) -> tuple[str, ...]:
        """moby's ``strslice.StrSlice``: a string is a one-word list."""
        value = self._get(name)
        if isinstance(value, str):
            return (value,)
        if value is not None and not isinstance(value, list):
            raise self._wrong(name, value, "strslice.StrSlice")
        return self.texts(name)

    def mapping(self, name: str, go_type: str) -> dict[str, Any]:
        value = self._get(name)
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self._wrong(name, value, go_type)
        return value

    def obj(self, name: str, go_type: str) -> _Object:
        return _Object(self.mapping(name, go_type), go_type.lstrip("*").rsplit(".", 1)[-1])

    def raw(self, name: str) -> Any:
        return self._get(name)


def _top(body: bytes, what: str) -> _Object:
    value = parse_json(body) if body.strip() else None
    if value is None:
        if what == "Config":  # moby daemon/create.go
            raise DockerLinksError("Config cannot be empty in order to create a container")
        raise DockerLinksError(f"{what} cannot be empty")
    if not isinstance(value, dict):
        raise DockerLinksError(
            f"json: cannot unmarshal {_json_type(value)} into Go value of type {what}"
        )
    return _Object(value, what)


def _port_key(key: str) -> Port:
    number = key.partition("/")[0]
    try:
        return Port.parse(key)
    except PortError:
        raise DockerLinksError(f"invalid port specification: {_go.quote(number)}") from None


def _exposed(config: _Object) -> tuple[Port, ...]:
    ports: dict[Port, None] = {}
    for key in config.mapping("ExposedPorts", "nat.PortSet"):
        ports[_port_key(key)] = None
    return tuple(ports)


def _bindings(host: _Object) -> PortConfig:
    raw = host.mapping("PortBindings", "nat.PortMap")
    entries: dict[Port, tuple[PortBinding, ...]] = {}
    for key, value in raw.items():
        port = _port_key(key)
        if value is None:
            value = []
        if not isinstance(value, list):
            raise host._wrong("PortBindings", value, "[]nat.PortBinding")
        found = []
        for item in value:
            if item is None:
                item = {}
            if not isinstance(item, dict):
                raise host._wrong("PortBindings", item, "nat.PortBinding")
            binding = _Object(item, "PortBinding")
            host_port = binding.text("HostPort")
            proto_less = host_port.rsplit("/", 1)[0] if "/" in host_port else host_port
            if proto_less:
                try:
                    parse_port_range(proto_less)
                except DockerLinksError:
                    raise DockerLinksError(
                        f"invalid port specification: {_go.quote(host_port)}"
                    ) from None
            found.append(PortBinding(binding.text("HostIp"), host_port))
        entries[port] = entries.get(port, ()) + tuple(found)
    return PortConfig(tuple(entries), tuple(entries.items()))


def endpoint_config(value: object, where: _Object, field: str) -> EndpointConfig:
    """One ``network.EndpointSettings`` object (``null``: none given), as the daemon stores
    it: whether ``IPAMConfig`` and ``DriverOpts`` came as objects and ``Aliases`` as a list,
    even empty, is kept (the stored document shows ``{}`` / ``[]`` for them, ``null`` else)."""
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise where._wrong(field, value, "network.EndpointSettings")
    settings = _Object(value, "EndpointSettings")
    ipam = settings.obj("IPAMConfig", "*network.EndpointIPAMConfig")
    settings.mapping("DriverOpts", "map[string]string")
    return EndpointConfig(
        aliases=settings.texts("Aliases"),
        ipv4=ipam.text("IPv4Address"),
        links=settings.texts("Links"),
        mac=settings.text("MacAddress"),
        ipam_object=isinstance(settings.raw("IPAMConfig"), dict),
        driver_opts_object=isinstance(settings.raw("DriverOpts"), dict),
        aliases_list=isinstance(settings.raw("Aliases"), list),
    )


def _endpoints(networking: _Object) -> tuple[tuple[str, EndpointConfig], ...]:
    raw = networking.mapping("EndpointsConfig", "map[string]*network.EndpointSettings")
    return tuple(
        (network, endpoint_config(value, networking, "EndpointsConfig"))
        for network, value in raw.items()
    )


_ATTACH = (("AttachStdin", "stdin"), ("AttachStdout", "stdout"), ("AttachStderr", "stderr"))


def create_request(body: bytes, name: str | None) -> CreateRequest:
    """The create request a ``POST /containers/create?name=NAME`` body asks for (the module
    docstring's table). ``name`` empty or ``None``: a generated name.

    >>> body = b'{"Image": "training/webapp", "Cmd": "env", "HostConfig": {"PortBindings":'
    >>> body += b' {"5000/tcp": [{"HostIp": "", "HostPort": "8080"}]}, "Links": ["db:db"]}}'
    >>> request = create_request(body, "web")
    >>> request.name, request.cmd, request.links, request.port_bindings.to_api()["PortBindings"]
    ('web', ('env',), ('db:db',), {'5000/tcp': [{'HostIp': '', 'HostPort': '8080'}]})
    >>> create_request(b'{"Image": "x", "Env": "A=1"}', None)
    Traceback (most recent call last):
    ...
    dockerlinks.errors.DockerLinksError: json: cannot unmarshal string into Go struct field ...
    """
    config = _top(body, "Config")
    config.where = "ContainerConfigWrapper"
    host = config.obj("HostConfig", "*container.HostConfig")
    networking = config.obj("NetworkingConfig", "*network.NetworkingConfig")
    host_raw = config.mapping("HostConfig", "*container.HostConfig")
    cmd = config.strslice("Entrypoint") + config.strslice("Cmd")
    try:
        return CreateRequest(
            image=config.text("Image"),
            cmd=cmd,
            name=name or None,
            hostname=config.text("Hostname"),
            domainname=config.text("Domainname"),
            env=config.texts("Env"),
            exposed=_exposed(config),
            port_bindings=_bindings(host),
            publish_all=host.flag("PublishAllPorts"),
            links=host.texts("Links"),
            auto_remove=host.flag("AutoRemove"),
            tty=config.flag("Tty"),
            open_stdin=config.flag("OpenStdin"),
            network_mode=host.text("NetworkMode") or "default",
            endpoints=_endpoints(networking),
            extra_hosts=host.texts("ExtraHosts"),
            attach=tuple(stream for key, stream in _ATTACH if config.flag(key)),
            host_config_json=json.dumps(host_raw, separators=(",", ":")) if host_raw else "",
            dns=host.texts("Dns"),
            mac_address=config.text("MacAddress"),
        )
    except (ValueError, TypeError) as exc:  # a validator's refusal (EngineError is one)
        if isinstance(exc, DockerLinksError):
            raise
        raise DockerLinksError(f"invalid container config: {exc}") from None


@attrs.frozen
class ExecConfig:
    """``POST /containers/{id}/exec``: what to run and which streams attach."""

    cmd: tuple[str, ...]
    env: tuple[str, ...] = ()
    tty: bool = False
    stdin: bool = False
    stdout: bool = False
    stderr: bool = False
    privileged: bool = False
    user: str = ""
    detach_keys: str = ""
    workdir: str = ""


def exec_config(body: bytes) -> ExecConfig:
    """An exec's configuration from its create body (moby v20.10.24 ``types.ExecConfig``);
    an empty ``Cmd`` is the daemon's ``No exec command specified``.

    >>> exec_config(b'{"Cmd": ["env"], "AttachStdout": true}').cmd
    ('env',)
    >>> exec_config(b'{"Cmd": []}')
    Traceback (most recent call last):
    ...
    dockerlinks.errors.DockerLinksError: No exec command specified
    """
    config = _top(body, "ExecConfig")
    cmd = config.strslice("Cmd")
    if not cmd:
        raise DockerLinksError("No exec command specified")
    return ExecConfig(
        cmd=cmd,
        env=config.texts("Env"),
        tty=config.flag("Tty"),
        stdin=config.flag("AttachStdin"),
        stdout=config.flag("AttachStdout"),
        stderr=config.flag("AttachStderr"),
        privileged=config.flag("Privileged"),
        user=config.text("User"),
        detach_keys=config.text("DetachKeys"),
        workdir=config.text("WorkingDir"),
    )


def exec_start(body: bytes) -> tuple[bool, bool]:
    """``(Detach, Tty)`` of an exec start body (an empty body: both false).

    >>> exec_start(b'{"Detach": true, "Tty": false}'), exec_start(b"")
    ((True, False), (False, False))
    """
    if not body.strip():
        return False, False
    config = _top(body, "ExecStartCheck")
    return config.flag("Detach"), config.flag("Tty")


def _labels(body: _Object, name: str) -> tuple[tuple[str, str], ...]:
    value = body.mapping(name, "map[string]string")
    for item in value.values():
        if not isinstance(item, str):
            raise body._wrong(name, item, "string")
    return tuple(value.items())


def network_request(body: bytes) -> NetworkRequest:
    """``POST /networks/create`` (moby v20.10.24 ``types.NetworkCreateRequest``): the name,
    the driver (empty: ``bridge``), the first ``IPAM.Config`` entry, the flags, ``Options``
    and ``Labels``.

    >>> network_request(b'{"Name": "front", "IPAM": {"Config": [{"Subnet": "198.18.0.0/24"}]}}')
    NetworkRequest(name='front', driver='bridge', subnet='198.18.0.0/24', ...)
    """
    request = _top(body, "NetworkCreateRequest")
    ipam = request.obj("IPAM", "*network.IPAM")
    configs = ipam.raw("Config") or []
    if not isinstance(configs, list):
        raise ipam._wrong("Config", configs, "[]network.IPAMConfig")
    for item in configs:
        if not isinstance(item, dict):
            raise ipam._wrong("Config", item, "network.IPAMConfig")
    first = _Object(configs[0] if configs else {}, "IPAMConfig")
    try:
        return NetworkRequest(
            name=request.text("Name"),
            driver=request.text("Driver") or "bridge",
            subnet=first.text("Subnet"),
            gateway=first.text("Gateway"),
            ip_range=first.text("IPRange"),
            internal=request.flag("Internal"),
            attachable=request.flag("Attachable"),
            options=_labels(request, "Options"),
            labels=_labels(request, "Labels"),
        )
    except (ValueError, TypeError) as exc:
        if isinstance(exc, DockerLinksError):
            raise
        raise DockerLinksError(f"invalid network config: {exc}") from None


def network_connect(body: bytes) -> tuple[str, EndpointConfig]:
    """``POST /networks/{id}/connect``: the container and its endpoint settings."""
    request = _top(body, "NetworkConnect")
    return request.text("Container"), endpoint_config(
        request.raw("EndpointConfig"), request, "EndpointConfig"
    )


def network_disconnect(body: bytes) -> tuple[str, bool]:
    """``POST /networks/{id}/disconnect``: the container and ``Force``."""
    request = _top(body, "NetworkDisconnect")
    return request.text("Container"), request.flag("Force")


def familiar_reference(reference: str) -> str:
    """An image reference as Docker names it to users: the default registry and the
    ``library/`` namespace dropped (docker/distribution ``FamiliarName``), so that the 28.2
    CLI's ``docker.io/training/webapp`` finds the catalog's ``training/webapp``.

    >>> familiar_reference("docker.io/library/busybox"), familiar_reference("docker.io/a/b")
    ('busybox', 'a/b')
    >>> familiar_reference("quay.io/a/b")
    'quay.io/a/b'
    """
    for prefix in ("docker.io/", "index.docker.io/", "registry-1.docker.io/"):
        if reference.startswith(prefix):
            rest = reference[len(prefix) :]
            if rest.startswith("library/") and "/" not in rest[len("library/") :]:
                rest = rest[len("library/") :]
            return rest
    if reference.startswith("library/") and "/" not in reference[len("library/") :]:
        return reference[len("library/") :]
    return reference


@attrs.frozen
class Query:
    """The query of a request, read as moby's ``httputils`` reads ``r.Form``: the first
    value of a name counts (``FormValue``)."""

    pairs: tuple[tuple[str, str], ...] = ()

    def get(self, name: str) -> str | None:
        """The first value of ``name``, or ``None``."""
        for key, value in self.pairs:
            if key == name:
                return value
        return None

    def text(self, name: str) -> str:
        """The first value of ``name`` (``""`` when absent)."""
        return self.get(name) or ""

    def flag(self, name: str) -> bool:
        """moby ``httputils.BoolValue``: false for absent, ``""``, ``0``, ``no``, ``false``,
        ``none`` (any case, spaces trimmed); true otherwise.

        >>> Query((("all", "1"), ("size", "False"))).flag("all"), Query().flag("all")
        (True, False)
        >>> Query((("size", " False "),)).flag("size")
        False
        """
        value = _go.trim_space(self.text(name)).lower()
        return value not in ("", "0", "no", "false", "none")

    def integer(self, name: str, default: int) -> int:
        """``strconv.Atoi`` of the value (absent: ``default``); malformed values are refused
        with Go's text."""
        value = self.get(name)
        if value is None or value == "":
            return default
        try:
            return _go.parse_int(value, 64)
        except _go.NumError as exc:
            raise DockerLinksError(f"strconv.Atoi: parsing {_go.quote(value)}: {exc.err}") from None


def query_of(pairs: Sequence[tuple[str, str]]) -> Query:
    """A :class:`Query` of ``pairs``."""
    return Query(tuple(pairs))
