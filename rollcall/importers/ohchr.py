"""Human Rights Council recorded votes 2006-2024 from the OHCHR Search Library harvest.

The vote id is derived from the document symbol (hrc-s35-1 for A/HRC/RES/S-35/1,
hrc-18-l34 for the draft amendment A/HRC/18/L.34). Catalogue slips in symbols are
normalised and the original kept in `source_ref`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..rowfiles import Row, read_source
from ..symbols import Symbol, parse_symbol

SOURCE_URL = "https://searchlibrary.ohchr.org/"
POSITIONS_URL = "https://github.com/tsujamin/unhrc-nominate/blob/9c7d142b8889a18f11b1dfe7e1530000e7c2b90f/votes.sqlite3"
VOTE_CODES = {"YES": "yes", "NO": "no", "ABSTAIN": "abstain", "NO_VOTE": "absent"}
KINDS = {"resolution": "resolution", "decision": "decision", "amendment": "amendment"}
# "<report> -<n>.<item name> -<SUBJECTS>"; a few records lack the " -" before the number.
AGENDA_ITEM = re.compile(r"(?:^| -|\))\s*(\d{1,2})\.\s*(.+?)\s*(?= -|$)")
# Since session 56 the catalogue writes "A/HRC/56/1-3.Item name.-SUBJECTS" (no spaces): read as a fallback.
AGENDA_ITEM_TIGHT = re.compile(r"(?<=\d)-(\d{1,2})\.\s*(.+?)\.?\s*(?=\s?-\s?[A-Z]{2,}|$)")


@dataclass(frozen=True)
class HrcRecord:
    votes: list[Row]
    positions: list[Row]
    vote_topics: list[Row]
    topics: list[Row]


def import_hrc(folder: Path) -> HrcRecord:
    records = read_source(folder / "resolutions.csv")
    symbols = {r["name"]: parse_symbol(r["name"]) for r in records}
    items = _agenda_items(records)
    votes = [_vote_row(r, symbols[r["name"]], items) for r in records]
    positions = [{
        "vote_id": symbols[p["resolution_name"]].vote_id, "country_id": p["country_short"],
        "position": VOTE_CODES[p["vote"]], "note": None,
    } for p in read_source(folder / "votes.csv")]
    vote_topics = [{"vote_id": symbols[r["name"]].vote_id, "topic_id": "human-rights"} for r in records]
    vote_topics += [{"vote_id": symbols[r["name"]].vote_id, "topic_id": f"hrc-item-{n}"}
                    for r in records if (n := _item_number(r["agenda"]))]
    vote_topics += [{"vote_id": symbols[r["name"]].vote_id, "topic_id": "palestinian-conflict"}
                    for r in records if _item_number(r["agenda"]) == "7"]
    topics = [{"id": f"hrc-item-{n}", "name": f"HRC agenda item {n}: {name}",
               "description": f"Human Rights Council votes catalogued under agenda item {n} ({name}).",
               "source_url": SOURCE_URL} for n, name in sorted(items.items(), key=lambda i: int(i[0]))]
    return HrcRecord(votes, positions, vote_topics, topics)


def title_of(summary: str) -> str:
    """The catalogue summary is 'Title :resolution /adopted by ...'; keep the title."""
    return re.sub(r"\s+", " ", summary.split(" :")[0]).strip()


def _vote_row(record: dict[str, str], symbol: Symbol, items: dict[str, str]) -> Row:
    date = record["vote_date"].replace("/", "-")
    number = _item_number(record["agenda"])
    notes = [n for n in (symbol.note,) if n]
    if number:
        notes.append(f"Agenda item {number}: {items[number]}.")
    catalogued = outcome = "adopted" if record["passed"] == "1" else "rejected"
    if outcome == "rejected" and "/L." not in symbol.text:
        # A resolution or decision symbol is given only to an adopted text.
        outcome = "adopted"
        notes.append(f"The catalogue records {symbol.text} as not passed, but a final symbol is given only to an "
                     "adopted text: shown as adopted. The catalogue's record probably merges the rejected "
                     "amendments to the draft into the resolution.")
    return {
        "id": symbol.vote_id, "body_id": "hrc", "session": symbol.session,
        "date": date, "date_precision": "day", "symbol": symbol.text,
        "title": title_of(record["summary"]), "description": None,
        "kind": KINDS[record["type"]],
        "outcome": outcome,
        "yes": None, "no": None, "abstain": None, "absent": None,
        "tally_source_url": None, "tally_note": None,
        "record_status": "complete" if outcome == catalogued else "doubtful", "acknowledged": None,
        "source": "ohchr", "source_ref": record["name"],
        "source_url": SOURCE_URL, "positions_source_url": POSITIONS_URL,
        "notes": " ".join(notes) or None,
    }


def _item_match(agenda: str) -> re.Match | None:
    return AGENDA_ITEM.search(agenda) or AGENDA_ITEM_TIGHT.search(agenda)


def _item_number(agenda: str) -> str | None:
    match = _item_match(agenda)
    return match.group(1) if match else None


def _agenda_items(records: list[dict[str, str]]) -> dict[str, str]:
    """Each agenda item's most frequent name in the catalogue (names vary slightly by session)."""
    names: dict[str, Counter] = {}
    for record in records:
        if match := _item_match(record["agenda"]):
            names.setdefault(match.group(1), Counter())[match.group(2).strip()] += 1
    return {number: counter.most_common(1)[0][0] for number, counter in names.items()}
