"""`python build.py validate`: check datasets/ and print every problem, one per line."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TextIO

from ..dataset import load_dataset
from ..problems import Problem, Problems


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
    return f"::error {where}::{_escape_data(message)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def run(datasets: Path, out: TextIO | None = None, annotations: bool = False) -> int:
    out = out or sys.stdout  # looked up per call, so redirected or captured output is honoured
    started = time.perf_counter()
    dataset, problems = load_dataset(datasets)
    print_problems(problems, out)
    if annotations:
        print_annotations(problems, out)
    errors, notes = len(problems.errors), len(problems.notes)
    if dataset is not None:
        counts = ", ".join(f"{name} {count:,}" for name, count in dataset.counts().items())
        print(f"rows: {counts}", file=out)
    elapsed = time.perf_counter() - started
    verdict = "valid" if errors == 0 else "INVALID"
    print(f"{verdict}: {errors} error(s), {notes} acknowledged note(s) in {elapsed:.1f}s", file=out)
    return 0 if errors == 0 else 1
