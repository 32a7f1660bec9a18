"""One digest per vote, and the sums of those digests that a country's pages show.

A vote's own digest covers every column of its row in votes.csv and of its rows in
vote_topics.csv and vote_subjects.csv, in file order, and its positions as the index holds
them (country, position and note of each, by country). Its effective digest
also covers the other votes on its text (lineage): a vote is listed with its text's title and
its parts' outcomes and tallies. Digests are two 64-bit lanes; a set of votes (a country's
positions) is summarised by the lanes' sums modulo 2**64 and its size: any change of one vote
changes the sum unless the change of its digest is 0, a chance of 2**-128.
"""

from __future__ import annotations

import hashlib
from typing import Iterable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..dataset import Dataset
from ..index import Index
from ..rules import POSITIONS

PER_VOTE_TABLES = (("votes", "id"), ("positions", "vote_id"), ("vote_topics", "vote_id"),
                   ("vote_subjects", "vote_id"))
LANES = 2
_M1, _M2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)


def mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: a bijection of uint64 that spreads every input bit."""
    x = x ^ (x >> np.uint64(30))
    x = x * _M1
    x = x ^ (x >> np.uint64(27))
    x = x * _M2
    return x ^ (x >> np.uint64(31))


def _value_lanes(column: str, values: list) -> np.ndarray:
    """(len(values) + 1, LANES) uint64: a digest of each distinct value of `column` (its
    name, the value's type and repr); the last row is null's."""
    out = np.empty((len(values) + 1, LANES), np.uint64)
    for i, value in enumerate([*values, None]):
        raw = hashlib.blake2b(f"{column}\0{type(value).__name__}:{value!r}".encode(), digest_size=8 * LANES)
        out[i] = np.frombuffer(raw.digest(), np.uint64)
    return out


def row_lanes(table: pa.Table) -> np.ndarray:
    """(rows, LANES) uint64: a digest of each row, over every column (name and value)."""
    lanes = np.zeros((table.num_rows, LANES), np.uint64)
    for name in table.column_names:
        encoded = pc.dictionary_encode(table.column(name).combine_chunks())
        values = _value_lanes(name, encoded.dictionary.to_pylist())
        codes = encoded.indices.fill_null(len(values) - 1).to_numpy(zero_copy_only=False)
        lanes = mix(lanes ^ values[codes])
    return lanes


def own_digests(index: Index, dataset: Dataset) -> np.ndarray:
    """(votes, LANES) uint64 by index row: each vote's rows in the per-vote tables."""
    total = np.zeros((len(index.votes), LANES), np.uint64)
    total[:, 0] = np.arange(len(index.votes), dtype=np.uint64)   # no vote's digest is another's by accident
    parts = [_table_lanes(index, dataset, name, column) for name, column in PER_VOTE_TABLES if name != "positions"]
    parts.append(_position_lanes(index))
    for number, (vote, lanes) in enumerate(parts):
        if number < len(parts) - 1:   # in file order (a vote's topics are listed in it); positions by country
            order = np.argsort(vote, kind="stable")
            starts = np.searchsorted(vote[order], vote[order], side="left")
            ordinal = np.empty(len(vote), np.uint64)
            ordinal[order] = (np.arange(len(vote)) - starts).astype(np.uint64)
            lanes = mix(lanes ^ mix(ordinal + np.uint64(number << 40))[:, None])
        for lane in range(LANES):
            np.add.at(total[:, lane], vote, lanes[:, lane])
        counts = np.bincount(vote, minlength=len(index.votes)).astype(np.uint64)
        total = mix(total + counts[:, None] * np.uint64(number + 3))
    return total


def _table_lanes(index: Index, dataset: Dataset, name: str, column: str) -> tuple[np.ndarray, np.ndarray]:
    """(vote row of each row, row digests) of one per-vote table, every column."""
    table = dataset.table(name)
    ids = pc.dictionary_encode(table.column(column).combine_chunks())
    rows_of_ids = np.array([index.vote_row[v] for v in ids.dictionary.to_pylist()] or [0], np.int64)
    return rows_of_ids[ids.indices.to_numpy(zero_copy_only=False)], row_lanes(table)


def _position_lanes(index: Index) -> tuple[np.ndarray, np.ndarray]:
    """The positions as the index holds them (every column of positions.csv: vote, country,
    position, note), without hashing a million strings: country and position are small codes."""
    positions = index.positions
    countries = _value_lanes("country_id", list(positions.country_ids))
    codes = _value_lanes("position", list(POSITIONS))
    vote = positions.vote.astype(np.int64)
    pairs = mix(countries[:, None, :] ^ mix(codes)[None, :, :])   # (country, position) -> lanes
    lanes = pairs[positions.country, positions.code]
    noted = sorted(positions.notes)
    if noted:
        notes = np.array([np.frombuffer(hashlib.blake2b(repr(positions.notes[row]).encode(),
                                                        digest_size=8 * LANES).digest(), np.uint64)
                          for row in noted])
        vote = np.concatenate([vote, np.array(noted, np.int64)])
        lanes = np.concatenate([lanes, notes])
    return vote, lanes


def effective_digests(index: Index, own: np.ndarray) -> np.ndarray:
    """Each vote's digest with those of every vote on its text (index.lineage.story)."""
    effective = own.copy()
    for row, story in index.lineage.story.items():
        combined = hashlib.blake2b(own[list(story)].tobytes(), digest_size=8 * LANES).digest()
        effective[row] = np.frombuffer(combined, np.uint64)
    return effective


class VoteDigests:
    """Digests of votes, of every vote, and of the votes of a country (in a body and decade)."""

    def __init__(self, index: Index, dataset: Dataset) -> None:
        self.index = index
        self.effective = effective_digests(index, own_digests(index, dataset))
        self.every_vote = hashlib.blake2b(self.effective.tobytes(), digest_size=20).digest()
        self._positions = self._sums_of_positions()
        self._subjects = self._sums_of_subjects()
        self._tokens: list[bytes] | None = None

    def of_votes(self, ids: Iterable[str]) -> bytes:
        if self._tokens is None:
            raw, width = np.ascontiguousarray(self.effective).tobytes(), 8 * LANES
            self._tokens = [vote.id.encode() + b"\0" + raw[r * width:(r + 1) * width]
                            for r, vote in enumerate(self.index.votes)]
        row = self.index.vote_row
        return b"".join([self._tokens[r] for r in sorted([row[v] for v in ids])])

    def of_country(self, country: str, within: tuple[str, str] | None) -> bytes:
        """The votes with a position of `country` or about it (within one body and decade);
        for a record page also the list of the country's records (its navigation shows it)."""
        own = [self._positions.get((country, *(within or ("", "")))), self._subjects.get((country, *(within or ("", ""))))]
        parts = [country.encode(), repr(own).encode()]
        if within is not None:
            parts.append(repr(sorted(key[1:] for key in self._positions if key[0] == country and key[1])).encode())
        return b"\0".join(parts)

    def _sums_of_positions(self) -> dict[tuple[str, str, str], tuple]:
        """By (country, body, decade) and by (country, "", ""): the sums of the effective
        digests of the votes with a position of the country, and their number."""
        positions, votes = self.index.positions, self.index.votes
        places = sorted({(v.body_id, v.decade) for v in votes})
        number = {p: i for i, p in enumerate(places)}
        place_of_vote = np.array([number[(v.body_id, v.decade)] for v in votes] or [0], np.int64)
        width = len(places) or 1
        keys = positions.country.astype(np.int64) * width + place_of_vote[positions.vote]
        size = len(positions.country_ids) * width
        sums = np.zeros((size, LANES), np.uint64)
        lanes = self.effective[positions.vote]
        for lane in range(LANES):
            np.add.at(sums[:, lane], keys, lanes[:, lane])
        counts = np.bincount(keys, minlength=size)
        result = {}
        for key in np.flatnonzero(counts).tolist():
            result[(positions.country_ids[key // width], *places[key % width])] = (*sums[key].tolist(), int(counts[key]))
        by_country = sums.reshape(len(positions.country_ids), width, LANES).sum(axis=1, dtype=np.uint64)
        country_counts = counts.reshape(len(positions.country_ids), width).sum(axis=1)
        for country in np.flatnonzero(country_counts).tolist():
            result[(positions.country_ids[country], "", "")] = (*by_country[country].tolist(),
                                                                int(country_counts[country]))
        return result

    def _sums_of_subjects(self) -> dict[tuple[str, str, str], tuple]:
        sums: dict[tuple[str, str, str], list] = {}
        for country, rows in self.index.subject_votes.items():
            for row in rows:
                vote = self.index.votes[row]
                for key in ((country, "", ""), (country, vote.body_id, vote.decade)):
                    entry = sums.setdefault(key, [0] * (LANES + 1))
                    for lane in range(LANES):
                        entry[lane] = (entry[lane] + int(self.effective[row, lane])) % (1 << 64)
                    entry[LANES] += 1
        return {key: tuple(value) for key, value in sums.items()}
