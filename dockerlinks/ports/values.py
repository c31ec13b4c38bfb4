"""Port values and their Engine-API shapes: ``80/tcp``, ranges, bindings, specs, port maps.

What lives here: the immutable values every other module passes around, each checked when it
is built, and their JSON forms as the Engine API has them::

    value          Engine API                                   example
    -------------  -------------------------------------------  --------------------------------
    Port           a port key                                   "80/tcp"
    PortBinding    one binding object                           {"HostIp": "", "HostPort": "8080"}
    PortConfig     Config.ExposedPorts + HostConfig.PortBindings what `docker run -p` sends
    PortMap        NetworkSettings.Ports                        the bindings the daemon chose
    PortRange      -                                            8000-9000
    PortSpec       -                                            one parsed -p value, compact
    PortMapping    -                                            one expanded mapping of a spec

Reading API JSON follows Go's ``encoding/json`` into moby's types (field names matched
case-insensitively, the last matching key winning; ``null`` bindings of ``NetworkSettings.Ports``
meaning "exposed, not published"); wrong shapes raise
:class:`~dockerlinks.errors.InspectError`.

It knows no grammar (:mod:`dockerlinks.ports.short` and its siblings parse text into these
values) and no release: nothing here depends on a profile.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from dockerlinks import _go
from dockerlinks._args import instance_of, shown
from dockerlinks.errors import InspectError, PortError

__all__ = [
    "PROTOCOL_ORDER",
    "Port",
    "PortBinding",
    "PortConfig",
    "PortMap",
    "PortMapping",
    "PortRange",
    "PortSpec",
    "join_host_port",
    "parse_ip",
]

PROTOCOL_ORDER = {"tcp": 0, "udp": 1, "sctp": 2}
"""The order Docker sorts protocols in wherever it sorts them: tcp, udp, sctp, then others."""


def _port_number(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    del instance
    if type(value) is not int or not 0 <= value <= 65535:
        raise PortError(f"invalid {attribute.name}: {shown(value)} (a port number is 0-65535)")


def _protocol(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    del instance, attribute
    if type(value) is not str or not value:
        raise PortError(f"invalid protocol: {shown(value)} (a non-empty word such as 'tcp')")


def _text(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    del instance
    if type(value) is not str:
        raise PortError(f"invalid {attribute.name}: expected a string, not {shown(value)}")


@attrs.frozen(order=False)
class Port:
    """A container port and its protocol: the ``80/tcp`` of the Engine API's port keys.

    ``proto`` is any non-empty text: ``-p`` allows tcp, udp and sctp, but ``--expose`` takes
    any protocol word (the go-connections parsers of CLIs before v29 even keep its case, so
    ``--expose 80/TCP`` exposes ``80/TCP``). Where a protocol is rendered into env or hosts
    text, the renderer checks it.

    >>> Port.parse("80/TCP")
    Port(number=80, proto='tcp')
    >>> Port(70000)
    Traceback (most recent call last):
    ...
    dockerlinks.errors.PortError: invalid number: 70000 (a port number is 0-65535)
    """

    number: int = attrs.field(validator=_port_number)
    proto: str = attrs.field(default="tcp", validator=_protocol)

    def __str__(self) -> str:
        return f"{self.number}/{self.proto}"

    def sort_key(self) -> tuple[int, int, str]:
        """Numeric order: by number, then tcp < udp < sctp < any other word."""
        return (self.number, PROTOCOL_ORDER.get(self.proto, 3), self.proto)

    @classmethod
    def parse(cls, text: object) -> Port:
        """Parse ``PORT[/PROTO]`` as moby's single-port parser does (``docker port``'s argument).

        The protocol is lower-cased (default tcp) and not validated further. Errors are
        :class:`~dockerlinks.errors.PortError` with moby's text, e.g.
        ``invalid port 'abc': invalid syntax``.
        """
        if not isinstance(text, str):
            raise PortError(f"invalid port: expected a string, got {type(text).__name__}")
        if text == "":
            raise PortError("invalid port: value is empty", text=text, span=(0, 0))
        port, _, proto = text.partition("/")
        if port == "":
            why = "value is empty"
        else:
            try:
                return cls(_go.parse_uint(port, 16), _go.to_lower(proto) if proto else "tcp")
            except _go.NumError as exc:
                why = exc.err
        raise PortError(f"invalid port '{port}': {why}", text=text, span=(0, len(port)))


def _range_start(instance: PortRange, attribute: attrs.Attribute[int], value: int) -> None:
    _port_number(instance, attribute, value)


def _range_end(instance: PortRange, attribute: attrs.Attribute[int], value: int) -> None:
    _port_number(instance, attribute, value)
    if value < instance.start:
        raise PortError(
            f"invalid port range: {instance.start}-{value} (the end is below the start)"
        )


@attrs.frozen
class PortRange:
    """An inclusive range of port numbers; a single port is ``PortRange(p, p)``."""

    start: int = attrs.field(validator=_range_start)
    end: int = attrs.field(validator=_range_end)

    def __str__(self) -> str:
        return str(self.start) if self.start == self.end else f"{self.start}-{self.end}"

    def __len__(self) -> int:
        return self.end - self.start + 1

    def __iter__(self) -> Iterator[int]:
        return iter(range(self.start, self.end + 1))

    def __contains__(self, number: object) -> bool:
        return isinstance(number, int) and self.start <= number <= self.end


@attrs.frozen
class PortBinding:
    """One host-side binding as the Engine API holds it: two strings.

    ``host_ip`` ``""`` means the default binding address; ``host_port`` ``""`` means an
    ephemeral port, ``"8080"`` that port, ``"8000-9000"`` one port out of that range.
    """

    host_ip: str = attrs.field(default="", validator=_text)
    host_port: str = attrs.field(default="", validator=_text)

    def to_api(self) -> dict[str, str]:
        """The Engine API object ``{"HostIp": ..., "HostPort": ...}``."""
        return {"HostIp": self.host_ip, "HostPort": self.host_port}


@attrs.frozen
class PortMapping:
    """One expanded mapping of a ``-p`` value: a container port and its binding."""

    port: Port = attrs.field(validator=instance_of(Port, error=PortError))
    binding: PortBinding = attrs.field(validator=instance_of(PortBinding, error=PortError))

    def __str__(self) -> str:
        """go-connections' canonical text: ``[host_ip]:host_port:port/proto``."""
        return _go.join_host_port(self.binding.host_ip, f"{self.binding.host_port}:{self.port}")


def _host_range(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    del instance, attribute
    if value is not None and not isinstance(value, PortRange):
        raise PortError(f"invalid host range: expected a PortRange or None, not {shown(value)}")


@attrs.frozen
class PortSpec:
    """One ``-p`` value, compact: a range is kept as a range, never expanded here.

    ``host_ip`` is as typed, without brackets (``""`` = default address); ``host_range`` is
    ``None`` when no host port was given (ephemeral). ``str()`` is the canonical text and
    ``parse_port_spec(str(spec)) == spec``.
    """

    container_range: PortRange = attrs.field(validator=instance_of(PortRange, error=PortError))
    proto: str = attrs.field(default="tcp", validator=_protocol)
    host_ip: str = attrs.field(default="", validator=_text)
    host_range: PortRange | None = attrs.field(default=None, validator=_host_range)

    def __str__(self) -> str:
        tail = f"{self.container_range}/{self.proto}"
        if self.host_ip:
            host = str(self.host_range) if self.host_range is not None else ""
            ip = f"[{self.host_ip}]" if ":" in self.host_ip else self.host_ip
            return f"{ip}:{host}:{tail}"
        if self.host_range is not None:
            return f"{self.host_range}:{tail}"
        return tail

    def __len__(self) -> int:
        """The number of mappings (the container range's size)."""
        return self.container_range.end - self.container_range.start + 1

    def mappings(self) -> Iterator[PortMapping]:
        """Expand lazily, in Docker's order: container port ``start + i`` with host ``hstart + i``.

        A host range with a single container port yields ONE mapping whose host port is the
        range text (the daemon allocates one port out of it).
        """
        start, end = self.container_range.start, self.container_range.end
        proto, ip, host = self.proto, self.host_ip, self.host_range
        if host is None:
            binding = PortBinding(ip, "")
            for number in range(start, end + 1):
                yield PortMapping(port(number, proto), binding)
        elif start == end:
            yield PortMapping(port(start, proto), PortBinding(ip, str(host)))
        else:
            offset = host.start - start
            for number in range(start, end + 1):
                yield PortMapping(port(number, proto), PortBinding(ip, str(number + offset)))


# Values the parsers build from parts they have already checked skip the validators: the
# slot descriptors fill a new instance directly (the hot path of ``-p`` parsing and of
# expansions of wide ranges).
_new = object.__new__
_set_number = Port.__dict__["number"].__set__
_set_port_proto = Port.__dict__["proto"].__set__
_set_start = PortRange.__dict__["start"].__set__
_set_end = PortRange.__dict__["end"].__set__
_set_cont = PortSpec.__dict__["container_range"].__set__
_set_proto = PortSpec.__dict__["proto"].__set__
_set_ip = PortSpec.__dict__["host_ip"].__set__
_set_host = PortSpec.__dict__["host_range"].__set__


def port(number: int, proto: str) -> Port:
    """A :class:`Port` of parts the caller has checked (0-65535, a valid protocol word)."""
    value = _new(Port)
    _set_number(value, number)
    _set_port_proto(value, proto)
    return value


def port_range(low: int, high: int) -> PortRange:
    """A :class:`PortRange` of checked bounds; single ports are shared values."""
    if low == high:
        found = SINGLE_RANGES[low]
        return single_range(low) if found is None else found
    value = _new(PortRange)
    _set_start(value, low)
    _set_end(value, high)
    return value


def single_range(number: int) -> PortRange:
    """The shared ``PortRange(number, number)`` of a checked number (made on first use)."""
    found = SINGLE_RANGES[number]
    if found is None:
        found = _new(PortRange)
        _set_start(found, number)
        _set_end(found, number)
        SINGLE_RANGES[number] = found
    return found


#: The single-port ranges by number, each made when first needed (making all 65,536 at
#: import would cost more than a whole ``-p`` parse of a typical command line): the hot
#: paths read this table and call :func:`single_range` on a gap.
SINGLE_RANGES: list[PortRange | None] = [None] * 65536


def port_spec(container: PortRange, proto: str, host_ip: str, host: PortRange | None) -> PortSpec:
    """A :class:`PortSpec` of checked parts."""
    value = _new(PortSpec)
    _set_cont(value, container)
    _set_proto(value, proto)
    _set_ip(value, host_ip)
    _set_host(value, host)
    return value


def join_host_port(host: object, port_text: object) -> str:
    """Go's ``net.JoinHostPort``: brackets when the host contains ``:``.

    >>> join_host_port("::1", "80"), join_host_port("127.0.0.1", "80")
    ('[::1]:80', '127.0.0.1:80')
    """
    if not isinstance(host, str) or not isinstance(port_text, str):
        raise PortError(
            f"invalid host or port: expected strings, got {type(host).__name__} "
            f"and {type(port_text).__name__}"
        )
    return _go.join_host_port(host, port_text)


def parse_ip(text: object) -> bytes | None:
    """Go's ``net.ParseIP`` acceptance: 4 bytes (IPv4), 16 bytes (IPv6) or ``None``.

    >>> parse_ip("127.0.0.1"), parse_ip("010.0.0.1"), parse_ip("fe80::1%eth0")
    (b'\\x7f\\x00\\x00\\x01', None, None)
    """
    return _go.parse_ip(text) if isinstance(text, str) else None


# --------------------------------------------------------------------------- Engine API JSON


def _port_key(key: object, where: str) -> Port:
    if not isinstance(key, str):
        raise InspectError(f"{where}: port key must be a string, got {type(key).__name__}")
    try:
        return Port.parse(key)
    except PortError as exc:
        raise InspectError(f"{where}: {exc.docker_message}", text=key, span=exc.span) from None


def _binding_from_api(obj: object, where: str) -> PortBinding:
    if not isinstance(obj, Mapping):
        raise InspectError(f"{where}: a binding must be an object, got {type(obj).__name__}")
    host_ip = _go.json_field(obj, "HostIp")
    host_port = _go.json_field(obj, "HostPort")
    host_ip = "" if host_ip is None else host_ip
    host_port = "" if host_port is None else host_port
    if not isinstance(host_ip, str) or not isinstance(host_port, str):
        raise InspectError(f"{where}: HostIp and HostPort must be strings")
    return PortBinding(host_ip, host_port)


def _bindings_from_api(value: object, where: str) -> tuple[PortBinding, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list | tuple):
        raise InspectError(f"{where}: bindings must be a list, got {type(value).__name__}")
    return tuple(_binding_from_api(item, where) for item in value)


def _exposed(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    del instance, attribute
    if not isinstance(value, tuple) or not all(isinstance(p, Port) for p in value):
        raise PortError(
            f"invalid exposed ports: expected a tuple of Port values, not {shown(value)}"
        )


def _bindings_entries(
    instance: object, attribute: attrs.Attribute[Any], value: object, *, nullable: bool
) -> None:
    del instance
    ok = isinstance(value, tuple)
    for entry in value if ok else ():  # type: ignore[attr-defined]
        if not (isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[0], Port)):
            ok = False
            break
        bindings = entry[1]
        if bindings is None and nullable:
            continue
        if not isinstance(bindings, tuple) or not all(isinstance(b, PortBinding) for b in bindings):
            ok = False
            break
    if not ok:
        kind = "(Port, bindings or None)" if nullable else "(Port, bindings)"
        raise PortError(
            f"invalid {attribute.name}: expected a tuple of {kind} pairs, not {shown(value)}"
        )


def _config_bindings(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _bindings_entries(instance, attribute, value, nullable=False)


def _map_entries(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _bindings_entries(instance, attribute, value, nullable=True)


@attrs.frozen
class PortConfig:
    """What a list of ``-p`` values (or the Engine API) asks for.

    ``exposed``: the ``Config.ExposedPorts`` keys in first-seen order, without duplicates.
    ``bindings``: ``HostConfig.PortBindings`` as (port, bindings) pairs in first-seen order of
    the port; each port's bindings keep input order and duplicates.
    """

    exposed: tuple[Port, ...] = attrs.field(default=(), validator=_exposed)
    bindings: tuple[tuple[Port, tuple[PortBinding, ...]], ...] = attrs.field(
        default=(), validator=_config_bindings
    )

    def to_api(self) -> dict[str, Any]:
        """``{"ExposedPorts": {...}, "PortBindings": {...}}`` exactly as the CLI sends them.

        >>> from dockerlinks.ports import parse_port_specs
        >>> api = parse_port_specs(["8000-9000:5000", "80"]).to_api()
        >>> api["ExposedPorts"]
        {'5000/tcp': {}, '80/tcp': {}}
        >>> api["PortBindings"]["5000/tcp"], api["PortBindings"]["80/tcp"]
        ([{'HostIp': '', 'HostPort': '8000-9000'}], [{'HostIp': '', 'HostPort': ''}])
        """
        return {
            "ExposedPorts": {str(p): {} for p in self.exposed},
            "PortBindings": {
                str(p): [b.to_api() for b in bindings] for p, bindings in self.bindings
            },
        }

    @classmethod
    def from_api(cls, data: object) -> PortConfig:
        """Read ``{"ExposedPorts": ..., "PortBindings": ...}`` back (either may be absent/null).

        Wrong shapes raise :class:`~dockerlinks.errors.InspectError`.
        """
        if not isinstance(data, Mapping):
            raise InspectError(f"port config must be an object, got {type(data).__name__}")
        exposed_raw = data.get("ExposedPorts")
        bindings_raw = data.get("PortBindings")
        exposed_raw = {} if exposed_raw is None else exposed_raw
        bindings_raw = {} if bindings_raw is None else bindings_raw
        if not isinstance(exposed_raw, Mapping) or not isinstance(bindings_raw, Mapping):
            raise InspectError("ExposedPorts and PortBindings must be objects")
        exposed: dict[Port, None] = {}
        for key in exposed_raw:
            exposed[_port_key(key, "ExposedPorts")] = None
        bindings: dict[Port, tuple[PortBinding, ...]] = {}
        for key, value in bindings_raw.items():
            key_port = _port_key(key, "PortBindings")
            found = _bindings_from_api(value, f"PortBindings[{shown(key)}]") or ()
            bindings[key_port] = bindings.get(key_port, ()) + found
        return cls(tuple(exposed), tuple(bindings.items()))


@attrs.frozen
class PortMap:
    """``NetworkSettings.Ports`` of a running container: the *chosen* bindings.

    Each entry is (port, bindings) where bindings is ``None`` for an exposed port that is not
    published (the API's ``null``). Host IPs are concrete (``0.0.0.0``, ``::``) and host ports
    are single numbers as strings.
    """

    entries: tuple[tuple[Port, tuple[PortBinding, ...] | None], ...] = attrs.field(
        default=(), validator=_map_entries
    )

    def to_api(self) -> dict[str, list[dict[str, str]] | None]:
        """The inspect ``NetworkSettings.Ports`` object (``None`` = JSON ``null``)."""
        return {
            str(p): None if bindings is None else [b.to_api() for b in bindings]
            for p, bindings in self.entries
        }

    @classmethod
    def from_api(cls, data: object) -> PortMap:
        """Read inspect ``NetworkSettings.Ports`` (``null`` = not published).

        >>> data = {"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8080"}], "443/tcp": None}
        >>> PortMap.from_api(data).to_api()
        {'80/tcp': [{'HostIp': '0.0.0.0', 'HostPort': '8080'}], '443/tcp': None}
        """
        if data is None:
            return cls()
        if not isinstance(data, Mapping):
            raise InspectError(
                f"NetworkSettings.Ports must be an object, got {type(data).__name__}"
            )
        entries: dict[Port, tuple[PortBinding, ...] | None] = {}
        for key, value in data.items():
            key_port = _port_key(key, "NetworkSettings.Ports")
            entries[key_port] = _bindings_from_api(value, f"NetworkSettings.Ports[{shown(key)}]")
        return cls(tuple(entries.items()))

    def get(self, key: Port) -> tuple[PortBinding, ...] | None:
        """The bindings of ``key`` (``None`` when absent or not published)."""
        for entry, bindings in self.entries:
            if entry == key:
                return bindings
        return None
