"""The download links a vote page and a country page offer (their slices of the positions)."""

from __future__ import annotations

from .. import urls


def _links(csv: str, json: str) -> dict[str, str]:
    return {"csv": csv, "json": json, "schema": urls.data_schema("positions"),
            "dictionary": urls.data_dictionary() + "#resource-positions", "data": urls.data()}


def vote_downloads(vote_id: str) -> dict[str, str]:
    return _links(urls.vote_data(vote_id, "csv"), urls.vote_data(vote_id, "json"))


def country_downloads(country_id: str) -> dict[str, str]:
    return _links(urls.country_data(country_id, "csv"), urls.country_data(country_id, "json"))
