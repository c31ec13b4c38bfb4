"""A seeded generator of realistic ``docker`` CLI sessions for the daemon recordings.

``generate(seed)`` is deterministic (a plain :class:`random.Random` of the seed and nothing
else): the same seed always gives the same commands, so the recordings of two CLIs of one
seed run the same session. Each session has a topic (its first scene) and mixes a few more
scenes, 10 to 40 commands in all::

    >>> seq = generate(3)
    >>> seq == generate(3), 10 <= len(seq.commands) <= 40
    (True, True)
    >>> seq.topic in TOPICS
    True

A command's words may hold a reference to the container an earlier command created, resolved
by the recorder from what Docker printed (users copy IDs and generated names from the screen):
``@{id:N}`` (the 64-hex ID that command ``N`` printed), ``@{short:N}`` (its 12-hex prefix),
``@{name:N}`` (that container's generated name). :func:`resolve_word` does the substitution.

Safety: containers run only ``env``, ``cat``, ``hostname``, ``getent hosts`` (of the session's
own names, from ``/etc/hosts``), ``printenv``, ``echo``, ``pwd`` and the images' idle main
programs; no command sends traffic to a container or looks up an outside name; every
``run``/``create`` names a local image (or an invalid reference, refused before any pull).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from typing import TypeVar

import attrs

__all__ = ["TOPICS", "Command", "CommandSequence", "generate", "references", "resolve_word"]

WEB = "training/webapp"
PG = "training/postgres"
MULTI = "dlrec/multitcp"
SCTP = "dlrec/multiport"
MANYENV = "dlrec/manyenv"
NOEXPOSE = "dlrec/noexpose"
PRINTENV = "dlrec/printenv"
UDP = "dlrec/udp"

#: Host ports a session may publish on. Never 2024 (a host service) nor the ephemeral range.
_PORTS = (80, 81, 3000, 5000, 5001, 8000, 8080, 8081, 8088, 8443, 8888, 9090, 9999, 10080)

_T = TypeVar("_T")
_REF = re.compile(r"@\{(id|short|name):(\d+)\}")
_ID = re.compile(r"\b[0-9a-f]{64}\b")


@attrs.frozen
class Command:
    """One ``docker`` invocation: argv without the program, optional standard input."""

    argv: tuple[str, ...]
    stdin: str | None = None
    scene: str = ""


@attrs.frozen
class CommandSequence:
    """A whole session: its seed, topic and commands."""

    seed: int
    topic: str
    commands: tuple[Command, ...]


def references(word: str) -> list[tuple[str, int]]:
    """The ``(kind, index)`` references in one word.

    >>> references("@{name:3}")
    [('name', 3)]
    """
    return [(m.group(1), int(m.group(2))) for m in _REF.finditer(word)]


def resolve_word(word: str, stdout_of: Callable[[int], str | None]) -> str | None:
    """``word`` with each reference replaced, or ``None`` if an earlier command printed no ID.

    ``stdout_of(n)`` gives command ``n``'s output; a ``name`` reference is left as
    ``@{name:ID}`` for the recorder to look up.

    >>> resolve_word("@{short:0}", lambda n: "ab" * 32 + "\\n")
    'abababababab'
    >>> resolve_word("x", lambda n: None)
    'x'
    """
    missing = False

    def sub(match: re.Match[str]) -> str:
        nonlocal missing
        out = stdout_of(int(match.group(2)))
        found = _ID.findall(out or "")
        if not found:
            missing = True
            return ""
        ident: str = found[-1]
        kind = match.group(1)
        if kind == "id":
            return ident
        if kind == "short":
            return ident[:12]
        return "@{name:" + ident + "}"

    out = _REF.sub(sub, word)
    return None if missing else out


def ref(kind: str, index: int) -> str:
    """A reference word (see the module docs)."""
    return "@{" + f"{kind}:{index}" + "}"


class _Builder:
    """Commands of one session, and what the generator believes about its containers."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.commands: list[Command] = []
        self.scene = ""
        self.names: dict[str, str] = {}  # every name handed out -> image
        self.live: dict[str, str] = {}  # believed running, by name -> image
        self.ports: set[int] = set()

    # ---------------------------------------------------------------- basics
    def add(self, *argv: str, stdin: str | None = None) -> int:
        self.commands.append(Command(tuple(argv), stdin, self.scene))
        return len(self.commands) - 1

    def pick(self, items: Sequence[_T]) -> _T:
        return items[self.rng.randrange(len(items))]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def name(self, base: str) -> str:
        if base not in self.names:
            self.names[base] = ""
            return base
        n = 2
        while f"{base}{n}" in self.names:
            n += 1
        self.names[f"{base}{n}"] = ""
        return f"{base}{n}"

    def port(self) -> int:
        free = [p for p in _PORTS if p not in self.ports]
        if not free:
            free = [p for p in range(11000, 11100) if p not in self.ports]
        chosen = free[self.rng.randrange(len(free))]
        self.ports.add(chosen)
        return chosen

    def rm_cmd(self) -> tuple[str, ...]:
        return ("container", "rm") if self.chance(0.2) else ("rm",)

    def run_d(
        self,
        image: str,
        *opts: str,
        name: str | None = None,
        cmd: Sequence[str] = (),
        live: bool = True,
    ) -> int:
        argv = ["run", "-d"]
        if name is not None:
            argv += ["--name", name]
            self.names[name] = image
        argv += [*opts, image, *cmd]
        index = self.add(*argv)
        if name is not None and live:
            self.live[name] = image
        return index

    def some_live(self) -> str | None:
        if not self.live:
            return None
        return self.pick(sorted(self.live))

    def python(self) -> tuple[str, ...]:
        return ("python", "app.py") if self.chance(0.6) else ()

    # ---------------------------------------------------------------- glue
    def glance(self) -> None:
        """What users type between steps: ps, port, a status check."""
        roll = self.rng.random()
        target = self.some_live()
        if roll < 0.35:
            self.add(*self.pick(_PS_FORMS))
        elif roll < 0.55 and target:
            self.add("port", target)
        elif roll < 0.7 and target:
            self.add("inspect", "-f", "{{.State.Status}}", target)
        elif roll < 0.8:
            self.add("ps", "-a")


_PS_FORMS: tuple[tuple[str, ...], ...] = (
    ("ps",),
    ("ps", "-a"),
    ("ps", "-l"),
    ("ps", "-q"),
    ("ps", "-aq"),
    ("ps", "--no-trunc"),
    ("ps", "-n", "2"),
    ("ps", "-a", "--format", "{{.Names}}"),
    ("ps", "--format", "{{.Names}}\t{{.Ports}}"),
    ("ps", "--format", "{{.ID}} {{.Status}}"),
    ("ps", "-a", "--format", "table {{.Names}}\t{{.Status}}\t{{.Ports}}"),
    ("ps", "--format", "table {{.ID}}\t{{.Ports}}"),
    ("container", "ls"),
    ("container", "ls", "-a", "--format", "{{.Names}}: {{.Ports}}"),
    ("ps", "--filter", "publish=5000"),
    ("ps", "--filter", "expose=5000"),
    ("ps", "-a", "--filter", "status=exited", "--format", "{{.Names}}"),
    ("ps", "--format", "{{json .Ports}}"),
)

# ============================================================================ scenes


def scene_walkthrough(b: _Builder) -> None:
    """The "Legacy container links" page, command for command (with small variations)."""
    first = b.run_d(WEB, "-P", cmd=("python", "app.py"))
    b.add("ps", "-l")
    b.add("port", ref("name", first), "5000")
    b.ports.update({80, 8000})
    b.run_d(WEB, "-p", "80:5000", cmd=("python", "app.py"))
    b.run_d(WEB, "-p", "8000-9000:5000", cmd=("python", "app.py"))
    b.run_d(WEB, "-p", "127.0.0.1:80:5000", cmd=("python", "app.py"))
    b.run_d(WEB, "-p", "127.0.0.1::5000", cmd=("python", "app.py"))
    b.run_d(WEB, "-p", "127.0.0.1:80:5000/udp", cmd=("python", "app.py"))
    b.add("port", ref("name", first), "5000")
    web, db = b.name("web"), b.name("db")
    b.run_d(WEB, "-P", name=web, cmd=("python", "app.py"))
    b.add("ps", "-l")
    b.run_d(PG, name=db)
    b.add("container", "rm", "-f", web) if b.chance(0.5) else b.add("rm", "-f", web)
    b.run_d(WEB, "-P", "--link", f"{db}:db", name=web, cmd=("python", "app.py"))
    b.run_d(WEB, "-P", "--link", db, name=web, cmd=("python", "app.py"))
    b.add("inspect", "-f", "{{ .HostConfig.Links }}", web)
    b.add("run", "--rm", "--name", b.name("web2"), "--link", f"{db}:db", WEB, "env")
    alias = b.pick(("webdb", "db", "database"))
    b.add(
        "run", "-i", "--rm", "--link", f"{db}:{alias}", WEB, "/bin/bash", stdin="cat /etc/hosts\n"
    )
    b.add("restart", db)
    b.add("run", "-i", "--rm", "--link", f"{db}:db", WEB, "/bin/bash", stdin="cat /etc/hosts\n")


def scene_publish_forms(b: _Builder) -> None:
    """Every valid -p form, each followed by a look at what it published."""
    p = b.port()
    q = b.port()
    forms = [
        f"{p}:5000",
        f"{q}-{q + 50}:5000",
        f"127.0.0.1:{b.port()}:5000",
        "127.0.0.1::5000",
        f"127.0.0.1:{b.port()}:5000/udp",
        "5000",
        "5000/udp",
        f"{p}:5000/udp",
        f"0.0.0.0:{b.port()}:5000",
        f"[::]:{b.port()}:5000",
        f"[::1]:{b.port()}:5000",
        "[::1]::5000",
        f"127.0.0.2:{b.port()}:5000",
        f"{b.port()}:5000/tcp",
        "0.0.0.0::5000",
    ]
    b.rng.shuffle(forms)
    for spec in forms[: b.rng.randint(3, 7)]:
        named = b.chance(0.6)
        name = b.name(b.pick(("web", "app", "site", "api"))) if named else None
        index = b.run_d(WEB, "-p", spec, name=name, cmd=b.python())
        who = name if name else ref(b.pick(("name", "short")), index)
        roll = b.rng.random()
        if roll < 0.5:
            b.add("port", who)
        elif roll < 0.75:
            b.add("port", who, b.pick(("5000", "5000/tcp", "5000/udp")))
        elif roll < 0.9:
            b.add("inspect", "-f", "{{json .NetworkSettings.Ports}}", who)
    if b.chance(0.6):
        b.add("ps")


def scene_publish_ranges(b: _Builder) -> None:
    """Ranges on both sides, ranges of the container side on an image without them."""
    base = b.pick(("7000", "7100", "7200"))
    lo = int(base)
    name = b.name("ranged")
    b.run_d(MULTI, "-p", f"{lo}-{lo + 2}:9000-9002", name=name)
    b.add("port", name)
    b.add("port", name, "9001")
    other = b.name("ranged")
    b.run_d(WEB, "-p", f"{lo + 10}-{lo + 12}:{lo + 10}-{lo + 12}", name=other)
    b.add("port", other)
    b.add("inspect", "-f", "{{json .HostConfig.PortBindings}}", other)
    if b.chance(0.6):
        b.run_d(WEB, "-p", f"{lo + 20}-{lo + 21}:5000", name=b.name("pair"))
        b.run_d(WEB, "-p", f"{lo + 20}-{lo + 21}:5000", name=b.name("pair"))
        b.run_d(WEB, "-p", f"{lo + 20}-{lo + 21}:5000", name=b.name("pair"))
        b.add("ps", "-a", "--format", "{{.Names}} {{.Status}} {{.Ports}}")
    if b.chance(0.5):
        b.run_d(WEB, "-p", f"127.0.0.1:{lo + 30}-{lo + 32}:6000-6002/udp", name=b.name("udpr"))
        b.add("port", b.pick(sorted(n for n in b.names if n.startswith("udpr"))))


_INVALID_P = (
    "80:5000/foo",
    "abc:5000",
    "80:abc",
    "70000:5000",
    "65536:5000",
    "8000-8001:5000-5003",
    "8001-8000:5000",
    "1.2.3:80:5000",
    "127.0.0.1:80:5000:9",
    "",
    "80:",
    ":5000",
    "-1:5000",
    "127.0.0.1:abc:5000",
    "[::1:80:5000",
    "::1:8080:80",
    "80:5000/tcp/udp",
    "0:5000",
    "80-:5000",
    "localhost:80:5000",
    "5000-5001",
    "80:5000-5001",
    "127.0.0.1:80-81:5000-5003",
    "80/udp:5000",
)


def scene_publish_invalid(b: _Builder) -> None:
    """-p specs the CLI (or the daemon) refuses, with each kind of error."""
    specs = list(_INVALID_P)
    b.rng.shuffle(specs)
    for spec in specs[: b.rng.randint(4, 9)]:
        verb = "create" if b.chance(0.2) else "run"
        if verb == "run":
            b.add("run", "-d", "-p", spec, WEB, *b.python())
        else:
            b.add("create", "-p", spec, WEB)
    if b.chance(0.5):
        b.add("ps", "-a")


_LONG_P = (
    "published=8080,target=5000",
    "published=8081,target=5000,protocol=udp",
    "target=5000",
    "mode=host,published=8082,target=5000",
    "published=8083,target=5000,mode=ingress",
    "published=8084,target=5000,protocol=tcp",
    "target=abc",
    "published=8085",
    "foo=bar,target=5000",
    "published=8086-8087,target=5000",
    "published=,target=5000",
    "target=5000,protocol=icmp",
    "published=8088,target=5000,host_ip=127.0.0.1",
)


def scene_publish_long(b: _Builder) -> None:
    """The long syntax ``published=…,target=…`` (and its errors)."""
    specs = list(_LONG_P)
    b.rng.shuffle(specs)
    for spec in specs[: b.rng.randint(3, 6)]:
        name = b.name("longp")
        b.run_d(WEB, "-p", spec, name=name, live=False)
        if b.chance(0.5):
            b.add("port", name)
    b.add("ps", "-a", "--format", "{{.Names}}\t{{.Status}}\t{{.Ports}}")


def scene_publish_ipv6(b: _Builder) -> None:
    """IPv6 host addresses, with and without brackets."""
    p1, p2, p3 = b.port(), b.port(), b.port()
    specs = [
        f"[::1]:{p1}:5000",
        f"::1:{p2}:5000",
        f"[::]:{p3}:5000",
        "[::1]::5000",
        f"[::1]:{p1}:5000/udp",
        f"[fe80::1]:{b.port()}:5000",
        f"203.0.113.7:{b.port()}:5000",
        f"[::ffff:127.0.0.1]:{b.port()}:5000",
    ]
    b.rng.shuffle(specs)
    for spec in specs[: b.rng.randint(3, 6)]:
        name = b.name("v6")
        b.run_d(WEB, "-p", spec, name=name, live=False)
        b.add("port", name) if b.chance(0.6) else b.add(
            "inspect", "-f", "{{json .NetworkSettings.Ports}}", name
        )
    b.add("ps", "-a", "--format", "{{.Names}} {{.Ports}}")


def scene_publish_all(b: _Builder) -> None:
    """-P on images with several exposed ports of several protocols."""
    name = b.name(b.pick(("multi", "svc", "edge")))
    b.run_d(MULTI, "-P", name=name)
    b.add("port", name)
    b.add("inspect", "-f", "{{json .NetworkSettings.Ports}}", name)
    b.add(
        "inspect",
        "-f",
        "{{range $p, $conf := .NetworkSettings.Ports}}{{$p}} -> {{(index $conf 0).HostPort}}\n"
        "{{end}}",
        name,
    )
    b.add("port", name, b.pick(("53/udp", "80", "9002/tcp", "1234/udp", "53")))
    b.add("ps", "--format", "{{.Names}}: {{.Ports}}")
    extra: list[Callable[[], int]] = [
        lambda: b.run_d(SCTP, "-P", name=b.name("sctp"), live=False),
        lambda: b.run_d(UDP, "-P", name=b.name("dns")),
        lambda: b.run_d(NOEXPOSE, "-P", name=b.name("quiet")),
        lambda: b.run_d(MULTI, "-P", "-p", f"{b.port()}:80", name=b.name("mixed")),
        lambda: b.run_d(MANYENV, "-P", name=b.name("cache")),
        lambda: b.run_d(PG, "-P", name=b.name("pg")),
    ]
    b.rng.shuffle(extra)
    for make in extra[: b.rng.randint(2, 4)]:
        index = make()
        who = b.commands[index].argv[3]
        b.add("port", who)
    if b.chance(0.5):
        b.add("ps", "-a")


def scene_expose(b: _Builder) -> None:
    """--expose: single ports, ranges, protocols, with and without -P, and invalid values."""
    valid = [
        ("7000",),
        ("7000-7003/udp",),
        ("8000", "8001/tcp"),
        ("6000/udp",),
        ("9000-9001",),
        ("5000",),
        ("7000/sctp",),
    ]
    b.rng.shuffle(valid)
    for ports in valid[: b.rng.randint(2, 4)]:
        opts: list[str] = []
        for p in ports:
            opts += ["--expose", p]
        publish = b.chance(0.6)
        if publish:
            opts.append("-P")
        name = b.name("exp")
        b.run_d(WEB, *opts, name=name, live=False)
        if publish:
            b.add("port", name)
        else:
            b.add("inspect", "-f", "{{json .Config.ExposedPorts}}", name)
    invalid = ["abc", "80/foo", "5000-4000", "127.0.0.1:80", "80:90", "70000", "", "80-"]
    b.rng.shuffle(invalid)
    for value in invalid[: b.rng.randint(1, 3)]:
        b.add("run", "-d", "--expose", value, WEB)
    b.add("ps", "-a", "--format", "{{.Names}}\t{{.Ports}}")


def _db(b: _Builder, image: str = PG) -> str:
    for name, img in sorted(b.live.items()):
        if img == image:
            return name
    name = b.name(b.pick(("db", "pg", "database")) if image == PG else "src")
    b.run_d(image, name=name)
    return name


def scene_links(b: _Builder) -> None:
    """--link by name, name:alias, to a missing, a stopped, a duplicate alias."""
    db = _db(b)
    web = b.name("web")
    alias = b.pick(("db", "database", "my-db", "DB_Upper", "pg"))
    b.run_d(WEB, "--link", f"{db}:{alias}", name=web, cmd=b.python())
    b.add("inspect", "-f", "{{.HostConfig.Links}}", web)
    b.add("exec", web, "env")
    if b.chance(0.6):
        b.add("exec", web, "cat", "/etc/hosts")
    plain = b.name("app")
    b.run_d(WEB, "--link", db, name=plain)
    b.add("exec", plain, b.pick(("env", "printenv")))
    cases: list[Callable[[], object]] = [
        lambda: b.add("run", "-d", "--name", b.name("orphan"), "--link", "nosuch:x", WEB),
        lambda: b.add("run", "--rm", "--link", "nosuch", WEB, "env"),
        lambda: _stopped_target(b),
        lambda: b.add(
            "run", "--rm", "--link", f"{db}:x", "--link", f"{web}:x", WEB, "cat", "/etc/hosts"
        ),
        lambda: b.add("run", "--rm", "--link", f"{db}:a", "--link", f"{db}:b", WEB, "env"),
        lambda: b.add("run", "--rm", "--link", f"{db}:{db}", WEB, "cat", "/etc/hosts"),
        lambda: b.add("run", "--rm", "--link", f"{db}:my.db", WEB, "env"),
        lambda: b.add("run", "--rm", "--link", f"{web}:web", "--link", f"{db}", PG, "env"),
        lambda: b.add("run", "--rm", "--link", f"/{db}:slash", WEB, "env"),
    ]
    b.rng.shuffle(cases)
    for case in cases[: b.rng.randint(2, 5)]:
        case()
    if b.chance(0.5):
        b.add("inspect", "-f", "{{.Name}} {{.HostConfig.Links}}", web, plain)


def _stopped_target(b: _Builder) -> None:
    name = b.name("old")
    b.run_d(PG, name=name, live=False)
    b.add("stop", name)
    b.add("run", "-d", "--name", b.name("late"), "--link", f"{name}:old", WEB)
    if b.chance(0.5):
        b.add("ps", "-a", "--format", "{{.Names}} {{.Status}}")


def scene_link_env(b: _Builder) -> None:
    """The link environment of images with many ports and many ENV entries."""
    sources = [
        (MULTI, "multi"),
        (MANYENV, "cache"),
        (UDP, "dns"),
        (NOEXPOSE, "quiet"),
        (PG, "db"),
    ]
    b.rng.shuffle(sources)
    chosen = sources[: b.rng.randint(2, 3)]
    links: list[str] = []
    for image, base in chosen:
        name = b.name(base)
        opts = ("--expose", "7777/udp") if b.chance(0.2) else ()
        b.run_d(image, *opts, name=name)
        links += ["--link", f"{name}:{b.pick((base, base + '_svc', 'peer'))}"]
    b.add("run", "--rm", *links, WEB, "env")
    if b.chance(0.7):
        b.add("run", "--rm", *links[:2], b.pick((WEB, MANYENV)), "cat", "/etc/hosts")
    if b.chance(0.5):
        b.add("run", "--rm", *links[:2], MANYENV, "env")


def scene_env_repeat(b: _Builder) -> None:
    """-e given twice, -e over an image ENV or over a link variable: how the env shows them."""
    db = _db(b)
    variants = [
        ("-e", "A=1", "-e", "A=2"),
        ("-e", "PATH=/bin"),
        ("-e", "HOME=/tmp"),
        ("-e", "HOSTNAME=custom"),
        ("-e", "DB_PORT=overridden", "--link", f"{db}:db"),
        ("-e", "PG_VERSION=10", "--link", f"{db}:db"),
        ("--link", f"{db}:db", "-e", "DB_NAME=mine"),
        ("-e", "EMPTY", "-e", "NOVALUE="),
        ("-e", "GREETING=hi", "-e", "APP_MODE=dev"),
    ]
    b.rng.shuffle(variants)
    for opts in variants[: b.rng.randint(2, 4)]:
        image = MANYENV if "GREETING=hi" in opts or b.chance(0.3) else WEB
        b.add("run", "--rm", *opts, image, "env")
    if b.chance(0.5):
        b.add("run", "--rm", "-h", "myhost", "--link", f"{db}:db", WEB, "env")


def scene_lifecycle(b: _Builder) -> None:
    """stop/start/restart/rm, rm of a running container, rm -f, rm -l, rm -v."""
    db = _db(b)
    web = b.name("web")
    b.run_d(WEB, "-P", "--link", f"{db}:db", name=web, cmd=b.python())
    b.add(*b.rm_cmd(), web)
    b.add("stop", web)
    b.add("ps", "-a", "--format", "{{.Names}} {{.Status}} {{.Ports}}")
    b.add("start", web)
    b.add("port", web)
    b.add("restart", web)
    if b.chance(0.6):
        b.add(*b.rm_cmd(), "-l", f"/{web}/db")
        b.add("inspect", "-f", "{{.HostConfig.Links}}", web)
    if b.chance(0.4):
        b.add(*b.rm_cmd(), "-l", web)
    b.add("stop", web, "nosuch")
    b.add(*b.rm_cmd(), "-v", web)
    b.live.pop(web, None)
    if b.chance(0.5):
        b.add("start", "nosuch")
    other = b.name("tmp")
    b.run_d(NOEXPOSE, name=other)
    b.add(*b.rm_cmd(), "-f", other)
    b.live.pop(other, None)
    if b.chance(0.5):
        b.add("restart", db)
        b.add("ps", "--format", "{{.Names}} {{.Status}}")
    if b.chance(0.3):
        b.add(*b.rm_cmd(), "nosuch", db)


def scene_port_cmd(b: _Builder) -> None:
    """docker port with every argument form."""
    name = b.name("web")
    p = b.port()
    b.run_d(WEB, "-p", f"{p}:5000", "-p", "5000/udp", name=name)
    forms: list[tuple[str, ...]] = [
        (name,),
        (name, "5000"),
        (name, "5000/tcp"),
        (name, "5000/udp"),
        (name, "80"),
        (name, "6000/tcp"),
        ("nosuch",),
        ("nosuch", "5000"),
        (name, "abc"),
        (name, "5000/foo"),
        (name, "5000", "6000"),
        (),
    ]
    b.rng.shuffle(forms)
    for args in forms[: b.rng.randint(5, 9)]:
        b.add("port", *args) if b.chance(0.8) else b.add("container", "port", *args)
    if b.chance(0.6):
        b.add("stop", name)
        b.add("port", name)
        b.live.pop(name, None)


def scene_ps_formats(b: _Builder) -> None:
    """ps: plain, -a, -l, -q, --no-trunc, -n 2, --format … and table …."""
    if len(b.live) < 2:
        b.run_d(WEB, "-P", name=b.name("web"))
        b.run_d(PG, name=b.name("db"))
    stopped = b.name("done")
    b.run_d(PRINTENV, name=stopped, live=False)
    # its CMD (env) ends at once, but when the daemon notices varies from run to run: wait
    b.add("wait", stopped)
    forms = list(_PS_FORMS)
    b.rng.shuffle(forms)
    for argv in forms[: b.rng.randint(5, 9)]:
        b.add(*argv)


def scene_inspect(b: _Builder) -> None:
    """inspect: no flag, -f templates, several containers, a missing one, a bad template."""
    db = _db(b)
    web = b.name("web")
    b.run_d(WEB, "-P", "--link", f"{db}:db", name=web)
    templates = [
        "{{.HostConfig.Links}}",
        "{{.NetworkSettings.IPAddress}}",
        "{{json .NetworkSettings.Ports}}",
        "{{range $p, $conf := .NetworkSettings.Ports}}{{$p}} -> {{(index $conf 0).HostPort}} "
        "{{end}}",
        "{{.Config.Env}}",
        "{{.State.Status}}",
        "{{json .Config.ExposedPorts}}",
        "{{.Name}}",
        "{{.Config.Hostname}} {{.NetworkSettings.IPAddress}}",
        "{{json .HostConfig.PortBindings}}",
        "{{range .Config.Env}}{{println .}}{{end}}",
    ]
    b.rng.shuffle(templates)
    for template in templates[: b.rng.randint(3, 6)]:
        b.add("inspect", "-f" if b.chance(0.7) else "--format", template, b.pick((web, db)))
    extras = [
        ("inspect", web),
        ("inspect", "-f", "{{.Name}} {{.State.Status}}", web, db),
        ("inspect", "nosuch"),
        ("inspect", "-f", "{{.Name}}", web, "nosuch"),
        ("inspect", "-f", "{{.Foo", web),
        ("inspect", "-f", "{{.NoSuchField}}", web),
        ("inspect", "--type", "container", "-f", "{{.Id}}", db),
        ("container", "inspect", "-f", "{{.NetworkSettings.Ports}}", web),
        ("inspect", "-f", "{{json .NetworkSettings.Ports}}", web, db),
    ]
    b.rng.shuffle(extras)
    for argv in extras[: b.rng.randint(2, 4)]:
        b.add(*argv)


def scene_exec(b: _Builder) -> None:
    """exec env, cat /etc/hosts, hostname, in a stopped container, a missing one."""
    db = _db(b)
    web = b.name("web")
    b.run_d(WEB, "--link", f"{db}:db", name=web, cmd=b.python())
    forms: list[tuple[tuple[str, ...], str | None]] = [
        ((web, "env"), None),
        ((web, "cat", "/etc/hosts"), None),
        ((web, "hostname"), None),
        ((web, "cat", "/etc/hostname"), None),
        (("-e", "FOO=bar", web, "env"), None),
        ((web, "getent", "hosts", "db", db), None),
        (("-i", web, "sh"), "echo $HOME\npwd\nprintenv DB_NAME\n"),
        ((web, "nosuchcmd"), None),
        (("nosuch", "env"), None),
        ((web,), None),
        ((db, "env"), None),
    ]
    b.rng.shuffle(forms)
    for args, stdin in forms[: b.rng.randint(3, 6)]:
        b.add("exec", *args, stdin=stdin)
    b.add("stop", web)
    b.live.pop(web, None)
    b.add("exec", web, *b.pick((("env",), ("cat", "/etc/hosts"))))


def scene_logs(b: _Builder) -> None:
    """logs of a container whose CMD printed its env, before and after its child restarts."""
    db = _db(b)
    printer = b.name("printer")
    b.run_d(PRINTENV, "--link", f"{db}:db", name=printer, live=False)
    b.add("wait", printer)
    b.add("logs", printer)
    b.add("restart", db)
    b.add("logs", printer)
    if b.chance(0.5):
        b.add("start", printer)
        b.add("wait", printer)
    else:
        b.add("start", "-a", printer)
    b.add("logs", printer)
    if b.chance(0.5):
        b.add("logs", "--tail", "3", printer)
    if b.chance(0.4):
        b.add("logs", "nosuch")


def scene_create_start(b: _Builder) -> None:
    """create, then start, start -a; a name conflict at create; start of a running one."""
    name = b.name("made")
    b.add("create", "--name", name, "-P", WEB, *b.python())
    b.names[name] = WEB
    b.add("ps", "-a", "--format", "{{.Names}} {{.Status}} {{.Ports}}")
    b.add("port", name)
    b.add("start", name)
    b.live[name] = WEB
    b.add("port", name)
    b.add("start", name)
    b.add("create", "--name", name, WEB)
    shown = b.name("shown")
    b.add("create", "--name", shown, "--link", f"{name}:web", PRINTENV)
    b.add("start", "-a", shown)
    if b.chance(0.6):
        blocker = b.name("blocker")
        p = b.port()
        b.run_d(WEB, "-p", f"{p}:5000", name=blocker)
        late = b.name("late")
        b.add("create", "--name", late, "-p", f"{p}:5000", WEB)
        b.add("start", late)
        b.add("ps", "-a", "--format", "{{.Names}} {{.Status}}")
    if b.chance(0.4):
        index = b.add("create", PRINTENV)
        b.add("start", "-a", ref("short", index))


def scene_alloc_conflict(b: _Builder) -> None:
    """Port already allocated; the userland proxy's bind failure; ephemeral-port retries."""
    p = b.port()
    first = b.name("first")
    b.run_d(WEB, "-p", f"{p}:5000", name=first)
    b.run_d(WEB, "-p", f"{p}:5000", name=b.name("second"), live=False)
    b.run_d(WEB, "-p", f"127.0.0.1:{p}:5000", name=b.name("third"), live=False)
    b.add("ps", "-a", "--format", "{{.Names}}\t{{.Status}}\t{{.Ports}}")
    if b.chance(0.5):
        b.run_d(WEB, "-p", f"{p}:5000/udp", name=b.name("udp"))
    eph = b.name("eph")
    b.run_d(WEB, "-P", name=eph)
    b.add("port", eph)
    loop = b.name("loop")
    b.run_d(WEB, "-p", b.pick(("127.0.0.1::5000", "[::1]::5000")), name=loop)
    b.add("port", loop)
    if b.chance(0.5):
        b.run_d(WEB, "-p", "127.0.0.1::5000", "-p", "[::1]::5000", name=b.name("both"))
        b.add("ps", "--format", "{{.Names}} {{.Ports}}")
    if b.chance(0.4):
        b.add(*b.rm_cmd(), "-f", first)
        b.live.pop(first, None)
        b.run_d(WEB, "-p", f"127.0.0.1:{p}:5000", name=b.name("retry"))
        b.add("ps", "-a", "--format", "{{.Names}}\t{{.Status}}\t{{.Ports}}")


def scene_restart_hosts(b: _Builder) -> None:
    """Restart of a linked child: the parent's /etc/hosts and env afterwards."""
    db = _db(b)
    web = b.name("web")
    b.run_d(WEB, "--link", f"{db}:db", name=web)
    b.add("exec", web, "cat", "/etc/hosts")
    b.add("inspect", "-f", "{{.NetworkSettings.IPAddress}}", db)
    if b.chance(0.6):
        b.add("stop", db)
        b.run_d(NOEXPOSE, name=b.name("filler"))
        b.add("start", db)
    else:
        b.add("restart", db)
    b.add("inspect", "-f", "{{.NetworkSettings.IPAddress}}", db)
    b.add("exec", web, "cat", "/etc/hosts")
    b.add("exec", web, "env") if b.chance(0.5) else b.add("exec", web, "printenv", "DB_PORT")
    if b.chance(0.5):
        b.add("restart", web)
        b.add("exec", web, "cat", "/etc/hosts")


def scene_names(b: _Builder) -> None:
    """Name conflicts, invalid names, rename."""
    name = b.name("web")
    b.run_d(WEB, name=name)
    cases: list[Callable[[], object]] = [
        lambda: b.add("run", "-d", "--name", name, WEB),
        lambda: b.add("create", "--name", name, PG),
        lambda: b.add("run", "-d", "--name", "x", WEB),
        lambda: b.add("run", "-d", "--name", "bad name", WEB),
        lambda: b.add("run", "-d", "--name", "_under", WEB),
        lambda: b.add("run", "-d", "--name", f"/{name}", WEB),
        lambda: b.add("run", "-d", "--name=-dash", WEB),
        lambda: b.add("run", "-d", "--name", b.name("Mixed.Case_1"), WEB),
        lambda: b.add("rename", name, b.name("renamed")),
        lambda: b.add("rename", "nosuch", b.name("other")),
    ]
    b.rng.shuffle(cases)
    for case in cases[: b.rng.randint(3, 6)]:
        case()
    b.add("ps", "-a", "--format", "{{.Names}}")


def scene_cli_errors(b: _Builder) -> None:
    """Unknown flags and commands, missing arguments: the CLI's own refusals."""
    cases: list[tuple[str, ...]] = [
        ("run",),
        ("run", "--frobnicate", WEB),
        ("frobnicate",),
        ("rm",),
        ("port",),
        ("ps", "extra"),
        ("run", "-p"),
        ("inspect",),
        ("stop",),
        ("start",),
        ("exec",),
        ("logs",),
        ("create",),
        ("run", "-it", "--rm", WEB, "sh"),
        ("run", "--rm", "--pull", "never", "nosuch/image"),
        ("run", "Training/Webapp"),
        ("ps", "-n", "abc"),
        ("container", "ls", "--frob"),
        ("run", "-d", "-P=maybe", WEB),
        ("run", "--link", "a:b:c", WEB, "env"),
        ("run", "--link", ":alias", WEB, "env"),
        ("restart",),
        ("container", "frob"),
    ]
    b.rng.shuffle(cases)
    for argv in cases[: b.rng.randint(4, 8)]:
        b.add(*argv)


def scene_interactive(b: _Builder) -> None:
    """docker run -i … sh with commands on standard input."""
    db = _db(b)
    scripts = [
        "env\ncat /etc/hosts\nhostname\n",
        "echo $HOME\npwd\nprintenv DB_PORT\nexit 3\n",
        "getent hosts db\ncat /etc/hostname\n",
        "cat /etc/hosts\n",
        "env | sort\n",
    ]
    b.rng.shuffle(scripts)
    for script in scripts[: b.rng.randint(1, 3)]:
        shell = b.pick(("sh", "/bin/bash"))
        image = b.pick((WEB, WEB, PG, MANYENV))
        b.add("run", "-i", "--rm", "--link", f"{db}:db", image, shell, stdin=script)
    if b.chance(0.5):
        keep = b.name("kept")
        b.add("run", "-i", "--name", keep, WEB, "sh", stdin="hostname\nexit 0\n")
        b.names[keep] = WEB
        b.add("ps", "-a", "--format", "{{.Names}} {{.Status}}")
        b.add("start", "-a", "-i", keep, stdin="echo again\n")
    if b.chance(0.5):
        b.add("run", "--rm", WEB, "cat", "/etc/hosts")


SCENES: dict[str, Callable[[_Builder], None]] = {
    "walkthrough": scene_walkthrough,
    "publish-forms": scene_publish_forms,
    "publish-ranges": scene_publish_ranges,
    "publish-invalid": scene_publish_invalid,
    "publish-long": scene_publish_long,
    "publish-ipv6": scene_publish_ipv6,
    "publish-all": scene_publish_all,
    "expose": scene_expose,
    "links": scene_links,
    "link-env": scene_link_env,
    "env-repeat": scene_env_repeat,
    "lifecycle": scene_lifecycle,
    "port": scene_port_cmd,
    "ps": scene_ps_formats,
    "inspect": scene_inspect,
    "exec": scene_exec,
    "logs": scene_logs,
    "create-start": scene_create_start,
    "alloc-conflict": scene_alloc_conflict,
    "restart-hosts": scene_restart_hosts,
    "names": scene_names,
    "cli-errors": scene_cli_errors,
    "interactive": scene_interactive,
}
#: Topic names, in the order seeds cycle through them (seed ``n`` has ``TOPICS[n % len]``).
TOPICS: tuple[str, ...] = tuple(SCENES)
_MIXABLE = tuple(t for t in TOPICS if t != "walkthrough")
_MAX = 40


def generate(seed: int) -> CommandSequence:
    """The session of one seed: its topic's scene first, then other scenes mixed in."""
    rng = random.Random(seed)
    b = _Builder(rng)
    topic = TOPICS[seed % len(TOPICS)]
    target = rng.randint(14, 36)
    b.scene = topic
    SCENES[topic](b)
    others = list(_MIXABLE)
    rng.shuffle(others)
    for extra in others:
        if len(b.commands) >= target:
            break
        if extra == topic:
            continue
        if rng.random() < 0.5:
            b.scene = "glance"
            b.glance()
        b.scene = extra
        SCENES[extra](b)
    commands = b.commands[:_MAX]
    return CommandSequence(seed=seed, topic=topic, commands=tuple(commands))
