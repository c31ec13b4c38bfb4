"""The inspect document: every field, in the daemon's order, against a real dockerd 20.10.24.

The expected documents are the daemon's own answers, recorded with the 20.10 CLI and with
docker-py (tests/data/daemon/20.10/api, tests/daemon/record_api.py). What differs from run to
run (IDs, times, PIDs, the image's digest) is normalised on both sides.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from dockerlinks.client import Session, docker
from dockerlinks.engine import CreateRequest, Engine, Host
from dockerlinks.engine.gotemplate import render_template
from dockerlinks.engine.inspect import client_host_config, time_text, typed_document
from dockerlinks.ports import Port, PortBinding, PortConfig

API = Path(__file__).parent / "data" / "daemon" / "20.10" / "api"

_VOLATILE = [
    (re.compile(r"\b[0-9a-f]{64}\b"), "<id>"),
    (re.compile(r"\b[0-9a-f]{12}\b"), "<short>"),
    (re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z"), "<time>"),
    (re.compile(r'"Pid": ?[1-9]\d*'), '"Pid": <pid>'),
]


def normalise(text: str) -> str:
    for pattern, replacement in _VOLATILE:
        text = pattern.sub(replacement, text)
    return text.replace("0001-01-01T00:00:00Z", "<zero>")


def recording(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((API / name).read_text(encoding="utf-8"))
    return data


def recorded_document(name: str, label: str, container: str) -> dict[str, Any]:
    """The daemon's answer to ``GET /containers/<container>/json`` during command ``label``
    (``container`` ``"*"``: whichever container it asks for)."""
    for exchange in recording(name)["exchanges"]:
        request = exchange["request"]
        target = request["target"].split("?")[0]
        asked = re.fullmatch(r"/v[0-9.]+/containers/([^/]+)/json", target)
        if (
            exchange["label"].startswith(label)
            and request["method"] == "GET"
            and asked is not None
            and asked.group(1) != "json"
            and container in ("*", asked.group(1))
        ):
            found: dict[str, Any] = json.loads(exchange["response"]["body"])
            return found
    raise LookupError(label)


def recorded_command(name: str, label: str) -> dict[str, Any]:
    for command in recording(name)["commands"]:
        if command["label"].startswith(label):
            found: dict[str, Any] = command
            return found
    raise LookupError(label)


def host_of_the_recordings() -> Host:
    """The daemon the API recordings were made on (tests/daemon/record_api.py)."""
    return Host(
        data_root="/tmp/dlrec/nw/data",
        exec_root="/tmp/dlrec/nw/exec",
        storage_driver="vfs",
        cgroup_version=1,
    )


def engine_2010() -> Engine:
    return Engine.new(profile="20.10", port_range=(32768, 60999), host=host_of_the_recordings())


def keys(value: Any, path: str = "") -> list[str]:
    """Every key path of a JSON value, in document order."""
    out: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            out.append(f"{path}.{key}")
            out.extend(keys(item, f"{path}.{key}"))
    return out


def test_docker_inspect_prints_the_daemon_s_document_as_the_20_10_cli_does() -> None:
    # command 14 of the 20.10 CLI's API recording, after `docker run -d --name web -P ...`
    expected = recorded_command("cli-20.10.json", "14: docker inspect web")["stdout"]
    session = Session(engine_2010())
    session, _ = docker(session, ["run", "-d", "--name", "web", "-P", "training/webapp"])
    _, result = docker(session, ["inspect", "web"])
    assert normalise(result.stdout) == normalise(expected)
    assert result.exit == 0


def test_a_created_container_s_document() -> None:
    expected = recorded_document("cli-20.10.json", "24: docker start -a c2", "c2")
    session = Session(engine_2010())
    argv = ["create", "--name", "c2", "training/webapp", "sh", "-c", "echo out; echo err >&2"]
    session, _ = docker(session, argv)
    got = session.engine.inspect("c2")
    assert keys(got) == keys(expected)
    assert normalise(json.dumps(got)) == normalise(json.dumps(expected))


def test_docker_py_s_minimal_request_leaves_the_unsent_fields_null() -> None:
    # docker-py 7.2.0 `containers.run('training/webapp', detach=True, name='pyweb',
    # ports={'5000/tcp': 8080}, links={'pydb': 'db'}, environment={...})`: its body sends
    # HostConfig {NetworkMode, PortBindings, Links} only
    expected = recorded_document("docker-py.json", "4: web = containers.run", "*")
    engine = engine_2010()
    engine, _ = engine.run(CreateRequest("training/postgres", name="pydb"))
    request = CreateRequest(
        "training/webapp",
        name="pyweb",
        env=("MODE=test", "EMPTY="),
        exposed=(Port(5000),),
        port_bindings=PortConfig((Port(5000),), ((Port(5000), (PortBinding("", "8080"),)),)),
        links=("pydb:db",),
        host_config_json='{"NetworkMode": "default"}',
    )
    engine, _ = engine.create(request)
    got = engine.inspect("pyweb")
    assert keys(got) == keys(expected)
    for section in ("HostConfig", "Config", "State"):
        assert normalise(json.dumps(got[section])) == normalise(json.dumps(expected[section]))


def test_a_document_reads_through_a_template_as_the_cli_s_types() -> None:
    engine, _ = engine_2010().run(CreateRequest("training/webapp", name="web", publish_all=True))
    document = typed_document(engine.inspect("web"), engine.profile)
    # Go field names where they differ from the JSON keys: the typed template sees ID, the
    # raw-JSON retry Id
    assert render_template("{{.ID}}", document) == render_template("{{.Id}}", document)
    assert render_template("{{.HostConfig.DNS}}", document) == "[]"
    assert render_template("{{.State.Status}} {{.State.Pid}}", document).startswith("running ")


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ('{"dns": ["1.1.1.1"], "Unknown": 1}', {"Dns": ["1.1.1.1"]}),
        ("", {}),
        ('{"SHMSIZE": 5}', {"ShmSize": 5}),
    ],
)
def test_client_fields_match_the_daemon_s_names_case_insensitively(
    sent: str, stored: dict[str, Any]
) -> None:
    assert client_host_config(sent) == stored


def test_times_are_go_s_rfc_3339() -> None:
    assert time_text(0, 0) == "1970-01-01T00:00:00Z"
    assert time_text(0, -1) == "0001-01-01T00:00:00Z"
