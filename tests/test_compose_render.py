"""Rendering a valid document: start order, bindings, link env, hosts (``compose.render``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dockerlinks.compose import ComposeCheckError, ComposeFile, load_compose_text, render
from dockerlinks.compose.render import MAX_RENDERED_LINK_BYTES
from dockerlinks.errors import ComposeError
from dockerlinks.ports import PortBinding

DATA = Path(__file__).parent / "data" / "compose"


def clean() -> ComposeFile:
    return load_compose_text((DATA / "clean.yaml").read_text(encoding="utf-8"))


def test_start_order_follows_links_then_file_order() -> None:
    config = {
        "services": {
            "web": {"links": ["api"]},
            "api": {"links": ["db"], "depends_on": {"cache": {"condition": "service_started"}}},
            "db": {},
            "cache": {},
            "tool": {},
        }
    }
    assert render(config).start_order == ("db", "cache", "api", "web", "tool")


def test_clean_fixture_web() -> None:
    rendering = render(clean(), env_files={"web.env": b"WORKERS=4\n"})
    assert rendering.start_order == ("db", "cache", "search", "web", "worker")
    web = rendering.service("web")
    assert (web.container_name, web.hostname, web.ip) == ("shop-web-1", "web", "172.17.0.5")
    # HostConfig.Links: "<child name>:<full link name>" (docker inspect).
    assert web.links == (
        "/shop-db-1:/shop-web-1/db",
        "/shop-cache-1:/shop-web-1/redis",
        "/shop-search:/shop-web-1/search",
        "/mailer:/shop-web-1/smtp",
    )
    # A binding on the default address gets its "::" twin on the same port (Engine v27+);
    # an explicit address gets none.
    assert web.ports.to_api() == {
        "80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8080"}, {"HostIp": "::", "HostPort": "8080"}],
        "443/tcp": [{"HostIp": "127.0.0.1", "HostPort": "8443"}],
        "9090/tcp": [
            {"HostIp": "0.0.0.0", "HostPort": "9090"},
            {"HostIp": "::", "HostPort": "9090"},
        ],
    }
    # Link variables: P_PORT, four per port, P_NAME, P_ENV_* (moby daemon/links/links.go).
    assert web.link_env[:8] == (
        "DB_PORT=tcp://172.17.0.2:5432",
        "DB_PORT_5432_TCP=tcp://172.17.0.2:5432",
        "DB_PORT_5432_TCP_ADDR=172.17.0.2",
        "DB_PORT_5432_TCP_PORT=5432",
        "DB_PORT_5432_TCP_PROTO=tcp",
        "DB_NAME=/shop-web-1/db",
        "DB_ENV_POSTGRES_DB=shop",
        "DB_ENV_POSTGRES_USER=shop",
    )
    assert "REDIS_NAME=/shop-web-1/redis" in web.link_env
    assert not any(line.startswith("SMTP_") for line in web.link_env)  # external: unknown
    hosts = web.hosts.splitlines()
    assert hosts[0] == "127.0.0.1\tlocalhost"
    db = rendering.service("db")
    # Link line: "<ip>\t<alias> <child hostname>[ <child name>]", own line last.
    assert hosts[-4] == f"172.17.0.2\tdb {db.hostname} shop-db-1"
    assert hosts[-1] == "172.17.0.5\tweb"


def test_ranges_and_ephemeral_ports_are_allocated_deterministically() -> None:
    config = {
        "services": {
            "a": {"ports": ["8000-8002:80", "5000"]},
            "b": {"ports": ["8000-8002:80", "5000"]},
        }
    }
    first = render(config)
    assert first == render(config)
    a, b = first.service("a"), first.service("b")
    # The allocator's next-fit: 8000 then 8001 from the range, 49153 then 49154 ephemeral.
    a80 = next(bs for p, bs in a.ports.entries if p.number == 80)
    assert a80 == (PortBinding("0.0.0.0", "8000"), PortBinding("::", "8000"))
    b80 = next(bs for p, bs in b.ports.entries if p.number == 80)
    b5000 = next(bs for p, bs in b.ports.entries if p.number == 5000)
    assert b80 is not None
    assert b80[0] == PortBinding("0.0.0.0", "8001")
    assert b5000 is not None
    assert b5000[0] == PortBinding("0.0.0.0", "49154")


def test_exposed_only_ports_are_null() -> None:
    rendering = render({"services": {"db": {"expose": ["5432"]}}})
    assert rendering.service("db").ports.to_api() == {"5432/tcp": None}


def test_classic_profile_link_env() -> None:
    config = {
        "services": {"dns": {"expose": ["53/udp", "80"]}, "web": {"links": ["dns"]}},
    }
    # classic: the lowest port number wins P_PORT regardless of protocol (moby
    # daemon/links/links.go).
    assert render(config, profile="classic").service("web").link_env[0] == (
        "DNS_PORT=udp://172.17.0.2:53"
    )
    assert render(config).service("web").link_env[0] == "DNS_PORT=tcp://172.17.0.2:80"


def test_render_refuses_a_document_with_errors() -> None:
    with pytest.raises(ComposeCheckError) as info:
        render({"services": {"web": {"links": ["db"]}}})
    assert [p.code for p in info.value.problems] == ["unknown-link-target"]


def test_to_dict_shape() -> None:
    rendering = render({"services": {"db": {}, "web": {"links": ["db"]}}}, project="p")
    data = rendering.to_dict("web")
    assert data["start_order"] == ["db", "web"]
    assert list(data["services"]) == ["web"]
    assert set(data["services"]["web"]) == {
        "container_name",
        "hostname",
        "ip",
        "ports",
        "links",
        "link_env",
        "hosts",
    }
    assert data["services"]["web"]["links"] == ["/p-db-1:/p-web-1/db"]
    with pytest.raises(KeyError):
        rendering.service("nope")


def test_a_rendering_of_gigabytes_is_refused_before_it_is_built() -> None:
    # issue 10: a 1 KB file (1-65535 exposed, linked under many aliases) asked for gigabytes
    links = [f"db:a{i}" for i in range(100)]
    document = {
        "services": {
            "db": {"image": "x", "expose": ["1-65535"]},
            "web": {"image": "y", "links": links},
        }
    }
    with pytest.raises(ComposeError, match=f"more than {MAX_RENDERED_LINK_BYTES} bytes"):
        render(document, profile="modern")
    # one alias (about 12 MB of variables) is rendered
    document["services"]["web"]["links"] = ["db:a0"]
    web = render(document, profile="modern").service("web")
    assert len(web.link_env) == 1 + 4 * 65535 + 4 + 1
