"""Realistic fake jobs for the mock server: every status, several backends and job types,
parent/child jobs, sessions, submitters, timestamps consistent with status, failures on failed
jobs, some nulls. Deterministic for a given seed.

Shapes follow IonQ's current published document (job types of the circuit family, multi-circuit,
QAOA and quantum-function jobs; `results` keyed by artifact format), with a share of the older
shapes a long-lived project still lists (`ionq.workload.v1`, `results.probabilities.url`)."""

from __future__ import annotations

import json
import random
import uuid
from datetime import UTC, datetime, timedelta
from importlib.resources import files
from typing import Any

from .._published import LISTING, Field, ObjectRule, our_contracts
from ..enums import JobStatus

Job = dict[str, Any]

BACKENDS = ["simulator", "qpu.aria-1", "qpu.aria-2", "qpu.forte-1", "qpu.forte-enterprise-1"]
NOISE_MODELS = ["ideal", "aria-1", "forte-1", "harmony"]
# how often each status is drawn; a status the spec adds is not drawn until it has a weight
STATUS_WEIGHTS = {
    "completed": 60,
    "failed": 10,
    "canceled": 6,
    "started": 4,
    "ready": 8,
    "submitted": 12,
}
# (type, weight): parents; multi-circuit and QAOA jobs get children of CHILD_TYPE's type
JOB_TYPES = [
    ("ionq.circuit.v1", 55),
    ("ionq.qasm3.v1", 5),
    ("ionq.qir.v1", 3),
    ("ionq.multi-circuit.v1", 20),
    ("qctrl.qaoa.v1", 4),
    ("quantum-function", 3),
    ("ionq.workload.v1", 10),  # an older type, still listed for old jobs
]
CHILD_TYPE = {"ionq.multi-circuit.v1": "ionq.circuit.v1", "qctrl.qaoa.v1": "qctrl.qaoa-circuit.v1"}
RESULT_FORMAT = {
    "ionq.multi-circuit.v1": "ionq.result.probabilities-aggregate.json.v1",
    "quantum-function": None,  # free-form results
}
OLD_RESULTS_SHARE = 0.2  # completed jobs whose results have the pre-2025 shape
FAILURES = [
    ("CompilationError", "The circuit could not be compiled for the target."),
    ("TooManyGates", "The circuit has more gates than the backend allows."),
    ("QuotaExhaustedError", "The project has no quantum compute time left."),
    ("SimulationTimeout", "The simulation ran out of time."),
    ("InternalError", "An internal error occurred; contact support@ionq.co."),
    ("NotEnoughQubits", "The circuit needs more qubits than the backend has."),
]


def seed_job() -> Job:
    """The job of IonQ's "List jobs" docs page (completed like the generated jobs, should IonQ
    mark a field required that the page predates)."""
    text = files("ionq_facade").joinpath("_data/seed_jobs_page.json").read_text()
    job: Job = json.loads(text)["jobs"][0]
    return with_documented_fields(job)


def documented_value(rule: Field) -> object:
    """A value IonQ documents for `rule`: null where it may be null, else its first enum value,
    else one of its JSON types."""
    if rule.nullable:
        return None
    if rule.enum:
        return rule.enum[0]
    if rule.object is not None:
        return with_documented_fields({}, rule.object)
    if "string" in rule.types:
        return "2026-01-01T00:00:00.000Z" if rule.format == "date-time" else "zz-sample"
    for json_type, value in (("integer", 1), ("number", 1.5), ("boolean", False),
                             ("array", []), ("object", {})):  # fmt: skip
        if json_type in rule.types:
            return value
    return {}


def with_documented_fields(job: Job, rule: ObjectRule | None = None) -> Job:
    """`job` (changed in place) with a documented value for every field IonQ marks required
    (`x-published-required` in openapi.yaml) that it lacks: a field added to the spec reaches
    every mock job without an edit here (give it a realistic draw in `_job` when one matters)."""
    rule = rule or our_contracts()[LISTING].job
    for name in sorted(rule.required - job.keys()):
        job[name] = documented_value(rule.fields[name]) if name in rule.fields else None
    return job


def iso(moment: datetime) -> str:
    """The API's timestamp format: UTC, milliseconds, `Z`."""
    return (
        moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    )


def generate_jobs(count: int, *, seed: int = 0, now: datetime | None = None) -> list[Job]:
    """`count` jobs, newest first, submitted over the weeks before `now`.

    Each value has its own stream, `random.Random("{seed}:{job index}:{field}")` (string seeds are
    hashed deterministically), so adding a field, or a draw for one, leaves every other value of
    every job as it was."""
    now = now or datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    submitters = [f"{_stream(seed, 'submitter', n).getrandbits(96):024x}" for n in range(4)]
    project = _uuid(_stream(seed, "project"))
    sessions = [_uuid(_stream(seed, "session", n)) for n in range(5)]
    jobs: list[Job] = []
    moment = now
    while len(jobs) < count:
        draws = _Draws(seed, len(jobs))
        gap = draws("submitted_at")
        moment -= timedelta(seconds=gap.randint(30, 90 * 60), milliseconds=gap.randint(0, 999))
        age = now - moment
        parent = _job(draws, moment, age, submitters, project, sessions)
        jobs.append(parent)
        if parent["type"] in CHILD_TYPE:
            children = 0
            for _ in range(draws("children").randint(2, 4)):
                if len(jobs) >= count:
                    break
                child_draws = _Draws(seed, len(jobs))
                child = _job(child_draws, moment, age, submitters, project, sessions, parent)
                jobs.append(child)
                children += 1
            if children:  # one circuit per child job (none: the listing's end cut them off)
                parent["stats"]["circuits"] = children
    return sorted(map(with_documented_fields, jobs), key=sort_key, reverse=True)


def sort_key(job: Job) -> tuple[str, str]:
    """Newest first, then by id: a total order the cursors can point into."""
    return (str(job.get("submitted_at") or ""), str(job["id"]))


def _stream(*parts: object) -> random.Random:
    """A generator of its own for one value: seeded by a string, hashed deterministically."""
    return random.Random(":".join(map(str, parts)))  # noqa: S311 - fake data, reproducible


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


class _Draws:
    """The streams of one job: `draws("status")` is the status's own generator, the same for a
    given (seed, job index, field) however many other fields a job has."""

    def __init__(self, seed: int, index: int) -> None:
        self.job_seed = f"{seed}:{index}"

    def __call__(self, field: str) -> random.Random:
        return _stream(self.job_seed, field)


def _job(
    draws: _Draws,
    submitted: datetime,
    age: timedelta,
    submitters: list[str],
    project: str,
    sessions: list[str],
    parent: Job | None = None,
) -> Job:
    old = age > timedelta(days=2)
    if parent is not None:
        status = parent["status"]
        backend = parent["backend"]
        job_type = CHILD_TYPE[parent["type"]]
    else:
        weights = dict(STATUS_WEIGHTS)
        if old:  # old jobs are over: no queued or running ones from last week
            for active in [name for name in weights if not _terminal(name)]:
                weights[active] = 0
        status = draws("status").choices(list(weights), list(weights.values()))[0]
        backend = draws("backend").choice(BACKENDS)
        job_type = draws("type").choices(
            [name for name, _ in JOB_TYPES], [w for _, w in JOB_TYPES]
        )[0]
    simulator = backend == "simulator"
    ran = status in {"started", "completed", "failed"}
    done = _terminal(status)
    started_draws = draws("started_at")
    started = submitted + timedelta(seconds=started_draws.randint(1, 1800))
    duration_ms = draws("execution_duration_ms").randint(50, 120_000)
    finished = started + timedelta(milliseconds=duration_ms)
    noise_model = draws("noise").choice(NOISE_MODELS)
    shots: int | None = draws("shots").choice([100, 500, 1000, 4096])
    if simulator and noise_model == "ideal":
        shots = None  # an ideal simulation has no shots
    job_id = _uuid(draws("id"))
    session, metadata = draws("session_id"), draws("metadata")
    job: Job = {
        "id": job_id,
        "status": status,
        "type": job_type,
        "backend": backend,
        "dry_run": draws("dry_run").random() < 0.03,
        "cost_model": "QCT" if draws("cost_model").random() < 0.9 else "2QGE_operations",
        "submitter_id": draws("submitter_id").choice(submitters),
        "project_id": project,
        "parent_job_id": parent["id"] if parent else None,
        "session_id": session.choice(sessions) if session.random() < 0.2 else None,
        "metadata": {"experiment": metadata.choice(["vqe", "qaoa", "ghz", "qft"])}
        if metadata.random() < 0.3
        else None,
        "name": draws("name").choice([None, None, "ghz-state", "bell pair", "h2 ground state"]),
        "submitted_at": iso(submitted),
        "started_at": iso(started) if ran or (done and started_draws.random() < 0.5) else None,
        "completed_at": iso(finished) if done else None,
        "predicted_execution_duration_ms": draws("predicted_execution_duration_ms").randint(
            50, 90_000
        ),
        "predicted_wait_time_ms": draws("predicted_wait_time_ms").randint(0, 3_600_000)
        if not done
        else None,
        "execution_duration_ms": duration_ms if status in {"completed", "failed"} else None,
        "failure": _failure(draws("failure")) if status == "failed" else None,
        "settings": {"compilation": {}},
        "stats": _stats(draws("stats"), status, simulator, job_type, parent),
        "results": _results(draws("results"), job_id, job_type) if status == "completed" else None,
        "output": {},
    }
    if shots is not None:
        job["shots"] = shots
    if simulator:
        job["noise"] = {"model": noise_model}
    return job


def _terminal(status: str) -> bool:
    known = JobStatus.try_parse(status)
    return known is not None and known.is_terminal


def _stats(
    rng: random.Random, status: str, simulator: bool, job_type: str, parent: Job | None
) -> dict[str, Any]:
    billed = rng.randint(1_000, 9_000_000) if status == "completed" and not simulator else 0
    return {
        "qubits": rng.randint(2, 36 if not simulator else 29),
        "circuits": 1 if parent or job_type == "ionq.circuit.v1" else rng.randint(2, 8),
        "gate_counts": {"1q": rng.randint(1, 2000), "2q": rng.randint(0, 400)},
        "predicted_quantum_compute_time_us": rng.randint(1_000, 9_000_000),
        "billed_quantum_compute_time_us": billed,
    }


def _results(rng: random.Random, job_id: str, job_type: str) -> dict[str, Any]:
    """Current shape: one artifact descriptor per format; sometimes the older url shape."""
    if rng.random() < OLD_RESULTS_SHARE:
        return {"probabilities": {"url": f"/v0.4/jobs/{job_id}/results/probabilities"}}
    result_format = RESULT_FORMAT.get(job_type, "ionq.result.probabilities.json.v1")
    if result_format is None:
        return {"value": rng.random()}
    name = result_format.split(".")[2]
    return {result_format: {"id": name, "format": result_format, "media_type": "application/json"}}


def _failure(rng: random.Random) -> dict[str, str]:
    code, message = rng.choice(FAILURES)
    return {"code": code, "message": message}
