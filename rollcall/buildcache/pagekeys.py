"""A page's cache key: the site-wide digest, the page itself, and what of the votes it shows.

`Page.shows` (pages/base.py) is read exactly as pages/dependencies.py reads it, only
conservatively: a page of countries' positions within a body and decade also depends on the
votes about those countries there and on the list of their records (its navigation).
"""

from __future__ import annotations

import hashlib

from ..index import Index
from ..pages.base import Page
from ..pages.dependencies import year_span
from .votes import VoteDigests


class PageKeys:
    def __init__(self, site: bytes, index: Index, votes: VoteDigests) -> None:
        # Facts over every vote that pages not showing every vote read: the span of years
        # (a country page's timeline runs to the last vote's year).
        span = "{}-{}".format(*year_span(index)).encode()
        self._base = hashlib.blake2b(site + span, digest_size=20).digest()
        self._votes = votes
        self._countries: dict[tuple, bytes] = {}

    def key(self, page: Page) -> str:
        shows = page.shows
        digest = hashlib.blake2b(self._base, digest_size=20)
        digest.update(f"{page.url}\0{page.template}\0{page.title}\0".encode())
        if shows.every_vote:
            digest.update(b"every vote\0" + self._votes.every_vote)
        if shows.votes:
            digest.update(b"votes\0" + self._votes.of_votes(shows.votes))
        for country in sorted(shows.positions_of):
            digest.update(b"positions\0" + self._of_country(country, shows.within))
        return digest.hexdigest()

    def _of_country(self, country: str, within: tuple[str, str] | None) -> bytes:
        key = (country, within)
        if key not in self._countries:
            self._countries[key] = self._votes.of_country(country, within)
        return self._countries[key]
