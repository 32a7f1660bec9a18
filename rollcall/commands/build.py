"""`python build.py` / `build`: validate, index, render, then swap the result into site/.

The stages, in order (like mkdocs' build()): load and validate the inputs; start writing the
data downloads (they need only the dataset); build the index; render the pages; wait for the
downloads; draw the share cards while the search bundle is written; render the data pages from
what the downloads published; publish the staging folder as site/.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

from jinja2 import TemplateError

from ..buildcache.downloads import publish_downloads
from ..buildcache.inputs import site_digest
from ..buildcache.pages import PagePlan, plan_pages
from ..cards.write import start_cards
from ..children import Child, ChildFailed
from ..dataset import load_dataset
from ..index import build_index
from ..output import OutputFolder, clean_stale_staging
from ..packages.publish import publish_data
from ..packages.releases import Releases, load_releases
from ..pages.catalogue import SiteInputs, all_pages, write_static
from ..pages.content import load_checked_content
from ..pages.data import data_pages
from ..pages.sitemap import listed, sitemap_files
from ..paths import Project
from ..render import PageError, Rendered, Renderer, describe_template_error
from ..search import SearchIndexError, write_bundle
from .validate import print_problems


CHILD_TASKS = {"rollcall-data": "the data downloads",
               "rollcall-cards": "the share cards", "rollcall-pages": "linking the cached pages"}


def run(project: Project, out: TextIO = sys.stdout, debug: bool = False, cache: bool = False) -> int:
    """Build site/: 0 on success, 1 when the inputs or a page fail (site/ is then unchanged).
    `cache`: reuse the pages and release downloads stored in .cache/ whose inputs are unchanged
    (rollcall/buildcache), and store what this build makes."""
    started = time.perf_counter()
    site = site_digest(project.root) if cache else b""   # the inputs as the build starts
    dataset, problems = load_dataset(project.datasets)
    content = load_checked_content(project.content, dataset, problems)
    releases = load_releases(project.releases, problems)
    if problems.errors or dataset is None:
        print_problems(problems, out)
        print(f"build stopped: {len(problems.errors)} error(s); site/ was left unchanged", file=out)
        return 1
    clean_stale_staging(project.site)
    folder = OutputFolder(project.site)
    frozen = releases or Releases(project.releases, ())
    downloads = (Child("rollcall-data", publish_downloads, project.root, dataset, frozen, folder) if cache
                 else Child("rollcall-data", publish_data, dataset, frozen, folder))
    cards: Child | None = None
    linked: Child | None = None
    plan: PagePlan | None = None
    try:
        index = build_index(dataset)
        gathered = time.perf_counter()
        inputs = SiteInputs(dataset, index, tuple(content), project.static, releases)
        renderer = Renderer(project.templates, index, folder.staging)
        pages = tuple(all_pages(inputs))   # sets the site's address, which the cards print
        if cache:
            plan = plan_pages(project.root, site, index, dataset, pages)
            linked = Child("rollcall-pages", plan.link_hits, folder.staging)
            kinds = _count(folder, renderer.write(plan.misses, after_write=plan.keep))
            kinds += _count(folder, linked.result())
        else:
            kinds = _count(folder, renderer.write(pages))
        # One group of processes at a time, so that memory stays bounded as the record grows
        # (docs/design.md, "Memory at ten times the data"): the downloads and the render
        # workers, then the cards and the search bundle, written here meanwhile (a child would
        # copy the index objects it reads).
        published = downloads.result()
        folder.count_written_elsewhere(published.files, published.bytes)
        cards = start_cards(project, index, folder.staging, renderer.workers)
        write_bundle(index, tuple(content), folder.staging)
        write_static(inputs, folder)
        drawn = cards.result()
        folder.count_written_elsewhere(drawn.files, drawn.bytes)
        kinds["share card"] += drawn.files
        # The data pages show the downloads' sizes and checksums, so they come last.
        data = tuple(data_pages(index, dataset, published))
        kinds += _count(folder, renderer.write(data, workers=1))
        for name, body in sitemap_files(listed(pages + data)).items():
            folder.write(name, body)
        kinds["data file"] += published.files
        folder.publish()
    except (TemplateError, PageError, ChildFailed, SearchIndexError) as exc:
        _stop(downloads, cards, linked)   # they must not write into a discarded folder
        folder.discard()
        _print_failure(exc, debug, out)
        return 1
    except BaseException:
        _stop(downloads, cards, linked)
        folder.discard()
        raise
    if plan is not None:
        plan.prune()
        print(f"build cache: {len(plan.hits):,} pages reused, {len(plan.misses):,} rendered", file=out)
    _print_summary(folder, kinds, started, gathered, out)
    return 0


def _stop(*children: Child | None) -> None:
    for child in children:
        if child is not None:
            child.stop()


def _count(folder: OutputFolder, rendered: Rendered):
    folder.count_written_elsewhere(rendered.files, rendered.bytes)
    return rendered.kinds


def _print_failure(exc: Exception, debug: bool, out: TextIO) -> None:
    if isinstance(exc, TemplateError):
        print(describe_template_error(exc), file=out)
    else:
        print(str(exc), file=out)
    details = getattr(exc, "details", "")
    if details and debug:
        print(details.rstrip(), file=out)
    elif details:
        print("(run `python build.py build --debug` for the traceback)", file=out)
    what = ("a page failed" if isinstance(exc, (TemplateError, PageError))
            else "the search index failed" if isinstance(exc, SearchIndexError)
            else f"{CHILD_TASKS.get(getattr(exc, 'name', ''), 'a child process')} failed")
    print(f"build stopped: {what}; site/ was left unchanged", file=out)


def _print_summary(folder: OutputFolder, kinds, started: float, gathered: float, out: TextIO) -> None:
    elapsed = time.perf_counter() - started
    summary = ", ".join(f"{count:,} {kind}" for kind, count in sorted(kinds.items()))
    print(f"wrote {folder.files:,} files ({folder.bytes / 1e6:.1f} MB): {summary}", file=out)
    print(f"built in {elapsed:.1f}s (gather {gathered - started:.1f}s, render and write "
          f"{elapsed - (gathered - started):.1f}s)", file=out)
