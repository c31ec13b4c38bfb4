"""Throw generated and mutated inputs at every parser of dockerlinks; count crashes.

Run::

    python -m tests.fuzz.fuzz_parsers --count 1000000 --seed 0
    python -m tests.fuzz.fuzz_parsers --count 20000 --target port-spec --target link

A *crash* is any exception that is not a :class:`dockerlinks.errors.DockerLinksError`
(``IndexError``, ``TypeError``, ``KeyError``, ``UnicodeError``, ``RecursionError``,
``OverflowError``, ...): every public parser must either return a value or raise an error of
the library's family, whatever it is given. The run is deterministic: each target draws from
its own ``random.Random`` seeded from ``--seed`` and the target's name, so a crash found once
is found again with the same arguments (the report prints the exact input).

Inputs, per target: a valid input from a small grammar-based generator; most of the time that
input is then mutated one to four times. Text: character inserts from an alphabet of
separators, digits, brackets, control characters, non-ASCII digits and lone surrogates;
deletions, duplications, swaps, number swaps for boundary values, splices with another valid
input, truncation, case flips, blow-ups to long text (at most ``MAX_TEXT`` characters).
Structures: a node replaced by a value of another type, keys deleted or added, nesting
wrapped or unwrapped. Now and then the input is a value of the wrong type altogether
(``None``, a number, bytes, a list, a dict).

Targets are registered as their modules exist; ``--list`` shows them. The exit status is 1
when any crash was counted.
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import shlex
import sys
import time
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from dockerlinks.allocate import PortAllocator
from dockerlinks.compose import check, load_compose_text
from dockerlinks.display import port_lines
from dockerlinks.envfile import parse_env_file
from dockerlinks.errors import DockerLinksError
from dockerlinks.hosts import parse_add_host, parse_hosts
from dockerlinks.interop import from_compose_ports, from_docker_py_ports, from_inspect
from dockerlinks.links import parse_link
from dockerlinks.lint import lint_port_spec
from dockerlinks.names import validate_container_name
from dockerlinks.ports import (
    Port,
    PortConfig,
    PortMap,
    convert_compose_port,
    parse_expose,
    parse_port_spec,
    parse_port_specs,
    parse_publish_long,
)
from dockerlinks.transcript import parse_docker_args, replay

__all__ = [
    "Finding",
    "Mutator",
    "Report",
    "Target",
    "TargetResult",
    "available_targets",
    "main",
    "run",
]

JSON = Any
Generate = Callable[[random.Random], Any]

# --------------------------------------------------------------------------- generators

_PROTOS = ("tcp", "udp", "sctp", "TCP", "Udp", "")
_IPS = (
    "127.0.0.1",
    "0.0.0.0",
    "10.0.0.2",
    "192.168.1.1",
    "::",
    "::1",
    "fe80::1",
    "2001:db8::2",
    "::ffff:127.0.0.1",
    "2001:abcd:ef00::2",
    "0000:0000:0000:0000:0000:0000:0000:0001",
)
_NAME_FIRST = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_NAME_REST = _NAME_FIRST + "_.-"
_ENV_FIRST = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_"
_ENV_REST = _ENV_FIRST + "0123456789"
_ENV_VALUE = "abcdefXYZ0123456789=:/ _-.$'\"#\\\t"


def _port(rng: random.Random) -> int:
    roll = rng.random()
    if roll < 0.1:
        return rng.choice((0, 1, 65535, 65534, 80, 443))
    if roll < 0.6:
        return rng.randint(1, 9999)
    return rng.randint(1, 65535)


def _num(rng: random.Random, n: int) -> str:
    roll = rng.random()
    if roll < 0.05:
        return "0" * rng.randint(1, 3) + str(n)
    if roll < 0.08:
        return "+" + str(n)
    return str(n)


def _range(rng: random.Random, size: int | None = None) -> tuple[int, int]:
    if size is None:
        size = 1 if rng.random() < 0.6 else rng.randint(2, 12)
    start = rng.randint(1, 65536 - size)
    return start, start + size - 1


def _range_text(rng: random.Random, bounds: tuple[int, int]) -> str:
    start, end = bounds
    if start == end and rng.random() < 0.9:
        return _num(rng, start)
    return f"{_num(rng, start)}-{_num(rng, end)}"


def _ip_text(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.3:
        return ".".join(str(rng.randint(0, 255)) for _ in range(4))
    ip = rng.choice(_IPS)
    if ":" in ip and rng.random() < 0.5:
        return f"[{ip}]"
    return ip


def gen_port_spec(rng: random.Random) -> str:
    """A ``-p`` value of the current grammar (valid by construction)."""
    ctr = _range(rng)
    size = ctr[1] - ctr[0] + 1
    proto = rng.choice(_PROTOS)
    tail = _range_text(rng, ctr) + (f"/{proto}" if proto or rng.random() < 0.1 else "")
    shape = rng.randrange(4)
    if shape == 0:
        return tail
    if size == 1:
        host = _range_text(rng, _range(rng)) if rng.random() < 0.8 else ""
    else:
        host = _range_text(rng, _range(rng, size)) if rng.random() < 0.8 else ""
    if shape == 1:
        return f"{host}:{tail}"
    return f"{_ip_text(rng)}:{host}:{tail}"


def gen_long_spec(rng: random.Random) -> str:
    """A ``docker run -p`` long-syntax value."""
    parts = [f"target={_port(rng)}"]
    if rng.random() < 0.8:
        parts.append(f"published={_port(rng)}")
    if rng.random() < 0.5:
        parts.append(f"protocol={rng.choice(_PROTOS[:3])}")
    if rng.random() < 0.3:
        parts.append(f"mode={rng.choice(('host', 'ingress'))}")
    if rng.random() < 0.2:
        parts.append(f"host_ip={_ip_text(rng)}")
    rng.shuffle(parts)
    return ",".join(parts)


def gen_compose_port(rng: random.Random) -> JSON:
    """A compose ``ports:`` item: short text, a bare number, or the long-syntax mapping."""
    roll = rng.random()
    if roll < 0.3:
        return gen_port_spec(rng)
    if roll < 0.4:
        return _port(rng)
    item: dict[str, JSON] = {"target": _port(rng)}
    if rng.random() < 0.8:
        item["published"] = rng.choice([str(_port(rng)), _port(rng), "8000-8010"])
    if rng.random() < 0.4:
        item["host_ip"] = rng.choice(_IPS)
    if rng.random() < 0.5:
        item["protocol"] = rng.choice(("tcp", "udp", "sctp"))
    if rng.random() < 0.3:
        item["mode"] = rng.choice(("host", "ingress"))
    return item


def gen_compose_long_port(rng: random.Random) -> JSON:
    """A compose long-syntax port mapping."""
    item = gen_compose_port(rng)
    return item if isinstance(item, dict) else {"target": _port(rng), "published": str(item)}


def gen_expose(rng: random.Random) -> str:
    """An ``--expose`` value (any protocol word)."""
    text = _range_text(rng, _range(rng))
    if rng.random() < 0.5:
        text += "/" + rng.choice(("tcp", "udp", "sctp", "ncp", "TCP"))
    return text


def gen_port_key(rng: random.Random) -> str:
    """A port key such as ``80/tcp``."""
    return f"{_port(rng)}/{rng.choice(('tcp', 'udp', 'sctp'))}"


def gen_name(rng: random.Random) -> str:
    """A valid container name, sometimes with its leading ``/``."""
    name = rng.choice(_NAME_FIRST) + "".join(
        rng.choice(_NAME_REST) for _ in range(rng.randint(1, 14))
    )
    return "/" + name if rng.random() < 0.2 else name


def gen_link(rng: random.Random) -> str:
    """A ``--link`` value in one of its three forms."""
    roll = rng.random()
    name = gen_name(rng).lstrip("/")
    if roll < 0.3:
        return name
    alias = gen_name(rng).lstrip("/")
    if roll < 0.8:
        return f"{name}:{alias}"
    return f"/{name}:/{gen_name(rng).lstrip('/')}/{alias}"


def _env_name(rng: random.Random) -> str:
    return rng.choice(_ENV_FIRST) + "".join(rng.choice(_ENV_REST) for _ in range(rng.randint(0, 8)))


def _env_value(rng: random.Random) -> str:
    return "".join(rng.choice(_ENV_VALUE) for _ in range(rng.randint(0, 10)))


def gen_env_file(rng: random.Random) -> str:
    """``--env-file`` content."""
    lines = []
    for _ in range(rng.randint(0, 6)):
        roll = rng.random()
        if roll < 0.6:
            lines.append(f"{_env_name(rng)}={_env_value(rng)}")
        elif roll < 0.75:
            lines.append(_env_name(rng))
        elif roll < 0.9:
            lines.append("# " + _env_value(rng))
        else:
            lines.append(rng.choice(("", "  ", f"  {_env_name(rng)}=x  ")))
    return "\n".join(lines) + ("\n" if rng.random() < 0.5 else "")


def _binding(rng: random.Random) -> dict[str, str]:
    ip = rng.choice(("", "0.0.0.0", "::", "127.0.0.1", "::1"))
    port = rng.choice(("", str(_port(rng)), "8000-9000", "0"))
    return {"HostIp": ip, "HostPort": port}


def gen_api_config(rng: random.Random) -> JSON:
    """``{"ExposedPorts": ..., "PortBindings": ...}`` as the Engine API holds them."""
    exposed: dict[str, JSON] = {}
    bindings: dict[str, JSON] = {}
    for _ in range(rng.randint(0, 4)):
        key = gen_port_key(rng)
        exposed[key] = {}
        if rng.random() < 0.6:
            bindings[key] = [_binding(rng) for _ in range(rng.randint(1, 2))]
    return {"ExposedPorts": exposed, "PortBindings": bindings}


def gen_port_map(rng: random.Random) -> JSON:
    """``NetworkSettings.Ports`` of a running container."""
    result: dict[str, JSON] = {}
    for _ in range(rng.randint(0, 4)):
        port = str(_port(rng))
        roll = rng.random()
        if roll < 0.3:
            result[gen_port_key(rng)] = None
        elif roll < 0.7:
            result[gen_port_key(rng)] = [
                {"HostIp": "0.0.0.0", "HostPort": port},
                {"HostIp": "::", "HostPort": port},
            ]
        else:
            result[gen_port_key(rng)] = [{"HostIp": rng.choice(_IPS), "HostPort": port}]
    return result


def gen_inspect(rng: random.Random) -> JSON:
    """One ``docker inspect`` document (sometimes wrapped in a one-element list)."""
    name = gen_name(rng).lstrip("/")
    api = gen_api_config(rng)
    links = [f"/{gen_name(rng).lstrip('/')}:/{name}/{gen_name(rng).lstrip('/')}"]
    doc: dict[str, JSON] = {
        "Id": "".join(rng.choice("0123456789abcdef") for _ in range(64)),
        "Name": "/" + name,
        "Config": {
            "Hostname": name[:12],
            "Env": [f"{_env_name(rng)}={_env_value(rng)}" for _ in range(rng.randint(0, 4))],
            "ExposedPorts": api["ExposedPorts"] or None,
        },
        "HostConfig": {
            "PortBindings": api["PortBindings"],
            "Links": links if rng.random() < 0.5 else None,
        },
        "NetworkSettings": {
            "IPAddress": f"172.17.0.{rng.randint(2, 254)}",
            "Ports": gen_port_map(rng),
        },
    }
    return [doc] if rng.random() < 0.3 else doc


def gen_docker_py_ports(rng: random.Random) -> JSON:
    """docker-py's ``ports=`` mapping of ``containers.run``."""
    result: dict[JSON, JSON] = {}
    for _ in range(rng.randint(0, 4)):
        key: JSON = rng.choice((gen_port_key(rng), str(_port(rng)), _port(rng)))
        roll = rng.random()
        value: JSON
        if roll < 0.2:
            value = None
        elif roll < 0.4:
            value = _port(rng)
        elif roll < 0.55:
            value = (rng.choice(_IPS), _port(rng))
        elif roll < 0.65:
            value = (rng.choice(_IPS),)
        elif roll < 0.8:
            value = [_port(rng), (rng.choice(_IPS), None), "8000-8010"]
        else:
            value = {"HostIp": rng.choice(_IPS), "HostPort": str(_port(rng))}
        result[key] = value
    return result


def gen_compose_mapping(rng: random.Random) -> JSON:
    """A compose-like mapping with a few services, links, ports, env."""
    names = [f"svc{i}" for i in range(rng.randint(1, 4))]
    services: dict[str, JSON] = {}
    for index, name in enumerate(names):
        service: dict[str, JSON] = {"image": rng.choice(("nginx", "redis:7", "postgres"))}
        if rng.random() < 0.7:
            service["ports"] = [gen_compose_port(rng) for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.3:
            service["expose"] = [gen_expose(rng)]
        if index and rng.random() < 0.6:
            target = names[rng.randrange(index)]
            service["links"] = [rng.choice((target, f"{target}:{gen_name(rng).lstrip('/')}"))]
        if rng.random() < 0.4:
            if rng.random() < 0.5:
                service["environment"] = {_env_name(rng): _env_value(rng)}
            else:
                service["environment"] = [f"{_env_name(rng)}={_env_value(rng)}"]
        if rng.random() < 0.2:
            service["container_name"] = gen_name(rng).lstrip("/")
        if rng.random() < 0.2:
            service["hostname"] = gen_name(rng).lstrip("/")
        services[name] = service
    return {"services": services}


def _yaml_scalar(value: JSON) -> str:
    if isinstance(value, str):
        return json.dumps(value) if not value.replace("-", "").isdigit() else value
    return json.dumps(value)


def gen_compose_text(rng: random.Random) -> str:
    """Compose-like YAML text (sometimes JSON), with unquoted ``22:22`` traps now and then."""
    mapping = gen_compose_mapping(rng)
    if rng.random() < 0.15:
        return json.dumps(mapping)
    lines = ["services:"]
    for name, service in mapping["services"].items():
        lines.append(f"  {name}:")
        for key, value in service.items():
            if isinstance(value, list):
                lines.append(f"    {key}:")
                for item in value:
                    if isinstance(item, dict):
                        first = True
                        for k, v in item.items():
                            lead = "      - " if first else "        "
                            lines.append(f"{lead}{k}: {_yaml_scalar(v)}")
                            first = False
                    elif isinstance(item, str) and rng.random() < 0.5:
                        lines.append(f"      - {item}")
                    else:
                        lines.append(f"      - {_yaml_scalar(item)}")
            elif isinstance(value, dict):
                lines.append(f"    {key}:")
                for k, v in value.items():
                    lines.append(f"      {k}: {_yaml_scalar(v)}")
            else:
                lines.append(f"    {key}: {_yaml_scalar(value)}")
    if rng.random() < 0.1:
        lines.append("    ports:\n      - 22:22")
    return "\n".join(lines) + "\n"


def gen_hosts_text(rng: random.Random) -> str:
    """``/etc/hosts`` content."""
    lines = ["127.0.0.1\tlocalhost", "::1\tlocalhost ip6-localhost ip6-loopback"]
    for _ in range(rng.randint(0, 4)):
        names = " ".join(gen_name(rng).lstrip("/") for _ in range(rng.randint(1, 3)))
        lines.append(f"{rng.choice(_IPS)}\t{names}")
    if rng.random() < 0.3:
        lines.append("# comment")
    return "\n".join(lines) + "\n"


def gen_add_host(rng: random.Random) -> str:
    """An ``--add-host`` value."""
    ip = rng.choice(_IPS)
    if ":" in ip and rng.random() < 0.5:
        ip = f"[{ip}]"
    return f"{gen_name(rng).lstrip('/')}{rng.choice(':=')}{ip}"


def gen_proc_range(rng: random.Random) -> JSON:
    """``ip_local_port_range`` and ``ip_local_reserved_ports`` texts (a pair)."""
    low = rng.randint(1, 60000)
    high = rng.randint(low, 65535)
    reserved = ",".join(
        rng.choice((str(_port(rng)), f"{low}-{min(65535, low + rng.randint(0, 50))}"))
        for _ in range(rng.randint(0, 3))
    )
    return [f"{low}\t{high}\n", reserved + "\n" if reserved else ""]


def gen_port_arg(rng: random.Random) -> str:
    """``docker port``'s PRIVATE_PORT[/PROTO] argument."""
    return rng.choice((str(_port(rng)), gen_port_key(rng), "5000", "5000/tcp"))


_COMMANDS = (
    "$ docker run -d -P training/webapp python app.py",
    "$ docker run -d -p 80:5000 training/webapp python app.py",
    "$ docker run -d -p 8000-9000:5000 training/webapp python app.py",
    "$ docker run -d -p 127.0.0.1::5000 training/webapp python app.py",
    "$ docker run -d -p 127.0.0.1:80:5000/udp training/webapp python app.py",
    "$ docker run -d --name db training/postgres",
    "$ docker run -d -P --name web --link db:db training/webapp python app.py",
    "$ docker run -d --name web2 --expose 7000-7002 -e A=1 --link db training/webapp",
    "$ docker run --rm --name web3 --link db:db training/webapp env",
    "$ docker run -t -i --rm --link db:webdb training/webapp /bin/bash",
    "root@aed84ee21bde:/opt/webapp# cat /etc/hosts",
    "root@aed84ee21bde:/opt/webapp# ping webdb",
    "root@aed84ee21bde:/opt/webapp# exit",
    "$ docker port web 5000",
    "$ docker port web",
    "$ docker ps",
    "$ docker ps -a -l",
    "$ docker restart db",
    "$ docker stop web",
    "$ docker start web",
    "$ docker rm -f web",
    "$ docker rm -l web/db",
    '$ docker inspect -f "{{ .HostConfig.Links }}" web',
    '$ docker inspect -f "{{json .NetworkSettings.Ports}}" web',
    "$ docker inspect web",
)


def gen_transcript(rng: random.Random) -> str:
    """A short ``$ docker ...`` session drawn from the seed's commands."""
    lines = [rng.choice(_COMMANDS) for _ in range(rng.randint(1, 6))]
    if rng.random() < 0.5:
        lines.insert(0, "$ docker run -d --name db training/postgres")
    if rng.random() < 0.2:
        lines.append("some expected output line")
    return "\n".join(lines) + "\n"


def gen_docker_argv(rng: random.Random) -> JSON:
    """``docker`` arguments (a list of words), as the transcript's CLI parser takes them."""
    line = rng.choice([c for c in _COMMANDS if c.startswith("$ docker")])
    return shlex.split(line)[2:]


# --------------------------------------------------------------------------- mutation


_ALPHABET = (
    ":",
    "/",
    "-",
    "[",
    "]",
    "+",
    "0",
    "9",
    " ",
    "\t",
    "\n",
    "\r",
    "\x00",
    "%",
    "=",
    ",",
    "#",
    ".",
    "{",
    "}",
    "'",
    '"',
    "$",
    "*",
    "&",
    "!",
    "@",
    "_",
    "\\",
    "\u0661",
    "\uff11",
    "\u00b2",
    "\u00e9",
    "\u0130",
    "\u212a",
    "\ud800",
    "\U0001f600",
    "\u200b",
    "\u2013",
)
_TOKENS = (
    "",
    "0",
    "65535",
    "65536",
    "99999",
    "-1",
    "+",
    "++1",
    "1e3",
    "0x50",
    "1_000",
    "18446744073709551616",
    "9" * 40,
    "::",
    ":::",
    "[]",
    "[::1]",
    "[",
    "]",
    "localhost",
    "256.0.0.1",
    "1.2.3",
    "fe80::1%eth0",
    "/tcp",
    "/udp/x",
    "/",
    "tcp",
    "null",
    "~",
    "<<: *a",
    "&a",
    "*a",
    "!!python/object",
    "- ",
    ": ",
    "---",
    "{}",
    "[]",
    "=",
    "HOME",
    "PATH",
)
_ODD_VALUES: tuple[JSON, ...] = (
    None,
    True,
    False,
    0,
    -1,
    65536,
    2**64,
    1.5,
    float("nan"),
    float("inf"),
    "",
    "x",
    "80/tcp",
    "8000-9000",
    b"80",
    [],
    {},
    [None],
    {"": None},
    {"HostIp": None, "HostPort": None},
    (),
    ("127.0.0.1",),
    (1, 2, 3),
    object,
)


#: Mutated text is cut to this length (blow-ups make long inputs, not unbounded ones).
MAX_TEXT = 20_000


@dataclass
class Mutator:
    """Seeded text and structure mutations."""

    rng: random.Random
    donors: Sequence[str] = ()

    def text(self, text: str, rounds: int = 1) -> str:
        for _ in range(rounds):
            text = self._text_once(text)
        return text[:MAX_TEXT]

    def _text_once(self, text: str) -> str:
        rng = self.rng
        n = len(text)
        op = rng.randrange(12)
        at = rng.randint(0, n)
        if op == 0:
            return text[:at] + rng.choice(_ALPHABET) + text[at:]
        if op == 1 and n:
            end = min(n, at + rng.randint(1, 3))
            return text[:at] + text[end:]
        if op == 2 and n:
            end = min(n, at + rng.randint(1, 6))
            return text[:end] + text[at:end] + text[end:]
        if op == 3 and n > 1:
            i, j = sorted(rng.sample(range(n), 2))
            return text[:i] + text[j] + text[i + 1 : j] + text[i] + text[j + 1 :]
        if op == 4:
            return self._swap_number(text)
        if op == 5 and self.donors:
            donor = rng.choice(self.donors)
            cut = rng.randint(0, len(donor))
            return text[:at] + donor[cut:]
        if op == 6:
            return text[:at]
        if op == 7:
            return text.swapcase() if rng.random() < 0.5 else text.upper()
        if op == 8:
            return text[:at] + rng.choice(_TOKENS) + text[at:]
        if op == 9 and rng.random() < 0.1 and n < MAX_TEXT // 50:
            return (text + rng.choice((":", ",", "\n", "-"))) * rng.randint(50, 400)
        if op == 10 and n:
            end = min(n, at + rng.randint(1, 4))
            return text[:at] + rng.choice(_TOKENS) + text[end:]
        if op == 11:
            return rng.choice(_ALPHABET) * rng.randint(1, 4) + text
        return text + rng.choice(_ALPHABET)

    def _swap_number(self, text: str) -> str:
        digits = [i for i, c in enumerate(text) if c.isdigit()]
        if not digits:
            return text + rng_token(self.rng)
        start = end = self.rng.choice(digits)
        while start > 0 and text[start - 1].isdigit():
            start -= 1
        while end < len(text) and text[end].isdigit():
            end += 1
        return text[:start] + rng_token(self.rng) + text[end:]

    def value(self, value: JSON, rounds: int = 1, depth: int = 0) -> JSON:
        for _ in range(rounds):
            value = self._value_once(value, depth)
        return value

    def _value_once(self, value: JSON, depth: int) -> JSON:
        rng = self.rng
        if depth > 6 or rng.random() < 0.15:
            return self._leaf(value)
        if isinstance(value, dict) and value:
            keys = list(value)
            key = rng.choice(keys)
            copy = dict(value)
            op = rng.randrange(6)
            if op == 0:
                del copy[key]
            elif op == 1:
                copy[self._odd_key()] = rng.choice(_ODD_VALUES)
            elif op == 2:
                copy[key] = self._leaf(copy[key])
            elif op == 3 and isinstance(key, str):
                copy[self.text(key)] = copy.pop(key)
            else:
                copy[key] = self._value_once(copy[key], depth + 1)
            return copy
        if isinstance(value, list | tuple) and value:
            items = list(value)
            index = rng.randrange(len(items))
            op = rng.randrange(5)
            if op == 0:
                del items[index]
            elif op == 1:
                items.insert(index, rng.choice(_ODD_VALUES))
            elif op == 2:
                items.append(items[index])
            else:
                items[index] = self._value_once(items[index], depth + 1)
            return tuple(items) if isinstance(value, tuple) and rng.random() < 0.8 else items
        return self._leaf(value)

    def _odd_key(self) -> JSON:
        roll = self.rng.random()
        if roll < 0.6:
            return self.text(self.rng.choice(("80/tcp", "Ports", "HostIp", "target", "x")))
        if roll < 0.8:
            return self.rng.choice((80, None, 1.5, True))
        return self.rng.choice(_TOKENS)

    def _leaf(self, value: JSON) -> JSON:
        rng = self.rng
        if isinstance(value, str) and rng.random() < 0.6:
            return self.text(value, rng.randint(1, 2))
        roll = rng.random()
        if roll < 0.7:
            return rng.choice(_ODD_VALUES)
        if roll < 0.85:
            return [value]
        return {"x": value}


def rng_token(rng: random.Random) -> str:
    return rng.choice(_TOKENS)


def mutate_text_input(rng: random.Random, valid: str, donors: Sequence[str]) -> JSON:
    roll = rng.random()
    if roll < 0.03:
        return rng.choice(_ODD_VALUES)
    if roll < 0.2:
        return valid
    return Mutator(rng, donors).text(valid, rng.randint(1, 4))


def mutate_value_input(rng: random.Random, valid: JSON, donors: Sequence[str]) -> JSON:
    roll = rng.random()
    if roll < 0.03:
        return rng.choice(_ODD_VALUES)
    if roll < 0.15:
        return valid
    return Mutator(rng, donors).value(valid, rng.randint(1, 4))


# --------------------------------------------------------------------------- targets


@dataclass(frozen=True)
class Target:
    """One parser under fuzz: its name, the call, a valid-input generator, a mutation kind."""

    name: str
    call: Callable[[JSON], object]
    generate: Generate
    kind: str = "text"  # "text" or "value"

    def draw(self, rng: random.Random, donors: Sequence[str]) -> JSON:
        valid = self.generate(rng)
        if self.kind == "text":
            return mutate_text_input(rng, valid, donors)
        return mutate_value_input(rng, valid, donors)


def _optional(build: Callable[[], list[Target]]) -> list[Target]:
    try:
        return build()
    except ImportError:
        return []


def _port_targets() -> list[Target]:

    targets = [
        Target("port-spec", parse_port_spec, gen_port_spec),
        *(
            Target(
                f"port-spec-{generation}",
                functools.partial(parse_port_spec, generation=generation),
                gen_port_spec,
            )
            for generation in ("v0.6", "v0.5", "v0.4")
        ),
        Target(
            "port-specs",
            parse_port_specs,
            lambda rng: [gen_port_spec(rng) for _ in range(rng.randint(0, 3))],
            "value",
        ),
        Target("port-parse", Port.parse, gen_port_key),
        Target("config-from-api", PortConfig.from_api, gen_api_config, "value"),
        Target("portmap-from-api", PortMap.from_api, gen_port_map, "value"),
    ]
    targets += _optional(_expose_targets)
    targets += _optional(_long_targets)
    return targets


def _expose_targets() -> list[Target]:

    return [
        Target("expose", parse_expose, gen_expose),
        Target("expose-classic", functools.partial(parse_expose, profile="classic"), gen_expose),
    ]


def _long_targets() -> list[Target]:

    return [
        Target("publish-long", parse_publish_long, gen_long_spec),
        Target("compose-long-port", convert_compose_port, gen_compose_long_port, "value"),
    ]


def _names_targets() -> list[Target]:

    return [Target("container-name", validate_container_name, gen_name)]


def _links_targets() -> list[Target]:

    return [Target("link", parse_link, gen_link)]


def _envfile_targets() -> list[Target]:

    return [Target("env-file", parse_env_file, gen_env_file)]


def _interop_targets() -> list[Target]:

    def inspect_and_use(data: JSON) -> object:
        container = from_inspect(data)
        aliases = [spec.alias for spec in container.links] or ["db"]
        return container.link_env(aliases[0], "web")

    return [
        Target("inspect", inspect_and_use, gen_inspect, "value"),
        Target("docker-py-ports", from_docker_py_ports, gen_docker_py_ports, "value"),
        Target(
            "compose-ports",
            from_compose_ports,
            lambda rng: [gen_compose_port(rng) for _ in range(rng.randint(0, 3))],
            "value",
        ),
    ]


def _compose_targets() -> list[Target]:

    def load_and_check(text: JSON) -> object:
        return check(load_compose_text(text))

    return [
        Target("compose-text", load_and_check, gen_compose_text),
        Target("compose-mapping", check, gen_compose_mapping, "value"),
    ]


def _hosts_targets() -> list[Target]:

    return [
        Target("hosts-file", parse_hosts, gen_hosts_text),
        Target("add-host", parse_add_host, gen_add_host),
    ]


def _allocate_targets() -> list[Target]:

    def proc(pair: JSON) -> object:
        if isinstance(pair, list | tuple) and len(pair) == 2:
            return PortAllocator.from_proc_text(pair[0], pair[1])
        return PortAllocator.from_proc_text(pair)

    return [Target("proc-range", proc, gen_proc_range, "value")]


def _display_targets() -> list[Target]:

    published = PortMap.from_api(
        {
            "5000/tcp": [
                {"HostIp": "0.0.0.0", "HostPort": "49153"},
                {"HostIp": "::", "HostPort": "49153"},
            ],
            "53/udp": None,
        }
    )

    return [
        Target("lint", lint_port_spec, gen_port_spec),
        Target(
            "docker-port", lambda arg: port_lines(published, arg, container="web"), gen_port_arg
        ),
    ]


def _transcript_targets() -> list[Target]:

    return [
        Target("docker-args", parse_docker_args, gen_docker_argv, "value"),
        Target("replay", replay, gen_transcript),
    ]


_REGISTRY: tuple[Callable[[], list[Target]], ...] = (
    _port_targets,
    _names_targets,
    _links_targets,
    _envfile_targets,
    _hosts_targets,
    _allocate_targets,
    _display_targets,
    _interop_targets,
    _compose_targets,
    _transcript_targets,
)


def available_targets() -> list[Target]:
    """Every target whose module is importable (the registry grows with the library)."""
    targets: list[Target] = []
    for build in _REGISTRY:
        targets += _optional(build)
    return targets


# --------------------------------------------------------------------------- running


@dataclass(frozen=True)
class Finding:
    """One crash: the target, the input (``repr``), the exception and where it was raised."""

    target: str
    input: str
    exception: str
    where: str


@dataclass
class TargetResult:
    name: str
    inputs: int = 0
    accepted: int = 0
    rejected: int = 0
    crashes: int = 0
    seconds: float = 0.0
    findings: list[Finding] = field(default_factory=list)


@dataclass
class Report:
    seed: int
    results: list[TargetResult]
    seconds: float

    @property
    def total(self) -> int:
        return sum(r.inputs for r in self.results)

    @property
    def crashes(self) -> int:
        return sum(r.crashes for r in self.results)

    def render(self) -> str:
        lines = [
            f"{'target':<20} {'inputs':>9} {'accepted':>9} {'rejected':>9} {'crashes':>8} {'s':>7}"
        ]
        for r in self.results:
            lines.append(
                f"{r.name:<20} {r.inputs:>9} {r.accepted:>9} {r.rejected:>9} "
                f"{r.crashes:>8} {r.seconds:>7.1f}"
            )
        lines.append(
            f"total: {self.total} inputs, {self.crashes} non-library exceptions, "
            f"{self.seconds:.1f} s (seed {self.seed})"
        )
        for r in self.results:
            for f in r.findings:
                lines.append(f"CRASH {f.target}: {f.exception} at {f.where}\n    input: {f.input}")
        return "\n".join(lines)


def _where(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return "?"
    last = frames[-1]
    return f"{last.filename.rsplit('/', 2)[-1]}:{last.lineno} in {last.name}"


def _short_repr(value: JSON, limit: int = 300) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} chars)"


def run_target(target: Target, count: int, seed: int, *, max_findings: int = 5) -> TargetResult:
    """Run ``count`` inputs against one target."""
    rng = random.Random(f"{seed}:{target.name}")
    donors = [str(target.generate(random.Random(f"donor:{i}"))) for i in range(16)]
    result = TargetResult(target.name)
    started = time.perf_counter()
    for _ in range(count):
        data = target.draw(rng, donors)
        result.inputs += 1
        try:
            target.call(data)
        except DockerLinksError:
            result.rejected += 1
        except Exception as exc:  # the finding: anything outside the library's family
            result.crashes += 1
            if len(result.findings) < max_findings:
                result.findings.append(
                    Finding(
                        target.name,
                        _short_repr(data),
                        f"{type(exc).__name__}: {exc}"[:200],
                        _where(exc),
                    )
                )
        else:
            result.accepted += 1
    result.seconds = time.perf_counter() - started
    return result


def run(
    count: int,
    seed: int = 0,
    names: Iterable[str] | None = None,
    *,
    progress: Callable[[TargetResult], None] | None = None,
) -> Report:
    """Split ``count`` inputs evenly over the targets (all, or those named) and run them."""
    targets = available_targets()
    if names is not None:
        wanted = set(names)
        unknown = wanted - {t.name for t in targets}
        if unknown:
            raise SystemExit(f"unknown or unavailable target(s): {', '.join(sorted(unknown))}")
        targets = [t for t in targets if t.name in wanted]
    started = time.perf_counter()
    results = []
    share, extra = divmod(count, max(1, len(targets)))
    for index, target in enumerate(targets):
        result = run_target(target, share + (1 if index < extra else 0), seed)
        results.append(result)
        if progress is not None:
            progress(result)
    return Report(seed, results, time.perf_counter() - started)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.fuzz.fuzz_parsers", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--count", type=int, default=100_000, help="total inputs (split evenly)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--target", action="append", help="run only this target (repeatable)")
    parser.add_argument("--list", action="store_true", help="list the available targets")
    args = parser.parse_args(argv)
    if args.list:
        for target in available_targets():
            print(target.name)
        return 0

    def progress(result: TargetResult) -> None:
        print(
            f"  {result.name}: {result.inputs} inputs, {result.crashes} crashes, "
            f"{result.seconds:.1f} s",
            file=sys.stderr,
            flush=True,
        )

    report = run(args.count, args.seed, args.target, progress=progress)
    print(report.render())
    return 1 if report.crashes else 0


if __name__ == "__main__":
    sys.exit(main())
