"""Behaviour profiles: release tables, the three axes, the text grammar, the 0.1 names."""

from __future__ import annotations

import re

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dockerlinks.errors import ProfileError
from dockerlinks.profiles import (
    CLASSIC,
    CLI_RELEASES,
    DAEMON_RELEASES,
    DEFAULT,
    MODERN,
    PROFILES,
    Cli,
    Daemon,
    Profile,
    get_profile,
    releases,
)


def test_aliases() -> None:
    assert PROFILES == {"default": DEFAULT, "modern": MODERN, "classic": CLASSIC}
    assert get_profile() is DEFAULT
    assert get_profile(None) is DEFAULT
    assert get_profile("modern") is MODERN
    assert get_profile("classic") is CLASSIC


def test_the_default_is_a_stock_docker_29_7() -> None:
    assert (DEFAULT.cli.release, DEFAULT.daemon.release) == ("29.7", "29.7")
    assert DEFAULT.daemon.link_vars is False
    assert DEFAULT.daemon.legacy_links_env is False
    assert DEFAULT.daemon.userland_proxy is True
    assert not DEFAULT.daemon.sets_link_vars


def test_modern_is_29_7_with_the_legacy_links_opt_in() -> None:
    assert MODERN.cli == DEFAULT.cli
    assert MODERN.daemon == attrs.evolve(DEFAULT.daemon, legacy_links_env=True)
    assert MODERN.daemon.sets_link_vars


def test_classic_is_docker_27_1() -> None:
    plain = get_profile("27.1")
    assert (CLASSIC.cli, CLASSIC.daemon) == (plain.cli, plain.daemon)
    assert (CLASSIC.daemon.link_env, CLASSIC.daemon.hosts) == ("classic", "classic")
    assert CLASSIC.daemon.ip_conflicts == "independent"
    assert (CLASSIC.cli.port_parser, CLASSIC.cli.ps_brackets) == ("v0.5", "none")


@pytest.mark.parametrize(
    ("text", "cli", "daemon"),
    [
        ("20.10", "20.10", "20.10"),
        ("20.10.24", "20.10.24", "20.10.24"),
        ("28.2.2", "28.2.2", "28.2.2"),
        ("20.10,cli=28.2", "28.2", "20.10"),
        ("20.10 cli=28.2", "28.2", "20.10"),
    ],
)
def test_release_text(text: str, cli: str, daemon: str) -> None:
    profile = get_profile(text)
    assert (profile.cli.release, profile.daemon.release) == (cli, daemon)


def test_a_patch_picks_its_lines_rows() -> None:
    # 20.10.0 - 20.10.21 clamped the ephemeral range; 20.10.22 stopped (moby/moby#44476)
    assert get_profile("20.10.5").daemon.range_clamp is True
    assert get_profile("20.10.22").daemon.range_clamp is False
    assert get_profile("20.10").daemon.range_clamp is False  # the line's newest patch
    # the CLI took go-connections v0.7.0 in 29.4.1 (docker/cli#6930)
    assert get_profile("29.4").cli.port_parser == "current"  # the line's newest patch
    assert get_profile("29.4.0").cli.port_parser == "v0.6"
    assert get_profile("29.4.1").cli.port_parser == "current"
    assert get_profile("29.5").cli.port_parser == "current"


def test_cli_and_daemon_combine() -> None:
    pair = get_profile("20.10", cli="28.2")
    assert pair.cli == get_profile("28.2").cli
    assert pair.daemon == get_profile("20.10").daemon
    assert pair.api.version == "1.41"  # the lower of the two
    assert get_profile(pair) is pair
    assert get_profile(get_profile("20.10"), cli="28.2") == pair
    assert pair.name == "20.10,cli=28.2"


def test_a_v29_cli_refuses_an_old_daemon() -> None:
    with pytest.raises(ProfileError) as info:
        get_profile("20.10", cli="29.7")
    assert info.value.docker_message.endswith(
        "API version 1.41 is not supported by this client: the minimum supported API version "
        "is 1.44"
    )


@pytest.mark.parametrize(
    ("text", "proxy", "legacy"),
    [
        ("29.7,legacy-links-env=true", True, True),
        ("27.1,userland-proxy=false", False, False),
        ("modern,userland-proxy=off", False, True),
        ("modern,legacy-links-env=false", True, False),
    ],
)
def test_daemon_options(text: str, proxy: bool, legacy: bool) -> None:
    daemon = get_profile(text).daemon
    assert (daemon.userland_proxy, daemon.legacy_links_env) == (proxy, legacy)


@pytest.mark.parametrize(
    "bad",
    [
        "Modern",
        "",
        "v28",
        "19.03",
        "30.0",
        "29.8",
        "28.2,cli=31.0",
        "28.2,colour=blue",
        "28.2,userland-proxy=maybe",
        "28.2,cli",
        "x" * 500,
        None.__class__,
        3,
    ],
)
def test_unknown_profiles_are_refused(bad: object) -> None:
    with pytest.raises(ProfileError):
        get_profile(bad)  # type: ignore[arg-type]


@given(st.text(max_size=40))
def test_any_text_is_a_profile_or_a_profile_error(text: str) -> None:
    try:
        profile = get_profile(text)
    except ProfileError:
        return
    assert isinstance(profile, Profile)


def _fold(table: tuple[tuple[str, dict[str, object], str], ...]) -> dict[str, object]:
    folded: dict[str, object] = {}
    for _, changes, _ in table:
        folded.update(changes)
    return folded


@pytest.mark.parametrize(
    ("table", "axis"), [(CLI_RELEASES, Cli), (DAEMON_RELEASES, Daemon)], ids=["cli", "daemon"]
)
def test_release_tables(table: tuple[tuple[str, dict[str, object], str], ...], axis: type) -> None:
    names = [row[0] for row in table]
    assert names == sorted(names, key=lambda n: tuple(map(int, n.split("."))))
    options = {"userland_proxy", "legacy_links_env"}
    switches = {f.name for f in attrs.fields(axis)} - {"release"} - options
    assert set(table[0][1]) == switches  # the first row sets every switch
    for release, changes, source in table:
        assert set(changes) <= switches, release
        # every row cites its public source: a repository and a tag
        assert re.match(r"(docker/cli|moby/moby) (v|docker-v)[0-9]", source), source


def test_every_release_is_a_profile() -> None:
    for release in releases():
        profile = get_profile(release)
        assert profile.daemon.api_version.startswith("1.")


def test_api_versions_per_release() -> None:
    # moby api/common.go at each tag
    expected = {
        "20.10": "1.41",
        "23.0": "1.42",
        "24.0": "1.43",
        "25.0": "1.44",
        "26.0": "1.45",
        "27.1": "1.46",
        "27.2": "1.47",
        "28.0": "1.48",
        "28.1": "1.49",
        "28.2": "1.50",
        "28.5": "1.51",
        "29.1": "1.52",
        "29.2": "1.53",
        "29.5": "1.54",
        "29.7": "1.55",
    }
    for release, version in expected.items():
        assert get_profile(release).daemon.api_version == version, release


def test_evolve_changes_axes() -> None:
    custom = get_profile("28.2").evolve(name="v28.2+", daemon={"ip_conflicts": "family"})
    assert custom.name == "v28.2+"
    assert custom.daemon.ip_conflicts == "family"
    with pytest.raises(ProfileError, match="unknown profile switch: colour"):
        MODERN.evolve(cli={"colour": "blue"})
    with pytest.raises(ProfileError, match="invalid"):
        MODERN.evolve(daemon={"link_env": "future"})


def test_the_0_1_switch_names_still_work() -> None:
    # dockerlinks 0.1 had flat switches; they are views of the axes now
    custom = MODERN.evolve(name="v28.0", allocator="classic")
    assert (custom.link_env, custom.hosts, custom.allocator) == ("modern", "modern", "classic")
    assert MODERN.evolve(link_vars=False).link_vars is False
    assert MODERN.evolve(parser="v0.5").cli.expose_parser == "v0.5"
    assert (CLASSIC.parser, CLASSIC.ps_brackets, CLASSIC.ps_ip_order) == ("v0.5", "none", "string")
    with pytest.raises(ProfileError, match="unknown profile switch: colour"):
        MODERN.evolve(colour="blue")
    with pytest.raises(ProfileError, match="invalid profile switch value"):
        MODERN.evolve(allocator="future")


def test_switch_values_are_checked() -> None:
    with pytest.raises(ProfileError):
        attrs.evolve(DEFAULT.daemon, userland_proxy="yes")  # type: ignore[arg-type]
    with pytest.raises(ProfileError, match="invalid port_parser: 'v9'"):
        attrs.evolve(DEFAULT.cli, port_parser="v9")  # type: ignore[arg-type]
