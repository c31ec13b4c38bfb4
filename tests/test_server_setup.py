"""What a served engine is built from (dockerlinks/server/setup.py): the kernel's port
range as the profile's dockerd reads it, --port-range, image files."""

from __future__ import annotations

from pathlib import Path

import pytest

from dockerlinks.errors import DockerLinksError, ImageError
from dockerlinks.profiles import get_profile
from dockerlinks.server.setup import (
    kernel_port_range,
    parse_image_lines,
    parse_port_range,
    served_engine,
)


@pytest.mark.parametrize(
    ("text", "profile", "expected"),
    [
        ("32768\t60999\n", "29.7", (32768, 60999)),
        ("32768\t60999\n", "20.10.5", (49153, 60999)),  # 20.10.0 - 20.10.21 clamp
        ("garbage", "29.7", (49153, 65535)),
    ],
)
def test_the_kernel_s_range(
    tmp_path: Path, text: str, profile: str, expected: tuple[int, int]
) -> None:
    path = tmp_path / "ip_local_port_range"
    path.write_text(text)
    assert kernel_port_range(get_profile(profile), str(path)) == expected


def test_an_unreadable_range_file_is_the_daemon_s_fallback(tmp_path: Path) -> None:
    assert kernel_port_range(get_profile("29.7"), str(tmp_path / "missing")) == (49153, 65535)


@pytest.mark.parametrize("text", ["", "1", "0-10", "10-1", "1-70000", "a-b", "1-2-3"])
def test_bad_port_ranges(text: str) -> None:
    with pytest.raises(DockerLinksError, match="invalid port range"):
        parse_port_range(text)


def test_image_files() -> None:
    text = (
        "# my images\n\n"
        "# dockerlinks: image redis expose=6379 env=REDIS_VERSION=7.2 cmd=redis-server\n"
        "  # dockerlinks: image training/webapp expose=5000,5001 workdir=/srv\n"
    )
    redis, webapp = parse_image_lines(text)
    assert (redis.name, [str(p) for p in redis.exposed]) == ("redis:latest", ["6379/tcp"])
    assert webapp.workdir == "/srv"
    engine = served_engine(profile="20.10", images=[redis, webapp], port_range=(32768, 60999))
    found = engine.images.find("training/webapp")
    assert found is not None
    assert [str(p) for p in found.exposed] == ["5000/tcp", "5001/tcp"]  # replaces the built-in


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("image redis\n", "f:1: expected '# dockerlinks: image NAME ...'"),
        ("\n# dockerlinks: image\n", "f:2: expected an image name after 'image'"),
        ("# dockerlinks: image Bad\n", "f:1: invalid reference format"),
        ("# dockerlinks: image redis colour=red\n", "f:1: image directive: unknown key"),
    ],
)
def test_bad_image_files_name_the_line(text: str, message: str) -> None:
    with pytest.raises(ImageError, match=message):
        parse_image_lines(text, source="f")
