"""Benchmark: a session of N linked ``docker run`` commands, per command, at two sizes.

The mix: N commands ``docker run -d -P --name cK --link c(K-1):prev training/webapp`` (the
first without ``--link``), each on the state the previous one left: a new name, a new
address on the default bridge, one ephemeral host port for the image's ``5000/tcp``, one
legacy link (profile ``28.5``, the newest release that sets link variables, so every start
also writes ``PREV_*`` variables and a hosts line for its link). The same session, measured
at four layers:

- ``engine``: :meth:`dockerlinks.engine.Engine.run` with a ``ContainerConfig`` per command;
- ``cli``: the docker CLI model, :func:`dockerlinks.client.docker` on a ``Session`` (flag
  parsing, the create request, the command's output);
- ``transcript``: one :func:`dockerlinks.transcript.replay` of the session as a transcript
  whose expected output is each container's ID (reading, replaying and checking);
- ``server``: docker-py's ``containers.run`` against a :class:`dockerlinks.server.DockerServer`
  on a Unix socket served by a thread of this process (create, inspect and start over HTTP;
  skipped when docker-py is not installed).

For each layer it prints the cost per command at N = 500 and N = 5,000 (``--quick``, for CI:
100 and 1,000, and 50 and 500 for the server) and the ratio of the larger's to the
smaller's, with the target: at most 1.3x, a session's cost linear in its length. Times are
``time.perf_counter``'s, the best of several rounds (a fresh engine each round, the rounds of
the two sizes alternating) taken per segment of 500 commands (``--quick``: 100): a session of
5,000 costs the sum of its ten segments' best times, so that a burst of load from other
processes on the machine spoils one segment of one round rather than a whole round. The
transcript layer is one call, timed whole (the most sensitive to such load). Prints; never
fails on time.

Usage: ``python benchmarks/bench_engine.py [--quick] [--layer NAME ...]``
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import time
from collections.abc import Callable

from dockerlinks.client import Session, docker
from dockerlinks.engine import ContainerConfig, Engine
from dockerlinks.transcript import replay

PROFILE = "28.5"
SEED = 7
IMAGE = "training/webapp"
PORT_RANGE = (32768, 60999)
TARGET = 1.3

SIZES = (500, 5000)
SEGMENT = 500
QUICK_SIZES = (100, 1000)
QUICK_SERVER_SIZES = (50, 500)
QUICK_SEGMENT = 100


class Laps:
    """The times of a session's segments: ``begin`` once set up, ``lap`` after each command."""

    def __init__(self, every: int) -> None:
        self.every = every
        self.times: list[float] = []
        self._last = 0.0

    def begin(self) -> None:
        self._last = time.perf_counter()

    def lap(self, done: int) -> None:
        if done % self.every == 0:
            now = time.perf_counter()
            self.times.append(now - self._last)
            self._last = now


#: A layer: runs a session of N commands, calling ``laps.begin()`` once set up and
#: ``laps.lap(done)`` after each command (the transcript layer: once, after the replay).
Layer = Callable[[int, Laps], None]


def argv_of(index: int) -> list[str]:
    """The ``docker`` arguments of the session's command number ``index``."""
    link = ["--link", f"c{index - 1}:prev"] if index else []
    return ["run", "-d", "-P", "--name", f"c{index}", *link, IMAGE]


def config_of(index: int) -> ContainerConfig:
    """The same command as the engine's create request."""
    return ContainerConfig(
        IMAGE,
        name=f"c{index}",
        detach=True,
        publish_all=True,
        links=(f"c{index - 1}:prev",) if index else (),
    )


def fresh_engine() -> Engine:
    return Engine.new(profile=PROFILE, seed=SEED, port_range=PORT_RANGE)


def engine_layer(n: int, laps: Laps) -> None:
    configs = [config_of(index) for index in range(n)]
    engine = fresh_engine()
    laps.begin()
    for index, config in enumerate(configs):
        engine, _ = engine.run(config)
        laps.lap(index + 1)


def cli_layer(n: int, laps: Laps) -> None:
    argvs = [argv_of(index) for index in range(n)]
    session = Session(fresh_engine())
    laps.begin()
    for index, argv in enumerate(argvs):
        session, result = docker(session, argv)
        if result.exit != 0:
            raise SystemExit(f"docker {' '.join(argv)} failed: {result.stderr}")
        laps.lap(index + 1)


_TRANSCRIPTS: dict[int, str] = {}


def transcript_text(n: int) -> str:
    """The session as a transcript, each command followed by the ID it prints (``run -d``
    prints the new container's ID): the IDs of the same session run on the engine."""
    if n not in _TRANSCRIPTS:
        engine = fresh_engine()
        lines = [f"# dockerlinks: profile {PROFILE}", f"# dockerlinks: seed {SEED}"]
        for index in range(n):
            engine, container = engine.run(config_of(index))
            lines += ["$ docker " + " ".join(argv_of(index)), container.id]
        _TRANSCRIPTS[n] = "\n".join(lines) + "\n"
    return _TRANSCRIPTS[n]


def transcript_layer(n: int, laps: Laps) -> None:
    text = transcript_text(n)
    laps.begin()
    result = replay(text)
    laps.lap(n)
    if not result.ok:
        raise SystemExit(f"the replay of {n} commands does not match the expected output")


def server_layer(n: int, laps: Laps) -> None:
    import docker as docker_py  # noqa: PLC0415 (optional: the layer is skipped without it)

    from dockerlinks.server import DockerServer  # noqa: PLC0415

    with DockerServer(profile=PROFILE, seed=SEED, port_range=PORT_RANGE) as server:
        client = docker_py.DockerClient(base_url=server.base_url)
        try:
            client.ping()  # connected and the API version agreed before the clock starts
            laps.begin()
            for index in range(n):
                client.containers.run(
                    IMAGE,
                    detach=True,
                    name=f"c{index}",
                    publish_all_ports=True,
                    links={f"c{index - 1}": "prev"} if index else None,
                )
                laps.lap(index + 1)
        finally:
            client.close()


LAYERS: dict[str, Layer] = {
    "engine": engine_layer,
    "cli": cli_layer,
    "transcript": transcript_layer,
    "server": server_layer,
}
WHOLE = frozenset(("transcript",))


def session_times(layer: Layer, n: int, segment: int) -> list[float]:
    """One round: the seconds of each segment of a session of ``n`` commands."""
    gc.collect()  # one round's garbage is not the next round's to collect
    laps = Laps(segment)
    layer(n, laps)
    if len(laps.times) * segment != n:
        raise SystemExit(f"{n} commands did not make {n // segment} segments")
    return laps.times


def bench_layer(name: str, sizes: tuple[int, int], segment: int, runs: int) -> float:
    """Print the per-command microseconds at both sizes; return the ratio. A size's time is
    the sum over its segments of each segment's best of ``runs`` rounds; the rounds of the
    two sizes alternate, so that the machine's load at any one time weighs on both."""
    best: dict[int, list[float]] = {}
    for _ in range(runs):
        for n in sizes:
            every = n if name in WHOLE else min(segment, n)
            times = session_times(LAYERS[name], n, every)
            best[n] = (
                [min(pair) for pair in zip(best[n], times, strict=True)] if n in best else times
            )
    small, large = sizes
    per_command = [sum(best[n]) / n * 1e6 for n in sizes]
    ratio = per_command[1] / per_command[0]
    verdict = "met" if ratio <= TARGET else "NOT met"
    print(
        f"{name:<11} N={small:<5,d} {per_command[0]:8.1f} us/command   "
        f"N={large:<6,d} {per_command[1]:8.1f} us/command   "
        f"ratio {ratio:.2f}x (target <= {TARGET}x: {verdict})",
        flush=True,
    )
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="smaller sessions, fewer runs (CI)")
    parser.add_argument(
        "--layer", action="append", choices=tuple(LAYERS), help="measure only this layer"
    )
    args = parser.parse_args()
    runs = 2 if args.quick else 3
    segment = QUICK_SEGMENT if args.quick else SEGMENT
    print(
        f"docker run -d -P --name cK --link c(K-1):prev {IMAGE}, profile {PROFILE}; "
        f"best of {runs} rounds per segment of {segment} commands"
    )
    ratios = {}
    for name in args.layer or list(LAYERS):
        if name == "server" and importlib.util.find_spec("docker") is None:
            print("server      skipped: docker-py is not installed (pip install docker)")
            continue
        sizes = QUICK_SIZES if args.quick else SIZES
        layer_runs = runs
        if name == "server":
            sizes = QUICK_SERVER_SIZES if args.quick else SIZES
            layer_runs = 1 if args.quick else 2  # about 10 ms a command: HTTP, three calls
        ratios[name] = bench_layer(name, sizes, segment, layer_runs)
    missed = [name for name, ratio in ratios.items() if ratio > TARGET]
    print("all targets met" if not missed else f"target NOT met: {', '.join(missed)}")


if __name__ == "__main__":
    main()
