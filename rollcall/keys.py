"""Primary-key and foreign-key checks across tables, vectorised with pyarrow."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .cells import MAX_REPORTS_PER_CHECK
from .csvtable import RawTable
from .problems import Problems

#: A key whose codes span more values than this (relative to its rows) is checked by sorting.
_DIRECT_SPAN_PER_ROW = 8


@dataclass(frozen=True)
class Encoded:
    """A column as integer codes: row i holds values[codes[i]], or is missing where codes[i] is -1.

    Non-string columns are encoded by their text form, as the primary-key check compares them.
    """

    values: pa.Array
    codes: np.ndarray  # int32

    def index_in(self, value_set: pa.Array | pa.ChunkedArray) -> np.ndarray:
        """Per row, the index of its value in `value_set` (as pc.index_in); -1 if absent or missing."""
        found = pc.fill_null(pc.index_in(self.values, value_set=value_set), -1)
        lookup = np.append(found.to_numpy(zero_copy_only=False).astype(np.int64), -1)
        return lookup[self.codes]  # a missing cell's code -1 picks the appended -1


class Encodings:
    """Columns dictionary-encoded once per load and shared by the key and cross-table checks,
    so the big columns of positions are hashed once instead of once per check."""

    def __init__(self) -> None:
        self._cache: dict[tuple[int, str], tuple[pa.Table, Encoded]] = {}

    def of(self, table: pa.Table, name: str) -> Encoded:
        key = (id(table), name)
        if key not in self._cache:  # the table is kept with its entry, so its id is not reused
            self._cache[key] = (table, _encode(table.column(name)))
        return self._cache[key][1]


def check_primary_key(raw: RawTable, table: pa.Table, problems: Problems,
                      encodings: Encodings | None = None) -> None:
    """Report every row whose primary key repeats an earlier row's."""
    names = raw.resource.schema.primary_key
    if not names:
        return
    codes, span = _key_codes(table, names, encodings or Encodings())
    if _all_distinct(codes, span):
        return
    unique, first = np.unique(codes, return_index=True)
    if len(unique) == len(codes):
        return
    codes = np.searchsorted(unique, codes)
    repeated = np.ones(len(codes), bool)
    repeated[first] = False
    # a row without any key value (a blank line) is reported as blank or required, not as a repeat
    keyless = np.logical_and.reduce([pc.is_null(table.column(n)).to_numpy(zero_copy_only=False) for n in names])
    for count, row in enumerate(np.flatnonzero(repeated & ~keyless)):
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
                       problems: Problems, encodings: Encodings | None = None) -> None:
    """Report every cell that names a row missing from the referenced resource."""
    for fk in raw.resource.schema.foreign_keys:
        target_name = fk.resource or raw.resource.name
        target = tables.get(target_name)
        if target is None:
            continue  # the referenced resource failed to load; that is reported already
        values = table.column(fk.field)
        known = pc.unique(target.column(fk.target).drop_null())
        rows = _unknown_rows(table, fk.field, known, encodings or Encodings())
        for count, row in enumerate(rows):
            if count == MAX_REPORTS_PER_CHECK:
                problems.add(raw.shown, raw.line(int(row)), fk.field, "foreign-key",
                             f"and {len(rows) - count} more unknown values in this column")
                break
            problems.add(raw.shown, raw.line(int(row)), fk.field, "foreign-key",
                         f"'{values[int(row)].as_py()}' is not an {fk.target} in {target_name}; "
                         f"use an existing {fk.target} or add the row to {target_name} first")


def _unknown_rows(table: pa.Table, name: str, known: pa.Array, encodings: Encodings) -> np.ndarray:
    """Rows whose value in column `name` is present but not one of `known`."""
    values = table.column(name)
    if values.type == pa.string() and known.type == pa.string():
        encoded = encodings.of(table, name)  # each distinct value is looked up once, not every cell
        return np.flatnonzero((encoded.index_in(known) < 0) & (encoded.codes >= 0))
    missing = pc.and_(pc.is_valid(values), pc.invert(pc.is_in(values, value_set=known)))
    return np.flatnonzero(pc.fill_null(missing, False).to_numpy(zero_copy_only=False))


def _key_codes(table: pa.Table, names: tuple[str, ...], encodings: Encodings) -> tuple[np.ndarray, int]:
    """One integer per row, equal for rows with equal keys (each column dictionary-encoded),
    and the number of possible codes (the codes wrap around when that exceeds int64)."""
    combined: np.ndarray | None = None
    span = 1
    for name in names:
        encoded = encodings.of(table, name)
        digits = encoded.codes + 1  # 0 for a missing cell
        combined = digits.astype(np.int64) if combined is None else combined * (len(encoded.values) + 1) + digits
        span *= len(encoded.values) + 1
    return combined, span


def _all_distinct(codes: np.ndarray, span: int) -> bool:
    """True when no code repeats; False may also mean the span is too wide to tell directly."""
    if span > _DIRECT_SPAN_PER_ROW * len(codes) + (1 << 20):
        return False
    seen = np.zeros(span, bool)
    seen[codes] = True
    return int(np.count_nonzero(seen)) == len(codes)


def _encode(column: pa.ChunkedArray | pa.Array) -> Encoded:
    column = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    encoded = pc.dictionary_encode(pc.cast(column, pa.string()) if column.type != pa.string() else column)
    indices = encoded.indices if encoded.indices.null_count == 0 else pc.fill_null(encoded.indices, -1)
    return Encoded(encoded.dictionary, indices.to_numpy(zero_copy_only=False))
