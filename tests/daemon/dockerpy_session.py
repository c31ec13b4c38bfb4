"""A docker-py session for the API recordings, run by :mod:`tests.daemon.record_api`.

Run it with an interpreter that has docker-py (``pip install docker`` in a venv of its own;
this project does not depend on it)::

    VENV/bin/python -m tests.daemon.dockerpy_session unix:///PATH/proxy.sock

It talks to the recorder over its standard streams: before each step it prints
``STEP <json label>`` and waits for a line on standard input (the recorder tags the proxy's
exchanges with the label, then answers), and after it ``RESULT <json>`` with what the call
returned or raised. The session uses the images of the harness only and runs nothing in a
container but ``env``, ``cat /etc/hosts``, ``echo`` and the images' idle programs.

This module imports only the standard library at import time (docker-py is looked up by
:func:`main`), so importing it does nothing and needs no docker-py.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["main"]


def _step(label: str) -> None:
    print("STEP " + json.dumps(label), flush=True)
    sys.stdin.readline()


def _result(label: str, **fields: Any) -> None:
    print("RESULT " + json.dumps({"step": label, **fields}, default=repr), flush=True)


def _call(label: str, func: Callable[[], Any], show: Callable[[Any], Any] = repr) -> Any:
    _step(label)
    try:
        value = func()
    except Exception as exc:
        _result(
            label,
            raised=type(exc).__module__ + "." + type(exc).__qualname__,
            message=str(exc),
            status_code=getattr(exc, "status_code", None),
        )
        return None
    _result(label, returned=show(value))
    return value


def _text(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Run the session against ``argv[0]`` (a ``unix://`` URL)."""
    args = list(sys.argv[1:] if argv is None else argv)
    host = args[0]
    docker = importlib.import_module("docker")
    _result("versions", docker_py=docker.__version__, python=sys.version.split()[0])

    client = _call(
        "client = docker.DockerClient(base_url=HOST)  # version auto",
        lambda: docker.DockerClient(base_url=host),
    )
    if client is None:
        return 1
    containers = client.containers
    _call("client.ping()", client.ping)
    _call("client.version()", client.version)

    db = _call(
        "db = containers.run('training/postgres', detach=True, name='pydb')",
        lambda: containers.run("training/postgres", detach=True, name="pydb"),
    )
    web = _call(
        "web = containers.run('training/webapp', detach=True, name='pyweb', "
        "ports={'5000/tcp': 8080}, links={'pydb': 'db'}, environment={'MODE': 'test', "
        "'EMPTY': ''})",
        lambda: containers.run(
            "training/webapp",
            detach=True,
            name="pyweb",
            ports={"5000/tcp": 8080},
            links={"pydb": "db"},
            environment={"MODE": "test", "EMPTY": ""},
        ),
    )
    _call(
        "containers.run('training/webapp', detach=True, name='pyports', ports={'5000/tcp': "
        "('127.0.0.1', 8081), '5001/tcp': None, '5002/tcp': [8082, 8083], '53/udp': 5353})",
        lambda: containers.run(
            "training/webapp",
            detach=True,
            name="pyports",
            ports={
                "5000/tcp": ("127.0.0.1", 8081),
                "5001/tcp": None,
                "5002/tcp": [8082, 8083],
                "53/udp": 5353,
            },
        ),
    )
    _call(
        "containers.run('training/webapp', detach=True, name='pyall', publish_all_ports=True, "
        "links=[('pydb', 'database')], environment=['A=1', 'B'])",
        lambda: containers.run(
            "training/webapp",
            detach=True,
            name="pyall",
            publish_all_ports=True,
            links=[("pydb", "database")],
            environment=["A=1", "B"],
        ),
    )
    if web is not None:
        _call("web.ports  # as returned by run", lambda: web.ports)
        _call("web.status", lambda: web.status)
        _call("web.reload()", web.reload)
        _call("web.ports  # after reload", lambda: web.ports)
        _call("web.attrs  # after reload", lambda: web.attrs, show=lambda v: v)
        _call("web.logs()", web.logs, show=_text)
        _call(
            "web.exec_run('env')",
            lambda: web.exec_run("env"),
            show=lambda r: {"exit_code": r.exit_code, "output": _text(r.output)},
        )
        _call(
            "web.exec_run(['cat', '/etc/hosts'], demux=True)",
            lambda: web.exec_run(["cat", "/etc/hosts"], demux=True),
            show=lambda r: {"exit_code": r.exit_code, "output": [_text(x) for x in r.output]},
        )
        _call(
            "web.exec_run('sh -c \"echo out; echo err >&2; exit 3\"')",
            lambda: web.exec_run('sh -c "echo out; echo err >&2; exit 3"'),
            show=lambda r: {"exit_code": r.exit_code, "output": _text(r.output)},
        )
        _call(
            "web.exec_run('env', tty=True, environment={'X': '1'})",
            lambda: web.exec_run("env", tty=True, environment={"X": "1"}),
            show=lambda r: {"exit_code": r.exit_code, "output": _text(r.output)},
        )
    _call(
        "containers.run('training/webapp', 'env', links={'pydb': 'db'}, remove=True)",
        lambda: containers.run("training/webapp", "env", links={"pydb": "db"}, remove=True),
        show=_text,
    )
    _call(
        "containers.run('training/webapp', 'cat /etc/hosts', links={'pydb': 'db'}, "
        "stderr=True, remove=True)",
        lambda: containers.run(
            "training/webapp",
            "cat /etc/hosts",
            links={"pydb": "db"},
            stderr=True,
            remove=True,
        ),
        show=_text,
    )
    _call(
        "containers.run('training/webapp', ['sh', '-c', 'echo out; echo err >&2; exit 3'], "
        "name='pyfail')",
        lambda: containers.run(
            "training/webapp", ["sh", "-c", "echo out; echo err >&2; exit 3"], name="pyfail"
        ),
        show=_text,
    )
    _call(
        "containers.list(all=True, filters={'name': 'py'})",
        lambda: containers.list(all=True, filters={"name": "py"}),
        show=lambda cs: sorted(c.name for c in cs),
    )
    _call(
        "containers.list(filters={'status': 'exited'}, all=True)",
        lambda: containers.list(filters={"status": "exited"}, all=True),
        show=lambda cs: sorted(c.name for c in cs),
    )
    _call(
        "containers.list(filters={'publish': '8080'})",
        lambda: containers.list(filters={"publish": "8080"}),
        show=lambda cs: sorted(c.name for c in cs),
    )
    _call("containers.list()", containers.list, show=lambda cs: sorted(c.name for c in cs))
    _call(
        "containers.get('pyweb')",
        lambda: containers.get("pyweb"),
        show=lambda c: {"id": c.id, "name": c.name, "ports": c.ports},
    )
    _call("containers.get('nope')", lambda: containers.get("nope"))
    _call(
        "containers.run('training/webapp', detach=True, name='pyweb')  # name conflict",
        lambda: containers.run("training/webapp", detach=True, name="pyweb"),
    )
    _call(
        "containers.run('training/webapp', detach=True, name='pyclash', "
        "ports={'5000/tcp': 8080})  # port taken",
        lambda: containers.run(
            "training/webapp", detach=True, name="pyclash", ports={"5000/tcp": 8080}
        ),
    )
    _call(
        "containers.run('no/such-image', detach=True)  # pull refused offline",
        lambda: containers.run("no/such-image", detach=True),
    )
    if db is not None:
        _call("db.stop(timeout=5)", lambda: db.stop(timeout=5))
        _call("db.reload(); db.status", lambda: (db.reload(), db.status)[1])
        _call("db.start()", db.start)
    if web is not None:
        _call("web.restart(timeout=5)", lambda: web.restart(timeout=5))
        _call("web.stop()", web.stop)
        _call("web.remove()", web.remove)
        _call("web.reload()  # removed", web.reload)
    _call(
        "containers.get('pyclash').remove(force=True)",
        lambda: containers.get("pyclash").remove(force=True),
    )
    _call("containers.prune()", containers.prune)
    _call("client.close()", client.close)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
