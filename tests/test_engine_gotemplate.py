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
        ("{{.Missing.Deeper}}", "<no value>"),
        ("{{json .Missing}}", "null"),
        ("{{.}}", "{/web [] [A=1 B=<&>] map[443/tcp:[{invalid IP 1}] 80/tcp:[]] 3 true}"),
    ],
)
def test_render(template: str, expected: str) -> None:
    assert render_template(template, DOC) == expected


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{{range .Env}}{{.}}{{end}}", 'function "range" not defined'),
        ("{{.Name", "unclosed action"),
        ("{{ 1 }}", "unsupported action"),
    ],
)
def test_refused_templates(template: str, message: str) -> None:
    with pytest.raises(InspectError, match=message):
        render_template(template, DOC)


def test_field_of_a_string() -> None:
    with pytest.raises(InspectError, match="can't evaluate field X in type string"):
        render_template("{{.Name.X}}", DOC)


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
