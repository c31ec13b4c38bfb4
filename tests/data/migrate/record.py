"""Record Compose's answers for the migrate tests (run by hand where a Compose v2 binary is).

    python tests/data/migrate/record.py path/to/docker-compose

For each case in ``cases/`` it migrates the file (project name: the case's name) and has
Compose load the source and the migrated text (``config --format json``, no daemon, an empty
environment), writing ``answers/<case>.json``: the SHA-256 of both texts, Compose's version,
and its JSON (or its last error line). It also records ``compose-answers.json``: how Compose
turns YAML numbers into environment text, and the ``depends_on`` it derives from ``links``.
The tests compare the migrator's output with these answers without the binary.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from dockerlinks.migrate import migrate_compose  # noqa: E402

ENV = {"PATH": "/usr/bin:/bin", "HOME": "/nonexistent"}

SCALARS = {
    "A": "9.3",
    "B": "1e3",
    "C": "0x10",
    "D": "true",
    "E": "010",
    "F": "9.30",
    "G": "1.0",
    "H": "1e6",
    "I": "0.000001",
    "J": "123456789.0",
    "K": "-0.0",
    "L": "1e21",
    "M": "100000.0",
    "N": "0.00012",
}


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def compose_config(binary: str, text: str, project: str) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "compose.yaml")
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        result = subprocess.run(
            [binary, "-p", project, "-f", path, "config", "--format", "json"],
            capture_output=True,
            env=ENV,
            timeout=120,
            check=False,
            cwd=directory,
        )
    if result.returncode != 0:
        lines = result.stderr.decode("utf-8", "replace").strip().splitlines() or ["failed"]
        return {"error": lines[-1].replace(directory, "DIR")}
    return {"config": json.loads(result.stdout)}


def main(argv: list[str]) -> int:
    binary = argv[1] if len(argv) > 1 else "docker-compose"
    version = subprocess.run(
        [binary, "version", "--short"], capture_output=True, text=True, check=True
    ).stdout.strip()
    answers = HERE / "answers"
    answers.mkdir(exist_ok=True)
    for case in sorted((HERE / "cases").glob("*.yaml")):
        source = case.read_bytes().decode("utf-8")
        migrated = migrate_compose(source, project=case.stem, filename=case.name).text
        record = {
            "compose": version,
            "source_sha256": sha(source),
            "migrated_sha256": sha(migrated),
            "source": compose_config(binary, source, case.stem),
            "migrated": compose_config(binary, migrated, case.stem),
        }
        (answers / f"{case.stem}.json").write_text(
            json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8"
        )
        print(case.stem, "migrated accepted" if "config" in record["migrated"] else "REFUSED")
    lines = "".join(f"      {k}: {v}\n" for k, v in SCALARS.items())
    scalars = compose_config(
        binary, f"services:\n  s:\n    image: x\n    environment:\n{lines}", "s"
    )
    links = compose_config(
        binary,
        "services:\n  db:\n    image: x\n  cache:\n    image: x\n  web:\n    image: x\n"
        "    depends_on: [db]\n    links: [db, cache]\n",
        "l",
    )
    out = {
        "compose": version,
        "environment_scalars": {
            "yaml": SCALARS,
            "text": scalars["config"]["services"]["s"]["environment"],
        },
        "depends_on_from_links": links["config"]["services"]["web"]["depends_on"],
    }
    (HERE / "compose-answers.json").write_text(
        json.dumps(out, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
