"""Tests of dockerlinks.ports against the upstream vectors and Docker's documented rules."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dockerlinks.errors import DockerLinksError, ExposeError, InspectError, PortError, PortSpecError
from dockerlinks.ports import (
    GENERATIONS,
    Port,
    PortBinding,
    PortConfig,
    PortMap,
    PortRange,
    PortSpec,
    convert_compose_port,
    convert_publish_long,
    join_host_port,
    parse_expose,
    parse_ip,
    parse_port_range,
    parse_port_spec,
    parse_port_specs,
    parse_publish_long,
    publish_all_ports,
    split_proto_port,
)
from dockerlinks.ports.short import _fast, _parse_full
from dockerlinks.profiles import MODERN, Profile
from tests.vectors import cases

GC = "go-connections_nat"


def _ids(rows: list[dict[str, Any]]) -> list[str]:
    return [f"{r['test']}-{r.get('subtest', '')}-{r['input']}" for r in rows]


def _mappings(spec: str) -> list[dict[str, str]]:
    return [
        {"port": str(m.port), "HostIp": m.binding.host_ip, "HostPort": m.binding.host_port}
        for m in parse_port_spec(spec).mappings()
    ]


SPEC = cases(GC, function="ParsePortSpec")


@pytest.mark.parametrize("case", SPEC, ids=_ids(SPEC))
def test_parse_port_spec_vectors(case: dict[str, Any]) -> None:
    if "error" in case:
        with pytest.raises(PortSpecError) as info:
            parse_port_spec(case["input"])
        assert info.value.docker_message == case["error"]
    else:
        assert _mappings(case["input"]) == case["expected"]


SPECS = [c for c in cases(GC, function="ParsePortSpecs") if c.get("expected") != "no error"]
BENCH = [c for c in cases(GC, function="ParsePortSpecs") if c.get("expected") == "no error"]


@pytest.mark.parametrize("case", SPECS, ids=_ids(SPECS))
def test_parse_port_specs_vectors(case: dict[str, Any]) -> None:
    if "error" in case:
        with pytest.raises(PortSpecError) as info:
            parse_port_specs(case["input"])
        assert info.value.docker_message == case["error"]
        return
    api = parse_port_specs(case["input"]).to_api()
    assert sorted(api["ExposedPorts"]) == sorted(case["expected"]["exposed"])
    assert api["PortBindings"] == case["expected"]["bindings"]


@pytest.mark.parametrize("case", BENCH, ids=_ids(BENCH))
def test_parse_port_specs_benchmark_inputs(case: dict[str, Any]) -> None:
    assert parse_port_specs(case["input"]).exposed


STRINGER = cases(GC, function="ParsePortSpec(input)[0].String()")


@pytest.mark.parametrize("case", STRINGER, ids=_ids(STRINGER))
def test_mapping_stringer(case: dict[str, Any]) -> None:
    assert str(next(parse_port_spec(case["input"]).mappings())) == case["expected"]


RANGES = cases(GC, function="ParsePortRange")


@pytest.mark.parametrize("case", RANGES, ids=_ids(RANGES))
def test_parse_port_range_vectors(case: dict[str, Any]) -> None:
    if "error" in case:
        with pytest.raises(PortSpecError) as info:
            parse_port_range(case["input"])
        assert info.value.docker_message == case["error"]
    else:
        got = parse_port_range(case["input"])
        assert (got.start, got.end) == (case["expected"]["start"], case["expected"]["end"])


SPLIT = cases(GC, function="SplitProtoPort")


@pytest.mark.parametrize("case", SPLIT, ids=_ids(SPLIT))
def test_split_proto_port_vectors(case: dict[str, Any]) -> None:
    assert split_proto_port(case["input"]) == (case["expected"]["proto"], case["expected"]["port"])


# ParsePortSpec reports the container text when parsePortNumber fails; these rows are the
# upstream TestParsePortNumber inputs seen through -p.
NUMBERS = [
    c
    for c in cases(GC, function="parsePortNumber (unexported function)")
    if "-" not in c["input"]  # a "-" would be read as a range separator by ParsePortRange
]


@pytest.mark.parametrize("case", NUMBERS, ids=_ids(NUMBERS))
def test_port_number_vectors_through_range(case: dict[str, Any]) -> None:
    if "error" in case:
        with pytest.raises(PortSpecError) as info:
            parse_port_range(case["input"])
        assert case["error"] in info.value.docker_message or case["input"] == ""
    else:
        assert parse_port_range(case["input"]).start == case["expected"]


# Hand cases from go-connections nat/nat.go, docker/cli opts (Docker's documented answers).
ACCEPT = [
    ("::1:8080:80", "[::1]:8080:80/tcp"),
    ("::::80", "[::]::80/tcp"),
    ("::80", "80/tcp"),
    (":80", "80/tcp"),
    ("[]:80:80", "80:80/tcp"),
    ("[127.0.0.1]:80:80", "127.0.0.1:80:80/tcp"),
    ("::ffff:127.0.0.1:80:80", "[::ffff:127.0.0.1]:80:80/tcp"),
    ("0080", "80/tcp"),
    ("+80", "80/tcp"),
    ("80/TCP", "80/tcp"),
    ("80/", "80/tcp"),
    ("0", "0/tcp"),
    ("0:80", "0:80/tcp"),
    ("80-80:80", "80:80/tcp"),
    ("8000-9000:5000", "8000-9000:5000/tcp"),
    ("1234-1235:3333-3334", "1234-1235:3333-3334/tcp"),
    ("0--0", "0/tcp"),
    # the range is cut at the FIRST "-"; the end may carry a "+" sign; "A-A" compares as text
    ("80-+81", "80-81/tcp"),
    ("2-+2", "2/tcp"),
    ("+8000-9000:+80-80", "8000-9000:80/tcp"),  # "80-80" is one port: dynamic
    ("080-80", "80/tcp"),
    ("+80:+81", "80:81/tcp"),
    ("::1.2.3.4:80:80", "[::1.2.3.4]:80:80/tcp"),
    ("1:2:3:4:5:6:7:8:80:80", "[1:2:3:4:5:6:7:8]:80:80/tcp"),
    ("[::1]::80", "[::1]::80/tcp"),
    ("::1::80", "[::1]::80/tcp"),
    ("1.2.3.4::80-81", "1.2.3.4::80-81/tcp"),
    ("80-90:8080", "80-90:8080/tcp"),
    ("80/UdP", "80/udp"),
    ("0:0", "0:0/tcp"),
]


@pytest.mark.parametrize(("spec", "canonical"), ACCEPT)
def test_documented_accepts(spec: str, canonical: str) -> None:
    assert str(parse_port_spec(spec)) == canonical


REJECT = [
    ("", "no port specified: <empty>", (0, 0)),
    ("80/icmp", "invalid proto: icmp", (3, 7)),
    ("80/tcp/x", "invalid proto: tcp/x", (3, 8)),
    ("localhost:80:80", "invalid IP address: localhost", (0, 9)),
    ("127.0.0.1:80", "invalid hostPort: 127.0.0.1", (0, 9)),
    ("65536", "invalid containerPort: 65536", (0, 5)),
    (
        "9000:8000-8002",
        "invalid ranges specified for container and host Ports: 8000-8002 and 9000",
        (0, 14),
    ),
    (
        "[::1:80:80",
        "invalid IP address [::1: address [::1:: missing ']' in address",
        (0, 4),
    ),
    (":::80", "invalid IP address: :", (0, 1)),
    ("fe80::1%eth0:80:80", "invalid IP address: fe80::1%eth0", (0, 12)),
    ("1.2.3:80:80", "invalid IP address: 1.2.3", (0, 5)),
    ("010.0.0.1:80:80", "invalid IP address: 010.0.0.1", (0, 9)),
    ("256.0.0.1:80:80", "invalid IP address: 256.0.0.1", (0, 9)),
    ("8000-9000-10000", "invalid containerPort: 8000-9000-10000", (0, 15)),
    ("9000-8000", "invalid containerPort: 9000-8000", (0, 9)),
    ("8\u0660", "invalid containerPort: 8\u0660", (0, 2)),
    (" 80", "invalid containerPort:  80", (0, 3)),
    ("8_0", "invalid containerPort: 8_0", (0, 3)),
    ("0x50", "invalid containerPort: 0x50", (0, 4)),
    ("0.0.0.0:1234-1235:/tcp", "no port specified: 0.0.0.0:1234-1235:/tcp<empty>", (18, 18)),
    ("[::1]x:80:80", "invalid IP address [::1]x: address [::1]x:: missing port in address", (0, 6)),
    (
        "[::1]:2:80:80",
        "invalid IP address [::1]:2: address [::1]:2:: too many colons in address",
        (0, 7),
    ),
    (
        "[[::1]:80:80",
        "invalid IP address [[::1]: address [[::1]:: unexpected '[' in address",
        (0, 6),
    ),
    ("[::1]]:80:80", "invalid IP address [::1]]: address [::1]]:: missing port in address", (0, 6)),
    # split on every ":": "[::1]:80" has host IP "[:", host port "1]" and container "80";
    # the IP check (3) comes before the host port check (6)
    ("[::1]:80", "invalid IP address [:: address [::: missing ']' in address", (0, 2)),
    ("[::1]", "invalid IP address [: address [:: missing ']' in address", (0, 1)),
    (
        "[[::1]]:80:80",
        "invalid IP address [[::1]]: address [[::1]]:: missing port in address",
        (0, 7),
    ),
    # unbracketed text never goes through the splitter in this generation
    ("a]:80:80", "invalid IP address: a]", (0, 2)),
    ("a[:80:80", "invalid IP address: a[", (0, 2)),
    ("[fe80::1%eth0]:80:80", "invalid IP address: fe80::1%eth0", (0, 14)),
    ("1.2.3.04:80:80", "invalid IP address: 1.2.3.04", (0, 8)),
    ("0x1.2.3.4:80:80", "invalid IP address: 0x1.2.3.4", (0, 9)),
    ("1.2.3.4.5:80:80", "invalid IP address: 1.2.3.4.5", (0, 9)),
    ("::1.2.3:80:80", "invalid IP address: ::1.2.3", (0, 7)),
    ("1:2:3:4:5:6:7:1.2.3.4:80:80", "invalid IP address: 1:2:3:4:5:6:7:1.2.3.4", (0, 21)),
    ("-80", "invalid containerPort: -80", (0, 3)),
    ("80-", "invalid containerPort: 80-", (0, 3)),
    ("5--5", "invalid containerPort: 5--5", (0, 4)),
    ("+", "invalid containerPort: +", (0, 1)),
    ("+-80", "invalid containerPort: +-80", (0, 4)),
    ("80-81-82", "invalid containerPort: 80-81-82", (0, 8)),
    ("A-:80", "invalid hostPort: A-", (0, 2)),
    ("81-80:80", "invalid hostPort: 81-80", (0, 5)),
    ("\u0661:80", "invalid hostPort: \u0661", (0, 1)),
    ("99999999999999999999999", "invalid containerPort: 99999999999999999999999", (0, 23)),
    ("80/tcp/", "invalid proto: tcp/", (3, 7)),
    ("80/\u0130", "invalid proto: i", (3, 4)),  # Go's ToLower maps U+0130 to "i"
    ("/tcp", "no port specified: /tcp<empty>", (0, 0)),
    ("x:y:", "no port specified: x:y:<empty>", (4, 4)),
    ("8080:", "no port specified: 8080:<empty>", (5, 5)),
    # the proto is checked before the IP, the IP before the ports
    ("localhost:x:80/icmp", "invalid proto: icmp", (15, 19)),
    ("localhost:x:y", "invalid IP address: localhost", (0, 9)),
    ("x:y", "invalid containerPort: y", (2, 3)),
]


@pytest.mark.parametrize(("spec", "message", "span"), REJECT)
def test_documented_rejects(spec: str, message: str, span: tuple[int, int]) -> None:
    with pytest.raises(PortSpecError) as info:
        parse_port_spec(spec)
    assert info.value.docker_message == message
    assert info.value.span == span
    assert str(info.value).splitlines()[0] == message


GENERATION_CASES = [
    ("", "v0.6", "invalid proto: "),
    ("/tcp", "v0.6", "invalid proto: "),
    ("x:y:", "v0.6", "invalid proto: "),
    ("+80", "v0.6", "invalid containerPort: +80"),
    ("9000-8000", "v0.6", "invalid containerPort: 9000-8000"),
    ("80/ICMP", "v0.5", "invalid proto: ICMP"),
    ("localhost:80/icmp", "v0.5", "invalid hostPort: localhost"),
    ("", "v0.5", "no port specified: <empty>"),
    ("x", "v0.4", "Invalid containerPort: x"),
    ("x:80", "v0.4", "Invalid hostPort: x"),
    ("80/icmp", "v0.4", "Invalid proto: icmp"),
    ("localhost:80:80", "v0.4", "Invalid ip address: localhost"),
    ("", "v0.4", "No port specified: <empty>"),
    ("::1:80:80", "v0.4", "Invalid ip address ::1: address ::1:: too many colons in address"),
    ("80-+81", "v0.6", "invalid containerPort: 80-+81"),
    ("0--0", "v0.6", "invalid containerPort: 0--0"),
    ("80:/tcp", "v0.6", "invalid proto: "),
    ("8080:", "v0.6", "invalid proto: "),
    ("[::1]:80", "v0.6", "invalid IP address [:: address [::: missing ']' in address"),
    ("localhost:80:80/icmp", "v0.6", "invalid proto: icmp"),
    ("x:y:", "v0.5", "invalid IP address: x"),
    ("80/\u0130", "v0.5", "invalid proto: \u0130"),
    ("9000-8000", "v0.5", "invalid containerPort: 9000-8000"),
    ("1.2.3.4:x:80/icmp", "v0.5", "invalid hostPort: x"),
    ("/tcp", "v0.5", "no port specified: /tcp<empty>"),
    ("+80", "v0.5", "invalid containerPort: +80"),
    ("a]:80:80", "v0.4", "Invalid ip address a]: address a]:: unexpected ']' in address"),
    ("a[:80:80", "v0.4", "Invalid ip address a[: address a[:: unexpected '[' in address"),
    ("[::1:80:80", "v0.4", "Invalid ip address [::1: address [::1:: missing ']' in address"),
    ("x:y:", "v0.4", "Invalid ip address: x"),
    ("/tcp", "v0.4", "No port specified: /tcp<empty>"),
    ("[::1:80:80", "v0.5", "invalid IP address [::1: address [::1:: missing ']' in address"),
    ("[::1]x:80:80", "v0.6", "invalid IP address [::1]x: address [::1]x:: missing port in address"),
    (
        "::ffff:1.2.3.4:80:80",
        "v0.4",
        ("Invalid ip address ::ffff:1.2.3.4: address ::ffff:1.2.3.4:: too many colons in address"),
    ),
    (
        "9000:8000-8002",
        "v0.4",
        "Invalid ranges specified for container and host Ports: 8000-8002 and 9000",
    ),
]


@pytest.mark.parametrize(("spec", "generation", "message"), GENERATION_CASES)
def test_older_generation_errors(spec: str, generation: str, message: str) -> None:
    with pytest.raises(PortSpecError) as info:
        parse_port_spec(spec, generation=generation)
    assert info.value.docker_message == message


@pytest.mark.parametrize(
    ("spec", "generation", "canonical"),
    [
        ("8000-9000-10000", "v0.6", "8000-9000/tcp"),
        ("80/tcp/extra", "v0.5", "80/tcp"),
        ("80//udp", "v0.5", "80/tcp"),
        ("::1:80:80", "v0.5", "[::1]:80:80/tcp"),
        ("[::1]:80:80", "v0.4", "[::1]:80:80/tcp"),
        ("[]:80:80", "v0.4", "80:80/tcp"),
        ("0080:80/UDP", "v0.4", "80:80/udp"),
        ("80/tcp/", "v0.5", "80/tcp"),
        ("80-81-82", "v0.5", "80-81/tcp"),
        ("80-81-82", "v0.4", "80-81/tcp"),
        ("[127.0.0.1]:80:80", "v0.4", "127.0.0.1:80:80/tcp"),
        ("80-80:80", "v0.6", "80:80/tcp"),
        ("8000-9000:5000", "v0.5", "8000-9000:5000/tcp"),
    ],
)
def test_older_generation_accepts(spec: str, generation: str, canonical: str) -> None:
    assert str(parse_port_spec(spec, generation=generation)) == canonical


# go-connections' parsePortRange (current texts): ParseInt(s, 10, 0) errors unwrapped; a value
# beyond int64 reads plain "value out of range", one inside int64 but outside 0-65535 the
# text with the EN DASH; the end may carry a sign ("-0" is 0).
EN = "value out of range (0\u201365535)"
RANGE_ROWS = [
    ("9223372036854775807", f"invalid start port '9223372036854775807': {EN}"),
    ("9223372036854775808", "invalid start port '9223372036854775808': value out of range"),
    ("18446744073709551616", "invalid start port '18446744073709551616': value out of range"),
    ("99999999999999999999x", "invalid start port '99999999999999999999x': value out of range"),
    ("1-+2", (1, 2)),
    ("0--0", (0, 0)),
    ("5--5", f"invalid end port '-5': {EN}"),
    ("0--9223372036854775808", f"invalid end port '-9223372036854775808': {EN}"),
    ("0--9223372036854775809", "invalid end port '-9223372036854775809': value out of range"),
    ("1-", "invalid end port '': value is empty"),
    ("-1", "invalid start port '': value is empty"),
    ("1--", "invalid end port '-': invalid syntax"),
    ("+", "invalid start port '+': invalid syntax"),
    ("80-80-80", "invalid end port '80-80': invalid syntax"),
    ("", "empty string specified for ports"),
    ("0080-0080", (80, 80)),
    ("81-80", "invalid port range: 81-80"),
]


@pytest.mark.parametrize(("text", "expected"), RANGE_ROWS)
def test_parse_port_range_rows(text: str, expected: tuple[int, int] | str) -> None:
    if isinstance(expected, tuple):
        got = parse_port_range(text)
        assert (got.start, got.end) == expected
    else:
        with pytest.raises(PortSpecError) as info:
            parse_port_range(text)
        assert info.value.docker_message == expected


def test_value_methods() -> None:
    ports = [Port(80, "udp"), Port(80, "x"), Port(80), Port(22, "sctp")]
    assert sorted(ports, key=Port.sort_key) == [
        Port(22, "sctp"),
        Port(80),
        Port(80, "udp"),
        Port(80, "x"),
    ]
    span = PortRange(80, 82)
    assert list(span) == [80, 81, 82]
    assert 81 in span
    assert 83 not in span
    assert "81" not in span


def test_string_subclasses_take_the_general_path() -> None:
    class Text(str):
        __slots__ = ()

    assert parse_port_spec(Text("8080:80")) == parse_port_spec("8080:80")
    assert str(parse_port_spec(Text("[::1]::80"))) == "[::1]::80/tcp"


def test_bad_types_and_generation() -> None:
    for bad in (None, 80, b"80"):
        with pytest.raises(PortSpecError):
            parse_port_spec(bad)
    with pytest.raises(PortSpecError):
        parse_port_spec("80", generation="v9")
    with pytest.raises(PortSpecError):
        parse_port_specs("80")
    with pytest.raises(PortSpecError):
        parse_port_range(None)


def test_big_range_is_compact_and_lazy() -> None:
    spec = parse_port_spec("1-65535:1-65535")
    assert len(spec) == 65535
    first = next(spec.mappings())
    assert (str(first.port), first.binding.host_port) == ("1/tcp", "1")


def test_api_shapes_and_round_trip() -> None:
    config = parse_port_specs(["127.0.0.1:8000-9000:5000", "53:53/udp", "80", "80"])
    api = config.to_api()
    assert api == {
        "ExposedPorts": {"5000/tcp": {}, "53/udp": {}, "80/tcp": {}},
        "PortBindings": {
            "5000/tcp": [{"HostIp": "127.0.0.1", "HostPort": "8000-9000"}],
            "53/udp": [{"HostIp": "", "HostPort": "53"}],
            "80/tcp": [{"HostIp": "", "HostPort": ""}, {"HostIp": "", "HostPort": ""}],
        },
    }
    assert PortConfig.from_api(api) == config
    assert PortConfig.from_api({"PortBindings": {"80": [{"hostport": "1"}], "81/tcp": None}}) == (
        PortConfig((), ((Port(80), (PortBinding("", "1"),)), (Port(81), ())))
    )


@pytest.mark.parametrize(
    "bad",
    [
        None,
        [],
        {"ExposedPorts": []},
        {"ExposedPorts": {"abc/tcp": {}}},
        {"ExposedPorts": {80: {}}},
        {"PortBindings": {"80/tcp": "x"}},
        {"PortBindings": {"80/tcp": ["x"]}},
        {"PortBindings": {"80/tcp": [{"HostIp": 1}]}},
    ],
)
def test_from_api_shape_errors(bad: object) -> None:
    with pytest.raises(InspectError):
        PortConfig.from_api(bad)


def test_port_map_round_trip_and_errors() -> None:
    data = {"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8080", "Extra": 1}], "443/tcp": None}
    pm = PortMap.from_api(data)
    assert pm.get(Port(80)) == (PortBinding("0.0.0.0", "8080"),)
    assert pm.get(Port(1)) is None
    assert PortMap.from_api(pm.to_api()) == pm
    assert PortMap.from_api(None) == PortMap()
    assert PortMap.from_api({"80/tcp": [{"HostIp": None, "HostPort": None}]}).entries[0][1] == (
        PortBinding(),
    )
    with pytest.raises(InspectError):
        PortMap.from_api([1])


PORT_PARSE = [
    ("80", Port(80)),
    ("80/UDP", Port(80, "udp")),
    ("0123", Port(123)),
    ("80/", Port(80)),
    ("", "invalid port: value is empty"),
    ("abc", "invalid port 'abc': invalid syntax"),
    ("-1", "invalid port '-1': invalid syntax"),
    ("65536", "invalid port '65536': value out of range"),
    ("99999999999999999999999x", "invalid port '99999999999999999999999x': value out of range"),
]


@pytest.mark.parametrize(("text", "expected"), PORT_PARSE)
def test_port_parse(text: str, expected: Port | str) -> None:
    if isinstance(expected, Port):
        assert Port.parse(text) == expected
    else:
        with pytest.raises(PortError) as info:
            Port.parse(text)
        assert info.value.docker_message == expected
    with pytest.raises(PortError):
        Port.parse(None)


EXPOSE = cases("docker-cli_run_publish_expose", test="TestParseWithExpose")


@pytest.mark.parametrize("profile", ["modern", "classic"])
@pytest.mark.parametrize("case", EXPOSE, ids=[str(c["input"]) for c in EXPOSE])
def test_expose_vectors(case: dict[str, Any], profile: str) -> None:
    key = "error" if profile == "modern" else "error_v27"
    exposed: set[str] = set()
    try:
        for value in case["input"]["expose"]:
            exposed |= {str(p) for p in parse_expose(value, profile=profile)}
        for value in case["input"].get("publish", []):
            exposed |= {str(p) for p in parse_port_specs([value]).exposed}
    except ExposeError as exc:
        assert exc.docker_message == case[key]  # noqa: PT017
    else:
        assert exposed == set(case["expected"]["ExposedPorts"])


def test_expose_extra() -> None:
    assert parse_expose("80/TCP", profile="classic") == (Port(80, "TCP"),)
    assert parse_expose("80/tcp/x") == (Port(80, "tcp/x"),)
    for value, message in [
        ("", "invalid range format for --expose: invalid port range: value is empty"),
        ("9-8", "invalid range format for --expose: invalid port range: 9-8"),
        ("8-", "invalid range format for --expose: invalid end port '': value is empty"),
        (
            "8-70000",
            "invalid range format for --expose: invalid end port '70000': value out of range",
        ),
    ]:
        with pytest.raises(ExposeError) as info:
            parse_expose(value)
        assert info.value.docker_message == message
    with pytest.raises(ExposeError):
        parse_expose(80)


# --expose per CLI generation (go-connections nat/nat.go, docker/cli opts; docker/cli opts.go at
# v20.10, v24, v28.0
# and v29): the v0.4 generation words go-connections' own errors with capitals.
V04 = MODERN.evolve(parser="v0.4")
V06 = MODERN.evolve(parser="v0.6")
EXPOSE_GENERATIONS: list[tuple[str, Profile | str, tuple[str, ...] | str]] = [
    ("", V04, "invalid range format for --expose: , error: Empty string specified for ports."),
    (
        "9-8",
        V04,
        "invalid range format for --expose: 9-8, error: Invalid range specified for the Port: 9-8",
    ),
    (
        "/tcp",
        V04,
        "invalid range format for --expose: /tcp, error: Empty string specified for ports.",
    ),
    ("1:2", V04, "invalid port format for --expose: 1:2"),
    ("80/TCP/x", V04, ("80/TCP",)),
    ("", "classic", "invalid range format for --expose: , error: empty string specified for ports"),
    (
        "9-8",
        "classic",
        "invalid range format for --expose: 9-8, error: invalid range specified for port: 9-8",
    ),
    (
        "x",
        "classic",
        'invalid range format for --expose: x, error: strconv.ParseUint: parsing "x": '
        "invalid syntax",
    ),
    (
        "70000",
        "classic",
        'invalid range format for --expose: 70000, error: strconv.ParseUint: parsing "70000": '
        "value out of range",
    ),
    ("80-81-82/udp", "classic", ("80/udp", "81/udp")),
    ("80/", "classic", ("80/tcp",)),
    # CLI v29.0 - v29.6 (go-connections v0.6 for -p) already had the v29 --expose code
    (
        "8080:9090",
        V06,
        "invalid range format for --expose: invalid start port '8080:9090': invalid syntax",
    ),
    ("80/TCP", V06, ("80/tcp",)),
    (
        "+80",
        "modern",
        "invalid range format for --expose: invalid start port '+80': invalid syntax",
    ),
    (
        "80-+81",
        "modern",
        "invalid range format for --expose: invalid end port '+81': invalid syntax",
    ),
    ("80-080", "modern", ("80/tcp",)),
    (
        "80-80-80",
        "modern",
        "invalid range format for --expose: invalid end port '80-80': invalid syntax",
    ),
    ("/tcp", "modern", "invalid range format for --expose: invalid start port '': value is empty"),
    ("8080/ncp", "modern", ("8080/ncp",)),
    ("80/", "modern", ("80/tcp",)),
    (
        "99999999999999999999999",
        "modern",
        "invalid range format for --expose: invalid start "
        "port '99999999999999999999999': value out of range",
    ),
]


@pytest.mark.parametrize(("value", "profile", "expected"), EXPOSE_GENERATIONS)
def test_expose_by_generation(
    value: str, profile: Profile | str, expected: tuple[str, ...] | str
) -> None:
    if isinstance(expected, tuple):
        assert tuple(str(p) for p in parse_expose(value, profile=profile)) == expected
    else:
        with pytest.raises(ExposeError) as info:
            parse_expose(value, profile=profile)
        assert info.value.docker_message == expected


LONG = cases("docker-cli_run_publish_expose", test="TestConvertToStandardNotation")


@pytest.mark.parametrize("case", LONG, ids=[str(c["input"]) for c in LONG])
def test_long_syntax_vectors(case: dict[str, Any]) -> None:
    try:
        got = [convert_publish_long(v).short for v in case["input"]]
    except PortSpecError as exc:
        assert exc.docker_message == case["error"]  # noqa: PT017
    else:
        assert got == case["expected"]


def test_long_syntax_ignored_keys() -> None:
    long = convert_publish_long("target=80,published=8080,host_ip=127.0.0.1,Target=9,mode=host")
    assert long.spec == parse_port_spec("8080:80")
    assert long.ignored == ("host_ip", "Target", "mode")
    assert parse_publish_long("target=80,target=81").container_range == PortRange(81, 81)
    with pytest.raises(PortSpecError) as info:
        parse_publish_long("published=8080")
    assert info.value.docker_message == "no port specified: 8080:/tcp<empty>"
    with pytest.raises(PortSpecError):
        parse_publish_long("=80,target=1")
    with pytest.raises(PortSpecError):
        parse_publish_long(None)


def test_compose_long_syntax() -> None:
    long = convert_compose_port(
        {"target": 80, "published": "8000-9000", "host_ip": "127.0.0.1", "mode": "host", "x-a": 1}
    )
    assert str(long.spec) == "127.0.0.1:8000-9000:80/tcp"
    assert long.ignored == ("mode", "x-a")
    assert str(convert_compose_port({"target": "53", "protocol": "udp", "published": 53}).spec) == (
        "53:53/udp"
    )
    bad: object
    for bad in (
        [],
        {1: 2},
        {"target": "80-81"},
        {"target": 70000},
        {"target": True},
        {"target": 80, "bogus": 1},
        {"target": 80, "published": 1.5},
        {"target": 80, "mode": "global"},
        {"target": 80, "host_ip": 1},
        {"target": 80, "host_ip": "localhost"},
    ):
        with pytest.raises(PortSpecError):
            convert_compose_port(bad)


# docker run long syntax (go-connections nat/nat.go, docker/cli opts): split on "," only, "=" cut at
# the first one,
# keys case-sensitive, the last of a repeated key wins, only three keys used.
LONG_ROWS = [
    ("published=8080,target=80", "8080:80/tcp", ()),
    ("target=80,published=8000-8001,protocol=UDP", "8000-8001:80/UDP", ()),
    ("published=8000-8001,target=80-81", "8000-8001:80-81/tcp", ()),
    ("target=80,target=81", ":81/tcp", ()),
    ("target=80,protocol=", ":80/", ()),
    ("target=80, published=8080", ":80/tcp", (" published",)),
    ("target=80,Published=8080", ":80/tcp", ("Published",)),
    ("target=80,host_ip=127.0.0.1,mode=host", ":80/tcp", ("host_ip", "mode")),
    ("target=80,name=", ":80/tcp", ("name",)),
]


@pytest.mark.parametrize(("value", "short", "ignored"), LONG_ROWS)
def test_long_syntax_rows(value: str, short: str, ignored: tuple[str, ...]) -> None:
    long = convert_publish_long(value)
    assert (long.short, long.ignored) == (short, ignored)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("published=8080", "no port specified: 8080:/tcp<empty>"),
        (
            "published=8080,target",
            "invalid publish opts format (should be name=value but got 'target')",
        ),
        ("target=80,", "invalid publish opts format (should be name=value but got '')"),
        ("=80", "invalid publish opts format (should be name=value but got '=80')"),
        ("target=80,protocol=icmp", "invalid proto: icmp"),
        ("target=80,published=localhost:8080", "invalid IP address: localhost"),
        ("target=80,published=a=b", "invalid hostPort: a=b"),
        ("target=x", "invalid containerPort: x"),
    ],
)
def test_long_syntax_errors(value: str, message: str) -> None:
    with pytest.raises(PortSpecError) as info:
        convert_publish_long(value)
    assert info.value.docker_message == message


def test_publish_all() -> None:
    config = parse_port_specs(["8080:80", "53/udp"])
    assert publish_all_ports([Port(80), Port(443), Port(443)], config) == (Port(443),)
    assert publish_all_ports([Port(9)]) == (Port(9),)
    with pytest.raises(PortSpecError):
        publish_all_ports(["80"])  # type: ignore[list-item]


def test_parse_ip_model() -> None:
    good = [
        "::",
        "::1",
        "1::",
        "1:2:3:4:5:6:7:8",
        "::ffff:1.2.3.4",
        "1:2:3:4:5:6:1.2.3.4",
        "0.0.0.0",
        "255.255.255.255",
        "::ffff:255.255.255.255",
        "1:2:3:4:5:6:7::",
        "::2:3:4:5:6:7:8",
        "ABCD:ef01::",
    ]
    bad = [
        "1:2:3:4:5:6:7:8:9",
        "1::2::3",
        "12345::",
        "1:2:3:4:5:6:7::8:9",
        "::1.2.3",
        ":1",
        "1:",
        "1:2:3:4:5:1.2.3.4",
        "1:2:3:4:5:6:7:1.2.3.4",
        "x",
        "1.2.3.4.5",
        "::g",
        "",
        None,
        "1:2:3:4:5:6:7:8::",
        "%1",
        "1.2.3.04",
        "256.1.1.1",
        "::ffff:1.2.3.256",
        "%1.2.3.4",
        "1.2.3.4%eth0",
        "::%eth0",
        "fe80::1%",
        "1.2.3.4:80",
        "\u0661.2.3.4",
        "1.2.3.\u0664",
        "1:2:3:4:5:6:7",
        "1:2:3",
    ]
    assert all(parse_ip(ip) is not None for ip in good)
    assert all(parse_ip(ip) is None for ip in bad)


# ----------------------------------------------------------------- properties

numbers = st.integers(0, 65535)


@st.composite
def specs(draw: st.DrawFn) -> PortSpec:
    low = draw(numbers)
    high = draw(st.integers(low, min(65535, low + 50)))
    proto = draw(st.sampled_from(["tcp", "udp", "sctp"]))
    host = None
    if draw(st.booleans()):
        if high == low and draw(st.booleans()):
            hl = draw(numbers)
            host = PortRange(hl, draw(st.integers(hl, 65535)))
        else:
            hl = draw(st.integers(0, 65535 - (high - low)))
            host = PortRange(hl, hl + high - low)
    ip = draw(st.sampled_from(["", "127.0.0.1", "::1", "::", "::ffff:1.2.3.4", "fe80::1"]))
    return PortSpec(PortRange(low, high), proto, ip, host)


@given(specs())
def test_round_trip(spec: PortSpec) -> None:
    assert parse_port_spec(str(spec)) == spec


@given(specs())
def test_expansion_count(spec: PortSpec) -> None:
    assert len(list(spec.mappings())) == len(spec.container_range)


@given(st.lists(specs(), max_size=4))
def test_api_round_trip(values: list[PortSpec]) -> None:
    config = parse_port_specs([str(v) for v in values])
    assert PortConfig.from_api(config.to_api()) == config


ALPHABET = st.sampled_from(list("0123456789:-/[]. +abcdeftcpudsTCP%\u0660\n_"))


@given(st.text(ALPHABET, max_size=24) | st.text(max_size=12))
def test_any_text_parses_or_raises_port_spec_error(text: str) -> None:
    for generation in ("current", "v0.6", "v0.5", "v0.4"):
        with contextlib.suppress(PortSpecError):
            parse_port_spec(text, generation=generation)


def _refusal(text: str, generation: str) -> tuple[type[BaseException], str, object, object] | None:
    try:
        parse_port_spec(text, generation=generation)
    except PortSpecError as exc:
        return (type(exc), str(exc), exc.text, exc.span)
    return None


@given(st.text(ALPHABET, max_size=24))
def test_a_spec_refused_again_is_refused_alike(text: str) -> None:
    # refusals are kept by message and span (ports.short._parse_cached): the second answer
    # must be the full parser's, word for word, in a fresh error
    for generation, rules in GENERATIONS.items():
        first = _refusal(text, generation)
        assert _refusal(text, generation) == first
        if first is None:
            continue
        with pytest.raises(PortSpecError) as direct:
            _parse_full(text, rules)
        exc = direct.value
        assert (type(exc), str(exc), exc.text, exc.span) == first


@given(specs(), st.integers(0, 40), st.text(ALPHABET, max_size=3), st.integers(0, 3))
def test_near_miss_mutations(spec: PortSpec, pos: int, insert: str, cut: int) -> None:
    text = str(spec)
    pos %= len(text) + 1
    mutated = text[:pos] + insert + text[pos + cut :]
    try:
        parse_port_spec(mutated)
    except PortSpecError as exc:
        assert isinstance(exc, DockerLinksError)  # noqa: PT017
        assert exc.span is not None  # noqa: PT017


# The hot path of parse_port_spec handles the common shapes itself; everything it accepts must
# be exactly what the full parser returns, and everything else must fall through to it.
FAST_SHAPES = st.one_of(
    st.integers(0, 99999).map(str),
    st.tuples(st.integers(0, 99999), st.integers(0, 99999)).map(lambda t: f"{t[0]}:{t[1]}"),
    st.tuples(
        st.sampled_from(["", "80", "0080", "65535", "65536", "123456", "８０", "+80"]),
        st.sampled_from(["80", "00081", "99999", "80-81", "", "٣"]),
        st.sampled_from(["", "/tcp", "/udp", "/sctp", "/TCP", "/", "/icmp", "/tcp/x"]),
    ).map(lambda t: f"{t[0]}:{t[1]}{t[2]}"),
    st.tuples(
        st.lists(st.integers(0, 300), min_size=4, max_size=4).map(lambda o: ".".join(map(str, o))),
        st.sampled_from(["", "80", "8000-8003", "0080", "99999"]),
        st.sampled_from(["80", "80-83", "00081", "65535", "65536", "83-80"]),
        st.sampled_from(["", "/tcp", "/udp", "/sctp", "/TCP", "/"]),
    ).map(lambda t: f"{t[0]}:{t[1]}:{t[2]}{t[3]}"),
)


IPV6_SHAPES = st.tuples(
    st.sampled_from(["::1", "[::1]", "fe80::1", "[2001:db8::5]", "::ffff:1.2.3.4", "[::]", "::"]),
    st.sampled_from(["", "80", "8000-8003", "99999"]),
    st.sampled_from(["80", "80-83", "65536", ""]),
    st.sampled_from(["", "/tcp", "/udp", "/TCP"]),
).map(lambda t: f"{t[0]}:{t[1]}:{t[2]}{t[3]}")


@given(st.one_of(FAST_SHAPES, IPV6_SHAPES), st.sampled_from(list(GENERATIONS)))
def test_hot_path_agrees_with_the_full_parser(spec: str, name: str) -> None:
    generation = GENERATIONS[name]
    fast = _fast(spec, generation.ip_split == "bracketed")
    try:
        full = _parse_full(spec, generation)
    except PortSpecError:
        assert fast is None
    else:
        assert fast is None or (fast == full and str(fast) == str(full))


# Any value at all, to every public function: only DockerLinksError subclasses come out.
ANYTHING = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True),
    st.binary(max_size=8),
    st.text(ALPHABET, max_size=30),
    st.text(max_size=12),  # includes surrogates and control characters
    st.sampled_from(["9" * 5000, "1-" + "9" * 5000, "0-9999999999", ":" * 3000 + "80"]),
    st.lists(st.text(ALPHABET, max_size=8), max_size=3),
    st.dictionaries(st.text(max_size=8), st.text(ALPHABET, max_size=8), max_size=3),
)
PUBLIC_CALLS: list[Callable[[Any], object]] = [
    parse_port_spec,
    lambda x: [parse_port_spec(x, generation=g) for g in GENERATIONS],
    lambda x: parse_port_spec("80", generation=x),
    parse_port_specs,
    lambda x: parse_port_specs([x]),
    parse_expose,
    lambda x: parse_expose(x, profile="classic"),
    lambda x: parse_expose("80", profile=x),
    Port.parse,
    parse_port_range,
    parse_ip,
    split_proto_port,
    lambda x: join_host_port(x, "80"),
    convert_publish_long,
    parse_publish_long,
    convert_compose_port,
    lambda x: convert_compose_port({"target": x}),
    lambda x: convert_compose_port({"target": 80, "published": x, "host_ip": x}),
    lambda x: convert_compose_port({"target": 80, "protocol": x, "mode": x}),
    publish_all_ports,
    lambda x: publish_all_ports([], x),
    PortConfig.from_api,
    lambda x: PortConfig.from_api({"ExposedPorts": x, "PortBindings": {"80/tcp": x}}),
    PortMap.from_api,
    lambda x: PortMap.from_api({"80/tcp": [{"HostIp": x, "HostPort": x}]}),
]


@given(ANYTHING)
def test_public_functions_raise_only_dockerlinks_errors(value: object) -> None:
    for call in PUBLIC_CALLS:
        try:
            call(value)
        except DockerLinksError as exc:
            assert str(exc)  # noqa: PT017 - the caret rendering never fails
