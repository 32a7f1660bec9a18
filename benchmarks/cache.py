"""The build cache as CI sees it: a one-vote pull request rebuilt with a warm cache.

    .venv/bin/python benchmarks/run.py --cache [--runs 3] [--json out.json] [--ref HEAD]

In fresh copies of the project (run.snapshot), timed from outside the process (run.measure):

1. cold build, filling the cache: `python build.py` with an empty .cache/ (the share cards
   already drawn, as in run.py's cold builds), which stores every page and release download;
2. CI, one-vote pull request: a new copy with one vote's title edited (run.EDIT_VOTE) and no
   site/, whose .cache/ is the cold build's (hard links, untimed: what actions/cache restores),
   then `python build.py`; the median of --runs, each in a new copy;
3. local rebuild: in the cold build's own folder, the same edit, then `python build.py`
   (site/ exists, so the old site's removal is part of it).

It reports what each build printed about the cache (pages reused and rendered) and the size of
.cache/. It never deletes anything until the end (see run.run_benchmark for why).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import run


def cache_benchmark(work: Path, python: str, ref: str | None, runs: int) -> dict:
    snap = run.snapshot(work / "snapshot", ref)
    first = run.fresh_copy(snap, work / "cold")
    run.log("cache: drawing the share cards once (not timed), then the cold build that fills the cache")
    cards = run.fresh_copy(snap, work / "cards")
    run._check(run.measure([python, "build.py"], cards, sample_memory=False), "card drawing build")
    run.with_card_cache(first, cards)
    cold = run.measure([python, "build.py"], first, sample_memory=False)
    run._check(cold, "cold build")
    ci = []
    for number in range(runs):
        run.log(f"cache: CI run {number + 1}/{runs}: new copy, one title edited, the cache restored")
        copy = run.fresh_copy(snap, work / f"ci-{number + 1}")
        edited = edit_title(copy)
        shutil.copytree(first / ".cache", copy / ".cache", copy_function=os.link)
        ci.append(run.measure([python, "build.py"], copy, sample_memory=False))
        run._check(ci[-1], "CI build with a warm cache")
    run.log("cache: local rebuild after the same edit (site/ exists)")
    edit_title(first)
    local = run.measure([python, "build.py"], first, sample_memory=False)
    run._check(local, "local rebuild with a warm cache")
    return {"vote": edited, "runs": runs,
            "cold_build": _figures([cold]),
            "ci_one_vote_edit": _figures(ci),
            "local_one_vote_edit": _figures([local]),
            "cache_bytes": _size(first / ".cache"),
            "load_average_end": os.getloadavg()}


def edit_title(root: Path) -> str:
    votes = root / "datasets" / "votes.csv"
    vote_id, title = run._editable_vote(votes, run.EDIT_VOTE)
    votes.write_bytes(run._replace_in_row(votes.read_bytes(), vote_id, title, title + " (edited)"))
    return vote_id


def _figures(measured: list) -> dict:
    walls = [m.wall for m in measured]
    last = measured[-1].output.splitlines()
    return {"wall_s": run.median(walls), "wall_min_s": min(walls), "wall_max_s": max(walls),
            "cpu_s": run.median([m.cpu for m in measured]), "system_s": run.median([m.system for m in measured]),
            "says": [line for line in last if line.startswith(("build cache", "wrote", "built"))]}


def _size(folder: Path) -> dict:
    sizes = {}
    for part in sorted(folder.iterdir()):
        total = files = 0
        for dirpath, _, names in os.walk(part):
            for name in names:
                files += 1
                total += os.path.getsize(os.path.join(dirpath, name))
        sizes[part.name] = {"files": files, "bytes": total if part.is_dir() else part.stat().st_size}
    return sizes


def table(result: dict) -> str:
    lines = [f"build cache (one title edited: {result['vote']}; median of {result['runs']} CI runs):"]
    for key, name in (("cold_build", "cold build, filling the cache"),
                      ("ci_one_vote_edit", "CI: one-vote edit, cache restored, no site/"),
                      ("local_one_vote_edit", "local: one-vote edit, site/ present")):
        f = result[key]
        lines.append(f"  {name}: {f['wall_s']:.2f} s wall ({f['wall_min_s']:.2f}-{f['wall_max_s']:.2f}), "
                     f"{f['cpu_s']:.2f} s CPU ({f['system_s']:.2f} system)")
        lines += [f"      {line}" for line in f["says"] if not line.startswith("wrote")]
    sizes = ", ".join(f"{name} {s['bytes'] / 1e6:.0f} MB in {s['files']:,} files"
                      for name, s in result["cache_bytes"].items())
    lines.append(f"  .cache/: {sizes}")
    return "\n".join(lines)
