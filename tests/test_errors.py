"""The error family and caret rendering."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dockerlinks import errors
from dockerlinks.errors import DockerLinksError, PortSpecError, render_caret

FAMILY = [
    errors.ProfileError,
    errors.PortSpecError,
    errors.ExposeError,
    errors.PortError,
    errors.LinkSpecError,
    errors.ContainerNameError,
    errors.EnvFileError,
    errors.HostsError,
    errors.InspectError,
    errors.AllocationError,
]


@pytest.mark.parametrize("cls", FAMILY)
def test_every_error_is_a_dockerlinks_error_and_a_value_error(cls: type[Exception]) -> None:
    assert issubclass(cls, DockerLinksError)
    assert issubclass(cls, ValueError)


def test_message_has_docker_wording_then_the_text_with_carets() -> None:
    exc = PortSpecError("invalid hostPort: 99999", text="127.0.0.1:99999:80", span=(10, 15))
    assert str(exc) == ("invalid hostPort: 99999\n    127.0.0.1:99999:80\n              ^^^^^")
    assert exc.docker_message == "invalid hostPort: 99999"


def test_message_without_text_is_the_docker_wording_alone() -> None:
    assert str(DockerLinksError("all ports are allocated")) == "all ports are allocated"


def test_empty_span_points_after_the_text() -> None:
    assert render_caret("80/", 3, 3) == "    80/\n       ^"
    assert render_caret("80/", 3) == "    80/\n       ^"


@pytest.mark.parametrize(
    ("text", "start", "end", "expected"),
    [
        ("127.0.0.1:99999:80", 10, 15, "    127.0.0.1:99999:80\n              ^^^^^"),
        ("80/icmp", 3, 7, "    80/icmp\n       ^^^^"),
        ("80", 5, 9, "    80\n      ^"),  # clamped to the end
        ("\u00e9t\u00e9:80", 0, 3, "    \u00e9t\u00e9:80\n    ^^^"),  # printable, not ASCII
        ("a\tb", 1, 2, "    a\\tb\n     ^^"),
    ],
)
def test_caret_columns(text: str, start: int, end: int, expected: str) -> None:
    assert render_caret(text, start, end) == expected


def test_a_str_subclass_is_shown_by_its_characters() -> None:
    class Shown(str):
        def __str__(self) -> str:
            return "SHOWN-BY-STR"

        def __format__(self, spec: str) -> str:
            return "SHOWN-BY-FORMAT"

    assert render_caret(Shown("9000-8000"), 0, 9) == "    9000-8000\n    ^^^^^^^^^"


def test_control_characters_are_escaped_and_carets_stay_aligned() -> None:
    assert render_caret("a\nb\x00c", 2, 4) == "    a\\nb\\x00c\n       ^^^^^"


def test_errors_pickle_round_trip() -> None:
    exc = PortSpecError("invalid proto: icmp", text="80/icmp", span=(3, 7))
    back = pickle.loads(pickle.dumps(exc))
    assert type(back) is PortSpecError
    assert str(back) == str(exc)
    assert back.span == (3, 7)


@given(st.text(), st.integers(-5, 50), st.integers(-5, 50))
def test_caret_rendering_is_two_lines_and_carets_lie_under_the_text(
    text: str, start: int, end: int
) -> None:
    shown, carets = render_caret(text, start, end).split("\n")
    assert len(carets) <= len(shown) + 1
    assert carets.strip(" ") == "^" * len(carets.strip(" "))
    assert carets.count("^") >= 1
