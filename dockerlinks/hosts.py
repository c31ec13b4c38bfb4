"""``/etc/hosts`` content: Docker's Build, Add, Delete and Update, as pure text functions.

What it must not know: containers, the engine or files; every function takes and returns text
or values.

Line format and file order::

    line      = ip , TAB , name , { SPACE , name } , LF ;

    default lines (classic)               default lines (modern)
    127.0.0.1  localhost                  same
    ::1        localhost ip6-localhost    same
               ip6-loopback
    fe00::0    ip6-localnet               fe00::    ip6-localnet
    ff00::0    ip6-mcastprefix            ff00::    ip6-mcastprefix
    ff02::1    ip6-allnodes               same
    ff02::2    ip6-allrouters             same
    (a container without IPv6 gets only the first line, and IPv6 records are dropped)

    a container's file: defaults, --add-host lines (in order), link lines (per link: IPv4,
    then IPv6 when the child has one), self lines (one per address of the container).
    modern: regenerated in this order; classic: the self lines are appended when the
    endpoint joins, which gives the same text.

    self names   = fqdn [ SPACE , fqdn up to its first "." ]    (fqdn = hostname[.domainname])
    link names   = alias SPACE child-hostname [ SPACE child-name ]  (name only if != alias)

Operations::

    operation   rule
    ----------  ----------------------------------------------------------------------------
    Add         append one line per record; no records: unchanged
    Delete      no records: unchanged; else rewrite line by line: "#" lines kept, blank lines
                dropped, a line ending in TAB + the record's names is removed (modern: only
                when the text before it is an address equal to the record's)
    Update      every "<non-space run> TAB <name> (whitespace or '.')" gets the run replaced
                by the new IP: lines whose first name is the name or starts with "name."
                (non-overlapping, left to right; whitespace: TAB, LF, FF, CR, SPACE)

IP text: modern writes canonical addresses (``fe00::0`` becomes ``fe00::``, also in Update)
and, in a container's file, IPv4-mapped addresses as plain IPv4; classic writes the text as
given. Names and addresses that could inject lines or fields (empty, whitespace,
control characters, ``#``, ``=``) are refused with :class:`~dockerlinks.errors.HostsError`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TypeAlias, TypeVar

import attrs

from dockerlinks import _go
from dockerlinks._args import shown
from dockerlinks.errors import HostsError
from dockerlinks.names import unsafe_index
from dockerlinks.profiles import Profile, ProfileLike, get_profile

__all__ = [
    "HostsLink",
    "HostsRecord",
    "add_hosts",
    "build_hosts",
    "build_hosts_classic",
    "container_hosts",
    "delete_hosts",
    "link_names",
    "parse_add_host",
    "parse_hosts",
    "self_names",
    "update_hosts",
]

_T = TypeVar("_T")
_MAX_TOKEN = 64 * 1024

_DEFAULTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("127.0.0.1", "127.0.0.1", ("localhost",)),
    ("::1", "::1", ("localhost", "ip6-localhost", "ip6-loopback")),
    ("fe00::0", "fe00::", ("ip6-localnet",)),
    ("ff00::0", "ff00::", ("ip6-mcastprefix",)),
    ("ff02::1", "ff02::1", ("ip6-allnodes",)),
    ("ff02::2", "ff02::2", ("ip6-allrouters",)),
)


def _check_text(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise HostsError(f"invalid hosts {what}: expected a string, not {shown(value)}")
    if not value:
        raise HostsError(f"invalid hosts {what}: empty", text=value, span=(0, 0))
    bad = unsafe_index(value)
    if bad is not None:
        raise HostsError(
            f"invalid hosts {what} {value!r}: {value[bad]!r} is not allowed in /etc/hosts",
            text=value,
            span=(bad, bad + 1),
        )
    return value


def _parse_ip(text: str) -> _go.Addr:
    address = _go.parse_addr(text)
    if address is None:
        raise HostsError(
            f"invalid IP address in hosts record: {text!r}", text=text, span=(0, len(text))
        )
    return address


def _to_names(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(value.split(" "))
    if isinstance(value, (list, tuple)):
        return tuple(value)
    raise HostsError(f"invalid hosts names: {shown(value)}")


def _check_ip(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    del instance, attribute
    _check_text(value, "address")


def _check_names(
    instance: object, attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]
) -> None:
    del instance, attribute
    if not value:
        raise HostsError("invalid hosts record: no names")
    for name in value:
        _check_text(name, "name")


@attrs.frozen
class HostsRecord:
    """One ``/etc/hosts`` line: an address and its names (a string is split at spaces).

    >>> HostsRecord("172.17.0.5", "webdb 6e5cdeb2d300 db").line()
    '172.17.0.5\\twebdb 6e5cdeb2d300 db\\n'
    """

    ip: str = attrs.field(validator=_check_ip)
    names: tuple[str, ...] = attrs.field(converter=_to_names, validator=_check_names)

    @property
    def hosts(self) -> str:
        """The names as Docker holds them: one string, single spaces."""
        return " ".join(self.names)

    def line(self, *, profile: ProfileLike = None) -> str:
        """The record's line; ``profile="modern"`` writes the address in canonical form."""
        return f"{_render_ip(self.ip, get_profile(profile))}\t{self.hosts}\n"


def _render_ip(ip: str, profile: Profile) -> str:
    address = _parse_ip(ip)
    return str(address) if profile.daemon.hosts == "modern" else ip


RecordLike: TypeAlias = "HostsRecord | tuple[str, str | Sequence[str]]"


def _records(records: Iterable[RecordLike]) -> list[HostsRecord]:
    """The records given: :class:`HostsRecord` values or ``(ip, names)`` pairs."""
    if isinstance(records, (str, bytes, HostsRecord)):
        raise HostsError("records must be a list of HostsRecord values or (ip, names) pairs")
    try:
        given = list(records)
    except TypeError:
        raise HostsError(
            f"records must be a list of HostsRecord values, not {shown(records)}"
        ) from None
    out: list[HostsRecord] = []
    for record in given:
        if isinstance(record, HostsRecord):
            out.append(record)
        elif isinstance(record, tuple | list) and len(record) == 2:
            out.append(HostsRecord(record[0], record[1]))
        else:
            raise HostsError(
                f"invalid hosts record: {shown(record)} (a HostsRecord or (ip, names))"
            )
    return out


def _render(records: Iterable[HostsRecord], modern: bool, ipv6: bool) -> str:
    lines = []
    for record in records:
        address = _parse_ip(record.ip)
        if not ipv6 and not address.is4:
            continue
        ip = str(address) if modern else record.ip
        lines.append(f"{ip}\t{record.hosts}\n")
    return "".join(lines)


def _default_text(modern: bool, ipv6: bool) -> str:
    """The default lines (only the IPv4 one without IPv6), as written."""
    chosen = _DEFAULTS if ipv6 else _DEFAULTS[:1]
    return "".join(f"{new if modern else old}\t{' '.join(names)}\n" for old, new, names in chosen)


# the six constant default lines, rendered once per rule set: (modern, ipv6) -> text
_DEFAULT_TEXT = {
    (modern, ipv6): _default_text(modern, ipv6)
    for modern in (False, True)
    for ipv6 in (False, True)
}


def build_hosts(
    records: Iterable[RecordLike] = (),
    *,
    profile: ProfileLike = None,
    ipv6: bool = True,
) -> str:
    """Docker's Build (v26+): the default lines, then ``records`` in order.

    ``records`` are :class:`HostsRecord` values or plain ``(ip, names)`` pairs.

    >>> print(build_hosts([HostsRecord("10.0.0.2", "db")], profile="classic"), end="")
    127.0.0.1	localhost
    ::1	localhost ip6-localhost ip6-loopback
    fe00::0	ip6-localnet
    ff00::0	ip6-mcastprefix
    ff02::1	ip6-allnodes
    ff02::2	ip6-allrouters
    10.0.0.2	db
    >>> build_hosts([HostsRecord("fd00::3", "x"), ("10.0.0.2", "y")], ipv6=False)
    '127.0.0.1\\tlocalhost\\n10.0.0.2\\ty\\n'
    """
    chosen = get_profile(profile)
    extra = _records(records)
    modern, with_ipv6 = chosen.daemon.hosts == "modern", bool(ipv6)
    return _DEFAULT_TEXT[modern, with_ipv6] + _render(extra, modern, with_ipv6)


def self_names(hostname: str, domainname: str = "") -> tuple[str, ...]:
    """The names of a container's own line: the FQDN, then its part before the first dot.

    >>> self_names("testhostname", "testdomainname")
    ('testhostname.testdomainname', 'testhostname')
    >>> self_names("web")
    ('web',)
    """
    _check_text(hostname, "hostname")
    if not isinstance(domainname, str):
        raise HostsError(f"invalid hosts domainname: {shown(domainname)}")
    fqdn = f"{hostname}.{domainname}" if domainname else hostname
    _check_text(fqdn, "hostname")
    if "." in fqdn:
        short = fqdn[: fqdn.index(".")]
        if not short:
            raise HostsError(
                f"invalid hosts hostname {fqdn!r}: empty name before the first '.'",
                text=fqdn,
                span=(0, 1),
            )
        return (fqdn, short)
    return (fqdn,)


def build_hosts_classic(
    ip: str,
    hostname: str,
    domainname: str = "",
    extra: Iterable[HostsRecord] = (),
) -> str:
    """The Docker 1.10 - v25 Build(ip, hostname, domainname, extra): the container's own line
    first (only when ``ip`` is not empty), then the classic defaults, then ``extra``.

    >>> build_hosts_classic("10.11.12.13", "testhostname", "testdomainname").splitlines()[0]
    '10.11.12.13\\ttesthostname.testdomainname testhostname'
    """
    if not isinstance(ip, str):
        raise HostsError(f"invalid hosts address: {shown(ip)}")
    for what, value in (("hostname", hostname), ("domainname", domainname)):
        if not isinstance(value, str):
            raise HostsError(f"invalid hosts {what}: expected a string, not {shown(value)}")
    head = [HostsRecord(ip, self_names(hostname, domainname))] if ip else []
    tail = _records(extra)
    return _render(head, False, True) + _DEFAULT_TEXT[False, True] + _render(tail, False, True)


def add_hosts(content: str, records: Iterable[RecordLike], *, profile: ProfileLike = None) -> str:
    """Docker's Add: append one line per record (the content is not otherwise touched).

    >>> add_hosts("127.0.0.1\\tlocalhost\\n", [HostsRecord("2.2.2.2", "testhostname")])
    '127.0.0.1\\tlocalhost\\n2.2.2.2\\ttesthostname\\n'
    """
    chosen = get_profile(profile)
    if not isinstance(content, str):
        raise HostsError(f"hosts content must be a string, not {type(content).__name__}")
    return content + _render(_records(records), chosen.daemon.hosts == "modern", True)


def _scan_lines(content: str) -> list[str]:
    """Go ``bufio.ScanLines``: split at LF, drop one CR before it, no empty last token."""
    lines = content.split("\n")
    if lines[-1] == "":
        lines.pop()
    out = []
    for line in lines:
        if len(line.encode("utf-8", "surrogatepass")) >= _MAX_TOKEN:
            raise HostsError("bufio.Scanner: token too long")
        out.append(line[:-1] if line.endswith("\r") else line)
    return out


def delete_hosts(
    content: str, records: Iterable[RecordLike], *, profile: ProfileLike = None
) -> str:
    """Docker's Delete. Classic removes every line ending in TAB + the record's names,
    whatever its address; modern also requires the address to equal the record's.

    >>> text = "1.1.1.1\\tdb\\n9.9.9.9\\tdb\\n"
    >>> delete_hosts(text, [HostsRecord("1.1.1.1", "db")], profile="classic")
    ''
    >>> delete_hosts(text, [HostsRecord("1.1.1.1", "db")])
    '9.9.9.9\\tdb\\n'
    """
    chosen = get_profile(profile)
    if not isinstance(content, str):
        raise HostsError(f"hosts content must be a string, not {type(content).__name__}")
    recs = _records(records)
    if not recs:
        return content
    modern = chosen.daemon.hosts == "modern"
    wanted = [("\t" + r.hosts, _parse_ip(r.ip) if modern else None) for r in recs]
    out = []
    for line in _scan_lines(content):
        if not line:
            continue
        if line[0] != "#" and any(_deletes(line, suffix, ip) for suffix, ip in wanted):
            continue
        out.append(line + "\n")
    return "".join(out)


def _deletes(line: str, suffix: str, address: _go.Addr | None) -> bool:
    if not line.endswith(suffix):
        return False
    if address is None:
        return True
    before = _go.trim_space(line[: len(line) - len(suffix)])
    return _go.parse_addr(before) == address


def update_hosts(content: str, ip: str, name: str, *, profile: ProfileLike = None) -> str:
    """Docker's Update: give every line whose first name is ``name`` (or starts with
    ``name.``) the address ``ip``. The modern daemon passes an address value, so the
    address is written in canonical form; classic writes the text as given.

    >>> update_hosts("2.2.2.2\\tprefix\\n3.3.3.3\\tprefixAndMore\\n", "5.5.5.5", "prefix")
    '5.5.5.5\\tprefix\\n3.3.3.3\\tprefixAndMore\\n'
    """
    chosen = get_profile(profile)
    if not isinstance(content, str):
        raise HostsError(f"hosts content must be a string, not {type(content).__name__}")
    _check_text(ip, "address")
    address = _parse_ip(ip)
    _check_text(name, "name")
    new = str(address) if chosen.daemon.hosts == "modern" else ip
    return _replace_runs(content, new, "\t" + name)


_SPACES = "\t\n\f\r "  # Go RE2 \\s


def _replace_runs(content: str, new: str, needle: str) -> str:
    """Go ``regexp`` ``(\\S*)(\\t<name>)(\\s|\\.)`` ReplaceAll with ``<new>$2$3``, in linear time.

    A match starts at the leftmost position whose non-space run ends in a TAB followed by the
    name and one whitespace character or a dot; the run is the non-space text before that
    TAB (not reaching back before the previous match). A backtracking regexp would take
    quadratic time on long lines without a TAB.
    """
    out: list[str] = []
    done = search = 0
    size = len(content)
    while (tab := content.find(needle, search)) >= 0:
        after = tab + len(needle)
        if after >= size or content[after] not in "\t\n\f\r .":
            search = tab + 1
            continue
        start = max(done, max(content.rfind(space, done, tab) for space in _SPACES) + 1)
        out += (content[done:start], new, content[tab : after + 1])
        done = search = after + 1
    out.append(content[done:])
    return "".join(out)


def _split_line(line: str) -> list[str]:
    return [field for field in re.split(r"[ \t]+", line) if field]


def parse_hosts(text: str) -> list[HostsRecord]:
    """The records of a hosts file: blank lines and ``#`` comments are skipped.

    >>> text = "# comment\\n127.0.0.1\\tlocalhost\\n\\n10.0.0.2\\tdb web  # 2\\n"
    >>> for record in parse_hosts(text):
    ...     print(record)
    HostsRecord(ip='127.0.0.1', names=('localhost',))
    HostsRecord(ip='10.0.0.2', names=('db', 'web'))
    """
    if not isinstance(text, str):
        raise HostsError(f"hosts content must be a string, not {type(text).__name__}")
    records = []
    for line in _scan_lines(text):
        fields = _split_line(line.split("#", 1)[0])
        if not fields:
            continue
        if len(fields) == 1:
            raise HostsError("hosts line without names", text=line, span=(0, len(line)))
        try:
            records.append(HostsRecord(fields[0], tuple(fields[1:])))
        except HostsError as exc:
            raise HostsError(exc.docker_message, text=line, span=(0, len(line))) from None
    return records


@attrs.frozen
class HostsLink:
    """One legacy link as the parent's hosts file sees it.

    ``alias``: the link alias; ``name``: the child's container name (with or without its
    ``/``); ``hostname``: the child's hostname; ``ip``: its IPv4 address on the default bridge;
    ``ip6``: its global IPv6 address there, if any (Docker v25+ writes a second line).
    """

    alias: str
    name: str
    hostname: str
    ip: str
    ip6: str = ""


def link_names(alias: str, name: str, hostname: str) -> tuple[str, ...]:
    """The names of a link line: alias, child hostname, and the child name if it differs.

    >>> link_names("webdb", "/db", "6e5cdeb2d300")
    ('webdb', '6e5cdeb2d300', 'db')
    >>> link_names("db", "/db", "5e0dc1a5b5c4")
    ('db', '5e0dc1a5b5c4')
    """
    _check_text(alias, "alias")
    _check_text(hostname, "hostname")
    _check_text(name, "name")
    bare = name[1:] if name.startswith("/") else name
    return (alias, hostname) if alias == bare else (alias, hostname, _check_text(bare, "name"))


def parse_add_host(value: str, *, host_gateway: str = "172.17.0.1") -> HostsRecord:
    """An ``--add-host`` value (``name:ip``, ``name=ip``, ``[v6]`` brackets allowed).

    The special address ``host-gateway`` stands for the daemon's host-gateway address
    (``--host-gateway-ip``; by default the default bridge's gateway, ``172.17.0.1``).

    >>> parse_add_host("db-static:10.0.0.9"), parse_add_host("v6=[::1]").ip
    (HostsRecord(ip='10.0.0.9', names=('db-static',)), '::1')
    >>> parse_add_host("host.docker.internal:host-gateway").ip
    '172.17.0.1'
    """
    if not isinstance(value, str):
        raise HostsError(f"bad format for add-host: {shown(value)}")
    if not isinstance(host_gateway, str):
        raise HostsError(f"invalid hosts address: expected a string, not {shown(host_gateway)}")
    key, sep, ip = value.partition("=")
    if not sep:
        key, sep, ip = value.partition(":")
    if not sep or not key or ":" in key:
        raise HostsError(f"bad format for add-host: {_go.quote(value)}", text=value, span=(0, 0))
    if ip == "host-gateway":
        _check_text(host_gateway, "address")
        _parse_ip(host_gateway)
        return HostsRecord(host_gateway, (key,))
    if len(ip) > 2 and ip[0] == "[" and ip[-1] == "]":
        ip = ip[1:-1]
    if _go.parse_ip(ip) is None:  # the CLI's net.ParseIP (no zone)
        start = len(key) + 1
        raise HostsError(
            f"invalid IP address in add-host: {_go.quote(ip)}",
            text=value,
            span=(start, len(value)),
        )
    return HostsRecord(ip, (key,))


def container_hosts(
    *,
    hostname: str,
    domainname: str = "",
    ips: Iterable[str] = (),
    links: Iterable[HostsLink] = (),
    extra_hosts: Iterable[HostsRecord | str] = (),
    profile: ProfileLike = None,
    ipv6: bool = True,
    host_gateway: str = "172.17.0.1",
) -> str:
    """A container's whole ``/etc/hosts`` as the daemon writes it.

    ``ips``: the container's own addresses (one self line each); ``links``: its legacy links
    in ``HostConfig.Links`` order; ``extra_hosts``: ``--add-host`` values or records, in order
    (``host_gateway`` is the address ``host-gateway`` stands for). The modern daemon holds
    IPv4 addresses unmapped, so ``::ffff:10.0.0.9`` is written ``10.0.0.9`` (except in
    records passed as :class:`HostsRecord`); without IPv6 every IPv6 line is left out.

    >>> print(container_hosts(hostname="7d2f4a1e9b0c", ips=["172.17.0.3"],
    ...     links=[HostsLink("webdb", "/db", "6e5cdeb2d300", "172.17.0.2")]), end="")
    127.0.0.1	localhost
    ::1	localhost ip6-localhost ip6-loopback
    fe00::	ip6-localnet
    ff00::	ip6-mcastprefix
    ff02::1	ip6-allnodes
    ff02::2	ip6-allrouters
    172.17.0.2	webdb 6e5cdeb2d300 db
    172.17.0.3	7d2f4a1e9b0c
    """
    chosen = get_profile(profile)
    modern = chosen.daemon.hosts == "modern"
    names = self_names(hostname, domainname)
    extra = [
        entry
        if isinstance(entry, HostsRecord)
        else _unmapped(parse_add_host(entry, host_gateway=host_gateway), modern)
        for entry in _listed(extra_hosts, "extra_hosts")
    ]
    link_records: list[HostsRecord] = []
    for link in _listed(links, "links"):
        if not isinstance(link, HostsLink):
            raise HostsError(f"invalid link: {shown(link)} (expected a HostsLink)")
        link_line = link_names(link.alias, link.name, link.hostname)
        link_records.append(_unmapped(HostsRecord(link.ip, link_line), modern))
        if link.ip6:
            link_records.append(HostsRecord(link.ip6, link_line))
    own = [_unmapped(HostsRecord(ip, names), modern) for ip in _listed(ips, "ips")]
    if modern:
        return build_hosts(extra + link_records + own, profile=chosen, ipv6=ipv6)
    content = build_hosts(extra + link_records, profile=chosen, ipv6=ipv6)
    if not ipv6:  # v26-v27 add the self lines without their IPv6 addresses
        own = [r for r in own if _parse_ip(r.ip).is4]
    return add_hosts(content, own, profile=chosen)


def _listed(values: Iterable[_T], what: str) -> list[_T]:
    if isinstance(values, (str, bytes)):
        raise HostsError(f"{what} must be a list, not a string")
    try:
        return list(values)
    except TypeError:
        raise HostsError(f"{what} must be a list, not {shown(values)}") from None


def _unmapped(record: HostsRecord, modern: bool) -> HostsRecord:
    """Modern: the record with an IPv4-mapped address as plain IPv4 (Go ``Addr.Unmap``)."""
    address = _parse_ip(record.ip)
    if modern and address.is4in6:
        return HostsRecord(str(address.unmap()), record.names)
    return record
