"""The names of the ``dockerlinks`` subcommands: what the front end dispatches on and the
parser builds (one module each under :mod:`dockerlinks.cli`). It must not import anything:
``dockerlinks --version`` reads it before argparse is loaded."""

from __future__ import annotations

__all__ = ["SUBCOMMANDS"]

#: Subcommand modules, in the order ``--help`` lists them.
SUBCOMMANDS = ("replay", "check", "render", "migrate", "serve")
