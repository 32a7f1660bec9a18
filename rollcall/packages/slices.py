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
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass
from json.encoder import encode_basestring, encode_basestring_ascii
from pathlib import Path
from typing import Any, BinaryIO, Callable, Iterator

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


CHUNK_BYTES = 1 << 22   # bytes of a CSV file read at a time
CHUNK_ROWS = 1 << 18    # rows regrouped at a time (at 10x the record, 40 reads a batch of groups)


class LineReader:
    """The lines of a binary file, read a chunk at a time and handed out `count` at a time."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle, self.buffer, self.ends, self.done = handle, bytearray(), np.zeros(0, np.int64), False

    def take(self, count: int) -> tuple[bytes, np.ndarray]:
        """The next `count` lines (fewer at the end of the file) as one bytes, and where each
        line starts in it (count + 1 offsets: the last is the end)."""
        while len(self.ends) < count and not self.done:
            part, base = self.handle.read(CHUNK_BYTES), len(self.buffer)
            if not part:   # a last line without its newline ends with the file
                self.done = True
                if base and (len(self.ends) == 0 or self.ends[-1] != base):
                    self.ends = np.append(self.ends, base)
                break
            self.buffer += part
            self.ends = np.concatenate((self.ends, np.flatnonzero(np.frombuffer(part, np.uint8) == 0x0A) + (base + 1)))
        count = min(count, len(self.ends))
        cut = int(self.ends[count - 1]) if count else 0
        with memoryview(self.buffer) as view:
            data = bytes(view[:cut])   # one copy
        offsets = np.concatenate(([0], self.ends[:count]))
        del self.buffer[:cut]
        self.ends = self.ends[count:] - cut
        return data, offsets


def _open(source: bytes | Path) -> BinaryIO:
    return io.BytesIO(source) if isinstance(source, (bytes, bytearray)) else open(source, "rb")


def _line_count(source: bytes | Path) -> int:
    """Lines in the file, counting a last one without its newline."""
    count, last = 0, b"\n"
    with _open(source) as handle:
        while part := handle.read(CHUNK_BYTES):
            count, last = count + part.count(b"\n"), part[-1:]
    return count + (last != b"\n")


@dataclass(frozen=True)
class Rows:
    """One resource's rows: its CSV file (bytes, or a file read a chunk at a time, so the file is
    never held whole), and the typed table their JSON is made from."""

    header_csv: bytes
    header_json: bytes
    source: bytes | Path   # the CSV file, one record a line
    table: pa.Table        # row i as typed values, turned into JSON a batch of groups at a time
    scratch: str | None = None   # the folder of the scratch file (None: the system's temporary folder)

    def cut(self, keys: pa.ChunkedArray, wanted: list[str],
            batch_rows: int = BATCH_ROWS) -> Iterator[tuple[str, bytes, bytes]]:
        """(key, CSV bytes, JSON rows text) for each wanted key, rows in file order. Made for a few
        groups at a time: the lines of a file grouped by key (positions.csv by vote) are read
        in order; otherwise they are first copied, grouped, into a scratch file."""
        position, starts = group_positions(keys, wanted)
        empty = b"[" + self.header_json + b"]"
        grouped = bool(starts[-1] == len(position)) and bool(np.all(position[1:] >= position[:-1]))
        with ExitStack() as stack:
            if grouped:
                order, lines = None, _FileOrder(stack.enter_context(_open(self.source)))
            else:
                order = grouped_rows(position, starts)
                lines = _Regrouped(self.source, position, len(wanted), stack.enter_context(tempfile.TemporaryFile(dir=self.scratch)))
            del position
            for low, high in group_batches(starts, batch_rows):
                first_row, count = int(starts[low]), int(starts[high] - starts[low])
                table = (self.table.slice(first_row, count) if order is None
                         else self.table.take(pa.array(order[first_row:first_row + count])))
                json_data, json_at = _packed(json_rows(table, ","))
                groups = lines.groups(low, high, starts)
                for number in range(low, high):
                    first, last = int(starts[number]) - first_row, int(starts[number + 1]) - first_row
                    rows_json = json_data[json_at[first]:json_at[last] - 1]   # without the last ","
                    yield (wanted[number], self.header_csv + next(groups),
                           b"".join((b"[", self.header_json, b",", rows_json, b"]")) if first < last else empty)


class _FileOrder:
    """The lines of groups that follow each other in the file, read in order."""

    def __init__(self, handle: BinaryIO) -> None:
        self.reader = LineReader(handle)
        self.reader.take(1)   # the header

    def groups(self, low: int, high: int, starts: np.ndarray) -> Iterator[bytes]:
        data, at = self.reader.take(int(starts[high] - starts[low]))
        view, bounds = memoryview(data), at[starts[low:high + 1] - starts[low]]
        for number in range(high - low):
            yield view[bounds[number]:bounds[number + 1]]


class _Regrouped:
    """The lines of the wanted groups copied into a scratch file, CHUNK_ROWS rows at a time: each
    chunk's lines grouped (file order within a group), so a run of groups is one read per chunk."""

    def __init__(self, source: bytes | Path, position: np.ndarray, groups: int, scratch: BinaryIO) -> None:
        self.scratch, self.chunks = scratch, []   # (where the chunk starts, where each group starts in it)
        with _open(source) as handle:
            reader, first = LineReader(handle), 0
            reader.take(1)   # the header
            while first < len(position):
                data, at = reader.take(CHUNK_ROWS)
                mine = position[first:first + len(at) - 1]
                first += len(mine)
                local = np.argsort(mine, kind="stable")
                kept = local[np.searchsorted(mine[local], 0):]   # unwanted rows (-1) sort first
                lines = pa.Array.from_buffers(pa.binary(), len(mine), [None, pa.py_buffer(at.astype(np.int32)),
                                                                       pa.py_buffer(data)])
                grouped, grouped_at = _packed(lines.take(pa.array(kept)))
                bounds = grouped_at[np.searchsorted(mine[kept], np.arange(groups + 1))].astype(np.int64)
                self.chunks.append((scratch.tell(), bounds - bounds[0]))
                scratch.write(grouped[bounds[0]:bounds[-1]])

    def groups(self, low: int, high: int, starts: np.ndarray) -> Iterator[bytes]:
        parts = []
        for base, bounds in self.chunks:
            self.scratch.seek(base + int(bounds[low]))
            parts.append((memoryview(self.scratch.read(int(bounds[high] - bounds[low]))), bounds - bounds[low]))
        for number in range(low, high):
            yield b"".join(view[bounds[number]:bounds[number + 1]] for view, bounds in parts)


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


def group_positions(keys: pa.ChunkedArray, wanted: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Each row's number in `wanted` (-1: not wanted), in the smallest integer type that holds
    them (worked out CHUNK_ROWS rows at a time), and where each group starts in the grouped rows."""
    kind = np.int16 if len(wanted) < np.iinfo(np.int16).max else np.int32
    value_set = pa.array(wanted, pa.string())
    position = np.empty(len(keys), kind)
    counts = np.zeros(len(wanted) + 1, np.int64)   # rows of no wanted key, then of each key
    for at in range(0, len(keys), CHUNK_ROWS):
        found = pc.index_in(keys.slice(at, CHUNK_ROWS), value_set=value_set)
        mine = pc.fill_null(found, -1).to_numpy(zero_copy_only=False)
        position[at:at + len(mine)] = mine
        counts += np.bincount(mine + 1, minlength=len(wanted) + 1)
    return position, np.concatenate(([0], counts[1:].cumsum()))


def grouped_rows(position: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Row numbers grouped by position (file order within a group; unwanted rows left out), a
    counting sort CHUNK_ROWS rows at a time (32-bit numbers: half the memory at 10x the record)."""
    kind = np.int32 if len(position) < np.iinfo(np.int32).max else np.int64
    order = np.empty(int(starts[-1]), kind)
    filled = starts[:-1].astype(np.int64)   # the next free place of each group
    for at in range(0, len(position), CHUNK_ROWS):
        mine = position[at:at + CHUNK_ROWS]
        local = np.argsort(mine, kind="stable")   # 16-bit positions sort by radix
        local = local[np.searchsorted(mine[local], 0):]
        groups = mine[local].astype(np.int64)
        first = np.searchsorted(groups, groups)   # where each row's group starts among these
        order[filled[groups] + np.arange(len(groups)) - first] = local + at
        filled += np.bincount(groups, minlength=len(filled))
    return order


def record_lines(data: bytes | Path, rows: int) -> bytes | Path:
    """The CSV file `data` (of `rows` records), or, if line breaks inside cells make lines not
    records, the file written back one record per line."""
    return data if _line_count(data) == rows + 1 else _reserialised(data)


def kept_lines(data: bytes | Path, keep: np.ndarray, target: BinaryIO) -> None:
    """The header and the lines of the records where `keep`, in file order, into `target`."""
    with _open(record_lines(data, len(keep))) as handle:
        reader, first = LineReader(handle), 0
        target.write(reader.take(1)[0])
        while first < len(keep):
            data_chunk, at = reader.take(CHUNK_ROWS)
            mine = keep[first:first + len(at) - 1]
            first += len(mine)
            lines = pa.Array.from_buffers(pa.binary(), len(mine), [None, pa.py_buffer(at.astype(np.int32)),
                                                                   pa.py_buffer(data_chunk)])
            values, offsets = _packed(lines.filter(pa.array(mine, pa.bool_())))
            target.write(values[offsets[0]:offsets[-1]])


def resource_rows(data: bytes | Path, table: pa.Table, scratch: str | None = None) -> Rows:
    """The rows of `table` (read from the CSV `data`, bytes or a file) ready for cutting into
    slices; `scratch`: where a scratch file goes (as big as the file), if one is needed."""
    data = record_lines(data, table.num_rows)
    with _open(data) as handle:
        header, _ = LineReader(handle).take(1)
    return Rows(header, compact(table.column_names).encode("utf-8"), data, table, scratch)


def _reserialised(data: bytes | Path) -> bytes:
    """The file written back one record per line, for files with line breaks inside cells."""
    out = io.BytesIO()
    with _open(data) as handle:
        for record in csv.reader(io.TextIOWrapper(handle, "utf-8", newline="")):
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\n").writerow(record)
            out.write(buffer.getvalue().encode("utf-8"))
    return out.getvalue()


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
