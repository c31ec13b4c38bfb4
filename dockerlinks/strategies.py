"""Public hypothesis strategies for dockerlinks values (being written)."""

from __future__ import annotations


def _hypothesis_setup_hook() -> None:
    """Register the value types with hypothesis (called through hypothesis' entry point)."""
