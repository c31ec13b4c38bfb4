"""``dockerlinks replay FILE``: replay a docker terminal session against the engine model.

Prints the replayed transcript (each command echoed, then the model's output). With
``--check`` it compares each command's expected lines with the model's output and exits 1 on
a mismatch, printing a report of every difference on stderr.
"""

from __future__ import annotations

import argparse
import sys

from dockerlinks.transcript import TranscriptError, replay

__all__ = ["add_parser", "run"]


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


def run(args: argparse.Namespace) -> int:
    """Replay ``args.file``; returns the exit status."""
    if args.file == "-":
        text = sys.stdin.read()
    else:
        with open(args.file, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
    try:
        result = replay(text, profile=args.profile, seed=args.seed)
    except TranscriptError as exc:
        print(f"dockerlinks: error: {exc.docker_message}", file=sys.stderr)
        return 2
    sys.stdout.write(result.output)
    if not args.check:
        return 0
    for mismatch in result.mismatches:
        print(f"{args.file}:{mismatch.line}: output differs: {mismatch.command}", file=sys.stderr)
        for line in mismatch.expected:
            print(f"  - {line}", file=sys.stderr)
        for line in mismatch.actual:
            print(f"  + {line}", file=sys.stderr)
    return 0 if result.ok else 1
