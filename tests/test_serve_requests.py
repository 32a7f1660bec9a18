"""`build.py serve` as a browser sees it: no request fails while a rebuild runs, and a second
start with unchanged inputs serves the last build (checked by outcome, never by timing)."""

from __future__ import annotations

import importlib.util
import time

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


def test_a_broken_template_is_named_and_a_fixed_one_recovers_at_once(tmp_path):
    project = make_fixture_project(tmp_path / "project")
    port = edit_loop.free_port()
    server = edit_loop.start_serve(project.root, port)
    url = f"http://127.0.0.1:{port}/topics/"
    template = project.root / "templates" / "topics.html"
    good = template.read_bytes()
    try:
        template.write_bytes(good.replace(b"{% block", b"{% blok", 1))
        status, body = _answer_once(url, lambda status: status != 200)
        assert status == 500 and b"could not be rebuilt" in body and b"topics.html" in body, body[:2000]
        template.write_bytes(good)
        status, body = _answer_once(url, lambda status: status == 200)
        assert b"could not be rebuilt" not in body
    finally:
        edit_loop.stop(server)


def _answer_once(url: str, wanted, timeout: float = 60) -> tuple[int, bytes]:
    """The first answer whose status is `wanted`; fails after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status, body = edit_loop.fetch(url)
        if wanted(status):
            return status, body
        time.sleep(0.05)
    raise AssertionError(f"{url}: still {status} after {timeout} s")
