"""Migrate public compose files that use links and check each result with Compose (by hand).

    python tests/data/migrate/corpus.py CORPUS MIRRORS path/to/docker-compose

CORPUS holds the checkouts of tests/compose_corpus/manifest.json; every file of its projects
that has ``links`` or ``external_links`` is migrated. MIRRORS holds bare git mirrors
(``<owner>+<name>/repo``) of the repositories of ``PUBLIC`` below, public compose files with
links read at the ref given. Each file is loaded by Compose before and after (``config
--format json``, an empty environment); ``corpus-results.json`` records per file whether
Compose accepted both, the notes' codes and the time the migration took.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from dockerlinks.errors import DockerLinksError  # noqa: E402
from dockerlinks.migrate import migrate_compose  # noqa: E402

#: (repository, ref, path) of public compose files that use links.
PUBLIC = (
    ("docker/compose", "v2.40.3", "pkg/e2e/fixtures/network-links/compose.yaml"),
    ("docker/compose", "HEAD", "pkg/e2e/testdata/TestNetworkLinks/compose.yaml"),
    ("docker/compose", "HEAD", "pkg/e2e/testdata/TestNetworkAliases/compose.yaml"),
    ("docker/compose", "HEAD", "pkg/e2e/testdata/TestUpNoDeps/compose.yaml"),
    ("compose-spec/compose-go", "HEAD", "schema/using-variables.yaml"),
    ("docker/compose", "1.29.2", "tests/fixtures/links-composefile/docker-compose.yml"),
    ("docker/compose", "1.29.2", "tests/fixtures/networks/docker-compose.yml"),
    ("docker/compose", "1.29.2", "tests/fixtures/extends/docker-compose.yml"),
    ("docker/compose", "1.29.2", "tests/fixtures/override-yaml-files/docker-compose.yml"),
    (
        "docker/compose",
        "1.29.2",
        "tests/fixtures/duplicate-override-yaml-files/docker-compose.yml",
    ),
)
ENV = {"PATH": "/usr/bin:/bin", "HOME": "/nonexistent"}


def accepted(binary: str, text: str, directory: str | None = None) -> tuple[bool, str]:
    with tempfile.TemporaryDirectory() as scratch:
        where = directory or scratch
        path = os.path.join(scratch, "compose.yaml")
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        result = subprocess.run(
            [binary, "-p", "corpus", "--project-directory", where, "-f", path, "config", "-q"],
            capture_output=True,
            env=ENV,
            timeout=120,
            check=False,
        )
    last = (result.stderr.decode("utf-8", "replace").strip().splitlines() or [""])[-1]
    return result.returncode == 0, last


def check(binary: str, name: str, text: str, directory: str | None) -> dict[str, Any]:
    before_ok, before_error = accepted(binary, text, directory)
    start = time.perf_counter()
    try:
        migration = migrate_compose(text, filename=name)
    except DockerLinksError as exc:
        return {"file": name, "compose_accepts_source": before_ok, "error": exc.docker_message}
    seconds = time.perf_counter() - start
    after_ok, after_error = accepted(binary, migration.text, directory)
    return {
        "file": name,
        "compose_accepts_source": before_ok,
        "source_error": "" if before_ok else before_error,
        "changed": migration.changed,
        "compose_accepts_migrated": after_ok,
        "migrated_error": "" if after_ok else after_error,
        "notes": sorted({note.code for note in migration.notes}),
        "seconds": round(seconds, 4),
    }


def main(argv: list[str]) -> int:
    corpus, mirrors, binary = argv[1], argv[2], argv[3]
    manifest = json.loads((HERE.parents[1] / "compose_corpus" / "manifest.json").read_text())
    results: list[dict[str, Any]] = []
    scanned = 0
    for project in manifest["projects"]:
        directory = os.path.join(corpus, project["repo"], project["directory"])
        for file in project["files"]:
            path = os.path.join(directory, file)
            try:
                text = Path(path).read_bytes().decode("utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            scanned += 1
            if "links:" in text:
                results.append(check(binary, f"{project['repo']}/{file}", text, directory))
    public = []
    for repo, ref, path in PUBLIC:
        git_dir = os.path.join(mirrors, repo.replace("/", "+"), "repo")
        shown = subprocess.run(
            ["git", f"--git-dir={git_dir}", "show", f"{ref}:{path}"],
            capture_output=True,
            check=False,
        )
        if shown.returncode != 0:
            continue
        public.append(check(binary, f"{repo}@{ref}:{path}", shown.stdout.decode(), None))
    out = {
        "manifest_files_scanned": scanned,
        "manifest_files_with_links": len(results),
        "manifest": results,
        "public": public,
    }
    (HERE / "corpus-results.json").write_text(json.dumps(out, indent=1) + "\n")
    for item in results + public:
        print(json.dumps(item))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
