"""ionq_facade: list IonQ jobs safely, over the generated client `ionq_jobs_api`.

    from ionq_facade import JobsClient

    with JobsClient() as client:                  # key from IONQ_API_KEY
        for job in client.iter_jobs(status="failed", target=["qpu.forte-1"]):
            print(job.id, job.failure)

Names are imported on first use (PEP 562), so `import ionq_facade` and `ionq-jobs --help` stay
fast: httpx and the generated models load only when a client is made. `__version__` is the
installed distribution's (pyproject.toml's `version`), read from its metadata on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_DISTRIBUTION = "ionq-jobs"
_UNKNOWN_VERSION = "0+unknown"  # run from a source tree that was never installed

if TYPE_CHECKING:
    __version__: str
    from . import errors
    from ._client import AsyncJobsClient, JobsClient
    from ._config import API_KEY_ENV, DEFAULT_BASE_URL
    from ._drift import DriftReport, Finding, SpecDriftWarning
    from ._filters import JobFilters
    from ._pagination import JobsPage
    from ._results import Artifact, JobCost, JobOutcome, JobResults, Money, Outcome
    from ._retry import RetryPolicy
    from ._window import parse_timestamp
    from .enums import JobStatus

_EXPORTS = {  # module -> the public names it defines
    "._client": ("AsyncJobsClient", "JobsClient"),
    "._config": ("API_KEY_ENV", "DEFAULT_BASE_URL"),
    "._drift": ("DriftReport", "Finding", "SpecDriftWarning"),
    "._filters": ("JobFilters",),
    "._pagination": ("JobsPage",),
    "._results": ("Artifact", "JobCost", "JobOutcome", "JobResults", "Money", "Outcome"),
    "._retry": ("RetryPolicy",),
    "._window": ("parse_timestamp",),
    ".enums": ("JobStatus",),
}
_LAZY = {"errors": ".errors"} | {
    name: module for module, names in _EXPORTS.items() for name in names
}

__all__ = [
    "API_KEY_ENV",
    "DEFAULT_BASE_URL",
    "Artifact",
    "AsyncJobsClient",
    "DriftReport",
    "Finding",
    "JobCost",
    "JobFilters",
    "JobOutcome",
    "JobResults",
    "JobStatus",
    "JobsClient",
    "JobsPage",
    "Money",
    "Outcome",
    "RetryPolicy",
    "SpecDriftWarning",
    "__version__",
    "errors",
    "parse_timestamp",
]


def _installed_version() -> str:
    # importlib.metadata costs about 20 ms to import: only when __version__ is asked for
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(_DISTRIBUTION)
    except PackageNotFoundError:
        return _UNKNOWN_VERSION


def __getattr__(name: str) -> Any:
    if name == "__version__":
        version = globals()[name] = _installed_version()
        return version
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'ionq_facade' has no attribute {name!r}")
    module = importlib.import_module(module_name, __name__)
    value = module if name == "errors" else getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
