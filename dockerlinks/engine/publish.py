"""Publishing a starting container's ports: the allocator, the kernel's bind, the retries.

For each request of :func:`~dockerlinks.allocate.bindings.plan_bindings`, in order, the daemon
asks the allocator for a port, then binds it on the host (the userland proxy up to v27, the
daemon itself from v28); a refused bind gives the port back and, where the release retries,
asks again: the allocator's cursor has moved on, so the retry gets the next port (moby
libnetwork ``drivers/bridge``: ``allocatePort`` up to v26, ``bindHostPorts`` from v27, and
the v29 OS allocator)::

    request                 attempts (maxAllocatePortAttempts = 10)
    ----------------------  ------------------------------------------------------------
    an exact host port      1
    a host range A-B        1 up to v26; 10 from v27 (daemon.range_retry)
    the default range       10
    "all ports are          the allocator's error ends the request at once (retrying
     allocated"             gives the same answer)

When a request fails, every port the container got so far is given back and its sockets are
closed; the error is the last attempt's. A bind refusal reads (dockerlinks.messages, the
daemon's ``proxy_failed`` text): ``Error starting userland proxy: listen tcp4
127.0.0.1:80: bind: address already in use`` (20.10), with SCTP on a kernel without it
``Error starting userland proxy: protocol not supported``.

What this module must not know: containers (it gets ports and addresses), the CLI.
"""

from __future__ import annotations

from typing import NamedTuple

from dockerlinks import _go
from dockerlinks.allocate import PortAllocator
from dockerlinks.allocate.bindings import Request, port_map
from dockerlinks.engine.host import BindRefusal, Host
from dockerlinks.errors import AllocationError
from dockerlinks.messages import daemon_text
from dockerlinks.ports import Port, PortBinding, PortMap
from dockerlinks.profiles import Profile

__all__ = ["Published", "Refused", "publish", "unpublish"]

MAX_ATTEMPTS = 10


def _attempts(request: Request, profile: Profile) -> int:
    if request.start and request.start == request.end:
        return 1
    if request.start and not profile.daemon.range_retry:
        return 1
    return MAX_ATTEMPTS


def _refusal_text(
    profile: Profile, why: BindRefusal, ip: str, number: int, *, proto: str, container_ip: str
) -> str:
    family = "6" if ":" in ip else "4"
    address = _go.join_host_port(ip, str(number))
    if why == "protocol not supported":
        key = "proto_unsupported"
    else:
        key = "proxy_failed" if profile.daemon.userland_proxy else "bind_failed"
    return daemon_text(
        profile,
        key,
        network=f"{proto}{family}",
        address=address,
        proto=proto,
        binding=f"{address}:{_go.join_host_port(container_ip, '')}{number}/{proto}",
        why=why,
    )


class Published(NamedTuple):
    """Every request bound: the allocator and host afterwards, and the port map."""

    allocator: PortAllocator
    host: Host
    ports: PortMap


class Refused(NamedTuple):
    """A request failed: the allocator afterwards (every port given back, but its cursors
    stay where the attempts moved them, as Docker's do) and the daemon's cause."""

    allocator: PortAllocator
    cause: str


def publish(
    allocator: PortAllocator,
    host: Host,
    ports: tuple[Port, ...],
    requests: tuple[Request, ...],
    *,
    profile: Profile,
    container_ip: str = "",
) -> Published | Refused:
    """Allocate and bind every request (see the module docstring); all or nothing, except
    for the cursors the attempts moved."""
    current, bound_host = allocator, host
    chosen: dict[Port, list[PortBinding]] = {}
    for request in requests:
        proto = request.port.proto
        cause = ""
        for _ in range(_attempts(request, profile)):
            try:
                trial, number = current.request_multi(
                    request.addresses, proto, request.start, request.end
                )
            except AllocationError as exc:
                cause = exc.docker_message
                break  # the allocator's refusal: retrying gives the same answer
            trial_host = bound_host
            refused: tuple[str, BindRefusal] | None = None
            for ip in request.addresses:
                trial_host, why = trial_host.bind(ip, number, proto)
                if why is not None:
                    refused = (ip, why)
                    break
            if refused is None:
                current, bound_host = trial, trial_host
                for ip in request.addresses:
                    chosen.setdefault(request.port, []).append(PortBinding(ip, str(number)))
                cause = ""
                break
            # the port goes back to the allocator (its cursor stays where it moved)
            for ip in request.addresses:
                trial = trial.release(ip, proto, number)
            current = trial
            ip, why = refused
            cause = _refusal_text(profile, why, ip, number, proto=proto, container_ip=container_ip)
        if cause:
            given_back, _ = unpublish(current, bound_host, port_map(ports, chosen))
            return Refused(given_back, cause)
    return Published(current, bound_host, port_map(ports, chosen))


def unpublish(allocator: PortAllocator, host: Host, ports: PortMap) -> tuple[PortAllocator, Host]:
    """Give a stopping container's ports back: allocator and host sockets."""
    current, bound_host = allocator, host
    for key, bindings in ports.entries:
        for binding in bindings or ():
            number = int(binding.host_port)
            current = current.release(binding.host_ip, key.proto, number)
            bound_host = bound_host.unbind(binding.host_ip, number, key.proto)
    return current, bound_host
