"""`nox -s spec_diff [-- PATH_OR_URL] [--format json]`: what IonQ's published OpenAPI document says
about the jobs operations of openapi.yaml that openapi.yaml does not, and the other way round.

Both documents are read into the same model (`ionq_facade._published`: per operation, query
parameters, response codes, the body of its success with the nested objects IonQ documents),
after normalising OpenAPI 3.0 idioms (`allOf: [$ref] + nullable`) and this project's tolerant 3.1
ones with their `x-published-*` annotations. Every jobs operation of either is compared, or
named when the other lacks it (those only IonQ has that this project leaves out, such as
creating jobs, are explained in openapi.yaml). Each difference
is one line, *explained* when openapi.yaml's `x-spec-diff-ignore` lists it with a reason (for one
`operation`, or for all when it names none), else *unexplained*. Exit 0: nothing unexplained;
1: something is; 2: the document could not be read (offline, say).
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.request
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout, before or after `pip install -e .`

from ionq_facade._published import (  # noqa: E402
    LISTING,
    Contract,
    Field,
    ObjectRule,
    contract_from_document,
    operations_of,
)

# IonQ's published document (the reference copy in ../shared/reference is a snapshot of it)
DEFAULT_SOURCE = "https://docs.ionq.com/api-reference/v0.4/openapi.json"
OURS = ROOT / "openapi.yaml"


@dataclass(frozen=True)
class Difference:
    where: str  # "parameters.status", "job.noise.model", "responses"
    what: str  # "added", "removed", "type", "nullable", "enum", "format", "required", ...
    ours: str
    theirs: str
    explained: bool = False
    reason: str = ""
    operation: str = LISTING

    def line(self) -> str:
        tag = "explained  " if self.explained else "UNEXPLAINED"
        text = (
            f"{tag} {self.operation} {self.where} {self.what}: "
            f"openapi.yaml {self.ours}; IonQ {self.theirs}"
        )
        return text + (f" ({self.reason})" if self.reason else "")


def _show(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, frozenset | set | tuple | list):
        return "[" + ", ".join(sorted(map(str, value))) + "]" if value else "none"
    return str(value)


def _fields(where: str, ours: Field, theirs: Field) -> list[Difference]:
    found = []
    if ours.types != theirs.types:  # a new type: its format and enum go with it
        return [Difference(where, "type", _show(ours.types), _show(theirs.types))]
    for what, mine, their in (
        ("nullable", ours.nullable, theirs.nullable),
        ("enum", frozenset(ours.enum or ()), frozenset(theirs.enum or ())),
        ("format", ours.format, theirs.format),
    ):
        if mine != their:
            found.append(Difference(where, what, _show(mine), _show(their)))
    for part in ("items", "values"):
        mine_sub, their_sub = getattr(ours, part), getattr(theirs, part)
        if mine_sub is not None and their_sub is not None:
            found += _fields(f"{where}.{part}", mine_sub, their_sub)
        elif (mine_sub is None) != (their_sub is None):
            found.append(
                Difference(where, part, _show(mine_sub and "typed"), _show(their_sub and "typed"))
            )
    if ours.object is not None and theirs.object is not None:
        found += _objects(where, ours.object, theirs.object)
    elif (ours.object is None) != (theirs.object is None):
        shape = {True: "free-form", False: "documented"}
        found.append(
            Difference(where, "fields", shape[ours.object is None], shape[theirs.object is None])
        )
    return found


def _membership(
    where: str, noun: str, ours: dict[str, Field], theirs: dict[str, Field]
) -> tuple[list[Difference], list[str]]:
    """(a difference for each name only one side has, the names both have), sorted."""
    found = [
        Difference(f"{where}.{name}", "added", f"has no such {noun}", "documents it")
        for name in sorted(theirs.keys() - ours.keys())
    ] + [
        Difference(f"{where}.{name}", "removed", "has it", "no longer documents it")
        for name in sorted(ours.keys() - theirs.keys())
    ]
    return found, sorted(ours.keys() & theirs.keys())


def _objects(where: str, ours: ObjectRule, theirs: ObjectRule) -> list[Difference]:
    found, both = _membership(where, "field", ours.fields, theirs.fields)
    for name in both:
        at = f"{where}.{name}"
        found += _fields(at, ours.fields[name], theirs.fields[name])
        if (name in ours.required) != (name in theirs.required):
            found.append(Difference(at, "required", str(name in ours.required).lower(),
                                    str(name in theirs.required).lower()))  # fmt: skip
    if ours.closed != theirs.closed:
        found.append(
            Difference(where, "closed", str(ours.closed).lower(), str(theirs.closed).lower())
        )
    return found


def diff(ours: Contract, theirs: Contract) -> list[Difference]:
    """Every difference, each marked explained when `ours.ignore` lists it (where + what)."""
    found, both = _membership("parameters", "parameter", ours.parameters, theirs.parameters)
    for name in both:
        found += _fields(f"parameters.{name}", ours.parameters[name], theirs.parameters[name])
    for code in sorted(ours.responses ^ theirs.responses):
        mine = "declares it" if code in ours.responses else "does not declare it"
        found.append(
            Difference(
                "responses", code, mine, "declares it" if code in theirs.responses else "does not"
            )
        )
    root = "job" if ours.operation == "GET /jobs/{UUID}" else "body"
    found += [  # the job is where most differences are: name it so
        Difference(_job_named(d.where, root), d.what, d.ours, d.theirs)
        for d in _fields(root, ours.body, theirs.body)
    ]
    reasons = {}
    for entry in ours.ignore:
        for operation in [entry["operation"]] if "operation" in entry else [ours.operation]:
            reasons[operation, entry["where"], str(entry["what"])] = entry.get("reason", "")
    classified = []
    for d in found:
        reason = reasons.get((ours.operation, d.where, d.what))
        explained = reason is not None
        classified.append(
            replace(d, explained=explained, reason=reason or "", operation=ours.operation)
        )
    return _merge_shared(classified)


def _job_named(where: str, root: str) -> str:
    return (
        "job" + where.removeprefix("body.jobs.items")
        if where.startswith("body.jobs.items")
        else where
    )


def diff_documents(ours: dict[str, Any], theirs: dict[str, Any]) -> list[Difference]:
    """Every operation of `ours` compared with the same in `theirs` (one line if it lacks it),
    and one line for each jobs operation only `theirs` has: IonQ's new one is seen, and one
    this project leaves out is explained (`x-spec-diff-ignore`, `where: operation`)."""
    found = []
    published, declared = set(operations_of(theirs)), set(operations_of(ours))
    reasons = {
        (entry.get("operation"), entry["where"], str(entry["what"])): entry.get("reason", "")
        for entry in ours.get("x-spec-diff-ignore", ())
    }
    for operation in operations_of(theirs):
        if operation not in declared:
            reason = reasons.get((operation, "operation", "added"))
            added = Difference("operation", "added", "does not declare it", "declares it")
            found.append(
                replace(
                    added, explained=reason is not None, reason=reason or "", operation=operation
                )
            )
    for operation in operations_of(ours):
        if operation not in published:
            found.append(
                Difference("operation", "missing", "declares it", "does not", operation=operation)
            )
            continue
        found += diff(
            contract_from_document(ours, operation), contract_from_document(theirs, operation)
        )
    return found


def _merge_shared(differences: list[Difference]) -> list[Difference]:
    """One line for one enum change seen in several places: a status added to the shared
    JobStatus enum shows in `parameters.status` and in `job.status`."""
    merged: dict[tuple[str, str, str, bool], Difference] = {}
    others = []
    for d in differences:
        if d.what != "enum":
            others.append(d)
            continue
        key = (d.operation, d.ours, d.theirs, d.explained)
        first = merged.get(key)
        merged[key] = d if first is None else replace(first, where=f"{first.where}, {d.where}")
    return [*merged.values(), *others]


def load(source: str) -> dict[str, Any]:
    """A document from a path or a URL, JSON or YAML. OSError/ValueError when it cannot be read."""
    if source.startswith(("http://", "https://")):
        with urllib.request.urlopen(source, timeout=20) as response:  # noqa: S310 - a fixed scheme
            text = response.read().decode("utf-8")
    else:
        text = Path(source).read_text(encoding="utf-8")
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        import yaml

        try:
            document = yaml.safe_load(text)
        except yaml.YAMLError as exc:  # neither JSON nor YAML: what yaml found wrong, and where
            mark = getattr(exc, "problem_mark", None)
            at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            raise ValueError(f"neither JSON nor YAML: {problem}{at}") from None
        except RecursionError:
            raise ValueError("nested too deeply to read") from None
    if not isinstance(document, dict) or not isinstance(document.get("paths"), dict):
        raise ValueError("not an OpenAPI document (no `paths` object)")
    return document


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="nox -s spec_diff --", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "source", nargs="?", default=DEFAULT_SOURCE, help="IonQ's document: path or URL"
    )
    parser.add_argument(
        "--ours", default=str(OURS), help="this project's spec (default: openapi.yaml)"
    )
    parser.add_argument("--format", choices=["text", "json"], default="text")
    args = parser.parse_args(argv)
    try:
        theirs_doc = load(args.source)
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        fetched = isinstance(exc, OSError) and "://" in args.source
        offline = "; offline? nox -s spec_diff -- PATH" if fetched else ""
        print(f"spec_diff: cannot read {args.source} ({reason}){offline}")
        return 2
    differences = diff_documents(load(args.ours), theirs_doc)
    unexplained = [d for d in differences if not d.explained]
    if args.format == "json":
        print(
            json.dumps(
                {"unexplained": len(unexplained), "differences": [asdict(d) for d in differences]},
                indent=2,
            )
        )
    else:
        order = operations_of(load(args.ours))
        order += [op for op in operations_of(theirs_doc) if op not in order]  # only IonQ's: last
        for difference in sorted(
            differences,
            key=lambda d: (d.explained, order.index(d.operation), d.where, d.what),
        ):
            print(difference.line())
        print(f"{len(differences)} differences, {len(unexplained)} unexplained")
    return 1 if unexplained else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
