"""serve's incremental rebuilds: which pages an edit rewrites (never how fast)."""

from __future__ import annotations

import pytest

from site_support import make_fixture_project, run_build
from rollcall.live import LiveSite


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
    assert report.lines_read is not None and report.lines_read < 100   # the changed lines of votes.csv
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


def test_related_votes_patched_after_title_edits_equal_them_made_again(tmp_path):
    """serve's fast path re-groups only the edited votes' old and new titles."""
    import dataclasses
    from collections import Counter
    from rollcall.dataset import load_dataset
    from rollcall.index import _related, _title_key, build_index, related_after_edit
    project = make_fixture_project(tmp_path / "project")
    dataset, problems = load_dataset(project.datasets)
    assert not problems.errors
    votes = build_index(dataset).votes
    sizes = Counter(_title_key(v) for v in votes)
    grouped = [r for r, v in enumerate(votes) if sizes[_title_key(v)] >= 3]   # leaves a group behind
    paired = [r for r, v in enumerate(votes) if sizes[_title_key(v)] == 2]    # leaves a single vote
    single = [r for r, v in enumerate(votes) if sizes[_title_key(v)] == 1 and v.body_id == votes[grouped[0]].body_id]
    assert grouped and paired and single
    edits = {grouped[0]: "A title no other vote has",
             paired[0]: "  " + votes[paired[0]].title.upper() + " ",        # the same text: stays in its group
             paired[-1]: "Another new title",
             single[0]: votes[grouped[0]].title}                           # joins a group
    after = tuple(dataclasses.replace(v, title=edits[r]) if r in edits else v for r, v in enumerate(votes))
    patched = related_after_edit(votes, after, _related(votes), sorted(edits))
    assert patched == _related(after)
    assert patched != _related(votes)


def test_a_save_read_half_written_changes_nothing_and_its_end_updates(live: LiveSite):
    """A large file is still being written when the watcher yields: what was read is not shown
    (no problems page, no pages deleted); the end of the save brings the update."""
    positions = live.project.datasets / "positions.csv"
    page = live.project.site / "votes/ga-rc3/index.html"
    before, whole = positions.read_text(encoding="utf-8"), None
    whole = before.replace("ga-rc3,AUS,no,", "ga-rc3,AUS,abstain,", 1)
    assert whole != before
    positions.write_text(whole[:len(whole) // 2], encoding="utf-8")   # cut mid-file, mid-line
    page_before = page.read_bytes()
    reads = live.load

    def read_then_the_save_ends(*args, **kwargs):
        problems = reads(*args, **kwargs)
        assert problems.errors   # the half file is broken
        positions.write_text(whole, encoding="utf-8")
        return problems

    live.load = read_then_the_save_ends
    report = live.update(live.changed_files())
    assert report.half_saved and report.problems is None and live.problems is None
    assert page.read_bytes() == page_before
    live.load = reads
    report = live.update(live.changed_files())
    assert not report.half_saved and report.problems is None
    assert report.rewritten[0] == "/votes/ga-rc3/"
    assert page.read_bytes() != page_before


# -- positions.csv read in part ------------------------------------------------------------

POSITION_EDITS = [   # (old text, new text, whether the vote's page changes)
    ("ga-rc3,USA,yes,", "ga-rc3,USA,abstain,", True),                             # a position
    ("ga-rc3,USA,abstain,", "ga-rc3,USA,abstain,Said so the same day.", True),    # a note
    ("ga-rc3,AUS,no,\n", "", True),                                               # a line deleted
    ("ga-rc3,ARG,yes,\n", "ga-rc3,ARG,yes,\nga-rc3,AUS,no,\n", True),             # and put back
    ("ga-rc3,ARG,yes,\nga-rc3,AUS,no,\n", "ga-rc3,AUS,no,\nga-rc3,ARG,yes,\n", False),   # lines swapped
    ("ga-rc3,AUS,no,\n", "ga-rc3,AUS,abstain,\n", True),                         # and then an edit
]


@pytest.fixture()
def loaded(tmp_path) -> LiveSite:
    site = LiveSite(make_fixture_project(tmp_path / "project"))
    assert not site.load().errors
    return site


def test_position_edits_read_only_their_lines_and_equal_a_full_load(loaded: LiveSite):
    positions = loaded.project.datasets / "positions.csv"
    for old, new, shown in POSITION_EDITS:
        _replace_in(positions, old, new)
        loaded.interrupt.set()   # a newer save waits: only the vote's page is written
        report = loaded.update(loaded.changed_files())
        loaded.interrupt.clear()
        assert report.problems is None and report.lines_read is not None, (old, new)
        assert report.lines_read < 1000
        assert report.rewritten == (["/votes/ga-rc3/"] if shown else [])
        assert not loaded._aggregates_stale   # agreement and summaries were patched, not left
        assert_same_as_a_full_load(loaded)


def test_a_position_edit_with_an_error_is_reported_from_the_whole_file(loaded: LiveSite):
    positions = loaded.project.datasets / "positions.csv"
    _replace_in(positions, "ga-rc3,ARG,yes,\n", "ga-rc3,ARG,yes,\nga-rc3,ARG,no,\n")
    report = loaded.update(loaded.changed_files())
    assert report.problems is not None and report.lines_read is None
    [problem] = [p for p in report.problems.errors if p.code == "primary-key"]
    line = positions.read_text(encoding="utf-8").splitlines().index("ga-rc3,ARG,no,") + 1
    assert problem.line == line
    _replace_in(positions, "ga-rc3,ARG,yes,\nga-rc3,ARG,no,\n", "ga-rc3,ARG,yes,\n")
    report = loaded.update(loaded.changed_files())
    assert report.problems is None
    assert_same_as_a_full_load(loaded)


def test_a_note_with_a_line_break_is_read_with_the_whole_file(loaded: LiveSite):
    positions = loaded.project.datasets / "positions.csv"
    _replace_in(positions, "ga-rc3,USA,yes,\n", 'ga-rc3,USA,yes,"Two\nlines"\n')
    report = loaded.update(loaded.changed_files())
    assert report.problems is None and report.lines_read is None
    assert_same_as_a_full_load(loaded)
    _replace_in(positions, "ga-rc3,ARG,yes,", "ga-rc3,ARG,abstain,")   # rows are no longer lines: whole again
    report = loaded.update(loaded.changed_files())
    assert report.problems is None and report.lines_read is None
    assert_same_as_a_full_load(loaded)


def test_title_edits_read_only_their_lines_and_equal_a_full_load(loaded: LiveSite):
    votes = loaded.project.datasets / "votes.csv"
    for n in range(3):
        _replace_in(votes, "Deteriorating situation of human rights in the Islamic Republic of Iran",
                    f"Deteriorating situation of human rights in the Islamic Republic of Iran ({n})")
        report = loaded.update(loaded.changed_files())
        assert report.problems is None and report.lines_read is not None
        assert_same_as_a_full_load(loaded)
    _replace_in(votes, ",2022-11-24,day,", ",2022-11-25,day,")   # not a display field: read whole
    report = loaded.update(loaded.changed_files())
    assert report.problems is None and report.lines_read is None
    assert_same_as_a_full_load(loaded)


def assert_same_as_a_full_load(live: LiveSite) -> None:
    import numpy as np
    from rollcall.dataset import load_dataset
    from rollcall.index import build_index
    dataset, problems = load_dataset(live.project.datasets)
    assert not problems.errors
    for name in ("votes", "positions"):
        assert live.dataset.tables[name].combine_chunks().equals(dataset.tables[name].combine_chunks()), name
    live._complete_index()
    ours, theirs = live.index, build_index(dataset)
    assert ours.votes == theirs.votes and ours.related == theirs.related
    for name in ("vote", "country", "code", "starts", "by_country", "country_starts"):
        assert np.array_equal(getattr(ours.positions, name), getattr(theirs.positions, name)), name
    assert ours.positions.notes == theirs.positions.notes
    assert np.array_equal(ours.counted, theirs.counted) and np.array_equal(ours.by_group, theirs.by_group)
    assert ours.summaries == theirs.summaries
    for body, agreement in theirs.agreement.items():
        assert ours.agreement[body].country_ids == agreement.country_ids
        assert np.array_equal(ours.agreement[body].shared, agreement.shared)
        assert np.array_equal(ours.agreement[body].agreed, agreement.agreed)


def test_a_save_half_written_when_read_in_part_waits_for_its_end(loaded: LiveSite, monkeypatch):
    """The partial read of a truncated positions.csv fails its checks: that is the save still
    being written, not an error, and not a reason to read the whole file."""
    import rollcall.live
    positions = loaded.project.datasets / "positions.csv"
    whole = positions.read_text(encoding="utf-8").replace("ga-rc3,USA,yes,", "ga-rc3,USA,abstain,", 1)
    positions.write_text(whole[:len(whole) * 2 // 3], encoding="utf-8")
    reads = rollcall.live.read_positions_edit

    def read_then_the_save_ends(*args):
        edit = reads(*args)
        positions.write_text(whole, encoding="utf-8")
        return edit

    monkeypatch.setattr(rollcall.live, "read_positions_edit", read_then_the_save_ends)
    monkeypatch.setattr(loaded, "load", lambda *args, **kwargs: pytest.fail("the whole file was read"))
    report = loaded.update(loaded.changed_files())
    assert report.half_saved and report.problems is None and loaded.problems is None
    monkeypatch.undo()
    report = loaded.update(loaded.changed_files())
    assert report.problems is None and report.lines_read is not None
    assert report.rewritten[0] == "/votes/ga-rc3/"
    assert_same_as_a_full_load(loaded)
