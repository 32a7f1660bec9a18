"""Repeatable builds: the same inputs give the same bytes, wherever and whenever they are built.

The second build runs as a separate `python build.py` process, in another folder, later, with
SOURCE_DATE_EPOCH unset (the first had it set), another hash seed (set and dict order), another
number of render workers (pages are split between processes differently), another time zone
and locale. Every file of site/ must have the same sha256.

The one allowed difference: zip archives carry SOURCE_DATE_EPOCH as their entries' time stamp
when it is set, 1980-01-01 when not (rollcall/packages/ziparchive.py). A zip that differs is
compared entry by entry: same names, contents, permissions and order, only the time stamps
differ, and each build's are the ones that rule gives; a file quoting such a zip's sha256
(the data page) may differ by that digest only.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from site_support import REPO, SOURCE_DATE_EPOCH, file_hashes, make_fixture_project

EARLIEST_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def build_elsewhere(root: Path, *, epoch: str | None, workers: int, hash_seed: str) -> Path:
    """`python build.py --root root build --force` in a fresh process; the site/ it wrote."""
    env = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = epoch
    env.update(PYTHONHASHSEED=hash_seed, ROLLCALL_WORKERS=str(workers), TZ="Pacific/Kiritimati",
               LC_ALL="C.UTF-8", LANG="C.UTF-8")
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(root), "build", "--force"],
                            cwd=root, env=env, capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, f"the build in {root} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return root / "site"


def other_hash_seed() -> str:
    return "2" if os.environ.get("PYTHONHASHSEED") == "1" else "1"


def assert_same_site(first: Path, second: Path, first_epoch: str | None, second_epoch: str | None) -> None:
    a, b = file_hashes(first), file_hashes(second)
    assert sorted(a) == sorted(b), (f"different files: only in the first {sorted(set(a) - set(b))[:20]}, "
                                    f"only in the second {sorted(set(b) - set(a))[:20]}")
    different = [name for name in a if a[name] != b[name]]
    zips = [name for name in different if name.endswith(".zip")]
    for name in zips:
        assert_same_zip_but_time(first / name, second / name, first_epoch, second_epoch)
    # A page or checksum file may quote those zips' sha256: with the first build's digests
    # replaced by the second's, it must be byte for byte the same.
    digests = [(a[name].encode(), b[name].encode()) for name in zips]
    others = []
    for name in (n for n in different if not n.endswith(".zip")):
        data = (first / name).read_bytes()
        for old, new in digests:
            data = data.replace(old, new)
        if data != (second / name).read_bytes():
            others.append(name)
    assert not others, f"{len(others)} of {len(a)} files differ, e.g. {others[:20]}"
    assert len(a) > 100


def zip_time(epoch: str | None) -> tuple[int, ...]:
    return max(time.gmtime(int(epoch))[:6], EARLIEST_ZIP_TIME) if epoch else EARLIEST_ZIP_TIME


def assert_same_zip_but_time(first: Path, second: Path, first_epoch, second_epoch) -> None:
    with zipfile.ZipFile(io.BytesIO(first.read_bytes())) as a, zipfile.ZipFile(io.BytesIO(second.read_bytes())) as b:
        entries_a, entries_b = a.infolist(), b.infolist()
        assert [(i.filename, i.CRC, i.file_size, i.external_attr) for i in entries_a] == \
               [(i.filename, i.CRC, i.file_size, i.external_attr) for i in entries_b], f"{first.name}: contents differ"
        assert {i.date_time for i in entries_a} == {zip_time(first_epoch)}, f"{first.name}: time stamps"
        assert {i.date_time for i in entries_b} == {zip_time(second_epoch)}, f"{second.name}: time stamps"


def test_fixture_site_is_byte_for_byte_repeatable(site, tmp_path):
    """The session's fixture site (built in-process, SOURCE_DATE_EPOCH set) against a rebuild."""
    root = tmp_path / "elsewhere" / "deeper"
    make_fixture_project(root)  # seconds after the session's build: another clock time
    again = build_elsewhere(root, epoch=None, workers=3, hash_seed=other_hash_seed())
    assert_same_site(site, again, SOURCE_DATE_EPOCH, None)


@pytest.mark.slow
def test_full_site_is_byte_for_byte_repeatable(full_site, tmp_path):
    """The full data: the session's full site against a separate build in 3 processes."""
    root = tmp_path / "full-again"
    root.mkdir()
    for name in ("datasets", "templates", "static", "content"):
        (root / name).symlink_to(REPO / name, target_is_directory=True)
    again = build_elsewhere(root, epoch=None, workers=3, hash_seed=other_hash_seed())
    assert_same_site(full_site, again, SOURCE_DATE_EPOCH, None)


def test_zip_comparison_allows_only_the_documented_time_stamp(tmp_path):
    """The zip allowance above is narrow: contents must still match."""
    def make(path: Path, when, data: bytes) -> Path:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr(zipfile.ZipInfo("p/a.csv", date_time=when), data)
        return path
    epoch_time = zip_time(SOURCE_DATE_EPOCH)
    assert_same_zip_but_time(make(tmp_path / "1.zip", epoch_time, b"x"), make(tmp_path / "2.zip", EARLIEST_ZIP_TIME, b"x"),
                             SOURCE_DATE_EPOCH, None)
    with pytest.raises(AssertionError):
        assert_same_zip_but_time(make(tmp_path / "3.zip", epoch_time, b"x"), make(tmp_path / "4.zip", EARLIEST_ZIP_TIME, b"y"),
                                 SOURCE_DATE_EPOCH, None)
    with pytest.raises(AssertionError):  # a clock time stamp is not allowed
        assert_same_zip_but_time(make(tmp_path / "5.zip", epoch_time, b"x"), make(tmp_path / "6.zip", (2031, 5, 5, 0, 0, 0), b"x"),
                                 SOURCE_DATE_EPOCH, None)
