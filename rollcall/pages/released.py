"""Which frozen release holds each vote, so "Cite this" names a release a reader can download."""

from __future__ import annotations

import io
import zipfile

import pyarrow.csv as pacsv

from ..packages.releases import Releases


def vote_releases(releases: Releases | None) -> dict[str, str]:
    """Vote id -> the newest release whose archive holds the vote (read from the zips)."""
    items = releases.items if releases is not None else ()
    key = (str(releases.root) if releases is not None else "", tuple((r.version, r.sha256) for r in items))
    if key not in _CACHE:  # serve asks again after every edit; a recorded zip never changes
        found: dict[str, str] = {}
        for release in items:
            for vote_id in _vote_ids(releases.read_archive(release)):
                found[vote_id] = release.version
        _CACHE.clear()
        _CACHE[key] = found
    return _CACHE[key]


_CACHE: dict[tuple, dict[str, str]] = {}


def _vote_ids(archive: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(archive)) as package:
        name = next((n for n in package.namelist() if n.endswith("/votes.csv")), None)
        if name is None:
            return []
        data = package.read(name)
    table = pacsv.read_csv(io.BytesIO(data), convert_options=pacsv.ConvertOptions(include_columns=["id"]))
    return [str(v) for v in table.column("id").to_pylist()]
