"""Peak memory of a command's process tree, and of each process in it: which one to shrink.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/memtree.py -- .venv/bin/python build.py

Samples /proc/PID/smaps_rollup every 50 ms, as run.measure does, and prints the tree's peak PSS
with each process's share at that moment, then every process (parent, first and last seen,
its own peak). The command's output goes to memtree.out in the current folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import run


def _pss(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def _parent(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            stat = handle.read()
    except OSError:
        return None
    return int(stat[stat.rindex(")") + 2:].split()[1])


def main(command: list[str]) -> int:
    started = time.perf_counter()
    with open("memtree.out", "w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    seen: dict[int, dict] = {}
    peak = {"kb": 0, "at": 0.0, "shares": {}}
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            now, shares = time.perf_counter() - started, {}
            for pid in run._descendants(process.pid):
                kb = _pss(pid)
                if kb is None:
                    continue
                shares[pid] = kb
                entry = seen.setdefault(pid, {"parent": _parent(pid), "first": now, "kb": 0, "at": now})
                entry["last"] = now
                if kb > entry["kb"]:
                    entry["kb"], entry["at"] = kb, now
            if sum(shares.values()) > peak["kb"]:
                peak.update(kb=sum(shares.values()), at=now, shares=shares)
            done.wait(run.SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    done.set()
    sampler.join()
    print(f"exit {os.waitstatus_to_exitcode(status)}, {time.perf_counter() - started:.1f} s wall, "
          f"{usage.ru_utime + usage.ru_stime:.1f} s CPU")
    shares = ", ".join(f"{pid}={kb / 1024:.0f}" for pid, kb in sorted(peak["shares"].items()))
    print(f"peak PSS of the tree {peak['kb'] / 1024:,.0f} MB at {peak['at']:.1f} s ({shares})")
    for pid, entry in sorted(seen.items(), key=lambda item: item[1]["first"]):
        print(f"  {pid} (parent {entry['parent']}) {entry['first']:.1f}-{entry['last']:.1f} s: "
              f"peak {entry['kb'] / 1024:,.0f} MB at {entry['at']:.1f} s")
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    arguments = sys.argv[1:]
    sys.exit(main(arguments[1:] if arguments[:1] == ["--"] else arguments))
