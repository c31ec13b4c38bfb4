"""What each docker command does with the daemon and prints: a handler per command.

:func:`docker` parses the command line (:mod:`dockerlinks.client.flags`), then calls the
handler of :data:`HANDLERS` for the command. A handler talks to the engine through its public
operations only and words the outcome as the profile's CLI does (texts from
:mod:`dockerlinks.messages`, ``profile.cli.messages``)::

    command          prints (stdout / stderr)                               exit
    ---------------  -----------------------------------------------------  -------------
    run, create      create's errors: the CLI's "docker: ..." form (run) or 125 (run),
                     the daemon's text as is (create); create prints the    1 (create),
                     ID; run -d prints the ID, then starts; run without -d  the program's
                     attaches: the program's output, its exit status        status
    start            each name; each failure as it happens, then           1 on a failure
                     "failed to start containers: a, b"
    stop, restart,   each name; every error after the names                 1 on an error
    kill, rm
    ps               the table or --format lines                            0
    port             dockerlinks.display.port_lines                         1 on an error
    inspect          the documents ([] when none), or -f lines; errors      1 on an error
                     after the output
    exec             the program's output (a missing program: the           the program's
                     runtime's text on stdout, 126)                         status
    logs             the main program's output (--tail N: its last N lines) 0
    wait             each container's exit status                           0
    rename           nothing                                                1 on an error
    network create   the new network's ID; the CLI's IPAM checks first      1 on an error
    network ls       the table or --format lines (natural order of names)   0
    network inspect  as inspect                                             1 on an error
    network rm       each name; each error as it happens (v28+: then        1 on an error
                     "exit status 1")
    network connect, nothing                                                1 on an error
    disconnect

``run`` and ``create`` print the create response's warnings (``WARNING: ...`` on stderr: a host
network's discarded ports); a loopback ``--dns`` gets the CLI's own warning, before the create
(v20.10 - v28.0.1, even when the create fails) or with the daemon's (v28.0.2+)
(``Cli.dns_warning``).

Start failures exit with 125, 126 or 127 (docker/cli ``runStartContainerErr`` /
``toStatusError``: "executable file not found" or "no such file or directory" is 127,
"permission denied" 126).

What this module must not know: how the engine decides (it calls engine operations) or the
transcript format.
"""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs

from dockerlinks import _go
from dockerlinks._args import wrong_type
from dockerlinks._goregexp import PatternError, match_string
from dockerlinks.client.flags import COMMANDS, ParsedArgs, parse_docker_args
from dockerlinks.client.output import go_time_string, network_ls_output, ps_output
from dockerlinks.client.session import Result, Session
from dockerlinks.display import port_lines
from dockerlinks.engine.config import ContainerConfig, CreateRequest, EndpointConfig
from dockerlinks.engine.container import Container
from dockerlinks.engine.gotemplate import Template
from dockerlinks.engine.images import reference_problem
from dockerlinks.engine.inspect import typed_document, typed_network_document
from dockerlinks.engine.network import NetworkRequest
from dockerlinks.errors import (
    DockerLinksError,
    EngineError,
    FlagError,
    ImageNotFoundError,
    InspectError,
    NoSuchContainerError,
    PortError,
    StartError,
)
from dockerlinks.messages import cli_text, daemon_text
from dockerlinks.profiles import Profile

__all__ = ["HANDLERS", "docker"]

Handler = Callable[[Session, ParsedArgs, "str | None"], tuple[Session, Result]]


def _out(lines: Sequence[str]) -> str:
    return "".join(line + "\n" for line in lines)


def _daemon(profile: Profile, message: str) -> str:
    return cli_text(profile, "daemon", message=message)


def _not_found(profile: Profile, ref: str, message: str) -> str:
    """A lookup's 404 as the CLI shows it: v20.10's own wrapper, or the daemon's text."""
    if message.startswith("No such container"):
        return cli_text(profile, "no_such_container", ref=ref)
    return _daemon(profile, message)


def _run_error(profile: Profile, message: str, command: str, *, start: bool) -> str:
    """``docker run``'s report of an error (docker/cli ``reportError``); the v20.10 - v27
    texts end in exactly one full stop (``strings.TrimSuffix(str, ".") + "."``)."""
    key = "run_start_error" if start else "run_error"
    trimmed = message[:-1] if message.endswith(".") else message
    return cli_text(profile, key, message=message, trimmed=trimmed, command=command)


def _exit_status(message: str) -> int:
    if "executable file not found" in message or "no such file or directory" in message:
        return 127
    if "permission denied" in message:
        return 126
    return 125


# --------------------------------------------------------------------------- run / create


def _config(session: Session, parsed: ParsedArgs) -> ContainerConfig:
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
        domainname=parsed.value("domainname") or "",
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
        networks=parsed.values("network"),
        network_aliases=parsed.values("network-alias"),
        ip=parsed.value("ip") or "",
        add_hosts=parsed.values("add-host"),
        dns=parsed.values("dns"),
        mac_address=parsed.value("mac-address") or "",
    )


# opts.NetworkOpt.Set: the advanced syntax
_NETWORK_LONG = re.compile(r"\w+=\w+(,\w+=\w+)*")
# docker/cli v20.10 cli/command/container/create.go ipLocalhost (matched anywhere)
_LOCALHOST_20 = re.compile(r"((127\.([0-9]{1,3}\.){2}[0-9]{1,3})|(::1)$)")


def _localhost_dns(profile: Profile, servers: Sequence[str]) -> str:
    """The CLI's warning about the first loopback ``--dns`` server, or ``""``: v20.10 -
    v28.0.1 match its text against a regular expression, v28.0.2+ ask ``netip`` whether it is
    a loopback address and print it as ``netip`` does."""
    for server in servers:
        if profile.cli.dns_warning == "before-create":
            if _LOCALHOST_20.search(server):
                return cli_text(profile, "localhost_dns", ip=server)
            continue
        address = _go.parse_addr(server)
        if address is not None and not address.zone and _loopback(server):
            return cli_text(profile, "localhost_dns", ip=str(address))
    return ""


def _loopback(text: str) -> bool:
    try:
        return ipaddress.ip_address(text).is_loopback
    except ValueError:
        return False


def _api_refusal(profile: Profile, request: CreateRequest) -> str | None:
    """The vendored client's own refusals before it sends the create (docker/cli v25+:
    ``"specify mac-address per network" requires API version 1.44``)."""
    if profile.api.at_least("1.44"):
        return None
    if any(config.mac for _, config in request.endpoints):
        return cli_text(
            profile,
            "api_too_old",
            feature="specify mac-address per network",
            required="1.44",
            api=profile.api.version,
        )
    return None


def _create_or_run(
    session: Session, parsed: ParsedArgs, stdin: str | None
) -> tuple[Session, Result]:
    profile = session.engine.profile
    command = parsed.command
    run = command == "run"
    if parsed.flag("tty") and not session.tty:
        return session, Result(stderr=cli_text(profile, "not_a_tty") + "\n", exit=1)
    if any(_NETWORK_LONG.search(value) for value in parsed.values("network")):
        text = (
            "dockerlinks: --network with per-network options (name=...,alias=...) is a docker "
            "form the model does not implement\n"
        )
        return session, Result(stderr=text, exit=125)
    try:
        config = _config(session, parsed)
        request = config.request(profile)
        problem = reference_problem(request.image)  # the CLI parses the reference first
        if problem is not None:
            kind, remote = problem
            raise FlagError(cli_text(profile, f"reference_{kind}", remote=remote))
    except DockerLinksError as exc:
        return session, Result(
            stderr=_run_error(profile, exc.docker_message, command, start=False) + "\n", exit=125
        )
    engine = session.engine
    notice = ""
    dns_warning = _localhost_dns(profile, request.dns)
    if dns_warning and profile.cli.dns_warning == "before-create":
        notice, dns_warning = dns_warning + "\n", ""
    refused = _api_refusal(profile, request)
    if refused is not None:
        if not run:  # docker create returns the client's error as it is
            return session, Result(stderr=notice + refused + "\n", exit=1)
        error = _run_error(profile, refused, command, start=False)
        return session, Result(stderr=notice + error + "\n", exit=125)
    try:
        try:
            engine, container = engine.create(request)
        except ImageNotFoundError as missing:
            # the CLI pulls, then creates again (docker/cli container/create.go)
            if (parsed.value("pull") or "missing") == "never":
                raise
            notice += missing.notice + "\n" if missing.notice else ""
            engine = engine.pull(request.image)
            engine, container = engine.create(request)
    except DockerLinksError as exc:  # the daemon's answer: EngineError, ContainerNameError
        text = _daemon(profile, exc.docker_message)
        if run:
            error = _run_error(profile, text, command, start=False)
            return session, Result(stderr=notice + error + "\n", exit=125)
        return session, Result(stderr=notice + text + "\n", exit=1)
    session = attrs.evolve(session, engine=engine)
    warnings = [*engine.create_warnings(request), *([dns_warning] if dns_warning else [])]
    for text in warnings:
        line = text if text.startswith("WARNING: ") else cli_text(profile, "warning", text=text)
        notice += line + "\n"
    if not run:
        return session, Result(stdout=container.id + "\n", stderr=notice)
    detach = parsed.flag("detach")
    engine, outcome = engine.try_start(
        container.id, stdin=stdin if parsed.flag("interactive") else None
    )
    session = attrs.evolve(session, engine=engine)
    if isinstance(outcome, StartError):
        text = _daemon(profile, outcome.docker_message)
        err = _run_error(profile, text, command, start=True) + "\n"
        if not detach:
            waited = cli_text(profile, "wait_cancelled", time=session.time)
            err += waited + "\n" if waited else ""
        out = container.id + "\n" if detach else ""
        return session, Result(
            stdout=out, stderr=notice + err, exit=_exit_status(outcome.docker_message)
        )
    if detach:
        return session, Result(stdout=container.id + "\n", stderr=notice)
    attached = _attached(session, outcome)
    if notice:
        attached = Result.written([("stderr", notice), *_chunks(attached)], attached.exit)
    return session, attached


def _chunks(result: Result) -> list[tuple[str, str]]:
    if result.order:
        return list(result.order)
    return [
        (stream, text)
        for stream, text in (("stdout", result.stdout), ("stderr", result.stderr))
        if text
    ]


def _attached(session: Session, container: Container) -> Result:
    """What an attached client shows of a container's main process (it has ended, or keeps
    running in the background of the model)."""
    found = session.engine.find(container.id)
    code = found.exit_code if found is not None and not found.running else container.exit_code
    return Result.written([(e.stream, e.text) for e in container.logs], code)


# --------------------------------------------------------------------------- start / stop ...


def _start(session: Session, parsed: ParsedArgs, stdin: str | None) -> tuple[Session, Result]:
    """``docker start`` (docker/cli ``container/start.go``): each container's name, or its
    error as it happens, then the summary of the failed ones; ``-a`` attaches to the first."""
    profile = session.engine.profile
    engine = session.engine
    chunks: list[tuple[str, str]] = []
    failed: list[str] = []
    attach = parsed.flag("attach")
    for ref in parsed.args:
        try:
            before = engine.get(ref)
        except NoSuchContainerError as exc:
            chunks.append(("stderr", _daemon(profile, exc.docker_message) + "\n"))
            failed.append(ref)
            continue
        logs_before = len(before.logs)
        engine, outcome = engine.try_start(ref, stdin=stdin if parsed.flag("interactive") else None)
        if isinstance(outcome, StartError):
            chunks.append(("stderr", _daemon(profile, outcome.docker_message) + "\n"))
            failed.append(ref)
            continue
        if attach:
            after = engine.find(outcome.id)
            logs = (after.logs if after is not None else outcome.logs)[logs_before:]
            session = attrs.evolve(session, engine=engine)
            code = after.exit_code if after is not None and not after.running else 0
            return session, Result.written([(e.stream, e.text) for e in logs], code)
        chunks.append(("stdout", ref + "\n"))
    if failed:
        summary = cli_text(profile, "failed_to_start", names=", ".join(failed))
        chunks.append(("stderr", summary + "\n"))
    return attrs.evolve(session, engine=engine), Result.written(chunks, 1 if failed else 0)


def _each(action: str) -> Handler:
    def handler(session: Session, parsed: ParsedArgs, stdin: str | None) -> tuple[Session, Result]:
        del stdin
        profile = session.engine.profile
        engine = session.engine
        out: list[str] = []
        errors: list[str] = []
        for ref in parsed.args:
            try:
                if action == "stop":
                    engine, _ = engine.stop(ref)
                elif action == "kill":
                    engine, _ = engine.kill(ref)
                else:
                    engine, outcome = engine.try_restart(ref)
                    if isinstance(outcome, StartError):
                        raise outcome
            except NoSuchContainerError as exc:
                errors.append(_daemon(profile, exc.docker_message))
                continue
            except EngineError as exc:
                errors.append(_daemon(profile, exc.docker_message))
                continue
            out.append(ref)
        return attrs.evolve(session, engine=engine), Result(
            _out(out), _out(errors), 1 if errors else 0
        )

    return handler


def _rm(session: Session, parsed: ParsedArgs, stdin: str | None) -> tuple[Session, Result]:
    del stdin
    """``docker rm`` (docker/cli ``container/rm.go``): each removed name; with ``-f`` a missing
    container is reported in place and is no failure (``cli.rm_missing``: v29.7+ says
    nothing); every other error after the names, exit 1."""
    profile = session.engine.profile
    engine = session.engine
    chunks: list[tuple[str, str]] = []
    errors: list[str] = []
    force, link = parsed.flag("force"), parsed.flag("link")
    for ref in parsed.args:
        name = ref.strip("/")  # the CLI trims every argument, link names too
        if not name:
            errors.append(cli_text(profile, "empty_name"))
            continue
        try:
            engine = engine.remove(name, force=force, link=link)
        except NoSuchContainerError as exc:
            text = _not_found(profile, name, exc.docker_message)
            if not force:
                errors.append(text)
            elif profile.cli.rm_missing == "report":
                chunks.append(("stderr", text + "\n"))
            continue
        except EngineError as exc:
            errors.append(_daemon(profile, exc.docker_message))
            continue
        chunks.append(("stdout", ref + "\n"))
    chunks.extend(("stderr", error + "\n") for error in errors)
    return attrs.evolve(session, engine=engine), Result.written(chunks, 1 if errors else 0)


# --------------------------------------------------------------------------- ps / port / inspect


def _ps(session: Session, parsed: ParsedArgs, stdin: str | None) -> tuple[Session, Result]:
    del stdin
    profile = session.engine.profile
    engine = session.engine
    containers = sorted(engine.containers, key=lambda c: c.created, reverse=True)
    last = parsed.value("last")
    if parsed.flag("latest"):
        containers = containers[:1]
    elif last is not None and int(last) >= 0:
        containers = containers[: int(last)]
    elif not parsed.flag("all"):
        containers = [c for c in containers if c.running]
    wanted: dict[str, list[str]] = {}
    for condition in parsed.values("filter"):
        key, eq, value = condition.partition("=")
        if not eq:
            return session, Result(stderr=f"Error: Invalid filter '{condition}'\n", exit=1)
        wanted.setdefault(key, []).append(value)
    # the daemon's filters.Args: the values of one key are alternatives, the keys all apply
    for key, values in wanted.items():
        containers = [c for c in containers if any(_matches(c, key, v) for v in values)]
    rows = []
    for container in containers:
        names = [container.bare_name]
        names += [link.name[1:] for link in engine.child_links(container)]
        rows.append((container, names))
    try:
        lines = ps_output(
            rows,
            format=parsed.value("format"),
            quiet=parsed.flag("quiet"),
            no_trunc=parsed.flag("no-trunc"),
            profile=profile,
        )
    except InspectError as exc:
        return session, Result(stderr=exc.docker_message + "\n", exit=1)
    return session, Result(_out(lines))


def _regexp_match(value: str, source: str) -> bool:
    """filters.Args.Match: the value exactly, else as a Go regular expression (a pattern Go
    refuses matches nothing)."""
    if value == source:
        return True
    try:
        return match_string(value, source)
    except PatternError:
        return False


def _matches(container: Container, key: str, value: str) -> bool:
    """One ``--filter key=value`` on one container (moby v20.10 daemon/list.go)."""
    if key == "status":
        return container.status == value
    if key == "name":  # the stored name, or without its "/"
        return _regexp_match(value, container.name) or _regexp_match(value, container.bare_name)
    if key == "id":
        return _regexp_match(value, container.id)
    if key == "ancestor":
        return value in (container.image, container.image_name)
    if key == "expose":
        number, _, proto = value.partition("/")
        return any(
            str(p.number) == number and (not proto or p.proto == proto) for p in container.exposed
        )
    if key == "publish":
        number, _, proto = value.partition("/")
        for port, bindings in container.ports.entries:
            for binding in bindings or ():
                if binding.host_port == number and (not proto or port.proto == proto):
                    return True
        return False
    return True


def _port(session: Session, parsed: ParsedArgs, stdin: str | None) -> tuple[Session, Result]:
    del stdin
    profile = session.engine.profile
    ref = parsed.args[0]
    try:
        container = session.engine.get(ref)
    except EngineError as exc:
        return session, Result(stderr=_not_found(profile, ref, exc.docker_message) + "\n", exit=1)
    private = parsed.args[1] if len(parsed.args) > 1 else None
    try:
        text = port_lines(container.ports, private, container=ref, profile=profile)
    except PortError as exc:
        return session, Result(stderr=exc.docker_message + "\n", exit=1)
    return session, Result(text)


def _raw_json(documents: list[dict[str, Any]], indent: int | None) -> str:
    """The daemon's JSON as the CLI prints it: its bytes as they came (the daemon's field
    order and escaping), indented (``json.Indent``) when no format is given."""
    separators = (",", ":") if indent is None else (",", ": ")
    text = json.dumps(documents, ensure_ascii=False, indent=indent, separators=separators)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _inspect(session: Session, parsed: ParsedArgs, stdin: str | None) -> tuple[Session, Result]:
    """``docker [container] inspect [-f FORMAT]`` (docker/cli ``inspect.Inspect``): output
    first (``[]`` or an empty line when nothing was inspected), then every error."""
    del stdin
    profile = session.engine.profile
    engine = session.engine
    text = parsed.value("format") or ""
    template = None
    if text not in ("", "json"):
        try:
            template = Template(text)
        except InspectError as exc:  # docker/cli inspect.go: cli.StatusError{StatusCode: 64}
            return session, Result(stderr=exc.docker_message + "\n", exit=64)
    out: list[str] = []
    errors: list[str] = []
    documents = []
    for ref in parsed.args:
        container = engine.find(ref)
        if container is None:
            if parsed.command == "container-inspect":
                errors.append(_not_found(profile, ref, f"No such container: {ref}"))
            else:
                errors.append(cli_text(profile, "no_such_object", ref=ref))
            continue
        raw = engine.inspect(container.id)
        if template is None:
            documents.append(raw)
            continue
        try:
            out.extend(template.render(typed_document(raw, profile)).split("\n"))
        except InspectError as exc:
            errors.append(exc.docker_message)
    if template is None:
        out.extend(_raw_json(documents, indent=4 if text == "" else None).splitlines())
    elif not out:
        out.append("")
    return session, Result(_out(out), _out(errors), 1 if errors else 0)


# --------------------------------------------------------------------------- exec / logs / ...


def _exec(session: Session, parsed: ParsedArgs, stdin: str | None) -> tuple[Session, Result]:
    profile = session.engine.profile
    engine = session.engine
    ref = parsed.args[0]
    if parsed.flag("tty") and not session.tty:
        return session, Result(stderr=cli_text(profile, "not_a_tty") + "\n", exit=1)
    try:
        engine.get(ref)
    except EngineError as exc:
        return session, Result(stderr=_not_found(profile, ref, exc.docker_message) + "\n", exit=1)
    try:
        engine, result = engine.exec(
            ref,
            parsed.args[1:],
            env=parsed.values("env"),
            stdin=stdin if parsed.flag("interactive") else None,
            tty=parsed.flag("tty"),
        )
    except EngineError as exc:
        return session, Result(stderr=_daemon(profile, exc.docker_message) + "\n", exit=1)
    return attrs.evolve(session, engine=engine), Result(
        result.stdout, result.stderr, result.exit_code
    )


def _logs(session: Session, parsed: ParsedArgs, stdin: str | None) -> tuple[Session, Result]:
    del stdin
    profile = session.engine.profile
    ref = parsed.args[0]
    try:
        entries = session.engine.logs(ref)
    except EngineError as exc:
        return session, Result(stderr=_not_found(profile, ref, exc.docker_message) + "\n", exit=1)
    stdout = "".join(e.text for e in entries if e.stream == "stdout")
    stderr = "".join(e.text for e in entries if e.stream == "stderr")
    tail = parsed.value("tail")
    if tail not in (None, "all") and tail.isdigit():
        count = int(tail)
        stdout = "".join(stdout.splitlines(keepends=True)[-count:]) if count else ""
        stderr = "".join(stderr.splitlines(keepends=True)[-count:]) if count else ""
    return session, Result(stdout, stderr)


def _wait(session: Session, parsed: ParsedArgs, stdin: str | None) -> tuple[Session, Result]:
    del stdin
    profile = session.engine.profile
    out: list[str] = []
    errors: list[str] = []
    for ref in parsed.args:
        try:
            container = session.engine.get(ref)
        except EngineError as exc:
            errors.append(_daemon(profile, exc.docker_message))
            continue
        out.append(str(container.exit_code))
    return session, Result(_out(out), _out(errors), 1 if errors else 0)


def _rename(session: Session, parsed: ParsedArgs, stdin: str | None) -> tuple[Session, Result]:
    del stdin
    profile = session.engine.profile
    old, new = parsed.args
    try:
        engine = session.engine.rename(old, new)
    except EngineError as exc:
        text = _daemon(profile, exc.docker_message) + "\n"
        text += cli_text(profile, "rename_failed", name=old) + "\n"
        return session, Result(stderr=text, exit=1)
    return attrs.evolve(session, engine=engine), Result()


# --------------------------------------------------------------------------- docker network


def _network_not_found(profile: Profile, ref: str, message: str) -> str:
    """A network lookup's 404 as ``network inspect`` / ``rm`` show it: the v20.10 client's own
    wrapper, or the daemon's text."""
    if message == daemon_text(profile, "no_such_network", ref=ref):
        return cli_text(profile, "no_such_network", ref=ref)
    return _daemon(profile, message)


def _cidr(text: str) -> tuple[bytes, int] | None:
    """Go's ``net.ParseCIDR``: the address bytes and prefix length, or ``None``."""
    address, slash, bits = text.partition("/")
    raw = _go.parse_ip(address) if slash else None
    if raw is None or not (bits.isascii() and bits.isdigit()) or len(bits) > 3:
        return None
    size = 32 if len(raw) == 4 or ("." in address and ":" not in address) else 128
    if int(bits) > size:
        return None
    return raw, int(bits)


def _contains(subnet: str, data: str, profile: Profile) -> bool:
    """docker/cli ``subnetMatches``: whether ``data`` (an address, or the address of a CIDR
    text) is in ``subnet``; raises the CLI's error for a text Go cannot parse."""
    parsed = _cidr(subnet)
    if parsed is None:
        raise FlagError(cli_text(profile, "invalid_subnet_cidr", value=subnet), status=1)
    if "/" in data:
        inner = _cidr(data)
        if inner is None:
            raise FlagError(cli_text(profile, "invalid_cidr", value=data), status=1)
        raw = inner[0]
    else:
        raw = _go.parse_ip(data) or b""
    if not raw:
        return False
    net = ipaddress.ip_network((_go_ip(parsed[0]), parsed[1]), strict=False)
    try:
        return ipaddress.ip_address(_go_ip(raw)) in net
    except TypeError:
        return False


def _go_ip(raw: bytes) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    if len(raw) == 4:
        return ipaddress.IPv4Address(raw)
    address = ipaddress.IPv6Address(raw)
    return address.ipv4_mapped or address


def _ipam(parsed: ParsedArgs, profile: Profile) -> tuple[str, str, str]:
    """docker/cli ``consolidateIpam``: the subnet, gateway and IP range of the request, after
    the CLI's own checks (their errors are the CLI's, printed as they are)."""
    subnets = parsed.values("subnet")
    ranges, gateways = parsed.values("ip-range"), parsed.values("gateway")
    if len(subnets) < len(ranges) or len(subnets) < len(gateways):
        raise FlagError(cli_text(profile, "ipam_ranges_without_subnet"), status=1)
    for index, subnet in enumerate(subnets):
        for other in subnets[:index]:
            if _contains(subnet, other, profile) or _contains(other, subnet, profile):
                raise FlagError(cli_text(profile, "ipam_overlapping"), status=1)
    chosen: dict[str, dict[str, str]] = {s: {} for s in subnets}
    for what, values, key in (("range", ranges, "range"), ("gateway", gateways, "gateway")):
        for value in values:
            matched = False
            for subnet in subnets:
                if not _contains(subnet, value, profile):
                    continue
                if key in chosen[subnet]:
                    text_key = "ipam_two_ranges" if key == "range" else "ipam_two_gateways"
                    raise FlagError(
                        cli_text(
                            profile, text_key, new=value, old=chosen[subnet][key], subnet=subnet
                        ),
                        status=1,
                    )
                chosen[subnet][key] = value
                matched = True
            if not matched:
                raise FlagError(
                    cli_text(profile, "ipam_no_subnet_for", what=what, value=value), status=1
                )
    if len(subnets) > 1:
        raise FlagError("dockerlinks: a network with several subnets is not modelled")
    if not subnets:
        return "", "", ""
    subnet = subnets[0]
    return subnet, chosen[subnet].get("gateway", ""), chosen[subnet].get("range", "")


def _pairs_of(values: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """``-o`` / ``--label`` values as key and value (``key`` alone: an empty value)."""
    return tuple((k, v) for k, _, v in (value.partition("=") for value in values))


def _network_create(
    session: Session, parsed: ParsedArgs, stdin: str | None
) -> tuple[Session, Result]:
    del stdin
    profile = session.engine.profile
    try:
        subnet, gateway, ip_range = _ipam(parsed, profile)
    except FlagError as exc:
        return session, Result(stderr=exc.docker_message + "\n", exit=exc.status)
    request = NetworkRequest(
        parsed.args[0],
        driver=parsed.value("driver") or "bridge",
        subnet=subnet,
        gateway=gateway,
        ip_range=ip_range,
        internal=parsed.flag("internal"),
        attachable=parsed.flag("attachable"),
        options=_pairs_of(parsed.values("opt")),
        labels=_pairs_of(parsed.values("label")),
    )
    try:
        engine, network = session.engine.create_network(request)
    except EngineError as exc:
        return session, Result(stderr=_model_or_daemon(profile, exc) + "\n", exit=1)
    return attrs.evolve(session, engine=engine), Result(network.id + "\n")


def _model_or_daemon(profile: Profile, exc: DockerLinksError) -> str:
    """A refusal as printed: the daemon's text, or the model's own ``dockerlinks:`` line."""
    message = exc.docker_message
    return message if message.startswith("dockerlinks:") else _daemon(profile, message)


def _network_ls(session: Session, parsed: ParsedArgs, stdin: str | None) -> tuple[Session, Result]:
    del stdin
    profile = session.engine.profile
    filters = []
    for value in parsed.values("filter"):
        if not value:
            continue
        if "=" not in value:  # opts.FilterOpt.Set
            message = (
                f'invalid argument "{value}" for "-f, --filter" flag: bad format of filter '
                "(expected name=value)"
            )
            use = COMMANDS["network-ls"].use
            text = cli_text(profile, "flag_error", message=message, path=parsed.path, use=use)
            return session, Result(stderr=text + "\n", exit=125)
        key, _, wanted = value.partition("=")
        filters.append((key.strip().lower(), wanted.strip()))
    engine = session.engine
    try:
        networks = engine.list_networks(filters)
    except EngineError as exc:
        return session, Result(stderr=_daemon(profile, exc.docker_message) + "\n", exit=1)
    rows = [(n, go_time_string(engine.epoch, n.created)) for n in networks]
    try:
        lines = network_ls_output(
            rows,
            format=parsed.value("format"),
            quiet=parsed.flag("quiet"),
            no_trunc=parsed.flag("no-trunc"),
            profile=profile,
        )
    except InspectError as exc:
        return session, Result(stderr=exc.docker_message + "\n", exit=1)
    return session, Result(_out(lines))


def _network_inspect(
    session: Session, parsed: ParsedArgs, stdin: str | None
) -> tuple[Session, Result]:
    """``docker network inspect [-f FORMAT]``: as ``docker inspect``, on network documents."""
    del stdin
    profile = session.engine.profile
    engine = session.engine
    text = parsed.value("format") or ""
    template = None
    if text not in ("", "json"):
        try:
            template = Template(text)
        except InspectError as exc:
            return session, Result(stderr=exc.docker_message + "\n", exit=64)
    out: list[str] = []
    errors: list[str] = []
    documents = []
    for ref in parsed.args:
        try:
            raw = engine.inspect_network(ref)
        except EngineError as exc:
            errors.append(_network_not_found(profile, ref, exc.docker_message))
            continue
        if template is None:
            documents.append(raw)
            continue
        try:
            out.extend(template.render(typed_network_document(raw)).split("\n"))
        except InspectError as exc:
            errors.append(exc.docker_message)
    if template is None:
        out.extend(_raw_json(documents, indent=4 if text == "" else None).splitlines())
    elif not out:
        out.append("")
    return session, Result(_out(out), _out(errors), 1 if errors else 0)


def _network_rm(session: Session, parsed: ParsedArgs, stdin: str | None) -> tuple[Session, Result]:
    del stdin
    profile = session.engine.profile
    engine = session.engine
    chunks: list[tuple[str, str]] = []
    failed = False
    for ref in parsed.args:
        try:
            engine = engine.remove_network(ref)
        except EngineError as exc:
            if parsed.flag("force") and engine.find_network(ref) is None:
                continue
            chunks.append(("stderr", _network_not_found(profile, ref, exc.docker_message) + "\n"))
            failed = True
            continue
        chunks.append(("stdout", ref + "\n"))
    status = cli_text(profile, "network_rm_status", status=1) if failed else ""
    if status:
        chunks.append(("stderr", status + "\n"))
    return attrs.evolve(session, engine=engine), Result.written(chunks, 1 if failed else 0)


def _network_connect(
    session: Session, parsed: ParsedArgs, stdin: str | None
) -> tuple[Session, Result]:
    del stdin
    profile = session.engine.profile
    network, ref = parsed.args
    options = parsed.values("driver-opt")
    if any(not value.partition("=")[0].strip() or "=" not in value for value in options):
        return session, Result(stderr=cli_text(profile, "driver_opt_format") + "\n", exit=1)
    if options:
        return session, Result(
            stderr="dockerlinks: network connect --driver-opt is not modelled\n", exit=2
        )
    # docker/cli network/connect.go: IPAMConfig, DriverOpts and Aliases are always sent
    config = EndpointConfig(
        parsed.values("alias"),
        parsed.value("ip") or "",
        parsed.values("link"),
        ipam_object=True,
        driver_opts_object=True,
        aliases_list=True,
    )
    try:
        engine, refusal = session.engine.try_connect(network, ref, config)
    except EngineError as exc:
        return session, Result(stderr=_daemon(profile, exc.docker_message) + "\n", exit=1)
    session = attrs.evolve(session, engine=engine)
    if refusal is not None:
        return session, Result(stderr=_daemon(profile, refusal.docker_message) + "\n", exit=1)
    return session, Result()


def _network_disconnect(
    session: Session, parsed: ParsedArgs, stdin: str | None
) -> tuple[Session, Result]:
    del stdin
    profile = session.engine.profile
    network, ref = parsed.args
    try:
        engine = session.engine.disconnect(network, ref, force=parsed.flag("force"))
    except EngineError as exc:
        return session, Result(stderr=_daemon(profile, exc.docker_message) + "\n", exit=1)
    return attrs.evolve(session, engine=engine), Result()


HANDLERS: Mapping[str, Handler] = {
    "run": _create_or_run,
    "create": _create_or_run,
    "start": _start,
    "stop": _each("stop"),
    "restart": _each("restart"),
    "kill": _each("kill"),
    "rm": _rm,
    "ps": _ps,
    "port": _port,
    "inspect": _inspect,
    "container-inspect": _inspect,
    "exec": _exec,
    "logs": _logs,
    "wait": _wait,
    "rename": _rename,
    "network-create": _network_create,
    "network-ls": _network_ls,
    "network-inspect": _network_inspect,
    "network-rm": _network_rm,
    "network-connect": _network_connect,
    "network-disconnect": _network_disconnect,
}


def docker(
    session: Session, argv: Sequence[str], stdin: str | None = None
) -> tuple[Session, Result]:
    """Run one ``docker`` command line (``argv`` without ``docker``) as the profile's CLI.

    >>> from dockerlinks.engine import Engine
    >>> session, result = docker(Session(Engine(profile="20.10")), ["ps", "extra"])
    >>> print(result.stderr, end="")
    "docker ps" accepts no arguments.
    See 'docker ps --help'.
    <BLANKLINE>
    Usage:  docker ps [OPTIONS]
    <BLANKLINE>
    List containers
    >>> result.exit
    1
    """
    if not isinstance(session, Session):  # inline: this is every command's path
        raise wrong_type(session, Session, "session")
    profile = session.engine.profile
    try:
        parsed = parse_docker_args(argv, profile)
    except FlagError as exc:
        return session, Result(stderr=exc.docker_message + "\n", exit=exc.status)
    if parsed.flag("help"):
        command = COMMANDS[parsed.command]
        text = f"Usage:  {parsed.path} {command.use}\n\n{command.short_text(profile)}\n"
        return session, Result(stdout=text)
    return HANDLERS[parsed.command](session, parsed, stdin)
