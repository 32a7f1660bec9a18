"""The world map on vote pages: which shared shapes to colour, and how.

Every country shape lives once in ``static/world.svg`` (built by
``tools/build_worldmap.py``), each an element whose id is the country's ISO
3166-1 alpha-3 code, inside ``<g id="world">`` (all land, the background).
A vote page only references them: one ``<use href="…/world.svg#world">`` plus
one ``<use href="…/world.svg#ISO3">`` per country with a position, grouped by
position (``templates/partials/worldmap.html``, styled by
``static/css/map.css``).  This module turns one vote's positions into the
plain data that macro displays.  Reading the SVG happens lazily, once per
path, when ``shape_ids`` or ``read_view_box`` is first called.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from .rules import MAP_POSITION_LABELS, POSITIONS

WORLD_SVG = Path(__file__).resolve().parents[1] / "static" / "world.svg"
"""The shared shapes file in the repository."""


_ID = re.compile(r'\bid="([A-Z]{3})"')
_VIEW_BOX = re.compile(r'<svg\b[^>]*\bviewBox="([^"]+)"')


UNRECORDED = "unrecorded"
"""The map group of members of the body on the day with no recorded position."""


class MapItem(NamedTuple):
    """One country drawn on a vote's map (a tuple: cheap to make, hash and compare, as the
    site draws ~1.4 million of them)."""

    country_id: str
    """ISO 3166-1 alpha-3 code, also the shape's id in world.svg."""
    name: str
    """Country name shown in the hover title, e.g. ``Iran: No``."""
    position: str
    """One of POSITIONS."""

    @property
    def label(self) -> str:
        """The position as displayed (``Yes``, ``No``, ``Abstain``, ``Absent``)."""
        return MAP_POSITION_LABELS.get(self.position, "Member, no position recorded")


@dataclass(frozen=True)
class VoteMap:
    """Everything the ``worldmap`` macro needs for one vote."""

    view_box: str
    """The viewBox of world.svg, e.g. ``0 0 1969 870``."""
    shapes_href: str
    """URL of world.svg as the page must reference it, e.g. ``/static/world.svg``."""
    groups: tuple[tuple[str, tuple[MapItem, ...]], ...]
    """Non-empty ``(position, items)`` pairs in POSITIONS order, items sorted by country id.

    The macro draws one ``<g class="rc-POSITION">`` per pair, so the class is written once
    per position instead of once per country.
    """
    missing: tuple[str, ...]
    """Country ids with a position but no shape (e.g. former states), sorted."""

    @property
    def items(self) -> tuple[MapItem, ...]:
        """Countries with a position and a shape, sorted by country id."""
        return tuple(sorted((item for _, group in self.groups for item in group), key=lambda i: i.country_id))


@lru_cache(maxsize=None)
def _read_svg(svg_path: Path) -> str:
    return Path(svg_path).read_text(encoding="utf-8")


def shape_ids(svg_path: Path | str = WORLD_SVG) -> frozenset[str]:
    """The country ids (three upper-case letters) that have a shape in the file."""
    return frozenset(_ID.findall(_read_svg(Path(svg_path))))


def read_view_box(svg_path: Path | str = WORLD_SVG) -> str:
    """The viewBox attribute of the file's root ``<svg>`` element."""
    match = _VIEW_BOX.search(_read_svg(Path(svg_path)))
    if match is None:
        raise ValueError(f"{svg_path}: no viewBox on the <svg> element")
    return match.group(1)


def build_vote_map(
    positions: Mapping[str, str],
    names: Mapping[str, str],
    shapes_href: str,
    known_shapes: frozenset[str],
    view_box: str,
) -> VoteMap:
    """The map of one vote.

    positions: country id -> one of POSITIONS, for every country with a
    position (countries without one are simply not listed).
    names: country id -> display name; must cover every id in positions.
    known_shapes: ids with a shape, usually ``shape_ids()``.
    Raises ValueError for an unknown position or a country without a name.
    """
    items = []
    missing = []
    for country_id in sorted(positions):
        position = positions[country_id]
        if position not in MAP_POSITION_LABELS:
            raise ValueError(f"{country_id}: unknown position {position!r}")
        if country_id not in known_shapes:
            missing.append(country_id)
            continue
        try:
            name = names[country_id]
        except KeyError:
            raise ValueError(f"{country_id}: no name") from None
        items.append(MapItem(country_id=country_id, name=name, position=position))
    groups = tuple((position, group) for position in POSITIONS
                   if (group := tuple(item for item in items if item.position == position)))
    return VoteMap(view_box=view_box, shapes_href=shapes_href, groups=groups, missing=tuple(missing))
