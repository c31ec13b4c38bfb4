"""Binding resolution: the host ports a starting container gets, as dockerd chooses them.

Input: the container's :class:`~dockerlinks.ports.PortConfig` (``ExposedPorts`` and
``PortBindings``), ``-P`` and the image's exposed ports. Output: ``NetworkSettings.Ports``
and the allocator after the requests. All or nothing: when any request fails the error
propagates and the allocator given (a value) is untouched.

Rules, by the daemon's switches (moby ``daemon/container_operations.go``, ``daemon/network.go``
and libnetwork ``drivers/bridge/port_mapping*.go`` at the tags named)::

    step       rule
    ---------  ---------------------------------------------------------------------------
    ports      ExposedPorts (config.exposed + exposed); daemon.publish_unexposed (v29):
               also every port with bindings (older daemons ignore those bindings)
    bindings   an empty list counts as one empty binding; -P publishes each port without
               bindings once, with "" / ""
    host IP    "" -> default_ip; when that is 0.0.0.0 and ipv6, also a "::" twin;
               ::ffff:a.b.c.d -> a.b.c.d
    host port  "" or "0": default range; "N": exact; "A-B": next fit by its cursor

    daemon.binding_order = sort-port-map, twins = separate (<= v26, v20.10.2+ for twins)
      order    go-connections SortPortMap (nat/sort.go) run by Go's sort.Sort
               (dockerlinks._gosort): its comparator puts higher host ports, then higher
               container ports, then tcp first, and is true both ways for two tcp bindings
               of one port and host port, so Go's algorithm decides those; then port by
               port (in the order of their first entry) each binding's IPv4 request, then
               its "::" twin as a request of its own (the ports may differ)
    daemon.binding_order = bridge-sort, twins = same-port (v27+)
      order    exact host ports first, then container port, protocol (tcp < udp < sctp),
               host port, host port end, host IP (IPv4 first)
      groups   neighbours equal but for the host IP form one multi-address request: every
               address of a mapping gets the same port

    NetworkSettings.Ports   one entry per port, sorted by Port.sort_key; each entry's bindings
                            in request order

SortPortMap's input comes from ranging over a Go map (``Config.ExposedPorts``), so where its
comparator does not decide (explicit host ports mixed with ephemeral ones across ports) Docker's
order can differ between runs; the model feeds the ports in ``ExposedPorts`` order.
Not modelled here: OS-level bind failures and their retries (the engine's userland proxy
model), routed (NAT-less) mappings.

What this module must not know: containers, networks, the proxy.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs

from dockerlinks._gosort import sort_port_map
from dockerlinks.allocate.allocator import (
    _ZERO4,
    _ZERO6,
    PortAllocator,
    _Addr,
    _addr,
    _check_pair,
    _proto,
)
from dockerlinks.errors import AllocationError, InvalidPortRangeError
from dockerlinks.ports import Port, PortBinding, PortConfig, PortMap
from dockerlinks.profiles import ProfileLike, get_profile

__all__ = [
    "Request",
    "host_ports",
    "plan_bindings",
    "port_map",
    "release_bindings",
    "resolve_bindings",
]


def host_ports(text: object) -> tuple[int, int]:
    """``HostPort`` text: "" / "0" -> (0, 0); "N" -> (N, N); "A-B" -> (A, B)."""
    if not isinstance(text, str):
        raise InvalidPortRangeError(f"invalid host port: {text!r}")
    if text in ("", "0"):
        return 0, 0
    low, dash, high = text.partition("-")
    if not dash:
        high = low
    if not (_is_port_text(low) and _is_port_text(high)) or int(low) == 0:
        raise InvalidPortRangeError(f"invalid host port: {text}", text=text, span=(0, len(text)))
    return int(low), int(high)


def _is_port_text(text: str) -> bool:
    return text.isascii() and text.isdigit() and len(text) <= 5 and int(text) <= 65535


def _requests(
    config: PortConfig, publish_all: bool, exposed: Iterable[Port], publish_unexposed: bool
) -> tuple[list[Port], list[tuple[Port, PortBinding]]]:
    """The ports of the container and its (port, binding) entries, in input order (every
    protocol, host port and host address checked)."""
    exposed_ports = dict.fromkeys((*config.exposed, *exposed))  # an ordered set
    explicit: dict[Port, list[PortBinding]] = {}
    for key, given in config.bindings:
        explicit.setdefault(key, []).extend(given or (PortBinding(),))
    ports = list(exposed_ports)
    if publish_unexposed:
        ports += [p for p in explicit if p not in exposed_ports]
    entries: list[tuple[Port, PortBinding]] = []
    for key in ports:
        bindings = explicit.get(key)
        if bindings is None:
            if not publish_all:
                continue
            bindings = [PortBinding()]
        _proto(key.proto)
        for binding in bindings:
            host_ports(binding.host_port)
            if binding.host_ip:
                _addr(binding.host_ip)
            entries.append((key, binding))
    return ports, entries


def _addresses(binding: PortBinding, default: _Addr, ipv6: bool) -> list[_Addr]:
    if binding.host_ip:
        return [_addr(binding.host_ip)]
    if default == _ZERO4 and ipv6:
        return [default, _ZERO6]
    return [default]


def _checked(start: int, end: int) -> tuple[int, int]:
    return _check_pair(start, end) if start == end == 0 or start != end else (start, end)


@attrs.frozen
class Request:
    """One allocation of a container's publishing: a port for ``addresses`` at once."""

    port: Port
    addresses: tuple[str, ...]  # as Go prints them
    start: int  # 0 = the default range
    end: int


def plan_bindings(
    config: PortConfig,
    *,
    publish_all: bool = False,
    exposed: Iterable[Port] = (),
    default_ip: str = "0.0.0.0",
    ipv6: bool = True,
    profile: ProfileLike = None,
) -> tuple[tuple[Port, ...], tuple[Request, ...]]:
    """The container's ports and its requests, in the order the daemon makes them.

    >>> from dockerlinks.ports import parse_port_specs
    >>> ports, requests = plan_bindings(parse_port_specs(["8080:80"]), profile="20.10")
    >>> [(str(r.port), r.addresses, r.start) for r in requests]
    [('80/tcp', ('0.0.0.0',), 8080), ('80/tcp', ('::',), 8080)]
    """
    resolved = get_profile(profile)
    if not isinstance(config, PortConfig):
        raise AllocationError(f"expected a PortConfig, got {type(config).__name__}")
    if isinstance(exposed, str) or not isinstance(exposed, Iterable):
        raise AllocationError(f"expected the exposed ports, got {type(exposed).__name__}")
    exposed = tuple(exposed)
    if not all(isinstance(p, Port) for p in exposed):
        raise AllocationError("exposed ports must be Port values")
    default = _addr(default_ip)
    daemon = resolved.daemon
    ports, entries = _requests(config, publish_all, exposed, daemon.publish_unexposed)
    explicit_ports = {key for key, _ in config.bindings}
    requests: list[Request] = []
    if daemon.binding_order == "sort-port-map":
        # go-connections SortPortMap over every port (a port without bindings takes part in
        # the sort even when it is not published), then the bindings port by port in the
        # order the sort left them (moby v20.10 daemon/container_operations.go)
        by_text = {str(key): key for key in ports}
        bound: dict[str, list[tuple[str, str]]] = {}
        for key, binding in entries:
            if not binding.host_port and not binding.host_ip and key not in explicit_ports:
                continue  # -P's empty binding: not a binding of the port
            bound.setdefault(str(key), []).append((binding.host_ip, binding.host_port))
        port_order, grouped = sort_port_map(list(by_text), bound)
        for text in port_order:
            key = by_text[text]
            found = grouped.get(text) or ([("", "")] if publish_all else [])
            for host_ip, host_port in found:
                binding = PortBinding(host_ip, host_port)
                start, end = _checked(*host_ports(host_port))
                for addr in _addresses(binding, default, ipv6):
                    # each address a request of its own (v20.10 - v26: the twin's port may
                    # differ)
                    requests.append(Request(key, (addr.text,), start, end))
    else:
        ordered: list[tuple[tuple[object, ...], Port, _Addr, int, int]] = []
        for key, binding in entries:
            start, end = _checked(*host_ports(binding.host_port))
            proto = _proto(key.proto)
            for addr in _addresses(binding, default, ipv6):
                is_range = start == 0 or start != end
                order = (is_range, key.number, proto, start, end, addr.family, addr.value)
                ordered.append((order, key, addr, start, end))
        ordered.sort(key=lambda r: r[0])
        i = 0
        while i < len(ordered):
            j = i + 1
            # neighbours equal but for the host address form one group (v27+); the very
            # same binding twice stays two requests (and conflicts, as Docker's does)
            texts = [ordered[i][2].text]
            while (
                j < len(ordered)
                and ordered[j][0][1:5] == ordered[i][0][1:5]
                and ordered[j][2].text not in texts
            ):
                texts.append(ordered[j][2].text)
                j += 1
            _, key, _, start, end = ordered[i]
            requests.append(Request(key, tuple(texts), start, end))
            i = j
    return tuple(ports), tuple(requests)


def resolve_bindings(
    allocator: PortAllocator,
    config: PortConfig,
    *,
    publish_all: bool = False,
    exposed: Iterable[Port] = (),
    default_ip: str = "0.0.0.0",
    ipv6: bool = True,
    profile: ProfileLike = None,
) -> tuple[PortAllocator, PortMap]:
    """Choose host ports for a container's port configuration as dockerd does.

    Returns the new allocator and ``NetworkSettings.Ports`` (see the module's rule table).
    ``profile`` defaults to the allocator's. The host is not consulted: every port the
    allocator grants binds (:mod:`dockerlinks.engine.publish` models the kernel too).

    >>> from dockerlinks.ports import Port, PortBinding, PortConfig
    >>> cfg = PortConfig(exposed=(Port(80),), bindings=((Port(80), (PortBinding(),)),))
    >>> a, ports = resolve_bindings(PortAllocator(), cfg)
    >>> [(b.host_ip, b.host_port) for b in ports.entries[0][1]]
    [('0.0.0.0', '49153'), ('::', '49153')]
    """
    if not isinstance(allocator, PortAllocator):
        raise AllocationError(f"expected a PortAllocator, got {type(allocator).__name__}")
    ports, requests = plan_bindings(
        config,
        publish_all=publish_all,
        exposed=exposed,
        default_ip=default_ip,
        ipv6=ipv6,
        profile=allocator.profile if profile is None else profile,
    )
    current = allocator
    chosen: dict[Port, list[PortBinding]] = {}
    for request in requests:
        current, number = current.request_multi(
            request.addresses, request.port.proto, request.start, request.end
        )
        for text in request.addresses:
            chosen.setdefault(request.port, []).append(PortBinding(text, str(number)))
    return current, port_map(ports, chosen)


# libnetwork types.ParseProtocol / Protocol.String (moby v20.10.24 vendor/github.com/docker/
# libnetwork/types/types.go): the endpoint knows these protocols, case-insensitively; any
# other word is protocol 0, which prints as "0"
_ENDPOINT_PROTOCOLS = frozenset({"tcp", "udp", "sctp", "icmp"})


def endpoint_port(port: Port) -> Port:
    """The key a port gets in ``NetworkSettings.Ports``: the endpoint's protocol for it.

    >>> str(endpoint_port(Port(80, "TCP"))), str(endpoint_port(Port(80, "foo")))
    ('80/tcp', '80/0')
    """
    proto = port.proto.lower()
    return Port(port.number, proto if proto in _ENDPOINT_PROTOCOLS else "0")


def port_map(ports: Iterable[Port], chosen: Mapping[Port, list[PortBinding]]) -> PortMap:
    """``NetworkSettings.Ports``: every port, sorted, with the bindings it got (or null);
    the keys as the endpoint reports them (:func:`endpoint_port`)."""
    result: dict[Port, tuple[PortBinding, ...] | None] = {}
    for key in sorted(ports, key=Port.sort_key):
        got = chosen.get(key)
        reported = endpoint_port(key)
        if got is not None or reported not in result:
            result[reported] = tuple(got) if got is not None else None
    return PortMap(tuple(sorted(result.items(), key=lambda item: item[0].sort_key())))


def release_bindings(allocator: PortAllocator, port_map: PortMap) -> PortAllocator:
    """Release every binding of ``port_map`` (what stopping the container does).

    >>> from dockerlinks.ports import Port, PortBinding, PortConfig
    >>> cfg = PortConfig(exposed=(Port(80),), bindings=((Port(80), (PortBinding(),)),))
    >>> a, ports = resolve_bindings(PortAllocator(), cfg)
    >>> release_bindings(a, ports).allocated()
    {}
    """
    if not isinstance(allocator, PortAllocator):
        raise AllocationError(f"expected a PortAllocator, got {type(allocator).__name__}")
    if not isinstance(port_map, PortMap):
        raise AllocationError(f"expected a PortMap, got {type(port_map).__name__}")
    current = allocator
    for key, bindings in port_map.entries:
        for binding in bindings or ():
            start, end = host_ports(binding.host_port)
            if start != end or start == 0:
                raise InvalidPortRangeError(
                    f"invalid host port: {binding.host_port} (expected one allocated port)"
                )
            current = current.release(binding.host_ip, key.proto, start)
    return current
