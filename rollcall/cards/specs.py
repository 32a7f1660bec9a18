"""What each share card shows: a small, plain record per vote and per country, and the content
key that names its cached drawing.

A card is redrawn only when its key changes: the key hashes the card's record together with
everything else the drawing depends on (the fonts, the palette in static/css/site.css, the
drawing code's version and Pillow's version), so an edit of one vote's title redraws one card.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass
from functools import cached_property
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

import numpy as np

from .. import urls
from ..index import Index
from ..pages.describe import outcome_line, when

DRAWING_VERSION = "1"   # bump when draw.py changes what a card looks like
FONTS = ("fonts/DejaVuSans.ttf", "fonts/DejaVuSans-Bold.ttf")
COLOURS = ("ink", "muted", "line", "accent", "yes", "no", "abstain", "absent")
_CSS_COLOUR = re.compile(r"--([a-z-]+):\s*(#[0-9a-fA-F]{3,6})\b")


@dataclass(frozen=True)
class Card:
    """One card: the file it is written to (relative to the site) and what it shows."""

    file: str
    kind: str                 # "vote" or "country"
    kicker: str               # small line above the title
    title: str
    outcome: str              # vote cards: "Adopted", ...; country cards: ""
    counts: tuple[int, ...]   # yes, no, abstain (and absent on country cards)
    caption: str              # the line under the bar
    address: str              # the site's host, printed at the bottom


@dataclass(frozen=True, eq=False)
class Style:
    """What every card shares: the palette of the site's stylesheet and the font files."""

    colours: dict[str, str]
    fonts: tuple[bytes, ...]

    @classmethod
    def load(cls, static: Path) -> "Style":
        css = (static / "css" / "site.css").read_text(encoding="utf-8")
        found = dict(_CSS_COLOUR.findall(css))
        missing = [name for name in COLOURS if name not in found]
        if missing:
            raise ValueError(f"static/css/site.css defines no --{', --'.join(missing)} (the share cards' palette)")
        return cls({name: _long_hex(found[name]) for name in COLOURS},
                   tuple((static / name).read_bytes() for name in FONTS))

    @cached_property
    def digest(self) -> str:
        from PIL import __version__ as pillow
        hashed = hashlib.sha256(f"{DRAWING_VERSION}|{pillow}|{sorted(self.colours.items())}".encode())
        for font in self.fonts:
            hashed.update(hashlib.sha256(font).digest())
        return hashed.hexdigest()


def key(card: Card, style_digest: str) -> str:
    """The content key of a card's drawing."""
    text = json.dumps(asdict(card), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(f"{style_digest}|{text}".encode("utf-8")).hexdigest()


def all_cards(index: Index) -> Iterator[Card]:
    """Every vote's card, then every country's that has positions, in a fixed order."""
    address = card_address()
    for number in range(card_count(index)):
        yield card_at(index, number, address)


def card_address() -> str:
    """The site's host, printed at the bottom of every card."""
    return urlsplit(urls.full(urls.home())).netloc


def card_count(index: Index) -> int:
    return len(index.votes) + len(index.positions.country_ids)


def card_at(index: Index, number: int, address: str) -> Card:
    """Card `number` of all_cards: made alone, so that workers can each make a share of them."""
    if number < len(index.votes):
        return vote_card(index, number, address)
    country = number - len(index.votes)
    codes = index.positions.code[index.positions.of_country(country)]
    counts = tuple(np.bincount(codes, minlength=4).tolist())
    return country_card(index, index.positions.country_ids[country], counts, address)


def vote_card(index: Index, row: int, address: str) -> Card:
    vote = index.votes[row]
    body = index.bodies[vote.body_id]
    tally = vote.official or index.counted_tally(row)
    kicker = " · ".join(part for part in (body.name, when(vote).split(" ", 1)[1], vote.symbol) if part)
    source = "official tally" if vote.official else "counted from the named positions"
    caption = f"Yes {tally.yes} · No {tally.no} · Abstain {tally.abstain} ({source})"
    return Card(urls.file_for(urls.vote_card(vote.id)), "vote", kicker, vote.title, outcome_line(vote),
                (tally.yes, tally.no, tally.abstain), caption, address)


def country_card(index: Index, country_id: str, counts: tuple[int, ...], address: str) -> Card:
    """A country's card: its name and its record over every recorded vote."""
    country = index.countries[country_id]
    group = index.groups[country.group_id].name if country.group_id else ""
    total = sum(counts)
    years = index.summaries.for_country(country_id)
    decades = sorted({decade for _, decade, _ in years})
    span = f", {decades[0]}–{decades[-1]}" if decades else ""
    caption = (f"Yes {counts[0]:,} · No {counts[1]:,} · Abstain {counts[2]:,} · Absent {counts[3]:,}"
               if total else "No recorded positions")
    return Card(urls.file_for(urls.country_card(country_id)), "country", group or "Country record",
                country.name, f"{total:,} recorded vote{'' if total == 1 else 's'}{span}" if total else "", counts, caption, address)


def _long_hex(colour: str) -> str:
    if len(colour) == 4:   # #abc -> #aabbcc
        return "#" + "".join(c * 2 for c in colour[1:])
    return colour.lower()
