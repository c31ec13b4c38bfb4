"""Frames, log lines and a terminal's line editing (dockerlinks/server/streams.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dockerlinks.engine.container import LogEntry
from dockerlinks.server.streams import (
    LineEditor,
    banner,
    frame,
    log_lines,
    program_chunks,
    prompt,
    timestamp,
    tty_output,
)


def test_a_frame_is_moby_s_stdcopy_header_and_payload() -> None:
    # the recorded attach stream of `docker run ... env`: stream 1, length 0x132 (306)
    data = b"x" * 306
    assert frame("stdout", data)[:8] == b"\x01\x00\x00\x00\x00\x00\x01\x32"
    assert frame("stderr", b"")[:8] == b"\x02\x00\x00\x00\x00\x00\x00\x00"


@pytest.mark.parametrize(
    ("stdout", "stderr", "tty", "streams", "chunks"),
    [
        (
            "out\n",
            "err\n",
            False,
            ("stdout", "stderr"),
            [frame("stderr", b"err\n"), frame("stdout", b"out\n")],
        ),
        ("out\n", "err\n", False, ("stdout",), [frame("stdout", b"out\n")]),
        ("out\n", "err\n", True, ("stdout", "stderr"), [b"err\r\nout\r\n"]),
        ("", "", False, ("stdout", "stderr"), []),
        ("a\r\nb", "", True, ("stdout",), [b"a\r\nb"]),
    ],
)
def test_a_program_s_output_on_a_stream(
    stdout: str, stderr: str, tty: bool, streams: tuple[str, ...], chunks: list[bytes]
) -> None:
    assert program_chunks(stdout, stderr, tty=tty, streams=streams) == chunks


def test_a_long_output_is_cut_into_frames() -> None:
    chunks = program_chunks("x" * (3 << 20), "", tty=False)
    assert len(chunks) == 3
    assert b"".join(c[8:] for c in chunks) == b"x" * (3 << 20)


ENTRIES = (
    LogEntry("stdout", "one\ntwo\n"),
    LogEntry("stderr", "oops\n"),
    LogEntry("stdout", "three\npartial"),
)


@pytest.mark.parametrize(
    ("stdout", "stderr", "tail", "lines"),
    [
        (True, True, -1, ["one\n", "two\n", "oops\n", "three\n", "partial"]),
        (True, False, -1, ["one\n", "two\n", "three\n", "partial"]),
        (False, True, -1, ["oops\n"]),
        (True, True, 2, ["three\n", "partial"]),
        (False, True, 2, []),  # the tail counts every line of the log, then the streams
        (True, True, 0, []),
    ],
)
def test_log_lines(stdout: bool, stderr: bool, tail: int, lines: list[str]) -> None:
    got = log_lines(ENTRIES, stdout=stdout, stderr=stderr, tail=tail, tty=True)
    assert got == [line.encode() for line in lines]


def test_log_lines_are_framed_and_stamped() -> None:
    stamp = timestamp(1767225605)
    got = log_lines(ENTRIES[:1], stdout=True, stderr=True, tail=-1, tty=False, time=stamp)
    assert got == [
        frame("stdout", b"2026-01-01T00:00:05.000000000Z one\n"),
        frame("stdout", b"2026-01-01T00:00:05.000000000Z two\n"),
    ]


def test_a_terminal_s_newlines() -> None:
    assert tty_output("a\nb\r\nc") == "a\r\nb\r\nc"


@pytest.mark.parametrize(
    ("typed", "lines", "echo", "pending"),
    [
        ("echo hi\r", ("echo hi",), "echo hi\r\n", ""),
        ("ab\x7fc\n", ("ac",), "ab\b \bc\r\n", ""),
        ("\x7f\x7fx", (), "x", "x"),
        ("abc\x15d\r", ("d",), "abc" + "\b \b" * 3 + "d\r\n", ""),
        ("ls\x1b[Ax\r", ("lsx",), "lsx\r\n", ""),
        ("ls\x1bOBx", (), "lsx", "lsx"),
        ("a\r\nb\r", ("a", "", "b"), "a\r\n\r\nb\r\n", ""),
        ("abc\x03d", (), "abc^C\r\nd", "d"),
    ],
)
def test_line_editing(typed: str, lines: tuple[str, ...], echo: str, pending: str) -> None:
    editor, done = LineEditor().feed(typed)
    assert (done.lines, done.echo, editor.pending) == (lines, echo, pending)


def test_control_d_on_an_empty_line_ends_the_input() -> None:
    _, done = LineEditor().feed("exit 1\r\x04")
    assert done.lines == ("exit 1",)
    assert done.eof
    _, done = LineEditor().feed("x\x04")
    assert not done.eof


@given(st.text(alphabet="ab \r\n\x7f\x03\x1b[A", max_size=40), st.integers(1, 7))
def test_how_keys_arrive_does_not_change_what_they_do(typed: str, size: int) -> None:
    whole_editor, whole = LineEditor().feed(typed)
    editor = LineEditor()
    lines: list[str] = []
    echo = ""
    for start in range(0, len(typed), size):
        editor, done = editor.feed(typed[start : start + size])
        lines.extend(done.lines)
        echo += done.echo
    assert (tuple(lines), echo, editor.pending) == (whole.lines, whole.echo, whole_editor.pending)


def test_a_line_is_bounded() -> None:
    editor, done = LineEditor(limit=5).feed("x" * 100)
    assert editor.pending == "xxxxx"
    assert done.echo == "xxxxx"


def test_prompts() -> None:
    assert prompt("gnu", "aed84ee21bde", "/") == "root@aed84ee21bde:/# "
    assert prompt("busybox", "aed84ee21bde", "/opt/webapp") == "/opt/webapp # "
    assert banner("gnu") == ""
    assert banner("busybox").startswith("\r\n\r\nBusyBox v1.35.0")
