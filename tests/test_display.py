"""Tests of dockerlinks.display against docker/cli's PORTS and ``docker port`` vectors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dockerlinks.display import NoPublicPortError, PsPort, port_lines, ps_entries, ps_ports
from dockerlinks.errors import DockerLinksError, InspectError, PortError
from dockerlinks.ports import Port, PortBinding, PortMap
from dockerlinks.profiles import get_profile
from tests.vectors import cases

PS = cases("docker-cli_ps_ports")
# The vectors are docker/cli's tests at commit 28f7560 (after v29.7.2), whose numeric address
# order is in no release yet; their older expectations name the release lines.
CLI_MAIN = get_profile("29.7").evolve(name="docker/cli 28f7560", cli={"ps_ip_order": "numeric"})
OLDER = {
    "<=v27.1": get_profile("27.1"),
    "<=v27.5": get_profile("27.5"),
    "<=v29.7.2": get_profile("29.7"),
}


def _entries(case: dict[str, Any]) -> list[PsPort]:
    return [
        PsPort(e["PrivatePort"], e["Type"], e.get("IP"), e.get("PublicPort", 0))
        for e in case["input"]
    ]


@pytest.mark.parametrize("case", PS, ids=[f"case{c['case']}" for c in PS])
def test_ps_ports_vectors(case: dict[str, Any]) -> None:
    assert ps_ports(_entries(case), profile=CLI_MAIN) == case["expected"]


OLDER_ROWS = [(c, k, v) for c in PS for k, v in c.get("expected_older", {}).items()]


@pytest.mark.parametrize(
    ("case", "release", "expected"),
    OLDER_ROWS,
    ids=[f"case{c['case']}-{k}" for c, k, _ in OLDER_ROWS],
)
def test_ps_ports_older_vectors(case: dict[str, Any], release: str, expected: str) -> None:
    assert ps_ports(_entries(case), profile=OLDER[release]) == expected


def test_ps_ports_rules() -> None:
    # a gap flushes early; duplicates print twice; classic = no brackets, string order
    assert ps_ports([PsPort(80, "tcp"), PsPort(82, "tcp"), PsPort(81, "udp")]) == (
        "80/tcp, 82/tcp, 81/udp"
    )
    assert ps_ports([PsPort(80, "tcp", "::", 80)], profile="classic") == ":::80->80/tcp"
    assert ps_ports([PsPort(80, "tcp", "::", 80)]) == "[::]:80->80/tcp"
    assert ps_ports([PsPort(80, "tcp", "0:0::1", 80)]) == "[::1]:80->80/tcp"
    assert ps_ports([]) == ""
    with pytest.raises(InspectError):
        ps_ports([PsPort(80, "tcp", "bogus", 80)])
    with pytest.raises(InspectError):
        ps_ports(["80/tcp"])  # type: ignore[list-item]


def test_ps_entries() -> None:
    pm = PortMap.from_api(
        {
            "80/tcp": [
                {"HostIp": "0.0.0.0", "HostPort": "8080"},
                {"HostIp": "::", "HostPort": "x"},
            ],
            "443/tcp": None,
            "53/udp": [],
            "9/tcp": [{"HostIp": "0.0.0.0", "HostPort": ""}],
        }
    )
    assert ps_entries(pm) == (
        PsPort(80, "tcp", "0.0.0.0", 8080),
        PsPort(443, "tcp"),
        PsPort(53, "udp"),
        PsPort(9, "tcp", "0.0.0.0", 0),
    )
    assert ps_ports(ps_entries(pm)) == "53/udp, 443/tcp, 0.0.0.0:0->9/tcp, 0.0.0.0:8080->80/tcp"


PORT = cases("docker-cli_port_command")


@pytest.mark.parametrize("case", PORT, ids=[c["golden"] for c in PORT])
def test_port_command_vectors(case: dict[str, Any]) -> None:
    pm = PortMap.from_api(case["input"]["NetworkSettings.Ports"])
    arg = case["input"]["args"][0] if case["input"]["args"] else None
    assert port_lines(pm, arg, container="c") == case["expected"]
    assert port_lines(pm, arg, container="c", profile="classic") == case["expected"]


def test_port_errors_by_profile() -> None:
    pm = PortMap.from_api(
        {"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "1"}], "81/tcp": [], "82/tcp": None}
    )
    for arg in ("443", "81", "82"):
        with pytest.raises(NoPublicPortError) as info:
            port_lines(pm, arg, container="web")
        assert info.value.docker_message == f"no public port '{arg}' published for web"
    assert port_lines(pm, "81", container="web", profile="classic") == ""
    with pytest.raises(NoPublicPortError) as info:
        port_lines(pm, "82", container="web", profile="classic")
    assert info.value.docker_message == "Error: No public port '82' published for web"
    assert port_lines(pm, "80/TCP", container="web") == "0.0.0.0:1\n"
    with pytest.raises(NoPublicPortError):
        port_lines(pm, "80/TCP", container="web", profile="classic")
    with pytest.raises(PortError) as bad:
        port_lines(pm, "abc", container="web")
    assert bad.value.docker_message == "invalid port 'abc': invalid syntax"
    with pytest.raises(PortError) as bad:
        port_lines(pm, "abc", container="web", profile="classic")
    assert bad.value.docker_message == (
        'Error: invalid port (abc): strconv.ParseUint: parsing "abc": invalid syntax'
    )
    assert port_lines(PortMap(), container="web") == ""
    with pytest.raises(InspectError):
        port_lines({}, container="web")  # type: ignore[arg-type]
    with pytest.raises(PortError):
        port_lines(pm, 80, container="web")  # type: ignore[arg-type]


def test_port_natural_order_and_canonical_ip() -> None:
    pm = PortMap.from_api(
        {
            "443/tcp": [{"HostIp": "0:0::0", "HostPort": "2"}],
            "80/tcp": [
                {"HostIp": "::ffff:1.2.3.4", "HostPort": "10"},
                {"HostIp": "", "HostPort": "9"},
            ],
            "8080/tcp": [{"HostIp": "2001:db8:0:0:1:0:0:1", "HostPort": "007"}],
        }
    )
    assert port_lines(pm, container="c") == (
        "80/tcp -> [::ffff:1.2.3.4]:10\n80/tcp -> invalid IP:9\n443/tcp -> [::]:2\n"
        "8080/tcp -> [2001:db8::1:0:0:1]:007\n"
    )


@given(
    st.lists(
        st.builds(
            PsPort,
            st.integers(0, 65535),
            st.sampled_from(["tcp", "udp"]),
            st.sampled_from([None, "", "0.0.0.0", "::", "10.0.0.2", "9.0.0.1"]),
            st.integers(0, 65535),
        ),
        max_size=8,
    )
)
def test_ps_ports_never_crashes_and_keeps_every_entry(entries: list[PsPort]) -> None:
    for profile in ("modern", "classic"):
        text = ps_ports(entries, profile=profile)
        assert (text == "") == (not entries)


def test_natural_order_is_byte_order_outside_digits() -> None:
    # sortorder.NaturalLess: digit runs as numbers, other characters as UTF-8 bytes
    # (code point order); surrogates and non-ASCII never break the sort.
    pm = PortMap.from_api(
        {
            "80/tcp": [
                {"HostIp": "0.0.0.0", "HostPort": "\ud800"},
                {"HostIp": "0.0.0.0", "HostPort": "\u00e9"},
                {"HostIp": "0.0.0.0", "HostPort": "z"},
                {"HostIp": "0.0.0.0", "HostPort": "10"},
                {"HostIp": "0.0.0.0", "HostPort": "9"},
                {"HostIp": "0.0.0.0", "HostPort": "09"},
            ]
        }
    )
    assert port_lines(pm, "80", container="c").splitlines() == [
        "0.0.0.0:9",
        "0.0.0.0:09",
        "0.0.0.0:10",
        "0.0.0.0:z",
        "0.0.0.0:\u00e9",
        "0.0.0.0:\ud800",
    ]


def test_port_argument_empty_means_all() -> None:
    # docker/cli: `if opts.port != ""`: an empty argument lists every binding
    pm = PortMap.from_api({"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "1"}]})
    assert port_lines(pm, "", container="c") == "80/tcp -> 0.0.0.0:1\n"
    assert port_lines(pm, "", container="c", profile="classic") == "80/tcp -> 0.0.0.0:1\n"
    # v24 - v28 look the key up as typed: "080" is not "80/tcp"; v29 normalises
    assert port_lines(pm, "080", container="c") == "0.0.0.0:1\n"
    with pytest.raises(NoPublicPortError) as info:
        port_lines(pm, "080", container="c", profile="classic")
    assert info.value.docker_message == "Error: No public port '080' published for c"
    with pytest.raises(PortError) as bad:
        port_lines(pm, "70000/udp", container="c", profile="classic")
    assert bad.value.docker_message == (
        'Error: invalid port (70000): strconv.ParseUint: parsing "70000": value out of range'
    )
    with pytest.raises(PortError) as bad:  # Go's strconv.Quote escapes quote and backslash
        port_lines(pm, 'a"\\\t\u00e9\x00\udced\U0001f600', container="c", profile="classic")
    # a lone surrogate stands for a byte that is not UTF-8 (surrogateescape): Go shows it as \x
    assert bad.value.docker_message == (
        'Error: invalid port (a"\\\t\u00e9\x00\udced\U0001f600): strconv.ParseUint: parsing '
        '"a\\"\\\\\\t\u00e9\\x00\\xed\U0001f600": invalid syntax'
    )
    with pytest.raises(PortError) as bad:
        port_lines(pm, "/udp", container="c")
    assert bad.value.docker_message == "invalid port '': value is empty"


BAD_PS = [
    PsPort(None, "tcp"),  # type: ignore[arg-type]
    PsPort(True, "tcp"),
    PsPort(-1, "tcp"),
    PsPort(65536, "tcp"),
    PsPort(80, "tcp", "0.0.0.0", 70000),
    PsPort(80, "tcp", "0.0.0.0", "80"),  # type: ignore[arg-type]
    PsPort(80, None),  # type: ignore[arg-type]
    PsPort(80, "tcp", b"0.0.0.0", 80),  # type: ignore[arg-type]
]


@pytest.mark.parametrize("entry", BAD_PS)
def test_ps_ports_refuses_malformed_entries(entry: PsPort) -> None:
    for profile in ("modern", "classic"):
        with pytest.raises(InspectError):
            ps_ports([entry, PsPort(80, "tcp")], profile=profile)


@pytest.mark.parametrize("bad", [None, "80/tcp", [], {"80/tcp": None}])
def test_port_map_shapes_are_checked(bad: object) -> None:
    with pytest.raises(InspectError):
        port_lines(bad, container="c")  # type: ignore[arg-type]
    with pytest.raises(InspectError):
        ps_entries(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "build",
    [
        lambda: PortMap(entries=None),  # type: ignore[arg-type]
        lambda: PortMap(entries=(("80/tcp", None),)),  # type: ignore[arg-type]
        lambda: PortMap(entries=((Port(80), [PortBinding()]),)),  # type: ignore[arg-type]
        lambda: PortMap(entries=((Port(80), ("0.0.0.0:1",)),)),  # type: ignore[arg-type]
        lambda: PortMap(entries=((Port(80), (PortBinding(None, "1"),)),)),  # type: ignore[arg-type]
        lambda: PortMap(entries=((Port("80"), None),)),  # type: ignore[arg-type]
    ],
)
def test_port_maps_of_the_wrong_shape_cannot_be_built(build: Callable[[], PortMap]) -> None:
    # values are checked when they are built, so port_lines never meets one of these
    with pytest.raises(PortError):
        build()


ANYTHING = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**20), 2**20),
    st.binary(max_size=4),
    st.text(max_size=10),
    st.sampled_from(["80", "80/udp", "::", "0.0.0.0", "9" * 5000]),
    st.lists(st.integers(), max_size=2),
)


@given(ANYTHING, ANYTHING, ANYTHING, ANYTHING)
def test_display_raises_only_dockerlinks_errors(a: object, b: object, c: object, d: object) -> None:
    pm = PortMap.from_api({"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "1"}]})
    calls: list[Callable[[], object]] = [
        lambda: port_lines(pm, a, container="c"),  # type: ignore[arg-type]
        lambda: port_lines(pm, a, container="c", profile="classic"),  # type: ignore[arg-type]
        lambda: port_lines(pm, "80", container=a),  # type: ignore[arg-type]
        lambda: port_lines(pm, container="c", profile=a),  # type: ignore[arg-type]
        lambda: port_lines(a, container="c"),  # type: ignore[arg-type]
        lambda: ps_entries(a),  # type: ignore[arg-type]
        lambda: ps_ports(a),  # type: ignore[arg-type]
        lambda: ps_ports([PsPort(a, b, c, d)]),  # type: ignore[arg-type]
        lambda: ps_ports([PsPort(a, b, c, d)], profile="classic"),  # type: ignore[arg-type]
        lambda: ps_ports([PsPort(1, "tcp", c, 2), PsPort(1, "tcp", "::", 2)]),  # type: ignore[arg-type]
    ]
    for call in calls:
        try:
            call()
        except DockerLinksError as exc:
            assert str(exc)  # noqa: PT017


def test_duplicates_and_uncompressed_ipv6() -> None:
    # a duplicate binding prints twice; netip prints an IPv6 address without a run of two or
    # more zero groups uncompressed
    pm = PortMap.from_api(
        {
            "80/tcp": [
                {"HostIp": "1:0:3:4:5:6:7:8", "HostPort": "1"},
                {"HostIp": "0.0.0.0", "HostPort": "1"},
                {"HostIp": "0.0.0.0", "HostPort": "1"},
            ]
        }
    )
    assert port_lines(pm, "80", container="c") == ("0.0.0.0:1\n0.0.0.0:1\n[1:0:3:4:5:6:7:8]:1\n")
    assert ps_ports(ps_entries(pm)) == (
        "0.0.0.0:1->80/tcp, 0.0.0.0:1->80/tcp, [1:0:3:4:5:6:7:8]:1->80/tcp"
    )
