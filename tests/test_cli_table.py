"""What a person sees: tables that fit the width, literal server strings, distinct labels."""

from __future__ import annotations

import io
from typing import Any

import pytest
from rich.cells import cell_len

from ionq_facade.cli._summary import Summary
from ionq_facade.cli._table import (
    GAP,
    LABEL_FLOOR,
    TABLE_FIELDS,
    cut_distinct,
    print_jobs,
    print_summary,
    shorten_unique,
)
from ionq_facade.testing._mock_data import generate_jobs
from tests.spec_facts import with_published_required


def odd_jobs() -> list[dict[str, Any]]:
    jobs = generate_jobs(30, seed=3)
    jobs[0]["name"] = "run [/bold]"
    jobs[1]["name"] = "exp [v2]"
    jobs[2]["name"] = "line\nbreak \x1b[31mred"
    jobs[3]["name"] = "宽字符的名字" * 8  # wide characters take two cells each
    jobs[4]["backend"] = "[bold]qpu.new-1"
    jobs[5]["status"] = "zz-not-a-status"  # a status IonQ may add
    return jobs


@pytest.mark.parametrize("width", [80, 100, 120, 200])
def test_every_table_line_fits_the_width(width: int) -> None:
    out = io.StringIO()
    print_jobs(odd_jobs(), None, out, width=width)
    lines = out.getvalue().splitlines()
    assert len(lines) == 1 + 30  # the header and one line per job
    assert all(cell_len(line) <= width for line in lines), max(map(cell_len, lines))


def test_ids_are_whole_and_columns_follow_the_width() -> None:
    jobs = odd_jobs()
    narrow, wide = io.StringIO(), io.StringIO()
    print_jobs(jobs, None, narrow, width=80)
    print_jobs(jobs, None, wide, width=200)
    for job in jobs:
        assert job["id"] in narrow.getvalue()
    narrow_header = narrow.getvalue().splitlines()[0].split()
    wide_header = wide.getvalue().splitlines()[0].split()
    assert wide_header == list(TABLE_FIELDS)
    # the most important columns that fit (which ones depends on the data's widths), in order
    assert narrow_header[:2] == ["id", "status"]
    assert "submitted_at" in narrow_header
    assert len(narrow_header) < len(wide_header)
    assert narrow_header == [name for name in wide_header if name in narrow_header]


def test_server_strings_are_printed_literally() -> None:
    out = io.StringIO()
    print_jobs(odd_jobs(), ("id", "name", "backend", "status"), out, width=200)
    text = out.getvalue()
    for literal in (
        "run [/bold]",
        "exp [v2]",
        "[bold]qpu.new-1",
        "zz-not-a-status",
        "line\\nbreak \\x1b[31mred",
    ):
        assert literal in text
    assert "\x1b" not in text


def test_summary_is_literal_fits_and_keeps_labels_distinct() -> None:
    summary = Summary()
    jobs = odd_jobs()
    for job in jobs:
        summary.add(job)
    summary.add({"id": "x", "status": "failed", "backend": "qpu.aria-1",
                 "failure": {"code": "[/red]Odd"}})  # fmt: skip
    for width in (80, 120):
        out = io.StringIO()
        print_summary(summary, out, width=width)
        text = out.getvalue()
        assert all(cell_len(line) <= width for line in text.splitlines())
        assert "[bold]qpu.new-1" in text
        assert "[/red]Odd" in text
        assert "qpu.aria-1" in text
        for backend in {job["backend"] for job in jobs}:  # the mock's, whichever they are
            assert backend in text


def test_summary_uses_one_unit_per_column_and_right_aligns_numbers() -> None:
    summary = Summary()
    for index, billed in enumerate([5_000, 90_000_000_000]):
        stats = {"billed_quantum_compute_time_us": billed}
        summary.add(
            {"id": str(index), "status": "completed", "backend": f"qpu.b-{index}", "shots": 100,
             "stats": stats}
        )  # fmt: skip
    out = io.StringIO()
    print_summary(summary, out, width=120)
    text = out.getvalue()
    assert "billed QC time (h)" in text
    assert "0.000" in text  # the small value in the same unit, not in seconds
    usage = text.split("billed quantum compute time and shots")[1].splitlines()[2:4]
    ends = {line.rstrip().rfind("100") + 3 for line in usage}
    assert len(ends) == 1  # the shots column is right-aligned


def test_shortened_labels_stay_distinct() -> None:
    labels = ["qpu.aria-1", "qpu.aria-2", "qpu.forte-1", "simulator"]
    short = shorten_unique(labels, 6)
    assert len(set(short)) == len(labels)
    assert short[3] == "simul…"


def test_job_table_cells_cut_to_the_same_text_keep_their_ends() -> None:
    """At 80 columns with a long status, the backend column is 8 cells: cut at the end,
    qpu.aria-1 and qpu.aria-2 would both read `qpu.ari…`."""
    backends = ["qpu.aria-1", "qpu.aria-2", "qpu.forte-1", "qpu.forte-enterprise-1", "simulator"]
    jobs = generate_jobs(len(backends), seed=3)
    for job, backend in zip(jobs, backends, strict=True):
        job["backend"], job["status"] = backend, "zz-mock-status"
    out = io.StringIO()
    print_jobs(jobs, ("id", "status", "backend", "submitted_at"), out, width=80)
    cells = [line.split()[2] for line in out.getvalue().splitlines()[1:]]
    assert cells == ["qpu…ia-1", "qpu…ia-2", "qpu…te-1", "qpu…se-1", "simulat…"]
    wide = ["量子計算機一号", "量子計算機二号", "qpu.量子-1", "qpu.量子-2"]
    cut = cut_distinct(wide, 8)
    assert len(set(cut.values())) == len(wide)  # cut by cells (two for each of these), not chars
    assert all(cell_len(text) <= 8 and text.endswith(value[-1]) for value, text in cut.items())


def test_the_verify_report_fits_80_columns() -> None:
    from ionq_facade._drift import DriftChecker
    from ionq_facade.cli._table import print_findings

    jobs = [with_published_required(job) for job in generate_jobs(20, seed=5)]
    for job in jobs:
        job["status"] = "zz-not-a-status-" + "x" * 80
        job["noise"] = {"model": "ideal", "a_rather_long_undocumented_noise_setting_name": 1}
    checker = DriftChecker()
    checker.check_page({"jobs": jobs, "next": None})
    pointer = "/jobs/*/noise/a_rather_long_undocumented_noise_setting_name"
    for width in (80, 120):
        out = io.StringIO()
        print_findings(checker.report(), out, width=width)
        lines = out.getvalue().splitlines()
        assert all(cell_len(line) <= width for line in lines)
        assert lines[0] == "1 page (20 jobs) checked: 2 deviations"
        assert lines[1].split()[:3] == ["count", "kind", "pointer"]
        assert (pointer if width == 120 else pointer[:30]) in out.getvalue()


def test_summary_headers_stay_whole_while_labels_can_give_room() -> None:
    """At 80 columns the six documented statuses keep their whole names: the backend labels
    give room first (down to LABEL_FLOOR, still distinct)."""
    from ionq_facade import JobStatus

    summary = Summary()
    backends = ["qpu.forte-enterprise-1", "qpu.forte-1", "simulator"]
    for n, status in enumerate(JobStatus):
        for backend in backends:
            summary.add({"id": f"{n}{backend}", "status": status.value, "backend": backend,
                         "submitted_at": "2026-11-20T10:37:05.123Z"})  # fmt: skip
    out = io.StringIO()
    print_summary(summary, out, width=80)
    lines = out.getvalue().splitlines()
    header = lines[1].split()
    names = [s.value for s in JobStatus]
    whole = LABEL_FLOOR + sum(map(len, [*names, "total"])) + GAP * (len(names) + 1) <= 80
    if whole:  # the six statuses IonQ documents today fit whole
        assert header == ["backend", *names, "total"]
    else:  # a spec with more statuses: cut, but only once the labels are at their floor
        assert all(h == n or (h.endswith("…") and n.startswith(h[:-1]))
                   for h, n in zip(header[1:], [*names, "total"], strict=True))  # fmt: skip
        labels = [line[: LABEL_FLOOR + 1].rstrip() for line in lines[2 : 2 + len(backends)]]
        assert all(len(label) <= LABEL_FLOOR for label in labels), labels
    assert all(cell_len(line) <= 80 for line in lines)
    assert lines[-1] == "submitted from 2026-11-20 10:37 to 2026-11-20 10:37 UTC"


def test_a_column_the_filter_pinned_gives_its_room() -> None:
    failure = {"code": "QuotaExhaustedError", "message": "m"}
    jobs = [{"id": f"{n:036d}", "status": "failed", "backend": "qpu.aria-1",
             "submitted_at": "2026-11-20T10:37:05.123Z", "failure": failure}
            for n in range(3)]  # fmt: skip
    out = io.StringIO()
    print_jobs(jobs, None, out, width=80, pinned={"status"})
    header = out.getvalue().splitlines()[0].split()
    assert "status" not in header
    assert "QuotaExhaustedError" in out.getvalue()
    jobs[0]["status"] = "zz-not-a-status"  # rows differ: the column says something again
    out = io.StringIO()
    print_jobs(jobs, None, out, width=80, pinned={"status"})
    assert "status" in out.getvalue().splitlines()[0].split()


def test_summary_with_many_statuses_and_close_labels_ends() -> None:
    """Labels that stay distinct only when long (qpu.aria-1, qpu.aria-2) and more statuses than
    fit: the table is drawn (fitted as far as it goes), never an endless loop."""
    summary = Summary()
    statuses = ["completed", "failed", "zz-paused", "zz-held", "zz-queued", "zz-suspended",
                "zz-mock-status", "canceled"]  # fmt: skip
    for n, status in enumerate(statuses):
        for backend in ("qpu.aria-1", "qpu.aria-2", "qpu.forte-1", "qpu.forte-enterprise-1"):
            summary.add({"id": f"{n}{backend}", "status": status, "backend": backend})
    for width in (40, 80):
        out = io.StringIO()
        print_summary(summary, out, width=width)
        assert "qpu.aria-1" in out.getvalue() or "qpu.aria-2" in out.getvalue()


def test_show_reads_nested_fields_as_dotted_rows() -> None:
    from ionq_facade.cli._jobs import _field_rows

    job = {"id": "j", "stats": {"qubits": 3, "gate_counts": {"1q": 5}},
           "child_job_ids": ["a", "b"], "submitted_at": "2026-11-20T05:36:41.320Z",
           "name": "line\nbreak", "failure": None}  # fmt: skip
    assert _field_rows(job) == [
        ["id", "j"], ["stats.qubits", "3"], ["stats.gate_counts.1q", "5"],
        ["child_job_ids", ["a", "b"]], ["submitted_at", "2026-11-20T05:36:41.320Z"],
        ["name", "line\\nbreak"], ["failure", ""],
    ]  # fmt: skip


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("results", ["aggregate", "url"])
def test_show_breaks_no_word_at_80_columns(width: int, results: str) -> None:
    """At 80 columns rich folded `results.ionq.result.probabilities-aggregate.json.v1.format`
    and its value `ionq.result.probabilities-aggregate.json.v1` in the middle of a word: copied,
    each was two pieces. Names now break after their dots, and every value word is whole that
    fits beside the longest part of a name (a 69-character results URL does not, at 80)."""
    import subprocess
    import sys

    from ionq_facade.cli._jobs import _field_rows
    from tests.conftest import subprocess_env
    from tests.rawserver import send, serving

    aggregate = "ionq.result.probabilities-aggregate.json.v1"
    url = "/v0.4/jobs/0a1b2c3d-0000-4000-8000-00000000abcd/results/probabilities"
    job = {"id": "0a1b2c3d-0000-4000-8000-00000000abcd", "status": "completed",
           "stats": {"predicted_quantum_compute_time_us": 77027},
           "results": {aggregate: {"id": "probabilities-aggregate", "format": aggregate}}
           if results == "aggregate" else {"probabilities": {"url": url}},
           "failure": {"message": "a message of several words that wrap at the spaces between"},
           "child_job_ids": ["1ee110d7-c029-4d7e-9878-75ec574197ea"]}  # fmt: skip
    with serving(send(200, job)) as srv:
        env = subprocess_env(IONQ_BASE_URL=srv.base_url, IONQ_API_KEY="fake-key-for-tests",
                             COLUMNS=str(width))  # fmt: skip
        shown = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "ionq_facade.cli", "show", job["id"], "--format", "table"],
            capture_output=True, text=True, env=env, timeout=60, check=True,
        ).stdout  # fmt: skip
    lines = shown.splitlines()
    assert all(cell_len(line) <= width for line in lines), shown
    words = set(shown.split())
    values = [job["id"], *job["child_job_ids"], "77027"]
    values += [aggregate, "probabilities-aggregate"] if results == "aggregate" else []
    values += [url] if results == "url" and width == 120 else []  # no room for it at 80
    for value in values:
        assert value in words, (value, shown)
    pieces = [line.split()[0] for line in lines[1:] if line and not line[0].isspace()]
    names = "".join(pieces)
    assert "stats.predicted_quantum_compute_time_us" in names
    segments = {part for key, _ in _field_rows(job) for part in str(key).split(".")}
    for piece in pieces:  # each name line is whole segments: broken after a dot, or not at all
        assert set(piece.rstrip(".").split(".")) <= segments, (piece, shown)
    if results == "aggregate":
        assert f"results.{aggregate}.format" in names
    else:
        assert "results.probabilities.url" in names


def test_labels_sharing_a_long_prefix_are_told_apart_in_few_steps(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two backends sharing 800 characters took 79 s of CPU in `summary`: the label room went
    down a character a step from 800, and each step raised it back a character a step until
    the labels differed. Counted in calls of `shorten`, not seconds."""
    from ionq_facade.cli import _table

    calls = 0
    original = _table.shorten

    def counted(text: str, width: int) -> str:
        nonlocal calls
        calls += 1
        return original(text, width)

    monkeypatch.setattr(_table, "shorten", counted)
    summary = Summary()
    for backend in ("q" * 800 + "0", "q" * 800 + "1"):
        summary.add({"id": backend, "status": "completed", "backend": backend})
    out = io.StringIO()
    _table.print_summary(summary, out, width=80)
    assert "q" * 40 in out.getvalue()
    assert calls < 2_000, calls


@pytest.mark.parametrize(("count", "title"), [(1, "1 job"), (2, "2 jobs")])
def test_the_summary_title_counts_in_words(count: int, title: str) -> None:
    """`1 jobs by backend and status` was the title of a one-job summary."""
    summary = Summary()
    for n in range(count):
        summary.add({"id": f"j{n}", "status": "completed", "backend": "simulator"})
    out = io.StringIO()
    print_summary(summary, out, width=80)
    assert out.getvalue().splitlines()[0] == f"{title} by backend and status"
