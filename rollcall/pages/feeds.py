"""Atom feeds of the latest votes: overall, per body, per topic, and two per country — the
votes it cast a position in (`feed.xml`) and the votes on texts about it (`about.xml`).

Two feeds per country, not one: a country votes in hundreds of roll calls a year, so the few
texts about it would drop out of a combined feed of the latest 50 within weeks.

Every date comes from the data (a vote's date; a feed's `updated` is its newest entry's),
never from the build's clock, so a rebuild writes the same bytes. An entry's id is the vote
page's canonical address, which never changes for a vote id.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any, Iterator, NamedTuple, Sequence

from .. import urls
from ..index import Index
from ..rules import POSITION_LABELS, POSITIONS
from .base import EVERY_VOTE, Page, Shows, newest_first
from .describe import vote_sentence

FEED_SIZE = 50


class FeedHead(NamedTuple):
    id: str
    title: str
    subtitle: str
    self_url: str       # absolute
    page_url: str       # absolute: the page the feed belongs to
    updated: str        # RFC 3339, from the data


class Entry(NamedTuple):
    id: str
    title: str
    url: str
    updated: str
    summary: str
    categories: tuple[str, ...]


def feed_pages(index: Index) -> Iterator[Page]:
    everything = newest_first(index, range(len(index.votes)))[:FEED_SIZE]
    yield _page(index, urls.feed(), urls.home(), "Roll Call: latest votes",
                "The latest recorded votes in the UN bodies that deal with human rights.", everything)
    for body in sorted(index.bodies.values(), key=lambda b: b.id):
        rows = newest_first(index, index.votes_of_body(body.id))[:FEED_SIZE]
        yield _page(index, urls.body_feed(body.id), urls.body(body.id), f"Roll Call: latest votes of the {body.name}",
                    f"The latest recorded votes of the {body.name}.", rows)
    for topic in sorted(index.topics.values(), key=lambda t: t.id):
        rows = newest_first(index, index.topic_votes.get(topic.id, ()))[:FEED_SIZE]
        yield _page(index, urls.topic_feed(topic.id), urls.topic(topic.id), f"Roll Call: latest votes on {topic.name}",
                    f"The latest recorded votes on texts about {topic.name}.", rows)
    for number, country_id in enumerate(index.positions.country_ids):
        country = index.countries[country_id]
        yield Page(urls.country_feed(country_id), "feed.xml", partial(_country_context, index, number),
                   f"Roll Call: latest votes of {country.name}", Shows(positions_of=frozenset([country_id])))
        about = index.subject_votes.get(country_id)
        if about:
            yield _page(index, urls.country_subject_feed(country_id), urls.country(country_id),
                        f"Roll Call: latest votes about {country.name}",
                        f"The latest recorded votes on texts about {country.name}.", newest_first(index, about)[:FEED_SIZE],
                        Shows(positions_of=frozenset([country_id])))


def _page(index: Index, url: str, page: str, title: str, subtitle: str, rows: Sequence[int],
          shows: Shows = EVERY_VOTE) -> Page:
    """A feed of the latest votes of a list: a new or edited vote may enter or leave it."""
    return Page(url, "feed.xml", partial(_context, index, url, page, title, subtitle, tuple(rows)), title, shows)


def _context(index: Index, url: str, page: str, title: str, subtitle: str, rows: Sequence[int]) -> dict[str, Any]:
    entries = [_entry(index, row) for row in rows]
    return {"feed": _head(index, url, page, title, subtitle, rows), "entries": entries}


def _country_context(index: Index, number: int) -> dict[str, Any]:
    """The latest votes a country cast a position in, each saying how it voted."""
    country_id = index.positions.country_ids[number]
    name = index.countries[country_id].name
    mine = index.positions.of_country(number)[-FEED_SIZE:][::-1]   # ordered by vote row: newest last
    rows = index.positions.vote[mine].tolist()
    codes = index.positions.code[mine].tolist()
    entries = [_entry(index, row, f"{name}: {POSITION_LABELS[POSITIONS[code]].lower()}. ")
               for row, code in zip(rows, codes)]
    url = urls.country_feed(country_id)
    head = _head(index, url, urls.country(country_id), f"Roll Call: latest votes of {name}",
                 f"How {name} voted in the latest recorded votes.", rows)
    return {"feed": head, "entries": entries}


def _head(index: Index, url: str, page: str, title: str, subtitle: str, rows: Sequence[int]) -> FeedHead:
    newest = max((index.votes[r].date for r in rows), default=_newest_vote(index))
    return FeedHead(urls.full(url), title, subtitle, urls.full(url), urls.full(page), _timestamp(newest))


def _entry(index: Index, row: int, prefix: str = "") -> Entry:
    vote = index.votes[row]
    body = index.bodies[vote.body_id]
    title = f"{vote.title} ({vote.symbol})" if vote.symbol else vote.title
    topics = tuple(index.topics[t].name for t in index.vote_topics.get(vote.id, ()))
    return Entry(urls.full(urls.vote(vote.id)), title, urls.full(urls.vote(vote.id)), _timestamp(vote.date),
                 f"{prefix}{vote_sentence(vote, body, index.counted_tally(row))}.", (body.short_name,) + topics)


def _newest_vote(index: Index) -> date:
    return index.votes[-1].date if index.votes else date(1945, 10, 24)   # the UN Charter's entry into force


def _timestamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"
