"""What IonQ documents about the jobs operations, read from an OpenAPI document: one model for
two uses.

- The drift checker compares live pages with it, reading it from this project's openapi.yaml (as
  shipped in the generated package), where the tolerant schemas carry annotations of what IonQ
  documents: `x-published-required`, `x-published-nullable`, `x-published-additional-properties`
  and `x-format`. Editing the spec updates the checker; there is no second list.
- `nox -s spec_diff` reads the same model from IonQ's own document and compares the two.

The reader understands both dialects: OpenAPI 3.0 (`nullable: true`, `allOf: [$ref] + nullable`)
as IonQ writes it, and 3.1 (`type: [T, "null"]`, `anyOf: [X, {type: "null"}]`) with this project's
tolerant `anyOf: [Enum, {type: string}]`, which documents the enum.
"""

from __future__ import annotations

import dataclasses
import functools
import json
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any

Schema = dict[str, Any]


@dataclass(frozen=True)
class Field:
    """One documented value: its JSON types, whether null is documented, its enum and format, and
    what it holds (an object's rule, an array's items, a map's values)."""

    types: frozenset[str]
    nullable: bool = False
    enum: tuple[Any, ...] | None = None
    format: str | None = None
    object: ObjectRule | None = None
    items: Field | None = None
    values: Field | None = None  # a map (`additionalProperties: {schema}`): every value


@dataclass(frozen=True)
class ObjectRule:
    """A documented object: its fields, which are required, and whether other keys are allowed."""

    fields: dict[str, Field]
    required: frozenset[str] = frozenset()
    closed: bool = False


LISTING = "GET /jobs"
METHODS = ("get", "put", "delete", "post", "patch")


@dataclass(frozen=True)
class Contract:
    """One operation as documented (`operation`: "GET /jobs/{UUID}"): query parameters, declared
    response codes, and the body of its success (a jobs page, a job, a cost...)."""

    parameters: dict[str, Field]
    responses: frozenset[str]
    body: Field
    ignore: tuple[dict[str, str], ...] = field(default=())
    operation: str = LISTING

    @property
    def job(self) -> ObjectRule:
        """The job of the listing's page."""
        assert self.body.object is not None
        items = self.body.object.fields["jobs"].items
        assert items is not None
        assert items.object is not None
        return items.object


def operations_of(document: Schema) -> list[str]:
    """Every operation of the document under /jobs, as "METHOD path", in document order."""
    return [
        f"{method.upper()} {path}"
        for path, item in document.get("paths", {}).items()
        if path == "/jobs" or path.startswith("/jobs/")
        for method in METHODS
        if isinstance(item, dict) and isinstance(item.get(method), dict)
    ]


def contract_from_document(document: Schema, operation_name: str = LISTING) -> Contract:
    reader = _Reader(document)
    method, path = operation_name.split(" ", 1)
    operation = document["paths"][path][method.lower()]
    parameters = {
        parameter["name"]: reader.field(parameter.get("schema", {}))
        for parameter in map(reader.resolve, operation.get("parameters", []))
        if parameter.get("in") == "query"
    }
    responses = operation.get("responses", {})
    content = reader.resolve(responses.get("200", {})).get("content", {})
    schema = content.get("application/json", {}).get("schema", {})
    return Contract(
        operation=operation_name,
        parameters=parameters,
        responses=frozenset(str(code) for code in responses),
        body=reader.field(schema),
        ignore=tuple(document.get("x-spec-diff-ignore", ())),
    )


@functools.cache
def our_contracts() -> dict[str, Contract]:
    """This project's openapi.yaml, as the generated package ships it (JSON: no YAML needed):
    "METHOD path" -> contract, for every operation under /jobs."""
    text = files("ionq_jobs_api").joinpath("openapi.json").read_text(encoding="utf-8")
    document = json.loads(text)
    return {name: contract_from_document(document, name) for name in operations_of(document)}


class _Reader:
    def __init__(self, document: Schema) -> None:
        self.document = document

    def resolve(self, schema: Schema) -> Schema:
        """Follow `$ref`s; keys beside a `$ref` (3.1, or IonQ's descriptions) are kept."""
        seen = 0
        while isinstance(schema, dict) and "$ref" in schema and seen < 50:
            target: Any = self.document
            for part in schema["$ref"].removeprefix("#/").split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
            seen += 1
        return schema

    def field(self, schema: Schema) -> Field:
        schema = self.resolve(schema)
        nullable = bool(schema.get("nullable"))
        schema, nullable = self._unwrap(schema, nullable)
        declared = schema.get("type")
        if isinstance(declared, list):
            nullable = nullable or "null" in declared
            types = frozenset(t for t in declared if t != "null")
        elif isinstance(declared, str):
            types = frozenset({declared})
        elif {"properties", "additionalProperties", "not"} & set(schema):
            types = frozenset({"object"})  # a free-form object written without `type`
        else:
            types = frozenset()
        if types == {"null"}:
            types, nullable = frozenset(), True
        enum = schema.get("enum")
        return Field(
            types=types,
            nullable=nullable,
            enum=tuple(value for value in enum if value is not None) if enum else None,
            format=schema.get("format") or schema.get("x-format"),
            object=self._object(schema) if "properties" in schema else None,
            items=self.field(schema["items"]) if isinstance(schema.get("items"), dict) else None,
            values=self._values(schema),
        )

    def _unwrap(self, schema: Schema, nullable: bool) -> tuple[Schema, bool]:
        """One schema out of `allOf: [X]`, `anyOf: [X, null]` and the tolerant `anyOf: [Enum,
        string]`, keeping what the wrapper itself says (description, annotations)."""
        for key in ("allOf", "anyOf", "oneOf"):
            parts = schema.get(key)
            if not isinstance(parts, list):
                continue
            resolved = [self.resolve(part) for part in parts]
            if key == "allOf" and len(resolved) > 1:  # an object made of parts: one object
                wrapper = {k: v for k, v in schema.items() if k != key}
                unwrapped = [self._unwrap(p, bool(p.get("nullable"))) for p in resolved]
                nullable = nullable or any(part_nullable for _, part_nullable in unwrapped)
                return _merged([*(part for part, _ in unwrapped), wrapper]), nullable
            nulls = [part for part in resolved if part.get("type") == "null"]
            rest = [part for part in resolved if part.get("type") != "null"]
            nullable = nullable or bool(nulls)
            enums = [part for part in rest if "enum" in part]
            if len(rest) == 2 and len(enums) == 1:  # anyOf [Enum, {type: string}]: tolerant enum
                rest = enums
            if len(rest) == 1:
                wrapper = {k: v for k, v in schema.items() if k != key}
                inner, nullable = self._unwrap(rest[0], nullable or bool(rest[0].get("nullable")))
                return {**inner, **wrapper}, nullable
        return schema, nullable

    def _values(self, schema: Schema) -> Field | None:
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict) and extra:
            return self.field(extra)
        return None

    def _object(self, schema: Schema) -> ObjectRule | None:
        """The object's rule; None for a free-form object (no fields, other keys allowed)."""
        fields = {name: self.field(sub) for name, sub in schema.get("properties", {}).items()}
        required = schema.get("x-published-required", schema.get("required", []))
        published_nullable = schema.get("x-published-nullable")
        if published_nullable is not None:  # what IonQ documents, over the tolerant schema
            fields = {
                name: dataclasses.replace(rule, nullable=name in published_nullable)
                for name, rule in fields.items()
            }
        for name, values in schema.get("x-published-enum", {}).items():
            if name in fields:  # the tolerant schema says string; IonQ documents these
                fields[name] = dataclasses.replace(fields[name], enum=tuple(values))
        closed = schema.get(
            "x-published-additional-properties", schema.get("additionalProperties", True)
        )
        if not fields and closed is not False:
            return None
        return ObjectRule(fields, frozenset(required or ()), closed is False)


_LISTS = ("required", "x-published-required", "x-published-nullable")


def _merged(parts: list[Schema]) -> Schema:
    """`allOf` parts as one object: properties and the lists of names joined (a part's nullable
    fields are listed by the part or the wrapper); closed if any part is; other keys from the
    later parts."""
    merged: Schema = {}
    published = any("x-published-required" in part for part in parts)
    for part in parts:
        if published and "required" in part and "x-published-required" not in part:
            part = {**part, "x-published-required": part["required"]}  # the part's own say
        lists = {key: [*merged.get(key, []), *part[key]] for key in _LISTS if key in part}
        properties = {**merged.get("properties", {}), **part.get("properties", {})}
        merged = {**merged, **part, **lists}
        if properties:  # an object's parts; an enum wrapped with a description stays an enum
            merged["properties"] = properties
        for key in ("x-published-additional-properties", "additionalProperties"):
            if any(p.get(key) is False for p in parts):
                merged[key] = False
    return merged
