"""The click application: options, commands, and the one place where errors become exit codes.

Parsing and rendering only: every request goes through the facade's clients.
"""

from __future__ import annotations

import contextlib
import functools
import io
import logging
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from errno import EBADF, EINVAL
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn

import click

from .._config import (
    API_KEY_ENV,
    BASE_URL_ENV,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    VERIFY_JOBS,
    VERIFY_PAGES,
)
from .._filters import filter_help
from ..enums import JobStatus
from ._listing import Batch, Listing, interrupts_deferred
from ._output import FORMATS, Writer, check_fields, plural, printable
from ._progress import Progress, erase_line

if TYPE_CHECKING:
    from .._client import JobsClient

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_NO_KEY = 3
EXIT_AUTH = 4
EXIT_RATE_LIMIT = 5
EXIT_NETWORK = 6
EXIT_API = 7
EXIT_MALFORMED = 8
COMMAND_ARGS = "ionq_jobs.command_args"  # ctx.meta key: the arguments as typed
EXIT_DRIFT = 9  # verify: the API's pages differ from what IonQ documents
EXIT_UNSUCCESSFUL = 10  # wait/cancel/delete: a job did not end as asked; results: not done
EXIT_WAIT_TIMEOUT = 11  # wait: time ran out
EXIT_OUTPUT = 74  # cannot write the output (sysexits EX_IOERR): a full disk, a closed terminal
EXIT_INTERNAL = 70  # a bug of ours: one line, and --debug / IONQ_DEBUG=1 shows the traceback
EXIT_INTERRUPTED = 130
SCREENFUL_OFF_TERMINAL = 20
DEBUG_ENV = "IONQ_DEBUG"
DEBUG_OFF = ("", "0", "false", "no", "off")  # IONQ_DEBUG's values that leave it off (0 was on)

EXIT_CODES_HELP = """\b
Exit codes: 0 ok, 2 bad usage or filter, 3 no API key, 4 key rejected
(401/403), 5 rate limited, 6 network or timeout, 7 other API error,
8 malformed response (or a listing that does not advance), 9 verify found
deviations from IonQ's documented contract, 10 a job did not end as asked
(wait, cancel, delete; results of a job not completed), 11 wait timed out,
70 internal error (--debug shows it), 74 cannot write the output,
130 interrupted (prints how to --resume, when it can be)."""


# --- global options: accepted before and after the subcommand ----------------------------------


@dataclass
class Settings:
    api_key_file: Path | None = None
    base_url: str | None = None
    max_retries: int | None = None
    request_timeout: float | None = None
    verbose: bool = False
    debug: bool = False
    api_key: str | None = None  # only the demo sets it (the mock's fake key)

    def merged(self, **later: Any) -> Settings:
        """These settings, overridden by the same options given after the subcommand."""
        values = {name: getattr(self, name) for name in self.__dataclass_fields__}
        for name, value in later.items():
            if isinstance(value, bool):
                values[name] = values[name] or value
            elif value is not None:
                values[name] = value
        return Settings(**values)

    def client(self) -> JobsClient:
        """The facade's client, its own checks naming the CLI's options, before any request."""
        from .. import errors
        from .._client import JobsClient

        api_key, names = self.api_key, dict(CLI_SETTING_NAMES)
        if self.api_key_file is not None:
            names["api_key"] = f"--api-key-file {str(self.api_key_file)!r}"
            try:
                with self.api_key_file.open("rb") as handle:  # a key is short: /dev/zero is not
                    data = handle.read(MAX_KEY_FILE_BYTES + 1)
            except OSError as exc:
                fail(f"cannot read {names['api_key']}: {exc.strerror}", EXIT_NO_KEY)
            if len(data) > MAX_KEY_FILE_BYTES:
                fail(f"{names['api_key']} holds more than {MAX_KEY_FILE_BYTES:,} bytes: not "
                     "a key file", EXIT_NO_KEY)  # fmt: skip
            # Windows tools write a BOM: PowerShell 5.1's `echo KEY > file` is UTF-16
            codec = "utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"
            api_key = data.decode(codec, errors="replace")
        try:
            return JobsClient(
                api_key=api_key,
                base_url=self.base_url,
                timeout=DEFAULT_TIMEOUT if self.request_timeout is None else self.request_timeout,
                max_retries=DEFAULT_MAX_RETRIES if self.max_retries is None else self.max_retries,
                setting_names=names,  # type: ignore[arg-type]
            )
        except errors.APIKeyError as exc:
            fail(str(exc), EXIT_NO_KEY)
        except ValueError as exc:
            fail(str(exc), EXIT_USAGE)


CLI_SETTING_NAMES = {
    "api_key_option": "--api-key-file PATH",
    "base_url": "--base-url",
    "timeout": "--request-timeout",
}
# the facade's filter names as the options a CLI user typed (passed to its checks)
CLI_FILTER_NAMES = {
    name: "--id" if name == "ids" else "--" + name.replace("_", "-") for name in filter_help()
}


def global_options(
    default: bool, *, timeout_alias: tuple[str, ...] = ("--timeout",), local: bool = False
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The options every command takes, before or after its name (`default`: show defaults).
    `--timeout` is the old spelling of `--request-timeout`, kept where it is unambiguous (not
    after `wait`, whose `--timeout` is the whole wait's deadline). A `local` command (the demo,
    on its own mock) takes no key and no base URL."""

    def shown(value: Any) -> str:
        return f"  [default: {value}]" if default else ""

    options = [
        click.option(
            "--api-key-file",
            type=click.Path(),  # a folder: unreadable, exit 3 like a missing file
            callback=_key_file,
            help=f"Read the API key from this file (default: ${API_KEY_ENV}).",
        ),
        click.option(
            "--base-url", metavar="URL", help=f"API base URL (default: ${BASE_URL_ENV} or IonQ's)."
        ),
        click.option(
            "--max-retries",
            type=click.IntRange(min=0, max=100),
            help="Retries of a request that failed (429, 500, 502-504, 520-529, network)."
            + shown(DEFAULT_MAX_RETRIES),
        ),
        click.option(
            "--request-timeout",
            *timeout_alias,
            "request_timeout",
            type=float,
            metavar="SECONDS",
            help="Seconds a whole request may take (connect, wait, read)." + shown(DEFAULT_TIMEOUT),
        ),
        click.option(
            "-v",
            "--verbose",
            is_flag=True,
            help="Log retries and requests to stderr (never the key).",
        ),
        click.option(
            "--debug", is_flag=True, help=f"Show tracebacks of internal errors (or ${DEBUG_ENV}=1)."
        ),
    ]

    if local:
        del options[:2]  # --api-key-file, --base-url

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        for option in reversed(options):
            command = option(command)
        return command

    return decorate


MAX_KEY_FILE_BYTES = 4096  # an IonQ key is a few dozen characters
GLOBAL_NAMES = ("api_key_file", "base_url", "max_retries", "request_timeout", "verbose", "debug")


class _CurrentStderr(logging.Handler):
    """Writes to whatever sys.stderr is at the time (a live view redirects it)."""

    def emit(self, record: logging.LogRecord) -> None:
        sys.stderr.write(self.format(record) + "\n")


def command_settings(ctx: click.Context, values: dict[str, Any]) -> Settings:
    """The group's settings merged with the global options given after the subcommand (popped
    from `values`), and logging set up for -v."""
    later = {name: values.pop(name, None) for name in GLOBAL_NAMES}
    base = ctx.find_object(Settings) or Settings()
    settings = base.merged(**later)
    if settings.verbose:
        logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="ionq-jobs: %(message)s")
    elif sys.stderr.isatty() and not logging.getLogger("ionq_facade").handlers:
        # a long silent wait says that it is retrying, and why
        retries = _CurrentStderr()
        retries.setFormatter(logging.Formatter(f"{erase_line()}ionq-jobs: %(message)s"))
        retries.addFilter(lambda record: record.getMessage().startswith("retrying "))
        facade = logging.getLogger("ionq_facade")
        facade.addHandler(retries)
        facade.setLevel(logging.INFO)
    return settings


# --- errors -> exit codes -----------------------------------------------------------------------


def fail(message: str, code: int) -> NoReturn:
    say(wrapped(f"ionq-jobs: error: {one_line(message)}", sys.stderr))
    sys.exit(code)


def say(text: str) -> None:
    """A line on stderr that cannot fail the command: a reader gone (`2>&1 | head`) or a full
    disk leaves the exit code to say what happened."""
    with reader_may_leave(sys.stderr):
        click.echo(text, err=True)


def wrapped(line: str, stream: Any) -> str:
    """On a terminal narrower than the line, wrapped at spaces (an id or a URL stays whole)
    instead of the terminal cutting words; elsewhere one line, for logs and grep."""
    try:
        if not stream.isatty():
            return line
    except (AttributeError, ValueError):
        return line
    import shutil
    import textwrap

    width = shutil.get_terminal_size().columns
    return textwrap.fill(
        line, width, subsequent_indent="  ", break_long_words=False, break_on_hyphens=False
    )


def one_line(text: str) -> str:
    """A message on one line, a server's control characters escaped (`\\x1b`): an error
    quoting a job's failure or a 404's body must not retitle, clear or recolour the terminal."""
    return printable(" ".join(text.split()))


class _ClosedOutput(io.TextIOBase):
    """Stdout closed before the start (`>&-`): writing fails as a closed descriptor does, so the
    command exits 74 where it writes, and no output is lost unnoticed."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OSError(EBADF, "stdout is closed")


_FILLERS: list[IO[str]] = []  # kept open: each holds a standard descriptor that was closed


def _closed_streams() -> None:
    """A standard stream closed before the start (`<&-`, `>&-`, `2>&-`) is None in Python:
    stdin then reads as empty, stderr writes nowhere, stdout fails when written to. Each closed
    descriptor is filled (with the null device), so no file opened later takes its number."""
    for name in ("stdin", "stdout", "stderr"):
        if getattr(sys, name) is None:
            filler = open(os.devnull, "r" if name == "stdin" else "w", encoding="utf-8")  # noqa: SIM115
            _FILLERS.append(filler)
            setattr(sys, name, _ClosedOutput() if name == "stdout" else filler)


def _encodable_streams() -> None:
    """Text the output's encoding cannot hold (a job named 日本語 into a file on a cp1252
    Windows, or PYTHONIOENCODING=ascii) was a UnicodeEncodeError: exit 70 and the page lost.
    A file or pipe gets UTF-8 (what JSON and CSV readers expect); a terminal shows `?` for a
    character it cannot. Stdin from a file or pipe is read as UTF-8 too (what `list` wrote, for
    `delete -`), a byte that is not kept as it is."""
    import codecs

    for stream in (sys.stdin, sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None) or "utf-8"
        reconfigure = getattr(stream, "reconfigure", None)
        if codecs.lookup(encoding).name == "utf-8" or reconfigure is None:
            continue
        if stream.isatty():
            reconfigure(errors="replace")
        else:
            reconfigure(encoding="utf-8", errors="surrogateescape" if stream is sys.stdin else None)


def _key_file(ctx: click.Context, param: click.Parameter, value: str | None) -> Path | None:
    """`--api-key-file ''` was read as the folder `.` (and said so)."""
    if value == "":
        raise click.BadParameter("needs a file name, got ''")
    return None if value is None else Path(value)


def run_entry() -> None:
    """The console script: usage errors as one line (exit 2), no arguments prints the help."""
    _closed_streams()
    _encodable_streams()
    try:
        _run_entry()
    finally:  # flushed now, not at exit, where a flush that fails is exit 120
        for stream in (sys.stdout, sys.stderr):
            with reader_may_leave(stream):
                stream.flush()


def _run_entry() -> None:
    said = os.environ.get(DEBUG_ENV, "").strip().lower()
    debug = any(arg == "--debug" for arg in sys.argv[1:]) or said not in DEBUG_OFF
    try:
        if len(sys.argv) <= 1:
            context = click.Context(main, info_name="ionq-jobs", **main.context_settings)
            click.echo(main.get_help(context))  # as wide as `--help`, listing -h too
            sys.exit(EXIT_OK)
        main(standalone_mode=False, prog_name="ionq-jobs")
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        fail(exc.format_message(), EXIT_USAGE)
    except (click.exceptions.Abort, KeyboardInterrupt):
        sys.stderr.write("\n")
        sys.exit(EXIT_INTERRUPTED)
    except OSError as exc:
        if not reader_left(exc):  # our output, outside a command's own handling
            _drop(sys.stdout)
            fail(f"cannot write output: {exc.strerror or exc}", EXIT_OUTPUT)
        _quiet_broken_pipe()
    except Exception as exc:  # a bug of ours, or something unforeseen: one line, not a traceback
        from .. import errors

        if isinstance(exc, errors.IonQError):  # met outside a command's own handling: as is
            fail(str(exc), exit_code(exc))
        how = f"run again with --debug (or {DEBUG_ENV}=1) to see the traceback, and "
        if debug:  # the traceback, then the line and exit code as without --debug
            import traceback

            traceback.print_exc()
            how = ""
        fail(f"internal error ({type(exc).__name__}); {how}please report it", EXIT_INTERNAL)


def _quiet_broken_pipe() -> NoReturn:
    """`ionq-jobs list --all | head`: the reader left; exit quietly like other Unix tools."""
    _drop(sys.stdout)
    sys.exit(EXIT_OK)


def reader_left(exc: OSError) -> bool:
    """A pipe whose reader is gone: EPIPE, or EINVAL as Windows reports it."""
    return isinstance(exc, BrokenPipeError) or (sys.platform == "win32" and exc.errno == EINVAL)


def _drop(stream: Any) -> None:
    """What is still written to `stream` goes nowhere."""
    with contextlib.suppress(OSError, ValueError):  # not a file (a test's capture): nothing to do
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, stream.fileno())
        finally:
            os.close(devnull)


@contextlib.contextmanager
def reader_may_leave(stream: Any = None, lost: list[str] | None = None) -> Iterator[None]:
    """Output a reader may stop reading (`| head`): the rest goes nowhere, and the command goes
    on to its summary and its exit code. The work was done; only its display was cut, so a job
    that failed still fails the command. Stdout that cannot be written otherwise (a full disk)
    is exit 74, at once, or (`lost` given: a write's outcomes) after the summary, through
    `exit_after`; stderr that cannot be written is left to the exit code."""
    stream = sys.stdout if stream is None else stream
    try:
        yield
        stream.flush()  # here, not at exit (where a failed flush is exit 120)
    except OSError as exc:
        _drop(stream)  # what stays buffered is flushed to nowhere
        if stream is sys.stdout and not reader_left(exc):
            if lost is None:
                fail(f"cannot write output: {exc.strerror or exc}", EXIT_OUTPUT)
            lost.append(exc.strerror or str(exc))


def exit_after(code: int, lost: list[str]) -> NoReturn:
    """The command's exit, once its summary is told: 74 when its output was lost."""
    if lost:
        fail(f"cannot write output: {lost[0]}", EXIT_OUTPUT)
    sys.exit(code)


def api_errors(listing: Listing | None, action: Callable[[], None], progress: Progress) -> None:
    """Run `action`, turning every failure a user or a server can cause into one line and its
    documented exit code. The resume hint is offered only where it resumes exactly."""
    from .. import errors

    try:
        action()
    except KeyboardInterrupt:
        progress.clear()
        said, advice = interrupted_hint(listing)
        # one line; with a command to copy in it, never wrapped (the terminal folds it visually,
        # and a copy of it stays one command)
        line = f"ionq-jobs: interrupted{said}" + (f"; {advice}" if advice else "")
        click.echo(line if advice else wrapped(line, sys.stderr), err=True)
        sys.exit(EXIT_INTERRUPTED)
    except errors.IonQError as exc:
        progress.clear()
        advice = resume_hint(exc, listing)
        if advice:  # one line, not wrapped: the command in it must copy whole
            say(f"ionq-jobs: error: {one_line(str(exc))}; {advice}")
            sys.exit(exit_code(exc))
        partial = listing is not None and listing.delivered and not listing.resumable
        fail(f"{exc}{interrupted_hint(listing)[0] if partial else ''}", exit_code(exc))
    except OSError as exc:  # our output: a full disk, a closed terminal, a reader gone
        if reader_left(exc):
            _quiet_broken_pipe()
        progress.clear()
        _drop(sys.stdout)
        where = f" {exc.filename}" if exc.filename else ""
        fail(f"cannot write output{where}: {exc.strerror or exc}", EXIT_OUTPUT)


def exit_code(exc: Exception) -> int:
    from .. import errors

    table: list[tuple[type[Exception], int]] = [
        (errors.MissingAPIKeyError, EXIT_NO_KEY),
        (errors.AuthenticationError, EXIT_AUTH),
        (errors.PermissionDeniedError, EXIT_AUTH),
        (errors.RateLimitError, EXIT_RATE_LIMIT),
        (errors.APIConnectionError, EXIT_NETWORK),
        (errors.APIStatusError, EXIT_API),
        (errors.MalformedResponseError, EXIT_MALFORMED),
        (errors.PaginationError, EXIT_MALFORMED),
        (errors.JobNotCompletedError, EXIT_UNSUCCESSFUL),
    ]
    return next((code for cls, code in table if isinstance(exc, cls)), EXIT_API)


def resume_hint(exc: Any, listing: Listing | None) -> str:
    """How to resume after `exc`, or "" where resuming would not help: a PaginationError's
    cursor replays the cycle, and the cursor the user gave, failing at once, is theirs."""
    from .. import errors

    if listing is None or not listing.resumable or isinstance(exc, errors.PaginationError):
        return ""
    cursor = getattr(exc, "cursor", None)
    if not cursor or (cursor == listing.resume and not listing.delivered):
        return ""
    return continue_advice(listing, cursor)


def interrupted_hint(listing: Listing | None) -> tuple[str, str]:
    """(what was done, the advice to go on, or "")."""
    if listing is None or not listing.resumable:
        return " (this command cannot be resumed; run it again)", ""
    done = f" after {plural(listing.delivered, 'job')}"
    if listing.cut_while_drawn:  # fetched, not all shown: a cursor would skip the rest
        done = f" while drawing the table of {plural(listing.delivered, 'job')}, not all shown"
        return f"{done}; run it again, or export them: --format jsonl or csv", ""
    if listing.cursor:
        return done, continue_advice(listing, listing.cursor)
    if listing.delivered:
        return f"{done}; nothing more to resume", ""
    return " (nothing was listed)", ""


def shell_word(text: str) -> str:
    """`text` as one shell word to copy (a cursor is the server's text): quoted, or, when it
    holds control characters, as $'...' with them escaped (bash, zsh), so none reaches the
    terminal raw and the word is still the exact text."""
    import shlex

    if text.isprintable():
        return shlex.quote(text)
    return "$'" + "".join(_escaped(ch) for ch in text) + "'"


def _escaped(ch: str) -> str:
    if ch in "\\'":
        return "\\" + ch
    if ch.isprintable():
        return ch
    code = ord(ch)
    if code < 0x80:  # bash reads \xHH as one byte: only below 0x80 is it the character
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def continue_advice(listing: Listing, cursor: str, again: bool = False) -> str:
    """How to go on from `cursor`, as a command to copy: this one with `--resume` and what is
    left of its `--limit` (or, `again`, the whole limit: the next ones), appending (`>>`) when
    the output went to a file; a JSON document cannot be continued."""
    if listing.out_format == "json":
        return (
            "the JSON document holds the jobs listed so far and is closed; an export that can "
            "be resumed: --format jsonl or csv"
        )
    args, skip = [], False
    typed = click.get_current_context().find_root().meta.get(COMMAND_ARGS, sys.argv[1:])
    limit: int | None = None
    for index, arg in enumerate(typed):  # the same command, minus what the rest must not repeat
        if (
            skip
            or arg in ("--resume", "--limit", "--header")
            or arg.startswith(("--resume=", "--limit="))
        ):
            skip = arg in ("--resume", "--limit")
            if arg.startswith("--limit"):
                after = typed[index + 1] if index + 1 < len(typed) else ""
                value = arg.partition("=")[2] or after
                limit = int(value) if value.isdigit() else None
            continue
        args.append(arg)
    if limit is not None:  # what is left of the limit, or the same number of the next ones
        args += ["--limit", str(limit if again else max(limit - listing.delivered, 0))]
    command = " ".join(map(shell_word, ["ionq-jobs", *args, "--resume", cursor]))
    if listing.out_format in (None, "table") or sys.stdout.isatty():
        return f"to continue: {command}"
    return f"to continue, appending (>> keeps what is there): {command} >> {_output_name()}"


def _output_name() -> str:
    """The file stdout was sent to, where the system says (Linux), else a placeholder."""
    import shlex

    try:
        path = os.readlink(f"/proc/self/fd/{sys.stdout.fileno()}")
    except (OSError, ValueError, AttributeError):  # not Linux, or not a real file
        return "FILE"
    if not os.path.isfile(path):
        return "FILE"
    near = os.path.relpath(path)
    return shlex.quote(path if near.startswith("..") else near)


# --- the group ----------------------------------------------------------------------------------


class _Group(click.Group):
    """Keeps the command line as typed (advice to resume repeats it)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta[COMMAND_ARGS] = list(args)
        return super().parse_args(ctx, args)


@click.group(
    cls=_Group,
    epilog=EXIT_CODES_HELP,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    no_args_is_help=True,
)
@global_options(default=True)
@click.version_option(package_name="ionq-jobs", prog_name="ionq-jobs")
@click.pass_context
def main(ctx: click.Context, /, **values: Any) -> None:
    """Look at, export and manage the jobs of an IonQ project.

    Global options may also follow the command (`ionq-jobs list --base-url URL`).

    \b
    Examples:
      ionq-jobs demo                       # try it on a local mock server
      ionq-jobs list --status failed --since 2026-11-17
      ionq-jobs list --all --format csv > jobs.csv
      ionq-jobs summary --target qpu.forte-1
      ionq-jobs mock --jobs 500            # a mock server to experiment with
    """
    ctx.obj = Settings().merged(**values)


def filter_options(command: Callable[..., Any], *, several: bool = True) -> Callable[..., Any]:
    """The filters of GET /jobs (their help from the facade's JobFilters). `several`: --status
    and --target take several values (merged by the client); verify takes the API's own."""
    text = {
        name: help_text[0].upper() + help_text[1:] + "."
        for name, help_text in filter_help().items()
    }
    options = [
        click.option(
            "--status",
            "statuses",
            multiple=True,
            metavar="STATUS",
            help=(
                "Only jobs in this status; repeat or comma-separate for several "
                if several
                else "Only jobs in this one status "
            )
            + f"({JobStatus.allowed()}).",
        ),
        click.option(
            "--target",
            "targets",
            multiple=True,
            metavar="BACKEND",
            help="Only jobs on this backend; repeat or comma-separate for several.",
        ),
        click.option(
            "--id",
            "ids",
            multiple=True,
            metavar="JOB_ID",
            help="Only this job; repeat or comma-separate for several.",
        ),
        *(  # every other filter takes one text value: one the spec adds needs no edit here
            click.option(f"--{name.replace('_', '-')}", metavar=_metavar(name), help=help_text)
            for name, help_text in text.items()
            if name not in ("ids", "status", "target", "page_size")
        ),
        click.option(
            "--page-size", type=int, default=100, show_default=True, help="Jobs per request."
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _metavar(name: str) -> str:
    """`--parent-job-id JOB_ID`, `--session-id ID`, `--region TEXT`."""
    return "JOB_ID" if name.endswith("job_id") else "ID" if name.endswith("_id") else "TEXT"


def window_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--since/--until: a window the client applies (the API has no date filter)."""
    since = click.option(
        "--since",
        metavar="WHEN",
        help="Submitted at or after: an ISO 8601 date or date-time (UTC unless it has an offset).",
    )
    until = click.option("--until", metavar="WHEN", help="Submitted before (same forms).")
    return since(until(command))


def split_values(values: tuple[str, ...]) -> list[str]:
    """Repeated and comma-separated values; an empty one is kept, for the facade to refuse (it
    was dropped, so `delete --status ""` matched every job)."""
    return [part.strip() for value in values for part in value.split(",")]


def make_listing(
    statuses: tuple[str, ...] = (),
    targets: tuple[str, ...] = (),
    ids: tuple[str, ...] = (),
    since: str | None = None,
    until: str | None = None,
    resume: str | None = None,
    page_size: int = 100,
    resumable: bool = True,
    **others: Any,
) -> Listing:
    """The command's filters checked by the facade's own rules (naming the CLI's options),
    before the key is looked up. `others`: the filters whose option is named as the facade's."""
    from .._query import JobQuery, check_cursor
    from .._window import Window

    filters: dict[str, Any] = {
        "target": split_values(targets) or None,
        "ids": split_values(ids) or None,
        "page_size": page_size,
        **others,
    }
    try:
        query = JobQuery.build(CLI_FILTER_NAMES, status=split_values(statuses) or None, **filters)
        window = Window.build(since, until, ("--since", "--until")) or Window()
        check_cursor(resume, "--resume")
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    chosen = tuple(status.value for status in query.statuses)
    if resume is not None and len(chosen) > 1:
        raise click.UsageError("--resume works with one --status at most")
    listing = Listing(filters, chosen, window.since, window.until, resume)
    listing.resumable = listing.resumable and resumable  # demo: its mock is gone afterwards
    return listing


# --- list ---------------------------------------------------------------------------------------


@main.command("list", epilog=EXIT_CODES_HELP)
@filter_options
@window_options
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=None,
    help=f"Show at most N jobs [default: a screenful; {SCREENFUL_OFF_TERMINAL} off a terminal].",
)
@click.option("--all", "list_all", is_flag=True, help="Every matching job (overrides --limit).")
@click.option(
    "--resume", metavar="CURSOR", help="Continue an interrupted listing from this cursor."
)
@click.option(
    "--fields",
    metavar="A,B,...",
    help="Job fields to show, comma-separated, documented or not (default: all for "
    "json/jsonl/csv, a short set for table).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default=None,
    help="Output format (default: table on a terminal, jsonl otherwise).",
)
@click.option(
    "--header/--no-header",
    default=None,
    help="CSV header line [default: yes, except with --resume, so that a resumed export "
    "appends to the first part as one valid CSV].",
)
@global_options(default=False)
@click.pass_context
def list_command(
    ctx: click.Context,
    /,
    limit: int | None,
    list_all: bool,
    resume: str | None,
    fields: str | None,
    output_format: str | None,
    header: bool | None,
    **values: Any,
) -> None:
    """List jobs, newest first.

    \b
    Examples:
      ionq-jobs list --status failed --since 2026-11-17
      ionq-jobs list --status failed,canceled --target qpu.forte-1
      ionq-jobs list --fields id,status,name --limit 50
      ionq-jobs list --all --format csv > jobs.csv
      ionq-jobs list --all --format csv --resume CURSOR >> jobs.csv  # go on
    """
    settings = command_settings(ctx, values)
    listing = make_listing(resume=resume, **values)
    try:
        chosen, undocumented = check_fields(fields)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    out_format = output_format or ("table" if sys.stdout.isatty() else "jsonl")
    if resume is not None and out_format == "json":
        raise click.UsageError(
            "--resume cannot continue a JSON document (a second array would not join the "
            "first); export with --format jsonl or csv to list in parts"
        )
    listing.out_format = out_format
    if undocumented:
        say(wrapped(f"ionq-jobs: note: {undocumented}", sys.stderr))
    table = out_format == "table"
    # progress only where a person watches, and never while data streams to that same screen
    progress = Progress(enabled=None if table or to_a_file(sys.stdout) else False)
    limit = None if list_all else (limit if limit is not None else screenful(table))
    if table:
        api_errors(
            listing, lambda: show_table(settings, listing, limit, chosen, progress), progress
        )
    else:
        writer = Writer(
            sys.stdout, out_format, chosen, header=resume is None if header is None else header
        )
        api_errors(listing, lambda: export(settings, listing, limit, writer, progress), progress)
    cut_note(listing, limit)


def to_a_file(stream: Any) -> bool:
    """stdout goes to a file (`> jobs.csv`): progress on the terminal is welcome. Not to a pipe,
    whose reader (`| head`) may print to that same terminal, between the progress redraws."""
    import stat

    try:
        return stat.S_ISREG(os.fstat(stream.fileno()).st_mode)
    except (AttributeError, OSError, ValueError):
        return False


def screenful(table: bool) -> int:
    """As many rows as fit the terminal with the header, the note under the table and the
    prompt; SCREENFUL_OFF_TERMINAL off a terminal."""
    if not table or not sys.stdout.isatty():
        return SCREENFUL_OFF_TERMINAL
    from ._table import terminal_rows

    return max(3, terminal_rows() - 3)


def batches(
    settings: Settings, listing: Listing, limit: int | None, progress: Progress
) -> Iterator[Batch]:
    return listing.batches(settings.client, progress, limit)


def export(
    settings: Settings, listing: Listing, limit: int | None, writer: Writer, progress: Progress
) -> None:
    try:
        for batch in batches(settings, listing, limit, progress):
            with interrupts_deferred():  # a page written and its cursor recorded, together
                writer.write(batch.records)
                listing.taken(batch)
    except BaseException:  # interrupted or failed after some output: it stays valid (closed)
        if writer.count:
            with interrupts_deferred(), contextlib.suppress(BrokenPipeError):
                writer.close()
        raise
    writer.close()
    progress.clear()


def show_table(
    settings: Settings,
    listing: Listing,
    limit: int | None,
    fields: tuple[str, ...] | None,
    progress: Progress,
) -> None:
    """Collects the jobs, then draws one table. Ctrl-C or an error while fetching draws what
    was fetched, and the message under it says where to resume: after those jobs."""
    from ..errors import IonQError

    records: list[dict[str, Any]] = []
    try:
        for batch in batches(settings, listing, limit, progress):
            with interrupts_deferred():
                records.extend(batch.records)
                listing.taken(batch)
    except (KeyboardInterrupt, IonQError) as exc:
        progress.clear()
        if records or isinstance(exc, KeyboardInterrupt):
            draw_jobs(records, fields, listing)
        raise
    progress.clear()
    if records:
        draw_jobs(records, fields, listing)
    elif limit != 0:  # --limit 0 asked for none; the note says so
        click.echo("no jobs match", err=True)


def draw_jobs(
    records: list[dict[str, Any]], fields: tuple[str, ...] | None, listing: Listing
) -> None:
    """The table, its default columns without the one a filter gives every row (one --status,
    one --target); a note names the --fields that did not fit."""
    from ._table import print_jobs

    targets = listing.filters.get("target") or []
    pinned = {"status"} if len(listing.statuses) == 1 else set()
    if len([targets] if isinstance(targets, str) else targets) == 1:
        pinned.add("backend")
    try:
        hidden = print_jobs(records, fields, sys.stdout, pinned=pinned)
    except KeyboardInterrupt:
        listing.cut_while_drawn = True
        raise
    noted = hidden if fields else [name for name in hidden if name == "id"]  # ids are never cut
    if noted:
        told = f"{', '.join(noted)}; --format jsonl shows every field"
        click.echo(f"(not shown for width: {told})", err=True)


def cut_note(listing: Listing, limit: int | None) -> None:
    """When a limit cut the listing, say so on stderr, also into a pipe: an export that quietly
    stops at a screenful is a trap."""
    if limit is None or not listing.more:
        return
    if limit == 0:  # nothing was asked of the server: whether jobs match is not known
        click.echo("--limit 0: no jobs listed; --all or --limit N lists them", err=True)
        return
    note = f"showing {plural(listing.delivered, 'job')}; more exist: --all or --limit N"
    resumable = listing.out_format != "json"  # a JSON document is closed: no second part
    if listing.cursor and resumable and not sys.stdout.isatty():  # an export goes on: --resume
        note += f"; {continue_advice(listing, listing.cursor, again=True)}"  # its filters too
    click.echo(note, err=True)  # on a terminal: one short line under a table that fits


# --- summary ------------------------------------------------------------------------------------

table_or_json = click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
)


@main.command("summary", epilog=EXIT_CODES_HELP)
@filter_options
@window_options
@table_or_json
@global_options(default=False)
@click.pass_context
def summary_command(ctx: click.Context, /, output_format: str, **values: Any) -> None:
    """Counts by backend and status, failures by code, billed time and shots.

    \b
    Examples:
      ionq-jobs summary
      ionq-jobs summary --since 2026-11-01 --target qpu.forte-1 --format json
    """
    settings = command_settings(ctx, values)
    listing = make_listing(**values)
    listing.resumable = False  # a summary needs the whole listing: there is nothing to resume
    progress = Progress()
    api_errors(None, lambda: write_summary(settings, listing, output_format, progress), progress)


def write_summary(
    settings: Settings, listing: Listing, output_format: str, progress: Progress
) -> None:
    from ._output import to_json
    from ._summary import Summary

    summary = Summary()
    for batch in batches(settings, listing, None, progress):
        for record in batch.records:
            summary.add(record)
    progress.clear()
    if output_format == "json":
        click.echo(to_json(summary.to_dict(), indent=2))
    else:
        from ._table import print_summary

        print_summary(summary, sys.stdout)


# --- verify -------------------------------------------------------------------------------------


@main.command("verify", epilog=EXIT_CODES_HELP)
@functools.partial(filter_options, several=False)
@click.option(
    "--pages",
    type=click.IntRange(min=1),
    default=VERIFY_PAGES,
    show_default=True,
    help="Pages to check.",
)
@click.option(
    "--jobs",
    "sample",
    type=click.IntRange(min=0),
    default=VERIFY_JOBS,
    show_default=True,
    help="Listed jobs (one per status first) whose job, cost and results are checked too.",
)
@click.option(
    "--record",
    type=click.Path(dir_okay=False),  # a str: Path("") would be ".", and the refusal a folder's
    help="Write every exchange (never the key) to this file, to replay offline.",
)
@click.option(
    "--anonymize",
    is_flag=True,
    help="In the recording, replace submitter/project/session ids, names, metadata values "
    "and the filter values that could name them.",
)
@table_or_json
@global_options(default=False)
@click.pass_context
def verify_command(
    ctx: click.Context,
    /,
    pages: int,
    sample: int,
    record: str | None,
    anonymize: bool,
    output_format: str,
    **values: Any,
) -> None:
    """Check the live API against IonQ's documented contract (read-only GETs).

    Reads up to --pages pages of the listing, then, for --jobs of the listed jobs, the job, its
    cost and (completed ones) its results. Every deviation (a value outside a documented enum,
    a documented field missing or null, an undocumented field, a wrong type, an int32 overflow,
    a timestamp that is not RFC 3339) is grouped by answer, JSON pointer and kind. Exit 0 when
    everything conforms, 9 when not.

    \b
    Examples:
      ionq-jobs verify
      ionq-jobs verify --pages 20 --page-size 100 --format json
      ionq-jobs verify --record tests/recordings/jobs.json --anonymize
    """
    settings = command_settings(ctx, values)
    listing = make_listing(**values)
    if len(listing.statuses) > 1:
        raise click.UsageError("verify takes the API's own filters: one --status at most")
    if anonymize and record is None:
        raise click.UsageError("--anonymize applies to --record FILE")
    if record is not None:  # before any request: a recording that cannot be written costs a run
        from .._recording import check_record_path

        if record == "-":
            raise click.UsageError(
                "--record takes a file name, not '-' (stdout carries the report)"
            )
        try:
            check_record_path(record)
        except ValueError as exc:
            raise click.UsageError(f"--{exc}") from None
    filters = dict(listing.filters)
    if listing.statuses:
        filters["status"] = listing.statuses[0]
    outcome: list[Any] = []

    def run() -> None:
        with settings.client() as client:
            outcome.append(
                client.verify(
                    pages=pages, jobs=sample, record=record, anonymize=anonymize, **filters
                )
            )

    api_errors(None, run, Progress(enabled=False))
    report = outcome[0]
    if output_format == "json":
        from ._output import to_json

        click.echo(to_json(report.to_dict(), indent=2))
    else:
        from ._table import print_findings

        print_findings(report, sys.stdout)
    if record is not None:
        exchanges = plural(sum(report.checked.values()), "exchange")
        click.echo(f"recorded {exchanges} to {record}", err=True)
    sys.exit(EXIT_OK if report.conforms else EXIT_DRIFT)


# --- demo and mock ------------------------------------------------------------------------------


def _serves_itself(ctx: click.Context, command: str) -> None:
    """demo and mock run on their own mock server: a --base-url or --api-key-file given before
    them would be ignored, so it is refused."""
    settings = ctx.find_object(Settings) or Settings()
    if settings.base_url is not None or settings.api_key_file is not None:
        raise click.UsageError(
            f"{command} runs on its own mock server: no --base-url or --api-key-file"
        )


@main.command("demo")
@click.option(
    "--jobs",
    "job_count",
    type=click.IntRange(min=1, max=100_000),
    default=300,
    show_default=True,
    help="How many fake jobs the mock server holds.",
)
@global_options(default=False, local=True)
@click.pass_context
def demo_command(ctx: click.Context, /, job_count: int, **values: Any) -> None:
    """Run `list` and `summary` against a local mock IonQ server. No key, no network.

    \b
    Example:
      ionq-jobs demo --jobs 500
    """
    settings = command_settings(ctx, values)
    _serves_itself(ctx, "demo")
    with _mock_server()(jobs=job_count, drift=True) as server:
        demo = settings.merged(base_url=server.base_url, api_key=server.api_key)
        demo.api_key_file = None
        click.secho(f"A mock IonQ API with {len(server.jobs)} jobs on {server.base_url}", bold=True)
        click.echo("(a fake key and real HTTP through the facade; no network)\n")
        steps: list[tuple[str, Listing, Callable[[Listing, Progress], None]]] = [
            (
                "ionq-jobs list --limit 10",
                make_listing(resumable=False),
                lambda listing, progress: show_table(demo, listing, 10, None, progress),
            ),
            (
                "ionq-jobs list --status failed --fields id,backend,failure --limit 5",
                make_listing(resumable=False, statuses=("failed",)),
                lambda listing, progress: show_table(
                    demo, listing, 5, ("id", "backend", "failure"), progress
                ),
            ),
            (
                "ionq-jobs summary",
                make_listing(resumable=False),
                lambda listing, progress: write_summary(demo, listing, "table", progress),
            ),
        ]
        for index, (command, listing, step) in enumerate(steps):
            click.secho(("\n" if index else "") + f"$ {command}", bold=True)
            progress = Progress()
            api_errors(listing, lambda: step(listing, progress), progress)  # noqa: B023
        server.check()


MOCK_RATE = 0.1  # mock seconds per real second for `ionq-jobs mock`
MOCK_SAYS_GENERATING = 10_000  # from this many jobs, a line says the wait is generation


@main.command("mock")
@click.option(
    "--port", type=click.IntRange(min=0, max=65535), default=0, help="Port (default: any free one)."
)
@click.option(
    "--jobs",
    "job_count",
    type=click.IntRange(min=0, max=1_000_000),
    default=300,
    show_default=True,
    help="How many fake jobs the mock server holds.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the fake jobs.")
@click.pass_context
def mock_command(ctx: click.Context, /, port: int, job_count: int, seed: int) -> None:
    """Serve the bundled mock IonQ API on 127.0.0.1 until Ctrl-C, to try the CLI or other tools.

    \b
    Example:
      ionq-jobs mock --port 8765 --jobs 1000
      # in another terminal, with the URL and key it prints:
      IONQ_BASE_URL=http://127.0.0.1:8765/v0.4 IONQ_API_KEY=... ionq-jobs list
    """
    import time

    _serves_itself(ctx, "mock")
    if job_count >= MOCK_SAYS_GENERATING:  # 100,000 take about 13 s, 1,000,000 minutes
        say(f"generating {job_count:,} jobs…")
    # a mock second every ten: its queued jobs last a minute or two, time to try wait or cancel
    server = _mock_server()(jobs=job_count, seed=seed, port=port, drift=True, rate=MOCK_RATE)
    try:  # from before the start: a Ctrl-C at any moment still stops the server's thread
        try:
            server.start()
        except OSError as exc:
            fail(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}", EXIT_USAGE)
        click.echo(f"Mock IonQ server with {len(server.jobs)} jobs; Ctrl-C stops it.")
        click.echo(f"export {BASE_URL_ENV}={server.base_url}")
        click.echo(f"export {API_KEY_ENV}={server.api_key}")
        sys.stdout.flush()
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        click.echo("stopped", err=True)
    finally:
        server.stop()


def _mock_server() -> Any:
    """The test kit's MockIonQServer; without the [testing] extra, a usage error naming it."""
    try:
        from ..testing import MockIonQServer
    except ImportError as exc:
        fail(str(exc).removeprefix("ionq_facade.testing: "), EXIT_USAGE)
    return MockIonQServer


from . import _jobs  # noqa: E402, F401 - registers show, results, cost, wait, cancel, delete
