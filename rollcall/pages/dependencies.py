"""Which pages show some votes: `serve` (live.py), `diff` and the build cache ask this after a
data edit. Each page builder says what its pages show (`Page.shows`); this module only matches
those statements against the facts of the edited votes (their ids, body, decade, and the
countries with a position on them or that they are about)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from ..index import Index
from .base import Page


@dataclass(frozen=True)
class Touched:
    """The facts about some votes that decide which pages show them."""

    votes: frozenset[str]
    countries: frozenset[str]
    places: frozenset[tuple[str, str, str]]   # (country, body, decade) of each position

    def shown_on(self, page: Page) -> bool:
        shows = page.shows
        if shows.every_vote or not self.votes.isdisjoint(shows.votes):
            return True
        if not shows.positions_of & self.countries:
            return False
        if shows.within is None:
            return True
        return any((country, *shows.within) in self.places for country in shows.positions_of)

    def union(self, other: "Touched | None") -> "Touched":
        if other is None:
            return self
        return Touched(self.votes | other.votes, self.countries | other.countries, self.places | other.places)


def touched_by(index: Index, rows: Iterable[int]) -> Touched:
    votes, countries, places = set(), set(), set()
    for row in rows:
        vote = index.votes[row]
        votes.add(vote.id)
        span = index.positions.of_vote(row)
        voters = {index.positions.country_ids[c] for c in index.positions.country[span].tolist()}
        places.update((country, vote.body_id, vote.decade) for country in voters)
        countries.update(voters, index.vote_subjects.get(vote.id, ()))
    return Touched(frozenset(votes), frozenset(countries), frozenset(places))


def touched_with_groups(index: Index, rows: Iterable[int]) -> Touched:
    """`touched_by`, plus the votes grouped with them by title or by text: their pages list
    the edited votes, and may stop listing them once a title changes."""
    rows = list(rows)
    grouped = set(rows)
    for row in rows:
        grouped.update(index.related.get(index.votes[row].id, ()))
        grouped.update(index.lineage.story.get(row, ()))
    facts = touched_by(index, rows)
    return Touched(facts.votes | {index.votes[r].id for r in grouped}, facts.countries, facts.places)


def year_span(index: Index) -> tuple[int, int]:
    """The first and last years of the votes: a fact over every vote that pages showing none
    of them read (a country page's timeline runs to the last vote's year)."""
    years = [v.date.year for v in index.votes]
    return min(years, default=0), max(years, default=0)


def pages_showing(pages: Iterable[Page], touched: Touched) -> list[Page]:
    return [page for page in pages if touched.shown_on(page)]
