"""The story importer (rollcall/importers/stories.py) on small extracts of sources/stories/.

Fixtures live in tests/fixtures/stories/: extracts of the research files, and under
datasets/ the few votes, positions and reference tables the rows point at.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rollcall.dataset import load_dataset
from rollcall.descriptor import load_package
from rollcall.rowfiles import read_source, write_rows
from rollcall.importers.stories import (
    StoriesRecord, annotate_story_roll_calls, first_day, import_stories, last_day)
from rollcall.problems import Problems
from rollcall.schema import parse_schema
from rollcall.safeyaml import load_yaml

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "stories"
SCHEMAS = REPO / "datasets" / "schemas"
STORY_RESOURCES = ("upr_reviews", "mandates", "mandate_votes", "statements",
                   "statement_countries", "statement_organisations")


def fixture_votes() -> dict[str, dict]:
    return {r["id"]: dict(r) for r in read_source(FIXTURES / "datasets" / "votes.csv")}


def fixture_positions() -> dict[tuple[str, str], dict]:
    return {(p["vote_id"], p["country_id"]): p for p in read_source(FIXTURES / "datasets" / "positions.csv")}


@pytest.fixture
def record() -> StoriesRecord:
    return import_stories(FIXTURES, fixture_votes())


def by_key(rows, *names):
    return {tuple(r[n] for n in names): r for r in rows}


# Dates -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, first, last, precision", [
    ("2021", "2021-01-01", "2021-12-31", "year"),
    ("2024-02", "2024-02-01", "2024-02-29", "month"),
    ("2022-03-25", "2022-03-25", "2022-03-25", "day"),
])
def test_partial_dates(text, first, last, precision):
    assert first_day(text) == (first, precision)
    assert last_day(text) == (last, precision)


# Memberships -------------------------------------------------------------------------------

def test_csw_year_only_terms_follow_the_convention_and_say_so(record):
    india = by_key(record.memberships, "body_id", "country_id")[("csw", "IND")]
    assert (india["start"], india["end"], india["election_year"]) == ("2021-01-01", "2025-12-31", "2020")
    assert india["notes"].startswith("Dates: the source gives the start to the year only (2021), written as 2021-01-01")


def test_iran_removal_names_the_ecosoc_vote(record):
    iran = by_key(record.memberships, "body_id", "country_id")[("csw", "IRN")]
    assert iran["start"] == "2022-03-25"  # the source gives the day
    assert iran["end"] == "2026-12-31"
    assert iran["service_end"] == "2022-12-14"
    assert iran["end_reason"] == "removed by ECOSOC (vote ecosoc-2023-l4, draft E/2023/L.4)"
    assert "End of service: removed by ECOSOC: draft E/2023/L.4" in iran["notes"]


def test_end_reason_kept_verbatim_when_the_vote_is_not_in_our_data():
    record = import_stories(FIXTURES, {})
    iran = by_key(record.memberships, "body_id", "country_id")[("csw", "IRN")]
    assert iran["end_reason"].startswith("removed by ECOSOC: draft E/2023/L.4")


def test_ecosoc_rows_not_confirmed_or_without_years_are_skipped(record):
    ecosoc = sorted(m["country_id"] for m in record.memberships if m["body_id"] == "ecosoc")
    assert ecosoc == ["AFG", "CHN", "GRC", "LVA"]
    skipped = {s.country_id: s for s in record.skipped}
    assert set(skipped) == {"AUS", "BEL"}
    assert (skipped["AUS"].start, skipped["AUS"].end) == ("2020-01-01", "2022-12-31")
    assert "not confirmed" in skipped["AUS"].reason
    assert skipped["BEL"].start is None and "no term years" in skipped["BEL"].reason


def test_ecosoc_election_year_is_read_from_the_notes(record):
    rows = by_key(record.memberships, "body_id", "country_id")
    assert rows[("ecosoc", "LVA")]["election_year"] == "2019"
    assert rows[("ecosoc", "GRC")]["election_year"] == "2021"  # "By-election, June 2021"


def test_every_research_row_is_imported_or_skipped():
    record = import_stories(REPO / "sources" / "stories", {})
    for body, name in (("csw", "csw_membership.csv"), ("ecosoc", "ecosoc_membership_2022.csv")):
        source = read_source(REPO / "sources" / "stories" / name)
        imported = [m for m in record.memberships if m["body_id"] == body]
        skipped = [s for s in record.skipped if s.body_id == body]
        assert len(imported) + len(skipped) == len(source)
        assert all(m["source_url"] for m in imported)


# UPR, mandates, statements -----------------------------------------------------------------

def test_upr_empty_participation_becomes_scheduled(record):
    reviews = by_key(record.upr_reviews, "country_id", "cycle")
    madagascar = reviews[("MDG", 4)]
    assert madagascar["participation"] == "scheduled"
    assert madagascar["review_date"] is None
    assert "whether it took place is not known" in madagascar["notes"]
    assert reviews[("USA", 4)]["participation"] == "did-not-participate"
    assert reviews[("USA", 1)]["wg_session"] is None
    assert reviews[("IRN", 4)]["review_date"] == "2025-01-24"


def test_mandates_link_the_votes_we_have(record):
    mandates = by_key(record.mandates, "id")
    assert mandates[("sr-iran",)]["created_by_vote_id"] == "hrc-16-9"
    assert mandates[("ffm-iran",)]["created_by_vote_id"] == "hrc-s35-1"
    iim = mandates[("iim-afghanistan",)]
    assert (iim["created_on"], iim["created_on_precision"], iim["created_by_vote_id"]) == ("2025-10-01", "month", None)


def test_mandate_texts_keep_symbols_without_votes(record):
    texts = by_key(record.mandate_votes, "mandate_id", "seq")
    ffm = [texts[("ffm-iran", n)] for n in range(1, 5)]
    assert [(t["action"], t["symbol"], t["vote_id"]) for t in ffm] == [
        ("created", "A/HRC/RES/S-35/1", "hrc-s35-1"),
        ("extended", "A/HRC/RES/55/19", "hrc-55-19"),
        ("extended", "A/HRC/58/L.20/Rev.1", None),
        ("extended", "A/HRC/RES/S-39/1", "hrc-s39-1"),
    ]
    assert "Draft symbol" in ffm[2]["notes"]
    assert texts[("sr-iran", 2)]["action"] == "renewed"
    assert texts[("sr-iran", 2)]["vote_id"] == "hrc-19-12"
    assert texts[("sr-iran", 3)]["vote_id"] is None  # 22/23 is not among the fixture votes
    no_symbol = texts[("sr-afghanistan", 4)]
    assert no_symbol["symbol"] is None and "HRC57 resolution of 2024-10-09" in no_symbol["notes"]


def test_statements_split_organisations_and_keep_date_precision(record):
    statements = by_key(record.statements, "id")
    appeal = statements[("afghanistan-open-appeal-hrc48",)]
    assert (appeal["date"], appeal["date_precision"]) == ("2021-01-01", "year")
    organisations = [o["organisation"] for o in record.statement_organisations
                     if o["statement_id"] == "joint-letter-hrc55-iran-sr-ffm"]
    assert len(organisations) == 6 and "Front Line Defenders" in organisations
    assert all(c["source_url"] for c in record.statement_countries + record.statement_organisations)


# The doubtful ECOSOC roll call --------------------------------------------------------------

def test_ecosoc_roll_call_note_lists_the_differences(record):
    votes = fixture_votes()
    vote = votes["ecosoc-2023-l4"]
    positions = {("ecosoc-2023-l4", c): {"position": p} for c, p in
                 (("CHN", "no"), ("GRC", "yes"), ("AUS", "yes"), ("LTU", "yes"), ("BEL", "yes"))}
    countries = read_source(FIXTURES / "datasets" / "countries.csv")
    seats = [{"body_id": "ecosoc", "regional_group_id": g, "seats": n}
             for g, n in (("asia-pacific", "2"), ("eastern-european", "1"), ("weog", "13"))]
    changed = annotate_story_roll_calls(votes, positions, record, countries, seats)
    assert changed == ["ecosoc-2023-l4"]
    assert vote["acknowledged"] == "missing-member-position position-non-member"
    assert vote["record_status"] == "doubtful"
    note = vote["notes"][vote["notes"].index("Membership check"):]
    assert note == (
        "Membership check against the ECOSOC memberships in Roll Call's data "
        "(sources/stories/ecosoc_membership_2022.csv): listed voters who are not ECOSOC members on "
        "2022-12-14 in that data: AUS, BEL, LTU; members in that data with no position: AFG, LVA. "
        "AUS: elected for terms covering 2022-12-14, but the research file marks their membership on "
        "that day as not confirmed. BEL: the sources read give no term years. LTU: in no election or "
        "membership list of the sources read. Our members on that day fill every seat of Asia-Pacific "
        "States and Eastern European States, but Western European and other States has 1 for its 13 "
        "seats. Within the filled groups the published list and the membership sources disagree "
        "(AFG, LTU, LVA); elsewhere the differences may be gaps in our membership data. The published "
        "list is kept as it is.")


def test_roll_call_matching_the_members_is_left_alone(record):
    votes = fixture_votes()
    before = dict(votes["ecosoc-2023-l4"])
    positions = {("ecosoc-2023-l4", c): {} for c in ("AFG", "CHN", "GRC", "LVA")}
    assert annotate_story_roll_calls(votes, positions, record, [], []) == []
    assert votes["ecosoc-2023-l4"] == before


# Schemas and the validator -----------------------------------------------------------------

@pytest.mark.parametrize("name", STORY_RESOURCES)
def test_schemas_document_every_field_and_require_a_source(name):
    schema = parse_schema(load_yaml((SCHEMAS / f"{name}.yaml").read_text(encoding="utf-8")))
    for field in schema.fields:
        assert field.title and field.description and field.example is not None, field.name
    source = schema.field("source_url")
    assert source.required and source.pattern == "https?://.+"


def test_rows_have_exactly_the_schema_fields(record):
    tables = {**record.tables(), "memberships": record.memberships}
    for name, rows in tables.items():
        schema = parse_schema(load_yaml((SCHEMAS / f"{name}.yaml").read_text(encoding="utf-8")))
        for row in rows:
            assert set(row) == set(schema.names), name


def test_imported_extract_validates(tmp_path):
    """Write the fixtures' import into a small data package and run the project's validator."""
    datasets = tmp_path / "datasets"
    shutil.copytree(FIXTURES / "datasets", datasets)
    shutil.copytree(SCHEMAS, datasets / "schemas")
    base = ("regional_groups", "countries", "bodies", "body_seats", "memberships", "votes", "positions")
    names = base + STORY_RESOURCES
    (datasets / "datapackage.yaml").write_text("resources:\n" + "".join(
        f"  - name: {n}\n    path: {n}.csv\n    schema: schemas/{n}.yaml\n" for n in names), encoding="utf-8")
    votes, positions = fixture_votes(), fixture_positions()
    record = import_stories(FIXTURES, votes)
    annotate_story_roll_calls(votes, positions, record, read_source(datasets / "countries.csv"),
                              read_source(datasets / "body_seats.csv"))
    package = load_package(datasets, Problems())
    tables = {**record.tables(), "memberships": record.memberships,
              "votes": list(votes.values()), "positions": list(positions.values())}
    for name, rows in tables.items():
        schema = package.resource(name).schema
        write_rows(datasets / f"{name}.csv", schema.names, rows, schema.primary_key)
    dataset, problems = load_dataset(datasets)
    assert [p.format() for p in problems.errors] == []
    assert dataset is not None
    acknowledged = [p for p in problems.notes if p.code == "position-non-member"]
    assert acknowledged, "the ECOSOC differences must stay visible as acknowledged notes"
