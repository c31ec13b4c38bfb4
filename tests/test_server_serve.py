"""``dockerlinks serve`` (dockerlinks/cli/serve.py): it listens, says where, serves, stops
on SIGTERM with status 0 and removes its socket; bad options are one line and status 2."""

from __future__ import annotations

import json
import os
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


# sets SIGINT's disposition (ignored or default: exec keeps both), then execs serve
_WITH_SIGINT = (
    "import os, signal, sys\n"
    "signal.signal(signal.SIGINT, signal.Handlers(int(sys.argv[1])))\n"
    "os.execv(sys.executable, [sys.executable, '-m', 'dockerlinks', 'serve', *sys.argv[2:]])\n"
)


def _serve(*args: str, sigint: signal.Handlers = signal.SIG_DFL) -> subprocess.Popen[str]:
    """``serve`` in a child whose SIGINT starts as ``sigint``, whatever this process was
    given: run from a script's background job, the suite itself has SIGINT ignored, and a
    child inherits that (as ``serve`` is meant to: see the last test)."""
    return subprocess.Popen(
        [sys.executable, "-c", _WITH_SIGINT, str(int(sigint)), *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _stop(process: subprocess.Popen[str], signum: int) -> str:
    """Send ``signum`` and wait for the end; its standard error. A child that outlives the
    wait is killed, so that a failure here leaves no process or pipe for later tests."""
    process.send_signal(signum)
    try:
        _, err = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise
    return err


def _get(path: str, target: str) -> bytes:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(10)
    sock.connect(path)
    sock.sendall(f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    sock.close()
    return data


def test_serve_listens_serves_and_stops(tmp_path: Path) -> None:
    images = tmp_path / "images"
    images.write_text("# dockerlinks: image redis expose=6379 cmd=redis-server\n")
    path = tmp_path / "d.sock"
    process = _serve(
        "--socket",
        str(path),
        "--profile",
        "20.10",
        "--port-range",
        "40000-40100",
        "--images",
        str(images),
        "--clock",
        "engine",
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line == f"DOCKER_HOST=unix://{path}\n"
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        assert b"Api-Version: 1.41" in _get(str(path), "/_ping")
        body = _get(str(path), "/v1.41/images/redis/json").split(b"\r\n\r\n", 1)[1]
        assert json.loads(body)["Config"]["ExposedPorts"] == {"6379/tcp": {}}
    finally:
        err = _stop(process, signal.SIGTERM)
    assert process.returncode == 0
    assert "serving Docker 20.10.24+dfsg1 (API 1.41)" in err
    assert not path.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--tcp", "0.0.0.0:0"], "dockerlinks: error: refusing to listen on 0.0.0.0:0"),
        (["--port-range", "9-1"], "dockerlinks: error: invalid port range: 9-1"),
        (["--images", "/nonexistent/images"], "dockerlinks: error: No such file or directory"),
        (["--profile", "1.0"], "dockerlinks: error:"),
    ],
)
def test_bad_options_are_one_line_and_status_2(args: list[str], message: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "dockerlinks", "serve", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.startswith(message)
    assert done.stderr.count("\n") == 1
    assert done.stdout == ""


def test_serve_on_loopback_tcp_with_a_free_port() -> None:
    process = _serve("--tcp", "127.0.0.1:0", "--port-range", "40000-40100")
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        assert line.startswith("DOCKER_HOST=tcp://127.0.0.1:")
        port = int(line.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(b"GET /_ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            time.sleep(0.1)
            assert sock.recv(65536).startswith(b"HTTP/1.1 200 OK")
    finally:
        _stop(process, signal.SIGINT)
    assert process.returncode == 0


def test_serve_started_with_sigint_ignored_keeps_ignoring_it_and_stops_on_sigterm() -> None:
    # a shell starts a script's background job with SIGINT ignored; serve leaves it so
    process = _serve("--tcp", "127.0.0.1:0", sigint=signal.SIG_IGN)
    try:
        assert process.stdout is not None
        assert process.stdout.readline().startswith("DOCKER_HOST=tcp://127.0.0.1:")
        process.send_signal(signal.SIGINT)
        time.sleep(1.0)
        assert process.poll() is None
    finally:
        _stop(process, signal.SIGTERM)
    assert process.returncode == 0
