"""Rendering for the command line: job records in table, JSON, JSONL and CSV; the summary;
progress on stderr. No HTTP here."""

from __future__ import annotations

import csv
import json
import sys
import time
from collections.abc import Iterable, Iterator
from typing import IO, Any

from ._summary import Summary

FORMATS = ("table", "json", "jsonl", "csv")
# every documented job field, in the order of the docs page; extra fields follow, sorted
ALL_FIELDS = (
    "id", "status", "type", "backend", "dry_run", "cost_model", "submitter_id", "project_id",
    "parent_job_id", "session_id", "metadata", "name", "submitted_at", "started_at",
    "completed_at", "predicted_execution_duration_ms", "predicted_wait_time_ms",
    "execution_duration_ms", "shots", "noise", "failure", "settings", "stats", "results", "output",
)  # fmt: skip
TABLE_FIELDS = ("id", "status", "backend", "type", "submitted_at", "shots", "failure")


def check_fields(fields: str | None) -> tuple[str, ...] | None:
    """`--fields a,b`: known names only, so a typo fails before any request."""
    if fields is None:
        return None
    names = tuple(name.strip() for name in fields.split(",") if name.strip())
    unknown = [name for name in names if name not in ALL_FIELDS]
    if unknown or not names:
        named = ", ".join(unknown) or repr(fields)
        raise ValueError(f"unknown field(s) {named}; allowed: {', '.join(ALL_FIELDS)}")
    return names


def cell(value: Any) -> str:
    """One value as CSV/table text: strings as they are, nested values as compact JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(value, separators=(",", ":"), sort_keys=True)


def write_jsonl(records: Iterable[dict[str, Any]], out: IO[str]) -> None:
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


def write_json(records: Iterable[dict[str, Any]], out: IO[str]) -> None:
    """A JSON array, streamed: constant memory however many jobs."""
    out.write("[")
    for index, record in enumerate(records):
        out.write(",\n  " if index else "\n  ")
        out.write(json.dumps(record, ensure_ascii=False))
    out.write("\n]\n")


def write_csv(
    records: Iterable[dict[str, Any]], out: IO[str], fields: tuple[str, ...] | None
) -> None:
    """Header from the documented fields (or --fields); undocumented fields go in `extra` as JSON,
    so a new field from the server never changes the columns mid-file."""
    columns = list(fields or ALL_FIELDS)
    with_extra = fields is None
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*columns, "extra"] if with_extra else columns)
    known = set(ALL_FIELDS)
    for record in records:
        row = [cell(record.get(name)) for name in columns]
        if with_extra:
            extra = {k: v for k, v in record.items() if k not in known}
            row.append(cell(extra) if extra else "")
        writer.writerow(row)


def select(
    records: Iterable[dict[str, Any]], fields: tuple[str, ...] | None
) -> Iterator[dict[str, Any]]:
    for record in records:
        yield record if fields is None else {name: record.get(name) for name in fields}


def table_text(value: Any, name: str) -> str:
    if name == "failure" and isinstance(value, dict):
        return str(value.get("code") or "")
    return cell(value)


def print_table(
    records: list[dict[str, Any]], fields: tuple[str, ...] | None, out: IO[str]
) -> None:
    from rich.table import Table

    columns = fields or TABLE_FIELDS
    table = Table(show_edge=False, header_style="bold", pad_edge=False)
    for name in columns:
        table.add_column(name, overflow="fold", no_wrap=name == "id")
    for record in records:
        table.add_row(*(table_text(record.get(name), name) for name in columns))
    _console(out).print(table)


def print_summary(summary: Summary, out: IO[str]) -> None:
    from rich.table import Table

    console = _console(out)
    if not summary.jobs:
        console.print("no jobs match")
        return
    counts = Table(title=f"{summary.jobs} jobs by status and backend", show_edge=False)
    counts.add_column("status")
    for backend in summary.backends:
        counts.add_column(backend, justify="right")
    counts.add_column("total", justify="right", style="bold")
    for status in summary.statuses:
        row = [summary.by_status_backend[status, b] for b in summary.backends]
        counts.add_row(status, *(str(n) if n else "·" for n in row), str(sum(row)))
    console.print(counts)
    if summary.failures_by_code:
        failures = Table(title="failures by code", show_edge=False)
        failures.add_column("code")
        failures.add_column("jobs", justify="right")
        for code, count in summary.failures_by_code.most_common():
            failures.add_row(code, str(count))
        console.print(failures)
    usage = Table(title="billed quantum compute time and shots", show_edge=False)
    usage.add_column("backend")
    usage.add_column("billed QC time", justify="right")
    usage.add_column("shots", justify="right")
    for backend in summary.backends:
        usage.add_row(
            backend,
            _duration(summary.billed_us_by_backend[backend]),
            f"{summary.shots_by_backend[backend]:,}",
        )
    usage.add_row(
        "total",
        _duration(sum(summary.billed_us_by_backend.values())),
        f"{sum(summary.shots_by_backend.values()):,}",
        style="bold",
    )
    console.print(usage)
    console.print(f"oldest submitted {summary.oldest}   newest submitted {summary.newest}")


def _console(out: IO[str]) -> Any:
    """A rich console; off a terminal (a pipe, a file, CI logs) wide enough not to fold ids."""
    from rich.console import Console

    return Console(file=out, width=None if out.isatty() else 160)


def _duration(microseconds: float) -> str:
    seconds = microseconds / 1e6
    if seconds < 60:
        return f"{seconds:,.3f} s"
    return f"{seconds / 60:,.1f} min"


class Progress:
    """`pages, jobs, elapsed` on one stderr line, only when stderr is a terminal."""

    def __init__(self, stream: IO[str] | None = None, enabled: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.started = time.monotonic()
        self.pages = self.jobs = 0

    def page(self, jobs: int) -> None:
        self.pages += 1
        self.jobs += jobs
        if self.enabled:
            elapsed = time.monotonic() - self.started
            self.stream.write(f"\r{self.pages} pages, {self.jobs} jobs, {elapsed:.1f}s ")
            self.stream.flush()

    def done(self) -> None:
        if self.enabled and self.pages:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
