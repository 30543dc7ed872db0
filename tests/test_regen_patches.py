"""scripts/regen.py applies the template patches: each one's change, loudly when it cannot."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from scripts import regen

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git applies the patches")


def patch_of(tmp: Path, name: str, old: str, new: str, header: str = "A change.\n") -> str:
    """A patch in the project's format (a prose header, then `--- a/NAME`), made by git."""
    for side, text in (("a", old), ("b", new)):
        (tmp / side).mkdir(parents=True, exist_ok=True)
        (tmp / side / name).write_text(text)
    diff = subprocess.run(  # noqa: S603
        ["git", "diff", "--no-index", "--no-prefix", f"a/{name}", f"b/{name}"],  # noqa: S607
        capture_output=True, text=True, cwd=tmp, check=False,
    ).stdout  # fmt: skip
    return header + "\n" + diff[diff.index("--- a/") :]


def test_two_patches_of_one_template_both_apply(tmp_path: Path) -> None:
    """Each patch re-copied its template before applying: the second undid the first."""
    upstream, folder, out = tmp_path / "up", tmp_path / "patches", tmp_path / "out"
    upstream.mkdir(), folder.mkdir()
    lines = [f"line {n}\n" for n in range(12)]
    (upstream / "t.jinja").write_text("".join(lines))
    first = [*lines[:2], "FIRST\n", *lines[3:]]
    second = [*lines[:10], "SECOND\n", *lines[11:]]
    (folder / "1.patch").write_text(
        patch_of(tmp_path / "m1", "t.jinja", "".join(lines), "".join(first))
    )
    (folder / "2.patch").write_text(
        patch_of(tmp_path / "m2", "t.jinja", "".join(lines), "".join(second))
    )
    regen.patched_templates(out, upstream, folder)
    text = (out / "t.jinja").read_text()
    assert "FIRST" in text
    assert "SECOND" in text


def test_a_template_gone_upstream_names_the_patch(tmp_path: Path) -> None:
    upstream, folder = tmp_path / "up", tmp_path / "patches"
    upstream.mkdir(), folder.mkdir()
    (folder / "x.patch").write_text(patch_of(tmp_path / "m", "gone.jinja", "a\n", "b\n"))
    with pytest.raises(SystemExit) as exc:
        regen.patched_templates(tmp_path / "out", upstream, folder)
    assert "x.patch patches gone.jinja, which openapi-python-client no longer has" in str(exc.value)


def test_a_patch_that_no_longer_applies_says_how_to_remake_it(tmp_path: Path) -> None:
    upstream, folder = tmp_path / "up", tmp_path / "patches"
    upstream.mkdir(), folder.mkdir()
    (upstream / "t.jinja").write_text("bumped\n")
    (folder / "x.patch").write_text(patch_of(tmp_path / "m", "t.jinja", "old\n", "new\n"))
    with pytest.raises(SystemExit) as exc:
        regen.patched_templates(tmp_path / "out", upstream, folder)
    message = str(exc.value)
    assert message.startswith("x.patch no longer applies")
    assert f"copy {upstream / 't.jinja'} to a/t.jinja and b/t.jinja" in message
    assert "git diff --no-index --no-prefix a/t.jinja b/t.jinja" in message


def test_the_project_patches_are_in_the_format_the_script_reads() -> None:
    for patch in sorted((ROOT / "generator-templates").glob("*.patch")):
        targets = regen._targets(patch)
        assert targets, f"{patch.name} changes no template"
        assert patch.read_text().split("--- a/")[0].strip(), f"{patch.name} has no header"


def test_a_later_patch_of_a_shared_template_is_remade_on_the_earlier_ones(tmp_path: Path) -> None:
    """Two patches a few lines apart, each made against upstream alone: the second no longer
    applies, and the advice must say to make it against upstream plus the first."""
    upstream, folder = tmp_path / "up", tmp_path / "patches"
    upstream.mkdir()
    folder.mkdir()
    lines = [f"line {n}\n" for n in range(12)]
    (upstream / "t.jinja").write_text("".join(lines))
    first = "".join([*lines[:5], "FIRST\n", *lines[6:]])
    second = "".join([*lines[:7], "SECOND\n", *lines[8:]])
    (folder / "1.patch").write_text(patch_of(tmp_path / "m1", "t.jinja", "".join(lines), first))
    (folder / "2.patch").write_text(patch_of(tmp_path / "m2", "t.jinja", "".join(lines), second))
    with pytest.raises(SystemExit) as exc:
        regen.patched_templates(tmp_path / "out", upstream, folder)
    assert str(exc.value).startswith("2.patch no longer applies")
    assert f"copy {upstream / 't.jinja'} with 1.patch applied to a/t.jinja" in str(exc.value)


def test_a_patch_of_no_template_is_refused(tmp_path: Path) -> None:
    upstream, folder = tmp_path / "up", tmp_path / "patches"
    upstream.mkdir()
    folder.mkdir()
    (folder / "x.patch").write_text("A header, and no diff.\n")
    with pytest.raises(SystemExit, match=r"x\.patch changes no template"):
        regen.patched_templates(tmp_path / "out", upstream, folder)
