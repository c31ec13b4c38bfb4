"""Benchmark: ``import dockerlinks`` and ``dockerlinks --version`` against a bare interpreter.

Run as ``python benchmarks/bench_import.py [--quick]``. Each figure is the median wall time
of fresh interpreters with bytecode cached, as installed packages have it (see
``_process.py``); the interpreters take turns, so a change of the machine's load hits them
all alike. Prints, never fails on time.

- ``import dockerlinks`` and its first name (``from dockerlinks import parse_port_spec``
  loads attrs, the error family, the profiles and the ports module) beside ``import
  docker`` (docker-py, when installed): ``import dockerlinks`` loads names on first use.
- ``dockerlinks --version`` as a whole process, run the way the console script runs it
  (``from dockerlinks.cli import main; sys.exit(main())``), beside ``python -c pass``
  (target: at most 1.5x).
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import time

from _process import process_env, warm

VERSION_TARGET = 1.5  # dockerlinks --version at most this many times python -c pass

#: The console script's own code (what pip writes into bin/dockerlinks), with --version.
CONSOLE_SCRIPT = (
    "import re, sys\n"
    "from dockerlinks.cli import main\n"
    "sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])\n"
    "sys.exit(main(['--version']))\n"
)


def walls(codes: dict[str, str], runs: int) -> dict[str, float]:
    """Median wall time of ``runs`` fresh interpreters running each code, taking turns."""
    env = process_env()
    argvs = {label: [sys.executable, "-c", code] for label, code in codes.items()}
    for argv in argvs.values():
        warm(argv)
    times: dict[str, list[float]] = {label: [] for label in argvs}
    for _ in range(runs):
        for label, argv in argvs.items():
            start = time.perf_counter()
            subprocess.run(argv, check=True, env=env, capture_output=True)
            times[label].append(time.perf_counter() - start)
    return {label: statistics.median(values) for label, values in times.items()}


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a few seconds, for CI")
    runs = 7 if parser.parse_args().quick else 21
    codes = {
        "bare": "pass",
        "ours": "import dockerlinks",
        "first_use": "from dockerlinks import parse_port_spec",
        "version": CONSOLE_SCRIPT,
    }
    has_docker = importlib.util.find_spec("docker") is not None
    if has_docker:
        codes["peer"] = "import docker"
    med = walls(codes, runs)
    bare, ours, first_use, version = med["bare"], med["ours"], med["first_use"], med["version"]
    print(f"runs: {runs} per figure (median)")
    print(f"bare interpreter (python -c pass)         {bare * 1e3:8.1f} ms")
    print(f"import dockerlinks                        +{(ours - bare) * 1e3:7.1f} ms")
    print(f"from dockerlinks import parse_port_spec   +{(first_use - bare) * 1e3:7.1f} ms")
    floor = 1e-3  # differences below a millisecond are noise
    if has_docker:
        peer = med["peer"]
        print(f"import docker                             +{(peer - bare) * 1e3:7.1f} ms")
        print(
            "ratio docker / dockerlinks (above bare): "
            f"{(peer - bare) / max(ours - bare, floor):.0f}x for import dockerlinks, "
            f"{(peer - bare) / max(first_use - bare, floor):.1f}x for parse_port_spec"
        )
    ratio = version / bare
    verdict = "met" if ratio <= VERSION_TARGET else "NOT met"
    print(
        f"dockerlinks --version (console script)    {version * 1e3:8.1f} ms; "
        f"python -c pass {bare * 1e3:.1f} ms; ratio {ratio:.2f}x "
        f"(target <= {VERSION_TARGET}x: {verdict})"
    )


if __name__ == "__main__":
    main()
