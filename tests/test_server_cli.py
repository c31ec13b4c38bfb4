"""The real docker CLIs against the server print what they printed against the real daemon.

The machine's docker CLI 20.10 (``/usr/bin/docker``, Debian's docker.io) and 28.2
(``/usr/local/bin/docker``) run, with ``DOCKER_HOST`` pointing at a
:class:`~dockerlinks.server.DockerServer`, the sessions recorded with them against a real
dockerd 20.10.24 (tests/data/daemon/20.10/cli-*/, tests/data/daemon/20.10/api/): each
command's standard output, standard error and exit status must be what the recording shows,
after tests/daemon/conformance.py's normalisation (IDs, generated names, times; ``docker ps``
tables cut by their header; Go's map order where the 20.10 CLI prints a map). A CLI that is
missing skips its tests.

The suite replays the walkthrough sessions of both CLIs and the API recordings' command
lists; ``DOCKERLINKS_SERVER_FULL=1`` replays all 69 sessions of each CLI (2,058 commands
each; a few minutes).

One thing the real 28.2 CLI does at random: several ``-e`` values reach the daemon in Go's
map order (run the same ``docker run -e A=1 -e B=2 … env`` twice and the two lines swap), so
for that CLI such a command's ``env`` lines are compared as a set.
"""

from __future__ import annotations

import base64
import os
import pty
import re
import select
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dockerlinks.client import Result, Session
from dockerlinks.engine import Engine
from dockerlinks.server import DockerServer
from tests.daemon import conformance
from tests.daemon.recordings import Recording, Step, load
from tests.test_server_replay import recorded_engine, recording

CLIS = {"20.10": "/usr/bin/docker", "28.2": "/usr/local/bin/docker"}
FULL = os.environ.get("DOCKERLINKS_SERVER_FULL") == "1"
WALKTHROUGH_SEEDS = (0, 1, 2)


def _cli(release: str) -> str:
    path = CLIS[release]
    if not (os.path.exists(path) and os.access(path, os.X_OK)):
        pytest.skip(f"docker CLI {release} is not installed at {path}")
    return path


def cli_env(server: DockerServer, home: str) -> dict[str, str]:
    """A clean environment for the CLI, as the recorder gave it (an empty DOCKER_CONFIG)."""
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": home,
        "DOCKER_CONFIG": home,
        "DOCKER_HOST": server.docker_host,
        "LANG": "C.UTF-8",
    }


def run_cli(cli: str, argv: list[str], env: dict[str, str], stdin: str | None) -> Result:
    done = subprocess.run(
        [cli, *argv],
        input=(stdin or "").encode(),
        capture_output=True,
        env=env,
        timeout=60,
        check=False,
    )
    return Result(
        done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
        done.returncode,
    )


def _random_env_order(step: Step, cli: str) -> bool:
    return cli == "28.2" and step.argv[:1] == ("run",) and step.argv.count("-e") >= 2


def same(step: Step, result: Result, recording_: Recording) -> bool:
    """Whether the CLI printed against the server what it printed against the daemon."""
    profile = conformance.profile_for(recording_)
    ours = conformance._canonical(step, result.stdout, profile)
    theirs = conformance._canonical(step, step.stdout, profile)
    if _random_env_order(step, recording_.cli):
        ours, theirs = sorted(ours), sorted(theirs)
    return (
        result.exit == step.exit
        and ours == theirs
        and conformance.normalise(result.stderr) == conformance.normalise(step.stderr)
    )


def replay_with_cli(recording_: Recording, cli: str) -> Iterator[conformance.Outcome]:
    """Every step of a recorded session run by the real CLI against a fresh server set up as
    the recording's daemon and host were (conformance.engine_for)."""
    home = tempfile.mkdtemp(prefix="dockerlinks-cli-")
    try:
        with DockerServer(conformance.engine_for(recording_), clock="engine") as server:
            env = cli_env(server, home)
            names = conformance._Names()
            generated = conformance._generated(recording_)
            outputs: list[str] = []
            actions: dict[int, list[Any]] = {}
            for action in recording_.source.get("host_actions", ()):
                actions.setdefault(int(action["before_step"]), []).append(action)
            for index, step in enumerate(recording_.steps):
                for action in actions.get(index, ()):
                    session = conformance._host_action(Session(server.engine), action)
                    server.daemon.replace(session.engine)
                if generated is not None:
                    engine = server.engine
                    argv = [conformance._resolve(w, outputs, engine) for w in generated[index].argv]
                else:
                    argv = [names.translate(word) for word in step.argv]
                result = run_cli(cli, argv, env, step.stdin)
                outputs.append(result.stdout)
                names.learn(step.stdout + step.stderr, result.stdout + result.stderr)
                yield conformance.Outcome(index, step, result, same(step, result, recording_))
    finally:
        shutil.rmtree(home, ignore_errors=True)


def _sessions() -> list[Any]:
    cases = []
    for release in CLIS:
        try:
            recordings = load("20.10", release)
        except FileNotFoundError:
            continue
        for rec in recordings:
            if FULL or rec.seed in WALKTHROUGH_SEEDS:
                cases.append(pytest.param(rec, id=f"cli{release}-seed{rec.seed:03d}-{rec.topic}"))
    return cases


@pytest.mark.parametrize("recording_", _sessions())
def test_the_cli_prints_against_the_server_what_it_printed_against_dockerd(
    recording_: Recording,
) -> None:
    cli = _cli(recording_.cli)
    profile = conformance.profile_for(recording_)
    mismatches = [
        conformance.describe(outcome, profile)
        for outcome in replay_with_cli(recording_, cli)
        if not outcome.matched
    ]
    assert not mismatches, f"{recording_.path.name}:\n" + "\n".join(mismatches)


# ---------------------------------------------------------------------------- the API sessions

#: Commands of the API recordings the engine does not answer as Docker yet, each with what
#: the engine lacks (strict xfails: the fix removes the entry).
API_KNOWN = {
    "run -d no/such-image": "Engine.pull refuses as a daemon that reaches a registry",
    "start -a c2": "the shell's >&2 redirection",
    "run -i --rm training/webapp sh": "the shell's >&2 redirection",
}


def _api_commands() -> list[Any]:
    cases = []
    for name in ("cli-20.10.json", "cli-28.2.json"):
        release = name.removeprefix("cli-").removesuffix(".json")
        for command in recording(name)["commands"]:
            text = " ".join(command["argv"])
            marks = []
            reason = next((r for k, r in API_KNOWN.items() if text.startswith(k)), None)
            if reason is not None:
                marks.append(pytest.mark.xfail(strict=True, reason=reason))
            label = command["label"]
            cases.append(pytest.param(name, release, label, id=f"{release}-{label}", marks=marks))
    return cases


_API_RESULTS: dict[str, dict[str, tuple[Result, Step]]] = {}


def _api_session(name: str, release: str) -> dict[str, tuple[Result, Step]]:
    """Run every command of an API recording with its CLI, once; by label."""
    if name in _API_RESULTS:
        return _API_RESULTS[name]
    cli = _cli(release)
    doc = recording(name)
    out: dict[str, tuple[Result, Step]] = {}
    home = tempfile.mkdtemp(prefix="dockerlinks-cli-")
    try:
        with DockerServer(recorded_engine(doc["source"]), clock="engine") as server:
            env = cli_env(server, home)
            for command in doc["commands"]:
                argv = list(command["argv"])
                if "keys" in command:
                    result = run_on_terminal(cli, argv, env, command["keys"])
                    output = base64.b64decode(command["output_base64"]).decode("utf-8", "replace")
                    step = Step(tuple(argv), "", output, "", command["exit"])
                else:
                    result = run_cli(cli, argv, env, command.get("stdin"))
                    step = Step(
                        tuple(argv),
                        "",
                        command["stdout"],
                        command["stderr"],
                        command["exit"],
                        command.get("stdin"),
                    )
                out[command["label"]] = (result, step)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    _API_RESULTS[name] = out
    return out


@pytest.mark.parametrize(("name", "release", "label"), _api_commands())
def test_the_api_walkthrough_prints_what_it_printed_against_dockerd(
    name: str, release: str, label: str
) -> None:
    result, step = _api_session(name, release)[label]
    if step.argv[:2] in (("run", "-it"), ("exec", "-it")):
        # a terminal session: busybox's line editor redraws its prompt after a terminal query
        # the model does not answer, so what each typed command printed, and the exit status,
        # are compared
        keys = next(c["keys"] for c in recording(name)["commands"] if c["label"] == label)
        typed = [text.strip() for _, text in keys]
        assert (result.exit, answers(result.stdout, typed)) == (
            step.exit,
            answers(step.stdout, typed),
        )
        return
    profile = conformance.profile_for(
        Recording(Path(name), "20.10", release, recording(name)["source"], (), ())
    )
    ours = conformance._canonical(step, result.stdout, profile)
    theirs = conformance._canonical(step, step.stdout, profile)
    assert (result.exit, ours, conformance.normalise(result.stderr)) == (
        step.exit,
        theirs,
        conformance.normalise(step.stderr),
    )


# ---------------------------------------------------------------------------- a terminal

_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def answers(output: str, typed: list[str]) -> list[str]:
    """What each typed command printed on a terminal: the line after its echo (normalised)."""
    lines = _ESCAPE.sub("", output).replace("\r", "").split("\n")
    out = []
    for command in typed:
        if command.startswith("exit"):
            continue
        index = next((i for i, line in enumerate(lines) if line.endswith(command)), None)
        found = lines[index + 1] if index is not None and index + 1 < len(lines) else None
        out.append(conformance.normalise(found) if found is not None else "<nothing>")
    return out


def run_on_terminal(
    cli: str, argv: list[str], env: dict[str, str], keys: list[Any], timeout: float = 30.0
) -> Result:
    """Run the CLI on a pseudo-terminal of ours (24x80), typing ``keys`` ((delay, text)
    pairs) after their delays; its output as the terminal got it."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: the CLI on the terminal
        os.execve(cli, [cli, *argv], {**env, "TERM": "xterm"})
    output = bytearray()
    deadline = time.monotonic() + timeout
    pending = list(keys)
    next_at = time.monotonic() + (pending[0][0] if pending else 0)
    status = None
    try:
        while time.monotonic() < deadline:
            wait = max(0.0, min(0.05, next_at - time.monotonic())) if pending else 0.05
            ready, _, _ = select.select([fd], [], [], wait)
            if ready:
                try:
                    data = os.read(fd, 65536)
                except OSError:
                    data = b""
                if not data:
                    break
                output += data
            if pending and time.monotonic() >= next_at:
                os.write(fd, pending.pop(0)[1].encode())
                if pending:
                    next_at = time.monotonic() + pending[0][0]
            done, code = os.waitpid(pid, os.WNOHANG)
            if done:
                status = code
                break
    finally:
        if status is None:
            try:
                _, status = os.waitpid(pid, 0)
            except ChildProcessError:
                status = 0
        os.close(fd)
    return Result(output.decode("utf-8", "replace"), "", os.waitstatus_to_exitcode(status))


def test_docker_run_it_bash_is_the_model_s_shell_over_the_attach_stream() -> None:
    cli = _cli("28.2")
    engine = Engine.new(profile="20.10", port_range=(32768, 60999))
    home = tempfile.mkdtemp(prefix="dockerlinks-cli-")
    try:
        with DockerServer(engine, clock="engine") as server:
            env = cli_env(server, home)
            assert (
                run_cli(cli, ["run", "-d", "--name", "db", "training/postgres"], env, None).exit
                == 0
            )
            keys = [(1.0, "echo hello\r"), (0.3, "cat /etc/hosts\r"), (0.3, "exit 4\r")]
            argv = ["run", "-it", "--rm", "--link", "db:db", "training/webapp", "/bin/bash"]
            result = run_on_terminal(cli, argv, env, keys)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    lines = result.stdout.split("\r\n")
    assert result.exit == 4
    prompt = next(line for line in lines if line.startswith("root@"))
    assert prompt.endswith(":/opt/webapp# echo hello")
    assert "hello" in lines
    assert any(line.startswith("172.17.0.2\tdb ") for line in lines)
    assert not server.engine.containers[1:]  # --rm: only db is left
