"""General Assembly roll calls 1946-2019 from Erik Voeten's data (unvotes 0.3.0 packaging).

Each roll call becomes a vote `ga-rc<rcid>`; each country row a position. Country names
and ISO alpha-2 codes map to our ids, with the historic cases settled by date (see
`country_id`). The source drops absent members, so every vote is `partial`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pycountry

from ..rowfiles import Row, read_source, slug

SOURCE_URL = "https://hdl.handle.net/1902.1/12379"
POSITIONS_URL = "https://github.com/dgrtwo/unvotes"
#: Names whose code is empty or historic, and names that need a date to decide the state.
BY_NAME = {
    "Federal Republic of Germany": "DEU",
    "Yemen Arab Republic": "YEM",
    "Zanzibar": "XZN",
    "German Democratic Republic": "DDR",
    "Czechoslovakia": "CSK",
    "Yemen People's Republic": "YMD",
    "Taiwan": "TWN",
}
#: The source labels both the SFRY and, from 2000, the FRY / Serbia as "Yugoslavia".
FRY_ADMITTED = date(2000, 11, 1)


@dataclass(frozen=True)
class GaRecord:
    votes: list[Row]
    positions: list[Row]
    vote_topics: list[Row]
    topics: list[Row]
    rcid_to_vote: dict[str, str]


def vote_id(rcid: str) -> str:
    return f"ga-rc{int(rcid)}"


def country_id(name: str, alpha2: str, day: date) -> str:
    if name == "Yugoslavia":
        return "YUG" if day < FRY_ADMITTED else "SRB"
    if name in BY_NAME:
        return BY_NAME[name]
    record = pycountry.countries.get(alpha_2=alpha2)
    if record is None:
        raise ValueError(f"unknown country in Voeten data: {name!r} {alpha2!r}")
    return record.alpha_3


def symbol(unres: str, session: int) -> str | None:
    """The UN symbol where the resolution code can be read unambiguously (from session 31)."""
    if unres.startswith("A/RES/"):
        return unres
    match = re.fullmatch(r"R/(\d+)/(\d+)", unres)
    if match and int(match.group(1)) == session and session >= 31:
        return f"A/RES/{session}/{match.group(2)}"
    return None


def import_ga(folder: Path) -> GaRecord:
    calls = read_source(folder / "roll_calls.csv")
    issues = read_source(folder / "roll_call_issues.csv")
    days = {c["rcid"]: date.fromisoformat(c["date"]) for c in calls}
    votes = [_vote_row(c) for c in calls]
    positions = [{
        "vote_id": vote_id(r["rcid"]),
        "country_id": country_id(r["country"], r["country_code"], days[r["rcid"]]),
        "position": r["vote"], "note": None,
    } for r in read_source(folder / "votes.csv")]
    topics = {slug(i["issue"]): i["issue"] for i in issues}
    vote_topics = [{"vote_id": vote_id(i["rcid"]), "topic_id": slug(i["issue"])} for i in issues
                   if i["rcid"] in days]
    topic_rows = [{"id": tid, "name": name,
                   "description": f"General Assembly roll calls coded '{_code(issues, name)}' ({name}) "
                                  "in the Voeten voting data.",
                   "source_url": SOURCE_URL} for tid, name in topics.items()]
    return GaRecord(votes, positions, vote_topics, topic_rows, {c["rcid"]: vote_id(c["rcid"]) for c in calls})


def _code(issues: list[dict[str, str]], name: str) -> str:
    return next(i["short_name"] for i in issues if i["issue"] == name)


def _vote_row(call: dict[str, str]) -> Row:
    session = int(call["session"])
    placeholder = call["date"].endswith("-01-01")
    kind = "amendment" if call["amend"] == "1" else "paragraph" if call["para"] == "1" else "resolution"
    title = _title(call)
    ref = f"rcid {call['rcid']}" + (f"; {call['unres']}" if call["unres"] else "")
    notes = ["The source records yes, no and abstain only: absent members are not listed."]
    if placeholder:
        notes.append("The source gives only the session; the date is a placeholder.")
    if call["importantvote"] == "1":
        notes.append("Marked an important vote by the US State Department.")
    return {
        "id": vote_id(call["rcid"]), "body_id": "ga", "session": str(session),
        "date": call["date"], "date_precision": "session" if placeholder else "day",
        "symbol": symbol(call["unres"], session), "title": _title_case(" ".join(title.split())),
        "description": _description(call, title),
        "kind": kind, "outcome": "unknown",
        "yes": None, "no": None, "abstain": None, "absent": None,
        "tally_source_url": None, "tally_note": None,
        "record_status": "partial", "acknowledged": None,
        "source": "unga-voeten", "source_ref": ref,
        "source_url": SOURCE_URL, "positions_source_url": POSITIONS_URL,
        "notes": " ".join(notes),
    }


def _title(call: dict[str, str]) -> str:
    """The text's title where the record gives one (later sessions put it in `descr` and a
    subject heading in `short`); else the short description. The catalogue's
    ' : resolution / adopted by …' suffix is dropped."""
    descr = call["descr"].strip()
    if descr and descr.upper() != descr and len(descr) <= 300:
        return descr.split(" : ")[0].strip()
    return (call["short"] or descr or f"Roll call {call['rcid']}").strip()


def _description(call: dict[str, str], title: str) -> str | None:
    parts = [p.strip() for p in (call["short"], call["descr"]) if p.strip() and p.strip() != title]
    return " — ".join(parts) or None


def _title_case(text: str) -> str:
    """The source's short titles are upper case; show them in sentence case."""
    if text.upper() != text:
        return text
    return text[:1].upper() + text[1:].lower()
