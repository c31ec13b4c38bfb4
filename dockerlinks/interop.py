"""Engine-API and docker-py interop: ``docker inspect`` documents, docker-py's ``ports=``
mapping and compose's long port syntax, to and from the library's values.

What it must not know: the engine or any I/O; documents come in as decoded JSON values.

``from_inspect`` reads these fields of one ``docker inspect`` document (a container object,
or a list holding exactly one); a missing field or JSON ``null`` reads as empty::

    field                          value                                  becomes
    -----------------------------  -------------------------------------  ------------------
    Id                             string                                 id
    Name                           "/web"                                 name ("web")
    Config.Hostname                string                                 hostname
    Config.Env                     ["KEY=value", ...]                     env
    Config.ExposedPorts            {"80/tcp": {}, ...}                    config (PortConfig)
    HostConfig.PortBindings        {"80/tcp": [{"HostIp": "",             config
                                     "HostPort": "8080"}], ...}
    HostConfig.Links               ["/db:/web/db", ...]                   links (LinkSpec)
    NetworkSettings.IPAddress      "172.17.0.2" (API < 1.52; else the     ip
                                   default bridge's entry of
                                   NetworkSettings.Networks)
    NetworkSettings.               "2001:db8::2" (same fallback)          ipv6
      GlobalIPv6Address
    NetworkSettings.Ports          {"80/tcp": [{"HostIp": "0.0.0.0",      ports (PortMap)
                                     "HostPort": "32768"}, ...],
                                    "443/tcp": null}
    Config.Domainname              string                                 domainname
    HostConfig.NetworkMode         "default", "bridge", "front", "host",  network_mode
                                   "none", "container:<id>"
    HostConfig.ExtraHosts          ["name:1.2.3.4", "gw:host-gateway"]    extra_hosts
    NetworkSettings.Networks       {"front": {"IPAddress": ...,           networks
                                     "GlobalIPv6Address": ...,            (InspectedEndpoint,
                                     "Aliases": [...], "Links": [...],     primary network
                                     "Gateway": ...}, ...}                 first)

Where the container is on user-defined networks, Docker gives it no link variables (a
``--link`` there is a DNS alias, ``NetworkSettings.Networks[*].Links``) and writes its
``/etc/hosts`` with the defaults, the extra hosts and one own line per network address, in
the order the networks were joined (moby v20.10.24 ``libnetwork/sandbox.go``
``updateHostsFile``, ``daemon/container_operations.go``). A document does not record that
order: :func:`recipient_hosts` takes the primary network (``HostConfig.NetworkMode``) first
and the networks connected later in name order, the order ``encoding/json`` writes them.
``host``, ``none`` and ``container:`` modes have no file of their own here
(:class:`~dockerlinks.errors.InspectError` says so, never an empty answer).

A field of the wrong shape raises :class:`~dockerlinks.errors.InspectError` whose message
starts with the path of the bad field, e.g. ``NetworkSettings.Ports["80/tcp"][1].HostPort:
expected a string, got int``; nothing else escapes.

Published bindings are kept per address family: Docker binds IPv4 and IPv6 separately and,
before Engine v27, could give them different host ports, so :meth:`InspectedContainer.host_ports`
takes a ``family`` and returns every matching port, never just "the first binding".

docker-py's ``ports=`` mapping (``containers.run(ports=...)``,
``create_host_config(port_bindings=...)``), as docker-py converts it::

    key                    "80/tcp", "80" or 80 (no protocol means tcp)
    value                  HostPort / HostIp
    ---------------------  --------------------------------------------
    None                   "" / ""              (ephemeral port)
    3333 or "3333"         "3333" / ""
    "8000-9000"            "8000-9000" / ""     (one port of the range)
    ("127.0.0.1", 4567)    "4567" / "127.0.0.1"
    ("127.0.0.1", None)    "" / "127.0.0.1"
    ("127.0.0.1",)         "" / "127.0.0.1"     (a 1-tuple of text is an IP)
    (4567,)                "4567" / ""          (a 1-tuple of a number is a port)
    {"HostPort": "80",     "80" / "127.0.0.1"   (HostIp optional, HostPort required)
     "HostIp": "127.0.0.1"}
    [v1, v2, ...]          one binding per item, in order

``"80"`` and ``"80/tcp"`` are the same key once converted; the later one wins (one binding
is silently lost, as with docker-py). Exposed ports without a binding cannot be written in
``ports=``; docker-py's low-level ``create_container(ports=[80, (53, "udp")])`` list carries
them (:func:`to_docker_py_exposed`).

Compose ``ports:`` items: short text (or a bare number) and the long mapping
``{target, published, host_ip, protocol, mode}``; ``expose:`` items are ``--expose`` values.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from dockerlinks._args import check_items, checked, shown
from dockerlinks.errors import DockerLinksError, InspectError
from dockerlinks.hosts import HostsLink, container_hosts
from dockerlinks.links import LinkSpec, link_env, link_name, parse_link
from dockerlinks.ports import (
    Port,
    PortBinding,
    PortConfig,
    PortMap,
    PortSpec,
    convert_compose_port,
    parse_expose,
    parse_port_spec,
    parse_port_specs,
)
from dockerlinks.profiles import Profile

__all__ = [
    "InspectedContainer",
    "InspectedEndpoint",
    "from_compose_ports",
    "from_docker_py_ports",
    "from_inspect",
    "recipient_hosts",
    "recipient_link_env",
    "to_compose_expose",
    "to_compose_ports",
    "to_docker_py_exposed",
    "to_docker_py_ports",
]


# --------------------------------------------------------------------------- shape checks


def _type_name(value: object) -> str:
    return "null" if value is None else type(value).__name__


def _fail(path: str, message: str) -> InspectError:
    return InspectError(f"{path}: {message}" if path else message)


def _text_of(value: int | str, path: str) -> str:
    """A port given as a number or text, as text (a number no port can be is refused here:
    Python will not print one past its digit limit)."""
    if isinstance(value, int) and not -(10**9) < value < 10**9:
        raise _fail(path, f"invalid port: {shown(value)}")
    return str(value)


def _mapping(value: object, path: str) -> Mapping[str, Any]:
    """A JSON object (``null`` reads as empty); its keys must be strings."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise _fail(path, f"expected an object, got {_type_name(value)}")
    for key in value:
        if not isinstance(key, str):
            raise _fail(path, f"expected string keys, got {_type_name(key)} {shown(key)}")
    return value


def _list(value: object, path: str) -> Sequence[Any]:
    if value is None:
        return ()
    if not isinstance(value, list | tuple):
        raise _fail(path, f"expected a list, got {_type_name(value)}")
    return value


def _string(value: object, path: str, *, default: str = "") -> str:
    if value is None:
        return default
    if not isinstance(value, str):
        raise _fail(path, f"expected a string, got {_type_name(value)}")
    return value


def _item(value: object, path: str) -> str:
    """A list item that must be a string (``null`` is not empty here)."""
    if not isinstance(value, str):
        raise _fail(path, f"expected a string, got {_type_name(value)}")
    return value


def _key(key: str) -> str:
    return f"[{key!r}]".replace("'", '"') if key else '[""]'


def _port_key(key: str, path: str) -> Port:
    try:
        return Port.parse(key)
    except DockerLinksError as exc:
        raise _fail(path, exc.docker_message) from None


def _binding(value: object, path: str) -> PortBinding:
    item = _mapping(value, path)
    return PortBinding(
        _string(item.get("HostIp"), f"{path}.HostIp"),
        _string(item.get("HostPort"), f"{path}.HostPort"),
    )


def _bindings_api(value: object, path: str, *, nulls: bool) -> dict[str, Any]:
    """A port-keyed binding table, checked, in the API's own shape (for ``from_api``)."""
    result: dict[str, Any] = {}
    for key, bindings in _mapping(value, path).items():
        where = f"{path}{_key(key)}"
        _port_key(key, where)
        if bindings is None and nulls:
            result[key] = None
            continue
        items = list(_list(bindings, where))
        for index, item in enumerate(items):
            _binding(item, f"{where}[{index}]")
        result[key] = items
    return result


def _ip(value: object, path: str, version: int) -> str:
    text = _string(value, path)
    if text:
        try:
            address = ipaddress.ip_address(text)
        except ValueError:
            raise _fail(path, f"invalid IP address: {text}") from None
        if address.version != version or "%" in text:
            raise _fail(path, f"not an IPv{version} address: {text}")
    return text


def _family(binding: PortBinding) -> int:
    return 6 if ":" in binding.host_ip else 4


@attrs.frozen
class InspectedEndpoint:
    """One entry of ``NetworkSettings.Networks``: the network's name, the container's
    addresses there, its DNS aliases and its links on that network (aliases only), and the
    network's gateway."""

    network: str
    ip: str = ""
    ipv6: str = ""
    aliases: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    gateway: str = ""


# --------------------------------------------------------------------------- inspect


@attrs.frozen
class InspectedContainer:
    """What a ``docker inspect`` document says about links and ports (see the module table).

    ``name`` has no leading ``/``; ``ip`` / ``ipv6`` are the addresses on the default bridge
    (``""`` when there is none, e.g. a stopped container); ``config`` is what was requested
    (``Config.ExposedPorts`` + ``HostConfig.PortBindings``), ``ports`` what was bound
    (``NetworkSettings.Ports``); ``links`` are the container's own links as
    :class:`~dockerlinks.links.LinkSpec` values (child name, alias).
    """

    id: str = ""
    name: str = ""
    hostname: str = ""
    ip: str = ""
    ipv6: str = ""
    env: tuple[str, ...] = ()
    config: PortConfig = attrs.field(factory=PortConfig)
    ports: PortMap = attrs.field(factory=PortMap)
    links: tuple[LinkSpec, ...] = ()
    domainname: str = ""
    network_mode: str = ""
    extra_hosts: tuple[str, ...] = ()
    networks: tuple[InspectedEndpoint, ...] = ()

    @property
    def on_default_bridge(self) -> bool:
        """Whether the container's primary network is the default bridge (``default`` or
        ``bridge``, or no mode recorded): where legacy links give variables and hosts lines."""
        return self.network_mode in ("", "default", "bridge")

    def own_addresses(self) -> tuple[str, ...]:
        """The addresses of the container's own ``/etc/hosts`` lines: on the default bridge
        its IPv4 and global IPv6 address; on user-defined networks each network's, primary
        network first, then the others in name order (see the module docstring).

        Raises :class:`~dockerlinks.errors.InspectError` for ``host``, ``none`` and
        ``container:`` modes, whose hosts file is not the container's own."""
        mode = self.network_mode
        if mode in ("host", "none") or mode.startswith("container:"):
            raise InspectError(
                f"container {self.name or self.id} has network mode {mode!r}: its /etc/hosts "
                "is not built from its own addresses (host: the host's file; none: defaults "
                "only; container: the other container's)"
            )
        if self.on_default_bridge:
            return tuple(ip for ip in (self.ip, self.ipv6) if ip)
        ordered = sorted(self.networks, key=lambda e: (e.network != mode, e.network))
        out: list[str] = []
        for endpoint in ordered:
            out.extend(ip for ip in (endpoint.ip, endpoint.ipv6) if ip)
        return tuple(out)

    @property
    def exposed_ports(self) -> tuple[Port, ...]:
        """``Config.ExposedPorts``: what the container exposes (what link variables describe)."""
        return self.config.exposed

    def bindings(self, port: Port | str, *, family: int | None = None) -> tuple[PortBinding, ...]:
        """The published bindings of ``port`` (``Port`` or ``"80/tcp"``), of one family or all.

        ``family`` is 4, 6 or ``None``; a binding is IPv6 when its ``HostIp`` holds a ``:``.
        An exposed but unpublished port has no bindings.
        """
        if family not in (None, 4, 6):
            raise InspectError(f"family must be 4, 6 or None, not {shown(family)}")
        key = port if isinstance(port, Port) else _port_key(port, "port")
        for entry, bindings in self.ports.entries:
            if entry == key:
                return tuple(b for b in bindings or () if family is None or _family(b) == family)
        return ()

    def host_ports(self, port: Port | str, *, family: int | None = None) -> tuple[int, ...]:
        """The host ports published for ``port``, in ``docker inspect`` order, per family.

        With Docker's dual-stack default this is ``(32768, 32768)`` for ``family=None`` and
        ``(32768,)`` for each family; before Engine v27 the two families could differ.
        """
        result = []
        for binding in self.bindings(port, family=family):
            if binding.host_port.isascii() and binding.host_port.isdigit():
                result.append(int(binding.host_port))
        return tuple(result)

    @checked(alias=str, recipient=str)
    def link_env(
        self, alias: str, recipient: str, *, profile: Profile | str = "modern"
    ) -> list[str]:
        """The variables a container named ``recipient`` gets from ``--link <this>:<alias>``.

        Delegates to :func:`dockerlinks.links.link_env` with this container's IPv4 address,
        exposed ports and configured environment.
        """
        if not self.ip:
            raise InspectError(
                f"container {self.name or self.id} not attached to default bridge network"
            )
        full = link_name(recipient, alias)
        return link_env(full, self.ip, self.config.exposed, self.env, profile=profile)

    def hosts_link(self, alias: str) -> HostsLink:
        """This container as the ``/etc/hosts`` of a recipient linking it as ``alias`` sees it.

        The IPv4 line, and (Docker v25+) an IPv6 line when the container has a global IPv6
        address on the default bridge; see :func:`dockerlinks.hosts.container_hosts`.
        """
        if not self.ip:
            raise InspectError(
                f"container {self.name or self.id} not attached to default bridge network"
            )
        return HostsLink(alias, self.name, self.hostname, self.ip, self.ipv6)


def _find_child(name: str, children: Sequence[InspectedContainer]) -> InspectedContainer:
    """The child a link names: by container name, else by full ID or unique ID prefix."""
    bare = name[1:] if name.startswith("/") else name
    for child in children:
        if child.name == bare:
            return child
    matches = [c for c in children if bare and c.id.startswith(bare)]
    if len(matches) == 1:
        return matches[0]
    raise InspectError(f"could not get container for {name}: No such container: {name}")


def _children(children: Iterable[InspectedContainer]) -> list[InspectedContainer]:
    return list(check_items(children, InspectedContainer, "children", error=InspectError))


@checked(InspectError, recipient=InspectedContainer)
def recipient_link_env(
    recipient: InspectedContainer,
    children: Iterable[InspectedContainer],
    *,
    profile: Profile | str = "modern",
) -> list[str]:
    """Every link variable ``recipient`` gets, link by link in ``HostConfig.Links`` order.

    ``children`` are the inspected containers the links point at (found by name, or by ID).
    """
    found = _children(children)
    out: list[str] = []
    if not recipient.on_default_bridge:
        return out  # links on a user-defined network are DNS aliases: no variables
    for spec in recipient.links:
        child = _find_child(spec.name, found)
        out.extend(child.link_env(spec.alias, recipient.name, profile=profile))
    return out


@checked(InspectError, recipient=InspectedContainer)
def recipient_hosts(
    recipient: InspectedContainer,
    children: Iterable[InspectedContainer],
    *,
    profile: Profile | str = "modern",
    ipv6: bool = True,
    host_gateway: str | None = None,
) -> str:
    """The ``/etc/hosts`` the daemon writes for ``recipient``: the defaults, its extra hosts,
    its legacy links' lines (on the default bridge only), its own lines (see
    :meth:`InspectedContainer.own_addresses`). ``host_gateway``: the address
    ``host-gateway`` stands for (default: the default bridge's gateway in the document, else
    172.17.0.1, the daemon's default)."""
    found = _children(children)
    ips = recipient.own_addresses()
    links = (
        [_find_child(spec.name, found).hosts_link(spec.alias) for spec in recipient.links]
        if recipient.on_default_bridge
        else []
    )
    if host_gateway is None:
        bridge = [e.gateway for e in recipient.networks if e.network == "bridge" and e.gateway]
        host_gateway = bridge[0] if bridge else "172.17.0.1"
    return container_hosts(
        hostname=recipient.hostname,
        domainname=recipient.domainname,
        ips=ips,
        links=links,
        extra_hosts=recipient.extra_hosts,
        profile=profile,
        ipv6=ipv6,
        host_gateway=host_gateway,
    )


def _endpoints(settings: Mapping[str, Any]) -> tuple[InspectedEndpoint, ...]:
    out = []
    networks = _mapping(settings.get("Networks"), "NetworkSettings.Networks")
    for name, value in networks.items():
        where = f"NetworkSettings.Networks{_key(name)}"
        entry = _mapping(value, where)

        def texts(
            field: str, entry: Mapping[str, Any] = entry, where: str = where
        ) -> tuple[str, ...]:
            return tuple(
                _item(item, f"{where}.{field}[{i}]")
                for i, item in enumerate(_list(entry.get(field), f"{where}.{field}"))
            )

        out.append(
            InspectedEndpoint(
                network=str(name),
                ip=_ip(entry.get("IPAddress"), f"{where}.IPAddress", 4),
                ipv6=_ip(entry.get("GlobalIPv6Address"), f"{where}.GlobalIPv6Address", 6),
                aliases=texts("Aliases"),
                links=texts("Links"),
                gateway=_ip(entry.get("Gateway"), f"{where}.Gateway", 4),
            )
        )
    return tuple(out)


def _network_address(settings: Mapping[str, Any], field: str, version: int) -> str:
    path = f"NetworkSettings.{field}"
    value = _ip(settings.get(field), path, version)
    if value:
        return value
    networks = _mapping(settings.get("Networks"), "NetworkSettings.Networks")
    bridge = _mapping(networks.get("bridge"), 'NetworkSettings.Networks["bridge"]')
    return _ip(bridge.get(field), f'NetworkSettings.Networks["bridge"].{field}', version)


def from_inspect(data: object) -> InspectedContainer:
    """Build an :class:`InspectedContainer` from one ``docker inspect`` document.

    >>> c = from_inspect({
    ...     "Name": "/db", "Config": {"Hostname": "5e0dc1a5b5c4",
    ...         "Env": ["PG_VERSION=9.3", "PATH=/usr/bin"], "ExposedPorts": {"5432/tcp": {}}},
    ...     "NetworkSettings": {"IPAddress": "172.17.0.2", "Ports": {"5432/tcp": [
    ...         {"HostIp": "0.0.0.0", "HostPort": "32768"},
    ...         {"HostIp": "::", "HostPort": "32769"}]}}})
    >>> c.host_ports("5432/tcp", family=4), c.host_ports("5432/tcp", family=6)
    ((32768,), (32769,))
    >>> c.link_env("db", "web")[:2]
    ['DB_PORT=tcp://172.17.0.2:5432', 'DB_PORT_5432_TCP=tcp://172.17.0.2:5432']
    >>> from_inspect({"NetworkSettings": {"Ports": {"80/tcp": [{"HostPort": 80}]}}})
    Traceback (most recent call last):
    ...
    dockerlinks.errors.InspectError: NetworkSettings.Ports["80/tcp"][0].HostPort: expected a ...
    """
    if isinstance(data, list | tuple):
        if len(data) != 1:
            raise InspectError(f"expected one container document, got a list of {len(data)}")
        data, root = data[0], "[0]"
    else:
        root = ""
    if data is None:
        raise _fail(root or "document", "expected an object, got null")
    doc = _mapping(data, root or "document")

    def at(path: str) -> str:
        return f"{root}.{path}" if root else path

    try:
        config = _mapping(doc.get("Config"), "Config")
        host_config = _mapping(doc.get("HostConfig"), "HostConfig")
        settings = _mapping(doc.get("NetworkSettings"), "NetworkSettings")
        env = tuple(
            _item(item, f"Config.Env[{i}]")
            for i, item in enumerate(_list(config.get("Env"), "Config.Env"))
        )
        exposed: dict[str, dict[str, Any]] = {}
        for key, value in _mapping(config.get("ExposedPorts"), "Config.ExposedPorts").items():
            where = f"Config.ExposedPorts{_key(key)}"
            _port_key(key, where)
            _mapping(value, where)
            exposed[key] = {}
        bindings = _bindings_api(
            host_config.get("PortBindings"), "HostConfig.PortBindings", nulls=False
        )
        links = []
        for index, item in enumerate(_list(host_config.get("Links"), "HostConfig.Links")):
            where = f"HostConfig.Links[{index}]"
            try:
                links.append(parse_link(_item(item, where)))
            except InspectError:
                raise
            except DockerLinksError as exc:
                raise _fail(where, exc.docker_message) from None
        published = _bindings_api(settings.get("Ports"), "NetworkSettings.Ports", nulls=True)
        # Shapes are checked above; from_api raises InspectError with its own path for what
        # is left (Go's case-insensitive field names: {"hostip": 1}).
        port_config = PortConfig.from_api({"ExposedPorts": exposed, "PortBindings": bindings})
        port_map = PortMap.from_api(published)
        name = _string(doc.get("Name"), "Name")
        return InspectedContainer(
            id=_string(doc.get("Id"), "Id"),
            name=name[1:] if name.startswith("/") else name,
            hostname=_string(config.get("Hostname"), "Config.Hostname"),
            ip=_network_address(settings, "IPAddress", 4),
            ipv6=_network_address(settings, "GlobalIPv6Address", 6),
            env=env,
            config=port_config,
            ports=port_map,
            links=tuple(links),
            domainname=_string(config.get("Domainname"), "Config.Domainname"),
            network_mode=_string(host_config.get("NetworkMode"), "HostConfig.NetworkMode"),
            extra_hosts=tuple(
                _item(item, f"HostConfig.ExtraHosts[{i}]")
                for i, item in enumerate(
                    _list(host_config.get("ExtraHosts"), "HostConfig.ExtraHosts")
                )
            ),
            networks=_endpoints(settings),
        )
    except InspectError as exc:
        if root:
            raise InspectError(at(exc.docker_message)) from None
        raise


# --------------------------------------------------------------------------- docker-py


def _py_key(key: object, path: str) -> str:
    if isinstance(key, bool) or not isinstance(key, int | str):
        raise _fail(path, f"expected a port key (int or text), got {_type_name(key)}")
    text = _text_of(key, path)
    if "/" not in text:
        text += "/tcp"
    _port_key(text, f"{path}[{key!r}]")
    return text


def _py_host_port(value: object, path: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise _fail(path, f"expected a host port (int, text or None), got {_type_name(value)}")
    return _text_of(value, path)


def _py_binding(value: object, path: str) -> dict[str, str]:
    if isinstance(value, tuple):
        if len(value) == 2:
            ip = _string(value[0], f"{path}[0]")
            return {"HostIp": ip, "HostPort": _py_host_port(value[1], f"{path}[1]")}
        if len(value) == 1:
            if isinstance(value[0], str):
                return {"HostIp": value[0], "HostPort": ""}
            return {"HostIp": "", "HostPort": _py_host_port(value[0], f"{path}[0]")}
        raise _fail(path, f"a binding tuple holds one or two items, not {len(value)}")
    if isinstance(value, Mapping):
        if "HostPort" not in value:
            raise _fail(path, "a binding mapping needs 'HostPort'")
        return {
            "HostIp": _string(value.get("HostIp"), f"{path}.HostIp"),
            "HostPort": _py_host_port(value["HostPort"], f"{path}.HostPort"),
        }
    return {"HostIp": "", "HostPort": _py_host_port(value, path)}


def _py_exposed(item: object, path: str) -> str:
    if isinstance(item, tuple):
        if len(item) == 2:
            port, proto = item
        elif len(item) == 1:
            port, proto = item[0], "tcp"
        else:
            raise _fail(path, f"an exposed-port tuple holds one or two items, not {len(item)}")
    else:
        port, proto = item, "tcp"
    if isinstance(port, bool) or not isinstance(port, int | str):
        raise _fail(path, f"expected a port (int or text), got {_type_name(port)}")
    key = f"{_text_of(port, path)}/{_string(proto, f'{path}[1]')}"
    _port_key(key, path)
    return key


def from_docker_py_ports(ports: object, exposed: object = ()) -> PortConfig:
    """The :class:`~dockerlinks.ports.PortConfig` docker-py sends for a ``ports=`` mapping.

    ``exposed`` is the low-level ``create_container(ports=[...])`` list (ints, texts or
    ``(port, proto)`` tuples); as with ``containers.run``, every key of ``ports`` is exposed too.

    >>> config = from_docker_py_ports({"2222/tcp": 3333, 1111: ("127.0.0.1", 4567)})
    >>> config.to_api()["PortBindings"]["1111/tcp"]
    [{'HostIp': '127.0.0.1', 'HostPort': '4567'}]
    """
    table = _mapping_any(ports, "ports")
    bindings: dict[str, list[dict[str, str]]] = {}
    for key, value in table.items():
        text = _py_key(key, "ports")
        where = f"ports[{key!r}]"
        if isinstance(value, list):
            bindings[text] = [_py_binding(v, f"{where}[{i}]") for i, v in enumerate(value)]
        else:
            bindings[text] = [_py_binding(value, where)]
    exposed_keys = [
        _py_exposed(item, f"exposed[{i}]") for i, item in enumerate(_list(exposed, "exposed"))
    ]
    exposed_api: dict[str, dict[str, Any]] = {key: {} for key in [*exposed_keys, *bindings]}
    return PortConfig.from_api({"ExposedPorts": exposed_api, "PortBindings": bindings})


def _mapping_any(value: object, path: str) -> Mapping[Any, Any]:
    if not isinstance(value, Mapping):
        raise _fail(path, f"expected a mapping, got {_type_name(value)}")
    return value


def _py_port_value(port: str) -> int | str:
    return int(port) if port.isascii() and port.isdigit() and str(int(port)) == port else port


def _py_value(binding: PortBinding) -> Any:
    if not binding.host_ip:
        return None if binding.host_port == "" else _py_port_value(binding.host_port)
    port = None if binding.host_port == "" else _py_port_value(binding.host_port)
    return (binding.host_ip, port)


@checked(config=PortConfig)
def to_docker_py_ports(config: PortConfig) -> dict[str, Any]:
    """docker-py's ``ports=`` mapping for the bindings of ``config`` (see the module table).

    One binding is written as a single value, several as a list; exposed ports without a
    binding are not in the mapping (see :func:`to_docker_py_exposed`).

    >>> from dockerlinks.ports import parse_port_specs
    >>> to_docker_py_ports(parse_port_specs(["8080:80", "127.0.0.1::53/udp", "5000"]))
    {'80/tcp': 8080, '53/udp': ('127.0.0.1', None), '5000/tcp': None}
    """
    result: dict[str, Any] = {}
    for port, bindings in config.bindings:
        values = [_py_value(b) for b in bindings]
        result[str(port)] = values[0] if len(values) == 1 else values
    return result


@checked(config=PortConfig)
def to_docker_py_exposed(config: PortConfig) -> list[int | tuple[int, str]]:
    """The exposed ports as docker-py's low-level ``create_container(ports=[...])`` list.

    >>> from dockerlinks.ports import parse_port_specs
    >>> to_docker_py_exposed(parse_port_specs(["80", "53/udp"]))
    [80, (53, 'udp')]
    """
    return [p.number if p.proto == "tcp" else (p.number, p.proto) for p in config.exposed]


# --------------------------------------------------------------------------- compose


def from_compose_ports(ports: object, expose: object = ()) -> PortConfig:
    """The :class:`~dockerlinks.ports.PortConfig` of a compose service's ``ports:`` and
    ``expose:`` lists (short text, bare numbers and long-syntax mappings).

    >>> config = from_compose_ports(
    ...     ["8080:80", {"target": 53, "published": "5353", "protocol": "udp"}], ["9000"])
    >>> [str(p) for p in config.exposed]
    ['80/tcp', '53/udp', '9000/tcp']
    """
    specs: list[PortSpec] = []
    for index, item in enumerate(_list(ports, "ports")):
        try:
            if isinstance(item, Mapping):
                specs.append(convert_compose_port(item).spec)
            elif isinstance(item, str) or (isinstance(item, int) and not isinstance(item, bool)):
                specs.append(parse_port_spec(_text_of(item, "")))
            else:
                raise _fail("", f"expected text, a number or a mapping, got {_type_name(item)}")
        except DockerLinksError as exc:
            raise _fail(f"ports[{index}]", exc.docker_message) from None
    extra: list[Port] = []
    for index, item in enumerate(_list(expose, "expose")):
        if isinstance(item, bool) or not isinstance(item, int | str):
            raise _fail(
                f"expose[{index}]", f"expected a port (int or text), got {_type_name(item)}"
            )
        try:
            extra.extend(parse_expose(_text_of(item, "")))
        except DockerLinksError as exc:
            raise _fail(f"expose[{index}]", exc.docker_message) from None
    config = parse_port_specs([str(spec) for spec in specs])
    exposed = list(config.exposed)
    exposed.extend(p for p in dict.fromkeys(extra) if p not in exposed)
    return PortConfig(tuple(exposed), config.bindings)


@checked(config=PortConfig)
def to_compose_ports(config: PortConfig) -> list[dict[str, Any]]:
    """Compose long-syntax ``ports:`` items, one per binding of ``config``.

    ``published`` and ``host_ip`` are left out when empty (ephemeral port, default address);
    ``mode`` is compose's default ``ingress`` (it does not change a ``docker run`` binding),
    so the items read as compose-go normalises them.

    >>> from dockerlinks.ports import parse_port_specs
    >>> for item in to_compose_ports(parse_port_specs(["127.0.0.1:8080:80", "53/udp"])):
    ...     print(item)
    {'target': 80, 'published': '8080', 'host_ip': '127.0.0.1', 'protocol': 'tcp',
     'mode': 'ingress'}
    {'target': 53, 'protocol': 'udp', 'mode': 'ingress'}
    """
    items: list[dict[str, Any]] = []
    for port, bindings in config.bindings:
        for binding in bindings:
            item: dict[str, Any] = {"target": port.number}
            if binding.host_port:
                item["published"] = binding.host_port
            if binding.host_ip:
                item["host_ip"] = binding.host_ip
            item["protocol"] = port.proto
            item["mode"] = "ingress"
            items.append(item)
    return items


@checked(config=PortConfig)
def to_compose_expose(config: PortConfig) -> list[str]:
    """Compose ``expose:`` items for the exposed ports of ``config`` that have no binding.

    >>> from dockerlinks.ports import parse_port_specs
    >>> to_compose_expose(PortConfig((Port(80), Port(53, "udp")), ()))
    ['80/tcp', '53/udp']
    """
    bound = {port for port, _ in config.bindings}
    return [str(p) for p in config.exposed if p not in bound]
