"""Problems found in a compose-like file: the value, the codes, their severities.

Every problem has a stable ``code``, a ``severity`` (``"error"`` or ``"warning"``), a ``path``
into the document (``services.web.ports[1]``) and a one-line ``message``. The codes and their
severities::

    code                       severity  meaning
    -------------------------  --------  ---------------------------------------------------
    yaml-sexagesimal           error     an unquoted port such as 22:22 that YAML 1.1 reads
                                         as a base-60 number (1342)
    invalid-field              error     a field of the wrong type or shape (a service that
                                         is not a mapping, ports that are not a list, ...)
    invalid-port               error     a ports / expose entry Docker refuses
    invalid-link               error     a links / external_links entry Docker refuses
    invalid-name               error     a container_name, hostname or service name Docker
                                         refuses
    unknown-link-target        error     links or depends_on names a service the file does
                                         not define
    link-cycle                 error     services that link to (or depend on) each other
                                         in a circle
    duplicate-container-name   error     two services with the same container_name
    port-conflict              error     two bindings of the same host port and protocol on
                                         overlapping addresses, or a host range too small
                                         for everyone sharing it
    env-prefix-collision       error     two links of one service whose aliases give the
                                         same variable prefix (my-db and my_db: MY_DB_)
    secret-exposed-via-link    warning   a secret-looking variable of a linked service
                                         reaches the recipient as ALIAS_ENV_NAME
    env-too-large              warning   the link environment passes what exec can take
    portability                warning   a port form other Docker tools read differently
    ports-with-shared-network  error     ports on a service whose network_mode is
                                         service:X or container:X (the daemon refuses:
                                         conflicting options)
    scale-fixed-port           error     a fixed host port on a service with several
                                         replicas (the second one cannot bind it)
    scale-container-name       error     container_name on a service with several
                                         replicas (Compose refuses)
    ephemeral-exhausted        error     more ephemeral host ports wanted than the
                                         daemon's range holds
    ports-with-host-network    warning   ports with network_mode: host (Docker discards
                                         them)
    link-alias-clash           warning   a link alias that is another service's name on
                                         the project's network (DNS answers with one)
    unresolved-variable        info      a variable used without a value (Compose
                                         substitutes "")

Paths: ``services.<name>`` then the field, list items as ``[index]``, mapping keys after a
dot. A service name that is not made of letters, digits, ``_`` and ``-`` is written in
brackets as a JSON string: ``services["my.app"].ports[0]``.
"""

from __future__ import annotations

import json
import re
from typing import Literal, TypeAlias

import attrs

from dockerlinks.errors import ComposeCheckError, ComposeError

__all__ = [
    "CODES",
    "ComposeCheckError",
    "ComposeError",
    "Problem",
    "Severity",
    "service_path",
]

Severity: TypeAlias = Literal["error", "warning", "info"]

#: Every code, in the order problems of one place are listed, with its severity.
CODES: dict[str, Severity] = {
    "yaml-sexagesimal": "error",
    "invalid-field": "error",
    "invalid-port": "error",
    "invalid-link": "error",
    "invalid-name": "error",
    "unknown-link-target": "error",
    "link-cycle": "error",
    "duplicate-container-name": "error",
    "port-conflict": "error",
    "env-prefix-collision": "error",
    "secret-exposed-via-link": "warning",
    "env-too-large": "warning",
    "portability": "warning",
    "ports-with-shared-network": "error",
    "scale-fixed-port": "error",
    "scale-container-name": "error",
    "ephemeral-exhausted": "error",
    "ports-with-host-network": "warning",
    "link-alias-clash": "warning",
    "unresolved-variable": "info",
}

_PLAIN_NAME = re.compile(r"[A-Za-z0-9_-]+\Z")


@attrs.frozen
class Problem:
    """One problem: ``str(problem)`` is the human line ``path: severity[code]: message``;
    ``file``, ``line`` and ``column`` (from 1) say where it was written, when known.

    >>> p = Problem("invalid-port", "error", "services.web.ports[0]", "invalid proto: icmp")
    >>> print(p)
    services.web.ports[0]: error[invalid-port]: invalid proto: icmp
    >>> p.to_dict()["code"]
    'invalid-port'
    >>> print(attrs.evolve(p, file="compose.yaml", line=4, column=9).located())
    compose.yaml:4:9: error[invalid-port]: services.web.ports[0]: invalid proto: icmp
    """

    code: str
    severity: Severity
    path: str
    message: str
    file: str | None = attrs.field(default=None, kw_only=True)
    line: int = attrs.field(default=0, kw_only=True)
    column: int = attrs.field(default=0, kw_only=True)

    def __str__(self) -> str:
        return f"{self.path}: {self.severity}[{self.code}]: {self.message}"

    def located(self) -> str:
        """The CI line ``file:line:col: severity[code]: path: message`` (the path alone in
        front when the position is not known)."""
        if self.file is None:
            return str(self)
        return (
            f"{self.file}:{self.line}:{self.column}: {self.severity}[{self.code}]: "
            f"{self.path}: {self.message}"
        )

    def to_dict(self) -> dict[str, str | int]:
        """The JSON object of ``dockerlinks check --json`` (``file``, ``line`` and
        ``column`` only when known)."""
        out: dict[str, str | int] = {
            "code": self.code,
            "severity": self.severity,
            "path": self.path,
            "message": self.message,
        }
        if self.file is not None:
            out.update(file=self.file, line=self.line, column=self.column)
        return out


def service_path(name: str) -> str:
    """The path of one service.

    >>> service_path("web")
    'services.web'
    >>> service_path("my.app")
    'services["my.app"]'
    """
    if _PLAIN_NAME.match(name):
        return f"services.{name}"
    return f"services[{json.dumps(name)}]"
