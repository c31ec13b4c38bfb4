"""A pytest plugin: a served engine model for each test, and a docker-py client bound to it.

Installed with the package as the ``pytest11`` entry point ``dockerlinks``; every fixture is
opt-in (a test asks for it by name; nothing is autouse), so the plugin changes nothing for
tests that do not::

    fixture                      scope     what it is
    ---------------------------  --------  ----------------------------------------------
    dockerlinks_server           function  a fresh DockerServer on a private Unix socket
    dockerlinks_session_server   session   one DockerServer for the whole session
    dockerlinks_client           function  docker.DockerClient on dockerlinks_server
                                           (skipped when docker-py is not installed)
    dockerlinks_docker_env       function  DOCKER_HOST set to dockerlinks_server (and
                                           DOCKER_TLS_VERIFY, DOCKER_CERT_PATH and
                                           DOCKER_CONTEXT unset), for docker.from_env() or
                                           a docker CLI run by the code under test

The server's profile, seed, port range and images come from, first to last: the
``dockerlinks`` marker of the test (``@pytest.mark.dockerlinks(profile="20.10", seed=3,
port_range=(32768, 60999), images=[...])``), then the ini options ``dockerlinks_profile``,
``dockerlinks_seed``, ``dockerlinks_port_range`` (``LOW-HIGH``), then the library's defaults
(the default profile; the kernel's port range). Its clock is the engine's own ticks, so a
test sees the same IDs, names and times on every run.

The model's state is there to assert on: ``dockerlinks_server.engine`` is the engine value
as it is now (``.get("web").ports``, ``.process_env``, ``.hosts``) and
``dockerlinks_server.inspect("web")`` the document ``docker inspect`` prints.

What this module must not know: how the server answers (it only starts and stops one).
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Iterator
from types import ModuleType
from typing import Any, Protocol

import pytest


class DockerServer(Protocol):
    """What the fixtures use of :class:`dockerlinks.server.DockerServer` (the plugin imports
    the server only when a fixture first asks for one)."""

    @property
    def base_url(self) -> str: ...
    @property
    def docker_host(self) -> str: ...

    def start(self) -> DockerServer: ...
    def stop(self) -> None: ...


__all__ = [
    "dockerlinks_client",
    "dockerlinks_docker_env",
    "dockerlinks_server",
    "dockerlinks_session_server",
    "pytest_addoption",
    "pytest_configure",
]

_INI = (
    ("dockerlinks_profile", "the Docker release the served engine models (default: the library's)"),
    ("dockerlinks_seed", "the seed of the served engine's IDs and names (default 0)"),
    ("dockerlinks_port_range", "LOW-HIGH ephemeral host ports (default: the kernel's)"),
)


def pytest_addoption(parser: pytest.Parser) -> None:
    """The plugin's ini options."""
    for name, help_text in _INI:
        parser.addini(name, help_text, default=None)


def pytest_configure(config: pytest.Config) -> None:
    """Declare the ``dockerlinks`` marker."""
    config.addinivalue_line(
        "markers",
        "dockerlinks(profile=None, seed=0, port_range=None, images=()): the settings of the "
        "dockerlinks_server fixture's engine",
    )


def _library(name: str) -> ModuleType:
    """A module of the library, imported when a fixture first needs it. pytest loads this
    plugin in every session of an environment that has dockerlinks installed, before
    anything else (a coverage run included), and most sessions never ask for a fixture: at
    load time the plugin imports nothing of the library beyond this module."""
    return importlib.import_module(f"dockerlinks.{name}")


def _error(message: str) -> Exception:
    error: type[Exception] = _library("errors").DockerLinksError
    return error(message)


def _images(values: Any) -> list[Any]:
    images = _library("engine.images")
    out = []
    for value in values or ():
        if isinstance(value, images.Image):
            out.append(value)
        elif isinstance(value, str):
            out.append(images.parse_image_directive(value.removeprefix("# dockerlinks: image ")))
        else:
            raise _error(
                f"dockerlinks marker: an image is an Image or a directive, not {value!r:.60}"
            )
    return out


def _settings(config: pytest.Config, marker: pytest.Mark | None) -> dict[str, Any]:
    settings: dict[str, Any] = {}
    profile = config.getini("dockerlinks_profile")
    if profile:
        settings["profile"] = profile
    seed = config.getini("dockerlinks_seed")
    if seed:
        settings["seed"] = int(seed)
    port_range = config.getini("dockerlinks_port_range")
    if port_range:
        settings["port_range"] = _library("server").parse_port_range(port_range)
    if marker is not None:
        allowed = {"profile", "seed", "port_range", "images"}
        unknown = set(marker.kwargs) - allowed
        if unknown or marker.args:
            raise _error(
                f"dockerlinks marker: keywords only, among {sorted(allowed)}, not "
                f"{sorted(unknown) or list(marker.args)}"
            )
        settings.update(marker.kwargs)
    settings["images"] = _images(settings.get("images"))
    return settings


def _serve(settings: dict[str, Any]) -> DockerServer:
    server: DockerServer = _library("server").DockerServer(clock="engine", **settings)
    return server.start()


@pytest.fixture
def dockerlinks_server(request: pytest.FixtureRequest) -> Iterator[DockerServer]:
    """A fresh served engine for the test (stopped after it)."""
    server = _serve(_settings(request.config, request.node.get_closest_marker("dockerlinks")))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def dockerlinks_session_server(request: pytest.FixtureRequest) -> Iterator[DockerServer]:
    """One served engine for the whole session (the ini options' settings)."""
    server = _serve(_settings(request.config, None))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def dockerlinks_client(dockerlinks_server: DockerServer) -> Iterator[Any]:
    """A docker-py client talking to the test's served engine."""
    if importlib.util.find_spec("docker") is None:
        pytest.skip("docker-py is not installed (pip install docker)")
    docker = importlib.import_module("docker")
    client = docker.DockerClient(base_url=dockerlinks_server.base_url)
    try:
        yield client
    finally:
        client.close()


@pytest.fixture
def dockerlinks_docker_env(
    dockerlinks_server: DockerServer, monkeypatch: pytest.MonkeyPatch
) -> DockerServer:
    """``DOCKER_HOST`` pointing at the test's served engine (restored after the test)."""
    monkeypatch.setenv("DOCKER_HOST", dockerlinks_server.docker_host)
    for name in ("DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH", "DOCKER_CONTEXT"):
        monkeypatch.delenv(name, raising=False)
    return dockerlinks_server
