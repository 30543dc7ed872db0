"""Turn one HTTP response into one page of jobs, or into the right typed error.

The body is decoded once (`_json.loads`: orjson, with a careful fallback) and each job goes
through the generated `Job.from_dict`, or stays a dict in raw mode. Anything that is not a jobs
page becomes MalformedResponseError with the status, the request id, the cursor and an excerpt:
never a bare KeyError, TypeError, RecursionError or JSONDecodeError.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from typing import Any

import httpx
from ionq_jobs_api.models import Job

from . import _json
from ._pagination import JobsPage
from ._query import url_text_problem
from .errors import REQUEST_ID_HEADER, MalformedResponseError, error_from_response, excerpt_of


def decode_page(
    response: httpx.Response, cursor: str | None, now: Callable[[], float] = time.time
) -> tuple[dict[str, Any], list[Any], str | None]:
    """(body, raw jobs, next cursor) of a successful response; the typed error otherwise."""
    try:
        body = _json.loads(response.content)
    except _json.HostileJSON as exc:  # malformed whatever the status (an error body too)
        raise _malformed(response, cursor, str(exc)) from None
    except ValueError as exc:
        if response.is_success:
            raise _malformed(response, cursor, str(exc)) from None
        body = None  # an HTML 503, an empty 429: the status says what happened
    if not response.is_success:
        raise error_from_response(response, cursor=cursor, now=now, decoded=body)
    if not isinstance(body, dict):
        raise _malformed(response, cursor, "expected a JSON object with 'jobs' and 'next'")
    jobs = body.get("jobs")
    if not isinstance(jobs, list):
        raise _malformed(response, cursor, f"'jobs' must be a list, got {_kind(jobs)}")
    if "next" not in body:
        raise _malformed(response, cursor, "'next' is missing (it is null on the last page)")
    next_cursor = body["next"]
    if next_cursor is not None and not isinstance(next_cursor, str):
        kind = _kind(next_cursor)
        raise _malformed(response, cursor, f"'next' must be a string or null, got {kind}")
    if next_cursor:
        problem = url_text_problem(next_cursor)
        if problem:
            raise _malformed(response, cursor, f"'next' cannot be sent back: {problem}")
    return body, jobs, next_cursor or None


PageCheck = Callable[[dict[str, Any], JobsPage[Any]], None]


def page_from_response(
    response: httpx.Response,
    cursor: str | None,
    raw: bool,
    now: Callable[[], float] = time.time,
    check: PageCheck | None = None,
) -> JobsPage[Any]:
    """The page of a response: the server's job dicts, or (raw=False) models made from them.
    `check` (the client's drift validation, when on) sees the decoded body first."""
    body, raw_jobs, next_cursor = decode_page(response, cursor, now)
    ids = _ids(raw_jobs, response, cursor)
    page = JobsPage(raw_jobs, next_cursor, cursor, response.headers.get(REQUEST_ID_HEADER), ids)
    if check is not None:
        check(body, page)
    if raw:
        return page
    return dataclasses.replace(page, jobs=[job_from_raw(job, page) for job in raw_jobs])


def job_from_raw(raw: dict[str, Any], page: JobsPage[Any]) -> Job:
    """One model; a failure becomes MalformedResponseError with the page's context. iter_jobs
    calls it as the caller reaches each job: a page of live models at once costs about a fifth
    more CPU in garbage collection."""
    try:
        return Job.from_dict(raw)
    except Exception as exc:  # the spec is tolerant: only a generator surprise lands here
        where = f"cursor {page.cursor!r}" if page.cursor else "first page"
        excerpt = excerpt_of(repr(raw).encode())
        raise MalformedResponseError(
            f"malformed jobs page: job {raw.get('id')!r} could not be read: {exc!r} "
            f"({where}, request id {page.request_id})",
            status_code=200,
            request_id=page.request_id,
            excerpt=excerpt,
            cursor=page.cursor,
        ) from exc


class _OpaqueId:
    """Stands for an id that is not a string: equal only to itself, so two such jobs are never
    merged as duplicates (`null`, `1`, `1.0` and `true` would otherwise compare equal)."""

    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value

    def __repr__(self) -> str:
        return f"<id {self.value!r}>"


def _ids(raw_jobs: list[Any], response: httpx.Response, cursor: str | None) -> list[Any]:
    """Each job's id. A job that is not an object with an id is not a job: the page is malformed.
    Ids that are not strings stay apart (see _OpaqueId)."""
    try:
        ids = [raw["id"] for raw in raw_jobs]
    except (TypeError, KeyError):
        index = next(
            i for i, raw in enumerate(raw_jobs) if not isinstance(raw, dict) or "id" not in raw
        )
        raise _malformed(
            response, cursor, f"job {index} of the page is not an object with an id"
        ) from None
    if set(map(type, ids)) - {str}:
        ids = [job_id if type(job_id) is str else _OpaqueId(job_id) for job_id in ids]
    return ids


def _kind(value: object) -> str:
    return "null" if value is None else type(value).__name__


def _malformed(response: httpx.Response, cursor: str | None, reason: str) -> MalformedResponseError:
    request_id = response.headers.get(REQUEST_ID_HEADER)
    excerpt = excerpt_of(response.content)
    context = [f"HTTP {response.status_code}", f"GET {response.request.url.path}"]
    context.append(f"cursor {cursor!r}" if cursor else "first page")
    if request_id:
        context.append(f"request id {request_id}")
    content_type = response.headers.get("content-type")
    if content_type:
        context.append(content_type.split(";")[0])
    return MalformedResponseError(
        f"malformed jobs page: {reason} ({', '.join(context)}); body starts: {excerpt!r}",
        status_code=response.status_code,
        request_id=request_id,
        excerpt=excerpt,
        cursor=cursor,
    )
