"""MockIonQServer: a real HTTP server on 127.0.0.1 that lists jobs like IonQ's `GET /v0.4/jobs`.

Every request is validated against openapi.yaml and so is every response the mock builds
(scripted faults and replayed recordings excepted): a violation answers 400 to the client and
fails `check()`. Usage is in the package docstring (`ionq_facade.testing`).
"""

from __future__ import annotations

import base64
import contextlib
import errno
import itertools
import json
import logging
import math
import os
import re
import socket
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from .._recording import Exchange
from .._window import parse_timestamp
from . import _resource
from ._contract import Contract
from ._faults import PAGE_FAULTS, Fault, RequestPredicate, ScheduledFault
from ._mock_data import Job, generate_jobs, seed_job, sort_key
from ._replay import load_recording

if TYPE_CHECKING:
    from .._client import AsyncJobsClient, JobsClient

__all__ = ["MOCK_API_KEY", "ContractViolation", "Fault", "MockIonQServer", "RecordedRequest"]

MOCK_API_KEY = "mock-key-not-a-real-ionq-key"
API_PREFIX = "/v0.4"
DEFAULT_PAGE_SIZE = 25  # IonQ documents neither default nor maximum; these are the mock's choice
MAX_PAGE_SIZE = 1000
CURSOR_PREFIX = "mck1."
MATCHED_FILTERS = ("parent_job_id", "status", "session_id", "submitter_id")  # job[name] == value
FILTERS = ("ids", "target", *MATCHED_FILTERS)  # every filter `_page` implements
ALLOWED_METHODS = ("GET", "HEAD")  # the listing; other routes: _allowed_methods


def _allowed_methods(path: str) -> tuple[str, ...]:
    """The methods of a route of the jobs resource; () for a path that is none of them."""
    tail = path.removeprefix(API_PREFIX + "/jobs").strip("/").split("/")
    if tail == [""] or len(tail) == 1:
        return ("GET", "HEAD", "DELETE")
    if tail[-2:] == ["status", "cancel"] and len(tail) <= 3:
        return ("PUT",)
    if tail[1:] in (["cost"], ["results", "probabilities"]) or (
        len(tail) == 3 and tail[1] == "artifacts"
    ):
        return ("GET", "HEAD")
    return ()


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the mock saw it: the raw query (every repeated key) and, when it was valid,
    the query as openapi-core unmarshalled it from the spec."""

    raw_query: dict[str, list[str]]
    query: dict[str, Any] | None
    authorized: bool
    status: int
    method: str = "GET"
    path: str = ""


class ContractViolation(AssertionError):
    """A request or response that does not match openapi.yaml."""


def _cut(
    encoded: bytes, status: int, media_type: str | None, fault: Fault, request: Request
) -> Response:
    """`encoded` as the answer, cut short as a body fault says: half of it (`invalid_json`), or
    half of it and the connection closed under the whole length announced (`truncate`)."""
    if fault.kind not in ("invalid_json", "truncate"):
        return Response(encoded, status, content_type=media_type)
    response = Response(encoded[: len(encoded) // 2], status, content_type=media_type)
    if fault.kind == "truncate":
        response.headers["Content-Length"] = str(len(encoded))
        response.headers["Connection"] = "close"
        response.call_on_close(lambda: _drop(request))
    return response


def _family(job: Job) -> str:
    """A job's family: its parent's id, or its own (a parent, or a job alone)."""
    parent = job.get("parent_job_id")
    return parent if isinstance(parent, str) and parent else str(job["id"])


class MockIonQServer:
    """A real HTTP server on 127.0.0.1 that lists jobs like IonQ's API does."""

    def __init__(
        self,
        jobs: int | Iterable[Job] = 0,
        *,
        api_key: str = MOCK_API_KEY,
        include_seed_job: bool = True,
        default_page_size: int = DEFAULT_PAGE_SIZE,
        max_page_size: int = MAX_PAGE_SIZE,
        validate: bool = True,
        seed: int = 0,
        port: int = 0,
        quiet: bool = True,
        drift: bool = False,
        rate: float = 0.0,
        deleted_jobs: str = "not-found",
        cancel_completed: str = "keep",
        bulk_answers: str = "all",
    ) -> None:
        """`drift=True` serves a share of jobs with the live deviations openapi.yaml tolerates.
        Active jobs move along on the mock's clock: `advance(seconds)`, and `rate` seconds of it
        per real second. `deleted_jobs="status"` answers GET of a deleted job with status
        `deleted` instead of 404; `cancel_completed="cancel"` lets a cancel flip a completed job
        to canceled; `bulk_answers="some"` leaves ids out of bulk answers, as IonQ's examples
        do."""
        _check_options(jobs, default_page_size, max_page_size, rate,
                       deleted_jobs=deleted_jobs, cancel_completed=cancel_completed,
                       bulk_answers=bulk_answers)  # fmt: skip
        _check_types(api_key=(api_key, str), seed=(seed, int), port=(port, int),
                     include_seed_job=(include_seed_job, bool), validate=(validate, bool),
                     quiet=(quiet, bool), drift=(drift, bool))  # fmt: skip
        if not 0 <= port <= 65535:
            raise ValueError(f"port must be 0 (any free one) to 65535, got {port!r}")
        if not api_key.strip():
            raise ValueError("api_key must not be empty")
        self.api_key = api_key
        self.drift = drift
        self.rate = rate
        self.deleted_jobs = deleted_jobs
        self.cancel_completed = cancel_completed
        self.bulk_answers = bulk_answers
        self._clock = 0.0
        self._started = time.monotonic()
        self._deleted: set[str] = set()
        self._schedule: dict[str, tuple[dict[str, Any], datetime]] = {}
        self.default_page_size = default_page_size
        self.max_page_size = max_page_size
        self.requests: list[RecordedRequest] = []
        self.violations: list[str] = []
        self._jobs: list[Job] = [seed_job()] if include_seed_job else []
        self._index: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._faults: list[ScheduledFault] = []
        self._nonce = 0
        self._contract: Contract | None = None
        self._validate = validate
        self._replay: dict[ReplayKey, list[Exchange]] | None = None
        if quiet:  # werkzeug logs every request to stderr; a demo's stdout/stderr are for data
            logging.getLogger("werkzeug").setLevel(logging.ERROR)
        self._http = HTTPServer(host="127.0.0.1", port=port, threaded=True)
        self._http.no_handler_status_code = 404
        self._http.expect_request(f"{API_PREFIX}/jobs").respond_with_handler(self._handle)
        self._http.expect_request(re.compile(f"{API_PREFIX}/jobs/.+")).respond_with_handler(
            self._handle
        )
        self._http.expect_request(re.compile(".*")).respond_with_handler(_not_found)
        self.add_jobs(generate_jobs(jobs, seed=seed) if isinstance(jobs, int) else jobs)

    @classmethod
    def from_recording(cls, path: str | Path, **kwargs: Any) -> MockIonQServer:
        """A server that answers the requests of a recording (`ionq-jobs verify --record FILE`,
        or `client.verify(record=...)`) with the recorded responses, byte for byte. A request
        that was not recorded gets a 404 naming what was, and fails `check()`. Requests are
        still validated against openapi.yaml; the recorded responses are not (they are what the
        live API sent: `verify` is the tool for judging them). A request recorded several times
        (a job read, then read again once gone) gets its answers in the recorded order, the last
        one from then on."""
        server = cls(jobs=0, include_seed_job=False, **kwargs)
        server._replay = {}
        for exchange in load_recording(path):
            key = _replay_key(exchange.method, exchange.path, exchange.query)
            server._replay.setdefault(key, []).append(exchange)
        return server

    # --- lifecycle ------------------------------------------------------------------------------

    def start(self) -> Self:
        if self._validate and self._contract is None:
            self._contract = Contract.load()
        if not self._http.is_running():
            _check_free(self._http.port)
            try:
                self._http.start()
            except SystemExit:  # werkzeug's answer to a port taken since: it ends the caller
                raise OSError(errno.EADDRINUSE, os.strerror(errno.EADDRINUSE)) from None
        return self

    def stop(self) -> None:
        if self._http.is_running():
            self._http.stop()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """The URL to pass as `base_url` (plain http is allowed for loopback hosts)."""
        return self._http.url_for(API_PREFIX)

    def jobs_client(self, **kwargs: Any) -> JobsClient:
        """A JobsClient pointed at this server with its key."""
        from .._client import JobsClient

        return JobsClient(**{"api_key": self.api_key, "base_url": self.base_url, **kwargs})

    def async_jobs_client(self, **kwargs: Any) -> AsyncJobsClient:
        from .._client import AsyncJobsClient

        return AsyncJobsClient(**{"api_key": self.api_key, "base_url": self.base_url, **kwargs})

    # --- data -----------------------------------------------------------------------------------

    @property
    def jobs(self) -> list[Job]:
        """All jobs, newest first (a copy)."""
        with self._lock:
            return list(self._jobs)

    @property
    def deleted_ids(self) -> frozenset[str]:
        """The ids of the jobs deleted through the API (they stay in `jobs`, marked here)."""
        with self._lock:
            return frozenset(self._deleted)

    def add_jobs(self, jobs: Iterable[Job]) -> None:
        """Add jobs (raw API dicts). Cursors handed out before stay valid."""
        if isinstance(jobs, dict):
            raise ValueError("jobs must be an iterable of job dicts: pass [job] for one")
        new_jobs = list(jobs)  # before taking the lock: `jobs` may read self.jobs
        for job in new_jobs:
            if not isinstance(job, dict) or not isinstance(job.get("id"), str) or not job["id"]:
                raise ValueError(
                    f"each job must be a dict with a non-empty string id, got {job!r:.80}"
                )
        with self._lock:
            self._jobs.extend(new_jobs)
            self._jobs.sort(key=sort_key, reverse=True)
            self._index = {job["id"]: job for job in self._jobs}
            active = [job for job in new_jobs if job.get("status") in _resource.ACTIVE]
            starts = self._family_starts({_family(job) for job in active})
            for job in active:
                self._schedule[job["id"]] = (job, starts[_family(job)])

    def advance(self, seconds: float) -> None:
        """Move the mock's clock: active jobs go on to ready, started, completed or failed."""
        with self._lock:
            self._clock += seconds

    def _family_starts(self, families: set[str]) -> dict[str, datetime]:
        """Where each family's steps on the mock's clock start from: the latest time one of its
        jobs (a parent, its children) reached its status (`started_at`, else `submitted_at`).
        So no step ends before it began, and a family moves on in step."""
        starts: dict[str, datetime] = {}
        for job in self._jobs:  # one pass, whatever the number of families
            family = _family(job)
            if family in families:
                reached = parse_timestamp(job.get("started_at")) or parse_timestamp(
                    job.get("submitted_at")
                )
                if reached is not None and (family not in starts or reached > starts[family]):
                    starts[family] = reached
        return {f: starts.get(f, datetime(2026, 11, 20, 12, 0, tzinfo=UTC)) for f in families}

    def _tick(self) -> None:
        """Apply the clock to the active jobs (under the lock)."""
        elapsed = self._clock + self.rate * (time.monotonic() - self._started)
        for job_id, (job, start) in list(self._schedule.items()):
            if self.drift and _resource.stays_unknown(job):
                continue
            _resource.advance(job, elapsed, start)
            if job.get("status") not in _resource.ACTIVE:
                del self._schedule[job_id]
                if job.get("status") == "completed":
                    children = [child["id"] for child in self._children(job_id)]
                    job["results"] = _resource.results_descriptor(job, children)

    def add_job(self, job: Job) -> None:
        self.add_jobs([job])

    def clear_jobs(self) -> None:
        with self._lock:
            self._jobs.clear()
            self._index = {}
            self._schedule.clear()

    # --- faults ---------------------------------------------------------------------------------

    def inject(
        self, fault: Fault, *, times: int | None = 1, when: RequestPredicate | None = None
    ) -> None:
        """Misbehave on the next `times` requests (None: on every one) that match `when`."""
        if not isinstance(fault, Fault):
            raise TypeError(f"fault must be a Fault (Fault.http_status(503), ...), got {fault!r}")
        if times is not None and (type(times) is not int or times < 1):
            raise ValueError(
                f"times must be an integer >= 1, or None for every request, got {times!r}"
            )
        if when is not None and not callable(when):
            raise ValueError(f"when must be a function of the request, got {when!r:.60}")
        with self._lock:
            self._faults.append(ScheduledFault(fault, times, when))

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    # --- checking -------------------------------------------------------------------------------

    def take_violations(self) -> list[str]:
        """The contract violations seen so far, forgetting them (for tests that expect some)."""
        with self._lock:
            taken, self.violations = self.violations, []
        return taken

    def check(self) -> None:
        """Raise ContractViolation if any request or response broke openapi.yaml."""
        if self.violations:
            raise ContractViolation("\n".join(self.violations))
        self._http.check()

    # --- serving --------------------------------------------------------------------------------

    def _handle(self, request: Request) -> Response:
        allowed = _allowed_methods(request.path)
        if not allowed:
            return self._record(request, None, False, _not_found(request))
        if request.method not in allowed:  # HEAD is answered like GET, without a body
            response = _error(405, "Method Not Allowed", f"{request.method} is not allowed here")
            response.headers["Allow"] = ", ".join(allowed)
            return self._record(request, None, False, response)
        if request.method == "HEAD":  # validated and answered as the GET it stands for
            request = Request(dict(request.environ, REQUEST_METHOD="GET"))
        fault = self._next_fault(request)
        if fault is not None and fault.kind == "delay":
            time.sleep(fault.seconds)
            fault = None
        if fault is not None and fault.kind in {"status", "drop", "html"}:
            return self._record(request, None, True, self._misbehave(fault, request, None))
        authorized = request.headers.get("Authorization") == f"apiKey {self.api_key}"
        if not authorized:
            return self._record(
                request,
                None,
                False,
                _error(
                    401,
                    "Unauthorized Error",
                    "Invalid key provided. Please provide a valid API key.",
                ),
            )
        query, problems = self._unmarshal(request)
        if problems:
            self._violation(f"request {request.full_path}: {'; '.join(problems)}")
            return self._record(
                request, None, True, _error(400, "Bad Request", "; ".join(problems))
            )
        assert query is not None
        if self._replay is not None:
            replayed = self._replayed(request)
            if fault is not None:  # a recording misbehaves as the mock does
                replayed = self._misbehave(fault, request, replayed)
            return self._record(request, query, True, replayed)
        try:
            if request.path == f"{API_PREFIX}/jobs" and request.method == "GET":
                body: dict[str, Any] | Response = self._page(query, request.args.getlist("ids"))
            else:
                body = self._resource(request, query)
                if isinstance(body, Response) and fault is None:
                    return self._record(request, query, True, self._checked(request, body))
        except ValueError as exc:
            return self._record(request, query, True, _error(400, "Bad Request", str(exc)))
        if fault is not None:
            return self._record(request, query, True, self._misbehave(fault, request, body))
        response = _json(200, body)
        response.headers["x-request-id"] = _request_id()
        return self._record(request, query, True, self._checked(request, response))

    def _checked(self, request: Request, response: Response) -> Response:
        # binary artifacts are bytes, which openapi-core's string check cannot take
        if self._contract is not None and response.mimetype != "application/octet-stream":
            for problem in self._contract.response_problems(request, response):
                self._violation(f"response to {request.method} {request.full_path}: {problem}")
        return response

    def _resource(self, request: Request, query: Mapping[str, Any]) -> dict[str, Any] | Response:
        """Every route but the listing: one job, results, artifacts, cost, cancel, delete."""
        parts = request.path.removeprefix(f"{API_PREFIX}/jobs").strip("/").split("/")
        method = request.method
        if parts == ["status", "cancel"] or parts == [""]:  # the bulk routes
            ids = list((request.get_json(silent=True) or {}).get("ids") or [])
            with self._lock:
                self._tick()
                acted = [i for i in dict.fromkeys(ids) if self._act(i, method)]
            if self.bulk_answers == "some" and len(acted) > 1:
                acted = acted[: len(acted) // 2]
            return {"ids": acted, "status": "canceled" if method == "PUT" else "deleted"}
        job_id, rest = parts[0], parts[1:]
        with self._lock:
            self._tick()
            job = self._index.get(job_id)
            deleted = job_id in self._deleted
            if job is None or (
                deleted and not (self.deleted_jobs == "status" and method == "GET" and not rest)
            ):
                return _error(404, "Not Found Error", "Resource not found.")
            job = dict(job)
            children = self._children(job_id)
            if method in ("PUT", "DELETE"):
                self._act(job_id, method)
                return {"id": job_id, "status": "canceled" if method == "PUT" else "deleted"}
        if deleted:
            job["status"] = "deleted"
        if not rest:
            shown = _resource.drifted(job) if self.drift else job
            return {**shown, "child_job_ids": [child["id"] for child in children] or None}
        if rest == ["cost"]:
            return _resource.cost(job, self.drift)
        if job.get("status") != "completed":
            return _error(404, "Not Found Error", "Job not found or not yet completed.")
        if rest == ["results", "probabilities"]:
            # a parent has no states of its own; its children's are theirs, or its aggregate
            # artifact's (what IonQ answers here for a parent is not documented)
            return {} if children else _resource.probabilities(job)
        if len(rest) == 2 and rest[0] == "artifacts":
            found = _resource.artifact(job, rest[1], children)
            if found is not None:
                response = Response(found[0], status=200, content_type=found[1])
                response.headers["x-request-id"] = _request_id()
                return response
        return _error(404, "Not Found Error", "Resource not found.")

    def _children(self, job_id: str) -> list[Job]:
        return [job for job in self._jobs if job.get("parent_job_id") == job_id]

    def _act(self, job_id: str, method: str) -> bool:
        """Cancel (PUT) or delete (DELETE) one job, under the lock: whether it was acted on."""
        job = self._index.get(job_id)
        if job is None or job_id in self._deleted:
            return False
        if method == "DELETE":
            self._deleted.add(job_id)
            self._schedule.pop(job_id, None)
            return True
        if job.get("status") in _resource.ACTIVE or (
            job.get("status") == "completed" and self.cancel_completed == "cancel"
        ):
            _resource.finish(job, "canceled", datetime.now(UTC))
            self._schedule.pop(job_id, None)
        return True

    def _replayed(self, request: Request) -> Response:
        assert self._replay is not None
        pairs = tuple(request.args.items(multi=True))
        answers = self._replay.get(_replay_key(request.method, request.path, pairs))
        if answers:
            with self._lock:
                exchange = answers.pop(0) if len(answers) > 1 else answers[0]
            return Response(exchange.body, status=exchange.status, headers=exchange.headers)
        asked = _describe_request(request.method, request.path, pairs)
        recorded = [_describe_request(*key) for key in self._replay]
        message = (
            f"{asked} was not recorded; the recording has {len(recorded)}: "
            + "; ".join(recorded[:5])
            + ("; …" if len(recorded) > 5 else "")
        )
        self._violation(message)
        return _error(404, "Not Recorded", message)

    def _page(self, query: Mapping[str, Any], ids: list[str]) -> dict[str, Any]:
        limit = min(int(query.get("limit") or self.default_page_size), self.max_page_size)
        with self._lock:
            self._tick()
            # the page and one more (there is a next page): the scan stops there
            selected = list(itertools.islice(self._matching(query, ids), limit + 1))
        page, more = selected[:limit], len(selected) > limit
        shown = [_resource.drifted(job) for job in page] if self.drift else [dict(j) for j in page]
        return {"jobs": shown, "next": self._cursor(sort_key(page[-1])) if more else None}

    def _matching(self, query: Mapping[str, Any], ids: list[str]) -> Iterator[Job]:
        """The jobs the filters keep, after the cursor's position, in listing order."""
        after = _decode_cursor(query["next"]) if query.get("next") else None
        targets = set(str(query["target"]).split(",")) if query.get("target") else None
        wanted_ids = set(ids) if ids else None
        status = _resource.served_status if self.drift else lambda job: job.get("status")
        for job in self._jobs:
            if (
                job["id"] not in self._deleted
                and (after is None or sort_key(job) < after)
                and (wanted_ids is None or job["id"] in wanted_ids)
                and (targets is None or job.get("backend") in targets)
                and all(
                    query.get(name) is None
                    or (status(job) if name == "status" else job.get(name)) == str(query[name])
                    for name in MATCHED_FILTERS
                )
            ):
                yield job

    def _cursor(self, position: tuple[str, str]) -> str:
        with self._lock:
            self._nonce += 1
            nonce = self._nonce
        raw = json.dumps([position[0], position[1], nonce]).encode()
        return CURSOR_PREFIX + base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def _next_fault(self, request: Request) -> Fault | None:
        """The first scheduled fault for this request. Each `when` runs outside the lock (it
        may read the server, or wait for other requests); its times are taken under it."""
        with self._lock:
            scheduled = list(self._faults)
        listing = request.path == f"{API_PREFIX}/jobs" and request.method in ("GET", "HEAD")
        for candidate in scheduled:
            if candidate.fault.kind in PAGE_FAULTS and not listing:
                continue  # a fault of the page's own fields: for the listing only
            if candidate.matches(request):
                with self._lock:
                    if candidate.take():
                        return candidate.fault
        return None

    def _misbehave(
        self, fault: Fault, request: Request, body: dict[str, Any] | Response | None
    ) -> Response:
        """The response a fault gives instead of `body`: a JSON body, or an answer made already
        (an artifact, an error, a replayed exchange), whose bytes a body fault cuts all the
        same; None for faults that need no body. A fault taken is never without effect."""
        if fault.kind == "status":
            response = _error(fault.status, _reason(fault.status), "injected fault")
            if fault.retry_after is not None:
                response.headers["Retry-After"] = fault.retry_after
            return response
        if fault.kind in ("drop", "drop_after"):
            return _Dropped(b"", status=500)  # never arrives: `_record` drops the connection
        if fault.kind == "html":
            html = "<!doctype html><html><body><h1>Down for maintenance</h1></body></html>"
            return Response(html, 200, content_type="text/html")
        assert body is not None
        if isinstance(body, Response):  # made already: a page fault needs its page
            made = body
            page = json.loads(made.get_data()) if made.mimetype == "application/json" else None
            if fault.kind not in PAGE_FAULTS or not isinstance(page, dict) or "jobs" not in page:
                return _cut(made.get_data(), made.status_code, made.mimetype, fault, request)
            body = page
        if fault.kind == "repeat_cursor":
            body["next"] = request.args.get("next") or body["next"]
        elif fault.kind == "empty_page":
            after = request.args.get("next")
            position = _decode_cursor(after) if after else ("\uffff", "")
            body = {"jobs": [], "next": self._cursor(position)}
        elif fault.kind == "jobs_null":
            body["jobs"] = None
        elif fault.kind == "next_missing":
            del body["next"]
        return _cut(json.dumps(body).encode(), 200, "application/json", fault, request)

    def _record(
        self, request: Request, query: dict[str, Any] | None, authorized: bool, response: Response
    ) -> Response:
        raw = {key: request.args.getlist(key) for key in request.args}
        with self._lock:
            self.requests.append(
                RecordedRequest(
                    raw, query, authorized, response.status_code, request.method, request.path
                )
            )
        if isinstance(response, _Dropped):  # recorded first: a retry cannot be recorded before it
            _drop(request)
        return response

    def _violation(self, text: str) -> None:
        with self._lock:
            self.violations.append(text)

    def _unmarshal(self, request: Request) -> tuple[dict[str, Any] | None, list[str]]:
        if self._contract is None:
            return {k: (v if k == "ids" else v[0]) for k, v in request.args.lists()}, []
        return self._contract.unmarshal_request(request)


def _describe_request(method: str, path: str, pairs: tuple[tuple[str, str], ...]) -> str:
    query = "&".join(f"{k}={v[:24] + '…' if len(v) > 24 else v}" for k, v in pairs)
    return f"{method} {path}" + (f"?{query}" if query else "")


def _decode_cursor(cursor: str) -> tuple[str, str]:
    try:
        if not cursor.startswith(CURSOR_PREFIX):
            raise ValueError(cursor)
        data = cursor[len(CURSOR_PREFIX) :]
        submitted_at, job_id, _nonce = json.loads(
            base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
        )
        return str(submitted_at), str(job_id)
    except (ValueError, TypeError, RecursionError):  # a crafted cursor is a 400, never a 500
        raise ValueError(f"invalid cursor {cursor[:40]!r}") from None


def _not_found(request: Request) -> Response:
    """Any other path: IonQ's JSON 404 body."""
    return _error(404, "Not Found Error", "Resource not found.")


def _json(status: int, body: object) -> Response:
    return Response(json.dumps(body), status=status, content_type="application/json")


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        phrase = HTTPStatus(status).phrase  # IonQ's: "Not Found Error", "Internal Server Error"
    except ValueError:
        return "Error"
    return phrase if phrase.endswith("Error") else f"{phrase} Error"


def _error(status: int, error: str, message: str) -> Response:
    response = _json(status, {"statusCode": status, "error": error, "message": message})
    response.headers["x-request-id"] = _request_id()
    return response


def _request_id() -> str:
    return f"mock-{time.monotonic_ns():x}"


class _Dropped(Response):
    """The answer of a dropped request: the connection is closed instead of answering."""


def _drop(request: Request) -> None:
    """Close the client's connection under werkzeug (it tolerates the broken pipe)."""
    sock = request.environ.get("werkzeug.socket")
    if isinstance(sock, socket.socket):
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def _check_free(port: int) -> None:
    """OSError when 127.0.0.1:`port` is taken, before werkzeug prints two lines and exits."""
    if port == 0:
        return
    with socket.socket() as probe:
        # as werkzeug binds; on Windows, SO_REUSEADDR binds a port in use: exclusive there
        option = getattr(socket, "SO_EXCLUSIVEADDRUSE", socket.SO_REUSEADDR)
        probe.setsockopt(socket.SOL_SOCKET, option, 1)
        probe.bind(("127.0.0.1", port))


_CHOICES = {"deleted_jobs": ("not-found", "status"), "cancel_completed": ("keep", "cancel"),
            "bulk_answers": ("all", "some")}  # fmt: skip


def _check_options(
    jobs: object, default_page_size: object, max_page_size: object, rate: object, **named: str
) -> None:
    """A bad option is a ValueError naming it and what is allowed, before the server starts."""
    if isinstance(jobs, str | bytes | bool) or not isinstance(jobs, int | Iterable):
        raise ValueError(f"jobs must be a count or an iterable of job dicts, got {jobs!r}")
    if isinstance(jobs, int) and jobs < 0:
        raise ValueError(f"jobs must be a count >= 0, got {jobs!r}")
    for name, size in (("default_page_size", default_page_size), ("max_page_size", max_page_size)):
        if type(size) is not int or size < 1:
            raise ValueError(f"{name} must be an integer >= 1, got {size!r}")
    if default_page_size > max_page_size:  # type: ignore[operator]
        raise ValueError(f"default_page_size {default_page_size} is above max_page_size")
    if isinstance(rate, bool) or not isinstance(rate, int | float) or not 0 <= rate < math.inf:
        raise ValueError(f"rate must be a number of mock seconds per second >= 0, got {rate!r}")
    for name, value in named.items():
        if value not in _CHOICES[name]:
            raise ValueError(f"{name} must be one of {', '.join(_CHOICES[name])}, got {value!r}")


def _check_types(**named: tuple[object, type]) -> None:
    for name, (value, kind) in named.items():
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise ValueError(f"{name} must be {_A[kind]}, got {value!r:.60}")


_A = {str: "a string", int: "an integer", bool: "True or False"}


ReplayKey = tuple[str, str, tuple[tuple[str, str], ...]]


def _replay_key(method: str, path: str, query: Iterable[tuple[str, str]]) -> ReplayKey:
    """What a replayed request must match: method, path, and the query in any order (and a
    comma-separated `target` in any order: it names a set of backends)."""
    pairs = [(k, ",".join(sorted(v.split(","))) if k == "target" else v) for k, v in query]
    return method, path, tuple(sorted(pairs))
