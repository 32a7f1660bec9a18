"""`python build.py new-vote`: add one recorded vote, and its roll call, to datasets/.

For contributors who watched a vote or read its press release: the arguments become a
row of votes.csv, the pasted roll call becomes rows of positions.csv, both files stay
sorted by their primary key. Nothing is written unless every argument checks out and
every name in the roll call resolves to one country; an existing vote is never replaced.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ..checks_limits import is_future
from ..contrib.countrynames import CountryNames
from ..contrib.links import Links, vote_links
from ..contrib.pressrelease import POSITIONS, RollCall, parse_roll_call
from ..rowfiles import Table, open_tables
from ..rules import licence_for, members_on
from ..symbols import identify

#: Kinds of vote taken on a text as a whole, whose id therefore follows the text's symbol.
WHOLE_TEXT = ("resolution", "decision", "amendment")


@dataclass(frozen=True)
class NewVote:
    """The new-vote arguments, as the contributor typed them."""

    id: str
    body: str
    session: str
    date: str
    title: str
    source_url: str
    symbol: str | None = None
    outcome: str = "unknown"
    kind: str = "resolution"
    roll_call: str | None = None  # press-release text
    tally_note: str | None = None
    notes: str | None = None
    agenda_item: str | None = None  # HRC agenda item number: the vote's topic hrc-item-N
    subjects: list[str] | None = None  # country ids; None: derived from the title
    topics: list[str] | None = None  # topic ids; None: derived from the title or agenda item


def read_roll_call(argument: str | None, stdin: TextIO | None = None) -> str | None:
    """The text of --roll-call: a UTF-8 file, or standard input for '-'."""
    if argument is None:
        return None
    if argument == "-":
        return (stdin or sys.stdin).read()
    return Path(argument).read_text(encoding="utf-8")


def run(datasets: Path, vote: NewVote, out: TextIO | None = None) -> int:
    """Check, then append the vote and its positions; 0 when written, 1 or 2 when refused."""
    out = out or sys.stdout
    _progress(f"reading {datasets.name}/ ...", out)
    tables = open_tables(datasets)
    existing = tables["votes"].read()
    _progress("checking the arguments ...", out)
    errors, warnings = check_arguments(vote, tables, existing)
    links = _links(vote, tables)
    errors += links.errors
    for line in [f"error: {e}" for e in errors] + [f"warning: {w}" for w in warnings]:
        print(line, file=out)
    if errors:
        print("nothing written: fix the arguments above and run the command again", file=out)
        return 2
    names = CountryNames.from_rows(tables["countries"].read())
    if vote.roll_call is not None:
        _progress("reading the roll call ...", out)
    roll = parse_roll_call(vote.roll_call, vote.id, names) if vote.roll_call is not None else None
    if roll is not None and not _roll_call_usable(roll, vote, out):
        return 1
    members = members_on(tables["memberships"].read(), vote.body, vote.date)
    row = vote_row(vote, roll, members)
    _progress(f"writing {tables['votes'].shown} ...", out)
    tables["votes"].write(existing + [row])
    if roll is not None and roll.positions:
        _progress(f"writing {tables['positions'].shown} (about a million rows) ...", out)
        tables["positions"].write(tables["positions"].read() + roll.positions)
    for name, rows in (("vote_subjects", links.subjects), ("vote_topics", links.topics)):
        if rows:
            tables[name].write(tables[name].read() + rows)
    _print_summary(tables, row, roll, members, out)
    _print_links(tables, links, vote, out)
    return 0


def _progress(step: str, out: TextIO) -> None:
    print(step, file=out, flush=True)


def _links(vote: NewVote, tables: dict[str, Table]) -> Links:
    return vote_links(vote.id, vote.body, vote.session, vote.title, vote.agenda_item, vote.subjects,
                      vote.topics, tables["countries"].read(), tables["topics"].read())


def _print_links(tables: dict[str, Table], links: Links, vote: NewVote, out: TextIO) -> None:
    how = "as given" if vote.subjects is not None else "from the title"
    subjects = ", ".join(r["country_id"] for r in links.subjects) or "none"
    print(f"subject countries ({how}) in {tables['vote_subjects'].shown}: {subjects}", file=out)
    how = "as given" if vote.topics is not None else "from the title and agenda item"
    topics = ", ".join(r["topic_id"] for r in links.topics) or "none"
    print(f"topics ({how}) in {tables['vote_topics'].shown}: {topics}", file=out)
    if not links.topics:
        print("  no topic found: set them with --topics ID,ID (ids in topics.csv)", file=out)


def check_arguments(vote: NewVote, tables: dict[str, Table], existing: list[dict[str, str]]
                    ) -> tuple[list[str], list[str]]:
    """Errors that stop the command and warnings to read, both as sentences to act on."""
    schema = tables["votes"].schema
    errors: list[str] = []
    warnings: list[str] = []
    id_field = schema.field("id")
    if not re.fullmatch(id_field.pattern or ".+", vote.id) or len(vote.id) > (id_field.max_length or 80):
        errors.append(f"--id '{vote.id}' must be lower-case letters and digits joined by single "
                      "hyphens, like hrc-s35-1")
    if any(row["id"] == vote.id for row in existing):
        errors.append(f"vote '{vote.id}' already exists in {tables['votes'].shown}; edit that row "
                      "instead, or choose another id")
    bodies = {row["id"] for row in tables["bodies"].read()}
    if vote.body not in bodies:
        errors.append(f"--body '{vote.body}' is not in bodies.csv; use one of {', '.join(sorted(bodies))}")
    elif not vote.id.startswith(f"{vote.body}-"):
        errors.append(f"--id must start with the body, like {vote.body}-...")
    errors += _check_date(vote.date)
    errors += _check_text_fields(vote, tables["votes"])
    _check_symbol(vote, existing, errors, warnings)
    return errors, warnings


def vote_row(vote: NewVote, roll: RollCall | None, members: set[str] | None) -> dict[str, object]:
    """The votes.csv row: official tallies from the text, status from who is named."""
    counts = roll.counts if roll is not None else dict.fromkeys(POSITIONS)
    named = {p["country_id"] for p in roll.positions} if roll is not None else set()
    complete = members is not None and bool(named) and members <= named
    return {
        "id": vote.id, "body_id": vote.body, "session": vote.session, "date": vote.date,
        "date_precision": "day", "symbol": vote.symbol or None, "title": vote.title,
        "description": None, "kind": vote.kind, "outcome": vote.outcome, **counts,
        "tally_source_url": vote.source_url if any(v is not None for v in counts.values()) else None,
        "tally_note": vote.tally_note or None,
        "record_status": "complete" if complete else "partial", "acknowledged": None,
        "source": "curated", "source_ref": vote.symbol or None, "source_url": vote.source_url,
        "positions_source_url": None, "notes": vote.notes or None, "licence": licence_for("curated"),
    }


def _roll_call_usable(roll: RollCall, vote: NewVote, out: TextIO) -> bool:
    for line in roll.report.lines():
        print(line, file=out)
    if not roll.report.ok:
        print("nothing written: correct the roll-call text (or the names) and run the command again", file=out)
        return False
    if roll.report.count_differences and not vote.tally_note:
        print("nothing written: the counts in the text differ from the names listed; check the text, "
              "or explain the difference with --tally-note \"...\"", file=out)
        return False
    return True


def _check_date(text: str) -> list[str]:
    try:
        day = dt.date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    except ValueError:
        day = None
    if day is None:
        return [f"--date '{text}' is not a real date written YYYY-MM-DD"]
    if is_future(day):  # the validator's rule (checks_limits), so new-vote and validate agree
        return [f"--date {text} is in the future"]
    return []


def _check_text_fields(vote: NewVote, votes: Table) -> list[str]:
    schema = votes.schema
    errors = []
    if not re.fullmatch(schema.field("source_url").pattern or ".+", vote.source_url or ""):
        errors.append("--source-url must be the http(s) address of the page where the vote can be checked")
    if not vote.session.strip():
        errors.append("--session is required (S-35 for a special session, the year for ECOSOC)")
    title_limit = schema.field("title").max_length or 2000
    if not vote.title.strip() or len(vote.title) > title_limit:
        errors.append(f"--title is required, at most {title_limit} characters")
    notes_limit = schema.field("notes").max_length or 5000
    if vote.notes is not None and len(vote.notes) > notes_limit:
        errors.append(f"--notes is at most {notes_limit} characters")
    for name, value in (("title", vote.title), ("notes", vote.notes or ""), ("tally-note", vote.tally_note or "")):
        if any(ord(c) < 32 or 0x7f <= ord(c) <= 0x9f for c in value):
            errors.append(f"--{name} holds a control character (a line break, tab or escape); write it on one line")
    if vote.body == "hrc" and vote.agenda_item is not None and not vote.agenda_item.isdigit():
        errors.append(f"--agenda-item '{vote.agenda_item}' must be the item's number, like 4")
    for name, value in (("kind", vote.kind), ("outcome", vote.outcome)):
        allowed = schema.field(name).enum or ()
        if value not in allowed:
            errors.append(f"--{name} '{value}' must be one of {', '.join(allowed)}")
    return errors


def _check_symbol(vote: NewVote, existing: list[dict[str, str]], errors: list[str],
                  warnings: list[str]) -> None:
    """Votes on a whole text are named after its symbol, so the same text never gets two ids."""
    if not vote.symbol:
        return
    expected = identify(vote.symbol)
    if expected is None:
        warnings.append(f"--symbol '{vote.symbol}' is not in a form this tool knows; check it")
    elif expected.body != vote.body:
        errors.append(f"--symbol '{vote.symbol}' is a {expected.body} document but --body is {vote.body}")
    elif expected.vote_id != vote.id and vote.kind in WHOLE_TEXT:
        errors.append(f"a {vote.kind} voted on as {vote.symbol} takes the id '{expected.vote_id}'")
    elif expected.session != vote.session:
        warnings.append(f"the symbol says session {expected.session}, --session says {vote.session}")
    same = sorted(row["id"] for row in existing if row["symbol"] == vote.symbol)
    if same:
        warnings.append(f"{', '.join(same)} already record(s) {vote.symbol}: make sure this is another "
                        "roll call (a separate vote on a paragraph, an amendment, a motion)")


def _print_summary(tables: dict[str, Table], row: dict[str, object], roll: RollCall | None,
                   members: set[str] | None, out: TextIO) -> None:
    votes = tables["votes"]
    print(f"added vote {row['id']} to {votes.shown} (line {_line_of(votes.path, str(row['id']))})", file=out)
    if roll is not None:
        by_position = {p: sum(r["position"] == p for r in roll.positions) for p in POSITIONS}
        print(f"added {len(roll.positions)} positions to {tables['positions'].shown}: "
              + ", ".join(f"{by_position[p]} {p}" for p in POSITIONS), file=out)
        named = {r["country_id"] for r in roll.positions}
        if members is not None and named - members:
            print(f"warning: {', '.join(sorted(named - members))} were not members of {row['body_id']} "
                  f"on {row['date']} by memberships.csv; validate will report them", file=out)
    tallies = ", ".join(f"{p} {row[p] if row[p] is not None else '-'}" for p in POSITIONS)
    print(f"official tallies: {tallies}; record_status: {row['record_status']}", file=out)
    if row["record_status"] == "partial":
        print("  (partial: not every member of the body on that day has a position)", file=out)
    print("Next: run `python build.py validate`, check the subject countries and topics below, "
          "and open a pull request giving the source URL.", file=out)


def _line_of(path: Path, vote_id: str) -> int:
    """The line of the vote's row, so the contributor can open the file there."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        start = 1
        for record in reader:
            if record and record[0] == vote_id:
                return start
            start = reader.line_num + 1
    return 0
