"""Client settings checked once, at construction: the API key, the base URL, the timeout.

Every refusal names the setting and what is allowed, and never quotes the key (nor a password
in a URL): a bad setting must not leak a secret into a log or a traceback.
"""

from __future__ import annotations

import ipaddress
import math
import os
import platform
import re
from typing import TypedDict
from urllib.parse import urlsplit

from .errors import APIKeyError

# defaults of the jobs resource, here (no httpx) so the CLI's help shows them without loading it
BULK_CHUNK = 100  # ids per bulk request (and per status read): IonQ documents no maximum
WAIT_TIMEOUT = 3600.0  # seconds a wait_for_jobs may take in all, by default
VERIFY_PAGES = 5
VERIFY_JOBS = 3  # listed jobs whose job, cost and (if completed) results verify() checks

DEFAULT_BASE_URL = "https://api.ionq.co/v0.4"
API_KEY_ENV = "IONQ_API_KEY"
BASE_URL_ENV = "IONQ_BASE_URL"
DEFAULT_TIMEOUT = 30.0
MAX_TIMEOUT = 86_400.0  # a day: beyond it a socket timeout overflows on some platforms
DEFAULT_MAX_RETRIES = 3
SHOWN_URL = 120  # characters of a URL a message quotes, at most
MAX_BASE_URL = 2_000  # characters; IonQ's has 24, and each request's URL must still fit httpx's
# What an HTTP header value may carry, minus space and tab (a key has none): visible ASCII.
_KEY_CHARACTERS = re.compile(r"[\x21-\x7e]+")
_VERSION_PATH = re.compile(r"/v\d+(\.\d+)*")


class SettingNames(TypedDict, total=False):
    """How a caller's user names each setting in messages (the CLI: its options). `api_key` names
    where a key passed as `api_key=` came from; `allow_insecure_http` is left out where the
    caller has no such switch (the refusal then does not suggest one)."""

    api_key: str
    api_key_option: str
    base_url: str
    timeout: str
    allow_insecure_http: str


PYTHON_NAMES: SettingNames = {
    "api_key_option": "api_key=...",
    "base_url": "base_url",
    "timeout": "timeout",
    "allow_insecure_http": "allow_insecure_http=True",
}


def resolve_settings(
    api_key: str | None,
    base_url: str | None,
    timeout: object,
    allow_insecure_http: bool,
    names: SettingNames | None = None,
) -> tuple[str, str, float]:
    """(key, base URL, timeout), each checked, each message naming the setting as the caller's
    user knows it (`names`; Python's own names by default)."""
    names = names or PYTHON_NAMES
    if base_url is None:
        base_url, url_name = base_url_from_env(), BASE_URL_ENV
        if base_url is None:
            base_url, url_name = DEFAULT_BASE_URL, "base URL"
    else:
        url_name = names.get("base_url", "base_url")
    url = check_base_url(
        base_url,
        allow_insecure_http=allow_insecure_http,
        name=url_name,
        switch=names.get("allow_insecure_http"),
    )
    source = names.get("api_key") if api_key is not None else None
    key = resolve_api_key(api_key, source=source, option=names.get("api_key_option", "api_key="))
    return key, url, check_timeout(timeout, name=names.get("timeout", "timeout"))


def base_url_hint(base_url: str) -> str:
    """What a 404 should add when the base URL's path does not end in an API version."""
    path = urlsplit(base_url).path.rstrip("/")
    if _VERSION_PATH.fullmatch(path[path.rfind("/") :] if path else ""):
        return ""
    return (
        f"; the base URL {redact_url(base_url)!r} does not end in an API version: it should "
        f"look like {DEFAULT_BASE_URL}"
    )


def resolve_api_key(
    api_key: object, *, source: str | None = None, option: str = "api_key=..."
) -> str:
    """The key from the argument, else from IONQ_API_KEY; surrounding whitespace is dropped.

    `source` names where a given key came from in messages (the CLI says `--api-key-file`);
    `option` is how the user passes one (`api_key=...`, `--api-key-file PATH`)."""
    if api_key is not None and not isinstance(api_key, str):
        raise APIKeyError(f"api_key must be a string, got {type(api_key).__name__}")
    key = api_key if api_key is not None else os.environ.get(API_KEY_ENV)
    where = source or ("api_key=" if api_key is not None else f"the {API_KEY_ENV} variable")
    if key is None or not key.strip():
        raise APIKeyError(
            f"no IonQ API key: set the {API_KEY_ENV} environment variable or pass {option}"
            if api_key is None or source is None
            else f"no IonQ API key in {source}"
        )
    key = key.strip()
    if not _KEY_CHARACTERS.fullmatch(key):
        raise APIKeyError(
            f"the API key ({where}) holds characters an HTTP header cannot carry (whitespace, "
            "control or non-ASCII characters); expected the bare key, without 'apiKey '"
        )
    return key


def check_base_url(
    base_url: object,
    *,
    allow_insecure_http: bool = False,
    name: str = "base_url",
    switch: str | None = "allow_insecure_http=True",
) -> str:
    """`base_url` without a trailing slash; refuses plain http except to loopback hosts.

    `name` is the setting as the user wrote it (`--base-url`, `IONQ_BASE_URL`); `switch` the
    way to allow plain http, None where the user has none."""
    if not isinstance(base_url, str):
        raise ValueError(f"{name} must be a string, got {type(base_url).__name__}")
    shown = redact_url(base_url)
    if len(base_url) > MAX_BASE_URL:
        raise ValueError(
            f"{name} {shown[:60]!r}… has {len(base_url):,} characters; at most {MAX_BASE_URL:,}"
        )
    if base_url != base_url.strip() or not base_url.isprintable():
        raise ValueError(
            f"{name} {shown!r} has surrounding whitespace or control characters; "
            "expected a URL such as https://api.ionq.co/v0.4"
        )
    try:
        parts = urlsplit(base_url)
        hostname, port = parts.hostname, parts.port
        (hostname or "").encode("idna")  # a label empty or past 63 characters: no host
    except (ValueError, UnicodeError) as exc:
        raise ValueError(f"{name} {shown!r} is not a valid URL: {exc}") from None
    if parts.username is not None or parts.password is not None:
        raise ValueError(f"{name} must not contain credentials (user:password@); use the API key")
    if parts.scheme not in {"https", "http"} or not hostname:
        raise ValueError(
            f"{name} must start with https:// (or http:// to a loopback host such as "
            f"127.0.0.1), got {shown!r}; for example {DEFAULT_BASE_URL}"
        )
    if parts.scheme == "http" and not (allow_insecure_http or is_loopback(hostname)):
        allow = f", or pass {switch}" if switch else ""
        raise ValueError(
            f"refusing plain http {name} {shown!r}: the API key would travel unencrypted. "
            f"Use https, or a loopback host (127.0.0.1, ::1, localhost) for a local mock "
            f"server{allow}."
        )
    if "?" in base_url or "#" in base_url:  # `...v0.4?` too: /jobs would follow the `?`
        raise ValueError(f"{name} must not have a query or fragment, got {shown!r}")
    if port == 0:
        raise ValueError(f"{name} has port 0, which no server listens on, got {shown!r}")
    return base_url.rstrip("/")


def base_url_from_env() -> str | None:
    """IONQ_BASE_URL when set (a mock, a proxy, a staging API); set but empty is an error, not a
    silent fall-back to IonQ's host."""
    value = os.environ.get(BASE_URL_ENV)
    if value is not None and not value.strip():
        raise ValueError(f"{BASE_URL_ENV} is set but empty; unset it to use {DEFAULT_BASE_URL}")
    return value


def redact_url(url: str) -> str:
    """`url` with any `user:password@` replaced, up to its last `@` (a password may hold `@`,
    `/` or `#`; a path with an `@` loses a little more), with or without a scheme: for messages,
    so a long one is cut (a 66,000-character proxy URL was one line of a message)."""
    shown = re.sub(r"^((?:[a-z][a-z0-9+.-]*:)?//)?.*@", r"\1***@", url, count=1, flags=re.I | re.S)
    return shown if len(shown) <= SHOWN_URL else f"{shown[:SHOWN_URL]}…"


def check_timeout(timeout: object, *, name: str = "timeout") -> float:
    """A finite number of seconds in (0, MAX_TIMEOUT]."""
    if isinstance(timeout, bool) or not isinstance(timeout, int | float):
        raise ValueError(f"{name} must be a number of seconds, got {type(timeout).__name__}")
    if not math.isfinite(timeout) or not 0 < timeout <= MAX_TIMEOUT:
        raise ValueError(
            f"{name} must be a number of seconds > 0 and <= {MAX_TIMEOUT:g}, got {timeout!r}"
        )
    return float(timeout)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def user_agent() -> str:
    import httpx

    from . import __version__

    return f"ionq-jobs/{__version__} python/{platform.python_version()} httpx/{httpx.__version__}"
