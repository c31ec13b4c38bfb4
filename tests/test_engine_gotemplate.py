"""Go-template subset of ``docker inspect -f`` and Go's value printing."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dockerlinks.engine import ContainerConfig, Engine
from dockerlinks.engine.gotemplate import (
    MAX_DEPTH,
    MAX_TEMPLATE,
    GoMap,
    GoStruct,
    GoText,
    Template,
    _actions,
    check_template,
    go_json,
    render_template,
    to_json,
)
from dockerlinks.engine.inspect import inspect_document
from dockerlinks.errors import InspectError
from tests.robustness import ANY_TEXT, call_with_drawn_arguments, only_library_errors
from tests.test_transcript import assert_linear_time

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
                        [
                            GoStruct(
                                (("HostIP", GoText("invalid IP", "")), ("HostPort", "1")),
                            )
                        ],
                    ),
                )
            ),
        ),
        ("Count", 3),
        ("On", True),
    )
)


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{{.Name}}", "/web"),
        ("{{ .Links }}", "[]"),
        ("{{.Env}}", "[A=1 B=<&>]"),
        ("{{.Ports}}", "map[443/tcp:[{invalid IP 1}] 80/tcp:[]]"),
        ("{{.Count}} {{.On}}", "3 true"),
        ("{{json .Env}}", '["A=1","B=\\u003c\\u0026\\u003e"]'),
        ("{{json .Ports}}", '{"443/tcp":[{"HostIP":"","HostPort":"1"}],"80/tcp":null}'),
        ("a {{- .Name -}} b", "a/webb"),
        ("{{range .Env}}<{{.}}>{{end}}", "<A=1><B=<&>>"),
        ("{{range .Ports}}{{.}};{{end}}", "[{invalid IP 1}];[];"),
        ("{{range .Links}}x{{end}}", ""),
        ("{{.}}", "{/web [] [A=1 B=<&>] map[443/tcp:[{invalid IP 1}] 80/tcp:[]] 3 true}"),
    ],
)
def test_render(template: str, expected: str) -> None:
    assert render_template(template, DOC) == expected


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{{index .Env 0}}", 'template: :1: function "index" not defined'),
        ("{{.Name", "template: :1: unclosed action"),
        ("{{ 1 }}", "unsupported action"),
        ("a\n{{range .Env}}", "template: :2: unexpected EOF"),
        ("{{end}}", r"template: :1: unexpected \{\{end\}\}"),
    ],
)
def test_refused_templates(template: str, message: str) -> None:
    with pytest.raises(InspectError, match=message):
        render_template(template, DOC)


# docker/cli TemplateInspector: typed run, then the raw JSON with missingkey=error; Go reports
# a field chain at the position of its second field (the chain node), e.g. Docker 29's
# "template: :1:19: executing "" at <.NetworkSettings.IPAddress>: map has no entry for key
# "IPAddress"" for "{{ .NetworkSettings.IPAddress }}".
RAW_ERRORS = [
    ("{{.Name.X}}", ":1:7", "<.Name.X>", "can't evaluate field X in type string"),
    ("{{ .Missing.Deeper }}", ":1:11", "<.Missing.Deeper>", 'map has no entry for key "Missing"'),
    ("{{json .Missing}}", ":1:7", "<.Missing>", 'map has no entry for key "Missing"'),
    ("x\n {{.Count.X}}", ":2:9", "<.Count.X>", "can't evaluate field X in type json.Number"),
    ("{{.On.X}}", ":1:5", "<.On.X>", "can't evaluate field X in type bool"),
    ("{{.Env.X}}", ":1:6", "<.Env.X>", "can't evaluate field X in type []interface {}"),
    ("{{.Links.X}}", ":1:8", "<.Links.X>", "nil pointer evaluating interface {}.X"),
    ("{{.Ports.nope}}", ":1:8", "<.Ports.nope>", 'map has no entry for key "nope"'),
]


@pytest.mark.parametrize(("template", "where", "at", "problem"), RAW_ERRORS)
def test_raw_fallback_errors(template: str, where: str, at: str, problem: str) -> None:
    with pytest.raises(InspectError) as info:
        render_template(template, DOC)
    assert info.value.docker_message == (
        f'template parsing error: template: {where}: executing "" at {at}: {problem}'
    )


def test_raw_fallback_prints_what_the_typed_run_could_not() -> None:
    # nat.PortBinding's Go field is HostIP, its JSON key HostIp: only the raw retry finds it,
    # and there a JSON null prints as <nil>.
    binding = GoStruct((("HostIP", "1.2.3.4"),), (("HostIP", "HostIp"),))
    doc = GoStruct((("P", binding), ("B", None)))
    assert render_template("{{.P.HostIp}}|{{.B}}", doc) == "1.2.3.4|<nil>"
    assert render_template("{{.P.HostIP}}|{{.B}}", doc) == "1.2.3.4|[]"


def test_classic_port_keys_sort_as_strings_modern_numerically() -> None:
    for profile, expected in (
        ("classic", "map[443/tcp:{} 5000/tcp:{} 80/tcp:{}]"),
        ("modern", "map[80/tcp:{} 443/tcp:{} 5000/tcp:{}]"),
    ):
        engine, c = Engine(profile=profile).create(
            ContainerConfig("training/webapp", expose=("80", "443"))
        )
        got = render_template("{{.Config.ExposedPorts}}", inspect_document(engine, c))
        assert got == expected


def test_go_json_indent() -> None:
    assert go_json(GoStruct((("A", 1),)), indent=1) == '{\n "A": 1\n}'


# ----------------------------------------------------------------------------- the scanner
# The action rule is stated as a pattern in the scanner's docstring; the scanner finds the
# same actions without backtracking.

RULE = re.compile(r"\{\{(-\s)?\s*(.*?)\s*(\s-)?\}\}", re.S)


@given(st.text(alphabet="{}- \t\n.ab\u00a0\u2028", max_size=40))
def test_scanner_finds_what_the_rule_states(text: str) -> None:
    expected = [
        (m.start(), m.end(), m.start(2), m.end(2), m.group(1) is not None, m.group(3) is not None)
        for m in RULE.finditer(text)
    ]
    assert list(_actions(text)) == expected


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("a\nb\n{{.Name", "template parsing error: template: :3: unclosed action"),
        (
            "x\n\n{{index .Env 0}}",
            'template parsing error: template: :3: function "index" not defined',
        ),
        (
            "{{range .Env}}\n{{end}}\n{{end}}",
            "template parsing error: template: :3: unexpected {{end}}",
        ),
        ("a\n{{range .Env}}\n", "template parsing error: template: :3: unexpected EOF"),
    ],
)
def test_parse_errors_name_the_line(template: str, message: str) -> None:
    with pytest.raises(InspectError) as info:
        check_template(template)
    assert info.value.docker_message == message


def test_raw_errors_name_line_and_column_on_later_lines() -> None:
    with pytest.raises(InspectError) as info:
        render_template("a\n\n  {{ .Nope.X }}", DOC)
    assert info.value.docker_message == (
        'template parsing error: template: :3:10: executing "" at <.Nope.X>: '
        'map has no entry for key "Nope"'
    )


def test_a_template_parses_once_and_renders_per_document() -> None:
    template = Template("{{.Name}}|{{range .Env}}{{.}},{{end}}")
    assert template.render(DOC) == "/web|A=1,B=<&>,"
    assert template.render(GoStruct((("Name", "/db"), ("Env", [])))) == "/db|"


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
    ],
)
def test_bad_documents_are_one_error(document: object, message: str) -> None:
    with pytest.raises(InspectError, match=re.escape(message)):
        render_template("{{.}}", document)


@pytest.mark.parametrize(
    "construct",
    [
        lambda: GoStruct("Name"),  # type: ignore[arg-type]
        lambda: GoStruct(((1, "x"),)),  # type: ignore[arg-type]
        lambda: GoStruct((), json_names=(("a", 1),)),  # type: ignore[arg-type]
        lambda: GoMap([("a", 1)]),  # type: ignore[arg-type]
        lambda: GoMap((), sort_key="str"),  # type: ignore[arg-type]
        lambda: GoText(None, ""),  # type: ignore[arg-type]
        lambda: go_json([], indent="  "),  # type: ignore[arg-type]
        lambda: go_json([], indent=True),
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
    ),
    max_leaves=8,
)
TEMPLATE_TEXT = st.lists(
    st.sampled_from(
        ["{{", "}}", "{{-", "-}}", " ", "\n", ".", ".A", ".Name", "json ", "range ", "end", "x"]
    ),
    max_size=12,
).map("".join)


@given(st.one_of(TEMPLATE_TEXT, ANY_TEXT, ANY_VALUE), ANY_VALUE)
def test_any_template_and_document_raise_only_inspect_errors(
    template: object, document: object
) -> None:
    only_library_errors(
        lambda: render_template(template, document),  # type: ignore[arg-type]
        lambda: check_template(template),  # type: ignore[arg-type]
        lambda: Template(template).render(document),  # type: ignore[arg-type]
        lambda: go_json(document, indent=template),  # type: ignore[arg-type]
        lambda: to_json(document),
    )


PUBLIC = [
    (render_template, 2),
    (check_template, 1),
    (go_json, 2),
    (to_json, 1),
    (Template, 1),
    (GoStruct, 2),
    (GoMap, 2),
    (GoText, 2),
    (lambda template, doc: Template("{{.}}").render(doc), 2),
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

SMALL = (25_000, 50_000, 100_000)
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
]


@pytest.mark.parametrize(
    ("make", "run", "sizes"), [case[1:] for case in TIMED], ids=[case[0] for case in TIMED]
)
def test_templates_take_linear_time(make: Any, run: Any, sizes: Any) -> None:
    if sizes is None:
        assert_linear_time(make, run)
    else:
        assert_linear_time(make, run, sizes)
