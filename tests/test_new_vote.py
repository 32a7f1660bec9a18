"""`python build.py new-vote`, always on a copy of a small datasets tree in tmp_path."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from minitree import mini_datasets, _mini_template  # noqa: F401  (pytest fixtures)
from rollcall import cli
from rollcall.commands import new_vote, validate
from rollcall.rowfiles import read_source, write_rows

# SYNTHETIC: the Council's members on 24 November 2022 voting as in the shipped S-35/1 record,
# filed under a made-up special session (S-99) that never took place.
SYNTHETIC_ROLL_CALL_DATE = "2022-11-24"


def s35_text(datasets: Path) -> str:
    """A press-release roll call built from the positions of hrc-s35-1 in the copy."""
    names = {r["id"]: r["name"] for r in read_source(datasets / "countries.csv")}
    positions = [r for r in read_source(datasets / "positions.csv") if r["vote_id"] == "hrc-s35-1"]
    lines = []
    for position, heading in (("yes", "In favour"), ("no", "Against"), ("abstain", "Abstentions")):
        listed = sorted(names[p["country_id"]] for p in positions if p["position"] == position)
        lines.append(f"{heading} ({len(listed)}): {', '.join(listed)}.")
    return "\n".join(lines)


def synthetic_vote(**changes) -> new_vote.NewVote:
    fields = dict(id="hrc-s99-1", body="hrc", session="S-99", date=SYNTHETIC_ROLL_CALL_DATE,
                  symbol="A/HRC/RES/S-99/1", title="SYNTHETIC test resolution",
                  source_url="https://example.org/synthetic-press-release", outcome="adopted")
    fields.update(changes)
    return new_vote.NewVote(**fields)


def snapshot(datasets: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in datasets.glob("*.csv")}


def is_sorted(path: Path, key: tuple[str, ...]) -> bool:
    """The file is exactly what write_rows writes for its own rows, so it is sorted by `key`."""
    rows = read_source(path)
    fields = next(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    copy = path.with_suffix(".sorted")
    write_rows(copy, fields, rows, key)
    return copy.read_bytes() == path.read_bytes()


def test_adds_vote_and_positions_sorted_and_valid(mini_datasets):
    out = io.StringIO()
    code = new_vote.run(mini_datasets, synthetic_vote(roll_call=s35_text(mini_datasets)), out)

    assert code == 0, out.getvalue()
    (row,) = [r for r in read_source(mini_datasets / "votes.csv") if r["id"] == "hrc-s99-1"]
    assert (row["yes"], row["no"], row["abstain"], row["absent"]) == ("25", "6", "16", "")
    assert row["record_status"] == "complete" and row["source"] == "curated"
    assert row["tally_source_url"] == row["source_url"] == "https://example.org/synthetic-press-release"
    added = [r for r in read_source(mini_datasets / "positions.csv") if r["vote_id"] == "hrc-s99-1"]
    assert len(added) == 47
    assert is_sorted(mini_datasets / "votes.csv", ("id",))
    assert is_sorted(mini_datasets / "positions.csv", ("vote_id", "country_id"))
    assert "python build.py validate" in out.getvalue()
    assert validate.run(mini_datasets, io.StringIO()) == 0


def test_refuses_an_existing_id(mini_datasets):
    before = snapshot(mini_datasets)
    out = io.StringIO()
    vote = synthetic_vote(id="hrc-s35-1", symbol="A/HRC/RES/S-35/1", session="S-35",
                          roll_call=s35_text(mini_datasets))

    assert new_vote.run(mini_datasets, vote, out) == 2
    assert "already exists" in out.getvalue()
    assert snapshot(mini_datasets) == before


def test_reports_every_bad_argument_and_writes_nothing(mini_datasets):
    before = snapshot(mini_datasets)
    out = io.StringIO()
    vote = synthetic_vote(id="HRC_S99", body="unhrc", date="2023-02-30", source_url="",
                          kind="vote", symbol=None)

    assert new_vote.run(mini_datasets, vote, out) == 2
    text = out.getvalue()
    for expected in ("--id 'HRC_S99'", "--body 'unhrc'", "--date '2023-02-30'", "--source-url", "--kind 'vote'"):
        assert expected in text
    assert snapshot(mini_datasets) == before


def test_id_must_follow_the_symbol_of_a_whole_text(mini_datasets):
    out = io.StringIO()
    assert new_vote.run(mini_datasets, synthetic_vote(id="hrc-s99-iran"), out) == 2
    assert "takes the id 'hrc-s99-1'" in out.getvalue()


def test_unknown_name_in_the_roll_call_writes_nothing(mini_datasets):
    before = snapshot(mini_datasets)
    out = io.StringIO()
    text = "In favour (2): France, Atlantis.\nAgainst (1): China."

    assert new_vote.run(mini_datasets, synthetic_vote(roll_call=text), out) == 1
    assert "unknown country name 'Atlantis'" in out.getvalue()
    assert snapshot(mini_datasets) == before


def test_counts_that_differ_need_a_tally_note(mini_datasets):
    # a count one lower than the names listed (one higher would exceed the Council's 47 seats)
    text = s35_text(mini_datasets).replace("In favour (25)", "In favour (24)")
    out = io.StringIO()
    assert new_vote.run(mini_datasets, synthetic_vote(roll_call=text), out) == 1
    assert "--tally-note" in out.getvalue()

    note = "SYNTHETIC: the source's count is one lower than the members it names in favour."
    assert new_vote.run(mini_datasets, synthetic_vote(roll_call=text, tally_note=note), io.StringIO()) == 0
    (row,) = [r for r in read_source(mini_datasets / "votes.csv") if r["id"] == "hrc-s99-1"]
    assert (row["yes"], row["tally_note"]) == ("24", note)
    assert validate.run(mini_datasets, io.StringIO()) == 0  # the difference is acknowledged


def test_a_roll_call_missing_members_is_partial(mini_datasets):
    text = "In favour (2): France, Germany.\nAgainst (1): China."
    assert new_vote.run(mini_datasets, synthetic_vote(roll_call=text), io.StringIO()) == 0
    (row,) = [r for r in read_source(mini_datasets / "votes.csv") if r["id"] == "hrc-s99-1"]
    assert row["record_status"] == "partial"


def test_cli_reads_the_roll_call_from_stdin(mini_datasets, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO(s35_text(mini_datasets)))
    code = cli.main(["new-vote", "--datasets", str(mini_datasets), "--id", "hrc-s99-1", "--body", "hrc",
                     "--session", "S-99", "--date", SYNTHETIC_ROLL_CALL_DATE, "--symbol", "A/HRC/RES/S-99/1",
                     "--title", "SYNTHETIC test resolution", "--source-url", "https://example.org/synthetic",
                     "--outcome", "adopted", "--roll-call", "-"])

    assert code == 0
    assert "added 47 positions" in capsys.readouterr().out


def test_read_roll_call_from_a_file(tmp_path):
    path = tmp_path / "roll.txt"
    path.write_text("Against (1): China.", encoding="utf-8")
    assert new_vote.read_roll_call(str(path)) == "Against (1): China."
    assert new_vote.read_roll_call(None) is None


def test_subjects_and_topics_come_from_the_title_and_agenda_item(mini_datasets):
    out = io.StringIO()
    vote = synthetic_vote(title="SYNTHETIC situation of human rights in the Islamic Republic of Iran",
                          agenda_item="4", notes="SYNTHETIC note for readers.")
    assert new_vote.run(mini_datasets, vote, out) == 0, out.getvalue()
    subjects = [r for r in read_source(mini_datasets / "vote_subjects.csv") if r["vote_id"] == "hrc-s99-1"]
    topics = [r for r in read_source(mini_datasets / "vote_topics.csv") if r["vote_id"] == "hrc-s99-1"]
    assert subjects == [{"vote_id": "hrc-s99-1", "country_id": "IRN", "method": "title"}]
    assert topics == [{"vote_id": "hrc-s99-1", "topic_id": "hrc-item-4"}]
    (row,) = [r for r in read_source(mini_datasets / "votes.csv") if r["id"] == "hrc-s99-1"]
    assert row["notes"] == "SYNTHETIC note for readers."
    text = out.getvalue()
    assert text.startswith("reading datasets/ ...\nchecking the arguments ...\n")  # progress
    assert "subject countries (from the title) in datasets/vote_subjects.csv: IRN" in text
    assert is_sorted(mini_datasets / "vote_topics.csv", ("vote_id", "topic_id"))
    assert validate.run(mini_datasets, io.StringIO()) == 0


def test_unknown_subject_or_topic_lists_the_valid_ids_and_writes_nothing(mini_datasets):
    before = snapshot(mini_datasets)
    out = io.StringIO()
    vote = synthetic_vote(subjects=["XXX"], topics=["human-rigths"])
    assert new_vote.run(mini_datasets, vote, out) == 2
    text = out.getvalue()
    assert "--subjects XXX: not in countries.csv; use ids such as" in text
    assert "topic(s) human-rigths not in topics.csv; use any of:" in text and "human-rights" in text
    assert snapshot(mini_datasets) == before


def test_cli_requires_the_outcome(mini_datasets, capsys):
    with pytest.raises(SystemExit):
        cli.main(["new-vote", "--datasets", str(mini_datasets), "--id", "hrc-s99-1", "--body", "hrc",
                  "--session", "S-99", "--date", SYNTHETIC_ROLL_CALL_DATE, "--title", "SYNTHETIC",
                  "--source-url", "https://example.org/synthetic"])
    assert "--outcome" in capsys.readouterr().err
