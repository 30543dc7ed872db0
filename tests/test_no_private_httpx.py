"""No private httpx or httpcore name anywhere in ionq_facade: what a release of either may move."""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "ionq_facade"
PRIVATE = re.compile(
    r"\b(?:httpx|httpcore)\._(?!_)\w+"  # httpx._utils, httpcore._backends (not __version__)
    r"|from\s+(?:httpx|httpcore)\.?\S*\s+import\s+[^\n]*\b_\w+"  # from httpx import _x
    r"|\._(?:pool|network_backend|content|mounts)\b"  # private attributes once used
)


def test_no_private_httpx_or_httpcore_names() -> None:
    found = [
        f"{path.relative_to(PACKAGE.parent)}:{number}: {line.strip()}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if PRIVATE.search(line)
    ]
    assert found == []
