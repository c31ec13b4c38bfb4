"""Pausing Python's cyclic garbage collector while a large value is built.

What lives here: :class:`paused_collector`, the one way the loaders and the checks pause the
collector. Building a 5,000-service project makes hundreds of thousands of containers that
all live until the value is returned; every generation-2 collection meanwhile walks all of
them, so the cost of loading, checking or rendering would grow with the square of the
project. The collector's state is restored on the way out (a nested pause leaves it paused).

What it must not know: what is being built.
"""

from __future__ import annotations

import gc

__all__ = ["paused_collector"]


class paused_collector:  # lower case, as contextlib.suppress: read in a with statement
    """A context manager: the cyclic collector is off inside, as it was before outside.

    >>> import gc
    >>> with paused_collector():
    ...     gc.isenabled()
    False
    """

    __slots__ = ("_states",)

    def __init__(self) -> None:
        self._states: list[bool] = []  # one per entry: the same instance may be nested

    def __enter__(self) -> None:
        enabled = gc.isenabled()
        self._states.append(enabled)
        if enabled:
            gc.disable()

    def __exit__(self, *exc: object) -> None:
        if self._states.pop():
            gc.enable()
