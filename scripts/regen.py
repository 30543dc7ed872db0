"""Regenerate the low-level client from openapi.yaml, or check that generated/ is up to date.

Usage:
    python scripts/regen.py write    # replace generated/ with fresh output
    python scripts/regen.py check    # generate into a temp folder; exit 1 with a diff if different

Always generates into an empty folder: the generator's --overwrite keeps stray files, and a
check that compares only files the generator wrote would miss them.

The template overrides are patches (`generator-templates/*.patch`) against the pinned generator's
own templates: each is copied from the installed generator and patched with `git apply` into a
scratch folder, so each override shows only its change and a generator bump that conflicts fails
with the patch's name.
"""

from __future__ import annotations

import difflib
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi.yaml"
CONFIG = ROOT / "generator-config.yml"
TEMPLATES = ROOT / "generator-templates"
GENERATED = ROOT / "generated"
PACKAGE = "ionq_jobs_api"
SPEC_COPY = "openapi.json"  # generated/ionq_jobs_api/openapi.json: the spec, as data

README = """\
# generated/ — DO NOT EDIT

Everything in this folder is produced by openapi-python-client from `../openapi.yaml` with
`../generator-config.yml` and `../generator-templates/` (and `ionq_jobs_api/openapi.json` is the
spec itself, as JSON, for the facade's drift checker). Hand edits are lost and make CI fail.

Change the spec (or the generator config), then run:

    nox -s regen         # rewrite this folder
    nox -s regen_check   # what CI runs: fails with a diff if this folder is stale

Import name: `ionq_jobs_api` (installed by the project's pyproject.toml).
"""


def patched_templates(into: Path, upstream: Path | None = None, folder: Path = TEMPLATES) -> Path:
    """The pinned generator's templates (`upstream`) that the patches in `folder` touch, patched,
    in `into`. Every template is copied once, before any patch, so two patches of one template
    both apply."""
    if upstream is None:
        import openapi_python_client

        upstream = Path(openapi_python_client.__file__).parent / "templates"
    patches = sorted(folder.glob("*.patch"))
    targets = {patch: _targets(patch) for patch in patches}
    for patch, names in targets.items():
        if not names:
            raise SystemExit(f"{patch.name} changes no template: it has no `--- a/NAME` line")
        for name in names:
            if not (upstream / name).is_file():
                raise SystemExit(
                    f"{patch.name} patches {name}, which openapi-python-client no longer has "
                    f"(generator bumped?). Its templates: {upstream}. Find what replaced it and "
                    "re-make the patch there, or drop it if upstream now does what it did."
                )
            (into / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(upstream / name, into / name)
    for patch in patches:
        result = subprocess.run(
            ["git", "apply", "--unsafe-paths", f"--directory={into}", str(patch)],  # noqa: S607
            capture_output=True,
            text=True,
            cwd=into,
        )
        if result.returncode != 0:
            raise SystemExit(_remake_advice(patch, targets, upstream, result.stderr.strip()))
    return into


def _remake_advice(patch: Path, targets: dict[Path, list[str]], upstream: Path, error: str) -> str:
    """What failed, and how to make the patch again: against the new upstream template, plus
    the patches applied before it to the same template (they run in name order)."""
    lines = [f"{patch.name} no longer applies to openapi-python-client's templates "
             f"(generator bumped?): {error}", "Re-make it:"]  # fmt: skip
    for name in targets[patch]:
        earlier = [p.name for p in targets if p < patch and name in targets[p]]
        base = f"{upstream / name}" + (f" with {', '.join(earlier)} applied" if earlier else "")
        lines.append(
            f"  copy {base} to a/{name} and b/{name}, make the change the patch's header "
            "describes in b/, then keep the header and replace the rest with the output of "
            f"`git diff --no-index --no-prefix a/{name} b/{name}`."
        )
    return "\n".join(lines)


def _targets(patch: Path) -> list[str]:
    """The templates a patch changes, relative to the generator's templates folder."""
    lines = patch.read_text(encoding="utf-8").splitlines()
    return [line.removeprefix("--- a/").strip() for line in lines if line.startswith("--- a/")]


def generate(into: Path) -> None:
    """Render the package into `into` (which must not exist yet) plus our two extra files."""
    into.mkdir(parents=True)
    templates = patched_templates(into.parent / "templates")
    command = [
        sys.executable,
        "-m",
        "openapi_python_client",
        "generate",
        "--path",
        str(SPEC),
        "--config",
        str(CONFIG),
        "--custom-template-path",
        str(templates),
        "--meta",
        "none",
        "--output-path",
        str(into / PACKAGE),
        "--fail-on-warning",
    ]
    result = subprocess.run(command, capture_output=True, text=True, cwd=into)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"openapi-python-client failed (exit {result.returncode})")
    (into / PACKAGE / "py.typed").write_text("")
    (into / PACKAGE / SPEC_COPY).write_text(spec_as_json())
    (into / "README.md").write_text(README)


def spec_as_json() -> str:
    """openapi.yaml as JSON, shipped inside the generated package: what the facade's drift
    checker reads at run time (the standard library reads JSON; the core install has no YAML)."""
    from ruamel.yaml import YAML

    spec = YAML(typ="safe", pure=True).load(SPEC.read_text(encoding="utf-8"))
    return json.dumps(spec, indent=1, ensure_ascii=False) + "\n"


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, by relative path (caches excluded: they are not output)."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def diff_trees(expected: dict[str, bytes], actual: dict[str, bytes]) -> list[str]:
    """A unified diff from what the spec generates (expected) to what is committed (actual)."""
    lines: list[str] = []
    for name in sorted(expected.keys() | actual.keys()):
        want, have = expected.get(name), actual.get(name)
        if want == have:
            continue
        if have is None:
            lines.append(f"missing from generated/: {name}\n")
        elif want is None:
            lines.append(f"stray file in generated/ (not produced by the generator): {name}\n")
        want_text = (want or b"").decode("utf-8", "replace").splitlines(keepends=True)
        have_text = (have or b"").decode("utf-8", "replace").splitlines(keepends=True)
        lines.extend(
            difflib.unified_diff(want_text, have_text, f"expected/{name}", f"generated/{name}")
        )
    return lines


def main(argv: list[str]) -> int:
    mode = argv[1] if len(argv) > 1 else ""
    if mode not in {"write", "check"}:
        sys.stderr.write(__doc__ or "")
        return 2
    with tempfile.TemporaryDirectory() as scratch:
        fresh = Path(scratch) / "generated"
        generate(fresh)
        if mode == "write":
            shutil.rmtree(GENERATED, ignore_errors=True)
            shutil.copytree(fresh, GENERATED)
            print(f"generated/ rewritten from {SPEC.name}")
            return 0
        problems = diff_trees(tree(fresh), tree(GENERATED) if GENERATED.exists() else {})
    if problems:
        sys.stdout.writelines(problems)
        print("\ngenerated/ is out of date with openapi.yaml. Run `nox -s regen` and commit.")
        return 1
    print("generated/ matches openapi.yaml")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
