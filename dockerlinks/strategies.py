"""Public hypothesis strategies for dockerlinks values, for property tests downstream.

What it must not know: how a test uses the values; it draws them and nothing else.

This is the only module of the library that imports :mod:`hypothesis` (an optional extra:
``pip install dockerlinks[test]``); ``import dockerlinks`` never imports it.

Every strategy named ``*_texts`` draws text in the grammar Docker accepts, with the spelling
freedom Docker allows (leading zeros, ``+``, protocol case, brackets or none around IPv6);
every "valid" value is accepted by the library's own parser, and its ``str`` parses back to
an equal value. ``invalid_port_spec_texts`` draws near misses: one small mutation of a valid
spec that the parser rejects. ``compose_configs`` draws compose-like mappings the checker
finds no error in; ``engine_commands`` draws sequences of :class:`EngineCommand` values to
apply to an :class:`~dockerlinks.engine.Engine`.

The grammar the port strategies draw from (current ``-p`` parser generation)::

    spec       = [ [ host_ip ":" ] host_part ":" ] container [ "/" [ proto ] ]
    host_ip    = ipv4 | ipv6 | "[" ( ipv4 | ipv6 ) "]" | "[]" | ""
    host_part  = "" | number | number "-" number
    container  = number | number "-" number
    number     = [ "+" ] { "0" } decimal          (0 - 65535)
    proto      = "tcp" | "udp" | "sctp"           (any letter case)

    constraint: a container range of length n > 1 takes no host part, or a
                host range of length n; a single container port takes any host part

    expose     = number [ "-" number ] [ "/" word ]     (``--expose``)
    link       = name [ ":" alias ] | "/" name ":/" parent "/" alias
    name       = [a-zA-Z0-9] [a-zA-Z0-9_.-]+

Registered with hypothesis (through its ``hypothesis`` entry point, so this works as soon as
dockerlinks is installed)::

    type           st.from_type draws
    -------------  -----------------------------------------
    Port           ports()
    PortRange      port_ranges()
    PortBinding    port_bindings()
    PortSpec       port_specs()
    PortConfig     port_configs()
    PortMap        port_maps()
    LinkSpec       link_specs()
    Profile        profiles()

Example:

>>> from hypothesis import given, settings, strategies as st
>>> from dockerlinks.ports import PortSpec, parse_port_spec
>>> @settings(max_examples=20)
... @given(st.from_type(PortSpec))
... def test_round_trip(spec):
...     assert parse_port_spec(str(spec)) == spec
>>> test_round_trip()
"""

from __future__ import annotations

import importlib
import ipaddress
import string
from collections.abc import Callable, Sequence
from typing import Any

from dockerlinks.errors import DockerLinksError
from dockerlinks.links import LinkSpec, parse_link
from dockerlinks.ports import (
    GENERATIONS,
    Port,
    PortBinding,
    PortConfig,
    PortMap,
    PortRange,
    PortSpec,
    parse_port_spec,
    parse_port_specs,
)
from dockerlinks.profiles import CLASSIC, MODERN, Profile

_READY = False

# engine_commands and EngineCommand live in dockerlinks._engine_strategies and load on first
# use (PEP 562), so that hypothesis' entry point (which imports this module in every project
# that has dockerlinks installed) never imports the engine
_LAZY = {"EngineCommand", "engine_commands"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module("dockerlinks._engine_strategies"), name)
    raise AttributeError(f"module 'dockerlinks.strategies' has no attribute {name!r}")


def _hypothesis_setup_hook() -> None:
    """Register the value types with hypothesis (called through hypothesis' entry point).

    Defined before hypothesis is imported: when this module is imported first, importing
    hypothesis runs its entry points, which find this hook on the half-loaded module; the
    registration then happens at the end of this module instead.
    """
    if _READY:
        _register_types()


from hypothesis import strategies as st  # noqa: E402

__all__ = [
    "PROTOCOLS",
    "EngineCommand",  # noqa: F822 - given by __getattr__ (PEP 562)
    "compose_configs",
    "container_names",
    "engine_commands",  # noqa: F822 - given by __getattr__ (PEP 562)
    "env_file_texts",
    "env_lists",
    "expose_texts",
    "exposed_port_sets",
    "host_ips",
    "invalid_port_spec_texts",
    "link_spec_texts",
    "link_specs",
    "port_bindings",
    "port_configs",
    "port_maps",
    "port_numbers",
    "port_ranges",
    "port_spec_cases",
    "port_spec_texts",
    "port_specs",
    "ports",
    "profiles",
    "protocols",
]

#: The protocols ``-p`` accepts.
PROTOCOLS = ("tcp", "udp", "sctp")

_NAME_FIRST = string.ascii_letters + string.digits
_NAME_REST = _NAME_FIRST + "_.-"


# --------------------------------------------------------------------------- numbers, ports


def port_numbers(min_value: int = 1, max_value: int = 65535) -> st.SearchStrategy[int]:
    """Port numbers (1 - 65535 by default; pass ``min_value=0`` to include 0)."""
    return st.integers(min_value, max_value)


def protocols() -> st.SearchStrategy[str]:
    """One of ``tcp``, ``udp``, ``sctp`` (lower case, as values hold them)."""
    return st.sampled_from(PROTOCOLS)


def ports(*, protos: Sequence[str] = PROTOCOLS) -> st.SearchStrategy[Port]:
    """:class:`~dockerlinks.ports.Port` values."""
    return st.builds(Port, port_numbers(), st.sampled_from(tuple(protos)))


def port_ranges(
    *, min_value: int = 1, max_value: int = 65535, max_size: int = 64
) -> st.SearchStrategy[PortRange]:
    """:class:`~dockerlinks.ports.PortRange` values of at most ``max_size`` ports."""

    @st.composite
    def build(draw: st.DrawFn) -> PortRange:
        start = draw(st.integers(min_value, max_value))
        size = draw(st.integers(1, max(1, min(max_size, max_value - start + 1))))
        return PortRange(start, start + size - 1)

    return build()


def _sized_range(size: int, *, min_value: int = 1) -> st.SearchStrategy[PortRange]:
    return st.integers(min_value, 65536 - size).map(lambda s: PortRange(s, s + size - 1))


# --------------------------------------------------------------------------- addresses


def _ipv4() -> st.SearchStrategy[str]:
    return st.ip_addresses(v=4).map(str)


def _ipv6() -> st.SearchStrategy[str]:
    """IPv6 text in the forms Go's ``net.ParseIP`` accepts (never a zone)."""
    address = st.ip_addresses(v=6).map(ipaddress.IPv6Address)
    mapped = _ipv4().map(lambda v4: f"::ffff:{v4}")
    return st.one_of(
        address.map(lambda a: a.compressed),
        address.map(lambda a: a.exploded),
        address.map(lambda a: a.compressed.upper()),
        st.sampled_from(["::", "::1", "fe80::1", "2001:db8::2"]),
        mapped,
    )


def host_ips(*, family: int | None = None) -> st.SearchStrategy[str]:
    """Host-IP text Docker accepts, without brackets (``family`` 4, 6 or ``None`` for both)."""
    if family == 4:
        return _ipv4()
    if family == 6:
        return _ipv6()
    return st.one_of(_ipv4(), _ipv6())


# --------------------------------------------------------------------------- -p specs


def _number_text(draw: st.DrawFn, number: int, *, canonical: bool, plus: bool) -> str:
    if canonical:
        return str(number)
    zeros = "0" * draw(st.sampled_from([0, 0, 0, 1, 2]))
    sign = "+" if plus and draw(st.integers(0, 7)) == 0 else ""
    return f"{sign}{zeros}{number}"


def _range_text(draw: st.DrawFn, rng: PortRange, *, canonical: bool, plus: bool) -> str:
    start = _number_text(draw, rng.start, canonical=canonical, plus=plus)
    if rng.start == rng.end and (canonical or draw(st.integers(0, 5))):
        return start
    end = _number_text(draw, rng.end, canonical=canonical, plus=plus)
    return f"{start}-{end}"


@st.composite
def _spec_values(draw: st.DrawFn, max_size: int = 16) -> PortSpec:
    size = draw(st.integers(1, max_size))
    container = draw(_sized_range(size))
    proto = draw(protocols())
    host_ip = draw(st.one_of(st.just(""), host_ips()))
    host: PortRange | None
    if size == 1:
        host = draw(st.one_of(st.none(), st.just(PortRange(0, 0)), port_ranges(max_size=max_size)))
    else:
        host = draw(st.one_of(st.none(), _sized_range(size)))
    return PortSpec(container, proto, host_ip, host)


def port_specs(*, max_size: int = 16) -> st.SearchStrategy[PortSpec]:
    """:class:`~dockerlinks.ports.PortSpec` values whose ``str`` parses back to them.

    Ranges hold at most ``max_size`` ports; container ports are never 0.
    """
    return _spec_values(max_size)


@st.composite
def _spec_text_and_value(
    draw: st.DrawFn, *, canonical: bool, generation: str, max_size: int
) -> tuple[str, PortSpec]:
    spec = draw(_spec_values(max_size))
    current = generation == "current"
    container = _range_text(draw, spec.container_range, canonical=canonical, plus=current)
    proto_text = ""
    if canonical:
        proto_text = "" if spec.proto == "tcp" else f"/{spec.proto}"
    else:
        shape = draw(st.sampled_from(["", "lower", "upper", "title", "empty"]))
        if shape == "" and spec.proto == "tcp":
            proto_text = ""
        elif shape == "empty" and spec.proto == "tcp" and current:
            proto_text = "/"
        elif shape == "upper":
            proto_text = f"/{spec.proto.upper()}"
        elif shape == "title":
            proto_text = f"/{spec.proto.title()}"
        else:
            proto_text = f"/{spec.proto}"
    tail = container + proto_text
    host_text = ""
    if spec.host_range is not None:
        host_text = _range_text(draw, spec.host_range, canonical=canonical, plus=current)
    if spec.host_ip:
        ip = spec.host_ip
        if ":" in ip:
            bracket = canonical or generation == "v0.4" or draw(st.booleans())
        else:
            bracket = not canonical and draw(st.integers(0, 4)) == 0
        ip_text = f"[{ip}]" if bracket else ip
        return f"{ip_text}:{host_text}:{tail}", spec
    if spec.host_range is not None:
        return f"{host_text}:{tail}", spec
    if canonical:
        return tail, spec
    prefixes = ["", "", "", ":", "::", "[]::"] if current else ["", ":"]
    return f"{draw(st.sampled_from(prefixes))}{tail}", spec


def _generation(generation: str) -> str:
    if generation not in GENERATIONS:
        raise ValueError(f"unknown parser generation: {generation!r}")
    return generation


def port_spec_cases(
    *, canonical: bool = False, generation: str = "current", max_size: int = 16
) -> st.SearchStrategy[tuple[str, PortSpec]]:
    """Pairs of a ``-p`` text and the :class:`~dockerlinks.ports.PortSpec` Docker reads from it.

    The value is computed from the grammar while the text is drawn, independently of the
    parser, so the pairs are an oracle for it: ``parse_port_spec(text) == spec``.
    """
    chosen = _generation(generation)
    return _spec_text_and_value(canonical=canonical, generation=chosen, max_size=max_size)


def port_spec_texts(
    *, canonical: bool = False, generation: str = "current", max_size: int = 16
) -> st.SearchStrategy[str]:
    """``-p`` values the docker CLI accepts (``generation`` as in ``parse_port_spec``).

    With ``canonical=True`` only the shortest spelling is drawn; otherwise leading zeros, a
    ``+`` sign (current parser only), protocol case, ``80/``, brackets around IPv4 or IPv6 and
    the empty-IP forms ``:80`` / ``::80`` / ``[]::80`` appear too.
    """
    cases = port_spec_cases(canonical=canonical, generation=generation, max_size=max_size)
    return cases.map(lambda pair: pair[0])


def _mutations(text: str) -> list[Callable[[], str]]:
    """Small edits that usually turn a valid ``-p`` value into an invalid one."""
    colon = text.rfind(":")
    digits = [i for i, c in enumerate(text) if c.isdigit()]
    fixes: list[Callable[[], str]] = [
        lambda: text + "/icmp",
        lambda: text + "x",
        lambda: text.replace("/", "/t") if "/" in text else text + "/tcpx",
        lambda: "localhost:" + text,
        lambda: "256.1.1.1:80:" + text[colon + 1 :],
        lambda: "fe80::1%eth0:80:" + text[colon + 1 :],
        lambda: "[::1:" + text,
        lambda: text[: colon + 1] + "65536" if colon >= 0 else "65536",
        lambda: "99999:" + text[colon + 1 :],
        lambda: "9000:8000-8002",
        lambda: text[: colon + 1] + "90-80",
        lambda: text[: colon + 1],
        lambda: text + "-",
        lambda: " " + text,
        lambda: text.replace("-", "--", 1) if "-" in text else text + "--1",
        lambda: "1.2.3:" + text,
    ]
    if digits:
        at = digits[len(digits) // 2]
        fixes.append(lambda: text[:at] + "a" + text[at + 1 :])
        fixes.append(lambda: text[:at] + "\u0661" + text[at + 1 :])
    return fixes


def _rejects(text: str, generation: str) -> bool:
    try:
        parse_port_spec(text, generation=generation)
    except DockerLinksError:
        return True
    return False


def invalid_port_spec_texts(*, generation: str = "current") -> st.SearchStrategy[str]:
    """Near misses: a valid ``-p`` value with one small edit, that the parser rejects."""
    chosen = _generation(generation)

    @st.composite
    def build(draw: st.DrawFn) -> str:
        valid = draw(port_spec_texts(generation=chosen, max_size=4))
        fixes = _mutations(valid)
        return draw(st.sampled_from(fixes))()

    return build().filter(lambda text: _rejects(text, chosen))


def port_bindings(*, host_ports: bool = True) -> st.SearchStrategy[PortBinding]:
    """:class:`~dockerlinks.ports.PortBinding` values as ``HostConfig.PortBindings`` holds them."""
    ip = st.one_of(st.just(""), host_ips())
    if not host_ports:
        return st.builds(PortBinding, ip, st.just(""))
    port = st.one_of(
        st.just(""),
        port_numbers().map(str),
        port_ranges(max_size=100).map(str),
    )
    return st.builds(PortBinding, ip, port)


def port_configs(*, max_specs: int = 4, max_size: int = 4) -> st.SearchStrategy[PortConfig]:
    """:class:`~dockerlinks.ports.PortConfig` values, as ``parse_port_specs`` builds them."""
    texts = st.lists(port_spec_texts(canonical=True, max_size=max_size), max_size=max_specs)
    return texts.map(parse_port_specs)


@st.composite
def _port_map(draw: st.DrawFn, max_ports: int) -> PortMap:
    keys = draw(st.lists(ports(), unique=True, max_size=max_ports))
    entries: list[tuple[Port, tuple[PortBinding, ...] | None]] = []
    for key in keys:
        shape = draw(st.sampled_from(["none", "v4", "v6", "dual", "split"]))
        port = draw(port_numbers()).__str__()
        if shape == "none":
            entries.append((key, None))
        elif shape == "v4":
            entries.append((key, (PortBinding(draw(_ipv4()), port),)))
        elif shape == "v6":
            entries.append((key, (PortBinding(draw(_ipv6()), port),)))
        elif shape == "dual":
            entries.append((key, (PortBinding("0.0.0.0", port), PortBinding("::", port))))
        else:
            other = str(draw(port_numbers()))
            entries.append((key, (PortBinding("0.0.0.0", port), PortBinding("::", other))))
    return PortMap(tuple(entries))


def port_maps(*, max_ports: int = 4) -> st.SearchStrategy[PortMap]:
    """:class:`~dockerlinks.ports.PortMap` values: ``NetworkSettings.Ports`` of a container.

    Entries are unpublished (``None``), IPv4-only, IPv6-only, dual-stack on one port, or
    dual-stack with *different* IPv4 and IPv6 host ports (as before Docker v27).
    """
    return _port_map(max_ports)


def expose_texts(*, max_size: int = 16) -> st.SearchStrategy[str]:
    """``--expose`` / ``EXPOSE`` values: a port or range, optionally ``/word`` (any protocol)."""

    @st.composite
    def build(draw: st.DrawFn) -> str:
        rng = draw(port_ranges(max_size=max_size))
        text = str(rng)
        proto = draw(st.one_of(st.just(""), protocols(), st.sampled_from(["TCP", "Udp", "ncp"])))
        return f"{text}/{proto}" if proto else text

    return build()


def exposed_port_sets(*, max_ports: int = 16) -> st.SearchStrategy[frozenset[Port]]:
    """Sets of exposed ports (``Config.ExposedPorts``), with some consecutive runs."""

    @st.composite
    def build(draw: st.DrawFn) -> frozenset[Port]:
        result: set[Port] = set()
        for _ in range(draw(st.integers(0, 4))):
            rng = draw(port_ranges(max_size=max(1, max_ports // 4)))
            proto = draw(protocols())
            result.update(Port(n, proto) for n in rng)
        result.update(draw(st.lists(ports(), max_size=max_ports // 4)))
        return frozenset(result)

    return build()


# --------------------------------------------------------------------------- names, links, env


def container_names(*, max_size: int = 24, slash: bool = False) -> st.SearchStrategy[str]:
    """Container names Docker accepts (``[a-zA-Z0-9][a-zA-Z0-9_.-]+``), optionally ``/``-led."""
    name = st.builds(
        lambda first, rest: first + rest,
        st.sampled_from(_NAME_FIRST),
        st.text(_NAME_REST, min_size=1, max_size=max_size - 1),
    )
    if slash:
        return st.one_of(name, name.map(lambda n: "/" + n))
    return name


def link_spec_texts() -> st.SearchStrategy[str]:
    """``--link`` values: ``name``, ``name:alias`` and the inspect form ``/name:/parent/alias``."""
    name = container_names(max_size=12)
    return st.one_of(
        name,
        st.builds(lambda n, a: f"{n}:{a}", name, name),
        st.builds(lambda n, p, a: f"/{n}:/{p}/{a}", name, name, name),
    )


def link_specs() -> st.SearchStrategy[Any]:
    """:class:`~dockerlinks.links.LinkSpec` values (parsed from :func:`link_spec_texts`)."""
    return link_spec_texts().map(parse_link)


_ENV_NAME_FIRST = string.ascii_letters + "_"
_ENV_NAME_REST = _ENV_NAME_FIRST + string.digits


def _env_names() -> st.SearchStrategy[str]:
    return st.builds(
        lambda first, rest: first + rest,
        st.sampled_from(_ENV_NAME_FIRST),
        st.text(_ENV_NAME_REST, max_size=12),
    )


def _env_values() -> st.SearchStrategy[str]:
    return st.text(
        st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00"),
        max_size=16,
    )


def env_lists(*, max_size: int = 6, home_and_path: bool = True) -> st.SearchStrategy[list[str]]:
    """``Config.Env`` lists: ``KEY=value`` entries (values may be empty or hold ``=``).

    With ``home_and_path`` the lists sometimes hold ``HOME`` / ``PATH``, which links never
    forward.
    """
    names = _env_names()
    if home_and_path:
        names = st.one_of(names, st.sampled_from(["HOME", "PATH"]))
    entry = st.builds(lambda k, v: f"{k}={v}", names, _env_values())
    return st.lists(entry, max_size=max_size)


def env_file_texts(*, max_lines: int = 8) -> st.SearchStrategy[str]:
    """``--env-file`` content: ``KEY=value`` lines, bare ``KEY`` lines, comments, blank lines."""
    value = st.text(
        st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00"),
        max_size=16,
    )
    line = st.one_of(
        st.builds(lambda k, v: f"{k}={v}", _env_names(), value),
        _env_names(),
        value.map(lambda v: "#" + v),
        st.just(""),
    )
    return st.lists(line, max_size=max_lines).map("\n".join)


# --------------------------------------------------------------------------- compose, engine

_SERVICE_FIRST = string.ascii_lowercase
_SERVICE_REST = string.ascii_lowercase + string.digits


def _service_names(max_services: int) -> st.SearchStrategy[list[str]]:
    name = st.builds(
        lambda first, rest: first + rest,
        st.sampled_from(_SERVICE_FIRST),
        st.text(_SERVICE_REST, max_size=7),
    )
    return st.lists(name, min_size=1, max_size=max_services, unique=True)


@st.composite
def _compose_config(draw: st.DrawFn, max_services: int) -> dict[str, Any]:
    names = draw(_service_names(max_services))
    host_ports = iter(
        draw(st.lists(st.integers(1024, 65535), min_size=12 * len(names), unique=True))
    )
    taken_container_names: set[str] = set()
    services: dict[str, Any] = {}
    for index, name in enumerate(names):
        service: dict[str, Any] = {"image": draw(st.sampled_from(["nginx", "redis:7", "db:1"]))}
        items: list[Any] = []
        for _ in range(draw(st.integers(0, 3))):
            target = draw(port_numbers())
            proto = draw(protocols())
            host = next(host_ports) if draw(st.booleans()) else None
            form = draw(st.sampled_from(["short", "long"]))
            if form == "long":
                item: dict[str, Any] = {"target": target, "protocol": proto}
                if host is not None:
                    item["published"] = str(host)
                items.append(item)
            else:
                head = f"{host}:" if host is not None else ""
                items.append(f"{head}{target}/{proto}")
        if items:
            service["ports"] = items
        expose = draw(st.lists(expose_texts(max_size=4), max_size=2))
        if expose:
            service["expose"] = expose
        links: list[str] = []
        prefixes: set[str] = set()
        children: list[str] = []
        if index:
            children = draw(st.lists(st.sampled_from(names[:index]), unique=True))
        for child in children:
            alias = draw(st.one_of(st.none(), st.from_regex(r"\A[a-z][a-z0-9-]{0,7}\Z")))
            prefix = (alias or child).upper().replace("-", "_")
            if prefix in prefixes:
                continue
            prefixes.add(prefix)
            links.append(child if alias is None else f"{child}:{alias}")
        if links:
            service["links"] = links
        env = draw(
            st.dictionaries(_env_names(), st.text(string.ascii_letters, max_size=8), max_size=3)
        )
        env = {k: v for k, v in env.items() if not _secret_looking(k)}
        if env:
            service["environment"] = (
                env if draw(st.booleans()) else [f"{k}={v}" for k, v in env.items()]
            )
        if draw(st.booleans()):
            container_name = draw(container_names(max_size=12))
            if container_name not in taken_container_names:
                taken_container_names.add(container_name)
                service["container_name"] = container_name
        services[name] = service
    return {"services": services}


def _secret_looking(name: str) -> bool:
    upper = name.upper()
    return any(word in upper for word in ("PASS", "SECRET", "TOKEN", "KEY", "AUTH", "CRED", "PW"))


def compose_configs(*, max_services: int = 4) -> st.SearchStrategy[dict[str, Any]]:
    """Compose-like mappings ``{"services": {...}}`` that the checker finds no error in.

    Services have ports (short and long syntax, distinct host ports), ``expose``, links to
    earlier services only (no cycles, no colliding aliases), an ``environment`` list or
    mapping without secret-looking names, and sometimes a unique ``container_name``.
    """
    return _compose_config(max_services)


def profiles() -> st.SearchStrategy[Profile]:
    """The predefined profiles (``modern`` and ``classic``)."""
    return st.sampled_from([MODERN, CLASSIC])


# --------------------------------------------------------------------------- registration


def _register_types() -> None:
    """Make ``st.from_type`` draw dockerlinks values from the strategies of this module."""
    st.register_type_strategy(Port, ports())
    st.register_type_strategy(PortRange, port_ranges())
    st.register_type_strategy(PortBinding, port_bindings())
    st.register_type_strategy(PortSpec, port_specs())
    st.register_type_strategy(PortConfig, st.deferred(port_configs))
    st.register_type_strategy(PortMap, port_maps())
    st.register_type_strategy(Profile, profiles())
    st.register_type_strategy(LinkSpec, st.deferred(link_specs))


_READY = True
_register_types()
