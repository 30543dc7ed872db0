"""The mock's jobs resource beyond the listing: one job, results, artifacts, cost, the clock that
moves active jobs along, and the live deviations the spec tolerates (`drift=`).

Everything a job shows is derived from its id (a hash), so it is the same in every answer and
does not shift other jobs' data: results consistent with `stats.qubits`, in both `results`
shapes; costs in `usd`, in `credit`, and none for simulators.
"""

from __future__ import annotations

import functools
import hashlib
import json
import random
from datetime import timedelta
from typing import Any

from .._window import parse_timestamp
from ..enums import JobStatus
from ._mock_data import Job, iso

ACTIVE = tuple(status.value for status in JobStatus if status.is_active)  # a cancel acts on these
# seconds on the mock's clock from submission to each next status, for a job active at start
STEPS = {"submitted": ("ready", 2.0), "ready": ("started", 3.0), "started": ("done", 5.0)}
FAILED_SHARE = 0.15  # of the jobs that finish on the mock's clock
CREDIT_SHARE = 0.3  # of the priced jobs, billed in credits
DRIFT_SHARE = 0.2  # of the jobs served with a live deviation when drift is on
UNKNOWN_STATUS = "zz-mock-status"  # a status outside the documented enum (drift)
STATES_SHOWN = 8  # at most this many states with a probability in mock results


def _rng(job_id: str, purpose: str) -> random.Random:
    digest = hashlib.sha256(f"{job_id}:{purpose}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))  # noqa: S311 - fake data


def qubits_of(job: Job) -> int:
    stats = job.get("stats")
    qubits = stats.get("qubits") if isinstance(stats, dict) else None
    return qubits if isinstance(qubits, int) and qubits > 0 else 2


def probabilities(job: Job) -> dict[str, float]:
    """v1: decimal state -> probability, states within the job's qubits, summing to 1."""
    rng = _rng(job["id"], "probabilities")
    width = min(qubits_of(job), 62)
    states = sorted({rng.getrandbits(width) for _ in range(rng.randint(1, STATES_SHOWN))})
    weights = [rng.random() + 0.01 for _ in states]
    total = sum(weights)
    return {str(state): weight / total for state, weight in zip(states, weights, strict=True)}


def as_v2(job: Job) -> dict[str, Any]:
    width = qubits_of(job)
    bits = {format(int(k), f"0{width}b"): p for k, p in probabilities(job).items()}
    return {"probabilities": {"registers": {"output_all": bits}}}


def cost(job: Job, drift: bool = False) -> dict[str, Any]:
    """No currency for simulators; usd or credits otherwise; `cost` once completed. With
    `drift`, some failed jobs' `cost` is null (the live API's; IonQ documents no null)."""
    body: dict[str, Any] = {"dry_run": bool(job.get("dry_run"))}
    if job.get("backend") == "simulator":
        return body
    rng = _rng(job["id"], "cost")
    unit = "credit" if rng.random() < CREDIT_SHARE else "usd"
    estimate = round(rng.uniform(1, 500), 2)
    body["estimated_cost"] = {"value": estimate, "unit": unit}
    if job.get("status") == "completed":
        body["cost"] = {"value": round(estimate * rng.uniform(0.8, 1.2), 2), "unit": unit}
    elif drift and job.get("status") == "failed" and rng.random() < 0.5:
        body["cost"] = None  # priced at nothing yet: null, which is not 0
    return body


def results_descriptor(job: Job, children: list[str]) -> dict[str, Any]:
    """The job's `results`: artifact descriptors (an aggregate for a multi-circuit parent), or
    for about a fifth of jobs the older `{probabilities: {url}}`."""
    if _rng(job["id"], "shape").random() < 0.2:
        return {"probabilities": {"url": f"/v0.4/jobs/{job['id']}/results/probabilities"}}
    if children:
        name = "ionq.result.probabilities-aggregate.json.v1"
        return {
            name: {
                "id": "probabilities-aggregate",
                "format": name,
                "media_type": "application/json",
            }
        }
    name = "ionq.result.probabilities.json.v2"
    return {name: {"id": "probabilities", "format": name, "media_type": "application/json"}}


def artifact(job: Job, artifact_id: str, children: list[Job]) -> tuple[bytes, str] | None:
    if artifact_id == "probabilities":
        formats = [
            d.get("format", "") for d in (job.get("results") or {}).values() if isinstance(d, dict)
        ]
        v1 = any(str(name).endswith("json.v1") for name in formats)
        return json.dumps(probabilities(job) if v1 else as_v2(job)).encode(), "application/json"
    if artifact_id == "probabilities-aggregate" and children:
        body = {child["id"]: probabilities(child) for child in children}
        return json.dumps(body).encode(), "application/json"
    if artifact_id == "circuit.bin":
        return bytes(range(256)) * 4, "application/octet-stream"
    return None


def finish(job: Job, status: str, at: Any) -> None:
    """A job reaching `status` on the mock's clock, with what such a job carries."""
    job["status"] = status
    if status == "started":
        job["started_at"] = iso(at)
    if status in ("completed", "failed", "canceled"):
        job["completed_at"] = iso(at)
        job["predicted_wait_time_ms"] = None
        started, ended = parse_timestamp(job.get("started_at")), parse_timestamp(iso(at))
        if started is not None and ended is not None and status != "canceled":  # how long it ran
            job["execution_duration_ms"] = round((ended - started).total_seconds() * 1000)
    if status == "completed":
        job["results"] = {}  # filled by the server, which knows the children
    if status == "failed":
        job["failure"] = {"code": "SimulationError", "message": "The simulation failed (mock)."}


def advance(job: Job, elapsed: float, start: Any) -> None:
    """Move an active job along its steps for `elapsed` seconds of the mock's clock. A child
    moves with its parent (its steps and outcome drawn for the parent): a multi-circuit job is
    completed when its circuits are, never before."""
    clock = 0.0
    family = job.get("parent_job_id") or job["id"]
    while job.get("status") in STEPS:
        following, seconds = STEPS[job["status"]]
        clock += seconds * (1 + _step_jitter(family, following))
        if clock > elapsed:
            return
        if following == "done":
            failed = _rng(family, "outcome").random() < FAILED_SHARE
            following = "failed" if failed else "completed"
        finish(job, following, start + timedelta(seconds=clock))


@functools.lru_cache(maxsize=2**20)  # every request moves every active job along
def _step_jitter(job_id: str, step: str) -> float:
    return _rng(job_id, f"step-{step}").random()


@functools.lru_cache(maxsize=2**20)  # a listing by status asks it of every job it scans
def _drift_kind_of(job_id: str) -> int | None:
    rng = _rng(job_id, "drift")
    return rng.randrange(4) if rng.random() < DRIFT_SHARE else None


def stays_unknown(job: Job) -> bool:
    """Whether a job is of the unknown-status share: an active one (its children too, which move
    with it) is `zz-mock-status` in every answer of a drifting mock, and never moves on."""
    return _drift_kind_of(job.get("parent_job_id") or job["id"]) == 2


def served_status(job: Job) -> Any:
    """The status a drifting mock serves (so a listing by a documented status never lists an
    unknown-status job: a `wait` on a job listed as `submitted` meets `submitted`)."""
    status = job.get("status")
    return UNKNOWN_STATUS if status in ACTIVE and stays_unknown(job) else status


def drifted(job: Job) -> Job:
    """A share of jobs as the live API has been seen to send them: a documented-required field
    absent, a null where IonQ documents none, a status outside the enum, an undocumented
    field."""
    if job.get("status") in ACTIVE and stays_unknown(job):
        return {**job, "status": UNKNOWN_STATUS}
    kind = _drift_kind_of(job["id"])
    if kind is None:
        return job
    job = dict(job)
    if kind == 0:
        job.pop("project_id", None)
    elif kind == 1:
        job["noise"] = None  # tolerated by the spec, not documented as nullable
    else:  # 3, and 2 once over (or for a child, whose parent decides its status)
        job["zz_mock_undocumented"] = {"note": "a field IonQ does not document"}
    return job
    job = dict(job)
    if kind == 0:
        job.pop("project_id", None)
    elif kind == 1:
        job["noise"] = None  # tolerated by the spec, not documented as nullable
    elif kind == 2 and job.get("status") in ACTIVE:
        job["status"] = UNKNOWN_STATUS
    else:
        job["zz_mock_undocumented"] = {"note": "a field IonQ does not document"}
    return job
