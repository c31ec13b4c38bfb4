"""Container names: Docker's validity rule and the seeded name generator."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dockerlinks.errors import ContainerNameError, DockerLinksError
from dockerlinks.names import (
    ADJECTIVES,
    SURNAMES,
    NameGenerator,
    generate_name,
    unsafe_index,
    validate_container_name,
)
from tests.vectors import cases

NAME_CASES = cases("moby_container_names")


@pytest.mark.parametrize("case", NAME_CASES, ids=[f"{c['test']}-{c['input']}" for c in NAME_CASES])
def test_upstream_container_names(case: dict[str, Any]) -> None:
    if "error" in case:
        with pytest.raises(ContainerNameError) as info:
            validate_container_name(case["input"])
        assert info.value.docker_message == case["error"]
    else:
        assert validate_container_name(case["input"]) == case["input"]


# Facts from the rule (moby daemon/names/names.go RestrictedNamePattern): one leading "/" is
# dropped, 2+ characters, the first an ASCII letter or digit, the rest letters, digits, "_",
# "." or "-".
@pytest.mark.parametrize(
    ("name", "bare"),
    [("/web", "web"), ("ab", "ab"), ("a.b-c_d", "a.b-c_d"), ("9z", "9z"), ("/db.1", "db.1")],
)
def test_valid_names(name: str, bare: str) -> None:
    assert validate_container_name(name) == bare


@pytest.mark.parametrize(
    ("name", "caret"),
    [
        ("-rm", 0),
        ("&sdfsfd", 0),
        ("safd%sd", 4),
        ("a", 1),
        ("/a", 2),
        ("", 0),
        ("/", 1),
        ("//ab", 1),
        ("a/b", 1),
        ("_ab", 0),
        ("ab c", 2),
        ("ab\n", 2),
        ("ümlaut", 0),
        ("abé", 2),
    ],
)
def test_invalid_names_caret(name: str, caret: int) -> None:
    with pytest.raises(ContainerNameError) as info:
        validate_container_name(name)
    error = info.value
    assert error.docker_message == (
        f"Invalid container name ({name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed"
    )
    assert error.span is not None
    assert error.span[0] == caret
    assert error.text == name


@pytest.mark.parametrize("value", [None, 3, b"web", ["web"]])
def test_wrong_types(value: object) -> None:
    with pytest.raises(DockerLinksError):
        validate_container_name(value)


@given(st.from_regex(r"/?[a-zA-Z0-9][a-zA-Z0-9_.-]+", fullmatch=True))
def test_rule_accepts_pattern(name: str) -> None:
    assert validate_container_name(name) == name.removeprefix("/")


@given(st.text(max_size=12))
def test_rule_matches_pattern(name: str) -> None:
    ok = re.fullmatch(r"[a-zA-Z0-9][a-zA-Z0-9_.-]+", name.removeprefix("/"), re.ASCII)
    if ok:
        assert validate_container_name(name) == name.removeprefix("/")
    else:
        with pytest.raises(ContainerNameError):
            validate_container_name(name)


def test_unsafe_index() -> None:
    assert unsafe_index("web") is None
    assert [unsafe_index(t) for t in ("a b", "a\nb", "a=b", "a#b", "a\x00b", "a\u2028b")] == [1] * 6


# --- generator -----------------------------------------------------------------------------


def test_word_lists_are_upstreams() -> None:
    # moby internal/namesgenerator: 108 adjectives, 236 surnames, no duplicates
    assert (len(ADJECTIVES), len(set(ADJECTIVES))) == (108, 108)
    assert (len(SURNAMES), len(set(SURNAMES))) == (236, 236)
    assert ADJECTIVES[0] == "admiring"
    assert SURNAMES[-1] == "zhukovsky"
    assert "boring" in ADJECTIVES
    assert "wozniak" in SURNAMES


@given(st.integers(min_value=-(2**70), max_value=2**70))
def test_generated_name_form(seed: int) -> None:
    gen = NameGenerator(seed)
    after, name = gen.random_name()
    adjective, _, surname = name.partition("_")
    assert adjective in ADJECTIVES
    assert surname in SURNAMES
    assert name != "boring_wozniak"
    assert gen == NameGenerator(seed)  # persistent: the old value is untouched
    assert after != gen


@given(st.integers(min_value=0, max_value=2**64), st.integers(min_value=1, max_value=5))
def test_retry_appends_a_digit(seed: int, retry: int) -> None:
    _, name = NameGenerator(seed).random_name(retry)
    assert name[-1].isdigit()
    assert name[:-1].partition("_")[2] in SURNAMES


def test_boring_wozniak_is_redrawn() -> None:
    # seed 171's first draw is ("boring", "wozniak"): Steve Wozniak is not boring
    gen = NameGenerator(171)
    after, left = gen.randbelow(len(ADJECTIVES))
    _, right = after.randbelow(len(SURNAMES))
    assert (ADJECTIVES[left], SURNAMES[right]) == ("boring", "wozniak")
    _, name = gen.random_name()
    assert name != "boring_wozniak"


@given(st.integers())
def test_deterministic(seed: int) -> None:
    assert generate_name(seed) == generate_name(seed)
    assert NameGenerator(seed).generate() == NameGenerator(seed).generate()


def test_collision_rule() -> None:
    gen = NameGenerator(42)
    _, first = gen.generate()
    assert "_" in first
    assert not first[-1].isdigit()
    _, second = gen.generate(taken=["/" + first])
    assert second[-1].isdigit()
    assert second != first


def test_all_six_attempts_taken_falls_back_to_the_id() -> None:
    gen = NameGenerator(5)
    taken: list[str] = []
    for retry in range(6):
        gen, name = gen.random_name(retry)
        taken.append(name)
    ident = "4f3c2b1a0e9d" + "0" * 52
    _, name = NameGenerator(5).generate(taken, container_id=ident)
    assert name == "4f3c2b1a0e9d"
    _, name = NameGenerator(5).generate(taken)
    assert len(name) == 12
    assert not name.isdigit()
    int(name, 16)
    with pytest.raises(ContainerNameError, match="name is reserved"):
        NameGenerator(5).generate([*taken, "4f3c2b1a0e9d"], container_id=ident)
    with pytest.raises(ContainerNameError):
        NameGenerator(5).generate(taken, container_id="")


def test_random_id_skips_numeric_prefixes() -> None:
    gen = NameGenerator(0)
    for _ in range(50):
        gen, ident = gen.random_id()
        assert len(ident) == 64
        assert not ident[:12].isdigit()


@pytest.mark.parametrize("seed", ["1", 1.5, None, True])
def test_bad_seed(seed: object) -> None:
    with pytest.raises(ContainerNameError):
        NameGenerator(seed)  # type: ignore[arg-type]


@pytest.mark.parametrize("bound", [0, -1, "3"])
def test_bad_bound(bound: object) -> None:
    with pytest.raises(ContainerNameError):
        NameGenerator(1).randbelow(bound)  # type: ignore[arg-type]


def test_bad_taken() -> None:
    with pytest.raises(ContainerNameError):
        NameGenerator(1).generate([1])  # type: ignore[list-item]


@given(st.integers(min_value=0), st.integers(min_value=1, max_value=1000))
def test_randbelow_in_range(seed: int, bound: int) -> None:
    _, value = NameGenerator(seed).randbelow(bound)
    assert 0 <= value < bound


def test_fallback_truncates_like_stringid() -> None:
    # stringid.TruncateID drops an "algorithm:" prefix before keeping 12 characters
    gen = NameGenerator(5)
    taken: list[str] = []
    for retry in range(6):
        gen, name = gen.random_name(retry)
        taken.append(name)
    ident = "sha256:" + "ab" * 32
    assert NameGenerator(5).generate(taken, container_id=ident)[1] == "ab" * 6
    assert NameGenerator(5).generate(taken, container_id="short")[1] == "short"


def test_every_retry_draws_a_fresh_pair() -> None:
    # GetRandomName(retry) draws adjective and surname again on every attempt
    gen = NameGenerator(3)
    first_gen, first = gen.random_name(0)
    _, second = first_gen.random_name(1)
    _, generated = gen.generate(taken=[first])
    assert generated == second


@pytest.mark.parametrize(
    ("name", "valid"),
    [
        ("ab", True),
        ("a-", True),
        ("0.", True),
        ("a_", True),
        ("Z9", True),
        ("/ab", True),
        ("a", False),
        ("_a", False),
        (".a", False),
        ("ab\n", False),  # Go's $ is the end of the text
        ("ab/", False),
        ("/a/b", False),
        ("a b", False),
        ("ａｂ", False),  # fullwidth letters are not ASCII
    ],
)
def test_rule_table(name: str, valid: bool) -> None:
    if valid:
        assert validate_container_name(name) == name.removeprefix("/")
    else:
        with pytest.raises(ContainerNameError):
            validate_container_name(name)


@pytest.mark.parametrize("bound", [2**64 + 1, 2**80, True])
def test_bound_out_of_range(bound: int) -> None:
    with pytest.raises(ContainerNameError):
        NameGenerator(1).randbelow(bound)


def test_full_64_bit_bound() -> None:
    _, value = NameGenerator(1).randbelow(2**64)
    assert 0 <= value < 2**64


@pytest.mark.parametrize("retry", [None, "1", 1.0])
def test_bad_retry(retry: Any) -> None:
    with pytest.raises(ContainerNameError):
        NameGenerator(1).random_name(retry)


# --- robustness: any input raises only DockerLinksError subclasses ---------------------------

ANYTHING: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(),
    st.binary(max_size=8),
    st.text(st.characters(exclude_categories=()), max_size=12),
    st.lists(st.one_of(st.none(), st.text(max_size=4), st.integers()), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@given(ANYTHING, ANYTHING)
def test_any_input_raises_only_library_errors(first: Any, second: Any) -> None:
    calls: list[Callable[[], object]] = [
        lambda: validate_container_name(first),
        lambda: unsafe_index(first),
        lambda: NameGenerator(first),
        lambda: NameGenerator(1, first),
        lambda: generate_name(first, second),
        lambda: NameGenerator(1).generate(first, container_id=second),
        lambda: NameGenerator(1).randbelow(first),
        lambda: NameGenerator(1).random_name(first),
    ]
    for call in calls:
        with contextlib.suppress(DockerLinksError):
            call()


def test_random_id_redraws_an_all_digit_prefix() -> None:
    # seed 20's first 64-bit word prints as 12+ decimal digits: that ID is drawn again
    gen = NameGenerator(20)
    _, word = gen._next64()
    assert f"{word:016x}"[:12].isdigit()
    _, ident = gen.random_id()
    assert not ident[:12].isdigit()
    assert not ident.startswith(f"{word:016x}")


def test_randbelow_rejects_values_above_the_limit() -> None:
    # with a bound just above 2**63 about half the raw values are rejected and redrawn
    bound = 2**63 + 1
    for seed in range(8):
        _, value = NameGenerator(seed).randbelow(bound)
        assert 0 <= value < bound
