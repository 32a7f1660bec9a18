"""Reconcile Voeten's General Assembly record (1946-2019, CC0) with the UN Digital Library's.

Voeten's roll calls carry a resolution code (R/26/2758, R/66/175B) but no outcome, no official
totals, no Library record and, before about 1990, not the voting day. The Library's record
(reference/undl) lists every resolution adopted by recorded vote with its adoption day, its
meeting record, its committee report and each State's vote. A roll call on the text as a whole
(not an amendment, paragraph or motion) whose code names a Library resolution of the same
session is that resolution's adoption:

- its outcome is `adopted`, its symbol, day, meeting record, committee report, Library record
  and title are the Library's, its source URL the Library record;
- its official yes/no/abstain are counted from the Library's country rows (the Library gives no
  totals column; its non-voting rows do not separate absence from presence, so `absent` stays
  empty);
- Voeten's positions stay as they are (CC0); the row, which now holds Library values, carries
  source unga-voeten+undl and so the Library's non-commercial terms (rules.licence_for).

Everything that differs is written to sources/ga_voeten_undl_disagreements.csv; the crosswalk
(rcid <-> Library record <-> symbol) to sources/ga_voeten_undl_crosswalk.csv. Roll calls of
1946-1989 that match nothing keep Voeten's month with `date_precision` month: its days there are
not the voting days. Procedural motions are typed from the record's description (MOTION_WORDS).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..rowfiles import Row, read_source, write_rows

ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
LIBRARY_RECORD = "https://digitallibrary.un.org/record/{}"
LIBRARY_VOTES = {"Y": "yes", "N": "no", "A": "abstain"}
MOTION_WORDS = re.compile(r"\bMOTION\b|\bTO ADJOURN|\bADJOURNMENT\b|NO[- ]ACTION|\bTO DEFER\b|\bPOSTPON", re.I)
DAYS_NOT_VOTING_DAYS_UNTIL = "1990-01-01"
MIN_AGREEMENT = 0.9
CROSSWALK_FIELDS = ("vote_id", "rcid", "unres", "undl_id", "symbol", "match")
DISAGREEMENT_FIELDS = ("vote_id", "field", "voeten", "library", "kept", "note")


@dataclass
class Reconciliation:
    crosswalk: list[Row] = field(default_factory=list)
    disagreements: list[Row] = field(default_factory=list)


def resolution_key(symbol: str) -> tuple[int, int, str] | None:
    """(session, number, part) of a GA resolution symbol, Voeten's or the Library's form:
    R/26/2758, R/66/175B, A/RES/2758(XXVI), A/RES/66/175 B, A/RES/75/254[C]."""
    text = symbol.replace("[", " ").replace("]", "").strip()
    if match := re.fullmatch(r"R/(\d+)/(\d+)\s*([A-Z]?)", text):
        return int(match.group(1)), int(match.group(2)), match.group(3)
    if match := re.fullmatch(r"A/RES/(\d+)\s*([A-Z]?)\s*\(([IVXLC]+)\)", text):
        return _roman(match.group(3)), int(match.group(1)), match.group(2)
    if match := re.fullmatch(r"A/RES/(\d+)/(\d+)\s*([A-Z]?)", text):
        return int(match.group(1)), int(match.group(2)), match.group(3)
    return None


def reconcile(votes: dict[str, Row], positions: dict[tuple[str, str], Row], calls: list[dict[str, str]],
              library: Path) -> Reconciliation:
    """Update the Voeten votes in `votes` from the Library record in `library`; report what changed."""
    resolutions = {key: r for r in read_source(library / "undl_resolutions_1946_2025.csv")
                   if r["body"] == "GA" and (key := resolution_key(r["resolution"]))}
    result = Reconciliation()
    candidates = _candidates(calls, resolutions)
    library_votes = _library_votes(library, {r["undl_id"] for options in candidates.values() for _, r in options})
    named: dict[str, Counter] = defaultdict(Counter)
    voeten: dict[str, dict[str, str]] = defaultdict(dict)
    for (vote_id, country), position in positions.items():
        named[vote_id][position["position"]] += 1
        voeten[vote_id][country] = position["position"]
    chosen = _choose(candidates, library_votes, voeten)
    for call in calls:
        vote = votes[f"ga-rc{int(call['rcid'])}"]
        _type_motion(vote, call)
        if call["rcid"] in chosen:
            record, agreement = chosen[call["rcid"]]
            _adopt(vote, call, record, agreement, library_votes[record["undl_id"]], named[str(vote["id"])], result)
        elif vote["date_precision"] == "day" and str(vote["date"]) < DAYS_NOT_VOTING_DAYS_UNTIL:
            result.disagreements.append(_row(vote, "date_precision", "day", "", "month",
                                             "before 1990 Voeten's days are not the voting days"))
            vote["date"], vote["date_precision"] = str(vote["date"])[:8] + "01", "month"
            vote["notes"] = _join(vote["notes"], "The source gives the month of the vote, not the day.")
    return result


def write_reports(sources: Path, result: Reconciliation) -> None:
    write_rows(sources / "ga_voeten_undl_crosswalk.csv", CROSSWALK_FIELDS, result.crosswalk, ("vote_id",))
    write_rows(sources / "ga_voeten_undl_disagreements.csv", DISAGREEMENT_FIELDS, result.disagreements,
               ("vote_id", "field", "voeten"))


def _candidates(calls: list[dict[str, str]], resolutions: dict) -> dict[tuple, list[tuple[dict, dict]]]:
    """Library resolution -> the roll calls that may be its adoption: on a text as a whole, of its
    session, coded with its number (and its part letter, where the Library has parts; in early
    sessions Voeten's letters only number the roll calls on one resolution: R/26/2758A-G)."""
    by_key: dict[tuple, list[tuple[dict, dict]]] = defaultdict(list)
    for call in calls:
        key = resolution_key(call["unres"]) if call["unres"] else None
        if not key or call["amend"] == "1" or call["para"] == "1" or MOTION_WORDS.search(call["descr"]):
            continue
        if int(call["session"]) != key[0]:
            continue
        key = key if key in resolutions else (key[0], key[1], "")
        if key in resolutions:
            by_key[key].append((call, resolutions[key]))
    return by_key


def _choose(candidates: dict, library_votes: dict, voeten: dict) -> dict[str, tuple[dict, float]]:
    """rcid -> (Library record, agreement): per resolution, the roll call whose positions agree
    best with the Library's country votes, if at least MIN_AGREEMENT of the shared States agree."""
    chosen = {}
    for options in candidates.values():
        scored = sorted(((_agreement(voeten[f"ga-rc{int(call['rcid'])}"], library_votes[record["undl_id"]]),
                          call["rcid"], record) for call, record in options), key=lambda s: (-s[0], int(s[1])))
        best, rcid, record = scored[0]
        if best >= MIN_AGREEMENT:
            chosen[rcid] = (record, best)
    return chosen


def _agreement(ours: dict[str, str], theirs: dict[str, str]) -> float:
    shared = [c for c in ours if theirs.get(c) in LIBRARY_VOTES]
    if not shared:
        return 0.0
    return sum(ours[c] == LIBRARY_VOTES[theirs[c]] for c in shared) / len(shared)


def _library_votes(library: Path, wanted: set[str]) -> dict[str, dict[str, str]]:
    """Library record -> State -> Y/N/A/X; States the Library names without a code (USSR,
    Yugoslavia, ...) under their name, so that they count in the totals."""
    votes: dict[str, dict[str, str]] = defaultdict(dict)
    for row in read_source(library / "undl_votes_1946_2025.csv"):
        if row["undl_id"] in wanted:
            votes[row["undl_id"]][row["ms_code"] or row["ms_name"]] = row["vote"]
    return votes


def _adopt(vote: Row, call: dict[str, str], record: dict[str, str], agreement: float,
           country_votes: dict[str, str], named: Counter, result: Reconciliation) -> None:
    vote_id = str(vote["id"])
    result.crosswalk.append({"vote_id": vote_id, "rcid": call["rcid"], "unres": call["unres"],
                             "undl_id": record["undl_id"], "symbol": record["resolution"],
                             "match": f"resolution number and session; {agreement:.1%} of shared States agree"})
    counts = Counter(LIBRARY_VOTES[v] for v in country_votes.values() if v in LIBRARY_VOTES)
    changes = {"outcome": "adopted", "symbol": record["resolution"], "date": record["date"],
               "date_precision": "day", "undl_id": record["undl_id"],
               "meeting_record": _value(record["meeting"]), "committee_report": _value(record["committee_report"]),
               "title": record["title"].split(" : ")[0].strip() or vote["title"],
               "source_url": LIBRARY_RECORD.format(record["undl_id"]),
               "yes": counts["yes"], "no": counts["no"], "abstain": counts["abstain"],
               "tally_source_url": LIBRARY_RECORD.format(record["undl_id"])}
    for name in ("symbol", "date", "title"):
        if vote[name] and str(vote[name]) != str(changes[name]):
            result.disagreements.append(_row(vote, name, vote[name], changes[name], changes[name], ""))
    differing = [k for k in ("yes", "no", "abstain") if named[k] != counts[k]]
    vote.update(changes)
    vote["source"] = "unga-voeten+undl"
    notes = "Outcome, day, symbol, title and totals from the UN Digital Library record."
    if differing:
        vote["tally_note"] = ("Totals counted from the UN Digital Library record; Voeten's positions "
                              f"differ for {', '.join(differing)} (listed in sources/ga_voeten_undl_disagreements.csv).")
        for name in differing:
            result.disagreements.append(_row(vote, f"count {name}", named[name], counts[name], named[name],
                                             "positions kept as Voeten records them"))
    else:
        vote["tally_note"] = "Totals counted from the UN Digital Library record's country rows."
    vote["notes"] = _join(vote["notes"], notes)


def _type_motion(vote: Row, call: dict[str, str]) -> None:
    if vote["kind"] == "resolution" and MOTION_WORDS.search(call["descr"]):
        vote["kind"] = "motion"


def _row(vote: Row, name: str, voeten: object, library: object, kept: object, note: str) -> Row:
    return {"vote_id": vote["id"], "field": name, "voeten": voeten, "library": library, "kept": kept, "note": note}


def _value(text: str) -> str | None:
    return None if text in ("", "N/A") else text


def _join(text: object, extra: str) -> str:
    return f"{text} {extra}" if text else extra


def _roman(text: str) -> int:
    total = 0
    for here, after in zip(text, text[1:] + " "):
        value = ROMAN[here]
        total += -value if after != " " and ROMAN[after] > value else value
    return total
