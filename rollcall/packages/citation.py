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
                   distributions: list[tuple[str, str]], coverage: str) -> dict[str, Any]:
    """A schema.org Dataset; `distributions` are (absolute URL, media type)."""
    licence = (metadata.get("licenses") or [{}])[0]
    record: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "Dataset",
        "name": str(metadata.get("title", "")), "description": str(metadata.get("description", "")),
        "url": url, "version": version, "license": str(licence.get("path", "")),
        "isAccessibleForFree": True,
        "creator": {"@type": "Organization", "name": authors(metadata)},
        "keywords": ["United Nations", "human rights", "roll-call votes", "General Assembly",
                     "Human Rights Council"],
        "temporalCoverage": coverage,
        "isBasedOn": [str(s.get("path")) for s in metadata.get("sources", []) if s.get("path")],
        "distribution": [{"@type": "DataDownload", "contentUrl": u, "encodingFormat": t} for u, t in distributions],
    }
    if date:
        record["datePublished"] = date
    return record
