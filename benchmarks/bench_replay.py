"""Replay benchmark: ``python -m dockerlinks replay examples/linking.txt`` as a whole process.

Measures the wall time of the full command (interpreter start, imports, replay, output) over
several runs, next to a bare interpreter start (``python -c pass``) and an interpreter that
only imports the package, and the in-process replay time of the same transcript.
Interpreters run with bytecode cached, as an installed package has it (``_process.py``). The target
is a whole-process replay of at most 0.5 s. Prints; never fails on time.

    python benchmarks/bench_replay.py [--quick]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _process import process_env, warm

from dockerlinks.transcript import replay

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "linking.txt"


def wall(argv: list[str], runs: int) -> list[float]:
    warm(argv, cwd=str(ROOT))
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True, cwd=ROOT, env=process_env())
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer runs (for CI)")
    args = parser.parse_args()
    runs = 3 if args.quick else 15

    bare = wall([sys.executable, "-c", "pass"], runs)
    imported = wall([sys.executable, "-c", "import dockerlinks.transcript"], runs)
    whole = wall([sys.executable, "-m", "dockerlinks", "replay", str(EXAMPLE), "--check"], runs)

    text = EXAMPLE.read_text(encoding="utf-8")
    inner = []
    for _ in range(runs * 4):
        start = time.perf_counter()
        result = replay(text)
        inner.append(time.perf_counter() - start)
    assert result.ok

    def show(label: str, values: list[float]) -> float:
        med = statistics.median(values)
        print(f"{label:<46} median {med * 1000:8.1f} ms   min {min(values) * 1000:8.1f} ms")
        return med

    print(f"runs: {runs}  ({EXAMPLE.name}: {sum(1 for _ in text.splitlines())} lines)")
    b = show("python -c pass (bare interpreter)", bare)
    i = show("python -c 'import dockerlinks.transcript'", imported)
    w = show("python -m dockerlinks replay linking.txt --check", whole)
    r = show("replay() in process", inner)
    print(f"whole process / bare interpreter: {w / b:5.2f}x")
    print(f"imports over bare start: {(i - b) * 1000:.1f} ms; replay itself: {r * 1000:.1f} ms")
    print(f"target <= 500 ms whole process: {'met' if w <= 0.5 else 'NOT met'} ({w * 1000:.0f} ms)")


if __name__ == "__main__":
    main()
