"""The page store: `.cache/pages/<2 hex>/<key>`, one file per page key (pagekeys.py).

A build links each page whose key is stored into the staging folder (a hard link; a copy
where links are not possible) and renders only the others; the render workers link each page
they write into the store. Files no page of the build used are then removed, so the store
holds one site's pages. Pages in site/ share their inode with the store: nothing writes into
a site/ file in place (serve and the cards replace files), so the store stays as written.
"""

from __future__ import annotations

import os
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .. import urls
from ..index import Index
from ..dataset import Dataset
from ..output import StagingWriter
from ..pages.base import Page
from ..render import Rendered
from .pagekeys import PageKeys
from .votes import VoteDigests

STORE = Path(".cache") / "pages"


@dataclass(frozen=True)
class PagePlan:
    """Which pages of a build are stored (`hits`) and which must be rendered (`misses`)."""

    store: Path
    keys: dict[str, str]          # url -> key
    hits: tuple[Page, ...]
    misses: tuple[Page, ...]

    def path(self, url: str) -> str:
        return _stored(self.store, self.keys[url])

    def link_hits(self, staging: Path) -> Rendered:
        """Link every stored page into `staging` (run in a child, beside the render workers)."""
        writer = StagingWriter(staging)
        kinds: Counter = Counter()
        size = 0
        for page in self.hits:
            source = self.path(page.url)
            target = writer.target(urls.file_for(page.url))
            try:
                os.link(source, target)
            except OSError:
                shutil.copyfile(source, target)
            size += os.stat(source).st_size
            kinds[page.template.removesuffix(".html")] += 1
        return Rendered(len(self.hits), size, kinds)

    def keep(self, page: Page, written: str) -> None:
        """In a render worker: store the page just written at `written` under its key."""
        path = self.path(page.url)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        try:
            os.link(written, path)
        except FileExistsError:
            pass
        except OSError:
            temporary = f"{path}.{os.getpid()}.tmp"
            shutil.copyfile(written, temporary)
            os.replace(temporary, path)

    def prune(self) -> int:
        """Remove stored pages that this build did not use; how many."""
        used = {(key[:2], key[2:]) for key in self.keys.values()}
        removed = 0
        for bucket in os.scandir(self.store):
            if not bucket.is_dir():
                continue
            for entry in os.scandir(bucket.path):
                if (bucket.name, entry.name) not in used:
                    os.unlink(entry.path)
                    removed += 1
        return removed


def plan_pages(root: Path, site: bytes, index: Index, dataset: Dataset, pages: tuple[Page, ...]) -> PagePlan:
    store = root / STORE
    store.mkdir(parents=True, exist_ok=True)
    keyer = PageKeys(site, index, VoteDigests(index, dataset))
    keys = {page.url: keyer.key(page) for page in pages}
    stored = [os.path.exists(_stored(store, keys[page.url])) for page in pages]
    hits = tuple(page for page, hit in zip(pages, stored) if hit)
    misses = tuple(page for page, hit in zip(pages, stored) if not hit)
    return PagePlan(store, keys, hits, misses)


def _stored(store: Path, key: str) -> str:
    return os.path.join(store, key[:2], key[2:])
