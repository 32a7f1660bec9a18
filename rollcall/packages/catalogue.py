"""The DCAT-AP catalogue (JSON-LD) of the published data: one dcat:Dataset for the latest data
and one per release, each with its distributions (URL, media type, size, SHA-256, licence)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import urls
from .cc0 import is_cc0_file
from .citation import KEYWORDS, authors
from .licences import CC0, TERMS_URL

if TYPE_CHECKING:
    from .publish import Download, Published

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/", "spdx": "http://spdx.org/rdf/terms#",
    "xsd": "http://www.w3.org/2001/XMLSchema#", "adms": "http://www.w3.org/ns/adms#",
}
COMPILATION = "https://creativecommons.org/licenses/by/4.0/"


def _distribution(published: "Published", item: "Download") -> dict[str, Any]:
    url = published.absolute(item.url)
    licence = TERMS_URL[CC0] if is_cc0_file(item.url) else COMPILATION
    out: dict[str, Any] = {"@id": url, "@type": "dcat:Distribution", "dct:title": item.label,
                           "dcat:accessURL": {"@id": url}, "dcat:downloadURL": {"@id": url},
                           "dcat:mediaType": item.media_type,
                           "dcat:byteSize": {"@value": str(item.bytes), "@type": "xsd:nonNegativeInteger"},
                           "dct:license": {"@id": licence}}
    if item.sha256:
        out["spdx:checksum"] = {"@type": "spdx:Checksum", "spdx:algorithm": {"@id": "spdx:checksumAlgorithm_sha256"},
                                "spdx:checksumValue": item.sha256}
    return out


def _dataset(published: "Published", page: str, version: str, downloads: list["Download"],
             date: str | None, licences: list[str]) -> dict[str, Any]:
    url = published.absolute(page)
    meta = published.metadata
    out: dict[str, Any] = {
        "@id": url, "@type": "dcat:Dataset", "dct:identifier": url,
        "dct:title": str(meta.get("title", "")), "dct:description": str(meta.get("description", "")),
        "adms:version": version, "dcat:landingPage": {"@id": url},
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": authors(meta)},
        "dcat:keyword": list(KEYWORDS),
        "dct:license": [{"@id": u} for u in licences],
        "dcat:distribution": [_distribution(published, d) for d in downloads if d is not None],
    }
    if date:
        out["dct:issued"] = {"@value": date, "@type": "xsd:date"}
    return out


def dcat_catalogue(published: "Published") -> dict[str, Any]:
    licences = [c.url for c in published.licences if c.url] or [COMPILATION]
    latest = [published.archive, published.descriptor, published.database, published.cc0, *published.csvs,
              *published.parquet]
    datasets = [_dataset(published, urls.data(), published.version, latest, None, licences)]
    for item in published.releases:
        terms = [c.url for c in item.derived.licences if c.url] if item.derived else []
        datasets.append(_dataset(published, urls.data_release(item.release.version), item.release.version,
                                 list(item.downloads), item.release.date, terms or [COMPILATION]))
    return {"@context": CONTEXT, "@id": published.absolute(urls.data_catalogue()), "@type": "dcat:Catalog",
            "dct:title": str(published.metadata.get("title", "")),
            "dct:description": "Every version of Roll Call's data: the latest files and each frozen release.",
            "dct:publisher": {"@type": "foaf:Agent", "foaf:name": authors(published.metadata)},
            "dcat:dataset": datasets}
