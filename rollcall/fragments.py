"""Table rows rendered once per vote and reused by every page that lists the vote.

A vote appears on up to ~190 country record pages and several list pages; rendering its row
once (by the `partials/rows.html` macros, so the HTML still lives in templates) turns
900,000 template row renders into a dictionary lookup.
"""

from __future__ import annotations

from jinja2 import Environment
from markupsafe import Markup

from .index import Index
from .model import POSITION_LABELS, POSITIONS
from .pages.base import country_link, vote_row
from .pages.vote import group_row


def _joined(fragments) -> Markup:
    """Join already-safe fragments. Markup.join would escape (so copy) every fragment first."""
    return Markup("".join(fragments))


class Fragments:
    """Memoised row HTML for one build (one per process when rendering in parallel)."""

    def __init__(self, env: Environment, index: Index) -> None:
        self._index = index
        self._macros = env.get_template("partials/rows.html").module
        self._list: dict[int, Markup] = {}
        self._record: dict[tuple[int, int], Markup] = {}
        self._rows: dict[int, dict] = {}
        self._countries: dict[str, Markup] = {}
        self._map: dict[tuple[str, object], Markup] = {}
        self._groups: dict[tuple[int, tuple[int, ...]], Markup] = {}
        self._map_macros = env.get_template("partials/worldmap.html").module

    def list_row(self, row: int) -> Markup:
        if row not in self._list:
            self._list[row] = Markup(self._macros.vote_tr(self._data(row)))
        return self._list[row]

    def record_row(self, row: int, code: int) -> Markup:
        key = (row, code)
        if key not in self._record:
            position = POSITIONS[code]
            self._record[key] = Markup(self._macros.record_tr(self._data(row), position, POSITION_LABELS[position]))
        return self._record[key]

    def country_li(self, country_id: str) -> Markup:
        """A list item linking to a country, by id."""
        if country_id not in self._countries:
            link = country_link(self._index, country_id)
            self._countries[country_id] = Markup(self._macros.country_li(link))
        return self._countries[country_id]

    def record_rows(self, rows) -> Markup:
        """A record page's rows, joined: (vote row, position code) pairs."""
        memo = self._record
        return _joined(memo[key] if (key := (row, code)) in memo else self.record_row(row, code)
                       for row, code in rows)

    def country_items(self, country_ids) -> Markup:
        """The list items for many countries, joined (one call instead of one per country)."""
        return _joined(self.country_li(c) for c in country_ids)

    def map_uses(self, href: str, items) -> Markup:
        """The shapes of many countries on a vote map, joined."""
        memo = self._map
        return _joined(memo[(href, item)] if (href, item) in memo else self.map_use(href, item) for item in items)

    def map_use(self, href: str, item) -> Markup:
        """One country's shape on a vote map (a worldmap.MapItem: country and position)."""
        key = (href, item)
        if key not in self._map:
            self._map[key] = Markup(self._map_macros.map_item(href, item))
        return self._map[key]

    def group_rows(self, groups) -> Markup:
        """A vote page's regional-group table rows: (group number, counts) pairs, joined."""
        return _joined(self.group_row(g, counts) for g, counts in groups)

    def group_row(self, g: int, counts: tuple[int, ...]) -> Markup:
        key = (g, counts)
        if key not in self._groups:
            self._groups[key] = Markup(self._macros.group_tr(group_row(self._index, g, counts)))
        return self._groups[key]

    def _data(self, row: int) -> dict:
        if row not in self._rows:
            self._rows[row] = vote_row(self._index, row)
        return self._rows[row]


class FragmentsHolder:
    """Stable template globals that forward to the current build's Fragments."""

    NAMES = ("list_row", "record_row", "record_rows", "country_li", "country_items", "map_use", "map_uses",
             "group_rows")

    def __init__(self) -> None:
        self.current: Fragments | None = None

    def globals(self) -> dict:
        return {name: self._forward(name) for name in self.NAMES}

    def _forward(self, name: str):
        def call(*args):
            assert self.current is not None, "fragments used before install_fragments"
            return getattr(self.current, name)(*args)
        call.__name__ = name
        return call
