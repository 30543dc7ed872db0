"""One measured listing, in a fresh process: prints {"jobs", "cpu_s", "wall_s", "peak_rss_mib"}.

Usage: python _client_run.py VARIANT BASE_URL PAGE_SIZE [CONSUMER_SLEEP_PER_PAGE]
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import time
from collections.abc import Callable

# Everything any variant needs is imported before the clock starts: import time is measured
# separately (bench.py, "startup"), and every variant pays the same resident memory for it.
import httpx
from ionq_jobs_api import AuthenticatedClient
from ionq_jobs_api.api.default import get_jobs
from ionq_jobs_api.models import JobsPage
from ionq_jobs_api.types import UNSET

from ionq_facade import AsyncJobsClient, JobsClient

FAKE_KEY = "fake-bench-key"


def baseline(base_url: str, page_size: int) -> int:
    """The floor: httpx.Client + json.loads, following cursors, nothing else."""
    count, cursor = 0, None
    with httpx.Client(base_url=base_url, headers={"Authorization": f"apiKey {FAKE_KEY}"}) as http:
        while True:
            params: dict[str, object] = {"limit": page_size}
            if cursor:
                params["next"] = cursor
            body = json.loads(http.get("/jobs", params=params).content)
            count += len(body["jobs"])
            cursor = body["next"]
            if not cursor:
                return count


def generated(base_url: str, page_size: int) -> int:
    """The generated client's get_jobs in a cursor loop (models, no facade)."""
    count, cursor = 0, UNSET
    with AuthenticatedClient(base_url=base_url, token=FAKE_KEY, prefix="apiKey") as client:
        while True:
            page = get_jobs.sync(client=client, limit=page_size, next_=cursor)
            assert isinstance(page, JobsPage)
            for _job in page.jobs:
                count += 1
            if not page.next_:
                return count
            cursor = page.next_


def facade(base_url: str, page_size: int, validate: str = "off", **options: object) -> int:
    with JobsClient(api_key=FAKE_KEY, base_url=base_url, validate=validate) as client:  # type: ignore[arg-type]
        return sum(1 for _job in client.iter_jobs(page_size=page_size, **options))  # type: ignore[call-overload]


def facade_async(base_url: str, page_size: int, **options: object) -> int:
    async def main() -> int:
        async with AsyncJobsClient(api_key=FAKE_KEY, base_url=base_url) as client:
            count = 0
            async for _job in client.iter_jobs(page_size=page_size, **options):  # type: ignore[call-overload]
                count += 1
            return count

    return asyncio.run(main())


def slow_consumer(variant: Callable[..., int], per_page: float) -> Callable[..., int]:
    """A consumer that spends `per_page` seconds of its own on every page (latency hiding)."""

    def run(base_url: str, page_size: int, **options: object) -> int:
        if variant is facade:
            with JobsClient(api_key=FAKE_KEY, base_url=base_url) as client:
                count = 0
                for page in client.iter_pages(page_size=page_size, **options):  # type: ignore[call-overload]
                    time.sleep(per_page)
                    count += len(page)
                return count

        async def main() -> int:
            async with AsyncJobsClient(api_key=FAKE_KEY, base_url=base_url) as client:
                count = 0
                async for page in client.iter_pages(page_size=page_size, **options):  # type: ignore[call-overload]
                    await asyncio.sleep(per_page)
                    count += len(page)
                return count

        return asyncio.run(main())

    return run


VARIANTS: dict[str, Callable[..., int]] = {
    "httpx+json (baseline)": baseline,
    "generated get_jobs": generated,
    "JobsClient.iter_jobs": facade,
    "AsyncJobsClient.iter_jobs": facade_async,
    "JobsClient.iter_jobs(raw=True)": lambda url, size: facade(url, size, raw=True),
    # drift validation: "off" (the default, same path as JobsClient.iter_jobs) and "warn"
    "JobsClient(validate='off').iter_jobs": lambda url, size: facade(url, size, validate="off"),
    "JobsClient(validate='warn').iter_jobs": lambda url, size: facade(url, size, validate="warn"),
    "AsyncJobsClient.iter_jobs(raw=True)": lambda url, size: facade_async(url, size, raw=True),
}


def main() -> None:
    name, base_url, page_size = sys.argv[1], sys.argv[2], int(sys.argv[3])
    consumer_sleep = float(sys.argv[4]) if len(sys.argv) > 4 else 0.0
    options: dict[str, object] = {}
    if name.endswith("+prefetch"):
        name, options = name.removesuffix("+prefetch"), {"prefetch": True}
    variant = VARIANTS[name]
    if consumer_sleep:
        variant = slow_consumer(variant, consumer_sleep)
    wall, cpu = time.perf_counter(), time.process_time()
    jobs = variant(base_url, page_size, **options)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(json.dumps({"jobs": jobs, "cpu_s": cpu, "wall_s": wall, "peak_rss_mib": peak}))


if __name__ == "__main__":
    main()
