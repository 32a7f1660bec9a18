"""What changed between two versions of the package: per resource, rows added, removed and
changed, matched by primary key; and which votes those changes touch.

Inputs are the packages' files (datapackage.json and the CSVs), so a frozen release and the
current data are compared the same way. Cells are compared as the text the CSV holds.
"""

from __future__ import annotations

import io
import json
from typing import Any, Mapping

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.compute as pc

from .json_descriptor import DESCRIPTOR_NAME

KEYS_KEPT = 1000       # keys listed per resource and kind; counts are always complete
KEY_SEPARATOR = " / "  # how a composite key is shown
VOTE_RESOURCES = {"votes": "id"}   # resources whose key is a vote id; others: a `vote_id` key column


def _table(data: bytes, fields: list[str]) -> pa.Table:
    convert = pacsv.ConvertOptions(column_types={f: pa.string() for f in fields},
                                   strings_can_be_null=False, quoted_strings_can_be_null=False)
    return pacsv.read_csv(io.BytesIO(data), convert_options=convert)


def _joined(table: pa.Table, names: list[str]) -> list[str]:
    if len(names) == 1:
        return table.column(names[0]).to_pylist()
    return pc.binary_join_element_wise(*[table.column(n) for n in names], "\x1f").to_pylist()


def _resources(files: Mapping[str, bytes]) -> dict[str, dict[str, Any]]:
    descriptor = json.loads(files[DESCRIPTOR_NAME])
    return {r["name"]: r for r in descriptor.get("resources", [])}


def diff_resource(name: str, old: dict[str, Any] | None, new: dict[str, Any] | None,
                  old_files: Mapping[str, bytes], new_files: Mapping[str, bytes]) -> dict[str, Any]:
    """Counts and (up to KEYS_KEPT) keys of rows added, removed and changed in one resource."""
    old_fields = [f["name"] for f in old["schema"]["fields"]] if old else []
    new_fields = [f["name"] for f in new["schema"]["fields"]] if new else []
    key = list((new or old)["schema"].get("primaryKey") or (new_fields or old_fields))  # type: ignore[index]
    common = [f for f in new_fields if f in old_fields]
    before = _rows(old, old_files, old_fields, key, common)
    after = _rows(new, new_files, new_fields, key, common)
    added = sorted(after.keys() - before.keys())
    removed = sorted(before.keys() - after.keys())
    changed = sorted(k for k in after.keys() & before.keys() if after[k] != before[k])
    show = lambda keys: [k.replace("\x1f", KEY_SEPARATOR) for k in keys[:KEYS_KEPT]]
    return {
        "name": name, "key": key, "rows": len(after), "previous_rows": len(before),
        "added": len(added), "removed": len(removed), "changed": len(changed),
        "fields_added": [f for f in new_fields if f not in old_fields],
        "fields_removed": [f for f in old_fields if f not in new_fields],
        "keys": {"added": show(added), "removed": show(removed), "changed": show(changed)},
        "votes": _votes(name, key, added, removed, changed),
    }


def _rows(resource: dict[str, Any] | None, files: Mapping[str, bytes], fields: list[str],
          key: list[str], common: list[str]) -> dict[str, str]:
    if resource is None or resource.get("path") not in files or not all(k in fields for k in key):
        return {}
    table = _table(files[resource["path"]], fields)
    return dict(zip(_joined(table, key), _joined(table, common) if common else [""] * table.num_rows))


def _votes(name: str, key: list[str], *groups: list[str]) -> dict[str, list[str]]:
    """The vote ids behind each kind of change, for resources keyed by a vote."""
    column = VOTE_RESOURCES.get(name) or ("vote_id" if "vote_id" in key else None)
    if column is None:
        return {}
    at = key.index(column)
    kinds = ("added", "removed", "changed")
    return {kind: sorted({k.split("\x1f")[at] for k in keys}) for kind, keys in zip(kinds, groups)}


def diff_packages(old_files: Mapping[str, bytes] | None, new_files: Mapping[str, bytes],
                  previous: str | None) -> dict[str, Any]:
    """The changes from `old_files` (None for a first release) to `new_files`."""
    new = _resources(new_files)
    old = _resources(old_files) if old_files else {}
    names = list(new) + [n for n in old if n not in new]
    resources = [diff_resource(n, old.get(n), new.get(n), old_files or {}, new_files) for n in names]
    whole = {kind: set() for kind in ("added", "removed")}
    touched: set[str] = set()
    for item in resources:
        votes = item.pop("votes")
        if old_files is None:   # a first release: everything is new; list no keys
            item["keys"] = {"added": [], "removed": [], "changed": []}
            continue
        if item["name"] in VOTE_RESOURCES:
            whole["added"].update(votes["added"])
            whole["removed"].update(votes["removed"])
        for ids in votes.values():
            touched.update(ids)
    # A vote whose row or positions (topics, subjects) changed, unless it was added or removed whole.
    changed = sorted(touched - whole["added"] - whole["removed"])
    return {
        "previous": previous,
        "resources": resources,
        "votes": {"added": sorted(whole["added"])[:KEYS_KEPT], "added_count": len(whole["added"]),
                  "removed": sorted(whole["removed"])[:KEYS_KEPT], "removed_count": len(whole["removed"]),
                  "changed": changed[:KEYS_KEPT], "changed_count": len(changed)},
    }
