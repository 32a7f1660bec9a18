"""The home page: what Roll Call is, headline numbers, the latest votes."""

from __future__ import annotations

from functools import partial

from .. import urls
from ..index import Index
from .base import EVERY_VOTE, Page, newest_first
from .freshness import coverage

LATEST_SHOWN = 15


def home_page(index: Index, intro_html: str) -> Page:
    return Page(urls.home(), "home.html", partial(home_context, index, intro_html), "Roll Call", EVERY_VOTE)


def home_context(index: Index, intro_html: str) -> dict:
    """Built when the page is drawn: listing the pages (serve does after every edit) stays cheap."""
    rows = index.lineage.fold(newest_first(index, range(len(index.votes))))[:LATEST_SHOWN]
    numbers = [
        {"value": len(index.votes), "label": "recorded votes"},
        {"value": len(index.positions.code), "label": "country positions"},
        {"value": len(index.countries), "label": "countries and former states"},
        {"value": len(index.bodies), "label": "UN bodies"},
    ]
    return {"intro_html": intro_html, "numbers": numbers, "latest": rows, "coverage": coverage(index)}
