"""Shared fixtures: the spec, the seed page, a fake clock, and a sync/async twin runner. And the
Hypothesis profiles: "dev" (quick, the default) and "ci" (thorough, when the environment variable
CI is set, as GitHub Actions and `.ci/run` do); `--hypothesis-profile=NAME` picks one."""

from __future__ import annotations

import asyncio
import copy
import json
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from hypothesis import settings
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from ionq_facade import AsyncJobsClient, JobsClient, RetryPolicy
from ionq_facade.testing._contract import Contract

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "openapi.yaml"
DATA = ROOT / "ionq_facade" / "_data"

settings.register_profile("dev", max_examples=15)
settings.register_profile("ci", max_examples=100, print_blob=True)


def subprocess_env(**values: str) -> dict[str, str]:
    """A minimal environment for a CLI subprocess: no IONQ_* leaks in from the caller's shell,
    and PYTHONPATH kept (a checkout run without installing imports the same code)."""
    env = {"PATH": "/usr/bin:/bin", **values}
    if "PYTHONPATH" in os.environ:
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    return env


def pytest_configure(config: pytest.Config) -> None:
    # a hook, not module code: test modules import this file again as `tests.conftest`
    if not config.getoption("--hypothesis-profile", None):
        ci = os.environ.get("CI", "").lower() not in {"", "0", "false"}
        settings.load_profile("ci" if ci else "dev")


@pytest.fixture(scope="session")
def spec() -> dict[str, Any]:
    return yaml.safe_load(SPEC_PATH.read_text())


@pytest.fixture
def seed_page() -> dict[str, Any]:
    """The response example of IonQ's "List jobs" page, copied verbatim (fresh copy per test)."""
    return json.loads((DATA / "seed_jobs_page.json").read_text())


# --- facade test support ------------------------------------------------------------------------


FAKE_KEY = "fake-key-for-tests-0000-NOT-REAL"
JOBS_PATH = "/v0.4/jobs"


@dataclass
class FakeClock:
    """Records the sleeps the retry policy asks for instead of sleeping."""

    # real "now", whole seconds (HTTP dates have no fractions): Retry-After dates agree
    now_value: float = field(default_factory=lambda: float(int(time.time())))
    sleeps: list[float] = field(default_factory=list)

    def now(self) -> float:
        return self.now_value

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now_value += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)

    def policy(self, max_retries: int = 3) -> RetryPolicy:
        return RetryPolicy(
            max_retries=max_retries,
            random=lambda: 0.5,
            now=self.now,
            sleep=self.sleep,
            async_sleep=self.async_sleep,
        )


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(autouse=True)
def _no_real_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("IONQ_API_KEY", raising=False)


@pytest.fixture
def httpserver_checked(httpserver: HTTPServer) -> Iterator[HTTPServer]:
    """pytest-httpserver keeps handler errors until check(): make them fail the test. And every
    request the facade sent must match openapi.yaml (parameters, types, no dropped keys)."""
    yield httpserver
    httpserver.check()
    contract = Contract.load()
    for request, _response in httpserver.log:
        _query, problems = contract.unmarshal_request(request)
        assert problems == [], f"{request.full_path} breaks openapi.yaml"


def make_job(job_id: str, **fields: object) -> dict[str, object]:
    """A job shaped like the docs page's example, with a different id."""
    with open(DATA / "seed_jobs_page.json") as handle:
        job: dict[str, object] = json.load(handle)["jobs"][0]
    job = copy.deepcopy(job)
    job["id"] = job_id
    job.update(fields)
    return job


def json_response(
    body: object, status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    return Response(
        json.dumps(body), status=status, headers=headers, content_type="application/json"
    )


class PagedJobs:
    """A request handler serving `pages` (lists of jobs) linked by cursors c1, c2, ...

    Records every request's query so tests can check what the client sent."""

    def __init__(self, pages: list[list[dict[str, object]]], require_key: str = FAKE_KEY) -> None:
        self.pages = pages
        self.require_key = require_key
        self.requests: list[dict[str, list[str]]] = []
        self.headers: list[dict[str, str]] = []

    def cursor_for(self, index: int) -> str | None:
        return f"c{index}" if index < len(self.pages) else None

    def __call__(self, request: Request) -> Response:
        self.requests.append({k: request.args.getlist(k) for k in request.args})
        self.headers.append(dict(request.headers))
        if request.headers.get("Authorization") != f"apiKey {self.require_key}":
            return json_response(
                {"statusCode": 401, "error": "Unauthorized Error", "message": "bad key"}, 401
            )
        cursor = request.args.get("next")
        index = 0 if cursor is None else int(cursor.removeprefix("c"))
        return json_response(
            {"jobs": self.pages[index], "next": self.cursor_for(index + 1)},
            headers={"x-request-id": f"req-{len(self.requests)}"},
        )


def job_pages(sizes: list[int]) -> list[list[dict[str, object]]]:
    counter = iter(range(10**6))
    return [[make_job(f"job-{next(counter):05d}") for _ in range(size)] for size in sizes]


class Twin:
    """Runs the same listing through JobsClient or AsyncJobsClient and returns plain lists."""

    def __init__(self, kind: str, base_url: str, clock: FakeClock) -> None:
        self.kind = kind
        self.base_url = base_url
        self.clock = clock

    def client_kwargs(self, **overrides: object) -> dict[str, object]:
        kwargs: dict[str, object] = {
            "api_key": FAKE_KEY,
            "base_url": self.base_url,
            "retry_policy": self.clock.policy(),
        }
        kwargs.update(overrides)
        return kwargs

    def run(
        self, action: Callable[..., object], client_args: dict[str, object] | None = None
    ) -> object:
        kwargs = self.client_kwargs(**(client_args or {}))
        if self.kind == "sync":
            with JobsClient(**kwargs) as client:  # type: ignore[arg-type]
                return action(client)

        async def main() -> object:
            async with AsyncJobsClient(**kwargs) as client:  # type: ignore[arg-type]
                return await action(client)

        return asyncio.run(main())

    def collect(
        self, method: str, client_args: dict[str, object] | None = None, **kw: object
    ) -> list[object]:
        """Everything `client.<method>(**kw)` iterates, as a list, from either client."""
        if self.kind == "sync":
            return self.run(lambda c: list(getattr(c, method)(**kw)), client_args)  # type: ignore[return-value]

        async def collect(c: AsyncJobsClient) -> list[object]:
            return [item async for item in getattr(c, method)(**kw)]

        return self.run(collect, client_args)  # type: ignore[return-value]

    def jobs(self, client_args: dict[str, object] | None = None, **kw: object) -> list[object]:
        return self.collect("iter_jobs", client_args, **kw)

    def pages(self, client_args: dict[str, object] | None = None, **kw: object) -> list[object]:
        return self.collect("iter_pages", client_args, **kw)

    def page(self, client_args: dict[str, object] | None = None, **kw: object) -> object:
        return self.run(lambda c: c.get_page(**kw), client_args)


@pytest.fixture(params=["sync", "async"])
def twin(request: pytest.FixtureRequest, httpserver_checked: HTTPServer, clock: FakeClock) -> Twin:
    return Twin(request.param, httpserver_checked.url_for("/v0.4"), clock)


# --- command-line test support ------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _no_fault_left_over(request: pytest.FixtureRequest) -> None:
    """A module's shared mock starts each test without the faults an earlier test injected
    (with xdist, which test ran before on a worker is the scheduler's choice: a test that did
    not ask for `env` met another's `times=None` 503 now and then)."""
    if "server" in request.fixturenames:
        server = request.getfixturevalue("server")
        if hasattr(server, "clear_faults"):
            server.clear_faults()


@pytest.fixture
def env(server: Any, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """IONQ_API_KEY and IONQ_BASE_URL for the module's `server` (a MockIonQServer), which is
    cleared of faults and recorded requests first."""
    server.clear_faults()
    server.requests.clear()
    values = {"IONQ_API_KEY": server.api_key, "IONQ_BASE_URL": server.base_url}
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return values


def interrupt_at_page(monkeypatch: pytest.MonkeyPatch, page: int) -> Callable[[], None]:
    """Make the CLI's progress raise KeyboardInterrupt (a Ctrl-C) when page `page` arrives, before
    its jobs are written; returns the function that undoes it."""
    from ionq_facade.cli._progress import Progress

    original = Progress.page

    def interrupting(self: Progress, jobs: int) -> None:
        original(self, jobs)
        if self.pages == page:
            raise KeyboardInterrupt

    monkeypatch.setattr(Progress, "page", interrupting)
    return lambda: monkeypatch.setattr(Progress, "page", original)


BASE = "https://api.example.test/v0.4"


def scripted(handler: Any, sent: list[httpx.Request], **kwargs: Any) -> JobsClient:
    """A JobsClient on `handler` (request -> response) that also records every request it is
    sent in `sent`: a server scripted in a few lines, for an operation's odd answers."""

    def recording(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return handler(request)  # type: ignore[no-any-return]

    transport = httpx.MockTransport(recording)
    return JobsClient(api_key="fake-key", base_url=BASE, transport=transport, **kwargs)
