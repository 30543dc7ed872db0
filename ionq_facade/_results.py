"""What the read side of the jobs resource returns: results, costs, artifacts, and the
outcome of a cancel or delete. Plain frozen dataclasses over the server's payloads.

Result payloads come in IonQ's documented shapes: `ionq.result.probabilities.json.v1` (and the
`/results/probabilities` call: decimal state keys), `...json.v2` (bit-string keys per register)
and `...probabilities-aggregate.json.v1` (one v1 map per child job id). Bit strings put qubit 0
in the rightmost character, zero-padded to the job's qubit count: what every peer assumes, an
assumption until the live API confirms it. Probabilities are never turned into sampled counts.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal, TypeGuard
from urllib.parse import urlencode

from . import _json
from ._config import BULK_CHUNK
from ._query import MAX_IDS_QUERY_CHARS, id_key, sendable

JOB_ID_FORBIDDEN = frozenset("/?#%")
MAX_QUBITS = 4096  # a `stats.qubits` beyond it is not believed: bit strings are padded to it


def check_job_id(job_id: object, name: str = "job_id") -> str:
    """A job id that can go in a URL path as it is, and in a listing by ids: refused before any
    request otherwise (an empty id, `.` or `..` would address the collection or above it:
    `DELETE /jobs/.` is sent as the bulk `DELETE /jobs`)."""
    if not isinstance(job_id, str) or not job_id:
        raise ValueError(f"{name} must be a non-empty string, got {job_id!r}")
    bad = sorted({c for c in job_id if c in JOB_ID_FORBIDDEN or c.isspace() or not c.isprintable()})
    if bad:
        raise ValueError(
            f"{name} {job_id[:60]!r} holds {', '.join(map(repr, bad))}; an id has none of "
            "'/', '?', '#', '%', whitespace or unprintable characters"
        )
    if job_id in (".", ".."):
        raise ValueError(f"{name} {job_id!r} is a path segment, not an id")
    return sendable(f"{name} {job_id[:60]!r}…", job_id)


def path_id(job_id: object, name: str = "job_id") -> str:
    """A job id as a request's path sends it: checked (`check_job_id`), a UUID in lower case.
    Every plan that addresses one job builds its request with it."""
    return id_key(check_job_id(job_id, name))


def is_job_id(value: object) -> TypeGuard[str]:
    """Whether `value` passes `check_job_id` (for ids the server sent)."""
    try:
        check_job_id(value)
    except ValueError:
        return False
    return True


def unique_ids(ids: Iterable[str]) -> list[str]:
    """Each id once, in order (a UUID once in any case, as first spelled)."""
    first: dict[str, str] = {}
    for job_id in ids:
        first.setdefault(id_key(job_id), job_id)
    return list(first.values())


def by_asked_id(jobs: Iterable[tuple[str, Any]], asked: Iterable[str]) -> dict[str, Any]:
    """Jobs (id, job) keyed by each id they were asked for as (`ABC…` answered as `abc…`; a job
    asked for in two spellings is under both)."""
    names: dict[str, list[str]] = {}
    for job_id in asked:
        names.setdefault(id_key(job_id), []).append(job_id)
    return {name: job for job_id, job in jobs for name in names.get(id_key(job_id), [job_id])}


def check_job_ids(job_ids: object, name: str = "job_ids") -> list[str]:
    """Ids from an iterable (a bare string is refused: it would be split into characters)."""
    if isinstance(job_ids, str | bytes) or not hasattr(job_ids, "__iter__"):
        raise ValueError(f"{name} must be a list (or other iterable) of job ids, got {job_ids!r}")
    ids = [check_job_id(job_id, f"{name} item") for job_id in job_ids]
    if not ids:
        raise ValueError(f"{name} is empty")
    return ids


def chunk_ids(ids: list[str]) -> Iterator[list[str]]:
    """Checked ids in chunks of at most BULK_CHUNK whose listing by ids fits one request."""
    chunk: list[str] = []
    size = 0
    for job_id in ids:
        cost = len(urlencode([("ids", job_id)])) + 1
        if chunk and (len(chunk) == BULK_CHUNK or size + cost > MAX_IDS_QUERY_CHARS):
            yield chunk
            chunk, size = [], 0
        chunk.append(job_id)
        size += cost
    if chunk:
        yield chunk


@dataclass(frozen=True)
class JobResults:
    """A completed job's probabilities: `probabilities` maps a state (an int) to its probability;
    `bitstrings()` gives them as bit strings. A multi-circuit job's `children` hold each child's
    results in `child_job_ids` order. `raw` is the payload as received."""

    job_id: str
    probabilities: dict[int, float]
    qubits: int
    children: dict[str, JobResults] = field(default_factory=dict)
    raw: Any = None

    def bitstrings(self) -> dict[str, float]:
        """State -> probability with bit-string keys, zero-padded to `qubits`, qubit 0 rightmost."""
        width = self.qubits
        return {format(state, f"0{width}b"): p for state, p in self.probabilities.items()}


@dataclass(frozen=True)
class Money:
    value: float
    unit: str


@dataclass(frozen=True)
class JobCost:
    """`cost` and `estimated_cost` are None when not priced (which is not 0); never summed
    across units."""

    job_id: str
    dry_run: bool | None
    cost: Money | None
    estimated_cost: Money | None
    raw: Any = None


@dataclass(frozen=True)
class Artifact:
    """An artifact's bytes as stored, and their media type (artifacts may be binary)."""

    content: bytes
    media_type: str

    def json(self) -> Any:
        return _json.loads(self.content)


Outcome = Literal["canceled", "already-terminal", "deleted", "not-found", "error"]


@dataclass(frozen=True)
class JobOutcome:
    """What a cancel or delete did to one job: `status` is the last status known (None when the
    job was not found), `error` the typed exception when the outcome is "error"."""

    id: str
    outcome: Outcome
    status: str | None = None
    error: Exception | None = None


def money(value: object) -> Money | None:
    """A cost entry; None when not priced: null, or without its value or unit (the spec
    requires neither). ValueError when it is not an amount (a finite number and a unit)."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ValueError("must be null or {value: a finite number, unit: a string}")
    amount, unit = value.get("value"), value.get("unit")
    if amount is None or unit is None:
        return None
    if isinstance(amount, bool) or not isinstance(amount, int | float) or not isinstance(unit, str):
        raise ValueError("must have a number as its value and a string as its unit")
    try:
        number = float(amount)  # an int of 400 digits does not fit
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise ValueError("must have a finite number as its value")
    return Money(number, unit)


def probabilities_artifact(results: object) -> tuple[str, str] | None:
    """(artifact id, format) of the job's probabilities from its `results` descriptors, or None
    (legacy `{probabilities: {url}}`, inline results, nothing): use the probabilities call."""
    if not isinstance(results, dict):
        return None
    found = []
    for key, descriptor in results.items():
        if not isinstance(descriptor, dict):
            continue
        artifact_id, kind = descriptor.get("id"), descriptor.get("format") or key
        if is_job_id(artifact_id) and "probabilities" in str(kind):
            found.append((artifact_id, str(kind)))
    found.sort(key=lambda item: "aggregate" not in item[1])  # a parent's aggregate first
    return found[0] if found else None


def decode_states(payload: object) -> dict[int, float] | None:
    """A v1 map (decimal keys) or a v2 document (bit strings per register: the first register)
    as state -> probability; None when it is neither."""
    if isinstance(payload, dict) and isinstance(payload.get("probabilities"), dict):
        registers = payload["probabilities"].get("registers")
        if isinstance(registers, dict) and registers:
            first = next(iter(registers.values()))
            if isinstance(first, dict):
                return _states(first, base=2)
        return None
    return _states(payload, base=10) if isinstance(payload, dict) else None


# a state's key: plain ASCII digits, no longer than a state of MAX_QUBITS qubits takes (past
# 4,300 decimal digits, `int()` refuses to read one)
_STATE_KEYS = {
    10: re.compile(rf"[0-9]{{1,{len(str(2**MAX_QUBITS))}}}"),
    2: re.compile(rf"[01]{{1,{MAX_QUBITS}}}"),
}
PROBABILITY_SLACK = 1e-9  # a probability of 1.0000000000000002 is rounding, not drift
SUM_SLACK = 1e-3  # how far from 1 the probabilities of one result may sum (rounding)


def _states(mapping: dict[Any, Any], base: int) -> dict[int, float] | None:
    """Plain ASCII digits only (`int()` would also read "-1", " 1", "1_0", "0b1"), each state
    once ("1" and "01" are one state: a payload naming it twice is not a distribution), each
    probability a number in [0, 1] (never NaN, infinite or negative), summing to 1 (but for
    rounding) when there are any."""
    digits = _STATE_KEYS[base]
    states = {}
    for key, value in mapping.items():
        if not (isinstance(key, str) and digits.fullmatch(key)) or type(value) not in (float, int):
            return None
        if not -PROBABILITY_SLACK <= value <= 1 + PROBABILITY_SLACK:  # NaN fails too
            return None
        states[int(key, base)] = value
    total = math.fsum(states.values())
    if len(states) != len(mapping) or (states and not abs(total - 1) <= SUM_SLACK):
        return None
    return states


def qubit_count(job: dict[str, Any], states: dict[int, float]) -> int:
    """`stats.qubits`, or the widest state when one is wider (a multi-circuit parent's count
    need not be its children's): every bit string of one result has one width."""
    stats = job.get("stats")
    qubits = stats.get("qubits") if isinstance(stats, dict) else None
    declared = qubits if type(qubits) is int and qubits <= MAX_QUBITS else 0  # no bool, no 10**12
    return max(declared, max((state.bit_length() for state in states), default=1), 1)
