"""Shared pieces of the importers: reading source CSV, writing sorted dataset CSV, slugs."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Iterable, Mapping, Sequence

Row = dict[str, object]


def read_source(path: Path) -> list[dict[str, str]]:
    """Read a source CSV (UTF-8, any line ending) into dicts."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_rows(path: Path, fields: Sequence[str], rows: Iterable[Mapping[str, object]],
               key: Sequence[str]) -> int:
    """Write rows as RFC 4180 CSV with LF endings, sorted by `key`, cells as text."""
    ordered = sorted(rows, key=lambda r: tuple(_sort_value(r.get(k)) for k in key))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(fields)
    for row in ordered:
        writer.writerow([_cell(row.get(f)) for f in fields])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return len(ordered)


def countries_by_vote(positions: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    """The countries with a position on each vote, from (vote_id, country_id) keys."""
    by_vote: dict[str, set[str]] = {}
    for vote_id, country in positions:
        by_vote.setdefault(vote_id, set()).add(country)
    return by_vote


def members_on(memberships: Iterable[Mapping[str, object]], body: str, day: str) -> set[str]:
    """Countries whose term on `body` covers `day` (ISO dates; early ends of service count)."""
    return {str(m["country_id"]) for m in memberships
            if m["body_id"] == body and covers(m["start"], m["service_end"] or m["end"], day)}


def covers(start: object, end: object, day: str) -> bool:
    """Does the period from `start` to `end` (open if empty) include `day`? ISO date strings."""
    return str(start) <= day and (not end or day <= str(end))


def slug(text: str) -> str:
    """Lower-case ASCII slug: letters and digits joined by single hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _sort_value(value: object) -> tuple[int, object]:
    if value is None or value == "":
        return (0, "")
    if isinstance(value, (int, float)):
        return (1, value)
    text = str(value)
    return (2, tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text)))


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
