"""Table rows rendered once per vote and reused by every page that lists the vote.

A vote appears on up to ~190 country record pages and several list pages; rendering its row
once (by the `partials/rows.html` macros, so the HTML still lives in templates) turns
900,000 template row renders into a dictionary lookup.
"""

from __future__ import annotations

from typing import Any, Callable

from jinja2 import Environment
from markupsafe import Markup

from ..index import Index
from ..pages.base import VoteRow, country_link, vote_row
from ..pages.vote import group_row
from ..rules import POSITION_LABELS, POSITIONS


def _joined_from(memo: dict, keys, make: Callable[[Any], str]) -> Markup:
    """The memoised fragments of `keys`, joined; `make(key)` renders one that is missing.

    The join runs in C over the memo (`map(memo.__getitem__, keys)`): ~1.3 million fragments
    per build. (Markup.join would escape, so copy, every fragment first.)
    """
    if iter(keys) is keys:   # a one-shot iterator: the second pass needs it again
        keys = list(keys)
    try:
        return Markup("".join(map(memo.__getitem__, keys)))
    except KeyError:
        for key in keys:
            if key not in memo:
                memo[key] = make(key)
        return Markup("".join(map(memo.__getitem__, keys)))


class Fragments:
    """Memoised row HTML for one build (one per process when rendering in parallel)."""

    def __init__(self, env: Environment, index: Index) -> None:
        self._index = index
        self._macros = env.get_template("partials/rows.html").module
        self._list: dict[int, Markup] = {}
        self._record: dict[tuple[int, int], Markup] = {}
        self._rows: dict[int, VoteRow] = {}
        self._countries: dict[str, Markup] = {}
        self._map: dict[str, dict[object, str]] = {}   # shapes href -> MapItem -> HTML
        self._groups: dict[tuple[int, tuple[int, ...]], Markup] = {}
        self._map_macros = env.get_template("partials/worldmap.html").module

    def list_rows(self, rows) -> Markup:
        """Rows of a table of votes (votes_table.rows_table), by vote row, joined."""
        return _joined_from(self._list, rows, lambda row: self._macros.vote_tr(self._data(row)))

    def record_rows(self, rows) -> Markup:
        """A record page's rows, joined: (vote row, position code) pairs."""
        return _joined_from(self._record, rows, self._record_tr)

    def country_items(self, country_ids) -> Markup:
        """The list items for many countries, joined (one call instead of one per country)."""
        return _joined_from(self._countries, country_ids, self._country_li)

    def map_uses(self, href: str, items) -> Markup:
        """The shapes of many countries (worldmap.MapItem: country and position) on a vote map, joined."""
        return _joined_from(self._map.setdefault(href, {}), items,
                            lambda item: self._map_macros.map_item(href, item))

    def group_rows(self, groups) -> Markup:
        """A vote page's regional-group table rows: (group number, counts) pairs, joined."""
        return _joined_from(self._groups, groups,
                            lambda key: self._macros.group_tr(group_row(self._index, *key)))

    def _record_tr(self, key: tuple[int, int]) -> str:
        row, code = key
        position = POSITIONS[code]
        return self._macros.record_tr(self._data(row), position, POSITION_LABELS[position])

    def _country_li(self, country_id: str) -> str:
        return self._macros.country_li(country_link(self._index, country_id))

    def _data(self, row: int) -> VoteRow:
        if row not in self._rows:
            self._rows[row] = vote_row(self._index, row)
        return self._rows[row]


class FragmentsHolder:
    """Stable template globals that forward to the current build's Fragments."""

    NAMES = ("list_rows", "record_rows", "country_items", "map_uses", "group_rows")

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
