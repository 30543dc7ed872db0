"""openapi.yaml is a valid OpenAPI 3.1 document and says what the foundation issue requires."""

from __future__ import annotations

import re
from typing import Any

import pytest
from ionq_jobs_api.models import JobStatus
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename

from tests.conftest import SPEC_PATH

ERROR_CODES = ["400", "401", "403", "404", "429", "500", "502", "503", "504"]


def deref(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """Follow local `$ref`s ("#/a/b") until a real node."""
    while "$ref" in node:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def operation(spec: dict[str, Any]) -> dict[str, Any]:
    return spec["paths"]["/jobs"]["get"]


def schema_validator(spec: dict[str, Any], schema: dict[str, Any]) -> OAS31Validator:
    """A validator for `schema` whose local refs resolve inside the spec."""
    return OAS31Validator({**schema, "components": spec["components"]})


def test_spec_is_valid_openapi_3_1() -> None:
    document, _ = read_from_filename(str(SPEC_PATH))
    assert document["openapi"].startswith("3.1")
    validate(document)  # raises with the offending path when invalid


def test_no_nullable_keyword() -> None:
    """OpenAPI 3.1 writes null as a type; openapi-core rejects null under `nullable: true`."""
    offending = [
        (number, line)
        for number, line in enumerate(SPEC_PATH.read_text().splitlines(), start=1)
        if re.match(r"\s*nullable\s*:", line)
    ]
    assert offending == []


def test_server_and_security(spec: dict[str, Any]) -> None:
    assert spec["servers"][0]["url"] == "https://api.ionq.co/v0.4"
    (requirement,) = operation(spec)["security"]
    (scheme_name,) = requirement
    scheme = spec["components"]["securitySchemes"][scheme_name]
    assert scheme == {**scheme, "type": "apiKey", "in": "header", "name": "Authorization"}


def test_every_query_parameter_of_the_docs_page(spec: dict[str, Any]) -> None:
    params = {p["name"]: p for p in operation(spec)["parameters"]}
    assert set(params) >= {  # the docs page's; IonQ may add more
        "ids", "parent_job_id", "status", "target", "session_id", "submitter_id", "limit", "next",
    }  # fmt: skip
    assert all(p["in"] == "query" for p in params.values())
    assert params["ids"]["schema"]["type"] == "array"
    assert params["ids"].get("explode", True) is True  # repeated ids= keys
    statuses = deref(spec, params["status"]["schema"])["enum"]
    assert len(statuses) == len(set(statuses))
    assert set(statuses) == {status.value for status in JobStatus}  # the generated enum
    assert params["target"]["schema"]["type"] == "string"  # one comma-separated string
    assert params["limit"]["schema"]["type"] == "integer"
    assert params["limit"]["schema"]["minimum"] == 1
    defaults = [name for name, p in params.items() if "default" in deref(spec, p["schema"])]
    assert defaults == [], "a query default is sent on every request by the generated client"


def test_response_shapes(spec: dict[str, Any]) -> None:
    responses = operation(spec)["responses"]
    page = deref(spec, responses["200"]["content"]["application/json"]["schema"])
    assert set(page["required"]) == {"jobs", "next"}
    assert page["properties"]["next"]["type"] == ["string", "null"]
    for code in ERROR_CODES:
        body = deref(spec, responses[code])["content"]["application/json"]["schema"]
        error = deref(spec, body)
        assert error.get("required", []) == [], code  # tolerant: a proxy's body is not IonQ's
        assert set(error["x-published-required"]) == {"statusCode", "error", "message"}, code


def test_job_schema_has_every_field(spec: dict[str, Any], seed_page: dict[str, Any]) -> None:
    job = spec["components"]["schemas"]["Job"]
    seed_fields = set(seed_page["jobs"][0])
    assert seed_fields <= set(job["properties"])
    assert "cost_model" in job["properties"]
    assert set(job["x-published-required"]) <= set(job["properties"])


def test_ids_are_not_declared_uuid(spec: dict[str, Any]) -> None:
    text = SPEC_PATH.read_text()
    assert "format: uuid" not in text


def test_200_example_is_the_seed_verbatim(spec: dict[str, Any], seed_page: dict[str, Any]) -> None:
    examples = operation(spec)["responses"]["200"]["content"]["application/json"]["examples"]
    assert examples["seed"]["value"] == seed_page


def all_examples(spec: dict[str, Any]) -> list[tuple[str, dict[str, Any], Any]]:
    """(where, schema, value) for every media-type example in the spec's responses."""
    found = []
    for code, response in operation(spec)["responses"].items():
        content = deref(spec, response)["content"]["application/json"]
        for name, example in content.get("examples", {}).items():
            found.append((f"{code}/{name}", content["schema"], example["value"]))
    return found


def test_spec_has_an_error_example(spec: dict[str, Any]) -> None:
    assert any(not where.startswith("200/") for where, _, _ in all_examples(spec))


def test_every_example_validates_against_its_schema(spec: dict[str, Any]) -> None:
    examples = all_examples(spec)
    assert examples
    for where, schema, value in examples:
        errors = [e.message for e in schema_validator(spec, schema).iter_errors(value)]
        assert errors == [], where


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("status", "zz-not-a-status"),
        ("cost_model", "zz-not-a-cost-model"),
        ("type", "zz-not-a-type"),
    ],
)
def test_response_schema_tolerates_new_values(
    spec: dict[str, Any], seed_page: dict[str, Any], field: str, value: str
) -> None:
    seed_page["jobs"][0][field] = value
    validator = schema_validator(spec, {"$ref": "#/components/schemas/JobsPage"})
    assert list(validator.iter_errors(seed_page)) == []


def test_request_status_stays_strict(spec: dict[str, Any]) -> None:
    (status,) = [p for p in operation(spec)["parameters"] if p["name"] == "status"]
    validator = schema_validator(spec, status["schema"])
    assert validator.is_valid("completed")
    assert not validator.is_valid("zz-not-a-status")


def test_free_form_fields_still_reject_non_objects(
    spec: dict[str, Any], seed_page: dict[str, Any]
) -> None:
    seed_page["jobs"][0]["stats"] = "not an object"
    validator = schema_validator(spec, {"$ref": "#/components/schemas/JobsPage"})
    assert not validator.is_valid(seed_page)
