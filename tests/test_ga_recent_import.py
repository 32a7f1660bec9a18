"""The GA 2020-2025 importer on a small real extract (tests/fixtures/ga_recent, cut by make_fixture.py):
both sources, a repeated extract record, a text the Library catalogues four times, a dropped name."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from rollcall.importers.ga_pairs import Pair, vote_id
from rollcall.importers.ga_recent import import_ga_recent, write_report
from rollcall.importers.unxml import adoption_day, part_of
from rollcall.rowfiles import read_source

FIXTURE = Path(__file__).parent / "fixtures" / "ga_recent"
COUNTRIES = read_source(Path(__file__).parents[1] / "datasets" / "countries.csv")


@pytest.fixture(scope="module")
def recent():
    return import_ga_recent(FIXTURE / "reference" / "undl", FIXTURE / "sources", COUNTRIES)


def votes(recent) -> dict[str, dict]:
    return {str(v["id"]): v for v in recent.votes}


def positions(recent, vid: str) -> dict[str, str]:
    return {str(p["country_id"]): str(p["position"]) for p in recent.positions if p["vote_id"] == vid}


def test_one_vote_per_roll_call(recent):
    assert sorted(votes(recent)) == ["ga-75-191", "ga-75-250a", "ga-75-254", "ga-75-290a", "ga-77-293",
                                     "ga-79-266", "ga-80-131", "ga-80-247", "ga-80-84a", "ga-es10-23"]


def test_both_sources_give_a_complete_vote(recent):
    iran = votes(recent)["ga-75-191"]
    assert (iran["symbol"], iran["session"], iran["date"], iran["kind"], iran["outcome"]) == (
        "A/RES/75/191", "75", "2020-12-16", "resolution", "adopted")
    assert iran["title"] == "Situation of human rights in the Islamic Republic of Iran"
    assert (iran["source"], iran["licence"], iran["record_status"]) == ("unxml+undl", "UN-NC", "complete")
    assert iran["source_url"] == f"https://digitallibrary.un.org/record/{iran['undl_id']}"
    assert iran["committee_report"].startswith("A/75/478/Add.") and iran["meeting_record"] == "A/75/PV.46"
    named = Counter(positions(recent, "ga-75-191").values())
    assert {k: iran[k] for k in ("yes", "no", "abstain", "absent")} == {k: named[k] for k in named}
    assert sum(named.values()) == 193


def test_one_source_only(recent):
    later, library = votes(recent)["ga-80-247"], votes(recent)["ga-es10-23"]
    assert (later["source"], later["licence"], later["undl_id"]) == ("unxml", "UN-attribution", None)
    assert later["absent"] == 193 - later["yes"] - later["no"] - later["abstain"]
    assert "did not vote" in later["notes"] and later["source_url"].startswith("https://undocs.org/en/A/80/PV.")
    assert (library["source"], library["licence"], library["session"]) == ("undl", "UN-NC", "ES-10")
    assert "counted from the UN Digital Library" in library["tally_note"]


def test_disagreements_by_kind(recent):
    kinds = Counter(str(r["kind"]) for r in recent.disagreements)
    assert kinds == {"duplicate-record": 3, "symbol": 1, "unxml-count": 3, "unxml-repeated-names": 2,
                     "missing-in-unxml": 1, "only-in-undl": 2, "only-in-unxml": 1}


def test_dropped_name_is_taken_from_the_library_and_reported(recent):
    (row,) = [r for r in recent.disagreements if r["kind"] == "missing-in-unxml"]
    assert (row["vote_id"], row["country_id"], row["undl"], row["kept"]) == ("ga-77-293", "CMR", "abstain", "abstain")
    vote = votes(recent)["ga-77-293"]
    assert positions(recent, "ga-77-293")["CMR"] == "abstain" and vote["abstain"] == 59
    assert "CMR abstain" in vote["notes"]


def test_repeats_are_counted_once(recent):
    rows = [r for r in recent.disagreements if r["kind"] == "duplicate-record"]
    assert sorted(str(r["vote_id"]) for r in rows) == ["ga-75-254", "ga-79-266", "ga-80-131"]
    assert any("identical repeat" in str(r["detail"]) for r in rows)
    assert any("same vote" in str(r["detail"]) for r in rows)
    budget = votes(recent)["ga-75-254"]
    assert budget["symbol"] == "A/RES/75/254 A-C" and sum(positions(recent, "ga-75-254").values().__iter__()
                                                         .__class__ is not None for _ in [0]) == 1
    assert Counter(positions(recent, "ga-75-254").values()) == {"yes": 168, "no": 2, "absent": 23}


def test_symbol_spellings_are_one_vote(recent):
    (row,) = [r for r in recent.disagreements if r["kind"] == "symbol"]
    assert (row["unxml"], row["undl"], row["kept"]) == ("A/RES/75/250", "A/RES/75/250A", "A/RES/75/250 A")




def test_report_is_sorted_and_repeatable(recent, tmp_path):
    write_report(tmp_path, recent.disagreements)
    first = (tmp_path / "ga_2020_2025_disagreements.csv").read_bytes()
    write_report(tmp_path, list(reversed(recent.disagreements)))
    assert (tmp_path / "ga_2020_2025_disagreements.csv").read_bytes() == first
    rows = read_source(tmp_path / "ga_2020_2025_disagreements.csv")
    assert [r["vote_id"] for r in rows] == sorted((r["vote_id"] for r in rows), key=_natural)


def test_topics(recent):
    topics = {(str(t["vote_id"]), str(t["topic_id"])) for t in recent.vote_topics}
    assert ("ga-75-191", "human-rights") in topics
    assert ("ga-es10-23", "palestinian-conflict") in topics
    assert not any(v == "ga-80-247" and t == "human-rights" for v, t in topics)


def test_a_changed_source_file_is_refused(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "fixture")
    extract = tmp_path / "fixture" / "sources" / "unxml" / "77.json"
    extract.write_text(extract.read_text(encoding="utf-8").replace("59", "60", 1), encoding="utf-8")
    with pytest.raises(SystemExit, match=r"provenance.csv:3: sha256: .*\[source-changed\]"):
        import_ga_recent(tmp_path / "fixture" / "reference" / "undl", tmp_path / "fixture" / "sources", COUNTRIES)


@pytest.mark.parametrize("symbol, expected", [
    ("A/RES/78/220", ("A/RES/78/220", "", "ga-78-220")),
    ("A/RES/78/183 B", ("A/RES/78/183", "B", "ga-78-183b")),
    ("A/RES/75/254[C]", ("A/RES/75/254", "C", "ga-75-254c")),
    ("A/RES/75/250A", ("A/RES/75/250", "A", "ga-75-250a")),
    ("A/RES/75/254 A-C", ("A/RES/75/254", "A-C", "ga-75-254")),
    ("A/RES/ES-11/4", ("A/RES/ES-11/4", "", "ga-es11-4")),
    ("A/DEC/80/506", ("A/DEC/80/506", "", "ga-dec-80-506")),
])
def test_symbols(symbol, expected):
    assert (*part_of(symbol), vote_id(symbol)) == expected


def test_adoption_days():
    assert adoption_day("10\xa0December 2020") == "2020-12-10"
    assert adoption_day("2019-11-07 00:00:00") == "2019-11-07"


def _pair_of(symbol: str) -> Pair:
    from rollcall.importers.undl_recent import read_undl_recent
    from rollcall.importers.unxml import read_unxml
    (extract,) = [r for r in read_unxml(FIXTURE / "sources" / "unxml", ("75",)) if r.symbol == symbol]
    (library,) = [r for r in read_undl_recent(FIXTURE / "reference" / "undl" / "ga_recorded_votes_2020_2025.csv")
                  if r.symbol == symbol]
    return Pair(symbol, "", extract.day, extract, library)


def _natural(text: str) -> tuple:
    import re
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text))
