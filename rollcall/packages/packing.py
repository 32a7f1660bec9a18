"""How a frozen release's folder is packed: its thousands of derived files as a few zips.

`/data/latest/` stays browsable file by file. A release folder keeps its frozen zip and the
files extracted from it (datapackage.json, the CSVs: addresses promised never to change), its
schemas, Parquet, CSVW and citation files, and packs the rest, each zip with a README.md and
a LICENSE inside:

    roll-call-<version>-slices.zip   by-vote/ and by-country/ (CSV + JSON), schemas/slices/
    roll-call-<version>-sqlite.zip   roll-call.sqlite and its Datasette metadata
    roll-call-cc0-<version>.zip      the CC0-only package (not also extracted into cc0/)
    SHA256SUMS                       the SHA-256 of every file of the folder (`sha256sum -c`)

Why: unpacked, a release folder held ~16,000 files and ~200 MB (GitHub Pages' artifact copies
hard links), and with three releases the site was 1.4 GB, over Pages' 1 GB; packed, a release
folder is 57-65 MB in 78 files (docs/releases.md, "Packed release folders").
"""

from __future__ import annotations

import hashlib
import os
from typing import Iterable

from .licences import TERMS_URL, COMPILATION, LicenceCount

SLICES = "slices"
SQLITE = "sqlite"
CHECKSUMS = "SHA256SUMS"
NOT_SUMMED = ("index.html", CHECKSUMS)   # the page may be restyled; the list cannot hold itself


def packed_stem(name: str, version: str, part: str) -> str:
    """roll-call-<version>-<part>: the zip's name without .zip and its top folder."""
    return f"{name}-{version}-{part}"


def packed_licence(title: str, version: str, counts: list[LicenceCount]) -> bytes:
    """LICENSE of a packed zip: its rows are positions (and votes) of the release."""
    lines = [f"{title}, version {version}: terms of use", "",
             "Every position has the terms of its vote: a by-vote slice the terms its JSON file names",
             "under `licenses`; a by-country slice mixes votes under different terms (join vote_id to",
             "votes.csv of the release: its `licence` column, or for releases before it existed the",
             "terms its `source` implies). Tables other than votes and positions are Roll Call's",
             f"compilation under Creative Commons Attribution 4.0 ({TERMS_URL[COMPILATION]}).", "",
             "Rows per licence in this release:", ""]
    for c in counts:
        lines += [f"- {c.licence}: {c.votes:,} votes, {c.positions:,} positions", f"  {c.title}", f"  {c.url}"]
    if not counts:
        lines.append("- (this version records no licence per row)")
    return "\n".join(lines + [""]).encode("utf-8")


def packed_readme(title: str, version: str, part: str, release_page: str) -> bytes:
    """README.md of a packed zip: what it holds and where its checksums are."""
    what = {
        SLICES: ["One vote's or one country's positions, as published browsable under `/data/latest/`",
                 "for the current data:", "",
                 "- `by-vote/<vote id>.csv`, `by-country/<iso3, lower case>.csv`: the very lines of the",
                 "  release's positions.csv for that vote or country, under its header;",
                 "- `by-vote/<vote id>.json`, `by-country/<iso3>.json`: a small Frictionless data package",
                 "  (the vote or country row, then its positions) whose resources link the Table Schemas",
                 "  published under this release's `schemas/slices/`; copies are in `schemas/slices/` here."],
        SQLITE: ["`roll-call.sqlite`: every table of the release in SQLite (keys, foreign keys, indexes,",
                 "descriptions as SQL comments), and `roll-call.metadata.json` for Datasette",
                 "(`datasette roll-call.sqlite -m roll-call.metadata.json`)."],
    }[part]
    lines = [f"# {title} — version {version}: {part}", "", *what, "",
             "Built at every site build from the release's frozen zip (the same code as the latest",
             "data's files), entries in a fixed order with one timestamp, so the bytes repeat.",
             f"The release folder's `{CHECKSUMS}` lists this zip's SHA-256; see the release page:",
             release_page or f"/data/{version}/", ""]
    return "\n".join(lines).encode("utf-8")


def checksums(folder: str, known: dict[str, str] | None = None) -> bytes:
    """SHA256SUMS of every file under `folder` (paths relative to it, sorted), in the format
    `sha256sum -c` reads; `known`: relative path -> digest already computed."""
    known = known or {}
    lines = []
    for path in sorted(_files(folder)):
        if path in NOT_SUMMED:
            continue
        digest = known.get(path) or _digest(os.path.join(folder, path))
        lines.append(f"{digest}  {path}\n")
    return "".join(lines).encode("utf-8")


def _files(folder: str) -> Iterable[str]:
    for root, _, names in os.walk(folder):
        for name in names:
            yield os.path.relpath(os.path.join(root, name), folder).replace(os.sep, "/")


def _digest(path: str) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()
