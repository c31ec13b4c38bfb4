"""dockerlinks.migrate and ``dockerlinks migrate``: checked against Compose's recorded answers
(tests/data/migrate/, recorded by tests/data/migrate/record.py with Compose v2.40.3), the
walkthrough's recorded env listing (examples/linking.txt) and the real binary where present."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dockerlinks.cli import main
from dockerlinks.compose.yamlread import read_yaml
from dockerlinks.engine.images import parse_image_directive
from dockerlinks.errors import DockerLinksError
from dockerlinks.links import link_env
from dockerlinks.migrate import Migration, Note, dns_link_env, migrate_compose, migrate_transcript
from dockerlinks.migrate.model import apply_edits
from dockerlinks.migrate.yamltext import go_value_text

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "migrate"
CASES = sorted((DATA / "cases").glob("*.yaml"))
WALKTHROUGH = (ROOT / "examples" / "linking.txt").read_text(encoding="utf-8")


def _answer(case: Path) -> dict[str, Any]:
    path = DATA / "answers" / f"{case.stem}.json"
    answer: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return answer


def _migrate(case: Path, **options: Any) -> Migration:
    return migrate_compose(
        case.read_bytes().decode("utf-8"), project=case.stem, filename=case.name, **options
    )


# --------------------------------------------------------------- Compose's recorded answers


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_recorded_text_is_current(case: Path) -> None:
    answer = _answer(case)
    text = _migrate(case).text
    assert hashlib.sha256(text.encode()).hexdigest() == answer["migrated_sha256"], (
        "the migrated text changed: run tests/data/migrate/record.py to record Compose again"
    )


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_compose_accepts_the_migrated_file(case: Path) -> None:
    answer = _answer(case)
    assert "config" in answer["source"], answer["source"]
    assert "config" in answer["migrated"], answer["migrated"]


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_start_order_and_environment_kept(case: Path) -> None:
    before = _answer(case)["source"]["config"]["services"]
    after = _answer(case)["migrated"]["config"]["services"]
    assert sorted(before) == sorted(after)
    for name, service in before.items():
        # Compose derives depends_on from links: the migrated file says the same explicitly.
        assert after[name].get("depends_on") == service.get("depends_on"), name
        for key, value in (service.get("environment") or {}).items():
            assert after[name]["environment"][key] == value, (name, key)


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_links_become_aliases(case: Path) -> None:
    before = _answer(case)["source"]["config"]["services"]
    after = _answer(case)["migrated"]["config"]["services"]
    migration = _migrate(case)
    kept = {n.subject for n in migration.notes if n.code in ("alias-kept", "not-own-text")}
    for name, service in before.items():
        for link in service.get("links") or []:
            target, _, alias = link.partition(":")
            alias = alias or target
            if link in (after[name].get("links") or []):
                assert name in kept or any(n.code == "no-shared-network" for n in migration.notes)
                continue
            if alias == target:
                continue
            networks = after[target].get("networks") or {}
            assert any(alias in ((cfg or {}).get("aliases") or []) for cfg in networks.values())


def test_walkthrough_compose_variables_are_the_recorded_ones() -> None:
    """The bridge case's variables are the walkthrough's env listing (Docker's answer) with
    the DNS name in place of 172.17.0.8."""
    recorded = [
        line.replace("172.17.0.8", "db")
        for line in WALKTHROUGH.splitlines()
        if line.startswith("DB_") and not line.startswith("DB_NAME=")
    ]
    env = _answer(DATA / "cases" / "bridge-walkthrough.yaml")["migrated"]["config"]["services"][
        "web"
    ]["environment"]
    assert sorted(f"{k}={v}" for k, v in env.items() if k != "DB_NAME") == sorted(recorded)
    assert env["DB_NAME"] == "/bridge-walkthrough-web-1/db"


def test_no_variables_on_compose_network() -> None:
    """On Compose's own network a link gives no variables (tests/data/daemon: links-user-net#4):
    nothing is written."""
    case = DATA / "cases" / "project-network.yaml"
    env = _answer(case)["migrated"]["config"]["services"]["web"].get("environment")
    assert env is None
    assert any(n.code == "no-link-variables" for n in _migrate(case).notes)


def test_go_value_text_is_composes() -> None:
    answers = json.loads((DATA / "compose-answers.json").read_text(encoding="utf-8"))
    scalars = answers["environment_scalars"]
    for key, text in scalars["yaml"].items():
        [doc] = read_yaml(f"v: {text}\n", "x.yaml")
        assert go_value_text(doc.value["v"]) == scalars["text"][key], key


def test_depends_on_written_as_compose_derives_it() -> None:
    derived = json.loads((DATA / "compose-answers.json").read_text(encoding="utf-8"))[
        "depends_on_from_links"
    ]["cache"]
    text = migrate_compose(
        "services:\n  cache: {image: r}\n  web:\n    image: w\n    links: [cache]\n"
    ).text
    [doc] = read_yaml(text, "c.yaml")
    written = dict(doc.value["services"]["web"]["depends_on"]["cache"])
    assert {**written, "required": True} == derived


# --------------------------------------------------------------- the text is kept


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_comments_kept(case: Path) -> None:
    source = case.read_bytes().decode("utf-8")
    text = _migrate(case).text
    for line in source.splitlines():
        if "#" in line and "links" not in line and "- db" not in line:
            assert line in text.splitlines(), line


def test_crlf_kept() -> None:
    text = _migrate(DATA / "cases" / "crlf-no-final-newline.yaml").text
    assert text.count("\n") == text.count("\r\n") > 10


def test_keep_used_and_none() -> None:
    case = DATA / "cases" / "env-forms.yaml"
    used = _migrate(case, keep="used").variables
    assert used == (("web", ("DB_PORT_5432_TCP_ADDR=db", "DB_PORT_5432_TCP_PORT=5432")),)
    assert _migrate(case, keep="none").variables == ()


def test_secrets_flagged_unless_forwarded() -> None:
    case = DATA / "cases" / "env-forms.yaml"
    held = _migrate(case)
    assert "DB_ENV_DB_PASSWORD" not in held.text
    assert any(n.code == "secret-held-back" for n in held.notes)
    forwarded = _migrate(case, forward_secrets=True)
    assert "DB_ENV_DB_PASSWORD: ${DB_PASSWORD:-secret}" in forwarded.text.replace('"', "")


def test_nothing_to_migrate_is_unchanged() -> None:
    text = "services:\n  web:\n    image: x\n"
    result = migrate_compose(text)
    assert result.text == text
    assert not result.changed


# --------------------------------------------------------------- transcripts


def test_walkthrough_transcript_variables_are_the_recorded_ones() -> None:
    recorded = [
        line.replace("172.17.0.8", "db") for line in WALKTHROUGH.splitlines() if line[:3] == "DB_"
    ]
    result = migrate_transcript(WALKTHROUGH)
    assert dict(result.variables)["web2"] == tuple(recorded)
    assert "--link" not in result.text
    assert "$ docker network create appnet" in result.text
    assert "--network-alias webdb training/postgres" in result.text


def test_transcript_profile_29_sets_none() -> None:
    text = (ROOT / "examples" / "linking-v29.txt").read_text(encoding="utf-8")
    result = migrate_transcript(text)
    assert result.variables == ()
    assert any(n.code == "no-link-variables" for n in result.notes)


_UNKNOWN_IMAGE = (
    "$ docker run -d --name db --expose 5432 shop/db\n"
    "$ docker run -d --name web --link db shop/web\n"
)


def test_a_transcript_of_images_the_model_does_not_know_says_so() -> None:
    # Docker without the image refuses the run ("Unable to find image"), so the replay
    # creates nothing to migrate: the text is unchanged, and each such line is a note
    result = migrate_transcript(_UNKNOWN_IMAGE)
    assert result.text == _UNKNOWN_IMAGE
    assert [(n.line, n.subject, n.code) for n in result.notes] == [
        (1, "db", "unknown-image"),
        (2, "web", "unknown-image"),
    ]
    assert "shop/db" in result.notes[0].message


def test_a_transcript_migrates_with_the_images_it_is_given() -> None:
    images = [
        parse_image_directive("shop/db expose=5432 cmd='sleep infinity'"),
        parse_image_directive("shop/web cmd='sleep infinity'"),
    ]
    result = migrate_transcript(_UNKNOWN_IMAGE, images=images)
    assert result.notes == ()
    assert "--link" not in result.text
    assert dict(result.variables)["/web"][:2] == (
        "DB_PORT=tcp://db:5432",
        "DB_PORT_5432_TCP=tcp://db:5432",
    )


def test_a_transcript_image_directive_replaces_a_given_image() -> None:
    given = [parse_image_directive("shop/db cmd='sleep infinity'")]
    text = "# dockerlinks: image shop/db expose=5000 cmd='sleep infinity'\n" + _UNKNOWN_IMAGE
    result = migrate_transcript(text, images=[*given, parse_image_directive("shop/web cmd=true")])
    assert dict(result.variables)["/web"][0] == "DB_PORT=tcp://db:5000"


def test_a_refused_image_directive_is_a_note() -> None:
    text = "# dockerlinks: image shop/db expose=abc\n" + _UNKNOWN_IMAGE
    result = migrate_transcript(text)
    assert [(n.line, n.code) for n in result.notes] == [
        (1, "unknown-image"),
        (2, "unknown-image"),
        (3, "unknown-image"),
    ]
    assert "expose" in result.notes[0].message


def test_flags_go_before_the_double_dash_that_ends_the_options() -> None:
    text = (
        "$ docker run -d --name db training/postgres\n"
        "$ docker run --rm --link db -- training/webapp env\n"
    )
    last = migrate_transcript(text).text.splitlines()[-1]
    assert last.startswith("$ docker run --rm --network appnet -e DB_PORT=tcp://db:5432 ")
    assert last.endswith(" -- training/webapp env")


def test_transcript_example_is_current() -> None:
    example = (ROOT / "examples" / "linking-migrated.txt").read_text(encoding="utf-8")
    assert migrate_transcript(WALKTHROUGH).text == example


# --------------------------------------------------------------- properties and robustness

_port = st.tuples(st.integers(0, 65535), st.sampled_from(["tcp", "udp", "sctp"]))


@given(
    ports=st.lists(_port, max_size=6),
    env=st.lists(st.from_regex(r"[A-Z]{1,4}=[a-z0-9.]{0,4}", fullmatch=True), max_size=3),
    profile=st.sampled_from(["28.5", "27.1", "20.10", "modern", "29.7"]),
)
def test_dns_env_is_link_env_with_the_alias(
    ports: list[tuple[int, str]], env: list[str], profile: str
) -> None:
    texts = [f"{n}/{p}" for n, p in ports]
    ours = dns_link_env("/web/db", "db-alias", texts, env, profile=profile)
    docker = link_env("/web/db", "172.17.0.9", texts, env, profile=profile)
    back = [
        e if "_ENV_" in e or e.startswith("DB_NAME=") else e.replace("db-alias", "172.17.0.9")
        for e in ours
    ]
    assert back == docker


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200))
def test_any_text_gives_a_migration_or_a_library_error(text: str) -> None:
    for run in (migrate_compose, migrate_transcript):
        try:
            result = run(text)
        except DockerLinksError:
            continue
        assert isinstance(result, Migration)


@pytest.mark.parametrize(
    "call",
    [
        lambda: migrate_compose(b"services: {}"),  # type: ignore[arg-type]
        lambda: migrate_compose("services: {}", keep="some"),  # type: ignore[arg-type]
        lambda: migrate_compose("services: {}", forward_secrets=1),  # type: ignore[arg-type]
        lambda: migrate_compose("a: 1\n---\nb: 2\n"),
        lambda: migrate_compose("services: [\n"),
        lambda: migrate_compose("services: {}", profile="1.0"),
        lambda: migrate_transcript("$ docker ps\n", network="a b"),
        lambda: migrate_transcript("$ docker ps\n", images=["redis"]),  # type: ignore[list-item]
        lambda: migrate_transcript("$ docker ps\n", images=None),  # type: ignore[arg-type]
        lambda: migrate_transcript("$ docker ps\n", images=parse_image_directive("x")),  # type: ignore[arg-type]
        lambda: migrate_compose("services: {}", images=None),  # type: ignore[arg-type]
        lambda: migrate_compose("services: {}", images=5),  # type: ignore[arg-type]
        lambda: Note(-1, "", "alias-kept", "x"),
        lambda: Note(1, "", "nonsense", "x"),
        lambda: apply_edits("abc", [(0, 2, ""), (1, 3, "")]),
    ],
)
def test_bad_arguments_are_library_errors(call: Any) -> None:
    with pytest.raises(DockerLinksError):
        call()


def test_linear_time() -> None:
    def text(count: int) -> str:
        parts = ["services:\n"]
        for i in range(count):
            parts.append(
                f"  db{i}:\n    image: training/postgres\n    network_mode: bridge\n"
                f"  web{i}:\n    image: w\n    network_mode: bridge\n    links: [db{i}:d{i}]\n"
            )
        return "".join(parts)

    start = time.perf_counter()
    migrate_compose(text(100))
    small = time.perf_counter() - start
    start = time.perf_counter()
    migrate_compose(text(1000))
    large = time.perf_counter() - start
    assert large < max(small, 0.05) * 40


# --------------------------------------------------------------- the command


def test_cli_stdout_report_and_dry_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = DATA / "cases" / "env-forms.yaml"
    target = tmp_path / "env-forms.yaml"
    target.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["migrate", str(target), "--dry-run"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith(f"--- {target}\n+++ {target} (migrated)\n")
    assert "secret-held-back" in err
    out_file = tmp_path / "out.yaml"
    assert main(["migrate", str(target), "-o", str(out_file)]) == 0
    assert "DB_PORT_5432_TCP_ADDR: db" in out_file.read_text(encoding="utf-8")
    assert "/tmp" not in out_file.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("content", "args"),
    [
        (b"services: [\n", []),
        (b"\xff\xfe", []),
        (b"services: {}\n", ["--keep", "bogus"]),
        (b"services: {}\n", ["--profile", "1.0"]),
    ],
)
def test_cli_errors_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, args: list[str]
) -> None:
    path = tmp_path / "c.yaml"
    path.write_bytes(content)
    assert main(["migrate", str(path), *args]) == 2
    _, err = capsys.readouterr()
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_cli_transcript(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "session.txt"
    path.write_text(WALKTHROUGH, encoding="utf-8")
    assert main(["migrate", str(path), "--keep", "none"]) == 0
    out, _ = capsys.readouterr()
    assert "-e DB_" not in out
    assert "--network-alias webdb" in out


COMPOSE = os.environ.get("DOCKERLINKS_COMPOSE") or shutil.which("docker-compose")


@pytest.mark.skipif(COMPOSE is None, reason="no Compose v2 binary")
@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_real_compose_accepts(case: Path, tmp_path: Path) -> None:
    path = tmp_path / "compose.yaml"
    path.write_text(_migrate(case).text, encoding="utf-8")
    result = subprocess.run(
        [str(COMPOSE), "-p", case.stem, "-f", str(path), "config", "--format", "json"],
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "HOME": "/nonexistent"},
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == _answer(case)["migrated"]["config"]
