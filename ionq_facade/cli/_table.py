"""What a person sees on a terminal: the job table and the summary, fitted to the width.

Rules kept here, for every table:
- one line per row: columns are chosen by priority for the width, cells shortened with `…`;
- server strings are text, never markup (`rich.text.Text`, and a console with markup off), and
  control characters are shown escaped, so a job name cannot restyle or break a line;
- shortened labels and job-table cells stay distinct (`qpu.aria-1` and `qpu.aria-2` never
  become the same text);
- numbers are right-aligned, one unit per column.
"""

from __future__ import annotations

import os
import shutil
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import IO, Any

from rich.cells import cell_len
from rich.console import Console, JustifyMethod
from rich.table import Table
from rich.text import Text

from .._drift import DriftReport
from ._output import cell, plural, printable
from ._summary import Summary

GAP = 2  # spaces between columns
MIN_WIDTH = 80
# default table columns, most important first: the first ones are kept on a narrow terminal
TABLE_FIELDS = ("id", "status", "backend", "submitted_at", "name", "type", "shots", "failure")
NUMERIC = frozenset({"shots", "predicted_wait_time_ms", "predicted_execution_duration_ms",
                     "execution_duration_ms"})  # fmt: skip
MAX_NATURAL = 40  # a free-text column never takes more than this while others wait
LABEL_FLOOR = 12  # a summary's backend labels give room down to this before headers are cut
MIN_CELL = 8  # a column narrower than this is left out rather than shown as `ab…`
# which columns stay when the width runs out (display order is TABLE_FIELDS or --fields)
PRIORITY = ("id", "status", "submitted_at", "backend", "failure", "name", "type", "shots")
ELLIPSIS = "…"
MAX_MIDDLE_CUTS = 1_000  # alike cells beyond this are cut at the end (their ends rarely differ)


class PlainConsole(Console):
    """Markup, emoji codes and highlighting off: what the server sent is what is printed. A
    reader that left (`| head`) ends the command as it ends `list`: quietly, exit 0 (rich's
    own answer is exit 1)."""

    def __init__(self, **options: Any) -> None:
        columns = os.environ.get("COLUMNS", "")
        if "width" not in options and columns.isdigit() and int(columns) == 0:
            options["width"] = shutil.get_terminal_size((MIN_WIDTH, 24)).columns  # 0: unset
        super().__init__(markup=False, emoji=False, highlight=False, **options)

    def on_broken_pipe(self) -> None:
        raise BrokenPipeError


def console(out: IO[str], width: int | None = None) -> Console:
    if width is None:
        width = terminal_width() if _isatty(out) else 160
    return PlainConsole(file=out, width=width, soft_wrap=False)


def terminal_width() -> int:
    return max(MIN_WIDTH, shutil.get_terminal_size((MIN_WIDTH, 24)).columns)


def terminal_rows() -> int:
    return shutil.get_terminal_size((MIN_WIDTH, 24)).lines


def shorten(text: str, width: int) -> str:
    """`text` cut to `width` terminal cells, ending in `…` when cut."""
    if cell_len(text) <= width:
        return text
    return _fitting(text, width - 1) + ELLIPSIS


def _fitting(chars: Iterable[str], room: int) -> str:
    """As many of `chars` as fit `room` terminal cells, in order."""
    out, used = [], 0
    for ch in chars:
        used += cell_len(ch)
        if used > room:
            break
        out.append(ch)
    return "".join(out)


def shorten_unique(labels: Sequence[str], width: int) -> list[str]:
    """Each label cut to `width`, except that two labels never end as the same text: colliding
    ones are given more room until they differ (or are whole: two equal labels stay equal)."""
    result = [shorten(label, width) for label in labels]
    room = width
    longest = max((cell_len(label) for label in labels), default=0)
    while len(set(result)) < len(result) and room < longest:  # equal labels stay equal
        counts: dict[str, int] = {}
        for text in result:
            counts[text] = counts.get(text, 0) + 1
        alike: dict[str, list[str]] = {}
        for label, text in zip(labels, result, strict=True):
            alike.setdefault(text, []).append(label)
        # straight past what the colliding labels share (not a step a character: 800 shared
        # characters were minutes of CPU), then a step at a time; character-wise, as meant
        groups = [group for group in alike.values() if len(group) > 1]
        shared = max(len(os.path.commonprefix(group)) for group in groups)  # noqa: RUF071
        room = max(room + 1, min(shared + 2, longest))
        result = [
            shorten(label, room) if counts[text] > 1 else text
            for label, text in zip(labels, result, strict=True)
        ]
    return result


def cut_distinct(values: Collection[str], width: int) -> dict[str, str]:
    """Each value cut to `width` cells. Where cutting the end would make different values look
    alike (`qpu.aria-1`, `qpu.aria-2`), their middle is cut instead, keeping as much of each end
    as tells them apart (`qpu…ia-1`, `qpu…ia-2`), when the ends do."""
    cut = {value: shorten(value, width) for value in set(values)}
    counts = Counter(cut.values())
    alike = [value for value, text in cut.items() if counts[text] > 1 and text != value]
    for tail in range(1, width - 1):
        if not alike or len(alike) > MAX_MIDDLE_CUTS:
            break
        ends = {
            value: _fitting(value, width - 1 - tail) + ELLIPSIS + _fitting(value[::-1], tail)[::-1]
            for value in alike
        }
        tried = cut | ends
        if len(set(tried.values())) == len(tried):
            return tried
    return cut


# --- the job table ------------------------------------------------------------------------------


def table_text(name: str, value: Any) -> str:
    """A job field as a table cell: the failure's code, the noise model, a timestamp to the
    minute; everything else as in CSV. Full values stay in json/jsonl/csv."""
    if name == "failure" and isinstance(value, dict):
        value = value.get("code") or "?"
    elif name == "noise" and isinstance(value, dict):
        value = value.get("model") or "?"
    elif name.endswith("_at") and isinstance(value, str) and len(value) >= 16 and value[10] == "T":
        value = value[:16].replace("T", " ")
    return printable(cell(value))


@dataclass(frozen=True)
class Column:
    name: str
    width: int


def fit_columns(
    names: Sequence[str],
    rows: list[list[str]],
    width: int,
    *,
    priority: Sequence[str] = PRIORITY,
    uncapped: Collection[str] = ("id",),
    never_shortened: Collection[str] = ("id",),
) -> list[Column]:
    """The columns that fit `width`, each with its width, in display order. Columns are taken in
    priority order at their natural width (free text capped at MAX_NATURAL, except `uncapped`
    ones); the first that does not fit gets what is left if that is at least MIN_CELL, and the
    rest are left out. `never_shortened` columns (the id, which people copy) are left out rather
    than cut."""
    natural = {
        name: max([cell_len(name), *(cell_len(row[i]) for row in rows)])
        for i, name in enumerate(names)
    }
    order = [name for name in priority if name in names]
    order += [name for name in names if name not in order]
    widths: dict[str, int] = {}
    used = 0
    for name in order:
        gap = GAP if widths else 0
        want = natural[name] if name in uncapped else min(natural[name], MAX_NATURAL)
        room = width - used - gap
        if want <= room:
            widths[name] = want
            used += gap + want
        elif name not in never_shortened and room >= min(MIN_CELL, want):
            widths[name] = room  # the first column that does not fit gets what is left
            break
    return [Column(name, widths[name]) for name in names if name in widths]


def print_jobs(
    records: list[dict[str, Any]],
    fields: tuple[str, ...] | None,
    out: IO[str],
    width: int | None = None,
    pinned: Collection[str] = (),
) -> list[str]:
    """The job table, one line per job; returns the names of the columns left out for width.
    A default column the filter `pinned` (`--status failed`: every row says `failed`) gives its
    room to the next ones when every row does share one value; failed jobs' failure comes
    right after the id then (it is why one lists them)."""
    names = list(fields or TABLE_FIELDS)
    priority: Sequence[str] = PRIORITY
    if fields is None:
        shared = {n for n in pinned if len({str(r.get(n)) for r in records}) == 1}
        names = [n for n in names if n not in shared]
        if "status" in shared and records and records[0].get("status") == "failed":
            priority = ("id", "failure", *(n for n in PRIORITY if n not in ("id", "failure")))
    rows = [[table_text(name, record.get(name)) for name in names] for record in records]
    term = console(out, width)
    columns = fit_columns(names, rows, term.width, priority=priority)
    table = Table(box=None, padding=(0, GAP, 0, 0), pad_edge=False, header_style="bold")
    positions = [names.index(column.name) for column in columns]
    for column in columns:
        table.add_column(
            Text(column.name),
            width=column.width,
            no_wrap=True,
            overflow="ellipsis",
            justify="right" if column.name in NUMERIC else "left",
        )
    cuts = [
        cut_distinct([row[i] for row in rows], column.width)
        for i, column in zip(positions, columns, strict=True)
    ]
    for row in rows:
        table.add_row(*(Text(cut[row[i]]) for i, cut in zip(positions, cuts, strict=True)))
    term.print(table)
    return [name for name in names if name not in {column.name for column in columns}]


# --- the summary --------------------------------------------------------------------------------


def status_order() -> tuple[str, ...]:
    """The documented statuses in lifecycle order: JobStatus's own order."""
    from ..enums import JobStatus

    return tuple(status.value for status in JobStatus)


def _ordered_statuses(summary: Summary) -> list[str]:
    present = set(summary.statuses)
    order = status_order()
    known = [status for status in order if status in present]
    return known + sorted(present - set(order))


def _numbers_table(
    label_header: str,
    labels: list[str],
    headers: list[str],
    rows: list[list[str]],
    width: int,
    total_row: list[str] | None = None,
) -> Table:
    """A table of a text column then number columns, fitted to `width`: the labels are shortened
    first (to LABEL_FLOOR), then the longest headers, then the labels again; always to
    distinct texts."""
    all_rows = rows + ([total_row] if total_row else [])
    number_widths = [
        max([cell_len(row[i]) for row in all_rows] or [1]) for i in range(len(headers))
    ]
    label_width = max([cell_len(label) for label in [label_header, *labels]])
    header_texts = list(headers)
    label_texts = list(labels)

    def total() -> int:
        cols = [max(label_width, cell_len(label_header))]
        cols += [max(n, cell_len(h)) for n, h in zip(number_widths, header_texts, strict=True)]
        return sum(cols) + GAP * (len(cols) - 1)

    room = min(label_width, width)  # only ever decreases: distinct labels may need more

    def shorten_labels(floor: int) -> None:
        nonlocal label_width, label_texts, room
        while total() > width and room > floor:
            room -= 1
            label_texts = shorten_unique(labels, room)
            label_width = max(cell_len(text) for text in [label_header, *label_texts])

    shorten_labels(LABEL_FLOOR)
    header_room = max([cell_len(h) for h in headers] or [1])
    while total() > width and header_room > max([*number_widths, 4]):
        header_room -= 1
        header_texts = shorten_unique(headers, header_room)
    shorten_labels(MIN_CELL)
    table = Table(box=None, padding=(0, GAP, 0, 0), pad_edge=False, header_style="bold")
    table.add_column(Text(label_header), no_wrap=True)
    for header in header_texts:
        table.add_column(Text(header), justify="right", no_wrap=True)
    for label, row in zip(label_texts, rows, strict=True):
        table.add_row(Text(label), *(Text(value) for value in row))
    if total_row:
        table.add_row(Text("total"), *(Text(value) for value in total_row), style="bold")
    return table


def duration_unit(largest_us: float) -> tuple[str, float]:
    """One unit for a whole column, chosen by its largest value: (name, microseconds per unit)."""
    for name, size in (("h", 3600e6), ("min", 60e6), ("s", 1e6)):
        if largest_us >= 10 * size or name == "s":
            return name, size
    raise AssertionError("unreachable")


def print_summary(summary: Summary, out: IO[str], width: int | None = None) -> None:
    term = console(out, width)
    if not summary.jobs:
        term.print("no jobs match")
        return
    width = term.width
    backends = summary.backends
    labels = [printable(b) for b in backends]
    statuses = _ordered_statuses(summary)
    rows = []
    for backend in backends:
        counts = [summary.by_status_backend[status, backend] for status in statuses]
        rows.append([f"{n:,}" if n else "·" for n in counts] + [f"{sum(counts):,}"])
    totals = [sum(summary.by_status_backend[s, b] for b in backends) for s in statuses]
    term.print(Text(f"{plural(summary.jobs, 'job')} by backend and status", style="bold"))
    term.print(
        _numbers_table(
            "backend",
            labels,
            [printable(s) for s in statuses] + ["total"],
            rows,
            width,
            [f"{n:,}" for n in totals] + [f"{summary.jobs:,}"],
        )
    )
    if summary.failures_by_code:
        codes = summary.failures_by_code.most_common()
        term.print()
        term.print(Text("failures by code", style="bold"))
        term.print(
            _numbers_table(
                "code",
                [printable(code) for code, _ in codes],
                ["jobs"],
                [[f"{count:,}"] for _, count in codes],
                width,
            )
        )
    billed = summary.billed_us_by_backend
    unit, size = duration_unit(max(billed.values(), default=0))
    usage_rows = [
        [f"{billed[b] / size:,.3f}", f"{summary.shots_by_backend[b]:,}"] for b in backends
    ]
    term.print()
    term.print(Text("billed quantum compute time and shots", style="bold"))
    term.print(
        _numbers_table(
            "backend",
            labels,
            [f"billed QC time ({unit})", "shots"],
            usage_rows,
            width,
            [f"{sum(billed.values()) / size:,.3f}", f"{sum(summary.shots_by_backend.values()):,}"],
        )
    )
    term.print()
    if summary.span is not None:  # in UTC: the server's offsets may differ job to job
        oldest, newest = (f"{when:%Y-%m-%d %H:%M}" for when in summary.span)  # in UTC
        term.print(Text(f"submitted from {oldest} to {newest} UTC"))


def _isatty(out: IO[str]) -> bool:
    try:
        return out.isatty()
    except (AttributeError, ValueError):
        return False


# --- verify -------------------------------------------------------------------------------------


def answer_name(operation: str) -> str:
    """`GET /jobs/{UUID}/cost` -> `cost`: the answer a finding's pointer is in ("" for the
    listing, whose pointers start with /jobs)."""
    last = operation.rsplit("/", 1)[-1]
    return "" if operation == "GET /jobs" else "job" if last.startswith("{") else last


def print_findings(report: DriftReport, out: IO[str], width: int | None = None) -> None:
    """The drift report: a verdict line, then one line per (operation, pointer, kind), most
    frequent first; the pointer starts with the answer it is in (`/jobs`: the listing's pages,
    `job/`, `cost/`, `probabilities/`)."""
    term = console(out, width)
    verdict = "conforms" if report.conforms else f"{len(report.findings)} deviations"
    sampled = report.checked.get("GET /jobs/{UUID}", 0)
    jobs = f", {plural(sampled, 'job')} sampled" if sampled else ""
    checked = f"{plural(report.pages, 'page')} ({plural(report.jobs, 'job')}){jobs}"
    term.print(Text(f"{checked} checked: {verdict}", style="bold"))
    if report.conforms:
        return
    names = ["count", "kind", "pointer", "examples", "job ids"]
    rows = [
        [f"{f.count:,}", f.kind, printable(answer_name(f.operation) + f.pointer),
         printable(" | ".join(f.examples)), printable(", ".join(f.job_ids))]
        for f in report.findings
    ]  # fmt: skip
    # count and kind always; the pointer whole if it fits, else what is left (JSON has it whole)
    columns = fit_columns(
        names, rows, term.width, priority=names, uncapped=("pointer",), never_shortened=()
    )
    table = Table(box=None, padding=(0, GAP, 0, 0), pad_edge=False, header_style="bold")
    positions = [names.index(column.name) for column in columns]
    for column in columns:
        justify: JustifyMethod = "right" if column.name == "count" else "left"
        table.add_column(Text(column.name), width=column.width, no_wrap=True, justify=justify)
    for row in rows:
        cells = zip(positions, columns, strict=True)
        table.add_row(*(Text(shorten(row[i], column.width)) for i, column in cells))
    term.print(table)
