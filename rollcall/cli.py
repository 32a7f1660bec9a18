"""Command line: `python build.py [build|validate|import|serve|release|...]`."""

from __future__ import annotations

import argparse
import importlib.abc
import os
import sys
from pathlib import Path

from .paths import default_project


def main(argv: list[str] | None = None) -> int:
    one_blas_thread()
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


def one_blas_thread() -> None:
    """One BLAS thread: a build already runs a process per core (render workers, the data
    process), and OpenBLAS's own threads then only spin against them (the agreement matrices
    took 0.46 s instead of 0.08 s with the other core busy). Must be set before numpy loads,
    so it is set by the command line, not by importing the package."""
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


class _PandasHidden(importlib.abc.MetaPathFinder):
    """Answers that pandas is not installed (it may be: the tests use it)."""

    def find_spec(self, name, path=None, target=None):
        if name == "pandas" or name.startswith("pandas."):
            raise ModuleNotFoundError(f"No module named {name!r} (hidden by rollcall.cli.hide_pandas)", name=name)
        return None


def hide_pandas() -> None:
    """Keep pandas out of this process (build.py: no command uses it).

    pyarrow imports pandas, if it can, the first time it checks whether a value is a pandas
    object (`pa.array`, `to_numpy`): 0.15 s of the build's serial start, for nothing.
    """
    if "pandas" not in sys.modules and not any(isinstance(f, _PandasHidden) for f in sys.meta_path):
        sys.meta_path.insert(0, _PandasHidden())


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="build.py", description="Build and check the Roll Call site and data.")
    parser.add_argument("--root", help="project folder (default: the current folder or the repository)")
    parser.set_defaults(run=_build)
    verbs = parser.add_subparsers(title="verbs")
    validate = verbs.add_parser("validate", help="check datasets/ and list every problem")
    validate.add_argument("--datasets", help="datasets folder to check (default: <root>/datasets)")
    validate.add_argument("--annotations", action="store_true",
                          help="also print each error as a GitHub workflow ::error command")
    validate.add_argument("--format", choices=("text", "json", "github"), default="text",
                          help="text (default): one line per problem; github: also ::error annotations; "
                               "json: one report, problems grouped per file with stable codes")
    validate.add_argument("--notes", action="store_true",
                          help="list every acknowledged source slip (by default one line counts them)")
    validate.set_defaults(run=_validate)
    importer = verbs.add_parser("import", help="rebuild imported datasets from the reference sources")
    importer.add_argument("--reference", default="../shared/reference", help="folder of reference source files")
    importer.set_defaults(run=_import)
    _add_new_vote(verbs)
    _add_import_undl(verbs)
    _add_release(verbs)
    serve = verbs.add_parser("serve", help="build, serve on localhost and rebuild what an edit touches")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.set_defaults(run=_serve)
    diff = verbs.add_parser("diff", help="list the votes, countries and pages a data change touches")
    diff.add_argument("ref", nargs="?", default="main", help="git ref to compare with (default: main)")
    diff.set_defaults(run=_diff)
    build = verbs.add_parser("build", help="validate, then build the site into site/ (default)")
    build.add_argument("--force", action="store_true", help="rebuild even if no input changed")
    build.add_argument("--debug", action="store_true", help="print the traceback of a page that fails")
    build.add_argument("--no-cache", action="store_true",
                       help="render every page and download afresh, ignoring and not filling .cache/ (cards excepted)")
    build.set_defaults(run=_build)
    return parser


def _validate(project, args) -> int:
    from .commands import validate
    return validate.run(Path(args.datasets) if args.datasets else project.datasets,
                        annotations=args.annotations, format=args.format, notes=args.notes,
                        content=None if args.datasets else project.content)


def _add_new_vote(verbs) -> None:
    new_vote = verbs.add_parser("new-vote", help="add one recorded vote and its press-release roll call")
    new_vote.add_argument("--id", required=True, help="vote id, e.g. hrc-s35-1 (after the symbol)")
    new_vote.add_argument("--body", required=True, help="body id from bodies.csv: hrc, ga, ecosoc, csw")
    new_vote.add_argument("--session", required=True, help="session, e.g. 52, S-35, or the year for ECOSOC")
    new_vote.add_argument("--date", required=True, help="day of the vote, YYYY-MM-DD")
    new_vote.add_argument("--symbol", help="UN document symbol, e.g. A/HRC/RES/S-35/1")
    new_vote.add_argument("--title", required=True, help="title of the text voted on")
    new_vote.add_argument("--source-url", required=True, help="page where the vote and its figures can be checked")
    new_vote.add_argument("--outcome", required=True, help="adopted, rejected, or unknown (say it if so)")
    new_vote.add_argument("--kind", default="resolution", help="resolution (default), decision, amendment, paragraph, motion")
    new_vote.add_argument("--roll-call", metavar="FILE", help="press-release text of the roll call ('-' for stdin)")
    new_vote.add_argument("--tally-note", help="why the counts in the text differ from the names it lists")
    new_vote.add_argument("--notes", help="what a reader should know about this vote (the votes.csv notes column)")
    new_vote.add_argument("--agenda-item", help="HRC agenda item number; the vote's topic becomes hrc-item-N")
    new_vote.add_argument("--subjects", help="country ids the vote is about, e.g. IRN (default: from the title; '' for none)")
    new_vote.add_argument("--topics", help="topic ids from topics.csv, e.g. human-rights (default: from the title "
                                           "or agenda item; '' for none)")
    new_vote.add_argument("--datasets", help="datasets folder to change (default: <root>/datasets)")
    new_vote.set_defaults(run=_new_vote)


def _new_vote(project, args) -> int:
    from .commands import new_vote
    from .contrib.links import parse_ids
    try:
        text = new_vote.read_roll_call(args.roll_call)
    except OSError as exc:
        print(f"error: cannot read --roll-call: {exc}", file=sys.stderr)
        return 2
    vote = new_vote.NewVote(
        id=args.id, body=args.body, session=args.session, date=args.date, title=args.title,
        source_url=args.source_url, symbol=args.symbol, outcome=args.outcome, kind=args.kind,
        roll_call=text, tally_note=args.tally_note, notes=args.notes, agenda_item=args.agenda_item,
        subjects=parse_ids(args.subjects), topics=parse_ids(args.topics))
    return new_vote.run(Path(args.datasets) if args.datasets else project.datasets, vote)


def _add_import_undl(verbs) -> None:
    undl = verbs.add_parser("import-undl", help="merge a UN Digital Library voting CSV into datasets/")
    undl.add_argument("file", help="CSV in the Library's voting-data layout (one row per member state per vote)")
    undl.add_argument("--dry-run", action="store_true", help="report what would change; write nothing")
    undl.add_argument("--datasets", help="datasets folder to change (default: <root>/datasets)")
    undl.set_defaults(run=_import_undl)


def _import_undl(project, args) -> int:
    from .importers.undl import import_undl
    report = import_undl(Path(args.file), Path(args.datasets) if args.datasets else project.datasets,
                         dry_run=args.dry_run)
    for line in report.lines():
        print(line)
    changed = sum(c.status != "unchanged" for c in report.changes)
    print(f"{len(report.changes)} vote(s) read, {changed} to change"
          + (" (dry run: nothing written)" if args.dry_run else "")
          + "; next: run `python build.py validate`")
    return 1 if report.problems else 0


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


def _diff(project, args) -> int:
    from .commands import diff
    return diff.run(project, args.ref)


def _serve(project, args) -> int:
    from .commands import serve
    return serve.run(project, args.port, args.host)


def _add_release(verbs) -> None:
    release = verbs.add_parser("release", help="freeze the current data as release X.Y.Z under releases/")
    release.add_argument("version", help="the new version, X.Y.Z, newer than the last release")
    release.add_argument("--notes", required=True, help="what this release contains or changes")
    release.add_argument("--date", help="release date YYYY-MM-DD (default: SOURCE_DATE_EPOCH's day, else today)")
    release.set_defaults(run=_release)


def _release(project, args) -> int:
    from .commands import release
    return release.run(project, args.version, args.notes, args.date)


def _build(project, args) -> int:
    import os
    from . import fingerprint, urls
    from .problems import printable
    try:
        urls.set_base_path(os.environ.get(urls.BASE_PATH_VARIABLE, ""))
    except ValueError as exc:
        print(f"error: {printable(str(exc))}", file=sys.stderr)
        return 2
    if not getattr(args, "force", False) and fingerprint.is_up_to_date(project.root, project.site):
        print("site/ is up to date: no input changed since the last build (use build --force to rebuild)")
        return 0
    fingerprint.forget(project.root)
    inputs = fingerprint.Pending(project.root)   # hashed meanwhile, as they are when the build starts
    from .commands import build
    status = build.run(project, debug=getattr(args, "debug", False), cache=not getattr(args, "no_cache", False))
    if status == 0:
        fingerprint.remember(project.root, inputs.wait())
    return status
