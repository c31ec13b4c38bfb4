"""One handler per Engine API route: read the request, ask the daemon, word the answer.

What lives here: :class:`Context` (what a handler is given), :data:`HANDLERS` (route name
-> handler, the names of :data:`dockerlinks.server.routes.ROUTES`), :func:`dispatch` (the
version check, the route, the handler, errors as moby answers them) and
:func:`status_of` (an error's HTTP status).

Headers on every answer (moby ``api/server/middleware/version.go``): ``Api-Version`` (the
server's), ``Docker-Experimental: false``, ``Ostype: linux``, ``Server: Docker/VERSION
(linux)``. Errors are ``{"message": TEXT}`` with the status of the error's kind (moby
``errdefs`` -> ``httpstatus.FromError``)::

    error (dockerlinks.errors)             status  daemon side
    -------------------------------------  ------  ---------------------------------------
    NoSuchContainerError                   404     errdefs.NotFound (ambiguous prefix,
                                                   empty name: 400 InvalidParameter)
    ImageNotFoundError                     404     errdefs.NotFound
    ConflictError                          409     errdefs.Conflict ("conflicting
                                                   options", a same-name rename: 400)
    ContainerNameError, bad request input  400     errdefs.InvalidParameter
    LinkError at create                    400     registerLinks: InvalidParameter
    LinkError at start / exec              500     setupLinkedContainers: a plain error
    StartError                             500     (400 when the runtime cannot find or
                                                   run the program: startInvalidConfig)
    any other EngineError                  500     errdefs.System / unknown

API version (the path's ``/vX.Y`` prefix): above the daemon's, ``client version X is too
new. Maximum supported API version is Y``; below its minimum, ``client version X is too old.
Minimum supported API version is Y, please upgrade your client to a newer version`` (400).

What this module must not know: sockets and the HTTP framing (:mod:`.wire`,
:mod:`.hijack`), how the engine decides.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Literal, cast

import attrs

from dockerlinks import _go
from dockerlinks.engine.container import Container
from dockerlinks.engine.images import Image, normalize_reference, reference_problem
from dockerlinks.engine.inspect import time_text
from dockerlinks.engine.state import Engine
from dockerlinks.errors import (
    ConflictError,
    ContainerNameError,
    DockerLinksError,
    EngineError,
    ImageError,
    ImageNotFoundError,
    LinkError,
    NoSuchContainerError,
    StartError,
)
from dockerlinks.messages import DAEMON_MESSAGES
from dockerlinks.profiles import Api
from dockerlinks.server import decode, documents, filters
from dockerlinks.server.daemon import (
    NOT_MODIFIED,
    Attachment,
    Daemon,
    ExecRecord,
    start_failure_status,
)
from dockerlinks.server.hijack import (
    Channel,
    attach_stream,
    exec_stream,
    stream_chunks,
    upgrade_head,
)
from dockerlinks.server.routes import match, split_version
from dockerlinks.server.streams import log_lines, timestamp
from dockerlinks.server.wire import Request, Response, stream_head

__all__ = ["HANDLERS", "Context", "Handled", "dispatch", "status_of"]


@attrs.frozen
class Handled:
    """The handler wrote its answer on the channel itself; whether the connection can
    carry another request (a hijacked one cannot)."""

    keep_alive: bool = False


@attrs.frozen
class Context:
    """What a handler is given."""

    daemon: Daemon
    request: Request
    params: Mapping[str, str]
    query: decode.Query
    version: str
    identity: documents.Identity
    facts: documents.HostFacts
    channel: Channel
    date: Callable[[], str]

    def headers(self, *extra: tuple[str, str]) -> tuple[tuple[str, str], ...]:
        """The daemon's headers, and ``extra``."""
        return (*daemon_headers(self.identity), *extra)

    def json(self, status: int, value: object) -> Response:
        """A JSON answer."""
        return Response(
            status,
            self.headers(("Content-Type", "application/json")),
            documents.go_json(value),
        )

    def empty(self, status: int) -> Response:
        """An answer without a body (204, 304, or 200 with ``Content-Length: 0``)."""
        return Response(status, self.headers())

    def error(self, status: int, message: str) -> Response:
        """moby's error answer."""
        return Response(
            status,
            self.headers(("Content-Type", "application/json")),
            documents.error_body(message),
        )


Result = Response | Handled
Handler = Callable[[Context], Result]


def daemon_headers(identity: documents.Identity) -> tuple[tuple[str, str], ...]:
    """The headers moby's middleware puts on every answer."""
    return (
        ("Api-Version", identity.api_version),
        ("Docker-Experimental", "false"),
        ("Ostype", "linux"),
        ("Server", identity.server_header),
    )


# ---------------------------------------------------------------------------- errors

#: The status of each daemon text (moby errdefs class -> httpstatus.FromError; recorded
#: where the API recordings show it: tests/data/daemon/20.10/api).
_STATUS_BY_TEXT: Mapping[str, int] = {
    "no_such_container": 404,  # recorded
    "ambiguous": 400,
    "invalid_identifier": 400,
    "name_conflict": 409,  # recorded
    "invalid_name": 400,
    "link_missing": 400,
    "rm_running": 409,  # recorded
    "rm_default_link": 409,
    "kill_not_running": 409,
    "rename_same": 400,
    "exec_not_running": 409,
    "programming": 500,  # recorded
    "no_such_image": 404,  # recorded
    "pull_denied": 404,
    "no_such_network": 404,  # recorded
    "network_ambiguous_name": 400,
    "network_ambiguous_id": 400,
    "network_predefined": 403,
    "network_name_conflict": 409,  # recorded
    "plugin_not_found": 404,
    "invalid_subnet": 400,
    "pool_overlap": 403,
    "network_rm_predefined": 403,
    "network_in_use": 403,  # recorded
    "endpoint_exists": 403,  # recorded
    "not_connected": 500,  # recorded
    "not_connected_stopped": 500,
    "conflict_host_network": 400,
    "conflict_shared_network": 400,
    "conflict_no_network": 400,
    "ip_predefined": 400,
    "ip_no_subnet": 400,
    "alias_predefined": 400,
    "address_in_use": 403,
    "address_outside": 400,
    "several_endpoints": 400,
    "invalid_ipv4": 400,
    "conflict_hostname": 400,
    "conflict_container_links": 400,
    "conflict_dns": 400,
    "conflict_hosts": 400,
    "conflict_mac": 400,
    "conflict_publish": 400,  # recorded
    "conflict_expose": 400,
    "conflict_host_links": 400,
}

_FIELD = re.compile(r"\{[a-z_]+\}")


@functools.cache
def _texts(catalogue: str) -> tuple[tuple[tuple[str, ...], int], ...]:
    """The literal pieces of each daemon text of a catalogue row, with its status."""
    folded: dict[str, str] = {}
    for row, changes, _ in DAEMON_MESSAGES:
        if _version_number(row) <= _version_number(catalogue):
            folded.update(changes)
    out = []
    for key, status in _STATUS_BY_TEXT.items():
        if key in folded:
            out.append((tuple(_FIELD.split(folded[key])), status))
    return tuple(out)


def _is_text(message: str, pieces: tuple[str, ...]) -> bool:
    """Whether ``message`` is a filled-in text of these literal pieces (linear: a prefix, a
    suffix and the pieces between in order)."""
    if not (message.startswith(pieces[0]) and message.endswith(pieces[-1])):
        return False
    position = len(pieces[0])
    end = len(message) - len(pieces[-1])
    for piece in pieces[1:-1]:
        found = message.find(piece, position, end)
        if found < 0:
            return False
        position = found + len(piece)
    return position <= end or len(pieces) == 1


def status_of(error: DockerLinksError, route: str = "", catalogue: str = "20.10") -> int:
    """The HTTP status of ``error`` raised while handling ``route`` (the module's table):
    by the daemon text it is (the ``catalogue`` row of :data:`~dockerlinks.messages.
    DAEMON_MESSAGES`), else by its class.

    >>> status_of(NoSuchContainerError("No such container: x"))
    404
    >>> status_of(EngineError("network with name front already exists"))
    409
    >>> status_of(StartError('exec: "x": executable file not found in $PATH: unknown'))
    400
    """
    message = error.docker_message
    if isinstance(error, LinkError):
        return 400 if route == "containers_create" else 500
    for pieces, status in _texts(catalogue):
        if _is_text(message, pieces):
            return status
    if isinstance(error, StartError):
        return 400 if start_failure_status(message) in (126, 127) else 500
    if isinstance(error, NoSuchContainerError | ImageNotFoundError):
        return 404
    if isinstance(error, ConflictError):
        return 409
    if isinstance(error, ContainerNameError):
        return 400
    if isinstance(error, EngineError):
        return 500
    return 400


def _version_number(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def _api_version(identity: documents.Identity, requested: str | None) -> str | Response:
    if requested is None:
        return identity.api_version
    if _version_number(requested) < _version_number(identity.min_api_version):
        return Response(
            400,
            (*daemon_headers(identity), ("Content-Type", "application/json")),
            documents.error_body(
                f"client version {requested} is too old. Minimum supported API version is "
                f"{identity.min_api_version}, please upgrade your client to a newer version"
            ),
        )
    if _version_number(requested) > _version_number(identity.api_version):
        return Response(
            400,
            (*daemon_headers(identity), ("Content-Type", "application/json")),
            documents.error_body(
                f"client version {requested} is too new. Maximum supported API version is "
                f"{identity.api_version}"
            ),
        )
    return requested


def engine_at(engine: Engine, version: str) -> Engine:
    """The engine answering in API ``version`` (the inspect document's shape follows it)."""
    if engine.profile.api.version == version:
        return engine
    return attrs.evolve(engine, profile=attrs.evolve(engine.profile, api=Api(version)))


def _check_json(ctx: Context) -> None:
    """moby ``httputils.CheckForJSON``."""
    kind = ctx.request.header("Content-Type") or ""
    if not kind and not ctx.request.body:
        return
    media = kind.split(";", 1)[0].strip().lower()
    if media != "application/json":
        raise DockerLinksError(f"Content-Type specified ({kind}) must be 'application/json'")


# ---------------------------------------------------------------------------- system


def _ping(ctx: Context) -> Result:
    cache = (
        ("Cache-Control", "no-cache, no-store, must-revalidate"),
        ("Pragma", "no-cache"),
    )
    if ctx.request.method == "HEAD":
        return Response(
            200,
            ctx.headers(
                *cache,
                ("Content-Type", "text/plain; charset=utf-8"),
                ("Content-Length", "0"),
            ),
        )
    return Response(200, ctx.headers(*cache), b"OK")


def _version(ctx: Context) -> Result:
    return ctx.json(200, documents.version_document(ctx.identity, ctx.facts))


def _info(ctx: Context) -> Result:
    engine = ctx.daemon.engine
    return ctx.json(
        200, documents.info_document(engine, ctx.identity, ctx.facts, now=ctx.daemon.now())
    )


# ---------------------------------------------------------------------------- containers


def _containers_list(ctx: Context) -> Result:
    query = ctx.query
    wanted = filters.parse_filters(query.text("filters"))
    limit = query.integer("limit", -1)
    engine = engine_at(ctx.daemon.engine, ctx.version)
    now = ctx.daemon.now()
    documents_of: dict[str, dict[str, Any]] = {}
    networks_of: dict[str, list[str]] | None = None
    if "network" in wanted:  # a container's networks are its inspect document's
        networks_of = {}
        for container in engine.containers:
            document = documents_of[container.id] = engine.inspect(container.id)
            networks = document["NetworkSettings"]["Networks"]
            ids = [n["NetworkID"] for n in networks.values() if n["NetworkID"]]
            networks_of[container.id] = [*networks, *ids]
    chosen = filters.select(
        engine, wanted, all_states=query.flag("all"), limit=limit, networks_of=networks_of
    )
    out = []
    for container in chosen:
        document = documents_of.get(container.id) or engine.inspect(container.id)
        out.append(
            documents.container_summary(
                engine, container, document, now=now, size=query.flag("size")
            )
        )
    return ctx.json(200, out)


def _containers_create(ctx: Context) -> Result:
    _check_json(ctx)
    request = decode.create_request(ctx.request.body, ctx.query.get("name"))
    familiar = decode.familiar_reference(request.image)
    if reference_problem(familiar) is not None:
        try:
            normalize_reference(familiar)
        except ImageError as exc:
            raise DockerLinksError(exc.docker_message) from None
    if familiar != request.image:
        request = attrs.evolve(request, image=familiar)
    container = ctx.daemon.create(request)
    warnings = list(ctx.daemon.read(lambda engine: engine.create_warnings(request)))
    return ctx.json(201, {"Id": container.id, "Warnings": warnings})


def _containers_inspect(ctx: Context) -> Result:
    ref = ctx.params["id"]
    document = ctx.daemon.read(lambda engine: engine_at(engine, ctx.version).inspect(ref))
    return ctx.json(200, document)


def _containers_start(ctx: Context) -> Result:
    body = ctx.request.body.strip()
    if body and body != b"null" and _version_number(ctx.version) >= (1, 24):
        raise DockerLinksError(
            "starting container with non-empty request body was deprecated since API v1.22 "
            "and removed in v1.24"
        )
    outcome = ctx.daemon.start(ctx.params["id"])
    return ctx.empty(304 if outcome == NOT_MODIFIED else 204)


def _timeout(ctx: Context) -> None:
    ctx.query.integer("t", -1)  # checked as moby checks it; the model's programs stop at once


# signal names and numbers moby accepts (moby pkg/signal, linux), as far as the model acts
_KILLING = frozenset(("KILL", "SIGKILL", "9"))
_STOPPING = frozenset(("TERM", "SIGTERM", "15", "INT", "SIGINT", "2", "QUIT", "SIGQUIT", "3"))
_SIGNAL = re.compile(r"(?:SIG)?[A-Z][A-Z0-9+-]*|[0-9]{1,2}")


def _containers_stop(ctx: Context) -> Result:
    _timeout(ctx)
    outcome = ctx.daemon.stop(ctx.params["id"])
    return ctx.empty(304 if outcome == NOT_MODIFIED else 204)


def _containers_kill(ctx: Context) -> Result:
    signal = ctx.query.text("signal").upper() or "KILL"
    if not _SIGNAL.fullmatch(signal) or (signal.isdigit() and not 0 < int(signal) <= 64):
        raise DockerLinksError(f"Invalid signal: {ctx.query.text('signal')}")
    ref = ctx.params["id"]
    if signal in _KILLING:
        ctx.daemon.stop(ref, signal="KILL")
    elif signal in _STOPPING:  # the model's programs end on these as on SIGTERM
        container = ctx.daemon.container(ref)
        if not container.running:
            raise ConflictError(
                f"Cannot kill container: {ref}: Container {container.id} is not running"
            )
        ctx.daemon.stop(ref)
    else:  # other signals: the model's programs ignore them
        container = ctx.daemon.container(ref)
        if not container.running:
            raise ConflictError(
                f"Cannot kill container: {ref}: Container {container.id} is not running"
            )
    return ctx.empty(204)


def _containers_restart(ctx: Context) -> Result:
    _timeout(ctx)
    ctx.daemon.restart(ctx.params["id"])
    return ctx.empty(204)


_CONDITIONS = ("not-running", "next-exit", "removed")


def _containers_wait(ctx: Context) -> Result:
    condition = ctx.query.text("condition") or "not-running"
    if condition not in _CONDITIONS:
        raise DockerLinksError(f"invalid condition: {_go.quote(condition)}")
    waiter = ctx.daemon.wait_for(
        ctx.params["id"], cast(Literal["not-running", "next-exit", "removed"], condition)
    )
    head = stream_head(200, ctx.headers(("Content-Type", "application/json")), date=ctx.date())
    channel = ctx.channel
    try:
        if not channel.send(head):
            ctx.daemon.await_wait(waiter, lambda: True)
            return Handled()
        code = ctx.daemon.await_wait(waiter, channel.hung_up)
        if code is None:
            return Handled()
        body = documents.go_json({"Error": None, "StatusCode": code})
        done = stream_chunks(channel, b"", [body])
        return Handled(keep_alive=done)
    finally:
        ctx.daemon.answered(waiter)


def _containers_attach(ctx: Context) -> Result:
    query = ctx.query
    ref = ctx.params["id"]
    upgrade = (ctx.request.header("Upgrade") or "").lower() == "tcp"
    logs = query.flag("logs")
    stream = query.flag("stream")

    def attachment_of(container: Container) -> Attachment:
        return Attachment(
            container.id,
            stdin=query.flag("stdin"),
            stdout=query.flag("stdout"),
            stderr=query.flag("stderr"),
            tty=container.tty,
            wake=ctx.channel.wake,
        )

    container = ctx.daemon.container(ref)
    attachment = ctx.daemon.attach(ref, attachment_of)
    head = upgrade_head(upgrade=upgrade)
    if logs:
        streams = attachment.streams
        for data in log_lines(
            container.logs,
            stdout="stdout" in streams,
            stderr="stderr" in streams,
            tail=-1,
            tty=container.tty,
        ):
            attachment.push(data)
    if not stream:
        ctx.daemon.detach(attachment)
        attachment.finish()
    attach_stream(ctx.daemon, ctx.channel, attachment, head)
    return Handled()


def _containers_resize(ctx: Context) -> Result:
    ctx.query.integer("h", 0)
    ctx.query.integer("w", 0)
    container = ctx.daemon.container(ctx.params["id"])
    if not container.running:
        raise ConflictError(f"Container {container.id} is not running")
    return ctx.empty(200)


def _containers_rename(ctx: Context) -> Result:
    ctx.daemon.rename(ctx.params["id"], ctx.query.text("name"))
    return ctx.empty(204)


def _containers_remove(ctx: Context) -> Result:
    query = ctx.query
    ctx.daemon.remove(ctx.params["id"], force=query.flag("force"), link=query.flag("link"))
    return ctx.empty(204)


def _containers_prune(ctx: Context) -> Result:
    removed = ctx.daemon.prune()
    return ctx.json(200, {"ContainersDeleted": removed or None, "SpaceReclaimed": 0})


def _tail(text: str) -> int:
    if text in ("", "all"):
        return -1
    try:
        value = int(text)
    except ValueError:
        return -1  # moby: a tail that is not a number means all
    return value if value >= 0 else -1


def _containers_logs(ctx: Context) -> Result:
    query = ctx.query
    stdout, stderr = query.flag("stdout"), query.flag("stderr")
    if not (stdout or stderr):
        raise DockerLinksError("Bad parameters: you must choose at least one stream")
    daemon = ctx.daemon
    container = daemon.container(ctx.params["id"])
    epoch = daemon.engine.epoch
    time = timestamp(epoch + max(container.started, 0)) if query.flag("timestamps") else None
    tail = _tail(query.text("tail"))

    def pieces() -> Iterator[bytes]:
        yield from log_lines(
            container.logs, stdout=stdout, stderr=stderr, tail=tail, tty=container.tty, time=time
        )
        if not (query.flag("follow") and container.running):
            return
        seen = len(container.logs)
        ended = daemon.wait_until(lambda engine: _ended(engine, container.id), ctx.channel.hung_up)
        if ended is None or ended[0] is None:
            return
        yield from log_lines(
            ended[0].logs[seen:],
            stdout=stdout,
            stderr=stderr,
            tail=-1,
            tty=container.tty,
            time=time,
        )

    head = stream_head(200, ctx.headers(), date=ctx.date())
    done = stream_chunks(ctx.channel, head, pieces())
    return Handled(keep_alive=done)


def _ended(engine: Engine, container_id: str) -> tuple[Container | None] | None:
    """``(container,)`` once its process ended (``(None,)``: it was removed), else None."""
    found = engine.find(container_id)
    if found is None or found.id != container_id:
        return (None,)
    return (found,) if not found.running else None


# ---------------------------------------------------------------------------- exec


def _exec_create(ctx: Context) -> Result:
    _check_json(ctx)
    config = decode.exec_config(ctx.request.body)
    record = ctx.daemon.exec_create(ctx.params["id"], config)
    return ctx.json(201, {"Id": record.id})


def _exec_record(ctx: Context) -> ExecRecord:
    record = ctx.daemon.exec_record(ctx.params["id"])
    if record is None:  # moby errExecNotFound: errdefs.NotFound
        raise NoSuchContainerError(f"No such exec instance: {ctx.params['id']}")
    return record


def _exec_start(ctx: Context) -> Result:
    record = _exec_record(ctx)
    detach, _ = decode.exec_start(ctx.request.body)
    ctx.daemon.exec_begin(record)
    if detach:
        ctx.daemon.exec_run(record, None)
        return ctx.empty(200)
    upgrade = (ctx.request.header("Upgrade") or "").lower() == "tcp"
    head = upgrade_head(ctx.headers(), upgrade=upgrade)
    exec_stream(ctx.daemon, ctx.channel, record, head)
    return Handled()


def _exec_resize(ctx: Context) -> Result:
    _exec_record(ctx)
    ctx.query.integer("h", 0)
    ctx.query.integer("w", 0)
    return ctx.empty(200)


def _exec_inspect(ctx: Context) -> Result:
    record = _exec_record(ctx)
    config = record.config
    view = documents.ExecView(
        id=record.id,
        container_id=record.container_id,
        cmd=config.cmd,
        tty=config.tty,
        stdin=config.stdin,
        stdout=config.stdout,
        stderr=config.stderr,
        privileged=config.privileged,
        user=config.user,
        detach_keys=config.detach_keys,
        running=record.running,
        exit_code=record.exit_code,
        pid=record.pid if record.running or record.started else 0,
    )
    return ctx.json(200, documents.exec_document(view))


# ---------------------------------------------------------------------------- images


def _find_image(engine: Engine, ref: str) -> Image | None:
    familiar = decode.familiar_reference(ref)
    try:
        found = engine.images.find(familiar)
    except ImageError:
        found = None
    if found is not None:
        return found
    wanted = ref.removeprefix("sha256:")
    if len(wanted) >= 1 and all(c in "0123456789abcdef" for c in wanted):
        matches = [
            image
            for image in engine.images.images
            if documents.image_id(image).removeprefix("sha256:").startswith(wanted)
        ]
        if len(matches) == 1:
            return matches[0]
    return None


def _images_list(ctx: Context) -> Result:
    engine = ctx.daemon.engine
    images = sorted(engine.images.images, key=lambda image: image.name)
    return ctx.json(200, [documents.image_summary(i, created=engine.epoch) for i in images])


def _images_inspect(ctx: Context) -> Result:
    name = ctx.params["name"]
    engine = ctx.daemon.engine
    image = _find_image(engine, name)
    if image is None:
        try:
            full = normalize_reference(decode.familiar_reference(name))
        except ImageError:
            full = name
        raise ImageNotFoundError(f"no such image: {name}: No such image: {full}")
    created = time_text(engine.epoch, 0)
    return ctx.json(
        200,
        documents.image_document(image, created=created, storage_driver=engine.host.storage_driver),
    )


def _images_create(ctx: Context) -> Result:
    query = ctx.query
    if query.text("fromSrc"):
        raise EngineError("dockerlinks: importing images is not modelled")
    name = query.text("fromImage")
    if not name:
        raise DockerLinksError("invalid reference format")
    tag = query.text("tag")
    ref = decode.familiar_reference(name)
    if tag and "@" not in ref:
        ref = f"{ref}:{tag}"
    ctx.daemon.change(lambda engine: (engine.pull(ref), None))
    full = normalize_reference(ref)
    repo, _, version = full.rpartition(":")
    lines = [
        documents.go_json({"status": f"Pulling from {repo}", "id": version}),
        documents.go_json({"status": f"Status: Image is up to date for {full}"}),
    ]
    head = stream_head(200, ctx.headers(("Content-Type", "application/json")), date=ctx.date())
    done = stream_chunks(ctx.channel, head, lines)
    return Handled(keep_alive=done)


# ---------------------------------------------------------------------------- networks


def _network_filters(ctx: Context) -> list[tuple[str, str]]:
    found = filters.parse_filters(ctx.query.text("filters"), keys=None)
    return [(key, value) for key, values in found.items() for value in values]


def _networks_list(ctx: Context) -> Result:
    engine = ctx.daemon.engine
    out = []
    for network in engine.list_networks(_network_filters(ctx)):
        document = engine.inspect_network(network.id)
        document["Containers"] = {}  # moby v20.10.24: the list is not detailed
        out.append(document)
    return ctx.json(200, out)


def _networks_inspect(ctx: Context) -> Result:
    ref = ctx.params["id"]
    return ctx.json(200, ctx.daemon.read(lambda engine: engine.inspect_network(ref)))


def _networks_create(ctx: Context) -> Result:
    _check_json(ctx)
    request = decode.network_request(ctx.request.body)
    network = ctx.daemon.change(lambda engine: engine.create_network(request))
    return ctx.json(201, {"Id": network.id, "Warning": ""})


def _networks_connect(ctx: Context) -> Result:
    _check_json(ctx)
    ref, config = decode.network_connect(ctx.request.body)
    ctx.daemon.connect(ctx.params["id"], ref, config)
    return ctx.empty(200)


def _networks_disconnect(ctx: Context) -> Result:
    _check_json(ctx)
    ref, force = decode.network_disconnect(ctx.request.body)
    network = ctx.params["id"]
    ctx.daemon.change(lambda engine: (engine.disconnect(network, ref, force=force), None))
    return ctx.empty(200)


def _networks_remove(ctx: Context) -> Result:
    ref = ctx.params["id"]
    ctx.daemon.change(lambda engine: (engine.remove_network(ref), None))
    return ctx.empty(204)


def _networks_prune(ctx: Context) -> Result:
    def prune(engine: Engine) -> tuple[Engine, list[str]]:
        removed = []
        for network in engine.list_networks((("type", "custom"), ("dangling", "true"))):
            engine = engine.remove_network(network.id)
            removed.append(network.name)
        return engine, removed

    removed = ctx.daemon.change(prune)
    return ctx.json(200, {"NetworksDeleted": removed or None})


def _volumes_list(ctx: Context) -> Result:
    return ctx.json(200, {"Volumes": [], "Warnings": None})


def _volumes_inspect(ctx: Context) -> Result:
    return ctx.error(404, f"get {ctx.params['name']}: no such volume")


def _plugins_inspect(ctx: Context) -> Result:
    return ctx.error(404, f"plugin {_go.quote(ctx.params['name'])} not found")


HANDLERS: Mapping[str, Handler] = {
    "ping": _ping,
    "version": _version,
    "info": _info,
    "containers_list": _containers_list,
    "containers_create": _containers_create,
    "containers_prune": _containers_prune,
    "containers_inspect": _containers_inspect,
    "containers_start": _containers_start,
    "containers_stop": _containers_stop,
    "containers_restart": _containers_restart,
    "containers_kill": _containers_kill,
    "containers_wait": _containers_wait,
    "containers_attach": _containers_attach,
    "containers_resize": _containers_resize,
    "containers_rename": _containers_rename,
    "containers_logs": _containers_logs,
    "exec_create": _exec_create,
    "containers_remove": _containers_remove,
    "exec_start": _exec_start,
    "exec_resize": _exec_resize,
    "exec_inspect": _exec_inspect,
    "images_list": _images_list,
    "images_create": _images_create,
    "images_inspect": _images_inspect,
    "networks_list": _networks_list,
    "networks_inspect": _networks_inspect,
    "networks_create": _networks_create,
    "networks_connect": _networks_connect,
    "networks_disconnect": _networks_disconnect,
    "networks_remove": _networks_remove,
    "networks_prune": _networks_prune,
    "volumes_list": _volumes_list,
    "volumes_inspect": _volumes_inspect,
    "plugins_inspect": _plugins_inspect,
}


def dispatch(
    daemon: Daemon,
    request: Request,
    channel: Channel,
    *,
    identity: documents.Identity,
    facts: documents.HostFacts,
    date: Callable[[], str],
) -> Result:
    """The answer to ``request`` (the version check, the route, the handler)."""
    requested, path = split_version(request.path)
    version = _api_version(identity, requested)
    if isinstance(version, Response):
        return version
    context = Context(
        daemon=daemon,
        request=request,
        params={},
        query=decode.Query(request.query),
        version=version,
        identity=identity,
        facts=facts,
        channel=channel,
        date=date,
    )
    found = match(request.method, path)
    if found == 405:
        return context.error(405, "Method Not Allowed")
    if isinstance(found, int):
        return context.error(404, "page not found")
    name, params = found
    context = attrs.evolve(context, params=params)
    try:
        return HANDLERS[name](context)
    except DockerLinksError as exc:
        catalogue = daemon.engine.profile.daemon.messages
        return context.error(status_of(exc, name, catalogue), exc.docker_message)
