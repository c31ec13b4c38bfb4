"""``docker ps`` rows and ``docker port`` output for the engine's containers.

``docker ps`` table (docker/cli formatter; ``text/tabwriter`` with minwidth 10, padding 3)::

    column        value
    ------------  ---------------------------------------------------------------
    CONTAINER ID  first 12 hex of the ID (all 64 with --no-trunc)
    IMAGE         the image as given to docker run
    COMMAND       the command line, cut to 20 characters with "…", then quoted
    CREATED       "Less than a second ago" (the model has no clock)
    STATUS        "Up Less than a second", "Exited (N) Less than a second ago",
                  "Created"
    PORTS         dockerlinks.display.ps_ports of the running container's ports
    NAMES         the container's names without "/"; link names (web/db) only
                  with --no-trunc

Selection: running containers, newest first; ``-a`` adds stopped and created ones; ``-l``
shows only the most recently created container, whatever its state; ``-q`` prints IDs only.
The PORTS column and ``docker port`` output come from :mod:`dockerlinks.display`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dockerlinks.errors import DockerLinksError

__all__ = ["port_output", "ps_lines", "tabwrite"]

_HEADER = ("CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES")


def tabwrite(rows: Sequence[Sequence[str]], *, minwidth: int = 10, padding: int = 3) -> list[str]:
    """Align cells as Go's ``tabwriter`` (every cell but a row's last is padded).

    >>> tabwrite([["A", "B"], ["long-cell-x", "C"]])
    ['A              B', 'long-cell-x    C']
    """
    widths: list[int] = []
    for row in rows:
        for index, cell in enumerate(row[:-1]):
            width = max(len(cell) + padding, minwidth)
            if index < len(widths):
                widths[index] = max(widths[index], width)
            else:
                widths.append(width)
    return [
        "".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:-1])) + (row[-1] if row else "")
        for row in rows
    ]


def _command(cmd: Sequence[str], no_trunc: bool) -> str:
    text = " ".join(cmd)
    if not no_trunc and len(text) > 20:
        text = text[:19] + "…"
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _status(container: Any) -> str:
    if container.status == "running":
        return "Up Less than a second"
    if container.status == "exited":
        return f"Exited ({container.exit_code}) Less than a second ago"
    return "Created"


def ps_lines(
    engine: Any,
    *,
    all: bool = False,
    latest: bool = False,
    quiet: bool = False,
    no_trunc: bool = False,
) -> list[str]:
    """The lines ``docker ps`` prints for the engine."""
    from dockerlinks.display import ps_entries, ps_ports

    containers = sorted(engine.containers, key=lambda c: c.created, reverse=True)
    if latest:
        containers = containers[:1]
    elif not all:
        containers = [c for c in containers if c.running]
    if quiet:
        return [c.id if no_trunc else c.short_id for c in containers]
    rows = [list(_HEADER)]
    for container in containers:
        names = [container.bare_name]
        if no_trunc:
            names += [link.name[1:] for link in engine.child_links(container)]
        ports = ""
        if container.running:
            ports = ps_ports(ps_entries(container.ports), profile=engine.profile)
        rows.append(
            [
                container.id if no_trunc else container.short_id,
                container.image,
                _command(container.cmd, no_trunc),
                "Less than a second ago",
                _status(container),
                ports,
                ",".join(names),
            ]
        )
    return tabwrite(rows)


def port_output(engine: Any, args: Sequence[str]) -> list[str]:
    """The lines ``docker port CONTAINER [PRIVATE_PORT[/PROTO]]`` prints."""
    from dockerlinks.display import port_lines
    from dockerlinks.engine.state import EngineError

    try:
        container = engine.get(args[0])
    except EngineError as exc:
        return [f"Error response from daemon: {exc.docker_message}"]
    private = args[1] if len(args) > 1 else None
    try:
        text = port_lines(container.ports, private, container=args[0], profile=engine.profile)
    except DockerLinksError as exc:
        return [exc.docker_message]
    return text.splitlines()
