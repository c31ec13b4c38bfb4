"""The explicit loader of compose projects from the disk: the only module here that reads files.

What lives here: :class:`DiskFiles`, the :class:`~.files.FileSystem` of the real disk, with the
input limits (a regular file, at most :data:`MAX_FILE_BYTES`, UTF-8, lines of at most
:data:`MAX_LINE_CHARS` characters) and the confinement of env files (inside the project
directory, symlinks resolved, unless allowed more); and :func:`load_from_disk`. Messages name
files, never quote their content. It must not know what the files mean.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping, Sequence

import attrs

from dockerlinks._args import checked, items, mapping
from dockerlinks.compose.files import Kind, absolute, display
from dockerlinks.compose.problems import ComposeError
from dockerlinks.compose.project import Options, Project, load_project, stdin_path
from dockerlinks.compose.project import project_directory as locate_directory

__all__ = ["MAX_FILE_BYTES", "MAX_LINE_CHARS", "DiskFiles", "load_from_disk", "read_limited"]

MAX_FILE_BYTES = 16 * 1024 * 1024
"""The largest compose or env file read (bytes)."""
MAX_LINE_CHARS = 1024 * 1024
"""The longest line of a compose or env file (characters)."""


def read_limited(path: str, what: str, shown: str, *, limit: int = MAX_FILE_BYTES) -> str:
    """The UTF-8 text of the regular file ``path``, refused beyond the module's limits.

    A device, FIFO, socket or directory is refused before anything is read (``/dev/zero``,
    a FIFO that would block); the size is bounded while reading, not only by ``stat``.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise ComposeError(f"cannot read {what} {shown}: no such file") from None
    except OSError as exc:
        raise ComposeError(f"cannot read {what} {shown}: {exc.strerror or 'unreadable'}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ComposeError(f"cannot read {what} {shown}: not a regular file")
        if info.st_size > limit:
            raise ComposeError(
                f"cannot read {what} {shown}: larger than {limit} bytes ({info.st_size})"
            )
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            total += len(chunk)
            if total > limit:
                raise ComposeError(f"cannot read {what} {shown}: larger than {limit} bytes")
            chunks.append(chunk)
    except OSError as exc:
        raise ComposeError(f"cannot read {what} {shown}: {exc.strerror or 'unreadable'}") from None
    finally:
        os.close(fd)
    return decode(b"".join(chunks), what, shown)


def decode(data: bytes, what: str, shown: str) -> str:
    """UTF-8 text (a BOM dropped) within the line limit, or a :class:`ComposeError`."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ComposeError(
            f"cannot read {what} {shown}: not UTF-8 text (byte {exc.start})"
        ) from None
    if len(text) > MAX_LINE_CHARS:
        longest = max(map(len, text.splitlines()), default=0)
        if longest > MAX_LINE_CHARS:
            raise ComposeError(
                f"cannot read {what} {shown}: a line is longer than {MAX_LINE_CHARS} characters"
            )
    return text


@attrs.frozen
class DiskFiles:
    """The real disk. ``root`` confines env files (``None``: anywhere); ``stdin`` is the
    text of ``-f -`` (read by the caller), served at :func:`~.project.stdin_path`."""

    cwd: str
    root: str | None = None
    stdin: str | None = None

    def kind(self, path: str) -> Kind:
        if self.stdin is not None and path == stdin_path(self.cwd):
            return "file"
        try:
            mode = os.stat(path).st_mode
        except (OSError, ValueError):
            return "missing"
        if stat.S_ISREG(mode):
            return "file"
        if stat.S_ISDIR(mode):
            return "directory"
        return "other"

    def read(self, path: str, *, purpose: str) -> str:
        if self.stdin is not None and path == stdin_path(self.cwd) and purpose != "env file":
            return self.stdin
        shown = display(path, self.cwd)
        if purpose == "env file" and self.root is not None:
            real = os.path.realpath(path)
            root = os.path.realpath(self.root)
            if real != root and not real.startswith(root.rstrip("/") + "/"):
                raise ComposeError(
                    f"env file {shown} is outside the project directory "
                    f"({display(root, self.cwd)}); allow it with --allow-outside-env-files"
                )
        return read_limited(path, purpose, shown)


@checked(
    files=items(str),
    environ=mapping(str, str),
    cwd=(str, None),
    project_directory=(str, None),
    env_files=items(str, optional=True),
    profiles=items(str, optional=True),
    project_name=(str, None),
    confine=bool,
    bare_values=bool,
    check_dependencies=bool,
    stdin=(str, None),
)
def load_from_disk(
    files: Sequence[str],
    environ: Mapping[str, str],
    *,
    cwd: str | None = None,
    project_directory: str | None = None,
    env_files: Sequence[str] | None = None,
    profiles: Sequence[str] | None = None,
    project_name: str | None = None,
    confine: bool = True,
    bare_values: bool = True,
    check_dependencies: bool = True,
    stdin: str | None = None,
) -> Project:
    """Load a project from the disk (``environ`` is passed in; nothing reads os.environ).
    ``stdin`` is the text of a ``-`` among ``files`` (the caller reads it)."""
    here = cwd or os.getcwd()
    options = Options(
        files=tuple(files),
        project_directory=project_directory,
        env_files=tuple(env_files) if env_files is not None else None,
        profiles=tuple(profiles) if profiles is not None else None,
        project_name=project_name,
        bare_values=bare_values,
        check_dependencies=check_dependencies,
    )
    root: str | None = None
    if confine:
        if project_directory:
            root = absolute(project_directory, here)
        elif files and files[0] != "-":
            root = os.path.dirname(absolute(files[0], here))
        elif not files:  # the file Compose finds (maybe in a parent directory) decides
            root = locate_directory(options, DiskFiles(here, here, stdin), environ)
        else:
            root = here
    return load_project(options, DiskFiles(here, root, stdin), environ)
