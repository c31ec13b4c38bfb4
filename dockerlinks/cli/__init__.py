"""The ``dockerlinks`` command: argparse front end, exit codes, output.

This package is the only place (with the explicit loaders) that reads files, prints, or
chooses exit codes. Each subcommand lives in its own module exposing ``add_parser`` and
``run``; this module dispatches and turns every library error into one line on stderr.

Exit codes: 0 success; 1 a check found problems (``check`` errors, ``replay --check``
mismatches); 2 a usage error, an unreadable file, or input the command cannot use.

Start-up: this module imports neither argparse nor a subcommand. ``dockerlinks --version``
answers from here; any other command line loads the parser (:mod:`dockerlinks.cli._parser`)
and only the subcommand it names.
"""

from __future__ import annotations

import errno
import importlib
import os
import sys

from dockerlinks import __version__
from dockerlinks.cli import _streams
from dockerlinks.cli._commands import SUBCOMMANDS
from dockerlinks.errors import DockerLinksError

TYPE_CHECKING = False  # typing is loaded for the type checker only (start-up)
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from typing import Protocol

    class _Runs(Protocol):
        """What :func:`main` uses of a subcommand module."""

        def run(self, args: argparse.Namespace) -> int: ...

    class _ParserModule(Protocol):
        """What :func:`main` uses of :mod:`dockerlinks.cli._parser`."""

        UsageError: type[Exception]

        def build_parser(self, only: str | None = None) -> argparse.ArgumentParser: ...
        def parse_command_line(self, arguments: list[str]) -> argparse.Namespace: ...
        def subcommand(self, name: str) -> _Runs: ...


__all__ = ["SUBCOMMANDS", "main"]


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser of the ``dockerlinks`` command.

    With ``only``, just that subcommand's module is imported (the others would only cost
    start-up time); without it, all of them (``--help`` lists them all).
    """
    parser: argparse.ArgumentParser = _parsing().build_parser(only)
    return parser


def _parsing() -> _ParserModule:
    module: _ParserModule = importlib.import_module("dockerlinks.cli._parser")
    return module


def _os_error(exc: OSError) -> str:
    """What an ``OSError`` line says: the reason and the file. A "no such file" naming no
    file, while the working directory is gone (``os.getcwd()`` fails), is about that
    directory, and says so; any other error keeps its own reason (a full disk is a full
    disk wherever the process stands)."""
    if exc.filename:
        return f"{exc.strerror or exc}: {exc.filename}"
    if exc.errno == errno.ENOENT:
        try:
            os.getcwd()
        except OSError as gone:
            return f"the working directory is not there any more ({gone.strerror or gone})"
    return f"{exc.strerror or exc}"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (the console script exits with it)."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    refusal = _streams.prepare()
    if refusal is not None:
        print(refusal, file=sys.stderr)
        return 2
    if arguments[:1] == ["--version"]:
        # what argparse's version action does for a leading --version (it prints and exits
        # before reading further), without importing argparse and the subcommands
        try:
            sys.stdout.write(f"dockerlinks {__version__}\n")
            sys.stdout.flush()
        except BrokenPipeError:
            raise SystemExit(_streams.reader_gone()) from None
        raise SystemExit(0)
    parsing = _parsing()
    try:
        args = parsing.parse_command_line(arguments)
        status = parsing.subcommand(args.command).run(args)
        sys.stdout.flush()  # a reader that went away is seen here, not at exit
        return status
    except BrokenPipeError:
        return _streams.reader_gone()
    except parsing.UsageError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except DockerLinksError as exc:
        print(f"dockerlinks: error: {exc.docker_message}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"dockerlinks: error: {_os_error(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
