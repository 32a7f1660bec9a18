"""Memory of a build's forked children (render workers, share cards), measured from outside.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/forkmem.py --root PROJECT --part render [--every N]
    PYTHONPATH=$PWD .venv/bin/python benchmarks/forkmem.py --root PROJECT --part cards [--cold]
    (--keep FOLDER: write there and keep the files; --interval S: seconds between samples, 0.2)

Loads PROJECT's datasets, builds the index and lists the pages as commands/build.py does, then
runs only the part asked for into a temporary staging folder: the render workers (every page,
or every Nth with --every) or the share cards (start_cards' child and its pool; --cold empties
PROJECT/.cache/cards first so every card is drawn). A separate sampler process reads
/proc/PID/smaps_rollup of every process of the tree every 0.2 s: Pss, and Private_Dirty, the
memory a forked child adds of its own (copy-on-write and what it allocates). Prints each
process's peak and last values; --json FILE writes them with the time series' summary.

PROJECT is a folder with datasets/, content/, templates/, static/ and releases/ (links will do),
e.g. datasets -> /work/scale10/datasets for the 10x data.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FIELDS = ("Rss", "Pss", "Private_Dirty", "Private_Clean", "Shared_Dirty")


def rollup(pid: int) -> dict[str, int] | None:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            values = {}
            for line in handle:
                name, _, rest = line.partition(":")
                if name in FIELDS:
                    values[name] = int(rest.split()[0])
            return values
    except (OSError, ValueError):
        return None


def children_of(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as handle:
            return [int(p) for p in handle.read().split()]
    except OSError:
        return []


def tree(root: int) -> list[tuple[int, int | None]]:
    """(pid, parent) of `root` and every descendant."""
    found, todo = [(root, None)], [root]
    while todo:
        pid = todo.pop()
        for child in children_of(pid):
            found.append((child, pid))
            todo.append(child)
    return found


def sample(command: list[str], interval: float) -> dict:
    started = time.perf_counter()
    process = subprocess.Popen(command)
    seen: dict[int, dict] = {}
    while process.poll() is None:
        now = time.perf_counter() - started
        for pid, parent in tree(process.pid):
            values = rollup(pid)
            if not values:
                continue
            entry = seen.setdefault(pid, {"parent": parent, "first": now, "peak": {}, "series": []})
            entry["last"] = now
            entry["final"] = values
            for name, kb in values.items():
                entry["peak"][name] = max(entry["peak"].get(name, 0), kb)
            entry["series"].append((round(now, 1), values["Pss"] // 1024, values["Private_Dirty"] // 1024))
        time.sleep(interval)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"exit": process.returncode, "wall_s": round(time.perf_counter() - started, 1),
            "cpu_s_all_children": round(usage.ru_utime + usage.ru_stime, 1), "processes": seen}


def report(result: dict, out=sys.stdout) -> None:
    print(f"exit {result['exit']}, {result['wall_s']} s wall, {result['cpu_s_all_children']} s CPU", file=out)
    for pid, entry in sorted(result["processes"].items(), key=lambda item: item[1]["first"]):
        peak, final = entry["peak"], entry["final"]
        print(f"  {pid} (parent {entry['parent']}) {entry['first']:.1f}-{entry['last']:.1f} s: "
              f"peak Pss {peak['Pss'] / 1024:,.0f} MB, Private_Dirty {peak['Private_Dirty'] / 1024:,.0f} MB; "
              f"last Pss {final['Pss'] / 1024:,.0f}, Private_Dirty {final['Private_Dirty'] / 1024:,.0f}", file=out)


# -- the workload, run in the sampled process -------------------------------------------------

def workload(root: Path, part: str, every: int, cold: bool, workers: int, keep: Path | None = None) -> None:
    from rollcall.cards.write import write_cards
    from rollcall.children import Child
    from rollcall.dataset import load_dataset
    from rollcall.index import build_index
    from rollcall.packages.releases import load_releases
    from rollcall.pages.catalogue import SiteInputs, all_pages
    from rollcall.pages.content import load_checked_content
    from rollcall.paths import Project
    from rollcall.render import Renderer

    project = Project(root)
    clock = time.perf_counter()
    dataset, problems = load_dataset(project.datasets)
    content = load_checked_content(project.content, dataset, problems)
    releases = load_releases(project.releases, problems)
    index = build_index(dataset)
    staging = keep or Path(tempfile.mkdtemp(prefix="forkmem-", dir=os.environ.get("FORKMEM_TMP")))
    staging.mkdir(parents=True, exist_ok=True)
    inputs = SiteInputs(dataset, index, tuple(content), project.static, releases)
    renderer = Renderer(project.templates, index, staging, workers)
    pages = tuple(all_pages(inputs))
    print(f"loaded, {len(pages):,} pages listed in {time.perf_counter() - clock:.1f} s", flush=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    clock = time.perf_counter()
    try:
        if part == "render":
            done = renderer.write(pages[::every])
            print(f"rendered {done.files:,} pages, {done.bytes / 1e6:,.0f} MB", flush=True)
        else:
            if cold:
                shutil.rmtree(root / ".cache" / "cards", ignore_errors=True)
            done = Child("rollcall-cards", write_cards, project, index, staging, workers).result()
            print(f"cards: {done}", flush=True)
    finally:
        if keep is None:
            shutil.rmtree(staging, ignore_errors=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    print(f"{part}: {time.perf_counter() - clock:.1f} s wall, {cpu:.1f} s CPU of the children", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--part", choices=("render", "cards"), required=True)
    parser.add_argument("--every", type=int, default=1)
    parser.add_argument("--cold", action="store_true")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--keep", type=Path, help="write into this folder and keep it")
    parser.add_argument("--interval", type=float, default=0.2, help="seconds between samples")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        workload(args.root, args.part, args.every, args.cold, args.workers, args.keep)
        return 0
    command = [sys.executable, __file__, "--child"] + [a for a in sys.argv[1:] if a not in ("--json", str(args.json))]
    result = sample(command, args.interval)
    report(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))
    return result["exit"]


if __name__ == "__main__":
    sys.exit(main())
