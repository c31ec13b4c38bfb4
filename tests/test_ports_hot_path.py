"""The ``-p`` hot path (``dockerlinks.ports.short._fast``) against the full parser and the old
hot path (``tests/reference_short.py``): the same value, or the same error and caret, for
every spec, in every generation; and the IPv6 host IPs it takes are the ones Go's
``net.ParseIP`` takes."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dockerlinks import _go
from dockerlinks.errors import PortSpecError
from dockerlinks.ports import GENERATIONS, PortSpec, parse_port_spec
from dockerlinks.ports.short import _fast, _parse_full
from tests import reference_short

IPS = [
    "10.1.2.3",
    "0.0.0.0",
    "255.255.255.255",
    "010.1.2.3",
    "1.2.3",
    "1.2.3.4.",
    "256.1.1.1",
    "[10.1.2.3]",
    "[]",
    "[::1]",
    "::1",
    "::",
    "[::]",
    "2001:db8::1",
    "[2001:db8::1]",
    "2001:DB8:0:0:0:0:0:1",
    "1:2:3:4:5:6:7:8",
    "[1:2:3:4:5:6:7:8]",
    "1:2:3:4:5:6:7:8:9",
    "::ffff:1.2.3.4",
    "[::ffff:1.2.3.4]",
    "::ffff:01.2.3.4",
    "fe80::1%eth0",
    "[fe80::1%eth0]",
    "[fe80::1%]",
    "[::1",
    "::1]",
    "[[::1]]",
    "[::1]x",
    "x[::1]",
    "1::2::3",
    "12345::1",
    "g::1",
    "localhost",
    "\u0663.1.1.1",
    "1.2.3.4:5",
    "[::1]:5",
]
HOSTS = [
    "",
    "80",
    "0",
    "65535",
    "65536",
    "0080",
    "000000000000080",
    "8000-8003",
    "8003-8000",
    "80-80",
    "80-",
    "-80",
    "+80",
    "80-83-85",
    "\u0663",
    "\uff18\uff10",
    "99999999999",
    "1-65535",
]
CONTAINERS = [
    "80",
    "0",
    "65535",
    "65536",
    "00081",
    "80-83",
    "83-80",
    "80-80",
    "",
    "-",
    "+80",
    "80-+81",
    "1-65535",
    "80-83-85",
    "8x",
    "\u0663",
]
PROTOS = ["", "/tcp", "/udp", "/sctp", "/TCP", "/Udp", "/", "/icmp", "/tcp/x", "//tcp"]


def spec_text(ip: str | None, host: str | None, cont: str, proto: str) -> str:
    """``cont`` (no host), ``host:cont`` (no IP) or ``ip:host:cont``, then the protocol."""
    if host is None:
        return cont + proto
    if ip is None:
        return f"{host}:{cont}{proto}"
    return f"{ip}:{host}:{cont}{proto}"


SPECS = st.builds(
    spec_text,
    st.none() | st.sampled_from(["", *IPS]),
    st.none() | st.sampled_from(HOSTS),
    st.sampled_from(CONTAINERS),
    st.sampled_from(PROTOS),
)
# random IPv6 texts (valid and not) as host IPs, bracketed and bare
IPV6_TEXT = st.text(alphabet="0123456789abcdefABCDEF:.%", min_size=1, max_size=46)
IPV6_SPECS = st.builds(
    lambda ip, bracket, host, cont, proto: spec_text(
        f"[{ip}]" if bracket else ip, host, cont, proto
    ),
    IPV6_TEXT,
    st.booleans(),
    st.sampled_from(HOSTS[:8]),
    st.sampled_from(CONTAINERS[:8]),
    st.sampled_from(PROTOS[:5]),
)
ANY_SPEC = st.one_of(
    SPECS, IPV6_SPECS, st.text(alphabet="0123456789:-/[].abcdeftcpu%", max_size=30)
)


def outcome(parse: object, spec: str) -> tuple[str, object]:
    """``("ok", (value, str))`` or ``("error", (message with caret, span))``."""
    try:
        value = parse()  # type: ignore[operator]
    except PortSpecError as exc:
        return "error", (str(exc), exc.span)
    assert isinstance(value, PortSpec)
    return "ok", (value, str(value))


def check_same(spec: str, generation: str) -> None:
    new = outcome(lambda: parse_port_spec(spec, generation=generation), spec)
    old = outcome(lambda: reference_short.parse_port_spec(spec, generation), spec)
    assert new == old, (spec, generation)


@settings(max_examples=400)
@given(ANY_SPEC, st.sampled_from(list(GENERATIONS)))
def test_same_answers_as_the_old_hot_path(spec: str, generation: str) -> None:
    check_same(spec, generation)


@settings(max_examples=400)
@given(ANY_SPEC)
def test_default_profile_same_answers(spec: str) -> None:
    # the default call (no profile, no generation) takes its own route into the hot path
    new = outcome(lambda: parse_port_spec(spec), spec)
    old = outcome(lambda: reference_short.parse_port_spec(spec, "current"), spec)
    assert new == old, spec


@settings(max_examples=400)
@given(ANY_SPEC, st.sampled_from(list(GENERATIONS)))
def test_hot_path_value_is_the_full_parsers(spec: str, generation: str) -> None:
    gen = GENERATIONS[generation]
    fast = _fast(spec, gen.ip_split == "bracketed")
    try:
        full = _parse_full(spec, gen)
    except PortSpecError:
        assert fast is None
    else:
        assert fast is None or (fast == full and str(fast) == str(full))


@pytest.mark.parametrize("ip", IPS)
def test_every_field_combination_of_an_ip(ip: str) -> None:
    # exhaustive over the field tables for each host IP (and the shapes without one)
    combos = itertools.product(HOSTS, CONTAINERS, ["", "/udp", "/TCP", "/icmp", "/tcp/x"])
    for host, cont, proto in combos:
        spec = spec_text(ip, host, cont, proto)
        check_same(spec, "current")
        check_same(spec, "v0.4")


def test_every_field_combination_without_ip() -> None:
    for host, cont, proto in itertools.product([None, *HOSTS], CONTAINERS, PROTOS):
        for ip in (None, ""):
            for generation in GENERATIONS:
                check_same(spec_text(ip, host, cont, proto), generation)


@given(IPV6_TEXT, st.sampled_from(list(GENERATIONS)))
def test_ipv6_host_ips_are_gos(ip: str, generation: str) -> None:
    # a bracketed or (where the generation reads it) bare host IP is taken exactly when
    # Go's net.ParseIP takes it as an IPv6 address (by the port of Go's parser)
    gen = GENERATIONS[generation]
    go = _go._go_parse(ip)
    ipv6 = go is not None and len(go) == 16 and "[" not in ip
    assert (_fast(f"[{ip}]:8080:80", gen.ip_split == "bracketed") is not None) == ipv6
    bare = _fast(f"{ip}:8080:80", gen.ip_split == "bracketed")
    if ":" in ip:
        assert (bare is not None) == (ipv6 and generation != "v0.4")


def test_long_and_odd_inputs_fall_through() -> None:
    # beyond the hot path's length bound, and digits Python reads but Go does not
    assert _fast("0" * 200 + "80", True) is None
    assert parse_port_spec("0" * 200 + "80") == parse_port_spec("80")
    assert _fast("\u0663", True) is None
    assert _fast("8080:\u0663", True) is None
    with pytest.raises(PortSpecError):
        parse_port_spec("9" * 5000)
