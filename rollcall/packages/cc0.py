"""The CC0-only package of a version: the votes whose `licence` is CC0-1.0 and their positions.

For reusers who need public-domain data. Rows are the very lines of the version's votes.csv
and positions.csv, in file order. Foreign keys to tables the package does not hold (bodies,
countries: Roll Call's CC-BY-4.0 compilation) are left out of its schemas, so it validates
on its own; the README says so.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Mapping

import pyarrow as pa
import pyarrow.compute as pc

from .full import file_digest
from .json_descriptor import DESCRIPTOR_NAME, Digest, csv_name, dumps
from .licences import CC0, licence_counts, licence_entry, licence_file, readme_file, vote_licences
from .slices import kept_lines

RESOURCES = ("votes", "positions")
ZIP_NAME = re.compile(r"-cc0(-[0-9]+\.[0-9]+\.[0-9]+)?\.zip$")   # roll-call-cc0.zip, roll-call-cc0-<version>.zip
NOTE = ("This is the CC0 subset: only the votes whose terms are CC0-1.0 (public domain) and their "
        "positions. The country and body ids refer to tables of the full package, which are under "
        "CC-BY-4.0 and not included here.")


def is_cc0_file(url: str) -> bool:
    """Whether a published file is (part of) a CC0 package: its folder cc0/ or its zip."""
    return "/cc0/" in url or bool(ZIP_NAME.search(url))


def cc0_files(descriptor: Mapping[str, Any], files: Mapping[str, bytes | Path],
              tables: Mapping[str, pa.Table], folder: Path) -> dict[str, bytes | Path] | None:
    """name -> bytes of the CC0 package of one version (None when it has no CC0 row); its CSVs
    are written into `folder` (name -> path), a chunk of lines at a time."""
    votes, positions = tables["votes"], tables["positions"]
    is_cc0 = pc.fill_null(pc.equal(vote_licences(votes), CC0), False)
    kept_ids = pc.filter(votes.column("id").combine_chunks(), is_cc0)
    if len(kept_ids) == 0:
        return None
    in_cc0 = pc.is_in(positions.column("vote_id"), value_set=kept_ids)
    data: dict[str, Path] = {}
    for name, keep in (("votes", is_cc0), ("positions", in_cc0)):
        data[name] = folder / csv_name(name)
        with open(data[name], "wb") as target:
            kept_lines(files[csv_name(name)], pc.fill_null(keep, False).to_numpy(zero_copy_only=False), target)
    counts = [c for c in licence_counts(votes.filter(is_cc0), positions.filter(in_cc0)) if c.licence == CC0]
    rows = {"votes": len(kept_ids), "positions": int(pc.sum(in_cc0).as_py() or 0)}
    out = _descriptor(descriptor, {name: file_digest(path) for name, path in data.items()}, rows)
    result: dict[str, bytes | Path] = {csv_name(name): data[name] for name in RESOURCES}
    result[DESCRIPTOR_NAME] = dumps(out)
    result["LICENSE"] = licence_file(out["title"], out["version"], counts)
    result["README.md"] = readme_file(out, out["version"], out["resources"], counts, NOTE)
    return result


def _descriptor(full: Mapping[str, Any], data: Mapping[str, Digest], rows: Mapping[str, int]) -> dict[str, Any]:
    # no homepage: a frozen release's descriptor may name an old address; this package is derived
    out = {k: v for k, v in full.items() if k not in ("resources", "licenses", "sources", "homepage")}
    out["name"] = f"{full.get('name', 'roll-call')}-cc0"
    out["title"] = f"{full.get('title', 'Roll Call')} (CC0 subset)"
    out["description"] = NOTE
    out["licenses"] = [licence_entry(CC0)]
    out["sources"] = [s for s in full.get("sources", []) if s.get("license") == CC0]
    resources = []
    for resource in full.get("resources", []):
        if resource.get("name") not in RESOURCES:
            continue
        name = resource["name"]
        schema = json.loads(json.dumps(resource["schema"]))
        keys = [fk for fk in schema.get("foreignKeys", [])
                if fk["reference"].get("resource", name) in RESOURCES]
        if keys:
            schema["foreignKeys"] = keys
        else:
            schema.pop("foreignKeys", None)
        size, checksum = data[name]
        resources.append(dict(resource) | {"licenses": [licence_entry(CC0)], "bytes": size,
                                           "hash": f"sha256:{checksum}", "rows": rows[name],
                                           "schema": schema})
    # key order as in the full descriptor, resources last
    out["resources"] = resources
    return out
