"""`nox -s api_check`: the committed snapshot of the public API, and what a change does to it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from scripts.api_snapshot import SNAPSHOT, compare, snapshot

ROOT = Path(__file__).resolve().parent.parent


def copy_of_the_packages(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "ionq_facade", tmp_path / "ionq_facade")
    shutil.copytree(ROOT / "generated", tmp_path / "generated")
    return tmp_path


def test_the_snapshot_lists_what_users_import() -> None:
    committed = json.loads(SNAPSHOT.read_text())
    for path in (
        "ionq_facade.JobsClient.iter_jobs",
        "ionq_facade.AsyncJobsClient.wait_for_jobs",
        "ionq_facade.JobStatus.FAILED",
        "ionq_facade.errors.RateLimitError.retry_after",
        "ionq_facade.testing.MockIonQServer",
        "ionq_jobs_api.api.default.get_jobs.sync_detailed",
        "ionq_jobs_api.models.Job.JSON_FIELDS",
    ):
        assert path in committed, path
    assert committed["ionq_facade.JobStatus.FAILED"] == {"kind": "enum member", "value": "'failed'"}


def test_renaming_a_public_method_is_breaking_and_named(tmp_path: Path) -> None:
    root = copy_of_the_packages(tmp_path)
    client = root / "ionq_facade" / "_client.py"
    client.write_text(client.read_text().replace("def iter_pages(", "def iter_page_objects("))
    breaking, additions = compare(snapshot(ROOT), snapshot(root))
    assert "removed function: ionq_facade.JobsClient.iter_pages" in breaking
    assert "new function: ionq_facade.JobsClient.iter_page_objects" in additions


def test_retyped_removed_and_new_parameters_and_enum_members(tmp_path: Path) -> None:
    root = copy_of_the_packages(tmp_path)
    enums = root / "ionq_facade" / "enums.py"
    enums.write_text(enums.read_text().replace('    READY = "ready"\n', ""))
    client = root / "ionq_facade" / "_client.py"
    text = client.read_text().replace(
        "        max_response_bytes: int = MAX_RESPONSE_BYTES,\n",
        "        max_response_bytes: float = MAX_RESPONSE_BYTES,\n        shiny: bool = False,\n",
        1,
    )
    client.write_text(text)
    breaking, additions = compare(snapshot(ROOT), snapshot(root))
    assert "removed enum member: ionq_facade.JobStatus.READY" in breaking
    assert (
        "ionq_facade.JobsClient.__init__: parameter 'max_response_bytes' retyped int -> float"
        in breaking
    )
    assert "ionq_facade.JobsClient.__init__: new optional parameter 'shiny'" in additions
    assert not [line for line in breaking if "ionq_facade.enums.JobStatus" in line]  # said once


def test_a_symbol_re_exported_under_two_paths_is_one_change(tmp_path: Path) -> None:
    root = copy_of_the_packages(tmp_path)
    job = root / "generated" / "ionq_jobs_api" / "models" / "job.py"
    job.write_text(job.read_text().replace("    id: str\n", "    id: str\n    zz_new: int = 0\n"))
    breaking, additions = compare(snapshot(ROOT), snapshot(root))
    assert breaking == []
    # also importable as ionq_jobs_api.models.job.Job.zz_new: the shortest path names it
    assert additions == ["new attribute: ionq_jobs_api.models.Job.zz_new"]


def test_every_lazy_export_is_in_all_and_typed() -> None:
    """ionq_facade's names are imported on first use: a new one goes in `_EXPORTS` (what
    imports it), `__all__` (what `import *` and `dir()` see) and the TYPE_CHECKING imports (what
    mypy sees). One left out of either is named here."""
    import ast
    import inspect

    import ionq_facade

    lazy = set(ionq_facade._LAZY)
    assert set(ionq_facade.__all__) == lazy | {"__version__"}
    tree = ast.parse(inspect.getsource(ionq_facade))
    typed = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
        for stmt in node.body
        if isinstance(stmt, ast.ImportFrom)
        for alias in stmt.names
    }
    assert typed == lazy
    for name in lazy:
        assert getattr(ionq_facade, name) is not None
