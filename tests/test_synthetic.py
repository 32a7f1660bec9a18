"""The scale benchmark's synthetic enlargement (benchmarks/synthetic.py) is deterministic and valid."""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

from minitree import _mini_template  # noqa: F401  (pytest fixture)
from rollcall.dataset import load_dataset

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import synthetic  # noqa: E402


def _digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*.csv")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def test_same_seed_same_bytes_and_valid(_mini_template, tmp_path):
    first = Path(shutil.copytree(_mini_template, tmp_path / "a"))
    second = Path(shutil.copytree(_mini_template, tmp_path / "b"))
    third = Path(shutil.copytree(_mini_template, tmp_path / "c"))
    counts = synthetic.enlarge(first, 3, seed=7)
    synthetic.enlarge(second, 3, seed=7)
    synthetic.enlarge(third, 3, seed=8)
    assert _digest(first) == _digest(second)
    assert _digest(first) != _digest(third)
    dataset, problems = load_dataset(first)
    assert not problems.errors, [str(p) for p in problems.errors][:5]
    original, _ = load_dataset(_mini_template)
    assert dataset.table("votes").num_rows == 3 * original.table("votes").num_rows
    assert dataset.table("positions").num_rows == 3 * original.table("positions").num_rows
    assert counts["positions"] == 2 * original.table("positions").num_rows
