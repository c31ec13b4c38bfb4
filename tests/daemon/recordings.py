"""Loading the real-daemon recordings under ``tests/data/daemon/`` (no daemon needed).

Layout: ``tests/data/daemon/RELEASE/cli-CLI/seed-NNN.json``, one recorded session per file
(see ``tests/data/daemon/README.md``)::

    >>> recs = load("20.10", "20.10")
    >>> recs[0].source["daemon_version"].startswith("20.10"), recs[0].steps[0].argv[0]
    (True, 'run')
    >>> load("20.10", "cli-28.2")[0].seed == recs[0].seed
    True
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

__all__ = ["DATA", "Recording", "Step", "available", "load"]

#: Where the recordings live.
DATA = Path(__file__).resolve().parents[1] / "data" / "daemon"


@attrs.frozen
class Step:
    """One recorded command: argv (without ``docker``), input, raw outputs, exit status."""

    argv: tuple[str, ...]
    line: str
    stdout: str
    stderr: str
    exit: int
    stdin: str | None = None
    scene: str = ""


@attrs.frozen
class Recording:
    """One recorded session (one JSON file)."""

    path: Path
    release: str
    cli: str
    source: Mapping[str, Any]
    images: tuple[str, ...]
    steps: tuple[Step, ...]

    @property
    def seed(self) -> int:
        """The generator seed of the session."""
        return int(self.source["seed"])

    @property
    def topic(self) -> str:
        """The session's topic (its first scene)."""
        return str(self.source["topic"])


def _cli_dir(cli: str) -> str:
    return cli if cli.startswith("cli-") else f"cli-{cli}"


def available() -> list[tuple[str, str]]:
    """The ``(release, cli)`` pairs present, e.g. ``[("20.10", "20.10"), ("20.10", "28.2")]``."""
    pairs: list[tuple[str, str]] = []
    if DATA.is_dir():
        for release in sorted(p for p in DATA.iterdir() if p.is_dir()):
            for cli in sorted(p for p in release.iterdir() if p.is_dir()):
                if cli.name.startswith("cli-"):
                    pairs.append((release.name, cli.name.removeprefix("cli-")))
    return pairs


def _step(raw: Mapping[str, Any]) -> Step:
    return Step(
        argv=tuple(str(a) for a in raw["argv"]),
        line=str(raw["line"]),
        stdout=str(raw["stdout"]),
        stderr=str(raw["stderr"]),
        exit=int(raw["exit"]),
        stdin=None if raw.get("stdin") is None else str(raw["stdin"]),
        scene=str(raw.get("scene", "")),
    )


def load_file(path: Path, release: str = "", cli: str = "") -> Recording:
    """One recording file."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    return Recording(
        path=path,
        release=release or path.parent.parent.name,
        cli=cli or path.parent.name.removeprefix("cli-"),
        source=doc["source"],
        images=tuple(str(line) for line in doc["images"]),
        steps=tuple(_step(raw) for raw in doc["steps"]),
    )


def load(release: str, cli: str) -> list[Recording]:
    """Every recording of a daemon release made with one CLI (``"28.2"`` or ``"cli-28.2"``),
    in seed order. Raises ``FileNotFoundError`` if there are none."""
    folder = DATA / release / _cli_dir(cli)
    files = sorted(folder.glob("*.json"))
    if not files:
        raise FileNotFoundError(f"no recordings in {folder}")
    recs = [load_file(f, release, _cli_dir(cli).removeprefix("cli-")) for f in files]
    return sorted(recs, key=lambda r: r.seed)
