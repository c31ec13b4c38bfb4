"""Replaying a real-daemon recording through the model, and comparing what each prints.

A recording (tests/daemon/recordings.py) is replayed command by command through the docker
CLI model (:func:`dockerlinks.client.docker`) on an engine set up as the recording's host
was: the profile of its daemon and CLI, the kernel's ephemeral range, the host's addresses,
hostname (``vm``), resolv.conf (``nameserver 10.255.255.53``) and listening sockets, no SCTP,
no IP masquerading (``--iptables=false``), the daemon's data root (``/tmp/dlrec/rec`` for the
generated sessions, ``/tmp/dlrec/nw`` for the scripted ones: the recorders' defaults), the
recorded images (busybox userland). Each command's standard output, standard error and exit
status are compared after normalising what Docker draws at random or takes from the clock,
on both sides alike:

    what                               normalised to
    ---------------------------------  ------------------------------------------------
    container / image / endpoint /     <id> (64 hex), <short> (12 hex)
    network / sandbox IDs
    generated names (adjective_name)   <name>
    times (RFC 3339, logrus time=,     <time>; "2 seconds ago", "Up 3 seconds" -> <ago>
    Go's time.Time String())
    inspect's Pid                      <pid>
    docker ps / network ls tables      re-cut into columns by the header's offsets (the
                                       widths follow the normalised cells)
    lines whose order is Go's random   sorted: `docker port C` on the 20.10 CLI (it prints
    map order                          a map), the link blocks of `env` and the link lines
                                       of /etc/hosts with several links (20.10 ranges over
                                       the links in map order), the networks named by
                                       "Container cannot be connected to network
                                       endpoints: a, b" (the daemon ranges over a map)
    answers in arrival order           sorted: busybox nslookup's two answer blocks (A and
                                       AAAA are asked at once; either comes first)

Nothing else is normalised: addresses, ports, texts, the order of everything else and exit
statuses must be Docker's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import attrs

from dockerlinks.client import Result, Session, docker
from dockerlinks.engine import Engine, Host, Socket, parse_image_directive
from dockerlinks.names import ADJECTIVES, SURNAMES
from dockerlinks.profiles import Profile, get_profile
from tests.daemon.recordings import Recording, Step
from tests.daemon.sequences import Command, generate, references

__all__ = ["Outcome", "engine_for", "normalise", "profile_for", "replay_recording"]

_NAME = re.compile(r"\b(?:" + "|".join(ADJECTIVES) + r")_(?:" + "|".join(SURNAMES) + r")\d*\b")
_ENDPOINTS = re.compile(r"(Container cannot be connected to network endpoints: )([^\n.]+)")
_RULES = (
    (re.compile(r"\b[0-9a-f]{64}\b"), "<id>"),
    (re.compile(r"\b[0-9a-f]{12}\b"), "<short>"),
    (re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)"), "<time>"),
    (re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)? [+-]\d{4} [A-Z]+"), "<time>"),
    (
        re.compile(
            r"\b(?:Less than a second|About a minute|About an hour|\d+ (?:seconds?|minutes?|"
            r"hours?|days?|weeks?|months?|years?))\b"
        ),
        "<ago>",
    ),
    (re.compile(r'"Pid": ?[1-9]\d*'), '"Pid": <pid>'),
)


def normalise(text: str) -> str:
    """``text`` with what varies from run to run replaced (the module's table)."""
    text = text.replace("0001-01-01T00:00:00Z", "<zero>")
    text = _ENDPOINTS.sub(lambda m: m.group(1) + ", ".join(sorted(m.group(2).split(", "))), text)
    text = _NAME.sub("<name>", text)
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text


def _table(lines: list[str]) -> list[str]:
    """A ``docker ps`` table cut by its header's column offsets, one row of cells per line."""
    header = lines[0]
    starts = [m.start() for m in re.finditer(r"(?:(?<=\s\s)|^)\S", header)]
    rows = []
    for line in lines:
        cells = [
            line[start : starts[i + 1] if i + 1 < len(starts) else len(line)].strip()
            for i, start in enumerate(starts)
        ]
        rows.append(" | ".join(normalise(cell) for cell in cells))
    return rows


def _env_blocks(lines: list[str]) -> list[str]:
    """``env`` output with the link blocks sorted (each block kept in its own order)."""
    blocks: list[list[str]] = []
    current: str | None = None
    for line in lines:
        name = line.partition("=")[0]
        alias = _link_alias(name)
        if alias is None or alias != current:
            blocks.append([])
        current = alias
        blocks[-1].append(line)
    linked = sorted(block for block in blocks if _link_alias(block[0].partition("=")[0]))
    out: list[str] = []
    placed = False
    for block in blocks:
        if _link_alias(block[0].partition("=")[0]):
            if not placed:
                out.extend(line for b in linked for line in b)
                placed = True
        else:
            out.extend(block)
    return out


_LINK_VAR = re.compile(r"^([A-Z0-9_]+?)_(?:NAME|PORT(?:_\d+_[A-Z]+(?:_[A-Z]+)?)?|ENV_.*)$")


def _link_alias(name: str) -> str | None:
    match = _LINK_VAR.match(name)
    return match.group(1) if match else None


_HEADER = re.compile(r"[A-Z][A-Z ]*[A-Z](?: {2,}[A-Z][A-Z ]*[A-Z])*")


def _hosts_blocks(lines: list[str]) -> list[str]:
    """An ``/etc/hosts`` with its link lines sorted: the daemon writes them ranging over a Go
    map of the links, so their order varies (the recordings show both orders)."""
    try:
        end = next(i for i, line in enumerate(lines) if line.endswith("ip6-allrouters")) + 1
    except StopIteration:
        return lines
    if len(lines) - end < 2:
        return lines
    return [*lines[:end], *sorted(lines[end:-1]), lines[-1]]


def _nslookup_blocks(lines: list[str]) -> list[str]:
    """busybox nslookup's output with its answer blocks sorted (A and AAAA come back in
    either order)."""
    try:
        first = lines.index("Non-authoritative answer:")
    except ValueError:
        return lines
    blocks: list[list[str]] = []
    for line in lines[first:]:
        if line == "Non-authoritative answer:":
            blocks.append([])
        blocks[-1].append(line)
    return [*lines[:first], *(line for block in sorted(blocks) for line in block)]


def _canonical(step: Step, stdout: str, profile: Profile) -> list[str]:
    raw = stdout.splitlines()
    listing = step.argv[:1] == ("ps",) or step.argv[:2] in (
        ("container", "ls"),
        ("network", "ls"),
    )
    if raw and listing and _HEADER.fullmatch(raw[0]):  # a table: cut, then normalise
        return _table(raw)
    lines = normalise(stdout).splitlines()
    argv = step.argv
    if argv[:1] == ("port",) and len(argv) == 2 and profile.cli.port_command == "20.10":
        return sorted(lines)
    if argv[:1] == ("exec",) and "nslookup" in argv:
        return _nslookup_blocks(lines)
    if lines and all("=" in line for line in lines):
        return _env_blocks(lines)
    if lines and lines[0].startswith("127.0.0.1\tlocalhost"):
        return _hosts_blocks(lines)
    return lines


@attrs.frozen
class Outcome:
    """One replayed command: what the recording shows and what the model printed."""

    index: int
    step: Step
    model: Result
    matched: bool


def profile_for(recording: Recording) -> Profile:
    """The profile of the recording's daemon and CLI (release lines; proxy on)."""
    daemon = ".".join(recording.source["daemon_version"].split("+")[0].split(".")[:3])
    cli = ".".join(recording.source["cli_version"].split("+")[0].split(".")[:3])
    return get_profile(daemon).with_cli(cli)


def engine_for(recording: Recording) -> Engine:
    """An engine set up as the recording's daemon and host were (the module docstring)."""
    images = [
        attrs.evolve(
            parse_image_directive(line.removeprefix("# dockerlinks: image ")), userland="busybox"
        )
        for line in recording.images
    ]
    sockets = []
    for entry in recording.source.get("host_listening", ()):
        proto, _, address = entry.partition(" ")
        ip, _, port = address.rpartition(":")
        sockets.append(Socket(ip.strip("[]"), int(port), proto))
    root = "/tmp/dlrec/rec" if "generator" in recording.source else "/tmp/dlrec/nw"
    host = Host(
        addresses=("172.17.0.1/16",),
        sctp=False,
        sockets=sockets,
        storage_driver="vfs",
        cgroup_version=1,
        data_root=f"{root}/data",
        exec_root=f"{root}/exec",
        ip_masquerade="--iptables=false" not in recording.source.get("daemon_flags", ()),
        hostname="vm",
        resolv_conf="nameserver 10.255.255.53\n",
    )
    begin, end = recording.source["port_range"]
    return Engine.new(
        profile=profile_for(recording), images=images, port_range=(begin, end), host=host
    )


_ID = re.compile(r"\b[0-9a-f]{64}\b")
_SHORT = re.compile(r"\b[0-9a-f]{12}\b")


class _Names:
    """What Docker drew at random (IDs, generated names) paired with what the model drew, in
    the order both print them, so that later commands naming them can be translated."""

    def __init__(self) -> None:
        self.known: dict[str, str] = {}

    def learn(self, recorded: str, model: str) -> None:
        for pattern in (_ID, _NAME, _SHORT):
            theirs = [m for m in pattern.findall(recorded) if m not in self.known]
            ours = [m for m in pattern.findall(model) if m not in self.known.values()]
            for real, modelled in zip(dict.fromkeys(theirs), dict.fromkeys(ours), strict=False):
                self.known[real] = modelled
                if pattern is _ID:
                    self.known.setdefault(real[:12], modelled[:12])

    def translate(self, word: str) -> str:
        for real, modelled in self.known.items():
            if real in word:
                word = word.replace(real, modelled)
        return word


def _generated(recording: Recording) -> tuple[Command, ...] | None:
    """The generated commands behind the recording, with their references unresolved
    (tests/daemon/sequences.py), when the recording has them all."""
    if "generator" not in recording.source:
        return None
    commands = generate(recording.seed).commands
    if len(commands) != len(recording.steps) or recording.source.get("skipped_commands"):
        return None
    return commands


def _resolve(word: str, outputs: list[str], engine: Engine) -> str:
    """A generated word's references resolved against what the model printed."""
    refs = references(word)
    if not refs:
        return word
    for kind, index in refs:
        found = _ID.findall(outputs[index]) if index < len(outputs) else []
        ident = found[-1] if found else ""
        if kind == "short":
            value = ident[:12]
        elif kind == "name":
            container = engine.find(ident) if ident else None
            value = container.bare_name if container is not None else ""
        else:
            value = ident
        word = word.replace(f"@{{{kind}:{index}}}", value, 1)
    return word


def _host_action(session: Session, action: Mapping[str, Any]) -> Session:
    """What the recorder did on the host between two commands: a program binding or closing
    a socket (the model's host binds or unbinds it), or reading a container's hosts file
    (checked against the model's: a mismatch fails at once)."""
    engine = session.engine
    kind = action["action"]
    if kind in ("listen", "unlisten"):
        ip, port = str(action["address"]), int(action["port"])
        if kind == "listen":
            host, refused = engine.host.bind(ip, port, "tcp")
            assert refused is None, action
        else:
            host = engine.host.unbind(ip, port, "tcp")
        return attrs.evolve(session, engine=engine.with_host(host))
    if kind == "read hosts file":
        container = engine.get(str(action["container"]))
        theirs = _hosts_blocks(normalise(str(action["content"])).splitlines())
        ours = _hosts_blocks(normalise(container.hosts).splitlines())
        assert ours == theirs, (
            f"/etc/hosts of {action['container']} before this step:\n"
            f"docker:\n{action['content']}model:\n{container.hosts}"
        )
        return session
    raise AssertionError(f"unknown host action: {kind}")


def replay_recording(recording: Recording) -> Iterator[Outcome]:
    """Replay every step of ``recording`` through the model, comparing as it goes.

    A command naming a container by the ID or generated name an earlier command printed
    names the model's: the generator's references (tests/daemon/sequences.py) are resolved
    against the model's outputs, and anything else Docker drew is translated by
    :class:`_Names`."""
    session = Session(engine_for(recording))
    profile = session.engine.profile
    names = _Names()
    generated = _generated(recording)
    outputs: list[str] = []
    actions: dict[int, list[Mapping[str, Any]]] = {}
    for action in recording.source.get("host_actions", ()):
        actions.setdefault(int(action["before_step"]), []).append(action)
    for index, step in enumerate(recording.steps):
        for action in actions.get(index, ()):
            session = _host_action(session, action)
        if generated is not None:
            argv = [_resolve(word, outputs, session.engine) for word in generated[index].argv]
        else:
            argv = [names.translate(word) for word in step.argv]
        session, result = docker(session, argv, step.stdin)
        outputs.append(result.stdout)
        names.learn(step.stdout + step.stderr, result.stdout + result.stderr)
        matched = (
            result.exit == step.exit
            and _canonical(step, result.stdout, profile) == _canonical(step, step.stdout, profile)
            and normalise(result.stderr) == normalise(step.stderr)
        )
        yield Outcome(index, step, result, matched)


def describe(outcome: Outcome, profile: Profile) -> str:
    """A readable diff of one mismatched command (normalised)."""
    step, model = outcome.step, outcome.model
    parts = [f"#{outcome.index} $ {step.line}"]
    theirs, ours = _canonical(step, step.stdout, profile), _canonical(step, model.stdout, profile)
    if theirs != ours:
        parts.append(f"  stdout docker: {theirs!r}")
        parts.append(f"  stdout model:  {ours!r}")
    if normalise(step.stderr) != normalise(model.stderr):
        parts.append(f"  stderr docker: {normalise(step.stderr)!r}")
        parts.append(f"  stderr model:  {normalise(model.stderr)!r}")
    if step.exit != model.exit:
        parts.append(f"  exit docker: {step.exit}  model: {model.exit}")
    return "\n".join(parts)


def summary(recordings: Sequence[Recording]) -> tuple[int, int]:
    """(commands matched, commands) over ``recordings``."""
    matched = total = 0
    for recording in recordings:
        for outcome in replay_recording(recording):
            total += 1
            matched += outcome.matched
    return matched, total
