"""Shared pieces of the "any input raises only library errors" property tests."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

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
