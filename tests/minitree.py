"""A small copy of datasets/ for tests that write: every reference table, a few votes.

Tests of new-vote, import-undl and `validate --annotations` change or break files; they
work on this copy in tmp_path, never on the repository's datasets/. The copy is cut from
the shipped data once per test session, following the descriptor's foreign keys: tables
keyed by a vote (positions, vote_topics, ...) keep the rows of the kept votes, every other
table is copied whole and the votes it names are kept too, so the copy stays consistent
as resources are added.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from rollcall.descriptor import Resource, load_package
from rollcall.problems import Problems

REPO = Path(__file__).resolve().parent.parent
DATASETS = REPO / "datasets"
#: hrc-s35-1 (complete HRC vote), ga-rc9146 (a Voeten GA vote with a symbol),
#: ga-rc5607 and ga-rc5992 (two roll calls on one text), ecosoc-2023-l4 (curated).
VOTES = ("hrc-s35-1", "ga-rc9146", "ga-rc5607", "ga-rc5992", "ecosoc-2023-l4")


def cut_tree(target: Path, votes: tuple[str, ...] = VOTES) -> Path:
    """Write a datasets folder under `target` keeping only `votes` and the votes other tables name."""
    package = load_package(DATASETS, Problems())
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(DATASETS / "datapackage.yaml", target)
    shutil.copytree(DATASETS / "schemas", target / "schemas")
    keep = set(votes)
    per_vote = {}
    for resource in package.resources:
        field = _vote_field(resource)
        if resource.name == "votes" or (field and field in resource.schema.primary_key):
            per_vote[resource.name] = field or "id"
        else:
            shutil.copy(DATASETS / resource.path, target / resource.path)
            if field:
                keep |= {row[field] for row in _rows(DATASETS / resource.path) if row[field]}
    for resource in package.resources:
        if resource.name in per_vote:
            _filter(DATASETS / resource.path, target / resource.path, per_vote[resource.name], keep)
    return target


def _vote_field(resource: Resource) -> str | None:
    return next((fk.field for fk in resource.schema.foreign_keys if fk.resource == "votes"), None)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _filter(source: Path, target: Path, field: str, keep: set[str]) -> None:
    """Copy the header and the records whose `field` is a kept vote, text unchanged."""
    with source.open(encoding="utf-8", newline="") as handle, \
            target.open("w", encoding="utf-8", newline="") as out:
        reader = csv.reader(handle)
        writer = csv.writer(out, lineterminator="\n")
        header = next(reader)
        writer.writerow(header)
        column = header.index(field)
        writer.writerows(record for record in reader if record[column] in keep)


@pytest.fixture(scope="session")
def _mini_template(tmp_path_factory) -> Path:
    return cut_tree(tmp_path_factory.mktemp("mini") / "datasets")


@pytest.fixture
def mini_datasets(_mini_template, tmp_path) -> Path:
    """A fresh, writable copy of the small datasets tree for one test."""
    return Path(shutil.copytree(_mini_template, tmp_path / "datasets"))
