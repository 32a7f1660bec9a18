"""Rendering: the Jinja environment, the memoised fragments, one page, and the worker pool,
behind one call: `Renderer(templates, index, staging).write(pages)`.

    environment.py  the Jinja environment (filters, shared macros, page chrome)
    fragments.py    table rows, list items and map shapes rendered once per build
    page.py         one page: context, template, and errors that name where they happened
    workers.py      the forked render workers
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

from ..index import Index
from ..pages.base import Page
from .environment import install_fragments, make_environment
from .page import PageError, describe_template_error, render_page
from .workers import Rendered, RenderJob, default_workers, render_all

__all__ = ["PageError", "Rendered", "Renderer", "describe_template_error", "install_fragments",
           "make_environment", "render_page"]


class Renderer:
    """Renders pages of one index into a staging folder."""

    def __init__(self, templates: Path, index: Index, staging: Path, workers: int | None = None) -> None:
        # Every template compiled now, once, rather than once in each forked worker (~0.1 s each).
        self.env = make_environment(templates, index, auto_reload=False)
        for name in self.env.list_templates(extensions=["html"]):
            self.env.get_template(name)
        self.version = index.version
        self.staging = staging
        self.workers = workers or default_workers()

    def write(self, pages: Iterable[Page], workers: int | None = None,
              after_write: Callable[[Page, str], None] | None = None) -> Rendered:
        """Render and write `pages`; PageError names the builder's or the template's line.
        `after_write(page, path)` is called (in the worker) after each page is written."""
        job = RenderJob(self.env, tuple(pages), self.version, self.staging, workers or self.workers, after_write)
        return render_all(job)
