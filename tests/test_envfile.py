"""--env-file: the docker CLI's kvfile rules (cases from docker/cli pkg/kvfile kvfile_test.go)."""

from __future__ import annotations

import contextlib
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dockerlinks.envfile import GO_SPACES, parse_env_file
from dockerlinks.errors import DockerLinksError, EnvFileError

LOOKUP_CONTENT = "# comment=\nVAR=VAR_VALUE\nEMPTY_VAR=\nUNDEFINED_VAR\nDEFINED_VAR\n"

# docker/cli pkg/kvfile/kvfile_test.go, as (test, content, lookup, expected lines)
GOOD = [
    (
        "TestParseWithLookup",
        LOOKUP_CONTENT,
        {"DEFINED_VAR": "defined-value"},
        ["VAR=VAR_VALUE", "EMPTY_VAR=", "DEFINED_VAR=defined-value"],
    ),
    (
        "TestParseFromReaderGoodFile",
        "foo=bar\n    baz=quux\n# comment\n\n_foobar=foobaz\nwith.dots=working\n"
        "and_underscore=working too\n\n    \t  ",
        None,
        [
            "foo=bar",
            "baz=quux",
            "_foobar=foobaz",
            "with.dots=working",
            "and_underscore=working too",
        ],
    ),
    ("TestParseFromReaderEmptyFile", "", None, []),
]

# (test, content, expected error text)
BAD = [
    (
        "TestParseFromReaderBadlyFormattedFile",
        "foo=bar\n    f   =quux\n",
        "variable 'f   ' contains whitespaces",
    ),
    (
        "TestParseFromReaderLineTooLongFile",
        "foo=" + "a" * (65536 + 42),
        "bufio.Scanner: token too long",
    ),
    (
        "TestParseFromReaderRandomFile",
        "first line\nanother invalid line",
        "variable 'first line' contains whitespaces",
    ),
    (
        "TestParseFromReaderWithNoName",
        "# comment=\n=blank variable names are an error case\n",
        "no variable name on line '=blank variable names are an error case'",
    ),
]


@pytest.mark.parametrize(
    ("content", "lookup", "expected"), [g[1:] for g in GOOD], ids=[g[0] for g in GOOD]
)
def test_upstream_good(content: str, lookup: dict[str, str] | None, expected: list[str]) -> None:
    assert parse_env_file(content, lookup) == expected


@pytest.mark.parametrize(("content", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_upstream_bad(content: str, message: str) -> None:
    with pytest.raises(EnvFileError) as info:
        parse_env_file(content)
    assert info.value.docker_message == message


def test_line_number_and_caret() -> None:
    with pytest.raises(EnvFileError) as info:
        parse_env_file("A=1\n\n  MY VAR=2\n")
    error: Any = info.value
    assert error.lineno == 3
    assert error.text == "  MY VAR=2"
    assert error.span == (2, 8)
    assert "  MY VAR=2\n" in str(error)


def test_filename_prefix() -> None:
    with pytest.raises(EnvFileError) as info:
        parse_env_file("=x\n", filename="app.env")
    assert info.value.docker_message == "invalid env file (app.env): no variable name on line '=x'"


def test_invalid_utf8() -> None:
    with pytest.raises(EnvFileError) as info:
        parse_env_file(b"A=1\nB=\xff\xfe\r\n")
    error: Any = info.value
    assert error.docker_message == "invalid utf8 bytes at line 2: [66 61 255 254]"
    assert error.lineno == 2
    assert error.span == (2, 3)
    # a str holding surrogate escapes is the same bytes
    with pytest.raises(EnvFileError, match=r"\[66 61 255\]"):
        parse_env_file("A=1\nB=" + b"\xff".decode("utf-8", "surrogateescape"))
    with pytest.raises(EnvFileError, match="invalid utf8 bytes at line 1"):
        parse_env_file("A=\ud800")


def test_bom_only_on_line_one() -> None:
    assert parse_env_file(b"\xef\xbb\xbfA=1\n") == ["A=1"]
    assert parse_env_file("\ufeffA=1\n\ufeffB=2\n") == ["A=1", "\ufeffB=2"]


def test_values_verbatim_and_crlf() -> None:
    text = 'Q="quoted" \nT=a=b\r\nW=  spaced  \n\tINDENTED=1\n#C=1\n  # also comment\n'
    assert parse_env_file(text) == ['Q="quoted" ', "T=a=b", "W=  spaced  ", "INDENTED=1"]


def test_go_whitespace_only() -> None:
    # Go unicode.IsSpace trims NBSP and U+3000 but not U+001C (Python isspace would)
    assert parse_env_file("\xa0\u3000A=1\n") == ["A=1"]
    with pytest.raises(EnvFileError) as info:
        parse_env_file("\x1cA B=1")
    assert info.value.docker_message == "variable '\x1cA B' contains whitespaces"


def test_lookup_rules() -> None:
    assert parse_env_file("HOME\nMISSING\nEMPTY\n", {"HOME": "/root", "EMPTY": ""}) == [
        "HOME=/root",
        "EMPTY=",
    ]
    assert parse_env_file("HOME\n") == []
    # the key may hold other characters the CLI accepts (only SPACE and TAB are refused)
    assert parse_env_file("A\x00B=1\nvar.with-dash=2\n") == ["A\x00B=1", "var.with-dash=2"]


@pytest.mark.parametrize(
    ("text", "lookup", "filename"),
    [
        (None, None, None),
        (["A=1"], None, None),
        ("A=1", ["A"], None),
        ("A", {"A": 1}, None),
        ("A=1", None, 5),
    ],
)
def test_bad_arguments(text: Any, lookup: Any, filename: Any) -> None:
    with pytest.raises(EnvFileError):
        parse_env_file(text, lookup, filename=filename)


def test_line_limit_boundary() -> None:
    assert len(parse_env_file("A=" + "x" * (65535 - 2) + "\n")) == 1
    with pytest.raises(EnvFileError):
        parse_env_file("A=" + "x" * (65536 - 2) + "\n")


KEYS = st.text(alphabet=st.sampled_from("ABCxyz_.-9"), min_size=1, max_size=6)
VALUES = st.text(alphabet=st.characters(exclude_characters="\n\r", codec="utf-8"), max_size=8)


@given(st.lists(st.tuples(KEYS, VALUES), max_size=6), st.sampled_from(["", "  ", "\t"]))
def test_key_value_lines_kept_verbatim(pairs: list[tuple[str, str]], indent: str) -> None:
    text = "".join(f"{indent}{k}={v}\n" for k, v in pairs)
    assert parse_env_file(text) == [f"{k}={v}" for k, v in pairs]


@given(KEYS, st.sampled_from([" ", "\t"]), KEYS)
def test_whitespace_in_key_rejected(left: str, space: str, right: str) -> None:
    with pytest.raises(EnvFileError) as info:
        parse_env_file(f"{left}{space}{right}=1\n")
    assert info.value.docker_message == f"variable '{left}{space}{right}' contains whitespaces"


@given(st.binary(max_size=40))
def test_never_crashes_on_bytes(data: bytes) -> None:
    try:
        out = parse_env_file(data)
    except DockerLinksError:
        return
    for entry in out:
        assert "=" in entry
        assert entry[0] not in GO_SPACES


ANYTHING: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.binary(max_size=12),
    st.text(st.characters(exclude_categories=()), max_size=12),
    st.lists(st.text(max_size=3), max_size=2),
    st.dictionaries(st.text(max_size=3), st.one_of(st.text(max_size=3), st.none()), max_size=2),
)


@given(ANYTHING, ANYTHING, ANYTHING)
def test_any_input_raises_only_library_errors(text: Any, lookup: Any, filename: Any) -> None:
    with contextlib.suppress(DockerLinksError):
        parse_env_file(text, lookup, filename=filename)
