"""The pytest plugin (dockerlinks/pytest_plugin.py): opt-in fixtures serving a fresh engine,
a docker-py client on it, DOCKER_HOST for code that reads it; settings from a marker and the
ini file. Run in a pytester subprocess with the plugin loaded as the entry point loads it."""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path

import pytest

pytest_plugins = ("pytester",)

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def tester(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    return pytester


def _installed() -> bool:
    """Whether the package is installed with its ``pytest11`` entry point (pytest then loads
    the plugin itself, and ``-p`` would register it a second time)."""
    return any(ep.name == "dockerlinks" for ep in entry_points(group="pytest11"))


def _run(tester: pytest.Pytester, *args: str) -> pytest.RunResult:
    load = () if _installed() else ("-p", "dockerlinks.pytest_plugin")
    return tester.runpytest_subprocess(*load, "-p", "no:cacheprovider", *args)


def test_the_fixtures_serve_a_fresh_engine_per_test(tester: pytest.Pytester) -> None:
    tester.makepyfile(
        """
        import pytest

        def test_first(dockerlinks_server):
            engine = dockerlinks_server.engine
            assert engine.profile.name == "20.10"
            assert engine.containers == ()
            assert dockerlinks_server.docker_host.startswith("unix://")

        @pytest.mark.dockerlinks(profile="28.2", seed=7, port_range=(40000, 40010),
                                 images=["redis expose=6379"])
        def test_marker(dockerlinks_server):
            engine = dockerlinks_server.engine
            assert (engine.profile.name, engine.seed) == ("28.2", 7)
            assert (engine.port_begin, engine.port_end) == (40000, 40010)
            assert engine.images.find("redis") is not None

        def test_session(dockerlinks_session_server):
            assert dockerlinks_session_server.engine.profile.name == "20.10"
        """
    )
    tester.makeini("[pytest]\ndockerlinks_profile = 20.10\ndockerlinks_port_range = 32768-60999\n")
    result = _run(tester)
    result.assert_outcomes(passed=3)


def test_docker_py_and_the_model_s_state(tester: pytest.Pytester) -> None:
    pytest.importorskip("docker")
    tester.makepyfile(
        """
        import os
        import docker

        def test_run(dockerlinks_client, dockerlinks_server):
            db = dockerlinks_client.containers.run("training/postgres", detach=True, name="db")
            web = dockerlinks_client.containers.run(
                "training/webapp", detach=True, name="web",
                ports={"5000/tcp": None}, links={"db": "db"})
            web.reload()
            port = web.ports["5000/tcp"][0]["HostPort"]
            model = dockerlinks_server.engine.get("web")
            assert model.ports.entries[0][1][0].host_port == port
            db_ip = dockerlinks_server.engine.get("db").ip
            assert f"DB_PORT=tcp://{db_ip}:5432" in model.process_env
            assert dockerlinks_server.inspect("web")["HostConfig"]["Links"] == ["/db:/web/db"]

        def test_from_env(dockerlinks_docker_env):
            assert os.environ["DOCKER_HOST"] == dockerlinks_docker_env.docker_host
            client = docker.from_env()
            assert client.ping()
            client.close()
        """
    )
    tester.makeini("[pytest]\ndockerlinks_profile = 20.10\ndockerlinks_port_range = 32768-60999\n")
    _run(tester).assert_outcomes(passed=2)


def test_the_plugin_changes_nothing_for_tests_that_do_not_ask(tester: pytest.Pytester) -> None:
    tester.makepyfile(
        """
        import os

        def test_plain():
            assert "dockerlinks" not in os.environ.get("DOCKER_HOST", "")
        """
    )
    result = _run(tester, "--markers")
    result.stdout.fnmatch_lines(["@pytest.mark.dockerlinks(*"])
    _run(tester).assert_outcomes(passed=1)


def test_a_bad_marker_is_an_error_naming_it(tester: pytest.Pytester) -> None:
    tester.makepyfile(
        """
        import pytest

        @pytest.mark.dockerlinks(colour="red")
        def test_bad(dockerlinks_server):
            pass
        """
    )
    result = _run(tester)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*dockerlinks marker: keywords only*"])
