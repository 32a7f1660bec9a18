"""`python build.py` / `build`: validate, index, render, then swap the result into site/."""

from __future__ import annotations

import sys
import time
from typing import Callable, TextIO

from jinja2 import TemplateError, TemplateSyntaxError

from ..dataset import load_dataset
from ..index import build_index
from ..output import OutputFolder, clean_stale_staging
from ..pages.content import load_content
from ..paths import Project
from ..packages.releases import load_releases
from ..pages.data import data_pages
from ..pages.catalogue import SiteInputs, all_pages, write_static
from ..site import DataJob, PageError, RenderJob, build_environment, render_workers, write_pages
from .validate import print_problems


def run(project: Project, out: TextIO = sys.stdout, before_fork: Callable[[], object] = lambda: None) -> int:
    """Build site/; `before_fork` is called before the first worker process starts (threads
    must not run across a fork)."""
    started = time.perf_counter()
    dataset, problems = load_dataset(project.datasets)
    content = load_content(project.content, problems)
    releases = load_releases(project.releases, problems)
    if problems.errors or dataset is None:
        print_problems(problems, out)
        print(f"build stopped: {len(problems.errors)} error(s); site/ was left unchanged", file=out)
        return 1
    clean_stale_staging(project.site)
    before_fork()
    folder = OutputFolder(project.site)
    try:
        data = DataJob(dataset, releases, folder)  # the downloads are written meanwhile
        try:
            index = build_index(dataset)
            gathered = time.perf_counter()
            inputs = SiteInputs(dataset, index, tuple(content), project.static, releases)
            env = build_environment(project.templates, index)
            job = RenderJob(env, index, tuple(all_pages(inputs)), index.version, folder.staging, render_workers())
            kinds = write_pages(job, folder)
            write_static(inputs, folder)
            published = data.finish()
            data_job = RenderJob(env, index, tuple(data_pages(index, dataset, published)), index.version,
                                 folder.staging, 1)
            kinds.update(write_pages(data_job, folder))   # they show the downloads' checksums
            kinds["data file"] += published.files
        finally:
            data.stop()   # after a failure: the data process must not write into a discarded folder
        folder.publish()
    except (TemplateError, PageError) as exc:
        folder.discard()
        print(_template_problem(exc) if isinstance(exc, TemplateError) else str(exc), file=out)
        print("build stopped: template error; site/ was left unchanged", file=out)
        return 1
    except BaseException:
        folder.discard()
        raise
    elapsed = time.perf_counter() - started
    summary = ", ".join(f"{count:,} {kind}" for kind, count in sorted(kinds.items()))
    print(f"wrote {folder.files:,} files ({folder.bytes / 1e6:.1f} MB): {summary}", file=out)
    print(f"built in {elapsed:.1f}s (gather {gathered - started:.1f}s, render and write "
          f"{elapsed - (gathered - started):.1f}s)", file=out)
    return 0


def _template_problem(exc: TemplateError) -> str:
    if isinstance(exc, TemplateSyntaxError):
        return f"templates/{exc.name}:{exc.lineno}: -: {exc.message} [template]"
    return f"templates: {type(exc).__name__}: {exc} [template]"
