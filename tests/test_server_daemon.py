"""The served daemon (dockerlinks/server/daemon.py): the engine behind a lock, the events
of each operation (waits answered, attach streams fed and ended), exec instances, shells."""

from __future__ import annotations

import threading
import time

import pytest

from dockerlinks.engine import ContainerConfig, CreateRequest, Engine
from dockerlinks.errors import ConflictError, LinkError, NoSuchContainerError, StartError
from dockerlinks.server.daemon import (
    MAX_EXECS,
    NOT_MODIFIED,
    Attachment,
    Daemon,
    Shell,
    start_failure_status,
)
from dockerlinks.server.decode import ExecConfig


def daemon() -> Daemon:
    return Daemon(Engine.new(profile="20.10", port_range=(32768, 60999)))


def attach(served: Daemon, ref: str, *, stdin: bool = False) -> Attachment:
    return served.attach(
        ref,
        lambda c: Attachment(c.id, stdin=stdin, stdout=True, stderr=True, tty=c.tty),
    )


def drained(attachment: Attachment) -> list[bytes | None]:
    out: list[bytes | None] = []
    while not attachment.outbox.empty():
        out.append(attachment.outbox.get_nowait())
    return out


def test_a_refused_operation_leaves_the_engine_as_it_was() -> None:
    served = daemon()
    served.create(CreateRequest("training/webapp", name="web"))
    before = served.engine
    with pytest.raises(ConflictError):
        served.create(CreateRequest("training/webapp", name="web"))
    with pytest.raises(NoSuchContainerError):
        served.start("nope")
    with pytest.raises(ConflictError):
        served.stop("web", signal="KILL")  # not running
    assert served.engine is before


def test_start_and_stop_of_a_container_in_that_state_change_nothing() -> None:
    served = daemon()
    served.create(CreateRequest("training/webapp", name="web"))
    assert served.stop("web") == NOT_MODIFIED
    assert served.start("web") != NOT_MODIFIED
    before = served.engine
    assert served.start("web") == NOT_MODIFIED
    assert served.engine is before


def test_a_finite_program_s_output_goes_to_its_attach_streams_which_then_end() -> None:
    served = daemon()
    web = served.create(CreateRequest("training/webapp", name="web", cmd=("env",)))
    attachment = attach(served, "web")
    waiter = served.wait_for("web", "next-exit")
    served.start("web")
    items = drained(attachment)
    assert items[-1] is None
    assert b"HOSTNAME=" + web.id[:12].encode() in b"".join(i for i in items if i)
    assert waiter.result == 0


def test_the_conditions_of_a_wait() -> None:
    served = daemon()
    served.create(CreateRequest("training/webapp", name="web"))
    assert served.wait_for("web", "not-running").result == 0  # created: not running
    served.start("web")
    not_running = served.wait_for("web", "not-running")
    next_exit = served.wait_for("web", "next-exit")
    removed = served.wait_for("web", "removed")
    assert (not_running.result, next_exit.result, removed.result) == (None, None, None)
    served.stop("web", signal="KILL")
    assert (not_running.result, next_exit.result, removed.result) == (137, 137, None)
    served.remove("web", force=False, link=False)
    assert removed.result == 137
    with pytest.raises(NoSuchContainerError):
        served.wait_for("web", "removed")


def test_a_waiting_client_that_leaves_stops_waiting() -> None:
    served = daemon()
    served.create(CreateRequest("training/webapp", name="web"))
    served.start("web")
    waiter = served.wait_for("web", "next-exit")
    left = threading.Event()
    answers: list[int | None] = []
    worker = threading.Thread(
        target=lambda: answers.append(served.await_wait(waiter, left.is_set, 0.01))
    )
    worker.start()
    time.sleep(0.05)
    left.set()
    worker.join(timeout=5)
    assert answers == [None]
    assert not served._waiters  # forgotten


def test_a_failed_start_is_an_exit_with_the_runtime_s_status() -> None:
    served = daemon()
    served.create(
        CreateRequest("training/webapp", name="bad", cmd=("/nonexistent",), auto_remove=True)
    )
    next_exit = served.wait_for("bad", "next-exit")
    removed = served.wait_for("bad", "removed")
    with pytest.raises(StartError):
        served.start("bad")
    assert (next_exit.result, removed.result) == (127, 127)
    assert served.engine.find("bad") is None


@pytest.mark.parametrize(
    ("message", "status"),
    [
        ('exec: "x": executable file not found in $PATH: unknown', 127),
        ('exec: "/x": stat /x: no such file or directory: unknown', 127),
        ('exec: "/etc/x": permission denied: unknown', 126),
        ("driver failed programming external connectivity ...", 128),
    ],
)
def test_start_failure_statuses(message: str, status: int) -> None:
    assert start_failure_status(message) == status


def test_standard_input_is_read_to_its_end_before_the_program_runs() -> None:
    served = daemon()
    served.create(CreateRequest("training/webapp", name="sh", cmd=("sh",), open_stdin=True))
    attachment = attach(served, "sh", stdin=True)
    started: list[object] = []
    worker = threading.Thread(target=lambda: started.append(served.start("sh")))
    worker.start()
    time.sleep(0.05)
    assert not started  # waiting for the input's end
    attachment.typed(b"echo hello\nexit 3\n")
    attachment.stdin_done.set()
    worker.join(timeout=5)
    assert b"".join(i for i in drained(attachment) if i)[8:] == b"hello\n"
    assert served.engine.get("sh").exit_code == 3


def test_a_shell_on_a_terminal_is_typed_into() -> None:
    served = daemon()
    served.create(
        CreateRequest("training/webapp", name="sh", cmd=("bash",), tty=True, open_stdin=True)
    )
    attachment = attach(served, "sh", stdin=True)
    served.start("sh")
    shell = attachment.shell
    assert isinstance(shell, Shell)
    assert drained(attachment)[-1] == shell.prompt.encode()
    assert served.shell_line(shell, "hostname") == (shell.hostname + "\n", None)
    assert served.shell_line(shell, "") == ("", None)
    assert served.shell_line(shell, "exit 4") == ("", 4)
    assert served.engine.get("sh").exit_code == 4
    assert drained(attachment) == [None]


def test_an_exec_is_checked_when_created_and_runs_once() -> None:
    served = daemon()
    served.create(CreateRequest("training/webapp", name="web"))
    config = ExecConfig(cmd=("env",), stdout=True)
    with pytest.raises(ConflictError, match="is not running"):
        served.exec_create("web", config)
    served.start("web")
    record = served.exec_create("web", config)
    assert served.exec_record(record.id) is record
    served.exec_begin(record)
    result = served.exec_run(record, None)
    assert "HOSTNAME=" in result.stdout
    assert (record.running, record.exit_code) == (False, 0)
    with pytest.raises(ConflictError, match="has already run"):
        served.exec_begin(record)
    served.remove("web", force=True, link=False)
    assert served.exec_record(record.id) is None  # gone with its container


def test_an_exec_is_refused_while_a_linked_child_is_stopped() -> None:
    served = Daemon(Engine.new(profile="20.10", port_range=(32768, 60999)))
    served.change(lambda e: e.run(ContainerConfig("training/postgres", name="db", detach=True)))
    served.change(lambda e: e.run(ContainerConfig("training/webapp", name="web", links=("db:db",))))
    served.stop("db")
    with pytest.raises(LinkError, match="Cannot link to a non running container"):
        served.exec_create("web", ExecConfig(cmd=("env",)))


def test_finished_execs_are_bounded() -> None:
    served = daemon()
    served.create(CreateRequest("training/webapp", name="web"))
    served.start("web")
    for _ in range(MAX_EXECS + 5):
        record = served.exec_create("web", ExecConfig(cmd=("true",)))
        served.exec_begin(record)
        served.exec_run(record, None)
    assert len(served._execs) == MAX_EXECS


def test_prune_removes_what_does_not_run() -> None:
    served = daemon()
    served.create(CreateRequest("training/webapp", name="created"))
    served.create(CreateRequest("training/webapp", name="running"))
    served.start("running")
    removed = served.wait_for("created", "removed")
    created = served.container("created").id
    assert served.prune() == [created]
    assert [c.bare_name for c in served.engine.containers] == ["running"]
    assert removed.result == 0


def test_the_clock_follows_the_wall_when_given_one() -> None:
    now = [1_800_000_000.0]
    served = Daemon(Engine.new(profile="20.10"), wall_clock=lambda: now[0])
    web = served.create(CreateRequest("training/webapp", name="web"))
    assert served.engine.epoch + web.created == 1_800_000_000
    assert served.now() == 1_800_000_000.0
    ticking = daemon()
    assert ticking.now() == ticking.engine.epoch + ticking.engine.clock


def test_shutting_down_ends_the_streams() -> None:
    served = daemon()
    served.create(CreateRequest("training/webapp", name="web"))
    attachment = attach(served, "web")
    served.shut_down()
    assert drained(attachment) == [None]
    assert served.await_wait(served.wait_for("web", "removed"), lambda: False) is None
