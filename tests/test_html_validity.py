"""The Nu HTML Checker (vnu.jar) finds no error on one page of every kind of the fixture site.

vnu.jar comes from the npm package vnu-jar, pinned in tests/browser/package-lock.json and
installed by `make test` (no network at test time); it runs on the machine's Java. One run
checks all the pages, plus a page with a known error, to show the checker really checks.
"""

from __future__ import annotations

import json
import subprocess

import pytest

from whole_site import VNU_JAR, file_of, pages_of_every_kind, require_java, require_node_tool

pytestmark = pytest.mark.browser

BROKEN = """<!doctype html><html lang="en"><head><title>x</title></head>
<body><main><table><tr><td id="a"></td><td id="a"></td></tr></table></main></body></html>
"""


def test_every_kind_of_page_is_valid_html(site, tmp_path):
    java = require_java()
    jar = require_node_tool(VNU_JAR)
    pages = pages_of_every_kind(site)
    files = {str(file_of(site, url)): f"{kind} {url}" for kind, url in pages.items()}
    control = tmp_path / "broken.html"
    control.write_text(BROKEN, encoding="utf-8")
    result = subprocess.run([java, "-jar", str(jar), "--errors-only", "--format", "json", *files, str(control)],
                            capture_output=True, text=True, timeout=600)
    report = json.loads(result.stderr or result.stdout)
    errors = [m for m in report["messages"] if m.get("type") in ("error", "non-document-error")]
    control_errors = [m for m in errors if m.get("url", "").endswith("/broken.html")]
    assert any("Duplicate ID" in m.get("message", "") for m in control_errors), \
        f"the checker did not report the known error: {report}"
    found = [f"{files.get(_path(m), m.get('url'))}:{m.get('lastLine', '?')}: {m.get('message')} "
             f"[{(m.get('extract') or '').strip()[:120]}]"
             for m in errors if m not in control_errors]
    assert not found, f"{len(found)} HTML error(s):\n" + "\n".join(found[:50])
    assert len(files) >= 15


def _path(message: dict) -> str:
    url = message.get("url", "")
    return url.removeprefix("file:")
