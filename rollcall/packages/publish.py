"""Write every data download into the site: /data/latest/... and /data/<version>/... .

    /data/latest/datapackage.json, <resource>.csv     the current package (CSV bytes = datasets/)
    /data/latest/roll-call.zip                        the same, zipped (stable name)
    /data/latest/roll-call.sqlite (+ .metadata.json)  SQLite, with Datasette metadata
    /data/latest/parquet/<resource>.parquet           Parquet
    /data/latest/schemas/<resource>.json              each Table Schema, linked from the slices
    /data/latest/by-vote/<id>.csv|json                one vote's positions
    /data/latest/by-country/<id>.csv|json             one country's positions
    /data/latest/<resource>.csv-metadata.json         CSV on the Web metadata per table
    /data/latest/cc0/..., roll-call-cc0.zip           the CC0-only package (CC0 votes and their positions)
    /data/<version>/roll-call-<version>.zip           a frozen release, as recorded in releases/
    /data/<version>/datapackage.json, <resource>.csv  its files, extracted from that zip
    /data/<version>/changes.json                      what changed since the previous release
    /data/<version>/...                               and, built from that zip, the same SQLite, Parquet,
                                                      schemas, slices, CSVW and CC0 package as latest/,
                                                      the slices and SQLite packed as zips (packing.py)
    /data/<version>/SHA256SUMS                        the SHA-256 of every file of the release folder
"""

from __future__ import annotations

import errno
import filecmp
import json
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterator

import pyarrow as pa

from .. import urls
from ..children import Child, release_free_memory
from ..dataset import Dataset
from ..output import OutputFolder, StagingWriter
from .address import site_address
from .cc0 import cc0_files
from .citation import citation_cff, zenodo_json
from .csvw import metadata_name, table_metadata
from .datasette import datasette_metadata
from .json_descriptor import DESCRIPTOR_NAME, Digest, compact, csv_name, dumps, schema_descriptor, sha256
from .full import EXTRA_FILES, FullPackage, build_full_package, file_digest
from .licences import LicenceCount, licence_counts, licence_entry, vote_licences
from .packing import CHECKSUMS, SLICES, SQLITE, checksums, packed_licence, packed_readme, packed_stem
from .parquet import write_parquet
from .releases import CHANGES, Release, Releases
from .slices import SliceMeta, SliceTemplate, json_objects, resource_rows
from .sqlite import write_sqlite
from .version_data import version_dataset
from .ziparchive import ZipStream, read_zip

ZIP_TYPE = "application/zip"
CSV_TYPE = "text/csv"
JSON_TYPE = "application/json"
SQLITE_TYPE = "application/vnd.sqlite3"
PARQUET_TYPE = "application/vnd.apache.parquet"
TEXT_TYPE = "text/plain"
CSVW_TYPE = "application/csvm+json"
YAML_TYPE = "application/x-yaml"
UNRELEASED = "+unreleased"   # appended to the version of latest files that differ from its release


@dataclass(frozen=True)
class Download:
    """One published file: what it is, where, how big, and its checksum."""

    label: str
    url: str
    bytes: int
    sha256: str
    media_type: str
    resource: str = ""


@dataclass
class Derived:
    """What one version's folder holds beside its package files, built from its tables."""

    parquet: list[Download] = field(default_factory=list)
    csvw: list[Download] = field(default_factory=list)
    database: Download | None = None
    datasette: Download | None = None
    cc0: Download | None = None
    slices: Download | None = None      # a release's slices, zipped (latest's are files)
    licences: list[LicenceCount] = field(default_factory=list)

    def downloads(self) -> list[Download]:
        return [d for d in (self.database, self.datasette, self.slices, self.cc0) if d] + self.parquet + self.csvw


@dataclass(frozen=True)
class PublishedRelease:
    release: Release
    downloads: tuple[Download, ...]     # the zip first, then datapackage.json, the CSVs, then the rest
    descriptor: dict[str, Any]
    changes: dict[str, Any] | None
    derived: Derived | None = None      # None when the release's tables could not be read back


@dataclass
class Published:
    """What publish_data wrote, for the data pages."""

    name: str
    version: str
    base: str
    metadata: dict[str, Any]
    archive: Download | None = None
    descriptor: Download | None = None
    database: Download | None = None
    datasette: Download | None = None
    csvs: list[Download] = field(default_factory=list)
    parquet: list[Download] = field(default_factory=list)
    csvw: list[Download] = field(default_factory=list)
    cc0: Download | None = None
    catalogue: Download | None = None
    licences: list[LicenceCount] = field(default_factory=list)
    release_of_latest: str | None = None     # the release whose files the latest equals
    releases: list[PublishedRelease] = field(default_factory=list)   # newest first
    files: int = 0
    bytes: int = 0
    timings: dict[str, float] = field(default_factory=dict)   # seconds per step

    @contextmanager
    def timed(self, step: str):
        started = time.perf_counter()
        yield
        self.timings[step] = self.timings.get(step, 0.0) + time.perf_counter() - started

    def absolute(self, url: str) -> str:
        """`url` under the published address (site_address); root-relative when none is set."""
        return urls.absolute(url, self.base) if self.base else url


class _Writer:
    """Writes files straight into the staging folder (os-level: ~15,000 small files)."""

    def __init__(self, out: OutputFolder, published: Published) -> None:
        self.out, self.published = out, published
        self.root = str(out.staging)
        self.files = StagingWriter(out.staging)
        self.linkable: dict[int, list[tuple[str, Download]]] = {}   # by size: written file, its Download

    def write(self, url: str, data: bytes, label: str = "", media_type: str = "", resource: str = "",
              linkable: bool = False) -> Download:
        """Write one file; `linkable`: later identical files may be hard links to it."""
        path = self.store(url, data)
        download = Download(label, url, len(data), sha256(data) if label else "", media_type, resource)
        if linkable:   # the path, not the bytes: the 10x record's CSVs would stay in memory
            self.linkable.setdefault(len(data), []).append((path, download))
        return download

    def write_same(self, url: str, data: bytes, label: str, media_type: str, resource: str = "") -> Download:
        """Write a file that may be byte for byte one written with `linkable`: then it is a hard
        link to that file (same bytes, nothing to write or hash again), else written."""
        for source, download in self.linkable.get(len(data), ()):
            if _same_bytes(source, data):
                path = self._path(url)
                if self._link(source, path):
                    self._count(data)
                    return Download(label, url, len(data), download.sha256, media_type, resource)
                break
        return self.write(url, data, label, media_type, resource, linkable=True)

    def wrote_same(self, target: tuple[str, str], label: str, media_type: str, resource: str = "") -> Download:
        """`wrote`, for a file that may be byte for byte one written with `linkable`: then it is
        replaced by a hard link to that file, as in `write_same`."""
        url, path = target
        size = os.path.getsize(path)
        for source, download in self.linkable.get(size, ()):
            if filecmp.cmp(source, path, shallow=False):
                os.unlink(path)
                if not self._link(source, path):
                    shutil.copyfile(source, path)
                self.published.files += 1
                self.published.bytes += size
                return Download(label, url, size, download.sha256, media_type, resource)
        return self.wrote(target, label, media_type, resource, linkable=True)

    def store(self, url: str, data: bytes) -> str:
        """Write one file with no Download (the slices: no label, no checksum); its path."""
        path = self.files.write(urls.file_for(url), data)
        self._count(data)
        return path

    def _count(self, data: bytes) -> None:
        self.published.files += 1
        self.published.bytes += len(data)

    def _path(self, url: str) -> str:
        """The file that serves `url`, its folder created."""
        return self.files.target(urls.file_for(url))

    @staticmethod
    def _link(source: str, path: str) -> bool:
        """Hard-link `path` to `source`; False where the file system will not (then write it)."""
        try:
            os.link(source, path)
        except OSError as exc:
            if exc.errno == errno.EEXIST:
                os.unlink(path)   # never write through an old link into `source`
            return False
        return True

    def path(self, url: str) -> tuple[str, str]:
        """(url, absolute file path) for a file another process writes."""
        return url, os.path.join(self.root, urls.file_for(url))

    def wrote(self, target: tuple[str, str], label: str, media_type: str, resource: str = "",
              linkable: bool = False, known: Digest | None = None) -> Download:
        """Count (and checksum, unless `known`) a file written in place, by this process or
        another; `linkable` as in `write`."""
        url, path = target
        size, digest = known or file_digest(Path(path))
        self.published.files += 1
        self.published.bytes += size
        download = Download(label, url, size, digest, media_type, resource)
        if linkable:
            self.linkable.setdefault(size, []).append((path, download))
        return download

    def close(self) -> None:
        self.out.count_written_elsewhere(self.published.files, self.published.bytes)


def _same_bytes(path: str, data: bytes) -> bool:
    with open(path, "rb") as handle:
        return handle.read() == data


@dataclass(frozen=True)
class VersionSource:
    """One version's package files and tables: the latest data's, or a release's."""

    folder: str                  # urls.LATEST or the version
    version: str
    files: dict[str, bytes | Path]   # datapackage.json, the CSVs (and LICENSE, README.md since 0.3.0);
                                     # the latest's CSVs are files (paths), a release's bytes from its zip
    descriptor: dict[str, Any]
    dataset: Dataset


def publish_data(dataset: Dataset, releases: Releases, out: OutputFolder) -> Published:
    package = dataset.package
    started = time.perf_counter()
    # First: the SQLite child is forked with this process's heap, before anything big is in it.
    database = _start_sqlite(out, urls.LATEST, str(package.metadata.get("name", "roll-call")), dataset)
    writer: _Writer | None = None
    try:
        read: dict[str, tuple[bytes, dict[str, bytes]]] = {}   # version -> its zip and files, unzipped once
        published, full, archive = _latest_package(dataset, releases, read, out)
        published.timings["package and zip"] = time.perf_counter() - started
        writer = _Writer(out, published)
        with published.timed("latest"):
            _publish_latest(writer, dataset, full, archive)
        del full, archive   # the CSVs and the zip, in memory: not needed for the releases
        release_free_memory()
        with published.timed("sqlite (waiting)"):
            published.database = _finish_sqlite(writer, database)
        with published.timed("releases"):
            for release in reversed(releases.items):
                published.releases.append(_write_release(writer, releases, release, read.pop(release.version, None)))
                release_free_memory()
        published.catalogue = _write_catalogue(writer)
    finally:
        database[2].stop()
        if writer is not None:
            writer.close()
    return published


def _latest_package(dataset: Dataset, releases: Releases, read: dict[str, tuple[bytes, dict[str, bytes]]],
                    out: OutputFolder) -> tuple[Published, FullPackage, bytes | None]:
    """The latest data's package, its CSVs copied into place (and a released version's frozen zip,
    read into `read`; None: the zip is to be written from the package)."""
    package = dataset.package
    staging = StagingWriter(out.staging)
    full = build_full_package(dataset, stage=lambda name: Path(staging.target(
        urls.file_for(urls.data_file(urls.LATEST, name)))))
    frozen = releases.find(full.version)
    archive: bytes | None = None
    if frozen is not None:
        archive = releases.read_archive(frozen)
        read[frozen.version] = (archive, read_zip(archive))
        if read[frozen.version][1].get(DESCRIPTOR_NAME) != full.descriptor:
            # datasets/ changed since the release of this version: say so in the version itself.
            full, archive = full.with_version(dataset, f"{full.version}{UNRELEASED}"), None
    published = Published(full.name, full.version, site_address(package.metadata), dict(package.metadata))
    published.release_of_latest = frozen.version if archive is not None and frozen else None
    return published, full, archive   # a released version is served as its frozen zip


def _publish_latest(writer: _Writer, dataset: Dataset, full: FullPackage, archive: bytes | None) -> None:
    published = writer.published
    _write_latest(writer, dataset, full, archive)
    latest = VersionSource(urls.LATEST, full.version, full.own | full.csvs, json.loads(full.descriptor), dataset)
    derived = _write_derived(writer, latest)
    published.parquet, published.csvw, published.cc0 = derived.parquet, derived.csvw, derived.cc0
    published.datasette, published.licences = derived.datasette, derived.licences


def _start_sqlite(out: OutputFolder, folder: str, name: str, dataset: Dataset) -> tuple[str, str, Child]:
    url = urls.data_file(folder, f"{name}.sqlite")
    path = os.path.join(str(out.staging), urls.file_for(url))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    return url, path, Child("rollcall-sqlite", write_sqlite, dataset, Path(path))   # ~3 s, meanwhile


def _finish_sqlite(writer: _Writer, started: tuple[str, str, Child]) -> Download:
    url, path, child = started
    try:
        child.result()
    finally:
        child.stop()
    return writer.wrote((url, path), "SQLite database", SQLITE_TYPE)


def _write_latest(writer: _Writer, dataset: Dataset, full: FullPackage, archive: bytes | None) -> None:
    """The latest package's files (its CSVs are in place already) and its zip: `archive`, or
    written from the files."""
    published, latest = writer.published, urls.LATEST
    # linkable: a release's files that equal these become hard links to them (_write_release)
    url, label = urls.data_file(latest, f"{full.name}.zip"), "Everything: data package (CSV and datapackage.json), zipped"
    if archive is not None:
        published.archive = writer.write(url, archive, label, ZIP_TYPE, linkable=True)
    else:
        full.write_archive(writer._path(url))   # streamed: the CSVs are not read into memory
        published.archive = writer.wrote(writer.path(url), label, ZIP_TYPE, linkable=True)
    published.descriptor = writer.write(urls.data_file(latest, DESCRIPTOR_NAME), full.descriptor,
                                        "Descriptor (datapackage.json)", JSON_TYPE, linkable=True)
    for resource in dataset.package.resources:
        name = csv_name(resource.name)
        published.csvs.append(writer.wrote(writer.path(urls.data_file(latest, name)),
                                           f"{resource.schema.title or resource.name} (CSV)", CSV_TYPE,
                                           resource.name, linkable=True, known=full.digests[name]))
    for name in EXTRA_FILES:
        writer.write(urls.data_file(latest, name), full.own[name], name, TEXT_TYPE, linkable=True)


def _write_derived(writer: _Writer, source: VersionSource, packed: bool = False) -> Derived:
    """Schemas, Parquet, CSVW, Datasette metadata, slices and the CC0 package of one version;
    `packed` (a release): the slices in one zip, the CC0 package only as its zip."""
    published, folder, dataset = writer.published, source.folder, source.dataset
    package = dataset.package
    described = {r["name"]: r for r in source.descriptor.get("resources", [])}
    derived = Derived()
    if "votes" in dataset.tables and "positions" in dataset.tables:
        derived.licences = licence_counts(dataset.table("votes"), dataset.table("positions"))
    for resource in package.resources:
        writer.write(urls.data_schema(resource.name, folder), dumps(schema_descriptor(resource.schema, profile=True)))
        licenses = described.get(resource.name, {}).get("licenses") or package.metadata.get("licenses", [])
        derived.csvw.append(writer.write_same(
            urls.data_file(folder, metadata_name(resource.name)), dumps(table_metadata(resource, licenses)),
            f"{resource.schema.title or resource.name} (CSVW metadata)", CSVW_TYPE, resource.name))
    dictionary = published.absolute(urls.data_dictionary())
    derived.datasette = writer.write_same(
        urls.data_file(folder, f"{published.name}.metadata.json"),
        dumps(datasette_metadata(package, published.name, dictionary)), "Datasette metadata", JSON_TYPE)
    with published.timed("parquet"):
        for resource in package.resources:
            target = writer.path(urls.data_parquet(resource.name, folder))
            write_parquet(resource, dataset.table(resource.name), writer._path(target[0]))
            derived.parquet.append(writer.wrote_same(target, f"{resource.schema.title or resource.name} (Parquet)",
                                                     PARQUET_TYPE, resource.name))
    release_free_memory()
    with published.timed("slices"):
        if packed:
            derived.slices = _write_packed_slices(writer, source, derived.licences)
        else:
            _write_slices(writer, source)
    release_free_memory()
    derived.cc0 = _write_cc0(writer, source, extracted=not packed)
    release_free_memory()
    return derived


def _write_cc0(writer: _Writer, source: VersionSource, extracted: bool = True) -> Download | None:
    """The CC0 package: its CSVs written a chunk at a time (into cc0/, or a scratch folder when
    `extracted` is false), its zip streamed from them."""
    with tempfile.TemporaryDirectory(prefix="rollcall-cc0-") as scratch:
        folder = Path(os.path.dirname(writer._path(urls.data_cc0(source.folder, DESCRIPTOR_NAME)))
                      if extracted else scratch)
        files = cc0_files(source.descriptor, source.files, source.dataset.tables, folder)
        if files is None:
            return None
        for name, data in files.items() if extracted else ():
            if isinstance(data, Path):
                writer.wrote_same(writer.path(urls.data_cc0(source.folder, name)), name, "")
            else:
                writer.write_same(urls.data_cc0(source.folder, name), data, name, "")
        name = writer.published.name
        stem = f"{name}-cc0" if source.folder == urls.LATEST else f"{name}-cc0-{source.version}"
        target = writer.path(urls.data_file(source.folder, f"{stem}.zip"))
        with ZipStream(writer._path(target[0]), f"{name}-cc0-{source.version}") as archive:
            for entry in sorted(files):   # as make_zip
                data = files[entry]
                if isinstance(data, Path):
                    archive.add_file(entry, str(data))
                else:
                    archive.add(entry, data)
        return writer.wrote_same(target, "CC0 only: the public-domain votes and their positions, zipped", ZIP_TYPE)


class _Pack:
    """A zip that files of one version's folder go into instead: entry = the URL below the folder."""

    def __init__(self, archive: ZipStream, folder: str) -> None:
        self.archive, self.prefix = archive, urls.data_release(folder)

    def store(self, url: str, data: bytes) -> None:
        if not url.startswith(self.prefix):
            raise ValueError(f"{url} is not in {self.prefix}")
        self.archive.add(url[len(self.prefix):], data)


def _write_packed_slices(writer: _Writer, source: VersionSource, licences: list[LicenceCount]) -> Download:
    """A release's slices (and copies of their schemas) as roll-call-<version>-slices.zip."""
    published = writer.published
    stem = packed_stem(published.name, source.version, SLICES)
    target = writer.path(urls.data_file(source.folder, f"{stem}.zip"))
    os.makedirs(os.path.dirname(target[1]), exist_ok=True)
    with ZipStream(target[1], stem) as archive:
        _add_readme_and_licence(writer, archive, source, SLICES, licences)
        _write_slices(writer, source, _Pack(archive, source.folder))
    return writer.wrote(target, "Per-vote and per-country slices (CSV and JSON), zipped", ZIP_TYPE)


def _add_readme_and_licence(writer: _Writer, archive: ZipStream, source: VersionSource, part: str,
                            licences: list[LicenceCount]) -> None:
    title = str(source.descriptor.get("title", "Roll Call"))
    page = writer.published.absolute(urls.data_release(source.version))
    archive.add("README.md", packed_readme(title, source.version, part, page))
    archive.add("LICENSE", packed_licence(title, source.version, licences))


def _write_slices(writer: _Writer, source: VersionSource, pack: _Pack | None = None) -> None:
    """Every vote's and country's slice, as files, or into `pack` (the slice schemas both)."""
    published, folder, dataset = writer.published, source.folder, source.dataset
    store = writer.store if pack is None else pack.store
    package = dataset.package
    positions = dataset.table("positions")
    # positions.csv as read; the scratch file beside the site (the size of the file), not in /tmp
    rows = resource_rows(source.files[csv_name("positions")], positions, os.path.dirname(writer.root))
    described = {r["name"]: r for r in source.descriptor.get("resources", [])}
    default = described.get("positions", {}).get("licenses") or list(package.metadata.get("licenses", []))
    meta = SliceMeta(source.version, default,
                     lambda name: published.absolute(urls.data_slice_schema(name, folder)),
                     published.absolute(urls.data_file(folder, DESCRIPTOR_NAME)))
    kinds = (("votes", "vote_id", "vote", "title", urls.vote_data, urls.vote,
              lambda title, key: f"Positions on {title} ({key})"),
             ("countries", "country_id", "country", "name", urls.country_data, urls.country,
              lambda name, key: f"{name}: every recorded position"))
    for name in ("votes", "countries", "positions"):
        schema = replace(package.resource(name).schema, foreign_keys=())
        url, data = urls.data_slice_schema(name, folder), dumps(schema_descriptor(schema, profile=True))
        writer.write(url, data)   # the JSON slices link it there, packed or not
        if pack is not None:
            pack.store(url, data)
    votes = dataset.table("votes")
    terms = {licence: compact([licence_entry(licence)]).encode("utf-8")
             for licence in set(vote_licences(votes).to_pylist()) if licence}
    vote_terms = dict(zip(votes.column("id").to_pylist(), vote_licences(votes).to_pylist()))
    for resource, key_column, slug, label, url_of, page_of, title_of in kinds:
        table = dataset.table(resource)
        ids = table.column("id").to_pylist()
        template = SliceTemplate(meta, resource)
        own_terms = resource == "votes"
        # the slices come in table order: each row's JSON object made a batch at a time
        for (key, csv_bytes, positions_json), (text, title) in zip(rows.cut(positions.column(key_column), ids),
                                                                 _objects(table, label)):
            json_bytes = template.fill(f"{published.name}-{slug}-{key.lower()}", title_of(title, key),
                                       published.absolute(page_of(key)), text, positions_json,
                                       terms.get(vote_terms.get(key)) if own_terms else None)
            store(url_of(key, "csv", folder), csv_bytes)
            store(url_of(key, "json", folder), json_bytes)
        release_free_memory()


def _objects(table: pa.Table, label: str, batch: int = 4096) -> Iterator[tuple[str, str]]:
    """(JSON object, `label` column) of each row, in order, made `batch` rows at a time."""
    for at in range(0, table.num_rows, batch):
        part = table.slice(at, batch)
        yield from zip(json_objects(part), part.column(label).to_pylist())


def _write_release(writer: _Writer, releases: Releases, release: Release,
                   read: tuple[bytes, dict[str, bytes]] | None = None) -> PublishedRelease:
    """A frozen release's zip and files (`read`: its zip and files, if already read), its
    changes, citation files, and everything built from its tables; files equal to one of
    /data/latest/ are hard links to it."""
    if read is None:
        archive = releases.read_archive(release)
        read = archive, read_zip(archive)
    archive, files = read
    descriptor = json.loads(files[DESCRIPTOR_NAME])
    version = release.version
    downloads = [writer.write_same(urls.data_file(version, release.archive_name), archive,
                                   "Everything: data package, zipped", ZIP_TYPE),
                 writer.write_same(urls.data_file(version, DESCRIPTOR_NAME), files[DESCRIPTOR_NAME],
                                   "Descriptor (datapackage.json)", JSON_TYPE)]
    for resource in descriptor.get("resources", []):
        path = str(resource.get("path", ""))
        if path in files:
            label = f"{resource.get('title') or resource.get('name')} (CSV)"
            downloads.append(writer.write_same(urls.data_file(version, path), files[path], label, CSV_TYPE,
                                               str(resource.get("name", ""))))
    for name in EXTRA_FILES:
        if name in files:
            downloads.append(writer.write_same(urls.data_file(version, name), files[name], name, TEXT_TYPE))
    changes = releases.changes(release)
    changes_file = releases.root / release.folder / CHANGES
    if changes_file.is_file():
        downloads.append(writer.write(urls.data_file(version, CHANGES), changes_file.read_bytes(),
                                      "Changes since the previous release (changes.json)", JSON_TYPE))
    downloads += _write_citation_files(writer, release, descriptor)
    derived = _write_release_derived(writer, release, files, descriptor)
    if derived is not None:
        downloads += derived.downloads()
    downloads.append(_write_checksums(writer, version, downloads))
    return PublishedRelease(release, tuple(downloads), descriptor, changes, derived)


def _write_checksums(writer: _Writer, version: str, downloads: list[Download]) -> Download:
    """SHA256SUMS: every file of the release folder (its schemas too), for `sha256sum -c`."""
    prefix, url = urls.data_release(version), urls.data_file(version, CHECKSUMS)
    known = {d.url[len(prefix):]: d.sha256 for d in downloads if d.sha256 and d.url.startswith(prefix)}
    folder = os.path.dirname(writer.path(url)[1])
    return writer.write(url, checksums(folder, known),
                        "SHA-256 of every file in this folder (sha256sum -c SHA256SUMS)", TEXT_TYPE)


def _write_release_derived(writer: _Writer, release: Release, files: dict[str, bytes],
                           descriptor: dict[str, Any]) -> Derived | None:
    dataset = version_dataset(files)
    if dataset is None or not {"votes", "positions", "countries"} <= set(dataset.tables):
        return None
    source = VersionSource(release.version, release.version, files, descriptor, dataset)
    published = writer.published
    with tempfile.TemporaryDirectory(prefix="rollcall-release-sqlite-") as folder:
        child = None
        if release.version == published.release_of_latest and published.database is not None:
            database = writer.path(published.database.url)[1]   # the latest's database is this release's
        else:
            database = os.path.join(folder, f"{published.name}.sqlite")
            child = Child("rollcall-sqlite", write_sqlite, dataset, Path(database))   # meanwhile
        try:
            derived = _write_derived(writer, source, packed=True)
            if child is not None:
                child.result()
        finally:
            if child is not None:
                child.stop()
        derived.database = _write_packed_sqlite(writer, source, database, derived)
    return derived


def _write_packed_sqlite(writer: _Writer, source: VersionSource, database: str, derived: Derived) -> Download:
    """roll-call-<version>-sqlite.zip: the release's SQLite file and its Datasette metadata."""
    published = writer.published
    stem = packed_stem(published.name, source.version, SQLITE)
    target = writer.path(urls.data_file(source.folder, f"{stem}.zip"))
    with ZipStream(target[1], stem) as archive:
        _add_readme_and_licence(writer, archive, source, SQLITE, derived.licences)
        archive.add_file(f"{published.name}.sqlite", database)
        if derived.datasette is not None:
            with open(writer.path(derived.datasette.url)[1], "rb") as handle:
                archive.add(f"{published.name}.metadata.json", handle.read())
    return writer.wrote(target, "SQLite database and its Datasette metadata, zipped", ZIP_TYPE)


def _write_citation_files(writer: _Writer, release: Release, descriptor: dict[str, Any]) -> list[Download]:
    published = writer.published
    page = published.absolute(urls.data_release(release.version))
    archive = published.absolute(urls.data_file(release.version, release.archive_name))
    return [writer.write(urls.data_file(release.version, "CITATION.cff"),
                         citation_cff(descriptor, release, page, archive).encode("utf-8"),
                         "CITATION.cff (Citation File Format)", YAML_TYPE),
            writer.write(urls.data_file(release.version, "zenodo.json"),
                         dumps(zenodo_json(descriptor, release, page)),
                         "Zenodo deposit metadata (.zenodo.json)", JSON_TYPE)]


def _write_catalogue(writer: _Writer) -> Download:
    from .catalogue import dcat_catalogue
    published = writer.published
    # No checksum on the page: the catalogue quotes the zips' checksums, which depend on
    # SOURCE_DATE_EPOCH; the page would then change with it twice over.
    written = writer.write(urls.data_catalogue(), dumps(dcat_catalogue(published)))
    return replace(written, label="DCAT-AP catalogue of every version (JSON-LD)", media_type="application/ld+json")
