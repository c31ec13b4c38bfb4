"""Record generated ``docker`` sessions against a private real daemon, one JSON file each.

Usage (as root, on a machine with Docker 20.10's ``dockerd``)::

    python -m tests.daemon.record --cli /usr/bin/docker \\
        --out tests/data/daemon/20.10/cli-20.10 --seeds 0-68
    python -m tests.daemon.record --cli /usr/local/bin/docker \\
        --out tests/data/daemon/20.10/cli-28.2 --seeds 0-68

Each seed's session (:func:`tests.daemon.sequences.generate`) runs from a fresh daemon state
(no containers, daemon restarted: allocator cursor and IPAM from the start) and is written to
``OUT/seed-NNN.json`` with ``source``, ``images`` (``# dockerlinks: image`` directives) and
``steps`` (``argv`` without the program, ``line``, ``stdin`` if any, ``stdout``, ``stderr``,
``exit``, ``scene``), output stored raw. The images live in the daemon's data root
(``--root``), built once, so the recordings of both CLIs use the same image IDs.

A session in which a step hit the timeout, or the harness failed, is recorded again (up to
``--retries`` times); the program exits 1 if any session still failed.

Importing this module does nothing.
"""

from __future__ import annotations

import argparse
import datetime
import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tests.daemon.harness import (
    DEFAULT_CLI,
    IMAGES,
    Daemon,
    DaemonError,
    ImageSpec,
    build_images,
    run_cli,
)
from tests.daemon.sequences import CommandSequence, generate, resolve_word

__all__ = ["main", "parse_seeds", "record_sequence"]

_NAME_REF = "@{name:"


def parse_seeds(text: str) -> list[int]:
    """``0-3,7`` -> ``[0, 1, 2, 3, 7]``.

    >>> parse_seeds("0-3,7")
    [0, 1, 2, 3, 7]
    """
    seeds: list[int] = []
    for part in text.split(","):
        lo, sep, hi = part.strip().partition("-")
        seeds.extend(range(int(lo), int(hi) + 1) if sep else [int(lo)])
    return seeds


def _port_range() -> list[int]:
    text = Path("/proc/sys/net/ipv4/ip_local_port_range").read_text()
    return [int(x) for x in text.split()]


def _listening() -> list[str]:
    proc = subprocess.run(["ss", "-ltnuH"], capture_output=True, text=True, check=False, timeout=10)
    out: list[str] = []
    for row in proc.stdout.splitlines():
        cols = row.split()
        if len(cols) >= 5:
            out.append(f"{cols[0]} {cols[4]}")
    return sorted(set(out))


def _ensure_images(daemon: Daemon, images: Sequence[ImageSpec]) -> dict[str, str]:
    """The images' IDs, building them all if any is missing."""

    def ids() -> dict[str, str] | None:
        found: dict[str, str] = {}
        for spec in images:
            res = run_cli(
                DEFAULT_CLI, ["image", "inspect", "-f", "{{.Id}}", spec.name], host=daemon.host
            )
            if res.exit != 0:
                return None
            found[spec.name] = res.stdout.strip()
        return found

    have = ids()
    if have is None:
        build_images(daemon, images)
        have = ids()
        if have is None:
            raise DaemonError("images missing right after docker import")
    return have


def _resolve(argv: Sequence[str], outputs: dict[int, str], host: str) -> list[str] | None:
    words: list[str] = []
    for word in argv:
        new = resolve_word(word, outputs.get)
        if new is None:
            return None
        while _NAME_REF in new:
            start = new.index(_NAME_REF)
            end = new.index("}", start)
            ident = new[start + len(_NAME_REF) : end]
            res = run_cli(DEFAULT_CLI, ["inspect", "-f", "{{.Name}}", ident], host=host)
            if res.exit != 0:
                return None
            new = new[:start] + res.stdout.strip().lstrip("/") + new[end + 1 :]
        words.append(new)
    return words


def record_sequence(
    daemon: Daemon,
    cli: str,
    seq: CommandSequence,
    *,
    timeout: float,
    source: dict[str, Any],
    images: Sequence[ImageSpec],
) -> dict[str, Any]:
    """Reset the daemon, run every command of ``seq`` with ``cli``; the JSON document."""
    daemon.reset()
    listening = _listening()
    outputs: dict[int, str] = {}
    steps: list[dict[str, Any]] = []
    skipped: list[int] = []
    for index, command in enumerate(seq.commands):
        argv = _resolve(command.argv, outputs, daemon.host)
        if argv is None:
            skipped.append(index)
            continue
        result = run_cli(cli, argv, host=daemon.host, stdin=command.stdin, timeout=timeout)
        outputs[index] = result.stdout
        step: dict[str, Any] = {"argv": list(result.argv), "line": result.line}
        if command.stdin is not None:
            step["stdin"] = command.stdin
        step.update(
            stdout=result.stdout,
            stderr=result.stderr,
            exit=result.exit,
            scene=command.scene,
        )
        if result.timed_out:
            step["timed_out"] = True
        steps.append(step)
    doc_source = dict(source)
    doc_source.update(
        seed=seq.seed,
        topic=seq.topic,
        scenes=list(dict.fromkeys(c.scene for c in seq.commands)),
        generated_commands=len(seq.commands),
        skipped_commands=skipped,
        host_listening=listening,
        recorded=datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    )
    return {
        "source": doc_source,
        "images": [spec.directive() for spec in images],
        "steps": steps,
    }


def _source(daemon: Daemon, cli: str, args: argparse.Namespace) -> dict[str, Any]:
    version = daemon.version(cli)
    client = version.get("Client") or {}
    server = version.get("Server") or {}
    kernel = Path("/proc/sys/kernel/osrelease").read_text().strip()
    return {
        "daemon_version": server.get("Version"),
        "daemon_git_commit": server.get("GitCommit"),
        "daemon_api_version": server.get("ApiVersion"),
        "daemon_flags": [
            "--iptables=false",
            "--ip6tables=false",
            "--storage-driver=vfs",
            "(userland proxy on: the default)",
        ],
        "cli_version": client.get("Version"),
        "cli_git_commit": client.get("GitCommit"),
        "cli_path": cli,
        "api_version": client.get("ApiVersion"),
        "kernel": server.get("KernelVersion") or kernel,
        "os": server.get("Os"),
        "arch": server.get("Arch"),
        "port_range": _port_range(),
        "script": "tests/daemon/record.py",
        "generator": "tests/daemon/sequences.py",
        "command": " ".join(
            [
                "python -m tests.daemon.record",
                f"--cli {cli}",
                f"--out {args.out}",
                f"--seeds {args.seeds}",
            ]
        ),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """The command line (see the module docs)."""
    parser = argparse.ArgumentParser(prog="python -m tests.daemon.record", description=__doc__)
    parser.add_argument("--cli", default=DEFAULT_CLI, help="the docker CLI binary to record")
    parser.add_argument("--out", required=True, type=Path, help="directory for seed-NNN.json")
    parser.add_argument("--seeds", default="0-68", help="seeds, e.g. 0-59,70")
    parser.add_argument("--root", default="/tmp/dlrec/rec", help="the private daemon's root")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per command")
    parser.add_argument("--retries", type=int, default=2, help="re-runs of a failed session")
    args = parser.parse_args(argv)

    args.out.mkdir(parents=True, exist_ok=True)
    failed: list[int] = []
    total = 0
    with Daemon(args.root) as daemon:
        image_ids = _ensure_images(daemon, IMAGES)
        source = _source(daemon, args.cli, args)
        source["image_ids"] = image_ids
        for seed in parse_seeds(args.seeds):
            seq = generate(seed)
            doc: dict[str, Any] | None = None
            for attempt in range(args.retries + 1):
                try:
                    doc = record_sequence(
                        daemon, args.cli, seq, timeout=args.timeout, source=source, images=IMAGES
                    )
                except DaemonError as exc:
                    print(f"seed {seed}: harness error: {exc}", file=sys.stderr)
                    doc = None
                    daemon.stop()
                    daemon.start()
                    continue
                if not any(step.get("timed_out") for step in doc["steps"]):
                    break
                print(f"seed {seed}: a step timed out (attempt {attempt + 1})", file=sys.stderr)
            if doc is None or any(step.get("timed_out") for step in doc["steps"]):
                failed.append(seed)
            if doc is None:
                continue
            path = args.out / f"seed-{seed:03d}.json"
            text = json.dumps(doc, indent=1, ensure_ascii=False) + "\n"
            path.write_text(text, encoding="utf-8")
            total += len(doc["steps"])
            print(f"{path}: {seq.topic}, {len(doc['steps'])} steps", flush=True)
        daemon.remove_all_containers()
    print(f"{total} commands recorded; failed seeds: {failed or 'none'}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
