"""What a served engine is built from: profile, seed, the kernel's port range, images.

What lives here: :func:`kernel_port_range` (the ephemeral range dockerd takes from
``/proc/sys/net/ipv4/ip_local_port_range``, or its fallback), :func:`parse_port_range`
(``--port-range LOW-HIGH``), :func:`parse_image_lines` (a file of image directives) and
:func:`served_engine` (the empty engine a server starts with).

Image file grammar (the transcript's directive, one per line; :func:`~dockerlinks.engine.
parse_image_directive` reads what follows ``image``)::

    file  = { line } ;
    line  = "# dockerlinks: image " , directive     (* an image *)
          | "#" , text                             (* a comment *)
          | blank ;

A declared image replaces a built-in one of the same name.

This module reads the one file the port range comes from (and only when no range is given);
it does not know HTTP, sockets or the engine's operations.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from dockerlinks.allocate.kernel import parse_port_range_text
from dockerlinks.engine.images import Image, parse_image_directive
from dockerlinks.engine.state import Engine
from dockerlinks.errors import DockerLinksError, ImageError
from dockerlinks.profiles import Profile, ProfileLike, get_profile

__all__ = [
    "MAX_IMAGE_LINES",
    "PROC_PORT_RANGE",
    "kernel_port_range",
    "parse_image_lines",
    "parse_port_range",
    "served_engine",
]

#: Where dockerd reads the ephemeral range (moby ``portallocator.getDynamicPortRange``).
PROC_PORT_RANGE = "/proc/sys/net/ipv4/ip_local_port_range"

#: The most lines an image file may hold.
MAX_IMAGE_LINES = 10_000

_RANGE = re.compile(r"([0-9]{1,5})-([0-9]{1,5})")
_DIRECTIVE = "# dockerlinks: image "


def kernel_port_range(profile: Profile, path: str = PROC_PORT_RANGE) -> tuple[int, int]:
    """The range the profile's dockerd would use on this machine (its fallback when the
    file cannot be read)."""
    try:
        with open(path, encoding="ascii", errors="replace") as handle:
            text: str | None = handle.read(256)
    except OSError:
        text = None
    begin, end, _ = parse_port_range_text(text, profile)
    return begin, end


def parse_port_range(text: str) -> tuple[int, int]:
    """``LOW-HIGH`` (1-65535, LOW <= HIGH).

    >>> parse_port_range("32768-60999")
    (32768, 60999)
    >>> parse_port_range("9-1")
    Traceback (most recent call last):
    ...
    dockerlinks.errors.DockerLinksError: invalid port range: 9-1 (expected LOW-HIGH within 1-65535)
    """
    found = _RANGE.fullmatch(text.strip()) if isinstance(text, str) else None
    if found is not None:
        low, high = int(found[1]), int(found[2])
        if 1 <= low <= high <= 65535:
            return low, high
    raise DockerLinksError(f"invalid port range: {text} (expected LOW-HIGH within 1-65535)")


def parse_image_lines(text: str, *, source: str = "images") -> list[Image]:
    """The images an image file declares (the module's grammar).

    >>> [i.name for i in parse_image_lines("# dockerlinks: image redis expose=6379\\n\\n# x\\n")]
    ['redis:latest']
    >>> parse_image_lines("image redis")
    Traceback (most recent call last):
    ...
    dockerlinks.errors.ImageError: images:1: expected '# dockerlinks: image NAME ...', a ...
    """
    if not isinstance(text, str):
        raise ImageError(f"{source}: expected text, not {type(text).__name__}")
    images = []
    for number, line in enumerate(text.splitlines(), start=1):
        if number > MAX_IMAGE_LINES:
            raise ImageError(f"{source}: more than {MAX_IMAGE_LINES} lines")
        stripped = line.strip()
        if stripped.startswith(_DIRECTIVE.strip()):
            body = stripped[len(_DIRECTIVE.strip()) :]
            if not body.startswith((" ", "\t")):
                raise ImageError(f"{source}:{number}: expected an image name after 'image'")
            try:
                images.append(parse_image_directive(body.strip()))
            except DockerLinksError as exc:
                raise ImageError(f"{source}:{number}: {exc.docker_message}") from None
        elif stripped and not stripped.startswith("#"):
            raise ImageError(
                f"{source}:{number}: expected '# dockerlinks: image NAME ...', a comment or nothing"
            )
    return images


def served_engine(
    *,
    profile: ProfileLike = None,
    seed: int = 0,
    images: Iterable[Image] = (),
    port_range: tuple[int, int] | None = None,
) -> Engine:
    """The engine a server starts with: the built-in images and ``images``, nothing
    running; ``port_range`` ``None``: the kernel's (:func:`kernel_port_range`).

    >>> served_engine(profile="20.10", port_range=(32768, 60999)).port_begin
    32768
    """
    resolved = get_profile(profile)
    if port_range is None:
        port_range = kernel_port_range(resolved)
    return Engine.new(profile=resolved, seed=seed, images=images, port_range=port_range)
