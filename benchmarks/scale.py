"""`benchmarks/run.py --scale 1,3,10`: how build time and memory grow with the data.

For each scale, a fresh copy of the project whose datasets/ synthetic.enlarge() grew to that many
times the real votes, then, each a new process (run.measure): the cold build, timed and not
observed; the cold build again in a second copy with its memory sampled (PSS summed over the
process tree, from /proc/PID/smaps_rollup: reading it walks each process's page tables and
slowed the 10x build by ~15%, so the sampled run is not the timed one); validation; the no-change
rebuild; the edit loop as a browser sees it (edit_loop.measure: `build.py serve`, a title edit
and a position edit, fetched over HTTP); and one vote's title changed in votes.csv, rebuilt with
`python build.py` (the time until the rebuilt site/ is in place). Wall and CPU time are both
reported: other work on the machine inflates wall time; CPU time (child rusage) is steadier.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import edit_loop
import run
import synthetic

#: Edits of each kind `serve` is timed on at each scale (the median is reported).
SERVE_EDITS = 5


def scale_benchmark(scales: list[int], work: Path, python: str, ref: str | None, seed: int) -> dict:
    load_start = os.getloadavg()
    measured = run.source(ref)   # now: a commit made during the run is not the one measured
    snap = run.snapshot(work / "snapshot", ref)
    rows = []
    for scale in scales:
        run.log(f"scale {scale}: enlarging a copy of datasets/")
        root = run.fresh_copy(snap, work / f"scale-{scale}")
        counts = synthetic.enlarge(root / "datasets", scale, seed)
        rows.append(_measure_scale(root, scale, python) | {"added": counts})
    return {"date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "machine": run.machine(),
            "source": measured, "seed": seed, "load_average_start": load_start,
            "scales": rows, "load_average_end": os.getloadavg()}


def _measure_scale(root: Path, scale: int, python: str) -> dict:
    sampled_root = root.with_name(root.name + "-memory")
    shutil.copytree(root, sampled_root)   # before any build: the same inputs, no site/, no cache
    run.log(f"scale {scale}: cold build (timed)")
    cold = run.measure([python, "build.py"], root, sample_memory=False)
    run._check(cold, "cold build")
    files, size, html = run.site_size(root / "site")
    run.log(f"scale {scale}: cold build in a second copy (memory sampled)")
    sampled = run.measure([python, "build.py"], sampled_root)
    run._check(sampled, "cold build (memory sampled)")
    run.log(f"scale {scale}: validate, no-change rebuild, serve's edit loop, one-title edit")
    checked = run.measure([python, "build.py", "validate"], root, sample_memory=False)
    run._check(checked, "validate")
    again = run.measure([python, "build.py"], root, sample_memory=False)
    run._check(again, "no-change rebuild")
    os.sync()
    served = edit_loop.measure(root, edit_loop.TITLE_VOTE, edit_loop.first_ga_vote(root), SERVE_EDITS, python)
    _edit_title(root / "datasets" / "votes.csv")
    edit = run.measure([python, "build.py"], root, sample_memory=False)
    run._check(edit, "rebuild after an edit")
    return {"scale": scale, "votes": _rows(root / "datasets" / "votes.csv"),
            "positions": _rows(root / "datasets" / "positions.csv"),
            "cold_build_s": cold.wall, "cold_build_cpu_s": cold.cpu,
            "peak_memory_mb": sampled.peak_pss_tree_mb, "max_rss_single_mb": sampled.max_rss_single_mb,
            "max_processes": sampled.max_processes, "cold_build_sampled_s": sampled.wall,
            "cold_build_sampled_cpu_s": sampled.cpu,
            "validate_s": checked.wall, "validate_cpu_s": checked.cpu,
            "no_change_s": again.wall, "no_change_cpu_s": again.cpu,
            "edit_visible_s": edit.wall, "edit_cpu_s": edit.cpu,
            "serve_title_visible_s": served["title_median_s"], "serve_position_visible_s": served["position_median_s"],
            "serve_failed_requests": served["failed_requests"], "serve": served,
            "pages": html, "files": files, "bytes": size,
            "build_says": [l for l in cold.output.splitlines() if l.startswith(("wrote", "built"))],
            "edit_says": [l for l in edit.output.splitlines() if l.startswith(("wrote", "built"))]}


def _edit_title(votes_csv: Path) -> None:
    vote_id, title = run._editable_vote(votes_csv, run.EDIT_VOTE)
    data = votes_csv.read_bytes()
    votes_csv.write_bytes(run._replace_in_row(data, vote_id, title, title + " (edited)"))


def _rows(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for _ in handle) - 1


def table(result: dict) -> str:
    lines = ["| scale | votes | positions | cold build wall (CPU) | peak memory (PSS) | validate wall (CPU) "
             "| no-change rebuild | serve: title, position visible (failed requests) "
             "| one-title edit, `build` wall (CPU) | pages |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in result["scales"]:
        lines.append(f"| {r['scale']}× | {r['votes']:,} | {r['positions']:,} | {r['cold_build_s']:.1f} s "
                     f"({r['cold_build_cpu_s']:.1f} s) | {r['peak_memory_mb']:,.0f} MB | {r['validate_s']:.2f} s "
                     f"({r['validate_cpu_s']:.2f} s) | {r['no_change_s']:.2f} s | {r['serve_title_visible_s']:.2f} s, "
                     f"{r['serve_position_visible_s']:.2f} s ({r['serve_failed_requests']}) | {r['edit_visible_s']:.1f} s "
                     f"({r['edit_cpu_s']:.1f} s) | {r['pages']:,} |")
    return "\n".join(lines)
