"""Properties of the compose checker: valid configs pass, nothing ever crashes it."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from dockerlinks.compose import ComposeError, Problem, check, load_compose_text, render
from dockerlinks.compose.files import MemoryFiles
from dockerlinks.compose.problems import CODES
from dockerlinks.compose.project import Options, load_project
from dockerlinks.errors import DockerLinksError

NAMES = st.from_regex(r"[a-z][a-z0-9]{0,7}", fullmatch=True)


@st.composite
def valid_configs(draw: st.DrawFn) -> dict[str, Any]:
    """Services with unique host ports, acyclic links, distinct aliases and names."""
    names = draw(st.lists(NAMES, min_size=1, max_size=6, unique=True))
    host_ports = iter(
        draw(st.lists(st.integers(1024, 40000), min_size=24, max_size=24, unique=True))
    )
    services: dict[str, Any] = {}
    for index, name in enumerate(names):
        body: dict[str, Any] = {"image": f"example/{name}"}
        ports: list[Any] = []
        for _ in range(draw(st.integers(0, 3))):
            target = draw(st.integers(1, 65535))
            form = draw(st.sampled_from(["short", "ip", "udp", "ephemeral", "long", "int"]))
            host = next(host_ports)
            if form == "short":
                ports.append(f"{host}:{target}")
            elif form == "ip":
                ports.append(f"127.0.0.1:{host}:{target}")
            elif form == "udp":
                ports.append(f"{host}:{target}/udp")
            elif form == "ephemeral":
                ports.append(str(target))
            elif form == "int":
                ports.append(target)
            else:
                ports.append({"target": target, "published": str(host), "protocol": "tcp"})
        if ports:
            body["ports"] = ports
        if draw(st.booleans()):
            low = draw(st.integers(1, 65000))
            body["expose"] = [f"{low}-{low + draw(st.integers(0, 20))}"]
        earlier = names[:index]
        if earlier:
            targets = draw(st.lists(st.sampled_from(earlier), max_size=3, unique=True))
            body["links"] = [f"{t}:alias{n}{t}" if n else t for n, t in enumerate(targets)]
        if draw(st.booleans()):
            body["container_name"] = f"c-{name}"
        if draw(st.booleans()):
            body["environment"] = {"LOG_LEVEL": "info", "PORT": draw(st.integers(1, 9))}
        services[name] = body
    return {"services": services}


@given(valid_configs(), st.sampled_from(["modern", "classic"]))
def test_valid_configs_have_no_errors(config: dict[str, Any], profile: str) -> None:
    problems = check(config, profile=profile)
    assert [p for p in problems if p.severity == "error"] == []
    render(config, profile=profile)  # renders without raising


@given(valid_configs())
def test_yaml_round_trip_keeps_a_valid_config_valid(config: dict[str, Any]) -> None:
    text = yaml.safe_dump(config)  # PyYAML quotes what YAML 1.1 would read as a number
    document = load_compose_text(text)
    assert document.sexagesimal == ()
    assert [p for p in check(document) if p.severity == "error"] == []


def _assert_problems(problems: list[Problem]) -> None:
    for problem in problems:
        assert problem.code in CODES
        assert problem.severity == CODES[problem.code]
        assert problem.path.startswith("services")
        assert "\n" not in problem.message


@given(st.text())
def test_arbitrary_text_never_crashes(text: str) -> None:
    try:
        document = load_compose_text(text)
        problems = check(document)
    except ComposeError:
        return
    _assert_problems(problems)


YAML_PIECES = st.sampled_from(
    [
        "services:",
        "\n",
        "  ",
        "web:",
        "ports:",
        "- ",
        "22:22",
        "1:30.5",
        "[",
        "]",
        "{",
        "}",
        ",",
        "links:",
        "expose:",
        "environment:",
        "&a ",
        "*a",
        "!!omap ",
        "? ",
        ": ",
        "'",
        '"',
        "#",
        "8080:80",
        "db",
        "container_name: x",
        "---",
        "...",
        "null",
        "~",
        "- -",
        "8" * 5000,
        "0x" + "f" * 5000,
    ]
)


@given(st.lists(YAML_PIECES, max_size=40).map("".join))
def test_yaml_like_text_never_crashes(text: str) -> None:
    try:
        problems = check(load_compose_text(text))
    except ComposeError:
        return
    _assert_problems(problems)


FIELDS = st.sampled_from(
    [
        "ports",
        "expose",
        "links",
        "external_links",
        "environment",
        "env_file",
        "container_name",
        "hostname",
        "depends_on",
        "image",
        "target",
        "published",
        "host_ip",
        "protocol",
        "mode",
        "path",
        "required",
    ]
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.sampled_from(["80", "8080:80", "db", "db:x", "1-65535", "a:b:c", "A=1", "${X}", ""]),
    st.binary(max_size=4),
    # past CPython's int-digit limit (built lazily: hypothesis shows its strategies' values)
    st.sampled_from([5000, -4400]).map(lambda d: 10 ** abs(d) * (1 if d > 0 else -1)),
)
NESTED = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.one_of(FIELDS, st.text(max_size=6), st.integers()), children, max_size=4
        ),
        st.tuples(children, children),
        st.frozensets(st.integers(), max_size=3),
    ),
    max_leaves=25,
)


@given(st.one_of(NESTED, st.dictionaries(st.sampled_from(["services", "name"]), NESTED)))
def test_arbitrary_data_never_crashes(data: Any) -> None:
    try:
        problems = check(data)
    except ComposeError:
        return
    _assert_problems(problems)


@given(
    st.dictionaries(
        st.one_of(NAMES, st.text(max_size=5)),
        st.one_of(st.none(), st.dictionaries(FIELDS, NESTED, max_size=5)),
        max_size=5,
    ),
    st.sampled_from(["modern", "classic"]),
)
def test_arbitrary_services_never_crash(services: dict[str, Any], profile: str) -> None:
    problems = check({"services": services}, profile=profile, env_files={}, environ={"X": "1"})
    _assert_problems(problems)
    assert problems == check(
        {"services": services}, profile=profile, env_files={}, environ={"X": "1"}
    )


PROJECT_PIECES = st.one_of(
    YAML_PIECES,
    st.sampled_from(
        [
            "image: x",
            "scale: ",
            "extends: ",
            "include: ",
            "!reset ",
            "!override ",
            "${A:-1}",
            "$${X}",
            "${",
            "network_mode: ",
            "service:web",
            "bridge",
            "profiles: [p]",
            "env_file: e.env",
            "<<: *a",
            "9" * 4400,
        ]
    ),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(PROJECT_PIECES, max_size=40).map("".join))
def test_project_like_text_never_raises_anything_but_library_errors(text: str) -> None:
    files = MemoryFiles({"/p/compose.yaml": text, "/p/e.env": "A=1\n"}, cwd="/p")
    try:
        project = load_project(Options(), files, {})
        problems = check(project)
        render(project)
    except DockerLinksError:
        return
    _assert_problems(problems)


HUGE = "8" * 5000  # past CPython's 4,300-digit conversion limit


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("compose.yaml", f"services:\n  web:\n    image: x\n    ports: [{HUGE}]\n"),
        ("compose.yaml", f"services:\n  web:\n    image: x\n    expose: [{HUGE}]\n"),
        ("compose.yaml", f"services:\n  web:\n    image: x\n    scale: {HUGE}\n"),
        ("compose.yaml", f"services:\n  web:\n    image: x\n    environment: {{A: {HUGE}}}\n"),
        ("compose.yaml", f"services:\n  web:\n    image: x\n    ports: ['{HUGE}:80']\n"),
        ("compose.yaml", f"services:\n  web:\n    image: x\n    ports: [0x{'f' * 5000}]\n"),
        ("compose.json", f'{{"services": {{"web": {{"image": "x", "ports": [{HUGE}]}}}}}}'),
        ("compose.json", f'{{"services": {{"web": {{"image": "x", "scale": {HUGE}}}}}}}'),
    ],
)
def test_huge_integers_give_library_errors_or_problems(name: str, text: str) -> None:
    files = MemoryFiles({f"/p/{name}": text}, cwd="/p")
    loaders = (
        lambda: load_project(Options(files=(name,)), files, {}),
        lambda: load_compose_text(text, filename=name),  # the one-document reading
    )
    for load in loaders:
        try:
            loaded = load()
            problems = check(loaded)
            if not any(p.severity == "error" for p in problems):
                render(loaded)
        except DockerLinksError:
            continue
        _assert_problems(problems)
