"""Reading one compose file's YAML text into positioned values, as Compose's YAML reader does.

What lives here: turning YAML text into plain Python values (``Map`` / ``Seq`` containers,
``str`` / ``int`` / ``float`` / ``bool`` / ``None`` scalars) that remember where each value
was written (file, line, column, counting from 1), with the reader rules Compose v2 has
(it decodes with gopkg.in/yaml.v3, a YAML 1.2 reader); see compose-spec/compose-go v2.9.1,
``loader/loader.go`` (``loadYamlFile``) and ``loader/reset.go``. This module knows nothing
of services, interpolation or merging.

Rules (each pinned by a recording of Compose in tests/data/compose/projects/)::

    text                         value
    ---------------------------  -------------------------------------------------------
    plain null ~ Null NULL ""    None
    plain true True TRUE         True (and false forms); yes/no/on/off stay text (1.2)
    plain 12 -3 0x1f 0o17 0b11   int (underscores dropped; more than 20 digits: float)
    plain 1.5 1e3 .inf .nan      float
    plain 22:22                  the text "22:22" (YAML 1.2); recorded as base-60 too
    quoted, !!str, block         text
    !reset VALUE                 the key is dropped here and from what came before
    !override VALUE              the value replaces what came before instead of merging
    <<: *anchor / [*a, *b]       merge keys: keys of the anchors not written here
    a key written twice          refused: mapping key "k" already defined at line N
    several documents (---)      each document is merged over the previous ones

Aliases are expanded (each use is its own copy); an alias whose expansion would be more
than :data:`MAX_EXPANDED` values is refused (yaml.v3 refuses "excessive aliasing" too).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import Any, TypeAlias

import attrs

try:
    import yaml
except ModuleNotFoundError as exc:  # the optional extra (the command line names it too)
    raise ModuleNotFoundError(
        "reading compose files needs PyYAML: python -m pip install 'dockerlinks[yaml]'",
        name=exc.name,
    ) from exc

from dockerlinks.compose.problems import ComposeError

__all__ = [
    "MAX_DEPTH",
    "MAX_EXPANDED",
    "Base60",
    "Document",
    "Map",
    "Pos",
    "Seq",
    "read_yaml",
]

#: (file, line, column), line and column from 1.
Pos: TypeAlias = tuple[str, int, int]

MAX_DEPTH = 1000
"""Collections nested deeper than this are refused (the C composer would overflow)."""
MAX_EXPANDED = 1_000_000
"""Values an alias-expanded document may hold at most."""


class Map(dict[str, Any]):
    """A mapping with the position of itself (``pos``), of each value (``at``) and of each
    key (``keys_at``); ``reset`` and ``override`` hold keys tagged ``!reset`` /
    ``!override``."""

    __slots__ = ("at", "keys_at", "override", "pos", "reset")

    def __init__(self, pos: Pos) -> None:
        super().__init__()
        self.pos = pos
        self.at: dict[str, Pos] = {}
        self.keys_at: dict[str, Pos] = {}
        self.reset: frozenset[str] = frozenset()
        self.override: frozenset[str] = frozenset()


class Seq(list[Any]):
    """A sequence with the position of itself (``pos``) and of each item (``at``)."""

    __slots__ = ("at", "pos")

    def __init__(self, pos: Pos) -> None:
        super().__init__()
        self.pos = pos
        self.at: list[Pos] = []


@attrs.frozen
class Base60:
    """A plain scalar YAML 1.1 (PyYAML, docker-compose v1) reads as a base-60 number."""

    path: tuple[str | int, ...]
    text: str
    value: int | float
    pos: Pos


@attrs.frozen(eq=False)
class Document:
    """One YAML document of a file: its value and the base-60 scalars in it."""

    value: Any
    base60: tuple[Base60, ...] = ()


_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?(?:[0-9][0-9_]*|0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+)\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_SPECIAL_FLOAT = {
    ".inf": math.inf,
    ".Inf": math.inf,
    ".INF": math.inf,
    "+.inf": math.inf,
    "+.Inf": math.inf,
    "+.INF": math.inf,
    "-.inf": -math.inf,
    "-.Inf": -math.inf,
    "-.INF": -math.inf,
    ".nan": math.nan,
    ".NaN": math.nan,
    ".NAN": math.nan,
}
# YAML 1.1's base-60 forms (PyYAML's resolver), only to report them.
_BASE60_INT = re.compile(r"[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+\Z")
_BASE60_FLOAT = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*\Z")
_MAX_INT_DIGITS = 20  # beyond int64/uint64: yaml.v3 falls back to a float


def _int(text: str) -> int | float | None:
    """A plain integer as yaml.v3 reads it (Go's ParseInt with base prefix), else None."""
    plain = text.replace("_", "")
    sign = -1 if plain.startswith("-") else 1
    body = plain.lstrip("+-")
    if not body:
        return None
    lower = body[:2].lower()
    base = {"0x": 16, "0o": 8, "0b": 2}.get(lower)
    digits = body[2:] if base else body
    if not digits:
        return None
    if base is None:
        if len(digits) > 1 and digits.startswith("0"):
            base = 8  # Go's ParseInt(s, 0, 64): a leading 0 is octal
            if any(ch not in "01234567" for ch in digits):
                return None
        else:
            base = 10
            if len(digits) > _MAX_INT_DIGITS:
                return float(plain)  # yaml.v3: a float where int64 overflows
    if len(digits) > _MAX_INT_DIGITS * 4:
        return None
    return sign * int(digits, base)


def resolve_plain(text: str) -> Any:
    """The value of a plain (unquoted) scalar under yaml.v3's resolution (module table).

    >>> [resolve_plain(t) for t in ("8080", "22:22", "yes", "true", "~", "0x10", "1.5")]
    [8080, '22:22', 'yes', True, None, 16, 1.5]
    """
    if text in _NULL:
        return None
    first = text[0]
    if first in "tTfF" and text in _BOOL:
        return _BOOL[text]
    if first in "0123456789+-.":
        if _INT.match(text):
            value = _int(text)
            if value is not None:
                return value
        if _FLOAT.match(text):
            return float(text)
        special = _SPECIAL_FLOAT.get(text)
        if special is not None:
            return special
    return text


def _base60_value(text: str) -> int | float | None:
    """What YAML 1.1 makes of a base-60 plain scalar (None: not one)."""
    if ":" not in text:
        return None
    is_int = bool(_BASE60_INT.match(text))
    if not is_int and not _BASE60_FLOAT.match(text):
        return None
    sign = -1 if text.startswith("-") else 1
    body = text.lstrip("+-").replace("_", "")
    head, _, fraction = body.partition(".")
    total = 0
    for part in head.split(":"):
        total = total * 60 + int(part)
    if is_int:
        return sign * total
    return sign * (total + float(f"0.{fraction or 0}"))


_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_RESET = "!reset"
_OVERRIDE = "!override"
_TYPED = {
    "tag:yaml.org,2002:int": int,
    "tag:yaml.org,2002:float": float,
    "tag:yaml.org,2002:bool": bool,
    "tag:yaml.org,2002:null": type(None),
}


def _loader() -> type[yaml.SafeLoader]:
    loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return loader


def _mark(filename: str, node: yaml.Node) -> Pos:
    mark = node.start_mark
    return (filename, mark.line + 1, mark.column + 1)


class _Builder:
    """Builds values from composed nodes, iteratively (no recursion on deep input)."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.base60: list[Base60] = []
        self.size: dict[int, int] = {}
        self.expanded = 0
        self.active: set[int] = set()

    def error(self, node: yaml.Node, message: str) -> ComposeError:
        line = node.start_mark.line + 1
        return ComposeError(f"failed to parse {self.filename}: yaml: line {line}: {message}")

    def scalar(self, node: yaml.ScalarNode, path: tuple[str | int, ...]) -> Any:
        text = node.value
        tag = node.tag
        if node.style:  # quoted or block: text, unless a type tag was written (!!int "8")
            return self.typed(node, text, tag) if tag in _TYPED else text
        value = resolve_plain(text) if text else None
        if isinstance(value, str) and ":" in value:
            old = _base60_value(value)
            if old is not None:
                self.base60.append(Base60(path, text, old, _mark(self.filename, node)))
        return value

    def typed(self, node: yaml.ScalarNode, text: str, tag: str) -> Any:
        value = resolve_plain(text) if text else None
        wanted = _TYPED[tag]
        if wanted is float and isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        if not isinstance(value, wanted) or (wanted is int and isinstance(value, bool)):
            short = "!!" + tag.rsplit(":", 1)[-1]
            raise self.error(node, f"cannot decode {text!r} as a {short} value")
        return value

    def build(self, root: yaml.Node) -> Any:
        """The value of ``root`` (a document node)."""
        if not isinstance(root, yaml.MappingNode | yaml.SequenceNode):
            if isinstance(root, yaml.ScalarNode):
                return self.scalar(root, ())
            return None
        result: list[Any] = []
        # Work items: (node, path, sink) where sink(value) stores the built value.
        stack: list[tuple[yaml.Node, tuple[str | int, ...], Any, Any]] = [(root, (), result, None)]
        while stack:
            node, path, parent, key = stack.pop()
            self.expanded += 1
            if self.expanded > MAX_EXPANDED:
                raise ComposeError(
                    f"failed to parse {self.filename}: yaml: document contains excessive "
                    f"aliasing (more than {MAX_EXPANDED} values once aliases are expanded)"
                )
            if len(path) > MAX_DEPTH:
                raise ComposeError(f"cannot parse {self.filename}: nested too deeply")
            if isinstance(node, yaml.ScalarNode):
                value: Any = self.scalar(node, path)
            elif isinstance(node, yaml.SequenceNode):
                value = Seq(_mark(self.filename, node))
                for index, item in enumerate(node.value):
                    value.append(None)
                    value.at.append(_mark(self.filename, item))
                    stack.append((item, (*path, index), value, index))
            elif isinstance(node, yaml.MappingNode):
                value = Map(_mark(self.filename, node))
                self.mapping(node, value, path, stack)
            else:  # pragma: no cover - the composer makes only these three
                value = None
            if isinstance(parent, Seq | Map):
                parent[key] = value
            else:
                result.append(value)
        return result[0]

    def mapping(
        self,
        node: yaml.MappingNode,
        value: Map,
        path: tuple[str | int, ...],
        stack: list[tuple[yaml.Node, tuple[str | int, ...], Any, Any]],
    ) -> None:
        written: dict[str, int] = {}
        merged: list[tuple[str, yaml.Node, yaml.Node]] = []
        reset: set[str] = set()
        override: set[str] = set()
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG or (
                isinstance(key_node, yaml.ScalarNode)
                and key_node.value == "<<"
                and not key_node.style
            ):
                merged.extend(self.merge_sources(value_node))
                continue
            key = self.key(key_node, path)
            line = key_node.start_mark.line + 1
            if key in written:
                raise ComposeError(
                    f"failed to parse {self.filename}: yaml: unmarshal errors: line {line}: "
                    f"mapping key {_go_quote(key)} already defined at line {written[key]}"
                )
            written[key] = line
            if value_node.tag == _RESET:
                reset.add(key)
                continue
            if value_node.tag == _OVERRIDE:
                override.add(key)
            value.keys_at[key] = _mark(self.filename, key_node)
            value.at[key] = _mark(self.filename, value_node)
            value[key] = None
            stack.append((value_node, (*path, key), value, key))
        for key, key_node, value_node in merged:
            if key in written or key in value:
                continue
            value.keys_at[key] = _mark(self.filename, key_node)
            value.at[key] = _mark(self.filename, value_node)
            value[key] = None
            stack.append((value_node, (*path, key), value, key))
        if reset:
            value.reset = frozenset(reset)
        if override:
            value.override = frozenset(override)

    def merge_sources(self, node: yaml.Node) -> Iterator[tuple[str, yaml.Node, yaml.Node]]:
        sources = node.value if isinstance(node, yaml.SequenceNode) else [node]
        for source in sources:
            if not isinstance(source, yaml.MappingNode):
                raise self.error(source, "map merge requires map or sequence of maps as the value")
            for key_node, value_node in source.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value == "<<":
                    yield from self.merge_sources(value_node)
                    continue
                yield self.key(key_node, ()), key_node, value_node

    def key(self, node: yaml.Node, path: tuple[str | int, ...]) -> str:
        """A mapping key as text (Compose converts every key to a string)."""
        if not isinstance(node, yaml.ScalarNode):
            raise self.error(node, "invalid map key: a mapping key must be a scalar")
        value = self.scalar(node, (*path, node.value))
        return _key_text(node.value, value)


def _key_text(text: str, value: Any) -> str:
    """A key's text as compose-go's convertToStringKeysRecursive writes it."""
    if isinstance(value, str):
        return value
    if value is None:
        return "null" if text else ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return text


def _go_quote(text: str) -> str:
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif char.isprintable():
            out.append(char)
        else:
            out.append(char.encode("unicode_escape").decode("ascii"))
    return '"' + "".join(out) + '"'


def _nesting_bound(text: str) -> int:
    """A cheap upper bound of the collection nesting of YAML text: flow collections open with
    ``[`` or ``{``; a nested block collection needs more indentation or a further indicator on
    the same line, so its depth is bounded by the line length."""
    longest = max((len(line) for line in text.splitlines()), default=0)
    return text.count("[") + text.count("{") + 2 * longest + 2


def _nesting(text: str, loader: type[yaml.SafeLoader]) -> int:
    """The real nesting depth, from the parser's events (the parser does not recurse)."""
    opening = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
    closing = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    depth = deepest = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, opening):
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_DEPTH:
                    break
        elif isinstance(event, closing):
            depth -= 1
    return deepest


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def read_yaml(text: str, filename: str) -> list[Document]:
    """Every document of a compose file's text, built with the module's rules.

    >>> [doc] = read_yaml("services:\\n  web:\\n    ports: [22:22]\\n", "c.yaml")
    >>> doc.value["services"]["web"]["ports"], doc.value["services"]["web"].at["ports"]
    (['22:22'], ('c.yaml', 3, 12))
    >>> doc.base60[0].value
    1342
    """
    loader = _loader()
    try:
        if _nesting_bound(text) > MAX_DEPTH and _nesting(text, loader) > MAX_DEPTH:
            raise ComposeError(f"cannot parse {filename}: nested too deeply")
        out = []
        for node in yaml.compose_all(text, Loader=loader):
            builder = _Builder(filename)
            value = builder.build(node) if node is not None else None
            out.append(Document(value, tuple(builder.base60)))
        return out
    except ComposeError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = ", ".join(part for part in (exc.context, exc.problem) if part) or "invalid YAML"
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise ComposeError(f"cannot parse {filename}: {_one_line_text(what)}{where}") from None
    except RecursionError:
        raise ComposeError(f"cannot parse {filename}: nested too deeply") from None
    except Exception as exc:  # any other failure of the YAML library: unreadable input
        raise ComposeError(f"cannot parse {filename}: {_one_line(exc)}") from None


def _one_line_text(text: str) -> str:
    return " ".join(text.split())
