"""The spec, the generated client and the facade agree on the query parameters of GET /jobs.

Renaming or adding a parameter in openapi.yaml without regenerating and updating the facade
fails here."""

from __future__ import annotations

import inspect
import typing
from typing import Any

import pytest
from ionq_jobs_api.api.default import get_jobs

from ionq_facade import AsyncJobsClient, JobFilters, JobsClient

# facade argument for each spec parameter whose name differs (the cursor and the page size)
FACADE_NAME = {"next": "cursor", "limit": "page_size"}
# openapi-python-client's name for each spec parameter that is a Python keyword or builtin
GENERATED_NAME = {"next": "next_"}


def spec_parameters(spec: dict[str, Any]) -> list[str]:
    return [p["name"] for p in spec["paths"]["/jobs"]["get"]["parameters"] if p["in"] == "query"]


def test_generated_function_parameters_match_the_spec(spec: dict[str, Any]) -> None:
    for function in (
        get_jobs.sync,
        get_jobs.sync_detailed,
        get_jobs.asyncio,
        get_jobs.asyncio_detailed,
    ):
        params = set(inspect.signature(function).parameters) - {"client"}
        assert params == {GENERATED_NAME.get(n, n) for n in spec_parameters(spec)}, function


@pytest.mark.parametrize("client_class", [JobsClient, AsyncJobsClient])
@pytest.mark.parametrize("method", ["iter_jobs", "iter_pages", "get_page"])
def test_every_facade_filter_reaches_every_facade_method(client_class: type, method: str) -> None:
    """Each method takes `**args: Unpack[...]` of a TypedDict extending JobFilters with the
    cursor, so what JobFilters has, every method has. (That JobFilters has every spec parameter
    is one test, with the place to edit:
    tests/contract/test_restated.py::test_every_query_parameter_is_a_facade_filter.)"""
    signature = inspect.signature(getattr(client_class, method))
    (args,) = [p for p in signature.parameters.values() if p.kind is p.VAR_KEYWORD]
    hints = typing.get_type_hints(getattr(client_class, method), include_extras=True)
    (accepted,) = typing.get_args(hints[args.name])  # **args: Unpack[PageArgs...]
    assert JobFilters in accepted.__mro__ or set(JobFilters.__annotations__) <= set(
        accepted.__annotations__
    )
    assert FACADE_NAME["next"] in accepted.__annotations__


def test_facade_filters_are_all_in_the_spec(spec: dict[str, Any]) -> None:
    in_spec = {FACADE_NAME.get(n, n) for n in spec_parameters(spec)}
    assert set(JobFilters.__annotations__) <= in_spec
