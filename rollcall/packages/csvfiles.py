"""The published CSV files: the very bytes of datasets/*.csv, so published rows equal the source."""

from __future__ import annotations

from ..dataset import Dataset


def published_csvs(dataset: Dataset) -> dict[str, bytes]:
    """Resource name -> CSV bytes, read from the validated package's own files."""
    root = dataset.package.root
    return {r.name: (root / r.path).read_bytes() for r in dataset.package.resources}
