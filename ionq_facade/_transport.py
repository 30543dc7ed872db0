"""The httpx transports of a client: retries, one deadline per request, a body cap, and proxies.

Only public httpx and httpcore names. The sync transport is httpcore's own connection pool (or
proxy pool) built with a `DeadlineBackend`, behind a few lines that do what httpx's transport does
(request in, response out, httpcore's exceptions as httpx's); the async one is httpx's own, with
the deadline kept by `asyncio.timeout` in the retry layer. Proxies are read from the environment
the way httpx reads them (HTTPS_PROXY, ALL_PROXY, NO_PROXY...), each mounted behind the same retry
layer; `proxy=` overrides them all.
"""

from __future__ import annotations

import ipaddress
import os
import re
import ssl
from collections.abc import Iterator
from importlib.util import find_spec
from typing import Any
from urllib.request import getproxies

import httpcore
import httpx

from ._config import redact_url
from ._deadline import DeadlineBackend
from ._retry import AsyncRetryTransport, RetryPolicy, RetryTransport

# httpcore's exceptions as httpx's (same names), most specific first: what httpx's transport maps
_EXCEPTIONS: tuple[tuple[type[Exception], type[httpx.TransportError]], ...] = tuple(
    (getattr(httpcore, name), getattr(httpx, name))
    for name in (
        "ConnectTimeout", "ReadTimeout", "WriteTimeout", "PoolTimeout", "TimeoutException",
        "ConnectError", "ReadError", "WriteError", "NetworkError", "ProxyError",
        "UnsupportedProtocol", "LocalProtocolError", "RemoteProtocolError", "ProtocolError",
    )
)  # fmt: skip


def _as_httpx(exc: Exception, request: httpx.Request) -> Exception:
    for source, target in _EXCEPTIONS:
        if isinstance(exc, source):
            return target(str(exc) or type(exc).__name__, request=request)
    if isinstance(exc, OSError | UnicodeError):  # a host the resolver cannot take, say
        return httpx.ConnectError(f"{type(exc).__name__}: {exc}", request=request)
    return exc


def environment_proxies() -> dict[str, str | None]:
    """URL pattern -> proxy URL (None: no proxy), read from the environment as httpx reads it;
    each proxy URL checked (a ValueError names its variable)."""
    found = getproxies()
    mounts: dict[str, str | None] = {}
    for scheme in ("http", "https", "all"):
        if found.get(scheme):
            url = found[scheme]
            url = url if "://" in url else f"http://{url}"
            mounts[f"{scheme}://"] = check_proxy(url, f"{scheme.upper()}_PROXY")
    for host in (part.strip() for part in found.get("no", "").split(",")):
        if host == "*":
            return {}
        if host:
            mounts[_no_proxy_pattern(host)] = None
    return mounts


def _no_proxy_pattern(host: str) -> str:
    """NO_PROXY entries as httpx mounts them (curl's rules: `example.com` covers subdomains)."""
    if "://" in host:
        return host
    host = host.removeprefix("[").removesuffix("]")  # [::1] as ::1
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return f"all://{host}" if host.lower() == "localhost" else f"all://*{host}"
    return f"all://[{host}]" if address.version == 6 else f"all://{host}"


def _core_url(url: httpx.URL) -> httpcore.URL:
    return httpcore.URL(
        scheme=url.raw_scheme, host=url.raw_host, port=url.port, target=url.raw_path
    )


def ssl_context() -> ssl.SSLContext:
    """httpx's TLS context (certifi's CA certificates, or those SSL_CERT_FILE or SSL_CERT_DIR
    name), made once for every transport of a client: each one loaded them again. A ValueError
    names the setting whose certificates cannot be loaded."""
    try:
        return httpx.create_ssl_context()
    except OSError as exc:  # httpx reads the first of the two that is set and not empty
        used = next((n for n in ("SSL_CERT_FILE", "SSL_CERT_DIR") if os.environ.get(n)), None)
        said = f" ({used}={os.environ[used]!r})" if used else ""
        raise ValueError(
            f"the CA certificates cannot be loaded{said}: {exc.strerror or exc}"
        ) from None


def _pool(
    proxy: str | None, backend: DeadlineBackend, tls: ssl.SSLContext
) -> httpcore.ConnectionPool:
    """httpcore's pool for direct connections, or through an http(s) or SOCKS proxy; every
    connection on the deadline-keeping network backend."""
    if proxy is None:
        return httpcore.ConnectionPool(ssl_context=tls, network_backend=backend)
    settings = httpx.Proxy(proxy)
    url = _core_url(settings.url)
    kwargs: dict[str, Any] = {"ssl_context": tls, "network_backend": backend}
    if settings.url.scheme not in ("http", "https"):
        return httpcore.SOCKSProxy(url, settings.raw_auth, **kwargs)
    kwargs["proxy_ssl_context"] = settings.ssl_context
    return httpcore.HTTPProxy(url, settings.raw_auth, settings.headers.raw, **kwargs)


_HOST = re.compile(r"[a-z0-9_-]+(\.[a-z0-9_-]+)*\.?")  # as httpx puts a host: lower case, IDNA


def check_proxy(url: object, name: str = "proxy") -> str:
    """A proxy URL httpx can connect through: http(s) or SOCKS, a host, a port in range. A
    ValueError naming the setting otherwise (never its password)."""
    if not isinstance(url, str):
        raise ValueError(f"{name} must be a URL string, got {type(url).__name__}")
    example = "for example http://proxy.example:3128"
    try:
        parsed = httpx.URL(url)
        host, port = parsed.host, parsed.port
    except (httpx.InvalidURL, UnicodeError, ValueError):  # its text may quote the password
        raise ValueError(f"{name} {redact_url(url)!r} is not a URL; {example}") from None
    address = host.removeprefix("[").removesuffix("]")
    valid_host = _HOST.fullmatch(parsed.raw_host.decode("ascii", "replace")) or _is_ip(address)
    if parsed.scheme not in ("http", "https", "socks5", "socks5h"):
        raise ValueError(
            f"{name} {redact_url(url)!r} must start with http://, https:// or socks5://"
        )
    if not valid_host or (port is not None and not 0 < port < 65536):
        raise ValueError(f"{name} {redact_url(url)!r} needs a host and a port 1-65535; {example}")
    if parsed.scheme.startswith("socks") and find_spec("socksio") is None:  # for both clients
        raise ValueError(
            f"proxy {redact_url(url)} is a SOCKS proxy, which needs the SOCKS extra of httpx: "
            "pip install 'httpx[socks]'"
        )
    return url


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


class _Stream(httpx.SyncByteStream):
    def __init__(self, stream: Any, request: httpx.Request) -> None:
        self._stream, self._request = stream, request

    def __iter__(self) -> Iterator[bytes]:
        try:
            yield from self._stream
        except Exception as exc:
            raise _as_httpx(exc, self._request) from exc

    def close(self) -> None:
        self._stream.close()


class DeadlineTransport(httpx.BaseTransport):
    """httpx's HTTPTransport in a few lines, on a pool whose network backend keeps the request
    deadline (httpx takes no network backend argument; httpcore does)."""

    def __init__(self, proxy: str | None = None, tls: ssl.SSLContext | None = None) -> None:
        self._backend = DeadlineBackend()
        self._connections = _pool(proxy, self._backend, tls or ssl_context())

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        core = httpcore.Request(
            method=request.method,
            url=_core_url(request.url),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        try:
            response = self._connections.handle_request(core)
        except Exception as exc:
            raise _as_httpx(exc, request) from exc
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_Stream(response.stream, request),
            extensions=response.extensions,
        )

    def close(self) -> None:
        self._backend.shutdown()  # a request in flight in another thread ends now
        self._connections.close()


def _proxy_urls(proxy: str | None, direct: str | None) -> dict[str, str | None]:
    """`proxy=` for everything, or the environment's, except `direct` (a plain-http loopback
    base URL: the key must not travel in clear text to a proxy that may be elsewhere)."""
    if proxy is not None:
        return {"all://": check_proxy(proxy)}
    found = environment_proxies()
    return found | {direct: None} if direct and found else found


def transports(
    policy: RetryPolicy,
    max_bytes: int,
    proxy: str | None,
    transport: Any,
    *,
    sync: bool,
    direct: str | None = None,
) -> dict[str, Any]:
    """httpx client arguments: the default transport, and one mount per proxy pattern, each
    behind the retry layer. The caller's own `transport` (tests, custom stacks) has no proxies.
    Sync connections keep the deadline in their network backend; async ones in the retry layer."""
    retrying: Any = RetryTransport if sync else AsyncRetryTransport
    if transport is not None:
        kind = httpx.BaseTransport if sync else httpx.AsyncBaseTransport
        if not isinstance(transport, kind):
            raise ValueError(
                f"transport must be an {kind.__module__}.{kind.__name__}, got {transport!r:.80}"
            )
        return {"transport": retrying(transport, policy, max_bytes)}

    tls = ssl_context()

    def wrapped(url: str | None) -> Any:
        pool: Any = (
            DeadlineTransport(url, tls) if sync else httpx.AsyncHTTPTransport(proxy=url, verify=tls)
        )
        return retrying(pool, policy, max_bytes, redact_url(url) if url else None)

    default = wrapped(None)
    mounts = {
        pattern: wrapped(url) if url else default
        for pattern, url in _proxy_urls(proxy, direct).items()
    }
    return {"transport": default, "mounts": mounts}
