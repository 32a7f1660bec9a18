"""`python build.py validate`: check datasets/ and print every problem, one per line."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TextIO

from ..dataset import load_dataset
from ..problems import Problems


def print_problems(problems: Problems, out: TextIO) -> None:
    for problem in problems.sorted():
        print(problem.format(), file=out)


def run(datasets: Path, out: TextIO = sys.stdout) -> int:
    started = time.perf_counter()
    dataset, problems = load_dataset(datasets)
    print_problems(problems, out)
    errors, notes = len(problems.errors), len(problems.notes)
    if dataset is not None:
        counts = ", ".join(f"{name} {count:,}" for name, count in dataset.counts().items())
        print(f"rows: {counts}", file=out)
    elapsed = time.perf_counter() - started
    verdict = "valid" if errors == 0 else "INVALID"
    print(f"{verdict}: {errors} error(s), {notes} acknowledged note(s) in {elapsed:.1f}s", file=out)
    return 0 if errors == 0 else 1
