"""Transcripts: reading, placeholders, docker CLI flag parsing with the CLI's texts."""

from __future__ import annotations

import contextlib
import functools
import io
import pickle
import re
import time
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dockerlinks.cli import main
from dockerlinks.engine import ContainerConfig, Engine
from dockerlinks.errors import HostsError
from dockerlinks.transcript import (
    MAX_LINE,
    MAX_TRANSCRIPT,
    CheckResult,
    Mismatch,
    ReplayError,
    Session,
    Step,
    TranscriptError,
    directive_defaults,
    match_lines,
    read_transcript,
    replay,
    run_command,
    run_line,
)
from tests.robustness import (
    ANY_TEXT,
    assert_linear_time,
    call_with_drawn_arguments,
    only_library_errors,
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
        "# dockerlinks: image redis expose=6379 env=REDIS_VERSION=7 cmd='sleep infinity'\n"
        "# dockerlinks: file db.env A=1\\nB\n"
        "# dockerlinks: env B=2\n"
        "$ docker run -d --name cache --env-file db.env redis\n"
        "$ docker run --rm --link cache:c training/webapp env\n"
        "$ docker run --env-file missing.env redis\n"
        "# dockerlinks: frob\n",
        profile="modern",  # a release that sets link variables
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


@pytest.mark.parametrize(
    "directive",
    ["# dockerlinks: profle 28.5", "# dockerlinks: image", "# dockerlinks: env NOVALUE"],
)
def test_a_refused_directive_is_a_mismatch(directive: str) -> None:
    result = replay(f"{directive}\n$ docker ps -q\n")
    assert [m.line for m in result.mismatches] == [1]
    assert result.mismatches[0].expected == ()
    assert result.mismatches[0].actual[0].startswith("dockerlinks: ")
    # the replayed transcript carries the refusal as the directive's output: it checks clean
    assert replay(result.output).ok


@pytest.mark.parametrize(
    "directive",
    ["# dockerlinks: seed 3", "# dockerlinks: image redis expose=6379", "# dockerlinks: env A=1"],
)
def test_an_accepted_directive_prints_nothing_and_matches(directive: str) -> None:
    assert replay(f"{directive}\n$ docker ps -q\n").ok


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
        "$ docker exec web env\n",
        profile="modern",
    )
    out = result.output.splitlines()
    assert "DB_PORT=tcp://172.17.0.2:5432" in out
    assert out[-1] == (
        "Error response from daemon: Cannot link to a non running container: /db AS /web/db"
    )
    assert result.session.engine.get("web").running


# ----------------------------------------------------------------------------- linear time
# Complexity checks, not benchmarks: doubling an adversarial input must at most ~double the
# time (a quadratic parser quadruples it). No absolute time is asserted.

# ----------------------------------------------------------------------------- matching rule
# The placeholder table states each placeholder as a regular expression; a line matches when
# the expected line, literal text escaped and placeholders replaced, fullmatches it. The
# matcher decides the same without regular expressions (reference: re, on short lines).

RULES = {
    "<id>": r"[0-9a-f]{64}",
    "<short-id>": r"[0-9a-f]{12}",
    "<name>": r"[a-z]+_[a-z]+[0-9]?",
    "<ip>": r"\d{1,3}(?:\.\d{1,3}){3}",
    "<port>": r"\d{1,5}",
    "<...>": r".*?",
}
SAMPLES = {
    "<id>": st.text("0123456789abcdef", min_size=63, max_size=65),
    "<short-id>": st.text("0123456789abcdef", min_size=11, max_size=13),
    "<name>": st.from_regex(r"[a-z]{1,3}_[a-z]{1,3}[0-9]?", fullmatch=True),
    "<ip>": st.from_regex(r"[0-9\u0663]{1,4}(\.[0-9]{0,3}){3}", fullmatch=True),
    "<port>": st.text("0123456789", min_size=1, max_size=6),
    "<...>": st.text("a1_. x", max_size=4),
}
PIECES = [*RULES, "a", "1", "_", ".", " ", "x", "f", "<", ">", "ab"]


def reference_line(expected: str, actual: str) -> bool:
    text = " ".join(expected.split())
    pattern = "".join(
        RULES.get(piece, re.escape(piece))
        for piece in re.split(r"(<(?:id|short-id|name|ip|port|\.\.\.)>)", text)
    )
    return re.fullmatch(pattern, " ".join(actual.split())) is not None


def reference_lines(expected: list[str], actual: list[str]) -> bool:
    """The old recursive definition: a <...> line takes zero or more lines."""
    exp = [e for e in expected if e.strip()]
    act = [a for a in actual if a.strip()]

    @functools.cache
    def go(i: int, j: int) -> bool:
        if i == len(exp):
            return j == len(act)
        if " ".join(exp[i].split()) == "<...>":
            return go(i + 1, j) or (j < len(act) and go(i, j + 1))
        return j < len(act) and reference_line(exp[i], act[j]) and go(i + 1, j + 1)

    return go(0, 0)


@st.composite
def line_and_candidate(draw: st.DrawFn) -> tuple[str, str]:
    pieces = draw(st.lists(st.sampled_from(PIECES), max_size=6))
    expected = "".join(pieces)
    if draw(st.booleans()):
        actual = "".join(draw(SAMPLES[p]) if p in SAMPLES else p for p in pieces)
    else:
        actual = draw(st.text("a1_. xf<>\u0663", max_size=20))
    return expected, actual


@given(line_and_candidate())
def test_a_line_matches_as_the_placeholder_table_states(case: tuple[str, str]) -> None:
    expected, actual = case
    assert match_lines([expected], [actual]) is reference_lines([expected], [actual])


@given(
    st.lists(st.sampled_from(["<...>", "a", "b", "<port>", " ", "a <...>"]), max_size=7),
    st.lists(st.sampled_from(["a", "b", "80", "a b", "", "  a  "]), max_size=7),
)
def test_lines_match_as_the_recursive_definition(expected: list[str], actual: list[str]) -> None:
    assert match_lines(expected, actual) is reference_lines(expected, actual)


@pytest.mark.parametrize(
    ("expected", "actual"),
    [
        ("<port><...>", "80"),  # the first stretch ends the line
        ("<port><...>", "80x"),
        ("<port>1<...>", "x"),
        ("<...>x<port><...>", "abc"),  # the middle stretch's head is nowhere
        ("<...>x<port>y<...>", "ax8x80y"),  # a middle stretch found after a false start
        ("<...>x<port>y<...>", "ax8"),
        ("a<...>b<...>c", "xbc"),  # the first stretch fails before the middle one
        ("a<...>b<port><...>c", "ab8c"),
        ("<...>x<port>", "ax80"),  # the last stretch, bounded length
        ("<...>x<port>", "ax80y"),
        ("<...>x<name>", "ax_ab_cd"),  # the last stretch, unbounded
        ("<...><ip><...><ip>", "1.2.3.4 and 5.6.7.8"),
        ("<ip>", "1.2.3"),
        ("<name> <short-id>", "a_b 0123456789ab"),
    ],
)
def test_stretch_placement(expected: str, actual: str) -> None:
    assert match_lines([expected], [actual]) is reference_lines([expected], [actual])


def test_a_line_of_many_distinct_characters() -> None:
    line = "".join(chr(0x4E00 + n) for n in range(400))
    assert match_lines(["<...>" + line[:300] + "<port><...>"], [line[:300] + "7" + line])
    assert not match_lines(["<...>" + line[:300] + "<port>"], [line])


def test_many_expected_lines_need_no_recursion() -> None:
    assert match_lines(["<...>"] * 1000, ["x"])
    assert match_lines(["<...>", "x"] * 50_000, ["x"] * 50_000)
    assert not match_lines(["<...>", "x"] * 50_000, ["x"] * 49_999)


def test_the_236_byte_transcript_checks_at_once() -> None:
    # issue 10: each <...> was a lazy wildcard; this took seconds, a longer line forever.
    text = "$ docker inspect " + "a" * 60 + "\n[]\n" + "<...>a" * 22 + "b\n"
    assert len(text) <= 236
    start = time.perf_counter()
    result = replay(text)
    assert not result.ok
    assert time.perf_counter() - start < 5


def test_placeholders_between_two_ellipses_are_bounded() -> None:
    line = "<...>" + "<id>" * 65 + "<...>"
    with pytest.raises(
        TranscriptError, match=re.escape("more than 4096 characters between two <...>")
    ):
        match_lines([line], ["x"])
    with pytest.raises(TranscriptError, match=r"^line 2: an expected line's placeholders"):
        read_transcript("$ docker ps\n" + line + "\n")
    plain = "x" * 100_000
    assert match_lines(
        ["<...>" + plain + "<...>", "<port>" + "<...>" + plain], [plain, "8" + plain]
    )


@pytest.mark.parametrize(
    ("expected", "actual"),
    [("<...>", ["x"]), (["x"], "x"), ([b"x"], ["x"]), (["x"], [None]), (None, []), ([], 3)],
)
def test_match_lines_wants_sequences_of_text(expected: object, actual: object) -> None:
    with pytest.raises(TranscriptError, match="lines must be"):
        match_lines(expected, actual)  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- limits


def test_reading_refuses_text_over_the_limits() -> None:
    with pytest.raises(TranscriptError, match=f"at most {MAX_TRANSCRIPT} characters"):
        read_transcript("#" * (MAX_TRANSCRIPT + 1))
    with pytest.raises(TranscriptError, match=f"^line 2: longer than {MAX_LINE} characters"):
        read_transcript("$ docker ps\n" + "x" * (MAX_LINE + 1))
    assert read_transcript("$ docker ps " + "a" * (MAX_LINE - 12))[0].kind == "host"


def test_a_megabyte_command_line_replays_in_linear_time() -> None:
    # issue 10: shlex took 27 s on this line.
    out = replay("$ docker ps " + "a" * 1_000_000 + "\n").output.splitlines()
    assert out[1] == "docker: 'docker ps' accepts no arguments"


def test_a_library_error_inside_a_step_is_that_step_s_output(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*args: object, **kwargs: object) -> list[str]:
        raise HostsError("bad hosts\nsecond line")

    monkeypatch.setattr("dockerlinks.client.commands.ps_output", refuse)
    result = replay(
        "$ docker run -d --name db training/postgres\n$ docker ps\n<...>\n$ docker restart db\n"
    )
    out = result.output.splitlines()
    assert out[2:5] == ["$ docker ps", "dockerlinks: bad hosts", "second line"]
    assert out[-1] == "db"
    assert result.ok  # <...> takes the error lines


def test_a_replay_past_the_output_limit_keeps_what_it_replayed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("dockerlinks.transcript.MAX_OUTPUT", 150)
    with pytest.raises(ReplayError) as info:
        replay("$ docker run -d --name db training/postgres\n$ docker ps\n$ docker ps\n")
    assert info.value.docker_message.startswith("line 2: the replay printed more than 150")
    lines = info.value.output.splitlines()
    assert lines[0] == "$ docker run -d --name db training/postgres"
    assert lines[2] == "$ docker ps"


def test_declarations_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("dockerlinks.transcript.MAX_DECLARED", 3)
    out = replay(
        "".join(f"# dockerlinks: image i{n}\n# dockerlinks: file f{n} A\n" for n in range(4))
        + "".join(f"# dockerlinks: env E{n}=1\n" for n in range(4))
        + "# dockerlinks: image training/webapp\n"
    ).output.splitlines()
    assert out.count("dockerlinks: more than 3 images (the model's limit)") == 3
    assert out.count("dockerlinks: more than 3 file directives (the model's limit)") == 1
    assert out.count("dockerlinks: more than 3 env directives (the model's limit)") == 1
    assert out[-1] == "# dockerlinks: image training/webapp"  # a replacement is no new image


# ----------------------------------------------------------------------------- shell words


def test_command_lines_are_split_as_bash_splits_them() -> None:
    out = replay(
        "$ docker run -d --name db training/postgres # the database\n"
        '$ docker run --rm -e "A=\\$HOME \\"x\\"" training/webapp env\n'
        "$ # nothing to run\n"
        "$ docker ps 'unterminated\n"
        "$ docker ps \\\n"
    ).output.splitlines()
    assert out[1] != "docker: 'docker run' accepts no arguments"
    assert 'A=$HOME "x"' in out
    assert out[out.index("$ # nothing to run") + 1] == "$ docker ps 'unterminated"
    assert "bash: syntax error: No closing quotation" in out
    assert out[-1] == "bash: syntax error: No escaped character"


@pytest.mark.parametrize(
    ("content", "text"),
    [
        ("A=1\\nB=2", "A=1\nB=2"),
        ("A=x\\ty\\\\n", "A=x\ty\\n"),
        ("A=caf\u00e9 \\u00e9 \\x41", "A=caf\u00e9 \\u00e9 \\x41"),
        ("A=\udcff", "A=\udcff"),
    ],
    ids=["newline", "tab-backslash", "non-ascii-and-unknown-escapes", "surrogate"],
)
def test_file_directive_escapes(content: str, text: str) -> None:
    session = replay(f"# dockerlinks: file x.env {content}\n").session
    assert session.files == (("x.env", text),)


def test_a_stopped_replay_pickles_with_its_result() -> None:
    error = ReplayError("line 1: stopped", replay("$ docker ps -q\n").output)
    copy = pickle.loads(pickle.dumps(error))
    assert copy.docker_message == "line 1: stopped"
    assert copy.output == "$ docker ps -q\n"


def test_session_values_are_checked_once_and_passed_on() -> None:
    session = Session(engine=Engine(), files=(("a.env", "A=1"),), host_env=(("A", "1"),))
    assert session.files == (("a.env", "A=1"),)
    evolved = attrs.evolve(session, interactive="x")
    assert evolved.files is session.files
    assert evolved.host_env is session.host_env
    for bad in ({"files": (("a", 1),)}, {"host_env": ["A", "1"]}):
        with pytest.raises(TranscriptError, match=r"^Session: expected a tuple"):
            Session(engine=Engine(), **bad)


# ----------------------------------------------------------------------------- any input

SESSION = Session(engine=Engine())
ANY_VALUE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    ANY_TEXT,
    st.binary(max_size=4),
    st.lists(ANY_TEXT, max_size=3),
    st.tuples(ANY_TEXT, ANY_TEXT),
    st.tuples(st.tuples(ANY_TEXT, ANY_TEXT)),
    st.just(SESSION),
    st.just(Step("host", 1, "$ docker ps", "docker ps")),
    st.just(Engine()),
    st.builds(object),
    st.dictionaries(ANY_TEXT, ANY_TEXT, max_size=2),
)
PUBLIC = [
    (read_transcript, 1),
    (match_lines, 2),
    (replay, 1),
    (lambda text, profile, seed: replay(text, profile=profile, seed=seed), 3),
    (lambda text, engine: replay(text, engine=engine), 2),
    (run_command, 2),
    (run_line, 2),
    (directive_defaults, 1),
    (Step, 5),
    (Session, 5),
    (Mismatch, 4),
    (CheckResult, 3),
]


@pytest.mark.parametrize(("function", "arity"), PUBLIC)
@given(data=st.data())
def test_every_public_callable_raises_only_library_errors(
    function: Any, arity: int, data: st.DataObject
) -> None:
    call_with_drawn_arguments(function, arity, data, ANY_VALUE)


@given(st.lists(st.sampled_from(["<...>", "<id>", "<ip>", "x", " ", "<"]), max_size=6).map("".join))
def test_any_expected_line_against_any_output(line: str) -> None:
    only_library_errors(lambda: match_lines([line], [line, "1.2.3.4 x"]))


# ----------------------------------------------------------------------------- linear time

READ_TIMED = [
    ("blank-lines", lambda n: "\n" * n),
    ("output-lines", lambda n: "$ docker ps\n" + "x <ip> <...>\n" * (n // 13)),
    ("prompts", lambda n: "root@a:/x# env\n" * (n // 15)),
    ("prompt-like", lambda n: "a@b:" + "c" * n + "#"),
    ("long-line", lambda n: "$ docker ps " + "a" * n),
    ("directives", lambda n: "# dockerlinks: env A=1\n" * (n // 23)),
]


@pytest.mark.parametrize("make", [m for _, m in READ_TIMED], ids=[i for i, _ in READ_TIMED])
def test_reading_takes_linear_time(make: Callable[[int], str]) -> None:
    assert_linear_time(make, read_transcript)


MATCH_TIMED: list[tuple[str, Callable[[int], tuple[list[str], list[str]]]]] = [
    ("many-ellipses", lambda n: (["<...>a" * (n // 6) + "b"], ["a" * n])),
    ("ip-in-a-long-line", lambda n: (["<...><ip> x<...>"], ["1.2.3." * (n // 6)])),
    ("port-prefix", lambda n: (["<port>" + "a" * 50 + "<...>"], ["1" + "a" * 49 + "b" * n])),
    ("name-search", lambda n: (["<...>x<name>y<...>"], ["xab_" * (n // 4)])),
    ("many-lines", lambda n: (["<...>", "b", "<...>"], ["a"] * (n // 2) + ["b"])),
    ("ellipsis-lines", lambda n: (["<...>", "a"] * (n // 8), ["a"] * (n // 8))),
    ("literal-lines", lambda n: (["x"] * (n // 2), ["x"] * (n // 2))),
]


@pytest.mark.parametrize("make", [m for _, m in MATCH_TIMED], ids=[i for i, _ in MATCH_TIMED])
def test_matching_takes_linear_time(make: Callable[[int], tuple[list[str], list[str]]]) -> None:
    assert_linear_time(make, lambda case: match_lines(*case))


def test_replaying_long_command_lines_takes_linear_time() -> None:
    assert_linear_time(lambda n: "$ docker ps '" + "a" * n + '\' \\\\ "b"\n', replay)


# ----------------------------------------------------------------------------- the docker CLI's
# texts for less common commands and flags, through a replay

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
