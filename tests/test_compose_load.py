"""The explicit loader: YAML 1.1 base-60 scalars found, JSON, errors (``compose.load``)."""

from __future__ import annotations

import pytest

from dockerlinks.compose.load import ComposeFile, SexagesimalScalar, load_compose_text
from dockerlinks.compose.problems import ComposeError

# YAML 1.1 (yaml.org/type/int.html, yaml.org/type/float.html): base 60 is written with ":"
# separated groups of 0-59 after the first; PyYAML implements it. (text, YAML 1.1 value)
BASE_60 = [
    ("22:22", 1342),
    ("21:21", 1281),
    ("1:1", 61),
    ("190:20:30", 685230),
    ("-1:30", -90),
    ("8000:59", 480059),
    ("1:30.5", 90.5),
]
NOT_BASE_60 = ["8080:80", "5432:5432", "127.0.0.1:80:80", "1:60", "0:30", "80"]


@pytest.mark.parametrize(("text", "value"), BASE_60)
def test_base_60_scalars_are_found_and_kept_as_text(text: str, value: float) -> None:
    document = load_compose_text(f"services:\n  web:\n    ports:\n      - {text}\n")
    assert document.data == {"services": {"web": {"ports": [text]}}}
    assert document.sexagesimal == (
        SexagesimalScalar(("services", "web", "ports", 0), text, value, 4, 9),
    )


@pytest.mark.parametrize("text", NOT_BASE_60)
def test_other_scalars_are_untouched(text: str) -> None:
    document = load_compose_text(f"services:\n  web:\n    ports:\n      - {text}\n")
    assert document.sexagesimal == ()


@pytest.mark.parametrize("quoted", ['"22:22"', "'22:22'", "!!str 22:22"])
def test_quoted_base_60_is_a_string_and_not_reported(quoted: str) -> None:
    document = load_compose_text(f"ports: [{quoted}]\n")
    assert document.data == {"ports": ["22:22"]}
    assert document.sexagesimal == ()


def test_base_60_everywhere_keys_aliases_omap_sets() -> None:
    text = (
        "a: &anchor [1:1]\n"
        "b: *anchor\n"
        "1:2: key\n"
        "c: !!omap [x: 1:3]\n"
        "d: !!set {1:4}\n"
        "e: {f: [[2:2]]}\n"
    )
    document = load_compose_text(text)
    assert document.data == {
        "a": ["1:1"],
        "b": ["1:1"],
        "1:2": "key",
        "c": [("x", "1:3")],
        "d": {"1:4"},
        "e": {"f": [["2:2"]]},
    }
    assert [(s.path, s.text) for s in document.sexagesimal] == [
        (("a", 0), "1:1"),
        (("1:2",), "1:2"),
        (("c", 0, 1), "1:3"),
        (("d", "1:4"), "1:4"),
        (("e", "f", 0, 0), "2:2"),
    ]


def test_self_referencing_yaml_loads() -> None:
    document = load_compose_text("a: &x [1:1, *x]\n")
    inner = document.data["a"]
    assert inner[0] == "1:1"
    assert inner[1] is inner


def test_json() -> None:
    document = load_compose_text('{"services": {"web": {"ports": ["22:22"]}}}', filename="c.json")
    assert document == ComposeFile({"services": {"web": {"ports": ["22:22"]}}}, "c.json", ())
    forced = load_compose_text('{"services": {}}', format="json")
    assert forced.data == {"services": {}}


@pytest.mark.parametrize(
    ("text", "filename", "message"),
    [
        ("", "c.yaml", "c.yaml is empty: expected a compose-like mapping"),
        ("- 1\n", "c.yaml", "c.yaml is not a compose-like mapping: the top level is a list"),
        ("hello", "c.yaml", "c.yaml is not a compose-like mapping: the top level is a string"),
        # the parsers' own reasons follow the prefix: only the library's part is pinned
        ("a: [1\n", "c.yaml", "cannot parse c.yaml: "),
        ("a: 1\n---\nb: 2\n", "c.yaml", "cannot parse c.yaml: "),
        ("a: !!python/object:os.system x\n", "c.yaml", "cannot parse c.yaml: "),
        ("a: 2001-13-45\n", "c.yaml", "cannot parse c.yaml: "),
        ("{", "c.json", "cannot parse c.json: "),
        ("[" * 100000, "c.json", "cannot parse c.json: nested too deeply"),
        ("[" * 100000, "c.yaml", "cannot parse c.yaml"),
    ],
    ids=[
        "empty",
        "list",
        "scalar",
        "syntax",
        "two-docs",
        "python-tag",
        "bad-date",
        "json",
        "json-deep",
        "yaml-deep",
    ],
)
def test_unreadable_text_raises_one_line(text: str, filename: str, message: str) -> None:
    with pytest.raises(ComposeError) as info:
        load_compose_text(text, filename=filename)
    assert info.value.docker_message.startswith(message)
    assert "\n" not in info.value.docker_message


def test_bad_arguments() -> None:
    with pytest.raises(ComposeError):
        load_compose_text(b"services: {}")  # type: ignore[arg-type]
    with pytest.raises(ComposeError):
        load_compose_text("services: {}", format="toml")


def test_long_lines_and_brackets_in_text_are_not_deep_nesting() -> None:
    # The cheap depth bound trips on a 2,000-character line; the real depth (from the
    # parser's events) is 3, so the file loads.
    long = "x" * 2000
    text = f"services:\n  web:\n    environment: {{A: '{long}[[[{{'}}\n    ports: [[80]]\n"
    document = load_compose_text(text)
    assert document.data["services"]["web"]["environment"]["A"] == long + "[[[{"


@pytest.mark.parametrize("depth", [1001, 1500, 100_000])
def test_deep_nesting_is_refused_not_crashed(depth: int) -> None:
    # Recent libyaml refuses such depth itself, in its own words; the pure-Python parser and
    # older libyaml have no limit and meet the loader's own. Either way: one clean line that
    # names the file (the parser's wording is not the library's to pin).
    with pytest.raises(ComposeError) as info:
        load_compose_text("a: " + "[" * depth + "]" * depth + "\n")
    assert info.value.docker_message.startswith("cannot parse <string>: ")
    assert "\n" not in info.value.docker_message


def test_deep_nesting_meets_the_loaders_own_limit_without_libyaml(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    yaml = pytest.importorskip("yaml")
    monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    with pytest.raises(ComposeError) as info:
        load_compose_text("a: " + "[" * 1500 + "]" * 1500 + "\n")
    assert info.value.docker_message == "cannot parse <string>: nested too deeply"


def test_json_number_too_long_is_unreadable() -> None:
    # Python refuses integers of more than 4,300 digits (a ValueError, not a JSONDecodeError).
    text = '{"services": {"web": {"ports": [' + "8" * 5000 + "]}}}"
    with pytest.raises(ComposeError, match=r"cannot parse compose\.json: "):
        load_compose_text(text, filename="compose.json")
