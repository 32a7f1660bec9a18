"""Content pages (content/*.md): each has a URL of its own, a body page names a known body,
and no Markdown is nested deeper than the parser renders (it would drop the rest silently)."""

from __future__ import annotations

from typing import Iterable, Protocol

from . import urls
from .problems import Problems


class _Page(Protocol):
    slug: str
    source: str


def check_content(pages: Iterable[_Page], body_ids: Iterable[str] | None, problems: Problems) -> None:
    """URL collisions with generated pages, and content/bodies/ pages of no known body."""
    bodies = set(body_ids) if body_ids is not None else None
    for page in pages:
        parts = page.slug.split("/")
        if parts[0] == "bodies":
            if len(parts) != 2 or (bodies is not None and parts[1] not in bodies):
                known = ", ".join(sorted(bodies or ())) or "see datasets/bodies.csv"
                problems.add(page.source, 1, "-", "content-unknown-body",
                             f"content/bodies/ holds one page per body, named by its id ({known}); "
                             "rename the file, or add the body to datasets/bodies.csv first")
        elif parts[0].lower() in urls.GENERATED_ROOTS:
            problems.add(page.source, 1, "-", "content-collision",
                         f"this page would be /{page.slug}/, which the site generates itself; "
                         "rename the file (for example about-votes.md)")


def report_lost_nesting(tokens, limit: int, offset_chars: int, text: str, relative: str,
                        problems: Problems) -> None:
    """Report the first block nested deeper than `limit` levels (from a parse without the limit)."""
    deep = next((t for t in tokens if t.level >= limit - 1 and t.map), None)
    body_line = text[:offset_chars].count("\n")
    line = body_line + (deep.map[0] + 1 if deep else 1)
    problems.add(relative, line, "-", "markdown-nesting",
                 f"Markdown nested more than the renderer allows ({limit} levels of lists, quotes and "
                 "blocks); the deeper part would be left out of the page: flatten it")
