"""The one place that knows URL shapes. Templates and pages never assemble paths.

Every page is a folder with index.html, so URLs end in a slash. `path_for` turns a URL
into the file it is written to, refusing anything that would leave the output folder.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

SAFE_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def _join(*segments: str) -> str:
    for segment in segments:
        if not SAFE_SEGMENT.fullmatch(segment) or segment in (".", ".."):
            raise ValueError(f"unsafe URL segment {segment!r}")
    return "/" + "".join(f"{s}/" for s in segments)


def home() -> str:
    return "/"


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


def content_page(slug: str) -> str:
    return _join(slug)


def data() -> str:
    return _join("data")


def static(name: str) -> str:
    return "/static/" + name


def search_index() -> str:
    return "/static/search.json"


def document(symbol: str) -> str:
    """Link to a UN document by symbol (undocs.org resolves symbols to the official files)."""
    return "https://undocs.org/" + symbol.replace(" ", "")


def path_for(url: str) -> PurePosixPath:
    """The file (relative to the site root) that serves `url`."""
    if not url.startswith("/") or "//" in url or "\\" in url:
        raise ValueError(f"not a site URL: {url!r}")
    parts = PurePosixPath(url).parts[1:]
    if any(p in ("..", ".") for p in parts):
        raise ValueError(f"URL escapes the site: {url!r}")
    if url.endswith("/"):
        return PurePosixPath(*parts, "index.html")
    return PurePosixPath(*parts)


def _paged(segments: tuple[str, ...], page: int) -> str:
    return _join(*segments) if page == 1 else _join(*segments, "page", str(page))
