"""Benchmark: ``import dockerlinks`` against a bare interpreter and ``import docker``.

Run as ``python benchmarks/bench_import.py [--quick]``. Each figure is the median wall time
of fresh interpreters (``python -c ...``) with bytecode cached, as installed packages have it
(see ``_process.py``); prints, never fails on time. ``import dockerlinks`` loads names on
first use, so the figure that matters for a program is the one of its first name
(``from dockerlinks import parse_port_spec`` loads attrs, the error family, the profiles and
the ports module).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

from _process import process_env, warm


def wall(code: str, runs: int) -> float:
    """Median wall time of ``runs`` fresh interpreters running ``code``."""
    argv = [sys.executable, "-c", code]
    warm(argv)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, env=process_env())
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a few seconds, for CI")
    runs = 5 if parser.parse_args().quick else 21
    bare = wall("pass", runs)
    ours = wall("import dockerlinks", runs)
    first_use = wall("from dockerlinks import parse_port_spec", runs)
    peer = wall("import docker", runs)
    print(f"bare interpreter                          {bare * 1e3:8.1f} ms")
    print(f"import dockerlinks                        +{(ours - bare) * 1e3:7.1f} ms")
    print(f"from dockerlinks import parse_port_spec   +{(first_use - bare) * 1e3:7.1f} ms")
    print(f"import docker                             +{(peer - bare) * 1e3:7.1f} ms")
    floor = 1e-3  # differences below a millisecond are noise
    print(
        "ratio docker / dockerlinks (above bare): "
        f"{(peer - bare) / max(ours - bare, floor):.0f}x for import dockerlinks, "
        f"{(peer - bare) / max(first_use - bare, floor):.1f}x for parse_port_spec"
    )


if __name__ == "__main__":
    main()
