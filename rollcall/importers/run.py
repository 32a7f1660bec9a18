"""`python build.py import`: rebuild the imported resources of datasets/ from the sources."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import countries as country_import
from ..rowfiles import Row, read_source, write_rows
from .text_slips import acknowledge_control_characters
from ..rules import UNIVERSAL_BODIES, acknowledge, countries_by_vote, licence_for, members_on
from .catalogue_subjects import catalogue_subject_rows, library_agendas
from .curated import MergeReport, merge_curated
from .ga_cleanup import drop_repeats, retitle_transcripts
from .ga_recent import import_ga_recent, write_report
from .ga_topics import describe_topics
from .hrc_members import hrc_membership_rows
from .ohchr import import_hrc
from .reconcile_undl import reconcile, write_reports
from .roll_calls import RollCallRecord, import_roll_calls
from .short_names import add_short_names
from .source_audit import write_source_audit
from .stories import annotate_story_roll_calls, import_stories
from .subjects import subject_rows
from .upr import complete_upr
from .voeten import import_ga
from ..descriptor import load_package
from ..problems import Problems

IMPORTED = ("regional_groups", "countries", "memberships", "topics", "votes", "vote_topics",
            "vote_subjects", "positions",
            "upr_reviews", "mandates", "mandate_votes", "statements", "statement_countries",
            "statement_organisations")


@dataclass(frozen=True)
class ImportResult:
    counts: dict[str, int]
    merge: MergeReport
    acknowledged: list[str]


def run_import(reference: Path, sources: Path, datasets: Path) -> ImportResult:
    countries = country_import.country_rows(reference / "curated" / "regional_groups.csv",
                                            sources / "un_membership_history.csv")
    add_short_names(countries, reference)
    ga = import_ga(reference / "unga-voeten")
    hrc = import_hrc(reference / "hrc-ohchr")
    recent = import_ga_recent(reference / "undl", sources, countries)
    write_report(sources, recent.disagreements)
    votes = {v["id"]: v for v in ga.votes + hrc.votes + recent.votes}
    positions = {(p["vote_id"], p["country_id"]): p for p in ga.positions + hrc.positions + recent.positions}
    reconciled = reconcile(votes, positions, read_source(reference / "unga-voeten" / "roll_calls.csv"),
                           reference / "undl")
    write_reports(sources, reconciled)
    dropped = set(drop_repeats(votes, positions, reconciled.repeats))
    retitle_transcripts(votes, reference / "undl")
    merge = merge_curated(reference / "curated", votes, positions, ga.rcid_to_vote)
    transcribed = import_roll_calls(sources, countries)
    add_transcribed(votes, positions, transcribed)
    memberships = (country_import.ga_membership_rows(countries)
                   + country_import.third_committee_rows(countries)
                   + hrc_membership_rows(reference / "curated" / "hrc_membership.csv"))
    acknowledged = acknowledge_membership_slips(votes, positions, memberships)
    # The story memberships (CSW, ECOSOC 2022) join after that check: their own check
    # knows which research rows were left out and says so in the vote's notes.
    stories = import_stories(sources / "stories", votes)
    acknowledged += annotate_story_roll_calls(votes, positions, stories, countries,
                                              read_source(datasets / "body_seats.csv"))
    memberships += stories.memberships
    curated_ids = set(merge.merged) | set(merge.added)
    vote_topics = [t for t in ga.vote_topics if t["vote_id"] not in dropped] + hrc.vote_topics + recent.vote_topics + transcribed.vote_topics + [
        {"vote_id": vid, "topic_id": "human-rights"} for vid in curated_ids]
    for vote in votes.values():
        vote["licence"] = licence_for(str(vote["source"]))
    acknowledge_control_characters(votes.values())
    tables = {
        "regional_groups": country_import.regional_group_rows(),
        "countries": countries,
        "memberships": memberships,
        "topics": describe_topics(ga.topics) + hrc.topics,
        "votes": list(votes.values()),
        "vote_topics": _unique(vote_topics, ("vote_id", "topic_id")),
        "vote_subjects": _unique(_subjects(list(votes.values()), countries, curated_ids, hrc.agendas,
                                           library_agendas(reference / "undl"))
                                 + transcribed.vote_subjects, ("vote_id", "country_id")),
        "positions": list(positions.values()),
        **stories.tables(),
    }
    tables["upr_reviews"] = complete_upr(stories.upr_reviews, sources / "upr", countries)
    counts = _write(datasets, tables)
    write_source_audit(datasets, sources)
    return ImportResult(counts, merge, acknowledged)


def _subjects(votes: list[Row], countries: list[Row], curated_ids: set[str], hrc_agendas: dict[str, str],
              library: dict[str, str]) -> list[Row]:
    """The catalogues' subject headings where a catalogue describes the vote; else its title."""
    catalogued, described = catalogue_subject_rows(votes, countries, hrc_agendas, library)
    return catalogued + [r for r in subject_rows(votes, countries, curated_ids) if r["vote_id"] not in described]


def add_transcribed(votes: dict[str, Row], positions: dict[tuple[str, str], Row],
                    transcribed: RollCallRecord) -> None:
    """Add the votes transcribed in sources/roll_calls/; one that an importer already holds is
    refused (correct the harvested record through its own source instead)."""
    clashes = sorted(str(v["id"]) for v in transcribed.votes if v["id"] in votes)
    if clashes:
        raise SystemExit(f"sources/roll_calls/: already imported from another source: {', '.join(clashes)}")
    votes.update({str(v["id"]): v for v in transcribed.votes})
    positions.update({(str(p["vote_id"]), str(p["country_id"])): p for p in transcribed.positions})


def acknowledge_membership_slips(votes: dict[str, Row], positions: dict[tuple[str, str], Row],
                                 memberships: list[Row]) -> list[str]:
    """Mark votes whose recorded countries differ from the body's members on that day.

    The sources have a few slips: the HRC harvest lists a non-member or misses a member,
    and the GA record dates some roll calls before a voter's admission. They are kept as
    published; the vote says so in its notes and acknowledges the check.
    """
    bodies = {str(m["body_id"]) for m in memberships}
    by_vote = countries_by_vote(positions)
    changed = []
    for vote in votes.values():
        body, day = str(vote["body_id"]), str(vote["date"])
        if body not in bodies or vote["date_precision"] != "day":
            continue
        members = members_on(memberships, body, day) or set()
        recorded = by_vote.get(str(vote["id"]), set())
        extra = sorted(recorded - members)
        # GA and Third Committee records often name no absentees: a member not named did not vote.
        missing = sorted(members - recorded) if body not in UNIVERSAL_BODIES else []
        if extra:
            acknowledge(vote, "position-non-member")
            vote["notes"] = _append(vote["notes"], f"The record lists {', '.join(extra)}, not a member of "
                                    f"the body on {day} by our membership data; kept as published "
                                    "(a probable slip in the source's date or list).")
        if missing:
            vote["record_status"] = "partial" if vote["record_status"] == "complete" else vote["record_status"]
            vote["notes"] = _append(vote["notes"], _missing_note(recorded, missing, day))
        if extra or missing:
            changed.append(str(vote["id"]))
    return changed


def _missing_note(recorded: set[str], missing: list[str], day: str) -> str:
    if not recorded:
        return "The source record has no country-by-country positions for this vote."
    if len(missing) > 5:
        return (f"The source record names only {len(recorded)} positions; {len(missing)} Council "
                f"members on {day} are not listed.")
    return f"The record has no position for {', '.join(missing)}, a Council member on {day}."


def _append(text: object, extra: str) -> str:
    return f"{text} {extra}" if text else extra


def _unique(rows: list[Row], key: tuple[str, ...]) -> list[Row]:
    return list({tuple(r[k] for k in key): r for r in rows}.values())


def _write(datasets: Path, tables: dict[str, list[Row]]) -> dict[str, int]:
    problems = Problems()
    package = load_package(datasets, problems)
    if package is None:
        raise SystemExit("\n".join(p.format() for p in problems.sorted()))
    counts = {}
    for name in IMPORTED:
        resource = package.resource(name)
        schema = resource.schema
        key = schema.primary_key or schema.names[:1]
        counts[name] = write_rows(datasets / resource.path, schema.names, tables[name], key)
    return counts
