"""Writing the share cards into the site, from a content-keyed cache.

The cache is `.cache/cards/` in the project (outside site/): one PNG per content key
(specs.key). A build links each card's cached file into the staging folder (a hard link; a
copy where links are not possible) and draws only the cards whose key is not cached, in a pool
of forked processes (children.fork_pool) when there are many. Files no card of this build uses
are then removed, so the cache holds one site's cards. Delete the folder at any time: the next
build draws every card again.

`start_cards` runs all of it in a child process (children.Child), beside the page renderers.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ..children import Child, fork_pool
from ..dataset import Dataset
from ..index import Index
from ..output import StagingWriter, write_file
from ..pages.share import set_site_address
from ..paths import Project
from .draw import painter
from .specs import Card, Style, all_cards, key

CACHE = Path(".cache") / "cards"
POOL_FROM = 200      # draw in a pool of processes from this many missing cards
POOL_CHUNK = 50


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
    style = Style.load(project.static)
    cache = project.root / CACHE
    cache.mkdir(parents=True, exist_ok=True)
    cards = [(card, key(card, style.digest)) for card in all_cards(index)]
    missing = {k: card for card, k in cards if not (cache / f"{k}.png").exists()}
    _draw(style, cache, list(missing.items()), workers)
    writer = StagingWriter(staging)
    size = 0
    for card, k in cards:
        size += _place(cache / f"{k}.png", writer.target(card.file))
    _prune(cache, {f"{k}.png" for _, k in cards})
    return CardsWritten(len(cards), size, len(missing), len(cards) - len(missing))


def _draw(style: Style, cache: Path, missing: list[tuple[str, Card]], workers: int) -> None:
    global _STYLE, _CACHE
    if len(missing) < POOL_FROM or workers < 2:
        _draw_some(style, cache, missing)
        return
    _STYLE, _CACHE = style, cache
    chunks = [missing[i:i + POOL_CHUNK] for i in range(0, len(missing), POOL_CHUNK)]
    with fork_pool(workers) as pool:
        for _ in pool.imap_unordered(_draw_chunk, chunks):
            pass


_STYLE: Style | None = None   # set before forking the pool; read by its workers
_CACHE: Path | None = None


def _draw_chunk(chunk: list[tuple[str, Card]]) -> None:
    assert _STYLE is not None and _CACHE is not None
    _draw_some(_STYLE, _CACHE, chunk)


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
