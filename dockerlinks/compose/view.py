"""The parts of a loaded project that ``docker compose config --format json`` prints, in its form.

What lives here: :func:`config_view`, the services of a :class:`~.project.Project` (or of
Compose's own JSON output) reduced to the aspects this package checks, each written as
Compose v2 writes it (compose-spec/compose-go v2.9.1 ``types/types.go``,
``transform/ports.go``), so that the built-in loader and Compose can be compared value for
value. It must not read files or run programs.

    aspect        form
    ------------  ------------------------------------------------------------------------
    ports         long syntax, one entry per container port: {mode, host_ip?, target,
                  published?, protocol}; a short entry is expanded as the docker CLI
                  expands it (a host range for one container port stays "A-B")
    expose        the texts, numbers written as text
    links         the texts
    networks      the service's networks: name -> null or its options
    depends_on    name -> {condition, restart?, required}
    environment   name -> value or null (unset)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dockerlinks.compose.merge import go_text
from dockerlinks.errors import DockerLinksError
from dockerlinks.ports import parse_port_spec

__all__ = ["ASPECTS", "config_view", "long_ports"]

ASPECTS = ("ports", "expose", "links", "networks", "depends_on", "environment")


def long_ports(entry: Any) -> list[dict[str, Any]] | None:
    """One ``ports`` entry in Compose's long form (None: not a port Compose can expand).

    >>> long_ports("127.0.0.1:8000-8001:80-81/udp")[1]  # doctest: +NORMALIZE_WHITESPACE
    {'mode': 'ingress', 'host_ip': '127.0.0.1', 'target': 81,
     'published': '8001', 'protocol': 'udp'}
    """
    if isinstance(entry, Mapping):
        out: dict[str, Any] = {"mode": entry.get("mode", "ingress")}
        for key in ("host_ip", "target", "published", "protocol", "app_protocol", "name"):
            if key in entry and entry[key] is not None:
                out[key] = entry[key]
        if "published" in out:
            out["published"] = go_text(out["published"])
        if isinstance(out.get("target"), str) and out["target"].isdigit():
            out["target"] = int(out["target"])
        out.setdefault("protocol", "tcp")
        return [out]
    if isinstance(entry, bool) or not isinstance(entry, str | int):
        return None
    try:
        spec = parse_port_spec(go_text(entry))
    except DockerLinksError:
        return None
    found: list[dict[str, Any]] = []
    host = spec.host_range
    container = spec.container_range
    for offset, number in enumerate(container):
        item: dict[str, Any] = {"mode": "ingress"}
        if spec.host_ip:
            item["host_ip"] = spec.host_ip
        item["target"] = number
        if host is not None and not (host.start == 0 and host.end == 0):
            if len(host) == len(container):
                item["published"] = str(host.start + offset)
            elif len(container) == 1:
                item["published"] = str(host) if len(host) > 1 else str(host.start)
            else:
                return None
        item["protocol"] = spec.proto
        found.append(item)
    return found


def _ports(value: Any) -> list[Any]:
    out: list[Any] = []
    seen: dict[str, int] = {}
    for entry in value or ():
        expanded = long_ports(entry)
        for item in expanded if expanded is not None else [entry]:
            if isinstance(item, dict):
                key = (
                    f"{item.get('host_ip', '0.0.0.0')}:{item.get('published', '')}:"
                    f"{item.get('target')}/{item.get('protocol')}"
                )
                if key in seen:
                    out[seen[key]] = item
                    continue
                seen[key] = len(out)
            out.append(item)
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _environment(value: Any) -> dict[str, str | None]:
    if isinstance(value, Mapping):
        return {str(k): (None if v is None else go_text(v)) for k, v in value.items()}
    out: dict[str, str | None] = {}
    for item in value or ():
        if isinstance(item, str):
            key, sep, text = item.partition("=")
            out[key] = text if sep else None
    return out


def _dependency(value: Any) -> Any:
    """A depends_on entry as Compose prints it (``restart: false`` is left out)."""
    if isinstance(value, dict) and value.get("restart") is False:
        return {k: v for k, v in value.items() if k != "restart"}
    return value


def _unescape(value: Any) -> Any:
    """Compose's output writes every ``$`` of a value as ``$$``."""
    if isinstance(value, str):
        return value.replace("$$", "$")
    if isinstance(value, dict):
        return {k: _unescape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_unescape(v) for v in value]
    return value


def config_view(
    services: Mapping[str, Any], *, compose_output: bool = False
) -> dict[str, dict[str, Any]]:
    """Each service's aspects (module table), from a project's ``services`` mapping or, with
    ``compose_output``, from the ``services`` of Compose's JSON (``$$`` read as ``$``)."""
    out: dict[str, dict[str, Any]] = {}
    for name, body in services.items():
        service = _unescape(_plain(body)) if compose_output else _plain(body)
        if not isinstance(service, dict):
            service = {}
        out[str(name)] = {
            "ports": _ports(service.get("ports")),
            "expose": [go_text(e) for e in service.get("expose") or ()],
            "links": list(service.get("links") or ()),
            "networks": {str(k): v for k, v in (service.get("networks") or {}).items()}
            if isinstance(service.get("networks"), dict)
            else {str(k): None for k in service.get("networks") or ()},
            "depends_on": {
                str(k): _dependency(v) for k, v in (service.get("depends_on") or {}).items()
            }
            if isinstance(service.get("depends_on"), dict)
            else {},
            "environment": _environment(service.get("environment")),
        }
    return out
