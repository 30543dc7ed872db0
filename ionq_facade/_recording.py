"""Recordings of what `verify()` exchanged with the API, to replay offline (`MockIonQServer.
from_recording`): the contract tests then run on real responses, in CI, without a key.

One JSON file: each exchange's request (method, path, query) and response (status, the headers
worth keeping, the body byte-exact: text, or base64 when it is not UTF-8). Never a request
header, so never the key. `anonymize=True` replaces personal values (submitter, project and
session ids, names, metadata values) with stable placeholders, the same value always by the same
placeholder, in bodies and queries alike; the body is then re-serialised (no longer byte-exact).
"""

from __future__ import annotations

import base64
import json
import os
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import httpx

from . import __version__, _json
from ._filters import JobFilters
from .errors import _hidden, _without_key

FORMAT = "ionq-jobs-recording/1"
KEPT_HEADERS = ("content-type", "x-request-id", "retry-after")
# query values kept as they are in an anonymized recording; any other (submitter_id, session_id,
# a filter the spec adds) is replaced, as the job field of the same name is
PUBLIC_QUERY = ("ids", "parent_job_id", "status", "target", "limit", "next", "sharpen")


def personal_fields(filters: Iterable[str]) -> tuple[str, ...]:
    """The job fields replaced: a filter's too, so that a replayed filter still matches the jobs
    it listed; each once (a filter named as such a field, `name`, was replaced twice)."""
    names = ("project_id", "name", *filters)
    return tuple(dict.fromkeys(n for n in names if n not in (*PUBLIC_QUERY, "page_size")))


PERSONAL_FIELDS = personal_fields(JobFilters.__annotations__)  # page_size: sent as `limit`
_JOB_PATH = re.compile(r"/jobs/[^/]+$")  # GET /jobs/{UUID}: one job


@dataclass(frozen=True)
class Exchange:
    method: str
    path: str
    query: tuple[tuple[str, str], ...]
    status: int
    headers: dict[str, str]
    body: bytes


@dataclass
class Anonymizer:
    """original value -> placeholder, per kind, stable across the whole recording."""

    seen: dict[tuple[str, str], str] = field(default_factory=dict)

    def placeholder(self, kind: str, value: str) -> str:
        key = (kind, value)
        if key not in self.seen:
            count = sum(1 for k, _ in self.seen if k == kind) + 1
            self.seen[key] = f"{kind.removesuffix('_id')}-{count}"
        return self.seen[key]

    def job(self, job: Any) -> Any:
        if not isinstance(job, dict):
            return job
        job = dict(job)
        for name in PERSONAL_FIELDS:
            if isinstance(job.get(name), str):
                job[name] = self.placeholder(name, job[name])
        if isinstance(job.get("metadata"), dict):
            job["metadata"] = {
                key: self.placeholder("metadata", _as_text(value))
                for key, value in job["metadata"].items()
            }
        return job

    def body(self, content: bytes, path: str) -> bytes:
        """A listing's jobs, or the job of `GET /jobs/{UUID}`, told by the path (the body may
        lack any field: drift is what verify looks for)."""
        try:
            page = _json.loads(content)
        except ValueError:  # not JSON, or nested too deep to hold: kept as it came
            return content
        if _JOB_PATH.search(path):
            page = self.job(page)
        elif isinstance(page, dict) and isinstance(page.get("jobs"), list):
            page["jobs"] = [self.job(job) for job in page["jobs"]]
        return _json.deeply(lambda: json.dumps(page)).encode()

    def query(self, pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
        return [
            (name, value if name in PUBLIC_QUERY else self.placeholder(name, value))
            for name, value in pairs
        ]


def _as_text(value: object) -> str:
    """A metadata value as the text its placeholder stands for."""
    return _json.deeply(lambda: str(value))


def check_record_path(path: str | Path) -> Path:
    """A recording's path, if one can be written there (its folder takes a new file); a
    ValueError naming why not, before any request."""
    if not isinstance(path, str | os.PathLike):
        raise ValueError(f"record must be a path (a str or pathlib.Path), got {path!r:.60}")
    if not str(path):
        raise ValueError("record: the path is empty")
    path = Path(path)
    if not path.parent.is_dir():
        raise ValueError(f"record: cannot write {str(path)!r}: no folder {str(path.parent)!r}")
    if path.is_dir():
        raise ValueError(f"record: {str(path)!r} is a folder, not a file")
    if path.exists() and not path.is_file():
        raise ValueError(f"record: {str(path)!r} is not a regular file")
    try:  # the very file write() makes, made and removed
        _target, part, out = _open_part(path)
        out.close()
        part.unlink()
    except OSError as exc:
        raise ValueError(f"record: cannot write in {str(path.parent)!r}: {exc.strerror}") from None
    return path


def _open_part(path: Path) -> tuple[Path, Path, IO[str]]:
    """(the file `path` names, through a symlink; a new file beside it; that file open): the
    new file is made as open() makes files (the umask's mode, not a temporary file's 0600)."""
    target = path.resolve()
    # not the target's name: with more characters, a long one (255 bytes) was refused
    part = target.with_name(f".ionq-jobs-recording-{secrets.token_hex(8)}.part")
    fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    return target, part, os.fdopen(fd, "w", encoding="utf-8")


class Recorder:
    """Collects exchanges; `write()` saves them to `path`, which is checked first, before any
    request: a recording that cannot be written must not cost a whole verify run."""

    def __init__(self, anonymize: bool, path: str | Path) -> None:
        self.exchanges: list[Exchange] = []
        self._anonymizer = Anonymizer() if anonymize else None
        self.path = check_record_path(path)

    def add(self, response: httpx.Response) -> None:
        request = response.request
        query = [(k, v) for k, v in request.url.params.multi_items()]
        body = _without_key(response)
        if self._anonymizer is not None:
            query = self._anonymizer.query(query)
            body = self._anonymizer.body(body, request.url.path)
        sent = {  # as the bytes came (Latin-1 text), whatever httpx decoded them as
            name.decode("latin-1").lower(): value.decode("latin-1")
            for name, value in response.headers.raw
        }
        headers = {  # a header can echo the key too (a request id made of it, say)
            name: str(_hidden(sent[name], response)) for name in KEPT_HEADERS if name in sent
        }
        self.exchanges.append(
            Exchange(
                request.method, request.url.path, tuple(query), response.status_code, headers, body
            )
        )

    def write(self) -> None:
        document = {
            "format": FORMAT,
            "recorded_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "recorded_by": f"ionq-jobs {__version__}",
            "anonymized": self._anonymizer is not None,
            "exchanges": [_exchange_to_json(exchange) for exchange in self.exchanges],
        }
        text = json.dumps(document, indent=1, ensure_ascii=False) + "\n"
        target, part, out = _open_part(self.path)  # whole or not at all: renamed over the target
        try:
            with out:
                out.write(text)
            os.replace(part, target)
        except BaseException:
            part.unlink(missing_ok=True)
            raise


def _exchange_to_json(exchange: Exchange) -> dict[str, Any]:
    response: dict[str, Any] = {"status": exchange.status, "headers": exchange.headers}
    try:
        response["body"] = exchange.body.decode("utf-8")
    except UnicodeDecodeError:
        response["body_base64"] = base64.b64encode(exchange.body).decode()
    return {
        "request": {"method": exchange.method, "path": exchange.path,
                    "query": [list(pair) for pair in exchange.query]},
        "response": response,
    }  # fmt: skip
