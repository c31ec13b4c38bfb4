"""The docker CLI's commands and flags: cobra's command table and pflag's parsing.

What lives here: :data:`COMMANDS`, one row per modelled ``docker`` command (its use line,
its help text per CLI release, its flags, how many arguments it takes), and
:func:`parse_docker_args`, pflag's parsing of a command line against a row.

Parsing (spf13/pflag, vendored by docker/cli at every tag; unchanged texts across v1.0.5 -
v1.0.10)::

    word          meaning
    ------------  ------------------------------------------------------------------
    --            the rest are arguments
    (slice flags) a value is comma-separated text (pflag's StringSlice, CSV rules):
                  --alias a,b adds two
    --name=v      a flag and its value; --name v takes the next word
    --bool        true; --bool=false / =0 / =f sets it false (ParseBool)
    -abc          combined short flags; a short flag with a value takes the rest of the
                  word (-pVALUE, -p=VALUE) or the next word
    -h            the deprecated help shorthand where no flag uses h
    other         an argument; for run, create and exec the first argument ends the
                  options (cobra's SetInterspersed(false))

    error                            text (then the CLI's usage hint, dockerlinks.messages)
    -------------------------------  --------------------------------------------------
    unknown long flag                unknown flag: --x
    unknown short flag               unknown shorthand flag: 'x' in -x
    a value missing                  flag needs an argument: --x / 'x' in -x
    a bad value                      invalid argument "v" for "-x, --long" flag: <why>

Argument counts (docker/cli ``cli/required.go``): ``none``, ``min N``, ``exact N``, ``range
A B``; the texts are the catalogue's ``no_arguments``, ``min_arguments``,
``exact_arguments``, ``range_arguments``. Flags and argument errors exit with 125 and 1.

What this module must not know: what a command does (:mod:`dockerlinks.client.commands`).
"""

from __future__ import annotations

import csv
import ipaddress
import re
from collections.abc import Mapping, Sequence
from typing import Literal, NamedTuple

import attrs

from dockerlinks import _go
from dockerlinks._args import shown
from dockerlinks.errors import DockerLinksError, FlagError
from dockerlinks.links import parse_link
from dockerlinks.messages import cli_text
from dockerlinks.profiles import Profile, ProfileLike, get_profile

__all__ = ["COMMANDS", "Command", "Flag", "ParsedArgs", "parse_docker_args"]


class Flag(NamedTuple):
    """One flag: its long and short names, the kind of value it takes, and the CLI releases
    that have it (``since`` inclusive, ``until`` exclusive; empty: always). A ``hidden`` flag
    is a deprecated name the CLI still takes (its value is stored under ``store``)."""

    long: str
    short: str | None = None
    kind: Literal["bool", "string", "list", "int", "slice"] = "bool"
    since: str = ""
    until: str = ""
    store: str = ""

    def present(self, release: str) -> bool:
        """Whether the CLI ``release`` has this flag."""
        version = _version(release)
        return (not self.since or version >= _version(self.since)) and (
            not self.until or version < _version(self.until)
        )


Args = tuple[Literal["none", "min", "exact", "range"], int, int]


class Command(NamedTuple):
    """One row of the command table."""

    name: str
    use: str
    short: Mapping[str, str]  # CLI message catalogue -> help text (the newest one at or below)
    flags: tuple[Flag, ...]
    args: Args
    interspersed: bool = True
    #: Flags docker has that the model does not implement (refused with a ``dockerlinks:``
    #: line rather than with a text docker would never print).
    unmodelled: tuple[str, ...] = ()

    def short_text(self, profile: Profile) -> str:
        """The help text of the profile's CLI."""
        version = _version(profile.cli.messages)
        chosen = ""
        for catalogue, text in self.short.items():
            if _version(catalogue) <= version:
                chosen = text
        return chosen


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


_HELP = Flag("help")
_CREATE_FLAGS = (
    Flag("tty", "t"),
    Flag("interactive", "i"),
    Flag("name", None, "string"),
    Flag("hostname", "h", "string"),
    Flag("domainname", None, "string"),
    Flag("publish-all", "P"),
    Flag("publish", "p", "list"),
    Flag("expose", None, "list"),
    Flag("env", "e", "list"),
    Flag("env-file", None, "list"),
    Flag("link", None, "list"),
    Flag("rm"),
    Flag("add-host", None, "list"),
    Flag("pull", None, "string"),
    Flag("network", None, "list"),
    Flag("net", None, "list", store="network"),
    Flag("network-alias", None, "list"),
    Flag("net-alias", None, "list", store="network-alias"),
    Flag("ip", None, "string"),
    Flag("dns", None, "list"),
    Flag("mac-address", None, "string"),
    _HELP,
)
# docker/cli cli/command/container/opts.go: flags of run / create the model does not implement
_UNMODELLED_CREATE = (
    "ip6",
    "link-local-ip",
    "dns-search",
    "dns-option",
    "dns-opt",
    "volume",
    "v",
    "workdir",
    "w",
    "user",
    "u",
    "entrypoint",
    "restart",
    "label",
    "l",
    "memory",
    "m",
    "cpus",
    "mount",
    "privileged",
    "cap-add",
    "cap-drop",
    "platform",
    "init",
    "read-only",
    "volumes-from",
    "log-driver",
    "health-cmd",
    "attach",
    "a",
)
# docker/cli v28.0.0 renamed stop's and restart's --time to --timeout (docker/cli#5485), the
# old name hidden and deprecated
_STOP_FLAGS = (
    Flag("time", "t", "int", until="28.0"),
    Flag("timeout", "t", "int", since="28.0"),
    Flag("time", None, "int", since="28.0", store="timeout"),
    _HELP,
)

COMMANDS: dict[str, Command] = {
    "run": Command(
        "run",
        "[OPTIONS] IMAGE [COMMAND] [ARG...]",
        {
            "20.10": "Run a command in a new container",
            "23.0": "Create and run a new container from an image",
        },
        (Flag("detach", "d"), *_CREATE_FLAGS),
        ("min", 1, 0),
        False,
        _UNMODELLED_CREATE,
    ),
    "create": Command(
        "create",
        "[OPTIONS] IMAGE [COMMAND] [ARG...]",
        {"20.10": "Create a new container"},
        _CREATE_FLAGS,
        ("min", 1, 0),
        False,
        _UNMODELLED_CREATE,
    ),
    "start": Command(
        "start",
        "[OPTIONS] CONTAINER [CONTAINER...]",
        {"20.10": "Start one or more stopped containers"},
        (Flag("attach", "a"), Flag("interactive", "i"), _HELP),
        ("min", 1, 0),
    ),
    "stop": Command(
        "stop",
        "[OPTIONS] CONTAINER [CONTAINER...]",
        {"20.10": "Stop one or more running containers"},
        _STOP_FLAGS,
        ("min", 1, 0),
    ),
    "restart": Command(
        "restart",
        "[OPTIONS] CONTAINER [CONTAINER...]",
        {"20.10": "Restart one or more containers"},
        _STOP_FLAGS,
        ("min", 1, 0),
    ),
    "kill": Command(
        "kill",
        "[OPTIONS] CONTAINER [CONTAINER...]",
        {"20.10": "Kill one or more running containers"},
        (Flag("signal", "s", "string"), _HELP),
        ("min", 1, 0),
    ),
    "rm": Command(
        "rm",
        "[OPTIONS] CONTAINER [CONTAINER...]",
        {"20.10": "Remove one or more containers"},
        (Flag("force", "f"), Flag("link", "l"), Flag("volumes", "v"), _HELP),
        ("min", 1, 0),
    ),
    "ps": Command(
        "ps",
        "[OPTIONS]",
        {"20.10": "List containers"},
        (
            Flag("all", "a"),
            Flag("latest", "l"),
            Flag("quiet", "q"),
            Flag("no-trunc"),
            Flag("size", "s"),
            Flag("last", "n", "int"),
            Flag("format", None, "string"),
            Flag("filter", "f", "list"),
            _HELP,
        ),
        ("none", 0, 0),
    ),
    "port": Command(
        "port",
        "CONTAINER [PRIVATE_PORT[/PROTO]]",
        {"20.10": "List port mappings or a specific mapping for the container"},
        (_HELP,),
        ("range", 1, 2),
    ),
    "inspect": Command(
        "inspect",
        "[OPTIONS] NAME|ID [NAME|ID...]",
        {"20.10": "Return low-level information on Docker objects"},
        (Flag("format", "f", "string"), Flag("size", "s"), Flag("type", None, "string"), _HELP),
        ("min", 1, 0),
    ),
    "container-inspect": Command(
        "inspect",
        "[OPTIONS] CONTAINER [CONTAINER...]",
        {"20.10": "Display detailed information on one or more containers"},
        (Flag("format", "f", "string"), Flag("size", "s"), _HELP),
        ("min", 1, 0),
    ),
    "exec": Command(
        "exec",
        "[OPTIONS] CONTAINER COMMAND [ARG...]",
        {
            "20.10": "Run a command in a running container",
            "23.0": "Execute a command in a running container",
        },
        (
            Flag("detach", "d"),
            Flag("interactive", "i"),
            Flag("tty", "t"),
            Flag("env", "e", "list"),
            Flag("user", "u", "string"),
            Flag("workdir", "w", "string"),
            _HELP,
        ),
        ("min", 2, 0),
        False,
    ),
    "logs": Command(
        "logs",
        "[OPTIONS] CONTAINER",
        {"20.10": "Fetch the logs of a container"},
        (
            Flag("tail", "n", "string"),
            Flag("follow", "f"),
            Flag("timestamps", "t"),
            Flag("details"),
            _HELP,
        ),
        ("exact", 1, 0),
    ),
    "wait": Command(
        "wait",
        "CONTAINER [CONTAINER...]",
        {"20.10": "Block until one or more containers stop, then print their exit codes"},
        (_HELP,),
        ("min", 1, 0),
    ),
    "rename": Command(
        "rename",
        "CONTAINER NEW_NAME",
        {"20.10": "Rename a container"},
        (_HELP,),
        ("exact", 2, 0),
    ),
}

# docker network (docker/cli cli/command/network/*.go): rows named "network-<sub>"
COMMANDS.update(
    {
        "network-create": Command(
            "create",
            "[OPTIONS] NETWORK",
            {"20.10": "Create a network"},
            (
                Flag("driver", "d", "string"),
                Flag("subnet", None, "slice"),
                Flag("gateway", None, "slice"),
                Flag("ip-range", None, "slice"),
                Flag("internal"),
                Flag("attachable"),
                Flag("opt", "o", "list"),
                Flag("label", None, "list"),
                _HELP,
            ),
            ("exact", 1, 0),
            True,
            (
                "ipv6",
                "ipv4",
                "ipam-driver",
                "ipam-opt",
                "aux-address",
                "scope",
                "config-only",
                "config-from",
                "ingress",
            ),
        ),
        "network-ls": Command(
            "ls",
            "[OPTIONS]",
            {"20.10": "List networks"},
            (
                Flag("quiet", "q"),
                Flag("no-trunc"),
                Flag("format", None, "string"),
                Flag("filter", "f", "list"),
                _HELP,
            ),
            ("none", 0, 0),
        ),
        "network-inspect": Command(
            "inspect",
            "[OPTIONS] NETWORK [NETWORK...]",
            {"20.10": "Display detailed information on one or more networks"},
            (Flag("format", "f", "string"), _HELP),
            ("min", 1, 0),
            True,
            ("verbose", "v"),
        ),
        "network-rm": Command(
            "rm",
            "NETWORK [NETWORK...]",
            {"20.10": "Remove one or more networks"},
            (Flag("force", "f", since="23.0"), _HELP),
            ("min", 1, 0),
        ),
        "network-connect": Command(
            "connect",
            "[OPTIONS] NETWORK CONTAINER",
            {"20.10": "Connect a container to a network"},
            (
                Flag("ip", None, "string"),
                Flag("link", None, "list"),
                Flag("alias", None, "slice"),
                Flag("driver-opt", None, "slice"),
                _HELP,
            ),
            ("exact", 2, 0),
            True,
            ("ip6", "link-local-ip", "gw-priority"),
        ),
        "network-disconnect": Command(
            "disconnect",
            "[OPTIONS] NETWORK CONTAINER",
            {"20.10": "Disconnect a container from a network"},
            (Flag("force", "f"), _HELP),
            ("exact", 2, 0),
        ),
    }
)

#: ``docker container <sub>``: the subcommand names that differ from the top-level ones
CONTAINER_ALIASES = {"ls": "ps", "list": "ps", "remove": "rm", "inspect": "container-inspect"}
#: ``docker network <sub>``: the rows of :data:`COMMANDS` (cobra's aliases ``list``,
#: ``remove``)
NETWORK_COMMANDS = {
    "create": "network-create",
    "ls": "network-ls",
    "list": "network-ls",
    "inspect": "network-inspect",
    "rm": "network-rm",
    "remove": "network-rm",
    "connect": "network-connect",
    "disconnect": "network-disconnect",
}
#: network subcommands docker has that the model does not implement
_UNMODELLED_NETWORK = frozenset({"prune"})


def _check_texts(value: object) -> tuple[str, ...]:
    if not isinstance(value, tuple) or not all(isinstance(v, str) for v in value):
        raise FlagError(f"ParsedArgs: expected a tuple of strings, not {shown(value)}")
    return value


def _check_pairs(value: object) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, tuple) or not all(
        isinstance(v, tuple) and len(v) == 2 and all(isinstance(x, str) for x in v) for v in value
    ):
        raise FlagError(f"ParsedArgs: expected a tuple of (flag, value) pairs, not {shown(value)}")
    return value


@attrs.frozen
class ParsedArgs:
    """A docker command line after flag parsing."""

    command: str = attrs.field(validator=lambda _i, _a, v: _check_texts((v,)))
    path: str = attrs.field(validator=lambda _i, _a, v: _check_texts((v,)))
    flags: tuple[tuple[str, str], ...] = attrs.field(converter=_check_pairs)
    args: tuple[str, ...] = attrs.field(converter=_check_texts)

    def flag(self, name: str) -> bool:
        """Whether a bool flag is set (its last value wins)."""
        return self.value(name) == "true"

    def value(self, name: str) -> str | None:
        """The last value of a string flag."""
        found = None
        for key, val in self.flags:
            if key == name:
                found = val
        return found

    def values(self, name: str) -> tuple[str, ...]:
        """Every value of a list flag, in order."""
        return tuple(val for key, val in self.flags if key == name)


# strconv.ParseBool's accepted texts
_BOOLS = {
    **dict.fromkeys(("1", "t", "T", "TRUE", "true", "True"), True),
    **dict.fromkeys(("0", "f", "F", "FALSE", "false", "False"), False),
}


def _label(flag: Flag) -> str:
    return f"-{flag.short}, --{flag.long}" if flag.short else f"--{flag.long}"


def _slice(value: str) -> list[str] | None:
    """pflag's StringSlice value: comma-separated fields read as CSV (``None``: CSV refuses
    the text)."""
    if value == "":
        return []
    try:
        return next(csv.reader([value], strict=True))
    except (csv.Error, StopIteration):
        return None


def _dns_address(value: str) -> str | None:
    """opts.ValidateIPAddress: the address as Go's ``net.IP.String`` prints it."""
    raw = _go.parse_ip(value.strip())
    if raw is None:
        return None
    if len(raw) == 4:
        return str(ipaddress.IPv4Address(raw))
    address = ipaddress.IPv6Address(raw)
    return str(address.ipv4_mapped or address)


def _validate(flag: Flag, value: str) -> str | None:
    """Why the CLI refuses a flag value while parsing (``None``: accepted)."""
    if flag.long == "dns" and _dns_address(value) is None:
        return f"{value} is not an ip address"
    if flag.long == "link":
        try:
            parse_link(value)
        except DockerLinksError as exc:
            return exc.docker_message
    if flag.long == "env" and value.startswith("="):
        return f"invalid environment variable: {value}"
    if flag.kind == "int" and re.fullmatch(r"[+-]?[0-9]+", value) is None:
        return f'strconv.ParseInt: parsing "{value}": invalid syntax'
    return None


def _usage_error(message: str, command: Command, path: str, profile: Profile) -> FlagError:
    text = cli_text(profile, "flag_error", message=message, path=path, use=command.use)
    return FlagError(text)


def _args_error(command: Command, path: str, count: int, profile: Profile) -> FlagError | None:
    kind, low, high = command.args
    use = f"{path} {command.use}"
    fields = {"path": path, "use": use, "short": command.short_text(profile)}
    if kind == "none" and count:
        return FlagError(cli_text(profile, "no_arguments", **fields), status=1)
    if kind == "min" and count < low:
        word = "argument" if low == 1 else "arguments"
        return FlagError(
            cli_text(profile, "min_arguments", count=low, word=word, **fields), status=1
        )
    if kind == "exact" and count != low:
        word = "argument" if low == 1 else "arguments"
        return FlagError(
            cli_text(profile, "exact_arguments", count=low, word=word, **fields), status=1
        )
    if kind == "range" and not low <= count <= high:
        return FlagError(
            cli_text(profile, "range_arguments", low=low, high=high, **fields), status=1
        )
    return None


def parse_docker_args(argv: Sequence[str], profile: ProfileLike = None) -> ParsedArgs:
    """Parse ``docker ...`` arguments (without ``docker``) with the CLI's flag semantics.

    Raises :class:`~dockerlinks.errors.FlagError` with the CLI's whole text (its
    ``docker_message`` may span lines).

    >>> from dockerlinks.profiles import get_profile
    >>> parse_docker_args(["run", "-dP", "--name=web", "training/webapp"], get_profile()).args
    ('training/webapp',)
    """
    profile = get_profile(profile)
    if isinstance(argv, str) or not isinstance(argv, Sequence):
        raise FlagError(f"docker arguments must be a list of strings, not {type(argv).__name__}")
    words = list(argv)
    for word in words:
        if not isinstance(word, str):
            raise FlagError(f"docker arguments must be strings, not {type(word).__name__}")
    if not words:
        raise FlagError(
            "docker: no command given\n\nRun 'docker --help' for more information", status=1
        )
    name = words.pop(0)
    path = f"docker {name}"
    if name == "container" and words:
        sub = words.pop(0)
        name = CONTAINER_ALIASES.get(sub, sub)
        path = f"docker container {sub}"
    elif name == "network":
        if not words:
            raise FlagError("dockerlinks: docker network without a subcommand is not modelled")
        sub = words.pop(0)
        if sub in _UNMODELLED_NETWORK:
            raise FlagError(f"dockerlinks: docker network {sub} is not modelled")
        name = NETWORK_COMMANDS.get(sub, "network")
        path = f"docker network {sub}"
        if name == "network":
            raise FlagError(cli_text(profile, "network_unknown", path=path), status=1)
    command = COMMANDS.get(name)
    if command is None or name == "container":
        key = "container_unknown" if path.startswith("docker container ") else "unknown_command"
        raise FlagError(cli_text(profile, key, name=name, path=path), status=1)
    present = [f for f in command.flags if f.present(profile.cli.release)]
    by_long = {f.long: f for f in present}
    by_short = {f.short: f for f in present if f.short}
    unmodelled = frozenset(command.unmodelled)
    flags: list[tuple[str, str]] = []
    args: list[str] = []

    def fail(message: str) -> FlagError:
        return _usage_error(message, command, path, profile)

    def set_value(flag: Flag, value: str) -> None:
        problem = _validate(flag, value)
        if problem is None and flag.kind == "slice" and _slice(value) is None:
            problem = 'bare " in non-quoted-field'
        if problem is not None:
            raise fail(f'invalid argument "{value}" for "{_label(flag)}" flag: {problem}')
        if flag.kind == "slice":
            flags.extend((flag.store or flag.long, item) for item in _slice(value) or ())
            return
        if flag.long == "dns":
            value = _dns_address(value) or value
        flags.append((flag.store or flag.long, value))

    def not_modelled(word: str) -> FlagError:
        return FlagError(f"dockerlinks: {word} is a docker flag the model does not implement")

    i = 0
    while i < len(words):
        word = words[i]
        i += 1
        if word == "--":
            args.extend(words[i:])
            break
        if word.startswith("--") and len(word) > 2:
            key, eq, value = word[2:].partition("=")
            flag = by_long.get(key)
            if flag is None:
                if key in unmodelled:
                    raise not_modelled(f"--{key}")
                raise fail(f"unknown flag: --{key}")
            if flag.kind == "bool":
                if eq and value not in _BOOLS:
                    raise fail(
                        f'invalid argument "{value}" for "{_label(flag)}" flag: '
                        f'strconv.ParseBool: parsing "{value}": invalid syntax'
                    )
                false = eq and not _BOOLS[value]
                flags.append((flag.long, "false" if false else "true"))
            elif eq:
                set_value(flag, value)
            elif i < len(words):
                set_value(flag, words[i])
                i += 1
            else:
                raise fail(f"flag needs an argument: --{key}")
        elif word.startswith("-") and len(word) > 1:
            shorts = word[1:]
            j = 0
            while j < len(shorts):
                char = shorts[j]
                flag = by_short.get(char)
                if flag is None:
                    if char == "h":  # the deprecated help shorthand
                        flags.append(("help", "true"))
                        j += 1
                        continue
                    if char in unmodelled:
                        raise not_modelled(f"-{char}")
                    raise fail(f"unknown shorthand flag: '{char}' in {word}")
                rest = shorts[j + 1 :]
                if flag.kind == "bool":
                    if rest.startswith("="):
                        value = rest[1:]
                        if value not in _BOOLS:
                            raise fail(
                                f'invalid argument "{value}" for "{_label(flag)}" flag: '
                                f'strconv.ParseBool: parsing "{value}": invalid syntax'
                            )
                        false = not _BOOLS[value]
                        flags.append((flag.long, "false" if false else "true"))
                        break
                    flags.append((flag.long, "true"))
                    j += 1
                    continue
                if rest:
                    set_value(flag, rest[1:] if rest.startswith("=") else rest)
                elif i < len(words):
                    set_value(flag, words[i])
                    i += 1
                else:
                    raise fail(f"flag needs an argument: '{char}' in -{char}")
                break
        else:
            args.append(word)
            if not command.interspersed:
                args.extend(words[i:])
                break
    parsed = ParsedArgs(name, path, tuple(flags), tuple(args))
    if parsed.flag("help"):
        return parsed
    problem = _args_error(command, path, len(args), profile)
    if problem is not None:
        raise problem
    return parsed
