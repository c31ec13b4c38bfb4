"""The route table (dockerlinks/server/routes.py): every recorded request finds its handler."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dockerlinks.server.handlers import HANDLERS
from dockerlinks.server.routes import ROUTES, match, split_version

API = Path(__file__).parent / "data" / "daemon" / "20.10" / "api"
NAMES = ("cli-20.10.json", "cli-28.2.json", "docker-py.json")


def _requests() -> list[tuple[str, str]]:
    out = []
    for name in NAMES:
        for exchange in json.loads((API / name).read_text())["exchanges"]:
            request = exchange["request"]
            out.append((request["method"], request["target"].split("?")[0]))
    return sorted(set(out))


def test_every_route_has_a_handler_and_every_handler_a_route() -> None:
    assert {name for _, _, name in ROUTES} == set(HANDLERS)
    assert len({(method, path) for method, path, _ in ROUTES}) == len(ROUTES)


@pytest.mark.parametrize(("method", "target"), _requests())
def test_every_recorded_request_has_a_route(method: str, target: str) -> None:
    _, path = split_version(target)
    found = match(method, path)
    assert not isinstance(found, int), (method, target)


@pytest.mark.parametrize(
    ("method", "path", "expected"),
    [
        ("GET", "/containers/json", ("containers_list", {})),
        ("GET", "/containers/web/json", ("containers_inspect", {"id": "web"})),
        ("DELETE", "/containers/web/db", ("containers_remove", {"id": "web/db"})),
        ("POST", "/containers/web/db/stop", ("containers_stop", {"id": "web/db"})),
        ("GET", "/images/training/webapp/json", ("images_inspect", {"name": "training/webapp"})),
        ("GET", "/exec/abc/json", ("exec_inspect", {"id": "abc"})),
        ("GET", "/exec/a/b/json", 404),
        ("GET", "/containers/create", 405),
        ("PATCH", "/_ping", 405),
        ("GET", "/_ping/", 404),
        ("GET", "/", 404),
    ],
)
def test_routes(method: str, path: str, expected: object) -> None:
    assert match(method, path) == expected


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/v1.41/_ping", ("1.41", "/_ping")),
        ("/v1.5/info", ("1.5", "/info")),
        ("/v1/info", (None, "/v1/info")),
        ("/v1.41", (None, "/v1.41")),
        ("/info", (None, "/info")),
    ],
)
def test_the_version_prefix(path: str, expected: tuple[str | None, str]) -> None:
    assert split_version(path) == expected
