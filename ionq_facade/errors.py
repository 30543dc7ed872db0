"""The exception hierarchy, and the one function that maps an HTTP response to it.

    IonQError
    ├── APIKeyError               no key, or one an HTTP header cannot carry (MissingAPIKeyError)
    ├── APIConnectionError
    │   └── APITimeoutError
    ├── APIStatusError            status_code, error_type, message, request_id, body
    │   ├── BadRequestError       400
    │   ├── AuthenticationError   401
    │   ├── PermissionDeniedError 403
    │   ├── NotFoundError         404
    │   ├── RateLimitError        429 (retry_after)
    │   └── ServerError           5xx
    ├── MalformedResponseError    the body is not a jobs page (or is larger than the cap)
    ├── PaginationError           the listing does not advance
    ├── SpecDriftError            validate="strict": a page differs from what IonQ documents
    ├── JobNotCompletedError      results asked of a job that is not completed (status, failure)
    ├── WaitTimeoutError          wait_for_jobs ran out of time (the last state of every job)
    └── ClientClosedError         the client was closed

Every error raised during a listing carries `cursor`: the cursor of the page that failed, so
passing it back as `cursor=` resumes exactly there. No message ever contains the API key: messages
are built from the status, IonQ's error body, the request id and the URL, never from headers.
"""

from __future__ import annotations

import functools
import json
import logging
import math
import re
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from . import _json
from ._retry_after import parse_retry_after

if TYPE_CHECKING:  # annotations only: `import ionq_facade` and the CLI's help stay quick
    import httpx

EXCERPT_CHARS = 200
_MIN_SCRUBBED_KEY = 4  # a shorter "key" is not one; hiding it would garble every message


class IonQError(Exception):
    """Base class of every error this library raises on purpose. `attempts` is how many times
    the request was sent (retries included) when the error came from a request, else None."""

    cursor: str | None = None
    attempts: int | None = None

    def __init__(self, message: str, *, cursor: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.cursor = cursor


class APIKeyError(IonQError, ValueError):
    """No API key was given (and IONQ_API_KEY is not set), or the key holds characters an HTTP
    header cannot carry. The message never quotes the key."""


MissingAPIKeyError = APIKeyError  # the name before it also covered malformed keys


class APIConnectionError(IonQError):
    """The request did not get an HTTP response (DNS, refused, reset, dropped mid-body)."""


class APITimeoutError(APIConnectionError):
    """The request timed out (after retries)."""


class APIStatusError(IonQError):
    """The API answered with an error status. `str(exc)` is the whole story (status, IonQ's
    message, path, request id); `exc.message` is IonQ's `message` field alone (or the reason
    phrase when the body had none) and `exc.error_type` its `error` field."""

    def __init__(
        self,
        text: str,
        *,
        status_code: int,
        message: str | None = None,
        error_type: str | None = None,
        request_id: str | None = None,
        body: object = None,
        cursor: str | None = None,
    ) -> None:
        super().__init__(text, cursor=cursor)
        self.message = message or text
        self.status_code = status_code
        self.error_type = error_type
        self.request_id = request_id
        self.body = body


class BadRequestError(APIStatusError):
    """400: the API rejected a parameter."""


class AuthenticationError(APIStatusError):
    """401: the key is missing, malformed or unknown."""


class PermissionDeniedError(APIStatusError):
    """403: the key may not list this project's jobs."""


class NotFoundError(APIStatusError):
    """404."""


class RateLimitError(APIStatusError):
    """429 (after retries, or with a Retry-After longer than the client will wait)."""

    def __init__(self, text: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(text, **kwargs)
        self.retry_after = retry_after


class ServerError(APIStatusError):
    """5xx (after retries)."""


class MalformedResponseError(IonQError):
    """The response is not a jobs page: not JSON, HTML, `jobs` not a list, `next` missing..."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        request_id: str | None = None,
        excerpt: str = "",
        cursor: str | None = None,
    ) -> None:
        super().__init__(message, cursor=cursor)
        self.status_code = status_code
        self.request_id = request_id
        self.excerpt = excerpt


class PaginationError(IonQError):
    """The listing does not advance: the server sent a cursor this listing already used, or many
    pages in a row brought no new job. Following it would loop forever. Its `cursor` is None:
    resuming from anywhere in the cycle would replay it."""

    def __init__(self, message: str, *, repeated_cursor: str, cursor: str | None) -> None:
        super().__init__(message, cursor=cursor)
        self.repeated_cursor = repeated_cursor


class SpecDriftError(IonQError):
    """`validate="strict"`: a page differs from what IonQ documents. `findings` are the page's
    deviations (`ionq_facade.Finding`: pointer, kind, count, examples, job ids)."""

    def __init__(self, message: str, *, findings: list[Any], cursor: str | None) -> None:
        super().__init__(message, cursor=cursor)
        self.findings = findings


class JobNotCompletedError(IonQError):
    """Results were asked of a job that is not completed. `status` is its status (a string, as
    the server sent it); for a failed job, `failure_code` and `failure_message` say why."""

    def __init__(
        self,
        message: str,
        *,
        job_id: str,
        status: str | None,
        failure_code: str | None = None,
        failure_message: str | None = None,
    ) -> None:
        super().__init__(message)
        self.job_id = job_id
        self.status = status
        self.failure_code = failure_code
        self.failure_message = failure_message


class WaitTimeoutError(IonQError):
    """`wait_for_jobs` ran out of time. `jobs` maps every id to its last known state (a job
    model or dict, or None when gone or never read), in the order given; `pending` are the ids
    not done (still running, or never read: a None among them is unknown, not gone)."""

    def __init__(self, message: str, *, jobs: dict[str, Any], pending: list[str]) -> None:
        super().__init__(message)
        self.jobs = jobs
        self.pending = pending


class ClientClosedError(IonQError, RuntimeError):
    """The client was closed (its `with` block ended, or `close()` was called) and cannot send
    requests any more: make a new client."""


_STATUS_CLASSES: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    429: RateLimitError,
}

REQUEST_ID_HEADER = "x-request-id"


def _key_of(request: httpx.Request) -> str:
    """The API key the request carried ("" when none, or too short to hide)."""
    key: str = request.headers.get("authorization", "").partition(" ")[2]
    return key if len(key) >= _MIN_SCRUBBED_KEY else ""


@functools.lru_cache(maxsize=64)  # a client's one key, for every response and log record
def _forms(key: str) -> tuple[str, ...]:
    """The key as it is, as JSON escapes it (`"`, `\\`, `\\/`) and as a bytes repr shows it."""
    escaped = json.dumps(key)[1:-1]
    return tuple(
        dict.fromkeys((key, escaped, escaped.replace("/", "\\/"), repr(key.encode())[2:-1]))
    )


@functools.lru_cache(maxsize=64)
def _percent(key: str) -> re.Pattern[str] | None:
    """The key as a URL may write it (a redirect's Location): any of its characters a URL
    encodes as `%XX`, hex in either case, in any mix with the plain ones. None for a key of
    letters and digits, which a URL writes as it is: such a key costs nothing more."""
    if quote(key, safe="") == key:
        return None
    parts = [
        re.escape(char) if quote(char, safe="") == char
        else f"(?:{re.escape(char)}|{''.join(f'%(?i:{byte:02x})' for byte in char.encode())})"
        for char in key
    ]  # fmt: skip
    return re.compile("".join(parts))


def _without_key(response: httpx.Response) -> bytes:
    """The body with the request's API key replaced by `***`: a server or gateway that echoes
    the Authorization header back must not put the key in an error, a page, a report or a
    recording. A body that writes characters as `\\uXXXX` (Go escapes `&`, `<`, `>` so; .NET
    `'` and `+` too; a hostile server any letter) is read with the key's characters unescaped
    first: the same JSON. A body without a backslash pays one memchr."""
    key, content = _key_of(response.request), response.content
    if not key:
        return content
    if b"\\" in content and (  # one byte first (memchr): 80x faster than the rest without any
        b"\\u" in content or ("/" in key and b"\\/" in content)  # `\\/`: JSON's for `/` too
    ):
        unescaped = _escapes(key).sub(_unescaped, content)
        content = unescaped if any(f.encode() in unescaped for f in _forms(key)) else content
    for form in _forms(key):
        content = content.replace(form.encode(), b"***")
    percent = _percent(key)
    if percent is not None and b"%" in content:
        content = re.sub(percent.pattern.encode(), b"***", content)
    if b"\x00" in content:  # never in UTF-8 JSON: a UTF-16 or UTF-32 body (an error's excerpt)
        for codec in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
            content = content.replace(key.encode(codec), "***".encode(codec))
    return content


_SHORT = {b'"': b'\\"', b"\\": b"\\\\"}  # the two a JSON string must keep escaped


def _unescaped(match: re.Match[bytes]) -> bytes:
    text, start = match.string, match.start()
    before = start
    while before and text[before - 1] == 0x5C:  # the backslashes before it: each run read once
        before -= 1
    if (start - before) % 2:  # `\\\\u0026`: an escaped backslash, then text
        return match[0]
    char = match[2] or chr(int(match[1], 16)).encode()  # a key's character: visible ASCII
    return _SHORT.get(char, char)


@functools.lru_cache(maxsize=64)
def _escapes(key: str) -> re.Pattern[bytes]:
    """`\\u00XX` of the key's characters (either case of hex; group 1 the hex code), and
    `\\/` (group 2), which JSON may write for `/`, in any mix with `/`. It starts with a
    literal, which the regex engine finds fast; whether its backslash is itself escaped,
    `_unescaped` reads back (a lookbehind ran at every offset, a run of backslashes before it
    was read again from each one)."""
    codes = "|".join(f"{ord(c):02x}" for c in sorted(set(key)))
    return re.compile(rb"\\(?:u00(?i:(" + codes.encode() + rb"))|(/))", re.ASCII)


_HTTP_LOGGERS = ("httpx", "httpcore.connection", "httpcore.http11", "httpcore.http2",
                "httpcore.proxy", "httpcore.socks")  # fmt: skip


class _KeysHidden(logging.Filter):
    """Every client key of this process hidden in httpx's and httpcore's log records: httpx's
    INFO line quotes the reason phrase and httpcore's DEBUG trace the response headers, as the
    server sent them (one that echoes the key would put it in a log)."""

    keys: tuple[str, ...] = ()  # replaced whole, never changed in place: records are threaded

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            text = hidden = record.getMessage()
        except (TypeError, ValueError):  # a record that cannot format: its handler reports it
            return True
        for key in self.keys:
            hidden = _scrubbed(hidden, key)
        if hidden != text:
            record.msg, record.args = hidden, None
        return True


_KEYS_HIDDEN = _KeysHidden()
_KEYS_ADDED = threading.Lock()  # clients made at once in several threads: no key lost


def _hide_in_logs(key: str) -> None:
    """Hide `key` (a client's) from every httpx and httpcore log record from now on."""
    with _KEYS_ADDED:
        if len(key) < _MIN_SCRUBBED_KEY or key in _KEYS_HIDDEN.keys:
            return
        if not _KEYS_HIDDEN.keys:
            for name in _HTTP_LOGGERS:
                logging.getLogger(name).addFilter(_KEYS_HIDDEN)
        _KEYS_HIDDEN.keys = (*_KEYS_HIDDEN.keys, key)


def _hidden(text: str | None, response: httpx.Response) -> str | None:
    """A header's text (a reason phrase, a request id) with the request's key hidden."""
    key = _key_of(response.request)
    return _scrubbed(text, key) if text and key else text


def _scrubbed(text: str, key: str) -> str:
    """`text` with `key` as `***`, in every form `_forms` knows ("" hides nothing)."""
    for form in _forms(key) if key else ():
        text = text.replace(form, "***")
    percent = _percent(key) if key else None
    return percent.sub("***", text) if percent is not None and "%" in text else text


def excerpt_of(content: bytes) -> str:
    """The start of a body, printable, for error messages."""
    text = content[:EXCERPT_CHARS].decode("utf-8", "replace")
    text = " ".join(text.split())
    return text + ("…" if len(content) > EXCERPT_CHARS else "")


def error_from_response(
    response: httpx.Response,
    *,
    cursor: str | None,
    now: Callable[[], float] = time.time,
    hint: str = "",
) -> APIStatusError:
    """The typed error for a non-success response, with IonQ's `{statusCode, error, message}`
    when the body has them (any other body, JSON or not, is kept as an excerpt). `now` is the
    clock an HTTP-date Retry-After is measured against (the retry policy's); `hint` is appended
    to the message (a base URL that looks wrong, for a 404). A body that cannot be decoded (HTML,
    empty, nested too deep, a lone surrogate) leaves the status to say what happened."""
    status = response.status_code
    request_id = _hidden(response.headers.get(REQUEST_ID_HEADER), response)
    reason = _hidden(response.reason_phrase, response) or ""
    content = _without_key(response)
    try:
        body: object = _json.loads(content)
    except ValueError:  # not JSON, or hostile JSON: the status still says what happened
        body = None
    error_type = message = None
    if isinstance(body, dict):
        error_type = _str_or_none(body.get("error"))
        message = _str_or_none(body.get("message"))
    else:
        body = excerpt_of(content) or None
    summary = f"{status} {error_type or reason}"
    detail = message or (body if isinstance(body, str) else "")
    text = f"{summary}: {detail}" if detail else summary
    where = f" [{response.request.method} {response.request.url.path}"
    where += f", request id {request_id}" if request_id else ""
    where += f", {attempts_text(response.request)}"
    wait = parse_retry_after(response.headers.get("retry-after"), now)
    if wait:  # a count of seconds; 1e300 as a short number
        said = str(math.ceil(wait)) if wait < 1e9 else f"{wait:.3g}"
        where += f"; the server asks to retry after {said}s"
    where += "]"
    cls = _STATUS_CLASSES.get(status, ServerError if status >= 500 else APIStatusError)
    kwargs: dict[str, Any] = {
        "status_code": status,
        "message": message or reason,
        "error_type": error_type,
        "request_id": request_id,
        "body": body,
        "cursor": cursor,
    }
    if cls is RateLimitError:
        kwargs["retry_after"] = wait
    error = cls(text + hint + where, **kwargs)
    error.attempts = attempts_of(response.request)
    return error


ATTEMPTS = "ionq_attempts"  # request extension set by the retry layer: (attempts, first start)
PROXY = "ionq_proxy"  # request extension set by the retry layer: its proxy, the password hidden


def attempts_of(request: httpx.Request) -> int | None:
    recorded = request.extensions.get(ATTEMPTS)
    return recorded[0] if recorded else None


def attempts_text(request: httpx.Request) -> str:
    """`1 attempt`, or `4 attempts over 7.5s`: what a retried failure cost."""
    recorded = request.extensions.get(ATTEMPTS)
    if not recorded or recorded[0] == 1:
        return "1 attempt"
    return f"{recorded[0]} attempts over {time.monotonic() - recorded[1]:.1f}s"


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value else None
