"""Transcripts: reading, placeholders, docker CLI flag parsing with the CLI's texts."""

from __future__ import annotations

import contextlib
import gc
import itertools
import math
import time
from collections.abc import Callable
from typing import TypeVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dockerlinks.errors import DockerLinksError
from dockerlinks.transcript import (
    FlagError,
    TranscriptError,
    match_lines,
    parse_docker_args,
    read_transcript,
    replay,
)

# ----------------------------------------------------------------------------- reading


def test_read_transcript_kinds() -> None:
    text = (
        "prose before\n"
        "$ docker run -t -i --rm --link db:webdb training/webapp /bin/bash\n"
        "root@aed84ee21bde:/opt/webapp# cat /etc/hosts\n"
        "172.17.0.7  aed84ee21bde\n"
        "\n"
        "# dockerlinks: seed 3\n"
        "# a comment\n"
    )
    steps = read_transcript(text)
    assert [s.kind for s in steps] == ["host", "container", "directive", "comment"]
    assert steps[1].command == "cat /etc/hosts"
    assert steps[1].expected == ("172.17.0.7  aed84ee21bde", "")
    assert steps[2].command == "seed 3"


def test_read_rejects_non_text() -> None:
    with pytest.raises(TranscriptError):
        read_transcript(b"$ docker ps")  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- placeholders


@pytest.mark.parametrize(
    ("expected", "actual", "ok"),
    [
        (["<id>"], ["0123456789abcdef" * 4], True),
        (["<id>"], ["0123"], False),
        (["<short-id>  web"], ["aed84ee21bde   web"], True),
        (["<name>"], ["nostalgic_morse"], True),
        (["<ip>\twebdb <short-id> db"], ["172.17.0.5\twebdb 6e5cdeb2d300 db"], True),
        (["0.0.0.0:<port>"], ["0.0.0.0:49153"], True),
        (["<...>", "DB_NAME=/web2/db", "<...>"], ["A=1", "DB_NAME=/web2/db", "B=2"], True),
        (["<...>"], [], True),
        (["a"], ["a", "b"], False),
        (["PING webdb (<ip>): <...>"], ["PING webdb (172.17.0.5): 48 data bytes"], True),
    ],
)
def test_match_lines(expected: list[str], actual: list[str], ok: bool) -> None:
    assert match_lines(expected, actual) is ok


@given(st.lists(st.text(alphabet="abc <>.=", max_size=8), max_size=5))
def test_lines_match_themselves_when_free_of_placeholders(lines: list[str]) -> None:
    plain = [line for line in lines if "<" not in line]
    assert match_lines(plain, plain)


# ----------------------------------------------------------------------------- flags
# Texts from docker/cli: cli/cobra.go FlagErrorFunc, cli/required.go, cmd/docker/docker.go
# (current = v29, classic = v27.5.1), and spf13/pflag's own error wording.

MODERN_FLAG = "{err}\n\nUsage:  {use}\n\nRun '{path} --help' for more information"
CLASSIC_FLAG = "{err}\nSee '{path} --help'."

FLAG_CASES = [
    (
        ["run", "--nope", "x"],
        "unknown flag: --nope",
        "docker run",
        "docker run [OPTIONS] IMAGE [COMMAND] [ARG...]",
    ),
    (
        ["run", "-dx", "x"],
        "unknown shorthand flag: 'x' in -dx",
        "docker run",
        "docker run [OPTIONS] IMAGE [COMMAND] [ARG...]",
    ),
    (
        ["run", "--name"],
        "flag needs an argument: --name",
        "docker run",
        "docker run [OPTIONS] IMAGE [COMMAND] [ARG...]",
    ),
    (
        ["run", "-p"],
        "flag needs an argument: 'p' in -p",
        "docker run",
        "docker run [OPTIONS] IMAGE [COMMAND] [ARG...]",
    ),
    (
        ["run", "--link", "a:b:c", "x"],
        'invalid argument "a:b:c" for "--link" flag: bad format for links: a:b:c',
        "docker run",
        "docker run [OPTIONS] IMAGE [COMMAND] [ARG...]",
    ),
    (
        ["run", "-e", "=x", "img"],
        'invalid argument "=x" for "-e, --env" flag: invalid environment variable: =x',
        "docker run",
        "docker run [OPTIONS] IMAGE [COMMAND] [ARG...]",
    ),
    (
        ["container", "rm", "--nope", "x"],
        "unknown flag: --nope",
        "docker container rm",
        "docker container rm [OPTIONS] CONTAINER [CONTAINER...]",
    ),
]


@pytest.mark.parametrize(("argv", "err", "path", "use"), FLAG_CASES)
def test_flag_errors_modern(argv: list[str], err: str, path: str, use: str) -> None:
    with pytest.raises(FlagError) as info:
        parse_docker_args(argv)
    assert info.value.docker_message == MODERN_FLAG.format(err=err, use=use, path=path)


@pytest.mark.parametrize(("argv", "err", "path", "use"), FLAG_CASES)
def test_flag_errors_classic(argv: list[str], err: str, path: str, use: str) -> None:
    with pytest.raises(FlagError) as info:
        parse_docker_args(argv, profile="classic")
    assert info.value.docker_message == CLASSIC_FLAG.format(err=err, path=path)


def test_argument_count_messages() -> None:
    with pytest.raises(FlagError) as info:
        parse_docker_args(["ps", "nostalgic_morse"])
    assert info.value.docker_message == (
        "docker: 'docker ps' accepts no arguments\n\nUsage:  docker ps [OPTIONS]\n\n"
        "Run 'docker ps --help' for more information"
    )
    with pytest.raises(FlagError) as info:
        parse_docker_args(["ps", "x"], profile="classic")
    assert info.value.docker_message == (
        "\"docker ps\" accepts no arguments.\nSee 'docker ps --help'.\n\n"
        "Usage:  docker ps [OPTIONS]\n\nList containers"
    )
    with pytest.raises(FlagError) as info:
        parse_docker_args(["run"])
    assert info.value.docker_message.startswith("docker: 'docker run' requires at least 1 argument")
    with pytest.raises(FlagError) as info:
        parse_docker_args(["port"])
    assert "requires at least 1 and at most 2 arguments" in info.value.docker_message


def test_unknown_command() -> None:
    with pytest.raises(FlagError) as info:
        parse_docker_args(["frobnicate"])
    assert info.value.docker_message == (
        "docker: unknown command: docker frobnicate\n\nRun 'docker --help' for more information"
    )
    with pytest.raises(FlagError) as info:
        parse_docker_args(["frobnicate"], profile="classic")
    assert info.value.docker_message == (
        "docker: 'frobnicate' is not a docker command.\nSee 'docker --help'"
    )


def test_pflag_forms() -> None:
    parsed = parse_docker_args(
        ["run", "-dP", "-p80:5000", "--publish=81:5000", "-e=A=1", "--rm", "img", "-x", "--y"]
    )
    assert parsed.flag("detach")
    assert parsed.flag("publish-all")
    assert parsed.flag("rm")
    assert parsed.values("publish") == ("80:5000", "81:5000")
    assert parsed.values("env") == ("A=1",)
    assert parsed.args == ("img", "-x", "--y")
    parsed = parse_docker_args(["rm", "web", "-f"])
    assert parsed.flag("force")
    assert parsed.args == ("web",)
    parsed = parse_docker_args(["run", "--detach=false", "--", "img"])
    assert not parsed.flag("detach")
    assert parsed.args == ("img",)


# ----------------------------------------------------------------------------- replay


def test_replay_goes_on_after_errors_and_prints_docker_texts() -> None:
    result = replay(
        "$ docker run -d --name db training/postgres\n"
        "$ docker run -d --name db training/postgres\n"
        "$ docker stop nope\n"
        "$ docker restart db\n"
    )
    lines = result.output.splitlines()
    assert lines[3].startswith(
        'docker: Error response from daemon: Conflict. The container name "/db"'
    )
    assert "Error response from daemon: No such container: nope" in lines
    assert lines[-1] == "db"


def test_replay_classic_run_error_format() -> None:
    result = replay("$ docker run -d --link nope:x training/webapp\n", profile="classic")
    assert result.output.splitlines()[1:] == [
        "docker: Error response from daemon: could not get container for nope: "
        "No such container: nope.",
        "See 'docker run --help'.",
    ]


def test_replay_unknown_image_and_non_docker_and_bad_quoting() -> None:
    out = replay("$ docker run nosuch\n$ ls -l\n$ docker run 'unterminated\n").output.splitlines()
    assert out[1] == "Unable to find image 'nosuch:latest' locally"
    assert out[2].startswith("docker: Error response from daemon: pull access denied for nosuch")
    assert any(line.startswith("dockerlinks: only docker commands") for line in out)
    assert any(line.startswith("bash: syntax error") for line in out)


def test_replay_interactive_session_ping_needs_install_and_rm_on_exit() -> None:
    result = replay(
        "$ docker run -d --name db training/postgres\n"
        "$ docker run -t -i --rm --link db:webdb training/webapp /bin/bash\n"
        "root@x:/opt/webapp# ping webdb\n"
        "root@x:/opt/webapp# apt-get install -yqq inetutils-ping\n"
        "root@x:/opt/webapp# ping webdb\n"
        "root@x:/opt/webapp# nosuchtool\n"
        "$ docker ps -a -q\n"
    )
    out = result.output.splitlines()
    assert "bash: ping: command not found" in out
    assert "PING webdb (172.17.0.2): 48 data bytes" in out
    assert "56 bytes from 172.17.0.2: icmp_seq=0 ttl=64 time=0.267 ms" in out
    assert "bash: nosuchtool: command not found" in out
    assert len(result.session.engine.containers) == 1  # the --rm container is gone


def test_replay_directives_image_file_env() -> None:
    result = replay(
        "# dockerlinks: image redis expose=6379 env=REDIS_VERSION=7\n"
        "# dockerlinks: file db.env A=1\\nB\n"
        "# dockerlinks: env B=2\n"
        "$ docker run -d --name cache --env-file db.env redis\n"
        "$ docker run --rm --link cache:c training/webapp env\n"
        "$ docker run --env-file missing.env redis\n"
        "# dockerlinks: frob\n"
    )
    out = result.output.splitlines()
    assert "C_ENV_REDIS_VERSION=7" in out
    assert "C_ENV_A=1" in out
    assert "C_ENV_B=2" in out
    assert "docker: open missing.env: no such file or directory" in out
    assert "dockerlinks: unknown directive: frob" in out


def test_replay_check_mismatch() -> None:
    result = replay("$ docker restart nope\nnope\n")
    assert not result.ok
    assert result.mismatches[0].actual == ("Error response from daemon: No such container: nope",)


def test_inspect_and_port_commands() -> None:
    out = replay(
        "$ docker run -d -p 127.0.0.1::5000 --name web training/webapp\n"
        "$ docker port web 5000\n"
        "$ docker port web 6000\n"
        '$ docker inspect -f "{{.Name}} {{ .Config.Hostname }}" web\n'
        "$ docker inspect nope\n"
        "$ docker container inspect nope\n"
    ).output.splitlines()
    assert "127.0.0.1:49153" in out
    assert "no public port '6000' published for web" in out
    assert any(line.startswith("/web ") for line in out)
    # docker/cli: "docker inspect" reports its own error (v28+: lower case), "docker container
    # inspect" the daemon's 404; JSON output still prints "[]" first.
    assert out[out.index("$ docker inspect nope") + 1 :][:2] == [
        "[]",
        "error: no such object: nope",
    ]
    assert "Error response from daemon: No such container: nope" in out
    classic = replay("$ docker inspect nope\n", profile="classic").output.splitlines()
    assert classic[1:] == ["[]", "Error: No such object: nope"]


@given(st.text(max_size=60))
def test_replay_never_raises_on_arbitrary_text(text: str) -> None:
    with contextlib.suppress(TranscriptError):
        replay(text)


@given(
    st.lists(
        st.sampled_from(
            [
                "run",
                "-d",
                "-P",
                "--name",
                "web",
                "--link",
                "web:w",
                "-p",
                "80:5000",
                "training/webapp",
                "rm",
                "-f",
                "start",
                "stop",
                "restart",
                "ps",
                "-a",
                "port",
                "inspect",
                "exec",
                "env",
                "-t",
                "-i",
                "--rm",
                "db",
                "5000",
                "-l",
                "--expose",
                "7000-7001",
                "container",
                "x",
            ]
        ),
        max_size=8,
    ),
    st.lists(st.sampled_from(["a", "b"]), max_size=2),
)
def test_replay_never_raises_on_random_docker_lines(words: list[str], extra: list[str]) -> None:
    replay("$ docker " + " ".join(words + extra) + "\n$ docker ps -a\n")


def test_exec_recomputes_link_env_and_keeps_container_running() -> None:
    result = replay(
        "$ docker run -d --name db training/postgres\n"
        "$ docker run -d --name web --link db:db training/webapp\n"
        "$ docker restart db\n"
        "$ docker exec -it web /bin/bash\n"
        "root@x:/opt/webapp# env\n"
        "$ docker stop db\n"
        "$ docker exec web env\n"
    )
    out = result.output.splitlines()
    assert "DB_PORT=tcp://172.17.0.2:5432" in out
    assert out[-1] == (
        "Error response from daemon: Cannot link to a non running container: /db AS /web/db"
    )
    assert result.session.engine.get("web").running


@pytest.mark.parametrize(
    "argv",
    [None, 1.5, "run", ["port", "web", []], ["run", "-d", {}], [{"x": 1}]],
    ids=["none", "float", "str", "list-item", "dict-item", "unhashable-item"],
)
def test_wrongly_typed_arguments_are_a_flag_error(argv: object) -> None:
    with pytest.raises(FlagError, match="docker arguments must be"):
        parse_docker_args(argv)  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- linear time
# Complexity checks, not benchmarks: doubling an adversarial input must at most ~double the
# time (a quadratic parser quadruples it). No absolute time is asserted.

T = TypeVar("T")


def assert_linear_time(
    make: Callable[[int], T],
    run: Callable[[T], object],
    sizes: tuple[int, ...] = (50_000, 100_000, 200_000),
    limit: float = 2.5,
) -> None:
    """Time ``run(make(n))`` for each size: the time may grow at most ``limit`` times per
    doubling. Robust to a busy machine: fast runs are repeated until one measurement takes
    about 8 ms at the smallest size, sizes are measured in turn five times and the best of
    each kept, and a failing measurement is repeated up to three times."""
    inputs = [make(n) for n in sizes]

    def once(arg: T) -> None:
        with contextlib.suppress(DockerLinksError):
            run(arg)

    def measure(arg: T, reps: int) -> float:
        gc.disable()
        try:
            start = time.perf_counter()
            for _ in range(reps):
                once(arg)
            return time.perf_counter() - start
        finally:
            gc.enable()

    reps = max(1, math.ceil(0.008 / max(min(measure(inputs[0], 1) for _ in range(3)), 1e-6)))
    times: list[float] = []
    for _ in range(3):
        rounds = [[measure(arg, reps) for arg in inputs] for _ in range(5)]
        times = [min(column) for column in zip(*rounds, strict=True)]
        ratios = [later / max(earlier, 1e-9) for earlier, later in itertools.pairwise(times)]
        if max(ratios) <= limit:
            return
    raise AssertionError(f"time grew faster than linear: sizes {sizes}, seconds {times}")
