"""Tests of dockerlinks.display against docker/cli's PORTS and ``docker port`` vectors."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dockerlinks.display import NoPublicPortError, PsPort, port_lines, ps_entries, ps_ports
from dockerlinks.errors import InspectError, PortError
from dockerlinks.ports import PortMap
from dockerlinks.profiles import MODERN
from tests.vectors import cases

PS = cases("docker-cli_ps_ports")
OLDER = {
    "<=v27.1": MODERN.evolve(ps_brackets="none", ps_ip_order="string"),
    "<=v27.5": MODERN.evolve(ps_brackets="mapped", ps_ip_order="string"),
    "<=v29.7.2": MODERN.evolve(ps_ip_order="text"),
}


def _entries(case: dict[str, Any]) -> list[PsPort]:
    return [
        PsPort(e["PrivatePort"], e["Type"], e.get("IP"), e.get("PublicPort", 0))
        for e in case["input"]
    ]


@pytest.mark.parametrize("case", PS, ids=[f"case{c['case']}" for c in PS])
def test_ps_ports_vectors(case: dict[str, Any]) -> None:
    assert ps_ports(_entries(case)) == case["expected"]


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
