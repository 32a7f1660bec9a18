"""The fourth-cycle UPR step (rollcall/importers/upr.py), the source audit and the shared China seat.

tests/fixtures/upr/cycle4_documents.csv is an extract of sources/upr/cycle4_documents.csv (Slovenia,
Myanmar) with two made-up rows for the disagreement and new-row cases.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from rollcall.importers.countries import ga_membership_rows
from rollcall.importers.source_audit import write_source_audit
from rollcall.importers.upr import MISSING, MISSING_FIELDS, NO_DECISION, NOT_HELD, complete_upr
from rollcall.rowfiles import read_source

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "upr"


def _review(cid: str, participation: str, **values: object) -> dict[str, object]:
    row = {"country_id": cid, "cycle": 4, "wg_session": 48, "review_date": None,
           "participation": participation, "outcome_symbol": None,
           "source_url": f"https://example.test/research/{cid}",
           "notes": "Research note. Imported as 'scheduled': the source shows the review on the schedule."}
    return row | values


def _countries(*ids: str) -> list[dict[str, object]]:
    return [{"id": cid, "name": cid, "status": "member"} for cid in ids]


def _run(tmp_path: Path, reviews: list[dict[str, object]], countries: list[dict[str, object]]):
    shutil.copy(FIXTURES / "cycle4_documents.csv", tmp_path / "cycle4_documents.csv")
    rows = {r["country_id"]: r for r in complete_upr(reviews, tmp_path, countries)}
    return rows, read_source(tmp_path / MISSING)


def test_document_fills_blanks_and_shows_the_review(tmp_path: Path) -> None:
    rows, _ = _run(tmp_path, [_review("SVN", "scheduled")], _countries("SVN"))
    svn = rows["SVN"]
    assert (svn["review_date"], svn["outcome_symbol"], svn["participation"]) == (
        "2025-01-28", "A/HRC/59/15", "reviewed")
    assert "Imported as 'scheduled'" not in svn["notes"]
    assert "Earlier source of this row: https://example.test/research/SVN" in svn["notes"]
    assert svn["source_url"].endswith("A_HRC_59_15_Working_Group_Report.md")


def test_disagreeing_document_keeps_the_research_values(tmp_path: Path) -> None:
    rows, _ = _run(tmp_path, [_review("IRN", "reviewed", review_date="2025-01-20")], _countries("IRN"))
    irn = rows["IRN"]
    assert irn["review_date"] == "2025-01-20"
    assert "Sources disagree (review_date: the research row has 2025-01-20, the document 2025-01-22)" in irn["notes"]


def test_new_rows_and_missing_states(tmp_path: Path) -> None:
    rows, missing = _run(tmp_path, [], _countries("NZL", "SVN", "IRN", "MMR", "UKR"))
    assert rows["NZL"]["participation"] == "reviewed"
    assert [m["iso3"] for m in missing] == ["UKR"]


def test_a_new_row_takes_the_documents_participation(tmp_path: Path) -> None:
    rows, _ = _run(tmp_path, [], _countries("MMR"))
    assert (rows["MMR"]["participation"], rows["MMR"]["wg_session"]) == ("postponed", None)
    assert rows["MMR"]["source_url"] == "https://humanrightsmyanmar.org/?p=1523"


def test_every_empty_field_is_listed_with_its_reason(tmp_path: Path) -> None:
    _run(tmp_path, [_review("KEN", "scheduled")], _countries("SVN", "MMR", "KEN"))
    gaps = {(g["iso3"], g["field"]): g["reason"] for g in read_source(tmp_path / MISSING_FIELDS)}
    assert ("SVN", "review_date") not in gaps and ("SVN", "outcome_symbol") not in gaps
    assert gaps[("SVN", "decision_symbol")] == NO_DECISION
    assert gaps[("KEN", "outcome_symbol")] == NOT_HELD
    assert {f for (c, f) in gaps if c == "MMR"} == {"wg_session", "review_date", "outcome_symbol", "decision_symbol"}


def test_ga_membership_counts_the_china_seat_once() -> None:
    countries = [
        {"id": "CHN", "un_member_since": "1945-10-24", "un_member_until": None,
         "membership_source_url": None, "source_url": "https://example.test/chn"},
        {"id": "TWN", "un_member_since": "1945-10-24", "un_member_until": "1971-10-25",
         "membership_source_url": None, "source_url": "https://example.test/twn"},
    ]
    starts = {m["country_id"]: (m["start"], m["end"]) for m in ga_membership_rows(countries)}
    assert starts == {"CHN": ("1971-10-25", None), "TWN": ("1945-10-24", "1971-10-25")}


def test_source_audit_lists_non_un_test_and_preview_urls(tmp_path: Path) -> None:
    datasets = tmp_path / "datasets"
    datasets.mkdir()
    tables = {
        "regional_groups": "id,source_url\nweog,https://ask.un.org/faq/14521\n",
        "countries": "id,source_url,membership_source_url\nAAA,http://fanyjok.com/x,https://www.un.org/y\n",
        "body_seats": "body_id,source_url\nhrc,http://www.un.org/en/ga/63/plenary/I_hrc_election.shtml\n",
        "bodies": "id,source_url\nhrc,https://www.ohchr.org/\n",
        "memberships": "body_id,source_url\nhrc,https://web.test.ohchr.un-icc.cloud/en/a\n",
        "upr_reviews": "country_id,source_url\nSVN,https://upr-info.org/en/news/x\n",
        "votes": "id,source_url,tally_source_url\nv1,https://github.com/a/b,https://voa.pangea-cms.com/preview/en-US/a\n",
    }
    for name, text in tables.items():
        (datasets / f"{name}.csv").write_text(text, encoding="utf-8")
    write_source_audit(datasets, tmp_path)
    listed = {(r["resource"], r["kind"]) for r in read_source(tmp_path / "non_primary_sources.csv")}
    assert listed == {("countries", "non-un"), ("memberships", "test-server"),
                      ("upr_reviews", "non-un"), ("votes", "preview")}
