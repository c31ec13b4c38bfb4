"""``docker ps`` as the CLI prints it: the table, --format, -q, --no-trunc, names of links."""

from __future__ import annotations

from dockerlinks.client import Session, docker
from dockerlinks.engine import ContainerConfig, Engine

WEBAPP = "training/webapp"
POSTGRES = "training/postgres"


def test_ps_rows_for_exited_and_linked_containers() -> None:
    engine = Engine.new(profile="modern", seed=11)
    engine, db = engine.run(ContainerConfig(POSTGRES, name="db"))
    engine, web = engine.run(ContainerConfig(WEBAPP, name="web", links=("db:db",)))
    engine, _ = engine.stop("web", exit_code=137)
    session = Session(engine)
    rows = docker(session, ["ps", "-a", "--no-trunc"])[1].stdout.splitlines()
    assert "Exited (137) Less than a second ago" in rows[1]
    assert rows[1].startswith(web.id)
    # --no-trunc shows every name of a container, link names included (formatter Names()).
    assert rows[2].endswith("db,web/db")
    quiet = docker(session, ["ps", "-a", "-q"])[1].stdout.splitlines()
    assert quiet == [web.short_id, db.short_id]
