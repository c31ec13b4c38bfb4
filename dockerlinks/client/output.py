"""What ``docker ps`` and ``docker network ls`` print: tables, ``--format`` placeholders, Go's
tabwriter.

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

``.Networks`` joins the names of the networks the container is configured for (the CLI
ranges over a Go map: with several networks its order varies; here it is by name).

The default format is ``table {{.ID}}\\t{{.Image}}\\t{{.Command}}\\t{{.RunningFor}}\\t{{.Status}}
\\t{{.Ports}}\\t{{.Names}}``. A ``table`` format prints the headers first; cells are aligned
by Go's ``text/tabwriter`` with minwidth 10, padding 3 (every cell but a row's last padded).
The model has no clock: every duration is "Less than a second".

``docker network ls`` rows (docker/cli ``cli/command/network/formatter.go``; the CLI sorts the
daemon's list by name, ``sortorder.NaturalLess``)::

    placeholder   header      value
    ------------  ----------  -----------------------------------------------------------
    .ID           NETWORK ID  first 12 hex of the ID (all 64 with --no-trunc)
    .Name         NAME        the name
    .Driver       DRIVER      bridge, host, null
    .Scope        SCOPE       local
    .IPv4         IPV4        "false" (the 20.10 daemon sends no EnableIPv4; CLI v28+ only)
    .IPv6         IPV6        "true" / "false"
    .Internal     INTERNAL    "true" / "false"
    .Labels       LABELS      key=value,... (sorted here; a Go map's order in Docker)
    .CreatedAt    CREATED AT  Go's time.Time String() of Created

The default format is ``table {{.ID}}\\t{{.Name}}\\t{{.Driver}}\\t{{.Scope}}``; ``{{json .}}``
prints every placeholder, keys sorted (the formatter's MarshalJSON builds a map).

What this module must not know: how the list is chosen (:mod:`dockerlinks.client.commands`).
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Sequence

from dockerlinks.display import _natural_less as natural_less
from dockerlinks.display import ps_entries, ps_ports
from dockerlinks.engine.container import Container
from dockerlinks.engine.gotemplate import GoStruct, Template
from dockerlinks.engine.network import Network
from dockerlinks.profiles import Profile

__all__ = ["DEFAULT_FORMAT", "network_ls_output", "ps_output", "status_text", "tabwrite"]

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
            ("Networks", ",".join(sorted(a.network for a in container.networks))),
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


NETWORK_FORMAT = "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}"
_NETWORK_HEADERS = {
    "ID": "NETWORK ID",
    "Name": "NAME",
    "Driver": "DRIVER",
    "Scope": "SCOPE",
    "IPv4": "IPV4",
    "IPv6": "IPV6",
    "Internal": "INTERNAL",
    "Labels": "LABELS",
    "CreatedAt": "CREATED AT",
}


def go_time_string(epoch: int, tick: int) -> str:
    """Go's ``time.Time.String()`` of a UTC time (whole seconds: no fraction).

    >>> go_time_string(1767225600, 5)
    '2026-01-01 00:00:05 +0000 UTC'
    """
    moment = datetime.datetime.fromtimestamp(epoch + tick, tz=datetime.UTC)
    return moment.strftime("%Y-%m-%d %H:%M:%S +0000 UTC")


def _network_row(network: Network, created: str, no_trunc: bool, profile: Profile) -> GoStruct:
    labels = ",".join(f"{k}={v}" for k, v in sorted(network.labels))
    fields: list[tuple[str, str]] = [
        ("CreatedAt", created),
        ("Driver", network.driver),
        ("ID", network.id if no_trunc else network.id[:12]),
    ]
    if profile.cli.network_ipv4:
        fields.append(("IPv4", "false"))
    fields += [
        ("IPv6", "false"),
        ("Internal", "true" if network.internal else "false"),
        ("Labels", labels),
        ("Name", network.name),
        ("Scope", "local"),
    ]
    return GoStruct(tuple(fields), type_name="*network.networkContext")


def network_ls_output(
    rows: Sequence[tuple[Network, str]],
    *,
    format: str | None,
    quiet: bool,
    no_trunc: bool,
    profile: Profile,
) -> list[str]:
    """The lines ``docker network ls`` prints for ``rows`` (network, its ``CreatedAt`` text),
    in the CLI's order (natural sort of the names)."""
    ordered = sorted(rows, key=functools.cmp_to_key(_by_name))
    if quiet:
        return [n.id if no_trunc else n.id[:12] for n, _ in ordered]
    text = format or NETWORK_FORMAT
    table = text.startswith("table")
    if table:
        text = text[len("table") :].lstrip(" ")
    template = Template(text.replace("\\t", "\t").replace("\\n", "\n"))
    rendered = [
        template.execute(_network_row(n, created, no_trunc, profile)) for n, created in ordered
    ]
    if not table:
        return [line for out in rendered for line in out.split("\n")]
    header = _FIELD.sub(lambda m: _NETWORK_HEADERS.get(m.group(1), m.group(1).upper()), text)
    header = header.replace("\\t", "\t")
    cells = [header.split("\t")] + [out.split("\t") for out in rendered]
    return tabwrite(cells)


def _by_name(a: tuple[Network, str], b: tuple[Network, str]) -> int:
    if natural_less(a[0].name, b[0].name):
        return -1
    return 1 if natural_less(b[0].name, a[0].name) else 0
