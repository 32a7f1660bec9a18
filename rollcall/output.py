"""Gather step 3: write pages into a fresh folder beside site/, then swap it in.

A build that fails or is killed half way leaves the previous site/ untouched: nothing is
written into site/ itself. The swap uses renameat2(RENAME_EXCHANGE) where the kernel has
it (one atomic step), else two renames.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
from pathlib import Path

RENAME_EXCHANGE = 2
AT_FDCWD = -100


def write_file(path: str, data: bytes) -> None:
    """Write `data` to `path` with os-level calls (cheaper than pathlib for many small files)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view):]
    finally:
        os.close(descriptor)


class StagingWriter:
    """Writes files under one folder, creating parents once; counts what it wrote."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._root = str(root)
        self._made_paths: set[str] = {str(root)}
        self.files = 0
        self.bytes = 0

    def write(self, relative: str, data: bytes) -> str:
        """Write `data` to `relative` (under the root); the file's absolute path."""
        target = self.target(relative)
        write_file(target, data)
        self.files += 1
        self.bytes += len(data)
        return target

    def target(self, relative: str) -> str:
        """The absolute path of `relative`, its folder created (once per folder)."""
        # os-level calls: ~9,000 pages each in a folder of its own, so pathlib's overhead shows.
        target = os.path.join(self._root, relative)
        parent = os.path.dirname(target)
        if parent not in self._made_paths:
            try:
                os.mkdir(parent)  # usually the one missing level: a page's own folder
            except FileExistsError:
                pass
            except FileNotFoundError:
                os.makedirs(parent, exist_ok=True)
            self._made_paths.add(parent)
        return target


class OutputFolder:
    """A staging folder that becomes site/ when `publish` is called."""

    def __init__(self, site: Path) -> None:
        self.site = site
        self.staging = site.with_name(f".{site.name}.staging-{os.getpid()}")
        if self.staging.exists():
            shutil.rmtree(self.staging)
        self.staging.mkdir(parents=True)
        self._writer = StagingWriter(self.staging)
        self._counted_elsewhere = [0, 0]

    def write(self, relative: str, data: bytes) -> None:
        self._writer.write(relative, data)

    def count_written_elsewhere(self, files: int, size: int) -> None:
        """Add files that other processes wrote into the staging folder."""
        self._counted_elsewhere[0] += files
        self._counted_elsewhere[1] += size

    @property
    def files(self) -> int:
        return self._writer.files + self._counted_elsewhere[0]

    @property
    def bytes(self) -> int:
        return self._writer.bytes + self._counted_elsewhere[1]

    def publish(self) -> None:
        if self.site.exists() and _exchange(self.staging, self.site):
            shutil.rmtree(self.staging)
            return
        old = self.site.with_name(f".{self.site.name}.old-{os.getpid()}")
        if self.site.exists():
            os.rename(self.site, old)
        os.rename(self.staging, self.site)
        if old.exists():
            shutil.rmtree(old)

    def discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def clean_stale_staging(site: Path) -> None:
    """Remove staging folders left by builds that were killed."""
    for stale in site.parent.glob(f".{site.name}.staging-*"):
        shutil.rmtree(stale, ignore_errors=True)
    for stale in site.parent.glob(f".{site.name}.old-*"):
        shutil.rmtree(stale, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
    return result == 0
