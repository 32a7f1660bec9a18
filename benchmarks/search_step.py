"""The search step alone (rollcall/search.write_bundle), as the build runs it: in a forked child.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/memtree.py -- \
        .venv/bin/python benchmarks/search_step.py DATASETS [CONTENT]

Loads DATASETS (read only) and the content pages, builds the index, then writes the search
bundle into a temporary folder from a child process (children.Child, like build.py) and prints
the step's wall time and CPU time (the child and its Pagefind runs). memtree.py around it gives
the peak PSS of each process.
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

from rollcall.children import Child
from rollcall.dataset import load_dataset
from rollcall.index import build_index
from rollcall.pages.content import load_checked_content
from rollcall.search import write_bundle


def main(datasets: Path, content_folder: Path) -> None:
    dataset, problems = load_dataset(datasets)
    assert dataset is not None, "the datasets did not load"
    content = tuple(load_checked_content(content_folder, dataset, problems))
    index = build_index(dataset)
    with tempfile.TemporaryDirectory(prefix="search-step-") as site:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        Child("rollcall-search", write_bundle, index, content, Path(site)).result()
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        user, system = after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime
        files = sum(len(names) for _, _, names in os.walk(site))
        print(f"search step: {wall:.1f} s wall, {user + system:.1f} s CPU ({user:.1f} user, {system:.1f} system), "
              f"{len(index.votes):,} votes, {files:,} bundle files", flush=True)


if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent
    main(Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else root / "content")
