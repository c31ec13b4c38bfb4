"""Engine model edges: Docker's answers for the less travelled paths of each engine module."""

from __future__ import annotations

import pickle
import re

import pytest

from dockerlinks.engine import (
    ContainerConfig,
    Engine,
    EngineError,
    Image,
    ImageError,
    ImageNotFoundError,
    Ipam,
    IpamError,
    NoSuchContainerError,
    StartError,
    normalize_reference,
    parse_image_directive,
)
from dockerlinks.engine.adapters import config_env
from dockerlinks.engine.gotemplate import GoMap, GoStruct, render_template
from dockerlinks.engine.ps import ps_lines
from dockerlinks.errors import EnvFileError, InspectError
from dockerlinks.ports import Port

WEBAPP = "training/webapp"
POSTGRES = "training/postgres"


def running(*names: str, profile: str = "modern") -> Engine:
    engine = Engine.new(profile=profile, seed=11)
    for name in names:
        engine, _ = engine.run(ContainerConfig(POSTGRES, name=name))
    return engine


# ----------------------------------------------------------------------------- adapters


@pytest.mark.parametrize(
    ("value", "message"),
    [
        # docker/cli opts.ValidateEnv
        ("=x", "invalid environment variable: =x"),
        (1, "invalid environment variable: 1"),
    ],
)
def test_env_values_the_cli_refuses(value: object, message: str) -> None:
    with pytest.raises(EnvFileError) as info:
        config_env([value], [], [])  # type: ignore[list-item]
    assert info.value.docker_message == message


# ----------------------------------------------------------------------------- go templates

BINDING = GoStruct((("HostIP", "1.2.3.4"),), (("HostIP", "HostIp"),))
DOC = GoStruct((("P", BINDING), ("Ports", GoMap((("80/tcp", None), ("443/tcp", [BINDING]))))))


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        # The raw retry decodes JSON into map[string]interface{}: maps print as map[...],
        # JSON null as <nil>, and range walks a map's values in key order.
        ("{{.P.HostIp}} {{.P}}", "1.2.3.4 map[HostIp:1.2.3.4]"),
        ("{{.P.HostIp}} {{.Ports}}", "1.2.3.4 map[443/tcp:[map[HostIp:1.2.3.4]] 80/tcp:<nil>]"),
        ("{{.P.HostIp}}{{range .Ports}}<{{.}}>{{end}}", "1.2.3.4<[map[HostIp:1.2.3.4]]><<nil>>"),
        ("{{range .P.X}}{{end}}", None),
    ],
)
def test_raw_values_print_as_go_prints_json_values(template: str, expected: str | None) -> None:
    if expected is None:
        with pytest.raises(
            InspectError, match=re.escape('at <.P.X>: map has no entry for key "X"')
        ):
            render_template(template, DOC)
    else:
        assert render_template(template, DOC) == expected


# ----------------------------------------------------------------------------- images


@pytest.mark.parametrize("reference", ["", "bad image", "a:b:c", 7])
def test_malformed_references(reference: object) -> None:
    with pytest.raises(ImageError) as info:
        normalize_reference(reference)  # type: ignore[arg-type]
    assert info.value.docker_message == "invalid reference format"


def test_malformed_reference_on_run_is_docker_s_error() -> None:
    with pytest.raises(ImageNotFoundError) as info:
        Engine().create(ContainerConfig("bad image"))
    assert info.value.docker_message == "invalid reference format"
    assert info.value.notice == ""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "image directive: missing image name"),
        ("redis 'unclosed", "image directive: No closing quotation"),
        ("redis expose", "image directive: expected KEY=VALUE, got 'expose'"),
        ("redis env=NOVALUE", "image directive: env needs NAME=VALUE, got 'NOVALUE'"),
        ("redis env==x", "image directive: env needs NAME=VALUE, got '=x'"),
        ('redis "cmd=\'a"', "image directive: No closing quotation"),
        ("redis size=3", "image directive: unknown key 'size'"),
        ("redis expose=80,abc", "image directive: "),
    ],
)
def test_bad_image_directives(text: str, message: str) -> None:
    with pytest.raises(ImageError) as info:
        parse_image_directive(text)
    assert info.value.docker_message.startswith(message)


def test_image_directive_values() -> None:
    image = parse_image_directive("cache expose=80,,443/udp,80 env=PATH=/x workdir= cmd='a b'")
    assert image.exposed == (Port(80), Port(443, "udp"))
    assert image.env == ("PATH=/x",)
    assert (image.workdir, image.cmd) == ("/", ("a", "b"))


def test_engine_new_with_images_and_replacement() -> None:
    engine = Engine.new(images=[Image("cache:latest", exposed=(Port(6379),))])
    engine, c = engine.create(ContainerConfig("cache"))
    assert c.exposed == (Port(6379),)
    assert c.cmd == ("/bin/sh",)
    replaced = engine.with_image(Image("cache:latest", cmd=("redis-server",)))
    assert replaced.create(ContainerConfig("cache"))[1].cmd == ("redis-server",)


# ----------------------------------------------------------------------------- ipam


@pytest.mark.parametrize(
    ("subnet", "message"),
    [("nope", "invalid subnet: 'nope'"), ("10.0.0.0/31", "subnet too small: 10.0.0.0/31")],
)
def test_bad_subnets(subnet: str, message: str) -> None:
    with pytest.raises(IpamError) as info:
        Ipam(subnet=subnet)
    assert info.value.docker_message == message


def test_serial_wraps_around_and_pool_runs_out() -> None:
    pool = Ipam(subnet="10.0.0.0/29", strategy="serial")  # hosts .2 to .6
    taken = []
    for _ in range(5):
        pool, ip = pool.request()
        taken.append(ip)
    assert taken == [f"10.0.0.{n}" for n in range(2, 7)]
    with pytest.raises(IpamError) as info:
        pool.request()
    assert info.value.docker_message == "no available addresses on this pool"  # ipamapi
    pool, ip = pool.release("10.0.0.3").request()
    assert ip == "10.0.0.3"  # past .6 the search wraps to the start


@pytest.mark.parametrize(
    ("address", "message"),
    [("x", "invalid address: 'x'"), ("172.17.0.9", "address 172.17.0.9 is not allocated")],
)
def test_bad_releases(address: str, message: str) -> None:
    with pytest.raises(IpamError) as info:
        Ipam().release(address)
    assert info.value.docker_message == message


def test_engine_start_without_an_address_is_refused_unchanged() -> None:
    engine = Engine(ipam=Ipam(subnet="10.0.0.0/30"))  # one container address
    engine, _ = engine.run(ContainerConfig(POSTGRES, name="db"))
    engine, _ = engine.create(ContainerConfig(POSTGRES, name="db2"))
    with pytest.raises(StartError) as info:
        engine.start("db2")
    assert info.value.docker_message == "no available addresses on this pool"


# ----------------------------------------------------------------------------- ps


def test_ps_rows_for_exited_and_linked_containers() -> None:
    engine = running("db")
    engine, web = engine.run(ContainerConfig(WEBAPP, name="web", links=("db:db",)))
    engine, _ = engine.stop("web", exit_code=137)
    rows = ps_lines(engine, all=True, no_trunc=True)
    assert "Exited (137) Less than a second ago" in rows[1]
    assert rows[1].startswith(web.id)
    # --no-trunc shows every name of a container, link names included (formatter Names()).
    assert rows[2].endswith("db,web/db")
    assert ps_lines(engine, all=True, quiet=True) == [web.short_id, engine.get("db").short_id]


# ----------------------------------------------------------------------------- state


def test_errors_survive_pickling() -> None:
    notice = ImageNotFoundError("pull access denied", notice="Unable to find image 'x:latest'")
    copy = pickle.loads(pickle.dumps(notice))
    assert (copy.docker_message, copy.notice) == (notice.docker_message, notice.notice)
    failed = StartError("nope")
    again = pickle.loads(pickle.dumps(failed))
    assert again.docker_message == "nope"


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        # moby GetContainer: an empty reference is an invalidIdentifier (Go's %q of "")
        ("", 'invalid name or ID supplied: ""'),
        (5, "No such container: 5"),
    ],
)
def test_empty_or_non_text_reference(ref: object, message: str) -> None:
    with pytest.raises(NoSuchContainerError) as info:
        Engine().get(ref)  # type: ignore[arg-type]
    assert info.value.docker_message == message


def test_id_prefixes_resolve_when_unique_only() -> None:
    engine = Engine(seed=3)
    by_first: dict[str, list[str]] = {}
    while not any(len(ids) > 1 for ids in by_first.values()):
        engine, c = engine.create(ContainerConfig(POSTGRES))
        by_first.setdefault(c.id[0], []).append(c.id)
    shared = next(k for k, ids in by_first.items() if len(ids) > 1)
    with pytest.raises(NoSuchContainerError) as info:
        engine.get(shared)
    # moby truncindex ErrAmbiguousPrefix
    assert info.value.docker_message == f"Multiple IDs found with provided prefix: {shared}"
    one = by_first[shared][0]
    assert engine.get(one[:12]).id == one


def test_create_refuses_what_is_not_a_config() -> None:
    with pytest.raises(EngineError, match="expected a ContainerConfig, not str"):
        Engine().create("training/webapp")  # type: ignore[arg-type]


def test_stale_link_name_no_longer_resolves() -> None:
    engine = running("db")
    engine, _ = engine.run(ContainerConfig(WEBAPP, name="web", links=("db:db",)))
    engine = engine.remove("db", force=True)
    with pytest.raises(NoSuchContainerError, match="No such container: web/db"):
        engine.get("web/db")


def test_stopped_parent_keeps_its_hosts_when_the_child_restarts() -> None:
    engine = running("db")
    engine, _ = engine.run(ContainerConfig(WEBAPP, name="web", links=("db:db",)))
    engine, _ = engine.stop("web")
    before = engine.get("web").hosts
    engine, _ = engine.restart("db")
    assert engine.get("web").hosts == before


def test_rm_force_of_running_and_stopped_containers() -> None:
    engine = running("db", "db2")
    engine, _ = engine.stop("db2")
    engine = engine.remove("db", force=True).remove("db2", force=True)
    assert engine.containers == ()
    assert engine.ipam.taken == frozenset()


def test_rm_link_with_an_unknown_parent() -> None:
    # An alias may hold "/" (links.md section 1: no alias validation), so the link name's
    # parent path can name no container: moby rmLink's "Cannot get parent".
    engine = running("db")
    engine, _ = engine.run(ContainerConfig(WEBAPP, name="web", links=("db:x/y",)))
    with pytest.raises(EngineError) as info:
        engine.remove("web/x/y", link=True)
    assert info.value.docker_message == "Cannot get parent /web/x for link name /web/x/y"


def test_rm_link_of_a_stopped_parent_and_next_to_a_stale_link() -> None:
    engine = running("db", "cache")
    engine, _ = engine.run(ContainerConfig(WEBAPP, name="web", links=("db:db", "cache:cache")))
    engine = engine.remove("db", force=True)  # web keeps a stale link to db
    after = engine.remove("web/cache", link=True)
    hosts = after.get("web").hosts
    assert "\tcache " not in hosts
    engine, _ = engine.stop("web")
    stopped = engine.remove("web/cache", link=True)
    assert [lk.name for lk in stopped.links] == ["/web/db"]
    assert stopped.get("web").hosts == engine.get("web").hosts


def test_failed_restart_leaves_the_container_stopped() -> None:
    engine = running("db")
    engine, _ = engine.run(ContainerConfig(WEBAPP, name="web", links=("db:db",)))
    engine = engine.remove("db", force=True)
    with pytest.raises(StartError) as info:
        engine.restart("web")
    assert info.value.docker_message == "Cannot link to a non running container: /db AS /web/db"
    after, outcome = engine.try_restart("web")
    assert isinstance(outcome, StartError)
    assert after.get("web").status == "exited"
    assert after.get("web").ip == ""


def test_start_of_a_running_and_restart_of_a_stopped_container() -> None:
    engine = running("db")
    assert engine.start("db") == (engine, engine.get("db"))  # docker start: no-op, name printed
    engine, _ = engine.stop("db")
    engine, db = engine.restart("db")
    assert db.running
    assert db.ip == "172.17.0.2"


def test_rm_link_rewrites_the_running_parent_s_hosts_without_that_link() -> None:
    engine = running("db", "cache")
    engine, _ = engine.run(ContainerConfig(WEBAPP, name="web", links=("db:db", "cache:cache")))
    hosts = engine.remove("web/cache", link=True).get("web").hosts
    db = engine.get("db")
    assert f"{db.ip}\tdb {db.hostname}\n" in hosts
    assert "\tcache " not in hosts
