"""A model of the ``docker`` command line client, apart from the daemon it talks to.

What lives here: the CLI's flags and usage errors (:mod:`~dockerlinks.client.flags`), what
each command does and prints (:mod:`~dockerlinks.client.commands`), its output layouts
(:mod:`~dockerlinks.client.output`) and the state of one terminal session
(:mod:`~dockerlinks.client.session`). Every text comes from :mod:`dockerlinks.messages`, per
the profile's CLI release (``profile.cli``).

>>> from dockerlinks.client import Session, docker
>>> from dockerlinks.engine import Engine
>>> session = Session(Engine(profile="20.10"))
>>> argv = ["run", "-d", "--name", "web", "-p", "8080:5000", "training/webapp"]
>>> session, result = docker(session, argv)
>>> session, result = docker(session, ["port", "web"])
>>> print(result.stdout, end="")
5000/tcp -> 0.0.0.0:8080
5000/tcp -> :::8080

What this package must not know: the daemon's rules (it calls engine operations) and the
transcript format (:mod:`dockerlinks.transcript` replays transcripts through it).
"""

from dockerlinks.client.commands import HANDLERS, docker
from dockerlinks.client.flags import COMMANDS, ParsedArgs, parse_docker_args
from dockerlinks.client.session import Result, Session

__all__ = ["COMMANDS", "HANDLERS", "ParsedArgs", "Result", "Session", "docker", "parse_docker_args"]
