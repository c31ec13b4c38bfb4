"""Go's regexp.MatchString (what Docker's name filters use), against Go's own answers."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dockerlinks._goregexp import MAX_PATTERN, PatternError, match_string
from tests.robustness import assert_linear_time

ANSWERS = json.loads(
    (Path(__file__).parent / "data" / "go_semantics.json").read_text(encoding="utf-8")
)["regexps"]


@pytest.mark.parametrize("answer", ANSWERS, ids=lambda a: f"{a['pattern']!r}~{a['text']!r}")
def test_matches_as_go_matches(answer: dict[str, Any]) -> None:
    if answer.get("error"):
        with pytest.raises(PatternError):
            match_string(answer["pattern"], answer["text"])
    else:
        assert match_string(answer["pattern"], answer["text"]) is answer["match"]


def test_a_pattern_past_the_limit_is_refused() -> None:
    with pytest.raises(PatternError):
        match_string("a" * (MAX_PATTERN + 1), "a")


@given(st.text(max_size=12), st.text(max_size=12))
def test_any_pattern_either_matches_or_is_refused(pattern: str, text: str) -> None:
    with contextlib.suppress(PatternError):
        match_string(pattern, text)


@pytest.mark.parametrize("pattern", ["(a+)+$", "(a|aa)*b", "(.*a){20}", "a*a*a*a*a*a*b"])
def test_time_is_linear_in_the_text(pattern: str) -> None:
    assert_linear_time(
        lambda n: "a" * n, lambda text: match_string(pattern, text), (2000, 4000, 8000)
    )
