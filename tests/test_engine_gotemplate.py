"""Go-template subset of ``docker inspect -f`` and Go's value printing."""

from __future__ import annotations

import pytest

from dockerlinks.engine import ContainerConfig, Engine
from dockerlinks.engine.gotemplate import GoMap, GoStruct, GoText, go_json, render_template
from dockerlinks.engine.inspect import inspect_document
from dockerlinks.errors import InspectError

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
