"""The UN Digital Library's General Assembly recorded votes of 2020-2025 (reference/undl/).

`ga_recorded_votes_2020_2025.csv` has one row per Member State per vote: the Library record id,
the resolution symbol, day, catalogue title, committee report, meeting record, the State's
ISO3 code and name, and its vote (Y, N, A, or X for non-voting). `N/A` means none catalogued.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

FILE = "ga_recorded_votes_2020_2025.csv"
COLUMNS = ("source", "undl_id", "resolution", "date", "title", "committee_report", "meeting",
           "ms_code", "ms_name", "vote")
VOTES = {"Y": "yes", "N": "no", "A": "abstain", "X": "absent"}
RECORD_URL = "https://digitallibrary.un.org/record/{}"


@dataclass(frozen=True)
class UndlRecord:
    """One Library record: a vote on one text, with each State's vote."""

    undl_id: str
    symbol: str
    day: str
    title: str
    committee_report: str | None
    meeting: str | None
    line: int
    votes: dict[str, str]  # ISO3 -> yes/no/abstain/absent
    names: dict[str, str]  # name as printed (upper case) -> ISO3

    @property
    def url(self) -> str:
        return RECORD_URL.format(self.undl_id)


def read_undl_recent(path: Path) -> list[UndlRecord]:
    """The file's records in file order; a malformed file stops the import with its line."""
    groups: dict[tuple[str, str], list[tuple[int, dict[str, str]]]] = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise SystemExit(f"{path}:1: 1: the header must be exactly: {','.join(COLUMNS)} [undl-header]")
        for row in reader:
            if row["vote"] not in VOTES:
                raise SystemExit(f"{path}:{reader.line_num}: 10: vote {row['vote']!r} is not Y, N, A or X "
                                 "[undl-vote]")
            groups.setdefault((row["undl_id"], row["resolution"]), []).append((reader.line_num, row))
    return [_record(rows) for rows in groups.values()]


def _record(rows: list[tuple[int, dict[str, str]]]) -> UndlRecord:
    line, first = rows[0]
    return UndlRecord(
        undl_id=first["undl_id"], symbol=" ".join(first["resolution"].split()), day=first["date"],
        title=_known(first["title"]) or "", committee_report=_known(first["committee_report"]),
        meeting=_known(first["meeting"]), line=line,
        votes={r["ms_code"]: VOTES[r["vote"]] for _, r in rows},
        names={r["ms_name"].upper(): r["ms_code"] for _, r in rows},
    )


def _known(text: str) -> str | None:
    text = " ".join(text.split())
    return None if text in ("", "N/A") else text
