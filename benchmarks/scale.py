"""`benchmarks/run.py --scale 1,3,10`: how build time and memory grow with the data.

For each scale, a fresh copy of the project whose datasets/ synthetic.enlarge() grew to that many
times the real votes, then, each a new process (run.measure): the cold build (memory sampled:
PSS summed over the process tree, from /proc/PID/smaps_rollup), validation, the no-change
rebuild, and the edit loop as `build` sees it: one vote's title changed in votes.csv, then
`python build.py` again (the time until the rebuilt site/ is in place). Wall and CPU time are both
reported: other work on the machine inflates wall time; CPU time (child rusage) is steadier.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import run
import synthetic


def scale_benchmark(scales: list[int], work: Path, python: str, ref: str | None, seed: int) -> dict:
    load_start = os.getloadavg()
    snap = run.snapshot(work / "snapshot", ref)
    rows = []
    for scale in scales:
        run.log(f"scale {scale}: enlarging a copy of datasets/")
        root = run.fresh_copy(snap, work / f"scale-{scale}")
        counts = synthetic.enlarge(root / "datasets", scale, seed)
        rows.append(_measure_scale(root, scale, python) | {"added": counts})
    return {"date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "machine": run.machine(),
            "source": run.source(ref), "seed": seed, "load_average_start": load_start,
            "scales": rows, "load_average_end": os.getloadavg()}


def _measure_scale(root: Path, scale: int, python: str) -> dict:
    run.log(f"scale {scale}: cold build (memory sampled)")
    cold = run.measure([python, "build.py"], root)
    run._check(cold, "cold build")
    files, size, html = run.site_size(root / "site")
    run.log(f"scale {scale}: validate, no-change rebuild, one-title edit")
    checked = run.measure([python, "build.py", "validate"], root, sample_memory=False)
    run._check(checked, "validate")
    again = run.measure([python, "build.py"], root, sample_memory=False)
    run._check(again, "no-change rebuild")
    _edit_title(root / "datasets" / "votes.csv")
    edit = run.measure([python, "build.py"], root, sample_memory=False)
    run._check(edit, "rebuild after an edit")
    return {"scale": scale, "votes": _rows(root / "datasets" / "votes.csv"),
            "positions": _rows(root / "datasets" / "positions.csv"),
            "cold_build_s": cold.wall, "cold_build_cpu_s": cold.cpu,
            "peak_memory_mb": cold.peak_pss_tree_mb, "max_rss_single_mb": cold.max_rss_single_mb,
            "max_processes": cold.max_processes,
            "validate_s": checked.wall, "validate_cpu_s": checked.cpu,
            "no_change_s": again.wall, "no_change_cpu_s": again.cpu,
            "edit_visible_s": edit.wall, "edit_cpu_s": edit.cpu,
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
             "| no-change rebuild | one-title edit, `build` wall (CPU) | pages |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in result["scales"]:
        lines.append(f"| {r['scale']}× | {r['votes']:,} | {r['positions']:,} | {r['cold_build_s']:.1f} s "
                     f"({r['cold_build_cpu_s']:.1f} s) | {r['peak_memory_mb']:,.0f} MB | {r['validate_s']:.2f} s "
                     f"({r['validate_cpu_s']:.2f} s) | {r['no_change_s']:.2f} s | {r['edit_visible_s']:.1f} s "
                     f"({r['edit_cpu_s']:.1f} s) | {r['pages']:,} |")
    return "\n".join(lines)
