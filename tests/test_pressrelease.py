"""The press-release roll-call parser: names to country ids, counts checked, doubts reported."""

from __future__ import annotations

import csv
import textwrap
from pathlib import Path

import pytest

from rollcall.contrib.countrynames import CountryNames
from rollcall.contrib.pressrelease import parse_roll_call

DATASETS = Path(__file__).resolve().parent.parent / "datasets"
HEADINGS = {"yes": "In favour", "no": "Against", "abstain": "Abstentions", "absent": "Absent"}


@pytest.fixture(scope="module")
def names() -> CountryNames:
    with (DATASETS / "countries.csv").open(encoding="utf-8", newline="") as handle:
        return CountryNames.from_rows(csv.DictReader(handle))


def shipped(resource: str, vote_id: str) -> list[dict[str, str]]:
    """Rows of one vote in a shipped (read-only) resource."""
    with (DATASETS / resource).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        key = reader.fieldnames[0]
        return [row for row in reader if row[key] == vote_id]


def press_release(positions: list[dict[str, str]], names: CountryNames) -> str:
    """The roll call as a UN meeting summary prints it: counted lists, 'and' before the last name."""
    paragraphs = ["The result of the vote was as follows:"]
    for position, heading in HEADINGS.items():
        listed = sorted(names.name_of(p["country_id"]) for p in positions if p["position"] == position)
        if not listed:
            continue
        joined = ", ".join(listed[:-1]) + " and " + listed[-1] if len(listed) > 1 else listed[0]
        paragraphs.append(textwrap.fill(f"{heading} ({len(listed)}): {joined}.", width=72))
    return "\n\n".join(paragraphs)


def as_pairs(rows) -> set[tuple[str, str]]:
    return {(r["country_id"], r["position"]) for r in rows}


def test_s35_1_round_trip_gives_the_shipped_positions(names):
    shipped_positions = shipped("positions.csv", "hrc-s35-1")
    (vote,) = shipped("votes.csv", "hrc-s35-1")
    text = press_release(shipped_positions, names)
    assert "\n" in text and " and " in text  # wrapped lines and a final 'and' are exercised

    roll = parse_roll_call(text, "hrc-s35-1", names)

    assert roll.report.ok and not roll.report.count_differences, roll.report.lines()
    assert as_pairs(roll.positions) == as_pairs(shipped_positions)
    assert {r["vote_id"] for r in roll.positions} == {"hrc-s35-1"}
    assert [roll.counts[p] for p in ("yes", "no", "abstain")] == [int(vote[p]) for p in ("yes", "no", "abstain")]


# SYNTHETIC: a hand-written paragraph in the UN meeting-summary style. The countries and
# their positions are made up to exercise the parser; they are not any real vote's figures.
SYNTHETIC_SUMMARY = """\
The draft resolution was adopted by a recorded vote of 7 in favour to 3 against, with
3 abstentions. The result of the vote was as follows:

In favour (7): Bolivia (Plurinational State of), Côte d'Ivoire, Republic of
Korea, Turkey, United Kingdom; Trinidad and Tobago
and United States.

Against (3): Democratic People’s Republic of Korea, Iran (Islamic
Republic of) and Venezuela (Bolivarian Republic of).

Abstentions  (3) :
Cote d’Ivoire
Türkiye
Bosnia and Herzegovina

Not voting (1): Antigua and Barbuda.
"""


def test_hand_written_summary(names):
    roll = parse_roll_call(SYNTHETIC_SUMMARY, "test-vote", names)

    assert as_pairs(roll.positions) == {
        ("BOL", "yes"), ("KOR", "yes"), ("GBR", "yes"), ("TTO", "yes"), ("USA", "yes"),
        ("PRK", "no"), ("IRN", "no"), ("VEN", "no"),
        ("BIH", "abstain"), ("ATG", "absent"),
    }
    # Côte d'Ivoire and Türkiye are each listed twice (in favour and abstaining): never guessed.
    assert len(roll.report.errors) == 2
    assert all("is also listed under 'In favour'" in e for e in roll.report.errors)
    assert roll.counts == {"yes": 7, "no": 3, "abstain": 3, "absent": 1}
    assert roll.report.count_differences == []
    assert roll.positions[0] == {"vote_id": "test-vote", "country_id": "ATG", "position": "absent", "note": None}


def test_count_that_differs_from_the_names_is_reported(names):
    roll = parse_roll_call("In favour (3): France, Germany.\nAgainst (1): China.", "v", names)

    assert roll.report.ok
    assert roll.report.count_differences == ["'In favour': the text says 3 but lists 2 name(s)"]
    assert roll.counts["yes"] == 3


def test_unknown_name_is_reported_with_a_suggestion(names):
    roll = parse_roll_call("In favour (2): France, Venezuela (Bolivarian Republik of).", "v", names)

    assert not roll.report.ok
    (error,) = roll.report.errors
    assert "Venezuela (Bolivarian Republik of)" in error
    assert "did you mean Venezuela (Bolivarian Republic of) (VEN)" in error
    assert as_pairs(roll.positions) == {("FRA", "yes")}


def test_ambiguous_and_non_member_names_are_reported(names):
    roll = parse_roll_call("Against (2): Korea, Aruba.", "v", names)

    assert roll.positions == []
    assert "could be Republic of Korea (KOR) or Democratic People's Republic of Korea (PRK)" in roll.report.errors[0]
    assert "ABW" in roll.report.errors[1] and "not in countries.csv" in roll.report.errors[1]


def test_two_roll_calls_pasted_together_are_refused(names):
    text = "In favour (1): France.\nAgainst (1): China.\n\nIn favour (1): Chile.\nAgainst (1): Cuba."
    roll = parse_roll_call(text, "v", names)

    assert any("2 'In favour' lists" in e for e in roll.report.errors)


def test_general_assembly_form_takes_counts_from_the_sentence(names):
    text = ("The draft resolution was adopted by a recorded vote of 2 in favour to 1 against, "
            "with 1 abstention, as follows:\n\nIn favour:\nAlbania, Andorra\n\nAgainst:\nBelarus\n\n"
            "Abstain:\nChina\n\nAbsent:\nChad")
    roll = parse_roll_call(text, "v", names)

    assert roll.report.lines() == []
    assert roll.counts == {"yes": 2, "no": 1, "abstain": 1, "absent": None}
    assert as_pairs(roll.positions) == {("ALB", "yes"), ("AND", "yes"), ("BLR", "no"),
                                        ("CHN", "abstain"), ("TCD", "absent")}


def test_committee_report_form_reads_yes_to_no_from_the_sentence(names):
    text = ("the Committee adopted draft resolution A/C.3/78/L.41 by a recorded vote of 2 to 1, "
            "with 1 abstentions. The voting was as follows:\nIn favour: Albania, Andorra.\n"
            "Against: Belarus.\nAbstaining: China.")
    roll = parse_roll_call(text, "v", names)

    assert roll.report.lines() == []
    assert roll.counts == {"yes": 2, "no": 1, "abstain": 1, "absent": None}


def test_text_after_the_last_list_is_reported_not_read_as_names(names):
    roll = parse_roll_call("Against (1): China. The Council then adjourned.", "v", names)

    assert as_pairs(roll.positions) == {("CHN", "no")}
    assert roll.report.warnings == ["ignored text after the 'against' list: 'The Council then adjourned.'"]


def test_no_list_at_all_is_an_error(names):
    roll = parse_roll_call("The resolution was adopted without a vote.", "v", names)

    assert not roll.report.ok and roll.positions == []


@pytest.mark.parametrize("printed, country_id", [
    ("Venezuela (Bolivarian Republic of)", "VEN"), ("Iran (Islamic Republic of)", "IRN"),
    ("Bolivia (Plurinational State of)", "BOL"), ("Republic of Korea", "KOR"),
    ("Democratic People's Republic of Korea", "PRK"), ("Côte d'Ivoire", "CIV"),
    ("Cote d’Ivoire", "CIV"), ("Türkiye", "TUR"), ("Turkey", "TUR"), ("United Kingdom", "GBR"),
    ("United Kingdom of Great Britain and Northern Ireland", "GBR"), ("United States", "USA"),
    ("the Netherlands", "NLD"), ("Congo", "COG"), ("Democratic Republic of the Congo", "COD"),
    ("Guinea Bissau", "GNB"), ("Iran", "IRN"), ("Viet Nam", "VNM"), ("Moldova", "MDA"),
])
def test_country_names(names, printed, country_id):
    assert names.match(printed).country_id == country_id
