"""A site built for a sub-path (a GitHub Pages project site) links only within that path."""

from __future__ import annotations

import shutil

import pytest

from site_support import LinkChecker, make_fixture_project, parse, report, run_build
from rollcall import urls


def test_site_built_under_a_base_path_has_no_broken_links(tmp_path):
    project = make_fixture_project(tmp_path / "project")
    urls.set_base_path("/roll-call")
    try:
        code, output = run_build(project)
    finally:
        urls.set_base_path("")
    assert code == 0, output
    hosting = tmp_path / "hosting"  # the web server's root; the site lives under /roll-call/
    shutil.copytree(project.site, hosting / "roll-call")
    broken = LinkChecker(hosting).check_all()
    assert not broken, report(broken)
    page = parse(hosting, "/roll-call/votes/hrc-s35-1/")
    internal = [a.attributes["href"] for a in page.css("a[href^='/']")]
    assert internal and all(href.startswith("/roll-call/") for href in internal)
    about = parse(hosting, "/roll-call/about/")
    assert about.css_first("a[href='/roll-call/methodology/']") is not None  # Markdown links too


def test_base_path_must_be_a_clean_path():
    for bad in ("roll-call", "/a b", "/../x", "https://x.org/"):
        try:
            urls.set_base_path(bad)
        except ValueError:
            continue
        finally:
            urls.set_base_path("")
        raise AssertionError(f"accepted {bad!r}")


@pytest.mark.parametrize("url, file", [
    ("/", "index.html"), ("/votes/ga-rc1/", "votes/ga-rc1/index.html"),
    ("/data/latest/by-vote/ga-rc1.csv", "data/latest/by-vote/ga-rc1.csv"), ("/404.html", "404.html"),
])
def test_every_url_maps_to_one_file_inside_the_site(url, file):
    assert urls.file_for(url) == file == str(urls.path_for(url))


@pytest.mark.parametrize("url", ["votes/", "//evil.example/", "/a/../b/", "/a/./b/", "/a\\b", "/.."])
def test_urls_that_would_leave_the_site_are_refused(url):
    with pytest.raises(ValueError):
        urls.file_for(url)


def test_a_bad_base_path_is_a_message_not_a_traceback(monkeypatch, capsys):
    from rollcall import cli
    monkeypatch.setenv("ROLLCALL_BASE_PATH", "roll call\x1b[2J")
    assert cli.main(["build", "--force"]) == 2
    err = capsys.readouterr().err
    assert "ROLLCALL_BASE_PATH must look like /name" in err and "Traceback" not in err and "\x1b" not in err
