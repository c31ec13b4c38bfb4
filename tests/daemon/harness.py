"""Driving a private, real Docker daemon for recordings (never used by the test suite itself).

The recordings under ``tests/data/daemon/`` come from a real ``dockerd`` that this module
starts with its own data root, exec root and socket, so it never touches a system daemon::

    from tests.daemon.harness import Daemon, build_images, run_cli, IMAGES

    with Daemon("/tmp/dlrec/d20") as daemon:          # starts dockerd under the host lock
        build_images(daemon, IMAGES)                   # docker import of a busybox rootfs
        daemon.reset()                                 # no containers, fresh allocator/IPAM
        result = run_cli("/usr/bin/docker", ["ps", "-a"], host=daemon.host)
        print(result.exit, result.stdout, result.stderr)

Two ``dockerd`` on one host fight over ``docker0``, so every daemon lifetime (``start`` to
``stop``) holds an exclusive ``fcntl.flock`` on :data:`LOCK_PATH`; a restart releases it
between the two lifetimes. The daemon runs with ``--iptables=false --ip6tables=false
--storage-driver=vfs`` and the default userland proxy, as a stock 20.10 does.

Importing this module starts nothing; it needs a daemon only when its functions are called.

API (kept stable; later additions only add):

- :class:`Daemon` ``(root, *, dockerd=..., extra_args=(), lock_path=LOCK_PATH, offline=True)``
  with ``host``, ``socket``, ``pid``, ``running``, ``start(timeout=60.0, lock_timeout=None)``,
  ``stop(timeout=60.0)``, ``restart()``, ``remove_all_containers(cli=...)``,
  ``reset(cli=...)``, ``version(cli=...)``, and use as a context manager.
- :func:`run_cli` ``(cli, argv, *, host, stdin=None, timeout=60.0, env=None)`` ->
  :class:`CommandResult` (stdout, stderr and exit status apart; ``timed_out`` on timeout).
- :class:`ImageSpec`, :data:`IMAGES`, :func:`build_images` ``(daemon, images, *, cli=...)``,
  :func:`rootfs_tar`, and ``ImageSpec.directive()``: the ``# dockerlinks: image`` line.
"""

from __future__ import annotations

import fcntl
import io
import json
import os
import shlex
import signal
import subprocess
import tarfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, Any

import attrs

__all__ = [
    "BUSYBOX",
    "DEFAULT_CLI",
    "DOCKERD",
    "IMAGES",
    "LOCK_PATH",
    "CommandResult",
    "Daemon",
    "DaemonError",
    "ImageSpec",
    "build_images",
    "rootfs_tar",
    "run_cli",
]

#: The host-wide lock every private daemon on this machine holds for its whole lifetime.
LOCK_PATH = Path("/tmp/dockerd.lock")
#: The daemon binary (Debian's docker.io 20.10).
DOCKERD = "/usr/sbin/dockerd"
#: The CLI the harness itself uses (image builds, cleanup, version queries).
DEFAULT_CLI = "/usr/bin/docker"
#: The static busybox whose applets make the images' root filesystem.
BUSYBOX = Path("/bin/busybox")

_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


class DaemonError(RuntimeError):
    """The daemon did not start or stop, or a harness command (not a recorded one) failed."""


@attrs.frozen
class CommandResult:
    """One CLI invocation: its argv (without the program), input and separate outputs."""

    argv: tuple[str, ...]
    stdin: str | None
    stdout: str
    stderr: str
    exit: int
    timed_out: bool = False
    seconds: float = 0.0

    @property
    def line(self) -> str:
        """The shell-quoted ``docker …`` command line."""
        return shlex.join(("docker", *self.argv))


def _cli_env(host: str, extra: Mapping[str, str] | None) -> dict[str, str]:
    home = Path("/tmp/dlrec/home")
    (home / ".docker").mkdir(parents=True, exist_ok=True)
    env = {
        "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
        "HOME": str(home),
        "DOCKER_HOST": host,
        "DOCKER_CONFIG": str(home / ".docker"),
        "LANG": "C.UTF-8",
    }
    if extra:
        env.update(extra)
    return env


def run_cli(
    cli: str,
    argv: Sequence[str],
    *,
    host: str,
    stdin: str | None = None,
    timeout: float = 60.0,
    env: Mapping[str, str] | None = None,
) -> CommandResult:
    """Run ``cli argv…`` against ``host`` (``unix://…``), capturing stdout/stderr/exit apart.

    The CLI gets a clean environment (``DOCKER_HOST``, an empty ``DOCKER_CONFIG``, ``PATH``,
    ``HOME``) plus ``env``; standard input is ``stdin`` or ``/dev/null``, never a terminal.
    On timeout the process is killed and the result has ``timed_out=True`` and ``exit=-1``.
    """
    args = tuple(argv)
    started = time.monotonic()
    proc = subprocess.Popen(
        [cli, *args],
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_cli_env(host, env),
        start_new_session=True,
    )
    timed_out = False
    try:
        out, err = proc.communicate(
            input=stdin.encode() if stdin is not None else None, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        timed_out = True
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
    return CommandResult(
        argv=args,
        stdin=stdin,
        stdout=out.decode("utf-8", "replace"),
        stderr=err.decode("utf-8", "replace"),
        exit=-1 if timed_out else proc.returncode,
        timed_out=timed_out,
        seconds=round(time.monotonic() - started, 3),
    )


class Daemon:
    """A private ``dockerd`` under ``root`` (data, exec root, socket, pid file, log).

    ``root`` holds ``data/`` (images persist across restarts), ``exec/``, ``docker.sock``,
    ``dockerd.pid`` and ``dockerd.log``. Keep ``root`` short: the socket path must fit a unix
    socket address.

    ``offline`` (the default) gives the daemon ``HTTP(S)_PROXY`` set to a closed loopback port:
    an accidental pull then fails at once without resolving any outside name.
    """

    def __init__(
        self,
        root: str | os.PathLike[str],
        *,
        dockerd: str = DOCKERD,
        extra_args: Sequence[str] = (),
        lock_path: str | os.PathLike[str] = LOCK_PATH,
        offline: bool = True,
    ) -> None:
        self.root = Path(root)
        self.offline = offline
        self.dockerd = dockerd
        self.extra_args = tuple(extra_args)
        self.lock_path = Path(lock_path)
        self._proc: subprocess.Popen[bytes] | None = None
        self._lock: IO[str] | None = None
        self._log: IO[bytes] | None = None

    @property
    def socket(self) -> Path:
        """The daemon's unix socket."""
        return self.root / "docker.sock"

    @property
    def host(self) -> str:
        """The ``DOCKER_HOST`` value for this daemon (``unix:///…/docker.sock``)."""
        return f"unix://{self.socket}"

    @property
    def pid(self) -> int | None:
        """The running daemon's process id, or ``None``."""
        return self._proc.pid if self._proc is not None else None

    @property
    def running(self) -> bool:
        """Whether this object started a daemon that has not exited."""
        return self._proc is not None and self._proc.poll() is None

    def _acquire(self, timeout: float | None) -> None:
        self.lock_path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.lock_path, "a+")  # noqa: SIM115 (held for the daemon's lifetime)
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if deadline is not None and time.monotonic() > deadline:
                    handle.close()
                    raise DaemonError(f"{self.lock_path} stayed locked for {timeout}s") from None
                time.sleep(0.5)
        self._lock = handle

    def _release(self) -> None:
        if self._lock is not None:
            fcntl.flock(self._lock, fcntl.LOCK_UN)
            self._lock.close()
            self._lock = None

    def start(self, timeout: float = 60.0, lock_timeout: float | None = None) -> None:
        """Take the host lock (waiting up to ``lock_timeout``, default forever), start
        ``dockerd`` and wait up to ``timeout`` seconds for its API to answer."""
        if self.running:
            return
        pidfile = self.root / "dockerd.pid"
        if pidfile.exists():
            try:
                stale = int(pidfile.read_text().strip() or "0")
            except ValueError:
                stale = 0
            if stale and Path(f"/proc/{stale}").exists():
                raise DaemonError(f"a daemon (pid {stale}) still runs from {pidfile}")
            pidfile.unlink()
        self._acquire(lock_timeout)
        try:
            for sub in ("data", "exec"):
                (self.root / sub).mkdir(parents=True, exist_ok=True)
            self.socket.unlink(missing_ok=True)
            self._log = open(self.root / "dockerd.log", "ab")  # noqa: SIM115
            cmd = [
                self.dockerd,
                "--iptables=false",
                "--ip6tables=false",
                "--storage-driver=vfs",
                "--data-root",
                str(self.root / "data"),
                "--exec-root",
                str(self.root / "exec"),
                "-H",
                self.host,
                "--pidfile",
                str(pidfile),
                *self.extra_args,
            ]
            env = dict(os.environ)
            if self.offline:
                for key in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
                    env[key] = "http://127.0.0.1:9"
                env["NO_PROXY"] = env["no_proxy"] = ""
            self._proc = subprocess.Popen(
                cmd,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=self._log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            deadline = time.monotonic() + timeout
            while True:
                if self._proc.poll() is not None:
                    raise DaemonError(
                        f"dockerd exited with {self._proc.returncode}; see {self.root}/dockerd.log"
                    )
                if self.socket.exists():
                    probe = run_cli(DEFAULT_CLI, ["version"], host=self.host, timeout=10)
                    if probe.exit == 0:
                        return
                if time.monotonic() > deadline:
                    raise DaemonError(f"dockerd did not answer within {timeout}s")
                time.sleep(0.2)
        except BaseException:
            self.stop()
            raise

    def stop(self, timeout: float = 60.0) -> None:
        """Stop the daemon this object started (SIGTERM to its pid, then wait; SIGKILL after
        ``timeout``) and release the host lock."""
        proc, self._proc = self._proc, None
        try:
            if proc is not None and proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=timeout)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        finally:
            if self._log is not None:
                self._log.close()
                self._log = None
            self._release()

    def restart(self) -> None:
        """Stop and start again (the port allocator and IPAM start fresh; images stay)."""
        self.stop()
        self.start()

    def remove_all_containers(self, cli: str = DEFAULT_CLI) -> None:
        """``docker rm -f -v`` of every container, running or not."""
        listed = run_cli(cli, ["ps", "-aq", "--no-trunc"], host=self.host)
        if listed.exit != 0:
            raise DaemonError(f"docker ps -aq failed: {listed.stderr.strip()}")
        ids = listed.stdout.split()
        if ids:
            removed = run_cli(cli, ["rm", "-f", "-v", *ids], host=self.host, timeout=120)
            if removed.exit != 0:
                raise DaemonError(f"docker rm -f failed: {removed.stderr.strip()}")

    def reset(self, cli: str = DEFAULT_CLI) -> None:
        """The state a sequence starts from: no containers, then a daemon restart so the port
        allocator's cursor and the default bridge's IPAM start fresh."""
        if not self.running:
            self.start()
        self.remove_all_containers(cli)
        self.restart()

    def version(self, cli: str = DEFAULT_CLI) -> dict[str, Any]:
        """``docker version --format '{{json .}}'`` as a dict (``Client`` and ``Server``)."""
        result = run_cli(cli, ["version", "--format", "{{json .}}"], host=self.host)
        if result.exit != 0:
            raise DaemonError(f"docker version failed: {result.stderr.strip()}")
        parsed: dict[str, Any] = json.loads(result.stdout)
        return parsed

    def __enter__(self) -> Daemon:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


# ============================================================================ images

#: The long-running main process: waits, and exits 0 at once on SIGTERM (fast docker stop).
_SERVE = """#!/bin/sh
trap 'exit 0' TERM INT
while :; do sleep 1 & wait $!; done
"""
#: ``/bin/bash``: busybox has no ``bash`` applet, so a wrapper runs its ``sh``.
_BASH = '#!/bin/sh\nexec /bin/sh "$@"\n'
#: ``printenv [NAME...]``: busybox has none.
_PRINTENV = """#!/bin/sh
if [ $# -eq 0 ]; then exec env; fi
rc=0
for n in "$@"; do
  eval "v=\\${$n+x}"
  if [ "$v" = x ]; then eval "printf '%s\\n' \\"\\$$n\\""; else rc=1; fi
done
exit $rc
"""
#: ``getent hosts NAME...``: busybox has none; this one reads /etc/hosts only (no DNS).
_GETENT = """#!/bin/sh
[ "$1" = hosts ] || { echo "Unknown database: $1" >&2; exit 1; }
shift
rc=0
for n in "$@"; do
  awk -v n="$n" '!/^#/ { for (i = 2; i <= NF; i++) if ($i == n) { print; exit 3 } }' \\
    /etc/hosts
  [ $? -eq 3 ] || rc=2
done
exit $rc
"""
_APPLETS = (
    "sh",
    "env",
    "cat",
    "hostname",
    "sleep",
    "echo",
    "ls",
    "grep",
    "awk",
    "printf",
    "id",
    "true",
    "false",
    "test",
    "[",
    "pwd",
    "ps",
    "kill",
    "head",
    "sort",
    "uname",
    "whoami",
    "mkdir",
    "rm",
)


def rootfs_tar(busybox: Path = BUSYBOX) -> bytes:
    """A root filesystem tarball: static busybox with applet links in ``/bin``, ``/etc/passwd``
    (root's home ``/root``), ``/bin/bash``, ``printenv``, ``getent`` (hosts from /etc/hosts),
    and the long-running ``python`` / ``postgres`` programs the images' CMDs name."""
    buf = io.BytesIO()
    mtime = 1_700_000_000

    def add(name: str, *, data: bytes | None = None, mode: int = 0o644, link: str = "") -> None:
        info = tarfile.TarInfo(name)
        info.mtime = mtime
        info.uid = info.gid = 0
        if link:
            info.type = tarfile.SYMTYPE
            info.linkname = link
            info.mode = 0o777
            tar.addfile(info)
        elif data is None:
            info.type = tarfile.DIRTYPE
            info.mode = mode
            tar.addfile(info)
        else:
            info.size = len(data)
            info.mode = mode
            tar.addfile(info, io.BytesIO(data))

    with tarfile.open(fileobj=buf, mode="w", format=tarfile.GNU_FORMAT) as tar:
        for d in (
            "bin",
            "sbin",
            "usr",
            "usr/bin",
            "usr/sbin",
            "usr/local",
            "usr/local/bin",
            "etc",
            "dev",
            "proc",
            "sys",
            "var",
            "opt",
            "opt/webapp",
            "usr/lib",
            "usr/lib/postgresql",
            "usr/lib/postgresql/9.3",
            "usr/lib/postgresql/9.3/bin",
            "var/lib",
            "var/lib/postgresql",
            "root",
        ):
            add(d, mode=0o700 if d == "root" else 0o755)
        add("tmp", mode=0o1777)
        add("bin/busybox", data=busybox.read_bytes(), mode=0o755)
        for applet in _APPLETS:
            add(f"bin/{applet}", link="busybox")
        add("bin/bash", data=_BASH.encode(), mode=0o755)
        add("usr/bin/printenv", data=_PRINTENV.encode(), mode=0o755)
        add("usr/bin/getent", data=_GETENT.encode(), mode=0o755)
        add("usr/bin/python", data=_SERVE.encode(), mode=0o755)
        add("usr/bin/serve", data=_SERVE.encode(), mode=0o755)
        add("usr/lib/postgresql/9.3/bin/postgres", data=_SERVE.encode(), mode=0o755)
        add("opt/webapp/app.py", data=b"# placeholder: /usr/bin/python only waits\n")
        add(
            "etc/passwd",
            data=b"root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:"
            b"/bin/false\n",
        )
        add("etc/group", data=b"root:x:0:\nnogroup:x:65534:\n")
        for empty in ("etc/hosts", "etc/hostname", "etc/resolv.conf"):
            add(empty, data=b"")
    return buf.getvalue()


@attrs.frozen
class ImageSpec:
    """An image to build by ``docker import`` of :func:`rootfs_tar` with ``--change`` lines.

    ``expose`` holds ``--expose``-style values (``80/tcp``, ``9000-9003/tcp``); ``env`` holds
    ``NAME=VALUE`` in order; ``cmd`` is the exec-form CMD (empty: the image has none).
    """

    name: str
    expose: tuple[str, ...] = ()
    env: tuple[str, ...] = (f"PATH={_PATH}",)
    workdir: str = ""
    cmd: tuple[str, ...] = ()

    def changes(self) -> list[str]:
        """The Dockerfile instructions given to ``docker import --change``."""
        out: list[str] = []
        if self.expose:
            out.append("EXPOSE " + " ".join(self.expose))
        for item in self.env:
            key, _, value = item.partition("=")
            out.append(f"ENV {key}={json.dumps(value)}")
        if self.workdir:
            out.append(f"WORKDIR {self.workdir}")
        if self.cmd:
            out.append("CMD " + json.dumps(list(self.cmd)))
        return out

    def directive(self) -> str:
        """The transcript line declaring this image:
        ``# dockerlinks: image NAME [expose=PORTS] [env=K=V]... [workdir=DIR] [cmd=WORDS]``."""
        words = [self.name]
        if self.expose:
            words.append("expose=" + ",".join(self.expose))
        words.extend(f"env={item}" for item in self.env)
        if self.workdir:
            words.append(f"workdir={self.workdir}")
        if self.cmd:
            words.append("cmd=" + shlex.join(self.cmd))
        return "# dockerlinks: image " + " ".join(shlex.quote(w) for w in words)


_PG = (
    "/usr/lib/postgresql/9.3/bin/postgres",
    "-D",
    "/var/lib/postgresql/9.3/main",
    "-c",
    "config_file=/etc/postgresql/9.3/main/postgresql.conf",
)

#: The images every recording may use: the engine model's built-in catalog, then images that
#: stress -P and the link environment.
IMAGES: tuple[ImageSpec, ...] = (
    ImageSpec(
        "training/webapp",
        expose=("5000/tcp",),
        workdir="/opt/webapp",
        cmd=("python", "app.py"),
    ),
    ImageSpec(
        "training/postgres", expose=("5432/tcp",), env=(f"PATH={_PATH}", "PG_VERSION=9.3"), cmd=_PG
    ),
    ImageSpec(
        "dlrec/multiport",
        expose=("80/tcp", "443/tcp", "53/udp", "9000-9003/tcp", "7000/sctp"),
        cmd=("serve",),
    ),
    ImageSpec(
        "dlrec/manyenv",
        expose=("6379/tcp", "6380/udp"),
        env=(
            f"PATH={_PATH}",
            "APP_MODE=production",
            "GREETING=hello world",
            "EMPTY=",
            "WITH_EQUALS=a=b=c",
            "lower_case=yes",
            "QUOTED=\"q\" 'q'",
            "REDIS_VERSION=7.2.4",
            "HOME=/srv",
        ),
        workdir="/srv",
        cmd=("serve", "--port", "6379"),
    ),
    ImageSpec(
        "dlrec/multitcp",
        expose=("80/tcp", "443/tcp", "53/udp", "9000-9003/tcp", "8080/tcp", "1234/udp"),
        cmd=("serve",),
    ),
    ImageSpec("dlrec/noexpose", cmd=("serve",)),
    ImageSpec(
        "dlrec/printenv",
        expose=("8080/tcp",),
        env=(f"PATH={_PATH}", "ROLE=printer"),
        cmd=("env",),
    ),
    ImageSpec("dlrec/udp", expose=("53/udp", "67/udp", "53/tcp"), cmd=("serve",)),
)


def build_images(
    daemon: Daemon, images: Sequence[ImageSpec] = IMAGES, *, cli: str = DEFAULT_CLI
) -> list[str]:
    """``docker import`` each image (replacing one of the same name); returns their IDs."""
    tarball = rootfs_tar()
    ids: list[str] = []
    for spec in images:
        argv: list[str] = ["import"]
        for change in spec.changes():
            argv += ["--change", change]
        argv += ["-", spec.name]
        proc = subprocess.run(
            [cli, *argv],
            input=tarball,
            capture_output=True,
            env=_cli_env(daemon.host, None),
            timeout=120,
            check=False,
        )
        if proc.returncode != 0:
            raise DaemonError(f"docker import {spec.name}: {proc.stderr.decode().strip()}")
        ids.append(proc.stdout.decode().strip())
    return ids
