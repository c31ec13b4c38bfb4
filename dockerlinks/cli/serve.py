"""``dockerlinks serve``: the engine model behind the Docker Engine API, in the foreground.

What it must not know: how the Engine API is answered (:mod:`dockerlinks.server`); it parses
options, listens and stops on a signal.

Listens on a Unix socket (``--socket PATH``, created 0600) or a loopback TCP port (``--tcp
HOST:PORT``; other addresses only with ``--allow-remote``); without either, on a socket in a
new private directory. Prints ``DOCKER_HOST=…`` on standard output once it listens (one
line, so ``export $(dockerlinks serve … &)`` style scripts can read it) and serves until
interrupted (SIGINT or SIGTERM: exit 0). A shell starts a background job (``serve … &`` in a
script) with SIGINT ignored, and ``serve`` leaves it ignored, as programs should: stop such a
job with SIGTERM (``kill %1``). ``--port-range`` defaults to the kernel's
ephemeral range, read as the profile's dockerd reads it; ``--images FILE`` adds the images
a file of ``# dockerlinks: image …`` lines declares (at most ``MAX_IMAGES_BYTES``).
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from types import FrameType

from dockerlinks.cli._streams import read_input
from dockerlinks.errors import DockerLinksError
from dockerlinks.profiles import get_profile
from dockerlinks.server import DockerServer, parse_image_lines, parse_port_range
from dockerlinks.server.server import print_line

__all__ = ["MAX_IMAGES_BYTES", "add_parser", "run"]

#: The largest ``--images`` file read (bytes).
MAX_IMAGES_BYTES = 4 << 20


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register the ``serve`` subcommand."""
    parser = subparsers.add_parser(
        "serve",
        help="serve the engine model as a Docker daemon (Engine API)",
        description="Serve the engine model behind the Docker Engine API.",
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--socket", metavar="PATH", help="listen on a Unix socket (mode 0600)")
    where.add_argument("--tcp", metavar="HOST:PORT", help="listen on a loopback TCP port")
    parser.add_argument(
        "--allow-remote", action="store_true", help="allow --tcp on a non-loopback address"
    )
    parser.add_argument("--profile", default=None, help="the Docker release to model (20.10, …)")
    parser.add_argument("--seed", type=int, default=0, help="seed of IDs and generated names")
    parser.add_argument(
        "--port-range",
        metavar="LOW-HIGH",
        default=None,
        help="ephemeral host ports (default: the kernel's, as dockerd reads them)",
    )
    parser.add_argument(
        "--images", metavar="FILE", default=None, help="image directives to add to the catalog"
    )
    parser.add_argument(
        "--clock",
        choices=("wall", "engine"),
        default="wall",
        help="times from the wall clock, or the engine's ticks (repeatable answers)",
    )
    parser.add_argument("--verbose", action="store_true", help="log each request on stderr")


def _images(path: str | None) -> list[object]:
    if path is None:
        return []
    data = read_input(path, MAX_IMAGES_BYTES, DockerLinksError)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DockerLinksError(f"cannot read {path}: not UTF-8 text") from None
    return list(parse_image_lines(text, source=path))


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted; returns the exit status."""
    profile = get_profile(args.profile)
    port_range = parse_port_range(args.port_range) if args.port_range is not None else None
    server = DockerServer(
        socket_path=args.socket,
        tcp=args.tcp,
        allow_remote=args.allow_remote,
        profile=profile,
        seed=args.seed,
        images=_images(args.images),  # type: ignore[arg-type]
        port_range=port_range,
        clock=args.clock,
        log=print_line if args.verbose else None,
    )
    stopped = threading.Event()

    def stop(signum: int, frame: FrameType | None) -> None:
        del signum, frame
        stopped.set()

    previous = signal.signal(signal.SIGTERM, stop)
    server.start()
    try:
        sys.stdout.write(f"DOCKER_HOST={server.docker_host}\n")
        sys.stdout.flush()
        print_line(
            f"dockerlinks: serving Docker {server.identity.version} (API "
            f"{server.identity.api_version}) on {server.docker_host}"
        )
        while not stopped.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        signal.signal(signal.SIGTERM, previous)
    return 0
