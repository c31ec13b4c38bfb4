"""Legacy links: ``--link`` values, link names, the link environment, firewall rules.

What it must not know: containers' state, the engine or the docker CLI's texts; the child's
address, ports and environment are arguments.

Sources: moby/moby ``daemon/links/links.go`` (``ToEnv``: v27.5.1 for the classic algorithm,
v28.0.0 for the modern one) and moby/moby#50719 (v29.0.0: no variables unless the daemon
runs with ``DOCKER_KEEP_DEPRECATED_LEGACY_LINKS_ENV_VARS=1``); the ``--link`` grammar is
docker/cli ``opts/opts.go`` and moby ``daemon/pkg/opts/opts.go`` ``ParseLink``; the firewall
rules are libnetwork's ``drivers/bridge/link.go``; the process environment is moby
``daemon/container/container.go`` ``CreateDaemonEnvironment``.

``--link`` grammar (daemon and CLI, unchanged since Docker 1.7)::

    link        = name , [ ":" , alias ]            (* "db" means "db:db" *)
                | "/" , name , ":" , path           (* the inspect form "/db:/web/db" *)
    path        = { element , "/" } , alias         (* only the last element is kept *)

    ""                  -> "empty string specified for links"
    three or more parts -> "bad format for links: <value>"

Docker itself does not validate names or aliases: ``db:`` gives the alias ``""`` and ``:db``
the name ``""``, and this parser returns them as Docker does (the daemon then joins an empty
alias to the parent's own name, a name it already holds, so the link is silently dropped; an
empty name fails the container lookup). This library is stricter in one way only: names and
aliases that would corrupt the environment or ``/etc/hosts`` (whitespace, control characters,
``=``, ``#``) are refused with a :class:`~dockerlinks.errors.LinkSpecError`.

Link environment (``link_env``), with ``P`` = the last ``/``-element of the full link name,
upper-cased (Go's per-character Unicode upper-casing) with ``-`` replaced by ``_``::

    modern (Docker v28+)                       classic (Docker v1.5 - v27)
    -----------------------------------------  ------------------------------------------
    sort: tcp first, then protocol name,       sort: by number, tcp first on equal numbers
          then number                                (other protocols of one number: by
                                                     protocol name, see below)
    P_PORT = first sorted port                 P_PORT = lowest number, tcp on ties
    per port, in order: Q, Q_ADDR, Q_PORT,     all range blocks first, then per port:
      Q_PROTO; a run's 4 range variables         Q, Q_ADDR, Q_PORT, Q_PROTO
      follow the first port after the run     range = 3+ entries with numbers <= v + 1
    range = 2+ consecutive numbers, same         (v counts per entry), protocols ignored
      protocol                                 range block: START, ADDR, PROTO,
    range block: START, PORT_START, END,         PORT_START, END, PORT_END (END named
      PORT_END                                   with the start number and the end
                                                 entry's protocol)
    then P_NAME=<full link name>, then P_ENV_<name>=<value> for each child entry with a
    "=", except HOME and PATH

    Q = P_PORT_<number>_<PROTO>; values "<proto>://<child ip>:<number>", "<child ip>",
    "<number>", "<proto>"

The classic sort is not a total order for two non-tcp protocols on the same number (Docker's
output then depends on its unstable sort); this library orders them by protocol name, which
makes the classic output deterministic too. A daemon that sets no link variables
(``profile.daemon.sets_link_vars`` false: Docker v29's default) gives none at all.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from typing import TypeAlias, TypeVar

import attrs

from dockerlinks import _go
from dockerlinks._args import shown
from dockerlinks.envfile import check_env_entry
from dockerlinks.errors import DockerLinksError, EnvFileError, LinkSpecError, PortError
from dockerlinks.names import unsafe_index
from dockerlinks.ports import Port
from dockerlinks.profiles import ProfileLike, get_profile

__all__ = [
    "DEFAULT_PATH_ENV",
    "LinkRule",
    "LinkSpec",
    "PortLike",
    "container_env",
    "go_lower",
    "go_upper",
    "host_config_links",
    "link_env",
    "link_name",
    "link_prefix",
    "link_rules",
    "parse_link",
    "parse_link_port",
    "process_env",
    "sort_link_ports",
]

PortLike: TypeAlias = "str | Port"
_T = TypeVar("_T")

DEFAULT_PATH_ENV = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
"""The ``PATH`` the daemon puts first in a Linux container's environment."""


# ---------------------------------------------------------------------------------------------
# Go string helpers (the rules live in dockerlinks._go; these check their argument)


def go_upper(text: str) -> str:
    """Go's ``strings.ToUpper``: per-character (simple) Unicode upper-casing.

    >>> go_upper("my-db.v2"), go_upper("straße")
    ('MY-DB.V2', 'STRAßE')
    """
    if not isinstance(text, str):
        raise LinkSpecError(f"expected a string, not {shown(text)}")
    return _go.to_upper(text)


def go_lower(text: str) -> str:
    """Go's ``strings.ToLower``: per-character (simple) Unicode lower-casing.

    >>> go_lower("TCP"), go_lower("İ")
    ('tcp', 'i')
    """
    if not isinstance(text, str):
        raise LinkSpecError(f"expected a string, not {shown(text)}")
    return _go.to_lower(text)


# ---------------------------------------------------------------------------------------------
# --link values and link names


def _check_part(value: str, what: str, text: str, offset: int, *, empty: bool = False) -> None:
    if not value and not empty:
        raise LinkSpecError(
            f"invalid link {what}: empty (an empty {what} cannot be rendered into env or hosts)",
            text=text,
            span=(offset, offset),
        )
    bad = unsafe_index(value)
    if bad is not None:
        raise LinkSpecError(
            f"invalid link {what}: {value!r} contains {value[bad]!r}, which is unsafe in env "
            "or hosts text",
            text=text,
            span=(offset + bad, offset + bad + 1),
        )


@attrs.frozen
class LinkSpec:
    """One parsed ``--link``: the child's ``name`` (or ID) and the ``alias`` in the parent."""

    name: str
    alias: str

    def __str__(self) -> str:
        return f"{self.name}:{self.alias}"


def parse_link(value: object) -> LinkSpec:
    """Parse a ``--link`` value the way the daemon and the CLI do.

    >>> parse_link("db:webdb")
    LinkSpec(name='db', alias='webdb')
    >>> parse_link("db")
    LinkSpec(name='db', alias='db')
    >>> parse_link("/db:/web/db")
    LinkSpec(name='db', alias='db')
    >>> parse_link("db:")
    LinkSpec(name='db', alias='')
    >>> parse_link("a:b:c")
    Traceback (most recent call last):
    ...
    dockerlinks.errors.LinkSpecError: bad format for links: a:b:c
        a:b:c
           ^^
    """
    if not isinstance(value, str):
        raise LinkSpecError(f"invalid --link value: expected a string, not {shown(value)}")
    if value == "":
        raise LinkSpecError("empty string specified for links", text=value, span=(0, 0))
    parts = value.split(":")
    if len(parts) > 2:
        second = len(parts[0]) + 1 + len(parts[1])
        raise LinkSpecError(f"bad format for links: {value}", text=value, span=(second, len(value)))
    if len(parts) == 1:
        _check_part(value, "name", value, 0)
        return LinkSpec(value, value)
    name, alias = parts
    alias_offset = len(name) + 1
    name_offset = 0
    if name.startswith("/"):
        cut = alias.rfind("/") + 1
        name, alias, alias_offset, name_offset = name[1:], alias[cut:], alias_offset + cut, 1
    _check_part(name, "name", value, name_offset, empty=True)
    _check_part(alias, "alias", value, alias_offset, empty=True)
    return LinkSpec(name, alias)


def link_name(parent: str, alias: str) -> str:
    """The full link name Docker registers: parent and alias joined as a path and cleaned
    (Go ``path.Join``), so an empty alias gives the parent's own name.

    >>> link_name("/web", "db"), link_name("web", "db"), link_name("/web/", "./db")
    ('/web/db', '/web/db', '/web/db')
    >>> link_name("/web", ""), link_name("/web", "../db")
    ('/web', '/db')
    """
    if not isinstance(parent, str) or not isinstance(alias, str):
        raise LinkSpecError(f"invalid link name parts: {shown(parent)}, {shown(alias)}")
    _check_part(parent.strip("/"), "parent", parent, 0)
    _check_part(alias, "alias", alias, 0, empty=True)
    return _go.clean_path("/" + parent + "/" + alias)


def link_prefix(name: str) -> str:
    """The variable prefix of a full link name: last element, upper-cased, ``-`` as ``_``.

    >>> link_prefix("/web/My-DB.v2"), link_prefix("db"), link_prefix("/")
    ('MY_DB.V2', 'DB', '')
    """
    if not isinstance(name, str):
        raise LinkSpecError(f"invalid link name: expected a string, not {shown(name)}")
    _check_part(name, "name", name, 0, empty=True)
    alias = name[name.rfind("/") + 1 :]
    return _go.to_upper(alias).replace("-", "_")


def host_config_links(
    parent: str,
    links: Iterable[LinkSpec | str],
    *,
    child_names: Mapping[str, str] | None = None,
) -> list[str]:
    """``HostConfig.Links`` as ``docker inspect`` shows it: ``<child name>:<full link name>``.

    ``child_names`` maps a reference used in ``--link`` (an ID or ID prefix, or an old name)
    to the child's current name; other references are used as the name.

    >>> host_config_links("/web", ["db", "cache:redis"])
    ['/db:/web/db', '/cache:/web/redis']
    """
    if not isinstance(parent, str):
        raise LinkSpecError(f"invalid link name parts: {shown(parent)}")
    if child_names is None:
        child_names = {}
    elif not isinstance(child_names, Mapping):
        raise LinkSpecError(f"child_names must be a mapping, not {shown(child_names)}")
    out = []
    for link in _listed(links, "links", LinkSpecError):
        spec = link if isinstance(link, LinkSpec) else parse_link(link)
        if not isinstance(spec.name, str):
            raise LinkSpecError(f"invalid link: {shown(spec)}")
        child = child_names.get(spec.name, spec.name)
        if not isinstance(child, str):
            raise LinkSpecError(f"invalid child name for {spec.name!r}: {shown(child)}")
        child = child if child.startswith("/") else "/" + child
        _check_part(child[1:], "name", child, 1)
        out.append(f"{child}:{link_name(parent, spec.alias)}")
    return out


def _listed(
    values: Iterable[_T], what: str, error: type[DockerLinksError] = EnvFileError
) -> list[_T]:
    """``values`` as a list; a string or a non-iterable raises ``error``."""
    if isinstance(values, (str, bytes)):
        raise error(f"{what} must be a list, not a string")
    try:
        return list(values)
    except TypeError:
        raise error(f"{what} must be a list, not {shown(values)}") from None


# ---------------------------------------------------------------------------------------------
# Ports


def parse_link_port(port: object) -> Port:
    """One exposed port: a ``Port`` value or ``N[/proto]`` text (Engine ``ParsePort``).

    The protocol is lower-cased and defaults to ``tcp``; numbers are 0-65535.

    >>> parse_link_port("6379"), parse_link_port("53/UDP")
    (Port(number=6379, proto='tcp'), Port(number=53, proto='udp'))
    >>> parse_link_port("99999")
    Traceback (most recent call last):
    ...
    dockerlinks.errors.PortError: invalid port '99999': value out of range
        99999
        ^^^^^
    """
    number, proto = _port_parts(port)
    return Port(number, proto)


def _port_parts(port: object) -> tuple[int, str]:
    if isinstance(port, str):
        if port == "":
            raise PortError("invalid port: value is empty", text=port, span=(0, 0))
        digits, _, proto = port.partition("/")
        if not digits:
            raise PortError("invalid port '': value is empty", text=port, span=(0, 0))
        number = _parse_uint16(digits, port)
        offset = len(digits) + 1
    elif isinstance(port, Port):
        number, proto = port.number, port.proto
        if not isinstance(number, int) or isinstance(number, bool) or not 0 <= number <= 65535:
            raise PortError(f"invalid port number: {shown(number)}")
        if not isinstance(proto, str):
            raise PortError(f"invalid port protocol: {shown(proto)}")
        offset = None
    else:
        raise PortError(f"invalid port: expected '<number>[/<proto>]' or a Port, not {shown(port)}")
    if not proto:
        return number, "tcp"
    if proto != "tcp":
        bad = unsafe_index(proto)
        if bad is not None:
            message = f"invalid port protocol {proto!r}: {proto[bad]!r} is unsafe in env text"
            if offset is None:
                raise PortError(message)
            raise PortError(message, text=port, span=(offset + bad, offset + bad + 1))  # type: ignore[arg-type]
        proto = _go.to_lower(proto)
    return number, proto


def _parse_uint16(digits: str, text: str) -> int:
    """moby's ``nat.ParsePort`` number: Go ``strconv.ParseUint(digits, 10, 16)``."""
    try:
        return _go.parse_uint(digits, 16)
    except _go.NumError as exc:
        raise PortError(
            f"invalid port '{digits}': {exc.err}", text=text, span=(0, len(digits))
        ) from None


_COMMON_PROTOS = frozenset(("tcp", "udp", "sctp"))


def _modern_key(port: tuple[int, str]) -> tuple[bool, str, int]:
    return (port[1] != "tcp", port[1], port[0])


def _classic_key(port: tuple[int, str]) -> tuple[int, bool, str]:
    return (port[0], port[1] != "tcp", port[1])


def sort_link_ports(ports: Iterable[PortLike], *, profile: ProfileLike = None) -> list[Port]:
    """The exposed ports (duplicates removed) in the order the link environment uses.

    Modern: tcp first, then other protocols by name, each by number. Classic: by number, tcp
    first on equal numbers, then by protocol name (Docker leaves that last tie unordered).

    >>> [str(p) for p in sort_link_ports(["53/udp", "80", "53/tcp", "22/sctp"])]
    ['53/tcp', '80/tcp', '22/sctp', '53/udp']
    >>> [str(p) for p in sort_link_ports(["53/udp", "80", "53/tcp", "22/sctp"], profile="classic")]
    ['22/sctp', '53/tcp', '53/udp', '80/tcp']
    """
    chosen = get_profile(profile)
    key = _modern_key if chosen.daemon.link_env == "modern" else _classic_key
    return [Port(number, proto) for number, proto in sorted(_unique_ports(ports), key=key)]


def _unique_ports(ports: Iterable[PortLike]) -> list[tuple[int, str]]:
    if isinstance(ports, (str, Port)):
        ports = [ports]
    try:
        iterator = iter(ports)
    except TypeError:
        raise PortError(
            f"invalid ports: expected an iterable of ports, not {shown(ports)}"
        ) from None
    seen: dict[tuple[int, str], None] = {}
    common = _COMMON_PROTOS
    for port in iterator:
        if type(port) is str:  # fast path for the usual "N/tcp" text
            digits, _, proto = port.partition("/")
            if proto in common and digits.isascii() and digits.isdigit() and len(digits) < 6:
                number = int(digits)
                if number <= 65535:
                    seen[number, proto] = None
                    continue
        elif type(port) is Port:  # and for a Port of a common protocol
            number, proto = port.number, port.proto
            if type(number) is int and 0 <= number <= 65535 and proto in common:
                seen[number, proto] = None
                continue
        seen[_port_parts(port)] = None
    return list(seen)


# ---------------------------------------------------------------------------------------------
# The link environment


def _check_ip(ip: object, what: str) -> str:
    """The child's address as the daemon writes it (netip text, IPv4-mapped unmapped).

    Empty is allowed: Docker's ``ToEnv`` writes it as it is (``DB_PORT=tcp://:5432``). A
    zone, white space or anything that is not an address is refused.
    """
    if not isinstance(ip, str):
        raise LinkSpecError(f"invalid {what} IP address: {shown(ip)}")
    if ip == "":
        return ""
    addr = _go.parse_addr(ip) if "%" not in ip else None
    if addr is None:
        raise LinkSpecError(f"invalid {what} IP address: {ip!r}", text=ip, span=(0, len(ip)))
    return str(addr.unmap())  # the daemon passes the address Unmap()ped


def _env_vars(prefix: str, env: Iterable[str] | None) -> list[str]:
    if env is None:
        return []
    out = []
    for entry in _checked_entries(env):
        name, sep, value = entry.partition("=")
        if not sep or name in ("HOME", "PATH"):
            continue
        out.append(f"{prefix}_ENV_{name}={value}")
    return out


def _tcp_numbers(ports: Sequence[object]) -> list[int] | None:
    """The sorted, distinct numbers of ``ports`` when every one is ``N/tcp`` or ``N`` text
    (ASCII digits, at most 65535), else ``None``: the usual input, checked as one text.

    ``"\\n".join`` refuses anything but strings; a newline inside a port would add a line;
    after removing each ``/tcp`` at a line end only digits and newlines may remain, and
    ``int`` refuses an empty line (a port ``""`` or ``"/tcp"``). Anything else goes the
    general way, which gives the errors.
    """
    try:
        text = "\n".join(ports)  # type: ignore[arg-type]
    except TypeError:
        return None
    if text.count("\n") != len(ports) - 1:
        return None
    digits = text.replace("/tcp\n", "\n")
    if digits.endswith("/tcp"):
        digits = digits[:-4]
    flat = digits.replace("\n", "")
    if not (flat.isascii() and flat.isdigit()):
        return None
    try:
        numbers = list(map(int, digits.split("\n")))
    except ValueError:  # an empty line, or digits past CPython's limit
        return None
    if max(numbers) > 65535:
        return None
    return sorted(set(numbers))


def _port_groups(ports: Iterable[PortLike]) -> dict[str, list[int]]:
    """The exposed ports, duplicates removed: protocol -> its numbers, ascending."""
    if type(ports) is list or type(ports) is tuple:
        numbers = _tcp_numbers(ports) if ports else None
        if numbers is not None:
            return {"tcp": numbers}
    groups: dict[str, list[int]] = {}
    for number, proto in _unique_ports(ports):
        found = groups.get(proto)
        if found is None:
            groups[proto] = [number]
        else:
            found.append(number)
    for numbers in groups.values():
        numbers.sort()
    return groups


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    """The maximal runs of consecutive numbers in ascending distinct ``numbers``, as
    ``(first, last)`` pairs."""
    first = numbers[0]
    if numbers[-1] - first == len(numbers) - 1:
        return [(first, numbers[-1])]
    runs = []
    previous = first
    for number in itertools.islice(numbers, 1, None):
        if number != previous + 1:
            runs.append((first, previous))
            first = number
        previous = number
    runs.append((first, previous))
    return runs


def _port_lines(out: list[str], key: str, ip: str, proto: str, numbers: Iterable[int]) -> None:
    """Append the four variables of each port of ``proto`` numbered in ``numbers``; ``key``
    is ``<P>_PORT_``."""
    add = out.append
    tail = "_" + _go.to_upper(proto)
    url = f"={proto}://{ip}:"
    addr = "_ADDR=" + ip
    protocol = "_PROTO=" + proto
    for number in map(str, numbers):
        name = f"{key}{number}{tail}"
        add(f"{name}{url}{number}")
        add(name + addr)
        add(f"{name}_PORT={number}")
        add(name + protocol)


def _modern_block(key: str, ip: str, proto: str, first: int, last: int) -> tuple[str, ...]:
    """The four range variables of the modern run ``first``..``last``."""
    name = f"{key}{first}_{_go.to_upper(proto)}"
    return (
        f"{name}_START={proto}://{ip}:{first}",
        f"{name}_PORT_START={first}",
        f"{name}_END={proto}://{ip}:{last}",
        f"{name}_PORT_END={last}",
    )


def _modern_group(
    out: list[str], key: str, ip: str, proto: str, numbers: list[int], *, pending: tuple[str, ...]
) -> tuple[str, ...]:
    """Append the variables of one protocol's ports (ascending, distinct), the ``pending``
    range block of the run before them after the first port; returns the block of the last
    run (empty for a run of one port), which follows the next port written."""
    first = numbers[0]
    if numbers[-1] - first == len(numbers) - 1:  # one run: the usual exposed range
        _port_lines(out, key, ip, proto, (first,))
        out += pending
        if len(numbers) == 1:
            return ()
        _port_lines(out, key, ip, proto, range(first + 1, numbers[-1] + 1))
        return _modern_block(key, ip, proto, first, numbers[-1])
    add = out.append
    tail = "_" + _go.to_upper(proto)
    url = f"={proto}://{ip}:"
    addr = "_ADDR=" + ip
    protocol = "_PROTO=" + proto
    start = previous = -2
    for number in numbers:
        text = str(number)
        name = f"{key}{text}{tail}"
        add(f"{name}{url}{text}")
        add(name + addr)
        add(f"{name}_PORT={text}")
        add(name + protocol)
        if number == previous + 1:
            previous = number
            continue
        if previous > start:  # the run before this port ended: its block follows the port
            out += _modern_block(key, ip, proto, start, previous)
        elif start == -2:  # the first port: the block of the protocol before
            out += pending
        start = previous = number
    return _modern_block(key, ip, proto, start, previous) if previous > start else ()


def _modern_ports(prefix: str, ip: str, groups: dict[str, list[int]]) -> list[str]:
    """Modern order: tcp first, then the other protocols by name, each by number; a run's
    four range variables follow the first port after the run (or the run's last port when
    it ends the list)."""
    protos = sorted(groups)
    if "tcp" in groups and protos[0] != "tcp":
        protos.remove("tcp")
        protos.insert(0, "tcp")
    out = [f"{prefix}_PORT={protos[0]}://{ip}:{groups[protos[0]][0]}"]
    key = prefix + "_PORT_"
    pending: tuple[str, ...] = ()
    for proto in protos:
        pending = _modern_group(out, key, ip, proto, groups[proto], pending=pending)
    out += pending
    return out


def _classic_block(
    out: list[str], prefix: str, ip: str, start: tuple[int, str], end: tuple[int, str]
) -> None:
    s_number, s_proto = start
    e_number, e_proto = end
    key = f"{prefix}_PORT_{s_number}_{_go.to_upper(s_proto)}"
    out += (
        f"{key}_START={s_proto}://{ip}:{s_number}",
        f"{key}_ADDR={ip}",
        f"{key}_PROTO={s_proto}",
        f"{key}_PORT_START={s_number}",
    )
    key = f"{prefix}_PORT_{s_number}_{_go.to_upper(e_proto)}"
    out += (f"{key}_END={e_proto}://{ip}:{e_number}", f"{key}_PORT_END={e_number}")


def _classic_ports(prefix: str, ip: str, groups: dict[str, list[int]]) -> list[str]:
    """Classic order: by number, tcp first on equal numbers, then by protocol name; every
    range block (3+ entries) first, then the four variables of each port."""
    key = prefix + "_PORT_"
    if len(groups) == 1:  # one protocol: its distinct numbers, runs of consecutive numbers
        ((proto, numbers),) = groups.items()
        out = [f"{prefix}_PORT={proto}://{ip}:{numbers[0]}"]
        for first, last in _runs(numbers):
            if last - first >= 2:
                _classic_block(out, prefix, ip, (first, proto), (last, proto))
        _port_lines(out, key, ip, proto, numbers)
        return out
    ports = sorted(
        ((number, proto) for proto, numbers in groups.items() for number in numbers),
        key=_classic_key,
    )
    first_number, first_proto = ports[0]
    out = [f"{prefix}_PORT={first_proto}://{ip}:{first_number}"]
    count = len(ports)
    index = 0
    while index < count:
        # nextContiguous: accept entries while number <= value + 1, value += 1 per entry.
        end = index
        value = ports[index][0]
        for probe in range(index + 1, count):
            if ports[probe][0] > value + 1:
                break
            value += 1
            end = probe
        if end > index + 1:
            _classic_block(out, prefix, ip, ports[index], ports[end])
            index = end + 1
        else:
            index += 1
    tails = {proto: "_" + _go.to_upper(proto) for proto in groups}
    for number, proto in ports:
        name = f"{key}{number}{tails[proto]}"
        out += (
            f"{name}={proto}://{ip}:{number}",
            f"{name}_ADDR={ip}",
            f"{name}_PORT={number}",
            f"{name}_PROTO={proto}",
        )
    return out


def link_env(
    name: str,
    child_ip: str,
    ports: Iterable[PortLike],
    env: Iterable[str] | None = (),
    *,
    profile: ProfileLike = None,
) -> list[str]:
    """The variables Docker gives a parent for one link, in Docker's order.

    ``name`` is the full link name ``/<parent>/<alias>``, ``child_ip`` the child's address
    on the default bridge (written as Go prints it: ``::ffff:172.17.0.2`` as ``172.17.0.2``;
    empty is written empty, as Docker's ``ToEnv`` does), ``ports`` the child's exposed ports
    (a set: order and duplicates do not matter), ``env`` the child's configured environment.
    A profile whose daemon sets no link variables (a stock Docker 29, the default) gives
    none: use a release that does (``"28.5"``) or ``"modern"`` (29 with the opt-in).

    >>> link_env("/web/db", "172.17.0.5", ["5432/tcp"])
    []
    >>> for line in link_env("/web/db", "172.17.0.5", ["5432/tcp"], ["PG_VERSION=9.3"],
    ...                      profile="modern"):
    ...     print(line)
    DB_PORT=tcp://172.17.0.5:5432
    DB_PORT_5432_TCP=tcp://172.17.0.5:5432
    DB_PORT_5432_TCP_ADDR=172.17.0.5
    DB_PORT_5432_TCP_PORT=5432
    DB_PORT_5432_TCP_PROTO=tcp
    DB_NAME=/web/db
    DB_ENV_PG_VERSION=9.3
    >>> link_env("/web/db", "172.17.0.5", ["53/udp", "80"], profile="classic")[0]
    'DB_PORT=udp://172.17.0.5:53'
    >>> link_env("/web/db", "", ["5432"], profile="28.5")[0]
    'DB_PORT=tcp://:5432'
    """
    chosen = get_profile(profile)
    prefix = link_prefix(name)
    ip = _check_ip(child_ip, "child")
    groups = _port_groups(ports)
    env_vars = _env_vars(prefix, env)
    if not chosen.daemon.sets_link_vars:
        return []
    out: list[str] = []
    if groups:
        if chosen.daemon.link_env == "modern":
            out = _modern_ports(prefix, ip, groups)
        else:
            out = _classic_ports(prefix, ip, groups)
    out.append(f"{prefix}_NAME={name}")
    out.extend(env_vars)
    return out


def container_env(
    hostname: str,
    link_envs: Iterable[Sequence[str]] = (),
    own_env: Iterable[str] = (),
    *,
    tty: bool = False,
    path: str = DEFAULT_PATH_ENV,
) -> list[str]:
    """A Linux container's final environment (the daemon's ``CreateDaemonEnvironment``).

    ``PATH``, ``HOSTNAME``, ``TERM=xterm`` (with a TTY), the link variables of every link in
    the order given, then the container's own ``Env`` on top: an entry whose name is already
    present replaces the **last** entry of that name in place, a new one is appended, and a
    bare ``NAME`` removes the present entry. Names added from ``own_env`` are not looked up
    again (two new ``A=`` entries are both appended), exactly as Docker. The result is what
    the daemon hands the runtime; :func:`process_env` gives what the process then sees.

    >>> container_env("web", [["DB_NAME=/web/db"]], ["DB_NAME=x", "HOSTNAME", "A=1"])
    ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'DB_NAME=x', 'A=1']
    """
    for what, value in (("hostname", hostname), ("PATH", path)):
        if not isinstance(value, str):
            raise EnvFileError(f"invalid {what}: {shown(value)}")
    env = [f"PATH={path}", f"HOSTNAME={hostname}"]
    if tty:
        env.append("TERM=xterm")
    for block in _listed(link_envs, "link_envs"):
        env.extend(_checked_entries(block))
    last: dict[str, int] = {}
    for index, entry in enumerate(env):
        last[entry.partition("=")[0]] = index
    for entry in _checked_entries(own_env):
        name, sep, _ = entry.partition("=")
        if not sep:
            if entry in last:
                env[last[entry]] = ""
            continue
        if name in last:
            env[last[name]] = entry
        else:
            env.append(entry)
    return [entry for entry in env if entry != ""]


def _checked_entries(entries: Iterable[str]) -> list[str]:
    out = _listed(entries, "an environment")
    for entry in out:
        check_env_entry(entry)
    return out


def process_env(entries: Iterable[str], *, home: str = "/root") -> list[str]:
    """The environment a container's process sees for the entries the daemon passes.

    runc sets each entry with Go's ``os.Setenv`` after clearing the environment, so every
    name appears once, at the place of its first entry, with the value of its last
    (opencontainers/runc ``libcontainer/init_linux.go`` ``populateProcessEnvironment``).
    The classic link variables repeat a range start's ``_ADDR`` and ``_PROTO``; the process
    shows each once. Then, with no ``HOME`` set, runc sets the user's home directory
    (``setupUser``; root's is ``/root``; ``home=""`` leaves it out).

    >>> process_env(["A=1", "B=2", "A=3"])
    ['A=3', 'B=2', 'HOME=/root']
    >>> process_env(["HOME=/x"], home="/root")
    ['HOME=/x']
    """
    if not isinstance(home, str):
        raise EnvFileError(f"invalid home: {shown(home)}")
    values: dict[str, str] = {}
    for entry in _checked_entries(entries):
        name, _, _ = entry.partition("=")
        values[name] = entry
    if home and "HOME" not in values:
        values["HOME"] = f"HOME={home}"
    return list(values.values())


# ---------------------------------------------------------------------------------------------
# Firewall rules for --icc=false


@attrs.frozen
class LinkRule:
    """One ACCEPT rule a link installs when inter-container communication is disabled.

    Exactly one of ``dport`` (parent to child) and ``sport`` (child back to parent) is set.
    """

    source: str
    destination: str
    proto: str
    dport: int | None = None
    sport: int | None = None
    in_iface: str = "docker0"
    out_iface: str = "docker0"
    table: str = "filter"
    chain: str = "DOCKER"
    action: str = "ACCEPT"

    def iptables_args(self) -> tuple[str, ...]:
        """The rule's match and target, as Docker passes them to ``iptables``.

        >>> rule = LinkRule("172.17.0.3", "172.17.0.2", "tcp", dport=5000)
        >>> " ".join(rule.iptables_args())
        '-i docker0 -o docker0 -p tcp -s 172.17.0.3 -d 172.17.0.2 --dport 5000 -j ACCEPT'
        """
        if self.dport is not None:
            port_match = ("--dport", str(self.dport))
        else:
            port_match = ("--sport", str(self.sport))
        return (
            "-i",
            self.in_iface,
            "-o",
            self.out_iface,
            "-p",
            self.proto,
            "-s",
            self.source,
            "-d",
            self.destination,
            *port_match,
            "-j",
            self.action,
        )

    def iptables_command(self, operation: str = "-A") -> tuple[str, ...]:
        """The whole ``iptables`` argument list: ``-t filter -A DOCKER <args>``."""
        return ("-t", self.table, operation, self.chain, *self.iptables_args())


def _rule_ip(ip: object, which: str) -> str:
    message = f"cannot link to a container with an empty {which} IP address"
    if not isinstance(ip, str):
        raise LinkSpecError(message)
    addr = _go.parse_addr(ip) if "%" not in ip else None  # an endpoint address has no zone
    if addr is None:
        raise LinkSpecError(
            f"invalid {which} IP address: {ip!r}" if ip else message, text=ip, span=(0, len(ip))
        )
    if addr.is_unspecified:
        raise LinkSpecError(message, text=ip, span=(0, len(ip)))
    return str(addr)


def link_rules(
    parent_ip: str,
    child_ip: str,
    ports: Iterable[PortLike],
    *,
    bridge: str = "docker0",
) -> tuple[LinkRule, ...]:
    """The ``--icc=false`` rules of one link: for each exposed port of the child, in order,
    parent-to-child (``--dport``) then child-to-parent (``--sport``).

    >>> for rule in link_rules("172.17.0.3", "172.17.0.2", ["5000/tcp", "400/udp"]):
    ...     print(" ".join(rule.iptables_args()))
    -i docker0 -o docker0 -p tcp -s 172.17.0.3 -d 172.17.0.2 --dport 5000 -j ACCEPT
    -i docker0 -o docker0 -p tcp -s 172.17.0.2 -d 172.17.0.3 --sport 5000 -j ACCEPT
    -i docker0 -o docker0 -p udp -s 172.17.0.3 -d 172.17.0.2 --dport 400 -j ACCEPT
    -i docker0 -o docker0 -p udp -s 172.17.0.2 -d 172.17.0.3 --sport 400 -j ACCEPT
    """
    parent = _rule_ip(parent_ip, "parent")
    child = _rule_ip(child_ip, "child")
    if not isinstance(bridge, str) or not bridge or unsafe_index(bridge) is not None:
        raise LinkSpecError(f"invalid bridge interface name: {shown(bridge)}")
    rules: list[LinkRule] = []
    for number, proto in _unique_ports(ports):
        rules.append(
            LinkRule(parent, child, proto, dport=number, in_iface=bridge, out_iface=bridge)
        )
        rules.append(
            LinkRule(child, parent, proto, sport=number, in_iface=bridge, out_iface=bridge)
        )
    return tuple(rules)
