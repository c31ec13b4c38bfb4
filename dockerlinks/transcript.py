"""Terminal sessions of ``docker`` commands: reading, replaying against the engine, checking.

Transcript grammar (one item per line)::

    transcript = { line } ;
    line       = host-cmd | ctr-cmd | directive | comment | output ;
    host-cmd   = "$ " , command-line ;                   (* "$ docker run -d ..." *)
    ctr-cmd    = user , "@" , host , ":" , dir , "# " , command-line ;
                                                         (* "root@aed84ee21bde:/opt/webapp# env" *)
    directive  = "# dockerlinks: " , word , { " " , argument } ;
    comment    = "#" , text ;                            (* echoed, never compared *)
    output     = any other line ;                        (* expected output of the command above *)

Directives::

    # dockerlinks: seed N                  default seed of IDs and generated names (--seed wins)
    # dockerlinks: profile modern|classic  default profile (--profile wins)
    # dockerlinks: image NAME [expose=PORTS] [env=K=V]... [workdir=DIR] [cmd=WORDS]
    # dockerlinks: file PATH CONTENT       a file for --env-file (CONTENT with \\n escapes)
    # dockerlinks: env NAME=VALUE          the CLI's own environment (bare -e NAME lookups)

Commands inside a container (``ctr-cmd``) run in the most recent interactive container
(``docker run -t -i IMAGE /bin/bash``); the session ends at the next ``$`` line or at ``exit``,
and the container exits (``--rm`` removes it). Modelled commands in a container: ``env``,
``cat /etc/hosts``, ``hostname``, ``ping NAME`` (resolved through the container's own hosts
file; needs ``apt-get install inetutils-ping`` first, as in the walkthrough), ``apt-get ...``
(silent), ``exit``; anything else prints ``bash: CMD: command not found``.

Expected-output placeholders (``--check``), compared line by line after dropping blank lines
and collapsing runs of blanks::

    placeholder   matches
    ------------  ---------------------------------------------------------------
    <id>          a 64-hex container ID
    <short-id>    a 12-hex ID prefix
    <name>        a generated name (adjective_surname, optional digit)
    <ip>          an IPv4 address
    <port>        a port number
    <...>         any text within the line; a line holding only <...> matches
                  zero or more whole lines

docker command lines are parsed as the docker CLI (cobra / pflag) parses them: combined short
flags (``-dP``), ``--flag=value``, ``-pVALUE``, repeatable list flags, ``--`` and, for ``run``
/ ``create``, the first non-flag argument ending the options. Flag and argument errors print
the CLI's own texts for the profile's CLI generation (modern: docker CLI v28+; classic: v27).
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterable, Sequence
from typing import Literal, NamedTuple

import attrs

from dockerlinks.engine.gotemplate import check_template, go_json, render_template
from dockerlinks.engine.images import ImageError, parse_image_directive
from dockerlinks.engine.inspect import inspect_document
from dockerlinks.engine.state import (
    Container,
    ContainerConfig,
    Engine,
    EngineError,
    ImageNotFoundError,
    NoSuchContainerError,
    StartError,
)
from dockerlinks.errors import DockerLinksError
from dockerlinks.profiles import Profile, get_profile

__all__ = [
    "CheckResult",
    "FlagError",
    "Session",
    "Step",
    "TranscriptError",
    "match_lines",
    "parse_docker_args",
    "read_transcript",
    "replay",
    "run_command",
]

Kind = Literal["host", "container", "directive", "comment"]

_CTR_PROMPT = re.compile(r"^([A-Za-z0-9_.-]+)@([^:\s]+):([^#\n]*)# (.*)$")


class TranscriptError(DockerLinksError):
    """A transcript line the replayer cannot use (a malformed directive, bad quoting)."""


class FlagError(DockerLinksError):
    """A command line the docker CLI refuses before talking to the daemon."""


# ============================================================================ reading


@attrs.frozen
class Step:
    """One command (or directive/comment) of a transcript, with its expected output."""

    kind: Kind
    line: int
    text: str
    command: str
    expected: tuple[str, ...] = ()


def read_transcript(text: str) -> list[Step]:
    """Split transcript text into steps; output lines attach to the command above them.

    >>> steps = read_transcript("$ docker restart db\\ndb\\n# note\\n")
    >>> [(s.kind, s.command, s.expected) for s in steps]
    [('host', 'docker restart db', ('db',)), ('comment', '# note', ())]
    """
    if not isinstance(text, str):
        raise TranscriptError(f"a transcript must be text, not {type(text).__name__}")
    steps: list[Step] = []
    pending: list[str] = []

    def flush() -> None:
        if steps and pending:
            steps[-1] = attrs.evolve(steps[-1], expected=steps[-1].expected + tuple(pending))
        pending.clear()

    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("$ ") or line == "$":
            flush()
            steps.append(Step("host", number, line, line[2:].strip()))
        elif line.startswith("# dockerlinks:"):
            flush()
            steps.append(Step("directive", number, line, line[len("# dockerlinks:") :].strip()))
        elif _CTR_PROMPT.match(line):
            flush()
            match = _CTR_PROMPT.match(line)
            assert match is not None
            steps.append(Step("container", number, line, match.group(4).strip()))
        elif line.startswith("#"):
            flush()
            steps.append(Step("comment", number, line, line))
        elif steps and steps[-1].kind in ("host", "container"):
            pending.append(line)
    flush()
    return steps


# ============================================================================ matching

_PLACEHOLDERS = {
    "<id>": r"[0-9a-f]{64}",
    "<short-id>": r"[0-9a-f]{12}",
    "<name>": r"[a-z]+_[a-z]+[0-9]?",
    "<ip>": r"\d{1,3}(?:\.\d{1,3}){3}",
    "<port>": r"\d{1,5}",
    "<...>": r".*?",
}
_TOKEN = re.compile("|".join(re.escape(p) for p in _PLACEHOLDERS))


def _norm(line: str) -> str:
    return " ".join(line.split())


def _line_pattern(expected: str) -> re.Pattern[str]:
    text = _norm(expected)
    pieces: list[str] = []
    pos = 0
    for match in _TOKEN.finditer(text):
        pieces.append(re.escape(text[pos : match.start()]))
        pieces.append(_PLACEHOLDERS[match.group(0)])
        pos = match.end()
    pieces.append(re.escape(text[pos:]))
    return re.compile("".join(pieces))


def match_lines(expected: Sequence[str], actual: Sequence[str]) -> bool:
    """Whether ``actual`` output satisfies ``expected`` (placeholders, ``<...>`` lines).

    >>> match_lines(["<id>"], ["a" * 64])
    True
    >>> match_lines(["<...>", "DB_NAME=/web2/db", "<...>"], ["PATH=/bin", "DB_NAME=/web2/db"])
    True
    >>> match_lines(["172.17.0.5  db"], ["172.17.0.2\\tdb"])
    False
    """
    exp = [e for e in expected if e.strip()]
    act = [_norm(a) for a in actual if a.strip()]
    memo: dict[tuple[int, int], bool] = {}

    def go(i: int, j: int) -> bool:
        key = (i, j)
        if key in memo:
            return memo[key]
        if i == len(exp):
            result = j == len(act)
        elif _norm(exp[i]) == "<...>":
            result = go(i + 1, j) or (j < len(act) and go(i, j + 1))
        else:
            result = (
                j < len(act)
                and _line_pattern(exp[i]).fullmatch(act[j]) is not None
                and go(i + 1, j + 1)
            )
        memo[key] = result
        return result

    return go(0, 0)


# ============================================================================ docker CLI


class _Flag(NamedTuple):
    long: str
    short: str | None = None
    kind: Literal["bool", "string", "list", "int"] = "bool"


class _Command(NamedTuple):
    path: str
    use: str
    short: str
    flags: tuple[_Flag, ...]
    args: tuple[str, int, int]  # ("min", n, 0) | ("none", 0, 0) | ("range", a, b)
    interspersed: bool = True
    unmodelled: tuple[str, ...] = ()


_CREATE_FLAGS = (
    _Flag("tty", "t"),
    _Flag("interactive", "i"),
    _Flag("name", None, "string"),
    _Flag("hostname", "h", "string"),
    _Flag("publish-all", "P"),
    _Flag("publish", "p", "list"),
    _Flag("expose", None, "list"),
    _Flag("env", "e", "list"),
    _Flag("env-file", None, "list"),
    _Flag("link", None, "list"),
    _Flag("rm"),
    _Flag("help"),
)
_UNMODELLED_CREATE = (
    "network",
    "net",
    "add-host",
    "volume",
    "v",
    "workdir",
    "w",
    "user",
    "u",
    "entrypoint",
    "restart",
    "label",
    "l",
    "memory",
    "m",
    "cpus",
    "mount",
    "privileged",
    "cap-add",
    "cap-drop",
    "dns",
    "ip",
    "ip6",
    "network-alias",
    "domainname",
    "platform",
    "pull",
    "init",
    "read-only",
    "volumes-from",
    "log-driver",
    "health-cmd",
    "attach",
    "a",
)

_COMMANDS: dict[str, _Command] = {
    "run": _Command(
        "run",
        "[OPTIONS] IMAGE [COMMAND] [ARG...]",
        "Create and run a new container from an image",
        (_Flag("detach", "d"), *_CREATE_FLAGS),
        ("min", 1, 0),
        False,
        _UNMODELLED_CREATE,
    ),
    "create": _Command(
        "create",
        "[OPTIONS] IMAGE [COMMAND] [ARG...]",
        "Create a new container",
        _CREATE_FLAGS,
        ("min", 1, 0),
        False,
        _UNMODELLED_CREATE,
    ),
    "start": _Command(
        "start",
        "[OPTIONS] CONTAINER [CONTAINER...]",
        "Start one or more stopped containers",
        (_Flag("attach", "a"), _Flag("interactive", "i"), _Flag("help")),
        ("min", 1, 0),
    ),
    "stop": _Command(
        "stop",
        "[OPTIONS] CONTAINER [CONTAINER...]",
        "Stop one or more running containers",
        (
            _Flag("time", None, "int"),
            _Flag("timeout", "t", "int"),
            _Flag("signal", "s", "string"),
            _Flag("help"),
        ),
        ("min", 1, 0),
    ),
    "restart": _Command(
        "restart",
        "[OPTIONS] CONTAINER [CONTAINER...]",
        "Restart one or more containers",
        (
            _Flag("time", None, "int"),
            _Flag("timeout", "t", "int"),
            _Flag("signal", "s", "string"),
            _Flag("help"),
        ),
        ("min", 1, 0),
    ),
    "rm": _Command(
        "rm",
        "[OPTIONS] CONTAINER [CONTAINER...]",
        "Remove one or more containers",
        (_Flag("force", "f"), _Flag("link", "l"), _Flag("volumes", "v"), _Flag("help")),
        ("min", 1, 0),
    ),
    "ps": _Command(
        "ps",
        "[OPTIONS]",
        "List containers",
        (
            _Flag("all", "a"),
            _Flag("latest", "l"),
            _Flag("quiet", "q"),
            _Flag("no-trunc"),
            _Flag("size", "s"),
            _Flag("last", "n", "int"),
            _Flag("help"),
        ),
        ("none", 0, 0),
        True,
        ("format", "filter", "f"),
    ),
    "port": _Command(
        "port",
        "CONTAINER [PRIVATE_PORT[/PROTO]]",
        "List port mappings or a specific mapping for the container",
        (_Flag("help"),),
        ("range", 1, 2),
    ),
    "inspect": _Command(
        "inspect",
        "[OPTIONS] NAME|ID [NAME|ID...]",
        "Return low-level information on Docker objects",
        (
            _Flag("format", "f", "string"),
            _Flag("size", "s"),
            _Flag("type", None, "string"),
            _Flag("help"),
        ),
        ("min", 1, 0),
    ),
    "exec": _Command(
        "exec",
        "[OPTIONS] CONTAINER COMMAND [ARG...]",
        "Execute a command in a running container",
        (
            _Flag("detach", "d"),
            _Flag("interactive", "i"),
            _Flag("tty", "t"),
            _Flag("env", "e", "list"),
            _Flag("help"),
        ),
        ("min", 2, 0),
        False,
        ("user", "u", "workdir", "w", "privileged", "env-file", "detach-keys"),
    ),
}
_CONTAINER_ALIASES = {"ls": "ps", "list": "ps", "remove": "rm"}
_CONTAINER_INSPECT = _COMMANDS["inspect"]._replace(
    use="[OPTIONS] CONTAINER [CONTAINER...]",
    short="Display detailed information on one or more containers",
)


def _spec_for(name: str) -> _Command | None:
    """The command ``name`` (``container-inspect`` is ``docker container inspect``)."""
    return _CONTAINER_INSPECT if name == "container-inspect" else _COMMANDS.get(name)


def _modern_cli(profile: Profile) -> bool:
    return profile.parser in ("current", "v0.6")


@attrs.frozen
class ParsedArgs:
    """A docker command line after flag parsing."""

    command: str
    path: str
    flags: tuple[tuple[str, str], ...]
    args: tuple[str, ...]

    def flag(self, name: str) -> bool:
        """Whether a bool flag is set (its last value wins)."""
        value = None
        for key, val in self.flags:
            if key == name:
                value = val
        return value == "true"

    def value(self, name: str) -> str | None:
        """The last value of a string flag."""
        found = None
        for key, val in self.flags:
            if key == name:
                found = val
        return found

    def values(self, name: str) -> tuple[str, ...]:
        """Every value of a list flag, in order."""
        return tuple(val for key, val in self.flags if key == name)


def _flag_error(message: str, spec: _Command, path: str, profile: Profile) -> FlagError:
    if _modern_cli(profile):
        text = f"{message}\n\nUsage:  {path} {spec.use}\n\nRun '{path} --help' for more information"
    else:
        text = f"{message}\nSee '{path} --help'."
    return FlagError(text)


def _args_error(spec: _Command, path: str, count: int, profile: Profile) -> FlagError | None:
    kind, low, high = spec.args
    modern = _modern_cli(profile)
    use = f"{path} {spec.use}"
    if kind == "none" and count:
        if modern:
            return FlagError(
                f"docker: '{path}' accepts no arguments\n\nUsage:  {use}\n\n"
                f"Run '{path} --help' for more information"
            )
        return FlagError(
            f"\"{path}\" accepts no arguments.\nSee '{path} --help'.\n\nUsage:  {use}\n\n"
            f"{spec.short}"
        )
    if kind == "min" and count < low:
        word = "argument" if low == 1 else "arguments"
        if modern:
            return FlagError(
                f"docker: '{path}' requires at least {low} {word}\n\nUsage:  {use}\n\n"
                f"See '{path} --help' for more information"
            )
        return FlagError(
            f"\"{path}\" requires at least {low} {word}.\nSee '{path} --help'.\n\n"
            f"Usage:  {use}\n\n{spec.short}"
        )
    if kind == "range" and not low <= count <= high:
        if modern:
            return FlagError(
                f"docker: '{path}' requires at least {low} and at most {high} arguments\n\n"
                f"Usage:  {use}\n\nRun '{path} --help' for more information"
            )
        return FlagError(
            f'"{path}" requires at least {low} and at most {high} arguments.\n'
            f"See '{path} --help'.\n\nUsage:  {use}\n\n{spec.short}"
        )
    return None


def _validate(flag: _Flag, value: str) -> str | None:
    from dockerlinks.links import parse_link

    if flag.long == "link":
        try:
            parse_link(value)
        except DockerLinksError as exc:
            return exc.docker_message
    if flag.long == "env" and value.startswith("="):
        return f"invalid environment variable: {value}"
    if flag.kind == "int" and not re.fullmatch(r"[+-]?\d+", value):
        return f'strconv.ParseInt: parsing "{value}": invalid syntax'
    return None


def _flag_label(flag: _Flag) -> str:
    return f"-{flag.short}, --{flag.long}" if flag.short else f"--{flag.long}"


def parse_docker_args(argv: Sequence[str], *, profile: Profile | str = "modern") -> ParsedArgs:
    """Parse ``docker ...`` arguments (without ``docker``) with the CLI's flag semantics.

    >>> parse_docker_args(["run", "-dP", "--name=web", "training/webapp", "python", "app.py"]).args
    ('training/webapp', 'python', 'app.py')
    >>> parse_docker_args(["ps", "-x"])
    Traceback (most recent call last):
    ...
    dockerlinks.transcript.FlagError: unknown shorthand flag: 'x' in -x
    <BLANKLINE>
    Usage:  docker ps [OPTIONS]
    <BLANKLINE>
    Run 'docker ps --help' for more information
    """
    prof = get_profile(profile)
    if isinstance(argv, str) or not isinstance(argv, Sequence):
        raise FlagError(f"docker arguments must be a list of strings, not {type(argv).__name__}")
    words = list(argv)
    for word in words:
        if not isinstance(word, str):
            raise FlagError(f"docker arguments must be strings, not {type(word).__name__}")
    if not words:
        raise FlagError("docker: no command given\n\nRun 'docker --help' for more information")
    name = words.pop(0)
    path = f"docker {name}"
    if name == "container" and words:
        sub = words.pop(0)
        name = _CONTAINER_ALIASES.get(sub, sub)
        path = f"docker container {sub}"
        if name == "inspect":
            name = "container-inspect"
    spec = _spec_for(name)
    if spec is None:
        if _modern_cli(prof):
            raise FlagError(
                f"docker: unknown command: {path}\n\nRun 'docker --help' for more information"
            )
        raise FlagError(f"docker: '{name}' is not a docker command.\nSee 'docker --help'")
    by_long = {f.long: f for f in spec.flags}
    by_short = {f.short: f for f in spec.flags if f.short}
    flags: list[tuple[str, str]] = []
    args: list[str] = []

    def fail(message: str) -> FlagError:
        return _flag_error(message, spec, path, prof)

    def unmodelled(word: str) -> FlagError:
        return FlagError(f"dockerlinks: {word} is a docker flag the model does not implement")

    def set_value(flag: _Flag, value: str) -> None:
        problem = _validate(flag, value)
        if problem is not None:
            raise fail(f'invalid argument "{value}" for "{_flag_label(flag)}" flag: {problem}')
        flags.append((flag.long, value))

    i = 0
    while i < len(words):
        word = words[i]
        i += 1
        if word == "--":
            args.extend(words[i:])
            break
        if word.startswith("--") and len(word) > 2:
            key, eq, value = word[2:].partition("=")
            flag = by_long.get(key)
            if flag is None:
                if key in spec.unmodelled:
                    raise unmodelled(f"--{key}")
                raise fail(f"unknown flag: --{key}")
            if flag.kind == "bool":
                if eq and value.lower() not in ("true", "false", "1", "0", "t", "f"):
                    raise fail(
                        f'invalid argument "{value}" for "{_flag_label(flag)}" flag: '
                        f'strconv.ParseBool: parsing "{value}": invalid syntax'
                    )
                flags.append(
                    (flag.long, "false" if eq and value.lower() in ("false", "0", "f") else "true")
                )
            elif eq:
                set_value(flag, value)
            elif i < len(words):
                set_value(flag, words[i])
                i += 1
            else:
                raise fail(f"flag needs an argument: --{key}")
        elif word.startswith("-") and len(word) > 1:
            shorts = word[1:]
            j = 0
            while j < len(shorts):
                char = shorts[j]
                flag = by_short.get(char)
                if flag is None:
                    if char in spec.unmodelled:
                        raise unmodelled(f"-{char}")
                    if char == "h":  # the deprecated help shorthand
                        flags.append(("help", "true"))
                        j += 1
                        continue
                    raise fail(f"unknown shorthand flag: '{char}' in {word}")
                rest = shorts[j + 1 :]
                if flag.kind == "bool":
                    if rest.startswith("="):
                        flags.append((flag.long, "false" if rest[1:] in ("false", "0") else "true"))
                        break
                    flags.append((flag.long, "true"))
                    j += 1
                    continue
                if rest:
                    set_value(flag, rest[1:] if rest.startswith("=") else rest)
                elif i < len(words):
                    set_value(flag, words[i])
                    i += 1
                else:
                    raise fail(f"flag needs an argument: '{char}' in -{char}")
                break
        else:
            args.append(word)
            if not spec.interspersed:
                args.extend(words[i:])
                break
    parsed = ParsedArgs(name, path, tuple(flags), tuple(args))
    if parsed.flag("help"):
        return parsed
    problem = _args_error(spec, path, len(args), prof)
    if problem is not None:
        raise problem
    return parsed


# ============================================================================ replay session


@attrs.frozen
class Session:
    """Replay state: the engine, the interactive container, files and the CLI environment."""

    engine: Engine
    interactive: str | None = None
    files: tuple[tuple[str, str], ...] = ()
    host_env: tuple[tuple[str, str], ...] = ()
    exec_env: tuple[str, ...] | None = None

    @property
    def profile(self) -> Profile:
        """The engine's profile."""
        return self.engine.profile


def _daemon(message: str) -> str:
    return f"Error response from daemon: {message}"


def _run_error(message: str, command: str, profile: Profile, *, start: bool) -> list[str]:
    if _modern_cli(profile):
        return [f"docker: {message}", "", f"Run 'docker {command} --help' for more information"]
    text = message.rstrip(".") + "."
    if start:
        return [f"docker: {text}"]
    return [f"docker: {text}", f"See 'docker {command} --help'."]


_SHELLS = {"bash", "/bin/bash", "sh", "/bin/sh"}
_PING_TIMES = ("0.267", "0.250", "0.256")


def _in_container(
    session: Session, container: Container, argv: Sequence[str], env: Sequence[str]
) -> tuple[Session, list[str]]:
    """Run one command inside a running container."""
    if not argv:
        return session, []
    program, args = argv[0], list(argv[1:])
    if program in ("env", "/usr/bin/env", "printenv"):
        lines = list(env)
        if not any(line.startswith("HOME=") for line in lines):
            lines.append("HOME=/root")
        return session, lines
    if program == "cat":
        out: list[str] = []
        for target in args:
            if target == "/etc/hosts":
                out.extend(container.hosts.splitlines())
            elif target == "/etc/hostname":
                out.append(container.hostname)
            else:
                out.append(f"cat: {target}: No such file or directory")
        return session, out
    if program == "hostname":
        return session, [container.hostname]
    if program in ("apt-get", "apt"):
        if args and args[0] == "install":
            packages = [a for a in args[1:] if not a.startswith("-")]
            engine, _ = session.engine.install(container.id, packages)
            return attrs.evolve(session, engine=engine), []
        return session, []
    if program == "ping":
        if "inetutils-ping" not in container.packages and "iputils-ping" not in container.packages:
            return session, ["bash: ping: command not found"]
        targets = [a for a in args if not a.startswith("-")]
        if not targets:
            return session, ["ping: missing host operand"]
        host = targets[-1]
        from dockerlinks.hosts import parse_hosts

        address = None
        for record in parse_hosts(container.hosts):
            if host in record.names:
                address = record.ip
                break
        if address is None:
            return session, ["ping: unknown host"]
        lines = [f"PING {host} ({address}): 48 data bytes"]
        alive = (
            address in ("127.0.0.1", container.ip)
            or any(c.running and c.ip == address for c in session.engine.containers)
            or address == session.engine.ipam.gateway
        )
        if alive:
            lines += [
                f"56 bytes from {address}: icmp_seq={n} ttl=64 time={t} ms"
                for n, t in enumerate(_PING_TIMES)
            ]
        else:
            lines += [
                f"--- {host} ping statistics ---",
                "3 packets transmitted, 0 packets received, 100% packet loss",
            ]
        return session, lines
    if program in ("true", "exit", ":"):
        return session, []
    if program == "echo":
        return session, [" ".join(args)]
    return session, [f"bash: {program}: command not found"]


def _end_interactive(session: Session) -> Session:
    if session.interactive is None:
        return session
    engine = session.engine
    if session.exec_env is None and engine.find(session.interactive) is not None:
        engine, _ = engine.exit(session.interactive, 0)
    return attrs.evolve(session, engine=engine, interactive=None, exec_env=None)


def _config(parsed: ParsedArgs, session: Session) -> ContainerConfig:
    env_files = []
    files = dict(session.files)
    for path in parsed.values("env-file"):
        if path not in files:
            raise FlagError(f"open {path}: no such file or directory")
        env_files.append(files[path])
    return ContainerConfig(
        image=parsed.args[0],
        cmd=tuple(parsed.args[1:]),
        name=parsed.value("name"),
        hostname=parsed.value("hostname") or None,
        tty=parsed.flag("tty"),
        interactive=parsed.flag("interactive"),
        detach=parsed.flag("detach"),
        publish_all=parsed.flag("publish-all"),
        publish=parsed.values("publish"),
        expose=parsed.values("expose"),
        env=parsed.values("env"),
        env_files=tuple(env_files),
        links=parsed.values("link"),
        auto_remove=parsed.flag("rm"),
        host_env=session.host_env,
    )


def _create_or_run(session: Session, parsed: ParsedArgs) -> tuple[Session, list[str]]:
    prof = session.profile
    command = parsed.command
    try:
        config = _config(parsed, session)
        engine, container = session.engine.create(config)
    except ImageNotFoundError as exc:
        lines = [exc.notice] if exc.notice else []
        return session, lines + _run_error(_daemon(exc.docker_message), command, prof, start=False)
    except EngineError as exc:
        return session, _run_error(_daemon(exc.docker_message), command, prof, start=False)
    except DockerLinksError as exc:
        return session, _run_error(exc.docker_message, command, prof, start=False)
    session = attrs.evolve(session, engine=engine)
    if command == "create":
        return session, [container.id]
    try:
        engine, container = engine.start(container.id)
    except StartError as exc:
        after = exc.engine if exc.engine is not None else engine
        return (
            attrs.evolve(session, engine=after),
            _run_error(_daemon(exc.docker_message), command, prof, start=True),
        )
    session = attrs.evolve(session, engine=engine)
    if config.detach:
        return session, [container.id]
    program = container.cmd[0] if container.cmd else ""
    if program in _SHELLS:
        if config.interactive:
            return attrs.evolve(session, interactive=container.id), []
        engine, _ = engine.exit(container.id, 0)
        return attrs.evolve(session, engine=engine), []
    if program in ("env", "/usr/bin/env", "printenv", "cat", "hostname", "echo", "true", "ping"):
        session, lines = _in_container(session, container, container.cmd, container.process_env)
        engine, _ = session.engine.exit(container.id, 0)
        return attrs.evolve(session, engine=engine), lines
    return session, []  # a long-running foreground process: it keeps running


def _each(
    session: Session, refs: Sequence[str], action: str, parsed: ParsedArgs
) -> tuple[Session, list[str]]:
    """start / stop / restart / rm of each reference, printed as the CLI prints them.

    ``start`` reports each failure as it happens and ends with ``failed to start containers:``;
    ``stop``, ``restart`` and ``rm`` print the names that worked and then every error, joined
    (docker/cli ``errors.Join``). ``rm -f`` of a missing container is silent in the modern CLI
    and reported in place by the classic one.
    """
    out: list[str] = []
    errors: list[str] = []
    failed: list[str] = []
    engine = session.engine
    modern = _modern_cli(session.profile)
    for ref in refs:
        try:
            if action == "start":
                engine, _ = engine.start(ref)
            elif action == "stop":
                engine, _ = engine.stop(ref)
            elif action == "restart":
                engine, _ = engine.restart(ref)
            else:
                name = ref.strip("/")
                if not name:
                    first = "c" if modern else "C"
                    errors.append(f"{first}ontainer name cannot be empty")
                    continue
                try:
                    engine = engine.remove(
                        name, force=parsed.flag("force"), link=parsed.flag("link")
                    )
                except NoSuchContainerError as exc:
                    if parsed.flag("force"):
                        if not modern:
                            out.append(_daemon(exc.docker_message))
                        continue
                    raise
        except EngineError as exc:
            if isinstance(exc, StartError) and exc.engine is not None:
                engine = exc.engine
            if action == "start":
                out.append(_daemon(exc.docker_message))
                failed.append(ref)
            else:
                errors.append(_daemon(exc.docker_message))
            continue
        out.append(ref)
    if failed:
        out.append(f"failed to start containers: {', '.join(failed)}")
    return attrs.evolve(session, engine=engine), out + errors


def _inspect(session: Session, parsed: ParsedArgs) -> list[str]:
    """``docker [container] inspect [-f FORMAT]`` (docker/cli ``inspect.Inspect``).

    Output first (``[]`` or an empty line when nothing was inspected), then every error:
    ``docker container inspect`` reports the daemon's ``No such container``, ``docker
    inspect`` its own ``no such object`` (classic: ``Error: No such object``). A template
    that does not parse prints only its error.
    """
    template = parsed.value("format") or ""
    modern = _modern_cli(session.profile)
    if template not in ("", "json"):
        try:
            check_template(template)
        except DockerLinksError as exc:
            return [exc.docker_message]
    out: list[str] = []
    errors: list[str] = []
    documents = []
    for ref in parsed.args:
        container = session.engine.find(ref)
        if container is None:
            if parsed.command == "container-inspect":
                errors.append(_daemon(f"No such container: {ref}"))
            else:
                no_such = "error: no such object" if modern else "Error: No such object"
                errors.append(f"{no_such}: {ref}")
            continue
        document = inspect_document(session.engine, container)
        if template in ("", "json"):
            documents.append(document)
            continue
        try:
            out.extend(render_template(template, document).split("\n"))
        except DockerLinksError as exc:
            errors.append(exc.docker_message)
    if template in ("", "json"):
        out.extend(go_json(documents, indent=4 if template == "" else None).splitlines())
    elif not out:
        out.append("")
    return out + errors


def run_command(session: Session, argv: Sequence[str]) -> tuple[Session, list[str]]:
    """Run one ``docker`` command (``argv`` without ``docker``); returns its output lines."""
    session = _end_interactive(session)
    prof = session.profile
    try:
        parsed = parse_docker_args(argv, profile=prof)
    except FlagError as exc:
        return session, exc.docker_message.split("\n")
    if parsed.flag("help"):
        spec = _spec_for(parsed.command)
        assert spec is not None
        return session, [f"Usage:  {parsed.path} {spec.use}", "", spec.short]
    command = parsed.command
    if command in ("run", "create"):
        return _create_or_run(session, parsed)
    if command in ("start", "stop", "restart", "rm"):
        return _each(session, parsed.args, command, parsed)
    if command == "ps":
        from dockerlinks.engine.ps import ps_lines

        return session, ps_lines(
            session.engine,
            all=parsed.flag("all"),
            latest=parsed.flag("latest"),
            quiet=parsed.flag("quiet"),
            no_trunc=parsed.flag("no-trunc"),
        )
    if command == "port":
        from dockerlinks.engine.ps import port_output

        return session, port_output(session.engine, parsed.args)
    if command in ("inspect", "container-inspect"):
        return session, _inspect(session, parsed)
    if command == "exec":
        return _exec(session, parsed)
    return session, [f"dockerlinks: {command} is not modelled"]  # pragma: no cover


def _exec(session: Session, parsed: ParsedArgs) -> tuple[Session, list[str]]:
    from dockerlinks.engine import adapters

    engine = session.engine
    try:
        container = engine.get(parsed.args[0])
    except EngineError as exc:
        return session, [_daemon(exc.docker_message)]
    if not container.running:
        return session, [_daemon(f"container {container.id} is not running")]
    blocks = []
    for link in engine.parent_links(container):
        child = engine.find(link.child_id)
        if child is None or not child.running:
            name = link.child_name if child is None else child.name
            return session, [
                _daemon(f"Cannot link to a non running container: {name} AS {link.name}")
            ]
        blocks.append(
            adapters.link_env(link.name, child.ip, child.exposed, child.env, engine.profile)
        )
    own = list(container.env) + list(parsed.values("env"))
    env = adapters.container_env(container.hostname, blocks, own, tty=parsed.flag("tty"))
    cmd = list(parsed.args[1:])
    if cmd and cmd[0] in _SHELLS and parsed.flag("interactive"):
        return attrs.evolve(session, interactive=container.id, exec_env=tuple(env)), []
    return _in_container(session, container, cmd, env)


def run_line(session: Session, step: Step) -> tuple[Session, list[str]]:
    """Execute one transcript step; returns the new session and the output lines."""
    if step.kind == "host":
        try:
            words = shlex.split(step.command)
        except ValueError as exc:
            return _end_interactive(session), [f"bash: syntax error: {exc}"]
        if not words:
            return _end_interactive(session), []
        if words[0] != "docker":
            return _end_interactive(session), [
                f"dockerlinks: only docker commands are modelled, not {words[0]!r}"
            ]
        return run_command(session, words[1:])
    if step.kind == "container":
        if session.interactive is None:
            return session, ["dockerlinks: no interactive container session is open"]
        # Only "$" lines change containers, and each one ends the session first: the
        # interactive container is still there and running.
        container = session.engine.get(session.interactive)
        try:
            words = shlex.split(step.command)
        except ValueError as exc:
            return session, [f"bash: syntax error: {exc}"]
        if words and words[0] == "exit":
            return _end_interactive(session), []
        env = session.exec_env if session.exec_env is not None else container.process_env
        return _in_container(session, container, words, env)
    return session, []


# ============================================================================ replay


@attrs.frozen
class Mismatch:
    """A command whose output differs from the transcript's expected lines."""

    line: int
    command: str
    expected: tuple[str, ...]
    actual: tuple[str, ...]


@attrs.frozen
class CheckResult:
    """The result of replaying a transcript: the output transcript and any mismatches."""

    output: str
    mismatches: tuple[Mismatch, ...]
    session: Session

    @property
    def ok(self) -> bool:
        """Whether every command's output matched its expected lines."""
        return not self.mismatches


def _directive(session: Session, step: Step) -> tuple[Session, list[str]]:
    word, _, rest = step.command.partition(" ")
    rest = rest.strip()
    if word == "image":
        try:
            image = parse_image_directive(rest)
        except ImageError as exc:
            return session, [f"dockerlinks: {exc.docker_message}"]
        return attrs.evolve(session, engine=session.engine.with_image(image)), []
    if word == "file":
        path, _, content = rest.partition(" ")
        if not path:
            return session, ["dockerlinks: file directive needs a path"]
        text = content.encode("utf-8").decode("unicode_escape", errors="replace")
        return attrs.evolve(session, files=(*session.files, (path, text))), []
    if word == "env":
        name, eq, value = rest.partition("=")
        if not eq or not name:
            return session, ["dockerlinks: env directive needs NAME=VALUE"]
        return attrs.evolve(session, host_env=(*session.host_env, (name, value))), []
    if word in ("seed", "profile"):
        return session, []
    return session, [f"dockerlinks: unknown directive: {word}"]


def directive_defaults(steps: Iterable[Step]) -> dict[str, str]:
    """The ``seed`` / ``profile`` directives of a transcript (the last of each wins)."""
    found: dict[str, str] = {}
    for step in steps:
        if step.kind == "directive":
            word, _, rest = step.command.partition(" ")
            if word in ("seed", "profile"):
                found[word] = rest.strip()
    return found


def replay(
    text: str,
    *,
    profile: Profile | str | None = None,
    seed: int | None = None,
    engine: Engine | None = None,
) -> CheckResult:
    """Replay a transcript; the output is itself a transcript.

    ``profile`` and ``seed`` override the transcript's directives; ``engine`` starts from a
    given state instead of an empty engine.

    >>> result = replay("$ docker run -d --name db training/postgres\\n$ docker restart db\\n")
    >>> print(result.output.splitlines()[-1])
    db
    """
    steps = read_transcript(text)
    defaults = directive_defaults(steps)
    if engine is None:
        chosen = get_profile(profile if profile is not None else defaults.get("profile", "modern"))
        if seed is None:
            try:
                seed = int(defaults.get("seed", "0"))
            except ValueError:
                raise TranscriptError(
                    f"seed directive needs an integer, not {defaults['seed']!r}"
                ) from None
        engine = Engine(profile=chosen, seed=seed)
    session = Session(engine=engine)
    out: list[str] = []
    mismatches: list[Mismatch] = []
    for step in steps:
        out.append(step.text)
        if step.kind == "comment":
            continue
        if step.kind == "directive":
            session, lines = _directive(session, step)
            out.extend(lines)
            continue
        session, lines = run_line(session, step)
        out.extend(lines)
        if step.expected and not match_lines(step.expected, lines):
            mismatches.append(Mismatch(step.line, step.text, step.expected, tuple(lines)))
    session = _end_interactive(session)
    return CheckResult("\n".join(out) + "\n" if out else "", tuple(mismatches), session)
