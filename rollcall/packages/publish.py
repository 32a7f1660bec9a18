"""Write every data download into the site: /data/latest/... and /data/<version>/... .

    /data/latest/datapackage.json, <resource>.csv     the current package (CSV bytes = datasets/)
    /data/latest/roll-call.zip                        the same, zipped (stable name)
    /data/latest/roll-call.sqlite (+ .metadata.json)  SQLite, with Datasette metadata
    /data/latest/parquet/<resource>.parquet           Parquet
    /data/latest/schemas/<resource>.json              each Table Schema, linked from the slices
    /data/latest/by-vote/<id>.csv|json                one vote's positions
    /data/latest/by-country/<id>.csv|json             one country's positions
    /data/<version>/roll-call-<version>.zip           a frozen release, as recorded in releases/
    /data/<version>/datapackage.json, <resource>.csv  its files, extracted from that zip
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .. import urls
from ..children import Child
from ..dataset import Dataset
from ..output import OutputFolder, StagingWriter
from .datasette import datasette_metadata
from .json_descriptor import DESCRIPTOR_NAME, csv_name, dumps, schema_descriptor, sha256
from .full import FullPackage, build_full_package
from .parquet import build_parquet
from .releases import Release, Releases
from .slices import SliceMeta, SliceTemplate, json_objects, resource_rows
from .sqlite import write_sqlite
from .ziparchive import read_zip

ZIP_TYPE = "application/zip"
CSV_TYPE = "text/csv"
JSON_TYPE = "application/json"
SQLITE_TYPE = "application/vnd.sqlite3"
PARQUET_TYPE = "application/vnd.apache.parquet"
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


@dataclass(frozen=True)
class PublishedRelease:
    release: Release
    downloads: tuple[Download, ...]     # the zip first, then datapackage.json and the CSVs
    descriptor: dict[str, Any]
    changes: dict[str, Any] | None


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
        return urls.absolute(url, self.base)


class _Writer:
    """Writes files straight into the staging folder (os-level: ~15,000 small files)."""

    def __init__(self, out: OutputFolder, published: Published) -> None:
        self.out, self.published = out, published
        self.root = str(out.staging)
        self.files = StagingWriter(out.staging)
        self.linkable: dict[int, list[tuple[bytes, str, Download]]] = {}   # by size

    def write(self, url: str, data: bytes, label: str = "", media_type: str = "", resource: str = "",
              linkable: bool = False) -> Download:
        """Write one file; `linkable`: later identical files may be hard links to it."""
        path = self.store(url, data)
        download = Download(label, url, len(data), sha256(data) if label else "", media_type, resource)
        if linkable:
            self.linkable.setdefault(len(data), []).append((data, path, download))
        return download

    def write_same(self, url: str, data: bytes, label: str, media_type: str, resource: str = "") -> Download:
        """Write a file that may be byte for byte one written with `linkable`: then it is a hard
        link to that file (same bytes, nothing to write or hash again), else written."""
        for known, source, download in self.linkable.get(len(data), ()):
            if known is data or known == data:
                path = self._path(url)
                if self._link(source, path):
                    self._count(data)
                    return Download(label, url, len(data), download.sha256, media_type, resource)
                break
        return self.write(url, data, label, media_type, resource)

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

    def wrote(self, target: tuple[str, str], label: str, media_type: str) -> Download:
        """Count (and checksum) a file that another process wrote."""
        url, path = target
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
        self.published.files += 1
        self.published.bytes += size
        return Download(label, url, size, digest, media_type)

    def close(self) -> None:
        self.out.count_written_elsewhere(self.published.files, self.published.bytes)


def publish_data(dataset: Dataset, releases: Releases, out: OutputFolder) -> Published:
    package = dataset.package
    started = time.perf_counter()
    full = build_full_package(dataset)
    frozen = releases.find(full.version)
    archive: bytes | None = None
    read: dict[str, tuple[bytes, dict[str, bytes]]] = {}   # version -> its zip and files, unzipped once
    if frozen is not None:
        archive = releases.read_archive(frozen)
        read[frozen.version] = (archive, read_zip(archive))
        if read[frozen.version][1].get(DESCRIPTOR_NAME) != full.descriptor:
            # datasets/ changed since the release of this version: say so in the version itself.
            full, archive = build_full_package(dataset, f"{full.version}{UNRELEASED}"), None
    published = Published(full.name, full.version, str(package.metadata.get("homepage", "")),
                          dict(package.metadata))
    published.release_of_latest = frozen.version if archive is not None and frozen else None
    writer = _Writer(out, published)
    archive = archive or full.archive()   # a released version is served as its frozen zip
    published.timings["package and zip"] = time.perf_counter() - started
    with published.timed("sqlite (started)"):
        database_url, database_path = writer.path(urls.data_file(urls.LATEST, f"{full.name}.sqlite"))
        os.makedirs(os.path.dirname(database_path), exist_ok=True)
        database = Child("rollcall-sqlite", write_sqlite, dataset, Path(database_path))   # ~3 s, meanwhile
    try:
        with published.timed("latest"):
            _write_latest(writer, dataset, full, archive)
        with published.timed("slices"):
            _write_slices(writer, dataset, full, published)
        with published.timed("releases"):
            for release in reversed(releases.items):
                published.releases.append(_write_release(writer, releases, release, read.get(release.version)))
        with published.timed("sqlite (waiting)"):
            database.result()
            published.database = writer.wrote((database_url, database_path), "SQLite database", SQLITE_TYPE)
    finally:
        database.stop()
        writer.close()
    return published


def _write_latest(writer: _Writer, dataset: Dataset, full: FullPackage, archive: bytes) -> None:
    published, latest = writer.published, urls.LATEST
    # linkable: a release's files that equal these become hard links to them (_write_release)
    published.archive = writer.write(urls.data_file(latest, f"{full.name}.zip"), archive,
                                     "Everything: data package (CSV and datapackage.json), zipped", ZIP_TYPE,
                                     linkable=True)
    published.descriptor = writer.write(urls.data_file(latest, DESCRIPTOR_NAME), full.descriptor,
                                        "Descriptor (datapackage.json)", JSON_TYPE, linkable=True)
    for resource in dataset.package.resources:
        name = csv_name(resource.name)
        published.csvs.append(writer.write(urls.data_file(latest, name), full.files[name],
                                           f"{resource.schema.title or resource.name} (CSV)", CSV_TYPE,
                                           resource.name, linkable=True))
        writer.write(urls.data_schema(resource.name), dumps(schema_descriptor(resource.schema, profile=True)))
    dictionary = published.absolute(urls.data_dictionary())
    published.datasette = writer.write(
        urls.data_file(latest, f"{full.name}.metadata.json"),
        dumps(datasette_metadata(dataset.package, full.name, dictionary)), "Datasette metadata", JSON_TYPE)
    with published.timed("parquet"):
        parquet = build_parquet(dataset)
    for resource in dataset.package.resources:
        published.parquet.append(writer.write(urls.data_parquet(resource.name),
                                              parquet[f"{resource.name}.parquet"],
                                              f"{resource.schema.title or resource.name} (Parquet)",
                                              PARQUET_TYPE, resource.name))


def _write_slices(writer: _Writer, dataset: Dataset, full: FullPackage, published: Published) -> None:
    package = dataset.package
    positions = dataset.table("positions")
    rows = resource_rows(full.files[csv_name("positions")], positions)   # positions.csv as read
    meta = SliceMeta(published.version, list(package.metadata.get("licenses", [])),
                     lambda name: published.absolute(urls.data_slice_schema(name)),
                     published.absolute(urls.data_file(urls.LATEST, DESCRIPTOR_NAME)))
    kinds = (("votes", "vote_id", "vote", "title", urls.vote_data, urls.vote,
              lambda title, key: f"Positions on {title} ({key})"),
             ("countries", "country_id", "country", "name", urls.country_data, urls.country,
              lambda name, key: f"{name}: every recorded position"))
    for name in ("votes", "countries", "positions"):
        schema = replace(package.resource(name).schema, foreign_keys=())
        writer.write(urls.data_slice_schema(name), dumps(schema_descriptor(schema, profile=True)))
    for resource, key_column, slug, label, url_of, page_of, title_of in kinds:
        table = dataset.table(resource)
        ids = table.column("id").to_pylist()
        template = SliceTemplate(meta, resource)
        row_of = {key: (text, title) for key, text, title in
                  zip(ids, json_objects(table), table.column(label).to_pylist())}

        for key, csv_bytes, positions_json in rows.cut(positions.column(key_column), ids):
            text, title = row_of[key]
            json_bytes = template.fill(f"{published.name}-{slug}-{key.lower()}", title_of(title, key),
                                       published.absolute(page_of(key)), text, positions_json)
            writer.store(url_of(key, "csv"), csv_bytes)
            writer.store(url_of(key, "json"), json_bytes)


def _write_release(writer: _Writer, releases: Releases, release: Release,
                   read: tuple[bytes, dict[str, bytes]] | None = None) -> PublishedRelease:
    """A frozen release's zip and files (`read`: its zip and files, if already read); those
    equal to a file of /data/latest/ are hard links to it."""
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
    return PublishedRelease(release, tuple(downloads), descriptor, releases.changes(release))

