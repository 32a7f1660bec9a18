"""The published CSV files: the very bytes of datasets/*.csv, so published rows equal the source."""

from __future__ import annotations

from ..dataset import Dataset
from .descriptor import csv_name


def published_csvs(dataset: Dataset) -> dict[str, bytes]:
    """Resource name -> CSV bytes, read from the validated package's own files."""
    root = dataset.package.root
    return {r.name: (root / r.path).read_bytes() for r in dataset.package.resources}


def csv_file_names(dataset: Dataset) -> dict[str, str]:
    return {r.name: csv_name(r.name) for r in dataset.package.resources}
