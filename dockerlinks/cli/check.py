"""``dockerlinks check``: check a compose project as Compose v2 loads it, for CI.

``check FILE``, ``check -f a.yaml [-f b.yaml ...]`` (``FILE`` is the first ``-f``), or no
file at all (Compose's own discovery of compose.yaml in the working directory and its
parents) load the project as Compose v2 does (:mod:`dockerlinks.compose.project`):
interpolation, ``.env`` / ``--env-file``, merged files, include, extends, profiles; ``-``
is the standard input. Dependencies on undefined services and dependency cycles, which
Compose refuses, are reported as problems (``unknown-link-target``, ``link-cycle``) with
their position instead of stopping the load. Problems are printed as
``file:line:col: severity[code]: path: message``, then a summary line; ``--format
json|github|sarif`` for machines. ``--loader compose`` has a Compose binary the user has load
the project (``docker compose config --format json``, or ``docker-compose``).

Options: ``--profile`` names Compose profiles (as ``docker compose --profile``);
``--docker-profile`` names the Docker release modelled (any profile text of
:func:`dockerlinks.profiles.get_profile`: ``modern``, ``classic``, ``28.2``,
``29.7,legacy-links-env=true``; default ``modern``, Docker 29.7 with the link variables kept,
since the link-variable checks are what the checker is for). ``--profile modern`` and
``--profile classic`` still name the Docker release, with a deprecation notice on stderr.

Exit status: 0 no errors (warnings allowed, unless ``--strict``); 1 errors (or warnings with
``--strict``); 2 the input cannot be read or loaded, or a usage error: one line on stderr and,
with ``--json`` / ``--format json`` / ``sarif``, ``{"error": {...}}`` on stdout.

Files read besides the compose files: the project's ``.env`` (or ``--env-file``) and every
``env_file`` of the enabled services, which must lie inside the project directory unless
``--allow-outside-env-files``; each is a regular file of at most 16 MiB. Variables come from
this process's environment, as Compose takes them.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import types

from dockerlinks import __version__
from dockerlinks.cli._streams import read_input
from dockerlinks.compose.check import check
from dockerlinks.compose.disk import MAX_FILE_BYTES, decode, load_from_disk
from dockerlinks.compose.model import escape_controls
from dockerlinks.compose.output import FORMATS, error_json, render_problems
from dockerlinks.compose.problems import ComposeError, Problem
from dockerlinks.compose.project import Project
from dockerlinks.errors import DockerLinksError
from dockerlinks.profiles import Profile, get_profile

__all__ = [
    "DEFAULT_DOCKER_PROFILE",
    "add_parser",
    "add_project_options",
    "docker_profile",
    "load_project_args",
    "run",
]

DEFAULT_DOCKER_PROFILE = "modern"
"""The Docker release ``check`` and ``render`` model unless ``--docker-profile`` says."""
_LEGACY_DOCKER_PROFILES = ("modern", "classic")
#: The explicit loader of ``--loader compose``, imported when that option is given: it runs a
#: program, and subprocess and shutil would cost every other run start-up time
_COMPOSE_LOADER = "dockerlinks.compose.external"


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``check``."""
    parser = subparsers.add_parser(
        "check",
        help="check a compose project (ports, links, names) as Docker would see it",
        description="Check a compose project, loaded as Compose v2 loads it, against "
        "Docker's port and link rules. Exit status: 0 no errors, 1 errors (or warnings with "
        "--strict), 2 unreadable project or usage error.",
    )
    add_project_options(parser)
    parser.add_argument("--json", action="store_true", help="print the problems as JSON")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        help="output form: text (default), json, github (workflow annotations), sarif",
    )
    parser.add_argument("--strict", action="store_true", help="exit with status 1 on warnings too")


def add_project_options(parser: argparse.ArgumentParser) -> None:
    """The options ``check`` and ``render`` share: the files, the project, the behaviour."""
    parser.add_argument(
        "file",
        metavar="FILE",
        nargs="?",
        help="the project's first compose file, as -f FILE ('-': stdin)",
    )
    parser.add_argument(
        "-f",
        "--file",
        dest="files",
        action="append",
        metavar="FILE",
        help="a compose file of the project (repeat to merge, as Compose does)",
    )
    parser.add_argument("--project-directory", metavar="DIR", help="the project directory")
    parser.add_argument(
        "--env-file", action="append", metavar="FILE", help="variables instead of .env"
    )
    parser.add_argument(
        "--profile",
        action="append",
        metavar="NAME",
        dest="profiles",
        help="enable a Compose profile (repeatable), as docker compose --profile",
    )
    parser.add_argument(
        "--docker-profile",
        metavar="PROFILE",
        help="the Docker release to model: modern (default: 29.7 with link variables), "
        "classic (27.1), default (a stock 29.7: no link variables), or a release such as 28.2",
    )
    parser.add_argument(
        "-p",
        "--project-name",
        metavar="NAME",
        help="Compose project name (default: COMPOSE_PROJECT_NAME, the file's 'name', else "
        "the directory's name)",
    )
    parser.add_argument(
        "--loader",
        choices=("builtin", "compose"),
        default="builtin",
        help="who loads the project: the built-in loader, or a Compose binary you have",
    )
    parser.add_argument(
        "--compose-binary", metavar="PATH", help="the Compose binary for --loader compose"
    )
    parser.add_argument(
        "--allow-outside-env-files",
        action="store_true",
        help="let env files lie outside the project directory",
    )


def _files(args: argparse.Namespace) -> list[str]:
    return [args.file, *(args.files or ())] if args.file is not None else list(args.files or ())


def _read_stdin() -> str:
    """The standard input's text: at most MAX_FILE_BYTES of UTF-8, whatever the locale."""
    return decode(read_input("-", MAX_FILE_BYTES, ComposeError), "compose file", "-")


def docker_profile(args: argparse.Namespace) -> Profile:
    """The Docker behaviour chosen: ``--docker-profile``, else the deprecated ``--profile
    modern|classic`` (with a notice on stderr), else :data:`DEFAULT_DOCKER_PROFILE`."""
    if args.docker_profile is not None:  # "" too: refused as the unknown profile it is
        return get_profile(args.docker_profile)
    legacy = [p for p in args.profiles or () if p in _LEGACY_DOCKER_PROFILES]
    if legacy:
        print(
            f"dockerlinks: warning: --profile {legacy[-1]} names the Docker release only for "
            f"compatibility (deprecated): use --docker-profile {legacy[-1]}",
            file=sys.stderr,
        )
        return get_profile(legacy[-1])
    return get_profile(DEFAULT_DOCKER_PROFILE)


def load_project_args(args: argparse.Namespace) -> Project:
    """The project the options name, loaded (this process's environment passed in).

    Dependencies on undefined services and cycles are left to the checker."""
    environ = dict(os.environ)
    files = _files(args)
    profiles = [p for p in args.profiles or () if p not in _LEGACY_DOCKER_PROFILES]
    if args.loader == "compose":
        external: types.ModuleType = importlib.import_module(_COMPOSE_LOADER)
        loaded: Project = external.load_with_compose(
            environ,
            files=files,
            project_directory=args.project_directory,
            env_files=args.env_file or (),
            profiles=profiles,
            project_name=args.project_name,
            binary=args.compose_binary,
            check_dependencies=False,
        )
        return loaded
    return load_from_disk(
        files,
        environ,
        project_directory=args.project_directory,
        env_files=args.env_file,
        profiles=profiles if args.profiles else None,
        project_name=args.project_name,
        confine=not args.allow_outside_env_files,
        bare_values=getattr(args, "show_environ", True),
        check_dependencies=False,
        stdin=_read_stdin() if "-" in files else None,
    )


def _form(args: argparse.Namespace) -> str:
    chosen: str = getattr(args, "format", None) or ("json" if args.json else "text")
    return chosen


def refuse(args: argparse.Namespace, exc: DockerLinksError) -> int:
    """A project that cannot be loaded: one line on stderr (the position first when known),
    a JSON error object on stdout in the JSON forms; exit status 2."""
    message = escape_controls(exc.docker_message)
    pos = getattr(exc, "pos", None)
    if _form(args) in ("json", "sarif"):
        if pos:
            print(error_json(message, file=pos[0], line=pos[1], column=pos[2]))
        else:
            print(error_json(message, file=(_files(args) or ["compose.yaml"])[0]))
    where = f"{pos[0]}:{pos[1]}:{pos[2]}: " if pos else ""
    print(f"dockerlinks: error: {where}{message}", file=sys.stderr)
    return 2


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary(files: str, problems: list[Problem]) -> str:
    """The text form's last line: the files checked and what was found."""
    if not problems:
        return f"{files}: no problems"
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = sum(1 for p in problems if p.severity == "warning")
    infos = len(problems) - errors - warnings
    line = f"{files}: {_count(errors, 'error')}, {_count(warnings, 'warning')}"
    return line + (f", {infos} info" if infos else "")


def run(args: argparse.Namespace) -> int:
    """Run ``check``; returns the exit status."""
    try:
        profile = docker_profile(args)
        project = load_project_args(args)
        problems = check(project, profile=profile)
    except DockerLinksError as exc:
        return refuse(args, exc)
    form = _form(args)
    shown = project.show(project.files[0]) if project.files else "compose.yaml"
    if form == "text":
        if problems:
            print(render_problems(problems, "text"))
            print()
        files = " ".join(project.show(f) for f in project.files)
        print(escape_controls(summary(files, problems)))
    else:
        print(render_problems(problems, form, fallback=shown, version=__version__))
    if any(p.severity == "error" for p in problems):
        return 1
    if args.strict and any(p.severity == "warning" for p in problems):
        return 1
    return 0
