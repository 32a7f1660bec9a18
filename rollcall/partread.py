"""A save of a big CSV resource read as the lines it changed, for `serve`.

At ten times the data positions.csv has 10 million rows and votes.csv 78,000 of 30 columns:
reading either whole again takes seconds, and an edit usually changes a few lines. With the
block checksums of the file the table was read from (linediff), only the changed lines are
read and checked cell by cell, and the table is patched. The checks across rows and tables
are the caller's: it knows which of them the edit can touch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from .csvtable import MAX_CSV_BYTES, table_of_bytes
from .dataset import typed_table
from .descriptor import Resource, display_path
from .linediff import FileBlocks, count_lines
from .problems import Problems

#: Table chunks a patched column may hold before it is made one again (0.2 s at 10x the data).
MAX_CHUNKS = 16


@dataclass
class RowsRead:
    """The table after a save: rows [first_row, old_end) of the old table became `rows`."""

    table: pa.Table
    rows: pa.Table
    first_row: int
    old_end: int
    data: bytes = field(repr=False)   # the file saved: its blocks are for the next save to compare with

    def take_blocks(self) -> FileBlocks:
        """The blocks of the file saved, which is then let go (230 MB at ten times the data)."""
        blocks, self.data = FileBlocks.of(self.data), b""
        return blocks

    def old_rows(self, old: pa.Table) -> pa.Table:
        return old.slice(self.first_row, self.old_end - self.first_row)


def read_changed_rows(root: Path, resource: Resource, old: pa.Table, blocks: FileBlocks) -> RowsRead | None:
    """The lines of the resource's file that changed since `blocks` were taken, read and
    checked cell by cell, and `old` (the table of that file) patched with them. None when the
    whole file must be read: the file is the same, its header or last line changed, a row
    spans lines, or a cell has an error (the full read reports it)."""
    data = (root / resource.path).read_bytes()
    edit = blocks.line_edit(data) if len(data) <= MAX_CSV_BYTES else None
    if edit is None:
        return None
    header = data[:data.index(b"\n") + 1]
    region = data[edit.start:edit.new_end]
    if not _plain(header, region):
        return None
    first_row = count_lines(data, 0, edit.start) - 1
    old_end = old.num_rows - count_lines(data, edit.new_end)
    rows = _read_lines(header + region, resource, display_path(root, resource.path), first_row)
    if rows is None or old_end < first_row:
        return None
    table = pa.concat_tables([old.slice(0, first_row), rows, old.slice(old_end)])
    if table.column(0).num_chunks > MAX_CHUNKS:
        table = table.combine_chunks()
    return RowsRead(table, rows, first_row, old_end, data)


def _plain(header: bytes, region: bytes) -> bool:
    """Lines this reading can vouch for: LF endings, no blank line, UTF-8 without NUL."""
    if b"\r" in header or b"\r" in region or b"\n\n" in region or region.startswith(b"\n") or b"\0" in region:
        return False
    try:
        region.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _read_lines(data: bytes, resource: Resource, shown: str, first_row: int) -> pa.Table | None:
    """The typed rows of a header and whole lines, each line one row, all cells valid."""
    problems = Problems()
    raw = table_of_bytes(data, resource, shown, problems)
    if raw is None or problems.errors or not raw.one_line_rows:
        return None   # a quoted line break, a ragged row...
    raw.first_line = first_row + 2
    table = typed_table(raw, problems)
    if problems.errors or raw.invisible:   # a row of empty cells, even the last, is an error too
        return None
    return table
