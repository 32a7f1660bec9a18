"""A resolution symbol is given only to an adopted text: the OHCHR catalogue's 'not passed' on one
is shown as adopted, marked doubtful, with a note (A/HRC/RES/56/18, catalogued as not passed)."""

from rollcall.importers.ohchr import _vote_row
from rollcall.symbols import parse_symbol


def record(name: str, passed: str) -> dict[str, str]:
    return {"name": name, "vote_date": "2024/07/11", "summary": "Seafarers :resolution", "agenda": "",
            "passed": passed, "type": "resolution"}


def test_a_final_symbol_catalogued_as_not_passed_is_adopted_and_doubtful():
    row = _vote_row(record("A/HRC/RES/56/18", "0"), parse_symbol("A/HRC/RES/56/18"), {})
    assert (row["outcome"], row["record_status"]) == ("adopted", "doubtful")
    assert "catalogue records A/HRC/RES/56/18 as not passed" in row["notes"]


def test_a_rejected_draft_stays_rejected():
    row = _vote_row(record("A/HRC/56/L.35", "0"), parse_symbol("A/HRC/56/L.35"), {})
    assert (row["outcome"], row["record_status"]) == ("rejected", "complete")
