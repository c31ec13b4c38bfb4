"""Record user-defined network sessions (create, ls, inspect, rm, connect, disconnect, run
modes, embedded DNS, links and ports on user networks) against a private real daemon.

Usage (as root, on a machine with Docker 20.10's ``dockerd``)::

    python -m tests.daemon.record_networks --out tests/data/daemon/20.10/networks

writes ``OUT/cli-20.10/NAME.json`` and ``OUT/cli-28.2/NAME.json`` for every script of
:data:`SCRIPTS` (the format of :mod:`tests.daemon.recsteps`). Each script starts from a clean
state: no containers, no user-defined networks, the daemon restarted.

Safety: containers run only ``cat``, ``env``, ``hostname``, ``getent hosts`` (the harness's,
which reads ``/etc/hosts`` only) and ``nslookup`` of the session's own container names and
aliases. Every container that runs ``nslookup`` is started with ``--dns 127.0.0.1``, so a
name the embedded DNS server does not know (asked on purpose: a container on another
network) is forwarded to the loopback address, where nothing answers, and no query leaves
the machine. No explicit subnet is in 10.0.0.0/8 or the host's own networks; the subnets
named by hand are in 198.18.0.0/15 (RFC 2544), the rest come from the default pools.

Importing this module does nothing.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from tests.daemon.recsteps import CLIS, Cli, Script, run_scripts

__all__ = ["SCRIPTS", "main"]

WEB = "training/webapp"
PG = "training/postgres"
_NETS = "{{range $k, $v := .NetworkSettings.Networks}}{{$k}}={{$v.IPAddress}} {{end}}"
_SUBNET = "{{.Name}} {{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}}"


def _cli(*lines: str) -> tuple[Cli, ...]:
    return tuple(Cli(line) for line in lines)


_POOL = tuple(f"p{n:02d}" for n in range(1, 19))

SCRIPTS: tuple[Script, ...] = (
    Script(
        "create-basic",
        "network create (plain, -d bridge, name conflicts, odd names) and network ls forms",
        _cli(
            "network ls",
            "network create front",
            "network ls",
            "network create back",
            "network create -d bridge third",
            "network ls",
            "network ls -q",
            "network ls --no-trunc",
            "network ls --filter driver=bridge",
            "network ls --filter name=front",
            "network ls --filter type=custom",
            "network ls --format '{{.Name}} {{.Driver}} {{.Scope}}'",
            "network ls --format '{{json .}}'",
            "network create front",
            "network create FRONT",
            "network create 'bad name'",
            "network create -d nosuchdriver fourth",
            f"network inspect -f '{_SUBNET}' front back third FRONT",
            "network create",
            "network create a b",
        ),
        section="create",
    ),
    Script(
        "create-pool-order",
        "which subnets the default address pools give to plain network create, in order, and "
        "which a removed network's subnet goes to",
        (
            *(Cli(f"network create {name}") for name in _POOL),
            Cli(f"network inspect -f '{_SUBNET}' {' '.join(_POOL)}"),
            Cli("network rm p03"),
            Cli("network create p19"),
            Cli("network rm p05 p06"),
            Cli("network create p20"),
            Cli("network create p21"),
            Cli("network create p22"),
            Cli(f"network inspect -f '{_SUBNET}' p19 p20 p21 p22"),
            Cli("network ls"),
        ),
        section="create",
    ),
    Script(
        "create-subnets",
        "network create --subnet/--gateway/--ip-range/--internal; invalid and overlapping "
        "subnets; a plain create after an explicit subnet inside the default pool",
        _cli(
            "network create --subnet 198.18.0.0/24 s1",
            "network create --subnet 198.18.1.0/24 --gateway 198.18.1.254 s2",
            "network create --subnet 198.18.2.0/24 --ip-range 198.18.2.128/25 s3",
            "network create --internal int1",
            "network create --internal --subnet 198.18.3.0/24 int2",
            "network create --subnet 172.18.0.0/16 pre18",
            "network create plain1",
            "network inspect -f '{{.Name}} {{.Internal}} {{json .IPAM}}' "
            "s1 s2 s3 int1 int2 pre18 plain1",
            "network create --subnet 198.18.9.0/33 bad1",
            "network create --subnet foo bad2",
            "network create --subnet 198.18.9.1/24 bad3",
            "network create --subnet 198.18.9.0/24 --gateway 198.18.10.1 bad4",
            "network create --gateway 198.18.9.1 bad5",
            "network create --ip-range 198.18.9.0/25 bad6",
            "network create --subnet 198.18.9.0/24 --gateway foo bad7",
            "network create --subnet 198.18.9.0/24 --ip-range 198.18.8.0/25 bad8",
            "network create --subnet 198.18.0.0/23 ov1",
            "network create --subnet 198.18.0.128/25 ov2",
            "network create --subnet 198.18.0.0/24 ov3",
            "network create --subnet 172.17.0.0/16 ov4",
            "network create --subnet 172.17.5.0/24 ov5",
            "network create --subnet 172.18.0.0/16 ov6",
            "network ls",
            "run -d --name i1 --network int1 training/webapp",
            "inspect -f '{{json .NetworkSettings.Networks}}' i1",
            "exec i1 cat /etc/hosts",
            "exec i1 cat /etc/resolv.conf",
            "run -d --name i2 --network int1 -p 8080:5000 training/webapp",
            "port i2",
            "inspect -f '{{json .NetworkSettings.Ports}}' i2",
        ),
        section="create",
    ),
    Script(
        "create-explicit-in-pool",
        "plain network create after networks with explicit subnets inside the default pools "
        "(172.19.0.0/16, 172.21.0.0/24, 192.168.0.0/24): which subnets come next; a subnet "
        "given with host bits set",
        _cli(
            "network create --subnet 172.19.0.0/16 pre19",
            "network create --subnet 172.21.0.0/24 pre21",
            "network create q1",
            "network create q2",
            "network create q3",
            "network create q4",
            "network create --subnet 198.18.9.1/24 hostbits",
            f"network inspect -f '{_SUBNET}' pre19 pre21 q1 q2 q3 q4 hostbits",
            "network inspect -f '{{json .IPAM.Config}}' hostbits",
            "network rm q1 q2 q3 q4",
            "network create --subnet 192.168.0.0/24 pre192",
            *(f"network create r{n}" for n in range(1, 15)),
            f"network inspect -f '{_SUBNET}' pre192 {' '.join(f'r{n}' for n in range(1, 15))}",
        ),
        section="create",
    ),
    Script(
        "inspect-rm",
        "network inspect of one, several, missing, -f templates, the predefined networks; "
        "network rm in use, missing, predefined, and of a network a stopped container is on",
        _cli(
            "network create front",
            "network create back",
            f"run -d --name web --network front {WEB}",
            "network inspect front",
            "network inspect front back",
            "network inspect nope",
            "network inspect front nope",
            "network inspect nope front",
            "network inspect -f '{{.Name}}' front back",
            "network inspect -f '{{json .Containers}}' front",
            "network inspect -f '{{json .Options}} {{json .Labels}} {{.EnableIPv6}}' front",
            "network inspect -f '{{range $k, $v := .Containers}}{{$v.Name}} {{$v.IPv4Address}} "
            "{{$v.MacAddress}}{{end}}' front",
            "network inspect bridge",
            "network inspect host none",
            "network inspect -f '{{.Name}} {{.Driver}} {{.Scope}} {{json .IPAM.Config}}' "
            "bridge host none",
            "network rm front",
            "network rm nope",
            "network rm bridge",
            "network rm host",
            "network rm none",
            "network rm back nope",
            "network ls",
            "stop web",
            "network rm front",
            "start web",
            "ps -a",
            "inspect -f '{{.HostConfig.NetworkMode}} {{json .NetworkSettings.Networks}}' web",
            "network ls",
        ),
        section="inspect",
    ),
    Script(
        "connect-disconnect",
        "network connect (--alias, --ip, --link, again, missing, bridge/host/none) and "
        "network disconnect (again, missing, the last network), a stopped container",
        _cli(
            "network create front",
            "network create back",
            "network create --subnet 198.18.0.0/24 fixed",
            f"run -d --name web --network front {WEB}",
            f"run -d --name db --network front {PG}",
            "network connect --alias wa --alias webalt back web",
            "inspect -f '{{json .NetworkSettings.Networks}}' web",
            "network connect --ip 198.18.0.50 fixed web",
            "inspect -f '{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{$v.IPAddress}} "
            '{{json $v.Aliases}} {{json $v.IPAMConfig}}{{"\\n"}}{{end}}\' web',
            "network connect --ip 172.30.0.9 back db",
            "network connect --ip 198.18.1.5 fixed db",
            "network connect --ip 198.18.0.50 fixed db",
            "network connect back web",
            "network connect nope web",
            "network connect back nope",
            "network connect --link db:dbl front web",
            "network connect --link db:dbl back web",
            f"run -d --name c2 --network back {WEB}",
            "network connect --link db:dbl front c2",
            "inspect -f '{{json .NetworkSettings.Networks.front.Links}} "
            "{{json .NetworkSettings.Networks.front.Aliases}}' c2",
            "exec c2 cat /etc/hosts",
            "network connect --link nope:x front c2",
            "network connect bridge web",
            "inspect -f '{{json .NetworkSettings.Networks}}' web",
            "exec web cat /etc/hosts",
            "network connect --alias onbridge bridge c2",
            "network disconnect back web",
            "network disconnect back web",
            "network disconnect nope web",
            "network disconnect back nope",
            "network disconnect front web",
            "network disconnect fixed web",
            "network disconnect bridge web",
            "inspect -f '{{.HostConfig.NetworkMode}} {{json .NetworkSettings.Networks}}' web",
            "exec web cat /etc/hosts",
            "network connect host web",
            "network connect none web",
            f"run -d --name solo --network none {WEB}",
            "network connect front solo",
            "network disconnect none solo",
            "network connect front solo",
            f"run -d --name hosty --network host {WEB}",
            "network connect front hosty",
            "network disconnect host hosty",
            "stop db",
            "network connect back db",
            "inspect -f '{{json .NetworkSettings.Networks}}' db",
            "start db",
            "inspect -f '{{json .NetworkSettings.Networks}}' db",
            "network disconnect -f back db",
            "ps -a",
        ),
        section="connect",
    ),
    Script(
        "run-modes",
        "docker run --network NAME|bridge|default|host|none|container:X, --network-alias, "
        "--ip, errors; inspect and ps of each",
        _cli(
            "network create front",
            "network create --subnet 198.18.0.0/24 fixed",
            f"run -d --name a --network front {WEB}",
            f"run -d --name na --network front {WEB}",
            f"run -d --name nb --network bridge {WEB}",
            f"run -d --name nh --network host {WEB}",
            f"run -d --name nn --network none {WEB}",
            f"run -d --name nc --network container:na {WEB}",
            f"run -d --name nd --network default {WEB}",
            f"run -d --name cid --network container:@{{short:nb}} {WEB}",
            "inspect -f '{{.Name}} {{.HostConfig.NetworkMode}} {{json .NetworkSettings.Networks}}'"
            " na nb nh nn nc nd cid",
            "inspect -f '{{.Name}} {{.Config.Hostname}} {{.Config.Domainname}} "
            "{{.HostnamePath}} {{.HostsPath}}' na nc nh nn",
            "exec na hostname",
            "exec nc hostname",
            "exec na cat /etc/hosts",
            "exec nc cat /etc/hosts",
            "exec nn cat /etc/hosts",
            "exec nn cat /etc/resolv.conf",
            "exec na cat /etc/resolv.conf",
            "exec nc cat /etc/resolv.conf",
            "exec nb cat /etc/resolv.conf",
            "inspect nc",
            "inspect nn",
            "ps",
            "ps --format '{{.Names}}|{{.Networks}}|{{.Ports}}'",
            f"run -d --network nope {WEB}",
            f"run -d --network container:nope {WEB}",
            f"run -d --network front --network bridge {WEB}",
            f"run -d --network front --network fixed {WEB}",
            f"run -d --network host --network front {WEB}",
            f"run -d --network Bridge {WEB}",
            f"run -d --network-alias x {WEB}",
            f"run -d --network host --network-alias x {WEB}",
            f"run -d --name ne --network front --network-alias fa --network-alias fb {WEB}",
            "inspect -f '{{json .NetworkSettings.Networks.front.Aliases}}' ne",
            f"run -d --ip 172.17.0.50 {WEB}",
            f"run -d --network front --ip 172.18.0.50 {WEB}",
            f"run -d --name nf --network fixed --ip 198.18.0.50 {WEB}",
            f"run -d --name f2 --network fixed --ip 198.18.0.50 {WEB}",
            f"run -d --name f3 --network fixed --ip 198.18.5.5 {WEB}",
            f"run -d --name f4 --network fixed --ip nope {WEB}",
            "inspect -f '{{json .NetworkSettings.Networks}}' nf",
            f"run -d --name h2 --network host --hostname other {WEB}",
            f"run -d --name c3 --network container:na --hostname other {WEB}",
            f"run -d --name c4 --network container:na --dns 127.0.0.1 {WEB}",
            f"run -d --name c5 --network container:na --add-host x:127.0.0.1 {WEB}",
            f"run -d --name c6 --network container:na --mac-address 02:42:ac:11:00:99 {WEB}",
            f"run -d --name l1 --network container:na --link nb:bb {WEB}",
            f"run -d --name l2 --network host --link nb:bb {WEB}",
            f"run -d --name l3 --network none --link nb:bb {WEB}",
            "ps -a --format '{{.Names}}|{{.Status}}|{{.Networks}}'",
        ),
        section="run",
    ),
    Script(
        "ports-modes",
        "-p and -P on a user network, with --network host (the warning), none, container:X; "
        "docker port, ps, inspect",
        _cli(
            "network create front",
            f"run -d --name up --network front -p 8080:5000 {WEB}",
            "port up",
            f"run -d --name upp --network front -P {WEB}",
            "port upp",
            "ps",
            "inspect -f '{{json .NetworkSettings.Ports}}' up upp",
            "inspect up",
            f"run -d --name hp --network host -p 8081:5000 {WEB}",
            "port hp",
            "inspect -f '{{json .HostConfig.PortBindings}} {{json .NetworkSettings.Ports}} "
            "{{json .Config.ExposedPorts}}' hp",
            f"run -d --name hP --network host -P {WEB}",
            "port hP",
            f"create --name hc --network host -p 8084:5000 {WEB}",
            f"run --rm --network host -p 8085:5000 {WEB} true",
            f"run -d --name np --network none -p 8082:5000 {WEB}",
            "port np",
            "inspect -f '{{json .HostConfig.PortBindings}} {{json .NetworkSettings.Ports}}' np",
            f"run -d --name nP --network none -P {WEB}",
            "port nP",
            f"run -d --name cp --network container:up -p 8083:5000 {WEB}",
            f"run -d --name cP --network container:up -P {WEB}",
            f"run -d --name ce --network container:up --expose 6000 {WEB}",
            f"run -d --name cn --network container:up {WEB}",
            "port cn",
            "inspect -f '{{json .NetworkSettings.Ports}} {{json .HostConfig.PortBindings}}' cn",
            "ps -a",
            "network connect bridge up",
            "port up",
            "inspect -f '{{json .NetworkSettings.Ports}}' up",
            "network disconnect front up",
            "port up",
            "ps",
        ),
        section="ports",
    ),
    Script(
        "dns",
        "the embedded DNS server on a user network: names, --network-alias, link aliases, "
        "short IDs, name.network, a name on another network; /etc/hosts, resolv.conf, env",
        _cli(
            "network create front",
            "network create back",
            f"run -d --name web --network front --network-alias webalias {WEB}",
            f"run -d --name db --network front {PG}",
            f"run -d --name other --network back {PG}",
            f"run -d --name client --network front --link db:dbalias --dns 127.0.0.1 {WEB}",
            f"run -d --name client2 --network front --dns 127.0.0.1 {WEB}",
            "exec client cat /etc/hosts",
            "exec client cat /etc/resolv.conf",
            "exec web cat /etc/resolv.conf",
            "exec web cat /etc/hosts",
            "exec client env",
            "exec client hostname",
            "exec client nslookup web",
            "exec client nslookup webalias",
            "exec client nslookup db",
            "exec client nslookup dbalias",
            "exec client nslookup @{short:web}",
            "exec client nslookup web.front",
            "exec client nslookup client",
            "exec client nslookup other",
            "exec client nslookup @{id:web}",
            "exec client2 nslookup dbalias",
            "exec client2 nslookup webalias",
            "exec client getent hosts web",
            "exec client getent hosts dbalias",
            "exec client getent hosts client",
            "exec client getent hosts @{short:client}",
            "network connect back client",
            "exec client nslookup other",
            "exec client cat /etc/hosts",
            "inspect -f '{{json .NetworkSettings.Networks}}' client",
            "inspect client",
            "inspect -f '{{.HostConfig.NetworkMode}}' client web",
            "ps",
        ),
        section="dns",
    ),
    Script(
        "hosts-extras",
        "a container's own /etc/hosts lines with --domainname, --hostname, --add-host (an "
        "address, host-gateway) on the default bridge and on a user network, beside its "
        "inspect document",
        _cli(
            "network create front",
            f"run -d --name web --domainname example.com --add-host x:1.2.3.4 "
            f"--add-host hg:host-gateway {WEB}",
            f"run -d --name db --hostname dbhost --domainname example.org {PG}",
            f"run -d --name app --network front --add-host x:1.2.3.4 --add-host "
            f"hg:host-gateway --link db:dbl {WEB}",
            "network connect bridge app",
            "exec web cat /etc/hosts",
            "exec db cat /etc/hosts",
            "exec app cat /etc/hosts",
            "inspect web",
            "inspect db",
            "inspect app",
        ),
        section="dns",
    ),
    Script(
        "links-user-net",
        "--link on a user network (DNS alias, no env, no hosts line), to a container on no "
        "shared network, from the default bridge to a user-network container, to a stopped "
        "container; rm -l of such a link",
        _cli(
            "network create front",
            "network create back",
            f"run -d --name db --network front {PG}",
            f"run -d --name web --network front --link db:dbalias --dns 127.0.0.1 {WEB}",
            "exec web env",
            "exec web cat /etc/hosts",
            "exec web nslookup dbalias",
            "exec web nslookup db",
            "inspect -f '{{json .HostConfig.Links}} {{json .NetworkSettings.Networks.front.Links}}"
            "' web",
            f"run -d --name lonely {PG}",
            f"run -d --name w2 --network front --link lonely:l {WEB}",
            "ps -a --format '{{.Names}}|{{.Status}}'",
            f"run -d --name w3 --network back --link db:d {WEB}",
            f"run -d --name w4 --link db:d {WEB}",
            f"run -d --name w5 --network front --link nope:x {WEB}",
            "stop db",
            f"run -d --name w6 --network front --link db:d {WEB}",
            "start db",
            "restart web",
            "exec web nslookup dbalias",
            "rm -l web/dbalias",
            "rm -l /web/dbalias",
            "inspect -f '{{json .HostConfig.Links}} {{json .NetworkSettings.Networks.front.Links}}"
            "' web",
            "exec web nslookup dbalias",
            "ps -a --format '{{.Names}}|{{.Status}}'",
        ),
        section="links",
    ),
    Script(
        "restart-address",
        "the address of a container on a user network across restart, and across stop/start "
        "while another container took its address; docker ps; the whole inspect document",
        _cli(
            "network create front",
            f"run -d --name ra --network front {WEB}",
            f"run -d --name rb --network front {WEB}",
            f"inspect -f '{{{{.Name}}}} {_NETS}' ra rb",
            "restart ra",
            f"inspect -f '{{{{.Name}}}} {_NETS}' ra rb",
            "stop ra",
            f"run -d --name rc --network front {WEB}",
            "start ra",
            f"inspect -f '{{{{.Name}}}} {_NETS}' ra rb rc",
            "exec ra cat /etc/hosts",
            "stop ra rb rc",
            "start rc rb ra",
            f"inspect -f '{{{{.Name}}}} {_NETS}' ra rb rc",
            f"run -d --name rd {WEB}",
            "network connect front rd",
            "restart rd",
            f"inspect -f '{{{{.Name}}}} {_NETS}' rd",
            "ps",
            "inspect ra",
        ),
        section="restart",
    ),
)


def main(argv: Sequence[str] | None = None) -> int:
    """The command line (see the module docs)."""
    parser = argparse.ArgumentParser(
        prog="python -m tests.daemon.record_networks", description=__doc__
    )
    parser.add_argument("--out", type=Path, default=Path("tests/data/daemon/20.10/networks"))
    parser.add_argument("--root", default="/tmp/dlrec/nw", help="the private daemon's root")
    parser.add_argument("--cli", action="append", choices=sorted(CLIS), help="default: both")
    parser.add_argument("--only", action="append", default=[], help="script names")
    args = parser.parse_args(argv)
    return run_scripts(
        SCRIPTS,
        out=args.out,
        root=args.root,
        clis=args.cli or sorted(CLIS),
        only=args.only,
        command="python -m tests.daemon.record_networks",
    )


if __name__ == "__main__":
    raise SystemExit(main())
