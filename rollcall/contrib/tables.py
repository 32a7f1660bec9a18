"""Read and rewrite one dataset resource, in the column order and sort order of its Table Schema.

The contributor verbs (new-vote, import-undl) change a few rows of a large file; they
read it whole and write it back through `write_rows` so the file stays byte-identical
to what the importers produce, sorted by its primary key, and diffs stay small.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from ..descriptor import Resource, load_package
from ..importers.common import read_source, write_rows
from ..problems import Problems
from ..schema import TableSchema


@dataclass(frozen=True)
class Table:
    """One resource of a datasets folder: where it lives and its schema."""

    datasets: Path
    resource: Resource

    @property
    def path(self) -> Path:
        return self.datasets / self.resource.path

    @property
    def schema(self) -> TableSchema:
        return self.resource.schema

    @property
    def shown(self) -> str:
        """The file as messages name it, e.g. datasets/votes.csv."""
        return f"{self.datasets.name}/{self.resource.path}"

    def read(self) -> list[dict[str, str]]:
        return read_source(self.path)

    def write(self, rows: Iterable[Mapping[str, object]]) -> int:
        key = self.schema.primary_key or self.schema.names[:1]
        return write_rows(self.path, self.schema.names, rows, key)


def open_tables(datasets: Path) -> dict[str, Table]:
    """Every resource of the package under `datasets`; SystemExit if the descriptor is broken."""
    problems = Problems()
    package = load_package(datasets, problems)
    if package is None or problems.errors:
        raise SystemExit("\n".join(p.format() for p in problems.sorted()) or f"cannot read {datasets}")
    return {r.name: Table(datasets, r) for r in package.resources}


def blank_to_none(row: Mapping[str, object]) -> dict[str, object]:
    """CSV gives '' for a missing value; rows built in code use None. Compare them alike."""
    return {k: (None if v == "" else v) for k, v in row.items()}
