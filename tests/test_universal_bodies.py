"""GA and Third Committee records name no absentees: a member not named is no gap in the record."""

from __future__ import annotations

from rollcall.importers.run import acknowledge_membership_slips

# SYNTHETIC: two bodies with the same three members, each vote naming two of them.
MEMBERS = [{"body_id": body, "country_id": c, "start": "2000-01-01", "end": "", "service_end": ""}
           for body in ("ga-c3", "hrc") for c in ("FRA", "DEU", "CHN")]


def vote(vote_id: str, body: str) -> dict:
    return {"id": vote_id, "body_id": body, "date": "2020-01-01", "date_precision": "day",
            "record_status": "complete", "acknowledged": None, "notes": None}


def test_a_third_committee_vote_naming_no_absentee_stays_complete():
    votes = {"c3": vote("c3", "ga-c3"), "hrc": vote("hrc", "hrc")}
    positions = {(v, c): {} for v in votes for c in ("FRA", "DEU")}

    changed = acknowledge_membership_slips(votes, positions, MEMBERS)

    assert changed == ["hrc"]
    assert votes["c3"]["record_status"] == "complete" and votes["c3"]["notes"] is None
    assert votes["hrc"]["record_status"] == "partial"
