"""What the programs inside a container print: the container's shell as a table of programs.

The engine runs no real process. A container's main process and every ``docker exec`` are
modelled by the program named by ``argv[0]``, from :data:`PROGRAMS`, run against what the
process sees (:class:`View`: environment, hostname, working directory, files, names it can
resolve) and its standard input. The programs behave as the busybox images the real-daemon
recordings were made with (``tests/daemon/harness.py``), so their texts are busybox's
(``cat: can't open 'x': No such file or directory``) when the image's userland is busybox,
GNU's (``cat: x: No such file or directory``) otherwise (:data:`TEXTS`).

Program table (``name`` may also be given with a ``/bin/`` or ``/usr/bin/`` directory)::

    program          prints                                           exit
    ---------------  -----------------------------------------------  -------------------
    env              every variable, one per line                     0
    printenv [N...]  every variable, or the values of N...            1 if one is unset
    cat [FILE...]    the files (/etc/hosts, /etc/hostname,            1 if one is missing
                     /etc/resolv.conf), or standard input
    hostname         the hostname                                     0
    echo [-n] ARGS   the arguments                                    0
    pwd              the working directory                            0
    sort             standard input's lines, sorted bytewise          0
    getent hosts N   the /etc/hosts line of each name found; GNU:     2 if none found
                     else the embedded DNS server's answer
    ping NAME        three replies from the address /etc/hosts, else  1 if unknown
                     the embedded DNS server, gives (needs apt-get
                     install inetutils-ping first)
    nslookup NAME    busybox only: the embedded DNS server's A and    1 if unanswered
                     AAAA answers (below)
    apt-get install  nothing (the packages are recorded)              0
    true / false     nothing                                          0 / 1
    sleep N          nothing; "sleep infinity" keeps running          0
    sh, bash         runs ``-c SCRIPT`` or its standard input line by  the last command's,
                     line: pipes (|), ;, &&, ||, $VAR / ${VAR} / $?,  or exit N
                     quotes, the builtins echo, pwd, cd, exit, true
    python, postgres the image's service: keeps running until stopped  0 when stopped
    serve

A program that is not in the table does not exist in the container (the engine words the
runtime's error); in a shell script it is ``sh: NAME: not found`` (exit 127).

``nslookup`` is busybox 1.35's (the recorded images; the walkthrough's Ubuntu images have none):
it asks the first nameserver of ``/etc/resolv.conf`` for A and AAAA at once and prints each
answer as it arrives (Docker's embedded server answers a name with no IPv6 address with an
empty AAAA answer; the model prints the A answer first, a real run either way)::

    the server answers           stdout                                          exit
    ---------------------------  ----------------------------------------------  ----
    the name                     Server:<TAB><TAB>S / Address:<TAB>S:53 / blank,  0
                                 then per answer "Non-authoritative answer:",
                                 "Name:<TAB>N" + "Address: A" per address, blank
    nothing (no such name: the   ;; connection timed out; no servers could be     1
    query is forwarded, and no   reached / blank
    server outside answers)
    a label over 63 characters   the same, and on stderr "nslookup: write to      1
                                 'S': Message too long"

(recorded on Docker 20.10 with busybox 1.35: ``tests/data/daemon/20.10/networks/cli-*/
dns.json`` #13-#23, ``links-user-net.json`` #6-#7).

What this module must not know: containers, links, the CLI (a program sees only its View).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import NamedTuple

import attrs

from dockerlinks import _go

__all__ = ["PROGRAMS", "TEXTS", "Outcome", "View", "find_program", "run_program"]


#: Error texts per userland: GNU coreutils 8.21 with bash and dash (/bin/sh), the Ubuntu
#: 14.04 base of the walkthrough's images; busybox 1.35 (the recorded images, whose
#: /bin/bash runs busybox sh: tests/daemon/harness.py).
TEXTS: Mapping[str, Mapping[str, str]] = {
    "gnu": {
        "cat_missing": "cat: {path}: No such file or directory\n",
        "not_found_sh": "sh: 1: {name}: not found\n",
        "not_found_bash": "bash: {name}: command not found\n",
    },
    "busybox": {
        "cat_missing": "cat: can't open '{path}': No such file or directory\n",
        "not_found_sh": "sh: {name}: not found\n",
        "not_found_bash": "sh: {name}: not found\n",
    },
}


@attrs.frozen
class View:
    """What a process in the container sees."""

    env: tuple[str, ...]
    hostname: str
    workdir: str = "/"
    files: tuple[tuple[str, str], ...] = ()
    packages: frozenset[str] = frozenset()
    #: which addresses answer pings (running containers, the gateway, loopback)
    alive: Callable[[str], bool] = attrs.field(default=lambda address: False, eq=False)
    #: the image's userland, which words the programs' errors (:data:`TEXTS`)
    userland: str = "gnu"
    #: the embedded DNS server's answer for a name (its IPv4 addresses), or ``None`` when it
    #: has none (or the container is on no user-defined network)
    resolve: Callable[[str], tuple[str, ...] | None] = attrs.field(
        default=lambda name: None, eq=False
    )

    def text(self, key: str, **fields: str) -> str:
        """The userland's wording of ``key``."""
        return TEXTS[self.userland][key].format(**fields)

    def file(self, path: str) -> str | None:
        """The content of ``path``, or ``None`` when the container has no such file."""
        for name, content in self.files:
            if name == path:
                return content
        return None

    def variable(self, name: str) -> str | None:
        """The value of the environment variable ``name``."""
        found = None
        for entry in self.env:
            key, sep, value = entry.partition("=")
            if sep and key == name:
                found = value
        return found


@attrs.frozen
class Outcome:
    """What a program did: its output, its exit status, whether it is still running."""

    stdout: str = ""
    stderr: str = ""
    exit_code: int = 0
    running: bool = False
    installed: frozenset[str] = frozenset()


class _Run(NamedTuple):
    argv: tuple[str, ...]
    view: View
    stdin: str | None


Program = Callable[[_Run], Outcome]


def _lines(text: str) -> str:
    return text if not text or text.endswith("\n") else text + "\n"


def _env(run: _Run) -> Outcome:
    return Outcome("".join(f"{entry}\n" for entry in run.view.env))


def _printenv(run: _Run) -> Outcome:
    names = run.argv[1:]
    if not names:
        if run.view.userland == "busybox":  # busybox has none: a sh script runs env
            return _env(_Run(run.argv, shell_view(run.view), run.stdin))
        return _env(run)
    out = []
    missing = False
    for name in names:
        value = run.view.variable(name)
        if value is None:
            missing = True
        else:
            out.append(value + "\n")
    return Outcome("".join(out), exit_code=1 if missing else 0)


def _cat(run: _Run) -> Outcome:
    if len(run.argv) == 1:
        return Outcome(run.stdin or "")
    out, err = [], []
    for path in run.argv[1:]:
        content = run.view.file(path)
        if content is None:
            err.append(run.view.text("cat_missing", path=path))
        else:
            out.append(content)
    return Outcome("".join(out), "".join(err), 1 if err else 0)


def _hostname(run: _Run) -> Outcome:
    return Outcome(run.view.hostname + "\n")


def _echo(run: _Run) -> Outcome:
    args = list(run.argv[1:])
    newline = "\n"
    if args[:1] == ["-n"]:
        args, newline = args[1:], ""
    return Outcome(" ".join(args) + newline)


def _pwd(run: _Run) -> Outcome:
    return Outcome(run.view.workdir + "\n")


def _sort(run: _Run) -> Outcome:
    lines = (run.stdin or "").splitlines()
    return Outcome("".join(line + "\n" for line in sorted(lines, key=_bytes)))


def _bytes(line: str) -> bytes:
    return line.encode("utf-8", "surrogateescape")


def _hosts_records(view: View) -> list[tuple[str, list[str], str]]:
    records = []
    for line in (view.file("/etc/hosts") or "").splitlines():
        fields = line.split("#", 1)[0].split()
        if len(fields) >= 2:
            records.append((fields[0], fields[1:], line))
    return records


def _getent(run: _Run) -> Outcome:
    if run.argv[1:2] != ("hosts",):
        return Outcome(exit_code=1)
    out = []
    for name in run.argv[2:]:
        line = next((line for _ip, names, line in _hosts_records(run.view) if name in names), "")
        if line:
            out.append(line + "\n")
            continue
        if run.view.userland == "busybox":  # the recorded images' getent reads the file only
            continue
        answer = _embedded(run.view, name)
        if answer:  # glibc's getent prints "%-15s %s" (nss/getent.c print_hosts)
            out.append(f"{answer[0]:<15} {name}\n")
    return Outcome("".join(out), exit_code=0 if out else 2)


def _server(view: View) -> str:
    """The first nameserver of the container's resolv.conf."""
    for line in (view.file("/etc/resolv.conf") or "").splitlines():
        fields = line.split("#", 1)[0].split()
        if len(fields) >= 2 and fields[0] == "nameserver":
            return fields[1]
    return "127.0.0.1"


def _embedded(view: View, name: str) -> tuple[str, ...] | None:
    """The answer of the server the container asks: only Docker's embedded one answers."""
    if _server(view) != "127.0.0.11":
        return None
    return view.resolve(name)


_TIMED_OUT = ";; connection timed out; no servers could be reached\n\n"


def _nslookup(run: _Run) -> Outcome:
    names = [a for a in run.argv[1:] if not a.startswith("-")]
    if not names:
        return Outcome(
            stderr="Usage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n",
            exit_code=1,
        )
    name = names[0]
    server = _server(run.view)
    if any(len(label) > 63 for label in name.split(".")):
        # busybox cannot encode the query; its send fails and nothing comes back
        return Outcome(
            _TIMED_OUT, f"nslookup: write to '{server}': Message too long\n", exit_code=1
        )
    answer = _embedded(run.view, name)
    if not answer:
        return Outcome(_TIMED_OUT, exit_code=1)
    records = "".join(f"Name:\t{name}\nAddress: {ip}\n" for ip in answer)
    head = f"Server:\t\t{server}\nAddress:\t{server}:53\n\n"
    return Outcome(
        head + "Non-authoritative answer:\n" + records + "\n" + "Non-authoritative answer:\n\n"
    )


_PING_TIMES = ("0.267", "0.250", "0.256")


def _ping(run: _Run) -> Outcome:
    if not run.view.packages & {"inetutils-ping", "iputils-ping"}:
        return Outcome(stderr=run.view.text("not_found_bash", name="ping"), exit_code=127)
    targets = [a for a in run.argv[1:] if not a.startswith("-")]
    if not targets:
        return Outcome(stderr="ping: missing host operand\n", exit_code=1)
    host = targets[-1]
    literal = _go.parse_ip(host)
    address = host if literal is not None and len(literal) == 4 else None  # an IPv4 literal
    if address is None:
        address = next((ip for ip, names, _ in _hosts_records(run.view) if host in names), None)
    if address is None:
        answer = _embedded(run.view, host)
        address = answer[0] if answer else None
    if address is None:
        return Outcome(stderr="ping: unknown host\n", exit_code=1)
    lines = [f"PING {host} ({address}): 48 data bytes"]
    if run.view.alive(address):
        lines += [
            f"56 bytes from {address}: icmp_seq={n} ttl=64 time={t} ms"
            for n, t in enumerate(_PING_TIMES)
        ]
        return Outcome("".join(line + "\n" for line in lines))
    lines += [
        f"--- {host} ping statistics ---",
        "3 packets transmitted, 0 packets received, 100% packet loss",
    ]
    return Outcome("".join(line + "\n" for line in lines), exit_code=1)


def _apt(run: _Run) -> Outcome:
    if run.argv[1:2] == ("install",):
        return Outcome(installed=frozenset(a for a in run.argv[2:] if not a.startswith("-")))
    return Outcome()


def _true(run: _Run) -> Outcome:
    del run
    return Outcome()


def _false(run: _Run) -> Outcome:
    del run
    return Outcome(exit_code=1)


def _sleep(run: _Run) -> Outcome:
    return Outcome(running=run.argv[1:2] == ("infinity",))


def _service(run: _Run) -> Outcome:
    del run
    return Outcome(running=True)


_ASH_BUCKETS = 39  # busybox shell/ash.c VTABSIZE


def _ash_bucket(name: str) -> int:
    """busybox ash's ``hashvar``: the first byte shifted by 4 plus every byte of the name."""
    data = name.encode("utf-8", "surrogateescape")
    if not data:
        return 0
    return ((data[0] << 4) + sum(data)) % _ASH_BUCKETS


def ash_environ(env: tuple[str, ...], workdir: str) -> tuple[str, ...]:
    """The environment busybox ash hands the programs it runs: its own variables, in the
    order of its hash table (bucket by bucket, each in the order set), with ``SHLVL``
    raised by one and ``PWD`` set (busybox shell/ash.c: ``hashvar``, ``listvars``,
    ``init``). Checked against the recorded images, whose ``/bin/bash`` is ash.

    >>> ash_environ(("PATH=/bin", "HOSTNAME=c", "HOME=/root"), "/")
    ('HOSTNAME=c', 'SHLVL=1', 'HOME=/root', 'PATH=/bin', 'PWD=/')
    """
    values: dict[str, str] = {}
    for entry in env:
        name, _, value = entry.partition("=")
        values[name] = value
    level = values.get("SHLVL", "0")
    values["SHLVL"] = str(int(level) + 1) if level.isdigit() else "1"
    values.setdefault("PWD", workdir)
    order = sorted(enumerate(values), key=lambda item: (_ash_bucket(item[1]), item[0]))
    return tuple(f"{name}={values[name]}" for _, name in order)


def shell_view(view: View) -> View:
    """What the programs a shell runs see: for busybox, ash's environment."""
    if view.userland != "busybox":
        return view
    return attrs.evolve(view, env=ash_environ(view.env, view.workdir))


def _shell(run: _Run) -> Outcome:
    shell = "bash" if run.argv[0].rsplit("/", 1)[-1] == "bash" else "sh"
    view = shell_view(run.view)
    if shell == "bash" and view.userland == "busybox":
        view = shell_view(view)  # the recorded images' /bin/bash: a sh script exec-ing sh
    run = _Run(run.argv, view, run.stdin)
    args = run.argv[1:]
    if args[:1] == ("-c",) and len(args) >= 2:
        return run_script(args[1], run.view, None, shell=shell)
    if run.stdin is None:  # standard input open, nothing sent yet: the shell waits for it
        return Outcome(running=True)
    return run_script(run.stdin, run.view, None, shell=shell)


PROGRAMS: Mapping[str, Program] = {
    "env": _env,
    "printenv": _printenv,
    "cat": _cat,
    "hostname": _hostname,
    "echo": _echo,
    "pwd": _pwd,
    "sort": _sort,
    "getent": _getent,
    "ping": _ping,
    "nslookup": _nslookup,
    "apt-get": _apt,
    "apt": _apt,
    "true": _true,
    "false": _false,
    "sleep": _sleep,
    "sh": _shell,
    "bash": _shell,
    "python": _service,
    "postgres": _service,
    "serve": _service,
}

_DIRECTORIES = ("/bin/", "/usr/bin/", "/usr/local/bin/", "/sbin/", "/usr/sbin/")
_SERVICES = {"/usr/lib/postgresql/9.3/bin/postgres": _service}
#: programs only one userland has
_ONLY_IN = {"nslookup": "busybox"}


def find_program(name: str, userland: str = "busybox") -> Program | None:
    """The program ``name`` runs (a bare name, or one of the usual directories) in an image of
    that userland, or None."""
    if name in _SERVICES:
        return _SERVICES[name]
    for directory in _DIRECTORIES:
        if name.startswith(directory) and "/" not in name[len(directory) :]:
            name = name[len(directory) :]
            break
    else:
        if "/" in name:
            return None
    if _ONLY_IN.get(name, userland) != userland:
        return None
    return PROGRAMS.get(name)


def run_program(argv: tuple[str, ...], view: View, stdin: str | None = None) -> Outcome | None:
    """Run ``argv`` (its program must exist: ``None`` when it does not)."""
    program = find_program(argv[0], view.userland) if argv else None
    if program is None:
        return None
    return program(_Run(argv, view, stdin))


# --------------------------------------------------------------------------- the shell

_OPERATORS = ("&&", "||", "|", ";")


def _expand(text: str, view: View, status: int) -> str:
    """``$NAME``, ``${NAME}`` and ``$?`` in ``text`` (unset: empty)."""
    out = []
    i = 0
    while i < len(text):
        char = text[i]
        if char != "$" or i + 1 >= len(text):
            out.append(char)
            i += 1
            continue
        nxt = text[i + 1]
        if nxt == "?":
            out.append(str(status))
            i += 2
        elif nxt == "{":
            close = text.find("}", i + 2)
            if close < 0:
                out.append(char)
                i += 1
                continue
            out.append(view.variable(text[i + 2 : close]) or "")
            i = close + 1
        elif nxt == "_" or nxt.isalpha():
            j = i + 1
            while j < len(text) and (text[j] == "_" or text[j].isalnum()):
                j += 1
            out.append(view.variable(text[i + 1 : j]) or "")
            i = j
        else:
            out.append(char)
            i += 1
    return "".join(out)


def _tokens(line: str, view: View, status: int) -> list[str | tuple[str]]:
    """Words and operators (as 1-tuples) of one line, quotes and expansions applied."""
    tokens: list[str | tuple[str]] = []
    word: list[str] = []
    quoted = False
    i = 0

    def flush() -> None:
        nonlocal quoted
        if word or quoted:
            tokens.append("".join(word))
        word.clear()
        quoted = False

    while i < len(line):
        char = line[i]
        if char in " \t":
            flush()
            i += 1
        elif char == "#" and not word and not quoted:
            break
        elif char == "'":
            close = line.find("'", i + 1)
            close = len(line) if close < 0 else close
            word.append(line[i + 1 : close])
            quoted = True
            i = close + 1
        elif char == '"':
            j = i + 1
            chunk = []
            while j < len(line) and line[j] != '"':
                if line[j] == "\\" and j + 1 < len(line) and line[j + 1] in '"\\$`':
                    chunk.append(line[j + 1])
                    j += 2
                    continue
                chunk.append(line[j])
                j += 1
            word.append(_expand("".join(chunk), view, status))
            quoted = True
            i = j + 1
        elif char == "\\" and i + 1 < len(line):
            word.append(line[i + 1])
            i += 2
        elif any(line.startswith(op, i) for op in _OPERATORS):
            flush()
            op = next(op for op in _OPERATORS if line.startswith(op, i))
            tokens.append((op,))
            i += len(op)
        elif char == "$":
            j = i + 1
            if j < len(line) and line[j] == "{":
                j = line.find("}", j)
                j = len(line) if j < 0 else j + 1
            elif j < len(line) and line[j] == "?":
                j += 1
            else:
                while j < len(line) and (line[j] == "_" or line[j].isalnum()):
                    j += 1
            value = _expand(line[i:j], view, status)
            word.extend(value)  # unquoted: no word splitting of the value is modelled
            i = max(j, i + 1)
        else:
            word.append(char)
            i += 1
    flush()
    return tokens


class _Exit(Exception):
    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


class _Exec(Exception):
    """``exec PROGRAM``: the program replaces the shell (it may keep running)."""

    def __init__(self, outcome: Outcome) -> None:
        super().__init__(outcome.exit_code)
        self.outcome = outcome


def _simple(argv: list[str], view: View, stdin: str | None, shell: str) -> tuple[Outcome, View]:
    """One simple command: a builtin or a program."""
    name = argv[0]
    if name == "exit":
        code = int(argv[1]) if len(argv) > 1 and argv[1].isdigit() else 0
        raise _Exit(code & 255)
    if name == "cd":
        target = argv[1] if len(argv) > 1 else (view.variable("HOME") or "/")
        return Outcome(), attrs.evolve(view, workdir=target)
    if name == "export":
        return Outcome(), view
    if name == "exec" and len(argv) > 1:
        replaced = run_program(tuple(argv[1:]), view, stdin)
        if replaced is None:
            key = "not_found_bash" if shell == "bash" else "not_found_sh"
            raise _Exec(Outcome(stderr=view.text(key, name=argv[1]), exit_code=127))
        raise _Exec(replaced)
    if name == "exec":
        return Outcome(), view
    outcome = run_program(tuple(argv), view, stdin)
    if outcome is None:
        key = "not_found_bash" if shell == "bash" else "not_found_sh"
        return Outcome(stderr=view.text(key, name=name), exit_code=127), view
    if outcome.installed:
        view = attrs.evolve(view, packages=view.packages | outcome.installed)
    return attrs.evolve(outcome, running=False), view


def run_script(script: str, view: View, stdin: str | None, *, shell: str = "sh") -> Outcome:
    """Run a shell script line by line (see the module's table); stops at ``exit``.

    ``shell`` words the "not found" message: busybox ``sh`` (the recorded images) or
    ``bash`` (the walkthrough's Ubuntu images at a prompt).
    """
    out: list[str] = []
    err: list[str] = []
    status = 0
    installed: frozenset[str] = frozenset()
    packages = view.packages
    try:
        for line in script.splitlines():
            tokens = _tokens(line, view, status)
            if not tokens:
                continue
            # split into pipelines joined by ; && ||
            chain: list[tuple[str, list[list[str]]]] = [(";", [[]])]
            for token in tokens:
                if isinstance(token, tuple):
                    if token[0] == "|":
                        chain[-1][1].append([])
                    else:
                        chain.append((token[0], [[]]))
                else:
                    chain[-1][1][-1].append(token)
            for joiner, pipeline in chain:
                if (joiner == "&&" and status != 0) or (joiner == "||" and status == 0):
                    continue
                data = stdin
                for index, argv in enumerate(pipeline):
                    if not argv:
                        continue
                    outcome, view = _simple(argv, view, data, shell)
                    err.append(outcome.stderr)
                    installed |= outcome.installed
                    status = outcome.exit_code
                    if index == len(pipeline) - 1:
                        out.append(outcome.stdout)
                    else:
                        data = outcome.stdout
    except _Exit as exit_:
        status = exit_.code
    except _Exec as replaced:
        out.append(replaced.outcome.stdout)
        err.append(replaced.outcome.stderr)
        installed |= replaced.outcome.installed
        return Outcome(
            "".join(out),
            "".join(err),
            replaced.outcome.exit_code,
            running=replaced.outcome.running,
            installed=installed,
        )
    del packages
    return Outcome("".join(out), "".join(err), status, installed=installed)
