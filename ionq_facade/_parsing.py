"""Turn one HTTP response into one page of jobs, or into the right typed error.

The body is decoded once (orjson) and each job goes through the generated `Job.from_dict`.
Anything that is not a jobs page becomes MalformedResponseError with the status, the request id,
the cursor and an excerpt: never a bare KeyError, TypeError or JSONDecodeError.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import orjson
from ionq_jobs_api.models import Job

from .errors import REQUEST_ID_HEADER, MalformedResponseError, error_from_response, excerpt_of


def decode_page(response: httpx.Response, cursor: str | None) -> tuple[list[Any], str | None]:
    """(raw jobs, next cursor) of a successful response; raises the typed error otherwise."""
    if not response.is_success:
        raise error_from_response(response, cursor=cursor)
    try:
        body = orjson.loads(response.content)
    except orjson.JSONDecodeError:
        try:  # orjson refuses integers beyond 64 bits, which are valid JSON
            body = json.loads(response.content)
        except ValueError:
            raise _malformed(response, cursor, "the body is not JSON") from None
    if not isinstance(body, dict):
        raise _malformed(response, cursor, "expected a JSON object with 'jobs' and 'next'")
    jobs = body.get("jobs")
    if not isinstance(jobs, list):
        raise _malformed(response, cursor, f"'jobs' must be a list, got {_kind(jobs)}")
    if "next" not in body:
        raise _malformed(response, cursor, "'next' is missing (it is null on the last page)")
    next_cursor = body["next"]
    if next_cursor is not None and not isinstance(next_cursor, str):
        raise _malformed(
            response, cursor, f"'next' must be a string or null, got {_kind(next_cursor)}"
        )
    return jobs, next_cursor or None


def build_jobs(raw_jobs: list[Any], response: httpx.Response, cursor: str | None) -> list[Job]:
    """Generated models for one page. Only a job without an id is fatal: it is not a job."""
    jobs = []
    for index, raw in enumerate(raw_jobs):
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
            raise _malformed(
                response, cursor, f"job {index} of the page is not an object with an id"
            )
        try:
            jobs.append(Job.from_dict(raw))
        except Exception as exc:  # the spec is tolerant; this is a generator surprise
            raise _malformed(
                response, cursor, f"job {raw['id']!r} could not be read: {type(exc).__name__}"
            ) from exc
    return jobs


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
