"""JobsClient and AsyncJobsClient: config, auth, transport and retries over the generated client.

Each facade client owns one generated `AuthenticatedClient`, hence one httpx connection pool.
Retries live in the transport (see `_retry`), so everything above sees one response per page.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, Self, TypeVar, Unpack, overload

import httpx
from ionq_jobs_api.client import AuthenticatedClient
from ionq_jobs_api.models import Job

from . import _pagination
from ._config import (
    AUTH_PREFIX,
    BASE_URL_ENV,
    DEFAULT_BASE_URL,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    base_url_from_env,
    check_base_url,
    check_timeout,
    resolve_api_key,
    user_agent,
)
from ._drift import DriftChecker, DriftReport, drift_validation
from ._fanout import merge_by_status, merge_newest_first
from ._pagination import CursorGuard, JobsPage
from ._parsing import PageCheck, job_from_raw, page_from_response
from ._query import JobFilters, JobQuery, check_count, check_cursor
from ._recording import Recorder
from ._retry import MAX_RESPONSE_BYTES, RetryPolicy
from ._transport import async_transports, sync_transports
from .enums import JobStatus
from .errors import (
    APIConnectionError,
    APITimeoutError,
    ClientClosedError,
    IonQError,
    MalformedResponseError,
)


def _generated_client(
    api_key: str | None,
    base_url: str | None,
    timeout: float,
    allow_insecure_http: bool,
    httpx_args: dict[str, Any],
) -> AuthenticatedClient:
    """Every setting checked before anything is built: a bad one fails here, not at a request."""
    url = check_base_url(
        base_url_from_env() if base_url is None else base_url,
        allow_insecure_http=allow_insecure_http,
        name="base_url" if base_url is not None else BASE_URL_ENV,
    )
    key = resolve_api_key(api_key)
    return AuthenticatedClient(
        base_url=url,
        token=key,
        prefix=AUTH_PREFIX,
        timeout=httpx.Timeout(check_timeout(timeout)),
        headers={"User-Agent": user_agent(), "Accept": "application/json"},
        httpx_args=httpx_args,
    )


def _policy(max_retries: int, retry_policy: RetryPolicy | None) -> RetryPolicy:
    check_count("max_retries", max_retries, minimum=0)
    if retry_policy is None:
        return RetryPolicy(max_retries=max_retries)
    return retry_policy


def _limit(query: JobQuery, max_items: int | None) -> int:
    """Ask for no more than the caller will take (same limit on every page of the listing)."""
    return query.page_size if max_items is None else max(1, min(query.page_size, max_items))


def _transport_error(exc: httpx.RequestError, cursor: str | None) -> IonQError:
    where = f"GET {exc.request.url.path}" if _has_request(exc) else "GET /jobs"
    page = f"cursor {cursor!r}" if cursor else "first page"
    if isinstance(exc, httpx.DecodingError):  # corrupt gzip/deflate, or past the size cap
        return MalformedResponseError(
            f"malformed jobs page: {exc} ({where}, {page})", status_code=None, cursor=cursor
        )
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(f"request timed out ({where}, {page}): {exc}", cursor=cursor)
    return APIConnectionError(
        f"connection failed ({where}, {page}): {type(exc).__name__}: {exc}", cursor=cursor
    )


def _has_request(exc: httpx.RequestError) -> bool:
    try:
        exc.request  # noqa: B018 - raises RuntimeError when httpx never built one
    except RuntimeError:
        return False
    return True


RawJob = dict[str, Any]
ValidateMode = Literal["off", "warn", "strict"]
VERIFY_PAGES = 5


def _listing(
    filters: JobFilters,
    cursor: str | None,
    *,
    max_items: int | None = None,
    max_pages: int | None = None,
) -> tuple[JobQuery, str | None]:
    """Every argument of a listing checked before any request: (query, cursor)."""
    query = JobQuery.build(**filters)
    if max_items is not None:
        check_count("max_items", max_items, minimum=0)
    if max_pages is not None:
        check_count("max_pages", max_pages, minimum=0)
    return query, check_cursor(cursor)


FILTERS_HELP = """

Filters (keyword arguments, all optional; checked before any request):
    ids: only these job ids (an iterable of strings; as many as fit one URL)
    parent_job_id: only the children of this job
    status: one status (a JobStatus or a string in any case)
    target: one backend, a comma-separated string, or an iterable of backends
    session_id: only jobs run inside this session
    submitter_id: only jobs this member of a shared project submitted
    page_size: jobs per request (sent as `limit`; default 100)
"""
_Method = TypeVar("_Method", bound=Callable[..., Any])


def _lists_filters(method: _Method) -> _Method:
    """`help(client.iter_jobs)` lists the filters that `**filters: Unpack[JobFilters]` hides."""
    method.__doc__ = inspect.cleandoc(method.__doc__ or "") + FILTERS_HELP
    return method


class _ClientBase:
    """What the sync and async clients share: settings, repr, the generated client."""

    _generated: AuthenticatedClient
    _policy: RetryPolicy
    _check: PageCheck | None
    base_url: str
    max_retries: int

    def _configure(
        self, generated: AuthenticatedClient, base_url: str, policy: RetryPolicy
    ) -> None:
        self._generated = generated
        self._policy = policy
        self.base_url = base_url.rstrip("/")
        self.max_retries = policy.max_retries

    def __repr__(self) -> str:  # never the key: it lives only in the generated client
        # getattr: a client whose __init__ raised half-way must still have a repr
        base_url = getattr(self, "base_url", None)
        max_retries = getattr(self, "max_retries", None)
        return f"{type(self).__name__}(base_url={base_url!r}, max_retries={max_retries})"

    def _page(self, response: httpx.Response, cursor: str | None, raw: bool) -> JobsPage[Any]:
        return page_from_response(response, cursor, raw, now=self._policy.now, check=self._check)

    def _verified(
        self,
        response: httpx.Response,
        cursor: str | None,
        checker: DriftChecker,
        guard: CursorGuard,
        recorder: Recorder | None,
    ) -> str | None:
        """One step of verify(): record the exchange, check the page (decoded once, through
        the same hook as `validate`), the next cursor."""
        if recorder is not None:
            recorder.add(response)

        def check(body: dict[str, Any], _page: JobsPage[Any]) -> None:
            checker.check_page(body)

        page = page_from_response(response, cursor, raw=True, now=self._policy.now, check=check)
        return guard.next_cursor(page)

    def _check_open(self, closed: bool) -> None:
        if closed:
            raise ClientClosedError(
                f"this {type(self).__name__} is closed (its `with` block ended or close() was "
                "called); make a new client"
            )

    @property
    def generated(self) -> AuthenticatedClient:
        """The generated client underneath (same pool), for `ionq_jobs_api.api` functions."""
        return self._generated


class JobsClient(_ClientBase):
    """List IonQ jobs. `with JobsClient() as client: for job in client.iter_jobs(): ...`

    The key comes from `api_key` or IONQ_API_KEY; the base URL from `base_url`, IONQ_BASE_URL,
    or IonQ's v0.4 URL (https is required except to loopback hosts). `max_retries=0` disables
    retries; `retry_policy` replaces the whole policy (tests pass one with a fake clock).

    Listing methods take `raw=True` to get the server's job dicts instead of models (the fastest
    way to export), and `prefetch=True` to fetch the next page while the caller works on this one.
    """

    def __init__(
        self,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        *,
        allow_insecure_http: bool = False,
        retry_policy: RetryPolicy | None = None,
        proxy: str | None = None,
        max_response_bytes: int = MAX_RESPONSE_BYTES,
        validate: ValidateMode = "off",
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._check = drift_validation(validate)
        policy = _policy(max_retries, retry_policy)
        max_bytes = check_count("max_response_bytes", max_response_bytes, minimum=1)
        args = sync_transports(policy, max_bytes, proxy, transport)
        generated = _generated_client(api_key, base_url, timeout, allow_insecure_http, args)
        self._http = generated.get_httpx_client()
        self._configure(generated, str(self._http.base_url), policy)

    @overload
    def get_page(
        self,
        *,
        cursor: str | None = None,
        raw: Literal[False] = False,
        **filters: Unpack[JobFilters],
    ) -> JobsPage[Job]: ...
    @overload
    def get_page(
        self, *, cursor: str | None = None, raw: Literal[True], **filters: Unpack[JobFilters]
    ) -> JobsPage[RawJob]: ...
    @_lists_filters
    def get_page(
        self, *, cursor: str | None = None, raw: bool = False, **filters: Unpack[JobFilters]
    ) -> JobsPage[Job] | JobsPage[RawJob]:
        """One page: the first, or the one `cursor` points at."""
        query, cursor = _listing(filters, cursor)
        return self._fetch(query, cursor, query.page_size, raw)

    @overload
    def iter_pages(
        self,
        *,
        cursor: str | None = None,
        max_pages: int | None = None,
        raw: Literal[False] = False,
        prefetch: bool = False,
        **filters: Unpack[JobFilters],
    ) -> Iterator[JobsPage[Job]]: ...
    @overload
    def iter_pages(
        self,
        *,
        cursor: str | None = None,
        max_pages: int | None = None,
        raw: Literal[True],
        prefetch: bool = False,
        **filters: Unpack[JobFilters],
    ) -> Iterator[JobsPage[RawJob]]: ...
    @_lists_filters
    def iter_pages(
        self,
        *,
        cursor: str | None = None,
        max_pages: int | None = None,
        raw: bool = False,
        prefetch: bool = False,
        **filters: Unpack[JobFilters],
    ) -> Iterator[JobsPage[Job]] | Iterator[JobsPage[RawJob]]:
        """Every page from `cursor` (default: the first) to the last, or `max_pages` of them."""
        query, cursor = _listing(filters, cursor, max_pages=max_pages)
        return _pagination.iter_pages(
            lambda at: self._fetch(query, at, query.page_size, raw), cursor, max_pages, prefetch
        )

    @overload
    def iter_jobs(
        self,
        *,
        cursor: str | None = None,
        max_items: int | None = None,
        raw: Literal[False] = False,
        prefetch: bool = False,
        **filters: Unpack[JobFilters],
    ) -> Iterator[Job]: ...
    @overload
    def iter_jobs(
        self,
        *,
        cursor: str | None = None,
        max_items: int | None = None,
        raw: Literal[True],
        prefetch: bool = False,
        **filters: Unpack[JobFilters],
    ) -> Iterator[RawJob]: ...
    @_lists_filters
    def iter_jobs(
        self,
        *,
        cursor: str | None = None,
        max_items: int | None = None,
        raw: bool = False,
        prefetch: bool = False,
        **filters: Unpack[JobFilters],
    ) -> Iterator[Job] | Iterator[RawJob]:
        """Every job of the listing, newest first, following cursors; `max_items` stops early."""
        query, cursor = _listing(filters, cursor, max_items=max_items)
        limit = _limit(query, max_items)
        pages = _pagination.iter_pages(
            lambda at: self._fetch(query, at, limit, raw=True), cursor, None, prefetch
        )
        return _pagination.iter_jobs(pages, max_items, None if raw else job_from_raw)

    def verify(
        self,
        *,
        pages: int = VERIFY_PAGES,
        record: str | Path | None = None,
        anonymize: bool = False,
        **filters: Unpack[JobFilters],
    ) -> DriftReport:
        """Check up to `pages` pages of the listing against what IonQ documents (read-only GETs).

        `report.conforms` is True when nothing deviates; `report.findings` groups deviations by
        (pointer, kind). `record=PATH` writes every exchange (never the key) for
        `MockIonQServer.from_recording`; `anonymize=True` replaces personal values there."""
        query, cursor = _listing(filters, None, max_pages=pages)
        checker, guard = DriftChecker(), CursorGuard(None)
        recorder = Recorder(anonymize) if record is not None else None
        try:
            for _ in range(pages):
                cursor = self._verified(self._send(query, cursor), cursor, checker, guard, recorder)
                if cursor is None:
                    break
        finally:
            if recorder is not None and record is not None:
                recorder.write(record)
        return checker.report()

    def _send(
        self, query: JobQuery, cursor: str | None, limit: int | None = None
    ) -> httpx.Response:
        self._check_open(self._http.is_closed)
        try:
            return self._http.request(**query.request_kwargs(cursor, limit))
        except httpx.RequestError as exc:
            raise _transport_error(exc, cursor) from exc

    def _fetch(self, query: JobQuery, cursor: str | None, limit: int, raw: bool) -> JobsPage[Any]:
        return self._page(self._send(query, cursor, limit), cursor, raw)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncJobsClient(_ClientBase):
    """The async twin of JobsClient: same arguments, async iterators, awaitable get_page.
    `prefetch=True` fetches the next page in an asyncio task."""

    def __init__(
        self,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        *,
        allow_insecure_http: bool = False,
        retry_policy: RetryPolicy | None = None,
        proxy: str | None = None,
        max_response_bytes: int = MAX_RESPONSE_BYTES,
        validate: ValidateMode = "off",
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._check = drift_validation(validate)
        policy = _policy(max_retries, retry_policy)
        max_bytes = check_count("max_response_bytes", max_response_bytes, minimum=1)
        args = async_transports(policy, max_bytes, proxy, transport)
        generated = _generated_client(api_key, base_url, timeout, allow_insecure_http, args)
        self._http = generated.get_async_httpx_client()
        self._configure(generated, str(self._http.base_url), policy)

    @overload
    async def get_page(
        self,
        *,
        cursor: str | None = None,
        raw: Literal[False] = False,
        **filters: Unpack[JobFilters],
    ) -> JobsPage[Job]: ...
    @overload
    async def get_page(
        self, *, cursor: str | None = None, raw: Literal[True], **filters: Unpack[JobFilters]
    ) -> JobsPage[RawJob]: ...
    @_lists_filters
    async def get_page(
        self, *, cursor: str | None = None, raw: bool = False, **filters: Unpack[JobFilters]
    ) -> JobsPage[Job] | JobsPage[RawJob]:
        """One page (awaitable): the first, or the one `cursor` points at."""
        query, cursor = _listing(filters, cursor)
        return await self._fetch(query, cursor, query.page_size, raw)

    @overload
    def iter_pages(
        self,
        *,
        cursor: str | None = None,
        max_pages: int | None = None,
        raw: Literal[False] = False,
        prefetch: bool = False,
        **filters: Unpack[JobFilters],
    ) -> AsyncIterator[JobsPage[Job]]: ...
    @overload
    def iter_pages(
        self,
        *,
        cursor: str | None = None,
        max_pages: int | None = None,
        raw: Literal[True],
        prefetch: bool = False,
        **filters: Unpack[JobFilters],
    ) -> AsyncIterator[JobsPage[RawJob]]: ...
    @_lists_filters
    def iter_pages(
        self,
        *,
        cursor: str | None = None,
        max_pages: int | None = None,
        raw: bool = False,
        prefetch: bool = False,
        **filters: Unpack[JobFilters],
    ) -> AsyncIterator[JobsPage[Job]] | AsyncIterator[JobsPage[RawJob]]:
        """Every page from `cursor` to the last, or `max_pages` of them (async iterator)."""
        query, cursor = _listing(filters, cursor, max_pages=max_pages)
        return _pagination.aiter_pages(
            lambda at: self._fetch(query, at, query.page_size, raw), cursor, max_pages, prefetch
        )

    @overload
    def iter_jobs(
        self,
        *,
        cursor: str | None = None,
        max_items: int | None = None,
        raw: Literal[False] = False,
        prefetch: bool = False,
        **filters: Unpack[JobFilters],
    ) -> AsyncIterator[Job]: ...
    @overload
    def iter_jobs(
        self,
        *,
        cursor: str | None = None,
        max_items: int | None = None,
        raw: Literal[True],
        prefetch: bool = False,
        **filters: Unpack[JobFilters],
    ) -> AsyncIterator[RawJob]: ...
    @_lists_filters
    def iter_jobs(
        self,
        *,
        cursor: str | None = None,
        max_items: int | None = None,
        raw: bool = False,
        prefetch: bool = False,
        **filters: Unpack[JobFilters],
    ) -> AsyncIterator[Job] | AsyncIterator[RawJob]:
        """Every job of the listing, newest first (async iterator); `max_items` stops early."""
        query, cursor = _listing(filters, cursor, max_items=max_items)
        limit = _limit(query, max_items)
        pages = _pagination.aiter_pages(
            lambda at: self._fetch(query, at, limit, raw=True), cursor, None, prefetch
        )
        return _pagination.aiter_jobs(pages, max_items, None if raw else job_from_raw)

    @overload
    def iter_jobs_by_status(
        self,
        *,
        statuses: Iterable[JobStatus | str] | None = None,
        max_items: int | None = None,
        raw: Literal[False] = False,
        newest_first: bool = False,
        **filters: Unpack[JobFilters],
    ) -> AsyncIterator[Job]: ...
    @overload
    def iter_jobs_by_status(
        self,
        *,
        statuses: Iterable[JobStatus | str] | None = None,
        max_items: int | None = None,
        raw: Literal[True],
        newest_first: bool = False,
        **filters: Unpack[JobFilters],
    ) -> AsyncIterator[RawJob]: ...
    def iter_jobs_by_status(
        self,
        *,
        statuses: Iterable[JobStatus | str] | None = None,
        max_items: int | None = None,
        raw: bool = False,
        newest_first: bool = False,
        **filters: Unpack[JobFilters],
    ) -> AsyncIterator[Job] | AsyncIterator[RawJob]:
        """Every job, listing each status (default: all six) with its own cursor, concurrently.

        Faster than `iter_jobs` when round trips dominate (a slow link, many pages), at a cost:
        every id is remembered to yield each job once (memory grows with the listing); a job
        whose status changes during the listing may be missed. By default jobs come grouped by
        page as pages arrive; `newest_first=True` merges the statuses into the API's order
        (newest first) instead, holding one page per status. Jobs are models, or dicts with
        `raw=True`. An error names the status it came from (in its notes) and cancels the other
        listings; there is no single cursor to resume from.
        """
        if "status" in filters:
            raise ValueError("iter_jobs_by_status lists by status itself; pass statuses=[...]")
        chosen = list(JobStatus) if statuses is None else [JobStatus.parse(s) for s in statuses]
        if not chosen:
            raise ValueError("statuses is empty; pass None for all statuses")
        base, _ = _listing(filters, None, max_items=max_items)
        queries = {status: dataclasses.replace(base, status=status) for status in chosen}

        def list_pages(status: JobStatus) -> AsyncIterator[JobsPage[Any]]:
            query = queries[status]
            return _pagination.aiter_pages(
                lambda at: self._fetch(query, at, query.page_size, raw=True), None, None
            )

        unique = sorted(set(chosen), key=chosen.index)
        merge = merge_newest_first if newest_first else merge_by_status
        return merge(unique, list_pages, max_items, None if raw else job_from_raw)

    async def verify(
        self,
        *,
        pages: int = VERIFY_PAGES,
        record: str | Path | None = None,
        anonymize: bool = False,
        **filters: Unpack[JobFilters],
    ) -> DriftReport:
        """The async twin of JobsClient.verify."""
        query, cursor = _listing(filters, None, max_pages=pages)
        checker, guard = DriftChecker(), CursorGuard(None)
        recorder = Recorder(anonymize) if record is not None else None
        try:
            for _ in range(pages):
                response = await self._send(query, cursor)
                cursor = self._verified(response, cursor, checker, guard, recorder)
                if cursor is None:
                    break
        finally:
            if recorder is not None and record is not None:
                recorder.write(record)
        return checker.report()

    async def _send(
        self, query: JobQuery, cursor: str | None, limit: int | None = None
    ) -> httpx.Response:
        self._check_open(self._http.is_closed)
        try:
            return await self._http.request(**query.request_kwargs(cursor, limit))
        except httpx.RequestError as exc:
            raise _transport_error(exc, cursor) from exc

    async def _fetch(
        self, query: JobQuery, cursor: str | None, limit: int, raw: bool
    ) -> JobsPage[Any]:
        return self._page(await self._send(query, cursor, limit), cursor, raw)

    async def close(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()


__all__ = ["DEFAULT_BASE_URL", "AsyncJobsClient", "JobsClient", "JobsPage"]
