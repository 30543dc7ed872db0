"""`nox -s bench`: how fast and how flat the client lists jobs, against the raw-httpx floor.

For each N and page size, one loopback server (its own process) serves N seed-shaped jobs as
pre-serialized pages; every variant lists them all in a fresh process, `--repeats` times, and the
median CPU seconds, wall time and peak RSS are reported with the ratio of CPU to the baseline
(httpx.Client + json.loads). Then: latency hiding (50 ms per page on the server, 50 ms per page
in the consumer, with and without prefetch), several statuses merged, decoding a 20-qubit job's
results (2^20 states) against json.loads, the requests one poll of a wait sends for 1,000 jobs,
and import times. The table is printed and written
as JSON under benchmarks/results/.

This is a measurement, not a test: nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
VARIANTS = [
    "httpx+json (baseline)",
    "generated get_jobs",
    "JobsClient.iter_jobs",
    "AsyncJobsClient.iter_jobs",
    "JobsClient.iter_jobs(raw=True)",
    "AsyncJobsClient.iter_jobs(raw=True)",
    "JobsClient(validate='off').iter_jobs",
    "JobsClient(validate='warn').iter_jobs",
]


@contextmanager
def page_server(total: int, page_size: int, delay: float = 0.0) -> Iterator[str]:
    command = [
        sys.executable,
        str(HERE / "_page_server.py"),
        str(total),
        str(page_size),
        str(delay),
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)  # noqa: S603
    try:
        assert process.stdout is not None
        port = int(process.stdout.readline())
        yield f"http://127.0.0.1:{port}/v0.4"
    finally:
        process.terminate()
        process.wait()


def run_client(
    variant: str, base_url: str, page_size: int, consumer_sleep: float = 0.0
) -> dict[str, float]:
    command = [sys.executable, str(HERE / "_client_run.py"), variant, base_url, str(page_size)]
    if consumer_sleep:
        command.append(str(consumer_sleep))
    out = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def median_of(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def throughput(sizes: list[int], page_sizes: list[int], repeats: int) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for total in sizes:
        for page_size in page_sizes:
            with page_server(total, page_size) as base_url:
                for variant in VARIANTS:  # warm-up: page cache, .pyc files, the server's pages
                    run_client(variant, base_url, page_size)
                # interleaved: this machine's speed drifts, and a drift should hit every variant
                runs: dict[str, list[dict[str, float]]] = {variant: [] for variant in VARIANTS}
                for _ in range(repeats):
                    for variant in VARIANTS:
                        runs[variant].append(run_client(variant, base_url, page_size))
            baseline_cpu = median_of(runs[VARIANTS[0]])["cpu_s"]
            for variant in VARIANTS:
                result = median_of(runs[variant])
                assert result["jobs"] == total, (variant, result)
                row = {
                    "jobs": total,
                    "page_size": page_size,
                    "variant": variant,
                    "jobs_per_s": round(total / result["wall_s"]),
                    "cpu_s": round(result["cpu_s"], 3),
                    "cpu_vs_baseline": round(result["cpu_s"] / baseline_cpu, 2),
                    "wall_s": round(result["wall_s"], 3),
                    "peak_rss_mib": round(result["peak_rss_mib"], 1),
                }
                rows.append(row)
                print(
                    f"{total:>7} {page_size:>5}  {variant:<38} {row['jobs_per_s']:>8} jobs/s "
                    f"cpu {row['cpu_s']:>6}s ({row['cpu_vs_baseline']:>4}x)  "
                    f"rss {row['peak_rss_mib']:>6} MiB",
                    flush=True,
                )
    return rows


def latency_hiding(pages: int, delay: float, repeats: int) -> list[dict[str, object]]:
    """Server and consumer each spend `delay` per page: prefetch should overlap the two."""
    page_size = 100
    rows: list[dict[str, object]] = []
    with page_server(pages * page_size, page_size, delay) as base_url:
        for variant in ("JobsClient.iter_jobs", "AsyncJobsClient.iter_jobs"):
            walls = {}
            for mode in ("", "+prefetch"):
                runs = [
                    run_client(variant + mode, base_url, page_size, delay) for _ in range(repeats)
                ]
                walls[mode or "sequential"] = median_of(runs)["wall_s"]
            row = {
                "variant": variant,
                "pages": pages,
                "server_delay_s": delay,
                "consumer_s_per_page": delay,
                "sequential_wall_s": round(walls["sequential"], 3),
                "prefetch_wall_s": round(walls["+prefetch"], 3),
                "prefetch_vs_sequential": round(walls["+prefetch"] / walls["sequential"], 2),
            }
            rows.append(row)
            print(
                f"latency hiding  {variant:<28} sequential {row['sequential_wall_s']}s  "
                f"prefetch {row['prefetch_wall_s']}s  ({row['prefetch_vs_sequential']}x)",
                flush=True,
            )
    return rows


def fan_out(jobs: int, delay: float, repeats: int) -> dict[str, object]:
    """One cursor per status (iter_jobs(status=[all six]), merged newest first), against one
    cursor, with `delay` per page."""
    import asyncio

    from ionq_facade import JobStatus
    from ionq_facade.testing import Fault, MockIonQServer

    async def listing(server: MockIonQServer, by_status: bool) -> float:
        async with server.async_jobs_client() as client:
            started = time.perf_counter()
            if by_status:
                every = [s.value for s in JobStatus]
                count = sum([1 async for _ in client.iter_jobs(status=every, page_size=100)])
            else:
                count = sum([1 async for _ in client.iter_jobs(page_size=100)])
            assert count == len(server.jobs)
            return time.perf_counter() - started

    with MockIonQServer(jobs=jobs, validate=False) as server:
        server.inject(Fault.delay(delay), times=None)
        one = statistics.median(asyncio.run(listing(server, False)) for _ in range(repeats))
        six = statistics.median(asyncio.run(listing(server, True)) for _ in range(repeats))
    row = {
        "jobs": jobs + 1,
        "page_size": 100,
        "server_delay_s": delay,
        "one_cursor_wall_s": round(one, 3),
        "cursor_per_status_wall_s": round(six, 3),
        "speed_up": round(one / six, 2),
    }
    print(
        f"fan-out  {row['jobs']} jobs, {delay * 1000:.0f} ms/page: "
        f"one cursor {row['one_cursor_wall_s']}s, "
        f"one per status {row['cursor_per_status_wall_s']}s ({row['speed_up']}x faster)",
        flush=True,
    )
    return row


def results_decode(qubits: int, repeats: int) -> dict[str, object]:
    """Reading the results of a `qubits`-qubit job with 2^qubits states (the facade's decode and
    JobResults) against json.loads of the same body."""
    import random

    from ionq_facade import _json
    from ionq_facade._results import JobResults, decode_states

    rng = random.Random(1)  # noqa: S311 - fake probabilities
    body = json.dumps({str(state): rng.random() for state in range(2**qubits)}).encode()

    def best(work: Callable[[], object]) -> float:
        samples = []
        for _ in range(repeats):
            started = time.perf_counter()
            work()
            samples.append(time.perf_counter() - started)
        return statistics.median(samples)

    def facade() -> object:
        states = decode_states(_json.loads(body))
        assert states is not None
        return JobResults("j", states, qubits, {}, None)

    baseline, ours = best(lambda: json.loads(body)), best(facade)
    row = {
        "states": 2**qubits,
        "body_mb": round(len(body) / 1e6, 1),
        "json_loads_s": round(baseline, 3),
        "get_results_decode_s": round(ours, 3),
        "ratio": round(ours / baseline, 2),
    }
    print(
        f"results  {row['states']:,} states ({row['body_mb']} MB): json.loads "
        f"{row['json_loads_s']}s, facade {row['get_results_decode_s']}s ({row['ratio']}x)",
        flush=True,
    )
    return row


def wait_requests(jobs: int) -> dict[str, object]:
    """Requests one poll of wait_for_jobs sends for `jobs` running jobs (the ids filter, in
    chunks), against one request per job."""
    from ionq_facade.errors import WaitTimeoutError
    from ionq_facade.testing import MockIonQServer
    from ionq_facade.testing._mock_data import generate_jobs

    running = [{**job, "status": "submitted"} for job in generate_jobs(jobs, seed=2)]
    with MockIonQServer(jobs=0, include_seed_job=False, validate=False) as server:
        server.add_jobs(running)
        ids = [job["id"] for job in server.jobs]
        with server.jobs_client() as client:
            before = len(server.requests)
            with contextlib.suppress(WaitTimeoutError):  # they are all still running
                client.wait_for_jobs(ids, timeout=0)
            sent = len(server.requests) - before
    row = {"jobs": jobs, "requests_per_poll": sent, "one_request_per_job": jobs}
    print(f"wait     {jobs:,} running jobs: {sent} requests per poll", flush=True)
    return row


def import_times(repeats: int) -> dict[str, float]:
    def wall(command: list[str]) -> float:
        samples = []
        for _ in range(repeats):
            started = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)  # noqa: S603
            samples.append(time.perf_counter() - started)
        return round(statistics.median(samples), 3)

    python = sys.executable
    times = {
        "python -c pass": wall([python, "-c", "pass"]),
        "import ionq_facade": wall([python, "-c", "import ionq_facade"]),
        "import ionq_facade + JobsClient": wall(
            [python, "-c", "from ionq_facade import JobsClient"]
        ),
        "ionq-jobs --help": wall([python, "-m", "ionq_facade.cli", "--help"]),
    }
    for name, seconds in times.items():
        print(f"startup  {name:<34} {seconds:.3f}s (whole process)", flush=True)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated job counts")
    parser.add_argument("--page-sizes", default="100,1000")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--latency-pages", type=int, default=20)
    parser.add_argument(
        "--update-latest",
        action="store_true",
        help="also write results/latest.json, the run README's tables come from (a full run)",
    )
    args = parser.parse_args()
    sizes = [int(n) for n in args.sizes.split(",")]
    page_sizes = [int(n) for n in args.page_sizes.split(",")]
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": __import__("os").cpu_count(),
        },
        "repeats": args.repeats,
        "throughput": throughput(sizes, page_sizes, args.repeats),
        "latency_hiding": latency_hiding(args.latency_pages, 0.05, args.repeats),
        "fan_out_by_status": fan_out(2000, 0.05, args.repeats),
        "results_decode": results_decode(20, args.repeats),
        "wait_requests": wait_requests(1000),
        "startup": import_times(max(5, args.repeats)),
    }
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    paths = [RESULTS / f"bench-{stamp}.json"] + (
        [RESULTS / "latest.json"] if args.update_latest else []
    )
    for path in paths:
        path.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nwritten to {', '.join(str(path) for path in paths)}")


if __name__ == "__main__":
    main()
