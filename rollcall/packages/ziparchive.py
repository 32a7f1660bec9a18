"""Byte-reproducible zip archives: sorted entries, one fixed timestamp, fixed permissions.

The timestamp is SOURCE_DATE_EPOCH (https://reproducible-builds.org/specs/source-date-epoch/)
when set, else 1980-01-01 00:00, the earliest a zip can store. Entries are deflated at a fixed
level; the same zlib gives the same bytes.
"""

from __future__ import annotations

import io
import os
import shutil
import time
import zipfile
from typing import Mapping

EARLIEST = (1980, 1, 1, 0, 0, 0)
FILE_MODE = 0o100644  # regular file, rw-r--r--
LEVEL = 6  # zlib default: 3.05 MB in 0.3 s; level 9 saves 1% for twice the time


def zip_timestamp(environ: Mapping[str, str] | None = None) -> tuple[int, int, int, int, int, int]:
    value = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "").strip()
    if not value.isdigit():
        return EARLIEST
    stamp = time.gmtime(int(value))[:6]
    return max(stamp, EARLIEST)  # type: ignore[return-value]


def make_zip(files: Mapping[str, bytes], folder: str,
             timestamp: tuple[int, int, int, int, int, int] | None = None) -> bytes:
    """A zip holding `files` under `folder/`, entries sorted by name."""
    buffer = io.BytesIO()
    with ZipStream(buffer, folder, timestamp) as archive:
        for name in sorted(files):
            archive.add(name, files[name])
    return buffer.getvalue()


def _entry(name: str, when: tuple[int, int, int, int, int, int]) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=when)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3  # Unix, so the permissions below are read
    info.external_attr = FILE_MODE << 16
    return info


class ZipStream:
    """A zip written entry by entry (into a file or buffer) with make_zip's fixed metadata, for
    archives too big to hold in memory (a release's ~15,000 slices, its SQLite file). Entries
    keep the order they are added in: the caller adds them in a fixed order."""

    def __init__(self, target, folder: str,
                 timestamp: tuple[int, int, int, int, int, int] | None = None) -> None:
        self.folder, self.when = folder, timestamp or zip_timestamp()
        self.archive = zipfile.ZipFile(target, "w")

    def add(self, name: str, data: bytes) -> None:
        self.archive.writestr(_entry(f"{self.folder}/{name}", self.when), data, compresslevel=LEVEL)

    def add_file(self, name: str, path: str) -> None:
        """Copy a file in, a megabyte at a time (same bytes as `add` of its contents)."""
        info = _entry(f"{self.folder}/{name}", self.when)
        info._compresslevel = LEVEL   # what writestr sets; ZipFile.open reads it
        with open(path, "rb") as source, self.archive.open(info, "w") as target:
            shutil.copyfileobj(source, target, 1 << 20)

    def close(self) -> None:
        self.archive.close()

    def __enter__(self) -> "ZipStream":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_zip(data: bytes) -> dict[str, bytes]:
    """The files of an archive made by `make_zip`, keyed by name without the top folder."""
    out = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            folder, _, name = info.filename.partition("/")
            if not name or "/" in name or name.startswith("."):
                raise ValueError(f"unexpected entry {info.filename!r} in a release archive")
            out[name] = archive.read(info)
    return out
