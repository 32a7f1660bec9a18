"""Curated votes (official tallies and sources) merged into the harvested records.

A curated vote that is also in a harvest (same symbol, or the GA roll call the notes name)
becomes one vote with both sources: official tallies and sources from the curated row,
positions from the harvest plus any the curated list adds (absentees), and every
disagreement between the two written into the vote's notes and the import report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..rowfiles import Row, read_source
from .ohchr import parse_symbol

STATUS = {
    "complete": "complete",
    "complete for yes/no/abstain; absent not available": "partial",
    "complete except the 1 absent member (not named by source)": "partial",
}
BODY = {"HRC": "hrc", "GA": "ga", "ECOSOC": "ecosoc"}


@dataclass
class MergeReport:
    """What the merge did, for the importer's printed summary."""

    merged: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    disagreements: list[str] = field(default_factory=list)


def our_vote_id(row: dict[str, str], ga_rcids: dict[str, str], ga_by_symbol: dict[tuple[str, str], list[str]]) -> str:
    body = BODY[row["body"]]
    if body == "hrc":
        return parse_symbol(row["document_symbol"]).vote_id
    if body == "ecosoc":
        year, number = re.fullmatch(r"E/(\d{4})/L\.(\d+)", row["document_symbol"]).groups()
        return f"ecosoc-{year}-l{number}"
    if match := re.search(r"rcid (\d+)", row["notes"]):
        return ga_rcids[match.group(1)]
    candidates = ga_by_symbol.get((row["document_symbol"], row["date"]), [])
    if len(candidates) != 1:
        raise ValueError(f"cannot match curated GA vote {row['vote_id']}: candidates {candidates}")
    return candidates[0]


def merge_curated(folder: Path, votes: dict[str, Row], positions: dict[tuple[str, str], Row],
                  ga_rcids: dict[str, str]) -> MergeReport:
    """Merge curated votes and positions into `votes` and `positions` (keyed dicts), in place."""
    report = MergeReport()
    ga_by_symbol: dict[tuple[str, str], list[str]] = {}
    for vote in votes.values():
        if vote["body_id"] == "ga" and vote["symbol"] and vote["kind"] == "resolution":
            ga_by_symbol.setdefault((vote["symbol"], vote["date"]), []).append(vote["id"])
    curated_positions: dict[str, list[dict[str, str]]] = {}
    for row in read_source(folder / "positions.csv"):
        curated_positions.setdefault(row["vote_id"], []).append(row)
    for row in read_source(folder / "votes.csv"):
        vid = our_vote_id(row, ga_rcids, ga_by_symbol)
        named = curated_positions.get(row["vote_id"], [])
        if vid in votes:
            _merge_vote(votes[vid], row)
            report.merged.append(vid)
            report.disagreements += _merge_positions(vid, named, positions, votes[vid])
        else:
            votes[vid] = _new_vote(vid, row)
            report.added.append(vid)
            for p in named:
                positions[(vid, p["iso3"])] = _position(vid, p)
    return report


def _tallies(row: dict[str, str]) -> Row:
    return {k: (int(row[k]) if row[k] else None) for k in ("yes", "no", "abstain", "absent")}


def _merge_vote(vote: Row, row: dict[str, str]) -> None:
    if vote["body_id"] == "ga":
        # The GA record's own labels are catalogue headings or transcript fragments; the
        # curated title was written from the document. The record's label stays in description.
        if vote["title"] not in (vote["description"] or ""):
            vote["description"] = " — ".join(p for p in (vote["title"], vote["description"]) if p)
        vote["title"] = row["title"]
        if "motion" in row["title"].lower():
            vote["kind"] = "motion"
    vote.update(_tallies(row))
    vote["tally_source_url"] = row["source_url"]
    vote["outcome"] = "adopted" if row["adopted"] == "true" else "rejected"
    vote["source"] = f"{vote['source']}+curated"
    vote["record_status"] = _status(row)
    vote["notes"] = " ".join(n for n in (vote["notes"], f"Curated record: {row['notes']}" if row["notes"] else "") if n)
    if _status(row) == "partial" and row["absent"] and vote["body_id"] != "ga":
        vote["tally_note"] = row["positions_complete"].capitalize() + "."


def _new_vote(vid: str, row: dict[str, str]) -> Row:
    body = BODY[row["body"]]
    session = parse_symbol(row["document_symbol"]).session if body == "hrc" else row["date"][:4]
    if body == "ecosoc":
        session = row["document_symbol"].split("/")[1]
    status = _status(row)
    tally_note = None
    if status == "partial" and row["absent"]:
        tally_note = row["positions_complete"].capitalize() + "."
    return {
        "id": vid, "body_id": body, "session": session, "date": row["date"], "date_precision": "day",
        "symbol": row["document_symbol"] or None, "title": row["title"], "description": None,
        "kind": "motion" if "motion" in row["title"].lower() else "resolution",
        "outcome": "adopted" if row["adopted"] == "true" else "rejected",
        **_tallies(row), "tally_source_url": row["source_url"], "tally_note": tally_note,
        "record_status": status, "acknowledged": None,
        "source": "curated", "source_ref": row["vote_id"], "source_url": row["source_url"],
        "positions_source_url": row["positions_source_url"] or None,
        "notes": row["notes"] or None,
    }


def _status(row: dict[str, str]) -> str:
    return STATUS.get(row["positions_complete"], "doubtful")


def _position(vid: str, row: dict[str, str]) -> Row:
    return {"vote_id": vid, "country_id": row["iso3"], "position": row["position"], "note": row["note"] or None}


def _merge_positions(vid: str, named: list[dict[str, str]], positions: dict[tuple[str, str], Row],
                     vote: Row) -> list[str]:
    problems = []
    for row in named:
        key = (vid, row["iso3"])
        if key not in positions:
            positions[key] = _position(vid, row)
            positions[key]["note"] = positions[key]["note"] or "From the curated source only."
        elif positions[key]["position"] != row["position"]:
            problems.append(f"{vid} {row['iso3']}: harvest says {positions[key]['position']}, "
                            f"curated source says {row['position']}")
    harvested = {c for (v, c) in positions if v == vid}
    missing = sorted(harvested - {r["iso3"] for r in named})
    if missing and named:
        problems.append(f"{vid}: in the harvest but not the curated list: {', '.join(missing)}")
    if problems:
        vote["notes"] = (vote["notes"] or "") + " Sources disagree: " + "; ".join(problems) + "."
        vote["record_status"] = "doubtful"
    return problems
