"""The argument parser of the ``dockerlinks`` command (argparse and the subcommands).

What it must not know: what a subcommand does; each one adds its own options and runs.

Kept apart from :mod:`dockerlinks.cli` so that ``dockerlinks --version`` starts without
importing argparse or any subcommand.
"""

from __future__ import annotations

import argparse
import importlib
from typing import Protocol

from dockerlinks import __version__
from dockerlinks.cli._commands import SUBCOMMANDS

__all__ = ["Subparsers", "UsageError", "build_parser", "subcommand"]

Subparsers = argparse._SubParsersAction  # the type add_parser receives


class Subcommand(Protocol):
    """A subcommand module: it adds its parser, then runs the parsed arguments."""

    def add_parser(self, subparsers: Subparsers) -> None: ...  # type: ignore[type-arg]
    def run(self, args: argparse.Namespace) -> int: ...


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: error: {message}")


class UsageError(Exception):
    """A command line argparse refuses (the message is the one line to print)."""


def subcommand(name: str) -> Subcommand:
    """The module of the subcommand ``name``."""
    module: Subcommand = importlib.import_module(f"dockerlinks.cli.{name}")
    return module


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser of the ``dockerlinks`` command.

    With ``only``, just that subcommand's module is imported (the others would only cost
    start-up time); without it, all of them (``--help`` lists them all).
    """
    parser = Parser(
        prog="dockerlinks",
        description="Docker's port publishing and legacy links, computed without Docker.",
    )
    parser.add_argument("--version", action="version", version=f"dockerlinks {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    subparsers.required = True
    for name in SUBCOMMANDS if only is None else (only,):
        subcommand(name).add_parser(subparsers)
    return parser
