"""The one place that knows URL shapes. Templates and pages never assemble paths.

Every page is a folder with index.html, so URLs end in a slash. `path_for` turns a URL
into the file it is written to, refusing anything that would leave the output folder.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import PurePosixPath
from urllib.parse import quote

SAFE_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
BASE_PATH_VARIABLE = "ROLLCALL_BASE_PATH"

# The path the site is served under ("" at a domain's root; "/roll-call" for a GitHub Pages
# project site). Set once per build, before any URL is made; read from the environment.
_base = ""
# The published address (the data package's `homepage`), for links that leave the site:
# canonical links, feeds, share cards, embed snippets. Set by pages.catalogue.all_pages.
_address = ""


def set_base_path(path: str) -> None:
    """Serve every URL under `path` (e.g. "/roll-call"); "" or "/" for the domain root."""
    global _base
    cleaned = path.strip().rstrip("/")
    if cleaned and (not cleaned.startswith("/") or not all(
            SAFE_SEGMENT.fullmatch(part) for part in cleaned[1:].split("/"))):
        raise ValueError(f"{BASE_PATH_VARIABLE} must look like /name or /name/name, not {path!r}")
    _base = cleaned


def within_site(path: str) -> str:
    """A root-relative link written by hand (e.g. in Markdown: /methodology/) under the base path."""
    return _base + path if path.startswith("/") and not path.startswith("//") else path


def _join(*segments: str) -> str:
    return _checked_join(_base, segments)


@lru_cache(maxsize=None)
def _checked_join(base: str, segments: tuple[str, ...]) -> str:
    """Remembered: a build asks for the same ~40,000 URLs about 200,000 times."""
    for segment in segments:
        if not SAFE_SEGMENT.fullmatch(segment) or segment in (".", ".."):
            raise ValueError(f"unsafe URL segment {segment!r}")
    return base + "/" + "".join(f"{s}/" for s in segments)


def _file(*segments: str) -> str:
    """A URL of a file (not a page): like _join, without the trailing slash."""
    return _join(*segments)[:-1]


def home() -> str:
    return _base + "/"


def votes(page: int = 1) -> str:
    return _paged(("votes",), page)


def vote(vote_id: str) -> str:
    return _join("votes", vote_id)


def vote_list(facet: str, value: str, page: int = 1) -> str:
    """A filtered list of votes: /votes/<facet>/<value>/ (facet is year, outcome or kind)."""
    return _paged(("votes", facet, value), page)


def countries() -> str:
    return _join("countries")


def country(country_id: str) -> str:
    return _join("countries", country_id.lower())


def country_on(country_id: str) -> str:
    """How a country voted on the texts about each other country."""
    return _join("countries", country_id.lower(), "on")


def compare() -> str:
    return _join("compare")


def country_record(country_id: str, body_id: str, decade: str) -> str:
    return _join("countries", country_id.lower(), "record", body_id, decade)


def bodies() -> str:
    return _join("bodies")


def body(body_id: str) -> str:
    return _join("bodies", body_id)


def body_votes(body_id: str, page: int = 1) -> str:
    return _paged(("bodies", body_id, "votes"), page)


def topics() -> str:
    return _join("topics")


def topic(topic_id: str, page: int = 1) -> str:
    return _paged(("topics", topic_id), page)


#: First URL segments the generator writes itself; a content page may not take one (checks_content).
GENERATED_ROOTS = frozenset({"votes", "countries", "bodies", "topics", "data", "static", "404.html"})


def content_page(slug: str) -> str:
    """A Markdown page's URL; content/guides/reading.md is /guides/reading/."""
    return _join(*slug.split("/"))


def data() -> str:
    return _join("data")


# Data packages. /data/latest/... always serves the current data under the same names;
# /data/<version>/... serves a frozen release and never changes once published.
LATEST = "latest"


def data_dictionary() -> str:
    return _join("data", "dictionary")


def data_release(version: str) -> str:
    """The page of one frozen release: downloads, checksum, citation, changes."""
    return _join("data", version)


def data_file(folder: str, name: str) -> str:
    """A file of the package in `folder`: LATEST or a release version."""
    return _file("data", folder, name)


def data_parquet(resource: str, folder: str = LATEST) -> str:
    return _file("data", folder, "parquet", f"{resource}.parquet")


def data_schema(resource: str, folder: str = LATEST) -> str:
    """The resource's Table Schema as JSON (as in datapackage.json)."""
    return _file("data", folder, "schemas", f"{resource}.json")


def data_slice_schema(resource: str, folder: str = LATEST) -> str:
    """The Table Schema the slices link to: the resource's, without foreign keys to tables a
    slice does not hold. Each version's slices link to that version's schemas."""
    return _file("data", folder, "schemas", "slices", f"{resource}.json")


def data_cc0(folder: str, name: str) -> str:
    """A file of the CC0-only package of `folder` (LATEST or a version)."""
    return _file("data", folder, "cc0", name)


def data_catalogue() -> str:
    """The DCAT-AP catalogue of every version (JSON-LD)."""
    return _file("data", "catalog.jsonld")


def vote_data(vote_id: str, extension: str, folder: str = LATEST) -> str:
    """One vote's positions: extension csv or json."""
    return _file("data", folder, "by-vote", f"{vote_id}.{extension}")


def country_data(country_id: str, extension: str, folder: str = LATEST) -> str:
    """One country's positions in every vote: extension csv or json."""
    return _file("data", folder, "by-country", f"{country_id.lower()}.{extension}")


def absolute(url: str, base: str) -> str:
    """A site URL made absolute with the site's base address (the package's homepage)."""
    return base.rstrip("/") + url[len(_base):]


def set_address(homepage: str) -> None:
    """The published address of the site (the data package's `homepage`)."""
    global _address
    _address = homepage.strip()


def full(url: str) -> str:
    """A site URL as an absolute address (`homepage` + the URL below the base path); the URL
    itself while no address is set."""
    return absolute(url, _address) if _address else url


# Feeds, share cards and embeds: files beside the pages they belong to.
def feed() -> str:
    """The Atom feed of the latest votes of every body."""
    return _file("feed.xml")


def body_feed(body_id: str) -> str:
    return _file("bodies", body_id, "feed.xml")


def country_feed(country_id: str) -> str:
    """The latest votes the country cast a position in."""
    return _file("countries", country_id.lower(), "feed.xml")


def country_subject_feed(country_id: str) -> str:
    """The latest votes on texts about the country."""
    return _file("countries", country_id.lower(), "about.xml")


def topic_feed(topic_id: str) -> str:
    return _file("topics", topic_id, "feed.xml")


def vote_embed(vote_id: str) -> str:
    return _join("votes", vote_id, "embed")


def vote_card(vote_id: str) -> str:
    """The vote's share card: a 1200x630 PNG."""
    return _file("votes", vote_id, "card.png")


def country_card(country_id: str) -> str:
    return _file("countries", country_id.lower(), "card.png")


def static(name: str) -> str:
    return _base + "/static/" + name


def search() -> str:
    """The search page; a search is shared as search()?q=…"""
    return _join("search")


def search_bundle() -> str:
    """Pagefind's script in the search bundle the build writes (rollcall/search.py)."""
    return search_shard(1) + "pagefind.js"


def search_shard(number: int) -> str:
    """The folder of the search index's shard `number`: 1 is the bundle with Pagefind's script;
    the others (a larger site's, rollcall/search.py) are inside it, so one swap replaces all."""
    return _join("pagefind") if number == 1 else _join("pagefind", "shards", str(number))


def search_shards() -> str:
    """The list of the shards the browser merges into the first (JSON), inside its bundle."""
    return _file("pagefind", "shards.json")


def document(symbol: str) -> str:
    """Link to a UN document by symbol (undocs.org resolves symbols to the official files).

    The symbol is free text from the data: everything but letters, digits, '/', '.', '-',
    '_' and '~' is percent-encoded, so it cannot end the path or the attribute, add a query
    or fragment, or change the host.
    """
    return "https://undocs.org/" + quote(symbol.replace(" ", "").lstrip("/"), safe="/")


def path_for(url: str) -> PurePosixPath:
    """The file (relative to the site root) that serves `url`."""
    return PurePosixPath(file_for(url))


def file_for(url: str) -> str:
    """`path_for` as a string, with string operations only (one call per written file)."""
    if _base and (url == _base or url.startswith(_base + "/")):
        url = url[len(_base):]
    if not url.startswith("/") or "//" in url or "\\" in url:
        raise ValueError(f"not a site URL: {url!r}")
    relative = url[1:]
    if any(p in ("..", ".") for p in relative.split("/")):
        raise ValueError(f"URL escapes the site: {url!r}")
    return relative + "index.html" if url.endswith("/") else relative


def _paged(segments: tuple[str, ...], page: int) -> str:
    return _join(*segments) if page == 1 else _join(*segments, "page", str(page))
