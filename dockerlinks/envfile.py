"""``--env-file``: the docker CLI's key/value file format, as a pure parser.

Grammar (docker/cli ``pkg/kvfile``, used by ``docker run --env-file``)::

    file      = { line , LF } , [ line ] ;          (* a CR before the LF is dropped *)
    line      = { space } , ( comment | entry | "" ) ;
    comment   = "#" , { any } ;
    entry     = key , [ "=" , value ] ;
    key       = char , { char } ;                   (* no "=", no SPACE, no TAB *)
    value     = { any } ;                           (* verbatim: quotes and trailing
                                                       whitespace are part of it *)

Rules, in the order Docker applies them to each line::

    step  rule                                       Docker's error text
    ----  -----------------------------------------  -------------------------------------
    1     the line must be valid UTF-8               invalid utf8 bytes at line <n>: [<bytes>]
    2     line 1: a UTF-8 BOM is removed
    3     leading whitespace (Go unicode.IsSpace)
          is removed
    4     empty lines and lines starting with "#"
          are skipped
    5     the key is the text before the first "="  no variable name on line '<line>'
          and must not be empty
    6     the key must not contain SPACE or TAB      variable '<key>' contains whitespaces
    7     KEY=value (value possibly empty) is kept
          as the whole line
    8     KEY alone takes its value from the lookup
          (Docker: the CLI's own environment) and
          is dropped when the lookup has no KEY
    -     a line of 64 KiB or more                   bufio.Scanner: token too long

A file with any error yields no variables at all. The docker CLI prefixes each message with
``invalid env file (<path>): ``; pass ``filename=`` to get the same text. Each error carries the
offending line as its ``text`` (with a caret) and the 1-based line number as ``lineno``.
The CLI does not reject NUL or other control characters in keys; neither does this parser.
"""

from __future__ import annotations

from collections.abc import Mapping

from dockerlinks import _go
from dockerlinks._args import shown as _shown
from dockerlinks.errors import EnvFileError

__all__ = ["GO_SPACES", "check_env_entry", "parse_env_file"]

GO_SPACES = _go.SPACES
"""The characters Go's ``unicode.IsSpace`` accepts (Python's ``str.isspace`` accepts more)."""


def check_env_entry(entry: object, what: str = "environment entry") -> str:
    """An environment entry (``NAME=value`` or a bare ``NAME``) that is safe to render.

    Docker itself passes any bytes but NUL, so a variable NAME with a line break would print
    as two lines in ``env`` output and forge a variable that does not exist
    (``X\\nDB_PORT_5432_TCP_ADDR=6.6.6.6``). The library refuses names with a
    character that is not printable (line breaks, control characters, NUL) and NUL anywhere
    (no process can be given one: runc's ``os.Setenv`` refuses it, so the container would not
    start); values may hold line breaks.

    >>> check_env_entry("A=1\\n2")
    'A=1\\n2'
    >>> check_env_entry("X\\nDB_PORT=6.6.6.6")
    Traceback (most recent call last):
    ...
    dockerlinks.errors.EnvFileError: invalid environment variable name 'X\\nDB_PORT': ...
        X\\nDB_PORT=6.6.6.6
         ^^
    """
    if not isinstance(entry, str):
        raise EnvFileError(f"invalid {what}: expected a string, not {type(entry).__name__}")
    name, _, _ = entry.partition("=")
    if not name.isprintable():
        bad = next(i for i, char in enumerate(name) if not char.isprintable())
        raise EnvFileError(
            f"invalid environment variable name {name!r}: {name[bad]!r} cannot be rendered "
            "(a line break or control character)",
            text=entry,
            span=(bad, bad + 1),
        )
    nul = entry.find("\x00")
    if nul >= 0:
        raise EnvFileError(
            f"invalid {what}: a NUL character cannot be in a process environment",
            text=entry,
            span=(nul, nul + 1),
        )
    return entry


_MAX_TOKEN = 64 * 1024  # bufio.MaxScanTokenSize
_BOM = b"\xef\xbb\xbf"


def _error(
    message: str,
    lineno: int,
    filename: str | None,
    text: str | None = None,
    span: tuple[int, int] | None = None,
) -> EnvFileError:
    if filename is not None:
        message = f"invalid env file ({filename}): {message}"
    error = EnvFileError(message, text=text, span=span)
    error.lineno = lineno  # type: ignore[attr-defined]
    return error


def _as_bytes(text: object) -> bytes:
    if isinstance(text, bytes):
        return text
    if isinstance(text, str):
        try:
            return text.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:
            return text.encode("utf-8", "surrogatepass")
    raise EnvFileError(f"an env file must be text or bytes, not {type(text).__name__}")


def parse_env_file(
    text: str | bytes,
    lookup: Mapping[str, str] | None = None,
    *,
    filename: str | None = None,
) -> list[str]:
    """Parse the content of an ``--env-file`` into ``KEY=value`` entries, as the docker CLI.

    >>> text = "# db settings\\nUSER=docker\\n  EMPTY=\\nHOME\\nSHELL\\n"
    >>> parse_env_file(text, {"HOME": "/root"})
    ['USER=docker', 'EMPTY=', 'HOME=/root']
    >>> parse_env_file("A=1\\nMY VAR=2\\n")
    Traceback (most recent call last):
    ...
    dockerlinks.errors.EnvFileError: variable 'MY VAR' contains whitespaces
        MY VAR=2
        ^^^^^^
    """
    if lookup is not None and not isinstance(lookup, Mapping):
        raise EnvFileError(f"lookup must be a mapping of names to values, not {_shown(lookup)}")
    if filename is not None and not isinstance(filename, str):
        raise EnvFileError(f"filename must be a string, not {_shown(filename)}")
    data = _as_bytes(text)
    out: list[str] = []
    position = 0
    lineno = 0
    while position < len(data):
        lineno += 1
        newline = data.find(b"\n", position)
        end = len(data) if newline < 0 else newline
        raw = data[position:end]
        position = end + 1
        if len(raw) >= _MAX_TOKEN:
            raise _error("bufio.Scanner: token too long", lineno, filename)
        if raw.endswith(b"\r"):
            raw = raw[:-1]
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            shown = raw.decode("utf-8", "replace")
            bad = len(raw[: exc.start].decode("utf-8"))
            listed = " ".join(str(byte) for byte in raw)
            raise _error(
                f"invalid utf8 bytes at line {lineno}: [{listed}]",
                lineno,
                filename,
                shown,
                (bad, bad + 1),
            ) from None
        if lineno == 1 and line.startswith(_BOM.decode("utf-8")):
            line = line[1:]
        entry = line.lstrip(GO_SPACES)
        indent = len(line) - len(entry)
        if not entry or entry[0] == "#":
            continue
        key, sep, _ = entry.partition("=")
        if not key:
            raise _error(
                f"no variable name on line '{entry}'", lineno, filename, line, (indent, indent + 1)
            )
        if " " in key or "\t" in key:
            raise _error(
                f"variable '{key}' contains whitespaces",
                lineno,
                filename,
                line,
                (indent, indent + len(key)),
            )
        if sep:
            out.append(entry)
            continue
        if lookup is not None and entry in lookup:
            value = lookup[entry]
            if not isinstance(value, str):
                raise _error(f"lookup value for {entry!r} is not a string", lineno, filename)
            out.append(f"{key}={value}")
    return out
