"""What tests take from the spec instead of writing its facts out by hand, so that adding a status,
a job field or a query parameter to openapi.yaml changes no test that does not care.

- `with_published_required(job)`: a hand-made job completed with a documented value for every
  field IonQ marks required (`x-published-required`) that it lacks, so a test of "a job as IonQ
  documents it" still conforms after IonQ adds a required field;
  `missing_published_required(jobs)` names the ones the mock's jobs lack.
- `sample_filters(chosen)`: a value for every facade filter (`JobFilters`), as asked and as sent:
  the values a test chose, and one drawn from the parameter's schema for any other filter.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ionq_facade._filters import JobFilters
from ionq_facade._published import LISTING, Field, ObjectRule, our_contracts
from ionq_facade.testing._mock_data import documented_value

# the spec's name for each facade filter whose name differs
SPEC_NAME = {"cursor": "next", "page_size": "limit"}
# (value asked of the facade, raw query values sent, the value openapi-core reads from them)
Sample = tuple[object, list[str], object]


def published_value(rule: Field) -> object:
    """A value IonQ documents for `rule` (not null: a test's "documented" value)."""
    return documented_value(dataclasses.replace(rule, nullable=False))


def with_published_required(job: dict[str, Any], rule: ObjectRule | None = None) -> dict[str, Any]:
    """`job` (changed in place and returned) with every published-required field it lacks."""
    rule = rule or our_contracts()[LISTING].job
    for name in sorted(rule.required - job.keys()):
        job[name] = published_value(rule.fields[name]) if name in rule.fields else None
    return job


def missing_published_required(jobs: list[dict[str, Any]]) -> list[str]:
    """The published-required job fields that some of `jobs` lack."""
    required = our_contracts()[LISTING].job.required
    return sorted({name for job in jobs for name in required - job.keys()})


# a test of what is sent, failing for a filter the spec added: one place says what to do
NOT_SENT_AS_ASKED = (
    "a filter was not sent as asked; for one the spec added, "
    "tests/contract/test_restated.py::test_every_filter_is_checked_sent_and_matched says where "
    "it goes (JobQuery in ionq_facade/_query.py)"
)


def sample_filters(chosen: dict[str, Sample]) -> tuple[dict[str, object], dict[str, list[str]],
                                                        dict[str, object]]:  # fmt: skip
    """(filters asked, raw query sent, query as the spec reads it) for every facade filter."""
    asked: dict[str, object] = {}
    raw: dict[str, list[str]] = {}
    parsed: dict[str, object] = {}
    for name in JobFilters.__annotations__:
        spec_name = SPEC_NAME.get(name, name)
        value, sent, read = chosen[name] if name in chosen else _sample(spec_name)
        asked[name], raw[spec_name], parsed[spec_name] = value, sent, read
    return asked, raw, parsed


def _sample(spec_name: str) -> Sample:
    rule = our_contracts()[LISTING].parameters[spec_name]
    if rule.enum:
        value = str(rule.enum[0])
        return value, [value], value
    if "integer" in rule.types:
        return 3, ["3"], 3
    if "string" in rule.types:
        return f"{spec_name}-1", [f"{spec_name}-1"], f"{spec_name}-1"
    raise AssertionError(
        f"query parameter {spec_name!r} of type {sorted(rule.types)}: "
        "say how a sample is sent in _sample in tests/spec_facts.py"
    )


_FIX = {
    "null": "list the field in the schema's x-published-nullable if IonQ documents null for it, "
    "else make the mock send a value (ionq_facade/testing/_mock_data.py)",
    "missing": "make the mock send the field (ionq_facade/testing/_mock_data.py), or drop it "
    "from x-published-required if IonQ does not require it",
    "unknown-value": "add the value to the enum (x-published-enum) if IonQ documents it, else "
    "make the mock draw a documented one",
    "undocumented": "add the field to the schema's properties, or stop the mock sending it",
}


def drift_advice(findings: list[Any]) -> str:
    """What a failing "the mock conforms" test says: each finding, and where a spec change that
    caused it is completed (openapi.yaml's x-published-* or the mock's data)."""
    lines = [
        f"{f.operation} {f.pointer}: {f.kind} x{f.count} (e.g. {', '.join(f.examples) or '-'}); "
        + _FIX.get(f.kind, "see openapi.yaml and ionq_facade/testing/_mock_data.py")
        for f in findings
    ]
    return "the mock's answers drift from openapi.yaml:\n" + "\n".join(lines)
