"""Upstream Frictionless as an oracle for the bad-input corpus (tests/corpus/cases.yaml).

Where Table Schema itself decides (types, constraints, keys, structure) our validator and
`frictionless.validate` must agree: every case with `oracle: invalid` (the default for a
broken case) must be invalid for Frictionless too, and the base and `oracle: valid` cases
valid. Cases marked `oracle: stricter` break a rule Frictionless cannot see (encodings and
dialects it sniffs, the BOM, tallies, membership, alias-free YAML); they are checked the
other way round, so a case that Frictionless starts catching is noticed and re-marked.
"""

from __future__ import annotations

import warnings

import pytest

from corpus_support import Case, build_case, load_cases

# About 1 s per case (Frictionless reads each tree in full): run with the slow tests.
pytestmark = pytest.mark.slow

frictionless = pytest.importorskip("frictionless")

CASES = [c for c in load_cases() if not c.slow and c.oracle != "skip"]


def _frictionless_valid(root) -> tuple[bool, list[str]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = frictionless.validate(str(root / "datapackage.yaml"))
    errors = [f"{e.type}: {e.message}" for e in report.errors]
    errors += [f"{task.name}: {e.type}: {e.message}" for task in report.tasks for e in task.errors]
    return report.valid, errors


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id) for c in CASES])
def test_frictionless_agrees(case: Case, tmp_path):
    root = build_case(case, tmp_path)
    valid, errors = _frictionless_valid(root)
    if case.oracle == "valid":
        assert valid, f"{case.id}: frictionless finds errors in a tree we accept:\n" + "\n".join(errors[:10])
    elif case.oracle == "invalid":
        assert not valid, f"{case.id}: frictionless accepts a tree we reject ({case.description})"
    else:  # stricter: the build refuses what Frictionless accepts
        assert valid, (f"{case.id}: frictionless now rejects this too; mark it `oracle: invalid`:\n"
                       + "\n".join(errors[:10]))
