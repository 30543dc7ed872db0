"""JobsClient and AsyncJobsClient: config, auth, transport and retries over the generated client.

Each facade client owns one generated `AuthenticatedClient`, hence one httpx connection pool.
Retries live in the transport (see `_retry`), so everything above sees one response per page.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, Self, TypeVar, Unpack, overload

import httpx
from ionq_jobs_api.client import AuthenticatedClient
from ionq_jobs_api.models import Job, JobDetail

from . import _pagination
from ._config import (
    DEFAULT_BASE_URL,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    SettingNames,
    base_url_hint,
    resolve_settings,
    user_agent,
)
from ._drift import DriftChecker, DriftReport, drift_validation
from ._merge import amerged, merged
from ._operations import (
    Call,
    Plan,
    Report,
    artifact_plan,
    arun,
    cancel_plan,
    cost_plan,
    delete_plan,
    get_job_plan,
    results_plan,
    run,
    wait_plan,
)
from ._pagination import CursorGuard, JobsPage
from ._parsing import PageCheck, job_from_raw, model_from_raw, page_from_reply
from ._query import JobFilters, JobQuery, check_count, check_cursor, filter_help
from ._recording import Recorder
from ._request import Reply, asend, reply, send
from ._results import Artifact, JobCost, JobOutcome, JobResults, check_job_ids
from ._retry import MAX_RESPONSE_BYTES, RetryPolicy
from ._transport import async_transports, sync_transports
from ._window import Window, awindowed, windowed
from .errors import WaitTimeoutError


def _generated_client(
    api_key: str | None,
    base_url: str | None,
    timeout: float,
    allow_insecure_http: bool,
    httpx_args: dict[str, Any],
    names: SettingNames | None,
) -> AuthenticatedClient:
    """Every setting checked before anything is built: a bad one fails here, not at a request."""
    key, url, seconds = resolve_settings(api_key, base_url, timeout, allow_insecure_http, names)
    return AuthenticatedClient(
        base_url=url,
        token=key,
        timeout=httpx.Timeout(seconds),
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


RawJob = dict[str, Any]
WAIT_TIMEOUT = 3600.0  # seconds a wait_for_jobs may take in all, by default


def _wait_args(job_ids: Iterable[str], timeout: object) -> tuple[list[str], float]:
    ids = check_job_ids(job_ids)
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not 0 <= timeout < 1e9:
        raise ValueError(f"timeout must be a number of seconds >= 0, got {timeout!r}")
    return ids, float(timeout)


ValidateMode = Literal["off", "warn", "strict"]
VERIFY_PAGES = 5


Since = date | str | None  # a datetime or date (naive: UTC), or an ISO 8601 string
LISTING_ARGS = {
    "get_page": "cursor, raw",
    "iter_pages": "cursor, max_pages, raw, prefetch, since, until",
    "iter_jobs": "cursor, max_items, raw, prefetch, since, until",
    "verify": "pages, record, anonymize",
}


def _listing(
    method: str,
    filters: dict[str, Any],
    cursor: str | None,
    *,
    max_items: int | None = None,
    max_pages: int | None = None,
    since: Since = None,
    until: Since = None,
) -> tuple[JobQuery, str | None, Window | None]:
    """Every argument of a listing checked before any request: (query, cursor, window)."""
    try:
        query = JobQuery.build(**filters)
    except TypeError:
        unknown = ", ".join(sorted(set(filters) - set(JobFilters.__annotations__)))
        raise TypeError(
            f"{method}() got unexpected keyword argument(s) {unknown}; it takes "
            f"{LISTING_ARGS[method]} and the filters {', '.join(JobFilters.__annotations__)}"
        ) from None
    if max_items is not None:
        check_count("max_items", max_items, minimum=0)
    if max_pages is not None:
        check_count("max_pages", max_pages, minimum=0)
    window = Window.build(since, until, ("since", "until"))
    if cursor is not None and len(query.statuses) > 1:
        raise ValueError("cursor= resumes a listing of one status; several have one cursor each")
    return query, check_cursor(cursor), window


def _filters_text() -> str:
    lines = [f"    {name}: {text}" for name, text in filter_help().items()]
    return "\n\nFilters (keyword arguments, all optional; checked before any request):\n" + (
        "\n".join(lines)
    )


_Method = TypeVar("_Method", bound=Callable[..., Any])


def _lists_filters(method: _Method) -> _Method:
    """`help(client.iter_jobs)` lists the filters that `**filters: Unpack[JobFilters]` hides."""
    method.__doc__ = inspect.cleandoc(method.__doc__ or "") + _filters_text()
    return method


class _ClientBase:
    """What the sync and async clients share: settings, repr, the generated client, and turning
    a reply into what each operation returns."""

    _generated: AuthenticatedClient
    _policy: RetryPolicy
    _check: PageCheck | None
    _hint: str
    base_url: str
    max_retries: int

    def _configure(
        self, generated: AuthenticatedClient, base_url: str, policy: RetryPolicy
    ) -> None:
        self._generated = generated
        self._policy = policy
        self.base_url = base_url.rstrip("/")
        self.max_retries = policy.max_retries
        self._hint = base_url_hint(self.base_url)

    def __repr__(self) -> str:  # never the key: it lives only in the generated client
        # getattr: a client whose __init__ raised half-way must still have a repr
        base_url = getattr(self, "base_url", None)
        max_retries = getattr(self, "max_retries", None)
        return f"{type(self).__name__}(base_url={base_url!r}, max_retries={max_retries})"

    def _reply(self, response: httpx.Response, cursor: str | None, json: bool = True) -> Reply:
        return reply(response, cursor, json=json, now=self._policy.now, hint=self._hint)

    def _page(self, response: httpx.Response, cursor: str | None, raw: bool) -> JobsPage[Any]:
        return page_from_reply(self._reply(response, cursor), cursor, raw, check=self._check)

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

        page = page_from_reply(self._reply(response, cursor), cursor, raw=True, check=check)
        return guard.next_cursor(page)

    def _job(self, raw: dict[str, Any], typed: bool) -> JobDetail | RawJob:
        return model_from_raw(JobDetail, raw) if typed else raw

    def _waited(self, jobs: dict[str, Any], raw: bool) -> dict[str, Any]:
        return {k: v if raw or v is None else model_from_raw(Job, v) for k, v in jobs.items()}

    @staticmethod
    def _results_input(job: Any) -> str | dict[str, Any]:
        return job if isinstance(job, str | dict) else job.to_dict()

    @property
    def generated(self) -> AuthenticatedClient:
        """The generated client underneath (same pool, retries, deadline, body cap and proxies),
        for the `ionq_jobs_api.api` functions."""
        return self._generated


class JobsClient(_ClientBase):
    """List IonQ jobs. `with JobsClient() as client: for job in client.iter_jobs(): ...`

    The key comes from `api_key` or IONQ_API_KEY; the base URL from `base_url`, IONQ_BASE_URL,
    or IonQ's v0.4 URL (https is required except to loopback hosts). `max_retries=0` disables
    retries; `retry_policy` replaces the whole policy (tests pass one with a fake clock).

    Listing methods take `raw=True` to get the server's job dicts instead of models (the fastest
    way to export), and `prefetch=True` to fetch the next page while the caller works on this one.
    `setting_names` names the settings in error messages as the caller's user knows them (the
    CLI passes its option names).
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
        setting_names: SettingNames | None = None,
    ) -> None:
        self._check = drift_validation(validate)
        policy = _policy(max_retries, retry_policy)
        max_bytes = check_count("max_response_bytes", max_response_bytes, minimum=1)
        args = sync_transports(policy, max_bytes, proxy, transport)
        generated = _generated_client(
            api_key, base_url, timeout, allow_insecure_http, args, setting_names
        )
        self._http = generated.get_httpx_client()
        self._configure(generated, str(self._http.base_url), policy)

    def _call(self, kwargs: dict[str, Any], cursor: str | None = None, json: bool = True) -> Reply:
        """The request path of every operation: send (retries, deadline, cap), decode, map."""
        return self._reply(send(self._http, kwargs, cursor, self), cursor, json)

    def _fetch(self, query: JobQuery, cursor: str | None, limit: int, raw: bool) -> JobsPage[Any]:
        response = send(self._http, query.request_kwargs(cursor, limit), cursor, self)
        return self._page(response, cursor, raw)

    def _pages(
        self,
        query: JobQuery,
        cursor: str | None,
        limit: int,
        max_pages: int | None,
        prefetch: bool,
        window: Window | None,
        raw: bool = True,
    ) -> Iterator[JobsPage[Any]]:
        pages = _pagination.iter_pages(
            lambda at: self._fetch(query, at, limit, raw), cursor, max_pages, prefetch
        )
        return windowed(pages, window)

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
        query, cursor, _ = _listing("get_page", dict(filters), cursor)
        query = query.one_status()
        return self._fetch(query, cursor, query.page_size, raw)

    @overload
    def iter_pages(
        self,
        *,
        cursor: str | None = None,
        max_pages: int | None = None,
        raw: Literal[False] = False,
        prefetch: bool = False,
        since: Since = None,
        until: Since = None,
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
        since: Since = None,
        until: Since = None,
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
        since: Since = None,
        until: Since = None,
        **filters: Unpack[JobFilters],
    ) -> Iterator[JobsPage[Job]] | Iterator[JobsPage[RawJob]]:
        """Every page from `cursor` (default: the first) to the last, or `max_pages` of them.
        `since`/`until` keep the jobs submitted in [since, until) (and stop at the first page
        wholly older than `since`: the listing is newest first)."""
        query, cursor, window = _listing(
            "iter_pages", dict(filters), cursor, max_pages=max_pages, since=since, until=until
        )
        query = query.one_status()
        return self._pages(query, cursor, query.page_size, max_pages, prefetch, window, raw)

    @overload
    def iter_jobs(
        self,
        *,
        cursor: str | None = None,
        max_items: int | None = None,
        raw: Literal[False] = False,
        prefetch: bool = False,
        since: Since = None,
        until: Since = None,
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
        since: Since = None,
        until: Since = None,
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
        since: Since = None,
        until: Since = None,
        **filters: Unpack[JobFilters],
    ) -> Iterator[Job] | Iterator[RawJob]:
        """Every job of the listing, newest first, following cursors; `max_items` stops early.
        Several statuses (`status=["failed", "canceled"]`) are listed with one cursor each,
        concurrently, and merged newest first (no single cursor resumes such a listing)."""
        query, cursor, window = _listing(
            "iter_jobs", dict(filters), cursor, max_items=max_items, since=since, until=until
        )
        limit = _limit(query, max_items)
        convert = None if raw else job_from_raw
        if len(query.statuses) <= 1:
            pages = self._pages(query, cursor, limit, None, prefetch, window)
            return _pagination.iter_jobs(pages, max_items, convert)
        streams = [
            _pagination.iter_jobs(
                self._pages(
                    dataclasses.replace(query, statuses=(s,)), None, limit, None, True, window
                ),
                None,
            )
            for s in query.statuses
        ]
        return _converted(merged(streams), max_items, convert)

    def _step(self, step: Call) -> Reply:
        kwargs = step.kwargs if step.timeout is None else {**step.kwargs, "timeout": step.timeout}
        return self._call(kwargs, json=step.json)

    def _run(self, plan: Plan) -> Any:
        return run(plan, self._step, self._policy.sleep)

    def get_job(self, job_id: str, *, raw: bool = False) -> JobDetail | RawJob:
        """One job, any status (a failed, canceled or deleted job is data); NotFoundError for an
        unknown id. An id that is empty or holds `/ ? # %` or whitespace is a ValueError."""
        return self._job(self._run(get_job_plan(job_id)), not raw)

    def get_results(
        self, job: str | Job | JobDetail | RawJob, *, sharpen: bool | None = None
    ) -> JobResults:
        """A completed job's probabilities (`job`: an id, or a job already fetched or listed).
        JobNotCompletedError, naming the status and any failure, for a job not completed
        (without a results request when the job passed in already says so)."""
        return self._run(results_plan(self._results_input(job), sharpen))  # type: ignore[no-any-return]

    def get_artifact(self, job_id: str, artifact_id: str) -> Artifact:
        """An artifact's bytes and media type (`.json()` for a JSON one)."""
        return self._run(artifact_plan(job_id, artifact_id))  # type: ignore[no-any-return]

    def get_cost(self, job_id: str) -> JobCost:
        """The job's cost and estimated cost, each a Money(value, unit) or None (not priced)."""
        return self._run(cost_plan(job_id))  # type: ignore[no-any-return]

    def wait_for_jobs(
        self, job_ids: Iterable[str], *, timeout: float = WAIT_TIMEOUT, raw: bool = False
    ) -> dict[str, Any]:
        """Wait until every job is completed, failed, canceled, gone or in a status this library
        does not know: {id: job or None (gone)}, in the order given. One request per poll for
        as many ids as fit one, one deadline for the whole wait; `timeout=0` checks once;
        WaitTimeoutError (with every job's last state) when time runs out. Never cancels."""
        ids, seconds = _wait_args(job_ids, timeout)
        policy = self._policy
        try:
            jobs = self._run(wait_plan(ids, seconds, policy.monotonic, policy.random))
        except WaitTimeoutError as exc:
            exc.jobs = self._waited(exc.jobs, raw)
            raise
        return self._waited(jobs, raw)

    def cancel_jobs(
        self, job_ids: Iterable[str], *, on_chunk: Report | None = None
    ) -> list[JobOutcome]:
        """Cancel these jobs (and no other): a JobOutcome per id, in the order given. Each chunk's
        statuses are read first; jobs already completed, failed or canceled are left alone.
        `on_chunk(outcomes)` is called after each bulk request (progress, or to stop)."""
        return self._run(cancel_plan(check_job_ids(job_ids), on_chunk))  # type: ignore[no-any-return]

    def delete_jobs(
        self, job_ids: Iterable[str], *, on_chunk: Report | None = None
    ) -> list[JobOutcome]:
        """Delete these jobs permanently (and no other): a JobOutcome per id, in order."""
        return self._run(delete_plan(check_job_ids(job_ids), on_chunk))  # type: ignore[no-any-return]

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
        query, cursor, _ = _listing("verify", dict(filters), None, max_pages=pages)
        query = query.one_status()
        checker, guard = DriftChecker(), CursorGuard(None)
        recorder = Recorder(anonymize, record) if record is not None else None
        try:
            for _ in range(pages):
                response = send(self._http, query.request_kwargs(cursor), cursor, self)
                cursor = self._verified(response, cursor, checker, guard, recorder)
                if cursor is None:
                    break
        finally:
            if recorder is not None:
                recorder.write()
        return checker.report()

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


def _converted(jobs: Iterator[RawJob], max_items: int | None, convert: Any) -> Iterator[Any]:
    """A merged listing: at most `max_items` jobs, as models unless raw."""
    page: JobsPage[Any] = JobsPage([], None)
    try:
        for count, job in enumerate(jobs, start=1):
            if max_items is not None and count > max_items:
                return
            yield job if convert is None else convert(job, page)
    finally:
        jobs.close()  # type: ignore[attr-defined]


async def _aconverted(
    jobs: AsyncIterator[RawJob], max_items: int | None, convert: Any
) -> AsyncIterator[Any]:
    page: JobsPage[Any] = JobsPage([], None)
    try:
        count = 0
        async for job in jobs:
            count += 1
            if max_items is not None and count > max_items:
                return
            yield job if convert is None else convert(job, page)
    finally:
        await jobs.aclose()  # type: ignore[attr-defined]


class AsyncJobsClient(_ClientBase):
    """The async twin of JobsClient: same arguments, async iterators, awaitable methods.
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
        setting_names: SettingNames | None = None,
    ) -> None:
        self._check = drift_validation(validate)
        policy = _policy(max_retries, retry_policy)
        max_bytes = check_count("max_response_bytes", max_response_bytes, minimum=1)
        args = async_transports(policy, max_bytes, proxy, transport)
        generated = _generated_client(
            api_key, base_url, timeout, allow_insecure_http, args, setting_names
        )
        self._http = generated.get_async_httpx_client()
        self._configure(generated, str(self._http.base_url), policy)

    async def _call(
        self, kwargs: dict[str, Any], cursor: str | None = None, json: bool = True
    ) -> Reply:
        return self._reply(await asend(self._http, kwargs, cursor, self), cursor, json)

    async def _fetch(
        self, query: JobQuery, cursor: str | None, limit: int, raw: bool
    ) -> JobsPage[Any]:
        response = await asend(self._http, query.request_kwargs(cursor, limit), cursor, self)
        return self._page(response, cursor, raw)

    def _pages(
        self,
        query: JobQuery,
        cursor: str | None,
        limit: int,
        max_pages: int | None,
        prefetch: bool,
        window: Window | None,
        raw: bool = True,
    ) -> AsyncIterator[JobsPage[Any]]:
        pages = _pagination.aiter_pages(
            lambda at: self._fetch(query, at, limit, raw), cursor, max_pages, prefetch
        )
        return awindowed(pages, window)

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
        query, cursor, _ = _listing("get_page", dict(filters), cursor)
        query = query.one_status()
        return await self._fetch(query, cursor, query.page_size, raw)

    @overload
    def iter_pages(
        self,
        *,
        cursor: str | None = None,
        max_pages: int | None = None,
        raw: Literal[False] = False,
        prefetch: bool = False,
        since: Since = None,
        until: Since = None,
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
        since: Since = None,
        until: Since = None,
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
        since: Since = None,
        until: Since = None,
        **filters: Unpack[JobFilters],
    ) -> AsyncIterator[JobsPage[Job]] | AsyncIterator[JobsPage[RawJob]]:
        """Every page from `cursor` to the last, or `max_pages` of them (async iterator)."""
        query, cursor, window = _listing(
            "iter_pages", dict(filters), cursor, max_pages=max_pages, since=since, until=until
        )
        query = query.one_status()
        return self._pages(query, cursor, query.page_size, max_pages, prefetch, window, raw)

    @overload
    def iter_jobs(
        self,
        *,
        cursor: str | None = None,
        max_items: int | None = None,
        raw: Literal[False] = False,
        prefetch: bool = False,
        since: Since = None,
        until: Since = None,
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
        since: Since = None,
        until: Since = None,
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
        since: Since = None,
        until: Since = None,
        **filters: Unpack[JobFilters],
    ) -> AsyncIterator[Job] | AsyncIterator[RawJob]:
        """Every job of the listing, newest first (async iterator); `max_items` stops early.
        Several statuses are listed concurrently and merged newest first, as in JobsClient."""
        query, cursor, window = _listing(
            "iter_jobs", dict(filters), cursor, max_items=max_items, since=since, until=until
        )
        limit = _limit(query, max_items)
        convert = None if raw else job_from_raw
        if len(query.statuses) <= 1:
            pages = self._pages(query, cursor, limit, None, prefetch, window)
            return _pagination.aiter_jobs(pages, max_items, convert)
        streams = [
            _pagination.aiter_jobs(
                self._pages(
                    dataclasses.replace(query, statuses=(s,)), None, limit, None, True, window
                ),
                None,
            )
            for s in query.statuses
        ]
        return _aconverted(amerged(streams), max_items, convert)

    async def _step(self, step: Call) -> Reply:
        kwargs = step.kwargs if step.timeout is None else {**step.kwargs, "timeout": step.timeout}
        return await self._call(kwargs, json=step.json)

    async def _run(self, plan: Plan) -> Any:
        return await arun(plan, self._step, self._policy.async_sleep)

    async def get_job(self, job_id: str, *, raw: bool = False) -> JobDetail | RawJob:
        """The async twin of JobsClient.get_job."""
        return self._job(await self._run(get_job_plan(job_id)), not raw)

    async def get_results(
        self, job: str | Job | JobDetail | RawJob, *, sharpen: bool | None = None
    ) -> JobResults:
        """The async twin of JobsClient.get_results."""
        return await self._run(results_plan(self._results_input(job), sharpen))  # type: ignore[no-any-return]

    async def get_artifact(self, job_id: str, artifact_id: str) -> Artifact:
        """The async twin of JobsClient.get_artifact."""
        return await self._run(artifact_plan(job_id, artifact_id))  # type: ignore[no-any-return]

    async def get_cost(self, job_id: str) -> JobCost:
        """The async twin of JobsClient.get_cost."""
        return await self._run(cost_plan(job_id))  # type: ignore[no-any-return]

    async def wait_for_jobs(
        self, job_ids: Iterable[str], *, timeout: float = WAIT_TIMEOUT, raw: bool = False
    ) -> dict[str, Any]:
        """The async twin of JobsClient.wait_for_jobs."""
        ids, seconds = _wait_args(job_ids, timeout)
        policy = self._policy
        try:
            jobs = await self._run(wait_plan(ids, seconds, policy.monotonic, policy.random))
        except WaitTimeoutError as exc:
            exc.jobs = self._waited(exc.jobs, raw)
            raise
        return self._waited(jobs, raw)

    async def cancel_jobs(
        self, job_ids: Iterable[str], *, on_chunk: Report | None = None
    ) -> list[JobOutcome]:
        """The async twin of JobsClient.cancel_jobs."""
        return await self._run(cancel_plan(check_job_ids(job_ids), on_chunk))  # type: ignore[no-any-return]

    async def delete_jobs(
        self, job_ids: Iterable[str], *, on_chunk: Report | None = None
    ) -> list[JobOutcome]:
        """The async twin of JobsClient.delete_jobs."""
        return await self._run(delete_plan(check_job_ids(job_ids), on_chunk))  # type: ignore[no-any-return]

    async def verify(
        self,
        *,
        pages: int = VERIFY_PAGES,
        record: str | Path | None = None,
        anonymize: bool = False,
        **filters: Unpack[JobFilters],
    ) -> DriftReport:
        """The async twin of JobsClient.verify."""
        query, cursor, _ = _listing("verify", dict(filters), None, max_pages=pages)
        query = query.one_status()
        checker, guard = DriftChecker(), CursorGuard(None)
        recorder = Recorder(anonymize, record) if record is not None else None
        try:
            for _ in range(pages):
                response = await asend(self._http, query.request_kwargs(cursor), cursor, self)
                cursor = self._verified(response, cursor, checker, guard, recorder)
                if cursor is None:
                    break
        finally:
            if recorder is not None:
                recorder.write()
        return checker.report()

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
