"""``dockerlinks replay``: the walkthrough replays and checks; exit codes; no tracebacks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from dockerlinks.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_linking_walkthrough_checks(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["replay", str(EXAMPLES / "linking.txt"), "--check"]) == 0
    out = capsys.readouterr().out
    assert "$ docker port nostalgic_morse 5000" in out
    assert "[/db:/web/db]" in out
    assert "DB_NAME=/web2/db" in out


def test_output_is_a_transcript_that_replays_to_itself(capsys: pytest.CaptureFixture[str]) -> None:
    text = (EXAMPLES / "linking.txt").read_text(encoding="utf-8")
    assert main(["replay", str(EXAMPLES / "linking.txt")]) == 0
    assert capsys.readouterr().out == text


def test_every_seed_command_in_order() -> None:
    commands = [
        line
        for line in (EXAMPLES / "linking.txt").read_text(encoding="utf-8").splitlines()
        if line.startswith(("$ ", "root@"))
    ]
    # The commands of Docker's "Legacy container links" page, in order.
    assert commands == [
        "$ docker run -d -P training/webapp python app.py",
        "$ docker ps nostalgic_morse",
        "$ docker run -d -p 80:5000 training/webapp python app.py",
        "$ docker run -d -p 8000-9000:5000 training/webapp python app.py",
        "$ docker run -d -p 127.0.0.1:80:5000 training/webapp python app.py",
        "$ docker run -d -p 127.0.0.1::5000 training/webapp python app.py",
        "$ docker run -d -p 127.0.0.1:80:5000/udp training/webapp python app.py",
        "$ docker port nostalgic_morse 5000",
        "$ docker run -d -P --name web training/webapp python app.py",
        "$ docker ps -l",
        "$ docker run -d --name db training/postgres",
        "$ docker container rm -f web",
        "$ docker run -d -P --name web --link db:db training/webapp python app.py",
        "$ docker run -d -P --name web --link db training/webapp python app.py",
        '$ docker inspect -f "{{ .HostConfig.Links }}" web',
        "$ docker run --rm --name web2 --link db:db training/webapp env",
        "$ docker run -t -i --rm --link db:webdb training/webapp /bin/bash",
        "root@aed84ee21bde:/opt/webapp# cat /etc/hosts",
        "root@aed84ee21bde:/opt/webapp# apt-get install -yqq inetutils-ping",
        "root@aed84ee21bde:/opt/webapp# ping webdb",
        "$ docker restart db",
        "$ docker run -t -i --rm --link db:db training/webapp /bin/bash",
        "root@aed84ee21bde:/opt/webapp# cat /etc/hosts",
    ]


def test_check_mismatch_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "t.txt"
    path.write_text("$ docker restart db\ndb\n", encoding="utf-8")
    assert main(["replay", str(path), "--check"]) == 1
    err = capsys.readouterr().err
    assert "t.txt:1: output differs" in err
    assert "+ Error response from daemon: No such container: db" in err


def test_placeholders_from_the_page(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_text(
        "$ docker run -d --name db training/postgres\n<id>\n"
        "$ docker run --rm --name web2 --link db:db training/webapp env\n"
        "<...>\nDB_NAME=/web2/db\nDB_PORT=tcp://<ip>:5432\n<...>\n",
        encoding="utf-8",
    )
    assert main(["replay", str(path), "--check"]) == 1  # the page lists DB_NAME first
    path.write_text(
        "$ docker run -d --name db training/postgres\n<id>\n"
        "$ docker run --rm --name web2 --link db:db training/webapp env\n"
        "<...>\nDB_PORT=tcp://<ip>:5432\n<...>\nDB_NAME=/web2/db\n<...>\n",
        encoding="utf-8",
    )
    assert main(["replay", str(path), "--check"]) == 0


def test_profile_and_seed_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["replay", str(EXAMPLES / "linking.txt"), "--profile", "classic", "--seed", "1"]) == 0
    )
    out = capsys.readouterr().out
    assert "fe00::0\tip6-localnet" in out


def test_bad_inputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["replay", str(tmp_path / "missing.txt")]) == 2
    path = tmp_path / "bad.txt"
    path.write_bytes(b"$ docker run --bogus \xff\n# dockerlinks: seed x\n")
    assert main(["replay", str(path)]) == 2
    assert "seed directive" in capsys.readouterr().err
    path.write_bytes(b"$ docker run --bogus \xff\n")
    assert main(["replay", str(path)]) == 0
    assert "unknown flag: --bogus" in capsys.readouterr().out


def test_module_entry_point() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "dockerlinks", "replay", str(EXAMPLES / "linking.txt"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr


# Lines of examples/linking-extra.txt that are Docker's own answers (links.md sections 2-4, 7;
# hosts.md section 4; docker/cli rm, inspect and port commands; moby daemon/delete.go).
EXTRA_DOCKER_LINES = [
    "docker: Error response from daemon: could not get container for nosuch: No such container: "
    "nosuch",
    "docker: Error response from daemon: Cannot link to a non running container: /cache AS "
    "/web/cache",
    "172.17.0.2\tdb 9f6d8fecf88e",
    "172.17.0.2\twebdb 9f6d8fecf88e db",
    "172.17.0.4\tf fred fred",
    "DB_ENV_PG_PASSWORD=secret",
    "Error response from daemon: Conflict, cannot remove the default link name of the container",
    'Error response from daemon: cannot remove container "db": container is running: stop the '
    "container before removing or force remove",
    "no public port '5000/udp' published for web",
    "map[5000/tcp:[{invalid IP 8000-9000}]]",
    'template parsing error: template: :1:18: executing "" at <.NetworkSettings.IPAddress>: '
    'map has no entry for key "IPAddress"',
    "error: no such object: fred",
    "[/db:/web/db]",
    "Error response from daemon: Cannot link to a non running container: /db AS /web/db",
]


def test_extra_walkthrough_checks(capsys: pytest.CaptureFixture[str]) -> None:
    path = EXAMPLES / "linking-extra.txt"
    assert main(["replay", str(path), "--check"]) == 0
    out = capsys.readouterr().out
    assert out == path.read_text(encoding="utf-8")
    lines = out.splitlines()
    for line in EXTRA_DOCKER_LINES:
        assert line in lines
