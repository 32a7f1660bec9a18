"""Parquet files, one per resource, typed from the Table Schemas (via the validated Arrow tables).

Arrow types: string -> string, integer and year -> int64, number -> float64, boolean -> bool,
date -> date32. Required fields are non-nullable; each field carries its title and
description as field metadata, and the file carries the resource's Table Schema as JSON under
the key `frictionless:schema`. Parquet stores no timestamp (created_by names only the writer's
version), so the same rows and the same pyarrow give the same bytes.
"""

from __future__ import annotations

import io

import pyarrow as pa
import pyarrow.parquet as pq

from ..dataset import Dataset
from ..descriptor import Resource
from .json_descriptor import compact, schema_descriptor

COMPRESSION = "zstd"
COMPRESSION_LEVEL = 9


def parquet_name(resource_name: str) -> str:
    return f"{resource_name}.parquet"


def arrow_schema(resource: Resource, types: pa.Schema) -> pa.Schema:
    fields = []
    for field in resource.schema.fields:
        metadata = {"title": field.title, "description": field.description}
        fields.append(pa.field(field.name, types.field(field.name).type, nullable=not field.required,
                               metadata={k: v for k, v in metadata.items() if v}))
    table_meta = {"frictionless:schema": compact(schema_descriptor(resource.schema, profile=True)),
                  "title": resource.schema.title, "description": resource.schema.description}
    return pa.schema(fields, metadata=table_meta)


def parquet_bytes(resource: Resource, table: pa.Table) -> bytes:
    schema = arrow_schema(resource, table.schema)
    typed = pa.Table.from_arrays([table.column(f.name) for f in resource.schema.fields], schema=schema)
    buffer = io.BytesIO()
    pq.write_table(typed, buffer, compression=COMPRESSION, compression_level=COMPRESSION_LEVEL,
                   store_schema=True, write_statistics=True)
    return buffer.getvalue()


def build_parquet(dataset: Dataset) -> dict[str, bytes]:
    """File name -> bytes, one Parquet file per resource."""
    return {parquet_name(r.name): parquet_bytes(r, dataset.table(r.name)) for r in dataset.package.resources}
