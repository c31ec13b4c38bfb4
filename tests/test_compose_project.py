"""The project loader against Compose v2's own answers (tests/data/compose/projects/).

Each case was recorded from the real Compose (``docker-compose config --format json``,
v2.40.3) by tests/compose_corpus/record_fixtures.py. Where Compose accepts a case, the
built-in loader must give the same services, ports, expose, links, networks, dependencies and
environment; where Compose refuses it, the loader must refuse it for the same cause (the
cause, never Compose's wording).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from dockerlinks.compose.check import check
from dockerlinks.compose.disk import load_from_disk
from dockerlinks.compose.external import load_with_compose
from dockerlinks.compose.files import MemoryFiles
from dockerlinks.compose.project import Options, ProjectError, load_project
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


# ------------------------------------------------------------------ single loader rules
# Each expectation below is Compose v2.40.3's answer (``docker-compose config``) for the
# case, recorded in tests/data/compose/projects/ or, for the ad-hoc cases, run by hand and
# written beside the case.


def _memory(files: dict[str, str], **options: object) -> object:
    return load_project(
        Options(**options),  # type: ignore[arg-type]
        MemoryFiles({f"/p/{k}": v for k, v in files.items()}, cwd="/p"),
        BASE_ENV,
    )


PROFILED = (PROJECTS / "profiles" / "compose.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("profiles", "environ", "enabled"),
    [
        (("tools",), {}, ["tools", "web"]),  # projects/profiles (--profile tools)
        (None, {"COMPOSE_PROFILES": "tools"}, ["tools", "web"]),  # COMPOSE_PROFILES=tools
        (("*",), {}, ["debug", "tools", "web"]),  # --profile '*'
        (None, {}, ["web"]),  # no profile: services without profiles only
    ],
)
def test_profiles_select_services(
    profiles: tuple[str, ...] | None, environ: dict[str, str], enabled: list[str]
) -> None:
    fs = MemoryFiles({"/p/compose.yaml": PROFILED}, cwd="/p")
    project = load_project(Options(profiles=profiles), fs, {**BASE_ENV, **environ})
    assert sorted(project.services) == enabled
    assert sorted(project.disabled) == sorted({"debug", "tools", "web"} - set(enabled))


@pytest.mark.parametrize(
    ("name", "pos", "message"),
    [
        ("include-sequence", ("other.yaml", 2, 1), "top-level object must be a mapping"),
        ("include-scalar", None, "other.yaml: top-level object must be a mapping"),
    ],
)
def test_an_included_file_that_is_not_a_mapping_is_named(
    name: str, pos: tuple[str, int, int] | None, message: str
) -> None:
    # Compose's words carry no position (expected-error.txt); ours say which file: the one
    # refused is not the one the user named
    with pytest.raises(ProjectError) as info:
        _load(PROJECTS / name)
    assert (info.value.kind, info.value.pos, info.value.docker_message) == ("shape", pos, message)


@pytest.mark.parametrize(
    "name",
    ["extends-empty-base", "extends-no-services", "extends-null-services", "extends-services-list"],
)
def test_an_extends_base_without_services_is_refused_in_composes_words(name: str) -> None:
    # Compose names the base file by its absolute path where the loader shows it as given
    _, _, stderr = (
        (PROJECTS / name / "expected-error.txt").read_text(encoding="utf-8").partition("\n")
    )
    theirs = re.sub(r"\S*/base\.yaml", "base.yaml", stderr.strip())
    with pytest.raises(ProjectError) as info:
        _load(PROJECTS / name)
    assert (info.value.kind, info.value.docker_message) == (cause_of(theirs), theirs)


def test_required_false_env_file_is_skipped_and_true_is_refused() -> None:
    project = _load(PROJECTS / "required-false")
    assert dict(project.services["web"]["environment"]) == {"P": "1"}  # type: ignore[attr-defined]
    with pytest.raises(ProjectError) as info:
        _load(PROJECTS / "env-file-missing")
    assert info.value.kind == "env-file"


def test_required_variable_message_is_composes() -> None:
    case = PROJECTS / "required-missing"
    _, _, stderr = (case / "expected-error.txt").read_text(encoding="utf-8").partition("\n")
    with pytest.raises(ProjectError) as info:
        _load(case)
    assert info.value.kind == "interpolation"
    assert info.value.docker_message == stderr.strip()


def test_include_brings_services_with_their_own_env_file() -> None:
    project = _load(PROJECTS / "include")
    services = project.services  # type: ignore[attr-defined]
    assert sorted(services) == ["api", "web"]
    assert dict(services["api"]["environment"]) == {"K": "v"}


def test_extends_merges_the_base_from_another_file_first() -> None:
    project = _load(PROJECTS / "extends")
    web = config_view(project.services)["web"]  # type: ignore[attr-defined]
    assert [p["published"] for p in web["ports"]] == ["8000", "8001"]
    assert web["environment"] == {"X": "1", "Y": "2"}


def test_include_cycles_and_extends_cycles_are_refused() -> None:
    # Compose: "include cycle detected: ..." and "Circular reference: a in ... extends b ..."
    with pytest.raises(ProjectError) as info:
        _memory(
            {
                "compose.yaml": "include: [b.yaml]\nservices: {a: {image: x}}\n",
                "b.yaml": "include: [compose.yaml]\nservices: {b: {image: y}}\n",
            }
        )
    assert info.value.kind == "include"
    with pytest.raises(ProjectError) as info:
        _memory({"compose.yaml": "services:\n  a: {image: x, extends: b}\n  b: {extends: a}\n"})
    assert info.value.kind == "extends"


def test_dependency_checks_can_be_left_to_the_checker() -> None:
    text = (
        "services:\n  a: {image: x, links: [b], depends_on: [nope]}\n  b: {image: y, links: [a]}\n"
    )
    with pytest.raises(ProjectError):
        _memory({"compose.yaml": text})  # Compose: depends on undefined service "nope"
    project = _memory({"compose.yaml": text}, check_dependencies=False)
    assert sorted(project.services) == ["a", "b"]  # type: ignore[attr-defined]


def test_the_checker_sees_the_ports_compose_keeps() -> None:
    # Compose's second unicity pass (recorded: projects/port-unicity/expected.json) keeps one
    # entry for 81, 83 and 86; what is left conflicts where Docker would refuse it
    problems = check(_load(PROJECTS / "port-unicity"))  # type: ignore[arg-type]
    assert [(p.code, p.path) for p in problems] == [
        ("port-conflict", "services.b.ports[3]"),
        ("port-conflict", "services.b.ports[7]"),
    ]


def test_compose_s_output_keeps_its_profiled_services(tmp_path: Path) -> None:
    # --loader compose: Compose's output (recorded: external/profiles-config.json) holds the
    # services of the active profiles, which must all stay when the output is read again
    recorded = Path(__file__).parent / "data" / "compose" / "external" / "profiles-config.json"
    fake = tmp_path / "docker-compose"
    fake.write_text(
        "#!" + sys.executable + "\nimport json, sys\n"
        f"sys.stdout.write(json.dumps(json.load(open({str(recorded)!r}))['output']))\n",
        encoding="utf-8",
    )
    fake.chmod(0o755)
    project = load_with_compose(
        BASE_ENV, files=["profiles.yaml"], profiles=["dev", "prod"], binary=str(fake)
    )
    assert sorted(project.services) == ["a", "b", "c"]
    assert [(p.code, p.path) for p in check(project)] == [("port-conflict", "services.b.ports[0]")]
