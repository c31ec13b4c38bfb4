"""The image catalog: what ``docker run IMAGE`` finds locally.

The engine model has no registry. An image is known when it is built in or declared; any
other reference fails the way ``docker run`` fails for an image that is neither local nor
pullable.

Image reference grammar (the subset the model accepts; Docker's full grammar also has
registries with ports and digests)::

    reference = [ namespace , "/" ] , repository , [ ":" , tag ] ;
    namespace = component , { "/" , component } ;
    component = lower-case letters, digits, and "." "_" "-" separators ;
    tag       = [A-Za-z0-9_] , { [A-Za-z0-9_.-] } ;   (* at most 128 characters *)

A reference without a tag means ``:latest``. Built-in images (the ones the "Legacy container
links" walkthrough uses)::

    image                      EXPOSE     WORKDIR       CMD             ENV
    -------------------------  ---------  ------------  --------------  ------------------------
    training/webapp:latest     5000/tcp   /opt/webapp   python app.py   PATH
    training/postgres:latest   5432/tcp   /             (postgres)      PATH, PG_VERSION=9.3

``PATH`` is ``/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin``. The
``PG_VERSION=9.3`` of ``training/postgres`` is what linked containers showed as
``DB_ENV_PG_VERSION=9.3`` in published ``env`` listings of that image.

Declaring more images (a transcript directive, see :mod:`dockerlinks.transcript`)::

    # dockerlinks: image NAME [expose=PORTS] [env=K=V]... [workdir=DIR] [cmd=WORDS]

``expose`` takes a comma-separated list of ``--expose`` values (``80,443/tcp,7000-7002/udp``);
``env`` may repeat; ``cmd`` is split like a shell command line.
"""

from __future__ import annotations

import re
import shlex

import attrs

from dockerlinks.errors import DockerLinksError
from dockerlinks.ports import Port

__all__ = [
    "BUILTIN_IMAGES",
    "DEFAULT_PATH",
    "Image",
    "ImageCatalog",
    "ImageError",
    "normalize_reference",
    "parse_image_directive",
]

#: The ``PATH`` the daemon sets when an image defines none (and the one both images define).
DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

_COMPONENT = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
_REFERENCE = re.compile(
    rf"(?P<repo>(?:[a-zA-Z0-9.-]+(?::[0-9]+)?/)?{_COMPONENT}(?:/{_COMPONENT})*)"
    r"(?::(?P<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?"
)


class ImageError(DockerLinksError):
    """An image reference that is malformed, or unknown to the catalog."""


def normalize_reference(reference: str) -> str:
    """``repo[:tag]`` with the tag defaulted to ``latest``; raises :class:`ImageError`.

    >>> normalize_reference("training/webapp")
    'training/webapp:latest'
    >>> normalize_reference("Webapp")
    Traceback (most recent call last):
    ...
    dockerlinks.engine.images.ImageError: invalid reference format: ... must be lowercase
    """
    if not isinstance(reference, str) or not reference:
        raise ImageError("invalid reference format")
    match = _REFERENCE.fullmatch(reference)
    if match is None:
        repo = reference.split(":", 1)[0]
        if repo.lower() != repo and _REFERENCE.fullmatch(reference.lower()):
            remote = repo if "/" in repo else f"library/{repo}"
            raise ImageError(
                f"invalid reference format: repository name ({remote}) must be lowercase"
            )
        raise ImageError("invalid reference format")
    return f"{match['repo']}:{match['tag'] or 'latest'}"


@attrs.frozen
class Image:
    """One local image: the parts of its config the model uses.

    ``name`` is the normalised reference (``training/webapp:latest``).
    """

    name: str
    exposed: tuple[Port, ...] = ()
    env: tuple[str, ...] = (f"PATH={DEFAULT_PATH}",)
    workdir: str = "/"
    cmd: tuple[str, ...] = ("/bin/sh",)


BUILTIN_IMAGES: tuple[Image, ...] = (
    Image(
        name="training/webapp:latest",
        exposed=(Port(5000, "tcp"),),
        env=(f"PATH={DEFAULT_PATH}",),
        workdir="/opt/webapp",
        cmd=("python", "app.py"),
    ),
    Image(
        name="training/postgres:latest",
        exposed=(Port(5432, "tcp"),),
        env=(f"PATH={DEFAULT_PATH}", "PG_VERSION=9.3"),
        workdir="/",
        cmd=(
            "/usr/lib/postgresql/9.3/bin/postgres",
            "-D",
            "/var/lib/postgresql/9.3/main",
            "-c",
            "config_file=/etc/postgresql/9.3/main/postgresql.conf",
        ),
    ),
)


@attrs.frozen
class ImageCatalog:
    """The local images, by normalised reference. Persistent: ``add`` returns a new catalog."""

    images: tuple[Image, ...] = BUILTIN_IMAGES

    def find(self, reference: str) -> Image | None:
        """The image a reference names, or ``None`` (raises :class:`ImageError` if malformed)."""
        name = normalize_reference(reference)
        for image in self.images:
            if image.name == name:
                return image
        return None

    def add(self, image: Image) -> ImageCatalog:
        """A catalog where ``image`` replaces any image of the same name."""
        kept = tuple(i for i in self.images if i.name != image.name)
        return ImageCatalog(images=(*kept, image))


def _parse_ports(value: str, text: str) -> tuple[Port, ...]:
    from dockerlinks.ports import parse_expose

    ports: list[Port] = []
    for item in value.split(","):
        if not item:
            continue
        try:
            found = parse_expose(item)
        except DockerLinksError as exc:
            raise ImageError(f"image directive: {exc.docker_message}", text=text) from None
        ports.extend(p for p in found if p not in ports)
    return tuple(ports)


def parse_image_directive(text: str) -> Image:
    """Parse the arguments of an ``image`` directive (everything after ``image``).

    >>> img = parse_image_directive("redis expose=6379 env=REDIS_VERSION=7.2 cmd='redis-server'")
    >>> img.name, [str(p) for p in img.exposed], img.env[-1], img.cmd
    ('redis:latest', ['6379/tcp'], 'REDIS_VERSION=7.2', ('redis-server',))
    """
    try:
        words = shlex.split(text)
    except ValueError as exc:
        raise ImageError(f"image directive: {exc}", text=text) from None
    if not words:
        raise ImageError("image directive: missing image name", text=text, span=(0, len(text)))
    name = normalize_reference(words[0])
    exposed: tuple[Port, ...] = ()
    env: list[str] = [f"PATH={DEFAULT_PATH}"]
    workdir = "/"
    cmd: tuple[str, ...] = ("/bin/sh",)
    for word in words[1:]:
        key, sep, value = word.partition("=")
        if not sep:
            raise ImageError(f"image directive: expected KEY=VALUE, got {word!r}", text=text)
        if key == "expose":
            exposed = _parse_ports(value, text)
        elif key == "env":
            if "=" not in value or value.startswith("="):
                raise ImageError(f"image directive: env needs NAME=VALUE, got {value!r}")
            var = value.split("=", 1)[0]
            env = [e for e in env if e.split("=", 1)[0] != var]
            env.append(value)
        elif key == "workdir":
            workdir = value or "/"
        elif key == "cmd":
            try:
                cmd = tuple(shlex.split(value))
            except ValueError as exc:
                raise ImageError(f"image directive: {exc}", text=text) from None
        else:
            raise ImageError(f"image directive: unknown key {key!r}", text=text)
    return Image(name=name, exposed=exposed, env=tuple(env), workdir=workdir, cmd=cmd)
