"""Interop with ``docker inspect`` documents, docker-py's ``ports=`` mapping and compose's
long port syntax. Expected values are Docker's (links vectors, hosts reference examples),
docker-py's (its unit-test vectors, and docker-py itself in-process when installed) and
compose-go's (its unit-test vectors)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dockerlinks import strategies as ds
from dockerlinks.engine import ContainerConfig, Engine
from dockerlinks.errors import DockerLinksError, InspectError
from dockerlinks.interop import (
    InspectedContainer,
    from_compose_ports,
    from_docker_py_ports,
    from_inspect,
    recipient_hosts,
    recipient_link_env,
    to_compose_expose,
    to_compose_ports,
    to_docker_py_exposed,
    to_docker_py_ports,
)
from dockerlinks.links import LinkSpec
from dockerlinks.ports import Port, PortBinding, PortConfig, PortMap, parse_port_specs
from tests.vectors import cases, load_vectors

# A running `docker run -d -P --name web --link db:webdb training/webapp` as Engine v27 prints
# it (API < 1.52 still has the top-level NetworkSettings.IPAddress), with an IPv6 binding on a
# different host port than the IPv4 one (allowed before v27).
WEB: dict[str, Any] = {
    "Id": "7d2f4a1e9b0c" + "0" * 52,
    "Name": "/web",
    "Config": {
        "Hostname": "7d2f4a1e9b0c",
        "Env": ["PATH=/usr/bin", "APP=webapp"],
        "ExposedPorts": {"5000/tcp": {}, "5001/udp": {}},
    },
    "HostConfig": {
        "PortBindings": {"5000/tcp": [{"HostIp": "127.0.0.1", "HostPort": "8000-9000"}]},
        "Links": ["/db:/web/webdb"],
    },
    "NetworkSettings": {
        "IPAddress": "172.17.0.3",
        "Ports": {
            "5000/tcp": [
                {"HostIp": "0.0.0.0", "HostPort": "32768"},
                {"HostIp": "::", "HostPort": "32769"},
            ],
            "5001/udp": None,
        },
    },
}

DB: dict[str, Any] = {
    "Id": "6e5cdeb2d300" + "1" * 52,
    "Name": "/db",
    "Config": {
        "Hostname": "6e5cdeb2d300",
        "Env": ["PATH=/usr/bin", "PG_VERSION=9.3"],
        "ExposedPorts": {"5432/tcp": {}},
    },
    "HostConfig": {"PortBindings": {}, "Links": None},
    "NetworkSettings": {"IPAddress": "172.17.0.5", "Ports": {"5432/tcp": None}},
}


# -------------------------------------------------------------------------- from_inspect


def test_reads_the_fields_of_an_inspect_document() -> None:
    web = from_inspect(WEB)
    assert web.name == "web"
    assert web.hostname == "7d2f4a1e9b0c"
    assert web.ip == "172.17.0.3"
    assert web.env == ("PATH=/usr/bin", "APP=webapp")
    assert web.exposed_ports == (Port(5000), Port(5001, "udp"))
    assert web.config.to_api()["PortBindings"] == WEB["HostConfig"]["PortBindings"]
    assert web.ports.to_api() == WEB["NetworkSettings"]["Ports"]
    assert web.links == (LinkSpec("db", "webdb"),)


def test_bindings_are_kept_per_address_family() -> None:
    web = from_inspect(WEB)
    assert web.host_ports("5000/tcp", family=4) == (32768,)
    assert web.host_ports("5000/tcp", family=6) == (32769,)
    assert web.host_ports(Port(5000)) == (32768, 32769)
    assert web.bindings("5000/tcp", family=6) == (PortBinding("::", "32769"),)
    assert web.bindings("5001/udp") == ()
    assert web.bindings("9999/tcp") == ()


def test_family_must_be_4_or_6() -> None:
    with pytest.raises(InspectError, match="family must be 4, 6 or None"):
        from_inspect(WEB).bindings("5000/tcp", family=5)


def test_a_one_element_list_is_one_document() -> None:
    assert from_inspect([WEB]) == from_inspect(WEB)


@pytest.mark.parametrize("data", [[], [WEB, DB]])
def test_a_list_must_hold_exactly_one_document(data: list[Any]) -> None:
    with pytest.raises(InspectError, match="expected one container document"):
        from_inspect(data)


def test_missing_and_null_fields_read_as_empty() -> None:
    empty = from_inspect({"Config": None, "HostConfig": {}, "NetworkSettings": {"Ports": None}})
    assert empty == InspectedContainer()


def test_api_152_documents_keep_the_address_under_networks() -> None:
    doc = {
        "Name": "/db",
        "NetworkSettings": {
            "Networks": {"bridge": {"IPAddress": "172.17.0.2", "GlobalIPv6Address": "fd00::2"}}
        },
    }
    db = from_inspect(doc)
    assert (db.ip, db.ipv6) == ("172.17.0.2", "fd00::2")


def _with(path: str, value: Any) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(json.dumps(WEB))
    *parents, last = path.split(".")
    node = doc
    for part in parents:
        node = node[part]
    node[last] = value
    return doc


MALFORMED = [
    ("Config", [], "Config: expected an object, got list"),
    ("Config.Env", "A=1", "Config.Env: expected a list, got str"),
    ("Config.Env", ["A=1", 2], "Config.Env[1]: expected a string, got int"),
    ("Config.Env", ["A=1", None], "Config.Env[1]: expected a string, got null"),
    ("Config.Hostname", 7, "Config.Hostname: expected a string, got int"),
    ("Config.ExposedPorts", ["80/tcp"], "Config.ExposedPorts: expected an object, got list"),
    ("Config.ExposedPorts", {"http": {}}, 'Config.ExposedPorts["http"]: invalid port'),
    ("Config.ExposedPorts", {"80/tcp": 1}, 'Config.ExposedPorts["80/tcp"]: expected an object'),
    (
        "HostConfig.PortBindings",
        {"80/tcp": {}},
        'HostConfig.PortBindings["80/tcp"]: expected a list',
    ),
    (
        "HostConfig.PortBindings",
        {"80/tcp": [{"HostIp": 1}]},
        'HostConfig.PortBindings["80/tcp"][0].HostIp: expected a string, got int',
    ),
    ("HostConfig.Links", "/db:/web/db", "HostConfig.Links: expected a list, got str"),
    ("HostConfig.Links", ["a:b:c"], "HostConfig.Links[0]: bad format for links: a:b:c"),
    ("HostConfig.Links", [None], "HostConfig.Links[0]: expected a string, got null"),
    ("NetworkSettings.IPAddress", "172.17.0.300", "NetworkSettings.IPAddress: invalid IP address"),
    ("NetworkSettings.IPAddress", "::1", "NetworkSettings.IPAddress: not an IPv4 address"),
    ("NetworkSettings.Ports", {"80/tcp": [7]}, 'NetworkSettings.Ports["80/tcp"][0]: expected an'),
    (
        "NetworkSettings.Ports",
        {"80/tcp": [{"HostPort": 80}]},
        'NetworkSettings.Ports["80/tcp"][0].HostPort: expected a string, got int',
    ),
    ("Name", ["web"], "Name: expected a string, got list"),
]


@pytest.mark.parametrize(
    ("path", "value", "message"), MALFORMED, ids=[m[2][:40] for m in MALFORMED]
)
def test_malformed_fields_raise_inspect_error_with_their_path(
    path: str, value: Any, message: str
) -> None:
    with pytest.raises(InspectError) as caught:
        from_inspect(_with(path, value))
    assert caught.value.docker_message.startswith(message)


def test_go_field_names_match_case_insensitively() -> None:
    # The Engine decodes JSON with Go's rules: "hostport" fills HostPort.
    doc = {"NetworkSettings": {"Ports": {"80/tcp": [{"hostip": "::", "hostport": "8080"}]}}}
    assert from_inspect(doc).host_ports("80/tcp", family=6) == (8080,)
    for section in ("NetworkSettings.Ports", "HostConfig.PortBindings"):
        with pytest.raises(InspectError, match="must be strings"):
            from_inspect(_with(section, {"80/tcp": [{"hostport": 80}]}))


def test_paths_inside_a_list_start_with_its_index() -> None:
    with pytest.raises(InspectError, match=r"^\[0\]\.Config\.Env: expected a list"):
        from_inspect([_with("Config.Env", 1)])


@pytest.mark.parametrize("data", [None, 42, "web", {1: "x"}])
def test_a_document_must_be_an_object(data: Any) -> None:
    with pytest.raises(InspectError):
        from_inspect(data)


# -------------------------------------------------------------------------- link env and hosts


def _child_doc(case: dict[str, Any]) -> dict[str, Any]:
    return {
        "Name": "/child",
        "Config": {
            "Env": case["input"]["child_env"],
            "ExposedPorts": {port: {} for port in case["input"]["exposed_ports"]},
        },
        "NetworkSettings": {"IPAddress": case["input"]["child_ip"]},
    }


def _env_cases() -> list[Any]:
    params = []
    for profile in ("modern", "classic"):
        for case in load_vectors(f"moby_links_{profile}")["cases"]:
            checked = isinstance(case.get("expected"), list) or "expected_contains" in case
            if checked and "function" not in case:
                params.append(pytest.param(profile, case, id=f"{profile}-{case['test']}"))
    return params


@pytest.mark.parametrize(("profile", "case"), _env_cases())
def test_link_env_of_an_inspected_child_is_dockers(profile: str, case: dict[str, Any]) -> None:
    _, parent, alias = case["input"]["name"].split("/")
    child = from_inspect(_child_doc(case))
    env = child.link_env(alias, parent, profile=profile)
    if "expected" in case:
        assert sorted(env) == sorted(case["expected"])
    else:
        for key, value in case["expected_contains"].items():
            assert f"{key}={value}" in env


def test_link_env_needs_an_address_on_the_default_bridge() -> None:
    stopped = from_inspect(_with("NetworkSettings.IPAddress", ""))
    with pytest.raises(InspectError, match="web not attached to default bridge network"):
        stopped.link_env("web", "other")
    with pytest.raises(InspectError, match="not attached"):
        stopped.hosts_link("web")


def test_recipient_link_env_follows_host_config_links() -> None:
    env = recipient_link_env(from_inspect(WEB), [from_inspect(DB)])
    assert env[0] == "WEBDB_PORT=tcp://172.17.0.5:5432"
    assert "WEBDB_NAME=/web/webdb" in env
    assert env[-1] == "WEBDB_ENV_PG_VERSION=9.3"
    assert not any("PATH" in line for line in env)


def test_recipient_hosts_has_the_link_line_of_the_reference() -> None:
    # libnetwork etchosts/etchosts.go: `--link db:webdb` -> "172.17.0.5\twebdb 6e5cdeb2d300 db"
    hosts = recipient_hosts(from_inspect(WEB), [from_inspect(DB)])
    assert "172.17.0.5\twebdb 6e5cdeb2d300 db\n" in hosts
    assert hosts.endswith("172.17.0.3\t7d2f4a1e9b0c\n")


def test_children_are_found_by_id_prefix() -> None:
    web = from_inspect(_with("HostConfig.Links", ["6e5cdeb2:/web/db"]))
    assert recipient_link_env(web, [from_inspect(DB)])[0] == "DB_PORT=tcp://172.17.0.5:5432"


def test_a_missing_child_gets_dockers_message() -> None:
    with pytest.raises(InspectError, match="could not get container for db: No such container: db"):
        recipient_link_env(from_inspect(WEB), [])


@pytest.mark.parametrize("children", [InspectedContainer(), [DB]])
def test_children_must_be_inspected_containers(children: Any) -> None:
    with pytest.raises(InspectError):
        recipient_hosts(from_inspect(WEB), children)


def test_the_engine_models_inspect_round_trips_through_from_inspect() -> None:
    engine = Engine.new(profile="modern", seed=1)
    engine, _ = engine.run(ContainerConfig(image="training/postgres", name="db", detach=True))
    engine, _ = engine.run(
        ContainerConfig(
            image="training/webapp", name="web", detach=True, publish_all=True, links=("db",)
        )
    )
    web, db = engine.get("web"), engine.get("db")
    seen = {c.name: from_inspect(json.loads(json.dumps(engine.inspect(c.id)))) for c in (web, db)}
    assert seen["/web"].ports == web.ports
    assert recipient_link_env(seen["/web"], [seen["/db"]]) == [
        line for line in web.process_env if line.startswith("DB_")
    ]
    assert recipient_hosts(seen["/web"], [seen["/db"]]) == web.hosts


# -------------------------------------------------------------------------- docker-py


# The vector's input in its Python form (its input_note): JSON arrays there are tuples here.
PY_PORT_BINDINGS: dict[Any, Any] = {
    1111: None,
    2222: 2222,
    "3333/udp": (3333,),
    4444: ("127.0.0.1",),
    5555: ("127.0.0.1", 5555),
    6666: [("127.0.0.1",), ("192.168.0.1",)],
}


def test_docker_py_create_host_config_vector() -> None:
    case = load_vectors("docker-py_ports")["related"][1]
    assert json.loads(json.dumps({str(k): v for k, v in PY_PORT_BINDINGS.items()})) == case["input"]
    config = from_docker_py_ports(PY_PORT_BINDINGS)
    api = config.to_api()["PortBindings"]
    for key, expected in case["expected"]["PortBindings"].items():
        assert api[key] == expected
    for key, length in case["expected"]["PortBindings_list_lengths"].items():
        assert len(api[key]) == length


def test_docker_py_create_container_exposed_vector() -> None:
    case = load_vectors("docker-py_ports")["related"][0]
    config = from_docker_py_ports({}, exposed=[1111, (2222, "udp"), (3333,)])
    assert config.to_api()["ExposedPorts"] == case["expected"]["ExposedPorts"]
    assert to_docker_py_exposed(config) == [1111, (2222, "udp"), 3333]


# containers.run(ports=...) forms from docker-py's documentation, with what docker-py sends.
RUN_FORMS: list[tuple[dict[Any, Any], dict[str, list[dict[str, str]]]]] = [
    ({"2222/tcp": 3333}, {"2222/tcp": [{"HostIp": "", "HostPort": "3333"}]}),
    ({"2222/tcp": None}, {"2222/tcp": [{"HostIp": "", "HostPort": ""}]}),
    (
        {"1111/tcp": ("127.0.0.1", 1111)},
        {"1111/tcp": [{"HostIp": "127.0.0.1", "HostPort": "1111"}]},
    ),
    (
        {"1111/tcp": [1234, 4567]},
        {"1111/tcp": [{"HostIp": "", "HostPort": "1234"}, {"HostIp": "", "HostPort": "4567"}]},
    ),
    ({"5000/tcp": "8000-9000"}, {"5000/tcp": [{"HostIp": "", "HostPort": "8000-9000"}]}),
    ({80: {"HostPort": "8080"}}, {"80/tcp": [{"HostIp": "", "HostPort": "8080"}]}),
    ({"53/udp": ("::1", None)}, {"53/udp": [{"HostIp": "::1", "HostPort": ""}]}),
    # "80" and "80/tcp" are one key once converted: the later one wins.
    ({"80": 1, "80/tcp": 2}, {"80/tcp": [{"HostIp": "", "HostPort": "2"}]}),
]


@pytest.mark.parametrize(("ports", "expected"), RUN_FORMS)
def test_docker_py_run_forms(ports: dict[Any, Any], expected: dict[str, Any]) -> None:
    config = from_docker_py_ports(ports)
    assert config.to_api() == {"ExposedPorts": {k: {} for k in expected}, "PortBindings": expected}


@pytest.mark.parametrize(("ports", "expected"), RUN_FORMS)
def test_docker_py_run_forms_agree_with_docker_py(
    ports: dict[Any, Any], expected: dict[str, Any]
) -> None:
    utils = pytest.importorskip("docker.utils.utils")
    assert utils.convert_port_bindings(ports) == expected


BAD_PY: list[tuple[Any, str]] = [
    ([("80/tcp", 80)], "ports: expected a mapping"),
    ({True: 80}, "ports: expected a port key"),
    ({"http": 80}, "ports['http']: invalid port"),
    ({80: 1.5}, "ports[80]: expected a host port"),
    ({80: ()}, "ports[80]: a binding tuple holds one or two items, not 0"),
    ({80: ("127.0.0.1", 1, 2)}, "ports[80]: a binding tuple holds one or two items, not 3"),
    ({80: {"HostIp": "127.0.0.1"}}, "ports[80]: a binding mapping needs 'HostPort'"),
    ({80: [None, [1]]}, "ports[80][1]: expected a host port"),
    ({80: (1, 2)}, "ports[80][0]: expected a string"),
]


@pytest.mark.parametrize(("ports", "message"), BAD_PY)
def test_docker_py_shapes_docker_py_cannot_send(ports: Any, message: str) -> None:
    with pytest.raises(InspectError) as caught:
        from_docker_py_ports(ports)
    assert caught.value.docker_message.startswith(message)


@pytest.mark.parametrize(
    ("exposed", "message"),
    [
        ([(1, 2, 3)], "exposed[0]: an exposed-port tuple"),
        ([1.5], "exposed[0]: expected a port"),
        (["x"], "exposed[0]: invalid port"),
    ],
)
def test_docker_py_bad_exposed_lists(exposed: Any, message: str) -> None:
    with pytest.raises(InspectError, match=message.replace("[", r"\[")):
        from_docker_py_ports({}, exposed=exposed)


def test_to_docker_py_writes_the_documented_forms() -> None:
    config = parse_port_specs(["8080:80", "8081:80", "127.0.0.1::53/udp", "5000", "[::1]:1:1"])
    assert to_docker_py_ports(config) == {
        "80/tcp": [8080, 8081],
        "53/udp": ("127.0.0.1", None),
        "5000/tcp": None,
        "1/tcp": ("::1", 1),
    }
    assert to_docker_py_ports(parse_port_specs(["8000-9000:5000"])) == {"5000/tcp": "8000-9000"}


@given(ds.port_configs())
def test_docker_py_round_trip(config: PortConfig) -> None:
    back = from_docker_py_ports(to_docker_py_ports(config), to_docker_py_exposed(config))
    assert back == config


@given(ds.port_configs())
def test_docker_py_converts_our_mapping_to_the_cli_api_shape(config: PortConfig) -> None:
    utils = pytest.importorskip("docker.utils.utils")
    assert (
        utils.convert_port_bindings(to_docker_py_ports(config)) == config.to_api()["PortBindings"]
    )


_PY_VALUE = st.one_of(
    st.none(),
    ds.port_numbers(),
    ds.port_numbers().map(str),
    st.tuples(ds.host_ips(), st.one_of(st.none(), ds.port_numbers())),
    st.tuples(ds.host_ips()),
    st.tuples(ds.port_numbers()),
)


@given(
    st.dictionaries(
        st.one_of(ds.port_numbers(), ds.ports().map(str)),
        st.one_of(_PY_VALUE, st.lists(_PY_VALUE, min_size=1, max_size=3)),
        max_size=4,
    )
)
def test_from_docker_py_agrees_with_docker_py(ports: dict[Any, Any]) -> None:
    utils = pytest.importorskip("docker.utils.utils")
    assert from_docker_py_ports(ports).to_api()["PortBindings"] == utils.convert_port_bindings(
        ports
    )


# -------------------------------------------------------------------------- compose


def test_compose_go_transform_ports_vector() -> None:
    case = next(
        c for c in cases("compose-go_port_config", test="Test_transformPorts") if "expected" in c
    )
    assert to_compose_ports(from_compose_ports(case["input"])) == case["expected"]


def _compose_go_view(item: dict[str, Any]) -> dict[str, Any]:
    view = {
        "Protocol": item["protocol"],
        "Target": item["target"],
        "Published": item.get("published", ""),
        "Mode": item["mode"],
    }
    if "host_ip" in item:
        view["HostIP"] = item["host_ip"]
    return view


PARSE_PORT_CONFIG = cases("compose-go_port_config", test="TestParsePortConfig")


@pytest.mark.parametrize(
    "case", PARSE_PORT_CONFIG, ids=[repr(c["input"]) for c in PARSE_PORT_CONFIG]
)
def test_compose_go_parse_port_config_vectors(case: dict[str, Any]) -> None:
    if "error" in case:
        # compose-go pins go-connections v0.4.0's capitalised texts; the current CLI's are
        # lower-case (see the vector's note).
        with pytest.raises(InspectError) as caught:
            from_compose_ports([case["input"]])
        assert case["error"].lower() in caught.value.docker_message.lower()
        return
    got = [_compose_go_view(i) for i in to_compose_ports(from_compose_ports([case["input"]]))]
    key = json.dumps
    assert sorted(got, key=key) == sorted(case["expected"], key=key)


def test_compose_long_and_short_items_and_expose() -> None:
    config = from_compose_ports(
        [
            8080,
            "127.0.0.1:5432:5432",
            {"target": 53, "published": 5353, "protocol": "udp", "host_ip": "::1", "mode": "host"},
        ],
        expose=["9000-9001", 7000],
    )
    assert [str(p) for p in config.exposed] == [
        "8080/tcp",
        "5432/tcp",
        "53/udp",
        "9000/tcp",
        "9001/tcp",
        "7000/tcp",
    ]
    assert to_compose_ports(config)[2] == {
        "target": 53,
        "published": "5353",
        "host_ip": "::1",
        "protocol": "udp",
        "mode": "ingress",
    }
    assert to_compose_expose(config) == ["9000/tcp", "9001/tcp", "7000/tcp"]


@pytest.mark.parametrize(
    ("ports", "expose", "message"),
    [
        ("80", (), "ports: expected a list"),
        ([None], (), "ports[0]: expected text, a number or a mapping"),
        ([{"target": 80, "bogus": 1}], (), "ports[0]: additional properties 'bogus'"),
        (["99999"], (), "ports[0]: invalid containerPort: 99999"),
        ([], [None], "expose[0]: expected a port"),
        ([], ["80:90"], "expose[0]: invalid range format for --expose"),
    ],
)
def test_compose_errors_carry_their_path(ports: Any, expose: Any, message: str) -> None:
    with pytest.raises(InspectError) as caught:
        from_compose_ports(ports, expose)
    assert caught.value.docker_message.startswith(message)


@given(ds.port_configs())
def test_compose_round_trip(config: PortConfig) -> None:
    assert from_compose_ports(to_compose_ports(config), to_compose_expose(config)) == config


def test_expose_only_ports_round_trip_through_compose_and_docker_py() -> None:
    config = PortConfig((Port(80), Port(53, "udp")), ())
    assert from_compose_ports([], to_compose_expose(config)) == config
    assert from_docker_py_ports({}, to_docker_py_exposed(config)) == config
    assert to_docker_py_ports(config) == {}


@given(ds.port_maps())
def test_any_port_map_reads_back_from_an_inspect_document(ports: PortMap) -> None:
    seen = from_inspect({"NetworkSettings": {"Ports": ports.to_api()}})
    assert seen.ports == ports
    for port, bindings in ports.entries:
        v4, v6 = seen.bindings(port, family=4), seen.bindings(port, family=6)
        assert sorted(v4 + v6, key=str) == sorted(bindings or (), key=str)
        assert all(":" not in b.host_ip for b in v4)
        assert all(":" in b.host_ip for b in v6)


def test_every_interop_error_is_a_library_error() -> None:
    assert issubclass(InspectError, DockerLinksError)


# ------------------------------------------------- /etc/hosts from a real daemon's documents

NETWORK_RECORDINGS = Path(__file__).parent / "data" / "daemon" / "20.10" / "networks"


def _hosts_pairs() -> list[Any]:
    """(recording, container, its inspect document, its /etc/hosts) recorded with no change
    to the container in between: hosts-extras (--domainname, --hostname, --add-host with an
    address and host-gateway, a user network then the bridge connected) and dns (two user
    networks)."""
    pairs = []
    for cli in ("cli-20.10", "cli-28.2"):
        for name, hosts_at, inspect_at in (
            ("hosts-extras", 5, 8),
            ("hosts-extras", 6, 9),
            ("hosts-extras", 7, 10),
            ("dns", 30, 32),
        ):
            steps = json.loads((NETWORK_RECORDINGS / cli / f"{name}.json").read_text())["steps"]
            hosts, inspect = steps[hosts_at], steps[inspect_at]
            container = inspect["argv"][-1]
            assert hosts["argv"] == ["exec", container, "cat", "/etc/hosts"]
            pairs.append(
                pytest.param(
                    json.loads(inspect["stdout"]), hosts["stdout"], id=f"{cli}-{name}-{container}"
                )
            )
    return pairs


@pytest.mark.parametrize(("document", "hosts"), _hosts_pairs())
def test_recipient_hosts_is_the_real_containers_file(document: Any, hosts: str) -> None:
    container = from_inspect(document)
    assert recipient_hosts(container, [], profile="20.10") == hosts
    assert recipient_link_env(container, [], profile="20.10") == []


def test_a_user_network_container_reads_its_networks() -> None:
    steps = json.loads((NETWORK_RECORDINGS / "cli-20.10" / "dns.json").read_text())["steps"]
    client = from_inspect(json.loads(steps[32]["stdout"]))
    assert client.network_mode == "front"
    assert not client.on_default_bridge
    assert client.ip == ""  # no default-bridge address: no link variables from it
    assert [(e.network, e.ip, e.links) for e in client.networks] == [
        ("back", "172.19.0.3", ()),
        ("front", "172.18.0.4", ("db:dbalias",)),
    ]
    assert client.own_addresses() == ("172.18.0.4", "172.19.0.3")


@pytest.mark.parametrize("mode", ["host", "none", "container:abc"])
def test_modes_without_an_own_hosts_file_are_an_error_not_an_empty_answer(mode: str) -> None:
    container = from_inspect({"HostConfig": {"NetworkMode": mode}})
    with pytest.raises(InspectError, match=f"network mode '{mode}'"):
        recipient_hosts(container, [])
