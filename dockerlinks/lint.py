"""Portability warnings for ``-p`` values the current docker CLI accepts.

What it must not know: compose files or problems' positions; it returns messages for one value.

:func:`lint_port_spec` parses the value with the current parser, then runs the same text
through models of the other readers and reports every reader whose answer differs, naming
it and saying how. The differences are derived by running the models, not listed by hand.

Readers and warning codes::

    code    who                                              what
    ------  -----------------------------------------------  ---------------------------
    DLP001  docker CLI v28.5 - v29.6 (go-connections v0.6.0)  rejects the value
            docker CLI v25 - v28.4   (go-connections v0.5.0)
            docker CLI v20.10 - v24  (go-connections v0.4.0)
    DLP101  docker-py / compose v1 split_port                rejects the value
    DLP102  docker-py / compose v1 split_port                builds other bindings
    DLP201  compose v1 YAML (PyYAML, YAML 1.1)               unquoted value is a number
    DLP301  docker run long syntax                           a key is silently ignored

An older go-connections generation never reads a value the current one accepts differently:
it either agrees or refuses (checked by the tests), so that case has no code.

The docker-py model follows ``docker/utils/ports.py`` (7.x): one anchored pattern (host of
hex digits, ``.`` and ``:`` with optional brackets; digits matched by Python's Unicode
``\\d``; ``$`` also matching before a final newline; protocol ``tcp``/``udp``/``sctp`` in
lower case), numbers kept as text, ranges expanded eagerly (a reversed container range gives
no ports), a host range with one container port kept as text, and bare keys given ``/tcp``
when converted to the Engine API.

>>> [w.code for w in lint_port_spec("0080:80")]
['DLP102']
>>> print(lint_port_spec("+80")[0].message)
docker CLI v28.5 - v29.6 (go-connections v0.6.0) rejects '+80': invalid containerPort: +80
"""

from __future__ import annotations

import functools
import re
from typing import Any

import attrs

from dockerlinks.errors import PortSpecError
from dockerlinks.ports import PortSpec, convert_publish_long, parse_port_spec

__all__ = ["PortWarning", "docker_py_bindings", "lint_port_spec"]

_GENERATIONS = (
    ("v0.6", "docker CLI v28.5 - v29.6 (go-connections v0.6.0)"),
    ("v0.5", "docker CLI v25 - v28.4 (go-connections v0.5.0)"),
    ("v0.4", "docker CLI v20.10 - v24 (go-connections v0.4.0)"),
)
_DOCKER_PY = "docker-py / compose v1 split_port"


@attrs.frozen
class PortWarning:
    """One portability warning: a stable ``code``, ``who`` differs, and a ``message``."""

    code: str
    who: str
    message: str

    def __str__(self) -> str:
        return f"{self.code} {self.message}"


@functools.cache
def _patterns() -> tuple[Any, Any, Any]:
    spec = re.compile(
        r"^(?:(?:\[?(?P<host>[0-9a-fA-F.:]+)\]?:)?(?P<ext>\d*)(?:-(?P<ext_end>\d+))?:)?"
        r"(?P<int>\d+)(?:-(?P<int_end>\d+))?(?P<proto>/(?:udp|tcp|sctp))?$"
    )
    yaml_int = re.compile(r"^[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+$")
    yaml_octal = re.compile(r"^[-+]?0[0-7_]+$")
    return spec, yaml_int, yaml_octal


# docker-py expands a range into a list; past this many ports the model refuses rather than
# build it (every range of at most five digits fits).
_PY_RANGE_LIMIT = 100_000


def _py_int(text: str) -> int:
    """Python's ``int()`` as docker-py calls it (Unicode digits; a digit-count limit)."""
    try:
        return int(text)
    except ValueError as exc:
        raise PortSpecError(str(exc)) from None


def _py_range(start: str | None, end: str | None, proto: str, dynamic: bool) -> Any:
    if not start:
        return start
    if not end:
        return [start + proto]
    if dynamic:
        return [f"{start}-{end}{proto}"]
    low, high = _py_int(start), _py_int(end)
    if high - low >= _PY_RANGE_LIMIT:
        raise PortSpecError(
            f"docker-py would expand {start}-{end} into {high - low + 1} ports; not modelled"
        )
    return [str(n) + proto for n in range(low, high + 1)]


def docker_py_bindings(spec: object) -> list[tuple[str, str, str]]:
    """What docker-py builds for ``spec``: (key, HostIp, HostPort) per binding, in order.

    Raises :class:`~dockerlinks.errors.PortSpecError` with docker-py's message when
    ``split_port`` raises ``ValueError``, and for a range of more than 100,000 ports (which
    docker-py would build as a list).

    >>> docker_py_bindings("127.0.0.1:8000-8001:80-81")
    [('80/tcp', '127.0.0.1', '8000'), ('81/tcp', '127.0.0.1', '8001')]
    """
    if not isinstance(spec, str):
        raise PortSpecError(f"invalid port spec: expected a string, got {type(spec).__name__}")
    pattern = _patterns()[0]
    match = pattern.match(spec)
    if match is None:
        raise PortSpecError(
            f'Invalid port "{spec}", should be '
            "[[remote_ip:]remote_port[-remote_port]:]port[/protocol]"
        )
    host = match["host"]
    internal = _py_range(match["int"], match["int_end"], match["proto"] or "", False)
    external = _py_range(match["ext"], match["ext_end"], "", len(internal) == 1)
    pairs: list[tuple[str, str | None, str | None]]
    if host is None:
        if external is not None and len(internal) != len(external):
            raise PortSpecError("Port ranges don't match in length")
        if external is None:
            pairs = [(key, None, None) for key in internal]
        else:
            pairs = [(key, None, ext) for key, ext in zip(internal, external, strict=True)]
    else:
        if not external:
            external = [None] * len(internal)
        elif len(internal) != len(external):
            raise PortSpecError("Port ranges don't match in length")
        pairs = [(key, host, ext) for key, ext in zip(internal, external, strict=True)]
    return [(k if "/" in k else k + "/tcp", ip or "", port or "") for k, ip, port in pairs]


def _current_bindings(spec: PortSpec) -> list[tuple[str, str, str]]:
    return [(str(m.port), m.binding.host_ip, m.binding.host_port) for m in spec.mappings()]


def _show(bindings: list[tuple[str, str, str]]) -> str:
    shown = ", ".join(f"{k} <- {ip or '*'}:{port or '?'}" for k, ip, port in bindings[:3])
    return shown + (", ..." if len(bindings) > 3 else "") if bindings else "no ports"


def lint_port_spec(spec: object) -> list[PortWarning]:
    """Portability warnings for one ``-p`` value (short or ``docker run`` long syntax).

    The value must be valid for the current docker CLI; otherwise its
    :class:`~dockerlinks.errors.PortSpecError` is raised.
    """
    if not isinstance(spec, str):
        raise PortSpecError(f"invalid port spec: expected a string, got {type(spec).__name__}")
    warnings: list[PortWarning] = []
    text = spec
    if "=" in spec:
        long = convert_publish_long(spec)
        for key in long.ignored:
            effect = (
                "the binding goes to the default address (all interfaces)"
                if key == "host_ip"
                else "it has no effect"
            )
            warnings.append(
                PortWarning(
                    "DLP301",
                    "docker run",
                    f"docker run ignores the long-syntax key {key!r} without a word: {effect}",
                )
            )
        text = long.short
    current = parse_port_spec(text)
    for generation, who in _GENERATIONS:
        try:
            parse_port_spec(text, generation=generation)
        except PortSpecError as exc:
            warnings.append(
                PortWarning("DLP001", who, f"{who} rejects {text!r}: {exc.docker_message}")
            )
    mine = _current_bindings(current)
    try:
        theirs = docker_py_bindings(text)
    except PortSpecError as exc:
        warnings.append(
            PortWarning(
                "DLP101", _DOCKER_PY, f"{_DOCKER_PY} rejects {text!r}: {exc.docker_message}"
            )
        )
    else:
        if theirs != mine:
            warnings.append(
                PortWarning(
                    "DLP102",
                    _DOCKER_PY,
                    f"{_DOCKER_PY} builds [{_show(theirs)}] for {text!r}; "
                    f"docker builds [{_show(mine)}]",
                )
            )
    _, yaml_int, yaml_octal = _patterns()
    value = None
    if yaml_int.match(text):
        value = 0
        for part in text.lstrip("+-").replace("_", "").split(":"):
            value = value * 60 + int(part)
    elif yaml_octal.match(text) and int(text, 8) != int(text):
        value = int(text, 8)
    if value is not None:
        warnings.append(
            PortWarning(
                "DLP201",
                "compose v1 YAML",
                f"compose v1 (PyYAML, YAML 1.1) reads unquoted {text} as the number {value}; "
                "quote it",
            )
        )
    return warnings
