"""Benchmark: the compose project loader, ``dockerlinks check`` and ``render``, in one run.

Prints, for generated projects of 10, 500 and 5,000 services (each service: an image, an exact
and an ephemeral port, an exposed port, two environment variables, links to up to three
earlier services):

- PyYAML's safe loader alone on the same text (libyaml's when installed), the built-in project
  loader (``load_project``: positions, interpolation, merges, normalisation), and the check
  and the rendering of the loaded project, in milliseconds (best of several runs; the
  collector paused for PyYAML as the loader pauses it, so the comparison is of the work,
  not of collections);
- the cost per service of load + check and of load + render, and its ratio across sizes
  (target: flat within 1.3x from 500 to 5,000 services; at 10 services the fixed costs
  dominate);
- peak memory (tracemalloc) of load + check and of load + render beside PyYAML's own for
  the same text (target <= 3x);

then, as whole processes (fresh interpreters, bytecode cached as for an installed package),
``dockerlinks check examples/compose.yaml`` beside ``python -c "import attrs, yaml"``, the
imports the command cannot do without (target <= 1.5x). The command is the console script
installed beside this interpreter when there is one (what a user runs), else
``python -m dockerlinks``.

Usage: ``python benchmarks/bench_compose.py [--quick]``
"""

from __future__ import annotations

import argparse
import functools
import gc
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import yaml
from _process import process_env, warm

from dockerlinks.compose.check import check
from dockerlinks.compose.files import MemoryFiles
from dockerlinks.compose.project import Options, Project, load_project
from dockerlinks.compose.render import render

SIZES = (10, 500, 5000)
FLAT_TARGET = 1.3
MEMORY_TARGET = 3.0
PROCESS_TARGET = 1.5
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "compose.yaml"


def generate(services: int) -> str:
    """A valid compose file: ``services`` services, ports and up to three links each."""
    lines = ["name: bench", "services:"]
    for index in range(services):
        lines += [
            f"  svc{index}:",
            f"    image: example/svc{index}:1.0",
            "    ports:",
            f'      - "{10000 + index}:8080"',
            '      - "9000"',
            "    expose:",
            '      - "7000"',
            "    environment:",
            f"      SERVICE_INDEX: '{index}'",
            "      LOG_LEVEL: info",
        ]
        targets = [index - step for step in (1, 2, 3) if index - step >= 0]
        if targets:
            lines.append("    links:")
            lines += [f'      - "svc{t}:dep{n}"' for n, t in enumerate(targets)]
    return "\n".join(lines) + "\n"


def without_collector(func: Callable[[int], object]) -> Callable[[int], object]:
    """``func`` with the cyclic collector paused, as the project loader pauses it."""

    def run(services: int) -> object:
        paused = gc.isenabled()
        gc.disable()
        try:
            return func(services)
        finally:
            if paused:
                gc.enable()

    return run


def peak(func: Callable[[], object]) -> int:
    """Peak bytes traced while ``func`` runs (its result kept alive until the end)."""
    gc.collect()
    tracemalloc.start()
    try:
        kept = func()
        size = tracemalloc.get_traced_memory()[1]
        del kept
        return size
    finally:
        tracemalloc.stop()


def bench_sizes(runs: int) -> bool:
    """The loader, the check and the rendering at each size; True when every target is met.

    The sizes take turns in each of ``runs`` rounds (load from other processes then hits
    them alike); each figure is the best of its rounds."""
    yaml_loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    texts = {services: generate(services) for services in SIZES}
    options = Options(files=("compose.yaml",))
    files = {n: MemoryFiles({"/bench/compose.yaml": t}, cwd="/bench") for n, t in texts.items()}

    def load(services: int) -> Project:
        return load_project(options, files[services], {})

    def load_and(job: Callable[[Project], object], services: int) -> object:
        return job(load(services))

    built = {n: load(n) for n in SIZES}
    jobs: dict[str, Callable[[int], object]] = {
        "PyYAML": without_collector(lambda n: yaml.load(texts[n], Loader=yaml_loader)),
        "load": load,
        "check": lambda n: check(built[n]),
        "render": lambda n: render(built[n]),
    }
    best = {(job, n): float("inf") for job in jobs for n in SIZES}
    for _ in range(runs):
        for services in SIZES:
            for job, func in jobs.items():
                start = time.perf_counter()
                func(services)
                best[job, services] = min(best[job, services], time.perf_counter() - start)
    print(
        "services  PyYAML ms  loader ms  check ms  render ms  per service us (check  render)"
        "  peak MB PyYAML  check  render"
    )
    per_service: dict[str, dict[int, float]] = {"check": {}, "render": {}}
    memory: dict[str, list[float]] = {"check": [], "render": []}
    for services in SIZES:
        loaded = best["load", services]
        for job in ("check", "render"):
            per_service[job][services] = (loaded + best[job, services]) / services * 1e6
        peak_yaml = peak(functools.partial(jobs["PyYAML"], services)) / 2**20
        peak_check = peak(functools.partial(load_and, check, services)) / 2**20
        peak_render = peak(functools.partial(load_and, render, services)) / 2**20
        if services >= 500:
            memory["check"].append(peak_check / peak_yaml)
            memory["render"].append(peak_render / peak_yaml)
        print(
            f"{services:8d}  {best['PyYAML', services] * 1000:9.1f}  {loaded * 1000:9.1f}"
            f"  {best['check', services] * 1000:8.1f}  {best['render', services] * 1000:9.1f}"
            f"  {per_service['check'][services]:20.1f}  {per_service['render'][services]:6.1f}"
            f"  {peak_yaml:14.1f}  {peak_check:5.1f}  {peak_render:6.1f}"
        )
    met = True
    for job in ("check", "render"):
        large = [per_service[job][n] for n in SIZES if n >= 500]
        flat = max(large) / min(large)
        small = per_service[job][SIZES[0]] / min(large)
        most = max(memory[job])
        met = met and flat <= FLAT_TARGET and most <= MEMORY_TARGET
        print(
            f"{job}: per-service cost (load + {job}), largest/smallest from 500 to 5,000 "
            f"services {flat:.2f}x (target <= {FLAT_TARGET}x: "
            f"{'met' if flat <= FLAT_TARGET else 'MISSED'}), at 10 services {small:.1f}x "
            f"(fixed costs); peak memory / PyYAML's {most:.2f}x at 500+ services (target <= "
            f"{MEMORY_TARGET}x: {'met' if most <= MEMORY_TARGET else 'MISSED'})"
        )
    return met


def bench_process(rounds: int) -> bool:
    """``dockerlinks check examples/compose.yaml`` beside the imports it needs at least.

    Each round runs the command, the peer and the bare interpreter once, in a rotating
    order; the figure is the median of the rounds' ratios (load from other processes hits
    all three alike), the times the medians of each."""
    script = Path(sys.executable).with_name("dockerlinks")
    installed = script.is_file()
    program = [str(script)] if installed else [sys.executable, "-m", "dockerlinks"]
    argvs = {
        "ours": [*program, "check", str(EXAMPLE)],
        "peer": [sys.executable, "-c", "import attrs, yaml"],
        "bare": [sys.executable, "-c", "pass"],
    }
    root = str(EXAMPLE.parent.parent)
    for argv in argvs.values():
        warm(argv, cwd=root)

    def run(argv: list[str]) -> float:
        start = time.perf_counter()
        result = subprocess.run(
            argv, capture_output=True, text=True, check=False, env=process_env(), cwd=root
        )
        spent = time.perf_counter() - start
        if result.returncode != 0:
            raise SystemExit(f"{argv} failed ({result.returncode}):\n{result.stdout}")
        return spent

    times: dict[str, list[float]] = {name: [] for name in argvs}
    ratios = []
    names = list(argvs)
    for index in range(rounds):
        spent = {name: run(argvs[name]) for name in names[index % 3 :] + names[: index % 3]}
        for name, value in spent.items():
            times[name].append(value)
        ratios.append(spent["ours"] / spent["peer"])
    ratio = statistics.median(ratios)
    ours, theirs, bare = (statistics.median(times[name]) for name in ("ours", "peer", "bare"))
    how = "the console script" if installed else "python -m dockerlinks"
    print(
        f"dockerlinks check examples/compose.yaml ({how}): {ours * 1000:.0f} ms; "
        f'python -c "import attrs, yaml": {theirs * 1000:.0f} ms; ratio {ratio:.2f}x '
        f"(median of {rounds} rounds; target <= {PROCESS_TARGET}x: "
        f"{'met' if ratio <= PROCESS_TARGET else 'MISSED'}); "
        f"interpreter alone: {bare * 1000:.0f} ms"
    )
    return ratio <= PROCESS_TARGET


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="fewer runs (for CI)")
    args = parser.parse_args()
    runs = 2 if args.quick else 5
    sizes = bench_sizes(runs)
    process = bench_process(11 if args.quick else 31)
    print("all targets met" if sizes and process else "some targets MISSED")


if __name__ == "__main__":
    main()
