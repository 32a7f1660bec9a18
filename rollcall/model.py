"""Row types of the index: immutable records the pages read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Tally:
    yes: int
    no: int
    abstain: int
    absent: int

    @property
    def voting(self) -> int:
        return self.yes + self.no + self.abstain

    def as_tuple(self) -> tuple[int, int, int, int]:
        return (self.yes, self.no, self.abstain, self.absent)


@dataclass(frozen=True)
class RegionalGroup:
    id: str
    name: str
    short_name: str
    source_url: str


@dataclass(frozen=True)
class Country:
    id: str
    name: str
    iso2: str | None
    m49: str | None
    group_id: str | None
    status: str
    member_since: date | None
    member_until: date | None
    successor_id: str | None
    source_url: str
    membership_source_url: str | None
    notes: str | None


@dataclass(frozen=True)
class Body:
    id: str
    name: str
    short_name: str
    parent_id: str | None
    founded: date | None
    seats: int | None
    term_years: int | None
    summary: str
    last_checked: date | None
    source_url: str


@dataclass(frozen=True)
class Membership:
    body_id: str
    country_id: str
    start: date
    end: date | None
    service_end: date | None
    end_reason: str | None
    election_year: int | None
    source_url: str
    notes: str | None

    @property
    def served_until(self) -> date | None:
        return self.service_end or self.end


@dataclass(frozen=True)
class Topic:
    id: str
    name: str
    description: str
    source_url: str


@dataclass(frozen=True)
class Vote:
    id: str
    body_id: str
    session: str
    date: date
    date_precision: str
    symbol: str | None
    title: str
    description: str | None
    kind: str
    outcome: str
    official: Tally | None
    official_absent_known: bool
    tally_source_url: str | None
    tally_note: str | None
    record_status: str
    acknowledged: tuple[str, ...]
    source: str
    source_ref: str | None
    source_url: str
    positions_source_url: str | None
    notes: str | None
    draft_symbol: str | None
    undl_id: int | None
    meeting_record: str | None
    committee_report: str | None
    licence: str

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def decade(self) -> str:
        return f"{self.date.year // 10 * 10}s"


@dataclass(frozen=True)
class UprReview:
    country_id: str
    cycle: int
    wg_session: int | None
    review_date: date | None
    participation: str
    outcome_symbol: str | None
    source_url: str
    notes: str | None


@dataclass(frozen=True)
class MandateStep:
    """One text that created, renewed or extended a mandate; `vote_id` when it was a recorded vote we have."""

    action: str
    symbol: str | None
    vote_id: str | None
    source_url: str
    notes: str | None


@dataclass(frozen=True)
class Mandate:
    id: str
    country_id: str
    kind: str
    title: str
    created_on: date | None
    created_on_precision: str | None
    ended_on: date | None
    source_url: str
    notes: str | None
    steps: tuple[MandateStep, ...]


@dataclass(frozen=True)
class Statement:
    id: str
    date: date
    date_precision: str
    title: str
    kind: str
    addressed_body_id: str | None
    url: str
    source_url: str
    notes: str | None
    countries: tuple[str, ...]
    organisations: tuple[str, ...]
