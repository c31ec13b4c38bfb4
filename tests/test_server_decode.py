"""Request bodies as the daemon reads them (dockerlinks/server/decode.py).

Every create and exec body the CLIs and docker-py sent to the real daemon is read into the
model's request; Go's ``encoding/json`` rules (case-insensitive keys, the last one winning,
``null`` as the zero value, strslice) and moby's checks are vectors; any JSON value is read
or refused with a :class:`~dockerlinks.errors.DockerLinksError`, nothing else.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dockerlinks.errors import DockerLinksError
from dockerlinks.server.decode import (
    Query,
    create_request,
    exec_config,
    exec_start,
    familiar_reference,
    parse_json,
)

API = Path(__file__).parent / "data" / "daemon" / "20.10" / "api"
NAMES = (
    "cli-20.10.json",
    "cli-28.2.json",
    "docker-py.json",
    "cli-20.10-networks.json",
    "cli-28.2-networks.json",
)


def _bodies(kind: str) -> list[Any]:
    out = []
    for name in NAMES:
        for exchange in json.loads((API / name).read_text())["exchanges"]:
            request = exchange["request"]
            target = request["target"]
            if kind in target and request["method"] == "POST":
                out.append(pytest.param(request, id=f"{name}@{exchange['seq']}"))
    return out


@pytest.mark.parametrize("request_", _bodies("/containers/create"))
def test_every_recorded_create_body_is_read(request_: dict[str, Any]) -> None:
    body = json.loads(request_["body"])
    name = request_["target"].partition("name=")[2] or None
    got = create_request(request_["body"].encode(), name)
    assert got.image == body["Image"]
    assert got.name == name
    host = body["HostConfig"]
    assert got.publish_all == bool(host.get("PublishAllPorts"))
    assert list(got.links) == (host.get("Links") or [])
    assert got.port_bindings.to_api()["PortBindings"] == (host.get("PortBindings") or {})
    assert [str(p) for p in got.exposed] == list(body.get("ExposedPorts") or {})
    assert json.loads(got.host_config_json) == host


@pytest.mark.parametrize("request_", _bodies("/exec"))
def test_every_recorded_exec_body_is_read(request_: dict[str, Any]) -> None:
    body = json.loads(request_["body"]) if request_.get("body") else {}
    if request_["target"].endswith("/exec"):
        config = exec_config(request_["body"].encode())
        assert list(config.cmd) == body["Cmd"]
        assert (config.tty, config.stdin) == (body["Tty"], body["AttachStdin"])
    else:
        assert exec_start(request_.get("body", "").encode()) == (
            body.get("Detach", False),
            body.get("Tty", False),
        )


@pytest.mark.parametrize(
    ("body", "field", "value"),
    [
        ('{"image": "a", "IMAGE": "b"}', "image", "b"),  # case-insensitive, the last wins
        ('{"Image": "a", "Cmd": "echo hi"}', "cmd", ("echo hi",)),  # strslice: one word
        ('{"Image": "a", "Entrypoint": ["sh", "-c"], "Cmd": ["env"]}', "cmd", ("sh", "-c", "env")),
        ('{"Image": "a", "Env": null}', "env", ()),
        ('{"Image": "a", "hostconfig": {"links": ["db"]}}', "links", ("db",)),
        ('{"Image": "a", "HostConfig": {"NetworkMode": ""}}', "network_mode", "default"),
        (
            '{"Image": "a", "AttachStdout": true, "AttachStdin": true}',
            "attach",
            ("stdin", "stdout"),
        ),
        ('{"Image": "a", "Unknown": {"deep": [1, 2]}}', "image", "a"),
        ('{"Image": "a", "ExposedPorts": {"80": {}}}', "exposed", "80/tcp"),
    ],
)
def test_go_s_json_rules(body: str, field: str, value: object) -> None:
    got = getattr(create_request(body.encode(), None), field)
    if field == "exposed":
        got = ",".join(str(p) for p in got)
    assert got == value


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "Config cannot be empty in order to create a container"),
        (b"null", "Config cannot be empty in order to create a container"),
        (b"[]", "json: cannot unmarshal array into Go value of type Config"),
        (b'{"Image": 1}', "json: cannot unmarshal number into Go struct field "),
        (b'{"Image": "a", "Env": "A=1"}', "cannot unmarshal string into Go struct field "),
        (b'{"Image": "a", "Env": [1]}', "cannot unmarshal number into Go struct field "),
        (b'{"Image": "a", "Tty": "yes"}', "cannot unmarshal string into Go struct field "),
        (b'{"Image": "a", "Cmd": {}}', "cannot unmarshal object into Go struct field "),
        (b'{"Image": "a", "HostConfig": []}', "cannot unmarshal array into Go struct field "),
        (b'{"Image": "a", "ExposedPorts": {"x/tcp": {}}}', 'invalid port specification: "x"'),
        (
            b'{"Image": "a", "HostConfig": {"PortBindings": {"80/tcp": [{"HostPort": "x"}]}}}',
            'invalid port specification: "x"',
        ),
        (b'{"Image": "a", "Env": ["A\\nB=1"]}', "invalid environment variable name"),
        (b'{"Image": NaN}', "invalid character 'N'"),
        (b'{"Image": "a"', "invalid JSON: unexpected end of JSON input"),
        (b"[" * 100_000, "invalid JSON"),
    ],
)
def test_bodies_the_daemon_refuses(body: bytes, message: str) -> None:
    with pytest.raises(DockerLinksError) as refused:
        create_request(body, None)
    assert message in refused.value.docker_message


def test_bytes_that_are_not_utf8_are_read_as_replacement_characters() -> None:
    assert parse_json(b'{"a": "\xff"}') == {"a": "\ufffd"}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'{"Cmd": []}', "No exec command specified"),
        (b"{}", "No exec command specified"),
        (b'{"Cmd": "env", "Tty": 1}', "cannot unmarshal number"),
    ],
)
def test_exec_bodies_the_daemon_refuses(body: bytes, message: str) -> None:
    with pytest.raises(DockerLinksError, match=message):
        exec_config(body)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
_KEYS = st.sampled_from(
    ["Image", "Cmd", "Env", "ExposedPorts", "HostConfig", "Tty", "NetworkingConfig", "x"]
)
_HOST_KEYS = st.sampled_from(["PortBindings", "Links", "NetworkMode", "AutoRemove", "Dns"])


@given(
    st.dictionaries(_KEYS, _JSON, max_size=6),
    st.dictionaries(_HOST_KEYS, _JSON, max_size=4),
)
def test_any_json_is_read_or_refused_with_a_dockerlinks_error(
    top: dict[str, Any], host: dict[str, Any]
) -> None:
    if host:
        top["HostConfig"] = host
    with contextlib.suppress(DockerLinksError):
        create_request(json.dumps(top).encode(), None)


@given(st.binary(max_size=200))
def test_any_bytes_are_read_or_refused_with_a_dockerlinks_error(body: bytes) -> None:
    with contextlib.suppress(DockerLinksError):
        create_request(body, None)
    with contextlib.suppress(DockerLinksError):
        exec_config(body)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", True),
        ("true", True),
        ("yes", True),
        (" False ", False),
        ("0", False),
        ("no", False),
        ("none", False),
        ("NONE", False),
        ("", False),
    ],
)
def test_boolean_query_values_as_moby_reads_them(value: str, expected: bool) -> None:
    assert Query((("all", value), ("all", "1"))).flag("all") is expected


def test_integer_query_values() -> None:
    assert Query((("limit", "-1"),)).integer("limit", 0) == -1
    assert Query().integer("limit", 7) == 7
    with pytest.raises(DockerLinksError, match=r'strconv.Atoi: parsing "x": invalid syntax'):
        Query((("limit", "x"),)).integer("limit", 0)


@pytest.mark.parametrize(
    ("reference", "familiar"),
    [
        ("docker.io/library/busybox:1.36", "busybox:1.36"),
        ("index.docker.io/training/webapp", "training/webapp"),
        ("docker.io/library/a/b", "library/a/b"),
        ("library/busybox", "busybox"),
        ("localhost:5000/x", "localhost:5000/x"),
    ],
)
def test_familiar_references(reference: str, familiar: str) -> None:
    assert familiar_reference(reference) == familiar
