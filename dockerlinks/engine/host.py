"""The host the daemon runs on: its addresses and sockets, and the daemon's host settings.

Publishing a port ends in a ``bind(2)`` on the host: by the userland proxy (``docker-proxy``,
Docker <= v27) or by the daemon itself (v28+). The allocator knows nothing of what else holds
a port, so a binding it grants can still fail in the kernel (``-p 127.0.0.1:80:5000`` after
``-p 80:5000`` on Docker 20.10: both addresses are independent to the allocator, but the
kernel refuses 127.0.0.1:80 while 0.0.0.0:80 listens). :class:`Host` is that kernel view, as a
persistent value: which addresses are the host's own, whether it has SCTP, and every socket
bound on it (the proxies' and other programs').

Bind rules (Linux; the proxy listens with Go's ``tcp4``/``tcp6``/``udp4``/``udp6``, so IPv6
sockets are IPv6-only)::

    bind(ip, port, proto)          refused with
    -----------------------------  ---------------------------------------------------------
    ip not an address of the host  cannot assign requested address  (EADDRNOTAVAIL)
    fe80::/10 without a zone       invalid argument                  (EINVAL)
    proto sctp, no SCTP            protocol not supported            (EPROTONOSUPPORT)
    a socket of the same family,   address already in use            (EADDRINUSE)
    proto and port whose address
    is the same, or either is the
    unspecified address

The host's own addresses: the loopback networks (``127.0.0.0/8``, ``::1``), the unspecified
ones, and the networks given (the default bridge's gateway and the host's interfaces).

The daemon's settings that show in ``docker inspect`` (data and exec roots, storage driver,
the cgroup version behind the default ``CgroupnsMode``, IP masquerading on the default
bridge) are fields of the same value, as are the host's files containers start from: its
hostname (a host-network container's), ``/etc/resolv.conf`` (filtered into every
container's, see :mod:`dockerlinks.engine.dns`) and ``/etc/hosts`` (a host-network
container's copy).

What this module must not know: containers, the allocator, texts of any Docker release (the
caller words the error).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from typing import Literal

import attrs

from dockerlinks import _go
from dockerlinks._args import check_int, check_items, instance_of, integer, shown, wrong_type
from dockerlinks._pmap import PMap
from dockerlinks.errors import EngineError

__all__ = ["BindRefusal", "Host", "Socket"]

BindRefusal = Literal[
    "address already in use",
    "cannot assign requested address",
    "invalid argument",
    "protocol not supported",
]

_LOOPBACK = ("127.0.0.0/8", "::1/128")


@attrs.frozen
class Socket:
    """One bound socket: its address text (as Go prints it), port and protocol."""

    ip: str = attrs.field(validator=instance_of(str, error=EngineError))
    port: int = attrs.field(validator=integer(low=0, high=65535).validator(error=EngineError))
    proto: str = attrs.field(validator=instance_of(str, error=EngineError))


def _networks(values: Iterable[str]) -> tuple[str, ...]:
    out = []
    for value in check_items(values, object, "addresses", error=EngineError):
        try:
            out.append(str(ipaddress.ip_network(value, strict=False)))
        except (ValueError, TypeError):
            raise EngineError(f"invalid host address: {shown(value)}") from None
    return tuple(out)


def _sockets(values: Iterable[Socket] | PMap[frozenset[str]]) -> PMap[frozenset[str]]:
    """Sockets by "proto/port": the address texts bound there."""
    if isinstance(values, PMap):
        return values
    table: PMap[frozenset[str]] = PMap()
    for socket in check_items(values, object, "sockets", error=EngineError):
        if not isinstance(socket, Socket):
            raise EngineError("host sockets must be Socket values")
        key = f"{socket.proto}/{socket.port}"
        table = table.set(key, (table.get(key) or frozenset()) | {socket.ip})
    return table


def _flag(instance: object, attribute: attrs.Attribute[bool], value: object) -> None:
    del instance
    if type(value) is not bool:
        raise EngineError(f"{attribute.name} must be True or False, not {shown(value)}")


def _path(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    del instance
    if not (isinstance(value, str) and value.startswith("/") and value.isprintable()):
        raise EngineError(f"{attribute.name} must be an absolute path, not {shown(value)}")


def _word(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    del instance
    if not (isinstance(value, str) and value.isidentifier()):
        raise EngineError(f"{attribute.name} must be a driver name, not {shown(value)}")


def _file(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    del instance
    if not (isinstance(value, str) and len(value) <= 1 << 16 and "\x00" not in value):
        raise EngineError(f"{attribute.name} must be text of at most 64 KiB, not {shown(value)}")


def _hostname(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    del instance
    if not (isinstance(value, str) and value and value.isprintable() and " " not in value):
        raise EngineError(f"{attribute.name} must be a host name, not {shown(value)}")


def _cgroup_version(instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    del instance
    if type(value) is not int or value not in (1, 2):
        raise EngineError(f"{attribute.name} must be 1 or 2, not {shown(value)}")


def _check_socket(ip: object, port: object, proto: object) -> None:
    """The arguments of a bind: text, a port number, text (checked inline: once per bind)."""
    if not isinstance(ip, str):
        raise wrong_type(ip, str, "ip")
    if type(port) is not int or not 0 <= port <= 65535:
        check_int(port, "port", low=0, high=65535)
    if not isinstance(proto, str):
        raise wrong_type(proto, str, "proto")


@attrs.frozen
class Host:
    """The host's addresses and bound sockets (see the module's rule table).

    >>> host = Host(addresses=("172.17.0.1/16",))
    >>> host, refusal = host.bind("0.0.0.0", 80, "tcp")
    >>> refusal is None, host.bind("127.0.0.1", 80, "tcp")[1]
    (True, 'address already in use')
    >>> host.bind("::", 80, "tcp")[1] is None  # IPv6-only: no conflict with 0.0.0.0
    True
    >>> host.bind("203.0.113.7", 80, "tcp")[1]
    'cannot assign requested address'
    """

    addresses: tuple[str, ...] = attrs.field(default=("172.17.0.1/16",), converter=_networks)
    sctp: bool = attrs.field(default=True, validator=_flag)
    sockets: PMap[frozenset[str]] = attrs.field(factory=PMap, converter=_sockets)
    #: dockerd ``--data-root`` and ``--exec-root`` (the paths inspect shows).
    data_root: str = attrs.field(default="/var/lib/docker", validator=_path)
    exec_root: str = attrs.field(default="/var/run/docker", validator=_path)
    #: dockerd ``--storage-driver`` (inspect's ``Driver`` and ``GraphDriver.Name``).
    storage_driver: str = attrs.field(default="overlay2", validator=_word)
    #: The host's cgroup version: the daemon's default ``CgroupnsMode`` is ``host`` on v1 and
    #: ``private`` on v2 (moby v20.10.0 ``daemon/daemon_unix.go``,
    #: ``getDefaultCgroupNamespaceMode``).
    cgroup_version: int = attrs.field(default=2, validator=_cgroup_version)
    #: dockerd ``--ip-masq`` (off with ``--iptables=false``): the default bridge's
    #: ``com.docker.network.bridge.enable_ip_masquerade`` option.
    ip_masquerade: bool = attrs.field(default=True, validator=_flag)
    #: The host's hostname: a host-network container's ``Config.Hostname``.
    hostname: str = attrs.field(default="localhost", validator=_hostname)
    #: The host's ``/etc/resolv.conf``.
    resolv_conf: str = attrs.field(default="nameserver 172.17.0.1\n", validator=_file)
    #: The host's ``/etc/hosts``.
    hosts_file: str = attrs.field(
        default="127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n",
        validator=_file,
    )

    def _own(self, addr: _go.Addr) -> bool:
        if addr.is_unspecified:
            return True
        ip = ipaddress.ip_address(addr.raw)
        for network in (*_LOOPBACK, *self.addresses):
            net = ipaddress.ip_network(network)
            if ip.version == net.version and ip in net:
                return True
        return False

    def refusal(self, ip: str, port: int, proto: str) -> BindRefusal | None:
        """Why the kernel would refuse ``bind(ip, port)``, or ``None`` when it would not."""
        _check_socket(ip, port, proto)
        addr = _go.parse_addr(ip)
        if addr is None:
            raise EngineError(f"invalid IP address: {ip}")
        addr = addr.unmap()
        if proto == "sctp" and not self.sctp:
            return "protocol not supported"
        if not addr.is4 and addr.raw[0] == 0xFE and addr.raw[1] & 0xC0 == 0x80 and not addr.zone:
            return "invalid argument"
        if not self._own(addr):
            return "cannot assign requested address"
        text = str(addr)
        for bound in self.sockets.get(f"{proto}/{port}") or ():
            other = _go.parse_addr(bound)
            if other is None or other.is4 != addr.is4:
                continue
            if other.is_unspecified or addr.is_unspecified or bound == text:
                return "address already in use"
        return None

    def bind(self, ip: str, port: int, proto: str) -> tuple[Host, BindRefusal | None]:
        """Bind a socket: the host with it and ``None``, or the host unchanged and why not."""
        why = self.refusal(ip, port, proto)
        if why is not None:
            return self, why
        addr = _go.parse_addr(ip)
        assert addr is not None  # refusal() parsed it
        key = f"{proto}/{port}"
        bound = (self.sockets.get(key) or frozenset()) | {str(addr.unmap())}
        return self._with_sockets(self.sockets.set(key, bound)), None

    def unbind(self, ip: str, port: int, proto: str) -> Host:
        """Close the socket bound to ``ip``:``port`` (none: the same host)."""
        _check_socket(ip, port, proto)
        addr = _go.parse_addr(ip)
        key = f"{proto}/{port}"
        bound = self.sockets.get(key) or frozenset()
        text = str(addr.unmap()) if addr is not None else ""
        if text not in bound:
            return self
        rest = bound - {text}
        sockets = self.sockets.set(key, rest) if rest else self.sockets.delete(key)
        return self._with_sockets(sockets)

    def _with_sockets(self, sockets: PMap[frozenset[str]]) -> Host:
        """This host with other sockets: the other fields were checked when it was built and
        ``sockets`` is a table the methods above made, so nothing is converted or checked
        again (a ``-p 1-65535:1-65535`` start binds 131,070 sockets)."""
        new = object.__new__(Host)
        for name in _HOST_FIELDS:
            object.__setattr__(new, name, getattr(self, name))
        object.__setattr__(new, "sockets", sockets)
        return new


_HOST_FIELDS = tuple(field.name for field in attrs.fields(Host) if field.name != "sockets")
