"""Recorded votes transcribed from UN meeting summaries and press releases, one YAML file each.

    sources/roll_calls/<body>/<vote id>.yaml

Each file holds the vote's facts, the page they were read from, and the roll call exactly as
that page prints it ("In favour (27): …", parsed by contrib/pressrelease.py). Official totals
are the counts the page prints; a page whose counts differ from the names it lists needs a
`tally_note`. The files are the committed source: `build.py import` turns them into votes,
positions, topics and subjects, so they survive every re-import.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..contrib.countrynames import CountryNames
from ..contrib.pressrelease import parse_roll_call
from ..rowfiles import Row
from ..rules import licence_for
from ..safeyaml import YamlFailure, load_yaml

FOLDER = Path("roll_calls")
REQUIRED = ("id", "body", "session", "date", "title", "kind", "outcome", "source_url", "roll_call")
OPTIONAL = ("symbol", "draft_symbol", "meeting_record", "committee_report", "description", "notes",
            "tally_note", "topics", "subjects", "date_precision", "positions_source_url")


@dataclass
class RollCallRecord:
    votes: list[Row] = field(default_factory=list)
    positions: list[Row] = field(default_factory=list)
    vote_topics: list[Row] = field(default_factory=list)
    vote_subjects: list[Row] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def import_roll_calls(sources: Path, countries: list[Row]) -> RollCallRecord:
    """Every roll-call file under sources/roll_calls/, in path order; problems name the file."""
    record = RollCallRecord()
    names = CountryNames.from_rows({"id": str(c["id"]), "name": str(c["name"])} for c in countries)
    for path in sorted((sources / FOLDER).glob("*/*.yaml")):
        shown = path.relative_to(sources.parent).as_posix()
        facts = _read(path, shown, record.problems)
        if facts is not None:
            _add(facts, shown, names, record)
    if record.problems:
        raise SystemExit("\n".join(record.problems))
    return record


def _read(path: Path, shown: str, problems: list[str]) -> dict | None:
    data = load_yaml(path.read_text(encoding="utf-8"))
    if isinstance(data, YamlFailure):
        problems.append(f"{shown}:{data.line}: {data.message} [{data.code}]")
        return None
    if not isinstance(data, dict):
        problems.append(f"{shown}:1: expected a mapping of fields [roll-call-file]")
        return None
    missing = [k for k in REQUIRED if not data.get(k)]
    unknown = sorted(set(data) - set(REQUIRED) - set(OPTIONAL))
    if missing or unknown:
        problems.append(f"{shown}:1: missing {', '.join(missing) or 'nothing'}; unknown "
                        f"{', '.join(unknown) or 'nothing'} (fields: {', '.join(REQUIRED + OPTIONAL)}) [roll-call-file]")
        return None
    if path.stem != data["id"] or path.parent.name != data["body"]:
        problems.append(f"{shown}:1: the file must be named <body>/<id>.yaml "
                        f"({data['body']}/{data['id']}.yaml) [roll-call-file]")
        return None
    return data


def _add(facts: dict, shown: str, names: CountryNames, record: RollCallRecord) -> None:
    vote_id = str(facts["id"])
    roll = parse_roll_call(str(facts["roll_call"]), vote_id, names)
    if not roll.report.ok:
        record.problems += [f"{shown}: roll_call: {line}" for line in roll.report.lines()]
        return
    if roll.report.count_differences and not facts.get("tally_note"):
        record.problems += [f"{shown}: roll_call: {d}; explain it in tally_note" for d in roll.report.count_differences]
        return
    record.votes.append(_vote_row(facts, roll.counts))
    record.positions += roll.positions
    record.vote_topics += [{"vote_id": vote_id, "topic_id": str(t)} for t in facts.get("topics") or ()]
    record.vote_subjects += [{"vote_id": vote_id, "country_id": str(c), "method": "curated"}
                             for c in facts.get("subjects") or ()]


def _vote_row(facts: dict, counts: dict[str, int | None]) -> Row:
    text = {k: (str(facts[k]).strip() if facts.get(k) not in (None, "") else None) for k in REQUIRED + OPTIONAL}
    has_tally = any(v is not None for v in counts.values())
    return {
        "id": text["id"], "body_id": text["body"], "session": text["session"], "date": text["date"],
        "date_precision": text["date_precision"] or "day", "symbol": text["symbol"], "title": text["title"],
        "description": text["description"], "kind": text["kind"], "outcome": text["outcome"], **counts,
        "tally_source_url": text["source_url"] if has_tally else None, "tally_note": text["tally_note"],
        "record_status": "complete", "acknowledged": None, "source": "curated",
        "source_ref": text["symbol"] or text["draft_symbol"], "source_url": text["source_url"],
        "positions_source_url": text["positions_source_url"], "draft_symbol": text["draft_symbol"],
        "undl_id": None, "meeting_record": text["meeting_record"], "committee_report": text["committee_report"],
        "licence": licence_for("curated"), "notes": text["notes"],
    }
