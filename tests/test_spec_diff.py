"""`nox -s spec_diff`: IonQ's document against openapi.yaml, on small documents shaped like IonQ's
(OpenAPI 3.0 idioms), and once on the reference copy of IonQ's document."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ionq_facade._published import contract_from_document
from scripts.spec_diff import diff, diff_documents

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT.parent / "shared" / "reference" / "ionq-v0.4-openapi.json"


def ionq_shaped() -> dict[str, Any]:
    """A small document written the way IonQ writes theirs (3.0: nullable, allOf + nullable)."""
    ref = lambda name: {"$ref": f"#/components/schemas/{name}"}  # noqa: E731
    return {
        "openapi": "3.0.3",
        "paths": {"/jobs": {"get": {
            "parameters": [
                {"in": "query", "name": "ids",
                 "schema": {"type": "array", "items": {"type": "string"}}},
                {"in": "query", "name": "status", "schema": ref("JobStatus")},
                {"in": "query", "name": "limit", "schema": {"type": "integer", "format": "int32"}},
                {"in": "query", "name": "next", "schema": {"type": "string"}},
            ],
            "responses": {
                "200": {"content": {"application/json": {"schema": ref("GetJobsResponse")}}},
                "429": {"description": "Too Many Requests"},
            },
        }}},
        "components": {"schemas": {
            "JobStatus": {"type": "string", "enum": ["submitted", "completed", "failed"]},
            "Failure": {
                "type": "object", "additionalProperties": False, "required": ["code", "message"],
                "properties": {"code": {"type": "string", "enum": ["InternalError"]},
                               "message": {"type": "string"}},
            },
            "BaseJob": {
                "type": "object", "additionalProperties": False,
                "required": ["id", "status", "name", "failure"],
                "properties": {
                    "id": {"type": "string"},
                    "status": ref("JobStatus"),
                    "name": {"type": "string", "nullable": True},
                    "shots": {"type": "integer", "format": "int32"},
                    "failure": {"allOf": [ref("Failure")], "nullable": True},
                },
            },
            "GetJobsResponse": {
                "type": "object", "additionalProperties": False, "required": ["jobs", "next"],
                "properties": {"jobs": {"type": "array", "items": ref("BaseJob")},
                               "next": {"type": "string", "nullable": True}},
            },
        }},
    }  # fmt: skip


def as_31(document: dict[str, Any]) -> dict[str, Any]:
    """A faithful OpenAPI 3.1 rewrite: `type: [T, "null"]`, `anyOf: [X, {type: null}]`."""
    rewritten = copy.deepcopy(document)
    job = rewritten["components"]["schemas"]["BaseJob"]["properties"]
    job["name"] = {"type": ["string", "null"]}
    job["failure"] = {"anyOf": [{"$ref": "#/components/schemas/Failure"}, {"type": "null"}]}
    page = rewritten["components"]["schemas"]["GetJobsResponse"]["properties"]
    page["next"] = {"type": ["string", "null"]}
    return rewritten


def compare(ours: dict[str, Any], theirs: dict[str, Any]) -> set[tuple[str, str]]:
    return {
        (d.where, d.what)
        for d in diff(contract_from_document(ours), contract_from_document(theirs))
        if not d.explained
    }


def test_identical_documents_differ_in_nothing() -> None:
    assert compare(ionq_shaped(), ionq_shaped()) == set()


def test_openapi_30_and_31_idioms_normalise_to_the_same() -> None:
    assert compare(as_31(ionq_shaped()), ionq_shaped()) == set()


def test_four_changes_are_exactly_four_unexplained_differences() -> None:
    theirs = ionq_shaped()
    operation = theirs["paths"]["/jobs"]["get"]
    operation["parameters"].append({"in": "query", "name": "sort", "schema": {"type": "string"}})
    theirs["components"]["schemas"]["JobStatus"]["enum"].append("zz-not-a-status")
    job = theirs["components"]["schemas"]["BaseJob"]
    del job["properties"]["name"]
    job["required"].remove("name")
    job["properties"]["shots"] = {"type": "string"}
    assert compare(ionq_shaped(), theirs) == {
        ("parameters.sort", "added"),
        ("parameters.status, job.status", "enum"),
        ("job.name", "removed"),
        ("job.shots", "type"),
    }


def test_a_listed_difference_is_explained_with_its_reason() -> None:
    ours = ionq_shaped()
    ours["x-spec-diff-ignore"] = [{"where": "responses", "what": "429", "reason": "not ours"}]
    del ours["paths"]["/jobs"]["get"]["responses"]["429"]
    (difference,) = diff(contract_from_document(ours), contract_from_document(ionq_shaped()))
    assert difference.explained
    assert difference.reason == "not ours"


def run_script(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "scripts" / "spec_diff.py"), *args],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip


@pytest.mark.skipif(
    not REFERENCE.exists(), reason="IonQ's reference document is not beside the repo"
)
def test_ionqs_published_document_is_fully_explained() -> None:
    result = run_script(str(REFERENCE))
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip().endswith("0 unexplained")


def test_offline_says_so_in_one_line(tmp_path: Path) -> None:
    result = run_script(str(tmp_path / "missing.json"))
    assert result.returncode == 2
    assert len(result.stdout.strip().splitlines()) == 1
    assert "cannot read" in result.stdout


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            '{"openapi": "3.0.0", "paths": {',
            "neither JSON nor YAML: expected the node content, but found '<stream end>' at line 1, "
            "column 32",
        ),
        ("[]", "not an OpenAPI document (no `paths` object)"),
        ('{"openapi": "3.0.0"}', "not an OpenAPI document (no `paths` object)"),
        ("[" * 100_000, "nested too deeply to read"),
    ],
    ids=["truncated", "a-list", "no-paths", "deep"],
)
def test_a_document_that_is_not_one_exits_2_in_one_line(
    tmp_path: Path, text: str, words: str
) -> None:
    """A truncated document was a yaml traceback and exit 1; `[]` was read as a document with
    no operations, and every difference was unexplained."""
    path = tmp_path / "doc.json"
    path.write_text(text)
    result = run_script(str(path))
    assert result.returncode == 2
    assert result.stdout.startswith(f"spec_diff: cannot read {path} ({words}")
    assert len(result.stdout.splitlines()) == 1
    assert "Traceback" not in result.stderr


def with_cost_operation(document: dict[str, Any], unit: dict[str, Any]) -> dict[str, Any]:
    document = copy.deepcopy(document)
    cost = {"type": "object", "properties": {"dry_run": {"type": "boolean"}, "unit": unit}}
    document["paths"]["/jobs/{UUID}/cost"] = {"get": {"responses": {
        "200": {"content": {"application/json": {"schema": cost}}}}}}  # fmt: skip
    return document


def test_every_operation_is_compared_and_named() -> None:
    ours = with_cost_operation(ionq_shaped(), {"type": "string"})
    theirs = with_cost_operation(ionq_shaped(), {"type": "string", "enum": ["usd"]})
    del theirs["paths"]["/jobs"]["get"]
    theirs["paths"]["/jobs"]["delete"] = ours["paths"]["/jobs"]["get"]  # only IonQ's: named
    found = {(d.operation, d.where, d.what, d.explained) for d in diff_documents(ours, theirs)}
    assert found == {
        ("GET /jobs", "operation", "missing", False),
        ("DELETE /jobs", "operation", "added", False),  # IonQ's new operation was not seen
        ("GET /jobs/{UUID}/cost", "body.unit", "enum", False),
    }
    ours["x-spec-diff-ignore"] = [
        {"operation": "DELETE /jobs", "where": "operation", "what": "added", "reason": "r"}
    ]
    [added] = [d for d in diff_documents(ours, theirs) if d.what == "added"]
    assert (added.explained, added.reason) == (True, "r")


def test_an_explanation_naming_an_operation_applies_to_it_only() -> None:
    ours = with_cost_operation(ionq_shaped(), {"type": "string"})
    ours["paths"]["/jobs"]["get"]["responses"].pop("429")
    ours["paths"]["/jobs/{UUID}/cost"]["get"]["responses"]["429"] = {"description": "limit"}
    ours["x-spec-diff-ignore"] = [
        {"operation": "GET /jobs/{UUID}/cost", "where": "responses", "what": "429", "reason": "r"}
    ]
    theirs = with_cost_operation(ionq_shaped(), {"type": "string"})
    differences = {(d.operation, d.explained) for d in diff_documents(ours, theirs)}
    assert differences == {("GET /jobs", False), ("GET /jobs/{UUID}/cost", True)}
