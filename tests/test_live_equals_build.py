"""After each kind of edit, serve's update gives the same site as a full build (outside data/)."""

from __future__ import annotations

import hashlib

import pytest

from rollcall.live import LiveSite
from site_support import make_fixture_project, run_build

EDITS = {
    "vote title": ("datasets/votes.csv", "Deteriorating situation of human rights in the Islamic Republic of Iran,",
                   "Deteriorating situation of human rights in the Islamic Republic of Iran (renamed),"),
    "position": ("datasets/positions.csv", "ga-rc3,AUS,no,", "ga-rc3,AUS,abstain,"),
    # Australia's only vote of the 1940s: its 1940s record page goes, and its other record
    # pages stop listing it
    "a country's only position of a decade": ("datasets/positions.csv", "ga-rc3,AUS,no,\n", ""),
    # the first vote's year: every country's timeline starts there
    "first vote's year": ("datasets/votes.csv", "ga-rc3,ga,1,1946-01-01,", "ga-rc3,ga,1,1947-01-01,"),
    # the only vote of 1987 moves to 1988 (same decade, same order): the 1987 list page goes
    "a year's only vote": ("datasets/votes.csv", "ga-rc3200,ga,42,1987-12-07,", "ga-rc3200,ga,42,1988-01-05,"),
    "country name": ("datasets/countries.csv", "AFG,Afghanistan,", "AFG,Afghanistan (renamed),"),
    "membership": ("datasets/memberships.csv", "ga,AFG,1946-11-19,", "ga,AFG,1946-11-20,"),
    "content page": ("content/about.md", "Roll Call", "Roll Call (edited)"),
    "partial template": ("templates/partials/rows.html", "<tr><td>{{ r.date.isoformat() }}</td>",
                         "<tr><td>{{ r.date.isoformat() }} </td>"),
}


def site_hashes(site) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file() and p.relative_to(site).parts[0] != "data"}


@pytest.mark.parametrize("kind", sorted(EDITS))
def test_serve_update_equals_a_full_build(tmp_path, kind):
    project, live = built_and_loaded(tmp_path)
    edit(project, kind)
    report = live.update(live.changed_files())
    live.wait_for_search()
    assert report.problems is None
    differing = differences_from_a_full_build(project)
    assert differing == [], f"{kind}: {len(differing)} files differ from a full build: {differing[:10]}"


@pytest.mark.parametrize("first, second", [("vote title", "position"), ("position", "vote title")])
def test_an_update_interrupted_by_a_newer_save_is_finished_by_the_next(tmp_path, first, second):
    """serve stops listing pages when a newer save waits; the next update writes what was left."""
    project, live = built_and_loaded(tmp_path)
    edit(project, first)
    live.interrupt.set()   # the watcher's doing when a save arrives during an update
    interrupted = live.update(live.changed_files())
    assert interrupted.interrupted and live.owes_pages
    live.interrupt.clear()
    edit(project, second)
    finished = live.update(live.changed_files())
    live.wait_for_search()
    assert not finished.interrupted and not live.owes_pages
    differing = differences_from_a_full_build(project)
    assert differing == [], differing[:10]


def built_and_loaded(tmp_path):
    """A fixture project, built, and serve's state loaded from it."""
    project = make_fixture_project(tmp_path / "project")
    code, output = run_build(project)
    assert code == 0, output
    live = LiveSite(project)
    assert not live.load().errors
    return project, live


def differences_from_a_full_build(project) -> list[str]:
    """The files of site/ (outside data/) that a full build of the current inputs writes otherwise."""
    after_serve = site_hashes(project.site)
    code, output = run_build(project)
    assert code == 0, output
    after_build = site_hashes(project.site)
    return sorted(k for k in set(after_serve) | set(after_build) if after_serve.get(k) != after_build.get(k))


def edit(project, kind: str) -> None:
    path, old, new = EDITS[kind]
    file = project.root / path
    text = file.read_text(encoding="utf-8")
    assert old in text, (path, old)
    file.write_text(text.replace(old, new, 1), encoding="utf-8")
