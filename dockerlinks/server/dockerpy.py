"""What docker-py sends for ``client.containers.run(...)``: its keyword arguments as the
create request, so that a test can ask the engine model directly what a daemon would do.

What lives here: :func:`run_body` (the JSON body docker-py 7 posts to
``/containers/create``) and :func:`run_request` (that body read as the daemon reads it:
:func:`dockerlinks.server.decode.create_request`, one translation for both paths).

Keyword arguments (docker-py 7.x ``models/containers.py`` ``_create_container_args``,
``types/containers.py`` ``ContainerConfig`` and ``HostConfig``, ``utils/utils.py``; checked
against the bodies docker-py 7.2.0 sent, ``tests/data/daemon/20.10/api/docker-py.json``)::

    keyword            becomes
    -----------------  -------------------------------------------------------------------
    command            Cmd (a string is split as shlex splits it)
    entrypoint         Entrypoint (likewise)
    name               the ``name`` query parameter
    environment        Env: a dict gives KEY=VALUE (None: a bare KEY), a list as is
    ports              HostConfig.PortBindings (``{"5000/tcp": 8080}``; a port without
                       ``/`` is tcp; a value: a port, None (ephemeral), (ip, port), (ip,),
                       a list of those, {"HostIp": …, "HostPort": …}) and ExposedPorts
                       (the keys, sorted as text)
    links              HostConfig.Links, ``name:alias`` sorted (a dict or (name, alias) pairs)
    publish_all_ports  HostConfig.PublishAllPorts
    auto_remove        HostConfig.AutoRemove
    network_mode       HostConfig.NetworkMode (default "default")
    network            HostConfig.NetworkMode and an endpoint on that network
    extra_hosts        HostConfig.ExtraHosts (a dict gives ``host:ip``, sorted)
    hostname           Hostname
    domainname         Domainname
    tty, stdin_open    Tty, OpenStdin
    detach             AttachStdout/AttachStderr when False (and AttachStdin, StdinOnce with
                       stdin_open)
    remove, stream,    the client's own (what it does after the create), nothing in the body
    stdout, stderr

Other keywords of docker-py's ``run`` (volumes, resources, labels, ...) are not modelled and
refused by name, as docker-py refuses unknown ones.

What this module must not know: sockets, the engine's state, docker-py itself (it need not
be installed).
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Mapping
from typing import Any

from dockerlinks.engine.config import CreateRequest
from dockerlinks.errors import DockerLinksError
from dockerlinks.server.decode import create_request

__all__ = ["run_body", "run_request"]

_CLIENT_SIDE = frozenset(("remove", "stream", "stdout", "stderr"))
_MODELLED = frozenset(
    (
        "command",
        "entrypoint",
        "name",
        "environment",
        "ports",
        "links",
        "publish_all_ports",
        "auto_remove",
        "network_mode",
        "network",
        "extra_hosts",
        "hostname",
        "domainname",
        "tty",
        "stdin_open",
        "detach",
    )
)


def _words(value: object, what: str) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return shlex.split(value)
        except ValueError as exc:
            raise DockerLinksError(f"{what}: {exc}") from None
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return list(value)
    raise DockerLinksError(f"{what} must be a string or a list of strings, not {value!r:.60}")


def _binding(value: object) -> dict[str, str]:
    """docker-py ``_convert_port_binding``."""
    result: dict[str, Any] = {"HostIp": "", "HostPort": ""}
    if isinstance(value, tuple):
        if len(value) == 2:
            result["HostIp"], result["HostPort"] = value[0], value[1]
        elif len(value) == 1 and isinstance(value[0], str):
            result["HostIp"] = value[0]
        elif len(value) == 1:
            result["HostPort"] = value[0]
        else:
            raise DockerLinksError(f"ports: a binding tuple has one or two items, not {value!r}")
    elif isinstance(value, dict):
        if "HostPort" not in value:
            raise DockerLinksError(f"ports: a binding dict needs HostPort, not {value!r}")
        result["HostPort"] = value["HostPort"]
        result["HostIp"] = value.get("HostIp", "")
    else:
        result["HostPort"] = value
    port = result["HostPort"]
    result["HostPort"] = "" if port is None else str(port)
    if not isinstance(result["HostIp"], str):
        raise DockerLinksError(f"ports: a host IP is text, not {result['HostIp']!r}")
    return result


def _port_bindings(ports: Mapping[object, object]) -> dict[str, list[dict[str, str]]]:
    """docker-py ``convert_port_bindings``."""
    out: dict[str, list[dict[str, str]]] = {}
    for key, value in ports.items():
        text = str(key)
        if "/" not in text:
            text += "/tcp"
        items = value if isinstance(value, list) else [value]
        out[text] = [_binding(item) for item in items]
    return out


def _links(value: object) -> list[str]:
    """docker-py ``normalize_links``: ``name:alias`` (just ``name`` without an alias)."""
    pairs = list(value.items()) if isinstance(value, Mapping) else value
    if not isinstance(pairs, list | tuple):
        raise DockerLinksError(f"links must be a dict or (name, alias) pairs, not {value!r:.60}")
    out = []
    for pair in sorted(pairs):
        if not (isinstance(pair, tuple | list) and len(pair) == 2):
            raise DockerLinksError(f"links: expected (name, alias) pairs, not {pair!r:.60}")
        name, alias = pair
        out.append(f"{name}:{alias}" if alias else str(name))
    return out


def _environment(value: object) -> list[str]:
    if isinstance(value, Mapping):
        return [key if item is None else f"{key}={item}" for key, item in value.items()]
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return list(value)
    raise DockerLinksError(f"environment must be a dict or a list, not {value!r:.60}")


def run_body(image: str, command: object = None, **kwargs: object) -> dict[str, Any]:
    """The body docker-py posts for ``containers.run(image, command, **kwargs)`` (the
    module's table), with ``name`` apart: ``{"name": …, "body": {...}}``.

    >>> body = run_body("training/webapp", detach=True, ports={"5000/tcp": 8080},
    ...                 links={"pydb": "db"}, environment={"MODE": "test"})["body"]
    >>> body["ExposedPorts"], body["HostConfig"]["PortBindings"], body["HostConfig"]["Links"]
    ({'5000/tcp': {}}, {'5000/tcp': [{'HostIp': '', 'HostPort': '8080'}]}, ['pydb:db'])
    >>> run_body("x", volumes={"/a": {}})
    Traceback (most recent call last):
    ...
    dockerlinks.errors.DockerLinksError: run() keyword not modelled: volumes
    """
    unknown = sorted(set(kwargs) - _MODELLED - _CLIENT_SIDE)
    if unknown:
        raise DockerLinksError(f"run() keyword not modelled: {', '.join(unknown)}")
    detach = bool(kwargs.get("detach", False))
    stdin_open = bool(kwargs.get("stdin_open", False))
    host: dict[str, Any] = {}
    ports = kwargs.get("ports") or {}
    if not isinstance(ports, Mapping):
        raise DockerLinksError(f"ports must be a dict, not {ports!r:.60}")
    bindings = _port_bindings(ports) if ports else {}
    if kwargs.get("publish_all_ports"):
        host["PublishAllPorts"] = True
    network = kwargs.get("network")
    mode = network or kwargs.get("network_mode")
    host["NetworkMode"] = mode if mode else "default"
    if bindings:
        host["PortBindings"] = bindings
    if kwargs.get("links"):
        host["Links"] = _links(kwargs["links"])
    if kwargs.get("auto_remove"):
        host["AutoRemove"] = True
    extra = kwargs.get("extra_hosts")
    if extra:
        host["ExtraHosts"] = (
            [f"{k}:{v}" for k, v in sorted(extra.items())]
            if isinstance(extra, Mapping)
            else list(extra)  # type: ignore[call-overload]
        )
    body: dict[str, Any] = {
        "Hostname": kwargs.get("hostname"),
        "Domainname": kwargs.get("domainname"),
        "ExposedPorts": {key: {} for key in sorted(bindings)} or None,
        "Tty": bool(kwargs.get("tty", False)),
        "OpenStdin": stdin_open,
        "StdinOnce": not detach and stdin_open,
        "AttachStdin": not detach and stdin_open,
        "AttachStdout": not detach,
        "AttachStderr": not detach,
        "Env": _environment(kwargs["environment"]) if kwargs.get("environment") else None,
        "Cmd": _words(command, "command"),
        "Image": image,
        "Entrypoint": _words(kwargs.get("entrypoint"), "entrypoint"),
        "NetworkDisabled": False,
        "HostConfig": host,
    }
    if network:
        body["NetworkingConfig"] = {"EndpointsConfig": {network: {}}}
    name = kwargs.get("name")
    return {"name": name, "body": {k: v for k, v in body.items() if v is not None}}


def run_request(image: str, command: object = None, **kwargs: object) -> CreateRequest:
    """The create request the daemon reads for ``containers.run(image, command, **kwargs)``
    (feed it to :meth:`Engine.create <dockerlinks.engine.Engine.create>` or ``run``).

    >>> request = run_request("training/webapp", ports={"5000/tcp": ("127.0.0.1", None)})
    >>> request.port_bindings.to_api()["PortBindings"]
    {'5000/tcp': [{'HostIp': '127.0.0.1', 'HostPort': ''}]}
    """
    if not isinstance(image, str):
        raise DockerLinksError(f"image must be a string, not {image!r:.60}")
    built = run_body(image, command, **kwargs)
    name = built["name"]
    if name is not None and not isinstance(name, str):
        raise DockerLinksError(f"name must be a string, not {name!r:.60}")
    try:
        data = json.dumps(built["body"]).encode("utf-8", "surrogatepass")
    except (TypeError, ValueError) as exc:
        raise DockerLinksError(f"run() arguments are not JSON values: {exc}") from None
    return create_request(data, name)
