"""The roll-call files of sources/roll_calls/ become votes, positions, topics and subjects."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rollcall.importers.roll_calls import import_roll_calls
from rollcall.rowfiles import read_source

FIXTURES = Path(__file__).parent / "fixtures"
COUNTRIES = read_source(Path(__file__).parents[1] / "datasets" / "countries.csv")


def test_a_roll_call_file_becomes_a_vote_with_every_position():
    record = import_roll_calls(FIXTURES / "roll_calls", COUNTRIES)
    [vote] = record.votes
    assert (vote["id"], vote["yes"], vote["no"], vote["abstain"], vote["absent"]) == ("hrc-s39-1", 25, 7, 14, 1)
    assert vote["licence"] == "CC-BY-4.0" and vote["tally_source_url"] == vote["source_url"]
    by_country = {p["country_id"]: p["position"] for p in record.positions}
    assert len(by_country) == 47
    assert (by_country["GBR"], by_country["VNM"], by_country["CIV"], by_country["MUS"]) == ("yes", "no", "abstain", "absent")
    assert record.vote_subjects == [{"vote_id": "hrc-s39-1", "country_id": "IRN", "method": "curated"}]


@pytest.mark.parametrize("change, message", [
    (("Against (7)", "Against (8)"), "explain it in tally_note"),
    (("Mauritius", "Atlantis"), "Atlantis"),
    (("outcome: adopted\n", ""), "missing outcome"),
])
def test_a_bad_file_is_reported_with_its_path(tmp_path, change, message):
    shutil.copytree(FIXTURES / "roll_calls", tmp_path / "sources")
    path = tmp_path / "sources" / "roll_calls" / "hrc" / "hrc-s39-1.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(*change), encoding="utf-8")
    with pytest.raises(SystemExit) as failure:
        import_roll_calls(tmp_path / "sources", COUNTRIES)
    assert "sources/roll_calls/hrc/hrc-s39-1.yaml" in str(failure.value)
    assert message in str(failure.value)
