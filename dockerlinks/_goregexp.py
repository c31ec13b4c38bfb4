"""Go's ``regexp.MatchString`` (RE2 syntax), in time linear in the text: for Docker's filters.

Docker matches ``docker ps --filter name=…`` values as Go regular expressions (moby
``api/types/filters`` ``Args.Match``: ``regexp.MatchString(value, name)``). Python's ``re``
backtracks (a user's ``(a+)+$`` takes exponential time), so this module compiles the pattern
into a Thompson automaton and runs it over the text once (Pike's simulation): time
O(len(pattern) × len(text)), memory O(len(pattern)).

Syntax (RE2, as Go's ``regexp/syntax`` parses it; what is not listed is refused)::

    atom        literal character, ``\\`` + punctuation, ``\\t \\n \\r \\f \\v \\a``,
                ``\\xHH``, ``.`` (any character but newline; ``(?s)`` any), ``[...]`` /
                ``[^...]`` with ranges, escapes, ``\\d \\w \\s`` (and ``\\D \\W \\S``) and
                ``[:alpha:]``-style ASCII classes, ``\\pL`` / ``\\p{Lu}`` / ``\\P…`` (Unicode
                general categories; scripts such as ``\\p{Greek}`` are refused)
    group       ``(re)``, ``(?:re)``, ``(?P<name>re)``, ``(?flags)``, ``(?flags:re)`` with
                flags ``i`` (case-insensitive) and ``s`` (``.`` matches newline)
    repetition  ``* + ?``, ``{n}``, ``{n,}``, ``{n,m}`` (at most 1000), each optionally ``?``
                (lazy; the same answer for a match test)
    assertion   ``^ $`` (text start / end), ``\\A \\z``, ``\\b \\B`` (ASCII word boundary)
    choice      ``a|b``

:func:`match_string` returns whether the pattern matches anywhere in the text; a pattern Go
would refuse raises :class:`PatternError` (Docker's filter then matches nothing).

What this module must not know: Docker, containers, filters.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable

__all__ = ["MAX_PATTERN", "PatternError", "match_string"]

#: The longest pattern accepted, and the most automaton states it may compile to.
MAX_PATTERN = 1000
_MAX_STATES = 20_000
_MAX_REPEAT = 1000

_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
_DIGITS = frozenset("0123456789")
_SPACE = frozenset("\t\n\f\r ")
_POSIX = {
    "alnum": frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"),
    "alpha": frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    "ascii": frozenset(chr(c) for c in range(128)),
    "blank": frozenset(" \t"),
    "cntrl": frozenset([*map(chr, range(32)), "\x7f"]),
    "digit": _DIGITS,
    "graph": frozenset(chr(c) for c in range(33, 127)),
    "lower": frozenset("abcdefghijklmnopqrstuvwxyz"),
    "print": frozenset(chr(c) for c in range(32, 127)),
    "punct": frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"),
    "space": frozenset("\t\n\v\f\r "),
    "upper": frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    "word": _WORD,
    "xdigit": frozenset("0123456789abcdefABCDEF"),
}
_SHORTHAND = {"d": _DIGITS, "w": _WORD, "s": _SPACE}
_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "f": "\f", "v": "\v", "a": "\a"}
#: The Unicode general categories ``\p{…}`` may name (one letter, or two).
_CATEGORIES = frozenset(
    [
        "C",
        "Cc",
        "Cf",
        "Co",
        "Cs",
        "L",
        "Ll",
        "Lm",
        "Lo",
        "Lt",
        "Lu",
        "M",
        "Mc",
        "Me",
        "Mn",
        "N",
        "Nd",
        "Nl",
        "No",
        "P",
        "Pc",
        "Pd",
        "Pe",
        "Pf",
        "Pi",
        "Po",
        "Ps",
        "S",
        "Sc",
        "Sk",
        "Sm",
        "So",
        "Z",
        "Zl",
        "Zp",
        "Zs",
    ]
)


def _outside(members: frozenset[str]) -> _Pred:
    return lambda c: c not in members


class PatternError(Exception):
    """A pattern Go's ``regexp`` refuses (the text names the problem)."""


# A node of the parsed pattern: ("chars", predicate) | ("cat", [nodes]) | ("alt", [nodes]) |
# ("rep", node, min, max or -1) | ("assert", kind) | ("empty",)
_Node = tuple[object, ...]
_Pred = Callable[[str], bool]


class _Parser:
    def __init__(self, pattern: str) -> None:
        self.text = pattern
        self.pos = 0
        self.fold = False
        self.dotall = False

    def error(self, what: str) -> PatternError:
        return PatternError(f"error parsing regexp: {what}: `{self.text}`")

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def parse(self) -> _Node:
        node = self.alternation()
        if self.pos < len(self.text):
            raise self.error("unexpected )")
        return node

    def alternation(self) -> _Node:
        options = [self.concatenation()]
        while self.peek() == "|":
            self.pos += 1
            options.append(self.concatenation())
        return options[0] if len(options) == 1 else ("alt", options)

    def concatenation(self) -> _Node:
        items: list[_Node] = []
        while self.pos < len(self.text) and self.peek() not in "|)":
            atom = self.atom()
            if atom is None:
                continue
            items.append(self.repetition(atom))
        if not items:
            return ("empty",)
        return items[0] if len(items) == 1 else ("cat", items)

    def repetition(self, atom: _Node) -> _Node:
        repeated = False
        while self.pos < len(self.text):
            char = self.peek()
            if char in "*+?":
                low, high = {"*": (0, -1), "+": (1, -1), "?": (0, 1)}[char]
                self.pos += 1
            elif char == "{" and self._counted() is not None:
                low, high = self._counted()  # type: ignore[misc]
                self.pos = self.text.index("}", self.pos) + 1
            else:
                return atom
            if repeated:  # a repetition of a repetition (a**): Go refuses it
                raise self.error("invalid nested repetition operator")
            if self.peek() == "?":
                self.pos += 1
            atom = ("rep", atom, low, high)
            repeated = True
        return atom

    def _counted(self) -> tuple[int, int] | None:
        end = self.text.find("}", self.pos)
        if end < 0:
            return None
        body = self.text[self.pos + 1 : end]
        low_text, comma, high_text = body.partition(",")
        if not low_text.isdigit() or (high_text and not high_text.isdigit()):
            return None
        low = int(low_text)
        high = low if not comma else (int(high_text) if high_text else -1)
        if low > _MAX_REPEAT or high > _MAX_REPEAT or (high != -1 and high < low):
            raise self.error("invalid repeat count")
        return low, high

    def atom(self) -> _Node | None:
        char = self.text[self.pos]
        self.pos += 1
        if char == "(":
            return self.group()
        if char == "[":
            return ("chars", self.char_class())
        if char == ".":
            dotall = self.dotall
            return ("chars", (lambda c: True) if dotall else (lambda c: c != "\n"))
        if char == "^":
            return ("assert", "start")
        if char == "$":
            return ("assert", "end")
        if char in "*+?":
            raise self.error("missing argument to repetition operator")
        if char == "\\":
            return self.escape()
        return ("chars", self.literal(char))

    def literal(self, char: str) -> _Pred:
        if self.fold and char.lower() != char.upper():
            folded = {char, char.lower(), char.upper()}
            return folded.__contains__
        return char.__eq__

    def group(self) -> _Node | None:
        saved = (self.fold, self.dotall)
        if self.text.startswith("?P<", self.pos):
            end = self.text.find(">", self.pos)
            if end < 0 or not self.text[self.pos + 3 : end].isidentifier():
                raise self.error("invalid named capture")
            self.pos = end + 1
        elif self.peek() == "?":
            self.pos += 1
            flags_end = self.pos
            while flags_end < len(self.text) and self.text[flags_end] in "ims-U":
                flags_end += 1
            flags = self.text[self.pos : flags_end]
            if flags_end >= len(self.text) or self.text[flags_end] not in ":)":
                raise self.error("invalid or unsupported Perl syntax")
            on = True
            for flag in flags:
                if flag == "-":
                    on = False
                elif flag == "i":
                    self.fold = on
                elif flag == "s":
                    self.dotall = on
            self.pos = flags_end + 1
            if self.text[flags_end] == ")":
                return None  # (?i): the flags hold to the end of the enclosing group
        node = self.alternation()
        if self.peek() != ")":
            raise self.error("missing closing )")
        self.pos += 1
        self.fold, self.dotall = saved
        return node

    def escape(self) -> _Node:
        if self.pos >= len(self.text):
            raise self.error("trailing backslash at end of expression")
        char = self.text[self.pos]
        self.pos += 1
        if char in "AzbB":
            return ("assert", {"A": "start", "z": "end", "b": "word", "B": "notword"}[char])
        return ("chars", self.escaped_class(char))

    def unicode_class(self, char: str) -> _Pred:
        """``\\pL``, ``\\p{Lu}``, ``\\PN``: a Unicode general category (scripts are refused)."""
        if self.peek() == "{":
            end = self.text.find("}", self.pos)
            name = self.text[self.pos + 1 : end] if end > 0 else ""
            self.pos = end + 1 if end > 0 else self.pos
        else:
            name = self.peek()
            self.pos += 1
        negate = char == "P"
        if name.startswith("^"):
            negate, name = not negate, name[1:]
        if not name or (name not in _CATEGORIES and name != "Any"):
            raise self.error(f"invalid character class range: `\\{char}{name}`")
        if name == "Any":
            return (lambda c: False) if negate else (lambda c: True)

        def test(c: str) -> bool:
            return unicodedata.category(c).startswith(name) is not negate

        return test

    def escaped_class(self, char: str) -> _Pred:
        if char in "pP":
            return self.unicode_class(char)
        if char.lower() in _SHORTHAND:
            members = _SHORTHAND[char.lower()]
            if char.islower():
                return members.__contains__
            return lambda c: c not in members
        if char in _ESCAPES:
            return _ESCAPES[char].__eq__
        if char == "x":
            digits = self.text[self.pos : self.pos + 2]
            if len(digits) != 2 or any(d not in _POSIX["xdigit"] for d in digits):
                raise self.error("invalid escape sequence")
            self.pos += 2
            return self.literal(chr(int(digits, 16)))
        if char.isascii() and not char.isalnum():
            return self.literal(char)
        raise self.error(f"invalid escape sequence: `\\{char}`")

    def char_class(self) -> _Pred:
        negate = self.peek() == "^"
        if negate:
            self.pos += 1
        members: set[str] = set()
        ranges: list[tuple[str, str]] = []
        tests: list[_Pred] = []
        first = True
        while True:
            if self.pos >= len(self.text):
                raise self.error("missing closing ]")
            char = self.text[self.pos]
            if char == "]" and not first:
                self.pos += 1
                break
            first = False
            if self.text.startswith("[:", self.pos):
                end = self.text.find(":]", self.pos)
                name = self.text[self.pos + 2 : end] if end > 0 else ""
                inverted = name.startswith("^")
                posix = _POSIX.get(name.lstrip("^"))
                if posix is None:
                    raise self.error("invalid character class range")
                self.pos = end + 2
                tests.append(_outside(posix) if inverted else posix.__contains__)
                continue
            low = self.class_char(tests)
            if low is None:
                continue
            if self.peek() == "-" and self.text[self.pos + 1 : self.pos + 2] not in ("]", ""):
                self.pos += 1
                high = self.class_char(tests)
                if high is None or high < low:
                    raise self.error("invalid character class range")
                ranges.append((low, high))
            else:
                members.add(low)
        fold = self.fold

        def member(c: str) -> bool:
            candidates = {c, c.lower(), c.upper()} if fold else (c,)
            return any(
                x in members or any(lo <= x <= hi for lo, hi in ranges) or any(t(x) for t in tests)
                for x in candidates
            )

        return (lambda c: not member(c)) if negate else member

    def class_char(self, tests: list[_Pred]) -> str | None:
        """One character of a class (``None`` when it was a shorthand class, added to
        ``tests``)."""
        char = self.text[self.pos]
        self.pos += 1
        if char != "\\":
            return char
        if self.pos >= len(self.text):
            raise self.error("trailing backslash at end of expression")
        escaped = self.text[self.pos]
        self.pos += 1
        if escaped.lower() in _SHORTHAND:
            members = _SHORTHAND[escaped.lower()]
            tests.append(members.__contains__ if escaped.islower() else lambda c: c not in members)
            return None
        if escaped in "pP":
            tests.append(self.unicode_class(escaped))
            return None
        if escaped in _ESCAPES:
            return _ESCAPES[escaped]
        if escaped == "x":
            digits = self.text[self.pos : self.pos + 2]
            if len(digits) != 2 or any(d not in _POSIX["xdigit"] for d in digits):
                raise self.error("invalid escape sequence")
            self.pos += 2
            return chr(int(digits, 16))
        if escaped.isascii() and not escaped.isalnum():
            return escaped
        raise self.error(f"invalid escape sequence: `\\{escaped}`")


# The automaton: instructions ("char", pred, next) | ("split", a, b) | ("assert", kind, next) |
# ("match",), built by Thompson's construction.


class _Program:
    def __init__(self) -> None:
        self.code: list[list[object]] = []

    def emit(self, *instruction: object) -> int:
        if len(self.code) >= _MAX_STATES:
            raise PatternError("error parsing regexp: expression too large")
        self.code.append(list(instruction))
        return len(self.code) - 1

    def compile(self, node: _Node, follow: int) -> int:
        """The entry state of ``node``, continuing to ``follow`` (built back to front)."""
        kind = node[0]
        if kind == "empty":
            return follow
        if kind == "chars":
            return self.emit("char", node[1], follow)
        if kind == "assert":
            return self.emit("assert", node[1], follow)
        if kind == "cat":
            parts = node[1]
            assert isinstance(parts, list)
            for part in reversed(parts):
                follow = self.compile(part, follow)
            return follow
        if kind == "alt":
            options = node[1]
            assert isinstance(options, list)
            entries = [self.compile(option, follow) for option in options]
            entry = entries[-1]
            for other in reversed(entries[:-1]):
                entry = self.emit("split", other, entry)
            return entry
        _, inner, low, high = node
        assert isinstance(inner, tuple)
        assert isinstance(low, int)
        assert isinstance(high, int)
        if high == -1:
            loop = self.emit("split", -1, follow)
            body = self.compile(inner, loop)
            self.code[loop][1] = body
            entry = loop
        else:
            entry = follow
            for _ in range(high - low):
                body = self.compile(inner, entry)
                entry = self.emit("split", body, follow)
                follow = entry
        for _ in range(low):
            entry = self.compile(inner, entry)
        return entry


@functools.lru_cache(maxsize=256)
def _compiled(pattern: str) -> tuple[list[list[object]], int]:
    if len(pattern) > MAX_PATTERN:
        raise PatternError(f"error parsing regexp: pattern longer than {MAX_PATTERN}")
    tree = _Parser(pattern).parse()
    program = _Program()
    accept = program.emit("match")
    start = program.compile(tree, accept)
    return program.code, start


def _word(text: str, index: int) -> bool:
    return 0 <= index < len(text) and text[index] in _WORD


def _holds(kind: object, text: str, index: int) -> bool:
    if kind == "start":
        return index == 0
    if kind == "end":
        return index == len(text)
    boundary = _word(text, index - 1) != _word(text, index)
    return boundary if kind == "word" else not boundary


def match_string(pattern: str, text: str) -> bool:
    """Whether ``pattern`` matches somewhere in ``text``, as Go's ``regexp.MatchString``.

    >>> match_string("^t1$", "t1"), match_string("^t1$", "/t1"), match_string("eb", "web")
    (True, False, True)
    >>> match_string("(a+)+$", "a" * 5000 + "b")  # no backtracking: linear time
    False
    >>> match_string("(?i)^WEB", "web2")
    True
    """
    code, start = _compiled(pattern)

    def closure(states: list[int], index: int) -> list[int]:
        """The states reachable from ``states`` at ``index`` without reading a character."""
        seen: set[int] = set()
        out: list[int] = []
        stack = list(reversed(states))
        while stack:
            state = stack.pop()
            if state in seen:
                continue
            seen.add(state)
            instruction = code[state]
            op = instruction[0]
            if op == "split":
                stack.append(instruction[2])  # type: ignore[arg-type]
                stack.append(instruction[1])  # type: ignore[arg-type]
            elif op == "assert":
                if _holds(instruction[1], text, index):
                    stack.append(instruction[2])  # type: ignore[arg-type]
            else:
                out.append(state)
        return out

    current = closure([start], 0)
    for index, char in enumerate(text):
        if any(code[state][0] == "match" for state in current):
            return True
        following = [
            code[state][2]
            for state in current
            if code[state][0] == "char" and code[state][1](char)  # type: ignore[operator]
        ]
        # unanchored: a match may also start at the next position
        current = closure([*following, start], index + 1)  # type: ignore[list-item]
    return any(code[state][0] == "match" for state in current)
