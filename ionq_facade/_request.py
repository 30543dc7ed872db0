"""The one request path: every operation of both clients, and nothing else, sends through here.

An operation hands over the request its generated endpoint module built (`request_kwargs`); the
client's httpx pool sends it through the retry transport (the one retry policy, the deadline,
the body cap, proxies); `reply()` decodes the body once and maps a failure status to its typed
error (`errors.error_from_response`, the one map). What an operation does with the decoded body
(a page, a job, a cost) is its own few lines.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from . import _json
from .errors import (
    PROXY,
    REQUEST_ID_HEADER,
    APIConnectionError,
    APITimeoutError,
    ClientClosedError,
    IonQError,
    MalformedResponseError,
    _hidden,
    _key_of,
    _scrubbed,
    _without_key,
    attempts_of,
    attempts_text,
    error_from_response,
    excerpt_of,
)


@dataclass(frozen=True, slots=True)
class Reply:
    """A successful response and its body: decoded JSON, or the bytes when not read as JSON."""

    response: httpx.Response
    body: Any

    @property
    def request_id(self) -> str | None:
        """The server's request id (a page's, an error's), the key hidden where it echoes it."""
        return _hidden(self.response.headers.get(REQUEST_ID_HEADER), self.response)


def closed_error(client: object, cursor: str | None = None) -> ClientClosedError:
    return ClientClosedError(
        f"this {type(client).__name__} is closed (its `with` block ended or close() was called); "
        "make a new client",
        cursor=cursor,
    )


def _where(request: httpx.Request | None, cursor: str | None, fallback: str) -> str:
    place = f"{request.method} {request.url.path}" if request is not None else fallback
    return f"{place}, cursor {cursor!r}" if cursor else place


def _failed(
    http: httpx.Client | httpx.AsyncClient,
    exc: httpx.RequestError,
    kwargs: dict[str, Any],
    cursor: str | None,
    owner: object,
) -> IonQError:
    """A request that got no usable response, as the typed error (with attempts and context)."""
    if http.is_closed:  # closed while the request was on its way: that is what happened
        return closed_error(owner, cursor)
    try:
        request: httpx.Request | None = exc.request
    except RuntimeError:  # httpx never built one
        request = None
    where = _where(request, cursor, f"{kwargs['method'].upper()} {kwargs['url']}")
    proxy = request.extensions.get(PROXY) if request is not None else None
    through = f" (through proxy {proxy})" if proxy else ""
    if request is not None:
        where += f", {attempts_text(request)}"
    error: IonQError
    if isinstance(exc, httpx.DecodingError):  # corrupt gzip/deflate, or past the size cap
        error = MalformedResponseError(
            f"malformed response: {exc} ({where})", status_code=None, cursor=cursor
        )
    elif isinstance(exc, httpx.TimeoutException):  # what timed out, the same on both clients
        error = APITimeoutError(
            f"request timed out ({where}): {type(exc).__name__}{through}", cursor=cursor
        )
    else:  # httpcore quotes what the server sent (an illegal status line): the key hidden
        said = _scrubbed(str(exc), _key_of(request)) if request is not None else str(exc)
        error = APIConnectionError(
            f"connection failed ({where}): {type(exc).__name__}: {said}{through}", cursor=cursor
        )
    error.attempts = attempts_of(request) if request is not None else None
    return error


# Each error is raised outside the `except`: chained to httpx's error, it would hold the request,
# whose headers hold the key (and error reporters walk the chain and its frames' variables).


def send(
    http: httpx.Client, kwargs: dict[str, Any], cursor: str | None, owner: object
) -> httpx.Response:
    if http.is_closed:
        raise closed_error(owner, cursor)
    try:
        return http.request(**kwargs)
    except httpx.RequestError as exc:
        error = _failed(http, exc, kwargs, cursor, owner)
    raise error


async def asend(
    http: httpx.AsyncClient, kwargs: dict[str, Any], cursor: str | None, owner: object
) -> httpx.Response:
    if http.is_closed:
        raise closed_error(owner, cursor)
    try:
        return await http.request(**kwargs)
    except httpx.RequestError as exc:
        error = _failed(http, exc, kwargs, cursor, owner)
    raise error


def reply(
    response: httpx.Response,
    cursor: str | None,
    *,
    json: bool = True,
    now: Callable[[], float] = time.time,
    hint: str = "",
) -> Reply:
    """The decoded success, or the status's typed error. A failure status whose body cannot be
    decoded (HTML, empty, nested too deep, a lone surrogate) is still that status's error;
    a success that is not JSON (when JSON is what the operation returns) is malformed. The
    request's API key, wherever the body holds it, is read as `***`."""
    if not response.is_success:
        extra = hint if response.status_code == 404 else ""
        raise error_from_response(response, cursor=cursor, now=now, hint=extra)
    if not json:  # the bytes as they are, but for the key
        return Reply(response, _without_key(response))
    try:  # the key hidden first: a server echoing it reaches no model, table, report or log
        return Reply(response, _json.loads(_without_key(response)))
    except ValueError as exc:
        raise malformed(response, cursor, str(exc)) from None


def malformed(response: httpx.Response, cursor: str | None, reason: str) -> MalformedResponseError:
    """A success whose body is not what the operation returns, with everything support needs."""
    request_id = _hidden(response.headers.get(REQUEST_ID_HEADER), response)
    excerpt = excerpt_of(_without_key(response))
    context = [f"HTTP {response.status_code}", _where(response.request, cursor, "")]
    if request_id:
        context.append(f"request id {request_id}")
    content_type = _hidden(response.headers.get("content-type"), response)
    if content_type:
        context.append(content_type.split(";")[0])
    error = MalformedResponseError(
        f"malformed response: {reason} ({', '.join(context)}); body starts: {excerpt!r}",
        status_code=response.status_code,
        request_id=request_id,
        excerpt=excerpt,
        cursor=cursor,
    )
    error.attempts = attempts_of(response.request)
    return error
