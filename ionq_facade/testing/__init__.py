"""The test kit (extra `[testing]`): a spec-validated mock of IonQ's v0.4 jobs resource (the
listing, one job, results, artifacts, cost, cancel and delete).

    from ionq_facade.testing import MockIonQServer, Fault

    with MockIonQServer(jobs=250) as server:          # seed job + 250 realistic ones
        with server.jobs_client() as client:
            failed = list(client.iter_jobs(status="failed"))
        server.inject(Fault.http_status(503), times=2)  # the next two requests fail
    server.check()                         # raise if a request or response broke the spec

In pytest, the `ionq_mock_server` fixture (registered through the `pytest11` entry point) gives a
started server and calls `check()` at teardown.
"""

from __future__ import annotations

import importlib
from importlib.util import find_spec
from typing import TYPE_CHECKING, Any

from .._extras import missing_extra_message

if TYPE_CHECKING:
    from ._faults import Fault
    from ._server import MOCK_API_KEY, ContractViolation, MockIonQServer, RecordedRequest

# Names load on first use (PEP 562): the pytest plugin in this package is loaded by every pytest
# run of every project that installs ionq-jobs, with or without this extra.
_LAZY = {
    "Fault": "._faults",
    "MOCK_API_KEY": "._server",
    "ContractViolation": "._server",
    "MockIonQServer": "._server",
    "RecordedRequest": "._server",
}
_NEEDS = {
    "pytest_httpserver": "pytest-httpserver",
    "openapi_core": "openapi-core",
}
__all__ = ["MOCK_API_KEY", "ContractViolation", "Fault", "MockIonQServer", "RecordedRequest"]


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'ionq_facade.testing' has no attribute {name!r}")
    missing = [dist for module, dist in _NEEDS.items() if find_spec(module) is None]
    if missing:
        raise ImportError(f"ionq_facade.testing: {missing_extra_message('testing', missing)}")
    value = globals()[name] = getattr(importlib.import_module(_LAZY[name], __name__), name)
    return value
