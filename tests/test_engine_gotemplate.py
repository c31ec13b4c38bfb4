"""Go's text/template as the docker CLI runs it, checked against Go's own answers.

``tests/data/gotemplate/answers.json`` holds Go 1.19's answers (``record.go``, run by
``record.py``) for each (template, document) case: the parse error, or the output or error
of the typed run (the document decoded into Go structs shaped like the docker API types of
``tests/data/gotemplate/docker/``) and of the docker CLI's raw retry (the JSON decoded with
``UseNumber``, ``missingkey=error``). The typed documents are built here from the same JSON
by :func:`typed_document`, a mirror of those Go types.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dockerlinks.engine.gotemplate import (
    CLI_PREFIX,
    MAX_DEPTH,
    MAX_NESTING,
    MAX_TEMPLATE,
    POINTER_TEXT,
    GoMap,
    GoMethod,
    GoStruct,
    GoText,
    GoValue,
    Template,
    check_template,
    go_json,
    render_template,
    to_json,
)
from dockerlinks.errors import InspectError
from tests.robustness import (
    ANY_TEXT,
    assert_linear_time,
    call_with_drawn_arguments,
    only_library_errors,
)

RECORDING: dict[str, Any] = json.loads(
    (Path(__file__).parent / "data" / "gotemplate" / "answers.json").read_text(encoding="utf-8")
)
DOCS: dict[str, str] = RECORDING["docs"]
ANSWERS: list[dict[str, Any]] = RECORDING["answers"]

# ----------------------------------------------------------------------------- typed documents
# The recorder's Go types (tests/data/gotemplate/docker/): struct name -> fields as
# (name, Go type, json tag, embedded).
STRUCTS: dict[str, list[tuple[str, str, str, bool]]] = {
    "nat.PortBinding": [("HostIP", "string", "HostIp", False), ("HostPort", "string", "", False)],
    "network.EndpointIPAMConfig": [
        ("IPv4Address", "string", ",omitempty", False),
        ("IPv6Address", "string", ",omitempty", False),
    ],
    "network.EndpointSettings": [
        ("IPAMConfig", "*network.EndpointIPAMConfig", "", False),
        ("Links", "[]string", "", False),
        ("Aliases", "[]string", "", False),
        ("NetworkID", "string", "", False),
        ("EndpointID", "string", "", False),
        ("Gateway", "string", "", False),
        ("IPAddress", "string", "", False),
        ("IPPrefixLen", "int", "", False),
        ("MacAddress", "string", "", False),
        ("DriverOpts", "map[string]string", "", False),
    ],
    "network.IPAMConfig": [
        ("Subnet", "string", ",omitempty", False),
        ("IPRange", "string", ",omitempty", False),
        ("Gateway", "string", ",omitempty", False),
        ("AuxAddress", "map[string]string", "AuxiliaryAddresses,omitempty", False),
    ],
    "network.IPAM": [
        ("Driver", "string", "", False),
        ("Options", "map[string]string", "", False),
        ("Config", "[]network.IPAMConfig", "", False),
    ],
    "container.RestartPolicy": [
        ("Name", "string", "", False),
        ("MaximumRetryCount", "int", "", False),
    ],
    "container.Config": [
        ("Hostname", "string", "", False),
        ("Domainname", "string", "", False),
        ("User", "string", "", False),
        ("ExposedPorts", "nat.PortSet", ",omitempty", False),
        ("Tty", "bool", "", False),
        ("OpenStdin", "bool", "", False),
        ("Env", "[]string", "", False),
        ("Cmd", "strslice.StrSlice", "", False),
        ("Image", "string", "", False),
        ("WorkingDir", "string", "", False),
        ("Entrypoint", "strslice.StrSlice", "", False),
        ("Labels", "map[string]string", "", False),
    ],
    "container.HostConfig": [
        ("Binds", "[]string", "", False),
        ("NetworkMode", "container.NetworkMode", "", False),
        ("PortBindings", "nat.PortMap", "", False),
        ("RestartPolicy", "container.RestartPolicy", "", False),
        ("AutoRemove", "bool", "", False),
        ("Links", "[]string", "", False),
        ("PublishAllPorts", "bool", "", False),
    ],
    "types.Health": [("Status", "string", "", False), ("FailingStreak", "int", "", False)],
    "types.ContainerState": [
        ("Status", "string", "", False),
        ("Running", "bool", "", False),
        ("Paused", "bool", "", False),
        ("Restarting", "bool", "", False),
        ("OOMKilled", "bool", "", False),
        ("Dead", "bool", "", False),
        ("Pid", "int", "", False),
        ("ExitCode", "int", "", False),
        ("Error", "string", "", False),
        ("StartedAt", "string", "", False),
        ("FinishedAt", "string", "", False),
        ("Health", "*types.Health", ",omitempty", False),
    ],
    "types.ContainerJSONBase": [
        ("ID", "string", "Id", False),
        ("Created", "string", "", False),
        ("Path", "string", "", False),
        ("Args", "[]string", "", False),
        ("State", "*types.ContainerState", "", False),
        ("Image", "string", "", False),
        ("Name", "string", "", False),
        ("RestartCount", "int", "", False),
        ("HostConfig", "*container.HostConfig", "", False),
        ("SizeRw", "*int64", ",omitempty", False),
    ],
    "types.MountPoint": [
        ("Type", "string", ",omitempty", False),
        ("Source", "string", "", False),
        ("Destination", "string", "", False),
        ("RW", "bool", "", False),
    ],
    "types.NetworkSettingsBase": [
        ("Bridge", "string", "", False),
        ("SandboxID", "string", "", False),
        ("HairpinMode", "bool", "", False),
        ("Ports", "nat.PortMap", "", False),
        ("SandboxKey", "string", "", False),
    ],
    "types.DefaultNetworkSettings": [
        ("EndpointID", "string", "", False),
        ("Gateway", "string", "", False),
        ("IPAddress", "string", "", False),
        ("IPPrefixLen", "int", "", False),
        ("MacAddress", "string", "", False),
    ],
    "types.NetworkSettings": [
        ("NetworkSettingsBase", "types.NetworkSettingsBase", "", True),
        ("DefaultNetworkSettings", "types.DefaultNetworkSettings", "", True),
        ("Networks", "map[string]*network.EndpointSettings", "", False),
    ],
    "types.ContainerJSON": [
        ("ContainerJSONBase", "*types.ContainerJSONBase", "", True),
        ("Mounts", "[]types.MountPoint", "", False),
        ("Config", "*container.Config", "", False),
        ("NetworkSettings", "*types.NetworkSettings", "", False),
    ],
    "types.EndpointResource": [
        ("Name", "string", "", False),
        ("EndpointID", "string", "", False),
        ("MacAddress", "string", "", False),
        ("IPv4Address", "string", "", False),
        ("IPv6Address", "string", "", False),
    ],
    "types.NetworkResource": [
        ("Name", "string", "", False),
        ("ID", "string", "Id", False),
        ("Created", "time.Time", "", False),
        ("Scope", "string", "", False),
        ("Driver", "string", "", False),
        ("EnableIPv6", "bool", "", False),
        ("IPAM", "network.IPAM", "", False),
        ("Internal", "bool", "", False),
        ("Attachable", "bool", "", False),
        ("Containers", "map[string]types.EndpointResource", "", False),
        ("Options", "map[string]string", "", False),
        ("Labels", "map[string]string", "", False),
    ],
}
# named non-struct types: name -> underlying
NAMED = {
    "nat.Port": "string",
    "container.NetworkMode": "string",
    "strslice.StrSlice": "[]string",
    "nat.PortMap": "map[nat.Port][]nat.PortBinding",
    "nat.PortSet": "map[nat.Port]struct {}",
}
BASIC: dict[str, Any] = {"string": "", "bool": False, "int": 0, "int64": 0}


def field_names(struct: str) -> tuple[str, ...]:
    """The names Go's FieldByName finds in a struct type (promoted ones included)."""
    names = []
    for field, typ, _, embedded in STRUCTS[struct]:
        names.append(field)
        if embedded:
            names.extend(field_names(typ.lstrip("*")))
    return tuple(names)


def _present(obj: dict[str, Any], struct: str) -> bool:
    """Whether json.Unmarshal sets a field of the (embedded) struct, so allocates it."""
    for field, typ, tag, embedded in STRUCTS[struct]:
        if embedded:
            if _present(obj, typ.lstrip("*")):
                return True
        elif (tag.split(",")[0] or field) in obj:
            return True
    return False


def _split_map(text: str) -> tuple[str, str]:
    depth = 0
    for i in range(4, len(text)):
        if text[i] == "[":
            depth += 1
        elif text[i] == "]":
            if depth == 0:
                return text[4:i], text[i + 1 :]
            depth -= 1
    raise AssertionError(text)


def _nil_pointer(typ: str) -> GoValue:
    return GoValue(None, typ, field_names=field_names(typ[1:]))


def _time(value: Any) -> GoText:
    """time.Time: String() and MarshalJSON of a UTC time."""
    text = value if isinstance(value, str) else "0001-01-01T00:00:00Z"
    match = re.fullmatch(r"(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(\.\d+)?Z", text)
    assert match, text
    fraction = (match.group(3) or "").rstrip("0").rstrip(".")
    return GoText(f"{match.group(1)} {match.group(2)}{fraction} +0000 UTC", text, "time.Time")


def build(value: Any, typ: str, missing: bool = False) -> Any:
    """The document value of JSON ``value`` as json.Unmarshal decodes it into Go type ``typ``
    (``missing``: the key is not in the JSON, so the field keeps its zero value)."""
    absent = missing or value is None
    if typ in BASIC:
        return BASIC[typ] if absent else value
    if typ == "time.Time":
        return _time(value)
    if typ == "struct {}":
        return GoStruct(())
    if typ in NAMED:
        under = NAMED[typ]
        inner = build(value, under, missing)
        if isinstance(inner, GoMap):
            key, elem = _split_map(under)
            return GoMap(inner.items, type_name=typ, key_type=key, elem_type=elem)
        if isinstance(inner, GoValue):
            return GoValue(inner.value, typ, under)
        return GoValue(inner, typ, under)
    if typ.startswith("[]"):
        return GoValue(None if absent else [build(v, typ[2:]) for v in value], typ)
    if typ.startswith("map["):
        key, elem = _split_map(typ)
        if absent:
            return GoValue(None, typ)
        return GoMap(tuple((k, build(v, elem)) for k, v in value.items()), key_type=key,
                     elem_type=elem)  # fmt: skip
    if typ.startswith("*"):
        if typ[1:] not in STRUCTS:
            assert absent, typ
            return GoValue(None, typ)
        if absent:
            return _nil_pointer(typ)
        return attrs_evolve(build(value, typ[1:]), type_name=typ)
    obj = value if isinstance(value, dict) else {}
    fields, tags, embedded = [], [], []
    for field, field_type, tag, is_embedded in STRUCTS[typ]:
        if tag:
            tags.append((field, tag))
        if is_embedded:
            embedded.append(field)
            target = field_type.lstrip("*")
            if not field_type.startswith("*"):
                fields.append((field, build(obj, target)))
            elif _present(obj, target):
                fields.append((field, attrs_evolve(build(obj, target), type_name=field_type)))
            else:
                fields.append((field, _nil_pointer(field_type)))
            continue
        key = tag.split(",")[0] or field
        fields.append((field, build(obj.get(key), field_type, key not in obj)))
    return GoStruct(tuple(fields), tuple(tags), typ, tuple(embedded))


def attrs_evolve(struct: GoStruct, type_name: str) -> GoStruct:
    return GoStruct(struct.fields, struct.json_names, type_name, struct.embedded)


PS_COLUMNS = ("ID", "Names", "Image", "Command", "Status", "State", "Ports", "Networks")


def ps_row(doc: dict[str, Any]) -> GoStruct:
    """The recorder's *formatter.ContainerContext: unexported fields, columns as methods."""
    labels = doc.get("Labels") or {}
    columns = tuple((k, doc.get(k, "")) for k in PS_COLUMNS)
    labels_map = GoMap(tuple(labels.items()), elem_type="string")
    summary = GoStruct((*columns, ("Labels", labels_map)), type_name="formatter.Summary")

    def column(name: str) -> GoMethod:
        return GoMethod((), "string", lambda: doc.get(name, ""))

    methods = tuple((name, column(name)) for name in PS_COLUMNS)
    methods += (("Label", GoMethod(("string",), "string", lambda n: labels.get(n, ""))),)
    return GoStruct(
        (("trunc", True), ("c", summary)),
        type_name="*formatter.ContainerContext",
        methods=methods,
    )


def typed_document(kind: str, text: str) -> Any:
    """The value the recorder's typed run executes on, as a document."""
    if kind == "container":
        return build(json.loads(text), "types.ContainerJSON")
    if kind == "network":
        return build(json.loads(text), "types.NetworkResource")
    if kind == "ps":
        return ps_row(json.loads(text))
    assert kind == "plain"  # decoded into interface{}: every number a float64
    return json.loads(text, parse_int=float)


# ----------------------------------------------------------------------------- Go's answers

_ADDRESS = re.compile(r"0xc[0-9a-f]{9}")


def _expected(outcome: dict[str, str]) -> tuple[str, str]:
    """Go's answer; a pointer's address (which differs from run to run) as the model's."""
    if "err" in outcome:
        return "err", _ADDRESS.sub(POINTER_TEXT, outcome["err"])
    if "out_hex" in outcome:
        return "out", bytes.fromhex(outcome["out_hex"]).decode("utf-8", "surrogateescape")
    return "out", _ADDRESS.sub(POINTER_TEXT, outcome["out"])


def _outcome(run: Any) -> tuple[str, str]:
    try:
        return "out", run()
    except InspectError as exc:
        message = exc.docker_message
        assert message.startswith(CLI_PREFIX), message
        return "err", message[len(CLI_PREFIX) :]


def _id(answer: dict[str, Any]) -> str:
    return f"{answer['doc']}:{answer['template'][:60]!r}"


def _template(answer: dict[str, Any]) -> Template:
    return Template(answer["template"], join=answer.get("join") or "strings")


PARSED = [a for a in ANSWERS if "parse_error" not in a]
REFUSED = [a for a in ANSWERS if "parse_error" in a]


def test_the_recording_is_large_and_varied() -> None:
    assert len(ANSWERS) >= 400
    assert RECORDING["go"].startswith("go version go1.19")
    runs = sum(("typed_run" in a) + ("raw_run" in a) for a in ANSWERS)
    assert runs + len(REFUSED) >= 1000
    errors = {a["parse_error"].split(": ", 2)[-1] for a in REFUSED}
    assert len(errors) >= 40  # distinct parse errors
    kinds = {a.get("typed") for a in ANSWERS}
    assert kinds == {"container", "network", "ps", "plain"}


@pytest.mark.parametrize("answer", REFUSED, ids=[_id(a) for a in REFUSED])
def test_parse_errors_are_gos(answer: dict[str, Any]) -> None:
    with pytest.raises(InspectError) as info:
        check_template(answer["template"])
    assert info.value.docker_message == CLI_PREFIX + answer["parse_error"]


@pytest.mark.parametrize("answer", PARSED, ids=[_id(a) for a in PARSED])
def test_executions_are_gos(answer: dict[str, Any]) -> None:
    template = _template(answer)
    text = DOCS[answer["doc"]]
    if "typed_run" in answer:
        document = typed_document(answer["typed"], text)
        assert _outcome(lambda: template.execute(document)) == _expected(answer["typed_run"])
    if "raw_run" in answer:
        assert _outcome(lambda: template.execute_json(text)) == _expected(answer["raw_run"])
    if "typed_run" in answer and "raw_run" in answer:
        # docker inspect -f: the typed run, and the raw retry when it fails
        typed = _expected(answer["typed_run"])
        cli = typed if typed[0] == "out" else _expected(answer["raw_run"])
        assert _outcome(lambda: template.render(document, text)) == cli


# Templates of real docker CLI sessions recorded on this machine (tests/data/daemon) and ones
# docker users commonly write: each is among Go's recorded answers (so agrees with Go).
IN_USE = [
    "{{.HostConfig.Links}}",
    "{{json .NetworkSettings.Ports}}",
    "{{.NetworkSettings.IPAddress}}",
    "{{range $p, $conf := .NetworkSettings.Ports}}{{$p}} -> {{(index $conf 0).HostPort}}\\n{{end}}",
    "{{range .Config.Env}}{{println .}}{{end}}",
    "{{.Name}} {{.State.Status}}",
    "{{json .State.Error}}",
    "{{.NoSuchField}}",
    "{{.Foo",
    "{{.State.StartedAt}}",
    "{{json .NetworkSettings.Networks}}",
    "{{.Names}}\t{{.Ports}}",
    "{{json .Ports}}",
    "{{.ID}} {{.Status}}",
    "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}",
    '{{index .Config.Labels "com.example.role"}}',
    "{{if .State.Running}}up{{else}}down{{end}}",
    "{{len .Mounts}}",
    '{{join .Args " "}}',
    "{{lower .Name}}",
    "{{upper .Name}}",
    "{{title .State.Status}}",
    '{{split .Name "/"}}',
    "{{pad .Name 1 2}}|",
    "{{truncate .Id 12}}",
    '{{printf "%s:%d" .Name .RestartCount}}',
    '{{eq .State.Status "running"}}',
    "{{$x := .Name}}{{$x}}",
    "{{- .Name -}}",
    "a {{/* a comment */}} b",
    "{{with .State}}{{.Status}}{{end}}",
    "{{if .State.Running}}running{{else if .State.Restarting}}restarting{{else}}stopped{{end}}",
    "{{$.Name}}{{range .Config.Env}} {{$.Name}}{{end}}",
    "{{(index .Mounts 0).Source}}",
    "{{.Config.Labels.maintainer}}",
    "{{.Name}} {{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}}",
]


@pytest.mark.parametrize("template", IN_USE)
def test_templates_in_use_are_recorded(template: str) -> None:
    assert any(a["template"] == template for a in ANSWERS)


def test_real_session_outputs() -> None:
    """Lines the docker CLI printed in the daemon recordings (tests/data/daemon)."""
    web = typed_document("container", DOCS["web"])
    with pytest.raises(InspectError) as info:
        Template("{{.NoSuchField}}").render(web, DOCS["web"])
    assert info.value.docker_message == (
        'template parsing error: template: :1:2: executing "" at <.NoSuchField>: '
        'map has no entry for key "NoSuchField"'
    )
    with pytest.raises(InspectError) as info:
        check_template("{{.Foo")
    assert info.value.docker_message == "template parsing error: template: :1: unclosed action"
    ports = (
        "{{range $p, $conf := .NetworkSettings.Ports}}{{$p}} -> {{(index $conf 0).HostPort}} "
        "{{end}}"
    )
    with pytest.raises(InspectError) as info:
        Template(ports).render(web, DOCS["web"])  # "443/tcp": null
    assert info.value.docker_message == (
        'template parsing error: template: :1:58: executing "" at <index $conf 0>: '
        "error calling index: index of untyped nil"
    )


# ----------------------------------------------------------------------------- the model's API

DOC = GoStruct(
    (
        ("Name", "/web"),
        ("Links", None),
        ("Env", ["A=1", "B=<&>"]),
        (
            "Ports",
            GoMap(
                (
                    ("80/tcp", None),
                    (
                        "443/tcp",
                        [GoStruct((("HostIP", GoText("invalid IP", "")), ("HostPort", "1")))],
                    ),
                )
            ),
        ),
        ("Count", 3),
    )
)


def test_render_retries_on_the_documents_own_json() -> None:
    # nat.PortBinding's Go field is HostIP, its JSON key HostIp: only the raw retry finds it,
    # and there a JSON null prints as <no value> (Go's answers for "{{.t}} {{.F}} {{.n}}" and
    # "{{.HostConfig.Binds}}": a nil slice prints [] typed, <no value> raw).
    binding = GoStruct((("HostIP", "1.2.3.4"),), (("HostIP", "HostIp"),))
    doc = GoStruct((("P", binding), ("B", None)))
    assert render_template("{{.P.HostIp}}|{{.B}}", doc) == "1.2.3.4|<no value>"
    assert render_template("{{.P.HostIP}}|{{.B}}", doc) == "1.2.3.4|[]"
    assert Template("{{.P.HostIp}}").render(doc, '{"P": {"HostIp": "5.6.7.8"}}') == "5.6.7.8"


def test_a_template_parses_once_and_renders_per_document() -> None:
    template = Template("{{.Name}}|{{range .Env}}{{.}},{{end}}")
    assert template.render(DOC) == "/web|A=1,B=<&>,"
    assert template.render(GoStruct((("Name", "/db"), ("Env", [])))) == "/db|"


def test_map_keys_print_in_the_maps_own_order() -> None:
    # network.Port keys (moby API v29) sort by number, then protocol; nat.Port keys as strings
    keys = (("443/tcp", 1), ("80/tcp", 2), ("5000/tcp", 3))
    numeric = GoMap(keys, sort_key=lambda k: (int(k.split("/")[0]), k.split("/")[1]))
    assert render_template("{{.}}", numeric) == "map[80/tcp:2 443/tcp:1 5000/tcp:3]"
    assert render_template("{{.}}", GoMap(keys)) == "map[443/tcp:1 5000/tcp:3 80/tcp:2]"
    assert go_json(numeric) == '{"443/tcp":1,"5000/tcp":3,"80/tcp":2}'  # JSON: string order


def test_go_json_indent_and_html() -> None:
    assert go_json(GoStruct((("A", 1),)), indent=1) == '{\n "A": 1\n}'
    assert go_json({"a": "<&>\b\u2028"}) == '{"a":"\\u003c\\u0026\\u003e\\u0008\\u2028"}'
    assert render_template("{{json .}}", {"a": "<&>"}) == '{"a":"<&>"}'  # the CLI's json
    assert to_json(GoStruct((("HostIP", GoText("invalid IP", "")),), (("HostIP", "HostIp"),))) == {
        "HostIp": ""
    }


def test_go_values_and_methods() -> None:
    row = GoStruct(
        (("c", 1),),
        type_name="*formatter.ContainerContext",
        methods=(
            ("Names", GoMethod((), "string", lambda: "web")),
            ("Label", GoMethod(("string",), "string", lambda name: name.upper())),
        ),
    )
    assert Template('{{.Names}} {{.Label "k"}}').execute(row) == "web K"
    mode = GoStruct((("Mode", GoValue("bridge", "container.NetworkMode")),))
    assert Template('{{printf "%T %v" .Mode .Mode}}').execute(mode) == (
        "container.NetworkMode bridge"
    )
    nil_map = GoStruct((("Labels", GoValue(None, "map[string]string")),))
    assert Template("{{.Labels}} {{json .Labels}}").execute(nil_map) == "map[] null"


def test_execute_and_execute_json_options() -> None:
    assert Template("{{.a}}").execute({"b": 1}) == "<no value>"
    with pytest.raises(InspectError, match='map has no entry for key "a"'):
        Template("{{.a}}").execute({"b": 1}, missing_key="error")
    assert Template("{{.a}}").execute_json('{"a": 1.50}') == "1.50"  # json.Number's text
    with pytest.raises(InspectError, match="unable to read inspect data"):
        Template("{{.}}").execute_json("{nope")
    for bad in (
        lambda: Template("{{.}}").execute({}, missing_key="zero"),
        lambda: Template("{{.}}").execute_json("{}", missing_key="zero"),
        lambda: Template("{{.}}", join="any"),
        lambda: Template("{{.}}").execute_json(b"{}"),  # type: ignore[arg-type]
    ):
        with pytest.raises(InspectError):
            bad()


def test_errors_carry_the_template_and_the_span() -> None:
    with pytest.raises(InspectError) as info:
        Template("{{.Name}} {{.Nope.X}}").render(DOC)
    assert info.value.text == "{{.Name}} {{.Nope.X}}"
    assert info.value.span == (17, 18)  # Go names the chain at its second field: :1:17
    assert ":1:17: executing" in info.value.docker_message
    with pytest.raises(InspectError) as info:
        check_template("x\n{{nope}}")
    assert info.value.docker_message.endswith('template: :2: function "nope" not defined')
    assert info.value.span is not None


# ----------------------------------------------------------------------------- limits


def test_ranges_nest_without_recursion() -> None:
    depth = 5000
    template = "{{range .}}" * depth + "x" + "{{end}}" * depth
    check_template(template)
    nested: Any = ["leaf"]
    for _ in range(MAX_DEPTH - 2):
        nested = [nested]
    deep = "{{range .}}" * (MAX_DEPTH - 1) + "<{{.}}>" + "{{end}}" * (MAX_DEPTH - 1)
    assert render_template(deep, nested) == "<leaf>"
    ifs = "{{if .}}" * depth + "y" + "{{else if .}}z{{end}}" * depth
    assert render_template(ifs, ["x"]) == "y"


def test_parentheses_nest_up_to_the_limit() -> None:
    assert render_template("{{" + "(" * MAX_NESTING + "1" + ")" * MAX_NESTING + "}}", None) == "1"
    with pytest.raises(InspectError, match="parentheses nested deeper than 50"):
        check_template("{{" + "(" * (MAX_NESTING + 1) + "1" + ")" * (MAX_NESTING + 1) + "}}")


def test_too_long_a_template_is_one_error() -> None:
    with pytest.raises(InspectError, match="the model's limit is 1048576"):
        check_template(" " * (MAX_TEMPLATE + 1))


def test_runaway_execution_stops_with_one_error() -> None:
    row = list(range(300))
    doc = GoStruct((("L", [row] * 300),))
    loud = "{{range .L}}{{range .}}" + "x" * 400 + "{{end}}{{end}}"
    with pytest.raises(InspectError, match="output longer than 33554432 characters"):
        render_template(loud, doc)
    # Elements visited by empty bodies count as steps.
    silent = "{{range .L}}" + "{{range .}}{{end}}" * 1500 + "{{end}}"
    small = GoStruct((("L", [row[:64]] * 64),))
    with pytest.raises(InspectError, match="execution stopped after 4194304 steps"):
        render_template(silent, small)
    with pytest.raises(InspectError, match="functions made more than 33554432 characters"):
        render_template('{{printf "%999999d" 1}}' * 40, None)
    with pytest.raises(InspectError, match="output longer than 33554432 characters"):
        render_template('{{printf "' + "%999999d" * 40 + '"' + " 1" * 40 + "}}", None)
    with pytest.raises(InspectError, match="output longer than"):
        render_template('{{pad "x" 40000000 0}}', None)
    # text made and not printed counts too (and each field a comparison walks is a step)
    big = {"big": ["x" * 1000] * 1000, "l": list(range(100))}
    with pytest.raises(InspectError, match="functions made more than 33554432 characters"):
        Template("{{range .l}}{{$x := json $.big}}{{end}}").execute(big)


def _reached_deeper_later() -> list[Any]:
    shallow: Any = ["x"]
    for _ in range(60):
        shallow = [shallow]
    deep: Any = [shallow]
    for _ in range(50):
        deep = [deep]
    return [shallow, deep]  # measured at depth 1 first, then reached again at depth 52


def _cyclic() -> list[Any]:
    loop: list[Any] = []
    loop.append(loop)
    return loop


def _shared(levels: int) -> list[Any]:
    value: list[Any] = ["x"]
    for _ in range(levels):
        value = [value, value]
    return value


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (_cyclic(), "a value contains itself"),
        (_shared(40), "more than 4194304 values"),
        (_shared(120), "nested deeper than 100 levels"),
        (_reached_deeper_later(), "nested deeper than 100 levels"),
        (object(), "unsupported value of type object"),
        ({1: "a"}, "map keys must be strings"),
        (2**64, "integer out of Go's 64-bit range"),
        ([-(2**63) - 1], "integer out of Go's 64-bit range"),
        (GoMap((("b", 1), ("a", 2)), sort_key=int), "GoMap keys cannot be ordered: ValueError"),
        (GoValue(GoValue(1, "int"), "int"), "a GoValue inside a GoValue"),
        (GoValue(None, "string"), "string cannot be nil"),
        (GoValue("x", "[]string"), "a str is not a []string"),
        (GoValue(1, "map[string"), "not a Go type"),
        (GoStruct((("M", GoMethod((), "int", lambda: 1 / 0)),), methods=()), None),
    ],
    ids=[
        "cycle",
        "shared",
        "deep",
        "deep-later",
        "object",
        "int-keys",
        "big-int",
        "small-int",
        "bad-sort-key",
        "nested-govalue",
        "nil-string",
        "wrong-kind",
        "bad-type",
        "method-value",
    ],
)
def test_bad_documents_are_one_error(document: object, message: str | None) -> None:
    if message is None:
        render_template("{{.}}", document)  # a method value in a field prints like a func
        return
    with pytest.raises(InspectError, match=re.escape(message)):
        render_template("{{.}}", document)


def test_a_failing_method_is_one_error() -> None:
    broken = GoStruct((), methods=(("M", GoMethod((), "int", lambda: 1 // 0)),))
    with pytest.raises(InspectError, match="a method raised ZeroDivisionError"):
        Template("{{.M}}").execute(broken)


@pytest.mark.parametrize(
    "construct",
    [
        lambda: GoStruct("Name"),  # type: ignore[arg-type]
        lambda: GoStruct(((1, "x"),)),  # type: ignore[arg-type]
        lambda: GoStruct((), json_names=(("a", 1),)),  # type: ignore[arg-type]
        lambda: GoStruct((), type_name=1),  # type: ignore[arg-type]
        lambda: GoStruct((), embedded="A"),  # type: ignore[arg-type]
        lambda: GoStruct((), methods=(("M", 1),)),  # type: ignore[arg-type]
        lambda: GoMap([("a", 1)]),  # type: ignore[arg-type]
        lambda: GoMap((), sort_key="str"),  # type: ignore[arg-type]
        lambda: GoMap((), key_type=None),  # type: ignore[arg-type]
        lambda: GoText(None, ""),  # type: ignore[arg-type]
        lambda: GoValue(1, None),  # type: ignore[arg-type]
        lambda: GoValue(1, "int", field_names=("a", 1)),  # type: ignore[arg-type]
        lambda: GoMethod(("string",), "string", "f"),  # type: ignore[arg-type]
        lambda: GoMethod("string", "string", len),  # type: ignore[arg-type]
        lambda: go_json([], indent="  "),  # type: ignore[arg-type]
        lambda: go_json([], indent=True),
        lambda: go_json(float("nan")),
        lambda: to_json({"a": {1, 2}}),
    ],
)
def test_wrongly_typed_values_are_inspect_errors(construct: Any) -> None:
    with pytest.raises(InspectError):
        construct()


def test_struct_and_map_lookups_take_the_first_entry() -> None:
    assert GoStruct((("A", 1), ("A", 2))).get("A") == (True, 1)
    assert GoMap((("k", 1), ("k", 2))).get("k") == (True, 1)
    assert GoMap(()).get(3) == (False, None)  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- any input

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    ANY_TEXT,
    st.binary(max_size=4),
    st.builds(GoText, ANY_TEXT, ANY_TEXT),
    st.builds(GoValue, st.one_of(st.none(), ANY_TEXT, st.integers()), ANY_TEXT),
    st.builds(object),
)
ANY_VALUE = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.tuples(children, children),
        st.dictionaries(st.one_of(ANY_TEXT, st.integers()), children, max_size=3),
        st.sets(st.integers(), max_size=3),
        st.builds(GoStruct, st.lists(st.tuples(ANY_TEXT, children), max_size=3).map(tuple)),
        st.builds(GoMap, st.lists(st.tuples(ANY_TEXT, children), max_size=3).map(tuple)),
        st.builds(GoValue, children, st.sampled_from(["[]string", "*types.X", "interface {}"])),
    ),
    max_leaves=8,
)
FRAGMENTS = [
    "{{", "}}", "{{-", "-}}", "{{- ", " -}}", "/*", "*/", " ", "\n", ".", ".A", ".Name", ".a.b",
    "$", "$x", ":=", "=", ",", "|", "(", ")", '"s"', "`r`", "'c'", "1", "-2", "1.5e3", "0x1f",
    "nil", "true", "if ", "else ", "end", "range ", "with ", "break", "continue",
    'define "T"', 'template "T" .', 'block "B" .', "index ", "len ", "printf ", '"%v %d"',
    "eq ", "and ", "or ", "not ", "json ", "split ", "join ", "pad ", "truncate ", "slice ",
    "call ", "html ", "x", "é",
]  # fmt: skip
TEMPLATE_TEXT = st.lists(st.sampled_from(FRAGMENTS), max_size=16).map("".join)


@given(st.one_of(TEMPLATE_TEXT, ANY_TEXT, ANY_VALUE), ANY_VALUE)
def test_any_template_and_document_raise_only_inspect_errors(
    template: object, document: object
) -> None:
    only_library_errors(
        lambda: render_template(template, document),  # type: ignore[arg-type]
        lambda: check_template(template),  # type: ignore[arg-type]
        lambda: Template(template).execute(document),  # type: ignore[arg-type]
        lambda: Template(template).execute_json(DOCS["values"]),  # type: ignore[arg-type]
        lambda: Template("{{.}}").execute_json(template),  # type: ignore[arg-type]
        lambda: go_json(document, indent=template),  # type: ignore[arg-type]
        lambda: to_json(document),
    )


def _render_or_message(template: str) -> str:
    try:
        return Template(template).execute_json(DOCS["values"])
    except InspectError as exc:
        return exc.docker_message


@given(TEMPLATE_TEXT)
def test_any_template_text_renders_or_is_one_error(template: str) -> None:
    # a rendered string, or one error: Go's (with the CLI's prefix) or the model's limit
    assert isinstance(_render_or_message(template), str)


PUBLIC = [
    (render_template, 2),
    (check_template, 1),
    (go_json, 2),
    (to_json, 1),
    (Template, 1),
    (GoStruct, 2),
    (GoMap, 2),
    (GoText, 2),
    (GoValue, 2),
    (GoMethod, 3),
    (lambda template, doc: Template("{{.}}").render(doc), 2),
    (lambda template, doc: Template("{{.}}").execute(doc, missing_key=template), 2),
    (lambda template, doc: Template("{{.}}").execute_json(template), 2),
    (lambda name, pairs: GoStruct(()).get(name), 2),
    (lambda name, pairs: GoMap(()).get(name), 2),
]


@pytest.mark.parametrize(("function", "arity"), PUBLIC)
@given(data=st.data())
def test_every_public_callable_raises_only_library_errors(
    function: Any, arity: int, data: st.DataObject
) -> None:
    call_with_drawn_arguments(function, arity, data, ANY_VALUE)


# ----------------------------------------------------------------------------- linear time

SMALL = (12_500, 25_000, 50_000)  # token-heavy inputs (Python is slow per token)
VALUES = json.loads(DOCS["values"])


WIDE = Template("{{range .L}}{{$.W.F1.X}}{{end}}")
EQ_LOOP = Template("{{range .l}}{{eq $.w $.w}}{{end}}")
TEXT_LOOP = Template("{{range .l}}{{index $.s 7}}{{len $.s}}{{slice $.s 2 4}}{{end}}")


def _wide(n: int) -> GoStruct:
    wide = GoStruct(tuple((f"F{i}", GoStruct((("X", i),))) for i in range(n)))
    return GoStruct((("W", wide), ("L", list(range(n)))))


TIMED = [
    ("unclosed-blanks", lambda n: "{{" + " " * n, check_template, None),
    ("many-actions", lambda n: "{{.Name}}\n" * (n // 10), check_template, SMALL),
    ("many-opens", lambda n: "{{" * (n // 2), check_template, None),
    (
        "nested-ranges",
        lambda n: "{{range .}}" * (n // 20) + "{{end}}" * (n // 20),
        check_template,
        SMALL,
    ),
    (
        "trim-markers",
        lambda n: "{{- .Name -}} \t" * (n // 15),
        lambda t: render_template(t, DOC),
        SMALL,
    ),
    ("dash-runs", lambda n: "{{ " + "-" * n + " }}", check_template, None),
    (
        "blank-runs",
        lambda n: ("{{ " + " " * 100 + ".Name" + " " * 100 + " -}}") * (n // 210),
        check_template,
        None,
    ),
    (
        "render-ranges",
        lambda n: "{{range .Env}}{{.}}{{end}}" * (n // 26),
        lambda t: render_template(t, DOC),
        SMALL,
    ),
    ("long-string", lambda n: '{{"' + "a\\n" * (n // 3) + '"}}', check_template, None),
    ("unterminated-string", lambda n: '{{"' + "a" * n, check_template, None),
    ("long-raw-string", lambda n: "{{`" + "a" * n + "`}}", check_template, None),
    ("unclosed-comment", lambda n: "{{/*" + "x" * n, check_template, None),
    ("many-comments", lambda n: "{{/* c */}}" * (n // 11), check_template, None),
    ("long-number", lambda n: "{{" + "1" * n + "}}", check_template, None),
    ("long-field", lambda n: "{{." + "a" * n + "}}", check_template, None),
    ("long-chain", lambda n: "{{.a" + ".b" * (n // 2) + "}}", check_template, SMALL),
    (
        "many-variables",
        lambda n: "{{$a := 1}}" + "{{$b := $a}}" * (n // 12),
        check_template,
        SMALL,
    ),
    (
        "variable-lookups",
        lambda n: "{{$a := 1}}" + "{{$b := 2}}" * (n // 22) + "{{$a}}" * (n // 22),
        lambda t: render_template(t, None),
        SMALL,
    ),
    (
        "many-defines",
        lambda n: "".join(f'{{{{define "t{i}"}}}}x{{{{end}}}}' for i in range(n // 24)),
        check_template,
        SMALL,
    ),
    (
        "printf-verbs",
        lambda n: '{{printf "' + "%v" * (n // 4) + '" 1}}',
        lambda t: render_template(t, None),
        SMALL,
    ),
    (
        "pipelines",
        lambda n: "{{.s" + ' | printf "%s"' * (n // 14) + "}}",
        lambda t: Template(t).execute(VALUES),
        SMALL,
    ),
    (
        "wide-anonymous-struct",  # a struct's type name is only spelt out when a message needs it
        lambda n: _wide(n // 25),
        WIDE.execute,
        SMALL,
    ),
    (
        "index-and-len-of-a-long-text",
        lambda n: {"s": "é" * n, "l": list(range(n // 10))},
        TEXT_LOOP.execute,
        SMALL,
    ),
    (
        "eq-in-a-loop",
        lambda n: {"w": GoStruct(tuple((f"F{i}", i) for i in range(n))), "l": list(range(n // 10))},
        EQ_LOOP.execute,
        SMALL,
    ),
    (
        "error-at-the-end",
        lambda n: "é\n" * (n // 3) + "{{.missing.x}}",
        lambda t: Template(t).execute_json(DOCS["values"]),
        None,
    ),
]


@pytest.mark.parametrize(
    ("make", "run", "sizes"), [case[1:] for case in TIMED], ids=[case[0] for case in TIMED]
)
def test_templates_take_linear_time(make: Any, run: Any, sizes: Any) -> None:
    if sizes is None:
        assert_linear_time(make, run)
    else:
        assert_linear_time(make, run, sizes)
