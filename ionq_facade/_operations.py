"""The jobs resource beyond the listing, written once for both clients.

Each operation is a plan: a generator that yields the requests it needs (`Call`, built by the
generated endpoint modules) and the waits (`Sleep`), and is sent back each reply (or thrown each
typed error). `JobsClient` runs a plan with its sync request path, `AsyncJobsClient` with its
async one (`run`, `arun`), so the logic has no sync/async twins, and every request still goes
through the one request path: retries (per method: GET, PUT and DELETE, never POST), deadline,
body cap, decode, status -> error.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Awaitable, Callable, Generator, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar

import httpx
from ionq_jobs_api.api.default import (
    cancel_job,
    cancel_jobs,
    delete_job,
    delete_jobs,
    get_job,
    get_job_artifact,
    get_job_cost,
    get_job_probabilities,
)
from ionq_jobs_api.models import Job, JobDetail, JobIds

from ._drift import DriftChecker, DriftReport, shorten
from ._filters import JobFilters
from ._pagination import CursorGuard
from ._parsing import model_from_raw, page_from_reply
from ._query import JobQuery, check_count, check_flag, id_key, listing
from ._recording import Recorder
from ._request import Reply, malformed
from ._results import (
    Artifact,
    JobCost,
    JobOutcome,
    JobResults,
    Outcome,
    by_asked_id,
    check_job_id,
    check_job_ids,
    chunk_ids,
    decode_states,
    is_job_id,
    money,
    path_id,
    probabilities_artifact,
    qubit_count,
    unique_ids,
)
from ._retry import RetryPolicy
from .enums import JobStatus, is_terminal, settled
from .errors import (
    APIConnectionError,
    APITimeoutError,
    ClientClosedError,
    IonQError,
    JobNotCompletedError,
    MalformedResponseError,
    NotFoundError,
    PaginationError,
    RateLimitError,
    ServerError,
    WaitTimeoutError,
    _hidden,
)

WAIT_FIRST_INTERVAL = 1.0  # seconds between the first polls of a wait
WAIT_MAX_INTERVAL = 30.0
WAIT_GROWTH = 1.5
WAIT_JITTER = 0.2  # each interval is shortened by up to this fraction, at random
IDS_PAGES_WITHOUT_NEWS = 5  # a listing by ids: pages in a row with no job asked for, at most


@dataclass(frozen=True)
class Call:
    kwargs: dict[str, Any]
    json: bool = True
    timeout: float | None = None
    cursor: str | None = None  # a listing's: named by the errors of its page
    observe: Callable[[httpx.Response], None] | None = None  # sees the response, whatever it is


@dataclass(frozen=True)
class Sleep:
    seconds: float


T = TypeVar("T")
Plan = Generator[Call | Sleep, Any, T]


def _advance(plan: Plan[Any], sent: Any, error: IonQError | None) -> tuple[bool, Any]:
    """(True, the plan's result) when it is done, else (False, its next step)."""
    try:
        return False, plan.throw(error) if error is not None else plan.send(sent)
    except StopIteration as stop:
        return True, stop.value


def run(plan: Plan[T], call: Callable[[Call], Reply], sleep: Callable[[float], None]) -> T:
    """Drive a plan with a sync request path."""
    sent: Any = None
    error: IonQError | None = None
    while True:
        done, step = _advance(plan, sent, error)
        if done:
            return step  # type: ignore[no-any-return]
        sent, error = None, None
        try:
            if isinstance(step, Sleep):
                sleep(step.seconds)
            else:
                sent = call(step)
        except ClientClosedError:  # no outcome of the plan's can tell more: the client is gone
            plan.close()  # its own `finally` (verify writes its recording) runs now
            raise
        except IonQError as exc:
            error = exc


async def arun(
    plan: Plan[T],
    call: Callable[[Call], Awaitable[Reply]],
    sleep: Callable[[float], Awaitable[None]],
) -> T:
    """Drive a plan with an async request path (the twin of `run`)."""
    sent: Any = None
    error: IonQError | None = None
    while True:
        done, step = _advance(plan, sent, error)
        if done:
            return step  # type: ignore[no-any-return]
        sent, error = None, None
        try:
            if isinstance(step, Sleep):
                await sleep(step.seconds)
            else:
                sent = await call(step)
        except ClientClosedError:
            plan.close()
            raise
        except IonQError as exc:
            error = exc


def _object(reply: Reply, what: str) -> dict[str, Any]:
    if not isinstance(reply.body, dict):
        raise malformed(reply.response, None, f"expected a JSON object ({what})")
    return reply.body


def get_job_plan(job_id: str) -> Plan[dict[str, Any]]:
    reply = yield Call(get_job.request_kwargs(path_id(job_id)))
    job = _object(reply, "a job")
    answered = job.get("id")  # what is done next (results, children) addresses this id
    if not isinstance(answered, str) or id_key(answered) != id_key(job_id):
        said = f"job {job['id']!r}" if "id" in job else "no id"
        raise malformed(reply.response, None, f"asked for job {job_id!r}, the answer has {said}")
    return job


def job_plan(job_id: str, raw: bool) -> Plan[JobDetail | dict[str, Any]]:
    """`get_job`: the job as the server sent it, or its model."""
    check_flag("raw", raw)
    job = yield from get_job_plan(job_id)
    if raw:
        return job
    return model_from_raw(JobDetail, job)


def cost_plan(job_id: str) -> Plan[JobCost]:
    """Absent, null or partial is not priced; an amount of the wrong types (or not finite) is a
    malformed answer, never shown as "not priced"."""
    reply = yield Call(get_job_cost.request_kwargs(path_id(job_id)))
    body = _object(reply, "a job's cost")
    amounts = {}
    for name in ("cost", "estimated_cost"):
        try:
            amounts[name] = money(body.get(name))
        except ValueError as exc:
            raise malformed(reply.response, None, f"{name} {exc}, got {body[name]!r:.80}") from None
    dry_run = body.get("dry_run")
    if dry_run is not None and not isinstance(dry_run, bool):
        raise malformed(reply.response, None, f"dry_run must be true or false, got {dry_run!r:.60}")
    return JobCost(job_id, dry_run, amounts["cost"], amounts["estimated_cost"], body)


def artifact_plan(job_id: str, artifact_id: str) -> Plan[Artifact]:
    artifact = check_job_id(artifact_id, "artifact_id")
    job_id = path_id(job_id)
    reply = yield Call(get_job_artifact.request_kwargs(job_id, artifact), json=False)
    media_type = _hidden(reply.response.headers.get("content-type"), reply.response) or ""
    media_type = media_type.split(";")[0].strip() or "application/octet-stream"
    return Artifact(reply.body, media_type)


def not_completed(job: dict[str, Any]) -> JobNotCompletedError:
    status, failure = job.get("status"), job.get("failure")
    code = failure.get("code") if isinstance(failure, dict) else None
    message = failure.get("message") or failure.get("error") if isinstance(failure, dict) else None
    told = [p if isinstance(p, str) else shorten(p) for p in (code, message) if p not in (None, "")]
    why = "".join(f": {part}" for part in told)
    said = f"is {status!r}" if isinstance(status, str) else f"has status {shorten(status)}"
    return JobNotCompletedError(
        f"job {job.get('id')} {said}, not completed, and has no results{why}",
        job_id=str(job.get("id")),
        status=status if isinstance(status, str) else None,
        failure_code=code if isinstance(code, str) else None,
        failure_message=message if isinstance(message, str) else None,
    )


def results_plan(given: Any, sharpen: bool | None) -> Plan[JobResults]:
    """The job (an id: fetched; a model: as a dict), then its probabilities through its own
    results descriptors, or the probabilities call; a multi-circuit parent's children in order."""
    if sharpen is not None and not isinstance(sharpen, bool):
        raise ValueError(f"sharpen must be True, False or None, got {sharpen!r}")
    if not isinstance(given, str | dict):
        if not callable(getattr(given, "to_dict", None)):
            raise ValueError(
                f"job must be a job id, or a job from get_job or a listing, got {given!r:.80}"
            )
        given = given.to_dict()
    job: dict[str, Any] = (yield from get_job_plan(given)) if isinstance(given, str) else given
    job_id = check_job_id(job.get("id"))
    if job.get("status") != JobStatus.COMPLETED:
        raise not_completed(job)
    children = job.get("child_job_ids")
    if not isinstance(children, list) and "multi-circuit" in str(job.get("type")):
        job = yield from get_job_plan(job_id)  # a listed parent: its children's ids
        children = job.get("child_job_ids")
    listed = children if isinstance(children, list) else []
    for child in listed:  # a child left out, or asked for twice, would be a result lost or doubled
        if not is_job_id(child) or id_key(child) == id_key(job_id):
            said = "itself as a child" if is_job_id(child) else f"a child {child!r:.60}, not an id"
            raise MalformedResponseError(f"job {job_id} names {said}")
    child_ids = unique_ids(listed)
    artifact = probabilities_artifact(job.get("results"))
    options = {} if sharpen is None else {"sharpen": sharpen}  # the children's calls too
    try:
        if artifact is not None and sharpen is None:
            reply = yield Call(get_job_artifact.request_kwargs(job_id, artifact[0]))
        else:
            reply = yield Call(get_job_probabilities.request_kwargs(job_id, **options))
    except NotFoundError:
        fresh = yield from get_job_plan(job_id)
        if fresh.get("status") != JobStatus.COMPLETED:
            raise not_completed(fresh) from None
        raise
    payload = reply.body
    if child_ids:
        aggregate = isinstance(payload, dict) and set(child_ids) & set(payload)
        kids: dict[str, JobResults] = {}
        own: dict[str, dict[str, Any]] = {}  # each child's job: bit strings as wide as alone
        try:  # (the parent's qubits made a 2-qubit child's "10" into "00000000000010")
            for chunk in chunk_ids(child_ids):
                own |= yield from listing_plan(chunk)
        except IonQError:  # only the width is lost: as wide as the child's widest state
            own = {}
        for child in child_ids:
            if aggregate and child in payload:
                body, states = payload[child], _decoded(reply, child, payload[child])
            else:  # no aggregate, or one without this child: the child's own call
                child_reply = yield Call(get_job_probabilities.request_kwargs(child, **options))
                body, states = child_reply.body, _decoded(child_reply, child)
            kids[child] = JobResults(
                child, states, qubit_count(own.get(child, {}), states), {}, body
            )
        return JobResults(job_id, {}, qubit_count(job, {}), kids, payload)
    states = _decoded(reply, job_id)
    return JobResults(job_id, states, qubit_count(job, states), {}, payload)


def _decoded(reply: Reply, job_id: str, part: object = None) -> dict[int, float]:
    """The probabilities of `reply` (or of `part` of it: one child's, in an aggregate)."""
    states = decode_states(reply.body if part is None else part)
    if states is None:
        raise malformed(reply.response, None, f"the results of job {job_id} are not probabilities")
    return states


def listing_plan(
    ids: list[str], time_left: Callable[[], float] | None = None
) -> Plan[dict[str, dict[str, Any]]]:
    """The listing by `ids` (each page checked as a listing's page is, under the same cursor
    guard) until every id asked for is answered: id -> raw job. A server that does not apply
    the filter is not followed through the whole project: IDS_PAGES_WITHOUT_NEWS pages in a
    row without a job asked for (and not yet answered) end it. `time_left()` (a wait's) caps
    every page's request."""
    query = JobQuery.build(ids=ids, page_size=len(ids))
    found: dict[str, dict[str, Any]] = {}
    guard, cursor, idle, asked = CursorGuard(None), None, 0, set(ids)
    while True:
        timeout = time_left() if time_left is not None else None
        if timeout is not None and timeout <= 0:
            raise APITimeoutError(f"no time left for the page at cursor {cursor!r}", cursor=cursor)
        reply = yield Call(query.request_kwargs(cursor), timeout=timeout, cursor=cursor)
        page = page_from_reply(reply, cursor, raw=True)
        answered = by_asked_id(zip(page.ids, page.jobs, strict=True), ids)
        idle = 0 if (answered.keys() & asked) - found.keys() else idle + 1
        found.update(answered)
        cursor = guard.next_cursor(page)
        if cursor is None or asked <= found.keys():
            return found
        if idle >= IDS_PAGES_WITHOUT_NEWS:
            raise PaginationError(
                f"{idle} pages in a row of the listing by ids brought none of the jobs asked for "
                f"(the last requested with {page.cursor!r}): the server does not apply the ids "
                "filter; stopping instead of reading the whole project",
                repeated_cursor=page.cursor or "",
                cursor=None,
            )


Polled = Callable[[dict[str, dict[str, Any] | None]], None]


def check_callback(name: str, callback: object) -> None:
    """A plain function: a plan calls it between requests and cannot await it (an `async def`
    one would never run)."""
    if callback is not None and (not callable(callback) or inspect.iscoroutinefunction(callback)):
        raise ValueError(
            f"{name} must be a plain function (called, never awaited), got {callback!r:.80}"
        )


def waited_plan(
    job_ids: Iterable[str],
    timeout: object,
    raw: bool,
    policy: RetryPolicy,
    on_poll: Polled | None,
) -> Plan[dict[str, Any]]:
    """`wait_for_jobs`: the arguments checked, then the wait; its jobs (and a timeout's) as
    models unless `raw`, on the retry policy's clock (`monotonic`, `random`)."""
    ids = check_job_ids(job_ids)
    check_callback("on_poll", on_poll)
    check_flag("raw", raw)
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not 0 <= timeout < 1e9:
        raise ValueError(f"timeout must be a number of seconds >= 0 and < 1e9, got {timeout!r}")

    def models(jobs: dict[str, Any]) -> dict[str, Any]:
        return {k: v if raw or v is None else model_from_raw(Job, v) for k, v in jobs.items()}

    try:
        return models((yield from wait_plan(ids, float(timeout), policy, on_poll)))
    except WaitTimeoutError as exc:
        exc.jobs = models(exc.jobs)
        raise


def wait_plan(
    ids: list[str],
    timeout: float,
    policy: RetryPolicy,
    on_poll: Polled | None = None,
) -> Plan[dict[str, Any]]:
    """Poll with the listing's `ids` filter until every job is done: completed, failed,
    canceled, gone, or in a status this library does not know. One deadline for all of it. A
    failed poll (after its retries) is tried again at the next interval; but a connection
    failure (or a request timeout) before any poll has read a job is raised.
    `on_poll(states)` sees the last state of every job a poll has answered for (raw, None when
    gone) after each poll; a job no poll could read yet is left out."""
    monotonic, rand = policy.monotonic, policy.random
    deadline = monotonic() + timeout
    last: dict[str, dict[str, Any] | None] = dict.fromkeys(ids)
    done: set[str] = set()
    seen: set[str] = set()  # answered for at least once: None is then gone, not unknown
    interval = WAIT_FIRST_INTERVAL
    first = True
    failure: IonQError | None = None  # the last poll's error, when it failed: a timeout names it
    while True:
        pause = 0.0  # the longest Retry-After of this round's failed polls
        round_failed = False
        for chunk in chunk_ids([job_id for job_id in last if job_id not in done]):  # each id once
            left = deadline - monotonic()
            if left <= 0 and not first:
                raise _timed_out(last, done, timeout, failure, seen) from failure
            # every page capped by the time left; the first check of `timeout=0` runs whole
            time_left = None if first and left <= 0 else lambda: deadline - monotonic()
            try:
                found = yield from listing_plan(chunk, time_left)
            except (APIConnectionError, RateLimitError, ServerError) as exc:
                ours = isinstance(exc, APITimeoutError) and monotonic() >= deadline  # time is up
                if not seen and isinstance(exc, APIConnectionError) and not ours:  # no poll ever
                    raise  # connected: a wrong URL or proxy, not waited out (an hour by default)
                failure, round_failed = exc, True
                asked = getattr(exc, "retry_after", None) or 0.0  # a 429's Retry-After
                if monotonic() + asked >= deadline:
                    raise _timed_out(last, done, timeout, exc, seen) from exc
                pause = max(pause, asked)
                continue  # a failed poll: the next one may succeed
            seen.update(chunk)
            for job_id in chunk:
                job = found.get(job_id)
                last[job_id] = job
                if job is None or settled(job.get("status")):
                    done.add(job_id)
        first = False
        failure = failure if round_failed else None  # one chunk's success clears no other's
        if on_poll is not None:
            on_poll({job_id: job for job_id, job in last.items() if job_id in seen})
        if len(done) == len(set(ids)):
            return last
        left = deadline - monotonic()
        if left <= 0:
            raise _timed_out(last, done, timeout, failure, seen) from failure
        yield Sleep(min(max(interval * (1.0 - WAIT_JITTER * rand()), pause), left))
        interval = min(interval * WAIT_GROWTH, WAIT_MAX_INTERVAL)


def _timed_out(
    last: dict[str, Any], done: set[str], timeout: float, cause: Exception | None, seen: set[str]
) -> WaitTimeoutError:
    pending = [job_id for job_id in last if job_id not in done]
    running = [job_id for job_id in pending if job_id in seen]
    unread = len(pending) - len(running)
    told = []
    if running:
        shown = ", ".join(running[:3]) + (
            f" and {len(running) - 3} more" if len(running) > 3 else ""
        )
        told.append(f"{_jobs(len(running))} still running: {shown}")
    if unread:  # no poll could read them: their state is unknown, not "running"
        told.append(f"{_jobs(unread)} never read")
    why = f"; the last poll failed: {cause}" if cause else ""
    return WaitTimeoutError(
        f"after {timeout:g}s, {'; '.join(told)}{why}", jobs=dict(last), pending=pending
    )


def _jobs(count: int) -> str:
    return f"{count} {'job' if count == 1 else 'jobs'}"


Report = Callable[[list[JobOutcome]], None]
BeforeWrite = Callable[[list[str]], None]
_Outcomes = Plan[dict[str, JobOutcome]]


def bulk_plan(
    action: Literal["cancel", "delete"],
    job_ids: Iterable[str],
    report: Report | None,
    before_write: BeforeWrite | None = None,
) -> Plan[list[JobOutcome]]:
    """Cancel or delete these jobs (and no other), one chunk at a time: read which exist (and
    their statuses), act on those in one request, and tell each id's outcome from the ids
    answered and a listing for the rest. `report` sees each chunk's outcomes; `before_write`
    each chunk's ids to act on, last thing before the write (raising there stops before it)."""
    ids = check_job_ids(job_ids)
    check_callback("on_chunk", report)
    check_callback("before_write", before_write)
    outcomes: dict[str, JobOutcome] = {}
    first = {id_key(job_id): job_id for job_id in unique_ids(ids)}  # a UUID as first spelled
    for chunk in chunk_ids(list(first.values())):
        try:
            before = yield from listing_plan(chunk)
            done = yield from _act_on_chunk(action, chunk, before, before_write)
        except _Stopped as stop:
            raise stop.__cause__ from None  # type: ignore[misc]
        except IonQError as exc:
            done = {job_id: JobOutcome(job_id, "error", None, exc) for job_id in chunk}
        outcomes.update(done)
        if report is not None:
            report([done[job_id] for job_id in chunk])
    return [
        dataclasses.replace(outcomes[first[id_key(job_id)]], id=job_id)  # each as given
        for job_id in ids
    ]


class _Stopped(Exception):
    """`before_write` raised (its exception is the cause): the write, and the plan, stop."""


_WRITES = {"cancel": (cancel_job, cancel_jobs), "delete": (delete_job, delete_jobs)}
DONE = {"cancel": "canceled", "delete": "deleted"}  # what each write makes of a job


def _act_on_chunk(
    action: Literal["cancel", "delete"],
    chunk: list[str],
    before: dict[str, dict[str, Any]],
    before_write: BeforeWrite | None,
) -> _Outcomes:
    """One request for the jobs of `chunk` that exist (to cancel: that are still active); each
    one's outcome from the ids the answer names, and a listing of the rest. A write that failed
    may still have acted (a dropped answer, a 500 after the work): the listing tells."""
    done: dict[str, JobOutcome] = {}
    for job_id in chunk:
        status = _status(before.get(job_id))
        if job_id not in before:
            done[job_id] = JobOutcome(job_id, "not-found")
        elif action == "cancel" and is_terminal(status):
            done[job_id] = JobOutcome(job_id, "already-terminal", status)
    targets = [job_id for job_id in chunk if job_id not in done]
    if not targets:
        return done
    if before_write is not None:
        try:
            before_write(targets)
        except BaseException as exc:  # the caller's stop, never a chunk's error (an IonQError)
            raise _Stopped from exc
    one, bulk = _WRITES[action]
    cause: IonQError | None = None
    try:
        if len(targets) == 1:
            reply = yield Call(one.request_kwargs(id_key(targets[0])))
            answered = _named([_object(reply, f"a {action}").get("id")])
        else:
            reply = yield Call(bulk.request_kwargs(body=JobIds(ids=[*map(id_key, targets)])))
            answered = _named(_object(reply, f"a bulk {action}").get("ids"))
        said = reply.body.get("status")
        if "status" in reply.body and said != DONE[action]:  # not what was asked: read back
            answered = set()
    except IonQError as exc:
        answered, said, cause = set(), None, exc
    after = yield from _left_out(targets, answered, done, before, cause)
    for job_id in targets:
        if job_id not in done:
            answer = (id_key(job_id) in answered, said, cause)
            done[job_id] = _outcome(action, job_id, after.get(job_id), *answer)
    return done


def _outcome(
    action: Literal["cancel", "delete"],
    job_id: str,
    job: dict[str, Any] | None,
    answered: bool,
    said: object,
    cause: IonQError | None,
) -> JobOutcome:
    """What became of a job acted on: named by the answer, else as the listing shows it
    (`job`; None when gone). `said` is the answer's status; `cause` the write's error, if any:
    a job it left as it was has that error as its outcome's."""
    now = _status(job)
    if action == "delete" and (answered or job is None or now == "deleted"):
        first_404 = isinstance(cause, NotFoundError) and (cause.attempts or 1) == 1
        if job is None and first_404:  # gone before this call's DELETE reached it
            return JobOutcome(job_id, "not-found")
        return JobOutcome(job_id, "deleted", "deleted")  # a retry's 404: an earlier attempt
    if action == "cancel" and answered:
        return JobOutcome(job_id, "canceled", said if isinstance(said, str) else "canceled")
    if action == "cancel" and job is None:
        return JobOutcome(job_id, "not-found")
    if action == "cancel" and is_terminal(now):
        outcome: Outcome = "canceled" if now == JobStatus.CANCELED else "already-terminal"
        return JobOutcome(job_id, outcome, now)
    still = f"its status is still {now!r}" if now is not None else "it is listed without a status"
    error = cause or IonQError(f"job {job_id} was not {DONE[action]}: {still}")
    return JobOutcome(job_id, "error", now, error)


def _status(job: dict[str, Any] | None) -> str | None:
    """A raw job's status; None when gone, or not a string (an unknown status either way)."""
    status = job.get("status") if job is not None else None
    return status if isinstance(status, str) else None


def _named(ids: object) -> set[str]:
    """The job ids a cancel or delete answer names (`[id]`, or a bulk answer's `ids`); whatever
    else it holds (`ids` a bare string, say) names none, and the listing of the rest tells what
    became of them."""
    listed = ids if isinstance(ids, list) else []
    return {id_key(job_id) for job_id in listed if isinstance(job_id, str)}  # a UUID in any case


def _left_out(
    targets: list[str],
    answered: set[str],
    done: dict[str, JobOutcome],
    before: dict[str, dict[str, Any]],
    cause: IonQError | None,
) -> Plan[dict[str, dict[str, Any]]]:
    """The listing of the targets an answer left out (IonQ's bulk answers may), which tells
    what became of them. When it fails, those jobs (and only those) are errors in `done`, with
    the write's error when it failed too."""
    left_out = [job_id for job_id in targets if id_key(job_id) not in answered]
    try:
        return (yield from listing_plan(left_out)) if left_out else {}
    except IonQError as exc:
        for job_id in left_out:
            done[job_id] = JobOutcome(job_id, "error", _status(before[job_id]), cause or exc)
        return {}


def _candidates(jobs: list[Any]) -> list[str]:
    """The listed jobs' ids, one per status first (the shapes differ most across statuses)."""
    listed = [job for job in jobs if isinstance(job, dict) and is_job_id(job.get("id"))]
    picked: dict[str, None] = {}
    for status in dict.fromkeys(str(job.get("status")) for job in listed):
        picked.setdefault(next(j["id"] for j in listed if str(j.get("status")) == status))
    for job in listed:
        picked.setdefault(job["id"])
    return list(picked)


def _sample(job_id: str, observe: Any) -> Plan[list[tuple[Any, str]] | None]:
    """A listed job's answers to check, as (body, operation): the job, its cost and, when
    completed, its results (the probabilities, and the artifact the job names for them). None
    when it is gone (a 404 for any of them, and for the job asked again); a 404 for the cost or
    results of a job that is there is the API's error, raised."""
    answers: list[tuple[Any, str]] = []
    try:
        job = (yield Call(get_job.request_kwargs(job_id), observe=observe)).body
        answers.append((job, "GET /jobs/{UUID}"))
        reply = yield Call(get_job_cost.request_kwargs(job_id), observe=observe)
        answers.append((reply.body, "GET /jobs/{UUID}/cost"))
        if isinstance(job, dict) and job.get("status") == JobStatus.COMPLETED:
            call = Call(get_job_probabilities.request_kwargs(job_id), observe=observe)
            answers.append(((yield call).body, "GET /jobs/{UUID}/results/probabilities"))
            artifact = probabilities_artifact(job.get("results"))  # what get_results reads
            if artifact is not None:  # (so a recording replays get_results too)
                kwargs = get_job_artifact.request_kwargs(job_id, artifact[0])
                call = Call(kwargs, json=False, observe=observe)
                answers.append(((yield call).body, "GET /jobs/{UUID}/artifacts/{artifactId}"))
    except NotFoundError as exc:
        missing = exc
    else:
        return answers
    if not answers:
        return None
    try:
        yield Call(get_job.request_kwargs(job_id), observe=observe)
    except NotFoundError:
        return None
    raise missing


def verify_plan(
    pages: int, jobs: int, record: str | Path | None, anonymize: bool, filters: Mapping[str, Any]
) -> Plan[DriftReport]:
    """Read-only GETs: up to `pages` pages of the listing, then, for `jobs` of the listed jobs,
    the job, its cost and (completed ones) its results; every answer checked and recorded."""
    named = ("pages", "jobs", "record", "anonymize")
    query = listing("verify", filters, JobFilters, named=named).query
    check_count("pages", pages, minimum=1)
    check_count("jobs", jobs, minimum=0)
    if anonymize and record is None:
        raise ValueError("anonymize=True anonymizes a recording: pass record=PATH too")
    recorder = Recorder(anonymize, record) if record is not None else None
    observe = recorder.add if recorder is not None else None  # errors and odd answers too
    checker = DriftChecker()

    guard, cursor, listed = CursorGuard(None), None, []
    try:
        for _ in range(pages):
            reply = yield Call(query.request_kwargs(cursor), cursor=cursor, observe=observe)
            page = page_from_reply(reply, cursor, raw=True)
            checker.check_page(reply.body)
            listed += page.jobs
            cursor = guard.next_cursor(page)
            if cursor is None:
                break
        sampled = 0
        for job_id in _candidates(listed):
            if sampled == jobs:
                break
            answers = yield from _sample(job_id, observe)
            if answers is None:
                continue  # deleted since it was listed: the next one is checked instead
            for body, operation in answers:  # a job's answers count once all of them came
                checker.check(body, operation, job_id)
            sampled += 1
    finally:
        if recorder is not None:
            recorder.write()
    return checker.report()
