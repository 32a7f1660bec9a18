"""Skip a build whose inputs are unchanged since the site/ it would replace.

The fingerprint hashes every input file (datasets, content, templates, static, sources,
the generator's own code) by path and content, plus SOURCE_DATE_EPOCH. It uses only the
standard library so the check runs before the heavy imports.
"""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

INPUT_FOLDERS = ("datasets", "content", "templates", "static", "sources", "releases", "rollcall")
#: The environment that changes what a build writes: the dates, the base path, the published
#: address (packages/address.py), the search index's shard size (search.py). The build cache's
#: keys read the same list.
CONFIGURATION = ("SOURCE_DATE_EPOCH", "ROLLCALL_BASE_PATH", "ROLLCALL_SITE_URL", "GITHUB_REPOSITORY",
                 "ROLLCALL_SEARCH_SHARD_SIZE")
RECORD = Path(".cache") / "site-fingerprint"


def fingerprint(root: Path) -> str:
    digest = hashlib.blake2b(digest_size=20)
    digest.update(b"\0".join(os.environ.get(name, "").encode() for name in CONFIGURATION))
    for folder in INPUT_FOLDERS:
        base = root / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode() + b"\0")
                digest.update(path.read_bytes())
                digest.update(b"\0")
    return digest.hexdigest()


def is_up_to_date(root: Path, site: Path) -> bool:
    record = root / RECORD
    return site.is_dir() and record.is_file() and record.read_text().strip() == fingerprint(root)


def remember(root: Path, value: str | None = None) -> None:
    """Record the fingerprint of the inputs just built (`value`: computed at the start)."""
    record = root / RECORD
    record.parent.mkdir(parents=True, exist_ok=True)
    record.write_text((value or fingerprint(root)) + "\n")


class Pending:
    """The fingerprint of `root`, computed in a thread while the build loads its data (reading
    and hashing release the GIL). `wait()` returns it. A thread must not run across a fork, so
    the first fork of the process waits for it (os.register_at_fork)."""

    def __init__(self, root: Path) -> None:
        self._value = ""
        self._thread = threading.Thread(target=self._compute, args=(root,), name="fingerprint", daemon=True)
        self._thread.start()
        os.register_at_fork(before=self._thread.join)

    def _compute(self, root: Path) -> None:
        self._value = fingerprint(root)

    def wait(self) -> str:
        self._thread.join()
        return self._value


def forget(root: Path) -> None:
    (root / RECORD).unlink(missing_ok=True)
