"""The catalogue of the site: every page a build writes, listed by the page builders.

The page builders only read the index; this module puts their pages in build order and
writes the static files (stylesheet, shared map, script, search index).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .. import urls
from ..dataset import Dataset
from ..index import Index
from ..output import OutputFolder
from ..packages.releases import Releases
from .base import Page
from .body import body_pages
from .compare import COMPARE_INDEX, compare_index, compare_page
from .content import ContentPage
from .country import country_pages
from .embed import embed_pages
from .feeds import feed_pages
from .home import home_page
from .lists import body_list_page, country_list_page, topic_pages, vote_list_pages
from .share import set_site_address
from .subjects import country_on_pages
from .released import vote_releases
from .vote import vote_pages

STATIC_FILES = ("world.svg", "world.LICENSE.md", "site.js", "search.js")
STYLESHEETS = ("css/site.css", "css/map.css", "css/phone.css", "css/share.css")


@dataclass(frozen=True)
class SiteInputs:
    """What a build renders: the index, the content pages, templates and static files."""

    dataset: Dataset
    index: Index
    content: tuple[ContentPage, ...]
    static: Path
    releases: Releases | None = None   # frozen data releases (releases/); None: none yet


def all_pages(inputs: SiteInputs) -> Iterator[Page]:
    index = inputs.index
    set_site_address(inputs.dataset)   # canonical links, feeds, cards
    content = {page.slug: page for page in inputs.content}
    intro = content.get("index")
    yield home_page(index, intro.html if intro else "")
    for page in inputs.content:
        if page.slug != "index" and not page.slug.startswith("bodies/"):
            yield Page(urls.content_page(page.slug), "content.html", {"page": page}, page.title)
    yield Page("/404.html", "404.html", {}, "Page not found")
    yield Page(urls.search(), "search.html", {}, "Search")
    yield from vote_pages(index, vote_releases(inputs.releases) if inputs.releases is not None else None)
    yield country_list_page(index)
    yield from country_pages(index)
    yield from country_on_pages(index)
    yield compare_page(index)
    yield body_list_page(index)
    descriptions = {slug.split("/", 1)[1]: page.html for slug, page in content.items() if slug.startswith("bodies/")}
    yield from body_pages(index, descriptions)
    yield from vote_list_pages(index)
    yield from topic_pages(index)
    yield from embed_pages(index)
    yield from feed_pages(index)


def write_static(inputs: SiteInputs, out: OutputFolder) -> None:
    css = b"".join((inputs.static / name).read_bytes() for name in STYLESHEETS)
    out.write("static/site.css", css)
    for name in STATIC_FILES:
        out.write(f"static/{name}", (inputs.static / name).read_bytes())
    out.write(COMPARE_INDEX, compare_index(inputs.index))
