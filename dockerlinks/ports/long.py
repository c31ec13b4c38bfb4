"""Long syntax: ``docker run -p published=…,target=…`` and compose's long ``ports:`` entries.

``docker run -p`` long syntax (docker/cli ``opts.PortOpt`` via ``cli/command/container/opts.go``)::

    value   = param { "," param }
    param   = key "=" value          (* cut at the first "="; keys case-sensitive *)

    used    published, target, protocol (default tcp); the last of a repeated key wins
    ignored every other key, host_ip and mode included (Docker drops them silently)
    then    "<published>:<target>/<protocol>" is parsed as a short -p value, so its errors
            read as Docker's (``no port specified: 8080:/tcp<empty>``)

A value without ``=`` is short syntax. Compose's long entries (compose-go
``types.ServicePortConfig``) honour ``host_ip``; see :func:`convert_compose_port`.

What this module must not know: anything of the short grammar but :func:`parse_port_spec`.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from dockerlinks import _go
from dockerlinks._args import instance_of, shown, wrong_type
from dockerlinks.errors import PortSpecError
from dockerlinks.ports.short import parse_port_spec
from dockerlinks.ports.values import PortSpec
from dockerlinks.profiles import ProfileLike

__all__ = ["LongSyntax", "convert_compose_port", "convert_publish_long", "parse_publish_long"]


@attrs.frozen
class LongSyntax:
    """A long-syntax publish value converted to the short syntax.

    ``spec`` is the parsed result, ``short`` the short text Docker builds (``docker run``) or
    the equivalent short text (compose), and ``ignored`` the keys that were given but have no
    effect on the binding, in input order (for ``docker run``: everything but ``published``,
    ``target`` and ``protocol``, including ``host_ip`` and ``mode``).
    """

    spec: PortSpec = attrs.field(validator=instance_of(PortSpec, error=PortSpecError))
    short: str = attrs.field(validator=instance_of(str, error=PortSpecError))
    ignored: tuple[str, ...] = ()


def convert_publish_long(
    value: object, *, profile: ProfileLike = None, generation: str | None = None
) -> LongSyntax:
    """``docker run -p`` long syntax: ``published=…,target=…,protocol=…``, Docker's way.

    The value is split on ``,``; each parameter is cut at its first ``=``; keys are
    case-sensitive. Only ``published``, ``target`` and ``protocol`` (default ``tcp``) are used;
    Docker silently ignores every other key, including ``host_ip`` and ``mode`` (they are
    listed in ``ignored``). A repeated key keeps its last value. The short text
    ``<published>:<target>/<protocol>`` is then parsed as a ``-p`` value, so its errors read as
    Docker's (``no port specified: 8080:/tcp<empty>``). A value without ``=`` is short syntax.

    >>> long = convert_publish_long("mode=host,target=80,published=8080,host_ip=127.0.0.1")
    >>> long.short, str(long.spec), long.ignored
    ('8080:80/tcp', '8080:80/tcp', ('mode', 'host_ip'))
    """
    if not isinstance(value, str):
        raise PortSpecError(f"invalid publish value: expected a string, got {type(value).__name__}")
    if generation is not None and not isinstance(generation, str):
        raise wrong_type(generation, (str, None), "generation", error=PortSpecError)
    if "=" not in value:
        return LongSyntax(parse_port_spec(value, profile=profile, generation=generation), value)
    params = {"protocol": "tcp"}
    ignored: dict[str, None] = {}
    offset = 0
    for param in value.split(","):
        key, sep, val = param.partition("=")
        if not sep or key == "":
            raise PortSpecError(
                f"invalid publish opts format (should be name=value but got '{param}')",
                text=value,
                span=(offset, offset + len(param)),
            )
        params[key] = val
        if key not in ("published", "target", "protocol"):
            ignored[key] = None
        offset += len(param) + 1
    short = f"{params.get('published', '')}:{params.get('target', '')}/{params['protocol']}"
    spec = parse_port_spec(short, profile=profile, generation=generation)
    return LongSyntax(spec, short, tuple(ignored))


def parse_publish_long(
    value: object, *, profile: ProfileLike = None, generation: str | None = None
) -> PortSpec:
    """The :class:`PortSpec` of a ``docker run -p`` value in long (or short) syntax.

    >>> str(parse_publish_long("target=80,published=8000-8001,protocol=UDP"))
    '8000-8001:80/udp'
    >>> parse_publish_long("published=8080")
    Traceback (most recent call last):
    ...
    dockerlinks.errors.PortSpecError: no port specified: 8080:/tcp<empty>
        8080:/tcp
             ^
    """
    return convert_publish_long(value, profile=profile, generation=generation).spec


def _int_text(value: int) -> str:
    """An integer as text; one too long for Python to print (or to read) is described."""
    if abs(value) < 10**30:
        return str(value)
    return f"{'-' if value < 0 else ''}<an integer of {len(bin(abs(value))) - 2} bits>"


_COMPOSE_KEYS = ("target", "published", "host_ip", "protocol", "mode", "app_protocol", "name")


def convert_compose_port(entry: object) -> LongSyntax:
    """A compose long-syntax port (``target``, ``published``, ``host_ip``, ``protocol``,
    ``mode``, ``app_protocol``, ``name``) as compose-go / compose v2 reads it.

    Unlike ``docker run``, ``host_ip`` is honoured. ``target`` is one port number (a range is
    refused); ``published`` may be a number, a port or a range (dynamic host range). ``mode``,
    ``app_protocol`` and ``name`` do not change the binding and are listed in ``ignored``;
    unknown keys are refused (as compose's schema does), ``x-`` extensions are ignored.

    >>> long = convert_compose_port({"target": 80, "published": "8080", "host_ip": "::1"})
    >>> long.short, long.ignored
    ('[::1]:8080:80/tcp', ())
    """
    if not isinstance(entry, Mapping):
        raise PortSpecError(f"invalid port entry: expected a mapping, got {type(entry).__name__}")
    ignored: list[str] = []
    for key in entry:
        if not isinstance(key, str):
            raise PortSpecError(f"invalid port entry: key {shown(key)} is not a string")
        if key.startswith("x-") or key in ("mode", "app_protocol", "name"):
            ignored.append(key)
        elif key not in _COMPOSE_KEYS:
            raise PortSpecError(f"additional properties '{key}' not allowed")
    target = entry.get("target")
    if isinstance(target, bool) or not isinstance(target, int | str):
        raise PortSpecError("invalid port entry: 'target' is required and must be a port number")
    if isinstance(target, int) and not 0 <= target <= 65535:
        raise PortSpecError(f"invalid containerPort: {_int_text(target)}")
    target_text = str(target)
    if not (target_text.isascii() and target_text.isdigit()):
        raise PortSpecError(
            f"invalid containerPort: {target_text}", text=target_text, span=(0, len(target_text))
        )
    published = entry.get("published")
    if published is None:
        published_text = ""
    elif isinstance(published, bool) or not isinstance(published, int | str):
        raise PortSpecError("invalid port entry: 'published' must be a number or a string")
    elif isinstance(published, int) and not 0 <= published <= 65535:
        raise PortSpecError(f"invalid hostPort: {_int_text(published)}")
    else:
        published_text = str(published)
    host_ip = entry.get("host_ip") or ""
    protocol = entry.get("protocol") or "tcp"
    mode = entry.get("mode") or "ingress"
    if not isinstance(host_ip, str) or not isinstance(protocol, str):
        raise PortSpecError("invalid port entry: 'host_ip' and 'protocol' must be strings")
    if mode not in ("ingress", "host"):
        raise PortSpecError(f"invalid mode {shown(mode)}: must be either 'ingress' or 'host'")
    short = f"{published_text}:{target_text}/{protocol}"
    if host_ip:
        short = f"{_go.join_host_port(host_ip, published_text)}:{target_text}/{protocol}"
    return LongSyntax(parse_port_spec(short), short, tuple(ignored))
