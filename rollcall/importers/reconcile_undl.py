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

Two more matches: before 1990, where Voeten's code is not the resolution's number, a whole-text
roll call still unmatched is a Library resolution of the same month whose positions agree on at
least 97% of 20 or more States with no rival pairing (_choose_by_month); and a second roll call
of the same resolution on the Library's very day is the same vote recorded twice.

A whole-text roll call Voeten codes with an A/RES symbol the Library lacks is adopted (a
resolution number is given to adopted texts only); no other outcome is inferred: a majority of
yes votes does not say a question carried (two-thirds questions, failed drafts). Kinds come from
the record alone (vote_kind). Everything that differs is written to
sources/ga_voeten_undl_disagreements.csv; the crosswalk (rcid <-> Library record <-> symbol, with
how each pair was matched) to sources/ga_voeten_undl_crosswalk.csv. Roll calls of 1946-1989 that
match nothing keep Voeten's month with `date_precision` month: its days there are not the voting
days. See docs/ga-reconciliation.md.
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
#: Procedural questions other than motions: rulings of the chair and appeals against them, the
#: majority a question requires, the agenda and the order of voting.
PROCEDURAL_WORDS = re.compile(
    r"\bRULING\b|^TO REQUIRE (A |THE )?(2/3|TWO-THIRDS)|PROPOSAL (THAT|FOR) (A )?(2/3|TWO-THIRDS)"
    r"|RECOMMENDATION \([^)]*\) (TO INCLUDE|FOR (THE )?INCLUSION|INCLUDING)\b.*\bAGENDA\b"
    r"|^TO INCLUDE\b.*\bAGENDA\b|\bTO DELETE ITEM\b.*\bAGENDA\b|\bPRIORITY (VOTE|IN VOTING)\b"
    r"|^TO (OPEN THE DISCUSSION|ALLOCATE THE ITEM)\b", re.I)
#: A vote on one part of a text (its preamble, a section, an article, the text minus some words).
PART_WORDS = re.compile(
    r"^TO (ADOPT|APPROVE|RETAIN)( THE)? (PREAMBLE|SECTION|ARTICLE|PARAGRAPH|OPERATIVE PARAGRAPH)\b"
    r"|\bMINUS (THE )?WORDS?\b|\bSEPARATE VOTE\b", re.I)
SYMBOL_NOTE = ("Outcome adopted: the record codes this vote on the text as a whole with resolution {}, "
               "a number given to adopted texts only.")
DAYS_NOT_VOTING_DAYS_UNTIL = "1990-01-01"
MIN_AGREEMENT = 0.9
CHINA_SEAT_CHANGED = "1971-10-25"
MONTH_AGREEMENT = 0.97
MONTH_SHARED = 20
CROSSWALK_FIELDS = ("vote_id", "rcid", "unres", "undl_id", "symbol", "match")
DISAGREEMENT_FIELDS = ("vote_id", "field", "voeten", "library", "kept", "note")


@dataclass
class Reconciliation:
    crosswalk: list[Row] = field(default_factory=list)
    disagreements: list[Row] = field(default_factory=list)
    by_symbol: list[str] = field(default_factory=list)
    repeats: list[tuple[str, str]] = field(default_factory=list)


def library_title(text: str) -> str:
    """The Library's catalogue title without its ' : resolution / adopted by …' statement of
    responsibility (sometimes written without the colon), spaces collapsed. A title in capitals
    stays so: lowering it would lose its acronyms (UNRWA)."""
    title = re.sub(r"\s*:?\s*resolution\s*/\s*adopted by\b.*$", "", text, flags=re.I)
    return " ".join(title.split(" : ")[0].split())


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
    early = [r for r in resolutions.values() if "[" not in r["resolution"] and r["date"] < DAYS_NOT_VOTING_DAYS_UNTIL]
    library_votes = _library_votes(library, {r["undl_id"] for options in candidates.values() for _, r in options}
                                   | {r["undl_id"] for r in early})
    voeten: dict[str, dict[str, str]] = defaultdict(dict)
    for (vote_id, country), position in positions.items():
        voeten[vote_id][country] = position["position"]
    chosen = _choose(candidates, library_votes, voeten)
    chosen.update(_choose_by_month(calls, early, chosen, library_votes, voeten))
    for call in calls:
        _reconcile_call(votes, call, chosen, library_votes, voeten, result)
    return result


def _reconcile_call(votes: dict[str, Row], call: dict[str, str], chosen: dict, library_votes: dict,
                    voeten: dict[str, dict[str, str]], result: Reconciliation) -> None:
    vote = votes[f"ga-rc{int(call['rcid'])}"]
    _type_kind(vote, call)
    if call["rcid"] in chosen:
        record, agreement, repeats, how = chosen[call["rcid"]]
        _adopt(vote, call, record, _match(how, agreement, repeats), library_votes[record["undl_id"]],
               voeten[str(vote["id"])], result)
        if repeats:
            first, second = sorted((int(repeats), int(call["rcid"])))
            result.repeats.append((f"ga-rc{first}", f"ga-rc{second}"))
        return
    if vote["kind"] == "resolution" and _adopted_by_symbol(vote):
        vote["outcome"] = "adopted"
        vote["notes"] = _join(vote["notes"], SYMBOL_NOTE.format(vote["symbol"]))
        result.by_symbol.append(str(vote["id"]))
    if vote["date_precision"] == "day" and str(vote["date"]) < DAYS_NOT_VOTING_DAYS_UNTIL:
        result.disagreements.append(_row(vote, "date_precision", "day", "", "month",
                                         "before 1990 Voeten's days are not the voting days"))
        vote["date"], vote["date_precision"] = str(vote["date"])[:8] + "01", "month"
        vote["notes"] = _join(vote["notes"], "The source gives the month of the vote, not the day.")


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
        if not key or vote_kind(call) != "resolution":
            continue
        if int(call["session"]) != key[0]:
            continue
        key = key if key in resolutions else (key[0], key[1], "")
        if key in resolutions:
            by_key[key].append((call, resolutions[key]))
    return by_key


def _choose(candidates: dict, library_votes: dict, voeten: dict) -> dict[str, tuple[dict, float, str | None, str]]:
    """rcid -> (Library record, agreement, rcid it repeats, how matched): per resolution, the roll call whose
    positions agree best with the Library's country votes, if at least MIN_AGREEMENT of the shared
    States agree. Another roll call that agrees as well and bears the Library's very day is the
    same vote recorded twice in Voeten's record (rcids 5600-6100 repeat earlier ones)."""
    chosen = {}
    for options in candidates.values():
        scored = sorted(((_agreement(voeten[f"ga-rc{int(call['rcid'])}"], library_votes[record["undl_id"]]),
                          call["rcid"], record, call["date"]) for call, record in options),
                        key=lambda s: (-s[0], int(s[1])))
        best, rcid, record, _ = scored[0]
        if best < MIN_AGREEMENT:
            continue
        chosen[rcid] = (record, best, None, "resolution number and session")
        for agreement, other, _, day in scored[1:]:
            if agreement >= MIN_AGREEMENT and day == record["date"]:
                chosen[other] = (record, agreement, rcid, "resolution number and session")
    return chosen


def _choose_by_month(calls: list[dict[str, str]], early: list[dict], chosen: dict, library_votes: dict,
                     voeten: dict) -> dict[str, tuple[dict, float, str | None, str]]:
    """Before 1990 Voeten's resolution codes are often not the resolution's number, but his month
    is right: a roll call on a text as a whole still unmatched is the adoption of a Library
    resolution of the same month if its positions agree on at least MONTH_AGREEMENT of at least
    MONTH_SHARED States and no other pairing in that month comes near (MIN_AGREEMENT)."""
    taken = {record["undl_id"] for record, *_ in chosen.values()}
    records = defaultdict(list)
    for record in early:
        if record["undl_id"] not in taken:
            records[record["date"][:7]].append(record)
    pairs = defaultdict(list)
    for call in calls:
        if call["rcid"] in chosen or vote_kind(call) != "resolution" or call["date"].endswith("-01-01"):
            continue
        ours = voeten[f"ga-rc{int(call['rcid'])}"]
        for record in records.get(call["date"][:7], []):
            agreement, shared = _agreement_shared(ours, library_votes[record["undl_id"]])
            if agreement >= MIN_AGREEMENT and shared >= MONTH_SHARED:
                pairs[call["rcid"]].append((agreement, record))
    by_record = Counter(record["undl_id"] for options in pairs.values() for _, record in options)
    found = {}
    for rcid, options in pairs.items():
        agreement, record = options[0]
        if len(options) == 1 and agreement >= MONTH_AGREEMENT and by_record[record["undl_id"]] == 1:
            found[rcid] = (record, agreement, None, "same month (resolution code differs)")
    return found


def _agreement_shared(ours: dict[str, str], theirs: dict[str, str]) -> tuple[float, int]:
    shared = [c for c in ours if theirs.get(c) in LIBRARY_VOTES]
    return _agreement(ours, theirs), len(shared)


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
            votes[row["undl_id"]][_state(row)] = row["vote"]
    return votes


def _state(row: dict[str, str]) -> str:
    """The Library's code for a State's row, as Voeten's record names it: China's seat was the
    Republic of China's (TWN) until resolution 2758 (XXVI) of 25 October 1971."""
    code = row["ms_code"] or row["ms_name"]
    return "TWN" if code == "CHN" and row["date"] < CHINA_SEAT_CHANGED else code


def _match(how: str, agreement: float, repeats: str | None) -> str:
    method = f"{how}; {agreement:.1%} of shared States agree"
    return f"{method}; same day; repeats rcid {repeats}" if repeats else method


def _adopted_by_symbol(vote: Row) -> bool:
    """A vote on a whole text that Voeten codes with a resolution symbol the Library does not
    list: a resolution number is given to adopted texts only. Numbers from 400 are decisions."""
    key = resolution_key(str(vote["symbol"] or ""))
    return bool(key) and str(vote["symbol"]).startswith("A/RES/") and key[1] < 400


def _adopt(vote: Row, call: dict[str, str], record: dict[str, str], match: str,
           country_votes: dict[str, str], ours: dict[str, str], result: Reconciliation) -> None:
    vote_id = str(vote["id"])
    result.crosswalk.append({"vote_id": vote_id, "rcid": call["rcid"], "unres": call["unres"],
                             "undl_id": record["undl_id"], "symbol": record["resolution"],
                             "match": match})
    counts = Counter(LIBRARY_VOTES[v] for v in country_votes.values() if v in LIBRARY_VOTES)
    changes = {"outcome": "adopted", "symbol": record["resolution"], "date": record["date"],
               "date_precision": "day", "undl_id": record["undl_id"],
               "meeting_record": _value(record["meeting"]), "committee_report": _value(record["committee_report"]),
               "title": library_title(record["title"]) or vote["title"],
               "source_url": LIBRARY_RECORD.format(record["undl_id"]),
               "yes": counts["yes"], "no": counts["no"], "abstain": counts["abstain"],
               "tally_source_url": LIBRARY_RECORD.format(record["undl_id"])}
    if match.startswith("same month") and call["unres"]:
        result.disagreements.append(_row(vote, "resolution code", call["unres"], record["resolution"],
                                         record["resolution"], "Voeten's code is not the resolution's number"))
    for name in ("symbol", "date", "title"):
        if vote[name] and str(vote[name]) != str(changes[name]):
            result.disagreements.append(_row(vote, name, vote[name], changes[name], changes[name], ""))
    named = Counter(ours.values())
    differing = [k for k in ("yes", "no", "abstain") if named[k] != counts[k]]
    result.disagreements.extend(_position_rows(vote, ours, country_votes))
    vote.update(changes)
    vote["source"] = "unga-voeten+undl"
    notes = "Outcome, day, symbol, title and totals from the UN Digital Library record."
    if differing:
        vote["tally_note"] = ("Totals counted from the UN Digital Library record; Voeten's positions "
                              f"differ for {', '.join(differing)} "
                              "(listed in sources/ga_voeten_undl_disagreements.csv).")
        for name in differing:
            result.disagreements.append(_row(vote, f"count {name}", named[name], counts[name], named[name],
                                             "positions kept as Voeten records them"))
    else:
        vote["tally_note"] = "Totals counted from the UN Digital Library record's country rows."
    vote["notes"] = _join(vote["notes"], notes)


def vote_kind(call: dict[str, str]) -> str:
    """What a Voeten roll call decides, from the record alone: its amendment and paragraph flags
    first, then its description: a motion or procedural question (MOTION_WORDS,
    PROCEDURAL_WORDS), a vote on part of a text (PART_WORDS), else the text as a whole."""
    descr = call["descr"].strip()
    if call["amend"] == "1":
        return "amendment"
    if call["para"] == "1":
        return "paragraph"
    if MOTION_WORDS.search(descr) or PROCEDURAL_WORDS.search(descr):
        return "motion"
    if PART_WORDS.search(descr):
        return "paragraph"
    return "resolution"


def _position_rows(vote: Row, ours: dict[str, str], theirs: dict[str, str]) -> list[Row]:
    """A row per State whose vote differs (Voeten lists no State that did not vote): Voeten's
    position is kept (CC0). States the Library names without a code (USSR, Yugoslavia, ...)
    cannot be compared and are left out."""
    library = {c: LIBRARY_VOTES.get(v, "non-voting") for c, v in theirs.items() if re.fullmatch(r"[A-Z]{3}", c)}
    rows = []
    for country in sorted(set(ours) | {c for c, v in library.items() if v != "non-voting"}):
        if country in library and ours.get(country, "non-voting") != library[country]:
            rows.append(_row(vote, f"position {country}", ours.get(country, ""), library[country],
                             ours.get(country, ""), "Voeten's position kept (CC0)"))
    return rows


def _type_kind(vote: Row, call: dict[str, str]) -> None:
    vote["kind"] = vote_kind(call)


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
