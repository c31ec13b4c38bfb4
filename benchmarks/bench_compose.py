"""Benchmark: ``dockerlinks check`` on a generated 500-service compose file, as a whole process.

Each service publishes two ports (one exact host port, one ephemeral) and exposes one, and
links to three earlier services. The figure is the wall time of ``python -m dockerlinks check
FILE`` (interpreter start, imports, YAML loading, every check, output), the best of several
runs, with the interpreter start alone and the start with imports (an empty file) for scale:
on a busy machine the interpreter start dominates. The same run prints the in-process time of
the check alone and, as the peer, the time PyYAML's safe loader and docker-py's ``split_port``
need just to read the same file and its port specs.

With ``--loader`` it measures the project loader instead (in process, no subprocess): for
10, 500 and 5,000 services, PyYAML's safe loader alone beside the built-in project loader
(``load_project``: positions, interpolation, merge, normalisation) and the check of the
loaded project, the loader/PyYAML ratio (target <= 2x), the cost per service, and the peak
memory (tracemalloc) of PyYAML alone and of the loader.

Usage: ``python benchmarks/bench_compose.py [--quick] [--services N] [--loader]``
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from _process import process_env, warm

TARGET_SECONDS = 1.0


def generate(services: int) -> str:
    """A valid compose file: ``services`` services, ports and three links each."""
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


def best_of(runs: int, func: object) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        func()  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
    return best


def _peak(func: object) -> int:
    tracemalloc.start()
    try:
        func()  # type: ignore[operator]
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def bench_loader(runs: int) -> None:
    """The project loader against PyYAML alone, at three sizes."""
    import yaml

    from dockerlinks.compose import check
    from dockerlinks.compose.files import MemoryFiles
    from dockerlinks.compose.project import Options, load_project

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    print(
        "services  pyyaml ms  loader ms  ratio  check ms  per service us (load+check)"
        "  peak MB pyyaml/loader"
    )
    for services in (10, 500, 5000):
        text = generate(services)
        files = MemoryFiles({"/bench/compose.yaml": text}, cwd="/bench")
        options = Options(files=("compose.yaml",))

        def pyyaml_only(text: str = text) -> None:
            yaml.load(text, Loader=loader)

        def project(files: MemoryFiles = files, options: Options = options) -> object:
            return load_project(options, files, {})

        plain = best_of(runs, pyyaml_only)
        loaded = best_of(runs, project)
        built = project()
        checked = best_of(runs, lambda built=built: check(built))
        per = (loaded + checked) / services * 1e6
        peak_yaml = _peak(pyyaml_only) / 2**20
        peak_loader = _peak(project) / 2**20
        print(
            f"{services:8d}  {plain * 1000:9.1f}  {loaded * 1000:9.1f}  {loaded / plain:5.2f}"
            f"  {checked * 1000:8.1f}  {per:27.1f}  {peak_yaml:6.1f}/{peak_loader:.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs (for CI)")
    parser.add_argument("--services", type=int, default=500)
    parser.add_argument("--loader", action="store_true", help="measure the project loader")
    args = parser.parse_args()
    runs = 2 if args.quick else 5
    if args.loader:
        bench_loader(runs)
        return
    text = generate(args.services)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "compose.yaml"
        path.write_text(text, encoding="utf-8")
        command = [sys.executable, "-m", "dockerlinks", "check", str(path)]
        warm(command)

        def whole_process() -> None:
            result = subprocess.run(
                command, capture_output=True, text=True, check=False, env=process_env()
            )
            if result.returncode != 0:
                raise SystemExit(f"check failed ({result.returncode}):\n{result.stdout}")

        process = best_of(runs, whole_process)
        bare = [sys.executable, "-c", "pass"]
        interpreter = best_of(runs, lambda: subprocess.run(bare, check=True, env=process_env()))
        empty = Path(tmp) / "empty.yaml"
        empty.write_text("services: {}\n", encoding="utf-8")
        small = [sys.executable, "-m", "dockerlinks", "check", str(empty)]
        startup = best_of(
            runs,
            lambda: subprocess.run(small, capture_output=True, check=True, env=process_env()),
        )

        from dockerlinks.compose import check, load_compose_text

        in_process = best_of(runs, lambda: check(load_compose_text(text)))
        problems = check(load_compose_text(text))

        import yaml
        from docker.utils.ports import split_port

        def peer() -> None:
            data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
            for body in data["services"].values():
                for spec in body["ports"]:
                    split_port(spec)

        peer_time = best_of(runs, peer)
    print(f"services: {args.services} (ports, expose and up to three links each)")
    print(f"problems found: {len(problems)}")
    verdict = "met" if process <= TARGET_SECONDS else "MISSED"
    print(
        f"python -m dockerlinks check, whole process: {process * 1000:.0f} ms "
        f"(target <= {TARGET_SECONDS * 1000:.0f} ms: {verdict})"
    )
    print(
        f"  of which interpreter start (python -c pass): {interpreter * 1000:.0f} ms, "
        f"start + imports (check of an empty file): {startup * 1000:.0f} ms"
    )
    print(f"load + check in process: {in_process * 1000:.1f} ms")
    print(f"peer (PyYAML safe load + docker-py split_port only): {peer_time * 1000:.1f} ms")
    print(f"ratio check / peer: {in_process / peer_time:.1f}x")


if __name__ == "__main__":
    main()
