"""Conformance: the model answers every recorded command as the real daemon and CLI did.

Each recording of tests/data/daemon/<release>/cli-<cli>/ (a whole session recorded against a
real dockerd with a real docker CLI, tests/daemon/record.py), of checks/ (one question per
file) and of networks/ (user-defined networks) is replayed through the docker
CLI model on an engine set up as the recording's host (tests/daemon/conformance.py, which
also lists what is normalised: only what Docker draws at random or reads from the clock).
Every command's standard output, standard error and exit status must be Docker's.
"""

from __future__ import annotations

import pytest

from tests.daemon.conformance import describe, profile_for, replay_recording
from tests.daemon.recordings import DATA, Recording, available, load, load_file

#: The generated sessions, and the recordings of specific questions (tests/daemon/
#: record_checks.py: userland proxy conflicts, -P order, rm -l, failed starts, ...).
RECORDINGS = [recording for release, cli in available() for recording in load(release, cli)]
CHECKS = [
    load_file(path, release.name, path.parent.name.removeprefix("cli-"))
    for release in sorted(DATA.iterdir())
    if (release / "checks").is_dir()
    for path in sorted((release / "checks").glob("cli-*/*.json"))
]
#: The user-defined network sessions (tests/daemon/record_networks.py).
NETWORKS = [
    load_file(path, release.name, path.parent.name.removeprefix("cli-"))
    for release in sorted(DATA.iterdir())
    if (release / "networks").is_dir()
    for path in sorted((release / "networks").glob("cli-*/*.json"))
]


def _id(recording: Recording) -> str:
    if "seed" not in recording.source:
        return f"{recording.release}-cli{recording.cli}-{recording.path.stem}"
    return f"{recording.release}-cli{recording.cli}-seed{recording.seed:03d}-{recording.topic}"


def test_the_recordings_are_there() -> None:
    # issue: >= 1,000 recorded commands over >= 50 sequences, for each CLI
    for release, cli in available():
        recordings = load(release, cli)
        assert len(recordings) >= 50
        assert sum(len(r.steps) for r in recordings) >= 1000


@pytest.mark.parametrize("recording", RECORDINGS + CHECKS + NETWORKS, ids=_id)
def test_every_recorded_command_is_answered_as_docker_answered_it(recording: Recording) -> None:
    profile = profile_for(recording)
    mismatches = [
        describe(outcome, profile) for outcome in replay_recording(recording) if not outcome.matched
    ]
    assert not mismatches, f"{recording.path.name}:\n" + "\n".join(mismatches)
