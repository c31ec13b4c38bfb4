"""Networks as the daemon holds them: the predefined three, user-defined bridges, pools.

What lives here: :class:`Network` (one network: name, ID, driver, its IPAM configuration and
address pool, flags), :class:`NetworkRequest` (``POST /networks/create`` as the daemon reads
it), the default address pools and how a create without ``--subnet`` picks one, network
references (full ID, name, ID prefix), ``docker network ls`` filters, and the ``docker network
inspect`` document.

Default pools (moby v20.10.24 ``vendor/github.com/docker/libnetwork/ipamutils/utils.go``, the
same list in every release up to docker-v29.7.2 ``daemon/libnetwork/ipamutils/utils.go``)::

    172.17.0.0/16 ... 172.31.0.0/16      15 networks of /16
    192.168.0.0/20 ... 192.168.240.0/20  16 networks of /20

How a create without ``--subnet`` picks one (``Daemon.subnet_order``)::

    next-fit     v20.10 - v26: start after the last pool handed out (wrapping to the first),
                 skip pools that overlap a network in use (ipam/allocator.go
                 getPredefinedPool, updateStartIndex): a removed network's pool is not
                 reused until the search wraps
    lowest-free  v27+: the lowest pool that overlaps no network in use
                 (moby/moby#47768, ipams/defaultipam/address_space.go)

Create checks, in the daemon's order (moby v20.10.24 ``daemon/network.go`` createNetwork,
``getIpamConfig``; libnetwork ``ipam/allocator.go``, ``error.go``; texts in
:mod:`dockerlinks.messages`)::

    name is bridge, host, none or default   network_predefined
    name in use (the CLI sets CheckDuplicate) network_name_conflict
    driver not "bridge"                       plugin_not_found (host, null: only one of each)
    subnet is not CIDR text                   invalid_subnet
    subnet overlaps a network's               pool_overlap
    no free default pool                      no_pool

``--subnet`` keeps the text as given (host bits too: ``198.18.9.1/24``) and the pool is its
network; without ``--gateway`` the gateway is the first address but ``IPAM.Config`` shows none
(recorded on 20.10: ``tests/data/daemon/20.10/networks/cli-*/create-subnets.json`` #7,
``create-explicit-in-pool.json`` #7-8). ``--internal`` networks publish no ports.

Network references resolve as ``Daemon.FindNetwork`` does: full ID, then name, then a unique
ID prefix (moby v20.10.24 ``daemon/network.go``).

What this module must not know: containers (a document's endpoints come in as values), the
CLI, the engine's other state.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

import attrs

from dockerlinks._args import shown
from dockerlinks._goregexp import PatternError, match_string
from dockerlinks.engine.ipam import Ipam
from dockerlinks.errors import EngineError, IpamError

#: A refusal: the daemon catalogue's text key and its fields (:func:`dockerlinks.messages.
#: daemon_text` words it).
Refusal = tuple[str, dict[str, object]]

__all__ = [
    "DEFAULT_POOLS",
    "PREDEFINED",
    "Network",
    "NetworkEndpoint",
    "NetworkRequest",
    "Refusal",
    "filter_networks",
    "find_network",
    "is_user_defined",
    "network_json",
    "pick_pool",
]

#: The default local address pools, in Docker's order (module docstring).
DEFAULT_POOLS: tuple[str, ...] = tuple(f"172.{n}.0.0/16" for n in range(17, 32)) + tuple(
    f"192.168.{n}.0/20" for n in range(0, 256, 16)
)

#: The predefined networks: name -> driver.
PREDEFINED: Mapping[str, str] = {"bridge": "bridge", "host": "host", "none": "null"}

#: ``docker network ls`` filter keys the daemon accepts (moby v20.10.24
#: ``api/types/network/network.go`` acceptedFilters).
FILTER_KEYS = frozenset({"dangling", "driver", "id", "label", "name", "scope", "type"})

#: The default bridge's driver options as ``network inspect bridge`` shows them (moby
#: v20.10.24 ``daemon/daemon_unix.go`` initBridgeDriver); ``enable_ip_masquerade`` follows
#: dockerd ``--ip-masq`` (and is ``false`` with ``--iptables=false``).
BRIDGE_OPTIONS: tuple[tuple[str, str], ...] = (
    ("com.docker.network.bridge.default_bridge", "true"),
    ("com.docker.network.bridge.enable_icc", "true"),
    ("com.docker.network.bridge.enable_ip_masquerade", "true"),
    ("com.docker.network.bridge.host_binding_ipv4", "0.0.0.0"),
    ("com.docker.network.bridge.name", "docker0"),
    ("com.docker.network.driver.mtu", "1500"),
)


def is_user_defined(mode: str) -> bool:
    """Whether a network mode names a user-defined network (moby ``NetworkMode.IsUserDefined``:
    not ``default``, ``bridge``, ``host``, ``none`` nor ``container:...``).

    >>> is_user_defined("front"), is_user_defined("bridge"), is_user_defined("container:web")
    (True, False, False)
    """
    return mode not in ("default", "bridge", "host", "none") and not mode.startswith("container:")


def _text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    del instance
    if not isinstance(value, str):
        raise EngineError(f"{attribute.name} must be a string, not {shown(value)}")


def _flag(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    del instance
    if type(value) is not bool:
        raise EngineError(f"{attribute.name} must be True or False, not {shown(value)}")


def _pairs(value: object) -> tuple[tuple[str, str], ...]:
    items = tuple(value.items()) if isinstance(value, Mapping) else value
    if isinstance(items, str | bytes) or not isinstance(items, Iterable):
        raise EngineError(f"expected (key, value) pairs, not {shown(value)}")
    out = tuple(items)
    for item in out:
        if not (
            isinstance(item, tuple)
            and len(item) == 2
            and isinstance(item[0], str)
            and isinstance(item[1], str)
        ):
            raise EngineError(f"expected (key, value) pairs of strings, not {shown(item)}")
    return out


def _optional_ipam(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    del instance
    if value is not None and not isinstance(value, Ipam):
        raise EngineError(f"{attribute.name} must be an Ipam or None, not {shown(value)}")


@attrs.frozen
class NetworkRequest:
    """``POST /networks/create`` as the daemon reads it (the docker CLI's ``network create``
    after its own checks). ``subnet`` empty: a default pool; ``gateway`` / ``ip_range`` only
    with a subnet. ``options`` are ``-o`` driver options, ``labels`` ``--label`` values."""

    name: str = attrs.field(validator=_text)
    driver: str = attrs.field(default="bridge", validator=_text)
    subnet: str = attrs.field(default="", validator=_text)
    gateway: str = attrs.field(default="", validator=_text)
    ip_range: str = attrs.field(default="", validator=_text)
    internal: bool = attrs.field(default=False, validator=_flag)
    attachable: bool = attrs.field(default=False, validator=_flag)
    options: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_pairs)
    labels: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_pairs)


@attrs.frozen
class Network:
    """One network as the daemon holds it.

    ``subnet`` / ``gateway`` / ``ip_range`` are ``IPAM.Config`` as shown (the configured
    texts: a network created with ``--subnet`` only shows no gateway); ``pool`` is the address
    pool containers take addresses from (``None`` for host and none; the default bridge's
    pool lives in the engine). ``pool_index`` is the default pool it was given, if any.
    """

    name: str = attrs.field(validator=_text)
    id: str = attrs.field(validator=_text)
    driver: str = attrs.field(validator=_text)
    created: int = 0
    subnet: str = attrs.field(default="", validator=_text)
    gateway: str = attrs.field(default="", validator=_text)
    ip_range: str = attrs.field(default="", validator=_text)
    internal: bool = attrs.field(default=False, validator=_flag)
    attachable: bool = attrs.field(default=False, validator=_flag)
    options: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_pairs)
    labels: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_pairs)
    pool: Ipam | None = attrs.field(default=None, validator=_optional_ipam)
    pool_index: int = -1
    predefined: bool = attrs.field(default=False, validator=_flag)

    @property
    def user_defined(self) -> bool:
        """Whether it is a user-defined network (not bridge, host or none)."""
        return not self.predefined

    @property
    def user_subnet(self) -> bool:
        """Whether its subnet was given by the user (``--subnet``): only then may a container
        ask for an address (``--ip``)."""
        return self.pool_index < 0 and not self.predefined and bool(self.subnet)

    @property
    def network(self) -> ipaddress.IPv4Network | None:
        """The pool's network (host bits of the configured subnet cleared)."""
        if not self.subnet:
            return None
        return ipaddress.IPv4Network(self.subnet, strict=False)


def parse_subnet(text: str) -> ipaddress.IPv4Network | None:
    """``net.ParseCIDR`` of an IPv4 subnet text, host bits allowed; ``None`` when not CIDR."""
    if text.count("/") != 1:
        return None
    address, _, bits = text.partition("/")
    if not bits.isascii() or not bits.isdigit() or len(bits) > 3:
        return None
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return None
    if int(bits) > ip.max_prefixlen or ip.version != 4:
        return None
    return ipaddress.IPv4Network(f"{ip}/{bits}", strict=False)


def pick_pool(
    in_use: Sequence[ipaddress.IPv4Network],
    start: int,
    order: Literal["next-fit", "lowest-free"],
) -> tuple[int, int] | None:
    """The default pool a create without ``--subnet`` gets, and the next search start: the
    module docstring's rule; ``None`` when every pool overlaps one in use.

    >>> import ipaddress
    >>> bridge = [ipaddress.IPv4Network("172.17.0.0/16")]
    >>> pick_pool(bridge, 0, "next-fit"), pick_pool(bridge, 3, "lowest-free")
    ((1, 2), (1, 3))
    """
    count = len(DEFAULT_POOLS)
    if not 0 <= start < count:
        start = 0
    indexes = range(count) if order == "lowest-free" else [*range(start, count), *range(start)]
    for position, index in enumerate(indexes):
        pool = ipaddress.IPv4Network(DEFAULT_POOLS[index])
        if any(pool.overlaps(other) for other in in_use):
            continue
        if order == "lowest-free":
            return index, start
        following = start + position + 1
        return index, following if following < count else 0
    return None


def make_pool(subnet: ipaddress.IPv4Network, gateway: str, ip_range: str) -> Ipam:
    """The address pool of a bridge network: the subnet, its gateway (the first address
    unless one is given), and the range addresses are handed out from."""
    offset = 1
    if gateway:
        offset = int(ipaddress.IPv4Address(gateway)) - int(subnet.network_address)
    span = None
    if ip_range:
        sub = ipaddress.IPv4Network(ip_range, strict=False)
        first = int(sub.network_address) - int(subnet.network_address)
        span = (max(first, 0), min(first + sub.num_addresses, subnet.num_addresses) - 1)
    try:
        return Ipam(subnet=str(subnet), gateway_offset=offset, span=span)
    except IpamError as exc:
        raise EngineError(exc.docker_message) from None


def _regexp_match(value: str, source: str) -> bool:
    """filters.Args.Match: the value exactly, else as a Go regular expression (a pattern Go
    refuses matches nothing)."""
    if value == source:
        return True
    try:
        return match_string(value, source)
    except PatternError:
        return False


def filter_networks(
    networks: Sequence[Network],
    filters: Sequence[tuple[str, str]],
    in_use: frozenset[str] = frozenset(),
) -> list[Network] | Refusal:
    """``GET /networks?filters=...``: the networks every filter key accepts (the values of one
    key are alternatives), or the daemon's refusal. ``in_use`` holds the IDs of networks
    with containers on them (for ``dangling``). moby v20.10.24 ``daemon/network/filter.go``::

        key       match
        --------  -----------------------------------------------------------------
        driver    exactly
        name, id  exactly, else as a Go regular expression (anywhere in the text)
        label     a label key, or key=value
        scope     exactly ("local")
        type      custom (user-defined) or builtin (predefined)
        dangling  true: user-defined networks without containers; false: the others
    """
    wanted: dict[str, list[str]] = {}
    for key, value in filters:
        if key not in FILTER_KEYS:
            return "filter_invalid", {"name": key}
        wanted.setdefault(key, []).append(value)
    for value in wanted.get("type", ()):
        if value not in ("custom", "builtin"):
            return "filter_type", {"value": value}
    dangling = wanted.get("dangling", ())
    if len(dangling) > 1:
        return "filter_dangling_many", {}
    if dangling and dangling[0] not in ("0", "false", "1", "true"):
        return "filter_dangling", {}
    return [
        net
        for net in networks
        if all(any(_accepts(net, key, v, in_use) for v in values) for key, values in wanted.items())
    ]


def _accepts(net: Network, key: str, value: str, in_use: frozenset[str]) -> bool:
    """One filter value on one network (the table of :func:`filter_networks`)."""
    if key == "driver":
        return value == net.driver
    if key in ("name", "id"):
        return _regexp_match(value, net.name if key == "name" else net.id)
    if key == "label":
        labels = dict(net.labels)
        label, eq, wanted = value.partition("=")
        return label in labels and (not eq or labels[label] == wanted)
    if key == "scope":
        return value == "local"
    if key == "type":
        return (value == "custom") == net.user_defined
    return (value in ("1", "true")) == (net.user_defined and net.id not in in_use)


@attrs.frozen
class NetworkEndpoint:
    """A running container's endpoint as ``network inspect`` lists it under ``Containers``."""

    container_id: str
    name: str
    endpoint_id: str
    mac: str
    ip: str
    prefix_len: int


def network_json(
    network: Network,
    endpoints: Iterable[NetworkEndpoint],
    *,
    created: str,
    bridge_options: Sequence[tuple[str, str]] = BRIDGE_OPTIONS,
) -> dict[str, Any]:
    """``GET /networks/{id}`` as the v20.10 daemon answers it (types.NetworkResource, in
    struct order; ``Containers`` is a Go map, so its keys come sorted). ``created`` is the
    RFC 3339 text of ``Created``. Checked against dockerd 20.10.24
    (``tests/data/daemon/20.10/networks/cli-*/inspect-rm.json`` #3-#14)."""
    config: list[dict[str, str]] = []
    if network.subnet:
        entry = {"Subnet": network.subnet}
        if network.ip_range:
            entry["IPRange"] = network.ip_range
        if network.gateway:
            entry["Gateway"] = network.gateway
        config.append(entry)
    containers = {
        ep.container_id: {
            "Name": ep.name,
            "EndpointID": ep.endpoint_id,
            "MacAddress": ep.mac,
            "IPv4Address": f"{ep.ip}/{ep.prefix_len}" if ep.ip else "",
            "IPv6Address": "",
        }
        for ep in sorted(endpoints, key=lambda e: e.container_id)
    }
    if network.name == "bridge" and network.predefined:
        options: dict[str, str] = dict(bridge_options)
    else:
        options = dict(network.options)
    return {
        "Name": network.name,
        "Id": network.id,
        "Created": created,
        "Scope": "local",
        "Driver": network.driver,
        "EnableIPv6": False,
        "IPAM": {
            "Driver": "default",
            "Options": None if network.predefined else {},
            "Config": config,
        },
        "Internal": network.internal,
        "Attachable": network.attachable,
        "Ingress": False,
        "ConfigFrom": {"Network": ""},
        "ConfigOnly": False,
        "Containers": containers,
        "Options": dict(sorted(options.items())),
        "Labels": dict(sorted(network.labels)),
    }


def find_network(networks: Iterable[Network], term: str) -> Network | Refusal:
    """``Daemon.FindNetwork``: the network ``term`` names (full ID, then name, then a unique
    ID prefix), or the daemon's refusal (``no_such_network``, ``network_ambiguous_*``)."""
    by_name: list[Network] = []
    by_prefix: list[Network] = []
    for net in networks:
        if net.id == term:
            return net
        if net.name == term:
            by_name.append(net)
        if net.id.startswith(term):
            by_prefix.append(net)
    if len(by_name) == 1:
        return by_name[0]
    if len(by_name) > 1:
        return "network_ambiguous_name", {"ref": term, "count": len(by_name)}
    if len(by_prefix) == 1:
        return by_prefix[0]
    if len(by_prefix) > 1:
        return "network_ambiguous_id", {"ref": term, "count": len(by_prefix)}
    return "no_such_network", {"ref": term}
