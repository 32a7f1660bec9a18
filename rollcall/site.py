"""Gather step 3: render every page from the index and write the site.

The order: pages are listed by the page builders (they only read the index), rendered
with Jinja, and written into a staging folder that replaces site/ only at the end.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import multiprocessing
import os
import signal
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment

from . import urls
from .dataset import Dataset
from .index import Index
from .output import OutputFolder, StagingWriter
from .render import make_environment
from .pages.base import Page
from .packages.releases import Releases


class PageError(Exception):
    """A page failed to render; names the template and the page so the fix is findable."""

    @classmethod
    def of(cls, page: Page, cause: Exception) -> "PageError":
        line = getattr(cause, "lineno", None) or 1
        return cls(f"templates/{page.template}:{line}: -: {type(cause).__name__}: {cause} "
                   f"(while rendering {page.url}) [template]")


def render_page(env: Environment, page: Page, version: str) -> bytes:
    try:
        template = env.get_template(page.template)
        html = template.render(**page.resolve(), page_title=page.title, version=version)
    except Exception as exc:  # noqa: BLE001 - any template failure is reported, never half-written
        raise PageError.of(page, exc) from exc
    return html.encode("utf-8")


@dataclass(frozen=True)
class RenderJob:
    """Everything a render worker needs; workers are forked, so nothing is pickled."""

    env: Environment       # made by build_environment: its templates are compiled before the fork
    index: Index
    pages: tuple[Page, ...]
    version: str
    staging: Path
    workers: int


def build_environment(templates: Path, index: Index) -> Environment:
    """The Jinja environment of a build, every template compiled now: once in the build
    process rather than once in each forked worker (~0.1 s each), and ready for the data
    pages, which are rendered after the workers are done."""
    env = make_environment(templates, index, auto_reload=False)
    for name in env.list_templates(extensions=["html"]):
        env.get_template(name)
    return env


_JOB: RenderJob | None = None  # set just before forking; read by the worker processes


def render_workers() -> int:
    return max(1, int(os.environ.get("ROLLCALL_WORKERS", os.cpu_count() or 1)))


CHUNKS_PER_WORKER = 12   # small enough to even out the workers' finish, large enough to share memos


def write_pages(job: RenderJob, out: OutputFolder) -> Counter:
    """Render and write every page, in `job.workers` forked processes.

    The pages are cut into contiguous chunks that the workers take as they become free, so
    they finish together. Contiguous matters: neighbouring pages (votes of the same days,
    record pages of the same body and decade) share memoised fragments, which a worker then
    renders once instead of both workers rendering them all.
    """
    global _JOB
    if job.workers == 1:
        results = [_render_chunk(job, (0, len(job.pages)))]
    else:
        _JOB = job
        _PARENT[0] = os.getpid()
        try:
            with frozen_heap():
                pool = multiprocessing.get_context("fork").Pool(job.workers, initializer=_die_with_parent)
            with pool:
                results = list(pool.imap_unordered(_render_chunk_of_job, _chunks(len(job.pages), job.workers)))
        finally:
            _JOB = None
    files, size, kinds = sum(r[0] for r in results), sum(r[1] for r in results), Counter()
    for result in results:
        kinds.update(result[2])
    out.count_written_elsewhere(files, size)
    return kinds


def _chunks(count: int, workers: int) -> list[tuple[int, int]]:
    """(start, stop) ranges that split `count` pages into about CHUNKS_PER_WORKER per worker."""
    size = max(1, -(-count // (workers * CHUNKS_PER_WORKER)))
    return [(start, min(start + size, count)) for start in range(0, count, size)]


@contextmanager
def frozen_heap():
    """Fork inside this: the objects that exist now are hidden from the garbage collector
    (gc.freeze) until the fork is done, so a forked process's collections do not write to
    (and so copy) every shared page that holds the index. ~5% fewer page faults."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


PR_SET_PDEATHSIG = 1
_PARENT = [os.getpid()]  # the build process, as the forked workers see it


def _die_with_parent() -> None:
    """Pool initializer: a render worker is killed when the build process dies (Linux).

    Without this, workers of a build killed half way (SIGKILL, OOM) go on rendering their
    whole share into a staging folder nobody will publish, racing the next build's cleanup.
    """
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return  # not Linux: a worker of a killed build finishes its share, then exits
    if os.getppid() != _PARENT[0]:  # the build died before prctl took effect
        os._exit(1)


def _render_chunk_of_job(chunk: tuple[int, int]) -> tuple[int, int, Counter]:
    """In a pool worker, which serves one job (its memoised fragments live as long as it)."""
    assert _JOB is not None
    return _render_chunk(_JOB, chunk)


def _render_chunk(job: RenderJob, chunk: tuple[int, int]) -> tuple[int, int, Counter]:
    writer = StagingWriter(job.staging)
    kinds: Counter = Counter()
    for page in job.pages[chunk[0]:chunk[1]]:
        writer.write(urls.file_for(page.url), render_page(job.env, page, job.version))
        kinds[page.template.removesuffix(".html")] += 1
    return writer.files, writer.bytes, kinds


class DataJob:
    """The data downloads (rollcall.packages.publish), written by a forked process while the
    index is built and the pages render: they read only the dataset and write their own
    paths under /data/. Started as soon as the dataset is valid."""

    def __init__(self, dataset: Dataset, releases: Releases | None, out: OutputFolder) -> None:
        releases = releases or Releases(dataset.package.root.parent / "releases", ())
        self.out = out
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        _PARENT[0] = os.getpid()
        self._process = context.Process(target=_publish_child, args=(dataset, releases, out, send),
                                        name="rollcall-data")
        with frozen_heap():
            self._process.start()
        send.close()

    def finish(self):
        """Wait for the downloads; what they published (files, sizes, checksums)."""
        try:
            status, result = self._receive.recv()
        except EOFError:
            status, result = "error", "the data process ended without a result"
        self._process.join()
        if status != "ok":
            raise RuntimeError(f"publishing the data downloads failed: {result}")
        self.out.count_written_elsewhere(result.files, result.bytes)
        return result

    def stop(self) -> None:
        if self._process.is_alive():
            self._process.terminate()
            self._process.join()


def _publish_child(dataset: Dataset, releases: Releases, out: OutputFolder, send) -> None:
    _die_with_parent()
    from .packages.publish import publish_data
    try:
        send.send(("ok", publish_data(dataset, releases, out)))
    except Exception as exc:  # noqa: BLE001 - reported by the parent, which fails the build
        send.send(("error", f"{type(exc).__name__}: {exc}"))

