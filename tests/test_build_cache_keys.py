"""The build cache's page keys agree with pages/dependencies.py: every page that `serve` and
`diff` say an edit touches gets a new key, and an unchanged input keeps every key."""

from __future__ import annotations

import pytest

from rollcall import urls
from rollcall.buildcache.pagekeys import PageKeys
from rollcall.buildcache.votes import VoteDigests
from rollcall.dataset import load_dataset
from rollcall.index import build_index
from rollcall.pages.catalogue import SiteInputs, all_pages
from rollcall.pages.dependencies import pages_showing, touched_by
from site_support import make_fixture_project

EDITS = {
    "title": ("votes.csv", "Deteriorating situation of human rights in the Islamic Republic of Iran,",
              "Deteriorating situation of human rights in the Islamic Republic of Iran (renamed),"),
    "position": ("positions.csv", "ga-rc3,AUS,no,", "ga-rc3,AUS,abstain,"),
}


def keyed(project):
    urls.set_base_path("")
    dataset, problems = load_dataset(project.datasets)
    assert dataset is not None, problems.errors[:3]
    index = build_index(dataset)
    pages = tuple(all_pages(SiteInputs(dataset, index, (), project.static, None)))
    keys = PageKeys(b"site", index, VoteDigests(index, dataset))
    return index, pages, {page.url: keys.key(page) for page in pages}


@pytest.mark.parametrize("kind", sorted(EDITS))
def test_every_page_an_edit_touches_gets_a_new_key(tmp_path, kind):
    project = make_fixture_project(tmp_path / "project")
    old_index, old_pages, before = keyed(project)
    assert keyed(project)[2] == before   # the same inputs, the same keys
    name, old, new = EDITS[kind]
    path = project.datasets / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    index, pages, after = keyed(project)
    vote_id = "ga-rc3" if kind == "position" else next(
        v.id for v in index.votes if v.title.endswith("(renamed)"))
    touched = set()
    for idx, listed in ((old_index, old_pages), (index, pages)):
        touched |= {page.url for page in pages_showing(listed, touched_by(idx, [idx.vote_row[vote_id]]))}
    assert urls.vote(vote_id) in touched
    kept = sorted(url for url in touched if url in before and before[url] == after.get(url))
    assert kept == [], f"pages the edit touches that kept their key: {kept[:10]}"
    assert sum(before[url] != after[url] for url in before) < len(before)   # not every page
