"""Print pip constraints pinning every dependency to the lowest version pyproject declares.

Reads ``[project].dependencies`` and the optional extras named on the command line (``test`` by
default) and turns each ``name>=X`` into ``name==X``, so that a run at those versions shows that
the floors in pyproject.toml are true. A requirement without a ``>=`` floor is an error: every
dependency must declare one.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

_FLOOR = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*>=\s*([^,;\s]+)")


def floors(pyproject: Path, extras: list[str]) -> list[str]:
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    requirements = list(project.get("dependencies", []))
    for extra in extras:
        requirements += project["optional-dependencies"][extra]
    pins: dict[str, str] = {}
    for requirement in requirements:
        match = _FLOOR.match(requirement)
        if match is None:
            raise SystemExit(f"floors: {requirement!r} declares no '>=' floor")
        name = re.sub(r"[-_.]+", "-", match[1]).lower()
        pins[name] = max(pins.get(name, match[2]), match[2], key=_release)
    return [f"{name}=={version}" for name, version in sorted(pins.items())]


def _release(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"[0-9]+", version))


if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent
    print("\n".join(floors(root / "pyproject.toml", sys.argv[1:] or ["test"])))
