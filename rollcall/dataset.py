"""Gather step 1: load and validate every resource of datasets/ into typed tables.

`load_dataset` never raises for bad data: it returns the tables that could be read and
every problem found, sorted. The build stops on errors before writing anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa

from .cells import typed_columns
from .checks import Tables, run_checks
from .checks_limits import run_limit_checks
from .checks_text import check_text, fold_invisible
from .csvtable import RawTable, read_table
from .descriptor import Package, Resource, load_package
from .keys import Encodings, check_foreign_keys, check_primary_key
from .problems import Problems


@dataclass(frozen=True)
class Dataset:
    """The validated data package: descriptor plus one typed Arrow table per resource."""

    package: Package
    tables: dict[str, pa.Table]

    def table(self, name: str) -> pa.Table:
        return self.tables[name]

    def counts(self) -> dict[str, int]:
        return {name: table.num_rows for name, table in self.tables.items()}


class ResourceCache:
    """Per-resource reading results kept between loads (for `serve`): a file whose size,
    modification time and schema are unchanged is not read again."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[tuple, RawTable | None, pa.Table | None, Problems]] = {}
        self._package: tuple[tuple, Package | None, Problems] | None = None

    def package(self, root: Path, problems: Problems) -> Package | None:
        """The descriptor and schemas, parsed again only when a YAML file under `root` changed."""
        key = tuple((str(p), s.st_mtime_ns, s.st_size) for p in sorted(root.rglob("*.yaml")) for s in [p.stat()])
        if self._package is None or self._package[0] != key:
            own = Problems()
            self._package = (key, load_package(root, own), own)
        problems.extend(self._package[2])
        return self._package[1]

    def load(self, root: Path, resource: Resource) -> tuple[RawTable | None, pa.Table | None, Problems]:
        path = root / resource.path
        try:
            stat = path.stat()
            key = (str(path), stat.st_mtime_ns, stat.st_size, resource.schema)
        except OSError:
            key = None
        if key is not None and resource.name in self._entries and self._entries[resource.name][0] == key:
            _, raw, typed, problems = self._entries[resource.name]
            return raw, typed, problems
        raw, typed, problems = _read_resource(root, resource, keep_blocks=True)
        if key is not None:
            self._entries[resource.name] = (key, raw, typed, problems)
        return raw, typed, problems

    def raw(self, name: str) -> RawTable | None:
        """The text of the resource as last read (with its blocks), if it is kept."""
        return self._entries[name][1] if name in self._entries else None

    def forget(self, name: str) -> None:
        """The file changed in a way the cache did not see read (serve patched the table)."""
        self._entries.pop(name, None)


def load_dataset(root: Path, cache: ResourceCache | None = None) -> tuple[Dataset | None, Problems]:
    """Read and validate the package under `root` (the datasets folder)."""
    problems = Problems()
    package = cache.package(root, problems) if cache else load_package(root, problems)
    if package is None:
        return None, problems
    raw: dict[str, RawTable] = {}
    typed: dict[str, pa.Table] = {}
    for resource in package.resources:
        table, typed_table, own = cache.load(root, resource) if cache else _read_resource(root, resource)
        problems.extend(own)
        if table is None or typed_table is None:
            continue
        raw[resource.name] = table
        typed[resource.name] = typed_table
    encodings = Encodings()
    for name, table in raw.items():
        check_primary_key(table, typed[name], problems, encodings)
        check_foreign_keys(table, typed[name], typed, problems, encodings)
    fold_invisible([cell for table in raw.values() for cell in table.invisible], raw, typed, problems)
    run_limit_checks(raw, typed, problems)
    if not problems.errors:
        # Cross-table checks assume keys hold; after key errors they would only add noise.
        run_checks(Tables(typed, raw, encodings), problems)
    complete = len(typed) == len(package.resources) and not problems.errors
    return (Dataset(package, typed) if complete else None), problems


def _read_resource(root: Path, resource: Resource,
                   keep_blocks: bool = False) -> tuple[RawTable | None, pa.Table | None, Problems]:
    problems = Problems()
    table = read_table(root, resource, problems, keep_blocks)
    if table is None:
        return None, None, problems
    return table, typed_table(table, problems), problems


def typed_table(table: RawTable, problems: Problems) -> pa.Table:
    """The checked, typed columns of a read table (blank rows reported and left empty); the
    cells with invisible characters are noted on `table`."""
    skip = _blank_rows(table, problems)
    table.invisible = check_text(table, skip, problems)
    return pa.table(typed_columns(table, skip, problems))


def _blank_rows(table: RawTable, problems: Problems) -> np.ndarray:
    """Rows whose every cell is empty: reported once as blank rows, then skipped."""
    blank = np.ones(table.n_rows, bool)
    for name in table.columns:
        blank &= table.empty(name)
    rows = np.flatnonzero(blank)
    trailing = 0
    while trailing < len(rows) and rows[len(rows) - 1 - trailing] == table.n_rows - 1 - trailing:
        trailing += 1
    for row in rows[:len(rows) - trailing][:30]:
        problems.add(table.shown, table.line(int(row)), "-", "blank-row", "blank row; delete it")
    if trailing:
        first = table.line(int(rows[len(rows) - trailing]))
        problems.add(table.shown, first, "-", "blank-row",
                     f"{trailing} blank line(s) at the end of the file, from this line on; delete them")
    return blank
