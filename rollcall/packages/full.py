"""The full package of one version: datapackage.json plus one CSV per resource, and its zip.

The CSVs are files, never held in memory (at 10x the record they are ~290 MB): their bytes are
those of datasets/*.csv, or of copies of them (`stage`), hashed as they are read, and the zip is
written from them a megabyte at a time (`write_archive`: the same bytes as `make_zip`).
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..dataset import Dataset
from .json_descriptor import DESCRIPTOR_NAME, Digest, csv_name, dumps, package_descriptor
from .licences import LicenceCount, licence_counts, licence_file, readme_file, resource_licences
from .ziparchive import ZipStream

LICENSE_NAME = "LICENSE"
README_NAME = "README.md"
EXTRA_FILES = (LICENSE_NAME, README_NAME)   # inside every zip since 0.3.0, beside the CSVs


@dataclass(frozen=True)
class FullPackage:
    """The package's small files (name -> bytes), its CSV files (name -> path, with their size and
    checksum) and the names they are published under."""

    name: str
    version: str
    own: dict[str, bytes]                  # datapackage.json, LICENSE, README.md
    csvs: dict[str, Path]                  # <resource>.csv -> the file holding its bytes
    digests: dict[str, Digest] = field(default_factory=dict)   # <resource>.csv -> its size and sha256
    counts: tuple[LicenceCount, ...] = ()

    @property
    def descriptor(self) -> bytes:
        return self.own[DESCRIPTOR_NAME]

    @property
    def files(self) -> dict[str, bytes]:
        """Every file's bytes (the CSVs read now): for `release`, with the record's size of data."""
        return {name: self.own[name] if name in self.own else self.csvs[name].read_bytes() for name in self.names()}

    def names(self) -> list[str]:
        return sorted([*self.own, *self.csvs])

    @property
    def folder(self) -> str:
        """The top folder inside the zip, and the zip's stem: roll-call-<version>."""
        return f"{self.name}-{self.version}"

    @property
    def archive_name(self) -> str:
        return f"{self.folder}.zip"

    def write_archive(self, target) -> None:
        """The zip, into `target` (a path or a binary file): entries sorted by name, as make_zip."""
        with ZipStream(target, self.folder) as archive:
            for name in self.names():
                if name in self.own:
                    archive.add(name, self.own[name])
                else:
                    archive.add_file(name, str(self.csvs[name]))

    def archive(self) -> bytes:
        buffer = io.BytesIO()
        self.write_archive(buffer)
        return buffer.getvalue()

    def with_version(self, dataset: Dataset, version: str) -> "FullPackage":
        """The same files under another version (the CSVs are not read again)."""
        return _assemble(dataset, version, self.csvs, self.digests, list(self.counts))


def file_digest(path: Path) -> Digest:
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        return Digest(size, hashlib.file_digest(handle, "sha256").hexdigest())


def build_full_package(dataset: Dataset, version: str | None = None,
                       stage: Callable[[str], Path] | None = None) -> FullPackage:
    """The package as published; `version` overrides the descriptor's (used by `release`);
    `stage`: CSV name -> the path its copy goes to (then the package's CSVs are those copies)."""
    package = dataset.package
    csvs: dict[str, Path] = {}
    for resource in package.resources:
        name, source = csv_name(resource.name), package.root / resource.path
        if stage is None:
            csvs[name] = source
        else:
            csvs[name] = stage(name)
            shutil.copyfile(source, csvs[name])
    digests = {name: file_digest(path) for name, path in csvs.items()}
    counts = licence_counts(dataset.table("votes"), dataset.table("positions"))
    return _assemble(dataset, version, csvs, digests, counts)


def _assemble(dataset: Dataset, version: str | None, csvs: dict[str, Path], digests: dict[str, Digest],
              counts: list[LicenceCount]) -> FullPackage:
    package = dataset.package
    licenses = {r.name: resource_licences(r.name, counts) for r in package.resources}
    by_resource = {r.name: digests[csv_name(r.name)] for r in package.resources}
    descriptor = package_descriptor(package, by_resource, dataset.counts(), version, licenses)
    own = {DESCRIPTOR_NAME: dumps(descriptor)}
    title = str(package.metadata.get("title", "Roll Call"))
    own[LICENSE_NAME] = licence_file(title, descriptor["version"], counts)
    own[README_NAME] = readme_file(package.metadata, descriptor["version"], descriptor["resources"], counts)
    return FullPackage(str(package.metadata.get("name", "roll-call")), descriptor["version"], own, csvs,
                       digests, tuple(counts))
