"""CSV on the Web metadata per table (`<table>.csv-metadata.json`, found by CSVW tools next to
the CSV file), from the Table Schemas: column names, titles, descriptions, datatypes, required,
primary and foreign keys, and the table's licences."""

from __future__ import annotations

from typing import Any

from ..descriptor import Resource
from ..schema import Field
from .json_descriptor import csv_name

CONTEXT = "http://www.w3.org/ns/csvw"
DATATYPES = {"string": "string", "integer": "integer", "year": "gYear", "number": "double",
             "boolean": "boolean", "date": "date"}


def metadata_name(resource_name: str) -> str:
    return f"{csv_name(resource_name)}-metadata.json"


def _datatype(field: Field) -> Any:
    base = DATATYPES[field.type]
    extra: dict[str, Any] = {}
    if field.pattern:
        extra["format"] = field.pattern
    if field.minimum is not None and field.type in ("integer", "number", "year"):
        extra["minimum"] = field.minimum
    if field.maximum is not None and field.type in ("integer", "number", "year"):
        extra["maximum"] = field.maximum
    if field.min_length is not None:
        extra["minLength"] = field.min_length
    if field.max_length is not None:
        extra["maxLength"] = field.max_length
    if field.type == "boolean":
        extra["format"] = "true|false"
    return {"base": base} | extra if extra else base


def _column(field: Field) -> dict[str, Any]:
    column: dict[str, Any] = {"name": field.name, "titles": field.title or field.name}
    if field.description:
        column["dc:description"] = field.description
    column["datatype"] = _datatype(field)
    column["required"] = field.required
    if field.enum is not None:
        column["rdfs:comment"] = "One of: " + ", ".join(field.enum)
    return column


def table_metadata(resource: Resource, licenses: list[dict[str, str]]) -> dict[str, Any]:
    schema = resource.schema
    table: dict[str, Any] = {"@context": CONTEXT, "url": csv_name(resource.name)}
    if schema.title:
        table["dc:title"] = schema.title
    if schema.description:
        table["dc:description"] = schema.description
    if licenses:
        table["dc:license"] = [{"@id": item["path"]} for item in licenses if item.get("path")]
    table_schema: dict[str, Any] = {"columns": [_column(f) for f in schema.fields]}
    if schema.primary_key:
        table_schema["primaryKey"] = list(schema.primary_key)
    if schema.foreign_keys:
        table_schema["foreignKeys"] = [
            {"columnReference": fk.field,
             "reference": {"resource": csv_name(fk.resource or resource.name), "columnReference": fk.target}}
            for fk in schema.foreign_keys]
    table["tableSchema"] = table_schema
    return table
