"""How Docker prints ports back: ``docker port`` and the ``docker ps`` PORTS column.

What it must not know: containers or the engine; it formats the values it is given, per CLI
release.

``docker port CONTAINER [PRIVATE_PORT[/PROTO]]`` (data: inspect ``NetworkSettings.Ports``;
docker/cli ``cli/command/container/port.go`` at v20.10.27, v23.0.0, v29.0.0)::

    cli.port_command  addresses                        lines          argument (_lookup)
    ----------------  -------------------------------  -------------  -------------------
    20.10             HostIp:HostPort as stored        map order      nat.NewPort
                      (":::49153")
    23.0 (v23 - v28)  net.JoinHostPort ("[::]:49153")  natural sort   ParseUint, as typed
    29.0 (v29+)       JoinHostPort of the netip text   natural sort   moby's ParsePort

    texts from dockerlinks.messages (no_public_port, invalid_port_argument)

Lines are ``<port/proto> -> <host:port>`` (no argument) or ``<host:port>``, joined with
newlines plus one trailing newline.

PORTS column (``docker ps``; data: ``GET /containers/json`` ``Ports``)::

    1. sort by PrivatePort, IP, PublicPort, Type  (IP order: cli.ps_ip_order)
    2. an entry with an IP and PublicPort != PrivatePort -> "ip:public->private/type",
       kept in a separate "mapped" list, never compacted
    3. others join a group keyed "type" (no IP) or "ip/type"; a port equal to the run's
       last + 1 extends the run, anything else flushes the run to the output at once
    4. open runs in key-creation order, then the mapped list; joined with ", "

    cli.ps_brackets  none (<= v27.1) | mapped (v27.2 - v27.5) | all (v28.0+)
    cli.ps_ip_order  string (<= v28) | text (v29.0 - v29.7.2) | numeric (docker/cli after
                     v29.7.2, in no release yet)
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

import attrs

from dockerlinks import _go
from dockerlinks.errors import InspectError, NoPublicPortError, PortError
from dockerlinks.messages import cli_text
from dockerlinks.ports import Port, PortBinding, PortMap
from dockerlinks.profiles import Profile, ProfileLike, get_profile

__all__ = ["NoPublicPortError", "PsPort", "port_lines", "ps_entries", "ps_ports"]


@attrs.frozen
class PsPort:
    """One element of ``GET /containers/json`` ``Ports``: ``ip`` ``None``/``""`` = no address."""

    private_port: int
    type: str
    ip: str | None = None
    public_port: int = 0


# --------------------------------------------------------------------------- addresses


def _canonical(ip: str) -> tuple[str, tuple[int, bytes, str]]:
    """netip ``Addr.String()`` and ``Addr.Less`` key; ``""`` is the zero address."""
    if ip == "":
        return "invalid IP", (0, b"", "")
    addr = _go.parse_addr(ip)
    if addr is None:
        raise InspectError(f"ParseAddr({_go.quote(ip)}): invalid IP address")
    return str(addr), addr.sort_key()


def _natural_less(a: str, b: str) -> bool:
    """fvbommel/sortorder ``NaturalLess`` (digit runs compare as numbers)."""
    i = j = 0
    while i < len(a) and j < len(b):
        ca, cb = a[i], b[j]
        da, db = "0" <= ca <= "9", "0" <= cb <= "9"
        if da != db:
            return da
        if not da:
            if ca != cb:
                # UTF-8 byte order is code point order (Go compares the bytes).
                return ca < cb
            i += 1
            j += 1
            continue
        while i < len(a) and a[i] == "0":
            i += 1
        while j < len(b) and b[j] == "0":
            j += 1
        nz_a, nz_b = i, j
        while i < len(a) and "0" <= a[i] <= "9":
            i += 1
        while j < len(b) and "0" <= b[j] <= "9":
            j += 1
        if i - nz_a != j - nz_b:
            return i - nz_a < j - nz_b
        if a[nz_a:i] != b[nz_b:j]:
            return a[nz_a:i] < b[nz_b:j]
        if nz_a != nz_b:
            return nz_a < nz_b
    return len(a) < len(b)


def _natural_sorted(lines: list[str]) -> list[str]:
    def cmp(a: str, b: str) -> int:
        return -1 if _natural_less(a, b) else (1 if _natural_less(b, a) else 0)

    return sorted(lines, key=functools.cmp_to_key(cmp))


def _checked_entries(
    ports: object, where: str
) -> tuple[tuple[Port, tuple[PortBinding, ...] | None], ...]:
    """``ports.entries`` after checking every value's type (InspectError otherwise)."""
    if not isinstance(ports, PortMap):
        raise InspectError(f"{where} needs a PortMap, got {type(ports).__name__}")
    entries = ports.entries
    if not isinstance(entries, tuple):
        raise InspectError(f"{where}: PortMap.entries must be a tuple")
    for item in entries:
        if not (
            isinstance(item, tuple)
            and len(item) == 2
            and isinstance(item[0], Port)
            and _is_port_number(item[0].number)
            and isinstance(item[0].proto, str)
            and (item[1] is None or isinstance(item[1], tuple))
        ):
            raise InspectError(f"{where}: a PortMap entry must be (Port, bindings or None)")
        for binding in item[1] or ():
            if not (
                isinstance(binding, PortBinding)
                and isinstance(binding.host_ip, str)
                and isinstance(binding.host_port, str)
            ):
                raise InspectError(f"{where}: bindings must be PortBinding values of strings")
    return entries


def _is_port_number(value: object) -> bool:
    """A Go ``uint16``: an int (not a bool) in 0 - 65535."""
    return type(value) is int and 0 <= value <= 65535


# --------------------------------------------------------------------------- docker port


def port_lines(
    ports: PortMap,
    private_port: str | None = None,
    *,
    container: str,
    profile: ProfileLike = None,
) -> str:
    """The stdout of ``docker port <container> [private_port]`` (``""`` when nothing).

    Raises :class:`NoPublicPortError` (the CLI's text) or
    :class:`~dockerlinks.errors.PortError` for a malformed port argument.

    >>> pm = PortMap.from_api({"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "3456"},
    ...                                    {"HostIp": "::", "HostPort": "3456"}]})
    >>> print(port_lines(pm, container="web"), end="")
    80/tcp -> 0.0.0.0:3456
    80/tcp -> [::]:3456
    >>> print(port_lines(pm, container="web", profile="20.10"), end="")
    80/tcp -> 0.0.0.0:3456
    80/tcp -> :::3456
    >>> port_lines(pm, "443", container="web")
    Traceback (most recent call last):
    ...
    dockerlinks.errors.NoPublicPortError: no public port '443' published for web
    """
    prof = get_profile(profile)
    entries = _checked_entries(ports, "port_lines")
    if not isinstance(container, str):
        raise InspectError(f"container name must be a string, got {type(container).__name__}")
    if private_port is not None and not isinstance(private_port, str):
        raise PortError(f"invalid port: expected a string, got {type(private_port).__name__}")
    command = prof.cli.port_command
    joined = command != "20.10"

    def shown(binding: PortBinding) -> str:
        if not joined:
            return f"{binding.host_ip}:{binding.host_port}"
        host = _canonical(binding.host_ip)[0] if command == "29.0" else binding.host_ip
        return _go.join_host_port(host, binding.host_port)

    out: list[str] = []
    if private_port:
        found = _lookup(entries, private_port, prof, container)
        out = [shown(b) for b in found]
    else:
        for key, bindings in entries:
            for b in bindings or ():
                out.append(f"{key} -> {shown(b)}")
    if not out:
        return ""
    # v23+ sorts the lines naturally; v20.10 prints Go map order (random between runs: the
    # model keeps the entries' order, which is the sorted order of the inspect document)
    return "\n".join(_natural_sorted(out) if joined else out) + "\n"


def _lookup(
    entries: tuple[tuple[Port, tuple[PortBinding, ...] | None], ...],
    private_port: str,
    prof: Profile,
    container: str,
) -> tuple[PortBinding, ...]:
    """The bindings ``docker port`` prints for its argument (``cli.port_command``).

    ======================  ==========================  ===============================
    port_command            the argument is read as     "no public port" when
    ======================  ==========================  ===============================
    20.10                   nat.NewPort(proto, port);   the key is missing or null;
                            shown as ``port/proto``     the text shows ``port/proto``
    23.0 (v23 - v28)        ParseUint(16) of the        the key (proto as typed) is
                            number; proto as typed      missing or null; shown as typed
    29.0 (v29+)             moby's ParsePort (lower-    missing, null or empty;
                            cased protocol)             shown as typed
    ======================  ==========================  ===============================
    """
    mode = prof.cli.port_command
    number, slash, proto = private_port.partition("/")
    if mode == "29.0":
        key = Port.parse(private_port)
        found: tuple[PortBinding, ...] | None = None
        for entry, bindings in entries:
            if entry == key:
                found = bindings
        if not found:
            raise NoPublicPortError(
                cli_text(prof, "no_public_port", port=private_port, container=container)
            )
        return found
    if mode == "20.10":
        if not (slash and proto):
            number, proto = private_port, "tcp"
        typed = f"{number}/{proto}"
        shown = typed
        try:
            _go.parse_uint(number, 16)
        except _go.NumError as exc:
            raise PortError(
                cli_text(prof, "invalid_port_argument", number=number, why=exc)
            ) from None
    else:
        try:
            _go.parse_uint(number, 16)
        except _go.NumError as exc:
            raise PortError(
                cli_text(prof, "invalid_port_argument", number=number, why=exc)
            ) from None
        typed = f"{number}/{proto or 'tcp'}"
        shown = private_port
    present = False
    found = None
    for entry, bindings in entries:
        if str(entry) == typed:
            present, found = bindings is not None, bindings
    if not present or found is None:
        raise NoPublicPortError(cli_text(prof, "no_public_port", port=shown, container=container))
    return found


# --------------------------------------------------------------------------- docker ps


def ps_entries(ports: PortMap) -> tuple[PsPort, ...]:
    """The daemon's ``/containers/json`` ``Ports`` for a ``NetworkSettings.Ports`` map.

    An unpublished port (null or empty list) gives one entry without address; each binding
    gives one entry; a binding whose host port is not a number is skipped (the daemon logs
    it); an empty host port reads as 0.
    """
    out: list[PsPort] = []
    for port, bindings in _checked_entries(ports, "ps_entries"):
        if not bindings:
            out.append(PsPort(port.number, port.proto))
            continue
        for b in bindings:
            try:
                public = _go.parse_uint(b.host_port, 16) if b.host_port else 0
            except _go.NumError:
                continue
            out.append(PsPort(port.number, port.proto, b.host_ip, public))
    return tuple(out)


def ps_ports(entries: Iterable[PsPort], *, profile: ProfileLike = None) -> str:
    """The PORTS column text for ``entries`` (see the module's rule table).

    >>> ps_ports([PsPort(80, "tcp", "0.0.0.0", 8080), PsPort(80, "tcp", "::", 8080),
    ...           PsPort(5000, "tcp"), PsPort(5001, "tcp")])
    '5000-5001/tcp, 0.0.0.0:8080->80/tcp, [::]:8080->80/tcp'
    >>> ps_ports([PsPort(80, "tcp", "::", 8080)], profile="classic")
    ':::8080->80/tcp'
    """
    prof = get_profile(profile)
    order = prof.cli.ps_ip_order
    if isinstance(entries, str | bytes) or not isinstance(entries, Iterable):
        raise InspectError(f"ps_ports needs a list of PsPort values, got {type(entries).__name__}")
    rows: list[tuple[PsPort, str, tuple[Any, ...]]] = []
    for entry in entries:
        if not isinstance(entry, PsPort):
            raise InspectError(f"ps_ports needs PsPort values, got {type(entry).__name__}")
        if not (
            _is_port_number(entry.private_port)
            and _is_port_number(entry.public_port)
            and isinstance(entry.type, str)
            and (entry.ip is None or isinstance(entry.ip, str))
        ):
            raise InspectError(
                "a PsPort needs private_port and public_port in 0 - 65535, a string type "
                "and a string or None ip"
            )
        ip = entry.ip or ""
        ip_key: tuple[Any, ...]
        if order == "string":
            text, ip_key = ip, (ip,)
        else:
            text, numeric = _canonical(ip)
            ip_key = (text,) if order == "text" else numeric
        rows.append((entry, text, (entry.private_port, ip_key, entry.public_port, entry.type)))
    rows.sort(key=lambda row: row[2])
    mapped_join = _go.join_host_port if prof.cli.ps_brackets != "none" else _plain_join
    group_join = _go.join_host_port if prof.cli.ps_brackets == "all" else _plain_join

    groups: dict[str, list[int]] = {}
    result: list[str] = []
    mapped: list[str] = []
    for entry, text, _ in rows:
        current = entry.private_port
        key = entry.type
        if bool(text) if order == "string" else bool(entry.ip):
            if entry.public_port != current:
                host = mapped_join(text, str(entry.public_port))
                mapped.append(f"{host}->{current}/{entry.type}")
                continue
            key = f"{text}/{entry.type}"
        run = groups.get(key)
        if run is None:
            groups[key] = [current, current]
        elif current == (run[1] + 1) & 0xFFFF:
            run[1] = current
        else:
            result.append(_form_group(key, run, group_join))
            groups[key] = [current, current]
    result.extend(_form_group(key, run, group_join) for key, run in groups.items())
    return ", ".join(result + mapped)


def _plain_join(host: str, port: str) -> str:
    return f"{host}:{port}"


def _form_group(key: str, run: list[int], join: object) -> str:
    parts = key.split("/")
    kind, ip = (parts[1], parts[0]) if len(parts) > 1 else (parts[0], "")
    text = str(run[0]) if run[0] == run[1] else f"{run[0]}-{run[1]}"
    if ip:
        assert callable(join)
        text = f"{join(ip, text)}->{text}"
    return f"{text}/{kind}"
