"""A short run of the parser fuzzer (``python -m tests.fuzz.fuzz_parsers`` runs the long one):
every parser either returns or raises a ``DockerLinksError``, whatever it is given."""

from __future__ import annotations

import random

import pytest

from tests.fuzz.fuzz_parsers import (
    Mutator,
    Target,
    available_targets,
    main,
    run,
    run_target,
)

COUNT = 600  # inputs per target in the normal suite
SEED = 20261130

EXPECTED_TARGETS = {
    "port-spec",
    "port-spec-v0.6",
    "port-spec-v0.5",
    "port-spec-v0.4",
    "port-specs",
    "port-parse",
    "config-from-api",
    "portmap-from-api",
    "expose",
    "expose-classic",
    "publish-long",
    "compose-long-port",
    "container-name",
    "link",
    "env-file",
    "hosts-file",
    "add-host",
    "proc-range",
    "lint",
    "docker-port",
    "inspect",
    "docker-py-ports",
    "compose-ports",
    "compose-text",
    "compose-mapping",
    "docker-args",
    "replay",
}

# Crashes found by the fuzzer and reported to the module's owner; each entry is removed when
# the module is fixed (the mark is strict, so a fixed target fails here until then).
KNOWN: dict[str, str] = {}

TARGETS = available_targets()


def test_every_parser_is_registered() -> None:
    assert {t.name for t in TARGETS} == EXPECTED_TARGETS


def _param(target: Target) -> object:
    marks = (
        [pytest.mark.xfail(reason=KNOWN[target.name], strict=True)] if target.name in KNOWN else []
    )
    return pytest.param(target, id=target.name, marks=marks)


@pytest.mark.parametrize("target", [_param(t) for t in TARGETS])
def test_no_exception_outside_the_library_family(target: Target) -> None:
    result = run_target(target, COUNT, SEED)
    assert result.inputs == COUNT
    assert result.accepted + result.rejected + result.crashes == COUNT
    assert result.crashes == 0, "\n".join(
        f"{f.exception} at {f.where}\n    input: {f.input}" for f in result.findings
    )


def test_runs_are_deterministic() -> None:
    first = run(60, SEED, ["port-spec", "inspect"])
    second = run(60, SEED, ["port-spec", "inspect"])
    assert [(r.accepted, r.rejected) for r in first.results] == [
        (r.accepted, r.rejected) for r in second.results
    ]
    assert "total: 60 inputs" in first.render()


def test_mutations_are_seeded() -> None:
    def mutate(seed: int) -> list[object]:
        mutator = Mutator(random.Random(seed), donors=["80:80"])
        return [mutator.text("127.0.0.1:8080:80/tcp", 3) for _ in range(20)] + [
            mutator.value({"Ports": {"80/tcp": [{"HostIp": "", "HostPort": "1"}]}}, 3)
            for _ in range(20)
        ]

    assert repr(mutate(1)) == repr(mutate(1))
    assert repr(mutate(1)) != repr(mutate(2))


def test_crashes_are_counted_and_shown() -> None:
    def fragile(value: object) -> object:
        return {"a": 1}[str(value)]

    report = run_target(Target("fragile", fragile, lambda rng: "b"), 10, SEED)
    assert report.crashes == 10
    assert report.findings[0].exception.startswith("KeyError")


def test_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--count", "20", "--seed", "1", "--target", "link"]) == 0
    out = capsys.readouterr().out
    assert "link" in out
    assert "0 non-library exceptions" in out
    assert main(["--list"]) == 0
    assert "port-spec" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["--count", "1", "--target", "no-such-target"])
