"""datapackage.json (Data Package v2) and standalone Table Schemas, from datasets/ metadata.

The Table Schemas are written once, in datasets/schemas/*.yaml; this module only turns the
parsed schemas into JSON, so the descriptor, the dictionary pages and the SQLite/Parquet
types all say the same thing.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Mapping, NamedTuple

from ..descriptor import Package
from ..schema import Field, TableSchema

PACKAGE_PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
RESOURCE_PROFILE = "https://datapackage.org/profiles/2.0/dataresource.json"
SCHEMA_PROFILE = "https://datapackage.org/profiles/2.0/tableschema.json"
DIALECT_PROFILE = "https://datapackage.org/profiles/2.0/tabledialect.json"
DESCRIPTOR_NAME = "datapackage.json"
# Stated, not left to sniffing: a reader that guesses the delimiter from the first lines can
# guess wrong (Frictionless took ';' for statements.csv, whose notes are full of them).
CSV_DIALECT = {"$schema": DIALECT_PROFILE, "header": True, "delimiter": ",", "quoteChar": '"',
               "doubleQuote": True}
LEADING_KEYS = ("name", "title", "description", "version", "homepage", "licenses", "sources", "contributors")


def csv_name(resource_name: str) -> str:
    """The published file name of a resource: one flat folder, one CSV per resource."""
    return f"{resource_name}.csv"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Digest(NamedTuple):
    """A file's size and SHA-256, for one that is not held in memory."""

    bytes: int
    sha256: str


def digest(data: bytes | Digest) -> Digest:
    return data if isinstance(data, Digest) else Digest(len(data), sha256(data))


def field_descriptor(field: Field) -> dict[str, Any]:
    out: dict[str, Any] = {"name": field.name, "type": field.type}
    if field.title:
        out["title"] = field.title
    if field.description:
        out["description"] = field.description
    if field.example is not None:
        out["example"] = field.example
    constraints = field_constraints(field)
    if constraints:
        out["constraints"] = constraints
    return out


def field_constraints(field: Field) -> dict[str, Any]:
    """The field's constraints in Table Schema spelling, in a fixed order."""
    pairs = (("required", field.required or None), ("unique", field.unique or None),
             ("enum", list(field.enum) if field.enum is not None else None), ("pattern", field.pattern),
             ("minimum", field.minimum), ("maximum", field.maximum),
             ("minLength", field.min_length), ("maxLength", field.max_length))
    return {key: value for key, value in pairs if value is not None}


def schema_descriptor(schema: TableSchema, *, profile: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {"$schema": SCHEMA_PROFILE} if profile else {}
    out["fields"] = [field_descriptor(f) for f in schema.fields]
    if schema.primary_key:
        out["primaryKey"] = list(schema.primary_key)
    if schema.foreign_keys:
        # v2: a reference without "resource" points at the same resource.
        out["foreignKeys"] = [
            {"fields": [fk.field],
             "reference": ({"resource": fk.resource} if fk.resource else {}) | {"fields": [fk.target]}}
            for fk in schema.foreign_keys]
    return out


def resource_descriptor(package: Package, name: str, data: bytes | Digest, rows: int,
                        licenses: list[dict[str, str]] | None = None) -> dict[str, Any]:
    resource = package.resource(name)
    out: dict[str, Any] = {"name": name, "type": "table", "path": csv_name(name),
                           "format": "csv", "mediatype": "text/csv", "encoding": "utf-8"}
    if resource.schema.title:
        out["title"] = resource.schema.title
    if resource.schema.description:
        out["description"] = resource.schema.description
    if licenses:
        out["licenses"] = licenses
    size, checksum = digest(data)
    out |= {"bytes": size, "hash": f"sha256:{checksum}", "rows": rows,
            "dialect": dict(CSV_DIALECT), "schema": schema_descriptor(resource.schema, profile=True)}
    return out


def package_metadata(metadata: Mapping[str, Any], version: str) -> dict[str, Any]:
    """Package-level properties in v2 form, in a stable order (contributor `role` becomes `roles`)."""
    meta = dict(metadata) | {"version": version}
    out: dict[str, Any] = {"$schema": PACKAGE_PROFILE}
    for key in LEADING_KEYS + tuple(sorted(k for k in meta if k not in LEADING_KEYS)):
        if key in meta and key != "$schema":
            out[key] = _contributors(meta[key]) if key == "contributors" else meta[key]
    return out


def package_descriptor(package: Package, files: Mapping[str, bytes | Digest], rows: Mapping[str, int],
                       version: str | None = None,
                       licenses: Mapping[str, list[dict[str, str]]] | None = None) -> dict[str, Any]:
    """The descriptor of the published package; `files` maps resource name to its CSV bytes (or their Digest),
    `licenses` resource name to the terms its rows carry."""
    out = package_metadata(package.metadata, version or package.version)
    out["resources"] = [resource_descriptor(package, r.name, files[r.name], rows[r.name],
                                            (licenses or {}).get(r.name))
                        for r in package.resources]
    return out


def dumps(descriptor: Mapping[str, Any]) -> bytes:
    """JSON bytes in one fixed form: two-space indent, UTF-8, a final newline."""
    return (json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def compact(descriptor: Any) -> str:
    """JSON text in the smallest fixed form, for the many small slice files."""
    return json.dumps(descriptor, ensure_ascii=False, separators=(",", ":"))


def _contributors(value: Any) -> Any:
    if not isinstance(value, list):
        return value
    out = []
    for item in value:
        if isinstance(item, dict) and "role" in item and "roles" not in item:
            item = {k: v for k, v in item.items() if k != "role"} | {"roles": [item["role"]]}
        out.append(item)
    return out
