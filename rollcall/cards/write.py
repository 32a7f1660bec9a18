"""Writing the share cards into the site, from a content-keyed cache.

The cache is `.cache/cards/` in the project (outside site/): one PNG per content key
(specs.key). A build links each card's cached file into the staging folder (a hard link; a
copy where links are not possible) and draws only the cards whose key is not cached. When
there are many cards, forked workers (children.budgeted_pool) each make, key and (when not
cached) draw a span of them and send back each card's file and key, which this process links
(one process: parallel links contend for the same folders): no process holds every card, and
a worker that has added CARD_BUDGET of its own memory (copied pages of the index it reads)
hands the rest of its span to a fresh one. Files no card of this build uses are then removed,
so the cache holds one site's cards.
Delete the folder at any time: the next build draws every card again.

`start_cards` runs all of it in a child process (children.Child), beside the page renderers.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ..children import Child, MemoryBudget, budgeted_pool
from ..dataset import Dataset
from ..index import Index
from ..output import StagingWriter, write_file
from ..pages.share import set_site_address
from ..paths import Project
from .draw import painter
from .specs import Card, Style, all_cards, card_address, card_at, card_count, key

CACHE = Path(".cache") / "cards"
POOL_FROM = 200      # make the cards in a pool of processes from this many
POOL_CHUNK = 500     # cards a worker takes at a time
CARD_BUDGET = 128 * 2**20   # bytes a card worker may add of its own before a fresh one replaces it


@dataclass(frozen=True)
class CardsWritten:
    files: int
    bytes: int
    drawn: int       # cards not in the cache, drawn by this build
    reused: int      # cards linked from the cache


def start_cards(project: Project, index: Index, staging: Path, workers: int) -> Child:
    """Write every card of `index` into `staging`, in a child process; `.result()` is a CardsWritten."""
    return Child("rollcall-cards", write_cards, project, index, staging, workers)


def write_cards(project: Project, index: Index, staging: Path, workers: int = 1) -> CardsWritten:
    global _JOB
    cache = project.root / CACHE
    cache.mkdir(parents=True, exist_ok=True)
    job = _Cards(index, Style.load(project.static), cache, card_address())
    count = card_count(index)
    if count < POOL_FROM or workers < 2:
        spans = [_key_and_draw(job, (0, count), MemoryBudget(None))[0]]
    else:
        _JOB = job
        try:
            spans = budgeted_pool("rollcall-cards", _key_and_draw_of_job,
                                  [(start, min(start + POOL_CHUNK, count)) for start in range(0, count, POOL_CHUNK)],
                                  workers, CARD_BUDGET)
        finally:
            _JOB = None
    writer = StagingWriter(staging)
    size = sum(_place(cache / f"{k}.png", writer.target(file)) for span in spans for file, k in span.cards)
    _prune(cache, {f"{k}.png" for span in spans for _, k in span.cards})
    drawn = sum(span.drawn for span in spans)
    return CardsWritten(count, size, drawn, count - drawn)


@dataclass(frozen=True)
class _Cards:
    """What a card worker needs; workers are forked, so nothing is pickled."""

    index: Index
    style: Style
    cache: Path
    address: str


@dataclass(frozen=True)
class _Span:
    cards: list[tuple[str, str]]   # (file in the site, content key) of each card
    drawn: int


_JOB: _Cards | None = None   # set before forking the pool; read by its workers


def _key_and_draw_of_job(span: tuple[int, int], budget: MemoryBudget) -> tuple[_Span, tuple[int, int] | None]:
    assert _JOB is not None
    return _key_and_draw(_JOB, span, budget)


def _key_and_draw(job: _Cards, span: tuple[int, int], budget: MemoryBudget
                  ) -> tuple[_Span, tuple[int, int] | None]:
    """Cards `span` (numbers of all_cards) made, keyed and drawn into the cache unless there;
    with the (start, stop) of those left when `budget` ran out."""
    cards, drawn = [], 0
    start, stop = span
    for number in range(start, stop):
        card = card_at(job.index, number, job.address)
        k = key(card, job.style.digest)
        if not (job.cache / f"{k}.png").exists():
            _draw_some(job.style, job.cache, [(k, card)])
            drawn += 1
        cards.append((card.file, k))
        if number + 1 < stop and budget.spent():
            return _Span(cards, drawn), (number + 1, stop)
    return _Span(cards, drawn), None


def _draw_some(style: Style, cache: Path, cards: Iterable[tuple[str, Card]]) -> None:
    paint = painter(style)
    for k, card in cards:
        temporary = cache / f".{k}.{os.getpid()}.tmp"
        write_file(str(temporary), paint.png(card))
        os.replace(temporary, cache / f"{k}.png")   # a killed build never leaves half a card


def _place(cached: Path, target: str) -> int:
    try:
        os.link(cached, target)
    except FileExistsError:
        _replace_unless_same(cached, Path(target))
    except OSError:
        shutil.copyfile(cached, target)
    return cached.stat().st_size


def _linked_copy(cached: Path, target: str) -> str:
    temporary = f"{target}.{os.getpid()}.tmp"
    with contextlib.suppress(FileNotFoundError):
        os.unlink(temporary)   # left by a killed run
    try:
        os.link(cached, temporary)
    except OSError:
        shutil.copyfile(cached, temporary)
    return temporary


def _replace_unless_same(cached: Path, target: Path) -> None:
    # rename() onto a hard link of the same file does nothing and would leave the temporary
    if target.exists() and os.path.samefile(cached, target):
        return
    os.replace(_linked_copy(cached, str(target)), target)


def _prune(cache: Path, used: set[str]) -> None:
    for entry in os.scandir(cache):
        if entry.name.endswith(".png") and entry.name not in used:
            os.unlink(entry.path)


class LiveCards:
    """Cards for `serve`: after an edit, write the cards whose content changed into site/.

    Made from the index the site was built from: a card whose file is in site/ is taken to
    show that index (the build just wrote it); a missing one is written at the next update."""

    def __init__(self, project: Project, index: Index, dataset: Dataset) -> None:
        self.project = project
        self.style = Style.load(project.static)
        self._built_from = (index, dataset)   # keyed at the first update, after the visible page
        self.written: dict[str, str] = {}

    def update(self, index: Index, dataset: Dataset, static_changed: bool = False) -> list[str]:
        """The files rewritten (relative to site/)."""
        if self._built_from is not None:
            built, built_dataset = self._built_from
            set_site_address(built_dataset)
            self.written = {card.file: key(card, self.style.digest) for card in all_cards(built)
                            if (self.project.site / card.file).exists()}
            self._built_from = None
        if static_changed:
            self.style = Style.load(self.project.static)
        set_site_address(dataset)
        cache = self.project.root / CACHE
        cache.mkdir(parents=True, exist_ok=True)
        changed = [(card, k) for card in all_cards(index)
                   if self.written.get(card.file) != (k := key(card, self.style.digest))]
        _draw_some(self.style, cache, [(k, card) for card, k in changed if not (cache / f"{k}.png").exists()])
        site = self.project.site
        for card, k in changed:
            target = site / card.file
            target.parent.mkdir(parents=True, exist_ok=True)
            _replace_unless_same(cache / f"{k}.png", target)
            self.written[card.file] = k
        return [card.file for card, _ in changed]
