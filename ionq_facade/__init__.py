"""ionq_facade: list IonQ jobs safely, over the generated client `ionq_jobs_api`.

    from ionq_facade import JobsClient

    with JobsClient() as client:                  # key from IONQ_API_KEY
        for job in client.iter_jobs(status="failed", target=["qpu.forte-1"]):
            print(job.id, job.failure)

Names are imported on first use (PEP 562), so `import ionq_facade` and `ionq-jobs --help` stay
fast: httpx and the generated models load only when a client is made.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from . import errors
    from ._client import AsyncJobsClient, JobsClient
    from ._config import API_KEY_ENV, DEFAULT_BASE_URL
    from ._drift import DriftReport, Finding, SpecDriftWarning
    from ._pagination import JobsPage
    from ._query import JobFilters
    from ._retry import RetryPolicy
    from .enums import JobStatus

_LAZY = {
    "errors": ".errors",
    "AsyncJobsClient": "._client",
    "JobsClient": "._client",
    "API_KEY_ENV": "._config",
    "DEFAULT_BASE_URL": "._config",
    "DriftReport": "._drift",
    "Finding": "._drift",
    "SpecDriftWarning": "._drift",
    "JobsPage": "._pagination",
    "JobFilters": "._query",
    "RetryPolicy": "._retry",
    "JobStatus": ".enums",
}

__all__ = [
    "API_KEY_ENV",
    "DEFAULT_BASE_URL",
    "AsyncJobsClient",
    "DriftReport",
    "Finding",
    "JobFilters",
    "JobStatus",
    "JobsClient",
    "JobsPage",
    "RetryPolicy",
    "SpecDriftWarning",
    "__version__",
    "errors",
]


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'ionq_facade' has no attribute {name!r}")
    module = importlib.import_module(module_name, __name__)
    value = module if name == "errors" else getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
