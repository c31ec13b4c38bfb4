"""``dockerlinks check FILE``: check a compose-like file, for CI.

Exit status: 0 no errors (warnings allowed, unless ``--strict``); 1 errors (or warnings with
``--strict``); 2 the file cannot be read, is not a compose-like mapping, or a usage error.

Output: one line per problem, ``path: severity[code]: message``, grouped by service (a blank
line between services), then a summary line; ``--json`` prints exactly
``{"problems": [{"code": ..., "severity": ..., "path": ..., "message": ...}, ...]}``.

Files read besides FILE: every ``env_file`` of every service, relative to FILE's directory
(a missing one is reported by the check unless it has ``required: false``). Bare ``KEY``
entries take their values from this process's environment, as Compose does.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dockerlinks.compose import ComposeError, ComposeFile, Problem, check, load_compose_text
from dockerlinks.compose.model import project_name

__all__ = ["add_parser", "load_file", "run"]


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``check``."""
    parser = subparsers.add_parser(
        "check",
        help="check a compose-like file (ports, links, names) as Docker would see it",
        description="Check a compose-like YAML or JSON file against Docker's port and link "
        "rules. Exit status: 0 no errors, 1 errors (or warnings with --strict), 2 unreadable "
        "file or usage error.",
    )
    parser.add_argument("file", metavar="FILE", help="compose-like YAML or JSON file ('-': stdin)")
    parser.add_argument("--json", action="store_true", help="print the problems as JSON")
    parser.add_argument(
        "--profile",
        choices=("modern", "classic"),
        default="modern",
        help="Docker behaviour to check against (default: modern, Engine v28+)",
    )
    parser.add_argument("--strict", action="store_true", help="exit with status 1 on warnings too")
    parser.add_argument(
        "--project-name",
        metavar="NAME",
        help="Compose project name for default container names (default: the file's "
        "'name', else its directory's name)",
    )


def _read_text(file: str) -> str:
    if file == "-":
        data = sys.stdin.buffer.read()
    else:
        data = Path(file).read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ComposeError(f"cannot read {file}: not UTF-8 text (byte {exc.start})") from None


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
    for path in _env_file_paths(document.data):
        try:
            env_files[path] = (base / path).read_bytes()
        except (OSError, ValueError):
            continue  # reported by the check as not found (unless not required)
    project: str | None = args.project_name
    if project is not None and project_name(project) != project:
        raise ComposeError(
            f"invalid project name {json.dumps(project)}: must consist only of lowercase "
            "alphanumeric characters, hyphens, and underscores as well as start with a letter "
            "or number"
        )
    if project is None and project_name(document.data.get("name")) is None:
        project = _project_name(base)
    return document, env_files, dict(os.environ), project


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
        lines.append(str(problem))
    return "\n".join(lines)


def _summary(file: str, problems: list[Problem]) -> str:
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    if not problems:
        return f"{file}: no problems"

    def count(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    return f"{file}: {count(errors, 'error')}, {count(warnings, 'warning')}"


def run(args: argparse.Namespace) -> int:
    """Run ``check``; returns the exit status."""
    document, env_files, environ, project = load_file(args)
    problems = check(
        document, profile=args.profile, env_files=env_files, environ=environ, project=project
    )
    if args.json:
        print(json.dumps({"problems": [p.to_dict() for p in problems]}, indent=2))
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
