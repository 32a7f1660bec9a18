"""Which countries a vote is about, read from the titles of country-situation texts."""

from __future__ import annotations

import re

import pycountry

from ..rowfiles import Row

SITUATION = re.compile(
    r"situation|human rights in|human rights of|cooperation with|assistance to|technical assistance|"
    r"mission|commission of inquiry|special rapporteur", re.IGNORECASE)
# Some GA "titles" are extracts of the meeting record ("The Acting President: ... sponsors
# include Andorra, ..."): the countries named there are speakers and sponsors, not subjects.
# (ga_cleanup.retitle_transcripts gives those votes real titles; this guards any left.)
VERBATIM = re.compile(r"^\s*(The (Acting )?President|The Chair|Mr\.|Mrs\.|Ms\.)\b")


def name_variants(country: Row) -> set[str]:
    """Names a title may use for a country: the UN name, its short form, ISO names."""
    names = {str(country["name"]), re.sub(r"\s*\(.*\)", "", str(country["name"]))}
    record = pycountry.countries.get(alpha_3=str(country["id"]))
    if record is not None:
        for attribute in ("name", "official_name", "common_name"):
            value = getattr(record, attribute, None)
            if value:
                names.add(value)
                if ", " in value:  # "Iran, Islamic Republic of" -> "Islamic Republic of Iran"
                    head, tail = value.split(", ", 1)
                    names.add(f"{tail} {head}")
    return {n for n in names if len(n) >= 4}


def subject_rows(votes: list[Row], countries: list[Row], curated_ids: set[str]) -> list[Row]:
    matchers = sorted(((name, c["id"]) for c in countries if c["status"] != "former"
                       for name in name_variants(c)), key=lambda item: -len(item[0]))
    patterns = [(re.compile(rf"\b{re.escape(name)}\b", re.IGNORECASE), cid) for name, cid in matchers]
    rows = []
    for vote in votes:
        title = str(vote["title"]).replace("’", "'")
        if not SITUATION.search(title) or VERBATIM.match(title):
            continue
        for cid in _countries_in(title, patterns):
            method = "curated" if vote["id"] in curated_ids else "title"
            rows.append({"vote_id": vote["id"], "country_id": cid, "method": method})
    return rows


def _countries_in(title: str, patterns: list[tuple[re.Pattern, str]]) -> list[str]:
    found: list[str] = []
    remaining = title
    for pattern, cid in patterns:
        if pattern.search(remaining):
            remaining = pattern.sub(" ", remaining)
            if cid not in found:
                found.append(cid)
    return found
