"""Dataset problems: collected, never raised, printed as `path:line: column: message`.

Every problem has a stable kebab-case code so tests, docs and contributors can refer to it.
A problem is an error unless the data itself acknowledges it (a vote's `acknowledged`
column or `tally_note`), in which case it is a note that pages show and the build accepts.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from typing import Callable

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
    "control-character": "A text cell holds a control character (NUL, backspace, escape...).",
    "invisible-character": "A cell holds an invisible character (a byte-order mark, zero-width space, bidi control).",
    "future-date": "A vote is dated after today (or after SOURCE_DATE_EPOCH's day).",
    "tally-above-seats": "A vote's tally counts more votes than the body has seats on that day.",
    "content-collision": "A content page would have the URL of a page the site generates.",
    "content-unknown-body": "A page in content/bodies/ names no body of bodies.csv.",
    "markdown-nesting": "Markdown nested deeper than the parser renders; the deeper part would be lost.",
    "release-hash": "A frozen release archive in releases/ no longer matches the checksum recorded for it.",
}


def printable(text: str) -> str:
    """`text` with every control, format or separator character other than a space shown as
    \\uXXXX, so that contributor text can neither start a new line (a forged `::error`
    workflow command) nor drive the terminal (ESC sequences), nor hide in invisible characters."""
    return "".join(c if c == " " or unicodedata.category(c)[0] not in "CZ" else f"\\u{ord(c):04x}" for c in text)


#: Problems that explain others: printed first, whatever their file and line.
ROOT_CODES = frozenset({"encoding", "byte-order-mark", "line-endings", "invisible-character"})

#: Letters of other scripts drawn like a Latin letter: named when a word mixes them with Latin.
LOOKALIKES = dict(zip("\u0410\u0412\u0415\u041a\u041c\u041d\u041e\u0420\u0421\u0422\u0425\u0430\u0435\u043e\u0440\u0441\u0443\u0445\u0456\u0458\u0455"  # Cyrillic
                      "\u0391\u0392\u0395\u0396\u0397\u0399\u039a\u039c\u039d\u039f\u03a1\u03a4\u03a5\u03a7\u03bf",  # Greek
                      "ABEKMHOPCTXaeopcyxijsABEZHIKMNOPTYXo"))


def character_notes(text: str) -> str:
    """' (U+0410 CYRILLIC CAPITAL LETTER A looks like A)' for each look-alike letter in a word
    that mixes scripts and each invisible character of `text`; '' when there is none."""
    notes: list[str] = []
    for word in re.findall(r"\w+", text):
        if word.isascii() or not re.search(r"[A-Za-z]", word):
            continue
        notes += [f"U+{ord(c):04X} {unicodedata.name(c, '?')} looks like {LOOKALIKES[c]}"
                  for c in word if c in LOOKALIKES]
    notes += [f"U+{ord(c):04X} {unicodedata.name(c, 'UNNAMED')} is invisible"
              for c in text if unicodedata.category(c) == "Cf"]
    unique = list(dict.fromkeys(notes))
    return f" ({'; '.join(unique)})" if unique else ""


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
        self._items.append(Problem(path, line, column, code, message + character_notes(message), severity))

    def last(self) -> Problem:
        return self._items[-1]

    def fold(self, root: Problem, caused: Callable[[Problem], bool], what: str) -> int:
        """Drop the problems `root` causes, and say in `root` how many there were (`what` they are)."""
        kept = [p for p in self._items if p == root or not caused(p)]
        folded = len(set(self._items)) - len(set(kept))
        if folded:
            self._items = [replace(p, message=f"{p.message}; the {folded} problem(s) it causes are not listed "
                                              f"({what})") if p == root else p for p in kept]
        return folded

    def extend(self, other: "Problems") -> None:
        self._items.extend(other._items)

    def sorted(self) -> list[Problem]:
        """By file and line, except that problems which explain others come first."""
        return sorted(set(self._items), key=lambda p: (p.code not in ROOT_CODES, p))

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
