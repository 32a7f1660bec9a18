"""The download links a vote page and a country page offer (their slices of the positions)."""

from __future__ import annotations

from typing import NamedTuple

from .. import urls


class Downloads(NamedTuple):
    csv: str
    json: str
    schema: str
    dictionary: str
    data: str


def _links(csv: str, json: str) -> Downloads:
    return Downloads(csv, json, urls.data_schema("positions"), urls.data_dictionary() + "#resource-positions",
                     urls.data())


def vote_downloads(vote_id: str) -> Downloads:
    return _links(urls.vote_data(vote_id, "csv"), urls.vote_data(vote_id, "json"))


def country_downloads(country_id: str) -> Downloads:
    return _links(urls.country_data(country_id, "csv"), urls.country_data(country_id, "json"))
