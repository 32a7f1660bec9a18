"""Limits a vote cannot exceed: its date (not after today) and its tally (not above the seats).

A vote dated 2031 would get a /votes/year/2031/ page; 60 votes cast in the 47-seat Council is
a typing slip whatever the tally_note says. `new-vote` refuses a future date by the same rule.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Mapping

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .cells import MAX_REPORTS_PER_CHECK
from .csvtable import RawTable
from .problems import Problems
from .rules import UNIVERSAL_BODIES

CAST = ("yes", "no", "abstain")


def latest_vote_day(environ: Mapping[str, str] | None = None) -> dt.date:
    """The last day a vote may be dated: SOURCE_DATE_EPOCH's day (UTC) when set, else today."""
    epoch = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.datetime.now(dt.timezone.utc).date()


def is_future(day: dt.date, environ: Mapping[str, str] | None = None) -> bool:
    return day > latest_vote_day(environ)


def run_limit_checks(raw: dict[str, RawTable], typed: dict[str, pa.Table], problems: Problems) -> None:
    if "votes" not in typed:
        return
    check_future_dates(raw["votes"], typed["votes"], problems)
    if "bodies" in typed:
        check_seats(raw["votes"], typed, problems)


def check_future_dates(raw: RawTable, votes: pa.Table, problems: Problems) -> None:
    last = latest_vote_day()
    dates = votes.column("date").to_pylist()
    for count, row in enumerate(r for r, day in enumerate(dates) if day is not None and day > last):
        if count == MAX_REPORTS_PER_CHECK:
            break
        problems.add(raw.shown, raw.line(row), "date", "future-date",
                     f"{dates[row]} is after {last} (today, or SOURCE_DATE_EPOCH's day); a vote is recorded "
                     "once it has taken place: check the year")


def check_seats(raw: RawTable, typed: dict[str, pa.Table], problems: Problems) -> None:
    """Votes cast (yes + no + abstain), official or counted from positions, within the body's seats."""
    votes = typed["votes"]
    seats = _seats_on_day(votes, typed)
    counted = _counted(votes, typed.get("positions"))
    # On the General Assembly a country listed before its admission is an acknowledged source
    # slip (position-non-member), so only its official tally is held to the member count.
    elected = ~np.isin(votes.column("body_id").to_numpy(zero_copy_only=False), sorted(UNIVERSAL_BODIES))
    for label, cast in (("official", _official(votes)), ("counted from positions.csv", counted)):
        if cast is None:
            continue
        over = np.flatnonzero((seats >= 0) & (cast > seats) & (elected | (label == "official")))
        for count, row in enumerate(over):
            if count == MAX_REPORTS_PER_CHECK:
                break
            vote = votes.slice(int(row), 1).to_pylist()[0]
            problems.add(raw.shown, raw.line(int(row)), "yes" if label == "official" else "id",
                         "tally-above-seats",
                         f"{cast[row]} votes cast ({label}: yes + no + abstain) but {vote['body_id']} has "
                         f"{seats[row]} seats on {vote['date']}; check the tally and the positions")
        if label == "official" and len(over):
            return  # the counted tally usually repeats the same slip


def _official(votes: pa.Table) -> np.ndarray:
    total = np.zeros(votes.num_rows, np.int64)
    for name in CAST:
        total += pc.fill_null(votes.column(name), 0).to_numpy().astype(np.int64)
    return total


def _counted(votes: pa.Table, positions: pa.Table | None) -> np.ndarray | None:
    if positions is None:
        return None
    cast = pc.is_in(positions.column("position"), value_set=pa.array(CAST))
    vote_ids = pc.filter(positions.column("vote_id"), cast)
    index = pc.index_in(vote_ids, value_set=votes.column("id").combine_chunks()).to_numpy(zero_copy_only=False)
    index = np.nan_to_num(index, nan=-1).astype(np.int64) if index.dtype.kind == "f" else index
    return np.bincount(index[index >= 0], minlength=votes.num_rows)


def _seats_on_day(votes: pa.Table, typed: dict[str, pa.Table]) -> np.ndarray:
    """Seats of each vote's body: bodies.seats, else the sum of body_seats, else (the General
    Assembly and its committees) the UN members on the day; -1 when unknown."""
    bodies = typed["bodies"].to_pydict()
    fixed = {b: s for b, s in zip(bodies["id"], bodies["seats"]) if s is not None}
    if "body_seats" in typed:
        grouped = typed["body_seats"].group_by("body_id").aggregate([("seats", "sum")]).to_pydict()
        for body, seats in zip(grouped["body_id"], grouped["seats_sum"]):
            fixed.setdefault(body, seats)
    members = _members_by_day(typed.get("countries"))
    result = np.full(votes.num_rows, -1, np.int64)
    for row, (body, day) in enumerate(zip(votes.column("body_id").to_pylist(), votes.column("date").to_pylist())):
        if body in fixed:
            result[row] = fixed[body]
        elif body in UNIVERSAL_BODIES and members is not None and day is not None:
            result[row] = members(day)
    return result


def _members_by_day(countries: pa.Table | None):
    """A function: the number of UN members on a day, from countries' un_member_since/until."""
    if countries is None:
        return None
    since = countries.column("un_member_since").to_pylist()
    until = countries.column("un_member_until").to_pylist()
    terms = [(s, u) for s, u in zip(since, until) if s is not None]
    cache: dict[dt.date, int] = {}

    def count(day: dt.date) -> int:
        if day not in cache:
            cache[day] = sum(1 for s, u in terms if s <= day and (u is None or day <= u))
        return cache[day]

    return count
