"""The bad-input corpus: a valid base tree plus one declared mutation per case.

`tests/corpus/base/` holds only CSVs: a few consistent rows for every resource. The
descriptor and the Table Schemas are copied from the repository's `datasets/` when a case
is built, so the base never drifts from the current package (a resource added to the
descriptor without a base CSV fails `check_base`, run by the tests). Each case in
`tests/corpus/cases.yaml` names the mutations that turn the base into a broken tree and the
problem the validator must report for it. `build_case` applies them into a temporary folder
named `datasets`, so reported paths read `datasets/votes.csv:3: ...` as on the shipped data.

A case's keys: id, description, mutate (list of mutations), expect ("valid" or one or a list
of {path, line, column, code}), notes (codes expected as acknowledged notes), oracle
(invalid | valid | stricter | skip: what upstream Frictionless must say; stricter and skip
need a reason), slow, subprocess (also run as a real process), max_lines.

Mutations (each a one-key mapping; `file` is relative to the datasets folder):

    replace:       {file, old, new, all?}        substring replacement; `old` must occur
    replace_line:  {file, line, text}            replace line N (1-based) by `text`
    insert_line:   {file, line, text}            insert `text` as line N (N = last+1 appends)
    delete_line:   {file, line}
    append:        {file, text}                  raw text at the end of the file
    write:         {file, text}                  write the file (creating folders)
    write_bytes:   {file, hex}                   write raw bytes given as hex
    delete:        {file}
    symlink:       {file, target}                replace the file by a symbolic link
    encode:        {file, encoding}              re-encode (latin-1, utf-16, utf-16-le, utf-8-sig)
    newlines:      {file, to}                    convert line endings (to: "\\r\\n" or "\\r")
    truncate:      {file, lines}                 keep only the first N lines (1 = header only)
    set_cell:      {file, line, column, value, repeat?}   set one cell of the record on line N
    drop_column:   {file, column}
    add_column:    {file, column, value}
    generate_rows: {file, count, template}       append `count` rows, `template.format(i=i)`
"""

from __future__ import annotations

import csv
import io
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

CORPUS = Path(__file__).resolve().parent / "corpus"
BASE = CORPUS / "base"
MANIFEST = CORPUS / "cases.yaml"
REPO = Path(__file__).resolve().parent.parent
DATASETS = REPO / "datasets"
ORACLE_VERDICTS = ("invalid", "stricter", "valid", "skip")


@dataclass(frozen=True)
class Expected:
    """One problem line the validator must print: `path:line: column: ... [code]`."""

    path: str
    line: int
    column: str
    code: str

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}: {self.column}:"


@dataclass(frozen=True)
class Case:
    id: str
    description: str
    mutate: tuple[dict[str, Any], ...]
    valid: bool
    expect: tuple[Expected, ...]
    notes: tuple[str, ...]  # codes that must appear as acknowledged notes (valid cases)
    oracle: str
    reason: str
    slow: bool = False
    subprocess: bool = False
    max_lines: int | None = None  # upper bound on printed lines (for huge inputs)
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


def load_cases() -> list[Case]:
    entries = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    cases = [_case(entry) for entry in entries]
    ids = [c.id for c in cases]
    duplicates = {i for i in ids if ids.count(i) > 1}
    assert not duplicates, f"duplicate case ids in cases.yaml: {sorted(duplicates)}"
    return cases


def _case(entry: dict[str, Any]) -> Case:
    expect_raw = entry.get("expect")
    valid = expect_raw == "valid"
    expected: list[Expected] = []
    if not valid:
        items = expect_raw if isinstance(expect_raw, list) else [expect_raw]
        for item in items:
            expected.append(Expected(path=item["path"], line=int(item["line"]),
                                     column=str(item["column"]), code=item["code"]))
    oracle = entry.get("oracle", "invalid" if not valid else "valid")
    assert oracle in ORACLE_VERDICTS, (entry["id"], oracle)
    if oracle in ("stricter", "skip"):
        assert entry.get("reason"), f"case {entry['id']}: oracle {oracle} needs a reason"
    return Case(
        id=entry["id"], description=entry["description"], mutate=tuple(entry.get("mutate", [])),
        valid=valid, expect=tuple(expected), notes=tuple(entry.get("notes", [])),
        oracle=oracle, reason=entry.get("reason", ""), slow=bool(entry.get("slow", False)),
        subprocess=bool(entry.get("subprocess", False)), max_lines=entry.get("max_lines"), raw=entry,
    )


def build_case(case: Case, parent: Path) -> Path:
    """Copy the base tree to `parent/datasets` and apply the case's mutations."""
    root = parent / "datasets"
    shutil.copytree(BASE, root)
    shutil.copy(DATASETS / "datapackage.yaml", root / "datapackage.yaml")
    shutil.copytree(DATASETS / "schemas", root / "schemas")
    for step in case.mutate:
        apply_mutation(root, step)
    return root


def check_base() -> list[str]:
    """Resources of the current descriptor without a CSV in the base tree, and stray CSVs."""
    descriptor = yaml.safe_load((DATASETS / "datapackage.yaml").read_text(encoding="utf-8"))
    wanted = {item["path"] for item in descriptor["resources"]}
    present = {p.name for p in BASE.glob("*.csv")}
    return sorted(f"missing {p}" for p in wanted - present) + sorted(f"stray {p}" for p in present - wanted)


def apply_mutation(root: Path, step: dict[str, Any]) -> None:
    ((op, args),) = step.items()
    path = root / args["file"]
    if op == "replace":
        text = _read(path)
        assert args["old"] in text, f"{args['file']}: {args['old']!r} not found"
        _write(path, text.replace(args["old"], args["new"], -1 if args.get("all") else 1))
    elif op in ("replace_line", "insert_line", "delete_line"):
        lines = _read(path).splitlines(keepends=True)
        index = int(args["line"]) - 1
        assert 0 <= index <= len(lines), f"{args['file']} has no line {args['line']}"
        new = [] if op == "delete_line" else [_line(args["text"])]
        lines[index:index + (0 if op == "insert_line" else 1)] = new
        _write(path, "".join(lines))
    elif op == "append":
        _write(path, _read(path) + args["text"])
    elif op == "write":
        path.parent.mkdir(parents=True, exist_ok=True)
        _write(path, args["text"])
    elif op == "write_bytes":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(bytes.fromhex(args["hex"]))
    elif op == "delete":
        path.unlink()
    elif op == "symlink":
        path.unlink(missing_ok=True)
        path.symlink_to(args["target"])
    elif op == "encode":
        path.write_bytes(_read(path).encode(args["encoding"]))
    elif op == "newlines":
        _write(path, _read(path).replace("\n", args["to"]))
    elif op == "truncate":
        _write(path, "".join(_read(path).splitlines(keepends=True)[: int(args["lines"])]))
    elif op == "set_cell":
        _set_cell(path, int(args["line"]), args["column"], str(args["value"]) * int(args.get("repeat", 1)))
    elif op in ("drop_column", "add_column"):
        _edit_columns(path, op, args)
    elif op == "generate_rows":
        _generate(path, int(args["count"]), args["template"])
    else:
        raise AssertionError(f"unknown mutation {op!r}")


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def _write(path: Path, text: str) -> None:
    path.write_bytes(text.encode("utf-8"))


def _line(text: str) -> str:
    return text if text.endswith("\n") else text + "\n"


def _set_cell(path: Path, line: int, column: str, value: str) -> None:
    lines = _read(path).splitlines(keepends=True)
    header = next(csv.reader([lines[0]]))
    (record,) = list(csv.reader([lines[line - 1]]))
    record[header.index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(record)
    lines[line - 1] = out.getvalue()
    _write(path, "".join(lines))


def _edit_columns(path: Path, op: str, args: dict[str, Any]) -> None:
    rows = list(csv.reader(io.StringIO(_read(path), newline="")))
    if op == "drop_column":
        index = rows[0].index(args["column"])
        rows = [row[:index] + row[index + 1:] for row in rows]
    else:
        rows = [rows[0] + [args["column"]]] + [row + [str(args["value"])] for row in rows[1:]]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    _write(path, out.getvalue())


def _generate(path: Path, count: int, template: str) -> None:
    with path.open("ab") as handle:
        chunk: list[str] = []
        for i in range(count):
            chunk.append(template.format(i=i))
            if len(chunk) == 100_000:
                handle.write(("\n".join(chunk) + "\n").encode("utf-8"))
                chunk = []
        if chunk:
            handle.write(("\n".join(chunk) + "\n").encode("utf-8"))


def parse_output(text: str) -> list[str]:
    """The problem lines of a validate run (everything but the `rows:` and verdict lines)."""
    return [line for line in text.splitlines()
            if line and not line.startswith(("rows: ", "valid: ", "INVALID: "))]


def matches(expected: Expected, lines: list[str]) -> bool:
    return any(line.startswith(expected.location) and f"[{expected.code}]" in line
               and not line.endswith("(acknowledged)") for line in lines)
