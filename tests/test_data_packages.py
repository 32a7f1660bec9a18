"""Downloadable data packages: the full package, SQLite, Parquet, slices, dictionary, releases.

The default run builds the small fixture package of tests/fixtures/mini_package/ (its CSVs,
with the descriptor and schemas copied from datasets/ at test time so they never drift) into
temporary folders. Tests marked slow check the build of the real datasets/.
"""

from __future__ import annotations

import csv
import errno
import hashlib
import io
import json
import os
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest
import yaml
from selectolax.lexbor import LexborHTMLParser

from rollcall.commands import build, release
from rollcall.dataset import load_dataset
from rollcall.packages.loaders import pandas_dates, pandas_dtypes
from rollcall.packages.releases import load_releases
from rollcall.packages.ziparchive import EARLIEST, make_zip, read_zip
from rollcall.paths import Project
from rollcall.problems import Problems

REPO = Path(__file__).resolve().parent.parent
MINI = REPO / "tests" / "fixtures" / "mini_package"
EPOCH = "1700000000"
EDITED_VOTE = "hrc-s35-1"
ADDRESS = "https://roll-call-tests.github.io/roll-call/"   # what the Pages workflow would set


@pytest.fixture(scope="module", autouse=True)
def published_address():
    """Every build of this module publishes under ADDRESS (ROLLCALL_SITE_URL, as in CI)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ROLLCALL_SITE_URL", ADDRESS)
        yield ADDRESS


def make_project(root: Path) -> Project:
    """A project with the mini package's CSVs and the repository's descriptor, schemas, templates."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("templates", "static", "content"):
        (root / name).symlink_to(REPO / name, target_is_directory=True)
    datasets = root / "datasets"
    shutil.copytree(REPO / "datasets" / "schemas", datasets / "schemas")
    shutil.copyfile(REPO / "datasets" / "datapackage.yaml", datasets / "datapackage.yaml")
    for path in MINI.glob("*.csv"):
        shutil.copyfile(path, datasets / path.name)
    return Project(root)


def run_build(project: Project) -> str:
    out = io.StringIO()
    code = build.run(project, out=out)
    assert code == 0, out.getvalue()
    return out.getvalue()


def run_release(project: Project, version: str, notes: str, date: str) -> str:
    out = io.StringIO()
    code = release.run(project, version, notes, date, out=out)
    assert code == 0, out.getvalue()
    return out.getvalue()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): sha256(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def page(site: Path, url: str) -> LexborHTMLParser:
    path = site / url.lstrip("/")
    return LexborHTMLParser((path / "index.html" if url.endswith("/") else path).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def mini(tmp_path_factory) -> Project:
    """The mini project, built once for this module (read-only for the tests)."""
    project = make_project(tmp_path_factory.mktemp("packages") / "project")
    run_build(project)
    return project


@pytest.fixture(scope="module")
def latest(mini) -> Path:
    return mini.site / "data" / "latest"


@pytest.fixture(scope="module")
def dataset(mini):
    loaded, problems = load_dataset(mini.datasets)
    assert loaded is not None, problems.sorted()
    return loaded


# ----------------------------------------------------------------------------- full package

def test_frictionless_validates_the_latest_package(latest):
    from frictionless import validate
    report = validate(str(latest / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])[:10]


def test_descriptor_is_v2_with_bytes_hash_and_rows_of_every_file(latest, dataset):
    descriptor = json.loads((latest / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert [r["name"] for r in descriptor["resources"]] == [r.name for r in dataset.package.resources]
    for resource in descriptor["resources"]:
        data = (latest / resource["path"]).read_bytes()
        assert resource["bytes"] == len(data)
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert resource["rows"] == len(list(csv.reader(io.StringIO(data.decode("utf-8"))))) - 1
        assert resource["schema"]["fields"], resource["name"]


def test_published_rows_equal_datasets_exactly(mini, latest, dataset):
    files = read_zip((latest / "roll-call.zip").read_bytes())
    for resource in dataset.package.resources:
        source = (mini.datasets / resource.path).read_bytes()
        assert (latest / f"{resource.name}.csv").read_bytes() == source
        assert files[f"{resource.name}.csv"] == source
    assert files["datapackage.json"] == (latest / "datapackage.json").read_bytes()


def test_zip_is_reproducible_sorted_and_fixed(monkeypatch):
    files = {"b.csv": b"x\n1\n", "a.csv": b"y\n2\n", "datapackage.json": b"{}\n"}
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first, second = make_zip(files, "roll-call-1.0.0"), make_zip(dict(reversed(files.items())), "roll-call-1.0.0")
    assert first == second
    infos = zipfile.ZipFile(io.BytesIO(first)).infolist()
    assert [i.filename for i in infos] == sorted(f"roll-call-1.0.0/{n}" for n in files)
    assert {i.date_time for i in infos} == {EARLIEST}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    stamped = zipfile.ZipFile(io.BytesIO(make_zip(files, "x"))).infolist()
    assert {i.date_time for i in stamped} == {(2023, 11, 14, 22, 13, 20)}


# ----------------------------------------------------------------------------- SQLite, Parquet, pandas

def test_sqlite_has_keys_types_and_indexes_from_the_schemas(latest, dataset):
    connection = sqlite3.connect(latest / "roll-call.sqlite")
    try:
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        indexed = {(row[2], row[4]) for row in connection.execute(
            "SELECT m.name, il.name, m.name, ii.seqno, ii.name FROM sqlite_master m, "
            "pragma_index_list(m.name) il, pragma_index_info(il.name) ii WHERE m.type = 'table' AND ii.seqno = 0")}
        for resource in dataset.package.resources:
            schema, name = resource.schema, resource.name
            columns = {row[1]: row for row in connection.execute(f'PRAGMA table_info("{name}")')}
            assert list(columns) == list(schema.names)
            expected_types = {"string": "TEXT", "date": "TEXT", "integer": "INTEGER", "year": "INTEGER"}
            for field in schema.fields:
                assert columns[field.name][2] == expected_types[field.type], (name, field.name)
                assert bool(columns[field.name][3]) == (field.required or field.name in schema.primary_key)
            key = [n for n, row in sorted(columns.items(), key=lambda item: item[1][5]) if row[5]]
            assert key == list(schema.primary_key), name
            foreign = {(row[3], row[2], row[4]) for row in connection.execute(f'PRAGMA foreign_key_list("{name}")')}
            assert foreign == {(fk.field, fk.resource or name, fk.target) for fk in schema.foreign_keys}
            for fk in schema.foreign_keys:
                assert (name, fk.field) in indexed, f"no index on {name}.{fk.field}"
            count = connection.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]
            assert count == dataset.table(name).num_rows
    finally:
        connection.close()


def _arrow_rows(table, resource) -> list[tuple]:
    """The rows as SQLite should hold them, one cell at a time (the plain way, for reference)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    columns = []
    for field in resource.schema.fields:
        column = table.column(field.name)
        if field.type == "date":
            column = pc.cast(column, pa.string())
        elif field.type == "boolean":
            column = pc.cast(column, pa.int64())
        columns.append(column.to_pylist())
    return list(zip(*columns))


def test_sqlite_rows_equal_the_tables(latest, dataset):
    """Rowid tables in file order, WITHOUT ROWID tables in key order, every value as read."""
    connection = sqlite3.connect(latest / "roll-call.sqlite")
    try:
        for resource in dataset.package.resources:
            table, key = dataset.table(resource.name), resource.schema.primary_key
            if len(key) > 1:
                table = table.sort_by([(name, "ascending") for name in key])
            order = "" if len(key) > 1 else " ORDER BY rowid"   # WITHOUT ROWID: scanned in key order
            stored = connection.execute(f'SELECT * FROM "{resource.name}"{order}').fetchall()
            assert stored == _arrow_rows(table, resource), resource.name
    finally:
        connection.close()


def _synthetic_positions(count: int):
    import pyarrow as pa
    votes = [f"v-{n // 7:04d}" for n in range(count)]
    countries = [f"C{(n * 3) % 7}{n // 7 % 3}" for n in range(count)]
    notes = [None if n % 5 else f'note "{n}"' for n in range(count)]
    table = pa.table({"vote_id": votes, "country_id": countries, "position": ["yes", "no", "abstain"] * (count // 3)
                      + ["absent"] * (count % 3), "note": pa.array(notes, pa.string())})
    return table.take(pa.array(range(count - 1, -1, -1), pa.int64()))   # not in key order


@pytest.mark.parametrize("statements, extra", [(0, 0), (0, 1), (2, -1), (2, 0), (2, 1)])
def test_sqlite_insert_keeps_every_row_across_statement_boundaries(dataset, statements, extra):
    """Rows go in many to an INSERT: none lost or doubled around a statement's end."""
    from rollcall.packages.sqlite import MAX_VALUES, _insert, create_table
    resource = dataset.package.resource("positions")
    table = _synthetic_positions(statements * (MAX_VALUES // len(resource.schema.fields)) + extra)
    connection = sqlite3.connect(":memory:")
    try:
        connection.execute(create_table(resource))
        _insert(connection, resource, table)
        stored = connection.execute('SELECT * FROM "positions"').fetchall()
    finally:
        connection.close()
    assert stored == _arrow_rows(table.sort_by([("vote_id", "ascending"), ("country_id", "ascending")]), resource)


def test_sqlite_key_order_is_arrows_sort_order(dataset):
    import pyarrow as pa
    import pyarrow.compute as pc
    from rollcall.packages.sqlite import _key_order
    tables = [(dataset.table(r.name), tuple(r.schema.primary_key)) for r in dataset.package.resources
              if len(r.schema.primary_key) > 1]   # string keys and mixed (mandate_votes: id, seq)
    tables.append((_synthetic_positions(500), ("vote_id", "country_id")))
    tables.append((pa.table({"a": ["b", "a", "é", "B", "", "a"], "b": ["2", "1", "1", "1", "1", "0"]}), ("a", "b")))
    for table, key in tables:
        expected = pc.sort_indices(table, sort_keys=[(name, "ascending") for name in key]).to_pylist()
        assert _key_order(table, key).tolist() == expected, key


@pytest.mark.parametrize("order", ["sorted", "runs", "overlapping", "reversed"])
def test_sqlite_batches_in_small_chunks_follow_the_key_order(monkeypatch, order):
    """Runs already in key order are put in order without sorting, a chunk of rows at a time
    (runs that cross a chunk's edge too); the rows go in exactly as _key_order puts them."""
    import numpy as np
    import pyarrow as pa
    from rollcall.packages import sqlite
    table = _synthetic_positions(700).sort_by([("vote_id", "ascending"), ("country_id", "ascending")])
    rows = {"sorted": list(range(700)),
            "runs": list(range(350, 700)) + list(range(0, 350)),                # two runs, swapped
            "overlapping": list(range(0, 700, 2)) + list(range(1, 700, 2)),     # runs that interleave
            "reversed": list(range(699, -1, -1))}[order]
    table = table.take(pa.array(rows))
    expected = sqlite._key_order(table, ("vote_id", "country_id")).tolist()
    for chunk, batch, runs in ((1 << 20, 1 << 16, 1 << 12), (64, 100, 8), (7, 3, 1000)):
        monkeypatch.setattr(sqlite, "CHUNK_ROWS", chunk)
        monkeypatch.setattr(sqlite, "BATCH_ROWS", batch)
        monkeypatch.setattr(sqlite, "MAX_RUNS", runs)
        got = [np.arange(700)[b] if isinstance(b, slice) else b for b in sqlite._batches(table, ("vote_id", "country_id"))]
        assert all(len(b) == batch for b in got[:-1])
        assert np.concatenate(got).tolist() == expected
        if runs >= 1000:   # 100 votes, so at least 100 pieces: with MAX_RUNS 8 every order is sorted
            assert (sqlite._sorted_runs(table, ("vote_id", "country_id")) is None) == (order == "overlapping")


@pytest.mark.parametrize("source", ["bytes", "file"])
def test_slices_and_kept_lines_read_in_small_chunks_are_the_same(tmp_path, monkeypatch, source):
    """The CSV is read a chunk at a time (and regrouped through a scratch file a chunk of rows at
    a time): tiny chunks give the same slices and the same kept lines as one chunk."""
    import numpy as np
    import pyarrow as pa
    from rollcall.packages import slices
    lines = ["b,1", "a,\"x,\"\"y\"\"\"", "c,3", "a,4", "z,9", "b,5", "a,6"]
    data = ("k,v\n" + "\n".join(lines)).encode()   # the last line without its newline
    rows = list(csv.reader(io.StringIO(data.decode())))[1:]
    table = pa.table({"k": pa.array([r[0] for r in rows], pa.string()), "v": pa.array([r[1] for r in rows], pa.string())})
    keep = np.array([n % 2 == 0 for n in range(len(rows))])
    if source == "file":
        (tmp_path / "t.csv").write_bytes(data)
    given = tmp_path / "t.csv" if source == "file" else data

    def everything():
        kept = io.BytesIO()
        slices.kept_lines(given, keep, kept)
        rows_of = slices.resource_rows(given, table)
        return ([list(rows_of.cut(table.column("k"), wanted, 2)) for wanted in (["a", "b", "c"], ["b", "a", "x", "c", "z"])],
                kept.getvalue())

    whole = everything()
    assert whole[1] == b"k,v\n" + b"".join(line.encode() + b"\n" for n, line in enumerate(lines) if n % 2 == 0)[:-1]
    assert whole[0][1][0] == ("b", b"k,v\nb,1\nb,5\n", b'[["k","v"],["b","1"],["b","5"]]')
    for chunk_bytes, chunk_rows in ((1, 1), (3, 2), (5, 3)):
        monkeypatch.setattr(slices, "CHUNK_BYTES", chunk_bytes)
        monkeypatch.setattr(slices, "CHUNK_ROWS", chunk_rows)
        assert everything() == whole


def test_streamed_package_zip_equals_make_zip(dataset, tmp_path):
    """The package's zip, written from its CSV files a megabyte at a time, is make_zip's bytes."""
    from rollcall.packages.full import build_full_package
    full = build_full_package(dataset, stage=lambda name: tmp_path / name)
    assert full.archive() == make_zip(full.files, full.folder)
    assert all(full.digests[name].sha256 == hashlib.sha256(full.files[name]).hexdigest() for name in full.csvs)
    again = full.with_version(dataset, "9.9.9")
    assert json.loads(again.descriptor)["resources"] == json.loads(full.descriptor)["resources"]


def test_duckdb_reads_every_parquet_file_with_schema_types(latest, dataset):
    duckdb = pytest.importorskip("duckdb")
    names = {"string": "VARCHAR", "integer": "BIGINT", "year": "BIGINT", "date": "DATE", "number": "DOUBLE",
             "boolean": "BOOLEAN"}
    connection = duckdb.connect()
    for resource in dataset.package.resources:
        path = latest / "parquet" / f"{resource.name}.parquet"
        count = connection.execute(f"SELECT COUNT(*) FROM '{path}'").fetchall()[0][0]
        assert count == dataset.table(resource.name).num_rows
        types = {row[0]: row[1] for row in connection.execute(f"DESCRIBE SELECT * FROM '{path}'").fetchall()}
        assert types == {f.name: names[f.type] for f in resource.schema.fields}, resource.name
    connection.close()


def test_pandas_reads_each_csv_with_the_schema_dtypes(latest, dataset):
    pd = pytest.importorskip("pandas")
    for resource in dataset.package.resources:
        schema = resource.schema
        frame = pd.read_csv(latest / f"{resource.name}.csv", dtype=pandas_dtypes(schema),
                            parse_dates=pandas_dates(schema), keep_default_na=False, na_values=[""])
        assert len(frame) == dataset.table(resource.name).num_rows
        for field in schema.fields:
            dtype = str(frame[field.name].dtype)
            if field.type == "date":
                assert dtype.startswith("datetime64"), (resource.name, field.name, dtype)
            else:
                assert dtype == pandas_dtypes(schema)[field.name], (resource.name, field.name, dtype)


# ----------------------------------------------------------------------------- slices

def test_every_vote_and_country_has_csv_and_json_slices(latest, dataset):
    positions = (latest / "positions.csv").read_bytes().splitlines(keepends=True)
    header, rows = positions[0], positions[1:]
    for folder, column, ids in (("by-vote", 0, dataset.table("votes").column("id").to_pylist()),
                                ("by-country", 1, dataset.table("countries").column("id").to_pylist())):
        for key in ids:
            lines = (latest / folder / f"{key.lower()}.csv").read_bytes().splitlines(keepends=True)
            assert lines[0] == header
            assert lines[1:] == [r for r in rows if r.split(b",")[column].decode() == key]
            package = json.loads((latest / folder / f"{key.lower()}.json").read_text(encoding="utf-8"))
            assert package["resources"][1]["data"][1:] == [
                [None if cell == "" else cell for cell in row]
                for row in csv.reader(io.StringIO(b"".join(lines[1:]).decode("utf-8")))]


def test_slices_are_valid_data_packages_linking_their_schemas(latest):
    from frictionless import Package
    for path in (latest / "by-vote" / f"{EDITED_VOTE}.json", latest / "by-country" / "irn.json"):
        descriptor = json.loads(path.read_text(encoding="utf-8"))
        assert descriptor["$schema"].endswith("/2.0/datapackage.json")
        for resource in descriptor["resources"]:
            url = resource["schema"]
            assert url.startswith("https://") and "/data/latest/schemas/slices/" in url
            resource["schema"] = json.loads((latest / "schemas" / "slices" / url.rsplit("/", 1)[1]).read_text())
        report = Package(descriptor).validate()
        assert report.valid, report.flatten(["type", "note"])


def test_json_string_helpers_equal_json_dumps():
    from rollcall.packages.slices import json_ascii_string, json_string
    for text in ("", "plain", 'quote " and \\ backslash', "tab\tnew\nline\r\x00\x1f\x7f", "Côte d’Ivoire",
                 "\u2028\u2029", "😀 emoji", "</script>"):
        assert json_string(text) == json.dumps(text, ensure_ascii=False)
        assert json_ascii_string(text) == json.dumps(text)


@pytest.mark.parametrize("lines, wanted", [
    (["a,1", "a,3", "b,2", "c,4"], ["a", "b", "c"]),           # grouped in wanted order: no take
    (["a,1", "b,2", "a,3", "c,4"], ["a", "b", "c"]),           # interleaved
    (["a,1", "a,3", "b,2", "c,4"], ["c", "a", "x", "b"]),      # another order, a key without rows
    (["a,1", "b,\"x,\"\"y\"\"\"", "z,9", "a,3"], ["a", "b"]),   # rows of no wanted key; quoted
    ([], ["a"]),
])
def test_slices_cut_rows_by_key_in_file_order(lines, wanted):
    import pyarrow as pa
    from rollcall.packages.slices import resource_rows
    data = ("k,v\n" + "".join(f"{line}\n" for line in lines)).encode()
    rows = list(csv.reader(io.StringIO(data.decode())))[1:]
    table = pa.table({"k": pa.array([r[0] for r in rows], pa.string()), "v": pa.array([r[1] for r in rows], pa.string())})
    cut = list(resource_rows(data, table).cut(table.column("k"), wanted))
    for batch_rows in (1, 2, 3):   # JSON made a few groups at a time: same slices
        assert list(resource_rows(data, table).cut(table.column("k"), wanted, batch_rows)) == cut
    assert [key for key, _, _ in cut] == wanted
    for key, csv_bytes, json_bytes in cut:
        mine = [(line, row) for line, row in zip(lines, rows) if row[0] == key]
        assert csv_bytes == ("k,v\n" + "".join(f"{line}\n" for line, _ in mine)).encode()
        assert json.loads(json_bytes) == [["k", "v"], *[row for _, row in mine]]
        assert json_bytes == json.dumps([["k", "v"], *[row for _, row in mine]], separators=(",", ":")).encode()


def test_vote_and_country_pages_link_their_slices(mini):
    vote = page(mini.site, f"/votes/{EDITED_VOTE}/")
    links = {a.attributes.get("href") for a in vote.css("ul.downloads a")}
    assert {f"/data/latest/by-vote/{EDITED_VOTE}.csv", f"/data/latest/by-vote/{EDITED_VOTE}.json",
            "/data/latest/schemas/positions.json"} <= links
    country = page(mini.site, "/countries/irn/")
    links = {a.attributes.get("href") for a in country.css("ul.downloads a")}
    assert {"/data/latest/by-country/irn.csv", "/data/latest/by-country/irn.json"} <= links
    for link in links:
        if link.startswith("/data/latest/"):
            assert (mini.site / link.lstrip("/")).is_file(), link


# ----------------------------------------------------------------------------- pages

def test_data_page_has_downloads_licences_and_dataset_json_ld(mini):
    doc = page(mini.site, "/data/")
    blocks = doc.css('script[type="application/ld+json"]')
    assert len(blocks) == 1 and "<" not in blocks[0].text()
    record = json.loads(blocks[0].text())
    version = yaml.safe_load((mini.datasets / "datapackage.yaml").read_text(encoding="utf-8"))["version"]
    assert record["@type"] == "Dataset" and record["version"] == str(version)
    assert any(d["contentUrl"].endswith("/data/latest/roll-call.zip") for d in record["distribution"])
    assert not doc.css("script:not([src]):not([type])"), "no inline script: the CSP forbids it"
    text = doc.body.text()
    for needed in ("CC0", "CC-BY-4.0", "attribution", "roll-call.sqlite", "datapackage.json"):
        assert needed in text, needed


def test_dictionary_documents_every_field_and_loads_from_real_urls(mini, dataset):
    doc = page(mini.site, "/data/dictionary/")
    rows = {row.attributes.get("id") for row in doc.css("table.dictionary tbody tr")}
    for resource in dataset.package.resources:
        assert doc.css_first(f"#resource-{resource.name}") is not None
        for field in resource.schema.fields:
            assert f"{resource.name}-{field.name}" in rows
    code = " ".join(node.text() for node in doc.css("pre code"))
    for tool in ("pd.read_csv", "read_csv(paste0", "INSTALL httpfs", "datasette roll-call.sqlite", "sqlite3 "):
        assert tool in code, tool
    assert f"{ADDRESS}data/latest/votes.csv" not in code  # BASE + "votes.csv"
    assert f'BASE = "{ADDRESS}data/latest/"' in code


def test_snippets_run_against_the_built_files(latest, dataset):
    """The pandas, DuckDB and sqlite3 snippets work, pointed at the built files instead of the site."""
    from rollcall.packages.loaders import snippets
    url = f"{ADDRESS}data/latest/"
    code = {s.tool: s.code.replace(url, f"{latest}/") for s in snippets(dataset.package, url, EDITED_VOTE, "IRN")}
    namespace: dict = {}
    exec(code["pandas"], namespace)  # noqa: S102 - our own snippet, run on our own files
    assert len(namespace["positions"]) == dataset.table("positions").num_rows
    cc0 = {v["id"] for v in dataset.table("votes").to_pylist() if v["licence"] == "CC0-1.0"}
    assert len(namespace["cc0_positions"]) == sum(p["vote_id"] in cc0 for p in dataset.table("positions").to_pylist())
    pytest.importorskip("polars")
    exec(code["polars"], namespace)  # noqa: S102
    assert namespace["by_licence"].height == dataset.table("positions").num_rows
    duckdb = pytest.importorskip("duckdb")
    query = code["DuckDB"].split("\n", 1)[1]   # without INSTALL httpfs: the files are local here
    rows = duckdb.connect().execute(query).fetchall()
    assert rows and all(len(row) == 3 for row in rows)
    sql = code["sqlite3"].split('"')[1]
    connection = sqlite3.connect(latest / "roll-call.sqlite")
    assert dict(connection.execute(sql).fetchall()) == {"no": 1, "yes": 2}
    connection.close()


# ----------------------------------------------------------------------------- reproducibility

def test_two_builds_give_identical_data_files(tmp_path, mini):
    other = make_project(tmp_path / "again")
    run_build(other)
    first, second = hashes(mini.site / "data"), hashes(other.site / "data")
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


# ----------------------------------------------------------------------------- releases

@pytest.fixture(scope="module")
def two_releases(tmp_path_factory) -> tuple[Project, dict]:
    """A tree with release 0.1.0, then one vote's title edited and released as 0.2.0, built."""
    project = make_project(tmp_path_factory.mktemp("releases") / "project")
    run_release(project, "0.1.0", "First release.", "2026-01-15")
    first = yaml.safe_load((project.releases / "index.yaml").read_text())["releases"][0]
    votes = project.datasets / "votes.csv"
    text = votes.read_text(encoding="utf-8")
    assert text.count("Deteriorating situation of human rights in the Islamic Republic of Iran,") == 1
    votes.write_text(text.replace("Deteriorating situation of human rights in the Islamic Republic of Iran,",
                                  "Deteriorating situation of human rights in Iran (edited),"), encoding="utf-8")
    run_release(project, "0.2.0", "Corrected one title.", "2026-02-01")
    run_build(project)
    return project, first


def test_release_bumps_the_version_and_records_the_zip(two_releases):
    project, first = two_releases
    assert yaml.safe_load((project.datasets / "datapackage.yaml").read_text())["version"] == "0.2.0"
    index = yaml.safe_load((project.releases / "index.yaml").read_text())["releases"]
    assert [r["version"] for r in index] == ["0.1.0", "0.2.0"]
    for entry in index:
        archive = project.releases / entry["archive"]
        assert sha256(archive) == entry["sha256"] and archive.stat().st_size == entry["bytes"]
        assert json.loads(read_zip(archive.read_bytes())["datapackage.json"])["version"] == entry["version"]


def test_previous_release_stays_downloadable_with_its_original_hash(two_releases):
    project, first = two_releases
    published = project.site / "data" / "0.1.0" / "roll-call-0.1.0.zip"
    assert sha256(published) == first["sha256"]
    files = read_zip(published.read_bytes())
    for name, data in files.items():
        assert (project.site / "data" / "0.1.0" / name).read_bytes() == data
    from frictionless import validate
    assert validate(str(project.site / "data" / "0.1.0" / "datapackage.json")).valid
    listed = {a.attributes.get("href") for a in page(project.site, "/data/").css("a")}
    assert {"/data/0.1.0/", "/data/0.2.0/", "/data/0.1.0/roll-call-0.1.0.zip"} <= listed


def test_release_page_shows_the_edited_vote_as_changed(two_releases):
    project, _ = two_releases
    doc = page(project.site, "/data/0.2.0/")
    changed = doc.css_first("#votes-changed + ul")
    assert changed is not None, "no 'Votes changed' list"
    assert [a.attributes.get("href") for a in changed.css("a")] == [f"/votes/{EDITED_VOTE}/"]
    rows = {r.css("td")[0].text(): [c.text() for c in r.css("td")] for r in doc.css("#changes-h ~ div table tbody tr")}
    assert rows["votes"][2:] == ["0", "0", "1"]          # added, removed, changed
    assert rows["positions"][2:] == ["0", "0", "0"]
    assert json.loads((project.releases / "0.2.0" / "changes.json").read_text())["votes"]["changed"] == [EDITED_VOTE]


def test_latest_equals_the_newest_release(two_releases):
    project, _ = two_releases
    latest = project.site / "data" / "latest" / "roll-call.zip"
    assert latest.read_bytes() == (project.releases / "0.2.0" / "roll-call-0.2.0.zip").read_bytes()


def test_release_files_equal_to_latest_are_hard_links_to_them(two_releases):
    """Same bytes, stored once: /data/0.2.0/ is the latest; 0.1.0 shares its unchanged CSVs."""
    project, _ = two_releases
    data = project.site / "data"
    latest = data / "latest"
    # a release's own files (its slices and SQLite are packed: latest's are not)
    own = {"index.html", "changes.json", "CITATION.cff", "zenodo.json", "SHA256SUMS",
           "roll-call-0.2.0-slices.zip", "roll-call-0.2.0-sqlite.zip"}
    newest = [p for p in (data / "0.2.0").iterdir() if p.is_file() and p.name not in own]
    assert len(newest) > 2
    for path in newest:
        twin = latest / path.name.replace("-0.2.0.zip", ".zip")
        assert path.read_bytes() == twin.read_bytes() and os.path.samefile(path, twin), path.name
    linked = []
    for path in (data / "0.1.0").iterdir():
        twin = latest / path.name
        if path.name != "index.html" and twin.is_file():
            assert os.path.samefile(path, twin) == (path.read_bytes() == twin.read_bytes()), path.name
            linked.append(os.path.samefile(path, twin))
    assert any(linked) and not all(linked)   # votes.csv and datapackage.json changed


@pytest.mark.parametrize("failure", [errno.EXDEV, errno.EPERM, errno.EEXIST])
def test_a_file_that_cannot_be_linked_is_written(tmp_path, monkeypatch, failure):
    from rollcall.output import OutputFolder
    from rollcall.packages import publish
    out = OutputFolder(tmp_path / "site")
    writer = publish._Writer(out, publish.Published("roll-call", "1.0.0", "https://example.org", {}))
    data = b"id,name\nA,a\n"
    first = writer.write("/data/latest/a.csv", data, "A (CSV)", "text/csv", "a", linkable=True)
    if failure == errno.EEXIST:   # a file already there (it must not be written through)
        (out.staging / "data" / "1.0.0").mkdir(parents=True)
        os.link(out.staging / "data" / "latest" / "a.csv", out.staging / "data" / "1.0.0" / "a.csv")
    else:
        def refuse(source, target):
            raise OSError(failure, os.strerror(failure))
        monkeypatch.setattr(publish.os, "link", refuse)
    second = writer.write_same("/data/1.0.0/a.csv", data, "A (CSV)", "text/csv", "a")
    copy = out.staging / "data" / "1.0.0" / "a.csv"
    assert copy.read_bytes() == data == (out.staging / "data" / "latest" / "a.csv").read_bytes()
    assert not os.path.samefile(copy, out.staging / "data" / "latest" / "a.csv")
    assert second.sha256 == first.sha256 == hashlib.sha256(data).hexdigest() and second.bytes == len(data)
    assert (writer.published.files, writer.published.bytes) == (2, 2 * len(data))


def test_writer_paths_match_url_paths_and_refuse_unsafe_names(tmp_path):
    from rollcall import urls
    from rollcall.output import OutputFolder
    from rollcall.packages import publish
    out = OutputFolder(tmp_path / "site")
    writer = publish._Writer(out, publish.Published("roll-call", "1.0.0", "https://example.org", {}))
    for url in (urls.vote_data("a-1", "csv"), urls.vote_data("b-2", "json"), urls.country_data("FRA", "csv"),
                urls.data_file(urls.LATEST, "x.csv"), "/data/latest/by-vote/"):
        writer.store(url, url.encode())
        assert (out.staging / urls.path_for(url)).read_bytes() == url.encode()
    for bad in ("/data/latest/by-vote/..", "/data/latest/by-vote/a\\b.csv", "/data/latest/by-vote//c.csv"):
        with pytest.raises(ValueError):
            writer.store(bad, b"x")


def test_release_is_refused_for_old_or_malformed_versions(two_releases):
    project, _ = two_releases
    for version in ("0.2.0", "0.1.5", "1.0", "v1.0.0"):
        out = io.StringIO()
        assert release.run(project, version, "notes", "2026-03-01", out=out) == 2, version
        assert "release refused" in out.getvalue()


def test_a_changed_release_archive_stops_the_build(tmp_path, two_releases):
    project, _ = two_releases
    copy = Project(tmp_path / "tampered")
    shutil.copytree(project.root, copy.root, symlinks=True, ignore=shutil.ignore_patterns("site"))
    archive = copy.releases / "0.1.0" / "roll-call-0.1.0.zip"
    archive.write_bytes(archive.read_bytes() + b"\0")
    problems = Problems()
    load_releases(copy.releases, problems)
    assert [p.code for p in problems.errors] == ["release-hash"]
    out = io.StringIO()
    assert build.run(copy, out=out) == 1
    assert "release-hash" in out.getvalue()


def test_release_zip_rebuilds_byte_for_byte(two_releases, tmp_path):
    """A release can be verified: the same data and version give the recorded archive."""
    project, _ = two_releases
    from rollcall.packages.full import build_full_package
    dataset, problems = load_dataset(project.datasets)
    assert dataset is not None, problems.sorted()
    entry = yaml.safe_load((project.releases / "index.yaml").read_text())["releases"][-1]
    env = os.environ.get("SOURCE_DATE_EPOCH")
    assert entry["source_date_epoch"] == (int(env) if env and env.isdigit() else None)
    rebuilt = build_full_package(dataset, "0.2.0").archive()
    assert hashlib.sha256(rebuilt).hexdigest() == entry["sha256"]


def test_changes_after_a_release_are_marked_unreleased(tmp_path):
    project = make_project(tmp_path / "project")
    run_release(project, "0.1.0", "First release.", "2026-01-15")
    votes = project.datasets / "votes.csv"
    votes.write_text(votes.read_text(encoding="utf-8").replace(
        "Deteriorating situation of human rights in the Islamic Republic of Iran,", "Edited title,"), encoding="utf-8")
    run_build(project)
    latest = json.loads((project.site / "data" / "latest" / "datapackage.json").read_text())
    assert latest["version"] == "0.1.0+unreleased"
    frozen = read_zip((project.site / "data" / "0.1.0" / "roll-call-0.1.0.zip").read_bytes())
    assert json.loads(frozen["datapackage.json"])["version"] == "0.1.0"
    assert "changes made since the last release" in page(project.site, "/data/").body.text()


def test_diff_matches_rows_by_key_and_names_the_votes_touched():
    from rollcall.packages.changes import diff_packages

    def package(votes: str, positions: str) -> dict[str, bytes]:
        schema = lambda fields, key: {"fields": [{"name": f} for f in fields], "primaryKey": key}
        descriptor = {"resources": [
            {"name": "votes", "path": "votes.csv", "schema": schema(["id", "title"], ["id"])},
            {"name": "positions", "path": "positions.csv",
             "schema": schema(["vote_id", "country_id", "position"], ["vote_id", "country_id"])}]}
        return {"datapackage.json": json.dumps(descriptor).encode(), "votes.csv": votes.encode(),
                "positions.csv": positions.encode()}

    old = package("id,title\na,A\nb,B\nc,C\n",
                  "vote_id,country_id,position\na,FRA,yes\nb,FRA,no\nc,FRA,yes\n")
    new = package("id,title\na,A\nb,B\nd,D\n",
                  "vote_id,country_id,position\na,FRA,yes\nb,FRA,yes\nd,FRA,no\nd,DEU,no\n")
    changes = diff_packages(old, new, "1.0.0")
    by_name = {r["name"]: r for r in changes["resources"]}
    assert (by_name["votes"]["added"], by_name["votes"]["removed"], by_name["votes"]["changed"]) == (1, 1, 0)
    assert by_name["positions"]["keys"] == {"added": ["d / DEU", "d / FRA"], "removed": ["c / FRA"],
                                            "changed": ["b / FRA"]}
    assert changes["votes"] == {"added": ["d"], "added_count": 1, "removed": ["c"], "removed_count": 1,
                                "changed": ["b"], "changed_count": 1}
    first = diff_packages(None, new, None)
    assert first["previous"] is None and {r["name"]: r["added"] for r in first["resources"]} == {"votes": 3, "positions": 4}


# ----------------------------------------------------------------------------- the real data

@pytest.mark.slow
def test_full_build_package_validates_and_matches_datasets(full_site):
    from frictionless import validate
    latest = full_site / "data" / "latest"
    for resource in json.loads((latest / "datapackage.json").read_text())["resources"]:
        assert (latest / resource["path"]).read_bytes() == (REPO / "datasets" / resource["path"]).read_bytes()
    report = validate(str(latest / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])[:10]
    connection = sqlite3.connect(latest / "roll-call.sqlite")
    try:
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        connection.close()
    assert len(list((latest / "by-vote").glob("*.csv"))) == sum(1 for _ in open(REPO / "datasets" / "votes.csv")) - 1


# ----------------------------------------------------------------------------- licences, CC0, reuse (issue 17)

PLACEHOLDERS = (b"example.org", b"example.com", b"example.net", b"rollcall.example")


def test_every_resource_has_its_licences_and_positions_take_their_votes(latest, dataset):
    from rollcall.rules import LICENCE_TERMS
    descriptor = json.loads((latest / "datapackage.json").read_text(encoding="utf-8"))
    licences = {r["name"]: [item["name"] for item in r["licenses"]] for r in descriptor["resources"]}
    assert set(licences) == {r.name for r in dataset.package.resources}
    in_votes = sorted(set(dataset.table("votes").column("licence").to_pylist()))
    assert sorted(licences["votes"]) == sorted(licences["positions"]) == in_votes
    assert set(in_votes) <= set(LICENCE_TERMS)
    assert all(licences[name] == ["CC-BY-4.0"] for name in licences if name not in ("votes", "positions"))


def test_every_zip_holds_a_licence_and_a_readme(latest):
    for path in (latest / "roll-call.zip", latest / "roll-call-cc0.zip"):
        files = read_zip(path.read_bytes())
        assert {"LICENSE", "README.md", "datapackage.json"} <= set(files), path.name
        assert b"CC0-1.0" in files["LICENSE"]


def test_cc0_package_validates_and_holds_only_cc0_rows(latest, dataset):
    from frictionless import validate
    folder = latest / "cc0"
    report = validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])[:10]
    votes = list(csv.DictReader(io.StringIO((folder / "votes.csv").read_text(encoding="utf-8"))))
    positions = list(csv.DictReader(io.StringIO((folder / "positions.csv").read_text(encoding="utf-8"))))
    expected = {v["id"] for v in dataset.table("votes").to_pylist() if v["licence"] == "CC0-1.0"}
    assert expected and {v["id"] for v in votes} == expected
    assert {v["licence"] for v in votes} == {"CC0-1.0"}
    assert not any(term in (folder / "votes.csv").read_text() for term in ("UN-NC", "UN-attribution"))
    all_positions = dataset.table("positions").to_pylist()
    assert len(positions) == sum(1 for p in all_positions if p["vote_id"] in expected) > 0
    assert {p["vote_id"] for p in positions} <= expected
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert [item["name"] for item in descriptor["licenses"]] == ["CC0-1.0"]
    assert all([item["name"] for item in r["licenses"]] == ["CC0-1.0"] for r in descriptor["resources"])


def test_vote_slices_carry_their_votes_licence(latest, dataset):
    for vote in dataset.table("votes").to_pylist():
        package = json.loads((latest / "by-vote" / f"{vote['id']}.json").read_text(encoding="utf-8"))
        assert [item["name"] for item in package["licenses"]] == [vote["licence"]]


def test_each_table_loads_typed_in_pandas_polars_and_duckdb(latest, dataset):
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    duckdb = pytest.importorskip("duckdb")
    pandas_types = {"integer": "Int64", "year": "Int64", "number": "Float64", "boolean": "boolean",
                    "date": "date32[day][pyarrow]"}
    polars_types = {"integer": pl.Int64, "year": pl.Int64, "number": pl.Float64, "boolean": pl.Boolean,
                    "date": pl.Date, "string": pl.String}
    connection = duckdb.connect()
    for resource in dataset.package.resources:
        path = latest / "parquet" / f"{resource.name}.parquet"
        rows = dataset.table(resource.name).num_rows
        frame = pd.read_parquet(path)
        assert len(frame) == rows, resource.name
        for field in resource.schema.fields:
            dtype = str(frame[field.name].dtype)
            if field.type == "string":
                assert dtype in ("string", "str"), (resource.name, field.name, dtype)
            else:
                assert dtype == pandas_types[field.type], (resource.name, field.name, dtype)
        polars = pl.read_parquet(path)
        assert polars.height == rows
        assert dict(polars.schema) == {f.name: polars_types[f.type] for f in resource.schema.fields}
        assert connection.execute(f"SELECT COUNT(*) FROM '{path}'").fetchone()[0] == rows
    connection.close()


def unpack(archive: Path, into: Path) -> Path:
    """Extract a zip made by make_zip/ZipStream; the folder inside it."""
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(into)
        return into / opened.namelist()[0].split("/")[0]


def check_release_folder(folder: Path, version: str, scratch: Path) -> None:
    """A release folder is complete: its package validates, its packed zips hold the slices,
    the SQLite and the CC0 package (which validates), each with a README and LICENSE, and
    SHA256SUMS lists every file."""
    from frictionless import validate
    for name in ("changes.json", "CITATION.cff", "zenodo.json", "votes.csv-metadata.json", "SHA256SUMS",
                 "parquet/positions.parquet", "schemas/votes.json", "schemas/slices/positions.json",
                 f"roll-call-cc0-{version}.zip", f"roll-call-{version}-slices.zip", f"roll-call-{version}-sqlite.zip"):
        assert (folder / name).is_file(), f"{version}/{name}"
    assert not (folder / "by-vote").exists() and not (folder / "cc0").exists() and not (folder / "roll-call.sqlite").exists()
    slices = unpack(folder / f"roll-call-{version}-slices.zip", scratch / version / "slices")
    sqlite = unpack(folder / f"roll-call-{version}-sqlite.zip", scratch / version / "sqlite")
    cc0 = unpack(folder / f"roll-call-cc0-{version}.zip", scratch / version / "cc0")
    for unpacked in (slices, sqlite, cc0):
        assert (unpacked / "README.md").is_file() and (unpacked / "LICENSE").is_file(), unpacked
    for descriptor in (folder / "datapackage.json", cc0 / "datapackage.json"):
        report = validate(str(descriptor))
        assert report.valid, (version, report.flatten(["type", "note"])[:10])
    votes = list(csv.DictReader(io.StringIO((folder / "votes.csv").read_text(encoding="utf-8"))))
    countries = list(csv.DictReader(io.StringIO((folder / "countries.csv").read_text(encoding="utf-8"))))
    assert sorted(p.name for p in (slices / "by-vote").iterdir()) == sorted(
        f"{v['id']}.{ext}" for v in votes for ext in ("csv", "json"))
    assert len(list((slices / "by-country").iterdir())) == 2 * len(countries)
    assert sorted(p.name for p in (slices / "schemas" / "slices").iterdir()) == sorted(
        p.name for p in (folder / "schemas" / "slices").iterdir())
    package = json.loads((slices / "by-vote" / f"{votes[0]['id']}.json").read_text(encoding="utf-8"))
    assert all(f"/data/{version}/schemas/slices/" in r["schema"] for r in package["resources"])
    assert package["version"] == version
    connection = sqlite3.connect(sqlite / "roll-call.sqlite")
    count = connection.execute("SELECT COUNT(*) FROM positions").fetchone()[0]
    connection.close()
    assert count == len((folder / "positions.csv").read_bytes().splitlines()) - 1
    listed = dict(reversed(line.split("  ", 1)) for line in (folder / "SHA256SUMS").read_text().splitlines())
    files = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert set(listed) == files - {"index.html", "SHA256SUMS"}
    assert all(sha256(folder / name) == digest for name, digest in listed.items())


def test_every_release_folder_is_complete_and_validates(two_releases, tmp_path):
    project, _ = two_releases
    for version in ("0.1.0", "0.2.0"):
        check_release_folder(project.site / "data" / version, version, tmp_path)


def test_release_folders_are_packed_and_their_pages_list_what_exists(two_releases):
    """A release folder holds a few dozen files, not one per slice; its page links each."""
    project, _ = two_releases
    for version in ("0.1.0", "0.2.0"):
        folder = project.site / "data" / version
        files = [p for p in folder.rglob("*") if p.is_file()]
        tables = len(json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))["resources"])
        assert len(files) < 6 * tables + 20, len(files)   # CSV, CSVW, Parquet, schemas; not a file per slice
        assert {p.name for p in folder.iterdir() if p.is_dir()} == {"parquet", "schemas"}
        links = {a.attributes.get("href") for a in page(project.site, f"/data/{version}/").css("a")}
        for name in (f"roll-call-{version}-slices.zip", f"roll-call-{version}-sqlite.zip", "SHA256SUMS"):
            assert f"/data/{version}/{name}" in links, name


def test_packed_zips_are_byte_identical_across_builds(two_releases, tmp_path):
    project, _ = two_releases
    copy = Project(tmp_path / "again")
    shutil.copytree(project.root, copy.root, symlinks=True, ignore=shutil.ignore_patterns("site", ".cache"))
    run_build(copy)
    for version in ("0.1.0", "0.2.0"):
        first, second = hashes(project.site / "data" / version), hashes(copy.site / "data" / version)
        assert first.keys() == second.keys()
        assert [name for name in first if first[name] != second[name]] == []


def test_no_published_file_names_a_placeholder_address(two_releases):
    project, _ = two_releases
    # pagefind/ is Pagefind's own script, whose comments use example.com; it names no address of ours
    found = [path.relative_to(project.site).as_posix() for path in sorted(project.site.rglob("*"))
             if path.is_file() and path.relative_to(project.site).parts[0] != "pagefind"
             and any(p in path.read_bytes() for p in PLACEHOLDERS)]
    assert found == []
    for path in (REPO / "CITATION.cff", REPO / ".zenodo.json", REPO / "datasets" / "datapackage.yaml"):
        assert not any(p in path.read_bytes() for p in PLACEHOLDERS), path.name


def test_metadata_for_tools_dcat_csvw_and_schema_org(two_releases):
    project, _ = two_releases
    data = project.site / "data"
    catalogue = json.loads((data / "catalog.jsonld").read_text(encoding="utf-8"))
    versions = [d["adms:version"] for d in catalogue["dcat:dataset"]]
    assert versions[1:] == ["0.2.0", "0.1.0"]
    for item in catalogue["dcat:dataset"]:
        for dist in item["dcat:distribution"]:
            assert dist["dcat:downloadURL"]["@id"].startswith(ADDRESS) and "dct:license" in dist
    descriptor = json.loads((data / "latest" / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        table = json.loads((data / "latest" / f"{resource['path']}-metadata.json").read_text(encoding="utf-8"))
        assert table["url"] == resource["path"]
        assert [c["name"] for c in table["tableSchema"]["columns"]] == [f["name"] for f in resource["schema"]["fields"]]
    record = json.loads(page(project.site, "/data/").css_first('script[type="application/ld+json"]').text())
    kinds = {d["encodingFormat"] for d in record["distribution"]}
    assert {"text/csv", "application/vnd.apache.parquet", "application/vnd.sqlite3", "application/zip"} <= kinds
    assert all(d["contentSize"] and d["identifier"]["propertyID"] == "sha256" and d["license"]
               for d in record["distribution"])
    assert record["identifier"] == f"{ADDRESS}data/"


def test_published_address_order():
    from rollcall.packages.address import pages_address, site_address
    assert pages_address("Owner/roll-call") == "https://owner.github.io/roll-call/"
    assert pages_address("owner/owner.github.io") == "https://owner.github.io/"
    assert site_address({}, {"GITHUB_REPOSITORY": "o/r"}) == "https://o.github.io/r/"
    assert site_address({"homepage": "https://data.example/x"}, {"GITHUB_REPOSITORY": "o/r"}) == "https://data.example/x/"
    assert site_address({"homepage": "https://a/"}, {"ROLLCALL_SITE_URL": "https://b"}) == "https://b/"
    assert site_address({}, {}) == ""


# Frozen before the address was configurable: their datapackage.json names the old placeholder
# homepage. A release is never rewritten (docs/releases.md), so only these files may keep it.
FROZEN_WITH_PLACEHOLDER = {f"data/{v}/datapackage.json" for v in ("0.1.0", "0.1.1", "0.2.0")}


@pytest.mark.slow
def test_real_release_folders_are_complete_and_validate(tmp_path, monkeypatch):
    """The repository's releases/ built into complete folders; frictionless validates each."""
    monkeypatch.setenv("ROLLCALL_SITE_URL", ADDRESS)
    for name in ("datasets", "templates", "static", "content", "releases"):
        (tmp_path / name).symlink_to(REPO / name, target_is_directory=True)
    project = Project(tmp_path)
    run_build(project)
    data = project.site / "data"
    for item in load_releases(REPO / "releases", Problems()).items:
        check_release_folder(data / item.version, item.version, tmp_path / "unpacked")
    found = [path.relative_to(project.site).as_posix() for path in sorted(project.site.rglob("*"))
             if path.is_file() and not path.name.endswith(".zip")
             and path.relative_to(project.site).parts[0] != "pagefind"   # Pagefind's own script
             and any(p in path.read_bytes() for p in PLACEHOLDERS)]
    assert set(found) <= FROZEN_WITH_PLACEHOLDER, found


def test_cc0_zips_carry_the_cc0_licence_in_the_catalogue_and_json_ld(two_releases):
    project, _ = two_releases
    cc0 = "https://creativecommons.org/publicdomain/zero/1.0/"
    catalogue = json.loads((project.site / "data" / "catalog.jsonld").read_text(encoding="utf-8"))
    names = []
    for item in catalogue["dcat:dataset"]:
        for dist in item["dcat:distribution"]:
            name = dist["@id"].rsplit("/", 1)[-1]
            names.append(name)
            assert (dist["dct:license"]["@id"] == cc0) == ("-cc0" in name), name
    assert {"roll-call-cc0.zip", "roll-call-cc0-0.1.0.zip"} <= set(names)
    record = json.loads(page(project.site, "/data/0.1.0/").css_first('script[type="application/ld+json"]').text())
    terms = {d["contentUrl"].rsplit("/", 1)[-1]: d["license"] for d in record["distribution"]}
    assert terms["roll-call-cc0-0.1.0.zip"] == cc0


def test_site_with_packed_releases_has_no_broken_links(two_releases):
    """Every link of every page (the release pages' downloads among them) leads to a built file."""
    from site_support import LinkChecker, report
    project, _ = two_releases
    broken = LinkChecker(project.site).check_all()
    assert not broken, report(broken)
