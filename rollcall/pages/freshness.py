"""How current each body's record is: the first and last vote we hold and when it was last checked."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from .. import urls
from ..index import Index


class Coverage(NamedTuple):
    body_id: str
    name: str
    url: str
    votes: int
    first: date | None
    last: date | None
    last_checked: date | None


def body_coverage(index: Index, body_id: str) -> Coverage:
    body = index.bodies[body_id]
    days = [index.votes[r].date for r in index.votes_of_body(body_id)]
    return Coverage(body.id, body.name, urls.body(body.id), len(days), min(days, default=None),
                    max(days, default=None), body.last_checked)


def coverage(index: Index) -> list[Coverage]:
    """Every body with recorded votes, most votes first."""
    rows = [body_coverage(index, b) for b in sorted(index.bodies)]
    return sorted((c for c in rows if c.votes), key=lambda c: (-c.votes, c.body_id))
