"""Replaying a recording (`verify(record=...)`, `ionq-jobs verify --record FILE`): the exchanges
of a recording file, for `MockIonQServer.from_recording`."""

from __future__ import annotations

import base64
import json
from pathlib import Path

from .._recording import FORMAT, Exchange


def load_recording(path: str | Path) -> list[Exchange]:
    """The exchanges of a recording file; ValueError naming the problem when it is not one."""
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise ValueError(f"{path}: not an {FORMAT} file")
        exchanges = []
        for item in document["exchanges"]:
            request, response = item["request"], item["response"]
            body = (
                base64.b64decode(response["body_base64"], validate=True)
                if "body_base64" in response
                else response["body"].encode("utf-8")
            )
            exchanges.append(
                Exchange(
                    request["method"],
                    request["path"],
                    tuple((str(k), str(v)) for k, v in request["query"]),
                    int(response["status"]),
                    dict(response["headers"]),
                    body,
                )
            )
    except ValueError as exc:  # not JSON, not UTF-8, bad base64, a status that is no number
        if str(exc).startswith(f"{path}: "):
            raise
        raise ValueError(f"{path}: not a readable recording ({exc})") from None
    except (OSError, KeyError, TypeError, AttributeError, IndexError) as exc:
        raise ValueError(f"{path}: not a readable recording ({exc!r})") from None
    return exchanges
