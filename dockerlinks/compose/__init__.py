"""Checking and rendering compose-like files: ``dockerlinks check`` and ``dockerlinks render``.

Input: a mapping with ``services.<name>`` (``image``, ``container_name``, ``hostname``,
``ports`` in short and long syntax, ``expose``, ``links``, ``external_links``,
``environment``, ``env_file``, ``depends_on``), given as Python data or loaded from YAML / JSON
text with :func:`load_compose_text` (which also finds the YAML 1.1 base-60 trap).

Problem codes and severities (details in :mod:`dockerlinks.compose.problems`)::

    error    yaml-sexagesimal, invalid-field, invalid-port, invalid-link, invalid-name,
             unknown-link-target, link-cycle, duplicate-container-name, port-conflict,
             env-prefix-collision
    warning  secret-exposed-via-link, env-too-large, portability

Errors are what makes Docker or Compose refuse the file, or makes a container silently get
something else than written (a second link ignored, colliding link variables, a port read as
another number). Warnings are legal configurations that deserve a look.

>>> from dockerlinks.compose import check, load_compose_text
>>> doc = load_compose_text('''
... services:
...   ssh:
...     image: sshd
...     ports:
...       - 22:22
... ''')
>>> for problem in check(doc):
...     print(problem)  # doctest: +NORMALIZE_WHITESPACE
services.ssh.ports[0]: error[yaml-sexagesimal]: unquoted 22:22 (line 6, column 9) is the
base-60 number 1342 in YAML 1.1 (PyYAML, docker-compose v1) and the text "22:22" in YAML 1.2
(Compose v2): quote it: "22:22"
"""

from __future__ import annotations

from dockerlinks.compose.check import ENV_ENTRY_LIMIT, ENV_TOTAL_LIMIT, check
from dockerlinks.compose.load import ComposeFile, SexagesimalScalar, load_compose_text
from dockerlinks.compose.problems import (
    CODES,
    ComposeCheckError,
    ComposeError,
    Problem,
    Severity,
)
from dockerlinks.compose.render import RenderedService, Rendering, render
from dockerlinks.compose.secrets import looks_secret

__all__ = [
    "CODES",
    "ENV_ENTRY_LIMIT",
    "ENV_TOTAL_LIMIT",
    "ComposeCheckError",
    "ComposeError",
    "ComposeFile",
    "Problem",
    "RenderedService",
    "Rendering",
    "Severity",
    "SexagesimalScalar",
    "check",
    "load_compose_text",
    "looks_secret",
    "render",
]
