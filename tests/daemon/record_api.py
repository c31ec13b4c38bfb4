"""Record Engine API exchanges of real clients through :mod:`tests.daemon.api_proxy`.

Usage (as root, on a machine with Docker 20.10's ``dockerd``; docker-py in a venv)::

    python -m venv /tmp/dlapi/venv && /tmp/dlapi/venv/bin/pip install docker
    python -m tests.daemon.record_api --out tests/data/daemon/20.10/api \\
        --python /tmp/dlapi/venv/bin/python

writes one JSON file per session: ``cli-28.2.json`` and ``cli-20.10.json`` (the CLI's
walkthrough, :data:`WALKTHROUGH`), ``cli-28.2-networks.json`` and ``cli-20.10-networks.json``
(:data:`NETWORK_WALKTHROUGH`) and ``docker-py.json`` (:mod:`tests.daemon.dockerpy_session`).
A document holds ``source`` (client and version, daemon version, API versions),
``commands`` (each CLI command or docker-py call with its output and the ``seq`` numbers of
its exchanges), ``exchanges`` (every HTTP exchange in the order the requests arrived, in the
form :mod:`tests.daemon.api_proxy` documents) and ``connections``.

Each session starts from a clean daemon state (no containers, no user networks, daemon
restarted). After each command the recorder waits until the client has hung up; a request
the daemon still owes an answer to (the 20.10 CLI's ``/wait`` for ``docker run -d``) stays
open and completes when the harness removes every container at the end of the session
(directly, not through the proxy), so its exchange holds the daemon's late answer too.

Commands marked ``tty`` run on a pseudo-terminal of ours (24 rows, 80 columns)
with the keystrokes given typed after the delays given, so ``run -it`` and ``exec -it`` see
a terminal as a user's do (nothing answers the shell's terminal queries, such as the cursor
position request ``ESC [6n``); the others get standard input from a pipe or ``/dev/null``.

Safety: containers run only ``env``, ``cat``, ``echo``, ``hostname``, ``sh`` reading those
commands, and the images' idle programs; the one pull (of a name that exists nowhere) goes
to the harness's closed loopback proxy.

Importing this module does nothing.
"""

from __future__ import annotations

import argparse
import datetime
import fcntl
import json
import os
import pty
import select
import shlex
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs

from tests.daemon.api_proxy import ApiProxy, text_or_base64
from tests.daemon.harness import Daemon, run_cli
from tests.daemon.recsteps import CLIS, clean_state, ensure_images, source_info, write_json

__all__ = ["NETWORK_WALKTHROUGH", "SESSIONS", "WALKTHROUGH", "ApiStep", "main", "run_pty"]

WEB = "training/webapp"
PG = "training/postgres"
_REPO = Path(__file__).resolve().parents[2]


@attrs.frozen
class ApiStep:
    """A CLI command of the walkthrough; ``keys`` (delay in seconds, text) make it a TTY one."""

    text: str
    stdin: str | None = None
    keys: tuple[tuple[float, str], ...] = ()

    @property
    def argv(self) -> tuple[str, ...]:
        """The words of :attr:`text`."""
        return tuple(shlex.split(self.text))


def _s(text: str, stdin: str | None = None) -> ApiStep:
    return ApiStep(text, stdin)


WALKTHROUGH: tuple[ApiStep, ...] = (
    _s("version"),
    _s(f"run -d --name web -P {WEB}"),
    _s(f"run -d --name db {PG}"),
    _s(f"run -d --name web2 -p 8080:5000 {WEB}"),
    _s(f"run -d --name web3 -p 127.0.0.1:8081:5000 -p 127.0.0.1::5000/udp {WEB}"),
    _s(f"run -d --name web4 -p 9000-9001:5000-5001 --expose 5001 {WEB}"),
    _s(f"run -d --name linked --link db:db -e MODE=test {WEB}"),
    _s("ps"),
    _s("ps -a --no-trunc"),
    _s("ps -q"),
    _s("ps --format '{{.Names}} {{.Ports}}' --filter name=web"),
    _s("port web"),
    _s("port web 5000"),
    _s("port web3 5000/udp"),
    _s("inspect web"),
    _s("inspect -f '{{.NetworkSettings.IPAddress}}' web"),
    _s("inspect -f '{{json .NetworkSettings.Ports}}' web web2"),
    _s(f"run --rm --link db:db {WEB} env"),
    _s(f"run --rm --link db:db {WEB} cat /etc/hosts"),
    _s(f"run -i --rm {WEB} sh", stdin="echo hello\nhostname >&2\nexit 3\n"),
    ApiStep(
        f"run -it --rm {WEB} sh",
        keys=((2.0, "echo hello\r"), (1.0, "exit 4\r")),
    ),
    _s(f"create --name c1 -p 8082:5000 {WEB}"),
    _s("start c1"),
    _s(f"create --name c2 {WEB} sh -c 'echo out; echo err >&2'"),
    _s("start -a c2"),
    _s("stop web2"),
    _s("restart web3"),
    _s("run -d --name envs dlrec/envserve"),
    _s("logs envs"),
    _s("logs --tail 2 -t envs"),
    _s("exec web env"),
    _s("exec -i web sh", stdin="echo from-exec\nexit 5\n"),
    ApiStep("exec -it web sh", keys=((2.0, "hostname\r"), (1.0, "exit\r"))),
    _s("exec -d web true"),
    _s("rm -f web4"),
    _s("inspect nope"),
    _s("rm nope"),
    _s("start nope"),
    _s("logs nope"),
    _s("exec nope env"),
    _s("port nope"),
    _s("stop nope"),
    _s(f"run -d --name web {WEB}"),
    _s(f"run -d --name clash -p 8080:5000 {WEB}"),
    _s(f"run -d --name clash2 -p 8082:5000 {WEB}"),
    _s("run -d no/such-image"),
    _s(f"run --rm {WEB} /nonexistent"),
    _s("rm web"),
    _s("rm -f web linked"),
    _s("ps -a"),
)


#: User-defined networks over the API: network create/ls/inspect/connect/disconnect/rm,
#: ``--network host`` with ``-p`` (where the warning comes from), ``container:X`` with ``-p``.
NETWORK_WALKTHROUGH: tuple[ApiStep, ...] = (
    _s("network create front"),
    _s("network create --subnet 198.18.0.0/24 --gateway 198.18.0.254 fixed"),
    _s("network create front"),
    _s("network ls"),
    _s("network inspect front"),
    _s("network inspect -f '{{json .IPAM}}' fixed"),
    _s("network inspect nope"),
    _s(f"run -d --name nw1 --network front --network-alias a1 {WEB}"),
    _s("network connect --alias a2 --ip 198.18.0.9 fixed nw1"),
    _s("network connect fixed nw1"),
    _s("inspect -f '{{json .NetworkSettings.Networks}}' nw1"),
    _s("network disconnect fixed nw1"),
    _s("network disconnect fixed nw1"),
    _s(f"run -d --name nwh --network host -p 8080:5000 {WEB}"),
    _s(f"run -d --name nwc --network container:nw1 -p 8081:5000 {WEB}"),
    _s(f"run -d --name nwn --network none -p 8082:5000 {WEB}"),
    _s(f"run -d --name nwx --network nope {WEB}"),
    _s(f"run -d --name nwl --network front --link nw1:alias1 -p 8083:5000 {WEB}"),
    _s("port nwl"),
    _s("ps --format '{{.Names}}|{{.Networks}}|{{.Ports}}'"),
    _s("network rm front"),
    _s("rm -f nw1 nwh nwn nwx nwl"),
    _s("network rm front fixed nope"),
    _s("network ls"),
)

#: The walkthrough of each CLI session, by the session's name.
SESSIONS: dict[str, tuple[str, tuple[ApiStep, ...]]] = {
    "cli-20.10": ("cli-20.10", WALKTHROUGH),
    "cli-28.2": ("cli-28.2", WALKTHROUGH),
    "cli-20.10-networks": ("cli-20.10", NETWORK_WALKTHROUGH),
    "cli-28.2-networks": ("cli-28.2", NETWORK_WALKTHROUGH),
}


def _cli_env(host: str) -> dict[str, str]:
    home = Path("/tmp/dlrec/home")
    (home / ".docker").mkdir(parents=True, exist_ok=True)
    return {
        "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
        "HOME": str(home),
        "DOCKER_HOST": host,
        "DOCKER_CONFIG": str(home / ".docker"),
        "LANG": "C.UTF-8",
        "TERM": "xterm",
    }


def run_pty(
    cli: str,
    argv: Sequence[str],
    *,
    host: str,
    keys: Sequence[tuple[float, str]],
    timeout: float = 30.0,
) -> dict[str, Any]:
    """Run ``cli argv`` on a new pseudo-terminal (24x80), typing ``keys``; its output."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    proc = subprocess.Popen(
        [cli, *argv],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=_cli_env(host),
        start_new_session=True,
    )
    os.close(slave)
    started = time.monotonic()
    due = started
    pending = list(keys)
    out = bytearray()
    timed_out = False
    try:
        while True:
            now = time.monotonic()
            if pending and now >= due + pending[0][0]:
                delay, text = pending.pop(0)
                due += delay
                os.write(master, text.encode())
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    data = os.read(master, 65536)
                except OSError:
                    data = b""
                if not data:
                    break
                out += data
            elif proc.poll() is not None:
                break
            if now - started > timeout:
                timed_out = True
                os.killpg(proc.pid, signal.SIGKILL)
                break
    finally:
        os.close(master)
        proc.wait()
    doc: dict[str, Any] = {"terminal": "pty 24x80, TERM=xterm", "keys": [list(k) for k in keys]}
    doc.update(text_or_base64(bytes(out), "output") or {"output": ""})
    doc["exit"] = -1 if timed_out else proc.returncode
    if timed_out:
        doc["timed_out"] = True
    return doc


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _seqs(proxy: ApiProxy, label: str) -> list[int]:
    return [int(e["seq"]) for e in proxy.exchanges() if e.get("label") == label]


def record_cli(
    daemon: Daemon, key: str, proxy_dir: Path, walkthrough: Sequence[ApiStep] = WALKTHROUGH
) -> dict[str, Any]:
    """``walkthrough`` with CLI ``key`` (of :data:`~tests.daemon.recsteps.CLIS`)."""
    cli = CLIS[key]
    clean_state(daemon)
    source = source_info(daemon, cli)
    source.update(client=f"docker CLI {source['cli_version']}", recorded=_now())
    commands: list[dict[str, Any]] = []
    proxy = ApiProxy(proxy_dir / "proxy.sock", daemon.socket)
    with proxy:
        for number, step in enumerate(walkthrough):
            label = f"{number}: {shlex.join(('docker', *step.argv))}"
            proxy.label = label
            entry: dict[str, Any] = {"label": label, "argv": list(step.argv)}
            if step.keys:
                entry.update(run_pty(cli, step.argv, host=proxy.host, keys=step.keys))
            else:
                result = run_cli(cli, step.argv, host=proxy.host, stdin=step.stdin, timeout=60)
                if step.stdin is not None:
                    entry["stdin"] = step.stdin
                entry.update(stdout=result.stdout, stderr=result.stderr, exit=result.exit)
                if result.timed_out:
                    entry["timed_out"] = True
            if not proxy.quiesce(15):
                entry["proxy_note"] = "a connection was still open 15 s after the command"
            entry["exchanges"] = _seqs(proxy, label)
            commands.append(entry)
            print(f"{key} {label}: {len(entry['exchanges'])} exchanges", flush=True)
        proxy.label = "(after the session: the harness removed every container directly)"
        daemon.remove_all_containers()
        drained = proxy.drain(30)
    source["proxy_drained"] = drained
    return {
        "source": source,
        "commands": commands,
        "exchanges": proxy.exchanges(),
        "connections": proxy.connections(),
    }


def record_dockerpy(daemon: Daemon, python: str, proxy_dir: Path) -> dict[str, Any]:
    """The docker-py session of :mod:`tests.daemon.dockerpy_session`."""
    clean_state(daemon)
    server = source_info(daemon, "/usr/bin/docker")
    source: dict[str, Any] = {
        key: server[key]
        for key in (
            "daemon_version",
            "daemon_git_commit",
            "daemon_api_version",
            "daemon_flags",
            "kernel",
            "os",
            "arch",
            "port_range",
            "rootfs",
        )
    }
    commands: list[dict[str, Any]] = []
    proxy = ApiProxy(proxy_dir / "proxy.sock", daemon.socket)
    with proxy:
        proc = subprocess.Popen(
            [python, "-m", "tests.daemon.dockerpy_session", proxy.host],
            cwd=_REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": "/tmp/dlrec/home"},
        )
        assert proc.stdin is not None
        assert proc.stdout is not None
        current: dict[str, Any] | None = None
        for line in proc.stdout:
            kind, _, payload = line.rstrip("\n").partition(" ")
            if kind == "STEP":
                if current is not None:
                    proxy.quiesce(5)
                    current["exchanges"] = _seqs(proxy, current["label"])
                label = f"{len(commands)}: {json.loads(payload)}"
                proxy.label = label
                current = {"label": label}
                commands.append(current)
                proc.stdin.write("go\n")
                proc.stdin.flush()
            elif kind == "RESULT":
                value = json.loads(payload)
                if value.get("step") == "versions":
                    source.update(
                        client=f"docker-py {value['docker_py']}",
                        docker_py_version=value["docker_py"],
                        python_version=value["python"],
                    )
                elif current is not None:
                    value.pop("step", None)
                    current.update(value)
        proc.wait(timeout=60)
        if current is not None:
            proxy.quiesce(5)
            current["exchanges"] = _seqs(proxy, current["label"])
        stderr = proc.stderr.read() if proc.stderr else ""
        proxy.label = "(after the session: the harness removed every container directly)"
        daemon.remove_all_containers()
        source["proxy_drained"] = proxy.drain(30)
    negotiated = [
        e["request"]["target"].split("/")[1]
        for e in proxy.exchanges()
        if e["request"]["target"].startswith("/v1.")
    ]
    source.update(
        api_version=negotiated[0] if negotiated else None,
        session="tests/daemon/dockerpy_session.py",
        session_exit=proc.returncode,
        session_stderr=stderr,
        recorded=_now(),
    )
    return {
        "source": source,
        "commands": commands,
        "exchanges": proxy.exchanges(),
        "connections": proxy.connections(),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """The command line (see the module docs)."""
    parser = argparse.ArgumentParser(prog="python -m tests.daemon.record_api", description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("tests/data/daemon/20.10/api"))
    parser.add_argument("--root", default="/tmp/dlrec/nw", help="the private daemon's root")
    parser.add_argument("--python", default="/tmp/dlapi/venv/bin/python", help="has docker-py")
    parser.add_argument(
        "--session",
        action="append",
        choices=[*SESSIONS, "docker-py"],
        help="default: all",
    )
    parser.add_argument("--proxy-dir", type=Path, default=Path("/tmp/dlapi"))
    args = parser.parse_args(argv)
    sessions = args.session or [*SESSIONS, "docker-py"]
    with Daemon(args.root) as daemon:
        ensure_images(daemon)
        for name in sessions:
            if name == "docker-py":
                doc = record_dockerpy(daemon, args.python, args.proxy_dir)
            else:
                key, steps = SESSIONS[name]
                doc = record_cli(daemon, key, args.proxy_dir, steps)
            doc["source"]["command"] = "python -m tests.daemon.record_api"
            path = args.out / f"{name}.json"
            write_json(path, doc)
            print(f"{path}: {len(doc['exchanges'])} exchanges", flush=True)
        daemon.remove_all_containers()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
