"""General Assembly plenary recorded votes after the Voeten record (from 2020-01-15), from two
UN sources checked against each other position by position.

- The UN Secretariat's resolution extract (`UNxml/GAresolutions`, committed under
  sources/unxml/): official counts and the States in favour, against and abstaining, with the
  originating document and Main Committee. Terms: acknowledge the UN (UN-attribution).
- The UN Digital Library's country-by-country record (reference/undl/): every Member State,
  absent and non-voting included, and the Library record id. Terms: non-commercial (UN-NC).

The extract is preferred where its lists are whole (they name as many States as its counts);
the Library fills what the extract does not list (absentees, a dropped name), and alone gives
the votes the extract lacks. Every difference is listed in
sources/ga_2020_2025_disagreements.csv, and in the vote's notes; nothing is overwritten silently.
"""

from __future__ import annotations

import unicodedata

import csv
import hashlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..rowfiles import Row, write_rows
from ..rules import POSITIONS, licence_for, members_on
from ..symbols import identify
from . import countries as country_import
from .ga_pairs import Pair, disagreement, pair_records
from .ga_topics import topic_rows_for
from .ohchr import title_of
from .undl_recent import FILE as UNDL_FILE, UndlRecord, read_undl_recent
from .unxml import REPOSITORY, UnxmlRecord, document_symbol, meeting_symbol, read_unxml

VOETEN_LAST_DAY = "2020-01-14"
REPORT = "ga_2020_2025_disagreements.csv"
UNDL_PROVENANCE = "ga_2020_2025_provenance.csv"
REPORT_FIELDS = ("vote_id", "symbol", "date", "kind", "country_id", "unxml", "undl", "kept", "detail")
#: Spellings of the extract that neither countries.csv nor the Library's names give.
ALIASES = {"TURKEY": "TUR", "TURKIYE": "TUR", "TÜRKIYE": "TUR", "TÜRKİYE": "TUR", "TÜRKÝYE": "TUR",
           "NETHERLANDS": "NLD"}


@dataclass(frozen=True)
class GaRecent:
    votes: list[Row]
    positions: list[Row]
    vote_topics: list[Row]
    disagreements: list[dict[str, object]]


def import_ga_recent(undl_folder: Path, sources: Path, countries: list[Row]) -> GaRecent:
    """The votes, positions and topics from reference/undl/ and sources/unxml/ (files checked
    against their provenance); the disagreements are returned to be written by `write_report`."""
    report: list[dict[str, object]] = []
    unxml_folder = sources / "unxml"
    extract = checked_files(unxml_folder / "provenance.csv", unxml_folder)
    checked_files(sources / "undl" / UNDL_PROVENANCE, undl_folder)
    commit = _one_commit(extract, unxml_folder / "provenance.csv")
    files = tuple(Path(row["path"]).stem for row in extract)
    unxml = [r for r in read_unxml(unxml_folder, files) if r.day > VOETEN_LAST_DAY]
    undl = read_undl_recent(undl_folder / UNDL_FILE)
    names = name_table(countries, undl)
    pairs = pair_records(unxml, undl, report, lambda a, b: _vote_of(a, names) == _vote_of(b, names))
    memberships = country_import.ga_membership_rows(countries)
    committees = _committees_by_report(unxml)
    votes, positions = [], []
    for pair in pairs:
        members = members_on(memberships, "ga", pair.day) or set()
        merged = merge_positions(pair, names, members, report)
        votes.append(vote_row(pair, merged, members, commit, committees, report))
        positions += [{"vote_id": pair.vote_id, "country_id": c, "position": p, "note": None}
                      for c, p in sorted(merged.positions.items())]
    topics = topic_rows_for(votes, countries)
    for vote in votes:
        del vote["committee"]
    return GaRecent(votes, positions, topics, report)


def write_report(sources: Path, rows: list[dict[str, object]]) -> int:
    return write_rows(sources / REPORT, REPORT_FIELDS, rows, ("vote_id", "kind", "country_id", "detail"))


@dataclass
class Merged:
    positions: dict[str, str]
    from_undl: set[str]  # countries whose position only the Library gives
    inferred: set[str]  # members named by neither list of an extract-only vote
    whole: bool  # the extract's lists name as many States as its counts


def merge_positions(pair: Pair, names: dict[str, str], members: set[str],
                    report: list[dict[str, object]]) -> Merged:
    """The extract's positions, the Library's where the extract is silent (or broken), each difference reported."""
    ours = _unxml_positions(pair, names, report) if pair.unxml else {}
    theirs = pair.undl.votes if pair.undl else {}
    whole = pair.unxml is not None and _whole(pair.unxml, ours, pair, theirs, report)
    merged, from_undl = {}, set()
    for country in sorted(set(ours) | set(theirs)):
        mine, library = ours.get(country), theirs.get(country)
        if mine is not None and (library is None or whole or mine == library):
            merged[country] = mine
        else:
            merged[country] = library
            from_undl.add(country)
        if ours and pair.undl and mine != library and not (mine is None and library == "absent"):
            report.append(disagreement(pair, "position" if mine and library else "missing-in-" +
                                       ("unxml" if mine is None else "undl"),
                                       mine or "", library or "", merged[country],
                                       "kept the extract (its lists are whole)" if merged[country] == mine
                                       else "kept the Library's", country))
    inferred = set()
    if pair.undl is None and whole:
        inferred = members - set(merged)  # the extract names every voter: the rest did not vote
        merged.update({c: "absent" for c in inferred})
    return Merged(merged, from_undl, inferred, whole)


def _unxml_positions(pair: Pair, names: dict[str, str], report: list[dict[str, object]]) -> dict[str, str]:
    record = pair.unxml
    positions: dict[str, str] = {}
    conflicts: set[str] = set()
    for position, listed in record.names.items():
        ids = [_country(name, names, record) for name in listed]
        repeated = len(ids) - len(set(ids))
        if repeated:
            report.append(disagreement(pair, "unxml-repeated-names", len(ids), "", len(set(ids)),
                                       f"the extract's {position} list names {repeated} States twice "
                                       f"({record.where}); each counted once"))
        for country in set(ids):
            if positions.get(country, position) != position:
                conflicts.add(country)
            positions[country] = position
    for country in sorted(conflicts):
        report.append(disagreement(pair, "unxml-two-lists", "several", "", "the Library's",
                                   f"the extract lists {country} under two positions ({record.where})", country))
    return {c: p for c, p in positions.items() if c not in conflicts}


def _whole(record: UnxmlRecord, ours: dict[str, str], pair: Pair, theirs: dict[str, str],
           report: list[dict[str, object]]) -> bool:
    """Do the extract's lists name as many States as its official counts? Counts checked against the Library too."""
    whole = True
    for position in ("yes", "no", "abstain"):
        named = sum(p == position for p in ours.values())
        official = record.counts[position]
        if named != official:
            whole = False
            report.append(disagreement(pair, "unxml-count", official, "", official,
                                       f"the extract's {position} count is {official} but its list names "
                                       f"{named} States ({record.where})"))
        library = sum(p == position for p in theirs.values())
        if theirs and library != official:
            report.append(disagreement(pair, "tally", official, library, official,
                                       f"official {position} count in the extract is {official}; the "
                                       f"Library's country rows give {library}"))
    return whole


def _vote_of(record: UnxmlRecord, names: dict[str, str]) -> tuple[object, ...]:
    listed = {p: sorted(_country(n, names, record) for n in ns) for p, ns in record.names.items()}
    return record.day, sorted(record.counts.items()), sorted(listed.items())


def _country(name: str, names: dict[str, str], record: UnxmlRecord) -> str:
    key = " ".join(name.upper().replace("’", "'").split())
    if key not in names:
        raise SystemExit(f"{record.where}: 1: unknown State name {name!r}; add it to ga_recent.ALIASES "
                         "[unxml-name]")
    return names[key]


def vote_row(pair: Pair, merged: Merged, members: set[str], commit: str,
             committees: dict[str, str], report: list[dict[str, object]]) -> Row:
    record, library = pair.unxml, pair.undl
    identity = identify(pair.symbol) or identify(pair.base)
    _compare_details(pair, report)
    tallies, tally_note = _tallies(pair, merged)
    source = "+".join(s for s, used in (("unxml", record), ("undl", library and (merged.from_undl or not record)))
                      if used)
    extract_url = _extract_url(commit, record) if record else None
    committee = record.committee if record else committees.get(_report_base(library.committee_report))
    return {
        "id": pair.vote_id, "body_id": "ga", "session": identity.session, "date": pair.day,
        "date_precision": "day", "symbol": pair.symbol, "title": _title(pair),
        "description": _description(record, committee), "kind": identity.kind, "outcome": "adopted",
        **tallies, "tally_source_url": extract_url or library.url, "tally_note": tally_note,
        "record_status": _status(merged, members, tallies), "acknowledged": None,
        "source": source, "source_ref": _source_ref(record, library),
        "source_url": library.url if library else _meeting_url(record),
        "positions_source_url": extract_url if record else library.url,
        "draft_symbol": _draft(record), "undl_id": library.undl_id if library else None,
        "meeting_record": meeting_symbol(record.meeting) if record else library.meeting,
        "committee_report": _committee_report(record, library), "licence": licence_for(source),
        "notes": _notes(pair, merged, committee, report),
        "committee": committee,  # for the topics; not a column of votes.csv
    }


def _tallies(pair: Pair, merged: Merged) -> tuple[dict[str, int | None], str | None]:
    counted = Counter(merged.positions.values())
    if pair.unxml is None:
        return ({p: counted[p] for p in POSITIONS},
                "Totals counted from the UN Digital Library's country-by-country record; the sources "
                "read give no official figures for this vote.")
    tallies = {**{p: pair.unxml.counts[p] for p in ("yes", "no", "abstain")}, "absent": counted["absent"]}
    if pair.undl is None and not merged.inferred:
        tallies["absent"] = None  # the extract's lists are broken: who did not vote is not known
    absent_from = ("the members the extract does not name" if merged.inferred
                   else "the UN Digital Library's country rows")
    note = (f"Yes, no and abstain are the official counts of the resolution record; the non-voting "
            f"figure is counted from {absent_from}.")
    if tallies["absent"] is None:
        note = "Yes, no and abstain are the official counts of the resolution record; who did not vote is not known."
    if any(tallies[p] != counted[p] for p in ("yes", "no", "abstain")):
        note += (" The named positions do not add up to the official counts (yes "
                 f"{counted['yes']}, no {counted['no']}, abstain {counted['abstain']}); see the notes.")
    return tallies, note


def _status(merged: Merged, members: set[str], tallies: dict[str, int | None]) -> str:
    counted = Counter(merged.positions.values())
    if any(tallies[p] is not None and tallies[p] != counted[p] for p in POSITIONS):
        return "doubtful"
    return "complete" if members <= set(merged.positions) else "partial"


def _compare_details(pair: Pair, report: list[dict[str, object]]) -> None:
    record, library = pair.unxml, pair.undl
    if record is None or library is None:
        kind = "only-in-undl" if record is None else "only-in-unxml"
        ours, theirs = (record.where, "") if record else ("", f"record {library.undl_id}")
        detail = "the vote is in one source only"
        if pair.unclear:
            detail += "; the extract's record " + ", ".join(f"{r.symbol} ({r.where})" for r in pair.unclear) + \
                      " gives no adoption type or counts"
        report.append(disagreement(pair, kind, ours, theirs, ours or theirs, detail))
        return
    if record.day != library.day:
        report.append(disagreement(pair, "date", record.day, library.day, record.day, "adoption day differs"))
    meeting = meeting_symbol(record.meeting) or ""
    if library.meeting and _squeeze(meeting) != _squeeze(library.meeting):
        report.append(disagreement(pair, "meeting", meeting, library.meeting or "", meeting, "meeting record differs"))
    ours = _committee_report(record, None) or ""
    if library.committee_report and _squeeze(ours) != _squeeze(library.committee_report):
        report.append(disagreement(pair, "committee-report", ours, library.committee_report, ours or
                                   library.committee_report, "committee report differs"))


def _notes(pair: Pair, merged: Merged, committee: str | None, report: list[dict[str, object]]) -> str:
    record, library = pair.unxml, pair.undl
    parts = []
    if record:
        parts.append(f"Official counts and the States in favour, against and abstaining from the UN "
                     f"Secretariat's resolution extract (UNxml/GAresolutions, {record.where}).")
    if library and not record:
        parts.append(f"Every position from UN Digital Library record {library.undl_id}; the resolution "
                     "extract has no recorded vote for it.")
    elif library and merged.from_undl:
        parts.append(f"Absent and non-voting States from UN Digital Library record {library.undl_id}" +
                     _also_from_library(merged))
    elif library:
        parts.append(f"Checked against UN Digital Library record {library.undl_id}.")
    if merged.inferred:
        parts.append(f"The {len(merged.inferred)} members the extract does not name did not vote; they are "
                     "listed as absent / non-voting.")
    mine = [r for r in report if r["vote_id"] == pair.vote_id and r["kind"] not in ("only-in-undl", "only-in-unxml")]
    if mine:
        kinds = Counter(str(r["kind"]) for r in mine)
        parts.append("Slips in the sources and differences between them (" + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())) +
                     "); every difference is listed in sources/" + REPORT + ".")
    if committee:
        parts.append(f"Originating committee: {committee}." if not committee.startswith("Without")
                     else f"{committee[:1].upper()}{committee[1:]}.")
    return " ".join(parts)


def _also_from_library(merged: Merged) -> str:
    """Which votes (not absences) the Library gave because the extract's lists lack them."""
    listed = sorted(c for c in merged.from_undl if merged.positions[c] != "absent")
    if not listed:
        return "."
    if len(listed) > 10:
        return f"; also {len(listed)} votes the extract's lists do not name."
    return f"; also, as the extract's lists lack them: {', '.join(f'{c} {merged.positions[c]}' for c in listed)}."


def _title(pair: Pair) -> str:
    if pair.unxml:
        return pair.unxml.title
    return title_of(pair.undl.title) or pair.symbol


def _description(record: UnxmlRecord | None, committee: str | None) -> str | None:
    parts = [p for p in (committee, record.agenda if record else None) if p]
    return ". ".join(parts) or None


def _draft(record: UnxmlRecord | None) -> str | None:
    symbol = document_symbol(record.originating) if record else None
    return symbol if symbol and "/L." in symbol else None


def _committee_report(record: UnxmlRecord | None, library: UndlRecord | None) -> str | None:
    symbol = document_symbol(record.originating) if record else None
    if symbol and "/L." not in symbol:
        return symbol
    return library.committee_report if library else None


def _committees_by_report(records: list[UnxmlRecord]) -> dict[str, str]:
    """Which Main Committee wrote each report (A/79/458), from the extract: names the committee of a
    vote only the Library has."""
    found: dict[str, str] = {}
    for record in records:
        symbol = document_symbol(record.originating)
        if symbol and "/L." not in symbol and record.committee.endswith("Committee"):
            found.setdefault(_report_base(symbol), record.committee)
    return found


def _report_base(symbol: str | None) -> str:
    return "/".join((symbol or "").split("/")[:3])


def _source_ref(record: UnxmlRecord | None, library: UndlRecord | None) -> str:
    return "; ".join(p for p in (f"unxml {record.where}" if record else None,
                                 f"undl {library.undl_id}" if library else None) if p)


def _extract_url(commit: str, record: UnxmlRecord) -> str:
    return f"{REPOSITORY}/blob/{commit}/data_extract/{record.file}.json#L{record.line}"


def _meeting_url(record: UnxmlRecord) -> str:
    meeting = (meeting_symbol(record.meeting) or record.symbol).split(" (")[0]
    return f"https://undocs.org/en/{meeting}"


def _without_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def name_table(countries: list[Row], undl: list[UndlRecord]) -> dict[str, str]:
    names = {str(c["name"]).upper().replace("’", "'"): str(c["id"]) for c in countries}
    names |= {_without_accents(name): cid for name, cid in names.items()}   # COTE D'IVOIRE
    for record in undl:
        names.update(record.names)
    return names | ALIASES


def checked_files(provenance: Path, folder: Path) -> list[dict[str, str]]:
    """The provenance rows (repository, commit, path, sha256, ...); each file under `folder`
    (by the name in `path`) must have the recorded sha256, so the import reads what was recorded."""
    with provenance.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for line, row in enumerate(rows, start=2):
        path = folder / Path(row["path"]).name
        if not path.is_file():
            raise SystemExit(f"{provenance}:{line}: path: {path} is missing [source-missing]")
        if hashlib.sha256(path.read_bytes()).hexdigest() != row["sha256"]:
            raise SystemExit(f"{provenance}:{line}: sha256: {path} does not have the recorded sha256; "
                             "record the new file's provenance [source-changed]")
    return rows


def _one_commit(rows: list[dict[str, str]], provenance: Path) -> str:
    commits = sorted({row["commit"] for row in rows})
    if len(commits) != 1:
        raise SystemExit(f"{provenance}:2: commit: the files must come from one commit [unxml-commit]")
    return commits[0]


def _squeeze(text: str) -> str:
    return "".join(text.split()).lower()
