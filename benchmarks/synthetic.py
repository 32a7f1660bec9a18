"""Synthetic but realistic enlargements of datasets/ for the scale benchmark (benchmarks/run.py --scale).

`enlarge(datasets, scale, seed)` rewrites a *copy* of datasets/ so that it holds `scale` times the
votes and positions. Copy k (2..scale) of every real vote is a new vote `<id>-x<k>`:

- the same body, session, date, kind, outcome, official tally and sources, so every membership and
  tally rule that held for the real vote holds for the copy (the validator runs on it unchanged);
- a title and notes drawn from the real titles and notes of the same body (so related-vote groups,
  list pages and record pages grow the way recurring resolutions make them grow);
- the real vote's positions, with the yes/no/abstain values shuffled among the countries that cast
  one (the counts, and so the tallies, stay; which country said what changes), each country's note
  kept with that country;
- the real vote's topics and subjects.

Deterministic: the same input, scale and seed give the same bytes. It streams positions.csv
(never more than one vote's positions in memory), so it can write 10x the record on a laptop.
Never run it on the repository's datasets/: run.py gives it a copy in a temporary folder.
"""

from __future__ import annotations

import csv
import hashlib
import random
from collections import defaultdict
from pathlib import Path
from typing import Iterator

CAST = frozenset({"yes", "no", "abstain"})
#: Tables keyed by a vote whose rows are copied with each synthetic vote.
PER_VOTE = ("vote_topics.csv", "vote_subjects.csv")


def enlarge(datasets: Path, scale: int, seed: int = 2026) -> dict[str, int]:
    """Grow the package under `datasets` to `scale` times its votes; the new row counts."""
    if scale < 1:
        raise ValueError("scale must be at least 1")
    counts = {"votes": 0, "positions": 0}
    if scale == 1:
        return counts
    header, votes = _read(datasets / "votes.csv")
    pools = _pools(votes)
    with _appending(datasets / "votes.csv") as writer:
        for k in range(2, scale + 1):
            for vote in votes:
                writer.writerow(_copy_vote(header, vote, k, pools, _rng(seed, vote[0], k)))
                counts["votes"] += 1
    counts["positions"] = _enlarge_positions(datasets / "positions.csv", scale, seed)
    for name in PER_VOTE:
        _enlarge_per_vote(datasets / name, scale)
    return counts


def _read(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        return header, list(reader)


class _appending:
    """A csv writer appending to `path` (the file ends with a newline, as every dataset file does)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self):
        self._handle = self.path.open("a", encoding="utf-8", newline="")
        return csv.writer(self._handle, lineterminator="\n")

    def __exit__(self, *exc) -> None:
        self._handle.close()


def _rng(seed: int, vote_id: str, k: int) -> random.Random:
    """A generator for one copy of one vote: independent of the order copies are written in."""
    digest = hashlib.blake2b(f"{seed}\0{vote_id}\0{k}".encode(), digest_size=8).digest()
    return random.Random(int.from_bytes(digest, "big"))


def _pools(votes: list[list[str]]) -> dict[str, tuple[list[str], list[str]]]:
    """The real titles and notes of each body (votes.csv columns 1 = body_id, 6 = title, last = notes)."""
    titles: dict[str, list[str]] = defaultdict(list)
    notes: dict[str, list[str]] = defaultdict(list)
    for vote in votes:
        titles[vote[1]].append(vote[6])
        notes[vote[1]].append(vote[-1])
    return {body: (titles[body], notes[body]) for body in titles}


def _copy_vote(header: list[str], vote: list[str], k: int, pools, rng: random.Random) -> list[str]:
    row = dict(zip(header, vote))
    titles, notes = pools[row["body_id"]]
    row["id"] = f"{row['id']}-x{k}"
    row["title"] = rng.choice(titles)
    row["notes"] = rng.choice(notes)
    return [row[name] for name in header]


def _enlarge_positions(path: Path, scale: int, seed: int) -> int:
    """Append every copy of every vote's positions, reading one vote's rows at a time per pass."""
    written = 0
    with _appending(path) as writer:
        for k in range(2, scale + 1):
            for vote_id, rows in _by_vote(path):
                for row in _shuffled(rows, _rng(seed, vote_id, k)):
                    writer.writerow([f"{vote_id}-x{k}", *row[1:]])
                    written += 1
    return written


def _by_vote(path: Path) -> Iterator[tuple[str, list[list[str]]]]:
    """The real rows of positions.csv grouped by vote (rows of one vote are adjacent). The
    synthetic rows appended after the real ones (ids ending -xN; no real id does) end the read."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        current, rows = None, []
        for row in reader:
            if _is_copy(row[0]):
                break
            if row[0] != current and rows:
                yield current, rows
                rows = []
            current = row[0]
            rows.append(row)
        if rows:
            yield current, rows


def _is_copy(vote_id: str) -> bool:
    tail = vote_id.rpartition("-x")[2]
    return "-x" in vote_id and tail.isdigit()


def _shuffled(rows: list[list[str]], rng: random.Random) -> list[list[str]]:
    """The rows with the cast positions (yes/no/abstain) shuffled among the countries that cast one."""
    cast = [i for i, row in enumerate(rows) if row[2] in CAST]
    values = [rows[i][2] for i in cast]
    rng.shuffle(values)
    out = [list(row) for row in rows]
    for i, value in zip(cast, values):
        out[i][2] = value
    return out


def _enlarge_per_vote(path: Path, scale: int) -> None:
    header, rows = _read(path)
    with _appending(path) as writer:
        for k in range(2, scale + 1):
            writer.writerows([f"{row[0]}-x{k}", *row[1:]] for row in rows)
