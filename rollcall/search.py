"""Full-text search with Pagefind, built from the index rather than from the pages.

Pagefind (the `pagefind[extended]` package from PyPI: a binary, no service, no network) makes a
static search bundle that the browser loads in small pieces (static/search.js). Parsing the
written pages cost ~20 s (a vote page holds its map and 190 country names, which would also
make "Iran" match every GA vote), so each searchable page gets a small search document instead,
written from the index into a scratch folder at the page's own path: its title, symbols and
names, plus the metadata a result shows and the filters. Pagefind indexes those into
`<site>/pagefind/`. It runs in a child process while the pages render.

Pagefind's memory grows with the documents of one run, so a larger site is indexed in shards of
at most SHARD_SIZE documents, one run at a time; the first shard is the bundle, the others are
merged into it in the browser (static/search.js, Pagefind's mergeIndex), listed in a file the
bundle holds (urls.search_shards). docs/design.md, "Search: Pagefind in shards".

A UN symbol is one token to nobody: "S-35/1" is searched as s, 35, 1. So a vote's document
carries the tails of its symbols (A/HRC/RES/S-35/1 → HRC/RES/S-35/1, RES/S-35/1, S-35/1,
35/1), and a country's its codes and the reordered form of its UN name ("Islamic Republic of
Iran"): what a reader types is what the document holds.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import itertools
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path, PurePosixPath
from typing import Iterable, Iterator, NamedTuple

import cbor2

from . import urls
from .children import die_with_parent
from .index import Index
from .pages.base import OUTCOME_LABELS, long_date
from .pages.content import ContentPage
from .pages.vote import KIND_LABELS

SCRATCH = Path("/dev/shm") if Path("/dev/shm").is_dir() else None   # small files: keep them in memory
SCRATCH_PREFIX = "rollcall-search-"   # then the owner's process id: remove_stale_scratch
#: Documents per Pagefind run. Pagefind's memory grows with the documents it indexes (~300 MB
#: for 8,000, 2.4 GB for 80,000), so a larger site is indexed in shards of at most this many,
#: one run at a time, and the browser merges them (static/search.js). Measured: docs/design.md.
SHARD_SIZE = 10_000
SHARD_SIZE_VARIABLE = "ROLLCALL_SEARCH_SHARD_SIZE"


class SearchIndexError(RuntimeError):
    """Pagefind failed; the message is what it printed."""


class Document(NamedTuple):
    """One search result: where it leads, what it is found by, what it shows, how it filters."""

    url: str
    title: str
    text: str
    meta: tuple[tuple[str, str], ...]
    filters: tuple[tuple[str, str], ...]
    weight: int = 7   # of the title; a country's name outweighs a vote title that contains it


def symbol_tails(symbol: str) -> list[str]:
    """'A/HRC/RES/S-35/1' -> ['HRC/RES/S-35/1', 'RES/S-35/1', 'S-35/1', '35/1']."""
    parts = symbol.replace(" ", "").split("/")
    tails = ["/".join(parts[i:]) for i in range(1, len(parts) - 1)]
    if len(parts) > 1 and (special := re.fullmatch(r"S-(\d+)", parts[-2])):
        tails.append(f"{special.group(1)}/{parts[-1]}")
    return tails


def name_forms(name: str) -> list[str]:
    """'Iran (Islamic Republic of)' -> ['Islamic Republic of Iran']."""
    match = re.fullmatch(r"(.+?) \((.+)\)", name)
    return [f"{match.group(2)} {match.group(1)}"] if match else []


def documents(index: Index, content: Iterable[ContentPage]) -> Iterator[Document]:
    for row in range(len(index.votes)):
        yield _vote_document(index, row)
    for country in sorted(index.countries.values(), key=lambda c: c.id):
        forms = [country.id, *([country.iso2] if country.iso2 else []), *name_forms(country.name)]
        group = index.groups[country.group_id].name if country.group_id else ""
        yield Document(urls.country(country.id), country.name, " ".join([*forms, group]),
                       (("kind", "Country"),), (("kind", "Country"),), weight=10)
    for body in sorted(index.bodies.values(), key=lambda b: b.id):
        yield Document(urls.body(body.id), body.name, f"{body.short_name}. {body.summary}",
                       (("kind", "Body"),), (("kind", "Body"),), weight=10)
    for topic in sorted(index.topics.values(), key=lambda t: t.id):
        yield Document(urls.topic(topic.id), topic.name, topic.description or "",
                       (("kind", "Topic"),), (("kind", "Topic"),))
    for page in content:
        if page.slug != "index" and not page.slug.startswith("bodies/"):
            text = html.unescape(re.sub(r"<[^>]+>", " ", page.html))
            yield Document(urls.content_page(page.slug), page.title, text, (("kind", "Page"),), (("kind", "Page"),))


def _vote_document(index: Index, row: int) -> Document:
    vote = index.votes[row]
    body = index.bodies[vote.body_id]
    tally = vote.official or index.counted_tally(row)
    kind, outcome = KIND_LABELS[vote.kind], OUTCOME_LABELS[vote.outcome]
    symbols = [s for s in (vote.symbol, vote.draft_symbol) if s]
    subjects = [index.countries[c].name for c in index.vote_subjects.get(vote.id, ())]
    words = [*symbols, *(t for s in symbols for t in symbol_tails(s)), vote.id,
             *subjects, *(f for s in subjects for f in name_forms(s)),
             *(index.topics[t].name for t in index.vote_topics.get(vote.id, ())), body.short_name]
    return Document(
        urls.vote(vote.id), vote.title, ". ".join(dict.fromkeys(words)),
        (("date", long_date(vote.date)), ("body", body.short_name), ("outcome", outcome),
         ("tally", f"{tally.yes}–{tally.no}–{tally.abstain}"), ("kind", kind)),
        (("body", body.name), ("year", str(vote.date.year)), ("kind", kind), ("outcome", outcome)))


def page_of(document: Document) -> str:
    """The search document as the small HTML page Pagefind reads."""
    def span(attribute: str, pairs: tuple[tuple[str, str], ...]) -> str:
        return "".join(f'<span data-pagefind-{attribute}="{html.escape(k)}">{html.escape(v)}</span>'
                       for k, v in pairs)
    return (f'<!doctype html><html lang="en"><body><h1 data-pagefind-weight="{document.weight}">'
            f"{html.escape(document.title)}</h1><p>{html.escape(document.text)}</p>"
            f'{span("meta", document.meta)}{span("filter", document.filters)}</body></html>')


def write_bundle(index: Index, content: tuple[ContentPage, ...], site: Path, shard_size: int | None = None) -> None:
    """Write the search bundle to site/pagefind/ (replacing it whole if it exists): one Pagefind
    run per shard of at most `shard_size` documents (default: shard_size_setting()).

    The documents are written to a scratch folder in memory, one shard's at a time; Pagefind
    writes the bundle beside its target (.pagefind.new-PID), on the site's own file system, so
    it takes no memory and moves into place by renaming."""
    size = shard_size or shard_size_setting()
    primary = _folder(urls.search_shard(1))
    target = site / primary
    building = f".{target.name}.new-"
    remove_stale_scratch()
    remove_stale_scratch(target.parent, building)
    built = target.with_name(f"{building}{os.getpid()}")
    site.mkdir(parents=True, exist_ok=True)
    try:
        with tempfile.TemporaryDirectory(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-", dir=SCRATCH) as scratch:
            pages = Path(scratch) / "pages"
            merged = []
            for number, shard in enumerate(shards(documents(index, content), size), start=1):
                url = urls.search_shard(number)
                output = built / _within(primary, url)
                _write_pages(shard, pages)
                _run_pagefind(pages, output)
                shutil.rmtree(pages)   # one shard's documents in memory at a time
                settle_filters(output)
                if number > 1:
                    _keep_index_only(output)
                    merged.append(url)
        manifest = built / _within(primary, urls.search_shards(), folder=False)
        manifest.write_text(json.dumps({"merge": merged}, separators=(",", ":")), encoding="utf-8")
        _swap_in(built, target)
    finally:
        shutil.rmtree(built, ignore_errors=True)


def shards(items: Iterable[Document], size: int) -> Iterator[list[Document]]:
    """The documents in runs of at most `size`, in their order: the same split in every build."""
    if size < 1:
        raise ValueError(f"a search shard holds at least one document, not {size}")
    iterator = iter(items)
    while shard := list(itertools.islice(iterator, size)):
        yield shard


def shard_size_setting() -> int:
    """SHARD_SIZE, or the whole number in ROLLCALL_SEARCH_SHARD_SIZE (tests use tiny shards)."""
    value = os.environ.get(SHARD_SIZE_VARIABLE, "").strip()
    if not value:
        return SHARD_SIZE
    if not value.isdigit() or int(value) < 1:
        raise SearchIndexError(f"{SHARD_SIZE_VARIABLE} must be a whole number above 0, not {value!r}")
    return int(value)


def _folder(bundle_url: str) -> PurePosixPath:
    """The folder, relative to the site, that serves a bundle's URL (…/pagefind/)."""
    return urls.path_for(bundle_url).parent


def _within(primary: PurePosixPath, url: str, folder: bool = True) -> PurePosixPath:
    """Where the bundle folder or file of `url` is inside the first bundle (`primary`), which
    is swapped in whole (ValueError if it is not inside)."""
    path = _folder(url) if folder else urls.path_for(url)
    return path.relative_to(primary)


def _write_pages(shard: list[Document], pages: Path) -> None:
    for document in shard:
        target = pages / urls.file_for(document.url)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page_of(document), encoding="utf-8")


def _keep_index_only(bundle: Path) -> None:
    """A merged bundle is read with the primary bundle's script and WebAssembly (Pagefind's
    mergeIndex loads only its entry, metadata, index, filter and fragment files): the rest
    would be ~1 MB of unused copies per shard."""
    for path in bundle.iterdir():
        if path.is_file() and path.name != "pagefind-entry.json" and path.suffix != ".pf_meta":
            path.unlink()


def remove_stale_scratch(folder: Path | None = None, prefix: str = SCRATCH_PREFIX) -> list[Path]:
    """Remove the folders named `prefix` + a process id whose process is gone: the scratch
    folders of search runs (a build killed half way cannot remove its own; in /dev/shm each
    holds its documents in RAM until reboot), or their half-written bundles. A folder whose
    process is running, or whose name holds no process id, is kept."""
    removed = []
    for path in sorted(Path(folder or SCRATCH or tempfile.gettempdir()).glob(f"{prefix}*")):
        owner = path.name[len(prefix):].split("-")[0]
        if path.is_dir() and owner.isdigit() and not _running(int(owner)):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:   # another user's process
        return True
    return True


def _run_pagefind(pages: Path, output: Path) -> None:
    import pagefind_bin_extended
    command = [str(pagefind_bin_extended.get_executable()), "--site", str(pages), "--output-path", str(output),
               "--force-language", "en", "--silent"]
    parent = os.getpid()
    result = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"},
                            preexec_fn=lambda: die_with_parent(parent))   # no orphan indexing on after a kill
    if result.returncode != 0:
        raise SearchIndexError(f"search index (Pagefind) failed: {(result.stdout + result.stderr).strip()}")


def settle_filters(bundle: Path) -> None:
    """Make the filter files byte-identical from run to run.

    Pagefind writes each filter's values in the order of a Rust hash map, which is seeded anew
    in every process, so the filter files (and the metadata file naming them) differ between
    two builds of the same pages. Their contents are lists: sorting them changes no search
    result. The files are renamed by their new content, and the names updated where they are
    referenced (the metadata file, pagefind-entry.json).
    """
    meta_file = next(bundle.glob("pagefind.*.pf_meta"))
    language = meta_file.name.split(".")[1].split("_")[0]
    meta = _read_dcd(meta_file)
    renamed = []
    for name, old_hash in meta[3]:
        old_file = bundle / "filter" / f"{old_hash}.pf_filter"
        filter_name, values = _read_dcd(old_file)
        data = _dcd_bytes([filter_name, sorted([value, sorted(pages)] for value, pages in values)])
        new_hash = f"{language}_{hashlib.sha256(data).hexdigest()[:7]}"
        old_file.unlink()
        (bundle / "filter" / f"{new_hash}.pf_filter").write_bytes(data)
        renamed.append([name, new_hash])
    meta[3] = sorted(renamed)
    data = _dcd_bytes(meta)
    meta_hash = f"{language}_{hashlib.sha256(data).hexdigest()[:10]}"
    meta_file.unlink()
    (bundle / f"pagefind.{meta_hash}.pf_meta").write_bytes(data)
    entry_file = bundle / "pagefind-entry.json"
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    entry["languages"][language]["hash"] = meta_hash
    entry_file.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


DCD = b"pagefind_dcd"   # Pagefind's files: gzip of this signature and a CBOR value


def _read_dcd(path: Path):
    raw = gzip.decompress(path.read_bytes())
    assert raw.startswith(DCD), f"not a Pagefind data file: {path}"
    return cbor2.loads(raw[len(DCD):])


def _dcd_bytes(value) -> bytes:
    return gzip.compress(DCD + cbor2.dumps(value), mtime=0)


def _swap_in(built: Path, target: Path) -> None:
    """Move the new bundle into place; a browser loading the old one meanwhile keeps working."""
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    shutil.move(str(built), str(target))
    shutil.rmtree(old, ignore_errors=True)
