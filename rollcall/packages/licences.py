"""Terms of use per resource and per row, and the LICENSE and README files inside every zip.

A vote row says its terms in `licence` (rules.licence_for of its `source`); a position has the
terms of its vote (`positions.vote_id` -> `votes.licence`); every other table is Roll Call's
compilation under CC-BY-4.0, each row naming the document it was read from. Releases made
before votes had a `licence` column are read through their `source` column the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

import pyarrow as pa
import pyarrow.compute as pc

from .. import rules

CC0 = "CC0-1.0"
COMPILATION = "CC-BY-4.0"
VOTE_RESOURCES = ("votes", "positions")   # the resources whose rows carry a vote's terms
TERMS_URL = {
    "CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
    "CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "UN-attribution": "https://github.com/UNxml/GAresolutions#disclaimer-and-terms-of-use",
    "UN-NC": "https://digitallibrary.un.org/record/4060887",
}


@dataclass(frozen=True)
class LicenceCount:
    licence: str
    votes: int
    positions: int

    @property
    def title(self) -> str:
        return rules.LICENCE_TERMS.get(self.licence, self.licence)

    @property
    def url(self) -> str:
        return TERMS_URL.get(self.licence, "")


def vote_licences(votes: pa.Table) -> pa.Array:
    """The terms of each vote row: its `licence`, else derived from its `source`."""
    if "licence" in votes.column_names:
        return votes.column("licence").combine_chunks()
    if "source" in votes.column_names:
        sources = votes.column("source").to_pylist()
        return pa.array([_derived(s) for s in sources], pa.string())
    return pa.array([None] * votes.num_rows, pa.string())


def _derived(source: str | None) -> str | None:
    try:
        return rules.licence_for(source) if source else None
    except KeyError:
        return None


def licence_counts(votes: pa.Table, positions: pa.Table) -> list[LicenceCount]:
    """Votes and positions per licence, strictest last (rules' order), absent licences left out."""
    licences = vote_licences(votes)
    of_vote = dict(zip(votes.column("id").to_pylist(), licences.to_pylist()))
    vote_counts = {v["values"]: v["counts"] for v in pc.value_counts(licences).to_pylist()}
    position_votes = pc.value_counts(positions.column("vote_id")).to_pylist()
    position_counts: dict[str, int] = {}
    for item in position_votes:
        key = of_vote.get(item["values"])
        position_counts[key] = position_counts.get(key, 0) + item["counts"]
    order = list(rules.LICENCE_TERMS)
    names = sorted((k for k in vote_counts if k), key=lambda k: order.index(k) if k in order else len(order))
    return [LicenceCount(k, int(vote_counts[k]), int(position_counts.get(k, 0))) for k in names]


def licence_entry(licence: str, title: str = "") -> dict[str, str]:
    """A Data Package `licenses` entry."""
    entry = {"name": licence, "path": TERMS_URL.get(licence, ""),
             "title": title or rules.LICENCE_TERMS.get(licence, licence)}
    return {k: v for k, v in entry.items() if v}


def resource_licences(name: str, counts: list[LicenceCount]) -> list[dict[str, str]]:
    """The `licenses` of one resource: the terms its rows carry (with counts), or the compilation's."""
    if name not in VOTE_RESOURCES or not counts:
        return [licence_entry(COMPILATION, "Creative Commons Attribution 4.0 (Roll Call's compilation; "
                                           "every row names the document it was read from)")]
    unit = "votes" if name == "votes" else "positions"
    return [licence_entry(c.licence, f"{c.title}: {getattr(c, unit):,} {unit}"
                                     + ("" if name == "votes" else " (the terms of their vote)"))
            for c in counts]


def licence_file(title: str, version: str, counts: list[LicenceCount]) -> bytes:
    """LICENSE: which rows carry which terms."""
    lines = [f"{title}, version {version}: terms of use", "",
             "This package mixes data under different terms. Each row of votes.csv says its terms in",
             "the column `licence`; each row of positions.csv has the terms of its vote (join",
             "positions.vote_id to votes.id). Every other table is Roll Call's compilation under",
             f"Creative Commons Attribution 4.0 ({TERMS_URL[COMPILATION]}); each row names the",
             "document it was read from.", "", "Rows per licence:", ""]
    for c in counts:
        lines += [f"- {c.licence}: {c.votes:,} votes, {c.positions:,} positions",
                  f"  {c.title}", f"  {c.url}"]
    if not counts:
        lines.append("- (this version records no licence per row)")
    lines += ["", "For public-domain data only, use the CC0 package published beside this one",
              "(roll-call-cc0-<version>.zip): the CC0-1.0 votes and their positions.", ""]
    return "\n".join(lines).encode("utf-8")


def readme_file(metadata: Mapping[str, Any], version: str, resources: list[dict[str, Any]],
                counts: list[LicenceCount], note: str = "") -> bytes:
    """README.md: what the package is, its tables, how it is licensed."""
    lines = [f"# {metadata.get('title', 'Roll Call')} — version {version}", "",
             " ".join(str(metadata.get("description", "")).split()), ""]
    if note:
        lines += [note, ""]
    lines += ["A Frictionless Data Package: `datapackage.json` describes every table (fields, types,",
              "keys, row counts, checksums); each table is one UTF-8 CSV file.", "",
              "| table | rows | file |", "|---|---:|---|"]
    for resource in resources:
        lines.append(f"| {resource.get('title') or resource['name']} | {resource.get('rows', '')} "
                     f"| `{resource.get('path', '')}` |")
    lines += ["", "## Terms of use", "", "See `LICENSE`. Rows per licence:", ""]
    lines += [f"- `{c.licence}`: {c.votes:,} votes, {c.positions:,} positions" for c in counts]
    homepage = metadata.get("homepage")
    lines += ["", "## Citation", "",
              f"Cite the version you used: {metadata.get('title', 'Roll Call')}, version {version}"
              + (f", {homepage}" if homepage else "") + ".", ""]
    return "\n".join(lines).encode("utf-8")
