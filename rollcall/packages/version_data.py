"""A frozen release's files (datapackage.json + CSVs, from its zip) read back as typed tables,
so its Parquet, SQLite and slices are built the same way as the latest data's."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Mapping

import numpy as np
import pyarrow as pa

from ..cells import typed_columns
from ..csvtable import read_table
from ..dataset import Dataset
from ..descriptor import Package, Resource
from ..problems import Problems
from ..schema import SchemaError, parse_schema
from .json_descriptor import DESCRIPTOR_NAME


def version_dataset(files: Mapping[str, bytes]) -> Dataset | None:
    """The release's tables, typed by its own schemas; None if any cannot be read (then its
    derived files are not published, and the build says nothing breaks: the zip still is)."""
    descriptor = json.loads(files[DESCRIPTOR_NAME])
    metadata = {k: v for k, v in descriptor.items() if k != "resources"}
    with tempfile.TemporaryDirectory(prefix="rollcall-release-") as folder:
        root = Path(folder)
        resources, tables = [], {}
        for item in descriptor.get("resources", []):
            path = str(item.get("path", ""))
            if path not in files:
                return None
            try:
                # the descriptor keeps title and description on the resource, beside its schema
                schema = parse_schema({k: item[k] for k in ("title", "description") if k in item}
                                      | dict(item.get("schema") or {}))
            except SchemaError:
                return None
            (root / path).write_bytes(files[path])
            resource = Resource(str(item["name"]), path, "", schema)
            problems = Problems()
            raw = read_table(root, resource, problems)
            if raw is None or problems.errors:
                return None
            typed = pa.table(typed_columns(raw, np.zeros(raw.n_rows, bool), problems))
            if problems.errors:
                return None
            resources.append(resource)
            tables[resource.name] = typed
    return Dataset(Package(root, metadata, tuple(resources)), tables)

