"""ionq_facade: list IonQ jobs safely, over the generated client `ionq_jobs_api`.

from ionq_facade import JobsClient

with JobsClient() as client:                  # key from IONQ_API_KEY
    for job in client.iter_jobs(status="failed", target=["qpu.forte-1"]):
        print(job.id, job.failure)
"""

from __future__ import annotations

__version__ = "0.1.0"

from . import errors
from ._client import AsyncJobsClient, JobsClient
from ._config import API_KEY_ENV, DEFAULT_BASE_URL
from ._pagination import JobsPage
from ._query import JobFilters
from ._retry import RetryPolicy
from .enums import JobStatus

__all__ = [
    "API_KEY_ENV",
    "DEFAULT_BASE_URL",
    "AsyncJobsClient",
    "JobFilters",
    "JobStatus",
    "JobsClient",
    "JobsPage",
    "RetryPolicy",
    "__version__",
    "errors",
]
