"""The test kit (extra `[testing]`): a spec-validated mock of IonQ's `GET /v0.4/jobs`.

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

from importlib.util import find_spec

from .._extras import missing_extra_message

_NEEDS = {
    "pytest_httpserver": "pytest-httpserver",
    "openapi_core": "openapi-core",
    "yaml": "PyYAML",
}
_missing = [dist for module, dist in _NEEDS.items() if find_spec(module) is None]
if _missing:
    raise ImportError(f"ionq_facade.testing: {missing_extra_message('testing', _missing)}")

from ._faults import Fault  # noqa: E402 - after the check, so a lean install gets one clear line
from ._server import (  # noqa: E402
    MOCK_API_KEY,
    ContractViolation,
    MockIonQServer,
    RecordedRequest,
)

__all__ = ["MOCK_API_KEY", "ContractViolation", "Fault", "MockIonQServer", "RecordedRequest"]
