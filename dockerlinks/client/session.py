"""A docker CLI session: the engine it talks to, the CLI's own environment, what it printed.

:func:`docker` runs one ``docker`` command line against a :class:`Session` and returns the
new session and a :class:`Result` (standard output, standard error, exit status, apart, as
a terminal's program sees them). The command's behaviour is the profile's CLI's
(``profile.cli``); everything the daemon answers comes from the engine.

What this module must not know: the transcript format (:mod:`dockerlinks.transcript` reads
and writes that).
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from dockerlinks._args import check_int, check_items, shown
from dockerlinks.engine.state import Engine
from dockerlinks.errors import ArgumentError, EngineError

__all__ = ["Result", "Session"]


def _pairs(value: object) -> tuple[tuple[str, str], ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        raise EngineError(f"expected (name, value) pairs, not {shown(value)}")
    out = tuple(value)
    for item in out:
        if not (
            isinstance(item, tuple) and len(item) == 2 and all(isinstance(i, str) for i in item)
        ):
            raise EngineError(f"expected (name, value) pairs of strings, not {shown(item)}")
    return out


def _engine(instance: object, attribute: attrs.Attribute[Engine], value: Engine) -> None:
    del instance, attribute
    if not isinstance(value, Engine):
        raise EngineError(f"a client Session needs an Engine, not {type(value).__name__}")


def _flag(instance: object, attribute: attrs.Attribute[bool], value: object) -> None:
    del instance
    if type(value) is not bool:
        raise EngineError(f"{attribute.name} must be True or False, not {shown(value)}")


def _text(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    del instance
    if not isinstance(value, str):
        raise EngineError(f"{attribute.name} must be text, not {shown(value)}")


@attrs.frozen
class Session:
    """The CLI's side: the engine, the CLI's environment (``-e NAME`` lookups), files it can
    read (``--env-file``), whether its standard input is a terminal, and the clock text the
    20.10 CLI's log lines carry."""

    engine: Engine = attrs.field(validator=_engine)
    host_env: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_pairs)
    files: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_pairs)
    tty: bool = attrs.field(default=False, validator=_flag)
    time: str = attrs.field(default="2026-12-01T00:00:00Z", validator=_text)


@attrs.frozen
class Result:
    """What one command printed, and its exit status.

    ``order`` is the output as it was written, chunk by chunk (stream, text), when the
    command wrote to both streams in turn (``docker start a b`` reports each failure as it
    happens); empty, standard output came first.
    """

    stdout: str = ""
    stderr: str = ""
    exit: int = 0
    order: tuple[tuple[str, str], ...] = ()

    @classmethod
    def written(cls, chunks: Sequence[tuple[str, str]], exit: int = 0) -> Result:
        """The result of writing ``chunks`` ((``"stdout"`` | ``"stderr"``, text)) in order.

        >>> r = Result.written([("stderr", "no\\n"), ("stdout", "db\\n")], 1)
        >>> r.stdout, r.stderr, r.lines()
        ('db\\n', 'no\\n', ['no', 'db'])
        """
        chunks = check_items(chunks, tuple, "chunks")
        for index, chunk in enumerate(chunks):
            if len(chunk) != 2 or not (isinstance(chunk[0], str) and isinstance(chunk[1], str)):
                raise ArgumentError(
                    f"invalid argument 'chunks[{index}]': expected a (stream, text) pair of str"
                )
        if type(exit) is not int:
            check_int(exit, "exit")
        stdout = "".join(text for stream, text in chunks if stream == "stdout")
        stderr = "".join(text for stream, text in chunks if stream == "stderr")
        return cls(stdout, stderr, exit, tuple(chunks))

    def lines(self) -> list[str]:
        """The lines a terminal shows: in the order written, else standard output's, then
        standard error's."""
        if self.order:
            return "".join(text for _, text in self.order).splitlines()
        return self.stdout.splitlines() + self.stderr.splitlines()
