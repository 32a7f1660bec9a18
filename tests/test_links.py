"""Every internal link of the built site leads to a built file (and fragment).

Checks href, src, action and srcset of every element of every page: absolute ("/…")
and relative links resolve against the page's URL; folder URLs need their index.html;
fragments must name an element on the target page (or in the SVG, for the map's <use>).
External links (http:, mailto:, …) are not followed.
"""

from __future__ import annotations

import time

import pytest

from site_support import LinkChecker, html_files, report


def test_fixture_site_has_no_broken_links(site):
    broken = LinkChecker(site).check_all()
    if broken:
        pytest.fail(report(broken), pytrace=False)


def test_the_checker_finds_broken_links(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "world.svg").write_text('<svg><g id="world"><path id="IRN"/></g></svg>')
    (tmp_path / "a" / "index.html").write_text(
        '<h1 id="top">A</h1><a href="#top">ok</a><a href="#nowhere">x</a><a href="/a/">ok</a>'
        '<a href="/b/">x</a><a href="/a">x</a><a href="../a/#top">ok</a><a href="/a/#gone">x</a>'
        '<a href="https://example.org/">external</a><svg><use href="/static/world.svg#IRN"/>'
        '<use href="/static/world.svg#XXX"/></svg><img src="pic.png">')
    broken = LinkChecker(tmp_path).check_all()
    assert sorted(b.link for b in broken) == ["#nowhere", "/a", "/a/#gone", "/b/",
                                              "/static/world.svg#XXX", "pic.png"]


@pytest.mark.slow
def test_full_site_has_no_broken_links(full_site):
    started = time.perf_counter()
    pages = html_files(full_site)
    broken = LinkChecker(full_site).check_all()
    print(f"checked {len(pages):,} pages in {time.perf_counter() - started:.0f}s")
    if broken:
        pytest.fail(report(broken), pytrace=False)
