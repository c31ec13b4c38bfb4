"""The link variables a recipient relied on, rewritten with DNS names, and which to keep.

What lives here: the variables one legacy link gave its parent (:func:`dns_link_env`:
:func:`dockerlinks.links.link_env` of the source profile, with the link alias in place of
the child's address), the names a service's own text refers to (:func:`referenced_names`),
how link blocks combine into one environment (:func:`merge_link_env`), and the keep rules.
This module knows nothing of compose files, transcripts or how the variables are written.

Why the alias: on a user-defined network the alias is a DNS name of the child
(``--network-alias``, Compose ``networks.<net>.aliases``), so ``DB_PORT=tcp://db:5432``
stays right when the child is restarted and gets another address, where the original
``tcp://172.17.0.8:5432`` did not (moby/moby#50719 gives the variables' history).

Keep rules (``keep``)::

    keep    variables written
    ------  --------------------------------------------------------------------------
    all     every variable the link gave (the default)
    used    only the names the service's own command, entrypoint or environment refers
            to: $NAME, ${NAME}, ${NAME:-x}, ${NAME-x}, ${NAME:?x}... ($$ escapes too)
    none    none (links still become aliases)

A ``<P>_ENV_<NAME>`` variable copies the child's environment into the parent; when NAME
looks like a secret (:func:`dockerlinks.compose.secrets.looks_secret`) it is held back
unless ``forward_secrets`` is set (:func:`split_secrets`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Literal

from dockerlinks.compose.secrets import looks_secret
from dockerlinks.errors import LinkSpecError
from dockerlinks.links import PortLike, link_env, link_prefix
from dockerlinks.names import unsafe_index
from dockerlinks.profiles import ProfileLike

__all__ = [
    "KEEP",
    "Keep",
    "dns_link_env",
    "keep_variables",
    "merge_link_env",
    "referenced_names",
    "split_secrets",
]

Keep = Literal["all", "used", "none"]
#: The ``--keep`` choices, in the order ``--help`` lists them.
KEEP: tuple[Keep, ...] = ("all", "used", "none")

# An address no child has (TEST-NET-1, RFC 5737): it marks where the address was written.
_MARK = "192.0.2.1"


def dns_link_env(
    name: str,
    alias: str,
    ports: Iterable[PortLike],
    env: Iterable[str] | None = (),
    *,
    profile: ProfileLike = "28.5",
) -> list[str]:
    """The variables of one link (full link name ``name``), in Docker's order, with the DNS
    name ``alias`` where Docker wrote the child's address.

    >>> for line in dns_link_env("/web2/db", "db", ["5432/tcp"], ["PG_VERSION=9.3"]):
    ...     print(line)
    DB_PORT=tcp://db:5432
    DB_PORT_5432_TCP=tcp://db:5432
    DB_PORT_5432_TCP_ADDR=db
    DB_PORT_5432_TCP_PORT=5432
    DB_PORT_5432_TCP_PROTO=tcp
    DB_NAME=/web2/db
    DB_ENV_PG_VERSION=9.3
    >>> dns_link_env("/web2/db", "db", ["5432/tcp"], profile="29.7")  # a stock 29 sets none
    []
    """
    if not isinstance(alias, str) or not alias or unsafe_index(alias) is not None:
        raise LinkSpecError(f"invalid DNS name for a link: {alias!r:.60}")
    entries = link_env(name, _MARK, ports, env, profile=profile)
    marked_value = f"://{_MARK}:"
    prefix = link_prefix(name)
    name_entry = f"{prefix}_NAME="
    out: list[str] = []
    ports_done = False
    for entry in entries:
        if not ports_done and entry.startswith(name_entry):
            ports_done = True
        if ports_done:  # _NAME and _ENV_ values are text of their own, never an address
            out.append(entry)
            continue
        key, _, value = entry.partition("=")
        if value == _MARK:
            value = alias
        elif marked_value in value:
            proto, _, number = value.partition(marked_value)
            value = f"{proto}://{alias}:{number}"
        out.append(f"{key}={value}")
    return out


def merge_link_env(blocks: Iterable[Sequence[str]]) -> list[tuple[str, str]]:
    """The link blocks of one parent as the process sees them: each name once, at the place
    of its first entry, with the value of its last (runc's ``os.Setenv`` after the daemon
    appends the blocks in link order; :func:`dockerlinks.links.process_env`).

    >>> merge_link_env([["A_PORT=1", "A_NAME=/w/a"], ["A_PORT=2"]])
    [('A_PORT', '2'), ('A_NAME', '/w/a')]
    """
    merged: dict[str, str] = {}
    for block in blocks:
        for entry in block:
            key, _, value = entry.partition("=")
            merged[key] = value
    return list(merged.items())


# $NAME, ${NAME...}, with $$ (Compose's escape) read the same way: a reference is kept.
_REFERENCE = re.compile(r"\$\$?(?:\{([A-Za-z_][A-Za-z0-9_.]*)|([A-Za-z_][A-Za-z0-9_]*))")


def referenced_names(texts: Iterable[str]) -> frozenset[str]:
    """The variable names ``texts`` refer to with ``$NAME`` or ``${NAME...}`` (one pass
    over each text).

    >>> sorted(referenced_names(["psql -h $DB_PORT_5432_TCP_ADDR", "${DB_NAME:-x} $$HOME"]))
    ['DB_NAME', 'DB_PORT_5432_TCP_ADDR', 'HOME']
    """
    found: set[str] = set()
    for text in texts:
        if "$" not in text:
            continue
        for match in _REFERENCE.finditer(text):
            found.add(match.group(1) or match.group(2))
    return frozenset(found)


def keep_variables(
    variables: Sequence[tuple[str, str]], keep: Keep, used: frozenset[str] = frozenset()
) -> list[tuple[str, str]]:
    """The variables ``keep`` keeps (module table).

    >>> keep_variables([("DB_PORT", "tcp://db:5432"), ("DB_NAME", "/w/db")], "used",
    ...                frozenset({"DB_NAME"}))
    [('DB_NAME', '/w/db')]
    """
    if keep == "all":
        return list(variables)
    if keep == "used":
        return [(key, value) for key, value in variables if key in used]
    return []


def split_secrets(
    variables: Sequence[tuple[str, str]], prefixes: Iterable[str]
) -> tuple[list[tuple[str, str]], list[str]]:
    """The variables without the ``<P>_ENV_<NAME>`` entries whose NAME looks secret, and
    the names held back.

    >>> split_secrets([("DB_ENV_PG_VERSION", "9.3"), ("DB_ENV_POSTGRES_PASSWORD", "x")],
    ...               ["DB"])
    ([('DB_ENV_PG_VERSION', '9.3')], ['DB_ENV_POSTGRES_PASSWORD'])
    """
    starts = tuple(f"{prefix}_ENV_" for prefix in prefixes)
    kept: list[tuple[str, str]] = []
    held: list[str] = []
    for key, value in variables:
        start = next((s for s in starts if key.startswith(s)), None)
        if start is not None and looks_secret(key[len(start) :]):
            held.append(key)
        else:
            kept.append((key, value))
    return kept, held
