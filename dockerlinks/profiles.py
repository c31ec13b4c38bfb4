"""Behaviour profiles: which Docker the library models.

Docker changed several of the behaviours this library models over its releases. A
:class:`Profile` names one consistent set of them; every function whose answer depends on the
release takes ``profile=`` (a :class:`Profile` or the name of a predefined one) and nothing
else is global.

Rule table (the columns are the fields of :class:`Profile`)::

    field        modern (default)          classic
    -----------  ------------------------  ------------------------------
    engine       Docker Engine v28+        Docker v1.10 - v27
    link_env     modern algorithm (v28+)   classic algorithm (v1.5 - v27)
    hosts        fe00::/ff00::, canonical  fe00::0/ff00::0, IP as given,
                 IPs, Delete checks the    Delete by names only
                 address
    allocator    v28.3+: 0.0.0.0 and ::    <= v28.2: every address is
                 conflict with their       independent
                 family, reserved ports
                 skipped (v29.6)
    parser       go-connections v0.7+      go-connections v0.5.0
                 (docker CLI v29.7)        (docker CLI v25 - v28.4)
    ps_brackets  "all" (v28.0+)            "none" (<= v27.1)
    ps_ip_order  "numeric" (after v29.7.2) "string" (<= v28)
    link_vars    True                      True

``link_vars=False`` models Docker v29's default, where the daemon sets no link environment
variables unless it runs with ``DOCKER_KEEP_DEPRECATED_LEGACY_LINKS_ENV_VARS=1``. Engines
v28.0 - v28.2 combined modern env/hosts with the classic allocator: use
``MODERN.evolve(allocator="classic")``.
"""

from __future__ import annotations

from typing import Literal, TypeAlias

import attrs

from dockerlinks.errors import ProfileError

__all__ = ["CLASSIC", "MODERN", "PROFILES", "Profile", "ProfileLike", "get_profile"]

Era: TypeAlias = Literal["modern", "classic"]
ParserGeneration: TypeAlias = Literal["v0.4", "v0.5", "v0.6", "current"]
Brackets: TypeAlias = Literal["none", "mapped", "all"]
IpOrder: TypeAlias = Literal["string", "text", "numeric"]

_ERAS = ("modern", "classic")


@attrs.frozen
class Profile:
    """One consistent set of Docker behaviours (see the module's rule table)."""

    name: str
    link_env: Era = attrs.field(validator=attrs.validators.in_(_ERAS))
    hosts: Era = attrs.field(validator=attrs.validators.in_(_ERAS))
    allocator: Era = attrs.field(validator=attrs.validators.in_(_ERAS))
    parser: ParserGeneration = attrs.field(
        validator=attrs.validators.in_(("v0.4", "v0.5", "v0.6", "current"))
    )
    ps_brackets: Brackets = attrs.field(validator=attrs.validators.in_(("none", "mapped", "all")))
    ps_ip_order: IpOrder = attrs.field(
        validator=attrs.validators.in_(("string", "text", "numeric"))
    )
    link_vars: bool = True

    def evolve(self, **changes: object) -> Profile:
        """A copy with some switches changed (unknown switches raise :class:`ProfileError`)."""
        unknown = sorted(set(changes) - {f.name for f in attrs.fields(Profile)})
        if unknown:
            raise ProfileError(f"unknown profile switch: {unknown[0]}")
        try:
            return attrs.evolve(self, **changes)  # type: ignore[arg-type]
        except ValueError as exc:
            raise ProfileError(f"invalid profile switch value: {exc.args[0]}") from None


MODERN = Profile(
    name="modern",
    link_env="modern",
    hosts="modern",
    allocator="modern",
    parser="current",
    ps_brackets="all",
    ps_ip_order="numeric",
)
CLASSIC = Profile(
    name="classic",
    link_env="classic",
    hosts="classic",
    allocator="classic",
    parser="v0.5",
    ps_brackets="none",
    ps_ip_order="string",
)
PROFILES: dict[str, Profile] = {"modern": MODERN, "classic": CLASSIC}

ProfileLike: TypeAlias = "Profile | str"


def get_profile(profile: Profile | str) -> Profile:
    """Resolve a profile name (``"modern"``, ``"classic"``) or pass a :class:`Profile` through.

    >>> get_profile("classic").allocator
    'classic'
    >>> get_profile("future")
    Traceback (most recent call last):
    ...
    dockerlinks.errors.ProfileError: unknown profile: 'future' (expected 'modern' or 'classic')
    """
    if isinstance(profile, Profile):
        return profile
    if isinstance(profile, str) and profile in PROFILES:
        return PROFILES[profile]
    raise ProfileError(f"unknown profile: {profile!r} (expected 'modern' or 'classic')")
