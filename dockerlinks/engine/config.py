"""What a container is created from: the Engine API's create request, and the CLI's flags.

Two values, one per side of the Engine API:

* :class:`CreateRequest` -- what the daemon receives (``POST /containers/create``): the
  image, command and environment, ``Config.ExposedPorts``, ``HostConfig.PortBindings``,
  ``PublishAllPorts``, ``Links``, ``AutoRemove``, ``NetworkMode``, ``ExtraHosts`` and the
  endpoint settings of ``NetworkingConfig``. Everything in it is already parsed.
* :class:`ContainerConfig` -- the ``docker run`` / ``docker create`` flags as typed: ``-p``,
  ``--expose``, ``-e``, ``--env-file`` contents, ``--link``, ... :meth:`ContainerConfig.request`
  turns them into the request the way the profile's docker CLI does (its ``-p`` and
  ``--expose`` parsers, its environment merge of ``--env-file`` and ``-e``, bare names looked
  up in the CLI's own environment).

Both are checked when they are built: a string where a list of values belongs (``publish="80"``,
which would otherwise publish ports 8 and 0) is refused.

What this module must not know: the engine's state; how the CLI prints anything.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from dockerlinks import envfile, links
from dockerlinks.errors import EngineError, EnvFileError
from dockerlinks.ports import (
    Port,
    PortConfig,
    convert_publish_long,
    parse_expose,
    parse_port_specs,
)
from dockerlinks.profiles import ProfileLike, get_profile

__all__ = ["ContainerConfig", "CreateRequest", "EndpointConfig"]


def _texts(value: object) -> tuple[str, ...]:
    """A tuple of strings from any iterable of strings; a lone string is refused."""
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise EngineError(f"expected a list of strings, not {value!r}")
    out = tuple(value)
    for item in out:
        if not isinstance(item, str):
            raise EngineError(f"expected strings, not {item!r}")
    return out


def _pairs(value: object) -> tuple[tuple[str, str], ...]:
    if isinstance(value, Mapping):
        value = tuple(value.items())
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise EngineError(f"expected (name, value) pairs, not {value!r}")
    out = []
    for item in value:
        if not (
            isinstance(item, tuple | list)
            and len(item) == 2
            and isinstance(item[0], str)
            and isinstance(item[1], str)
        ):
            raise EngineError(f"expected a (name, value) pair of strings, not {item!r}")
        out.append((item[0], item[1]))
    return tuple(out)


def _optional_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    del instance
    if value is not None and not isinstance(value, str):
        raise EngineError(f"{attribute.name} must be a string or None, not {value!r}")


def _text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    del instance
    if not isinstance(value, str):
        raise EngineError(f"{attribute.name} must be a string, not {value!r}")


def _flag(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    del instance
    if type(value) is not bool:
        raise EngineError(f"{attribute.name} must be True or False, not {value!r}")


def _ports(value: object) -> tuple[Port, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise EngineError(f"expected Port values, not {value!r}")
    out = tuple(value)
    if not all(isinstance(p, Port) for p in out):
        raise EngineError(f"expected Port values, not {value!r}")
    return out


def _port_config(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    del instance, attribute
    if not isinstance(value, PortConfig):
        raise EngineError(f"port_bindings must be a PortConfig, not {value!r}")


@attrs.frozen
class EndpointConfig:
    """One network's endpoint settings in a create or connect request."""

    aliases: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    ipv4: str = attrs.field(default="", validator=_text)
    links: tuple[str, ...] = attrs.field(default=(), converter=_texts)


def _endpoints(value: object) -> tuple[tuple[str, EndpointConfig], ...]:
    items = tuple(value.items()) if isinstance(value, Mapping) else value
    if isinstance(items, str | bytes) or not isinstance(items, Iterable):
        raise EngineError(f"expected (network, EndpointConfig) pairs, not {value!r}")
    out = tuple(items)
    for item in out:
        if not (
            isinstance(item, tuple)
            and len(item) == 2
            and isinstance(item[0], str)
            and isinstance(item[1], EndpointConfig)
        ):
            raise EngineError(f"expected (network, EndpointConfig) pairs, not {value!r}")
    return out


_STREAMS = ("stdin", "stdout", "stderr")


def _streams(value: object) -> tuple[str, ...]:
    streams = _texts(value)
    for stream in streams:
        if stream not in _STREAMS:
            raise EngineError(f"attach: expected stdin, stdout or stderr, not {stream!r:.40}")
    return streams


_JSON_LIMIT = 1 << 20


def _json_object(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    del instance
    if not isinstance(value, str):
        raise EngineError(f"{attribute.name} must be JSON text, not {value!r:.40}")
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
    ID; ``network_mode`` ``"default"`` is the default bridge. ``attach`` names the streams the
    client attaches (``Config.AttachStdin`` ...); ``host_config_json`` holds the other
    ``HostConfig`` fields as the client sent them (a JSON object), which ``docker inspect``
    shows back.
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

    def __attrs_post_init__(self) -> None:
        for entry in self.env:
            envfile.check_env_entry(entry)


@attrs.frozen
class ContainerConfig:
    """What ``docker create`` / ``docker run`` were asked for, as the flags were typed.

    ``publish`` and ``expose`` are the raw ``-p`` / ``--expose`` values; ``env`` the ``-e``
    values (a bare ``NAME`` is looked up in ``host_env``, as the CLI looks it up in its own
    environment); ``env_files`` the *contents* of ``--env-file`` files; ``links`` the raw
    ``--link`` values; ``network`` the ``--network`` value (``None``: the default bridge).
    ``cmd`` empty means the image's ``CMD``.
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
        endpoints: tuple[tuple[str, EndpointConfig], ...] = ()
        network = self.network or "default"
        if self.network_aliases or self.ip:
            endpoints = ((network, EndpointConfig(self.network_aliases, self.ip)),)
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
        )


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
