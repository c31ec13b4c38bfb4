"""``dockerlinks check`` and ``dockerlinks render``: exit codes and output.

``check FILE`` loads the project as Compose v2 loads it; where a case is about what Compose
accepts or refuses, the expectation is Compose v2.40.3's own answer (``docker-compose config``,
noted beside the case).
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dockerlinks.cli import main

DATA = Path(__file__).parent / "data" / "compose"


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    shutil.copy(DATA / "clean.yaml", tmp_path / "compose.yaml")
    shutil.copy(DATA / "web.env", tmp_path / "web.env")
    return tmp_path / "compose.yaml"


def write(tmp_path: Path, text: str, name: str = "compose.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_clean_file_exits_0(clean: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(clean)]) == 0
    out, err = capsys.readouterr()
    assert out == f"{clean}: no problems\n"
    assert err == ""


def test_file_is_loaded_as_with_f(clean: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(clean), "--format", "json"]) == 0
    alone = capsys.readouterr().out
    assert main(["check", "-f", str(clean), "--format", "json"]) == 0
    assert capsys.readouterr().out == alone


def test_missing_env_file_is_refused_as_compose_refuses_it(
    clean: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Compose: "env file .../web.env not found: stat ...: no such file or directory", exit 1
    (clean.parent / "web.env").unlink()
    assert main(["check", str(clean)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "env file" in err
    assert "web.env not found" in err


PLANTED_LOADED = [
    (10, "yaml-sexagesimal", "services.ssh.ports[0]"),
    (11, "invalid-port", "services.ssh.ports[1]"),
    (12, "portability", "services.ssh.ports[2]"),
    (18, "invalid-name", "services.web.hostname"),
    (22, "env-too-large", "services.web.links"),
    (22, "secret-exposed-via-link", "services.web.links[0]"),
    (23, "secret-exposed-via-link", "services.web.links[1]"),
    (24, "env-prefix-collision", "services.web.links[2]"),
    (25, "invalid-link", "services.web.links[3]"),
    (26, "unknown-link-target", "services.web.links[4]"),
    (29, "duplicate-container-name", "services.api.container_name"),
    (31, "port-conflict", "services.api.ports[0]"),
    (32, "link-cycle", "services.api.links[0]"),
    (47, "ports-with-shared-network", "services.side.ports"),
    (51, "ports-with-host-network", "services.hostnet.ports"),
    (55, "scale-container-name", "services.scaled.container_name"),
    (56, "scale-fixed-port", "services.scaled.ports[0]"),
    (59, "link-alias-clash", "services.mail.links[0]"),
    (34, "unresolved-variable", "services.worker.image"),
]


def _planted_project(folder: Path) -> Path:
    """planted.yaml with its one shape error (``expose: "22"``, which Compose refuses when it
    validates the file, so that the project loader stops there) made a comment, beside its
    env files (the other lines keep their numbers)."""
    for source in DATA.iterdir():
        if source.is_file():
            shutil.copy(source, folder / source.name)
    text = (DATA / "planted.yaml").read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    kept = ["    # expose: a string\n" if 'expose: "22"' in line else line for line in lines]
    assert kept != lines
    (folder / "planted.yaml").write_text("".join(kept), encoding="utf-8")
    return folder / "planted.yaml"


def test_planted_file_is_refused_as_compose_refuses_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Compose v2.40.3: "validating planted.yaml: services.ssh.expose must be a array", exit 1
    monkeypatch.chdir(DATA)
    assert main(["check", "planted.yaml"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.rstrip().endswith("services.ssh.expose must be a array")


def test_planted_file_loaded_as_compose_loads_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("PLANTED_UNSET_TAG", raising=False)
    _planted_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    planted = "planted.yaml"  # files are shown relative to the working directory
    assert main(["check", planted, "--format", "json"]) == 1
    problems = json.loads(capsys.readouterr().out)["problems"]
    assert [(p["line"], p["code"], p["path"]) for p in problems] == PLANTED_LOADED
    assert {p["file"] for p in problems} == {planted}
    assert main(["check", planted]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"{planted}:10:9: error[yaml-sexagesimal]: services.ssh.ports[0]:")
    assert lines[-2] == ""
    assert lines[-1] == f"{planted}: 12 errors, 6 warnings, 1 info"


def test_json_output_shape(clean: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(clean.parent, "services:\n  web:\n    image: x\n    ports: ['0080:80']\n")
    assert main(["check", path, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["problems"]
    [problem] = data["problems"]
    assert list(problem) == ["code", "severity", "path", "message", "file", "line", "column"]
    assert (problem["code"], problem["line"], problem["column"]) == ("portability", 4, 13)


def test_json_clean(clean: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--json", str(clean)]) == 0
    assert json.loads(capsys.readouterr().out) == {"problems": []}


def test_warnings_pass_unless_strict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "services:\n  web:\n    image: x\n    ports: ['0080:80']\n")
    assert main(["check", path]) == 0
    assert "warning[portability]" in capsys.readouterr().out
    assert main(["check", path, "--strict"]) == 1


TWO_BINDINGS = (
    "services:\n  a:\n    image: x\n    ports: ['8080:80']\n"
    "  b:\n    image: y\n    ports: ['127.0.0.1:8080:80']\n"
)


@pytest.mark.parametrize(
    ("options", "status"),
    [
        ([], 1),
        (["--docker-profile", "modern"], 1),
        (["--docker-profile", "28.3"], 1),  # 0.0.0.0 overlaps 127.0.0.1 from v28.3
        (["--docker-profile", "28.2"], 0),
        (["--docker-profile", "classic"], 0),
    ],
)
def test_docker_profile_changes_the_answer(
    tmp_path: Path, options: list[str], status: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", write(tmp_path, TWO_BINDINGS), *options]) == status
    assert capsys.readouterr().err == ""


def test_profile_classic_is_a_deprecated_docker_profile(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", write(tmp_path, TWO_BINDINGS), "--profile", "classic"]) == 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "use --docker-profile classic" in err


def test_unknown_docker_profile_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", write(tmp_path, TWO_BINDINGS), "--docker-profile", "future"]) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith("dockerlinks: error: unknown profile: 'future'")
    assert captured.err.count("\n") == 1


# (text, Compose v2.40.3's answer, a word of ours that says the same)
UNUSABLE = [
    ("- a\n", "yaml: unmarshal errors: cannot unmarshal !!seq", "must be a mapping"),
    ("version: '3'\n", "empty compose file", "empty compose file"),
    ("services: [a]\n", "services must be a mapping", "services must be a mapping"),
    ("services: {\n", "yaml: line 1: did not find expected node content", "cannot parse"),
    ("", "empty compose file", "empty compose file"),
    (
        "services:\n  web:\n    ports: ['0080:80']\n",
        'service "web" has neither an image nor a build context specified',
        'service "web" has neither an image nor a build context specified',
    ),
]


@pytest.mark.parametrize("command", ["check", "render"])
@pytest.mark.parametrize("case", UNUSABLE, ids=[str(n) for n in range(len(UNUSABLE))])
def test_unusable_file_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, case: tuple[str, str, str]
) -> None:
    text, _, message = case  # Compose's wording is for the reader: ours alone is pinned
    assert main([command, write(tmp_path, text)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("dockerlinks: error: ")
    assert message in err


def test_unreadable_files_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path / "missing.yaml")]) == 2
    assert "missing.yaml" in capsys.readouterr().err
    assert main(["check", str(tmp_path)]) == 2
    capsys.readouterr()
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"services: {}\n\xff\xfe")
    assert main(["check", str(binary)]) == 2
    assert "not UTF-8" in capsys.readouterr().err


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "x.yaml", "--bogus"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err


def test_json_file_and_stdin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Compose reads JSON as YAML; its answer for this file: 'service "web" depends on
    # undefined service "db"' (the checker reports it at the link).
    path = write(tmp_path, '{"services": {"web": {"image": "x", "links": ["db"]}}}', "c.json")
    assert main(["check", path]) == 1
    assert f"{path}:1:47: error[unknown-link-target]" in capsys.readouterr().out
    monkeypatch.chdir(tmp_path)
    stdin = io.TextIOWrapper(io.BytesIO(b"services:\n  web: {image: x}\n"))
    monkeypatch.setattr(sys, "stdin", stdin)
    assert main(["check", "-"]) == 0
    assert capsys.readouterr().out == "-: no problems\n"


def test_stdin_project_is_named_after_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Compose: "-f -" reads stdin; the project directory (and so the name) is the cwd.
    folder = tmp_path / "My_Shop"
    folder.mkdir()
    monkeypatch.chdir(folder)
    text = b"services:\n  db: {image: d, network_mode: bridge}\n"
    text += b"  web: {image: w, network_mode: bridge, links: [db]}\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text)))
    assert main(["render", "-", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["services"]["web"]["links"] == ["/my_shop-db-1:/my_shop-web-1/db"]


LINKED = (
    "services:\n  db: {image: d, network_mode: bridge}\n"
    "  web: {image: w, network_mode: bridge, links: [db]}\n"
)


def test_project_name_defaults_to_the_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "My_Shop"
    folder.mkdir()
    path = write(folder, LINKED)
    assert main(["render", path, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["services"]["web"]["links"] == ["/my_shop-db-1:/my_shop-web-1/db"]
    assert main(["render", path, "--json", "--project-name", "p"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["services"]["web"]["container_name"] == "p-web-1"


# --------------------------------------------------------------------------- render


def test_render_text(clean: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(clean)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("start order: db, cache, search, web, worker\n")
    assert "web: container shop-web-1, hostname web, ip 172.17.0.5" in out
    assert "    80/tcp -> 0.0.0.0:8080, [::]:8080" in out
    assert "    /shop-db-1:/shop-web-1/db" in out
    assert "    DB_NAME=/shop-web-1/db" in out
    assert "    5432/tcp (exposed, not published)" in out


def test_render_one_service_json(clean: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(clean), "--service", "worker", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data["services"]) == ["worker"]
    assert data["services"]["worker"]["ports"]["8000/tcp"][0] == {
        "HostIp": "0.0.0.0",
        "HostPort": "8000",
    }


def test_render_unknown_service_exits_2(clean: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(clean), "--service", "nope"]) == 2
    assert capsys.readouterr().err == f"dockerlinks: error: no service nope in {clean}\n"


def test_render_with_errors_exits_1(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("PLANTED_UNSET_TAG", raising=False)
    assert main(["render", str(_planted_project(tmp_path))]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "error[link-cycle]" in err
    assert (
        err.splitlines()[-1]
        == "dockerlinks: error: cannot render: the file has 12 errors; run check"
    )


# --------------------------------------------------------------------------- every exit path


def test_env_files_read_once_and_odd_entries_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "db.env").write_text("export DB_PASSWORD=x\n", encoding="utf-8")
    text = (
        "services:\n"
        "  db:\n    image: d\n    network_mode: bridge\n"
        "    env_file: [db.env, {path: db.env}]\n"
        "  cache:\n    image: c\n    network_mode: bridge\n    env_file: db.env\n"
        "  web:\n    image: w\n    network_mode: bridge\n    links: [db, cache]\n"
    )
    path = write(tmp_path, text)
    assert main(["check", path]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"{path}:13:13: warning[secret-exposed-via-link]: services.web.links[0]: DB_PASSWORD "
        "of service db reaches web as DB_ENV_DB_PASSWORD: a link copies every variable of the "
        "linked container into the recipient's environment",
        f"{path}:13:17: warning[secret-exposed-via-link]: services.web.links[1]: DB_PASSWORD "
        "of service cache reaches web as CACHE_ENV_DB_PASSWORD: a link copies every variable "
        "of the linked container into the recipient's environment",
        "",
        f"{path}: 0 errors, 2 warnings",
    ]
    write(tmp_path, text + "  odd:\n    image: o\n    env_file: 3\n")
    assert main(["check", path]) == 2
    # Compose v2.40.3: "services.odd.env_file must be a string"
    assert "services.odd.env_file must be a string" in capsys.readouterr().err


def test_strict_json_with_warnings_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "services:\n  web:\n    image: x\n    ports: ['0080:80']\n")
    assert main(["check", path, "--json", "--strict"]) == 1
    problems = json.loads(capsys.readouterr().out)["problems"]
    assert [(p["code"], p["severity"], p["path"]) for p in problems] == [
        ("portability", "warning", "services.web.ports[0]")
    ]


@pytest.mark.parametrize("command", ["check", "render"])
def test_invalid_project_name_exits_2(
    clean: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    # Compose: "invalid project name "My Shop": must consist only of lowercase ..."
    assert main([command, str(clean), "--project-name", "My Shop"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    assert "'My Shop' is not a valid project name" in err


def test_project_name_from_the_file_is_normalised(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Compose refuses an explicit name that is not normalised already ...
    path = write(tmp_path, "name: My Shop\n" + LINKED)
    assert main(["render", path, "--json"]) == 2
    assert "is not a valid project name" in capsys.readouterr().err
    # ... and takes a lower-case one as it is.
    write(tmp_path, "name: myshop\n" + LINKED)
    assert main(["render", path, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["services"]["web"]["links"] == ["/myshop-db-1:/myshop-web-1/db"]


@pytest.mark.parametrize(
    "argv",
    [
        ["render", "x.yaml", "--docker-profile", "future"],
        ["render", "x.yaml", "--bogus"],
        ["check", "x.yaml", "--bogus"],
        ["check", "x.yaml", "--docker-profile", "future"],
    ],
    ids=["render-profile", "render-option", "check-option", "check-profile"],
)
def test_usage_errors_are_one_line(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("dockerlinks")
    assert "Traceback" not in err


def test_no_file_and_no_compose_yaml_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for command in ("check", "render"):
        assert main([command]) == 2
        err = capsys.readouterr().err
        assert err == "dockerlinks: error: no configuration file provided: not found\n"


def test_render_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(tmp_path / "missing.yaml")]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("dockerlinks: error: ")
    assert err.count("\n") == 1


def test_render_one_service_text(clean: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(clean), "--service", "db"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("start order: db, cache, search, web, worker\n\ndb: container shop-db-1")
    assert "web: container" not in out


def test_render_warnings_do_not_stop_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "services:\n  web:\n    image: x\n    ports: ['0080:80']\n")
    assert main(["render", path, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["services"]["web"]["ports"]["80/tcp"][0] == {"HostIp": "0.0.0.0", "HostPort": "80"}


# ------------------------------------------------------------------ projects (-f)

PROJECT = (
    "services:\n"
    "  db:\n"
    "    image: pg\n"
    "    environment: {DB_PASSWORD: x}\n"
    "  web:\n"
    "    image: app\n"
    "    ports: ['${PORT:-8080}:80']\n"
    "    links: [db]\n"
    "    network_mode: bridge\n"
    "  side:\n"
    "    image: s\n"
    "    network_mode: 'service:web'\n"
    "    ports: ['81:81']\n"
)


def test_project_lines_carry_file_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, PROJECT)
    assert main(["check", "-f", "compose.yaml"]) == 1
    out = capsys.readouterr().out
    assert "compose.yaml:13:12: error[ports-with-shared-network]: services.side.ports:" in out
    assert "compose.yaml:8:13: warning[secret-exposed-via-link]: services.web.links[0]:" in out


@pytest.mark.parametrize("form", ["json", "github", "sarif"])
def test_project_machine_forms(
    form: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, PROJECT)
    assert main(["check", "-f", "compose.yaml", "--format", form]) == 1
    out = capsys.readouterr().out
    if form == "github":
        assert "::error file=compose.yaml,line=13,col=12,title=ports-with-shared-network::" in out
        return
    data = json.loads(out)
    if form == "json":
        assert {p["code"] for p in data["problems"]} >= {"ports-with-shared-network"}
        return
    assert data["version"] == "2.1.0"
    result = data["runs"][0]["results"][0]
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] > 0


def test_user_defined_network_sets_no_link_variables(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, PROJECT.replace("    network_mode: bridge\n", ""))
    main(["check", "-f", "compose.yaml"])
    assert "secret-exposed-via-link" not in capsys.readouterr().out


def test_unreadable_project_gives_a_json_error_object(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["check", "-f", "missing.yaml", "--json"]) == 2
    captured = capsys.readouterr()
    assert list(json.loads(captured.out)) == ["error"]
    assert captured.err.count("\n") == 1


def test_devices_are_refused_not_read(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "/dev/zero"]) == 2
    assert "not a regular file" in capsys.readouterr().err
    assert main(["check", "-f", "/dev/zero"]) == 2


def test_env_files_stay_inside_the_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = tmp_path / "secret.env"
    outside.write_text("TOKEN=hunter2\n", encoding="utf-8")
    project = tmp_path / "p"
    project.mkdir()
    monkeypatch.chdir(project)
    write(project, "services:\n  web:\n    image: a\n    env_file: ../secret.env\n")
    assert main(["check", "-f", "compose.yaml"]) == 2
    err = capsys.readouterr().err
    assert "outside the project directory" in err
    assert "hunter2" not in err
    assert main(["check", "-f", "compose.yaml", "--allow-outside-env-files"]) == 0


def test_render_masks_forwarded_secrets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, PROJECT.replace("    network_mode: 'service:web'\n    ports: ['81:81']\n", ""))
    assert main(["render", "-f", "compose.yaml", "--mask-secrets"]) == 0
    out = capsys.readouterr().out
    assert "DB_ENV_DB_PASSWORD=********" in out
    assert "=x" not in out


# ------------------------------------------------------------------ issue 10, re-checked


def test_duplicate_keys_are_refused_as_compose_refuses_them(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Compose: "failed to parse .../compose.yaml: line 4: mapping key "image" already
    # defined at line 3" (tests/data/compose/projects/duplicate-key/expected-error.txt)
    case = DATA / "projects" / "duplicate-key"
    assert main(["check", str(case / "compose.yaml")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert 'line 4: mapping key "image" already defined at line 3' in err


def test_base60_ports_through_anchors_are_reported_at_the_anchor(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Compose (YAML 1.2) reads the aliased 22:22 as text; YAML 1.1 as 1342.
    monkeypatch.chdir(DATA / "projects" / "anchors")
    assert main(["check", "compose.yaml"]) == 1
    out = capsys.readouterr().out
    assert out.startswith(
        "compose.yaml:2:5: error[yaml-sexagesimal]: services.ssh.ports[0]: unquoted 22:22"
    )


def test_render_into_a_reader_that_stops_early_ends_quietly(tmp_path: Path) -> None:
    # `render FILE | head -1`: no "Broken pipe", no traceback, the status of a closed pipe.
    text = (
        "services:\n  db: {image: d, network_mode: bridge, expose: ['1-20000']}\n"
        "  web: {image: w, network_mode: bridge, links: [db]}\n"
    )
    path = write(tmp_path, text)
    command = [sys.executable, "-m", "dockerlinks", "render", path]
    root = Path(__file__).parent.parent
    pipes = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    with subprocess.Popen(command, cwd=root, **pipes) as process:  # type: ignore[call-overload]
        assert process.stdout is not None
        assert process.stderr is not None
        assert process.stdout.readline().startswith(b"start order: db, web")
        process.stdout.close()
        err = process.stderr.read()
        status = process.wait(timeout=60)
    assert err == b""
    assert status == 141


def test_a_literal_dollar_in_a_loaded_project_is_checked_as_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # "$$" is a literal "$" once Compose has interpolated; Compose refuses this file too
    # ("services.web.container_name 'a$b' does not match pattern ...").
    text = "services:\n  web:\n    image: x\n    ports: ['$$P:80']\n    container_name: a$$b\n"
    path = write(tmp_path, text)
    assert main(["check", path]) == 1
    out = capsys.readouterr().out
    assert f"{path}:4:13: error[invalid-port]: services.web.ports[0]: invalid hostPort: $P" in out
    assert "error[invalid-name]: services.web.container_name: Invalid container name (a$b)" in out


INJECTED = """services:
  db:
    image: x
    network_mode: bridge
    expose: ["5432"]
    environment:
      X: "a\\nDB_PORT_5432_TCP_ADDR=6.6.6.6\\x1b[31m"
  web:
    image: y
    network_mode: bridge
    links: [db]
"""


def test_render_text_writes_control_characters_as_escapes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a value holding a newline would forge a line of the human form (the JSON keeps it)
    assert main(["render", write(tmp_path, INJECTED)]) == 0
    out = capsys.readouterr().out
    assert "    DB_ENV_X=a\\nDB_PORT_5432_TCP_ADDR=6.6.6.6\\x1b[31m\n" in out
    assert "\x1b" not in out
    assert not any(line.startswith("DB_PORT_5432_TCP_ADDR") for line in out.splitlines())
    assert main(["render", write(tmp_path, INJECTED), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    web = document["services"]["web"]
    assert "DB_ENV_X=a\nDB_PORT_5432_TCP_ADDR=6.6.6.6\x1b[31m" in web["link_env"]


def test_the_summary_line_escapes_the_file_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "a\x1b[31m"
    folder.mkdir()
    path = write(folder, "services:\n  a:\n    image: x\n")
    assert main(["check", path]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out
    assert out.endswith("a\\x1b[31m/compose.yaml: no problems\n")


def test_a_render_past_the_models_limit_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    links = ", ".join(f"'db:a{i}'" for i in range(10))
    text = (
        "services:\n  db: {image: x, network_mode: bridge, expose: ['1-65535']}\n"
        f"  web: {{image: y, network_mode: bridge, links: [{links}]}}\n"
    )
    assert main(["render", write(tmp_path, text)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "the link variables would take more than 67108864 bytes" in err
    assert main(["render", write(tmp_path, text), "--json"]) == 2
    assert "more than 67108864 bytes" in json.loads(capsys.readouterr().out)["error"]["message"]


def test_a_file_found_in_a_parent_directory_confines_env_files_to_its_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Compose finds ../compose.yaml and takes its directory as the project directory
    # (docker-compose v2.40.3 `config` run in a subdirectory reads ../web.env): an env
    # file beside the found file is inside the project, one above it is not
    project = tmp_path / "project"
    (project / "sub").mkdir(parents=True)
    (project / "compose.yaml").write_text(
        "services:\n  web:\n    image: app\n    env_file: [web.env]\n", encoding="utf-8"
    )
    (project / "web.env").write_text("A=1\n", encoding="utf-8")
    monkeypatch.chdir(project / "sub")
    assert main(["check"]) == 0
    assert "no problems" in capsys.readouterr().out
    (project / "compose.yaml").write_text(
        "services:\n  web:\n    image: app\n    env_file: [../outside.env]\n", encoding="utf-8"
    )
    (tmp_path / "outside.env").write_text("S=1\n", encoding="utf-8")
    assert main(["check"]) == 2
    assert "outside the project directory" in capsys.readouterr().err


def test_an_empty_docker_profile_is_refused_not_taken_for_the_default(
    capsys: pytest.CaptureFixture[str],
) -> None:
    example = Path(__file__).resolve().parent.parent / "examples" / "compose.yaml"
    assert main(["check", "--docker-profile", "", str(example)]) == 2
    assert "unknown profile: ''" in capsys.readouterr().err
