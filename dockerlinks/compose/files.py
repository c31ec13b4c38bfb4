"""The file-system interface the project loader reads through, and an in-memory one.

What lives here: :class:`FileSystem`, the three questions the loader asks about files
(``read`` one, ``kind`` of a path, the working directory), and :class:`MemoryFiles`, a pure
implementation over a mapping (tests, and callers that already hold the texts). Paths are
POSIX texts, absolute once resolved. The real disk is read only by :mod:`.disk`.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from typing import Literal, Protocol, runtime_checkable

import attrs

from dockerlinks._args import checked, instance_of, mapping
from dockerlinks.compose.problems import ComposeError

__all__ = ["FileSystem", "Kind", "MemoryFiles", "absolute", "display"]

Kind = Literal["file", "directory", "missing", "other"]


@runtime_checkable
class FileSystem(Protocol):
    """What the project loader needs from a file system."""

    @property
    def cwd(self) -> str:
        """The absolute working directory relative paths start from."""
        ...

    def kind(self, path: str) -> Kind:
        """What ``path`` (absolute) is."""
        ...

    def read(self, path: str, *, purpose: str) -> str:
        """The text of the regular file ``path`` (absolute); ``purpose`` names it in errors
        (``"compose file"``, ``"env file"``). Raises :class:`ComposeError` when it cannot."""
        ...


def absolute(path: str, base: str) -> str:
    """``path`` made absolute against ``base`` and normalised (``..`` folded, as Go's
    filepath.Join/Abs do)."""
    return posixpath.normpath(posixpath.join(base, path))


def display(path: str, cwd: str) -> str:
    """How a path is shown: relative to the working directory when below it."""
    if path == cwd:
        return "."
    prefix = cwd.rstrip("/") + "/"
    return path[len(prefix) :] if path.startswith(prefix) else path


@attrs.frozen
class MemoryFiles:
    """A file system held in a mapping of absolute path to text.

    >>> fs = MemoryFiles({"/p/compose.yaml": "services: {}"}, cwd="/p")
    >>> fs.kind("/p/compose.yaml"), fs.kind("/p"), fs.kind("/q")
    ('file', 'directory', 'missing')
    """

    files: Mapping[str, str] = attrs.field(validator=mapping(str, str).validator())
    cwd: str = attrs.field(default="/", validator=instance_of(str))

    @checked(path=str)
    def kind(self, path: str) -> Kind:
        if path in self.files:
            return "file"
        prefix = path.rstrip("/") + "/"
        if any(name.startswith(prefix) for name in self.files):
            return "directory"
        return "missing"

    @checked(path=str, purpose=str)
    def read(self, path: str, *, purpose: str) -> str:
        text = self.files.get(path)
        if text is None:
            raise ComposeError(f"cannot read {purpose} {display(path, self.cwd)}: not found")
        return text
