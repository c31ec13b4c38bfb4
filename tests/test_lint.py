"""Tests of dockerlinks.lint: docker-py's split_port model and the portability warnings."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dockerlinks.errors import PortSpecError
from dockerlinks.lint import PortWarning, docker_py_bindings, lint_port_spec
from dockerlinks.ports import parse_port_spec
from tests.vectors import cases

SPLIT = [c for c in cases("docker-py_ports", function="split_port") if isinstance(c["input"], str)]


def _expected_bindings(case: dict[str, Any]) -> list[tuple[str, str, str]]:
    """docker-py's (internal, external) answer, converted as convert_port_bindings does."""
    internal = case["expected"]["internal"]
    external = case["expected"]["external"]
    out = []
    for i, key in enumerate(internal):
        full = key if "/" in key else key + "/tcp"
        if external is None:
            out.append((full, "", ""))
        elif isinstance(external[i], list):
            out.append((full, external[i][0], external[i][1] or ""))
        else:
            out.append((full, "", external[i]))
    return out


@pytest.mark.parametrize("case", SPLIT, ids=[f"{c['test']}-{c['input']}" for c in SPLIT])
def test_docker_py_model_matches_vectors(case: dict[str, Any]) -> None:
    if "error" in case:
        with pytest.raises(PortSpecError):
            docker_py_bindings(case["input"])
    else:
        assert docker_py_bindings(case["input"]) == _expected_bindings(case)


# go-connections nat/nat.go, docker/cli opts: where docker-py (and compose v1) disagree with Docker,
# as data.
DISAGREE = [
    ("80/", "DLP101"),  # docker-py: protocol must be written in lower case, "80/" invalid
    ("80/TCP", "DLP101"),
    (":80", "DLP101"),  # Port ranges don't match in length
    ("::80", "DLP101"),
    ("+80", "DLP101"),
    ("0080:80", "DLP102"),  # zeros kept as text: HostPort '0080'
    ("80-80:80", "DLP102"),  # host port '80-80'
    ("[]:80:80", "DLP101"),  # docker-py refuses "[]"
    ("0080", "DLP102"),  # key '0080/tcp'
]


@pytest.mark.parametrize(("spec", "code"), DISAGREE)
def test_docker_py_disagreements(spec: str, code: str) -> None:
    assert code in [w.code for w in lint_port_spec(spec)]


# docker-py accepts what Docker refuses (no lint: Docker refuses them, lint raises).
@pytest.mark.parametrize("spec", ["65536", "99999:80", "1.2.3:80:80", "1.1.1.1:80:80:80"])
def test_docker_py_accepts_what_docker_refuses(spec: str) -> None:
    docker_py_bindings(spec)
    with pytest.raises(PortSpecError):
        lint_port_spec(spec)


def test_docker_py_reversed_range_and_unicode_digits() -> None:
    assert docker_py_bindings("81-80") == []
    assert docker_py_bindings("8\u0660") == [("8\u0660/tcp", "", "")]


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("80", []),
        ("127.0.0.1:8080:80/udp", []),
        ("8000-9000:5000", []),
        (
            "::1:80:80",
            [("DLP001", "docker CLI v20.10 - v24 (go-connections v0.4.0)")],
        ),
        (
            "+80",
            [
                ("DLP001", "docker CLI v28.5 - v29.6 (go-connections v0.6.0)"),
                ("DLP001", "docker CLI v25 - v28.4 (go-connections v0.5.0)"),
                ("DLP001", "docker CLI v20.10 - v24 (go-connections v0.4.0)"),
                ("DLP101", "docker-py / compose v1 split_port"),
            ],
        ),
        ("22:22", [("DLP201", "compose v1 YAML")]),
        ("80:59/udp", []),
    ],
)
def test_lint_who(spec: str, expected: list[tuple[str, str]]) -> None:
    assert [(w.code, w.who) for w in lint_port_spec(spec)] == expected


def test_lint_messages() -> None:
    (warning,) = lint_port_spec("22:22")
    assert "1342" in warning.message
    assert str(warning).startswith("DLP201 ")
    long = lint_port_spec("target=80,published=8080,host_ip=127.0.0.1,mode=host")
    assert [(w.code, w.who) for w in long] == [("DLP301", "docker run")] * 2
    assert "all interfaces" in long[0].message
    assert "0080" in lint_port_spec("0080:80")[0].message
    with pytest.raises(PortSpecError):
        lint_port_spec(None)
    with pytest.raises(PortSpecError):
        lint_port_spec("80/icmp")


def test_lint_big_range_stays_cheap() -> None:
    assert isinstance(lint_port_spec("1-65535"), list)


@given(st.text(st.sampled_from(list("0123456789:-/[].+tcpTCP")), max_size=16))
def test_lint_raises_only_port_spec_error(text: str) -> None:
    try:
        warnings = lint_port_spec(text)
    except PortSpecError:
        return
    assert all(isinstance(w, PortWarning) and w.code.startswith("DLP") for w in warnings)


@pytest.mark.parametrize(
    ("spec", "value"),
    [
        ("22:22", 1342),
        ("+22:22", 1342),
        ("0070", 56),  # YAML 1.1 octal; docker reads port 70
        ("070:80", None),  # not a YAML number
        ("07", None),  # octal 7 is still 7
        ("80", None),
        ("0080", None),  # "8" is not an octal digit: a string
        ("0:80", None),
    ],
)
def test_yaml_numbers(spec: str, value: int | None) -> None:
    found = [w for w in lint_port_spec(spec) if w.code == "DLP201"]
    if value is None:
        assert found == []
    else:
        (warning,) = found
        assert f"as the number {value};" in warning.message


def test_yaml_numbers_agree_with_pyyaml() -> None:
    yaml = pytest.importorskip("yaml")
    for spec in ("22:22", "+22:22", "0070", "59:59"):
        (warning,) = [w for w in lint_port_spec(spec) if w.code == "DLP201"]
        assert f"as the number {yaml.safe_load(spec)};" in warning.message


def test_docker_py_model_limits() -> None:
    # docker-py's int() refuses more than 4300 digits; a range it would expand into a list of
    # more than 100,000 ports is refused by the model rather than built.
    with pytest.raises(PortSpecError) as info:
        docker_py_bindings("1-" + "9" * 5000)
    assert "4300" in info.value.docker_message
    with pytest.raises(PortSpecError):
        docker_py_bindings("0-9999999999")
    assert len(docker_py_bindings("0-99999")) == 100_000
    for bad in (None, b"80", 80, ["80"]):
        with pytest.raises(PortSpecError):
            docker_py_bindings(bad)


def test_docker_py_model_agrees_with_docker_py() -> None:
    ports = pytest.importorskip("docker.utils.ports")
    for spec in ("80", "80/udp", "1.2.3.4:80:80", "[::1]:80:80", "8000-9000:5000", "80-81:90-91"):
        internal, external = ports.split_port(spec)
        bindings = ports.build_port_bindings([spec])
        got = docker_py_bindings(spec)
        assert [k for k, _, _ in got] == [k if "/" in k else k + "/tcp" for k in internal]
        assert len(got) == sum(len(v) for v in bindings.values())
        assert external is None or len(external) == len(got)


PIECES = st.sampled_from([*"0123456789:-/[].+tcpudsTCP", "::1", "127.0.0.1", "/udp", "[::]"])


@given(st.lists(PIECES, max_size=8).map("".join))
def test_older_generations_agree_or_refuse(text: str) -> None:
    # why lint has no "reads it differently" warning: no value the current parser accepts is
    # read differently by go-connections v0.4 - v0.6
    try:
        current = parse_port_spec(text)
    except PortSpecError:
        return
    for generation in ("v0.6", "v0.5", "v0.4"):
        try:
            older = parse_port_spec(text, generation=generation)
        except PortSpecError:
            continue
        assert older == current
