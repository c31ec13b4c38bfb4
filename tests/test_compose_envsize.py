"""The environment size of linked containers, computed (``compose.envsize``) against the lists
:func:`~dockerlinks.links.link_env` and :func:`~dockerlinks.links.container_env` build (both
pinned to Docker's own answers in tests/test_links.py)."""

from __future__ import annotations

import time
import tracemalloc

from hypothesis import given, settings
from hypothesis import strategies as st

from dockerlinks.compose import check, load_compose_text
from dockerlinks.compose.envsize import LinkBlock, environment_size, port_shape
from dockerlinks.links import container_env, link_env, link_prefix

PROTOS = st.sampled_from(["tcp", "udp", "sctp"])
PORTS = st.lists(st.tuples(st.integers(0, 40), PROTOS), max_size=30)
ALIASES = st.sampled_from(["db", "DB", "a", "a_b", "a-b", "a_env", "x1"])
NAMES = st.sampled_from(["X", "NAME", "PORT", "ENV", "HOME", "PATH", "B_PORT"])
VALUES = st.text(alphabet="ab=é ", max_size=6)


# A bound far below what the unfixed code took (minutes) and far above what the fixed code
# takes on a loaded 2-core machine (well under a second): the tests tell the two apart, never
# time the machine.
BOUND = 10.0


def _entries(size: int, link_vars: list[list[str]]) -> st.SearchStrategy[list[str]]:
    """Own entries: new names, bare names, and names of the link variables (to replace)."""
    known = sorted({e.partition("=")[0] for block in link_vars for e in block})
    pool = [*known, "PATH", "HOSTNAME", "NEW", "OTHER"]
    return st.lists(
        st.tuples(st.sampled_from(pool), st.booleans(), VALUES).map(
            lambda t: f"{t[0]}={t[2]}" if t[1] else t[0]
        ),
        max_size=size,
    )


@settings(max_examples=300, deadline=None)
@given(
    algorithm=st.sampled_from(["modern", "classic"]),
    links=st.lists(
        st.tuples(ALIASES, PORTS, st.dictionaries(NAMES, VALUES, max_size=3)),
        min_size=1,
        max_size=4,
    ),
    data=st.data(),
)
def test_computed_size_equals_the_built_list(
    algorithm: str,
    links: list[tuple[str, list[tuple[int, str]], dict[str, str]]],
    data: st.DataObject,
) -> None:
    profile = "modern" if algorithm == "modern" else "classic"
    built: list[list[str]] = []
    blocks: list[LinkBlock] = []
    for position, (alias, ports, env) in enumerate(links):
        ip = f"172.17.0.{position + 2}"
        name = f"/web/{alias}"
        lines = [f"{k}={v}" for k, v in env.items()]
        built.append(link_env(name, ip, [f"{n}/{p}" for n, p in ports], lines, profile=profile))
        forwarded = {k: v for k, v in env.items() if k not in ("HOME", "PATH")}
        blocks.append(
            LinkBlock(link_prefix(name), name, ip, port_shape(ports, algorithm), forwarded)
        )
    own = data.draw(_entries(6, built))
    final = container_env("web", built, own, path="/bin")
    size = environment_size(["PATH=/bin", "HOSTNAME=web"], blocks, own)
    assert size.count == len(final)
    assert size.link_count == sum(len(block) for block in built)
    assert size.size == sum(len(e.encode()) + 1 + 8 for e in final)
    for block, listed in zip(blocks, built, strict=True):
        assert block.size == sum(len(e.encode()) + 1 + 8 for e in listed)
        for line in listed:
            variable = line.partition("=")[0]
            assert block.entry_bytes(variable) is not None


def test_a_wide_range_under_many_aliases_is_computed_in_bounded_time() -> None:
    # issue 10: one service exposing 1-65535, another linking to it under 100 aliases.
    start = time.perf_counter()
    shape = port_shape(((n, "tcp") for n in range(1, 65536)), "modern")
    blocks = [LinkBlock(f"A{i}", f"/web/a{i}", "172.17.0.2", shape, {}) for i in range(100)]
    size = environment_size(["PATH=/bin", "HOSTNAME=web"], blocks, ["A1_PORT_80_TCP=x"])
    assert time.perf_counter() - start < BOUND
    assert size.link_count == 100 * (1 + 4 * 65535 + 4 + 1)


def test_the_one_kilobyte_file_of_issue_10_runs_in_bounded_time_and_memory() -> None:
    # One service exposing 1-65535, another linking to it under 100 aliases: 6.8 GB before.
    links = ", ".join(f"'db:a{i}'" for i in range(100))
    text = (
        "services:\n  db: {image: x, expose: ['1-65535']}\n"
        f"  web: {{image: y, links: [{links}]}}\n"
    )
    assert len(text) < 1100
    document = load_compose_text(text)
    start = time.perf_counter()
    problems = check(document)
    assert time.perf_counter() - start < BOUND
    tracemalloc.start()  # (slows everything down: timed apart)
    try:
        check(document)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 64 * 1024 * 1024
    assert [p.code for p in problems] == ["env-too-large"]
    assert "26214602 variables" in problems[0].message
