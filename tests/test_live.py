"""serve's incremental rebuilds: which pages an edit rewrites (never how fast)."""

from __future__ import annotations

import pytest

from site_support import make_fixture_project, run_build
from rollcall.live import LiveSite
from rollcall.paths import Project


@pytest.fixture()
def live(tmp_path) -> LiveSite:
    project = make_fixture_project(tmp_path / "project")
    code, output = run_build(project)
    assert code == 0, output
    site = LiveSite(project)
    assert not site.load().errors
    return site


def _replace_in(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_title_edit_rewrites_the_vote_page_first_and_only_dependent_pages(live: LiveSite):
    votes = live.project.datasets / "votes.csv"
    _replace_in(votes, "Deteriorating situation of human rights in the Islamic Republic of Iran,",
                "Deteriorating situation of human rights in the Islamic Republic of Iran (renamed),")
    report = live.update(live.changed_files())
    assert report.problems is None and not report.full
    assert report.rewritten[0] == "/votes/hrc-s35-1/"
    assert report.visible_after is not None
    assert "(renamed)" in (live.project.site / "votes/hrc-s35-1/index.html").read_text()
    rewritten = set(report.rewritten)
    assert "/countries/chn/" in rewritten  # China voted on it
    assert "/countries/chn/record/hrc/2020s/" in rewritten
    assert "/countries/irn/" in rewritten  # the vote is about Iran
    untouched_vote = next(p for p in (live.project.site / "votes").iterdir() if p.name.startswith("ga-"))
    assert f"/votes/{untouched_vote.name}/" not in rewritten
    assert "/about/" not in rewritten


def test_data_error_is_reported_and_leaves_the_site_then_recovers(live: LiveSite):
    votes = live.project.datasets / "votes.csv"
    page = live.project.site / "votes/hrc-s35-1/index.html"
    before = page.read_bytes()
    _replace_in(votes, ",2022-11-24,day,", ",2022-11-31,day,")
    report = live.update(live.changed_files())
    assert report.problems is not None
    assert any(p.code == "type" and p.column == "date" for p in report.problems.errors)
    assert page.read_bytes() == before
    _replace_in(votes, ",2022-11-31,day,", ",2022-11-24,day,")
    report = live.update(live.changed_files())
    assert report.problems is None and live.problems is None


def test_content_edit_rewrites_its_page(live: LiveSite):
    about = live.project.content / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nA new closing line.\n", encoding="utf-8")
    report = live.update(live.changed_files())
    assert "/about/" in report.rewritten
    assert "A new closing line." in (live.project.site / "about/index.html").read_text()


def test_template_edit_rewrites_only_pages_using_it(live: LiveSite):
    template = live.project.templates / "topics.html"
    _replace_in(template, "<h1>Topics</h1>", "<h1>All topics</h1>")
    report = live.update(live.changed_files())
    assert report.rewritten == ["/topics/"]


def test_edit_of_a_template_rendered_from_python_rewrites_every_page(live: LiveSite):
    # partials/chrome.html (header, footer) is rendered once per build by render.PageChrome
    # and referenced by no page template: its edits must still reach every page
    _replace_in(live.project.templates / "partials" / "chrome.html", "Roll Call release", "Roll Call edition")
    report = live.update(live.changed_files())
    assert len(report.rewritten) == len(live.pages())
    assert "Roll Call edition" in (live.project.site / "topics/index.html").read_text(encoding="utf-8")


def test_position_edit_revalidates_and_rewrites_the_vote_page(live: LiveSite):
    positions = live.project.datasets / "positions.csv"
    _replace_in(positions, "hrc-s35-1,CHN,no", "hrc-s35-1,CHN,abstain")
    report = live.update(live.changed_files())
    # the official tally (6 against) no longer matches: reported, and nothing is rewritten
    assert report.problems is not None
    assert any(p.code == "tally-mismatch" for p in report.problems.errors)
    assert report.rewritten == []
    _replace_in(positions, "hrc-s35-1,CHN,abstain", "hrc-s35-1,CHN,no")
    _replace_in(positions, "hrc-16-9,ARG,yes", "hrc-16-9,ARG,yes")  # unchanged text: no-op
    report = live.update(live.changed_files())
    assert report.problems is None


def test_position_edit_without_official_tally_rewrites_vote_and_country_pages(live: LiveSite):
    positions = live.project.datasets / "positions.csv"
    _replace_in(positions, "ga-rc3,USA,yes,", "ga-rc3,USA,abstain,")
    visible = []
    report = live.update(live.changed_files(), on_visible=lambda: visible.append(True))
    assert report.problems is None
    assert report.rewritten[0] == "/votes/ga-rc3/"   # the edited vote's page first, then the rest
    assert visible == [True] and report.visible_after is not None and report.visible_after <= report.seconds
    assert "/countries/usa/" in report.rewritten
    assert "/countries/usa/record/ga/1940s/" in report.rewritten
    page = (live.project.site / "votes/ga-rc3/index.html").read_text()
    assert "United States of America" in page.split("Abstain (")[1].split("</ul>")[0]


def test_position_note_edit_rewrites_the_vote_page(live: LiveSite):
    """A note is part of a position: editing only the note still rewrites the vote's page."""
    positions = live.project.datasets / "positions.csv"
    _replace_in(positions, "ga-rc3,USA,yes,", "ga-rc3,USA,yes,Voted yes by mistake; said so the same day.")
    report = live.update(live.changed_files())
    assert report.problems is None
    assert report.rewritten[0] == "/votes/ga-rc3/"
    page = (live.project.site / "votes/ga-rc3/index.html").read_text()
    assert "Voted yes by mistake; said so the same day." in page
