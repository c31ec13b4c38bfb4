"""Benchmark: ``import dockerlinks`` against a bare interpreter and ``import docker``.

Run as ``python benchmarks/bench_import.py [--quick]``. Each figure is the median wall time
of fresh interpreters (``python -c ...``); prints, never fails on time.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time


def wall(code: str, runs: int) -> float:
    """Median wall time of ``runs`` fresh interpreters running ``code``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a few seconds, for CI")
    runs = 5 if parser.parse_args().quick else 21
    bare = wall("pass", runs)
    ours = wall("import dockerlinks", runs)
    ports = wall("import dockerlinks.ports", runs)
    peer = wall("import docker", runs)
    print(f"bare interpreter        {bare * 1e3:8.1f} ms")
    print(f"import dockerlinks      +{(ours - bare) * 1e3:7.1f} ms")
    print(f"import dockerlinks.ports +{(ports - bare) * 1e3:6.1f} ms")
    print(f"import docker           +{(peer - bare) * 1e3:7.1f} ms")
    print(f"ratio docker/dockerlinks (above bare): {(peer - bare) / max(ours - bare, 1e-9):.1f}x")


if __name__ == "__main__":
    main()
