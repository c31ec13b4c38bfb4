"""``GET /containers/json`` filters (dockerlinks/server/filters.py): the JSON forms, the
regular expressions ``name`` and ``id`` are (linear time; the same answers as a regular
expression engine on the grammar's patterns), and which containers each filter keeps."""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dockerlinks.engine import ContainerConfig, Engine
from dockerlinks.errors import DockerLinksError
from dockerlinks.server.filters import Pattern, parse_filters, select


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"name":{"web":true}}', {"name": ["web"]}),
        ('{"name":{"web":true,"db":false}}', {"name": ["web"]}),
        ('{"status": ["exited", "exited", "created"]}', {"status": ["exited", "created"]}),
        ("", {}),
        ("{}", {}),
    ],
)
def test_both_json_forms(text: str, expected: dict[str, list[str]]) -> None:
    assert parse_filters(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "invalid filter: not JSON"),
        ("[]", "invalid filter: expected a JSON object"),
        ('{"name": "web"}', "invalid filter: the values of 'name' must be a list"),
        ('{"name": [1]}', "invalid filter: the values of 'name' must be a list"),
        ('{"colour": ["red"]}', "Invalid filter 'colour'"),
    ],
)
def test_filters_the_daemon_refuses(text: str, message: str) -> None:
    with pytest.raises(DockerLinksError, match=re.escape(message)):
        parse_filters(text)


_ATOM = st.sampled_from(["a", "b", ".", "[ab]", "[^a]", "[a-c]", "\\.", "\\d", "\\w", "-", "/"])
_PIECE = st.tuples(_ATOM, st.sampled_from(["", "*", "+", "?"])).map("".join)
_BRANCH = st.tuples(
    st.sampled_from(["", "^"]),
    st.lists(_PIECE, max_size=5).map("".join),
    st.sampled_from(["", "$"]),
).map("".join)
_PATTERN = st.lists(_BRANCH, min_size=1, max_size=3).map("|".join)


@given(_PATTERN, st.text(alphabet="ab.c-/1_", max_size=12))
def test_patterns_match_as_a_regular_expression_engine_does(pattern: str, text: str) -> None:
    assert Pattern.compile(pattern).search(text) == bool(re.search(pattern, text))


def test_matching_is_linear_in_the_text() -> None:
    pattern = Pattern.compile("a*a*a*a*a*a*a*a*b$")
    started = time.perf_counter()
    assert not pattern.search("a" * 20_000)
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize("pattern", ["(a)", "a**", "[a", "a\\", "x" * 2000])
def test_patterns_outside_the_grammar_are_refused(pattern: str) -> None:
    with pytest.raises(DockerLinksError):
        Pattern.compile(pattern)


def _engine() -> Engine:
    engine = Engine.new(profile="20.10", port_range=(32768, 60999))
    engine, _ = engine.run(ContainerConfig("training/postgres", name="db", detach=True))
    engine, _ = engine.run(
        ContainerConfig("training/webapp", name="web", links=("db:db",), publish=("8080:5000",))
    )
    engine, _ = engine.create(ContainerConfig("training/webapp", name="web2"))
    engine, _ = engine.run(ContainerConfig("training/webapp", name="once", cmd=("true",)))
    engine, _ = engine.run(ContainerConfig("training/webapp", name="failing", cmd=("false",)))
    return engine


@pytest.mark.parametrize(
    ("filters", "all_states", "limit", "names"),
    [
        ({}, False, -1, ["web", "db"]),
        ({}, True, -1, ["failing", "once", "web2", "web", "db"]),
        ({}, False, 2, ["failing", "once"]),  # a limit lists every state
        ({"name": ["web"]}, True, -1, ["web2", "web"]),
        ({"name": ["^web$"]}, True, -1, ["web"]),
        ({"name": ["^/web$"]}, True, -1, ["web"]),
        ({"name": ["(bad"]}, True, -1, []),  # a pattern Go refuses matches nothing
        ({"name": ["web", "db"]}, True, -1, ["web2", "web", "db"]),
        ({"status": ["exited"]}, False, -1, ["failing", "once"]),  # status implies all
        ({"status": ["created"]}, False, -1, ["web2"]),
        ({"exited": ["1"]}, True, -1, ["failing"]),
        ({"exited": ["0"]}, False, -1, []),
        ({"ancestor": ["training/postgres"]}, True, -1, ["db"]),
        ({"ancestor": ["training/webapp:latest"]}, False, -1, ["web"]),
        ({"publish": ["8080"]}, False, -1, ["web"]),
        ({"publish": ["8000-8100/tcp"]}, False, -1, ["web"]),
        ({"publish": ["8080/udp"]}, False, -1, []),
        ({"expose": ["5432"]}, False, -1, ["db"]),
        ({"before": ["web2"]}, True, -1, ["web", "db"]),
        ({"since": ["web2"]}, True, -1, ["failing", "once"]),
        ({"label": ["a=b"]}, True, -1, []),
        ({"health": ["none"]}, False, -1, ["web", "db"]),
        ({"name": ["web"], "status": ["running"]}, False, -1, ["web"]),
    ],
)
def test_which_containers_a_filter_keeps(
    filters: dict[str, list[str]], all_states: bool, limit: int, names: list[str]
) -> None:
    chosen = select(_engine(), filters, all_states=all_states, limit=limit)
    assert [c.bare_name for c in chosen] == names


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"status": ["sleeping"]}, "Invalid filter 'status=sleeping'"),
        ({"exited": ["x"]}, "Invalid filter 'exited=x'"),
        ({"before": ["nope"]}, "No such container: nope"),
        ({"publish": ["x"]}, "invalid port filter"),
    ],
)
def test_filter_values_the_daemon_refuses(filters: dict[str, list[str]], message: str) -> None:
    with pytest.raises(DockerLinksError, match=message):
        select(_engine(), filters, all_states=True, limit=-1)
