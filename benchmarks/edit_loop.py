"""The edit loop as a browser sees it: `build.py serve` on a project copy, edits saved to
datasets/votes.csv and positions.csv, the page polled over HTTP from this process.

`python benchmarks/edit_loop.py ROOT [--runs 5]` (ROOT: a project copy it may edit) prints
JSON: per edit, the seconds from the save until the page served the edit, and the requests
that failed (not 200, or not a whole page) while a poller kept fetching the page throughout.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
#: The vote whose title is edited (an HRC vote of the real record, so every scale has it).
TITLE_VOTE = "hrc-55-19"
#: How often the edited page is fetched while waiting for the edit (the resolution of the figures).
POLL_SECONDS = 0.01
#: How often the poller that counts failed requests fetches its page (a browser reloads far less often;
#: at 0.005 s the server spent a third of its time answering it, slowing the rebuild it measured).
CHECK_SECONDS = 0.02


class Poller:
    """Fetches one URL over and over; counts the answers that are not a whole page."""

    def __init__(self, url: str) -> None:
        self.url, self.requests, self.failures = url, 0, []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> "Poller":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            status, body = fetch(self.url)
            self.requests += 1
            if status != 200 or not body.rstrip().endswith(b"</html>"):
                self.failures.append(f"{status}: {len(body)} bytes")
            time.sleep(CHECK_SECONDS)


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except OSError as error:
        return 0, str(error).encode()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_serve(root: Path, port: int, python: str = sys.executable, timeout: float = 300) -> subprocess.Popen:
    """Starts `build.py serve` on `root`; returns once it answers the home page.

    Its output goes to a file (`server.log`, read with `output_of`): a pipe nobody reads
    would fill with the server's request log and stop it. Raises if it stops, or if it
    answers with its problems page (the first build failed)."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    log = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
    server = subprocess.Popen([python, str(REPO / "build.py"), "--root", str(root), "serve", "--port", str(port)],
                              cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
    server.log = log
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"serve stopped: {output_of(server)}")
        status, body = fetch(f"http://127.0.0.1:{port}/")
        if status == 200:
            time.sleep(0.5)   # the watcher starts after the first answer
            return server
        if b"could not be rebuilt" in body:
            stop(server)
            raise RuntimeError(f"serve's first build failed: {output_of(server)[-4000:]}")
        time.sleep(0.1)
    stop(server)
    raise RuntimeError(f"serve did not answer within {timeout:.0f} s: {output_of(server)[-4000:]}")


def stop(server: subprocess.Popen) -> str:
    """Stops the server; returns all it printed."""
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
    return output_of(server)


def output_of(server: subprocess.Popen) -> str:
    server.log.seek(0)
    return server.log.read()


def wait_for(url: str, marker: bytes, present: bool = True, timeout: float = 60) -> float:
    """Seconds until the page at `url` contains (or no longer contains) `marker`."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        status, body = fetch(url)
        if status == 200 and (marker in body) == present:
            return time.perf_counter() - started
        time.sleep(POLL_SECONDS)
    raise TimeoutError(f"{url}: {marker!r} never {'appeared' if present else 'went'}")


def save(path: Path, data: bytes) -> None:
    """Save as an editor does: write the file in place."""
    path.write_bytes(data)


def edit_title(root: Path, vote_id: str, n: int) -> tuple[bytes, bytes]:
    """Appends a marker to the vote's title; returns (file before, marker)."""
    votes = root / "datasets" / "votes.csv"
    before = votes.read_bytes()
    rows = list(csv.reader(io.StringIO(before.decode("utf-8"))))
    title = rows[0].index("title")
    marker = f"edit-loop-{n}"
    for row in rows[1:]:
        if row and row[0] == vote_id:
            row[title] = f"{row[title]} {marker}"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    save(votes, out.getvalue().encode("utf-8"))
    return before, marker.encode()


def flip_position(root: Path, vote_id: str) -> bytes:
    """Swaps one yes and one no in the vote (the tally stays right); returns the file before."""
    positions = root / "datasets" / "positions.csv"
    before = positions.read_bytes()
    lines = before.split(b"\n")
    header = lines[0].decode().split(",")
    vote_col, position_col = header.index("vote_id"), header.index("position")
    found = {}
    for i, line in enumerate(lines[1:], 1):
        cells = line.decode("utf-8").split(",")
        if len(cells) > position_col and cells[vote_col] == vote_id and cells[position_col] in ("yes", "no"):
            found.setdefault(cells[position_col], (i, cells))
    if len(found) < 2:
        raise ValueError(f"{vote_id} has no yes and no to swap")
    for i, cells in found.values():
        cells[position_col] = "no" if cells[position_col] == "yes" else "yes"
        lines[i] = ",".join(cells).encode("utf-8")
    save(positions, b"\n".join(lines))
    return before


def page_digest(url: str) -> bytes:
    return fetch(url)[1]


def measure(root: Path, title_vote: str, position_vote: str, runs: int = 5, python: str = sys.executable) -> dict:
    port = free_port()
    server = start_serve(root, port, python)
    base = f"http://127.0.0.1:{port}"
    try:
        with Poller(f"{base}/votes/{position_vote}/") as poller:
            titles = []
            for n in range(runs):
                before, marker = edit_title(root, title_vote, n)
                titles.append(wait_for(f"{base}/votes/{title_vote}/", marker))
                save(root / "datasets" / "votes.csv", before)
                wait_for(f"{base}/votes/{title_vote}/", marker, present=False)
            positions = []
            for _ in range(runs):
                url = f"{base}/votes/{position_vote}/"
                old = page_digest(url)
                before = flip_position(root, position_vote)
                positions.append(_wait_change(url, old))
                edited = page_digest(url)
                save(root / "datasets" / "positions.csv", before)
                _wait_change(url, edited)
            time.sleep(1)   # the poller keeps fetching while the last rebuild's list pages are written
    finally:
        output = stop(server)
    return {"poll_s": POLL_SECONDS, "title_visible_s": titles, "title_median_s": statistics.median(titles),
            "position_visible_s": positions, "position_median_s": statistics.median(positions),
            "requests": poller.requests, "failed_requests": len(poller.failures),
            "failures": poller.failures[:10], "serve_output": [line for line in output.splitlines()
                                                               if "rewrote" in line or "rebuild" in line]}


def _wait_change(url: str, old: bytes, timeout: float = 60) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        status, body = fetch(url)
        if status == 200 and body != old and body.rstrip().endswith(b"</html>"):
            return time.perf_counter() - started
        time.sleep(POLL_SECONDS)
    raise TimeoutError(f"{url} did not change")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", help="a project copy this may edit")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--title-vote", default=TITLE_VOTE)
    parser.add_argument("--position-vote", help="a General Assembly vote (default: the first ga- id)")
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()
    position_vote = args.position_vote or first_ga_vote(root)
    print(json.dumps(measure(root, args.title_vote, position_vote, args.runs), indent=1))
    return 0


def first_ga_vote(root: Path) -> str:
    with open(root / "datasets" / "votes.csv", encoding="utf-8") as f:
        return next(row["id"] for row in csv.DictReader(f) if row["id"].startswith("ga-"))


if __name__ == "__main__":
    sys.exit(main())
