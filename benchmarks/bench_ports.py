"""Benchmark: ``parse_port_spec`` against docker-py's ``split_port`` in the same process.

Run as ``python benchmarks/bench_ports.py [--quick]``. Prints ratios; never fails on time.

* stream: >= 20,000 distinct specs of the usual shapes (plain, host:ctr, ip:host:ctr, /udp,
  ip::ctr, ranges), parsed once each per round; rounds alternate peer and ours.
* big range: ``1-65535:1-65535`` (compact spec vs docker-py's eager lists).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable


def make_specs(count: int) -> list[str]:
    """``count`` distinct specs cycling through the common shapes."""
    specs: list[str] = []
    i = 0
    while len(specs) < count:
        port = 1 + i % 60000
        host = 1 + (i * 7) % 60000
        ip = f"10.{i % 250}.{(i // 250) % 250}.{1 + (i // 62500) % 250}"
        shape = i % 7
        if shape == 0:
            spec = f"{port}"
        elif shape == 1:
            spec = f"{host}:{port}"
        elif shape == 2:
            spec = f"{ip}:{host}:{port}"
        elif shape == 3:
            spec = f"{host}:{port}/udp"
        elif shape == 4:
            spec = f"{ip}::{port}"
        elif shape == 5:
            spec = f"{port}-{port + 3}"
        else:
            spec = f"{host}-{host + 3}:{port}-{port + 3}/udp"
        specs.append(spec)
        i += 1
    return list(dict.fromkeys(specs))


def best_of(repeat: int, func: Callable[[], object]) -> float:
    """The best wall time of ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    """Run the figures and print them."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a few seconds, for CI")
    args = parser.parse_args()
    repeat = 5 if args.quick else 21

    from docker.utils.ports import split_port

    from dockerlinks.ports import parse_port_spec

    specs = make_specs(20_000)
    print(f"stream: {len(specs)} distinct specs")

    def ours() -> None:
        for spec in specs:
            parse_port_spec(spec)

    def peer() -> None:
        for spec in specs:
            split_port(spec)

    # Paired rounds (peer, then ours) so that load from other processes hits both alike;
    # the figure is the median of the per-round ratios.
    ratios, peer_times, our_times = [], [], []
    for _ in range(repeat):
        t_peer = best_of(1, peer)
        t_ours = best_of(1, ours)
        peer_times.append(t_peer)
        our_times.append(t_ours)
        ratios.append(t_peer / t_ours)
    print(f"  docker-py split_port   {len(specs) / statistics.median(peer_times):12,.0f} specs/s")
    print(f"  parse_port_spec        {len(specs) / statistics.median(our_times):12,.0f} specs/s")
    print(f"  throughput ratio       {statistics.median(ratios):.2f}x (median of paired rounds)")

    big = "1-65535:1-65535"

    def big_ours() -> None:
        parse_port_spec(big)

    t_big_peer = best_of(repeat, lambda: split_port(big))
    t_big_ours = best_of(repeat * 20, big_ours)
    print(f"big range {big!r}:")
    print(f"  docker-py split_port   {t_big_peer * 1e3:10.3f} ms")
    print(
        f"  parse_port_spec        {t_big_ours * 1e6:10.3f} us"
        f"  ratio {t_big_peer / t_big_ours:,.0f}x"
    )


if __name__ == "__main__":
    main()
