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
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import attrs

from dockerlinks.errors import InspectError

__all__ = ["GoMap", "GoStruct", "GoText", "check_template", "go_json", "render_template"]


@attrs.frozen
class GoStruct:
    """A Go struct: ordered (field, value) pairs; ``json_names`` maps fields to JSON keys."""

    fields: tuple[tuple[str, Any], ...]
    json_names: tuple[tuple[str, str], ...] = ()

    def get(self, name: str) -> tuple[bool, Any]:
        for key, value in self.fields:
            if key == name:
                return True, value
        return False, None


@attrs.frozen
class GoMap:
    """A Go map; ``sort_key`` orders keys as ``fmt`` does for the key type."""

    items: tuple[tuple[str, Any], ...]
    sort_key: Callable[[str], Any] = str


@attrs.frozen
class GoText:
    """A value whose ``String()`` differs from its JSON text (``netip.Addr``)."""

    text: str
    json: str


def _fmt(value: Any, nil: str = "[]") -> str:
    """Go's ``fmt`` text; ``nil`` is how a nil prints (typed: a nil slice; raw JSON: ``<nil>``)."""
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
        keys = sorted(value.items, key=lambda kv: value.sort_key(kv[0]))
        return "map[" + " ".join(f"{k}:{_fmt(v, nil)}" for k, v in keys) + "]"
    if isinstance(value, dict):
        return "map[" + " ".join(f"{k}:{_fmt(value[k], nil)}" for k in sorted(value)) + "]"
    return "[" + " ".join(_fmt(v, nil) for v in value) + "]"


def to_json(value: Any) -> Any:
    """The JSON-ready form of a document value."""
    if isinstance(value, GoText):
        return value.json
    if isinstance(value, GoStruct):
        names = dict(value.json_names)
        return {names.get(k, k): to_json(v) for k, v in value.fields}
    if isinstance(value, GoMap):
        return {k: to_json(v) for k, v in sorted(value.items, key=lambda kv: kv[0])}
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    return value


def go_json(value: Any, indent: int | None = None) -> str:
    """``encoding/json`` text: struct fields in declaration order, map keys sorted, HTML
    characters escaped."""
    import json  # only json output needs it: keep it off the start-up path

    separators = (",", ":") if indent is None else (",", ": ")
    text = json.dumps(to_json(value), ensure_ascii=False, indent=indent, separators=separators)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


_ACTION = re.compile(r"\{\{(-\s)?\s*(.*?)\s*(\s-)?\}\}", re.S)
_PATH = re.compile(r"\.|(?:\.[A-Za-z_][A-Za-z0-9_]*)+")
_PREFIX = "template parsing error: template: "


class _Path(NamedTuple):
    """``{{[json] .A.B}}``; ``where`` is Go's ``:line:col`` of the node errors name."""

    path: str
    use_json: bool
    where: str


class _Range(NamedTuple):
    """``{{range .A.B}} body {{end}}``."""

    path: _Path
    body: tuple[Any, ...]


def _where(template: str, offset: int) -> str:
    before = template[:offset]
    newline = before.rfind("\n")
    column = offset if newline < 0 else offset - newline - 1
    return f":{before.count(chr(10)) + 1}:{column}"


def _path_node(template: str, body: str, offset: int, use_json: bool) -> _Path:
    line = template[:offset].count("\n") + 1
    if not _PATH.fullmatch(body):
        word = body.split(maxsplit=1)[0] if body.split() else body
        if word and word[0].isalpha():
            raise InspectError(f'{_PREFIX}:{line}: function "{word}" not defined')
        raise InspectError(f"{_PREFIX}:{line}: unsupported action {{{{{body}}}}}")
    # Go reports a field chain at its second field (the chain node), a single field at itself.
    second = body.find(".", 1)
    return _Path(body, use_json, _where(template, offset + (second if second > 0 else 0)))


def _parse(template: str) -> tuple[Any, ...]:
    stack: list[tuple[_Path | None, list[Any]]] = [(None, [])]
    pos = 0
    for match in _ACTION.finditer(template):
        text = template[pos : match.start()]
        if match.group(1):
            text = text.rstrip()
        stack[-1][1].append(text)
        body, offset = match.group(2), match.start(2)
        line = template[:offset].count("\n") + 1
        word = body.split(None, 1)[0] if body.strip() else ""
        if word == "end":
            if len(stack) == 1:
                raise InspectError(f"{_PREFIX}:{line}: unexpected {{{{end}}}}")
            head, nodes = stack.pop()
            assert head is not None
            stack[-1][1].append(_Range(head, tuple(nodes)))
        elif word in ("json", "range"):
            rest = body[len(word) :]
            stripped = rest.lstrip()
            node = _path_node(
                template, stripped, offset + len(body) - len(stripped), word == "json"
            )
            if word == "range":
                stack.append((node, []))
            else:
                stack[-1][1].append(node)
        else:
            stack[-1][1].append(_path_node(template, body, offset, False))
        pos = match.end()
        if match.group(3):
            rest = template[pos:]
            pos += len(rest) - len(rest.lstrip())
    tail = template[pos:]
    line = template.count("\n") + 1
    if "{{" in tail:
        raise InspectError(f"{_PREFIX}:{line}: unclosed action")
    if len(stack) > 1:
        raise InspectError(f"{_PREFIX}:{line}: unexpected EOF")
    stack[0][1].append(tail)
    return tuple(stack[0][1])


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
    for field in node.path.split(".")[1:] if node.path != "." else ():
        if not raw:
            if isinstance(value, GoStruct):
                found, value = value.get(field)
            else:
                found = isinstance(value, GoMap)
                if found:
                    found, value = GoStruct(value.items).get(field)
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
        return [v for _, v in sorted(value.items, key=lambda kv: value.sort_key(kv[0]))]
    if isinstance(value, dict):
        return [value[k] for k in sorted(value)]
    if isinstance(value, list | tuple):
        return list(value)
    return []


def _execute(nodes: Sequence[Any], root: Any, raw: bool, out: list[str]) -> None:
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, _Range):
            for item in _items(_walk(root, node.path, raw)):
                _execute(node.body, item, raw, out)
        else:
            value = _walk(root, node, raw)
            if node.use_json:
                out.append(go_json(value))
            else:
                out.append(_fmt(value, "<nil>" if raw else "[]"))


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
    nodes = _parse(template)
    out: list[str] = []
    try:
        _execute(nodes, document, False, out)
    except _Fallback:
        out = []
        _execute(nodes, to_json(document), True, out)
    return "".join(out)
