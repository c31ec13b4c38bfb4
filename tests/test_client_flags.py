"""The docker CLI's flags and arguments: pflag's forms, cobra's usage errors, per CLI release."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dockerlinks.client.flags import ParsedArgs, parse_docker_args
from dockerlinks.errors import FlagError
from tests.robustness import ANY_TEXT, call_with_drawn_arguments

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


@pytest.mark.parametrize(
    "argv",
    [None, 1.5, "run", ["port", "web", []], ["run", "-d", {}], [{"x": 1}]],
    ids=["none", "float", "str", "list-item", "dict-item", "unhashable-item"],
)
def test_wrongly_typed_arguments_are_a_flag_error(argv: object) -> None:
    with pytest.raises(FlagError, match="docker arguments must be"):
        parse_docker_args(argv)  # type: ignore[arg-type]


def test_exit_status_of_each_kind_of_error() -> None:
    # recorded on 20.10 with both CLIs (tests/data/daemon/20.10/cli-*): usage and unknown
    # commands exit 1, flag errors 125
    for argv, status in (
        (["ps", "x"], 1),
        (["run"], 1),
        (["frobnicate"], 1),
        (["run", "--nope", "x"], 125),
        (["run", "-p"], 125),
    ):
        for profile in ("20.10", "20.10,cli=28.2"):
            with pytest.raises(FlagError) as info:
                parse_docker_args(argv, profile)
            assert info.value.status == status, (argv, profile)


PARSED = ParsedArgs("ps", "docker ps", (("all", "true"),), ())
ANY_VALUE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    ANY_TEXT,
    st.lists(ANY_TEXT, max_size=4),
    st.tuples(st.tuples(ANY_TEXT, ANY_TEXT)),
    st.builds(object),
)
PUBLIC = [
    (parse_docker_args, 1),
    (lambda argv, profile: parse_docker_args(argv, profile=profile), 2),
    (ParsedArgs, 4),
    (PARSED.flag, 1),
    (PARSED.value, 1),
    (PARSED.values, 1),
]


@pytest.mark.parametrize(("function", "arity"), PUBLIC)
@given(data=st.data())
def test_every_public_callable_raises_only_library_errors(
    function: Any, arity: int, data: st.DataObject
) -> None:
    call_with_drawn_arguments(function, arity, data, ANY_VALUE)
