"""The compare view (/compare/?a=CUB&b=USA&about=IRN&topic=…&body=…): a form and a small
script that reads two countries' published JSON slices and a compact list of the votes
(static/compare.json: year, body, subjects, topics of each vote). Without JavaScript the page
links to each country's pre-built table of its positions on texts about other countries."""

from __future__ import annotations

import json
from functools import partial
from typing import Any

from .. import urls
from ..index import Index
from .base import EVERY_VOTE, Page, country_link

COMPARE_INDEX = "static/compare.json"


def compare_page(index: Index) -> Page:
    return Page(urls.compare(), "compare.html", partial(compare_context, index), "Compare two countries", EVERY_VOTE)


def compare_context(index: Index) -> dict[str, Any]:
    voters = sorted((index.countries[c] for c in index.positions.country_ids), key=lambda c: c.name)
    subjects = sorted((index.countries[c] for c in index.subject_votes), key=lambda c: c.name)
    return {
        "voters": [country_link(index, c.id) for c in voters],
        "subjects": [country_link(index, c.id) for c in subjects],
        "topics": sorted(((t.id, t.name) for t in index.topics.values()), key=lambda t: t[1]),
        "bodies": sorted((b.id, b.name) for b in index.bodies.values()),
        "on_pages": [(link, urls.country_on(link.id)) for link in (country_link(index, c.id) for c in voters)],
        "index_url": urls.static("compare.json"),
        "slice_url": urls.country_data("XXX", "json"),
    }


def compare_index(index: Index) -> bytes:
    """Per vote: id, year, body, title shown, subject ids, topic ids (ids sorted, votes by date)."""
    votes = [[v.id, v.year, v.body_id, index.lineage.title(r, v), list(index.vote_subjects.get(v.id, ())),
              list(index.vote_topics.get(v.id, ()))] for r, v in enumerate(index.votes)]
    data = {"countries": {c.id: c.name for c in sorted(index.countries.values(), key=lambda c: c.id)},
            "votes": votes, "vote_url": urls.vote("XXX")}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
