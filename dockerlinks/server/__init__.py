"""The engine model behind the Docker Engine API: a drop-in Docker daemon for tests.

What it must not know: Docker's rules (the engine answers); it decodes requests, holds the
engine behind a lock and encodes the answers.

``docker``, docker-py and anything else that speaks the Engine API talk to a
:class:`DockerServer` as to a daemon of the served profile's release: the engine model
(:mod:`dockerlinks.engine`) decides, the server words the answers as that daemon does.

================================  ===============================================
module                            owns
================================  ===============================================
:mod:`.wire`                      HTTP/1.1: reading requests, writing responses
:mod:`.routes`                    the route table and the API version prefix
:mod:`.decode`                    request bodies and queries -> model values
:mod:`.filters`                   ``GET /containers/json`` filters
:mod:`.documents`                 the JSON documents of the answers
:mod:`.streams`                   frames, log lines, a terminal's line editing
:mod:`.daemon`                    the engine behind a lock; waits, attaches, execs
:mod:`.hijack`                    attach and exec streams, streamed answers
:mod:`.handlers`                  one handler per route; errors as moby answers
:mod:`.setup`                     the served engine: profile, port range, images
:mod:`.server`                    sockets, threads, :class:`DockerServer`
:mod:`.dockerpy`                  what docker-py sends for ``containers.run``
================================  ===============================================

The core stays pure: this package is an adapter (it reads a clock, opens sockets, starts
threads), like the command line, and nothing in the core imports it.

>>> import docker  # doctest: +SKIP
>>> with DockerServer(profile="20.10") as server:  # doctest: +SKIP
...     client = docker.DockerClient(base_url=server.base_url)
...     web = client.containers.run("training/webapp", detach=True, ports={"5000/tcp": None})
"""

from __future__ import annotations

from dockerlinks.server.dockerpy import run_request
from dockerlinks.server.server import DockerServer, listen_address
from dockerlinks.server.setup import parse_image_lines, parse_port_range, served_engine

__all__ = [
    "DockerServer",
    "listen_address",
    "parse_image_lines",
    "parse_port_range",
    "run_request",
    "served_engine",
]
