"""What the read side of the jobs resource returns: results, costs, artifacts, and the
outcome of a cancel or delete. Plain frozen dataclasses over the server's payloads.

Result payloads come in IonQ's documented shapes: `ionq.result.probabilities.json.v1` (and the
`/results/probabilities` call: decimal state keys), `...json.v2` (bit-string keys per register)
and `...probabilities-aggregate.json.v1` (one v1 map per child job id). Bit strings put qubit 0
in the rightmost character, zero-padded to the job's qubit count: what every peer assumes, an
assumption until the live API confirms it. Probabilities are never turned into sampled counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from . import _json

JOB_ID_FORBIDDEN = frozenset("/?#%")


def check_job_id(job_id: object, name: str = "job_id") -> str:
    """A job id that can go in a URL path as it is: refused before any request otherwise (an
    empty id would address the collection: `DELETE /jobs/` is one slash from a bulk delete)."""
    if not isinstance(job_id, str) or not job_id:
        raise ValueError(f"{name} must be a non-empty string, got {job_id!r}")
    bad = sorted({c for c in job_id if c in JOB_ID_FORBIDDEN or c.isspace() or not c.isprintable()})
    if bad:
        raise ValueError(
            f"{name} {job_id[:60]!r} holds {', '.join(map(repr, bad))}; a job id has none of "
            "'/', '?', '#', '%' or whitespace"
        )
    return job_id


def check_job_ids(job_ids: object, name: str = "job_ids") -> list[str]:
    """Ids from an iterable (a bare string is refused: it would be split into characters)."""
    if isinstance(job_ids, str | bytes) or not hasattr(job_ids, "__iter__"):
        raise ValueError(f"{name} must be a list (or other iterable) of job ids, got {job_ids!r}")
    ids = [check_job_id(job_id, f"{name} item") for job_id in job_ids]
    if not ids:
        raise ValueError(f"{name} is empty")
    return ids


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
    """A cost entry, or None when absent/null/not an amount."""
    if not isinstance(value, dict):
        return None
    amount, unit = value.get("value"), value.get("unit")
    if isinstance(amount, bool) or not isinstance(amount, int | float) or not isinstance(unit, str):
        return None
    return Money(float(amount), unit)


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
        if isinstance(artifact_id, str) and artifact_id and "probabilities" in str(kind):
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


def _states(mapping: dict[Any, Any], base: int) -> dict[int, float] | None:
    try:
        states = {int(key, base): value for key, value in mapping.items()}
    except (TypeError, ValueError):
        return None
    if not all(type(p) is float or (type(p) is int) for p in states.values()):
        return None
    return states


def qubit_count(job: dict[str, Any], states: dict[int, float]) -> int:
    """`stats.qubits`, or the widest state when one is wider (a multi-circuit parent's count
    need not be its children's): every bit string of one result has one width."""
    stats = job.get("stats")
    qubits = stats.get("qubits") if isinstance(stats, dict) else None
    declared = qubits if isinstance(qubits, int) and not isinstance(qubits, bool) else 0
    return max(declared, max((state.bit_length() for state in states), default=1), 1)
