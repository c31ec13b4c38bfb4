"""The output forms of ``dockerlinks check``: text, JSON, GitHub annotations, SARIF 2.1.0.

What lives here: turning a list of problems into the text each CI consumer reads. Pure: it
must not print, read files or know how problems are found. Forms::

    form     shape
    -------  -------------------------------------------------------------------------
    text     file:line:col: severity[code]: path: message (path first when no position);
             control characters escaped
    json     {"problems": [{code, severity, path, message, file?, line?, column?}]}
    github   ::error file=F,line=L,col=C,title=CODE::MESSAGE (workflow commands; control
             characters escaped as in text, "%" as %25, and ":" "," in properties as
             %3A %2C)
    sarif    SARIF 2.1.0 (OASIS), one run of the tool "dockerlinks": a rule per code,
             a result per problem with its physical location (GitHub code scanning)
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from dockerlinks.compose.model import escape_controls
from dockerlinks.compose.problems import CODES, Problem

__all__ = ["FORMATS", "SARIF_SCHEMA", "artifact_uri", "error_json", "render_problems"]

FORMATS = ("text", "json", "github", "sarif")
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _text(problems: Sequence[Problem]) -> str:
    return "\n".join(escape_controls(problem.located()) for problem in problems)


def _github_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


def _github(problems: Sequence[Problem], fallback: str) -> str:
    lines = []
    for problem in problems:
        file = escape_controls(problem.file or fallback)
        props = [f"file={_github_property(file)}"]
        if problem.line:
            props.append(f"line={problem.line}")
            props.append(f"col={problem.column}")
        props.append(f"title={_github_property(problem.code)}")
        lines.append(
            f"::{_GITHUB_LEVEL[problem.severity]} {','.join(props)}::"
            f"{_github_data(escape_controls(problem.path + ': ' + problem.message))}"
        )
    return "\n".join(lines)


def artifact_uri(path: str) -> str:
    """A file path as a SARIF ``artifactLocation.uri``: a URI reference (RFC 3986), so every
    character outside the unreserved ones and ``/`` is percent-encoded (a space is ``%20``);
    a relative path stays relative (GitHub code scanning reads it from the repository root).

    >>> artifact_uri("my app/compose.yaml"), artifact_uri("/srv/c.yaml")
    ('my%20app/compose.yaml', '/srv/c.yaml')

    The encoding is ``urllib.parse.quote(path, safe="/")``'s (UTF-8, upper-case hex digits),
    without importing urllib (start-up); a path holding bytes that are not UTF-8 (decoded
    with ``surrogateescape``, as the command line decodes paths) has those bytes encoded.
    """
    if type(path) is str and path.isascii() and not path.strip(_URI_SAFE):
        return path
    try:
        data = path.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate that stands for no byte: encoded as itself
        data = b"".join(_char_bytes(char) for char in path)
    return "".join(_URI_BYTES[byte] for byte in data)


def _char_bytes(char: str) -> bytes:
    """One character's bytes: UTF-8, a byte the command line decoded with surrogateescape,
    or a lone surrogate's own three bytes."""
    try:
        return char.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return char.encode("utf-8", "surrogatepass")


#: Characters a URI path keeps as they are: RFC 3986 unreserved ones, and "/"
_URI_SAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/"
_URI_BYTES = tuple(chr(b) if chr(b) in _URI_SAFE else f"%{b:02X}" for b in range(256))


def _sarif(problems: Sequence[Problem], fallback: str, version: str) -> dict[str, Any]:
    rules = [
        {
            "id": code,
            "name": code,
            "shortDescription": {"text": code.replace("-", " ")},
            "defaultConfiguration": {"level": _SARIF_LEVEL[severity]},
        }
        for code, severity in CODES.items()
    ]
    index = {code: n for n, code in enumerate(CODES)}
    results = []
    for problem in problems:
        region: dict[str, int] = {"startLine": max(problem.line, 1)}
        if problem.column:
            region["startColumn"] = problem.column
        results.append(
            {
                "ruleId": problem.code,
                "ruleIndex": index[problem.code],
                "level": _SARIF_LEVEL[problem.severity],
                "message": {"text": f"{problem.path}: {problem.message}"},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": artifact_uri(problem.file or fallback)},
                            "region": region,
                        }
                    }
                ],
            }
        )
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "dockerlinks",
                        "version": version,
                        "informationUri": "https://pypi.org/project/dockerlinks/",
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }


def render_problems(
    problems: Sequence[Problem], form: str, *, fallback: str = "compose.yaml", version: str = "0"
) -> str:
    """The problems in one of :data:`FORMATS`; ``fallback`` is the file named for problems
    without a position.

    >>> p = Problem("invalid-port", "error", "services.web.ports[0]", "bad", file="c.yaml",
    ...             line=3, column=9)
    >>> print(render_problems([p], "github"))
    ::error file=c.yaml,line=3,col=9,title=invalid-port::services.web.ports[0]: bad
    """
    if form == "text":
        return _text(problems)
    if form == "json":
        return json.dumps({"problems": [p.to_dict() for p in problems]}, indent=2)
    if form == "github":
        return _github(problems, fallback)
    if form == "sarif":
        return json.dumps(_sarif(problems, fallback, version), indent=2)
    raise ValueError(f"unknown format {form!r}")


def error_json(message: str, *, file: str | None = None, line: int = 0, column: int = 0) -> str:
    """The JSON object printed on stdout with exit status 2 in the JSON form.

    >>> error_json("cannot read x", file="x")
    '{"error": {"message": "cannot read x", "file": "x"}}'
    """
    error: dict[str, Any] = {"message": message}
    if file is not None:
        error["file"] = file
        if line:
            error.update(line=line, column=column)
    return json.dumps({"error": error})
