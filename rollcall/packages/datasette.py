"""Datasette metadata for the SQLite file: titles, licence, sources and column descriptions.

`datasette roll-call.sqlite -m roll-call.metadata.json` shows every table and column with the
description written in its Table Schema.
"""

from __future__ import annotations

from typing import Any

from ..descriptor import Package


def datasette_metadata(package: Package, database: str, about_url: str) -> dict[str, Any]:
    meta = package.metadata
    licence = (meta.get("licenses") or [{}])[0]
    tables = {}
    for resource in package.resources:
        schema = resource.schema
        tables[resource.name] = {
            "title": schema.title, "description": schema.description,
            "columns": {f.name: f"{f.title}: {f.description}" if f.title else f.description for f in schema.fields},
        }
    return {
        "title": str(meta.get("title", "")),
        "description": str(meta.get("description", "")),
        "license": str(licence.get("name", "")), "license_url": str(licence.get("path", "")),
        "source": "Roll Call data package, version " + package.version, "source_url": about_url,
        "about": "Data dictionary", "about_url": about_url,
        "databases": {database: {"tables": tables}},
    }
