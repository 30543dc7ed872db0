"""JobsClient and AsyncJobsClient: config, auth, transport and retries over the generated client.

Each facade client owns one generated `AuthenticatedClient`, hence one httpx connection pool.
Retries live in the transport (see `_retry`), so everything above sees one response per page.
The listing is written per client (sync iterators with threads, async ones with tasks); every
other operation is a plan (`_operations`) written once and run by each client's request path.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import functools
import inspect
import os
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Generic, Literal, Self, TypeVar, Unpack, overload

import httpx
from ionq_jobs_api.client import AuthenticatedClient
from ionq_jobs_api.models import Job, JobDetail

from . import _pagination
from ._config import (
    DEFAULT_BASE_URL,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    VERIFY_JOBS,
    VERIFY_PAGES,
    WAIT_TIMEOUT,
    SettingNames,
    base_url_hint,
    is_loopback,
    resolve_settings,
    user_agent,
)
from ._drift import DriftReport, drift_validation
from ._filters import JobFilters, filter_help
from ._merge import amerged, merged
from ._operations import BeforeWrite, Call, Plan, Polled, Report, T, arun, run
from ._operations import artifact_plan as _artifact
from ._operations import bulk_plan as _bulk
from ._operations import cost_plan as _cost
from ._operations import job_plan as _job
from ._operations import results_plan as _results
from ._operations import verify_plan as _verify
from ._operations import waited_plan as _waited
from ._pagination import AsyncListed, Ended, JobsPage, Listed
from ._parsing import job_from_raw, page_from_reply
from ._query import (
    JobQuery,
    JobsArgs,
    Listing,
    PageArgs,
    PagesArgs,
    check_count,
    check_flag,
    listing,
)
from ._request import Reply, asend, closed_error, reply, send
from ._results import Artifact, JobCost, JobOutcome, JobResults
from ._retry import ACCEPT_ENCODING, MAX_RESPONSE_BYTES, TIME_LEFT, RetryPolicy
from ._transport import transports
from .errors import ClientClosedError, _hide_in_logs

RawJob = dict[str, Any]
AnyJob = str | Job | JobDetail | RawJob
ValidateMode = Literal["off", "warn", "strict"]
TransportT = TypeVar("TransportT", httpx.BaseTransport, httpx.AsyncBaseTransport)
_Method = TypeVar("_Method", bound=Callable[..., Any])


def _lists_filters(method: _Method) -> _Method:
    """`help(client.iter_jobs)` lists the filters that `**args: Unpack[...]` hides."""
    lines = [f"    {name}: {text}" for name, text in filter_help().items()]
    method.__doc__ = (
        inspect.cleandoc(method.__doc__ or "")
        + "\n\nFilters (keyword arguments, all optional; checked before any request):\n"
        + "\n".join(lines)
    )
    return method


def _policy(max_retries: object, retry_policy: object) -> RetryPolicy:
    if retry_policy is None:
        if max_retries is None:
            return RetryPolicy(max_retries=DEFAULT_MAX_RETRIES)
        return RetryPolicy(max_retries=max_retries)  # type: ignore[arg-type]  # it checks it
    if not isinstance(retry_policy, RetryPolicy):
        raise ValueError(f"retry_policy must be a RetryPolicy, got {retry_policy!r:.80}")
    if max_retries is not None:
        raise ValueError("pass max_retries or retry_policy (which holds its own), not both")
    return retry_policy


def _one_status(listing: Listing, status: Any) -> JobQuery:
    return dataclasses.replace(listing.query, statuses=(status,))


class _SyncGenerated(AuthenticatedClient):
    """`JobsClient.generated`: its pool is sync; an `asyncio` function says so, not an
    AttributeError from deep in httpx."""

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        if self._async_client is not None:  # one the caller set: theirs to use
            return self._async_client
        raise TypeError(
            "JobsClient.generated runs the sync functions of ionq_jobs_api (sync, "
            "sync_detailed); for asyncio and asyncio_detailed, use AsyncJobsClient().generated"
        )


class _AsyncGenerated(AuthenticatedClient):
    """`AsyncJobsClient.generated`: the twin of `_SyncGenerated`."""

    def get_httpx_client(self) -> httpx.Client:
        if self._client is not None:
            return self._client
        raise TypeError(
            "AsyncJobsClient.generated runs the asyncio functions of ionq_jobs_api (asyncio, "
            "asyncio_detailed); for sync and sync_detailed, use JobsClient().generated"
        )


class _ClientBase(Generic[TransportT]):
    """What the sync and async clients share: settings, repr, the generated client, and turning
    a reply into what each operation returns. Every setting is checked before a request."""

    _sync: bool
    base_url: str
    max_retries: int

    def __init__(
        self,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int | None = None,
        *,
        allow_insecure_http: bool = False,
        retry_policy: RetryPolicy | None = None,
        proxy: str | None = None,
        max_response_bytes: int = MAX_RESPONSE_BYTES,
        validate: ValidateMode = "off",
        transport: TransportT | None = None,
        setting_names: SettingNames | None = None,
    ) -> None:
        self._check = drift_validation(validate)
        self._policy = _policy(max_retries, retry_policy)
        max_bytes = check_count("max_response_bytes", max_response_bytes, minimum=1)
        key, url, seconds = resolve_settings(
            api_key, base_url, timeout, check_flag("allow_insecure_http", allow_insecure_http),
            setting_names,
        )  # fmt: skip
        _hide_in_logs(key)
        plain = httpx.URL(url)  # a plain-http loopback base URL is never reached via a proxy
        local = plain.scheme == "http" and is_loopback(plain.host)
        direct = f"all://{plain.netloc.decode()}" if local else None
        args = transports(self._policy, max_bytes, proxy, transport, sync=self._sync, direct=direct)
        self._pid = os.getpid()
        self._closing = threading.Event()  # set by close(): ends a plan's wait at once
        self._aclosing: tuple[object, asyncio.Event] | None = None  # (its loop, the event)
        headers = {"User-Agent": user_agent(), "Accept": "application/json",
                   "Accept-Encoding": ACCEPT_ENCODING}  # fmt: skip
        generated = _SyncGenerated if self._sync else _AsyncGenerated
        self._generated = generated(
            base_url=url, token=key, timeout=httpx.Timeout(seconds), headers=headers,
            httpx_args=args,
        )  # fmt: skip
        try:
            self.base_url = str(self._connect().base_url).rstrip("/")
        except httpx.InvalidURL as exc:  # what httpx makes of the proxy patterns, NO_PROXY's
            raise ValueError(f"a proxy setting (NO_PROXY, say) is not valid: {exc}") from None
        self.max_retries = self._policy.max_retries
        self._hint = base_url_hint(self.base_url)

    def _connect(self) -> httpx.Client | httpx.AsyncClient:
        raise NotImplementedError

    def _here(self) -> None:
        """A client is its process's: after a fork, its pooled sockets are shared with the
        parent, and the two would read each other's responses."""
        if self._pid != os.getpid():
            raise ClientClosedError(
                f"this {type(self).__name__} was made in another process (before a fork); make "
                "a new client in this one"
            )

    def __repr__(self) -> str:  # never the key: it lives only in the generated client
        # getattr: a client whose __init__ raised half-way must still have a repr
        base_url = getattr(self, "base_url", None)
        max_retries = getattr(self, "max_retries", None)
        return f"{type(self).__name__}(base_url={base_url!r}, max_retries={max_retries})"

    def _answer(self, response: httpx.Response, step: Call) -> Reply:
        """A step's reply (decoded, or its typed error); its observer (verify's recorder) sees
        the response first, whatever it is (an error, a body that is not JSON)."""
        if step.observe is not None:
            step.observe(response)
        return reply(response, step.cursor, json=step.json, now=self._policy.now, hint=self._hint)

    def _page(self, reply: Reply, cursor: str | None, raw: bool) -> JobsPage[Any]:
        return page_from_reply(reply, cursor, raw, check=self._check)

    @staticmethod
    def _kwargs(step: Call) -> dict[str, Any]:
        """A step's request; a `timeout` (a wait's time left) bounds the whole request, its
        retries included, and caps each attempt's own timeout."""
        if step.timeout is None:
            return step.kwargs
        return {**step.kwargs, "extensions": {TIME_LEFT: step.timeout}}  # client timeout kept

    @property
    def generated(self) -> AuthenticatedClient:
        """The generated client underneath (same pool, retries, deadline, body cap and proxies),
        for the `ionq_jobs_api.api` functions."""
        return self._generated


class JobsClient(_ClientBase[httpx.BaseTransport]):
    """List IonQ jobs. `with JobsClient() as client: for job in client.iter_jobs(): ...`

    The key comes from `api_key` or IONQ_API_KEY; the base URL from `base_url`, IONQ_BASE_URL,
    or IonQ's v0.4 URL (https is required except to loopback hosts). `max_retries=0` disables
    retries; `retry_policy` replaces the whole policy (tests pass one with a fake clock).

    Listing methods take `raw=True` to get the server's job dicts instead of models (the fastest
    way to export), and `prefetch=True` to fetch the next page while the caller works on this one.
    `setting_names` names the settings in error messages as the caller's user knows them (the
    CLI passes its option names). `transport` (tests, custom stacks) goes behind the retry layer
    and the body cap, without proxies; the whole-request deadline lives in the default sync
    transport, so one of your own keeps httpx's per-operation timeouts only.
    """

    _sync = True

    def _connect(self) -> httpx.Client:
        return self._generated.get_httpx_client()

    def _send(self, step: Call) -> Reply:
        """The request path of every operation: send (retries, deadline, cap), decode, map."""
        self._here()
        return self._answer(send(self._connect(), self._kwargs(step), step.cursor, self), step)

    def _run(self, plan: Plan[T]) -> T:
        return run(plan, self._send, self._pause)

    def _pause(self, seconds: float) -> None:
        """A plan's wait (a wait's between polls), ended at once by close() from another thread
        (the policy's own sleep, a test's, as it is)."""
        if self._policy.sleep is not time.sleep:
            self._policy.sleep(seconds)
        elif self._closing.wait(seconds):
            raise closed_error(self)

    def _fetch(self, query: JobQuery, cursor: str | None, limit: int, raw: bool) -> JobsPage[Any]:
        call = Call(query.request_kwargs(cursor, limit), cursor=cursor)
        return self._page(self._send(call), cursor, raw)

    def _pages(
        self,
        ls: Listing,
        query: JobQuery,
        cursor: str | None,
        prefetch: bool,
        raw: bool = True,
        ended: Ended | None = None,
    ) -> Iterator[JobsPage[Any]]:
        fetch = lambda at: self._fetch(query, at, ls.limit, raw)  # noqa: E731
        merging = len(ls.query.statuses) > 1  # each status's first page requested at once
        return _pagination.iter_pages(
            fetch, cursor, ls.max_pages, prefetch, ls.window, merging, ended
        )

    @overload
    def get_page(
        self, *, raw: Literal[False] = False, **args: Unpack[PageArgs]
    ) -> JobsPage[Job]: ...
    @overload
    def get_page(self, *, raw: Literal[True], **args: Unpack[PageArgs]) -> JobsPage[RawJob]: ...
    @_lists_filters
    def get_page(
        self, *, raw: bool = False, **args: Unpack[PageArgs]
    ) -> JobsPage[Job] | JobsPage[RawJob]:
        """One page: the first, or the one `cursor` points at."""
        ls = listing("get_page", args, PageArgs, raw=raw)
        return self._fetch(ls.query, ls.cursor, ls.query.page_size, raw)

    @overload
    def iter_pages(
        self, *, raw: Literal[False] = False, **args: Unpack[PagesArgs]
    ) -> Iterator[JobsPage[Job]]: ...
    @overload
    def iter_pages(
        self, *, raw: Literal[True], **args: Unpack[PagesArgs]
    ) -> Iterator[JobsPage[RawJob]]: ...
    @_lists_filters
    def iter_pages(
        self, *, raw: bool = False, **args: Unpack[PagesArgs]
    ) -> Iterator[JobsPage[Job]] | Iterator[JobsPage[RawJob]]:
        """Every page from `cursor` (default: the first) to the last, or `max_pages` of them.
        `since`/`until` keep the jobs submitted in [since, until) (and stop at the first page
        wholly older than `since`: the listing is newest first)."""
        ls = listing("iter_pages", args, PagesArgs, raw=raw)
        return Listed(lambda ended: self._pages(ls, ls.query, ls.cursor, ls.prefetch, raw, ended))

    @overload
    def iter_jobs(
        self, *, raw: Literal[False] = False, **args: Unpack[JobsArgs]
    ) -> Iterator[Job]: ...
    @overload
    def iter_jobs(self, *, raw: Literal[True], **args: Unpack[JobsArgs]) -> Iterator[RawJob]: ...
    @_lists_filters
    def iter_jobs(
        self, *, raw: bool = False, **args: Unpack[JobsArgs]
    ) -> Iterator[Job] | Iterator[RawJob]:
        """Every job of the listing, newest first, following cursors. `max_items` stops early;
        `cursor` resumes where a page (or an error's `exc.cursor`) says; `since`/`until` keep
        the jobs submitted in [since, until); `prefetch=True` fetches the next page while this
        one is used. Several statuses (`status=["failed", "canceled"]`) are listed with one
        cursor each, concurrently, and merged newest first (no single cursor resumes such a
        listing)."""
        ls = listing("iter_jobs", args, JobsArgs, merge=True, raw=raw)
        convert = None if raw else job_from_raw
        if len(ls.query.statuses) <= 1:

            def jobs(ended: Ended) -> Iterator[Any]:
                pages = self._pages(ls, ls.query, ls.cursor, ls.prefetch, ended=ended)
                return _pagination.iter_jobs(pages, ls.max_items, convert, ended)

            return Listed(jobs)
        starts = [
            functools.partial(self._pages, ls, _one_status(ls, status), None, True)
            for status in ls.query.statuses
        ]
        return Listed(functools.partial(merged, starts, ls.max_items, convert))

    @overload
    def get_job(self, job_id: str, *, raw: Literal[False] = False) -> JobDetail: ...
    @overload
    def get_job(self, job_id: str, *, raw: Literal[True]) -> RawJob: ...
    def get_job(self, job_id: str, *, raw: bool = False) -> JobDetail | RawJob:
        """One job, any status (a failed, canceled or deleted job is data); NotFoundError for an
        unknown id. An id that is empty, `.` or `..`, or holds `/ ? # %` or whitespace is a
        ValueError."""
        return self._run(_job(job_id, raw))

    def get_results(self, job: AnyJob, *, sharpen: bool | None = None) -> JobResults:
        """A completed job's probabilities (`job`: an id, or a job already fetched or listed).
        JobNotCompletedError, naming the status and any failure, for a job not completed
        (without a results request when the job passed in already says so)."""
        return self._run(_results(job, sharpen))

    def get_artifact(self, job_id: str, artifact_id: str) -> Artifact:
        """An artifact's bytes and media type (`.json()` for a JSON one)."""
        return self._run(_artifact(job_id, artifact_id))

    def get_cost(self, job_id: str) -> JobCost:
        """The job's cost and estimated cost, each a Money(value, unit) or None (not priced)."""
        return self._run(_cost(job_id))

    @overload
    def wait_for_jobs(
        self,
        job_ids: Iterable[str],
        *,
        timeout: float = ...,
        raw: Literal[False] = False,
        on_poll: Polled | None = None,
    ) -> dict[str, Job | None]: ...
    @overload
    def wait_for_jobs(
        self,
        job_ids: Iterable[str],
        *,
        timeout: float = ...,
        raw: Literal[True],
        on_poll: Polled | None = None,
    ) -> dict[str, RawJob | None]: ...
    def wait_for_jobs(
        self,
        job_ids: Iterable[str],
        *,
        timeout: float = WAIT_TIMEOUT,
        raw: bool = False,
        on_poll: Polled | None = None,
    ) -> dict[str, Job | None] | dict[str, RawJob | None]:
        """Wait until every job is completed, failed, canceled, gone or in a status this library
        does not know: {id: job or None (gone)}, in the order given. One request per poll for
        each 100 ids (fewer when long ids fill the URL), one deadline for the whole wait;
        `timeout=0` checks once; WaitTimeoutError (with every job's last state) when time runs
        out. Never cancels. `on_poll(states)` sees the last state of each job a poll could read
        (raw dicts, None when gone) after each poll: progress, a live view. In a
        WaitTimeoutError, a job no poll could read is None and among `pending`. A failed poll
        is tried again at the next interval, but an APIConnectionError (or APITimeoutError)
        before any poll has read a job is raised at once, and so is the PaginationError of a
        server that does not apply the ids filter."""
        return self._run(_waited(job_ids, timeout, raw, self._policy, on_poll))

    def cancel_jobs(
        self,
        job_ids: Iterable[str],
        *,
        on_chunk: Report | None = None,
        before_write: BeforeWrite | None = None,
    ) -> list[JobOutcome]:
        """Cancel these jobs (and no other): a JobOutcome per id, in the order given. Each chunk's
        statuses are read first; jobs already completed, failed or canceled are left alone.
        `on_chunk(outcomes)` is called after each bulk request (progress, or to stop);
        `before_write(ids)` just before each one is sent: an exception it raises stops there."""
        return self._run(_bulk("cancel", job_ids, on_chunk, before_write))

    def delete_jobs(
        self,
        job_ids: Iterable[str],
        *,
        on_chunk: Report | None = None,
        before_write: BeforeWrite | None = None,
    ) -> list[JobOutcome]:
        """Delete these jobs permanently (and no other): a JobOutcome per id, in order. Each
        chunk's jobs are read first; `on_chunk` and `before_write` as for `cancel_jobs`."""
        return self._run(_bulk("delete", job_ids, on_chunk, before_write))

    def verify(
        self,
        *,
        pages: int = VERIFY_PAGES,
        jobs: int = VERIFY_JOBS,
        record: str | Path | None = None,
        anonymize: bool = False,
        **filters: Unpack[JobFilters],
    ) -> DriftReport:
        """Check what the API answers against what IonQ documents, with read-only GETs only: up
        to `pages` pages of the listing, then for `jobs` of the listed jobs (one per status
        first) the job, its cost and, when completed, its results.

        `report.conforms` is True when nothing deviates; `report.findings` groups deviations by
        (operation, pointer, kind). `record=PATH` writes every exchange (never the key) for
        `MockIonQServer.from_recording`; `anonymize=True` replaces personal values there."""
        return self._run(_verify(pages, jobs, record, anonymize, filters))

    def close(self) -> None:
        self._closing.set()
        self._connect().close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncJobsClient(_ClientBase[httpx.AsyncBaseTransport]):
    """The async twin of JobsClient: same arguments, async iterators, awaitable methods.
    `prefetch=True` fetches the next page in an asyncio task."""

    _sync = False

    def _connect(self) -> httpx.AsyncClient:
        return self._generated.get_async_httpx_client()

    async def _send(self, step: Call) -> Reply:
        self._here()
        response = await asend(self._connect(), self._kwargs(step), step.cursor, self)
        return self._answer(response, step)

    async def _run(self, plan: Plan[T]) -> T:
        return await arun(plan, self._send, self._pause)

    async def _pause(self, seconds: float) -> None:
        """The twin of JobsClient._pause: ended at once by close() from another task."""
        if self._policy.async_sleep is not asyncio.sleep:
            await self._policy.async_sleep(seconds)
            return
        loop = asyncio.get_running_loop()  # an Event is its loop's: a client may see several
        if self._aclosing is None or self._aclosing[0] is not loop:
            self._aclosing = (loop, asyncio.Event())
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._aclosing[1].wait(), seconds)
            raise closed_error(self)

    async def _fetch(
        self, query: JobQuery, cursor: str | None, limit: int, raw: bool
    ) -> JobsPage[Any]:
        call = Call(query.request_kwargs(cursor, limit), cursor=cursor)
        return self._page(await self._send(call), cursor, raw)

    def _pages(
        self,
        ls: Listing,
        query: JobQuery,
        cursor: str | None,
        prefetch: bool,
        raw: bool = True,
        ended: Ended | None = None,
    ) -> AsyncIterator[JobsPage[Any]]:
        fetch = lambda at: self._fetch(query, at, ls.limit, raw)  # noqa: E731
        return _pagination.aiter_pages(fetch, cursor, ls.max_pages, prefetch, ls.window, ended)

    @overload
    async def get_page(
        self, *, raw: Literal[False] = False, **args: Unpack[PageArgs]
    ) -> JobsPage[Job]: ...
    @overload
    async def get_page(
        self, *, raw: Literal[True], **args: Unpack[PageArgs]
    ) -> JobsPage[RawJob]: ...
    @_lists_filters
    async def get_page(
        self, *, raw: bool = False, **args: Unpack[PageArgs]
    ) -> JobsPage[Job] | JobsPage[RawJob]:
        """One page (awaitable): the first, or the one `cursor` points at."""
        ls = listing("get_page", args, PageArgs, raw=raw)
        return await self._fetch(ls.query, ls.cursor, ls.query.page_size, raw)

    @overload
    def iter_pages(
        self, *, raw: Literal[False] = False, **args: Unpack[PagesArgs]
    ) -> AsyncIterator[JobsPage[Job]]: ...
    @overload
    def iter_pages(
        self, *, raw: Literal[True], **args: Unpack[PagesArgs]
    ) -> AsyncIterator[JobsPage[RawJob]]: ...
    @_lists_filters
    def iter_pages(
        self, *, raw: bool = False, **args: Unpack[PagesArgs]
    ) -> AsyncIterator[JobsPage[Job]] | AsyncIterator[JobsPage[RawJob]]:
        """Every page from `cursor` to the last, or `max_pages` of them (async iterator)."""
        ls = listing("iter_pages", args, PagesArgs, raw=raw)
        return AsyncListed(
            lambda ended: self._pages(ls, ls.query, ls.cursor, ls.prefetch, raw, ended)
        )

    @overload
    def iter_jobs(
        self, *, raw: Literal[False] = False, **args: Unpack[JobsArgs]
    ) -> AsyncIterator[Job]: ...
    @overload
    def iter_jobs(
        self, *, raw: Literal[True], **args: Unpack[JobsArgs]
    ) -> AsyncIterator[RawJob]: ...
    @_lists_filters
    def iter_jobs(
        self, *, raw: bool = False, **args: Unpack[JobsArgs]
    ) -> AsyncIterator[Job] | AsyncIterator[RawJob]:
        """Every job of the listing, newest first (async iterator); `max_items` stops early.
        Several statuses are listed concurrently and merged newest first, as in JobsClient.
        To end a prefetching listing at once when you stop early, close it: `async with
        contextlib.aclosing(client.iter_jobs(...)) as jobs:` (else Python closes it when it is
        collected). A listing an exception left (a timeout, a cancellation) is over: a later
        `anext` raises again (with the cursor that resumes it, when there is one) instead of
        ending as if complete."""
        ls = listing("iter_jobs", args, JobsArgs, merge=True, raw=raw)
        convert = None if raw else job_from_raw
        if len(ls.query.statuses) <= 1:

            def jobs(ended: Ended) -> AsyncIterator[Any]:
                pages = self._pages(ls, ls.query, ls.cursor, ls.prefetch, ended=ended)
                return _pagination.aiter_jobs(pages, ls.max_items, convert, ended)

            return AsyncListed(jobs)
        streams = [
            _pagination.aiter_jobs(self._pages(ls, _one_status(ls, s), None, True), None)
            for s in ls.query.statuses
        ]
        return AsyncListed(functools.partial(amerged, streams, ls.max_items, convert))

    @overload
    async def get_job(self, job_id: str, *, raw: Literal[False] = False) -> JobDetail: ...
    @overload
    async def get_job(self, job_id: str, *, raw: Literal[True]) -> RawJob: ...
    async def get_job(self, job_id: str, *, raw: bool = False) -> JobDetail | RawJob:
        """The async twin of JobsClient.get_job."""
        return await self._run(_job(job_id, raw))

    async def get_results(self, job: AnyJob, *, sharpen: bool | None = None) -> JobResults:
        """The async twin of JobsClient.get_results."""
        return await self._run(_results(job, sharpen))

    async def get_artifact(self, job_id: str, artifact_id: str) -> Artifact:
        """The async twin of JobsClient.get_artifact."""
        return await self._run(_artifact(job_id, artifact_id))

    async def get_cost(self, job_id: str) -> JobCost:
        """The async twin of JobsClient.get_cost."""
        return await self._run(_cost(job_id))

    @overload
    async def wait_for_jobs(
        self,
        job_ids: Iterable[str],
        *,
        timeout: float = ...,
        raw: Literal[False] = False,
        on_poll: Polled | None = None,
    ) -> dict[str, Job | None]: ...
    @overload
    async def wait_for_jobs(
        self,
        job_ids: Iterable[str],
        *,
        timeout: float = ...,
        raw: Literal[True],
        on_poll: Polled | None = None,
    ) -> dict[str, RawJob | None]: ...
    async def wait_for_jobs(
        self,
        job_ids: Iterable[str],
        *,
        timeout: float = WAIT_TIMEOUT,
        raw: bool = False,
        on_poll: Polled | None = None,
    ) -> dict[str, Job | None] | dict[str, RawJob | None]:
        """The async twin of JobsClient.wait_for_jobs."""
        return await self._run(_waited(job_ids, timeout, raw, self._policy, on_poll))

    async def cancel_jobs(
        self,
        job_ids: Iterable[str],
        *,
        on_chunk: Report | None = None,
        before_write: BeforeWrite | None = None,
    ) -> list[JobOutcome]:
        """The async twin of JobsClient.cancel_jobs."""
        return await self._run(_bulk("cancel", job_ids, on_chunk, before_write))

    async def delete_jobs(
        self,
        job_ids: Iterable[str],
        *,
        on_chunk: Report | None = None,
        before_write: BeforeWrite | None = None,
    ) -> list[JobOutcome]:
        """The async twin of JobsClient.delete_jobs."""
        return await self._run(_bulk("delete", job_ids, on_chunk, before_write))

    async def verify(
        self,
        *,
        pages: int = VERIFY_PAGES,
        jobs: int = VERIFY_JOBS,
        record: str | Path | None = None,
        anonymize: bool = False,
        **filters: Unpack[JobFilters],
    ) -> DriftReport:
        """The async twin of JobsClient.verify."""
        return await self._run(_verify(pages, jobs, record, anonymize, filters))

    async def close(self) -> None:
        if self._aclosing is not None:
            self._aclosing[1].set()
        await self._connect().aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()


__all__ = ["DEFAULT_BASE_URL", "AsyncJobsClient", "JobsClient", "JobsPage"]
