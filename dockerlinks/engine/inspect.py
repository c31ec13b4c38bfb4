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

from dockerlinks.engine.container import Container
from dockerlinks.engine.gotemplate import GoMap, GoStruct, GoText
from dockerlinks.errors import InspectError
from dockerlinks.ports import Port, PortBinding
from dockerlinks.profiles import Profile

__all__ = ["Inspectable", "inspect_document", "inspect_json", "time_text", "typed_document"]

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
    return {
        str(port): (
            None
            if bindings is None
            else [{"HostIp": b.host_ip, "HostPort": b.host_port} for b in bindings]
        )
        for port, bindings in entries
    }


def _mac(ip: str) -> str:
    """The bridge driver's MAC address for an IPv4 address: 02:42 and the four bytes
    (libnetwork v20.10 ``netutils.GenerateMACFromIP``)."""
    if not ip:
        return ""
    return "02:42:" + ":".join(f"{int(part):02x}" for part in ip.split("."))


def _endpoint_json(container: Container, network: str, network_id: str) -> dict[str, Any]:
    endpoint = container.endpoint(network)
    config = dict(container.endpoint_configs).get(network)
    ipam = None
    aliases: list[str] | None = None
    links: list[str] | None = None
    if config is not None:
        if config.ipv4:
            ipam = {"IPv4Address": config.ipv4}
        aliases = list(config.aliases) or None
        links = list(config.links) or None
    if endpoint is not None:
        aliases = list(endpoint.aliases) or aliases
        links = list(endpoint.links) or links
    ip = endpoint.ip if endpoint is not None else ""
    return {
        "IPAMConfig": ipam,
        "Links": links,
        "Aliases": aliases,
        "NetworkID": network_id if container.sandbox_id else "",
        "EndpointID": endpoint.endpoint_id if endpoint is not None else "",
        "Gateway": endpoint.gateway if endpoint is not None else "",
        "IPAddress": ip,
        "IPPrefixLen": endpoint.prefix_len if endpoint is not None else 0,
        "IPv6Gateway": "",
        "GlobalIPv6Address": "",
        "GlobalIPv6PrefixLen": 0,
        "MacAddress": _mac(ip),
        "DriverOpts": None,
    }


def inspect_json(
    container: Container,
    *,
    profile: Profile,
    links: list[str],
    network_ids: dict[str, str],
    epoch: int,
    data_root: str = "/var/lib/docker",
    exec_root: str = "/var/run/docker",
    storage_driver: str = "overlay2",
    cgroup_version: int = 2,
) -> dict[str, Any]:
    """``GET /containers/{id}/json`` as the profile's daemon answers it (a JSON-ready dict).

    ``links`` is ``HostConfig.Links`` as the daemon rebuilds it (``/db:/web/db``);
    ``network_ids`` the ID of each network by name.
    """
    cid = container.id
    folder = f"{data_root}/containers/{cid}"
    started = bool(container.sandbox_id)  # the files exist from the first start on
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
    if container.exposed:  # omitempty
        config["ExposedPorts"] = {str(port): {} for port in container.exposed}
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
            "OnBuild": None,
            "Labels": {},
        }
    )
    networks = {}
    for name in _network_names(container):
        networks[name] = _endpoint_json(container, name, network_ids.get(name, ""))
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
        "ResolvConfPath": f"{folder}/resolv.conf" if started else "",
        "HostnamePath": f"{folder}/hostname" if started else "",
        "HostsPath": f"{folder}/hosts" if started else "",
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


def _network_names(container: Container) -> list[str]:
    """The networks the document lists: the endpoints', else the configured ones."""
    if container.endpoints:
        return [endpoint.network for endpoint in container.endpoints]
    mode = container.network_mode
    if mode.startswith("container:"):
        return []
    names = [name for name, _ in container.endpoint_configs]
    first = "bridge" if mode == "default" else mode
    return names if first in names else [first, *names]


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


def _typed(value: Any, path: tuple[str, ...], netip: bool) -> Any:
    """JSON -> the values a template sees in the CLI's types (one pass, depth-bounded by
    the document's own shape)."""
    if isinstance(value, dict):
        if path in _MAPS:
            key: Callable[[str], Any] = _port_key if netip and path in _PORT_MAPS else str
            inner = (*path, "*") if path == ("NetworkSettings", "Networks") else (*path, "")
            return GoMap(tuple((k, _typed(v, inner, netip)) for k, v in value.items()), key)
        fields: tuple[tuple[str, Any], ...] = tuple(
            (_GO_NAMES.get(str(k)) or str(k), _typed(v, (*path, k), netip))
            for k, v in value.items()
        )
        renamed = tuple((_GO_NAMES[k], k) for k in value if k in _GO_NAMES)
        return GoStruct(fields, renamed)
    if isinstance(value, list):
        return [_typed(v, path, netip) for v in value]
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
    typed = _typed(document, (), profile.cli.inspect_types == "netip")
    if not isinstance(typed, GoStruct):
        raise InspectError("an inspect document is a JSON object")
    return typed
