"""The size of a linked container's environment, computed without building it.

What lives here: how many variables, and how many bytes, the link variables of one link and
the recipient's whole environment take, from the exposed ports, the forwarded variables and
the recipient's own environment, in time linear in the number of exposed ports (once per
linked service) plus the number of links and own variables, and in memory independent of
the number of ports. The variables themselves are those of
:func:`dockerlinks.links.link_env` and :func:`dockerlinks.links.container_env` (the daemon's
list, as the daemon hands it to the runtime); a property test keeps the figures equal to the
lengths of the lists those functions build. It must not know about compose files or problems.

Each entry counts its UTF-8 bytes, its NUL and an 8-byte pointer (what ``execve`` copies).
The lines of one link with variable prefix ``P``, link name ``N`` and child address ``IP``
(``p`` exposed ports, ``r`` ranges; modern = Docker 28+, classic = before)::

    lines                                         modern        classic
    --------------------------------------------  ------------  -------------------------
    P_PORT=proto://IP:n (the first port)          1 (if p > 0)  1 (if p > 0)
    P_PORT_n_PROTO, _ADDR, _PORT, _PROTO          4 per port    4 per port
    P_PORT_s_PROTO_START ... _PORT_END            4 per range   6 per range (_ADDR and
                                                  (2+ ports)    _PROTO again; 3+ entries)
    P_NAME=N                                      1             1
    P_ENV_NAME=value (not HOME, PATH)             1 each        1 each

Every port line holds ``P`` once and ``IP`` at most once, so the bytes of a link are
``lines * (len(P) + 9) + ip_lines * len(IP) + rest``, where ``lines``, ``ip_lines`` and
``rest`` depend on the ports only: they are computed once per linked service
(:func:`port_shape`). The recipient's own variables replace the last entry of the same name
(the daemon's ``ReplaceOrAppendEnvValues``); a name is looked up in a link's variables by
parsing it (:meth:`LinkBlock.entry_bytes`), never by listing them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import attrs

from dockerlinks import _go

__all__ = ["POINTER", "EnvSize", "LinkBlock", "PortShape", "environment_size", "port_shape"]

POINTER = 8
"""Bytes of the pointer ``execve`` copies for each entry."""
_EXTRA = 1 + POINTER  # the NUL and the pointer


_Port = tuple[int, str]


def _bytes(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def _digits(number: int) -> int:
    return len(str(number))


@attrs.frozen
class PortShape:
    """What the port lines of a link take, apart from the prefix and the address.

    ``lines`` port lines, ``ip_lines`` of them holding the address; ``rest`` bytes besides
    the prefix, the address, the NULs and pointers. ``first`` is the first port in the
    variables' order; ``ports`` every (number, proto); ``ranges`` maps a range's first port
    to its last."""

    algorithm: str
    lines: int
    ip_lines: int
    rest: int
    first: tuple[int, str] | None
    ports: frozenset[tuple[int, str]]
    ranges: Mapping[tuple[int, str], tuple[int, str]]
    protos: Mapping[str, str]

    def size(self, prefix_bytes: int, ip_bytes: int) -> int:
        """Bytes of the port lines for a prefix and an address of these sizes."""
        return self.lines * (prefix_bytes + _EXTRA) + self.ip_lines * ip_bytes + self.rest


def _modern_key(port: tuple[int, str]) -> tuple[bool, str, int]:
    return (port[1] != "tcp", port[1], port[0])


def _classic_key(port: tuple[int, str]) -> tuple[int, bool, str]:
    return (port[0], port[1] != "tcp", port[1])


def _modern_ranges(ports: Sequence[tuple[int, str]]) -> list[tuple[_Port, _Port]]:
    """The ranges of the modern variables: runs of 2+ consecutive numbers of one protocol."""
    out: list[tuple[_Port, _Port]] = []
    start = end = ports[0]
    last = len(ports) - 1
    for index, port in enumerate(ports):
        if port[0] == end[0] + 1 and port[1] == end[1]:
            end = port
            if index < last:
                continue
        if end != start:
            out.append((start, end))
        start = end = port
    return out


def _classic_ranges(ports: Sequence[tuple[int, str]]) -> list[tuple[_Port, _Port]]:
    """The ranges of the classic variables: nat.go's nextContiguous (numbers only, every
    entry counting one more; three entries or more)."""
    out: list[tuple[_Port, _Port]] = []
    count = len(ports)
    index = 0
    while index < count:
        end = index
        value = ports[index][0]
        for probe in range(index + 1, count):
            if ports[probe][0] > value + 1:
                break
            value += 1
            end = probe
        if end > index + 1:
            out.append((ports[index], ports[end]))
            index = end + 1
        else:
            index += 1
    return out


def port_shape(ports: Iterable[tuple[int, str]], algorithm: str) -> PortShape:
    """The shape of the port lines for these exposed ports (``algorithm``: the profile's
    ``daemon.link_env``, ``"modern"`` or ``"classic"``).

    >>> shape = port_shape([(5432, "tcp")], "modern")
    >>> shape.lines, shape.ip_lines
    (5, 3)
    """
    unique = sorted(set(ports), key=_modern_key if algorithm == "modern" else _classic_key)
    protos = {proto: _go.to_upper(proto) for proto in {proto for _, proto in unique}}
    if not unique:
        return PortShape(algorithm, 0, 0, 0, None, frozenset(), {}, protos)
    first_number, first_proto = unique[0]
    lines = 1
    ip_lines = 1
    # "_PORT=" + proto + "://" + ":" + number
    rest = 6 + _bytes(first_proto) + 3 + 1 + _digits(first_number)
    sizes = {proto: (_bytes(proto), _bytes(upper)) for proto, upper in protos.items()}
    for number, proto in unique:
        digits = len(str(number))
        size, upper = sizes[proto]
        key = 7 + digits + upper  # _PORT_<n>_<PROTO>
        # =proto://IP:n, _ADDR=IP, _PORT=n, _PROTO=proto
        rest += 4 * key + (1 + size + 4 + digits) + 6 + (6 + digits) + (7 + size)
    lines += 4 * len(unique)
    ip_lines += 2 * len(unique)
    found = _modern_ranges(unique) if algorithm == "modern" else _classic_ranges(unique)
    for start, end in found:
        (s_number, s_proto), (e_number, e_proto) = start, end
        key = 6 + _digits(s_number) + 1 + _bytes(protos[s_proto])
        s_digits, e_digits = _digits(s_number), _digits(e_number)
        if algorithm == "modern":
            rest += key + 7 + _bytes(s_proto) + 3 + 1 + s_digits  # _START=proto://IP:s
            rest += key + 12 + s_digits  # _PORT_START=s
            rest += key + 5 + _bytes(e_proto) + 3 + 1 + e_digits  # _END=proto://IP:e
            rest += key + 10 + e_digits  # _PORT_END=e
            lines += 4
            ip_lines += 2
        else:
            e_key = 6 + _digits(s_number) + 1 + _bytes(protos[e_proto])
            rest += key + 7 + _bytes(s_proto) + 3 + 1 + s_digits  # _START=proto://IP:s
            rest += key + 6  # _ADDR=IP
            rest += key + 7 + _bytes(s_proto)  # _PROTO=proto
            rest += key + 12 + s_digits  # _PORT_START=s
            rest += e_key + 5 + _bytes(e_proto) + 3 + 1 + e_digits  # _END=proto://IP:e
            rest += e_key + 10 + e_digits  # _PORT_END=e
            lines += 6
            ip_lines += 3
    return PortShape(
        algorithm,
        lines,
        ip_lines,
        rest,
        unique[0],
        frozenset(unique),
        dict(found),
        protos,
    )


_PORT_SUFFIXES = {"": "url", "_ADDR": "ip", "_PORT": "number", "_PROTO": "proto"}
_MODERN_RANGE = {"_START": "start", "_PORT_START": "s", "_END": "end", "_PORT_END": "e"}
_CLASSIC_RANGE = {"_START": "start", "_ADDR": "ip", "_PROTO": "proto", "_PORT_START": "s"}
_CLASSIC_END = {"_END": "end", "_PORT_END": "e"}


@attrs.frozen
class LinkBlock:
    """The variables of one link: its prefix, name, child address, ports and forwarded
    variables (``NAME=value`` entries of the linked service, HOME and PATH left out)."""

    prefix: str
    name: str
    ip: str
    shape: PortShape
    forwarded: Mapping[str, str]

    @property
    def count(self) -> int:
        """How many variables the link gives."""
        return self.shape.lines + 1 + len(self.forwarded)

    @property
    def size(self) -> int:
        """Their bytes (with NULs and pointers)."""
        prefix = _bytes(self.prefix)
        total = self.shape.size(prefix, _bytes(self.ip))
        total += prefix + 6 + _bytes(self.name) + _EXTRA  # P_NAME=N
        for name, value in self.forwarded.items():
            total += prefix + 5 + _bytes(name) + 1 + _bytes(value) + _EXTRA  # P_ENV_X=v
        return total

    def entry_bytes(self, variable: str) -> int | None:
        """The bytes of the link's entry named ``variable`` (None: the link has none)."""
        head = self.prefix + "_"
        if not variable.startswith(head):
            return None
        rest = variable[len(head) :]
        value = self._value(rest)
        if value is None:
            return None
        return _bytes(variable) + 1 + value + _EXTRA

    def _value(self, rest: str) -> int | None:
        """The bytes of the value of ``P_<rest>``, or None."""
        shape, ip = self.shape, _bytes(self.ip)
        if rest == "NAME":
            return _bytes(self.name)
        if rest.startswith("ENV_"):
            forwarded = self.forwarded.get(rest[4:])
            return None if forwarded is None else _bytes(forwarded)
        if rest == "PORT":
            if shape.first is None:
                return None
            number, proto = shape.first
            return _bytes(proto) + 3 + ip + 1 + _digits(number)
        if not rest.startswith("PORT_"):
            return None
        digits, sep, tail = rest[5:].partition("_")
        if not sep or not digits.isdigit() or str(int(digits)) != digits:
            return None
        number = int(digits)
        for proto, upper in shape.protos.items():
            if not tail.startswith(upper):
                continue
            suffix = tail[len(upper) :]
            found = self._port_value(number, proto, suffix, ip)
            if found is not None:
                return found
        return None

    def _port_value(self, number: int, proto: str, suffix: str, ip: int) -> int | None:
        shape = self.shape
        port = (number, proto)
        values = {
            "url": lambda n, p: _bytes(p) + 3 + ip + 1 + _digits(n),
            "ip": lambda n, p: ip,
            "number": lambda n, p: _digits(n),
            "proto": lambda n, p: _bytes(p),
        }
        kind = _PORT_SUFFIXES.get(suffix)
        if kind is not None and port in shape.ports:
            return values[kind](number, proto)
        if shape.algorithm == "modern":
            end = shape.ranges.get(port)
            kind = _MODERN_RANGE.get(suffix)
            if end is None or kind is None:
                return None
            return self._range_value(kind, port, end, ip)
        for start, end in shape.ranges.items():
            if start[0] != number:
                continue
            if start[1] == proto and suffix in _CLASSIC_RANGE:
                return self._range_value(_CLASSIC_RANGE[suffix], start, end, ip)
            if end[1] == proto and suffix in _CLASSIC_END:
                return self._range_value(_CLASSIC_END[suffix], start, end, ip)
        return None

    @staticmethod
    def _range_value(kind: str, start: tuple[int, str], end: tuple[int, str], ip: int) -> int:
        if kind == "start":
            return _bytes(start[1]) + 3 + ip + 1 + _digits(start[0])
        if kind == "end":
            return _bytes(end[1]) + 3 + ip + 1 + _digits(end[0])
        if kind == "s":
            return _digits(start[0])
        if kind == "e":
            return _digits(end[0])
        if kind == "ip":
            return ip
        return _bytes(start[1])  # proto


@attrs.frozen
class EnvSize:
    """A container environment's figures: variables, of them from links, and bytes."""

    count: int
    link_count: int
    size: int


def environment_size(
    fixed: Sequence[str], blocks: Sequence[LinkBlock], own: Iterable[str]
) -> EnvSize:
    """The figures of ``container_env``'s list: ``fixed`` entries (PATH, HOSTNAME), the
    links' variables in order, then the own entries on top (``NAME=value`` replaces the last
    entry of that name; a new name is appended; a bare ``NAME`` removes the entry).

    >>> block = LinkBlock("DB", "/web/db", "172.17.0.2", port_shape([(5432, "tcp")], "modern"),
    ...                   {})
    >>> environment_size(["PATH=/bin", "HOSTNAME=web"], [block], ["A=1"])
    EnvSize(count=9, link_count=6, size=271)
    """
    count = len(fixed)
    size = sum(_bytes(entry) + _EXTRA for entry in fixed)
    fixed_names: dict[str, int] = {}
    for entry in fixed:
        fixed_names[entry.partition("=")[0]] = _bytes(entry) + _EXTRA
    link_count = 0
    by_prefix: dict[str, list[tuple[int, LinkBlock]]] = {}
    for index, block in enumerate(blocks):
        link_count += block.count
        size += block.size
        by_prefix.setdefault(block.prefix, []).append((index, block))
    count += link_count
    slots: dict[str, int] = {}  # a name present before the own entries: its slot's bytes now
    for entry in own:
        name, sep, _ = entry.partition("=")
        if name in slots:
            current = slots[name]
        else:
            present = _present(name, fixed_names, by_prefix)
            if present is None:  # a new name: appended (and never looked up again)
                if sep:
                    count += 1
                    size += _bytes(entry) + _EXTRA
                continue
            current = present
        new = _bytes(entry) + _EXTRA if sep else 0
        count += (new > 0) - (current > 0)
        size += new - current
        slots[name] = new
    return EnvSize(count, link_count, size)


def _present(
    name: str, fixed: Mapping[str, int], by_prefix: Mapping[str, list[tuple[int, LinkBlock]]]
) -> int | None:
    """The bytes of the last entry named ``name`` before the own entries, or None."""
    found: tuple[int, int] | None = None
    cut = name.find("_")
    while cut >= 0:
        for index, block in by_prefix.get(name[:cut], ()):
            size = block.entry_bytes(name)
            if size is not None and (found is None or index > found[0]):
                found = (index, size)  # the last link's entry is the one replaced
        cut = name.find("_", cut + 1)
    if found is not None:
        return found[1]
    return fixed.get(name)
