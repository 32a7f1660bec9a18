"""Memory of the data downloads alone: publish_data (or publish_downloads) in a forked child, as a build runs it.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/downloads_memory.py DATASETS [--cache] [--hashes out.json]

Loads DATASETS (e.g. a 10x copy from benchmarks/synthetic.py) and this repository's releases/,
forks the "rollcall-data" child the way rollcall/commands/build.py does, into a temporary
folder, and samples /proc/PID/smaps_rollup of every process of the tree every 50 ms: each
process's peak PSS and peak private memory (USS: Private_Clean + Private_Dirty, what it does not
share with the parent), and the peaks of the children's sums (what the downloads add to a build
whose parent holds the dataset). --cache: publish_downloads with an empty cache in a scratch
project root (releases/ and rollcall/ copied). --hashes: the sha256 of every file written, to
compare two versions of the code byte for byte.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from rollcall.children import Child, release_free_memory  # noqa: E402
from rollcall.dataset import load_dataset  # noqa: E402
from rollcall.output import OutputFolder  # noqa: E402
from rollcall.packages.publish import publish_data  # noqa: E402
from rollcall.packages.releases import load_releases  # noqa: E402
from rollcall.problems import Problems  # noqa: E402

SAMPLE_SECONDS = 0.05


def _memory(pid: int) -> tuple[int, int] | None:
    """(PSS, private) in kB."""
    pss = private = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1])
                elif line.startswith(("Private_Clean:", "Private_Dirty:")):
                    private += int(line.split()[1])
    except (OSError, ValueError):
        return None
    return pss, private


def _children(root: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    stat = handle.read()
            except OSError:
                continue
            parents.setdefault(int(stat[stat.rindex(")") + 2:].split()[1]), []).append(int(entry))
    found, todo = [], [root]
    while todo:
        for child in parents.get(todo.pop(), ()):
            found.append(child)
            todo.append(child)
    return found


class Sampler(threading.Thread):
    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.done = threading.Event()
        self.started = time.perf_counter()
        self.seen: dict[int, dict] = {}
        self.peak = {"tree_pss": 0, "children_pss": 0, "children_private": 0}

    def run(self) -> None:
        me = os.getpid()
        while not self.done.is_set():
            now = time.perf_counter() - self.started
            sums = {"tree_pss": 0, "children_pss": 0, "children_private": 0}
            for pid in [me, *_children(me)]:
                got = _memory(pid)
                if got is None:
                    continue
                pss, private = got
                entry = self.seen.setdefault(pid, {"first": now, "pss": 0, "private": 0})
                entry["last"] = now
                entry["pss"], entry["private"] = max(entry["pss"], pss), max(entry["private"], private)
                sums["tree_pss"] += pss
                if pid != me:
                    sums["children_pss"] += pss
                    sums["children_private"] += private
            for key, value in sums.items():
                self.peak[key] = max(self.peak[key], value)
            self.done.wait(SAMPLE_SECONDS)


def _hashes(folder: Path) -> dict[str, str]:
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            with open(path, "rb") as handle:
                out[path.relative_to(folder).as_posix()] = hashlib.file_digest(handle, "sha256").hexdigest()
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("datasets", type=Path)
    parser.add_argument("--cache", action="store_true")
    parser.add_argument("--hashes", type=Path)
    args = parser.parse_args()
    started = time.perf_counter()
    dataset, problems = load_dataset(args.datasets)
    if dataset is None:
        print(f"{len(problems.errors)} error(s) in {args.datasets}")
        return 1
    releases = load_releases(REPO / "releases", Problems())
    release_free_memory()   # as the fork will: the parent's figure is then the dataset's
    loaded = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="rollcall-dlmem-") as scratch:
        folder = OutputFolder(Path(scratch) / "site")
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        sampler = Sampler()
        sampler.start()
        if args.cache:
            from rollcall.buildcache.downloads import publish_downloads
            root = Path(scratch) / "project"
            for name in ("releases", "rollcall"):
                shutil.copytree(REPO / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
            child = Child("rollcall-data", publish_downloads, root, dataset, releases, folder)
        else:
            child = Child("rollcall-data", publish_data, dataset, releases, folder)
        published = child.result()
        sampler.done.set()
        sampler.join()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall = time.perf_counter() - loaded
        cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        me = os.getpid()
        report = {
            "load_s": round(loaded - started, 1), "downloads_wall_s": round(wall, 1), "downloads_cpu_s": round(cpu, 1),
            "downloads_user_s": round(after.ru_utime - before.ru_utime, 1),
            "downloads_system_s": round(after.ru_stime - before.ru_stime, 1),
            "files": published.files, "bytes": published.bytes,
            "peak_tree_pss_mb": round(sampler.peak["tree_pss"] / 1024),
            "peak_children_pss_mb": round(sampler.peak["children_pss"] / 1024),
            "peak_children_private_mb": round(sampler.peak["children_private"] / 1024),
            "processes": [{"pid": pid, "role": "parent (dataset)" if pid == me else "child",
                           "seen_s": [round(e["first"], 1), round(e["last"], 1)],
                           "peak_pss_mb": round(e["pss"] / 1024), "peak_private_mb": round(e["private"] / 1024)}
                          for pid, e in sorted(sampler.seen.items(), key=lambda item: item[1]["first"])],
            "timings": {k: round(v, 2) for k, v in published.timings.items()},
        }
        print(json.dumps(report, indent=1))
        if args.hashes:
            args.hashes.write_text(json.dumps(_hashes(folder.staging), indent=0, sort_keys=True))
        folder.discard()
    return 0


if __name__ == "__main__":
    sys.exit(main())
