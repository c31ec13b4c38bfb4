"""The ``docker inspect`` document of a container: the daemon's JSON, and the CLI's typed view.

What lives here: :func:`inspect_json` builds ``GET /containers/{id}/json`` as the profile's
daemon answers it (every field, in the order of the daemon's Go structs, which is the order
``encoding/json`` prints them in); :func:`inspect_document` is the same document as the
profile's docker CLI decodes it into its own vendored API types, which is what an
``inspect -f`` template runs on (typed values print differently: below).

Sources: moby/moby v20.10.24 ``api/types/types.go`` (``ContainerJSONBase``,
``ContainerState``, ``NetworkSettings``, ``DefaultNetworkSettings``),
``api/types/container/{config,host_config}.go``, ``api/types/network/network.go``
(``EndpointSettings``), ``daemon/inspect.go`` (what is filled in), ``daemon/create.go`` and
``daemon/daemon_unix.go`` (``adaptContainerSettings``: defaults stored at create). The
field lists were checked against a real dockerd 20.10.24 (``tests/data/daemon/20.10/api``).

How the stored ``HostConfig`` comes about (moby v20.10.24 ``daemon/daemon_unix.go``)::

    field             the client sent          stored
    ----------------  -----------------------  ---------------------------------------
    LogConfig.Type    ""                       the daemon's log driver ("json-file")
    ShmSize           0                        67108864 (64 MiB)
    IpcMode           ""                       "private" (--default-ipc-mode)
    CgroupnsMode      ""                       "host" on cgroup v1, "private" on v2
    Runtime           ""                       "runc"
    MemorySwappiness  -1                       null
    PidsLimit         0 or less                null
    MaskedPaths       null                     the OCI defaults below
    ReadonlyPaths     null                     the OCI defaults below

Every other field keeps what the client sent (the docker CLI sends ``Dns: []``, docker-py
leaves it out: ``null``), or Go's zero value.

Per release (the ``Api`` axis; moby ``api/docs/CHANGELOG.md``)::

    API      change
    -------  -------------------------------------------------------------------------
    < 1.52   NetworkSettings carries the top-level bridge fields (IPAddress, Gateway,
             MacAddress, ...), filled from the endpoint on ``bridge`` only
    >= 1.52  those fields are gone (moby/moby#50846)

How the CLI's types print (the ``Cli.inspect_types`` switch)::

    types     Cli      port-map keys in a template           an empty HostIp
    --------  -------  ------------------------------------  ---------------------------
    strings   <= v28   strings: "443/tcp" before "80/tcp"    prints as empty
    netip     v29+     network.Port: by number, then proto   netip.Addr zero value:
                                                             "invalid IP"

Fields newer daemons added after API 1.41 are not modelled: the document of a newer daemon
holds the 1.41 fields with the changes in the table above.

What this module must not know: how the engine changes state; the CLI's texts.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from typing import Any, Protocol

from dockerlinks.engine.container import Attachment, Container, mac_from_ip
from dockerlinks.engine.gotemplate import GoMap, GoStruct, GoText
from dockerlinks.engine.network import is_user_defined
from dockerlinks.errors import InspectError
from dockerlinks.ports import Port, PortBinding
from dockerlinks.profiles import Profile

__all__ = [
    "Inspectable",
    "inspect_document",
    "inspect_json",
    "time_text",
    "typed_document",
    "typed_network_document",
]

#: The OCI runtime's default masked and read-only paths (moby v20.10.24 ``oci/defaults.go``).
MASKED_PATHS = (
    "/proc/asound",
    "/proc/acpi",
    "/proc/kcore",
    "/proc/keys",
    "/proc/latency_stats",
    "/proc/timer_list",
    "/proc/timer_stats",
    "/proc/sched_debug",
    "/proc/scsi",
    "/sys/firmware",
)
READONLY_PATHS = ("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger")

_ZERO_TIME = "0001-01-01T00:00:00Z"

# HostConfig (API 1.41) in struct order, with Go's zero value of each field as JSON.
_HOST_CONFIG: tuple[tuple[str, Any], ...] = (
    ("Binds", None),
    ("ContainerIDFile", ""),
    ("LogConfig", {"Type": "", "Config": None}),
    ("NetworkMode", ""),
    ("PortBindings", None),
    ("RestartPolicy", {"Name": "", "MaximumRetryCount": 0}),
    ("AutoRemove", False),
    ("VolumeDriver", ""),
    ("VolumesFrom", None),
    ("CapAdd", None),
    ("CapDrop", None),
    ("CgroupnsMode", ""),
    ("Dns", None),
    ("DnsOptions", None),
    ("DnsSearch", None),
    ("ExtraHosts", None),
    ("GroupAdd", None),
    ("IpcMode", ""),
    ("Cgroup", ""),
    ("Links", None),
    ("OomScoreAdj", 0),
    ("PidMode", ""),
    ("Privileged", False),
    ("PublishAllPorts", False),
    ("ReadonlyRootfs", False),
    ("SecurityOpt", None),
    ("UTSMode", ""),
    ("UsernsMode", ""),
    ("ShmSize", 0),
    ("Runtime", ""),
    ("ConsoleSize", [0, 0]),
    ("Isolation", ""),
    ("CpuShares", 0),
    ("Memory", 0),
    ("NanoCpus", 0),
    ("CgroupParent", ""),
    ("BlkioWeight", 0),
    ("BlkioWeightDevice", None),
    ("BlkioDeviceReadBps", None),
    ("BlkioDeviceWriteBps", None),
    ("BlkioDeviceReadIOps", None),
    ("BlkioDeviceWriteIOps", None),
    ("CpuPeriod", 0),
    ("CpuQuota", 0),
    ("CpuRealtimePeriod", 0),
    ("CpuRealtimeRuntime", 0),
    ("CpusetCpus", ""),
    ("CpusetMems", ""),
    ("Devices", None),
    ("DeviceCgroupRules", None),
    ("DeviceRequests", None),
    ("KernelMemory", 0),
    ("KernelMemoryTCP", 0),
    ("MemoryReservation", 0),
    ("MemorySwap", 0),
    ("MemorySwappiness", None),
    ("OomKillDisable", False),
    ("PidsLimit", None),
    ("Ulimits", None),
    ("CpuCount", 0),
    ("CpuPercent", 0),
    ("IOMaximumIOps", 0),
    ("IOMaximumBandwidth", 0),
    ("MaskedPaths", None),
    ("ReadonlyPaths", None),
)
HOST_CONFIG_FIELDS = tuple(name for name, _ in _HOST_CONFIG)
_HOST_CONFIG_KEYS = {name.lower(): name for name in HOST_CONFIG_FIELDS}


def _stored_defaults(cgroup_version: int) -> dict[str, Callable[[Any], Any]]:
    """The create-time defaults (the module docstring's table), field -> fix-up."""
    return {
        "LogConfig": lambda v: {
            "Type": (v or {}).get("Type") or "json-file",
            "Config": (v or {}).get("Config") or {},
        },
        "ShmSize": lambda v: v or 67108864,
        "IpcMode": lambda v: v or "private",
        "CgroupnsMode": lambda v: v or ("host" if cgroup_version == 1 else "private"),
        "Runtime": lambda v: v or "runc",
        "MemorySwappiness": lambda v: None if v == -1 else v,
        "PidsLimit": lambda v: None if isinstance(v, int) and v <= 0 else v,
        "MaskedPaths": lambda v: list(MASKED_PATHS) if v is None else v,
        "ReadonlyPaths": lambda v: list(READONLY_PATHS) if v is None else v,
    }


def client_host_config(text: str) -> dict[str, Any]:
    """The HostConfig fields a client sent (JSON object text), keyed by the daemon's field
    names; Go's decoder matches keys case-insensitively and ignores unknown ones.

    >>> client_host_config('{"dns": [], "NoSuchField": 1}')
    {'Dns': []}
    """
    if not text:
        return {}
    sent = json.loads(text)
    out: dict[str, Any] = {}
    for key, value in sent.items():
        name = _HOST_CONFIG_KEYS.get(key.lower())
        if name is not None:
            out[name] = value
    return out


def time_text(epoch: int, tick: int) -> str:
    """Go's RFC 3339 time of ``epoch`` + ``tick`` seconds; the zero time for a negative tick.

    >>> time_text(1767225600, 5), time_text(1767225600, -1)
    ('2026-01-01T00:00:05Z', '0001-01-01T00:00:00Z')
    """
    if tick < 0:
        return _ZERO_TIME
    moment = datetime.datetime.fromtimestamp(epoch + tick, tz=datetime.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _port_map_json(entries: tuple[tuple[Port, tuple[PortBinding, ...] | None], ...]) -> Any:
    """A port map as ``encoding/json`` writes it: keys in Go's string order."""
    out = {
        str(port): (
            None
            if bindings is None
            else [{"HostIp": b.host_ip, "HostPort": b.host_port} for b in bindings]
        )
        for port, bindings in entries
    }
    return dict(sorted(out.items()))


# EndpointSettings (NetworkSettings.Networks[*]) per daemon release, in struct order (moby
# api/types/network/network.go v20.10.24 - v24.0.9, endpoint.go v25.0.0, v27.0.1, v28.0.0,
# docker-v29.0.0); the same names in the docker CLI's vendored types (the Cli switch).
_ENDPOINT_FIELDS: dict[str, tuple[str, ...]] = {
    "20.10": (
        "IPAMConfig",
        "Links",
        "Aliases",
        "NetworkID",
        "EndpointID",
        "Gateway",
        "IPAddress",
        "IPPrefixLen",
        "IPv6Gateway",
        "GlobalIPv6Address",
        "GlobalIPv6PrefixLen",
        "MacAddress",
        "DriverOpts",
    ),
    "25.0": (
        "IPAMConfig",
        "Links",
        "Aliases",
        "MacAddress",
        "NetworkID",
        "EndpointID",
        "Gateway",
        "IPAddress",
        "IPPrefixLen",
        "IPv6Gateway",
        "GlobalIPv6Address",
        "GlobalIPv6PrefixLen",
        "DriverOpts",
        "DNSNames",
    ),
    "27.0": (
        "IPAMConfig",
        "Links",
        "Aliases",
        "MacAddress",
        "DriverOpts",
        "NetworkID",
        "EndpointID",
        "Gateway",
        "IPAddress",
        "IPPrefixLen",
        "IPv6Gateway",
        "GlobalIPv6Address",
        "GlobalIPv6PrefixLen",
        "DNSNames",
    ),
    "28.0": (
        "IPAMConfig",
        "Links",
        "Aliases",
        "MacAddress",
        "DriverOpts",
        "GwPriority",
        "NetworkID",
        "EndpointID",
        "Gateway",
        "IPAddress",
        "IPPrefixLen",
        "IPv6Gateway",
        "GlobalIPv6Address",
        "GlobalIPv6PrefixLen",
        "DNSNames",
    ),
    "29.0": (
        "IPAMConfig",
        "Links",
        "Aliases",
        "DriverOpts",
        "GwPriority",
        "NetworkID",
        "EndpointID",
        "Gateway",
        "IPAddress",
        "MacAddress",
        "IPPrefixLen",
        "IPv6Gateway",
        "GlobalIPv6Address",
        "GlobalIPv6PrefixLen",
        "DNSNames",
    ),
}
# Go's zero value of each EndpointSettings field, as JSON
_ENDPOINT_ZERO: dict[str, Any] = {
    "IPAMConfig": None,
    "Links": None,
    "Aliases": None,
    "NetworkID": "",
    "EndpointID": "",
    "Gateway": "",
    "IPAddress": "",
    "IPPrefixLen": 0,
    "IPv6Gateway": "",
    "GlobalIPv6Address": "",
    "GlobalIPv6PrefixLen": 0,
    "MacAddress": "",
    "DriverOpts": None,
    "GwPriority": 0,
    "DNSNames": None,
}


def _dedup(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _endpoint_json(
    container: Container, attachment: Attachment, profile: Profile
) -> dict[str, Any]:
    """One ``NetworkSettings.Networks`` entry: the stored settings, the running endpoint's
    address, in the daemon's struct order (``Daemon.endpoint_fields``). From v25 the inspect
    route adds the short ID and the hostname to a user-defined network's aliases for API
    < 1.45 (moby v25.0.1 ``daemon/inspect.go``); up to v24 they are stored."""
    config = attachment.config
    endpoint = container.endpoint(attachment.network)
    release = profile.daemon.endpoint_fields
    if config.ipv4:
        ipam: Any = {"IPv4Address": config.ipv4}
    else:
        ipam = {} if config.ipam_object else None
    aliases: list[str] | None = list(config.aliases) if config.aliases else None
    if aliases is None and config.aliases_list:
        aliases = []
    user_defined = is_user_defined(attachment.network)
    if release != "20.10" and user_defined and not profile.api.at_least("1.45"):
        aliases = _dedup([*(aliases or []), container.short_id, container.hostname])
    values: dict[str, Any] = {
        "IPAMConfig": ipam,
        "Links": list(config.links) or None,
        "Aliases": aliases,
        "NetworkID": attachment.network_id,
        "DriverOpts": {} if config.driver_opts_object else None,
        "DNSNames": list(attachment.dns_names) or None,
    }
    if endpoint is not None:
        values.update(
            {
                "EndpointID": endpoint.endpoint_id,
                "Gateway": endpoint.gateway,
                "IPAddress": endpoint.ip,
                "IPPrefixLen": endpoint.prefix_len,
                "MacAddress": endpoint.mac or mac_from_ip(endpoint.ip),
            }
        )
    return {name: values.get(name, _ENDPOINT_ZERO[name]) for name in _ENDPOINT_FIELDS[release]}


def inspect_json(
    container: Container,
    *,
    profile: Profile,
    links: list[str],
    network_ids: dict[str, str] | None = None,
    epoch: int,
    data_root: str = "/var/lib/docker",
    exec_root: str = "/var/run/docker",
    storage_driver: str = "overlay2",
    cgroup_version: int = 2,
    files_of: str = "",
) -> dict[str, Any]:
    """``GET /containers/{id}/json`` as the profile's daemon answers it (a JSON-ready dict).

    ``links`` is ``HostConfig.Links`` as the daemon rebuilds it (``/db:/web/db``);
    ``files_of`` the ID of the container whose hosts, hostname and resolv.conf files it
    uses (``--network container:X``: X's). ``network_ids`` is not used any more: each network
    entry keeps the ID of its network.
    """
    del network_ids
    cid = container.id
    folder = f"{data_root}/containers/{cid}"
    shared = f"{data_root}/containers/{files_of or cid}"
    started = container.started >= 0 or bool(container.sandbox_id)  # files from the first start
    running = container.running
    state = {
        "Status": container.status,
        "Running": running,
        "Paused": False,
        "Restarting": False,
        "OOMKilled": False,
        "Dead": False,
        "Pid": container.pid if running else 0,
        "ExitCode": container.exit_code,
        "Error": container.error,
        "StartedAt": time_text(epoch, container.started),
        "FinishedAt": time_text(epoch, container.finished),
    }
    host_config = dict(_HOST_CONFIG)
    host_config.update(client_host_config(container.host_config_json))
    bindings = _port_map_json(container.port_config.bindings)
    if bindings:
        host_config["PortBindings"] = bindings
    if container.dns:
        host_config["Dns"] = list(container.dns)
    host_config.update(
        {
            "NetworkMode": container.network_mode,
            "AutoRemove": container.auto_remove,
            "ExtraHosts": list(container.extra_hosts) or None,
            "Links": links or None,
            "PublishAllPorts": container.publish_all,
        }
    )
    for name, fix in _stored_defaults(cgroup_version).items():
        host_config[name] = fix(host_config[name])
    config: dict[str, Any] = {
        "Hostname": container.hostname,
        "Domainname": container.domainname,
        "User": "",
        "AttachStdin": "stdin" in container.attach,
        "AttachStdout": "stdout" in container.attach,
        "AttachStderr": "stderr" in container.attach,
    }
    if container.exposed:  # omitempty; a Go map: keys sorted
        config["ExposedPorts"] = {key: {} for key in sorted(str(p) for p in container.exposed)}
    config.update(
        {
            "Tty": container.tty,
            "OpenStdin": container.interactive,
            "StdinOnce": container.interactive and "stdin" in container.attach,
            "Env": list(container.env),
            "Cmd": list(container.cmd),
            "Image": container.image,
            "Volumes": None,
            "WorkingDir": container.workdir if container.workdir != "/" else "",
            "Entrypoint": None,
        }
    )
    if container.mac_address:  # omitempty
        config["MacAddress"] = container.mac_address
    config.update({"OnBuild": None, "Labels": {}})
    networks = {}
    for attachment in sorted(container.networks, key=lambda a: a.network):  # a Go map
        networks[attachment.network] = _endpoint_json(container, attachment, profile)
    sandbox = container.sandbox_id
    settings: dict[str, Any] = {
        "Bridge": "",
        "SandboxID": sandbox,
        "HairpinMode": False,
        "LinkLocalIPv6Address": "",
        "LinkLocalIPv6PrefixLen": 0,
        "Ports": _port_map_json(container.ports.entries),
        "SandboxKey": f"{exec_root}/netns/{sandbox[:12]}" if sandbox else "",
        "SecondaryIPAddresses": None,
        "SecondaryIPv6Addresses": None,
    }
    if not profile.api.at_least("1.52"):
        bridge = networks.get("bridge")
        settings.update(
            {
                "EndpointID": bridge["EndpointID"] if bridge else "",
                "Gateway": bridge["Gateway"] if bridge else "",
                "GlobalIPv6Address": "",
                "GlobalIPv6PrefixLen": 0,
                "IPAddress": bridge["IPAddress"] if bridge else "",
                "IPPrefixLen": bridge["IPPrefixLen"] if bridge else 0,
                "IPv6Gateway": "",
                "MacAddress": bridge["MacAddress"] if bridge else "",
            }
        )
    settings["Networks"] = networks
    return {
        "Id": cid,
        "Created": time_text(epoch, container.created),
        "Path": container.cmd[0] if container.cmd else "",
        "Args": list(container.cmd[1:]),
        "State": state,
        "Image": container.image_id,
        "ResolvConfPath": f"{shared}/resolv.conf" if started else "",
        "HostnamePath": f"{shared}/hostname" if started else "",
        "HostsPath": f"{shared}/hosts" if started else "",
        "LogPath": f"{folder}/{cid}-json.log" if started else "",
        "Name": container.name,
        "RestartCount": container.restart_count,
        "Driver": storage_driver,
        "Platform": "linux",
        "MountLabel": "",
        "ProcessLabel": "",
        "AppArmorProfile": "",
        "ExecIDs": None,
        "HostConfig": host_config,
        "GraphDriver": {"Data": None, "Name": storage_driver},
        "Mounts": [],
        "Config": config,
        "NetworkSettings": settings,
    }


# ------------------------------------------------------------------ the CLI's typed view

# Go field names that differ from their JSON keys (moby v20.10.24 api/types: ContainerJSONBase
# ``ID``, HostConfig ``DNS``/``DNSOptions``/``DNSSearch``, Resources ``CPUShares``, ...,
# nat.PortBinding ``HostIP``). A template names the Go field; the raw-JSON retry names the key.
_GO_NAMES = {
    "Id": "ID",
    "HostIp": "HostIP",
    "Dns": "DNS",
    "DnsOptions": "DNSOptions",
    "DnsSearch": "DNSSearch",
    "CpuShares": "CPUShares",
    "NanoCpus": "NanoCPUs",
    "CpuPeriod": "CPUPeriod",
    "CpuQuota": "CPUQuota",
    "CpuRealtimePeriod": "CPURealtimePeriod",
    "CpuRealtimeRuntime": "CPURealtimeRuntime",
    "CpuCount": "CPUCount",
    "CpuPercent": "CPUPercent",
}

# JSON objects that are Go maps (the rest are structs), by their path in the document; "*"
# stands for any network name.
_MAPS = frozenset(
    {
        ("Config", "ExposedPorts"),
        ("Config", "Labels"),
        ("Config", "Volumes"),
        ("HostConfig", "PortBindings"),
        ("HostConfig", "LogConfig", "Config"),
        ("GraphDriver", "Data"),
        ("NetworkSettings", "Ports"),
        ("NetworkSettings", "Networks"),
        ("NetworkSettings", "Networks", "*", "DriverOpts"),
    }
)
_PORT_MAPS = frozenset(
    {("Config", "ExposedPorts"), ("HostConfig", "PortBindings"), ("NetworkSettings", "Ports")}
)


def _port_key(text: str) -> tuple[int, str]:
    number, _, proto = text.partition("/")
    return (int(number) if number.isdigit() else -1, proto)


_ENDPOINT_PATH = ("NetworkSettings", "Networks", "*")


def _typed(value: Any, path: tuple[str, ...], netip: bool, endpoint: tuple[str, ...]) -> Any:
    """JSON -> the values a template sees in the CLI's types (one pass, depth-bounded by
    the document's own shape). A network entry takes the CLI's ``EndpointSettings``
    (``endpoint``: its fields in order): fields it lacks get Go's zero value, fields it does
    not know are dropped (what the 28.2 CLI's ``{{json .NetworkSettings.Networks}}`` shows
    against dockerd 20.10: ``tests/data/daemon/20.10/networks/cli-28.2/*.json``)."""
    if isinstance(value, dict):
        if path in _MAPS:
            key: Callable[[str], Any] = _port_key if netip and path in _PORT_MAPS else str
            inner = (*path, "*") if path == ("NetworkSettings", "Networks") else (*path, "")
            return GoMap(
                tuple((k, _typed(v, inner, netip, endpoint)) for k, v in value.items()), key
            )
        if path == _ENDPOINT_PATH:
            value = {name: value.get(name, _ENDPOINT_ZERO[name]) for name in endpoint}
        fields: tuple[tuple[str, Any], ...] = tuple(
            (_GO_NAMES.get(str(k)) or str(k), _typed(v, (*path, k), netip, endpoint))
            for k, v in value.items()
        )
        renamed = tuple((_GO_NAMES[k], k) for k in value if k in _GO_NAMES)
        return GoStruct(fields, renamed)
    if isinstance(value, list):
        return [_typed(v, path, netip, endpoint) for v in value]
    if netip and path and path[-1] == "HostIp" and isinstance(value, str):
        return GoText(value or "invalid IP", value)
    return value


class Inspectable(Protocol):
    """What :func:`inspect_document` needs of an engine."""

    @property
    def profile(self) -> Profile: ...

    def inspect(self, ref: str) -> dict[str, Any]: ...


def inspect_document(engine: Inspectable, container: Container) -> GoStruct:
    """The inspect document of ``container`` as the engine's docker CLI decodes it for an
    ``inspect -f`` template (:func:`typed_document` of :meth:`Engine.inspect
    <dockerlinks.engine.Engine.inspect>`)."""
    return typed_document(engine.inspect(container.id), engine.profile)


def typed_document(document: dict[str, Any], profile: Profile) -> GoStruct:
    """The daemon's document as the profile's docker CLI decodes it for a template.

    >>> from dockerlinks.profiles import get_profile
    >>> doc = typed_document({"Id": "c0ffee", "State": {"Pid": 7}}, get_profile("20.10"))
    >>> doc.get("ID"), doc.get("Id")
    ((True, 'c0ffee'), (False, None))
    """
    netip = profile.cli.inspect_types == "netip"
    typed = _typed(document, (), netip, _ENDPOINT_FIELDS[profile.cli.endpoint_fields])
    if not isinstance(typed, GoStruct):
        raise InspectError("an inspect document is a JSON object")
    return typed


# ------------------------------------------------------------------ network documents

_IPAM_CONFIG_FIELDS = (
    ("Subnet", "", ",omitempty"),
    ("IPRange", "", ",omitempty"),
    ("Gateway", "", ",omitempty"),
    ("AuxAddress", None, "AuxiliaryAddresses,omitempty"),
)


def _go_time(text: str) -> GoText:
    """An RFC 3339 time as Go's ``time.Time`` prints it (``String()``) and encodes it."""
    stamp = text.removesuffix("Z").replace("T", " ")
    return GoText(f"{stamp} +0000 UTC", text, "time.Time")


def _string_map(value: Any) -> GoMap:
    items = tuple((str(k), v) for k, v in (value or {}).items())
    return GoMap(items, type_name="map[string]string")


def typed_network_document(document: dict[str, Any]) -> GoStruct:
    """A ``docker network inspect`` document as the docker CLI decodes it for a template
    (docker/cli v20.10.24's vendored ``types.NetworkResource``; the 28.2 CLI's type prints the
    same here): ``IPAM.Config`` entries have every field (``{{.Gateway}}`` of a network created
    with ``--subnet`` only is empty) and re-encode without the empty ones, ``Created`` is a
    ``time.Time``, ``Containers`` / ``Options`` / ``Labels`` are maps.

    >>> doc = typed_network_document({"Name": "s1", "IPAM": {"Config": [{"Subnet": "a"}]}})
    >>> doc.get("IPAM")[1].get("Config")[1][0].get("Gateway")
    (True, '')
    """
    if not isinstance(document, dict):
        raise InspectError("a network document is a JSON object")
    ipam = document.get("IPAM") or {}
    configs = []
    for entry in ipam.get("Config") or ():
        configs.append(
            GoStruct(
                tuple((name, entry.get(name, zero)) for name, zero, _ in _IPAM_CONFIG_FIELDS),
                tuple((name, tag) for name, _, tag in _IPAM_CONFIG_FIELDS),
                "network.IPAMConfig",
            )
        )
    containers = GoMap(
        tuple(
            (str(key), GoStruct(tuple(value.items()), type_name="types.EndpointResource"))
            for key, value in (document.get("Containers") or {}).items()
        ),
        type_name="map[string]types.EndpointResource",
    )
    options = ipam.get("Options")
    fields: tuple[tuple[str, Any], ...] = (
        ("Name", document.get("Name", "")),
        ("ID", document.get("Id", "")),
        ("Created", _go_time(str(document.get("Created", "0001-01-01T00:00:00Z")))),
        ("Scope", document.get("Scope", "")),
        ("Driver", document.get("Driver", "")),
        ("EnableIPv6", document.get("EnableIPv6", False)),
        (
            "IPAM",
            GoStruct(
                (
                    ("Driver", ipam.get("Driver", "")),
                    ("Options", _string_map(options) if options is not None else None),
                    ("Config", configs),
                ),
                type_name="network.IPAM",
            ),
        ),
        ("Internal", document.get("Internal", False)),
        ("Attachable", document.get("Attachable", False)),
        ("Ingress", document.get("Ingress", False)),
        (
            "ConfigFrom",
            GoStruct(
                (("Network", (document.get("ConfigFrom") or {}).get("Network", "")),),
                type_name="network.ConfigReference",
            ),
        ),
        ("ConfigOnly", document.get("ConfigOnly", False)),
        ("Containers", containers),
        ("Options", _string_map(document.get("Options"))),
        ("Labels", _string_map(document.get("Labels"))),
    )
    return GoStruct(fields, (("ID", "Id"),), "types.NetworkResource")
