"""Human Rights Council member-terms 2006-2026 from the curated election results.

The source gives term years. Days follow the Council's calendar: terms that began before
2013 started on 19 June (the first Council met on 19 June 2006); terms ending in 2007-2011
ended on 18 June; from the 2012 transition (GA resolution 65/281) terms end on 31 December.
By-elections and early departures use the days stated in the row's own notes.
"""

from __future__ import annotations

from pathlib import Path

from ..rowfiles import Row, read_source

#: Days stated in the curated rows' notes (see the `notes` of each row and NOTES.md §2).
BY_ELECTION_START = {("ISL", "2018"): "2018-07-13", ("CZE", "2022"): "2022-05-10"}
EARLY_END = {
    ("USA", "2017"): ("2018-06-19", "withdrew"),
    ("RUS", "2021"): ("2022-04-07", "suspended by GA resolution ES-11/3; resigned the same day"),
}


def term_start(country: str, year: str) -> str:
    if (country, year) in BY_ELECTION_START:
        return BY_ELECTION_START[(country, year)]
    return f"{year}-06-19" if int(year) <= 2012 else f"{year}-01-01"


def term_end(year: str) -> str:
    return f"{year}-06-18" if int(year) <= 2011 else f"{year}-12-31"


def hrc_membership_rows(path: Path) -> list[Row]:
    rows = []
    for source in read_source(path):
        key = (source["iso3"], source["term_start"])
        service_end, reason = EARLY_END.get(key, (None, None))
        rows.append({
            "body_id": "hrc", "country_id": source["iso3"],
            "start": term_start(*key), "end": term_end(source["term_end"]),
            "service_end": service_end, "end_reason": reason,
            "election_year": source["election_year"] or None,
            "source_url": source["source_url"], "notes": source["notes"] or None,
        })
    return rows
