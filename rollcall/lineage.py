"""Which votes belong to the same text: motions, amendments, paragraph votes, the committee
vote and the vote on the whole, tied together from the record (symbols, sessions, reports).

- HRC: an amendment's catalogue title is the title of the text it amends, so votes of one
  session with the same title are one text; its vote on the whole is the resolution or
  decision among them.
- GA: a motion, amendment or paragraph vote recorded under a resolution symbol belongs to
  the resolution with that symbol (when exactly one vote on the whole has it).
- Third Committee: the committee vote belongs to the plenary vote with the same committee
  report and title.
Titles shown for the parts ("Amendment L.40 to …") are derived here, not in templates.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping, Sequence

from .model import Vote

WHOLE = ("resolution", "decision")
#: Order of the steps of one text on one day: motions first, the vote on the whole last.
STEP_ORDER = {"motion": 0, "amendment": 1, "paragraph": 2, "resolution": 3, "decision": 3}
COMMITTEES = {"ga-c3": "ga"}


@dataclass(frozen=True)
class Lineage:
    """Votes grouped by the text they were on."""

    text_of: Mapping[int, int]                 # part row (or committee vote) -> row of the vote on the whole
    story: Mapping[int, tuple[int, ...]]       # any row of a text with several votes -> all of them, in order
    titles: Mapping[int, str]                  # row -> title shown, where it differs from the record's
    steps: Mapping[int, str]                   # row -> short name of the step ("Amendment L.40")

    def title(self, row: int, vote: Vote) -> str:
        return self.titles.get(row, vote.title)

    def parts(self, row: int) -> tuple[int, ...]:
        """The other votes on the text whose vote on the whole is `row` (empty for a part)."""
        if row in self.text_of:
            return ()
        return tuple(r for r in self.story.get(row, ()) if r != row)

    def fold(self, rows: Sequence[int]) -> list[int]:
        """`rows` without the parts whose vote on the whole is also in `rows` (lists show them under it)."""
        present = set(rows)
        return [r for r in rows if self.text_of.get(r) not in present]


def build_lineage(votes: Sequence[Vote]) -> Lineage:
    families = _hrc_families(votes) + _ga_families(votes)
    text_of: dict[int, int] = {}
    story: dict[int, tuple[int, ...]] = {}
    titles: dict[int, str] = {}
    steps: dict[int, str] = {}
    for rows in families:
        heads = [r for r in rows if votes[r].kind in WHOLE and votes[r].body_id not in COMMITTEES]
        head = heads[0] if len(heads) == 1 else None
        ordered = tuple(sorted(rows, key=lambda r: _step_key(votes[r])))
        text_title = votes[head].title if head is not None else votes[rows[0]].title
        for r in ordered:
            story[r] = ordered
            step = _step_name(votes[r])
            steps[r] = step
            if head is not None and r != head:
                text_of[r] = head
            if votes[r].kind not in WHOLE and (head is not None or votes[r].body_id == "hrc"):
                titles[r] = f"{step} to {text_title}" if votes[r].kind == "amendment" else f"{step} on {text_title}"
    return Lineage(MappingProxyType(text_of), MappingProxyType(story), MappingProxyType(titles),
                   MappingProxyType(steps))


def _step_key(vote: Vote) -> tuple:
    committee = vote.body_id in COMMITTEES
    return (not committee, vote.date, STEP_ORDER.get(vote.kind, 2), vote.id)


def _step_name(vote: Vote) -> str:
    if vote.body_id in COMMITTEES:
        return "Third Committee vote"
    if vote.kind == "amendment":
        draft = re.search(r"/(L\.\d+(?:/Rev\.\d+)?)$", vote.symbol or "")
        return f"Amendment {draft.group(1)}" if draft and vote.body_id == "hrc" else "Amendment"
    return {"motion": "Procedural motion", "paragraph": "Separate vote on a paragraph"}.get(vote.kind, "Vote on the whole text")


def normal_title(title: str) -> str:
    """A title compared without case, curly apostrophes or runs of spaces (related votes, texts)."""
    return " ".join(title.lower().replace("’", "'").split())


def _hrc_families(votes: Sequence[Vote]) -> list[list[int]]:
    by_text: dict[tuple[str, str], list[int]] = defaultdict(list)
    for row, vote in enumerate(votes):
        if vote.body_id == "hrc":
            by_text[(vote.session, normal_title(vote.title))].append(row)
    return [rows for rows in by_text.values()
            if len(rows) > 1 and any(votes[r].kind not in WHOLE for r in rows)]


def _ga_families(votes: Sequence[Vote]) -> list[list[int]]:
    by_symbol: dict[str, list[int]] = defaultdict(list)
    for row, vote in enumerate(votes):
        if vote.body_id == "ga" and vote.symbol:
            by_symbol[vote.symbol].append(row)
    families = {}
    for symbol, rows in by_symbol.items():
        if len(rows) > 1 and sum(votes[r].kind in WHOLE for r in rows) == 1:
            families[symbol] = rows
    plenary = {(v.committee_report, normal_title(v.title)): v.symbol for v in votes
               if v.body_id == "ga" and v.kind in WHOLE and v.committee_report and v.symbol}
    for row, vote in enumerate(votes):
        symbol = plenary.get((vote.committee_report, normal_title(vote.title))) if vote.body_id in COMMITTEES else None
        if symbol:
            families.setdefault(symbol, list(by_symbol[symbol])).append(row)
    return [rows for rows in families.values() if len(rows) > 1]
