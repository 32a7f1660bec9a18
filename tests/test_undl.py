"""`python build.py import-undl` with the SYNTHETIC fixture, on a copy of a small datasets tree."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from minitree import mini_datasets, _mini_template  # noqa: F401  (pytest fixtures)
from rollcall import cli
from rollcall.commands import validate
from rollcall.rowfiles import read_source
from rollcall.symbols import identify
from rollcall.importers.undl import UndlReport, UndlVote, import_undl, match_vote

FIXTURE = Path(__file__).parent / "fixtures" / "undl" / "synthetic_votes.csv"


def vote_row(datasets: Path, vote_id: str) -> dict[str, str]:
    (row,) = [r for r in read_source(datasets / "votes.csv") if r["id"] == vote_id]
    return row


def positions(datasets: Path, vote_id: str) -> dict[str, str]:
    return {r["country_id"]: r["position"] for r in read_source(datasets / "positions.csv")
            if r["vote_id"] == vote_id}


def snapshot(datasets: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in datasets.glob("*.csv")}


def test_report_per_vote(mini_datasets):
    report = import_undl(FIXTURE, mini_datasets)
    status = {c.vote_id: c for c in report.changes}

    assert {k: c.status for k, c in status.items()} == {
        "hrc-s35-1": "updated", "ga-rc9146": "updated", "ga-78-999": "added"}
    hrc = status["hrc-s35-1"]
    assert hrc.changed == ["ARM no -> yes"] and hrc.removed == ["MEX (was yes)"] and hrc.added == []
    assert hrc.fields["source"] == ("ohchr+curated", "ohchr+curated+undl")
    assert hrc.fields["record_status"] == ("complete", "partial")
    assert "tally_source_url" not in hrc.fields  # same totals: the source that gave them stays cited
    assert status["ga-rc9146"].added == ["BDI absent"]
    assert status["ga-78-999"].added == ["CHN", "FRA", "IND", "PRK"]


def test_unusable_rows_are_reported_not_fatal(mini_datasets):
    problems = "\n".join(import_undl(FIXTURE, mini_datasets).problems)

    assert "unknown ms_code 'ZZZ'" in problems
    assert "A/C.3/78/L.999" in problems and "not imported" in problems
    assert "no resolution or draft symbol" in problems
    assert "official no is 6 but 5 positions are 'no'" in problems


def test_writes_the_changes(mini_datasets):
    import_undl(FIXTURE, mini_datasets)

    new = vote_row(mini_datasets, "ga-78-999")
    assert (new["body_id"], new["session"], new["symbol"], new["source"]) == ("ga", "78", "A/RES/78/999", "undl")
    assert (new["yes"], new["no"], new["abstain"], new["absent"]) == ("1", "1", "1", "1")
    assert new["source_url"] == new["tally_source_url"] == "https://example.org/synthetic-undl/900003"
    assert new["title"] == "Synthetic test resolution" and new["outcome"] == "adopted"
    assert positions(mini_datasets, "ga-78-999") == {"FRA": "yes", "CHN": "no", "IND": "abstain", "PRK": "absent"}
    s35 = positions(mini_datasets, "hrc-s35-1")
    assert s35["ARM"] == "yes" and "MEX" not in s35 and s35["ARG"] == "yes" and len(s35) == 46
    assert positions(mini_datasets, "ga-rc9146")["BDI"] == "absent"
    assert "Checked against UN Digital Library record 900002" in vote_row(mini_datasets, "ga-rc9146")["notes"]


def test_result_validates_except_the_reported_tally(mini_datasets):
    import_undl(FIXTURE, mini_datasets)
    out = io.StringIO()

    assert validate.run(mini_datasets, out) == 1
    errors = [line for line in out.getvalue().splitlines() if line.startswith("datasets/") and "(acknowledged)" not in line]
    assert len(errors) == 1 and "official no is 6 but 5 positions are 'no'" in errors[0]


def test_dry_run_writes_nothing(mini_datasets):
    before = snapshot(mini_datasets)
    report = import_undl(FIXTURE, mini_datasets, dry_run=True)

    assert [c.status for c in report.changes] == ["updated", "updated", "added"]
    assert snapshot(mini_datasets) == before


def test_second_import_changes_nothing(mini_datasets):
    import_undl(FIXTURE, mini_datasets)
    after_first = snapshot(mini_datasets)
    report = import_undl(FIXTURE, mini_datasets)

    assert [c.status for c in report.changes] == ["unchanged"] * 3
    assert snapshot(mini_datasets) == after_first


def test_header_must_match_the_library_layout(mini_datasets, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("undl_id,ms_code,vote\n1,FRA,Y\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="header must be exactly"):
        import_undl(bad, mini_datasets)


def test_the_whole_text_vote_is_chosen_among_several_on_one_symbol():
    same = [{"id": "ga-rc5607", "symbol": "A/RES/72/50", "date": "2017-12-04", "kind": "resolution"},
            {"id": "ga-rc5992", "symbol": "A/RES/72/50", "date": "2017-12-04", "kind": "paragraph"}]
    undl = UndlVote("A/RES/72/50", identify("A/RES/72/50"), ((2, {"date": "2017-12-04"}),))
    assert match_vote(undl, same, UndlReport()) == "ga-rc5607"
    assert match_vote(undl, [], UndlReport()) == "ga-72-50"  # no vote of ours: the symbol's id

    same[1]["kind"] = "resolution"
    report = UndlReport()
    assert match_vote(undl, same, report) is None and "not imported" in report.problems[0]


@pytest.mark.parametrize("symbol, body, session, vote_id", [
    ("A/RES/78/220", "ga", "78", "ga-78-220"),
    ("A/RES/ES-11/3", "ga", "ES-11", "ga-es11-3"),
    ("A/78/L.10", "ga", "78", "ga-78-l10"),
    ("A/HRC/RES/S-35/1", "hrc", "S-35", "hrc-s35-1"),
    ("A/HRC/18/L.34", "hrc", "18", "hrc-18-l34"),
    ("E/2023/L.4", "ecosoc", "2023", "ecosoc-2023-l4"),
])
def test_identify(symbol, body, session, vote_id):
    identity = identify(symbol)
    assert (identity.body, identity.session, identity.vote_id) == (body, session, vote_id)


def test_cli_dry_run(mini_datasets, capsys):
    code = cli.main(["import-undl", str(FIXTURE), "--dry-run", "--datasets", str(mini_datasets)])

    out = capsys.readouterr().out
    assert code == 1  # some rows could not be used
    assert "added ga-78-999 (A/RES/78/999): 4 positions" in out
    assert "dry run: nothing written" in out
