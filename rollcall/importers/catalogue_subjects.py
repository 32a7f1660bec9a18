"""Which countries a vote is about, as the catalogues record it.

The OHCHR Search Library gives each HRC text subject headings after its agenda item
("… -4.Human rights situations that require the Council's attention -IRAN (ISLAMIC REPUBLIC OF)");
the UN Digital Library gives many GA resolutions a heading such as
"HUMAN RIGHTS--IRAN (ISLAMIC REPUBLIC OF)" or "AFGHANISTAN SITUATION". A country named by a
heading is a subject of the vote.

For an HRC text whose OHCHR headings name a country, the headings replace the reading of its
title (which took "Democratic People’s Republic of Korea" for the Republic of Korea); where they
name none (a few country texts are catalogued under their agenda item only, e.g. Eritrea in
A/HRC/RES/56/17) the title is read as before. The Library's field is often only the agenda
item's name ("Question of Namibia."), so for the GA its headings are added to the subjects read
from titles (subjects.py), not put in their place.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..rowfiles import Row, read_source
from .subjects import name_variants

#: Where a heading ends: a '--' subdivision, a ' - ' or '.-' between headings, the full stop
#: after the agenda item's name, a '|' between entries (never a bare '-': GUINEA-BISSAU).
HEADING_BREAK = re.compile(r"--|\s-\s?|\.-|\.\s+|\s*\|\s*")


def country_headings(countries: list[Row]) -> dict[str, str]:
    """Heading text (upper case) -> country id, from every name a country goes by."""
    headings = {}
    for country in countries:
        for name in name_variants(country) | {str(country["name"])}:
            headings.setdefault(name.upper(), str(country["id"]))
    return headings


def subjects_in(catalogue_text: str, headings: dict[str, str]) -> list[str]:
    """Countries named by a whole heading of the catalogue text, in the order they appear."""
    found: list[str] = []
    for part in HEADING_BREAK.split(catalogue_text):
        heading = part.strip(" .").upper().removesuffix(" SITUATION")
        country = headings.get(heading) if part.strip().isupper() else None
        if country and country not in found:
            found.append(country)
    return found


def library_agendas(library: Path) -> dict[str, str]:
    """The Library's subject text of each GA resolution record, by record id."""
    return {r["undl_id"]: r["agenda"] for r in read_source(library / "undl_resolutions_1946_2025.csv")
            if r["body"] == "GA" and r["agenda"] not in ("", "N/A")}


def catalogue_subject_rows(votes: list[Row], countries: list[Row], hrc_agendas: dict[str, str],
                           library: dict[str, str]) -> tuple[list[Row], set[str]]:
    """Subject rows from the catalogues, and the ids of the votes whose titles are not to be read
    for subjects (the HRC votes whose OHCHR headings name a country)."""
    headings = country_headings(countries)
    rows, described = [], set()
    for vote in votes:
        vote_id = str(vote["id"])
        text = hrc_agendas.get(vote_id) or library.get(str(vote.get("undl_id") or ""))
        if not text:
            continue
        found = subjects_in(text, headings)
        if found and vote_id in hrc_agendas:
            described.add(vote_id)
        rows += [{"vote_id": vote_id, "country_id": c, "method": "catalogue"} for c in found]
    return rows, described
