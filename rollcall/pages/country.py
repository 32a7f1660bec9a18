"""The page of one country: membership, terms, voting summary, agreement, its record."""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any, Iterator, NamedTuple

import numpy as np

from .. import urls
from ..public_text import is_store_url, public_note
from ..index import Index
from ..model import Body, Country
from ..rules import POSITIONS, UNIVERSAL_BODIES
from .base import Page, Shows, country_link, newest_first, percent_segments
from .downloads import country_downloads
from .subjects import positions_on_subjects

AGREEMENT_SHOWN = 10
MANDATE_LABELS = {"special-rapporteur": "SR", "fact-finding-mission": "FFM",
                  "commission-of-inquiry": "COI", "other": "Mandate"}
TIMELINE_START = 1945
LANE_HEIGHT = 56


@dataclass(frozen=True)
class RecordRows:
    """A record page's rows: vote rows (in date order) and the country's position codes.

    Kept as arrays: the ~915,000 (vote, position) pairs become Python objects only in the
    render worker that draws the page (fragments.record_rows)."""

    votes: np.ndarray
    codes: np.ndarray

    def __len__(self) -> int:
        return len(self.votes)

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return zip(self.votes.tolist(), self.codes.tolist())


class Record(NamedTuple):
    """One page of a country's voting record: one body, one decade."""

    url: str
    body: Body
    decade: str
    rows: RecordRows


def country_pages(index: Index) -> Iterator[Page]:
    """Each country's page, then the record pages ordered by body and decade (not by country):
    neighbouring record pages then list the same votes, which a render worker draws once."""
    splitter = RecordSplitter(index)
    record_pages = []
    for country_id in sorted(index.countries):
        country = index.countries[country_id]
        records = splitter.pages(country)
        yield Page(urls.country(country.id), "country.html",
                   partial(country_context, index, country, records), country.name,
                   Shows(positions_of=frozenset([country_id])))
        record_pages += [((record.body.id, record.decade, country_id),
                          Page(record.url, "country_record.html",
                               {"country": country, "record": record, "records": records}, country.name,
                               Shows(positions_of=frozenset([country_id]), within=(record.body.id, record.decade))))
                         for record in records]
    record_pages.sort(key=lambda pair: pair[0])
    yield from (page for _, page in record_pages)


def country_context(index: Index, country: Country, records: list[Record]) -> dict[str, Any]:
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
        "about": index.lineage.fold(newest_first(index, index.subject_votes.get(country.id, ()))),
        "about_chart": _about_chart(index, country.id),
        "on_others": positions_on_subjects(index, country.id),
        "on_url": urls.country_on(country.id),
        "mandates": [_mandate(index, m) for m in index.stories.mandates_of(country.id)],
        "upr": index.stories.upr_of(country.id),
        "statements": [statement_view(index, s) for s in index.stories.statements_about(country.id)],
        "term_votes": _term_votes(index, country.id),
        "downloads": country_downloads(country.id),
    }


def _about_chart(index: Index, country_id: str) -> list[dict[str, Any]]:
    """How the votes on texts about the country went, oldest first (resolutions and decisions)."""
    rows = []
    for r in sorted(index.subject_votes.get(country_id, ())):
        vote = index.votes[r]
        if vote.kind not in ("resolution", "decision"):
            continue
        tally = vote.official or index.counted_tally(r)
        rows.append({"url": urls.vote(vote.id), "date": vote.date, "body": index.bodies[vote.body_id].short_name,
                     "symbol": vote.symbol or vote.id, "yes": tally.yes, "no": tally.no, "abstain": tally.abstain,
                     "bar": percent_segments(tally.as_tuple()[:3], POSITIONS[:3])})
    return rows


def _mandate(index: Index, mandate) -> dict[str, Any]:
    steps = [{"action": s.action, "symbol": s.symbol,
              "vote": urls.vote(s.vote_id) if s.vote_id and s.vote_id in index.vote_row else None,
              "source_url": s.source_url, "notes": public_note(s.notes)} for s in mandate.steps]
    source = mandate.source_url
    symbols = [s.symbol for s in mandate.steps if s.symbol]
    if is_store_url(source) and symbols:
        source = urls.document(symbols[0])   # the text that created it, by its citable address
    # The mandate's notes are the contributor's sourcing log (mandates.csv): not shown.
    return {"mandate": mandate, "steps": steps, "source_url": source}


def statement_view(index: Index, statement) -> dict[str, Any]:
    return {"statement": statement,
            "body": index.bodies[statement.addressed_body_id].name if statement.addressed_body_id in index.bodies else None,
            "countries": [country_link(index, c) for c in statement.countries if c in index.countries]}


def _term_votes(index: Index, country_id: str) -> dict[tuple[str, str], dict[str, str]]:
    """Votes named in the reason a term ended early (e.g. removal by an ECOSOC vote), linked."""
    found = {}
    for m in index.memberships:
        if m.country_id == country_id and m.end_reason:
            for word in m.end_reason.replace(",", " ").replace(")", " ").split():
                if word in index.vote_row:
                    found[(m.body_id, m.start.isoformat())] = {"id": word, "url": urls.vote(word)}
    return found


def _terms(index: Index, country_id: str) -> list[dict[str, Any]]:
    rows = []
    for m in index.memberships:
        if m.country_id == country_id and m.body_id not in UNIVERSAL_BODIES:
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
    labels = {b: index.bodies[b].short_name for b in lanes}
    for mandate in index.stories.mandates_of(country_id):
        if mandate.created_on is not None:
            lane = f"mandate:{mandate.id}"
            end = mandate.ended_on or date(last_year, 1, 1)
            labels[lane] = MANDATE_LABELS.get(mandate.kind, "Mandate")
            lanes[lane].append({"x": x(mandate.created_on), "width": max(3, x(end) - x(mandate.created_on)),
                                "label": f"{mandate.title}: from {mandate.created_on.isoformat()}"
                                         f"{' to ' + mandate.ended_on.isoformat() if mandate.ended_on else ''}"})
    # The first and last years are labelled at the edges, so a scaled-down drawing still shows its span.
    ticks = ([{"x": 0, "year": TIMELINE_START, "edge": "start"}]
             + [{"x": x(date(year, 1, 1)), "year": year, "edge": ""} for year in range(1960, last_year - 10, 10)]
             + [{"x": 1000, "year": last_year - 1, "edge": "end"}])
    ordered = sorted(lanes, key=lambda lane: (lane.startswith("mandate:"), lane))
    # Each lane's label sits above its bars, so the drawing scales to a phone's width whole
    # (1945 to today) and the labels can grow there without covering a bar.
    return {"lanes": [{"body": labels[lane], "bars": lanes[lane], "y": i * LANE_HEIGHT,
                       "mandate": lane.startswith("mandate:")} for i, lane in enumerate(ordered)],
            "ticks": ticks, "height": 40 + LANE_HEIGHT * len(lanes), "first": TIMELINE_START, "last": last_year - 1}


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


class RecordSplitter:
    """Splits a country's positions into pages by body and decade, vectorised."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.keys = sorted({(v.body_id, v.decade) for v in index.votes})
        position = {key: i for i, key in enumerate(self.keys)}
        self.key_of_vote = np.array([position[(v.body_id, v.decade)] for v in index.votes], np.int64)

    def places(self, country_id: str) -> set[tuple[str, str]]:
        """The (body, decade) of each of the country's record pages."""
        positions = self.index.positions
        if country_id not in positions.country_ids:
            return set()
        held = self._held[positions.country_ids.index(country_id)]
        return {self.keys[k] for k in np.flatnonzero(held).tolist()}

    @functools.cached_property
    def _held(self) -> np.ndarray:
        """Countries x (body, decade): how many positions each has there, counted once."""
        positions, width = self.index.positions, len(self.keys)
        cells = positions.country.astype(np.int64) * width + self.key_of_vote[positions.vote]
        return np.bincount(cells, minlength=len(positions.country_ids) * width).reshape(-1, width)

    def _chosen(self, country_id: str) -> np.ndarray:
        positions = self.index.positions
        if country_id not in positions.country_ids:
            return positions.by_country[:0]
        return positions.of_country(positions.country_ids.index(country_id))

    def pages(self, country: Country) -> list[Record]:
        index = self.index
        chosen = self._chosen(country.id)
        if not chosen.size:
            return []
        rows = index.positions.vote[chosen]
        keys = self.key_of_vote[rows]
        order = np.lexsort((rows, keys))  # votes are in date order, so rows sort by date
        # Each page's rows are a slice (a view) of the sorted arrays, kept narrow: at ten times
        # the data the record pages hold 10 million of them until they are drawn.
        rows, codes, keys = rows[order].astype(np.int32), index.positions.code[chosen][order], keys[order]
        starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
        pages = []
        for start, end in zip(starts.tolist(), [*starts[1:].tolist(), len(keys)]):
            body, decade = self.keys[int(keys[start])]
            pages.append(Record(urls.country_record(country.id, body, decade), index.bodies[body], decade,
                                RecordRows(rows[start:end], codes[start:end])))
        return pages
