"""`python build.py diff [REF]`: what a change to datasets/ touches, compared with a git ref.

For reviewers of a pull request: per resource, rows added, removed and changed (matched by
primary key); the votes and countries concerned; and the pages that would be rewritten.
The ref's datasets/ is read with `git archive`, so nothing in the work tree changes.
"""

from __future__ import annotations

import io
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any, TextIO

from ..dataset import load_dataset
from ..descriptor import load_package
from ..index import build_index
from ..packages.changes import diff_resource
from ..pages.catalogue import SiteInputs, all_pages
from ..pages.dependencies import pages_showing, touched_by
from ..paths import Project
from ..problems import Problems
from .validate import print_problems

SHOWN = 20


def run(project: Project, ref: str, out: TextIO = sys.stdout) -> int:
    with tempfile.TemporaryDirectory() as folder:
        before = Path(folder) / "datasets"
        if not _extract(project.root, ref, before, out):
            return 2
        changes = diff_datasets(before, project.datasets)
        dataset, problems = load_dataset(project.datasets)
    if dataset is None:
        print_problems(problems, out)
        print("the change has errors: fix them to see which pages it touches", file=out)
        return 1
    _print(changes, SiteInputs(dataset, build_index(dataset), (), project.static), ref, out)
    return 0


def diff_datasets(before: Path, after: Path) -> list[dict[str, Any]]:
    """Per resource of either package: counts and keys of rows added, removed and changed."""
    old, new = _package(before), _package(after)
    names = list(new) + [n for n in old if n not in new]
    return [diff_resource(name, old.get(name, (None, {}))[0], new.get(name, (None, {}))[0],
                          old.get(name, (None, {}))[1], new.get(name, (None, {}))[1]) for name in names]


def _package(root: Path) -> dict[str, tuple[dict[str, Any], dict[str, bytes]]]:
    package = load_package(root, Problems())
    if package is None:
        return {}
    resources = {}
    for resource in package.resources:
        path = root / resource.path
        files = {resource.path: path.read_bytes()} if path.is_file() else {}
        described = {"path": resource.path, "schema": {
            "fields": [{"name": f.name} for f in resource.schema.fields],
            "primaryKey": list(resource.schema.primary_key)}}
        resources[resource.name] = (described, files)
    return resources


def _extract(root: Path, ref: str, target: Path, out: TextIO) -> bool:
    result = subprocess.run(["git", "-C", str(root), "archive", "--format=tar", ref, "datasets"],
                            capture_output=True)
    if result.returncode != 0:
        print(f"cannot read datasets/ at {ref!r}: {result.stderr.decode().strip()}", file=out)
        return False
    with tarfile.open(fileobj=io.BytesIO(result.stdout)) as archive:
        archive.extractall(target.parent, filter="data")
    return True


def _print(changes: list[dict[str, Any]], inputs: SiteInputs, ref: str, out: TextIO) -> None:
    touched = [c for c in changes if c["added"] or c["removed"] or c["changed"] or c["fields_added"] or c["fields_removed"]]
    if not touched:
        print(f"datasets/ is the same as at {ref}: no page changes", file=out)
        return
    print(f"Compared with {ref}:", file=out)
    for c in touched:
        print(f"  {c['name']}: {c['added']} added, {c['removed']} removed, {c['changed']} changed", file=out)
        for kind in ("added", "removed", "changed"):
            keys = c["keys"][kind]
            if keys:
                print(f"    {kind}: {_some(keys)}", file=out)
    index = inputs.index
    vote_ids = sorted({v for c in touched for kind in ("added", "changed") for v in c["votes"].get(kind, [])}
                      & set(index.vote_row))
    removed = sorted({v for c in touched for v in c["votes"].get("removed", [])} - set(index.vote_row))
    facts = touched_by(index, [index.vote_row[v] for v in vote_ids])
    shown = pages_showing(all_pages(inputs), facts)
    lists = sorted({p.template.removesuffix(".html") for p in shown if p.shows.every_vote})
    pages, countries = [p.url for p in shown if not p.shows.every_vote], sorted(facts.countries)
    print(f"votes touched: {len(vote_ids)}" + (f" ({_some(vote_ids)})" if vote_ids else ""), file=out)
    if removed:
        print(f"votes removed: {_some(removed)}", file=out)
    print(f"countries whose pages change: {len(countries)}" + (f" ({_some(countries)})" if countries else ""), file=out)
    print(f"pages rewritten: {len(pages)} vote and country pages, plus the list pages "
          f"({', '.join(lists)})", file=out)
    ordered = sorted(pages, key=lambda u: (not u.startswith("/votes/"), u))
    for url in ordered[:SHOWN]:
        print(f"    {url}", file=out)
    if len(ordered) > SHOWN:
        print(f"    … and {len(ordered) - SHOWN} more", file=out)


def _some(items: list[str]) -> str:
    """The first SHOWN items, and how many more there are."""
    more = f" … and {len(items) - SHOWN} more" if len(items) > SHOWN else ""
    return ", ".join(items[:SHOWN]) + more
