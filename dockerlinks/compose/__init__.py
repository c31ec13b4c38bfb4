"""Checking and rendering compose-like files: ``dockerlinks check`` and ``dockerlinks render``.

A project as Compose loads it: :func:`load_project` (files through a :class:`MemoryFiles`
or the disk: :func:`load_from_disk`), then :func:`check` or :func:`render` it. One document
alone (a mapping, or text read with :func:`load_compose_text`) can be checked too.

Input of the one-document form: a mapping with ``services.<name>`` (``image``,
``container_name``, ``hostname``, ``ports`` in short and long syntax, ``expose``, ``links``,
``external_links``, ``environment``, ``env_file``, ``depends_on``), given as Python data or
loaded from YAML / JSON text with :func:`load_compose_text` (which also finds the YAML 1.1
base-60 trap).

Problem codes and severities (details in :mod:`dockerlinks.compose.problems`)::

    error    yaml-sexagesimal, invalid-field, invalid-port, invalid-link, invalid-name,
             unknown-link-target, link-cycle, duplicate-container-name, port-conflict,
             env-prefix-collision, ports-with-shared-network, scale-fixed-port,
             scale-container-name, ephemeral-exhausted
    warning  secret-exposed-via-link, env-too-large, portability,
             ports-with-host-network, link-alias-clash
    info     unresolved-variable (a loaded project)

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

import importlib
import sys
import types
from typing import Any

# name -> the module that defines it: loaded on first use (PEP 562), so that importing one
# module of the package (``dockerlinks check`` imports the checker, not the renderer) costs
# only what that module needs.
_EXPORTS: dict[str, str] = {
    "ENV_ENTRY_LIMIT": "dockerlinks.compose.check",
    "ENV_TOTAL_LIMIT": "dockerlinks.compose.check",
    "check": "dockerlinks.compose.check",
    "ComposeFile": "dockerlinks.compose.load",
    "SexagesimalScalar": "dockerlinks.compose.load",
    "load_compose_text": "dockerlinks.compose.load",
    "CODES": "dockerlinks.compose.problems",
    "ComposeCheckError": "dockerlinks.compose.problems",
    "ComposeError": "dockerlinks.compose.problems",
    "Problem": "dockerlinks.compose.problems",
    "Severity": "dockerlinks.compose.problems",
    "RenderedService": "dockerlinks.compose.render",
    "Rendering": "dockerlinks.compose.render",
    "render": "dockerlinks.compose.render",
    "looks_secret": "dockerlinks.compose.secrets",
    "Options": "dockerlinks.compose.project",
    "Project": "dockerlinks.compose.project",
    "load_project": "dockerlinks.compose.project",
    "MemoryFiles": "dockerlinks.compose.files",
    "load_from_disk": "dockerlinks.compose.disk",
}

__all__ = [
    "CODES",
    "ENV_ENTRY_LIMIT",
    "ENV_TOTAL_LIMIT",
    "ComposeCheckError",
    "ComposeError",
    "ComposeFile",
    "MemoryFiles",
    "Options",
    "Problem",
    "Project",
    "RenderedService",
    "Rendering",
    "Severity",
    "SexagesimalScalar",
    "check",
    "load_compose_text",
    "load_from_disk",
    "load_project",
    "looks_secret",
    "render",
]


class _Package(types.ModuleType):
    """This package's module type: ``check`` and ``render`` stay the functions when their
    submodules (of the same names) are imported, as they were when this package imported
    them eagerly (the import system sets a submodule's name on its package: kept off)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in ("check", "render") and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
