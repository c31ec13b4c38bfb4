"""The kernel's text the daemon reads for host ports: the ephemeral range and reserved ports.

What it must not know: how the text is read (the caller opens ``/proc``) or what the allocator
does with the range.

``/proc/sys/net/ipv4/ip_local_port_range`` and ``/proc/sys/net/ipv4/ip_local_reserved_ports``
(moby ``libnetwork/portallocator/portallocator_linux.go`` at each tag)::

    file                      text                   daemon reading
    ------------------------  ---------------------  ------------------------------------
    ip_local_port_range       "32768\t60999\n"       two numbers: the default range
                              unreadable or not two  log "falling back to default port
                              numbers                range 49153-65535"; 49153-65535
    (v20.10.0 - v20.10.21,    the range clamped to   49153-60999 when nothing is left
     daemon.range_clamp)      49153-60999
    ip_local_reserved_ports   "8080,30000-30002"     skipped by ephemeral requests
    (v29.6+, reserved_ports)  does not parse         log "ignoring system reserved ports"

Unlike the daemon, two numbers that are not a range inside 1-65535 also fall back (Docker
would use them as they are). This module only reads text: the files themselves are read by
the command line and the server (I/O lives there).
"""

from __future__ import annotations

import re

from dockerlinks import _go
from dockerlinks._args import checked, integer, shown
from dockerlinks.errors import ReservedPortsError
from dockerlinks.profiles import Profile

__all__ = [
    "CLAMP",
    "FALLBACK",
    "FALLBACK_MESSAGE",
    "RESERVED_IGNORED_MESSAGE",
    "parse_port_range_text",
    "parse_reserved_ports",
]

FALLBACK = (49153, 65535)
CLAMP = (49153, 60999)
FALLBACK_MESSAGE = "falling back to default port range 49153-65535"
RESERVED_IGNORED_MESSAGE = "ignoring system reserved ports"

_PROC_RANGE = re.compile(r"[ \t]*([+-]?[0-9]+)[ \t]*([+-]?[0-9]+)")


def _number(text: str) -> int:
    """A number of the range text (Go's ``%d``); one that does not fit is out of range."""
    try:
        return _go.parse_int(text)
    except _go.NumError:
        return -1


@checked(profile=Profile)
def parse_port_range_text(text: str | None, profile: Profile) -> tuple[int, int, tuple[str, ...]]:
    """The default range the daemon takes from ``ip_local_port_range`` text (``None``: the
    file could not be read), and the log lines it writes.

    >>> from dockerlinks.profiles import get_profile
    >>> parse_port_range_text("32768\\t60999\\n", get_profile("29.7"))
    (32768, 60999, ())
    >>> parse_port_range_text("32768\\t60999\\n", get_profile("20.10.5"))
    (49153, 60999, ())
    >>> parse_port_range_text("garbage", get_profile("29.7"))
    (49153, 65535, ('falling back to default port range 49153-65535',))
    """
    match = _PROC_RANGE.match(text) if isinstance(text, str) else None
    clamp = profile.daemon.range_clamp
    begin, end = CLAMP if clamp else FALLBACK
    warnings: tuple[str, ...] = ()
    if match is not None and 1 <= _number(match[1]) <= _number(match[2]) <= 65535:
        begin, end = _number(match[1]), _number(match[2])
        if clamp:
            begin, end = max(begin, CLAMP[0]), min(end, CLAMP[1])
            if begin > end:
                begin, end = CLAMP
    elif not clamp:
        warnings = (FALLBACK_MESSAGE,)
    return begin, end, warnings


def _is_port_text(text: str) -> bool:
    return text.isascii() and text.isdigit() and len(text) <= 5 and int(text) <= 65535


def _span(text: str, item: str) -> tuple[int, int]:
    start = text.find(item)
    return (start, start + len(item)) if start >= 0 else (0, len(text))


@checked(begin=integer(), end=integer())
def parse_reserved_ports(text: str, begin: int = 1, end: int = 65535) -> frozenset[int] | None:
    """Parse ``ip_local_reserved_ports`` text (``8080,30000-30002``), clipped to ``begin-end``.

    ``None`` when the text holds no ports at all; an empty set when every port lies outside
    the range.

    >>> sorted(parse_reserved_ports("8080,30000-30002", 20000, 40000))
    [30000, 30001, 30002]
    >>> parse_reserved_ports("8080,abc")
    Traceback (most recent call last):
    ...
    dockerlinks.errors.ReservedPortsError: invalid port "abc"
        8080,abc
             ^^^
    """
    if not isinstance(text, str):
        raise ReservedPortsError(f"invalid reserved ports text: {shown(text)}")
    stripped = text.strip()
    if not stripped:
        return None
    found: set[int] = set()
    for item in stripped.split(","):
        item = item.strip()
        if "-" in item:
            low_text, _, high_text = item.partition("-")
            if not (_is_port_text(low_text) and _is_port_text(high_text)):
                raise ReservedPortsError(f'invalid port range "{item}"', text, _span(text, item))
            low, high = int(low_text), int(high_text)
            if high < low:
                raise ReservedPortsError(f'invalid port range "{item}"', text, _span(text, item))
            found.update(range(max(low, begin), min(high, end) + 1))
        else:
            if not _is_port_text(item):
                raise ReservedPortsError(f'invalid port "{item}"', text, _span(text, item))
            if begin <= int(item) <= end:
                found.add(int(item))
    return frozenset(found)
