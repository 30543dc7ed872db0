"""Turn one HTTP response into one page of jobs, or into the right typed error.

The body is decoded once (`_json.loads`: orjson, with a careful fallback) and each job goes
through the generated `Job.from_dict`, or stays a dict in raw mode. Anything that is not a jobs
page becomes MalformedResponseError with the status, the request id, the cursor and an excerpt:
never a bare KeyError, TypeError, RecursionError or JSONDecodeError.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

import httpx
from ionq_jobs_api.models import Job

from ._pagination import JobsPage
from ._query import MAX_URL_CHARS, url_text_problem
from ._request import Reply, malformed
from .errors import MalformedResponseError, excerpt_of


def decode_page(reply: Reply, cursor: str | None) -> tuple[list[Any], str | None]:
    """(raw jobs, next cursor) of a decoded jobs page; MalformedResponseError otherwise."""
    body, response = reply.body, reply.response
    if not isinstance(body, dict):
        raise malformed(response, cursor, "expected a JSON object with 'jobs' and 'next'")
    jobs = body.get("jobs")
    if not isinstance(jobs, list):
        raise malformed(response, cursor, f"'jobs' must be a list, got {_kind(jobs)}")
    if "next" not in body:
        raise malformed(response, cursor, "'next' is missing (it is null on the last page)")
    next_cursor = body["next"]
    if next_cursor is not None and not isinstance(next_cursor, str):
        kind = _kind(next_cursor)
        raise malformed(response, cursor, f"'next' must be a string or null, got {kind}")
    if next_cursor:
        problem = url_text_problem(next_cursor, MAX_URL_CHARS)
        if problem:
            raise malformed(response, cursor, f"'next' cannot be sent back: {problem}")
    return jobs, next_cursor or None


PageCheck = Callable[[dict[str, Any], JobsPage[Any]], None]


def page_from_reply(
    reply: Reply, cursor: str | None, raw: bool, check: PageCheck | None = None
) -> JobsPage[Any]:
    """The page of a reply: the server's job dicts, or (raw=False) models made from them.
    `check` (the client's drift validation, when on) sees the decoded body first."""
    raw_jobs, next_cursor = decode_page(reply, cursor)
    ids = _ids(raw_jobs, reply.response, cursor)
    page = JobsPage(raw_jobs, next_cursor, cursor, reply.request_id, ids)
    if check is not None:
        check(reply.body, page)
    if raw:
        return page
    return dataclasses.replace(page, jobs=[job_from_raw(job, page) for job in raw_jobs])


ModelT = TypeVar("ModelT")


def model_from_raw(model: type[ModelT], raw: dict[str, Any]) -> ModelT:
    """A generated model of one job; a generator surprise is a MalformedResponseError."""
    try:
        return model.from_dict(raw)  # type: ignore[attr-defined,no-any-return]
    except Exception as exc:  # the spec is tolerant: only a generator surprise lands here
        raise _unreadable(raw, exc, None) from exc


def job_from_raw(raw: dict[str, Any], page: JobsPage[Any]) -> Job:
    """One model; a failure becomes MalformedResponseError with the page's context. iter_jobs
    calls it as the caller reaches each job: a page of live models at once costs about a fifth
    more CPU in garbage collection."""
    try:
        return Job.from_dict(raw)
    except Exception as exc:
        raise _unreadable(raw, exc, page) from exc


def _unreadable(raw: dict[str, Any], exc: Exception, page: JobsPage[Any] | None) -> Exception:
    text = f"job {raw.get('id')!r} could not be read: {exc!r}"
    cursor = request_id = None
    if page is not None:
        cursor, request_id = page.cursor, page.request_id
        where = f"cursor {cursor!r}" if cursor else "first page"
        text = f"malformed jobs page: {text} ({where}, request id {request_id})"
    excerpt = excerpt_of(repr(raw).encode())
    return MalformedResponseError(
        text, status_code=200, request_id=request_id, excerpt=excerpt, cursor=cursor
    )


def _ids(raw_jobs: list[Any], response: httpx.Response, cursor: str | None) -> list[str]:
    """Each job's id. A job that is not an object with a non-empty string id is not a job (it
    could be neither de-duplicated, fetched, cancelled nor deleted): the page is malformed."""
    try:
        ids = [raw["id"] for raw in raw_jobs]
    except (TypeError, KeyError):
        ids = [raw.get("id") if isinstance(raw, dict) else None for raw in raw_jobs]
    if set(map(type, ids)) - {str} or "" in ids:  # C-speed checks; the loop only to report
        index, job_id = next((i, v) for i, v in enumerate(ids) if type(v) is not str or not v)
        got = "an empty string" if job_id == "" else _kind(job_id)
        reason = f"job {index} of the page has no id (a non-empty string), got {got}"
        if not isinstance(raw_jobs[index], dict):
            reason = f"job {index} of the page is not an object, got {_kind(raw_jobs[index])}"
        raise malformed(response, cursor, reason)
    return ids


def _kind(value: object) -> str:
    return "null" if value is None else type(value).__name__
