"""General Assembly resolutions as extracted by the UN Secretariat (DGACM, `UNxml/GAresolutions`).

`data_extract/<session>.json` holds one resolution a line: symbol, title, adoption day and
meeting, originating document and Main Committee, how it was adopted and, for a recorded
vote, the official counts and the names of the States in favour, against and abstaining.
Absent and non-voting States are not listed. The files have slips (a record repeated, a name
list that repeats or misses a State); `read_unxml` keeps every record with its file and line,
and leaves judging them to the merge.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

REPOSITORY = "https://github.com/UNxml/GAresolutions"
LISTS = {"yes": "MS_in_favour", "no": "MS_against", "abstain": "MS_abstaining"}
COUNTS = {"yes": "MS_in_favour_count", "no": "MS_against_count", "abstain": "MS_abstaining_count"}
RECORDED = "By a recorded vote"


@dataclass(frozen=True)
class UnxmlRecord:
    """One recorded vote of the extract, as the file gives it (names still as printed)."""

    file: str
    line: int
    symbol: str
    day: str
    title: str
    committee: str
    originating: str
    agenda: str
    meeting: str
    counts: dict[str, int | None]  # None: the record prints no number (N.A.)
    names: dict[str, tuple[str, ...]]
    raw: str  # the record's text, to tell identical repeats from different ones
    recorded: bool = True  # False: the record gives no adoption type (nor counts)

    @property
    def where(self) -> str:
        return f"data_extract/{self.file}.json:{self.line}"


def read_unxml(folder: Path, files: tuple[str, ...]) -> list[UnxmlRecord]:
    """Every recorded vote of the files under `folder`, and the records that say nothing of how
    they were adopted (`recorded` False); records adopted without a vote are skipped."""
    records = []
    for name in files:
        path = folder / f"{name}.json"
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not text.strip():
                continue
            try:
                record = json.loads(text)
            except json.JSONDecodeError as error:
                raise SystemExit(f"{path}:{number}: {error.colno}: not a JSON record: {error.msg} [unxml-json]")
            if record.get("adoption_type") in (RECORDED, ""):
                records.append(_record(name, number, record, text))
    return records


def adoption_day(text: str) -> str:
    """'10 December 2020' (with a space or a no-break space) or '2019-11-07 00:00:00' as ISO."""
    text = " ".join(text.replace("\xa0", " ").split())
    for form in ("%Y-%m-%d %H:%M:%S", "%d %B %Y"):
        try:
            return datetime.strptime(text, form).date().isoformat()
        except ValueError:
            continue
    raise ValueError(f"unreadable adoption date {text!r}")


def document_symbol(reference: str) -> str | None:
    """'A/78/481/Add.3, para. 33' -> 'A/78/481/Add.3'; 'N.A.' -> None."""
    head = reference.split(",")[0].strip()
    return head if head.startswith("A/") else None


def meeting_symbol(pv: str) -> str | None:
    """'A/79/PV.55 (Resumption 1)' as printed; empty or 'N.A.' -> None."""
    text = " ".join(pv.split())
    return text if text.startswith("A/") else None


def _record(file: str, line: int, record: dict, text: str) -> UnxmlRecord:
    return UnxmlRecord(
        file=file, line=line, symbol=" ".join(record["symbol"].split()),
        day=adoption_day(record["adoption_date"]), title=" ".join(record["title"].split()),
        committee=record.get("committee", "").strip(), originating=record.get("originating_document", ""),
        agenda=_agenda(record), meeting=record.get("pv", ""),
        counts={ours: int(record[theirs]) if record[theirs].isdigit() else None for ours, theirs in COUNTS.items()},
        names={ours: tuple(record.get(theirs) or ()) for ours, theirs in LISTS.items()},
        raw=text.strip(), recorded=record["adoption_type"] == RECORDED,
    )


def _agenda(record: dict) -> str:
    item, name = (" ".join(str(record.get(k, "")).split()) for k in ("agenda_item", "agenda_item_name"))
    return f"{item}: {name}" if item and name else item or name


def part_of(symbol: str) -> tuple[str, str]:
    """Base symbol and part: 'A/RES/75/254 A-C' -> ('A/RES/75/254', 'A-C'); catalogue spellings
    'A/RES/75/250A' and 'A/RES/75/254[C]' are read the same way."""
    match = re.fullmatch(r"(A/(?:RES|DEC)/(?:ES-)?\d+/\d+)\s*\[?([A-Z](?:-[A-Z])?)?\]?", symbol.strip())
    if match is None:
        return symbol.strip(), ""
    return match.group(1), match.group(2) or ""
