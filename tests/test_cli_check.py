"""``dockerlinks check`` and ``dockerlinks render``: exit codes and output."""

from __future__ import annotations

import json
import shutil
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


def test_missing_env_file_is_an_error(clean: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (clean.parent / "web.env").unlink()
    assert main(["check", str(clean)]) == 1
    out = capsys.readouterr().out
    assert "services.web.env_file: error[invalid-field]: env file web.env not found" in out


def test_planted_file_exits_1_with_grouped_lines(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(DATA / "planted.yaml")]) == 1
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].startswith("services.ssh.ports[0]: error[yaml-sexagesimal]: unquoted 22:22")
    assert lines[1] == "services.ssh.ports[1]: error[invalid-port]: invalid proto: icmp"
    # one blank line between services, then the summary
    assert lines[4] == ""
    assert lines[5].startswith("services.web.hostname: error[invalid-name]")
    assert lines[-1] == f"{DATA / 'planted.yaml'}: 10 errors, 4 warnings"


def test_json_output_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(DATA / "planted.yaml"), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["problems"]
    assert len(data["problems"]) == 14
    for problem in data["problems"]:
        assert list(problem) == ["code", "severity", "path", "message"]
    assert data["problems"][1] == {
        "code": "invalid-port",
        "severity": "error",
        "path": "services.ssh.ports[1]",
        "message": "invalid proto: icmp",
    }


def test_json_clean(clean: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--json", str(clean)]) == 0
    assert json.loads(capsys.readouterr().out) == {"problems": []}


def test_warnings_pass_unless_strict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "services:\n  web:\n    ports: ['0080:80']\n")
    assert main(["check", path]) == 0
    assert "warning[portability]" in capsys.readouterr().out
    assert main(["check", path, "--strict"]) == 1


def test_profile_changes_the_answer(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "services:\n  a:\n    ports: ['8080:80']\n  b:\n    ports: ['127.0.0.1:8080:80']\n",
    )
    assert main(["check", path]) == 1
    assert main(["check", path, "--profile", "classic"]) == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- a\n", "is not a compose-like mapping: the top level is a list"),
        ("version: '3'\n", "not a compose-like mapping: it has no 'services' key"),
        ("services: [a]\n", "'services' must be a mapping"),
        ("services: {\n", "cannot parse"),
        ("", "is empty"),
    ],
)
def test_unusable_file_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    assert main(["check", write(tmp_path, text)]) == 2
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


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 2
    assert main(["check", "x.yaml", "--profile", "future"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err


def test_json_file_and_stdin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, '{"services": {"web": {"links": ["db"]}}}', "compose.json")
    assert main(["check", path]) == 1
    assert "unknown-link-target" in capsys.readouterr().out

    import io
    import sys

    stdin = io.TextIOWrapper(io.BytesIO(b"services:\n  web: {}\n"))
    monkeypatch.setattr(sys, "stdin", stdin)
    assert main(["check", "-"]) == 0
    assert capsys.readouterr().out == "-: no problems\n"


def test_project_name_defaults_to_the_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "My_Shop"
    folder.mkdir()
    path = write(folder, "services:\n  db: {}\n  web:\n    links: [db]\n")
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


def test_render_with_errors_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(DATA / "planted.yaml")]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "error[link-cycle]" in err
    assert (
        err.splitlines()[-1]
        == "dockerlinks: error: cannot render: the file has 10 errors; run check"
    )


# --------------------------------------------------------------------------- every exit path


def test_env_files_read_once_and_odd_entries_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "db.env").write_text("export DB_PASSWORD=x\n", encoding="utf-8")
    text = (
        "services:\n"
        "  db:\n    env_file: [db.env, {path: db.env}]\n"
        "  cache:\n    env_file: db.env\n"
        "  odd:\n    env_file: 3\n"
        "  empty:\n"
        "  web:\n    links: [db, cache]\n"
    )
    assert main(["check", write(tmp_path, text)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "services.odd.env_file: error[invalid-field]: env_file must be a list, not the number 3",
        "",
        "services.web.links[0]: warning[secret-exposed-via-link]: DB_PASSWORD of service db "
        "reaches web as DB_ENV_DB_PASSWORD: a link copies every variable of the linked "
        "container into the recipient's environment",
        "services.web.links[1]: warning[secret-exposed-via-link]: DB_PASSWORD of service cache "
        "reaches web as CACHE_ENV_DB_PASSWORD: a link copies every variable of the linked "
        "container into the recipient's environment",
        "",
        f"{tmp_path / 'compose.yaml'}: 1 error, 2 warnings",
    ]


def test_strict_json_with_warnings_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "services:\n  web:\n    ports: ['0080:80']\n")
    assert main(["check", path, "--json", "--strict"]) == 1
    problems = json.loads(capsys.readouterr().out)["problems"]
    assert [(p["code"], p["severity"], p["path"]) for p in problems] == [
        ("portability", "warning", "services.web.ports[0]")
    ]


@pytest.mark.parametrize("command", ["check", "render"])
def test_invalid_project_name_exits_2(
    clean: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    assert main([command, str(clean), "--project-name", "My Shop"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        'dockerlinks: error: invalid project name "My Shop": must consist only of lowercase '
        "alphanumeric characters, hyphens, and underscores as well as start with a letter or "
        "number\n"
    )


def test_project_name_from_the_file_is_normalised(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "name: My Shop\nservices:\n  db: {}\n  web:\n    links: [db]\n")
    assert main(["render", path, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["services"]["web"]["links"] == ["/myshop-db-1:/myshop-web-1/db"]


@pytest.mark.parametrize(
    "argv",
    [
        ["render"],
        ["render", "x.yaml", "--profile", "future"],
        ["render", "x.yaml", "--bogus"],
        ["check", "x.yaml", "--bogus"],
        ["nope"],
        [],
    ],
    ids=["render-no-file", "render-profile", "render-option", "check-option", "command", "none"],
)
def test_usage_errors_are_one_line(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("dockerlinks")
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- a\n", "is not a compose-like mapping: the top level is a list"),
        ("services: [a]\n", "'services' must be a mapping"),
        ("services: {\n", "cannot parse"),
    ],
)
def test_render_unusable_file_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    assert main(["render", write(tmp_path, text)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    assert message in err


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
    path = write(tmp_path, "services:\n  web:\n    ports: ['0080:80']\n")
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
