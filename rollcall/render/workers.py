"""Pages rendered by forked worker processes, each writing its share into the staging folder.

A worker's memory grows with what it renders: the parent's pages it copies on write as it reads
the index (each reference count it changes copies a 4 KiB page) and its memoised fragments. At
ten times today's data, a worker that rendered half of the site held ~500 MB of its own. So a
worker ends once it has added WORKER_BUDGET (children.budgeted_pool) and a fresh one, forked
from the parent, goes on where it stopped: at today's size no worker reaches the budget.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from jinja2 import Environment

from .. import urls
from ..children import MemoryBudget, budgeted_pool
from ..output import StagingWriter
from ..pages.base import Page
from .page import render_page

CHUNKS_PER_WORKER = 12   # small enough to even out the workers' finish, large enough to share memos
WORKER_BUDGET = 128 * 2**20   # bytes a worker may add of its own before a fresh one replaces it


@dataclass(frozen=True)
class RenderJob:
    """Everything a render worker needs; workers are forked, so nothing is pickled."""

    env: Environment       # its templates compiled before the fork (environment.compile_all)
    pages: tuple[Page, ...]
    version: str
    staging: Path
    workers: int
    after_write: Callable[[Page, str], None] | None = None   # (page, file written): the build cache


@dataclass(frozen=True)
class Rendered:
    files: int
    bytes: int
    kinds: Counter   # pages written per template (vote, country, ...)


def default_workers() -> int:
    return max(1, int(os.environ.get("ROLLCALL_WORKERS", os.cpu_count() or 1)))


_JOB: RenderJob | None = None  # set just before forking; read by the worker processes


def render_all(job: RenderJob) -> Rendered:
    """Render and write every page of `job`, in `job.workers` forked processes.

    The pages are cut into contiguous chunks that the workers take as they become free, so
    they finish together. Contiguous matters: neighbouring pages (votes of the same days,
    record pages of the same body and decade) share memoised fragments, which a worker then
    renders once instead of both workers rendering them all.
    """
    global _JOB
    if not job.pages:
        return Rendered(0, 0, Counter())
    if job.workers == 1:
        return _render_chunk(job, (0, len(job.pages)), MemoryBudget(None))[0]
    _JOB = job
    try:
        results = budgeted_pool("rollcall-render", _render_chunk_of_job, _chunks(len(job.pages), job.workers),
                                job.workers, WORKER_BUDGET)
    finally:
        _JOB = None
    kinds: Counter = Counter()
    for result in results:
        kinds.update(result.kinds)
    return Rendered(sum(r.files for r in results), sum(r.bytes for r in results), kinds)


def _chunks(count: int, workers: int) -> list[tuple[int, int]]:
    """(start, stop) ranges that split `count` pages into about CHUNKS_PER_WORKER per worker."""
    size = max(1, -(-count // (workers * CHUNKS_PER_WORKER)))
    return [(start, min(start + size, count)) for start in range(0, count, size)]


def _render_chunk_of_job(chunk: tuple[int, int], budget: MemoryBudget) -> tuple[Rendered, tuple[int, int] | None]:
    """In a pool worker, which serves one job (its memoised fragments live as long as it)."""
    assert _JOB is not None
    return _render_chunk(_JOB, chunk, budget)


def _render_chunk(job: RenderJob, chunk: tuple[int, int], budget: MemoryBudget
                  ) -> tuple[Rendered, tuple[int, int] | None]:
    """The pages of `chunk` written, and the (start, stop) of those left when `budget` ran out."""
    writer = StagingWriter(job.staging)
    kinds: Counter = Counter()
    start, stop = chunk
    for at in range(start, stop):
        page = job.pages[at]
        written = writer.write(urls.file_for(page.url), render_page(job.env, page, job.version))
        if job.after_write is not None:
            job.after_write(page, written)
        kinds[page.template.removesuffix(".html")] += 1
        if at + 1 < stop and budget.spent():
            return Rendered(writer.files, writer.bytes, kinds), (at + 1, stop)
    return Rendered(writer.files, writer.bytes, kinds), None
