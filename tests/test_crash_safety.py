"""Crash safety: a build killed half way leaves the previous site/ exactly as it was.

A project is built once (the "previous" site/), a template is changed so a new build would
change every page, and `python build.py` is started as a separate process. When its staging
folder (.site.staging-<pid>, beside site/) holds some pages, the build process is killed with
SIGKILL. Then:

* its render workers die with it (they are forked; left alone they would go on writing into
  the abandoned staging folder and race the next build's clean-up);
* site/ is byte for byte the previous site: same files, same sha256;
* the next build succeeds, publishes the change and removes the stale staging folder.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from site_support import REPO, Project, file_hashes, make_fixture_project, run_build

MARKER = "Roll Call (rebuilt) release"
# Files the writers may finish between the count and the kill: the data process writes
# small slice files at thousands per second while the pages render, so a few hundred can
# land in that window. Without the fix the writers go on with the rest of their share
# (thousands of files on the full data); the check below then proves they have stopped.
IN_FLIGHT = 400
# On the full data the staging folder is walked over ~3,000 files to take the count, and the
# data writer keeps going meanwhile: allow more there. Without the fix, workers go on to write
# the rest of their share: ~20,000 files.
IN_FLIGHT_FULL = 2000


def processes_in_group(group: int) -> list[tuple[int, str]]:
    """(pid, state) of the processes of a process group that are still running (not zombies)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2:].split()
        state, pgrp = fields[0], int(fields[2])
        if pgrp == group and state not in ("Z", "X"):
            found.append((int(stat.parent.name), state))
    return found


def count_files(folder: Path) -> int:
    return sum(len(files) for _, _, files in os.walk(folder))


def start_build(root: Path, log: Path, workers: int) -> subprocess.Popen:
    env = {**os.environ, "ROLLCALL_WORKERS": str(workers)}
    with log.open("w") as out:
        return subprocess.Popen([sys.executable, str(REPO / "build.py"), "--root", str(root), "build", "--force"],
                                cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)


def kill_half_way(project: Project, log: Path, pages_before_kill: int, workers: int = 2,
                  in_flight: int = IN_FLIGHT) -> tuple[Path, int]:
    """Start a build, SIGKILL it once its staging folder has that many files; (staging, files)."""
    build = start_build(project.root, log, workers)
    staging = project.site.with_name(f".{project.site.name}.staging-{build.pid}")
    try:
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            if staging.is_dir() and count_files(staging) >= pages_before_kill:
                break
            assert build.poll() is None, f"the build ended before it could be killed:\n{log.read_text()[-3000:]}"
            time.sleep(0.01)
        else:
            pytest.fail("the build did not write into its staging folder in time")
        at_kill = count_files(staging)
        os.kill(build.pid, signal.SIGKILL)
        assert build.wait(timeout=30) == -signal.SIGKILL
        # the forked render workers die with the build: at most the pages in flight are added
        deadline = time.monotonic() + 10
        while processes_in_group(build.pid) and time.monotonic() < deadline:
            time.sleep(0.02)
        left = processes_in_group(build.pid)
        assert not left, f"render workers outlived the killed build: {left}"
    finally:
        kill_group(build.pid)
    written = count_files(staging)
    assert written - at_kill <= in_flight, (f"the render workers went on after the build was killed: "
                                            f"{at_kill} files at the kill, {written} when they stopped")
    time.sleep(0.3)
    assert count_files(staging) == written, "something still writes into the abandoned staging folder"
    return staging, written


def kill_group(group: int) -> None:
    try:
        os.killpg(group, signal.SIGKILL)
    except ProcessLookupError:
        pass


def crash_and_recover(project: Project, tmp_path: Path, pages_before_kill: int,
                      in_flight: int = IN_FLIGHT) -> None:
    before = file_hashes(project.site)
    assert before, "no previous site"
    footer = project.root / "templates" / "partials" / "chrome.html"   # on every page
    text = footer.read_text(encoding="utf-8")
    assert "Roll Call release" in text
    footer.write_text(text.replace("Roll Call release", MARKER), encoding="utf-8")

    staging, written = kill_half_way(project, tmp_path / "killed.log", pages_before_kill, in_flight=in_flight)
    assert 0 < written < len(before), f"not killed half way: {written} files written of about {len(before)}"
    assert file_hashes(project.site) == before, "the killed build changed site/"
    assert MARKER not in (project.site / "index.html").read_text(encoding="utf-8")

    log = tmp_path / "after.log"
    build = start_build(project.root, log, workers=2)
    assert build.wait(timeout=1800) == 0, f"the build after the crash failed:\n{log.read_text()[-3000:]}"
    assert MARKER in (project.site / "index.html").read_text(encoding="utf-8")
    assert not staging.exists(), "the stale staging folder was not cleaned up"
    leftovers = sorted(p.name for p in project.root.glob(f".{project.site.name}.*"))
    assert leftovers == [], f"left beside site/: {leftovers}"
    after = file_hashes(project.site)
    assert sorted(after) == sorted(before), "the rebuilt site has other files"


def test_killed_build_leaves_the_previous_site(site, tmp_path):
    project = make_fixture_project(tmp_path / "project")
    shutil.copytree(site, project.site)  # the session's build of the same fixture: the previous site
    crash_and_recover(project, tmp_path, pages_before_kill=150)


@pytest.mark.slow
def test_killed_full_build_leaves_the_previous_site(tmp_path):
    """The full data: the kill lands well inside a build of some 10,000 files."""
    root = tmp_path / "full"
    root.mkdir()
    for name in ("datasets", "static", "content"):
        (root / name).symlink_to(REPO / name, target_is_directory=True)
    shutil.copytree(REPO / "templates", root / "templates")  # changed by the test
    project = Project(root)
    code, output = run_build(project)
    assert code == 0, output
    crash_and_recover(project, tmp_path, pages_before_kill=3000, in_flight=IN_FLIGHT_FULL)
