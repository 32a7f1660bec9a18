""""Cite this" names the release that holds a vote, or says the vote is not yet released."""

from __future__ import annotations

import zipfile
from pathlib import Path
from types import SimpleNamespace

from rollcall.packages.releases import Release, Releases
from rollcall.pages.released import vote_releases
from rollcall.pages.vote import _citation


def _release(root: Path, version: str, ids: list[str]) -> Release:
    archive = f"{version}/roll-call-{version}.zip"
    (root / version).mkdir(parents=True)
    with zipfile.ZipFile(root / archive, "w") as package:
        package.writestr(f"roll-call-{version}/votes.csv", "id,title\n" + "".join(f"{i},t\n" for i in ids))
    return Release(version, "2026-01-01", "", archive, f"sha-{version}", 0)


def test_newest_release_holding_the_vote_is_named(tmp_path):
    releases = Releases(tmp_path, (_release(tmp_path, "0.1.0", ["a-1"]), _release(tmp_path, "0.2.0", ["a-1", "a-2"])))
    assert vote_releases(releases) == {"a-1": "0.2.0", "a-2": "0.2.0"}
    assert vote_releases(None) == {}


def test_citation_names_the_release_or_says_not_yet():
    vote = SimpleNamespace(id="hrc-s99-1", body_id="hrc", symbol=None, title="T",
                           date=SimpleNamespace(isoformat=lambda: "2026-01-02"))
    index = SimpleNamespace(bodies={"hrc": SimpleNamespace(name="Human Rights Council")}, version="0.2.0",
                            address="")
    assert _citation(index, vote, {"hrc-s99-1": "0.1.0"}).startswith("Roll Call, release 0.1.0.")
    assert _citation(index, vote, {}).startswith("Roll Call, not yet in a release")
