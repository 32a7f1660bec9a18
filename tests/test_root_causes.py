"""Root causes first: an invisible character before an id is one problem with the key errors it
causes folded under it; look-alike letters and invisible characters are named in messages."""

from __future__ import annotations

import io

from corpus_support import build_case, load_cases
from rollcall.commands.validate import run
from rollcall.problems import Problems

CASES = {case.id: case for case in load_cases()}


def _lines(case_id: str, tmp_path) -> list[str]:
    out = io.StringIO()
    assert run(build_case(CASES[case_id], tmp_path), out=out) == 1
    return out.getvalue().splitlines()


def test_a_bom_before_an_id_is_one_problem_with_its_consequences_folded(tmp_path):
    lines = _lines("bom-before-vote-id", tmp_path)
    assert lines[0].startswith("datasets/votes.csv:3: id: '\\ufeffhrc-s35-1' has an invisible character")
    assert "U+FEFF ZERO WIDTH NO-BREAK SPACE is invisible" in lines[0]
    assert "reference(s) to 'hrc-s35-1' in datasets/" in lines[0] and "datasets/positions.csv" in lines[0]
    assert not any("[foreign-key]" in line or "[pattern]" in line for line in lines)


def test_a_cyrillic_letter_is_named(tmp_path):
    (line,) = [line for line in _lines("cyrillic-country-id", tmp_path) if "[foreign-key]" in line]
    assert "'FR\u0410'" in line and "(U+0410 CYRILLIC CAPITAL LETTER A looks like A)" in line


def test_root_causes_sort_before_other_files():
    problems = Problems()
    problems.add("datasets/bodies.csv", 5, "id", "pattern", "bad id")
    problems.add("datasets/votes.csv", 100, "-", "encoding", "not UTF-8")
    assert [p.code for p in problems.sorted()] == ["encoding", "pattern"]


def test_a_duplicate_yaml_key_names_both_lines(tmp_path):
    (line,) = [line for line in _lines("yaml-duplicate-key-schema", tmp_path) if "[yaml-duplicate-key]" in line]
    assert line.startswith("datasets/schemas/positions.yaml:28: -: the key 'constraints' appears twice")
    assert "first on line 27" in line
