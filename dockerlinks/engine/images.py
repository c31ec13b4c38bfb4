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
split into words as a shell splits a command line (:func:`split_words`, which the
transcript's command lines use as well: the directive's words and the command lines are the
same grammar, so it lives with the directive).

This module knows image references, image configs and shell words; it does not know
containers, the engine's state or the docker CLI's output.
"""

from __future__ import annotations

import re
from typing import Any

import attrs

from dockerlinks.errors import DockerLinksError
from dockerlinks.ports import Port, parse_expose

__all__ = [
    "BUILTIN_IMAGES",
    "DEFAULT_PATH",
    "MAX_DIRECTIVE_PORTS",
    "Image",
    "ImageCatalog",
    "ImageError",
    "ShellWordsError",
    "normalize_reference",
    "parse_image_directive",
    "split_words",
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


class ImageError(DockerLinksError):
    """An image reference that is malformed, or unknown to the catalog."""


class ShellWordsError(DockerLinksError):
    """A command line a shell cannot split into words (an open quote, a final backslash)."""


# ============================================================================ shell words

_PART = re.compile(
    r"""
      (?P<blank>[ \t\r\n]++)
    | (?P<bare>[^ \t\r\n'"\\]++)
    | \\(?P<escaped>.)
    | '(?P<single>[^']*+)'
    | "(?P<double>(?:[^"\\]++|\\.)*+)"
    """,
    re.S | re.X,
)
_DOUBLE_ESCAPE = re.compile(r'\\([\\"$`\n])')
_OPEN_DOUBLE = re.compile(r'"(?:[^"\\]++|\\.)*+(\\?)\Z', re.S)


def _unescape_double(match: re.Match[str]) -> str:
    char = match.group(1)
    return "" if char == "\n" else char


def split_words(text: str) -> list[str]:
    r"""Split a command line into words as a POSIX shell (bash) does, without expansions.

    Grammar (quote removal included; no variables, globs, operators or redirections: ``$``,
    ``*``, ``|``, ``;``, ``>`` are ordinary characters)::

        line    = [ blanks ] , { word , blanks } , [ word ] , [ comment ] ;
        blanks  = ( " " | tab | CR | LF ) , { " " | tab | CR | LF } ;
        word    = part , { part } ;
        part    = bare | escaped | single | double ;
        bare    = char-but-blank-quote-backslash , { char-but-blank-quote-backslash } ;
        escaped = "\" , char ;           (* the char; backslash-newline: nothing at all *)
        single  = "'" , { char-but-"'" } , "'" ;              (* literally *)
        double  = '"' , { char-but-'"'-backslash | "\" , char } , '"' ;
                  (* a "\" before \ " $ ` drops; before a newline both go; else it stays *)
        comment = "#" , { char } ;       (* only where a word would start; ignored *)

    ``''`` is an empty word; ``a#b`` is one word (``#`` starts a comment only at a word's
    start). Errors (:class:`ShellWordsError`, with the span): ``No closing quotation`` (a
    quote left open), ``No escaped character`` (a ``\`` ends the text; bash would wait for a
    continuation line, which a transcript line does not have). Python's ``shlex.split``
    agrees except inside double quotes (it keeps the backslash of ``\$``, ``\``` and of a
    backslash-newline) and on comments (with ``comments=False`` it keeps them as words).
    One pass of non-backtracking (possessive) patterns: linear time.

    >>> split_words(r'docker run -e "A=\$1 \"x\"" --name=we\ b x#y # start it')
    ['docker', 'run', '-e', 'A=$1 "x"', '--name=we b', 'x#y']
    >>> split_words("echo 'open")
    Traceback (most recent call last):
    ...
    dockerlinks.engine.images.ShellWordsError: No closing quotation
        echo 'open
             ^^^^^
    """
    if not isinstance(text, str):
        raise ShellWordsError(f"a command line must be text, not {type(text).__name__}")
    words: list[str] = []
    pieces: list[str] = []
    in_word = False
    pos, size = 0, len(text)
    while pos < size:
        match = _PART.match(text, pos)
        if match is None:
            if text[pos] == "\\":
                raise ShellWordsError("No escaped character", text=text, span=(pos, size))
            open_double = _OPEN_DOUBLE.match(text, pos) if text[pos] == '"' else None
            if open_double is not None and open_double.group(1):
                raise ShellWordsError("No escaped character", text=text, span=(pos, size))
            raise ShellWordsError("No closing quotation", text=text, span=(pos, size))
        kind = match.lastgroup
        if kind == "blank":
            if in_word:
                words.append("".join(pieces))
                pieces.clear()
                in_word = False
        elif kind == "bare" and not in_word and text[pos] == "#":
            break
        elif kind == "escaped":
            char = match.group("escaped")
            if char != "\n":
                pieces.append(char)
                in_word = True
        elif kind == "double":
            pieces.append(_DOUBLE_ESCAPE.sub(_unescape_double, match.group("double")))
            in_word = True
        else:
            pieces.append(match.group(kind or "bare"))
            in_word = True
        pos = match.end()
    if in_word:
        words.append("".join(pieces))
    return words


# ============================================================================ images


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

    The words are :func:`split_words`'s; ``cmd=`` splits its value again, so
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
        else:
            raise ImageError(f"image directive: unknown key {key!r}", text=text)
    return Image(name=name, exposed=exposed, env=tuple(env.values()), workdir=workdir, cmd=cmd)


def _directive_words(value: str, text: str) -> list[str]:
    try:
        return split_words(value)
    except ShellWordsError as exc:
        raise ImageError(f"image directive: {exc.docker_message}", text=text) from None
