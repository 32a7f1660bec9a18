"""The SQLite database: one table per resource, typed and keyed as the Table Schemas say.

Declared column types, NOT NULL for required fields, CHECK for enums and bounds, PRIMARY KEY
and FOREIGN KEY clauses from the schemas, an index on every foreign-key column that no key
already covers, and each schema's descriptions as SQL comments (`.schema` in sqlite3 shows
them). Tables with a composite key are WITHOUT ROWID (smaller: the key is the table).

Reproducible: rows go in the files' order into an in-memory database, which `VACUUM INTO`
writes out compactly. Same rows and same SQLite library, same bytes.
"""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path
from typing import Any, Iterable

import pyarrow as pa
import pyarrow.compute as pc

from ..dataset import Dataset
from ..descriptor import Package, Resource
from ..schema import Field

SQL_TYPES = {"string": "TEXT", "integer": "INTEGER", "number": "REAL", "boolean": "INTEGER",
             "date": "TEXT", "year": "INTEGER"}
PAGE_SIZE = 4096


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(value: Any) -> str:
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    return repr(value)


def _comment(text: str) -> str:
    return " ".join(text.split())


def _column(field: Field) -> str:
    parts = [quote(field.name), SQL_TYPES[field.type]]
    if field.required:
        parts.append("NOT NULL")
    checks = []
    if field.enum is not None:
        checks.append(f"{quote(field.name)} IN ({', '.join(_literal(v) for v in field.enum)})")
    if field.minimum is not None:
        checks.append(f"{quote(field.name)} >= {_literal(field.minimum)}")
    if field.maximum is not None:
        checks.append(f"{quote(field.name)} <= {_literal(field.maximum)}")
    if checks:
        parts.append(f"CHECK ({' AND '.join(checks)})")
    return " ".join(parts)


def create_table(resource: Resource) -> str:
    """CREATE TABLE for one resource, descriptions kept as comments."""
    schema = resource.schema
    lines = [_column(f) for f in schema.fields]
    comments = [_comment(f"{f.title}: {f.description}") for f in schema.fields]
    if schema.primary_key:
        lines.append(f"PRIMARY KEY ({', '.join(quote(k) for k in schema.primary_key)})")
        comments.append("")
    for fk in schema.foreign_keys:
        target = fk.resource or resource.name
        lines.append(f"FOREIGN KEY ({quote(fk.field)}) REFERENCES {quote(target)} ({quote(fk.target)})")
        comments.append("")
    body = []
    for number, (line, comment) in enumerate(zip(lines, comments)):
        comma = "," if number < len(lines) - 1 else ""
        body.append(f"  {line}{comma}" + (f" -- {comment}" if comment else ""))
    rowid = " WITHOUT ROWID" if len(schema.primary_key) > 1 else ""
    head = f"CREATE TABLE {quote(resource.name)} ( -- {_comment(schema.title + ': ' + schema.description)}"
    return "\n".join([head, *body, f"){rowid}"])


def create_indexes(resource: Resource) -> list[str]:
    """An index for each foreign-key column that is not the first column of the primary key."""
    leading = resource.schema.primary_key[:1]
    out = []
    for fk in resource.schema.foreign_keys:
        if (fk.field,) != leading:
            name = quote(f"{resource.name}_{fk.field}")
            out.append(f"CREATE INDEX {name} ON {quote(resource.name)} ({quote(fk.field)})")
    return out


def schema_sql(package: Package) -> list[str]:
    tables = [create_table(r) for r in package.resources]
    return tables + [sql for r in package.resources for sql in create_indexes(r)]


def _values(column: pa.ChunkedArray, field: Field) -> list[Any]:
    if field.type == "date":
        return pc.cast(column, pa.string()).to_pylist()
    if field.type == "boolean":
        return pc.cast(column, pa.int64()).to_pylist()
    return column.to_pylist()


def _rows(table: pa.Table, resource: Resource) -> Iterable[tuple[Any, ...]]:
    columns = [_values(table.column(f.name), f) for f in resource.schema.fields]
    return zip(*columns)


def build_sqlite(dataset: Dataset) -> bytes:
    """The database file's bytes."""
    package = dataset.package
    connection = sqlite3.connect(":memory:")
    try:
        connection.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        tables, indexes = schema_sql(package)[:len(package.resources)], schema_sql(package)[len(package.resources):]
        for sql in tables:
            connection.execute(sql)
        for resource in package.resources:
            marks = ", ".join("?" for _ in resource.schema.fields)
            connection.executemany(f"INSERT INTO {quote(resource.name)} VALUES ({marks})",
                                   _rows(dataset.table(resource.name), resource))
        for sql in indexes:
            connection.execute(sql)
        connection.commit()
        connection.execute("ANALYZE")
        connection.commit()
        with tempfile.TemporaryDirectory(prefix="rollcall-sqlite-") as folder:
            path = Path(folder) / "roll-call.sqlite"
            connection.execute("VACUUM INTO ?", (str(path),))
            return path.read_bytes()
    finally:
        connection.close()
