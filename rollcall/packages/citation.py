"""How to cite a release, the licence of each source, and the schema.org Dataset record."""

from __future__ import annotations

import json
from typing import Any, Mapping

from markupsafe import Markup

SOURCE_TERMS = {
    "CC0-1.0": ("CC0 1.0: no rights reserved (public domain dedication)",
                "https://creativecommons.org/publicdomain/zero/1.0/"),
    "UN-attribution": ("UN Secretariat data: free to use provided the United Nations is acknowledged as "
                       "the source", "https://github.com/UNxml/GAresolutions#disclaimer-and-terms-of-use"),
    "UN-NC": ("Copyright United Nations; non-commercial use, with attribution (not an open licence: "
              "rows marked UN-NC are outside the CC0 subset)", "https://digitallibrary.un.org/record/4060887"),
}
ATTRIBUTION = ("UN public documents and pages, reused with attribution: every row names the URL "
               "it was read from")


def authors(metadata: Mapping[str, Any]) -> str:
    names = [str(c.get("title")) for c in metadata.get("contributors", []) if isinstance(c, dict) and c.get("title")]
    return ", ".join(names) or "Roll Call contributors"


def citation_text(metadata: Mapping[str, Any], version: str, year: str, url: str, sha256: str | None) -> str:
    checksum = f" SHA-256 of the archive: {sha256}." if sha256 else ""
    return (f"{authors(metadata)} ({year}). {metadata.get('title', 'Roll Call')} (version {version}) "
            f"[Data set]. {url}.{checksum}")


def citation_bibtex(metadata: Mapping[str, Any], version: str, year: str, url: str, sha256: str | None) -> str:
    key = "rollcall_" + version.replace(".", "_")
    lines = [f"@misc{{{key},", f"  author = {{{{{authors(metadata)}}}}},",
             f"  title = {{{metadata.get('title', 'Roll Call')}}},", f"  version = {{{version}}},",
             f"  year = {{{year}}},", f"  url = {{{url}}},", "  type = {Data set},"]
    if sha256:
        lines.append(f"  note = {{SHA-256 of the archive: {sha256}}},")
    return "\n".join(lines) + "\n}"


def licence_rows(metadata: Mapping[str, Any]) -> list[dict[str, str]]:
    """One row per part of the data: the compilation's licence, then each source's terms."""
    rows = []
    for licence in metadata.get("licenses", []):
        rows.append({"part": str(licence.get("title") or "Roll Call's compilation"), "source_url": "",
                     "terms": str(licence.get("name", "")), "url": str(licence.get("path", ""))})
    for source in metadata.get("sources", []):
        terms, url = SOURCE_TERMS.get(str(source.get("license", "")), (ATTRIBUTION, ""))
        rows.append({"part": str(source.get("title", "")), "source_url": str(source.get("path", "")),
                     "terms": terms, "url": url})
    return rows


def json_ld(data: Mapping[str, Any]) -> Markup:
    """JSON for a <script type="application/ld+json"> data block, safe inside HTML.

    Escaping <, > and & keeps the text from closing the element or opening a comment. A data
    block is never executed, so the Content-Security-Policy's script-src does not apply (HTML
    "prepare the script element" stops at an unknown type before any CSP check).
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)  # noqa: S704 - escaped above for the script-data context


def dataset_record(metadata: Mapping[str, Any], *, version: str, url: str, date: str | None,
                   distributions: list[dict[str, Any]], coverage: str,
                   licences: list[str] | None = None) -> dict[str, Any]:
    """A schema.org Dataset; `distributions` from `distribution` (one per published file),
    `licences` the URLs of the terms its rows carry (default: the compilation's)."""
    licence = (metadata.get("licenses") or [{}])[0]
    record: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "Dataset",
        "@id": url, "identifier": url,
        "name": str(metadata.get("title", "")), "description": str(metadata.get("description", "")),
        "url": url, "version": version,
        "license": licences or str(licence.get("path", "")),
        "isAccessibleForFree": True,
        "creator": {"@type": "Organization", "name": authors(metadata)},
        "keywords": list(KEYWORDS),
        "temporalCoverage": coverage,
        "isBasedOn": [str(s.get("path")) for s in metadata.get("sources", []) if s.get("path")],
        "distribution": distributions,
    }
    if date:
        record["datePublished"] = date
    return record


KEYWORDS = ("United Nations", "human rights", "roll-call votes", "General Assembly", "Human Rights Council")


def distribution(url: str, media_type: str, size: int, checksum: str, licence: str | list[str],
                 name: str) -> dict[str, Any]:
    """One schema.org DataDownload: where, what, how big, its SHA-256 and its terms."""
    out: dict[str, Any] = {"@type": "DataDownload", "name": name, "contentUrl": url, "encodingFormat": media_type,
                           "contentSize": f"{size} B", "license": licence}
    if checksum:
        out["identifier"] = {"@type": "PropertyValue", "propertyID": "sha256", "value": checksum}
    return out


def _abstract(descriptor: Mapping[str, Any]) -> str:
    return (" ".join(str(descriptor.get("description", "")).split())
            + " Terms differ per row (votes.csv column licence, or the terms of each vote's source in "
              "releases before it; a position has its vote's terms): CC0-1.0, CC-BY-4.0, UN-attribution, "
              "UN-NC. The license below is that of Roll Call's compilation.")


def citation_cff(descriptor: Mapping[str, Any], release: Any, page: str, archive: str) -> str:
    """CITATION.cff (Citation File Format 1.2.0) of one release; add `doi:` once deposited."""
    lines = ["# How to cite this release of Roll Call's data. After depositing the zip (e.g. on",
             "# Zenodo, with zenodo.json), add the DOI it receives as `doi:`.",
             "cff-version: 1.2.0", "type: dataset",
             'message: "If you use this data, please cite the release you used."',
             f"title: {json.dumps(str(descriptor.get('title', 'Roll Call')), ensure_ascii=False)}",
             f"abstract: {json.dumps(_abstract(descriptor), ensure_ascii=False)}",
             "authors:", f"  - name: {json.dumps(authors(descriptor), ensure_ascii=False)}",
             f"version: {release.version}", f'date-released: "{release.date}"',
             "license: CC-BY-4.0",
             "license-url: \"https://creativecommons.org/licenses/by/4.0/\""]
    if page.startswith("http"):
        lines.append(f'url: "{page}"')
    lines += ["identifiers:"]
    if archive.startswith("http"):
        lines += ["  - type: url", f'    value: "{archive}"', '    description: "The release archive (zip)"']
    lines += ["  - type: other", f'    value: "sha256:{release.sha256}"',
              '    description: "SHA-256 of the release archive"',
              "keywords:"] + [f'  - "{k}"' for k in KEYWORDS]
    return "\n".join(lines) + "\n"


def zenodo_json(descriptor: Mapping[str, Any], release: Any, page: str) -> dict[str, Any]:
    """Zenodo deposit metadata (.zenodo.json) of one release: upload the zip with this file."""
    from ..rules import LICENCE_TERMS
    terms = [f"{name}: {text}" for name, text in LICENCE_TERMS.items()]
    out: dict[str, Any] = {
        "upload_type": "dataset",
        "title": f"{descriptor.get('title', 'Roll Call')} (version {release.version})",
        "description": " ".join(str(descriptor.get("description", "")).split()),
        "version": release.version, "publication_date": release.date,
        "creators": [{"name": authors(descriptor)}],
        "license": "cc-by-4.0", "access_right": "open",
        "keywords": list(KEYWORDS),
        "notes": "Terms differ per row (votes.csv column licence; a position has its vote's terms; every "
                 "other table is Roll Call's compilation under CC-BY-4.0): " + "; ".join(terms)
                 + f". SHA-256 of the archive: {release.sha256}.",
    }
    if page.startswith("http"):
        out["related_identifiers"] = [{"identifier": page, "relation": "isDocumentedBy", "scheme": "url"}]
    return out
