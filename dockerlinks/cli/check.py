"""``dockerlinks check``: check a compose project (or one compose-like file), for CI.

Two ways in:

- ``check -f a.yaml [-f b.yaml ...]`` (or no file at all: Compose's own discovery of
  compose.yaml in the working directory) loads the project as Compose v2 does
  (:mod:`dockerlinks.compose.project`): interpolation, ``.env`` / ``--env-file``, merged
  files, include, extends, profiles. Problems are printed as
  ``file:line:col: severity[code]: path: message``; ``--format json|github|sarif`` for
  machines. ``--loader compose`` has a Compose binary the user has load the project
  (``docker compose config --format json``, or ``docker-compose``).
- ``check FILE`` (deprecated): one compose-like file read on its own, as before: one line per
  problem, ``path: severity[code]: message``, grouped by service, then a summary line.

Exit status: 0 no errors (warnings allowed, unless ``--strict``); 1 errors (or warnings with
``--strict``); 2 the input cannot be read or loaded, or a usage error: one line on stderr and,
with ``--json`` / ``--format json``, ``{"error": {...}}`` on stdout.

Files read besides the compose files: the project's ``.env`` (or ``--env-file``) and every
``env_file`` of the enabled services, which must lie inside the project directory unless
``--allow-outside-env-files``; each is a regular file of at most 16 MiB. Variables come from
this process's environment, as Compose takes them.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dockerlinks import __version__
from dockerlinks.compose import ComposeError, ComposeFile, Problem, check, load_compose_text
from dockerlinks.compose.disk import MAX_FILE_BYTES, DiskFiles, decode, load_from_disk
from dockerlinks.compose.files import MemoryFiles
from dockerlinks.compose.model import escape_controls, project_name
from dockerlinks.compose.output import FORMATS, error_json, render_problems
from dockerlinks.compose.project import Options, Project, ProjectError, load_project
from dockerlinks.errors import DockerLinksError

__all__ = ["add_parser", "add_project_options", "load_file", "load_project_args", "run"]


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``check``."""
    parser = subparsers.add_parser(
        "check",
        help="check a compose-like file (ports, links, names) as Docker would see it",
        description="Check a compose-like YAML or JSON file against Docker's port and link "
        "rules. Exit status: 0 no errors, 1 errors (or warnings with --strict), 2 unreadable "
        "file or usage error.",
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
        help="one compose-like YAML or JSON file read on its own ('-': stdin; deprecated: use -f)",
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
        help="enable a Compose profile (repeatable; 'modern'/'classic' alone, with FILE, "
        "still select the Docker behaviour: deprecated, use --docker-profile)",
    )
    parser.add_argument(
        "--docker-profile",
        choices=("modern", "classic"),
        help="Docker behaviour to model (default: modern, Engine v28+)",
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


def _read_text(file: str) -> str:
    """FILE's text: a regular file (or stdin) of at most MAX_FILE_BYTES, UTF-8."""
    if file == "-":
        data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise ComposeError(f"cannot read -: larger than {MAX_FILE_BYTES} bytes")
        return decode(data, "file", "-")
    return DiskFiles(os.getcwd()).read(os.path.abspath(file), purpose="file")


def _env_file_paths(data: Mapping[Any, Any]) -> list[str]:
    services = data.get("services")
    if not isinstance(services, Mapping):
        return []
    paths: list[str] = []
    for body in services.values():
        if not isinstance(body, Mapping):
            continue
        value = body.get("env_file")
        entries = [value] if isinstance(value, str) else value
        if not isinstance(entries, list | tuple):
            continue
        for entry in entries:
            path = entry.get("path") if isinstance(entry, Mapping) else entry
            if isinstance(path, str) and path not in paths:
                paths.append(path)
    return paths


def _project_name(directory: Path) -> str | None:
    """Compose's default project name: the directory name, normalised as Compose does."""
    return project_name(directory.resolve().name)


def load_file(
    args: argparse.Namespace,
) -> tuple[ComposeFile, dict[str, bytes], dict[str, str], str | None]:
    """Read FILE and its env files: the document, env file contents, environ, project."""
    file: str = args.file
    document = load_compose_text(_read_text(file), filename=file)
    base = Path.cwd() if file == "-" else Path(file).parent
    env_files: dict[str, bytes] = {}
    root = base.resolve()
    for path in _env_file_paths(document.data):
        target = base / path
        try:
            inside = target.resolve().is_relative_to(root)
        except (OSError, ValueError, RuntimeError):
            continue
        if not inside and not getattr(args, "allow_outside_env_files", False):
            raise ComposeError(
                f"env file {path} is outside the project directory; allow it with "
                "--allow-outside-env-files"
            )
        try:
            text = DiskFiles(str(base)).read(str(target.absolute()), purpose="env file")
        except ComposeError as exc:
            if "no such file" in exc.docker_message:
                continue  # reported by the check as not found (unless not required)
            raise
        env_files[path] = text.encode("utf-8")
    project: str | None = args.project_name
    if project is not None and project_name(project) != project:
        raise ComposeError(
            f"invalid project name {json.dumps(project)}: must consist only of lowercase "
            "alphanumeric characters, hyphens, and underscores as well as start with a letter "
            "or number"
        )
    if project is None and project_name(document.data.get("name")) is None:
        project = _project_name(base)
    environ = dict(os.environ) if getattr(args, "show_environ", True) else {}
    return document, env_files, environ, project


def _service_of(path: str) -> str:
    match = re.match(r'services(\.[A-Za-z0-9_-]+|\["(?:[^"\\]|\\.)*"\])', path)
    return match.group(0) if match else path


def format_problems(problems: list[Problem]) -> str:
    """Human output: one line per problem, a blank line between services."""
    lines: list[str] = []
    group = None
    for problem in problems:
        service = _service_of(problem.path)
        if group is not None and service != group:
            lines.append("")
        group = service
        lines.append(escape_controls(str(problem)))
    return "\n".join(lines)


def _summary(file: str, problems: list[Problem]) -> str:
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    if not problems:
        return f"{file}: no problems"

    def count(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    return f"{file}: {count(errors, 'error')}, {count(warnings, 'warning')}"


def docker_profile(args: argparse.Namespace) -> str:
    """The Docker behaviour chosen (``--docker-profile``, or the deprecated ``--profile
    modern|classic`` of the one-file form)."""
    if args.docker_profile:
        return str(args.docker_profile)
    legacy: list[str] = [str(p) for p in args.profiles or () if p in ("modern", "classic")]
    if args.file is not None and not args.files and legacy:
        return legacy[-1]
    return "modern"


def _compose_command(args: argparse.Namespace) -> list[str]:
    if args.compose_binary:
        return [args.compose_binary]
    docker = shutil.which("docker")
    if docker:
        probe = subprocess.run(
            [docker, "compose", "version"], capture_output=True, timeout=30, check=False
        )
        if probe.returncode == 0:
            return [docker, "compose"]
    found = shutil.which("docker-compose")
    if found:
        return [found]
    raise ComposeError("--loader compose: no 'docker compose' or 'docker-compose' found")


def _load_with_compose(args: argparse.Namespace, environ: dict[str, str]) -> Project:
    """Have the user's Compose load the project; its JSON is then read as one file."""
    command = _compose_command(args)
    for name in args.files or ():
        command += ["-f", name]
    if args.project_directory:
        command += ["--project-directory", args.project_directory]
    for name in args.env_file or ():
        command += ["--env-file", name]
    for name in args.profiles or ():
        command += ["--profile", name]
    if args.project_name:
        command += ["--project-name", args.project_name]
    command += ["config", "--format", "json"]
    result = subprocess.run(command, capture_output=True, env=environ, timeout=120, check=False)
    if result.returncode != 0:
        lines = result.stderr.decode("utf-8", "replace").strip().splitlines() or ["failed"]
        raise ProjectError(f"compose: {escape_controls(lines[-1])}", "compose")
    text = decode(result.stdout, "output of", "compose config")
    cwd = os.getcwd()
    path = os.path.join(cwd, "compose-config.json")
    return load_project(Options(files=(path,)), MemoryFiles({path: text}, cwd=cwd), {})


def load_project_args(args: argparse.Namespace) -> Project:
    """The project the options name, loaded (this process's environment passed in)."""
    environ = dict(os.environ)
    if args.loader == "compose":
        return _load_with_compose(args, environ)
    profiles = [p for p in args.profiles or () if p not in ("modern", "classic")]
    return load_from_disk(
        list(args.files or ()),
        environ,
        project_directory=args.project_directory,
        env_files=args.env_file,
        profiles=profiles if args.profiles else None,
        project_name=args.project_name,
        confine=not args.allow_outside_env_files,
        bare_values=getattr(args, "show_environ", True),
    )


def _form(args: argparse.Namespace) -> str:
    chosen: str = args.format or ("json" if args.json else "text")
    return chosen


def _refuse(args: argparse.Namespace, exc: DockerLinksError, shown: str) -> int:
    message = escape_controls(exc.docker_message)
    pos = getattr(exc, "pos", None)
    if _form(args) in ("json", "sarif"):
        if pos:
            print(error_json(message, file=pos[0], line=pos[1], column=pos[2]))
        else:
            print(error_json(message, file=shown))
    where = f"{pos[0]}:{pos[1]}:{pos[2]}: " if pos else ""
    print(f"dockerlinks: error: {where}{message}", file=sys.stderr)
    return 2


def _run_project(args: argparse.Namespace) -> int:
    try:
        project = load_project_args(args)
        problems = check(project, profile=docker_profile(args))
    except DockerLinksError as exc:
        return _refuse(args, exc, (args.files or ["compose.yaml"])[0])
    except OSError as exc:
        return _refuse(args, ComposeError(f"{exc.strerror or exc}"), "compose.yaml")
    form = _form(args)
    shown = project.show(project.files[0]) if project.files else "compose.yaml"
    if form == "text":
        if problems:
            print(render_problems(problems, "text"))
            print()
        print(_summary(" ".join(project.show(f) for f in project.files), problems))
    else:
        print(render_problems(problems, form, fallback=shown, version=__version__))
    return _status(args, problems)


def _status(args: argparse.Namespace, problems: list[Problem]) -> int:
    if any(p.severity == "error" for p in problems):
        return 1
    if args.strict and any(p.severity == "warning" for p in problems):
        return 1
    return 0


def run(args: argparse.Namespace) -> int:
    """Run ``check``; returns the exit status."""
    if args.file is None or args.files or args.loader == "compose":
        if args.file is not None:
            args.files = [args.file, *(args.files or ())]
        return _run_project(args)
    try:
        document, env_files, environ, project = load_file(args)
        problems = check(
            document,
            profile=docker_profile(args),
            env_files=env_files,
            environ=environ,
            project=project,
        )
    except DockerLinksError as exc:
        return _refuse(args, exc, args.file)
    form = _form(args)
    if form == "json":
        print(json.dumps({"problems": [p.to_dict() for p in problems]}, indent=2))
    elif form != "text":
        print(render_problems(problems, form, fallback=args.file, version=__version__))
    else:
        if problems:
            print(format_problems(problems))
            print()
        print(_summary(args.file, problems))
    if any(p.severity == "error" for p in problems):
        return 1
    if args.strict and problems:
        return 1
    return 0
