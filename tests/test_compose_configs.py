"""Small compose files a CI user plausibly has, each with Docker's and Compose's exact answer.

Every expected problem is ``(code, path, message fragment)``; the severity follows from the code
(``CODES``). The expected values come from the rules of Docker and Compose, not from the
checker: moby libnetwork/portallocator (modern: ``0.0.0.0`` overlaps every IPv4 address,
``::`` every IPv6 one; classic: only equal addresses; protocols independent; IPv4-mapped
addresses are the IPv4 address), go-connections nat/nat.go and docker/cli opts (the ``-p``
and ``--expose`` grammars, the YAML 1.1 base-60 trap of docker/compose#3109), moby
daemon/links/links.go (link parsing, container names, first link wins, the variable prefix,
every child variable copied), and compose-go
(``loader/validate.go``: a link or ``depends_on`` naming no service is "depends on undefined
service"; ``graph/cycle.go``: "dependency cycle detected"; ``loader/loader.go``: the project
name is normalised; ``dotenv``: env files may write ``export NAME=value``).
"""

from __future__ import annotations

from typing import Any

import pytest

from dockerlinks.compose import CODES, ComposeError, Problem, check, load_compose_text
from dockerlinks.compose.render import render

Expected = list[tuple[str, str, str]]


def run(text: str, **options: Any) -> list[Problem]:
    return check(load_compose_text(text), **options)


def assert_problems(problems: list[Problem], expected: Expected) -> None:
    assert [(p.code, p.path) for p in problems] == [(code, path) for code, path, _ in expected]
    for problem, (code, _, fragment) in zip(problems, expected, strict=True):
        assert problem.severity == CODES[code]
        assert fragment in problem.message, (problem.message, fragment)


# (id, YAML text, expected in modern, expected in classic)
CONFIGS: list[tuple[str, str, Expected, Expected]] = [
    (
        "long-syntax-host-ip-vs-all-addresses",
        """
services:
  admin:
    image: admin
    ports:
      - target: 80
        published: "8080"
        host_ip: 127.0.0.1
  web:
    image: web
    ports:
      - target: 81
        published: 8080
""",
        [
            (
                "port-conflict",
                "services.web.ports[0]",
                "Bind for 127.0.0.1:8080 failed: port is already allocated "
                "(host port 8080/tcp of services.admin.ports[0])",
            )
        ],
        [],
    ),
    (
        "long-syntax-two-loopback-addresses",
        """
services:
  a:
    ports: [{target: 80, published: 8080, host_ip: 127.0.0.1}]
  b:
    ports: [{target: 80, published: 8080, host_ip: 127.0.0.2}]
""",
        [],
        [],
    ),
    (
        "short-syntax-loopback-then-all",
        """
services:
  a:
    ports: ["127.0.0.1:8080:80"]
  b:
    ports: ["8080:80"]
""",
        [("port-conflict", "services.b.ports[0]", "port is already allocated")],
        [],
    ),
    (
        "same-address-conflicts-in-every-profile",
        """
services:
  a:
    ports: ["127.0.0.1:5432:5432"]
  b:
    ports: ["127.0.0.1:5432:5432"]
""",
        [("port-conflict", "services.b.ports[0]", "Bind for 127.0.0.1:5432 failed")],
        [("port-conflict", "services.b.ports[0]", "Bind for 127.0.0.1:5432 failed")],
    ),
    (
        "ipv4-mapped-address-is-the-ipv4-address",
        """
services:
  a:
    ports: ["127.0.0.1:8080:80"]
  b:
    ports: ["[::ffff:127.0.0.1]:8080:80"]
""",
        [("port-conflict", "services.b.ports[0]", "of services.a.ports[0]")],
        [("port-conflict", "services.b.ports[0]", "of services.a.ports[0]")],
    ),
    (
        "ipv6-any-overlaps-ipv6-loopback",
        """
services:
  a:
    ports: ["[::1]:9000:80"]
  b:
    ports: ["9000:80"]
  c:
    ports: ["127.0.0.2:9001:80", "[::1]:9001:80"]
""",
        [("port-conflict", "services.b.ports[0]", "Bind for ::1:9000 failed")],
        [],
    ),
    (
        "host-range-shared-by-three",
        """
services:
  a: {image: x, ports: ["8000-8001:80"]}
  b: {image: x, ports: ["8000-8001:80"]}
  c: {image: x, ports: ["8000-8001:80"]}
""",
        [
            (
                "port-conflict",
                "services.c.ports[0]",
                "all ports are allocated: host range 8000-8001/tcp is too small for everyone "
                "sharing it (taken by services.a.ports[0], services.b.ports[0])",
            )
        ],
        [("port-conflict", "services.c.ports[0]", "too small for everyone sharing it")],
    ),
    (
        "overlapping-host-ranges",
        """
services:
  a: {ports: ["8000-8005:80-85"]}
  b: {ports: ["8003-8008:90-95"]}
  c: {ports: ["8006-8009:100-103"]}
""",
        [("port-conflict", "services.b.ports[0]", "Bind for 0.0.0.0:8003 failed")],
        [("port-conflict", "services.b.ports[0]", "Bind for 0.0.0.0:8003 failed")],
    ),
    (
        "udp-and-tcp-share-a-number",
        """
services:
  dns:
    ports: ["53:53/udp", "53:53/tcp"]
  other:
    ports: ["53:5353/udp"]
  metrics:
    ports: ["8125:8125/udp", "8125:8125"]
""",
        [("port-conflict", "services.other.ports[0]", "Bind for 0.0.0.0:53 failed")],
        [("port-conflict", "services.other.ports[0]", "Bind for 0.0.0.0:53 failed")],
    ),
    (
        "expose-with-protocols",
        """
services:
  app:
    expose: ["80/udp", "9000-9001/tcp", "5000/sctp", 8080, "8081/TCP", "8080:80", "70000"]
""",
        [
            (
                "invalid-port",
                "services.app.expose[5]",
                "invalid range format for --expose: invalid start port '8080:80': invalid syntax",
            ),
            ("invalid-port", "services.app.expose[6]", "value out of range"),
        ],
        [
            ("invalid-port", "services.app.expose[5]", "invalid port format for --expose: 8080:80"),
            ("invalid-port", "services.app.expose[6]", "invalid range format for --expose: 70000"),
        ],
    ),
    (
        "links-to-undefined-services-and-external-links",
        """
services:
  web:
    image: web
    links: [db, "cache:redis"]
    external_links: [legacy-db, "shared_redis_1:queue", "/ops:/ops/monitor"]
""",
        [
            (
                "unknown-link-target",
                "services.web.links[0]",
                'service "web" depends on undefined service "db"',
            ),
            ("unknown-link-target", "services.web.links[1]", 'undefined service "cache"'),
        ],
        [
            ("unknown-link-target", "services.web.links[0]", "no service db"),
            ("unknown-link-target", "services.web.links[1]", "no service cache"),
        ],
    ),
    (
        "depends-on-undefined-service",
        """
services:
  web:
    depends_on: [db]
  worker:
    depends_on:
      queue: {condition: service_started, required: false}
""",
        [
            (
                "unknown-link-target",
                "services.web.depends_on[0]",
                'service "web" depends on undefined service "db": invalid compose project',
            ),
            ("unknown-link-target", "services.worker.depends_on.queue", '"queue"'),
        ],
        [
            ("unknown-link-target", "services.web.depends_on[0]", '"db"'),
            ("unknown-link-target", "services.worker.depends_on.queue", '"queue"'),
        ],
    ),
    (
        "self-links",
        """
services:
  web: {links: [web]}
  api: {links: ["api:self"]}
""",
        [
            ("link-cycle", "services.web.links[0]", "dependency cycle detected: web -> web"),
            ("link-cycle", "services.api.links[0]", "api -> api"),
        ],
        [
            ("link-cycle", "services.web.links[0]", "web -> web"),
            ("link-cycle", "services.api.links[0]", "api -> api"),
        ],
    ),
    (
        "three-cycle",
        """
services:
  a: {links: [b]}
  b: {links: [c]}
  c: {links: [a]}
  d: {links: [a]}
""",
        [("link-cycle", "services.a.links[0]", "a -> b -> c -> a")],
        [("link-cycle", "services.a.links[0]", "a -> b -> c -> a")],
    ),
    (
        "cycle-through-depends-on",
        """
services:
  api:
    links: [db]
  db:
    depends_on:
      migrate: {condition: service_completed_successfully}
  migrate:
    depends_on: [api]
""",
        [("link-cycle", "services.api.links[0]", "api -> db -> migrate -> api")],
        [("link-cycle", "services.api.links[0]", "api -> db -> migrate -> api")],
    ),
    (
        "container-names",
        """
services:
  a: {container_name: web}
  b: {container_name: web}
  c: {container_name: "-rm"}
  d: {container_name: a}
  e: {container_name: web/x}
  f: {container_name: /web}
  g: {container_name: 1weoid}
""",
        [
            (
                "duplicate-container-name",
                "services.b.container_name",
                'Conflict. The container name "/web" is already in use',
            ),
            (
                "invalid-name",
                "services.c.container_name",
                "Invalid container name (-rm), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed",
            ),
            ("invalid-name", "services.d.container_name", "Invalid container name (a)"),
            ("invalid-name", "services.e.container_name", "Invalid container name (web/x)"),
            ("duplicate-container-name", "services.f.container_name", '"/web"'),
        ],
        [
            ("duplicate-container-name", "services.b.container_name", '"/web"'),
            ("invalid-name", "services.c.container_name", "(-rm)"),
            ("invalid-name", "services.d.container_name", "(a)"),
            ("invalid-name", "services.e.container_name", "(web/x)"),
            ("duplicate-container-name", "services.f.container_name", '"/web"'),
        ],
    ),
    (
        "alias-prefix-collisions",
        """
services:
  db: {}
  cache: {}
  web:
    links: ["db:my-db", "cache:my_db"]
  api:
    links: ["db:DB", "cache:db"]
  admin:
    links: ["db:store", "cache:store"]
  ok:
    links: ["db", "db:db", "cache:db.cache"]
""",
        [
            (
                "env-prefix-collision",
                "services.web.links[1]",
                "aliases my-db (services.web.links[0]) and my_db both give the variable prefix "
                "MY_DB_",
            ),
            ("env-prefix-collision", "services.api.links[1]", "variable prefix DB_"),
            (
                "env-prefix-collision",
                "services.admin.links[1]",
                "alias store is already the link to db (services.admin.links[0]): Docker keeps "
                "the first link and silently ignores this one to cache",
            ),
        ],
        [
            ("env-prefix-collision", "services.web.links[1]", "MY_DB_"),
            ("env-prefix-collision", "services.api.links[1]", "DB_"),
            ("env-prefix-collision", "services.admin.links[1]", "already the link to db"),
        ],
    ),
    (
        "secrets-in-list-and-mapping-forms",
        """
services:
  db:
    environment:
      - POSTGRES_PASSWORD=example
      - POSTGRES_USER=app
      - PGDATA=/data
  cache:
    environment:
      REDIS_PASSWORD: hunter2
      apiKey: k
      MONKEY: banana
      HOME: /root
  web:
    links: [db, "cache:redis"]
""",
        [
            (
                "secret-exposed-via-link",
                "services.web.links[0]",
                "POSTGRES_PASSWORD of service db reaches web as DB_ENV_POSTGRES_PASSWORD",
            ),
            (
                "secret-exposed-via-link",
                "services.web.links[1]",
                "REDIS_PASSWORD, apiKey of service cache reach web as "
                "REDIS_ENV_REDIS_PASSWORD, REDIS_ENV_apiKey",
            ),
        ],
        [
            ("secret-exposed-via-link", "services.web.links[0]", "DB_ENV_POSTGRES_PASSWORD"),
            ("secret-exposed-via-link", "services.web.links[1]", "REDIS_ENV_apiKey"),
        ],
    ),
    (
        "null-environment-values-are-not-forwarded",
        """
services:
  db:
    environment:
      API_TOKEN:
      LOG_LEVEL: debug
      DEBUG: true
  web:
    links: [db]
""",
        [],
        [],
    ),
    (
        "numbers-and-base-60",
        """
services:
  web:
    ports:
      - 80
      - 8080:80
      - 22:22
      - "2222:22"
      - 1:30.5
      - 0x1F90
""",
        [
            (
                "yaml-sexagesimal",
                "services.web.ports[2]",
                "unquoted 22:22 (line 7, column 9) is the base-60 number 1342 in YAML 1.1 "
                '(PyYAML, docker-compose v1) and the text "22:22" in YAML 1.2 (Compose v2): '
                'quote it: "22:22"',
            ),
            ("yaml-sexagesimal", "services.web.ports[4]", "base-60 number 90.5"),
            ("invalid-port", "services.web.ports[4]", "invalid containerPort: 30.5"),
        ],
        [
            ("yaml-sexagesimal", "services.web.ports[2]", "1342"),
            ("yaml-sexagesimal", "services.web.ports[4]", "90.5"),
            ("invalid-port", "services.web.ports[4]", "invalid containerPort: 30.5"),
        ],
    ),
    (
        "anchors-and-merge-keys",
        """
x-web: &web
  image: web
  ports: ["8080:80"]
  environment: &env
    SECRET_KEY: s
services:
  blue:
    <<: *web
  green:
    <<: *web
  canary:
    <<: *web
    ports: ["8081:80"]
    environment: *env
  proxy:
    links: [blue, green]
""",
        [
            ("port-conflict", "services.green.ports[0]", "of services.blue.ports[0]"),
            ("secret-exposed-via-link", "services.proxy.links[0]", "BLUE_ENV_SECRET_KEY"),
            ("secret-exposed-via-link", "services.proxy.links[1]", "GREEN_ENV_SECRET_KEY"),
        ],
        [
            ("port-conflict", "services.green.ports[0]", "Bind for 0.0.0.0:8080 failed"),
            ("secret-exposed-via-link", "services.proxy.links[0]", "SECRET_KEY"),
            ("secret-exposed-via-link", "services.proxy.links[1]", "SECRET_KEY"),
        ],
    ),
    (
        "non-string-keys-and-values",
        """
services:
  1: {image: one, ports: ["7000:80"]}
  2024-01-01:
    image: two
    ports: [7000]
    links: [1, "1"]
  null:
    ports: [7000:80]
""",
        [
            ("invalid-link", "services.2024-01-01.links[0]", "must be a string, not the number 1"),
            ("port-conflict", "services.null.ports[0]", "of services.1.ports[0]"),
        ],
        [
            ("invalid-link", "services.2024-01-01.links[0]", "the number 1"),
            ("port-conflict", "services.null.ports[0]", "Bind for 0.0.0.0:7000 failed"),
        ],
    ),
    (
        "boolean-service-key",
        """
services:
  true:
    ports: [22:22]
""",
        [("yaml-sexagesimal", "services.true.ports[0]", "1342")],
        [("yaml-sexagesimal", "services.true.ports[0]", "1342")],
    ),
    (
        "empty-services",
        """
name: My Shop
services:
  web:
  db: {}
""",
        [],
        [],
    ),
]


@pytest.mark.parametrize(
    ("text", "modern", "classic"),
    [case[1:] for case in CONFIGS],
    ids=[case[0] for case in CONFIGS],
)
def test_config(text: str, modern: Expected, classic: Expected) -> None:
    assert_problems(run(text), modern)
    assert_problems(run(text, profile="classic"), classic)


def test_json_input() -> None:
    text = """{
      "services": {
        "a": {"image": "x", "ports": ["8080:80", 9000]},
        "b": {"image": "x", "ports": [{"target": 80, "published": 8080}], "links": ["a:x"]},
        "c": {"image": "x", "ports": ["8080:80/udp"], "links": ["a:x", "b:x"]}
      }
    }"""
    problems = check(load_compose_text(text, filename="compose.json"))
    assert_problems(
        problems,
        [
            ("port-conflict", "services.b.ports[0]", "of services.a.ports[0]"),
            ("env-prefix-collision", "services.c.links[1]", "alias x is already the link to a"),
        ],
    )


def test_env_file_contents_with_export_and_comments() -> None:
    # Compose's env file reader accepts "export NAME=value" (compose-go dotenv).
    text = "services:\n  db:\n    env_file: [db.env]\n  web:\n    links: [db]\n"
    env = "# database\nexport MYSQL_ROOT_PASSWORD=x\n  export MYSQL_USER=app\nTZ=UTC\n"
    problems = run(text, env_files={"db.env": env})
    assert_problems(
        problems,
        [
            (
                "secret-exposed-via-link",
                "services.web.links[0]",
                "MYSQL_ROOT_PASSWORD of service db reaches web as DB_ENV_MYSQL_ROOT_PASSWORD",
            )
        ],
    )
    assert run(text, env_files={"db.env": env.encode()}) == problems
    bad = {"db.env": "MY VAR=1\n"}
    assert_problems(
        run(text, env_files=bad),
        [("invalid-field", "services.db.env_file[0]", "invalid env file (db.env): variable")],
    )


def test_optional_env_file_may_be_missing() -> None:
    text = "services:\n  db:\n    env_file:\n      - path: db.env\n        required: false\n"
    assert run(text, env_files={}) == []
    required = text.replace("false", "true")
    assert_problems(
        run(required, env_files={}),
        [("invalid-field", "services.db.env_file[0]", "env file db.env not found")],
    )


def test_null_environment_value_taken_from_the_shell() -> None:
    text = "services:\n  db:\n    environment:\n      API_TOKEN:\n  web:\n    links: [db]\n"
    assert run(text) == []
    assert_problems(
        run(text, environ={"API_TOKEN": "t"}),
        [("secret-exposed-via-link", "services.web.links[0]", "DB_ENV_API_TOKEN")],
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- services\n", "the top level is a list"),
        ("true\n", "the top level is a boolean"),
        ("42\n", "the top level is a number"),
        ("2024-01-01\n", "the top level is a date"),
        ("services: [web]\n", "'services' must be a mapping, not a list"),
        ("version: '3'\n", "it has no 'services' key"),
    ],
    ids=["list", "boolean", "number", "date", "services-list", "no-services"],
)
def test_not_compose_like(text: str, message: str) -> None:
    with pytest.raises(ComposeError, match=message):
        run(text)


def test_project_name_is_normalised_as_compose_does() -> None:

    text = "name: My Shop!\nservices:\n  db: {}\n  web:\n    links: [db]\n"
    rendering = render(load_compose_text(text))
    assert rendering.service("web").links == ("/myshop-db-1:/myshop-web-1/db",)
    unnamed = render(load_compose_text("name: '!!'\nservices:\n  db: {}\n"))
    assert unnamed.service("db").container_name == "project-db-1"
