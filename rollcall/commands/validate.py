"""`python build.py validate`: check datasets/ and print every problem, one per line."""

from __future__ import annotations

import json
import sys
import time
from itertools import groupby
from pathlib import Path
from typing import TextIO

from ..dataset import load_dataset
from ..pages.content import load_checked_content
from ..problems import CODES, Problem, Problems, printable

FORMATS = ("text", "json", "github")


def print_problems(problems: Problems, out: TextIO, notes: bool = False) -> None:
    """Every error, one per line; acknowledged notes listed only with `notes`, else one summary line."""
    for line in problem_lines(problems, notes):
        print(line, file=out)


def problem_lines(problems: Problems, notes: bool = False) -> list[str]:
    """The printed lines: errors (and, with `notes`, the acknowledged notes), then the notes summary."""
    shown = problems.sorted() if notes else problems.errors
    lines = [p.format() for p in shown]
    summary = notes_summary(problems, notes)
    return lines + ([summary] if summary else [])


def notes_summary(problems: Problems, listed: bool = False) -> str:
    """One line for the acknowledged source slips, so a real error is never lost among them."""
    count = len(problems.notes)
    if count == 0:
        return ""
    hint = "listed above" if listed else "`build.py validate --notes` lists them"
    return f"{count:,} acknowledged source slip(s) ({hint})"


def print_annotations(problems: Problems, out: TextIO) -> None:
    """Each error as a GitHub workflow command, so a pull request shows it on the changed line."""
    for problem in problems.errors:
        print(annotation(problem), file=out)


def annotation(problem: Problem) -> str:
    """`::error file=...,line=...,title=<code>::<column>: <message>`, escaped as GitHub requires."""
    where = f"file={_escape_property(problem.path)},line={problem.line},title={_escape_property(problem.code)}"
    message = problem.message if problem.column == "-" else f"{problem.column}: {problem.message}"
    return f"::error {where}::{printable(_escape_data(message))}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def report(problems: Problems, counts: dict[str, int] | None, notes: bool = False) -> dict:
    """The structured report of `--format json`: problems grouped per file, each with its
    stable code; the codes used, explained. Acknowledged notes are counted, and listed only
    with `notes`. Deterministic (no timings)."""
    problems_sorted = problems.sorted() if notes else problems.errors
    files = [{"path": path, "problems": [{"line": p.line, "column": p.column, "code": p.code,
                                          "severity": p.severity, "message": p.message} for p in group]}
             for path, group in groupby(problems_sorted, key=lambda p: p.path)]
    return {"valid": not problems.errors, "errors": len(problems.errors), "notes": len(problems.notes),
            "notes_listed": notes, "files": files,
            "codes": {code: CODES[code] for code in sorted({p.code for p in problems_sorted})},
            "rows": counts or {}}


def run(datasets: Path, out: TextIO | None = None, annotations: bool = False, format: str = "text",
        notes: bool = False, content: Path | None = None) -> int:
    """Check `datasets`; print every problem as text lines, GitHub annotations or one JSON report."""
    out = out or sys.stdout  # looked up per call, so redirected or captured output is honoured
    started = time.perf_counter()
    dataset, problems = load_dataset(datasets)
    if content is not None and content.is_dir():  # the project's pages, as the build reads them
        load_checked_content(content, dataset, problems)
    counts = dataset.counts() if dataset is not None else None
    status = 0 if not problems.errors else 1
    if format == "json":
        json.dump(report(problems, counts, notes), out, ensure_ascii=True, indent=1)
        out.write("\n")
        return status
    print_problems(problems, out, notes)
    if annotations or format == "github":
        print_annotations(problems, out)
    errors, notes = len(problems.errors), len(problems.notes)
    if counts is not None:
        print(f"rows: {', '.join(f'{name} {count:,}' for name, count in counts.items())}", file=out)
    elapsed = time.perf_counter() - started
    verdict = "valid" if errors == 0 else "INVALID"
    print(f"{verdict}: {errors} error(s), {notes} acknowledged note(s) in {elapsed:.1f}s", file=out)
    return status
