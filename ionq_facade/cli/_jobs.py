"""`show`, `results`, `cost`, `wait`, `cancel`, `delete`: the jobs resource on the command line.
Parsing and rendering only; every request goes through the facade's JobsClient."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import math
import reprlib
import signal
import sys
from collections.abc import Callable, Set
from decimal import Decimal
from typing import Any

import click

from .._config import WAIT_TIMEOUT
from ..enums import JobStatus, is_terminal
from . import _app
from ._app import EXIT_CODES_HELP, EXIT_OK, EXIT_UNSUCCESSFUL, EXIT_USAGE, EXIT_WAIT_TIMEOUT
from ._output import csv_lines, first_few, plural, printable, to_json
from ._progress import erase_line

PREVIEW_ROWS = 5  # jobs shown before asking to act on them
QUEUED = frozenset({JobStatus.SUBMITTED, JobStatus.READY})  # not run yet: a cancel bills nothing
BAR_WIDTH = 30


def _run(action: Callable[[], object]) -> None:
    from ._progress import Progress

    def quiet() -> None:
        action()

    _app.api_errors(None, quiet, Progress(enabled=False))


Cell = str | list[str]  # a list: one line each


def _echo_table(
    rows: list[list[Cell]], header: list[str], last_min: int | None = None, term: Any = None
) -> None:
    """`last_min`: the width the last column keeps (rich shrinks the others to fit)."""
    from rich.table import Table

    from ._table import PlainConsole

    table = Table(box=None, header_style="bold", pad_edge=False)
    for index, name in enumerate(header):
        last = index == len(header) - 1
        table.add_column(
            name,
            overflow="fold",
            min_width=last_min if last else None,
            max_width=term.width - last_min - 2 if term and last_min and not last else None,
        )
    for row in rows:  # server text, control characters escaped (printable is idempotent)
        table.add_row(*("\n".join(map(printable, _lines(c))) for c in row))
    (term or PlainConsole()).print(table)


def _plain(value: Any) -> str:
    from ._output import cell

    return cell(value)


def _finite(param: click.Parameter, value: float) -> float:
    """FloatRange lets NaN through (it compares false with every bound)."""
    if not math.isfinite(value):
        raise click.BadParameter(f"{value!r} is not a number of seconds", param=param)
    return value


JSON_START = ("{", "[", '"')
IDS_HELP = (
    "Name jobs by id (A B, or A,B), or '-' alone to read ids from stdin: one per line, or the "
    "JSON or CSV that `list` writes."
)


def _read_ids(job_ids: tuple[str, ...]) -> list[str]:
    """The ids given (`A B` or `A,B`, as --status takes several), or, for `-` alone, those on
    stdin: one per line (blank lines and a BOM ignored), or the jobs `list` writes (JSON lines,
    a JSON array, or CSV with its header: the `id` column): `list ... | cancel -`."""
    if "-" in job_ids and len(job_ids) > 1:
        raise click.UsageError("'-' reads the job ids from stdin: give it alone")
    if job_ids != ("-",):
        given = _given_ids(job_ids)
        return _checked_ids(given) if given else given  # none: cancel/delete by filters
    try:
        text = sys.stdin.read().lstrip("\ufeff")
    except OSError as exc:  # `0>file`: open for writing only (it was "cannot write output")
        raise click.UsageError(f"cannot read the job ids on stdin: {exc.strerror or exc}") from None
    whole = _whole_json(text)  # `list --format json`, `show --format json`
    lines = [line.strip() for line in text.split("\n")]  # not splitlines: U+2028 is in a name
    first = next((line for line in lines if line), "")
    if whole is not None:
        items = whole if isinstance(whole, list) else [whole]
    elif "," in first and not first.startswith(JSON_START):  # `list --format csv`
        items = _csv_ids(text, first)
    else:  # one id per line (after the header of `--fields id`), or JSON lines
        body = lines[lines.index(first) + 1 :] if first == "id" else lines
        items = [_line_item(line) for line in body]
    ids = [_id_of(item) for item in items if item != ""]
    if not ids:
        raise click.UsageError(
            "no job ids on stdin ('-' reads them there: one per line, or the JSON or CSV of `list`)"
        )
    return _checked_ids(ids)


def _given_ids(values: tuple[str, ...]) -> list[str]:
    """The ids of the arguments, split as --status values are; `A,` names its empty id."""
    for value in values:
        if "" in _app.split_values((value,)):
            raise click.UsageError(f"an empty job id in {value!r}: ids are separated by commas")
    return _app.split_values(values)


def _one_id(ctx: click.Context, _param: click.Parameter, value: str) -> str:
    """`show` and `results` take one id: a comma list or `-` would be sent as an id (a 404)."""
    if value == "-" or "," in value:
        what = "'-' (stdin)" if value == "-" else f"{value!r}, a comma list"
        raise click.UsageError(
            f"{ctx.info_name} takes one job id, not {what}; for several jobs: "
            "ionq-jobs list --id A,B (or cost, wait, cancel, delete)"
        )
    return _checked_ids([value])[0]


def _line_item(line: str) -> Any:
    """One line of ids on stdin: an id, or JSON. A line with commas is a CSV row without the
    header that names its columns (which one is the id?): refused, never guessed."""
    if line.startswith(JSON_START):
        return _json_line(line)
    if "," in line:
        raise click.UsageError(
            f"a line of stdin holds commas: {line[:60]!r}; give one id per line, or CSV with its "
            "header (the id column is read)"
        )
    return line


def _csv_ids(text: str, header: str) -> list[str]:
    """The `id` column of CSV (list's, whatever its --fields); CSV without one is refused: a
    row's cells (a parent_job_id) must never be taken for the jobs named."""
    csv.field_size_limit(max(csv.field_size_limit(), len(text)))  # a large cell is one cell
    rows = csv.DictReader(io.StringIO(text.lstrip()))
    try:
        if "id" not in (rows.fieldnames or ()):
            raise click.UsageError(
                f"stdin is CSV without an id column (first line {header[:60]!r}): pipe `list "
                "--format csv` with its header (--header) and id among its --fields"
            )
        return [row.get("id") or "" for row in rows]
    except csv.Error as exc:
        raise click.UsageError(f"stdin is not CSV that can be read: {exc}") from None


def _checked_ids(ids: list[str]) -> list[str]:
    """Every id, checked before any request (a read of one, then a usage error, loses it)."""
    from .._results import check_job_id

    try:
        return [check_job_id(job_id, "job id") for job_id in ids]
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None


def _whole_json(text: str) -> Any:
    """Stdin as one JSON array or object, or None (lines, each its own)."""
    if text.lstrip()[:1] not in ("[", "{"):
        return None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):  # JSON lines, or not JSON: told line by line
        return None


def _json_line(line: str) -> Any:
    try:
        return json.loads(line)
    except (ValueError, RecursionError):
        raise click.UsageError(f"a line of stdin is not JSON: {line[:60]!r}") from None


def _id_of(item: Any) -> str:
    """An id as given, or a job's `id` (from the JSON `list` writes)."""
    job_id = item.get("id") if isinstance(item, dict) else item
    if not isinstance(job_id, str):
        shown = reprlib.repr(item)  # bounded, however deep or long
        raise click.UsageError(f"stdin has {shown}, which is neither a job id nor a job with an id")
    return job_id


def _pick(fmt: str | None) -> str:
    return fmt or ("table" if sys.stdout.isatty() else "json")


formats = click.option("--format", "output_format", type=click.Choice(["table", "json"]))


@_app.main.command("show", epilog=EXIT_CODES_HELP)
@click.argument("job_id", callback=_one_id)
@formats
@_app.global_options(default=False)
@click.pass_context
def show_command(
    ctx: click.Context, /, job_id: str, output_format: str | None, **values: Any
) -> None:
    """Every field of one job (and a multi-circuit job's children)."""
    settings = _app.command_settings(ctx, values)

    def action() -> None:
        with settings.client() as client:
            job = client.get_job(job_id, raw=True)
        assert isinstance(job, dict)
        if _pick(output_format) == "json":
            click.echo(to_json(job, indent=2))
            return
        from ._table import PlainConsole

        rows = _field_rows(job)
        words = [w for _, value in rows for line in _lines(value) for w in line.split()]
        parts = [f"{p}." for key, _ in rows for line in _lines(key) for p in line.split(".")]
        term = PlainConsole()  # the width it prints at: narrower than 80, rich cut what did not fit
        width, longest = term.width, max(map(len, words), default=0)
        # every value word whole when the names' parts fit beside them, else as long as fits
        need = max(min(longest, width - max(map(len, parts)) - 2), min(longest, MIN_VALUE_ROOM))
        need = min(need, max(width - MIN_NAME_ROOM - 2, 1))  # a narrow terminal: names too
        table = [[_dotted(key, width - need - 2), value] for key, value in rows]
        _echo_table(table, ["field", "value"], last_min=need, term=term)

    _run(action)


MAX_DOTTED_DEPTH = 16  # deeper objects are one value, as JSON
MIN_VALUE_ROOM = 24  # what a field's value keeps beside a name too long to break
MIN_NAME_ROOM = 12  # what a field's name keeps on a terminal narrower than both


def _lines(cell: Cell) -> list[str]:
    return cell if isinstance(cell, list) else [cell]


def _dotted(key: Cell, room: int) -> Cell:
    """A dotted field name longer than `room`, on lines broken after its dots (rich breaks a
    name, or a value beside it, in the middle of a word: copied, it would be two pieces)."""
    if not isinstance(key, str) or len(key) <= room:
        return key
    lines, parts = [""], key.split(".")
    for index, part in enumerate(parts):
        piece = part if index == len(parts) - 1 else f"{part}."
        if lines[-1] and len(lines[-1]) + len(piece) > room:
            lines.append("")
        lines[-1] += piece
    return lines


def _field_rows(value: Any, prefix: str = "", depth: int = 0) -> list[list[Cell]]:
    """A job as (field, value) rows that read on a terminal: nested objects as dotted names
    (`stats.qubits`), a list of strings (child_job_ids) one per line, other values as in CSV
    (timestamps whole). The document as it came: --format json."""
    rows: list[list[Cell]] = []
    for name, item in value.items():
        key = f"{prefix}{name}"
        if isinstance(item, dict) and item and depth < MAX_DOTTED_DEPTH:
            rows += _field_rows(item, f"{key}.", depth + 1)
        elif isinstance(item, list) and item and all(isinstance(v, str) for v in item):
            rows.append([printable(key), [printable(v) for v in item]])
        else:
            rows.append([printable(key), printable(_plain(item))])
    return rows


@_app.main.command("results", epilog=EXIT_CODES_HELP)
@click.argument("job_id", callback=_one_id)
@click.option("--format", "output_format", type=click.Choice(["table", "json", "csv"]))
@click.option(
    "--top",
    type=click.IntRange(min=1),
    help="The N most likely states, most likely first (default: every state in state order; "
    "on the table, as many as fit).",
)
@click.option("--sharpen", is_flag=True, default=None, help="Ask IonQ for the sharpened results.")
@_app.global_options(default=False)
@click.pass_context
def results_command(
    ctx: click.Context,
    /,
    job_id: str,
    output_format: str | None,
    top: int | None,
    sharpen: bool | None,
    **values: Any,
) -> None:
    """The probabilities of a completed job's states as bit strings (qubit 0 rightmost).

    On a terminal, a table of the most likely states with a bar each; json (the default off a
    terminal) and csv give every state, in state order, or the --top N. A multi-circuit job: one
    block per child, in order."""
    settings = _app.command_settings(ctx, values)

    def action() -> None:
        with settings.client() as client:
            results = client.get_results(job_id, sharpen=sharpen or None)
        blocks = results.children or {results.job_id: results}
        fmt = _pick(output_format)

        def chosen(block: Any) -> dict[str, float]:  # --top: json and csv too (it was ignored)
            states: dict[str, float] = block.bitstrings()
            if top is None:
                return states
            return dict(sorted(states.items(), key=lambda item: -item[1])[:top])

        if fmt == "json":
            click.echo(to_json({k: chosen(r) for k, r in blocks.items()}, indent=2))
            return
        if fmt == "csv":  # quoted as CSV: a child's id is the server's text
            states = [
                [key, state, repr(p)] for key, b in blocks.items() for state, p in chosen(b).items()
            ]
            click.echo(csv_lines([["job_id", "state", "probability"], *states]), nl=False)
            return
        rows = max(3, _rows() - 4) if top is None else top
        for key, block in blocks.items():
            if len(blocks) > 1:
                click.echo(f"{key}:")
            ranked = sorted(block.bitstrings().items(), key=lambda item: -item[1])
            if not ranked:  # said, not a blank screen
                click.echo("  (no states: the results are empty)")
            for state, p in ranked[:rows]:
                click.echo(f"  {state}  {p:8.4f}  {_bar(p, len(state))}")
            if len(ranked) > rows:
                click.echo(f"  … {plural(len(ranked) - rows, 'more state')}")

    _run(action)


def _bar(probability: float, state_width: int) -> str:
    """A bar as long as the probability, in what is left of the line (none for NaN or inf)."""
    from ._table import terminal_width

    room = min(BAR_WIDTH, terminal_width() - state_width - 14)
    if not math.isfinite(probability) or room <= 0:
        return ""
    return "█" * round(min(max(probability, 0.0), 1.0) * room)


def _rows() -> int:
    from ._table import terminal_rows

    return terminal_rows()


@_app.main.command(
    "cost",
    epilog=EXIT_CODES_HELP,
    help=f"What each job cost (or is estimated to cost), and a total per unit. {IDS_HELP}",
)
@click.argument("job_ids", nargs=-1, required=True)
@formats
@_app.global_options(default=False)
@click.pass_context
def cost_command(
    ctx: click.Context, /, job_ids: tuple[str, ...], output_format: str | None, **values: Any
) -> None:
    """`cost` (its help is the decorator's: it names the ways to give ids)."""
    settings = _app.command_settings(ctx, values)

    def action() -> None:
        from .. import errors
        from .._results import unique_ids

        ids = unique_ids(_read_ids(job_ids))  # each once: a total counts it once
        costs, missing = [], []
        failed: dict[str, errors.IonQError] = {}  # this job's answer: the others go on
        stopped: errors.IonQError | None = None  # no later request can fare better
        with settings.client() as client:
            for job_id in ids:
                try:
                    costs.append(client.get_cost(job_id))
                except errors.NotFoundError:
                    missing.append(job_id)
                except errors.IonQError as exc:
                    failed[job_id] = exc
                    if not _this_jobs(exc):
                        stopped = exc
                        break
        asked = len(costs) + len(missing) + len(failed)
        not_asked = ids[asked:]
        malformed = [i for i, e in failed.items() if isinstance(e, errors.MalformedResponseError)]
        others = [i for i in failed if i not in malformed]
        sums: dict[str, Decimal] = {}
        for item in costs:  # added as the amounts read: 0.1 + 0.2 is 0.3, not 0.30000000000000004
            if item.cost is not None:
                amount = Decimal(repr(item.cost.value))
                sums[item.cost.unit] = sums.get(item.cost.unit, Decimal()) + amount
        totals = {unit: float(total) for unit, total in sums.items()}
        with _app.reader_may_leave():
            if _pick(output_format) == "json":
                jobs = [c.raw | {"id": c.job_id} for c in costs]
                answer = {
                    "jobs": jobs, "totals": totals, "not_found": missing,
                    "malformed": malformed, "failed": others, "not_asked": not_asked,
                }  # fmt: skip
                click.echo(to_json(answer, indent=2))
            else:
                _cost_table(costs, totals, missing, malformed, others, not_asked)
        if failed:  # after the costs of the others: the error that stopped it, else the first
            raise stopped or next(iter(failed.values()))
        overflown = [unit for unit, total in totals.items() if not math.isfinite(total)]
        if overflown:  # each amount finite, their sum not: JSON's null would pass for a total
            units = ", ".join(map(repr, overflown))
            _app.fail(f"the total in {units} is too large to add up", _app.EXIT_MALFORMED)
        if missing:
            _app.fail(f"not found: {', '.join(missing)}", _app.EXIT_API)

    _run(action)


def _this_jobs(exc: Exception) -> bool:
    """An error of one job's answer (a 400, a 500, a 501, a malformed body), after which the
    next job's request may fare better; not a refused key, a rate limit, a gateway or service
    that is down (502-504, 520-529: each id would wait out every retry) or a network error."""
    from .. import errors
    from .._retry import RETRY_STATUSES

    stopping = (errors.AuthenticationError, errors.PermissionDeniedError, errors.RateLimitError)
    return isinstance(exc, errors.MalformedResponseError) or (
        isinstance(exc, errors.APIStatusError)
        and not isinstance(exc, stopping)
        and exc.status_code not in RETRY_STATUSES - {500}
    )


def _cost_table(
    costs: list[Any],
    totals: dict[str, float],
    missing: list[str],
    malformed: list[str],
    failed: list[str],
    not_asked: list[str],
) -> None:

    def money(m: Any) -> str:
        return "not priced" if m is None else f"{m.value:,.2f} {m.unit}"

    rows = [[c.job_id, money(c.cost), money(c.estimated_cost)] for c in costs]
    rows += [[job_id, "not found", ""] for job_id in missing]
    rows += [[job_id, "malformed answer", ""] for job_id in malformed]
    rows += [[job_id, "error", ""] for job_id in failed]
    rows += [[job_id, "not asked", ""] for job_id in not_asked]
    rows += [["total", f"{value:,.2f} {unit}", ""] for unit, value in totals.items()]
    _echo_table(rows, ["job", "cost", "estimated"])


@_app.main.command(
    "wait",
    epilog=EXIT_CODES_HELP,
    help="Wait until the jobs are completed, failed, canceled, gone, or in a status this tool "
    f"does not know. {IDS_HELP} Exit 0 when all completed, 10 when any ended otherwise, 11 when "
    "time ran out.",
)
@click.argument("job_ids", nargs=-1, required=True)
@click.option(
    "--timeout",
    "wait_timeout",
    type=click.FloatRange(min=0, max=1e8),  # beyond: a usage error naming --timeout
    callback=lambda ctx, param, value: _finite(param, value),
    default=WAIT_TIMEOUT,
    show_default=True,
    help="Seconds the whole wait may take (0: check once).",
)
@formats
@_app.global_options(default=False, timeout_alias=())
@click.pass_context
def wait_command(
    ctx: click.Context,
    /,
    job_ids: tuple[str, ...],
    wait_timeout: float,
    output_format: str | None,
    **values: Any,
) -> None:
    """`wait` (its help is the decorator's: it names the ways to give ids)."""
    from .. import errors
    from ._waiting import WaitView

    settings = _app.command_settings(ctx, values)
    outcome: list[Any] = []
    from .._results import unique_ids

    ids = unique_ids(_read_ids(job_ids))  # a UUID in two cases is one job to wait for
    view = WaitView(ids, live=_pick(output_format) == "table" and sys.stdout.isatty())

    def action() -> None:
        with settings.client() as client, view:
            try:
                states = client.wait_for_jobs(
                    ids, timeout=wait_timeout, raw=True, on_poll=view.poll
                )
                outcome.append(states)
            except errors.WaitTimeoutError as exc:
                read = {k: v for k, v in exc.jobs.items() if v is not None or k not in exc.pending}
                view.poll(read)
                view.stop()
                if not view.shown:
                    _print_states(exc.jobs, output_format, view, set(exc.pending) - set(read))
                _app.fail(str(exc), EXIT_WAIT_TIMEOUT)

    _run(action)
    states = outcome[0]
    if not view.shown:
        _print_states(states, output_format, view)
    others = {k: v for k, v in states.items() if v is None or v.get("status") != "completed"}
    if others:
        from ._waiting import status_of

        shown = first_few(
            [f"{k} {printable(status_of(v, k in view.found))}" for k, v in others.items()]
        )
        _app.say(f"{len(states) - len(others)} of {len(states)} completed; not completed: {shown}")
    sys.exit(EXIT_UNSUCCESSFUL if others else EXIT_OK)


def _print_states(
    states: dict[str, Any], output_format: str | None, view: Any, unknown: Set[str] = frozenset()
) -> None:
    """Each job's last status; "gone" when a poll found it no more, "not-found" when none ever
    did, "unknown" when none could read it."""
    from ._waiting import status_of

    labels = {
        k: "unknown" if k in unknown else status_of(v, k in view.found) for k, v in states.items()
    }
    with _app.reader_may_leave():
        if _pick(output_format) == "json":
            click.echo(to_json(labels, indent=2))
            return
        rows = [[k, label, view.waited(k)] for k, label in labels.items()]
        _echo_table(rows, ["job", "status", "waited"])


def _targets(
    settings: Any, job_ids: tuple[str, ...], values: dict[str, Any]
) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """The jobs found, by the id each was named by, and every id named, in order: the ids given
    (or read from stdin with `-`; a UUID once in any case; those not found are in the list
    only), or the jobs the listing filters match, each checked against them here (never every
    job by default, nor a job a server or proxy that dropped a filter listed)."""
    from .._operations import listing_plan
    from .._results import chunk_ids, is_job_id, unique_ids
    from .._window import parse_timestamp

    ids = _read_ids(job_ids)
    filters = {k: v for k, v in values.items() if v not in (None, (), False) and k != "page_size"}
    if not ids and not filters:
        raise click.UsageError(
            "name the jobs: ids, '-' for ids on stdin, or listing filters "
            "(--status, --target, --session-id, --since, ...)"
        )
    if ids and filters:
        raise click.UsageError("give either ids or filters, not both")
    listing = _app.make_listing(**values)
    with settings.client() as client:
        if ids:
            unique = unique_ids(ids)
            found: dict[str, dict[str, Any]] = {}
            for chunk in chunk_ids(unique):  # read as the write reads them (listing_plan)
                found |= client._run(listing_plan(chunk))
            return {i: found[i] for i in unique if i in found}, unique
        kwargs = dict(listing.filters, since=listing.since, until=listing.until)
        if listing.statuses:
            kwargs["status"] = list(listing.statuses)
        listed = list(client.iter_jobs(raw=True, **kwargs))
    query = listing.query()
    matching = [job for job in listed if query.matches(job)]
    if len(matching) < len(listed):
        ignored = plural(len(listed) - len(matching), "job")
        click.echo(
            f"warning: left alone {ignored} the server listed that the filters do not match",
            err=True,
        )
    if listing.since or listing.until:  # the listing keeps them; a write acts on proof only
        placed = [job for job in matching if parse_timestamp(job.get("submitted_at"))]
        if len(placed) < len(matching):
            ignored = plural(len(matching) - len(placed), "job")
            click.echo(
                f"warning: left alone {ignored} whose submitted_at cannot be read, so "
                "--since/--until cannot place them",
                err=True,
            )
        matching = placed
    sendable = [job for job in matching if is_job_id(job["id"])]
    if len(sendable) < len(matching):  # `a b`, `../x`: no request can name them
        unsendable = [repr(job["id"])[:40] for job in matching if not is_job_id(job["id"])]
        click.echo(
            f"warning: left alone {plural(len(unsendable), 'job')} whose id no request can "
            f"name: {first_few(unsendable)}",
            err=True,
        )
    return {job["id"]: job for job in sendable}, unique_ids(job["id"] for job in sendable)


def _act(
    ctx: click.Context,
    verb: str,
    job_ids: tuple[str, ...],
    dry_run: bool,
    yes: bool,
    output_format: str | None,
    values: dict[str, Any],
) -> None:
    from .._operations import DONE

    settings = _app.command_settings(ctx, values)
    found: list[tuple[dict[str, dict[str, Any]], list[str]]] = []
    _run(lambda: found.append(_targets(settings, job_ids, values)))
    targets, ids = found[0]  # by the id each was named by (a UUID may be answered lower-case)
    missing = len(ids) - len(targets)
    from ._table import print_jobs

    # cancel leaves finished jobs alone: those are not what it would act on
    finished = {
        i: j for i, j in targets.items() if verb == "cancel" and is_terminal(j.get("status"))
    }
    acting_by_id = {i: j for i, j in targets.items() if i not in finished}
    acting = list(acting_by_id.values())
    left_alone = (
        f"; {plural(len(finished), 'job')} already finished, left alone" if finished else ""
    ) + (f"; {plural(missing, 'id')} not found" if missing else "")
    columns = ("id", "status", "backend", "submitted_at")
    if dry_run:  # the preview is the output: as a table, or as records
        fmt = output_format or ("table" if sys.stdout.isatty() else "jsonl")
        with _app.reader_may_leave():
            if fmt == "table":
                if acting:  # no header over nothing: the line below says why
                    print_jobs(acting, columns, sys.stdout)
            else:
                records = [{name: j.get(name) for name in columns} for j in acting]
                text = (
                    to_json(records, indent=2)
                    if fmt == "json"
                    else "\n".join(map(to_json, records))
                )
                if text:
                    click.echo(text)
        _app.say(
            f"would {verb} {plural(len(acting), 'job')}{left_alone} (dry run: nothing sent "
            "but GETs)"
        )
        _say_missing(ids, targets)  # named, as the run names them (a typo is found here)
        sys.exit(EXIT_UNSUCCESSFUL if missing else EXIT_OK)  # as the run would end
    if not ids:
        if output_format == "json":  # still one JSON document
            with _app.reader_may_leave():
                _print_outcomes([], output_format)
        _app.say(f"no jobs to {verb}")
        sys.exit(EXIT_OK)
    if acting and not yes:  # nothing to ask when nothing would be sent but reads
        if sys.stdin.isatty() and sys.stderr.isatty():
            shown = acting if len(acting) <= PREVIEW_ROWS + 1 else acting[:PREVIEW_ROWS]
            print_jobs(shown, columns, sys.stderr)  # the question's context ("1 more": shown)
            if len(acting) > len(shown):
                click.echo(f"… and {len(acting) - PREVIEW_ROWS} more{left_alone}", err=True)
            elif left_alone:
                click.echo(left_alone.removeprefix("; "), err=True)
            _say_missing(ids, targets)  # before the question: a typo is seen before acting
        if not (sys.stdin.isatty() and sys.stderr.isatty()):  # `list | cancel -`: stdin is
            which = "stdin" if not sys.stdin.isatty() else "stderr"  # the pipe of ids
            _app.fail(
                f"refusing to {verb} {plural(len(acting), 'job')} without --yes "
                f"(no terminal to ask: {which} is not one)",
                EXIT_USAGE,
            )
        if not _confirmed(f"{verb} {plural(len(acting), 'job')}?"):
            click.echo(f"nothing {DONE[verb]}", err=True)
            sys.exit(EXIT_UNSUCCESSFUL)
    if verb == "cancel" and not all(_queued(job) for job in acting):  # one may have run
        click.echo("note: a job that already ran may still be billed for what it ran", err=True)
    from .._results import JobOutcome, chunk_ids

    # only the jobs previewed (and asked about) are sent; the others' outcomes are the preview's
    outcomes: dict[str, Any] = {i: JobOutcome(i, "not-found") for i in ids}
    outcomes |= {i: JobOutcome(i, "already-terminal", j["status"]) for i, j in finished.items()}
    send = list(acting_by_id)
    done, abandoned = _bulk(settings, verb, send) if send else ([], False)
    outcomes |= {o.id: o for o in done}
    left = [i for i in send if i not in {o.id for o in done}]
    unknown = set(next(chunk_ids(left), []) if abandoned else [])  # the request in flight
    outcomes |= {i: _Left(i, "unknown" if i in unknown else "not-sent") for i in left}
    lost: list[str] = []  # stdout that failed: told after the summary of what was done
    with _app.reader_may_leave(lost=lost):
        _print_outcomes(list(outcomes.values()), output_format)
    done = [o for o in outcomes.values() if not isinstance(o, _Left)]
    if left:
        why = f" ({len(unknown)} in the abandoned request: unknown)" if unknown else ""
        message = (
            f"interrupted: {len(done)} of {len(ids)} done; {len(left)} not done{why}, listed "
            f"with their outcome; to finish, pass those ids to `ionq-jobs {verb} -`"
        )
        _app.say(_app.wrapped(message, sys.stderr))
        _app.exit_after(_app.EXIT_INTERRUPTED, lost)
    good = {"canceled", "already-terminal"} if verb == "cancel" else {"deleted"}
    failed = [o for o in done if o.outcome not in good]
    counts = {outcome: sum(1 for o in done if o.outcome == outcome) for outcome in good}
    said = {"canceled": "canceled", "already-terminal": "already finished (left alone)",
            "deleted": "deleted"}  # fmt: skip
    order = ("canceled", "already-terminal", "deleted")
    parts = [f"{plural(counts[o], 'job')} {said[o]}" for o in order if counts.get(o)]
    if failed:
        kinds = sorted({o.outcome for o in failed})
        parts.append(f"{plural(len(failed), 'job')} not {DONE[verb]} ({', '.join(kinds)})")
    _app.say(_app.wrapped("; ".join(parts) or f"no jobs to {verb}", sys.stderr))
    _app.exit_after(_told_errors(failed) if failed else EXIT_OK, lost)


def _queued(job: dict[str, Any]) -> bool:
    """Not run yet, so a cancel bills nothing (a status that is not a string is not known)."""
    status = job.get("status")
    return isinstance(status, str) and status in QUEUED


def _confirmed(question: str) -> bool:
    """Yes only for y or yes; anything else, and Ctrl-D, is no (click's confirm took Ctrl-D for
    Ctrl-C: exit 130 and not a word). Ctrl-C stays an interruption."""
    click.echo(f"{question} [y/N]: ", nl=False, err=True)
    try:
        answer = input()
    except EOFError:
        click.echo(err=True)  # the cursor was left after the question
        return False
    return answer.strip().lower() in ("y", "yes")


def _say_missing(ids: list[str], targets: dict[str, Any]) -> None:
    """The ids given that no job answered, by name (the first few)."""
    absent = [printable(i) for i in ids if i not in targets]
    if absent:
        _app.say(f"not found: {first_few(absent, PREVIEW_ROWS)}")


def _told_errors(failed: list[Any]) -> int:
    """Each distinct error of the jobs not done, on stderr (a table has no room for it); the
    exit code: that error's, when one kind of API failure (a refused key, a rate limit, the
    network) stopped every one of them, else EXIT_UNSUCCESSFUL."""
    from collections import Counter

    from .. import errors

    causes = [o.error for o in failed if o.error is not None]
    told = Counter(_app.one_line(str(e)) for e in causes).most_common()
    for message, count in told[:PREVIEW_ROWS]:
        _app.say(f"  {plural(count, 'job')}: {message}")
    if len(told) > PREVIEW_ROWS:
        _app.say(f"  … and {len(told) - PREVIEW_ROWS} more errors (--format jsonl has each)")
    api = (errors.APIStatusError, errors.APIConnectionError, errors.MalformedResponseError)
    codes = {_app.exit_code(e) if isinstance(e, api) else EXIT_UNSUCCESSFUL for e in causes}
    return codes.pop() if len(codes) == 1 and len(causes) == len(failed) else EXIT_UNSUCCESSFUL


@dataclasses.dataclass(frozen=True)
class _Left:
    """An id the interrupted command did not finish: `not-sent`, or `unknown` (in flight)."""

    id: str
    outcome: str
    status: str | None = None
    error: Exception | None = None


class _Stopped(Exception):
    """Ctrl-C, seen between two bulk requests: stop there, with every outcome known."""


def _bulk(settings: Any, verb: str, ids: list[str]) -> tuple[list[Any], bool]:
    """Cancel or delete `ids`, chunk by chunk, with progress on a terminal. The first Ctrl-C
    stops after the request in flight (its outcomes are known; a chunk's read in flight: before
    its write); a second one abandons it (its ids are then reported as not done, since whether
    the server acted is unknown)."""
    done: list[Any] = []
    stop: list[bool] = []
    abandoned: list[bool] = []
    show = sys.stderr.isatty()

    def interrupt(*_: object) -> None:
        if stop:
            raise KeyboardInterrupt
        stop.append(True)
        if show:
            sys.stderr.write(
                f"{erase_line()}stopping after the request in flight (Ctrl-C again: now)"
            )
            sys.stderr.flush()

    def chunk_done(outcomes: list[Any]) -> None:
        done.extend(outcomes)
        if show and not stop:
            sys.stderr.write(f"{erase_line()}{verb}: {len(done)} of {len(ids)} jobs")
            sys.stderr.flush()
        if stop:
            raise _Stopped

    def before_write(_chunk: list[str]) -> None:
        if stop:  # Ctrl-C during a chunk's read: its write is not sent
            raise _Stopped

    def work() -> None:
        with settings.client() as client:
            method = client.cancel_jobs if verb == "cancel" else client.delete_jobs
            try:
                method(ids, on_chunk=chunk_done, before_write=before_write)
            except _Stopped:
                pass
            except KeyboardInterrupt:
                abandoned.append(True)

    ignored = signal.getsignal(signal.SIGINT) is signal.SIG_IGN  # nohup, `&` in a script
    previous = (
        signal.getsignal(signal.SIGINT) if ignored else signal.signal(signal.SIGINT, interrupt)
    )
    try:
        _run(work)
    finally:
        signal.signal(signal.SIGINT, previous)
        if show:
            sys.stderr.write(erase_line())
            sys.stderr.flush()
    return done, bool(abandoned)


def _print_outcomes(outcomes: list[Any], output_format: str | None) -> None:
    records = [
        {
            "id": o.id,
            "outcome": o.outcome,
            "status": o.status,
            "error": str(o.error) if o.error else None,
        }
        for o in outcomes
    ]
    fmt = output_format or ("table" if sys.stdout.isatty() else "jsonl")
    if fmt == "json":
        click.echo(to_json(records, indent=2))
    elif fmt == "jsonl":
        for record in records:
            click.echo(to_json(record))
    else:
        _echo_table(
            [[r["id"], r["outcome"], r["status"] or ""] for r in records],
            ["id", "outcome", "status"],
        )


def _write_command(verb: str) -> Callable[..., Any]:
    @click.argument("job_ids", nargs=-1)
    @_app.filter_options
    @_app.window_options
    @click.option("--dry-run", is_flag=True, help="Show the jobs it would act on; send only GETs.")
    @click.option("--yes", is_flag=True, help="Do not ask (needed without a terminal).")
    @click.option("--format", "output_format", type=click.Choice(["table", "json", "jsonl"]))
    @_app.global_options(default=False)
    @click.pass_context
    def command(
        ctx: click.Context,
        /,
        job_ids: tuple[str, ...],
        dry_run: bool,
        yes: bool,
        output_format: str | None,
        **values: Any,
    ) -> None:
        _act(ctx, verb, job_ids, dry_run, yes, output_format, values)

    return command


cancel_command = _app.main.command(
    "cancel",
    epilog=EXIT_CODES_HELP,
    help=f"Cancel the jobs named, or those the filters match. {IDS_HELP} Jobs already completed, "
    "failed or canceled are left alone. Exit 0 when every job ended canceled or already "
    "terminal, 10 when not (--dry-run: 10 when an id is not found, as the run would).",
)(_write_command("cancel"))
delete_command = _app.main.command(
    "delete",
    epilog=EXIT_CODES_HELP,
    help=f"Delete jobs permanently: those named, or those the filters match. {IDS_HELP} "
    "Exit 0 when every job was deleted, 10 when not (--dry-run: 10 when an id is not found, as "
    "the run would).",
)(_write_command("delete"))
