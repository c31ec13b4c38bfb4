"""The served daemon: the engine's current value behind a lock, and what lives beside it.

What lives here: :class:`Daemon` (the engine value, swapped per operation under one lock, so
that a refused operation leaves it as it was and parallel clients see the operations one at
a time: no host port is handed out twice), the waits (``POST /containers/{id}/wait``), the
attach streams registered for a container (:class:`Attachment`), the exec instances
(:class:`ExecRecord`), and the shell sessions typed into over a TTY (:class:`Shell`).

Events the daemon derives from each operation (moby ``container/state.go``: ``SetStopped``
wakes the waits, ``SetRemoved`` the ``removed`` ones; the attach streams end when the
container's process does)::

    operation                  events for the container
    -------------------------  --------------------------------------------------------
    start: program ends        output to the attach streams, exit (its status), end of
                               the streams; removed when --rm
    start: refused             exit (128; 127/126 for a missing or unrunnable program),
                               end of the streams; removed when --rm
    stop / kill                exit (0 / 137), end of the streams; removed when --rm
    restart                    exit (0) if it ran, then as start
    rm (-f)                    exit (137) if it ran, removed, end of the streams
    prune                      removed, per container

Wait conditions: ``not-running`` answers at once for a container that is not running, else
at its next exit; ``next-exit`` at the next exit; ``removed`` when it is removed (a missing
container: 404 before waiting).

Time: with a wall clock the engine's clock is moved on to the wall's second before each
operation (so ``StartedAt`` and ``Up 5 seconds`` are real times); without one the engine's
own ticks are the time (deterministic: one second per operation).

What this module must not know: HTTP, sockets, JSON.
"""

from __future__ import annotations

import hashlib
import queue
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Literal, TypeVar

import attrs

from dockerlinks.engine.config import CreateRequest, EndpointConfig
from dockerlinks.engine.container import Container
from dockerlinks.engine.state import Engine, ExecResult
from dockerlinks.errors import (
    ConflictError,
    DockerLinksError,
    EngineError,
    LinkError,
    NoSuchContainerError,
    StartError,
)
from dockerlinks.messages import daemon_text
from dockerlinks.server.decode import ExecConfig
from dockerlinks.server.streams import LineEditor, banner, program_chunks, prompt
from dockerlinks.shellwords import split_words

__all__ = [
    "NOT_MODIFIED",
    "Attachment",
    "Daemon",
    "ExecRecord",
    "Shell",
    "Waiter",
    "start_failure_status",
]

T = TypeVar("T")
WaitCondition = Literal["not-running", "next-exit", "removed"]

#: What an operation answers when it changes nothing (moby: 304 Not Modified).
NOT_MODIFIED = "not-modified"

#: Programs whose start on a TTY with standard input open is a prompt to type into.
SHELLS = frozenset(("sh", "bash", "/bin/sh", "/bin/bash", "ash", "/bin/ash"))

#: How many finished exec instances are kept for ``GET /exec/{id}/json``.
MAX_EXECS = 10_000

#: The most standard input one attach or exec stream passes to a program (bytes).
MAX_STDIN = 16 << 20


def start_failure_status(message: str) -> int:
    """The exit status a refused start leaves, from the runtime's text (moby v20.10.24
    ``daemon/start.go`` ``translateContainerdStartErr``: a missing program 127, one that
    cannot be run 126, anything else 128).

    >>> start_failure_status('exec: "/x": stat /x: no such file or directory: unknown')
    127
    """
    lowered = message.lower()
    if "executable file not found" in lowered or "no such file or directory" in lowered:
        return 127
    if "permission denied" in lowered:
        return 126
    return 128


#: How long a failed start waits for the waits it answered to be written (seconds).
_ANSWER_WAIT = 2.0


@attrs.define
class Waiter:
    """One ``POST /containers/{id}/wait`` waiting; ``result`` is set by the event."""

    container_id: str
    condition: WaitCondition
    result: int | None = None
    #: whether its answer has been written to the client (see :meth:`Daemon.start`)
    answered: bool = False


@attrs.define
class Shell:
    """A shell typed into over a TTY: a container's main process (``exec_id`` empty) or an
    exec's."""

    container_id: str
    exec_id: str
    userland: str
    hostname: str
    workdir: str
    editor: LineEditor = attrs.field(factory=LineEditor)

    @property
    def prompt(self) -> str:
        """The prompt it prints."""
        return prompt(self.userland, self.hostname, self.workdir)


class Attachment:
    """One attach stream of a container: what the client asked for, what the daemon has
    for it to send (``outbox``: bytes, ``None`` for the end), and what it typed."""

    def __init__(
        self,
        container_id: str,
        *,
        stdin: bool,
        stdout: bool,
        stderr: bool,
        tty: bool,
        wake: Callable[[], None] = lambda: None,
    ) -> None:
        self.container_id = container_id
        self.stdin = stdin
        self.streams = tuple(s for s, on in (("stdout", stdout), ("stderr", stderr)) if on)
        self.tty = tty
        self._wake = wake
        self.outbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._stdin: list[bytes] = []
        self._stdin_size = 0
        self.stdin_done = threading.Event()
        self.shell: Shell | None = None
        self.ended = False

    def push(self, data: bytes) -> None:
        """Queue ``data`` for the client."""
        if data:
            self.outbox.put(data)
            self._wake()

    def finish(self) -> None:
        """End the stream (after what is queued)."""
        if not self.ended:
            self.ended = True
            self.outbox.put(None)
            self._wake()
        self.stdin_done.set()

    def typed(self, data: bytes) -> bool:
        """Keep standard input the client sent; ``False`` once over :data:`MAX_STDIN`."""
        if self._stdin_size + len(data) > MAX_STDIN:
            return False
        self._stdin.append(data)
        self._stdin_size += len(data)
        return True

    def stdin_text(self) -> str:
        """Everything typed so far, as text."""
        return b"".join(self._stdin).decode("utf-8", "surrogateescape")


@attrs.define
class ExecRecord:
    """One exec instance: its configuration, and its state once started."""

    id: str
    container_id: str
    config: ExecConfig
    running: bool = False
    started: bool = False
    exit_code: int | None = None
    pid: int = 0


class Daemon:
    """The engine behind a lock (see the module docstring).

    >>> from dockerlinks.engine import Engine
    >>> daemon = Daemon(Engine.new(profile="20.10"))
    >>> daemon.engine.profile.name
    '20.10'
    """

    def __init__(
        self,
        engine: Engine,
        *,
        wall_clock: Callable[[], float] | None = None,
        seed: int | None = None,
    ) -> None:
        if not isinstance(engine, Engine):
            raise EngineError(f"a Daemon serves an Engine, not {type(engine).__name__}")
        self._cond = threading.Condition()
        self._engine = engine
        self._wall = wall_clock
        self._seed = engine.seed if seed is None else seed
        self._execs: OrderedDict[str, ExecRecord] = OrderedDict()
        self._exec_count = 0
        self._pids = 0
        self._attachments: dict[str, list[Attachment]] = {}
        self._waiters: dict[str, list[Waiter]] = {}
        self.stopping = False

    # ------------------------------------------------------------------ the value

    @property
    def engine(self) -> Engine:
        """The engine as it is now (a value: it does not change under the caller)."""
        with self._cond:
            return self._engine

    def now(self) -> float:
        """The daemon's time (Unix seconds)."""
        if self._wall is not None:
            return self._wall()
        with self._cond:
            return float(self._engine.epoch + self._engine.clock)

    def _ticked(self) -> Engine:
        engine = self._engine
        if self._wall is not None:
            second = int(self._wall()) - engine.epoch
            if second > engine.clock:
                engine = attrs.evolve(engine, clock=second)
        return engine

    def replace(self, engine: Engine) -> None:
        """Serve another engine value (waits, streams and execs are left as they are)."""
        if not isinstance(engine, Engine):
            raise EngineError(f"a Daemon serves an Engine, not {type(engine).__name__}")
        with self._cond:
            self._engine = engine
            self._cond.notify_all()

    def change(self, operation: Callable[[Engine], tuple[Engine, T]]) -> T:
        """Run ``operation`` on the current engine and keep the engine it returns; when it
        raises, the engine stays as it was."""
        with self._cond:
            engine, result = operation(self._ticked())
            self._engine = engine
            self._cond.notify_all()
            return result

    def read(self, question: Callable[[Engine], T]) -> T:
        """Ask the current engine (no change)."""
        with self._cond:
            return question(self._engine)

    # ------------------------------------------------------------------ events

    def _exited(self, container_id: str, code: int) -> None:
        for waiter in self._waiters.get(container_id, ()):
            if waiter.condition != "removed" and waiter.result is None:
                waiter.result = code
        for attachment in self._attachments.get(container_id, ()):
            attachment.finish()

    def _removed(self, container_id: str, code: int) -> None:
        for waiter in self._waiters.get(container_id, ()):
            if waiter.result is None:
                waiter.result = code
        for attachment in self._attachments.pop(container_id, ()):
            attachment.finish()
        for exec_id in [e.id for e in self._execs.values() if e.container_id == container_id]:
            del self._execs[exec_id]

    def _forget_finished_execs(self) -> None:
        while len(self._execs) > MAX_EXECS:
            oldest = next(iter(self._execs.values()))
            if oldest.running:
                self._execs.move_to_end(oldest.id)
                break
            del self._execs[oldest.id]

    # ------------------------------------------------------------------ containers

    def container(self, ref: str) -> Container:
        """The container ``ref`` names (raises ``NoSuchContainerError``)."""
        return self.read(lambda engine: engine.get(ref))

    def create(self, request: CreateRequest) -> Container:
        """``POST /containers/create``."""
        return self.change(lambda engine: engine.create(request))

    def wait_until(
        self, ready: Callable[[Engine], T | None], gone: Callable[[], bool], poll: float = 0.2
    ) -> T | None:
        """Block until ``ready(engine)`` gives a value (``None``: the client left first, or
        the server stops)."""
        with self._cond:
            while True:
                value = ready(self._engine)
                if value is not None:
                    return value
                if self.stopping or gone():
                    return None
                self._cond.wait(poll)

    def start(self, ref: str) -> Container | str:
        """``POST /containers/{id}/start``: the started container (it may have ended
        already) or :data:`NOT_MODIFIED`; raises the engine's errors (``StartError``)."""
        container = self.container(ref)
        if container.running:
            return NOT_MODIFIED
        stdin = None
        if container.interactive and not container.tty:
            with self._cond:
                feeders = [a for a in self._attachments.get(container.id, ()) if a.stdin]
            if feeders:  # the program reads what the client sends, to its end
                feeders[0].stdin_done.wait()
                stdin = feeders[0].stdin_text()
        with self._cond:
            engine = self._ticked()
            before = engine.get(container.id)
            if before.running:
                return NOT_MODIFIED
            after, outcome = engine.try_start(before.id, stdin=stdin)
            self._engine = after
            self._started(before, after, outcome)
            woken = [w for w in self._waiters.get(before.id, ()) if w.result is not None]
            self._cond.notify_all()
            if isinstance(outcome, StartError):
                # The daemon ends a failed start's container (its waits answer) before it
                # answers the start: a client such as docker run, which stops waiting when
                # the start fails, has the wait's answer first (a bounded wait: a client that
                # left is not waited for).
                deadline = time.monotonic() + _ANSWER_WAIT
                while not all(w.answered for w in woken):
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        break
                    self._cond.wait(remaining)
        if isinstance(outcome, StartError):
            raise outcome
        return outcome

    def answered(self, waiter: Waiter) -> None:
        """Record that ``waiter``'s answer has been written to its client."""
        with self._cond:
            waiter.answered = True
            self._cond.notify_all()

    def _started(self, before: Container, after: Engine, outcome: Container | StartError) -> None:
        cid = before.id
        left = after.find(cid)
        left = left if left is not None and left.id == cid else None
        if isinstance(outcome, StartError):
            code = (
                left.exit_code if left is not None else start_failure_status(outcome.docker_message)
            )
            self._exited(cid, code)
            if left is None:
                self._removed(cid, code)
            return
        attachments = self._attachments.get(cid, ())
        new = outcome.logs[len(before.logs) :]
        stdout = "".join(e.text for e in new if e.stream == "stdout")
        stderr = "".join(e.text for e in new if e.stream == "stderr")
        for attachment in attachments:
            for data in program_chunks(stdout, stderr, tty=outcome.tty, streams=attachment.streams):
                attachment.push(data)
        if not outcome.running:
            self._exited(cid, outcome.exit_code)
            if left is None:
                self._removed(cid, outcome.exit_code)
            return
        if outcome.tty and outcome.interactive and outcome.cmd and outcome.cmd[0] in SHELLS:
            for attachment in attachments:
                if attachment.stdin and attachment.shell is None:
                    shell = Shell(cid, "", outcome.userland, outcome.hostname, outcome.workdir)
                    attachment.shell = shell
                    attachment.push(banner(shell.userland).encode() + shell.prompt.encode())
                    break

    def stop(self, ref: str, *, signal: str = "TERM") -> Container | str:
        """``POST /containers/{id}/stop`` (and ``kill`` with ``signal="KILL"``)."""
        with self._cond:
            engine = self._ticked()
            container = engine.get(ref)
            if signal == "KILL":
                after, stopped = engine.kill(ref)
            else:
                if not container.running:
                    return NOT_MODIFIED
                after, stopped = engine.stop(ref)
            self._engine = after
            self._exited(container.id, stopped.exit_code)
            if after.find(container.id) is None:
                self._removed(container.id, stopped.exit_code)
            self._cond.notify_all()
            return stopped

    def restart(self, ref: str) -> Container:
        """``POST /containers/{id}/restart``; raises ``StartError`` when the start fails
        (the container is stopped by then, as Docker leaves it)."""
        with self._cond:
            engine = self._ticked()
            before = engine.get(ref)
            after, outcome = engine.try_restart(ref)
            self._engine = after
            if before.running:
                self._exited(before.id, 0)
            stopped = attrs.evolve(before, status="exited") if before.running else before
            self._started(stopped, after, outcome)
            self._cond.notify_all()
        if isinstance(outcome, StartError):
            raise outcome
        return outcome

    def remove(self, ref: str, *, force: bool, link: bool) -> None:
        """``DELETE /containers/{id}``."""
        with self._cond:
            engine = self._ticked()
            container = engine.get(ref)
            after = engine.remove(ref, force=force, link=link)
            self._engine = after
            if not link:
                code = 137 if container.running else container.exit_code
                if container.running:
                    self._exited(container.id, code)
                self._removed(container.id, code)
            self._cond.notify_all()

    def connect(self, network: str, ref: str, config: EndpointConfig) -> None:
        """``POST /networks/{id}/connect``: what the daemon keeps of a refused connect is
        kept too (20.10 stores a running container's settings before its endpoint is made),
        and the refusal raised."""
        with self._cond:
            engine, refusal = self._ticked().try_connect(network, ref, config)
            self._engine = engine
            self._cond.notify_all()
        if refusal is not None:
            raise refusal

    def rename(self, ref: str, name: str) -> None:
        """``POST /containers/{id}/rename``."""
        self.change(lambda engine: (engine.rename(ref, name), None))

    def prune(self) -> list[str]:
        """``POST /containers/prune``: every container that is not running removed."""
        with self._cond:
            engine = self._ticked()
            removed = []
            for container in engine.containers:
                if not container.running:
                    engine = engine.remove(container.id)
                    removed.append(container)
            self._engine = engine
            for container in removed:
                self._removed(container.id, container.exit_code)
            self._cond.notify_all()
            return [c.id for c in removed]

    # ------------------------------------------------------------------ waits

    def wait_for(self, ref: str, condition: WaitCondition) -> Waiter:
        """Register a wait (raises ``NoSuchContainerError``); its ``result`` is set at once
        when the condition already holds."""
        with self._cond:
            container = self._engine.get(ref)
            waiter = Waiter(container.id, condition)
            if condition == "not-running" and not container.running:
                waiter.result = container.exit_code
                return waiter
            self._waiters.setdefault(container.id, []).append(waiter)
            return waiter

    def await_wait(self, waiter: Waiter, gone: Callable[[], bool], poll: float = 0.2) -> int | None:
        """Block until ``waiter`` has its result (``None`` when ``gone()`` says the client
        left, or the server stops)."""
        with self._cond:
            try:
                while waiter.result is None:
                    if self.stopping or gone():
                        return None
                    self._cond.wait(poll)
                return waiter.result
            finally:
                group = self._waiters.get(waiter.container_id)
                if group is not None and waiter in group:
                    group.remove(waiter)
                    if not group:
                        del self._waiters[waiter.container_id]

    # ------------------------------------------------------------------ attach

    def attach(self, ref: str, attachment_of: Callable[[Container], Attachment]) -> Attachment:
        """Register an attach stream for the container ``ref`` names (raises
        ``NoSuchContainerError``)."""
        with self._cond:
            container = self._engine.get(ref)
            attachment = attachment_of(container)
            self._attachments.setdefault(container.id, []).append(attachment)
            return attachment

    def detach(self, attachment: Attachment) -> None:
        """The stream is gone: forget it."""
        with self._cond:
            group = self._attachments.get(attachment.container_id)
            if group is not None and attachment in group:
                group.remove(attachment)
                if not group:
                    del self._attachments[attachment.container_id]
            attachment.stdin_done.set()

    def shell_line(self, shell: Shell, line: str) -> tuple[str, int | None]:
        """One line typed at ``shell``'s prompt: what it printed, and the exit status when
        the line was ``exit [N]`` (the shell ends: a main shell's container exits)."""
        try:
            words = split_words(line)
        except DockerLinksError:
            words = []
        if words and words[0] == "exit":
            code = int(words[1]) & 255 if len(words) > 1 and words[1].isdigit() else 0
            if not shell.exec_id:
                self.exit_container(shell.container_id, code)
            return "", code
        if not words:
            return "", None

        def operation(engine: Engine) -> tuple[Engine, ExecResult]:
            return engine.shell_line(shell.container_id, line, exec_shell=bool(shell.exec_id))

        try:
            result = self.change(operation)
        except EngineError as exc:
            return exc.docker_message + "\n", None
        return result.stderr + result.stdout, None

    def exit_container(self, ref: str, code: int) -> None:
        """The container's main process ends by itself with ``code``."""
        with self._cond:
            engine = self._ticked()
            container = engine.find(ref)
            if container is None or not container.running:
                return
            after, _ = engine.exit(container.id, code)
            self._engine = after
            self._exited(container.id, code)
            if after.find(container.id) is None:
                self._removed(container.id, code)
            self._cond.notify_all()

    # ------------------------------------------------------------------ exec

    def exec_create(self, ref: str, config: ExecConfig) -> ExecRecord:
        """``POST /containers/{id}/exec``: checked as the daemon checks it at create (the
        container runs; its linked children run)."""
        with self._cond:
            engine = self._engine
            container = engine.get(ref)
            if not container.running:
                raise ConflictError(
                    daemon_text(engine.profile, "exec_not_running", id=container.id)
                )
            refusal = engine.exec_env(container)
            if isinstance(refusal, str):
                raise LinkError(refusal)
            self._exec_count += 1
            exec_id = hashlib.sha256(f"exec/{self._seed}/{self._exec_count}".encode()).hexdigest()
            record = ExecRecord(exec_id, container.id, config)
            self._execs[exec_id] = record
            self._forget_finished_execs()
            return record

    def exec_record(self, exec_id: str) -> ExecRecord | None:
        """The exec instance ``exec_id`` names (full ID), or ``None``."""
        with self._cond:
            return self._execs.get(exec_id)

    def exec_begin(self, record: ExecRecord) -> None:
        """The exec starts (raises ``ConflictError`` when it ran already or its container
        does not run any more)."""
        with self._cond:
            engine = self._engine
            if record.started:
                raise ConflictError(f"Error: Exec command {record.id} has already run")
            container = engine.find(record.container_id)
            if container is None or container.id != record.container_id:
                raise NoSuchContainerError(
                    daemon_text(engine.profile, "no_such_container", ref=record.container_id)
                )
            if not container.running:
                raise ConflictError(
                    daemon_text(engine.profile, "exec_not_running", id=container.id)
                )
            self._pids += 1
            record.started = True
            record.running = True
            record.pid = 20000 + self._pids

    def exec_run(self, record: ExecRecord, stdin: str | None) -> ExecResult:
        """Run the exec's program (its output, its status) and record the status."""
        config = record.config

        def operation(engine: Engine) -> tuple[Engine, ExecResult]:
            return engine.exec(
                record.container_id, config.cmd, env=config.env, stdin=stdin, tty=config.tty
            )

        try:
            result = self.change(operation)
        except EngineError as exc:  # the container stopped meanwhile
            result = ExecResult("", exc.docker_message + "\n", 126)
        self.exec_end(record, result.exit_code)
        return result

    def exec_shell(self, record: ExecRecord) -> Shell:
        """The shell an interactive TTY exec opens."""
        container = self.container(record.container_id)
        return Shell(
            container.id, record.id, container.userland, container.hostname, container.workdir
        )

    def exec_end(self, record: ExecRecord, code: int) -> None:
        """The exec's process ended with ``code``."""
        with self._cond:
            record.running = False
            record.exit_code = code
            self._cond.notify_all()

    # ------------------------------------------------------------------ shutting down

    def shut_down(self) -> None:
        """End every wait and stream (the server stops)."""
        with self._cond:
            self.stopping = True
            for group in self._attachments.values():
                for attachment in group:
                    attachment.finish()
            self._cond.notify_all()
