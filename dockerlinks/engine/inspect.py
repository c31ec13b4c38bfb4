"""The ``docker inspect`` document of a container (the fields the model knows).

Shape (Engine API ``GET /containers/{id}/json``; only these fields are modelled)::

    Id, Created, Path, Args, State{Status, Running, ExitCode}, Image, Name, RestartCount,
    HostConfig{PortBindings, AutoRemove, Links, PublishAllPorts},
    Config{Hostname, Domainname, ExposedPorts, Tty, OpenStdin, Env, Cmd, Image, WorkingDir},
    NetworkSettings{Ports, [Gateway, IPAddress (classic only)],
                    Networks{bridge{Gateway, IPAddress, IPPrefixLen}}}

Fields keep the order of the Go structs, which is the order ``json`` prints them in.

Profile differences (moby API types)::

    aspect                      classic (API <= 1.47)      modern (API 1.52, Docker v29)
    --------------------------  -------------------------  ------------------------------
    NetworkSettings.IPAddress   present                    removed: a template asking for it
                                                           prints <no value>
    port keys in maps           strings: "443/tcp" sorts   network.Port: sorted by number,
                                before "80/tcp"            then protocol
    empty HostIp in templates   prints as empty            netip.Addr zero value prints
                                                           "invalid IP"
"""

from __future__ import annotations

from typing import Any

from dockerlinks.engine.gotemplate import GoMap, GoStruct, GoText
from dockerlinks.ports import Port, PortBinding

__all__ = ["inspect_document"]

_BINDING_JSON = (("HostIP", "HostIp"),)


def _port_key(modern: bool) -> Any:
    if not modern:
        return str

    def key(text: str) -> tuple[int, str]:
        number, _, proto = text.partition("/")
        return (int(number), proto)

    return key


def _binding(binding: PortBinding, modern: bool) -> GoStruct:
    ip: Any = binding.host_ip
    if modern:
        ip = GoText(binding.host_ip or "invalid IP", binding.host_ip)
    return GoStruct((("HostIP", ip), ("HostPort", binding.host_port)), _BINDING_JSON)


def _bindings_map(
    entries: tuple[tuple[Port, tuple[PortBinding, ...] | None], ...], modern: bool
) -> GoMap:
    items = tuple(
        (str(port), None if bindings is None else [_binding(b, modern) for b in bindings])
        for port, bindings in entries
    )
    return GoMap(items, _port_key(modern))


def inspect_document(engine: Any, container: Any) -> GoStruct:
    """The typed inspect document of ``container`` in ``engine``."""
    modern = engine.profile.link_env == "modern"
    links = engine.host_config_links(container) or None
    state = GoStruct(
        (
            ("Status", container.status),
            ("Running", container.running),
            ("ExitCode", container.exit_code),
        )
    )
    host_config = GoStruct(
        (
            ("PortBindings", _bindings_map(container.port_config.bindings, modern)),
            ("AutoRemove", container.auto_remove),
            ("Links", links),
            ("PublishAllPorts", container.publish_all),
        )
    )
    config = GoStruct(
        (
            ("Hostname", container.hostname),
            ("Domainname", ""),
            (
                "ExposedPorts",
                GoMap(tuple((str(p), GoStruct(())) for p in container.exposed), _port_key(modern)),
            ),
            ("Tty", container.tty),
            ("OpenStdin", container.interactive),
            ("Env", list(container.env)),
            ("Cmd", list(container.cmd)),
            ("Image", container.image),
            ("WorkingDir", container.workdir if container.workdir != "/" else ""),
        )
    )
    gateway = engine.ipam.gateway if container.ip else ""
    bridge = GoStruct(
        (
            ("Gateway", gateway),
            ("IPAddress", container.ip),
            ("IPPrefixLen", 16 if container.ip else 0),
        )
    )
    ports = _bindings_map(container.ports.entries, modern)
    if not container.running:
        ports = GoMap((), _port_key(modern))
    net_fields: list[tuple[str, Any]] = [("Ports", ports)]
    if not modern:
        net_fields += [("Gateway", gateway), ("IPAddress", container.ip)]
    net_fields.append(("Networks", GoMap((("bridge", bridge),))))
    return GoStruct(
        (
            ("Id", container.id),
            ("Path", container.cmd[0] if container.cmd else ""),
            ("Args", list(container.cmd[1:])),
            ("State", state),
            ("Image", container.image_name),
            ("Name", container.name),
            ("RestartCount", container.restart_count),
            ("HostConfig", host_config),
            ("Config", config),
            ("NetworkSettings", GoStruct(tuple(net_fields))),
        )
    )
