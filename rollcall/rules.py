"""Roll Call's domain rules, each written once: positions, membership on a day, the terms of a
record, and how a known problem of a vote is acknowledged.

Everything that adds or checks votes (the importers, the contributor verbs, the validator's
vectorised membership check in checks.py, which applies `members_on` to whole columns) follows
these; nothing here imports the rest of the package.
"""

from __future__ import annotations

from typing import Iterable, Mapping

POSITIONS = ("yes", "no", "abstain", "absent")
"""Positions a country can have on a recorded vote, in display order."""

UNIVERSAL_BODIES = frozenset({"ga", "ga-c3"})
"""Bodies every UN Member State sits on: the site lists no members or terms for them."""

POSITION_LABELS = {"yes": "Yes", "no": "No", "abstain": "Abstain", "absent": "Absent / non-voting"}
"""How each position is written in tables and tallies."""

MAP_POSITION_LABELS = {**POSITION_LABELS, "absent": "Absent"}
"""The shorter labels of map titles and the map legend."""


def covers(start: object, end: object, day: str) -> bool:
    """Does the period from `start` to `end` (open if empty) include `day`? ISO date strings."""
    return str(start) <= day and (not end or day <= str(end))


def term_end(term: Mapping[str, object]) -> object:
    """The last day a membership term was served: an early end of service, else the term's end."""
    ends = [str(e) for e in (term["end"], term["service_end"]) if e]
    return min(ends) if ends else None


def members_on(memberships: Iterable[Mapping[str, object]], body: str, day: str) -> set[str] | None:
    """Countries that sat on `body` on `day` (ISO dates); None when no term of the body is known."""
    terms = [m for m in memberships if m["body_id"] == body]
    if not terms:
        return None
    return {str(m["country_id"]) for m in terms if covers(m["start"], term_end(m), day)}


def countries_by_vote(positions: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    """The countries with a position on each vote, from (vote_id, country_id) keys."""
    by_vote: dict[str, set[str]] = {}
    for vote_id, country in positions:
        by_vote.setdefault(vote_id, set()).add(country)
    return by_vote


def acknowledge(vote: dict[str, object], *codes: str) -> None:
    """Add validation codes to a vote's `acknowledged` (kept sorted, each once): the problem is
    known, explained in the vote's notes, and reported as a note rather than an error."""
    known = set(str(vote.get("acknowledged") or "").split()) | set(codes)
    vote["acknowledged"] = " ".join(sorted(known)) or None


LICENCES = {
    "unga-voeten": "CC0-1.0",
    "undl": "UN-NC",
    "unxml": "UN-attribution",
    "ohchr": "UN-attribution",
    "curated": "CC-BY-4.0",
}
"""The terms of each source a vote row can come from (`source` in votes.csv)."""

_STRICTNESS = ("CC0-1.0", "UN-attribution", "CC-BY-4.0", "UN-NC")

LICENCE_TERMS = {
    "CC0-1.0": "public domain (CC0 1.0)",
    "CC-BY-4.0": "Creative Commons Attribution 4.0 (compiled by Roll Call from the cited documents)",
    "UN-attribution": "United Nations data: acknowledge the United Nations as the source",
    "UN-NC": "Copyright United Nations; non-commercial use, with attribution (UN Digital Library)",
}
"""How each licence value of votes.csv is described to readers."""


def licence_for(source: str) -> str:
    """The terms of a row built from `source` ("a+b" for several): the strictest of its parts."""
    terms = [LICENCES[part] for part in source.split("+")]
    return max(terms, key=_STRICTNESS.index)
