"""Record Compose v2's answer for every project of tests/data/compose/projects/.

Each ``<case>/args.json`` gives the options (``files``, ``profiles``, ``env_files``,
``environ``); the script runs ``COMPOSE config --format json`` in the case's directory with
exactly that environment and writes ``expected.json`` (Compose's output) or
``expected-error.txt`` (its exit status, then its stderr). Usage::

    python -m tests.compose_corpus.record_fixtures path/to/docker-compose

Importing this module runs nothing.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

__all__ = ["PROJECTS", "command", "main", "record"]

PROJECTS = Path(__file__).parent.parent / "data" / "compose" / "projects"
BASE_ENV = {"PATH": "/usr/bin:/bin", "HOME": "/nonexistent"}


def command(binary: str, options: dict[str, object]) -> list[str]:
    """The Compose command line of one case."""
    out = [binary]
    for name in options.get("files") or []:  # type: ignore[attr-defined]
        out += ["-f", str(name)]
    for name in options.get("profiles") or []:  # type: ignore[attr-defined]
        out += ["--profile", str(name)]
    for name in options.get("env_files") or []:  # type: ignore[attr-defined]
        out += ["--env-file", str(name)]
    return [*out, "config", "--format", "json"]


def record(binary: str, case: Path) -> None:
    """Run Compose on one case and write what it answered."""
    options = json.loads((case / "args.json").read_text(encoding="utf-8"))
    env = {**BASE_ENV, **options.get("environ", {})}
    result = subprocess.run(
        command(binary, options), cwd=case, env=env, capture_output=True, text=True, check=False
    )
    for stale in ("expected.json", "expected-error.txt"):
        (case / stale).unlink(missing_ok=True)
    if result.returncode == 0:
        data = json.loads(result.stdout)
        (case / "expected.json").write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    else:
        (case / "expected-error.txt").write_text(
            f"{result.returncode}\n{result.stderr}", encoding="utf-8"
        )


def main(argv: Sequence[str] | None = None) -> int:
    """Record every case."""
    args = list(sys.argv[1:] if argv is None else argv)
    for case in sorted(p for p in PROJECTS.iterdir() if (p / "args.json").is_file()):
        record(args[0], case)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
