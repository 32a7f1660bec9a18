"""`build.py diff REF`: a reviewer sees which votes, countries and pages a data change touches."""

from __future__ import annotations

import io
import subprocess

from site_support import make_fixture_project
from rollcall.commands import diff


def _git(root, *args):
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


def test_diff_lists_the_edited_vote_its_countries_and_pages(tmp_path):
    project = make_fixture_project(tmp_path / "project")
    _git(project.root, "init", "-q", "-b", "main")
    _git(project.root, "add", "datasets")
    _git(project.root, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "base")
    votes = project.datasets / "votes.csv"
    text = votes.read_text(encoding="utf-8")
    votes.write_text(text.replace("Deteriorating situation of human rights in the Islamic Republic of Iran,",
                                  "Deteriorating situation of human rights in the Islamic Republic of Iran (edited),", 1),
                     encoding="utf-8")
    out = io.StringIO()
    assert diff.run(project, "main", out) == 0
    report = out.getvalue()
    assert "votes: 0 added, 0 removed, 1 changed" in report
    assert "votes touched: 1 (hrc-s35-1)" in report
    assert "/votes/hrc-s35-1/" in report
    assert "CHN" in report  # China voted on it, so its page shows the new title
    rewritten = int(report.split("pages rewritten: ")[1].split()[0])
    assert rewritten > diff.SHOWN and f"… and {rewritten - diff.SHOWN} more" in report
    countries = int(report.split("countries whose pages change: ")[1].split()[0])
    assert f"… and {countries - diff.SHOWN} more)" in report


def test_diff_without_changes_says_so(tmp_path):
    project = make_fixture_project(tmp_path / "project")
    _git(project.root, "init", "-q", "-b", "main")
    _git(project.root, "add", "datasets")
    _git(project.root, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "base")
    out = io.StringIO()
    assert diff.run(project, "main", out) == 0
    assert "no page changes" in out.getvalue()


def test_unknown_ref_is_a_clear_error(tmp_path):
    project = make_fixture_project(tmp_path / "project")
    _git(project.root, "init", "-q", "-b", "main")
    out = io.StringIO()
    assert diff.run(project, "no-such-ref", out) == 2
    assert "cannot read datasets/ at 'no-such-ref'" in out.getvalue()
