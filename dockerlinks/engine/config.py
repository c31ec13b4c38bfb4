"""What a container is created from: the Engine API's create request, and the CLI's flags.

Two values, one per side of the Engine API:

* :class:`CreateRequest` -- what the daemon receives (``POST /containers/create``): the
  image, command and environment, ``Config.ExposedPorts``, ``HostConfig.PortBindings``,
  ``PublishAllPorts``, ``Links``, ``AutoRemove``, ``NetworkMode``, ``ExtraHosts``, ``Dns``,
  ``Config.MacAddress`` and the endpoint settings of ``NetworkingConfig``. Everything in it
  is already parsed.
* :class:`ContainerConfig` -- the ``docker run`` / ``docker create`` flags as typed: ``-p``,
  ``--expose``, ``-e``, ``--env-file`` contents, ``--link``, ... :meth:`ContainerConfig.request`
  turns them into the request the way the profile's docker CLI does (its ``-p`` and
  ``--expose`` parsers, its environment merge of ``--env-file`` and ``-e``, bare names looked
  up in the CLI's own environment).

Both are checked when they are built: a string where a list of values belongs (``publish="80"``,
which would otherwise publish ports 8 and 0) is refused.

How the CLI turns ``--network`` and the flags of the first network into ``NetworkingConfig``
(docker/cli ``cli/command/container/opts.go`` parseNetworkOpts, applyContainerOptions,
parseNetworkAttachmentOpt; the ``Cli.network_options`` switch)::

    rule                                          20.10    25.0     28.0
    --------------------------------------------  -------  -------  -------
    no --network: a "default" endpoint carries    no (the  yes      yes
    --network-alias, --ip, --mac-address          flags
                                                  dropped)
    --link copied to the first network's          any      not      user-defined
    endpoint                                      network  default  only
    --mac-address                                 Config   the endpoint
    aliases / links on bridge, host, none,        "network-scoped aliases are only
    container: or default                         supported ..." / "links are only ..."
    one --network without options                 no endpoint is sent
    user-defined beside bridge/host/none          "conflicting options: cannot attach
                                                  both user-defined and non-user-defined"
    a network named twice                         'network "x" is specified multiple times'

``HostConfig.Links`` always gets every ``--link``; the daemon ignores them on a user-defined
network (where the endpoint's ``Links`` are DNS aliases).

What this module must not know: the engine's state; how the CLI prints anything.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from dockerlinks import envfile, links
from dockerlinks._args import shown
from dockerlinks.engine.network import is_user_defined
from dockerlinks.errors import EngineError, EnvFileError, FlagError
from dockerlinks.messages import cli_text
from dockerlinks.ports import (
    Port,
    PortConfig,
    convert_publish_long,
    parse_expose,
    parse_port_specs,
)
from dockerlinks.profiles import Profile, ProfileLike, get_profile

__all__ = ["ContainerConfig", "CreateRequest", "EndpointConfig"]


def _texts(value: object) -> tuple[str, ...]:
    """A tuple of strings from any iterable of strings; a lone string is refused."""
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise EngineError(f"expected a list of strings, not {shown(value)}")
    out = tuple(value)
    for item in out:
        if not isinstance(item, str):
            raise EngineError(f"expected strings, not {shown(item)}")
    return out


def _pairs(value: object) -> tuple[tuple[str, str], ...]:
    if isinstance(value, Mapping):
        value = tuple(value.items())
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise EngineError(f"expected (name, value) pairs, not {shown(value)}")
    out = []
    for item in value:
        if not (
            isinstance(item, tuple | list)
            and len(item) == 2
            and isinstance(item[0], str)
            and isinstance(item[1], str)
        ):
            raise EngineError(f"expected a (name, value) pair of strings, not {shown(item)}")
        out.append((item[0], item[1]))
    return tuple(out)


def _optional_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    del instance
    if value is not None and not isinstance(value, str):
        raise EngineError(f"{attribute.name} must be a string or None, not {shown(value)}")


def _text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    del instance
    if not isinstance(value, str):
        raise EngineError(f"{attribute.name} must be a string, not {shown(value)}")


def _flag(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    del instance
    if type(value) is not bool:
        raise EngineError(f"{attribute.name} must be True or False, not {shown(value)}")


def _ports(value: object) -> tuple[Port, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise EngineError(f"expected Port values, not {shown(value)}")
    out = tuple(value)
    if not all(isinstance(p, Port) for p in out):
        raise EngineError(f"expected Port values, not {shown(value)}")
    return out


def _port_config(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    del instance, attribute
    if not isinstance(value, PortConfig):
        raise EngineError(f"port_bindings must be a PortConfig, not {shown(value)}")


@attrs.frozen
class EndpointConfig:
    """One network's endpoint settings in a create or connect request.

    ``aliases``, ``ipv4`` (``IPAMConfig.IPv4Address``) and ``links`` (``alias`` or
    ``name:alias``: DNS aliases on a user-defined network) as asked; ``mac`` the per-network
    MAC address (API 1.44+). Go tells an empty value from ``null``, and so does the stored
    document: ``ipam_object`` / ``driver_opts_object`` / ``aliases_list`` say that the client
    sent ``IPAMConfig: {}``, ``DriverOpts: {}`` and ``Aliases: []`` even when empty (the docker
    CLI's ``network connect`` does; ``docker run --network`` sends ``null``).
    """

    aliases: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    ipv4: str = attrs.field(default="", validator=_text)
    links: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    mac: str = attrs.field(default="", validator=_text)
    ipam_object: bool = attrs.field(default=False, validator=_flag)
    driver_opts_object: bool = attrs.field(default=False, validator=_flag)
    aliases_list: bool = attrs.field(default=False, validator=_flag)

    @property
    def empty(self) -> bool:
        """Whether it says nothing (Go's zero ``EndpointSettings``)."""
        return self == EndpointConfig()


def _endpoints(value: object) -> tuple[tuple[str, EndpointConfig], ...]:
    items = tuple(value.items()) if isinstance(value, Mapping) else value
    if isinstance(items, str | bytes) or not isinstance(items, Iterable):
        raise EngineError(f"expected (network, EndpointConfig) pairs, not {shown(value)}")
    out = tuple(items)
    for item in out:
        if not (
            isinstance(item, tuple)
            and len(item) == 2
            and isinstance(item[0], str)
            and isinstance(item[1], EndpointConfig)
        ):
            raise EngineError(f"expected (network, EndpointConfig) pairs, not {shown(value)}")
    return out


_STREAMS = ("stdin", "stdout", "stderr")


def _streams(value: object) -> tuple[str, ...]:
    streams = _texts(value)
    for stream in streams:
        if stream not in _STREAMS:
            raise EngineError(f"attach: expected stdin, stdout or stderr, not {shown(stream)}")
    return streams


_JSON_LIMIT = 1 << 20


def _json_object(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    del instance
    if not isinstance(value, str):
        raise EngineError(f"{attribute.name} must be JSON text, not {shown(value)}")
    if not value:
        return
    if len(value) > _JSON_LIMIT:
        raise EngineError(f"{attribute.name}: more than {_JSON_LIMIT} characters")
    try:
        parsed = json.loads(value)
    except (ValueError, RecursionError):
        raise EngineError(f"{attribute.name} is not valid JSON") from None
    if not isinstance(parsed, dict):
        raise EngineError(f"{attribute.name} must be a JSON object")


# What the docker CLI sends in HostConfig beyond the modelled fields, where the daemon stores
# something other than Go's zero value (recorded: tests/data/daemon/20.10/api/cli-*.json,
# the bodies of POST /containers/create; docker/cli cli/command/container/opts.go).
_CLI_HOST_CONFIG: dict[str, object] = {
    "LogConfig": {"Type": "", "Config": {}},
    "PortBindings": {},
    "RestartPolicy": {"Name": "no", "MaximumRetryCount": 0},
    "Dns": [],
    "DnsOptions": [],
    "DnsSearch": [],
    "BlkioWeightDevice": [],
    "Devices": [],
    "MemorySwappiness": -1,
    "PidsLimit": 0,
}
_THROTTLE_LISTS = (
    "BlkioDeviceReadBps",
    "BlkioDeviceWriteBps",
    "BlkioDeviceReadIOps",
    "BlkioDeviceWriteIOps",
)


@functools.cache
def _cli_host_config_json(throttle: bool, ulimits: bool) -> str:
    sent = dict(_CLI_HOST_CONFIG)
    if throttle:
        sent.update({name: [] for name in _THROTTLE_LISTS})
    if ulimits:
        sent["Ulimits"] = []
    return json.dumps(sent, separators=(",", ":"))


@attrs.frozen
class CreateRequest:
    """``POST /containers/create`` as the daemon reads it (see the module docstring).

    ``cmd`` empty means the image's ``CMD``; ``hostname`` empty means the container's short
    ID; ``network_mode`` ``"default"`` is the default bridge, ``container:X`` another
    container's network namespace. ``attach`` names the streams the client attaches
    (``Config.AttachStdin`` ...); ``host_config_json`` holds the other ``HostConfig`` fields as
    the client sent them (a JSON object), which ``docker inspect`` shows back. ``dns`` is
    ``HostConfig.Dns``, ``mac_address`` ``Config.MacAddress`` (API < 1.44).
    """

    image: str = attrs.field(validator=_text)
    cmd: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    name: str | None = attrs.field(default=None, validator=_optional_text)
    hostname: str = attrs.field(default="", validator=_text)
    domainname: str = attrs.field(default="", validator=_text)
    env: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    exposed: tuple[Port, ...] = attrs.field(default=(), converter=_ports)
    port_bindings: PortConfig = attrs.field(factory=PortConfig, validator=_port_config)
    publish_all: bool = attrs.field(default=False, validator=_flag)
    links: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    auto_remove: bool = attrs.field(default=False, validator=_flag)
    tty: bool = attrs.field(default=False, validator=_flag)
    open_stdin: bool = attrs.field(default=False, validator=_flag)
    network_mode: str = attrs.field(default="default", validator=_text)
    endpoints: tuple[tuple[str, EndpointConfig], ...] = attrs.field(
        default=(), converter=_endpoints
    )
    extra_hosts: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    attach: tuple[str, ...] = attrs.field(default=(), converter=_streams)
    host_config_json: str = attrs.field(default="", validator=_json_object)
    dns: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    mac_address: str = attrs.field(default="", validator=_text)

    def __attrs_post_init__(self) -> None:
        for entry in self.env:
            envfile.check_env_entry(entry)


@attrs.frozen
class ContainerConfig:
    """What ``docker create`` / ``docker run`` were asked for, as the flags were typed.

    ``publish`` and ``expose`` are the raw ``-p`` / ``--expose`` values; ``env`` the ``-e``
    values (a bare ``NAME`` is looked up in ``host_env``, as the CLI looks it up in its own
    environment); ``env_files`` the *contents* of ``--env-file`` files; ``links`` the raw
    ``--link`` values; ``networks`` the ``--network`` values (``network``: a single one;
    neither: the default bridge), ``network_aliases`` / ``ip`` / ``mac_address`` the flags of
    the first network, ``dns`` the ``--dns`` servers. ``cmd`` empty means the image's ``CMD``.
    """

    image: str = attrs.field(validator=_text)
    cmd: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    name: str | None = attrs.field(default=None, validator=_optional_text)
    hostname: str | None = attrs.field(default=None, validator=_optional_text)
    domainname: str = attrs.field(default="", validator=_text)
    tty: bool = attrs.field(default=False, validator=_flag)
    interactive: bool = attrs.field(default=False, validator=_flag)
    detach: bool = attrs.field(default=False, validator=_flag)
    publish_all: bool = attrs.field(default=False, validator=_flag)
    publish: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    expose: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    env: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    env_files: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    links: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    auto_remove: bool = attrs.field(default=False, validator=_flag)
    host_env: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_pairs)
    network: str | None = attrs.field(default=None, validator=_optional_text)
    network_aliases: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    ip: str = attrs.field(default="", validator=_text)
    add_hosts: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    networks: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    dns: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    mac_address: str = attrs.field(default="", validator=_text)

    def request(self, profile: ProfileLike = None) -> CreateRequest:
        """The create request the profile's docker CLI sends for these flags.

        Raises the parsers' errors (:class:`~dockerlinks.errors.PortSpecError`,
        :class:`~dockerlinks.errors.ExposeError`, :class:`~dockerlinks.errors.EnvFileError`,
        :class:`~dockerlinks.errors.LinkSpecError`) with the CLI's wording.

        >>> request = ContainerConfig("training/webapp", publish=("8080:5000",)).request()
        >>> request.port_bindings.to_api()["PortBindings"]
        {'5000/tcp': [{'HostIp': '', 'HostPort': '8080'}]}
        """
        prof = get_profile(profile)
        # a value with "=" is the long syntax, which the CLI turns into a short one first
        # (docker/cli cli/command/container/opts.go convertToStandardNotation)
        publish = [
            convert_publish_long(value, profile=prof).short if "=" in value else value
            for value in self.publish
        ]
        bindings = parse_port_specs(publish, profile=prof)
        exposed: dict[Port, None] = {}
        for value in self.expose:
            exposed.update(dict.fromkeys(parse_expose(value, profile=prof)))
        exposed.update(dict.fromkeys(bindings.exposed))
        for value in self.links:
            links.parse_link(value)  # the CLI validates --link (opts.ValidateLink)
        targets = self.networks or ((self.network,) if self.network else ())
        endpoints = self._endpoints(targets, prof)
        network = targets[0] if targets else "default"
        mac = self.mac_address if prof.cli.network_options == "20.10" else ""
        return CreateRequest(
            image=self.image,
            cmd=self.cmd,
            name=self.name,
            hostname=self.hostname or "",
            domainname=self.domainname,
            env=tuple(cli_env(self.env, self.env_files, self.host_env)),
            exposed=tuple(exposed),
            port_bindings=PortConfig(bindings.exposed, bindings.bindings),
            publish_all=self.publish_all,
            links=self.links,
            auto_remove=self.auto_remove,
            tty=self.tty,
            open_stdin=self.interactive,
            network_mode=network,
            endpoints=endpoints,
            extra_hosts=self.add_hosts,
            attach=()
            if self.detach
            else ("stdin", "stdout", "stderr")[0 if self.interactive else 1 :],
            host_config_json=_cli_host_config_json(
                prof.cli.empty_throttle_lists, prof.cli.empty_ulimits
            ),
            dns=self.dns,
            mac_address=mac,
        )

    def _endpoints(
        self, targets: tuple[str, ...], prof: Profile
    ) -> tuple[tuple[str, EndpointConfig], ...]:
        """``NetworkingConfig.EndpointsConfig`` as the profile's CLI builds it (the module
        docstring's table)."""
        rule = prof.cli.network_options
        first = targets or (("default",) if rule != "20.10" else ())
        out: dict[str, EndpointConfig] = {}
        user, other = False, False
        for index, target in enumerate(first):
            defined = is_user_defined(target)
            if targets:
                user, other = user or defined, other or not defined
            aliases: tuple[str, ...] = ()
            link_values: tuple[str, ...] = ()
            ipv4 = mac = ""
            if index == 0:
                aliases, ipv4 = self.network_aliases, self.ip
                mac = self.mac_address if rule != "20.10" else ""
                copy_links = {"20.10": True, "25.0": target != "default", "28.0": defined}
                link_values = self.links if copy_links[rule] else ()
            if not defined and aliases:
                raise FlagError(cli_text(prof, "aliases_predefined"))
            if not defined and link_values:
                raise FlagError(cli_text(prof, "links_predefined"))
            if target in out:
                raise FlagError(cli_text(prof, "network_repeated", name=target))
            endpoint = EndpointConfig(aliases, ipv4, link_values, mac)
            if targets and index == 0 and len(targets) == 1 and endpoint.empty:
                continue
            out[target] = endpoint
        if user and other:
            raise FlagError(cli_text(prof, "network_modes_conflict"))
        return tuple(out.items())


def cli_env(
    env: Iterable[str], env_files: Iterable[str], host_env: Iterable[tuple[str, str]] = ()
) -> list[str]:
    """``Config.Env`` as the docker CLI sends it: every ``--env-file`` entry, then every ``-e``
    value in order; a bare ``NAME`` takes the CLI's own value, and is sent bare without one
    (the daemon then removes that name from the image's environment; docker/cli
    ``opts.ValidateEnv``).

    >>> cli_env(["A=1", "HOME"], ["B=2\\n"], [("HOME", "/root")])
    ['B=2', 'A=1', 'HOME=/root']
    """
    lookup = dict(host_env)
    out: list[str] = []
    for content in env_files:
        out.extend(envfile.parse_env_file(content, lookup))
    for value in env:
        if not isinstance(value, str) or value.startswith("="):
            raise EnvFileError(f"invalid environment variable: {value}")
        if "=" not in value:
            if value not in lookup:
                out.append(envfile.check_env_entry(value))
                continue
            value = f"{value}={lookup[value]}"
        out.append(envfile.check_env_entry(value))
    return out
