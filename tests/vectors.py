"""Loading the upstream test vectors transcribed under ``tests/data/``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data"


def load_vectors(name: str) -> dict[str, Any]:
    """The upstream test vectors of ``tests/data/<name>.json`` (transcribed upstream cases)."""
    with (DATA / f"{name}.json").open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def cases(name: str, **match: str) -> list[dict[str, Any]]:
    """The cases of one vector file whose fields equal ``match``.

    Example: ``cases("go-connections_nat", function="ParsePortSpec")``.
    """
    return [
        case
        for case in load_vectors(name)["cases"]
        if all(case.get(key) == value for key, value in match.items())
    ]
