"""Shared pieces of the "any input raises only library errors" property tests."""

from __future__ import annotations

import contextlib
import gc
import itertools
import math
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from hypothesis import strategies as st

from dockerlinks.errors import DockerLinksError

#: Any short text, surrogates and control characters included.
ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=12)


def only_library_errors(*calls: Callable[[], object]) -> None:
    """Run each call; a DockerLinksError is fine, any other exception fails the test."""
    for call in calls:
        with contextlib.suppress(DockerLinksError):
            call()


def call_with_drawn_arguments(
    function: Callable[..., object], arity: int, data: st.DataObject, values: st.SearchStrategy[Any]
) -> None:
    """Call ``function`` with ``arity`` values drawn from ``values``; see only_library_errors."""
    args = [data.draw(values) for _ in range(arity)]
    only_library_errors(lambda: function(*args))


T = TypeVar("T")


@contextlib.contextmanager
def untraced() -> Iterator[None]:
    """The calls made inside run without this thread's trace function (a coverage run's line
    tracer), which is put back after: a timing then measures the code, not the tracer, whose
    cost per line makes the suite's timing tests several times slower under coverage."""
    tracer = sys.gettrace()
    sys.settrace(None)
    try:
        yield
    finally:
        sys.settrace(tracer)


def assert_linear_time(
    make: Callable[[int], T],
    run: Callable[[T], object],
    sizes: tuple[int, ...] = (50_000, 100_000, 200_000),
    limit: float = 2.5,
) -> None:
    """Time ``run(make(n))`` for each size: the time may grow at most ``limit`` times per
    doubling. Robust to a busy machine: fast runs are repeated until one measurement takes
    about 10 ms at the smallest size, sizes are measured in turn up to seven times and the
    best of each kept (it passes as soon as the best times, after three rounds or more, grow
    within the limit: more rounds only lower them), and a failing measurement is repeated up
    to five times (a superlinear run fails every time: a quadratic one grows about four
    times per doubling, however often it is measured)."""
    inputs = [make(n) for n in sizes]

    def once(arg: T) -> None:
        with contextlib.suppress(DockerLinksError):
            run(arg)

    def measure(arg: T, reps: int) -> float:
        gc.disable()
        try:
            with untraced():
                start = time.perf_counter()
                for _ in range(reps):
                    once(arg)
                return time.perf_counter() - start
        finally:
            gc.enable()

    reps = max(1, math.ceil(0.010 / max(min(measure(inputs[0], 1) for _ in range(3)), 1e-6)))
    times: list[float] = []
    for _ in range(5):
        rounds: list[list[float]] = []
        for count in range(7):
            rounds.append([measure(arg, reps) for arg in inputs])
            if count < 2:
                continue
            times = [min(column) for column in zip(*rounds, strict=True)]
            ratios = [later / max(earlier, 1e-9) for earlier, later in itertools.pairwise(times)]
            if max(ratios) <= limit:
                return
    raise AssertionError(f"time grew faster than linear: sizes {sizes}, seconds {times}")
