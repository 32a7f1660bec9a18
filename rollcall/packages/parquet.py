"""Parquet files, one per resource, typed from the Table Schemas (via the validated Arrow tables).

Arrow types: string -> string, integer and year -> int64, number -> float64, boolean -> bool,
date -> date32. Required fields are non-nullable; each field carries its title and
description as field metadata, and the file carries the resource's Table Schema as JSON under
the key `frictionless:schema`. Parquet stores no timestamp (created_by names only the writer's
version), so the same rows and the same pyarrow give the same bytes.

pandas reads Arrow int64 columns with nulls as float64 and dates as Python objects unless the
file's "pandas" metadata says otherwise: we write that metadata (as pandas itself would for
nullable columns), so `pd.read_parquet` gives Int64 for integers and date32[pyarrow] for dates;
polars, DuckDB and R's arrow read the Arrow types themselves (Int64, Date).
"""

from __future__ import annotations

import io
import json

import pyarrow as pa
import pyarrow.parquet as pq

from ..dataset import Dataset
from ..descriptor import Resource
from .json_descriptor import compact, schema_descriptor

COMPRESSION = "zstd"
COMPRESSION_LEVEL = 9


def parquet_name(resource_name: str) -> str:
    return f"{resource_name}.parquet"


PANDAS_TYPES = {"integer": ("int64", "Int64"), "year": ("int64", "Int64"), "number": ("float64", "Float64"),
                "boolean": ("bool", "boolean"), "date": ("date", "date32[day][pyarrow]"),
                "string": ("unicode", "string")}


def pandas_metadata(resource: Resource) -> str:
    """pandas' own metadata key: which pandas dtype each column becomes (nullable dtypes)."""
    columns = [{"name": f.name, "field_name": f.name, "pandas_type": PANDAS_TYPES[f.type][0],
                "numpy_type": PANDAS_TYPES[f.type][1], "metadata": None} for f in resource.schema.fields]
    return json.dumps({"index_columns": [], "column_indexes": [], "columns": columns,
                       "creator": {"library": "rollcall"}, "pandas_version": "2.1.0"}, separators=(",", ":"))


def arrow_schema(resource: Resource, types: pa.Schema) -> pa.Schema:
    fields = []
    for field in resource.schema.fields:
        metadata = {"title": field.title, "description": field.description}
        fields.append(pa.field(field.name, types.field(field.name).type, nullable=not field.required,
                               metadata={k: v for k, v in metadata.items() if v}))
    table_meta = {"frictionless:schema": compact(schema_descriptor(resource.schema, profile=True)),
                  "title": resource.schema.title, "description": resource.schema.description,
                  "pandas": pandas_metadata(resource)}
    return pa.schema(fields, metadata=table_meta)


def write_parquet(resource: Resource, table: pa.Table, target) -> None:
    """One resource's Parquet file into `target` (a path or a binary file): written as it is
    made, not held in memory (the same bytes either way)."""
    schema = arrow_schema(resource, table.schema)
    typed = pa.Table.from_arrays([table.column(f.name) for f in resource.schema.fields], schema=schema)
    pq.write_table(typed, target, compression=COMPRESSION, compression_level=COMPRESSION_LEVEL,
                   store_schema=True, write_statistics=True)


def parquet_bytes(resource: Resource, table: pa.Table) -> bytes:
    buffer = io.BytesIO()
    write_parquet(resource, table, buffer)
    return buffer.getvalue()


def build_parquet(dataset: Dataset) -> dict[str, bytes]:
    """File name -> bytes, one Parquet file per resource."""
    return {parquet_name(r.name): parquet_bytes(r, dataset.table(r.name)) for r in dataset.package.resources}
