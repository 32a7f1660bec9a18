"""Primary-key and foreign-key checks across tables, vectorised with pyarrow."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .cells import MAX_REPORTS_PER_CHECK
from .csvtable import RawTable
from .problems import Problems


def check_primary_key(raw: RawTable, table: pa.Table, problems: Problems) -> None:
    """Report every row whose primary key repeats an earlier row's."""
    names = raw.resource.schema.primary_key
    if not names:
        return
    codes = _key_codes(table, names)
    unique, first = np.unique(codes, return_index=True)
    if len(unique) == len(codes):
        return
    codes = np.searchsorted(unique, codes)
    repeated = np.ones(len(codes), bool)
    repeated[first] = False
    for count, row in enumerate(np.flatnonzero(repeated)):
        if count == MAX_REPORTS_PER_CHECK:
            problems.add(raw.shown, raw.line(int(row)), ",".join(names), "primary-key",
                         "and more repeated keys")
            break
        original = int(first[codes[row]])
        value = ", ".join(str(table.column(n)[int(row)].as_py()) for n in names)
        problems.add(raw.shown, raw.line(int(row)), ",".join(names), "primary-key",
                     f"'{value}' is already used on line {raw.line(original)}; "
                     "remove the duplicate row or give it its own key")


def check_foreign_keys(raw: RawTable, table: pa.Table, tables: dict[str, pa.Table],
                       problems: Problems) -> None:
    """Report every cell that names a row missing from the referenced resource."""
    for fk in raw.resource.schema.foreign_keys:
        target_name = fk.resource or raw.resource.name
        target = tables.get(target_name)
        if target is None:
            continue  # the referenced resource failed to load; that is reported already
        values = table.column(fk.field)
        known = pc.unique(target.column(fk.target).drop_null())
        missing = pc.and_(pc.is_valid(values), pc.invert(pc.is_in(values, value_set=known)))
        rows = np.flatnonzero(pc.fill_null(missing, False).to_numpy(zero_copy_only=False))
        for count, row in enumerate(rows):
            if count == MAX_REPORTS_PER_CHECK:
                problems.add(raw.shown, raw.line(int(row)), fk.field, "foreign-key",
                             f"and {len(rows) - count} more unknown values in this column")
                break
            problems.add(raw.shown, raw.line(int(row)), fk.field, "foreign-key",
                         f"'{values[int(row)].as_py()}' is not an {fk.target} in {target_name}; "
                         f"use an existing {fk.target} or add the row to {target_name} first")


def _key_codes(table: pa.Table, names: tuple[str, ...]) -> np.ndarray:
    """One integer per row, equal for rows with equal keys (each column dictionary-encoded)."""
    combined = np.zeros(table.num_rows, np.int64)
    for name in names:
        column = table.column(name)
        column = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
        encoded = pc.dictionary_encode(pc.cast(column, pa.string()) if column.type != pa.string() else column)
        indices = pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False).astype(np.int64) + 1
        combined = combined * (len(encoded.dictionary) + 1) + indices
    return combined
