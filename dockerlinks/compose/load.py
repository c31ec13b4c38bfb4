"""Explicit loader of compose-like YAML and JSON text, with the YAML 1.1 base-60 trap found.

What it must not know: Compose's project semantics (interpolation, merges: :mod:`.project`) or
any check.

PyYAML implements YAML 1.1, whose implicit resolvers read a plain scalar of colon-separated
digit groups as a base-60 (sexagesimal) number::

    int   := [-+]? [1-9] [0-9_]* ( ":" [0-5]? [0-9] )+
    float := [-+]? [0-9] [0-9_]* ( ":" [0-5]? [0-9] )+ "." [0-9_]*

so an unquoted ``- 22:22`` in ``ports`` is the integer ``22 * 60 + 22 = 1342``, which
docker-compose v1 then published as container port 1342 (docker/compose#3109). YAML 1.2 (and
so Compose v2) reads the same text as the string ``"22:22"``. This loader reads such scalars
as the text written (the YAML 1.2 reading, which is what the author meant) wherever they are,
and records each one with its position and its YAML 1.1 value so that
:func:`~dockerlinks.compose.check` reports the ones in ``ports`` and ``expose``
(``yaml-sexagesimal``: quote it).

Formats: a filename ending in ``.json`` is read as JSON; anything else as YAML through
PyYAML's safe loader (the optional ``yaml`` extra: ``pip install 'dockerlinks[yaml]'``).
Without PyYAML, text that starts with ``{`` is still read as JSON.

>>> doc = load_compose_text('services:\\n  ssh:\\n    ports:\\n      - 22:22\\n')
>>> doc.data["services"]["ssh"]["ports"]
['22:22']
>>> scalar = doc.sexagesimal[0]
>>> scalar.path, scalar.text, scalar.value, scalar.line
(('services', 'ssh', 'ports', 0), '22:22', 1342, 4)
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import attrs

try:
    import yaml
except ImportError:  # pragma: no cover - PyYAML is installed wherever the tests run
    yaml = None  # type: ignore[assignment]  # the optional extra: see _yaml_load

from dockerlinks._args import shown
from dockerlinks.compose.problems import ComposeError

__all__ = ["ComposeFile", "SexagesimalScalar", "load_compose_text"]

PathKey = str | int


@attrs.frozen
class SexagesimalScalar:
    """One plain scalar that YAML 1.1 reads as a base-60 number.

    ``path`` locates it in the data (keys and list indexes; a mapping key that was such a
    scalar ends the path with its text); ``text`` is the source text, ``value`` what YAML 1.1
    makes of it, ``line`` and ``column`` count from 1.
    """

    path: tuple[PathKey, ...]
    text: str
    value: int | float
    line: int
    column: int


@attrs.frozen(eq=True, hash=False)
class ComposeFile:
    """A loaded document: its data, where it came from, and its base-60 scalars."""

    data: Mapping[Any, Any]
    filename: str = "<string>"
    sexagesimal: tuple[SexagesimalScalar, ...] = ()


@attrs.frozen
class _Base60:
    """Placeholder the YAML constructor returns for a base-60 plain scalar."""

    text: str
    value: int | float
    line: int
    column: int


def _yaml_load(text: str, filename: str) -> Any:
    if yaml is None:  # pragma: no cover - PyYAML is installed wherever the tests run
        if text.lstrip().startswith("{"):
            return _json_load(text, filename)
        raise ComposeError(
            f"cannot read {filename}: reading YAML needs PyYAML (pip install 'dockerlinks[yaml]')"
        )

    base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class _Loader(base):  # type: ignore[valid-type,misc]
        pass

    def base60(
        original: Any,
    ) -> Any:
        def construct(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
            value = original(loader, node)
            if (
                isinstance(node, yaml.ScalarNode)
                and not node.style  # plain: None (Python parser) or "" (libyaml)
                and ":" in node.value
                and isinstance(value, int | float)
            ):
                mark = node.start_mark
                return _Base60(node.value, value, mark.line + 1, mark.column + 1)
            return value

        return construct

    _Loader.add_constructor(
        "tag:yaml.org,2002:int", base60(yaml.constructor.SafeConstructor.construct_yaml_int)
    )
    _Loader.add_constructor(
        "tag:yaml.org,2002:float", base60(yaml.constructor.SafeConstructor.construct_yaml_float)
    )
    try:
        if _nesting_bound(text) > _MAX_DEPTH and _nesting(text, yaml, base) > _MAX_DEPTH:
            raise RecursionError
        return yaml.load(text, Loader=_Loader)  # a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = ", ".join(part for part in (exc.context, exc.problem) if part) or "invalid YAML"
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise ComposeError(f"cannot parse {filename}: {what}{where}") from None
    except RecursionError:
        raise ComposeError(f"cannot parse {filename}: nested too deeply") from None
    except Exception as exc:  # any other failure of the YAML library: unreadable input
        raise ComposeError(f"cannot parse {filename}: {_one_line(exc)}") from None


# The loader's own depth limit, for the parsers that have none: the pure-Python composer
# recurses, and the libyaml of older PyYAML wheels overflows the C stack on very deep input.
# Newer libyaml (PyYAML 6.0.2+ wheels) refuses more than 1,000 levels itself, before any
# event reaches this check; its reason is then the one reported.
_MAX_DEPTH = 1000


def _nesting_bound(text: str) -> int:
    """A cheap upper bound of the collection nesting of YAML text.

    Flow collections open with ``[`` or ``{``; a nested block collection needs more
    indentation (two levels per column at most, with compact sequences) or a further
    sequence or key indicator on the same line, so its depth is bounded by the line length.
    """
    longest = max((len(line) for line in text.splitlines()), default=0)
    return text.count("[") + text.count("{") + 2 * longest + 2


def _nesting(text: str, yaml: Any, loader: Any) -> int:
    """The real nesting depth, from the parser's events (libyaml's parser does not recurse;
    its composer does, and overflows the C stack on very deep input)."""
    opening = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
    closing = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    depth = deepest = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, opening):
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > _MAX_DEPTH:
                    break
        elif isinstance(event, closing):
            depth -= 1
    return deepest


def _json_load(text: str, filename: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ComposeError(
            f"cannot parse {filename}: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    except RecursionError:
        raise ComposeError(f"cannot parse {filename}: nested too deeply") from None
    except ValueError as exc:
        raise ComposeError(f"cannot parse {filename}: {_one_line(exc)}") from None


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text or type(exc).__name__


def _restore(root: Any) -> list[SexagesimalScalar]:
    """Replace every placeholder by its text, in place; return where they were.

    Iterative and cycle-safe (YAML anchors can build self-referencing data); a container
    reached through several aliases is visited once, at its first path.
    """
    found: list[SexagesimalScalar] = []

    def note(path: tuple[PathKey, ...], marker: _Base60) -> str:
        found.append(SexagesimalScalar(path, marker.text, marker.value, marker.line, marker.column))
        return marker.text

    seen: set[int] = set()
    stack: list[tuple[Any, tuple[PathKey, ...]]] = [(root, ())]
    while stack:
        obj, path = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        children: list[tuple[Any, tuple[PathKey, ...]]] = []
        if isinstance(obj, dict):
            if any(isinstance(key, _Base60) for key in obj):
                items = list(obj.items())
                obj.clear()
                for key, value in items:
                    if isinstance(key, _Base60):
                        key = note((*path, key.text), key)
                    obj[key] = value
            for key, value in obj.items():
                if isinstance(value, _Base60):
                    obj[key] = note((*path, _key(key)), value)
                elif isinstance(value, dict | list | set | tuple):
                    children.append((value, (*path, _key(key))))
        elif isinstance(obj, list):
            for index, value in enumerate(obj):
                if isinstance(value, _Base60):
                    obj[index] = note((*path, index), value)
                elif isinstance(value, tuple):  # !!omap / !!pairs entries
                    pair = tuple(
                        note((*path, index, n), v) if isinstance(v, _Base60) else v
                        for n, v in enumerate(value)
                    )
                    obj[index] = pair
                    children.extend(
                        (v, (*path, index, n))
                        for n, v in enumerate(pair)
                        if isinstance(v, dict | list | set)
                    )
                elif isinstance(value, dict | list | set):
                    children.append((value, (*path, index)))
        elif isinstance(obj, set):
            markers = [value for value in obj if isinstance(value, _Base60)]
            for marker in markers:
                obj.discard(marker)
                obj.add(note((*path, marker.text), marker))
        stack.extend(reversed(children))  # depth first, in document order
    found.sort(key=lambda s: (s.line, s.column))
    return found


def _key(key: Any) -> PathKey:
    """A mapping key in a path: text and integers as they are, other scalars as YAML spells
    them (``true``, ``null``; the spelling of :func:`~dockerlinks.compose.model.service_name`)."""
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    return key if isinstance(key, str | int) else str(key)


def load_compose_text(
    text: str, *, filename: str = "<string>", format: str | None = None
) -> ComposeFile:
    """Read a compose-like document from text (YAML, or JSON for ``*.json`` files).

    ``format`` forces ``"yaml"`` or ``"json"``. Raises :class:`ComposeError` when the text
    cannot be parsed or its top level is not a mapping.

    >>> load_compose_text("[1, 2]")
    Traceback (most recent call last):
    ...
    dockerlinks.errors.ComposeError: <string> is not a compose-like mapping: \
the top level is a list
    """
    if not isinstance(text, str):
        raise ComposeError(f"cannot read {filename}: expected text, got {type(text).__name__}")
    if format is None:
        format = "json" if filename.lower().endswith(".json") else "yaml"
    if format == "json":
        data = _json_load(text, filename)
    elif format == "yaml":
        data = _yaml_load(text, filename)
    else:
        raise ComposeError(f"unknown format: {shown(format)} (expected 'yaml' or 'json')")
    scalars = _restore(data) if format == "yaml" else []
    if data is None:
        raise ComposeError(f"{filename} is empty: expected a compose-like mapping")
    if not isinstance(data, dict):
        raise ComposeError(
            f"{filename} is not a compose-like mapping: the top level is a {_kind(data)}"
        )
    return ComposeFile(data, filename, tuple(scalars))


def _kind(value: object) -> str:
    if isinstance(value, list | tuple):
        return "list"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return type(value).__name__
