"""Job records as data: JSON, JSONL and CSV, and the columns they carry. No HTTP, no terminal.

The columns come from the generated model (`Job.JSON_FIELDS`, written by the generator from
openapi.yaml), so a field added to the spec gets its own column after `nox -s regen`.
"""

from __future__ import annotations

import csv
import difflib
import functools
import io
import json
import math
import re
from collections.abc import Iterable
from typing import IO, Any

FORMATS = ("table", "json", "jsonl", "csv")
EXTRA_COLUMN = "extra"  # CSV: undocumented fields, as one JSON object


@functools.cache
def documented_fields() -> tuple[str, ...]:
    """Every documented job field, in the spec's order (read from the generated model, only when
    needed: `--help` does not pay for importing it)."""
    from ionq_jobs_api.models import Job

    return Job.JSON_FIELDS


def check_fields(fields: str | None) -> tuple[tuple[str, ...] | None, str | None]:
    """`--fields a,b`: (the names, a note for those IonQ does not document, or None). Such a
    name is kept, not refused: a field the server added is selectable before the spec has it;
    the note (with the documented name it resembles) shows a typo before the export is read."""
    if fields is None:
        return None, None
    names = tuple(dict.fromkeys(name.strip() for name in fields.split(",") if name.strip()))
    allowed = documented_fields()
    if not names:
        raise ValueError(f"--fields names no field; the documented ones: {', '.join(allowed)}")
    bad = [name for name in names if not _FIELD_NAME.fullmatch(name)]
    if bad:
        raise ValueError(
            f"--fields: {', '.join(map(repr, bad))} is not a field name (letters, digits, _ "
            f"and -); the documented ones: {', '.join(allowed)}"
        )
    unknown = [name for name in names if name not in allowed]
    if not unknown:
        return names, None
    hints = [f"{name} (did you mean {close}?)" if (close := _resembled(name, allowed)) else name
             for name in unknown]  # fmt: skip
    return names, (
        f"not documented job fields, shown only where the server sends them: {', '.join(hints)}"
    )


def _resembled(name: str, allowed: tuple[str, ...]) -> str | None:
    """The documented field `name` is a typo of: the same in another case (`ID`, too short for
    a close match), else the closest."""
    same = [field for field in allowed if field.lower() == name.lower()]
    close = same or difflib.get_close_matches(name, allowed, n=1, cutoff=0.75)
    return close[0] if close else None


_FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


def printable(text: str) -> str:
    """Control and other non-printable characters escaped (`\\n`, `\\x1b`): one line, no codes."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def finite(value: Any) -> Any:
    """`value` with every non-finite float (NaN, ±inf, which a server can send and Python's JSON
    reader accepts) replaced by None: the output must stay valid JSON."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: finite(item) for key, item in value.items()}
    if isinstance(value, list):
        return [finite(item) for item in value]
    return value


def plural(count: int, noun: str) -> str:
    """`1 job`, `2 jobs`, `1,000 jobs`."""
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def first_few(items: list[str], shown: int = 3) -> str:
    """`a, b, c and 4 more`: the first few of a list, in a message."""
    more = f" and {len(items) - shown} more" if len(items) > shown else ""
    return ", ".join(items[:shown]) + more


def to_json(value: Any, **options: Any) -> str:
    """Strict JSON (never `NaN`); the rare record with a non-finite number is cleaned first.
    Anything the decoder read (1,024 levels deep) is written back whole."""
    from .._json import deeply

    try:
        return deeply(lambda: json.dumps(value, ensure_ascii=False, allow_nan=False, **options))
    except ValueError:
        return deeply(
            lambda: json.dumps(finite(value), ensure_ascii=False, allow_nan=False, **options)
        )


def cell(value: Any) -> str:
    """One value as CSV/table text: strings as they are, nested values as compact JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(value) if math.isfinite(value) else ""
    return to_json(value, separators=(",", ":"), sort_keys=True)


class Writer:
    """Writes records in one format, a page at a time: each page is one `write` call, so an
    interrupt lands between pages, never inside a record (the resume cursor stays exact)."""

    def __init__(
        self, out: IO[str], out_format: str, fields: tuple[str, ...] | None, header: bool = True
    ) -> None:
        self.out = out
        self.format = out_format
        self.fields = fields
        self.header = header
        self.count = 0
        self._columns = list(fields or documented_fields())
        self._known = frozenset(documented_fields())

    def write(self, records: list[dict[str, Any]]) -> None:
        if not records:  # a page with nothing in the window: a CSV's header is due all the same,
            if self.format == "csv" and self.header:  # or a part resumed after it has none
                self.out.write(self._csv_text([]))
            return
        if self.fields is not None and self.format != "csv":  # --fields: those keys, in order
            records = [{name: record.get(name) for name in self.fields} for record in records]
        if self.format == "jsonl":
            text = "".join(to_json(record) + "\n" for record in records)
        elif self.format == "json":
            first = ",\n  " if self.count else "[\n  "
            text = first + ",\n  ".join(to_json(record) for record in records)
        else:
            text = self._csv_text(records)
        self.out.write(text)
        self.count += len(records)

    def close(self) -> None:
        """What ends the document (the JSON array's bracket; a CSV header if nothing came)."""
        if self.format == "json":
            self.out.write("\n]\n" if self.count else "[]\n")
        elif self.format == "csv" and self.header:  # no record came: the header alone
            self.out.write(self._csv_text([]))
        self.out.flush()

    def _csv_text(self, records: list[dict[str, Any]]) -> str:
        rows = []
        with_extra = self.fields is None
        if self.count == 0 and self.header:
            rows.append([*self._columns, EXTRA_COLUMN] if with_extra else self._columns)
            self.header = False
        for record in records:
            row = [cell(record.get(name)) for name in self._columns]
            if with_extra:
                extra = {k: v for k, v in record.items() if k not in self._known}
                row.append(cell(extra) if extra else "")
            rows.append(row)
        return csv_lines(rows)


def csv_lines(rows: Iterable[list[str]]) -> str:
    """CSV rows, each ended by `\n`. The csv module quotes a field holding a character of its
    line terminator only: with `\n` alone, a lone `\r` went out bare and split the row for every
    reader. Each row is written with `\r\n`, which is then made `\n`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow(row)
        buffer.seek(buffer.tell() - 2)
        buffer.truncate()
        buffer.write("\n")
    return buffer.getvalue()
