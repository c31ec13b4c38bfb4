"""Tests for dockerlinks.allocate: upstream vectors, reference-model agreement, properties."""

from __future__ import annotations

import copy
import pickle
import re
import sys
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dockerlinks.allocate import (
    FALLBACK_MESSAGE,
    RESERVED_IGNORED_MESSAGE,
    AllPortsAllocatedError,
    InvalidAddressError,
    InvalidPortRangeError,
    NoAddressesError,
    PortAllocator,
    PortAlreadyAllocatedError,
    ReservedPortsError,
    UnknownProtocolError,
    parse_reserved_ports,
    release_bindings,
    resolve_bindings,
)
from dockerlinks.errors import AllocationError, DockerLinksError, PortError, ProfileError
from dockerlinks.ports import Port, PortBinding, PortConfig, PortMap, parse_port_specs
from dockerlinks.profiles import CLASSIC, DEFAULT, MODERN
from tests.reference_allocator import ReferenceAllocator
from tests.vectors import load_vectors

VECTORS = load_vectors("moby_portallocator")
B, E = 49153, 65535

# which profiles an upstream "versions" value covers (classic = Docker <= v28.2, which
# includes v27's multi-address requests; modern = v28.3+ with v29.6's reserved ports)
PROFILES_FOR = {
    "all": ("modern", "classic"),
    "v27+": ("modern", "classic"),
    "v28.3+": ("modern",),
    "v29.6+": ("modern",),
}


def _value(expr: Any, names: dict[str, int]) -> int:
    """Evaluate a vector expression such as ``B+5``, ``E-B+1`` or ``p2+1``."""
    if isinstance(expr, int):
        return expr
    tokens = re.findall(r"[A-Za-z][A-Za-z0-9]*|\d+|[+-]", expr)
    total, sign = 0, 1
    for token in tokens:
        if token in "+-":
            sign = 1 if token == "+" else -1
            continue
        total += sign * (int(token) if token.isdigit() else names[token])
    return total


def _vector_params() -> list[Any]:
    params = []
    for case in VECTORS["cases"]:
        for profile in PROFILES_FOR[case["versions"]]:
            params.append(pytest.param(case, profile, id=f"{case['test']}-{profile}"))
    return params


def _run_request(a: PortAllocator, step: dict[str, Any], names: dict[str, int]) -> Any:
    start, end = _value(step["start"], names), _value(step["end"], names)
    if step["op"] == "request_multi":
        return a.request_multi(step["ips"], step["proto"], start, end)
    if start == end:
        return a.request(step["ip"], step["proto"], start)
    return a.request_range(step["ip"], step["proto"], start, end)


@pytest.mark.parametrize(("case", "profile"), _vector_params())
def test_upstream_vectors(case: dict[str, Any], profile: str) -> None:
    names = {"B": B, "E": E}
    reserved: Any = case["input"].get("reserved", ())
    if reserved == "every port from B to E":
        reserved = range(B, E + 1)
    a = PortAllocator(B, E, profile=profile, reserved=[_value(r, names) for r in reserved])
    for step in case["input"]["steps"]:
        if step["op"] == "release":
            a = a.release(step["ip"], step["proto"], _value(step["port"], names))
            continue
        if step["op"] == "request_repeat":
            for i in range(_value(step["count"], names)):
                a, port = a.request(step["ip"], step["proto"])
                assert port == B + i
            continue
        expect = step["expect"]
        if "port" in expect:
            a, port = _run_request(a, step, names)
            assert port == _value(expect["port"], names)
            if "name" in expect:
                names[expect["name"]] = port
            continue
        before = a._snapshot()
        with pytest.raises(AllocationError) as info:
            _run_request(a, step, names)
        assert a._snapshot() == before
        message = re.sub(r"(?<=:)B(?= failed)", str(B), expect["error"])
        if profile == "classic" and "error_v27_to_v28_2" in expect:
            assert info.value.docker_message == expect["error_v27_to_v28_2"]
        elif expect.get("error_match") == "contains":
            assert message in info.value.docker_message
        else:
            assert info.value.docker_message == message
        if expect.get("error_kind") == "port already allocated":
            assert isinstance(info.value, PortAlreadyAllocatedError)


def test_mix_unspecified_and_specific_classic() -> None:
    # moby libnetwork/portallocator table: classic keys are independent, so both requests get B
    a = PortAllocator(profile="classic")
    a, first = a.request("127.0.0.1", "udp")
    a, second = a.request("0.0.0.0", "udp")
    assert (first, second) == (B, B)


# moby libnetwork/portallocator, "which state must be free": (first, second, classic, modern) where
# the
# outcome is the second request's port or Docker's message
CONFLICT_TABLE = [
    ("0.0.0.0", "127.0.0.1", 8080, "Bind for 0.0.0.0:8080 failed: port is already allocated"),
    ("127.0.0.1", "0.0.0.0", 8080, "Bind for 127.0.0.1:8080 failed: port is already allocated"),
    ("127.0.0.1", "127.0.0.2", 8080, 8080),
    ("0.0.0.0", "::", 8080, 8080),
    ("::", "::1", 8080, "Bind for :::8080 failed: port is already allocated"),
    ("::1", "::", 8080, "Bind for ::1:8080 failed: port is already allocated"),
    (
        "::ffff:127.0.0.1",
        "127.0.0.1",
        "Bind for 127.0.0.1:8080 failed: port is already allocated",
        "Bind for 127.0.0.1:8080 failed: port is already allocated",
    ),
]


@pytest.mark.parametrize(("first", "second", "classic", "modern"), CONFLICT_TABLE)
def test_conflict_table(first: str, second: str, classic: Any, modern: Any) -> None:
    for profile, expected in (("classic", classic), ("modern", modern)):
        a, _ = PortAllocator(profile=profile).request(first, "tcp", 8080)
        if isinstance(expected, int):
            assert a.request(second, "tcp", 8080)[1] == expected
        else:
            with pytest.raises(PortAlreadyAllocatedError) as info:
                a.request(second, "tcp", 8080)
            assert info.value.docker_message == expected


def test_unspecified_conflict_names_lowest_specific_address() -> None:
    a = PortAllocator()
    a, _ = a.request("10.0.0.9", "tcp", 80)
    a, _ = a.request("10.0.0.2", "tcp", 80)
    with pytest.raises(PortAlreadyAllocatedError, match=r"Bind for 10\.0\.0\.2:80 failed"):
        a.request("0.0.0.0", "tcp", 80)
    a = a.release("10.0.0.2", "tcp", 80)
    with pytest.raises(PortAlreadyAllocatedError, match=r"Bind for 10\.0\.0\.9:80 failed"):
        a.request("0.0.0.0", "tcp", 80)
    a = a.release("10.0.0.9", "tcp", 80)
    assert a.request("0.0.0.0", "tcp", 80)[1] == 80


@pytest.mark.parametrize("case", VECTORS["reserved_port_parsing"], ids=lambda c: c["input"]["text"])
def test_reserved_port_parsing(case: dict[str, Any]) -> None:
    text, (begin, end) = case["input"]["text"], case["input"]["range"]
    if "error" in case:
        with pytest.raises(ReservedPortsError) as info:
            parse_reserved_ports(text, begin, end)
        assert case["error"] in info.value.docker_message
    elif case["expected"] is None:
        assert parse_reserved_ports(text, begin, end) is None
    else:
        assert parse_reserved_ports(text, begin, end) == frozenset(case["expected"])


def test_reserved_parsing_rejects_non_text() -> None:
    with pytest.raises(ReservedPortsError):
        parse_reserved_ports(None)  # type: ignore[arg-type]


def test_variant_20_10_as_begin_end() -> None:
    # Docker 20.10.0-20.10.21 clamped the range to [49153, 60999] behind a setter; the setter
    # is not modelled, the ranges it produced are (the allocator's begin/end).
    (case,) = VECTORS["variant_20_10"]
    assert case["input"]["defaults"] == {"S": 49153, "E": 60999}
    assert PortAllocator(49153 + 100, 60999).request("0.0.0.0", "tcp")[1] == 49253
    a, p = PortAllocator(49153, 60999).request("0.0.0.0", "tcp")
    assert p == 49153
    assert a.release("0.0.0.0", "tcp", p).request("0.0.0.0", "tcp")[1] == 49154


# ------------------------------------------------------------------------------- kernel text

PROC_CASES = [
    ("32768\t60999\n", None, (32768, 60999), ()),
    ("32768 60999", None, (32768, 60999), ()),
    ("  1024\t2048 trailing", None, (1024, 2048), ()),
    (None, None, (B, E), (FALLBACK_MESSAGE,)),
    ("", None, (B, E), (FALLBACK_MESSAGE,)),
    ("32768", None, (B, E), (FALLBACK_MESSAGE,)),
    ("abc def", None, (B, E), (FALLBACK_MESSAGE,)),
    ("60999\t32768", None, (B, E), (FALLBACK_MESSAGE,)),
    ("0\t100", None, (B, E), (FALLBACK_MESSAGE,)),
    ("32768\t60999", "bogus", (32768, 60999), (RESERVED_IGNORED_MESSAGE,)),
    ("x", "1,2-", (B, E), (FALLBACK_MESSAGE, RESERVED_IGNORED_MESSAGE)),
]


@pytest.mark.parametrize(("text", "reserved", "expected", "warnings"), PROC_CASES)
def test_from_proc_text(text: Any, reserved: Any, expected: Any, warnings: Any) -> None:
    result = PortAllocator.from_proc_text(text, reserved)
    assert (result.allocator.begin, result.allocator.end) == expected
    assert result.warnings == warnings
    assert result.allocator.reserved == frozenset()


def test_from_proc_text_reserved_and_profiles() -> None:
    result = PortAllocator.from_proc_text("32768\t60999", "32768-32769,8080\n")
    assert result.allocator.reserved == {32768, 32769}
    assert result.allocator.request("", "tcp")[1] == 32770
    classic = PortAllocator.from_proc_text("32768\t60999", "bogus", profile="classic")
    assert classic.warnings == ()
    assert classic.allocator.profile == CLASSIC
    assert classic.allocator.request("", "tcp")[1] == 32768


# ------------------------------------------------------------------------------ unit rules


def test_cursor_rules() -> None:
    a = PortAllocator(100, 104)
    a, p = a.request("", "tcp", 102)  # exact: no cursor move
    assert p == 102
    got = []
    for _ in range(4):
        a, p = a.request("", "tcp")
        got.append(p)
    assert got == [100, 101, 103, 104]
    with pytest.raises(AllPortsAllocatedError, match="all ports are allocated"):
        a.request("", "tcp")
    a = a.release("", "tcp", 101).release("", "tcp", 103)
    assert a.request("", "tcp")[1] == 101  # wraps round from the cursor at 104


def test_explicit_range_with_default_text_shares_cursor() -> None:
    a = PortAllocator(100, 110)
    a, p1 = a.request("", "tcp")
    a, p2 = a.request_range("", "tcp", 100, 110)
    a, p3 = a.request_range("", "tcp", 0, 0)
    a, p4 = a.request_range("", "tcp", 100, 105)  # its own cursor, shared set
    assert (p1, p2, p3, p4) == (100, 101, 102, 103)


def test_explicit_range_ignores_reserved_default_text_too() -> None:
    a = PortAllocator(100, 110, reserved=[100, 101, 5])
    assert a.request("", "tcp")[1] == 102
    assert a.request_range("", "tcp", 100, 110)[1] == 100
    assert a.request("", "tcp", 100)[1] == 100
    assert a.reserved == {5, 100, 101}


def test_classic_ignores_reserved() -> None:
    assert PortAllocator(100, 110, profile="classic", reserved=[100]).request("", "tcp")[1] == 100


def test_ips_normalised() -> None:
    a = PortAllocator()
    a, _ = a.request(None, "tcp", 80)
    a, _ = a.request("::ffff:10.1.2.3", "udp", 53)
    a, _ = a.request("2001:DB8::1", "sctp", 9)
    assert a.allocated() == {
        ("0.0.0.0", "tcp"): (80,),
        ("10.1.2.3", "udp"): (53,),
        ("2001:db8::1", "sctp"): (9,),
    }
    assert a.is_allocated("", "tcp", 80)
    assert a.is_allocated("10.1.2.3", "udp", 53)
    assert not a.is_allocated("10.1.2.4", "udp", 53)
    assert not a.is_allocated("10.1.2.3", "tcp", 53)
    with pytest.raises(PortAlreadyAllocatedError, match=r"Bind for 2001:db8::1:9 failed"):
        a.request("2001:db8:0::1", "sctp", 9)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda a: a.request("", "TCP"), UnknownProtocolError, "unknown protocol"),
        (lambda a: a.request("", None), UnknownProtocolError, "unknown protocol"),
        (lambda a: a.request("", ["tcp"]), UnknownProtocolError, "unknown protocol"),
        (lambda a: a.release("", "icmp", 5), UnknownProtocolError, "unknown protocol"),
        (lambda a: a.request("bogus", "tcp"), InvalidAddressError, "invalid IP address: bogus"),
        (lambda a: a.request("fe80::1%eth0", "tcp"), InvalidAddressError, "invalid IP address"),
        (lambda a: a.request(7, "tcp"), InvalidAddressError, "invalid IP address: 7"),
        (lambda a: a.request("", "tcp", -5), InvalidPortRangeError, "invalid port: -5"),
        (lambda a: a.request("x", "tcp", -5), InvalidPortRangeError, "invalid port: -5"),
        (lambda a: a.request_range("x", "tcp", 9, 8), InvalidPortRangeError, "invalid port range"),
        (lambda a: a.release("x", "tcp", 0), InvalidPortRangeError, "invalid port: 0"),
        (lambda a: a.request("", "tcp", 65536), InvalidPortRangeError, "invalid port: 65536"),
        (lambda a: a.request("", "tcp", "80"), InvalidPortRangeError, "invalid port: '80'"),
        (lambda a: a.request("", "tcp", True), InvalidPortRangeError, "invalid port: True"),
        (lambda a: a.release("", "tcp", 0), InvalidPortRangeError, "invalid port: 0"),
        (
            lambda a: a.request_range("", "tcp", 0, 8082),
            InvalidPortRangeError,
            "invalid port range: 0-8082",
        ),
        (
            lambda a: a.request_range("", "tcp", -3, 8),
            InvalidPortRangeError,
            "invalid port range: -3-8 (ports must be 1-65535)",
        ),
        (
            lambda a: a.request_range("", "tcp", 5, 70000),
            InvalidPortRangeError,
            "invalid port range: 5-70000",
        ),
        (
            lambda a: a.request_range("", "tcp", None, 5),
            InvalidPortRangeError,
            "invalid port range: None-5",
        ),
        (lambda a: a.request_multi([], "tcp", 0, 0), NoAddressesError, "no IP addresses specified"),
        (
            lambda a: a.request_multi(["::", "x"], "tcp", 0, 0),
            InvalidAddressError,
            "invalid IP address: x",
        ),
        (lambda a: a.request_multi(5, "tcp", 0, 0), InvalidAddressError, "invalid IP address"),
        (lambda a: a.request_multi([], "udpx", 0, 0), UnknownProtocolError, "unknown protocol"),
        (
            lambda a: a.request_multi([], "tcp", 9, 8),
            InvalidPortRangeError,
            "invalid port range: 9-8",
        ),
    ],
)
def test_refusals(call: Any, error: type[Exception], message: str) -> None:
    a = PortAllocator()
    before = a._snapshot()
    with pytest.raises(error) as info:
        call(a)
    assert isinstance(info.value, AllocationError)
    assert isinstance(info.value, DockerLinksError)
    assert info.value.docker_message.startswith(message)
    assert a._snapshot() == before


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        ((0, 10), {}),
        ((10, 5), {}),
        ((1, 65536), {}),
        (("1", 5), {}),
        ((1, 5), {"reserved": [0]}),
        ((1, 5), {"reserved": 7}),
    ],
)
def test_constructor_refusals(args: Any, kwargs: Any) -> None:
    with pytest.raises(InvalidPortRangeError):
        PortAllocator(*args, **kwargs)


def test_constructor_profile() -> None:
    assert PortAllocator().profile == DEFAULT
    assert PortAllocator(profile=MODERN).profile == MODERN
    assert PortAllocator(profile=CLASSIC).profile == CLASSIC
    with pytest.raises(ProfileError):
        PortAllocator(profile="future")


def test_value_protocol() -> None:
    a = PortAllocator(100, 200)
    assert a == PortAllocator(100, 200)
    assert a != PortAllocator(100, 201)
    assert a != PortAllocator(100, 200, profile="classic")
    assert a.__eq__(5) is NotImplemented
    b, _ = a.request("127.0.0.1", "tcp")
    assert b != a
    assert hash(b.release_all()) == hash(a)
    assert b.release_all() == a
    # a cursor that moved is state; one at its initial place is not
    c, p = a.request_range("", "tcp", 150, 151)
    assert c.release("", "tcp", p) != a
    d, p = a.request_range("", "tcp", 151, 151)
    assert d.release("", "tcp", p) == a
    assert repr(b) == "PortAllocator(100, 200, profile='29.7', allocated=1)"
    assert (b.begin, b.end) == (100, 200)
    assert {a, b.release_all()} == {a}
    with pytest.raises(AttributeError):
        b.begin = 5  # type: ignore[misc]


def test_release_is_noop_for_unknown() -> None:
    a, _ = PortAllocator().request("10.0.0.1", "tcp", 80)
    assert a.release("10.0.0.2", "tcp", 80) is a
    assert a.release("10.0.0.1", "tcp", 81) is a
    assert a.release("10.0.0.1", "udp", 80) is a


def test_shared_counts_for_specific_addresses() -> None:
    a = PortAllocator(profile="modern")
    for ip in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
        a, _ = a.request(ip, "tcp", 8080)
    for ip in ("10.0.0.1", "10.0.0.2"):
        a = a.release(ip, "tcp", 8080)
        with pytest.raises(PortAlreadyAllocatedError, match=r"10\.0\.0\.[23]"):
            a.request("0.0.0.0", "tcp", 8080)
    a = a.release("10.0.0.3", "tcp", 8080)
    assert a.request("0.0.0.0", "tcp", 8080)[1] == 8080


def test_full_chunks_and_search_across_chunks() -> None:
    a = PortAllocator(1, 65535)
    for port in range(1024, 4096):
        a, _ = a.request("", "tcp", port)
    a, p = a.request_range("", "tcp", 1020, 5000)
    got = [p]
    for _ in range(5):
        a, p = a.request_range("", "tcp", 1020, 5000)
        got.append(p)
    assert got == [1020, 1021, 1022, 1023, 4096, 4097]
    # a specific address next to a full unspecified chunk (modern: the OR of two layers)
    assert a.request_range("10.0.0.1", "tcp", 1024, 4098)[1] == 4098
    with pytest.raises(AllPortsAllocatedError):
        a.request_range("10.0.0.1", "tcp", 1024, 4097)
    classic = PortAllocator(1, 65535, profile="classic")
    for port in range(1024, 4096):
        classic, _ = classic.request("", "tcp", port)
    assert classic.request_range("10.0.0.1", "tcp", 1024, 4097)[1] == 1024


def test_exhaustion_in_explicit_range_behind_full_chunks() -> None:
    a = PortAllocator(1, 65535)
    for port in range(2048, 3073):
        a, _ = a.request("", "tcp", port)
    with pytest.raises(AllPortsAllocatedError):
        a.request_range("", "tcp", 2048, 3072)
    with pytest.raises(AllPortsAllocatedError):
        a.request_range("", "tcp", 2500, 3000)


def test_pickle_errors() -> None:
    error = PortAlreadyAllocatedError("Bind for 0.0.0.0:80 failed: port is already allocated")
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is PortAlreadyAllocatedError
    assert again.docker_message == error.docker_message


def test_memory_of_a_full_key() -> None:
    a = PortAllocator(1, 65535)
    for _ in range(65535):
        a, _ = a.request("", "tcp")
    key = a._pools[0][0]  # 0.0.0.0/tcp
    assert key is not None
    chunks, summary = key[0]
    seen: dict[int, object] = {id(chunks): chunks, id(summary): summary}
    for chunk in chunks:
        seen[id(chunk)] = chunk
    assert sum(sys.getsizeof(o) for o in seen.values()) <= 16 * 1024
    # without sharing the full chunks' int as well
    assert sys.getsizeof(chunks) + sum(sys.getsizeof(c) for c in chunks) <= 16 * 1024


# -------------------------------------------------------------------- resolve_bindings


def _config(*items: tuple[Port, tuple[PortBinding, ...]], exposed: tuple[Port, ...] = ()) -> Any:
    ports = tuple(dict.fromkeys((*exposed, *(p for p, _ in items))))
    return PortConfig(exposed=ports, bindings=items)


def _bindings(port_map: PortMap) -> dict[str, Any]:
    return {
        str(port): None if bindings is None else [(b.host_ip, b.host_port) for b in bindings]
        for port, bindings in port_map.entries
    }


def test_resolve_publish_all_sequence() -> None:
    # -P with EXPOSE 80 443 5000/udp: ports come sequentially from B, one per port for
    # both families
    cfg = PortConfig(exposed=(Port(443), Port(80), Port(5000, "udp")))
    a, ports = resolve_bindings(PortAllocator(), cfg, publish_all=True)
    assert _bindings(ports) == {
        "80/tcp": [("0.0.0.0", "49153"), ("::", "49153")],
        "443/tcp": [("0.0.0.0", "49154"), ("::", "49154")],
        "5000/udp": [("0.0.0.0", "49153"), ("::", "49153")],
    }
    a, ports = resolve_bindings(a, cfg, publish_all=True)
    assert _bindings(ports)["80/tcp"] == [("0.0.0.0", "49155"), ("::", "49155")]


def test_resolve_exact_before_ranges_and_not_published() -> None:
    cfg = _config(
        (Port(5000), (PortBinding("", "8000-9000"),)),
        (Port(6000), (PortBinding("127.0.0.1", "8000"),)),
        (Port(7000), (PortBinding("127.0.0.1", ""),)),
        exposed=(Port(9999),),
    )
    a, ports = resolve_bindings(PortAllocator(), cfg)
    assert _bindings(ports) == {
        "5000/tcp": [("0.0.0.0", "8001"), ("::", "8001")],
        "6000/tcp": [("127.0.0.1", "8000")],
        "7000/tcp": [("127.0.0.1", "49153")],
        "9999/tcp": None,
    }
    assert release_bindings(a, ports).allocated() == {}


def test_resolve_compose_6423_walk() -> None:
    # up/down cycles of a service published as 8000-8010:80 walk 8000, 8001, 8002, ...
    cfg = _config((Port(80), (PortBinding("", "8000-8010"),)))
    a = PortAllocator()
    seen = []
    for _ in range(13):
        a, ports = resolve_bindings(a, cfg)
        seen.append(int(ports.entries[0][1][0].host_port))  # type: ignore[index]
        a = release_bindings(a, ports)
    assert seen == [*range(8000, 8011), 8000, 8001]


def test_resolve_options() -> None:
    cfg = _config((Port(80), (PortBinding("", ""), PortBinding("::ffff:10.0.0.1", "0"))))
    _, ports = resolve_bindings(PortAllocator(), cfg, ipv6=False)
    assert _bindings(ports) == {"80/tcp": [("0.0.0.0", "49153"), ("10.0.0.1", "49153")]}
    _, ports = resolve_bindings(PortAllocator(), cfg, default_ip="192.168.1.5")
    assert _bindings(ports) == {"80/tcp": [("10.0.0.1", "49153"), ("192.168.1.5", "49153")]}
    _, ports = resolve_bindings(PortAllocator(), cfg, default_ip="::1")
    assert _bindings(ports) == {"80/tcp": [("10.0.0.1", "49153"), ("::1", "49153")]}


def test_resolve_empty_binding_list_and_union() -> None:
    cfg = PortConfig(exposed=(), bindings=((Port(80), ()),))
    _, ports = resolve_bindings(PortAllocator(), cfg)
    assert _bindings(ports) == {"80/tcp": [("0.0.0.0", "49153"), ("::", "49153")]}
    # classic (<= v28) iterates ExposedPorts only
    _, ports = resolve_bindings(PortAllocator(profile="classic"), cfg)
    assert _bindings(ports) == {}
    _, ports = resolve_bindings(PortAllocator(), cfg, profile="classic", exposed=[Port(80)])
    assert _bindings(ports)["80/tcp"] == [("0.0.0.0", "49153"), ("::", "49153")]


def test_resolve_all_or_nothing() -> None:
    a, _ = PortAllocator().request("0.0.0.0", "tcp", 8080)
    before = a._snapshot()
    cfg = _config(
        (Port(80), (PortBinding("", ""),)),
        (Port(81), (PortBinding("", "8080"),)),
    )
    with pytest.raises(PortAlreadyAllocatedError, match=r"Bind for 0\.0\.0\.0:8080"):
        resolve_bindings(a, cfg)
    assert a._snapshot() == before
    for bad in ("abc", "0-5", "9-8", "70000"):
        with pytest.raises(InvalidPortRangeError):
            resolve_bindings(a, _config((Port(80), (PortBinding("", bad),))))
    with pytest.raises(UnknownProtocolError):
        resolve_bindings(a, PortConfig(exposed=(Port(80, "icmp"),)), publish_all=True)
    with pytest.raises(AllocationError):
        resolve_bindings(a, "80:80")  # type: ignore[arg-type]
    with pytest.raises(AllocationError):
        release_bindings(a, {})  # type: ignore[arg-type]
    with pytest.raises(InvalidPortRangeError):
        release_bindings(a, PortMap(((Port(80), (PortBinding("", "8000-9000"),)),)))
    with pytest.raises(PortError):  # values are checked when built: no such map can exist
        PortBinding("", 5)  # type: ignore[arg-type]
    assert a._snapshot() == before


# ------------------------------------------------------------- model-based agreement

IPS = ["0.0.0.0", "::", "127.0.0.1", "::ffff:127.0.0.1", "::1", "10.0.0.2", "", None, "bogus"]
PROTOS = ["tcp", "udp", "sctp"]
PORTS = st.integers(1, 12)
RANGE_ENDS = st.one_of(PORTS, st.sampled_from([0, -1, 70000]))
op_strategy = st.one_of(
    st.tuples(
        st.just("request"),
        st.sampled_from(IPS),
        st.sampled_from(PROTOS),
        st.sampled_from([0, 0, 0, 1, 3, 5, 9, 12]),
    ),
    st.tuples(
        st.just("range"), st.sampled_from(IPS), st.sampled_from(PROTOS), RANGE_ENDS, RANGE_ENDS
    ),
    st.tuples(
        st.just("multi"),
        st.lists(st.sampled_from(IPS), max_size=3),
        st.sampled_from(PROTOS),
        st.sampled_from([0, 2, 5, 11]),
        st.sampled_from([0, 5, 7, 11]),
    ),
    st.tuples(
        st.just("release"),
        st.sampled_from(IPS),
        st.sampled_from([*PROTOS, "icmp"]),
        st.one_of(PORTS, st.just(0)),
    ),
    st.tuples(st.just("release_all")),
)


def _apply(a: PortAllocator, ref: ReferenceAllocator, op: tuple[Any, ...]) -> PortAllocator:
    kind = op[0]
    if kind == "release":
        refused: AllocationError | None = None
        try:
            ref.release(op[1], op[2], op[3])
        except AllocationError as exc:
            refused = exc
        if refused is None:
            return a.release(op[1], op[2], op[3])
        with pytest.raises(type(refused)) as info:
            a.release(op[1], op[2], op[3])
        assert info.value.docker_message == refused.docker_message
        return a
    if kind == "release_all":
        ref.release_all()
        return a.release_all()
    outcome: Any
    try:
        if kind == "request":
            expected = ref.request([op[1]], op[2], op[3], op[3])
        elif kind == "range":
            expected = ref.request([op[1]], op[2], op[3], op[4])
        else:
            expected = ref.request(op[1], op[2], op[3], op[4])
        outcome = ("port", expected)
    except AllocationError as exc:
        outcome = ("error", type(exc), exc.docker_message)
    before = a._snapshot()
    got: tuple[Any, ...]
    try:
        if kind == "request":
            new, port = a.request(op[1], op[2], op[3])
        elif kind == "range":
            new, port = a.request_range(op[1], op[2], op[3], op[4])
        else:
            new, port = a.request_multi(op[1], op[2], op[3], op[4])
    except AllocationError as exc:
        got = ("error", type(exc), exc.docker_message)
    else:
        got = ("port", port)
    if got[0] == "error":
        assert got == outcome, op
        assert a._snapshot() == before
        return a
    assert got == outcome, op
    assert a._snapshot() == before  # persistence: the old value is untouched
    for ip in op[1] if kind == "multi" else [op[1]]:  # never a double allocation
        assert not a.is_allocated(ip, op[2], port)
        assert new.is_allocated(ip, op[2], port)
    return new


@pytest.mark.parametrize("profile", ["modern", "classic"])
@given(ops=st.lists(op_strategy, max_size=60), reserved=st.sets(st.integers(1, 12), max_size=3))
def test_agrees_with_reference(profile: str, ops: list[Any], reserved: set[int]) -> None:
    a = PortAllocator(3, 11, profile=profile, reserved=reserved)
    ref = ReferenceAllocator(3, 11, modern=profile == "modern", reserved=reserved)
    history = [(a, a._snapshot())]
    for op in ops:
        a = _apply(a, ref, op)
        assert a.allocated() == ref.allocated()
        history.append((a, a._snapshot()))
    for value, snapshot in history:
        assert value._snapshot() == snapshot


@given(
    taken=st.sets(st.integers(20, 40)),
    data=st.data(),
)
def test_exhaustion_exactly_when_full(taken: set[int], data: Any) -> None:
    a = PortAllocator(20, 40)
    for port in sorted(taken):
        a, _ = a.request("", "tcp", port)
    free = set(range(20, 41)) - taken
    if free:
        a, port = a.request("", "tcp")
        assert port == min(free)
        a = a.release("", "tcp", port)
        assert not a.is_allocated("", "tcp", port)  # a released port is free again
        assert a.request("", "tcp", port)[1] == port
    else:
        with pytest.raises(AllPortsAllocatedError):
            a.request("", "tcp")
    lo = data.draw(st.integers(1, 60))
    hi = data.draw(st.integers(lo, 60))
    if lo == hi or (lo, hi) == (20, 40):  # exact, or the default range's shared cursor
        return
    blocked = taken & set(range(lo, hi + 1))
    if len(blocked) == hi - lo + 1:
        with pytest.raises(AllPortsAllocatedError):
            a.request_range("", "tcp", lo, hi)
    else:
        assert a.request_range("", "tcp", lo, hi)[1] == min(set(range(lo, hi + 1)) - taken)


@given(
    chunks=st.lists(st.integers(0, 63), max_size=3),
    lo=st.integers(1, 65535),
    span=st.integers(0, 65535),
    ip=st.sampled_from(["0.0.0.0", "10.0.0.1"]),
)
def test_large_ranges_agree_with_reference(chunks: list[int], lo: int, span: int, ip: str) -> None:
    hi = min(65535, lo + span)
    if hi == lo:
        hi = lo + 1 if lo < 65535 else lo
        lo = hi - 1
    a = PortAllocator(1, 65535)
    ref = ReferenceAllocator(1, 65535, modern=True)
    for chunk in dict.fromkeys(chunks):  # fill whole 1,024-port chunks, alternating addresses
        holder = "10.0.0.1" if chunk % 2 else "0.0.0.0"
        for port in range(max(1, chunk * 1024), chunk * 1024 + 1024):
            a, _ = a.request(holder, "tcp", port)
            ref.request([holder], "tcp", port, port)
    for _ in range(3):
        a = _apply(a, ref, ("range", ip, "tcp", lo, hi))


def test_multi_paths() -> None:
    a = PortAllocator(100, 102)
    a, p = a.request_multi("127.0.0.1", "tcp")  # one string is one address
    assert p == 100
    a, p = a.request_multi(["0.0.0.0", "::"], "udp", 100, 102)  # the default text's cursor
    assert p == 100
    a, p = a.request_multi(["0.0.0.0", "::"], "udp", 0, 0)
    assert p == 101
    a, _ = a.request_multi(["0.0.0.0", "::"], "udp", 0, 0)
    with pytest.raises(AllPortsAllocatedError):
        a.request_multi(["0.0.0.0", "::"], "udp", 0, 0)


def test_unspecified_conflict_with_many_specific_addresses() -> None:
    a = PortAllocator()
    for i in range(1, 100):
        a, _ = a.request(f"10.0.1.{i}", "tcp", 7000 + i)
    a, _ = a.request("10.0.1.50", "tcp", 80)
    with pytest.raises(PortAlreadyAllocatedError, match=r"Bind for 10\.0\.1\.50:80 failed"):
        a.request_multi(["::", "0.0.0.0"], "tcp", 80, 80)


def test_resolve_deduplicates_exposed() -> None:
    cfg = PortConfig(exposed=(Port(80),))
    _, ports = resolve_bindings(PortAllocator(), cfg, exposed=[Port(80), Port(81)])
    assert _bindings(ports) == {"80/tcp": None, "81/tcp": None}


def test_multi_reserved_and_second_family_conflict() -> None:
    a = PortAllocator(100, 102, reserved=[100])
    assert a.request_multi(["0.0.0.0", "::"], "tcp")[1] == 101
    a, _ = a.request("::1", "tcp", 80)
    a, _ = a.request("10.0.0.1", "tcp", 81)  # IPv4 specific state that does not conflict
    with pytest.raises(PortAlreadyAllocatedError, match=r"Bind for ::1:80 failed"):
        a.request_multi(["0.0.0.0", "::"], "tcp", 80, 80)


def test_multi_search_after_taken_candidate() -> None:
    a, p = PortAllocator(100, 110).request_multi(["0.0.0.0", "::"], "tcp")
    assert p == 100
    a, _ = a.request("0.0.0.0", "tcp", 101)
    assert a.request_multi(["0.0.0.0", "::"], "tcp")[1] == 102


def test_pickle_and_copy_keep_the_value() -> None:

    a, _ = PortAllocator(profile="classic").request("10.0.0.1", "tcp")
    again = pickle.loads(pickle.dumps(a))
    assert again == a
    assert copy.deepcopy(a) == a
    assert again.request("10.0.0.1", "tcp")[1] == 49154


def test_a_wide_identity_range_maps_every_port_to_itself_on_both_families() -> None:
    # -p 49152-65535:49152-65535/udp: one exact request per container port (moby
    # libnetwork/portallocator)

    _, ports = resolve_bindings(PortAllocator(), parse_port_specs(["49152-65535:49152-65535/udp"]))
    assert len(ports.entries) == 16384
    for port, bindings in ports.entries:
        assert bindings is not None
        assert [(b.host_ip, b.host_port) for b in bindings] == [
            ("0.0.0.0", str(port.number)),
            ("::", str(port.number)),
        ]


# Default ranges that straddle a 1,024-port chunk boundary, driven mostly by sequential
# requests on the unspecified addresses (the fast path and its overlay), mixed with the
# operations that must fold the overlay back in.
BOUNDARY_IPS = ["0.0.0.0", "::", "", "127.0.0.1", "::1"]
boundary_ops = st.one_of(
    st.tuples(
        st.just("request"),
        st.sampled_from(BOUNDARY_IPS),
        st.sampled_from(["tcp", "udp"]),
        st.sampled_from([0, 0, 0, 0, 0, 1022, 1023, 1024, 1025, 2047, 2048]),
    ),
    st.tuples(
        st.just("release"),
        st.sampled_from(BOUNDARY_IPS),
        st.sampled_from(["tcp", "udp"]),
        st.sampled_from([1021, 1022, 1023, 1024, 1025, 1026, 2046, 2047, 2048, 2049]),
    ),
    st.tuples(
        st.just("multi"),
        st.sampled_from([["0.0.0.0", "::"], ["127.0.0.1"], ["::", "::1"]]),
        st.sampled_from(["tcp", "udp"]),
        st.just(0),
        st.just(0),
    ),
    st.tuples(st.just("release_all")),
)


@pytest.mark.parametrize("profile", ["modern", "classic"])
@pytest.mark.parametrize("bounds", [(1020, 1030), (2044, 2052), (1023, 1024)])
@given(ops=st.lists(boundary_ops, max_size=80))
def test_sequential_runs_across_chunk_boundaries_agree_with_reference(
    profile: str, bounds: tuple[int, int], ops: list[Any]
) -> None:
    a = PortAllocator(*bounds, profile=profile)
    ref = ReferenceAllocator(*bounds, modern=profile == "modern", reserved=set())
    history = [(a, a._snapshot())]
    for op in ops:
        a = _apply(a, ref, op)
        assert a.allocated() == ref.allocated()
        history.append((a, a._snapshot()))
    for value, snapshot in history:
        assert value._snapshot() == snapshot
    assert history[-1][0] == PortAllocator._make(a._cfg, a._flat())  # the overlay is invisible


def test_a_chunk_filled_by_the_first_request_after_another_operation() -> None:
    a = PortAllocator(1024, 2047)  # exactly one 1,024-port chunk
    for expected in range(1024, 2047):
        a, port = a.request("0.0.0.0", "tcp")
        assert port == expected
    a, _ = a.request("0.0.0.0", "udp", 80)  # an exact request elsewhere moves no cursor
    a, port = a.request("0.0.0.0", "tcp")
    assert port == 2047
    with pytest.raises(AllPortsAllocatedError):
        a.request("0.0.0.0", "tcp")
    assert a.allocated()[("0.0.0.0", "tcp")] == tuple(range(1024, 2048))
