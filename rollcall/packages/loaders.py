"""Copy-paste snippets that load the published package with common tools, typed from the
Table Schemas, with the real URLs. Also used by the tests, so the snippets stay correct.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..descriptor import Package
from ..schema import TableSchema

PANDAS_TYPES = {"string": "string", "integer": "Int64", "year": "Int64", "number": "Float64",
                "boolean": "boolean"}
READR_TYPES = {"string": "c", "integer": "i", "year": "i", "number": "d", "boolean": "l", "date": "D"}


def pandas_dtypes(schema: TableSchema) -> dict[str, str]:
    """read_csv dtypes for a resource (dates go to parse_dates)."""
    return {f.name: PANDAS_TYPES[f.type] for f in schema.fields if f.type != "date"}


def pandas_dates(schema: TableSchema) -> list[str]:
    return [f.name for f in schema.fields if f.type == "date"]


def readr_types(schema: TableSchema) -> str:
    return "".join(READR_TYPES[f.type] for f in schema.fields)


@dataclass(frozen=True)
class Snippet:
    tool: str
    language: str
    note: str
    code: str


def snippets(package: Package, latest: str, vote_id: str, country_id: str) -> list[Snippet]:
    """`latest` is the absolute URL of /data/latest/ (ending in a slash)."""
    votes, positions = package.resource("votes").schema, package.resource("positions").schema
    name = str(package.metadata.get("name", "roll-call"))

    def pandas_read(resource: str, schema: TableSchema) -> str:
        dates = pandas_dates(schema)
        parse = f",\n    parse_dates={dates!r}" if dates else ""
        return (f"{resource} = pd.read_csv(\n    BASE + \"{resource}.csv\",\n"
                f"    dtype={pandas_dtypes(schema)!r}{parse},\n"
                "    keep_default_na=False, na_values=[\"\"],  # only empty cells are missing (\"NA\" is Namibia)\n)")

    pandas = "\n".join([
        "import pandas as pd", "", f'BASE = "{latest}"', pandas_read("votes", votes),
        pandas_read("positions", positions), "",
        "# Or already typed, from Parquet (Int64 counts, date32 dates):",
        'votes = pd.read_parquet(BASE + "parquet/votes.parquet")',
        f'print(positions[positions.vote_id == "{vote_id}"].position.value_counts())', "",
        "# Public-domain rows only: a position has the terms of its vote",
        'cc0_votes = votes[votes.licence == "CC0-1.0"]',
        "cc0_positions = positions[positions.vote_id.isin(cc0_votes.id)]"])
    polars = "\n".join([
        "import polars as pl", "", f'BASE = "{latest}"',
        'votes = pl.read_parquet(BASE + "parquet/votes.parquet")   # Int64 counts, Date dates',
        'positions = pl.read_parquet(BASE + "parquet/positions.parquet")',
        'by_licence = positions.join(votes.select("id", "licence"), left_on="vote_id", right_on="id")',
        'print(by_licence.group_by("licence").len())'])
    r_lang = "\n".join([
        "library(readr)", f'base <- "{latest}"',
        f'votes <- read_csv(paste0(base, "votes.csv"), col_types = "{readr_types(votes)}", na = "")',
        f'positions <- read_csv(paste0(base, "positions.csv"), col_types = "{readr_types(positions)}", na = "")',
        "", "# Or with the descriptor and its Table Schemas:",
        "library(frictionless)",
        'package <- read_package(paste0(base, "datapackage.json"))',
        'votes <- read_resource(package, "votes")'])
    duckdb = "\n".join([
        "INSTALL httpfs; LOAD httpfs;",
        "SELECT v.date, v.title, p.position",
        f"FROM '{latest}parquet/positions.parquet' AS p",
        f"JOIN '{latest}parquet/votes.parquet' AS v ON v.id = p.vote_id",
        f"WHERE p.country_id = '{country_id}'", "ORDER BY v.date DESC", "LIMIT 10;"])
    datasette = "\n".join([
        f"curl -O {latest}{name}.sqlite -O {latest}{name}.metadata.json",
        f"datasette {name}.sqlite -m {name}.metadata.json"])
    sqlite = "\n".join([
        f"curl -O {latest}{name}.sqlite",
        f"sqlite3 {name}.sqlite \"SELECT position, COUNT(*) FROM positions WHERE vote_id = '{vote_id}' GROUP BY position;\"",
        f"sqlite3 {name}.sqlite .schema   # every column with its description"])
    frictionless = "\n".join([
        "from frictionless import Package", "",
        f'package = Package("{latest}datapackage.json")',
        'votes = package.get_resource("votes").to_pandas()  # typed by the Table Schema'])
    return [
        Snippet("pandas", "python", "Types from the Table Schemas; nullable integers stay integers.", pandas),
        Snippet("polars", "python", "Parquet keeps every type; each position joined to its vote's terms.", polars),
        Snippet("R", "r", "readr with the column types from the Table Schemas, or the frictionless package.", r_lang),
        Snippet("DuckDB", "sql", "Queries the Parquet files over HTTP without downloading them first.", duckdb),
        Snippet("Datasette", "sh", "Browse and query every table, with the column descriptions.", datasette),
        Snippet("sqlite3", "sh", "Keys, foreign keys and indexes as the Table Schemas declare them.", sqlite),
        Snippet("Frictionless (Python)", "python", "Reads the descriptor and validates as it reads.", frictionless),
    ]
