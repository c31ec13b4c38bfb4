"""Benchmark: ``parse_port_spec`` against docker-py's ``split_port`` and the regex limit.

Run as ``python benchmarks/bench_ports.py [--quick]``. Prints figures and ratios; never fails
on time. The mixes are described in ``benchmarks/README.md``:

* ``plain``: 20,000 distinct specs of the usual IPv4 shapes (plain, host:ctr, ip:host:ctr,
  /udp, ip::ctr, ranges);
* ``ipv6``: 20,000 distinct specs, 65 % of them the plain mix's and 35 % with an IPv6 host
  IP, bracketed and bare, in six address forms; one in a hundred of those carries a zone,
  which Docker and docker-py refuse (both must raise);
* ``big range``: ``1-65535:1-65535`` (a compact value against docker-py's eager lists).

Before timing, every spec of both mixes is parsed in every generation and compared with the
full parser (the value and its text, or the error and its caret): the hot path must give
the full parser's answer. The peer (docker-py ``split_port``) must accept exactly the specs
we accept. The limit is what CPython needs at the least to read a spec: one precompiled
regex match of the whole spec and the tuple of its groups (``LIMIT_PATTERN``, which
tokenizes every shape of both mixes). Each round times the peer, ours and the limit in a
rotating order, and the figures are medians of the per-round ratios (load from other
processes hits all three alike). The loop around each call is a bare ``try``, so that
nothing but the call itself is timed.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from collections.abc import Callable

from docker.utils.ports import split_port

from dockerlinks.errors import PortSpecError
from dockerlinks.ports import GENERATIONS, parse_port_spec
from dockerlinks.ports.short import _parse_full

# one regex match and its tuple of groups: ip, host range, container range, protocol
LIMIT_PATTERN = re.compile(
    r"(?:(\[[0-9a-fA-F:.%a-z]*\]|[0-9a-fA-F:.%a-z]*):)??(?:([0-9]*(?:-[0-9]+)?):)?"
    r"([0-9]+(?:-[0-9]+)?)(?:/(tcp|udp|sctp))?"
)
TARGET_PEER = 1.5  # parse_port_spec at least this many times docker-py's throughput
TARGET_LIMIT = 2.0  # and at most this many times the limit's time


def make_specs(count: int) -> list[str]:
    """``count`` distinct specs cycling through the common IPv4 shapes (the plain mix)."""
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


def ipv6_address(i: int) -> str:
    """The ``i``-th address of six IPv6 forms (all distinct, so no cache can help)."""
    a, b = i % 65536, (i * 7919) % 65536
    form = i % 6
    if form == 0:
        return f"2001:db8:{a:x}::{b:x}"  # compressed
    if form == 1:
        return f"fd00:{a:x}:{b:x}:0:0:0:0:1"  # eight groups
    if form == 2:
        return f"fe80::{a:x}:{b:x}"  # link-local
    if form == 3:
        return f"::ffff:10.{a % 250}.{b % 250}.{1 + i % 250}"  # IPv4-mapped, dotted
    if form == 4:
        return f"2001:DB8:{a:X}:{b:X}::"  # upper case, trailing ::
    return f"::{a:x}:{b:x}"  # leading ::


def make_ipv6_specs(count: int) -> list[str]:
    """``count`` distinct specs: the plain mix with seven specs in twenty (35 %) given an
    IPv6 host IP; one IPv6 spec in a hundred has a zone (refused)."""
    plain = make_specs(count)
    specs: list[str] = []
    ipv6 = 0
    for i, base in enumerate(plain):
        if i % 20 >= 7:  # 13 of every 20: the plain mix
            specs.append(base)
            continue
        port = 1 + (i * 3) % 60000
        host = 1 + (i * 11) % 60000
        address = ipv6_address(i)
        ipv6 += 1
        if ipv6 % 100 == 50:  # one IPv6 spec in a hundred
            address = f"fe80::{i % 65536:x}%eth{i % 4}"
        shape = i % 20
        if shape in (0, 4):
            spec = f"[{address}]:{host}:{port}"
        elif shape in (1, 5):
            spec = f"{address}:{host}:{port}/udp"
        elif shape == 2:
            spec = f"[{address}]::{port}"
        elif shape == 3:
            spec = f"{address}::{port}"
        else:
            spec = f"[{address}]:{host}-{host + 3}:{port}-{port + 3}/udp"
        specs.append(spec)
    return list(dict.fromkeys(specs))


def _answer(parse: Callable[[], object]) -> object:
    try:
        value = parse()
    except PortSpecError as exc:
        return ("error", str(exc), exc.span)
    return ("ok", value, str(value))


def verify(specs: list[str]) -> int:
    """Every spec: the hot path's answer is the full parser's, in every generation, and the
    peer accepts what we accept. Returns the number of refused specs."""
    refused = 0
    for spec in specs:
        for name, generation in GENERATIONS.items():
            ours = _answer(lambda s=spec, n=name: parse_port_spec(s, generation=n))
            full = _answer(lambda s=spec, g=generation: _parse_full(s, g))
            if ours != full:
                raise SystemExit(f"{spec!r} ({name}): {ours} != full parser's {full}")
        accepted = _answer(lambda s=spec: parse_port_spec(s))[0] == "ok"
        try:
            split_port(spec)
            peer = True
        except ValueError:
            peer = False
        if peer != accepted:
            raise SystemExit(f"{spec!r}: docker-py accepts {peer}, we accept {accepted}")
        refused += not accepted
    return refused


def _loop(parse: Callable[[str], object], specs: list[str]) -> Callable[[], None]:
    # try/except, not contextlib.suppress: entering and leaving a context manager for each
    # spec costs a third of a microsecond, added to all three alike, which pulls every
    # ratio towards 1 (ours/limit from 2.04x to 1.59x on the plain mix in one run);
    # try costs nothing until something is raised
    def run() -> None:
        for spec in specs:
            try:  # noqa: SIM105 (see above)
                parse(spec)
            except ValueError:
                pass

    return run


def _limit(spec: str) -> object:
    match = LIMIT_PATTERN.fullmatch(spec)
    return None if match is None else match.groups()


def compare(specs: list[str], rounds: int) -> tuple[float, float, dict[str, float]]:
    """Median peer/ours and ours/limit of paired rounds, and median seconds per spec."""
    runs = {
        "peer": _loop(split_port, specs),
        "ours": _loop(parse_port_spec, specs),
        "limit": _loop(_limit, specs),
    }
    times: dict[str, list[float]] = {name: [] for name in runs}
    peer_ratios, limit_ratios = [], []
    names = list(runs)
    for index in range(rounds):
        spent = {}
        for name in names[index % 3 :] + names[: index % 3]:
            start = time.perf_counter()
            runs[name]()
            spent[name] = time.perf_counter() - start
            times[name].append(spent[name])
        peer_ratios.append(spent["peer"] / spent["ours"])
        limit_ratios.append(spent["ours"] / spent["limit"])
    per_spec = {name: statistics.median(t) / len(specs) for name, t in times.items()}
    return statistics.median(peer_ratios), statistics.median(limit_ratios), per_spec


def report(title: str, specs: list[str], rounds: int) -> None:
    refused = verify(specs)
    ipv6 = sum(1 for spec in specs if spec.count(":") > 2 or spec.startswith("["))
    print(
        f"{title}: {len(specs)} distinct specs, {ipv6 / len(specs):.0%} IPv6, {refused} refused"
        " (answers checked against the full parser in every generation)"
    )
    peer_ratio, limit_ratio, per_spec = compare(specs, rounds)
    for name, label in (
        ("peer", "docker-py split_port"),
        ("ours", "parse_port_spec"),
        ("limit", "limit: regex match + tuple"),
    ):
        print(f"  {label:28s} {per_spec[name] * 1e6:7.3f} us/spec")
    peer_met = "met" if peer_ratio >= TARGET_PEER else "NOT met"
    limit_met = "met" if limit_ratio <= TARGET_LIMIT else "NOT met"
    print(f"  peer/ours   {peer_ratio:5.2f}x  (target >= {TARGET_PEER}x: {peer_met})")
    print(f"  ours/limit  {limit_ratio:5.2f}x  (target <= {TARGET_LIMIT}x: {limit_met})")


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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a few seconds, for CI")
    args = parser.parse_args()
    rounds = 7 if args.quick else 31

    report("plain mix", make_specs(20_000), rounds)
    report("ipv6 mix", make_ipv6_specs(20_000), rounds)

    big = "1-65535:1-65535"
    t_big_peer = best_of(3 if args.quick else 7, lambda: split_port(big))
    t_big_ours = best_of(100, lambda: parse_port_spec(big))
    print(f"big range {big!r}:")
    print(f"  docker-py split_port   {t_big_peer * 1e3:10.3f} ms")
    print(
        f"  parse_port_spec        {t_big_ours * 1e6:10.3f} us"
        f"  ratio {t_big_peer / t_big_ours:,.0f}x"
    )


if __name__ == "__main__":
    main()
