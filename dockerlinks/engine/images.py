"""The image catalog: what ``docker run IMAGE`` finds locally, and how images are declared.

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

``expose`` takes a comma-separated list of ``--expose`` values (``80,443/tcp,7000-7002/udp``),
at most ``MAX_DIRECTIVE_PORTS`` (65,535) ports in all, a range counting each of its ports;
``env`` may repeat (a later ``env`` of the same name replaces the earlier one); ``cmd`` is
split into words as a shell splits a command line (:func:`dockerlinks.shellwords.split_words`,
which the transcript's command lines use as well). ``userland`` is ``gnu`` (the default) or
``busybox``: what the image's programs print (:mod:`dockerlinks.engine.programs`).

This module knows image references, image configs and shell words; it does not know
containers, the engine's state or the docker CLI's output.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any, Literal

import attrs

from dockerlinks._args import shown
from dockerlinks.errors import DockerLinksError, ImageError, ShellWordsError
from dockerlinks.ports import Port, parse_expose
from dockerlinks.shellwords import split_words

__all__ = [
    "BUILTIN_IMAGES",
    "DEFAULT_PATH",
    "MAX_DIRECTIVE_PORTS",
    "Image",
    "ImageCatalog",
    "familiar_name",
    "normalize_reference",
    "parse_image_directive",
    "reference_problem",
]

#: The most ports one image directive's ``expose=`` may list (a range counts each port).
MAX_DIRECTIVE_PORTS = 65_535

#: The ``PATH`` the daemon sets when an image defines none (and the one both images define).
DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

_COMPONENT = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
_REFERENCE = re.compile(
    rf"(?P<repo>(?:[a-zA-Z0-9.-]+(?::[0-9]+)?/)?{_COMPONENT}(?:/{_COMPONENT})*)"
    r"(?::(?P<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?"
)


# ============================================================================ images


def normalize_reference(reference: str) -> str:
    """``repo[:tag]`` with the tag defaulted to ``latest``; raises :class:`ImageError`.

    >>> normalize_reference("training/webapp")
    'training/webapp:latest'
    >>> normalize_reference("Webapp")
    Traceback (most recent call last):
    ...
    dockerlinks.errors.ImageError: invalid reference format: ... must be lowercase
    """
    problem = reference_problem(reference)
    if problem is not None:
        remote = problem[1]
        if remote:
            raise ImageError(
                f"invalid reference format: repository name ({remote}) must be lowercase"
            )
        raise ImageError("invalid reference format")
    match = _REFERENCE.fullmatch(reference)
    assert match is not None  # reference_problem() checked it
    return f"{familiar_name(match['repo'])}:{match['tag'] or 'latest'}"


def familiar_name(repo: str) -> str:
    """The familiar form of a repository name (docker/distribution ``FamiliarName``): Docker
    Hub's domain (``docker.io``, the legacy ``index.docker.io``) and its ``library/``
    namespace left out.

    >>> familiar_name("docker.io/library/busybox"), familiar_name("docker.io/training/webapp")
    ('busybox', 'training/webapp')
    >>> familiar_name("library/busybox"), familiar_name("quay.io/library/x")
    ('busybox', 'quay.io/library/x')
    """
    first, slash, rest = repo.partition("/")
    if slash and first in ("docker.io", "index.docker.io"):
        repo = rest
    elif slash and (any(c in first for c in ".:") or first == "localhost"):
        return repo  # another registry
    name = repo.removeprefix("library/")
    return name if "/" not in name else repo


def reference_problem(reference: object) -> tuple[str, str] | None:
    """Why docker/distribution's ``ParseNormalizedNamed`` refuses ``reference``:
    ``("uppercase", remote)`` for a repository name with capitals (``remote`` as that
    function names it, after ``splitDockerDomain``: a first component with capitals is taken
    for a registry), ``("invalid", "")`` otherwise; ``None`` when it parses.

    >>> reference_problem("Training/Webapp"), reference_problem("Webapp")
    (('uppercase', 'Webapp'), ('uppercase', 'library/Webapp'))
    >>> reference_problem("a b"), reference_problem("training/webapp:1.0")
    (('invalid', ''), None)
    """
    if not isinstance(reference, str) or not reference:
        return ("invalid", "")
    if _REFERENCE.fullmatch(reference) is not None:
        return None
    first, slash, rest = reference.partition("/")
    if not slash or (
        not any(c in first for c in ".:") and first != "localhost" and first.lower() == first
    ):
        remainder = reference if slash else f"library/{reference}"
    else:
        remainder = rest
    remote = remainder.split(":", 1)[0]
    if remote.lower() != remote and _REFERENCE.fullmatch(reference.lower()):
        return ("uppercase", remote)
    return ("invalid", "")


def _text(instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, str):
        raise ImageError(f"Image.{attribute.name}: expected a string, got {type(value).__name__}")


def _tuple_of(kind: type) -> Any:
    def check(instance: Any, attribute: Any, value: Any) -> None:
        if not isinstance(value, tuple) or not all(isinstance(v, kind) for v in value):
            raise ImageError(
                f"{type(instance).__name__}.{attribute.name}: expected a tuple of "
                f"{kind.__name__}, got {type(value).__name__}"
            )

    return check


Userland = Literal["gnu", "busybox"]


def _userland(instance: object, attribute: object, value: object) -> None:
    del instance, attribute
    if value not in ("gnu", "busybox"):
        raise ImageError(f"image userland must be 'gnu' or 'busybox', not {shown(value)}")


@attrs.frozen
class Image:
    """One local image: the parts of its config the model uses.

    ``name`` is the normalised reference (``training/webapp:latest``).
    """

    name: str = attrs.field(validator=_text)
    exposed: tuple[Port, ...] = attrs.field(default=(), validator=_tuple_of(Port))
    env: tuple[str, ...] = attrs.field(default=(f"PATH={DEFAULT_PATH}",), validator=_tuple_of(str))
    workdir: str = attrs.field(default="/", validator=_text)
    cmd: tuple[str, ...] = attrs.field(default=("/bin/sh",), validator=_tuple_of(str))
    #: What its programs print like (:mod:`dockerlinks.engine.programs`): GNU coreutils and
    #: bash/dash (Debian and Ubuntu bases, the walkthrough's images), or busybox.
    userland: Userland = attrs.field(default="gnu", validator=_userland)

    @property
    def id(self) -> str:
        """A stable ``sha256:`` image ID for the model's image (Docker's is the digest of its
        config): what containers' ``Image`` and the image endpoints show.

        >>> BUILTIN_IMAGES[0].id.startswith("sha256:"), len(BUILTIN_IMAGES[0].id)
        (True, 71)
        """
        digest = hashlib.sha256(repr(attrs.astuple(self)).encode("utf-8", "surrogatepass"))
        return "sha256:" + digest.hexdigest()


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
    """The local images, by normalised reference. Persistent: ``add`` returns a new catalog.

    ``find`` is a dictionary look-up; ``add`` copies the tuple (linear in the images held).
    """

    images: tuple[Image, ...] = attrs.field(default=BUILTIN_IMAGES, validator=_tuple_of(Image))
    _by_name: dict[str, Image] = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        by_name: dict[str, Image] = {}
        for image in self.images:
            by_name.setdefault(image.name, image)
        object.__setattr__(self, "_by_name", by_name)

    def find(self, reference: str) -> Image | None:
        """The image a reference names, or ``None`` (raises :class:`ImageError` if malformed)."""
        return self._by_name.get(normalize_reference(reference))

    def add(self, image: Image) -> ImageCatalog:
        """A catalog where ``image`` replaces any image of the same name."""
        if not isinstance(image, Image):
            raise ImageError(f"an image must be an Image, not {type(image).__name__}")
        kept = tuple(i for i in self.images if i.name != image.name)
        return ImageCatalog(images=(*kept, image))


def _parse_ports(value: str, text: str) -> tuple[Port, ...]:
    """The ports of ``expose=``, in first-seen order, duplicates dropped (linear: a dict)."""
    ports: dict[Port, None] = {}
    listed = 0
    for item in value.split(","):
        if not item:
            continue
        try:
            found = parse_expose(item)
        except DockerLinksError as exc:
            raise ImageError(f"image directive: {exc.docker_message}", text=text) from None
        listed += len(found)
        if listed > MAX_DIRECTIVE_PORTS:
            raise ImageError(
                f"image directive: expose lists more than {MAX_DIRECTIVE_PORTS} ports "
                "(the model's limit)",
                text=text,
            )
        ports.update(dict.fromkeys(found))
    return tuple(ports)


def parse_image_directive(text: str) -> Image:
    """Parse the arguments of an ``image`` directive (everything after ``image``).

    The words are :func:`~dockerlinks.shellwords.split_words`'s; ``cmd=`` splits its value again, so
    ``cmd='redis-server --port 7000'`` is three words. Every key's time is linear in the text
    (duplicates are dropped through dictionaries).

    >>> img = parse_image_directive("redis expose=6379 env=REDIS_VERSION=7.2 cmd='redis-server'")
    >>> img.name, [str(p) for p in img.exposed], img.env[-1], img.cmd
    ('redis:latest', ['6379/tcp'], 'REDIS_VERSION=7.2', ('redis-server',))
    """
    if not isinstance(text, str):
        raise ImageError(f"image directive: expected text, got {type(text).__name__}")
    words = _directive_words(text, text)
    if not words:
        raise ImageError("image directive: missing image name", text=text, span=(0, len(text)))
    name = normalize_reference(words[0])
    exposed: tuple[Port, ...] = ()
    env = {"PATH": f"PATH={DEFAULT_PATH}"}
    workdir = "/"
    cmd: tuple[str, ...] = ("/bin/sh",)
    userland = "gnu"
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
            env.pop(var, None)  # a redeclared name moves to the end, as before
            env[var] = value
        elif key == "workdir":
            workdir = value or "/"
        elif key == "cmd":
            cmd = tuple(_directive_words(value, text))
        elif key == "userland":
            _userland(None, None, value)
            userland = value
        else:
            raise ImageError(f"image directive: unknown key {key!r}", text=text)
    return Image(
        name=name,
        exposed=exposed,
        env=tuple(env.values()),
        workdir=workdir,
        cmd=cmd,
        userland=userland,  # type: ignore[arg-type]
    )


def _directive_words(value: str, text: str) -> list[str]:
    try:
        return split_words(value)
    except ShellWordsError as exc:
        raise ImageError(f"image directive: {exc.docker_message}", text=text) from None
