#!/usr/bin/env python3
"""Roll Call benchmark: how fast the real site builds, validates and rebuilds on this machine.

    .venv/bin/python benchmarks/run.py [--runs 5] [--quick] [--json out.json] [--ref HEAD] [--keep] [--dir /dev/shm]
    .venv/bin/python benchmarks/run.py --scale 1,3,10 [--seed N] [--json out.json]   (benchmarks/scale.py)
    .venv/bin/python benchmarks/run.py --cache [--runs 3] [--json out.json]   (benchmarks/cache.py: a
        one-vote edit rebuilt with a warm build cache, as a pull request's CI build)

Everything runs in a fresh copy of the project in a temporary folder (the repository's site/
is never touched). Each figure is the median of --runs runs; "whole process" figures are one
new process per run, timed from spawn to exit:

1. cold full build      `python build.py` in a fresh copy with no site/
2. validation           `python build.py validate`
3. no-change rebuild    `python build.py` again with nothing changed
4. edit loop            in-process rollcall.live.LiveSite: a vote's title edited in votes.csv
                        (visible_after: that vote's page rewritten; seconds: every dependent
                        page), and one position changed in positions.csv
5. share cards          every vote's and country's card (rollcall/cards/) written into an empty
                        cache (all drawn) and then again from the warm cache (none drawn),
                        in-process, once: drawing ~8,000 cards takes about a minute
6. search index         the Pagefind bundle written from the index (rollcall/search.py: the
                        documents, Pagefind's indexing, the filter files settled), in-process,
                        once; in a build this runs in a child while the pages render
7. edit loop over HTTP  benchmarks/edit_loop.py: `build.py serve` on a fresh copy, a title and a
                        position edited --runs times each, the page fetched over HTTP until it
                        shows the edit (what a browser sees), and no request failing meanwhile
8. anchors              Hugo (JSON and YAML front matter) and a plain Python + Jinja2 script on
                        the minimal GA page set (benchmarks/anchors.py), and upstream
                        `frictionless validate` of the full package

Memory is measured in a round of its own before the timed rounds (round 0: every command once,
its memory sampled, its times discarded), because sampling slows what it watches (measure).
The build forks render workers (ROLLCALL_WORKERS, default one per core), so one
figure is not enough. We report
- max RSS (single process): the largest resident set of any one process of the run, from
  wait4() rusage — the same number `/usr/bin/time -v` prints;
- peak PSS (tree): the peak, over samples every 50 ms, of the proportional set size summed
  over the parent and its workers. PSS shares each copy-on-write page between the processes
  that map it, so the sum is what the run really took from the machine. This is the headline;
- peak RSS (tree): the same samples summed as RSS, which counts shared pages once per process
  (an upper bound). Sampling can miss a peak shorter than 50 ms.
CPU time is user + system of the process and every worker it waited for (wait4 rusage).

The share cards are cached by content outside site/ (.cache/cards/): the memory round's build
draws them all, and every timed cold build starts with that cache (as a developer's or CI's
build does after the first), so "cold full build" is a new site/ with the cards linked, not
drawn. What drawing costs is measurement 5.

--quick: 1 timed run of everything (after the memory round) and no frictionless. The file system cache is warm in every
run (the copy was just written); "cold" means a new process and no previous site/. Before
every measured process the benchmark runs `sync` (untimed), so no run shares the machine with
the write-back of an earlier run's files.
Our builds and the anchors run interleaved, each into a new folder, and nothing is deleted
before the end (see run_benchmark: deleting files slows down creating files on this disk).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
#: What `python build.py` reads (rollcall/paths.py, rollcall/site.py, rollcall/fingerprint.py):
#: data, content, templates, static files, sources and releases — and the generator itself,
#: so every run of one benchmark uses the same snapshot of the code.
COPIED = ("datasets", "content", "templates", "static", "sources", "releases", "rollcall",
          "build.py", "CITATION.cff")
EDIT_VOTE = "ga-rc9147"  # a GA vote with no official tally (a position edit stays valid) and related votes
SAMPLE_SECONDS = 0.05


# -- measuring one whole process ----------------------------------------------------------

@dataclass
class ProcessRun:
    """One child process: wall and CPU seconds, memory (MB), exit code, what it printed."""

    wall: float
    cpu: float
    user: float
    system: float
    max_rss_single_mb: float
    peak_pss_tree_mb: float
    peak_rss_tree_mb: float
    max_processes: int
    returncode: int
    sampled: bool = True
    output: str = field(repr=False, default="")


def measure(cmd: list[str], cwd: Path, env: dict | None = None, sample_memory: bool = True) -> ProcessRun:
    """Run `cmd` to completion; with sample_memory, sample its process tree's memory meanwhile.

    Sampling is not free: reading /proc/PID/smaps_rollup walks each process's page tables, and
    every 50 ms that slowed both our build and Hugo by 0.7-0.9 s of wall time on this 2-core
    machine. So timed runs are not sampled, and memory comes from a separate round of its own.

    First, untimed, `sync`: the data earlier runs left in the page cache is written to disk now,
    not by the kernel's flusher threads in the middle of this run (a build writes 629 MB; after a
    few runs the flusher would compete for the cores and throttle whichever run is writing)."""
    os.sync()
    with tempfile.TemporaryFile("w+") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env)
        sampler = _TreeSampler(proc.pid)
        if sample_memory:
            sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        if sample_memory:
            sampler.stop()
        out.seek(0)
        output = out.read()
    return ProcessRun(wall=wall, cpu=usage.ru_utime + usage.ru_stime, user=usage.ru_utime,
                      system=usage.ru_stime, max_rss_single_mb=usage.ru_maxrss / 1024,
                      peak_pss_tree_mb=sampler.peak_pss / 1024, peak_rss_tree_mb=sampler.peak_rss / 1024,
                      max_processes=sampler.max_processes, returncode=proc.returncode,
                      sampled=sample_memory, output=output)


class _TreeSampler(threading.Thread):
    """Every SAMPLE_SECONDS: sum RSS and PSS (kB) over a process and all its descendants."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_rss = self.peak_pss = 0
        self.max_processes = 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            self._sample()
            self._done.wait(SAMPLE_SECONDS)

    def stop(self) -> None:
        self._done.set()
        self.join()

    def _sample(self) -> None:
        tree = _descendants(self.pid)
        rss = pss = 0
        for pid in tree:
            try:
                with open(f"/proc/{pid}/smaps_rollup") as f:
                    for line in f:
                        if line.startswith("Rss:"):
                            rss += int(line.split()[1])
                        elif line.startswith("Pss:"):
                            pss += int(line.split()[1])
            except (OSError, ValueError, IndexError):
                continue
        self.peak_rss, self.peak_pss = max(self.peak_rss, rss), max(self.peak_pss, pss)
        self.max_processes = max(self.max_processes, len(tree))


def _descendants(root: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        parents.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(parents.get(pid, ()))
    return found


# -- the project copy ------------------------------------------------------------------------

def snapshot(target: Path, ref: str | None = None) -> Path:
    """The project's inputs copied once into `target`: from the work tree, or as committed at
    `ref`. Every run copies this snapshot, so edits made to the work tree meanwhile change nothing."""
    target.mkdir(parents=True)
    if ref:
        present = subprocess.run(["git", "ls-tree", "--name-only", ref], cwd=REPO, check=True,
                                 capture_output=True, text=True).stdout.split()
        names = [name for name in COPIED if name in present]
        archive = subprocess.run(["git", "archive", "--format=tar", ref, *names], cwd=REPO, check=True,
                                 capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
        return target
    _copy(REPO, target, COPIED)
    return target


def fresh_copy(source: Path, target: Path) -> Path:
    """A new project folder with no site/ and no build record."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    _copy(source, target, COPIED)
    return target


def _copy(source: Path, target: Path, names) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in names:
        path = source / name
        if path.is_dir():
            shutil.copytree(path, target / name, ignore=ignore)
        elif path.exists():
            shutil.copy2(path, target / name)


def site_size(site: Path) -> tuple[int, int, int]:
    """(files, bytes, html pages) under site/."""
    files = size = pages = 0
    for dirpath, _, names in os.walk(site):
        for name in names:
            files += 1
            size += os.path.getsize(os.path.join(dirpath, name))
            pages += name.endswith(".html")
    return files, size, pages


def _build_kinds(output: str) -> dict[str, int]:
    """Files by kind from the build's summary line: 'wrote N files (X MB): 1 404, 5 body, …'."""
    for line in output.splitlines():
        if line.startswith("wrote ") and "): " in line:
            counts = (part.strip().split(" ", 1) for part in line.split("): ", 1)[1].split(", "))
            return {kind: int(count.replace(",", "")) for count, kind in counts}
    return {}


# -- the edit loop (run in a child process, in-process timings) -----------------------------

def edit_loop_child(root: Path, runs: int, vote_id: str) -> dict:
    sys.path.insert(0, str(root))  # the copy's own rollcall/, not the repository's
    from rollcall import urls
    from rollcall.live import LiveSite
    from rollcall.paths import Project

    project = Project(root)
    started = time.perf_counter()
    live = LiveSite(project)
    problems = live.load()
    load_seconds = time.perf_counter() - started
    if problems.errors:
        return {"error": f"load found {len(problems.errors)} error(s)"}
    votes_csv, positions_csv = project.datasets / "votes.csv", project.datasets / "positions.csv"
    vote_id, title = _editable_vote(votes_csv, vote_id)
    page = project.site / urls.path_for(urls.vote(vote_id))
    vote_url = urls.vote(vote_id)

    display, restores = [], []
    original = votes_csv.read_bytes()
    for run in range(runs):
        marker = f"(benchmark edit {run + 1})"
        votes_csv.write_bytes(_replace_in_row(original, vote_id, f",{title},", f",{title} {marker},"))
        report = live.update(live.changed_files())
        display.append({"visible_after": report.visible_after, "seconds": report.seconds,
                        "pages_rewritten": len(report.rewritten), "full": report.full,
                        "vote_page_updated": marker in page.read_text(encoding="utf-8")})
        votes_csv.write_bytes(original)
        restores.append(live.update(live.changed_files()).seconds)

    positions = []
    original = positions_csv.read_bytes()
    start = original.index(f"\n{vote_id},".encode()) + 1
    end = original.index(b"\n", start)
    line = original[start:end].decode()
    vid, country, position, rest = line.split(",", 3)
    new_position = "abstain" if position == "yes" else "yes"
    edited = original[:start] + f"{vid},{country},{new_position},{rest}".encode() + original[end:]
    for run in range(runs):
        before = page.read_bytes()
        positions_csv.write_bytes(edited)
        report = live.update(live.changed_files())
        positions.append({"visible_after": report.visible_after, "seconds": report.seconds,
                          "pages_rewritten": len(report.rewritten), "full": report.full,
                          "problems": len(report.problems.errors) if report.problems else 0,
                          "vote_page_rewritten": vote_url in report.rewritten,
                          "vote_page_changed": page.read_bytes() != before})
        positions_csv.write_bytes(original)
        restores.append(live.update(live.changed_files()).seconds)
    return {"vote": vote_id, "load_seconds": load_seconds, "display_edit": display,
            "position_edit": positions, "position_change": f"{country}: {position} -> {new_position}",
            "restore_seconds": restores}


def with_card_cache(root: Path, built: Path) -> Path:
    """`root` with the share-card cache of the project built in `built` (hard links; untimed)."""
    cache = built / ".cache" / "cards"
    if cache.is_dir():
        shutil.copytree(cache, root / ".cache" / "cards", copy_function=os.link)
    return root


def cards_child(root: Path) -> dict:
    """In-process: every share card written into an empty cache, then from the warm cache."""
    import resource
    sys.path.insert(0, str(root))  # the copy's own rollcall/
    from rollcall.cards.write import write_cards
    from rollcall.dataset import load_dataset
    from rollcall.index import build_index
    from rollcall.pages.share import set_site_address
    from rollcall.paths import Project
    from rollcall.render.workers import default_workers

    dataset, _ = load_dataset(Project(root).datasets)
    set_site_address(dataset)
    index = build_index(dataset)
    scratch = Path(tempfile.mkdtemp(prefix="cards-", dir=root))
    (scratch / "static").symlink_to(root / "static", target_is_directory=True)
    out = {"workers": default_workers()}
    for label in ("empty_cache", "warm_cache"):
        before = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
        started = time.perf_counter()
        written = write_cards(Project(scratch), index, scratch / f"site-{label}", default_workers())
        seconds = time.perf_counter() - started
        after = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
        cpu = sum(a.ru_utime + a.ru_stime - b.ru_utime - b.ru_stime for a, b in zip(after, before))
        out[label] = {"wall_s": seconds, "cpu_s": cpu, "cards": written.files, "drawn": written.drawn,
                      "bytes": written.bytes}
    return out


def search_child(root: Path) -> dict:
    """In-process: the search bundle written once from the loaded index into an empty folder."""
    import resource
    sys.path.insert(0, str(root))  # the copy's own rollcall/
    from rollcall.dataset import load_dataset
    from rollcall.index import build_index
    from rollcall.pages.content import load_checked_content
    from rollcall.paths import Project
    from rollcall.problems import Problems
    from rollcall.search import documents, write_bundle

    project = Project(root)
    dataset, _ = load_dataset(project.datasets)
    index = build_index(dataset)
    content = tuple(load_checked_content(project.content, dataset, Problems()))
    site = Path(tempfile.mkdtemp(prefix="search-", dir=root))
    before = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    started = time.perf_counter()
    write_bundle(index, content, site)
    seconds = time.perf_counter() - started
    after = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    files = [p for p in site.rglob("*") if p.is_file()]
    return {"wall_s": seconds, "cpu_s": sum(a.ru_utime + a.ru_stime - b.ru_utime - b.ru_stime
                                            for a, b in zip(after, before)),
            "documents": sum(1 for _ in documents(index, content)), "files": len(files),
            "bytes": sum(p.stat().st_size for p in files)}


def http_edit_loop(root: Path, runs: int, python: str) -> dict:
    """benchmarks/edit_loop.py on `root` (a copy it may edit): serve, edits, HTTP polling."""
    child = subprocess.run([python, str(Path(__file__).with_name("edit_loop.py")), str(root), "--runs", str(runs)],
                           capture_output=True, text=True)
    if child.returncode != 0:
        raise SystemExit(f"edit loop over HTTP failed:\n{child.stdout}\n{child.stderr}")
    return json.loads(child.stdout)


def _editable_vote(votes_csv: Path, preferred: str) -> tuple[str, str]:
    """A GA vote whose title is a plain CSV cell and that has no official tally."""
    import csv
    with open(votes_csv, newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["body_id"] == "ga" and r["title"]
                and not any(c in r["title"] for c in ',"\n') and not (r["yes"] or r["no"] or r["abstain"])]
    chosen = next((r for r in rows if r["id"] == preferred), rows[-1])
    return chosen["id"], chosen["title"]


def _replace_in_row(data: bytes, vote_id: str, old: str, new: str) -> bytes:
    start = data.index(f"\n{vote_id},".encode()) + 1
    end = data.index(b"\n", start)
    row = data[start:end].decode("utf-8")
    assert old in row, (vote_id, old)
    return data[:start] + row.replace(old, new, 1).encode("utf-8") + data[end:]


# -- the benchmark -------------------------------------------------------------------------

def median(values: list[float]) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def summarize(runs: list[ProcessRun]) -> dict:
    """Times from the unsampled runs, memory from the sampled ones (see measure)."""
    timed = [r for r in runs if not r.sampled] or runs
    sampled = [r for r in runs if r.sampled]
    return {
        "runs": len(timed),
        "wall_s": median([r.wall for r in timed]),
        "wall_min_s": min(r.wall for r in timed),
        "wall_max_s": max(r.wall for r in timed),
        "cpu_s": median([r.cpu for r in timed]),
        "user_s": median([r.user for r in timed]),
        "system_s": median([r.system for r in timed]),
        "max_rss_single_mb": median([r.max_rss_single_mb for r in runs]),
        "peak_pss_tree_mb": median([r.peak_pss_tree_mb for r in sampled]),
        "peak_rss_tree_mb": median([r.peak_rss_tree_mb for r in sampled]),
        "memory_runs": len(sampled),
        "max_processes": max((r.max_processes for r in sampled), default=None),
        "returncodes": sorted({r.returncode for r in runs}),
    }


def machine() -> dict:
    def first(path: str, key: str) -> str:
        try:
            for line in Path(path).read_text().splitlines():
                if line.startswith(key):
                    return line.split(":", 1)[1].strip()
        except OSError:
            pass
        return "?"
    hugo = shutil.which("hugo")
    return {
        "nproc": os.cpu_count(),
        "memory": first("/proc/meminfo", "MemTotal"),
        "cpu_model": first("/proc/cpuinfo", "model name"),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "hugo": subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.strip() if hugo else None,
        "rollcall_workers": os.environ.get("ROLLCALL_WORKERS", f"default ({os.cpu_count()})"),
    }


def source(ref: str | None) -> dict:
    """Which code was measured: the commit, and whether the work tree had uncommitted changes."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True).stdout.strip()
    commit = git("rev-parse", ref or "HEAD")
    dirty = None if ref else bool(git("status", "--porcelain", "--", *COPIED))
    return {"ref": ref or "work tree", "commit": commit, "uncommitted_changes": dirty}


PROBE_PAGES = 2000


def probe_file_creation(folder: Path) -> dict:
    """Write PROBE_PAGES small pages, each in a new folder as a site's pages are, and time it:
    what a new file costs on this disk right now. High figures mean the file system is still
    skipping recently freed inodes (see run_benchmark), and every build of this run pays that."""
    folder.mkdir(parents=True)
    started, before = time.perf_counter(), os.times()
    for number in range(PROBE_PAGES):
        page = folder / str(number)
        page.mkdir()
        (page / "index.html").write_bytes(b"<p>probe</p>" * 300)
    wall, after = time.perf_counter() - started, os.times()
    return {"pages": PROBE_PAGES, "us_per_page_wall": wall / PROBE_PAGES * 1e6,
            "us_per_page_system": (after.system - before.system) / PROBE_PAGES * 1e6}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run_benchmark(args: argparse.Namespace, work: Path) -> dict:
    """Every measurement. Our cold builds and the anchors are interleaved (ours, Hugo JSON, Hugo
    YAML, plain Jinja; then again), each into a new folder, and nothing is deleted until the end.

    Why: on a file system without a journal (this machine's ext4 runs with none), creating a file
    skips inode numbers freed in the last minute or more (`recently_deleted` in ext4's
    inode allocator), one check at a time. A run that follows the deletion of a previous
    run's 24,000 files pays for that, so deleting between runs makes each measurement depend on
    what ran before it. Interleaving gives every generator the same machine state.
    """
    python = sys.executable
    result: dict = {"date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "machine": machine(),
                    "folder": str(work.parent),
                    "runs": args.runs, "quick": args.quick, "source": source(args.ref),
                    "protocol": "interleaved: ours, hugo json, hugo yaml, plain jinja per round; "
                                "every run writes into a new folder; nothing deleted until the end; "
                                "sync (untimed) before every measured process",
                    "load_average_start": os.getloadavg(),
                    "disk_probe": {"start": probe_file_creation(work / "probe-start")}}
    cold, nochange, validate = [], [], []
    sizes, pages = [], []
    snap = snapshot(work / "snapshot", args.ref)
    root = fresh_copy(snap, work / "project-1")
    anchor_set = AnchorSet(work, root, python)
    for run in range(args.runs + 1):
        memory = run == 0   # the memory round: sampled, so not timed (see measure)
        log(f"round {run}/{args.runs}{' (memory, not timed)' if memory else ''}: fresh copy, cold build, "
            "no-change rebuild, validate; then the anchors")
        root = root if run == 0 else with_card_cache(fresh_copy(snap, work / f"project-{run + 1}"), work / "project-1")
        cold.append(measure([python, "build.py"], root, sample_memory=memory))
        _check(cold[-1], "cold build")
        files, size, html = site_size(root / "site")
        sizes.append((files, size, html))
        pages.append(html)
        nochange.append(measure([python, "build.py"], root, sample_memory=memory))
        _check(nochange[-1], "no-change rebuild")
        validate.append(measure([python, "build.py", "validate"], root, sample_memory=memory))
        _check(validate[-1], "validate")
        anchor_set.run_round(run, memory)
    files, size, html = sizes[-1]
    build = summarize(cold)
    build.update(pages=pages[-1], files=files, bytes_written=size, kinds=_build_kinds(cold[-1].output),
                 pages_per_s=pages[-1] / build["wall_s"],
                 build_says=[l for l in cold[-1].output.splitlines() if l.startswith(("wrote", "built"))])
    again = summarize(nochange)
    again.update(pages_per_s=pages[-1] / again["wall_s"], up_to_date="up to date" in nochange[-1].output,
                 build_says=[l for l in nochange[-1].output.splitlines()
                             if l.startswith(("wrote", "built", "site/ is up to date"))])
    checked = summarize(validate)
    checked["validate_says"] = validate[-1].output.strip().splitlines()[-1:]
    result.update(cold_build=build, no_change_rebuild=again, validate=checked)

    log(f"edit loop ({args.runs} display edits, {args.runs} position edits)")
    child = subprocess.run([python, __file__, "--edit-loop-child", str(root), "--runs", str(args.runs)],
                           capture_output=True, text=True)
    if child.returncode != 0:
        raise SystemExit(f"edit loop failed:\n{child.stdout}\n{child.stderr}")
    edits = json.loads(child.stdout.strip().splitlines()[-1])
    for kind in ("display_edit", "position_edit"):
        rows = edits.get(kind, [])
        edits[f"{kind}_median"] = {
            "visible_after_s": median([r["visible_after"] for r in rows]),
            "seconds": median([r["seconds"] for r in rows]),
            "pages_rewritten": median([r["pages_rewritten"] for r in rows]),
        }
    result["edit_loop"] = edits

    log("share cards: every card drawn into an empty cache, then linked from the warm cache")
    if (root / "rollcall" / "cards").is_dir():
        child = subprocess.run([python, __file__, "--cards-child", str(root)], capture_output=True, text=True)
        if child.returncode != 0:
            raise SystemExit(f"share cards failed:\n{child.stdout}\n{child.stderr}")
        result["share_cards"] = json.loads(child.stdout.strip().splitlines()[-1])
    else:
        result["share_cards"] = {"skipped": "this version of the project draws no share cards"}

    log("search index: the Pagefind bundle written once from the index")
    child = subprocess.run([python, __file__, "--search-child", str(root)], capture_output=True, text=True)
    if child.returncode != 0:
        raise SystemExit(f"search index failed:\n{child.stdout}\n{child.stderr}")
    result["search_index"] = json.loads(child.stdout.strip().splitlines()[-1])

    log(f"edit loop over HTTP ({args.runs} title and {args.runs} position edits under serve)")
    copy = with_card_cache(fresh_copy(snap, work / "project-serve"), work / "project-1")
    result["edit_loop_http"] = http_edit_loop(copy, args.runs, python)

    result["anchors"] = anchor_set.summary()
    result["anchors"]["frictionless"] = frictionless_anchor(args, root, python)
    result["ratios"] = ratios(result)
    result["load_average_end"] = os.getloadavg()
    result["disk_probe"]["end"] = probe_file_creation(work / "probe-end")
    return result


class AnchorSet:
    """The minimal GA page set as a Hugo site (JSON and YAML front matter) and as a plain
    Python + Jinja2 script, written once; each round runs each of them once into a new folder."""

    def __init__(self, work: Path, root: Path, python: str) -> None:
        sys.path.insert(0, str(HERE))
        import anchors as minimal
        self.work, self.root, self.python = work, root, python
        started = time.perf_counter()
        pages = minimal.read_minimal_pages(root / "datasets")
        self.page_set = {"vote_pages": len(pages.votes), "country_pages": len(pages.countries),
                         "positions": sum(len(v["positions"]) for v in pages.votes),
                         "read_seconds": time.perf_counter() - started}
        self.hugo = shutil.which("hugo")
        self.runs: dict[str, list[ProcessRun]] = {"hugo_json": [], "hugo_yaml": [], "plain_jinja": []}
        self.outputs: dict[str, Path] = {}
        self.extra: dict[str, dict] = {}
        if self.hugo:
            for front_matter in ("json", "yaml"):
                started = time.perf_counter()
                count = minimal.write_hugo_site(pages, work / f"hugo-{front_matter}", front_matter)
                self.extra[f"hugo_{front_matter}"] = {"pages": count,
                                                      "content_generation_s": time.perf_counter() - started}
        self.script = minimal.write_jinja_script(work / "plain-jinja")

    def run_round(self, run: int, memory: bool) -> None:
        if self.hugo:
            for front_matter in ("json", "yaml"):
                log(f"hugo ({front_matter} front matter) run {run}")
                site, public = self.work / f"hugo-{front_matter}", f"public-{run}"
                self._measure(f"hugo_{front_matter}", [self.hugo, "--quiet", "--destination", public], site,
                              site / public, memory)
        log(f"plain Python + Jinja2 run {run}")
        out = self.work / "plain-jinja" / f"out-{run}"
        self._measure("plain_jinja", [self.python, str(self.script), str(self.root / "datasets"), str(out)],
                      self.root, out, memory)

    def _measure(self, key: str, cmd: list[str], cwd: Path, output: Path, memory: bool) -> None:
        self.runs[key].append(measure(cmd, cwd, sample_memory=memory))
        _check(self.runs[key][-1], key)
        self.outputs[key] = output

    def summary(self) -> dict:
        out: dict = {"page_set": self.page_set}
        for key, runs in self.runs.items():
            if not runs:
                out[key] = {"skipped": "hugo not found (apt-get install -y hugo)"}
                continue
            summary = summarize(runs)
            files, size, html = site_size(self.outputs[key])
            pages = self.extra.get(key, {}).get("pages", html)
            summary.update(self.extra.get(key, {}), pages=pages, html_files=html, bytes_written=size,
                           pages_per_s=pages / summary["wall_s"])
            out[key] = summary
        return out


def frictionless_anchor(args: argparse.Namespace, root: Path, python: str) -> dict:
    """Upstream `frictionless validate` of the same package (it writes no files)."""
    frictionless = Path(python).parent / "frictionless"
    if args.quick:
        return {"skipped": "--quick"}
    if not frictionless.exists():
        return {"skipped": f"{frictionless} not found"}
    runs = []
    for run in range(args.frictionless_runs or args.runs):
        log(f"frictionless validate run {run + 1}/{args.frictionless_runs or args.runs}")
        runs.append(measure([str(frictionless), "validate", "datasets/datapackage.yaml"], root,
                            sample_memory=run == 0))
    summary = summarize(runs)
    summary["valid"] = runs[-1].returncode == 0
    return summary


def ratios(result: dict) -> dict:
    """Ours against the anchors, by wall time and by CPU time (steadier on a busy machine)."""
    a = result["anchors"]
    build, check = result["cold_build"], result["validate"]
    out = {}
    for key in ("hugo_json", "hugo_yaml", "plain_jinja"):
        if "wall_s" in a.get(key, {}):
            out[f"cold_build_over_{key}_wall"] = build["wall_s"] / a[key]["wall_s"]
            out[f"cold_build_over_{key}_cpu"] = build["cpu_s"] / a[key]["cpu_s"]
    if "wall_s" in a.get("hugo_json", {}):
        out["pages_per_s_ours_over_hugo_json"] = build["pages_per_s"] / a["hugo_json"]["pages_per_s"]
    if "wall_s" in a.get("frictionless", {}):
        out["validation_speedup_vs_frictionless_wall"] = a["frictionless"]["wall_s"] / check["wall_s"]
        out["validation_speedup_vs_frictionless_cpu"] = a["frictionless"]["cpu_s"] / check["cpu_s"]
    return out


def _check(run: ProcessRun, what: str) -> None:
    if run.returncode != 0:
        raise SystemExit(f"{what} failed (exit {run.returncode}):\n{run.output[-4000:]}")


# -- printing --------------------------------------------------------------------------------

def table(result: dict) -> str:
    rows = [("what", "runs", "wall s (min-max)", "CPU s", "max RSS 1 proc MB", "peak PSS tree MB", "notes")]

    def add(name: str, s: dict, note: str = "") -> None:
        if "skipped" in s:
            rows.append((name, "-", "skipped", "", "", "", s["skipped"]))
            return
        rows.append((name, str(s["runs"]), f"{s['wall_s']:.2f} ({s['wall_min_s']:.2f}-{s['wall_max_s']:.2f})",
                     f"{s['cpu_s']:.2f}", f"{s['max_rss_single_mb']:.0f}", f"{s['peak_pss_tree_mb']:.0f}", note))

    b = result["cold_build"]
    add("cold full build", b, f"{b['pages']:,} HTML pages, {b['pages_per_s']:.0f} pages/s, "
        f"{b['bytes_written'] / 1e6:.0f} MB in {b['files']:,} files, {b['max_processes']} processes")
    n = result["no_change_rebuild"]
    add("no-change rebuild", n, " ".join(n["build_says"]) if n["up_to_date"] else
        f"no skip: rebuilt every page ({n['pages_per_s']:.0f} pages/s)")
    add("validate", result["validate"], " ".join(result["validate"].get("validate_says", [])))
    a = result["anchors"]
    for key, name in (("hugo_json", "Hugo, JSON front matter"), ("hugo_yaml", "Hugo, YAML front matter")):
        s = a[key]
        add(name, s, "" if "skipped" in s else
            f"{s['pages']:,} pages, {s['pages_per_s']:.0f} pages/s, {s['bytes_written'] / 1e6:.0f} MB")
    s = a["plain_jinja"]
    add("plain Python+Jinja2", s, f"{s['pages']:,} pages, {s['pages_per_s']:.0f} pages/s, "
        f"{s['bytes_written'] / 1e6:.0f} MB")
    s = a["frictionless"]
    add("frictionless validate", s, "" if "skipped" in s else ("valid" if s["valid"] else "INVALID"))

    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(r)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))

    e = result["edit_loop"]
    d, p = e["display_edit_median"], e["position_edit_median"]
    lines.append("")
    lines.append(f"edit loop (LiveSite, in-process, median of {len(e['display_edit'])}; load {e['load_seconds']:.2f}s):")
    lines.append(f"  title of {e['vote']} in votes.csv: visible_after {d['visible_after_s']:.2f}s, "
                 f"all dependent pages {d['seconds']:.2f}s ({d['pages_rewritten']:.0f} pages), "
                 f"vote page updated: {all(r['vote_page_updated'] for r in e['display_edit'])}")
    visible = "-" if p["visible_after_s"] is None else f"{p['visible_after_s']:.2f}s"
    lines.append(f"  one position in positions.csv ({e['position_change']}): visible_after {visible}, "
                 f"all {p['seconds']:.2f}s ({p['pages_rewritten']:.0f} pages), "
                 f"vote page rewritten: {all(r['vote_page_rewritten'] for r in e['position_edit'])}, "
                 f"changed: {all(r['vote_page_changed'] for r in e['position_edit'])}")
    c = result["share_cards"]
    lines.append("")
    lines.append(f"share cards (in-process, {c.get('workers', '-')} drawing processes, once): {c.get('skipped', '')}")
    for label, what in (("empty_cache", "empty cache"), ("warm_cache", "warm cache")) if "skipped" not in c else ():
        x = c[label]
        per = f", {1000 * x['cpu_s'] / x['drawn']:.1f} ms CPU a card drawn" if x["drawn"] else ""
        lines.append(f"  {what}: {x['cards']:,} cards, {x['drawn']:,} drawn, {x['wall_s']:.2f}s wall, "
                     f"{x['cpu_s']:.2f}s CPU{per}, {x['bytes'] / 1e6:.0f} MB")
    x = result["search_index"]
    lines.append("")
    lines.append(f"search index (in-process, once): {x['documents']:,} documents, {x['wall_s']:.2f}s wall, "
                 f"{x['cpu_s']:.2f}s CPU (Pagefind included), {x['files']:,} files, {x['bytes'] / 1e6:.1f} MB")
    h = result["edit_loop_http"]
    lines.append(f"edit loop over HTTP (serve, polled every {1000 * h.get('poll_s', 0.01):.0f} ms): title visible "
                 f"median {h['title_median_s']:.2f}s, position {h['position_median_s']:.2f}s; "
                 f"{h['failed_requests']} of {h['requests']:,} requests failed during the rebuilds")
    r = result["ratios"]
    lines.append("")
    lines.append("ratios:")
    for key, value in r.items():
        lines.append(f"  {key}: {value:.2f}")
    m = result["machine"]
    lines.append("")
    lines.append(f"machine: {m['nproc']} cores ({m['cpu_model']}), {m['memory']} RAM, Python {m['python']}, "
                 f"render workers {m['rollcall_workers']}; load average at start "
                 f"{result['load_average_start'][0]:.2f}, at end {result['load_average_end'][0]:.2f}")
    probe = result["disk_probe"]
    lines.append(f"disk: a new page (folder + 3.6 KB file) took {probe['start']['us_per_page_wall']:.0f} µs "
                 f"({probe['start']['us_per_page_system']:.0f} µs system) at the start, "
                 f"{probe['end']['us_per_page_wall']:.0f} µs ({probe['end']['us_per_page_system']:.0f}) at the end, "
                 f"in {result['folder']}; deleting many files shortly before raises it (see PROFILE.md)")
    if max(result["load_average_start"][0], result["load_average_end"][0]) > 0.5 * (m["nproc"] or 1):
        lines.append("warning: other work was running (load average above half the cores): wall times are "
                     "inflated and spread out; the CPU-time ratios are the steadier comparison")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement; the median is reported (default 5)")
    parser.add_argument("--quick", action="store_true", help="1 run of each, no frictionless")
    parser.add_argument("--frictionless-runs", type=int, default=0,
                        help="runs of frictionless validate (default: --runs)")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON to FILE")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--dir", metavar="FOLDER", help="make the temporary folder in FOLDER (default: the "
                        "system's; e.g. /dev/shm to take the disk out of the comparison)")
    parser.add_argument("--ref", help="benchmark the project as committed at this git ref (e.g. HEAD) "
                        "instead of the work tree")
    parser.add_argument("--scale", metavar="N,N,...", help="instead: the growth curve at these multiples of "
                        "the real data (synthetic enlargements, benchmarks/synthetic.py), e.g. 1,3,10")
    parser.add_argument("--seed", type=int, default=2026, help="seed of the synthetic data (--scale)")
    parser.add_argument("--cache", action="store_true", help="instead: a one-vote edit rebuilt with a warm "
                        "build cache, as CI does it (benchmarks/cache.py)")
    parser.add_argument("--edit-loop-child", metavar="ROOT", help=argparse.SUPPRESS)
    parser.add_argument("--cards-child", metavar="ROOT", help=argparse.SUPPRESS)
    parser.add_argument("--search-child", metavar="ROOT", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.search_child:
        print(json.dumps(search_child(Path(args.search_child))))
        return 0
    if args.cards_child:
        print(json.dumps(cards_child(Path(args.cards_child))))
        return 0
    if args.edit_loop_child:
        print(json.dumps(edit_loop_child(Path(args.edit_loop_child), args.runs, EDIT_VOTE)))
        return 0
    if args.quick:
        args.runs = 1
    work = Path(tempfile.mkdtemp(prefix="rollcall-bench-", dir=args.dir))
    log(f"working in {work}")
    try:
        if args.scale:
            import scale
            result = scale.scale_benchmark([int(n) for n in args.scale.split(",")], work, sys.executable,
                                           args.ref, args.seed)
        elif args.cache:
            import cache
            result = cache.cache_benchmark(work, sys.executable, args.ref, args.runs)
        else:
            result = run_benchmark(args, work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    if args.scale:
        import scale
        print(scale.table(result))
    elif args.cache:
        import cache
        print(cache.table(result))
    else:
        print(table(result))
    print()
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        Path(args.json).write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
