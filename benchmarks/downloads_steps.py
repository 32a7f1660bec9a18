"""Where the data downloads' memory goes: publish_data in this process, each step's peak RSS.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/downloads_steps.py DATASETS

Wraps publish_data's steps (the package, its zip, Parquet, slices, CC0 package, each release)
and prints, for each call, the process's RSS before and after, its peak during the call
(sampled every 20 ms) and Arrow's allocated bytes after. The SQLite children are forked as
in a build; their memory is not counted here (benchmarks/downloads_memory.py counts it).
"""

from __future__ import annotations

import functools
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import pyarrow as pa  # noqa: E402

from rollcall.dataset import load_dataset  # noqa: E402
from rollcall.output import OutputFolder  # noqa: E402
from rollcall.packages import publish  # noqa: E402
from rollcall.packages.releases import load_releases  # noqa: E402
from rollcall.problems import Problems  # noqa: E402

STEPS = ("_latest_package", "build_full_package", "_publish_latest", "_write_latest", "_write_derived",
         "build_parquet", "_write_slices", "_write_packed_slices", "_write_cc0", "cc0_files", "make_zip",
         "resource_rows", "json_objects", "_write_release", "_finish_sqlite", "_start_sqlite",
         "version_dataset", "licence_counts", "write_parquet", "_write_release_derived")


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * 4096 / 2 ** 20


class Peaks(threading.Thread):
    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.open: list[list[float]] = []   # [peak] of each call under way
        self.lock = threading.Lock()

    def run(self) -> None:
        while True:
            now = rss_mb()
            with self.lock:
                for entry in self.open:
                    entry[0] = max(entry[0], now)
            time.sleep(0.02)


def wrap(peaks: Peaks, name: str, function):
    @functools.wraps(function)
    def wrapped(*args, **kwargs):
        depth, before, entry = len(peaks.open), rss_mb(), [0.0]
        entry[0] = before
        with peaks.lock:
            peaks.open.append(entry)
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            with peaks.lock:
                peaks.open[:] = [e for e in peaks.open if e is not entry]
            print(f"{'  ' * depth}{name}: {time.perf_counter() - started:6.1f} s, RSS {before:6.0f} -> "
                  f"{rss_mb():6.0f} MB, peak {max(entry[0], rss_mb()):6.0f} MB, "
                  f"arrow {pa.total_allocated_bytes() / 2 ** 20:6.0f} MB", flush=True)
    return wrapped


def main() -> int:
    dataset, problems = load_dataset(Path(sys.argv[1]))
    if dataset is None:
        print(f"{len(problems.errors)} error(s)")
        return 1
    releases = load_releases(REPO / "releases", Problems())
    publish.release_free_memory()
    print(f"loaded: RSS {rss_mb():.0f} MB, arrow {pa.total_allocated_bytes() / 2 ** 20:.0f} MB", flush=True)
    peaks = Peaks()
    peaks.start()
    for name in STEPS:
        if hasattr(publish, name):
            setattr(publish, name, wrap(peaks, name, getattr(publish, name)))
    folder = OutputFolder(Path(sys.argv[2] if len(sys.argv) > 2 else "/tmp/rollcall-dlsteps") / "site")
    try:
        wrap(peaks, "publish_data", publish.publish_data)(dataset, releases, folder)
    finally:
        folder.discard()
    return 0


if __name__ == "__main__":
    sys.exit(main())
