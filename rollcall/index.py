"""Gather step 2: one immutable index of everything the pages show.

Built once from the validated dataset. Row tables become tuples of frozen records; the
915,000 positions stay as numpy arrays sorted by vote, and every aggregate a page needs
(tallies, tallies by regional group, agreement scores, per-decade summaries) is computed
here, vectorised, so rendering only reads.
"""

from __future__ import annotations

import dataclasses

from collections import defaultdict
from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

import numpy as np
import pyarrow as pa

from . import aggregates
from .dataset import Dataset
from .packages.address import site_address
from .lineage import Lineage, build_lineage, normal_title
from .model import Body, Country, Membership, RegionalGroup, Tally, Topic, Vote
from .story_index import Stories, build_stories


@dataclass(frozen=True)
class Index:
    """Everything the site shows, read-only."""

    version: str
    groups: Mapping[str, RegionalGroup]
    countries: Mapping[str, Country]
    bodies: Mapping[str, Body]
    topics: Mapping[str, Topic]
    votes: tuple[Vote, ...]                      # sorted by date, then id
    vote_row: Mapping[str, int]
    memberships: tuple[Membership, ...]
    seats: Mapping[str, tuple[tuple[str, int], ...]]   # body -> (group, seats)
    vote_topics: Mapping[str, tuple[str, ...]]
    topic_votes: Mapping[str, tuple[int, ...]]
    vote_subjects: Mapping[str, tuple[str, ...]]
    subject_votes: Mapping[str, tuple[int, ...]]
    positions: aggregates.Positions
    country_name_rank: np.ndarray                # country row (positions.country_ids) -> rank by name
    counted: np.ndarray                          # votes x 4
    by_group: np.ndarray                         # votes x groups x 4
    group_order: tuple[str | None, ...]
    agreement: Mapping[str, aggregates.Agreement]
    summaries: aggregates.Summaries
    related: Mapping[str, tuple[int, ...]]
    stories: Stories
    lineage: Lineage
    address: str = ""   # the published address (packages/address.py), "" when none is configured

    def vote(self, vote_id: str) -> Vote:
        return self.votes[self.vote_row[vote_id]]

    def counted_tally(self, row: int) -> Tally:
        return Tally(*(int(x) for x in self.counted[row]))

    def votes_of_body(self, body_id: str) -> list[int]:
        return [i for i, v in enumerate(self.votes) if v.body_id == body_id]


def build_index(dataset: Dataset, country_aggregates_of: Index | None = None,
                same_votes_as: Index | None = None) -> Index:
    """The index of `dataset`. For `serve`, which rebuilds it after each edit:
    - `country_aggregates_of`: the country pages' aggregates (agreement, summaries: a third of
      the time) are that index's until `with_country_aggregates`; an edited vote's page, which
      shows none of them, is written first;
    - `same_votes_as`: an index of the same votes table; its votes and their groupings are kept."""
    t = dataset.tables
    countries = {c.id: c for c in _rows(t["countries"], _country)}
    if same_votes_as is None:
        votes = tuple(sorted(_rows(t["votes"], _vote), key=lambda v: (v.date, v.id)))
        vote_row = MappingProxyType({v.id: i for i, v in enumerate(votes)})
        related, lineage = MappingProxyType(_related(votes)), build_lineage(votes)
    else:
        votes, vote_row = same_votes_as.votes, same_votes_as.vote_row
        related, lineage = same_votes_as.related, same_votes_as.lineage
    country_ids = tuple(sorted(countries))
    groups = {g.id: g for g in _rows(t["regional_groups"], _group)}
    group_order = tuple(sorted(groups)) + (None,)
    positions = aggregates.Positions.from_table(t["positions"], vote_row, country_ids)
    group_of_country = _group_of_country(countries, country_ids, group_order)
    vote_topics = _pairs(t["vote_topics"], "vote_id", "topic_id")
    vote_subjects = _pairs(t["vote_subjects"], "vote_id", "country_id")
    return Index(
        version=dataset.package.version,
        groups=MappingProxyType(groups),
        countries=MappingProxyType(countries),
        bodies=MappingProxyType({b.id: b for b in _rows(t["bodies"], _body)}),
        topics=MappingProxyType({x.id: x for x in _rows(t["topics"], _topic)}),
        votes=votes,
        vote_row=vote_row,
        memberships=tuple(sorted(_rows(t["memberships"], _membership),
                                 key=lambda m: (m.body_id, m.start, m.country_id))),
        seats=MappingProxyType(_seats(t["body_seats"])),
        vote_topics=MappingProxyType(vote_topics),
        topic_votes=MappingProxyType(_invert(vote_topics, vote_row)),
        vote_subjects=MappingProxyType(vote_subjects),
        subject_votes=MappingProxyType(_invert(vote_subjects, vote_row)),
        positions=positions,
        country_name_rank=_name_rank(country_ids, countries),
        counted=positions.tallies(len(votes)),
        by_group=positions.tallies_by_group(len(votes), group_of_country, len(group_order)),
        group_order=group_order,
        **(_country_aggregates(positions, votes) if country_aggregates_of is None
           else {"agreement": country_aggregates_of.agreement, "summaries": country_aggregates_of.summaries}),
        related=related,
        stories=build_stories(t),
        address=site_address(dataset.package.metadata),
        lineage=lineage,
    )


def with_positions_of(index: Index, rows: list[int], table: pa.Table,
                      aggregates_current: bool = True) -> tuple[Index, bool]:
    """`index` with the positions of the votes at `rows` (sorted) replaced by `table`, which
    holds every position of those votes, and whether its country aggregates (agreement,
    summaries) are its own. They are patched when they were `index`'s own and can be; else
    they stay `index`'s until `with_country_aggregates`."""
    positions = index.positions.replacing_votes(rows, table, index.vote_row)
    counted, by_group = index.counted.copy(), index.by_group.copy()
    group_of_country = _group_of_country(index.countries, positions.country_ids, index.group_order)
    for row in rows:
        span = positions.of_vote(row)
        code, group = positions.code[span], group_of_country[positions.country[span]]
        counted[row] = np.bincount(code, minlength=4)
        by_group[row] = np.bincount(group * 4 + code, minlength=len(index.group_order) * 4).reshape(-1, 4)
    patched = dataclasses.replace(index, positions=positions, counted=counted, by_group=by_group)
    agreement = (aggregates.agreement_after_edit(index.agreement, index.positions, positions, index.votes, rows)
                 if aggregates_current else None)
    if agreement is None:
        return patched, False
    summaries = index.summaries.after_edit(index.positions, positions, index.votes, rows)
    return dataclasses.replace(patched, agreement=MappingProxyType(agreement), summaries=summaries), True


def _group_of_country(countries: Mapping[str, Country], country_ids: tuple[str, ...],
                      group_order: tuple[str | None, ...]) -> np.ndarray:
    return np.array([group_order.index(countries[c].group_id) for c in country_ids], np.int64)


def with_country_aggregates(index: Index) -> Index:
    return dataclasses.replace(index, **_country_aggregates(index.positions, index.votes))


def _country_aggregates(positions: aggregates.Positions, votes: tuple[Vote, ...]) -> dict:
    """The aggregates only country pages show (agreement between countries, record summaries)."""
    return {"agreement": MappingProxyType(aggregates.agreement_by_body(positions, votes)),
            "summaries": aggregates.Summaries.build(positions, votes)}


def _name_rank(country_ids: tuple[str, ...], countries: Mapping[str, Country]) -> np.ndarray:
    """Each country's place in the list of countries sorted by name (ties: by id)."""
    order = sorted(range(len(country_ids)), key=lambda i: (countries[country_ids[i]].name, country_ids[i]))
    rank = np.empty(len(country_ids), np.int32)
    rank[order] = np.arange(len(country_ids), dtype=np.int32)
    return rank


def _rows(table: pa.Table, make) -> list:
    return [make(row) for row in table.to_pylist()]


def _group(r: dict) -> RegionalGroup:
    return RegionalGroup(r["id"], r["name"], r["short_name"], r["source_url"])


def _country(r: dict) -> Country:
    return Country(r["id"], r["name"], r["iso2"], r["m49"], r["regional_group_id"], r["status"],
                   r["un_member_since"], r["un_member_until"], r["successor_id"], r["source_url"],
                   r["membership_source_url"], r["notes"])


def _body(r: dict) -> Body:
    return Body(r["id"], r["name"], r["short_name"], r["parent_id"], r["founded"], r["seats"],
                r["term_years"], r["summary"], r["last_checked"], r["source_url"])


def _topic(r: dict) -> Topic:
    return Topic(r["id"], r["name"], r["description"], r["source_url"])


def _membership(r: dict) -> Membership:
    return Membership(r["body_id"], r["country_id"], r["start"], r["end"], r["service_end"],
                      r["end_reason"], r["election_year"], r["source_url"], r["notes"])


def _vote(r: dict) -> Vote:
    known = all(r[k] is not None for k in ("yes", "no", "abstain"))
    official = Tally(r["yes"], r["no"], r["abstain"], r["absent"] or 0) if known else None
    return Vote(
        r["id"], r["body_id"], r["session"], r["date"], r["date_precision"], r["symbol"], r["title"],
        r["description"], r["kind"], r["outcome"], official, r["absent"] is not None,
        r["tally_source_url"], r["tally_note"], r["record_status"],
        tuple((r["acknowledged"] or "").split()), r["source"], r["source_ref"], r["source_url"],
        r["positions_source_url"], r["notes"], r["draft_symbol"], r["undl_id"], r["meeting_record"],
        r["committee_report"], r["licence"])


def _seats(table: pa.Table) -> dict[str, tuple[tuple[str, int], ...]]:
    seats: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for r in table.to_pylist():
        seats[r["body_id"]].append((r["regional_group_id"], r["seats"]))
    return {body: tuple(sorted(rows)) for body, rows in seats.items()}


def _pairs(table: pa.Table, key: str, value: str) -> dict[str, tuple[str, ...]]:
    pairs: dict[str, list[str]] = defaultdict(list)
    for k, v in zip(table.column(key).to_pylist(), table.column(value).to_pylist()):
        pairs[k].append(v)
    return {k: tuple(sorted(v)) for k, v in pairs.items()}


def _invert(pairs: Mapping[str, tuple[str, ...]], vote_row: Mapping[str, int]) -> dict[str, tuple[int, ...]]:
    inverted: dict[str, list[int]] = defaultdict(list)
    for vote_id, values in pairs.items():
        for value in values:
            inverted[value].append(vote_row[vote_id])
    return {k: tuple(sorted(v)) for k, v in inverted.items()}


def _related(votes: tuple[Vote, ...]) -> dict[str, tuple[int, ...]]:
    """Votes on the same text: the same title in the same body (other years, amendments, paragraphs)."""
    by_title: dict[tuple[str, str], list[int]] = defaultdict(list)
    for row, vote in enumerate(votes):
        by_title[_title_key(vote)].append(row)
    related: dict[str, tuple[int, ...]] = {}
    for rows in by_title.values():
        _relate(related, votes, rows)
    return related


def related_after_edit(before: tuple[Vote, ...], after: tuple[Vote, ...], related: Mapping[str, tuple[int, ...]],
                       edited: list[int]) -> dict[str, tuple[int, ...]]:
    """`_related(after)`, from `related` (that of `before`) when only the votes at rows `edited`
    changed, and not their ids or bodies: only the groups of their old and new titles are made
    again (at ten times the data, 0.05 s instead of 0.5 s after a title edit in `serve`)."""
    keys = {_title_key(before[r]) for r in edited} | {_title_key(after[r]) for r in edited}
    bodies = {body for body, _ in keys}
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for row, vote in enumerate(after):
        if vote.body_id in bodies and (key := _title_key(vote)) in keys:
            groups[key].append(row)
    updated = dict(related)
    for row in {*edited, *(r for rows in groups.values() for r in rows)}:
        updated.pop(after[row].id, None)
    for rows in groups.values():
        _relate(updated, after, rows)
    return updated


def _relate(related: dict[str, tuple[int, ...]], votes: tuple[Vote, ...], rows: list[int]) -> None:
    if 1 < len(rows) <= 400:
        for row in rows:
            related[votes[row].id] = tuple(r for r in rows if r != row)


def _title_key(vote: Vote) -> tuple[str, str]:
    return (vote.body_id, normal_title(vote.title))
