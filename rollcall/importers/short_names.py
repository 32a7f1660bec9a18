"""Country short names (`countries.short_name`), from the names Erik Voeten's General Assembly
record gives each state (CC0; the unvotes package's English short names, e.g. "Iran" for the
Islamic Republic of Iran). A state gets the name of the record's latest roll call with its
ISO 3166-1 alpha-2 code, or, for a former state without a code, the record's name for it.
States the record does not name under their own code (observers, Serbia, which the record
calls "Yugoslavia", and the former Yugoslavia) are left empty: no other source is used.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow.csv as pacsv

from ..rowfiles import Row
from .voeten import BY_NAME

SOURCE = Path("unga-voeten") / "votes.csv"


def voeten_short_names(votes_csv: Path) -> dict[str, str]:
    """The record's name for each ISO2 code, from the latest roll call with that code."""
    options = pacsv.ConvertOptions(include_columns=["rcid", "country", "country_code"],
                                   strings_can_be_null=False)
    table = pacsv.read_csv(votes_csv, convert_options=options)
    latest = table.group_by(["country_code", "country"]).aggregate([("rcid", "max")])
    by_code: dict[str, tuple[int, str]] = {}
    for row in latest.sort_by([("country_code", "ascending"), ("country", "ascending")]).to_pylist():
        code, name, rcid = row["country_code"], row["country"], row["rcid_max"]
        if code and (code not in by_code or rcid > by_code[code][0]):
            by_code[code] = (rcid, name)
    return {code: name for code, (_, name) in by_code.items()}


def add_short_names(countries: list[Row], reference: Path) -> None:
    """Set `short_name` on every country row (None where the record has no name for it)."""
    by_code = voeten_short_names(reference / SOURCE)
    by_id = {cid: name for name, cid in BY_NAME.items()}
    for country in countries:
        code = str(country.get("iso2") or "")
        name = by_code.get(code) if code else None
        if name is None and country.get("status") == "former":
            name = by_id.get(str(country["id"]))
        country["short_name"] = name
