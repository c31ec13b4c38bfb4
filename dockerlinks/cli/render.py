"""``dockerlinks render FILE``: what each service gets: bindings, link env, hosts, links.

Exit status: 0 rendered; 1 the file has errors (listed on stderr as ``check`` lists them);
2 the file cannot be read, is not a compose-like mapping, an unknown ``--service``, or a
usage error.
"""

from __future__ import annotations

import argparse
import json
import sys

from dockerlinks.cli.check import format_problems, load_file
from dockerlinks.compose import ComposeCheckError, ComposeError, RenderedService, render

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
    parser.add_argument("file", metavar="FILE", help="compose-like YAML or JSON file ('-': stdin)")
    parser.add_argument("--service", metavar="S", help="render this service only")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument(
        "--profile",
        choices=("modern", "classic"),
        default="modern",
        help="Docker behaviour to model (default: modern, Engine v28+)",
    )
    parser.add_argument(
        "--project-name",
        metavar="NAME",
        help="Compose project name for default container names (default: the file's "
        "'name', else its directory's name)",
    )


def _text(service: RenderedService) -> str:
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
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Run ``render``; returns the exit status."""
    document, env_files, environ, project = load_file(args)
    try:
        rendering = render(
            document,
            profile=args.profile,
            env_files=env_files,
            environ=environ,
            project=project,
        )
    except ComposeCheckError as exc:
        print(format_problems(list(exc.problems)), file=sys.stderr)
        print(f"dockerlinks: error: {exc.docker_message}", file=sys.stderr)
        return 1
    if args.service is not None and args.service not in rendering.start_order:
        raise ComposeError(f"no service {args.service} in {args.file}")
    if args.json:
        print(json.dumps(rendering.to_dict(args.service), indent=2))
        return 0
    print("start order: " + ", ".join(rendering.start_order))
    for service in rendering.services:
        if args.service is None or service.service == args.service:
            print()
            print(_text(service))
    return 0
