"""The explicit loader that has the user's own Compose load a project (``--loader compose``).

What lives here: finding a Compose binary (``--compose-binary``, else ``docker compose``,
else ``docker-compose``), running ``config --format json`` with the options given, and
reading its output as a one-file project. It is the only module of the package that runs a
program; it must not know what the checks are. Positions then point into Compose's output,
not the user's files.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Mapping, Sequence

from dockerlinks.compose.disk import decode
from dockerlinks.compose.files import MemoryFiles
from dockerlinks.compose.model import escape_controls
from dockerlinks.compose.problems import ComposeError
from dockerlinks.compose.project import Options, Project, ProjectError, load_project

__all__ = ["compose_command", "load_with_compose"]


def compose_command(binary: str | None = None) -> list[str]:
    """The command that runs Compose: ``binary``, else ``docker compose`` when the docker CLI
    has the plugin, else ``docker-compose``."""
    if binary:
        return [binary]
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


def load_with_compose(
    environ: Mapping[str, str],
    *,
    files: Sequence[str] = (),
    project_directory: str | None = None,
    env_files: Sequence[str] = (),
    profiles: Sequence[str] = (),
    project_name: str | None = None,
    binary: str | None = None,
    check_dependencies: bool = True,
) -> Project:
    """Have Compose load the project; its JSON output is then read as one file."""
    command = compose_command(binary)
    for name in files:
        command += ["-f", name]
    if project_directory:
        command += ["--project-directory", project_directory]
    for name in env_files:
        command += ["--env-file", name]
    for name in profiles:
        command += ["--profile", name]
    if project_name:
        command += ["--project-name", project_name]
    command += ["config", "--format", "json"]
    try:
        result = subprocess.run(
            command, capture_output=True, env=dict(environ), timeout=120, check=False
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise ComposeError(f"--loader compose: cannot run {command[0]}: {exc}") from None
    if result.returncode != 0:
        lines = result.stderr.decode("utf-8", "replace").strip().splitlines() or ["failed"]
        raise ProjectError(f"compose: {escape_controls(lines[-1])}", "compose")
    text = decode(result.stdout, "output of", "compose config")
    cwd = os.getcwd()
    path = os.path.join(cwd, "compose-config.json")
    # Compose's output holds the active services only, each with its profiles: all of them
    # stay active when the output is read again
    options = Options(files=(path,), profiles=("*",), check_dependencies=check_dependencies)
    return load_project(options, MemoryFiles({path: text}, cwd=cwd), {})
