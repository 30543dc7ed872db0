"""Every Python example of the README runs as written: against the bundled mock (the blocks that
start one), against a mock named by IONQ_BASE_URL/IONQ_API_KEY (the block that reads the
environment, as a user with a key would), or against the bundled recording."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from ionq_facade.testing import MockIonQServer

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
RECORDING = ROOT / "tests" / "recordings" / "mock-jobs.json"


def kind(block: str) -> str:
    if "MockIonQServer(jobs=" in block:
        return "starts a mock"
    if "ionq_recording" in block:
        return "pytest marker"
    if "from_recording" in block:
        return "recording"
    return "environment"


def test_every_block_is_run() -> None:
    assert {kind(block) for block in BLOCKS} == {
        "starts a mock", "pytest marker", "recording", "environment"
    }  # fmt: skip
    assert len(BLOCKS) >= 5


@pytest.mark.parametrize("block", BLOCKS, ids=lambda block: block.splitlines()[0][:40])
def test_a_readme_example_runs(
    block: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)  # paths in the README are from a clone's root
    scope: dict[str, Any] = {}
    code = compile(block, str(README), "exec")
    if kind(block) == "environment":
        with MockIonQServer(jobs=300, drift=True) as server:  # as `ionq-jobs mock` serves
            monkeypatch.setenv("IONQ_BASE_URL", server.base_url)
            monkeypatch.setenv("IONQ_API_KEY", server.api_key)
            exec(code, scope)  # noqa: S102 - our own documentation
            server.check()
    else:
        exec(code, scope)  # noqa: S102
    if kind(block) == "pytest marker":
        test = next(value for name, value in scope.items() if name.startswith("test_"))
        with MockIonQServer.from_recording(RECORDING) as server:
            test(server)
    if "print(" in block:
        assert capsys.readouterr().out.strip()  # it printed what it promised


def test_the_readme_lists_every_filter() -> None:
    """The README's two filter lists are written by hand: a filter the spec adds must reach
    them (its `--help` and docstrings follow by themselves)."""
    from ionq_facade import JobFilters
    from ionq_facade.cli._app import CLI_FILTER_NAMES

    text = README.read_text(encoding="utf-8")
    library = text[text.index("- **Filters**") :].split("\n- ", 1)[0]
    synopsis = text[text.index("\nfilters: ") :].split("\nglobal:", 1)[0]
    missing = [  # both lists told in one run
        f"add `{name}` to the README's **Filters** item"
        for name in JobFilters.__annotations__
        if f"`{name}`" not in library
    ] + [
        f"add {CLI_FILTER_NAMES[name]} to the README's `filters:` synopsis line"
        for name in JobFilters.__annotations__
        if f"{CLI_FILTER_NAMES[name]} " not in synopsis
    ]
    assert not missing, "; ".join(missing)
