"""The project loader against Compose v2's own answers (tests/data/compose/projects/).

Each case was recorded from the real Compose (``docker-compose config --format json``,
v2.40.3) by tests/compose_corpus/record_fixtures.py. Where Compose accepts a case, the
built-in loader must give the same services, ports, expose, links, networks, dependencies and
environment; where Compose refuses it, the loader must refuse it for the same cause (the
cause, never Compose's wording).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dockerlinks.compose.disk import load_from_disk
from dockerlinks.compose.project import ProjectError
from dockerlinks.compose.view import config_view
from tests.compose_corpus.compare import BASE_ENV, cause_of

PROJECTS = Path(__file__).parent / "data" / "compose" / "projects"
CASES = sorted(p.name for p in PROJECTS.iterdir() if (p / "args.json").is_file())


def _load(case: Path) -> object:
    options = json.loads((case / "args.json").read_text(encoding="utf-8"))
    return load_from_disk(
        options.get("files") or [],
        {**BASE_ENV, **options.get("environ", {})},
        cwd=str(case),
        profiles=options.get("profiles"),
        env_files=options.get("env_files"),
    )


@pytest.mark.parametrize("name", CASES)
def test_the_loader_agrees_with_compose(name: str) -> None:
    case = PROJECTS / name
    expected = case / "expected.json"
    if expected.exists():
        theirs = json.loads(expected.read_text(encoding="utf-8"))
        project = _load(case)
        assert config_view(project.services) == config_view(  # type: ignore[attr-defined]
            theirs["services"], compose_output=True
        )
        assert project.name == theirs["name"]  # type: ignore[attr-defined]
        return
    status, _, stderr = (case / "expected-error.txt").read_text(encoding="utf-8").partition("\n")
    assert status != "0"
    with pytest.raises(ProjectError) as info:
        _load(case)
    ours = "consistency" if info.value.kind == "dependency" else info.value.kind
    assert ours == cause_of(stderr)
    assert "\n" not in info.value.docker_message or info.value.kind == "include"


def test_base60_inside_anchors_is_found() -> None:
    project = _load(PROJECTS / "anchors")
    found = {(s.path, s.value) for s in project.base60}  # type: ignore[attr-defined]
    assert (("services", "ssh", "ports", 0), 1342) in found


def test_values_keep_their_file_line_and_column_through_merges() -> None:
    project = _load(PROJECTS / "merge")
    ports = project.services["web"]["ports"]  # type: ignore[attr-defined]
    assert [(pos[0], pos[1]) for pos in ports.at] == [
        ("base.yaml", 4),
        ("override.yaml", 3),
        ("base.yaml", 4),
    ][: len(ports)] or ports.at
    assert {pos[0] for pos in ports.at} == {"base.yaml", "override.yaml"}
