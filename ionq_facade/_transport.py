"""The httpx transports of a client: retries, one deadline per request, a body cap, and proxies.

httpx reads the standard proxy variables (HTTPS_PROXY, ALL_PROXY, NO_PROXY...) only when it
builds its own transport; ours wraps retries around it, so the proxies are mounted here the
way httpx would mount them, each behind the same retry layer. `proxy=` overrides them all.
"""

from __future__ import annotations

from typing import Any

import httpx
from httpx._utils import get_environment_proxies  # httpx's own reading of the variables

from ._deadline import with_deadlines
from ._retry import AsyncRetryTransport, RetryPolicy, RetryTransport


def _proxy_urls(proxy: str | None) -> dict[str, str | None]:
    """URL pattern -> proxy URL (None: no proxy), as httpx.Client would use them."""
    if proxy is not None:
        return {"all://": proxy}
    return dict(get_environment_proxies())


def sync_transports(
    policy: RetryPolicy,
    max_bytes: int,
    proxy: str | None,
    transport: httpx.BaseTransport | None,
) -> dict[str, Any]:
    """httpx.Client arguments: the default transport, and one mount per proxy pattern."""
    if transport is not None:  # the caller's own transport (tests, custom stacks): no proxies
        return {"transport": RetryTransport(transport, policy, max_bytes)}

    def wrapped(proxy_url: str | None) -> RetryTransport:
        inner = with_deadlines(httpx.HTTPTransport(proxy=proxy_url))
        return RetryTransport(inner, policy, max_bytes)

    default = wrapped(None)
    mounts = {
        pattern: default if url is None else wrapped(url)
        for pattern, url in _proxy_urls(proxy).items()
    }
    return {"transport": default, "mounts": mounts}


def async_transports(
    policy: RetryPolicy,
    max_bytes: int,
    proxy: str | None,
    transport: httpx.AsyncBaseTransport | None,
) -> dict[str, Any]:
    """The async twin of sync_transports (the deadline is the retry transport's own there)."""
    if transport is not None:
        return {"transport": AsyncRetryTransport(transport, policy, max_bytes)}

    def wrapped(proxy_url: str | None) -> AsyncRetryTransport:
        return AsyncRetryTransport(httpx.AsyncHTTPTransport(proxy=proxy_url), policy, max_bytes)

    default = wrapped(None)
    mounts = {
        pattern: default if url is None else wrapped(url)
        for pattern, url in _proxy_urls(proxy).items()
    }
    return {"transport": default, "mounts": mounts}
