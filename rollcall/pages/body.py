"""The page of one body: what it is, seats, members by year, statistics, its votes."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from functools import partial
from typing import Any, Iterator

from .. import urls
from ..index import Index
from ..model import Body
from ..rules import UNIVERSAL_BODIES
from .base import EVERY_VOTE, Page, country_link, newest_first, paginate
from .country import statement_view
from .freshness import body_coverage, session_coverage

LATEST_SHOWN = 20


def body_pages(index: Index, descriptions: dict[str, str]) -> Iterator[Page]:
    for body in sorted(index.bodies.values(), key=lambda b: b.id):
        rows = newest_first(index, index.votes_of_body(body.id))
        context = partial(body_context, index, body, rows, descriptions.get(body.id))
        yield Page(urls.body(body.id), "body.html", context, body.name, EVERY_VOTE)
        if rows:
            for number, chunk, pager in paginate(index.lineage.fold(rows), lambda n, b=body.id: urls.body_votes(b, n)):
                yield Page(urls.body_votes(body.id, number), "body_votes.html",
                           {"body": body, "rows": chunk, "pager": pager}, body.name, EVERY_VOTE)


def body_context(index: Index, body: Body, rows: list[int], description_html: str | None) -> dict[str, Any]:
    return {
        "body": body,
        "parent": index.bodies[body.parent_id] if body.parent_id else None,
        "description_html": description_html,
        "seats": [{"group": index.groups[g].name, "seats": n} for g, n in index.seats.get(body.id, ())],
        "members_by_year": _members_by_year(index, body.id),
        "per_year": _per_year(index, rows),
        "outcomes": Counter(index.votes[r].outcome for r in rows).most_common(),
        "latest": index.lineage.fold(rows)[:LATEST_SHOWN],
        "vote_count": len(rows),
        "coverage": body_coverage(index, body.id),
        "sessions": session_coverage(index, body.id),
        "votes_url": urls.body_votes(body.id) if rows else None,
        "upr_sessions": _upr_sessions(index) if body.id == "upr" else [],
        "statements": [statement_view(index, s) for s in index.stories.statements_to(body.id)],
    }


def _upr_sessions(index: Index) -> list[dict[str, Any]]:
    """UPR working-group sessions, newest first, with the States reviewed at each."""
    sessions: dict[int, list] = defaultdict(list)
    for review in index.stories.upr:
        if review.wg_session is not None:
            sessions[review.wg_session].append(review)
    return [{"session": number,
             "dates": sorted(r.review_date for r in reviews if r.review_date),
             "reviews": [{"country": country_link(index, r.country_id), "cycle": r.cycle,
                          "participation": r.participation, "date": r.review_date}
                         for r in sorted(reviews, key=lambda r: index.countries[r.country_id].name)]}
            for number, reviews in sorted(sessions.items(), reverse=True)]


def _members_by_year(index: Index, body_id: str) -> list[dict[str, Any]]:
    """Members on 1 July of each year with terms (elected bodies), or counts for the GA."""
    terms = [m for m in index.memberships if m.body_id == body_id]
    if not terms:
        return []
    first = min(m.start.year for m in terms)
    last = max((m.served_until or m.start).year for m in terms)
    years = []
    for year in range(last, first - 1, -1):
        day = date(year, 7, 1)
        members = sorted((m.country_id for m in terms
                          if m.start <= day and (m.served_until is None or day <= m.served_until)),
                         key=lambda c: index.countries[c].name)
        if members:
            listed = [country_link(index, c) for c in members] if body_id not in UNIVERSAL_BODIES else []
            years.append({"year": year, "count": len(members), "members": listed})
    return years


def _per_year(index: Index, rows: list[int]) -> dict[str, Any]:
    counts = Counter(index.votes[r].year for r in rows)
    if not counts:
        return {"bars": [], "max": 0}
    years = range(min(counts), max(counts) + 1)
    top = max(counts.values())
    width = 1000 / len(years)
    bars = [{"year": y, "count": counts.get(y, 0), "x": round(i * width, 1), "width": round(max(width - 1, 1), 1),
             "height": round(120 * counts.get(y, 0) / top, 1)} for i, y in enumerate(years)]
    return {"bars": bars, "max": top, "first": min(counts), "last": max(counts)}
