"""``dockerlinks render [FILE]``: what each service gets: bindings, link env, hosts, links.

The project is loaded as ``check`` loads it (as Compose v2 does). Exit status: 0 rendered;
1 the project has errors (listed on stderr as ``check`` lists them); 2 the project cannot be
read or loaded, an unknown ``--service``, or a usage error. Takes the options of ``check``
(``-f``, ``--project-directory``, ``--env-file``, ``--profile``, ``--docker-profile``,
``--loader``). A reader that stops early (``render | head``) ends it quietly.

Secrets: ``--mask-secrets`` prints ``********`` for the value of every ``ALIAS_ENV_NAME``
whose NAME looks secret; a bare ``environment: [NAME]`` takes this process's value only with
``--show-environ`` (without it such a variable is unset, so the runner's own values are never
printed).
"""

from __future__ import annotations

import argparse
import json
import sys

import attrs

from dockerlinks.cli._streams import reader_gone
from dockerlinks.cli.check import add_project_options, docker_profile, load_project_args, refuse
from dockerlinks.compose.model import escape_controls
from dockerlinks.compose.problems import ComposeCheckError, ComposeError
from dockerlinks.compose.render import RenderedService, Rendering, render
from dockerlinks.compose.secrets import looks_secret
from dockerlinks.errors import DockerLinksError

__all__ = ["add_parser", "run"]


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``render``."""
    parser = subparsers.add_parser(
        "render",
        help="show the start order, port bindings, link env, /etc/hosts and links of each "
        "service of a compose-like file",
        description="Render what Docker gives each service of a compose-like file: start "
        "order, resolved port bindings, link environment variables, /etc/hosts and "
        "HostConfig.Links.",
    )
    add_project_options(parser)
    parser.add_argument("--service", metavar="S", help="render this service only")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument(
        "--mask-secrets",
        action="store_true",
        help="print ******** for secret-looking variables forwarded as ALIAS_ENV_NAME",
    )
    parser.add_argument(
        "--show-environ",
        action="store_true",
        help="let bare environment entries take this process's values",
    )


def _text(service: RenderedService) -> str:
    """The human form: one value a line, control characters written as escapes (a value
    holding a newline would otherwise forge a line; ``--json`` keeps values as they are)."""
    lines = [
        f"{service.service}: container {service.container_name}, hostname "
        f"{service.hostname}, ip {service.ip}"
    ]
    lines.append("  ports:")
    for port, bindings in service.ports.entries:
        if bindings is None:
            lines.append(f"    {port} (exposed, not published)")
            continue
        shown = ", ".join(
            f"[{b.host_ip}]:{b.host_port}" if ":" in b.host_ip else f"{b.host_ip}:{b.host_port}"
            for b in bindings
        )
        lines.append(f"    {port} -> {shown}")
    lines.append("  HostConfig.Links:")
    lines.extend(f"    {link}" for link in service.links)
    lines.append("  link env:")
    lines.extend(f"    {entry}" for entry in service.link_env)
    lines.append("  /etc/hosts:")
    lines.extend(f"    {line}" for line in service.hosts.splitlines())
    return "\n".join(escape_controls(line) for line in lines)


MASK = "********"


def mask_secrets(rendering: Rendering) -> Rendering:
    """``rendering`` with the value of every secret-looking ``ALIAS_ENV_NAME`` masked."""

    def masked(entry: str) -> str:
        name, sep, _ = entry.partition("=")
        _, env, forwarded = name.partition("_ENV_")
        return f"{name}={MASK}" if sep and env and looks_secret(forwarded) else entry

    return attrs.evolve(
        rendering,
        services=tuple(
            attrs.evolve(s, link_env=tuple(masked(e) for e in s.link_env))
            for s in rendering.services
        ),
    )


def _rendering(args: argparse.Namespace) -> Rendering | int:
    try:
        profile = docker_profile(args)
        source = load_project_args(args)
    except DockerLinksError as exc:
        return refuse(args, exc)
    try:
        return render(source, profile=profile)
    except ComposeCheckError as exc:
        print("\n".join(escape_controls(p.located()) for p in exc.problems), file=sys.stderr)
        print(f"dockerlinks: error: {exc.docker_message}", file=sys.stderr)
        return 1
    except DockerLinksError as exc:  # a rendering past the model's limits
        return refuse(args, exc)


def run(args: argparse.Namespace) -> int:
    """Run ``render``; returns the exit status."""
    rendering = _rendering(args)
    if isinstance(rendering, int):
        return rendering
    if args.mask_secrets:
        rendering = mask_secrets(rendering)
    if args.service is not None and args.service not in rendering.start_order:
        shown = args.file or (args.files or ["the project"])[0]
        raise ComposeError(f"no service {args.service} in {shown}")
    try:
        if args.json:
            print(json.dumps(rendering.to_dict(args.service), indent=2))
            return 0
        print("start order: " + ", ".join(rendering.start_order))
        for service in rendering.services:
            if args.service is None or service.service == args.service:
                print()
                print(_text(service))
        sys.stdout.flush()
    except BrokenPipeError:
        return reader_gone()
    return 0
