"""`python build.py validate`: check datasets/ and print every problem, one per line."""

from __future__ import annotations

import json
import sys
import time
from itertools import groupby
from pathlib import Path
from typing import TextIO

from ..dataset import load_dataset
from ..problems import CODES, Problem, Problems, printable

FORMATS = ("text", "json", "github")


def print_problems(problems: Problems, out: TextIO) -> None:
    for problem in problems.sorted():
        print(problem.format(), file=out)


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


def report(problems: Problems, counts: dict[str, int] | None) -> dict:
    """The structured report of `--format json`: problems grouped per file, each with its
    stable code; the codes used, explained. Deterministic (no timings)."""
    problems_sorted = problems.sorted()
    files = [{"path": path, "problems": [{"line": p.line, "column": p.column, "code": p.code,
                                          "severity": p.severity, "message": p.message} for p in group]}
             for path, group in groupby(problems_sorted, key=lambda p: p.path)]
    return {"valid": not problems.errors, "errors": len(problems.errors), "notes": len(problems.notes),
            "files": files, "codes": {code: CODES[code] for code in sorted({p.code for p in problems_sorted})},
            "rows": counts or {}}


def run(datasets: Path, out: TextIO | None = None, annotations: bool = False, format: str = "text") -> int:
    """Check `datasets`; print every problem as text lines, GitHub annotations or one JSON report."""
    out = out or sys.stdout  # looked up per call, so redirected or captured output is honoured
    started = time.perf_counter()
    dataset, problems = load_dataset(datasets)
    counts = dataset.counts() if dataset is not None else None
    status = 0 if not problems.errors else 1
    if format == "json":
        json.dump(report(problems, counts), out, ensure_ascii=True, indent=1)
        out.write("\n")
        return status
    print_problems(problems, out)
    if annotations or format == "github":
        print_annotations(problems, out)
    errors, notes = len(problems.errors), len(problems.notes)
    if counts is not None:
        print(f"rows: {', '.join(f'{name} {count:,}' for name, count in counts.items())}", file=out)
    elapsed = time.perf_counter() - started
    verdict = "valid" if errors == 0 else "INVALID"
    print(f"{verdict}: {errors} error(s), {notes} acknowledged note(s) in {elapsed:.1f}s", file=out)
    return status
