"""Shared fixtures. The site tests build a small fixture project once per test session."""

from __future__ import annotations

import fcntl
import os
import shutil
from pathlib import Path

import pytest

from site_support import REPO, SITE_ADDRESS, Project, environment_set, make_fixture_project, run_build

# Every build in the tests (in-process, serve's updates, subprocesses) publishes at one fixed
# address, as the Pages workflow's builds do; a test of the no-address case removes it.
os.environ["ROLLCALL_SITE_URL"] = SITE_ADDRESS


def published_at_the_test_address():
    """The session's shared sites are built at SITE_ADDRESS even when the test that first asks
    for them has set another address or removed it (tests of those cases)."""
    return environment_set("ROLLCALL_SITE_URL", SITE_ADDRESS)


@pytest.fixture(scope="session")
def site_project(tmp_path_factory) -> Project:
    """A project folder with the fixture data (tests/fixtures/site/datasets), built once."""
    project = make_fixture_project(tmp_path_factory.mktemp("site-project"))
    with published_at_the_test_address():
        code, output = run_build(project)
    assert code == 0, f"the fixture site does not build:\n{output}"
    return project


@pytest.fixture(scope="session")
def site(site_project) -> Path:
    """The built fixture site/ folder. Treat it as read-only: other tests share it."""
    return site_project.site


@pytest.fixture(scope="session")
def full_site(tmp_path_factory) -> Path:
    """The real site, built from the repository's datasets/ into a temporary folder (~1 min).

    The project folder links to the repository's datasets/, templates/, static/ and
    content/, so the repository's own site/ is never touched.
    """
    # Under pytest-xdist every worker has its own session: the first one builds into the
    # run's shared temporary folder, the others wait on the lock and reuse the result.
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent
    root = shared / "full-site"
    with (shared / "full-site.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = root / "built"
        if not done.exists():
            if root.exists():
                shutil.rmtree(root)
            root.mkdir()
            for name in ("datasets", "templates", "static", "content"):
                (root / name).symlink_to(REPO / name, target_is_directory=True)
            with published_at_the_test_address():
                code, output = run_build(Project(root))
            assert code == 0, f"the full site does not build:\n{output}"
            done.write_text(output, encoding="utf-8")
    return Project(root).site


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """One line for the bad-input corpus (tests/test_corpus.py), when its cases ran."""
    module = __import__("sys").modules.get("test_corpus")
    stats = getattr(module, "STATS", None)
    if stats and stats["cases"]:
        terminalreporter.write_line(f"corpus: {stats['cases']} cases, {stats['matched']} errors matched, "
                                    f"{stats['tracebacks']} tracebacks")


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium driven by Playwright (tests/whole_site.py), shared by a module's tests."""
    from whole_site import chromium
    with chromium() as browser:
        yield browser
