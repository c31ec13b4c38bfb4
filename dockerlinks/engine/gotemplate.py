"""Go's ``text/template`` as the docker CLI runs it: ``docker inspect -f``, ``docker ps
--format``, ``docker network inspect -f``.

What lives here: Go 1.19's template lexer, parser and executor (``text/template`` and
``text/template/parse``), the builtin functions, ``fmt``'s printing of values (``Sprint``,
``Sprintln``, ``Sprintf`` with its verbs and flags), ``encoding/json``'s encoding, the
functions the docker CLI adds (docker/cli ``templates/templates.go``) and the CLI's way of
running an inspect template (docker/cli ``cli/command/inspect/inspector.go``): on the typed
value first, and when that fails, again on the raw JSON (decoded with ``UseNumber``) with
``missingkey=error``. Every answer is checked against Go's own
(``tests/data/gotemplate/answers.json``, recorded by ``tests/data/gotemplate/record.go``).
The grammar is in :class:`_Parser`'s docstring.

Documents (what ``render`` and ``execute`` take) are Python values standing for Go values::

    value                     Go value                           prints (%v)
    ------------------------  ---------------------------------  --------------------------
    str, int, float, bool     string, int, float64, bool         as fmt prints them: 1.5,
                                                                 1e+06, true
    list / tuple              a slice ([]T from the first        [a b c]
                              element; in a dict: []interface{})
    None                      a nil slice (in a dict: nil)       [] (in a dict: <no value>)
    dict                      map[string]interface {}            map[k:v k:v], keys sorted
    GoStruct                  a struct (type_name "*T": a        {a b}; nested pointers as
                              pointer to one), embedded fields,  an address
                              json tags, methods
    GoMap                     a map of any key order, key and    map[k:v]
                              element type
    GoText                    netip.Addr, time.Time: String()    its text
                              and JSON differ
    GoValue                   a named type, or a typed nil       per its type
    GoMethod                  a method (GoStruct.methods)        called as {{.Label "k"}}

Values print as Go's ``fmt`` prints them (``%v`` is what ``{{.X}}`` writes): maps sorted by
key, ``<no value>`` for a missing key (``missingkey=default``), ``<nil>`` for nil inside a
value. Go prints a pointer nested in a value as its address (``map[bridge:0xc0004039a0]``),
which differs from run to run; the model prints :data:`POINTER_TEXT`.

Functions::

    and or not len index slice eq ne lt le gt ge print printf println html js urlquery
    call                                          Go's builtins, Go's argument rules and errors
    json                                          the CLI's: encoding/json without HTML
                                                  escaping, white space trimmed
    split join title lower upper pad truncate     the CLI's (join: strings.Join, or any slice
                                                  or map since v29.2.0: Template(join=...))

Errors are Go's texts with the CLI's :data:`CLI_PREFIX` (``template parsing error:
template: :1: unclosed action``, ``... :1:2: executing "" at <.X>: map has no entry for key
"X"``); Go's own text is what follows the prefix. Positions are Go's (line, and byte column
for execution errors). An error carries the template and the span of the node it names.

Go versions: Go 1.19 is the oracle (docker/cli v20.10.24 is built with Go 1.19.7, its
``Dockerfile``). Later CLIs run later Go (v28.2.2: Go 1.24.3): range over an integer (Go
1.22) and ``{{else with}}`` (Go 1.23) are refused here, as Go 1.19 refuses them; a ``json``
value that cannot be encoded is an error (CLI v28; v20.10 printed nothing).

What the model does not do (Go does): call methods of Go library values (``time.Time``'s
``.Year``; a :class:`GoText` has only its text), print a pointer's real address, print the
private fields of a :class:`GoText` for verbs that do not use ``String()`` (``%d``: the
model prints ``%!d(T=text)``), give decoded JSON arrays longer than 256 elements their
spare capacity (``slice`` past the length), use Unicode tables other than Python's.

Limits (the model's, not Go's; each refusal is one :class:`~dockerlinks.errors.InspectError`
line)::

    what                                   limit
    -------------------------------------  ------------------------------------------
    template text                          1,048,576 characters
    parentheses in an action               50 levels (blocks nest without limit)
    document nesting                       100 levels
    document size                          4,194,304 values as printed (a shared value
                                           counts each time it is reached)
    values in a document                   None, bool, int, float, str, GoText, GoValue,
                                           GoMethod, GoStruct, GoMap, dict (str keys),
                                           list, tuple; no value inside itself
    integers in a document                 -2**63 .. 2**64 - 1 (Go's int64 / uint64)
    one execution                          4,194,304 steps (actions, commands, fields,
                                           elements ranged over)
    output of one execution                33,554,432 characters
    template calls                         100,000 deep (Go's own limit)

Lexing is one left-to-right scan (``str.find`` and anchored patterns that cannot
backtrack), parsing keeps Go's three-token look-ahead and nests blocks on an explicit stack,
variables are found through per-name stacks, and execution walks an explicit stack: the
time is linear in the template plus the output, whatever the nesting.

This module knows Go's template, printing and JSON rules only; it does not know containers
(documents come from :mod:`dockerlinks.engine.inspect` and the CLI layer) or the docker
CLI's output layout (``table``, the ``\\t`` the ps formatter turns into a tab).
"""

from __future__ import annotations

import bisect
import functools
import json
import math
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any, NamedTuple

import attrs

from dockerlinks._args import shown
from dockerlinks._go import quote, to_lower, to_upper
from dockerlinks.errors import InspectError

__all__ = [
    "CLI_PREFIX",
    "MAX_DEPTH",
    "MAX_NESTING",
    "MAX_OUTPUT",
    "MAX_STEPS",
    "MAX_TEMPLATE",
    "MAX_VALUES",
    "POINTER_TEXT",
    "GoMap",
    "GoMethod",
    "GoStruct",
    "GoText",
    "GoValue",
    "Template",
    "check_template",
    "go_json",
    "render_template",
    "to_json",
]

MAX_TEMPLATE = 1 << 20
MAX_DEPTH = 100
MAX_NESTING = 50
MAX_VALUES = 1 << 22
MAX_STEPS = 1 << 22
MAX_OUTPUT = 1 << 25
_INT_RANGE = (-(1 << 63), (1 << 64) - 1)

#: What the docker CLI puts before Go's own error text (docker/cli
#: ``cli/command/inspect/inspector.go`` and ``cli/command/formatter/formatter.go``).
CLI_PREFIX = "template parsing error: "

#: Go prints a pointer nested in a value as its address, which differs from run to run;
#: the model prints this one.
POINTER_TEXT = "0xc000010000"


# ============================================================================ documents


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


def _names(kind: str) -> Callable[[Any, Any, Any], None]:
    def check(instance: Any, attribute: Any, value: Any) -> None:
        if not isinstance(value, tuple) or not all(isinstance(v, str) for v in value):
            raise InspectError(f"{kind}: expected a tuple of names, got {type(value).__name__}")

    return check


def _callable(kind: str) -> Callable[[Any, Any, Any], None]:
    def check(instance: Any, attribute: Any, value: Any) -> None:
        if not callable(value):
            raise InspectError(f"{kind}: expected a callable, got {type(value).__name__}")

    return check


def _first_index(pairs: tuple[tuple[str, Any], ...]) -> dict[str, Any]:
    """Name -> value of the first pair with that name (lookups in constant time)."""
    index: dict[str, Any] = {}
    for key, value in pairs:
        index.setdefault(key, value)
    return index


@attrs.frozen
class GoMethod:
    """A Go method of a :class:`GoStruct`: its parameter and result types (Go type text such
    as ``"string"`` or ``"int"``) and a pure function computing the result (a document value)
    from the arguments (``str``, ``int``, ``float``, ``bool``, or document values for other
    types). A template calls it as ``{{.Label "com.example"}}``."""

    params: tuple[str, ...] = attrs.field(validator=_names("GoMethod.params"))
    result: str = attrs.field(validator=_text("GoMethod.result"))
    function: Callable[..., Any] = attrs.field(validator=_callable("GoMethod.function"))


@attrs.frozen
class GoStruct:
    """A Go struct: ordered (field, value) pairs.

    ``json_names`` maps fields to their ``json`` tags (``"HostIp"``, ``",omitempty"``,
    ``"Health,omitempty"``, ``"-"``); ``type_name`` is the Go type as ``reflect`` prints it
    (``"types.ContainerJSON"``, or ``"*types.ContainerState"`` for a pointer to the struct),
    used in Go's messages and by ``%T``; ``embedded`` names the fields that are embedded
    (their fields are promoted, ``json`` inlines them); ``methods`` are the methods a template
    can call (found before fields, never printed).
    """

    fields: tuple[tuple[str, Any], ...] = attrs.field(validator=_pairs("GoStruct.fields"))
    json_names: tuple[tuple[str, str], ...] = attrs.field(
        default=(), validator=_pairs("GoStruct.json_names", str)
    )
    type_name: str = attrs.field(default="", validator=_text("GoStruct.type_name"))
    embedded: tuple[str, ...] = attrs.field(default=(), validator=_names("GoStruct.embedded"))
    methods: tuple[tuple[str, GoMethod], ...] = attrs.field(
        default=(), validator=_pairs("GoStruct.methods", GoMethod)
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
    """A Go map; ``sort_key`` orders keys as ``fmt`` does for the key type.

    ``type_name`` is the map's Go type (``"nat.PortMap"``; default ``map[K]V``), ``key_type``
    its key type: a template's ``.name`` finds a key only when it is ``string`` (``nat.Port``
    keys are not found that way, and ``index`` refuses a string for them, as Go does).
    ``elem_type`` is the element type, for the zero value ``index`` returns for a missing key
    (default: the type of the first element, else ``interface {}``).
    """

    items: tuple[tuple[str, Any], ...] = attrs.field(validator=_pairs("GoMap.items"))
    sort_key: Callable[[str], Any] = attrs.field(default=str, validator=_callable("GoMap.sort_key"))
    type_name: str = attrs.field(default="", validator=_text("GoMap.type_name"))
    key_type: str = attrs.field(default="string", validator=_text("GoMap.key_type"))
    elem_type: str = attrs.field(default="", validator=_text("GoMap.elem_type"))
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
    """A value whose ``String()`` differs from its JSON text (``netip.Addr``, ``time.Time``).

    ``text`` is what ``fmt`` prints, ``json`` the JSON string ``encoding/json`` writes.
    """

    text: str = attrs.field(validator=_text("GoText.text"))
    json: str = attrs.field(validator=_text("GoText.json"))
    type_name: str = attrs.field(default="netip.Addr", validator=_text("GoText.type_name"))


@attrs.frozen
class GoValue:
    """A document value with an explicit Go type, where the Python value does not say it.

    A named type (``GoValue("bridge", "container.NetworkMode")``, ``GoValue(["sh"],
    "strslice.StrSlice")``), or a typed nil: ``GoValue(None, "map[string]string")`` prints
    ``map[]``, ``GoValue(None, "*types.Health", field_names=("Status",))`` is a nil pointer
    whose struct has those fields (``{{.State.Health.Status}}`` is then Go's ``nil pointer
    evaluating *types.Health.Status``, ``.Nope`` a ``can't evaluate field``). ``underlying``
    is the type's underlying type where the value cannot tell it (a nil of a named type).
    """

    value: Any
    type_name: str = attrs.field(validator=_text("GoValue.type_name"))
    underlying: str = attrs.field(default="", validator=_text("GoValue.underlying"))
    field_names: tuple[str, ...] = attrs.field(default=(), validator=_names("GoValue.field_names"))


class _Num(str):
    """A JSON number as the CLI's raw retry decodes it (``json.Number``: its text)."""

    __slots__ = ()


# ============================================================================ checks

_SCALARS = (str, bool, float, GoText, GoMethod)


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
    if isinstance(value, GoValue):
        if isinstance(value.value, GoValue):
            raise InspectError("template data: a GoValue inside a GoValue")
        return [value.value]
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


# ============================================================================ Go types


class _Type:
    """A Go type as far as templates see it: kind, name (``reflect.Type.String``; computed
    when first asked for, as an anonymous struct's name spells out its fields), the
    underlying type's name (assignability), element and key types, and whether the type has a
    ``String`` method (``fmt`` prints that)."""

    __slots__ = ("_name", "_namer", "_under", "elem", "key", "kind", "named", "stringer")
    _under: str | Callable[[], str]

    def __init__(
        self,
        kind: str,
        name: str | Callable[[], str],
        *,
        elem: _Type | None = None,
        key: _Type | None = None,
        named: bool = False,
        under: str | Callable[[], str] = "",
        stringer: bool = False,
    ) -> None:
        self.kind = kind
        if isinstance(name, str):
            self._name: str | None = name
            self._namer: Callable[[], str] | None = None
        else:
            self._name = None
            self._namer = name
        self.elem = elem
        self.key = key
        self.named = named
        self._under = under
        self.stringer = stringer

    @property
    def name(self) -> str:
        if self._name is None:
            assert self._namer is not None
            self._name = self._namer()
        return self._name

    @property
    def under(self) -> str:
        if callable(self._under):
            self._under = self._under()
        return self._under or self.name

    def __repr__(self) -> str:
        return f"<Go type {self.name}>"


_BASIC_KINDS = {
    "bool": "bool",
    "string": "string",
    "int": "int",
    "int8": "int",
    "int16": "int",
    "int32": "int",
    "int64": "int",
    "rune": "int",
    "uint": "uint",
    "uint8": "uint",
    "byte": "uint",
    "uint16": "uint",
    "uint32": "uint",
    "uint64": "uint",
    "uintptr": "uint",
    "float32": "float",
    "float64": "float",
    "complex64": "complex",
    "complex128": "complex",
}
_ALIASES = {"byte": "uint8", "rune": "int32", "any": "interface {}"}
#: Named types of the standard library whose String method fmt uses.
_STRINGERS = frozenset({"json.Number", "netip.Addr", "time.Time", "time.Duration"})


def _split_map(text: str) -> tuple[str, str] | None:
    """``map[K]V`` -> (K, V) by bracket matching."""
    depth = 0
    for i in range(4, len(text)):
        char = text[i]
        if char == "[":
            depth += 1
        elif char == "]":
            if depth == 0:
                return text[4:i], text[i + 1 :]
            depth -= 1
    return None


@functools.lru_cache(maxsize=512)
def _go_type(text: str, under: str = "") -> _Type:
    """The type called ``text`` (``[]string``, ``map[string]interface {}``, ``*types.Health``,
    ``nat.Port``); ``under`` is the underlying type of a named type (else guessed: string)."""
    text = _ALIASES.get(text, text)
    if len(text) > 300 or len(under) > 300:
        raise InspectError("template data: a Go type name longer than 300 characters")
    if text == "interface {}":
        return _Type("interface", text)
    if text in _BASIC_KINDS:
        return _Type(_BASIC_KINDS[text], text, named=True)
    if text.startswith("[]"):
        return _Type("slice", text, elem=_go_type(text[2:]))
    if text.startswith("*"):
        return _Type("ptr", text, elem=_go_type(text[1:], "struct {}"))
    if text.startswith("map["):
        parts = _split_map(text)
        if parts is None or not parts[0] or not parts[1]:
            raise InspectError(f"template data: not a Go type: {text!r:.60}")
        return _Type("map", text, key=_go_type(parts[0]), elem=_go_type(parts[1]))
    if text.startswith(("struct {", "func(")):
        return _Type("struct" if text[0] == "s" else "func", text)
    if not text or not re.fullmatch(r"[A-Za-z_][\w.]*", text):
        raise InspectError(f"template data: not a Go type: {text!r:.60}")
    base = _go_type(under) if under else _Type("string", "string", named=True)
    return _Type(
        base.kind,
        text,
        elem=base.elem,
        key=base.key,
        named=True,
        under=base.under,
        stringer=text in _STRINGERS,
    )


_T_INTERFACE = _go_type("interface {}")
_T_BOOL = _go_type("bool")
_T_INT = _go_type("int")
_T_UINT8 = _go_type("uint8")
_T_FLOAT = _go_type("float64")
_T_COMPLEX = _go_type("complex128")
_T_STRING = _go_type("string")
_T_STRINGS = _go_type("[]string")
_T_NUMBER = _Type("string", "json.Number", named=True, under="string", stringer=True)
_T_RAW_MAP = _go_type("map[string]interface {}")
_T_RAW_SLICE = _go_type("[]interface {}")
#: reflect.Value: the parameter type of the builtins that take any value as it is.
_T_VALUE = _Type("value", "reflect.Value", named=True)


def _assignable(value: _Type, target: _Type) -> bool:
    """Go's assignability of a value of type ``value`` to ``target`` (the cases templates meet)."""
    if target.kind == "interface" or value is target:
        return True
    if value.kind != target.kind:
        return False  # identical underlying types have the same kind
    if value.name == target.name:
        return True
    return (not value.named or not target.named) and value.under == target.under


# ============================================================================ runtime values


class _Slice:
    """A slice: ``length`` elements of ``items`` from ``start``, room for ``cap`` (elements
    past ``len(items)`` are the element type's zero value)."""

    __slots__ = ("cap", "items", "length", "start")

    def __init__(self, items: Sequence[Any], start: int, length: int, cap: int) -> None:
        self.items = items
        self.start = start
        self.length = length
        self.cap = cap

    def payload(self, i: int) -> tuple[bool, Any]:
        """(True, the document value) of element ``i``, or (False, None) past the data."""
        j = self.start + i
        if j < len(self.items):
            return True, self.items[j]
        return False, None


class _V:
    """A ``reflect.Value``: a Go type and a payload.

    Payloads by kind: scalars as Python values; slice: a :class:`_Slice` (``None`` when
    nil); map: a :class:`GoMap` or ``dict`` (``None`` when nil); struct: a :class:`GoStruct`
    or :class:`GoText`; ptr: the pointed-to :class:`GoStruct` (``None`` when nil);
    interface: the dynamic document value (``None`` when nil); func: a bound method.
    ``raw`` says the value comes from decoded JSON (its lists hold ``interface {}``).
    """

    __slots__ = ("raw", "t", "v")

    def __init__(self, t: _Type, v: Any, raw: bool = False) -> None:
        self.t = t
        self.v = v
        self.raw = raw

    def __repr__(self) -> str:
        return f"<{self.t.name} {self.v!r:.40}>"


_INVALID = _V(_Type("invalid", "<invalid>"), None)


def _typed_cap(n: int) -> int:
    """The capacity encoding/json gives a typed slice of ``n`` elements (grows by half, from 4)."""
    if n == 0:
        return 0
    cap = 4
    while cap < n:
        cap += cap // 2
    return cap


def _raw_cap(n: int) -> int:
    """The capacity encoding/json gives an ``[]interface {}`` of ``n`` elements (``append``:
    doubling up to 256; past that the model keeps the length)."""
    if n == 0 or n > 256:
        return n
    return 1 << (n - 1).bit_length()


def _struct_name(value: GoStruct) -> str:
    """``reflect`` 's name of an anonymous struct type: ``struct { Name string; N int }``."""
    if not value.fields:
        return "struct {}"
    parts = "; ".join(f"{k} {_static(v).t.name}" for k, v in value.fields)
    return f"struct {{ {parts} }}"


def _map_type(value: GoMap) -> _Type:
    if value.elem_type:
        elem = _go_type(value.elem_type)
    elif value.items:
        elem = _static(value.items[0][1]).t
    else:
        elem = _T_INTERFACE
    key = _go_type(value.key_type)
    if value.type_name:
        named = not value.type_name.startswith(("map[", "struct {"))
        return _Type(
            "map",
            value.type_name,
            elem=elem,
            key=key,
            named=named,
            under=(lambda: f"map[{key.name}]{elem.name}") if named else "",
        )
    return _Type("map", lambda: f"map[{key.name}]{elem.name}", elem=elem, key=key)


def _list_type(items: Sequence[Any]) -> _Type:
    """A typed list's slice type: ``[]`` and its first element's type."""
    if not items:
        return _T_STRINGS
    if not _known(items[0]):
        return _T_RAW_SLICE
    elem = _static(items[0]).t
    if elem._name is not None:
        return _go_type("[]" + elem._name)
    return _Type("slice", lambda: "[]" + elem.name, elem=elem)


def _known(value: Any) -> bool:
    return value is not None and not isinstance(value, dict | list | tuple)


def _static(p: Any) -> _V:
    """The value of a typed slot (a struct field, a map element) holding document value ``p``."""
    if isinstance(p, GoValue):
        return _of_go_value(p)
    if p is None:
        return _V(_T_STRINGS, None)  # the model's default typed nil: a nil slice
    if isinstance(p, list | tuple):
        return _V(_list_type(p), _Slice(p, 0, len(p), _typed_cap(len(p))))
    return _dynamic(p)


def _dynamic(p: Any, raw: bool = False) -> _V:
    """The value of document value ``p`` held in an ``interface {}`` (``p`` is not ``None``)."""
    if isinstance(p, bool):
        return _V(_T_BOOL, p)
    if isinstance(p, _Num):
        return _V(_T_NUMBER, p)
    if isinstance(p, str):
        return _V(_T_STRING, p)
    if isinstance(p, int):
        return _V(_T_INT, p)
    if isinstance(p, float):
        return _V(_T_FLOAT, p)
    if isinstance(p, dict):
        return _V(_T_RAW_MAP, p, True)
    if isinstance(p, list | tuple):
        return _V(_T_RAW_SLICE, _Slice(p, 0, len(p), _raw_cap(len(p))), True)
    if isinstance(p, GoStruct):
        name: str | Callable[[], str] = p.type_name.lstrip("*") or (lambda: _struct_name(p))
        struct = _Type("struct", name, named=bool(p.type_name))
        if p.type_name.startswith("*"):
            return _V(_Type("ptr", p.type_name, elem=struct), p)
        return _V(struct, p)
    if isinstance(p, GoMap):
        return _V(_map_type(p), p)
    if isinstance(p, GoText):
        return _V(_Type("struct", p.type_name, named=True, stringer=True), p)
    if isinstance(p, GoValue):
        return _of_go_value(p)
    if isinstance(p, GoMethod):
        return _V(_Type("func", "func(" + ", ".join(p.params) + ") " + p.result), p)
    raise InspectError(f"template data: unsupported value of type {type(p).__name__}")


def _of_go_value(p: GoValue) -> _V:
    t = _go_type(p.type_name, p.underlying or _guess_under(p))
    value = p.value
    if t.kind == "interface":
        return _V(t, value)
    if value is None:
        if t.kind not in ("slice", "map", "ptr", "func", "interface"):
            raise InspectError(f"template data: {t.name} cannot be nil")
        return _V(t, p) if t.kind == "ptr" else _V(t, None)
    inner = _static(value)
    if inner.t.kind != t.kind and not (t.kind == "ptr" and isinstance(value, GoStruct)):
        raise InspectError(f"template data: a {type(value).__name__} is not a {t.name}")
    if t.kind == "ptr":
        return _V(t, value)
    if t.kind == "slice" and isinstance(inner.v, _Slice):
        return _V(t, inner.v)
    return _V(t, inner.v)


def _guess_under(p: GoValue) -> str:
    value = p.value
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, str):
        return "string"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float64"
    if isinstance(value, list | tuple):
        return _list_type(value).name
    if isinstance(value, GoMap):
        return _map_type(value).name
    return ""


def _elem_of(container: _V, p: Any) -> _V:
    """The value of element ``p`` of a slice or map value."""
    if (
        container.raw
        or container.t.elem is _T_INTERFACE
        or (container.t.elem is not None and container.t.elem.kind == "interface")
    ):
        return _V(_T_INTERFACE, p, True)
    return _static(p)


def _zero(t: _Type, like: Any = None) -> _V:
    """The zero value of ``t`` (``like``: a document value of that type, for a struct's shape)."""
    kind = t.kind
    if kind in ("interface", "slice", "map", "ptr", "func"):
        return _V(t, None)
    if isinstance(like, GoStruct):
        return _V(t if kind == "struct" else _dynamic(like).t, _zero_struct(like))
    if kind == "string":
        return _V(t, "")
    if kind in ("int", "uint"):
        return _V(t, 0)
    if kind == "float":
        return _V(t, 0.0)
    if kind == "complex":
        return _V(t, 0j)
    if kind == "bool":
        return _V(t, False)
    if kind == "struct":
        if isinstance(like, GoStruct):
            return _V(t, _zero_struct(like))
        if isinstance(like, GoText) or t.stringer:
            text = {"netip.Addr": "invalid IP", "time.Time": "0001-01-01 00:00:00 +0000 UTC"}
            json_text = {"time.Time": "0001-01-01T00:00:00Z"}
            return _V(t, GoText(text.get(t.name, ""), json_text.get(t.name, ""), t.name))
        return _V(t, GoStruct((), type_name=t.name if t.named else ""))
    return _INVALID


def _zero_struct(like: GoStruct) -> GoStruct:
    fields = []
    for name, value in like.fields:
        slot = _static(value)
        zero = _zero(slot.t, value)
        fields.append((name, _document_of(zero)))
    return attrs.evolve(like, fields=tuple(fields))


def _document_of(v: _V) -> Any:
    """A document value for ``v`` (for zero values put back into documents)."""
    if v.t.kind in ("slice", "map", "ptr") and v.v is None:
        return GoValue(None, v.t.name, v.t.under if v.t.named else "")
    if (
        v.t.named
        and v.t.kind in ("string", "int", "uint", "float", "bool")
        and v.t.name not in (_BASIC_KINDS)
    ):
        return GoValue(v.v, v.t.name, v.t.under)
    return v.v


def _indirect(v: _V) -> tuple[_V, bool]:
    """Go's ``indirect``: through pointers and interfaces; (the value, whether it is nil)."""
    while v.t.kind in ("ptr", "interface"):
        if v.v is None or isinstance(v.v, GoValue):
            return v, True
        v = _deref(v)
    return v, False


def _deref(v: _V) -> _V:
    """The value a non-nil pointer points to, or an interface's dynamic value."""
    if v.t.kind == "ptr":
        elem = v.t.elem
        assert elem is not None
        if elem.kind != "struct" and isinstance(v.v, GoStruct):
            elem = _Type("struct", elem.name, named=True)
        return _V(elem, v.v)
    return _dynamic(v.v, v.raw)


def _unwrap(v: _V) -> _V:
    """Go's ``indirectInterface``: an interface's dynamic value, or invalid for a nil one."""
    if v.t.kind != "interface":
        return v
    if v.v is None:
        return _INVALID
    return _dynamic(v.v, v.raw)


def _is_nil(v: _V) -> bool:
    return v.v is None or isinstance(v.v, GoValue)


def _length(v: _V) -> int:
    """``len`` of a string (bytes), slice or map value."""
    if v.t.kind == "string":
        return _blen(v.v)
    if v.t.kind == "slice":
        return 0 if v.v is None else v.v.length
    if v.t.kind == "map":
        if v.v is None:
            return 0
        return len(v.v) if isinstance(v.v, dict) else len(v.v._index)
    raise AssertionError(v.t.kind)


def _map_items(v: _V) -> list[tuple[_V, _V]]:
    """A map value's (key, element) pairs in ``fmt``'s key order."""
    payload = v.v
    key_t = v.t.key or _T_STRING
    if payload is None:
        return []
    if isinstance(payload, dict):
        keys = sorted(payload, key=_bytes_key)
        return [(_V(key_t, k), _elem_of(v, payload[k])) for k in keys]
    seen: set[str] = set()
    out = []
    for k, item in payload.sorted_items():
        if k not in seen:
            seen.add(k)
            out.append((_V(key_t, k), _elem_of(v, item)))
    return out


def _map_get(v: _V, key: str) -> _V | None:
    payload = v.v
    if payload is None:
        return None
    if isinstance(payload, dict):
        if key in payload:
            return _elem_of(v, payload[key])
        return None
    found, item = payload.get(key)
    return _elem_of(v, item) if found else None


def _map_zero(v: _V) -> _V:
    elem = v.t.elem or _T_INTERFACE
    if v.raw or elem.kind == "interface":
        return _V(_T_INTERFACE, None, True)
    like = None
    if isinstance(v.v, GoMap) and v.v.items:
        like = v.v.items[0][1]
    return _zero(elem, like)


def _slice_elem(v: _V, i: int) -> _V:
    """Element ``i`` (< cap) of a non-nil slice value."""
    s: _Slice = v.v
    found, item = s.payload(i)
    if found:
        return _elem_of(v, item)
    elem = v.t.elem or _T_INTERFACE
    if v.raw or elem.kind == "interface":
        return _V(_T_INTERFACE, None, True)
    return _zero(elem, s.items[0] if s.items else None)


def _bytes_key(text: str) -> bytes:
    return _b(text)


# ============================================================================ Go strings

_ASCII_SPACE = " \t\r\n"


def _b(text: str) -> bytes:
    """The bytes of a Go string held as ``text`` (lone surrogates stand for bytes that are
    not UTF-8: ``surrogateescape`` ones for one byte, others as ``surrogatepass`` writes them).
    Recent answers are kept, so that ``len`` or ``index`` of one long text in a loop is not
    quadratic."""
    if text.isascii():
        return text.encode("ascii")
    return _b_cached(text)


@functools.lru_cache(maxsize=16)
def _b_cached(text: str) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        out = bytearray()
        for char in text:
            code = ord(char)
            if 0xDC80 <= code <= 0xDCFF:
                out.append(code - 0xDC00)
            else:
                out += char.encode("utf-8", "surrogatepass")
        return bytes(out)


def _s(data: bytes) -> str:
    """The text holding Go string ``data`` (bytes that are not UTF-8 as ``surrogateescape``)."""
    return data.decode("utf-8", "surrogateescape")


def _blen(text: str) -> int:
    return len(text) if text.isascii() else len(_b(text))


def _runes(text: str) -> list[str]:
    """The runes of a Go string: each byte that is not UTF-8 is one U+FFFD."""
    return [("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c) for c in _s(_b(text))]


def _bslice(text: str, start: int, stop: int) -> str:
    if text.isascii():
        return text[start:stop]
    return _s(_b(text)[start:stop])


# ============================================================================ strconv


def _is_print(char: str) -> bool:
    """Go's ``strconv.IsPrint`` (the ASCII space, and what Python calls printable)."""
    return char.isprintable() and not 0xD800 <= ord(char) <= 0xDFFF


def _quote_ascii(text: str) -> str:
    """Go's ``strconv.QuoteToASCII`` (``%+q``)."""
    out = []
    for char in quote(text)[1:-1]:
        code = ord(char)
        if code < 0x80:
            out.append(char)
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def _can_backquote(text: str) -> bool:
    """Go's ``strconv.CanBackquote``."""
    for char in _s(_b(text)):
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF or char == "\ufeff":
            return False
        if code < 0x80 and ((char < " " and char != "\t") or char in "`\x7f"):
            return False
    return True


_RUNE_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r",
                 "\t": "\\t", "\v": "\\v", "'": "\\'", "\\": "\\\\"}  # fmt: skip


def _quote_rune(code: int, ascii_only: bool = False) -> str:
    """Go's ``strconv.QuoteRune`` / ``QuoteRuneToASCII`` (``%q`` of an integer)."""
    if not 0 <= code <= 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        code = 0xFFFD
    char = chr(code)
    if char in _RUNE_ESCAPES:
        return f"'{_RUNE_ESCAPES[char]}'"
    if _is_print(char) and (not ascii_only or code < 0x80):
        return f"'{char}'"
    if code < 0x20 or code == 0x7F:
        return f"'\\x{code:02x}'"
    if code <= 0xFFFF:
        return f"'\\u{code:04x}'"
    return f"'\\U{code:08x}'"


def _shortest(value: float) -> tuple[str, int]:
    """The shortest decimal digits that read back as ``value`` (> 0) and the position of the
    decimal point (``value = 0.digits * 10**point``): ``1234.5`` -> ("12345", 4)."""
    mantissa, _, exponent = repr(value).partition("e")
    whole, _, frac = mantissa.partition(".")
    digits = whole + frac
    point = len(whole) + (int(exponent) if exponent else 0)
    stripped = digits.lstrip("0")
    point -= len(digits) - len(stripped)
    return stripped.rstrip("0") or "0", point


def _fmt_e(neg: bool, digits: str, point: int, prec: int, verb: str) -> str:
    """strconv's ``fmtE``: ``d.ddde±XX`` with ``prec`` digits after the point."""
    body = digits[0] + ("." + (digits[1 : prec + 1]).ljust(prec, "0") if prec > 0 else "")
    exp = point - 1 if digits != "0" else 0
    sign = "-" if exp < 0 else "+"
    return ("-" if neg else "") + body + verb + sign + f"{abs(exp):02d}"


def _fmt_f(neg: bool, digits: str, point: int, prec: int) -> str:
    """strconv's ``fmtF``: ``ddd.ddd`` with ``prec`` digits after the point."""
    if point > 0:
        whole = digits[:point].ljust(point, "0")
    else:
        whole = "0"
    frac = ""
    if prec > 0:
        frac = "." + "".join(
            digits[point + i] if 0 <= point + i < len(digits) else "0" for i in range(prec)
        )
    return ("-" if neg else "") + whole + frac


def _format_float(value: float, verb: str, prec: int) -> str:
    """Go's ``strconv.FormatFloat(value, verb, prec, 64)`` for verbs e E f g G b x X
    (``prec`` -1: the shortest text that reads back as ``value``)."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    neg = math.copysign(1.0, value) < 0
    mag = abs(value)
    if verb == "b":
        return _format_b(neg, mag)
    if verb in "xX":
        return _format_x(neg, mag, prec, verb)
    if prec >= 0:  # correctly rounded, as Python's formatting is
        return ("-" if neg else "") + format(mag, f".{prec}{verb}")
    digits, point = ("0", 1) if mag == 0 else _shortest(mag)
    nd = len(digits)
    if verb in "eE":
        return _fmt_e(neg, digits, point, nd - 1, verb)
    if verb == "f":
        return _fmt_f(neg, digits, point, max(nd - point, 0))
    exp = point - 1
    if exp < -4 or exp >= 6:  # the shortest %g decides with precision 6
        return _fmt_e(neg, digits, point, nd - 1, "e" if verb == "g" else "E")
    return _fmt_f(neg, digits, point, max(nd - point, 0))


def _format_b(neg: bool, mag: float) -> str:
    if mag == 0:
        mant, exp = 0, -1074
    else:
        m, e = math.frexp(mag)
        mant, exp = int(m * (1 << 53)), e - 53
        if exp < -1074:
            mant >>= -1074 - exp
            exp = -1074
    sign = "+" if exp >= 0 else "-"
    return ("-" if neg else "") + f"{mant}p{sign}{abs(exp)}"


def _format_x(neg: bool, mag: float, prec: int, verb: str) -> str:
    mask = (1 << 64) - 1
    if mag == 0:
        mant, exp = 0, 0
    else:
        m, e = math.frexp(mag)  # mag = m * 2**e, m in [0.5, 1)
        mant, exp = int(m * (1 << 53)), e - 1  # 1.xxx * 2**exp, 53-bit mantissa
        mant <<= 60 - 52
        while mant and not mant & (1 << 60):
            mant = (mant << 1) & mask
            exp -= 1
    if 0 <= prec < 15:
        shift = prec * 4
        extra = (mant << shift) & ((1 << 60) - 1)
        mant >>= 60 - shift
        if extra | (mant & 1) > 1 << 59:
            mant += 1
        mant = (mant << (60 - shift)) & mask
        if mant & (1 << 61):
            mant >>= 1
            exp += 1
    digits = "0123456789abcdef" if verb == "x" else "0123456789ABCDEF"
    out = ["-" if neg else "", "0", verb, str((mant >> 60) & 1)]
    mant = (mant << 4) & mask
    if prec < 0 and mant:
        out.append(".")
        while mant:
            out.append(digits[(mant >> 60) & 15])
            mant = (mant << 4) & mask
    elif prec > 0:
        out.append(".")
        for _ in range(prec):
            out.append(digits[(mant >> 60) & 15])
            mant = (mant << 4) & mask
    out.append("p" if verb == "x" else "P")
    out.append("-" if exp < 0 else "+")
    out.append(f"{abs(exp):02d}")
    return "".join(out)


# ============================================================================ fmt


class _Buffer(list[str]):
    """The printer's output: past ``MAX_OUTPUT`` characters it stops the execution."""

    size = 0

    def append(self, piece: str) -> None:
        self.size += len(piece)
        if self.size > MAX_OUTPUT:
            raise InspectError(
                f"template: output longer than {MAX_OUTPUT} characters (the model's limit)"
            )
        super().append(piece)


class _Printer:
    """Go's ``fmt`` printer (``pp`` and ``fmt`` of package fmt) over runtime values."""

    def __init__(self) -> None:
        self.buf = _Buffer()
        self.clear()
        self.erroring = False

    def clear(self) -> None:
        self.wid = self.prec = 0
        self.wid_present = self.prec_present = False
        self.minus = self.plus = self.sharp = self.space = self.zero = False
        self.plus_v = self.sharp_v = False

    def text(self) -> str:
        return "".join(self.buf)

    # ------------------------------------------------------------------ padding

    def write_padding(self, n: int) -> None:
        if n > 0:
            self.buf.append(("0" if self.zero else " ") * n)

    def pad(self, text: str) -> None:
        if not self.wid_present or self.wid == 0:
            self.buf.append(text)
            return
        width = self.wid - len(text)
        if not self.minus:
            self.write_padding(width)
            self.buf.append(text)
        else:
            self.buf.append(text)
            self.write_padding(width)

    # ------------------------------------------------------------------ scalars

    def fmt_boolean(self, value: bool) -> None:
        self.pad("true" if value else "false")

    def fmt_integer(self, value: int, base: int, verb: str, upper: bool = False) -> None:
        negative = value < 0
        u = -value if negative else value
        prec = 0
        if self.prec_present:
            prec = self.prec
            if prec == 0 and u == 0:
                old = self.zero
                self.zero = False
                self.write_padding(self.wid)
                self.zero = old
                return
        elif self.zero and self.wid_present:
            prec = self.wid
            if negative or self.plus or self.space:
                prec -= 1
        if base == 10:
            digits = str(u)
        elif base == 16:
            digits = format(u, "X" if upper else "x")
        elif base == 8:
            digits = format(u, "o")
        else:
            digits = format(u, "b")
        if prec > len(digits):
            digits = "0" * (prec - len(digits)) + digits
        if self.sharp:
            if base == 2:
                digits = "0b" + digits
            elif base == 8 and not digits.startswith("0"):
                digits = "0" + digits
            elif base == 16:
                digits = ("0X" if upper else "0x") + digits
        if verb == "O":
            digits = "0o" + digits
        if negative:
            digits = "-" + digits
        elif self.plus:
            digits = "+" + digits
        elif self.space:
            digits = " " + digits
        old = self.zero
        self.zero = False
        self.pad(digits)
        self.zero = old

    def fmt_unicode(self, u: int) -> None:
        prec = 4
        if self.prec_present and self.prec > 4:
            prec = self.prec
        text = "U+" + format(u, "X").rjust(prec, "0")
        if self.sharp and 0 <= u <= 0x10FFFF and _is_print(chr(u)):
            text += " '" + chr(u) + "'"
        old = self.zero
        self.zero = False
        self.pad(text)
        self.zero = old

    def fmt_c(self, u: int) -> None:
        if not 0 <= u <= 0x10FFFF or 0xD800 <= u <= 0xDFFF:
            u = 0xFFFD
        self.pad(chr(u))

    def fmt_qc(self, u: int) -> None:
        self.pad(_quote_rune(u, self.plus))

    def truncate(self, text: str) -> str:
        if self.prec_present:
            runes = _runes(text) if not text.isascii() else text
            if len(runes) > self.prec:
                if text.isascii():
                    return text[: self.prec]
                return "".join(runes[: self.prec])
        return text

    def fmt_s(self, text: str) -> None:
        self.pad_string(self.truncate(text))

    def pad_string(self, text: str) -> None:
        if not self.wid_present or self.wid == 0:
            self.buf.append(text)
            return
        width = self.wid - (len(text) if text.isascii() else len(_runes(text)))
        if not self.minus:
            self.write_padding(width)
            self.buf.append(text)
        else:
            self.buf.append(text)
            self.write_padding(width)

    def fmt_sx(self, data: bytes, upper: bool) -> None:
        digits = "0123456789ABCDEF" if upper else "0123456789abcdef"
        length = len(data)
        if self.prec_present and self.prec < length:
            length = self.prec
        width = 2 * length
        if width > 0:
            if self.space:
                if self.sharp:
                    width *= 2
                width += length - 1
            elif self.sharp:
                width += 2
        else:
            if self.wid_present:
                self.write_padding(self.wid)
            return
        if self.wid_present and self.wid > width and not self.minus:
            self.write_padding(self.wid - width)
        prefix = "0X" if upper else "0x"
        out = [prefix] if self.sharp else []
        for i in range(length):
            if self.space and i > 0:
                out.append(" ")
                if self.sharp:
                    out.append(prefix)
            c = data[i]
            out.append(digits[c >> 4] + digits[c & 15])
        self.buf.append("".join(out))
        if self.wid_present and self.wid > width and self.minus:
            self.write_padding(self.wid - width)

    def fmt_q(self, text: str) -> None:
        text = self.truncate(text)
        if self.sharp and _can_backquote(text):
            self.pad_string("`" + text + "`")
            return
        self.pad_string(_quote_ascii(text) if self.plus else quote(text))

    def fmt_float(self, value: float, verb: str, prec: int) -> None:
        if self.prec_present:
            prec = self.prec
        num = _format_float(value, verb, prec)
        if num[0] in "-+":
            pass
        else:
            num = "+" + num
        if self.space and num[0] == "+" and not self.plus:
            num = " " + num[1:]
        if num[1] in "IN":
            old = self.zero
            self.zero = False
            if num[1] == "N" and not self.space and not self.plus:
                num = num[1:]
            self.pad(num)
            self.zero = old
            return
        if self.sharp and verb != "b":
            num = self._sharp_float(num, verb, prec)
        if self.plus or num[0] != "+":
            if self.zero and self.wid_present and self.wid > len(num):
                self.buf.append(num[0])
                self.write_padding(self.wid - len(num))
                self.buf.append(num[1:])
                return
            self.pad(num)
            return
        self.pad(num[1:])

    def _sharp_float(self, num: str, verb: str, prec: int) -> str:
        digits = 0
        if verb in ("v", "g", "G", "x"):
            digits = prec if prec != -1 else 6
        tail = ""
        body = num
        has_point = False
        saw_nonzero = False
        i = 1
        while i < len(body):
            char = body[i]
            if char == ".":
                has_point = True
            elif char in "pP" or (char in "eE" and verb not in "xX"):
                tail = body[i:]
                body = body[:i]
                break
            else:
                if char != "0":
                    saw_nonzero = True
                if saw_nonzero:
                    digits -= 1
            i += 1
        if not has_point:
            if len(body) == 2 and body[1] == "0":
                digits -= 1
            body += "."
        if digits > 0:
            body += "0" * digits
        return body + tail

    # ------------------------------------------------------------------ dispatch

    def bad_verb(self, verb: str, arg: _V | None, value: _V | None = None) -> None:
        self.erroring = True
        self.buf.append("%!" + verb + "(")
        if arg is not None:
            self.buf.append(arg.t.name + "=")
            self.print_arg(arg, "v")
        elif value is not None and value is not _INVALID:
            self.buf.append(value.t.name + "=")
            self.print_value(value, "v", 0)
        else:
            self.buf.append("<nil>")
        self.buf.append(")")
        self.erroring = False

    def print_arg(self, arg: _V | None, verb: str) -> None:
        """``printArg``: ``arg`` is an ``interface {}`` argument's dynamic value (None: nil)."""
        if arg is None:
            if verb in "Tv":
                self.pad_string("<nil>")
            else:
                self.bad_verb(verb, None)
            return
        if verb == "T":
            self.fmt_s(arg.t.name)
            return
        if verb == "p":
            self.fmt_pointer(arg, "p", arg)
            return
        if not self.handle_methods(arg, verb):
            self.print_value(arg, verb, 0, arg)

    def handle_methods(self, arg: _V, verb: str) -> bool:
        if self.erroring or not arg.t.stringer or self.sharp_v:
            return False
        if verb in "vsxXq":
            payload = arg.v
            text = payload.text if isinstance(payload, GoText) else str(payload)
            self.fmt_string(text, verb, arg)
            return True
        return False

    def fmt_string(self, text: str, verb: str, arg: _V | None, v: _V | None = None) -> None:
        if verb == "v":
            if self.sharp_v:
                self.fmt_q(text)
            else:
                self.fmt_s(text)
        elif verb == "s":
            self.fmt_s(text)
        elif verb in "xX":
            self.fmt_sx(_b(text), verb == "X")
        elif verb == "q":
            self.fmt_q(text)
        else:
            self.bad_verb(verb, arg, v)

    def fmt_int_verb(self, value: int, signed: bool, verb: str, arg: _V | None, v: _V) -> None:
        if verb == "v":
            if self.sharp_v and not signed:
                sharp = self.sharp
                self.sharp = True
                self.fmt_integer(value, 16, "v")
                self.sharp = sharp
            else:
                self.fmt_integer(value, 10, verb)
        elif verb == "d":
            self.fmt_integer(value, 10, verb)
        elif verb == "b":
            self.fmt_integer(value, 2, verb)
        elif verb in "oO":
            self.fmt_integer(value, 8, verb)
        elif verb == "x":
            self.fmt_integer(value, 16, verb)
        elif verb == "X":
            self.fmt_integer(value, 16, verb, upper=True)
        elif verb == "c":
            self.fmt_c(value)
        elif verb == "q":
            self.fmt_qc(value)
        elif verb == "U":
            self.fmt_unicode(value)
        else:
            self.bad_verb(verb, arg, v)

    def fmt_float_verb(self, value: float, verb: str, arg: _V | None, v: _V) -> None:
        if verb == "v":
            self.fmt_float(value, "g", -1)
        elif verb in "bgGxX":
            self.fmt_float(value, verb, -1)
        elif verb in "feE":
            self.fmt_float(value, verb, 6)
        elif verb == "F":
            self.fmt_float(value, "f", 6)
        else:
            self.bad_verb(verb, arg, v)

    def fmt_complex_verb(self, value: complex, verb: str, arg: _V | None, v: _V) -> None:
        if verb in "vbgGxXfFeE":
            old = self.plus
            self.buf.append("(")
            self.fmt_float_verb(value.real, verb, arg, v)
            self.plus = True
            self.fmt_float_verb(value.imag, verb, arg, v)
            self.buf.append("i)")
            self.plus = old
        else:
            self.bad_verb(verb, arg, v)

    def fmt_pointer(self, v: _V, verb: str, arg: _V | None) -> None:
        if v.t.kind not in ("ptr", "map", "slice", "func"):
            self.bad_verb(verb, arg, v)
            return
        nil = _is_nil(v)
        address = 0 if nil else int(POINTER_TEXT, 16)
        if verb == "v":
            if self.sharp_v:
                self.buf.append("(" + v.t.name + ")(" + ("nil" if nil else POINTER_TEXT) + ")")
            elif nil:
                self.pad_string("<nil>")
            else:
                sharp = self.sharp
                self.sharp = not sharp
                self.fmt_integer(address, 16, "v")
                self.sharp = sharp
        elif verb == "p":
            sharp = self.sharp
            self.sharp = not sharp
            self.fmt_integer(address, 16, "v")
            self.sharp = sharp
        elif verb in "bodxX":
            self.fmt_int_verb(address, False, verb, arg, v)
        else:
            self.bad_verb(verb, arg, v)

    def print_value(self, v: _V, verb: str, depth: int, arg: _V | None = None) -> None:
        """``printValue``: ``arg`` is set at depth 0 (the argument itself)."""
        if (
            depth > 0
            and v is not _INVALID
            and v.t.kind != "interface"
            and self.handle_methods(v, verb)
        ):
            return
        kind = v.t.kind
        if v is _INVALID:
            if depth == 0:
                self.buf.append("<invalid reflect.Value>")
            elif verb == "v":
                self.buf.append("<nil>")
            else:
                self.bad_verb(verb, None)
        elif kind == "bool":
            if verb in "tv":
                self.fmt_boolean(v.v)
            else:
                self.bad_verb(verb, arg, v)
        elif kind in ("int", "uint"):
            self.fmt_int_verb(v.v, kind == "int", verb, arg, v)
        elif kind == "float":
            self.fmt_float_verb(v.v, verb, arg, v)
        elif kind == "complex":
            self.fmt_complex_verb(v.v, verb, arg, v)
        elif kind == "string":
            self.fmt_string(v.v, verb, arg, v)
        elif kind == "map":
            self.print_map(v, verb, depth)
        elif kind == "struct":
            self.print_struct(v, verb, depth)
        elif kind == "interface":
            if v.v is None:
                if self.sharp_v:
                    self.buf.append(v.t.name + "(nil)")
                else:
                    self.buf.append("<nil>")
            else:
                self.print_value(_dynamic(v.v, v.raw), verb, depth + 1)
        elif kind == "slice":
            self.print_slice(v, verb, depth)
        elif kind == "ptr":
            if depth == 0 and not _is_nil(v):
                self.buf.append("&")
                self.print_value(_deref(v), verb, depth + 1)
                return
            self.fmt_pointer(v, verb, arg)
        elif kind == "func":
            self.fmt_pointer(_V(v.t, None if v.v is None else POINTER_TEXT), verb, arg)
        else:
            self.buf.append("?")

    def print_map(self, v: _V, verb: str, depth: int) -> None:
        if self.sharp_v:
            self.buf.append(v.t.name)
            if v.v is None:
                self.buf.append("(nil)")
                return
            self.buf.append("{")
        else:
            self.buf.append("map[")
        for i, (key, item) in enumerate(_map_items(v)):
            if i > 0:
                self.buf.append(", " if self.sharp_v else " ")
            self.print_value(key, verb, depth + 1)
            self.buf.append(":")
            self.print_value(item, verb, depth + 1)
        self.buf.append("}" if self.sharp_v else "]")

    def print_struct(self, v: _V, verb: str, depth: int) -> None:
        payload = v.v
        if isinstance(payload, GoText):
            # Reached with a verb fmt does not print String() with: Go prints the struct's
            # private fields, which the model does not have; it prints the text instead.
            self.buf.append(f"%!{verb}({v.t.name}={payload.text})")
            return
        if self.sharp_v:
            self.buf.append(v.t.name)
        self.buf.append("{")
        for i, (name, value) in enumerate(payload.fields):
            if i > 0:
                self.buf.append(", " if self.sharp_v else " ")
            if self.plus_v or self.sharp_v:
                self.buf.append(name + ":")
            self.print_value(_static(value), verb, depth + 1)
        self.buf.append("}")

    def print_slice(self, v: _V, verb: str, depth: int) -> None:
        s: _Slice | None = v.v
        elem = v.t.elem
        if verb in "sqxX" and elem is not None and elem.kind == "uint" and elem.name == "uint8":
            data = bytes(_slice_elem(v, i).v for i in range(s.length)) if s else b""
            if verb == "s":
                self.fmt_s(_s(data))
            elif verb == "q":
                self.fmt_q(_s(data))
            else:
                self.fmt_sx(data, verb == "X")
            return
        if self.sharp_v:
            self.buf.append(v.t.name)
            if s is None:
                self.buf.append("(nil)")
                return
            self.buf.append("{")
            for i in range(s.length):
                if i > 0:
                    self.buf.append(", ")
                self.print_value(_slice_elem(v, i), verb, depth + 1)
            self.buf.append("}")
            return
        self.buf.append("[")
        for i in range(s.length if s else 0):
            if i > 0:
                self.buf.append(" ")
            self.print_value(_slice_elem(v, i), verb, depth + 1)
        self.buf.append("]")

    # ------------------------------------------------------------------ Sprint & co

    def do_print(self, args: Sequence[_V | None]) -> None:
        prev_string = False
        for i, arg in enumerate(args):
            is_string = arg is not None and arg.t.kind == "string"
            if i > 0 and not is_string and not prev_string:
                self.buf.append(" ")
            self.print_arg(arg, "v")
            prev_string = is_string

    def do_println(self, args: Sequence[_V | None]) -> None:
        for i, arg in enumerate(args):
            if i > 0:
                self.buf.append(" ")
            self.print_arg(arg, "v")
        self.buf.append("\n")

    def do_printf(self, fmt: str, args: Sequence[_V | None]) -> None:
        end = len(fmt)
        arg_num = 0
        after_index = False
        reordered = False
        i = 0
        while i < end:
            good_arg_num = True
            last = i
            i = fmt.find("%", i)
            if i < 0:
                i = end
            if i > last:
                self.buf.append(fmt[last:i])
            if i >= end:
                break
            i += 1
            self.clear()
            simple = False
            while i < end:
                c = fmt[i]
                if c == "#":
                    self.sharp = True
                elif c == "0":
                    self.zero = not self.minus
                elif c == "+":
                    self.plus = True
                elif c == "-":
                    self.minus = True
                    self.zero = False
                elif c == " ":
                    self.space = True
                else:
                    if "a" <= c <= "z" and arg_num < len(args):
                        if c == "v":
                            self.sharp_v, self.sharp = self.sharp, False
                            self.plus_v, self.plus = self.plus, False
                        self.print_arg(args[arg_num], c)
                        arg_num += 1
                        i += 1
                        simple = True
                    break
                i += 1
            if simple:
                continue
            arg_num, i, after_index, ok, moved = self._arg_number(arg_num, fmt, i, len(args))
            reordered = reordered or moved
            good_arg_num = good_arg_num and ok
            if i < end and fmt[i] == "*":
                i += 1
                self.wid, self.wid_present, arg_num = self._int_from_arg(args, arg_num)
                if not self.wid_present:
                    self.buf.append("%!(BADWIDTH)")
                if self.wid < 0:
                    self.wid = -self.wid
                    self.minus = True
                    self.zero = False
                after_index = False
            else:
                self.wid, self.wid_present, i = _parse_num(fmt, i, end)
                if after_index and self.wid_present:
                    good_arg_num = False
            if i + 1 < end and fmt[i] == ".":
                i += 1
                if after_index:
                    good_arg_num = False
                arg_num, i, after_index, ok, moved = self._arg_number(arg_num, fmt, i, len(args))
                reordered = reordered or moved
                good_arg_num = good_arg_num and ok
                if i < end and fmt[i] == "*":
                    i += 1
                    self.prec, self.prec_present, arg_num = self._int_from_arg(args, arg_num)
                    if self.prec < 0:
                        self.prec = 0
                        self.prec_present = False
                    if not self.prec_present:
                        self.buf.append("%!(BADPREC)")
                    after_index = False
                else:
                    self.prec, self.prec_present, i = _parse_num(fmt, i, end)
                    if not self.prec_present:
                        self.prec = 0
                        self.prec_present = True
            if not after_index:
                arg_num, i, after_index, ok, moved = self._arg_number(arg_num, fmt, i, len(args))
                reordered = reordered or moved
                good_arg_num = good_arg_num and ok
            if i >= end:
                self.buf.append("%!(NOVERB)")
                break
            verb = fmt[i]
            i += 1
            if verb == "%":
                self.buf.append("%")
            elif not good_arg_num:
                self.buf.append("%!" + verb + "(BADINDEX)")
            elif arg_num >= len(args):
                self.buf.append("%!" + verb + "(MISSING)")
            else:
                if verb == "v":
                    self.sharp_v, self.sharp = self.sharp, False
                    self.plus_v, self.plus = self.plus, False
                self.print_arg(args[arg_num], verb)
                arg_num += 1
        if not reordered and arg_num < len(args):
            self.clear()
            self.buf.append("%!(EXTRA ")
            for j, arg in enumerate(args[arg_num:]):
                if j > 0:
                    self.buf.append(", ")
                if arg is None:
                    self.buf.append("<nil>")
                else:
                    self.buf.append(arg.t.name + "=")
                    self.print_arg(arg, "v")
            self.buf.append(")")

    def _arg_number(
        self, arg_num: int, fmt: str, i: int, num_args: int
    ) -> tuple[int, int, bool, bool, bool]:
        """(arg number, new i, found an index, index good, reordered)."""
        if i >= len(fmt) or fmt[i] != "[":
            return arg_num, i, False, True, False
        index, width, ok = _parse_arg_number(fmt[i:])
        if ok and 0 <= index < num_args:
            return index, i + width, True, True, True
        return arg_num, i + width, ok, False, True

    @staticmethod
    def _int_from_arg(args: Sequence[_V | None], arg_num: int) -> tuple[int, bool, int]:
        num, is_int = 0, False
        if arg_num < len(args):
            arg = args[arg_num]
            if arg is not None and arg.t.kind in ("int", "uint"):
                num, is_int = arg.v, True
                if arg.t.kind == "uint" and num >= 1 << 63:
                    num, is_int = 0, False
            arg_num += 1
            if not -1_000_000 <= num <= 1_000_000:
                num, is_int = 0, False
        return num, is_int, arg_num


def _parse_num(text: str, start: int, end: int) -> tuple[int, bool, int]:
    """fmt's ``parsenum``: digits from ``start``; (number, present, new index)."""
    if start >= end:
        return 0, False, end
    num, present, i = 0, False, start
    while i < end and "0" <= text[i] <= "9":
        if num > 1_000_000:  # fmt's tooLarge: refuse absurd widths
            return 0, False, end
        num = num * 10 + ord(text[i]) - 48
        present = True
        i += 1
    return num, present, i


def _parse_arg_number(text: str) -> tuple[int, int, bool]:
    if len(text) < 3:
        return 0, 1, False
    close = text.find("]", 1)
    if close < 0:
        return 0, 1, False
    width, ok, new = _parse_num(text, 1, close)
    if not ok or new != close:
        return 0, close + 1, False
    return width - 1, close + 1, True


def _sprint(args: Sequence[_V | None]) -> str:
    printer = _Printer()
    printer.do_print(args)
    return printer.text()


def _text_of(v: _V) -> str:
    """What a template prints for a value: Go's ``printValue`` (``fmt.Fprint`` of it)."""
    if v.t.kind == "ptr":
        v, _ = _indirect(v)
    if v is _INVALID:
        return "<no value>"
    if v.t.kind == "interface":
        return _sprint([None if v.v is None else _dynamic(v.v, v.raw)])
    # Cheap exact answers for the common cases.
    kind = v.t.kind
    if kind == "string" and not v.t.stringer:
        return str(v.v)
    return _sprint([v])


# ============================================================================ encoding/json


class _JSONError(Exception):
    """encoding/json refused a value (Go's error text)."""


_JSON_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t",
                 "\u2028": "\\u2028", "\u2029": "\\u2029"}  # fmt: skip
_JSON_SPECIAL = re.compile('[\x00-\x1f"\\\\\u2028\u2029\ud800-\udfff]')
_JSON_SPECIAL_HTML = re.compile('[\x00-\x1f"\\\\<>&\u2028\u2029\ud800-\udfff]')


def _json_escape(match: re.Match[str]) -> str:
    char = match.group()
    escape = _JSON_ESCAPES.get(char)
    if escape is not None:
        return escape
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:  # a byte that is not UTF-8
        return "\\ufffd"
    return f"\\u{code:04x}"


def _json_string(text: str, escape_html: bool) -> str:
    """A JSON string as Go 1.19's encoder writes it (``\\u00XX`` for control characters but
    ``\\n``, ``\\r``, ``\\t``; U+2028 and U+2029 escaped; HTML characters on request)."""
    pattern = _JSON_SPECIAL_HTML if escape_html else _JSON_SPECIAL
    if not text.isascii() and any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        text = _s(_b(text))  # one U+FFFD per byte that is not UTF-8
    return '"' + pattern.sub(_json_escape, text) + '"'


_JSON_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")


def _json_float(value: float) -> str:
    if math.isnan(value) or math.isinf(value):
        raise _JSONError("json: unsupported value: " + _format_float(value, "g", -1))
    mag = abs(value)
    if mag != 0 and (mag < 1e-6 or mag >= 1e21):
        text = _format_float(value, "e", -1)
        if len(text) >= 4 and text[-4] == "e" and text[-3] == "-" and text[-2] == "0":
            text = text[:-2] + text[-1]  # Go writes 1e-7, not 1e-07
        return text
    return _format_float(value, "f", -1)


def _json_fields(
    struct: GoStruct, depth: int = 0
) -> list[tuple[str, int, bool, Any, tuple[str, ...]]]:
    """The JSON fields of a struct, embedded ones inlined: (key, depth, tagged, value, options)."""
    tags = dict(struct.json_names)
    out: list[tuple[str, int, bool, Any, tuple[str, ...]]] = []
    for name, value in struct.fields:
        tag = tags.get(name)
        if tag == "-":
            continue
        key, *options = (tag or "").split(",")
        if name in struct.embedded and not key:
            inner = value.value if isinstance(value, GoValue) else value
            if isinstance(inner, GoStruct) and depth < MAX_DEPTH:
                out.extend(_json_fields(inner, depth + 1))
            continue
        if not name[:1].isupper():
            continue
        out.append((key or name, depth, bool(key), value, tuple(options)))
    return out


def _dominant(
    fields: list[tuple[str, int, bool, Any, tuple[str, ...]]],
) -> list[tuple[str, Any, tuple[str, ...]]]:
    """encoding/json's dominance rule: the shallowest field of a name wins; several at that
    depth cancel out, unless exactly one is tagged."""
    best: dict[str, list[tuple[str, int, bool, Any, tuple[str, ...]]]] = {}
    for field in fields:
        best.setdefault(field[0], []).append(field)
    keep: set[int] = set()
    for group in best.values():
        depth = min(f[1] for f in group)
        top = [f for f in group if f[1] == depth]
        if len(top) > 1:
            tagged = [f for f in top if f[2]]
            top = tagged if len(tagged) == 1 else []
        keep.update(id(f) for f in top)
    return [(f[0], f[3], f[4]) for f in fields if id(f) in keep]


def _json_empty(v: _V) -> bool:
    kind = v.t.kind
    if kind in ("slice", "map", "string"):
        return v.v is None or _length(v) == 0
    if kind == "bool":
        return not v.v
    if kind in ("int", "uint", "float", "complex"):
        return bool(v.v == 0)
    if kind in ("ptr", "interface"):
        return _is_nil(v)
    return False


def _encode_json(v: _V, escape_html: bool, indent: str | None, level: int, out: list[str]) -> None:
    """``json.Marshal`` of a runtime value into ``out`` (``indent``: ``MarshalIndent``)."""
    kind = v.t.kind
    if v is _INVALID or (kind in ("ptr", "interface", "slice", "map") and _is_nil(v)):
        out.append("null")
    elif kind == "interface":
        _encode_json(_dynamic(v.v, v.raw), escape_html, indent, level, out)
    elif kind == "ptr":
        _encode_json(_deref(v), escape_html, indent, level, out)
    elif kind == "bool":
        out.append("true" if v.v else "false")
    elif kind in ("int", "uint"):
        out.append(str(v.v))
    elif kind == "float":
        out.append(_json_float(v.v))
    elif kind == "string":
        if v.t.name == "json.Number":
            text = str(v.v) or "0"
            if not _JSON_NUMBER.fullmatch(text):
                raise _JSONError(f"json: invalid number literal {quote(text)}")
            out.append(text)
        else:
            out.append(_json_string(v.v, escape_html))
    elif kind == "slice":
        s: _Slice = v.v
        _json_list([_slice_elem(v, i) for i in range(s.length)], escape_html, indent, level, out)
    elif kind == "map":
        pairs = [(key.v, item) for key, item in _map_items(v)]
        pairs.sort(key=lambda kv: _b(kv[0]))
        _json_object(pairs, escape_html, indent, level, out)
    elif kind == "struct":
        payload = v.v
        if isinstance(payload, GoText):
            out.append(_json_string(payload.json, escape_html))
            return
        pairs = []
        for key, value, options in _dominant(_json_fields(payload)):
            item = _static(value)
            if "omitempty" in options and _json_empty(item):
                continue
            if "string" in options and item.t.kind in ("int", "uint", "float", "bool", "string"):
                inner: list[str] = []
                _encode_json(item, escape_html, None, 0, inner)
                pairs.append((key, _V(_T_STRING, "".join(inner))))
                continue
            pairs.append((key, item))
        _json_object(pairs, escape_html, indent, level, out)
    elif kind == "complex":
        raise _JSONError("json: unsupported type: " + v.t.name)
    else:
        raise _JSONError("json: unsupported type: " + v.t.name)


def _json_list(
    items: list[_V], escape_html: bool, indent: str | None, level: int, out: list[str]
) -> None:
    if not items:
        out.append("[]")
        return
    out.append("[")
    for i, item in enumerate(items):
        if i:
            out.append(",")
        if indent is not None:
            out.append("\n" + indent * (level + 1))
        _encode_json(item, escape_html, indent, level + 1, out)
    if indent is not None:
        out.append("\n" + indent * level)
    out.append("]")


def _json_object(
    pairs: list[tuple[str, _V]], escape_html: bool, indent: str | None, level: int, out: list[str]
) -> None:
    if not pairs:
        out.append("{}")
        return
    out.append("{")
    for i, (key, item) in enumerate(pairs):
        if i:
            out.append(",")
        if indent is not None:
            out.append("\n" + indent * (level + 1))
        out.append(_json_string(key, escape_html))
        out.append(": " if indent is not None else ":")
        _encode_json(item, escape_html, indent, level + 1, out)
    if indent is not None:
        out.append("\n" + indent * level)
    out.append("}")


def _marshal(v: _V, escape_html: bool = True, indent: str | None = None) -> str:
    out: list[str] = []
    _encode_json(v, escape_html, indent, 0, out)
    return "".join(out)


def to_json(value: Any) -> Any:
    """The JSON-ready form of a document value (raises :class:`InspectError` for bad data).

    >>> to_json(GoStruct((("HostIP", GoText("invalid IP", "")),), (("HostIP", "HostIp"),)))
    {'HostIp': ''}
    """
    return json.loads(go_json(value))


def go_json(value: Any, indent: int | None = None) -> str:
    """``encoding/json`` text of a document value: struct fields in declaration order
    (embedded ones inlined, ``json`` tags honoured), map keys sorted, HTML characters
    escaped (``json.Marshal``; with ``indent``, ``json.MarshalIndent`` with that many spaces).

    >>> go_json({"a": "<b>"})
    '{"a":"\\\\u003cb\\\\u003e"}'
    """
    if indent is not None and (
        not isinstance(indent, int) or isinstance(indent, bool) or not 0 <= indent <= 64
    ):
        raise InspectError(f"go_json: indent must be None or 0..64, not {shown(indent)}")
    _check_document(value)
    try:
        return _marshal(
            _static(value) if value is not None else _INVALID,
            True,
            None if indent is None else " " * indent,
        )
    except _JSONError as exc:
        raise InspectError(str(exc)) from None


def _raw_of(document: Any) -> Any:
    """The document as the CLI's raw retry sees it: its JSON decoded with ``UseNumber`` into
    ``map[string]interface {}``, ``[]interface {}``, ``string``, ``json.Number``, ``bool``
    and nil."""
    text = go_json(document)
    return _decode_raw(text)


def _number(text: str) -> _Num:
    return _Num(text)


def _no_constant(text: str) -> Any:
    raise ValueError(text)


def _decode_raw(text: str) -> Any:
    try:
        return json.loads(text, parse_float=_number, parse_int=_number, parse_constant=_no_constant)
    except (ValueError, RecursionError) as exc:
        raise InspectError(f"unable to read inspect data: {type(exc).__name__}") from None


# ============================================================================ lexer

_KEYWORDS = frozenset(
    {"block", "break", "continue", "define", "else", "end", "if", "nil", "range", "template",
     "with"}
)  # fmt: skip
_SPACES = re.compile(r"[ \t\r\n]*")
_WORD = re.compile(r"\w*")
_QUOTED = re.compile(r'(?:[^"\\\n]|\\[^\n])*')
_CHARS = re.compile(r"(?:[^'\\\n]|\\[^\n])*")
_TERMINATORS = frozenset(" \t\r\n.,|:)(")


class _Item(NamedTuple):
    """A lexer item: its type, position (a character offset) and text."""

    typ: str
    pos: int
    val: str

    def describe(self) -> str:
        """Go's ``item.String()``."""
        if self.typ == "eof":
            return "EOF"
        if self.typ == "error":
            return self.val
        if self.typ in _KEYWORDS or self.typ == "dot":
            return f"<{self.val}>"
        if _blen(self.val) > 10:
            return quote("".join(_runes(self.val)[:10])) + "..."
        return quote(self.val)


def _is_alnum(char: str) -> bool:
    """Go's ``isAlphaNumeric``: ``_``, a letter (L) or a decimal digit (Nd)."""
    return char == "_" or char.isalpha() or char.isdecimal()


def _rune_text(char: str) -> str:
    """Go's ``%#U`` of a rune (a lone surrogate reads as U+FFFD)."""
    if 0xD800 <= ord(char) <= 0xDFFF:
        char = "\ufffd"
    code = ord(char)
    text = f"U+{code:04X}"
    return f"{text} '{char}'" if _is_print(char) else text


def _has_left_trim(text: str, pos: int) -> bool:
    return text.startswith("-", pos) and pos + 1 < len(text) and text[pos + 1] in _ASCII_SPACE


def _has_right_trim(text: str, pos: int) -> bool:
    return pos + 1 < len(text) and text[pos] in _ASCII_SPACE and text[pos + 1] == "-"


def _lex(text: str) -> Iterator[_Item]:
    """Go's text/template lexer (parse/lex.go, Go 1.19) as a generator of items.

    The states are Go's (text, left delimiter, comment, inside action, space, identifier,
    field or variable, quote, raw quote, character, number, right delimiter); every run of
    characters is found with ``str.find`` or an anchored pattern that cannot backtrack, so
    the scan is linear. An error item ends the scan.
    """
    size = len(text)
    start = pos = 0
    paren_depth = 0
    state = "text"
    while True:
        if state == "text":
            x = text.find("{{", pos)
            if x < 0:
                if size > start:
                    yield _Item("text", start, text[start:])
                yield _Item("eof", size, "")
                return
            end = x
            if _has_left_trim(text, x + 2):
                end = start + len(text[start:x].rstrip(_ASCII_SPACE))
            if end > start:
                yield _Item("text", start, text[start:end])
            start = pos = x
            state = "left"
        elif state == "left":
            pos += 2
            after = 2 if _has_left_trim(text, pos) else 0
            if text.startswith("/*", pos + after):
                pos += after
                start = pos
                state = "comment"
                continue
            yield _Item("leftdelim", start, text[start:pos])
            pos += after
            start = pos
            paren_depth = 0
            state = "inside"
        elif state == "comment":
            pos += 2
            close = text.find("*/", pos)
            if close < 0:
                yield _Item("error", start, "unclosed comment")
                return
            pos = close + 2
            trim = _has_right_trim(text, pos) and text.startswith("}}", pos + 2)
            if not trim and not text.startswith("}}", pos):
                yield _Item("error", start, "comment ends before closing delimiter")
                return
            pos += 4 if trim else 2
            if trim:
                pos = _SPACES.match(text, pos).end()  # type: ignore[union-attr]
            start = pos
            state = "text"
        elif state == "right":
            trim = _has_right_trim(text, pos)
            if trim:
                pos += 2
                start = pos
            pos += 2
            yield _Item("rightdelim", start, text[start:pos])
            if trim:
                pos = _SPACES.match(text, pos).end()  # type: ignore[union-attr]
            start = pos
            state = "text"
        elif state == "inside":
            if text.startswith("}}", pos) or (
                _has_right_trim(text, pos) and text.startswith("}}", pos + 2)
            ):
                if paren_depth == 0:
                    state = "right"
                    continue
                yield _Item("error", start, "unclosed left paren")
                return
            if pos >= size:
                yield _Item("error", start, "unclosed action")
                return
            char = text[pos]
            pos += 1
            if char in _ASCII_SPACE:
                pos -= 1
                state = "space"
            elif char == "=":
                yield _Item("assign", start, "=")
                start = pos
            elif char == ":":
                if pos >= size or text[pos] != "=":
                    pos = min(pos + 1, size)
                    yield _Item("error", start, "expected :=")
                    return
                pos += 1
                yield _Item("declare", start, ":=")
                start = pos
            elif char == "|":
                yield _Item("pipe", start, "|")
                start = pos
            elif char == '"':
                end = _QUOTED.match(text, pos).end()  # type: ignore[union-attr]
                if end >= size or text[end] != '"':
                    yield _Item("error", start, "unterminated quoted string")
                    return
                pos = end + 1
                yield _Item("string", start, text[start:pos])
                start = pos
            elif char == "`":
                close = text.find("`", pos)
                if close < 0:
                    yield _Item("error", start, "unterminated raw quoted string")
                    return
                pos = close + 1
                yield _Item("rawstring", start, text[start:pos])
                start = pos
            elif char == "$":
                state = "variable"
            elif char == "'":
                end = _CHARS.match(text, pos).end()  # type: ignore[union-attr]
                if end >= size or text[end] != "'":
                    yield _Item("error", start, "unterminated character constant")
                    return
                pos = end + 1
                yield _Item("charconst", start, text[start:pos])
                start = pos
            elif char == "." and pos < size and not "0" <= text[pos] <= "9":
                state = "field"
            elif char in "+-." or "0" <= char <= "9":
                pos -= 1
                state = "number"
            elif _is_alnum(char):
                pos -= 1
                state = "identifier"
            elif char == "(":
                yield _Item("leftparen", start, "(")
                start = pos
                paren_depth += 1
            elif char == ")":
                yield _Item("rightparen", start, ")")
                start = pos
                paren_depth -= 1
                if paren_depth < 0:
                    yield _Item("error", start, f"unexpected right paren {_rune_text(char)}")
                    return
            elif char <= "\x7e" and char >= " ":
                yield _Item("char", start, char)
                start = pos
            else:
                yield _Item("error", start, f"unrecognized character in action: {_rune_text(char)}")
                return
        elif state == "space":
            end = _SPACES.match(text, pos).end()  # type: ignore[union-attr]
            spaces = end - pos
            pos = end
            if text.startswith("-}}", pos):
                pos -= 1
                if spaces == 1:
                    state = "right"
                    continue
            yield _Item("space", start, text[start:pos])
            start = pos
            state = "inside"
        elif state == "identifier":
            pos = _word_end(text, pos)
            word = text[start:pos]
            if not _at_terminator(text, pos):
                yield _Item("error", start, f"bad character {_rune_text(text[pos])}")
                return
            if word in _KEYWORDS:
                yield _Item(word, start, word)
            elif word in ("true", "false"):
                yield _Item("bool", start, word)
            else:
                yield _Item("identifier", start, word)
            start = pos
            state = "inside"
        elif state in ("field", "variable"):
            if _at_terminator(text, pos):
                yield _Item("variable" if state == "variable" else "dot", start, text[start:pos])
                start = pos
                state = "inside"
                continue
            pos = _word_end(text, pos)
            if not _at_terminator(text, pos):
                yield _Item("error", start, f"bad character {_rune_text(text[pos])}")
                return
            yield _Item(state, start, text[start:pos])
            start = pos
            state = "inside"
        elif state == "number":
            ok, pos = _scan_number(text, pos)
            if not ok:
                yield _Item("error", start, f"bad number syntax: {quote(text[start:pos])}")
                return
            if pos < size and text[pos] in "+-":
                ok, pos = _scan_number(text, pos)
                if not ok or text[pos - 1] != "i":
                    yield _Item("error", start, f"bad number syntax: {quote(text[start:pos])}")
                    return
                yield _Item("complex", start, text[start:pos])
            else:
                yield _Item("number", start, text[start:pos])
            start = pos
            state = "inside"


def _word_end(text: str, pos: int) -> int:
    end = _WORD.match(text, pos).end()  # type: ignore[union-attr]
    if not text.isascii():
        for i in range(pos, end):
            if not _is_alnum(text[i]):
                return i
    return end


def _at_terminator(text: str, pos: int) -> bool:
    return pos >= len(text) or text[pos] in _TERMINATORS or text.startswith("}}", pos)


_DIGITS = {10: re.compile(r"[0-9_]*"), 16: re.compile(r"[0-9a-fA-F_]*"),
           8: re.compile(r"[0-7_]*"), 2: re.compile(r"[01_]*")}  # fmt: skip
_EXP_DIGITS = re.compile(r"[0-9_]*")


def _scan_number(text: str, pos: int) -> tuple[bool, int]:
    """Go's ``scanNumber``: (whether the number ends well, the position after it)."""
    size = len(text)

    def accept(chars: str) -> bool:
        nonlocal pos
        if pos < size and text[pos] in chars:
            pos += 1
            return True
        return False

    accept("+-")
    base = 10
    if accept("0"):
        if accept("xX"):
            base = 16
        elif accept("oO"):
            base = 8
        elif accept("bB"):
            base = 2
    digits = _DIGITS[base]
    pos = digits.match(text, pos).end()  # type: ignore[union-attr]
    if accept("."):
        pos = digits.match(text, pos).end()  # type: ignore[union-attr]
    if base == 10 and accept("eE"):
        accept("+-")
        pos = _EXP_DIGITS.match(text, pos).end()  # type: ignore[union-attr]
    if base == 16 and accept("pP"):
        accept("+-")
        pos = _EXP_DIGITS.match(text, pos).end()  # type: ignore[union-attr]
    accept("i")
    if pos < size and _is_alnum(text[pos]):
        return False, pos + 1
    return True, pos


# ============================================================================ strconv: numbers


def _underscore_ok(text: str) -> bool:
    """Go's ``underscoreOK``: underscores only between digits (or after a base prefix)."""
    saw = "^"
    i = 0
    if text[:1] in ("+", "-"):
        text = text[1:]
    hexa = False
    if len(text) >= 2 and text[0] == "0" and text[1] in "bBoOxX":
        i = 2
        saw = "0"
        hexa = text[1] in "xX"
    while i < len(text):
        char = text[i]
        if "0" <= char <= "9" or (hexa and char in "abcdefABCDEF"):
            saw = "0"
        elif char == "_":
            if saw != "0":
                return False
            saw = "_"
        else:
            if saw == "_":
                return False
            saw = "!"
        i += 1
    return saw != "_"


_MAX_DIGITS = {2: 64, 8: 22, 10: 20, 16: 16}
_BASE_DIGITS = {2: "01", 8: "01234567", 10: "0123456789", 16: "0123456789abcdefABCDEF"}


def _parse_go_int(text: str, signed: bool) -> int | None:
    """``strconv.ParseInt(text, 0, 64)`` / ``ParseUint``: the value, or None on an error."""
    body = text
    negative = False
    if signed and body[:1] in ("+", "-"):
        negative = body[0] == "-"
        body = body[1:]
    if not body:
        return None
    original = body
    base = 10
    if body[0] == "0":
        if len(body) >= 3 and body[1] in "bB":
            base, body = 2, body[2:]
        elif len(body) >= 3 and body[1] in "oO":
            base, body = 8, body[2:]
        elif len(body) >= 3 and body[1] in "xX":
            base, body = 16, body[2:]
        else:
            base, body = 8, body[1:]
    digits = _BASE_DIGITS[base]
    underscores = False
    for char in body:
        if char == "_":
            underscores = True
        elif char not in digits:
            return None
    if underscores and not _underscore_ok(original):
        return None
    clean = body.replace("_", "").lstrip("0")
    if len(clean) > _MAX_DIGITS[base]:
        return None  # past 64 bits (and no quadratic int() of a long text)
    value = int(clean, base) if clean else 0
    if signed:
        if negative:
            value = -value
        return value if -(1 << 63) <= value < 1 << 63 else None
    return value if value < 1 << 64 else None


_FLOAT10 = re.compile(r"[0-9_]*\.?[0-9_]*(?:[eE][+-]?[0-9_]+)?")
_FLOAT16 = re.compile(r"[0-9a-fA-F_]*\.?[0-9a-fA-F_]*[pP][+-]?[0-9_]+")


def _parse_go_float(text: str) -> float | None:
    """``strconv.ParseFloat(text, 64)``: the value, or None on a syntax or range error."""
    body = text
    sign = ""
    if body[:1] in ("+", "-"):
        sign, body = body[0], body[1:]
    if body.lower() in ("inf", "infinity", "nan"):
        return float(sign + body)
    hexa = body[:2] in ("0x", "0X")
    mantissa = body[2:] if hexa else body
    pattern = _FLOAT16 if hexa else _FLOAT10
    if not pattern.fullmatch(mantissa):
        return None
    if not any(c in "0123456789abcdefABCDEF" for c in mantissa.split("p")[0].split("P")[0]):
        return None
    if not hexa and not any(c.isdigit() for c in mantissa.split("e")[0].split("E")[0]):
        return None
    if "_" in body and not _underscore_ok(body):
        return None
    clean = body.replace("_", "")
    try:
        value = float.fromhex(sign + clean) if hexa else float(sign + clean)
    except (ValueError, OverflowError):
        return None
    if math.isinf(value):
        return None
    return value


def _unquote_char(text: str, i: int, quote_char: str) -> tuple[int, bool, int] | None:
    """``strconv.UnquoteChar`` at ``text[i:]``: (the rune or byte, whether it is a byte
    escape, the index after it), or None (``invalid syntax``)."""
    if i >= len(text):
        return None
    char = text[i]
    if char == quote_char:
        return None
    if char != "\\":
        if 0xD800 <= ord(char) <= 0xDFFF:  # a byte that is not UTF-8
            return 0xFFFD, False, i + 1
        return ord(char), False, i + 1
    if i + 1 >= len(text):
        return None
    code = text[i + 1]
    simple = _SIMPLE_ESCAPES.get(code)
    if simple is not None:
        return simple, False, i + 2
    if code in "xuU":
        size = {"x": 2, "u": 4, "U": 8}[code]
        digits = text[i + 2 : i + 2 + size]
        if len(digits) < size or not all(c in "0123456789abcdefABCDEF" for c in digits):
            return None
        value = int(digits, 16)
        if code == "x":
            return value, True, i + 2 + size
        if value > 0x10FFFF or 0xD800 <= value <= 0xDFFF:
            return None
        return value, False, i + 2 + size
    if "0" <= code <= "7":
        digits = text[i + 1 : i + 4]
        if len(digits) < 3 or not all("0" <= c <= "7" for c in digits):
            return None
        value = int(digits, 8)
        if value > 255:
            return None
        return value, True, i + 4
    if code in "'\"":
        if code != quote_char:
            return None
        return ord(code), False, i + 2
    return None


_SIMPLE_ESCAPES = {"a": 7, "b": 8, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11, "\\": 92}


def _unquote(literal: str) -> str | None:
    """``strconv.Unquote`` of a Go string literal, or None (``invalid syntax``)."""
    if len(literal) < 2:
        return None
    if literal[0] == "`":
        if literal[-1] != "`" or "`" in literal[1:-1]:
            return None
        return literal[1:-1].replace("\r", "")
    if literal[0] != '"' or literal[-1] != '"':
        return None
    body = literal[1:-1]
    if "\\" not in body and '"' not in body and not _has_surrogates(body):
        return body
    out = bytearray()
    i = 0
    while i < len(body):
        result = _unquote_char(body, i, '"')
        if result is None:
            return None
        value, is_byte, i = result
        out += bytes([value]) if is_byte else chr(value).encode("utf-8")
    return _s(bytes(out))


def _has_surrogates(text: str) -> bool:
    return not text.isascii() and any(0xD800 <= ord(c) <= 0xDFFF for c in text)


# ============================================================================ parse trees


class _Node:
    """A parse tree node; ``pos`` is a character offset in the template text."""

    __slots__ = ("pos",)
    kind = "node"

    def __init__(self, pos: int) -> None:
        self.pos = pos

    def text(self) -> str:
        """Go's ``Node.String()``."""
        raise NotImplementedError


class _TextNode(_Node):
    __slots__ = ("value",)
    kind = "text"

    def __init__(self, pos: int, value: str) -> None:
        super().__init__(pos)
        self.value = value

    def text(self) -> str:
        return self.value


class _Ident(_Node):
    __slots__ = ("name",)
    kind = "identifier"

    def __init__(self, pos: int, name: str) -> None:
        super().__init__(pos)
        self.name = name

    def text(self) -> str:
        return self.name


class _Dot(_Node):
    __slots__ = ()
    kind = "dot"

    def text(self) -> str:
        return "."


class _Nil(_Node):
    __slots__ = ()
    kind = "nil"

    def text(self) -> str:
        return "nil"


class _Bool(_Node):
    __slots__ = ("value",)
    kind = "bool"

    def __init__(self, pos: int, value: bool) -> None:
        super().__init__(pos)
        self.value = value

    def text(self) -> str:
        return "true" if self.value else "false"


class _String(_Node):
    __slots__ = ("quoted", "value")
    kind = "string"

    def __init__(self, pos: int, quoted: str, value: str) -> None:
        super().__init__(pos)
        self.quoted = quoted
        self.value = value

    def text(self) -> str:
        return self.quoted


class _Number(_Node):
    __slots__ = ("complex", "float", "int", "is_complex", "is_float", "is_int", "is_uint",
                 "source", "uint")  # fmt: skip
    kind = "number"

    def __init__(self, pos: int, source: str) -> None:
        super().__init__(pos)
        self.source = source
        self.is_int = self.is_uint = self.is_float = self.is_complex = False
        self.int = self.uint = 0
        self.float = 0.0
        self.complex = 0j

    def text(self) -> str:
        return self.source


class _Field(_Node):
    __slots__ = ("idents",)
    kind = "field"

    def __init__(self, pos: int, idents: list[str]) -> None:
        super().__init__(pos)
        self.idents = idents

    def text(self) -> str:
        return "".join("." + i for i in self.idents)


class _Variable(_Node):
    __slots__ = ("idents",)
    kind = "variable"

    def __init__(self, pos: int, idents: list[str]) -> None:
        super().__init__(pos)
        self.idents = idents

    def text(self) -> str:
        return ".".join(self.idents)


class _Chain(_Node):
    __slots__ = ("fields", "node")
    kind = "chain"

    def __init__(self, pos: int, node: _Node) -> None:
        super().__init__(pos)
        self.node = node
        self.fields: list[str] = []

    def text(self) -> str:
        head = self.node.text()
        if isinstance(self.node, _Pipe):
            head = "(" + head + ")"
        return head + "".join("." + f for f in self.fields)


class _Command(_Node):
    __slots__ = ("args",)
    kind = "command"

    def __init__(self, pos: int) -> None:
        super().__init__(pos)
        self.args: list[_Node] = []

    def text(self) -> str:
        parts = []
        for arg in self.args:
            parts.append("(" + arg.text() + ")" if isinstance(arg, _Pipe) else arg.text())
        return " ".join(parts)


class _Pipe(_Node):
    __slots__ = ("cmds", "decl", "is_assign")
    kind = "pipe"

    def __init__(self, pos: int) -> None:
        super().__init__(pos)
        self.decl: list[_Variable] = []
        self.cmds: list[_Command] = []
        self.is_assign = False

    def text(self) -> str:
        head = ""
        if self.decl:
            head = ", ".join(v.text() for v in self.decl) + " := "
        return head + " | ".join(c.text() for c in self.cmds)


class _Action(_Node):
    __slots__ = ("pipe",)
    kind = "action"

    def __init__(self, pos: int, pipe: _Pipe) -> None:
        super().__init__(pos)
        self.pipe = pipe

    def text(self) -> str:
        return "{{" + self.pipe.text() + "}}"


class _List(_Node):
    __slots__ = ("nodes",)
    kind = "list"

    def __init__(self, pos: int) -> None:
        super().__init__(pos)
        self.nodes: list[_Node] = []

    def text(self) -> str:
        return _tree_text(self)


class _Branch(_Node):
    """``{{if}}``, ``{{range}}`` or ``{{with}}``."""

    __slots__ = ("else_list", "list", "name", "pipe")
    kind = "branch"

    def __init__(self, name: str, pos: int, pipe: _Pipe, body: _List, else_list: _List | None):
        super().__init__(pos)
        self.name = name
        self.pipe = pipe
        self.list = body
        self.else_list = else_list

    def text(self) -> str:
        return _tree_text(self)


class _TemplateCall(_Node):
    __slots__ = ("name", "pipe")
    kind = "template"

    def __init__(self, pos: int, name: str, pipe: _Pipe | None) -> None:
        super().__init__(pos)
        self.name = name
        self.pipe = pipe

    def text(self) -> str:
        tail = " " + self.pipe.text() if self.pipe is not None else ""
        return "{{template " + quote(self.name) + tail + "}}"


class _Jump(_Node):
    """``{{break}}`` or ``{{continue}}``."""

    __slots__ = ("word",)
    kind = "jump"

    def __init__(self, pos: int, word: str) -> None:
        super().__init__(pos)
        self.word = word

    def text(self) -> str:
        return "{{" + self.word + "}}"


class _Marker(_Node):
    """``{{end}}`` or ``{{else}}`` (never in a finished tree)."""

    __slots__ = ("word",)
    kind = "marker"

    def __init__(self, pos: int, word: str) -> None:
        super().__init__(pos)
        self.word = word

    def text(self) -> str:
        return "{{" + self.word + "}}"


def _tree_text(root: _Node) -> str:
    """``String()`` of a list or branch node, with an explicit stack (any nesting)."""
    out: list[str] = []
    stack: list[Any] = [root]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, _List):
            stack.extend(reversed(item.nodes))
        elif isinstance(item, _Branch):
            tail: list[Any] = [item.list]
            if item.else_list is not None:
                tail += ["{{else}}", item.else_list]
            tail.append("{{end}}")
            stack.extend(reversed(["{{" + item.name + " " + item.pipe.text() + "}}", *tail]))
        else:
            out.append(item.text())
    return "".join(out)


def _is_empty_tree(root: _List) -> bool:
    """Go's ``IsEmptyTree``: only white space."""
    for node in root.nodes:
        if not isinstance(node, _TextNode) or node.value.strip(_GO_SPACE):
            return False
    return True


_GO_SPACE = "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"  # noqa: E501


# ============================================================================ parser


class _ParseError(Exception):
    """Go's parse error text (``template: :LINE: ...``)."""

    def __init__(self, message: str, pos: int) -> None:
        super().__init__(message)
        self.pos = pos


_OPERAND_STARTS = frozenset(
    {"bool", "charconst", "complex", "dot", "field", "identifier", "number", "nil",
     "rawstring", "string", "variable", "leftparen"}
)  # fmt: skip
_LITERAL_KINDS = (_Bool, _Dot, _Nil, _Number, _String)


class _Scope:
    """Variable names in scope while parsing: a stack, with counts for constant-time lookups."""

    __slots__ = ("counts", "names")

    def __init__(self) -> None:
        self.names = ["$"]
        self.counts = {"$": 1}

    def __len__(self) -> int:
        return len(self.names)

    def __contains__(self, name: object) -> bool:
        return bool(self.counts.get(name, 0))  # type: ignore[call-overload]

    def append(self, name: str) -> None:
        self.names.append(name)
        self.counts[name] = self.counts.get(name, 0) + 1

    def pop_to(self, mark: int) -> None:
        while len(self.names) > mark:
            self.counts[self.names.pop()] -= 1


class _Frame:
    """An open block while parsing: the root, a ``{{define}}``/``{{block}}`` body, or an
    ``{{if}}``/``{{range}}``/``{{with}}`` whose ``{{end}}`` has not come yet."""

    __slots__ = ("chained", "context", "else_list", "in_else", "list", "mark", "name",
                 "pipe", "pos", "saved", "start")  # fmt: skip

    def __init__(self, context: str, body: _List) -> None:
        self.context = context
        self.list = body
        self.pipe: _Pipe | None = None
        self.else_list: _List | None = None
        self.in_else = False
        self.chained = False
        self.mark = 0
        self.pos = 0
        self.name = ""
        self.saved: tuple[Any, ...] = ()
        self.start = 0


class _Parser:
    """Go's text/template parser (parse/parse.go, Go 1.19).

    The grammar (Go's; ``*`` repetition, ``|`` alternatives)::

        template    = { text | comment | action | define } ;
        define      = "{{" "define" string "}}" list "{{" "end" "}}" ;
        action      = "{{" ( control | pipeline ) "}}" ;
        control     = "if" pipeline "}}" list [ else-if | "{{" "else" "}}" list ] "{{" "end"
                    | "range" pipeline "}}" list [ "{{" "else" "}}" list ] "{{" "end"
                    | "with" pipeline "}}" list [ "{{" "else" "}}" list ] "{{" "end"
                    | "template" string [ pipeline ]
                    | "block" string pipeline "}}" list "{{" "end"
                    | "break" | "continue" ;                 (* inside a range *)
        else-if     = "{{" "else" "if" pipeline "}}" list ... ;  (* one end for the chain *)
        pipeline    = [ declaration ] command { "|" command } ;
        declaration = variable ( ":=" | "=" )
                    | variable "," variable ":=" ;           (* range only *)
        command     = operand { space operand } ;
        operand     = term { field } ;
        term        = literal | function | "." | field | variable | "(" pipeline ")" ;
        literal     = number | string | raw-string | character | "true" | "false" | "nil" ;

    Blocks nest on an explicit stack of frames, not on the Python stack, so any nesting
    parses; parentheses nest at most ``MAX_NESTING`` deep (the model's limit). Go's three
    token look-ahead, its variable scopes and its error texts (with the line of the last
    token read) are kept as they are.
    """

    def __init__(self, text: str, functions: frozenset[str]) -> None:
        self.text = text
        self.functions = functions
        self.lexer = _lex(text)
        self.tokens: list[_Item] = [_Item("eof", 0, "")] * 3
        self.peek_count = 0
        self.vars = _Scope()
        self.action_line = 0
        self.range_depth = 0
        self.nesting = 0
        self.trees: dict[str, _List] = {}
        self.newlines = [i for i, c in enumerate(text) if c == "\n"] if "\n" in text else []

    # ------------------------------------------------------------------ tokens

    def line(self, pos: int) -> int:
        return bisect.bisect_left(self.newlines, pos) + 1

    def lex_next(self) -> _Item:
        item = next(self.lexer, None)
        if item is None:
            return _Item("error", len(self.text), "")
        return item

    def next(self) -> _Item:
        if self.peek_count > 0:
            self.peek_count -= 1
        else:
            self.tokens[0] = self.lex_next()
        return self.tokens[self.peek_count]

    def backup(self) -> None:
        self.peek_count += 1

    def backup2(self, t1: _Item) -> None:
        self.tokens[1] = t1
        self.peek_count = 2

    def backup3(self, t2: _Item, t1: _Item) -> None:
        self.tokens[1] = t1
        self.tokens[2] = t2
        self.peek_count = 3

    def peek(self) -> _Item:
        if self.peek_count > 0:
            return self.tokens[self.peek_count - 1]
        self.peek_count = 1
        self.tokens[0] = self.lex_next()
        return self.tokens[0]

    def next_non_space(self) -> _Item:
        while True:
            token = self.next()
            if token.typ != "space":
                return token

    def peek_non_space(self) -> _Item:
        token = self.next_non_space()
        self.backup()
        return token

    # ------------------------------------------------------------------ errors

    def errorf(self, message: str) -> None:
        token = self.tokens[0]
        raise _ParseError(f"template: :{self.line(token.pos)}: {message}", token.pos)

    def unexpected(self, token: _Item, context: str) -> None:
        if token.typ == "error":
            extra = ""
            line = self.line(token.pos)
            if self.action_line not in (0, line):
                extra = f" in action started at :{self.action_line}"
                if token.val.endswith(" action"):
                    extra = extra[len(" in action") :]
            self.errorf(f"{token.describe()}{extra}")
        self.errorf(f"unexpected {token.describe()} in {context}")

    def expect(self, expected: str, context: str) -> _Item:
        token = self.next_non_space()
        if token.typ != expected:
            self.unexpected(token, context)
        return token

    # ------------------------------------------------------------------ the tree

    def parse(self) -> dict[str, _List]:
        root = _List(0)
        stack = [_Frame("root", root)]
        while True:
            frame = stack[-1]
            if frame.context == "root":
                if self.peek().typ == "eof":
                    break
                if self.peek().typ == "leftdelim":
                    delim = self.next()
                    if self.next_non_space().typ == "define":
                        self.open_define(stack)
                        continue
                    self.backup2(delim)
            elif self.peek_non_space().typ == "eof":
                self.errorf("unexpected EOF")
            node = self.text_or_action(stack)
            if node is None:
                continue
            if isinstance(node, _Marker):
                self.close(stack, node)
            else:
                _current(stack[-1]).nodes.append(node)
        self.add("", root)
        return self.trees

    def add(self, name: str, root: _List) -> None:
        tree = self.trees.get(name)
        if tree is None or _is_empty_tree(tree):
            self.trees[name] = root
            return
        if not _is_empty_tree(root):
            self.errorf(f"template: multiple definition of template {quote(name)}")

    def text_or_action(self, stack: list[_Frame]) -> _Node | None:
        token = self.next_non_space()
        if token.typ == "text":
            return _TextNode(token.pos, token.val)
        if token.typ == "leftdelim":
            self.action_line = self.line(token.pos)
            node = self.action(stack)
            if node is not None:
                self.action_line = 0
            return node
        self.unexpected(token, "input")
        raise AssertionError  # unexpected raises

    def action(self, stack: list[_Frame]) -> _Node | None:
        token = self.next_non_space()
        typ = token.typ
        if typ == "block":
            self.open_block(stack, token)
            return None
        if typ in ("break", "continue"):
            after = self.next_non_space()
            if after.typ != "rightdelim":
                self.unexpected(after, "{{" + typ + "}}")
            if self.range_depth == 0:
                self.errorf("{{" + typ + "}} outside {{range}}")
            return _Jump(token.pos, typ)
        if typ == "else":
            peek = self.peek_non_space()
            if peek.typ == "if":
                return _Marker(peek.pos, "else")
            return _Marker(self.expect("rightdelim", "else").pos, "else")
        if typ == "end":
            return _Marker(self.expect("rightdelim", "end").pos, "end")
        if typ in ("if", "range", "with"):
            self.open_control(stack, typ)
            return None
        if typ == "template":
            name_token = self.next_non_space()
            name = self.template_name(name_token, "template clause")
            pipe = None
            if self.next_non_space().typ != "rightdelim":
                self.backup()
                pipe = self.pipeline("template clause", "rightdelim")
            return _TemplateCall(name_token.pos, name, pipe)
        self.backup()
        start = self.peek()
        return _Action(start.pos, self.pipeline("command", "rightdelim"))

    def template_name(self, token: _Item, context: str) -> str:
        if token.typ in ("string", "rawstring"):
            name = _unquote(token.val)
            if name is None:
                self.errorf("invalid syntax")
            assert name is not None
            return name
        self.unexpected(token, context)
        raise AssertionError

    def open_control(self, stack: list[_Frame], context: str, chained: bool = False) -> None:
        frame = _Frame(context, _List(0))
        frame.mark = len(self.vars)
        frame.pipe = self.pipeline(context, "rightdelim")
        frame.pos = frame.pipe.pos
        frame.chained = chained
        if context == "range":
            self.range_depth += 1
        stack.append(frame)

    def open_define(self, stack: list[_Frame]) -> None:
        saved = (self.vars, self.range_depth, self.action_line, self.tokens, self.peek_count)
        self.vars, self.range_depth, self.action_line = _Scope(), 0, 0
        self.tokens, self.peek_count = [self.tokens[0]] * 3, 0
        token = self.next_non_space()
        if token.typ not in ("string", "rawstring"):
            self.unexpected(token, "define clause")
        name = _unquote(token.val)
        if name is None:
            self.errorf("invalid syntax")
        self.expect("rightdelim", "define clause")
        frame = _Frame("define clause", _List(0))
        frame.name = name or ""
        frame.saved = saved
        stack.append(frame)

    def open_block(self, stack: list[_Frame], token: _Item) -> None:
        name_token = self.next_non_space()
        name = self.template_name(name_token, "block clause")
        pipe = self.pipeline("block clause", "rightdelim")
        saved = (self.vars, self.range_depth, self.action_line, self.tokens, self.peek_count)
        self.vars, self.range_depth, self.action_line = _Scope(), 0, 0
        self.tokens, self.peek_count = [self.tokens[0]] * 3, 0
        frame = _Frame("block clause", _List(0))
        frame.name = name
        frame.pipe = pipe
        frame.pos = name_token.pos
        frame.saved = saved
        stack.append(frame)

    def close(self, stack: list[_Frame], marker: _Marker) -> None:
        frame = stack[-1]
        if frame.context == "root":
            self.errorf(f"unexpected {marker.text()}")
        if frame.context in ("define clause", "block clause"):
            if marker.word != "end":
                self.errorf(f"unexpected {marker.text()} in {frame.context}")
            self.add(frame.name, frame.list)
            stack.pop()
            (self.vars, self.range_depth, _, self.tokens, self.peek_count) = frame.saved
            self.action_line = 0
            if frame.context == "block clause":
                _current(stack[-1]).nodes.append(_TemplateCall(frame.pos, frame.name, frame.pipe))
            return
        if marker.word == "else":
            if frame.in_else:
                self.errorf(f"expected end; found {marker.text()}")
            if frame.context == "range":
                self.range_depth -= 1
            frame.in_else = True
            frame.else_list = _List(marker.pos)
            if frame.context == "if" and self.peek().typ == "if":
                self.next()
                self.open_control(stack, "if", chained=True)
            return
        # {{end}}: close this block, and the if blocks an else-if chain opened
        while True:
            frame = stack.pop()
            if frame.context == "range" and not frame.in_else:
                self.range_depth -= 1
            self.vars.pop_to(frame.mark)
            assert frame.pipe is not None
            node = _Branch(frame.context, frame.pos, frame.pipe, frame.list, frame.else_list)
            _current(stack[-1]).nodes.append(node)
            if not frame.chained:
                return

    # ------------------------------------------------------------------ pipelines

    def pipeline(self, context: str, end: str) -> _Pipe:
        token = self.peek_non_space()
        pipe = _Pipe(token.pos)
        while True:
            v = self.peek_non_space()
            if v.typ != "variable":
                break
            self.next()
            after = self.peek()
            following = self.peek_non_space()
            if following.typ in ("assign", "declare"):
                pipe.is_assign = following.typ == "assign"
                self.next_non_space()
                pipe.decl.append(_Variable(v.pos, v.val.split(".")))
                self.vars.append(v.val)
            elif following.typ == "char" and following.val == ",":
                self.next_non_space()
                pipe.decl.append(_Variable(v.pos, v.val.split(".")))
                self.vars.append(v.val)
                if context == "range" and len(pipe.decl) < 2:
                    if self.peek_non_space().typ in ("variable", "rightdelim", "rightparen"):
                        continue
                    self.errorf("range can only initialize variables")
                self.errorf(f"too many declarations in {context}")
            elif after.typ == "space":
                self.backup3(v, after)
            else:
                self.backup2(v)
            break
        while True:
            token = self.next_non_space()
            if token.typ == end:
                self.check_pipeline(pipe, context)
                return pipe
            if token.typ in _OPERAND_STARTS:
                self.backup()
                pipe.cmds.append(self.command())
            else:
                self.unexpected(token, context)

    def check_pipeline(self, pipe: _Pipe, context: str) -> None:
        if not pipe.cmds:
            self.errorf(f"missing value for {context}")
        for i, cmd in enumerate(pipe.cmds[1:]):
            if isinstance(cmd.args[0], _LITERAL_KINDS):
                self.errorf(f"non executable command in pipeline stage {i + 2}")

    def command(self) -> _Command:
        cmd = _Command(self.peek_non_space().pos)
        while True:
            self.peek_non_space()
            operand = self.operand()
            if operand is not None:
                cmd.args.append(operand)
            token = self.next()
            if token.typ == "space":
                continue
            if token.typ in ("rightdelim", "rightparen"):
                self.backup()
            elif token.typ != "pipe":
                self.unexpected(token, "operand")
            break
        if not cmd.args:
            self.errorf("empty command")
        return cmd

    def operand(self) -> _Node | None:
        node = self.term()
        if node is None:
            return None
        if self.peek().typ == "field":
            chain = _Chain(self.peek().pos, node)
            while self.peek().typ == "field":
                chain.fields.append(self.next().val[1:])
            if isinstance(node, _Field):
                return _Field(chain.pos, chain.text()[1:].split("."))
            if isinstance(node, _Variable):
                return _Variable(chain.pos, chain.text().split("."))
            if isinstance(node, _LITERAL_KINDS):
                self.errorf(f"unexpected . after term {quote(node.text())}")
            return chain
        return node

    def term(self) -> _Node | None:
        token = self.next_non_space()
        typ = token.typ
        if typ == "identifier":
            if token.val not in self.functions:
                self.errorf(f"function {quote(token.val)} not defined")
            return _Ident(token.pos, token.val)
        if typ == "dot":
            return _Dot(token.pos)
        if typ == "nil":
            return _Nil(token.pos)
        if typ == "variable":
            name = token.val.split(".")[0]
            if name not in self.vars:
                self.errorf(f"undefined variable {quote(name)}")
            return _Variable(token.pos, token.val.split("."))
        if typ == "field":
            return _Field(token.pos, token.val[1:].split("."))
        if typ == "bool":
            return _Bool(token.pos, token.val == "true")
        if typ in ("charconst", "complex", "number"):
            return self.number(token)
        if typ == "leftparen":
            self.nesting += 1
            if self.nesting > MAX_NESTING:
                raise InspectError(
                    f"template: parentheses nested deeper than {MAX_NESTING} (the model's limit)"
                )
            pipe = self.pipeline("parenthesized pipeline", "rightparen")
            self.nesting -= 1
            return pipe
        if typ in ("string", "rawstring"):
            value = _unquote(token.val)
            if value is None:
                self.errorf("invalid syntax")
            assert value is not None
            return _String(token.pos, token.val, value)
        self.backup()
        return None

    def number(self, token: _Item) -> _Number:
        """Go's ``newNumber``."""
        text = token.val
        n = _Number(token.pos, text)
        if token.typ == "charconst":
            result = _unquote_char(text, 1, "'")
            if result is None:
                self.errorf("invalid syntax")
            assert result is not None
            value, _, after = result
            if text[after:] != "'":
                self.errorf(f"malformed character constant: {text}")
            n.int = n.uint = value
            n.float = float(value)
            n.is_int = n.is_uint = n.is_float = True
            return n
        if token.typ == "complex":
            parsed = _parse_complex(text)
            if parsed is None:
                self.errorf(f"expected integer; found {text}")
            assert parsed is not None
            n.is_complex = True
            n.complex = parsed
            _simplify_complex(n)
            return n
        if text.endswith("i"):
            imag = _parse_go_float(text[:-1])
            if imag is not None:
                n.is_complex = True
                n.complex = complex(0, imag)
                _simplify_complex(n)
                return n
        unsigned = _parse_go_int(text, False)
        if unsigned is not None:
            n.is_uint = True
            n.uint = unsigned
        signed = _parse_go_int(text, True)
        if signed is not None:
            n.is_int = True
            n.int = signed
            if signed == 0:
                n.is_uint = True
                n.uint = unsigned or 0
        if n.is_int:
            n.is_float = True
            n.float = float(n.int)
        elif n.is_uint:
            n.is_float = True
            n.float = float(n.uint)
        else:
            number = _parse_go_float(text)
            if number is not None:
                if not any(c in text for c in ".eEpP"):
                    self.errorf(f"integer overflow: {quote(text)}")
                n.is_float = True
                n.float = number
                if number.is_integer() and -(2**63) <= number < 2**63:
                    n.is_int = True
                    n.int = int(number)
                if number.is_integer() and 0 <= number < 2**64:
                    n.is_uint = True
                    n.uint = int(number)
        if not (n.is_int or n.is_uint or n.is_float):
            self.errorf(f"illegal number syntax: {quote(text)}")
        return n


def _current(frame: _Frame) -> _List:
    """The list the frame's next node goes to (its else list after an else)."""
    if frame.in_else and frame.else_list is not None:
        return frame.else_list
    return frame.list


def _simplify_complex(n: _Number) -> None:
    n.is_float = n.complex.imag == 0
    if n.is_float:
        n.float = n.complex.real
        n.is_int = n.float.is_integer() and -(2**63) <= n.float < 2**63
        if n.is_int:
            n.int = int(n.float)
        n.is_uint = n.float.is_integer() and 0 <= n.float < 2**64
        if n.is_uint:
            n.uint = int(n.float)


def _parse_complex(text: str) -> complex | None:
    """``fmt.Sscan`` of ``real±imag i`` as the lexer found it."""
    body = text[:-1]
    for i in range(len(body) - 1, 0, -1):
        if body[i] in "+-" and body[i - 1] not in "eEpP":
            real = _parse_go_float(body[:i])
            imag = _parse_go_float(body[i:])
            if real is None or imag is None:
                return None
            return complex(real, imag)
    return None


# ============================================================================ execution


class _ExecError(Exception):
    """Go's execution error text (``template: :L:C: executing "" at <...>: ...``)."""

    def __init__(self, message: str, pos: int | None) -> None:
        super().__init__(message)
        self.pos = pos


class _CallError(Exception):
    """A function's error value (text/template reports ``error calling NAME: <it>``)."""


class _Func(NamedTuple):
    """A template function: parameter types (the last one the element type of a variadic
    parameter), and the implementation (the state and the argument values -> the result)."""

    params: tuple[_Type, ...]
    variadic: bool
    impl: Callable[[_State, list[_V]], _V]


_MISSING = _V(_Type("missing", "missingValType"), None)
_MAX_TEMPLATE_DEPTH = 100000


class _State:
    """One execution (Go's ``state``): the variables, the node errors name, the output."""

    def __init__(
        self,
        program: _Program,
        missing_error: bool,
        functions: dict[str, tuple[_Func, bool]],
    ) -> None:
        self.program = program
        self.missing_error = missing_error
        self.functions = functions
        self.tmpl = ""
        self.node: _Node | None = None
        self.vars = _Vars(_INVALID)
        self.depth = 0
        self.out: list[str] = []
        self.printed = 0
        self.produced = 0
        self.comparable: dict[int, bool] = {}  # struct id -> comparable (see _comparable)
        self.steps = 0

    # ------------------------------------------------------------------ errors and limits

    def errorf(self, message: str) -> None:
        node = self.node
        if node is None:
            raise _ExecError(f"template: {self.tmpl}: {message}", None)
        text = self.program.text
        pos = node.pos
        line_start = text.rfind("\n", 0, pos) + 1
        line = text.count("\n", 0, pos) + 1 if line_start else 1
        column = _blen(text[line_start:pos])
        raise _ExecError(
            f"template: :{line}:{column}: executing {quote(self.tmpl)} at <{node.text()}>: "
            f"{message}",
            pos,
        )

    def step(self, count: int = 1) -> None:
        self.steps += count
        if self.steps > MAX_STEPS:
            raise InspectError(
                f"template: execution stopped after {MAX_STEPS} steps (the model's limit)"
            )

    def made(self, size: int) -> None:
        """Count text functions made (printed or not: ``{{$x := json .}}`` in a loop)."""
        self.produced += size
        if self.produced > MAX_OUTPUT:
            raise InspectError(
                f"template: functions made more than {MAX_OUTPUT} characters of text "
                "(the model's limit)"
            )

    def write(self, piece: str) -> None:
        self.printed += len(piece)
        if self.printed > MAX_OUTPUT:
            raise InspectError(
                f"template: output longer than {MAX_OUTPUT} characters (the model's limit)"
            )
        self.out.append(piece)

    # ------------------------------------------------------------------ walking

    def run(self, name: str, dot: _V) -> str:
        tree = self.program.trees.get(name)
        self.tmpl = name
        self.vars = _Vars(dot)
        if tree is None:
            self.errorf(f"{quote(name)} is an incomplete or empty template")
        assert tree is not None
        stack: list[list[Any]] = [["list", tree.nodes, 0, dot]]
        while stack:
            frame = stack[-1]
            kind = frame[0]
            if kind == "list":
                nodes, i = frame[1], frame[2]
                if i >= len(nodes):
                    stack.pop()
                    continue
                frame[2] = i + 1
                self.walk(nodes[i], frame[3], stack)
            elif kind == "range":
                self.iterate(frame, stack)
            elif kind == "pop":
                self.vars.pop_to(frame[1])
                stack.pop()
            else:  # "call": back from {{template}}
                _, self.vars, self.tmpl, self.depth = frame
                stack.pop()
        return "".join(self.out)

    def walk(self, node: _Node, dot: _V, stack: list[list[Any]]) -> None:
        self.step()
        self.node = node
        if isinstance(node, _TextNode):
            self.write(node.value)
        elif isinstance(node, _Action):
            value = self.eval_pipeline(dot, node.pipe)
            if not node.pipe.decl:
                self.print_value(node, value)
        elif isinstance(node, _Branch):
            if node.name == "range":
                self.walk_range(node, dot, stack)
                return
            mark = len(self.vars)
            value = self.eval_pipeline(dot, node.pipe)
            truth, ok = _is_true(_unwrap(value))
            if not ok:
                self.errorf(f"if/with can't use {_sprint([_any(value)])}")
            body = node.list if truth else node.else_list
            if body is None:
                self.vars.pop_to(mark)
                return
            stack.append(["pop", mark])
            stack.append(["list", body.nodes, 0, value if truth and node.name == "with" else dot])
        elif isinstance(node, _TemplateCall):
            tree = self.program.trees.get(node.name)
            if tree is None:
                self.errorf(f"template {quote(node.name)} not defined")
            assert tree is not None
            if self.depth >= _MAX_TEMPLATE_DEPTH:
                self.errorf(f"exceeded maximum template depth ({_MAX_TEMPLATE_DEPTH})")
            new_dot = self.eval_pipeline(dot, node.pipe)
            stack.append(["call", self.vars, self.tmpl, self.depth])  # restored on return
            self.vars = _Vars(new_dot)
            self.tmpl = node.name
            self.depth += 1
            stack.append(["list", tree.nodes, 0, new_dot])
        elif isinstance(node, _Jump):
            while stack:
                frame = stack[-1]
                if frame[0] == "range":
                    if node.word == "break":
                        self.vars.pop_to(frame[8])
                        stack.pop()
                    return
                if frame[0] == "pop":
                    self.vars.pop_to(frame[1])
                stack.pop()

    def walk_range(self, node: _Branch, dot: _V, stack: list[list[Any]]) -> None:
        self.node = node
        outer_mark = len(self.vars)
        value, _ = _indirect(self.eval_pipeline(dot, node.pipe))
        mark = len(self.vars)
        kind = value.t.kind
        items: Any = None
        count = 0
        if kind == "slice":
            count = _length(value)
        elif kind == "map":
            items = _map_items(value)
            count = len(items)
        elif kind != "invalid":
            self.errorf(f"range can't iterate over {_sprint([_any(value)])}")
        if count == 0:
            if node.else_list is not None:
                stack.append(["pop", outer_mark])
                stack.append(["list", node.else_list.nodes, 0, dot])
            else:
                self.vars.pop_to(outer_mark)
            return
        self.step(count)
        if not node.list.nodes:  # an empty body: the elements are visited (counted), no more
            self.vars.pop_to(outer_mark)
            return
        # frame: kind, node, value, items, next index, count, mark, dot, outer mark
        stack.append(["range", node, value, items, 0, count, mark, dot, outer_mark])

    def iterate(self, frame: list[Any], stack: list[list[Any]]) -> None:
        _, node, value, items, i, count, mark, _, outer_mark = frame
        self.vars.pop_to(mark)
        if i >= count:
            self.vars.pop_to(outer_mark)
            stack.pop()
            return
        frame[4] = i + 1
        if items is None:
            key, elem = _V(_T_INT, i), _slice_elem(value, i)
        else:
            key, elem = items[i]
        decl = node.pipe.decl
        values = self.vars.values
        if decl:
            values[-1] = elem
        if len(decl) > 1:
            values[-2] = key
        stack.append(["list", node.list.nodes, 0, elem])

    def print_value(self, node: _Node, value: _V) -> None:
        self.node = node
        if value.t.kind == "func":
            self.errorf(f"can't print {node.text()} of type {value.t.name}")
        self.write(_text_of(value))

    # ------------------------------------------------------------------ evaluation

    def var_value(self, name: str) -> _V:
        place = self.vars.find(name)
        if place < 0:
            self.errorf(f"undefined variable: {name}")
        return self.vars.values[place]

    def set_var(self, name: str, value: _V) -> None:
        place = self.vars.find(name)
        if place < 0:
            self.errorf(f"undefined variable: {name}")
        self.vars.values[place] = value

    def eval_pipeline(self, dot: _V, pipe: _Pipe | None) -> _V:
        if pipe is None:
            return _INVALID
        self.node = pipe
        value = _MISSING
        for cmd in pipe.cmds:
            self.step()
            value = self.eval_command(dot, cmd, value)
            if value.t.kind == "interface":
                value = _unwrap(value)
        for variable in pipe.decl:
            if pipe.is_assign:
                self.set_var(variable.idents[0], value)
            else:
                self.vars.push(variable.idents[0], value)
        return value

    def not_a_function(self, args: list[_Node] | None, final: _V) -> None:
        if (args is not None and len(args) > 1) or final is not _MISSING:
            assert args is not None
            self.errorf(f"can't give argument to non-function {args[0].text()}")

    def eval_command(self, dot: _V, cmd: _Command, final: _V) -> _V:
        first = cmd.args[0]
        if isinstance(first, _Field):
            return self.eval_field_node(dot, first, cmd.args, final)
        if isinstance(first, _Chain):
            return self.eval_chain_node(dot, first, cmd.args, final)
        if isinstance(first, _Ident):
            return self.eval_function(dot, first, cmd, cmd.args, final)
        if isinstance(first, _Pipe):
            self.not_a_function(cmd.args, final)
            return self.eval_pipeline(dot, first)
        if isinstance(first, _Variable):
            return self.eval_variable_node(dot, first, cmd.args, final)
        self.node = first
        self.not_a_function(cmd.args, final)
        if isinstance(first, _Bool):
            return _V(_T_BOOL, first.value)
        if isinstance(first, _Dot):
            return dot
        if isinstance(first, _Nil):
            self.errorf("nil is not a command")
        if isinstance(first, _Number):
            return self.ideal_constant(first)
        if isinstance(first, _String):
            return _V(_T_STRING, first.value)
        self.errorf(f"can't evaluate command {quote(first.text())}")
        raise AssertionError

    def ideal_constant(self, n: _Number) -> _V:
        self.node = n
        text = n.source
        hex_int = (
            len(text) > 2
            and text[0] == "0"
            and text[1] in "xX"
            and not ("p" in text or "P" in text)
        )
        if n.is_complex:
            return _V(_T_COMPLEX, n.complex)
        if n.is_float and not hex_int and text[:1] != "'" and any(c in text for c in ".eEpP"):
            return _V(_T_FLOAT, n.float)
        if n.is_int:
            return _V(_T_INT, n.int)
        if n.is_uint:
            self.errorf(f"{text} overflows int")
        return _INVALID

    def eval_field_node(self, dot: _V, field: _Field, args: list[_Node] | None, final: _V) -> _V:
        self.node = field
        return self.eval_field_chain(dot, dot, field, field.idents, args, final=final)

    def eval_chain_node(self, dot: _V, chain: _Chain, args: list[_Node] | None, final: _V) -> _V:
        self.node = chain
        if isinstance(chain.node, _Nil):
            self.errorf(f"indirection through explicit nil in {chain.text()}")
        pipe = self.eval_arg(dot, None, chain.node)
        return self.eval_field_chain(dot, pipe, chain, chain.fields, args, final=final)

    def eval_variable_node(
        self, dot: _V, variable: _Variable, args: list[_Node] | None, final: _V
    ) -> _V:
        self.node = variable
        value = self.var_value(variable.idents[0])
        if len(variable.idents) == 1:
            self.not_a_function(args, final)
            return value
        return self.eval_field_chain(dot, value, variable, variable.idents[1:], args, final=final)

    def eval_field_chain(
        self,
        dot: _V,
        receiver: _V,
        node: _Node,
        idents: list[str],
        args: list[_Node] | None,
        *,
        final: _V,
    ) -> _V:
        for ident in idents[:-1]:
            self.step()
            receiver = self.eval_field(dot, ident, node, None, _MISSING, receiver=receiver)
        self.step()
        return self.eval_field(dot, idents[-1], node, args, final, receiver=receiver)

    def eval_function(
        self, dot: _V, node: _Ident, cmd: _Node, args: list[_Node] | None, final: _V
    ) -> _V:
        self.node = node
        function, builtin = self.functions[node.name]
        return self.eval_call(dot, function, builtin, cmd, node.name, args=args, final=final)

    def eval_field(
        self,
        dot: _V,
        name: str,
        node: _Node,
        args: list[_Node] | None,
        final: _V,
        *,
        receiver: _V,
    ) -> _V:
        if receiver is _INVALID:
            if self.missing_error:
                self.errorf(f"nil data; no entry for key {quote(name)}")
            return _INVALID
        typ = receiver.t
        receiver, is_nil = _indirect(receiver)
        if receiver.t.kind == "interface" and is_nil:
            self.errorf(f"nil pointer evaluating {typ.name}.{name}")
        if receiver.t.kind == "struct" and isinstance(receiver.v, GoStruct):
            for method_name, method in receiver.v.methods:
                if method_name == name:
                    method_func = _method_func(method)
                    return self.eval_call(
                        dot, method_func, False, node, name, args=args, final=final
                    )
        has_args = (args is not None and len(args) > 1) or final is not _MISSING
        kind = receiver.t.kind
        if kind == "struct" and isinstance(receiver.v, GoStruct):
            found = _field_by_name(receiver.v, name)
            if found is not None:
                value, problem = found
                if not name[:1].isupper():
                    self.errorf(f"{name} is an unexported field of struct type {typ.name}")
                if problem:
                    self.errorf(problem)
                if has_args:
                    self.errorf(f"{name} has arguments but cannot be invoked as function")
                assert value is not None
                return value
        elif kind == "map":
            key = receiver.t.key or _T_STRING
            if key.name == "string" or key.kind == "interface":
                if has_args:
                    self.errorf(f"{name} is not a method but has arguments")
                result = _map_get(receiver, name)
                if result is None:
                    if self.missing_error:
                        self.errorf(f"map has no entry for key {quote(name)}")
                    return _INVALID
                return result
        elif kind == "ptr":
            fields = receiver.v.field_names if isinstance(receiver.v, GoValue) else ()
            elem = receiver.t.elem
            lacks = bool(fields) and name not in fields
            if not (elem is not None and elem.kind == "struct" and lacks) and is_nil:
                self.errorf(f"nil pointer evaluating {typ.name}.{name}")
        self.errorf(f"can't evaluate field {name} in type {typ.name}")
        raise AssertionError

    def eval_call(
        self,
        dot: _V,
        function: _Func,
        builtin: bool,
        node: _Node,
        name: str,
        *,
        args: list[_Node] | None,
        final: _V,
    ) -> _V:
        rest = args[1:] if args is not None else []
        num_in = len(rest) + (final is not _MISSING)
        params = function.params
        num_fixed = len(rest)
        if function.variadic:
            num_fixed = len(params) - 1
            if num_in < num_fixed:
                self.errorf(
                    f"wrong number of args for {name}: want at least {len(params) - 1} "
                    f"got {len(rest)}"
                )
        elif num_in != len(params):
            self.errorf(f"wrong number of args for {name}: want {len(params)} got {num_in}")
        if builtin and name in ("and", "or"):
            value = _INVALID
            for arg in rest:
                value = self.eval_arg(dot, _T_VALUE, arg)
                if _truth(value) == (name == "or"):
                    return value
            if final is not _MISSING:
                value = self.validate_type(final, _T_VALUE)
            return value
        argv: list[_V] = []
        i = 0
        while i < num_fixed and i < len(rest):
            argv.append(self.eval_arg(dot, params[i], rest[i]))
            i += 1
        if function.variadic:
            while i < len(rest):
                argv.append(self.eval_arg(dot, params[-1], rest[i]))
                i += 1
        if final is not _MISSING:
            target = params[-1]
            if function.variadic and num_in - 1 < num_fixed:
                target = params[num_in - 1]
            argv.append(self.validate_type(final, target))
        try:
            result = function.impl(self, argv)
        except _CallError as exc:
            self.node = node
            self.errorf(f"error calling {name}: {exc}")
            raise AssertionError from None
        if result.t.kind == "string" and isinstance(result.v, str):
            self.made(len(result.v))
        return result

    def validate_type(self, value: _V, typ: _Type | None) -> _V:
        if value is _INVALID:
            if typ is None:
                return _INVALID
            if _can_be_nil(typ):
                return _zero(typ) if typ is not _T_VALUE else _INVALID
            self.errorf(f"invalid value; expected {typ.name}")
        if typ is None or typ is _T_VALUE:
            return value
        if not _assignable(value.t, typ):
            if value.t.kind == "interface" and value.v is not None:
                value = _dynamic(value.v, value.raw)
                if _assignable(value.t, typ):
                    return value
            elem = value.t.elem
            if value.t.kind == "ptr" and elem is not None and _assignable(elem, typ):
                if _is_nil(value):
                    self.errorf(f"dereference of nil pointer of type {typ.name}")
                return _deref(value)
            self.errorf(f"wrong type for value; expected {typ.name}; got {value.t.name}")
        return value

    def eval_arg(self, dot: _V, typ: _Type | None, n: _Node) -> _V:
        self.node = n
        if isinstance(n, _Dot):
            return self.validate_type(dot, typ)
        if isinstance(n, _Nil):
            assert typ is not None
            if _can_be_nil(typ):
                return _zero(typ) if typ is not _T_VALUE else _INVALID
            self.errorf(f"cannot assign nil to {typ.name}")
        if isinstance(n, _Field):
            return self.validate_type(self.eval_field_node(dot, n, [n], _MISSING), typ)
        if isinstance(n, _Variable):
            return self.validate_type(self.eval_variable_node(dot, n, None, _MISSING), typ)
        if isinstance(n, _Pipe):
            return self.validate_type(self.eval_pipeline(dot, n), typ)
        if isinstance(n, _Ident):
            return self.validate_type(self.eval_function(dot, n, n, None, _MISSING), typ)
        if isinstance(n, _Chain):
            return self.validate_type(self.eval_chain_node(dot, n, None, _MISSING), typ)
        assert typ is not None
        kind = typ.kind
        if kind == "bool":
            if isinstance(n, _Bool):
                return _V(typ, n.value)
            self.errorf(f"expected bool; found {n.text()}")
        if kind == "complex":
            if isinstance(n, _Number) and n.is_complex:
                return _V(typ, n.complex)
            self.errorf(f"expected complex; found {n.text()}")
        if kind == "float":
            if isinstance(n, _Number) and n.is_float:
                return _V(typ, n.float)
            self.errorf(f"expected float; found {n.text()}")
        if kind == "int":
            if isinstance(n, _Number) and n.is_int:
                return _V(typ, n.int)
            self.errorf(f"expected integer; found {n.text()}")
        if kind in ("interface", "value"):
            return self.eval_empty_interface(dot, n)
        if kind == "string":
            if isinstance(n, _String):
                return _V(typ, n.value)
            self.errorf(f"expected string; found {n.text()}")
        if kind == "uint":
            if isinstance(n, _Number) and n.is_uint:
                return _V(typ, n.uint)
            self.errorf(f"expected unsigned integer; found {n.text()}")
        self.errorf(f"can't handle {n.text()} for arg of type {typ.name}")
        raise AssertionError

    def eval_empty_interface(self, dot: _V, n: _Node) -> _V:
        self.node = n
        if isinstance(n, _Bool):
            return _V(_T_BOOL, n.value)
        if isinstance(n, _Number):
            return self.ideal_constant(n)
        if isinstance(n, _String):
            return _V(_T_STRING, n.value)
        self.errorf(f"can't handle assignment of {n.text()} to empty interface argument")
        raise AssertionError


class _Vars:
    """The variable stack of an execution, with each name's positions for lookups in
    constant time (Go searches the stack from the top)."""

    __slots__ = ("names", "values", "where")

    def __init__(self, dot: _V) -> None:
        self.names = ["$"]
        self.values = [dot]
        self.where: dict[str, list[int]] = {"$": [0]}

    def __len__(self) -> int:
        return len(self.names)

    def push(self, name: str, value: _V) -> None:
        self.where.setdefault(name, []).append(len(self.names))
        self.names.append(name)
        self.values.append(value)

    def pop_to(self, mark: int) -> None:
        while len(self.names) > mark:
            self.where[self.names.pop()].pop()
            self.values.pop()

    def find(self, name: str) -> int:
        places = self.where.get(name)
        return places[-1] if places else -1


class _Program(NamedTuple):
    """A parsed template: its text and its named trees (``""`` is the template itself)."""

    text: str
    trees: dict[str, _List]


def _can_be_nil(typ: _Type) -> bool:
    return typ.kind in ("func", "interface", "map", "ptr", "slice", "value")


def _is_true(v: _V) -> tuple[bool, bool]:
    """Go's ``isTrue``: (truth, whether the value has one)."""
    if v is _INVALID:
        return False, True
    kind = v.t.kind
    if kind in ("slice", "map", "string"):
        return _length(v) > 0, True
    if kind == "bool":
        return bool(v.v), True
    if kind in ("int", "uint", "float", "complex"):
        return v.v != 0, True
    if kind in ("ptr", "interface", "func"):
        return not _is_nil(v), True
    if kind == "struct":
        return True, True
    return False, False


def _truth(v: _V) -> bool:
    return _is_true(_unwrap(v))[0]


def _any(v: _V) -> _V | None:
    """The dynamic value an ``interface {}`` argument holds (None for nil)."""
    if v is _INVALID:
        return None
    if v.t.kind == "interface":
        return None if v.v is None else _dynamic(v.v, v.raw)
    return v


def _field_by_name(struct: GoStruct, name: str) -> tuple[_V | None, str] | None:
    """Go's ``FieldByName`` then ``FieldByIndexErr``: (the field's value, ""), (None, the
    error of a nil embedded pointer on the way), or None when there is no such field (or
    several at the shallowest depth)."""
    found, value = struct.get(name)
    if found:
        return _static(value), ""
    level: list[tuple[GoStruct, str]] = [(struct, "")]
    for _ in range(MAX_DEPTH):
        below: list[tuple[Any, str]] = []
        for holder, problem in level:
            for embedded in holder.embedded:
                ok, inner = holder.get(embedded)
                if isinstance(inner, GoValue) and isinstance(inner.value, GoStruct):
                    inner = inner.value
                if isinstance(inner, GoStruct):
                    below.append((inner, problem))
                elif isinstance(inner, GoValue) and inner.value is None:
                    below.append(
                        (
                            inner,
                            problem
                            or "reflect: indirection through nil pointer to "
                            f"embedded struct field {inner.type_name.lstrip('*').split('.')[-1]}",
                        )
                    )
        matches: list[tuple[_V | None, str]] = []
        for holder, problem in below:
            if isinstance(holder, GoStruct):
                ok, value = holder.get(name)
                if ok:
                    matches.append((None if problem else _static(value), problem))
            elif name in holder.field_names:
                matches.append((None, problem))
        if len(matches) == 1:
            return matches[0]
        level = [(h, p) for h, p in below if isinstance(h, GoStruct)]
        if matches or not level:
            return None
    return None


def _method_func(method: GoMethod) -> _Func:
    params = tuple(_go_type(p) for p in method.params)
    result = _go_type(method.result)

    def impl(state: _State, argv: list[_V]) -> _V:
        values = [_document_of(a) for a in argv]
        try:
            answer = method.function(*values)
        except InspectError:
            raise
        except Exception as exc:  # the caller's method: whatever it raises is bad data
            raise InspectError(f"template data: a method raised {type(exc).__name__}") from None
        _check_document(answer)
        slot = _static(answer)
        if result.kind == "interface":
            return _V(result, answer)
        return _V(result, slot.v) if slot.t.kind == result.kind else slot

    return _Func(params, False, impl)


# ============================================================================ functions


def _index_arg(index: _V, cap: int) -> int:
    if index.t.kind in ("int", "uint"):
        x = int(index.v)
    elif index is _INVALID:
        raise _CallError("cannot index slice/array with nil")
    else:
        raise _CallError(f"cannot index slice/array with type {index.t.name}")
    if x < 0 or x > cap:
        raise _CallError(f"index out of range: {x}")
    return x


def _int_like(t: _Type) -> bool:
    return t.kind in ("int", "uint")


def _prepare_arg(value: _V, arg_type: _Type) -> _V:
    if value is _INVALID:
        if not _can_be_nil(arg_type):
            raise _CallError(f"value is nil; should be of type {arg_type.name}")
        value = _zero(arg_type)
    if _assignable(value.t, arg_type):
        return value
    if _int_like(value.t) and _int_like(arg_type):
        return _V(arg_type, value.v)
    raise _CallError(f"value has type {value.t.name}; should be {arg_type.name}")


def _f_index(state: _State, argv: list[_V]) -> _V:
    item = _unwrap(argv[0])
    if item is _INVALID:
        raise _CallError("index of untyped nil")
    for raw_index in argv[1:]:
        state.step()
        index = _unwrap(raw_index)
        item, is_nil = _indirect(item)
        if is_nil:
            raise _CallError("index of nil pointer")
        kind = item.t.kind
        if kind in ("slice", "string"):
            size = _length(item)
            x = _index_arg(index, size)
            if x == size:
                raise _CallError(f"reflect: {kind} index out of range")
            if kind == "string":
                text = item.v
                item = _V(_T_UINT8, ord(text[x]) if text.isascii() else _b(text)[x])
            else:
                item = _slice_elem(item, x)
        elif kind == "map":
            key = _prepare_arg(index, item.t.key or _T_STRING)
            found = _map_get(item, key.v) if isinstance(key.v, str) else None
            item = found if found is not None else _map_zero(item)
        else:
            raise _CallError(f"can't index item of type {item.t.name}")
    return item


def _f_slice(state: _State, argv: list[_V]) -> _V:
    item = _unwrap(argv[0])
    indexes = argv[1:]
    if item is _INVALID:
        raise _CallError("slice of untyped nil")
    if len(indexes) > 3:
        raise _CallError(f"too many slice indexes: {len(indexes)}")
    kind = item.t.kind
    if kind == "string":
        if len(indexes) == 3:
            raise _CallError("cannot 3-index slice a string")
        cap = _length(item)
    elif kind == "slice":
        cap = 0 if item.v is None else item.v.cap
    else:
        raise _CallError(f"can't slice item of type {item.t.name}")
    idx = [0, _length(item), 0]
    for i, index in enumerate(indexes):
        idx[i] = _index_arg(index, cap)
    if idx[0] > idx[1]:
        raise _CallError(f"invalid slice index: {idx[0]} > {idx[1]}")
    if len(indexes) == 3 and idx[1] > idx[2]:
        raise _CallError(f"invalid slice index: {idx[1]} > {idx[2]}")
    if kind == "string":
        return _V(item.t, _bslice(item.v, idx[0], idx[1]))
    s: _Slice | None = item.v
    if s is None:
        return _V(item.t, None) if idx[1] == 0 else _V(item.t, _Slice((), 0, 0, 0))
    new_cap = (idx[2] if len(indexes) == 3 else s.cap) - idx[0]
    return _V(item.t, _Slice(s.items, s.start + idx[0], idx[1] - idx[0], new_cap), item.raw)


def _f_len(state: _State, argv: list[_V]) -> _V:
    item, is_nil = _indirect(argv[0])
    if is_nil:
        raise _CallError("len of nil pointer")
    if item is _INVALID:
        raise _CallError("reflect: call of reflect.Value.Type on zero Value")
    if item.t.kind in ("slice", "map", "string"):
        return _V(_T_INT, _length(item))
    raise _CallError(f"len of type {item.t.name}")


def _f_not(state: _State, argv: list[_V]) -> _V:
    return _V(_T_BOOL, not _truth(argv[0]))


_BAD_TYPE = "invalid type for comparison"
_BAD_COMPARISON = "incompatible types for comparison"


def _basic_kind(v: _V) -> str:
    kind = v.t.kind
    return kind if kind in ("bool", "int", "uint", "float", "complex", "string") else ""


def _comparable(v: _V, work: list[int], memo: dict[int, bool]) -> bool:
    """Whether Go can compare values of ``v``'s type (``work[0]`` counts the fields seen;
    ``memo`` keeps the answers for structs already seen in this execution)."""
    work[0] += 1
    kind = v.t.kind
    if kind in ("slice", "map", "func"):
        return False
    if kind == "struct" and isinstance(v.v, GoStruct):
        known = memo.get(id(v.v))
        if known is None:
            known = all(_comparable(_static(f), work, memo) for _, f in v.v.fields)
            memo[id(v.v)] = known
        return known
    return True


def _same(a: _V, b: _V, work: list[int]) -> bool:
    """``==`` of two comparable values of the same kind (not basic kinds)."""
    work[0] += 1
    if a.v is b.v and a.t.kind != "interface":
        return True  # one value (of one type: the kinds are the same)
    if not _same_type(a, b):
        return False
    if a.t.kind in ("ptr", "interface"):
        return a.t.kind == "interface" and _same(_dynamic(a.v, a.raw), _dynamic(b.v, b.raw), work)
    if a.t.kind == "struct":
        if isinstance(a.v, GoText) or isinstance(b.v, GoText):
            return bool(a.v == b.v)
        return all(
            _equal_values(_static(x), _static(y), work)
            for (_, x), (_, y) in zip(a.v.fields, b.v.fields, strict=False)
        )
    return bool(a.v == b.v)


def _same_type(a: _V, b: _V) -> bool:
    if a.t is b.t:
        return True
    if isinstance(a.v, GoStruct) and isinstance(b.v, GoStruct) and a.v.type_name:
        return a.v.type_name == b.v.type_name
    return a.t.name == b.t.name


def _equal_values(a: _V, b: _V, work: list[int]) -> bool:
    work[0] += 1
    if _basic_kind(a) and _basic_kind(a) == _basic_kind(b):
        return bool(a.v == b.v)
    if a.t.kind in ("ptr", "slice", "map") and _is_nil(a) and _is_nil(b):
        return True
    return _same(a, b, work)


def _f_eq(state: _State, argv: list[_V]) -> _V:
    work = [0]
    arg1 = _unwrap(argv[0])
    if len(argv) == 1:
        raise _CallError("missing argument for comparison")
    k1 = _basic_kind(arg1)
    for raw in argv[1:]:
        arg = _unwrap(raw)
        k2 = _basic_kind(arg)
        truth = False
        if k1 != k2:
            if k1 == "int" and k2 == "uint":
                truth = arg1.v >= 0 and arg1.v == arg.v
            elif k1 == "uint" and k2 == "int":
                truth = arg.v >= 0 and arg1.v == arg.v
            elif arg1 is not _INVALID and arg is not _INVALID:
                raise _CallError(_BAD_COMPARISON)
        elif k1:
            truth = bool(arg1.v == arg.v)
        else:
            if not (arg1.t.kind == arg.t.kind or arg1 is _INVALID or arg is _INVALID):
                raise _CallError(
                    f"non-comparable types {_verb_text(arg1, 's')}: {arg1.t.name}, "
                    f"{arg.t.name}: {_verb_text(arg, 'v')}"
                )
            nil1 = arg1 is _INVALID or (arg1.t.kind in ("ptr", "slice", "map") and _is_nil(arg1))
            nil2 = arg is _INVALID or (arg.t.kind in ("ptr", "slice", "map") and _is_nil(arg))
            if nil1 or nil2:
                truth = nil1 == nil2
            else:
                if not _comparable(arg, work, state.comparable):
                    raise _CallError(f"non-comparable type {_verb_text(arg, 's')}: {arg.t.name}")
                truth = _same(arg1, arg, work)
                state.step(work[0])
                work[0] = 0
        if truth:
            return _V(_T_BOOL, True)
    return _V(_T_BOOL, False)


def _verb_text(v: _V, verb: str) -> str:
    """``fmt.Sprintf("%<verb>", v)`` of a reflect.Value (fmt prints the value it holds)."""
    printer = _Printer()
    printer.print_arg(_any(v), verb)
    return printer.text()


def _f_ne(state: _State, argv: list[_V]) -> _V:
    return _V(_T_BOOL, not _f_eq(state, argv).v)


def _less(argv: list[_V]) -> bool:
    arg1 = _unwrap(argv[0])
    k1 = _basic_kind(arg1)
    if not k1:
        raise _CallError(_BAD_TYPE)
    arg2 = _unwrap(argv[1])
    k2 = _basic_kind(arg2)
    if not k2:
        raise _CallError(_BAD_TYPE)
    if k1 != k2:
        if k1 == "int" and k2 == "uint":
            return bool(arg1.v < 0 or arg1.v < arg2.v)
        if k1 == "uint" and k2 == "int":
            return bool(arg2.v >= 0 and arg1.v < arg2.v)
        raise _CallError(_BAD_COMPARISON)
    if k1 in ("bool", "complex"):
        raise _CallError(_BAD_TYPE)
    if k1 == "string":
        return _b(arg1.v) < _b(arg2.v)
    return bool(arg1.v < arg2.v)


def _f_lt(state: _State, argv: list[_V]) -> _V:
    return _V(_T_BOOL, _less(argv))


def _f_le(state: _State, argv: list[_V]) -> _V:
    if _less(argv):
        return _V(_T_BOOL, True)
    return _f_eq(state, argv)


def _f_gt(state: _State, argv: list[_V]) -> _V:
    if _less(argv):
        return _V(_T_BOOL, False)
    return _V(_T_BOOL, not _f_eq(state, argv).v)


def _f_ge(state: _State, argv: list[_V]) -> _V:
    return _V(_T_BOOL, not _less(argv))


def _f_print(state: _State, argv: list[_V]) -> _V:
    return _V(_T_STRING, _sprint([_any(a) for a in argv]))


def _f_println(state: _State, argv: list[_V]) -> _V:
    printer = _Printer()
    printer.do_println([_any(a) for a in argv])
    return _V(_T_STRING, printer.text())


def _f_printf(state: _State, argv: list[_V]) -> _V:
    printer = _Printer()
    printer.do_printf(argv[0].v, [_any(a) for a in argv[1:]])
    text = printer.text()
    if len(text) > MAX_OUTPUT:
        raise InspectError(
            f"template: output longer than {MAX_OUTPUT} characters (the model's limit)"
        )
    return _V(_T_STRING, text)


def _escaper_text(argv: list[_V]) -> str:
    """text/template's ``evalArgs``: one string as it is, else ``fmt.Sprint`` of the values."""
    values = [_any(a) for a in argv]
    if len(values) == 1 and values[0] is not None and values[0].t.name == "string":
        return str(values[0].v)
    shown: list[_V | None] = []
    for value in values:
        if value is None:
            shown.append(_V(_T_STRING, "<no value>"))
        elif value.t.kind == "ptr":
            inner, _ = _indirect(value)
            shown.append(value if _is_nil(inner) else inner)
        else:
            shown.append(value)
    return _sprint(shown)


_HTML_ESCAPES = {"\0": "\ufffd", '"': "&#34;", "'": "&#39;", "&": "&amp;", "<": "&lt;", ">": "&gt;"}


def _f_html(state: _State, argv: list[_V]) -> _V:
    text = _escaper_text(argv)
    if any(c in text for c in "'\"&<>\0"):
        text = "".join(_HTML_ESCAPES.get(c, c) for c in text)
    return _V(_T_STRING, text)


_JS_ESCAPES = {"\\": "\\\\", "'": "\\'", '"': '\\"', "<": "\\u003C", ">": "\\u003E",
               "&": "\\u0026", "=": "\\u003D"}  # fmt: skip


def _f_js(state: _State, argv: list[_V]) -> _V:
    text = _escaper_text(argv)
    out = []
    for char in _s(_b(text)):
        code = ord(char)
        if char in _JS_ESCAPES:
            out.append(_JS_ESCAPES[char])
        elif code < 0x20:
            out.append(f"\\u00{code:02X}")
        elif code < 0x80:
            out.append(char)
        elif 0xDC80 <= code <= 0xDCFF:
            out.append("\\uFFFD")
        elif _is_print(char):
            out.append(char)
        else:
            out.append(f"\\u{code:04X}")
    return _V(_T_STRING, "".join(out))


def _f_urlquery(state: _State, argv: list[_V]) -> _V:
    text = _escaper_text(argv)
    out = []
    for byte in _b(text):
        char = chr(byte)
        if char.isascii() and (char.isalnum() or char in "-_.~"):
            out.append(char)
        elif char == " ":
            out.append("+")
        else:
            out.append(f"%{byte:02X}")
    return _V(_T_STRING, "".join(out))


def _f_call(state: _State, argv: list[_V]) -> _V:
    fn = _unwrap(argv[0])
    if fn is _INVALID:
        raise _CallError("call of nil")
    if fn.t.kind != "func" or not isinstance(fn.v, GoMethod):
        raise _CallError(f"non-function of type {fn.t.name}")
    function = _method_func(fn.v)
    args = argv[1:]
    if len(args) != len(function.params):
        raise _CallError(f"wrong number of args: got {len(args)} want {len(function.params)}")
    prepared = []
    for i, (arg, param) in enumerate(zip(args, function.params, strict=True)):
        try:
            prepared.append(_prepare_arg(_unwrap(arg), param))
        except _CallError as exc:
            raise _CallError(f"arg {i}: {exc}") from None
    return function.impl(state, prepared)


# ----------------------------------------------------------------------------- the docker CLI's


def _f_json(state: _State, argv: list[_V]) -> _V:
    value = argv[0]
    try:
        text = _marshal(value if _any(value) is not None else _INVALID, escape_html=False)
    except _JSONError as exc:
        raise _CallError(str(exc)) from None
    return _V(_T_STRING, text.strip(_GO_SPACE))


def _f_split(state: _State, argv: list[_V]) -> _V:
    text, sep = argv[0].v, argv[1].v
    state.made(len(text))
    parts = list(_s(_b(text))) if sep == "" else text.split(sep)
    return _V(_T_STRINGS, _Slice(parts, 0, len(parts), len(parts)))


def _strings_of(v: _V) -> list[str]:
    if v.v is None:
        return []
    return [str(_slice_elem(v, i).v) for i in range(v.v.length)]


def _f_join(state: _State, argv: list[_V]) -> _V:
    return _V(_T_STRING, argv[1].v.join(_strings_of(argv[0])))


def _f_join_any(state: _State, argv: list[_V]) -> _V:
    elems, sep = _any(argv[0]), argv[1].v
    if elems is None:
        return _V(_T_STRING, "")
    if elems.t.name == "[]string":
        return _V(_T_STRING, sep.join(_strings_of(elems)))
    if elems.t.kind == "slice":
        count = 0 if elems.v is None else elems.v.length
        parts = [_sprint([_any(_slice_elem(elems, i))]) for i in range(count)]
        return _V(_T_STRING, sep.join(parts))
    if elems.t.kind == "map":
        parts = sorted((_sprint([_any(item)]) for _, item in _map_items(elems)), key=_b)
        return _V(_T_STRING, sep.join(parts))
    raise _CallError(f"expected slice, got {elems.t.name}")


def _is_separator(char: str) -> bool:
    if char < "\x80":
        return not (char.isalnum() or char == "_")
    if char.isalpha() or char.isdecimal():
        return False
    return char in _GO_SPACE


def _f_title(state: _State, argv: list[_V]) -> _V:
    out = []
    prev = " "
    for char in argv[0].v:
        if _is_separator(prev):
            title = char.title()
            out.append(title if len(title) == 1 else char)
        else:
            out.append(char)
        prev = char
    return _V(_T_STRING, "".join(out))


def _f_lower(state: _State, argv: list[_V]) -> _V:
    return _V(_T_STRING, to_lower(argv[0].v))


def _f_upper(state: _State, argv: list[_V]) -> _V:
    return _V(_T_STRING, to_upper(argv[0].v))


def _f_pad(state: _State, argv: list[_V]) -> _V:
    text, before, after = argv[0].v, argv[1].v, argv[2].v
    if text == "":
        return _V(_T_STRING, text)
    if before < 0 or after < 0:
        raise _CallError("strings: negative Repeat count")
    if before + after > MAX_OUTPUT:
        raise InspectError(
            f"template: output longer than {MAX_OUTPUT} characters (the model's limit)"
        )
    return _V(_T_STRING, " " * before + text + " " * after)


def _f_truncate(state: _State, argv: list[_V]) -> _V:
    text, length = argv[0].v, argv[1].v
    data = _b(text)
    if len(data) < length:
        return _V(_T_STRING, text)
    if length < 0:
        raise _CallError(f"runtime error: slice bounds out of range [:{length}]")
    return _V(_T_STRING, _s(data[:length]))


_V1 = (_T_VALUE,)
_BUILTINS: dict[str, _Func] = {
    "and": _Func((_T_VALUE, _T_VALUE), True, _f_not),  # evaluated by eval_call itself
    "or": _Func((_T_VALUE, _T_VALUE), True, _f_not),
    "call": _Func((_T_VALUE, _T_VALUE), True, _f_call),
    "html": _Func((_T_INTERFACE,), True, _f_html),
    "index": _Func((_T_VALUE, _T_VALUE), True, _f_index),
    "slice": _Func((_T_VALUE, _T_VALUE), True, _f_slice),
    "js": _Func((_T_INTERFACE,), True, _f_js),
    "len": _Func(_V1, False, _f_len),
    "not": _Func(_V1, False, _f_not),
    "print": _Func((_T_INTERFACE,), True, _f_print),
    "printf": _Func((_T_STRING, _T_INTERFACE), True, _f_printf),
    "println": _Func((_T_INTERFACE,), True, _f_println),
    "urlquery": _Func((_T_INTERFACE,), True, _f_urlquery),
    "eq": _Func((_T_VALUE, _T_VALUE), True, _f_eq),
    "ge": _Func((_T_VALUE, _T_VALUE), False, _f_ge),
    "gt": _Func((_T_VALUE, _T_VALUE), False, _f_gt),
    "le": _Func((_T_VALUE, _T_VALUE), False, _f_le),
    "lt": _Func((_T_VALUE, _T_VALUE), False, _f_lt),
    "ne": _Func((_T_VALUE, _T_VALUE), False, _f_ne),
}
#: The functions docker/cli ``templates.Parse`` adds (templates/templates.go).
_DOCKER: dict[str, _Func] = {
    "json": _Func((_T_INTERFACE,), False, _f_json),
    "split": _Func((_T_STRING, _T_STRING), False, _f_split),
    "join": _Func((_T_STRINGS, _T_STRING), False, _f_join),
    "title": _Func((_T_STRING,), False, _f_title),
    "lower": _Func((_T_STRING,), False, _f_lower),
    "upper": _Func((_T_STRING,), False, _f_upper),
    "pad": _Func((_T_STRING, _T_INT, _T_INT), False, _f_pad),
    "truncate": _Func((_T_STRING, _T_INT), False, _f_truncate),
}
#: ``join`` since docker CLI v29.2.0 (docker/cli commit e34a3422cc): any slice or map.
_JOIN_ANY = _Func((_T_INTERFACE, _T_STRING), False, _f_join_any)

_FUNCTIONS = {
    "strings": {
        **{k: (v, False) for k, v in _DOCKER.items()},
        **{k: (v, True) for k, v in _BUILTINS.items()},
    },
}
_FUNCTIONS["elements"] = {**_FUNCTIONS["strings"], "join": (_JOIN_ANY, False)}
_FUNCTION_NAMES = frozenset(_FUNCTIONS["strings"])


# ============================================================================ the API

_JOINS = ("strings", "elements")


def _join_mode(instance: Any, attribute: Any, value: Any) -> None:
    if value not in _JOINS:
        raise InspectError(f"Template.join: one of {_JOINS}, not {shown(value)}")


def _parse(template: str) -> _Program:
    if not isinstance(template, str):
        raise InspectError(f"a template must be text, not {type(template).__name__}")
    if len(template) > MAX_TEMPLATE:
        raise InspectError(
            f"template: {len(template)} characters; the model's limit is {MAX_TEMPLATE}"
        )
    try:
        trees = _Parser(template, _FUNCTION_NAMES).parse()
    except _ParseError as exc:
        raise _refusal(template, str(exc), exc.pos) from None
    return _Program(template, trees)


def _refusal(template: str, message: str, pos: int | None) -> InspectError:
    """The CLI's error for Go's ``message`` (with the template and the span it names)."""
    if pos is not None and len(template) <= 2000:
        end = min(len(template), pos + 1)
        return InspectError(CLI_PREFIX + message, template, (pos, end))
    return InspectError(CLI_PREFIX + message)


def _root(document: Any) -> _V:
    """The value ``Execute`` gets: the document's own type; a top-level ``list`` is an
    ``[]interface {}`` as a ``dict`` is a ``map[string]interface {}`` (decoded JSON)."""
    if document is None:
        return _INVALID
    if isinstance(document, list | tuple):
        return _dynamic(document)
    return _static(document)


@attrs.frozen
class Template:
    """A parsed template; ``render`` runs it on one inspect document as the docker CLI does.

    Parsing once and rendering per container is what ``docker inspect -f T A B C`` does.
    ``join`` picks the docker CLI's ``join``: ``"strings"`` (``strings.Join``, a ``[]string``
    only, up to v29.1) or ``"elements"`` (any slice or map, since v29.2.0).

    >>> Template("{{.Name}}").render(GoStruct((("Name", "/web"),)))
    '/web'
    """

    text: str
    join: str = attrs.field(default="strings", kw_only=True, validator=_join_mode)
    _program: _Program = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_program", _parse(self.text))

    def _run(self, root: _V, missing_error: bool) -> str:
        state = _State(self._program, missing_error, _FUNCTIONS[self.join])
        try:
            return state.run("", root)
        except _ExecError as exc:
            raise _refusal(self.text, str(exc), exc.pos) from None
        except RecursionError:
            raise InspectError("template: nested too deeply (the model's limit)") from None

    def execute(self, document: Any, *, missing_key: str = "default") -> str:
        """One Go execution on ``document`` (``missing_key``: Go's ``missingkey`` option,
        ``"default"`` or ``"error"``), as ``docker ps --format`` runs a row: no retry.

        >>> row = GoStruct((("Names", "web"),), type_name="*formatter.ContainerContext")
        >>> Template("{{.Names}} {{.Nope}}").execute(row)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        dockerlinks.errors.InspectError: ... can't evaluate field Nope in type *formatter.C...
        ...
        """
        if missing_key not in ("default", "error"):
            raise InspectError(f"missing_key: 'default' or 'error', not {shown(missing_key)}")
        _check_document(document)
        return self._run(_root(document), missing_key == "error")

    def execute_json(self, text: str, *, missing_key: str = "error") -> str:
        """One Go execution on JSON ``text`` decoded as the CLI's raw retry decodes it
        (``map[string]interface {}``, ``json.Number``; by default ``missingkey=error``)."""
        if not isinstance(text, str):
            raise InspectError(f"inspect data must be text, not {type(text).__name__}")
        raw = _decode_raw(text)
        _check_document(raw)
        root = _INVALID if raw is None else _dynamic(raw, True)
        if missing_key not in ("default", "error"):
            raise InspectError(f"missing_key: 'default' or 'error', not {shown(missing_key)}")
        return self._run(root, missing_key == "error")

    def render(self, document: Any, raw_json: str | None = None) -> str:
        """Execute the template on ``document`` as the docker CLI's inspect does (see
        :func:`render_template`); ``raw_json`` is the daemon's JSON for the retry (default:
        the document's own JSON)."""
        _check_document(document)
        try:
            return self._run(_root(document), False)
        except InspectError as exc:
            if not exc.docker_message.startswith(CLI_PREFIX):
                raise  # the model's limits end the execution; Go would not have failed
        if raw_json is None:
            raw = _raw_of(document)
            root = _INVALID if raw is None else _dynamic(raw, True)
            return self._run(root, True)
        return self.execute_json(raw_json)


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
