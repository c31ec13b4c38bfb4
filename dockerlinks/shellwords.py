"""Shell words: a command line split as a POSIX shell (bash) splits it, quotes removed.

Used for transcript command lines and the ``cmd=`` of image directives (the grammar is in
:func:`split_words`). What this module must not know: what the words mean.
"""

from __future__ import annotations

import re

from dockerlinks.errors import ShellWordsError

__all__ = ["split_words"]

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
    dockerlinks.errors.ShellWordsError: No closing quotation
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
