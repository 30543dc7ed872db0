"""Every fact of the spec that hand-written code keeps is pinned here, and each failure names the
place to update. (Facts derived at run time need no pin: the CSV/JSON columns come from the
generated `Job.JSON_FIELDS`, the CLI's --status values from the facade's JobStatus.)

After adding a status, a job field or a query parameter to openapi.yaml and `nox -s regen`, the
tests below say exactly which hand-written places must follow."""

from __future__ import annotations

from typing import Any

from ionq_jobs_api.models import Job

from ionq_facade import JobFilters, JobStatus
from ionq_facade.cli import _app, _table
from ionq_facade.cli._output import documented_fields
from ionq_facade.testing import _mock_data, _server

# facade / CLI name for each spec parameter whose name differs
FACADE_NAME = {"next": "cursor", "limit": "page_size"}
CLI_OPTION = {"next": "resume", "limit": "page_size", "status": "statuses", "target": "targets"}


def spec_enum(spec: dict[str, Any], name: str) -> list[str]:
    return list(spec["components"]["schemas"][name]["enum"])


def query_parameters(spec: dict[str, Any]) -> list[str]:
    return [p["name"] for p in spec["paths"]["/jobs"]["get"]["parameters"] if p["in"] == "query"]


def test_facade_job_status_has_every_documented_status(spec: dict[str, Any]) -> None:
    assert [s.value for s in JobStatus] == spec_enum(spec, "JobStatus"), (
        f"JobStatus {[s.value for s in JobStatus]} vs the spec's {spec_enum(spec, 'JobStatus')}: "
        "update JobStatus in ionq_facade/enums.py in the spec's order (keep the spec's enum in "
        "lifecycle order), and _TERMINAL if the status is final"
    )


def test_cli_status_choices_follow_the_facade_enum() -> None:
    status = next(p for p in _app.list_command.params if p.name == "statuses")
    assert JobStatus.allowed() in (status.help or ""), "the --status help comes from JobStatus"


def test_every_query_parameter_is_a_facade_filter(spec: dict[str, Any]) -> None:
    facade = set(JobFilters.__annotations__) | {"cursor"}
    for name in query_parameters(spec):
        assert FACADE_NAME.get(name, name) in facade, (
            f"query parameter {name!r}: add it to JobFilters (ionq_facade/_filters.py; its help "
            "is the annotation's text, the CLI's option follows) and to JobQuery "
            "(ionq_facade/_query.py; a test below says where)"
        )


def test_every_filter_is_checked_sent_and_matched() -> None:
    """A filter left out of JobQuery.matches let a write act on jobs a server that ignored it
    listed; nothing failed."""
    from dataclasses import fields

    from ionq_facade._query import _CHECKS, EQUAL_FILTERS, JobQuery

    own = {"ids", "status", "target", "page_size"}  # each with its own check and match
    where = "ionq_facade/_query.py"
    for name in set(JobFilters.__annotations__) - own:
        assert name in EQUAL_FILTERS, (
            f"filter {name!r}: when it keeps the jobs whose field {name!r} equals the value, add "
            f"it to EQUAL_FILTERS and as a field of JobQuery in {where}; otherwise give it a "
            "check in _CHECKS, an argument in JobQuery.request_kwargs and a test in "
            "JobQuery.matches (which keeps a write to the jobs its filters name), and add it to "
            "`own` in tests/contract/test_restated.py"
        )
        assert name in {f.name for f in fields(JobQuery)}, f"add {name!r} to JobQuery ({where})"
    assert set(_CHECKS) == set(JobFilters.__annotations__) - {"page_size"}


def test_every_query_parameter_is_a_cli_option(spec: dict[str, Any]) -> None:
    options = {p.name for p in _app.list_command.params}
    for name in query_parameters(spec):
        assert CLI_OPTION.get(name, name) in options, (
            f"query parameter {name!r}: add it to JobFilters (ionq_facade/_filters.py): "
            "filter_options in ionq_facade/cli/_app.py makes a text option of it"
        )


def test_the_mock_implements_every_filter(spec: dict[str, Any]) -> None:
    filters = set(_server.FILTERS) | {"limit", "next"}
    for name in query_parameters(spec):
        assert name in filters, (
            f"query parameter {name!r}: implement it in the mock (ionq_facade/testing/"
            "_server.py): one that keeps the jobs whose field of its name equals the value is one "
            "more name in MATCHED_FILTERS (test_single_value_filters then tests it); any other "
            "needs its test in MockIonQServer._matching, its name in FILTERS and a test of its own"
        )


def test_csv_columns_are_the_documented_fields_in_spec_order(spec: dict[str, Any]) -> None:
    properties = list(spec["components"]["schemas"]["Job"]["properties"])
    assert list(documented_fields()) == properties  # derived: nothing to update by hand
    assert tuple(properties) == Job.JSON_FIELDS, "generated/ is stale: run `nox -s regen`"


def test_table_and_summary_use_documented_fields(spec: dict[str, Any]) -> None:
    fields = set(spec["components"]["schemas"]["Job"]["properties"])
    for name in (*_table.TABLE_FIELDS, *_table.PRIORITY, *_table.NUMERIC):
        assert name in fields, f"{name!r} is not a job field: update ionq_facade/cli/_table.py"
    for name in ("status", "backend", "failure", "stats", "shots", "submitted_at"):
        assert name in fields, (
            f"{name!r} is read by Summary.add: update ionq_facade/cli/_summary.py"
        )


def test_cli_status_order_is_the_lifecycle_order() -> None:
    assert _table.status_order() == tuple(status.value for status in JobStatus)  # derived


def test_the_mocks_values_are_documented(spec: dict[str, Any]) -> None:
    where = "ionq_facade/testing/_mock_data.py"
    # a status the spec adds is not drawn until STATUS_WEIGHTS gives it a weight (and the mock
    # a place in its lifecycle): the mock stays consistent without an edit
    removed = set(_mock_data.STATUS_WEIGHTS) - set(spec_enum(spec, "JobStatus"))
    assert not removed, f"status(es) {sorted(removed)}: remove them from STATUS_WEIGHTS in {where}"
    assert set(_mock_data.NOISE_MODELS) <= set(spec_enum(spec, "NoiseModel")), (
        f"NOISE_MODELS in {where} has undocumented noise model(s)"
    )
    codes = {code for code, _ in _mock_data.FAILURES}
    assert codes <= set(spec_enum(spec, "FailureCode")), (
        f"FAILURES in {where} has undocumented failure code(s)"
    )


def test_the_mock_moves_every_active_status_on() -> None:
    """A status JobStatus calls active that the mock has no step for never moves on: a `wait`
    on such a job, against the mock, never ends."""
    from ionq_facade.testing import _resource

    stuck = sorted(set(_resource.ACTIVE) - set(_resource.STEPS))
    assert not stuck, (
        f"active status(es) {stuck} have no step: add them to STEPS in "
        "ionq_facade/testing/_resource.py (the status each goes on to, and after how long)"
    )


def test_help_lists_every_filter() -> None:
    from ionq_facade import AsyncJobsClient, JobsClient

    for client in (JobsClient, AsyncJobsClient):
        for method in ("get_page", "iter_pages", "iter_jobs"):
            doc = getattr(client, method).__doc__ or ""
            for name in JobFilters.__annotations__:
                assert f"{name}:" in doc, (
                    f"help({client.__name__}.{method}) must list {name!r}: "
                    "update the Filters section of its docstring in ionq_facade/_client.py"
                )


def test_every_operation_has_a_facade_call_and_a_mock_route(spec: dict[str, Any]) -> None:
    """A new operation in openapi.yaml: a plan in ionq_facade/_operations.py (calling its
    generated module) and a route in ionq_facade/testing/_server.py (`_allowed_methods`)."""
    import importlib

    from ionq_facade import _operations, _query
    from ionq_facade._published import operations_of

    for name in operations_of(spec):
        method, path = name.split(" ", 1)
        operation_id = spec["paths"][path][method.lower()]["operationId"]
        module = "".join("_" + c.lower() if c.isupper() else c for c in operation_id)
        generated = importlib.import_module(f"ionq_jobs_api.api.default.{module}")
        assert generated in (getattr(_operations, module, None), getattr(_query, module, None)), (
            f"{name} ({operation_id}): call `{module}.request_kwargs` from a plan in "
            "ionq_facade/_operations.py"
        )
        concrete = "/v0.4" + path.replace("{UUID}", "j-1").replace("{artifactId}", "a-1")
        assert method in _server._allowed_methods(concrete), (
            f"{name}: route it in ionq_facade/testing/_server.py (_allowed_methods and its handler)"
        )


def test_every_read_operation_is_answered_by_the_mock(spec: dict[str, Any]) -> None:
    """A route without its handler answers a plausible 404: each GET of the spec, asked of a
    completed job (and its probabilities artifact), is answered 200 and passes the mock's own
    contract check."""
    import httpx

    from ionq_facade._published import operations_of
    from ionq_facade.testing import MockIonQServer

    with MockIonQServer(jobs=30) as server:
        job = next(j for j in server.jobs if j["status"] == "completed" and j.get("results"))
        headers = {"Authorization": f"apiKey {server.api_key}"}
        for name in operations_of(spec):
            method, path = name.split(" ", 1)
            if method != "GET":
                continue
            url = server.base_url + path.replace("{UUID}", job["id"])
            url = url.replace("{artifactId}", "probabilities")
            answer = httpx.get(url, headers=headers)
            assert answer.status_code == 200, (
                f"{name}: the mock answered {answer.status_code}: give its route a handler in "
                "ionq_facade/testing/_server.py"
            )
        server.check()


def test_every_filter_option_reaches_the_facade() -> None:
    """Each option `filter_options` adds is a facade filter by the same name (or one of the
    listing's own), so a new one needs no edit of make_listing."""
    import click

    params = _app.filter_options(lambda **_: None).__click_params__  # type: ignore[attr-defined]
    values: dict[str, Any] = {}
    for param in params:
        if param.name == "statuses":
            values[param.name] = (JobStatus.FAILED.value,)
        elif isinstance(param.type, click.Choice):
            values[param.name] = param.type.choices[0]
        elif isinstance(param.type, click.types.IntParamType):
            values[param.name] = 1
        else:
            values[param.name] = ("x",) if param.multiple or param.nargs != 1 else "x"
    listing = _app.make_listing(**values)  # TypeError: the option is not a facade filter
    assert set(listing.filters) <= set(JobFilters.__annotations__)
