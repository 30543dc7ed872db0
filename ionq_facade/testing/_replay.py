"""Replaying a recording (`verify(record=...)`, `ionq-jobs verify --record FILE`): the exchanges
of a recording file, for `MockIonQServer.from_recording`.

A recording may be edited by hand: each exchange is checked field by field when it is loaded,
so a mistake is a ValueError naming the exchange and the field, not a failure at replay time.
"""

from __future__ import annotations

import base64
import binascii
import re
from pathlib import Path
from typing import Any

from .. import _json
from .._recording import FORMAT, Exchange

METHODS = ("GET", "HEAD", "PUT", "DELETE", "POST", "PATCH", "OPTIONS")
_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")  # an HTTP header name
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")  # a tab is a header value's, not a line end


def _header_value(value: object) -> bool:
    """One line HTTP can carry: no CR, LF or other control but a tab; Latin-1."""
    if not isinstance(value, str) or _CONTROL.search(value):
        return False
    try:
        value.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def load_recording(path: str | Path) -> list[Exchange]:
    """The exchanges of a recording file; ValueError naming the problem when it is not one."""
    try:
        document = _json.loads(Path(path).read_bytes())
    except OSError as exc:
        raise ValueError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except ValueError as exc:  # not JSON, nested too deep, a lone surrogate
        raise ValueError(f"{path}: not a readable recording ({exc})") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValueError(f"{path}: not an {FORMAT} file")
    items = document.get("exchanges")
    if not isinstance(items, list):
        raise ValueError(f"{path}: 'exchanges' must be a list, got {_shown(items)}")
    return [_exchange(item, f"{path}: exchange {index}") for index, item in enumerate(items)]


def _exchange(item: Any, where: str) -> Exchange:
    request = _field(item, "request", dict, where)
    response = _field(item, "response", dict, where)
    method = _field(request, "method", str, where)
    if method not in METHODS:
        raise ValueError(f"{where}: request.method must be one of {', '.join(METHODS)}, got "
                         f"{_shown(method)}")  # fmt: skip
    target = _field(request, "path", str, where)
    if not target.startswith("/") or _CONTROL.search(target):  # a space is a path's (%20)
        raise ValueError(f"{where}: request.path must be a path such as /v0.4/jobs, got "
                         f"{_shown(target)}")  # fmt: skip
    query = _field(request, "query", list, where)
    if not all(isinstance(p, list) and len(p) == 2 and all(isinstance(v, str) for v in p)
               for p in query):  # fmt: skip
        raise ValueError(f"{where}: request.query must be a list of [name, value] strings")
    status = response.get("status")
    if type(status) is not int or not 100 <= status <= 999:  # what HTTP/1.1 carries
        raise ValueError(f"{where}: response.status must be an integer 100-999, got "
                         f"{_shown(status)}")  # fmt: skip
    headers = _field(response, "headers", dict, where)
    for name, value in headers.items():
        if not _TOKEN.fullmatch(name) or not _header_value(value):
            raise ValueError(f"{where}: response.headers {name!r:.40} must be a header name "
                             f"and a one-line Latin-1 string, got {_shown(value)}")  # fmt: skip
    return Exchange(method, target, tuple(map(tuple, query)), status, headers,
                    _body(response, where))  # fmt: skip


def _body(response: dict[str, Any], where: str) -> bytes:
    if "body_base64" in response:
        try:
            return base64.b64decode(_field(response, "body_base64", str, where), validate=True)
        except (binascii.Error, ValueError):
            raise ValueError(f"{where}: response.body_base64 is not base64") from None
    body: str = _field(response, "body", str, where)
    return body.encode("utf-8")


def _field(parent: Any, name: str, kind: type, where: str) -> Any:
    """`parent[name]`, which must be a `kind`."""
    value = parent.get(name) if isinstance(parent, dict) else None
    if not isinstance(value, kind):
        label = _KINDS[kind]
        raise ValueError(f"{where}: {name} must be {label}, got {_shown(value)}")
    return value


_KINDS: dict[type, str] = {dict: "an object", list: "a list", str: "a string"}


def _shown(value: object) -> str:
    return "nothing" if value is None else f"{value!r:.60}"
