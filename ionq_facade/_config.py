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
from urllib.parse import urlsplit

from . import __version__
from .errors import MissingAPIKeyError

DEFAULT_BASE_URL = "https://api.ionq.co/v0.4"
API_KEY_ENV = "IONQ_API_KEY"
BASE_URL_ENV = "IONQ_BASE_URL"
AUTH_PREFIX = "apiKey"
DEFAULT_TIMEOUT = 30.0
MAX_TIMEOUT = 86_400.0  # a day: beyond it a socket timeout overflows on some platforms
DEFAULT_MAX_RETRIES = 3
# What an HTTP header value may carry, minus space and tab (a key has none): visible ASCII.
_KEY_CHARACTERS = re.compile(r"[\x21-\x7e]+")


def resolve_api_key(api_key: object, *, source: str | None = None) -> str:
    """The key from the argument, else from IONQ_API_KEY; surrounding whitespace is dropped.

    `source` names where the key came from in messages (the CLI says `--api-key-file`)."""
    if api_key is not None and not isinstance(api_key, str):
        raise MissingAPIKeyError(f"api_key must be a string, got {type(api_key).__name__}")
    key = api_key if api_key is not None else os.environ.get(API_KEY_ENV)
    where = source or (f"api_key= or {API_KEY_ENV}" if api_key is None else "api_key=")
    if key is None or not key.strip():
        raise MissingAPIKeyError(
            f"no IonQ API key: pass api_key=... or set the {API_KEY_ENV} environment variable"
            if source is None
            else f"no IonQ API key in {source}"
        )
    key = key.strip()
    if not _KEY_CHARACTERS.fullmatch(key):
        raise MissingAPIKeyError(
            f"the API key ({where}) holds characters an HTTP header cannot carry (whitespace, "
            "control or non-ASCII characters); expected the bare key, without 'apiKey '"
        )
    return key


def check_base_url(
    base_url: object, *, allow_insecure_http: bool = False, name: str = "base_url"
) -> str:
    """`base_url` without a trailing slash; refuses plain http except to loopback hosts.

    `name` is the setting as the user wrote it (`--base-url`, `IONQ_BASE_URL`)."""
    if not isinstance(base_url, str):
        raise ValueError(f"{name} must be a string, got {type(base_url).__name__}")
    shown = redact_url(base_url)
    if base_url != base_url.strip() or not base_url.isprintable():
        raise ValueError(
            f"{name} {shown!r} has surrounding whitespace or control characters; "
            "expected a URL such as https://api.ionq.co/v0.4"
        )
    try:
        parts = urlsplit(base_url)
        hostname, _port = parts.hostname, parts.port
    except ValueError as exc:
        raise ValueError(f"{name} {shown!r} is not a valid URL: {exc}") from None
    if parts.username is not None or parts.password is not None:
        raise ValueError(f"{name} must not contain credentials (user:password@); use the API key")
    if parts.scheme not in {"https", "http"} or not hostname:
        raise ValueError(f"{name} must be an https:// URL, got {shown!r}")
    if parts.scheme == "http" and not (allow_insecure_http or _is_loopback(hostname)):
        raise ValueError(
            f"refusing plain http {name} {shown!r}: the API key would travel unencrypted. "
            "Use https, a loopback host (127.0.0.1, ::1, localhost) for a local mock server, "
            "or pass allow_insecure_http=True."
        )
    if parts.query or parts.fragment:
        raise ValueError(f"{name} must not have a query or fragment, got {shown!r}")
    return base_url.rstrip("/")


def base_url_from_env() -> str:
    """IONQ_BASE_URL when set (a mock, a proxy, a staging API), else IonQ's v0.4 URL."""
    return os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL


def redact_url(url: str) -> str:
    """`url` with any `user:password@` replaced, for messages."""
    return re.sub(r"(?<=//)[^/@]*@", "***@", url, count=1)


def check_timeout(timeout: object, *, name: str = "timeout") -> float:
    """A finite number of seconds in (0, MAX_TIMEOUT]."""
    if isinstance(timeout, bool) or not isinstance(timeout, int | float):
        raise ValueError(f"{name} must be a number of seconds, got {type(timeout).__name__}")
    if not math.isfinite(timeout) or not 0 < timeout <= MAX_TIMEOUT:
        raise ValueError(
            f"{name} must be a number of seconds > 0 and <= {MAX_TIMEOUT:g}, got {timeout!r}"
        )
    return float(timeout)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def user_agent() -> str:
    import httpx

    return f"ionq-jobs/{__version__} python/{platform.python_version()} httpx/{httpx.__version__}"
