"""The bad-input corpus: every case of tests/corpus/cases.yaml against `validate`.

Each case is built from tests/corpus/base/ plus the current descriptor and schemas
(tests/corpus_support.py) and validated in-process; the case must exit as declared, print
each expected `path:line: column: ... [code]` line and never a traceback. Cases marked
`subprocess: true` are also run as `python build.py validate --datasets DIR`. Cases marked
`slow` (huge generated inputs) run only with `-m slow`.
"""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from corpus_support import REPO, Case, build_case, check_base, load_cases, matches, parse_output
from rollcall.commands.validate import run

CASES = load_cases()
#: Filled by the tests, read by `pytest_terminal_summary` in conftest.py.
STATS = {"cases": 0, "matched": 0, "tracebacks": 0}


def _params(cases: list[Case]) -> list:
    return [pytest.param(c, id=c.id, marks=[pytest.mark.slow] if c.slow else []) for c in cases]


def test_base_covers_descriptor():
    assert check_base() == [], "tests/corpus/base/ must hold one CSV per descriptor resource"


@pytest.mark.parametrize("case", _params([c for c in CASES if not c.slow]))
def test_case(case: Case, tmp_path):
    _check_in_process(case, tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize("case", _params([c for c in CASES if c.slow]))
def test_slow_case(case: Case, tmp_path):
    """The huge inputs (a 50 MB cell, a million rows), generated into tmp_path; -m slow."""
    _check_in_process(case, tmp_path)


def _check_in_process(case: Case, tmp_path) -> None:
    root = build_case(case, tmp_path)
    out = io.StringIO()
    STATS["cases"] += 1
    try:
        # cases may write ../content/*.md next to the datasets: validate checks them as the build does
        content = root.parent / "content"
        code = run(root, out=out, notes=bool(case.notes), content=content if content.is_dir() else None)
    except BaseException:  # a crash is a traceback too; count it, then let pytest show it
        STATS["tracebacks"] += 1
        raise
    text = out.getvalue()
    if "Traceback" in text:
        STATS["tracebacks"] += 1
    assert "Traceback" not in text, text
    lines = parse_output(text)
    if case.max_lines is not None:
        assert len(lines) <= case.max_lines, f"{len(lines)} problem lines:\n" + "\n".join(lines[:20])
    if case.valid:
        assert code == 0, f"{case.id}: expected valid, got:\n{text}"
        for note in case.notes:
            assert any(line.endswith(f"[{note}] (acknowledged)") for line in lines), (note, text)
        return
    assert code == 1, f"{case.id}: expected exit 1, got {code}:\n{text}"
    for expected in case.expect:
        assert matches(expected, lines), f"{case.id}: no `{expected.location} ... [{expected.code}]` in:\n{text}"
        STATS["matched"] += 1


SUBPROCESS_CASES = [c for c in CASES if c.subprocess]


@pytest.mark.parametrize("case", _params(SUBPROCESS_CASES))
def test_case_subprocess(case: Case, tmp_path):
    root = build_case(case, tmp_path)
    result = subprocess.run([sys.executable, "build.py", "validate", "--datasets", str(root)],
                            cwd=REPO, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in result.stdout and "Traceback" not in result.stderr, result.stderr
    assert result.returncode == (0 if case.valid else 1), result.stdout + result.stderr
    if not case.valid:
        lines = parse_output(result.stdout)
        for expected in case.expect:
            assert matches(expected, lines), result.stdout
