"""How one country voted on the texts about each other country ("Cuba on texts about Iran"),
pre-built so a reader without JavaScript has the answer on one page."""

from __future__ import annotations

from collections import Counter, defaultdict
from functools import partial
from typing import Any, Iterator, NamedTuple

from .. import urls
from ..index import Index
from ..model import Country
from ..rules import POSITION_LABELS, POSITIONS
from .base import OUTCOME_LABELS, Link, Page, Shows, country_link


class OnRow(NamedTuple):
    """One vote about the subject country, and the country's position on it."""

    year: int
    date: str
    url: str
    symbol: str
    title: str
    outcome: str
    outcome_id: str
    position: str
    label: str


class OnSubject(NamedTuple):
    """A country's positions on every recorded vote about one other country."""

    subject: Link
    anchor: str
    rows: list[OnRow]
    counts: list[tuple[str, str, int]]   # (position, label, count), in POSITIONS order
    first: int
    last: int


def positions_on_subjects(index: Index, country_id: str) -> list[OnSubject]:
    """Per subject country (by name), this country's positions on the votes about it, oldest first."""
    if country_id not in index.positions.country_ids:
        return []
    chosen = index.positions.of_country(index.positions.country_ids.index(country_id))
    code_of = dict(zip(index.positions.vote[chosen].tolist(), index.positions.code[chosen].tolist()))
    by_subject: dict[str, list[OnRow]] = defaultdict(list)
    for subject, rows in index.subject_votes.items():
        if subject == country_id:
            continue
        for r in rows:
            if r in code_of:
                by_subject[subject].append(_row(index, r, POSITIONS[code_of[r]]))
    tables = [_table(index, subject, sorted(rows, key=lambda x: (x.date, x.url)))
              for subject, rows in by_subject.items()]
    return sorted(tables, key=lambda t: t.subject.name)


def _row(index: Index, r: int, position: str) -> OnRow:
    vote = index.votes[r]
    return OnRow(vote.year, vote.date.isoformat(), urls.vote(vote.id), vote.symbol or "",
                 index.lineage.title(r, vote), OUTCOME_LABELS[vote.outcome], vote.outcome,
                 position, POSITION_LABELS[position])


def _table(index: Index, subject: str, rows: list[OnRow]) -> OnSubject:
    counts = Counter(row.position for row in rows)
    return OnSubject(country_link(index, subject), f"on-{subject.lower()}", rows,
                     [(p, POSITION_LABELS[p], counts[p]) for p in POSITIONS if counts[p]],
                     rows[0].year, rows[-1].year)


def country_on_pages(index: Index) -> Iterator[Page]:
    for country_id in sorted(index.countries):
        country = index.countries[country_id]
        if country_id in index.positions.country_ids:
            yield Page(urls.country_on(country_id), "country_on.html",
                       partial(on_context, index, country), f"{country.name} on texts about other countries",
                       Shows(positions_of=frozenset([country_id])))


def on_context(index: Index, country: Country) -> dict[str, Any]:
    return {"country": country, "subjects": positions_on_subjects(index, country.id),
            "compare_url": urls.compare()}
