"""A save of positions.csv read as the lines it changed (partread), and checked, for `serve`.

Every check that involves positions is run on the votes the changed lines held, before or
after the edit. Every such check is a check of one vote (its tally, its members on the day,
its keys), and the rest of the data passed all checks before, so the patched dataset has
errors exactly when this subset has. On any error the caller reads the whole file again,
which reports them with their lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from .checks import Tables, run_checks
from .checks_limits import run_limit_checks
from .csvtable import RawTable
from .dataset import Dataset
from .keys import Encodings, check_foreign_keys, check_primary_key
from .linediff import FileBlocks
from .partread import RowsRead, read_changed_rows
from .problems import Problems


@dataclass(frozen=True)
class PositionsEdit:
    """The dataset after a save of positions.csv, and what the save touched."""

    dataset: Dataset
    votes: tuple[str, ...]   # ids of the votes whose positions the edited lines held, before or after
    positions: pa.Table      # every position of those votes
    read: RowsRead

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
    """The dataset with the lines of positions.csv that changed since `blocks` read again;
    None when the whole file must be read (the caller's full load reports why)."""
    old = dataset.tables["positions"]
    read = read_changed_rows(root, dataset.package.resource("positions"), old, blocks)
    if read is None:
        return None
    touched = set(read.old_rows(old).column("vote_id").to_pylist()) | set(read.rows.column("vote_id").to_pylist())
    votes = tuple(sorted(touched))
    table = read.table
    positions = table.filter(pc.is_in(table.column("vote_id"), value_set=pa.array(votes, pa.string())))
    return PositionsEdit(Dataset(dataset.package, {**dataset.tables, "positions": table}), votes, positions, read)
