"""Running fresh interpreters for whole-process figures, as an installed library runs.

An installed package has its bytecode compiled (pip does it at install time); a checkout run
with ``PYTHONDONTWRITEBYTECODE`` set compiles every module from source on every start. The
whole-process benchmarks therefore run their interpreters with bytecode caching on, in a
private cache directory, and warm that cache once before timing — for dockerlinks and for the
peer alike.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Sequence

_CACHE = tempfile.mkdtemp(prefix="dockerlinks-bench-pycache-")


def process_env() -> dict[str, str]:
    """The environment for timed interpreters: bytecode cached under a private prefix."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = _CACHE
    return env


def warm(argv: Sequence[str], cwd: str | None = None) -> None:
    """Run ``argv`` once so that every module it imports has its bytecode cached."""
    subprocess.run(list(argv), env=process_env(), cwd=cwd, capture_output=True, check=False)
