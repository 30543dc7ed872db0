"""The drift checker: how what the live API sent differs from what IonQ documents.

The spec's response schemas are tolerant, so drift never breaks a client; this makes it visible.
The expectations come from openapi.yaml (`_published.our_contracts()`, one per operation):
editing the spec updates the checker. Each deviation is a finding of one kind, grouped by
(operation, pointer, kind), where the pointer is a JSON Pointer into the body with array indexes
and free-form map keys written `*`.
"""

from __future__ import annotations

import inspect
import json
import os
import re
import warnings
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ._json import deeply
from ._published import LISTING, Contract, Field, ObjectRule, our_contracts
from .errors import SpecDriftError

if TYPE_CHECKING:
    from ._pagination import JobsPage
    from ._parsing import PageCheck

KINDS = (  # every kind of finding (tests/test_verify.py shows one of each)
    "unknown-value",  # outside a documented enum
    "missing",  # a field IonQ documents as required is absent
    "null",  # null where IonQ does not document null
    "undocumented",  # a field or nested key IonQ does not document
    "wrong-type",
    "out-of-range",  # beyond int32
    "bad-format",  # a timestamp that is not RFC 3339
)
MAX_EXAMPLES = 3
EXAMPLE_CHARS = 60
INT32 = (-(2**31), 2**31 - 1)
_RFC3339 = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})\Z", re.ASCII
)
_JSON_TYPES: dict[type, str] = {
    dict: "object", list: "array", str: "string", bool: "boolean", int: "integer", float: "number",
    type(None): "null",
}  # fmt: skip


@dataclass
class Finding:
    """One group of deviations: which operation's answer, where, what kind, how often, a few
    examples and job ids."""

    pointer: str
    kind: str
    operation: str = LISTING
    count: int = 0
    examples: list[str] = field(default_factory=list)
    job_ids: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class DriftReport:
    """What `verify()` found: `assert client.verify().conforms` in a test of your own."""

    pages: int = 0
    jobs: int = 0
    findings: list[Finding] = field(default_factory=list)
    checked: dict[str, int] = field(default_factory=dict)  # operation -> answers checked

    @property
    def conforms(self) -> bool:
        return not self.findings

    def to_dict(self) -> dict[str, Any]:
        return {
            "conforms": self.conforms,
            "pages": self.pages,
            "jobs": self.jobs,
            "checked": dict(self.checked),
            "findings": [finding.to_dict() for finding in self.findings],
        }


def shorten(value: Any) -> str:
    """An example as the API sent it: a string as is, anything else as JSON."""

    def as_json() -> str:
        return json.dumps(value, ensure_ascii=False, default=str)

    text = value if isinstance(value, str) else deeply(as_json)
    return text if len(text) <= EXAMPLE_CHARS else text[: EXAMPLE_CHARS - 1] + "…"


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def _json_type(value: Any) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)


def _type_fits(value: Any, types: frozenset[str]) -> bool:
    kind = _json_type(value)
    return not types or kind in types or (kind == "integer" and "number" in types)


def _rfc3339(value: str) -> bool:
    if not _RFC3339.match(value):
        return False
    try:
        datetime.fromisoformat(value.replace("z", "Z").replace("t", "T"))
    except ValueError:  # 2026-02-30, 25:00...
        return False
    return True


class DriftChecker:
    """Collects the findings of every answer given to `check` (or `check_page`)."""

    def __init__(self, contract: Contract | None = None) -> None:
        self.contracts = dict(our_contracts())
        if contract is not None:
            self.contracts[contract.operation] = contract
        self.pages = 0
        self.jobs = 0
        self.checked: dict[str, int] = {}
        self._groups: dict[tuple[str, str, str], Finding] = {}

    def check_page(self, body: Any) -> list[Finding]:
        """Check one decoded page of the listing; returns the groups this page touched."""
        self.pages += 1
        jobs = body.get("jobs") if isinstance(body, dict) else None
        if isinstance(jobs, list):
            self.jobs += len(jobs)
        return self.check(body)

    def check(self, body: Any, operation: str = LISTING, job_id: Any = None) -> list[Finding]:
        """Check one decoded answer of `operation` (about `job_id`, when it is one job's)."""
        touched: dict[tuple[str, str, str], Finding] = {}
        self.checked[operation] = self.checked.get(operation, 0) + 1
        if operation == "GET /jobs/{UUID}" and isinstance(body, dict):
            job_id = body.get("id", job_id)

        def add(
            pointer: str, kind: str, value: Any, job_id: Any, *, has_value: bool = True
        ) -> None:
            key = (operation, pointer, kind)
            group = self._groups.setdefault(key, Finding(pointer, kind, operation))
            group.count += 1
            if has_value and len(group.examples) < MAX_EXAMPLES:
                example = shorten(value)
                if example not in group.examples:
                    group.examples.append(example)
            fresh_id = isinstance(job_id, str) and job_id not in group.job_ids
            if fresh_id and len(group.job_ids) < MAX_EXAMPLES:
                group.job_ids.append(job_id)
            touched[key] = group

        self._value(body, self.contracts[operation].body, "", job_id, add)
        return list(touched.values())

    def report(self) -> DriftReport:
        findings = sorted(
            self._groups.values(), key=lambda f: (-f.count, f.operation, f.pointer, f.kind)
        )
        return DriftReport(self.pages, self.jobs, findings, dict(self.checked))

    # --- walking --------------------------------------------------------------------------------

    def _object(
        self, value: dict[str, Any], rule: ObjectRule, pointer: str, job_id: Any, add: _Add
    ) -> None:
        if pointer == "/jobs/*":
            job_id = value.get("id")
        for name in rule.required:
            if name not in value:
                add(f"{pointer}/{_escape(name)}", "missing", None, job_id, has_value=False)
        for key, item in value.items():
            at = f"{pointer}/{_escape(key)}"
            documented = rule.fields.get(key)
            if documented is not None:
                self._value(item, documented, at, job_id, add)
            elif rule.closed:
                add(at, "undocumented", item, job_id)

    def _value(self, value: Any, rule: Field, pointer: str, job_id: Any, add: _Add) -> None:
        if value is None:
            if not rule.nullable:
                add(pointer, "null", None, job_id)
            return
        if not _type_fits(value, rule.types):
            add(pointer, "wrong-type", value, job_id)
            return
        if rule.enum is not None and value not in rule.enum:
            add(pointer, "unknown-value", value, job_id)
        elif (
            rule.format == "int32" and isinstance(value, int) and not INT32[0] <= value <= INT32[1]
        ):
            add(pointer, "out-of-range", value, job_id)
        elif rule.format == "date-time" and isinstance(value, str) and not _rfc3339(value):
            add(pointer, "bad-format", value, job_id)
        if isinstance(value, dict):
            if rule.object is not None:
                self._object(value, rule.object, pointer, job_id, add)
            if rule.values is not None:
                for item in value.values():
                    self._value(item, rule.values, f"{pointer}/*", job_id, add)
        elif isinstance(value, list) and rule.items is not None:
            items = rule.items
            for item in value:
                if items.object is not None and isinstance(item, dict):
                    self._object(item, items.object, f"{pointer}/*", job_id, add)
                else:
                    self._value(item, items, f"{pointer}/*", job_id, add)


_Add = Callable[..., None]

VALIDATE_MODES = ("off", "warn", "strict")


class SpecDriftWarning(UserWarning):
    """`validate="warn"`: a page differs from what IonQ documents (once per pointer and kind)."""


_PACKAGE = os.path.join(os.path.dirname(__file__), "")  # the folder, with its separator


def _callers_level() -> int:
    """The stacklevel of the first frame outside this package: a warning names the caller's
    line, not ours (in a prefetch thread, where no caller's frame is, the thread's start)."""
    frame, level = inspect.currentframe(), 0
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE):
        frame, level = frame.f_back, level + 1
    return level


def drift_validation(mode: str, contract: Contract | None = None) -> PageCheck | None:
    """The per-page check of a client's `validate` mode; None for "off" (costs nothing)."""
    if mode not in VALIDATE_MODES:
        raise ValueError(f"validate must be one of {', '.join(VALIDATE_MODES)}, got {mode!r}")
    if mode == "off":
        return None
    warned: set[tuple[str, str]] = set()

    def check(body: dict[str, Any], page: JobsPage[Any]) -> None:
        checker = DriftChecker(contract)
        if not checker.check_page(body):
            return
        findings = checker.report().findings
        where = f"cursor {page.cursor!r}" if page.cursor else "first page"
        if mode == "strict":
            summary = "; ".join(f"{f.pointer} {f.kind} x{f.count}" for f in findings[:5])
            raise SpecDriftError(
                f"the page ({where}) differs from what IonQ documents: {summary}",
                findings=findings,
                cursor=page.cursor,
            )
        for finding in findings:
            if (finding.pointer, finding.kind) not in warned:
                warned.add((finding.pointer, finding.kind))
                examples = ", ".join(finding.examples)
                warnings.warn(
                    SpecDriftWarning(
                        f"{finding.pointer}: {finding.kind} ({where}"
                        + (f"; e.g. {examples})" if examples else ")")
                    ),
                    stacklevel=_callers_level(),
                )

    return check
