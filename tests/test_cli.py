"""The command-line front end: dispatch, exit statuses, one-line errors."""

from __future__ import annotations

import argparse
import json
import os
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import dockerlinks
from dockerlinks import cli
from dockerlinks.cli import _parser, replay
from dockerlinks.errors import PortSpecError


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        cli.main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out == f"dockerlinks {dockerlinks.__version__}\n"


def test_help_lists_every_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = capsys.readouterr().out
    for name in cli.SUBCOMMANDS:
        assert name in out


@pytest.mark.parametrize("argv", [[], ["bogus"], ["check"], ["replay", "--colour"]])
def test_usage_errors_are_one_line_and_status_2(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("dockerlinks")
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["--bogus"], "--bogus"),
        (["-x"], "-x"),
        (["--bogus", "check", "examples/compose.yaml"], "--bogus"),
        (["--bogus=1", "replay", "-"], "--bogus=1"),
        (["--a", "--b"], "--a --b"),
    ],
)
def test_an_unknown_option_before_the_command_is_named(
    argv: list[str], named: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # argparse alone would report the missing COMMAND first for ["--bogus"]
    assert cli.main(argv) == 2
    assert capsys.readouterr().err == f"dockerlinks: error: unrecognized arguments: {named}\n"


@pytest.mark.parametrize(
    "argv", [["--vers"], ["--version"], ["--vers", "--bogus"], ["--bogus", "--version"]]
)
def test_an_abbreviated_option_is_still_argparse_s(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(argv)
    assert exited.value.code == 0
    assert capsys.readouterr().out.startswith("dockerlinks ")


@pytest.mark.parametrize("argv", [["-h", "--bogus"], ["--bogus", "--help"], ["--he", "-x"]])
def test_help_wins_over_an_unknown_option_as_in_argparse(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(argv)
    assert exited.value.code == 0
    assert capsys.readouterr().out.startswith("usage: dockerlinks")


def test_a_negative_number_is_a_positional_as_in_argparse(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.main(["-1"]) == 2
    assert "invalid choice: '-1'" in capsys.readouterr().err


def _failing_run(exc: BaseException) -> object:
    def run(args: argparse.Namespace) -> int:
        raise exc

    return run


@pytest.mark.parametrize(
    ("exc", "status", "line"),
    [
        (
            PortSpecError("invalid proto: icmp", text="80/icmp", span=(3, 7)),
            2,
            "dockerlinks: error: invalid proto: icmp\n",
        ),
        (
            FileNotFoundError(2, "No such file or directory", "x.yaml"),
            2,
            "dockerlinks: error: No such file or directory: x.yaml\n",
        ),
        (KeyboardInterrupt(), 130, ""),
    ],
    ids=["library-error", "os-error", "interrupt"],
)
def test_errors_of_a_subcommand_become_one_line(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    exc: BaseException,
    status: int,
    line: str,
) -> None:

    monkeypatch.setattr(replay, "run", _failing_run(exc))
    assert cli.main(["replay", "whatever.txt"]) == status
    assert capsys.readouterr().err == line


def test_a_working_directory_that_is_gone_is_named(tmp_path: Path) -> None:
    # os.getcwd() fails in a directory removed under the process (a shell left in it); the
    # error naming no file is then about the working directory
    gone = tmp_path / "gone"
    gone.mkdir()
    code = (
        "import os, sys\n"
        "os.chdir(sys.argv[1]); os.rmdir(sys.argv[1])\n"
        "from dockerlinks.cli import main\n"
        "sys.exit(main(['check']))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(gone)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert result.stderr.startswith("dockerlinks: error: the working directory is not there")
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("exc", "line"),
    [
        (FileNotFoundError(2, "No such file or directory"), "the working directory is not there"),
        (OSError(28, "No space left on device"), "No space left on device"),
    ],
    ids=["no-such-file", "disk-full"],
)
def test_only_a_missing_file_naming_no_file_is_blamed_on_a_gone_directory(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], exc: OSError, line: str
) -> None:
    def gone() -> str:
        raise FileNotFoundError(2, "No such file or directory")

    monkeypatch.setattr(replay, "run", _failing_run(exc))
    monkeypatch.setattr(os, "getcwd", gone)
    assert cli.main(["replay", "whatever.txt"]) == 2
    assert capsys.readouterr().err.startswith(f"dockerlinks: error: {line}")


def test_python_dash_m_runs_the_same_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["dockerlinks", "bogus"])
    with pytest.raises(SystemExit) as info:
        # the file itself: where the package is installed with its pytest plugin, pytest's
        # assertion rewriter is the package's loader, which runpy.run_module cannot use
        runpy.run_path(str(Path(cli.__file__).parents[1] / "__main__.py"), run_name="__main__")
    assert info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


@pytest.mark.parametrize("columns", [None, "", "abc", "0", "-3", "57", "200"])
def test_help_is_as_wide_as_argparse_makes_it(
    columns: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # argparse's own width (HelpFormatter: shutil.get_terminal_size().columns - 2), without
    # importing shutil
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    monkeypatch.delenv("LINES", raising=False)
    assert _parser.terminal_columns() == shutil.get_terminal_size().columns
    formatter = _parser.Formatter("dockerlinks")
    assert formatter._width == argparse.HelpFormatter("dockerlinks")._width


def test_check_starts_without_the_modules_only_other_paths_need() -> None:
    # start-up: ``dockerlinks check`` of a file imports neither the --loader compose module
    # (subprocess, shutil) nor socket, hashlib, ipaddress or urllib (those the interpreter
    # had before, from its site-packages, aside)
    code = (
        "import sys\n"
        "before = set(sys.modules)\n"
        "from dockerlinks.cli import main\n"
        "status = main(['check', sys.argv[1]])\n"
        "heavy = ['dockerlinks.compose.external', 'subprocess', 'shutil', 'socket', 'hashlib',"
        " 'ipaddress', 'urllib.parse']\n"
        "print([n for n in heavy if n in sys.modules and n not in before], status)\n"
    )
    example = Path(__file__).resolve().parent.parent / "examples" / "compose.yaml"
    result = subprocess.run(
        [sys.executable, "-c", code, str(example)], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines()[-1] == "[] 0"


_WITHOUT_YAML = (
    "import sys\n"
    "sys.modules['yaml'] = None  # as if the optional extra were not installed\n"
    "from dockerlinks.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def _run_without_yaml(*argv: str) -> subprocess.CompletedProcess[str]:
    root = Path(__file__).resolve().parent.parent
    return subprocess.run(
        [sys.executable, "-c", _WITHOUT_YAML, *argv],
        capture_output=True,
        text=True,
        check=False,
        cwd=root,
    )


def test_help_without_pyyaml_lists_every_subcommand_and_what_some_need() -> None:
    result = _run_without_yaml("--help")
    assert result.returncode == 0, result.stderr
    for name in cli.SUBCOMMANDS:
        assert name in result.stdout
    assert "dockerlinks[yaml]" in result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "examples/compose.yaml"],
        ["check", "--help"],
        ["check", "-f", "examples/compose.yaml", "--strict"],
        ["render", "examples/compose.yaml"],
        ["migrate", "examples/compose.yaml", "--dry-run"],
    ],
)
def test_a_command_that_needs_pyyaml_says_so_in_one_line(argv: list[str]) -> None:
    result = _run_without_yaml(*argv)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"dockerlinks {argv[0]}: error: ")
    assert "PyYAML" in result.stderr
    assert "'dockerlinks[yaml]'" in result.stderr


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "--json", "examples/compose.yaml"],
        ["check", "--format", "sarif", "examples/compose.yaml"],
        ["render", "--format=json", "examples/compose.yaml"],
    ],
)
def test_a_json_form_without_pyyaml_gets_the_json_error_too(argv: list[str]) -> None:
    result = _run_without_yaml(*argv)
    assert result.returncode == 2
    error = json.loads(result.stdout)["error"]
    assert "'dockerlinks[yaml]'" in error["message"]
    assert sys.executable in error["message"]  # the interpreter to install it into


def test_a_file_named_like_a_form_is_not_a_form() -> None:
    assert _run_without_yaml("check", "json").stdout == ""


def test_replay_needs_no_pyyaml() -> None:
    result = _run_without_yaml("replay", "examples/linking.txt")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("form", [[], ["--form", "transcript"]])
def test_migrating_a_transcript_needs_no_pyyaml(form: list[str]) -> None:
    result = _run_without_yaml("migrate", *form, "examples/linking.txt")
    assert result.returncode == 0, result.stderr
    expected = (
        Path(__file__).resolve().parent.parent / "examples" / "linking-migrated.txt"
    ).read_text(encoding="utf-8")
    assert result.stdout == expected


def test_migrating_a_compose_file_without_pyyaml_names_what_to_install() -> None:
    result = _run_without_yaml("migrate", "--form", "compose", "examples/linking.txt")
    assert result.returncode == 2
    assert result.stderr.startswith("dockerlinks migrate: error: a compose file needs PyYAML")
    assert result.stderr.count("\n") == 1


def test_version_starts_without_argparse_typing_or_a_subcommand() -> None:
    # start-up (benchmarks/bench_import.py: --version within 1.5x of python -c pass): the
    # front end answers --version from modules that import neither argparse nor typing
    code = (
        "import sys\n"
        "before = set(sys.modules)\n"
        "from dockerlinks.cli import main\n"
        "heavy = ['argparse', 'typing', 're', 'dockerlinks.cli._parser', 'dockerlinks.cli.check']\n"
        "print([n for n in heavy if n in sys.modules and n not in before])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
