"""The page of one country: membership, terms, voting summary, agreement, its record."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from functools import partial
from typing import Any, Iterator

import numpy as np

from .. import urls
from ..index import Index
from ..model import POSITIONS, Country
from .base import Page, country_link, newest_first, percent_segments

AGREEMENT_SHOWN = 10
TIMELINE_START = 1945


def country_pages(index: Index) -> Iterator[Page]:
    splitter = _RecordSplitter(index)
    for country_id in sorted(index.countries):
        country = index.countries[country_id]
        records = splitter.pages(country)
        yield Page(urls.country(country.id), "country.html",
                   partial(country_context, index, country, records), country.name)
        for record in records:
            yield Page(record["url"], "country_record.html",
                       {"country": country, "record": record, "records": records}, country.name)


def country_context(index: Index, country: Country, records: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "country": country,
        "group": index.groups[country.group_id] if country.group_id else None,
        "successor": country_link(index, country.successor_id) if country.successor_id else None,
        "predecessors": [country_link(index, c.id) for c in index.countries.values()
                         if c.successor_id == country.id],
        "terms": _terms(index, country.id),
        "timeline": _timeline(index, country.id),
        "summary": _summary(index, country.id),
        "agreement": _agreement(index, country.id),
        "about": newest_first(index, index.subject_votes.get(country.id, ())),
        "records": records,
    }


def _terms(index: Index, country_id: str) -> list[dict[str, Any]]:
    rows = []
    for m in index.memberships:
        if m.country_id == country_id and m.body_id != "ga":
            rows.append({"body": index.bodies[m.body_id], "body_url": urls.body(m.body_id), "membership": m})
    return sorted(rows, key=lambda r: (r["body"].name, r["membership"].start))


def _timeline(index: Index, country_id: str) -> dict[str, Any]:
    """Bars (in a 0-1000 wide drawing of 1945 to the last year) for each term on each body."""
    last_year = max(v.date.year for v in index.votes) + 1
    span = last_year - TIMELINE_START

    def x(day: date) -> int:
        return round(1000 * (day.year + day.timetuple().tm_yday / 366 - TIMELINE_START) / span)

    lanes: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for m in index.memberships:
        if m.country_id == country_id:
            end = m.served_until or date(last_year, 1, 1)
            lanes[m.body_id].append({"x": x(m.start), "width": max(3, x(end) - x(m.start)),
                                     "label": f"{m.start.isoformat()} to {m.served_until or 'today'}"})
    ticks = [{"x": x(date(year, 1, 1)), "year": year} for year in range(1950, last_year, 10)]
    return {"lanes": [{"body": index.bodies[b].short_name, "bars": bars, "y": 20 + i * 28}
                      for i, (b, bars) in enumerate(sorted(lanes.items()))],
            "ticks": ticks, "height": 40 + 28 * len(lanes)}


def _summary(index: Index, country_id: str) -> list[dict[str, Any]]:
    rows = []
    for body, decade, counts in index.summaries.for_country(country_id):
        rows.append({"body": index.bodies[body].short_name, "body_id": body, "decade": decade,
                     "counts": dict(zip(POSITIONS, counts)), "total": sum(counts),
                     "bar": percent_segments(counts[:3], POSITIONS[:3]),
                     "url": urls.country_record(country_id, body, decade)})
    return rows


def _agreement(index: Index, country_id: str) -> list[dict[str, Any]]:
    result = []
    for body_id, agreement in sorted(index.agreement.items()):
        scores = agreement.scores_for(country_id)
        if not scores:
            continue
        def rows(items):
            return [{"country": country_link(index, other), "score": share, "shared": n} for other, share, n in items]
        result.append({"body": index.bodies[body_id], "most": rows(scores[:AGREEMENT_SHOWN]),
                       "least": rows(list(reversed(scores[-AGREEMENT_SHOWN:])))})
    return result


class _RecordSplitter:
    """Splits a country's positions into pages by body and decade, vectorised."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.keys = sorted({(v.body_id, v.decade) for v in index.votes})
        position = {key: i for i, key in enumerate(self.keys)}
        self.key_of_vote = np.array([position[(v.body_id, v.decade)] for v in index.votes], np.int64)

    def pages(self, country: Country) -> list[dict[str, Any]]:
        index = self.index
        if country.id not in index.positions.country_ids:
            return []
        chosen = index.positions.of_country(index.positions.country_ids.index(country.id))
        rows = index.positions.vote[chosen].astype(np.int64)
        codes = index.positions.code[chosen].astype(np.int64)
        keys = self.key_of_vote[rows]
        order = np.lexsort((rows, keys))  # votes are in date order, so rows sort by date
        rows, codes, keys = rows[order], codes[order], keys[order]
        pages = []
        for key in np.unique(keys):
            body, decade = self.keys[int(key)]
            where = keys == key
            pages.append({"url": urls.country_record(country.id, body, decade), "body": index.bodies[body],
                          "decade": decade, "rows": list(zip(rows[where].tolist(), codes[where].tolist()))})
        return pages
