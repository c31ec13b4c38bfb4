"""Compose's variable interpolation of text: ``$VAR``, ``${VAR}``, the six operators, ``$$``.

What lives here: the substitution of one text (:func:`substitute`) and of every text value of a
positioned tree (:func:`interpolate_tree`), with the rules of compose-spec/compose-go v2.9.1
``template/template.go`` and ``interpolation/interpolation.go``. It must not know where the
variables come from (the caller passes a lookup) nor what the values mean.

Grammar of one substitution (names are ASCII, case-insensitive)::

    $$                      a literal $
    $NAME                   NAME := [_a-zA-Z][_a-zA-Z0-9]*
    ${NAME}
    ${NAME<op>REST}         op := ":?" | "?" | ":-" | "-" | ":+" | "+"; REST runs to the
                            last "}" of the line, then is cut at the first balanced "}"
                            (counting "{" and skipping the character after each "{");
                            what follows the cut is substituted on its own
    ${ anything else        invalid: "invalid interpolation format"
    $ followed by another   kept as written
    character

    op   when NAME is unset        set but empty      set, non-empty
    ---  ------------------------  -----------------  ---------------
    :-   REST                      REST               the value
    -    REST                      "" (the value)     the value
    :?   error: REST               error: REST        the value
    ?    error: REST               ""                 the value
    :+   ""                        ""                 REST
    +    ""                        REST               REST

REST is itself substituted first (nesting: ``${A:-${B:-c}}``). An unset variable without an
operator gives "" and is reported (Compose: "The X variable is not set. Defaulting to a blank
string."). Mapping keys are never substituted.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator
from typing import Any

import attrs

from dockerlinks.compose.yamlread import Map, Pos, Seq
from dockerlinks.errors import InterpolationError

__all__ = [
    "MAX_NESTING",
    "InterpolationError",
    "Lookup",
    "Unset",
    "interpolate_tree",
    "substitute",
]

Lookup = Callable[[str], "str | None"]

_NAME_START = frozenset("_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_NAME_CHARS = _NAME_START | frozenset("0123456789")
_OPERATORS = (":?", "?", ":-", "-", ":+", "+")


@attrs.frozen
class Unset:
    """A variable used without a value (Compose substitutes "" and warns)."""

    name: str
    path: str
    pos: Pos | None


class _Invalid(Exception):
    pass


class _TooDeep(Exception):
    pass


class _Required(Exception):
    def __init__(self, variable: str, reason: str) -> None:
        super().__init__(variable)
        self.variable = variable
        self.reason = reason


def _name_end(text: str, start: int) -> int:
    end = start
    size = len(text)
    while end < size and text[end] in _NAME_CHARS:
        end += 1
    return end


class _Line:
    """Where the last ``}`` before each line end is (the greedy ``(.*)}`` of the pattern).

    The line ends are found once, the last ``}`` of each line once: a line of many matches
    costs its length, not its length per match."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.cache: dict[int, int] = {}
        self.ends: list[int] | None = None

    def _line_end(self, start: int) -> int:
        if self.ends is None:
            ends = []
            found = self.text.find("\n")
            while found >= 0:
                ends.append(found)
                found = self.text.find("\n", found + 1)
            ends.append(len(self.text))
            self.ends = ends
        return self.ends[bisect.bisect_left(self.ends, start)]

    def last_brace(self, start: int) -> int:
        """The last ``}`` at or after ``start`` on its line, or -1."""
        end = self._line_end(start)
        if end not in self.cache:
            self.cache[end] = self.text.rfind("}", 0, end)
        found = self.cache[end]
        return found if found >= start else -1


def _match(text: str, at: int, line: _Line) -> tuple[str, int, int, int] | None:
    """The pattern's match at ``text[at] == "$"``: (kind, group start, group end, end), or
    None (no match). The group is given by its bounds: a match that runs to the last ``}``
    of a long line is not copied."""
    size = len(text)
    if at + 1 >= size:
        return None
    nxt = text[at + 1]
    if nxt == "$":
        return ("escaped", at + 1, at + 2, at + 2)
    if nxt in _NAME_START:
        end = _name_end(text, at + 1)
        return ("named", at + 1, end, end)
    if nxt != "{":
        return None
    start = at + 2
    if start < size and text[start] in _NAME_START:
        end = _name_end(text, start)
        if end < size and text[end] == "}":
            return ("braced", start, end, end + 1)
        op = end + 1 if end < size and text[end] == ":" else end
        if op < size and text[op] in "-+?":
            close = line.last_brace(op + 1)
            if close >= 0:
                return ("braced", start, close, close + 1)
    return ("invalid", at + 2, at + 2, at + 2)


def _first_closing(text: str, start: int = 0, end: int | None = None) -> int:
    """compose-go's getFirstBraceClosingIndex of ``text[start:end]``, character for
    character; the index is ``text``'s (or -1)."""
    depth = 0
    index = start
    size = len(text) if end is None else end
    while index < size:
        char = text[index]
        if char == "}":
            depth -= 1
            if depth == 0:
                return index
        if char == "{":
            depth += 1
            index += 1
        index += 1
    return -1


def _operator(substring: str) -> str:
    """The operator that appears first in the matched text (``:?`` when none does)."""
    best = _OPERATORS[0]
    best_index = -1
    for op in _OPERATORS:
        index = substring.find(op)
        if index >= 0 and (best_index < 0 or index < best_index):
            best, best_index = op, index
    return best


MAX_NESTING = 100
"""Substitutions nested deeper than this (``${A:-${B:-...}}``) are refused."""


def _apply(op: str, braced: str, lookup: Lookup, unset: list[str], depth: int) -> tuple[str, bool]:
    """The value of ``${braced}`` with operator ``op``; (value, applied)."""
    if op not in braced:
        return "", False
    name, _, rest = braced.partition(op)
    rest = _substitute(rest, lookup, unset, depth + 1)
    value = lookup(name)
    if op in (":-", "-"):
        if value is None or (op == ":-" and value == ""):
            return rest, True
        return value, True
    if op in (":+", "+"):
        if value is not None and (op == "+" or value != ""):
            return rest, True
        return value or "", True
    if value is None or (op == ":?" and value == ""):
        raise _Required(name, rest)
    return value, True


def _replace(
    text: str, dollar: int, end: int, lookup: Lookup, unset: list[str], *, depth: int
) -> tuple[str, int]:
    """DefaultReplacementAppliedFunc: the replacement of the match ``text[dollar:end]``, and
    where the text goes on. compose-go cuts a match at its first balanced ``}`` and
    substitutes the rest of it on its own: that is the scan going on right after the cut
    (the rest's own matches end at the same last ``}`` of the line), so no recursion and
    no copy of the line per match. The operator that appears first in the whole match is
    the one after the name, inside the cut."""
    closing = _first_closing(text, dollar, end)
    cut = closing + 1 if closing > -1 else end
    substring = text[dollar:cut]
    op = _operator(substring)
    match = _match(substring, 0, _Line(substring))
    if match is None or match[0] == "invalid":
        raise _Invalid
    kind, group_start, group_end, _ = match
    group = substring[group_start:group_end]
    if kind == "escaped":
        return "$", dollar + 2
    if kind == "braced":
        value, applied = _apply(op, group, lookup, unset, depth)
        if applied:
            return value, cut
    found = lookup(group)
    if found is None:
        unset.append(group)
        return "", end
    return found, end


def _substitute(text: str, lookup: Lookup, unset: list[str], depth: int = 0) -> str:
    if "$" not in text:
        return text
    if depth > MAX_NESTING:
        raise _TooDeep
    out: list[str] = []
    line = _Line(text)
    position = 0
    size = len(text)
    while position < size:
        dollar = text.find("$", position)
        if dollar < 0:
            break
        match = _match(text, dollar, line)
        if match is None:
            out.append(text[position : dollar + 1])
            position = dollar + 1
            continue
        out.append(text[position:dollar])
        value, position = _replace(text, dollar, match[3], lookup, unset, depth=depth)
        out.append(value)
    out.append(text[position:])
    return "".join(out)


def substitute(
    text: str, lookup: Lookup, *, where: str = "", unset: list[str] | None = None
) -> str:
    """``text`` with every variable substituted (module grammar); ``lookup(name)`` gives a
    value or None when unset. Names used without a value are appended to ``unset``.

    >>> env = {"A": "1", "E": ""}.get
    >>> substitute("${A}-${B:-dflt}-${E-x}-$$A-${B:+no}${A:+yes}", env)
    '1-dflt--$A-yes'
    >>> substitute("${B:?B is needed}", env, where="services.web.image")
    Traceback (most recent call last):
    ...
    dockerlinks.errors.InterpolationError: error while interpolating \
services.web.image: required variable B is missing a value: B is needed
    """
    sink = unset if unset is not None else []
    try:
        return _substitute(text, lookup, sink)
    except _TooDeep:
        raise InterpolationError(
            f"invalid interpolation format for {where or 'value'}: {_show(text)}; "
            f"substitutions nested more than {MAX_NESTING} levels deep",
            "invalid",
        ) from None
    except _Invalid:
        raise InterpolationError(
            f"invalid interpolation format for {where or 'value'}: {_show(text)}; "
            "you may need to escape any $ with another $",
            "invalid",
        ) from None
    except _Required as exc:
        reason = f": {exc.reason}" if exc.reason else ""
        raise InterpolationError(
            f"error while interpolating {where or 'value'}: required variable {exc.variable} "
            f"is missing a value{reason}",
            "required",
            exc.variable,
        ) from None


def _show(text: str) -> str:
    shown = text if len(text) <= 80 else text[:77] + "..."
    return repr(shown)


def tree_path(parts: tuple[str | int, ...]) -> str:
    """Compose's path of a value in errors: keys joined by dots, list items as ``[]``."""
    return ".".join("[]" if isinstance(part, int) else part for part in parts)


def interpolate_tree(value: Any, lookup: Lookup, unset: list[Unset]) -> Any:
    """A copy of a positioned tree with every text value substituted (keys are not).

    Unset variables are appended to ``unset`` with the path and position of their value.
    Raises :class:`InterpolationError` with the value's path at the first bad text.
    """
    root: list[Any] = [None]
    stack: list[tuple[Any, tuple[str | int, ...], Any, Any, Pos | None]] = [
        (value, (), root, 0, None)
    ]
    while stack:
        node, path, parent, key, pos = stack.pop()
        if isinstance(node, str):
            if "$" in node:
                names: list[str] = []
                try:
                    new: Any = substitute(node, lookup, where=tree_path(path), unset=names)
                except InterpolationError as exc:
                    raise InterpolationError(
                        exc.docker_message, exc.kind, exc.variable, pos
                    ) from None
                unset.extend(Unset(name, tree_path(path), pos) for name in names)
            else:
                new = node
        elif isinstance(node, Map):
            new = Map(node.pos)
            new.at = node.at
            new.keys_at = node.keys_at
            new.reset = node.reset
            new.override = node.override
            for child_key, child in node.items():
                new[child_key] = child
                stack.append((child, (*path, child_key), new, child_key, node.at.get(child_key)))
        elif isinstance(node, Seq):
            new = Seq(node.pos)
            new.at = node.at
            new.extend(node)
            for index, child in enumerate(node):
                stack.append((child, (*path, index), new, index, node.at[index]))
        else:
            new = node
        parent[key] = new
    return root[0]


def iter_strings(value: Any) -> Iterator[str]:
    """Every text value of a tree (for tests)."""
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            yield node
        elif isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
