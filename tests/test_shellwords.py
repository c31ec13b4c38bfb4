"""Shell words: command lines split as bash splits them (checked against bash itself)."""

from __future__ import annotations

import shlex
import shutil
import subprocess

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dockerlinks.errors import ShellWordsError
from dockerlinks.shellwords import split_words
from tests.robustness import ANY_TEXT, only_library_errors

# Expected words: GNU bash 5.2's, printed with printf '%s\0' (test_vectors_are_bash_s_words
# re-checks them against the bash on the machine, when there is one).

WORDS = [
    ("a b", ["a", "b"]),
    ("  a \t b  ", ["a", "b"]),
    ("a\\ b", ["a b"]),
    ('"x\\$y"', ["x$y"]),
    ('"x\\`y"', ["x`y"]),
    ('"q\\z"', ["q\\z"]),
    ('"\\\\"', ["\\"]),
    ('"a\\"b" a\\"b', ['a"b', 'a"b']),
    ("'a\\b'", ["a\\b"]),
    ("a''b", ["ab"]),
    ("'' \"\"", ["", ""]),
    ("c#d 'e'#f", ["c#d", "e#f"]),
    ("x #y z", ["x"]),
    ("\\#x", ["#x"]),
    ("'it'\\''s'", ["it's"]),
    ("--name=\"web 1\" -e A='1 2'", ["--name=web 1", "-e", "A=1 2"]),
    ("'$HOME' \"*\" \\*", ["$HOME", "*", "*"]),
]


@pytest.mark.parametrize(("text", "words"), WORDS)
def test_shell_words(text: str, words: list[str]) -> None:
    assert split_words(text) == words


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash on this machine")
def test_vectors_are_bash_s_words() -> None:
    for text, words in WORDS:
        proc = subprocess.run(
            ["bash", "--norc", "--noprofile", "-c", "set -f; printf '%s\\0' w " + text],
            capture_output=True,
            check=True,
        )
        assert proc.stdout.decode().split("\0")[1:-1] == words, text


@pytest.mark.parametrize(
    ("text", "message", "span"),
    [
        ("echo 'open", "No closing quotation", (5, 10)),
        ('a "b\\"c', "No closing quotation", (2, 7)),
        ('a "b\\\\', "No closing quotation", (2, 6)),
        ('a "b\\', "No escaped character", (2, 5)),
        ("a b\\", "No escaped character", (3, 4)),
    ],
)
def test_shell_word_errors(text: str, message: str, span: tuple[int, int]) -> None:
    with pytest.raises(ShellWordsError) as info:
        split_words(text)
    assert (info.value.docker_message, info.value.span) == (message, span)


def test_backslash_newline_is_a_continuation() -> None:
    assert split_words('a\\\nb \\\n c "d\\\ne"') == ["ab", "c", "de"]


# Where bash and shlex.split agree (no comments, no backslash before $ ` or a newline in
# double quotes), the splitter agrees with shlex too.
SHLEX_TEXT = st.text(alphabet="ab '\"\\\t", max_size=16)


@given(SHLEX_TEXT)
def test_agrees_with_shlex_where_bash_does(text: str) -> None:
    try:
        expected: list[str] | None = shlex.split(text)
    except ValueError:
        expected = None
    try:
        got: list[str] | None = split_words(text)
    except ShellWordsError:
        got = None
    assert got == expected


@given(st.lists(st.text(min_size=0, max_size=6), max_size=5))
def test_quoted_words_split_back(words: list[str]) -> None:
    assert split_words(" ".join(shlex.quote(w) for w in words)) == words


@given(ANY_TEXT)
def test_any_text_raises_only_shell_words_errors(text: str) -> None:
    only_library_errors(lambda: split_words(text))
