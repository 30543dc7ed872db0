"""The README's Python examples that run against the bundled mock are run exactly as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
RUNNABLE = [block for block in BLOCKS if "MockIonQServer(jobs=" in block]


def test_the_readme_has_runnable_examples() -> None:
    assert len(RUNNABLE) >= 2  # the jobs resource and the generated client on its own


@pytest.mark.parametrize("block", RUNNABLE, ids=lambda block: block.splitlines()[0][:40])
def test_a_readme_example_runs_against_the_mock(
    block: str, capsys: pytest.CaptureFixture[str]
) -> None:
    exec(compile(block, str(README), "exec"), {})  # noqa: S102 - our own documentation
    if "print(" in block:
        assert capsys.readouterr().out.strip()  # it printed what it promised
