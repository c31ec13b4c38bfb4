"""The docker CLI model's network commands and network flags, per CLI release.

Expected texts are the recorded CLIs' (tests/data/daemon/20.10/networks/cli-{20.10,28.2}/, the
file and step named) or docker/cli's sources where nothing recorded them (the path named).
"""

from __future__ import annotations

import shlex

import pytest

from dockerlinks.client import Result, Session, docker
from dockerlinks.engine import Engine
from dockerlinks.profiles import get_profile

CLI_20 = get_profile("20.10")
CLI_28 = get_profile("20.10", cli="28.2")


def session(profile: object = CLI_20) -> Session:
    return Session(Engine.new(profile=profile, seed=3))  # type: ignore[arg-type]


def play(s: Session, *lines: str) -> tuple[Session, list[Result]]:
    results = []
    for line in lines:
        s, result = docker(s, shlex.split(line))
        results.append(result)
    return s, results


def test_create_ls_rm() -> None:
    # create-basic.json #0-12
    s, (created, listed, quiet, filtered) = play(
        session(),
        "network create front",
        "network ls",
        "network ls -q",
        "network ls --filter driver=bridge --format {{.Name}}",
    )
    assert len(created.stdout.strip()) == 64
    assert listed.stdout.splitlines()[0] == "NETWORK ID     NAME      DRIVER    SCOPE"
    assert [line.split()[1] for line in listed.stdout.splitlines()[1:]] == [
        "bridge",
        "front",
        "host",
        "none",
    ]
    assert len(quiet.stdout.splitlines()) == 4
    assert filtered.stdout == "bridge\nfront\n"
    s, (removed, missing, builtin) = play(
        s, "network rm front", "network rm nope", "network rm host"
    )
    assert removed.stdout == "front\n"
    assert (missing.stderr, missing.exit) == ("Error: No such network: nope\n", 1)
    assert builtin.stderr == (
        "Error response from daemon: host is a pre-defined network and cannot be removed\n"
    )


def test_rm_status_line_of_the_28_cli() -> None:
    # inspect-rm.json #16, #20 with the 28.2 CLI
    _, (result,) = play(session(CLI_28), "network rm bridge nope")
    assert result.stderr == (
        "Error response from daemon: bridge is a pre-defined network and cannot be removed\n"
        "Error response from daemon: network nope not found\nexit status 1\n"
    )
    _, (forced,) = play(session(CLI_28), "network rm -f nope")
    assert (forced.stderr, forced.exit) == ("", 0)


def test_ls_format_json_and_filters() -> None:
    s, _ = play(session(CLI_28), "network create front")
    _, (result, bad, odd) = play(
        s, "network ls --format '{{json .}}'", "network ls -f colour=red", "network ls -f nope"
    )
    first = result.stdout.splitlines()[0]
    assert first.startswith('{"CreatedAt":"2026-01-01 00:00:00 +0000 UTC","Driver":"bridge"')
    assert '"IPv4":"false","IPv6":"false"' in first
    assert bad.stderr == "Error response from daemon: Invalid filter 'colour'\n"
    assert odd.exit == 125
    assert odd.stderr.startswith('invalid argument "nope" for "-f, --filter" flag: bad format')
    _, (wrong,) = play(s, "network ls --format {{.Nope}}")
    assert wrong.exit == 1


def test_inspect() -> None:
    # inspect-rm.json #5-8
    s, _ = play(session(), "network create front")
    _, (both, named, bad) = play(
        s,
        "network inspect front nope",
        "network inspect -f {{.Name}} front",
        "network inspect -f '{{' front",
    )
    assert both.stdout.startswith('[\n    {\n        "Name": "front",')
    assert (both.stderr, both.exit) == ("Error: No such network: nope\n", 1)
    assert named.stdout == "front\n"
    assert bad.exit == 64
    _, (modern,) = play(session(CLI_28), "network inspect nope")
    assert (modern.stdout, modern.stderr) == (
        "[]\n",
        "Error response from daemon: network nope not found\n",
    )
    _, (missing_key,) = play(s, "network inspect -f {{.Nope}} front")
    assert missing_key.exit == 1


@pytest.mark.parametrize(
    ("flags", "error"),
    [
        # create-subnets.json #11-15
        (
            "--subnet 198.18.9.0/24 --gateway 198.18.10.1",
            "no matching subnet for gateway 198.18.10.1",
        ),
        ("--gateway 198.18.9.1", "every ip-range or gateway must have a corresponding subnet"),
        ("--ip-range 198.18.9.0/25", "every ip-range or gateway must have a corresponding subnet"),
        ("--subnet 198.18.9.0/24 --gateway foo", "no matching subnet for gateway foo"),
        (
            "--subnet 198.18.9.0/24 --ip-range 198.18.8.0/25",
            "no matching subnet for range 198.18.8.0/25",
        ),
        # docker/cli v20.10.24 cli/command/network/create.go consolidateIpam
        (
            "--subnet 10.1.0.0/16,10.1.2.0/24",
            "multiple overlapping subnet configuration is not supported",
        ),
        ("--subnet foo --gateway 10.0.0.1", "invalid subnet: invalid CIDR address: foo"),
        ("--subnet 10.0.0.0/24 --ip-range 10.0.0.0/99", "invalid CIDR address: 10.0.0.0/99"),
        (
            "--subnet 10.0.0.0/24,10.1.0.0/24 --ip-range 10.0.0.0/25 --ip-range 10.0.0.128/25",
            "cannot configure multiple ranges (10.0.0.128/25, 10.0.0.0/25) on the same subnet "
            "(10.0.0.0/24)",
        ),
        (
            "--subnet 10.0.0.0/24,10.1.0.0/24 --gateway 10.0.0.1 --gateway 10.0.0.2",
            "cannot configure multiple gateways (10.0.0.2, 10.0.0.1) for the same subnet "
            "(10.0.0.0/24)",
        ),
        ("--subnet 10.1.0.0/16,10.2.0.0/16", "dockerlinks: a network with several subnets"),
        ("--subnet 198.18.9.0/33", "Error response from daemon: Invalid subnet 198.18.9.0/33"),
        ("-d overlay", "dockerlinks: the overlay network driver is not modelled"),
    ],
)
def test_create_refusals(flags: str, error: str) -> None:
    _, (result,) = play(session(), f"network create {flags} bad")
    assert result.stderr.startswith(error)
    assert result.exit in (1, 125)


def test_create_options_and_labels() -> None:
    s, _ = play(
        session(), "network create -o com.example.x=1 --label tier=web --label solo --internal n"
    )
    doc = s.engine.inspect_network("n")
    assert (doc["Options"], doc["Labels"], doc["Internal"]) == (
        {"com.example.x": "1"},
        {"solo": "", "tier": "web"},
        True,
    )
    _, (listed,) = play(s, "network ls --format {{.Labels}}|{{.Internal}} -f type=custom")
    assert listed.stdout == "solo=,tier=web|true\n"


def test_connect_disconnect() -> None:
    # connect-disconnect.json #5-16
    s, results = play(
        session(),
        "network create front",
        "network create back",
        "run -d --name web --network front training/webapp",
        "network connect --alias wa,webalt back web",
        "network connect back web",
        "network disconnect back web",
        "network disconnect back web",
        "network connect --driver-opt x back web",
        "network connect --driver-opt a=b back web",
        "network connect back nope",
    )
    assert [r.exit for r in results[3:]] == [0, 1, 0, 1, 1, 2, 1]
    assert results[4].stderr == (
        "Error response from daemon: endpoint with name web already exists in network back\n"
    )
    assert results[6].stderr.endswith("is not connected to network back\n")
    assert results[7].stderr == "invalid key/value pair format in driver options\n"
    assert results[9].stderr == "Error response from daemon: No such container: nope\n"
    _, (gone,) = play(s, "network disconnect back nope")
    assert gone.stderr == "Error response from daemon: No such container: nope\n"


def test_run_network_flags() -> None:
    # run-modes.json #27, #31-32, #44, #47; ports-modes.json #8
    s, (conflict, alias, host_alias, dns, link, ports) = play(
        session(),
        "run -d --network front --network bridge training/webapp",
        "run -d --network-alias x training/webapp",
        "run -d --network host --network-alias x training/webapp",
        "run -d --name c4 --network container:nope --dns 127.0.0.1 training/webapp",
        "run -d --network none --link x:y training/webapp",
        "run -d --name hp --network host -p 8081:5000 training/webapp",
    )
    assert conflict.stderr == (
        "docker: conflicting options: cannot attach both user-defined and non-user-defined "
        "network-modes.\nSee 'docker run --help'.\n"
    )
    assert alias.exit == 0  # v20.10 drops --network-alias without --network
    assert host_alias.stderr.startswith("docker: network-scoped aliases are only supported")
    assert dns.stderr == (
        "WARNING: Localhost DNS setting (--dns=127.0.0.1) may fail in containers.\n"
        "docker: Error response from daemon: conflicting options: dns and the network mode.\n"
        "See 'docker run --help'.\n"
    )
    assert link.stderr.startswith("docker: links are only supported for user-defined networks")
    assert ports.stderr == "WARNING: Published ports are discarded when using host network mode\n"
    _, (created,) = play(s, "create --name hc --network host -p 8084:5000 training/webapp")
    assert created.stderr == ports.stderr
    _, (attached,) = play(s, "run --rm --network host -p 8085:5000 training/webapp true")
    assert (attached.stderr, attached.exit) == (ports.stderr, 0)
    _, (twice,) = play(s, "run -d --network front --network front training/webapp")
    assert twice.stderr.startswith('docker: network "front" is specified multiple times')
    _, (advanced,) = play(s, "run -d --network name=front,alias=x training/webapp")
    assert advanced.stderr.startswith("dockerlinks: --network with per-network options")


def test_the_28_cli_network_flags() -> None:
    # run-modes.json #31, #35, #44, #46 with the 28.2 CLI; dns.json #5
    _, results = play(
        session(CLI_28),
        "network create front",
        "run -d --network-alias x training/webapp",
        "run -d --name c6 --mac-address 02:42:ac:11:00:99 training/webapp",
        "create --name c7 --mac-address 02:42:ac:11:00:99 training/webapp",
        "run -d --name dd --network front --dns 127.0.0.1 training/webapp",
        "run -d --name d2 --network container:nope --dns 127.0.0.1 training/webapp",
        "run -d --name l2 --network host --link dd:bb training/webapp",
    )
    alias, mac, mac_create, dns, dns_failed, host_link = results[1:]
    assert alias.stderr.startswith("docker: network-scoped aliases are only supported")
    assert mac.stderr.startswith(
        'docker: "specify mac-address per network" requires API version 1.44, but the Docker '
        "daemon API version is 1.41\n\n"
    )
    assert mac_create.stderr.startswith('"specify mac-address per network" requires API')
    assert dns.stderr == "WARNING: Localhost DNS (127.0.0.1) may fail in containers.\n"
    assert "Localhost" not in dns_failed.stderr
    assert host_link.stderr.startswith(
        "docker: Error response from daemon: conflicting options: host type networking"
    )


def test_dns_flag_values() -> None:
    _, (bad, good) = play(
        session(),
        "run -d --dns nope training/webapp",
        "run -d --name d1 --dns 10.0.0.1 --dns ::ffff:10.0.0.2 training/webapp",
    )
    assert bad.stderr.startswith('invalid argument "nope" for "--dns" flag: nope is not an ip')
    assert good.exit == 0
    assert good.stderr == ""


def test_ps_networks_column() -> None:
    # run-modes.json #24
    s, _ = play(
        session(),
        "network create front",
        "run -d --name na --network front training/webapp",
        "run -d --name nc --network container:na training/webapp",
        "run -d --name nh --network host training/webapp",
    )
    _, (listed,) = play(s, "ps --format '{{.Names}}|{{.Networks}}|{{.Ports}}'")
    assert listed.stdout == "nh|host|\nnc||\nna|front|5000/tcp\n"


def test_network_group_usage() -> None:
    # create-basic.json #18-19; cobra's NoArgs with subcommands (docker/cli cli/required.go)
    _, (none, two) = play(session(), "network create", "network create a b")
    assert none.stderr.startswith('"docker network create" requires exactly 1 argument.')
    assert two.stderr == none.stderr
    _, (modern,) = play(session(CLI_28), "network create")
    assert modern.stderr.startswith("docker: 'docker network create' requires 1 argument")
    _, (unknown, prune, bare, helped) = play(
        session(), "network frob", "network prune", "network", "network ls --help"
    )
    assert unknown.stderr.startswith("\nUsage:  docker network COMMAND\n\nManage networks")
    assert unknown.exit == 1
    assert prune.stderr.startswith("dockerlinks: docker network prune is not modelled")
    assert bare.stderr.startswith("dockerlinks:")
    assert helped.stdout == "Usage:  docker network ls [OPTIONS]\n\nList networks\n"
    _, (modern_unknown,) = play(session(CLI_28), "network frob")
    assert modern_unknown.stderr.startswith("docker: unknown command: docker network frob")


def test_rm_link_trims_slashes() -> None:
    # links-user-net.json #21: the CLI trims the argument, link names too
    s, _ = play(session(), "run -d --name db training/postgres")
    _, (result,) = play(s, "rm -l /web/db")
    assert result.stderr == "Error: No such container: web/db\n"
