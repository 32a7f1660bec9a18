"""Browsable lists: all votes (and by year, outcome, kind), topics, countries, bodies."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Callable, Iterator, NamedTuple, Sequence

import numpy as np

from .. import urls
from ..index import Index
from .base import EVERY_VOTE, OUTCOME_LABELS, Page, newest_first, paginate
from .vote import KIND_LABELS


def vote_list_pages(index: Index) -> Iterator[Page]:
    everything = index.lineage.fold(newest_first(index, range(len(index.votes))))
    facets = _facets(index)
    yield from _listing(index, everything, urls.votes, "All recorded votes", facets)
    for facet, values in facets.items():
        for value in values:
            rows = newest_first(index, value.rows)
            if facet != "kind":   # a text's motions and amendments are listed under it
                rows = index.lineage.fold(rows)
            yield from _listing(index, rows, lambda n, f=facet, v=value.id: urls.vote_list(f, v, n),
                                f"Votes: {value.label}", facets)


def topic_pages(index: Index) -> Iterator[Page]:
    topics = [{"topic": t, "url": urls.topic(t.id), "count": len(index.topic_votes.get(t.id, ()))}
              for t in sorted(index.topics.values(), key=lambda t: t.name)]
    yield Page(urls.topics(), "topics.html", {"topics": topics}, "Topics", EVERY_VOTE)
    for topic in index.topics.values():
        rows = index.lineage.fold(newest_first(index, index.topic_votes.get(topic.id, ())))
        for number, chunk, pager in paginate(rows, lambda n, t=topic.id: urls.topic(t, n)):
            yield Page(urls.topic(topic.id, number), "topic.html",
                       {"topic": topic, "rows": chunk, "pager": pager}, topic.name, EVERY_VOTE)


def country_list_page(index: Index) -> Page:
    counts = dict(zip(index.positions.country_ids,
                      np.bincount(index.positions.country, minlength=len(index.positions.country_ids)).tolist()))
    rows = [{"country": c, "url": urls.country(c.id),
             "group": index.groups[c.group_id].short_name if c.group_id else "—",
             "positions": counts.get(c.id, 0)}
            for c in sorted(index.countries.values(), key=lambda c: c.name)]
    return Page(urls.countries(), "countries.html", {"countries": rows}, "Countries", EVERY_VOTE)


def body_list_page(index: Index) -> Page:
    votes = Counter(v.body_id for v in index.votes)
    rows = [{"body": b, "url": urls.body(b.id), "votes": votes.get(b.id, 0)}
            for b in sorted(index.bodies.values(), key=lambda b: b.name)]
    return Page(urls.bodies(), "bodies.html", {"bodies": rows}, "Bodies", EVERY_VOTE)


class FacetValue(NamedTuple):
    """One value of a facet of the vote lists (a year, an outcome, a kind, a body)."""

    id: str
    label: str
    rows: list[int]
    url: str
    count: int


def _facets(index: Index) -> dict[str, list[FacetValue]]:
    by: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for row, vote in enumerate(index.votes):
        by["year"][str(vote.year)].append(row)
        by["outcome"][vote.outcome].append(row)
        by["kind"][vote.kind].append(row)
        by["body"][vote.body_id].append(row)
    labels: dict[str, Callable[[str], str]] = {
        "year": lambda v: v, "outcome": lambda v: OUTCOME_LABELS[v],
        "kind": lambda v: KIND_LABELS[v], "body": lambda v: index.bodies[v].name}
    return {facet: [FacetValue(value, labels[facet](value), rows, urls.vote_list(facet, value), len(rows))
                    for value, rows in sorted(values.items(), reverse=facet == "year")]
            for facet, values in by.items()}


def _listing(index: Index, rows: Sequence[int], url_of, heading: str,
             facets: dict[str, list[FacetValue]]) -> Iterator[Page]:
    for number, chunk, pager in paginate(rows, url_of):
        yield Page(url_of(number), "votes.html",
                   {"heading": heading, "rows": chunk, "pager": pager, "facets": facets, "current": url_of(1)},
                   heading, EVERY_VOTE)
