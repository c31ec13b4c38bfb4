"""Benchmark: ``import dockerlinks`` and ``dockerlinks --version`` against a bare interpreter.

Run as ``python benchmarks/bench_import.py [--quick]``. Each figure is the median wall time
of fresh interpreters with bytecode cached, as installed packages have it (see
``_process.py``); the interpreters take turns, so a change of the machine's load hits them
all alike. Prints, never fails on time.

- ``import dockerlinks`` and its first name (``from dockerlinks import parse_port_spec``
  loads attrs, the error family, the profiles and the ports module) beside ``import
  docker`` (docker-py, when installed): ``import dockerlinks`` loads names on first use.
- ``dockerlinks --version`` as a whole process beside ``python -c pass`` (target: at most
  1.5x): the console script installed beside this interpreter when there is one (what a user
  runs), else the code pip writes into it (pip's ``PipScriptMaker`` template:
  ``from dockerlinks.cli import main; sys.exit(main())``); and, for comparison, the template
  of older pips, which also imports ``re`` (pip replaced it to make scripts start faster).
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _process import process_env, warm

VERSION_TARGET = 1.5  # dockerlinks --version at most this many times python -c pass

#: The console script's code as pip writes it into bin/dockerlinks, with --version.
CONSOLE_SCRIPT = (
    "import sys\n"
    "from dockerlinks.cli import main\n"
    "sys.argv[0] = sys.argv[0].removesuffix('.exe')\n"
    "sys.exit(main(['--version']))\n"
)
#: The same as older pips wrote it (distlib's template), which imports ``re`` first.
OLD_CONSOLE_SCRIPT = (
    "import re, sys\n"
    "from dockerlinks.cli import main\n"
    "sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])\n"
    "sys.exit(main(['--version']))\n"
)


def installed_script() -> Path | None:
    """The ``dockerlinks`` console script installed beside this interpreter, if any."""
    script = Path(sys.executable).with_name("dockerlinks")
    return script if script.is_file() else None


def walls(codes: dict[str, str | list[str]], runs: int) -> dict[str, float]:
    """Median wall time of ``runs`` fresh interpreters running each code (or argv), taking
    turns."""
    env = process_env()
    argvs = {
        label: code if isinstance(code, list) else [sys.executable, "-c", code]
        for label, code in codes.items()
    }
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
    script = installed_script()
    codes: dict[str, str | list[str]] = {
        "bare": "pass",
        "ours": "import dockerlinks",
        "first_use": "from dockerlinks import parse_port_spec",
        "version": CONSOLE_SCRIPT if script is None else [str(script), "--version"],
        "old_version": OLD_CONSOLE_SCRIPT,
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
    how = "pip's template" if script is None else "installed script"
    print(
        f"dockerlinks --version ({how})   {version * 1e3:8.1f} ms; "
        f"python -c pass {bare * 1e3:.1f} ms; ratio {ratio:.2f}x "
        f"(target <= {VERSION_TARGET}x: {verdict})"
    )
    old = med["old_version"]
    print(
        f"  as older pips wrote the script (imports re first): {old * 1e3:.1f} ms, "
        f"{old / bare:.2f}x"
    )


if __name__ == "__main__":
    main()
