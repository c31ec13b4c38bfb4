"""``--expose`` / ``EXPOSE`` values, and the ports ``-P`` publishes.

``--expose`` grammar (every parser)::

    expose  = range [ "/" proto ]        (* proto: any word, default tcp; not validated *)
    range   = number [ "-" number ]

The parsers (a profile's ``cli.expose_parser``; docker/cli ``cli/command/container/opts.go``
at the tags named)::

    parser  CLI                step  rule                        message
    ------  -----------------  ----  --------------------------  ----------------------------
    moby    v29.0+             1     empty value                 invalid range format for
                                                                 --expose: invalid port range:
                                                                 value is empty
                               2     start: ParseUint(16)        ... invalid start port '<s>':
                                                                 <why>
                               3     end (when "-" and s != e)   ... invalid end port '<e>':
                                                                 <why>
                               4     end < start                 ... invalid port range: <v>
                                     protocol: after the FIRST "/", lower-cased
    v0.5    v25.0 - v28.5      1     a ":" anywhere              invalid port format for
    v0.4    v20.10 - v24                                         --expose: <v>
                               2     go-connections             invalid range format for
                                     ParsePortRange               --expose: <v>, error: <why>
                                                                 (<why> capitalised in v0.4)
                                     protocol: the second "/" field, case kept

(CLI v28.5 vendored go-connections v0.6 but kept the older ``--expose`` code.)

``-P`` (:func:`publish_all_ports`): every exposed port without an explicit binding gets one
ephemeral binding.

What this module must not know: how ``-p`` is read (:mod:`.short`), or what the daemon does
with the ports it is given.
"""

from __future__ import annotations

from collections.abc import Iterable

from dockerlinks import _go
from dockerlinks.errors import ExposeError, PortSpecError
from dockerlinks.ports.short import GENERATIONS, _RangeError, range_of
from dockerlinks.ports.values import Port, PortConfig, PortRange, port, port_range
from dockerlinks.profiles import ProfileLike, get_profile

__all__ = ["expose_range", "parse_expose", "publish_all_ports"]

_PREFIX = "invalid range format for --expose: "


def _moby(value: str) -> tuple[int, int, str]:
    if value == "":
        raise ExposeError(_PREFIX + "invalid port range: value is empty", text=value, span=(0, 0))
    ports, _, proto = value.partition("/")
    start, sep, end = ports.partition("-")
    low = _number(start, value, "start", (0, len(start)))
    proto = _go.to_lower(proto) if proto else "tcp"
    if not sep or start == end:
        return low, low, proto
    high = _number(end, value, "end", (len(start) + 1, len(ports)))
    if high < low:
        raise ExposeError(f"{_PREFIX}invalid port range: {value}", text=value, span=(0, len(ports)))
    return low, high, proto


def _number(text: str, value: str, which: str, span: tuple[int, int]) -> int:
    if text == "":
        why = "value is empty"
    else:
        try:
            return _go.parse_uint(text, 16)
        except _go.NumError as exc:
            why = exc.err
    raise ExposeError(f"{_PREFIX}invalid {which} port '{text}': {why}", text=value, span=span)


def _legacy(value: str, generation: str) -> tuple[int, int, str]:
    if ":" in value:
        colon = value.index(":")
        raise ExposeError(
            f"invalid port format for --expose: {value}", text=value, span=(colon, colon + 1)
        )
    parts = value.split("/")
    if value == "" or parts[0] == "":
        proto, text = "", ""
    elif len(parts) == 1:
        proto, text = "tcp", value
    else:
        proto, text = parts[1] or "tcp", parts[0]
    try:
        low, high = range_of(text, GENERATIONS[generation])
    except _RangeError as exc:
        raise ExposeError(
            f"{_PREFIX}{value}, error: {exc.why}", text=value, span=(0, len(parts[0]))
        ) from None
    return low, high, proto


def expose_range(value: object, *, profile: ProfileLike = None) -> tuple[PortRange, str]:
    """An ``--expose`` value as a range and a protocol, never expanded.

    >>> expose_range("8080-8082/TCP")
    (PortRange(start=8080, end=8082), 'tcp')
    >>> expose_range("8080-8082/TCP", profile="27.1")
    (PortRange(start=8080, end=8082), 'TCP')
    """
    parser = get_profile(profile).cli.expose_parser
    if not isinstance(value, str):
        raise ExposeError(f"invalid --expose value: expected a string, got {type(value).__name__}")
    if parser == "moby":
        low, high, proto = _moby(value)
    else:
        low, high, proto = _legacy(value, parser)
    return port_range(low, high), proto


def parse_expose(value: object, *, profile: ProfileLike = None) -> tuple[Port, ...]:
    """``--expose`` / ``EXPOSE``: the ports of ``RANGE[/PROTO]`` (see the module docstring).

    >>> parse_expose("8080-8082/TCP")
    (Port(number=8080, proto='tcp'), Port(number=8081, proto='tcp'), Port(number=8082, proto='tcp'))
    >>> parse_expose("8080:9090")
    Traceback (most recent call last):
    ...
    dockerlinks.errors.ExposeError: invalid range format for --expose: invalid start port ...
        8080:9090
        ^^^^^^^^^
    """
    span, proto = expose_range(value, profile=profile)
    return tuple(port(number, proto) for number in range(span.start, span.end + 1))


_NO_CONFIG = PortConfig()


def publish_all_ports(exposed: Iterable[Port], config: PortConfig = _NO_CONFIG) -> tuple[Port, ...]:
    """``-P``: the exposed ports that get one ephemeral binding (empty IP, host port 0).

    ``exposed`` is the image ``EXPOSE`` and ``--expose`` set; every ``-p`` container port of
    ``config`` is exposed too. Ports with an explicit binding are not published again. (The
    daemon iterates ``ExposedPorts`` only up to v28 and the union with ``PortBindings`` from
    v29; both agree for what the CLI sends, since the CLI exposes every ``-p`` port.)

    >>> from dockerlinks.ports import parse_port_specs
    >>> publish_all_ports([Port(80), Port(443)], parse_port_specs(["8080:80"]))
    (Port(number=443, proto='tcp'),)
    """
    if not isinstance(config, PortConfig):
        raise PortSpecError(
            f"invalid port config: expected a PortConfig, got {type(config).__name__}"
        )
    if isinstance(exposed, str) or not isinstance(exposed, Iterable):
        raise PortSpecError(
            f"invalid exposed ports: expected a list of Ports, got {type(exposed).__name__}"
        )
    bound = {key for key, _ in config.bindings}
    seen: dict[Port, None] = {}
    for key in (*config.exposed, *exposed):
        if not isinstance(key, Port):
            raise PortSpecError(f"invalid exposed port: expected a Port, got {type(key).__name__}")
        if key not in bound:
            seen[key] = None
    return tuple(seen)
