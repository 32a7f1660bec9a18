"""Checks Frictionless cannot express: tallies, membership on the day, overlapping terms.

Each check reads typed tables and reports with the line of the row a contributor must edit.
A vote can acknowledge a known, explained problem (column `acknowledged`, or `tally_note`
for tallies): the problem is then reported as a note, shown on the page, and not an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .cells import MAX_REPORTS_PER_CHECK
from .csvtable import RawTable
from .keys import Encoded, Encodings
from .problems import ERROR, NOTE, Problems
from .rules import POSITIONS, UNIVERSAL_BODIES

NO_END = np.iinfo(np.int32).max


@dataclass(frozen=True)
class Tables:
    """Typed tables and their raw files (for line numbers), as the checks need them."""

    typed: dict[str, pa.Table]
    raw: dict[str, RawTable]
    encodings: Encodings = field(default_factory=Encodings)

    def column(self, table: str, name: str) -> np.ndarray:
        return _to_numpy(self.typed[table].column(name))


def run_checks(tables: Tables, problems: Problems) -> None:
    """Run every cross-table check whose tables loaded."""
    have = set(tables.typed)
    if {"votes", "positions"} <= have:
        check_tallies(tables, problems)
    if {"votes", "positions", "memberships"} <= have:
        check_positions_by_members(tables, problems)
    if "memberships" in have:
        check_membership_periods(tables, problems)
    if "countries" in have:
        check_country_dates(tables, problems)


def acknowledged_codes(tables: Tables) -> list[frozenset[str]]:
    """Per vote row, the problem codes the row acknowledges."""
    values = tables.typed["votes"].column("acknowledged").to_pylist()
    return [frozenset((v or "").split()) for v in values]


def vote_index_of_positions(tables: Tables) -> np.ndarray:
    """For each position row, the row of its vote in votes (or -1)."""
    vote_ids = tables.encodings.of(tables.typed["positions"], "vote_id")
    return vote_ids.index_in(tables.typed["votes"].column("id"))


def position_codes(tables: Tables) -> np.ndarray:
    index = pc.index_in(tables.typed["positions"].column("position"), value_set=pa.array(POSITIONS))
    return _to_numpy(pc.fill_null(index, -1)).astype(np.int64)


def check_tallies(tables: Tables, problems: Problems) -> None:
    """Named positions must add up to each official tally that is known."""
    votes_raw = tables.raw["votes"]
    vote_of = vote_index_of_positions(tables)
    code = position_codes(tables)
    n_votes = tables.typed["votes"].num_rows
    # Counted by (vote + 1, code + 1), so an unknown vote or position falls in row or column 0.
    width = len(POSITIONS) + 1
    cells = np.bincount((vote_of + 1) * width + (code + 1), minlength=(n_votes + 1) * width)
    counts = cells.reshape(n_votes + 1, width)[1:, 1:]
    notes = tables.typed["votes"].column("tally_note").to_pylist()
    for column, name in enumerate(POSITIONS):
        official = tables.typed["votes"].column(name)
        known = _to_numpy(pc.is_valid(official))
        values = _to_numpy(pc.fill_null(official, 0))
        for row in np.flatnonzero(known & (values != counts[:, column])):
            severity = NOTE if notes[row] else ERROR
            hint = ("explained by tally_note" if notes[row] else
                    "correct the positions or the tally, or explain the difference in tally_note")
            problems.add(votes_raw.shown, votes_raw.line(int(row)), name, "tally-mismatch",
                         f"official {name} is {values[row]} but {counts[row, column]} positions are "
                         f"'{name}'; {hint}", severity)


def check_positions_by_members(tables: Tables, problems: Problems) -> None:
    """Only members of the body on the day may have a position; complete records name every member."""
    periods = _MembershipPeriods.from_tables(tables)
    votes = tables.typed["votes"]
    vote_body = periods.body_codes(votes.column("body_id"))
    vote_day = _days(votes.column("date"))
    exact = _to_numpy(votes.column("date_precision")) == "day"
    acknowledged = acknowledged_codes(tables)
    vote_of = vote_index_of_positions(tables)
    countries = periods.country_codes(tables.encodings.of(tables.typed["positions"], "country_id"))
    # A table by (vote + 1, country + 1): row and column 0 take an unknown vote and a country
    # without any term. 0: not checked, 1: not a member on the day, 2: a member.
    width = periods.n_countries + 1
    status = np.zeros((votes.num_rows + 1, width), np.int8)
    checked = np.flatnonzero((vote_body >= 0) & exact)
    status[checked + 1, 0] = 1
    status[checked + 1, 1:] = 1 + periods.covering(vote_body, vote_day, checked, latest_only=True)
    cell = (vote_of + 1) * width + (countries + 1)
    status_of_position = status.ravel()[cell]
    _report_non_members(tables, np.flatnonzero(status_of_position == 1), vote_of, acknowledged, problems)
    recorded = np.zeros(status.size, bool)
    recorded[cell[status_of_position == 2]] = True
    _report_missing_members(tables, periods, vote_body, vote_day, exact, recorded.reshape(status.shape)[:, 1:],
                            acknowledged, problems)


def _report_non_members(tables: Tables, rows: np.ndarray, vote_of: np.ndarray,
                        acknowledged: list[frozenset[str]], problems: Problems) -> None:
    raw = tables.raw["positions"]
    votes = tables.typed["votes"]
    positions = tables.typed["positions"]
    errors = 0
    for row in rows:
        vote = int(vote_of[row])
        severity = NOTE if "position-non-member" in acknowledged[vote] else ERROR
        if severity == ERROR:
            errors += 1
            if errors > MAX_REPORTS_PER_CHECK:
                continue
        country = positions.column("country_id")[int(row)].as_py()
        body = votes.column("body_id")[vote].as_py()
        day = votes.column("date")[vote].as_py()
        hint = ("acknowledged in the vote's notes" if severity == NOTE else
                "check the country id, the vote's date, or the memberships")
        problems.add(raw.shown, raw.line(int(row)), "country_id", "position-non-member",
                     f"{country} was not a member of {body} on {day}; {hint}", severity)
    if errors > MAX_REPORTS_PER_CHECK:
        problems.add(raw.shown, raw.line(int(rows[-1])), "country_id", "position-non-member",
                     f"and {errors - MAX_REPORTS_PER_CHECK} more positions of non-members")


def _report_missing_members(tables: Tables, periods: "_MembershipPeriods", vote_body: np.ndarray,
                            vote_day: np.ndarray, exact: np.ndarray, recorded: np.ndarray,
                            acknowledged: list[frozenset[str]], problems: Problems) -> None:
    """`recorded[v + 1, c]`: vote v has a position of country c, who was a member on the day."""
    votes = tables.typed["votes"]
    raw = tables.raw["votes"]
    complete = _to_numpy(votes.column("record_status")) == "complete"
    elected = (vote_body >= 0) & ~np.isin(_to_numpy(votes.column("body_id")), sorted(UNIVERSAL_BODIES))
    # GA and Third Committee records need not list absentees: a member not named did not vote
    to_check = np.flatnonzero(complete & exact & elected)
    missing = periods.covering(vote_body, vote_day, to_check, latest_only=False) & ~recorded[to_check + 1]
    for vote, row in zip(to_check, missing):
        if row.any():
            names = sorted(periods.country_name(int(c)) for c in np.flatnonzero(row))
            severity = NOTE if "missing-member-position" in acknowledged[vote] else ERROR
            problems.add(raw.shown, raw.line(int(vote)), "record_status", "missing-member-position",
                         f"record_status is complete but member(s) {', '.join(names)} have no position; "
                         "add their positions or set record_status to partial", severity)


def check_membership_periods(tables: Tables, problems: Problems) -> None:
    """A term ends after it starts, and terms of one country on one body never overlap."""
    table = tables.typed["memberships"]
    raw = tables.raw["memberships"]
    body = table.column("body_id").to_pylist()
    country = table.column("country_id").to_pylist()
    start = _days(table.column("start"))
    end = _effective_end(table)
    for row in np.flatnonzero(end < start):
        problems.add(raw.shown, raw.line(int(row)), "end", "end-before-start",
                     "the term ends before it starts; check the start, end and service_end dates")
    order = sorted(range(table.num_rows), key=lambda r: (body[r] or "", country[r] or "", start[r]))
    for before, after in zip(order, order[1:]):
        same = (body[before], country[before]) == (body[after], country[after])
        if same and start[after] <= end[before]:
            problems.add(raw.shown, raw.line(after), "start", "membership-overlap",
                         f"this term of {country[after]} on {body[after]} starts before the term on line "
                         f"{raw.line(before)} ends; fix one of the dates")


def check_country_dates(tables: Tables, problems: Problems) -> None:
    table = tables.typed["countries"]
    raw = tables.raw["countries"]
    since = _days(table.column("un_member_since"), missing=-NO_END)
    until = _days(table.column("un_member_until"))
    for row in np.flatnonzero(until < since):
        problems.add(raw.shown, raw.line(int(row)), "un_member_until", "end-before-start",
                     "un_member_until is before un_member_since; check both dates")


class _MembershipPeriods:
    """Membership terms as integer arrays, for vectorised lookups: `rules.members_on` (a term
    covers a day from its start to `rules.term_end`) applied to whole columns.

    Bodies and countries are numbered by their index in the dictionary-encoded columns of
    memberships; a term counts only when both its body and its country are filled in.
    """

    def __init__(self, bodies: pa.Array, countries: pa.Array, body: np.ndarray, country: np.ndarray,
                 start: np.ndarray, end: np.ndarray) -> None:
        self._bodies = bodies
        self._countries = countries
        self._covered = np.zeros(len(bodies), bool)
        self._covered[body] = True
        self.n_countries = len(countries)
        order = np.lexsort((end, start, country, body))
        self._body, self._country = body[order], country[order]
        self._start, self._end = start[order], end[order]
        # Where one country's terms on a body overlap, the membership check has always asked only
        # the latest term begun by the day (ties: the longest). Such a term decides from its start
        # to the day before the next term of the pair starts.
        same_pair = (self._body[1:] == self._body[:-1]) & (self._country[1:] == self._country[:-1])
        next_start = np.append(np.where(same_pair, self._start[1:], NO_END + 1), NO_END + 1)
        self._latest_end = np.minimum(self._end, next_start - 1)

    @classmethod
    def from_tables(cls, tables: Tables) -> "_MembershipPeriods":
        table = tables.typed["memberships"]
        bodies = tables.encodings.of(table, "body_id")
        countries = tables.encodings.of(table, "country_id")
        keep = (bodies.codes >= 0) & (countries.codes >= 0)
        return cls(bodies.values, countries.values, bodies.codes[keep], countries.codes[keep],
                   _days(table.column("start"))[keep], _effective_end(table)[keep])

    def body_codes(self, bodies: pa.ChunkedArray) -> np.ndarray:
        """The number of each body; -1 for a body with no term (or a missing body)."""
        codes = _to_numpy(pc.fill_null(pc.index_in(bodies, value_set=self._bodies), -1)).astype(np.int64)
        covered = np.append(self._covered, False)  # a missing or unknown body's -1 picks False
        return np.where(covered[codes], codes, -1)

    def country_codes(self, countries: Encoded) -> np.ndarray:
        """The number of each country; -1 for a country never named in memberships (or missing)."""
        return countries.index_in(self._countries)

    def country_name(self, code: int) -> str:
        return self._countries[code].as_py()

    def covering(self, vote_body: np.ndarray, vote_day: np.ndarray, votes: np.ndarray,
                 latest_only: bool) -> np.ndarray:
        """table[i, c]: a term of country c on the body of vote votes[i] covers that vote's day
        (with `latest_only`, the latest term of c begun by the day must cover it)."""
        table = np.zeros((len(votes), self.n_countries), bool)
        ends = self._latest_end if latest_only else self._end
        for body in np.flatnonzero(self._covered):
            mine = np.flatnonzero(vote_body[votes] == body)
            mine = mine[np.argsort(vote_day[votes[mine]], kind="stable")]
            days = vote_day[votes[mine]]
            terms = np.flatnonzero(self._body == body)
            first = np.searchsorted(days, self._start[terms], side="left")
            last = np.searchsorted(days, ends[terms], side="right")
            block = np.zeros((len(mine), self.n_countries), bool)
            for country, begin, stop in zip(self._country[terms], first, last):
                block[begin:stop, country] = True  # the votes from the term's start to its end
            table[mine] = block
        return table


def _effective_end(table: pa.Table) -> np.ndarray:
    end = _days(table.column("end"))
    service_end = _days(table.column("service_end"))
    return np.minimum(end, service_end)


def _days(column: pa.Array, missing: int = NO_END) -> np.ndarray:
    as_int = pc.cast(column, pa.int32())
    return _to_numpy(pc.fill_null(as_int, missing)).astype(np.int64)


def _to_numpy(array) -> np.ndarray:
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    return array.to_numpy(zero_copy_only=False)
