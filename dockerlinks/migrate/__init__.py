"""``dockerlinks migrate``: a compose file or a transcript moved off legacy links.

What it must not know: files or the command line (:mod:`dockerlinks.cli.migrate`); it takes
text and returns text and notes.

Docker 29 stopped setting link variables unless the daemon opts in (moby/moby#50719,
docker/cli#6263) and schedules default-bridge links for removal (docker/docs#25994). This
package writes the same setup on a user-defined network, in the form it was given:
links become network aliases, and each recipient gets explicit environment entries for the
link variables it relied on, with DNS names in place of addresses.

==========================================  ==============================================
module                                      owns
==========================================  ==============================================
:mod:`dockerlinks.migrate.model`            ``Migration``, ``Note``, the note codes, edits
:mod:`dockerlinks.migrate.linkvars`         link variables with DNS names; keep, secrets
:mod:`dockerlinks.migrate.yamltext`         positions and extents in YAML text; emitting
:mod:`dockerlinks.migrate.compose`          compose files
:mod:`dockerlinks.migrate.transcript`       transcripts of docker commands
==========================================  ==============================================

This package re-exports their public names; it holds no code of its own but the loading of
:func:`migrate_compose` on first use (PEP 562): compose files need PyYAML, an optional extra
(``dockerlinks[yaml]``), and transcripts do not.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from dockerlinks.migrate.linkvars import KEEP, Keep, dns_link_env, referenced_names
from dockerlinks.migrate.model import CODES, DEFAULT_SOURCE_PROFILE, Migration, Note
from dockerlinks.migrate.transcript import DEFAULT_NETWORK, migrate_transcript

if TYPE_CHECKING:
    from dockerlinks.migrate.compose import migrate_compose

__all__ = [
    "CODES",
    "DEFAULT_NETWORK",
    "DEFAULT_SOURCE_PROFILE",
    "KEEP",
    "Keep",
    "Migration",
    "Note",
    "dns_link_env",
    "migrate_compose",
    "migrate_transcript",
    "referenced_names",
]


def __getattr__(name: str) -> Any:
    if name != "migrate_compose":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = importlib.import_module("dockerlinks.migrate.compose").migrate_compose
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), "migrate_compose"})
