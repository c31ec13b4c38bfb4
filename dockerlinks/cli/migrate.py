"""``dockerlinks migrate FILE``: the same setup on a user-defined network, off legacy links.

What it must not know: how a setup is migrated (:mod:`dockerlinks.migrate` decides); it reads,
writes and picks exit codes.

FILE (``-`` for standard input) is a compose file or a transcript of ``docker`` commands:
``--form`` says which, else a name ending in ``.yml`` / ``.yaml`` / ``.json`` is a compose
file, and text with a ``$ `` command line is a transcript. The migrated text goes to
standard output, or to ``-o OUT``; ``--dry-run`` prints the unified diff instead and writes
nothing. The report (what could not be carried over, secrets held back) goes to standard
error, one note a line. A compose file's project name, where it has no ``name``, is its
directory's name, as Compose names it.

Exit status: 0 migrated (notes or not); 2 a usage error, an unreadable file, or input that
is not a compose file or transcript.
"""

from __future__ import annotations

import argparse
import os
import sys

import dockerlinks.migrate as migration
from dockerlinks.cli._parser import OPTIONAL_MODULES, UsageError, missing_extra
from dockerlinks.cli._streams import read_input, reader_gone, write
from dockerlinks.engine.images import Image, parse_image_directive
from dockerlinks.errors import DockerLinksError, TranscriptError
from dockerlinks.migrate import (
    DEFAULT_NETWORK,
    DEFAULT_SOURCE_PROFILE,
    KEEP,
    Migration,
    migrate_transcript,
)
from dockerlinks.transcript import MAX_TRANSCRIPT

__all__ = ["add_parser", "detect_form", "run"]

#: The largest input read (bytes).
MAX_FILE_BYTES = MAX_TRANSCRIPT
_COMPOSE_SUFFIXES = (".yml", ".yaml", ".json")


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register the ``migrate`` subcommand."""
    parser = subparsers.add_parser(
        "migrate",
        help="move a compose file or docker run transcript off legacy links",
        description="Write the same setup on a user-defined network: links become network "
        "aliases, the link variables explicit environment entries with DNS names.",
    )
    parser.add_argument("file", metavar="FILE", help="compose file or transcript ('-': stdin)")
    parser.add_argument("-o", "--output", metavar="OUT", help="write the result to OUT")
    parser.add_argument(
        "--keep",
        choices=KEEP,
        default="all",
        help="which link variables to write: all, those the service refers to, none",
    )
    parser.add_argument("--dry-run", action="store_true", help="print a unified diff only")
    parser.add_argument(
        "--forward-secrets",
        action="store_true",
        help="also copy another service's secret-looking variables (ALIAS_ENV_*)",
    )
    parser.add_argument(
        "--profile",
        default=None,
        metavar="P",
        help=f"the Docker release the input ran on (default: {DEFAULT_SOURCE_PROFILE}, or a "
        "transcript's profile directive)",
    )
    parser.add_argument("--form", choices=("compose", "transcript"), default=None)
    parser.add_argument(
        "--network",
        default=DEFAULT_NETWORK,
        help=f"the network a transcript creates (default: {DEFAULT_NETWORK})",
    )
    parser.add_argument(
        "--image",
        action="append",
        default=[],
        metavar="SPEC",
        help="an image's EXPOSE and ENV: 'NAME [expose=PORTS] [env=K=V]...' (repeatable)",
    )


def detect_form(name: str, text: str) -> str:
    """Which form the input is (module rule).

    >>> detect_form("compose.yaml", "$ x"), detect_form("-", "$ docker ps\\n")
    ('compose', 'transcript')
    >>> detect_form("setup", "services: {}\\n")
    'compose'
    """
    if name.lower().endswith(_COMPOSE_SUFFIXES):
        return "compose"
    for line in text.splitlines():
        if line.startswith(("$ ", "# dockerlinks:")):
            return "transcript"
    return "compose"


def _decode(data: bytes, shown: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TranscriptError(
            f"cannot read {shown}: not UTF-8 text: byte 0x{data[exc.start]:02x} at offset "
            f"{exc.start}"
        ) from None


def migrate_text(args: argparse.Namespace, text: str) -> Migration:
    """Migrate ``text`` with the command's options."""
    images: list[Image] = [parse_image_directive(spec) for spec in args.image]
    form = args.form or detect_form(args.file, text)
    if form == "transcript":
        return migrate_transcript(
            text,
            keep=args.keep,
            forward_secrets=args.forward_secrets,
            profile=args.profile,
            network=args.network,
            images=images,
        )
    try:
        # loaded on first use: compose files need PyYAML (an optional extra), transcripts not
        migrate_compose = migration.migrate_compose
    except ModuleNotFoundError as exc:
        if exc.name not in OPTIONAL_MODULES:
            raise
        raise UsageError(
            f"dockerlinks migrate: error: {missing_extra(exc.name, 'a compose file')}"
        ) from None
    directory = os.path.basename(os.path.dirname(os.path.abspath(args.file)))
    if args.file == "-":
        directory = os.path.basename(os.getcwd())
    return migrate_compose(
        text,
        keep=args.keep,
        forward_secrets=args.forward_secrets,
        profile=args.profile or DEFAULT_SOURCE_PROFILE,
        project=directory,
        filename=args.file,
        images=images,
    )


def run(args: argparse.Namespace) -> int:
    """Migrate ``args.file``; returns the exit status."""
    try:
        text = _decode(read_input(args.file, MAX_FILE_BYTES, TranscriptError), args.file)
        result = migrate_text(args, text)
    except DockerLinksError as exc:
        write(sys.stderr, f"dockerlinks: error: {' '.join(exc.docker_message.split())}\n")
        return 2
    try:
        if args.dry_run:
            write(sys.stdout, result.diff(args.file))
        elif args.output:
            with open(args.output, "w", encoding="utf-8", newline="") as handle:
                handle.write(result.text)
        else:
            write(sys.stdout, result.text)
        if result.notes:
            write(sys.stderr, result.report())
    except BrokenPipeError:
        return reader_gone()
    return 0
