"""The data pages: /data/ (downloads, releases, licences, citation), one page per release
(/data/<version>/, with what changed since the previous one), and the data dictionary
(/data/dictionary/, from the Table Schemas, with how to load the data)."""

from __future__ import annotations

from typing import Any, Iterable, Iterator

import pyarrow.compute as pc

from .. import urls
from ..dataset import Dataset
from ..index import Index
from ..packages.cc0 import is_cc0_file
from ..packages.citation import (citation_bibtex, citation_text, dataset_record, distribution, json_ld,
                                 licence_rows)
from ..packages.licences import CC0, COMPILATION, TERMS_URL, LicenceCount
from ..packages.json_descriptor import field_constraints
from ..packages.loaders import snippets
from ..packages.publish import Download, Published, PublishedRelease
from ..packages.releases import Release
from ..schema import Field
from .base import Page
from .freshness import coverage

KEYS_SHOWN = 50     # keys listed per resource and kind on a release page
VOTES_SHOWN = 500   # changed votes linked on a release page


def human_size(size: int) -> str:
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} bytes"


def download_view(item: Download) -> dict[str, Any]:
    return {"label": item.label, "url": item.url, "size": human_size(item.bytes), "sha256": item.sha256,
            "name": item.url.rsplit("/", 1)[-1], "type": item.media_type}


def data_page_urls(releases: Iterable[Release]) -> list[str]:
    """The addresses of the pages data_pages makes, known before the downloads are written."""
    return [urls.data(), urls.data_dictionary(), *(urls.data_release(r.version) for r in releases)]


def data_pages(index: Index, dataset: Dataset, published: Published) -> Iterator[Page]:
    yield Page(urls.data(), "data.html", data_context(index, dataset, published), "Data downloads")
    yield Page(urls.data_dictionary(), "data_dictionary.html", dictionary_context(dataset, published),
               "Data dictionary")
    for number, item in enumerate(published.releases):
        previous = published.releases[number + 1] if number + 1 < len(published.releases) else None
        yield Page(urls.data_release(item.release.version), "data_release.html",
                   release_context(index, dataset, published, item, previous),
                   f"Data release {item.release.version}")


def _coverage(dataset: Dataset) -> str:
    dates = dataset.table("votes").column("date")
    low, high = pc.min(dates).as_py(), pc.max(dates).as_py()
    return f"{low.isoformat()}/{high.isoformat()}" if low and high else ""


def _citation(published: Published, version: str, date: str, url: str, checksum: str | None) -> dict[str, str]:
    year = date[:4]
    return {"text": citation_text(published.metadata, version, year, url, checksum),
            "bibtex": citation_bibtex(published.metadata, version, year, url, checksum)}


def _release_row(published: Published, item: PublishedRelease) -> dict[str, Any]:
    release = item.release
    url = urls.data_release(release.version)
    return {"version": release.version, "date": release.date, "notes": release.notes, "url": url,
            "archive": download_view(item.downloads[0]), "sha256": release.sha256,
            "citation": _citation(published, release.version, release.date, published.absolute(url), release.sha256)}


def _terms_of(item: Download, licences: list[LicenceCount]) -> str | list[str]:
    """The licence URL(s) of one published file: CC0 for the CC0 package; for votes and
    positions (and files holding them) every licence their rows carry; else the compilation's."""
    if is_cc0_file(item.url):
        return TERMS_URL[CC0]
    if item.resource and item.resource not in ("votes", "positions"):
        return TERMS_URL[COMPILATION]
    return [c.url for c in licences if c.url] or TERMS_URL[COMPILATION]


def distributions(published: Published, items: list[Download | None],
                  licences: list[LicenceCount]) -> list[dict[str, Any]]:
    """schema.org DataDownloads for every published file that has a checksum."""
    return [distribution(published.absolute(d.url), d.media_type, d.bytes, d.sha256, _terms_of(d, licences),
                         d.label) for d in items if d is not None and d.sha256]


def licence_view(counts: list[LicenceCount]) -> list[dict[str, Any]]:
    return [{"licence": c.licence, "terms": c.title, "url": c.url, "votes": c.votes, "positions": c.positions}
            for c in counts]


def data_context(index: Index, dataset: Dataset, published: Published) -> dict[str, Any]:
    latest = [published.archive, published.cc0, published.descriptor, published.database, published.datasette,
              published.catalogue]
    releases = [_release_row(published, item) for item in published.releases]
    current = next((r for r in releases if r["version"] == published.release_of_latest), None)
    files = latest + published.csvs + published.parquet + published.csvw
    record = dataset_record(published.metadata, version=published.version,
                            url=published.absolute(urls.data()),
                            date=current["date"] if current else None,
                            distributions=distributions(published, files, published.licences),
                            coverage=_coverage(dataset),
                            licences=[c.url for c in published.licences if c.url])
    return {
        "package": {"title": published.metadata.get("title", ""), "description": published.metadata.get("description", ""),
                    "version": published.version},
        "latest": [download_view(d) for d in latest if d is not None],
        "tables": [{"title": dataset.package.resource(c.resource).schema.title or c.resource,
                    "csv": download_view(c), "parquet": download_view(p)}
                   for c, p in zip(published.csvs, published.parquet)],
        "current_release": current,
        "unreleased": current is None,
        "releases": releases,
        "licences": licence_rows(published.metadata),
        "licence_counts": licence_view(published.licences),
        "cc0": download_view(published.cc0) if published.cc0 else None,
        "address": published.base,
        "dictionary_url": urls.data_dictionary(),
        "json_ld": json_ld(record),
        "vote_count": len(index.votes),
        "coverage": coverage(index),
    }


def _vote_links(index: Index, ids: list[str]) -> list[dict[str, Any]]:
    return [{"id": vote_id, "url": urls.vote(vote_id) if vote_id in index.vote_row else None}
            for vote_id in ids[:VOTES_SHOWN]]


def release_context(index: Index, dataset: Dataset, published: Published, item: PublishedRelease,
                    previous: PublishedRelease | None) -> dict[str, Any]:
    release = item.release
    url = published.absolute(urls.data_release(release.version))
    changes = item.changes or {}
    resources = []
    for resource in changes.get("resources", []):
        keys = resource.get("keys", {})
        resources.append(resource | {
            "shown": {kind: keys.get(kind, [])[:KEYS_SHOWN] for kind in ("added", "removed", "changed")},
            "touched": bool(resource["added"] or resource["removed"] or resource["changed"]
                            or resource["fields_added"] or resource["fields_removed"])})
    votes = changes.get("votes", {})
    licences = item.derived.licences if item.derived else []
    record = dataset_record(item.descriptor, version=release.version, url=url, date=release.date,
                            distributions=distributions(published, list(item.downloads), licences),
                            coverage=_coverage(dataset), licences=[c.url for c in licences if c.url] or None)
    return {
        "release": release,
        "downloads": [download_view(d) for d in item.downloads],
        "citation": _citation(published, release.version, release.date, url, release.sha256),
        "previous": {"version": previous.release.version, "url": urls.data_release(previous.release.version)}
        if previous else None,
        "first": not changes.get("previous"),
        "resources": resources,
        "votes": {kind: _vote_links(index, votes.get(kind, [])) for kind in ("added", "removed", "changed")},
        "vote_counts": {kind: votes.get(f"{kind}_count", len(votes.get(kind, []))) for kind in ("added", "removed", "changed")},
        "is_latest": published.release_of_latest == release.version,
        "data_url": urls.data(),
        "json_ld": json_ld(record),
        "licence_counts": licence_view(licences),
    }


def _field_view(field: Field, table, rows: int) -> dict[str, Any]:
    column = table.column(field.name)
    filled = rows - column.null_count
    values = []
    if field.enum is not None:
        counts = {str(v["values"]): int(v["counts"]) for v in pc.value_counts(column).to_pylist()
                  if v["values"] is not None}
        values = [{"value": v, "count": counts.get(v, 0)} for v in field.enum]
    constraints = [f"{key}: {', '.join(value) if isinstance(value, list) else value}"
                   for key, value in field_constraints(field).items() if key not in ("required", "enum")]
    return {"name": field.name, "title": field.title, "type": field.type, "required": field.required,
            "constraints": constraints, "description": field.description,
            "example": "" if field.example is None else str(field.example),
            "filled": filled, "filled_share": filled / rows if rows else 0.0, "allowed": values}


def dictionary_context(dataset: Dataset, published: Published) -> dict[str, Any]:
    csvs = {d.resource: d for d in published.csvs}
    parquet = {d.resource: d for d in published.parquet}
    resources = []
    for resource in dataset.package.resources:
        schema, table = resource.schema, dataset.table(resource.name)
        resources.append({
            "name": resource.name, "title": schema.title, "description": schema.description,
            "anchor": f"resource-{resource.name}", "rows": table.num_rows,
            "csv": download_view(csvs[resource.name]), "parquet": download_view(parquet[resource.name]),
            "schema_url": urls.data_schema(resource.name),
            "primary_key": list(schema.primary_key),
            "foreign_keys": [{"field": fk.field, "resource": fk.resource or resource.name, "target": fk.target,
                              "url": f"#resource-{fk.resource or resource.name}"} for fk in schema.foreign_keys],
            "fields": [_field_view(f, table, table.num_rows) for f in schema.fields],
        })
    votes = dataset.table("votes").column("id").to_pylist()
    countries = dataset.table("countries").column("id").to_pylist()
    vote_id = "hrc-s35-1" if "hrc-s35-1" in votes else (votes[0] if votes else "")
    country_id = "IRN" if "IRN" in countries else (countries[0] if countries else "")
    latest = published.absolute(urls.data_file(urls.LATEST, "x"))[:-1]
    return {
        "resources": resources,
        "package_version": published.version,
        "descriptor": download_view(published.descriptor) if published.descriptor else None,
        "snippets": snippets(dataset.package, latest, vote_id, country_id),
        "data_url": urls.data(),
    }
