"""Shared fixtures: the spec as data and the seed page from IonQ's docs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "openapi.yaml"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def spec() -> dict[str, Any]:
    return yaml.safe_load(SPEC_PATH.read_text())


@pytest.fixture
def seed_page() -> dict[str, Any]:
    """The response example of IonQ's "List jobs" page, copied verbatim (fresh copy per test)."""
    return json.loads((DATA / "seed_jobs_page.json").read_text())
