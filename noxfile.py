"""Every workflow of the project: `nox -l` lists them, `nox -s NAME` runs one."""

from __future__ import annotations

from pathlib import Path

import nox

nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["tests", "lint", "typecheck", "regen_check", "api_check"]

LINT_PATHS = ["ionq_facade", "tests", "scripts", "benchmarks", "noxfile.py"]
RUFF = "ruff==0.17.6"  # same version the generator formats with; one ruff for the whole repo
GRIFFE = "griffe==2.4.1"  # reads the public API from source for api_check / api_snapshot
MYPY = ["mypy==1.19.1", "types-PyYAML"]


@nox.session
def tests(session: nox.Session) -> None:
    """The whole test suite (library, CLI, test kit, contract, faults, hostile servers), on every
    core (pytest-xdist); `nox -s tests -- -n 0 -k NAME` runs chosen tests in one process."""
    session.install("-e", ".[test]")
    session.run("pytest", "-n", "auto", *session.posargs)


@nox.session
def demo(session: nox.Session) -> None:
    """The main job: `ionq-jobs demo` lists and summarises jobs from a local mock server."""
    session.install("-e", ".[cli,testing]")
    session.run("ionq-jobs", "demo", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks (not tests): jobs/s, CPU, peak RSS vs raw httpx; prefetch; startup time.
    Arguments go to benchmarks/bench.py, e.g. `nox -s bench -- --sizes 10000 --repeats 1`."""
    session.install("-e", ".[all]")
    session.run("python", "benchmarks/bench.py", *session.posargs)


@nox.session
def bench_compare(session: nox.Session) -> None:
    """This checkout against another commit, interleaved in one run (the machine is noisy):
    `nox -s bench_compare -- HEAD~1` (options: benchmarks/compare.py --help)."""
    session.install("-e", ".[all]")
    session.run("python", "benchmarks/compare.py", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff: lint and formatting (generated/ is excluded; it is formatted by the generator)."""
    session.install(RUFF)
    paths = [p for p in LINT_PATHS if Path(p).exists()]
    session.run("ruff", "check", *paths)
    session.run("ruff", "format", "--check", *paths)


@nox.session
def format(session: nox.Session) -> None:
    """Fix what `nox -s lint` checks: `ruff check --fix`, then `ruff format`, on the same paths;
    fails listing what is left to fix by hand (a long line the formatter shortened is not)."""
    session.install(RUFF)
    paths = [p for p in LINT_PATHS if Path(p).exists()]
    session.run("ruff", "check", "--fix", "--quiet", *paths, success_codes=[0, 1])
    session.run("ruff", "format", *paths)
    session.run("ruff", "check", *paths)


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict on the facade (the generated package is type-checked as its dependency),
    and on tests/typed_usage.py: what a user's type checker infers from the overloads."""
    session.install("-e", ".[test]", *MYPY)
    session.run("mypy", "--strict", "ionq_facade", "tests/typed_usage.py")


@nox.session
def regen(session: nox.Session) -> None:
    """Rewrite generated/ from openapi.yaml with the pinned generator."""
    session.install("-r", "requirements/regen.txt")
    session.run("python", "scripts/regen.py", "write")


@nox.session
def regen_check(session: nox.Session) -> None:
    """Fail with a unified diff when generated/ is not exactly what openapi.yaml generates."""
    session.install("-r", "requirements/regen.txt")
    session.run("python", "scripts/regen.py", "check")


@nox.session
def spec_diff(session: nox.Session) -> None:
    """Every /jobs operation of openapi.yaml against IonQ's published document: each
    difference, explained or not. `nox -s spec_diff -- PATH_OR_URL [--format json]` (default:
    IonQ's URL)."""
    session.install("-e", ".", "PyYAML")
    session.run("python", "scripts/spec_diff.py", *session.posargs)


@nox.session
def api_check(session: nox.Session) -> None:
    """Fail, listing breaking changes and additions, when the public API of ionq_jobs_api or
    ionq_facade differs from public-api.json (after a regen, say)."""
    session.install(GRIFFE)
    session.run("python", "scripts/api_snapshot.py", "check")


@nox.session
def api_snapshot(session: nox.Session) -> None:
    """Rewrite public-api.json from the code (after reading `nox -s api_check`)."""
    session.install(GRIFFE)
    session.run("python", "scripts/api_snapshot.py", "write")
