"""Scripted ``docker`` sessions against the harness's private daemon, one JSON file each.

This module holds what the scripted recorders (``record_networks``, ``record_checks``,
``record_api``) share: the images they use, the step runner and the JSON document. It knows
nothing of any one recording's commands, and it never touches the harness's internals: it
uses :mod:`tests.daemon.harness` through its public API only.

A session is a :class:`Script`: a name, a question or topic, and steps. A step is a CLI
command (:class:`Cli`, written as one shell-quoted string) or a host action (:class:`Listen`,
:class:`Unlisten`, :class:`ReadHosts`, :class:`RestartDaemon`) that the recorder performs
between two commands and records in ``source.host_actions`` (``before_step`` is the index of
the next recorded command), so ``steps`` holds CLI commands only, in the format of
``tests/daemon/record.py``: ``argv`` (without the program), ``line``, ``stdin`` if any,
``stdout``, ``stderr``, ``exit``, ``scene``.

A command's words may hold ``@{id:NAME}`` or ``@{short:NAME}``: the full or 12-hex ID of the
container ``NAME`` at that moment, looked up (unrecorded) with ``docker container inspect``,
as a user copies an ID from the screen::

    >>> Cli("run -d --name 'a b' x").argv
    ('run', '-d', '--name', 'a b', 'x')
    >>> references("nslookup @{short:web}")
    [('short', 'web')]

The images are the harness's :data:`~tests.daemon.harness.IMAGES` plus :data:`EXTRA_IMAGES`,
built by ``docker import`` of the harness's root filesystem with one more applet link,
``/bin/nslookup`` (busybox's), so that containers on user-defined networks can ask the
embedded DNS server for the session's own names.

Importing this module starts nothing.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import re
import shlex
import subprocess
import sys
import tarfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs

from tests.daemon.harness import (
    DEFAULT_CLI,
    IMAGES,
    Daemon,
    DaemonError,
    ImageSpec,
    rootfs_tar,
    run_cli,
)

__all__ = [
    "ALL_IMAGES",
    "CLIS",
    "EXTRA_IMAGES",
    "Cli",
    "Listen",
    "ReadHosts",
    "RestartDaemon",
    "Script",
    "Step",
    "Unlisten",
    "clean_state",
    "ensure_images",
    "port_range",
    "record_script",
    "references",
    "run_scripts",
    "source_info",
    "write_json",
]

_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

#: The two real CLIs on this machine, by the directory name their recordings go under.
CLIS: dict[str, str] = {"cli-20.10": "/usr/bin/docker", "cli-28.2": "/usr/local/bin/docker"}

#: Images of these recorders only (the harness's catalog stays as it is).
EXTRA_IMAGES: tuple[ImageSpec, ...] = (
    ImageSpec(
        "dlrec/ports6",
        expose=("80/tcp", "443/tcp", "53/udp", "9000-9003/tcp", "8000/tcp", "1234/udp"),
        cmd=("serve",),
    ),
    ImageSpec("dlrec/range", expose=("7000-7003/tcp",), cmd=("serve",)),
    ImageSpec("dlrec/range2", expose=("7000-7003/tcp", "7000-7003/udp"), cmd=("serve",)),
    ImageSpec(
        "dlrec/envserve",
        expose=("8080/tcp",),
        env=(f"PATH={_PATH}", "ROLE=envserve"),
        cmd=("sh", "-c", "env; exec serve"),
    ),
)
#: Every image a scripted recording may name.
ALL_IMAGES: tuple[ImageSpec, ...] = IMAGES + EXTRA_IMAGES

_REF = re.compile(r"@\{(id|short):([^}]+)\}")


def references(word: str) -> list[tuple[str, str]]:
    """The ``(kind, container)`` references in one word."""
    return [(m.group(1), m.group(2)) for m in _REF.finditer(word)]


@attrs.frozen
class Cli:
    """One CLI command, written as a shell-quoted string (without the program)."""

    text: str
    stdin: str | None = None
    scene: str = ""

    @property
    def argv(self) -> tuple[str, ...]:
        """The words of :attr:`text`."""
        return tuple(shlex.split(self.text))


@attrs.frozen
class Listen:
    """Hold a listening TCP socket on ``address:port`` (a Python process of ours)."""

    address: str
    port: int | str  # "first-ephemeral": the first port of ip_local_port_range


@attrs.frozen
class Unlisten:
    """Stop the process of the last :class:`Listen`."""


@attrs.frozen
class ReadHosts:
    """Read a container's ``/etc/hosts`` from the host side (its ``HostsPath``), for the
    moments ``docker exec`` refuses (a linked child of it is stopped)."""

    container: str


@attrs.frozen
class RestartDaemon:
    """Restart the daemon (stop, start: allocator and IPAM fresh; containers and networks
    stay, running ones come back only with a restart policy)."""


Step = Cli | Listen | Unlisten | ReadHosts | RestartDaemon


@attrs.frozen
class Script:
    """A recorded session: file stem, what it shows, and its steps."""

    name: str
    question: str
    steps: tuple[Step, ...]
    section: str = ""


# ============================================================================ images


def _rootfs() -> bytes:
    """The harness's root filesystem plus ``/bin/nslookup`` -> busybox."""
    buf = io.BytesIO(rootfs_tar())
    with tarfile.open(fileobj=buf, mode="a") as tar:
        info = tarfile.TarInfo("bin/nslookup")
        info.type = tarfile.SYMTYPE
        info.linkname = "busybox"
        info.mode = 0o777
        info.mtime = 1_700_000_000
        tar.addfile(info)
    return buf.getvalue()


def _env(host: str) -> dict[str, str]:
    home = Path("/tmp/dlrec/home")
    (home / ".docker").mkdir(parents=True, exist_ok=True)
    return {
        "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
        "HOME": str(home),
        "DOCKER_HOST": host,
        "DOCKER_CONFIG": str(home / ".docker"),
        "LANG": "C.UTF-8",
    }


def ensure_images(daemon: Daemon, images: Sequence[ImageSpec] = ALL_IMAGES) -> dict[str, str]:
    """Each image's ID, importing any that is missing (the images live in the daemon's data
    root, so both CLIs' recordings see the same IDs)."""
    tarball: bytes | None = None
    ids: dict[str, str] = {}
    for spec in images:
        res = run_cli(
            DEFAULT_CLI, ["image", "inspect", "-f", "{{.Id}}", spec.name], host=daemon.host
        )
        if res.exit != 0:
            if tarball is None:
                tarball = _rootfs()
            argv = [DEFAULT_CLI, "import"]
            for change in spec.changes():
                argv += ["--change", change]
            argv += ["-", spec.name]
            proc = subprocess.run(
                argv,
                input=tarball,
                capture_output=True,
                env=_env(daemon.host),
                timeout=120,
                check=False,
            )
            if proc.returncode != 0:
                raise DaemonError(f"docker import {spec.name}: {proc.stderr.decode().strip()}")
            res = run_cli(
                DEFAULT_CLI, ["image", "inspect", "-f", "{{.Id}}", spec.name], host=daemon.host
            )
        ids[spec.name] = res.stdout.strip()
    return ids


# ============================================================================ state


def clean_state(daemon: Daemon) -> None:
    """No containers, no user-defined networks, then a daemon restart (fresh allocator
    cursor and IPAM)."""
    if not daemon.running:
        daemon.start()
    daemon.remove_all_containers()
    listed = run_cli(
        DEFAULT_CLI, ["network", "ls", "-q", "--filter", "type=custom"], host=daemon.host
    )
    if listed.exit != 0:
        raise DaemonError(f"docker network ls failed: {listed.stderr.strip()}")
    if listed.stdout.split():
        removed = run_cli(DEFAULT_CLI, ["network", "rm", *listed.stdout.split()], host=daemon.host)
        if removed.exit != 0:
            raise DaemonError(f"docker network rm failed: {removed.stderr.strip()}")
    daemon.restart()


def port_range() -> list[int]:
    """The kernel's ephemeral port range (``ip_local_port_range``)."""
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


_LISTENER = (
    "import socket, sys, time\n"
    "s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)\n"
    "s.bind((sys.argv[1], int(sys.argv[2])))\n"
    "s.listen(8)\n"
    "print('ready', flush=True)\n"
    "time.sleep(3600)\n"
)


class _Listener:
    """A child Python process that holds one listening socket (no SO_REUSEADDR)."""

    def __init__(self, address: str, port: int) -> None:
        self.address = address
        self.port = port
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _LISTENER, address, str(port)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().strip()
        if line != "ready":
            err = self.proc.stderr.read() if self.proc.stderr else ""
            self.stop()
            raise DaemonError(f"listener on {address}:{port} failed: {err.strip()}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


# ============================================================================ running


def _resolve(word: str, host: str) -> str | None:
    def sub(match: re.Match[str]) -> str:
        res = run_cli(
            DEFAULT_CLI, ["container", "inspect", "-f", "{{.Id}}", match.group(2)], host=host
        )
        ident = res.stdout.strip() if res.exit == 0 else ""
        if not ident:
            raise LookupError(match.group(2))
        return ident if match.group(1) == "id" else ident[:12]

    try:
        return _REF.sub(sub, word)
    except LookupError:
        return None


def source_info(daemon: Daemon, cli: str) -> dict[str, Any]:
    """Versions of the daemon and of ``cli``, kernel, port range, daemon flags."""
    version = daemon.version(cli)
    client = version.get("Client") or {}
    server = version.get("Server") or {}
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
        "kernel": server.get("KernelVersion"),
        "os": server.get("Os"),
        "arch": server.get("Arch"),
        "port_range": port_range(),
        "rootfs": "tests/daemon/harness.py rootfs_tar() plus /bin/nslookup -> busybox",
    }


def record_script(
    daemon: Daemon,
    cli: str,
    script: Script,
    *,
    source: dict[str, Any],
    timeout: float = 60.0,
    fresh: bool = True,
) -> dict[str, Any]:
    """Run ``script`` with ``cli`` (from a clean state when ``fresh``); the JSON document."""
    if fresh:
        clean_state(daemon)
    listening = _listening()
    steps: list[dict[str, Any]] = []
    actions: list[dict[str, Any]] = []
    skipped: list[str] = []
    listener: _Listener | None = None
    try:
        for step in script.steps:
            if isinstance(step, Listen):
                port = port_range()[0] if step.port == "first-ephemeral" else int(step.port)
                listener = _Listener(step.address, port)
                actions.append(
                    {
                        "before_step": len(steps),
                        "action": "listen",
                        "address": step.address,
                        "port": port,
                        "how": "a Python process: socket(AF_INET, SOCK_STREAM), bind, "
                        "listen(8); no SO_REUSEADDR",
                    }
                )
                continue
            if isinstance(step, Unlisten):
                if listener is not None:
                    listener.stop()
                    actions.append(
                        {
                            "before_step": len(steps),
                            "action": "unlisten",
                            "address": listener.address,
                            "port": listener.port,
                        }
                    )
                    listener = None
                continue
            if isinstance(step, ReadHosts):
                found = run_cli(
                    DEFAULT_CLI,
                    ["container", "inspect", "-f", "{{.HostsPath}}", step.container],
                    host=daemon.host,
                )
                path = found.stdout.strip()
                actions.append(
                    {
                        "before_step": len(steps),
                        "action": "read hosts file",
                        "container": step.container,
                        "path": path,
                        "content": Path(path).read_text() if path else None,
                    }
                )
                continue
            if isinstance(step, RestartDaemon):
                daemon.restart()
                actions.append({"before_step": len(steps), "action": "restart daemon"})
                continue
            words: list[str] = []
            for word in step.argv:
                new = _resolve(word, daemon.host)
                if new is None:
                    break
                words.append(new)
            else:
                result = run_cli(cli, words, host=daemon.host, stdin=step.stdin, timeout=timeout)
                doc: dict[str, Any] = {"argv": list(result.argv), "line": result.line}
                if step.stdin is not None:
                    doc["stdin"] = step.stdin
                doc.update(
                    stdout=result.stdout,
                    stderr=result.stderr,
                    exit=result.exit,
                    scene=step.scene or script.section,
                )
                if result.timed_out:
                    doc["timed_out"] = True
                steps.append(doc)
                continue
            skipped.append(step.text)
    finally:
        if listener is not None:
            listener.stop()
    doc_source = dict(source)
    doc_source.update(
        name=script.name,
        question=script.question,
        host_listening=listening,
        host_actions=actions,
        skipped_commands=skipped,
        recorded=datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    )
    return {
        "source": doc_source,
        "images": [spec.directive() for spec in ALL_IMAGES],
        "steps": steps,
    }


def write_json(path: Path, doc: dict[str, Any]) -> None:
    """``doc`` as indented UTF-8 JSON with a final newline."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def run_scripts(
    scripts: Sequence[Script],
    *,
    out: Path,
    root: str,
    clis: Sequence[str],
    only: Sequence[str] = (),
    command: str,
    timeout: float = 60.0,
) -> int:
    """Record each script with each CLI (``clis`` are keys of :data:`CLIS`) into
    ``out/CLI/NAME.json``; a script whose command timed out is recorded once more. Returns
    the process exit status (1 if a recording still failed)."""
    failed: list[str] = []
    chosen = [s for s in scripts if not only or s.name in only]
    with Daemon(root) as daemon:
        image_ids = ensure_images(daemon)
        for key in clis:
            cli = CLIS[key]
            source = source_info(daemon, cli)
            source.update(image_ids=image_ids, command=command)
            for script in chosen:
                doc: dict[str, Any] | None = None
                for _attempt in range(2):
                    try:
                        doc = record_script(daemon, cli, script, source=source, timeout=timeout)
                    except DaemonError as exc:
                        print(f"{key} {script.name}: harness error: {exc}", file=sys.stderr)
                        doc = None
                        daemon.stop()
                        daemon.start()
                        continue
                    if not any(step.get("timed_out") for step in doc["steps"]):
                        break
                if doc is None or any(step.get("timed_out") for step in doc["steps"]):
                    failed.append(f"{key}/{script.name}")
                if doc is None:
                    continue
                path = out / key / f"{script.name}.json"
                write_json(path, doc)
                print(f"{path}: {len(doc['steps'])} steps", flush=True)
        daemon.remove_all_containers()
    print(f"failed: {failed or 'none'}")
    return 1 if failed else 0
