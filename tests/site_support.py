"""Helpers for the site tests: build a project folder, read built pages, check links.

The fixture project is a temporary folder holding copies of the repository's
templates/, static/ and content/, the descriptor and schemas of datasets/, and the small
CSV extract in tests/fixtures/site/datasets/ (made by tests/fixtures/make_site_fixture.py).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import posixpath
import re
import shutil
import sys
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

REPO = Path(__file__).resolve().parent.parent
FIXTURE_CSVS = REPO / "tests" / "fixtures" / "site" / "datasets"
SITE_ADDRESS = "https://roll-call.test/"   # the fixture site's published address (.test: reserved, never live)
SOURCE_DATE_EPOCH = "1796342400"  # any fixed day after the fixtures' last vote (2026-12-04): builds must not depend on the clock, and a vote after it is refused as future-dated

sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "fixtures"))

from rollcall.commands import build  # noqa: E402
from rollcall.paths import Project  # noqa: E402

import make_site_fixture  # noqa: E402


def make_fixture_project(root: Path) -> Project:
    """A project folder at `root` with the fixture data and the repository's templates."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("templates", "static", "content"):
        shutil.copytree(REPO / name, root / name)
    datasets = root / "datasets"
    shutil.copytree(REPO / "datasets", datasets, ignore=shutil.ignore_patterns("*.csv"))
    for csv_file in FIXTURE_CSVS.rglob("*.csv"):
        target = datasets / csv_file.relative_to(FIXTURE_CSVS)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(csv_file, target)
    stale = make_site_fixture.is_current(datasets, REPO / "datasets")
    if stale:
        # datasets/ gained a resource or a column since the fixture was cut: cut it again
        # here (a few seconds) so the site tests keep working, and say so.
        warnings.warn("tests/fixtures/site/datasets is out of date (" + "; ".join(stale)
                      + "); regenerated for this run. Rerun tests/fixtures/make_site_fixture.py "
                      "and commit the result.", stacklevel=2)
        make_site_fixture.write(make_site_fixture.extract(REPO / "datasets"), datasets)
    return Project(root)


@contextlib.contextmanager
def environment_set(name: str, value: str):
    """Set one environment variable for the block; restore (or remove) it after."""
    old = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if old is None:
            del os.environ[name]
        else:
            os.environ[name] = old


def fixed_epoch():
    return environment_set("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)


def run_build(project: Project) -> tuple[int, str]:
    """Build `project` in-process (SOURCE_DATE_EPOCH fixed); (exit code, printed output)."""
    out = io.StringIO()
    with fixed_epoch():
        code = build.run(project, out=out)
    return code, out.getvalue()


def file_hashes(folder: Path) -> dict[str, str]:
    """sha256 of every file under `folder`, by relative path."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def page_path(site: Path, url: str) -> Path:
    path = site / unquote(url).lstrip("/")
    return path / "index.html" if url.endswith("/") else path


def parse(site: Path, url: str) -> LexborHTMLParser:
    path = page_path(site, url)
    assert path.is_file(), f"{url} was not built ({path})"
    return LexborHTMLParser(path.read_text(encoding="utf-8"))


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def url_of(site: Path, path: Path) -> str:
    relative = path.relative_to(site).as_posix()
    return "/" + (relative.removesuffix("index.html") if relative.endswith("index.html") else relative)


def text(node) -> str:
    """A node's text with runs of white space folded."""
    return " ".join(node.text(separator=" ").split()) if node is not None else ""


def section(doc: LexborHTMLParser, heading: str):
    """The <section> whose h2 starts with `heading`."""
    for h2 in doc.css("section > h2"):
        if text(h2).startswith(heading):
            return h2.parent
    raise AssertionError(f"no section headed {heading!r}; h2s: {[text(h) for h in doc.css('h2')]}")


def next_element(node, tag: str):
    """The first following sibling element named `tag`."""
    node = node.next
    while node is not None and node.tag != tag:
        node = node.next
    return node


def table_rows(table) -> list[list[str]]:
    """Text of the body cells (th and td) of each row of a table."""
    return [[text(cell) for cell in row.css("th, td")] for row in table.css("tbody tr")]


# ---------------------------------------------------------------------------- links

EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")
LINK_ATTRIBUTES = ("href", "src", "action", "xlink:href", "poster", "data")
SVG_IDS = re.compile(rb'\bid="([^"]+)"')


@dataclass(frozen=True)
class BrokenLink:
    page: str
    attribute: str
    link: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: {self.attribute}={self.link!r}: {self.reason}"


class LinkChecker:
    """Every internal link of every built page must resolve to a built file.

    Folder URLs ('/votes/') resolve to their index.html; a URL naming a folder without the
    final slash is reported (static hosts answer it with a redirect at best). Fragments are
    checked where cheap: on the same page, in another built page, and inside SVG files
    (the vote maps' <use href="/static/world.svg#IRN">). The site's files are listed once
    and each distinct link is resolved once, so the full site (millions of links) is quick.
    """

    def __init__(self, site: Path) -> None:
        self.site = site
        self.files: set[str] = set()
        self.folders: set[str] = {""}
        for folder, dirs, names in os.walk(site):
            relative = Path(folder).relative_to(site).as_posix()
            prefix = "" if relative == "." else relative + "/"
            self.folders.update(prefix + d for d in dirs)
            self.files.update(prefix + n for n in names)
        self._ids: dict[str, frozenset[str]] = {}
        self._resolved: dict[str, str | None] = {}

    def check_all(self) -> list[BrokenLink]:
        broken: list[BrokenLink] = []
        for path in html_files(self.site):
            broken.extend(self.check_page(path))
        return broken

    def check_page(self, path: Path) -> list[BrokenLink]:
        page = url_of(self.site, path)
        doc = LexborHTMLParser(path.read_bytes())
        own_ids = frozenset(n.attributes["id"] for n in doc.css("[id]"))
        self._ids[path.relative_to(self.site).as_posix()] = own_ids
        broken = []
        for node in doc.css("[href], [src], [action], [srcset]"):
            for attribute, value in node.attributes.items():
                if value is None:
                    continue
                if attribute == "srcset":
                    links = [part.split()[0] for part in value.split(",") if part.strip()]
                elif attribute in LINK_ATTRIBUTES:
                    links = [value]
                else:
                    continue
                for link in links:
                    reason = self.problem(page, link, own_ids)
                    if reason:
                        broken.append(BrokenLink(page, f"<{node.tag} {attribute}>", link, reason))
        return broken

    def problem(self, page: str, link: str, own_ids: frozenset[str]) -> str | None:
        link = link.strip()
        if not link or EXTERNAL.match(link):
            return None
        if link.startswith("#"):
            fragment = unquote(link[1:])
            return None if not fragment or fragment in own_ids else f"no element with id {fragment!r} on this page"
        absolute = link if link.startswith("/") else urljoin(page, link)
        if absolute not in self._resolved:
            self._resolved[absolute] = self._resolve(absolute)
        return self._resolved[absolute]

    def _resolve(self, url: str) -> str | None:
        parts = urlsplit(url)
        path = unquote(parts.path)
        relative = posixpath.normpath(path.lstrip("/")) if path.strip("/") else ""
        if relative.startswith("..") or relative.startswith("/"):
            return "points outside the site"
        if relative == ".":
            relative = ""
        if path.endswith("/"):
            target = f"{relative}/index.html" if relative else "index.html"
        elif relative in self.folders:
            return f"names the folder {parts.path}; link to {parts.path}/"
        else:
            target = relative
        if target not in self.files:
            return "no such file in the built site"
        fragment = unquote(parts.fragment)
        if fragment and fragment not in self.ids_in(target):
            return f"no element with id {fragment!r} in {target}"
        return None

    def ids_in(self, target: str) -> frozenset[str]:
        if target not in self._ids:
            data = (self.site / target).read_bytes()
            if target.endswith(".html"):
                ids = frozenset(n.attributes["id"] for n in LexborHTMLParser(data).css("[id]"))
            elif target.endswith(".svg"):
                ids = frozenset(m.decode("utf-8") for m in SVG_IDS.findall(data))
            else:
                ids = frozenset()
            self._ids[target] = ids
        return self._ids[target]


def report(broken: list[BrokenLink], limit: int = 40) -> str:
    """A readable summary: the most common broken targets, then examples."""
    by_link: dict[str, list[BrokenLink]] = {}
    for b in broken:
        by_link.setdefault(f"{b.link} ({b.reason})", []).append(b)
    lines = [f"{len(broken)} broken internal link(s) to {len(by_link)} target(s):"]
    for key, items in sorted(by_link.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:limit]:
        lines.append(f"  {key}: {len(items)}x, e.g. on {items[0].page}")
    return "\n".join(lines)


@lru_cache(maxsize=None)
def world_svg_ids() -> frozenset[str]:
    return frozenset(m.decode() for m in SVG_IDS.findall((REPO / "static" / "world.svg").read_bytes()))
