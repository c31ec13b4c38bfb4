"""Benchmark: the link environment of a child exposing 32768-65535/tcp (moby/moby#20274).

Usage: ``python benchmarks/bench_links.py [--quick]``

Measures ``dockerlinks.links.link_env`` (both profiles) in microseconds per emitted variable
(target: <= 1 us per line) and compares it with a plain, straightforward reference
implementation of the modern algorithm run in the same process (a transliteration of the Go
loop with a comparator sort and ``str.format``) and with the limit: one f-string loop making
the same lines from an already sorted range (target: ``link_env`` <= 2x the limit). It prints;
it never fails on time.
"""

from __future__ import annotations

import argparse
import functools
import time
from collections.abc import Callable

from dockerlinks.links import link_env

TARGET_LIMIT = 2.0  # link_env at most this many times the minimal f-string loop


def reference_link_env(name: str, ip: str, ports: list[str], env: list[str]) -> list[str]:
    """The modern algorithm written plainly: parse, comparator sort, one pass."""
    alias = name.rsplit("/", maxsplit=1)[-1].upper().replace("-", "_")
    parsed = []
    for text in ports:
        digits, _, given = text.partition("/")
        parsed.append((int(digits), (given or "tcp").lower()))

    def compare(a: tuple[int, str], b: tuple[int, str]) -> int:
        if a[1] == b[1]:
            return (a[0] > b[0]) - (a[0] < b[0])
        if a[1] == "tcp":
            return -1
        if b[1] == "tcp":
            return 1
        return (a[1] > b[1]) - (a[1] < b[1])

    parsed.sort(key=functools.cmp_to_key(compare))
    out: list[str] = []
    start = end = parsed[0] if parsed else (0, "")
    for i, (number, proto) in enumerate(parsed):
        if i == 0:
            out.append(f"{alias}_PORT={proto}://{ip}:{number}")
        prefix = f"{alias}_PORT_{number}_{proto.upper()}"
        out.append(f"{prefix}={proto}://{ip}:{number}")
        out.append(f"{prefix}_ADDR={ip}")
        out.append(f"{prefix}_PORT={number}")
        out.append(f"{prefix}_PROTO={proto}")
        if number == end[0] + 1 and proto == end[1]:
            end = (number, proto)
            if i < len(parsed) - 1:
                continue
        if end != start:
            prefix = f"{alias}_PORT_{start[0]}_{start[1].upper()}"
            out.append(f"{prefix}_START={start[1]}://{ip}:{start[0]}")
            out.append(f"{prefix}_PORT_START={start[0]}")
            out.append(f"{prefix}_END={end[1]}://{ip}:{end[0]}")
            out.append(f"{prefix}_PORT_END={end[0]}")
        start = end = (number, proto)
    out.append(f"{alias}_NAME={name}")
    for entry in env:
        key, sep, value = entry.partition("=")
        if sep and key not in ("HOME", "PATH"):
            out.append(f"{alias}_ENV_{key}={value}")
    return out


def limit_link_env(alias: str, ip: str, numbers: range, name: str, env: list[str]) -> list[str]:
    """The limit: the same lines from an already sorted, contiguous tcp range, one f-string
    loop and nothing else (no parsing, sorting or range detection)."""
    out = [f"{alias}_PORT=tcp://{ip}:{numbers[0]}"]
    append = out.append
    for number in numbers:
        prefix = f"{alias}_PORT_{number}_TCP"
        append(f"{prefix}=tcp://{ip}:{number}")
        append(f"{prefix}_ADDR={ip}")
        append(f"{prefix}_PORT={number}")
        append(f"{prefix}_PROTO=tcp")
    prefix = f"{alias}_PORT_{numbers[0]}_TCP"
    out += (
        f"{prefix}_START=tcp://{ip}:{numbers[0]}",
        f"{prefix}_PORT_START={numbers[0]}",
        f"{prefix}_END=tcp://{ip}:{numbers[-1]}",
        f"{prefix}_PORT_END={numbers[-1]}",
        f"{alias}_NAME={name}",
    )
    out += [f"{alias}_ENV_{e}" for e in env if not e.startswith(("HOME=", "PATH="))]
    return out


def best_of_each(repeats: int, funcs: dict[str, Callable[[], list[str]]]) -> dict[str, float]:
    """The best time of each function over ``repeats`` rounds, the functions taking turns
    within each round (so a change of the machine's load hits them all alike)."""
    best = dict.fromkeys(funcs, float("inf"))
    for _ in range(repeats):
        for label, func in funcs.items():
            began = time.perf_counter()
            func()
            best[label] = min(best[label], time.perf_counter() - began)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (CI)")
    args = parser.parse_args()
    repeats = 5 if args.quick else 15

    ports = [f"{n}/tcp" for n in range(32768, 65536)]
    env = ["PASSWORD=gordon", "HOME=/root"]
    name, ip = "/web/db", "172.17.0.2"

    # the modern algorithm (Docker 1.11 - 28 and 29 with the daemon's option; a stock 29, the
    # default profile, sets no link variables)
    assert link_env(name, ip, ports, env, profile="modern") == reference_link_env(
        name, ip, ports, env
    )

    numbers = range(32768, 65536)
    assert limit_link_env("DB", ip, numbers, name, env) == reference_link_env(name, ip, ports, env)

    print(
        f"link_env, child exposing 32768-65535/tcp ({len(ports)} ports), best of {repeats} "
        "rounds (the four take turns in each round)"
    )
    lines = len(link_env(name, ip, ports, env, profile="modern"))
    classic_lines = len(link_env(name, ip, ports, env, profile="classic"))
    best = best_of_each(
        repeats,
        {
            "modern": lambda: link_env(name, ip, ports, env, profile="modern"),
            "classic": lambda: link_env(name, ip, ports, env, profile="classic"),
            "reference": lambda: reference_link_env(name, ip, ports, env),
            "limit": lambda: limit_link_env("DB", ip, numbers, name, env),
        },
    )
    ours, classic, ref, limit = best["modern"], best["classic"], best["reference"], best["limit"]
    print(f"  modern    {lines:7d} lines  {ours * 1e3:8.1f} ms  {ours / lines * 1e6:6.3f} us/line")
    print(
        f"  classic   {classic_lines:7d} lines  {classic * 1e3:8.1f} ms  "
        f"{classic / classic_lines * 1e6:6.3f} us/line"
    )
    print(f"  reference {lines:7d} lines  {ref * 1e3:8.1f} ms  {ref / lines * 1e6:6.3f} us/line")
    print(
        f"  limit     {lines:7d} lines  {limit * 1e3:8.1f} ms  {limit / lines * 1e6:6.3f} us/line"
    )
    print(f"  target <= 1 us/line: {'met' if ours / lines <= 1e-6 else 'NOT met'}")
    print(f"  ratio reference/modern: {ref / ours:.2f}x")
    print(f"  ratio classic/limit: {classic / limit:.2f}x")
    verdict = "met" if ours / limit <= TARGET_LIMIT else "NOT met"
    print(f"  ratio modern/limit: {ours / limit:.2f}x (target <= {TARGET_LIMIT}x: {verdict})")


if __name__ == "__main__":
    main()
