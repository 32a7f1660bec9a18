"""The research files behind the seed stories (sources/stories/*.csv).

CSW and ECOSOC memberships, Universal Periodic Reviews, Human Rights Council country
mandates and civil-society statements. Every row keeps its own source URL; nothing is
added that the files do not say.

Dates keep the precision the source gives. Memberships have full dates only, so a term
known to the year is written from 1 January to 31 December and the row's notes say so;
mandates and statements carry a precision column instead (as votes do).

ECOSOC rows that the research file marks as not confirmed on the day it was compiled
for, or that have no term years, are left out of memberships: the validator would take
them for members (see NOTES.md). `annotate_story_roll_calls` then compares each ECOSOC
or CSW roll call with the members that were imported and writes the differences into
the vote's notes.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..rowfiles import Row, read_source
from ..rules import acknowledge, countries_by_vote, covers, members_on
from .countries import regional_group_rows

MEMBERSHIP_FILES = {"csw": "csw_membership.csv", "ecosoc": "ecosoc_membership_2022.csv"}
#: The research file's own flag for a term whose service on a given day is not established.
UNCONFIRMED = re.compile(r"membership on (\d{4}-\d{2}-\d{2}) NOT confirmed")
#: "Elected 14 Jun 2019", "elected June 2021", "By-election, June 2021" in the ECOSOC notes.
ELECTED = re.compile(r"(?:[Ee]lected|By-election,)\s+(?:\d{1,2}\s+)?[A-Z][a-z]+\s+(\d{4})")
DRAFT = re.compile(r"A/HRC/(?:S-)?\d+/L\.\d+.*")
ECOSOC_SYMBOL = re.compile(r"E/\d{4}/L\.\d+")
#: Recurring mandates are renewed; fixed-term mechanisms are extended.
RENEWED_KINDS = frozenset({"special-rapporteur", "independent-expert"})
NOT_IN_SOURCES = "in no election or membership list of the sources read"


@dataclass(frozen=True)
class Skipped:
    """A membership row of the research files that is not imported, and why."""

    body_id: str
    country_id: str
    start: str | None
    end: str | None
    reason: str


@dataclass(frozen=True)
class StoriesRecord:
    memberships: list[Row]
    skipped: list[Skipped]
    upr_reviews: list[Row]
    mandates: list[Row]
    mandate_votes: list[Row]
    statements: list[Row]
    statement_countries: list[Row]
    statement_organisations: list[Row]

    def tables(self) -> dict[str, list[Row]]:
        """The resources this importer owns outright (memberships are shared)."""
        return {"upr_reviews": self.upr_reviews, "mandates": self.mandates,
                "mandate_votes": self.mandate_votes, "statements": self.statements,
                "statement_countries": self.statement_countries,
                "statement_organisations": self.statement_organisations}


def import_stories(folder: Path, votes: dict[str, Row]) -> StoriesRecord:
    by_symbol = _votes_by_symbol(votes)
    csw = [_csw_row(r, by_symbol) for r in read_source(folder / MEMBERSHIP_FILES["csw"])]
    ecosoc, skipped = _ecosoc_rows(read_source(folder / MEMBERSHIP_FILES["ecosoc"]))
    mandates, mandate_votes = _mandate_rows(read_source(folder / "mandates.csv"), by_symbol)
    statements, countries, organisations = _statement_rows(read_source(folder / "statements.csv"))
    return StoriesRecord(
        memberships=csw + ecosoc, skipped=skipped,
        upr_reviews=[_upr_row(r) for r in read_source(folder / "upr_reviews.csv")],
        mandates=mandates, mandate_votes=mandate_votes, statements=statements,
        statement_countries=countries, statement_organisations=organisations)


# Dates ------------------------------------------------------------------------------------

def first_day(text: str) -> tuple[str, str]:
    """A partial ISO date as its first day, with its precision (day, month or year)."""
    if re.fullmatch(r"\d{4}", text):
        return f"{text}-01-01", "year"
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return f"{text}-01", "month"
    return date.fromisoformat(text).isoformat(), "day"


def last_day(text: str) -> tuple[str, str]:
    """A partial ISO date as its last day, with its precision."""
    if re.fullmatch(r"\d{4}", text):
        return f"{text}-12-31", "year"
    if re.fullmatch(r"\d{4}-\d{2}", text):
        year, month = map(int, text.split("-"))
        return f"{text}-{calendar.monthrange(year, month)[1]:02d}", "month"
    return date.fromisoformat(text).isoformat(), "day"


def _term(start_text: str, end_text: str) -> tuple[str, str, str | None]:
    """Start and end days of a term and, if either was partial, the sentence saying so."""
    (start, start_precision), (end, end_precision) = first_day(start_text), last_day(end_text)
    parts = [f"the source gives the {which} to the {precision} only ({text}), written as {value}"
             for which, text, value, precision in (("start", start_text, start, start_precision),
                                                   ("end", end_text, end, end_precision))
             if precision != "day"]
    note = (f"Dates: {'; '.join(parts)} (Roll Call's convention for term dates known only to the "
            "month or year: first day for a start, last day for an end).") if parts else None
    return start, end, note


def _join(*texts: object) -> str | None:
    return " ".join(str(t) for t in texts if t) or None


# Memberships ------------------------------------------------------------------------------

def _csw_row(source: dict[str, str], by_symbol: dict[str, str]) -> Row:
    start, end, dates_note = _term(source["term_start"], source["term_end"])
    reason, reason_note = _end_reason(source["end_reason"], by_symbol)
    return {
        "body_id": "csw", "country_id": source["iso3"], "start": start, "end": end,
        "service_end": source["service_end"] or None, "end_reason": reason,
        "election_year": source["elected_on"][:4] or None,
        "source_url": source["source_url"],
        "notes": _join(dates_note, reason_note, source["notes"]),
    }


def _end_reason(text: str, by_symbol: dict[str, str]) -> tuple[str | None, str | None]:
    """A short end_reason naming the vote (when we have it); the source's full wording goes to notes."""
    if not text:
        return None, None
    match = ECOSOC_SYMBOL.search(text)
    vote_id = by_symbol.get(match.group(0)) if match else None
    if vote_id is None:
        return text, None
    head = text.split(":")[0].strip()
    return f"{head} (vote {vote_id}, draft {match.group(0)})", f"End of service: {text}."


def _ecosoc_rows(sources: list[dict[str, str]]) -> tuple[list[Row], list[Skipped]]:
    rows, skipped = [], []
    for source in sources:
        if not source["term_start_year"] or not source["term_end_year"]:
            skipped.append(Skipped("ecosoc", source["iso3"], None, None,
                                   "the sources read give no term years"))
            continue
        start, end, dates_note = _term(source["term_start_year"], source["term_end_year"])
        if flag := UNCONFIRMED.search(source["notes"]):
            skipped.append(Skipped("ecosoc", source["iso3"], start, end,
                                   f"elected for terms covering {flag.group(1)}, but the research "
                                   "file marks their membership on that day as not confirmed"))
            continue
        elected = ELECTED.search(source["notes"])
        rows.append({
            "body_id": "ecosoc", "country_id": source["iso3"], "start": start, "end": end,
            "service_end": None, "end_reason": None,
            "election_year": elected.group(1) if elected else None,
            "source_url": source["source_url"], "notes": _join(dates_note, source["notes"]),
        })
    return rows, skipped


# UPR, mandates, statements ----------------------------------------------------------------

def _upr_row(source: dict[str, str]) -> Row:
    participation = source["participation"] or "scheduled"
    assumed = None if source["participation"] else (
        "Imported as 'scheduled': the source shows the review on the session's schedule; "
        "whether it took place is not known from the sources read.")
    return {
        "country_id": source["iso3"], "cycle": int(source["cycle"]),
        "wg_session": int(source["wg_session"]) if source["wg_session"] else None,
        "review_date": source["review_date"] or None, "participation": participation,
        "outcome_symbol": source["outcome_symbol"] or None,
        "source_url": source["source_url"], "notes": _join(source["notes"], assumed),
    }


def _votes_by_symbol(votes: dict[str, Row]) -> dict[str, str]:
    """Symbol -> vote id for texts with exactly one resolution or decision vote."""
    found: dict[str, list[str]] = {}
    for vote in votes.values():
        if vote["symbol"] and vote["kind"] in ("resolution", "decision"):
            found.setdefault(str(vote["symbol"]), []).append(str(vote["id"]))
    return {symbol: ids[0] for symbol, ids in found.items() if len(ids) == 1}


def _mandate_rows(sources: list[dict[str, str]], by_symbol: dict[str, str]) -> tuple[list[Row], list[Row]]:
    mandates, texts = [], []
    for source in sources:
        created_on, precision = first_day(source["created_on"])
        symbol = source["created_by"]
        mandates.append({
            "id": source["id"], "country_id": source["country_iso3"], "kind": source["kind"],
            "title": source["title"], "created_by_vote_id": by_symbol.get(symbol),
            "created_by_symbol": symbol, "created_on": created_on, "created_on_precision": precision,
            "ended_on": source["ended_on"] or None,
            "source_url": source["source_url"], "notes": source["notes"] or None,
        })
        later = "renewed" if source["kind"] in RENEWED_KINDS else "extended"
        entries = [("created", symbol)] + [(later, s.strip()) for s in source["renewed_by"].split(";") if s.strip()]
        for seq, (action, entry) in enumerate(entries, start=1):
            texts.append(_mandate_text(source, seq, action, entry, by_symbol))
    return mandates, texts


def _mandate_text(source: dict[str, str], seq: int, action: str, entry: str,
                  by_symbol: dict[str, str]) -> Row:
    if entry.startswith("[") and entry.endswith("]"):
        symbol, vote_id = None, None
        note = f"The sources give no symbol for this text: {entry[1:-1]}."
    else:
        symbol, vote_id = entry, by_symbol.get(entry)
        note = _join("Draft symbol; the final resolution symbol was not found." if DRAFT.fullmatch(entry) else None,
                     None if vote_id else "No recorded vote for this text in votes (adopted without a vote, "
                                          "or a vote missing from our data; see the mandate's notes).")
    return {"mandate_id": source["id"], "seq": seq, "action": action, "symbol": symbol,
            "vote_id": vote_id, "source_url": source["source_url"], "notes": note}


def _statement_rows(sources: list[dict[str, str]]) -> tuple[list[Row], list[Row], list[Row]]:
    statements, countries, organisations = [], [], []
    for source in sources:
        day, precision = first_day(source["date"])
        statements.append({
            "id": source["id"], "date": day, "date_precision": precision, "title": source["title"],
            "kind": source["kind"], "addressed_body_id": source["addressed_body"], "url": source["url"],
            "source_url": source["source_url"], "notes": source["notes"] or None,
        })
        link = {"statement_id": source["id"], "source_url": source["source_url"]}
        countries += [{**link, "country_id": c.strip()} for c in source["countries_concerned"].split(";") if c.strip()]
        organisations += [{**link, "organisation": o.strip()} for o in source["organisations"].split(";") if o.strip()]
    return statements, countries, organisations


# Roll calls against the story memberships -------------------------------------------------

def annotate_story_roll_calls(votes: dict[str, Row], positions: dict[tuple[str, str], Row],
                              record: StoriesRecord, countries: list[Row], seats: list[dict[str, str]]) -> list[str]:
    """Compare each day-dated roll call of a story body with the imported members on that day.

    The differences go into the vote's notes: voters who are not members in our data (with
    the reason where the research file has the country but it was not imported), members
    with no position, and how far our members fill each regional group's seats, so that a
    reader can tell a conflict in the source from a gap in our data. The codes are
    acknowledged, so the shipped data validates while the conflict stays on the page.
    """
    bodies = {str(m["body_id"]) for m in record.memberships}
    recorded = countries_by_vote(positions)
    changed = []
    for vote in votes.values():
        body, day = str(vote["body_id"]), str(vote["date"])
        if body not in bodies or vote["date_precision"] != "day":
            continue
        members = members_on(record.memberships, body, day)
        if not members:
            continue
        voters = recorded.get(str(vote["id"]), set())
        extra, missing = sorted(voters - members), sorted(members - voters)
        if not extra and not missing:
            continue
        vote["notes"] = _join(vote["notes"], _comparison_note(body, day, voters, members, extra, missing,
                                                              record.skipped, countries, seats))
        acknowledge(vote, *(["position-non-member"] if extra else []),
                    *(["missing-member-position"] if missing else []))
        if missing and vote["record_status"] == "complete":
            vote["record_status"] = "partial"
        changed.append(str(vote["id"]))
    return changed


def _comparison_note(body: str, day: str, voters: set[str], members: set[str], extra: list[str],
                     missing: list[str], skipped: list[Skipped], countries: list[Row],
                     seats: list[dict[str, str]]) -> str:
    label = body.upper()
    sentences = [f"Membership check against the {label} memberships in Roll Call's data "
                 f"(sources/stories/{MEMBERSHIP_FILES[body]}): listed voters who are not {label} members on "
                 f"{day} in that data: {_ids(extra)}; members in that data with no position: {_ids(missing)}."]
    left_out = {s.country_id: s for s in skipped
                if s.body_id == body and (s.start is None or covers(s.start, s.end, day))}
    by_reason: dict[str, list[str]] = {}
    for country in extra:
        reason = left_out[country].reason if country in left_out else NOT_IN_SOURCES
        by_reason.setdefault(reason, []).append(country)
    silent = sorted(c for c in left_out if c not in voters)
    for reason, ids in by_reason.items():
        sentences.append(f"{_ids(ids)}: {reason}.")
    if silent:
        sentences.append(f"Also not imported, for the same reasons, and with no position: {_ids(silent)}.")
    sentences.append(_group_sentence(body, members, extra + missing, countries, seats))
    return " ".join(sentences)


def _group_sentence(body: str, members: set[str], differing: list[str], countries: list[Row],
                    seats: list[dict[str, str]]) -> str:
    group_of = {str(c["id"]): c["regional_group_id"] for c in countries}
    names = {g["id"]: g["name"] for g in regional_group_rows()}
    filled, short = [], []
    for row in sorted(seats, key=lambda r: r["regional_group_id"]):
        if row["body_id"] != body:
            continue
        have = sum(1 for m in members if group_of.get(m) == row["regional_group_id"])
        (filled if have == int(row["seats"]) else short).append((row["regional_group_id"], have, int(row["seats"])))
    complete = {g for g, _, _ in filled}
    conflicts = [c for c in differing if group_of.get(c) in complete]
    text = f"Our members on that day fill every seat of {_and([names[g] for g, _, _ in filled]) or 'no group'}"
    if short:
        text += ", but " + _and([f"{names[g]} has {have} for its {total} seats" for g, have, total in short])
    text += "."
    if conflicts:
        text += (f" Within the filled groups the published list and the membership sources disagree "
                 f"({_ids(sorted(conflicts))}); elsewhere the differences may be gaps in our membership data.")
    return text + " The published list is kept as it is."


def _ids(ids: list[str]) -> str:
    return ", ".join(ids) if ids else "none"


def _and(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
