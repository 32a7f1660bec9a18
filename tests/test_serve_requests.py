"""`build.py serve` as a browser sees it: no request fails while a rebuild runs, and a second
start with unchanged inputs serves the last build (checked by outcome, never by timing)."""

from __future__ import annotations

import importlib.util

from site_support import REPO, make_fixture_project

_spec = importlib.util.spec_from_file_location("edit_loop", REPO / "benchmarks" / "edit_loop.py")
edit_loop = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(edit_loop)


def test_no_request_fails_while_serve_rebuilds(tmp_path):
    project = make_fixture_project(tmp_path / "project")
    result = edit_loop.measure(project.root, "hrc-s35-1", "ga-78-220", runs=1)
    assert result["requests"] > 0
    assert result["failed_requests"] == 0, result["failures"]
    assert len(result["title_visible_s"]) == len(result["position_visible_s"]) == 1


def test_serve_starts_from_the_last_build_when_inputs_are_unchanged(tmp_path):
    project = make_fixture_project(tmp_path / "project")
    for expect_build in (True, False):
        server = edit_loop.start_serve(project.root, edit_loop.free_port())
        output = edit_loop.stop(server)
        assert ("without rebuilding" not in output) == expect_build, output
