"""Vectorised arithmetic over all positions: tallies, agreement scores, summaries."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Mapping

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .model import Vote
from .rules import POSITIONS

YES, NO, ABSTAIN, ABSENT = range(4)
MIN_SHARED_VOTES = 10


@dataclass(frozen=True)
class Positions:
    """All positions as parallel arrays sorted by (vote row, country id)."""

    vote: np.ndarray       # int32 row in Index.votes
    country: np.ndarray    # int32 row in country_ids
    code: np.ndarray       # int8 index in POSITIONS
    notes: dict[int, tuple[tuple[int, str], ...]]   # vote row -> (country row, note) of its noted positions
    country_ids: tuple[str, ...]
    starts: np.ndarray     # vote row -> first position

    @classmethod
    def from_table(cls, table: pa.Table, vote_row: dict[str, int], country_ids: tuple[str, ...]) -> "Positions":
        vote, country, code, notes = _sorted_arrays(table, vote_row, country_ids)
        positions = cls(vote, country, code, notes, country_ids, _starts(vote, len(vote_row)))
        positions.by_country   # sorted here, once, rather than in each render worker
        return positions

    def replacing_votes(self, rows: list[int], table: pa.Table, vote_row: dict[str, int]) -> "Positions":
        """These positions, with those of the votes at `rows` (sorted) replaced by `table`,
        which holds every position of those votes. Ordered by country only when asked."""
        vote, country, code, notes = _sorted_arrays(table, vote_row, self.country_ids)
        kept, taken, at = [], [], 0
        for row in rows:
            kept.append(slice(at, int(self.starts[row])))
            taken.append(slice(*np.searchsorted(vote, [row, row + 1])))
            at = int(self.starts[row + 1])
        kept.append(slice(at, len(self.vote)))

        def spliced(old: np.ndarray, new: np.ndarray) -> np.ndarray:
            pieces = [piece for k, t in zip(kept, taken) for piece in (old[k], new[t])]
            return np.concatenate(pieces + [old[kept[-1]]])

        replaced = set(rows)
        merged_notes = {row: pairs for row, pairs in self.notes.items() if row not in replaced} | notes
        counts = np.diff(self.starts)
        counts[rows] = [t.stop - t.start for t in taken]
        return Positions(spliced(self.vote, vote), spliced(self.country, country), spliced(self.code, code),
                         dict(sorted(merged_notes.items())), self.country_ids, np.concatenate([[0], np.cumsum(counts)]))

    @functools.cached_property
    def by_country(self) -> np.ndarray:
        """Positions ordered by (country, vote): positions are in vote order, so a stable sort
        by country alone (a radix sort of small integers) keeps each country's votes in order."""
        narrow = next((self.country.astype(t) for t in (np.uint8, np.uint16) if len(self.country_ids) <= np.iinfo(t).max + 1),
                      self.country)
        return np.argsort(narrow, kind="stable").astype(np.int32)

    @functools.cached_property
    def country_starts(self) -> np.ndarray:
        counts = np.bincount(self.country, minlength=len(self.country_ids))
        return np.concatenate([[0], np.cumsum(counts)])

    def of_vote(self, row: int) -> slice:
        return slice(int(self.starts[row]), int(self.starts[row + 1]))

    def of_country(self, index: int) -> np.ndarray:
        return self.by_country[self.country_starts[index]:self.country_starts[index + 1]]

    def tallies(self, n_votes: int) -> np.ndarray:
        return np.bincount(self.vote.astype(np.int64) * 4 + self.code, minlength=n_votes * 4).reshape(n_votes, 4)

    def tallies_by_group(self, n_votes: int, group_of_country: np.ndarray, n_groups: int) -> np.ndarray:
        group = group_of_country[self.country]
        flat = (self.vote.astype(np.int64) * n_groups + group) * 4 + self.code
        return np.bincount(flat, minlength=n_votes * n_groups * 4).reshape(n_votes, n_groups, 4)


def _sorted_arrays(table: pa.Table, vote_row: dict[str, int], country_ids: tuple[str, ...]) -> tuple:
    """(vote row, country row, position code, notes by vote) of the table's positions, sorted
    by vote row and country."""
    vote_ids = pa.array(sorted(vote_row, key=vote_row.get))
    vote = pc.index_in(table.column("vote_id"), value_set=vote_ids).to_numpy().astype(np.int32)
    country = pc.index_in(table.column("country_id"), value_set=pa.array(country_ids)).to_numpy().astype(np.int32)
    code = pc.index_in(table.column("position"), value_set=pa.array(POSITIONS)).to_numpy().astype(np.int8)
    order = np.lexsort((country, vote))
    vote, country, code = vote[order], country[order], code[order]
    return vote, country, code, _notes_by_vote(table.column("note"), order, vote, country)


def _starts(vote: np.ndarray, n_votes: int) -> np.ndarray:
    return np.searchsorted(vote, np.arange(n_votes + 1))


def _notes_by_vote(column: pa.ChunkedArray, order: np.ndarray, vote: np.ndarray,
                   country: np.ndarray) -> dict[int, tuple[tuple[int, str], ...]]:
    """The positions that have a note (a few dozen of 915,000), by vote row: (country row,
    note) pairs in country-id order. `order` sorts the table's rows; vote and country are sorted."""
    present = pc.fill_null(pc.not_equal(column, ""), False).to_numpy(zero_copy_only=False)[order]
    noted = np.flatnonzero(present)
    by_vote: dict[int, list[tuple[int, str]]] = {}
    for at, note in zip(noted.tolist(), column.take(pa.array(order[noted])).to_pylist()):
        by_vote.setdefault(int(vote[at]), []).append((int(country[at]), note))
    return {row: tuple(pairs) for row, pairs in by_vote.items()}


@dataclass(frozen=True)
class Agreement:
    """Pairwise agreement of countries in one body over the votes both took part in."""

    country_ids: tuple[str, ...]
    shared: np.ndarray   # countries x countries: votes both cast yes/no/abstain
    agreed: np.ndarray   # countries x countries: of those, how many the same

    def scores_for(self, country_id: str) -> list[tuple[str, float, int]]:
        """(other country, share agreeing, shared votes), best first, for pairs with enough votes."""
        if country_id not in self.country_ids:
            return []
        i = self.country_ids.index(country_id)
        rows = []
        for j, other in enumerate(self.country_ids):
            n = int(self.shared[i, j])
            if j != i and n >= MIN_SHARED_VOTES:
                rows.append((other, self.agreed[i, j] / n, n))
        return sorted(rows, key=lambda r: (-r[1], r[0]))


def agreement_by_body(positions: Positions, votes: tuple[Vote, ...]) -> dict[str, Agreement]:
    bodies = sorted({v.body_id for v in votes})
    vote_body = np.array([bodies.index(v.body_id) for v in votes], np.int32)
    result = {}
    for b, body in enumerate(bodies):
        mask = (vote_body[positions.vote] == b) & (positions.code != ABSENT)
        if not mask.any():
            continue
        result[body] = _agreement(positions.vote[mask], positions.country[mask], positions.code[mask],
                                  positions.country_ids)
    return result


def agreement_after_edit(agreement: Mapping[str, Agreement], before: Positions, after: Positions,
                         votes: tuple[Vote, ...], rows: list[int]) -> dict[str, Agreement] | None:
    """`agreement_by_body(after, votes)`, from `agreement` (that of `before`) when only the
    positions of the votes at `rows` differ. Each vote adds the outer products of its own
    positions, so the edited votes' are taken out and put in again: at ten times the data a
    position edit then costs milliseconds here, not 1.5 s. None when a country starts or stops
    taking part in a body's votes (the matrices change shape): compute it whole then."""
    result = dict(agreement)
    edited: dict[str, tuple[np.ndarray, np.ndarray, dict[str, int]]] = {}
    for row in rows:
        body = votes[row].body_id
        if body not in result:
            return None
        if body not in edited:
            old = result[body]
            edited[body] = (old.shared.copy(), old.agreed.copy(), {c: i for i, c in enumerate(old.country_ids)})
        shared, agreed, column = edited[body]
        for sign, positions in ((-1, before), (1, after)):
            span = positions.of_vote(row)
            took = positions.code[span] != ABSENT
            ids = [positions.country_ids[c] for c in positions.country[span][took].tolist()]
            if any(i not in column for i in ids):
                return None
            columns, codes = np.array([column[i] for i in ids], np.int64), positions.code[span][took]
            shared[np.ix_(columns, columns)] += sign   # a vote names a country once: no repeats
            for value in (YES, NO, ABSTAIN):
                pick = columns[codes == value]
                agreed[np.ix_(pick, pick)] += sign
    for body, (shared, agreed, _) in edited.items():
        if (np.diagonal(shared) == 0).any():
            return None
        result[body] = Agreement(result[body].country_ids, shared, agreed)
    return result


def _agreement(vote: np.ndarray, country: np.ndarray, code: np.ndarray, country_ids: tuple[str, ...]) -> Agreement:
    present = np.unique(country)
    columns = np.searchsorted(present, country)
    _, rows = np.unique(vote, return_inverse=True)
    shape = (int(rows.max()) + 1, len(present))
    agreed = np.zeros((len(present), len(present)), np.float64)
    took_part = np.zeros(shape, np.float32)
    for value in (YES, NO, ABSTAIN):
        matrix = np.zeros(shape, np.float32)
        pick = code == value
        matrix[rows[pick], columns[pick]] = 1.0
        agreed += matrix.T @ matrix
        took_part += matrix
    shared = took_part.T @ took_part
    ids = tuple(country_ids[i] for i in present)
    return Agreement(ids, np.rint(shared).astype(np.int32), np.rint(agreed).astype(np.int32))


@dataclass(frozen=True)
class Summaries:
    """Per country, body and decade: counts of each position."""

    counts: dict[tuple[str, str, str], tuple[int, int, int, int]]

    @classmethod
    def build(cls, positions: Positions, votes: tuple[Vote, ...]) -> "Summaries":
        keys = sorted({(v.body_id, v.decade) for v in votes})
        key_of_vote = np.array([keys.index((v.body_id, v.decade)) for v in votes], np.int64)
        n_keys, n_countries = len(keys), len(positions.country_ids)
        flat = (positions.country.astype(np.int64) * n_keys + key_of_vote[positions.vote]) * 4 + positions.code
        table = np.bincount(flat, minlength=n_countries * n_keys * 4).reshape(n_countries, n_keys, 4)
        counts = {}
        for c, k in zip(*np.nonzero(table.sum(axis=2))):
            body, decade = keys[k]
            counts[(positions.country_ids[c], body, decade)] = tuple(int(x) for x in table[c, k])
        return cls(counts)

    def after_edit(self, before: Positions, after: Positions, votes: tuple[Vote, ...],
                   rows: list[int]) -> "Summaries":
        """`build(after, votes)`, from these (of `before`) when only the positions of the votes
        at `rows` differ: their counts are taken out and put in again."""
        counts = {key: list(values) for key, values in self.counts.items()}
        for row in rows:
            vote = votes[row]
            for sign, positions in ((-1, before), (1, after)):
                span = positions.of_vote(row)
                for country, code in zip(positions.country[span].tolist(), positions.code[span].tolist()):
                    key = (positions.country_ids[country], vote.body_id, vote.decade)
                    counts.setdefault(key, [0, 0, 0, 0])[code] += sign
        return Summaries({key: tuple(values) for key, values in counts.items() if any(values)})

    def for_country(self, country_id: str) -> list[tuple[str, str, tuple[int, int, int, int]]]:
        return sorted((body, decade, counts) for (cid, body, decade), counts in self.counts.items()
                      if cid == country_id)
