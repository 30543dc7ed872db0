"""pytest plugin (entry point `pytest11`): the `ionq_mock_server` fixture.

Loaded into every pytest run of every project that installs ionq-jobs, so it imports nothing but
pytest: the mock (and its test tooling, the `[testing]` extra) loads only when a test asks for
the fixture.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from .testing import MockIonQServer


@pytest.fixture
def ionq_mock_server() -> Iterator[MockIonQServer]:
    """A started MockIonQServer (seed job + 100 generated jobs), contract-checked at teardown."""
    from .testing import MockIonQServer

    with MockIonQServer(jobs=100) as server:
        yield server
    server.check()
