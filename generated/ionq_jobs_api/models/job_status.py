from enum import StrEnum


class JobStatus(StrEnum):
    CANCELED = "canceled"
    COMPLETED = "completed"
    FAILED = "failed"
    READY = "ready"
    STARTED = "started"
    SUBMITTED = "submitted"

    def __str__(self) -> str:
        return str(self.value)
