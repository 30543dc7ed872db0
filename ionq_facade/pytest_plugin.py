"""pytest plugin (entry point `pytest11`): the `ionq_mock_server` fixture."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .testing import MockIonQServer


@pytest.fixture
def ionq_mock_server() -> Iterator[MockIonQServer]:
    """A started MockIonQServer (seed job + 100 generated jobs), contract-checked at teardown."""
    with MockIonQServer(jobs=100) as server:
        yield server
    server.check()
