"""Networks in the engine: pools, create/rm/ls/inspect, network modes, connect/disconnect.

Expected values are Docker 20.10.24's answers, recorded in
tests/data/daemon/20.10/networks/cli-*/ (the file and step are named), or moby's sources where
no recording shows the rule (the source is named); properties pin the rules on any input.
"""

from __future__ import annotations

import ipaddress

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dockerlinks.engine import (
    ConflictError,
    ContainerConfig,
    CreateRequest,
    EndpointConfig,
    Engine,
    EngineError,
    Network,
    NetworkRequest,
    NoSuchContainerError,
)
from dockerlinks.engine.gotemplate import render_template
from dockerlinks.engine.inspect import typed_document, typed_network_document
from dockerlinks.engine.ipam import Ipam
from dockerlinks.engine.network import (
    DEFAULT_POOLS,
    filter_networks,
    find_network,
    is_user_defined,
    make_pool,
    parse_subnet,
    pick_pool,
)
from dockerlinks.errors import IpamError
from dockerlinks.profiles import get_profile

WEB = "training/webapp"
PG = "training/postgres"


def engine(profile: str = "20.10") -> Engine:
    return Engine.new(profile=profile, seed=5)


def net(e: Engine, name: str, **kw: object) -> Engine:
    e, _ = e.create_network(NetworkRequest(name, **kw))  # type: ignore[arg-type]
    return e


def run(e: Engine, name: str, *networks: str, image: str = WEB, **kw: object) -> Engine:
    e, _ = e.run(ContainerConfig(image, name=name, networks=networks, detach=True, **kw))  # type: ignore[arg-type]
    return e


def subnets(e: Engine) -> dict[str, str]:
    return {n.name: n.subnet for n in e.networks if not n.predefined}


# ----------------------------------------------------------------------------- pools


def test_default_pools_in_dockers_order() -> None:
    # create-pool-order.json #18: 172.18 ... 172.31, then 192.168.0.0/20 in /20 steps
    e = engine()
    for n in range(1, 19):
        e = net(e, f"p{n:02d}")
    got = subnets(e)
    assert [got[f"p{n:02d}"] for n in (1, 14, 15, 16, 18)] == [
        "172.18.0.0/16",
        "172.31.0.0/16",
        "192.168.0.0/20",
        "192.168.16.0/20",
        "192.168.48.0/20",
    ]
    assert e.find_network("p01").gateway == "172.18.0.1"  # type: ignore[union-attr]
    # #19-25: a removed network's pool is not reused at once (next-fit)
    e = e.remove_network("p03")
    e = net(e, "p19")
    assert subnets(e)["p19"] == "192.168.64.0/20"


def test_lowest_free_from_v27() -> None:
    # moby v27.0.1 libnetwork/ipams/defaultipam (moby/moby#47768): the lowest free pool
    e = net(net(engine("27.1"), "a"), "b").remove_network("a")
    assert subnets(net(e, "c"))["c"] == "172.18.0.0/16"


def test_explicit_subnets_inside_the_pools_are_skipped() -> None:
    # create-explicit-in-pool.json #7: 172.19.0.0/16 and 172.21.0.0/24 taken by hand
    e = net(net(engine(), "pre19", subnet="172.19.0.0/16"), "pre21", subnet="172.21.0.0/24")
    for name in ("q1", "q2", "q3", "q4"):
        e = net(e, name)
    got = subnets(e)
    assert [got[n] for n in ("q1", "q2", "q3", "q4")] == [
        "172.18.0.0/16",
        "172.20.0.0/16",
        "172.22.0.0/16",
        "172.23.0.0/16",
    ]
    # #7-8: the subnet keeps its host bits, no gateway shown
    e = net(e, "hostbits", subnet="198.18.9.1/24")
    doc = e.inspect_network("hostbits")
    assert doc["IPAM"]["Config"] == [{"Subnet": "198.18.9.1/24"}]


def test_the_pools_run_out() -> None:
    e = engine()
    for n in range(len(DEFAULT_POOLS) - 1):
        e = net(e, f"n{n}")
    with pytest.raises(EngineError) as exc:
        net(e, "last")
    assert exc.value.docker_message.startswith("could not find an available, non-overlapping")
    v27 = engine("27.1")
    for n in range(len(DEFAULT_POOLS) - 1):
        v27 = net(v27, f"n{n}")
    with pytest.raises(EngineError, match="all predefined address pools have been fully subnetted"):
        net(v27, "last")


def test_pick_pool_wraps_around() -> None:
    taken = [ipaddress.IPv4Network(DEFAULT_POOLS[i]) for i in (0, 30)]
    assert pick_pool(taken, 30, "next-fit") == (1, 0)  # 30 + 3 is past the end: 0
    assert pick_pool([ipaddress.IPv4Network("0.0.0.0/0")], 0, "next-fit") is None
    assert pick_pool([], 99, "lowest-free") == (0, 0)


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        # create-basic.json #13, #16; create-subnets.json #5, #8-9, #16-21
        (NetworkRequest("front"), "network with name front already exists"),
        (NetworkRequest("x", driver="nosuchdriver"), 'plugin "nosuchdriver" not found'),
        (NetworkRequest("x", subnet="172.18.0.0/16"), "Pool overlaps with other one"),
        (NetworkRequest("x", subnet="172.17.5.0/24"), "Pool overlaps with other one"),
        (
            NetworkRequest("x", subnet="198.18.9.0/33"),
            "Invalid subnet 198.18.9.0/33 : invalid CIDR address: 198.18.9.0/33",
        ),
        (NetworkRequest("x", subnet="foo"), "Invalid subnet foo : invalid CIDR address: foo"),
        # moby v20.10.24 daemon/network.go PredefinedNetworkError (a trailing space)
        (NetworkRequest("bridge"), "operation is not permitted on predefined bridge network "),
        (NetworkRequest("x", driver="overlay"), "dockerlinks: the overlay network driver"),
    ],
)
def test_create_refusals(request_: NetworkRequest, message: str) -> None:
    e = net(engine(), "front")
    with pytest.raises(EngineError) as exc:
        e.create_network(request_)
    assert exc.value.docker_message.startswith(message)
    with pytest.raises(EngineError):
        e.create_network("front")  # type: ignore[arg-type]


def test_names_are_case_sensitive_and_may_hold_spaces() -> None:
    # create-basic.json #14-15
    e = net(net(net(engine(), "front"), "FRONT"), "bad name")
    assert {n.name for n in e.networks} >= {"front", "FRONT", "bad name"}


def test_gateway_and_ip_range() -> None:
    # create-subnets.json #1-2, #7
    e = net(engine(), "s2", subnet="198.18.1.0/24", gateway="198.18.1.254")
    e = net(e, "s3", subnet="198.18.2.0/24", ip_range="198.18.2.128/25")
    configs = [e.inspect_network(n)["IPAM"]["Config"] for n in ("s2", "s3")]
    assert configs == [
        [{"Subnet": "198.18.1.0/24", "Gateway": "198.18.1.254"}],
        [{"Subnet": "198.18.2.0/24", "IPRange": "198.18.2.128/25"}],
    ]
    e = run(e, "r1", "s3")
    assert e.get("r1").endpoint("s3").ip == "198.18.2.128"  # type: ignore[union-attr]
    e = run(e, "g1", "s2")
    assert e.get("g1").endpoint("s2").gateway == "198.18.1.254"  # type: ignore[union-attr]


def test_make_pool_refuses_a_gateway_outside() -> None:
    with pytest.raises(EngineError):
        make_pool(ipaddress.IPv4Network("10.0.0.0/30"), "10.0.0.9", "")


def test_parse_subnet() -> None:
    assert parse_subnet("10.0.0.1/8") == ipaddress.IPv4Network("10.0.0.0/8")
    for bad in ("10.0.0.0", "10.0.0.0/x", "10.0.0.0/1234", "nope/8", "::1/64", "10.0.0.0/33"):
        assert parse_subnet(bad) is None


@given(st.lists(st.integers(0, 40), max_size=25))
@settings(max_examples=40, deadline=None)
def test_networks_never_overlap(steps: list[int]) -> None:
    e = engine()
    for step in steps:
        users = [n for n in e.networks if not n.predefined]
        if step % 3 == 0 and users:
            e = e.remove_network(users[step % len(users)].name)
            continue
        try:
            e = net(e, f"n{len(e.networks)}-{step}")
        except EngineError:
            continue
    pools = [n.network for n in e.networks if n.network is not None]
    for i, a in enumerate(pools):
        assert all(not a.overlaps(b) for b in pools[i + 1 :])


# ----------------------------------------------------------------------------- lookups


def test_find_network() -> None:
    e = net(net(engine(), "front"), "back")
    front = e.get_network("front")
    assert e.get_network(front.id) == front
    assert e.get_network(front.id[:6]) == front
    assert find_network(e.networks, "") == ("network_ambiguous_id", {"ref": "", "count": 5})
    twins = [Network("x", "a1", "bridge"), Network("x", "b1", "bridge")]
    assert find_network(twins, "x")[0] == "network_ambiguous_name"  # type: ignore[index]
    with pytest.raises(EngineError, match="network nope not found"):
        e.get_network("nope")
    with pytest.raises(EngineError):
        e.get_network(7)  # type: ignore[arg-type]
    assert e.find_network(7) is None  # type: ignore[arg-type]


def test_is_user_defined() -> None:
    assert [is_user_defined(m) for m in ("front", "default", "none", "container:x")] == [
        True,
        False,
        False,
        False,
    ]


def test_ls_filters() -> None:
    # create-basic.json #8-10
    e = run(net(net(engine(), "front", labels={"tier": "web"}), "back"), "web", "front")
    assert [n.name for n in e.list_networks([("driver", "bridge")])] == ["bridge", "front", "back"]
    assert [n.name for n in e.list_networks([("name", "fro")])] == ["front"]
    assert [n.name for n in e.list_networks([("type", "custom")])] == ["front", "back"]
    assert [n.name for n in e.list_networks([("type", "builtin")])] == ["bridge", "host", "none"]
    assert [n.name for n in e.list_networks([("label", "tier=web")])] == ["front"]
    assert [n.name for n in e.list_networks([("label", "tier")])] == ["front"]
    assert [n.name for n in e.list_networks([("dangling", "true")])] == ["back"]
    assert len(e.list_networks([("scope", "local"), ("id", e.get_network("back").id[:5])])) == 1
    assert [n.name for n in e.list_networks([("name", "[")])] == []  # Go refuses the pattern
    for bad, text in (
        ([("colour", "x")], "Invalid filter 'colour'"),
        ([("type", "x")], "invalid filter: 'type'='x'"),
        ([("dangling", "x")], "invalid value for filter 'dangling'"),
        ([("dangling", "1"), ("dangling", "0")], "got more than one value for filter key"),
    ):
        with pytest.raises(EngineError) as exc:
            e.list_networks(bad)
        assert exc.value.docker_message.startswith(text)
    assert filter_networks(e.networks, ()) == list(e.networks)


# ----------------------------------------------------------------------------- documents


def test_network_document() -> None:
    # inspect-rm.json #3: the document's fields, a running container under Containers
    e = run(net(engine(), "front"), "web", "front")
    doc = e.inspect_network("front")
    assert list(doc) == [
        "Name",
        "Id",
        "Created",
        "Scope",
        "Driver",
        "EnableIPv6",
        "IPAM",
        "Internal",
        "Attachable",
        "Ingress",
        "ConfigFrom",
        "ConfigOnly",
        "Containers",
        "Options",
        "Labels",
    ]
    web = e.get("web")
    assert doc["Containers"] == {
        web.id: {
            "Name": "web",
            "EndpointID": web.endpoint("front").endpoint_id,  # type: ignore[union-attr]
            "MacAddress": "02:42:ac:12:00:02",
            "IPv4Address": "172.18.0.2/16",
            "IPv6Address": "",
        }
    }
    bridge = e.inspect_network("bridge")
    assert bridge["IPAM"]["Options"] is None
    assert bridge["Options"]["com.docker.network.bridge.enable_ip_masquerade"] == "true"
    assert e.inspect_network("host")["IPAM"]["Config"] == []
    # a stopped container is not listed
    assert e.stop("web")[0].inspect_network("front")["Containers"] == {}


def test_typed_network_document() -> None:
    e = net(engine(), "s1", subnet="198.18.0.0/24")
    doc = typed_network_document(e.inspect_network("s1"))
    template = "{{.Name}} {{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}}|{{json .IPAM}}"
    assert render_template(template, doc) == (
        's1 198.18.0.0/24 |{"Driver":"default","Options":{},"Config":[{"Subnet":"198.18.0.0/24"}]}'
    )
    assert render_template("{{.Created}}", doc) == "2026-01-01 00:00:00 +0000 UTC"
    with pytest.raises(Exception, match="network document"):
        typed_network_document([])  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- rm


def test_rm() -> None:
    # inspect-rm.json #15-26
    e = run(net(engine(), "front"), "web", "front")
    for ref, text in (
        ("front", "error while removing network: network front id "),
        ("bridge", "bridge is a pre-defined network and cannot be removed"),
        ("nope", "network nope not found"),
    ):
        with pytest.raises(EngineError) as exc:
            e.remove_network(ref)
        assert exc.value.docker_message.startswith(text)
    e, _ = e.stop("web")
    front_id = e.get_network("front").id
    e = e.remove_network("front")
    after, outcome = e.try_start("web")
    assert str(outcome) == f"network {front_id} not found"
    web = after.get("web")
    assert (web.status, web.exit_code) == ("exited", 128)


# ----------------------------------------------------------------------------- run modes


def test_user_network_container() -> None:
    # dns.json #7-12: hosts has the own line only, resolv.conf the embedded server, no link env
    e = run(net(engine(), "front"), "db", "front", image=PG)
    e = run(e, "client", "front", links=("db:dbalias",), dns=("127.0.0.1",))
    client = e.get("client")
    assert client.hosts.splitlines()[-1] == f"172.18.0.3\t{client.short_id}"
    assert client.resolv_conf == "nameserver 127.0.0.11\noptions ndots:0\n"
    assert not [v for v in client.process_env if v.startswith("DBALIAS_")]
    assert e.host_config_links(client) == []
    doc = e.inspect("client")
    assert doc["HostConfig"]["Dns"] == ["127.0.0.1"]
    endpoint = doc["NetworkSettings"]["Networks"]["front"]
    assert (endpoint["Links"], endpoint["Aliases"]) == (["db:dbalias"], [client.short_id])
    # the embedded DNS server: names, link aliases, name.network, short IDs
    assert e.resolve(client, "dbalias") == ("172.18.0.2",)
    assert e.resolve(client, "db.front") == ("172.18.0.2",)
    assert e.resolve(client, client.short_id) == ("172.18.0.3",)
    assert e.resolve(client, "nope") is None
    # rm -l does not know such links (links-user-net.json #20)
    with pytest.raises(NoSuchContainerError):
        e.remove("client/dbalias", link=True)


def test_network_alias_and_hostname_join_the_aliases() -> None:
    # run-modes.json #34; moby v20.10.24 updateNetworkConfig adds the hostname too
    e = run(net(engine(), "front"), "ne", "front", network_aliases=("fa", "fb"))
    ne = e.get("ne")
    assert ne.attachment("front").config.aliases == ("fa", "fb", ne.short_id)  # type: ignore[union-attr]
    e = run(e, "hh", "front", hostname="other")
    h = e.get("hh")
    assert h.attachment("front").config.aliases == (h.short_id, "other")  # type: ignore[union-attr]
    assert e.resolve(h, "other") == e.resolve(h, "hh")


def test_host_none_and_container_modes() -> None:
    # run-modes.json #10-22
    e = run(net(engine(), "front"), "na", "front")
    e = run(e, "nh", "host")
    e = run(e, "nn", "none")
    e = run(e, "nc", "container:na")
    nh, nn, nc, na = (e.get(n) for n in ("nh", "nn", "nc", "na"))
    assert nh.hostname == "localhost"
    assert nh.hosts == e.host.hosts_file
    assert nh.resolv_conf == e.host.resolv_conf
    assert nn.hosts.splitlines()[-1] == "ff02::2\tip6-allrouters"
    assert nc.network_mode == f"container:{na.id}"
    assert nc.hostname == na.hostname
    doc = e.inspect("nc")
    assert doc["NetworkSettings"]["Networks"] == {}
    assert doc["NetworkSettings"]["SandboxID"] == ""
    assert doc["HostsPath"].endswith(f"/containers/{na.id}/hosts")
    assert e.inspect("nn")["NetworkSettings"]["Networks"]["none"]["IPAddress"] == ""
    # nc sees na's files and answers
    _, result = e.exec("nc", ["cat", "/etc/hosts"])
    assert result.stdout == na.hosts
    # the joined container must run, exist and not be the container itself
    stopped, _ = e.stop("nc")
    stopped, _ = stopped.stop("na")
    after, outcome = stopped.try_start("nc")
    del after
    assert str(outcome) == f"cannot join network of a non running container: {na.id}"
    e2, lone = engine().create(ContainerConfig(WEB, name="xx", networks=("container:nope",)))
    assert str(e2.try_start("xx")[1]) == "No such container: nope"
    e3, own = e2.create(CreateRequest(WEB, name="self", network_mode=f"container:{lone.id}"))
    del own
    e3 = e3.remove("xx")
    assert str(e3.try_start("self")[1]).startswith("No such container")


def test_create_time_network_mode_conflicts() -> None:
    # run-modes.json #28, #40, #43-46; ports-modes.json #20-22
    e = run(net(net(engine(), "front"), "fixed", subnet="198.18.0.0/24"), "na", "front")
    cases = [
        (CreateRequest(WEB, network_mode="container:na", hostname="o"), "hostname and"),
        (CreateRequest(WEB, network_mode="container:na", dns=("1.1.1.1",)), "dns and the"),
        (CreateRequest(WEB, network_mode="container:na", extra_hosts=("x:1.1.1.1",)), "custom"),
        (CreateRequest(WEB, network_mode="container:na", mac_address="02:42:ac:11:00:99"), "mac"),
        (CreateRequest(WEB, network_mode="host", mac_address="02:42:ac:11:00:99"), "mac"),
        (CreateRequest(WEB, network_mode="container:na", links=("na:x",)), "container type"),
        (CreateRequest(WEB, network_mode="host", links=("na:x",)), "host type"),
        (CreateRequest(WEB, network_mode="container:", links=()), "Invalid network mode"),
    ]
    for request, start in cases:
        with pytest.raises(ConflictError) as exc:
            e.create(request)
        assert start in exc.value.docker_message
    two = (("front", EndpointConfig()), ("fixed", EndpointConfig()))
    with pytest.raises(EngineError, match="network endpoints: fixed, front"):
        e.create(CreateRequest(WEB, network_mode="front", endpoints=two))
    with pytest.raises(EngineError, match="invalid IPv4 address: nope"):
        e.create(
            CreateRequest(
                WEB, network_mode="fixed", endpoints=(("fixed", EndpointConfig(ipv4="nope")),)
            )
        )
    ok, _ = e.create(
        CreateRequest(
            WEB,
            network_mode="fixed",
            endpoints=(("fixed", EndpointConfig(ipv4="::ffff:198.18.0.9")),),
        )
    )
    assert ok
    # a link to a container sharing the host's network (moby registerLinks)
    e = run(e, "hosty", "host")
    with pytest.raises(ConflictError, match="host type networking"):
        e.create(ContainerConfig(WEB, links=("hosty:h",)))


def test_addresses_and_their_refusals() -> None:
    # run-modes.json #35-41
    e = net(net(engine(), "front"), "fixed", subnet="198.18.0.0/24")
    e = run(e, "nf", "fixed", ip="198.18.0.50")
    assert e.get("nf").endpoint("fixed").mac == ""  # type: ignore[union-attr]
    assert e.inspect("nf")["NetworkSettings"]["Networks"]["fixed"]["MacAddress"] == (
        "02:42:c6:12:00:32"
    )
    for networks, ip, text in (
        (("fixed",), "198.18.0.50", "Address already in use"),
        (("fixed",), "198.18.5.5", "Invalid address 198.18.5.5: It does not belong"),
        (("front",), "172.18.0.50", "user specified IP address is supported only when"),
    ):
        created, c = e.create(ContainerConfig(WEB, networks=networks, ip=ip))
        after, outcome = created.try_start(c.id)
        assert str(outcome).startswith(text)
        assert after.get(c.id).status == "created"
    # the 28.2 CLI sends --ip on the default endpoint; the daemon refuses it at start
    modern = Engine.new(profile=get_profile("20.10", cli="28.2"), seed=5)
    created, c = modern.create(ContainerConfig(WEB, ip="172.17.0.50"))
    assert str(created.try_start(c.id)[1]) == (
        "user specified IP address is supported on user defined networks only"
    )


def test_mac_address() -> None:
    e, c = engine().create(ContainerConfig(WEB, mac_address="02:42:ac:11:00:99"))
    e, started = e.start(c.id)
    assert e.inspect(c.id)["NetworkSettings"]["Networks"]["bridge"]["MacAddress"] == (
        "02:42:ac:11:00:99"
    )
    assert e.inspect(c.id)["Config"]["MacAddress"] == "02:42:ac:11:00:99"
    del started


def test_host_network_warning() -> None:
    # ports-modes.json #8 (api/cli-20.10-networks.json @30)
    e = engine()
    request = ContainerConfig(WEB, networks=("host",), publish=("8081:5000",)).request(e.profile)
    assert e.create_warnings(request) == (
        "Published ports are discarded when using host network mode",
    )
    assert e.create_warnings(ContainerConfig(WEB, publish_all=True).request(e.profile)) == ()


def test_ports_per_mode() -> None:
    # ports-modes.json #1-31, create-subnets.json #27-29 (internal)
    e = net(net(engine(), "front"), "int1", internal=True)
    e = run(e, "up", "front", publish=("8080:5000",))
    e = run(e, "hp", "host", publish=("8081:5000",))
    e = run(e, "i2", "int1", publish=("8080:5000",))
    assert [str(p) for p, _ in e.get("up").ports.entries] == ["5000/tcp"]
    assert not e.get("hp").ports.entries
    assert not e.get("i2").ports.entries
    assert e.inspect("hp")["HostConfig"]["PortBindings"] == {
        "5000/tcp": [{"HostIp": "", "HostPort": "8081"}]
    }
    # the bridge sorts before front: the ports move to it, and stay when front goes
    e = e.connect("bridge", "up")
    up = e.get("up")
    assert up.port_network == "bridge"
    assert up.ports.entries[0][1][0].host_port == "8080"  # type: ignore[index]
    e = e.disconnect("front", "up")
    assert e.get("up").ports == up.ports
    # the gateway leaves: the ports go with it
    e = e.disconnect("bridge", "up")
    assert not e.get("up").ports.entries
    assert e.get("up").port_network == ""


def test_connect_and_disconnect() -> None:
    # connect-disconnect.json
    e = net(net(net(engine(), "front"), "back"), "fixed", subnet="198.18.0.0/24")
    e = run(run(e, "web", "front"), "db", "front", image=PG)
    e = e.connect(
        "back",
        "web",
        EndpointConfig(
            ("wa", "webalt"), ipam_object=True, driver_opts_object=True, aliases_list=True
        ),
    )
    doc = e.inspect("web")["NetworkSettings"]["Networks"]["back"]
    assert (doc["IPAMConfig"], doc["DriverOpts"], doc["Aliases"][:2]) == ({}, {}, ["wa", "webalt"])
    e = e.connect("fixed", "web", EndpointConfig(ipv4="198.18.0.50", ipam_object=True))
    web = e.get("web")
    assert [line.split("\t")[0] for line in web.hosts.splitlines()[-3:]] == [
        "172.18.0.2",
        "172.19.0.2",
        "198.18.0.50",
    ]
    refusals = [
        (
            "back",
            "db",
            EndpointConfig(ipv4="172.30.0.9"),
            "user specified IP address is supported only",
        ),
        ("back", "web", EndpointConfig(), "endpoint with name web already exists in network back"),
        ("nope", "web", EndpointConfig(), "network nope not found"),
        ("bridge", "web", EndpointConfig(("onbridge",)), "network-scoped alias is supported only"),
        ("host", "web", EndpointConfig(), "container cannot be disconnected from host network"),
    ]
    for network, ref, config, text in refusals:
        with pytest.raises(EngineError) as exc:
            e.connect(network, ref, config)
        assert exc.value.docker_message.startswith(text)
    with pytest.raises(NoSuchContainerError):
        e.connect("back", "nope")
    # the refused address of a running container: its settings stay (#10, #44-48)
    kept, refusal = e.try_connect("fixed", "db", EndpointConfig(ipv4="198.18.1.5"))
    assert str(refusal).startswith("Invalid address 198.18.1.5")
    with pytest.raises(EngineError):
        e.connect("fixed", "db", EndpointConfig(ipv4="198.18.1.5"))
    assert kept.get("db").attachment("fixed") is not None
    again, refusal = kept.try_connect("fixed", "db", EndpointConfig(ipv4="198.18.0.50"))
    assert str(refusal) == "Address already in use"
    stopped, _ = again.stop("db")
    assert str(stopped.try_start("db")[1]).startswith("Invalid address 198.18.1.5")
    # disconnect: every own hosts line goes with the network's names (#26-#34)
    e = e.connect("bridge", "web")
    for network in ("back", "front", "fixed", "bridge"):
        e = e.disconnect(network, "web")
    web = e.get("web")
    assert web.hosts.splitlines()[-1] == "ff02::2\tip6-allrouters"
    assert web.networks == ()
    for network, text in (("back", "is not connected to network back"), ("nope", "not found")):
        with pytest.raises(EngineError, match=text):
            e.disconnect(network, "web")
    # a stopped container: its settings only
    e, _ = e.stop("db")
    e = e.connect("back", "db")
    e = e.connect("nowhere", "db")
    assert [a.network for a in e.get("db").networks][-2:] == ["back", "nowhere"]
    e = e.disconnect("back", "db", force=True)
    e = e.disconnect("nowhere", "db", force=True)
    with pytest.raises(EngineError, match="is not connected to the network back"):
        e.disconnect("back", "db")
    with pytest.raises(EngineError):
        e.connect("front", "db", "x")  # type: ignore[arg-type]


def test_none_and_host_exclude_other_networks() -> None:
    # connect-disconnect.json #35-43
    e = run(run(net(engine(), "front"), "solo", "none"), "hosty", "host")
    with pytest.raises(EngineError, match="private \\(none\\) mode"):
        e.connect("front", "solo")
    with pytest.raises(EngineError, match="sharing network namespace"):
        e.connect("front", "hosty")
    with pytest.raises(EngineError, match="disconnected from host network"):
        e.disconnect("host", "hosty")
    e = e.connect("front", e.disconnect("none", "solo").get("solo").id) if False else e
    e = e.disconnect("none", "solo").connect("front", "solo")
    assert e.get("solo").port_network == "front"
    e = run(e, "nc", "container:solo")
    with pytest.raises(EngineError, match="sharing network namespace"):
        e.connect("front", "nc")


def test_restart_keeps_the_addresses() -> None:
    # restart-address.json #3-17
    e = run(run(net(engine(), "front"), "ra", "front"), "rb", "front")
    e, _ = e.restart("ra")
    assert e.get("ra").endpoint("front").ip == "172.18.0.2"  # type: ignore[union-attr]
    e, _ = e.stop("ra")
    e = run(e, "rc", "front")
    e, _ = e.start("ra")
    assert e.get("ra").endpoint("front").ip == "172.18.0.4"  # type: ignore[union-attr]
    e = run(e, "rd")
    e = e.connect("front", "rd")
    e, _ = e.restart("rd")
    rd = e.get("rd")
    assert [(x.network, x.ip) for x in rd.endpoints] == [
        ("bridge", "172.17.0.2"),
        ("front", "172.18.0.5"),
    ]


def test_legacy_link_to_a_user_network_container() -> None:
    # links-user-net.json #13
    e = run(net(engine(), "front"), "db", "front", image=PG)
    created, _c = e.create(ContainerConfig(WEB, name="w4", links=("db:d",)))
    assert str(created.try_start("w4")[1]) == (
        "Cannot link to /db, as it does not belong to the default network"
    )
    # on a user network the link is an alias only, whatever its target
    e = run(e, "w5", "front", links=("nope:x",))
    assert e.get("w5").running


def test_failures_leave_the_engine_untouched() -> None:
    e = run(net(engine(), "front"), "web", "front")
    before = e
    for call in (
        lambda: e.connect("nope", "web"),
        lambda: e.disconnect("nope", "web"),
        lambda: e.remove_network("front"),
        lambda: e.create_network(NetworkRequest("front")),
    ):
        with pytest.raises(EngineError):
            call()
    assert e == before


def test_v25_endpoint_settings() -> None:
    # moby v25.0.1: DNSNames stored, the short ID added to Aliases by inspect below API 1.45
    for profile, aliases in (("25.0", True), ("26.0", False)):
        e = run(net(engine(profile), "front"), "web", "front", network_aliases=("wa",))
        web = e.get("web")
        entry = e.inspect("web")["NetworkSettings"]["Networks"]["front"]
        assert entry["DNSNames"] == ["web", "wa", web.short_id]
        assert entry["Aliases"] == (["wa", web.short_id] if aliases else ["wa"])
        assert "DNSNames" in list(entry)[-1:]
    v29 = run(net(engine("29.7"), "front"), "web", "front")
    assert list(v29.inspect("web")["NetworkSettings"]["Networks"]["front"])[:5] == [
        "IPAMConfig",
        "Links",
        "Aliases",
        "DriverOpts",
        "GwPriority",
    ]


def test_the_28_cli_reencodes_endpoint_settings() -> None:
    # connect-disconnect.json #6 with the 28.2 CLI: its own field order, GwPriority, DNSNames
    e = run(
        net(Engine.new(profile=get_profile("20.10", cli="28.2"), seed=5), "front"), "ww", "front"
    )
    typed = typed_document(e.inspect("ww"), e.profile)
    text = render_template("{{json .NetworkSettings.Networks}}", typed)
    assert '"MacAddress":"02:42:ac:12:00:02","DriverOpts":null,"GwPriority":0,"NetworkID"' in text
    assert text.endswith('"GlobalIPv6PrefixLen":0,"DNSNames":null}}')


def test_ipam_span_and_contains() -> None:
    pool = Ipam(subnet="10.0.0.0/29", span=(4, 5))
    pool, first = pool.request()
    pool, second = pool.request()
    assert (first, second) == ("10.0.0.4", "10.0.0.5")
    with pytest.raises(IpamError, match="no available addresses"):
        pool.request()
    assert pool.request("10.0.0.2")[1] == "10.0.0.2"
    assert Ipam(subnet="10.0.0.0/29", span=(4, 5), strategy="serial").request()[1] == "10.0.0.4"
    assert not pool.contains("nope")
    assert pool.contains("10.0.0.7")
    for bad in ((5, 4), (1,), (-1, 2)):
        with pytest.raises(IpamError):
            Ipam(span=bad)  # type: ignore[arg-type]
    with pytest.raises(IpamError):
        Ipam(subnet="10.0.0.0/29", span=(0, 9))
    with pytest.raises(IpamError):
        Ipam(subnet="10.0.0.0/29", gateway_offset=9)
