"""This checkout against another commit, in one interleaved run: the machine is too noisy to
compare runs made at different times.

    python benchmarks/compare.py HEAD~1                  # 100,000 jobs, page size 1000, 5 repeats
    python benchmarks/compare.py main --repeats 9 --jobs 10000

REV is checked out into a temporary git worktree; each listing variant then runs in a fresh
process (`_client_run.py`) against one page server, alternating the two trees (the order flips
every repeat). Prints each variant's median CPU seconds and its ratio to that tree's own
baseline (httpx.Client + json.loads). A measurement, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import HERE, page_server

ROOT = HERE.parent
VARIANTS = [
    "httpx+json (baseline)",
    "JobsClient.iter_jobs",
    "JobsClient.iter_jobs(raw=True)",
    "AsyncJobsClient.iter_jobs",
    "AsyncJobsClient.iter_jobs(raw=True)",
]


def cpu_seconds(tree: Path, variant: str, url: str, page_size: int, jobs: int) -> float:
    """One listing with `tree`'s ionq_facade and generated client first on the path."""
    env = dict(os.environ, PYTHONPATH=f"{tree}{os.pathsep}{tree / 'generated'}")
    command = [sys.executable, str(HERE / "_client_run.py"), variant, url, str(page_size)]
    run = subprocess.run(command, env=env, capture_output=True, text=True, check=True)  # noqa: S603
    result = json.loads(run.stdout.strip().splitlines()[-1])
    if result["jobs"] != jobs:
        raise SystemExit(f"{variant} in {tree} listed {result['jobs']} jobs, not {jobs}")
    return float(result["cpu_s"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rev", help="the commit to compare with (HEAD~1, a branch, a hash)")
    parser.add_argument("--jobs", type=int, default=100_000)
    parser.add_argument("--page-size", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        other = Path(scratch) / "other"
        git = ["git", "-C", str(ROOT), "worktree"]
        subprocess.run([*git, "add", "--detach", "-q", str(other), args.rev], check=True)  # noqa: S603
        try:
            trees = {"this checkout": ROOT, args.rev: other}
            cpu: dict[tuple[str, str], list[float]] = {(t, v): [] for t in trees for v in VARIANTS}
            with page_server(args.jobs, args.page_size) as url:
                for repeat in range(args.repeats):
                    order = list(trees.items())[:: 1 if repeat % 2 == 0 else -1]
                    for variant in VARIANTS:
                        for name, tree in order:
                            seconds = cpu_seconds(tree, variant, url, args.page_size, args.jobs)
                            cpu[(name, variant)].append(seconds)
        finally:
            subprocess.run([*git, "remove", "--force", str(other)], check=True)  # noqa: S603
    print(f"{args.jobs:,} jobs, page size {args.page_size}, {args.repeats} repeats, medians")
    print(f"{'variant':<38}" + "".join(f"{name:>24}" for name in trees))
    for variant in VARIANTS:
        cells = []
        for name in trees:
            seconds = statistics.median(cpu[(name, variant)])
            baseline = statistics.median(cpu[(name, VARIANTS[0])])
            cells.append(f"{seconds:.3f} s {seconds / baseline:.2f}x")
        print(f"{variant:<38}" + "".join(f"{cell:>24}" for cell in cells))


if __name__ == "__main__":
    main()
