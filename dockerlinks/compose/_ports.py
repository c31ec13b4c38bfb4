"""The compose checker's use of the ports and lint modules (one place for the calls).

What it must not know: services, problems or positions; it turns one entry into values or a
message.
"""

from __future__ import annotations

from collections.abc import Mapping

from dockerlinks.compose.merge import go_text
from dockerlinks.lint import lint_port_spec
from dockerlinks.ports import (
    Port,
    PortSpec,
    convert_compose_port,
    parse_expose,
    parse_port_spec,
)
from dockerlinks.profiles import Profile


def parse_item(item: object, profile: Profile) -> tuple[PortSpec, str]:
    """A ports entry (a short-syntax text or a long-syntax mapping): its spec and short text."""
    if isinstance(item, Mapping):
        long = convert_compose_port(item)
        return long.spec, long.short
    text = item if isinstance(item, str) else go_text(item)
    return parse_port_spec(text, profile=profile), text


def lint_item(text: str) -> list[str]:
    """Portability warnings of one short-syntax entry, with their lint codes.

    DLP201 (an unquoted value that YAML 1.1 reads as a number) is left out: the loader knows
    whether the text was quoted, and reports the real cases as ``yaml-sexagesimal``.
    """
    return [
        f"{warning.message} ({warning.code})"
        for warning in lint_port_spec(text)
        if warning.code != "DLP201"
    ]


def parse_expose_item(text: str, profile: Profile) -> tuple[Port, ...]:
    """The ports of one expose entry."""
    return parse_expose(text, profile=profile)
