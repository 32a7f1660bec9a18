"""`python build.py release X.Y.Z --notes "..."`: freeze the current data as a release.

Validates datasets/, builds the package with version X.Y.Z, writes its zip and its changes
since the previous release under releases/X.Y.Z/, records it in releases/index.yaml, and sets
`version` in datasets/datapackage.yaml (and CITATION.cff), and writes .zenodo.json, so a
deposit on Zenodo is one step. Commit those files afterwards.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
from pathlib import Path
from typing import TextIO

from ..dataset import load_dataset
from ..packages.address import release_page
from ..packages.json_descriptor import DESCRIPTOR_NAME, dumps, sha256
from ..packages.changes import diff_packages
from ..packages.full import build_full_package
from ..packages.releases import DATE, VERSION, Release, load_releases, version_key, write_index, write_release
from ..packages.ziparchive import read_zip
from ..paths import Project
from ..problems import Problems


def release_date(given: str | None, environ: dict[str, str] | None = None) -> str:
    """--date, else the day of SOURCE_DATE_EPOCH, else today (UTC)."""
    if given:
        return given
    epoch = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "").strip()
    moment = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch.isdigit() else dt.datetime.now(dt.timezone.utc)
    return moment.date().isoformat()


def set_version_line(path: Path, key: str, value: str) -> bool:
    """Set a top-level `key: value` line of a YAML file in place, keeping everything else."""
    if not path.is_file():
        return False
    text = path.read_text(encoding="utf-8")
    line = re.compile(rf"^{re.escape(key)}:.*$", re.MULTILINE)
    new = f"{key}: {value}"
    text = line.sub(new, text, count=1) if line.search(text) else text.rstrip("\n") + f"\n{new}\n"
    path.write_text(text, encoding="utf-8")
    return True


def run(project: Project, version: str, notes: str, date: str | None = None, out: TextIO = sys.stdout) -> int:
    problems = Problems()
    releases = load_releases(project.releases, problems)
    failure = _check_request(version, notes, date, releases)
    if failure:
        print(f"release refused: {failure}", file=out)
        return 2
    dataset, data_problems = load_dataset(project.datasets)
    problems.extend(data_problems)
    if problems.errors or dataset is None:
        for problem in problems.errors:   # acknowledged notes are not news here
            print(problem.format(), file=out)
        print(f"release refused: {len(problems.errors)} error(s); nothing was written", file=out)
        return 1
    full = build_full_package(dataset, version)
    archive = full.archive()
    previous = releases.latest
    old_files = read_zip(releases.read_archive(previous)) if previous else None
    changes = diff_packages(old_files, full.files, previous.version if previous else None)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    release = Release(version, release_date(date), notes.strip(), f"{version}/{full.archive_name}",
                      sha256(archive), len(archive), int(epoch) if epoch.isdigit() else None)
    project.releases.mkdir(parents=True, exist_ok=True)
    write_release(project.releases, release, archive, changes)
    write_index(project.releases, releases.items + (release,))
    set_version_line(project.datasets / "datapackage.yaml", "version", version)
    cited = set_version_line(project.root / "CITATION.cff", "version", version)
    if cited:
        set_version_line(project.root / "CITATION.cff", "date-released", f'"{release.date}"')
    write_deposit_metadata(project, release, json.loads(full.files[DESCRIPTOR_NAME]))
    _report(release, changes, out)
    return 0


def load_package_metadata(project: Project) -> dict:
    from ..descriptor import load_package
    package = load_package(project.datasets, Problems())
    return dict(package.metadata) if package else {}


def write_deposit_metadata(project: Project, release: Release, descriptor: dict) -> None:
    """.zenodo.json at the repository root: the deposit metadata of the newest release."""
    from ..packages.citation import zenodo_json
    # the address configured now (a frozen descriptor may carry an old homepage)
    page = release_page(load_package_metadata(project), release.version)
    (project.root / ".zenodo.json").write_bytes(dumps(zenodo_json(descriptor, release, page)))


def _check_request(version: str, notes: str, date: str | None, releases) -> str | None:
    if not VERSION.fullmatch(version):
        return f"'{version}' is not a version X.Y.Z (three whole numbers)"
    if not notes.strip():
        return "--notes must say what the release contains or changes"
    if date is not None and not DATE.fullmatch(date):
        return f"--date '{date}' is not YYYY-MM-DD"
    if releases.find(version):
        return f"{version} is already released; choose a new version"
    latest = releases.latest
    if latest and version_key(version) <= version_key(latest.version):
        return f"{version} must be newer than the latest release, {latest.version}"
    return None


def _report(release: Release, changes: dict, out: TextIO) -> None:
    print(f"released {release.version} ({release.date}): releases/{release.archive}, "
          f"{release.bytes / 1e6:.1f} MB, sha256 {release.sha256}", file=out)
    if changes["previous"]:
        for item in changes["resources"]:
            if item["added"] or item["removed"] or item["changed"]:
                print(f"  {item['name']}: {item['added']:,} added, {item['removed']:,} removed, "
                      f"{item['changed']:,} changed", file=out)
        print(f"  votes changed: {changes['votes']['changed_count']:,}", file=out)
    print("next: commit releases/, datasets/datapackage.yaml, CITATION.cff and .zenodo.json", file=out)
