"""Gather step 1: load and validate every resource of datasets/ into typed tables.

`load_dataset` never raises for bad data: it returns the tables that could be read and
every problem found, sorted. The build stops on errors before writing anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .cells import typed_columns
from .checks import Tables, run_checks
from .csvtable import RawTable, read_table
from .descriptor import Package, load_package
from .keys import check_foreign_keys, check_primary_key
from .problems import Problems


@dataclass(frozen=True)
class Dataset:
    """The validated data package: descriptor plus one typed Arrow table per resource."""

    package: Package
    tables: dict[str, pa.Table]

    def table(self, name: str) -> pa.Table:
        return self.tables[name]

    def counts(self) -> dict[str, int]:
        return {name: table.num_rows for name, table in self.tables.items()}


def load_dataset(root: Path) -> tuple[Dataset | None, Problems]:
    """Read and validate the package under `root` (the datasets folder)."""
    problems = Problems()
    package = load_package(root, problems)
    if package is None:
        return None, problems
    raw: dict[str, RawTable] = {}
    typed: dict[str, pa.Table] = {}
    for resource in package.resources:
        table = read_table(root, resource, problems)
        if table is None:
            continue
        skip = _blank_rows(table, problems)
        raw[resource.name] = table
        typed[resource.name] = pa.table(typed_columns(table, skip, problems))
    for name, table in raw.items():
        check_primary_key(table, typed[name], problems)
        check_foreign_keys(table, typed[name], typed, problems)
    if not problems.errors:
        # Cross-table checks assume keys hold; after key errors they would only add noise.
        run_checks(Tables(typed, raw), problems)
    complete = len(typed) == len(package.resources) and not problems.errors
    return (Dataset(package, typed) if complete else None), problems


def _blank_rows(table: RawTable, problems: Problems) -> np.ndarray:
    """Rows whose every cell is empty: reported once as blank rows, then skipped."""
    blank = np.ones(table.n_rows, bool)
    for column in table.columns.values():
        blank &= pc.equal(pc.utf8_length(column), 0).to_numpy(zero_copy_only=False)
    for row in np.flatnonzero(blank)[:30]:
        problems.add(table.shown, table.line(int(row)), "-", "blank-row", "blank row; delete it")
    return blank
