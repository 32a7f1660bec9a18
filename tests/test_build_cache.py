"""The build cache (rollcall/buildcache): a build that reuses stored pages and release
downloads writes the same bytes as a cold build of the same inputs, and a change of a
template invalidates every page."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from rollcall.commands import build, release
from rollcall.paths import Project
from site_support import file_hashes, fixed_epoch, make_fixture_project


def cached_build(project: Project, cache: bool = True) -> str:
    out = io.StringIO()
    with fixed_epoch():
        code = build.run(project, out=out, cache=cache)
    assert code == 0, out.getvalue()
    return out.getvalue()


def cold_copy(project: Project, root: Path) -> Project:
    """The same inputs in a new folder, without .cache/ or site/."""
    shutil.copytree(project.root, root, ignore=shutil.ignore_patterns(".cache", "site", ".site*"))
    return Project(root)


def assert_same_site(first: Path, second: Path) -> None:
    a, b = file_hashes(first), file_hashes(second)
    assert sorted(a) == sorted(b), (sorted(set(a) ^ set(b)))[:20]
    differing = sorted(name for name in a if a[name] != b[name])
    assert differing == [], f"{len(differing)} files differ: {differing[:20]}"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def reused(output: str) -> tuple[int, int]:
    line = next(line for line in output.splitlines() if line.startswith("build cache:"))
    words = line.replace(",", "").split()
    return int(words[2]), int(words[5])


def one_vote_title(project: Project) -> str:
    """Change the title of one vote (its first row in votes.csv) and return its id."""
    votes = project.datasets / "votes.csv"
    lines = votes.read_text(encoding="utf-8").split("\n")
    header = lines[0].split(",")
    row = lines[1].split(",")
    title = row[header.index("title")]
    assert title and '"' not in title
    edit(votes, f",{title},", f",{title} (edited),")
    return row[header.index("id")]


def test_one_vote_edit_rebuilt_from_the_cache_equals_a_cold_build(tmp_path):
    project = make_fixture_project(tmp_path / "project")
    with fixed_epoch():
        assert release.run(project, "0.2.0", "First release.", "2026-01-15", out=io.StringIO()) == 0
    first = cached_build(project)
    assert reused(first)[0] == 0
    one_vote_title(project)
    warm = cached_build(project)
    hits, misses = reused(warm)
    assert hits > misses > 0, warm
    cold = cold_copy(project, tmp_path / "cold")
    cached_build(cold, cache=False)
    assert_same_site(project.site, cold.site)
    # And a position: the vote's record pages and tallies change too.
    edit(project.datasets / "positions.csv", "ga-rc3,AUS,no,", "ga-rc3,AUS,abstain,")   # a vote without official totals
    warm = cached_build(project)
    assert reused(warm)[0] > 0
    cold = cold_copy(project, tmp_path / "cold2")
    cached_build(cold, cache=False)
    assert_same_site(project.site, cold.site)


def test_a_template_change_invalidates_every_page(tmp_path):
    project = make_fixture_project(tmp_path / "project")
    cached_build(project)
    edit(project.templates / "partials" / "chrome.html", "</footer>", "<!-- edited --></footer>")
    warm = cached_build(project)
    assert reused(warm)[0] == 0, warm
    cold = cold_copy(project, tmp_path / "cold")
    cached_build(cold, cache=False)
    assert_same_site(project.site, cold.site)
    again = cached_build(project)   # nothing changed: every page from the cache
    assert reused(again)[1] == 0, again
    assert_same_site(project.site, cold.site)
