"""A container's name resolution: its ``/etc/resolv.conf``, and the embedded DNS server.

``/etc/resolv.conf`` as the daemon writes it (moby v20.10.24 vendored libnetwork
``sandbox_dns_unix.go`` setupDNS, updateDNS, rebuildDNS; ``resolvconf/resolvconf.go`` Build,
FilterResolvDNS)::

    container                            file
    -----------------------------------  ---------------------------------------------------
    host network, no --dns* options      the host's file as it is
    --dns / --dns-search / --dns-option  built: "search" line (the host's domains unless
                                         given), a "nameserver" line per server, "options"
                                         line (the host's unless given)
    otherwise                            the host's file without its loopback nameservers
                                         (8.8.8.8 and 8.8.4.4 when none is left)
    then, on joining a user-defined      rebuilt: the file's search domains, "nameserver
    network (the embedded server          127.0.0.11" (and the file's IPv6 nameservers), its
    starts)                              options plus "ndots:0" unless it sets ndots

The embedded DNS server answers queries sent to ``127.0.0.11`` from containers on
user-defined networks (libnetwork ``sandbox.go`` ResolveName, resolveName; ``network.go``
ResolveName; ``resolver.go``)::

    a query for NAME                     answered from
    -----------------------------------  ---------------------------------------------------
    NAME, then NAME cut at each dot      each of the querier's user-defined networks, in the
    from the right as NAME.NETWORK       sandbox's endpoint order; a cut name only in the
                                         network it names
    per network: a link alias first      the querier's own ``--link target:alias`` on that
                                         network: the target's name, looked up there
    then the name                        every running endpoint's names there: container
                                         name, network aliases, short ID, hostname
    A                                    the IPv4 addresses found
    AAAA of a name that has A records    an empty answer (no IPv6 on these networks)
    a name nobody has                    forwarded to the container's external servers
                                         (``--dns``, else the host's): the model has no
                                         outside world, so nothing answers

What this module must not know: containers and the engine (a querier's networks come in as
:class:`DnsNetwork` values), the CLI.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Sequence

import attrs

__all__ = [
    "EMBEDDED_SERVER",
    "DnsNetwork",
    "build_resolv_conf",
    "embedded_resolv_conf",
    "filter_resolv_conf",
    "resolve",
]

#: The embedded DNS server's address in every container's network namespace (libnetwork
#: ``sandbox.go`` resolverIPSandbox).
EMBEDDED_SERVER = "127.0.0.11"

_DEFAULT_V4 = ("8.8.8.8", "8.8.4.4")
_DEFAULT_V6 = ("2001:4860:4860::8888", "2001:4860:4860::8844")
_LOOPBACK_NS = re.compile(r"(?m)^nameserver\s+((127\.([0-9]{1,3}\.){2}[0-9]{1,3})|(::1))\s*\n*")


def _lines(text: str) -> list[str]:
    """The lines of a resolv.conf with comments (``#`` to the end) cut, as libnetwork's
    ``getLines`` reads them."""
    return [line.split("#", 1)[0].strip() for line in text.split("\n")]


def _is_ip(text: str) -> int:
    try:
        return ipaddress.ip_address(text).version
    except ValueError:
        return 0


def nameservers(text: str, version: int | None = None) -> list[str]:
    """The file's nameserver addresses (of one IP version, or all).

    >>> nameservers("nameserver 10.0.0.2\\nnameserver ::1\\n", 4)
    ['10.0.0.2']
    """
    out = []
    for line in _lines(text):
        fields = line.split()
        if len(fields) >= 2 and fields[0] == "nameserver":
            found = _is_ip(fields[1])
            if found and (version is None or found == version):
                out.append(fields[1])
    return out


def search_domains(text: str) -> list[str]:
    """The domains of the file's last ``search`` line."""
    domains: list[str] = []
    for line in _lines(text):
        fields = line.split()
        if fields[:1] == ["search"]:
            domains = fields[1:]
    return domains


def options(text: str) -> list[str]:
    """The options of the file's last ``options`` line."""
    found: list[str] = []
    for line in _lines(text):
        fields = line.split()
        if fields[:1] == ["options"]:
            found = fields[1:]
    return found


def build_resolv_conf(
    servers: Sequence[str], search: Sequence[str] = (), opts: Sequence[str] = ()
) -> str:
    """libnetwork's ``resolvconf.Build``: a ``search`` line (unless empty or ``.``), one
    ``nameserver`` line per server, an ``options`` line.

    >>> print(build_resolv_conf(["127.0.0.11"], ["example.com"], ["ndots:0"]), end="")
    search example.com
    nameserver 127.0.0.11
    options ndots:0
    """
    out = []
    joined = " ".join(search)
    if search and joined.strip(" ") != ".":
        out.append(f"search {joined}\n")
    out.extend(f"nameserver {server}\n" for server in servers)
    joined = " ".join(opts)
    if opts and joined.strip(" "):
        out.append(f"options {joined}\n")
    return "".join(out)


def filter_resolv_conf(text: str, ipv6: bool = True) -> str:
    """libnetwork's ``FilterResolvDNS``: the file without loopback nameservers (nor IPv6 ones
    without ``ipv6``); Google's public servers appended when none is left.

    >>> filter_resolv_conf("nameserver 127.0.0.53\\noptions edns0\\n", ipv6=False)
    'options edns0\\n\\nnameserver 8.8.8.8\\nnameserver 8.8.4.4'
    """
    cleaned = _LOOPBACK_NS.sub("", text)
    if not ipv6:
        cleaned = re.sub(r"(?m)^nameserver\s+[0-9a-fA-F:]*:[0-9a-fA-F:.]*\s*\n*", "", cleaned)
    if not nameservers(cleaned):
        servers = _DEFAULT_V4 + (_DEFAULT_V6 if ipv6 else ())
        cleaned += "\n" + "\n".join(f"nameserver {s}" for s in servers)
    return cleaned


def embedded_resolv_conf(text: str) -> str:
    """The file once the embedded server starts (``rebuildDNS``): ``127.0.0.11`` and the
    file's IPv6 nameservers, its search domains, its options plus ``ndots:0`` unless it sets
    ``ndots`` itself.

    >>> embedded_resolv_conf("nameserver 10.255.255.53\\n")
    'nameserver 127.0.0.11\\noptions ndots:0\\n'
    """
    opts = options(text)
    if not any("ndots" in option for option in opts):
        opts = [*opts, "ndots:0"]
    servers = [EMBEDDED_SERVER, *nameservers(text, 6)]
    return build_resolv_conf(servers, search_domains(text), opts)


@attrs.frozen
class DnsNetwork:
    """One user-defined network as the querier's embedded server sees it: the names of every
    running endpoint there with its IPv4 address, and the querier's own link aliases on it
    (``alias -> target name``)."""

    name: str
    records: tuple[tuple[str, str], ...] = ()
    links: tuple[tuple[str, str], ...] = ()


def _lookup(network: DnsNetwork, name: str) -> list[str]:
    return [ip for record, ip in network.records if record == name]


def resolve(networks: Sequence[DnsNetwork], name: str) -> tuple[str, ...] | None:
    """The IPv4 addresses the embedded server answers for ``name`` (in record order; Docker
    shuffles several), or ``None`` when it knows no such name and forwards the query.

    >>> front = DnsNetwork("front", (("web", "172.18.0.2"), ("db", "172.18.0.3")),
    ...     links=(("dbalias", "db"),))
    >>> resolve([front], "dbalias"), resolve([front], "web.front"), resolve([front], "other")
    (('172.18.0.3',), ('172.18.0.2',), None)
    """
    name = name.removesuffix(".")
    candidates = [(name, "")]
    cut = name
    while (dot := cut.rfind(".")) >= 0:
        candidates.append((name[:dot], name[dot + 1 :]))
        cut = cut[:dot]
    for wanted, network_name in candidates:
        for alias_pass in (True, False):
            for network in networks:
                if network_name and network_name != network.name:
                    continue
                links = dict(network.links)
                if alias_pass:
                    if wanted not in links:
                        continue
                    found = _lookup(network, links[wanted])
                else:
                    if wanted in links:
                        continue
                    found = _lookup(network, wanted)
                if found:
                    return tuple(found)
    return None
