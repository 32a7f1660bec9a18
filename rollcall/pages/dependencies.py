"""Which pages show a vote: the one rule `serve` (live.py) and `diff` use to choose pages after a
data edit. Page builders decide what a page shows; this module mirrors them for one vote."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from .. import urls
from ..index import Index

#: Templates of the list pages, which show every vote (home, lists by body, year, topic ...).
LIST_TEMPLATES = frozenset({"votes.html", "body_votes.html", "topic.html", "topics.html", "home.html",
                            "body.html", "bodies.html", "countries.html"})


@dataclass
class Shown:
    """The pages (besides the list pages) that show something of some votes, and the countries
    whose pages are among them."""

    pages: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)


def shown_with_votes(index: Index, rows: Iterable[int]) -> Shown:
    """Their own pages, the pages of votes that list them as related, and the pages and record
    pages of every country with a position on them or that they are about."""
    shown = Shown()
    for row in rows:
        vote = index.votes[row]
        shown.pages.add(urls.vote(vote.id))
        shown.pages.update(urls.vote(index.votes[r].id) for r in index.related.get(vote.id, ()))
        shown.pages.update(urls.vote(index.votes[r].id) for r in index.lineage.story.get(row, ()))
        about = index.vote_subjects.get(vote.id, ())
        span = index.positions.of_vote(row)
        for c in index.positions.country[span]:
            country_id = index.positions.country_ids[c]
            shown.countries.add(country_id)
            shown.pages.add(urls.country_record(country_id, vote.body_id, vote.decade))
            if about:
                shown.pages.add(urls.country_on(country_id))
        shown.countries.update(index.vote_subjects.get(vote.id, ()))
    shown.pages.update(urls.country(c) for c in shown.countries)
    return shown
