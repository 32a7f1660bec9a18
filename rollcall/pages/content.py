"""Markdown pages from content/: front matter (YAML) plus CommonMark with raw HTML off."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt

from .. import urls
from ..problems import Problems
from ..checks_content import check_content, report_lost_nesting
from ..safeyaml import YamlFailure, load_yaml

class SiteMarkdown(MarkdownIt):
    """CommonMark whose root-relative links ([methodology](/methodology/)) follow the site's base
    path; the safety checks (validateLink refuses javascript: and the like) are markdown-it's."""

    def normalizeLink(self, url: str) -> str:  # noqa: N802 - markdown-it's name
        return super().normalizeLink(urls.within_site(url))


MARKDOWN = SiteMarkdown("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
# The same parser with room to nest: where the two disagree, MARKDOWN dropped deep nesting.
DEEP_MARKDOWN = SiteMarkdown("commonmark", {"html": False, "linkify": False, "typographer": False,
                                            "maxNesting": 200}).enable("table")


@dataclass(frozen=True)
class ContentPage:
    slug: str
    title: str
    html: str
    source: str


def load_content(folder: Path, problems: Problems) -> list[ContentPage]:
    """Every content/*.md page (and content/bodies/*.md), sorted by path."""
    pages = []
    for path in sorted(folder.rglob("*.md")):
        relative = path.relative_to(folder.parent).as_posix()
        page = _read_page(path, relative, folder, problems)
        if page is not None:
            pages.append(page)
    return pages


def load_checked_content(folder: Path, dataset, problems: Problems) -> list[ContentPage]:
    """`load_content`, plus the checks that need the dataset: URL collisions, unknown bodies."""
    pages = load_content(folder, problems)
    bodies = dataset.table("bodies").column("id").to_pylist() if dataset is not None else None
    check_content(pages, bodies, problems)
    return pages


def render_markdown(text: str) -> str:
    return MARKDOWN.render(text)


def _read_page(path: Path, relative: str, folder: Path, problems: Problems) -> ContentPage | None:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        problems.add(relative, 1, "-", "encoding", "not valid UTF-8; save the page as UTF-8")
        return None
    meta, body, offset = _front_matter(text)
    if isinstance(meta, YamlFailure):
        problems.add(relative, meta.line + offset, "front matter", meta.code, meta.message)
        return None
    if not isinstance(meta, dict) or not isinstance(meta.get("title"), str):
        problems.add(relative, 1, "front matter", "descriptor",
                     "a content page starts with '---', a line 'title: …' and '---'")
        return None
    slug = path.relative_to(folder).with_suffix("").as_posix()
    if not all(urls.SAFE_SEGMENT.fullmatch(part) for part in slug.split("/")):
        problems.add(relative, 1, "-", "content-name",
                     "the file name becomes the page's URL: use letters, digits, '-', '_' and '.' only "
                     "(for example data-sources.md)")
        return None
    html = render_markdown(body)
    if html != DEEP_MARKDOWN.render(body):
        report_lost_nesting(DEEP_MARKDOWN.parse(body), MARKDOWN.options.maxNesting,
                            len(text) - len(body), text, relative, problems)
    return ContentPage(slug=slug, title=meta["title"], html=html, source=relative)


def _front_matter(text: str):
    if not text.startswith("---\n"):
        return None, text, 0
    end = text.find("\n---\n", 4)
    if end == -1:
        return None, text, 0
    return load_yaml(text[4:end]), text[end + 5:], 1
