"""Read datasets/datapackage.yaml and its Table Schemas, reporting every fault as a problem."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from .problems import Problems
from .safeyaml import YamlFailure, key_lines, load_yaml
from .schema import SchemaError, TableSchema, parse_schema

DESCRIPTOR = "datapackage.yaml"
MAX_YAML_BYTES = 1_000_000


@dataclass(frozen=True)
class Resource:
    """One tabular resource: its name, file and Table Schema."""

    name: str
    path: str  # relative to the datasets folder, POSIX form
    schema_path: str
    schema: TableSchema


@dataclass(frozen=True)
class Package:
    """The data package descriptor: metadata plus resources in declared order."""

    root: Path
    metadata: dict[str, Any]
    resources: tuple[Resource, ...]

    @property
    def version(self) -> str:
        return str(self.metadata.get("version", "0.0.0"))

    def resource(self, name: str) -> Resource:
        return next(r for r in self.resources if r.name == name)


def display_path(root: Path, relative: str) -> str:
    """How a dataset file is named in messages: relative to the repository, like `datasets/votes.csv`."""
    return str(PurePosixPath(root.name) / relative)


def load_package(root: Path, problems: Problems) -> Package | None:
    """Load the descriptor and schemas under `root`; None if the descriptor itself is unusable."""
    shown = display_path(root, DESCRIPTOR)
    raw = read_yaml_file(root / DESCRIPTOR, shown, problems)
    if raw is None:
        return None
    if not isinstance(raw, dict) or not isinstance(raw.get("resources"), list):
        problems.add(shown, 1, "resources", "descriptor",
                     "the descriptor needs a 'resources' list; see the data package layout in CONTRIBUTING.md")
        return None
    resources = []
    lines = _LazyLines(root / DESCRIPTOR)
    for number, item in enumerate(raw["resources"], start=1):
        resource = _load_resource(root, item, number, problems, lines)
        if resource is not None and not _listed_before(resource, resources, number, shown, problems, lines):
            resources.append(resource)
    metadata = {k: v for k, v in raw.items() if k != "resources"}
    _check_homepage(metadata, shown, problems, lines)
    return Package(root=root, metadata=metadata, resources=tuple(resources))


def _listed_before(resource: Resource, earlier: list[Resource], number: int, shown: str,
                   problems: Problems, lines: "_LazyLines") -> bool:
    """A resource whose name or file an earlier one already has: a problem, and not loaded twice."""
    for index, other in enumerate(earlier):
        for key in ("name", "path"):
            if getattr(resource, key) == getattr(other, key):
                problems.add(shown, lines.get("resources", number - 1, key), f"resources[{number}].{key}",
                             "duplicate-resource", f"{key} '{getattr(resource, key)}' is already listed on "
                             f"line {lines.get('resources', index, key)}; delete this resource or rename it")
                return True
    return False


def _check_homepage(metadata: dict[str, Any], shown: str, problems: Problems, lines: "_LazyLines") -> None:
    """The homepage is written into every data page and citation: only a plain web address."""
    homepage = metadata.get("homepage")
    if homepage is None:
        return
    if not isinstance(homepage, str) or not re.fullmatch(r"https?://[^\s/?#<>\"'`\\]+(/[^\s<>\"'`\\]*)?", homepage):
        problems.add(shown, lines.get("homepage"), "homepage", "homepage",
                     f"homepage '{homepage}' is not an http(s):// web address; write the site's address, "
                     "for example https://rollcall.example.org/")


def read_yaml_file(path: Path, shown: str, problems: Problems) -> Any | None:
    """Read and parse a YAML file, adding a problem (and returning None) when that fails."""
    if not path.is_file():
        problems.add(shown, 1, "-", "file-missing", f"file not found: create {shown} or fix the path that names it")
        return None
    data = path.read_bytes()
    if len(data) > MAX_YAML_BYTES:
        problems.add(shown, 1, "-", "file-too-large", f"YAML file is over {MAX_YAML_BYTES} bytes; split or shorten it")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.add(shown, line, "-", "encoding", "not valid UTF-8; save the file as UTF-8")
        return None
    parsed = load_yaml(text)
    if isinstance(parsed, YamlFailure):
        problems.add(shown, parsed.line, "-", parsed.code, parsed.message)
        return None
    return {} if parsed is None else parsed  # an empty file is an empty mapping, reported by the caller


class _LazyLines:
    """Line numbers of a YAML file's keys, read only when a problem needs one."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lines: dict[tuple[Any, ...], int] | None = None

    def get(self, *keys: Any) -> int:
        """The line of the deepest of `keys` that is found (1 if none)."""
        if self._lines is None:
            self._lines = key_lines(self.path.read_text(encoding="utf-8"))
        for depth in range(len(keys), 0, -1):
            if keys[:depth] in self._lines:
                return self._lines[keys[:depth]]
        return 1


def _schema_error_line(raw: Any, message: str, lines: _LazyLines) -> int:
    """Best guess at the schema line a SchemaError message is about."""
    named = re.match(r"field '([^']*)': (type|unsupported constraint)", message)
    fields = raw.get("fields") if isinstance(raw, dict) else None
    if named and isinstance(fields, list):
        for index, item in enumerate(fields):
            if isinstance(item, dict) and str(item.get("name")) == named.group(1):
                key = "type" if named.group(2) == "type" else "constraints"
                return lines.get("fields", index, key)
    for prefix, key in (("primaryKey", "primaryKey"), ("foreign", "foreignKeys"), ("a Table Schema", "fields"),
                        ("every field", "fields")):
        if message.startswith(prefix):
            return lines.get(key)
    return 1


def _load_resource(root: Path, item: Any, number: int, problems: Problems,
                   lines: _LazyLines) -> Resource | None:
    shown = display_path(root, DESCRIPTOR)
    if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in ("name", "path", "schema")):
        problems.add(shown, lines.get("resources", number - 1), f"resources[{number}]", "descriptor",
                     "each resource needs 'name', 'path' and 'schema' as text")
        return None
    for key in ("path", "schema"):
        if not _is_inside(root, item[key]):
            problems.add(shown, lines.get("resources", number - 1, key), f"resources[{number}].{key}",
                         "file-outside", f"'{item[key]}' is outside datasets/; use a relative path inside datasets/")
            return None
    schema_shown = display_path(root, item["schema"])
    raw = read_yaml_file(root / item["schema"], schema_shown, problems)
    if raw is None:
        return None
    try:
        schema = parse_schema(raw)
    except SchemaError as exc:
        line = _schema_error_line(raw, str(exc), _LazyLines(root / item["schema"]))
        problems.add(schema_shown, line, "-", "schema", f"{exc}; see the Table Schema specification")
        return None
    return Resource(name=item["name"], path=item["path"], schema_path=item["schema"], schema=schema)


def _is_inside(root: Path, relative: str) -> bool:
    pure = PurePosixPath(relative)
    if relative == "" or pure.is_absolute() or "\\" in relative or ".." in pure.parts or ":" in relative:
        return False
    return (root / relative).resolve().is_relative_to(root.resolve())
