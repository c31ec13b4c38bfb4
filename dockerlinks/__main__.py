"""``python -m dockerlinks``: the same command as the ``dockerlinks`` console script."""

from __future__ import annotations

import sys

from dockerlinks.cli import main

if __name__ == "__main__":
    sys.exit(main())
