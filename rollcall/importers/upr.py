"""Fourth-cycle UPR rows completed from session documents (sources/upr/).

The research rows of sources/stories/upr_reviews.csv come first. sources/upr/cycle4_documents.csv
holds what a UPR document (a Working Group report, or a copy of it) adds to a review: the day,
the report's symbol, that the review took place. A document fills a blank, moves "scheduled" to
"reviewed", and becomes the row's source; where it contradicts a value already there, the value
is kept and both are named in the notes. Member States with no fourth-cycle row are listed in
sources/upr/cycle4_missing.csv with the reason, and the empty fields of the rows there are (day,
session, report symbol, the Council's adoption decision) in cycle4_missing_fields.csv, so every gap
is visible rather than silent.
"""

from __future__ import annotations

from pathlib import Path

from ..rowfiles import Row, read_source, write_rows

CYCLE = 4
DOCUMENTS = "cycle4_documents.csv"
MISSING = "cycle4_missing.csv"
MISSING_FIELDS = "cycle4_missing_fields.csv"
#: Filled only when blank; a different value in the document is a disagreement, not an update.
FILLED = ("wg_session", "review_date", "outcome_symbol")
SCHEDULED_NOTE = "Imported as 'scheduled'"
NOT_FOUND = ("No UPR session announcement, Working Group report, OHCHR country page or adoption "
             "record naming this State's fourth-cycle review was found in the stored sources read "
             "for Roll Call (OHCHR and UN Geneva pages, UPR Info, government statement pages, public "
             "GitHub copies of UPR documents). The stored pages reach the 51st Working Group session "
             "(January 2026); no session announcement or timetable of the 52nd session (2026) or later "
             "ones was found, no page found names this State's session or day, and the fourth-cycle "
             "calendar itself (the OHCHR document linked from the UPR cycles page) is not among them. "
             "The cycle runs to early 2027.")
#: Why a field of a row stays empty, by field and by whether the review is shown to have taken place.
NO_DAY = "No source read gives the day of this review; the session dates, where known, are in the row's notes."
NO_SESSION = "The source gives the review's month but not the Working Group session number."
NOT_HELD = "No source read shows the review taking place, so there is no Working Group report or adoption yet."
NO_REPORT = ("No copy of the Working Group report, OHCHR country page or UN document list naming its symbol "
             "(A/HRC/<session>/<number>) was found for this review in the stored sources.")
NO_DECISION = ("The Council adopts UPR outcomes by decision without a vote (so they are not in the voting "
               "records); no decision text, report of the Council or OHCHR page giving the decision symbol "
               "(A/HRC/DEC/<session>/<number>) was found for this review in the stored sources.")


def complete_upr(reviews: list[Row], folder: Path, countries: list[Row]) -> list[Row]:
    """The research rows with the document rows applied; writes the list of missing States."""
    by_key = {(str(r["country_id"]), int(str(r["cycle"]))): dict(r) for r in reviews}
    decided: set[str] = set()
    for document in read_source(folder / DOCUMENTS):
        key = (document["iso3"], int(document["cycle"]))
        by_key[key] = _apply(by_key.get(key), document)
        if document["decision_symbol"]:
            decided.add(document["iso3"])
    rows = list(by_key.values())
    _write_missing(folder / MISSING, rows, countries)
    _write_missing_fields(folder / MISSING_FIELDS, rows, countries, decided)
    return rows


def _apply(row: Row | None, document: dict[str, str]) -> Row:
    if row is None:
        row = {"country_id": document["iso3"], "cycle": int(document["cycle"]), "wg_session": None,
               "review_date": None, "participation": document["participation"] or "scheduled",
               "outcome_symbol": None,
               "source_url": document["source_url"], "notes": None}
    found = {"wg_session": int(document["wg_session"]) if document["wg_session"] else None,
             "review_date": document["review_date"] or None,
             "outcome_symbol": document["outcome_symbol"] or None}
    conflicts = [f"{field}: the research row has {row[field]}, the document {value}"
                 for field, value in found.items()
                 if value is not None and row[field] not in (None, "") and str(row[field]) != str(value)]
    for field, value in found.items():
        if value is not None and row[field] in (None, ""):
            row[field] = value
    earlier = row["source_url"]
    upgraded = document["participation"] == "reviewed" and row["participation"] == "scheduled"
    if upgraded:
        row["participation"] = "reviewed"
        row["notes"] = _drop_scheduled_note(row["notes"])
    if document["source_url"] != earlier:
        row["source_url"] = document["source_url"]
    row["notes"] = _notes(row["notes"], document, earlier, conflicts)
    return row


def _drop_scheduled_note(notes: object) -> str | None:
    """The stories importer's sentence for a 'scheduled' row no longer holds once a document shows
    the review; the research note before it is kept and the document note says what changed."""
    text = str(notes or "")
    cut = text.find(SCHEDULED_NOTE)
    kept = (text[:cut].rstrip() + " Participation set to 'reviewed' by the document below.") if cut >= 0 else text
    return kept.strip() or None


def _notes(notes: object, document: dict[str, str], earlier: object, conflicts: list[str]) -> str:
    parts = [str(notes)] if notes else []
    text = f"Document: {document['document']}: \"{document['quote']}\"."
    if document["decision_symbol"]:
        text += f" Council decision: {document['decision_symbol']}."
    if document["notes"]:
        text += f" {document['notes']}"
    if earlier != document["source_url"]:
        text += f" Earlier source of this row: {earlier}."
    if conflicts:
        text += f" Sources disagree ({'; '.join(conflicts)}); the research row's values are kept."
    return " ".join(parts + [text])


def _write_missing(path: Path, rows: list[Row], countries: list[Row]) -> None:
    covered = {str(r["country_id"]) for r in rows if int(str(r["cycle"])) == CYCLE}
    missing = [{"iso3": c["id"], "name": c["name"], "reason": NOT_FOUND}
               for c in countries if c["status"] == "member" and c["id"] not in covered]
    write_rows(path, ("iso3", "name", "reason"), missing, ("iso3",))


def _write_missing_fields(path: Path, rows: list[Row], countries: list[Row], decided: set[str]) -> None:
    names = {c["id"]: c["name"] for c in countries}
    gaps = [{"iso3": r["country_id"], "name": names.get(r["country_id"], ""), "field": field, "reason": reason}
            for r in rows if int(str(r["cycle"])) == CYCLE
            for field, reason in _empty_fields(r, str(r["country_id"]) in decided)]
    write_rows(path, ("iso3", "name", "field", "reason"), gaps, ("iso3", "field"))


def _empty_fields(row: Row, decided: bool) -> list[tuple[str, str]]:
    held = row["participation"] == "reviewed"
    gaps = []
    if row["wg_session"] in (None, ""):
        gaps.append(("wg_session", NO_SESSION))
    if row["review_date"] in (None, ""):
        gaps.append(("review_date", NO_DAY))
    if row["outcome_symbol"] in (None, ""):
        gaps.append(("outcome_symbol", NO_REPORT if held else NOT_HELD))
    if not decided:
        gaps.append(("decision_symbol", NO_DECISION if held else NOT_HELD))
    return gaps
