"""Hypothesis strategies of engine command sequences (``dockerlinks.strategies``' lazy part).

What lives here: :class:`EngineCommand` and :func:`engine_commands`, which
:mod:`dockerlinks.strategies` gives on first use, so that importing that module (hypothesis'
entry point does in every project with dockerlinks installed) does not import the engine.

What this module must not know: anything but the engine's public values.
"""

from __future__ import annotations

from typing import Any

import attrs
from hypothesis import strategies as st

from dockerlinks.engine import ContainerConfig

__all__ = ["EngineCommand", "engine_commands"]

_ENGINE_NAMES = ("db", "web", "cache", "app")
_ENGINE_PUBLISH = ("80:5000", "5000", "127.0.0.1::5000", "8000-8002:5000", "5432/udp", "80:80")


@attrs.frozen
class EngineCommand:
    """One operation on an :class:`~dockerlinks.engine.Engine`, as data.

    ``op`` is ``run``, ``create``, ``start``, ``stop``, ``restart`` or ``rm``; ``config`` the
    :class:`~dockerlinks.engine.ContainerConfig` of ``run`` / ``create``; ``ref`` the container
    the others name; ``force`` is ``rm -f``.
    """

    op: str
    config: Any = None
    ref: str = ""
    force: bool = False

    def apply(self, engine: Any) -> Any:
        """The engine after this command; a refused command raises the engine's error."""
        if self.op == "run":
            return engine.run(self.config)[0]
        if self.op == "create":
            return engine.create(self.config)[0]
        if self.op == "rm":
            return engine.remove(self.ref, force=self.force)
        if self.op in ("start", "stop", "restart"):
            return getattr(engine, self.op)(self.ref)[0]
        raise ValueError(f"unknown engine command: {self.op!r}")


@st.composite
def _engine_command(draw: st.DrawFn) -> EngineCommand:
    op = draw(st.sampled_from(["run", "run", "run", "create", "start", "stop", "restart", "rm"]))
    if op in ("run", "create"):
        image = draw(st.sampled_from(["training/webapp", "training/postgres"]))
        links = draw(
            st.lists(
                st.builds(
                    lambda target, alias: target if alias is None else f"{target}:{alias}",
                    st.sampled_from(_ENGINE_NAMES),
                    st.one_of(st.none(), st.sampled_from(["db", "webdb", "backend"])),
                ),
                max_size=2,
            )
        )
        config = ContainerConfig(
            image=image,
            name=draw(st.one_of(st.none(), st.sampled_from(_ENGINE_NAMES))),
            detach=True,
            publish_all=draw(st.booleans()),
            publish=tuple(draw(st.lists(st.sampled_from(_ENGINE_PUBLISH), max_size=2))),
            expose=tuple(draw(st.lists(st.sampled_from(["7000", "7001-7002/udp"]), max_size=1))),
            env=tuple(draw(st.lists(st.sampled_from(["A=1", "B=two", "EMPTY="]), max_size=2))),
            links=tuple(links),
        )
        return EngineCommand(op, config=config)
    return EngineCommand(op, ref=draw(st.sampled_from(_ENGINE_NAMES)), force=draw(st.booleans()))


def engine_commands(*, max_size: int = 8) -> st.SearchStrategy[list[EngineCommand]]:
    """Sequences of :class:`EngineCommand` over a few names (``db``, ``web``, ...), so that
    name conflicts, links to missing or stopped containers, port conflicts, restarts and
    removals all happen."""
    return st.lists(_engine_command(), max_size=max_size)
