"""Text cells: no control characters, no invisible characters, and free text of bounded size.

A NUL or an escape sequence in a note would reach every page and download. In an id (`id`,
`*_id` and foreign keys) an invisible character is never meant: a byte-order mark
pasted before an id makes a different id that prints the same, and every reference to the real
id fails. That mark is the root cause: it is reported once, and the key errors it causes are
folded under it (`fold_invisible`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .cells import MAX_REPORTS_PER_CHECK
from .csvtable import RawTable
from .problems import ERROR, NOTE, Problem, Problems

#: Longest free-text cell (a field without its own maxLength): larger pages are not worth a note.
MAX_TEXT = 20_000
# Tab, line feed and carriage return are text; every other C0 and C1 control is not.
CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x{9f}]"
INVISIBLE = r"[\x{ad}\x{200b}-\x{200f}\x{202a}-\x{202e}\x{2060}-\x{2064}\x{2066}-\x{2069}\x{feff}]"
# The same characters as UTF-8 bytes: one scan of a column's bytes rules most columns out at once.
CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]")
INVISIBLE_BYTES = re.compile(rb"\xc2\xad|\xe2\x80[\x8b-\x8f\xaa-\xae]|\xe2\x81[\xa0-\xa4\xa6-\xa9]|\xef\xbb\xbf")
AS_BYTES = {CONTROL: CONTROL_BYTES, INVISIBLE: INVISIBLE_BYTES}


@dataclass(frozen=True)
class Invisible:
    """A cell with an invisible character: where it is, and what it reads as without it."""

    problem: Problem
    resource: str
    column: str
    clean: str


def check_text(raw: RawTable, skip: np.ndarray, problems: Problems) -> list[Invisible]:
    """Check every text field of `raw`; return the cells with invisible characters."""
    acknowledged = _acknowledged(raw)
    schema = raw.resource.schema
    ids = {f.name for f in schema.fields if f.name == "id" or f.name.endswith("_id")}
    ids |= {fk.field for fk in schema.foreign_keys}
    found: list[Invisible] = []
    for field in raw.resource.schema.fields:
        if field.type != "string":
            continue
        text = raw.columns[field.name]
        _report_controls(raw, field.name, text, skip, acknowledged, problems)
        if field.name in ids:  # free text (and a symbol or a name) may hold a joiner or a mark
            found += _report_invisible(raw, field.name, text, skip, problems)
        if field.max_length is None:
            _report_long(raw, field.name, text, skip, problems)
    return found


def _acknowledged(raw: RawTable) -> list[str] | None:
    """Per row, the codes the row acknowledges (only votes carry them)."""
    if "acknowledged" not in raw.columns:
        return None
    return raw.columns["acknowledged"].to_pylist()


def _rows(text: pa.Array, pattern: str, skip: np.ndarray) -> np.ndarray:
    if not len(text) or not _may_contain(text, AS_BYTES[pattern]):
        return np.zeros(0, np.int64)
    mask = pc.match_substring_regex(text, pattern).to_numpy(zero_copy_only=False)
    return np.flatnonzero(mask & ~skip)


def _may_contain(text: pa.Array, found: re.Pattern[bytes]) -> bool:
    """False when no cell can match: the column's UTF-8 data buffer has none of the bytes."""
    if not isinstance(text, pa.Array) or not pa.types.is_string(text.type) and not pa.types.is_large_string(text.type):
        return True
    data = text.buffers()[2]
    if data is None or not data.size:
        return False
    codes = np.frombuffer(data, np.uint8)
    if codes.min() >= 0x20 and codes.max() < 0x7f:   # printable ASCII only: the common case, at memory speed
        return False
    return found.search(memoryview(data)) is not None


def _report_controls(raw: RawTable, column: str, text: pa.Array, skip: np.ndarray,
                     acknowledged: list[str] | None, problems: Problems) -> None:
    def acknowledges(row: int) -> bool:
        return acknowledged is not None and "control-character" in (acknowledged[row] or "").split()

    rows = _rows(text, CONTROL, skip)
    for count, row in enumerate(rows):
        if count == MAX_REPORTS_PER_CHECK:
            # an error only if a row left unlisted is not acknowledged (10x the acknowledged slips is fine)
            rest = all(acknowledges(int(r)) for r in rows[count:])
            problems.add(raw.shown, raw.line(int(row)), column, "control-character",
                         "and more cells with control characters in this column", NOTE if rest else ERROR)
            break
        value = text[int(row)].as_py()
        position, char = next((i, c) for i, c in enumerate(value, 1) if unicodedata.category(c) == "Cc"
                              and c not in "\t\n\r")
        known = acknowledges(int(row))
        hint = "acknowledged in the vote's notes" if known else "delete it (pages and downloads would carry it)"
        problems.add(raw.shown, raw.line(int(row)), column, "control-character",
                     f"character {position} is the control character U+{ord(char):04X} "
                     f"{unicodedata.name(char, _CONTROL_NAMES.get(char, 'CONTROL'))}; {hint}",
                     NOTE if known else ERROR)


_CONTROL_NAMES = {"\x00": "NULL", "\x08": "BACKSPACE", "\x1b": "ESCAPE", "\x7f": "DELETE"}


def _report_invisible(raw: RawTable, column: str, text: pa.Array, skip: np.ndarray,
                      problems: Problems) -> list[Invisible]:
    found = []
    for count, row in enumerate(_rows(text, INVISIBLE, skip)):
        if count == MAX_REPORTS_PER_CHECK:
            problems.add(raw.shown, raw.line(int(row)), column, "invisible-character",
                         "and more cells with invisible characters in this column")
            break
        value = text[int(row)].as_py()
        clean = "".join(c for c in value if unicodedata.category(c) != "Cf")
        position = next(i for i, c in enumerate(value, 1) if unicodedata.category(c) == "Cf")
        message = (f"'{value}' has an invisible character at character {position}, so it is not "
                   f"'{clean}' though it prints the same; delete the character")
        problems.add(raw.shown, raw.line(int(row)), column, "invisible-character", message)
        found.append(Invisible(problems.last(), raw.resource.name, column, clean))
    return found


def _report_long(raw: RawTable, column: str, text: pa.Array, skip: np.ndarray, problems: Problems) -> None:
    if not len(text):
        return
    lengths = pc.utf8_length(text).to_numpy(zero_copy_only=False)
    for count, row in enumerate(np.flatnonzero((lengths > MAX_TEXT) & ~skip)):
        if count == MAX_REPORTS_PER_CHECK:
            break
        problems.add(raw.shown, raw.line(int(row)), column, "max-length",
                     f"{lengths[row]:,} characters; free text is limited to {MAX_TEXT:,}: shorten it "
                     "and link to the source for the rest")


def fold_invisible(found: list[Invisible], raw: dict[str, RawTable], typed: dict[str, pa.Table],
                   problems: Problems) -> None:
    """Fold under each invisible-character problem the errors it causes: the other checks of
    its own cell, and the references to the id it should have been that therefore fail."""
    for item in found:
        cell = item.problem
        refs = _references(item, raw, typed)
        quoted = f"'{item.clean}'"

        def caused(p: Problem, cell=cell, refs=refs, quoted=quoted) -> bool:
            if (p.path, p.line, p.column) == (cell.path, cell.line, cell.column):
                return p.code != "invisible-character"
            if p.code != "foreign-key" or (p.path, p.column) not in refs:
                return False
            return p.message.startswith(quoted + " ") or refs[(p.path, p.column)][0]

        broken = {where: n for where, (_, n) in refs.items() if n}
        what = (f"{sum(broken.values()):,} reference(s) to {quoted} in "
                f"{', '.join(sorted({path for path, _ in broken}))}" if broken else "other checks of this cell")
        problems.fold(cell, caused, what)


def _references(item: Invisible, raw: dict[str, RawTable],
                typed: dict[str, pa.Table]) -> dict[tuple[str, str], tuple[bool, int]]:
    """(file, column) of every foreign key that points at the cell's column: whether all of that
    column's unknown values are the cell's clean value (then all its errors are folded), and
    how many of its rows name the clean value."""
    refs = {}
    target = typed.get(item.resource)
    for name, table in raw.items():
        for fk in table.resource.schema.foreign_keys:
            if (fk.resource or name) != item.resource or fk.target != item.column or name not in typed:
                continue
            if target is None:
                continue
            column = typed[name].column(fk.field).combine_chunks()
            values = pc.unique(column.drop_null())
            known = target.column(fk.target).combine_chunks().drop_null()
            unknown = pc.filter(values, pc.invert(pc.is_in(values, value_set=known)))
            naming = int(pc.sum(pc.equal(column, item.clean)).as_py() or 0)
            refs[(table.shown, fk.field)] = (set(unknown.to_pylist()) <= {item.clean}, naming)
    return refs
