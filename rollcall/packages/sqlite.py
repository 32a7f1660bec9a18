"""The SQLite database: one table per resource, typed and keyed as the Table Schemas say.

Declared column types, NOT NULL for required fields, PRIMARY KEY and FOREIGN KEY clauses
from the schemas, an index on every foreign-key column that no key
already covers, and each schema's descriptions as SQL comments (`.schema` in sqlite3 shows
them, with each enum's allowed values). Tables with a composite key are WITHOUT ROWID
(smaller: the key is the table). Enums and bounds are not CHECK constraints: they doubled the
insert time of the 915,000 positions, and the data is validated before it gets here.

Reproducible: rows go in a fixed order (key order for WITHOUT ROWID tables, file order for
the others) into a scratch database, which `VACUUM INTO` writes out compactly. Same rows
and same SQLite library, same bytes. (Writing straight to the published file, journal off, was
no faster and made the file 7% larger.) The scratch database is a file, not `:memory:`: at 10x
the record it is about half a gigabyte, which in memory counted against the build's peak; the
file gives the same bytes for the same CPU time (1.13 s against 1.09 s at 1x).

Speed: Python's sqlite3 costs about 0.5 µs per executed statement on top of its bound values,
more than SQLite's own insert, so rows go in many to a statement (`VALUES (...), (...), ...`, up
to 999 values each). Binding text costs too: 3.66 million str cells took about 0.7 s of CPU,
SQLite's own insert of those rows 0.3 s. So each column's distinct values go once into a
temporary dictionary table (no declared type, so values and storage types stay as bound), and
each row goes in as its columns' numbers in those dictionaries, packed into one integer (or as
few as fit in 63 bits): `INSERT INTO t SELECT c0.v, c1.v, ... FROM (VALUES (?), ...) AS t CROSS
JOIN dictionary AS c0 ... WHERE c0.rowid = 1 + t.column1 % n0 AND ...`, unpacked and looked up
in C. For the 915,652 positions that is one bound integer a row instead of four strings:
write_sqlite went from 1.39 s to 1.08 s of CPU (median of 3; the positions insert 0.84 -> 0.56
s; CREATE INDEX 0.25 s, ANALYZE 0.09 s and VACUUM INTO 0.14 s unchanged), and the file is byte
for byte the same. (Tried and slower: one SQL text with literal values, json_each over a JSON
array, fixed-width digits in one bound blob cut up with substr; PRAGMAs temp_store = MEMORY and
a larger cache_size made CREATE INDEX slower; indexes before the inserts, slower still.)
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any, Callable, Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..dataset import Dataset
from ..descriptor import Resource
from ..schema import Field

SQL_TYPES = {"string": "TEXT", "integer": "INTEGER", "number": "REAL", "boolean": "INTEGER",
             "date": "TEXT", "year": "INTEGER"}
PAGE_SIZE = 4096
MAX_VALUES = 999   # bound values per INSERT statement (SQLite's smallest default limit)


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _comment(text: str) -> str:
    return " ".join(text.split())


def _column(field: Field) -> str:
    return f"{quote(field.name)} {SQL_TYPES[field.type]}" + (" NOT NULL" if field.required else "")


def _field_comment(field: Field) -> str:
    allowed = f" (one of: {', '.join(field.enum)})" if field.enum is not None else ""
    return _comment(f"{field.title}: {field.description}{allowed}")


def create_table(resource: Resource) -> str:
    """CREATE TABLE for one resource, descriptions kept as comments."""
    schema = resource.schema
    lines = [_column(f) for f in schema.fields]
    comments = [_field_comment(f) for f in schema.fields]
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


def _stored(column: pa.ChunkedArray, field: Field) -> pa.ChunkedArray:
    """The column as the values SQLite gets: dates as text, booleans as integers."""
    if field.type == "date":
        return pc.cast(column, pa.string())
    if field.type == "boolean":
        return pc.cast(column, pa.int64())
    return column


def _dictionary(column: pa.ChunkedArray, field: Field) -> tuple[list[Any], pa.Array]:
    """The column's distinct values as Python values for SQLite (None last, for empty cells),
    and as an Arrow array (without the None) to look rows up in."""
    distinct = pc.drop_null(pc.unique(_stored(column, field)))
    return distinct.to_pylist() + [None], distinct


def _codes(column: pa.ChunkedArray, field: Field, distinct: pa.Array) -> np.ndarray:
    """Each row's number in the column's dictionary (len(distinct) for an empty cell)."""
    found = pc.index_in(_stored(column, field), value_set=distinct)
    return pc.fill_null(found, len(distinct)).to_numpy(zero_copy_only=False).astype(np.int64)


def _key_order(table: pa.Table, key: tuple[str, ...]) -> np.ndarray:
    """Row numbers in primary-key order, as Arrow's stable sort gives them. String keys sort by
    their dictionaries' ranks, one integer per row: nearly twice as fast as sorting the strings,
    same order (strings compare as UTF-8 bytes both ways; ties keep file order)."""
    columns = [table.column(name) for name in key]
    if all(pa.types.is_string(c.type) and c.null_count == 0 for c in columns):
        combined, span = np.zeros(table.num_rows, np.int64), 1
        for column in columns:
            encoded = column.combine_chunks().dictionary_encode()
            size = len(encoded.dictionary)
            span *= max(size, 1)
            if span >= 2 ** 62:
                break
            rank = np.empty(size, np.int64)
            rank[pc.sort_indices(encoded.dictionary).to_numpy()] = np.arange(size)
            combined = combined * size + rank[encoded.indices.to_numpy()]
        else:
            return np.argsort(combined, kind="stable")
    return pc.sort_indices(table, sort_keys=[(name, "ascending") for name in key]).to_numpy()


def _execute_rows(connection: sqlite3.Connection, sql: Callable[[str], str], values: list[Any],
                  width: int) -> None:
    """Run sql(rows) over `values`, `width` to a row and up to MAX_VALUES to a statement; rows is
    "(?, ...), (?, ...), ..." for as many rows as that statement takes."""
    row = "(" + ", ".join("?" for _ in range(width)) + ")"
    step = max(1, MAX_VALUES // width) * width
    whole = len(values) // step * step
    if whole:
        connection.executemany(sql(", ".join([row] * (step // width))),
                               (values[at:at + step] for at in range(0, whole, step)))
    if whole < len(values):
        connection.execute(sql(", ".join([row] * ((len(values) - whole) // width))), values[whole:])


PACK_LIMIT = 2 ** 63   # row numbers packed into one SQLite integer stay below this
BATCH_ROWS = 1 << 16   # rows converted to Python integers at a time (10x the record: 10 million rows)
CHUNK_ROWS = 1 << 20   # rows whose key order is checked at a time
MAX_RUNS = 1 << 20     # pieces of rows already in key order that are put in order without sorting


def _ranks(column: pa.ChunkedArray) -> tuple[pa.Array, np.ndarray]:
    """A string column's distinct values and the rank of each in byte order."""
    distinct = pc.unique(column)
    rank = np.empty(len(distinct), np.int64)
    rank[pc.sort_indices(distinct).to_numpy()] = np.arange(len(distinct))
    return distinct, rank


def _sorted_runs(table: pa.Table, key: tuple[str, ...]) -> list[tuple[int, int]] | None:
    """Row ranges that, one after the other, are the rows in key order (as _key_order), found
    CHUNK_ROWS rows at a time without sorting the rows: the table cut where the key's first
    column changes or the key does not grow, the pieces put in order by their first keys. For
    a table grouped by its first key column, each group in key order (positions.csv: a vote's
    rows, countries sorted). None when the pieces overlap or there are more than MAX_RUNS of
    them (then _key_order sorts the rows)."""
    columns = [table.column(name) for name in key]
    if not all(pa.types.is_string(c.type) and c.null_count == 0 for c in columns):
        return None
    ranked, span = [], 1
    for column in columns:
        distinct, rank = _ranks(column)
        span *= max(len(distinct), 1)
        if span >= 2 ** 62:
            return None
        ranked.append((column, distinct, rank))
    starts, firsts, lasts = [], [], []   # of each piece: where it starts, its first and last key
    count, previous = 0, (-1, -1)   # pieces so far; the last row's key and first column
    for at in range(0, table.num_rows, CHUNK_ROWS):
        combined, lead = np.zeros(min(CHUNK_ROWS, table.num_rows - at), np.int64), None
        for column, distinct, rank in ranked:
            found = pc.index_in(column.slice(at, CHUNK_ROWS), value_set=distinct).to_numpy(zero_copy_only=False)
            combined = combined * len(distinct) + rank[found]
            lead = combined.copy() if lead is None else lead
        cut = np.empty(len(combined), bool)
        cut[0] = at == 0 or combined[0] <= previous[0] or lead[0] != previous[1]
        cut[1:] = (combined[1:] <= combined[:-1]) | (lead[1:] != lead[:-1])
        here = np.flatnonzero(cut)
        ends = here[1:] - 1 if at == 0 else here - 1   # the rows before each cut but the table's first
        lasts.append(np.where(ends >= 0, combined[np.maximum(ends, 0)], previous[0]))
        starts.append(here + at)
        firsts.append(combined[here])
        count += len(here)
        if count > MAX_RUNS:
            return None
        previous = (int(combined[-1]), int(lead[-1]))
    lasts.append(np.array([previous[0]]))
    first, last, start = np.concatenate(firsts), np.concatenate(lasts), np.concatenate(starts)
    order = np.argsort(first, kind="stable")
    if np.any(last[order][:-1] >= first[order][1:]):
        return None
    end = np.append(start[1:], table.num_rows)
    return list(zip(start[order].tolist(), end[order].tolist()))


def _batches(table: pa.Table, key: tuple[str, ...]) -> Iterator[slice | np.ndarray]:
    """The table's rows in insert order (key order for a composite key, else file order),
    BATCH_ROWS at a time: a slice, or row numbers."""
    runs = _sorted_runs(table, key) if len(key) > 1 else [(0, table.num_rows)]
    if runs is None:
        order = _key_order(table, key)
        for start in range(0, table.num_rows, BATCH_ROWS):
            yield order[start:start + BATCH_ROWS]
        return
    pieces: list[tuple[int, int]] = []
    filled = 0
    for start, end in runs:
        while start < end:
            step = min(end - start, BATCH_ROWS - filled)
            pieces.append((start, start + step))
            filled, start = filled + step, start + step
            if filled == BATCH_ROWS:
                yield _rows(pieces)
                pieces, filled = [], 0
    if pieces:
        yield _rows(pieces)


def _rows(pieces: list[tuple[int, int]]) -> slice | np.ndarray:
    if len(pieces) == 1:
        return slice(*pieces[0])
    return np.concatenate([np.arange(start, end) for start, end in pieces])


def _insert(connection: sqlite3.Connection, resource: Resource, table: pa.Table) -> None:
    """The table's rows, in order. Each column's distinct values go once into a temporary
    dictionary table; each row, as its columns' numbers in their dictionaries packed into as few
    integers as fit in 63 bits, is unpacked and looked up by one INSERT ... SELECT. Rows are
    numbered, packed and bound BATCH_ROWS at a time: nothing the size of the table is made
    (at 10x the record the whole table's numbers took ~0.4 GB)."""
    if table.num_rows == 0:
        return
    fields = resource.schema.fields
    names, lookups, distincts, place = [], [], [], []   # place: (which integer, multiplier) of each column
    size, packs = PACK_LIMIT, 0
    try:
        for number, field in enumerate(fields):
            values, distinct = _dictionary(table.column(field.name), field)
            distincts.append(distinct)
            if size * len(values) >= PACK_LIMIT:   # start another integer
                packs, size = packs + 1, 1
            place.append((packs - 1, size))
            name = f'temp."rollcall dictionary {number}"'   # Frictionless names have no spaces
            connection.execute(f"CREATE TABLE {name} (v)")   # no type: values kept as they are
            names.append(name)
            # into an empty table, so rowids count up from 1
            _execute_rows(connection, lambda rows: f"INSERT INTO {name} (v) VALUES {rows}", values, 1)
            packed = f"t.column{packs}" + (f" / {size}" if size > 1 else "")
            lookups.append(f"c{number}.rowid = 1 + {packed} % {len(values)}")
            size *= len(values)
        select = ", ".join(f"c{number}.v" for number in range(len(names)))
        joins = "".join(f" CROSS JOIN {name} AS c{number}" for number, name in enumerate(names))
        # CROSS JOIN keeps the VALUES rows the outer loop: rows go in in their order
        sql = (lambda rows: f"INSERT INTO {quote(resource.name)} SELECT {select} "
               f"FROM (VALUES {rows}) AS t{joins} WHERE {' AND '.join(lookups)}")
        # WITHOUT ROWID: appending in key order is twice as fast as random inserts
        for rows in _batches(table, tuple(resource.schema.primary_key)):
            part = table.slice(rows.start, rows.stop - rows.start) if isinstance(rows, slice) \
                else table.take(pa.array(rows))
            packed_rows = np.zeros((part.num_rows, packs), np.int64)
            for field, distinct, (which, multiplier) in zip(fields, distincts, place):
                packed_rows[:, which] += _codes(part.column(field.name), field, distinct) * multiplier
            _execute_rows(connection, sql, packed_rows.ravel().tolist(), packs)
    finally:
        for name in names:
            connection.execute(f"DROP TABLE {name}")


def write_sqlite(dataset: Dataset, path: Path) -> None:
    """Build the database in a scratch file beside `path` and write it compactly to `path`
    (which must not exist). A scratch file, not memory: at 10x the record the database is
    ~0.5 GB, which in memory would count against the build; `VACUUM INTO` writes the same bytes
    from either."""
    package = dataset.package
    scratch = path.with_name(f".{path.name}.building")
    scratch.unlink(missing_ok=True)
    connection = sqlite3.connect(scratch)
    try:
        connection.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        connection.execute("PRAGMA journal_mode = OFF")   # a scratch file: nothing to roll back to
        connection.execute("PRAGMA synchronous = OFF")
        for resource in package.resources:
            connection.execute(create_table(resource))
        for resource in package.resources:
            _insert(connection, resource, dataset.table(resource.name))
        for resource in package.resources:
            for sql in create_indexes(resource):
                connection.execute(sql)
        connection.commit()
        connection.execute("ANALYZE")
        connection.commit()
        connection.execute("VACUUM INTO ?", (str(path),))
    finally:
        connection.close()
        scratch.unlink(missing_ok=True)
