"""Benchmark of dockerlinks.allocate against a plain next-fit scan, in the same process.

The peer is Docker's algorithm written the direct way (a ``set`` per key and a cursor per
range, scanning candidates one by one), mutable and in place. dockerlinks answers the same
requests with persistent values (every request returns a new allocator). The limit is the
least any allocator does for a port: one ``set`` membership test and one ``add``.

Run: ``python benchmarks/bench_allocate.py [--quick]``. It prints, it never fails on time.
Times are the thread's CPU time (best of several batches), so other processes on a shared
machine disturb them less; the ratios compare both sides in the same run.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import tracemalloc
from collections.abc import Callable
from functools import partial

from dockerlinks.allocate import PortAllocator

LO, HI = 32768, 60999  # a typical kernel ip_local_port_range: 28,232 ports


class PlainNextFit:
    """Docker's allocator for one key, the direct way (the reference's §3-§4)."""

    def __init__(self, begin: int, end: int) -> None:
        self.begin, self.end = begin, end
        self.used: set[int] = set()
        self.last = end

    def request(self) -> int:
        port = self.last
        for _ in range(self.end - self.begin + 1):
            port += 1
            if port > self.end:
                port = self.begin
            if port not in self.used:
                self.used.add(port)
                self.last = port
                return port
        raise RuntimeError("all ports are allocated")

    def release(self, port: int) -> None:
        self.used.discard(port)


class PlainMulti:
    """The same for a request on several keys at once (a port free on every one of them, as
    ``0.0.0.0`` and ``::`` together, or ``0.0.0.0`` beside specific IPv4 addresses)."""

    def __init__(self, begin: int, end: int, keys: int) -> None:
        self.begin, self.end = begin, end
        self.used: list[set[int]] = [set() for _ in range(keys)]
        self.last = end

    def request(self) -> int:
        port = self.last
        for _ in range(self.end - self.begin + 1):
            port += 1
            if port > self.end:
                port = self.begin
            if all(port not in used for used in self.used):
                for used in self.used:
                    used.add(port)
                self.last = port
                return port
        raise RuntimeError("all ports are allocated")

    def release(self, port: int) -> None:
        for used in self.used:
            used.discard(port)


def per_call(func: Callable[[], object], calls: int) -> float:
    """Microseconds per call of ``func`` (best of three batches)."""
    best = float("inf")
    for _ in range(5):
        start = time.thread_time()
        for _ in range(calls):
            func()
        best = min(best, (time.thread_time() - start) / calls)
    return best * 1e6


def row(
    name: str, ours: float, plain: float | None, unit: str = "us", limit: float | None = None
) -> None:
    line = f"{name:<52} {ours:>10.2f} {unit}"
    if plain is not None:
        line += f"  plain {plain:>10.2f} {unit}  plain/ours {plain / ours:>8.1f}x"
    if limit is not None:
        line += f"  limit {limit:>6.2f} {unit}  ours/limit {ours / limit:>6.1f}x"
    print(line)


def _fill_ours(span: int, ips: list[str] | None = None) -> float:
    a = PortAllocator(LO, HI)
    start = time.thread_time()
    if ips is None:
        for _ in range(span):
            a, _ = a.request("0.0.0.0", "tcp")
    else:
        for _ in range(span):
            a, _ = a.request_multi(ips, "tcp")
    return (time.thread_time() - start) / span * 1e6


def _fill_plain(span: int) -> float:
    plain = PlainNextFit(LO, HI)
    start = time.thread_time()
    for _ in range(span):
        plain.request()
    return (time.thread_time() - start) / span * 1e6


def _fill_plain_multi(span: int, keys: int) -> float:
    plain = PlainMulti(LO, HI, keys)
    start = time.thread_time()
    for _ in range(span):
        plain.request()
    return (time.thread_time() - start) / span * 1e6


def _fill_limit(span: int) -> float:
    used: set[int] = set()
    start = time.thread_time()
    for port in range(LO, LO + span):
        if port not in used:
            used.add(port)
    return (time.thread_time() - start) / span * 1e6


def bench_sequential(span: int, rounds: int) -> None:
    ours = min(_fill_ours(span) for _ in range(rounds))
    theirs = min(_fill_plain(span) for _ in range(rounds))
    limit = min(_fill_limit(span) for _ in range(rounds))
    row(f"sequential fill, {span} ports, per port", ours, theirs, limit=limit)
    # the plain loop measured 0.30 us on the reference machine
    print(f"{'  the same scaled to the reference machine':<52} {ours * 0.30 / theirs:>10.2f} us")
    dual = min(_fill_ours(span, ["0.0.0.0", "::"]) for _ in range(rounds))
    dual_plain = min(_fill_plain_multi(span, 2) for _ in range(rounds))
    row("dual-stack [0.0.0.0, ::] sequential, per port", dual, dual_plain, limit=2 * limit)


def filled() -> tuple[PortAllocator, PlainNextFit]:
    a = PortAllocator(LO, HI)
    plain = PlainNextFit(LO, HI)
    for _ in range(HI - LO + 1):
        a, _ = a.request("0.0.0.0", "tcp")
        plain.request()
    return a, plain


def bench_worst(a_full: PortAllocator, plain: PlainNextFit, quick: bool) -> None:
    # full range, cursor at HI; free HI: the only free port is the very last candidate
    a = a_full.release("0.0.0.0", "tcp", HI)
    plain.release(HI)
    assert a.request("0.0.0.0", "tcp")[1] == HI

    def ours_call() -> object:
        return a.request("0.0.0.0", "tcp")  # persistent: the same value every time

    def plain_call() -> object:
        port = plain.request()
        plain.release(port)
        return port

    ours = per_call(ours_call, 2000 if quick else 20000)
    theirs = per_call(plain_call, 3 if quick else 20)
    row("worst case: one free port just behind the cursor", ours, theirs)
    # a direct CPython port of the algorithm measured 1,678 us on the reference machine
    print(f"{'  the same scaled to the reference machine':<52} {ours * 1678 / theirs:>10.2f} us")

    def ours_exhausted() -> object:
        try:
            return a_full.request("0.0.0.0", "tcp")
        except ValueError as exc:
            return exc

    def plain_exhausted() -> object:
        full = PlainNextFit(LO, HI)
        full.used = plain.used  # every port taken (HI was given back above and taken again)
        try:
            return full.request()
        except RuntimeError as exc:
            return exc

    plain.used.add(HI)
    row(
        "exhausted range (error path)",
        per_call(ours_exhausted, 2000 if quick else 20000),
        per_call(plain_exhausted, 3 if quick else 20),
    )


def _churn_ours(taken: list[int], calls: int, seed: int) -> float:
    """Allocate one port and release a random held one, ``calls`` times; us per round."""
    rng = random.Random(seed)
    a = PortAllocator(LO, HI)
    for port in taken:
        a, _ = a.request("0.0.0.0", "tcp", port)
    held = list(taken)
    start = time.perf_counter()
    for _ in range(calls):
        a, port = a.request("0.0.0.0", "tcp")
        i = rng.randrange(len(held))
        victim, held[i] = held[i], port
        a = a.release("0.0.0.0", "tcp", victim)
    return (time.perf_counter() - start) / calls * 1e6


def _churn_plain(taken: list[int], calls: int, seed: int) -> float:
    rng = random.Random(seed)
    plain = PlainNextFit(LO, HI)
    plain.used.update(taken)
    held = list(taken)
    start = time.perf_counter()
    for _ in range(calls):
        port = plain.request()
        i = rng.randrange(len(held))
        victim, held[i] = held[i], port
        plain.release(victim)
    return (time.perf_counter() - start) / calls * 1e6


def bench_random(quick: bool) -> None:
    rng = random.Random(42)
    size = HI - LO + 1
    for occupancy in (0.5, 0.9, 0.99, 0.999):
        taken = rng.sample(range(LO, HI + 1), int(size * occupancy))
        calls = 2000 if quick else 20000
        ours = min(_churn_ours(taken, calls, 7) for _ in range(3))
        plain_calls = calls // 10 if occupancy > 0.99 else calls
        theirs = min(_churn_plain(taken, plain_calls, 7) for _ in range(3))
        row(f"alloc + random release at {occupancy:.1%} occupancy", ours, theirs)


def bench_known_addresses(quick: bool) -> None:
    for known in (10, 1000):
        a = PortAllocator(LO, HI)
        for i in range(known):
            a, _ = a.request(f"10.{i // 250}.{i % 250}.1", "tcp", 1000 + i)
        # the peer: 0.0.0.0 takes a port free on every known IPv4 address (one set each);
        # a specific address takes one free on its own set and on 0.0.0.0's
        wildcard = PlainMulti(LO, HI, known + 1)
        specific = PlainMulti(LO, HI, 2)

        def plain_request(plain: PlainMulti) -> object:
            port = plain.request()
            plain.release(port)
            return port

        calls = 2000 if quick else 20000
        row(
            f"0.0.0.0 request with {known} known IPv4 addresses",
            per_call(partial(a.request, "0.0.0.0", "tcp"), calls),
            per_call(partial(plain_request, wildcard), calls),
        )
        row(
            f"specific-address request with {known} known",
            per_call(partial(a.request, "10.0.0.1", "tcp"), calls),
            per_call(partial(plain_request, specific), calls),
        )


def bench_exact(quick: bool) -> None:
    a = PortAllocator(LO, HI)
    calls = 2000 if quick else 20000

    def exact() -> object:
        b, port = a.request("0.0.0.0", "tcp", 8080)
        return b.release("0.0.0.0", "tcp", port)

    plain = PlainNextFit(LO, HI)

    def plain_exact() -> object:
        plain.used.add(8080)
        plain.used.discard(8080)
        return None

    row("exact request + release", per_call(exact, calls), per_call(plain_exact, calls))


def bench_memory() -> None:
    a = PortAllocator(1, 65535)
    for _ in range(65535):
        a, _ = a.request("0.0.0.0", "tcp")
    key = a._pools[0][0]
    assert key is not None
    chunks, summary = key[0]
    unique: dict[int, object] = {id(chunks): chunks, id(summary): summary}
    for chunk in chunks:
        unique[id(chunk)] = chunk
    shared = sum(sys.getsizeof(o) for o in unique.values())
    # the same without sharing: every chunk a distinct int
    unshared = sys.getsizeof(chunks) + sys.getsizeof(summary)
    unshared += sum(sys.getsizeof(c) for c in chunks)
    row("memory, full 65,536-port key (full chunks shared)", shared / 1024, None, "KiB")
    row("memory, same without sharing full chunks", unshared / 1024, None, "KiB")
    tracemalloc.start()
    b = PortAllocator(1, 65535)
    base = tracemalloc.get_traced_memory()[0]
    for _ in range(65535):
        b, _ = b.request("0.0.0.0", "tcp")
    grown = tracemalloc.get_traced_memory()[0] - base
    tracemalloc.stop()
    row("tracemalloc: allocator grown by a full key", grown / 1024, None, "KiB")
    plain = PlainNextFit(1, 65535)
    for _ in range(65535):
        plain.request()
    row("plain set of 65,535 ports (for comparison)", sys.getsizeof(plain.used) / 1024, None, "KiB")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a few seconds, for CI")
    args = parser.parse_args(argv)
    print(f"range {LO}-{HI} ({HI - LO + 1} ports); times per operation")
    span = 5000 if args.quick else HI - LO + 1
    bench_sequential(span, 3 if args.quick else 5)
    a_full, plain_full = filled()
    bench_worst(a_full, plain_full, args.quick)
    bench_random(args.quick)
    bench_known_addresses(args.quick)
    bench_exact(args.quick)
    bench_memory()


if __name__ == "__main__":
    main()
