"""Behaviour profiles."""

from __future__ import annotations

import pytest

from dockerlinks.errors import ProfileError
from dockerlinks.profiles import CLASSIC, MODERN, PROFILES, Profile, get_profile


def test_names_resolve_to_the_predefined_profiles() -> None:
    assert get_profile("modern") is MODERN
    assert get_profile("classic") is CLASSIC
    assert PROFILES == {"modern": MODERN, "classic": CLASSIC}


def test_a_profile_value_passes_through() -> None:
    custom = MODERN.evolve(name="v28.0", allocator="classic")
    assert get_profile(custom) is custom
    assert (custom.link_env, custom.hosts, custom.allocator) == ("modern", "modern", "classic")


@pytest.mark.parametrize("bad", ["Modern", "", "v28", None, 3])
def test_unknown_profiles_are_refused(bad: object) -> None:
    with pytest.raises(ProfileError, match="unknown profile"):
        get_profile(bad)  # type: ignore[arg-type]


def test_modern_models_engine_v28_plus_with_the_current_cli() -> None:
    assert MODERN == Profile(
        name="modern",
        link_env="modern",
        hosts="modern",
        allocator="modern",
        parser="current",
        ps_brackets="all",
        ps_ip_order="numeric",
        link_vars=True,
    )


def test_classic_models_v1_10_to_v27() -> None:
    assert (CLASSIC.link_env, CLASSIC.hosts, CLASSIC.allocator) == ("classic",) * 3
    assert (CLASSIC.parser, CLASSIC.ps_brackets, CLASSIC.ps_ip_order) == ("v0.5", "none", "string")


def test_evolve_refuses_unknown_switches_and_values() -> None:
    with pytest.raises(ProfileError, match="unknown profile switch: colour"):
        MODERN.evolve(colour="blue")
    with pytest.raises(ProfileError, match="invalid profile switch value"):
        MODERN.evolve(allocator="future")
