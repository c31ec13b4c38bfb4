"""Behaviour profiles: which Docker release the library models, CLI and daemon apart.

What it must not know: any rule's implementation; the switches are data that the rule modules
read.

Docker changed the behaviours this library models many times, and the docker CLI and the
daemon change apart (the 28.2 CLI against a 20.10 daemon is a real, common pair). A
:class:`Profile` is one closed set of named switches on three axes:

* :class:`Cli` -- the ``docker`` command: its ``-p`` and ``--expose`` parsers (vendored
  go-connections), its message texts, how ``docker port`` and ``docker ps`` print;
* :class:`Daemon` -- ``dockerd``: link variables, ``/etc/hosts``, the host-port allocator and
  the bridge driver's binding rules, its error texts, and two daemon options (the userland
  proxy, the legacy-links environment opt-in);
* :class:`Api` -- the Engine API version the two negotiate, which decides the shape of the
  ``docker inspect`` document.

Every function whose answer depends on the release takes ``profile=``: a :class:`Profile`, or
text naming one (:func:`get_profile`). Nothing else is global.

Profile text grammar (:func:`get_profile`)::

    profile  = release-or-alias , { sep , option } ;      (* "20.10,cli=28.2" *)
    sep      = "," | " " ;
    option   = "cli=" , release                           (* the docker CLI's release *)
             | "userland-proxy=" , bool                   (* dockerd --userland-proxy *)
             | "legacy-links-env=" , bool ;               (* DOCKER_KEEP_DEPRECATED_LEGACY_
                                                             LINKS_ENV_VARS=1 (v29+) *)
    release  = major , "." , minor , [ "." , patch ] ;    (* a patch picks its line's row *)
    alias    = "modern" | "classic" | "default" ;

A release names the newest table row at or below it: ``"28.2.2"`` is the 28.2 row, ``"28.2"``
the newest row of the 28.2 line, ``"29.4.1"`` the row where the CLI took go-connections
v0.7.0. Each row below lists only what changed, with the upstream change it comes from; a
profile is the fold of every row up to its release. Releases before 20.10 and after the
newest row are refused.

The library's default (``profile=None``, ``"default"``) is :data:`DEFAULT`: a stock Docker
29.7 -- CLI and daemon 29.7 as installed, so **no link variables** (Docker 29 sets none unless
the daemon opts in). ``"modern"`` is the same release with that opt-in
(``legacy-links-env=true``); ``"classic"`` is Docker 27.1, the last release with the classic
link variables, hosts file, allocator rules and unbracketed PORTS column together.

Where each switch is used is listed in the switch's docstring; no code tests a switch for
anything else.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any, Literal, TypeAlias, TypeVar

import attrs

from dockerlinks._args import check_type, checked, instance_of, mapping, shown
from dockerlinks.errors import ProfileError

__all__ = [
    "CLASSIC",
    "CLI_RELEASES",
    "DAEMON_RELEASES",
    "DEFAULT",
    "MODERN",
    "PROFILES",
    "Api",
    "Cli",
    "Daemon",
    "Profile",
    "ProfileLike",
    "get_profile",
    "releases",
]

PortParser: TypeAlias = Literal["v0.4", "v0.5", "v0.6", "current"]
ExposeParser: TypeAlias = Literal["v0.4", "v0.5", "moby"]
CliMessages: TypeAlias = Literal["20.10", "23.0", "28.0", "28.0.2", "29.0"]
PortCommand: TypeAlias = Literal["20.10", "23.0", "29.0"]
Brackets: TypeAlias = Literal["none", "mapped", "all"]
IpOrder: TypeAlias = Literal["string", "text", "numeric"]
RmMissing: TypeAlias = Literal["report", "silent"]
InspectTypes: TypeAlias = Literal["strings", "netip"]
LinkEnv: TypeAlias = Literal["classic", "modern"]
Hosts: TypeAlias = Literal["classic", "modern"]
IpConflicts: TypeAlias = Literal["independent", "family"]
BindingOrder: TypeAlias = Literal["sort-port-map", "bridge-sort"]
Twins: TypeAlias = Literal["separate", "same-port"]
StartOrder: TypeAlias = Literal["ports-first", "links-first"]
DaemonMessages: TypeAlias = Literal["20.10", "25.0", "27.0", "28.0", "28.0.1", "28.2", "29.0"]
SubnetOrder: TypeAlias = Literal["next-fit", "lowest-free"]
NetworkOptions: TypeAlias = Literal["20.10", "25.0", "28.0"]
DnsWarning: TypeAlias = Literal["before-create", "after-create"]
EndpointFields: TypeAlias = Literal["20.10", "25.0", "27.0", "28.0", "29.0"]
_ENDPOINT_FIELDS = ("20.10", "25.0", "27.0", "28.0", "29.0")


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def _api_text(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    del instance
    if not isinstance(value, str) or re.fullmatch(r"1\.[0-9]{2}", value) is None:
        raise ProfileError(f"invalid {attribute.name}: {shown(value)} (expected an API version)")


def _release_text(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    del instance
    if not isinstance(value, str) or re.fullmatch(r"[0-9]+\.[0-9]+(\.[0-9]+)?", value) is None:
        raise ProfileError(f"invalid {attribute.name}: {shown(value)} (expected a release)")


def _one_of(*values: object) -> Any:
    def check(instance: object, attribute: attrs.Attribute[object], value: object) -> None:
        del instance
        if not any(type(value) is type(v) and value == v for v in values):
            allowed = ", ".join(repr(v) for v in values)
            raise ProfileError(f"invalid {attribute.name}: {shown(value)} (one of {allowed})")

    return check


def _boolean(instance: object, attribute: attrs.Attribute[bool], value: bool) -> None:
    del instance
    if type(value) is not bool:
        raise ProfileError(f"invalid {attribute.name}: {shown(value)} (expected True or False)")


@attrs.frozen
class Cli:
    """The docker CLI's switches (one release line of docker/cli)."""

    release: str = attrs.field(validator=_release_text)
    #: The newest Engine API version the client speaks (it negotiates down to the daemon's).
    api_version: str = attrs.field(validator=_api_text)
    #: The oldest daemon API the client accepts (v29: 1.44; older daemons are refused).
    api_minimum: str = attrs.field(validator=_api_text)
    #: The go-connections ``nat`` generation behind ``-p`` (:mod:`dockerlinks.ports.short`).
    port_parser: PortParser = attrs.field(validator=_one_of("v0.4", "v0.5", "v0.6", "current"))
    #: The ``--expose`` parser (:mod:`dockerlinks.ports.expose`).
    expose_parser: ExposeParser = attrs.field(validator=_one_of("v0.4", "v0.5", "moby"))
    #: The catalogue of the CLI's own texts (:data:`dockerlinks.messages.CLI_MESSAGES`).
    messages: CliMessages = attrs.field(
        validator=_one_of("20.10", "23.0", "28.0", "28.0.2", "29.0")
    )
    #: Which ``docker port`` implementation (:func:`dockerlinks.display.port_lines`): how it
    #: reads its argument, prints addresses and orders lines.
    port_command: PortCommand = attrs.field(validator=_one_of("20.10", "23.0", "29.0"))
    #: The PORTS column's IPv6 brackets (:func:`dockerlinks.display.ps_ports`).
    ps_brackets: Brackets = attrs.field(validator=_one_of("none", "mapped", "all"))
    #: The PORTS column's address order (:func:`dockerlinks.display.ps_ports`).
    ps_ip_order: IpOrder = attrs.field(validator=_one_of("string", "text", "numeric"))
    #: ``docker rm -f`` of a missing container: ``report`` the error (exit 0) or stay ``silent``.
    rm_missing: RmMissing = attrs.field(validator=_one_of("report", "silent"))
    #: The API types the CLI decodes an inspect document into (:mod:`dockerlinks.engine.
    #: inspect`): ``strings`` (<= v28) or moby's ``netip`` / ``network.Port`` types (v29+).
    inspect_types: InspectTypes = attrs.field(validator=_one_of("strings", "netip"))
    #: Whether the create request sends the unset blkio throttle lists as ``[]`` (v23+) or
    #: ``null`` (what ``docker inspect`` then shows in ``HostConfig``;
    #: :mod:`dockerlinks.engine.config`).
    empty_throttle_lists: bool = attrs.field(validator=_boolean)
    #: Whether the create request sends the unset ``Ulimits`` as ``[]`` (v25+) or ``null``.
    empty_ulimits: bool = attrs.field(validator=_boolean)
    #: How ``--network``, ``--network-alias``, ``--ip``, ``--link`` and ``--mac-address`` become
    #: the create request's ``NetworkingConfig`` (:meth:`dockerlinks.engine.ContainerConfig.
    #: request`): ``20.10`` only with ``--network`` (else dropped), ``--link`` copied to any
    #: first network; ``25.0`` a ``default`` endpoint without ``--network``, the MAC address
    #: per network; ``28.0`` ``--link`` copied only to a user-defined network.
    network_options: NetworkOptions = attrs.field(validator=_one_of("20.10", "25.0", "28.0"))
    #: When the CLI warns about a loopback ``--dns``: ``before-create`` (its own line, even
    #: when the create fails) or ``after-create`` (with the daemon's warnings, v28.0.2+)
    #: (:mod:`dockerlinks.client.commands`).
    dns_warning: DnsWarning = attrs.field(validator=_one_of("before-create", "after-create"))
    #: The ``EndpointSettings`` struct the CLI decodes inspect documents into, named by the
    #: release of its vendored API types: its field order and fields when a template
    #: re-encodes them (:func:`dockerlinks.engine.inspect.typed_document`).
    endpoint_fields: EndpointFields = attrs.field(validator=_one_of(*_ENDPOINT_FIELDS))
    #: Whether ``docker network ls`` templates have ``.IPv4`` (:mod:`dockerlinks.client.output`).
    network_ipv4: bool = attrs.field(validator=_boolean)


@attrs.frozen
class Daemon:
    """dockerd's switches (one release line of moby), and two daemon options."""

    release: str = attrs.field(validator=_release_text)
    #: The Engine API version the daemon serves.
    api_version: str = attrs.field(validator=_api_text)
    #: The link variables' algorithm (:func:`dockerlinks.links.link_env`).
    link_env: LinkEnv = attrs.field(validator=_one_of("classic", "modern"))
    #: Whether the release sets link variables by default (v29: not without the opt-in).
    link_vars: bool = attrs.field(validator=_boolean)
    #: ``/etc/hosts`` rules (:mod:`dockerlinks.hosts`).
    hosts: Hosts = attrs.field(validator=_one_of("classic", "modern"))
    #: Whether ``0.0.0.0`` / ``::`` conflict with every address of their family in the
    #: allocator (v28.3+) or every address is independent.
    ip_conflicts: IpConflicts = attrs.field(validator=_one_of("independent", "family"))
    #: Whether ephemeral requests skip the kernel's reserved ports (v29.6+).
    reserved_ports: bool = attrs.field(validator=_boolean)
    #: 20.10.0 - 20.10.21: the kernel's ephemeral range clamped to 49153 - 60999.
    range_clamp: bool = attrs.field(validator=_boolean)
    #: How bindings are ordered before allocation: go-connections ``SortPortMap`` (<= v26) or
    #: the bridge driver's own sort (v27+).
    binding_order: BindingOrder = attrs.field(validator=_one_of("sort-port-map", "bridge-sort"))
    #: The ``::`` twin of a default binding: a ``separate`` request (<= v26, ports may differ)
    #: or the ``same-port`` as its IPv4 binding (v27+).
    twins: Twins = attrs.field(validator=_one_of("separate", "same-port"))
    #: Whether bindings of ports missing from ``ExposedPorts`` are published too (v29+; the
    #: CLI always exposes its ``-p`` ports, so only Engine-API clients see the difference).
    publish_unexposed: bool = attrs.field(validator=_boolean)
    #: Whether an explicit host range is retried on a bind failure (v27+).
    range_retry: bool = attrs.field(validator=_boolean)
    #: At start: ports allocated before the linked children are checked (<= v27), or after.
    start_order: StartOrder = attrs.field(validator=_one_of("ports-first", "links-first"))
    #: The catalogue of the daemon's texts (:data:`dockerlinks.messages.DAEMON_MESSAGES`).
    messages: DaemonMessages = attrs.field(
        validator=_one_of("20.10", "25.0", "27.0", "28.0", "28.0.1", "28.2", "29.0")
    )
    #: How ``docker network create`` picks a default pool (:mod:`dockerlinks.engine.network`).
    subnet_order: SubnetOrder = attrs.field(validator=_one_of("next-fit", "lowest-free"))
    #: The daemon's ``EndpointSettings`` (``NetworkSettings.Networks[*]`` of inspect), named by
    #: release: field order, ``DNSNames`` (v25+), ``GwPriority`` (v28+), and whether the short
    #: ID is stored among a user-defined network's ``Aliases`` (<= v24) or added by the inspect
    #: route for API < 1.45 (v25+) (:mod:`dockerlinks.engine.inspect`).
    endpoint_fields: EndpointFields = attrs.field(validator=_one_of(*_ENDPOINT_FIELDS))
    #: Daemon option ``--userland-proxy`` (default true in every release).
    userland_proxy: bool = attrs.field(default=True, validator=_boolean)
    #: Daemon option ``DOCKER_KEEP_DEPRECATED_LEGACY_LINKS_ENV_VARS=1`` (meaningful from v29).
    legacy_links_env: bool = attrs.field(default=False, validator=_boolean)

    @property
    def sets_link_vars(self) -> bool:
        """Whether containers get link variables: the release's default or the opt-in."""
        return self.link_vars or self.legacy_links_env


def _negotiated(cli: Cli, daemon: Daemon) -> str:
    return min(cli.api_version, daemon.api_version, key=_version)


@attrs.frozen
class Api:
    """The Engine API version the CLI and the daemon agree on (the lower of theirs)."""

    version: str = attrs.field(validator=_api_text)

    def at_least(self, version: str) -> bool:
        """Whether the negotiated version is ``version`` or newer.

        >>> Api("1.41").at_least("1.44"), Api("1.52").at_least("1.44")
        (False, True)
        """
        try:
            wanted = _version(check_type(version, str, "version"))
        except ValueError:
            raise ProfileError(f"invalid API version: {shown(version)}") from None
        return _version(self.version) >= wanted


@attrs.frozen
class Profile:
    """One Docker setup: a CLI, a daemon, the API between them (see the module docstring)."""

    name: str = attrs.field(validator=instance_of(str, error=ProfileError))
    cli: Cli = attrs.field(validator=instance_of(Cli, error=ProfileError))
    daemon: Daemon = attrs.field(validator=instance_of(Daemon, error=ProfileError))
    api: Api = attrs.field(validator=instance_of(Api, error=ProfileError))

    @api.default
    def _api_default(self) -> Api:
        # a default is made before the validators run: check what it reads
        cli = check_type(self.cli, Cli, "cli", error=ProfileError)
        daemon = check_type(self.daemon, Daemon, "daemon", error=ProfileError)
        return Api(_negotiated(cli, daemon))

    def __attrs_post_init__(self) -> None:
        if _version(self.daemon.api_version) < _version(self.cli.api_minimum):
            raise ProfileError(
                f"docker CLI {self.cli.release} cannot talk to dockerd {self.daemon.release}: "
                f"API version {self.daemon.api_version} is not supported by this client: the "
                f"minimum supported API version is {self.cli.api_minimum}"
            )

    def with_cli(self, release: str) -> Profile:
        """The same daemon with another CLI release.

        >>> get_profile("20.10").with_cli("28.2").name
        '20.10,cli=28.2'
        """
        cli = _fold(CLI_RELEASES, release, "docker CLI")
        assert isinstance(cli, Cli)
        return _make(cli, self.daemon, self._alias())

    def with_daemon_options(
        self, *, userland_proxy: bool | None = None, legacy_links_env: bool | None = None
    ) -> Profile:
        """The same profile with daemon options changed.

        >>> get_profile("29.7").with_daemon_options(legacy_links_env=True).daemon.sets_link_vars
        True
        """
        daemon = self.daemon
        if userland_proxy is not None:
            daemon = _evolve(daemon, userland_proxy=userland_proxy)
        if legacy_links_env is not None:
            daemon = _evolve(daemon, legacy_links_env=legacy_links_env)
        assert isinstance(daemon, Daemon)
        return _make(self.cli, daemon, self._alias())

    # The flat switch names of dockerlinks 0.1: read-only views of the axes, kept for code
    # written against them (deprecated; the library itself reads the axes).

    @property
    def link_env(self) -> LinkEnv:
        """Deprecated view of ``daemon.link_env``."""
        return self.daemon.link_env

    @property
    def hosts(self) -> Hosts:
        """Deprecated view of ``daemon.hosts``."""
        return self.daemon.hosts

    @property
    def parser(self) -> PortParser:
        """Deprecated view of ``cli.port_parser``."""
        return self.cli.port_parser

    @property
    def ps_brackets(self) -> Brackets:
        """Deprecated view of ``cli.ps_brackets``."""
        return self.cli.ps_brackets

    @property
    def ps_ip_order(self) -> IpOrder:
        """Deprecated view of ``cli.ps_ip_order``."""
        return self.cli.ps_ip_order

    @property
    def link_vars(self) -> bool:
        """Deprecated view of ``daemon.sets_link_vars``."""
        return self.daemon.sets_link_vars

    @property
    def allocator(self) -> LinkEnv:
        """Deprecated view: ``"modern"`` when ``daemon.ip_conflicts`` is ``"family"``."""
        return "modern" if self.daemon.ip_conflicts == "family" else "classic"

    def _alias(self) -> str | None:
        """The predefined profile this one was made from, if any (it names the result)."""
        head = self.name.split(",", 1)[0]
        return head if head in ("modern", "classic", "default") else None

    @checked(
        name=(str, None),
        cli=mapping(str, object, optional=True),
        daemon=mapping(str, object, optional=True),
    )
    def evolve(
        self,
        *,
        name: str | None = None,
        cli: Mapping[str, object] | None = None,
        daemon: Mapping[str, object] | None = None,
        **legacy: object,
    ) -> Profile:
        """A copy with switches of the CLI and daemon axes changed (for setups no release has).

        The flat switch names of dockerlinks 0.1 (``link_env``, ``hosts``, ``allocator``,
        ``parser``, ``ps_brackets``, ``ps_ip_order``, ``link_vars``) are still accepted as
        keywords and mapped onto the axes (deprecated).

        >>> get_profile("28.2").evolve(daemon={"ip_conflicts": "family"}).daemon.ip_conflicts
        'family'
        """
        cli_changes = dict(cli or {})
        daemon_changes = dict(daemon or {})
        for key, value in legacy.items():
            mapped = _LEGACY_SWITCHES.get(key)
            if mapped is None:
                raise ProfileError(f"unknown profile switch: {key}")
            try:
                axis, changes = mapped(value)
            except (KeyError, TypeError):
                raise ProfileError(f"invalid profile switch value: {key}={shown(value)}") from None
            (cli_changes if axis == "cli" else daemon_changes).update(changes)
        new_cli = _evolve(self.cli, **cli_changes)
        new_daemon = _evolve(self.daemon, **daemon_changes)
        changed = {**cli_changes, **daemon_changes}
        label = name or (self.name + "".join(f",{k}={v}" for k, v in changed.items()))
        return Profile(label, new_cli, new_daemon)


_A = TypeVar("_A", "Cli", "Daemon")


_EXPOSE_FOR_PARSER = {"current": "moby", "v0.6": "moby", "v0.5": "v0.5", "v0.4": "v0.4"}
_ALLOCATOR_RULES = {
    "classic": {"ip_conflicts": "independent", "reserved_ports": False},
    "modern": {"ip_conflicts": "family", "reserved_ports": True},
}
_LEGACY_SWITCHES: dict[str, Any] = {
    "link_env": lambda v: ("daemon", {"link_env": v}),
    "hosts": lambda v: ("daemon", {"hosts": v}),
    "allocator": lambda v: ("daemon", _ALLOCATOR_RULES[v]),
    "parser": lambda v: ("cli", {"port_parser": v, "expose_parser": _EXPOSE_FOR_PARSER[v]}),
    "ps_brackets": lambda v: ("cli", {"ps_brackets": v}),
    "ps_ip_order": lambda v: ("cli", {"ps_ip_order": v}),
    "link_vars": lambda v: ("daemon", {"link_vars": v, "legacy_links_env": False}),
}


def _evolve(value: _A, **changes: object) -> _A:
    unknown = sorted(set(changes) - {f.name for f in attrs.fields(type(value))})
    if unknown:
        raise ProfileError(f"unknown profile switch: {unknown[0]}")
    try:
        return attrs.evolve(value, **changes)  # type: ignore[arg-type]
    except ProfileError:
        raise
    except (ValueError, TypeError) as exc:
        raise ProfileError(f"invalid profile switch value: {exc.args[0]}") from None


_Axis: TypeAlias = "Cli | Daemon"

ProfileLike: TypeAlias = "Profile | str | None"


# --------------------------------------------------------------------------- release tables

# Each row: (release, the switches that change there, the upstream change). The first row
# sets every switch. Sources: docker/cli and moby/moby at the tags named, paths as given.
CLI_RELEASES: tuple[tuple[str, dict[str, object], str], ...] = (
    (
        "20.10",
        {
            "api_version": "1.41",
            "api_minimum": "1.12",
            "port_parser": "v0.4",
            "expose_parser": "v0.4",
            "messages": "20.10",
            "port_command": "20.10",
            "ps_brackets": "none",
            "ps_ip_order": "string",
            "rm_missing": "report",
            "inspect_types": "strings",
            "empty_throttle_lists": False,
            "empty_ulimits": False,
            "network_options": "20.10",
            "dns_warning": "before-create",
            "endpoint_fields": "20.10",
            "network_ipv4": False,
        },
        "docker/cli v20.10.27: vendor.conf (go-connections v0.4.0), cli/command/container/"
        "{port,opts,create}.go, cli/command/formatter/container.go, cli/command/network/"
        "formatter.go",
    ),
    (
        "23.0",
        {
            "api_version": "1.42",
            "messages": "23.0",
            "port_command": "23.0",
            "empty_throttle_lists": True,
        },
        "docker/cli v23.0.0: docker port joins host and port (docker/cli#2972) and sorts "
        "(docker/cli#3892); the vendored client no longer wraps 404s (moby/moby#43398); "
        "opts/throttledevice.go GetList returns an empty list (commit d84256132d)",
    ),
    ("24.0", {"api_version": "1.43"}, "docker/cli v24.0.0: API 1.43"),
    (
        "25.0",
        {
            "api_version": "1.44",
            "port_parser": "v0.5",
            "expose_parser": "v0.5",
            "empty_ulimits": True,
            "network_options": "25.0",
            "endpoint_fields": "25.0",
        },
        "docker/cli v25.0.0: go-connections v0.5.0 (docker/cli#4757); opts/ulimit.go GetList "
        "returns an empty list (commit d0dee3cebe); a default endpoint without --network "
        "(docker/cli#4493) and per-network MAC addresses (docker/cli#4419); moby v25 API types",
    ),
    ("26.0", {"api_version": "1.45"}, "docker/cli v26.0.0: API 1.45"),
    (
        "27.0",
        {"api_version": "1.46", "endpoint_fields": "27.0"},
        "docker/cli v27.0.1: API 1.46, moby v27 API types",
    ),
    (
        "27.2",
        {"api_version": "1.47", "ps_brackets": "mapped"},
        "docker/cli v27.2.0: brackets in mapped PORTS entries (docker/cli#5365)",
    ),
    (
        "28.0",
        {
            "api_version": "1.48",
            "messages": "28.0",
            "ps_brackets": "all",
            "network_options": "28.0",
            "endpoint_fields": "28.0",
            "network_ipv4": True,
        },
        "docker/cli v28.0.0: run/create and usage errors (docker/cli#5236, #5233, #5234); "
        "brackets everywhere in PORTS (docker/cli#5468); --link an endpoint option on "
        "user-defined networks only (docker/cli#5739); network ls IPv4 (docker/cli#5599); "
        "moby v28 API types",
    ),
    (
        "28.0.2",
        {"messages": "28.0.2", "dns_warning": "after-create"},
        "docker/cli v28.0.2: the loopback --dns warning joins the daemon's warnings "
        "(docker/cli#5906)",
    ),
    ("28.1", {"api_version": "1.49"}, "docker/cli v28.1.0: API 1.49"),
    ("28.2", {"api_version": "1.50"}, "docker/cli v28.2.0: API 1.50"),
    ("28.3", {"api_version": "1.51"}, "docker/cli v28.3.0: API 1.51"),
    (
        "28.5",
        {"port_parser": "v0.6"},
        "docker/cli v28.5.0: go-connections v0.6.0 (docker/cli#6474); --expose unchanged",
    ),
    (
        "29.0",
        {
            "api_version": "1.52",
            "api_minimum": "1.44",
            "expose_parser": "moby",
            "messages": "29.0",
            "port_command": "29.0",
            "ps_ip_order": "text",
            "inspect_types": "netip",
            "endpoint_fields": "29.0",
        },
        "docker/cli v29.0.0: texts without 'Error: ' (docker/cli#6441), moby's port parsing, "
        "netip address order and types (github.com/moby/moby/api); the client refuses "
        "API < 1.44",
    ),
    ("29.2", {"api_version": "1.53"}, "docker/cli v29.2.0: API 1.53"),
    ("29.3", {"api_version": "1.54"}, "docker/cli v29.3.0: API 1.54"),
    (
        "29.4.1",
        {"port_parser": "current"},
        "docker/cli v29.4.1: go-connections v0.7.0, the current nat parser (docker/cli#6930)",
    ),
    ("29.6", {"api_version": "1.55"}, "docker/cli v29.6.0: API 1.55"),
    (
        "29.7",
        {"rm_missing": "silent"},
        "docker/cli v29.7.0: 'docker rm -f' of a missing container prints nothing "
        "(docker/cli#7110); go-connections v0.8.0 (same nat code)",
    ),
)

DAEMON_RELEASES: tuple[tuple[str, dict[str, object], str], ...] = (
    (
        "20.10",
        {
            "api_version": "1.41",
            "link_env": "classic",
            "link_vars": True,
            "hosts": "classic",
            "ip_conflicts": "independent",
            "reserved_ports": False,
            "range_clamp": True,
            "binding_order": "sort-port-map",
            "twins": "separate",
            "publish_unexposed": False,
            "range_retry": False,
            "start_order": "ports-first",
            "messages": "20.10",
            "subnet_order": "next-fit",
            "endpoint_fields": "20.10",
        },
        "moby/moby v20.10.0: daemon/links, vendored libnetwork (etchosts, portallocator with "
        "the 49153-60999 clamp, drivers/bridge/port_mapping.go, ipam next-fit pools)",
    ),
    (
        "20.10.22",
        {"range_clamp": False},
        "moby/moby v20.10.22: the kernel's ephemeral range used as is (moby/moby#44476)",
    ),
    ("23.0", {"api_version": "1.42"}, "moby/moby v23.0.0: API 1.42"),
    ("24.0", {"api_version": "1.43"}, "moby/moby v24.0.0: API 1.43"),
    (
        "25.0",
        {"api_version": "1.44", "messages": "25.0", "endpoint_fields": "25.0"},
        "moby/moby v25.0.0: rm and exec texts (moby/moby#46213), API 1.44; EndpointSettings "
        "DNSNames (moby/moby#46853), the short ID no longer stored among Aliases but added by "
        "the inspect route below API 1.45 (user-defined networks only from v25.0.1, "
        "moby/moby#47182)",
    ),
    ("26.0", {"api_version": "1.45"}, "moby/moby v26.0.0: API 1.45"),
    (
        "27.0",
        {
            "api_version": "1.46",
            "binding_order": "bridge-sort",
            "twins": "same-port",
            "range_retry": True,
            "messages": "27.0",
            "subnet_order": "lowest-free",
            "endpoint_fields": "27.0",
        },
        "moby/moby v27.0.1: the bridge driver sorts bindings and gives both families one port "
        "(moby/moby#47871); default pools lowest-free (moby/moby#47768); EndpointSettings "
        "DriverOpts after MacAddress (api/types/network/endpoint.go)",
    ),
    ("27.2", {"api_version": "1.47"}, "moby/moby v27.2.0: API 1.47"),
    (
        "28.0",
        {
            "api_version": "1.48",
            "link_env": "modern",
            "hosts": "modern",
            "start_order": "links-first",
            "messages": "28.0",
            "endpoint_fields": "28.0",
        },
        "moby/moby v28.0.0: modern link variables (moby/moby#49300), canonical hosts "
        "addresses (moby/moby#48823), networking after task creation (moby/moby#47406); "
        "EndpointSettings GwPriority (api/types/network/endpoint.go)",
    ),
    (
        "28.0.1",
        {"messages": "28.0.1"},
        "moby/moby v28.0.1: 'failed to set up container networking: ' (moby/moby#49507)",
    ),
    ("28.1", {"api_version": "1.49"}, "moby/moby v28.1.0: API 1.49"),
    (
        "28.2",
        {"api_version": "1.50", "messages": "28.2"},
        "moby/moby v28.2.0: rm names the container as passed (moby/moby#49943)",
    ),
    (
        "28.3",
        {"api_version": "1.51", "ip_conflicts": "family"},
        "moby/moby v28.3.0: 0.0.0.0 and :: conflict with every address of their family",
    ),
    (
        "29.0",
        {
            "api_version": "1.52",
            "link_vars": False,
            "messages": "29.0",
            "publish_unexposed": True,
            "endpoint_fields": "29.0",
        },
        "moby/moby docker-v29.0.0: link variables only with DOCKER_KEEP_DEPRECATED_LEGACY_"
        "LINKS_ENV_VARS=1 (moby/moby#50719); top-level NetworkSettings addresses gone at API "
        "1.52 (moby/moby#50846); PortBindings and ExposedPorts both published (daemon/network.go)"
        "; EndpointSettings in the order of api/types/network/endpoint.go",
    ),
    ("29.2", {"api_version": "1.53"}, "moby/moby docker-v29.2.0: API 1.53"),
    ("29.3", {"api_version": "1.54"}, "moby/moby docker-v29.3.0: API 1.54"),
    (
        "29.6",
        {"api_version": "1.55", "reserved_ports": True},
        "moby/moby docker-v29.6.0: kernel-reserved ports skipped (moby/moby#52818)",
    ),
    ("29.7", {}, "moby/moby docker-v29.7.0"),
)


def releases() -> tuple[str, ...]:
    """Every release line a profile can name (the rows of both tables, oldest first).

    >>> releases()[:3], releases()[-1]
    (('20.10', '20.10.22', '23.0'), '29.7')
    """
    rows = {row[0] for row in CLI_RELEASES} | {row[0] for row in DAEMON_RELEASES}
    return tuple(sorted(rows, key=_version))


_NEWEST = max((row[0] for row in (*CLI_RELEASES, *DAEMON_RELEASES)), key=_version)


def _fold(
    table: tuple[tuple[str, dict[str, object], str], ...], release: object, what: str
) -> _Axis:
    """The switches of the newest row at or below ``release``, folded over the rows."""
    if not isinstance(release, str) or re.fullmatch(r"[0-9]+\.[0-9]+(\.[0-9]+)?", release) is None:
        raise ProfileError(f"unknown {what} release: {shown(release)} (expected e.g. '28.2')")
    wanted = _version(release)
    line = wanted[:2]
    first = _version(table[0][0])
    newest_line = max(_version(row[0])[:2] for row in table)
    if wanted < first or line > newest_line:
        raise ProfileError(
            f"unknown {what} release: {shown(release)} (modelled: {table[0][0]} to {_NEWEST})"
        )
    switches: dict[str, object] = {}
    for row_release, changes, _source in table:
        version = _version(row_release)
        # "28.2" names its whole line (its newest patch); "28.2.1" the rows up to that patch
        if version <= wanted or (len(wanted) == 2 and version[:2] == line):
            switches.update(changes)
    label = release if len(wanted) == 3 else ".".join(map(str, line))
    if what == "docker CLI":
        return Cli(release=label, **switches)  # type: ignore[arg-type]
    return Daemon(release=label, **switches)  # type: ignore[arg-type]


def _make(cli: Cli, daemon: Daemon, alias: str | None = None) -> Profile:
    """A profile named by its parts: the daemon's release (or the alias it was made from),
    then every part that differs from it."""
    base = alias or daemon.release
    name = base
    if alias is None or cli.release != PROFILES[alias].cli.release:
        name += f",cli={cli.release}" if cli.release != daemon.release or alias else ""
    if not daemon.userland_proxy:
        name += ",userland-proxy=false"
    if daemon.legacy_links_env and alias != "modern":
        name += ",legacy-links-env=true"
    if alias == "modern" and not daemon.legacy_links_env:
        name += ",legacy-links-env=false"
    return Profile(name, cli, daemon)


def _release_profile(release: str) -> Profile:
    daemon = _fold(DAEMON_RELEASES, release, "dockerd")
    cli = _fold(CLI_RELEASES, release, "docker CLI")
    assert isinstance(daemon, Daemon)
    assert isinstance(cli, Cli)
    return _make(cli, daemon)


PROFILES: dict[str, Profile] = {}
DEFAULT = _release_profile("29.7")
MODERN = attrs.evolve(DEFAULT.with_daemon_options(legacy_links_env=True), name="modern")
CLASSIC = attrs.evolve(_release_profile("27.1"), name="classic")
PROFILES.update({"default": DEFAULT, "modern": MODERN, "classic": CLASSIC})

_BOOLS = {"true": True, "1": True, "yes": True, "on": True}
_BOOLS |= {"false": False, "0": False, "no": False, "off": False}


def _bool_option(key: str, value: str, text: str) -> bool:
    if value.lower() not in _BOOLS:
        raise ProfileError(f"invalid profile option {key}={value!r} in {text!r} (true or false)")
    return _BOOLS[value.lower()]


def get_profile(profile: ProfileLike = None, *, cli: str | None = None) -> Profile:
    """Resolve profile text (grammar in the module docstring) or pass a :class:`Profile` on.

    ``None`` is :data:`DEFAULT`. ``cli=`` combines a daemon release with another CLI release.

    >>> get_profile("20.10").daemon.messages, get_profile("20.10", cli="28.2").cli.release
    ('20.10', '28.2')
    >>> get_profile("28.2.2").name, get_profile("29.7,legacy-links-env=true").daemon.sets_link_vars
    ('28.2.2', True)
    >>> get_profile("future")
    Traceback (most recent call last):
    ...
    dockerlinks.errors.ProfileError: unknown profile: 'future' (a release such as '28.2', ...
    """
    if isinstance(profile, Profile) and cli is None:
        return profile
    if profile is None:
        profile = "default"
    if isinstance(profile, Profile):
        return profile.with_cli(cli or profile.cli.release)
    if not isinstance(profile, str):
        raise ProfileError(f"unknown profile: {shown(profile)} (expected a release or a Profile)")
    if cli is not None and not isinstance(cli, str):
        raise ProfileError(f"unknown docker CLI release: {shown(cli)} (expected e.g. '28.2')")
    if len(profile) > 128 or (cli is not None and len(cli) > 32):  # no profile text is longer
        raise ProfileError(f"unknown profile: {profile[:40]!r}... (too long to name a profile)")
    return _from_text(profile, cli)


@functools.lru_cache(maxsize=256)
def _from_text(profile: str, cli: str | None) -> Profile:
    """A profile from its text (cached: profiles are values, and text names one for good)."""
    words = [word for word in re.split(r"[,\s]+", profile.strip()) if word]
    if not words:
        raise ProfileError("unknown profile: '' (a release such as '28.2', or 'modern')")
    head, options = words[0], words[1:]
    if head in PROFILES:
        chosen = PROFILES[head]
    elif re.fullmatch(r"[0-9]+\.[0-9]+(\.[0-9]+)?", head):
        chosen = _release_profile(head)
    else:
        raise ProfileError(
            f"unknown profile: {head!r} (a release such as '28.2', or one of "
            f"{', '.join(repr(name) for name in PROFILES)})"
        )
    proxy: bool | None = None
    legacy: bool | None = None
    for option in options:
        key, eq, value = option.partition("=")
        if not eq:
            raise ProfileError(f"invalid profile option {option!r} in {profile!r}")
        if key == "cli":
            cli = value if cli is None else cli
        elif key == "userland-proxy":
            proxy = _bool_option(key, value, profile)
        elif key == "legacy-links-env":
            legacy = _bool_option(key, value, profile)
        else:
            raise ProfileError(f"unknown profile option {key!r} in {profile!r}")
    if cli is not None:
        chosen = chosen.with_cli(cli)
    if proxy is not None or legacy is not None:
        chosen = chosen.with_daemon_options(userland_proxy=proxy, legacy_links_env=legacy)
    return chosen
