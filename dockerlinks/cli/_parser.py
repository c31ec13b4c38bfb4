"""The argument parser of the ``dockerlinks`` command (argparse and the subcommands).

What it must not know: what a subcommand does; each one adds its own options and runs.

Kept apart from :mod:`dockerlinks.cli` so that ``dockerlinks --version`` starts without
importing argparse or any subcommand.
"""

from __future__ import annotations

import argparse
import importlib
import itertools
import os
import re
import sys
from typing import Any, Protocol

from dockerlinks import __version__
from dockerlinks.cli._commands import SUBCOMMANDS

__all__ = [
    "OPTIONAL_MODULES",
    "Formatter",
    "Subparsers",
    "Unavailable",
    "UsageError",
    "build_parser",
    "missing_extra",
    "parse_command_line",
    "subcommand",
    "terminal_columns",
]

Subparsers = argparse._SubParsersAction  # the type add_parser receives


class Subcommand(Protocol):
    """A subcommand module: it adds its parser, then runs the parsed arguments."""

    def add_parser(self, subparsers: Subparsers) -> None: ...  # type: ignore[type-arg]
    def run(self, args: argparse.Namespace) -> int: ...


def terminal_columns() -> int:
    """The width argparse formats help for: ``shutil.get_terminal_size().columns`` ($COLUMNS
    when a positive number, else the width of the terminal standard output is, else 80)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:
        return columns
    try:
        size = os.get_terminal_size(sys.__stdout__.fileno())  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        return 80
    return size.columns or 80


class Formatter(argparse.HelpFormatter):
    """argparse's help formatter, as wide as argparse makes it, without the import of shutil
    it does for that each time it makes one (for every argument added: start-up)."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        if width is None:
            width = terminal_columns() - 2
        super().__init__(prog, indent_increment, max_help_position, width)


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr and exit status 2, and help is
    formatted by :class:`Formatter`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: error: {message}")


class UsageError(Exception):
    """A command line argparse refuses (the message is the one line to print)."""


#: The modules optional extras bring, by import name: the distribution and the extra
#: (``pip install 'dockerlinks[yaml]'``). A subcommand whose module needs one that is not
#: installed is still listed, and running it is a one-line error.
OPTIONAL_MODULES = {"yaml": ("PyYAML", "yaml")}


def missing_extra(missing: str, what: str = "this command") -> str:
    """Why ``what`` cannot run without the optional module ``missing``, and what to install
    into this interpreter."""
    project, extra = OPTIONAL_MODULES[missing]
    return (
        f"{what} needs {project}, which is not installed: "
        f"{sys.executable or 'python'} -m pip install 'dockerlinks[{extra}]'"
    )


class Unavailable:
    """A subcommand whose module needs a module of an optional extra that is missing: it is
    listed by ``--help``, takes any arguments, and running it is a one-line usage error
    naming what to install (exit status 2)."""

    def __init__(self, name: str, missing: str) -> None:
        self.name = name
        self.missing = missing
        self.project, self.extra = OPTIONAL_MODULES[missing]

    def reason(self) -> str:
        """Why the subcommand cannot run, and what to install (into this interpreter)."""
        return missing_extra(self.missing)

    def add_parser(self, subparsers: Subparsers) -> None:  # type: ignore[type-arg]
        """A parser that takes every argument as it is (``-f``, ``--help`` included)."""
        parser = subparsers.add_parser(
            self.name,
            help=f"(needs {self.project}: pip install 'dockerlinks[{self.extra}]')",
            prefix_chars="\0",  # no options at all, so nothing is refused before run()
            add_help=False,
        )
        parser.add_argument("arguments", nargs="*")

    def run(self, args: argparse.Namespace) -> int:
        """Refuse, with the reason: one line on stderr, and the JSON error object on stdout
        when the arguments ask for a JSON form (``--json``, ``--format json|sarif``)."""
        given: list[str] = args.arguments
        forms = {"json", "sarif"}
        wants_json = "--json" in given or any(
            (word == "--format" and following in forms)
            or word in ("--format=json", "--format=sarif")
            for word, following in itertools.pairwise([*given, ""])
        )
        if wants_json:
            encoder: Any = importlib.import_module("json")  # this rare path only: start-up
            print(encoder.dumps({"error": {"message": self.reason()}}))
        raise UsageError(f"dockerlinks {self.name}: error: {self.reason()}")


def subcommand(name: str) -> Subcommand:
    """The module of the subcommand ``name`` (an :class:`Unavailable` stand-in when the
    module needs a module of an optional extra that is not installed)."""
    try:
        module: Subcommand = importlib.import_module(f"dockerlinks.cli.{name}")
    except ModuleNotFoundError as exc:
        if exc.name not in OPTIONAL_MODULES:
            raise
        return Unavailable(name, exc.name)
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


#: What argparse takes for a negative number, hence a positional, not an option
#: (``argparse.ArgumentParser._negative_number_matcher``).
_NEGATIVE_NUMBER = re.compile(r"^-\d+$|^-\d*\.\d+$")


def _option_of(parser: argparse.ArgumentParser, word: str) -> argparse.Action | None:
    """The action argparse takes ``word`` for among ``parser``'s own options: the option
    itself, ``--option=value``, an unambiguous prefix of a long option (argparse's
    abbreviations) or a short option with its value attached; ``None`` for none of them.
    An ambiguous prefix is the first option it starts (argparse refuses it itself)."""
    options = parser._option_string_actions
    name = word.partition("=")[0]
    if name in options:
        return options[name]
    if name.startswith("--"):
        for option, action in options.items():
            if option.startswith(name):
                return action
        return None
    return options.get(word[:2])


def parse_command_line(arguments: list[str]) -> argparse.Namespace:
    """The parsed command line (:class:`UsageError` for one argparse refuses).

    Only the named subcommand's module is imported. With options but no subcommand, an
    option the command does not have is refused by name: argparse reports missing required
    arguments before unknown ones, so ``dockerlinks --bogus`` would be told the COMMAND is
    missing. Everything else is argparse's (help and version win over unknown options, and
    with a subcommand it names every unknown option itself).
    """
    first = arguments[0] if arguments else None
    parser = build_parser(first if first in SUBCOMMANDS else None)
    leading = list(
        itertools.takewhile(
            lambda word: (
                word.startswith("-")
                and word not in {"-", "--"}
                and _NEGATIVE_NUMBER.match(word) is None
            ),
            arguments,
        )
    )
    if leading and len(leading) == len(arguments):
        actions = [_option_of(parser, word) for word in leading]
        answers = any(
            isinstance(a, argparse._HelpAction | argparse._VersionAction) for a in actions
        )
        unknown = [word for word, action in zip(leading, actions, strict=True) if action is None]
        if unknown and not answers:
            parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    return parser.parse_args(arguments)
