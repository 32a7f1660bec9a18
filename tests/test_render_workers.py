"""Budgeted worker pools (children.budgeted_pool): a worker that has added its memory budget
of its own ends, a fresh one goes on where it stopped, and the output is the same."""

from __future__ import annotations

import dataclasses
import os
from collections import Counter
from pathlib import Path

import pytest

from rollcall import children
from rollcall.children import ChildFailed, MemoryBudget, budgeted_pool, own_memory
from rollcall.render import PageError, Renderer
from rollcall.render import workers as render_workers
from site_support import file_hashes, make_fixture_project

pytestmark = pytest.mark.skipif(not children.can_fork() or own_memory() is None,
                                reason="needs fork and /proc/self/smaps_rollup (Linux)")

ALWAYS_SPENT = -1   # a budget every reading exceeds: each worker retires after one step


def _count(span: tuple[int, int], budget: MemoryBudget):
    """Numbers of `span`, one at a time, stopping when the budget is spent."""
    start, stop = span
    done = []
    for number in range(start, stop):
        done.append((number, os.getpid()))
        if number + 1 < stop and budget.spent():
            return done, (number + 1, stop)
    return done, None


def test_every_item_is_done_once_by_workers_that_retire():
    results = budgeted_pool("test", _count, [(0, 5), (5, 9), (9, 10)], 2, ALWAYS_SPENT)
    done = sorted(pair for result in results for pair in result)
    assert [number for number, _ in done] == list(range(10))
    assert len({pid for _, pid in done}) == 10   # one number per worker life
    assert os.getpid() not in {pid for _, pid in done}


def test_workers_within_budget_serve_many_items():
    results = budgeted_pool("test", _count, [(n, n + 1) for n in range(8)], 2, 2**40)
    pids = {pid for result in results for _, pid in result}
    assert sorted(number for result in results for number, _ in result) == list(range(8))
    assert len(pids) <= 2


def test_memory_budget_reads_only_near_its_limit(monkeypatch):
    readings = []
    monkeypatch.setattr(children, "own_memory", lambda: readings.append(1) or 10 * 2**20)
    roomy = MemoryBudget(2**40)
    assert not any(roomy.spent() for _ in range(1000))
    assert readings == []   # the page-fault count alone shows the limit is far
    tight = MemoryBudget(2**20)
    touched = bytearray(8 * 2**20)   # faults in 8 MB: past what the limit allows without reading
    assert tight.spent() and readings == [1] and touched   # read: 10 MB > 1 MB
    assert MemoryBudget(None).spent() is False


def _fails(item, budget):
    raise PageError(f"templates/x.html:{item}: -: boom [template]", "the worker's traceback")


def test_a_task_error_is_raised_in_the_parent_with_its_details():
    with pytest.raises(PageError) as raised:
        budgeted_pool("test", _fails, [3], 2, None)
    assert str(raised.value) == "templates/x.html:3: -: boom [template]"
    assert raised.value.details == "the worker's traceback"


def _dies(item, budget):
    os._exit(3)


def test_a_worker_that_dies_is_a_child_failure():
    with pytest.raises(ChildFailed, match="exit code 3"):
        budgeted_pool("test", _dies, [1, 2], 2, None)


@pytest.fixture(scope="module")
def pages_and_index(tmp_path_factory):
    from rollcall.dataset import load_dataset
    from rollcall.index import build_index
    from rollcall.pages.catalogue import SiteInputs, all_pages
    project = make_fixture_project(tmp_path_factory.mktemp("workers"))
    dataset, problems = load_dataset(project.datasets)
    assert dataset is not None and not problems.errors
    index = build_index(dataset)
    pages = tuple(all_pages(SiteInputs(dataset, index, (), project.static, None)))
    # A few pages of every kind: each page below costs a fork when every worker retires.
    kinds: Counter = Counter()
    sample = []
    for page in pages:
        kinds[page.template] += 1
        if kinds[page.template] <= 6:
            sample.append(page)
    return project, index, tuple(sample)


def _render(project, index, pages, staging: Path, workers: int):
    staging.mkdir()
    return Renderer(project.templates, index, staging, workers).write(pages)


def test_pages_rendered_by_retiring_workers_are_the_same(pages_and_index, tmp_path, monkeypatch):
    project, index, pages = pages_and_index
    alone = _render(project, index, pages, tmp_path / "alone", 1)
    monkeypatch.setattr(render_workers, "WORKER_BUDGET", ALWAYS_SPENT)
    monkeypatch.setattr(render_workers, "CHUNKS_PER_WORKER", 2)   # chunks of many pages, cut by the budget
    started = []
    start_worker = children._start_worker
    monkeypatch.setattr(children, "_start_worker", lambda *args: started.append(1) or start_worker(*args))
    retiring = _render(project, index, pages, tmp_path / "retiring", 2)
    assert len(started) == len(pages)   # one page per worker
    assert (retiring.files, retiring.bytes, retiring.kinds) == (alone.files, alone.bytes, alone.kinds)
    assert alone.files == len(pages) > 20
    assert file_hashes(tmp_path / "retiring") == file_hashes(tmp_path / "alone")


def test_cards_made_by_retiring_workers_are_the_same(pages_and_index, tmp_path, monkeypatch):
    from rollcall.cards import write as cards
    project, index, _ = pages_and_index
    index = dataclasses.replace(index, votes=index.votes[:40])   # fewer cards: one fork each below
    alone = cards.write_cards(project, index, tmp_path / "alone")
    for cached in sorted((project.root / cards.CACHE).glob("*.png"))[:5]:
        cached.unlink()   # drawn again, by a worker
    monkeypatch.setattr(cards, "CARD_BUDGET", ALWAYS_SPENT)
    monkeypatch.setattr(cards, "POOL_FROM", 2)
    monkeypatch.setattr(cards, "POOL_CHUNK", 7)
    retiring = cards.write_cards(project, index, tmp_path / "retiring", workers=2)
    assert (retiring.files, retiring.bytes, retiring.drawn) == (alone.files, alone.bytes, 5)
    assert file_hashes(tmp_path / "retiring") == file_hashes(tmp_path / "alone")
    assert len(list((project.root / cards.CACHE).glob("*.png"))) == alone.files
