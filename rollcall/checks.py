"""Checks Frictionless cannot express: tallies, membership on the day, overlapping terms.

Each check reads typed tables and reports with the line of the row a contributor must edit.
A vote can acknowledge a known, explained problem (column `acknowledged`, or `tally_note`
for tallies): the problem is then reported as a note, shown on the page, and not an error.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .cells import MAX_REPORTS_PER_CHECK
from .csvtable import RawTable
from .problems import ERROR, NOTE, Problems

POSITIONS = ("yes", "no", "abstain", "absent")
NO_END = np.iinfo(np.int32).max


@dataclass(frozen=True)
class Tables:
    """Typed tables and their raw files (for line numbers), as the checks need them."""

    typed: dict[str, pa.Table]
    raw: dict[str, RawTable]

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
    index = pc.index_in(tables.typed["positions"].column("vote_id"), value_set=tables.typed["votes"].column("id"))
    return _to_numpy(pc.fill_null(index, -1)).astype(np.int64)


def position_codes(tables: Tables) -> np.ndarray:
    index = pc.index_in(tables.typed["positions"].column("position"), value_set=pa.array(POSITIONS))
    return _to_numpy(pc.fill_null(index, -1)).astype(np.int64)


def check_tallies(tables: Tables, problems: Problems) -> None:
    """Named positions must add up to each official tally that is known."""
    votes_raw = tables.raw["votes"]
    vote_of = vote_index_of_positions(tables)
    code = position_codes(tables)
    ok = (vote_of >= 0) & (code >= 0)
    n_votes = tables.typed["votes"].num_rows
    counts = np.bincount(vote_of[ok] * 4 + code[ok], minlength=n_votes * 4).reshape(n_votes, 4)
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
    vote_body = _to_numpy(votes.column("body_id")).astype(object)
    vote_day = _days(votes.column("date"))
    exact = _to_numpy(votes.column("date_precision")) == "day"
    acknowledged = acknowledged_codes(tables)
    vote_of = vote_index_of_positions(tables)
    countries = _to_numpy(tables.typed["positions"].column("country_id")).astype(object)
    checked = (vote_of >= 0) & np.array([periods.covers_body(b) for b in vote_body], bool)[vote_of.clip(0)]
    checked &= exact[vote_of.clip(0)]
    rows = np.flatnonzero(checked)
    member = periods.is_member(vote_body[vote_of[rows]], countries[rows], vote_day[vote_of[rows]])
    _report_non_members(tables, rows[~member], vote_of, acknowledged, problems)
    _report_missing_members(tables, periods, vote_of[rows[member]], countries[rows[member]],
                            exact, acknowledged, problems)


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


def _report_missing_members(tables: Tables, periods: "_MembershipPeriods", vote_rows: np.ndarray,
                            member_ids: np.ndarray, exact: np.ndarray,
                            acknowledged: list[frozenset[str]], problems: Problems) -> None:
    votes = tables.typed["votes"]
    raw = tables.raw["votes"]
    bodies = votes.column("body_id").to_pylist()
    complete = _to_numpy(votes.column("record_status")) == "complete"
    elected = np.array([periods.covers_body(b) and b != "ga" for b in bodies], bool)
    to_check = complete & exact & elected  # GA records never list absentees, so are never complete
    keep = to_check[vote_rows]
    present: dict[int, set[str]] = {}
    for vote, country in zip(vote_rows[keep].tolist(), member_ids[keep].tolist()):
        present.setdefault(vote, set()).add(country)
    days = _days(votes.column("date"))
    for vote in np.flatnonzero(to_check):
        body = bodies[vote]
        missing = sorted(periods.members_on(body, int(days[vote])) - present.get(int(vote), set()))
        if missing:
            severity = NOTE if "missing-member-position" in acknowledged[vote] else ERROR
            problems.add(raw.shown, raw.line(int(vote)), "record_status", "missing-member-position",
                         f"record_status is complete but member(s) {', '.join(missing)} have no position; "
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
    """Membership intervals per (body, country), as day numbers, for fast lookups."""

    def __init__(self, intervals: dict[tuple[str, str], list[tuple[int, int]]]) -> None:
        self._intervals = intervals
        self._bodies = frozenset(body for body, _ in intervals)

    @classmethod
    def from_tables(cls, tables: Tables) -> "_MembershipPeriods":
        table = tables.typed["memberships"]
        intervals: dict[tuple[str, str], list[tuple[int, int]]] = {}
        starts = _days(table.column("start"))
        ends = _effective_end(table)
        for body, country, start, end in zip(table.column("body_id").to_pylist(),
                                             table.column("country_id").to_pylist(), starts, ends):
            if body and country:
                intervals.setdefault((body, country), []).append((int(start), int(end)))
        return cls(intervals)

    def covers_body(self, body: str) -> bool:
        return body in self._bodies

    def is_member(self, bodies: np.ndarray, countries: np.ndarray, days: np.ndarray) -> np.ndarray:
        """Vectorised: for each (body, country, day), is there a period covering the day?"""
        keys = sorted(self._intervals)
        key_id = {key: i for i, key in enumerate(keys)}
        spans = [(key_id[k], s, e) for k in keys for s, e in sorted(self._intervals[k])]
        pair = np.array([p for p, _, _ in spans], np.int64)
        start = np.array([s for _, s, _ in spans], np.int64)
        end = np.array([e for _, _, e in spans], np.int64)
        query_pair = _pair_ids(bodies, countries, keys)
        shift = np.int64(1 << 32)
        combined = pair * shift + (start + (1 << 31))
        query = query_pair * shift + (np.asarray(days, np.int64) + (1 << 31))
        at = np.searchsorted(combined, query, side="right") - 1
        safe = at.clip(0)
        return (query_pair >= 0) & (at >= 0) & (pair[safe] == query_pair) & (end[safe] >= days)

    def members_on(self, body: str, day: int) -> set[str]:
        return {country for (b, country), spans in self._intervals.items()
                if b == body and any(s <= day <= e for s, e in spans)}


def _pair_ids(bodies: np.ndarray, countries: np.ndarray, keys: list[tuple[str, str]]) -> np.ndarray:
    """Row of each (body, country) pair in `keys`, or -1; vectorised through pyarrow."""
    joined = pc.binary_join_element_wise(pa.array(bodies, pa.string()), pa.array(countries, pa.string()), "\x1f")
    known = pa.array([f"{b}\x1f{c}" for b, c in keys], pa.string())
    return _to_numpy(pc.fill_null(pc.index_in(joined, value_set=known), -1)).astype(np.int64)


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
