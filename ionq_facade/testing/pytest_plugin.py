"""pytest plugin (entry point `pytest11`): the `ionq_mock_server` fixture.

Loaded into every pytest run of every project that installs ionq-jobs, so it imports nothing but
pytest: the mock (and its test tooling, the `[testing]` extra) loads only when a test asks for
the fixture.

    def test_my_report(ionq_mock_server):                # 100 generated jobs
        ...

    @pytest.mark.ionq_recording("recordings/jobs.json")  # a recording, next to this test file
    def test_against_real_responses(ionq_mock_server):
        ...

    @pytest.mark.ionq_mock(jobs=2000, drift=True, seed=7)  # MockIonQServer's own options
    def test_my_report_on_many_jobs(ionq_mock_server):
        ...
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from . import MockIonQServer


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "ionq_recording(path): the ionq_mock_server fixture serves this recording "
        "(ionq-jobs verify --record); a relative path is taken from the test file's folder",
    )
    config.addinivalue_line(
        "markers",
        "ionq_mock(**options): the ionq_mock_server fixture is MockIonQServer(**options) (jobs=100 "
        "unless given): drift, rate, seed, default_page_size...",
    )


@pytest.fixture
def ionq_mock_server(request: pytest.FixtureRequest) -> Iterator[MockIonQServer]:
    """A started MockIonQServer (seed job + 100 generated jobs, the options of an `ionq_mock`
    marker, or the recording named by an `ionq_recording` marker), contract-checked at
    teardown."""
    from . import MockIonQServer

    marker = request.node.get_closest_marker("ionq_recording")
    options = request.node.get_closest_marker("ionq_mock")
    if options is not None and (options.args or marker is not None):
        raise pytest.UsageError(
            "@pytest.mark.ionq_mock takes MockIonQServer's keyword options only (jobs=..., "
            "drift=...), and not beside ionq_recording (a recording is its own server)"
        )
    if marker is None:
        try:
            server = MockIonQServer(**{"jobs": 100, **(options.kwargs if options else {})})
        except (TypeError, ValueError) as exc:
            raise pytest.UsageError(f"@pytest.mark.ionq_mock: {exc}") from None
    else:
        if len(marker.args) != 1 or not isinstance(marker.args[0], str | Path):
            raise pytest.UsageError(
                f"@pytest.mark.ionq_recording takes one path (the recording), got {marker.args!r}"
            )
        path = Path(marker.args[0])
        if not path.is_absolute():
            path = Path(request.path).parent / path
        server = MockIonQServer.from_recording(path)
    with server:
        yield server
    server.check()
