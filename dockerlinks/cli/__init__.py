"""The ``dockerlinks`` command: argparse front end, exit codes, output.

This package is the only place (with the explicit loaders) that reads files, prints, or
chooses exit codes. Each subcommand lives in its own module exposing ``add_parser`` and
``run``; this module dispatches and turns every library error into one line on stderr.

Exit codes: 0 success; 1 a check found problems (``check`` errors, ``replay --check``
mismatches); 2 a usage error, an unreadable file, or input the command cannot use.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import Protocol

from dockerlinks import __version__
from dockerlinks.errors import DockerLinksError

__all__ = ["main"]

#: Subcommand modules, in the order ``--help`` lists them.
SUBCOMMANDS = ("replay", "check", "render", "migrate", "serve")


Subparsers = argparse._SubParsersAction  # the type add_parser receives


class _Subcommand(Protocol):
    def add_parser(self, subparsers: Subparsers) -> None: ...  # type: ignore[type-arg]
    def run(self, args: argparse.Namespace) -> int: ...


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(f"{self.prog}: error: {message}")


class _UsageError(Exception):
    pass


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser of the ``dockerlinks`` command.

    With ``only``, just that subcommand's module is imported (the others would only cost
    start-up time); without it, all of them (``--help`` lists them all).
    """
    parser = _Parser(
        prog="dockerlinks",
        description="Docker's port publishing and legacy links, computed without Docker.",
    )
    parser.add_argument("--version", action="version", version=f"dockerlinks {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    subparsers.required = True
    for name in SUBCOMMANDS if only is None else (only,):
        module: _Subcommand = importlib.import_module(f"dockerlinks.cli.{name}")
        module.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (the console script exits with it)."""
    try:
        arguments = sys.argv[1:] if argv is None else list(argv)
        first = arguments[0] if arguments else None
        only = first if first in SUBCOMMANDS else None
        args = build_parser(only).parse_args(arguments)
        runner: _Subcommand = importlib.import_module(f"dockerlinks.cli.{args.command}")
        return runner.run(args)
    except _UsageError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except DockerLinksError as exc:
        print(f"dockerlinks: error: {exc.docker_message}", file=sys.stderr)
        return 2
    except OSError as exc:
        where = f": {exc.filename}" if exc.filename else ""
        print(f"dockerlinks: error: {exc.strerror or exc}{where}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
