"""The full package of one version: datapackage.json plus one CSV per resource, and its zip."""

from __future__ import annotations

from dataclasses import dataclass

from ..dataset import Dataset
from .csvfiles import published_csvs
from .json_descriptor import DESCRIPTOR_NAME, csv_name, dumps, package_descriptor
from .licences import licence_counts, licence_file, readme_file, resource_licences
from .ziparchive import make_zip

LICENSE_NAME = "LICENSE"
README_NAME = "README.md"
EXTRA_FILES = (LICENSE_NAME, README_NAME)   # inside every zip since 0.3.0, beside the CSVs


@dataclass(frozen=True)
class FullPackage:
    """The files of the package (name -> bytes) and the names they are published under."""

    name: str
    version: str
    files: dict[str, bytes]

    @property
    def descriptor(self) -> bytes:
        return self.files[DESCRIPTOR_NAME]

    @property
    def folder(self) -> str:
        """The top folder inside the zip, and the zip's stem: roll-call-<version>."""
        return f"{self.name}-{self.version}"

    @property
    def archive_name(self) -> str:
        return f"{self.folder}.zip"

    def archive(self) -> bytes:
        return make_zip(self.files, self.folder)


def build_full_package(dataset: Dataset, version: str | None = None) -> FullPackage:
    """The package as published; `version` overrides the descriptor's (used by `release`)."""
    package = dataset.package
    csvs = published_csvs(dataset)
    counts = licence_counts(dataset.table("votes"), dataset.table("positions"))
    licenses = {r.name: resource_licences(r.name, counts) for r in package.resources}
    descriptor = package_descriptor(package, csvs, dataset.counts(), version, licenses)
    files = {csv_name(name): data for name, data in csvs.items()}
    files[DESCRIPTOR_NAME] = dumps(descriptor)
    title = str(package.metadata.get("title", "Roll Call"))
    files[LICENSE_NAME] = licence_file(title, descriptor["version"], counts)
    files[README_NAME] = readme_file(package.metadata, descriptor["version"], descriptor["resources"], counts)
    return FullPackage(str(package.metadata.get("name", "roll-call")), descriptor["version"], files)
