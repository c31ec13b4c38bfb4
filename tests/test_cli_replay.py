"""``dockerlinks replay``: the walkthrough replays and checks; exit codes; no tracebacks."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dockerlinks.cli import main
from dockerlinks.cli.replay import MAX_FILE_BYTES, decode_transcript
from tests.robustness import ANY_TEXT, only_library_errors

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
        "# dockerlinks: profile modern\n"
        "$ docker run -d --name db training/postgres\n<id>\n"
        "$ docker run --rm --name web2 --link db:db training/webapp env\n"
        "<...>\nDB_NAME=/web2/db\nDB_PORT=tcp://<ip>:5432\n<...>\n",
        encoding="utf-8",
    )
    assert main(["replay", str(path), "--check"]) == 1  # the page lists DB_NAME first
    path.write_text(
        "# dockerlinks: profile modern\n"
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
    path.write_bytes(b"$ docker run --bogus x\n# dockerlinks: seed x\n")
    assert main(["replay", str(path)]) == 2
    assert "seed directive" in capsys.readouterr().err
    path.write_bytes(b"$ docker run --bogus x\n")
    assert main(["replay", str(path)]) == 0
    assert "unknown flag: --bogus" in capsys.readouterr().out


def test_bytes_that_are_not_utf8_are_one_error_naming_the_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(b"$ docker ps\n# dockerlinks: file a A=\xff\xfe\n")
    assert main(["replay", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"dockerlinks: error: cannot read {path}: not UTF-8 text: byte 0xff at offset 36 "
        "(line 2, column 25)\n"
    )


@pytest.mark.parametrize(
    ("target", "message"),
    [("/dev/zero", "not a regular file"), (".", "not a regular file")],
)
def test_only_regular_files_and_pipes_are_read(
    target: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["replay", target]) == 2
    err = capsys.readouterr().err
    assert err == f"dockerlinks: error: cannot read {target}: {message}\n"


def test_a_byte_order_mark_is_dropped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf$ docker ps -q\n")
    assert main(["replay", str(path)]) == 0
    assert capsys.readouterr().out == "$ docker ps -q\n"


def _environ(**changes: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "PYTHONUTF8")}
    env.update(changes)
    return env


# The C locale turns on Python's UTF-8 mode unless PYTHONUTF8=0; C.utf8 is a UTF-8 locale.
LOCALES = [{"LC_ALL": "C"}, {"LC_ALL": "C", "PYTHONUTF8": "0"}, {"LC_ALL": "C.utf8"}]


def _replay_stdin(
    data: bytes, env: dict[str, str], *args: str
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "dockerlinks", "replay", "-", *args],
        input=data,
        capture_output=True,
        env=env,
        check=False,
    )


def test_standard_input_reads_the_same_in_every_locale() -> None:
    text = (
        "# dockerlinks: file café.env NAME=Zoë\\tß\n"
        "# dockerlinks: image redis\n"
        "$ docker run --rm --env-file café.env redis env # ünïcode comment\n"
    ).encode()
    runs = [_replay_stdin(text, _environ(**locale)) for locale in LOCALES]
    for proc in runs:
        assert proc.returncode == 0, proc.stderr
        assert proc.stderr == b""
        assert "NAME=Zoë\tß".encode() in proc.stdout.splitlines()
    assert len({proc.stdout for proc in runs}) == 1


def test_bad_bytes_on_standard_input_are_one_line_in_every_locale() -> None:
    data = b"$ docker ps\n# dockerlinks: file x.env A=\xff\n"
    for locale in LOCALES:
        proc = _replay_stdin(data, _environ(**locale))
        assert proc.returncode == 2
        assert proc.stdout == b""
        assert proc.stderr == (
            b"dockerlinks: error: cannot read -: not UTF-8 text: byte 0xff at offset 40 "
            b"(line 2, column 29)\n"
        )


def test_too_large_an_input_is_one_error() -> None:
    proc = _replay_stdin(b"#" * (MAX_FILE_BYTES + 1), _environ())
    assert proc.returncode == 2
    assert (
        proc.stderr
        == f"dockerlinks: error: cannot read -: larger than {MAX_FILE_BYTES} bytes\n".encode()
    )


def test_a_closed_pipe_ends_the_replay_quietly(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("# a comment line that is echoed back\n" * 50_000, encoding="utf-8")
    with subprocess.Popen(
        [sys.executable, "-m", "dockerlinks", "replay", str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as proc:
        assert proc.stdout is not None
        assert proc.stderr is not None
        assert proc.stdout.read(10) == b"# a commen"
        proc.stdout.close()
        err = proc.stderr.read()
        status = proc.wait(timeout=60)
    assert (status, err) == (141, b"")


def test_a_stopped_replay_prints_what_it_replayed_then_one_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("dockerlinks.transcript.MAX_OUTPUT", 40)
    path = tmp_path / "t.txt"
    path.write_text("# one\n$ docker ps -q\n# two two two two two two two\n# three\n")
    assert main(["replay", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "# one\n$ docker ps -q\n# two two two two two two two\n"
    assert captured.err == (
        "dockerlinks: error: line 3: the replay printed more than 40 characters "
        "(the model's limit)\n"
    )


def test_module_entry_point() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "dockerlinks", "replay", str(EXAMPLES / "linking.txt"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr


# Lines of examples/linking-extra.txt that are Docker's own answers (moby daemon/links/links.go;
# libnetwork etchosts/etchosts.go; docker/cli rm, inspect and port commands; moby daemon/delete.go).
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


def test_a_bad_profile_directive_is_one_utf8_line_in_every_locale() -> None:
    data = "# dockerlinks: profile modèrn\n$ docker ps\n".encode()
    errors = {_replay_stdin(data, _environ(**locale)).stderr for locale in LOCALES}
    assert len(errors) == 1
    (line,) = errors
    assert line.startswith(b"dockerlinks: error: ")
    assert "modèrn".encode() in line
    assert line.count(b"\n") == 1


@given(st.one_of(st.binary(max_size=12), ANY_TEXT, st.none(), st.integers()), ANY_TEXT)
def test_decoding_raises_only_transcript_errors(data: object, shown: str) -> None:
    only_library_errors(lambda: decode_transcript(data, shown))  # type: ignore[arg-type]
    only_library_errors(lambda: decode_transcript(b"x", data))  # type: ignore[arg-type]


def test_too_large_a_file_is_one_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("dockerlinks.cli.replay.MAX_FILE_BYTES", 10)
    path = tmp_path / "t.txt"
    path.write_text("$ docker ps\n")
    assert main(["replay", str(path)]) == 2
    assert (
        capsys.readouterr().err == f"dockerlinks: error: cannot read {path}: larger than 10 bytes\n"
    )


class _ClosedPipe(io.TextIOWrapper):
    """A stdout whose reader went away: every write fails; fileno() is a scratch file's."""

    def __init__(self, scratch: int) -> None:
        super().__init__(io.BytesIO())
        self.scratch = scratch

    def fileno(self) -> int:
        return self.scratch

    @property
    def buffer(self) -> Any:
        return self

    def write(self, data: Any) -> int:
        raise BrokenPipeError(32, "Broken pipe")


def test_a_closed_pipe_in_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scratch = os.open(tmp_path / "out", os.O_WRONLY | os.O_CREAT)
    try:
        monkeypatch.setattr("sys.stdout", _ClosedPipe(scratch))
        assert main(["replay", str(EXAMPLES / "linking.txt")]) == 141
    finally:
        os.close(scratch)
