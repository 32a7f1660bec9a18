"""Acknowledged source slips: one summary line by default, listed with `--notes`."""

from __future__ import annotations

from rollcall.commands.validate import problem_lines, report
from rollcall.problems import NOTE, Problems


def _problems() -> Problems:
    problems = Problems()
    for line in range(2, 5):
        problems.add("datasets/votes.csv", line, "yes", "tally-mismatch", "explained by tally_note", NOTE)
    problems.add("datasets/votes.csv", 9, "date", "type", "not a date")
    return problems


def test_notes_are_one_line_by_default():
    lines = problem_lines(_problems())
    assert lines == ["datasets/votes.csv:9: date: not a date [type]",
                     "3 acknowledged source slip(s) (`build.py validate --notes` lists them)"]


def test_notes_flag_lists_them():
    lines = problem_lines(_problems(), notes=True)
    assert sum(line.endswith("(acknowledged)") for line in lines) == 3
    assert lines[-1] == "3 acknowledged source slip(s) (listed above)"


def test_json_counts_notes_and_lists_them_only_on_request():
    short, full = report(_problems(), None), report(_problems(), None, notes=True)
    assert short["notes"] == full["notes"] == 3
    assert [p["severity"] for f in short["files"] for p in f["problems"]] == ["error"]
    assert sum(p["severity"] == "note" for f in full["files"] for p in f["problems"]) == 3
