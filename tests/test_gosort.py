"""Go's sort.Sort and go-connections' SortPortMap, against Go 1.19's own answers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dockerlinks._gosort import go_sort, sort_port_map

ANSWERS = json.loads(
    (Path(__file__).parent / "data" / "go_semantics.json").read_text(encoding="utf-8")
)


def _bindings(texts: list[str]) -> list[tuple[str, str]]:
    return [tuple(text.rsplit("/", 1)) for text in texts]  # type: ignore[misc]


@pytest.mark.parametrize(
    "answer", ANSWERS["port_maps"], ids=lambda a: f"{len(a['input']['ports'])}-ports"
)
def test_sort_port_map_as_go_sorts_it(answer: dict[str, Any]) -> None:
    question = answer["input"]
    bindings = {port: _bindings(texts) for port, texts in (question["bindings"] or {}).items()}
    ports, ordered = sort_port_map(question["ports"], bindings)
    assert ports == answer["ports"]
    expected = {port: _bindings(texts) for port, texts in (answer["bindings"] or {}).items()}
    assert ordered == expected


def test_the_recorded_answers_are_go_1_19_s() -> None:
    # pdqsort is Go 1.19's; older Go sorted ties differently
    major, minor = (int(part) for part in ANSWERS["source"]["go"].split(".")[:2])
    assert (major, minor) >= (1, 19)


@given(st.lists(st.integers(-50, 50), max_size=300))
def test_a_strict_order_sorts(values: list[int]) -> None:
    got = list(values)
    go_sort(got, lambda a, b: a < b)
    assert got == sorted(values)


@given(st.lists(st.tuples(st.integers(0, 3), st.integers()), max_size=200))
def test_ties_keep_every_element(values: list[tuple[int, int]]) -> None:
    got = list(values)
    go_sort(got, lambda a, b: a[0] <= b[0])  # not a strict order
    assert sorted(got) == sorted(values)
    assert [v[0] for v in got] == sorted(v[0] for v in values)
