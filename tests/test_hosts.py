"""/etc/hosts: upstream etchosts vectors (both eras), container files, safety, round trips."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dockerlinks.errors import DockerLinksError, HostsError
from dockerlinks.hosts import (
    HostsLink,
    HostsRecord,
    add_hosts,
    build_hosts,
    build_hosts_classic,
    container_hosts,
    delete_hosts,
    link_names,
    parse_add_host,
    parse_hosts,
    self_names,
    update_hosts,
)
from tests.robustness import ANY_TEXT, call_with_drawn_arguments, only_library_errors
from tests.vectors import load_vectors

CLASSIC_DEFAULT = (
    "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\n"
    "ff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n"
)
MODERN_DEFAULT = CLASSIC_DEFAULT.replace("fe00::0", "fe00::").replace("ff00::0", "ff00::")


def _recs(items: list[dict[str, str]]) -> list[HostsRecord]:
    return [HostsRecord(item["ip"], item["hosts"]) for item in items]


def _run_steps(case: dict[str, Any], profile: str) -> list[str]:
    content = case["input"].get("initial_file", "")
    after: list[str] = []
    for step in case["input"]["steps"]:
        op = step["op"]
        if op == "build" and "ip" in step:
            content = build_hosts_classic(
                step["ip"], step["hostname"], step["domainname"], _recs(step["extra"])
            )
        elif op == "build":
            content = build_hosts(_recs(step["extra"]), profile=profile)
        elif op == "build_no_ipv6":
            content = build_hosts(_recs(step["extra"]), profile=profile, ipv6=False)
        elif op == "add":
            content = add_hosts(content, _recs(step["records"]), profile=profile)
        elif op == "delete":
            content = delete_hosts(content, _recs(step["records"]), profile=profile)
        elif op == "update":
            content = update_hosts(content, step["ip"], step["hostname"], profile=profile)
        else:  # "repeat": concurrent add/delete pairs; the sequential model is add then delete
            for i in range(10):
                record = [HostsRecord(f"{i}.{i}.{i}.{i}", f"testhostname{i}")]
                content = delete_hosts(add_hosts(content, record), record, profile=profile)
        after.append(content)
    return after


def _etchosts_cases() -> list[tuple[str, dict[str, Any]]]:
    out = [("classic", c) for c in load_vectors("libnetwork_etchosts")["cases"]]
    modern = load_vectors("moby_etchosts")
    out += [("modern", c) for c in modern["cases"]]
    out += [("classic", c) for c in modern["classic_v26_v27"]["cases"]]
    return out


ETCHOSTS = _etchosts_cases()


@pytest.mark.parametrize(
    ("profile", "case"), ETCHOSTS, ids=[f"{p}-{c['test']}-{i}" for i, (p, c) in enumerate(ETCHOSTS)]
)
def test_upstream_etchosts(profile: str, case: dict[str, Any]) -> None:
    after = _run_steps(case, profile)
    for check in case["expected"]:
        content = after[check["after_step"]]
        if "file_equals" in check:
            assert content == check["file_equals"]
        if "contains" in check:
            assert check["contains"] in content
        if "not_contains" in check:
            assert check["not_contains"] not in content


# --- defaults and profiles (libnetwork etchosts/etchosts.go) --------------------------------------


def test_defaults_per_profile() -> None:
    assert build_hosts(profile="classic") == CLASSIC_DEFAULT
    assert build_hosts() == MODERN_DEFAULT
    assert build_hosts(profile="classic", ipv6=False) == "127.0.0.1\tlocalhost\n"


@pytest.mark.parametrize(
    ("ip", "modern"),
    [
        ("fe00::0", "fe00::"),
        ("2001:DB8:0:0:0:0:0:1", "2001:db8::1"),
        ("::ffff:10.0.0.1", "::ffff:10.0.0.1"),
        ("2001:db8:0:1:0:0:0:1", "2001:db8:0:1::1"),
        ("1:0:1:1:1:1:1:1", "1:0:1:1:1:1:1:1"),
        ("10.0.0.1", "10.0.0.1"),
    ],
)
def test_canonical_ip_in_modern_only(ip: str, modern: str) -> None:
    record = [HostsRecord(ip, "x")]
    assert build_hosts(record).endswith(f"{modern}\tx\n")
    assert build_hosts(record, profile="classic").endswith(f"{ip}\tx\n")


# --- self lines, link lines, the whole file (libnetwork etchosts/etchosts.go) ---------------------


@pytest.mark.parametrize(
    ("hostname", "domainname", "names"),
    [
        ("testhostname", "", ("testhostname",)),
        ("testhostname", "testdomainname", ("testhostname.testdomainname", "testhostname")),
        (
            "testhostname.testdomainname.com",
            "",
            ("testhostname.testdomainname.com", "testhostname"),
        ),
    ],
)
def test_self_names(hostname: str, domainname: str, names: tuple[str, ...]) -> None:
    assert self_names(hostname, domainname) == names


@pytest.mark.parametrize(
    ("link", "line"),
    [
        (HostsLink("db", "/db", "5e0dc1a5b5c4", "172.17.0.2"), "172.17.0.2\tdb 5e0dc1a5b5c4\n"),
        (
            HostsLink("webdb", "/db", "6e5cdeb2d300", "172.17.0.5"),
            "172.17.0.5\twebdb 6e5cdeb2d300 db\n",
        ),
        (
            HostsLink("alias1", "container1", "fred", "172.17.0.9"),
            "172.17.0.9\talias1 fred container1\n",
        ),
    ],
)
def test_link_lines(link: HostsLink, line: str) -> None:
    for profile in ("modern", "classic"):
        content = container_hosts(hostname="abc", links=[link], profile=profile)
        assert content.endswith(line)


def test_container_file_order() -> None:
    links = [HostsLink("db", "/db", "dbhost", "172.17.0.2", ip6="fd00::2")]
    for profile, default in (("modern", MODERN_DEFAULT), ("classic", CLASSIC_DEFAULT)):
        content = container_hosts(
            hostname="c1",
            domainname="invalid",
            ips=["192.168.123.2", "fde6:be58:aedf::2"],
            links=links,
            extra_hosts=["db-static:10.0.0.9", HostsRecord("10.0.0.8", "other")],
            profile=profile,
        )
        assert content == default + (
            "10.0.0.9\tdb-static\n10.0.0.8\tother\n"
            "172.17.0.2\tdb dbhost\nfd00::2\tdb dbhost\n"
            "192.168.123.2\tc1.invalid c1\nfde6:be58:aedf::2\tc1.invalid c1\n"
        )


def test_container_file_without_ipv6() -> None:
    content = container_hosts(hostname="h", ips=["10.0.0.2"], extra_hosts=["v6:::1"], ipv6=False)
    assert content == "127.0.0.1\tlocalhost\n10.0.0.2\th\n"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"hostname": ""},
        {"hostname": "a b"},
        {"hostname": "h", "domainname": None},
        {"hostname": ".x"},
        {"hostname": "h", "extra_hosts": "a:1.1.1.1"},
        {"hostname": "h", "links": ["db"]},
        {"hostname": "h", "links": [HostsLink("d\nb", "/db", "x", "1.1.1.1")]},
        {"hostname": "h", "ips": ["not-an-ip"]},
    ],
)
def test_container_file_rejects(kwargs: dict[str, Any]) -> None:
    with pytest.raises(HostsError):
        container_hosts(**kwargs)


def test_link_names_rule() -> None:
    assert link_names("db", "db", "h") == ("db", "h")
    assert link_names("x", "/db", "h") == ("x", "h", "db")


# --- --add-host -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "record"),
    [
        ("db:10.0.0.9", HostsRecord("10.0.0.9", "db")),
        ("db=10.0.0.9", HostsRecord("10.0.0.9", "db")),
        ("v6:::1", HostsRecord("::1", "v6")),
        ("v6=[2001:db8::1]", HostsRecord("2001:db8::1", "v6")),
    ],
)
def test_parse_add_host(value: str, record: HostsRecord) -> None:
    assert parse_add_host(value) == record


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("nocolon", 'bad format for add-host: "nocolon"'),
        (":1.1.1.1", 'bad format for add-host: ":1.1.1.1"'),
        ("a:b=1.1.1.1", 'bad format for add-host: "a:b=1.1.1.1"'),
        ("db:999.1.1.1", 'invalid IP address in add-host: "999.1.1.1"'),
        ("db:[host-gateway]", 'invalid IP address in add-host: "host-gateway"'),
        ("db:fe80::1%eth0", 'invalid IP address in add-host: "fe80::1%eth0"'),
        ("db: 10.0.0.1", 'invalid IP address in add-host: " 10.0.0.1"'),
        ("db:[]", 'invalid IP address in add-host: "[]"'),
        ("db:\t", 'invalid IP address in add-host: "\\t"'),
        ('db:"\x01é', 'invalid IP address in add-host: "\\"\\x01é"'),
    ],
)
def test_parse_add_host_errors(value: str, message: str) -> None:
    with pytest.raises(HostsError) as info:
        parse_add_host(value)
    assert info.value.docker_message == message


def test_parse_add_host_type() -> None:
    with pytest.raises(HostsError):
        parse_add_host(None)  # type: ignore[arg-type]


# --- Delete and Update details (libnetwork etchosts/etchosts.go) ----------------------------------


def test_delete_classic_ignores_ip_modern_checks_it() -> None:
    content = "# keep\n\n1.1.1.1\tdb\n2.2.2.2\tdb\n3.3.3.3\tdbx\r\n"
    record = [HostsRecord("1.1.1.1", "db")]
    assert delete_hosts(content, record, profile="classic") == "# keep\n3.3.3.3\tdbx\n"
    assert delete_hosts(content, record) == "# keep\n2.2.2.2\tdb\n3.3.3.3\tdbx\n"
    assert delete_hosts(content, []) == content
    assert delete_hosts("\n", record) == ""
    assert delete_hosts("junk\tdb\n", record) == "junk\tdb\n"
    assert delete_hosts("x", record) == "x\n"


def test_update_rule() -> None:
    content = "1.1.1.1\tapi\n1.1.1.1\tapi2\n1.1.1.1\tapi.local api\n1.1.1.1\tx api\n1.1.1.1\tapi"
    assert update_hosts(content, "9.9.9.9", "api") == (
        "9.9.9.9\tapi\n1.1.1.1\tapi2\n9.9.9.9\tapi.local api\n1.1.1.1\tx api\n1.1.1.1\tapi"
    )
    both = "172.17.0.2\tdb h\nfd00::2\tdb h\n"
    assert update_hosts(both, "fd00::9", "db") == "fd00::9\tdb h\nfd00::9\tdb h\n"
    assert update_hosts("1.1.1.1\ta.b\n", "2.2.2.2", "a.b") == "2.2.2.2\ta.b\n"
    assert update_hosts("1.1.1.1\taxb\n", "2.2.2.2", "a.b") == "1.1.1.1\taxb\n"


@pytest.mark.parametrize(
    ("ip", "name"),
    [("", "db"), ("1.1.1.1", ""), ("1.1.1.1 x", "db"), ("nope", "db"), ("1.1.1.1", "a b")],
)
def test_update_rejects(ip: str, name: str) -> None:
    with pytest.raises(HostsError):
        update_hosts("", ip, name)


def test_restart_updates_every_alias_line() -> None:
    # moby daemon/links/links.go: --link one:onetwo --link one:one, restart one -> both lines get
    # the new IP
    content = container_hosts(
        hostname="p",
        links=[
            HostsLink("onetwo", "/one", "h1", "172.17.0.2"),
            HostsLink("one", "/one", "h1", "172.17.0.2"),
        ],
    )
    content = update_hosts(update_hosts(content, "172.17.0.7", "onetwo"), "172.17.0.7", "one")
    assert "172.17.0.7\tonetwo h1 one\n172.17.0.7\tone h1\n" in content
    assert "172.17.0.2" not in content


# --- bad inputs -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ip", "names"),
    [
        ("", "x"),
        ("1.1.1.1", ""),
        ("1.1.1.1", "a  b"),
        ("1.1.1.1", "a\nb"),
        ("1.1.1.1\n", "a"),
        ("1.1.1.1", "a#b"),
        ("1.1.1.1", "a=b"),
        ("1.1.1.1", "a\x00b"),
        ("1.1.1.1", ()),
        (None, "a"),
        ("1.1.1.1", 5),
        ("1.1.1.1", [None]),
    ],
)
def test_record_rejects_unsafe(ip: Any, names: Any) -> None:
    with pytest.raises(HostsError):
        HostsRecord(ip, names)


@pytest.mark.parametrize(
    "call",
    [
        lambda: build_hosts([HostsRecord("bad", "x")]),
        lambda: build_hosts(HostsRecord("1.1.1.1", "x")),  # type: ignore[arg-type]
        lambda: build_hosts(["1.1.1.1 x"]),  # type: ignore[list-item]
        lambda: add_hosts(None, []),  # type: ignore[arg-type]
        lambda: delete_hosts(None, []),  # type: ignore[arg-type]
        lambda: update_hosts(None, "1.1.1.1", "x"),  # type: ignore[arg-type]
        lambda: parse_hosts(None),  # type: ignore[arg-type]
        lambda: parse_hosts("1.1.1.1\n"),
        lambda: parse_hosts("1.1.1.1\ta=b\n"),
        lambda: parse_hosts("x" * 70000),
        lambda: build_hosts_classic(None, "h"),  # type: ignore[arg-type]
        lambda: build_hosts_classic("1.1.1.1", ""),
        lambda: build_hosts(profile="future"),
    ],
)
def test_bad_inputs(call: Any) -> None:
    with pytest.raises(DockerLinksError):
        call()


def test_parse_hosts_comments_and_crlf() -> None:
    text = "# c\r\n127.0.0.1 localhost   # trailing\r\n\n  10.0.0.2\tdb\tweb\n"
    assert parse_hosts(text) == [
        HostsRecord("127.0.0.1", "localhost"),
        HostsRecord("10.0.0.2", ("db", "web")),
    ]


def test_record_line() -> None:
    assert HostsRecord("fe00::0", "x").line() == "fe00::\tx\n"
    assert HostsRecord("fe00::0", "x").line(profile="classic") == "fe00::0\tx\n"


# --- the round-trip property ---------------------------------------------------------------

NAME = st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=8)
IPS = st.one_of(
    st.ip_addresses(v=4).map(str),
    st.ip_addresses(v=6).map(lambda a: a.exploded if int(a) % 2 else str(a)),
)


@given(
    st.lists(st.tuples(IPS, st.lists(NAME, min_size=1, max_size=3)), max_size=5),
    st.sampled_from(["modern", "classic"]),
    st.booleans(),
)
def test_rendered_hosts_parse_back(
    items: list[tuple[str, list[str]]], profile: str, ipv6: bool
) -> None:
    records: list[HostsRecord] = []
    for ip, names in items:
        try:
            records.append(HostsRecord(ip, tuple(names)))
        except HostsError:
            # refused before rendering: the names could inject; nothing is written
            assert any(not n or any(c in "=#" or c.isspace() or not c.isprintable() for c in n)
                       for n in names)  # fmt: skip
    text = build_hosts(records, profile=profile, ipv6=ipv6)
    parsed = parse_hosts(text)
    defaults = parse_hosts(build_hosts(profile=profile, ipv6=ipv6))
    assert parsed[: len(defaults)] == defaults
    kept = [r for r in records if ipv6 or ":" not in r.ip]
    assert [r.names for r in parsed[len(defaults) :]] == [r.names for r in kept]
    assert [r.line(profile=profile) for r in parsed[len(defaults) :]] == [
        r.line(profile=profile) for r in kept
    ]
    assert text.count("\n") == len(parsed)


# --- more reference facts (libnetwork etchosts/etchosts.go) ---------------------------------------


def test_host_gateway() -> None:
    # the CLI skips validation for "host-gateway"; the daemon writes its host-gateway address
    assert parse_add_host("host.docker.internal:host-gateway") == HostsRecord(
        "172.17.0.1", "host.docker.internal"
    )
    assert parse_add_host("gw=host-gateway", host_gateway="10.1.0.1").ip == "10.1.0.1"
    content = container_hosts(hostname="h", extra_hosts=["gw:host-gateway"], host_gateway="fd00::1")
    assert content.endswith("fd00::1\tgw\n")
    with pytest.raises(HostsError):
        parse_add_host("gw:host-gateway", host_gateway="nope")


@pytest.mark.parametrize(
    ("ip", "modern"),
    [
        ("fe80::0:1", "fe80::1"),
        ("::ffff:1.2.3.4", "::ffff:1.2.3.4"),
        ("0:0:0:0:0:0:0:1", "::1"),
        ("2001:db8::0:1:0:0:1", "2001:db8::1:0:0:1"),  # first of two equal zero runs
        ("::1.2.3.4", "::102:304"),
        ("FF02::1", "ff02::1"),
        ("fe80::1%eth0", "fe80::1%eth0"),
    ],
)
def test_canonical_ip_more(ip: str, modern: str) -> None:
    assert HostsRecord(ip, "x").line() == f"{modern}\tx\n"
    assert HostsRecord(ip, "x").line(profile="classic") == f"{ip}\tx\n"


@pytest.mark.parametrize(
    ("hostname", "domainname", "names"),
    [
        ("a.b", "c", ("a.b.c", "a")),
        ("h", "example.com", ("h.example.com", "h")),
        ("UPPER", "", ("UPPER",)),
    ],
)
def test_self_names_more(hostname: str, domainname: str, names: tuple[str, ...]) -> None:
    assert self_names(hostname, domainname) == names


def test_no_ipv6_drops_every_ipv6_line_in_both_profiles() -> None:
    links = [HostsLink("db", "/db", "dbhost", "172.17.0.2", ip6="fd00::2")]
    for profile in ("modern", "classic"):
        content = container_hosts(
            hostname="c1",
            ips=["172.17.0.3", "fd00::3"],
            links=links,
            extra_hosts=["v6:fd00::9", "v4:10.0.0.9"],
            profile=profile,
            ipv6=False,
        )
        assert content == (
            "127.0.0.1\tlocalhost\n10.0.0.9\tv4\n172.17.0.2\tdb dbhost\n172.17.0.3\tc1\n"
        )


def test_modern_writes_ipv4_unmapped() -> None:
    # the v28+ daemon holds --add-host, link and own IPv4 addresses Unmap()ped
    content = container_hosts(
        hostname="h",
        ips=["::ffff:172.17.0.3"],
        links=[HostsLink("db", "/db", "x", "::ffff:172.17.0.2")],
        extra_hosts=["m:::ffff:10.0.0.1"],
        ipv6=False,
    )
    assert content == ("127.0.0.1\tlocalhost\n10.0.0.1\tm\n172.17.0.2\tdb x\n172.17.0.3\th\n")
    classic = container_hosts(hostname="h", extra_hosts=["m:::ffff:10.0.0.1"], profile="classic")
    assert classic.endswith("::ffff:10.0.0.1\tm\n")


@pytest.mark.parametrize(
    ("content", "record", "classic", "modern"),
    [
        # modern compares parsed addresses: another spelling of the same address matches
        ("fe00::0\tip6-localnet\n", ("fe00::", "ip6-localnet"), "", ""),
        ("1.1.1.1\tdb\n", ("::ffff:1.1.1.1", "db"), "", "1.1.1.1\tdb\n"),
        ("fe80::1%eth0\tx\n", ("fe80::1", "x"), "", "fe80::1%eth0\tx\n"),
        # Go strings.TrimSpace before parsing the address (Unicode spaces included)
        ("\u30001.1.1.1\tdb\n", ("1.1.1.1", "db"), "", ""),
        ("  1.1.1.1 \tdb\n", ("1.1.1.1", "db"), "", ""),
        ("1.1.1.1 db\n", ("1.1.1.1", "db"), "1.1.1.1 db\n", "1.1.1.1 db\n"),
        ("1.1.1.1\tdb web\n", ("1.1.1.1", "web"), "1.1.1.1\tdb web\n", "1.1.1.1\tdb web\n"),
        ("1.1.1.1\tdb web\n", ("1.1.1.1", "db web"), "", ""),
        ("1.1.1.1\tprefixAndMore\n", ("1.1.1.1", "prefix"), "1.1.1.1\tprefixAndMore\n",
         "1.1.1.1\tprefixAndMore\n"),
        ("#1.1.1.1\tdb\n\n\n", ("1.1.1.1", "db"), "#1.1.1.1\tdb\n", "#1.1.1.1\tdb\n"),
        ("x\tdb\n", ("1.1.1.1", "db"), "", "x\tdb\n"),
        ("1.1.1.1\tdb\r\n", ("1.1.1.1", "db"), "", ""),
    ],
)  # fmt: skip
def test_delete_rules(content: str, record: tuple[str, str], classic: str, modern: str) -> None:
    records = [HostsRecord(*record)]
    assert delete_hosts(content, records, profile="classic") == classic
    assert delete_hosts(content, records) == modern


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        ("\tdb\n", "db", "9.9.9.9\tdb\n"),  # an empty run before the TAB is replaced too
        ("x y\tdb z\n", "db", "x 9.9.9.9\tdb z\n"),  # the run is the non-space text
        ("1.1.1.1\tdb\r\n", "db", "9.9.9.9\tdb\r\n"),
        ("1.1.1.1\tdb\v\n", "db", "1.1.1.1\tdb\v\n"),  # \v is not RE2 \s
        ("1.1.1.1\tdb\tx\n", "db", "9.9.9.9\tdb\tx\n"),
        ("1.1.1.1 db\n", "db", "1.1.1.1 db\n"),  # a space is not the TAB
        ("1.1.1.1\tdb.local\n", "db", "9.9.9.9\tdb.local\n"),
        ("1.1.1.1\tdb-x\n", "db", "1.1.1.1\tdb-x\n"),
        ("# 1.1.1.1\tdb\n", "db", "# 9.9.9.9\tdb\n"),  # comments are text to the regexp
        # non-overlapping matches, left to right: "a<TAB>db " then "b<TAB>db<LF>"
        ("a\tdb b\tdb\n", "db", "9.9.9.9\tdb 9.9.9.9\tdb\n"),
    ],
)
def test_update_regexp_semantics(content: str, name: str, expected: str) -> None:
    assert update_hosts(content, "9.9.9.9", name) == expected


def test_update_writes_canonical_address_in_modern_only() -> None:
    # v28+: Update gets netip.Addr.String(); classic: the text as given
    assert update_hosts("fd00::2\tdb\n", "FD00:0::9", "db") == "fd00::9\tdb\n"
    assert update_hosts("fd00::2\tdb\n", "FD00:0::9", "db", profile="classic") == (
        "FD00:0::9\tdb\n"
    )


def _go_update_oracle(content: str, ip: str, name: str) -> str:
    """The Update rule as Go writes it, run by Python's regexp (same leftmost-first result)."""
    pattern = re.compile(f"([^\\t\\n\\f\\r ]*)(\\t{re.escape(name)})([\\t\\n\\f\\r ]|\\.)")
    return pattern.sub(lambda m: ip + m.group(2) + m.group(3), content)


@given(st.text(alphabet="\t\n\r\f\v .ab#x", max_size=40), st.sampled_from(["a", "ab", "a.b", "x"]))
def test_update_matches_the_go_regexp(content: str, name: str) -> None:
    assert update_hosts(content, "9.9.9.9", name) == _go_update_oracle(content, "9.9.9.9", name)


def test_update_is_linear_on_long_lines() -> None:
    # a backtracking regexp is quadratic here; Go's RE2 is linear
    content = "x" * 200_000 + "\tdb\n"
    assert update_hosts(content, "1.1.1.1", "db") == "1.1.1.1\tdb\n"


# --- robustness: any input raises only DockerLinksError subclasses ---------------------------

ANYTHING: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.binary(max_size=8),
    ANY_TEXT,
    st.sampled_from(["1.1.1.1", "::ffff:1.2.3.4", "fe80::1%eth0", "db:1.1.1.1", "x" * 70000]),
    st.lists(st.one_of(st.none(), ANY_TEXT, st.integers()), max_size=3),
    st.lists(st.builds(HostsRecord, st.just("10.0.0.1"), st.just("x")), max_size=2),
    st.builds(HostsLink, ANY_TEXT, ANY_TEXT, ANY_TEXT, ANY_TEXT, ANY_TEXT).map(lambda x: [x]),
    st.dictionaries(ANY_TEXT, ANY_TEXT, max_size=2),
)

HOSTS_CALLS: list[tuple[str, Any, int]] = [
    ("HostsRecord", HostsRecord, 2),
    ("build_hosts", build_hosts, 1),
    ("build_hosts_classic", build_hosts_classic, 4),
    ("self_names", self_names, 2),
    ("add_hosts", add_hosts, 2),
    ("delete_hosts", delete_hosts, 2),
    ("update_hosts", update_hosts, 3),
    ("parse_hosts", parse_hosts, 1),
    ("link_names", link_names, 3),
    ("parse_add_host", parse_add_host, 1),
]


@pytest.mark.parametrize(
    ("function", "arity"), [c[1:] for c in HOSTS_CALLS], ids=[c[0] for c in HOSTS_CALLS]
)
@given(data=st.data())
def test_any_input_raises_only_library_errors(
    function: Any, arity: int, data: st.DataObject
) -> None:
    call_with_drawn_arguments(function, arity, data, ANYTHING)


@given(ANYTHING, ANYTHING)
def test_any_keyword_input_raises_only_library_errors(first: Any, second: Any) -> None:
    calls: list[Callable[[], object]] = [
        lambda: container_hosts(hostname=first, domainname=second),
        lambda: container_hosts(hostname="h", ips=first, links=second),
        lambda: container_hosts(hostname="h", extra_hosts=first, profile=second),
        lambda: container_hosts(hostname="h", extra_hosts=["g:host-gateway"], host_gateway=first),
        lambda: build_hosts(first, ipv6=second),
        lambda: update_hosts("1.1.1.1\tdb\n", "2.2.2.2", "db", profile=first),
        lambda: parse_add_host("g:host-gateway", host_gateway=first),
        lambda: HostsRecord("1.1.1.1", "x").line(profile=first),
        lambda: delete_hosts("1.1.1.1\tx\n", first, profile=second),
    ]
    only_library_errors(*calls)
