"""The search index in shards (rollcall/search.py): the split, its bytes, the browser's merge,
and the scratch folders a killed build leaves behind."""

from __future__ import annotations

import gzip
import json
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rollcall import search, urls
from rollcall.dataset import load_dataset
from rollcall.index import build_index
from rollcall.pages.content import load_checked_content
from site_support import file_hashes

SHARD = 40   # documents per shard in these tests: the fixture's ~300 make several shards


@pytest.fixture(scope="module")
def inputs(site_project):
    urls.set_base_path("")
    dataset, problems = load_dataset(site_project.datasets)
    assert dataset is not None, problems.errors[:3]
    content = tuple(load_checked_content(site_project.root / "content", dataset, problems))
    return build_index(dataset), content


@pytest.fixture(scope="module")
def sharded(inputs, tmp_path_factory) -> Path:
    """The fixture's search bundle written in shards of SHARD documents."""
    site = tmp_path_factory.mktemp("sharded")
    search.write_bundle(*inputs, site, shard_size=SHARD)
    return site


def indexed_urls(bundle: Path) -> list[str]:
    """The URLs of the pages one Pagefind bundle holds (its fragments)."""
    def url(path: Path) -> str:   # a fragment is gzip of Pagefind's signature and a JSON object
        return json.loads(gzip.decompress(path.read_bytes())[len(search.DCD):])["url"]
    return sorted(url(path) for path in (bundle / "fragment").iterdir())


def test_the_shards_hold_the_documents_in_their_order(inputs):
    documents = list(search.documents(*inputs))
    split = list(search.shards(iter(documents), SHARD))
    assert [d for shard in split for d in shard] == documents
    assert all(len(shard) == SHARD for shard in split[:-1]) and 0 < len(split[-1]) <= SHARD
    assert list(search.shards(documents, len(documents))) == [documents]   # a small site: one shard


def test_each_shard_indexes_its_documents_once(inputs, sharded):
    documents = list(search.documents(*inputs))
    split = list(search.shards(documents, SHARD))
    merged = json.loads((sharded / urls.file_for(urls.search_shards())).read_text())["merge"]
    assert merged == [urls.search_shard(n) for n in range(2, len(split) + 1)]
    for number, shard in enumerate(split, start=1):
        bundle = sharded / urls.path_for(urls.search_shard(number)).parent
        assert indexed_urls(bundle) == sorted(d.url for d in shard), number
    # a merged shard keeps only what mergeIndex reads; the primary keeps Pagefind's script
    assert sorted(p.name for p in (sharded / "pagefind/shards/2").iterdir() if p.is_file())[0] == "pagefind-entry.json"
    assert not list((sharded / "pagefind/shards/2").glob("*.js"))
    assert (sharded / "pagefind" / "pagefind.js").is_file()


def test_a_sharded_bundle_is_byte_identical_between_runs(inputs, sharded, tmp_path):
    search.write_bundle(*inputs, tmp_path, shard_size=SHARD)
    assert file_hashes(tmp_path) == file_hashes(sharded)


def test_the_shard_size_comes_from_the_environment(monkeypatch):
    monkeypatch.delenv(search.SHARD_SIZE_VARIABLE, raising=False)
    assert search.shard_size_setting() == search.SHARD_SIZE
    monkeypatch.setenv(search.SHARD_SIZE_VARIABLE, "25")
    assert search.shard_size_setting() == 25
    monkeypatch.setenv(search.SHARD_SIZE_VARIABLE, "0")
    with pytest.raises(search.SearchIndexError, match="whole number above 0"):
        search.shard_size_setting()


def gone_pid() -> int:
    """The id of a process that has ended."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_stale_scratch_folders_are_removed_and_live_ones_kept(tmp_path):
    dead = tmp_path / f"{search.SCRATCH_PREFIX}{gone_pid()}-abc"
    mine = tmp_path / f"{search.SCRATCH_PREFIX}{os.getpid()}-def"
    unknown = tmp_path / f"{search.SCRATCH_PREFIX}x1y2z3"   # no owner in its name: left alone
    for folder in (dead, mine, unknown):
        (folder / "pages").mkdir(parents=True)
    assert search.remove_stale_scratch(tmp_path) == [dead]
    assert not dead.exists() and mine.exists() and unknown.exists()


def test_a_killed_search_run_leaves_folders_the_next_run_removes(inputs, tmp_path, monkeypatch):
    scratch, site = tmp_path / "shm", tmp_path / "site"
    scratch.mkdir()
    monkeypatch.setattr(search, "SCRATCH", scratch)
    child = multiprocessing.get_context("fork").Process(
        target=search.write_bundle, args=(*inputs, site), kwargs={"shard_size": 1})
    child.start()
    half_written = site / f".pagefind.new-{child.pid}"
    deadline = time.monotonic() + 60
    while not (half_written / "pagefind-entry.json").exists() and time.monotonic() < deadline:
        time.sleep(0.05)   # until its first shard is written: it is then well under way
    os.kill(child.pid, signal.SIGKILL)
    child.join()
    assert len(list(scratch.glob(f"{search.SCRATCH_PREFIX}{child.pid}-*"))) == 1, "the killed run's documents"
    assert half_written.is_dir(), "the killed run's half-written bundle"
    search.write_bundle(*inputs, site, shard_size=10_000)
    assert list(scratch.iterdir()) == [], "the next run removes the stale folder (and its own)"
    assert sorted(p.name for p in site.iterdir()) == ["pagefind"]
    assert (site / "pagefind" / "pagefind.js").is_file()


@pytest.fixture(scope="module")
def sharded_site(site, inputs, tmp_path_factory) -> Path:
    """A copy of the fixture site whose search index is in shards of SHARD documents."""
    copy = tmp_path_factory.mktemp("sharded-site") / "site"
    shutil.copytree(site, copy)
    search.write_bundle(*inputs, copy, shard_size=SHARD)
    return copy


@pytest.fixture(scope="module")
def sharded_url(sharded_site):
    from test_browser import screenshots
    with screenshots.serve(sharded_site) as base:
        yield base


IRAN = "/countries/irn/"


def shard_of(inputs, url: str) -> int:
    split = search.shards(search.documents(*inputs), SHARD)
    return next(n for n, shard in enumerate(split, start=1) if any(d.url == url for d in shard))


@pytest.mark.browser
def test_the_search_box_finds_a_page_of_a_merged_shard(browser, sharded_url, inputs):
    from test_browser import open_page, search_results
    assert shard_of(inputs, IRAN) > 2, "the test needs a result far from the first shard"
    page = open_page(browser, sharded_url + "/")
    assert IRAN in search_results(page, "Iran")
    assert not page.problems, page.problems


@pytest.mark.browser
def test_filters_span_the_shards(browser, sharded_url, inputs):
    from test_browser import open_page
    index, _ = inputs
    assert shard_of(inputs, urls.vote(index.votes[-1].id)) > 1, "the votes should fill more than one shard"
    page = open_page(browser, sharded_url + "/search/?q=Iran")
    page.wait_for_selector("#search-results li a", timeout=5000)
    page.wait_for_selector(".search-filters select[name=year]")
    years = page.eval_on_selector_all(".search-filters select[name=year] option", "o => o.map(x => x.value)")
    assert sorted(y for y in years if y) == sorted({str(v.date.year) for v in index.votes})
    kinds = page.eval_on_selector_all(".search-filters select[name=kind] option", "o => o.map(x => x.value)")
    assert {"Country", "Resolution"} <= set(kinds)   # countries are only in later shards, votes in the first
    page.select_option(".search-filters select[name=kind]", "Country")
    page.wait_for_function("() => [...document.querySelectorAll('#search-results li a')].every("
                           "a => a.getAttribute('href').startsWith('/countries/'))", timeout=5000)
    found = page.eval_on_selector_all("#search-results li a", "links => links.map(a => a.getAttribute('href'))")
    assert IRAN in found
    page.select_option(".search-filters select[name=kind]", "Resolution")
    page.wait_for_function("() => [...document.querySelectorAll('#search-results li a')].every("
                           "a => a.getAttribute('href').startsWith('/votes/'))", timeout=5000)
    assert "Resolution" in page.inner_text("#search-results")
    assert not page.problems, page.problems


def running_with(argument: str) -> list[int]:
    """The processes whose command line holds `argument`."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if argument.encode() in (entry / "cmdline").read_bytes().split(b"\0"):
                found.append(int(entry.name))
        except (OSError, ValueError):
            continue
    return found


def test_pagefind_dies_with_the_run_that_started_it(inputs, tmp_path, monkeypatch):
    """A killed build's Pagefind must not index on (2.4 GB at 10x) into a folder nobody reads."""
    import pagefind_bin_extended
    slow = tmp_path / "pagefind"
    slow.write_text(f"#!{sys.executable}\nimport time\ntime.sleep(120)\n")   # a Pagefind that takes long
    slow.chmod(0o755)
    monkeypatch.setattr(pagefind_bin_extended, "get_executable", lambda: slow)
    site = tmp_path / "site"
    child = multiprocessing.get_context("fork").Process(target=search.write_bundle, args=(*inputs, site))
    child.start()
    output = str(site / f".pagefind.new-{child.pid}")
    deadline = time.monotonic() + 60
    while not running_with(output) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert running_with(output), "the run should have started Pagefind"
    os.kill(child.pid, signal.SIGKILL)
    child.join()
    deadline = time.monotonic() + 10
    while running_with(output) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not running_with(output)
