"""``docker inspect -f``: a subset of Go's text/template over the inspect document.

Grammar (the subset; anything else is refused with ``template parsing error: ...``)::

    template = { text | action } ;
    action   = "{{" , [ "-" ] , ws , [ "json" , ws ] , path , ws , [ "-" ] , "}}" ;
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
    missing field             the CLI re-runs the template on   <no value>
                              the raw JSON: a missing key
                              prints <no value>

``json .X`` prints the value as ``encoding/json`` does (object keys sorted, ``<``, ``>``,
``&`` escaped). Profile differences live in the document (:mod:`dockerlinks.engine.inspect`):
modern port keys sort numerically (``80/tcp`` before ``443/tcp``) and an empty ``HostIp``
prints ``invalid IP`` (moby API v29 types); classic keys sort as strings.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from dockerlinks.errors import InspectError

__all__ = ["GoMap", "GoStruct", "GoText", "render_template"]


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
    nil: bool = False


@attrs.frozen
class GoText:
    """A value whose ``String()`` differs from its JSON text (``netip.Addr``)."""

    text: str
    json: str


def _fmt(value: Any, depth: int = 0) -> str:
    if value is None:  # the model's nil values are nil slices
        return "[]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, GoText):
        return value.text
    if isinstance(value, GoStruct):
        return "{" + " ".join(_fmt(v, depth + 1) for _, v in value.fields) + "}"
    if isinstance(value, GoMap):
        keys = sorted(value.items, key=lambda kv: value.sort_key(kv[0]))
        return "map[" + " ".join(f"{k}:{_fmt(v, depth + 1)}" for k, v in keys) + "]"
    if isinstance(value, dict):
        return "map[" + " ".join(f"{k}:{_fmt(value[k], depth + 1)}" for k in sorted(value)) + "]"
    if isinstance(value, list | tuple):
        return "[" + " ".join(_fmt(v, depth + 1) for v in value) + "]"
    return str(value)


def to_json(value: Any) -> Any:
    """The JSON-ready form of a document value."""
    if isinstance(value, GoText):
        return value.json
    if isinstance(value, GoStruct):
        names = dict(value.json_names)
        return {names.get(k, k): to_json(v) for k, v in value.fields}
    if isinstance(value, GoMap):
        if value.nil:
            return None
        return {k: to_json(v) for k, v in value.items}
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    return value


def go_json(value: Any, indent: int | None = None) -> str:
    """``encoding/json`` text: sorted keys, HTML characters escaped."""
    text = json.dumps(to_json(value), sort_keys=True, ensure_ascii=False, indent=indent)
    if indent is None:
        text = json.dumps(to_json(value), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


_ACTION = re.compile(r"\{\{(-\s)?\s*(.*?)\s*(\s-)?\}\}", re.S)
_PATH = re.compile(r"\.|(?:\.[A-Za-z_][A-Za-z0-9_]*)+")
_MISSING = object()


def _parse(template: str) -> list[tuple[str, str, bool]]:
    parts: list[tuple[str, str, bool]] = []
    pos = 0
    for match in _ACTION.finditer(template):
        text = template[pos : match.start()]
        if match.group(1) and parts is not None:
            text = text.rstrip()
        parts.append(("text", text, False))
        body = match.group(2)
        use_json = False
        if body.startswith(("json ", "json\t")):
            use_json, body = True, body[5:].strip()
        if not _PATH.fullmatch(body):
            word = body.split()[0] if body.split() else body
            if word and word[0].isalpha():
                raise InspectError(
                    f'template parsing error: template: :1: function "{word}" not defined'
                )
            raise InspectError(
                f"template parsing error: template: :1: unsupported action {{{{{body}}}}}"
            )
        parts.append(("path", body, use_json))
        pos = match.end()
        if match.group(3):
            rest = template[pos:]
            pos += len(rest) - len(rest.lstrip())
    tail = template[pos:]
    if "{{" in tail:
        raise InspectError("template parsing error: template: :1: unclosed action")
    parts.append(("text", tail, False))
    return parts


def _walk(root: Any, path: str) -> Any:
    value = root
    if path == ".":
        return value
    for field in path.split(".")[1:]:
        if isinstance(value, GoStruct):
            found, value = value.get(field)
            if not found:
                return _MISSING
        elif isinstance(value, GoMap):
            value = dict(value.items).get(field, None)
        elif isinstance(value, dict):
            value = value.get(field, _MISSING_RAW)
            if value is _MISSING_RAW:
                return _MISSING_RAW
        elif value is _MISSING_RAW:
            return _MISSING_RAW
        else:
            raise InspectError(
                f'template: :1:2: executing "" at <{path}>: can\'t evaluate field {field} '
                f"in type {_go_type(value)}"
            )
    return value


_MISSING_RAW = object()


def _go_type(value: Any) -> str:
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "float64"
    if isinstance(value, list | tuple):
        return "[]interface {}"
    return "interface {}"


def render_template(template: str, document: Any) -> str:
    """Execute ``template`` on one inspect document (typed first, then raw JSON).

    >>> doc = GoStruct((("Name", "/web"), ("HostConfig", GoStruct((("Links", ["/db:/web/db"]),)))))
    >>> render_template("{{ .HostConfig.Links }}", doc)
    '[/db:/web/db]'
    >>> render_template("{{.Name}} {{.Nope}}", doc)
    '/web <no value>'
    >>> render_template('{{json .HostConfig}}', doc)
    '{"Links":["/db:/web/db"]}'
    """
    parts = _parse(template)
    try:
        return _execute(parts, document)
    except _Fallback:
        raw = json.loads(go_json(document).replace("\\u003c", "<").replace("\\u003e", ">"))
        return _execute(parts, raw, raw_mode=True)


class _Fallback(Exception):
    pass


def _execute(parts: Sequence[tuple[str, str, bool]], root: Any, raw_mode: bool = False) -> str:
    out: list[str] = []
    for kind, body, use_json in parts:
        if kind == "text":
            out.append(body)
            continue
        value = _walk(root, body)
        if value is _MISSING:
            raise _Fallback
        if value is _MISSING_RAW:
            out.append("null" if use_json else "<no value>")
            continue
        if use_json:
            out.append(go_json(value))
        elif raw_mode and value is None:
            out.append("<nil>")
        else:
            out.append(_fmt(value))
    return "".join(out)
