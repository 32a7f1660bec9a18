"""Incremental rebuilds for `serve`: keep the gathered state in memory and, after an edit,
rewrite only the pages that depend on what changed.

- A display-only edit of votes (title, symbol, notes, sources…) takes the fast path: only
  votes.csv is re-read and checked (only its changed lines, when they can be read alone:
  partread.py), the index is patched, and the edited votes' pages are
  written first (`on_visible` fires then), before the pages that list them.
- An edit of positions.csv alone takes another: only the lines that changed are read, the
  checks involving positions run on the votes they held, and the index is patched
  (live_positions.py); anything that path cannot vouch for goes the full way.
- Other data edits re-validate (unchanged files come from a cache) and rebuild the index,
  then rewrite the pages of the affected votes and countries and every list page.
- Content, template and static edits rewrite the pages that use them.
Writes go straight into site/, one file at a time (write to a temporary name, then rename).
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Callable, Iterable

import jinja2.meta
import pyarrow as pa

from . import urls
from .cards.write import LiveCards
from .children import Child
from .dataset import Dataset, ResourceCache, load_dataset
from .index import Index, build_index, related_after_edit, with_country_aggregates, with_positions_of
from .lineage import build_lineage
from .linediff import FileBlocks
from .live_positions import read_positions_edit
from .partread import RowsRead, read_changed_rows
from .packages.releases import Releases, load_releases
from .pages.base import Page
from .pages.content import ContentPage, load_checked_content
from .pages.country import RecordSplitter
from .pages.data import data_page_urls
from .pages.sitemap import listed, sitemap_files
from .pages.released import vote_releases
from .pages.vote import VoteMapMaker, vote_context
from .paths import Project
from .problems import Problems
from .render import install_fragments, make_environment, render_page
from .pages.catalogue import SiteInputs, all_pages, write_static
from .pages.compare import COMPARE_INDEX, compare_index
from .pages.dependencies import Touched, pages_showing, touched_by, touched_with_groups, year_span
from .search import write_bundle

#: The resources a save of which `serve` reads in part when it can (partread).
PARTLY_READ = ("votes", "positions")

#: Vote fields whose change alters no check and no aggregate: only what pages print.
DISPLAY_FIELDS = frozenset({"title", "description", "symbol", "session", "notes", "source", "source_ref",
                            "source_url", "positions_source_url", "tally_source_url", "kind", "outcome",
                            "draft_symbol", "undl_id", "meeting_record", "committee_report", "licence"})


@dataclass
class UpdateReport:
    """What one update did: which inputs changed, which pages were rewritten, how long it took."""

    changed: list[str]
    rewritten: list[str] = field(default_factory=list)
    visible_after: float | None = None
    seconds: float = 0.0
    problems: Problems | None = None
    full: bool = False
    interrupted: bool = False
    #: The data was read while a save was still writing it (a large file takes longer than the
    #: burst wait): nothing was changed, and the end of the save brings the next update.
    half_saved: bool = False
    #: votes.csv or positions.csv was read in part (partread): the lines read again (None: whole or not at all)
    lines_read: int | None = None


class LiveSite:
    """The in-memory state of a built site, kept up to date by `update`."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.cache = ResourceCache()
        self.problems: Problems | None = None
        self.dataset: Dataset | None = None
        self.index: Index | None = None
        self.content: tuple[ContentPage, ...] = ()
        self.releases: Releases | None = None
        self.snapshot = self._scan()
        self._scanned_before = self.snapshot
        self._env = None
        self._pages: tuple[tuple, list[Page]] | None = None
        self._pages_in_site: frozenset[str] | None = None   # page files site/ holds, once known
        self._search = SearchRefresh(project.site)
        self._cards: LiveCards | None = None
        #: Set (by the watcher) when a newer edit is waiting: the pages that only list an edit
        #: are left for the next update, whose own edited pages then come first.
        self.interrupt = threading.Event()
        self._owed: set[str] = set()
        self._owed_facts: Touched | None = None
        self._compare_owed = False   # the compare page's index, left by an interrupted update
        self._aggregates_stale = False   # index.agreement and .summaries are an earlier index's
        #: of the files of the big tables the dataset holds (partread: a save is read in part)
        self._blocks: dict[str, FileBlocks] = {}

    # -- gathering -------------------------------------------------------------------------
    def load(self, country_aggregates_later: bool = False) -> Problems:
        """Read and check the datasets, and index them. `country_aggregates_later`: keep the
        country pages' aggregates of the previous index until `_complete_index`."""
        with _collector_paused():
            return self._load(country_aggregates_later)

    def _complete_index(self) -> None:
        if self._aggregates_stale and self.index is not None:
            with _collector_paused():
                self.index = with_country_aggregates(self.index)
            self._aggregates_stale = False

    def _load(self, country_aggregates_later: bool) -> Problems:
        dataset, problems = load_dataset(self.project.datasets, self.cache)
        content = tuple(load_checked_content(self.project.content, dataset, problems))
        self.releases = load_releases(self.project.releases, problems)
        if problems.errors or dataset is None:
            self.problems = problems
            return problems
        same_votes = self.dataset is not None and self.dataset.tables["votes"] is dataset.tables["votes"]
        self.problems, self.dataset, self.content = None, dataset, content
        self._blocks = {name: raw.blocks for name in PARTLY_READ
                        if (raw := self.cache.raw(name)) is not None and raw.one_line_rows and raw.blocks}
        later = self.index if country_aggregates_later and not self._aggregates_stale else None
        self.index = build_index(dataset, later, self.index if same_votes else None)
        self._aggregates_stale = later is not None
        if self._cards is None:   # the cards in site/ show the index of the first load
            self._cards = LiveCards(self.project, self.index, dataset)
        return problems

    def pages(self, interruptible: bool = False) -> list[Page] | None:
        """Every page of the current state; kept until the state changes, so the pages that
        showed an edited vote before the edit cost nothing to find. None if `interruptible`
        and a newer save came while they were being listed."""
        assert self.dataset is not None and self.index is not None
        state = (self.dataset, self.index, self.content)
        if self._pages is None or any(a is not b for a, b in zip(self._pages[0], state)):
            listed = []
            for page in all_pages(SiteInputs(self.dataset, self.index, self.content, self.project.static,
                                             self.releases)):
                if interruptible and len(listed) % 256 == 0 and self.interrupt.is_set():
                    return None
                listed.append(page)
            self._pages = (state, listed)
        return self._pages[1]

    # -- watching --------------------------------------------------------------------------
    def changed_files(self) -> list[Path]:
        current = self._scan()
        changed = sorted(p for p in set(current) | set(self.snapshot) if current.get(p) != self.snapshot.get(p))
        self._scanned_before, self.snapshot = self.snapshot, current
        return changed

    def _wait_for_the_save(self, changed: list[Path], owed: set[str], owed_facts: Touched | None) -> None:
        """Leave this update's work to the next: its files count as changed again."""
        for path in changed:
            if path in self._scanned_before:
                self.snapshot[path] = self._scanned_before[path]
            else:
                self.snapshot.pop(path, None)
        self._owed |= owed
        self._owed_facts = owed_facts.union(self._owed_facts) if owed_facts else self._owed_facts

    def _still_saving(self) -> bool:
        """An input differs from what the last `changed_files` saw: what was just read may be
        a save caught half-written (serve's watcher yields a long write before its end)."""
        return self._scan() != self.snapshot

    def _scan(self) -> dict[Path, tuple[int, int]]:
        found = {}
        for folder in (self.project.datasets, self.project.content, self.project.templates, self.project.static):
            for path in folder.rglob("*"):
                if path.is_file():
                    stat = path.stat()
                    found[path] = (stat.st_mtime_ns, stat.st_size)
        return found

    # -- updating --------------------------------------------------------------------------
    @property
    def owes_pages(self) -> bool:
        """An interrupted update left pages to rewrite."""
        return bool(self._owed) or self._owed_facts is not None or self._compare_owed

    def update(self, changed: Iterable[Path], on_visible: Callable[[], None] = lambda: None) -> UpdateReport:
        started = time.perf_counter()
        changed = list(changed)
        owed, self._owed = self._owed, set()
        owed_facts, self._owed_facts = self._owed_facts, None
        report = UpdateReport([str(p.relative_to(self.project.root)) for p in changed])
        kinds = {self._kind(p) for p in changed}
        if self._only(changed, "votes") and self._fast_vote_edit(report, started, on_visible):
            pass
        elif self._only(changed, "positions") and self._fast_position_edit(report, started, on_visible):
            pass
        elif "datasets" in kinds or "content" in kinds or self.problems is not None:
            self._reload_and_rewrite(report, kinds, changed, started, on_visible)
        elif "templates" in kinds:
            self._rewrite(report, self._pages_using(changed))
        if report.half_saved:
            self._wait_for_the_save(changed, owed, owed_facts)
            report.seconds = time.perf_counter() - started
            return report
        if owed or owed_facts:   # what an interrupted update left
            self._rewrite_showing(report, owed_facts, owed)
        if "static" in kinds and self.dataset is not None:
            write_static(SiteInputs(self.dataset, self.index, self.content, self.project.static), _InPlace(self.project.site))
        if kinds & {"datasets", "content"} and self.problems is None and self.index is not None:
            self._search.refresh(self.index, self.content)   # in the background, after the pages
        self._compare_owed |= "datasets" in kinds
        if self._compare_owed and self.problems is None and self.index is not None and not self.interrupt.is_set():
            _InPlace(self.project.site).write(COMPARE_INDEX, compare_index(self.index))   # ~0.6 s at 10x the data
            self._compare_owed = False
        if (self._cards is not None and self.index is not None and self.dataset is not None
                and self.problems is None and not self.interrupt.is_set()):   # keyed: the next update draws them
            report.rewritten += self._cards.update(self.index, self.dataset, "static" in kinds)
        report.seconds = time.perf_counter() - started
        return report

    def wait_for_search(self) -> None:
        """Until the search index has caught up with the last update (tests, benchmarks)."""
        self._search.wait()

    def _kind(self, path: Path) -> str:
        for name in ("datasets", "content", "templates", "static"):
            if path.is_relative_to(getattr(self.project, name)):
                return name
        return "other"

    def _only(self, changed: list[Path], resource: str) -> bool:
        return self.dataset is not None and all(
            p == self.project.datasets / self.dataset.package.resource(resource).path for p in changed)

    def _fast_vote_edit(self, report: UpdateReport, started: float, on_visible: Callable[[], None]) -> bool:
        """Only display fields of existing votes changed: patch the index, write those pages first."""
        if self.index is None or self.dataset is None or self.problems is not None:
            return False
        dataset, read = self._reread_votes()
        edited_ids = None if dataset is None else _edited_display_ids(self.dataset.tables["votes"],
                                                                       dataset.tables["votes"])
        if self._still_saving():   # a save caught half-written would otherwise go the full way
            report.half_saved = True
            return True
        if not edited_ids:
            return False
        edited_rows = [self.index.vote_row[i] for i in edited_ids]
        # a new title can leave a group of related votes: the pages that showed them before count too
        before = touched_with_groups(self.index, edited_rows)
        index = build_index_votes_only(dataset, self.index, edited_rows)
        self.dataset, self.index = dataset, index
        if read is not None:
            self._read_in_part("votes")
            report.lines_read = read.rows.num_rows
        first = self._vote_pages(index, edited_rows)
        if read is not None:
            on_visible = self._then_keep_blocks("votes", read, on_visible)
        self._write_visible_first(self._environment(index), first, report, started, on_visible)
        self._rewrite_showing(report, before.union(touched_with_groups(index, edited_rows)))
        return True

    def _reread_votes(self) -> tuple[Dataset | None, RowsRead | None]:
        """votes.csv again, with its own checks: the lines that changed if they can be read
        alone (the caller then takes only edits of display fields), else the whole file."""
        assert self.dataset is not None
        blocks = self._blocks.get("votes")
        old = self.dataset.tables["votes"]
        read = read_changed_rows(self.project.datasets, self.dataset.package.resource("votes"), old, blocks) \
            if blocks is not None else None
        if read is not None:
            return Dataset(self.dataset.package, {**self.dataset.tables, "votes": read.table}), read
        return _reload_votes_only(self.project.datasets, self.cache, self.dataset)[0], None

    def _read_in_part(self, name: str) -> None:
        """The dataset now holds a table patched from a partial read of the resource: the
        cache's entry is of the file before, and the blocks wait until the pages are written."""
        self.cache.forget(name)
        self._blocks.pop(name, None)

    def _reload_and_rewrite(self, report: UpdateReport, kinds: set[str], changed: list[Path], started: float,
                            on_visible: Callable[[], None]) -> None:
        previous = self.index
        state = (self.problems, self.dataset, self.index, self.content, self.releases, self._aggregates_stale)
        problems = self.load(country_aggregates_later=True)
        if self._still_saving():
            (self.problems, self.dataset, self.index, self.content, self.releases, self._aggregates_stale) = state
            report.half_saved = True
            return
        if self.problems is not None:
            report.problems = problems
            return
        assert self.index is not None
        votes_and_positions = {self.project.datasets / self.dataset.package.resource(name).path
                               for name in ("votes", "positions")}
        if (previous is None or kinds - {"datasets"} or not _same_shape(previous, self.index)
                or not set(changed) <= votes_and_positions):   # countries, memberships...: every page may show them
            report.full = True
            self._complete_index()
            self._rewrite(report, self.pages())
            self._match_pages_in_site()
            return
        changed_rows = [row for row, (a, b) in enumerate(zip(previous.votes, self.index.votes)) if a != b]
        changed_rows = sorted(set(changed_rows + _rows_with_changed_positions(previous, self.index)))
        self._rewrite_vote_edits(previous, changed_rows, report, started, on_visible)

    def _fast_position_edit(self, report: UpdateReport, started: float, on_visible: Callable[[], None]) -> bool:
        """Only positions.csv changed: read its changed lines, check their votes, patch the index."""
        blocks = self._blocks.get("positions")
        if self.index is None or self.dataset is None or self.problems is not None or blocks is None:
            return False
        with _collector_paused():
            edit = read_positions_edit(self.project.datasets, self.dataset, blocks)
            usable = edit is not None and not edit.has_errors()
            if self._still_saving():   # a save caught half-written would otherwise go the full way
                report.half_saved = True
                return True
            if not usable:
                return False   # the full load reads the whole file and reports
            previous = self.index
            rows = sorted(previous.vote_row[v] for v in edit.votes)
            self.index, current = with_positions_of(previous, rows, edit.positions, not self._aggregates_stale)
        self.dataset, self._aggregates_stale = edit.dataset, not current
        self._read_in_part("positions")
        report.lines_read = edit.read.rows.num_rows
        changed_rows = [row for row in rows if _positions_differ(previous, self.index, row)]
        self._rewrite_vote_edits(previous, changed_rows, report, started,
                                 self._then_keep_blocks("positions", edit.read, on_visible))
        if "positions" not in self._blocks:   # no vote's positions changed, so no page was shown
            self._blocks["positions"] = edit.read.take_blocks()
        return True

    def _then_keep_blocks(self, name: str, read: RowsRead, on_visible: Callable[[], None]) -> Callable[[], None]:
        """`on_visible`, then the blocks of the file read in part (0.1 s at 10x the data: not
        before the edited page, and not after the pages that list it, holding the file)."""
        def visible() -> None:
            on_visible()
            self._blocks[name] = read.take_blocks()
        return visible

    def _rewrite_vote_edits(self, previous: Index, changed_rows: list[int], report: UpdateReport, started: float,
                            on_visible: Callable[[], None]) -> None:
        """After an edit of the votes at `changed_rows` (same votes, bodies and decades):
        their own pages first, then the pages that show them, then the sitemap."""
        assert self.index is not None
        first = self._vote_pages(self.index, changed_rows)
        if first:   # the edited votes' own pages first (before listing every page), as for display edits
            self._write_visible_first(self._environment(self.index), first, report, started, on_visible)
        # old facts too: a country whose position was removed is no longer among the new ones
        facts = touched_by(previous, changed_rows).union(touched_by(self.index, changed_rows))
        self._rewrite_showing(report, _with_record_navigation(previous, self.index, facts))
        if not report.interrupted:
            self._match_pages_in_site()

    def _rewrite_showing(self, report: UpdateReport, facts: Touched | None, owed: set[str] = frozenset()) -> None:
        """Rewrite the pages that show `facts` or whose URL is `owed`, but those this update
        already wrote. If a newer save is waiting (listing every page takes a while) or the data
        is broken, leave them all to the next update."""
        ready = self.problems is None and self.index is not None and not self.interrupt.is_set()
        if ready:
            self._complete_index()   # country pages show its aggregates
        pages = self.pages(interruptible=True) if ready else None
        if pages is None:
            self._owed |= owed
            self._owed_facts = facts.union(self._owed_facts) if facts else self._owed_facts
            report.interrupted = self.interrupt.is_set()
            return
        done = set(report.rewritten)
        shown = {p.url for p in pages_showing(pages, facts)} if facts else set()
        self._rewrite(report, [p for p in pages if (p.url in shown or p.url in owed) and p.url not in done])

    def _match_pages_in_site(self) -> None:
        """After a data or content edit, pages may have come or gone (a vote added or deleted,
        a year's only vote moved, a record page whose last position went): delete the pages
        site/ has and the current state has not, and list the current ones in the sitemap. The
        data downloads are left to `build`. site/ is read once; then the last listing says."""
        pages = self.pages()
        files = frozenset(urls.file_for(p.url) for p in pages)
        if files == self._pages_in_site:
            return
        held = self._pages_in_site if self._pages_in_site is not None else _page_files(self.project.site)
        for relative in held - files:
            (self.project.site / relative).unlink(missing_ok=True)
        data = data_page_urls(self.releases.items if self.releases else ())
        for name, body in sitemap_files(sorted(set(listed(pages)) | set(data))).items():
            _InPlace(self.project.site).write(name, body)
        self._pages_in_site = files

    def _vote_pages(self, index: Index, rows: Iterable[int]) -> list[Page]:
        """The pages of the votes at `rows`, made directly (without listing every page)."""
        maps = VoteMapMaker(index)
        released = vote_releases(self.releases)
        ids = sorted(index.votes[r].id for r in rows)
        return [Page(urls.vote(v), "vote.html", vote_context(index, index.vote_row[v], maps, released),
                     index.vote(v).title) for v in ids]

    def _pages_using(self, changed: list[Path]) -> list[Page]:
        names = {p.relative_to(self.project.templates).as_posix() for p in changed if p.suffix in (".html", ".xml")}
        env = make_environment(self.project.templates)
        closure = {}
        pages = self.pages() if self.index is not None else []
        for template in {p.template for p in pages}:
            closure[template] = _template_closure(env, template)
        if names - set().union(*closure.values()):
            # a template that Python renders into every page (partials/chrome.html, the row
            # fragments of rows.html and worldmap.html) is referenced by no page template
            return pages
        return [p for p in pages if closure[p.template] & names]

    def _environment(self, index: Index):
        """One Jinja environment for the session (compiled templates are kept; Jinja reloads
        a template whose file changed), with the fragments of the current index."""
        if self._env is None:
            self._env = make_environment(self.project.templates, index)
        else:
            install_fragments(self._env, index)
        return self._env

    def _rewrite(self, report: UpdateReport, pages: list[Page]) -> None:
        assert self.index is not None
        self._write(self._environment(self.index), pages, report)

    def _write_visible_first(self, env, pages: list[Page], report: UpdateReport, started: float,
                             on_visible: Callable[[], None]) -> None:
        """Write the pages the contributor is looking at, then let the browsers reload."""
        self._write(env, pages, report, interruptible=False)
        report.visible_after = time.perf_counter() - started
        on_visible()

    def _write(self, env, pages: list[Page], report: UpdateReport, interruptible: bool = True) -> None:
        out = _InPlace(self.project.site)
        version = self.index.version if self.index else ""
        for n, page in enumerate(pages):
            if interruptible and self.interrupt.is_set():
                self._owed.update(p.url for p in pages[n:])
                report.interrupted = True
                return
            out.write(urls.file_for(page.url), render_page(env, page, version))
            report.rewritten.append(page.url)




@contextlib.contextmanager
def _collector_paused():
    """Loading makes a few hundred thousand objects that all live on; the collector's passes
    over the whole heap meanwhile (a quarter of a position edit's time) find nothing to free."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def build_index_votes_only(dataset: Dataset, previous: Index, rows: list[int]) -> Index:
    """The previous index with the vote records of `rows` (index rows) re-read from the dataset.

    Only valid when ids, dates and positions are unchanged (`_edited_display_ids`)."""
    from .index import _vote
    table = dataset.tables["votes"]
    file_row = {vote_id: i for i, vote_id in enumerate(table.column("id").to_pylist())}
    votes = list(previous.votes)
    for row in rows:
        votes[row] = _vote(table.slice(file_row[votes[row].id], 1).to_pylist()[0])
    votes_tuple = tuple(votes)
    related = related_after_edit(previous.votes, votes_tuple, previous.related, rows)
    return dataclasses.replace(previous, votes=votes_tuple, related=MappingProxyType(related),
                               lineage=build_lineage(votes_tuple))   # texts are grouped by title and symbol


def _edited_display_ids(old: pa.Table, new: pa.Table) -> list[str] | None:
    """Ids of votes whose display fields alone changed; None if anything else changed."""
    import pyarrow.compute as pc
    if old.num_rows != new.num_rows or not old.column("id").equals(new.column("id")):
        return None
    changed = None
    for name in new.column_names:
        a, b = old.column(name), new.column(name)
        if a.equals(b):
            continue
        if name not in DISPLAY_FIELDS:
            return None
        differs = pc.invert(pc.fill_null(pc.equal(a, b), False))
        both_null = pc.and_(pc.is_null(a), pc.is_null(b))
        mask = pc.and_not(differs, both_null)
        changed = mask if changed is None else pc.or_(changed, mask)
    if changed is None:
        return []
    return pc.filter(new.column("id"), changed).to_pylist()


def _reload_votes_only(root: Path, cache: ResourceCache, previous: Dataset) -> tuple[Dataset | None, Problems]:
    """Re-read votes.csv (and nothing else) with its own checks; None if anything else changed."""
    from .keys import check_foreign_keys, check_primary_key
    resource = previous.package.resource("votes")
    raw, typed, problems = cache.load(root, resource)
    if raw is None or typed is None or problems.errors:
        return None, problems
    own = Problems()
    check_primary_key(raw, typed, own)
    check_foreign_keys(raw, typed, previous.tables, own)
    if own.errors:
        return None, own
    tables = dict(previous.tables)
    tables["votes"] = typed
    return Dataset(previous.package, tables), problems


def _same_shape(a: Index, b: Index) -> bool:
    """The same votes in the same order, each in the same body and decade, over the same years,
    among the same countries. Otherwise pages that show no edited vote change too: the
    navigation between record pages (body, decade), the timelines (first to last year)."""
    return ([(v.id, v.body_id, v.decade) for v in a.votes] == [(v.id, v.body_id, v.decade) for v in b.votes]
            and year_span(a) == year_span(b) and a.countries.keys() == b.countries.keys())


def _with_record_navigation(a: Index, b: Index, facts: Touched) -> Touched:
    """`facts`, plus every record page of a country that gained or lost one: they list each other."""
    places = set(facts.places)
    before, after = RecordSplitter(a), RecordSplitter(b)
    for country in {c for c, _, _ in facts.places}:
        old, new = before.places(country), after.places(country)
        if old != new:
            places.update((country, *place) for place in old | new)
    return Touched(facts.votes, facts.countries, frozenset(places))


def _rows_with_changed_positions(a: Index, b: Index) -> list[int]:
    """Vote rows (of b) whose positions or position notes differ between the two indexes."""
    noted = [row for row in set(a.positions.notes) | set(b.positions.notes)
             if row < len(b.votes) and a.positions.notes.get(row) != b.positions.notes.get(row)]
    if len(a.positions.code) == len(b.positions.code) and (a.positions.code == b.positions.code).all() \
            and (a.positions.country == b.positions.country).all():
        return sorted(noted)
    return sorted(set(noted) | {row for row in range(len(b.votes)) if not _same_slice(a, b, row)})


def _positions_differ(a: Index, b: Index, row: int) -> bool:
    return not _same_slice(a, b, row) or a.positions.notes.get(row) != b.positions.notes.get(row)


def _same_slice(a: Index, b: Index, row: int) -> bool:
    sa, sb = a.positions.of_vote(row), b.positions.of_vote(row)
    return (sa.stop - sa.start == sb.stop - sb.start
            and (a.positions.code[sa] == b.positions.code[sb]).all()
            and (a.positions.country[sa] == b.positions.country[sb]).all())


def _template_closure(env, name: str, seen: set[str] | None = None) -> set[str]:
    seen = seen if seen is not None else set()
    if name in seen:
        return seen
    seen.add(name)
    source, filename, _ = env.loader.get_source(env, name)
    for child in jinja2.meta.find_referenced_templates(env.parse(source, name, filename)):
        if child:
            _template_closure(env, child, seen)
    return seen


class SearchRefresh:
    """Rewrites the search bundle from a thread, in a child process: Pagefind takes seconds, the edited pages are
    already visible, and the next edit need not wait. Requests during a run coalesce into one
    more run with the newest state; the bundle is swapped in whole (search.write_bundle)."""

    def __init__(self, site: Path) -> None:
        self.site = site
        self._lock = threading.Lock()
        self._wanted: tuple[Index, tuple[ContentPage, ...]] | None = None
        self._thread: threading.Thread | None = None

    def refresh(self, index: Index, content: tuple[ContentPage, ...]) -> None:
        with self._lock:
            self._wanted = (index, content)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="search-refresh", daemon=True)
                self._thread.start()

    def wait(self) -> None:
        while True:
            with self._lock:
                thread = self._thread
            if thread is None or not thread.is_alive():
                return
            thread.join()

    def _run(self) -> None:
        while True:
            with self._lock:
                wanted, self._wanted = self._wanted, None
            if wanted is None:
                return
            try:
                Child("rollcall-search", _write_bundle_gently, *wanted, self.site).result()
            except Exception as exc:   # the pages are fine; say so and keep serving
                print(f"search index not refreshed: {exc}", flush=True)


def _write_bundle_gently(index: Index, content: tuple[ContentPage, ...], site: Path) -> None:
    """In a forked child at low priority: the Python half of indexing (the documents) would
    otherwise hold the server's GIL for seconds, and the next edit's pages would wait."""
    os.nice(10)
    write_bundle(index, content, site)


# the downloads and their pages, and the search bundle: written by `build` and the search refresh
_NOT_PAGES = {PurePosixPath(urls.file_for(u)).parts[0] for u in (urls.data(), urls.search_shard(1))}


def _page_files(site: Path) -> frozenset[str]:
    """The pages in site/, as paths below it (the downloads are not walked: 16,000 files at 1x)."""
    found = set()
    for folder, subfolders, files in os.walk(site):
        if folder == str(site):
            subfolders[:] = [name for name in subfolders if name not in _NOT_PAGES]
        if "index.html" in files:
            found.add(Path(folder, "index.html").relative_to(site).as_posix())
    return frozenset(found)


class _InPlace:
    """Writes files into site/ one by one: a reader never sees a half-written page."""

    def __init__(self, site: Path) -> None:
        self.site = site

    def write(self, relative: str, data: bytes) -> None:
        target = self.site / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, target)
