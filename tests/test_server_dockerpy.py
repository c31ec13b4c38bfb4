"""docker-py against the server behaves as it did against the real daemon; its ``run``
keywords as the create request (:mod:`dockerlinks.server.dockerpy`).

The session recorded with docker-py 7.2.0 against a real dockerd 20.10.24
(tests/daemon/dockerpy_session.py, tests/data/daemon/20.10/api/docker-py.json: ``run`` with
``detach`` both ways, ``ports=``, ``links=``, ``environment=``, ``remove=``, ``.ports``,
``.attrs``, ``.reload()``, ``.logs()``, ``.exec_run()``, ``list``/``get`` with filters, the
errors ``NotFound`` / ``APIError`` / ``ContainerError``, ``stop``/``start``/``restart``/
``remove``/``prune``) runs again, the same script, against a
:class:`~dockerlinks.server.DockerServer`: every call must return what it returned (or raise
what it raised, with the same message) after normalising IDs, names and times. Skipped when
docker-py is not installed (``pip install -e .[test]`` brings it).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from dockerlinks.engine import ContainerConfig, Engine
from dockerlinks.errors import DockerLinksError
from dockerlinks.server import DockerServer, run_request
from dockerlinks.server.dockerpy import run_body
from tests.daemon.conformance import normalise
from tests.test_server_replay import recorded_engine, recording

ROOT = Path(__file__).resolve().parents[1]

docker = pytest.importorskip("docker")


def _session_results() -> dict[str, dict[str, Any]]:
    """tests/daemon/dockerpy_session.py run against a server set up as the recording's
    daemon; its RESULT lines by step label."""
    doc = recording("docker-py.json")
    with DockerServer(recorded_engine(doc["source"]), clock="engine") as server:
        done = subprocess.run(
            [sys.executable, "-m", "tests.daemon.dockerpy_session", server.docker_host],
            input="\n" * 200,
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=120,
            check=False,
        )
    assert done.returncode == 0, done.stderr
    results = {}
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            result = json.loads(line[len("RESULT ") :])
            results[result["step"]] = result
    return results


_RESULTS: dict[str, dict[str, Any]] = {}


def results() -> dict[str, dict[str, Any]]:
    if not _RESULTS:
        _RESULTS.update(_session_results())
    return _RESULTS


_R5 = "engine: the shell's >&2 redirection"
KNOWN = {
    "15: web.exec_run('sh -c \"echo out; echo err >&2; exit 3\"')": _R5,
    "19: containers.run('training/webapp', ['sh', '-c', 'echo out; echo err >&2; exit 3'], "
    "name='pyfail')": _R5,
    "28: containers.run('no/such-image', detach=True)  # pull refused offline": (
        "Engine.pull refuses as a daemon that reaches a registry (ImageNotFound)"
    ),
}


def _cases() -> list[Any]:
    cases = []
    for command in recording("docker-py.json")["commands"]:
        label = command["label"]
        marks = [pytest.mark.xfail(strict=True, reason=KNOWN[label])] if label in KNOWN else []
        cases.append(pytest.param(command, id=label.split(":")[0], marks=marks))
    return cases


def _normalised(value: Any) -> Any:
    if isinstance(value, str):
        return normalise(value)
    if isinstance(value, dict):
        return {k: "<pid>" if k == "Pid" and v else _normalised(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalised(v) for v in value]
    return value


def _shown(value: Any) -> str:
    return json.dumps(_normalised(value), sort_keys=True)


@pytest.mark.parametrize("command", _cases())
def test_the_docker_py_call_behaves_as_against_dockerd(command: dict[str, Any]) -> None:
    label = command["label"]
    step = label.split(": ", 1)[1]
    ours = results()[step]
    if "raised" in command:
        assert (ours.get("raised"), _shown(ours.get("message", ""))) == (
            command["raised"],
            _shown(command["message"]),
        )
        assert ours.get("status_code") == command["status_code"]
        return
    assert "raised" not in ours, ours
    if label.startswith("0:") or label.endswith("client.close()"):
        return  # the client object's repr
    assert _shown(ours["returned"]) == _shown(command["returned"])


# ---------------------------------------------------------------------------- run keywords


def _created_bodies() -> list[Any]:
    """(call keywords, recorded body) of the session's containers.run calls with a body."""
    doc = recording("docker-py.json")
    by_seq = {e["seq"]: e for e in doc["exchanges"]}
    cases = []
    calls = {
        3: ("training/postgres", None, {"detach": True, "name": "pydb"}),
        4: (
            "training/webapp",
            None,
            {
                "detach": True,
                "name": "pyweb",
                "ports": {"5000/tcp": 8080},
                "links": {"pydb": "db"},
                "environment": {"MODE": "test", "EMPTY": ""},
            },
        ),
        5: (
            "training/webapp",
            None,
            {
                "detach": True,
                "name": "pyports",
                "ports": {
                    "5000/tcp": ("127.0.0.1", 8081),
                    "5001/tcp": None,
                    "5002/tcp": [8082, 8083],
                    "53/udp": 5353,
                },
            },
        ),
        6: (
            "training/webapp",
            None,
            {
                "detach": True,
                "name": "pyall",
                "publish_all_ports": True,
                "links": [("pydb", "database")],
                "environment": ["A=1", "B"],
            },
        ),
        17: ("training/webapp", "env", {"links": {"pydb": "db"}, "remove": True}),
        18: (
            "training/webapp",
            "cat /etc/hosts",
            {"links": {"pydb": "db"}, "stderr": True, "remove": True},
        ),
        19: ("training/webapp", ["sh", "-c", "echo out; echo err >&2; exit 3"], {"name": "pyfail"}),
    }
    for command in doc["commands"]:
        number = int(command["label"].split(":")[0])
        if number not in calls:
            continue
        create = by_seq[command["exchanges"][0]]
        assert "/containers/create" in create["request"]["target"]
        image, cmd, kwargs = calls[number]
        cases.append(pytest.param(image, cmd, kwargs, create["request"], id=str(number)))
    return cases


@pytest.mark.parametrize(("image", "command", "kwargs", "request_"), _created_bodies())
def test_run_body_is_what_docker_py_sends(
    image: str, command: Any, kwargs: dict[str, Any], request_: dict[str, Any]
) -> None:
    built = run_body(image, command, **kwargs)
    assert built["body"] == json.loads(request_["body"])
    name = request_["target"].partition("?name=")[2] or None
    assert built["name"] == name


def test_run_request_is_what_the_daemon_reads_from_docker_py() -> None:
    request = run_request(
        "training/webapp",
        detach=True,
        name="pyweb",
        ports={"5000/tcp": 8080, "53/udp": ("127.0.0.1", None)},
        links={"pydb": "db"},
        environment={"MODE": "test"},
    )
    assert request.name == "pyweb"
    assert request.links == ("pydb:db",)
    assert request.env == ("MODE=test",)
    assert request.port_bindings.to_api()["PortBindings"] == {
        "5000/tcp": [{"HostIp": "", "HostPort": "8080"}],
        "53/udp": [{"HostIp": "127.0.0.1", "HostPort": ""}],
    }
    engine, db = Engine.new(profile="20.10").run(ContainerConfig("training/postgres", name="pydb"))
    engine, web = engine.run(request)
    assert engine.inspect("pyweb")["HostConfig"]["Links"] == ["/pydb:/pyweb/db"]
    assert [e for e in web.process_env if e.startswith("DB_PORT=")] == [
        f"DB_PORT=tcp://{db.ip}:5432"
    ]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"volumes": {"/a": {}}},
        {"ports": "8080"},
        {"ports": {"5000/tcp": (1, 2, 3)}},
        {"links": "db"},
        {"environment": 5},
        {"name": 5},
        {"command": "echo 'unclosed"},
    ],
)
def test_run_request_refuses_what_it_cannot_translate(kwargs: dict[str, Any]) -> None:
    command = kwargs.pop("command", None)
    with pytest.raises(DockerLinksError):
        run_request("training/webapp", command, **kwargs)


def test_docker_py_errors_are_its_own() -> None:
    with DockerServer(profile="20.10", port_range=(32768, 60999), clock="engine") as server:
        client = docker.DockerClient(base_url=server.base_url)
        try:
            with pytest.raises(docker.errors.NotFound):
                client.containers.get("nope")
            with pytest.raises(docker.errors.ImageNotFound):
                client.images.get("no/such-image")
            with pytest.raises(docker.errors.ImageNotFound):
                client.containers.create("no/such-image")
            client.containers.run("training/webapp", detach=True, name="web")
            with pytest.raises(docker.errors.APIError) as conflict:
                client.containers.run("training/webapp", detach=True, name="web")
            assert conflict.value.status_code == 409
            web = client.containers.get("web")
            assert web.status == "running"
            assert client.images.get("training/webapp").id == web.attrs["Image"]
        finally:
            client.close()
