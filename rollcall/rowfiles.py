"""Rows in and out of CSV files: source files read as dicts, dataset resources rewritten sorted.

The importers and the contributor verbs (new-vote, import-undl) both write through
`write_rows`, so a file a verb changes stays byte-identical to what the importers produce:
sorted by its primary key, in the column order of its Table Schema, with LF endings.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from .descriptor import Resource, load_package
from .problems import Problems
from .schema import TableSchema

Row = dict[str, object]


def read_source(path: Path) -> list[dict[str, str]]:
    """Read a source CSV (UTF-8, any line ending) into dicts."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_rows(path: Path, fields: Sequence[str], rows: Iterable[Mapping[str, object]],
               key: Sequence[str]) -> int:
    """Write rows as RFC 4180 CSV with LF endings, sorted by `key`, cells as text."""
    ordered = sorted(rows, key=lambda r: tuple(_sort_value(r.get(k)) for k in key))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(fields)
    for row in ordered:
        writer.writerow([_cell(row.get(f)) for f in fields])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return len(ordered)








def slug(text: str) -> str:
    """Lower-case ASCII slug: letters and digits joined by single hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _sort_value(value: object) -> tuple[int, object]:
    if value is None or value == "":
        return (0, "")
    if isinstance(value, (int, float)):
        return (1, value)
    text = str(value)
    return (2, tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text)))


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


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
