"""The error family of dockerlinks, and caret rendering of a bad span.

Every error the library raises on bad input is a :class:`DockerLinksError`, itself a
:class:`ValueError`. An error carries Docker's own wording (``docker_message``: the text the
docker CLI or the daemon prints for the same input, where Docker has one) and, when the input
was text, the text and the span of its offending part. ``str(error)`` is the Docker wording,
then the text on its own line with carets under the span, as :mod:`packaging` does::

    invalid hostPort: 99999
        127.0.0.1:99999:80
                  ^^^^^

Control characters in the text are shown escaped (``\\n``, ``\\x00``) so the caret line stays
aligned and the message stays on the lines it claims.

Hierarchy (every error the library raises; a test keeps this tree and the classes in step)::

    ValueError
     └── DockerLinksError
          ├── ArgumentError
          ├── ProfileError
          ├── PortSpecError
          │    └── ExposeError
          ├── PortError
          │    └── NoPublicPortError
          ├── LinkSpecError
          ├── ContainerNameError
          ├── EnvFileError
          ├── HostsError
          ├── InspectError
          ├── AllocationError
          │    ├── PortAlreadyAllocatedError
          │    ├── AllPortsAllocatedError
          │    ├── InvalidPortRangeError
          │    ├── UnknownProtocolError
          │    ├── NoAddressesError
          │    ├── InvalidAddressError
          │    └── ReservedPortsError
          ├── ImageError
          ├── ShellWordsError
          ├── FlagError
          ├── TranscriptError
          │    └── ReplayError
          ├── IpamError
          ├── EngineError
          │    ├── NoSuchContainerError
          │    ├── ConflictError
          │    ├── LinkError
          │    ├── ImageNotFoundError
          │    └── StartError
          └── ComposeError
               ├── ComposeCheckError
               ├── DotenvError
               ├── InterpolationError
               ├── MergeError
               ├── ProjectError
               └── NoSuchServiceError

Errors carry data (texts, spans, the problems found), never state values such as an engine.
"""

from __future__ import annotations

# typing is imported for the type checker only: a bare ``dockerlinks --version`` would
# otherwise load it (a few milliseconds of start-up) for annotations that are never evaluated.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "AllPortsAllocatedError",
    "AllocationError",
    "ArgumentError",
    "ComposeCheckError",
    "ComposeError",
    "ConflictError",
    "ContainerNameError",
    "DockerLinksError",
    "DotenvError",
    "EngineError",
    "EnvFileError",
    "ExposeError",
    "FlagError",
    "HostsError",
    "ImageError",
    "ImageNotFoundError",
    "InspectError",
    "InterpolationError",
    "InvalidAddressError",
    "InvalidPortRangeError",
    "IpamError",
    "LinkError",
    "LinkSpecError",
    "MergeError",
    "NoAddressesError",
    "NoPublicPortError",
    "NoSuchContainerError",
    "NoSuchServiceError",
    "PortAlreadyAllocatedError",
    "PortError",
    "PortSpecError",
    "ProfileError",
    "ProjectError",
    "ReplayError",
    "ReservedPortsError",
    "ShellWordsError",
    "StartError",
    "TranscriptError",
    "UnknownProtocolError",
    "render_caret",
]


def _shown(char: str) -> str:
    """How one character of the input is shown in an error message."""
    return char if char.isprintable() else char.encode("unicode_escape").decode("ascii")


def render_caret(text: str, start: int, end: int | None = None, *, indent: int = 4) -> str:
    """Render ``text`` with carets under ``text[start:end]``, as two lines.

    An empty span (``start == end``) gets one caret at ``start`` (which may be ``len(text)``:
    "something is missing here").

    >>> print(render_caret("127.0.0.1:99999:80", 10, 15))
        127.0.0.1:99999:80
                  ^^^^^
    >>> print(render_caret("80\\n", 2, 3))
        80\\n
          ^^
    """
    if end is None:
        end = start
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    pad = " " * indent
    if type(text) is str and text.isascii() and text.isprintable():  # each shown as itself
        return f"{pad}{text}\n{pad}{' ' * start}{'^' * (end - start or 1)}"
    pieces = [_shown(c) for c in text]
    offset = sum(len(p) for p in pieces[:start])
    width = sum(len(p) for p in pieces[start:end]) or 1
    return f"{pad}{''.join(pieces)}\n{pad}{' ' * offset}{'^' * width}"


class DockerLinksError(ValueError):
    """Base class of every error dockerlinks raises for bad input or a refused operation.

    ``docker_message`` is the one-line text Docker itself prints for the same situation (or the
    library's own one-line wording where Docker has none). ``text`` and ``span`` locate the bad
    part of the input when the input was a piece of text.
    """

    def __init__(
        self,
        docker_message: str,
        text: str | None = None,
        span: tuple[int, int] | None = None,
    ) -> None:
        self.docker_message = docker_message
        self.text = text
        self.span = span
        message = docker_message
        if text is not None and span is not None:
            message = f"{docker_message}\n{render_caret(text, span[0], span[1])}"
        super().__init__(message)

    def __reduce__(
        self,
    ) -> tuple[type[DockerLinksError], tuple[str, str | None, tuple[int, int] | None]]:
        return (type(self), (self.docker_message, self.text, self.span))


class ArgumentError(DockerLinksError, TypeError):
    """A public callable given an argument of the wrong type (``invalid argument 'config':
    expected PortConfig, got int``).

    It is also a :class:`TypeError`, so callers that catch the built-in error for a wrong
    type keep working. The message names the parameter, the expected types and the type
    given, never the value itself.
    """


class ProfileError(DockerLinksError):
    """An unknown behaviour profile or profile switch."""


class PortSpecError(DockerLinksError):
    """A malformed ``-p`` / ``--publish`` value (short or long syntax)."""


class ExposeError(PortSpecError):
    """A malformed ``--expose`` / ``EXPOSE`` value."""


class PortError(DockerLinksError):
    """A malformed single port such as ``80/tcp`` (a port key, or ``docker port``'s argument)."""


class LinkSpecError(DockerLinksError):
    """A malformed ``--link`` value."""


class ContainerNameError(DockerLinksError):
    """A container name Docker refuses, or a name unsafe to render into env or hosts text."""


class EnvFileError(DockerLinksError):
    """A malformed ``--env-file`` line or environment entry."""


class HostsError(DockerLinksError):
    """A hosts record that cannot be rendered safely or parsed back."""


class InspectError(DockerLinksError):
    """``docker inspect`` / Engine-API data of the wrong shape."""


class AllocationError(DockerLinksError):
    """Base class of the host-port allocator's errors."""


class NoPublicPortError(PortError):
    """``docker port`` found no published binding for the requested port."""


class PortAlreadyAllocatedError(AllocationError):
    """``Bind for <ip>:<port> failed: port is already allocated``."""


class AllPortsAllocatedError(AllocationError):
    """``all ports are allocated``: no free port in the searched range."""


class InvalidPortRangeError(AllocationError):
    """``invalid port range: S-E`` (and the library's own refusal of out-of-range numbers)."""


class UnknownProtocolError(AllocationError):
    """``unknown protocol``: only ``tcp``, ``udp`` and ``sctp`` have ports."""


class NoAddressesError(AllocationError):
    """``no IP addresses specified``: a multi-address request without addresses."""


class InvalidAddressError(AllocationError):
    """``invalid IP address: <ip>``."""


class ReservedPortsError(AllocationError):
    """``invalid port "<p>"`` / ``invalid port range "<r>"`` in ``ip_local_reserved_ports``."""


class ImageError(DockerLinksError):
    """An image reference that is malformed, or unknown to the catalog."""


class ShellWordsError(DockerLinksError):
    """A command line a shell cannot split into words (an open quote, a final backslash)."""


class FlagError(DockerLinksError):
    """A command line the docker CLI refuses before talking to the daemon.

    ``status`` is the CLI's exit status for it: 125 for a flag error (cobra's
    ``FlagErrorFunc``), 1 for a wrong number of arguments or an unknown command.
    """

    def __init__(self, docker_message: str, status: int = 125) -> None:
        super().__init__(docker_message)
        self.status = status

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.docker_message, self.status))


class TranscriptError(DockerLinksError):
    """A transcript line the replayer cannot use (a malformed directive, bad quoting)."""


class ReplayError(TranscriptError):
    """A replay stopped part way; ``output`` is the transcript replayed before it stopped."""

    def __init__(self, docker_message: str, output: str = "") -> None:
        super().__init__(docker_message)
        self.output = output

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.docker_message, self.output))


class IpamError(DockerLinksError):
    """No address left, or an address that is not ours to release."""


class EngineError(DockerLinksError):
    """An operation the daemon refuses; ``docker_message`` is the daemon's text."""


class NoSuchContainerError(EngineError):
    """A reference that names no container."""


class ConflictError(EngineError):
    """A name already in use, or a container in the wrong state for the operation."""


class LinkError(EngineError):
    """A ``--link`` whose target is missing or not running."""


class ImageNotFoundError(EngineError):
    """An image that is neither local nor pullable.

    ``notice`` is what the CLI prints before the error (``Unable to find image 'x:latest'
    locally``).
    """

    def __init__(self, docker_message: str, notice: str = "") -> None:
        super().__init__(docker_message)
        self.notice = notice

    def __reduce__(self) -> tuple[type[ImageNotFoundError], tuple[str, str]]:  # type: ignore[override]
        return (type(self), (self.docker_message, self.notice))


class StartError(EngineError):
    """A start the daemon refused (the container stays, ``Created``, unless ``--rm``)."""


class ComposeError(DockerLinksError):
    """Input that is not a compose-like document or project Compose would load."""


class ComposeCheckError(ComposeError):
    """A document with errors was given to an operation that needs a valid one.

    ``problems`` holds every problem :func:`~dockerlinks.compose.check` found.
    """

    def __init__(self, docker_message: str, problems: tuple[Any, ...] = ()) -> None:
        super().__init__(docker_message)
        self.problems = problems

    def __reduce__(self) -> tuple[type[ComposeCheckError], tuple[str, tuple[Any, ...]]]:  # type: ignore[override]
        return (type(self), (self.docker_message, self.problems))


class DotenvError(ComposeError):
    """An env file Compose refuses (the message names the line, never its value)."""


class MergeError(ComposeError):
    """Two values Compose cannot merge."""


class InterpolationError(ComposeError):
    """A text Compose cannot interpolate: ``kind`` is ``"invalid"`` (a malformed ``${``) or
    ``"required"`` (``:?`` / ``?`` on a missing value; ``variable`` names it)."""

    def __init__(
        self, docker_message: str, kind: str = "invalid", variable: str = "", pos: Any = None
    ) -> None:
        super().__init__(docker_message)
        self.kind = kind
        self.variable = variable
        self.pos = pos

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.docker_message, self.kind, self.variable, self.pos))


class ProjectError(ComposeError):
    """A project Compose refuses to load. ``kind`` names the cause (``"yaml"``,
    ``"duplicate-key"``, ``"interpolation"``, ``"shape"``, ``"extends"``, ``"include"``,
    ``"merge"``, ``"env-file"``, ``"dependency"``, ``"files"``); ``pos`` is where, when
    known."""

    def __init__(self, docker_message: str, kind: str = "shape", pos: Any = None) -> None:
        super().__init__(docker_message)
        self.kind = kind
        self.pos = pos

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.docker_message, self.kind, self.pos))


class NoSuchServiceError(ComposeError, KeyError):
    """A lookup of a service the rendering does not hold (also a :class:`KeyError`, as a
    lookup by name in a mapping is)."""

    def __str__(self) -> str:
        return ValueError.__str__(self)
