"""The JSON documents the daemon answers with, built from the engine's values.

What lives here: :func:`go_json` (Go's ``json.Encoder`` as moby's ``httputils.WriteJSON``
uses it), :class:`Identity` and :func:`identity` (what the daemon says it is: version,
commit, API versions), :class:`HostFacts` (what ``/info`` tells of the machine),
:func:`version_document`, :func:`info_document`, :func:`container_summary` (one entry of
``GET /containers/json``), :func:`status_text` (its ``Status``), :func:`human_duration`,
:func:`exec_document`, :func:`image_summary`, :func:`image_document` and
:func:`error_body` (the networks' documents are the engine's:
:meth:`Engine.inspect_network <dockerlinks.engine.Engine.inspect_network>`).

Shapes are the API 1.41 structs of moby v20.10.24 (``api/types/types.go``: ``Version``,
``Info``, ``Container``, ``ContainerJSON``'s ``ExecInspect``, ``ImageSummary``,
``ImageInspect``), field for field in their JSON order, checked against
the recorded answers of a real dockerd 20.10.24 (``tests/data/daemon/20.10/api``).

Identity per daemon release line (``Server`` header, ``/version``)::

    line     Version           GitCommit  GoVersion  MinAPIVersion  source
    -------  ----------------  ---------  ---------  -------------  -------------------------
    20.10    20.10.24+dfsg1    5d6db84    go1.19.8   1.12           the recorded daemon
    23, 24   the release       ""         ""         1.12           moby api/common.go
    25 - 28  the release       ""         ""         1.24           moby v25.0.0 (#46887)
    29+      the release       ""         ""         1.44           moby docker-v29.0.0

Only the 20.10 line was recorded; other lines report their release and leave what the model
does not know (commit, Go version, build time) empty rather than invent it.

What this module must not know: HTTP, sockets, how the engine changes.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from dockerlinks.engine.container import Container
from dockerlinks.engine.images import Image
from dockerlinks.engine.state import Engine
from dockerlinks.engine.state import _image_id as engine_image_id
from dockerlinks.profiles import Profile

__all__ = [
    "HostFacts",
    "Identity",
    "container_summary",
    "error_body",
    "exec_document",
    "go_json",
    "human_duration",
    "identity",
    "image_document",
    "image_id",
    "image_summary",
    "info_document",
    "status_text",
    "version_document",
]

# Go 1.19's encoding/json (the recorded daemon's): U+2028 and U+2029 escaped, \b and \f as
# \u0008 / \u000c (Python writes \b and \f), no HTML escaping (moby SetEscapeHTML(false)).
_SHORT_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\([bf])")
_CONTROL = {"b": "\\u0008", "f": "\\u000c"}
_SURROGATE = re.compile("[\ud800-\udfff]")


def go_json(value: object, *, newline: bool = True) -> bytes:
    """``value`` as moby writes JSON (``json.Encoder.Encode``: a final newline).

    >>> go_json({"Args": ["-c", "echo err >&2"], "s": "\\u2028\\b"})
    b'{"Args":["-c","echo err >&2"],"s":"\\\\u2028\\\\u0008"}\\n'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if "\\b" in text or "\\f" in text:
        text = _SHORT_ESCAPE.sub(lambda m: m[1] + _CONTROL[m[2]], text)
    if not text.isascii():
        text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
        text = _SURROGATE.sub("\ufffd", text)  # bytes that were not UTF-8
    data = text.encode("utf-8")
    return data + b"\n" if newline else data


def error_body(message: str) -> bytes:
    """moby's error answer: ``{"message": ...}`` (``httputils.MakeErrorHandler``).

    >>> error_body("No such container: nope")
    b'{"message":"No such container: nope"}\\n'
    """
    return go_json({"message": message})


@attrs.frozen
class Identity:
    """What the daemon says it is (the module docstring's table)."""

    version: str
    api_version: str
    min_api_version: str
    git_commit: str = ""
    go_version: str = ""
    build_time: str = ""
    #: (name, version, git commit) of containerd, runc, docker-init
    components: tuple[tuple[str, str, str], ...] = ()

    @property
    def server_header(self) -> str:
        """The ``Server`` header moby's version middleware sets."""
        return f"Docker/{self.version} (linux)"


_RECORDED: Mapping[str, Identity] = {
    "20.10": Identity(
        version="20.10.24+dfsg1",
        api_version="1.41",
        min_api_version="1.12",
        git_commit="5d6db84",
        go_version="go1.19.8",
        build_time="2026-05-07T21:09:36.000000000+00:00",
        components=(
            ("containerd", "1.6.20~ds1", "1.6.20~ds1-1+deb12u3"),
            ("runc", "1.1.5+ds1", "1.1.5+ds1-1+deb12u1"),
            ("docker-init", "0.19.0", ""),
        ),
    ),
}

# (first release line, MinAPIVersion)
_MIN_API: tuple[tuple[tuple[int, int], str], ...] = (
    ((20, 10), "1.12"),
    ((25, 0), "1.24"),
    ((29, 0), "1.44"),
)


def _line(release: str) -> tuple[int, int]:
    major, minor = release.split(".")[:2]
    return int(major), int(minor)


def identity(profile: Profile) -> Identity:
    """The daemon's identity for the profile's daemon release.

    >>> from dockerlinks.profiles import get_profile
    >>> identity(get_profile("20.10")).server_header
    'Docker/20.10.24+dfsg1 (linux)'
    >>> i = identity(get_profile("29.7"))
    >>> i.version, i.api_version, i.min_api_version
    ('29.7', '1.55', '1.44')
    """
    daemon = profile.daemon
    line = _line(daemon.release)
    recorded = _RECORDED.get(f"{line[0]}.{line[1]}")
    if recorded is not None:
        return recorded
    minimum = "1.12"
    for first, value in _MIN_API:
        if line >= first:
            minimum = value
    return Identity(version=daemon.release, api_version=daemon.api_version, min_api_version=minimum)


@attrs.frozen
class HostFacts:
    """What ``/version`` and ``/info`` tell of the machine and the server (read by the
    server at start; the model's own values where the machine has no answer)."""

    kernel: str = ""
    hostname: str = "dockerlinks"
    cpus: int = 1
    memory: int = 0
    os: str = "dockerlinks engine model"
    daemon_id: str = ""


def version_document(ident: Identity, facts: HostFacts) -> dict[str, Any]:
    """``GET /version`` (moby ``types.Version``)."""
    details = {
        "ApiVersion": ident.api_version,
        "Arch": "amd64",
        "BuildTime": ident.build_time,
        "Experimental": "false",
        "GitCommit": ident.git_commit,
        "GoVersion": ident.go_version,
        "KernelVersion": facts.kernel,
        "MinAPIVersion": ident.min_api_version,
        "Os": "linux",
    }
    components: list[dict[str, Any]] = [
        {"Name": "Engine", "Version": ident.version, "Details": details}
    ]
    for name, version, commit in ident.components:
        components.append({"Name": name, "Version": version, "Details": {"GitCommit": commit}})
    return {
        "Platform": {"Name": ""},
        "Components": components,
        "Version": ident.version,
        "ApiVersion": ident.api_version,
        "MinAPIVersion": ident.min_api_version,
        "GitCommit": ident.git_commit,
        "GoVersion": ident.go_version,
        "Os": "linux",
        "Arch": "amd64",
        "KernelVersion": facts.kernel,
        "BuildTime": ident.build_time,
    }


def _iso_now(now: float) -> str:
    moment = datetime.datetime.fromtimestamp(now, tz=datetime.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond:06d}000Z"


def info_document(
    engine: Engine, ident: Identity, facts: HostFacts, *, now: float
) -> dict[str, Any]:
    """``GET /info`` (moby ``types.Info``): the container counts and the daemon's settings."""
    containers = engine.containers
    running = sum(1 for c in containers if c.running)
    host = engine.host
    cgroup = str(host.cgroup_version)
    components = {name: commit for name, _, commit in ident.components}
    return {
        "ID": facts.daemon_id,
        "Containers": len(containers),
        "ContainersRunning": running,
        "ContainersPaused": 0,
        "ContainersStopped": len(containers) - running,
        "Images": len(engine.images.images),
        "Driver": host.storage_driver,
        "DriverStatus": None,
        "Plugins": {
            "Volume": ["local"],
            "Network": ["bridge", "host", "ipvlan", "macvlan", "null", "overlay"],
            "Authorization": None,
            "Log": [
                "awslogs",
                "fluentd",
                "gcplogs",
                "gelf",
                "journald",
                "json-file",
                "local",
                "logentries",
                "splunk",
                "syslog",
            ],
        },
        "MemoryLimit": True,
        "SwapLimit": True,
        "KernelMemory": True,
        "KernelMemoryTCP": True,
        "CpuCfsPeriod": True,
        "CpuCfsQuota": True,
        "CPUShares": True,
        "CPUSet": True,
        "PidsLimit": True,
        "IPv4Forwarding": True,
        "BridgeNfIptables": True,
        "BridgeNfIp6tables": True,
        "Debug": False,
        "NFd": 0,
        "OomKillDisable": True,
        "NGoroutines": 0,
        "SystemTime": _iso_now(now),
        "LoggingDriver": "json-file",
        "CgroupDriver": "cgroupfs" if cgroup == "1" else "systemd",
        "CgroupVersion": cgroup,
        "NEventsListener": 0,
        "KernelVersion": facts.kernel,
        "OperatingSystem": facts.os,
        "OSVersion": "",
        "OSType": "linux",
        "Architecture": "x86_64",
        "IndexServerAddress": "https://index.docker.io/v1/",
        "RegistryConfig": {
            "AllowNondistributableArtifactsCIDRs": [],
            "AllowNondistributableArtifactsHostnames": [],
            "InsecureRegistryCIDRs": ["127.0.0.0/8"],
            "IndexConfigs": {
                "docker.io": {
                    "Name": "docker.io",
                    "Mirrors": [],
                    "Secure": True,
                    "Official": True,
                }
            },
            "Mirrors": [],
        },
        "NCPU": facts.cpus,
        "MemTotal": facts.memory,
        "GenericResources": None,
        "DockerRootDir": host.data_root,
        "HttpProxy": "",
        "HttpsProxy": "",
        "NoProxy": "",
        "Name": facts.hostname,
        "Labels": [],
        "ExperimentalBuild": False,
        "ServerVersion": ident.version,
        "Runtimes": {
            "io.containerd.runc.v2": {"path": "runc"},
            "io.containerd.runtime.v1.linux": {"path": "runc"},
            "runc": {"path": "runc"},
        },
        "DefaultRuntime": "runc",
        "Swarm": {
            "NodeID": "",
            "NodeAddr": "",
            "LocalNodeState": "inactive",
            "ControlAvailable": False,
            "Error": "",
            "RemoteManagers": None,
        },
        "LiveRestoreEnabled": False,
        "Isolation": "",
        "InitBinary": "docker-init",
        "ContainerdCommit": {"ID": components.get("containerd", ""), "Expected": ""},
        "RuncCommit": {"ID": components.get("runc", ""), "Expected": ""},
        "InitCommit": {"ID": components.get("docker-init", ""), "Expected": ""},
        "SecurityOptions": ["name=seccomp,profile=default"],
        "Warnings": None,
    }


def human_duration(seconds: float) -> str:
    """go-units ``HumanDuration`` (what ``Up …`` and ``… ago`` say).

    >>> [human_duration(s) for s in (0.4, 1, 59, 60, 3599)]
    ['Less than a second', '1 second', '59 seconds', 'About a minute', '59 minutes']
    >>> [human_duration(s) for s in (3600, 7 * 86400, 30 * 86400, 800 * 86400)]
    ['About an hour', '7 days', '4 weeks', '2 years']
    """
    whole = int(seconds)
    if whole < 1:
        return "Less than a second"
    if whole == 1:
        return "1 second"
    if whole < 60:
        return f"{whole} seconds"
    minutes = int(seconds / 60)
    if minutes == 1:
        return "About a minute"
    if minutes < 60:
        return f"{minutes} minutes"
    hours = int(seconds / 3600 + 0.5)
    if hours == 1:
        return "About an hour"
    if hours < 48:
        return f"{hours} hours"
    if hours < 24 * 7 * 2:
        return f"{hours // 24} days"
    if hours < 24 * 30 * 2:
        return f"{hours // 24 // 7} weeks"
    if hours < 24 * 365 * 2:
        return f"{hours // 24 // 30} months"
    return f"{int(seconds / 3600) // 24 // 365} years"


def status_text(container: Container, *, epoch: int, now: float) -> str:
    """The list entry's ``Status`` (moby ``container/state.go`` ``State.String``).

    >>> from dockerlinks.engine import ContainerConfig, Engine
    >>> engine, web = Engine(profile="20.10").run(ContainerConfig("training/webapp", detach=True))
    >>> status_text(web, epoch=engine.epoch, now=engine.epoch + 5)
    'Up 4 seconds'
    """
    if container.running:
        return "Up " + human_duration(now - (epoch + container.started))
    if container.status == "exited":
        ago = human_duration(now - (epoch + max(container.finished, 0)))
        return f"Exited ({container.exit_code}) {ago} ago"
    return "Created"


def _command(cmd: Sequence[str]) -> str:
    """moby ``daemon/list.go``: the path, then the arguments, those with a space in quotes."""
    if not cmd:
        return ""
    args = [f"'{arg}'" if " " in arg else arg for arg in cmd[1:]]
    return " ".join([cmd[0], *args]) if args else cmd[0]


def _ports(container: Container) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for port, bindings in container.ports.entries:
        if bindings is None:
            out.append({"PrivatePort": port.number, "Type": port.proto})
            continue
        for binding in bindings:
            entry: dict[str, Any] = {"IP": binding.host_ip, "PrivatePort": port.number}
            if binding.host_port.isdigit():
                entry["PublicPort"] = int(binding.host_port)
            entry["Type"] = port.proto
            out.append(entry)
    return out


# moby v20.10.24 container/view.go (the list is built from a snapshot, which copies these
# endpoint settings only; the others are Go's zero values)
_SNAPSHOT_ZERO = {
    "Links": None,
    "Aliases": None,
    "DriverOpts": None,
    "DNSNames": None,
    "GwPriority": 0,
}


def _snapshot_endpoint(settings: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(settings)
    for key, zero in _SNAPSHOT_ZERO.items():
        if key in out:
            out[key] = zero
    ipam = out.get("IPAMConfig")
    if isinstance(ipam, Mapping):
        kept = {k: ipam[k] for k in ("IPv4Address", "IPv6Address") if ipam.get(k)}
        out["IPAMConfig"] = kept
    return out


def container_summary(
    engine: Engine,
    container: Container,
    document: Mapping[str, Any],
    *,
    now: float,
    size: bool = False,
) -> dict[str, Any]:
    """One entry of ``GET /containers/json`` (moby ``types.Container``); ``document`` is
    the container's inspect document (its networks are the list's)."""
    names = [container.name, *(link.name for link in engine.child_links(container))]
    entry: dict[str, Any] = {
        "Id": container.id,
        "Names": names,
        "Image": container.image,
        "ImageID": container.image_id,
        "Command": _command(container.cmd),
        "Created": engine.epoch + container.created,
        "Ports": _ports(container),
    }
    if size:
        entry.update({"SizeRw": 0, "SizeRootFs": 0})
    entry.update(
        {
            "Labels": {},
            "State": container.status,
            "Status": status_text(container, epoch=engine.epoch, now=now),
            "HostConfig": {"NetworkMode": container.network_mode},
            "NetworkSettings": {
                "Networks": {
                    name: _snapshot_endpoint(settings) if settings is not None else None
                    for name, settings in document["NetworkSettings"]["Networks"].items()
                }
            },
            "Mounts": [],
        }
    )
    return entry


@attrs.frozen
class ExecView:
    """What ``GET /exec/{id}/json`` shows of an exec (the server's record of it)."""

    id: str
    container_id: str
    cmd: tuple[str, ...]
    tty: bool
    stdin: bool
    stdout: bool
    stderr: bool
    privileged: bool = False
    user: str = ""
    detach_keys: str = ""
    running: bool = False
    exit_code: int | None = None
    pid: int = 0


def exec_document(view: ExecView) -> dict[str, Any]:
    """``GET /exec/{id}/json`` (moby ``types.ContainerExecInspect``)."""
    process: dict[str, Any] = {
        "tty": view.tty,
        "entrypoint": view.cmd[0],
        "arguments": list(view.cmd[1:]),
        "privileged": view.privileged,
    }
    if view.user:
        process["user"] = view.user
    return {
        "ID": view.id,
        "Running": view.running,
        "ExitCode": view.exit_code,
        "ProcessConfig": process,
        "OpenStdin": view.stdin,
        "OpenStderr": view.stderr,
        "OpenStdout": view.stdout,
        "CanRemove": False,
        "ContainerID": view.container_id,
        "DetachKeys": view.detach_keys,
        "Pid": view.pid,
    }


def image_id(image: Image) -> str:
    """The image's ``sha256:`` ID, the one its containers' ``Image`` field shows."""
    return engine_image_id(image)


def _image_tags(image: Image) -> list[str]:
    return [image.name]


def image_summary(image: Image, *, created: int) -> dict[str, Any]:
    """One entry of ``GET /images/json`` (moby ``types.ImageSummary``)."""
    return {
        "Containers": -1,
        "Created": created,
        "Id": image_id(image),
        "Labels": None,
        "ParentId": "",
        "RepoDigests": [],
        "RepoTags": _image_tags(image),
        "SharedSize": -1,
        "Size": 0,
        "VirtualSize": 0,
    }


def image_document(image: Image, *, created: str, storage_driver: str) -> dict[str, Any]:
    """``GET /images/{name}/json`` (moby ``types.ImageInspect``): the catalog's config."""
    config: dict[str, Any] = {
        "Hostname": "",
        "Domainname": "",
        "User": "",
        "AttachStdin": False,
        "AttachStdout": False,
        "AttachStderr": False,
    }
    if image.exposed:
        config["ExposedPorts"] = {str(port): {} for port in image.exposed}
    config.update(
        {
            "Tty": False,
            "OpenStdin": False,
            "StdinOnce": False,
            "Env": list(image.env),
            "Cmd": list(image.cmd),
            "Image": "",
            "Volumes": None,
            "WorkingDir": image.workdir if image.workdir != "/" else "",
            "Entrypoint": None,
            "OnBuild": None,
            "Labels": None,
        }
    )
    layer = "sha256:" + hashlib.sha256(image_id(image).encode("ascii")).hexdigest()
    return {
        "Id": image_id(image),
        "RepoTags": _image_tags(image),
        "RepoDigests": [],
        "Parent": "",
        "Comment": "",
        "Created": created,
        "Container": "",
        "ContainerConfig": dict(config, Cmd=None, Env=None),
        "DockerVersion": "",
        "Author": "",
        "Config": config,
        "Architecture": "amd64",
        "Os": "linux",
        "Size": 0,
        "VirtualSize": 0,
        "GraphDriver": {"Data": None, "Name": storage_driver},
        "RootFS": {"Type": "layers", "Layers": [layer]},
        "Metadata": {"LastTagTime": "0001-01-01T00:00:00Z"},
    }
