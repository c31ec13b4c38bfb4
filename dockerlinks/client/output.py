"""What ``docker ps`` prints: the table, ``--format`` placeholders, Go's tabwriter.

``docker ps`` rows (docker/cli ``cli/command/formatter/container.go``; data: the daemon's
container list)::

    placeholder   header        value
    ------------  ------------  ---------------------------------------------------------
    .ID           CONTAINER ID  first 12 hex of the ID (all 64 with --no-trunc)
    .Image        IMAGE         the image as given to docker run
    .Command      COMMAND       the command line, cut to 20 characters with "…", quoted
    .CreatedAt    CREATED AT    the creation time
    .RunningFor   CREATED       "<duration> ago"
    .Ports        PORTS         dockerlinks.display.ps_ports of the list entry's Ports
    .State        STATE         created, running, exited
    .Status       STATUS        the daemon's status text
    .Names        NAMES         the names without "/": only the container's own unless
                                --no-trunc (link names such as web/db too)
    .Size .Labels .Mounts .Networks .LocalVolumes (modelled as empty)

The default format is ``table {{.ID}}\\t{{.Image}}\\t{{.Command}}\\t{{.RunningFor}}\\t{{.Status}}
\\t{{.Ports}}\\t{{.Names}}``. A ``table`` format prints the headers first; cells are aligned
by Go's ``text/tabwriter`` with minwidth 10, padding 3 (every cell but a row's last padded).
The model has no clock: every duration is "Less than a second".

What this module must not know: how the list is chosen (:mod:`dockerlinks.client.commands`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from dockerlinks.display import ps_entries, ps_ports
from dockerlinks.engine.container import Container
from dockerlinks.engine.gotemplate import GoStruct, Template
from dockerlinks.profiles import Profile

__all__ = ["DEFAULT_FORMAT", "ps_output", "status_text", "tabwrite"]

DEFAULT_FORMAT = (
    "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}"
)
_HEADERS = {
    "ID": "CONTAINER ID",
    "Image": "IMAGE",
    "Command": "COMMAND",
    "CreatedAt": "CREATED AT",
    "RunningFor": "CREATED",
    "Ports": "PORTS",
    "State": "STATE",
    "Status": "STATUS",
    "Size": "SIZE",
    "Names": "NAMES",
    "Labels": "LABELS",
    "Mounts": "MOUNTS",
    "Networks": "NETWORKS",
    "LocalVolumes": "LOCAL VOLUMES",
}
DURATION = "Less than a second"


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


def status_text(container: Container) -> str:
    """The daemon's status text (moby ``container/state.go``)."""
    if container.status == "running":
        return f"Up {DURATION}"
    if container.status == "exited":
        return f"Exited ({container.exit_code}) {DURATION} ago"
    return "Created"


def _row(container: Container, names: Sequence[str], no_trunc: bool, profile: Profile) -> GoStruct:
    shown = list(names) if no_trunc else [n for n in names if "/" not in n][:1]
    ports = ""
    if container.running or container.ports.entries:
        ports = ps_ports(ps_entries(container.ports), profile=profile)
    return GoStruct(
        (
            ("ID", container.id if no_trunc else container.short_id),
            ("Image", container.image),
            ("Command", _command(container.cmd, no_trunc)),
            ("CreatedAt", "2026-12-01 00:00:00 +0000 UTC"),
            ("RunningFor", f"{DURATION} ago"),
            ("Ports", ports),
            ("State", container.status),
            ("Status", status_text(container)),
            ("Size", "0B"),
            ("Names", ",".join(shown)),
            ("Labels", ""),
            ("Mounts", ""),
            ("Networks", "bridge" if container.network_mode in ("default", "bridge") else ""),
            ("LocalVolumes", "0"),
        )
    )


_FIELD = re.compile(r"\{\{\s*\.([A-Za-z]+)\s*\}\}")


def ps_output(
    rows: Sequence[tuple[Container, Sequence[str]]],
    *,
    format: str | None,
    quiet: bool,
    no_trunc: bool,
    profile: Profile,
) -> list[str]:
    """The lines ``docker ps`` prints for ``rows`` (container, its names without ``/``)."""
    if quiet:
        return [c.id if no_trunc else c.short_id for c, _ in rows]
    text = format or DEFAULT_FORMAT
    table = text.startswith("table")
    if table:
        text = text[len("table") :].lstrip(" ")
    template = Template(text.replace("\\t", "\t").replace("\\n", "\n"))
    rendered = [template.render(_row(c, names, no_trunc, profile)) for c, names in rows]
    if not table:
        return [line for out in rendered for line in out.split("\n")]
    header = _FIELD.sub(lambda m: _HEADERS.get(m.group(1), m.group(1).upper()), text)
    header = header.replace("\\t", "\t")
    cells = [header.split("\t")] + [out.split("\t") for out in rendered]
    return tabwrite(cells)
