"""Subjects from the catalogues' headings (strings as the OHCHR Search Library and the UN Digital
Library give them)."""

from __future__ import annotations

from rollcall.importers.catalogue_subjects import catalogue_subject_rows, country_headings, subjects_in

COUNTRIES = [{"id": i, "name": n, "status": "member"} for i, n in (
    ("IRN", "Iran (Islamic Republic of)"), ("CUB", "Cuba"), ("USA", "United States of America"),
    ("PRK", "Democratic People's Republic of Korea"), ("KOR", "Republic of Korea"),
    ("GNB", "Guinea-Bissau"), ("GIN", "Guinea"), ("AFG", "Afghanistan"), ("ERI", "Eritrea"))]
HEADINGS = country_headings(COUNTRIES)


def test_hrc_headings_after_the_agenda_item():
    agenda = ("A/HRC/52/2 -4.Human rights situations that require the Council’s attention "
              "-IRAN (ISLAMIC REPUBLIC OF)")
    assert subjects_in(agenda, HEADINGS) == ["IRN"]


def test_library_headings_after_the_item_name():
    agenda = ("A/80/251 38 Necessity of ending the economic, commercial and financial embargo imposed by "
              "the United States of America against Cuba. CUBA--UNITED STATES")
    assert subjects_in(agenda, HEADINGS) == ["CUB", "USA"]
    assert subjects_in("A/75/251 39 The situation in Afghanistan. AFGHANISTAN SITUATION", HEADINGS) == ["AFG"]


def test_a_hyphenated_name_is_one_heading_and_prose_names_no_subject():
    assert subjects_in("A/HRC/40/2 -10.Technical assistance -GUINEA-BISSAU", HEADINGS) == ["GNB"]
    assert subjects_in("A/31/251 85 Question of Namibia, Cuba and Iran.", HEADINGS) == []


def test_hrc_headings_replace_the_title_only_where_they_name_a_country():
    votes = [{"id": "hrc-7-15", "undl_id": None}, {"id": "hrc-56-17", "undl_id": None}]
    agendas = {"hrc-7-15": "A/HRC/7/78 -4.Human rights situations -DEMOCRATIC PEOPLE'S REPUBLIC OF KOREA",
               "hrc-56-17": "A/HRC/56/1-3.Promotion and protection of all human rights.-HUMAN RIGHTS PROTECTION"}
    rows, described = catalogue_subject_rows(votes, COUNTRIES, agendas, {})
    assert rows == [{"vote_id": "hrc-7-15", "country_id": "PRK", "method": "catalogue"}]
    assert described == {"hrc-7-15"}
