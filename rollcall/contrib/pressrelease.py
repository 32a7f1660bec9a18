"""Read a roll call as UN press releases and meeting summaries print it, into positions rows.

    In favour (25): Argentina, Armenia, ..., United States.
    Against (6): China, Cuba, Eritrea, Pakistan and Venezuela (Bolivarian Republic of).
    Abstentions (16): ...

Contributors paste this text as they find it, so the parser tolerates line breaks inside
and between names, semicolons, "and" before the last name, trailing periods, lists without
counts (the General Assembly's "In favour:" form, whose totals are in the sentence before)
and "Absent"/"Not voting" lists. Every name must resolve to exactly one country, and each
count in parentheses must equal the names listed; anything else is reported, not guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..rules import POSITIONS
from .countrynames import CountryNames

#: List headings and the position they record.
HEADINGS = {
    "in favour": "yes", "in favor": "yes",
    "against": "no",
    "abstentions": "abstain", "abstention": "abstain", "abstaining": "abstain",
    "abstain": "abstain", "abstained": "abstain",
    "absent": "absent", "not voting": "absent", "non voting": "absent", "did not vote": "absent",
    "present and not voting": "absent", "present but not voting": "absent",
}
HEADING = re.compile(
    r"(?<![\w'])(?P<label>present\s+(?:and|but)\s+not\s+voting|in\s+favou?r|against|abstentions?|"
    r"abstaining|abstain(?:ed)?|absent|not\s+voting|non[\s-]voting|did\s+not\s+vote)"
    r"\s*(?:\(\s*(?P<count>\d+)\s*\))?\s*:", re.IGNORECASE)
#: Totals in the sentence before the lists: "a recorded vote of 80 in favour to 29 against, with 65 abstentions".
PROSE_COUNTS = {
    "yes": re.compile(r"(\d+)\s+(?:votes\s+)?in\s+favou?r", re.I),
    "no": re.compile(r"(\d+)\s+(?:votes\s+)?against", re.I),
    "abstain": re.compile(r"(\d+)\s+abstentions?", re.I),
}
#: UN reports and records print the same totals without the words: "a recorded vote of 80 to 29".
PROSE_YES_TO_NO = re.compile(r"vote\s+of\s+(\d+)\s+to\s+(\d+)\b(?!\s+(?:votes\s+)?against)", re.I)
NONE_LISTED = {"none", "nil", "-", "—", "–", "0"}


@dataclass(frozen=True)
class Section:
    """One list of the roll call: its heading, the count printed, the names printed."""

    heading: str
    position: str
    stated: int | None
    names: tuple[str, ...]


@dataclass
class Report:
    """What the contributor must fix (errors) or check (warnings) before the rows are used."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: Counts in the text that differ from the names listed (official tallies need a tally_note then).
    count_differences: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def lines(self) -> list[str]:
        return ([f"error: {e}" for e in self.errors] + [f"warning: {w}" for w in self.warnings]
                + [f"count differs: {d}" for d in self.count_differences])


@dataclass(frozen=True)
class RollCall:
    """The parsed roll call: one positions row per named country, the official counts, the report."""

    positions: list[dict[str, object]]
    counts: dict[str, int | None]
    sections: tuple[Section, ...]
    report: Report


def parse_roll_call(text: str, vote_id: str, names: CountryNames) -> RollCall:
    """Parse press-release text into positions rows for `vote_id`, with a report of every doubt."""
    report = Report()
    sections = split_sections(text, report)
    if not sections:
        report.errors.append("no list found: expected headings such as 'In favour (25):', 'Against:', "
                             "'Abstentions:' followed by country names")
    counts = _official_counts(text, sections)
    sections = [_resolved(s, names) for s in sections]
    positions = _positions(vote_id, sections, names, report)
    _check_counts(sections, counts, report)
    return RollCall(positions, counts, tuple(sections), report)


def split_sections(text: str, report: Report) -> list[Section]:
    """Cut the text at each list heading; each list runs to the next heading or its final period."""
    matches = list(HEADING.finditer(text))
    sections = []
    for match, following in zip(matches, matches[1:] + [None]):
        end = following.start() if following else len(text)
        body, rest = _until_period(text[match.end():end])
        label = " ".join(match.group("label").lower().replace("-", " ").split())
        if rest.strip(" \t\r\n.;,"):
            report.warnings.append(f"ignored text after the '{label}' list: {_short(rest)!r}")
        stated = int(match.group("count")) if match.group("count") else None
        if stated is None and re.fullmatch(r"\s*\d+\s*", body):
            stated, body = int(body), ""  # "Against: 6" gives a count, not names
        sections.append(Section(label.capitalize(), HEADINGS[label], stated, tuple(split_names(body))))
    _check_repeated(sections, report)
    return sections


def split_names(body: str) -> list[str]:
    """The items of one list: split at commas and semicolons outside parentheses."""
    items, depth, current = [], 0, []
    for char in body:
        depth += (char == "(") - (char == ")")
        if char in ",;" and depth <= 0:
            items.append("".join(current))
            current = []
        else:
            current.append(char)
    items.append("".join(current))
    cleaned = [re.sub(r"^\s*(?:and\s+|[-•*\u2013]\s*)", "", item).strip() for item in items]
    return [c for c in cleaned if c and c.lower() not in NONE_LISTED]


def resolve_item(item: str, names: CountryNames) -> list[str]:
    """The names in one comma-separated item: usually one, two or more when 'and' or line breaks join them.

    A line break may wrap a long name or separate two names, so the whole item is tried
    first, then a split at 'and', then a split at line breaks.
    """
    flat = " ".join(item.split())
    if names.match(flat).country_id:
        return [flat]
    pair = _split_at_and(flat, names)
    if pair and all(names.match(p).country_id for p in pair):
        return pair
    lines = [re.sub(r"^and\s+", "", line.strip()) for line in item.splitlines() if line.strip()]
    if len(lines) > 1:
        return [name for line in lines for name in resolve_item(line, names)]
    return pair or [flat]


def _split_at_and(flat: str, names: CountryNames) -> list[str] | None:
    """'Uruguay and Venezuela' is two names, 'Trinidad and Tobago' one: try each 'and'.

    A split where both sides are countries wins; else one where a side is, so the
    unknown side is reported on its own.
    """
    pieces = re.split(r"\s+and\s+", flat)
    splits = [(" and ".join(pieces[:i]), " and ".join(pieces[i:])) for i in range(1, len(pieces))]
    for left, right in splits:
        if names.match(left).country_id and names.match(right).country_id:
            return [left, right]
    for left, right in splits:
        if names.match(left).country_id or names.match(right).country_id:
            return [left, right]
    return None


def _resolved(section: Section, names: CountryNames) -> Section:
    """The section with each printed item expanded into the names it holds."""
    expanded = tuple(name for item in section.names for name in resolve_item(item, names))
    return Section(section.heading, section.position, section.stated, expanded)


def _positions(vote_id: str, sections: list[Section], names: CountryNames,
               report: Report) -> list[dict[str, object]]:
    seen: dict[str, str] = {}
    duplicated: set[str] = set()
    for section in sections:
        for name in section.names:
            match = names.match(name)
            if match.country_id is None:
                report.errors.append(f"{section.heading}: {match.problem()}")
                continue
            if match.country_id in seen:
                duplicated.add(match.country_id)
                report.errors.append(
                    f"{section.heading}: {names.name_of(match.country_id)} ({match.country_id}) "
                    f"is also listed under '{seen[match.country_id]}'; keep it in one list only")
                continue
            seen[match.country_id] = section.heading
    position_of = {s.heading: s.position for s in sections}
    return [{"vote_id": vote_id, "country_id": c, "position": position_of[h], "note": None}
            for c, h in sorted(seen.items()) if c not in duplicated]


def _official_counts(text: str, sections: list[Section]) -> dict[str, int | None]:
    """Counts printed in the headings, else in the sentence before the first list."""
    prose = text[: HEADING.search(text).start()] if sections else text
    counts: dict[str, int | None] = dict.fromkeys(POSITIONS)
    for section in sections:
        if section.stated is not None:
            counts[section.position] = (counts[section.position] or 0) + section.stated
    for position, pattern in PROSE_COUNTS.items():
        if counts[position] is None and (found := pattern.search(prose)):
            counts[position] = int(found.group(1))
    if counts["yes"] is None and counts["no"] is None and (found := PROSE_YES_TO_NO.search(prose)):
        counts["yes"], counts["no"] = int(found.group(1)), int(found.group(2))
    return counts


def _check_counts(sections: list[Section], counts: dict[str, int | None], report: Report) -> None:
    for position in POSITIONS:
        listed = [s for s in sections if s.position == position]
        if counts[position] is None or (not listed and position == "absent"):
            continue
        named = sum(len(s.names) for s in listed)
        if named != counts[position]:
            heading = listed[0].heading if listed else position
            report.count_differences.append(f"'{heading}': the text says {counts[position]} "
                                            f"but lists {named} name(s)")


def _check_repeated(sections: list[Section], report: Report) -> None:
    """Two 'In favour' lists mean two votes were pasted: the rows would mix them."""
    headings = [s.heading for s in sections]
    for heading in sorted(set(h for h in headings if headings.count(h) > 1)):
        report.errors.append(f"the text has {headings.count(heading)} '{heading}' lists; "
                             "paste the roll call of one vote only")


def _until_period(body: str) -> tuple[str, str]:
    """UN country names contain no period, so a list ends at its first one."""
    depth = 0
    for index, char in enumerate(body):
        depth += (char == "(") - (char == ")")
        if char == "." and depth <= 0:
            return body[:index], body[index + 1:]
    return body, ""


def _short(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= 60 else flat[:57] + "..."
