"""The answers' documents (dockerlinks/server/documents.py), field for field against the
recorded daemon's: /version, /info's fields, a list entry, an exec's; go-units' durations;
Go's JSON encoding."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dockerlinks.engine import ContainerConfig, Engine
from dockerlinks.profiles import get_profile
from dockerlinks.server.documents import (
    ExecView,
    HostFacts,
    container_summary,
    exec_document,
    go_json,
    human_duration,
    identity,
    image_document,
    image_summary,
    info_document,
    status_text,
    version_document,
)

API = Path(__file__).parent / "data" / "daemon" / "20.10" / "api"


def _answer(name: str, method: str, target: str, *, last: bool = False) -> Any:
    """The daemon's first (or last) answer to ``method target`` in recording ``name``."""
    found = [
        json.loads(exchange["response"]["body"])
        for exchange in json.loads((API / name).read_text())["exchanges"]
        if (exchange["request"]["method"], exchange["request"]["target"]) == (method, target)
    ]
    if not found:
        raise LookupError(target)
    return found[-1] if last else found[0]


def _keys(value: Any, path: str = "") -> list[str]:
    out: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            out.append(f"{path}.{key}")
            out.extend(_keys(item, f"{path}.{key}"))
    elif isinstance(value, list) and value and isinstance(value[0], dict):
        out.extend(_keys(value[0], f"{path}[]"))
    return out


def test_version_is_the_recorded_daemon_s() -> None:
    recorded = _answer("docker-py.json", "GET", "/version")
    facts = HostFacts(kernel=recorded["KernelVersion"])
    assert version_document(identity(get_profile("20.10")), facts) == recorded


def test_info_has_the_recorded_fields_in_their_order() -> None:
    recorded = _answer("cli-20.10.json", "GET", "/v1.41/info")
    engine = Engine.new(profile="20.10")
    ours = info_document(engine, identity(engine.profile), HostFacts(), now=0)
    assert _keys(ours) == _keys(recorded)
    assert (ours["ServerVersion"], ours["OSType"]) == ("20.10.24+dfsg1", "linux")


def test_info_counts_the_engine_s_containers() -> None:
    engine = Engine.new(profile="20.10", port_range=(32768, 60999))
    engine, _ = engine.run(ContainerConfig("training/webapp", detach=True))
    engine, _ = engine.create(ContainerConfig("training/webapp"))
    info = info_document(engine, identity(engine.profile), HostFacts(), now=0)
    assert (info["Containers"], info["ContainersRunning"], info["ContainersStopped"]) == (2, 1, 1)
    assert info["Images"] == len(engine.images.images)


@pytest.mark.parametrize(
    ("release", "version", "api", "minimum"),
    [
        ("20.10", "20.10.24+dfsg1", "1.41", "1.12"),
        ("24.0", "24.0", "1.43", "1.12"),
        ("25.0", "25.0", "1.44", "1.24"),
        ("28.2", "28.2", "1.50", "1.24"),
        ("29.7", "29.7", "1.55", "1.44"),
    ],
)
def test_the_daemon_s_identity_per_release(
    release: str, version: str, api: str, minimum: str
) -> None:
    found = identity(get_profile(release))
    assert (found.version, found.api_version, found.min_api_version) == (version, api, minimum)
    assert found.server_header == f"Docker/{version} (linux)"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (-3, "Less than a second"),
        (0.99, "Less than a second"),
        (1, "1 second"),
        (2, "2 seconds"),
        (59.9, "59 seconds"),
        (60, "About a minute"),
        (119, "About a minute"),
        (120, "2 minutes"),
        (3599, "59 minutes"),
        (3600, "About an hour"),
        (5399, "About an hour"),
        (5400, "2 hours"),
        (47 * 3600, "47 hours"),
        (48 * 3600, "2 days"),
        (14 * 86400, "2 weeks"),
        (60 * 86400, "2 months"),
        (730 * 86400, "2 years"),
    ],
)
def test_human_durations_as_go_units_says_them(seconds: float, text: str) -> None:
    assert human_duration(seconds) == text


def test_status_texts() -> None:
    engine = Engine.new(profile="20.10", port_range=(32768, 60999))
    engine, created = engine.create(ContainerConfig("training/webapp", name="c1"))
    engine, exited = engine.run(ContainerConfig("training/webapp", cmd=("false",)))
    assert status_text(created, epoch=engine.epoch, now=engine.epoch + 100) == "Created"
    assert status_text(exited, epoch=engine.epoch, now=engine.epoch + exited.finished + 7) == (
        "Exited (1) 7 seconds ago"
    )


def test_a_list_entry_has_the_recorded_fields_in_their_order() -> None:
    recorded = _answer("cli-20.10.json", "GET", "/v1.41/containers/json")
    entry = next(e for e in recorded if "/db" in e["Names"])
    engine = Engine.new(profile="20.10", port_range=(32768, 60999))
    engine, db = engine.run(ContainerConfig("training/postgres", name="db", detach=True))
    engine, _ = engine.run(ContainerConfig("training/webapp", name="linked", links=("db:db",)))
    ours = container_summary(engine, db, engine.inspect("db"), now=engine.epoch + engine.clock)
    assert _keys(ours) == _keys(entry)
    assert sorted(ours["Names"]) == sorted(entry["Names"]) == ["/db", "/linked/db"]
    assert (ours["Command"], ours["Ports"]) == (entry["Command"], entry["Ports"])


def test_a_command_s_words_with_spaces_are_quoted() -> None:
    recorded = _answer("cli-20.10.json", "GET", "/v1.41/containers/json?all=1", last=True)
    entry = next(e for e in recorded if e["Names"] == ["/c2"])
    engine = Engine.new(profile="20.10")
    cmd = ("sh", "-c", "echo out; echo err >&2")
    engine, c2 = engine.create(ContainerConfig("training/webapp", name="c2", cmd=cmd))
    ours = container_summary(engine, c2, engine.inspect("c2"), now=0)
    assert ours["Command"] == entry["Command"] == "sh -c 'echo out; echo err >&2'"


def test_an_exec_document_has_the_recorded_fields() -> None:
    exchanges = json.loads((API / "docker-py.json").read_text())["exchanges"]
    recorded = next(
        json.loads(e["response"]["body"])
        for e in exchanges
        if e["request"]["target"].startswith("/v1.41/exec/") and e["request"]["method"] == "GET"
    )
    view = ExecView(
        id=recorded["ID"],
        container_id=recorded["ContainerID"],
        cmd=(recorded["ProcessConfig"]["entrypoint"], *recorded["ProcessConfig"]["arguments"]),
        tty=False,
        stdin=False,
        stdout=True,
        stderr=True,
        exit_code=0,
        pid=recorded["Pid"],
    )
    assert exec_document(view) == recorded


def test_image_documents() -> None:
    engine = Engine.new(profile="20.10")
    image = engine.images.find("training/webapp")
    assert image is not None
    engine, web = engine.create(ContainerConfig("training/webapp"))
    summary = image_summary(image, created=engine.epoch)
    assert summary["Id"] == web.image_id
    assert summary["RepoTags"] == ["training/webapp:latest"]
    document = image_document(image, created="2026-01-01T00:00:00Z", storage_driver="vfs")
    assert document["Config"]["ExposedPorts"] == {"5000/tcp": {}}
    assert document["Config"]["WorkingDir"] == "/opt/webapp"


@pytest.mark.parametrize(
    ("value", "encoded"),
    [
        ({"a": "<&>"}, b'{"a":"<&>"}\n'),  # moby turns HTML escaping off
        ({"a": "\u2028\u2029"}, b'{"a":"\\u2028\\u2029"}\n'),
        ({"a": "\b\f\\b"}, b'{"a":"\\u0008\\u000c\\\\b"}\n'),
        ({"a": "\udcff"}, '{"a":"\ufffd"}\n'.encode()),
        ({"a": "é"}, '{"a":"é"}\n'.encode()),
        ([None, True, 1], b"[null,true,1]\n"),
    ],
)
def test_go_json(value: Any, encoded: bytes) -> None:
    assert go_json(value) == encoded
