"""The fast link environment against a plain transliteration of Docker's loops.

``link_env`` reads the usual input (every port ``N/tcp`` text) as one text, groups the ports
by protocol and writes each run of consecutive numbers in one loop; the reference here
parses port by port, sorts with Docker's comparators and walks the sorted list once, as
moby's ``ToEnv`` does. Both must give the same lines (and the same errors) for any ports,
in any form and order, with duplicates, in both profiles.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dockerlinks import links
from dockerlinks.errors import DockerLinksError, PortError
from dockerlinks.links import link_env, parse_link_port
from dockerlinks.ports import Port


def _reference_ports(ports: Iterable[Any]) -> list[tuple[int, str]]:
    seen: dict[tuple[int, str], None] = {}
    for item in ports:
        port = parse_link_port(item)
        seen[port.number, port.proto] = None
    return list(seen)


def _modern(prefix: str, ip: str, ports: list[tuple[int, str]]) -> list[str]:
    ports = sorted(ports, key=lambda p: (p[1] != "tcp", p[1], p[0]))
    out = [f"{prefix}_PORT={ports[0][1]}://{ip}:{ports[0][0]}"]
    start = end = ports[0]
    for index, (number, proto) in enumerate(ports):
        key = f"{prefix}_PORT_{number}_{links.go_upper(proto)}"
        out += [f"{key}={proto}://{ip}:{number}", f"{key}_ADDR={ip}"]
        out += [f"{key}_PORT={number}", f"{key}_PROTO={proto}"]
        if number == end[0] + 1 and proto == end[1]:
            end = (number, proto)
            if index < len(ports) - 1:
                continue
        if end != start:
            key = f"{prefix}_PORT_{start[0]}_{links.go_upper(start[1])}"
            out += [f"{key}_START={start[1]}://{ip}:{start[0]}", f"{key}_PORT_START={start[0]}"]
            out += [f"{key}_END={end[1]}://{ip}:{end[0]}", f"{key}_PORT_END={end[0]}"]
        start = end = (number, proto)
    return out


def _classic(prefix: str, ip: str, ports: list[tuple[int, str]]) -> list[str]:
    ports = sorted(ports, key=lambda p: (p[0], p[1] != "tcp", p[1]))
    out = [f"{prefix}_PORT={ports[0][1]}://{ip}:{ports[0][0]}"]
    index = 0
    while index < len(ports):
        end, value = index, ports[index][0]
        for probe in range(index + 1, len(ports)):
            if ports[probe][0] > value + 1:
                break
            value, end = value + 1, probe
        if end > index + 1:
            (s_number, s_proto), (e_number, e_proto) = ports[index], ports[end]
            key = f"{prefix}_PORT_{s_number}_{links.go_upper(s_proto)}"
            out += [f"{key}_START={s_proto}://{ip}:{s_number}", f"{key}_ADDR={ip}"]
            out += [f"{key}_PROTO={s_proto}", f"{key}_PORT_START={s_number}"]
            key = f"{prefix}_PORT_{s_number}_{links.go_upper(e_proto)}"
            out += [f"{key}_END={e_proto}://{ip}:{e_number}", f"{key}_PORT_END={e_number}"]
            index = end + 1
        else:
            index += 1
    for number, proto in ports:
        key = f"{prefix}_PORT_{number}_{links.go_upper(proto)}"
        out += [f"{key}={proto}://{ip}:{number}", f"{key}_ADDR={ip}"]
        out += [f"{key}_PORT={number}", f"{key}_PROTO={proto}"]
    return out


def reference_link_env(name: str, ip: str, ports: Iterable[Any], profile: str) -> list[str]:
    prefix = links.link_prefix(name)
    unique = _reference_ports(ports)
    out = []
    if unique:
        out = (_modern if profile == "modern" else _classic)(prefix, ip, unique)
    return [*out, f"{prefix}_NAME={name}"]


def _answer(call: Any) -> object:
    try:
        return ("ok", call())
    except DockerLinksError as exc:
        return ("error", type(exc), str(exc))


NUMBERS = st.one_of(st.integers(0, 12), st.integers(65525, 65535), st.integers(8000, 8012))
PROTOS = st.sampled_from(["tcp", "udp", "sctp", "TCP", "Udp", "dccp", ""])


@st.composite
def _port_item(draw: st.DrawFn) -> object:
    number, proto = draw(NUMBERS), draw(PROTOS)
    form = draw(st.sampled_from(["text", "tcp", "bare", "zeros", "port"]))
    if form == "tcp":
        return f"{number}/tcp"
    if form == "bare":
        return str(number)
    if form == "zeros":
        return f"{number:05d}/{proto}"
    if form == "port":
        return Port(number, proto.lower() or "tcp")
    return f"{number}/{proto}" if proto else str(number)


PORT_LISTS = st.lists(_port_item(), max_size=30)
TCP_LISTS = st.lists(NUMBERS.map(lambda n: f"{n}/tcp"), max_size=30)


@given(st.one_of(PORT_LISTS, TCP_LISTS), st.sampled_from(["modern", "classic"]))
def test_link_env_is_the_plain_algorithm(ports: list[object], profile: str) -> None:
    for given_as in (ports, tuple(ports), iter(ports)):
        ours = _answer(lambda g=given_as: link_env("/web/db", "10.0.0.2", g, [], profile=profile))
        assert ours == _answer(lambda: reference_link_env("/web/db", "10.0.0.2", ports, profile))


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "/tcp",
        "80/tcp\n81/tcp",
        "80\n",
        "\u0663/tcp",
        "99999/tcp",
        "65536",
        "1_0/tcp",
        "+5/tcp",
        " 5/tcp",
        "5 /tcp",
        "-1/tcp",
        "1" * 5000 + "/tcp",
    ],
)
def test_a_bad_port_among_tcp_texts_gives_its_own_error(bad: str) -> None:
    with pytest.raises(PortError) as alone:
        parse_link_port(bad)
    for ports in (["80/tcp", bad, "81/tcp"], [bad], ("1/tcp", bad)):
        with pytest.raises(PortError) as among:
            link_env("/web/db", "10.0.0.2", ports, profile="modern")
        assert str(among.value) == str(alone.value)


@pytest.mark.parametrize("odd", ["80/tcp/tcp", "80/", "0080/tcp", "00000000080", "80/TCP", "80/tc"])
def test_odd_valid_ports_among_tcp_texts(odd: str) -> None:
    for ports in (["80/tcp", odd, "81/tcp"], [odd], ("79/tcp", odd)):
        for profile in ("modern", "classic"):
            ours = link_env("/web/db", "10.0.0.2", ports, profile=profile)
            assert ours == reference_link_env("/web/db", "10.0.0.2", ports, profile)


def test_the_big_range_in_both_profiles() -> None:
    ports = [f"{n}/tcp" for n in range(32768, 65536)]
    for profile in ("modern", "classic"):
        assert link_env("/web/db", "172.17.0.2", ports, ["A=1"], profile=profile) == [
            *reference_link_env("/web/db", "172.17.0.2", ports, profile),
            "DB_ENV_A=1",
        ]
