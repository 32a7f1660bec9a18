"""Helpers for the whole-site checks (hostile input, HTML validity, accessibility).

* `pages_of_every_kind(site)`: one URL of each kind of page a build writes, found in the
  built folder (so a fixture with other votes or countries still works);
* `chromium()`: the system Chromium driven by Playwright (no browser is downloaded);
* the offline tools installed from tests/browser/package-lock.json by `make test`
  (`npm ci --prefix tests/browser`): the Nu HTML Checker's vnu.jar and axe-core;
* `unavailable(...)`: skip when a tool is missing on a developer's machine, fail in CI
  (CI=true), where `make test` must have installed everything.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from pathlib import Path
from typing import Iterator

import pytest

from site_support import REPO

sys.path.insert(0, str(REPO / "scripts"))
import screenshots  # noqa: E402  (scripts/screenshots.py: find_chromium, serve)

BROWSER_TOOLS = REPO / "tests" / "browser"
NODE_MODULES = BROWSER_TOOLS / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

serve = screenshots.serve  # serve(site) -> "http://127.0.0.1:<port>" while the block runs

# (kind, candidates): a candidate is a URL, or a glob (relative to site/) of index.html files
# whose first match (sorted) is taken. Optional kinds are left out when nothing matches.
KINDS: tuple[tuple[str, tuple[str, ...], bool], ...] = (
    ("home", ("/",), True),
    ("vote", ("/votes/hrc-s35-1/", "votes/*-*/index.html"), True),
    ("vote embed", ("/votes/hrc-s35-1/embed/", "votes/*-*/embed/index.html"), True),
    ("votes list", ("/votes/",), True),
    ("votes by year", ("votes/year/*/index.html",), True),
    ("votes by body", ("votes/body/*/index.html",), False),
    ("votes, page 2", ("votes/page/2/index.html",), False),
    ("country", ("/countries/irn/", "countries/*/index.html"), True),
    ("country record", ("countries/irn/record/*/*/index.html", "countries/*/record/*/*/index.html"), True),
    ("countries list", ("/countries/",), True),
    ("body", ("/bodies/hrc/", "bodies/*/index.html"), True),
    ("UPR body", ("/bodies/upr/",), False),
    ("body votes", ("/bodies/hrc/votes/", "bodies/*/votes/index.html"), True),
    ("bodies list", ("/bodies/",), True),
    ("topics list", ("/topics/",), True),
    ("topic", ("/topics/human-rights/", "topics/*/index.html"), True),
    ("content page", ("/about/", "*/index.html"), True),
    ("data", ("/data/",), False),
    ("data dictionary", ("/data/dictionary/",), False),
    ("data release", ("data/[0-9]*/index.html",), False),
    ("404", ("/404.html",), True),
)


def _file_of(site: Path, url: str) -> Path:
    path = site / url.lstrip("/")
    return path / "index.html" if url.endswith("/") else path


def pages_of_every_kind(site: Path) -> dict[str, str]:
    """{kind: URL} for one built page of every kind; fails if a required kind is missing."""
    found: dict[str, str] = {}
    for kind, candidates, required in KINDS:
        for candidate in candidates:
            if candidate.startswith("/"):
                if _file_of(site, candidate).is_file():
                    found[kind] = candidate
                    break
            else:
                matches = sorted(site.glob(candidate))
                if matches:
                    relative = matches[0].relative_to(site).as_posix()
                    found[kind] = "/" + relative.removesuffix("index.html")
                    break
        else:
            assert not required, f"the site has no page of kind {kind!r} ({', '.join(candidates)})"
    return found


def file_of(site: Path, url: str) -> Path:
    return _file_of(site, url)


def unavailable(what: str, how: str) -> None:
    """A tool the test needs is missing: skip on a developer's machine, fail in CI."""
    message = f"{what} is not installed ({how})"
    if os.environ.get("CI"):
        pytest.fail(message + "; `make test` installs it")
    pytest.skip(message)


def require_node_tool(path: Path) -> Path:
    if not path.is_file():
        unavailable(str(path.relative_to(REPO)), "run `make test`, or `npm ci --prefix tests/browser --ignore-scripts`")
    return path


def require_java() -> str:
    java = shutil.which("java")
    if java is None:
        unavailable("java", "scripts/install-system-packages installs default-jre-headless")
    return java


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """A Playwright Browser on the system Chromium."""
    sync_api = pytest.importorskip("playwright.sync_api")
    executable = screenshots.find_chromium()
    if executable is None:
        unavailable("chromium", "scripts/install-system-packages installs it")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
