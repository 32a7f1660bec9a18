"""Frozen releases: releases/index.yaml plus, per release, its zip and its list of changes.

    releases/index.yaml                    one entry per release, oldest first
    releases/<version>/roll-call-<version>.zip   the release, byte for byte as published
    releases/<version>/changes.json        rows added, removed and changed since the previous one

The zip is the release: its sha256 is recorded in the index, checked by every build, and
published unchanged at /data/<version>/ (see docs/releases.md for why the zip is committed).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from ..descriptor import read_yaml_file
from ..problems import Problems

INDEX = "index.yaml"
CHANGES = "changes.json"
VERSION = re.compile(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)")
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
INDEX_HEADER = ("# Frozen releases of the data package, oldest first. Written by\n"
                "# `python build.py release X.Y.Z --notes \"...\"`; see docs/releases.md. Do not edit.\n")


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


@dataclass(frozen=True)
class Release:
    """One frozen release, as recorded in releases/index.yaml."""

    version: str
    date: str
    notes: str
    archive: str        # path of the zip, relative to releases/
    sha256: str
    bytes: int
    source_date_epoch: int | None = None

    @property
    def folder(self) -> str:
        return str(PurePosixPath(self.archive).parent)

    @property
    def archive_name(self) -> str:
        return PurePosixPath(self.archive).name

    def as_entry(self) -> dict[str, Any]:
        return {"version": self.version, "date": self.date, "notes": self.notes, "archive": self.archive,
                "sha256": self.sha256, "bytes": self.bytes, "source_date_epoch": self.source_date_epoch}


@dataclass(frozen=True)
class Releases:
    """The releases folder and what its index records."""

    root: Path
    items: tuple[Release, ...]

    def read_archive(self, release: Release) -> bytes:
        return (self.root / release.archive).read_bytes()

    def changes(self, release: Release) -> dict[str, Any] | None:
        path = self.root / release.folder / CHANGES
        return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None

    def find(self, version: str) -> Release | None:
        return next((r for r in self.items if r.version == version), None)

    @property
    def latest(self) -> Release | None:
        return self.items[-1] if self.items else None


def load_releases(root: Path, problems: Problems) -> Releases:
    """Read releases/index.yaml (a missing folder means no releases yet) and check every zip."""
    path = root / INDEX
    shown = f"{root.name}/{INDEX}"
    if not path.is_file():
        return Releases(root, ())
    raw = read_yaml_file(path, shown, problems)
    if raw is None:
        return Releases(root, ())
    entries = raw.get("releases") if isinstance(raw, dict) else None
    if not isinstance(entries, list):
        problems.add(shown, 1, "releases", "descriptor", "the index needs a 'releases' list")
        return Releases(root, ())
    items = []
    for number, entry in enumerate(entries, start=1):
        release = _parse(entry, shown, number, problems)
        if release is not None and _check_archive(root, release, shown, problems):
            items.append(release)
    versions = [r.version for r in items]
    if versions != sorted(versions, key=version_key) or len(set(versions)) != len(versions):
        problems.add(shown, 1, "version", "descriptor", "releases must be listed oldest first, each version once")
    return Releases(root, tuple(items))


def _parse(entry: Any, shown: str, number: int, problems: Problems) -> Release | None:
    fields = ("version", "date", "notes", "archive", "sha256", "bytes")
    if not isinstance(entry, dict) or any(k not in entry for k in fields):
        problems.add(shown, 1, f"releases[{number}]", "descriptor", f"each release needs {', '.join(fields)}")
        return None
    version, archive = str(entry["version"]), str(entry["archive"])
    if not VERSION.fullmatch(version) or not DATE.fullmatch(str(entry["date"])):
        problems.add(shown, 1, f"releases[{number}]", "descriptor",
                     "version must be X.Y.Z and date YYYY-MM-DD")
        return None
    pure = PurePosixPath(archive)
    if pure.is_absolute() or ".." in pure.parts or len(pure.parts) != 2 or pure.parts[0] != version:
        problems.add(shown, 1, f"releases[{number}].archive", "file-outside",
                     f"archive must be '{version}/<name>.zip' inside releases/")
        return None
    epoch = entry.get("source_date_epoch")
    return Release(version, str(entry["date"]), str(entry["notes"]), archive, str(entry["sha256"]),
                   int(entry["bytes"]), int(epoch) if epoch is not None else None)


def _check_archive(root: Path, release: Release, shown: str, problems: Problems) -> bool:
    path = root / release.archive
    if not path.is_file():
        problems.add(shown, 1, release.version, "file-missing",
                     f"release archive {root.name}/{release.archive} is missing; restore it from git")
        return False
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != release.sha256:
        problems.add(shown, 1, release.version, "release-hash",
                     f"{root.name}/{release.archive} has sha256 {digest}, but the index records "
                     f"{release.sha256}; a published release must never change: restore it from git")
        return False
    return True


def write_index(root: Path, releases: tuple[Release, ...]) -> None:
    body = yaml.safe_dump({"releases": [r.as_entry() for r in releases]}, sort_keys=False,
                          allow_unicode=True, width=100)
    (root / INDEX).write_text(INDEX_HEADER + body, encoding="utf-8")


def write_release(root: Path, release: Release, archive: bytes, changes: dict[str, Any]) -> None:
    folder = root / release.folder
    folder.mkdir(parents=True, exist_ok=True)
    (root / release.archive).write_bytes(archive)
    (folder / CHANGES).write_text(json.dumps(changes, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
