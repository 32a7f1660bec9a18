"""Dataset problems: collected, never raised, printed as `path:line: column: message`.

Every problem has a stable kebab-case code so tests, docs and contributors can refer to it.
A problem is an error unless the data itself acknowledges it (a vote's `acknowledged`
column or `tally_note`), in which case it is a note that pages show and the build accepts.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

ERROR = "error"
NOTE = "note"

#: Stable codes and what each means; `rollcall.docs` renders this table for contributors.
CODES: dict[str, str] = {
    "file-missing": "A file named in the descriptor does not exist.",
    "file-outside": "A descriptor path points outside datasets/.",
    "file-too-large": "A file is larger than the build accepts.",
    "encoding": "The file is not UTF-8 text.",
    "byte-order-mark": "The file starts with a byte-order mark.",
    "line-endings": "Lines end in a lone carriage return (CR), or the file mixes LF and CRLF.",
    "delimiter": "The file is not comma-separated.",
    "empty-file": "The file has no header row.",
    "header": "The header row does not match the Table Schema.",
    "blank-row": "A row is empty.",
    "row-length": "A row has more or fewer cells than the header.",
    "unclosed-quote": "A quoted cell is never closed.",
    "yaml-syntax": "A YAML file cannot be parsed.",
    "yaml-unsafe": "A YAML file uses aliases or tags the loader refuses.",
    "yaml-duplicate-key": "A YAML mapping names the same key twice; YAML would silently keep only the last.",
    "duplicate-resource": "The descriptor lists one resource name or file twice.",
    "homepage": "The descriptor's homepage is not an http(s) URL.",
    "descriptor": "The data package descriptor is malformed.",
    "schema": "A Table Schema is malformed.",
    "required": "A required cell is empty.",
    "type": "A cell is not of the field's type.",
    "enum": "A cell is not one of the allowed values.",
    "pattern": "A cell does not match the field's pattern.",
    "minimum": "A number is below the field's minimum.",
    "maximum": "A number is above the field's maximum.",
    "max-length": "A cell is longer than the field allows.",
    "primary-key": "Two rows have the same primary key.",
    "foreign-key": "A cell refers to a row that does not exist.",
    "tally-mismatch": "Named positions do not add up to the official tally.",
    "position-non-member": "A country has a position on a vote of a body it was not a member of that day.",
    "missing-member-position": "A member of the body has no position on a vote said to be complete.",
    "membership-overlap": "Two terms of one country on one body overlap.",
    "end-before-start": "A period ends before it starts.",
    "source-missing": "A row has no source URL.",
    "content-name": "A content page's file name cannot be a URL.",
    "release-hash": "A frozen release archive in releases/ no longer matches the checksum recorded for it.",
}


def printable(text: str) -> str:
    """`text` with every control, format or separator character other than a space shown as
    \\uXXXX, so that contributor text can neither start a new line (a forged `::error`
    workflow command) nor drive the terminal (ESC sequences), nor hide in invisible characters."""
    return "".join(c if c == " " or unicodedata.category(c)[0] not in "CZ" else f"\\u{ord(c):04x}" for c in text)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in the data, located to file, line and column."""

    path: str
    line: int
    column: str
    code: str
    message: str
    severity: str = field(default=ERROR, compare=False)

    def format(self) -> str:
        tag = "" if self.severity == ERROR else " (acknowledged)"
        return printable(f"{self.path}:{self.line}: {self.column}: {self.message} [{self.code}]{tag}")


class Problems:
    """An append-only collection of problems, sorted by file and line when read."""

    def __init__(self) -> None:
        self._items: list[Problem] = []

    def add(self, path: str, line: int, column: str, code: str, message: str,
            severity: str = ERROR) -> None:
        assert code in CODES, code
        self._items.append(Problem(path, line, column, code, message, severity))

    def extend(self, other: "Problems") -> None:
        self._items.extend(other._items)

    def sorted(self) -> list[Problem]:
        return sorted(set(self._items))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.sorted() if p.severity == ERROR]

    @property
    def notes(self) -> list[Problem]:
        return [p for p in self.sorted() if p.severity == NOTE]

    def __len__(self) -> int:
        return len(self._items)


class DatasetError(Exception):
    """Raised once, after gathering, when the data has errors; carries them all."""

    def __init__(self, problems: Problems) -> None:
        super().__init__(f"{len(problems.errors)} problem(s) in the datasets")
        self.problems = problems
