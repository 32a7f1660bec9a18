"""A save of positions.csv read as the lines it changed, for `serve`.

At ten times the data positions.csv has 10 million rows; reading and checking all of them
again takes about eight seconds. An edit usually changes a few lines. Here only those lines
are read, the table is patched, and every check that involves positions is run on the votes
those lines held, before or after the edit. Every such check is a check of one vote (its
tally, its members on the day, its keys), and the rest of the data passed all checks before,
so the patched dataset has errors exactly when this subset has. On any error, or anything
this reading cannot vouch for, the caller reads the whole file again, which reports them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .checks import Tables, run_checks
from .checks_limits import run_limit_checks
from .csvtable import MAX_CSV_BYTES, RawTable, table_of_bytes
from .dataset import Dataset, typed_table
from .descriptor import Resource, display_path
from .keys import Encodings, check_foreign_keys, check_primary_key
from .linediff import FileBlocks, count_lines
from .problems import Problems

#: Table chunks a patched column may hold before it is made one again (0.2 s at 10x the data).
MAX_CHUNKS = 16


@dataclass(frozen=True)
class PositionsEdit:
    """The dataset after a save of positions.csv, and what the save touched."""

    dataset: Dataset
    votes: tuple[str, ...]   # ids of the votes whose positions the edited lines held, before or after
    positions: pa.Table      # every position of those votes
    data: bytes = field(repr=False)   # the file saved: its blocks are for the next save to compare with
    lines_read: int = 0

    def has_errors(self) -> bool:
        """Whether the checks that involve positions find an error in the touched votes."""
        ids = pa.array(self.votes, pa.string())
        typed = dict(self.dataset.tables)
        votes = typed["votes"].filter(pc.is_in(typed["votes"].column("id"), value_set=ids))
        raw = {r.name: RawTable(r, r.path, {}, typed[r.name].num_rows)
               for r in self.dataset.package.resources}   # lines are not reported: the full load reports
        problems, encodings = Problems(), Encodings()
        check_primary_key(raw["positions"], self.positions, problems, encodings)
        check_foreign_keys(raw["positions"], self.positions, typed, problems, encodings)
        typed.update(positions=self.positions, votes=votes)
        run_limit_checks(raw, typed, problems)
        run_checks(Tables(typed, raw, encodings), problems)
        return bool(problems.errors)


def read_positions_edit(root: Path, dataset: Dataset, blocks: FileBlocks) -> PositionsEdit | None:
    """The dataset with the lines of positions.csv that changed since `blocks` read again and
    checked; None when the whole file must be read (the caller's full load reports why)."""
    resource = dataset.package.resource("positions")
    data = (root / resource.path).read_bytes()
    edit = blocks.line_edit(data) if len(data) <= MAX_CSV_BYTES else None
    if edit is None:
        return None
    header = data[:data.index(b"\n") + 1]
    region = data[edit.start:edit.new_end]
    if not _plain(header, region):
        return None
    first_row = count_lines(data, 0, edit.start) - 1
    old = dataset.tables["positions"]
    old_end = old.num_rows - count_lines(data, edit.new_end)
    chunk = _read_lines(header + region, resource, display_path(root, resource.path), first_row)
    if chunk is None or old_end < first_row:
        return None
    table = pa.concat_tables([old.slice(0, first_row), chunk, old.slice(old_end)])
    if table.column(0).num_chunks > MAX_CHUNKS:
        table = table.combine_chunks()
    touched = set(old.slice(first_row, old_end - first_row).column("vote_id").to_pylist())
    votes = tuple(sorted(touched | set(chunk.column("vote_id").to_pylist())))
    positions = table.filter(pc.is_in(table.column("vote_id"), value_set=pa.array(votes, pa.string())))
    patched = Dataset(dataset.package, {**dataset.tables, "positions": table})
    return PositionsEdit(patched, votes, positions, data, chunk.num_rows)


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
    if problems.errors or raw.invisible or _has_blank_row(raw):
        return None
    return table


def _has_blank_row(raw: RawTable) -> bool:
    """A row of empty cells; at the end of the lines read it would pass for the file's end."""
    return bool(np.logical_and.reduce([raw.empty(name) for name in raw.columns]).any()) if raw.n_rows else False
