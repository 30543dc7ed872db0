"""Listing filters, checked and normalised before any request is sent.

`JobFilters` names every query parameter of `GET /jobs` except the cursor (which is a separate
argument of each method): the drift test compares it with openapi.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar
from urllib.parse import quote, urlencode

from ionq_jobs_api.api.default import get_jobs
from ionq_jobs_api.models import JobStatus as GeneratedJobStatus
from ionq_jobs_api.types import UNSET, Unset

from ._filters import JobFilters
from ._window import Window
from .enums import JobStatus

DEFAULT_PAGE_SIZE = 100
INT32_MAX = 2**31 - 1  # `limit` is an int32 in the spec
# What one request's query may spend on ids, and a filter value may take: well under the 8 KiB
# request line many servers and proxies accept. A cursor the server sent goes back whatever its
# length, up to what httpx itself puts in a URL.
MAX_IDS_QUERY_CHARS = 6_000
UUIDS_PER_REQUEST = MAX_IDS_QUERY_CHARS // len("ids=01234567-89ab-cdef-0123-456789abcdef&")  # 146
# the text filters that keep the jobs whose field of the same name equals the value: one list
# for the checks, the request and `matches` (a new one of this kind is a name here and a field)
EQUAL_FILTERS = ("parent_job_id", "session_id", "submitter_id")
MAX_FILTER_CHARS = 2_000
MAX_URL_CHARS = 65_536  # httpx refuses longer URLs
_T = TypeVar("_T")
_UUID = re.compile(r"[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")


@dataclass(frozen=True, slots=True)
class JobQuery:
    """Validated filters of one listing; every page of it is requested with the same ones.
    `statuses` holds several only for a merged listing (one cursor per status)."""

    ids: tuple[str, ...] | None = None
    parent_job_id: str | None = None
    statuses: tuple[JobStatus, ...] = ()
    target: str | None = None
    session_id: str | None = None
    submitter_id: str | None = None
    page_size: int = DEFAULT_PAGE_SIZE

    @classmethod
    def build(cls, names: Mapping[str, str] | None = None, /, **filters: Any) -> JobQuery:
        """Check every filter; a message names each one as `names` says (the CLI's options)."""
        unknown = sorted(set(filters) - set(JobFilters.__annotations__))
        if unknown:
            raise TypeError(f"unknown filter(s) {', '.join(unknown)}")
        name = {**{key: key for key in JobFilters.__annotations__}, **(names or {})}
        checked = {key: check(name[key], filters.get(key)) for key, check in _CHECKS.items()}
        size = filters.get("page_size", DEFAULT_PAGE_SIZE)
        return cls(
            statuses=checked.pop("status"),
            page_size=check_count(name["page_size"], size, minimum=1, maximum=INT32_MAX),
            **checked,
        )

    def matches(self, job: Mapping[str, Any]) -> bool:
        """Whether a raw job meets every filter, as the API documents them (`target`: its
        backend is one of those named). A write acts only on jobs that do, whatever a server
        or proxy that dropped a filter listed."""
        return (
            all(
                (wanted := getattr(self, name)) is None or wanted == _key(job.get(name))
                for name in EQUAL_FILTERS
            )  # a filter not given costs no look at the job (this runs for every job listed)
            and (self.ids is None or _key(job.get("id")) in self.ids)
            and (not self.statuses or job.get("status") in self.statuses)
            and (self.target is None or job.get("backend") in self.target.split(","))
        )

    def request_kwargs(self, cursor: str | None, limit: int | None = None) -> dict[str, Any]:
        """httpx request arguments, built by the generated client (same encoding as its API)."""
        return get_jobs.request_kwargs(
            ids=_or_unset(list(self.ids) if self.ids is not None else None),
            status=GeneratedJobStatus(self.statuses[0].value) if self.statuses else UNSET,
            target=_or_unset(self.target),
            **{name: _or_unset(getattr(self, name)) for name in EQUAL_FILTERS},
            limit=limit if limit is not None else self.page_size,
            next_=_or_unset(cursor),
        )


Since = date | str | None  # a datetime or date (naive: UTC), or an ISO 8601 string


class PageArgs(JobFilters, total=False):
    """`get_page`'s keyword arguments: the filters, and `cursor` (the page it points at)."""

    cursor: str | None


class PagesArgs(PageArgs, total=False):
    """`iter_pages`'s: also `max_pages`, `prefetch`, and the `since`/`until` window."""

    max_pages: int | None
    prefetch: bool
    since: Since
    until: Since


class JobsArgs(PageArgs, total=False):
    """`iter_jobs`'s: also `max_items`, `prefetch`, and the `since`/`until` window."""

    max_items: int | None
    prefetch: bool
    since: Since
    until: Since


@dataclass(frozen=True, slots=True)
class Listing:
    """Every argument of one listing call, checked before any request."""

    query: JobQuery
    cursor: str | None
    window: Window | None
    max_items: int | None
    max_pages: int | None
    prefetch: bool

    @property
    def limit(self) -> int:
        """Ask for no more than the caller will take (the same limit on every page)."""
        size, most = self.query.page_size, self.max_items
        return size if most is None else max(1, min(size, most))


def listing(
    method: str,
    args: Mapping[str, Any],
    accepted: type,
    merge: bool = False,
    named: tuple[str, ...] = ("raw",),
    raw: object = False,
) -> Listing:
    """`method`'s keyword arguments checked (`accepted`: its TypedDict, beside the `named`
    parameters); several statuses only where the listing can `merge` them."""
    unknown = sorted(set(args) - set(accepted.__annotations__))
    if unknown:
        filters = JobFilters.__annotations__
        options = [*named, *(name for name in accepted.__annotations__ if name not in filters)]
        elsewhere = {"max_pages": "iter_pages", "max_items": "iter_jobs"}
        hints = [f"{name} belongs to {elsewhere[name]}()" for name in unknown if name in elsewhere]
        raise TypeError(
            f"{method}() got unexpected keyword argument(s) {', '.join(unknown)}; it takes "
            f"{', '.join(options)} and the filters {', '.join(filters)}"
            + "".join(f" ({hint})" for hint in hints)
        )
    query = JobQuery.build(**{k: v for k, v in args.items() if k in JobFilters.__annotations__})
    if not merge and len(query.statuses) > 1:
        raise ValueError(
            "several statuses are listed with one cursor each and merged: use iter_jobs "
            "(pages and cursors exist per status only)"
        )
    counts = {name: args.get(name) for name in ("max_items", "max_pages")}
    for name, value in counts.items():
        if value is not None:
            check_count(name, value, minimum=0)
    cursor = check_cursor(args.get("cursor"))
    if cursor is not None and len(query.statuses) > 1:
        raise ValueError("cursor= resumes a listing of one status; several have one cursor each")
    window = Window.build(args.get("since"), args.get("until"), ("since", "until"))
    prefetch = check_flag("prefetch", args.get("prefetch", False))
    check_flag("raw", raw)
    return Listing(query, cursor, window, counts["max_items"], counts["max_pages"], prefetch)


def _or_unset(value: _T | None) -> _T | Unset:
    return UNSET if value is None else value


def check_flag(name: str, value: object) -> bool:
    """True or False, not a value that merely reads as one (`prefetch="no"` is true)."""
    if not isinstance(value, bool):
        raise ValueError(f"{name} must be True or False, got {value!r}")
    return value


def check_count(name: str, value: object, *, minimum: int, maximum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be an integer <= {maximum}, got {value!r}")
    return value


def url_text_problem(value: str, limit: int = MAX_FILTER_CHARS) -> str | None:
    """Why `value` cannot travel in a URL, or None. Checked on the server's `next` (a cursor we
    could not send back is a malformed page), the caller's `cursor=` and every text filter."""
    try:
        encoded = quote(value, safe="")
    except UnicodeEncodeError:
        return "it holds a lone surrogate, which is not text"
    if len(encoded) > limit:
        return f"it takes {len(encoded):,} characters in a URL; at most {limit:,} fit"
    return None


def sendable(name: str, value: str, limit: int = MAX_FILTER_CHARS) -> str:
    """`value`, or a ValueError naming `name` when it cannot travel in a URL."""
    problem = url_text_problem(value, limit)
    if problem:
        raise ValueError(f"{name} cannot be sent: {problem}")
    return value


def check_cursor(cursor: object, name: str = "cursor") -> str | None:
    """`name` is the setting as the user wrote it (the CLI: `--resume`)."""
    if cursor is None:
        return None
    if not isinstance(cursor, str) or not cursor:
        raise ValueError(
            f"{name} must be a non-empty string from a page's next_cursor, got {cursor!r}"
        )
    return sendable(name, cursor, MAX_URL_CHARS)


def _text(name: str, value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} must be a non-empty string, got {value!r}")
    return id_key(sendable(name, value).strip())  # a parent's or session's UUID, as ids are


def _statuses(name: str, value: object) -> tuple[JobStatus, ...]:
    """One status, or several (an iterable, or a comma-separated string), once each."""
    if value is None:
        return ()
    parts: Iterable[object]
    if isinstance(value, str):
        parts = [part.strip() for part in value.split(",")]
    elif isinstance(value, Iterable):
        parts = list(value)
    else:
        parts = [value]
    chosen = []
    for part in parts:
        if not isinstance(part, str) or JobStatus.try_parse(part) is None:
            raise ValueError(f"{name}: invalid job status {part!r}; allowed: {JobStatus.allowed()}")
        chosen.append(JobStatus.parse(part))
    if not chosen:
        raise ValueError(f"{name} is empty; pass None for every status")
    return tuple(dict.fromkeys(chosen))


def _strings(name: str, values: object) -> tuple[str, ...]:
    """A tuple of non-empty strings from an iterable; a bare string is refused (it would split)."""
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise ValueError(f"{name} must be a list (or other iterable) of strings, got {values!r}")
    items = tuple(values)
    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise ValueError(f"{name} must contain only non-empty strings, got {item!r}")
    if not items:
        raise ValueError(f"{name} is empty; pass None to leave it out")
    for item in items:
        sendable(f"{name}: {item[:40]!r}…", item)
    return tuple(item.strip() for item in items)


def _ids(name: str, values: object) -> tuple[str, ...] | None:
    """The ids, once each, refused before any request when they would not fit one URL."""
    if values is None:
        return None
    ids = tuple(dict.fromkeys(map(id_key, _strings(name, values))))
    size = len(urlencode([("ids", job_id) for job_id in ids]))
    if size > MAX_IDS_QUERY_CHARS:
        raise ValueError(
            f"{name}: {len(ids):,} ids take {size:,} characters of query; at most "
            f"{MAX_IDS_QUERY_CHARS:,} fit one request ({UUIDS_PER_REQUEST} UUIDs). Ask in batches."
        )
    return ids


def id_key(job_id: str) -> str:
    """What tells one job id from another, and how it is sent: a UUID in any case is one id, in
    lower case (RFC 9562: servers answer so; a case-sensitive one finds it only so), any other
    id as it is."""
    return job_id.lower() if _UUID.fullmatch(job_id) else job_id


def _key(value: object) -> object:
    """A job's id-like field as a filter compares it (a UUID in any case is one)."""
    return id_key(value) if isinstance(value, str) else value


def _target(name: str, value: object) -> str | None:
    """One backend, a comma-separated string or an iterable of backends: one joined string."""
    if value is None:
        return None
    if isinstance(value, str):
        parts = tuple(part.strip() for part in value.split(","))
        if not all(parts):
            raise ValueError(f"{name} must name backends separated by commas, got {value!r}")
        joined = ",".join(parts)
    else:
        joined = ",".join(_strings(name, value))
    return sendable(name, joined)


_CHECKS: dict[str, Callable[[str, Any], Any]] = {
    "ids": _ids,
    "status": _statuses,
    "target": _target,
    **dict.fromkeys(EQUAL_FILTERS, _text),
}
