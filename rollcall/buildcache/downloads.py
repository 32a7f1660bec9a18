"""The data downloads, with every frozen release's part taken from the cache when it can be.

`packages.publish_data` writes the latest data (from datasets/) and then, for each frozen
release, its folder /data/<version>/ (its zip and files, SQLite, Parquet, slices, CC0
package...: most of the downloads' time, the same in every build). A release's folder
depends on releases/, the published address and the code, not on datasets/, except that a
release equal to the latest data links the latest's database. So this module, at the build's
call site and without reaching into packages/, keys the releases' part apart (`releases_key`,
which includes which release the latest equals) and:

- with no stored entry for the key: publishes everything, then stores the release folders
  (hard links) and their records (`PublishedRelease`, pickled) in `.cache/downloads/`;
- with one: publishes the latest data only (`_LatestOnly`: publish_data still finds the
  release the latest equals, it just has no releases to write), links the stored release
  folders in and writes the catalogue of every version again;
- when the stored entry was made with another latest (rare), publishes everything into a
  scratch folder and takes the releases from there.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

from .. import urls
from ..dataset import Dataset
from ..output import OutputFolder, StagingWriter
from ..packages.catalogue import dcat_catalogue
from ..packages.json_descriptor import dumps
from ..packages.publish import Published, publish_data
from ..packages.releases import Release, Releases
from ..fingerprint import CONFIGURATION
from .inputs import library_versions

STORE = Path(".cache") / "downloads"
CODE = ("rollcall",)


@dataclass(frozen=True)
class _LatestOnly(Releases):
    """The releases as publish_data sees them when only the latest is to be written."""

    everything: tuple[Release, ...] = ()

    def find(self, version: str) -> Release | None:
        return next((r for r in self.everything if r.version == version), None)


def releases_key(root: Path, dataset: Dataset) -> str:
    """What the release folders depend on, except which release the latest equals."""
    digest = hashlib.blake2b(b"rollcall-release-downloads-1", digest_size=20)
    for name in CONFIGURATION:
        digest.update(f"{name}={os.environ.get(name, '')}\0".encode())
    digest.update(repr(library_versions()).encode())
    digest.update(json.dumps(dataset.package.metadata, sort_keys=True, default=str).encode())
    for folder in ("releases", *CODE):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def publish_downloads(root: Path, dataset: Dataset, releases: Releases, out: OutputFolder) -> Published:
    """publish_data(dataset, releases, out), the release folders from the cache when stored."""
    if not releases.items:
        return publish_data(dataset, releases, out)
    entry = root / STORE / "releases"
    base = releases_key(root, dataset)
    stored = _read(entry, base)
    if stored is None:
        published = publish_data(dataset, releases, out)
        _store(entry, base, published, out.staging)
        return published
    published = publish_data(dataset, _LatestOnly(releases.root, (), releases.items), out)
    if stored["latest"] != published.release_of_latest:
        scratch = OutputFolder(root / STORE / "scratch")
        try:
            _store(entry, base, publish_data(dataset, releases, scratch), scratch.staging)
        finally:
            scratch.discard()
        stored = _read(entry, base)
        assert stored is not None
    _link_releases(entry, stored, published, out)
    return published


def _release_folder(release: Release) -> str:
    return os.path.dirname(urls.file_for(urls.data_file(release.version, "x")))


def _read(entry: Path, base: str) -> dict | None:
    try:
        if (entry / "key").read_text() != base:
            return None
        with open(entry / "records.pickle", "rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.PickleError, EOFError):
        return None


def _store(entry: Path, base: str, published: Published, staging: Path) -> None:
    shutil.rmtree(entry, ignore_errors=True)
    files = entry / "files"
    for item in published.releases:
        folder = _release_folder(item.release)
        shutil.copytree(staging / folder, files / folder, copy_function=_link_or_copy)
    with open(entry / "records.pickle", "wb") as handle:
        pickle.dump({"latest": published.release_of_latest, "releases": published.releases}, handle)
    (entry / "key").write_text(base)   # last: an entry without its key is never read


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _link_releases(entry: Path, stored: dict, published: Published, out: OutputFolder) -> None:
    files = entry / "files"
    writer = StagingWriter(out.staging)
    for item in stored["releases"]:
        folder = files / _release_folder(item.release)
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                target = writer.target(path.relative_to(files).as_posix())
                _link_or_copy(str(path), target)
                published.files += 1
                published.bytes += path.stat().st_size
    published.releases = list(stored["releases"])
    # The catalogue lists every version: written again now that the releases are known.
    catalogue = dumps(dcat_catalogue(published))
    StagingWriter(out.staging).write(urls.file_for(urls.data_catalogue()), catalogue)
    if published.catalogue is not None:
        published.bytes += len(catalogue) - published.catalogue.bytes
        published.catalogue = replace(published.catalogue, bytes=len(catalogue))
