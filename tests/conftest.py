"""Shared test configuration: hypothesis profiles (``ci`` when ``CI`` is set)."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# The recording scripts beside the data (tests/data/*/record.py ...) are run by hand, not
# collected: several share a basename.
collect_ignore_glob = ["data/*"]

settings.register_profile(
    "ci",
    max_examples=100,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
