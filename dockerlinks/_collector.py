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

    __slots__ = ("_enabled",)

    def __enter__(self) -> None:
        self._enabled = gc.isenabled()
        if self._enabled:
            gc.disable()

    def __exit__(self, *exc: object) -> None:
        if self._enabled:
            gc.enable()
