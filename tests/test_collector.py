"""Pausing the cyclic garbage collector (``dockerlinks._collector``)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from dockerlinks._collector import paused_collector


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


@pytest.mark.usefixtures("collector_on")
def test_paused_inside_and_restored_after_even_on_an_error() -> None:
    seen: list[bool] = []

    def fail() -> None:
        with paused_collector():
            seen.append(gc.isenabled())
            raise KeyError("x")

    with pytest.raises(KeyError):
        fail()
    assert seen == [False]
    assert gc.isenabled()


@pytest.mark.usefixtures("collector_on")
def test_a_nested_pause_leaves_the_outer_one_in_place() -> None:
    with paused_collector():
        with paused_collector():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


@pytest.mark.usefixtures("collector_on")
def test_one_instance_nested_in_itself_restores_the_collector() -> None:
    pause = paused_collector()
    with pause:
        with pause:
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_already_off_stays_off() -> None:
    was = gc.isenabled()
    gc.disable()
    try:
        with paused_collector():
            pass
        assert not gc.isenabled()
    finally:
        if was:
            gc.enable()
