"""``dockerlinks replay FILE``: replay a docker terminal session against the engine model.

What it must not know: the docker CLI's or the daemon's rules (:mod:`dockerlinks.transcript`
and the engine hold them); it reads, prints and picks exit codes.

Prints the replayed transcript (each command echoed, then the model's output). With
``--check`` it compares each command's expected lines with the model's output and exits 1 on
a mismatch, printing a report of every difference on stderr; a directive the replay refuses
(an unknown word such as ``# dockerlinks: profle 28.5``, an image it cannot read) is a
mismatch too, unless its refusal is written under it.

Input and output are bytes, whatever the locale: FILE (or standard input for ``-``) is read
as UTF-8 (a leading byte-order mark dropped), at most ``MAX_FILE_BYTES``, from a regular file
or a pipe; anything else (a device, a directory, bytes that are not UTF-8) is one error line
naming the problem (for bad bytes: the first one's offset, line and column) and exit
status 2. Output is written as UTF-8. A replay that stops part way (``ReplayError``) first
prints everything it replayed. A reader that closes the pipe (``replay FILE | head``) ends
the command quietly with status 141, as Unix tools end on SIGPIPE.
"""

from __future__ import annotations

import argparse
import sys

from dockerlinks.cli._streams import read_input, reader_gone, write
from dockerlinks.errors import DockerLinksError
from dockerlinks.transcript import MAX_TRANSCRIPT, ReplayError, TranscriptError, replay

__all__ = ["MAX_FILE_BYTES", "add_parser", "decode_transcript", "run"]

#: The largest transcript file read (bytes): the transcript limit at one byte a character.
MAX_FILE_BYTES = MAX_TRANSCRIPT


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register the ``replay`` subcommand."""
    parser = subparsers.add_parser(
        "replay",
        help="replay a docker terminal session against the engine model",
        description="Replay a transcript of docker commands; print Docker's answers.",
    )
    parser.add_argument("file", metavar="FILE", help="the transcript ('-' for standard input)")
    parser.add_argument(
        "--profile", choices=("modern", "classic"), default=None, help="Docker to model"
    )
    parser.add_argument("--seed", type=int, default=None, help="seed of IDs and generated names")
    parser.add_argument(
        "--check", action="store_true", help="compare the expected output; exit 1 on mismatch"
    )


def decode_transcript(data: bytes, shown: str) -> str:
    """``data`` as UTF-8 text (a leading BOM dropped), or a :class:`TranscriptError` naming
    the first byte that is not UTF-8.

    >>> decode_transcript(b"$ docker ps\\n", "t.txt")
    '$ docker ps\\n'
    >>> decode_transcript(b"$ docker ps\\n# dockerlinks: file a A=\\xff\\n", "t.txt")
    Traceback (most recent call last):
    ...
    dockerlinks.errors.TranscriptError: cannot read t.txt: not UTF-8 text: byte 0xff ...
    """
    if not isinstance(data, bytes) or not isinstance(shown, str):
        raise TranscriptError(
            f"decode_transcript takes bytes and a name, not {type(data).__name__} and "
            f"{type(shown).__name__}"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        raise TranscriptError(
            f"cannot read {shown}: not UTF-8 text: byte 0x{data[exc.start]:02x} at offset "
            f"{exc.start} (line {line}, column {exc.start - line_start + 1})"
        ) from None


def run(args: argparse.Namespace) -> int:
    """Replay ``args.file``; returns the exit status."""
    try:
        try:
            text = decode_transcript(
                read_input(args.file, MAX_FILE_BYTES, TranscriptError), args.file
            )
            result = replay(text, profile=args.profile, seed=args.seed)
        except ReplayError as exc:
            write(sys.stdout, exc.output)
            write(sys.stderr, f"dockerlinks: error: {exc.docker_message}\n")
            return 2
        except DockerLinksError as exc:  # a seed or profile directive, bytes that are not UTF-8
            write(sys.stderr, f"dockerlinks: error: {exc.docker_message}\n")
            return 2
        write(sys.stdout, result.output)
    except BrokenPipeError:
        return reader_gone()
    if not args.check:
        return 0
    report: list[str] = []
    for mismatch in result.mismatches:
        report.append(f"{args.file}:{mismatch.line}: output differs: {mismatch.command}")
        report.extend(f"  - {line}" for line in mismatch.expected)
        report.extend(f"  + {line}" for line in mismatch.actual)
    if report:
        write(sys.stderr, "\n".join(report) + "\n")
    return 0 if result.ok else 1
