"""The compose checker: every code, exact paths, Docker's rules (``dockerlinks.compose``)."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import pytest

from dockerlinks.compose import (
    CODES,
    ENV_ENTRY_LIMIT,
    ENV_TOTAL_LIMIT,
    ComposeCheckError,
    ComposeError,
    Problem,
    check,
    load_compose_text,
    render,
)
from dockerlinks.links import DEFAULT_PATH_ENV
from dockerlinks.profiles import MODERN
from tests.vectors import cases

DATA = Path(__file__).parent / "data" / "compose"


def svc(**services: Any) -> dict[str, Any]:
    return {"services": services}


def found(problems: list[Problem]) -> list[tuple[str, str]]:
    return [(p.path, p.code) for p in problems]


def codes(problems: list[Problem]) -> set[str]:
    return {p.code for p in problems}


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


# --------------------------------------------------------------------------- fixtures

PLANTED_MODERN = [
    ("services.ssh.ports[0]", "yaml-sexagesimal"),
    ("services.ssh.ports[1]", "invalid-port"),
    ("services.ssh.ports[2]", "portability"),
    ("services.ssh.expose", "invalid-field"),
    ("services.web.hostname", "invalid-name"),
    ("services.web.links", "env-too-large"),
    ("services.web.links[0]", "secret-exposed-via-link"),
    ("services.web.links[1]", "secret-exposed-via-link"),
    ("services.web.links[2]", "env-prefix-collision"),
    ("services.web.links[3]", "invalid-link"),
    ("services.web.links[4]", "unknown-link-target"),
    ("services.api.container_name", "duplicate-container-name"),
    ("services.api.ports[0]", "port-conflict"),
    ("services.api.links[0]", "link-cycle"),
]


PROJECT_CODES = {
    "ports-with-shared-network",
    "scale-fixed-port",
    "scale-container-name",
    "ephemeral-exhausted",
    "ports-with-host-network",
    "link-alias-clash",
    "unresolved-variable",
}


def load_fixture(name: str) -> Any:
    return load_compose_text((DATA / name).read_text(encoding="utf-8"), filename=name)


def test_planted_fixture_has_every_code_at_its_exact_path() -> None:
    problems = check(load_fixture("planted.yaml"))
    assert found(problems) == PLANTED_MODERN
    # the codes of Compose's networks, replicas and variables need a loaded project
    assert codes(problems) == set(CODES) - PROJECT_CODES
    for problem in problems:
        assert problem.severity == CODES[problem.code]


def test_planted_fixture_classic_has_no_overlap_conflict() -> None:
    # Docker <= v28.2: 127.0.0.1:8080 and 0.0.0.0:8080 are independent addresses.
    problems = check(load_fixture("planted.yaml"), profile="classic")
    assert found(problems) == [f for f in PLANTED_MODERN if f[1] != "port-conflict"]


def test_planted_messages_carry_dockers_wording() -> None:
    by_path = {p.path: p.message for p in check(load_fixture("planted.yaml"))}
    assert by_path["services.ssh.ports[1]"] == "invalid proto: icmp"
    assert by_path["services.web.links[3]"] == "bad format for links: a:b:c"
    assert by_path["services.api.ports[0]"].startswith(
        "Bind for 0.0.0.0:8080 failed: port is already allocated"
    )
    assert "services.web.ports[0]" in by_path["services.api.ports[0]"]
    assert by_path["services.api.container_name"].startswith(
        'Conflict. The container name "/frontend" is already in use'
    )
    sexagesimal = by_path["services.ssh.ports[0]"]
    assert "22:22" in sexagesimal
    assert "1342" in sexagesimal
    assert 'quote it: "22:22"' in sexagesimal
    assert "line 10" in sexagesimal


def test_clean_fixture_has_no_problems() -> None:
    env = {"web.env": (DATA / "web.env").read_bytes()}
    document = load_fixture("clean.yaml")
    for profile in ("modern", "classic"):
        assert check(document, profile=profile, env_files=env) == []
    assert check(document) == []  # env files not supplied: not read


def test_clean_fixture_env_file_missing_is_an_error() -> None:
    problems = check(load_fixture("clean.yaml"), env_files={})
    assert found(problems) == [("services.web.env_file", "invalid-field")]
    assert problems[0].message == "env file web.env not found"


def test_check_is_deterministic_and_pure() -> None:
    document = load_fixture("planted.yaml")
    before = repr(document)
    assert check(document) == check(document)
    assert repr(document) == before


def test_problem_json_shape() -> None:
    problem = check(svc(web={"links": ["db"]}))[0]
    assert problem.to_dict() == {
        "code": "unknown-link-target",
        "severity": "error",
        "path": "services.web.links[0]",
        "message": problem.message,
    }


# --------------------------------------------------------------------------- input shape


@pytest.mark.parametrize(
    "data",
    [None, [], "services:", 42, {"version": "3"}, {"services": []}, {"services": "web"}],
    ids=["none", "list", "text", "number", "no-services", "services-list", "services-text"],
)
def test_not_compose_like_raises(data: Any) -> None:
    with pytest.raises(ComposeError):
        check(data)


def test_empty_services_is_fine() -> None:
    assert check({"services": None}) == []
    assert check({"services": {}}) == []
    assert check(svc(web=None)) == []


@pytest.mark.parametrize(
    ("service", "path"),
    [
        ("web", "services.web"),
        (["x"], "services.web"),
        ({"ports": "80:80"}, "services.web.ports"),
        ({"expose": 80}, "services.web.expose"),
        ({"links": "db"}, "services.web.links"),
        ({"external_links": {"a": 1}}, "services.web.external_links"),
        ({"environment": "A=1"}, "services.web.environment"),
        ({"environment": [1]}, "services.web.environment[0]"),
        ({"environment": ["=x"]}, "services.web.environment[0]"),
        ({"environment": {"A": [1]}}, "services.web.environment.A"),
        ({"environment": {1: "x"}}, "services.web.environment"),
        ({"env_file": [3]}, "services.web.env_file[0]"),
        ({"env_file": [{"path": "a", "required": "no"}]}, "services.web.env_file[0]"),
    ],
)
def test_invalid_field(service: Any, path: str) -> None:
    assert found(check(svc(web=service))) == [(path, "invalid-field")]


def test_service_and_key_paths_are_quoted_when_not_plain() -> None:
    problems = check(svc(**{"my.app": {"environment": {"A B": [1]}, "links": ["nope"]}}))
    assert found(problems) == [
        ('services["my.app"].environment["A B"]', "invalid-field"),
        ('services["my.app"].links[0]', "unknown-link-target"),
    ]


# --------------------------------------------------------------------------- ports


@pytest.mark.parametrize(
    "case",
    cases("go-connections_nat", function="ParsePortSpecs"),
    ids=lambda c: f"{c['test']}-{'-'.join(c['input'])}",
)
def test_ports_follow_go_connections(case: dict[str, Any]) -> None:
    problems = [p for p in check(svc(web={"ports": case["input"]})) if p.code == "invalid-port"]
    if "error" in case:
        assert problems, case
        if case.get("error_match") != "any":
            assert problems[0].message == case["error"]
    else:
        assert problems == []


@pytest.mark.parametrize(
    "case",
    cases("go-connections_nat", function="ParsePortSpec"),
    ids=lambda c: f"{c['test']}-{c['input']}",
)
def test_port_spec_errors_are_dockers(case: dict[str, Any]) -> None:
    problems = [p for p in check(svc(web={"ports": [case["input"]]})) if p.code == "invalid-port"]
    if "error" in case:
        assert [p.message for p in problems] == [case["error"]]
    else:
        assert problems == []


@pytest.mark.parametrize(
    "case",
    cases("compose-go_port_config", test="TestParsePortConfig"),
    ids=lambda c: c["input"] or "empty",
)
def test_compose_go_short_syntax(case: dict[str, Any]) -> None:
    problems = [p for p in check(svc(web={"ports": [case["input"]]})) if p.code == "invalid-port"]
    if "error" in case:
        # compose-go pins go-connections v0.4.0's capitalised texts; a compose binary built
        # with the current module prints them in lower case, as the current parser does.
        assert [p.message.lower() for p in problems] == [case["error"].lower()]
    else:
        assert problems == []


@pytest.mark.parametrize(
    "case", cases("compose-v1_service_port"), ids=lambda c: f"{c['test']}-{c['input']}"
)
def test_compose_v1_service_ports(case: dict[str, Any]) -> None:
    problems = [p for p in check(svc(web={"ports": [case["input"]]})) if p.code == "invalid-port"]
    if isinstance(case["input"], dict) and case["input"].get("mode") == "global":
        # compose v1 kept any mode; the long syntax is read as current Compose reads it,
        # which knows only "ingress" and "host" (a difference pinned here).
        assert [p.message for p in problems] == [
            "invalid mode 'global': must be either 'ingress' or 'host'"
        ]
        return
    assert bool(problems) == ("error" in case)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"target": 80, "published": "8080", "host_ip": "127.0.0.1"}, None),
        ({"target": 80, "published": 8080, "protocol": "udp", "mode": "host"}, None),
        ({"target": 80}, None),
        ({"published": 8080}, "invalid port entry: 'target' is required and must be a port number"),
        ({"target": 80, "colour": "red"}, "additional properties 'colour' not allowed"),
        ({"target": "80-81", "published": "8080-8081"}, "invalid containerPort: 80-81"),
    ],
)
def test_long_syntax(entry: dict[str, Any], message: str | None) -> None:
    problems = check(svc(web={"ports": [entry]}))
    if message is None:
        assert problems == []
    else:
        assert [(p.code, p.message) for p in problems] == [("invalid-port", message)]


@pytest.mark.parametrize(
    "entry", [True, None, 1.5, ["80"], b"80"], ids=["bool", "null", "float", "list", "bytes"]
)
def test_ports_entry_of_wrong_type(entry: object) -> None:
    assert found(check(svc(web={"ports": [entry]}))) == [("services.web.ports[0]", "invalid-port")]


@pytest.mark.parametrize(
    ("value", "ok"),
    [("80", True), (80, True), ("8000-8010/udp", True), ("80/tcp", True), ("8080:80", False)],
)
def test_expose(value: object, ok: bool) -> None:
    assert found(check(svc(web={"expose": [value]}))) == (
        [] if ok else [("services.web.expose[0]", "invalid-port")]
    )


def test_interpolated_values_are_left_unchecked() -> None:
    web = {
        "ports": ["${HOST_IP}:${HOST_PORT}:80", {"target": 80, "published": "${P}"}],
        "expose": ["$PORT"],
        "links": ["${DB}"],
        "container_name": "${NAME}",
        "hostname": "${HOST}",
    }
    assert check(svc(web=web)) == []


def test_portability_warning_names_who_differs() -> None:
    problems = check(svc(web={"ports": ["0080:80"]}))
    assert found(problems) == [("services.web.ports[0]", "portability")]
    assert "docker-py" in problems[0].message


# --------------------------------------------------------------------------- port conflicts

# (first service's ports, second service's ports, profile, conflict expected) — the
# allocator rules of Docker (allocator.md): modern (v28.3+) makes 0.0.0.0 conflict with every
# IPv4 address, classic keeps addresses independent; protocols never conflict; a host range
# gives each user one free port.
CONFLICTS = [
    (["8080:80"], ["8080:80"], "modern", True),
    (["8080:80"], ["8080:80"], "classic", True),
    (["8080:80"], ["127.0.0.1:8080:80"], "modern", True),
    (["8080:80"], ["127.0.0.1:8080:80"], "classic", False),
    (["127.0.0.1:8080:80"], ["127.0.0.2:8080:80"], "modern", False),
    (["127.0.0.1:8080:80"], ["127.0.0.1:8080:80"], "classic", True),
    (["8080:80"], ["8080:80/udp"], "modern", False),
    (["8080:80/udp"], ["8080:53/udp"], "modern", True),
    (["8080:80"], ["[::1]:8080:80"], "modern", True),
    (["8080-8081:80-81"], ["8081:80"], "modern", True),
    (["8000-8001:80"], ["8000-8001:80"], "modern", False),
    (["80"], ["80"], "modern", False),
    (["0:80"], ["0:80"], "modern", False),
]


@pytest.mark.parametrize(("first", "second", "profile", "conflict"), CONFLICTS)
def test_port_conflicts(first: list[str], second: list[str], profile: str, conflict: bool) -> None:
    problems = check(svc(a={"ports": first}, b={"ports": second}), profile=profile)
    assert found(problems) == ([("services.b.ports[0]", "port-conflict")] if conflict else [])


def test_host_range_too_small_for_everyone_sharing_it() -> None:
    config = svc(
        a={"ports": ["8000-8001:80"]},
        b={"ports": ["8000-8001:80"]},
        c={"ports": ["8000-8001:80"]},
    )
    problems = check(config)
    assert found(problems) == [("services.c.ports[0]", "port-conflict")]
    assert "services.a.ports[0]" in problems[0].message
    assert "services.b.ports[0]" in problems[0].message


def test_exact_ports_are_claimed_before_ranges() -> None:
    # The range user is listed first, but the exact port still gets its port: 8000 goes to
    # c, and a and b share what is left of the range (one port: b cannot have one).
    config = svc(
        a={"ports": ["8000-8001:80"]},
        b={"ports": ["8000-8001:81"]},
        c={"ports": ["8000:82"]},
    )
    assert found(check(config)) == [("services.b.ports[0]", "port-conflict")]


def test_duplicate_binding_within_one_service() -> None:
    assert found(check(svc(a={"ports": ["8080:80", "8080:80"]}))) == [
        ("services.a.ports[1]", "port-conflict")
    ]


# --------------------------------------------------------------------------- links


@pytest.mark.parametrize("case", cases("moby_parse_link"), ids=lambda c: c["input"] or "empty")
def test_links_follow_moby(case: dict[str, Any]) -> None:
    problems = check(svc(web={"external_links": [case["input"]]}))
    if "error" in case:
        assert [(p.code, p.message) for p in problems] == [("invalid-link", case["error"])]
    else:
        assert problems == []


def test_unknown_link_target_but_external_links_are_not_checked() -> None:
    problems = check(svc(web={"links": ["db"], "external_links": ["legacy_db:db2"]}))
    assert found(problems) == [("services.web.links[0]", "unknown-link-target")]


@pytest.mark.parametrize(
    ("services", "path", "cycle"),
    [
        ({"web": {"links": ["web"]}}, "services.web.links[0]", "web -> web"),
        (
            {"a": {"links": ["b"]}, "b": {"links": ["a"]}},
            "services.a.links[0]",
            "a -> b -> a",
        ),
        (
            {"x": {}, "a": {"links": ["x", "c"]}, "b": {"links": ["a"]}, "c": {"links": ["b"]}},
            "services.a.links[1]",
            "a -> c -> b -> a",
        ),
    ],
)
def test_link_cycles(services: dict[str, Any], path: str, cycle: str) -> None:
    problems = check({"services": services})
    assert found(problems) == [(path, "link-cycle")]
    assert cycle in problems[0].message


@pytest.mark.parametrize(
    ("links", "reported"),
    [
        (["db:my-db", "cache:my_db"], True),
        (["db:DB", "cache:db"], True),  # aliases differing in case: one prefix, DB_
        (["db:x", "cache:x"], True),  # same alias: Docker ignores the second link
        (["db", "db:db"], False),  # the same link twice: a no-op for Docker
        (["db:a-b", "cache:a_c"], False),
    ],
)
def test_env_prefix_collision(links: list[str], reported: bool) -> None:
    config = svc(db={}, cache={}, web={"links": links})
    assert found(check(config)) == ([("services.web.links[1]", "env-prefix-collision")] * reported)


def test_env_prefix_collision_without_link_variables() -> None:
    # Docker v29 sets no link variables by default: differing aliases no longer collide, but
    # a reused alias still loses the second link.
    quiet = MODERN.evolve(link_vars=False)
    assert (
        check(svc(db={}, cache={}, web={"links": ["db:my-db", "cache:my_db"]}), profile=quiet) == []
    )
    assert found(
        check(svc(db={}, cache={}, web={"links": ["db:x", "cache:x"]}), profile=quiet)
    ) == [("services.web.links[1]", "env-prefix-collision")]


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize("case", cases("moby_container_names"), ids=lambda c: c["input"])
def test_container_names_follow_moby(case: dict[str, Any]) -> None:
    problems = check(svc(web={"container_name": case["input"]}))
    if "error" in case:
        assert found(problems) == [("services.web.container_name", "invalid-name")]
        if case.get("error_match") != "any":
            assert problems[0].message == case["error"]
    else:
        assert problems == []


def test_duplicate_container_name() -> None:
    problems = check(svc(a={"container_name": "app"}, b={}, c={"container_name": "app"}))
    assert found(problems) == [("services.c.container_name", "duplicate-container-name")]


@pytest.mark.parametrize(
    ("hostname", "ok"),
    [
        ("web", True),
        ("web.example.com", True),
        ("a b", False),
        ("a#b", False),
        ("", False),
        ("x" * 64, True),
        ("x" * 65, False),
        (7, False),
    ],
)
def test_hostname(hostname: object, ok: bool) -> None:
    assert found(check(svc(web={"hostname": hostname}))) == (
        [] if ok else [("services.web.hostname", "invalid-name")]
    )


@pytest.mark.parametrize(
    ("name", "ok"), [("web", True), ("web.v2_a-b", True), ("a b", False), ("café", False)]
)
def test_service_name(name: str, ok: bool) -> None:
    assert found(check({"services": {name: {}}})) == (
        [] if ok else [(f'services["{name}"]'.replace("é", "\\u00e9"), "invalid-name")]
    )


# --------------------------------------------------------------------------- link env


@pytest.mark.parametrize(
    ("name", "secret"),
    [
        ("DB_PASSWORD", True),
        ("API_KEY", True),
        ("AWS_SECRET_ACCESS_KEY", True),
        ("GITHUB_TOKEN", True),
        ("dbPassword", True),
        ("SMTP_PASS", True),
        ("MYSQL_ROOT_PWD", True),
        ("MONKEY", False),
        ("KEYBOARD_LAYOUT", False),
        ("TOKENIZER_PATH", False),
        ("SECRETARY", False),
        ("PWD", False),
        ("PASS_THROUGH", False),
        ("LOG_LEVEL", False),
    ],
)
def test_secret_exposed_via_link(name: str, secret: bool) -> None:
    config = svc(db={"environment": {name: "x"}}, web={"links": ["db:store"]})
    problems = check(config)
    assert found(problems) == ([("services.web.links[0]", "secret-exposed-via-link")] * secret)
    if secret:
        assert f"STORE_ENV_{name}" in problems[0].message


def test_secret_in_env_file_reaches_link() -> None:
    config = svc(db={"env_file": ".env"}, web={"links": ["db"]})
    problems = check(config, env_files={".env": "DB_PASSWORD=s3cret\n"})
    assert found(problems) == [("services.web.links[0]", "secret-exposed-via-link")]


def test_bare_environment_names_take_values_from_environ() -> None:
    config = svc(db={"environment": ["API_KEY"]}, web={"links": ["db"]})
    assert check(config) == []  # not in the environment: not set, nothing forwarded
    assert codes(check(config, environ={"API_KEY": "k"})) == {"secret-exposed-via-link"}


def test_env_too_large_with_a_large_exposed_range() -> None:
    # EXPOSE 32768-65535 on a linked container: "argument list too long" (moby/moby#20274).
    config = svc(db={"expose": ["32768-65535"]}, web={"links": ["db"]})
    assert found(check(config)) == [("services.web.links", "env-too-large")]
    assert check(config, profile=MODERN.evolve(link_vars=False)) == []


def test_env_not_too_large_with_a_thousand_ports() -> None:
    config = svc(db={"expose": ["8000-8999"]}, web={"links": ["db"]})
    assert check(config) == []


def test_env_too_large_for_one_variable() -> None:
    config = svc(db={"environment": {"BLOB": "x" * ENV_ENTRY_LIMIT}}, web={"links": ["db"]})
    problems = check(config)
    assert found(problems) == [("services.web.links[0]", "env-too-large")]
    assert "DB_ENV_BLOB" in problems[0].message


# --------------------------------------------------------------------------- order


def test_problems_follow_document_order_then_code() -> None:
    config = svc(
        b={"links": ["zz"], "ports": ["x"]},
        a={"ports": ["y"], "links": ["b:b", "b:B"], "container_name": "-"},
    )
    assert found(check(config)) == [
        ("services.b.links[0]", "unknown-link-target"),
        ("services.b.ports[0]", "invalid-port"),
        ("services.a.ports[0]", "invalid-port"),
        ("services.a.links[1]", "env-prefix-collision"),
        ("services.a.container_name", "invalid-name"),
    ]


def test_sexagesimal_only_reported_in_ports_and_expose() -> None:
    text = (
        "services:\n  web:\n    ports: [21:21]\n    expose: [1:1]\n"
        "    environment:\n      T: 1:30\n"
    )
    problems = check(load_compose_text(text))
    assert found(problems) == [
        ("services.web.ports[0]", "yaml-sexagesimal"),
        ("services.web.expose[0]", "yaml-sexagesimal"),
        ("services.web.expose[0]", "invalid-port"),
    ]


def test_sexagesimal_in_long_syntax() -> None:
    text = "services:\n  web:\n    ports:\n      - target: 80\n        published: 1:1\n"
    problems = check(load_compose_text(text))
    assert ("services.web.ports[0].published", "yaml-sexagesimal") in found(problems)


# --------------------------------------------------------------------------- edge cases


def test_wide_exact_range_is_claimed_before_a_host_range_over_it() -> None:
    # 10,001 exact host ports (more than the conflict message scans port by port) leave
    # nothing of the same host range for the service that asked for any one of them.
    config = svc(a={"ports": ["10000-20000:80"]}, b={"ports": ["10000-20000:10000-20000"]})
    problems = check(config)
    assert found(problems) == [("services.a.ports[0]", "port-conflict")]
    assert problems[0].message == (
        "all ports are allocated: host range 10000-20000/tcp is too small for everyone "
        "sharing it (taken by services.b.ports[0])"
    )


def test_a_refused_entry_holds_no_ports() -> None:
    # Docker allocates a container's bindings all or nothing: b's refused range keeps none
    # of its free ports (8001, 8002), so c can have 8002.
    config = svc(
        a={"ports": ["8000:80"]},
        b={"ports": ["8001-8003:81-83"]},
        c={"ports": ["8002:80"]},
    )
    config["services"]["a"]["ports"].append("8003:90")
    problems = check(config)
    assert found(problems) == [("services.b.ports[0]", "port-conflict")]
    assert problems[0].message.startswith("Bind for 0.0.0.0:8003 failed")


def _sized_environment(total: int) -> dict[str, str]:
    """Variables whose entries (with NUL and pointer) take exactly ``total`` bytes."""
    env: dict[str, str] = {}
    index = 0
    while total > 0:
        name = f"V{index:03d}"
        size = min(total, 100_000)
        if 0 < total - size < 20:
            size -= 40
        env[name] = "x" * (size - len(name) - 1 - 1 - 8)
        total -= size
        index += 1
    return env


@pytest.mark.parametrize(("spare", "reported"), [(0, False), (-1, True)])
def test_env_too_large_exactly_at_execs_limit(spare: int, reported: bool) -> None:

    fixed = [f"PATH={DEFAULT_PATH_ENV}", "HOSTNAME=web", "DB_NAME=/project-web-1/db"]
    own = ENV_TOTAL_LIMIT - sum(len(entry) + 1 + 8 for entry in fixed) - spare
    config = svc(db={}, web={"hostname": "web", "links": ["db"], "environment": {}})
    config["services"]["web"]["environment"] = _sized_environment(own)
    assert found(check(config)) == ([("services.web.links", "env-too-large")] * reported)


def test_own_environment_alone_is_not_a_link_problem() -> None:
    config = svc(web={"environment": _sized_environment(ENV_TOTAL_LIMIT + 1)})
    assert check(config) == []


def test_link_env_not_built_for_a_service_docker_refuses_by_name() -> None:
    config = svc(db={"expose": ["32768-65535"]}, **{"web app": {"links": ["db"]}})
    assert found(check(config)) == [('services["web app"]', "invalid-name")]


def test_compose_check_error_survives_pickling() -> None:

    with pytest.raises(ComposeCheckError) as caught:
        render(svc(web={"links": ["db"]}))
    copy = pickle.loads(pickle.dumps(caught.value))
    assert copy.docker_message == caught.value.docker_message
    assert copy.problems == caught.value.problems


def test_repeated_entries_are_each_checked_and_reported() -> None:
    # Entries with the same text are parsed once per check; each is still reported.
    config = svc(
        a={"ports": ["0080:80", "x"], "expose": ["5432", "8080:80"]},
        b={"ports": ["0080:80", "x"], "expose": ["5432", "8080:80"]},
    )
    assert found(check(config)) == [
        ("services.a.ports[0]", "portability"),
        ("services.a.ports[1]", "invalid-port"),
        ("services.a.expose[1]", "invalid-port"),
        ("services.b.ports[0]", "port-conflict"),
        ("services.b.ports[0]", "portability"),
        ("services.b.ports[1]", "invalid-port"),
        ("services.b.expose[1]", "invalid-port"),
    ]


@pytest.mark.parametrize("entry", [None, 1.5, True, ["80"]], ids=["null", "float", "bool", "list"])
def test_expose_entry_of_wrong_type(entry: object) -> None:
    problems = check(svc(web={"expose": [entry]}))
    assert found(problems) == [("services.web.expose[0]", "invalid-port")]
    assert problems[0].message.startswith("an expose entry must be a string or a number, not ")
