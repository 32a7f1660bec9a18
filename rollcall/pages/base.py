"""What every page builder shares: the Page record, vote-list rows and pagination."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, Iterator, NamedTuple, Sequence

from .. import urls
from ..index import Index

PAGE_SIZE = 200
OUTCOME_LABELS = {"adopted": "Adopted", "rejected": "Rejected", "unknown": "Not recorded"}


@dataclass(frozen=True)
class Shows:
    """What of the votes a page shows, said by the builder that makes it: `serve`, `diff` and
    the build cache ask it which pages an edit of some votes touches (dependencies.py).

    - `votes`: these votes' own fields (their page, and the related votes it lists); a tuple, not
      a set: a vote page's is listed for every vote, and a set of ~100 ids costs 5 KB;
    - `positions_of`: every vote on which one of these countries has a position or that is about
      one of them, limited to one (body, decade) by `within` (a country's record page);
    - `every_vote`: the lists, counts and facets over all votes.
    """

    votes: tuple[str, ...] = ()
    positions_of: frozenset[str] = frozenset()
    within: tuple[str, str] | None = None
    every_vote: bool = False


EVERY_VOTE = Shows(every_vote=True)
NO_VOTE = Shows()


@dataclass(frozen=True)
class Page:
    """One output page: where it goes, which template draws it, the data it shows, and what of
    the votes it shows (`shows`).

    `context` may be a dict or a zero-argument callable that builds it, so listing all
    pages is cheap and each worker process builds only the contexts of its own pages.
    """

    url: str
    template: str
    context: dict[str, Any] | Callable[[], dict[str, Any]] = field(hash=False)
    title: str = ""
    shows: Shows = field(default=NO_VOTE, hash=False)

    def resolve(self) -> dict[str, Any]:
        return self.context() if callable(self.context) else self.context


class VoteRow(NamedTuple):
    """The short form of a vote used in every list (partials/rows.html)."""

    id: str
    url: str
    date: date
    title: str
    body: str
    kind: str
    symbol: str | None
    outcome: str
    outcome_id: str
    tally: str
    tally_is_official: bool
    parts: tuple["PartRow", ...] = ()


class PartRow(NamedTuple):
    """A motion, amendment, paragraph or committee vote listed under the vote on its text."""

    step: str
    url: str
    date: date
    outcome: str
    outcome_id: str
    tally: str
    tally_is_official: bool


def vote_row(index: Index, row: int) -> VoteRow:
    """The short form of a vote used in every list; a text's other votes are listed under it."""
    vote = index.votes[row]
    tally, official = _tally_text(index, row)
    parts = tuple(part_row(index, r) for r in index.lineage.parts(row))
    return VoteRow(vote.id, urls.vote(vote.id), vote.date, index.lineage.title(row, vote),
                   index.bodies[vote.body_id].short_name, vote.kind, vote.symbol, OUTCOME_LABELS[vote.outcome],
                   vote.outcome, tally, official, parts)


def part_row(index: Index, row: int) -> PartRow:
    vote = index.votes[row]
    tally, official = _tally_text(index, row)
    return PartRow(index.lineage.steps[row], urls.vote(vote.id), vote.date, OUTCOME_LABELS[vote.outcome],
                   vote.outcome, tally, official)


def _tally_text(index: Index, row: int) -> tuple[str, bool]:
    vote = index.votes[row]
    shown = vote.official or index.counted_tally(row)
    return f"{shown.yes}–{shown.no}–{shown.abstain}", vote.official is not None


def long_date(value: date | None) -> str:
    """'24 November 2022' (the site's way of writing a day); '—' for none."""
    if value is None:
        return "—"
    return f"{value.day} {value.strftime('%B')} {value.year}"


def paginate(rows: Sequence[int], url_of: Callable[[int], str], size: int = PAGE_SIZE
             ) -> Iterator[tuple[int, Sequence[int], dict[str, Any]]]:
    """Yield (page number, rows on it, pager context) for a list of vote rows."""
    count = max(1, -(-len(rows) // size))
    for number in range(1, count + 1):
        pager = {
            "number": number, "count": count, "total": len(rows),
            "previous": url_of(number - 1) if number > 1 else None,
            "next": url_of(number + 1) if number < count else None,
        }
        yield number, rows[(number - 1) * size: number * size], pager


def newest_first(index: Index, rows: Sequence[int]) -> list[int]:
    return sorted(rows, key=lambda r: (index.votes[r].date, index.votes[r].id), reverse=True)


class Link(NamedTuple):
    """A link to a country (or topic) page. Tuples with named fields rather than dicts
    throughout the page contexts: Jinja's `x.name` on a dict first fails as an attribute
    (an exception) before it looks the key up, ~1 µs each, thousands of times per build."""

    id: str
    name: str
    url: str


class Segment(NamedTuple):
    """One part of a stacked bar: a position's count, and where it sits in a 0-1000 viewBox."""

    label: str
    value: int
    x: int
    width: int
    share: float


def country_link(index: Index, country_id: str) -> Link:
    country = index.countries[country_id]
    return Link(country.id, country.name, urls.country(country.id))


def percent_segments(counts: Sequence[int], labels: Sequence[str]) -> list[Segment]:
    """Widths (in a 0-1000 viewBox) of a stacked bar, with its labels; zero segments dropped."""
    total = sum(counts) or 1
    segments, x = [], 0
    for value, label in zip(counts, labels):
        if value:
            width = round(1000 * value / total)
            segments.append(Segment(label, value, x, width, value / total))
            x += width
    return segments
