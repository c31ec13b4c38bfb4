"""Where things are written in one YAML text, and how new block YAML is written into it.

What lives here: the composed node tree of a compose file's text (PyYAML's composer, the
reader :mod:`dockerlinks.compose.yamlread` builds its values from; its positions give where
each key starts, the nodes also give where each value ends), the line extents of a key and
its value, nodes written more than once (anchors and merge keys), and an emitter of block
YAML whose leaves are JSON scalars (valid YAML 1.2 double-quoted text). This module must not
know services, links or Compose's rules.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import yaml

from dockerlinks.errors import ComposeError

__all__ = [
    "Lines",
    "compose_node",
    "emit_block",
    "go_value_text",
    "pairs",
    "quoted",
    "shared_nodes",
]

_MERGE_TAG = "tag:yaml.org,2002:merge"
_ANCHOR = re.compile(r"(?:^|[\s\[{,:-])&[^\s\[\]{},]+")
_PLAIN_SAFE = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*\Z")
_KEYWORDS = frozenset(
    {"null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE", "y", "n"}
)


def compose_node(text: str) -> yaml.Node | None:
    """The node tree of ``text``'s one document (``None``: an empty document)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        node: yaml.Node | None = yaml.compose(text, Loader=loader)
    except yaml.YAMLError as exc:  # read_yaml has accepted the text: should not happen
        raise ComposeError(f"cannot parse the file: {' '.join(str(exc).split())}") from None
    return node


def pairs(node: yaml.Node) -> Iterator[tuple[str, yaml.Node, yaml.Node]]:
    """The keys written in a mapping node (not those a merge key brings), with their nodes."""
    if not isinstance(node, yaml.MappingNode):
        return
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        if key.tag == _MERGE_TAG or (key.value == "<<" and not key.style):
            continue
        yield key.value, key, value


def shared_nodes(root: yaml.Node) -> set[int]:
    """The ids of collection nodes written once and used more than once (an anchor with
    aliases or merge keys), and of every node inside them: editing their text would change
    every use (iterative: no recursion on deep input)."""
    seen: dict[int, int] = {}
    stack: list[yaml.Node] = [root]
    order: list[yaml.Node] = []
    while stack:
        node = stack.pop()
        count = seen.get(id(node), 0)
        seen[id(node)] = count + 1
        if count:
            continue
        order.append(node)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    shared: set[int] = set()
    stack = [n for n in order if seen[id(n)] > 1]
    while stack:
        node = stack.pop()
        if id(node) in shared:
            continue
        shared.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return shared


class Lines:
    """Offsets of a text's lines (0-based line numbers as PyYAML's marks count them)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0]
        for match in re.finditer(r"\r\n|\r|\n", text):
            self.starts.append(match.end())
        self.newline = "\r\n" if "\r\n" in text else "\n"

    def start(self, line: int) -> int:
        """The offset where ``line`` starts."""
        return self.starts[min(line, len(self.starts) - 1)]

    def end(self, line: int) -> int:
        """The offset after ``line``'s line break (or the end of the text)."""
        if line + 1 < len(self.starts):
            return self.starts[line + 1]
        return len(self.text)

    def content(self, line: int) -> str:
        """``line``'s text without its line break."""
        return self.text[self.start(line) : self.end(line)].rstrip("\r\n")

    def idle(self, line: int) -> bool:
        """Whether ``line`` is blank or only a comment."""
        stripped = self.content(line).strip()
        return not stripped or stripped.startswith("#")

    def starts_line(self, node: yaml.Node) -> bool:
        """Whether only spaces stand before ``node`` on its line."""
        mark = node.start_mark
        return not self.text[self.start(mark.line) : mark.index].strip()

    def last_line(self, node: yaml.Node) -> int:
        """The last line holding text of ``node`` (its last descendant's end, trailing blank
        and comment lines left out)."""
        first = node.start_mark.line
        while isinstance(node, yaml.MappingNode | yaml.SequenceNode) and not node.flow_style:
            if not node.value:
                break
            last = node.value[-1]
            node = last[1] if isinstance(last, tuple) else last
            if isinstance(last, tuple) and _empty(last[1]):
                node = last[0]
        mark = node.end_mark
        line = mark.line if mark.column > 0 else mark.line - 1
        while line > first and self.idle(line):
            line -= 1
        return max(line, first)

    def ends_line(self, node: yaml.Node) -> bool:
        """Whether only spaces or a comment follow ``node`` on its last line."""
        mark = node.end_mark
        if mark.column == 0:
            return True
        rest = self.text[mark.index : self.end(mark.line)].strip()
        return not rest or rest.startswith("#")

    def pair_span(self, key: yaml.Node, value: yaml.Node) -> tuple[int, int] | None:
        """The lines of a ``key: value`` pair as an offset span (``None`` when the pair
        shares a line with other text, or its text defines an anchor)."""
        if not self.starts_line(key):
            return None
        last = self.last_line(value) if not _empty(value) else key.start_mark.line
        if not _empty(value) and not self.ends_line_at(value, last):
            return None
        start, end = self.start(key.start_mark.line), self.end(last)
        if _ANCHOR.search(self.text[key.end_mark.index : end]):
            return None
        return start, end

    def ends_line_at(self, node: yaml.Node, line: int) -> bool:
        """Whether ``node``'s text ends on ``line`` with nothing but a comment after it."""
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode) and not node.flow_style:
            return True
        return self.ends_line(node)


def _empty(node: yaml.Node) -> bool:
    """A plain empty scalar (``key:`` with nothing after it)."""
    return isinstance(node, yaml.ScalarNode) and node.value == "" and not node.style


def quoted(text: str) -> str:
    """``text`` as a YAML scalar: plain when that reads back as the same text, else a JSON
    (YAML double-quoted) string.

    >>> quoted("db"), quoted("tcp://db:5432"), quoted("5432"), quoted("yes")
    ('db', '"tcp://db:5432"', '"5432"', '"yes"')
    """
    plain = _PLAIN_SAFE.match(text) and text not in _KEYWORDS and len(text) > 1
    if plain and text.lower() not in ("yes", "no", "on", "off"):
        return text
    return json.dumps(text, ensure_ascii=False)


def emit_block(key: str, value: Any, indent: int, step: int, newline: str = "\n") -> str:
    """``key: value`` as block YAML at column ``indent`` (nested by ``step``); mappings and
    lists in block style, ``None`` as an empty value, other leaves as :func:`quoted` text
    (numbers and booleans as JSON).

    >>> print(emit_block("networks", {"default": {"aliases": ["database"]}}, 4, 2), end="")
        networks:
          default:
            aliases:
              - database
    """
    out: list[str] = []
    stack: list[tuple[str | None, Any, int]] = [(key, value, indent)]
    while stack:
        name, item, column = stack.pop()
        pad = " " * column
        head = f"{pad}{quoted(name)}:" if name is not None else f"{pad}-"
        if isinstance(item, dict) and item:
            out.append(head)
            for sub_key, sub_value in reversed(list(item.items())):
                stack.append((str(sub_key), sub_value, column + step))
        elif isinstance(item, list) and item:
            out.append(head)
            for sub_value in reversed(item):
                stack.append((None, sub_value, column + step))
        else:
            out.append(f"{head} {_leaf(item)}" if _leaf(item) else head)
    return newline.join(out) + newline


def _leaf(item: Any) -> str:
    if item is None:
        return ""
    if isinstance(item, dict):
        return "{}"
    if isinstance(item, list):
        return "[]"
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, int | float):
        return go_value_text(item)
    return quoted(str(item))


def go_value_text(value: bool | int | float) -> str:
    """A YAML number or boolean as Compose turns it into text (Go's ``%v``; recorded
    answers of Compose v2.40.3 in tests/data/migrate/compose-answers.json).

    >>> [go_value_text(v) for v in (9.3, 1e3, 1.0, 1e6, 123456789.0, 1e-6, -0.0, True)]
    ['9.3', '1000', '1', '1e+06', '1.23456789e+08', '1e-06', '-0', 'true']
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value) if abs(value) < 10**4000 else "0"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if math.isnan(value):
        return "NaN"
    sign = "-" if math.copysign(1.0, value) < 0 else ""
    if value == 0:
        return f"{sign}0"
    exact = Decimal(repr(abs(value))).normalize()  # the shortest digits that read back
    shape = exact.as_tuple()
    digits = "".join(str(d) for d in shape.digits)
    point = len(digits) + int(shape.exponent)  # digits before the decimal point
    exp = point - 1
    if exp < -4 or exp >= 6:  # %g with the shortest precision: Go's threshold is 6
        tail = f".{digits[1:]}" if len(digits) > 1 else ""
        return f"{sign}{digits[0]}{tail}e{'-' if exp < 0 else '+'}{abs(exp):02d}"
    if point <= 0:
        return f"{sign}0.{'0' * -point}{digits}"
    if point >= len(digits):
        return f"{sign}{digits}{'0' * (point - len(digits))}"
    return f"{sign}{digits[:point]}.{digits[point:]}"
