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


class SessionCoverage(NamedTuple):
    """One session of a body: the votes we hold and how many carry country positions."""

    session: str
    first: date | None
    last: date | None
    votes: int
    with_positions: int


def session_coverage(index: Index, body_id: str) -> list[SessionCoverage]:
    """Every session of a body, newest first: numbered sessions from the first to the last we
    hold (a session with no recorded vote in our data shows as 0, so a gap is visible), then
    special sessions. Empty for a body whose votes carry no session numbers."""
    by_session: dict[str, list[int]] = {}
    for row in index.votes_of_body(body_id):
        by_session.setdefault(index.votes[row].session, []).append(row)
    numbered = sorted(int(s) for s in by_session if s.isdigit())
    if not numbered:
        return []
    regular = [str(n) for n in range(numbered[0], numbered[-1] + 1)]
    special = sorted((s for s in by_session if not s.isdigit()), key=_session_number)
    return [_session_row(index, s, by_session.get(s, [])) for s in reversed(regular)] + [
        _session_row(index, s, by_session[s]) for s in reversed(special)]


def _session_number(session: str) -> tuple[str, int]:
    prefix, _, number = session.rpartition("-")
    return prefix, int(number) if number.isdigit() else 0


def _session_row(index: Index, session: str, rows: list[int]) -> SessionCoverage:
    days = [index.votes[r].date for r in rows]
    starts = index.positions.starts
    with_positions = sum(1 for r in rows if starts[r + 1] > starts[r])
    return SessionCoverage(session, min(days, default=None), max(days, default=None), len(rows), with_positions)


def coverage(index: Index) -> list[Coverage]:
    """Every body with recorded votes, most votes first."""
    rows = [body_coverage(index, b) for b in sorted(index.bodies)]
    return sorted((c for c in rows if c.votes), key=lambda c: (-c.votes, c.body_id))
