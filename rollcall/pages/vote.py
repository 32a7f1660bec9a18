"""The page of one vote: result, map, regional breakdown, every position, related votes."""

from __future__ import annotations

from functools import partial
from typing import Any, Iterator, NamedTuple

import numpy as np

from .. import urls, worldmap
from ..index import Index
from ..model import Vote
from ..rules import LICENCE_TERMS, POSITION_LABELS, POSITIONS
from .base import OUTCOME_LABELS, Link, Page, Segment, Shows, country_link, percent_segments
from .downloads import vote_downloads

KIND_LABELS = {"resolution": "Resolution", "decision": "Decision", "amendment": "Amendment",
               "paragraph": "Separate vote on a paragraph", "motion": "Procedural motion"}
STATUS_LABELS = {
    "complete": "Complete: every member's position is recorded.",
    "partial": "Partial: some members' positions are not in the source (see notes).",
    "doubtful": "Doubtful: sources disagree or a known error is suspected (see notes).",
}
ACKNOWLEDGED_LABELS = {
    "position-non-member": "The source lists a country that was not a member of the body on this day.",
    "missing-member-position": "A member of the body on this day has no recorded position.",
    "tally-mismatch": "The named positions do not add up to the official tally.",
    "control-character": "The source's text holds a control character, kept as the source gives it.",
}
RELATED_SHOWN = 12


class VoteMapMaker:
    """Makes each vote's map data from the index's position arrays.

    Holds, once per build, the shared map shapes and one MapItem per country and position,
    so a vote's map is a few numpy selections and list lookups (7,180 maps per build).
    """

    def __init__(self, index: Index) -> None:
        known = worldmap.shape_ids()
        self.view_box = worldmap.read_view_box()
        ids = index.positions.country_ids
        self.has_shape = np.array([c in known for c in ids], bool)
        self.ids = ids
        self.items = [[worldmap.MapItem(c, index.countries[c].name, position) for c in ids]
                      for position in POSITIONS + (worldmap.UNRECORDED,)]
        self.terms: dict[str, list[tuple[int, Any, Any]]] = {}
        row_of = {c: i for i, c in enumerate(ids)}
        for m in index.memberships:
            if m.country_id in row_of and self.has_shape[row_of[m.country_id]]:
                self.terms.setdefault(m.body_id, []).append((row_of[m.country_id], m.start, m.served_until))

    def make(self, countries: np.ndarray, codes: np.ndarray, vote: Vote | None = None) -> worldmap.VoteMap:
        """The map of one vote: its positions' country rows (sorted by id) and codes; members of
        the body on the day without a recorded position are drawn apart from non-members."""
        shaped = self.has_shape[countries]
        groups = []
        for code, position in enumerate(POSITIONS):
            chosen = countries[shaped & (codes == code)].tolist()
            if chosen:
                items = self.items[code]
                groups.append((position, tuple([items[c] for c in chosen])))
        unrecorded = self._unrecorded(vote, set(countries.tolist())) if vote else []
        if unrecorded:
            items = self.items[len(POSITIONS)]
            groups.append((worldmap.UNRECORDED, tuple(items[c] for c in unrecorded)))
        missing = tuple(self.ids[c] for c in countries[~shaped].tolist())
        return worldmap.VoteMap(self.view_box, urls.static("world.svg"), tuple(groups), missing)

    def _unrecorded(self, vote: Vote, recorded: set[int]) -> list[int]:
        """Rows of the countries that sat on the vote's body that day but have no position."""
        if vote.date_precision != "day":
            return []
        return sorted({c for c, start, end in self.terms.get(vote.body_id, ())
                       if c not in recorded and start <= vote.date and (end is None or vote.date <= end)})


def vote_pages(index: Index, released: dict[str, str] | None = None) -> Iterator[Page]:
    """`released`: vote id -> the release that holds it (pages.released); None: not known."""
    maps = VoteMapMaker(index)
    for row, vote in enumerate(index.votes):
        yield Page(urls.vote(vote.id), "vote.html", partial(vote_context, index, row, maps, released),
                   index.lineage.title(row, vote), vote_shows(index, row))


def vote_shows(index: Index, row: int) -> Shows:
    """A vote page shows its vote, and the titles and outcomes of the related votes and of the
    other votes on its text (its lineage) that it lists."""
    vote = index.votes[row]
    rows = (*index.related.get(vote.id, ()), *index.lineage.story.get(row, ()))
    return Shows(votes=tuple(dict.fromkeys([vote.id, *(index.votes[r].id for r in rows)])))


def vote_context(index: Index, row: int, maps: VoteMapMaker,
                 released: dict[str, str] | None = None) -> dict[str, Any]:
    vote = index.votes[row]
    span = index.positions.of_vote(row)
    codes = index.positions.code[span]
    country_rows = index.positions.country[span]
    counted = index.counted_tally(row)
    return {
        "vote": vote,
        "title": index.lineage.title(row, vote),
        "text": _text(index, row),
        "story": _story(index, row),
        "body": index.bodies[vote.body_id],
        "kind_label": KIND_LABELS[vote.kind],
        "outcome_label": OUTCOME_LABELS[vote.outcome],
        "status_label": STATUS_LABELS[vote.record_status],
        "acknowledged": [ACKNOWLEDGED_LABELS.get(code, code) for code in vote.acknowledged],
        "document_url": urls.document(vote.symbol) if vote.symbol else None,
        "counted": counted,
        "differences": _tally_differences(vote, counted),
        "result_bar": percent_segments(counted.as_tuple()[:3], POSITIONS[:3]),
        "map": maps.make(country_rows, codes, vote),
        "groups": _group_table(index, row),
        "positions": _position_lists(index, country_rows, codes),
        "noted_positions": [{"country": country_link(index, index.positions.country_ids[c]), "note": note}
                            for c, note in index.positions.notes.get(row, ())],
        "related": _related(index, row),
        "topics": [Link(t, index.topics[t].name, urls.topic(t)) for t in index.vote_topics.get(vote.id, ())],
        "subjects": [country_link(index, c) for c in index.vote_subjects.get(vote.id, ())],
        "citation": _citation(index, vote, released),
        "release_url": urls.data_release(released[vote.id]) if released and vote.id in released else None,
        "terms": LICENCE_TERMS[vote.licence],
        "downloads": vote_downloads(vote.id),
        "mandates": [{"action": step.action, "title": mandate.title, "url": urls.country(mandate.country_id) + "#mandates",
                      "country": country_link(index, mandate.country_id)}
                     for mandate, step in index.stories.mandate_steps_of_vote(vote.id)],
    }


def _tally_differences(vote: Vote, counted) -> list[dict[str, Any]]:
    if vote.official is None:
        return []
    rows = []
    for name, official, named in zip(POSITIONS, vote.official.as_tuple(), counted.as_tuple()):
        if name == "absent" and not vote.official_absent_known:
            continue
        if official != named:
            rows.append({"label": POSITION_LABELS[name], "official": official, "named": named})
    return rows


def _group_table(index: Index, row: int) -> list[tuple[int, tuple[int, ...]]]:
    """The regional-group rows of one vote, as (group number, counts) pairs: the rows' HTML is
    made once per distinct pair (fragments.group_rows; 39,600 rows, 6,800 distinct)."""
    return [(g, tuple(counts)) for g, counts in enumerate(index.by_group[row].tolist()) if any(counts)]


class GroupRow(NamedTuple):
    """What a regional-group row of a vote page shows."""

    name: str
    yes: int
    no: int
    abstain: int
    absent: int
    total: int
    bar: list[Segment]


def group_row(index: Index, g: int, counts: tuple[int, ...]) -> GroupRow:
    group_id = index.group_order[g]
    name = index.groups[group_id].name if group_id else "No regional group / former states"
    return GroupRow(name, *counts[:4], sum(counts), percent_segments(counts[:3], POSITIONS[:3]))


class PositionList(NamedTuple):
    position: str
    label: str
    countries: list[str]   # country ids, sorted by name


def _position_lists(index: Index, country_rows: np.ndarray, codes: np.ndarray) -> list[PositionList]:
    """Per position (in POSITIONS order), the country ids that took it, sorted by name."""
    order = np.lexsort((index.country_name_rank[country_rows], codes))
    ids, sorted_codes = index.positions.country_ids, codes[order]
    rows = country_rows[order].tolist()
    bounds = np.searchsorted(sorted_codes, np.arange(len(POSITIONS) + 1)).tolist()
    lists = []
    for code, name in enumerate(POSITIONS):
        members = [ids[c] for c in rows[bounds[code]:bounds[code + 1]]]
        if members:
            lists.append(PositionList(name, POSITION_LABELS[name], members))
    return lists


class StoryStep(NamedTuple):
    """One vote in the story of a text (motion, amendment, paragraph, committee, whole)."""

    step: str
    title: str
    url: str
    date: str
    outcome: str
    outcome_id: str
    tally: str
    counted: bool
    current: bool


def _text(index: Index, row: int) -> Link | None:
    """The vote on the whole text that this motion, amendment or committee vote belongs to."""
    head = index.lineage.text_of.get(row)
    if head is None:
        return None
    vote = index.votes[head]
    return Link(vote.id, vote.title, urls.vote(vote.id))


def _story(index: Index, row: int) -> list[StoryStep]:
    steps = []
    for r in index.lineage.story.get(row, ()):
        vote = index.votes[r]
        shown = vote.official or index.counted_tally(r)
        tally = f"{shown.yes}–{shown.no}–{shown.abstain}" + ("" if vote.official else "*")
        steps.append(StoryStep(index.lineage.steps[r], index.lineage.title(r, vote), urls.vote(vote.id),
                               vote.date.isoformat(), OUTCOME_LABELS[vote.outcome], vote.outcome, tally,
                               vote.official is None, r == row))
    return steps


def _related(index: Index, row: int) -> list[int]:
    vote = index.votes[row]
    story = set(index.lineage.story.get(row, ()))
    rows = sorted((r for r in index.related.get(vote.id, ()) if r not in story),
                  key=lambda r: abs((index.votes[r].date - vote.date).days))
    return sorted(rows[:RELATED_SHOWN], key=lambda r: (index.votes[r].date, index.votes[r].id))


def _citation(index: Index, vote: Vote, released: dict[str, str] | None = None) -> str:
    body = index.bodies[vote.body_id].name
    symbol = f" ({vote.symbol})" if vote.symbol else ""
    page = urls.vote(vote.id)
    link = urls.absolute(page, index.address) if index.address else page
    if released is None:
        which = f"Roll Call, release {index.version}."
    elif vote.id in released:
        which = f"Roll Call, release {released[vote.id]}."
    else:  # added since the last release: no frozen file holds it yet
        which = "Roll Call, not yet in a release (cite the page and the day you read it)."
    return (f"{which} “{vote.title}”{symbol}, {body}, recorded vote of "
            f"{vote.date.isoformat()}. Vote id {vote.id}, {link}.")
