"""The built site, read the way a reader (or a screen reader) meets it.

Pages are parsed with selectolax and checked through their structure — headings,
tables, links — never against stored HTML, so wording and markup can change freely
while what readers rely on cannot. Most tests use the fixture site (a few dozen votes,
built once per session in a few seconds, see conftest.py); the `slow` ones build the
full site.
"""

from __future__ import annotations

from collections import Counter

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from site_support import (
    REPO, SOURCE_DATE_EPOCH, file_hashes, html_files, make_fixture_project, next_element, page_path,
    parse, section, table_rows, text, url_of, world_svg_ids,
)

MAX_VOTE_PAGE_BYTES = 60 * 1024
S35 = "/votes/hrc-s35-1/"
S35_NO = {"Armenia", "China", "Cuba", "Eritrea", "Pakistan", "Venezuela"}
HRC_SEATS = {"African": 13, "Asia-Pacific": 13, "Eastern European": 6, "Latin American": 8, "Western European": 7}
CSP = "Content-Security-Policy"


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def votes(site_project) -> list[dict[str, str]]:
    return read_csv(site_project.datasets / "votes.csv")


@pytest.fixture(scope="module")
def iran_votes(site_project) -> set[str]:
    return {r["vote_id"] for r in read_csv(site_project.datasets / "vote_subjects.csv") if r["country_id"] == "IRN"}


# ------------------------------------------------------------------ the S-35 vote page

@pytest.fixture(scope="module")
def s35(site) -> LexborHTMLParser:
    return parse(site, S35)


def test_vote_page_shows_the_official_tally(s35):
    tally = s35.css_first("table.tally")
    assert tally is not None, "no tally table"
    headers = [text(th) for th in tally.css("thead th")]
    rows = {row[0]: dict(zip(headers[1:], row[1:])) for row in table_rows(tally)}
    official = next((cells for label, cells in rows.items() if label.startswith("Official tally")), None)
    assert official is not None, f"no 'Official tally' row in {list(rows)}"
    assert (official["Yes"], official["No"], official["Abstain"]) == ("25", "6", "16")


def test_vote_page_names_the_countries_that_voted_no(s35):
    heading = next((h for h in s35.css("h3") if text(h).startswith("No ")), None)
    assert heading is not None, f"no 'No' heading among {[text(h) for h in s35.css('h3')]}"
    assert "(6)" in text(heading)
    names = [text(a) for a in next_element(heading, "ul").css("a")]
    assert len(names) == 6
    assert {name.split(" (")[0] for name in names} == S35_NO
    for link in next_element(heading, "ul").css("a"):
        assert link.attributes["href"].startswith("/countries/")


def test_vote_page_has_the_map(s35):
    figure = s35.css_first("figure svg")
    assert figure is not None, "no <figure> with an <svg>"
    uses = figure.css("use")
    hrefs = [u.attributes.get("href") or u.attributes.get("xlink:href") for u in uses]
    assert all(h and h.startswith("/static/world.svg#") for h in hrefs), hrefs[:5]
    ids = [h.split("#", 1)[1] for h in hrefs]
    assert "world" in ids, "the background (all land) is not drawn"
    countries = [i for i in ids if i != "world"]
    assert len(countries) == 25 + 6 + 16
    assert set(ids) <= world_svg_ids(), f"shapes missing from world.svg: {set(ids) - world_svg_ids()}"
    assert figure.attributes.get("role") == "img" and figure.css_first("title") is not None
    assert s35.css_first("figure figcaption") is not None, "the map has no legend"


def test_vote_page_breaks_the_vote_down_by_regional_group(s35):
    table = section(s35, "By regional group").css_first("table")
    rows = table_rows(table)
    assert len(rows) == 5
    assert sum(int(r[1]) for r in rows) == 25 and sum(int(r[2]) for r in rows) == 6
    assert sum(int(r[3]) for r in rows) == 16
    assert table.parent.attributes.get("class") == "table-wrap", "wide tables scroll inside .table-wrap"


def test_vote_page_links_the_document(s35):
    links = [a for a in s35.css("a") if a.attributes.get("href") == "https://undocs.org/A/HRC/RES/S-35/1"]
    assert links and text(links[0]) == "A/HRC/RES/S-35/1"


def test_vote_page_names_its_source_and_how_to_cite_it(s35, votes):
    record = next(v for v in votes if v["id"] == "hrc-s35-1")
    block = section(s35, "Source")
    hrefs = {a.attributes.get("href") for a in block.css("a")}
    assert record["source_url"] in hrefs
    tally_links = {a.attributes.get("href") for a in s35.css("table.tally a")}
    assert record["tally_source_url"] in tally_links
    cite = text(block.css_first(".cite"))
    for part in ("Roll Call", "A/HRC/RES/S-35/1", "Human Rights Council", "2022-11-24", "hrc-s35-1"):
        assert part in cite, f"{part!r} missing from the citation {cite!r}"


def test_vote_page_says_what_the_vote_is_about(s35):
    facts = s35.css_first("dl")
    assert "24 November 2022" in text(facts)
    assert "/countries/irn/" in {a.attributes.get("href") for a in facts.css("a")}


# ------------------------------------------------------------------ Iran's country page

@pytest.fixture(scope="module")
def iran(site) -> LexborHTMLParser:
    return parse(site, "/countries/irn/")


def test_country_page_lists_the_votes_about_it(iran, iran_votes):
    about = section(iran, "Votes about")
    linked = {a.attributes["href"] for a in about.css("a") if a.attributes.get("href", "").startswith("/votes/")}
    assert linked == {f"/votes/{v}/" for v in iran_votes}
    for vote in ("hrc-16-9", "hrc-55-19", "hrc-s35-1"):
        assert f"/votes/{vote}/" in linked
    bodies = {row[1] for row in table_rows(about.css_first("table"))}
    assert {"HRC", "GA"} <= bodies


def test_country_page_has_agreement_scores(iran):
    block = section(iran, "Who ")
    bodies = [text(h) for h in block.css("h3")]
    assert "General Assembly" in bodies
    tables = block.css("table")
    assert tables
    rows = [row for t in tables for row in table_rows(t)]
    assert rows and all(row[1].endswith("%") for row in rows)
    assert all(0 <= int(row[1].rstrip("%")) <= 100 and int(row[2]) >= 10 for row in rows)


def test_country_page_has_its_record_by_body_and_decade(iran, site):
    table = section(iran, "Voting record").css_first("table")
    links = [a.attributes["href"] for a in table.css("a")]
    assert links and all(page_path(site, link).is_file() for link in links)


# ------------------------------------------------------------------ the HRC page

@pytest.fixture(scope="module")
def hrc(site) -> LexborHTMLParser:
    return parse(site, "/bodies/hrc/")


def test_body_page_has_the_seats_table(hrc):
    rows = table_rows(section(hrc, "Seats").css_first("table"))
    seats = {name: int(n) for name, n in rows}
    assert len(seats) == 5 and sum(seats.values()) == 47
    for group, expected in HRC_SEATS.items():
        matching = [n for name, n in seats.items() if name.startswith(group)]
        assert matching == [expected], f"{group}: {seats}"


def test_body_page_lists_members_by_year(hrc):
    block = section(hrc, "Members by year")
    years = block.css("details")
    assert len(years) >= 15, "the HRC has members every year since 2006"
    assert "open" in years[0].attributes, "the latest year is shown open"
    for details in years:
        summary = text(details.css_first("summary"))
        count = int(summary.split(": ")[1].split()[0])
        members = details.css("li a")
        assert len(members) == count, summary
        assert count <= 47, summary
    assert any(text(d.css_first("summary")).endswith(": 47 members") for d in years)


def test_body_page_counts_recorded_votes_per_session_and_shows_gaps(hrc, votes):
    rows = table_rows(section(hrc, "Recorded votes by session").css_first("table"))
    held = Counter(v["session"] for v in votes if v["body_id"] == "hrc")
    shown = {row[0]: int(row[3]) for row in rows}
    assert {s: n for s, n in shown.items() if n} == dict(held)
    numbered = sorted(int(s) for s in shown if s.isdigit())
    assert numbered == list(range(numbered[0], numbered[-1] + 1)), "every session between the first and last"
    assert rows[0][0] == str(numbered[-1]), "newest first"


# ------------------------------------------------------------------ every page

CONTENT_PAGES = ("/about/", "/methodology/", "/sources/", "/contribute/")
LIST_PAGES = ("/", "/votes/", "/countries/", "/bodies/", "/topics/", "/404.html")


@pytest.mark.parametrize("url", CONTENT_PAGES + LIST_PAGES)
def test_list_and_content_pages_exist(site, url):
    doc = parse(site, url)
    assert text(doc.css_first("h1"))


def test_every_vote_country_body_and_topic_has_a_page(site, site_project, votes):
    expected = [f"/votes/{v['id']}/" for v in votes]
    expected += [f"/countries/{c['id'].lower()}/" for c in read_csv(site_project.datasets / "countries.csv")]
    expected += [f"/bodies/{b['id']}/" for b in read_csv(site_project.datasets / "bodies.csv")]
    expected += [f"/topics/{t['id']}/" for t in read_csv(site_project.datasets / "topics.csv")]
    missing = [url for url in expected if not page_path(site, url).is_file()]
    assert not missing


def test_list_pages_link_every_vote(site, votes):
    doc = parse(site, "/votes/")
    linked = {a.attributes.get("href") for a in doc.css("main a")}
    assert {f"/votes/{v['id']}/" for v in votes} <= linked  # the fixture fits on one page


def page_problems(site: Path, path: Path) -> list[str]:
    doc = LexborHTMLParser(path.read_bytes())
    problems = []
    if len(doc.css("h1")) != 1:
        problems.append(f"{len(doc.css('h1'))} h1 elements")
    if not (doc.css_first("html").attributes.get("lang") or ""):
        problems.append("no lang on <html>")
    titles = doc.css("head > title")
    if len(titles) != 1 or not text(titles[0]):
        problems.append("no (or more than one) <title>")
    csp = [m for m in doc.css("meta[http-equiv]") if m.attributes["http-equiv"].lower() == CSP.lower()]
    if len(csp) != 1 or "default-src 'self'" not in (csp[0].attributes.get("content") or ""):
        problems.append("no Content-Security-Policy meta tag")
    for script in doc.css("script"):
        if "src" not in script.attributes and script.attributes.get("type") != "application/ld+json":
            problems.append("inline <script> (the CSP blocks it)")
    if doc.css("[style], style"):
        problems.append("inline style (the CSP blocks it)")
    handlers = {a for n in doc.css("*") for a in n.attributes if a.lower().startswith("on")}
    if handlers:
        problems.append(f"inline event handlers {sorted(handlers)} (the CSP blocks them)")
    return [f"{url_of(site, path)}: {p}" for p in problems]


def test_every_page_has_one_h1_a_title_a_language_and_the_csp(site):
    pages = html_files(site)
    assert len(pages) > 300
    problems = [p for path in pages for p in page_problems(site, path)]
    assert not problems, "\n".join(problems[:50])


def test_vote_pages_are_small(site, votes):
    sizes = {v["id"]: page_path(site, f"/votes/{v['id']}/").stat().st_size for v in votes}
    largest = max(sizes, key=sizes.get)
    assert sizes[largest] <= MAX_VOTE_PAGE_BYTES, f"{largest}: {sizes[largest]:,} bytes"


# ------------------------------------------------------------------ builds

def test_builds_are_reproducible(site_project, tmp_path):
    """A second build, in another process with another hash seed, gives the same bytes."""
    again = make_fixture_project(tmp_path / "again")
    env = dict(os.environ, SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH, PYTHONHASHSEED="12345")
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(again.root)],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    first, second = file_hashes(site_project.site), file_hashes(again.site)
    assert first.keys() == second.keys()
    differ = sorted(name for name in first if first[name] != second[name])
    assert not differ, f"{len(differ)} file(s) differ between two builds, e.g. {differ[:10]}"


def _break_template_syntax(root: Path) -> None:
    path = root / "templates" / "vote.html"
    path.write_text(path.read_text(encoding="utf-8").replace("{% endblock %}", "{% if %}{% endblock %}", 1),
                    encoding="utf-8")


def _break_template_at_render(root: Path) -> None:
    # An undefined name fails only while rendering, after hundreds of pages were written.
    path = root / "templates" / "country.html"
    path.write_text(path.read_text(encoding="utf-8").replace("</h1>", "{{ no_such_name.at_all }}</h1>", 1),
                    encoding="utf-8")


def _duplicate_a_vote(root: Path) -> None:
    path = root / "datasets" / "votes.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines + [lines[1]]), encoding="utf-8")


def _bad_date(root: Path) -> None:
    path = root / "datasets" / "votes.csv"
    text_ = path.read_text(encoding="utf-8")
    path.write_text(text_.replace(",2022-11-24,", ",2022-11-31,", 1), encoding="utf-8")


def _missing_content_front_matter(root: Path) -> None:
    (root / "content" / "about.md").write_text("# No front matter\n", encoding="utf-8")


BREAKAGES = {
    "template-syntax": _break_template_syntax,
    "template-undefined-name": _break_template_at_render,
    "data-duplicate-key": _duplicate_a_vote,
    "data-bad-date": _bad_date,
    "content-no-title": _missing_content_front_matter,
}


@pytest.mark.parametrize("breakage", sorted(BREAKAGES))
def test_a_failed_build_leaves_site_unchanged(site_project, tmp_path, breakage):
    root = tmp_path / "project"
    shutil.copytree(site_project.root, root, symlinks=True)
    before = file_hashes(root / "site")
    BREAKAGES[breakage](root)
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(root)],
                            cwd=tmp_path, capture_output=True, text=True, timeout=300,
                            env=dict(os.environ, SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH))
    assert result.returncode != 0, f"the broken build succeeded:\n{result.stdout}"
    assert "left unchanged" in result.stdout + result.stderr
    assert file_hashes(root / "site") == before
    leftovers = sorted(p.name for p in root.iterdir() if p.name.startswith(".site."))
    assert not leftovers, f"staging folders left behind: {leftovers}"


# ------------------------------------------------------------------ the full site

@pytest.mark.slow
def test_full_site_vote_pages_are_small(full_site):
    votes = read_csv(REPO / "datasets" / "votes.csv")
    sizes = {v["id"]: page_path(full_site, f"/votes/{v['id']}/").stat().st_size for v in votes}
    largest = max(sizes, key=sizes.get)
    over = sum(size > MAX_VOTE_PAGE_BYTES for size in sizes.values())
    assert sizes[largest] <= MAX_VOTE_PAGE_BYTES, (
        f"{over} vote page(s) over {MAX_VOTE_PAGE_BYTES:,} bytes; largest {largest}: {sizes[largest]:,} bytes")


@pytest.mark.slow
def test_full_site_s35_page(full_site):
    doc = parse(full_site, S35)
    heading = next(h for h in doc.css("h3") if text(h).startswith("No "))
    assert {text(a).split(" (")[0] for a in next_element(heading, "ul").css("a")} == S35_NO
