"""Decoding a response body: fast, and never a bare exception.

orjson reads almost every page. What it refuses goes to the standard library, which also reads
`NaN`, `Infinity` and numbers beyond a double (the CLI writes those back as null); but a body
that is not UTF-8, nested deeper than a decoder's stack, or holding a lone surrogate (which
cannot be written out as UTF-8 again), is not a page: ValueError with the reason.
"""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Callable
from typing import Any, TypeVar

import orjson

DECODED_DEPTH = 1_024  # the most levels orjson reads: what it read must be writable again
_RAISED = threading.Lock()  # one raised recursion limit at a time, restored as it was
T = TypeVar("T")


class HostileJSON(ValueError):
    """JSON that no decoder should be asked to hold: nested past the decoder's stack, or text
    with a lone surrogate. Whatever the status, the response is malformed."""


def loads(content: bytes) -> Any:
    """The JSON value of `content`; ValueError (with a short reason) for anything else."""
    try:
        return orjson.loads(content)
    except orjson.JSONDecodeError as fast_error:
        reason = str(fast_error).split(":")[0]
    try:  # UTF-8 only (RFC 8259): read as UTF-16, an echoed key would pass the byte scrub
        value = json.loads(content.decode("utf-8-sig"))
        # the standard library accepted it: no lone surrogate may hide in its strings
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except RecursionError:
        raise HostileJSON("the JSON is nested too deeply to decode") from None
    except UnicodeEncodeError:  # a ValueError: before it
        raise HostileJSON("the JSON holds a lone surrogate (\\ud800-\\udfff), not text") from None
    except ValueError:
        raise ValueError(f"the body is not JSON ({reason})") from None
    return value


def deeply(make: Callable[[], T]) -> T:
    """`make()` (writing out or walking a decoded value), with room for DECODED_DEPTH levels
    when the recursion limit stops it: Python 3.11 counts its JSON encoder's and `repr`'s levels
    against that limit (1,000 by default) and 3.12 does not, so a job read whole could be
    shown, exported and recorded on one Python but not on the other."""
    try:
        return make()
    except RecursionError:
        pass
    with _RAISED:
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(limit + 3 * DECODED_DEPTH)
        try:
            return make()
        finally:
            sys.setrecursionlimit(limit)
