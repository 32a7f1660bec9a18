"""The full package of one version: datapackage.json plus one CSV per resource, and its zip."""

from __future__ import annotations

from dataclasses import dataclass

from ..dataset import Dataset
from .csvfiles import published_csvs
from .json_descriptor import DESCRIPTOR_NAME, csv_name, dumps, package_descriptor
from .ziparchive import make_zip


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
    descriptor = package_descriptor(package, csvs, dataset.counts(), version)
    files = {csv_name(name): data for name, data in csvs.items()}
    files[DESCRIPTOR_NAME] = dumps(descriptor)
    return FullPackage(str(package.metadata.get("name", "roll-call")), descriptor["version"], files)
