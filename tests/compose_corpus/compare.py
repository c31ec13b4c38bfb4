"""Compare the built-in compose loader with the real Compose v2 on a corpus of public projects.

The corpus itself is not part of the repository: ``manifest.json`` beside this file names the
public repositories (and commits) it comes from, which files form one project, and the options
of each (``-f`` files, ``--profile``, ``--env-file``). Check the repositories out into
``CORPUS/<owner>+<name>/`` and run::

    python -m tests.compose_corpus.compare CORPUS path/to/docker-compose [--manifest FILE]

For every project it runs ``docker-compose ... config --format json`` (no daemon needed) and
the built-in loader, and prints the agreement figures: files and projects, agreement per
aspect (services, ports, expose, links, networks, dependencies, environment) where Compose
accepts the project, rejections and whether the causes agree, and port entries resolved.
Importing this module runs nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import yaml

from dockerlinks.compose.check import analyse, check
from dockerlinks.compose.disk import load_from_disk
from dockerlinks.compose.problems import ComposeError
from dockerlinks.compose.project import ProjectError
from dockerlinks.compose.view import ASPECTS, config_view

__all__ = ["Outcome", "ProjectSpec", "compare_project", "load_manifest", "main", "run_compose"]

MANIFEST = Path(__file__).with_name("manifest.json")
#: The environment both loaders see (nothing of the caller's own).
BASE_ENV = {"PATH": "/usr/bin:/bin", "HOME": "/nonexistent"}

#: Words of Compose's error text and the cause they stand for (first match wins).
CAUSES: tuple[tuple[str, str], ...] = (
    ("has neither an image", "consistency"),
    ("refers to undefined", "consistency"),
    ("mutually exclusive", "consistency"),
    ("must include service.platform", "consistency"),
    ("depends on undefined", "consistency"),
    ("pulled in as dependency", "consistency"),
    ("not found for network_mode", "consistency"),
    ("dependency cycle", "consistency"),
    ("already defined", "duplicate-key"),
    ("invalid interpolation", "interpolation"),
    ("required variable", "interpolation"),
    ("error while interpolating", "interpolation"),
    ("must be a mapping", "shape"),
    ("top-level object", "shape"),
    (": yaml:", "yaml"),
    ("failed to parse", "yaml"),
    ("extend", "extends"),
    ("include", "include"),
    ("env file", "env-file"),
    ("failed to read", "env-file"),
    ("depends on undefined", "dependency"),
    ("dependency", "dependency"),
    ("pulled in as dependency", "dependency"),
    ("cannot override", "merge"),
    ("no configuration file", "files"),
    ("no such file", "files"),
    ("additional properties", "schema"),
    ("invalid spec", "volume"),
    ("invalid empty volume spec", "volume"),
    ("validating", "schema"),
)


@attrs.frozen
class ProjectSpec:
    """One project of the manifest."""

    repo: str
    directory: str
    files: tuple[str, ...] = ()
    profiles: tuple[str, ...] = ()
    env_files: tuple[str, ...] = ()


@attrs.frozen
class Outcome:
    """What both loaders made of one project."""

    spec: ProjectSpec
    compose_ok: bool
    builtin_ok: bool
    compose_cause: str = ""
    builtin_cause: str = ""
    agree: Mapping[str, bool] = attrs.field(factory=dict)
    ports_total: int = 0
    ports_resolved: int = 0
    detail: str = ""
    problems: tuple[str, ...] = ()
    """What ``dockerlinks check`` reports on the project (errors and warnings, located)."""
    ports_checked: int = 0
    """Port entries the checker read as valid bindings."""


def load_manifest(path: Path = MANIFEST) -> tuple[list[ProjectSpec], dict[str, str]]:
    """The projects of the manifest, and the commit of each repository."""
    data = json.loads(path.read_text(encoding="utf-8"))
    commits = {repo["repo"]: repo["commit"] for repo in data["repositories"]}
    specs = [
        ProjectSpec(
            project["repo"],
            project["directory"],
            tuple(project.get("files", ())),
            tuple(project.get("profiles", ())),
            tuple(project.get("env_files", ())),
        )
        for project in data["projects"]
    ]
    return specs, commits


def _arguments(spec: ProjectSpec) -> list[str]:
    out: list[str] = []
    for name in spec.files:
        out += ["-f", name]
    for profile in spec.profiles:
        out += ["--profile", profile]
    for env_file in spec.env_files:
        out += ["--env-file", env_file]
    return out


def cause_of(message: str) -> str:
    """The cause a Compose (or built-in) error message names (table :data:`CAUSES`); the
    words of file paths (a project under ``testdata/include/``) are not read."""
    lowered = " ".join(word for word in message.lower().split() if "/" not in word)
    for words, cause in CAUSES:
        if words in lowered:
            return cause
    return "other"


def run_compose(binary: str, where: Path, spec: ProjectSpec) -> tuple[bool, Any]:
    """Compose's ``config --format json`` of a project: (True, model) or (False, stderr)."""
    command = [binary, *_arguments(spec), "config", "--format", "json"]
    result = subprocess.run(
        command, cwd=where, env=BASE_ENV, capture_output=True, text=True, timeout=60, check=False
    )
    if result.returncode != 0 and "MarshalJSON" in result.stderr:
        # Compose loaded the project but cannot print it as JSON (build.ssh entries,
        # types.SSHKey): its YAML form says the same.
        command[-1] = "yaml"
        result = subprocess.run(
            command,
            cwd=where,
            env=BASE_ENV,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if result.returncode == 0:
            return True, yaml.safe_load(result.stdout)
    if result.returncode != 0:
        return False, result.stderr.strip()
    return True, json.loads(result.stdout)


def _port_count(services: Mapping[str, Any]) -> tuple[int, int]:
    total = resolved = 0
    for service in services.values():
        for item in service.get("ports") or ():
            total += 1
            if isinstance(item, dict) or "$" not in str(item):
                resolved += 1
    return total, resolved


def compare_project(binary: str, corpus: Path, spec: ProjectSpec) -> Outcome:
    """Run both loaders on one project and compare them aspect by aspect."""
    where = corpus / spec.repo / spec.directory
    compose_ok, compose = run_compose(binary, where, spec)
    try:
        project = load_from_disk(
            list(spec.files),
            BASE_ENV,
            cwd=str(where),
            env_files=list(spec.env_files) or None,
            profiles=list(spec.profiles) or None,
            confine=False,
        )
    except ProjectError as exc:
        builtin_cause = "consistency" if exc.kind == "dependency" else exc.kind
        builtin: Any = exc.docker_message
        builtin_ok = False
    except ComposeError as exc:
        builtin_cause = cause_of(exc.docker_message)
        builtin = exc.docker_message
        builtin_ok = False
    else:
        builtin_ok = True
        builtin_cause = ""
    if not compose_ok or not builtin_ok:
        return Outcome(
            spec,
            compose_ok,
            builtin_ok,
            cause_of(compose) if not compose_ok else "",
            builtin_cause,
            detail=(compose if not compose_ok else "")
            + " | "
            + (builtin if not builtin_ok else ""),
        )
    theirs = config_view(compose.get("services", {}), compose_output=True)
    ours = config_view(project.services)
    agree: dict[str, bool] = {"services": set(theirs) == set(ours)}
    details: list[str] = []
    for aspect in ASPECTS:
        same = all(theirs[name][aspect] == ours[name][aspect] for name in set(theirs) & set(ours))
        agree[aspect] = same
        if not same:
            for name in sorted(set(theirs) & set(ours)):
                if theirs[name][aspect] != ours[name][aspect]:
                    details.append(
                        f"{name}.{aspect}: compose {theirs[name][aspect]!r} "
                        f"builtin {ours[name][aspect]!r}"
                    )
                    break
    if not agree["services"]:
        details.append(f"services: compose {sorted(theirs)} builtin {sorted(ours)}")
    total, resolved = _port_count(project.services)
    problems = check(project)
    checked = sum(len(service.ports) for service in analyse(project)[0].services)
    return Outcome(
        spec,
        True,
        True,
        agree=agree,
        ports_total=total,
        ports_resolved=resolved,
        detail="; ".join(details),
        problems=tuple(p.located() for p in problems if p.severity != "info"),
        ports_checked=checked,
    )


def report(outcomes: Sequence[Outcome], files: int) -> str:
    """The figures, as text."""
    lines = [f"files: {files}", f"projects: {len(outcomes)}"]
    both = [o for o in outcomes if o.compose_ok and o.builtin_ok]
    accepted = [o for o in outcomes if o.compose_ok]
    lines.append(f"accepted by Compose: {len(accepted)}; loaded by both: {len(both)}")
    for aspect in ("services", *ASPECTS):
        count = sum(1 for o in both if o.agree.get(aspect))
        lines.append(f"  agree on {aspect}: {count}/{len(both)}")
    refused_by_us = [o for o in accepted if not o.builtin_ok]
    lines.append(f"refused by the built-in loader although Compose accepts: {len(refused_by_us)}")
    lines.extend(
        f"    {o.spec.repo}/{o.spec.directory} {o.spec.files}: {o.detail}" for o in refused_by_us
    )
    rejected = [o for o in outcomes if not o.compose_ok]
    same_cause = sum(1 for o in rejected if not o.builtin_ok and o.builtin_cause == o.compose_cause)
    accepted_by_us = [o for o in rejected if o.builtin_ok]
    lines.append(
        f"rejected by Compose: {len(rejected)}; also by the built-in loader: "
        f"{len(rejected) - len(accepted_by_us)}; same cause: {same_cause}"
    )
    causes = Counter(o.compose_cause for o in rejected)
    lines.append("  Compose's causes: " + ", ".join(f"{k} {v}" for k, v in causes.most_common()))
    lines.extend(
        f"    accepted by us: {o.spec.repo}/{o.spec.directory} {o.spec.files}: {o.detail}"
        for o in accepted_by_us
    )
    lines.extend(
        f"    other cause: {o.spec.repo}/{o.spec.directory} {o.spec.files}: compose "
        f"{o.compose_cause}, builtin {o.builtin_cause}: {o.detail}"
        for o in rejected
        if not o.builtin_ok and o.builtin_cause != o.compose_cause
    )
    total = sum(o.ports_total for o in both)
    resolved = sum(o.ports_resolved for o in both)
    checked = sum(o.ports_checked for o in both)
    lines.append(
        f"port entries: {total}, resolved (no variable left): {resolved}, checked as "
        f"bindings: {checked}"
    )
    found = [(o, p) for o in both for p in o.problems]
    errors = [(o, p) for o, p in found if "error[" in p]
    lines.append(
        f"check on the projects Compose accepts: {len(errors)} errors, "
        f"{len(found) - len(errors)} warnings"
    )
    lines.extend(f"    {o.spec.repo}/{o.spec.directory}: {p}" for o, p in found)
    disagreements = [o for o in both if not all(o.agree.values())]
    lines.append(f"projects with a disagreement: {len(disagreements)}")
    lines.extend(
        f"    {o.spec.repo}/{o.spec.directory} {o.spec.files}: {o.detail}" for o in disagreements
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``compare CORPUS COMPOSE_BINARY [--manifest FILE]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("binary")
    parser.add_argument("--manifest", type=Path, default=MANIFEST)
    args = parser.parse_args(argv)
    specs, _ = load_manifest(args.manifest)
    files: set[str] = set()
    outcomes = []
    for spec in specs:
        outcome = compare_project(args.binary, args.corpus, spec)
        outcomes.append(outcome)
        names = spec.files or ("compose.yaml",)
        files.update(os.path.normpath(f"{spec.repo}/{spec.directory}/{n}") for n in names)
    print(report(outcomes, len(files)))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
