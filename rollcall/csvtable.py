"""Read one CSV resource into columns of text, reporting structural faults with line numbers.

The fast path is pyarrow's CSV reader (all columns as text). Anything irregular —
quoted line breaks, ragged rows, unclosed quotes — is located exactly by a second pass
with Python's csv module, which only runs when the fast path cannot vouch for the file.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from .descriptor import Resource, display_path
from .linediff import FileBlocks, count_lines
from .problems import Problems

MAX_CSV_BYTES = 256 * 1024 * 1024
csv.field_size_limit(MAX_CSV_BYTES)


@dataclass
class RawTable:
    """A resource's cells as text columns, with a map from row index to file line."""

    resource: Resource
    shown: str
    columns: dict[str, pa.Array]
    n_rows: int
    _record_lines: np.ndarray | None = field(default=None, repr=False)
    _empty: dict[str, np.ndarray] = field(default_factory=dict, repr=False)
    invisible: list = field(default_factory=list, repr=False)  # checks_text.Invisible cells
    blocks: FileBlocks | None = field(default=None, repr=False)  # of the bytes read, for `serve`
    first_line: int = 2   # the line of row 0 when rows are lines (a part of a file read alone)

    def line(self, row: int) -> int:
        """The 1-based line in the file where data row `row` (0-based) starts."""
        if self._record_lines is None:
            return row + self.first_line
        return int(self._record_lines[row])

    @property
    def one_line_rows(self) -> bool:
        """Every row sits on one line (no quoted line breaks): row i is on line i + first_line."""
        return self._record_lines is None

    def empty(self, name: str) -> np.ndarray:
        """Per row, whether the cell of column `name` is empty (computed once per column)."""
        if name not in self._empty:
            lengths = pc.binary_length(self.columns[name]).to_numpy(zero_copy_only=False)
            self._empty[name] = lengths == 0
        return self._empty[name]


def read_table(root: Path, resource: Resource, problems: Problems, keep_blocks: bool = False) -> RawTable | None:
    """Read a resource's CSV file; None (with problems added) when it cannot be read as a table.
    `keep_blocks`: note the checksums of the bytes read (linediff), to find what a later save edits."""
    shown = display_path(root, resource.path)
    data = _read_bytes(root / resource.path, shown, problems)
    if data is None:
        return None
    table = table_of_bytes(data, resource, shown, problems)
    if table is not None and keep_blocks:
        table.blocks = FileBlocks.of(data)
    return table


def table_of_bytes(data: bytes, resource: Resource, shown: str, problems: Problems) -> RawTable | None:
    """The table of a CSV file's checked bytes (`_read_bytes`)."""
    names = list(resource.schema.names)
    if not _header_matches(_first_line(data), names, shown, problems):
        return None
    columns = _fast_parse(data, names)
    record_lines = None
    if columns is None or not _lines_are_rows(data, len(columns[names[0]]) if columns else 0):
        record_lines = _slow_scan(data.decode("utf-8"), len(names), shown, problems)
        if record_lines is None:
            return None
        if columns is None:  # well-formed, but a record is longer than a parse block (a huge cell)
            columns = _fast_parse(data, names, block_size=len(data) + 1)
        if columns is None:
            problems.add(shown, 1, "-", "row-length", "cannot read this file as CSV; check its quotes and commas")
            return None
    n_rows = len(columns[names[0]])
    return RawTable(resource, shown, columns, n_rows, record_lines)


def _read_bytes(path: Path, shown: str, problems: Problems) -> bytes | None:
    """The file's bytes, once they are known to be UTF-8 text without a byte-order mark."""
    if not path.is_file():
        problems.add(shown, 1, "-", "file-missing", f"file not found: create {shown} or fix the resource path")
        return None
    if path.stat().st_size > MAX_CSV_BYTES:
        problems.add(shown, 1, "-", "file-too-large",
                     f"file is over {MAX_CSV_BYTES // 2**20} MiB; split the resource")
        return None
    data = path.read_bytes()
    if not data or data.isspace():  # as `not data.strip()`, without copying the file
        problems.add(shown, 1, "-", "empty-file", "file is empty; it needs at least the header row")
        return None
    # UTF-16 without a BOM has a NUL in every other byte of ASCII text; one NUL is a typing slip
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or data[:4096].count(b"\x00") * 4 > len(data[:4096]):
        problems.add(shown, 1, "-", "encoding", "file looks like UTF-16; save it as UTF-8 (without BOM)")
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        problems.add(shown, 1, "-", "byte-order-mark",
                     "file starts with a byte-order mark; save it as UTF-8 without BOM")
        return None
    if not data.isascii():  # ASCII is UTF-8; this skips decoding the big files
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            _report_encoding(data, exc, shown, problems)
            return None
    return data if _line_endings_agree(data, shown, problems) else None


def _report_encoding(data: bytes, exc: UnicodeDecodeError, shown: str, problems: Problems) -> None:
    line_start = data.rfind(b"\n", 0, exc.start) + 1
    line = data[: exc.start].count(b"\n") + 1
    column = exc.start - line_start + 1
    problems.add(shown, line, "-", "encoding",
                 f"byte 0x{data[exc.start]:02x} at character {column} is not UTF-8; "
                 "save the file as UTF-8 (e.g. it may be Latin-1)")


def _line_endings_agree(data: bytes, shown: str, problems: Problems) -> bool:
    """Lines end all in LF or all in CRLF: a CR alone (old Mac) or a mix would be republished raw."""
    if b"\r" not in data:
        return True
    if b"\r" in data.replace(b"\r\n", b""):
        before = data[:_first_bare_cr(data)]
        line = before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1
        problems.add(shown, line, "-", "line-endings",
                     "this line ends with a carriage return alone (CR, as old Mac files do); "
                     "save the file with LF (or CRLF) line endings")
        return False
    if b"\n" in data.replace(b"\r\n", b""):
        odd = _first_odd_ending(data)
        kinds = ("CRLF", "LF") if data[odd:odd + 1] == b"\r" else ("LF", "CRLF")
        problems.add(shown, data[:odd].count(b"\n") + 1, "-", "line-endings",
                     f"this line ends with {kinds[0]} but the lines before end with {kinds[1]}; "
                     "save the file with one kind of line ending")
        return False
    return True


def _first_bare_cr(data: bytes) -> int:
    """Offset of the first CR not followed by LF."""
    position = data.find(b"\r")
    while position >= 0 and data[position + 1:position + 2] == b"\n":
        position = data.find(b"\r", position + 1)
    return position


def _first_odd_ending(data: bytes) -> int:
    """Offset of the first LF not preceded by CR, or of the first CRLF when the file starts in LF."""
    first_crlf = data.find(b"\r\n")
    first_lf = data.find(b"\n")
    if first_lf < first_crlf + 1:  # the file starts with LF lines: the first CRLF is the odd one
        return first_crlf
    position = first_lf
    while position >= 0 and data[position - 1:position] == b"\r":
        position = data.find(b"\n", position + 1)
    return position


def _first_line(data: bytes) -> str:
    """`text.splitlines()[0]` of the decoded file, without splitting the whole file."""
    end = data.find(b"\n")
    head = data if end < 0 else data[: end + 1]
    return head.decode("utf-8").splitlines()[0]


def _header_matches(first: str, names: list[str], shown: str, problems: Problems) -> bool:
    header = next(csv.reader([first]), [])
    if header == names:
        return True
    for delimiter, label in ((";", "semicolons"), ("\t", "tabs"), ("|", "vertical bars")):
        if len(header) <= 1 and delimiter in first:
            problems.add(shown, 1, "-", "delimiter",
                         f"the file is separated by {label}; save it as comma-separated CSV")
            return False
    missing = [n for n in names if n not in header]
    extra = [h for h in header if h not in names]
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"missing column(s) {', '.join(missing)}")
        if extra:
            parts.append(f"unknown column(s) {', '.join(repr(e) for e in extra)}")
        message = "; ".join(parts) + f"; the header must be: {','.join(names)}"
    else:
        message = f"columns are out of order; the header must be: {','.join(names)}"
    problems.add(shown, 1, "-", "header", message)
    return False


def _fast_parse(data: bytes, names: list[str], block_size: int = 1 << 24) -> dict[str, pa.Array] | None:
    # One thread: positions.csv is only two 16 MiB blocks, so the reader's threads saved no wall
    # time and cost 40% more CPU. check_utf8 is off: _read_bytes has checked the whole file.
    options = dict(
        read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, block_size=block_size,
                                       use_threads=False),
        parse_options=pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
        convert_options=pacsv.ConvertOptions(
            column_types={n: pa.string() for n in names},
            strings_can_be_null=False, quoted_strings_can_be_null=False, check_utf8=False),
    )
    try:
        table = pacsv.read_csv(pa.BufferReader(data), **options)
    except pa.ArrowInvalid:
        return None
    return {n: table.column(n).combine_chunks() for n in names}


def _lines_are_rows(data: bytes, n_rows: int) -> bool:
    """True when every data row sits on exactly one line, so row i is on line i + 2."""
    lines = count_lines(data) + (0 if data.endswith(b"\n") else 1)
    return lines == n_rows + 1 and (b"\r" not in data or b"\r" not in data.replace(b"\r\n", b""))


def _slow_scan(text: str, width: int, shown: str, problems: Problems) -> np.ndarray | None:
    """Walk the file record by record; return each data record's first line, or None on faults."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    starts: list[int] = []
    ok = True
    previous_end = 0
    try:
        for record in reader:
            start = previous_end + 1
            previous_end = reader.line_num
            if start == 1:
                continue  # header, already checked
            starts.append(start)
            if not record:
                problems.add(shown, start, "-", "blank-row", "blank line; delete it")
                ok = False
            elif len(record) != width:
                problems.add(shown, start, "-", "row-length",
                             f"row has {len(record)} cells but the header has {width}; "
                             "check for a missing or extra comma, or a quote that is not closed")
                ok = False
    except csv.Error as exc:
        start = previous_end + 1
        if "end of data" in str(exc):
            problems.add(shown, start, "-", "unclosed-quote",
                         "a quoted cell starting on this line is never closed; add the closing \"")
        else:
            problems.add(shown, start, "-", "row-length", f"cannot read this row ({exc}); check its quotes")
        return None
    return np.asarray(starts, dtype=np.int64) if ok else None
