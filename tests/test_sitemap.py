"""sitemap.xml lists every HTML page of the fixture site, and nothing else; robots.txt names it."""

from __future__ import annotations

from xml.etree import ElementTree

from rollcall import urls
from rollcall.pages import sitemap
from site_support import SITE_ADDRESS, html_files, url_of

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_the_sitemap_lists_every_html_page_and_nothing_missing(site):
    listed = [loc.text for loc in ElementTree.parse(site / "sitemap.xml").getroot().iter(f"{NS}loc")]
    assert all(loc.startswith(SITE_ADDRESS) for loc in listed)
    written = {url_of(site, path) for path in html_files(site)}
    expected = {u for u in written if u != "/404.html" and not u.endswith("/embed/")}
    assert {"/" + loc[len(SITE_ADDRESS):] for loc in listed} == expected
    assert len(listed) == len(set(listed))
    assert (site / "robots.txt").read_text(encoding="utf-8").endswith(f"Sitemap: {SITE_ADDRESS}sitemap.xml\n")


def test_a_large_site_gets_a_sitemap_index(monkeypatch):
    monkeypatch.setattr(sitemap, "LIMIT", 2)
    urls.set_address("https://roll-call.test")
    try:
        files = sitemap.sitemap_files(["/a/", "/b/", "/c/"])
    finally:
        urls.set_address("")
    assert sorted(files) == ["robots.txt", "sitemap-1.xml", "sitemap-2.xml", "sitemap.xml"]
    index = ElementTree.fromstring(files["sitemap.xml"])
    assert index.tag == f"{NS}sitemapindex"
    assert [loc.text for loc in index.iter(f"{NS}loc")] == ["https://roll-call.test/sitemap-1.xml",
                                                           "https://roll-call.test/sitemap-2.xml"]


def test_without_an_address_there_is_no_sitemap():
    urls.set_address("")
    assert sorted(sitemap.sitemap_files(["/a/"])) == ["robots.txt"]
