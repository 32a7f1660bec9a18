"""Command line: `python build.py [build|validate|import|serve|release|...]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .paths import default_project


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    project = default_project()
    if args.root:
        from .paths import Project
        project = Project(Path(args.root).resolve())
    try:
        return args.run(project, args)
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="build.py", description="Build and check the Roll Call site and data.")
    parser.add_argument("--root", help="project folder (default: the current folder or the repository)")
    parser.set_defaults(run=_build)
    verbs = parser.add_subparsers(title="verbs")
    validate = verbs.add_parser("validate", help="check datasets/ and list every problem")
    validate.add_argument("--datasets", help="datasets folder to check (default: <root>/datasets)")
    validate.set_defaults(run=_validate)
    importer = verbs.add_parser("import", help="rebuild imported datasets from the reference sources")
    importer.add_argument("--reference", default="../shared/reference", help="folder of reference source files")
    importer.set_defaults(run=_import)
    build = verbs.add_parser("build", help="validate, then build the site into site/ (default)")
    build.set_defaults(run=_build)
    return parser


def _validate(project, args) -> int:
    from .commands import validate
    return validate.run(Path(args.datasets) if args.datasets else project.datasets)


def _import(project, args) -> int:
    from .importers.run import run_import
    result = run_import(Path(args.reference), project.sources, project.datasets)
    for name, count in result.counts.items():
        print(f"{name}: {count:,} rows")
    print(f"curated votes merged into harvested records: {len(result.merge.merged)}; "
          f"curated-only votes: {len(result.merge.added)}")
    for line in result.merge.disagreements:
        print(f"disagreement: {line}")
    print(f"votes whose recorded countries differ from the members on that day: {len(result.acknowledged)}")
    return 0


def _build(project, args) -> int:
    from .commands import build
    return build.run(project)
