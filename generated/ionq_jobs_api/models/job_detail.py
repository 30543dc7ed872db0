from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    ClassVar,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.cost_model import CostModel
from ..models.failure import Failure
from ..models.job_status import JobStatus
from ..models.noise import Noise
from ..types import UNSET, Unset

T = TypeVar("T", bound="JobDetail")


@_attrs_define
class JobDetail:
    """One job as `GET /jobs/{UUID}` answers it, any job type.

    Attributes:
        id (str): The job's id (a UUID in practice; not declared as one on purpose).
        status (JobStatus | str | Unset): A job's status as the server reports it.
        type_ (str | Unset): The job type, for example `ionq.circuit.v1`. Open-ended.
        backend (str | Unset): The backend the job ran or will run on, for example `simulator` or `qpu.forte-1`.
        dry_run (bool | Unset): True when the job was only validated, not run.
        cost_model (CostModel | str | Unset):
        submitter_id (str | Unset): The id of the user who submitted the job (not a UUID).
        project_id (None | str | Unset):
        parent_job_id (None | str | Unset): The parent job, for a child job of a multicircuit or workload job.
        session_id (None | str | Unset): The session the job ran in, if any.
        metadata (Any | Unset): User-supplied string key/value pairs, or null.
        name (None | str | Unset):
        submitted_at (str | Unset): An ISO 8601 date-time in UTC, for example `2025-05-28T20:47:05.440Z`.
        started_at (None | str | Unset):
        completed_at (None | str | Unset):
        predicted_wait_time_ms (int | None | Unset):
        predicted_execution_duration_ms (int | None | Unset):
        execution_duration_ms (int | None | Unset): How long the job ran on the QPU; null until it has run.
        shots (int | Unset): Number of shots. Absent for ideal-simulator jobs.
        noise (Noise | None | Unset):
        failure (Failure | None | Unset):
        settings (Any | Unset): A JSON object whose shape depends on the job type and API version.
        stats (Any | Unset): A JSON object whose shape depends on the job type and API version.
        results (Any | Unset): A JSON object whose shape depends on the job type and API version.
        output (Any | Unset): A JSON object whose shape depends on the job type and API version.
        child_job_ids (list[str] | None | Unset): The child jobs of a multi-circuit job, in the parent's order.
    """

    id: str
    status: JobStatus | str | Unset = UNSET
    type_: str | Unset = UNSET
    backend: str | Unset = UNSET
    dry_run: bool | Unset = UNSET
    cost_model: CostModel | str | Unset = UNSET
    submitter_id: str | Unset = UNSET
    project_id: None | str | Unset = UNSET
    parent_job_id: None | str | Unset = UNSET
    session_id: None | str | Unset = UNSET
    metadata: Any | Unset = UNSET
    name: None | str | Unset = UNSET
    submitted_at: str | Unset = UNSET
    started_at: None | str | Unset = UNSET
    completed_at: None | str | Unset = UNSET
    predicted_wait_time_ms: int | None | Unset = UNSET
    predicted_execution_duration_ms: int | None | Unset = UNSET
    execution_duration_ms: int | None | Unset = UNSET
    shots: int | Unset = UNSET
    noise: Noise | None | Unset = UNSET
    failure: Failure | None | Unset = UNSET
    settings: Any | Unset = UNSET
    stats: Any | Unset = UNSET
    results: Any | Unset = UNSET
    output: Any | Unset = UNSET
    child_job_ids: list[str] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    JSON_FIELDS: ClassVar[tuple[str, ...]] = (
        "id",
        "status",
        "type",
        "backend",
        "dry_run",
        "cost_model",
        "submitter_id",
        "project_id",
        "parent_job_id",
        "session_id",
        "metadata",
        "name",
        "submitted_at",
        "started_at",
        "completed_at",
        "predicted_wait_time_ms",
        "predicted_execution_duration_ms",
        "execution_duration_ms",
        "shots",
        "noise",
        "failure",
        "settings",
        "stats",
        "results",
        "output",
        "child_job_ids",
    )

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        status: str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        elif isinstance(self.status, JobStatus):
            status = JobStatus(self.status).value
        else:
            status = self.status

        type_ = self.type_

        backend = self.backend

        dry_run = self.dry_run

        cost_model: str | Unset
        if isinstance(self.cost_model, Unset):
            cost_model = UNSET
        elif isinstance(self.cost_model, CostModel):
            cost_model = CostModel(self.cost_model).value
        else:
            cost_model = self.cost_model

        submitter_id = self.submitter_id

        project_id: None | str | Unset
        if isinstance(self.project_id, Unset):
            project_id = UNSET
        else:
            project_id = self.project_id

        parent_job_id: None | str | Unset
        if isinstance(self.parent_job_id, Unset):
            parent_job_id = UNSET
        else:
            parent_job_id = self.parent_job_id

        session_id: None | str | Unset
        if isinstance(self.session_id, Unset):
            session_id = UNSET
        else:
            session_id = self.session_id

        metadata = self.metadata

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        submitted_at = self.submitted_at

        started_at: None | str | Unset
        if isinstance(self.started_at, Unset):
            started_at = UNSET
        else:
            started_at = self.started_at

        completed_at: None | str | Unset
        if isinstance(self.completed_at, Unset):
            completed_at = UNSET
        else:
            completed_at = self.completed_at

        predicted_wait_time_ms: int | None | Unset
        if isinstance(self.predicted_wait_time_ms, Unset):
            predicted_wait_time_ms = UNSET
        else:
            predicted_wait_time_ms = self.predicted_wait_time_ms

        predicted_execution_duration_ms: int | None | Unset
        if isinstance(self.predicted_execution_duration_ms, Unset):
            predicted_execution_duration_ms = UNSET
        else:
            predicted_execution_duration_ms = self.predicted_execution_duration_ms

        execution_duration_ms: int | None | Unset
        if isinstance(self.execution_duration_ms, Unset):
            execution_duration_ms = UNSET
        else:
            execution_duration_ms = self.execution_duration_ms

        shots = self.shots

        noise: dict[str, Any] | None | Unset
        if isinstance(self.noise, Unset):
            noise = UNSET
        elif isinstance(self.noise, Noise):
            noise = self.noise.to_dict()
        else:
            noise = self.noise

        failure: dict[str, Any] | None | Unset
        if isinstance(self.failure, Unset):
            failure = UNSET
        elif isinstance(self.failure, Failure):
            failure = self.failure.to_dict()
        else:
            failure = self.failure

        settings = self.settings

        stats = self.stats

        results = self.results

        output = self.output

        child_job_ids: list[str] | None | Unset
        if isinstance(self.child_job_ids, Unset):
            child_job_ids = UNSET
        elif isinstance(self.child_job_ids, list):
            child_job_ids = self.child_job_ids

        else:
            child_job_ids = self.child_job_ids

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
            }
        )
        if status is not UNSET:
            field_dict["status"] = status
        if type_ is not UNSET:
            field_dict["type"] = type_
        if backend is not UNSET:
            field_dict["backend"] = backend
        if dry_run is not UNSET:
            field_dict["dry_run"] = dry_run
        if cost_model is not UNSET:
            field_dict["cost_model"] = cost_model
        if submitter_id is not UNSET:
            field_dict["submitter_id"] = submitter_id
        if project_id is not UNSET:
            field_dict["project_id"] = project_id
        if parent_job_id is not UNSET:
            field_dict["parent_job_id"] = parent_job_id
        if session_id is not UNSET:
            field_dict["session_id"] = session_id
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if name is not UNSET:
            field_dict["name"] = name
        if submitted_at is not UNSET:
            field_dict["submitted_at"] = submitted_at
        if started_at is not UNSET:
            field_dict["started_at"] = started_at
        if completed_at is not UNSET:
            field_dict["completed_at"] = completed_at
        if predicted_wait_time_ms is not UNSET:
            field_dict["predicted_wait_time_ms"] = predicted_wait_time_ms
        if predicted_execution_duration_ms is not UNSET:
            field_dict["predicted_execution_duration_ms"] = (
                predicted_execution_duration_ms
            )
        if execution_duration_ms is not UNSET:
            field_dict["execution_duration_ms"] = execution_duration_ms
        if shots is not UNSET:
            field_dict["shots"] = shots
        if noise is not UNSET:
            field_dict["noise"] = noise
        if failure is not UNSET:
            field_dict["failure"] = failure
        if settings is not UNSET:
            field_dict["settings"] = settings
        if stats is not UNSET:
            field_dict["stats"] = stats
        if results is not UNSET:
            field_dict["results"] = results
        if output is not UNSET:
            field_dict["output"] = output
        if child_job_ids is not UNSET:
            field_dict["child_job_ids"] = child_job_ids

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        _status_data = d.pop("status", UNSET)
        status: JobStatus | str | Unset
        if isinstance(_status_data, Unset):
            status = _status_data
        else:
            try:
                if not isinstance(_status_data, str):
                    raise TypeError()
                componentsschemas_job_status_value_type_0 = JobStatus(_status_data)

                status = componentsschemas_job_status_value_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                status = _status_data

        type_ = d.pop("type", UNSET)

        backend = d.pop("backend", UNSET)

        dry_run = d.pop("dry_run", UNSET)

        _cost_model_data = d.pop("cost_model", UNSET)
        cost_model: CostModel | str | Unset
        if isinstance(_cost_model_data, Unset):
            cost_model = _cost_model_data
        else:
            try:
                if not isinstance(_cost_model_data, str):
                    raise TypeError()
                componentsschemas_cost_model_value_type_0 = CostModel(_cost_model_data)

                cost_model = componentsschemas_cost_model_value_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                cost_model = _cost_model_data

        submitter_id = d.pop("submitter_id", UNSET)

        project_id: None | str | Unset = d.pop("project_id", UNSET)

        parent_job_id: None | str | Unset = d.pop("parent_job_id", UNSET)

        session_id: None | str | Unset = d.pop("session_id", UNSET)

        metadata = d.pop("metadata", UNSET)

        name: None | str | Unset = d.pop("name", UNSET)

        submitted_at = d.pop("submitted_at", UNSET)

        started_at: None | str | Unset = d.pop("started_at", UNSET)

        completed_at: None | str | Unset = d.pop("completed_at", UNSET)

        predicted_wait_time_ms: int | None | Unset = d.pop(
            "predicted_wait_time_ms", UNSET
        )

        predicted_execution_duration_ms: int | None | Unset = d.pop(
            "predicted_execution_duration_ms", UNSET
        )

        execution_duration_ms: int | None | Unset = d.pop(
            "execution_duration_ms", UNSET
        )

        shots = d.pop("shots", UNSET)

        _noise_data = d.pop("noise", UNSET)
        noise: Noise | None | Unset
        if _noise_data is None or isinstance(_noise_data, Unset):
            noise = _noise_data
        else:
            try:
                if not isinstance(_noise_data, dict):
                    raise TypeError()
                noise_type_0 = Noise.from_dict(_noise_data)

                noise = noise_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                noise = _noise_data

        _failure_data = d.pop("failure", UNSET)
        failure: Failure | None | Unset
        if _failure_data is None or isinstance(_failure_data, Unset):
            failure = _failure_data
        else:
            try:
                if not isinstance(_failure_data, dict):
                    raise TypeError()
                failure_type_0 = Failure.from_dict(_failure_data)

                failure = failure_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                failure = _failure_data

        settings = d.pop("settings", UNSET)

        stats = d.pop("stats", UNSET)

        results = d.pop("results", UNSET)

        output = d.pop("output", UNSET)

        _child_job_ids_data = d.pop("child_job_ids", UNSET)
        child_job_ids: list[str] | None | Unset
        if _child_job_ids_data is None or isinstance(_child_job_ids_data, Unset):
            child_job_ids = _child_job_ids_data
        else:
            try:
                if not isinstance(_child_job_ids_data, list):
                    raise TypeError()
                child_job_ids_type_0 = cast(list[str], _child_job_ids_data)

                child_job_ids = child_job_ids_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                child_job_ids = _child_job_ids_data

        job_detail = cls(
            id=id,
            status=status,
            type_=type_,
            backend=backend,
            dry_run=dry_run,
            cost_model=cost_model,
            submitter_id=submitter_id,
            project_id=project_id,
            parent_job_id=parent_job_id,
            session_id=session_id,
            metadata=metadata,
            name=name,
            submitted_at=submitted_at,
            started_at=started_at,
            completed_at=completed_at,
            predicted_wait_time_ms=predicted_wait_time_ms,
            predicted_execution_duration_ms=predicted_execution_duration_ms,
            execution_duration_ms=execution_duration_ms,
            shots=shots,
            noise=noise,
            failure=failure,
            settings=settings,
            stats=stats,
            results=results,
            output=output,
            child_job_ids=child_job_ids,
        )

        job_detail.additional_properties = d
        return job_detail

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
