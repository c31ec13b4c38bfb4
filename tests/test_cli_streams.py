"""The command's standard streams and input files (``dockerlinks.cli._streams``): a closed
stream, a reader that goes away, a strict output encoding and a FIFO without a writer end in
one error line or a quiet exit, never a traceback or a hang."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
COMMAND = [sys.executable, "-c", "import sys; from dockerlinks.cli import main; sys.exit(main())"]


def _run(
    argv: list[str], *, env: dict[str, str] | None = None, **kwargs: object
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [*COMMAND, *argv],
        capture_output=kwargs.pop("capture_output", True),
        env={**os.environ, **(env or {})},
        timeout=60,
        check=False,
        cwd=ROOT,
        **kwargs,
    )


def _run_closed(descriptor: int, argv: list[str]) -> subprocess.CompletedProcess[bytes]:
    """The command with standard output (1) or error (2) closed; the other one captured."""
    return subprocess.run(
        [*COMMAND, *argv],
        stdout=subprocess.DEVNULL if descriptor == 1 else subprocess.PIPE,
        stderr=subprocess.DEVNULL if descriptor == 2 else subprocess.PIPE,
        preexec_fn=lambda: os.close(descriptor),
        timeout=60,
        check=False,
        cwd=ROOT,
    )


@pytest.mark.parametrize("command", ["replay", "check", "render", "migrate"])
def test_a_closed_standard_input_read_as_dash_is_one_error_line(command: str) -> None:
    result = _run([command, "-"], stdin=subprocess.DEVNULL, preexec_fn=lambda: os.close(0))
    assert result.returncode == 2
    assert b"Traceback" not in result.stderr
    assert result.stderr.decode().endswith("cannot read -: standard input is closed\n")


@pytest.mark.parametrize(
    "argv",
    [["--version"], ["replay", "examples/linking.txt"], ["check", "examples/compose.yaml"]],
)
def test_a_closed_standard_output_is_one_error_line(argv: list[str]) -> None:
    result = _run_closed(1, argv)
    assert result.returncode == 2
    assert result.stderr == b"dockerlinks: error: standard output is closed\n"


def test_a_closed_standard_error_keeps_errors_out_of_the_output() -> None:
    result = _run_closed(2, ["check", "--json", "no-such-file.yaml"])
    assert result.returncode == 2
    assert b"dockerlinks: error" not in result.stdout


def _big_compose(tmp_path: Path, *, broken: bool) -> Path:
    """A project whose output is far larger than a pipe holds: valid (render's text,
    migrate's file), or with an error in every service (check's JSON report)."""
    target = "missing" if broken else "s0"
    lines = ["services:", "  s0:", "    image: app"]
    for index in range(1, 3000):
        lines += [f"  s{index}:", "    image: app", f"    links: [{target}]"]
    path = tmp_path / ("broken.yaml" if broken else "compose.yaml")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "--format", "json", "{broken}"],
        ["render", "{big}"],
        ["migrate", "{big}"],
    ],
)
def test_a_reader_that_goes_away_ends_every_command_quietly(
    argv: list[str], tmp_path: Path
) -> None:
    big, broken = (str(_big_compose(tmp_path, broken=flag)) for flag in (False, True))
    argv = [word.replace("{big}", big).replace("{broken}", broken) for word in argv]
    process = subprocess.Popen(
        [*COMMAND, *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT
    )
    assert process.stdout is not None
    assert process.stderr is not None
    process.stdout.read(1)
    process.stdout.close()  # the reader goes away after one byte
    stderr = process.stderr.read()
    process.stderr.close()
    assert process.wait(timeout=60) == 141
    assert stderr == b""


def test_text_the_output_encoding_cannot_hold_is_escaped(tmp_path: Path) -> None:
    name = os.fsdecode(b"b2\xff.yaml")
    (tmp_path / name).write_text("services:\n  web:\n    image: app\n    ports: ['\u00e9:80']\n")
    for encoding in ("ascii", "utf-8"):
        result = _run(["check", str(tmp_path / name)], env={"PYTHONIOENCODING": encoding})
        assert b"Traceback" not in result.stderr, result.stderr
        assert result.returncode == 1
        assert b"\\udcff" in result.stdout or b"\\xff" in result.stdout


@pytest.mark.parametrize("command", ["replay", "migrate"])
def test_a_fifo_without_a_writer_does_not_hang(command: str, tmp_path: Path) -> None:
    fifo = tmp_path / "session.txt"
    os.mkfifo(fifo)
    result = _run([command, str(fifo)])
    assert b"Traceback" not in result.stderr
    assert result.returncode in (0, 2)  # read as empty: nothing to replay, or refused


def test_a_fifo_with_a_writer_is_read(tmp_path: Path) -> None:
    fifo = tmp_path / "session.txt"
    os.mkfifo(fifo)
    process = subprocess.Popen(
        [*COMMAND, "replay", str(fifo)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT
    )
    with open(fifo, "w", encoding="utf-8") as writer:
        writer.write((EXAMPLES / "linking.txt").read_text(encoding="utf-8"))
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert b"$ docker run" in out
