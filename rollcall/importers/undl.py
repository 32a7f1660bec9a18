"""UN Digital Library voting data (one CSV row per member state per vote) into votes and positions.

The Library publishes each recorded vote with every Member State's vote (Y, N, A, X for
non-voting, empty when none is recorded) and the official totals. Rows are grouped per
text (resolution symbol, else draft symbol); each group becomes one vote, matched to an
existing vote by symbol (else by the id the symbol gives), so re-importing is idempotent
and a vote we already hold is updated, never duplicated. The report says, per vote, what
was added, what changed and what was left alone; rows that cannot be used are reported.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from ..rowfiles import Table, blank_to_none, open_tables
from ..rules import licence_for, members_on
from ..symbols import Identity, identify
from .ohchr import title_of

COLUMNS = ("undl_id", "ms_code", "ms_name", "ms_vote", "date", "session", "resolution", "draft",
           "committee_report", "meeting", "title", "agenda_title", "subjects", "vote_note",
           "total_yes", "total_no", "total_abstentions", "total_non_voting", "total_ms", "undl_link")
VOTE_CODES = {"Y": "yes", "N": "no", "A": "abstain", "X": "absent"}
TOTALS = {"yes": "total_yes", "no": "total_no", "abstain": "total_abstentions", "absent": "total_non_voting"}


@dataclass(frozen=True)
class UndlVote:
    """One vote of the file: its symbol, what the symbol says, and its member-state rows."""

    symbol: str
    identity: Identity
    rows: tuple[tuple[int, dict[str, str]], ...]  # (line, row)

    @property
    def first(self) -> dict[str, str]:
        return self.rows[0][1]


@dataclass
class VoteChange:
    """What importing one vote did (or would do, with --dry-run)."""

    vote_id: str
    symbol: str
    status: str  # added, updated, unchanged
    fields: dict[str, tuple[object, object]] = field(default_factory=dict)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    def describe(self) -> str:
        head = f"{self.status} {self.vote_id} ({self.symbol})"
        if self.status == "added":
            return f"{head}: {len(self.added)} positions"
        if self.status == "unchanged":
            return head
        parts = [_field_change(name, old, new) for name, (old, new) in self.fields.items()]
        parts += [f"positions added: {', '.join(self.added)}"] if self.added else []
        parts += [f"positions removed: {', '.join(self.removed)}"] if self.removed else []
        parts += [f"positions changed: {', '.join(self.changed)}"] if self.changed else []
        return f"{head}: " + "; ".join(parts)


@dataclass
class UndlReport:
    """Every vote's change and every row or group that could not be used."""

    changes: list[VoteChange] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [c.describe() for c in self.changes] + [f"problem: {p}" for p in self.problems]


def import_undl(source: Path, datasets: Path, dry_run: bool = False) -> UndlReport:
    """Merge the votes of a UNDL voting CSV into datasets/ (or only report, with dry_run)."""
    report = UndlReport()
    tables = open_tables(datasets)
    undl_votes = read_undl(source, report)
    countries = {row["id"] for row in tables["countries"].read()}
    votes = {row["id"]: row for row in tables["votes"].read()}
    positions = tables["positions"].read()
    memberships = tables["memberships"].read()
    by_vote: dict[str, dict[str, dict[str, str]]] = {}
    for row in positions:
        by_vote.setdefault(row["vote_id"], {})[row["country_id"]] = row
    by_symbol: dict[str, list[dict[str, str]]] = {}
    for vote in votes.values():
        by_symbol.setdefault(vote["symbol"], []).append(vote)
    replaced: dict[str, list[dict[str, object]]] = {}
    for undl in undl_votes:
        vote_id = match_vote(undl, by_symbol.get(undl.symbol, []), report)
        if vote_id is None:
            continue
        new_positions = positions_of(undl, vote_id, countries, by_vote.get(vote_id, {}), report)
        members = members_on(memberships, undl.identity.body, undl.first["date"])
        row, change = merge_vote(undl, votes.get(vote_id), vote_id, new_positions, members,
                                 by_vote.get(vote_id, {}))
        report.problems += check_totals(undl, row, new_positions)
        report.changes.append(change)
        if change.status != "unchanged":
            votes[vote_id] = row
            replaced[vote_id] = new_positions
    if replaced and not dry_run:
        _write(tables, votes, positions, replaced)
    return report


def read_undl(source: Path, report: UndlReport) -> list[UndlVote]:
    """Group the file's rows per text; report rows without a usable symbol."""
    with source.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise SystemExit(f"{source}: the header must be exactly: {','.join(COLUMNS)}")
        groups: dict[str, list[tuple[int, dict[str, str]]]] = {}
        for row in reader:
            line = reader.line_num
            symbol = " ".join((row["resolution"] or row["draft"]).split())
            if not symbol:
                report.problems.append(f"line {line}: no resolution or draft symbol; row skipped")
                continue
            groups.setdefault(symbol, []).append((line, row))
    return [v for symbol, rows in groups.items() if (v := _undl_vote(symbol, rows, report))]


def match_vote(undl: UndlVote, same: list[dict[str, str]], report: UndlReport) -> str | None:
    """Our vote among those with the same symbol (the roll call on the whole text, that day), else the symbol's id."""
    if len(same) > 1:
        same = [v for v in same if v["date"] == undl.first["date"] and v["kind"] == undl.identity.kind]
        if len(same) != 1:
            report.problems.append(f"{undl.symbol}: several of our votes record this text and none is "
                                   "clearly the vote on the whole text; not imported")
            return None
    return same[0]["id"] if same else undl.identity.vote_id


def positions_of(undl: UndlVote, vote_id: str, countries: set[str],
                 old: dict[str, dict[str, str]], report: UndlReport) -> list[dict[str, object]]:
    """The vote's positions after the import: the Library's where it lists a country, ours elsewhere.

    A country the file lists with an empty vote has no recorded vote, so a position we hold
    for it is dropped (and reported); a country the file does not list keeps its position,
    so a file cut down to a few countries never erases the rest.
    """
    rows: dict[str, dict[str, object] | None] = {}
    for line, row in undl.rows:
        code, vote = row["ms_code"].strip().upper(), row["ms_vote"].strip().upper()
        if code not in countries:
            report.problems.append(f"line {line}: unknown ms_code '{code}' ({row['ms_name']}) in "
                                   f"{undl.symbol}; row skipped (add the country to countries.csv first)")
        elif vote and vote not in VOTE_CODES:
            report.problems.append(f"line {line}: ms_vote '{vote}' is not Y, N, A, X or empty; row skipped")
        elif code in rows:
            report.problems.append(f"line {line}: {code} appears twice in {undl.symbol}; later row skipped")
        else:
            note = old.get(code, {}).get("note") or None
            rows[code] = {"vote_id": vote_id, "country_id": code, "position": VOTE_CODES[vote],
                          "note": note} if vote else None
    kept = {c: blank_to_none(p) for c, p in old.items() if c not in rows}
    merged = kept | {c: p for c, p in rows.items() if p is not None}
    return [merged[c] for c in sorted(merged)]


def merge_vote(undl: UndlVote, old: dict[str, str] | None, vote_id: str,
               positions: list[dict[str, object]], members: set[str] | None,
               old_positions: dict[str, dict[str, str]]) -> tuple[dict[str, object], VoteChange]:
    """The vote row after the import, and the change that describes it."""
    named = {str(p["country_id"]) for p in positions}
    complete = members is not None and members <= named
    if old is None:
        row = _new_vote(undl, vote_id, complete)
        return row, VoteChange(vote_id, undl.symbol, "added", added=sorted(named))
    change = VoteChange(vote_id, undl.symbol, "updated")
    _diff_positions(positions, old_positions, change)
    row = blank_to_none(old)
    updates = _updates(undl, row, complete)
    for name, value in updates.items():
        if row.get(name) != value:
            change.fields[name] = (row.get(name), value)
            row[name] = value
    if not (change.fields or change.added or change.removed or change.changed):
        change.status = "unchanged"
    return row, change


def check_totals(undl: UndlVote, row: dict[str, object], positions: list[dict[str, object]]) -> list[str]:
    """Totals that differ from the named positions make `validate` fail until a tally_note explains them."""
    problems = []
    for ours in TOTALS:
        official, named = row.get(ours), sum(p["position"] == ours for p in positions)
        if official not in (None, "") and int(str(official)) != named and not row.get("tally_note"):
            problems.append(f"{undl.symbol}: official {ours} is {official} but {named} positions are "
                            f"'{ours}'; check the file, or explain the difference in the vote's tally_note")
    if row.get("date") != undl.first["date"]:
        problems.append(f"{undl.symbol}: our vote {row['id']} is dated {row['date']}, the Library says "
                        f"{undl.first['date']}; check which is right")
    return problems


def _undl_vote(symbol: str, rows: list[tuple[int, dict[str, str]]], report: UndlReport) -> UndlVote | None:
    identity = identify(symbol)
    if identity is None:
        report.problems.append(f"{symbol} (line {rows[0][0]}): not a General Assembly, Human Rights "
                               "Council or ECOSOC symbol this importer knows; not imported")
        return None
    for column in ("undl_id", "date"):
        values = sorted({r[column] for _, r in rows})
        if len(values) > 1:
            report.problems.append(f"{symbol}: rows disagree on {column} ({', '.join(values)}): several "
                                   "votes on one text; import them one by one; not imported")
            return None
    return UndlVote(symbol, identity, tuple(rows))


def _tallies(first: dict[str, str]) -> dict[str, int | None]:
    return {ours: int(first[theirs]) if first[theirs].strip().isdigit() else None
            for ours, theirs in TOTALS.items()}


def _new_vote(undl: UndlVote, vote_id: str, complete: bool) -> dict[str, object]:
    first, identity = undl.first, undl.identity
    link = first["undl_link"].strip() or None
    notes = f"Imported from {_record(undl)}" + (f" (meeting {first['meeting']})." if first["meeting"] else ".")
    if first["vote_note"].strip():
        notes += f" Library note: {first['vote_note'].strip()}"
    return {
        "id": vote_id, "body_id": identity.body, "session": identity.session, "date": first["date"],
        "date_precision": "day", "symbol": undl.symbol, "title": title_of(first["title"]) or undl.symbol,
        "description": first["agenda_title"].strip() or None, "kind": identity.kind,
        "outcome": "adopted" if identity.adopted else "unknown", **_tallies(first),
        "tally_source_url": link, "tally_note": None,
        "record_status": "complete" if complete else "partial", "acknowledged": None,
        "source": "undl", "source_ref": f"undl {first['undl_id']}", "source_url": link,
        "positions_source_url": None, "notes": notes, "undl_id": first["undl_id"] or None,
        "meeting_record": first["meeting"] or None, "committee_report": first["committee_report"] or None,
        "draft_symbol": first["draft"] or None, "licence": licence_for("undl"),
    }


def _updates(undl: UndlVote, row: dict[str, object], complete: bool) -> dict[str, object]:
    """Fields an existing vote takes from the Library: totals, their source, provenance, status."""
    link = undl.first["undl_link"].strip() or None
    updates: dict[str, object] = {k: str(v) for k, v in _tallies(undl.first).items() if v is not None}
    if any(row.get(k) != v for k, v in updates.items()) or (updates and not row.get("tally_source_url")):
        updates["tally_source_url"] = link  # a source that already gave these totals stays cited
    sources = str(row.get("source") or "").split("+")
    if "undl" not in sources:
        updates["source"] = "+".join([s for s in sources if s] + ["undl"])
        updates["licence"] = licence_for(updates["source"])
    if _record(undl) not in str(row.get("notes") or ""):
        checked = f"Checked against {_record(undl)} ({link})."
        updates["notes"] = " ".join(n for n in (str(row.get("notes") or ""), checked) if n)
    if row.get("date_precision") == "session":
        updates.update(date=undl.first["date"], date_precision="day")  # the placeholder becomes the day
    if row.get("record_status") != "doubtful":
        updates["record_status"] = "complete" if complete else "partial"
    return updates


def _record(undl: UndlVote) -> str:
    """How notes cite the Library record; also how a re-import sees it was cited already."""
    return f"UN Digital Library record {undl.first['undl_id']}"


def _diff_positions(new: list[dict[str, object]], old: dict[str, dict[str, str]], change: VoteChange) -> None:
    fresh = {str(p["country_id"]): str(p["position"]) for p in new}
    change.added = [f"{c} {p}" for c, p in sorted(fresh.items()) if c not in old]
    change.removed = [f"{c} (was {old[c]['position']})" for c in sorted(old) if c not in fresh]
    change.changed = [f"{c} {old[c]['position']} -> {p}" for c, p in sorted(fresh.items())
                      if c in old and old[c]["position"] != p]


def _write(tables: dict[str, Table], votes: dict[str, dict[str, object]], positions: list[dict[str, str]],
           replaced: dict[str, list[dict[str, object]]]) -> None:
    """Rewrite votes.csv and positions.csv, each vote's positions replaced by the Library's."""
    tables["votes"].write(votes.values())
    kept = [p for p in positions if p["vote_id"] not in replaced]
    tables["positions"].write(kept + [p for rows in replaced.values() for p in rows])


def _field_change(name: str, old: object, new: object) -> str:
    """'yes 25 -> 26', or only the added text when a long cell grew (notes)."""
    before, after = str(old or ""), str(new or "")
    if before and after.startswith(before) and len(before) > 40:
        return f"{name} += {after[len(before):].strip()!r}"
    return f"{name} {before or '-'} -> {after or '-'}"
