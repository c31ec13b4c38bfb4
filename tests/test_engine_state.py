"""Engine model: Docker's rules and messages, and properties over random command sequences."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dockerlinks.client.output import tabwrite
from dockerlinks.engine import (
    ConflictError,
    ContainerConfig,
    Engine,
    EngineError,
    Image,
    ImageNotFoundError,
    Ipam,
    IpamError,
    LinkError,
    NoSuchContainerError,
    StartError,
    normalize_reference,
    parse_image_directive,
)
from dockerlinks.engine.gotemplate import render_template
from dockerlinks.engine.inspect import inspect_document
from dockerlinks.errors import ContainerNameError, DockerLinksError
from dockerlinks.hosts import parse_hosts
from dockerlinks.ports import Port

WEBAPP = "training/webapp"
POSTGRES = "training/postgres"


def running(*names: str, profile: str = "modern") -> Engine:
    engine = Engine.new(profile=profile, seed=11)
    for name in names:
        engine, _ = engine.run(ContainerConfig(POSTGRES, name=name))
    return engine


def cfg(image: str = WEBAPP, **kw: object) -> ContainerConfig:
    return ContainerConfig(image, **kw)  # type: ignore[arg-type]


def seeded(profile: str = "modern") -> Engine:
    engine = Engine.new(profile=profile, seed=7)
    engine, _ = engine.run(cfg(POSTGRES, name="db"))
    return engine


# ----------------------------------------------------------------------------- messages
# Docker's own texts (moby daemon/links/links.go; moby daemon sources named there).

CONFLICT = (
    'Conflict. The container name "/web" is already in use by container "{id}". '
    "You have to remove (or rename) that container to be able to reuse that name."
)


def test_name_conflict_message_names_the_holder() -> None:
    engine, web = seeded().run(cfg(name="web"))
    with pytest.raises(ConflictError) as info:
        engine.run(cfg(name="web"))
    assert info.value.docker_message == CONFLICT.format(id=web.id)


def test_link_to_missing_container() -> None:
    with pytest.raises(LinkError) as info:
        Engine().create(cfg(name="web", links=("db:db",)))
    assert info.value.docker_message == "could not get container for db: No such container: db"


def test_link_with_an_empty_name_is_an_invalid_identifier() -> None:
    # moby daemon/errors.go invalidIdentifier: "invalid name or ID supplied: %q"
    with pytest.raises(LinkError) as info:
        Engine().create(cfg(name="web", links=(":alias",)))
    assert (
        info.value.docker_message == 'could not get container for : invalid name or ID supplied: ""'
    )


def test_link_to_itself_fails_at_lookup() -> None:
    with pytest.raises(LinkError) as info:
        Engine().create(cfg(name="web", links=("web:me",)))
    assert info.value.docker_message == "could not get container for web: No such container: web"


def test_link_to_stopped_child_fails_at_start_and_run_leaves_created_container() -> None:
    engine, _ = seeded().stop("db")
    with pytest.raises(StartError) as info:
        engine.run(cfg(name="web", links=("db:db",)))
    assert info.value.docker_message == "Cannot link to a non running container: /db AS /web/db"
    created, container = engine.create(cfg(name="web", links=("db:db",)))
    after, outcome = created.try_start(container.id)
    assert isinstance(outcome, StartError)
    assert after.get("web").status == "created"


def test_failed_start_with_rm_removes_the_container() -> None:
    engine, _ = seeded().stop("db")
    created, container = engine.create(cfg(name="web", links=("db:db",), auto_remove=True))
    after, outcome = created.try_start(container.id)
    assert isinstance(outcome, StartError)
    assert after.find("web") is None
    # nothing leaked: only the ID/name generator moved on (Docker drew an ID too)
    assert (after.containers, after.links, after.ipam, after.allocator) == (
        engine.containers,
        engine.links,
        engine.ipam,
        engine.allocator,
    )


def test_no_such_container() -> None:
    with pytest.raises(NoSuchContainerError) as info:
        Engine().start("nope")
    assert info.value.docker_message == "No such container: nope"


def test_unknown_image() -> None:
    with pytest.raises(ImageNotFoundError) as info:
        Engine().run(cfg("nosuch/image"))
    assert info.value.notice == "Unable to find image 'nosuch/image:latest' locally"
    # the create's 404, as recorded with `docker run --pull never nosuch/image` on 20.10
    assert info.value.docker_message == "No such image: nosuch/image:latest"
    with pytest.raises(ImageNotFoundError) as pulled:
        Engine().pull("nosuch/image")
    assert pulled.value.docker_message.startswith("pull access denied for nosuch/image")


@pytest.mark.parametrize(
    ("name", "ok"),
    # moby daemon_test.go TestValidContainerNames (moby daemon/links/links.go)
    [
        ("-rm", False),
        ("&sdfsfd", False),
        ("safd%sd", False),
        ("word-word", True),
        ("word_word", True),
        ("1weoid", True),
    ],
)
def test_container_names(name: str, ok: bool) -> None:
    if ok:
        assert Engine().create(cfg(name=name))[1].name == "/" + name
    else:
        with pytest.raises(ContainerNameError) as info:
            Engine().create(cfg(name=name))
        assert info.value.docker_message == (
            f"Invalid container name ({name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed"
        )


def test_rm_running_needs_force() -> None:
    engine = seeded()
    with pytest.raises(ConflictError) as info:
        engine.remove("db")
    assert info.value.docker_message == (
        'cannot remove container "db": container is running: stop the container before '
        "removing or force remove"
    )
    assert engine.remove("db", force=True).find("db") is None


def test_rm_link() -> None:
    engine, _ = seeded().run(cfg(name="web", links=("db:db",)))
    with pytest.raises(ConflictError) as info:
        engine.remove("db", link=True)
    assert info.value.docker_message == (
        "Conflict, cannot remove the default link name of the container"
    )
    after = engine.remove("web/db", link=True)
    assert after.host_config_links(after.get("web")) == []
    assert after.find("web/db") is None
    assert after.get("db").running


# ----------------------------------------------------------------------------- rules


def test_hostname_is_the_first_12_hex_of_the_id() -> None:
    _, c = Engine().create(cfg())
    assert c.hostname == c.id[:12]
    assert Engine().create(cfg(hostname="fred"))[1].hostname == "fred"


def test_link_names_are_registered_and_resolve_to_the_child() -> None:
    engine, _ = seeded().run(cfg(name="web", links=("db:db",)))
    assert engine.get("web/db").name == "/db"
    assert engine.host_config_links(engine.get("web")) == ["/db:/web/db"]


def test_duplicate_alias_keeps_the_first() -> None:
    engine, _ = seeded().run(cfg(POSTGRES, name="other"))
    engine, web = engine.run(cfg(name="web", links=("db:up", "other:up")))
    assert engine.host_config_links(web) == ["/db:/web/up"]


def test_removing_child_leaves_a_stale_link() -> None:
    engine, _web = seeded().run(cfg(name="web", links=("db:db",)))
    engine = engine.remove("db", force=True)
    assert engine.host_config_links(engine.get("web")) == ["/db:/web/db"]
    assert "db" in engine.get("web").hosts
    engine, _ = engine.stop("web")
    with pytest.raises(StartError) as info:
        engine.start("web")
    assert info.value.docker_message == "Cannot link to a non running container: /db AS /web/db"


def test_removing_parent_releases_link_names() -> None:
    engine, _ = seeded().run(cfg(name="web", links=("db:db",)))
    engine = engine.remove("web", force=True)
    assert engine.find("web/db") is None


def test_restart_rewrites_hosts_but_never_env() -> None:
    engine, _ = Engine(seed=1).run(cfg(POSTGRES, name="db"))
    engine, _ = engine.run(cfg(name="low"))  # 172.17.0.3
    engine, web = engine.run(cfg(name="web", links=("db:db",)))
    engine = engine.remove("low", force=True)
    engine, _ = engine.stop("db")
    engine, _ = engine.run(cfg(name="filler"))  # takes db's old address
    engine, db = engine.start("db")
    web_after = engine.get("web")
    assert db.ip == "172.17.0.3"
    assert web_after.process_env == web.process_env
    assert any(r.ip == "172.17.0.3" and r.names[0] == "db" for r in parse_hosts(web_after.hosts))


def test_rm_option_removes_on_exit() -> None:
    # a finite program exits at start: --rm removes the container at once
    engine, c = Engine().run(cfg(auto_remove=True, cmd=("env",)))
    assert engine.find(c.id) is None
    # a long-running one is removed when it exits
    engine, c = Engine().run(cfg(auto_remove=True))
    assert engine.find(c.id) is not None
    engine, _ = engine.exit(c.id)
    assert engine.find(c.id) is None


def test_env_merge_and_link_env() -> None:
    engine = seeded()
    engine, web = engine.run(cfg(name="web", links=("db:webdb",), env=("A=1",)))
    assert web.env[0] == "A=1"
    assert "WEBDB_NAME=/web/webdb" in web.process_env
    assert "WEBDB_ENV_PG_VERSION=9.3" in web.process_env
    assert not any(e.startswith("WEBDB_ENV_PATH") for e in web.process_env)


def test_env_file_and_host_lookup() -> None:
    _engine, c = Engine().create(
        cfg(env_files=("X=1\nHOME\n",), env=("Y",), host_env=(("Y", "2"), ("HOME", "/h")))
    )
    assert c.env[:3] == ("X=1", "HOME=/h", "Y=2")


def test_publish_all_and_port_reuse() -> None:
    engine, a = Engine().run(cfg(publish_all=True))
    assert a.ports.get(Port(5000)) is not None
    engine, b = engine.run(cfg(publish=("80:5000",)))
    with pytest.raises(StartError) as info:
        engine.run(cfg(publish=("80:5000",)))
    assert info.value.docker_message.endswith(
        "Bind for 0.0.0.0:80 failed: port is already allocated"
    )
    assert "failed to set up container networking: " in info.value.docker_message
    del b


def test_classic_port_error_has_no_networking_prefix() -> None:
    engine, _ = Engine(profile="classic").run(cfg(publish=("80:5000",)))
    with pytest.raises(StartError) as info:
        engine.run(cfg(publish=("80:5000",)))
    assert info.value.docker_message.startswith("driver failed programming")


def test_stop_releases_address_and_ports() -> None:
    engine, c = Engine().run(cfg(publish=("80:5000",)))
    engine, _ = engine.stop(c.id)
    engine, d = engine.run(cfg(publish=("80:5000",)))
    assert d.ip == "172.17.0.2"


def test_ipam_strategies() -> None:
    pool, a = Ipam().request()
    pool, b = pool.request()
    assert (a, b) == ("172.17.0.2", "172.17.0.3")
    assert pool.release(a).request()[1] == a
    serial, x = Ipam(strategy="serial").request()
    assert serial.release(x).request()[1] == "172.17.0.3"
    tiny = Ipam(subnet="10.0.0.0/30")
    tiny, only = tiny.request()
    assert only == "10.0.0.2"
    with pytest.raises(IpamError, match="no available addresses on this pool"):
        tiny.request()
    with pytest.raises(IpamError):
        Ipam().release("172.17.0.9")


def test_images() -> None:
    assert normalize_reference("training/webapp") == "training/webapp:latest"
    with pytest.raises(DockerLinksError, match="invalid reference format"):
        normalize_reference("bad image")
    image = parse_image_directive("redis:7 expose=6379,7000-7001/udp env=A=1 workdir=/data")
    assert isinstance(image, Image)
    assert [str(p) for p in image.exposed] == ["6379/tcp", "7000/udp", "7001/udp"]
    _engine, c = Engine().with_image(image).run(cfg("redis:7"))
    assert c.workdir == "/data"


# ----------------------------------------------------------------------------- inspect


def test_inspect_templates_as_docker_prints_them() -> None:
    engine, web = seeded().run(cfg(name="web", links=("db:db",), publish=("127.0.0.1:80:5000",)))
    doc = inspect_document(engine, web)
    assert render_template("{{ .HostConfig.Links }}", doc) == "[/db:/web/db]"
    assert render_template("{{.Name}}", doc) == "/web"
    assert render_template("{{.HostConfig.PortBindings}}", doc) == "map[5000/tcp:[{127.0.0.1 80}]]"
    # v29 removed the field: the CLI's raw-JSON retry runs with missingkey=error.
    with pytest.raises(DockerLinksError) as info:
        render_template("{{.NetworkSettings.IPAddress}}", doc)
    assert info.value.docker_message == (
        'template parsing error: template: :1:18: executing "" at <.NetworkSettings.IPAddress>: '
        'map has no entry for key "IPAddress"'
    )
    classic = Engine(profile="classic")
    classic, db = classic.run(cfg(POSTGRES, name="db"))
    assert render_template("{{ .NetworkSettings.IPAddress }}", inspect_document(classic, db)) == (
        "172.17.0.2"
    )
    assert render_template("{{json .Config.ExposedPorts}}", inspect_document(classic, db)) == (
        '{"5432/tcp":{}}'
    )


def test_inspect_modern_empty_host_ip_prints_invalid_ip() -> None:
    engine, c = Engine().run(cfg(publish=("80:5000",)))
    assert render_template("{{.HostConfig.PortBindings}}", inspect_document(engine, c)) == (
        "map[5000/tcp:[{invalid IP 80}]]"
    )


def test_tabwriter() -> None:
    assert tabwrite([["CONTAINER ID", "NAMES"], ["abc", "web"]]) == [
        "CONTAINER ID   NAMES",
        "abc            web",
    ]


# ----------------------------------------------------------------------------- properties

_NAMES = ("a1", "b2", "c3", "d4")
_op = st.one_of(
    st.tuples(
        st.just("run"),
        st.sampled_from((*_NAMES, None)),
        st.lists(st.sampled_from(_NAMES), max_size=2),
        st.lists(
            st.sampled_from(["80:5000", "8000-8002:5000", "127.0.0.1::5000", "5000"]), max_size=2
        ),
        st.booleans(),
    ),
    st.tuples(st.sampled_from(["start", "stop", "restart", "rm", "rmf"]), st.sampled_from(_NAMES)),
)


def _apply(engine: Engine, op: tuple[object, ...]) -> Engine:
    kind = op[0]
    before = engine
    try:
        if kind == "run":
            _, name, links, publish, publish_all = op
            config = cfg(
                name=name,
                links=tuple(f"{n}:{n}" for n in links),  # type: ignore[attr-defined]
                publish=tuple(publish),  # type: ignore[arg-type]
                publish_all=bool(publish_all),
            )
            try:
                engine, _ = engine.create(config)
            except EngineError:
                assert engine == before
                return engine
            except DockerLinksError:
                return engine
            created = engine
            try:
                engine, _ = engine.start(engine.latest().id)  # type: ignore[union-attr]
            except StartError:
                return created
            return engine
        ref = str(op[1])
        if kind == "start":
            engine, _ = engine.start(ref)
        elif kind == "stop":
            engine, _ = engine.stop(ref)
        elif kind == "restart":
            engine, _ = engine.try_restart(ref)  # a failed start leaves it stopped
        elif kind == "rm":
            engine = engine.remove(ref)
        else:
            engine = engine.remove(ref, force=True)
    except EngineError:
        assert engine == before  # a refused operation changes nothing
    return engine


def _invariants(engine: Engine) -> None:
    names = [c.name for c in engine.containers]
    assert len(names) == len(set(names))
    registry = engine.names()
    assert len(registry) == len(names) + len({lk.name for lk in engine.links} - set(names))
    bound: set[tuple[str, str, str]] = set()
    ips: set[str] = set()
    for c in engine.containers:
        if not c.running:
            assert c.ip == ""
            continue
        assert c.ip not in ips
        ips.add(c.ip)
        mine = {
            (b.host_ip, port.proto, b.host_port)
            for port, bindings in c.ports.entries
            for b in bindings or ()
        }
        assert not mine & bound  # no host port held by two containers
        bound |= mine
        records = parse_hosts(c.hosts)
        for link in engine.parent_links(c):
            child = engine.find(link.child_id)
            if child is not None and child.running:
                assert any(r.ip == child.ip and r.names[0] == link.alias for r in records)


@settings(max_examples=60, deadline=None)
@given(st.lists(_op, max_size=14))
def test_random_sequences_keep_docker_invariants(ops: list[tuple[object, ...]]) -> None:
    engine = Engine(seed=3)
    envs: dict[str, tuple[str, ...]] = {}
    for op in ops:
        engine = _apply(engine, op)
        _invariants(engine)
        for c in engine.containers:
            if c.running:
                key = c.id
                if key in envs:
                    prev = envs[key]
                    if prev != c.process_env:
                        # only a fresh start may change the snapshot
                        assert op[0] in ("start", "restart", "run")
                envs[key] = c.process_env
            else:
                envs.pop(c.id, None)


@settings(max_examples=40, deadline=None)
@given(st.lists(_op, max_size=10))
def test_env_never_changes_while_running(ops: list[tuple[object, ...]]) -> None:
    engine = Engine(seed=5)
    for op in ops:
        running_before = {c.id: c.process_env for c in engine.containers if c.running}
        engine = _apply(engine, op)
        if op[0] in ("restart",):
            target = engine.find(str(op[1]))
            skip = target.id if target else None
        else:
            skip = None
        for c in engine.containers:
            if c.running and c.id in running_before and c.id != skip:
                assert c.process_env == running_before[c.id]


def test_engine_start_without_an_address_is_refused_unchanged() -> None:
    engine = Engine(ipam=Ipam(subnet="10.0.0.0/30"))  # one container address
    engine, _ = engine.run(ContainerConfig(POSTGRES, name="db"))
    engine, _ = engine.create(ContainerConfig(POSTGRES, name="db2"))
    with pytest.raises(StartError) as info:
        engine.start("db2")
    assert info.value.docker_message == "no available addresses on this pool"


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
    with pytest.raises(EngineError, match="expected a ContainerConfig or CreateRequest, not "):
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
    # An alias may hold "/" (moby daemon/links/links.go: no alias validation), so the link name's
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
