"""The CI forms of ``dockerlinks check`` (``compose.output``): SARIF 2.1.0, GitHub, JSON.

SARIF is checked two ways: against the official SARIF 2.1.0 JSON schema (OASIS,
oasis-tcs/sarif-spec ``sarif-2.1/schema/sarif-schema-2.1.0.json``; not stored here, as its
license is OASIS's IPR policy: point ``DOCKERLINKS_SARIF_SCHEMA`` at a copy to run that test),
and, always, for the fields GitHub code scanning reads (docs.github.com, "SARIF support for
code scanning": ``version``, ``runs[].tool.driver.name`` and ``rules[].id``,
``results[].ruleId``, ``message.text``, ``locations[].physicalLocation.artifactLocation.uri``
and ``region.startLine``).
"""

from __future__ import annotations

import json
import os
import re
import urllib.parse
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dockerlinks.compose.output import (
    FORMATS,
    SARIF_SCHEMA,
    artifact_uri,
    error_json,
    render_problems,
)
from dockerlinks.compose.problems import CODES, Problem

# RFC 3986 URI reference characters: unreserved, sub-delims, ":", "@", "/", "?", "#", "%XX"
_URI = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#]|%[0-9A-F]{2})*\Z")

PROBLEMS = st.builds(
    Problem,
    st.sampled_from(sorted(CODES)),
    st.just("error"),
    st.text(max_size=20),
    st.text(max_size=40),
    file=st.one_of(st.none(), st.text(min_size=1, max_size=20)),
    line=st.integers(0, 10_000),
    column=st.integers(0, 500),
).map(
    lambda p: Problem(
        p.code,
        CODES[p.code],
        p.path,
        p.message,
        file=p.file,
        line=p.line if p.file else 0,
        column=p.column if p.file else 0,
    )
)


def _github_fields(log: dict[str, Any]) -> None:
    assert log["version"] == "2.1.0"
    assert log["$schema"] == SARIF_SCHEMA
    [run] = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "dockerlinks"
    rules = [rule["id"] for rule in driver["rules"]]
    assert rules == list(CODES)
    for result in run["results"]:
        assert rules[result["ruleIndex"]] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note")
        assert isinstance(result["message"]["text"], str)
        assert result["message"]["text"]
        [location] = result["locations"]
        physical = location["physicalLocation"]
        assert _URI.match(physical["artifactLocation"]["uri"])
        region = physical["region"]
        assert region["startLine"] >= 1
        assert region.get("startColumn", 1) >= 1


@given(st.lists(PROBLEMS, max_size=6))
def test_sarif_has_what_github_code_scanning_reads(problems: list[Problem]) -> None:
    log = json.loads(render_problems(problems, "sarif", fallback="my app/compose.yaml"))
    _github_fields(log)
    assert len(log["runs"][0]["results"]) == len(problems)


@given(st.lists(PROBLEMS, max_size=6), st.sampled_from(FORMATS))
def test_every_form_keeps_one_problem_per_line_or_entry(problems: list[Problem], form: str) -> None:
    out = render_problems(problems, form)
    if form in ("json", "sarif"):
        json.loads(out)
    else:
        assert len(out.splitlines()) == len(problems) or not problems


def _schema() -> Any:
    where = os.environ.get("DOCKERLINKS_SARIF_SCHEMA")
    if not where or not Path(where).is_file():
        pytest.skip("DOCKERLINKS_SARIF_SCHEMA names no copy of sarif-schema-2.1.0.json")
    return json.loads(Path(where).read_text(encoding="utf-8"))


def test_sarif_is_valid_against_the_official_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = _schema()
    problems = [
        Problem(
            "port-conflict",
            "error",
            "services.a.ports[0]",
            "Bind failed",
            file="c.yaml",
            line=3,
            column=9,
        ),
        Problem("unresolved-variable", "info", "services.a.image", "not set"),
        Problem(
            "portability",
            "warning",
            "services.b.ports[1]",
            "x",
            file="a b/c.yaml",
            line=1,
            column=1,
        ),
    ]
    log = json.loads(render_problems(problems, "sarif", version="0.1.0"))
    jsonschema.validators.validator_for(schema)(schema).validate(log)
    empty = json.loads(render_problems([], "sarif"))
    jsonschema.validators.validator_for(schema)(schema).validate(empty)


def test_error_object_is_one_json_line() -> None:
    text = error_json("cannot read x", file="x", line=2, column=3)
    assert json.loads(text) == {
        "error": {"message": "cannot read x", "file": "x", "line": 2, "column": 3}
    }
    assert "\n" not in text


@given(st.text(st.characters(exclude_categories=["Cs"])))
def test_artifact_uri_encodes_as_urllib_quote(path: str) -> None:
    # the standard library's RFC 3986 encoder, with "/" kept: what the URI must be
    assert artifact_uri(path) == urllib.parse.quote(path, safe="/")


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("caf\udce9/compose.yaml", "caf%E9/compose.yaml"),  # the byte 0xE9, not UTF-8
        ("\ud800.yaml", "%ED%A0%80.yaml"),  # a lone surrogate, encoded as itself
        ("caf\udce9/\ud800", "caf%E9/%ED%A0%80"),  # each kind alike in one path
        ("a b/c~d_e-f.g", "a%20b/c~d_e-f.g"),
    ],
)
def test_artifact_uri_of_paths_that_are_not_utf_8(path: str, uri: str) -> None:
    assert artifact_uri(path) == uri
    assert _URI.match(artifact_uri(path))
