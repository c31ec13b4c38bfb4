"""Transcript replay edges: the docker CLI's texts for less common commands and flags."""

from __future__ import annotations

import io

import pytest

from dockerlinks.cli import main
from dockerlinks.engine import ContainerConfig, Engine
from dockerlinks.transcript import Session, Step, match_lines, replay, run_line

DB = "$ docker run -d --name db training/postgres\n"
WEB = "$ docker run -d --name web --link db:db training/webapp\n"


def output_of(text: str, profile: str = "modern") -> list[list[str]]:
    """The output lines of each command of ``text``."""
    blocks: list[list[str]] = []
    for line in replay(text, profile=profile).output.splitlines():
        if line.startswith(("$", "root@")):
            blocks.append([])
        elif blocks:
            blocks[-1].append(line)
    return blocks


def last(text: str, profile: str = "modern") -> list[str]:
    return output_of(text, profile)[-1]


def test_many_ellipsis_lines_and_memo() -> None:
    assert not match_lines(["<...>", "<...>", "x"], ["a", "b", "c"])
    assert match_lines(["<...>", "<...>", "c"], ["a", "b", "c"])


# ----------------------------------------------------------------------------- flag parsing
# Texts: spf13/pflag errors, docker/cli cobra argument checks (modern: v28+, classic: v27).

CLASSIC_ARGS = [
    (
        "$ docker ps x\n",
        [
            '"docker ps" accepts no arguments.',
            "See 'docker ps --help'.",
            "",
            "Usage:  docker ps [OPTIONS]",
            "",
            "List containers",
        ],
    ),
    (
        "$ docker port\n",
        [
            '"docker port" requires at least 1 and at most 2 arguments.',
            "See 'docker port --help'.",
            "",
            "Usage:  docker port CONTAINER [PRIVATE_PORT[/PROTO]]",
            "",
            "List port mappings or a specific mapping for the container",
        ],
    ),
]


CLASSIC_ARGS.append(
    (
        "$ docker start\n",
        [
            '"docker start" requires at least 1 argument.',
            "See 'docker start --help'.",
            "",
            "Usage:  docker start [OPTIONS] CONTAINER [CONTAINER...]",
            "",
            "Start one or more stopped containers",
        ],
    )
)


@pytest.mark.parametrize(("text", "expected"), CLASSIC_ARGS)
def test_classic_argument_errors(text: str, expected: list[str]) -> None:
    assert last(text, "classic") == expected


@pytest.mark.parametrize(
    ("line", "first"),
    [
        (
            "$ docker stop -t x db",
            'invalid argument "x" for "-t, --timeout" flag: strconv.ParseInt: parsing "x": '
            "invalid syntax",
        ),
        (
            "$ docker run --rm=maybe training/webapp",
            'invalid argument "maybe" for "--rm" flag: strconv.ParseBool: parsing "maybe": '
            "invalid syntax",
        ),
        ("$ docker run --ip6 ::1 training/webapp", "dockerlinks: --ip6 is a docker flag"),
        ("$ docker run -v /x:/y training/webapp", "dockerlinks: -v is a docker flag"),
    ],
)
def test_flag_values(line: str, first: str) -> None:
    assert last(line + "\n")[0].startswith(first)


def test_bool_shorthand_with_value_and_help_forms() -> None:
    blocks = output_of(
        "$ docker run -d=false --name fg training/webapp\n"
        "$ docker ps -h\n"
        "$ docker run --help\n"
        "$ docker container inspect --help\n"
    )
    assert blocks[0] == []  # not detached: a foreground server prints nothing and keeps running
    assert blocks[1] == ["Usage:  docker ps [OPTIONS]", "", "List containers"]
    assert blocks[2][0] == "Usage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]"
    assert blocks[3] == [
        "Usage:  docker container inspect [OPTIONS] CONTAINER [CONTAINER...]",
        "",
        "Display detailed information on one or more containers",
    ]


# ----------------------------------------------------------------------------- run / start


def test_classic_start_error_has_no_help_line() -> None:
    # docker/cli v27 reportError(..., withHelp=false) after a failed start; `run -d` has
    # printed the new container's ID first (recorded with the 20.10 and 28.2 CLIs)
    text = DB + "$ docker stop db\n" + WEB
    out = last(text, "classic")
    assert len(out) == 2
    assert len(out[0]) == 64
    assert out[1] == (
        "docker: Error response from daemon: Cannot link to a non running container: /db AS "
        "/web/db."
    )


def test_start_reports_each_failure_then_the_summary() -> None:
    blocks = output_of(
        DB + WEB.replace("-d", "-d") + "$ docker stop db web\n$ docker start web nope db\n"
    )
    assert blocks[-1] == [
        "Error response from daemon: Cannot link to a non running container: /db AS /web/db",
        "Error response from daemon: No such container: nope",
        "db",
        "failed to start containers: web, nope",
    ]


def test_stop_and_rm_print_names_then_the_joined_errors() -> None:
    blocks = output_of(DB + "$ docker stop nope db\n$ docker rm nope db\n")
    assert blocks[-2] == ["db", "Error response from daemon: No such container: nope"]
    assert blocks[-1] == ["db", "Error response from daemon: No such container: nope"]


@pytest.mark.parametrize(
    ("profile", "expected"),
    [
        # docker/cli v28+: rm -f ignores a missing container; v27 printed the error in place.
        ("modern", ["db", "container name cannot be empty"]),
        (
            "classic",
            [
                "Error response from daemon: No such container: nope",
                "db",
                "Container name cannot be empty",
            ],
        ),
    ],
)
def test_rm_force_of_missing_and_empty_names(profile: str, expected: list[str]) -> None:
    assert last(DB + "$ docker rm -f nope db /\n", profile) == expected


def test_classic_rm_names_the_container_by_its_own_name() -> None:
    # moby before v28.2: cannot remove container "<container.Name>"
    assert last(DB + "$ docker rm web/db db\n", "classic") == [
        "Error response from daemon: No such container: web/db",
        'Error response from daemon: cannot remove container "/db": container is running: '
        "stop the container before removing or force remove",
    ]


def test_foreground_shell_without_tty_exits_at_once() -> None:
    blocks = output_of("$ docker run --name sh training/webapp /bin/bash\n$ docker ps -a -q\n")
    assert blocks[0] == []
    assert len(blocks[1]) == 1
    assert last("$ docker run --name sh training/webapp /bin/bash\n$ docker ps -q\n") == []


# ----------------------------------------------------------------------------- inside


def test_commands_inside_a_container() -> None:
    text = (
        DB + "$ docker run -t -i -h box -e HOME=/home/me --link db:db training/webapp /bin/bash\n"
        "root@box:/opt/webapp# \n"
        "root@box:/opt/webapp# hostname\n"
        "root@box:/opt/webapp# cat /etc/hostname /nope\n"
        "root@box:/opt/webapp# apt-get update\n"
        "root@box:/opt/webapp# ping db\n"
        "root@box:/opt/webapp# apt-get install -y iputils-ping\n"
        "root@box:/opt/webapp# ping\n"
        "root@box:/opt/webapp# ping -c 3 nowhere\n"
        "root@box:/opt/webapp# true\n"
        "root@box:/opt/webapp# echo hi  there\n"
        "root@box:/opt/webapp# vi x\n"
        "root@box:/opt/webapp# echo 'open\n"
        "root@box:/opt/webapp# env\n"
        "root@box:/opt/webapp# exit\n"
        "root@box:/opt/webapp# hostname\n"
    )
    blocks = output_of(text)
    assert blocks[2:14] == [
        [],
        ["box"],
        ["box", "cat: /nope: No such file or directory"],
        [],
        ["bash: ping: command not found"],
        [],
        ["ping: missing host operand"],
        ["ping: unknown host"],
        [],
        ["hi there"],
        ["bash: vi: command not found"],
        ["bash: syntax error: No closing quotation"],
    ]
    env = blocks[14]
    assert env[-1] == "HOME=/home/me"
    assert env.count("HOME=/home/me") == 1
    assert blocks[-1] == ["dockerlinks: no interactive container session is open"]


def test_ping_of_a_stopped_child_loses_every_packet() -> None:
    text = (
        DB + "$ docker run -t -i --link db:db training/webapp /bin/bash\n"
        "root@x:/opt/webapp# apt-get install -yqq inetutils-ping\n"
        "$ docker stop db\n"
        "$ docker exec -it $(x) bash\n"
    )
    del text
    engine = Engine(seed=1)
    engine, _ = engine.run(ContainerConfig("training/postgres", name="db"))
    engine, web = engine.run(ContainerConfig("training/webapp", name="web", links=("db:db",)))
    engine, _ = engine.install("web", ["inetutils-ping"])
    engine, _ = engine.stop("db")
    session = Session(engine=engine, interactive=web.id)
    _, lines = run_line(session, Step("container", 1, "root@x:/# ping db", "ping db"))
    assert lines == [
        "PING db (172.17.0.2): 48 data bytes",
        "--- db ping statistics ---",
        "3 packets transmitted, 0 packets received, 100% packet loss",
    ]
    assert run_line(session, Step("comment", 2, "# x", "# x")) == (session, [])


def test_exec_on_missing_and_stopped_containers() -> None:
    blocks = output_of(DB + "$ docker exec nope env\n$ docker stop db\n$ docker exec db env\n")
    assert blocks[1] == ["Error response from daemon: No such container: nope"]
    engine = replay(DB).session.engine
    assert blocks[3] == [
        f"Error response from daemon: container {engine.get('db').id} is not running"
    ]


def test_blank_command_line_prints_nothing() -> None:
    assert last("$ \n") == []


# ----------------------------------------------------------------------------- inspect


def test_inspect_errors_are_collected_after_the_output() -> None:
    blocks = output_of(
        DB + WEB + "$ docker inspect -f '{{.HostConfig.Links.X}} {{.Name}}' web db\n"
        "$ docker inspect -f json db\n$ docker container inspect nope\n"
    )
    assert blocks[-3] == [
        "",
        'template parsing error: template: :1:13: executing "" at <.HostConfig.Links.X>: '
        "can't evaluate field X in type interface {}",
        'template parsing error: template: :1:13: executing "" at <.HostConfig.Links.X>: '
        "nil pointer evaluating interface {}.X",
    ]
    assert len(blocks[-2]) == 1
    assert blocks[-2][0].startswith('[{"Id":"')
    assert blocks[-1] == ["[]", "Error response from daemon: No such container: nope"]


# ----------------------------------------------------------------------------- directives


@pytest.mark.parametrize(
    ("directive", "message"),
    [
        (
            "image Bad",
            "dockerlinks: invalid reference format: repository name (library/Bad) "
            "must be lowercase",
        ),
        ("file", "dockerlinks: file directive needs a path"),
        ("env NOVALUE", "dockerlinks: env directive needs NAME=VALUE"),
        ("frobnicate", "dockerlinks: unknown directive: frobnicate"),
    ],
)
def test_bad_directives(directive: str, message: str) -> None:
    out = replay(f"# dockerlinks: {directive}\n").output.splitlines()
    assert out[1] == message


def test_replay_from_a_given_engine() -> None:
    engine, _ = Engine(seed=4).run(ContainerConfig("training/postgres", name="db"))
    result = replay("$ docker ps -q\n", engine=engine)
    assert result.output.splitlines()[1] == engine.get("db").short_id


def test_cli_reads_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin = io.TextIOWrapper(io.BytesIO((DB + "$ docker ps -q\n").encode()))
    monkeypatch.setattr("sys.stdin", stdin)
    assert main(["replay", "-"]) == 0
    assert capsys.readouterr().out.count("\n") == 4


def test_modern_port_argument_count_and_template_parse_error() -> None:
    assert last("$ docker port\n") == [
        "docker: 'docker port' requires at least 1 and at most 2 arguments",
        "",
        "Usage:  docker port CONTAINER [PRIVATE_PORT[/PROTO]]",
        "",
        "Run 'docker port --help' for more information",
    ]
    # A template that does not parse stops the command before any container is looked up.
    assert last(DB + "$ docker inspect -f '{{.Name' db nope\n") == [
        "template parsing error: template: :1: unclosed action"
    ]
