"""Read datasets/datapackage.yaml and its Table Schemas, reporting every fault as a problem."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from .problems import Problems
from .safeyaml import YamlFailure, load_yaml
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
    for number, item in enumerate(raw["resources"], start=1):
        resource = _load_resource(root, item, number, problems)
        if resource is not None:
            resources.append(resource)
    metadata = {k: v for k, v in raw.items() if k != "resources"}
    return Package(root=root, metadata=metadata, resources=tuple(resources))


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
    return parsed


def _load_resource(root: Path, item: Any, number: int, problems: Problems) -> Resource | None:
    shown = display_path(root, DESCRIPTOR)
    if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in ("name", "path", "schema")):
        problems.add(shown, 1, f"resources[{number}]", "descriptor",
                     "each resource needs 'name', 'path' and 'schema' as text")
        return None
    for key in ("path", "schema"):
        if not _is_inside(root, item[key]):
            problems.add(shown, 1, f"resources[{number}].{key}", "file-outside",
                         f"'{item[key]}' is outside datasets/; use a relative path inside datasets/")
            return None
    schema_shown = display_path(root, item["schema"])
    raw = read_yaml_file(root / item["schema"], schema_shown, problems)
    if raw is None:
        return None
    try:
        schema = parse_schema(raw)
    except SchemaError as exc:
        problems.add(schema_shown, 1, "-", "schema", f"{exc}; see the Table Schema specification")
        return None
    return Resource(name=item["name"], path=item["path"], schema_path=item["schema"], schema=schema)


def _is_inside(root: Path, relative: str) -> bool:
    pure = PurePosixPath(relative)
    if relative == "" or pure.is_absolute() or "\\" in relative or ".." in pure.parts or ":" in relative:
        return False
    return (root / relative).resolve().is_relative_to(root.resolve())
