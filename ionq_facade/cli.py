"""`ionq-jobs`: look at and export an IonQ project's job history from the command line.

Parsing and rendering only: every request goes through JobsClient. Exit codes (also in --help):

    0  success                      5  rate limited (after retries)
    2  bad usage or filter value    6  network failure or timeout (after retries)
    3  no API key                   7  other API error (4xx/5xx)
    4  key rejected (401/403)       8  malformed response from the API
  130  interrupted (Ctrl-C); the cursor to resume with is printed
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from ._cli_output import FORMATS, Progress, check_fields

if TYPE_CHECKING:
    from ._client import JobsClient
    from ._pagination import JobsPage

EXIT_USAGE, EXIT_NO_KEY, EXIT_AUTH, EXIT_RATE_LIMIT, EXIT_NETWORK, EXIT_API, EXIT_MALFORMED = (
    2,
    3,
    4,
    5,
    6,
    7,
    8,
)
EXIT_INTERRUPTED = 130
SCREENFUL = 20
BASE_URL_ENV = "IONQ_BASE_URL"
STATUSES = ("submitted", "ready", "started", "canceled", "failed", "completed")

EXIT_CODES_HELP = """\b
Exit codes: 0 ok, 2 bad usage or filter, 3 no API key, 4 key rejected (401/403),
5 rate limited, 6 network or timeout, 7 other API error, 8 malformed response,
130 interrupted (prints the cursor to --resume from)."""


@dataclass
class Settings:
    api_key_file: Path | None
    base_url: str | None
    verbose: bool
    max_retries: int
    timeout: float
    api_key: str | None = None  # only the demo sets it (the mock's fake key)

    def client(self) -> JobsClient:
        from ._client import JobsClient
        from ._config import DEFAULT_BASE_URL

        api_key = self.api_key
        if self.api_key_file is not None:
            try:
                api_key = self.api_key_file.read_text().strip()
            except OSError as exc:
                fail(
                    f"cannot read --api-key-file {str(self.api_key_file)!r}: {exc.strerror}",
                    EXIT_NO_KEY,
                )
        base_url = self.base_url or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL
        return JobsClient(
            api_key=api_key, base_url=base_url, timeout=self.timeout, max_retries=self.max_retries
        )


def entry() -> None:
    """The console script: click's usage errors as one line (exit 2), like every other error."""
    try:
        main(standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        fail(exc.format_message().replace("\n", " "), EXIT_USAGE)
    except click.exceptions.Abort:
        sys.exit(EXIT_INTERRUPTED)


def fail(message: str, code: int) -> NoReturn:
    click.echo(f"ionq-jobs: error: {message}", err=True)
    sys.exit(code)


@click.group(epilog=EXIT_CODES_HELP, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--api-key-file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Read the API key from this file (default: the IONQ_API_KEY variable).",
)
@click.option(
    "--base-url", metavar="URL", help=f"API base URL (default: ${BASE_URL_ENV} or IonQ's v0.4 URL)."
)
@click.option(
    "--max-retries",
    type=click.IntRange(min=0),
    default=3,
    show_default=True,
    help="Retries of a failed page (429, 5xx, network).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=30.0,
    show_default=True,
    help="Seconds per request.",
)
@click.option(
    "-v", "--verbose", is_flag=True, help="Log retries and requests to stderr (never the key)."
)
@click.version_option(package_name="ionq-jobs", prog_name="ionq-jobs")
@click.pass_context
def main(
    ctx: click.Context,
    api_key_file: Path | None,
    base_url: str | None,
    max_retries: int,
    timeout: float,
    verbose: bool,
) -> None:
    """Look at and export the job history of an IonQ project.

    \b
    Examples:
      ionq-jobs demo                                  # try it on a local mock server
      ionq-jobs list --status failed --since 2026-11-17
      ionq-jobs list --all --format csv > jobs.csv
      ionq-jobs summary --target qpu.forte-1
    """
    if verbose:
        logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="ionq-jobs: %(message)s")
    ctx.obj = Settings(api_key_file, base_url, verbose, max_retries, timeout)


def filter_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The filters of GET /jobs, shared by `list` and `summary`."""
    options = [
        click.option(
            "--status",
            type=click.Choice(STATUSES, case_sensitive=False),
            help="Only jobs in this status.",
        ),
        click.option(
            "--target",
            "targets",
            multiple=True,
            metavar="BACKEND",
            help="Only jobs on this backend; repeat or comma-separate for several.",
        ),
        click.option(
            "--id", "ids", multiple=True, metavar="JOB_ID", help="Only this job; repeatable."
        ),
        click.option("--parent-job-id", metavar="JOB_ID", help="Only children of this job."),
        click.option("--session-id", metavar="ID", help="Only jobs of this session."),
        click.option(
            "--submitter-id", metavar="ID", help="Only jobs this project member submitted."
        ),
        click.option(
            "--since",
            metavar="WHEN",
            help="Submitted at or after (date or date-time; UTC unless it has an offset).",
        ),
        click.option("--until", metavar="WHEN", help="Submitted before (date or date-time)."),
        click.option(
            "--page-size",
            type=click.IntRange(min=1),
            default=100,
            show_default=True,
            help="Jobs per request.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@dataclass
class Listing:
    """One run of `list`/`summary`: filters, window and where to resume."""

    filters: dict[str, Any]
    since: datetime | None
    until: datetime | None
    resume: str | None
    cursor: str | None = None  # the page being read: the place to resume after an interrupt

    def records(
        self, client: JobsClient, progress: Progress, limit: int | None
    ) -> Iterator[dict[str, Any]]:
        """Raw job records, newest first, within [since, until)."""
        if limit == 0:
            return
        self.cursor = self.resume
        windowed = self.since is not None or self.until is not None
        filters = dict(self.filters)
        if limit is not None and not windowed:  # a screenful needs no more than a screenful
            filters["page_size"] = min(filters["page_size"], limit)
        # raw: the server's dicts are the records (no model round trip). prefetch: the next page
        # travels while this one is written out, unless one page is all we may need.
        prefetch = limit is None or windowed or limit > filters["page_size"]
        pages = client.iter_pages(cursor=self.resume, raw=True, prefetch=prefetch, **filters)
        with contextlib.closing(pages):  # type: ignore[type-var]  # a generator: stops prefetching
            yield from self._window(pages, progress, limit)

    def _window(
        self, pages: Iterator[JobsPage[dict[str, Any]]], progress: Progress, limit: int | None
    ) -> Iterator[dict[str, Any]]:
        yielded = 0
        for page in pages:
            progress.page(len(page))
            self.cursor = page.cursor
            older_than_window = bool(page.jobs)
            for record in page.jobs:
                position = self.position(record)
                if position >= 0:
                    older_than_window = False
                if position != 0:
                    continue  # outside [--since, --until)
                yield record
                yielded += 1
                if limit is not None and yielded >= limit:
                    return
            self.cursor = page.next_cursor
            if self.since is not None and older_than_window:
                return  # newest first: a whole page before --since ends the window

    def position(self, record: dict[str, Any]) -> int:
        """-1 before the window, 0 inside, 1 after. Jobs without a readable time are inside."""
        if self.since is None and self.until is None:
            return 0
        submitted = parse_timestamp(record.get("submitted_at"))
        if submitted is None:
            return 0
        if self.since is not None and submitted < self.since:
            return -1
        if self.until is not None and submitted >= self.until:
            return 1
        return 0


def parse_timestamp(value: object) -> datetime | None:
    """A job's `submitted_at`. Runs once per job: the standard library's ISO parser (which
    reads the API's `...440Z` form since Python 3.11), no import here."""
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def parse_when(option: str, value: str | None) -> datetime | None:
    if value is None:
        return None
    from dateutil.parser import ParserError, parse

    try:
        parsed = parse(value)
    except (ParserError, OverflowError, ValueError):
        raise click.BadParameter(
            f"{value!r} is not a date or date-time (for example 2026-11-17 or 2026-11-17T08:00Z)",
            param_hint=option,
        ) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def make_listing(
    status: str | None,
    targets: tuple[str, ...],
    ids: tuple[str, ...],
    parent_job_id: str | None,
    session_id: str | None,
    submitter_id: str | None,
    since: str | None,
    until: str | None,
    page_size: int,
    resume: str | None = None,
) -> Listing:
    from ._query import JobQuery

    target = [
        part.strip() for value in targets for part in value.split(",") if part.strip()
    ] or None
    filters: dict[str, Any] = {
        "status": status,
        "target": target,
        "ids": list(ids) or None,
        "parent_job_id": parent_job_id,
        "session_id": session_id,
        "submitter_id": submitter_id,
        "page_size": page_size,
    }
    try:
        JobQuery.build(**filters)  # the facade's own checks, before the key is even looked up
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    listing = Listing(filters, parse_when("--since", since), parse_when("--until", until), resume)
    if listing.since and listing.until and listing.since >= listing.until:
        raise click.UsageError("--since must be before --until")
    return listing


def run(settings: Settings, listing: Listing, action: Callable[[JobsClient], None]) -> None:
    """Run `action` with a client, turning expected failures into one line and an exit code."""
    from . import errors

    try:
        with settings.client() as client:
            action(client)
    except KeyboardInterrupt:
        where = f" --resume {listing.cursor}" if listing.cursor else " (from the start)"
        click.echo(
            f"\nionq-jobs: interrupted; to continue, run the same command with{where}", err=True
        )
        sys.exit(EXIT_INTERRUPTED)
    except errors.MissingAPIKeyError as exc:
        fail(f"{exc} (or pass --api-key-file PATH)", EXIT_NO_KEY)
    except (errors.AuthenticationError, errors.PermissionDeniedError) as exc:
        fail(f"{exc}{resume_hint(exc)}", EXIT_AUTH)
    except errors.RateLimitError as exc:
        fail(f"{exc}{resume_hint(exc)}", EXIT_RATE_LIMIT)
    except errors.APIConnectionError as exc:
        fail(f"{exc}{resume_hint(exc)}", EXIT_NETWORK)
    except errors.APIStatusError as exc:
        fail(f"{exc}{resume_hint(exc)}", EXIT_API)
    except (errors.MalformedResponseError, errors.PaginationError) as exc:
        fail(f"{exc}{resume_hint(exc)}", EXIT_MALFORMED)
    except ValueError as exc:  # base URL and other settings
        fail(str(exc), EXIT_USAGE)
    except BrokenPipeError:  # `ionq-jobs list --all | head`
        sys.stderr.close()
        sys.exit(0)


def resume_hint(exc: Any) -> str:
    return f"; resume with --resume {exc.cursor}" if getattr(exc, "cursor", None) else ""


@main.command("list", epilog=EXIT_CODES_HELP)
@filter_options
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=None,
    help=f"Show at most N jobs [default: a screenful; {SCREENFUL} off a terminal].",
)
@click.option("--all", "list_all", is_flag=True, help="Every matching job (overrides --limit).")
@click.option(
    "--resume", metavar="CURSOR", help="Continue an interrupted listing from this cursor."
)
@click.option(
    "--fields",
    metavar="A,B,...",
    help="Columns to show, comma-separated (default: all for "
    "json/jsonl/csv, a short set for table).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default=None,
    help="Output format (default: table on a terminal, jsonl otherwise).",
)
@click.pass_obj
def list_command(
    settings: Settings,
    /,
    limit: int | None,
    list_all: bool,
    resume: str | None,
    fields: str | None,
    output_format: str | None,
    **filter_values: Any,
) -> None:
    """List jobs, newest first.

    \b
    Examples:
      ionq-jobs list --status failed --since 2026-11-17
      ionq-jobs list --target qpu.forte-1 --target qpu.aria-1 --fields id,status,submitted_at
      ionq-jobs list --all --format csv > jobs.csv
      ionq-jobs list --all --format jsonl --resume CURSOR >> jobs.jsonl
    """
    listing = make_listing(resume=resume, **filter_values)
    try:
        chosen = check_fields(fields)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    out_format = output_format or ("table" if sys.stdout.isatty() else "jsonl")
    run(
        settings,
        listing,
        lambda client: write_listing(
            client, listing, None if list_all else screenful(limit), chosen, out_format
        ),
    )


def screenful(limit: int | None) -> int:
    """--limit, else as many table rows as fit the terminal (or SCREENFUL off a terminal)."""
    if limit is not None:
        return limit
    if not sys.stdout.isatty():
        return SCREENFUL
    import shutil

    return max(5, shutil.get_terminal_size((80, SCREENFUL + 6)).lines - 6)


def write_listing(
    client: JobsClient,
    listing: Listing,
    limit: int | None,
    fields: tuple[str, ...] | None,
    out_format: str,
) -> None:
    from . import _cli_output as output

    progress = Progress()
    records = output.select(listing.records(client, progress, limit), fields)
    out = sys.stdout
    try:
        if out_format == "table":
            output.print_table(list(records), fields, out)
        elif out_format == "json":
            output.write_json(records, out)
        elif out_format == "jsonl":
            output.write_jsonl(records, out)
        else:
            output.write_csv(records, out, fields)
    finally:
        progress.done()


@main.command("summary", epilog=EXIT_CODES_HELP)
@filter_options
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
)
@click.pass_obj
def summary_command(settings: Settings, /, output_format: str, **filter_values: Any) -> None:
    """Counts by status and backend, failures by code, billed time and shots.

    \b
    Examples:
      ionq-jobs summary
      ionq-jobs summary --since 2026-11-01 --target qpu.forte-1 --format json
    """
    listing = make_listing(**filter_values)
    run(settings, listing, lambda client: write_summary(client, listing, output_format))


def write_summary(client: JobsClient, listing: Listing, output_format: str) -> None:
    import json

    from ._cli_output import print_summary
    from ._summary import Summary

    summary = Summary()
    progress = Progress()
    try:
        for record in listing.records(client, progress, None):
            summary.add(record)
    finally:
        progress.done()
    if output_format == "json":
        click.echo(json.dumps(summary.to_dict(), indent=2))
    else:
        print_summary(summary, sys.stdout)


@main.command("demo")
@click.option(
    "--jobs",
    "job_count",
    type=click.IntRange(min=1, max=100_000),
    default=300,
    show_default=True,
    help="How many fake jobs the mock server holds.",
)
@click.pass_obj
def demo_command(settings: Settings, job_count: int) -> None:
    """Run `list` and `summary` against a local mock IonQ server. No key, no network.

    \b
    Example:
      ionq-jobs demo --jobs 500
    """
    from .testing import MockIonQServer

    with MockIonQServer(jobs=job_count) as server:
        demo = Settings(
            None,
            server.base_url,
            settings.verbose,
            settings.max_retries,
            settings.timeout,
            server.api_key,
        )
        click.secho(
            f"Mock IonQ server on {server.base_url} with {len(server.jobs)} jobs (fake key; "
            "real HTTP through the facade)\n",
            bold=True,
        )
        click.secho("$ ionq-jobs list --limit 10", bold=True)
        listing = make_listing(None, (), (), None, None, None, None, None, 100)
        run(demo, listing, lambda client: write_listing(client, listing, 10, None, "table"))
        click.secho(
            "\n$ ionq-jobs list --status failed --fields id,backend,failure,submitted_at --limit 5",
            bold=True,
        )
        listing = make_listing("failed", (), (), None, None, None, None, None, 100)
        fields = ("id", "backend", "failure", "submitted_at")
        run(demo, listing, lambda client: write_listing(client, listing, 5, fields, "table"))
        click.secho("\n$ ionq-jobs summary", bold=True)
        listing = make_listing(None, (), (), None, None, None, None, None, 100)
        run(demo, listing, lambda client: write_summary(client, listing, "table"))
        server.check()


if __name__ == "__main__":
    entry()
