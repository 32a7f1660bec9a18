"""Which UNxml record and which UN Digital Library record describe the same General Assembly vote.

Both sources repeat some records (the extract a line, the Library a budget voted once and
catalogued as A-C and again as A, B and C); a repeat is dropped and reported. The rest are
paired by base symbol and day, then by part (A/RES/78/183 A and B are two votes of one day);
a lone record of each source on the same base and day is the same vote even when one source
gives the part and the other does not (A/RES/75/250 vs A/RES/75/250A).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from ..symbols import identify
from .undl_recent import UndlRecord
from .unxml import UnxmlRecord, part_of


@dataclass
class Pair:
    """One vote: its records in each source (either may be missing)."""

    base: str
    part: str
    day: str
    unxml: UnxmlRecord | None = None
    undl: UndlRecord | None = None
    unclear: list[UnxmlRecord] = field(default_factory=list)  # extract records with no adoption type

    @property
    def symbol(self) -> str:
        return f"{self.base} {self.part}" if self.part else self.base

    @property
    def vote_id(self) -> str:
        return vote_id(self.symbol)


def vote_id(symbol: str) -> str:
    """The id the symbol gives (A/RES/78/183 B -> ga-78-183b); a range of parts takes the base's."""
    base, part = part_of(symbol)
    identity = identify(f"{base} {part}" if len(part) == 1 else base)
    if identity is None:
        raise SystemExit(f"{symbol}: not a General Assembly symbol the importer can name [ga-symbol]")
    return identity.vote_id


def pair_records(unxml: list[UnxmlRecord], undl: list[UndlRecord], report: list[dict[str, object]],
                 same_vote: Callable[[UnxmlRecord, UnxmlRecord], bool]) -> list[Pair]:
    """One Pair per vote, sorted by day and vote id; repeats and symbol spellings are reported.
    `same_vote` tells whether two extract records give the same day, counts and positions."""
    groups: dict[tuple[str, str], tuple[list[UnxmlRecord], list[UndlRecord]]] = {}
    for record in _unique_unxml([r for r in unxml if r.recorded], report, same_vote):
        groups.setdefault((part_of(record.symbol)[0], record.day), ([], []))[0].append(record)
    for record in _unique_undl(undl, report):
        groups.setdefault((part_of(record.symbol)[0], record.day), ([], []))[1].append(record)
    pairs = [p for (base, day), (ours, theirs) in groups.items() for p in _pair(base, day, ours, theirs, report)]
    _attach_unclear([r for r in unxml if not r.recorded], pairs)
    return sorted(pairs, key=lambda p: (p.day, p.vote_id))


def _pair(base: str, day: str, unxml: list[UnxmlRecord], undl: list[UndlRecord],
          report: list[dict[str, object]]) -> list[Pair]:
    pairs = []
    for record in list(unxml):
        match = [u for u in undl if part_of(u.symbol)[1] == part_of(record.symbol)[1]]
        if match:
            pairs.append(Pair(base, part_of(record.symbol)[1], day, record, match[0]))
            unxml.remove(record)
            undl.remove(match[0])
    if len(unxml) == 1 and len(undl) == 1:
        parts = [part_of(unxml[0].symbol)[1], part_of(undl[0].symbol)[1]]
        pair = Pair(base, max(parts, key=len), day, unxml[0], undl[0])
        report.append(_row(pair, "symbol", unxml[0].symbol, undl[0].symbol, pair.symbol,
                           "the two sources spell the symbol differently"))
        return pairs + [pair]
    pairs += [Pair(base, part_of(r.symbol)[1], day, unxml=r) for r in unxml]
    pairs += [Pair(base, part_of(r.symbol)[1], day, undl=r) for r in undl]
    return pairs


def _unique_unxml(records: list[UnxmlRecord], report: list[dict[str, object]],
                  same_vote: Callable[[UnxmlRecord, UnxmlRecord], bool]) -> list[UnxmlRecord]:
    """The first record of each symbol; a later one is a repeat, reported with how it differs."""
    kept: dict[str, UnxmlRecord] = {}
    for record in records:
        first = kept.setdefault(record.symbol, record)
        if first is not record:
            same = ("an identical repeat" if first.raw == record.raw else
                    "a repeat with the same vote (other fields or spellings differ)" if same_vote(first, record)
                    else "a record with a DIFFERENT vote")
            report.append(_row(Pair(*part_of(record.symbol), record.day, unxml=record), "duplicate-record",
                               record.symbol, "", first.where,
                               f"{record.where} is {same} of {first.where}; the first is used"))
    return list(kept.values())


def _unique_undl(records: list[UndlRecord], report: list[dict[str, object]]) -> list[UndlRecord]:
    """A text catalogued as a whole (A-C) and again part by part with the same roll call is one vote."""
    wholes = {(part_of(r.symbol)[0], r.day): r for r in records if "-" in part_of(r.symbol)[1]}
    kept = []
    for record in records:
        base, part = part_of(record.symbol)
        whole = wholes.get((base, record.day))
        if whole is not None and whole is not record and whole.votes == record.votes and len(part) == 1:
            report.append(_row(Pair(base, part_of(whole.symbol)[1], record.day, undl=whole), "duplicate-record", "",
                               f"{record.symbol} (record {record.undl_id})", whole.symbol,
                               f"the Library catalogues part {part} with the same roll call as "
                               f"{whole.symbol} (record {whole.undl_id}); counted once"))
            continue
        kept.append(record)
    return kept


def _attach_unclear(unclear: list[UnxmlRecord], pairs: list[Pair]) -> None:
    for record in unclear:
        for pair in pairs:
            if (pair.base, pair.day) == (part_of(record.symbol)[0], record.day):
                pair.unclear.append(record)


def _row(pair: Pair, kind: str, unxml: object, undl: object, kept: object, detail: str,
         country: str = "") -> dict[str, object]:
    return {"vote_id": pair.vote_id, "symbol": pair.symbol, "date": pair.day, "kind": kind,
            "country_id": country, "unxml": unxml, "undl": undl, "kept": kept, "detail": detail}


disagreement = _row
