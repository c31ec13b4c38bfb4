"""Legacy links: --link parsing, link names, the link environment, env merge, firewall rules."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dockerlinks import links
from dockerlinks.errors import DockerLinksError, EnvFileError, LinkSpecError, PortError
from dockerlinks.links import (
    DEFAULT_PATH_ENV,
    LinkRule,
    LinkSpec,
    container_env,
    go_lower,
    go_upper,
    host_config_links,
    link_name,
    link_prefix,
    link_rules,
    parse_link,
    parse_link_port,
    sort_link_ports,
)
from dockerlinks.ports import Port
from dockerlinks.profiles import CLASSIC, MODERN
from tests.robustness import ANY_TEXT, call_with_drawn_arguments, only_library_errors
from tests.vectors import cases, load_vectors

IP = "172.0.17.2"


def link_env(
    name: Any, child_ip: Any, ports: Any, env: Any = (), *, profile: Any = "modern"
) -> list[str]:
    """The library's link_env with the profile these tests pin by default: the v28+
    algorithm with link variables set (a stock Docker 29, the library's default, sets none)."""
    return links.link_env(name, child_ip, ports, env, profile=profile)


# --- upstream vectors ------------------------------------------------------------------------

PARSE_CASES = cases("moby_parse_link")


@pytest.mark.parametrize(
    "case", PARSE_CASES, ids=[f"{c['test']}-{c['input'] or 'empty'}" for c in PARSE_CASES]
)
def test_upstream_parse_link(case: dict[str, Any]) -> None:
    if "error" in case:
        with pytest.raises(LinkSpecError) as info:
            parse_link(case["input"])
        assert info.value.docker_message == case["error"]
    elif case["expected"] == "valid":
        spec = parse_link(case["input"])
        assert spec.name == case["input"].split(":")[0]
    else:
        assert parse_link(case["input"]) == LinkSpec(**case["expected"])


def _env_cases(name: str) -> list[tuple[str, dict[str, Any]]]:
    data = load_vectors(name)
    return [
        (data["profile"], case)
        for case in data["cases"]
        if isinstance(case["input"], dict)
        and "function" not in case
        and isinstance(case.get("expected", []), list)
    ]


ENV_CASES = _env_cases("moby_links_modern") + _env_cases("moby_links_classic")


@pytest.mark.parametrize(
    ("profile", "case"),
    ENV_CASES,
    ids=[f"{p}-{c['test']}-{i}" for i, (p, c) in enumerate(ENV_CASES)],
)
def test_upstream_link_env(profile: str, case: dict[str, Any]) -> None:
    given_input = case["input"]
    out = link_env(
        given_input["name"],
        given_input["child_ip"],
        given_input["exposed_ports"],
        given_input["child_env"],
        profile=profile,
    )
    if "expected" in case:
        assert sorted(out) == sorted(case["expected"])
    if "expected_contains" in case:
        as_map = dict(entry.split("=", 1) for entry in out)
        for key, value in case["expected_contains"].items():
            assert as_map[key] == value


@pytest.mark.parametrize("vectors", ["moby_links_modern", "moby_links_classic"])
def test_upstream_link_new(vectors: str) -> None:
    (case,) = cases(vectors, test="TestLinkNew")
    expected = case["expected"]
    ports = sort_link_ports(case["input"]["exposed_ports"])
    assert [str(p) for p in ports] == expected["Ports"]
    spec = parse_link(expected["Name"].rsplit("/", 1)[1])
    assert link_name("/db", spec.alias) == expected["Name"]


def test_upstream_sort_ports() -> None:
    (case,) = cases("moby_links_modern", test="TestSortPorts")
    assert [str(p) for p in sort_link_ports(case["input"])] == case["expected"]


def test_upstream_benchmark_input_runs() -> None:
    (case,) = cases("moby_links_modern", test="BenchmarkLinkMultipleEnv")
    i = case["input"]
    assert len(link_env(i["name"], i["child_ip"], i["exposed_ports"], i["child_env"])) == 27


# --- exact emission order (moby daemon/links/links.go: v28.0.0 modern, v27.5.1 classic) ------

MULTI_PORTS = ["6300/udp", "6379/tcp", "6380/tcp", "6381/tcp", "6382/udp"]


def _four(prefix: str, number: int, proto: str, ip: str = IP) -> list[str]:
    q = f"{prefix}_PORT_{number}_{proto.upper()}"
    return [
        f"{q}={proto}://{ip}:{number}",
        f"{q}_ADDR={ip}",
        f"{q}_PORT={number}",
        f"{q}_PROTO={proto}",
    ]


def test_modern_order_ranges_placed_at_close() -> None:
    expected = [
        "DOCKER_PORT=tcp://172.0.17.2:6379",
        *_four("DOCKER", 6379, "tcp"),
        *_four("DOCKER", 6380, "tcp"),
        *_four("DOCKER", 6381, "tcp"),
        *_four("DOCKER", 6300, "udp"),
        "DOCKER_PORT_6379_TCP_START=tcp://172.0.17.2:6379",
        "DOCKER_PORT_6379_TCP_PORT_START=6379",
        "DOCKER_PORT_6379_TCP_END=tcp://172.0.17.2:6381",
        "DOCKER_PORT_6379_TCP_PORT_END=6381",
        *_four("DOCKER", 6382, "udp"),
        "DOCKER_NAME=/db/docker",
        "DOCKER_ENV_PASSWORD=gordon",
    ]
    assert link_env("/db/docker", IP, MULTI_PORTS, ["PASSWORD=gordon"]) == expected


def test_modern_range_reaching_the_end() -> None:
    out = link_env("/web/db", IP, ["81/udp", "80/udp"])
    assert out[-5:] == [
        "DB_PORT_80_UDP_START=udp://172.0.17.2:80",
        "DB_PORT_80_UDP_PORT_START=80",
        "DB_PORT_80_UDP_END=udp://172.0.17.2:81",
        "DB_PORT_80_UDP_PORT_END=81",
        "DB_NAME=/web/db",
    ]


def test_classic_order_and_duplicates() -> None:
    expected = [
        "DOCKER_PORT=tcp://172.0.17.2:6379",
        "DOCKER_PORT_6379_TCP_START=tcp://172.0.17.2:6379",
        "DOCKER_PORT_6379_TCP_ADDR=172.0.17.2",
        "DOCKER_PORT_6379_TCP_PROTO=tcp",
        "DOCKER_PORT_6379_TCP_PORT_START=6379",
        "DOCKER_PORT_6379_TCP_END=tcp://172.0.17.2:6381",
        "DOCKER_PORT_6379_TCP_PORT_END=6381",
        *_four("DOCKER", 6379, "tcp"),
        *_four("DOCKER", 6380, "tcp"),
        *_four("DOCKER", 6381, "tcp"),
        "DOCKER_NAME=/db/docker",
        "DOCKER_ENV_PASSWORD=gordon",
    ]
    ports = ["6381/tcp", "6379/tcp", "6380/tcp"]
    assert link_env("/db/docker", IP, ports, ["PASSWORD=gordon"], profile="classic") == expected


def test_classic_range_ignores_protocols_and_names_end_by_end_protocol() -> None:
    out = link_env("/db/docker", IP, MULTI_PORTS, profile=CLASSIC)
    assert out[:7] == [
        "DOCKER_PORT=udp://172.0.17.2:6300",
        "DOCKER_PORT_6379_TCP_START=tcp://172.0.17.2:6379",
        "DOCKER_PORT_6379_TCP_ADDR=172.0.17.2",
        "DOCKER_PORT_6379_TCP_PROTO=tcp",
        "DOCKER_PORT_6379_TCP_PORT_START=6379",
        "DOCKER_PORT_6379_UDP_END=udp://172.0.17.2:6382",
        "DOCKER_PORT_6379_UDP_PORT_END=6382",
    ]


def test_classic_two_ports_are_no_range_modern_two_are() -> None:
    classic = link_env("/a/b", IP, ["80", "81"], profile="classic")
    modern = link_env("/a/b", IP, ["80", "81"])
    assert not any("_START" in e for e in classic)
    assert sum("_START" in e for e in modern) == 2  # _START and _PORT_START


def test_classic_counts_entries_not_numbers() -> None:
    # 80/tcp, 80/udp, 81/tcp: 3 entries with numbers <= v + 1 -> one range 80..81
    out = link_env("/a/b", IP, ["80/udp", "81/tcp", "80/tcp"], profile="classic")
    assert "B_PORT_80_TCP_END=tcp://172.0.17.2:81" in out
    # 80, 82, 83 are not contiguous from 80
    out = link_env("/a/b", IP, ["80", "82", "83"], profile="classic")
    assert not any("_END" in e for e in out)


@pytest.mark.parametrize(
    ("ports", "modern", "classic"),
    [
        (["53/udp", "80/tcp"], "tcp://172.0.17.2:80", "udp://172.0.17.2:53"),
        (["53/udp", "9/sctp"], "sctp://172.0.17.2:9", "sctp://172.0.17.2:9"),
        (["53/udp", "53/tcp"], "tcp://172.0.17.2:53", "tcp://172.0.17.2:53"),
        (["7/udp", "7/sctp"], "sctp://172.0.17.2:7", "sctp://172.0.17.2:7"),
    ],
)
def test_default_port_per_profile(ports: list[str], modern: str, classic: str) -> None:
    assert link_env("/a/db", IP, ports)[0] == f"DB_PORT={modern}"
    assert link_env("/a/db", IP, ports, profile="classic")[0] == f"DB_PORT={classic}"


def test_no_ports_only_name_and_env() -> None:
    assert link_env("/web/db", IP, [], ["A=1"]) == ["DB_NAME=/web/db", "DB_ENV_A=1"]
    assert link_env("/web/db", IP, [], None, profile="classic") == ["DB_NAME=/web/db"]


def test_link_vars_off_v29_default() -> None:
    off = MODERN.evolve(link_vars=False)
    assert link_env("/web/db", IP, ["5432"], ["A=1"], profile=off) == []


# --- alias, _NAME, _ENV_ (moby daemon/links/links.go ToEnv) -----------------------------------


@pytest.mark.parametrize(
    ("name", "prefix"),
    [
        ("/db/docker-1", "DOCKER_1"),
        ("/web/My-DB.v2", "MY_DB.V2"),
        ("db", "DB"),
        ("/web/webdb", "WEBDB"),
        ("/web/1st", "1ST"),
        ("/web/straße", "STRAßE"),
    ],
)
def test_prefix(name: str, prefix: str) -> None:
    assert link_prefix(name) == prefix
    assert link_env(name, IP, [])[0] == f"{prefix}_NAME={name}"


def test_env_forwarding_rules() -> None:
    out = link_env("/web/first", IP, [], ["e1=", "e2=v2", "e3=v3=v3"])
    assert out[1:] == ["FIRST_ENV_e1=", "FIRST_ENV_e2=v2", "FIRST_ENV_e3=v3=v3"]
    out = link_env("/web/db", IP, [], ["HOME=/root", "PATH=/bin", "NOEQ", "home=x", "SECRET=s"])
    assert out[1:] == ["DB_ENV_home=x", "DB_ENV_SECRET=s"]


def test_go_case_mapping() -> None:
    assert go_upper("ﬁx") == "ﬁX"
    assert go_upper("ᾳ") == "ᾼ"
    assert go_upper("ǅ") == "Ǆ"
    assert (go_lower("TCP"), go_lower("İX"), go_lower("Ωmega")) == ("tcp", "ix", "ωmega")
    assert str(LinkSpec("db", "webdb")) == "db:webdb"


# --- ports -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "port"),
    [
        ("80", Port(80, "tcp")),
        ("80/", Port(80, "tcp")),
        ("80/TCP", Port(80, "tcp")),
        ("080/udp", Port(80, "udp")),
        ("0/sctp", Port(0, "sctp")),
        ("65535", Port(65535, "tcp")),
        (Port(53, "UDP"), Port(53, "udp")),
    ],
)
def test_parse_link_port(text: str | Port, port: Port) -> None:
    assert parse_link_port(text) == port


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "invalid port: value is empty"),
        ("/tcp", "invalid port '': value is empty"),
        ("http", "invalid port 'http': invalid syntax"),
        ("+80", "invalid port '+80': invalid syntax"),
        ("65536", "invalid port '65536': value out of range"),
        ("99999999999999999999", "invalid port '99999999999999999999': value out of range"),
    ],
)
def test_parse_link_port_errors(text: str, message: str) -> None:
    with pytest.raises(PortError) as info:
        parse_link_port(text)
    assert info.value.docker_message == message


NOT_A_STRING: Any = 6


@pytest.mark.parametrize("bad", [None, 80, "80/t=cp", Port(80, "a b")])
def test_bad_ports(bad: object) -> None:
    with pytest.raises(PortError):
        parse_link_port(bad)


@pytest.mark.parametrize(
    "build",
    [
        lambda: Port(70000),
        lambda: Port(-1),
        lambda: Port(True),
        lambda: Port(80, NOT_A_STRING),
        lambda: Port(80, ""),
    ],
)
def test_ports_out_of_range_cannot_be_built(build: Callable[[], Port]) -> None:
    with pytest.raises(PortError):
        build()


def test_ports_argument_shapes() -> None:
    assert link_env("/a/b", IP, "80/tcp") == link_env("/a/b", IP, [Port(80)])
    with pytest.raises(PortError):
        link_env("/a/b", IP, 80)


# --- properties ------------------------------------------------------------------------------

PROTOS = st.sampled_from(["tcp", "udp", "sctp"])
PORT_SETS = st.sets(st.tuples(st.integers(8000, 8012), PROTOS), max_size=12)
ALIASES = st.text(alphabet=st.sampled_from("abcxyzABC019-._é"), min_size=1, max_size=8).filter(
    lambda a: a not in (".", "..")
)
ENVS = st.lists(
    st.tuples(
        st.sampled_from(["HOME", "PATH", "A", "b", "PASSWORD", "X_Y"]),
        st.text(st.characters(exclude_characters="\x00"), max_size=4),
    ),
    max_size=5,
)
PROFILES = st.sampled_from(["modern", "classic"])


def _as_text(ports: set[tuple[int, str]]) -> list[str]:
    return [f"{n}/{p}" for n, p in sorted(ports)]


def _runs(ports: set[tuple[int, str]]) -> int:
    """Independent count of the modern ranges: maximal runs of 2+ consecutive numbers."""
    runs = 0
    for number, proto in ports:
        starts = (number - 1, proto) not in ports
        if starts and (number + 1, proto) in ports:
            runs += 1
    return runs


@given(PORT_SETS, ALIASES, PROFILES)
def test_four_vars_per_port(ports: set[tuple[int, str]], alias: str, profile: str) -> None:
    out = link_env(f"/web/{alias}", IP, _as_text(ports), profile=profile)
    prefix = link_prefix(f"/web/{alias}")
    for number, proto in ports:
        for entry in _four(prefix, number, proto):
            assert entry in out


@given(PORT_SETS, PROFILES)
def test_default_port_rule(ports: set[tuple[int, str]], profile: str) -> None:
    out = link_env("/web/db", IP, _as_text(ports), profile=profile)
    if not ports:
        assert out == ["DB_NAME=/web/db"]
        return
    if profile == "modern":
        tcp = [n for n, p in ports if p == "tcp"]
        if tcp:
            number, proto = min(tcp), "tcp"
        else:
            proto = min(p for _, p in ports)
            number = min(n for n, p in ports if p == proto)
    else:
        number = min(n for n, _ in ports)
        protos = {p for n, p in ports if n == number}
        proto = "tcp" if "tcp" in protos else min(protos)
    assert out[0] == f"DB_PORT={proto}://{IP}:{number}"


@given(PORT_SETS, ENVS)
def test_modern_count_formula(ports: set[tuple[int, str]], env: list[tuple[str, str]]) -> None:
    entries = [f"{k}={v}" for k, v in env]
    forwarded = [e for e in entries if e.split("=", 1)[0] not in ("HOME", "PATH")]
    out = link_env("/web/db", IP, _as_text(ports), entries)
    expected = (1 if ports else 0) + 4 * len(ports) + 4 * _runs(ports) + 1 + len(forwarded)
    assert len(out) == expected


@given(PORT_SETS)
def test_modern_has_no_duplicate_keys(ports: set[tuple[int, str]]) -> None:
    keys = [e.split("=", 1)[0] for e in link_env("/web/db", IP, _as_text(ports))]
    assert len(keys) == len(set(keys))


@given(PORT_SETS, ALIASES, PROFILES)
def test_prefix_and_name(ports: set[tuple[int, str]], alias: str, profile: str) -> None:
    name = f"/web/{alias}"
    out = link_env(name, IP, _as_text(ports), ["A=1"], profile=profile)
    prefix = go_upper(alias).replace("-", "_")
    assert all(entry.startswith(prefix + "_") for entry in out)
    assert f"{prefix}_NAME={name}" in out
    assert out[-1] == f"{prefix}_ENV_A=1"


@given(ENVS, PROFILES)
def test_home_and_path_never_forwarded(env: list[tuple[str, str]], profile: str) -> None:
    entries = [f"{k}={v}" for k, v in env]
    out = link_env("/web/db", IP, ["80"], entries, profile=profile)
    assert not any(e.startswith(("DB_ENV_HOME=", "DB_ENV_PATH=")) for e in out)
    assert [e for e in out if "_ENV_" in e] == [
        f"DB_ENV_{k}={v}" for k, v in env if k not in ("HOME", "PATH")
    ]


@given(PORT_SETS, ALIASES, ALIASES, PROFILES)
def test_several_recipients_same_values(
    ports: set[tuple[int, str]], a: str, b: str, profile: str
) -> None:
    first = link_env(f"/web/{a}", IP, _as_text(ports), ["K=v"], profile=profile)
    second = link_env(f"/api/{b}", IP, _as_text(ports), ["K=v"], profile=profile)
    pa, pb = link_prefix(f"/web/{a}"), link_prefix(f"/api/{b}")

    def strip(out: list[str], prefix: str) -> list[str]:
        return [e[len(prefix) :] for e in out if not e.startswith(prefix + "_NAME=")]

    assert strip(first, pa) == strip(second, pb)


@given(PORT_SETS, PROFILES, st.randoms(use_true_random=False))
def test_deterministic(ports: set[tuple[int, str]], profile: str, rnd: random.Random) -> None:
    listed = _as_text(ports)
    shuffled = listed[:]
    rnd.shuffle(shuffled)
    assert link_env("/w/d", IP, listed, profile=profile) == link_env(
        "/w/d", IP, shuffled + shuffled, profile=profile
    )


@given(PORT_SETS)
def test_same_multiset_in_both_profiles_for_tcp_only(ports: set[tuple[int, str]]) -> None:
    tcp = {(n, "tcp") for n, _ in ports}
    modern = link_env("/w/d", IP, _as_text(tcp))
    classic = link_env("/w/d", IP, _as_text(tcp), profile="classic")
    per_port = {e for e in modern if "_START" not in e and "_END" not in e}
    assert per_port <= set(classic)


# --- parse_link / link_name / host_config_links ----------------------------------------------


@pytest.mark.parametrize(
    ("value", "caret"),
    [
        ("db:we b", 5),
        ("db:a=b", 4),
        ("db:a#b", 4),
        ("db:a\nb", 4),
        ("db:a\x00b", 4),
        ("d b", 1),
        ("d\tb:x", 1),
        ("/d=b:/web/db", 2),
        ("/db:/web/a\u2028", 10),
    ],
)
def test_unsafe_links_rejected(value: str, caret: int) -> None:
    with pytest.raises(LinkSpecError) as info:
        parse_link(value)
    assert info.value.span is not None
    assert info.value.span[0] == caret


# ParseLink (docker/cli opts/opts.go, moby daemon/pkg/opts/opts.go): no name or alias
# validation; these are Docker's own answers.
@pytest.mark.parametrize(
    ("value", "name", "alias"),
    [
        ("db:", "db", ""),
        (":alias", "", "alias"),
        (":", "", ""),
        ("/:/web/db", "", "db"),
        ("/db:/web/", "db", ""),
        ("/db", "/db", "/db"),  # one part: kept whole, leading "/" included
        ("/db:alias", "db", "alias"),
        ("/db:a/b/c", "db", "c"),
        ("db:a/b", "db", "a/b"),  # not the inspect form: the alias is kept whole
        ("db:/web/db", "db", "/web/db"),
        ("DB:MyAlias", "DB", "MyAlias"),
        ("db:my-db.v2", "db", "my-db.v2"),
        ("7a67485460b7:db", "7a67485460b7", "db"),
        ("db:..", "db", ".."),
        ("db:é", "db", "é"),
    ],
)
def test_parse_link_docker_accepts(value: str, name: str, alias: str) -> None:
    assert parse_link(value) == LinkSpec(name, alias)


def test_parse_link_errors() -> None:
    with pytest.raises(LinkSpecError) as info:
        parse_link("too:much:of:it")
    assert info.value.span == (8, 14)
    with pytest.raises(LinkSpecError):
        parse_link(None)


@pytest.mark.parametrize(
    ("parent", "alias", "full"),
    [
        ("/web", "db", "/web/db"),
        ("web", "webdb", "/web/webdb"),
        ("/web", "a/b", "/web/a/b"),
        ("/web", "../db", "/db"),
        ("/web", "..db", "/web/..db"),
        ("/web", "../../db", "/db"),
        ("/web", "./x/./db", "/web/x/db"),
        ("/web", "", "/web"),  # path.Join drops the empty alias: the parent's own name
        ("/web", ".", "/web"),
        ("/web", "/", "/web"),
        ("/web", "/db", "/web/db"),
        ("/web", "..", "/"),
        ("/web", "db/", "/web/db"),
        ("/web", "a//b", "/web/a/b"),
        ("//web", "db", "/web/db"),
    ],
)
def test_link_name(parent: str, alias: str, full: str) -> None:
    assert link_name(parent, alias) == full


@pytest.mark.parametrize(
    ("parent", "alias"), [("", "db"), ("/", "db"), (None, "db"), ("w", "a b"), ("w", None)]
)
def test_link_name_errors(parent: Any, alias: Any) -> None:
    with pytest.raises(LinkSpecError):
        link_name(parent, alias)


def test_host_config_links() -> None:
    assert host_config_links("/web", ["db", "db:webdb", LinkSpec("cache", "redis")]) == [
        "/db:/web/db",
        "/db:/web/webdb",
        "/cache:/web/redis",
    ]
    assert host_config_links("web", ["7a67485460b7:db"], child_names={"7a67485460b7": "/pg"}) == [
        "/pg:/web/db"
    ]
    # the inspect form parses back (moby daemon/inspect.go: HostConfig.Links)
    assert parse_link("/db:/web/db") == LinkSpec("db", "db")
    with pytest.raises(LinkSpecError):
        host_config_links("web", ["x:db"], child_names={"x": 3})  # type: ignore[dict-item]


@pytest.mark.parametrize(
    ("name", "ip"),
    [
        ("/web/db", "not-an-ip"),
        ("/web/db", None),
        (None, IP),
        ("/web/d b", IP),
        ("/we\nb/db", IP),
    ],
)
def test_link_env_rejects_bad_inputs(name: Any, ip: Any) -> None:
    with pytest.raises(LinkSpecError):
        link_env(name, ip, [])


def test_link_env_rejects_bad_env() -> None:
    with pytest.raises(EnvFileError):
        link_env("/web/db", IP, [], "A=1")
    with pytest.raises(EnvFileError):
        link_env("/web/db", IP, [], [1])


def test_unknown_profile() -> None:
    with pytest.raises(DockerLinksError):
        link_env("/web/db", IP, [], profile="future")


# --- container environment (moby daemon/container/container.go CreateDaemonEnvironment) ------


def test_container_env_order_and_overrides() -> None:
    links = [["DB_NAME=/web/db", "DB_ENV_A=1"], ["C_NAME=/web/c", "DB_ENV_A=2"]]
    out = container_env("web01", links, ["DB_ENV_A=own", "NEW=1", "C_NAME", "NEW=2"], tty=True)
    assert out == [
        f"PATH={DEFAULT_PATH_ENV}",
        "HOSTNAME=web01",
        "TERM=xterm",
        "DB_NAME=/web/db",
        "DB_ENV_A=1",  # duplicates among link variables are kept; the last one is replaced
        "DB_ENV_A=own",
        "NEW=1",
        "NEW=2",
    ]


def test_container_env_path_override_and_unset() -> None:
    out = container_env("h", [], ["PATH=/x", "HOSTNAME", "GONE"])
    assert out == ["PATH=/x"]


@pytest.mark.parametrize(
    ("hostname", "links", "own"),
    [(None, [], []), ("h", ["A=1"], []), ("h", [[1]], []), ("h", [], "A=1"), ("h", [], [None])],
)
def test_container_env_bad_inputs(hostname: Any, links: Any, own: Any) -> None:
    with pytest.raises(EnvFileError):
        container_env(hostname, links, own)


# --- firewall rules (moby libnetwork/drivers/bridge/link.go) ----------------------------------


def test_libnetwork_link_new_six_rules() -> None:
    rules = link_rules("172.17.0.3", "172.17.0.2", ["5000/tcp", "400/udp", "600/tcp"])
    assert len(rules) == 6
    assert rules[0] == LinkRule("172.17.0.3", "172.17.0.2", "tcp", dport=5000)
    assert rules[1] == LinkRule("172.17.0.2", "172.17.0.3", "tcp", sport=5000)
    assert {(r.table, r.chain, r.action, r.in_iface, r.out_iface) for r in rules} == {
        ("filter", "DOCKER", "ACCEPT", "docker0", "docker0")
    }
    assert rules[3].iptables_command() == (
        "-t", "filter", "-A", "DOCKER",
        "-i", "docker0", "-o", "docker0", "-p", "udp",
        "-s", "172.17.0.2", "-d", "172.17.0.3", "--sport", "400", "-j", "ACCEPT",
    )  # fmt: skip
    assert rules[3].iptables_command("-D")[2] == "-D"
    assert " ".join(rules[4].iptables_args()) == (
        "-i docker0 -o docker0 -p tcp -s 172.17.0.3 -d 172.17.0.2 --dport 600 -j ACCEPT"
    )


@pytest.mark.parametrize(
    ("parent", "child", "which"),
    [
        ("", "172.17.0.2", "parent"),
        ("0.0.0.0", "172.17.0.2", "parent"),
        ("172.17.0.3", "", "child"),
        ("172.17.0.3", "::", "child"),
        ("172.17.0.3", None, "child"),
    ],
)
def test_link_rules_empty_addresses(parent: Any, child: Any, which: str) -> None:
    with pytest.raises(LinkSpecError) as info:
        link_rules(parent, child, ["80"])
    assert info.value.docker_message == (
        f"cannot link to a container with an empty {which} IP address"
    )


def test_link_rules_bridge_and_canonical_ips() -> None:
    (rule, back) = link_rules("::ffff:172.17.0.3", "172.17.0.2", ["80"], bridge="br-x")
    assert rule.source == "::ffff:172.17.0.3"
    assert back.in_iface == "br-x"
    with pytest.raises(LinkSpecError):
        link_rules("172.17.0.3", "172.17.0.2", ["80"], bridge="a b")


# --- hand-derived port sets (daemon/links/links.go: v28.0.0 modern, v27.5.1 classic) --------
# Each expected list is written from the reference rules, port by port; "P" is the default
# port line, "F(n, proto)" a port's 4 variables, "M(s, e, proto)" a modern range block and
# "C(s, sp, e, ep)" a classic range block (END named with the start number, end protocol).


def _p(number: int, proto: str) -> list[str]:
    return [f"DB_PORT={proto}://{IP}:{number}"]


def _f(number: int, proto: str) -> list[str]:
    return _four("DB", number, proto)


def _m(start: int, end: int, proto: str) -> list[str]:
    key = f"DB_PORT_{start}_{proto.upper()}"
    return [
        f"{key}_START={proto}://{IP}:{start}",
        f"{key}_PORT_START={start}",
        f"{key}_END={proto}://{IP}:{end}",
        f"{key}_PORT_END={end}",
    ]


def _c(start: int, start_proto: str, end: int, end_proto: str) -> list[str]:
    key = f"DB_PORT_{start}_{start_proto.upper()}"
    end_key = f"DB_PORT_{start}_{end_proto.upper()}"
    return [
        f"{key}_START={start_proto}://{IP}:{start}",
        f"{key}_ADDR={IP}",
        f"{key}_PROTO={start_proto}",
        f"{key}_PORT_START={start}",
        f"{end_key}_END={end_proto}://{IP}:{end}",
        f"{end_key}_PORT_END={end}",
    ]


NAME_LINE = ["DB_NAME=/web/db"]

MODERN_SETS = [
    ("one-port", ["0/udp"], [*_p(0, "udp"), *_f(0, "udp")]),
    (
        "tcp-run-reaching-end",
        ["82", "80", "81"],
        [*_p(80, "tcp"), *_f(80, "tcp"), *_f(81, "tcp"), *_f(82, "tcp"), *_m(80, 82, "tcp")],
    ),
    (
        "tcp-first-even-if-higher",
        ["80/udp", "81/tcp"],
        [*_p(81, "tcp"), *_f(81, "tcp"), *_f(80, "udp")],
    ),
    (
        "different-protocols-no-run",
        ["80/tcp", "81/udp"],
        [*_p(80, "tcp"), *_f(80, "tcp"), *_f(81, "udp")],
    ),
    (
        "two-runs",
        ["80", "81", "83", "84"],
        [
            *_p(80, "tcp"),
            *_f(80, "tcp"),
            *_f(81, "tcp"),
            *_f(83, "tcp"),
            *_m(80, 81, "tcp"),
            *_f(84, "tcp"),
            *_m(83, 84, "tcp"),
        ],
    ),
    (
        "sctp-before-udp-no-tcp",
        ["1/udp", "2/sctp", "1/sctp"],
        [*_p(1, "sctp"), *_f(1, "sctp"), *_f(2, "sctp"), *_f(1, "udp"), *_m(1, 2, "sctp")],
    ),
    ("no-wrap-at-65535", ["65535", "0"], [*_p(0, "tcp"), *_f(0, "tcp"), *_f(65535, "tcp")]),
    (
        "run-per-protocol",
        ["83/udp", "82/udp", "81/tcp", "80/tcp"],
        [
            *_p(80, "tcp"),
            *_f(80, "tcp"),
            *_f(81, "tcp"),
            *_f(82, "udp"),
            *_m(80, 81, "tcp"),
            *_f(83, "udp"),
            *_m(82, 83, "udp"),
        ],
    ),
    (
        "udp-run-after-tcp",
        ["53/udp", "54/udp", "55/udp", "80/tcp"],
        [
            *_p(80, "tcp"),
            *_f(80, "tcp"),
            *_f(53, "udp"),
            *_f(54, "udp"),
            *_f(55, "udp"),
            *_m(53, 55, "udp"),
        ],
    ),
    (
        "normalised-input",
        ["80/TCP", "080", "81/Udp", Port(81, "udp")],
        [*_p(80, "tcp"), *_f(80, "tcp"), *_f(81, "udp")],
    ),
]

CLASSIC_SETS = [
    ("one-port", ["0/udp"], [*_p(0, "udp"), *_f(0, "udp")]),
    (
        "three-make-a-range",
        ["82", "80", "81"],
        [*_p(80, "tcp"), *_c(80, "tcp", 82, "tcp"), *_f(80, "tcp"), *_f(81, "tcp"), *_f(82, "tcp")],
    ),
    ("lowest-number-wins", ["80/udp", "81/tcp"], [*_p(80, "udp"), *_f(80, "udp"), *_f(81, "tcp")]),
    ("tcp-wins-a-tie", ["80/udp", "80/tcp"], [*_p(80, "tcp"), *_f(80, "tcp"), *_f(80, "udp")]),
    (
        "pairs-are-no-range",
        ["80", "81", "83", "84"],
        [*_p(80, "tcp"), *_f(80, "tcp"), *_f(81, "tcp"), *_f(83, "tcp"), *_f(84, "tcp")],
    ),
    (
        "protocols-ignored-end-named-by-end-protocol",
        ["80/tcp", "80/udp", "81/tcp", "82/udp"],
        [
            *_p(80, "tcp"),
            *_c(80, "tcp", 82, "udp"),
            *_f(80, "tcp"),
            *_f(80, "udp"),
            *_f(81, "tcp"),
            *_f(82, "udp"),
        ],
    ),
    (
        "counter-per-entry-reaches-83",
        ["80/tcp", "80/udp", "81/tcp", "81/udp", "83/udp"],
        [
            *_p(80, "tcp"),
            *_c(80, "tcp", 83, "udp"),
            *_f(80, "tcp"),
            *_f(80, "udp"),
            *_f(81, "tcp"),
            *_f(81, "udp"),
            *_f(83, "udp"),
        ],
    ),
    (
        "udp-range-and-default",
        ["53/udp", "54/udp", "55/udp", "80/tcp"],
        [
            *_p(53, "udp"),
            *_c(53, "udp", 55, "udp"),
            *_f(53, "udp"),
            *_f(54, "udp"),
            *_f(55, "udp"),
            *_f(80, "tcp"),
        ],
    ),
    (
        "all-ranges-before-all-ports",
        ["1", "2", "3", "10", "11", "12"],
        [
            *_p(1, "tcp"),
            *_c(1, "tcp", 3, "tcp"),
            *_c(10, "tcp", 12, "tcp"),
            *[line for n in (1, 2, 3, 10, 11, 12) for line in _f(n, "tcp")],
        ],
    ),
    (
        "walk-restarts-after-a-range",
        ["1", "2", "3", "4", "6", "7", "8"],
        [
            *_p(1, "tcp"),
            *_c(1, "tcp", 4, "tcp"),
            *_c(6, "tcp", 8, "tcp"),
            *[line for n in (1, 2, 3, 4, 6, 7, 8) for line in _f(n, "tcp")],
        ],
    ),
    (
        "no-wrap-at-65535",
        ["65534", "65535", "0"],
        [*_p(0, "tcp"), *_f(0, "tcp"), *_f(65534, "tcp"), *_f(65535, "tcp")],
    ),
]


@pytest.mark.parametrize(
    ("ports", "expected"), [c[1:] for c in MODERN_SETS], ids=[c[0] for c in MODERN_SETS]
)
def test_modern_port_sets(ports: list[Any], expected: list[str]) -> None:
    assert link_env("/web/db", IP, ports) == expected + NAME_LINE


@pytest.mark.parametrize(
    ("ports", "expected"), [c[1:] for c in CLASSIC_SETS], ids=[c[0] for c in CLASSIC_SETS]
)
def test_classic_port_sets(ports: list[Any], expected: list[str]) -> None:
    assert link_env("/web/db", IP, ports, profile="classic") == expected + NAME_LINE


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # strconv.ParseUint reads left to right: the first problem met decides the error
        ("70000x", "invalid port '70000x': value out of range"),
        ("7x0000", "invalid port '7x0000': invalid syntax"),
        ("1_000", "invalid port '1_000': invalid syntax"),
        ("٣", "invalid port '٣': invalid syntax"),
        (" 80", "invalid port ' 80': invalid syntax"),
        ("-1", "invalid port '-1': invalid syntax"),
    ],
)
def test_parse_link_port_go_uint_errors(text: str, message: str) -> None:
    with pytest.raises(PortError) as info:
        parse_link_port(text)
    assert info.value.docker_message == message


def test_leading_zeros_and_empty_protocol() -> None:
    assert parse_link_port("0000000000000000000080/") == Port(80, "tcp")


@pytest.mark.parametrize(
    ("given", "written"),
    [
        ("172.17.0.2", "172.17.0.2"),
        ("::ffff:172.17.0.2", "172.17.0.2"),  # the daemon passes the address Unmap()ped
        ("FD00:0:0::2", "fd00::2"),
    ],
)
def test_child_ip_as_go_prints_it(given: str, written: str) -> None:
    for profile in ("modern", "classic"):
        out = link_env("/web/db", given, ["80"], profile=profile)
        assert out[0] == f"DB_PORT=tcp://{written}:80"
        assert f"DB_PORT_80_TCP_ADDR={written}" in out


# --- alias and _ENV_ details (moby daemon/links/links.go ToEnv) --------------------------------


@pytest.mark.parametrize(
    ("name", "prefix"),
    [
        ("/web/db-1.v2", "DB_1.V2"),
        ("/web/a-b-c", "A_B_C"),
        ("/web/ı", "I"),  # Go unicode.ToUpper of dotless i
        ("/web/ſ", "S"),  # long s
        ("/web/ǆ", "Ǆ"),
        ("/web/ﬃ", "ﬃ"),  # no single-character upper case: unchanged
        ("/web/ß-x", "ß_X"),
        ("/web/x/y", "Y"),
        ("/", ""),  # "--link db:.." reserves "/": Docker writes "_NAME=/"
    ],
)
def test_prefix_more(name: str, prefix: str) -> None:
    assert link_prefix(name) == prefix
    assert link_env(name, IP, []) == [f"{prefix}_NAME={name}"]


def test_env_edge_entries() -> None:
    env = ["=x", "HOME =a", "Home=b", "PATH=", "lower=1", "A=b=c=", "EMPTY=", "BARE", ""]
    assert link_env("/web/db", IP, [], env)[1:] == [
        "DB_ENV_=x",
        "DB_ENV_HOME =a",
        "DB_ENV_Home=b",
        "DB_ENV_lower=1",
        "DB_ENV_A=b=c=",
        "DB_ENV_EMPTY=",
    ]


def test_link_vars_off_in_classic_too() -> None:
    off = CLASSIC.evolve(link_vars=False)
    assert link_env("/web/db", IP, ["80", "81", "82"], ["A=1"], profile=off) == []


# --- container_env details (moby daemon/container/container.go CreateDaemonEnvironment) ------


@pytest.mark.parametrize(
    ("links", "own", "tty", "expected"),
    [
        ([], [], False, [f"PATH={DEFAULT_PATH_ENV}", "HOSTNAME=h"]),
        ([], [], True, [f"PATH={DEFAULT_PATH_ENV}", "HOSTNAME=h", "TERM=xterm"]),
        ([], ["TERM"], True, [f"PATH={DEFAULT_PATH_ENV}", "HOSTNAME=h"]),
        ([], ["TERM=vt100"], False, [f"PATH={DEFAULT_PATH_ENV}", "HOSTNAME=h", "TERM=vt100"]),
        # removed, then set again: back in its old place
        ([], ["PATH", "PATH=/y"], False, ["PATH=/y", "HOSTNAME=h"]),
        (
            [["A_NAME=/w/a"]],
            ["HOSTNAME=x"],
            False,
            [f"PATH={DEFAULT_PATH_ENV}", "HOSTNAME=x", "A_NAME=/w/a"],
        ),
        ([["A=1"], ["A=2"]], [], False, [f"PATH={DEFAULT_PATH_ENV}", "HOSTNAME=h", "A=1", "A=2"]),
        ([["A=1"], ["A=2"]], ["A"], False, [f"PATH={DEFAULT_PATH_ENV}", "HOSTNAME=h", "A=1"]),
        ([], ["MISSING"], False, [f"PATH={DEFAULT_PATH_ENV}", "HOSTNAME=h"]),
        ([], ["X=", "X=2"], False, [f"PATH={DEFAULT_PATH_ENV}", "HOSTNAME=h", "X=", "X=2"]),
    ],
)
def test_container_env_rules(
    links: list[list[str]], own: list[str], tty: bool, expected: list[str]
) -> None:
    assert container_env("h", links, own, tty=tty) == expected


def test_container_env_custom_path() -> None:
    assert container_env("h", path="/bin")[0] == "PATH=/bin"


# --- robustness: any input raises only DockerLinksError subclasses ---------------------------

ANYTHING: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True),
    st.binary(max_size=8),
    ANY_TEXT,
    st.sampled_from(["80/tcp", "172.17.0.2", "/web/db", "db:alias", "A=1", "x" * 70000]),
    st.lists(
        st.one_of(st.none(), ANY_TEXT, st.integers(), st.builds(Port, st.integers(0, 65535))),
        max_size=3,
    ),
    st.lists(st.lists(ANY_TEXT, max_size=2), max_size=2),
    st.dictionaries(ANY_TEXT, st.one_of(ANY_TEXT, st.none()), max_size=2),
    st.builds(LinkSpec, ANY_TEXT, ANY_TEXT),
)

LINK_CALLS: list[tuple[str, Any, int]] = [
    ("parse_link", parse_link, 1),
    ("link_name", link_name, 2),
    ("link_prefix", link_prefix, 1),
    ("host_config_links", host_config_links, 2),
    ("parse_link_port", parse_link_port, 1),
    ("sort_link_ports", sort_link_ports, 1),
    ("link_env", link_env, 4),
    ("container_env", container_env, 3),
    ("link_rules", link_rules, 3),
    ("go_upper", go_upper, 1),
    ("go_lower", go_lower, 1),
]


@pytest.mark.parametrize(
    ("function", "arity"), [c[1:] for c in LINK_CALLS], ids=[c[0] for c in LINK_CALLS]
)
@given(data=st.data())
def test_any_input_raises_only_library_errors(
    function: Any, arity: int, data: st.DataObject
) -> None:
    call_with_drawn_arguments(function, arity, data, ANYTHING)


@given(ANYTHING, ANYTHING)
def test_any_keyword_input_raises_only_library_errors(first: Any, second: Any) -> None:
    calls: list[Callable[[], object]] = [
        lambda: link_env("/w/d", IP, ["80"], profile=first),
        lambda: sort_link_ports(["80"], profile=first),
        lambda: link_rules(IP, "172.17.0.3", ["80"], bridge=first),
        lambda: host_config_links("/w", ["db"], child_names=first),
        lambda: container_env("h", path=first, tty=second),
        lambda: link_rules(first, second, ["80"]),
    ]
    only_library_errors(*calls)


def test_host_config_links_rejects_a_non_text_spec() -> None:
    with pytest.raises(LinkSpecError):
        host_config_links("/web", [LinkSpec(None, "db")])  # type: ignore[arg-type]


def test_out_of_range_text_port_in_a_set() -> None:
    with pytest.raises(PortError) as info:
        link_env("/web/db", IP, ["80/tcp", "70000/tcp"])
    assert info.value.docker_message == "invalid port '70000': value out of range"
