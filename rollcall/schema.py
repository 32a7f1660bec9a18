"""Table Schemas (Frictionless) as small immutable objects the validator and docs read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SUPPORTED_TYPES = frozenset({"string", "integer", "number", "boolean", "date", "year"})
SUPPORTED_CONSTRAINTS = frozenset(
    {"required", "unique", "enum", "pattern", "minimum", "maximum", "minLength", "maxLength"})


@dataclass(frozen=True)
class Field:
    """One column of a table: its type, constraints and documentation."""

    name: str
    type: str
    title: str
    description: str
    example: Any
    required: bool = False
    unique: bool = False
    enum: tuple[str, ...] | None = None
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    min_length: int | None = None
    max_length: int | None = None


@dataclass(frozen=True)
class ForeignKey:
    """A column whose values must exist in a column of another (or the same) resource."""

    field: str
    resource: str  # "" means this resource
    target: str


@dataclass(frozen=True)
class TableSchema:
    """A resource's Table Schema."""

    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


class SchemaError(ValueError):
    """A Table Schema descriptor is malformed; the message says what to fix."""


def parse_schema(raw: Any) -> TableSchema:
    """Turn a Table Schema descriptor (already parsed from YAML/JSON) into a TableSchema."""
    if not isinstance(raw, dict) or not isinstance(raw.get("fields"), list):
        raise SchemaError("a Table Schema needs a 'fields' list")
    fields = tuple(_parse_field(item) for item in raw["fields"])
    names = [f.name for f in fields]
    primary_key = tuple(_as_list(raw.get("primaryKey", [])))
    for name in primary_key:
        if name not in names:
            raise SchemaError(f"primaryKey names unknown field '{name}'")
    return TableSchema(
        title=str(raw.get("title", "")),
        description=str(raw.get("description", "")).strip(),
        fields=fields,
        primary_key=primary_key,
        foreign_keys=tuple(_parse_foreign_key(fk, names) for fk in raw.get("foreignKeys", [])),
    )


def _parse_field(raw: Any) -> Field:
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
        raise SchemaError("every field needs a 'name'")
    name, kind = raw["name"], raw.get("type", "string")
    if kind not in SUPPORTED_TYPES:
        raise SchemaError(f"field '{name}': type '{kind}' is not one of {sorted(SUPPORTED_TYPES)}")
    constraints = raw.get("constraints", {}) or {}
    unknown = set(constraints) - SUPPORTED_CONSTRAINTS
    if unknown:
        raise SchemaError(f"field '{name}': unsupported constraint(s) {sorted(unknown)}")
    enum = constraints.get("enum")
    return Field(
        name=name, type=kind,
        title=str(raw.get("title", "")), description=str(raw.get("description", "")).strip(),
        example=raw.get("example"),
        required=bool(constraints.get("required", False)),
        unique=bool(constraints.get("unique", False)),
        enum=tuple(str(v) for v in enum) if enum is not None else None,
        pattern=constraints.get("pattern"),
        minimum=constraints.get("minimum"), maximum=constraints.get("maximum"),
        min_length=constraints.get("minLength"), max_length=constraints.get("maxLength"),
    )


def _parse_foreign_key(raw: Any, names: list[str]) -> ForeignKey:
    try:
        (field,) = _as_list(raw["fields"])
        reference = raw["reference"]
        (target,) = _as_list(reference["fields"])
        resource = str(reference.get("resource", ""))
    except (KeyError, TypeError, ValueError):
        raise SchemaError("foreignKeys entries need one field and a reference {resource, fields}")
    if field not in names:
        raise SchemaError(f"foreign key names unknown field '{field}'")
    return ForeignKey(field=field, resource=resource, target=target)


def _as_list(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else list(value)
