"""The create request and the CLI's flags for it (``engine.config``)."""

from __future__ import annotations

import json

import pytest

from dockerlinks.engine.config import ContainerConfig, CreateRequest, cli_env
from dockerlinks.errors import EngineError, EnvFileError


@pytest.mark.parametrize(
    ("value", "message"),
    [
        # docker/cli opts.ValidateEnv
        ("=x", "invalid environment variable: =x"),
        (1, "invalid environment variable: 1"),
    ],
)
def test_env_values_the_cli_refuses(value: object, message: str) -> None:
    with pytest.raises(EnvFileError) as info:
        cli_env([value], [], [])  # type: ignore[list-item]
    assert info.value.docker_message == message


def test_a_string_where_a_list_belongs_is_refused() -> None:
    # issue 10: publish="80" published ports 8 and 0
    with pytest.raises(EngineError):
        ContainerConfig("training/webapp", publish="80")


@pytest.mark.parametrize(
    ("release", "throttle", "ulimits"),
    [
        # recorded: tests/data/daemon/20.10/api/cli-*.json, POST /containers/create
        ("20.10", None, None),
        ("28.2", [], []),
        # docker/cli v23.0.0 opts/throttledevice.go, v25.0.0 opts/ulimit.go: GetList
        ("23.0", [], None),
        ("25.0", [], []),
    ],
)
def test_the_cli_s_request_sends_its_release_s_empty_lists(
    release: str, throttle: object, ulimits: object
) -> None:
    request = ContainerConfig("training/webapp").request(release)
    sent = json.loads(request.host_config_json)
    assert sent.get("BlkioDeviceReadBps") == throttle
    assert sent.get("BlkioDeviceWriteIOps") == throttle
    assert sent.get("Ulimits") == ulimits
    assert sent["Dns"] == []
    assert sent["MemorySwappiness"] == -1


def test_attached_streams_follow_detach_and_interactive() -> None:
    image = "training/webapp"
    assert ContainerConfig(image, detach=True).request().attach == ()
    assert ContainerConfig(image).request().attach == ("stdout", "stderr")
    assert ContainerConfig(image, interactive=True).request().attach == (
        "stdin",
        "stdout",
        "stderr",
    )


@pytest.mark.parametrize("text", ["[]", "{", "1", "x" * 10])
def test_host_config_json_must_be_a_json_object(text: str) -> None:
    with pytest.raises(EngineError):
        CreateRequest("training/webapp", host_config_json=text)
