"""Benchmark: ``dockerlinks check`` on a generated 500-service compose file, as a whole process.

Each service publishes two ports (one exact host port, one ephemeral) and exposes one, and
links to three earlier services. The figure is the wall time of ``python -m dockerlinks check
FILE`` (interpreter start, imports, YAML loading, every check, output), the best of several
runs, with the interpreter start alone and the start with imports (an empty file) for scale:
on a busy machine the interpreter start dominates. The same run prints the in-process time of
the check alone and, as the peer, the time PyYAML's safe loader and docker-py's ``split_port``
need just to read the same file and its port specs.

Usage: ``python benchmarks/bench_compose.py [--quick] [--services N]``
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs (for CI)")
    parser.add_argument("--services", type=int, default=500)
    args = parser.parse_args()
    runs = 2 if args.quick else 5
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
