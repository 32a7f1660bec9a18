"""Two repairs of Voeten's GA record that the reconciliation with the Library makes possible.

- A roll call the record holds twice (the same resolution, day and totals under two rcids) is
  published once: the first rcid is kept, the repeat dropped with its positions.
- About 400 separate votes, amendments and motions of 1997-2009 carry as their description an
  excerpt of the meeting record ("The Acting President: I shall now put to the vote operative
  paragraph 1 …"), which the importer took for a title. They are titled from the text they
  belong to (the Library's title of the resolution their code names); the excerpt becomes the
  description.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..rowfiles import Row, read_source
from .reconcile_undl import ROMAN, library_title, resolution_key

TRANSCRIPT = re.compile(r"^The (Acting )?President\b[^:]{0,40}:")
#: The record's Mac Roman quotation marks, seen as '<d2>'/'<d3>' or an underscore after 'entitled'.
QUOTES = ((re.compile(r"<d2>"), "“"), (re.compile(r"<d3>"), "”"), (re.compile(r"entitled ?_"), "entitled “"))
KIND_TITLES = {
    "paragraph": "Separate vote on part of resolution {number}",
    "amendment": "Amendment to the text of resolution {number}",
    "motion": "Motion on the text of resolution {number}",
    "resolution": "Resolution {number}",
}
UNKNOWN_TEXT = {
    "paragraph": "Separate vote on part of a text (session {session}; the record names no resolution)",
    "amendment": "Amendment (session {session}; the record names no resolution)",
    "motion": "Procedural motion (session {session}; the record names no resolution)",
    "resolution": "Vote on a text (session {session}; the record names no resolution)",
}
REPEAT_KEPT = ("Voeten's record holds this roll call twice ({} and {}); Roll Call publishes it once, "
               "with the positions of the first.")


def drop_repeats(votes: dict[str, Row], positions: dict[tuple[str, str], Row],
                 repeats: list[tuple[str, str]]) -> list[str]:
    """Remove the second copy of each repeated roll call; return the ids removed."""
    dropped = []
    for first, second in sorted(set(repeats)):
        if second not in votes:
            continue
        del votes[second]
        for key in [k for k in positions if k[0] == second]:
            del positions[key]
        votes[first]["notes"] = _join(votes[first]["notes"], REPEAT_KEPT.format(first, second))
        dropped.append(second)
    return dropped


def retitle_transcripts(votes: dict[str, Row], library: Path) -> list[str]:
    """Title the GA votes whose title is a meeting-record excerpt; return their ids."""
    titles = {key: library_title(r["title"])
              for r in read_source(library / "undl_resolutions_1946_2025.csv")
              if r["body"] == "GA" and (key := resolution_key(r["resolution"]))}
    changed = []
    for vote in votes.values():
        if vote["body_id"] == "ga" and TRANSCRIPT.match(str(vote["title"])):
            excerpt = _unquote(str(vote["title"]))
            vote["title"] = _title(vote, titles)
            vote["description"] = f"From the meeting record: {excerpt}"
            changed.append(str(vote["id"]))
    return changed


def _title(vote: Row, titles: dict[tuple[int, int, str], str]) -> str:
    kind = str(vote["kind"])
    key = _key(vote)
    if key is None:
        return UNKNOWN_TEXT[kind].format(session=vote["session"])
    title = KIND_TITLES[kind].format(number=_number(key))
    return f"{title}: {titles[key]}" if titles.get(key) else title


def _key(vote: Row) -> tuple[int, int, str] | None:
    """The resolution the roll call is coded with: its symbol, else the code in its source_ref."""
    if vote["symbol"] and (key := resolution_key(str(vote["symbol"]))):
        return key
    code = re.search(r"; (R/\S+)$", str(vote["source_ref"]))
    return resolution_key(code.group(1)) if code else None


def _number(key: tuple[int, int, str]) -> str:
    session, number, part = key
    suffix = f" {part}" if part else ""
    if session >= 31:
        return f"{session}/{number}{suffix}"
    return f"{number}{suffix} ({_roman(session)})"


def _roman(number: int) -> str:
    digits = sorted(ROMAN.items(), key=lambda item: -item[1])
    out = ""
    for letter, value in digits:
        while number >= value:
            out, number = out + letter, number - value
    return out.replace("XXXX", "XL").replace("VIIII", "IX").replace("IIII", "IV")


def _unquote(text: str) -> str:
    for pattern, replacement in QUOTES:
        text = pattern.sub(replacement, text)
    return text


def _join(text: object, extra: str) -> str:
    return f"{text} {extra}" if text else extra
