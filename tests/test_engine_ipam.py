"""The default bridge's address pool (IPAM): first free, serial, exhaustion, bad input."""

from __future__ import annotations

import pytest

from dockerlinks.engine import Ipam, IpamError


@pytest.mark.parametrize(
    ("subnet", "message"),
    [("nope", "invalid subnet: 'nope'"), ("10.0.0.0/31", "subnet too small: 10.0.0.0/31")],
)
def test_bad_subnets(subnet: str, message: str) -> None:
    with pytest.raises(IpamError) as info:
        Ipam(subnet=subnet)
    assert info.value.docker_message == message


def test_serial_wraps_around_and_pool_runs_out() -> None:
    pool = Ipam(subnet="10.0.0.0/29", strategy="serial")  # hosts .2 to .6
    taken = []
    for _ in range(5):
        pool, ip = pool.request()
        taken.append(ip)
    assert taken == [f"10.0.0.{n}" for n in range(2, 7)]
    with pytest.raises(IpamError) as info:
        pool.request()
    assert info.value.docker_message == "no available addresses on this pool"  # ipamapi
    pool, ip = pool.release("10.0.0.3").request()
    assert ip == "10.0.0.3"  # past .6 the search wraps to the start


@pytest.mark.parametrize(
    ("address", "message"),
    [("x", "invalid address: 'x'"), ("172.17.0.9", "address 172.17.0.9 is not allocated")],
)
def test_bad_releases(address: str, message: str) -> None:
    with pytest.raises(IpamError) as info:
        Ipam().release(address)
    assert info.value.docker_message == message
