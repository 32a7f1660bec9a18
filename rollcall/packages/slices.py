"""Per-vote and per-country slices of the positions: a CSV and a small JSON data package each.

CSV: the header and the very lines of positions.csv for one vote (or one country), in file
order, so every slice row is byte for byte a row of the published resource and the positions
Table Schema applies as it is. JSON: a Data Package v2 descriptor with inline data (the vote
or country row as an object, then its positions as arrays under a header row) whose
resources link to the standalone Table Schemas.

Speed matters (7,180 votes and 201 countries, two files each): the file's lines and the JSON
rows are Arrow arrays over one buffer; one `take` puts each group's rows next to each other,
so every slice is a single slice of bytes (no `take` at all when the file is already grouped
that way, as positions.csv is by vote). Nothing loops over the 915,000 rows in Python.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from json.encoder import encode_basestring, encode_basestring_ascii
from typing import Any, Callable, Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .json_descriptor import PACKAGE_PROFILE, compact

# json.dumps(text, ensure_ascii=False) and json.dumps(text) of one str come down to these two
# functions: same text, without building an encoder per call (~40,000 short strings here).
json_string = encode_basestring
json_ascii_string = encode_basestring_ascii

POSITIONS = "positions"
BATCH_ROWS = 1 << 18   # rows whose JSON is made at a time


@dataclass(frozen=True)
class Rows:
    """One resource's rows: as the file's CSV lines, and the typed table their JSON is made from."""

    header_csv: bytes
    header_json: bytes
    csv: pa.Array      # binary: line i is the bytes of data row i, newline included
    table: pa.Table    # row i as typed values, turned into JSON a batch of groups at a time

    def cut(self, keys: pa.ChunkedArray, wanted: list[str],
            batch_rows: int = BATCH_ROWS) -> Iterator[tuple[str, bytes, bytes]]:
        """(key, CSV bytes, JSON rows text) for each wanted key, rows in file order. The JSON of
        the rows is made for a few groups at a time (the whole table's at once took more than a
        gigabyte at 10x the record)."""
        order, starts = group_order(keys, wanted)
        empty = b"[" + self.header_json + b"]"
        for low, high in group_batches(starts, batch_rows):
            first_row, count = int(starts[low]), int(starts[high] - starts[low])
            if order is None:
                lines, table = self.csv.slice(first_row, count), self.table.slice(first_row, count)
            else:
                rows = order.slice(first_row, count)
                lines, table = self.csv.take(rows), self.table.take(rows)
            csv_data, csv_at = _packed(lines)
            json_data, json_at = _packed(json_rows(table, ","))
            for number in range(low, high):
                first, last = int(starts[number]) - first_row, int(starts[number + 1]) - first_row
                rows_json = json_data[json_at[first]:json_at[last] - 1]   # without the last ","
                yield (wanted[number], self.header_csv + csv_data[csv_at[first]:csv_at[last]],
                       b"".join((b"[", self.header_json, b",", rows_json, b"]")) if first < last else empty)



def group_batches(starts: np.ndarray, batch_rows: int) -> Iterator[tuple[int, int]]:
    """Runs of consecutive groups (low, high) holding up to `batch_rows` rows (a bigger group on its own)."""
    low, groups = 0, len(starts) - 1
    while low < groups:
        high = int(np.searchsorted(starts, starts[low] + batch_rows, side="right")) - 1
        high = min(max(high, low + 1), groups)
        yield low, high
        low = high


def _packed(array: pa.Array) -> tuple[memoryview, np.ndarray]:
    """The values buffer of a binary/string array (not copied), and where each value starts in it."""
    offsets = np.frombuffer(array.buffers()[1], np.int32)[array.offset:array.offset + len(array) + 1]
    values = array.buffers()[2]
    return memoryview(values if values is not None else b""), offsets


def group_order(keys: pa.ChunkedArray, wanted: list[str]) -> tuple[pa.Array | None, np.ndarray]:
    """Row numbers grouped by wanted key (file order within a key), and where each group starts;
    None for the row numbers when that is every row in file order already."""
    found = pc.index_in(keys, value_set=pa.array(wanted, pa.string()))
    position = pc.fill_null(found, -1).to_numpy(zero_copy_only=False)
    counts = np.bincount(position + 1, minlength=len(wanted) + 1)
    starts = np.concatenate(([0], counts[1:].cumsum()))
    if counts[0] == 0 and bool(np.all(position[1:] >= position[:-1])):
        return None, starts
    keep = np.flatnonzero(position >= 0)
    if len(position) < np.iinfo(np.int32).max:
        keep = keep.astype(np.int32)   # half the memory of the 10 million row numbers at 10x
    # Stable, so file order within a key; 16-bit keys sort by radix, several times faster.
    kind = np.int16 if len(wanted) < np.iinfo(np.int16).max else np.int64
    order = keep[np.argsort(position[keep].astype(kind), kind="stable")]
    return pa.array(order), starts


def line_ends(data: bytes, step: int = 1 << 24) -> np.ndarray:
    """Where each line ends (just past its newline), and the end of a last line without one;
    scanned a slice at a time (a whole-file comparison array is as big as the file)."""
    view = np.frombuffer(data, np.uint8)
    parts = [np.flatnonzero(view[at:at + step] == 0x0A) + (at + 1) for at in range(0, len(view), step)]
    ends = np.concatenate(parts) if parts else np.zeros(0, np.int64)
    if not data.endswith(b"\n"):
        ends = np.append(ends, len(data))
    return ends


def resource_rows(data: bytes, table: pa.Table) -> Rows:
    """The rows of `table` (read from the CSV `data`) ready for cutting into slices."""
    ends = line_ends(data)
    if len(ends) != table.num_rows + 1:   # quoted line breaks: lines are not rows
        data, ends = _reserialised(data)
    header, body = data[:ends[0]], memoryview(data)[ends[0]:]
    offsets = np.concatenate(([0], ends[1:] - ends[0])).astype(np.int32)
    lines = pa.Array.from_buffers(pa.binary(), table.num_rows, [None, pa.py_buffer(offsets), pa.py_buffer(body)])
    return Rows(bytes(header), compact(table.column_names).encode("utf-8"), lines, table)


def _reserialised(data: bytes) -> tuple[bytes, np.ndarray]:
    """The file written back one record per line-run, for files with line breaks inside cells."""
    out, ends = io.BytesIO(), []
    for record in csv.reader(io.StringIO(data.decode("utf-8"), newline="")):
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerow(record)
        out.write(buffer.getvalue().encode("utf-8"))
        ends.append(out.tell())
    return out.getvalue(), np.array(ends, np.int64)


def json_cells(column: pa.ChunkedArray) -> pa.Array:
    """Each cell as JSON text; strings are encoded once per distinct value."""
    kind = column.type
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        encoded = column.combine_chunks().dictionary_encode()
        names = [json_string(v) for v in encoded.dictionary.to_pylist()]
        return pa.array(names + ["null"], pa.string()).take(pc.fill_null(encoded.indices, len(names)))
    if pa.types.is_date(kind):
        text = pc.binary_join_element_wise('"', pc.cast(column, pa.string()), '"', "")
    elif pa.types.is_boolean(kind):
        text = pc.if_else(column, "true", "false")
    else:
        text = pc.cast(column, pa.string())
    return pc.fill_null(text, "null")


def json_rows(table: pa.Table, end: str = "") -> pa.Array:
    """Each row as a JSON array (followed by `end`), joined by Arrow, not row by row."""
    cells = [json_cells(table.column(name)) for name in table.column_names]
    inner = pc.binary_join_element_wise(*cells, ",")
    return pc.binary_join_element_wise("[", inner, "]" + end, "")


def json_objects(table: pa.Table) -> list[str]:
    """Each row as a JSON object (dates as YYYY-MM-DD, empty cells as null), built by Arrow."""
    parts: list[Any] = []
    for number, name in enumerate(table.column_names):
        parts += [("{" if number == 0 else ",") + json.dumps(name) + ":", json_cells(table.column(name))]
    parts.append("}")
    return pc.binary_join_element_wise(*parts, "").to_pylist()


@dataclass(frozen=True)
class SliceMeta:
    """What every slice descriptor says about itself: version, licence, where schemas live."""

    version: str
    licenses: list[dict[str, Any]]     # the default terms of a slice (a vote's slice: its own)
    schema_url: Callable[[str], str]   # resource name -> absolute URL of its Table Schema
    package_url: str                   # the full package this is a slice of


class SliceTemplate:
    """The JSON data package of one kind of slice, as bytes with holes, filled per slice.

    Resources: the vote (or country) row as an object, then its positions as arrays under a
    header row. Filling holes is much faster than json.dumps of a fresh dict per slice.
    """

    HOLES = ("name", "title", "homepage", "licenses", "row", "positions")

    def __init__(self, meta: SliceMeta, resource: str) -> None:
        token = {hole: f"@@{hole}@@" for hole in self.HOLES}
        descriptor = {
            "$schema": PACKAGE_PROFILE, "name": token["name"], "title": token["title"],
            "version": meta.version, "homepage": token["homepage"], "licenses": token["licenses"],
            "sources": [{"title": "Roll Call data package", "path": meta.package_url}],
            "resources": [
                {"name": resource, "type": "table", "schema": meta.schema_url(resource), "data": [token["row"]]},
                {"name": POSITIONS, "type": "table", "schema": meta.schema_url(POSITIONS),
                 "data": token["positions"]},
            ],
        }
        text = compact(descriptor)
        self.licenses = compact(meta.licenses).encode("utf-8")
        self.parts: list[bytes] = []
        for hole in self.HOLES:
            before, found, text = text.partition(json.dumps(token[hole]))
            if not found:
                raise ValueError(f"slice template lost its {hole}")
            self.parts.append(before.encode("utf-8"))
        self.parts.append((text + "\n").encode("utf-8"))

    def fill(self, name: str, title: str, homepage: str, row_json: str, positions_json: bytes,
             licenses_json: bytes | None = None) -> bytes:
        """`licenses_json`: this slice's terms (a vote's own), else the template's."""
        values = (json_ascii_string(name).encode(), json_string(title).encode("utf-8"),
                  json_ascii_string(homepage).encode(), licenses_json or self.licenses,
                  row_json.encode("utf-8"), positions_json)
        out = [self.parts[0]]
        for value, part in zip(values, self.parts[1:]):
            out += [value, part]
        return b"".join(out)
