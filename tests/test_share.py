"""Sharing (issue 15): canonical links, OpenGraph and Twitter tags, JSON-LD, Atom feeds, share
cards and embeds, on the fixture site."""

from __future__ import annotations

import csv
import dataclasses
import json
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from PIL import Image

from rollcall import urls
from rollcall.cards.draw import Painter
from rollcall.cards.specs import Style, all_cards
from rollcall.cards.write import CACHE, write_cards
from rollcall.dataset import load_dataset
from rollcall.index import build_index
from rollcall.paths import Project
from site_support import SITE_ADDRESS, html_files, parse, url_of

HOMEPAGE = SITE_ADDRESS.rstrip("/")   # ROLLCALL_SITE_URL of the fixture builds
ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def local(site: Path, address: str) -> Path:
    """The file of `site` that serves an absolute address of the site."""
    assert address.startswith(HOMEPAGE + "/"), address
    path = urlsplit(address).path
    return site / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))


def vote_ids(site_project: Project) -> list[str]:
    with open(site_project.datasets / "votes.csv", encoding="utf-8", newline="") as f:
        return [row["id"] for row in csv.DictReader(f)]


def meta(doc, name: str) -> str:
    node = doc.css_first(f'meta[property="{name}"]') or doc.css_first(f'meta[name="{name}"]')
    assert node is not None, name
    return node.attributes["content"]


def test_a_vote_page_says_how_the_vote_went(site):
    doc = parse(site, "/votes/hrc-s35-1/")
    assert doc.css_first('link[rel="canonical"]').attributes["href"] == f"{HOMEPAGE}/votes/hrc-s35-1/"
    description = meta(doc, "og:description")
    assert description.startswith("Adopted 25–6–16 by the Human Rights Council on 24 November 2022")
    assert meta(doc, "description") == description == meta(doc, "twitter:description")
    assert meta(doc, "og:image") == f"{HOMEPAGE}/votes/hrc-s35-1/card.png"
    assert "25 in favour, 6 against, 16 abstaining" in meta(doc, "og:image:alt")
    assert meta(doc, "twitter:card") == "summary_large_image"
    record = json.loads(doc.css_first('script[type="application/ld+json"]').text())
    assert record["@type"] == "Legislation" and record["legislationIdentifier"] == "A/HRC/RES/S-35/1"
    assert record["legislationDate"] == "2022-11-24" and record["url"] == f"{HOMEPAGE}/votes/hrc-s35-1/"


def test_every_vote_page_has_canonical_description_and_a_1200_by_630_card(site, site_project):
    for vote_id in vote_ids(site_project):
        doc = parse(site, f"/votes/{vote_id}/")
        assert doc.css_first('link[rel="canonical"]').attributes["href"] == f"{HOMEPAGE}/votes/{vote_id}/"
        assert re.match(r"(\w[\w ]* )?([Aa]dopted \S+ by|[Rr]ejected \S+ by|[Vv]oted \S+ in) the ", meta(doc, "og:description")), vote_id
        card = local(site, meta(doc, "og:image"))
        with Image.open(card) as image:
            assert (image.format, image.size) == ("PNG", (1200, 630)), vote_id
        assert re.search(r"\d+ in favour, \d+ against, \d+ abstaining", meta(doc, "og:image:alt")), vote_id


def test_country_pages_have_a_card_and_both_feeds(site):
    doc = parse(site, "/countries/irn/")
    with Image.open(local(site, meta(doc, "og:image"))) as image:
        assert image.size == (1200, 630)
    assert "recorded votes" in meta(doc, "og:image:alt")
    feeds = [link.attributes["href"] for link in doc.css('link[rel="alternate"][type="application/atom+xml"]')]
    assert f"{HOMEPAGE}/countries/irn/feed.xml" in feeds and f"{HOMEPAGE}/countries/irn/about.xml" in feeds


def test_every_page_has_a_canonical_link_and_its_feeds_exist(site):
    for path in html_files(site):
        url = url_of(site, path)
        if url == "/404.html":
            continue
        doc = parse(site, url)
        canonical = doc.css_first('link[rel="canonical"]').attributes["href"]
        expected = f"{HOMEPAGE}{url}" if not url.endswith("/embed/") else f"{HOMEPAGE}{url.removesuffix('embed/')}"
        assert canonical == expected, url
        for link in doc.css('link[rel="alternate"][type="application/atom+xml"]'):
            assert local(site, link.attributes["href"]).is_file(), (url, link.attributes["href"])
    assert f'href="{HOMEPAGE}/feed.xml"' in (site / "index.html").read_text(encoding="utf-8")
    assert f'href="{HOMEPAGE}/bodies/hrc/feed.xml"' in (site / "bodies/hrc/index.html").read_text(encoding="utf-8")


def feeds(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.xml") if not p.name.startswith("sitemap"))


def test_every_feed_is_atom_and_links_only_to_existing_pages(site):
    found = feeds(site)
    assert len(found) > 200   # overall, bodies, topics, every country, countries voted about
    for path in found:
        root = ElementTree.parse(path).getroot()
        assert root.tag == f"{ATOM}feed", path
        for child in ("id", "title", "updated"):
            assert root.findtext(f"{ATOM}{child}"), (path, child)
        assert RFC3339.fullmatch(root.findtext(f"{ATOM}updated")), path
        links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
        assert local(site, links["self"]) == path
        assert local(site, links["alternate"]).is_file(), path
        entries = root.findall(f"{ATOM}entry")
        for entry in entries:
            for child in ("id", "title", "updated", "summary"):
                assert entry.findtext(f"{ATOM}{child}"), (path, child)
            assert RFC3339.fullmatch(entry.findtext(f"{ATOM}updated"))
            href = entry.find(f"{ATOM}link").get("href")
            assert local(site, href).is_file(), (path, href)
            assert entry.findtext(f"{ATOM}id") == href   # the vote page's address: stable
        if entries:   # the feed's date is its newest entry's, never the build's clock
            assert root.findtext(f"{ATOM}updated") == max(e.findtext(f"{ATOM}updated") for e in entries)


def test_a_country_feed_says_how_it_voted(site):
    root = ElementTree.parse(site / "countries/irn/feed.xml").getroot()
    summaries = [e.findtext(f"{ATOM}summary") for e in root.iter(f"{ATOM}entry")]
    assert summaries and all(s.startswith("Iran (Islamic Republic of): ") for s in summaries)


def test_every_vote_has_an_embed_that_frames_its_result(site, site_project):
    for vote_id in vote_ids(site_project):
        doc = parse(site, f"/votes/{vote_id}/embed/")
        assert doc.css_first("header") is None and doc.css_first("footer") is None and not doc.css("script")
        links = [a.attributes["href"] for a in doc.css("a")]
        assert f"{HOMEPAGE}/votes/{vote_id}/" in links
        assert all(a.attributes.get("target") == "_blank" for a in doc.css("a"))
    page = parse(site, "/votes/hrc-s35-1/")
    snippet = page.css_first("pre.embed-code").text()
    assert snippet.startswith(f'<iframe src="{HOMEPAGE}/votes/hrc-s35-1/embed/"')
    embed = parse(site, "/votes/hrc-s35-1/embed/")
    assert "25 yes, 6 no, 16 abstaining" in embed.css_first("main").text()


@pytest.fixture(scope="module")
def index(site_project):
    dataset, problems = load_dataset(site_project.datasets)
    assert dataset is not None, problems.errors
    urls.set_address(HOMEPAGE + "/")
    return build_index(dataset)


def test_a_card_is_drawn_the_same_every_time(site_project, index):
    style = Style.load(site_project.static)
    card = next(all_cards(index))
    assert Painter(style).png(card) == Painter(Style.load(site_project.static)).png(card)


def test_cards_are_redrawn_only_when_what_they_show_changes(tmp_path, site_project, index):
    project = Project(tmp_path)
    shutil.copytree(site_project.static, project.static)
    shutil.copytree(site_project.root / CACHE, project.root / CACHE)
    first = write_cards(project, index, tmp_path / "first")
    assert first.drawn == 0 and first.reused == first.files == len(list(all_cards(index)))
    votes = list(index.votes)
    votes[0] = dataclasses.replace(votes[0], title=votes[0].title + " (edited)")
    second = write_cards(project, dataclasses.replace(index, votes=tuple(votes)), tmp_path / "second")
    assert (second.drawn, second.reused) == (1, first.files - 1)
    changed = [p.relative_to(tmp_path / "second") for p in sorted((tmp_path / "second").rglob("*.png"))
               if p.read_bytes() != (tmp_path / "first" / p.relative_to(tmp_path / "second")).read_bytes()]
    assert changed == [Path(f"votes/{votes[0].id}/card.png")]
    assert len(list((project.root / CACHE).glob("*.png"))) == first.files   # the old drawing was pruned
