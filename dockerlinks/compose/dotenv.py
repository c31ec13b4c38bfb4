"""Compose's dotenv dialect: the project's ``.env``, ``--env-file`` and services' ``env_file``.

What lives here: parsing the text of one env file into ordered ``NAME -> value`` pairs with the
rules of compose-spec/compose-go v2.9.1 ``dotenv/parser.go`` and ``dotenv/godotenv.go``
(the project's ``.env`` is read by ``dotenv/env.go``, services' files by
``types/project.go``). It must not read files, nor know which file is which (the caller passes
the lookup of variables defined elsewhere); error messages never quote a value.

Grammar (one statement after another; blanks are space, tab, VT, FF, CR, U+0085, U+00A0)::

    file       := BOM? (blank* (comment | statement))*
    comment    := "#" to the end of the line
    statement  := ["export" blank+] name blank* ("=" | ":") blank* value
                | ["export" blank+] name blank* newline         (inherited: NAME alone)
    name       := (letter | digit | "_" | "." | "-" | "[" | "]")+ (Unicode letters/digits)
    value      := "'" raw "'"           kept as written (no escapes, no variables)
                | '"' text '"'          escapes \\a \\b \\f \\n \\r \\t \\v \\\\ \\" \\$ and \\0NNN
                                        decoded, then variables substituted
                | unquoted              to the end of the line, cut at the first " #",
                                        trailing blanks dropped, then variables substituted

Quoted values may span lines; a backslash keeps the next character. An inherited ``NAME``
takes the lookup's value (and is left out when there is none). Variables in values are
substituted as in compose files (:mod:`.interpolate`), looked up first in what the caller
knows, then in the names defined earlier in the same file.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from dockerlinks.compose.interpolate import InterpolationError, substitute
from dockerlinks.errors import DotenvError

__all__ = ["DotenvError", "parse_dotenv"]

_BLANKS = frozenset("\t\v\f\r \x85\xa0")
_EXPORT = re.compile(r"export\s+")
_ESCAPE = re.compile(r"\\(?:[abcfnrtv$\"\\]|0[0-9]{0,3})")
_SIMPLE_ESCAPES = {
    "a": "\a",
    "b": "\b",
    "c": "\\c",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
    '"': '"',
    "\\": "\\",
}


def _is_space(char: str) -> bool:
    """Go's unicode.IsSpace."""
    return char in " \t\n\v\f\r\x85\xa0" or (ord(char) > 0xFF and char.isspace())


def _name_char(char: str) -> bool:
    if char in "_.-[]":
        return True
    category = unicodedata.category(char)
    return category[0] in "LN"


def _unescape(match: re.Match[str]) -> str:
    text = match.group(0)
    if text == "\\$":
        return "$$"
    if text.startswith("\\0"):
        digits = text[2:]  # Go reads \0NNN as the octal escape \NNN: exactly 3 digits
        if len(digits) == 3 and all(d in "01234567" for d in digits) and int(digits, 8) < 256:
            return chr(int(digits, 8))
        return text
    return _SIMPLE_ESCAPES.get(text[1], text)


def _expand_escapes(text: str) -> str:
    return _ESCAPE.sub(_unescape, text)


class _Parser:
    def __init__(self, src: str, filename: str) -> None:
        self.src = src
        self.filename = filename
        self.line = 1

    def error(self, message: str) -> DotenvError:
        return DotenvError(f"failed to read {self.filename}: line {self.line}: {message}")

    def statement_start(self, position: int) -> int:
        src = self.src
        size = len(src)
        while True:
            while position < size and _is_space(src[position]):
                if src[position] == "\n":
                    self.line += 1
                position += 1
            if position >= size:
                return -1
            if src[position] != "#":
                return position
            newline = src.find("\n", position)
            if newline < 0:
                return -1
            position = newline

    def key(self, position: int) -> tuple[str, int, bool]:
        src = self.src
        match = _EXPORT.match(src, position)
        if match:
            position = position + len("export")
            while position < len(src) and src[position] in _BLANKS:
                position += 1
        start = position
        index = position
        size = len(src)
        while index < size:
            char = src[index]
            if char in _BLANKS:
                index += 1
                continue
            if char in "=:\n":
                key = src[start:index]
                inherited = char == "\n"
                if inherited and " " not in key:
                    self.line += 1
                key = key.rstrip()
                rest = index + 1
                while rest < size and src[rest] in _BLANKS:
                    rest += 1
                return key, rest, inherited
            if not _name_char(char):
                raise self.error(f"unexpected character {char!r} in a variable name")
            index += 1
        if start >= size:
            raise self.error("zero length string")
        # A name alone on the last line, without a newline: compose-go then reads the whole
        # statement as the value of the empty name (kept, as Compose keeps it).
        return "", start, False

    def value(self, position: int, resolve: Callable[[str], str | None]) -> tuple[str, int]:
        src = self.src
        size = len(src)
        quote = src[position] if position < size and src[position] in "\"'" else ""
        if not quote:
            newline = src.find("\n", position)
            end = size if newline < 0 else newline
            rest = size if newline < 0 else newline + 1
            self.line += 1
            value = src[position:end]
            cut = value.find(" #")
            if cut >= 0:
                value = value[:cut]
            value = value.rstrip(" \t\n\v\f\r\x85\xa0")
            return self.expand(value, resolve), rest
        chars: list[str] = []
        escaped = False
        index = position + 1
        while index < size:
            char = src[index]
            if char == "\n":
                self.line += 1
            if char != quote:
                if not escaped and char == "\\":
                    escaped = True
                    index += 1
                    continue
                if escaped:
                    escaped = False
                    chars.append("\\")
                chars.append(char)
                index += 1
                continue
            if escaped:
                escaped = False
                chars.append(char)
                index += 1
                continue
            value = "".join(chars)
            if quote == '"':
                value = self.expand(_expand_escapes(value), resolve)
            return value, index + 1
        raise self.error("unterminated quoted value")

    def expand(self, value: str, resolve: Callable[[str], str | None]) -> str:
        try:
            return substitute(value, resolve, where=f"{self.filename} line {self.line - 1}")
        except InterpolationError as exc:
            raise DotenvError(f"failed to read {self.filename}: {exc.docker_message}") from None


def parse_dotenv(
    text: str,
    lookup: Callable[[str], str | None] | None = None,
    *,
    filename: str = "<env file>",
) -> dict[str, str]:
    """The variables an env file defines, in file order (a name given again moves its value,
    keeping its first place). ``lookup`` gives values defined outside the file; it is asked
    before the names defined earlier in the file (compose-go's order).

    >>> parse_dotenv('A=1 # note\\nexport B="x\\\\ty"\\nC=${A}-${D:-d}\\nE=\\'$A\\'\\n')
    {'A': '1', 'B': 'x\\ty', 'C': '1-d', 'E': '$A'}
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    out: dict[str, str] = {}
    outside = lookup or (lambda name: None)

    def resolve(name: str) -> str | None:
        value = outside(name)
        return value if value is not None else out.get(name)

    parser = _Parser(text, filename)
    position = 0
    while True:
        position = parser.statement_start(position)
        if position < 0:
            break
        key, position, inherited = parser.key(position)
        if " " in key:
            raise parser.error("key cannot contain a space")
        if inherited:
            value = outside(key)
            if value is not None:
                out[key] = value
            continue
        value, position = parser.value(position, resolve)
        out[key] = value
    return out
