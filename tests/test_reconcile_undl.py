"""Voeten's GA roll calls reconciled with the UN Digital Library (real 1971 extract)."""

from __future__ import annotations

import shutil
from pathlib import Path

from rollcall.importers.ga_cleanup import drop_repeats, retitle_transcripts
from rollcall.importers.reconcile_undl import reconcile, resolution_key, vote_kind, write_reports
from rollcall.importers.voeten import import_ga
from rollcall.rowfiles import read_source

FIXTURE = Path(__file__).parent / "fixtures" / "reconcile"


def reconciled(tmp_path):
    voeten = tmp_path / "voeten"
    voeten.mkdir()
    for name in ("roll_calls.csv", "votes.csv"):
        shutil.copy(FIXTURE / name, voeten / name)
    (voeten / "roll_call_issues.csv").write_text("rcid,short_name,issue\n", encoding="utf-8")
    ga = import_ga(voeten)
    votes = {v["id"]: v for v in ga.votes}
    positions = {(p["vote_id"], p["country_id"]): p for p in ga.positions}
    return votes, reconcile(votes, positions, read_source(voeten / "roll_calls.csv"), FIXTURE)


def test_symbols_of_both_records_give_one_key():
    assert resolution_key("R/26/2758G") == (26, 2758, "G")
    assert resolution_key("A/RES/2758(XXVI)") == resolution_key("A/RES/2758 (XXVI)") == (26, 2758, "")
    assert resolution_key("A/RES/75/254[C]") == (75, 254, "C") == resolution_key("R/75/254C")
    assert resolution_key("A/RES/ES-11/4") is None


def test_the_adoption_roll_call_takes_the_librarys_day_outcome_and_totals(tmp_path):
    votes, result = reconciled(tmp_path)
    adoption = votes["ga-rc1190"]
    assert (adoption["symbol"], adoption["date"], adoption["date_precision"], adoption["outcome"]) == (
        "A/RES/2758(XXVI)", "1971-10-25", "day", "adopted")
    assert (adoption["yes"], adoption["no"], adoption["abstain"], adoption["absent"]) == (76, 35, 17, None)
    assert adoption["source_url"] == "https://digitallibrary.un.org/record/654350"
    assert adoption["source"] == "unga-voeten+undl" and adoption["meeting_record"] == "A/PV.1976"
    assert sorted(r["vote_id"] for r in result.crosswalk) == ["ga-rc1190", "ga-rc25", "ga-rc4814", "ga-rc5817"]


def test_other_roll_calls_keep_their_month_and_motions_are_typed(tmp_path):
    votes, result = reconciled(tmp_path)
    motion = votes["ga-rc1184"]   # "TO ADOPT SAUDI ARABIA MOTION TO POSTPONE VOTING ..."
    assert (motion["kind"], motion["outcome"], motion["date"], motion["date_precision"]) == (
        "motion", "unknown", "1971-10-01", "month")
    assert votes["ga-rc1187"]["kind"] == "amendment"
    fields = {(r["vote_id"], r["field"]) for r in result.disagreements}
    assert ("ga-rc1190", "date") in fields and ("ga-rc1184", "date_precision") in fields


def test_reports_are_sorted_and_repeatable(tmp_path):
    _, result = reconciled(tmp_path)
    write_reports(tmp_path, result)
    first = (tmp_path / "ga_voeten_undl_disagreements.csv").read_bytes()
    result.disagreements.reverse()
    write_reports(tmp_path, result)
    assert (tmp_path / "ga_voeten_undl_disagreements.csv").read_bytes() == first


def test_an_early_roll_call_with_another_code_matches_by_month_and_positions(tmp_path):
    votes, result = reconciled(tmp_path)
    veto = votes["ga-rc25"]   # coded R/1/1264; the Library's A/RES/40(I), 1946-12-13
    assert (veto["symbol"], veto["date_precision"], veto["outcome"]) == ("A/RES/40(I)", "day", "adopted")
    match = next(r["match"] for r in result.crosswalk if r["vote_id"] == "ga-rc25")
    assert match.startswith("same month")
    assert ("ga-rc25", "resolution code") in {(r["vote_id"], r["field"]) for r in result.disagreements}


def test_a_vote_recorded_twice_is_published_once(tmp_path):
    votes, result = reconciled(tmp_path)
    first, second = votes["ga-rc4814"], votes["ga-rc5817"]
    assert first["undl_id"] == second["undl_id"] and first["outcome"] == second["outcome"] == "adopted"
    assert result.repeats == [("ga-rc4814", "ga-rc5817")]
    positions = {("ga-rc5817", "IRN"): {}, ("ga-rc4814", "IRN"): {}}
    assert drop_repeats(votes, positions, result.repeats) == ["ga-rc5817"]
    assert "ga-rc5817" not in votes and list(positions) == [("ga-rc4814", "IRN")]
    assert "holds this roll call twice (ga-rc4814 and ga-rc5817)" in votes["ga-rc4814"]["notes"]


def test_a_meeting_record_excerpt_is_not_a_title():
    excerpt = ("The Acting President: I shall now put to the vote operative paragraph 3 of draft resolution "
               "entitled_Situation of human rights in Iran<d3>.")
    votes = {"v": {"id": "v", "body_id": "ga", "session": "62", "kind": "paragraph", "symbol": None,
                   "source_ref": "rcid 9; R/62/168", "title": excerpt, "description": None},
             "w": {"id": "w", "body_id": "ga", "session": "12", "kind": "motion", "symbol": None,
                   "source_ref": "rcid 10", "title": "The President: I put the motion to the vote.",
                   "description": None}}
    assert retitle_transcripts(votes, FIXTURE) == ["v", "w"]
    assert votes["v"]["title"] == ("Separate vote on part of resolution 62/168: "
                                   "Situation of human rights in the Islamic Republic of Iran")
    assert votes["v"]["description"].endswith("entitled “Situation of human rights in Iran”.")
    assert votes["w"]["title"] == "Procedural motion (session 12; the record names no resolution)"


def test_a_resolution_symbol_the_library_lacks_still_means_adopted(tmp_path):
    votes, result = reconciled(tmp_path)
    vote = votes["ga-rc4355"]
    assert (vote["outcome"], vote["source"], vote.get("undl_id")) == ("adopted", "unga-voeten", None)
    assert result.by_symbol == ["ga-rc4355"]


def test_kinds_come_from_flags_then_the_description():
    def call(descr, amend="0", para="0"):
        return {"descr": descr, "amend": amend, "para": para}
    assert vote_kind(call("TO ADOPT THE DRAFT", amend="1")) == "amendment"
    assert vote_kind(call("TO ADOPT THE DRAFT", para="1")) == "paragraph"
    assert vote_kind(call("TO ADOPT PRESIDENT'S RULING APPLYING PROCEDURAL RULE 96")) == "motion"
    assert vote_kind(call("TO REQUIRE 2/3 MAJORITY RULE IN VOTING ON THE QUESTION")) == "motion"
    assert vote_kind(call("TO ADOPT A GENERAL COMM. RECOMMENDATION (A/829) TO INCLUDE AN ITEM ON X, "
                          "IN THE AGENDA.")) == "motion"
    assert vote_kind(call("TO ADOPT PREAMBLE OF 1ST COMM. DRAFT RESOLUTION (A/2831)")) == "paragraph"
    assert vote_kind(call("TO ADOPT 2ND COMMITTEE DRAFT RESOLUTION (A/5059) MINUS WORDS X")) == "paragraph"
    assert vote_kind(call("TO ADOPT 5-POWER DRAFT RESOLUTION (A/L.372) REQUIRING 2/3 MAJORITY")) == "resolution"


def test_each_state_whose_vote_differs_is_listed_and_voetens_position_kept(tmp_path):
    votes, result = reconciled(tmp_path)
    rows = {(r["vote_id"], r["field"]): r for r in result.disagreements if r["field"].startswith("position")}
    assert rows[("ga-rc4814", "position CIV")] == {
        "vote_id": "ga-rc4814", "field": "position CIV", "voeten": "no", "library": "abstain", "kept": "no",
        "note": "Voeten's position kept (CC0)"}
    assert ("ga-rc25", "position CHN") not in rows   # the Library's CHINA of 1946 is Voeten's TWN
