"""The checker's interval allocator (``compose.holdings``) against Docker's allocator model.

The reference is :class:`~dockerlinks.allocate.PortAllocator` with
:func:`~dockerlinks.allocate.resolve_bindings` (pinned to recorded daemon behaviour in
tests/test_allocate.py), asked one container port at a time in the same order: every entry
must be granted or refused alike, with the same message."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dockerlinks.allocate import PortAllocator, resolve_bindings
from dockerlinks.compose import check
from dockerlinks.compose.holdings import DEFAULT_BEGIN, DEFAULT_END, Holdings, address
from dockerlinks.compose.model import PortItem
from dockerlinks.errors import AllocationError, ComposeError
from dockerlinks.ports import PortConfig, PortSpec, parse_port_spec
from dockerlinks.profiles import get_profile

ADDRESSES = ["", "127.0.0.1", "127.0.0.2", "::1", "::ffff:127.0.0.1", "0.0.0.0", "::"]
PROFILES = ["modern", "classic", "20.10", "28.2", "default"]


# A bound far below what the unfixed code took (minutes) and far above what the fixed code
# takes on a loaded 2-core machine (well under a second): the tests tell the two apart, never
# time the machine.
BOUND = 10.0


@st.composite
def entries(draw: st.DrawFn) -> str:
    ip = draw(st.sampled_from(ADDRESSES))
    low = draw(st.integers(8000, 8008))
    width = draw(st.integers(0, 3))
    proto = draw(st.sampled_from(["tcp", "udp"]))
    form = draw(st.sampled_from(["exact", "ranged"]))
    host = f"{low}-{low + width}" if width else str(low)
    if form == "exact":
        target = f"{80}-{80 + width}" if width else "80"
    else:
        target = "80"
    shown = f"[{ip}]" if ":" in ip else ip
    return f"{shown}:{host}:{target}/{proto}" if ip else f"{host}:{target}/{proto}"


def item_configs(item: PortItem) -> Iterator[PortConfig]:
    """The port configuration of one ports entry, one container port at a time, in order."""
    for mapping in item.spec.mappings():
        port = mapping.port
        yield PortConfig(exposed=(port,), bindings=((port, (mapping.binding,)),))


def _exact(spec: PortSpec) -> bool:
    return len(spec.host_range or ()) in (1, len(spec.container_range))


def _reference(texts: list[str], profile: str) -> list[tuple[int, str]]:
    items = [PortItem((f"p{i}", (i,)), parse_port_spec(t), t) for i, t in enumerate(texts)]
    exact = [i for i, it in enumerate(items) if _exact(it.spec)]
    ranged = [i for i in range(len(items)) if i not in exact]
    allocator = PortAllocator(profile=profile)
    refused = []
    for index in (*exact, *ranged):
        trial = allocator
        try:
            for config in item_configs(items[index]):
                trial, _ = resolve_bindings(trial, config, profile=profile)
        except AllocationError as exc:
            refused.append((index, exc.docker_message))
            continue
        allocator = trial
    return refused


def _model(texts: list[str], profile: str) -> list[tuple[int, str]]:
    chosen = get_profile(profile)
    holdings = Holdings(chosen, 49153, 60999, ())
    specs = [parse_port_spec(t) for t in texts]
    exact = [i for i, s in enumerate(specs) if _exact(s)]
    ranged = [i for i in range(len(specs)) if i not in exact]
    refused = []
    for index in (*exact, *ranged):
        spec = specs[index]
        host = spec.host_range
        assert host is not None
        addrs = [address(spec.host_ip)] if spec.host_ip else [address(""), address("::")]
        request = holdings.exact if index in exact else holdings.ranged
        refusal = request(spec.proto, addrs, host.start, host.end, index)
        if refusal is not None:
            refused.append((index, refusal.message))
    return refused


@settings(max_examples=400, deadline=None)
@given(texts=st.lists(entries(), min_size=1, max_size=7), profile=st.sampled_from(PROFILES))
def test_the_interval_model_grants_and_refuses_as_the_allocator(
    texts: list[str], profile: str
) -> None:
    assert _model(texts, profile) == _reference(texts, profile)


def _wide(count: int) -> dict[str, Any]:
    return {
        "services": {f"s{i}": {"ports": ["1-65535:1-65535"]} for i in range(count)},
    }


def test_a_hundred_full_ranges_are_checked_in_well_under_a_second() -> None:
    # issue 10: 100 "1-65535:1-65535" entries took 190 s.
    start = time.perf_counter()
    problems = check(_wide(100))
    assert time.perf_counter() - start < BOUND
    assert [p.code for p in problems] == ["port-conflict"] * 99
    assert problems[0].message == (
        "Bind for 0.0.0.0:1 failed: port is already allocated "
        "(host port 1-65535/tcp of services.s0.ports[0])"
    )


@pytest.mark.parametrize("count", [1, 2])
def test_full_ranges_beside_an_ephemeral_port(count: int) -> None:
    config = _wide(count)
    config["services"]["e"] = {"ports": ["80"]}
    start = time.perf_counter()
    codes = [p.code for p in check(config)]
    assert time.perf_counter() - start < BOUND
    assert codes == (["ephemeral-exhausted"] if count == 1 else ["port-conflict"])


def test_the_default_range_is_the_allocators() -> None:
    allocator = PortAllocator()
    assert (DEFAULT_BEGIN, DEFAULT_END) == (allocator.begin, allocator.end)
    assert allocator.reserved == frozenset()


@given(st.ip_addresses())
def test_address_keys_and_texts_are_the_standard_ones(ip: Any) -> None:
    # the allocator's key: the address's family and value, IPv4-mapped IPv6 unmapped, and
    # its RFC 5952 text (Go's net.IP.String, which Python's ipaddress also prints)
    mapped = getattr(ip, "ipv4_mapped", None)
    expected = ip if mapped is None else mapped
    got = address(str(ip))
    assert (got.family, got.value, got.text) == (expected.version, int(expected), str(expected))


def test_address_refuses_what_is_not_an_ip_address() -> None:
    with pytest.raises(ComposeError, match=r"invalid IP address: 1\.2\.3"):
        address("1.2.3")
