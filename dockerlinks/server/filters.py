"""The ``filters`` of ``GET /containers/json``: their JSON forms, and which containers match.

What lives here: :func:`parse_filters` (both JSON forms moby reads), :class:`Pattern` (the
regular expressions ``name`` and ``id`` filters are, matched in linear time) and
:func:`select` (the containers a list answers with, filtered, most recent first, limited).

Filter rules (moby v20.10.24 ``daemon/list.go``, ``api/types/filters``): values of one key
are alternatives, keys all apply; an unknown key is ``Invalid filter 'KEY'``::

    key        a container matches when                            bad value
    ---------  --------------------------------------------------  ------------------------
    name       a value is its name (with or without the leading /)  -
               or, as a regular expression, finds a match in it
    id         a value is its ID or, as a regular expression,      -
               finds a match in it
    status     its state is the value (created, restarting,        Invalid filter
               running, removing, paused, exited, dead)            'status=VALUE'
    exited     it exited with that status                          the number's error
    ancestor   its image is the value (reference or ID prefix)     -
    publish    one of its bindings has that host port[/proto]      -
    expose     it exposes that port[/proto]                        -
    network    it is on that network (name or ID)                  -
    before     it was created before that container                No such container
    since      it was created after that container                 No such container
    label      (the model keeps no labels: nothing matches)        -
    health     only ``none`` matches (no health checks)            -
    is-task    only ``false`` matches                              -
    volume     (no volumes: nothing matches)                       -
    isolation  only ``default`` matches                            -

Pattern grammar (the RE2 subset modelled; a pattern outside it matches nothing, as one Go
refuses does, and none is ever run by a backtracking engine)::

    pattern     = branch , { "|" , branch } ;
    branch      = [ "^" ] , { piece } , [ "$" ] ;
    piece       = atom , [ "*" | "+" | "?" ] ;
    atom        = literal | "." | "\\" , char | class ;
    class       = "[" , [ "^" ] , { char | char "-" char } , "]" ;

Matching simulates the pattern's automaton over the text (Thompson's construction): time
proportional to the text's length times the pattern's.

What this module must not know: HTTP, JSON encoding, the engine's operations.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

import attrs

from dockerlinks.engine.container import Container
from dockerlinks.engine.images import normalize_reference
from dockerlinks.engine.state import Engine
from dockerlinks.errors import DockerLinksError, ImageError
from dockerlinks.ports import Port

__all__ = ["Pattern", "parse_filters", "select"]

_STATUSES = ("created", "restarting", "running", "removing", "paused", "exited", "dead")
_KEYS = (
    "ancestor",
    "before",
    "expose",
    "exited",
    "health",
    "id",
    "isolation",
    "is-task",
    "label",
    "name",
    "network",
    "publish",
    "since",
    "status",
    "volume",
)
_MAX_PATTERN = 1024


def parse_filters(text: str, keys: Sequence[str] | None = _KEYS) -> dict[str, list[str]]:
    """The filters of a ``filters=`` query: ``{"name": {"web": true}}`` (the CLI's) or
    ``{"name": ["web"]}`` (the older form docker-py sends); a key not in ``keys`` is refused
    (``None``: the caller checks them).

    >>> parse_filters('{"name":{"web":true}}'), parse_filters('{"status": ["exited"]}')
    ({'name': ['web']}, {'status': ['exited']})
    >>> parse_filters("[1]")
    Traceback (most recent call last):
    ...
    dockerlinks.errors.DockerLinksError: invalid filter: expected a JSON object
    """
    if not text:
        return {}
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        raise DockerLinksError("invalid filter: not JSON") from None
    if not isinstance(value, dict):
        raise DockerLinksError("invalid filter: expected a JSON object")
    out: dict[str, list[str]] = {}
    for key, terms in value.items():
        if isinstance(terms, dict) and all(isinstance(v, bool) for v in terms.values()):
            out[key] = [str(term) for term, on in terms.items() if on]
        elif isinstance(terms, list) and all(isinstance(v, str) for v in terms):
            out[key] = list(dict.fromkeys(terms))
        else:
            raise DockerLinksError(f"invalid filter: the values of {key!r} must be a list")
    for key in out:
        if keys is not None and key not in keys:
            raise DockerLinksError(f"Invalid filter '{key}'")
    return out


_ESCAPES = {
    "d": (frozenset("0123456789"), False),
    "D": (frozenset("0123456789"), True),
    "w": (frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"), False),
    "W": (frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"), True),
    "s": (frozenset(" \t\n\r\f\v"), False),
    "S": (frozenset(" \t\n\r\f\v"), True),
}


@attrs.frozen
class _Atom:
    chars: frozenset[str] = frozenset()
    ranges: tuple[tuple[str, str], ...] = ()
    negated: bool = False
    any: bool = False

    def accepts(self, char: str) -> bool:
        if self.any:
            return char != "\n"
        inside = char in self.chars or any(low <= char <= high for low, high in self.ranges)
        return inside != self.negated


@attrs.frozen
class _Branch:
    pieces: tuple[tuple[_Atom, str], ...]
    start: bool
    end: bool


def _class(text: str, pos: int) -> tuple[_Atom, int]:
    """A bracket class starting after ``[`` at ``pos``; returns it and the position after."""
    negated = text.startswith("^", pos)
    pos += negated
    chars: set[str] = set()
    ranges: list[tuple[str, str]] = []
    first = True
    while pos < len(text) and (text[pos] != "]" or first):
        first = False
        char = text[pos]
        if char == "\\" and pos + 1 < len(text):
            pos += 1
            char = text[pos]
            if char in _ESCAPES:
                raise DockerLinksError(f"unsupported pattern: class escape \\{char} in a class")
        if pos + 2 < len(text) and text[pos + 1] == "-" and text[pos + 2] != "]":
            ranges.append((char, text[pos + 2]))
            pos += 3
            continue
        chars.add(char)
        pos += 1
    if pos >= len(text):
        raise DockerLinksError("error parsing regexp: missing closing ]")
    return _Atom(frozenset(chars), tuple(ranges), negated), pos + 1


def _branch(text: str) -> _Branch:
    start = text.startswith("^")
    pos = int(start)
    pieces: list[tuple[_Atom, str]] = []
    end = False
    while pos < len(text):
        char = text[pos]
        if char == "$" and pos == len(text) - 1:
            end = True
            break
        if char in "()":
            raise DockerLinksError("unsupported pattern: groups are not modelled")
        if char in "*+?":
            raise DockerLinksError(
                f"error parsing regexp: missing argument to repetition operator: `{char}`"
            )
        if char == "[":
            atom, pos = _class(text, pos + 1)
        elif char == "\\":
            if pos + 1 >= len(text):
                raise DockerLinksError(
                    "error parsing regexp: trailing backslash at end of expression"
                )
            escaped = text[pos + 1]
            if escaped in _ESCAPES:
                chars, negated = _ESCAPES[escaped]
                atom = _Atom(chars, (), negated)
            else:
                atom = _Atom(frozenset(escaped))
            pos += 2
        elif char == ".":
            atom, pos = _Atom(any=True), pos + 1
        else:
            atom, pos = _Atom(frozenset(char)), pos + 1
        quantifier = ""
        if pos < len(text) and text[pos] in "*+?":
            quantifier = text[pos]
            pos += 1
        pieces.append((atom, quantifier))
    return _Branch(tuple(pieces), start, end)


@attrs.frozen
class Pattern:
    """A ``name`` / ``id`` filter value as a regular expression (the module's grammar).

    >>> Pattern.compile("web").search("/web2"), Pattern.compile("^web$").search("web2")
    (True, False)
    >>> Pattern.compile("w.b[0-9]+$").search("/wxb12"), Pattern.compile("a|^b").search("cb")
    (True, False)
    """

    branches: tuple[_Branch, ...]

    @classmethod
    def compile(cls, text: str) -> Pattern:
        """Parse ``text`` (refused: over 1,024 characters, or outside the grammar)."""
        if len(text) > _MAX_PATTERN:
            raise DockerLinksError(f"unsupported pattern: longer than {_MAX_PATTERN} characters")
        return cls(tuple(_branch(part) for part in text.split("|")))

    def search(self, text: str) -> bool:
        """Whether the pattern matches somewhere in ``text``."""
        return any(_search(branch, text) for branch in self.branches)


def _closure(branch: _Branch, states: set[int]) -> set[int]:
    out = set(states)
    todo = list(states)
    while todo:
        index = todo.pop()
        optional = index < len(branch.pieces) and branch.pieces[index][1] in ("*", "?")
        if optional and index + 1 not in out:
            out.add(index + 1)
            todo.append(index + 1)
    return out


def _search(branch: _Branch, text: str) -> bool:
    final = len(branch.pieces)
    states = _closure(branch, {0})
    for char in text:
        if final in states and not branch.end:
            return True
        following: set[int] = set()
        for index in states:
            if index == final:
                continue
            atom, quantifier = branch.pieces[index]
            if atom.accepts(char):
                following.add(index + 1)
                if quantifier in ("*", "+"):
                    following.add(index)
        if not branch.start:
            following.add(0)
        states = _closure(branch, following)
    return final in states


def _regexp_match(value: str, source: str) -> bool:
    """moby ``filters.Args.Match``: the value exactly, else as a regular expression (one
    outside the grammar matches nothing, as a pattern Go refuses does)."""
    if value == source:
        return True
    try:
        return Pattern.compile(value).search(source)
    except DockerLinksError:
        return False


def _port_filter(value: str) -> tuple[int, int, str | None]:
    number, _, proto = value.partition("/")
    low, _, high = number.partition("-")
    if not low.isdigit() or (high and not high.isdigit()):
        raise DockerLinksError(f"invalid port filter: {value!r:.60}")
    return int(low), int(high or low), proto or None


def _port_in(port: Port, number: int, wanted: tuple[int, int, str | None]) -> bool:
    low, high, proto = wanted
    return low <= number <= high and (proto is None or port.proto == proto)


def _published(container: Container, value: str) -> bool:
    wanted = _port_filter(value)
    for port, bindings in container.ports.entries:
        for binding in bindings or ():
            if binding.host_port.isdigit() and _port_in(port, int(binding.host_port), wanted):
                return True
    return False


def _exposed(container: Container, value: str) -> bool:
    wanted = _port_filter(value)
    ports = {port for port, _ in container.ports.entries} | set(container.exposed)
    return any(_port_in(port, port.number, wanted) for port in ports)


def _ancestor(container: Container, value: str) -> bool:
    if value in (container.image, container.image_name):
        return True
    if value.startswith("sha256:") and container.image_id.startswith(value):
        return True
    if container.image_id.removeprefix("sha256:").startswith(value) and len(value) >= 4:
        return True
    try:
        return normalize_reference(value) == container.image_name
    except ImageError:
        return False


def _matches(
    container: Container,
    key: str,
    values: Sequence[str],
    networks: Sequence[str],
    order: Mapping[str, int],
) -> bool:
    if key == "name":
        names = (container.name, container.bare_name)
        return any(_regexp_match(v, n) for v in values for n in names)
    if key == "id":
        return any(_regexp_match(v, container.id) for v in values)
    if key == "status":
        return container.status in values
    if key == "exited":
        return container.status == "exited" and container.exit_code in {int(v) for v in values}
    if key == "ancestor":
        return any(_ancestor(container, v) for v in values)
    if key == "publish":
        return any(_published(container, v) for v in values)
    if key == "expose":
        return any(_exposed(container, v) for v in values)
    if key == "network":
        return any(v in networks for v in values)
    if key == "before":
        return all(container.created < order[v] for v in values)
    if key == "since":
        return all(container.created > order[v] for v in values)
    if key == "health":
        return "none" in values
    if key == "is-task":
        return "false" in values
    if key == "isolation":
        return "default" in values
    return False  # label, volume: the model keeps none


def _checked(engine: Engine, filters: Mapping[str, list[str]]) -> dict[str, int]:
    for value in filters.get("status", ()):
        if value not in _STATUSES:
            raise DockerLinksError(f"Invalid filter 'status={value}'")
    for value in filters.get("exited", ()):
        if not (value.lstrip("-").isdigit() and len(value) < 10):
            raise DockerLinksError(f"Invalid filter 'exited={value}'")
    order: dict[str, int] = {}
    for key in ("before", "since"):
        for value in filters.get(key, ()):
            order[value] = engine.get(value).created
    return order


def select(
    engine: Engine,
    filters: Mapping[str, list[str]],
    *,
    all_states: bool,
    limit: int,
    networks_of: dict[str, list[str]] | None = None,
) -> list[Container]:
    """The containers ``GET /containers/json`` lists: most recently created first; only
    running ones unless ``all_states`` (or a ``limit`` above 0, which implies it, as
    ``docker ps -n`` does); each filter of ``filters`` applied; at most ``limit`` (0 or
    less: no limit). ``networks_of`` gives each container's network names (default:
    ``bridge`` for every container on the default network)."""
    order = _checked(engine, filters)
    containers = sorted(engine.containers, key=lambda c: c.created, reverse=True)
    if not all_states and limit <= 0 and "status" not in filters:  # status implies all
        containers = [c for c in containers if c.running]
    out = []
    for container in containers:
        networks = (networks_of or {}).get(container.id)
        if networks is None:
            networks = ["bridge"] if container.network_mode in ("default", "bridge") else []
            networks = [*networks, container.network_mode]
        if all(_matches(container, k, v, networks, order) for k, v in filters.items()):
            out.append(container)
            if 0 < limit <= len(out):
                break
    return out
