"""Match country names as UN documents print them to the country ids of datasets/countries.csv.

Names are looked up in three tiers, first hit wins: our own `name` column (the UN short
names), then a small alias table plus the short forms of our names ("Iran" for "Iran
(Islamic Republic of)"), then pycountry's ISO names. A name that two countries share in
its tier is ambiguous, and an unknown name comes back with close matches: the matcher
never guesses, the caller reports.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Mapping

import pycountry

#: Names UN texts and contributors use that neither our names nor ISO's spell the same way.
ALIASES: dict[str, str] = {
    "United States": "USA",
    "United Kingdom": "GBR",
    "Turkey": "TUR",
    "Russia": "RUS",
    "Syria": "SYR",
    "Vietnam": "VNM",
    "Laos": "LAO",
    "Czech Republic": "CZE",
    "Swaziland": "SWZ",
    "Cape Verde": "CPV",
    "Ivory Coast": "CIV",
    "The former Yugoslav Republic of Macedonia": "MKD",
    "Macedonia": "MKD",
    "South Korea": "KOR",
    "North Korea": "PRK",
    "Burma": "MMR",
    "East Timor": "TLS",
    "Brunei": "BRN",
    "Tanzania": "TZA",
    "Moldova": "MDA",
    "Palestine": "PSE",
    "Democratic Republic of Congo": "COD",
    "DR Congo": "COD",
    "Republic of the Congo": "COG",
    "Kingdom of the Netherlands": "NLD",
    "Holy See (Vatican City State)": "VAT",
}


@dataclass(frozen=True)
class NameMatch:
    """What one printed name resolved to: an id, or why not (candidates or suggestions)."""

    text: str
    country_id: str | None
    candidates: tuple[str, ...] = ()  # several ids share the name: ambiguous
    suggestions: tuple[str, ...] = ()  # close names, shown as "Name (ID)"
    outside: str | None = None  # an ISO code that is not in countries.csv

    def problem(self) -> str | None:
        """A sentence for the contributor, or None when the name resolved."""
        if self.country_id:
            return None
        if self.candidates:
            return f"'{self.text}' could be {' or '.join(self.candidates)}; write the full UN name"
        if self.outside:
            return f"'{self.text}' is {self.outside} in ISO 3166, which is not in countries.csv"
        hint = f"; did you mean {', '.join(self.suggestions)}?" if self.suggestions else ""
        return f"unknown country name '{self.text}'{hint}"


class CountryNames:
    """Name → country id lookups over our countries plus aliases and ISO names."""

    def __init__(self, countries: Mapping[str, str]) -> None:
        """`countries` maps id → UN name, as in datasets/countries.csv."""
        self._names = dict(countries)
        self._tiers = [_index(countries.items()),
                       _index(list(_short_forms(countries)) + [(i, n) for n, i in ALIASES.items()]),
                       _index(_iso_names())]

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, str]]) -> "CountryNames":
        return cls({r["id"]: r["name"] for r in rows})

    def name_of(self, country_id: str) -> str:
        return self._names.get(country_id, country_id)

    def match(self, text: str) -> NameMatch:
        key = normalise(text)
        for tier in self._tiers:
            ids = tier.get(key)
            if not ids:
                continue
            known = sorted(i for i in ids if i in self._names)
            if len(known) == 1:
                return NameMatch(text, known[0])
            if len(known) > 1:
                return NameMatch(text, None, candidates=tuple(self._shown(i) for i in known))
            return NameMatch(text, None, outside=", ".join(sorted(ids)))
        return NameMatch(text, None, suggestions=self._suggest(key))

    def _suggest(self, key: str) -> tuple[str, ...]:
        keys = {k: ids for tier in self._tiers for k, ids in tier.items()}
        close = difflib.get_close_matches(key, list(keys), n=5, cutoff=0.7)
        ids = dict.fromkeys(i for k in close for i in sorted(keys[k]) if i in self._names)
        return tuple(self._shown(i) for i in list(ids)[:3])

    def _shown(self, country_id: str) -> str:
        return f"{self._names[country_id]} ({country_id})"


def normalise(name: str) -> str:
    """Fold what varies between copies of one name: case, accents, quotes, spaces, 'the'."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[\u2018\u2019\u02bc`´]", "'", text).casefold().replace("&", " and ")
    text = re.sub(r"[\s\-\u2010-\u2014]+", " ", text)
    text = re.sub(r"\s*\(\s*", " (", text)
    text = re.sub(r"\s*\)", ")", text)
    text = text.strip(" .,;:*")
    return re.sub(r"^the ", "", text)


def _index(pairs: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    index: dict[str, set[str]] = {}
    for country_id, name in pairs:
        index.setdefault(normalise(name), set()).add(country_id)
    return index


def _short_forms(countries: Mapping[str, str]) -> Iterable[tuple[str, str]]:
    """'Iran' for 'Iran (Islamic Republic of)': UN texts drop the parenthesis now and then."""
    for country_id, name in countries.items():
        if "(" in name:
            yield country_id, name.split("(")[0]


def _iso_names() -> Iterable[tuple[str, str]]:
    """Every ISO 3166 name form, with 'Korea, Republic of' also read as 'Republic of Korea'."""
    for country in list(pycountry.countries) + list(pycountry.historic_countries):
        code = country.alpha_3
        for attribute in ("name", "common_name", "official_name"):
            name = getattr(country, attribute, None)
            if not name:
                continue
            yield code, name
            if ", " in name:
                head, tail = name.split(", ", 1)
                yield code, f"{tail} {head}"
                yield code, head
