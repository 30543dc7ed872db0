"""Client settings checked once, up front: the API key, the base URL, the User-Agent."""

from __future__ import annotations

import ipaddress
import os
import platform
from urllib.parse import urlsplit

import httpx

from . import __version__
from .errors import MissingAPIKeyError

DEFAULT_BASE_URL = "https://api.ionq.co/v0.4"
API_KEY_ENV = "IONQ_API_KEY"
AUTH_PREFIX = "apiKey"
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_RETRIES = 3


def resolve_api_key(api_key: str | None) -> str:
    """The key from the argument, else from IONQ_API_KEY. Errors never quote the key."""
    key = api_key if api_key is not None else os.environ.get(API_KEY_ENV)
    if key is None or not key.strip():
        raise MissingAPIKeyError(
            f"no IonQ API key: pass api_key=... or set the {API_KEY_ENV} environment variable"
        )
    key = key.strip()
    if any(ch in key for ch in "\r\n\0") or " " in key:
        raise MissingAPIKeyError(
            f"the API key (from api_key= or {API_KEY_ENV}) contains whitespace or control "
            "characters; expected the bare key without the 'apiKey ' prefix"
        )
    return key


def check_base_url(base_url: str, *, allow_insecure_http: bool = False) -> str:
    """`base_url` without a trailing slash; refuses plain http except to loopback hosts."""
    parts = urlsplit(base_url)
    if parts.scheme not in {"https", "http"} or not parts.hostname:
        raise ValueError(f"base_url must be an https:// URL, got {base_url!r}")
    if parts.scheme == "http" and not (allow_insecure_http or _is_loopback(parts.hostname)):
        raise ValueError(
            f"refusing plain http base_url {base_url!r}: the API key would travel unencrypted. "
            "Use https, a loopback host (127.0.0.1, ::1, localhost) for a local mock server, "
            "or pass allow_insecure_http=True."
        )
    if parts.username or parts.password:
        raise ValueError("base_url must not contain credentials; pass api_key= instead")
    return base_url.rstrip("/")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def user_agent() -> str:
    return f"ionq-jobs/{__version__} python/{platform.python_version()} httpx/{httpx.__version__}"
