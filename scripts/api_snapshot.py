"""The public API of `ionq_jobs_api` and `ionq_facade`, as a committed snapshot, and what a change
does to it: `nox -s api_check` compares, `nox -s api_snapshot` rewrites.

    python scripts/api_snapshot.py check    # exit 1 on any difference: breaking ones first
    python scripts/api_snapshot.py write    # rewrite public-api.json

griffe reads the packages from source (no import, so lazy names and TYPE_CHECKING exports count):
modules, classes (with inherited members), functions and methods with their signatures and every
overload, public attributes with their types, enum members with their values. Breaking: a removed
or renamed symbol, a removed, retyped or newly required parameter, a changed return type or
overload, a removed enum member. Additions: everything new.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import griffe

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = ROOT / "public-api.json"
KEPT_DUNDERS = {"__init__", "__call__", "__iter__", "__aiter__", "__len__", "__enter__",
                "__exit__", "__aenter__", "__aexit__"}  # fmt: skip
ENUM_BASES = {"Enum", "StrEnum", "IntEnum", "str, Enum"}

Record = dict[str, Any]


def _parameters(function: griffe.Function) -> list[list[str | None]]:
    return [
        [p.name, str(p.kind.value), str(p.annotation) if p.annotation else None,
         str(p.default) if p.default is not None else None]
        for p in function.parameters
        if p.name not in {"self", "cls"}
    ]  # fmt: skip


def _signature(function: griffe.Function) -> str:
    params = ", ".join(
        f"{name}: {annotation}" + (f" = {default}" if default is not None else "")
        for name, _kind, annotation, default in _parameters(function)
    )
    return f"({params}) -> {function.returns}"


def _record(obj: griffe.Object | griffe.Alias, enum_class: bool = False) -> Record:
    if obj.is_function:
        function = obj.final_target if obj.is_alias else obj
        assert isinstance(function, griffe.Function)
        overloads = getattr(function, "overloads", None) or []
        return {
            "kind": "function",
            "parameters": _parameters(function),
            "returns": str(function.returns),
            "overloads": [_signature(o) for o in overloads],
        }
    if obj.is_class:
        return {"kind": "class", "bases": [str(base) for base in obj.bases]}
    if obj.is_attribute:
        if enum_class and "property" not in obj.labels:
            return {"kind": "enum member", "value": str(obj.value)}
        return {"kind": "attribute", "annotation": str(obj.annotation) if obj.annotation else None}
    return {"kind": "module"}


def _public(member: griffe.Object | griffe.Alias, name: str) -> bool:
    if name in KEPT_DUNDERS:
        return True
    if name.startswith("_"):
        return False
    try:
        return bool(member.is_public)
    except griffe.AliasResolutionError:
        return False


def _walk(obj: griffe.Object | griffe.Alias, path: str, out: dict[str, Record]) -> None:
    try:
        target = obj.final_target if obj.is_alias else obj
    except griffe.AliasResolutionError:
        return  # an external name (typing.Any...): not ours
    enum_class = obj.is_class and any(str(base) in ENUM_BASES for base in target.bases)
    out[path] = _record(obj)
    if not (obj.is_module or obj.is_class):
        return
    members = target.all_members if target.is_class else target.members
    for name, member in sorted(members.items()):
        if not _public(member, name):
            continue
        if obj.is_module and member.is_alias and name not in (target.exports or ()):
            continue  # an import, not an export
        child = f"{path}.{name}"
        if member.is_module or member.is_class:
            _walk(member, child, out)
        else:
            try:
                out[child] = _record(member, enum_class=enum_class)
            except griffe.AliasResolutionError:
                continue


def snapshot(root: Path = ROOT) -> dict[str, Record]:
    """Every public symbol of the two packages in the checkout at `root`."""
    records: dict[str, Record] = {}
    generated = root / "generated"
    # loaded by path: by name, griffe would find the installed (editable) checkout instead
    for package, folder, other in (
        ("ionq_jobs_api", generated, root),
        ("ionq_facade", root, generated),
    ):
        loaded = griffe.load(str(folder / package), search_paths=[str(folder), str(other)],
                             resolve_aliases=True, resolve_external=False)  # fmt: skip
        _walk(loaded, package, records)
    return dict(sorted(records.items()))


def compare(old: dict[str, Record], new: dict[str, Record]) -> tuple[list[str], list[str]]:
    """(breaking, additions), one line each, naming the symbol. A symbol re-exported under several
    paths (`ionq_jobs_api.models.Job` and `ionq_jobs_api.models.job.Job`) is one change, named by
    its shortest path."""
    breaking: list[str] = []
    additions: list[str] = []
    twin = _reexport_twins(old, new)
    for path in sorted(old.keys() - new.keys()):
        if twin.get(path, path) == path:
            breaking.append(f"removed {old[path]['kind']}: {path}")
    for path in sorted(new.keys() - old.keys()):
        if twin.get(path, path) == path:
            additions.append(f"new {new[path]['kind']}: {path}")
    for path in sorted(old.keys() & new.keys()):
        before, after = old[path], new[path]
        if before == after or twin.get(path, path) != path:
            continue
        if before["kind"] != after["kind"]:
            breaking.append(f"{path}: was a {before['kind']}, now a {after['kind']}")
        elif before["kind"] == "function":
            _compare_functions(path, before, after, breaking, additions)
        elif before["kind"] == "enum member":
            breaking.append(f"{path}: value {before['value']} -> {after['value']}")
        elif before["kind"] == "attribute":
            breaking.append(f"{path}: retyped {before['annotation']} -> {after['annotation']}")
        elif before["kind"] == "class":
            breaking.append(f"{path}: bases {before['bases']} -> {after['bases']}")
    return breaking, additions


def _reexport_twins(old: dict[str, Record], new: dict[str, Record]) -> dict[str, str]:
    """For each path that is a re-export of another listed path, the one path that stands for
    both: the shortest. Twins have the same name below their modules, modules on one line of
    descent in one package (`ionq_facade` re-exporting `ionq_facade.enums.JobStatus`), and the
    same record before and after; the snapshot format needs no alias table for it."""
    modules = {
        path for records in (old, new) for path, r in records.items() if r["kind"] == "module"
    }
    groups: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    for path in old.keys() | new.keys():
        if path in modules:
            continue
        parts = path.split(".")
        cut = next((i for i in range(len(parts) - 1, 0, -1) if ".".join(parts[:i]) in modules), 0)
        if not cut:
            continue
        module, name = ".".join(parts[:cut]), ".".join(parts[cut:])
        key = (parts[0], name, json.dumps(old.get(path), sort_keys=True),
               json.dumps(new.get(path), sort_keys=True))  # fmt: skip
        groups.setdefault(key, []).append((module, path))
    twins: dict[str, str] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        deepest = max((module for module, _ in members), key=lambda module: module.count("."))
        if all(deepest == module or deepest.startswith(module + ".") for module, _ in members):
            first = min((path for _, path in members), key=lambda path: (len(path), path))
            twins.update((path, first) for _, path in members)
    return twins


def _compare_functions(
    path: str, before: Record, after: Record, breaking: list[str], additions: list[str]
) -> None:
    old_params = {p[0]: p for p in before["parameters"]}
    new_params = {p[0]: p for p in after["parameters"]}
    for name in old_params.keys() - new_params.keys():
        breaking.append(f"{path}: parameter {name!r} removed")
    for name in old_params.keys() & new_params.keys():
        (_, old_kind, old_type, old_default), (_, new_kind, new_type, new_default) = (
            old_params[name], new_params[name],
        )  # fmt: skip
        if old_type != new_type:
            breaking.append(f"{path}: parameter {name!r} retyped {old_type} -> {new_type}")
        if old_kind != new_kind:
            breaking.append(f"{path}: parameter {name!r} is now {new_kind}")
        if old_default is not None and new_default is None:
            breaking.append(f"{path}: parameter {name!r} is now required")
    for name in sorted(new_params.keys() - old_params.keys()):
        _, kind, _, default = new_params[name]
        if default is None and "variadic" not in str(kind):
            breaking.append(f"{path}: new required parameter {name!r}")
        else:
            additions.append(f"{path}: new optional parameter {name!r}")
    if before["returns"] != after["returns"]:
        breaking.append(f"{path}: returns {before['returns']} -> {after['returns']}")
    if before["overloads"] != after["overloads"]:
        breaking.append(f"{path}: overloads changed")


def main(argv: list[str]) -> int:
    mode = argv[1] if len(argv) > 1 else ""
    current = snapshot()
    if mode == "write":
        SNAPSHOT.write_text(json.dumps(current, indent=1) + "\n")
        print(f"{SNAPSHOT.name}: {len(current)} public symbols written")
        return 0
    if mode != "check":
        sys.stderr.write(__doc__ or "")
        return 2
    committed = json.loads(SNAPSHOT.read_text()) if SNAPSHOT.exists() else {}
    breaking, additions = compare(committed, current)
    if not breaking and not additions:
        print(f"public API unchanged ({len(current)} symbols)")
        return 0
    print(f"BREAKING ({len(breaking)}): what users of ionq_jobs_api / ionq_facade would meet")
    print("".join(f"  {line}\n" for line in breaking) or "  none\n", end="")
    print(f"ADDITIONS ({len(additions)})")
    print("".join(f"  {line}\n" for line in additions) or "  none\n", end="")
    print(
        "Read the list; if it is what you meant, `nox -s api_snapshot` and commit public-api.json."
    )
    return 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
