"""The site-wide part of every page key: inputs that any page may show.

Everything except the per-vote tables (votes.py digests those vote by vote): templates, static
files, the generator's code, content pages, releases, the descriptor and every other dataset
table (countries, memberships, bodies, topics, mandates...: any page may show a country's
name), the configuration (base path, published address, SOURCE_DATE_EPOCH) and the versions
of Python and the installed libraries. sources/ is not read by the build, so not hashed.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import sys
from pathlib import Path

from ..fingerprint import CONFIGURATION

FOLDERS = ("templates", "static", "rollcall", "content", "releases", "datasets")
FILES = ("build.py", "pyproject.toml")
PER_VOTE_FILES = frozenset({"votes.csv", "positions.csv", "vote_topics.csv", "vote_subjects.csv"})
CACHE_VERSION = b"rollcall-build-cache-1"   # change when the key's meaning changes


def site_digest(root: Path) -> bytes:
    digest = hashlib.blake2b(CACHE_VERSION, digest_size=20)
    for name in CONFIGURATION:
        digest.update(f"{name}={os.environ.get(name, '')}\0".encode())
    digest.update(sys.version.encode() + b"\0")
    for name, version in library_versions():
        digest.update(f"{name}=={version}\0".encode())
    for path in input_files(root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.blake2b(path.read_bytes(), digest_size=20).digest())
    return digest.digest()


def input_files(root: Path) -> list[Path]:
    found = [root / name for name in FILES if (root / name).is_file()]
    for folder in FOLDERS:
        for path in sorted((root / folder).rglob("*")):
            if not path.is_file() or "__pycache__" in path.parts:
                continue
            if folder == "datasets" and path.parent == root / folder and path.name in PER_VOTE_FILES:
                continue
            found.append(path)
    return found


def library_versions() -> list[tuple[str, str]]:
    return sorted({(d.metadata["Name"] or "").lower(): d.version
                   for d in importlib.metadata.distributions()}.items())
