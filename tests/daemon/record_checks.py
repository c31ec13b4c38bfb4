"""Record one session per specific question the engine model must answer like Docker does.

Usage (as root, on a machine with Docker 20.10's ``dockerd``)::

    python -m tests.daemon.record_checks --out tests/data/daemon/20.10/checks

writes ``OUT/cli-20.10/NAME.json`` and ``OUT/cli-28.2/NAME.json`` for every script of
:data:`SCRIPTS` (the format of :mod:`tests.daemon.recsteps`; ``source.question`` says what the
session shows). Each script starts from a clean state (no containers, no user networks, the
daemon restarted), so the ``publish-all-order-N`` sessions each run on a fresh daemon.

Host actions (``source.host_actions``): a listening socket held by a Python process of ours
on the first port of the ephemeral range (read from ``ip_local_port_range`` when the step
runs), on ``0.0.0.0`` or on ``127.0.0.1``, stopped again at the end.

Safety: containers run only their images' idle main programs, ``env`` and ``cat``.

Importing this module does nothing.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from tests.daemon.recsteps import CLIS, Cli, Listen, ReadHosts, Script, Step, Unlisten, run_scripts

__all__ = ["SCRIPTS", "main"]

WEB = "training/webapp"
PG = "training/postgres"
_PORTS = "{{json .NetworkSettings.Ports}}"
_BINDINGS = "{{json .HostConfig.PortBindings}}"
_STATE = "{{.Name}} {{.State.Status}} {{.State.ExitCode}} {{json .State.Error}}"


def _cli(*lines: str) -> tuple[Cli, ...]:
    return tuple(Cli(line) for line in lines)


def _twice(name: str, flags: str) -> tuple[Cli, ...]:
    return _cli(
        f"run -d --name {name} {flags} {WEB}",
        f"port {name}",
        f"inspect -f '{_PORTS}' {name}",
        f"inspect -f '{_BINDINGS}' {name}",
        f"ps -a --filter name=^{name}$",
        f"inspect -f '{_STATE}' {name}",
        f"rm -f {name}",
    )


def _order(n: int) -> Script:
    return Script(
        f"publish-all-order-{n}",
        "-P on an image exposing 80/tcp 443/tcp 53/udp 9000-9003/tcp 8000/tcp 1234/udp: which "
        "host port goes to which container port, the order of NetworkSettings.Ports and of "
        f"docker port lines (run {n} of 3, each on a fresh daemon)",
        _cli(
            "run -d --name p1 -P dlrec/ports6",
            "port p1",
            f"inspect -f '{_PORTS}' p1",
            "inspect -f '{{json .Config.ExposedPorts}}' p1",
            f"inspect -f '{_BINDINGS}' p1",
            "ps",
            "run -d --name p2 -P dlrec/ports6",
            "port p2",
            f"inspect -f '{_PORTS}' p2",
            "run -d --name p3 -P dlrec/multitcp",
            "port p3",
            f"inspect -f '{_PORTS}' p3",
            "ps --format '{{.Names}} {{.Ports}}'",
        ),
        section="publish-all",
    )


def _ephemeral(address: str, tag: str) -> Script:
    steps: list[Step] = [Listen(address, "first-ephemeral")]
    steps += _cli(
        f"run -d --name e1 -P {WEB}",
        "port e1",
        f"run -d --name e2 -P {WEB}",
        "port e2",
        "run -d --name e3 -P dlrec/ports6",
        "port e3",
        f"run -d --name e4 -p 127.0.0.1::5000 {WEB}",
        "port e4",
        f"run -d --name e5 -p 0.0.0.0::5000/udp {WEB}",
        "port e5",
        "ps -a --format '{{.Names}}|{{.Status}}|{{.Ports}}'",
    )
    steps.append(Unlisten())
    steps += _cli(f"run -d --name e6 -P {WEB}", "port e6")
    return Script(
        f"ephemeral-held-{tag}",
        f"-P while a process of ours listens on {address}:<first ephemeral port>: which ports "
        "the containers get (the userland proxy's bind fails on the held port)",
        tuple(steps),
        section="userland-proxy",
    )


def _explicit_held(address: str, tag: str) -> Script:
    steps: list[Step] = [Listen(address, 8080)]
    steps += _cli(
        f"run -d --name x1 -p 8080:5000 {WEB}",
        f"run -d --name x2 -p 127.0.0.1:8080:5000 {WEB}",
        f"run -d --name x3 -p 8080:5000/udp {WEB}",
        "ps -a --format '{{.Names}}|{{.Status}}|{{.Ports}}'",
        f"inspect -f '{_STATE}' x1 x2 x3",
    )
    steps.append(Unlisten())
    steps += _cli("start x1", "port x1")
    return Script(
        f"explicit-held-{tag}",
        f"-p 8080:5000 while a process of ours listens on {address}:8080: the error text and "
        "the state the container is left in; start once the port is free",
        tuple(steps),
        section="userland-proxy",
    )


SCRIPTS: tuple[Script, ...] = (
    Script(
        "rm-link-stopped-child",
        "docker rm -l web/db while another linked child of web (cache) is stopped: web's "
        "/etc/hosts afterwards, and after cache starts again (is its line back?); docker exec "
        "into web is refused while cache is stopped, so web's hosts file is also read from "
        "the host side (source.host_actions)",
        (
            *_cli(
                f"run -d --name db {PG}",
                "run -d --name cache dlrec/manyenv",
                f"run -d --name web --link db:db --link cache:cache {WEB}",
                "exec web cat /etc/hosts",
                "stop cache",
                "exec web cat /etc/hosts",
            ),
            ReadHosts("web"),
            Cli("rm -l web/db"),
            ReadHosts("web"),
            *_cli(
                "exec web cat /etc/hosts",
                "inspect -f '{{json .HostConfig.Links}}' web",
                "start cache",
                "exec web cat /etc/hosts",
                "restart cache",
                "exec web cat /etc/hosts",
                "stop cache",
                f"run -d --name filler {WEB}",
                "start cache",
                "inspect -f '{{.Name}} {{.NetworkSettings.IPAddress}}' db cache filler web",
                "exec web cat /etc/hosts",
                "restart web",
                "exec web cat /etc/hosts",
                "exec web env",
            ),
        ),
        section="links",
    ),
    Script(
        "rm-link-all-running",
        "the control for rm-link-stopped-child: docker rm -l web/db while every other linked "
        "child of web runs; web's /etc/hosts afterwards, while cache is stopped (read from the "
        "host side) and after it starts again",
        (
            *_cli(
                f"run -d --name db {PG}",
                "run -d --name cache dlrec/manyenv",
                f"run -d --name web --link db:db --link cache:cache {WEB}",
                "exec web cat /etc/hosts",
                "rm -l web/db",
                "exec web cat /etc/hosts",
                "stop cache",
                "exec web cat /etc/hosts",
            ),
            ReadHosts("web"),
            *_cli("start cache", "exec web cat /etc/hosts"),
        ),
        section="links",
    ),
    Script(
        "same-binding-twice",
        "one container given the same binding twice (and one host port for two container "
        "ports, or for tcp and udp): run, docker port, NetworkSettings.Ports, "
        "HostConfig.PortBindings",
        (
            *_twice("t1", "-p 8080:5000 -p 8080:5000"),
            *_twice("t2", "-p 127.0.0.1:8080:5000 -p 127.0.0.1:8080:5000"),
            *_twice("t3", "-p 8080:5000 -p 8080:5001"),
            *_twice("t4", "-p 8080:5000/tcp -p 8080:5000/udp"),
            *_twice("t5", "-p 8080:5000 -p 0.0.0.0:8080:5000"),
            *_twice("t6", "-p 8080:5000 -p 127.0.0.1:8080:5000"),
            *_twice("t7", "-p 127.0.0.1:8080:5000 -p 8080:5000"),
            *_twice("t8", "-p 8080-8081:5000 -p 8081:5000"),
            *_twice("t9", "-p 5000 -p 5000"),
            *_twice("t10", "-p 8080:5000 -p 8081:5000"),
        ),
        section="bindings",
    ),
    _order(1),
    _order(2),
    _order(3),
    Script(
        "proxy-bind-conflict",
        "-p 80:5000 then -p 127.0.0.1:80:5000 in another container: the bind failure text, "
        "and the second container's state afterwards",
        _cli(
            f"run -d --name pa -p 80:5000 {WEB}",
            f"run -d --name pb -p 127.0.0.1:80:5000 {WEB}",
            "ps -a",
            f"inspect -f '{_STATE}' pa pb",
            f"inspect -f '{_PORTS} {_BINDINGS}' pb",
            "start pb",
            "port pa",
            "stop pa",
            "start pb",
            "port pb",
        ),
        section="userland-proxy",
    ),
    Script(
        "proxy-bind-conflict-reverse",
        "-p 127.0.0.1:80:5000 then -p 80:5000 in another container",
        _cli(
            f"run -d --name pa -p 127.0.0.1:80:5000 {WEB}",
            f"run -d --name pb -p 80:5000 {WEB}",
            f"run -d --name pc -p 127.0.0.2:80:5000 {WEB}",
            "ps -a",
            f"inspect -f '{_STATE}' pa pb pc",
            "port pc",
        ),
        section="userland-proxy",
    ),
    _ephemeral("0.0.0.0", "wildcard"),
    _ephemeral("127.0.0.1", "loopback"),
    _explicit_held("0.0.0.0", "wildcard"),
    _explicit_held("127.0.0.1", "loopback"),
    Script(
        "run-d-start-fails",
        "docker run -d whose start fails (host port taken, missing executable, a file that "
        "is not executable, a missing network): is the ID printed (on stdout?), exit status, "
        "state afterwards",
        _cli(
            f"run -d --name ok -p 8080:5000 {WEB}",
            f"run -d --name clash -p 8080:5000 {WEB}",
            f"run -d --name noexec {WEB} /nonexistent",
            f"run -d --name notexec {WEB} /etc/passwd",
            f"run -d --name nonet --network nope {WEB}",
            "ps -a",
            "ps -a --no-trunc --format '{{.ID}} {{.Names}} {{.Status}}'",
            f"inspect -f '{_STATE}' clash noexec notexec",
            "inspect -f '{{.State.StartedAt}} {{.State.FinishedAt}}' clash noexec",
            "start clash",
            "start noexec",
            f"run --name fg {WEB} /nonexistent",
            f"run --name fg2 -p 8080:5000 {WEB} true",
            f"inspect -f '{_STATE}' fg fg2",
            "ps -a",
        ),
        section="start-failure",
    ),
    Script(
        "logs-after-child-restart",
        "docker logs of a container whose CMD printed its env at start, after its linked "
        "child was restarted (with a new address), versus docker exec env at the same moment",
        _cli(
            f"run -d --name db {PG}",
            "run -d --name web --link db:db dlrec/envserve",
            "logs web",
            "exec web env",
            "stop db",
            f"run -d --name filler {PG}",
            "start db",
            "inspect -f '{{.Name}} {{.NetworkSettings.IPAddress}}' db filler web",
            "logs web",
            "exec web env",
            "exec web cat /etc/hosts",
            "restart db",
            "logs web",
            "exec web env",
            "restart web",
            "logs web",
            "exec web env",
            "inspect -f '{{json .Config.Env}}' web",
        ),
        section="links",
    ),
    Script(
        "link-env-range",
        "the process env of a container linked to children exposing port ranges "
        "(7000-7003/tcp; 7000-7003/tcp and udp): which _ADDR/_PROTO/_PORT variables, how "
        "often each; user -e against link variables",
        _cli(
            "run -d --name rng dlrec/range",
            "run -d --name rng2 dlrec/range2",
            f"run --rm --link rng:r {WEB} env",
            f"run --rm --link rng2:r2 {WEB} env",
            f"run -d --name par --link rng:r --link rng2:rr {WEB}",
            "exec par env",
            f"run --rm --link rng:r -e R_PORT=mine -e R_NAME=x {WEB} env",
            "run --rm --link rng:r dlrec/printenv",
            "inspect -f '{{json .Config.Env}}' par",
            "run -d --name mp dlrec/multiport",
            f"run --rm --link mp:m {WEB} env",
        ),
        section="links",
    ),
)


def main(argv: Sequence[str] | None = None) -> int:
    """The command line (see the module docs)."""
    parser = argparse.ArgumentParser(
        prog="python -m tests.daemon.record_checks", description=__doc__
    )
    parser.add_argument("--out", type=Path, default=Path("tests/data/daemon/20.10/checks"))
    parser.add_argument("--root", default="/tmp/dlrec/nw", help="the private daemon's root")
    parser.add_argument("--cli", action="append", choices=sorted(CLIS), help="default: both")
    parser.add_argument("--only", action="append", default=[], help="script names")
    args = parser.parse_args(argv)
    return run_scripts(
        SCRIPTS,
        out=args.out,
        root=args.root,
        clis=args.cli or sorted(CLIS),
        only=args.only,
        command="python -m tests.daemon.record_checks",
    )


if __name__ == "__main__":
    raise SystemExit(main())
