"""resolv.conf, the embedded DNS server and the programs that ask it (busybox nslookup, ping,
getent), against Docker 20.10.24's answers (tests/data/daemon/20.10/networks/cli-*/dns.json,
links-user-net.json) and libnetwork's rules (the sources in dockerlinks/engine/dns.py)."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dockerlinks.engine import ContainerConfig, Engine, NetworkRequest, parse_image_directive
from dockerlinks.engine.dns import (
    DnsNetwork,
    build_resolv_conf,
    embedded_resolv_conf,
    filter_resolv_conf,
    nameservers,
    options,
    resolve,
    search_domains,
)
from dockerlinks.engine.host import Host
from dockerlinks.engine.programs import View, find_program, run_program

HOST_RC = (
    "# written by the host\nsearch example.com corp\nnameserver 127.0.0.53\n"
    "nameserver 10.0.0.2\nnameserver fd00::1\noptions edns0 ndots:2\n"
)


def test_reading_a_resolv_conf() -> None:
    assert nameservers(HOST_RC) == ["127.0.0.53", "10.0.0.2", "fd00::1"]
    assert nameservers(HOST_RC, 6) == ["fd00::1"]
    assert nameservers("nameserver\nnameserver nope\n") == []
    assert search_domains(HOST_RC) == ["example.com", "corp"]
    assert options(HOST_RC) == ["edns0", "ndots:2"]


def test_build() -> None:
    assert build_resolv_conf(["1.1.1.1"], ["."], []) == "nameserver 1.1.1.1\n"
    assert build_resolv_conf([], [], [" "]) == ""


def test_filter() -> None:
    assert filter_resolv_conf(HOST_RC) == HOST_RC.replace("nameserver 127.0.0.53\n", "")
    kept = filter_resolv_conf(HOST_RC, ipv6=False)
    assert "fd00::1" not in kept
    assert "10.0.0.2" in kept
    assert filter_resolv_conf("nameserver ::1\n").endswith(
        "nameserver 2001:4860:4860::8888\nnameserver 2001:4860:4860::8844"
    )


def test_embedded() -> None:
    # dns.json #8: the host's search and options stay, ndots:0 only if the file has no ndots
    assert embedded_resolv_conf(HOST_RC) == (
        "search example.com corp\nnameserver 127.0.0.11\nnameserver fd00::1\n"
        "options edns0 ndots:2\n"
    )
    assert embedded_resolv_conf("nameserver 10.255.255.53\n") == (
        "nameserver 127.0.0.11\noptions ndots:0\n"
    )


NETWORKS = [
    DnsNetwork("front", (("web", "172.18.0.2"), ("db", "172.18.0.3")), (("dbalias", "db"),)),
    DnsNetwork("back", (("other", "172.19.0.2"), ("web", "172.19.0.9")), (("web", "other"),)),
]


@pytest.mark.parametrize(
    ("name", "answer"),
    [
        ("web", ("172.19.0.2",)),  # a link alias, on any network, before any name
        ("web.front", ("172.18.0.2",)),
        ("web.back", ("172.19.0.2",)),  # back's link alias wins there
        ("dbalias", ("172.18.0.3",)),
        ("dbalias.back", None),
        ("other", ("172.19.0.2",)),
        ("db.", ("172.18.0.3",)),
        ("nope", None),
    ],
)
def test_resolve(name: str, answer: tuple[str, ...] | None) -> None:
    assert resolve(NETWORKS, name) == answer


@given(st.text(max_size=20))
def test_resolve_answers_only_known_names(name: str) -> None:
    answer = resolve(NETWORKS, name)
    assert answer is None or set(answer) <= {"172.18.0.2", "172.18.0.3", "172.19.0.2", "172.19.0.9"}


def _view(
    resolv: str = "nameserver 127.0.0.11\n", hosts: str = "", userland: str = "busybox"
) -> View:
    answers = {"web": ("172.18.0.2",), "two": ("10.0.0.1", "10.0.0.2")}
    return View(
        env=(),
        hostname="c",
        files=(("/etc/resolv.conf", resolv), ("/etc/hosts", hosts)),
        userland=userland,
        resolve=answers.get,
        packages=frozenset({"inetutils-ping"}),
    )


def test_nslookup() -> None:
    # dns.json #13, #20, #21
    found = run_program(("nslookup", "web"), _view())
    assert found is not None
    assert found.exit_code == 0
    assert found.stdout == (
        "Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\nNon-authoritative answer:\n"
        "Name:\tweb\nAddress: 172.18.0.2\n\nNon-authoritative answer:\n\n"
    )
    two = run_program(("nslookup", "two"), _view())
    assert two is not None
    assert two.stdout.count("Name:\ttwo\n") == 2
    missing = run_program(("nslookup", "other"), _view())
    assert missing is not None
    assert (missing.stdout, missing.exit_code) == (
        ";; connection timed out; no servers could be reached\n\n",
        1,
    )
    long = run_program(("nslookup", "a" * 64), _view())
    assert long is not None
    assert long.stderr == "nslookup: write to '127.0.0.11': Message too long\n"
    # the host's server, not the embedded one: nothing answers in the model
    outside = run_program(("nslookup", "web"), _view("nameserver 10.255.255.53\n"))
    assert outside is not None
    assert outside.exit_code == 1
    usage = run_program(("nslookup",), _view(""))
    assert usage is not None
    assert usage.exit_code == 1
    # the walkthrough's Ubuntu images have no nslookup
    assert find_program("nslookup", "gnu") is None
    assert run_program(("nslookup", "web"), _view(userland="gnu")) is None


def test_getent_and_ping_ask_the_server() -> None:
    # the recorded images' getent reads /etc/hosts only (dns.json #24-27)
    busy = run_program(("getent", "hosts", "web"), _view())
    assert busy is not None
    assert busy.exit_code == 2
    gnu = run_program(("getent", "hosts", "web"), _view(userland="gnu"))
    assert gnu is not None
    assert gnu.stdout == "172.18.0.2      web\n"
    lost = run_program(("getent", "hosts", "nope"), _view(userland="gnu"))
    assert lost is not None
    assert lost.exit_code == 2
    ping = run_program(("ping", "-c", "3", "web"), _view())
    assert ping is not None
    assert ping.stdout.startswith("PING web (172.18.0.2): 48 data bytes")


def test_a_container_asks_its_networks() -> None:
    # links-user-net.json #6-7, #19: an alias follows its target's address
    e = Engine.new(profile="20.10", seed=2, host=Host(resolv_conf="nameserver 10.255.255.53\n"))
    e, _ = e.create_network(NetworkRequest("front"))
    e, _ = e.run(ContainerConfig("training/postgres", name="db", networks=("front",)))
    e, _ = e.run(
        ContainerConfig("training/webapp", name="web", networks=("front",), links=("db:dbalias",))
    )
    image = parse_image_directive("bb cmd='sleep infinity'")
    e = e.with_image(attrs.evolve(image, userland="busybox"))
    e, _ = e.run(ContainerConfig("bb", name="bb", networks=("front",), links=("db:dbalias",)))
    _, result = e.exec("bb", ["nslookup", "dbalias"])
    assert "Address: 172.18.0.2" in result.stdout
    e, _ = e.stop("db")
    _, result = e.exec("bb", ["nslookup", "dbalias"])
    assert result.exit_code == 1


def test_ping_answers_on_the_networks_the_container_shares() -> None:
    # an address answers when a network of the sandbox holds it (a running endpoint) or is
    # its gateway; a container on the default bridge reaches no user-network address
    e = Engine.new(profile="28.5", seed=2)
    e, _ = e.create_network(NetworkRequest("front"))
    e, _ = e.run(ContainerConfig("training/postgres", name="db", networks=("front",)))
    e, _ = e.run(ContainerConfig("training/webapp", name="web", networks=("front",)))
    e, _ = e.run(ContainerConfig("training/webapp", name="lone"))
    for name in ("web", "lone"):
        e, _ = e.exec(name, ["apt-get", "install", "-yqq", "inetutils-ping"])
    db = e.get("db").endpoint("front")
    assert db is not None
    _, result = e.exec("web", ["ping", "-c", "1", "db"])
    assert result.exit_code == 0
    assert f"bytes from {db.ip}" in result.stdout
    _, result = e.exec("web", ["ping", "-c", "1", "172.18.0.1"])
    assert result.exit_code == 0
    _, result = e.exec("lone", ["ping", "-c", "1", db.ip])
    assert result.exit_code != 0
    _, result = e.exec("lone", ["ping", "-c", "1", "172.17.0.1"])
    assert result.exit_code == 0
