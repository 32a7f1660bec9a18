"""What a reader asks of the pages (issue 18): a text's amendments and motions tied to it,
no research notes on public pages, pre-built comparisons. Over the fixture site."""

from __future__ import annotations

from site_support import html_files, page_path, parse, text, url_of

TEXT = "/votes/hrc-57-36/"
AMENDMENT = "/votes/hrc-57-l40/"
VENEZUELA = "Situation of human rights in the Bolivarian Republic of Venezuela"


def test_an_amendment_is_titled_as_one_and_links_to_its_text(site):
    doc = parse(site, AMENDMENT)
    assert text(doc.css_first("h1")) == f"Amendment L.40 to {VENEZUELA}"
    assert doc.css_first("p.text-of a").attributes["href"] == TEXT


def test_a_text_lists_its_amendments_with_outcomes_before_the_vote_on_the_whole(site):
    steps = [text(li) for li in parse(site, TEXT).css("ol.story li")]
    assert [s.split(" · ")[1].split(" ")[:2] for s in steps[:4]] == [["Amendment", f"L.{n}"] for n in (40, 41, 42, 43)]
    assert all("Rejected" in s for s in steps[:4])
    assert "Vote on the whole text" in steps[-1] and "Adopted" in steps[-1]


def test_the_committee_vote_comes_before_the_plenary_vote(site):
    steps = [text(li) for li in parse(site, "/votes/ga-78-220/").css("ol.story li")]
    assert "Third Committee vote" in steps[0] and "Vote on the whole text" in steps[-1]


def test_lists_show_amendments_under_their_text(site):
    doc = parse(site, "/votes/")
    titles = [text(a) for a in doc.css("table.votes tbody tr > td:nth-child(3) > a")]
    assert titles.count(VENEZUELA) == 1
    assert not any(t.startswith("Amendment L.40") for t in titles)
    parts = [text(a) for a in doc.css("ul.parts a")]
    assert {"Amendment L.40", "Amendment L.43"} <= set(parts)


WORKING_NOTES = ("DOUBT:", "TODO", "my translation", "SYMBOL NOT SOURCED", "docstore.ohchr.org",
                 "documents.un.org", "daccess", "documents-dds")


def test_no_page_shows_a_contributors_working_notes(site):
    found = {}
    for path in html_files(site):
        page = path.read_text(encoding="utf-8")
        hits = [marker for marker in WORKING_NOTES if marker in page]
        if hits:
            found[url_of(site, path)] = hits
    assert not found


def test_the_working_notes_are_still_in_the_data(site_project):
    notes = (site_project.datasets / "mandates.csv").read_text(encoding="utf-8")
    assert "DOUBT:" in notes   # kept for contributors, not shown


def test_public_note_keeps_the_readers_sentences():
    from rollcall.public_text import public_note
    note = "Adopted at the 45th meeting. English title is my translation. See https://docstore.ohchr.org/x?enc=1."
    assert public_note(note) == "Adopted at the 45th meeting."


def test_a_countrys_positions_on_texts_about_iran_are_one_table(site):
    doc = parse(site, "/countries/cub/on/")
    table = doc.css_first("#on-irn").parent.css_first("table")
    rows = [[text(td) for td in tr.css("td")] for tr in table.css("tbody tr")]
    years = [int(r[0]) for r in rows]
    assert years == sorted(years) and years[0] <= 1985
    assert all(r[3] in {"Yes", "No", "Abstain", "Absent / non-voting", "Absent"} for r in rows), rows[:3]
    summary = text(parse(site, "/countries/cub/").css_first("ul.on-others"))
    assert "Iran" in summary


def test_counts_take_the_singular_for_one(site):
    import re
    for path in html_files(site):
        page = path.read_text(encoding="utf-8")
        assert not re.search(r"(?<![\d,.])1 (votes|members|States|recorded votes|recorded positions)\b", page), url_of(site, path)


def test_the_derived_tally_mark_is_explained_on_the_page(site):
    assert "counted from the named positions" in text(parse(site, "/votes/").css_first("p.legend"))


def test_the_agenda_item_is_read_from_the_tight_catalogue_form():
    from rollcall.importers.ohchr import _item_number
    tight = ("A/HRC/57/1-4.Human rights situations that require the Council’s attention. "
             "-VENEZUELA (BOLIVARIAN REPUBLIC OF)")
    assert _item_number(tight) == "4"
    assert _item_number("A/HRC/56/1-3.Promotion and protection of all human rights.-SOLIDARITY") == "3"
    assert _item_number("STATE OF PALESTINE") is None


def test_countries_named_in_a_meeting_record_extract_are_not_subjects():
    from rollcall.importers.subjects import subject_rows
    countries = [{"id": "USA", "name": "United States of America", "status": "member"},
                 {"id": "IRN", "name": "Iran (Islamic Republic of)", "status": "member"}]
    votes = [{"id": "a", "title": "The Acting President: the fact-finding mission ... sponsors: United States of America"},
             {"id": "b", "title": "Situation of human rights in the Islamic Republic of Iran"}]
    assert [(r["vote_id"], r["country_id"]) for r in subject_rows(votes, countries, set())] == [("b", "IRN")]


def test_the_map_tells_absent_members_from_non_members(site):
    doc = parse(site, "/votes/ga-rc2868/")
    legend = text(doc.css_first(".rc-legend"))
    assert "Member, no position recorded" in legend and "Not a member that day" in legend
    assert "not a member)" not in legend
    assert doc.css("g.rc-unrecorded > use")
