"""Shared fixtures. The site tests build a small fixture project once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_support import REPO, Project, make_fixture_project, run_build


@pytest.fixture(scope="session")
def site_project(tmp_path_factory) -> Project:
    """A project folder with the fixture data (tests/fixtures/site/datasets), built once."""
    project = make_fixture_project(tmp_path_factory.mktemp("site-project"))
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
    root = tmp_path_factory.mktemp("full-site")
    for name in ("datasets", "templates", "static", "content"):
        (root / name).symlink_to(REPO / name, target_is_directory=True)
    project = Project(root)
    code, output = run_build(project)
    assert code == 0, f"the full site does not build:\n{output}"
    return project.site
