"""``docker inspect -f``: a subset of Go's text/template over the inspect document.

Grammar (the subset; anything else is refused with ``template parsing error: ...``)::

    template = { text | action | range } ;
    action   = "{{" , [ "-" ] , ws , [ "json" , ws ] , path , ws , [ "-" ] , "}}" ;
    range    = "{{" , "range" , ws , path , "}}" , template , "{{" , "end" , "}}" ;
    path     = "." | "." , field , { "." , field } ;
    field    = letter-or-underscore , { letter | digit | "_" } ;

Values print as Go's ``fmt`` prints the API types the docker CLI decodes into::

    value                     printed as                        example
    ------------------------  --------------------------------  ------------------------------
    string                    as is                             /web
    slice                     [a b c]; nil or empty: []         [/db:/web/db]
    map                       map[k:v k:v], keys sorted         map[5000/tcp:[{0.0.0.0 49153}]]
    struct                    {field field}                     {127.0.0.1 80}
    nil slice                 []
    missing field             the CLI re-runs the template on   template parsing error:
                              the raw JSON with                 ... map has no entry for
                              missingkey=error                  key "IPAddress"

``range`` walks a slice, or a map's values in key order; inside, ``.`` is the element.

``json .X`` prints the value as ``encoding/json`` does (struct fields in declaration order,
map keys sorted, ``<``, ``>``, ``&`` escaped). Profile differences live in the document
(:mod:`dockerlinks.engine.inspect`):
modern port keys sort numerically (``80/tcp`` before ``443/tcp``) and an empty ``HostIp``
prints ``invalid IP`` (moby API v29 types); classic keys sort as strings.

Limits (the model's, not Go's; each refusal is one :class:`~dockerlinks.errors.InspectError`
line)::

    what                                   limit
    -------------------------------------  ------------------------------------------
    template text                          1,048,576 characters
    document nesting                       100 levels
    document size                          4,194,304 values as printed (a shared value
                                           counts each time it is reached)
    values in a document                   None, bool, int, float, str, GoText,
                                           GoStruct, GoMap, dict (str keys), list, tuple;
                                           no value inside itself
    integers in a document                 -2**63 .. 2**64 - 1 (Go's int64 / uint64)
    one execution                          4,194,304 steps (actions and text pieces run,
                                           fields walked, elements ranged over)
    output of one execution                33,554,432 characters

Parsing is a single left-to-right scan (no backtracking; line numbers by bisection over
the newline offsets) and execution uses an explicit stack, so the time is linear in the
template plus the output, whatever the nesting.

This module knows Go's template and printing rules only; it does not know containers (the
document comes from :mod:`dockerlinks.engine.inspect`) or the docker CLI's output layout.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any, NamedTuple

import attrs

from dockerlinks.errors import InspectError

__all__ = [
    "GoMap",
    "GoStruct",
    "GoText",
    "Template",
    "check_template",
    "go_json",
    "render_template",
    "to_json",
]

MAX_TEMPLATE = 1 << 20
MAX_DEPTH = 100
MAX_VALUES = 1 << 22
MAX_STEPS = 1 << 22
MAX_OUTPUT = 1 << 25
_INT_RANGE = (-(1 << 63), (1 << 64) - 1)


def _pairs(kind: str, second: type | None = None) -> Callable[[Any, Any, Any], None]:
    """An attrs validator: a tuple of ``(str, value)`` pairs (``second``: the value's type)."""

    def check(instance: Any, attribute: Any, value: Any) -> None:
        if not isinstance(value, tuple):
            raise InspectError(f"{kind}: expected a tuple of pairs, got {type(value).__name__}")
        for pair in value:
            if (
                not isinstance(pair, tuple)
                or len(pair) != 2
                or not isinstance(pair[0], str)
                or (second is not None and not isinstance(pair[1], second))
            ):
                raise InspectError(
                    f"{kind}: expected (name, value) pairs, got {type(pair).__name__}"
                )

    return check


def _text(kind: str) -> Callable[[Any, Any, Any], None]:
    def check(instance: Any, attribute: Any, value: Any) -> None:
        if not isinstance(value, str):
            raise InspectError(f"{kind}: expected a string, got {type(value).__name__}")

    return check


def _callable(instance: Any, attribute: Any, value: Any) -> None:
    if not callable(value):
        raise InspectError(f"GoMap.sort_key: expected a callable, got {type(value).__name__}")


def _first_index(pairs: tuple[tuple[str, Any], ...]) -> dict[str, Any]:
    """Name -> value of the first pair with that name (lookups in constant time)."""
    index: dict[str, Any] = {}
    for key, value in pairs:
        index.setdefault(key, value)
    return index


@attrs.frozen
class GoStruct:
    """A Go struct: ordered (field, value) pairs; ``json_names`` maps fields to JSON keys."""

    fields: tuple[tuple[str, Any], ...] = attrs.field(validator=_pairs("GoStruct.fields"))
    json_names: tuple[tuple[str, str], ...] = attrs.field(
        default=(), validator=_pairs("GoStruct.json_names", str)
    )
    _index: dict[str, Any] = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_index", _first_index(self.fields))

    def get(self, name: str) -> tuple[bool, Any]:
        """``(True, value)`` of the first field called ``name``, else ``(False, None)``."""
        if isinstance(name, str) and name in self._index:
            return True, self._index[name]
        return False, None


@attrs.frozen
class GoMap:
    """A Go map; ``sort_key`` orders keys as ``fmt`` does for the key type."""

    items: tuple[tuple[str, Any], ...] = attrs.field(validator=_pairs("GoMap.items"))
    sort_key: Callable[[str], Any] = attrs.field(default=str, validator=_callable)
    _index: dict[str, Any] = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_index", _first_index(self.items))

    def get(self, name: str) -> tuple[bool, Any]:
        """``(True, value)`` of the first entry with key ``name``, else ``(False, None)``."""
        if isinstance(name, str) and name in self._index:
            return True, self._index[name]
        return False, None

    def sorted_items(self) -> list[tuple[str, Any]]:
        """The entries in ``fmt``'s key order (raises :class:`InspectError` if unorderable)."""
        try:
            return sorted(self.items, key=lambda kv: self.sort_key(kv[0]))
        except Exception as exc:  # the caller's sort_key: whatever it raises is bad data
            raise InspectError(f"GoMap keys cannot be ordered: {type(exc).__name__}") from None


@attrs.frozen
class GoText:
    """A value whose ``String()`` differs from its JSON text (``netip.Addr``)."""

    text: str = attrs.field(validator=_text("GoText.text"))
    json: str = attrs.field(validator=_text("GoText.json"))


# ============================================================================ values

_SCALARS = (str, bool, float, GoText)


def _children(value: Any) -> list[Any] | None:
    """The values inside ``value`` (``None`` for a scalar); refuses unknown types."""
    if value is None or isinstance(value, _SCALARS):
        return None
    if isinstance(value, int):
        if not _INT_RANGE[0] <= value <= _INT_RANGE[1]:
            raise InspectError("template data: integer out of Go's 64-bit range")
        return None
    if isinstance(value, GoStruct):
        return [v for _, v in value.fields]
    if isinstance(value, GoMap):
        return [v for _, v in value.items]
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise InspectError("template data: map keys must be strings")
        return list(value.values())
    if isinstance(value, list | tuple):
        return list(value)
    raise InspectError(f"template data: unsupported value of type {type(value).__name__}")


def _check_document(document: Any) -> None:
    """Refuse values the printer does not know, and documents past the limits.

    One post-order walk with an explicit stack, each distinct container once (shared values
    are looked up by identity): the nesting is at most ``MAX_DEPTH`` containers, the
    document as printed (shared values counted each time they are reached) at most
    ``MAX_VALUES`` values, and no value contains itself. Time linear in the objects.
    """
    kids = _children(document)
    if kids is None:
        return
    measured: dict[int, tuple[int, int]] = {}  # id -> (height, printed size)
    open_ids = {id(document)}
    # frame: [container, its children, next child, height so far, size so far]
    frames: list[list[Any]] = [[document, kids, 0, 0, 1]]
    while frames:
        frame = frames[-1]
        value, children, index = frame[0], frame[1], frame[2]
        if index == len(children):
            frames.pop()
            open_ids.discard(id(value))
            height, size = frame[3] + 1, frame[4]
            if size > MAX_VALUES:
                raise InspectError(
                    f"template data: more than {MAX_VALUES} values (the model's limit)"
                )
            measured[id(value)] = (height, size)
            if frames:
                frames[-1][3] = max(frames[-1][3], height)
                frames[-1][4] += size
            continue
        frame[2] = index + 1
        child = children[index]
        grandchildren = _children(child)
        if grandchildren is None:
            frame[4] += 1
            continue
        key = id(child)
        if key in measured:
            height, size = measured[key]
            if len(frames) + height > MAX_DEPTH:
                raise InspectError(f"template data: nested deeper than {MAX_DEPTH} levels")
            frame[3] = max(frame[3], height)
            frame[4] += size
            continue
        if key in open_ids:
            raise InspectError("template data: a value contains itself")
        if len(frames) >= MAX_DEPTH:
            raise InspectError(f"template data: nested deeper than {MAX_DEPTH} levels")
        open_ids.add(key)
        frames.append([child, grandchildren, 0, 0, 1])


def _fmt(value: Any, nil: str = "[]") -> str:
    """Go's ``fmt`` text; ``nil`` is how a nil prints (typed: a nil slice; raw JSON: ``<nil>``).

    Only for checked documents (:func:`_check_document` bounds the recursion).
    """
    if value is None:
        return nil
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    if isinstance(value, GoText):
        return value.text
    if isinstance(value, GoStruct):
        return "{" + " ".join(_fmt(v, nil) for _, v in value.fields) + "}"
    if isinstance(value, GoMap):
        return "map[" + " ".join(f"{k}:{_fmt(v, nil)}" for k, v in value.sorted_items()) + "]"
    if isinstance(value, dict):
        return "map[" + " ".join(f"{k}:{_fmt(value[k], nil)}" for k in sorted(value)) + "]"
    return "[" + " ".join(_fmt(v, nil) for v in value) + "]"


def _json_ready(value: Any) -> Any:
    if isinstance(value, GoText):
        return value.json
    if isinstance(value, GoStruct):
        names = dict(value.json_names)
        return {names.get(k, k): _json_ready(v) for k, v in value.fields}
    if isinstance(value, GoMap):
        return {k: _json_ready(v) for k, v in sorted(value.items, key=lambda kv: kv[0])}
    if isinstance(value, dict):
        return {k: _json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_ready(v) for v in value]
    return value


def to_json(value: Any) -> Any:
    """The JSON-ready form of a document value (raises :class:`InspectError` for bad data).

    >>> to_json(GoStruct((("HostIP", GoText("invalid IP", "")),), (("HostIP", "HostIp"),)))
    {'HostIp': ''}
    """
    _check_document(value)
    return _json_ready(value)


def go_json(value: Any, indent: int | None = None) -> str:
    """``encoding/json`` text: struct fields in declaration order, map keys sorted, HTML
    characters escaped.

    >>> go_json({"a": "<b>"})
    '{"a":"\\\\u003cb\\\\u003e"}'
    """
    if indent is not None and (
        not isinstance(indent, int) or isinstance(indent, bool) or not 0 <= indent <= 64
    ):
        raise InspectError(f"go_json: indent must be None or 0..64, not {indent!r:.40}")
    separators = (",", ":") if indent is None else (",", ": ")
    ready = to_json(value)
    text = json.dumps(ready, ensure_ascii=False, indent=indent, separators=separators)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# ============================================================================ parsing

_PATH = re.compile(r"\.|(?:\.[A-Za-z_][A-Za-z0-9_]*)+")
_BLANKS = re.compile(r"\s*")
_NEWLINE = re.compile("\n")
_PREFIX = "template parsing error: template: "


class _Path(NamedTuple):
    """``{{[json] .A.B}}``; ``where`` is Go's ``:line:col`` of the node errors name."""

    path: str
    use_json: bool
    where: str
    fields: tuple[str, ...]


class _Range(NamedTuple):
    """``{{range .A.B}} body {{end}}``."""

    path: _Path
    body: tuple[Any, ...]


class _Lines:
    """Line and column of an offset, by bisection over the template's newline offsets."""

    def __init__(self, template: str) -> None:
        self.newlines = [m.start() for m in _NEWLINE.finditer(template)]

    def line(self, offset: int) -> int:
        return bisect.bisect_left(self.newlines, offset) + 1

    def where(self, offset: int) -> str:
        before = bisect.bisect_left(self.newlines, offset)
        column = offset if before == 0 else offset - self.newlines[before - 1] - 1
        return f":{before + 1}:{column}"


def _path_node(lines: _Lines, body: str, offset: int, use_json: bool) -> _Path:
    if not _PATH.fullmatch(body):
        line = lines.line(offset)
        word = body.split(maxsplit=1)[0] if body.split() else body
        if word and word[0].isalpha():
            raise InspectError(f'{_PREFIX}:{line}: function "{word}" not defined')
        raise InspectError(f"{_PREFIX}:{line}: unsupported action {{{{{body}}}}}")
    # Go reports a field chain at its second field (the chain node), a single field at itself.
    second = body.find(".", 1)
    fields = tuple(body.split(".")[1:]) if body != "." else ()
    return _Path(body, use_json, lines.where(offset + (second if second > 0 else 0)), fields)


def _actions(template: str) -> Iterator[tuple[int, int, int, int, bool, bool]]:
    """The actions of ``template``, left to right: ``(start, end, body_start, body_end,
    trim_left, trim_right)``.

    The rule (the one the pattern ``\\{\\{(-\\s)?\\s*(.*?)\\s*(\\s-)?\\}\\}`` states, found
    without backtracking)::

        action     = "{{" , [ "-" , blank ] , { blank } , body , end-marker ;
        body       = the text up to the first "}}" after the opening blanks,
                     less its trailing blanks ;
        end-marker = blank , "-" , "}}"     (trims the text after the action)
                   | "}}" ;

    A ``-`` right before ``}}`` is a trim marker only after a blank inside the action; an
    opening ``{{`` with no ``}}`` after it ends the scan (the caller reports it unclosed).
    Each character is looked at a bounded number of times: linear time.
    """
    size = len(template)
    pos = 0
    while True:
        start = template.find("{{", pos)
        if start < 0:
            return
        body_start = start + 2
        trim_left = (
            body_start + 1 < size
            and template[body_start] == "-"
            and template[body_start + 1].isspace()
        )
        if trim_left:
            body_start += 2
        blanks = _BLANKS.match(template, body_start)
        assert blanks is not None  # \s* always matches
        body_start = blanks.end()
        close = template.find("}}", body_start)
        if close < 0:
            return
        body_end = body_start + len(template[body_start:close].rstrip())
        trim_right = False
        if close - 1 >= body_start and template[close - 1] == "-":
            dash_end = body_start + len(template[body_start : close - 1].rstrip())
            if dash_end < close - 1:
                body_end, trim_right = dash_end, True
        yield start, close + 2, body_start, body_end, trim_left, trim_right
        pos = close + 2


def _parse(template: str) -> tuple[Any, ...]:
    if not isinstance(template, str):
        raise InspectError(f"a template must be text, not {type(template).__name__}")
    if len(template) > MAX_TEMPLATE:
        raise InspectError(
            f"template: {len(template)} characters; the model's limit is {MAX_TEMPLATE}"
        )
    lines = _Lines(template)
    stack: list[tuple[_Path | None, list[Any]]] = [(None, [])]
    pos = 0
    for start, end, offset, body_end, trim_left, trim_right in _actions(template):
        text = template[pos:start]
        if trim_left:
            text = text.rstrip()
        stack[-1][1].append(text)
        body = template[offset:body_end]
        word = body.split(None, 1)[0] if body.strip() else ""
        if word == "end":
            if len(stack) == 1:
                raise InspectError(f"{_PREFIX}:{lines.line(offset)}: unexpected {{{{end}}}}")
            head, nodes = stack.pop()
            assert head is not None
            stack[-1][1].append(_Range(head, tuple(nodes)))
        elif word in ("json", "range"):
            stripped = body[len(word) :].lstrip()
            node = _path_node(lines, stripped, offset + len(body) - len(stripped), word == "json")
            if word == "range":
                stack.append((node, []))
            else:
                stack[-1][1].append(node)
        else:
            stack[-1][1].append(_path_node(lines, body, offset, False))
        pos = end
        if trim_right:
            blanks = _BLANKS.match(template, pos)
            assert blanks is not None
            pos = blanks.end()
    tail = template[pos:]
    line = len(lines.newlines) + 1
    if "{{" in tail:
        raise InspectError(f"{_PREFIX}:{line}: unclosed action")
    if len(stack) > 1:
        raise InspectError(f"{_PREFIX}:{line}: unexpected EOF")
    stack[0][1].append(tail)
    return tuple(stack[0][1])


# ============================================================================ execution


class _Fallback(Exception):
    """The typed execution failed: Docker re-runs the template on the raw JSON."""


def _raw_type(value: Any) -> str:
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "json.Number"  # the CLI decodes with UseNumber
    return "[]interface {}"


def _walk(root: Any, node: _Path, raw: bool) -> Any:
    value = root
    for field in node.fields:
        if not raw:
            if isinstance(value, GoStruct | GoMap):
                found, value = value.get(field)
            else:
                found = False
            if not found:
                raise _Fallback
            continue
        where = f'{_PREFIX}{node.where}: executing "" at <{node.path}>: '
        if isinstance(value, dict):
            if field not in value:
                raise InspectError(f'{where}map has no entry for key "{field}"')
            value = value[field]
        elif value is None:
            raise InspectError(f"{where}nil pointer evaluating interface {{}}.{field}")
        else:
            raise InspectError(f"{where}can't evaluate field {field} in type {_raw_type(value)}")
    return value


def _items(value: Any) -> list[Any]:
    if isinstance(value, GoMap):
        return [v for _, v in value.sorted_items()]
    if isinstance(value, dict):
        return [value[k] for k in sorted(value)]
    if isinstance(value, list | tuple):
        return list(value)
    return []


def _frames(body: tuple[Any, ...], items: list[Any]) -> Iterator[tuple[Any, Any]]:
    """A range's frame: the body's nodes once per element, the element as ``dot``."""
    return ((child, item) for item in items for child in body)


def _execute(nodes: Sequence[Any], root: Any, raw: bool) -> str:
    """Run parsed ``nodes`` on ``root`` with an explicit stack (ranges nest without limit).

    Each frame is an iterator of ``(node, dot)``: a range pushes one frame that yields its
    body's nodes once per element, with the element as ``dot``. Steps count every node run,
    every field walked and every element a range visits; with the characters printed they
    bound the work done (``MAX_STEPS``, ``MAX_OUTPUT``).
    """
    out: list[str] = []
    steps = printed = 0
    stack: list[Iterator[tuple[Any, Any]]] = [((node, root) for node in nodes)]
    while stack:
        step = next(stack[-1], None)
        if step is None:
            stack.pop()
            continue
        node, dot = step
        steps += 1
        if isinstance(node, str):
            piece = node
        elif isinstance(node, _Range):
            items = _items(_walk(dot, node.path, raw))
            steps += len(node.path.fields) + len(items)
            stack.append(_frames(node.body, items))
            piece = ""
        else:
            steps += len(node.fields)
            value = _walk(dot, node, raw)
            piece = go_json(value) if node.use_json else _fmt(value, "<nil>" if raw else "[]")
        printed += len(piece)
        if steps > MAX_STEPS:
            raise InspectError(
                f"template: execution stopped after {MAX_STEPS} steps (the model's limit)"
            )
        if printed > MAX_OUTPUT:
            raise InspectError(
                f"template: output longer than {MAX_OUTPUT} characters (the model's limit)"
            )
        out.append(piece)
    return "".join(out)


@attrs.frozen
class Template:
    """A parsed ``docker inspect -f`` template; ``render`` runs it on one document.

    Parsing once and rendering per container is what ``docker inspect -f T A B C`` does.

    >>> Template("{{.Name}}").render(GoStruct((("Name", "/web"),)))
    '/web'
    """

    text: str
    _nodes: tuple[Any, ...] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_nodes", _parse(self.text))

    def render(self, document: Any) -> str:
        """Execute the template on ``document`` as the docker CLI does (see
        :func:`render_template`)."""
        _check_document(document)
        try:
            return _execute(self._nodes, document, False)
        except _Fallback:
            return _execute(self._nodes, _json_ready(document), True)


def check_template(template: str) -> None:
    """Raise the parse error of ``template``, if any (``template parsing error: ...``)."""
    _parse(template)


def render_template(template: str, document: Any) -> str:
    """Execute ``template`` on one inspect document as the docker CLI does.

    The template runs on the typed document first; when that fails (a field the API types do
    not have), it runs again on the raw JSON with ``missingkey=error``, so a missing key is an
    error, as with the docker CLI.

    >>> doc = GoStruct((("Name", "/web"), ("HostConfig", GoStruct((("Links", ["/db:/web/db"]),)))))
    >>> render_template("{{ .HostConfig.Links }}", doc)
    '[/db:/web/db]'
    >>> render_template("{{range .HostConfig.Links}}{{.}};{{end}}", doc)
    '/db:/web/db;'
    >>> render_template('{{json .HostConfig}}', doc)
    '{"Links":["/db:/web/db"]}'
    >>> render_template("{{.Name}} {{.Nope}}", doc)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    dockerlinks.errors.InspectError: ... :1:12: executing "" at <.Nope>: map has no entry ...
    """
    return Template(template).render(document)
