"""Regional groups, countries and General Assembly memberships.

Member and observer States come from the curated regional-groups file (with their UN
admission dates); ISO alpha-2 and numeric codes come from pycountry; former states and
seats come from sources/un_membership_history.csv, each event with its source.
"""

from __future__ import annotations

from pathlib import Path

import pycountry

from ..rowfiles import Row, read_source, slug

GROUP_IDS = {
    "African": ("african", "African States", "African Group"),
    "Asia-Pacific": ("asia-pacific", "Asia-Pacific States", "Asia-Pacific Group"),
    "Eastern European": ("eastern-european", "Eastern European States", "Eastern European Group"),
    "Latin American and Caribbean": ("latin-american-caribbean", "Latin American and Caribbean States", "GRULAC"),
    "Western European and Others": ("weog", "Western European and other States", "WEOG"),
}
#: The UN Library's answer naming the five groups "as provided by the UN Department of General
#: Assembly and Conference Management"; the per-country lists stay with the curated file's sources.
REGIONAL_GROUPS_SOURCE = "https://ask.un.org/faq/14521"
#: Members whose group that UN page states in its "Special cases" (and agrees with the curated file).
GROUP_ON_UN_PAGE = {
    "ISR": "Israel: a full member of the Group of Western European and other States since 2000, made permanent in 2004",
    "TUR": "Türkiye: for electoral purposes a member of the Group of Western European and other States",
}

#: Former states and seats that vote in the General Assembly record under their own id.
#: Each id must have an 'admitted' event in un_membership_history.csv; FRG, SUN and the
#: Yemen Arab Republic are continued by DEU, RUS and YEM and are not separate countries.
FORMER_STATES = {
    "CSK": "Czechoslovakia",
    "DDR": "German Democratic Republic",
    "TWN": "China (seat held by the Republic of China)",
    "XZN": "Zanzibar",
    "YMD": "Democratic Yemen",
    "YUG": "Yugoslavia (Socialist Federal Republic)",
}
END_EVENTS = ("ended", "merged", "seat-transferred", "continued-by")
#: One UN seat whose representation passed from one government to another (GA res 2758 (XXVI)):
#: holder id -> id that holds the seat after the transfer. China is one original Member; its
#: seat is counted once, under TWN until the transfer and under CHN from it.
SHARED_SEATS = {"TWN": "CHN"}
SUCCESSOR_BY_HISTORY = {"DDR": "DEU", "YUG": "SRB"}  # the history file names FRG / FRY


def regional_group_rows() -> list[Row]:
    return [{"id": gid, "name": name, "short_name": short, "source_url": REGIONAL_GROUPS_SOURCE}
            for gid, name, short in GROUP_IDS.values()]


def country_rows(curated: Path, history: Path) -> list[Row]:
    rows = [_member_row(r) for r in read_source(curated)]
    events = read_source(history)
    rows += [_former_row(cid, name, events) for cid, name in FORMER_STATES.items()]
    _note_shared_seats(rows)
    return rows


def _note_shared_seats(rows: list[Row]) -> None:
    by_id = {str(r["id"]): r for r in rows}
    for holder_id, seat_id in SHARED_SEATS.items():
        holder, seat = by_id[holder_id], by_id[seat_id]
        seat["notes"] = _join_notes(seat["notes"], (
            f"One seat, disputed representation: {seat['name']} is a Member since "
            f"{seat['un_member_since']}; until {holder['un_member_until']} the seat was held by the "
            f"representatives recorded here as {holder_id} ({holder['name']}), whose votes are under "
            f"{holder_id}. The General Assembly membership is therefore listed under {holder_id} until "
            f"{holder['un_member_until']} and under {seat_id} from that day, so the seat is counted once "
            f"(both ids cover {holder['un_member_until']} itself, the day of the resolution that moved the seat)."))
        holder["notes"] = _join_notes(holder["notes"], (
            f"Not a separate Member: this is the seat of {seat['name']} ({seat_id}) as represented "
            f"until {holder['un_member_until']}."))


def _join_notes(notes: object, extra: str) -> str:
    return f"{notes} {extra}" if notes else extra


def ga_membership_rows(countries: list[Row]) -> list[Row]:
    """General Assembly membership: one open-ended (or ended) period per state with dates."""
    transfers = {seat: c["un_member_until"] for c in countries
                 for holder, seat in SHARED_SEATS.items() if c["id"] == holder}
    return [{
        "body_id": "ga", "country_id": c["id"], "start": transfers.get(str(c["id"]), c["un_member_since"]),
        "end": c["un_member_until"] or None, "service_end": None, "end_reason": None,
        "election_year": None,
        "source_url": c["membership_source_url"] or c["source_url"],
        "notes": _membership_note(c, transfers),
    } for c in countries if c["un_member_since"]]


def _membership_note(country: Row, transfers: dict[str, object]) -> str:
    if str(country["id"]) in transfers:
        return (f"Membership of the United Nations as represented from {transfers[str(country['id'])]} "
                "(GA res 2758 (XXVI)); the same seat before that day is under TWN (see the country notes).")
    return "Membership of the United Nations (admission to end), from the country record."


def third_committee_rows(countries: list[Row]) -> list[Row]:
    """Every Member State sits on each Main Committee of the General Assembly: the GA periods."""
    return [{**row, "body_id": "ga-c3",
             "notes": "Membership of the United Nations (admission to end): every Member State sits on "
                      "the Third Committee."} for row in ga_membership_rows(countries)]


def _member_row(source: dict[str, str]) -> Row:
    iso3 = source["iso3"]
    record = pycountry.countries.get(alpha_3=iso3)
    group = GROUP_IDS.get(source["un_regional_group"])
    return {
        "id": iso3, "name": source["name"],
        "iso2": record.alpha_2 if record else None, "m49": record.numeric if record else None,
        "regional_group_id": group[0] if group else None,
        "status": source["status"],
        "un_member_since": source["un_member_since"] or None, "un_member_until": None,
        "successor_id": None,
        "source_url": source["source_url"],
        "membership_source_url": source["member_since_source_url"] or None,
        "notes": source["notes"] or None,
    } | _group_on_un_page(iso3, source)


def _group_on_un_page(iso3: str, source: dict[str, str]) -> Row:
    if iso3 not in GROUP_ON_UN_PAGE:
        return {}
    note = (f"Regional group from the UN Library page {REGIONAL_GROUPS_SOURCE} ({GROUP_ON_UN_PAGE[iso3]}); "
            f"earlier source: {source['source_url']}.")
    return {"source_url": REGIONAL_GROUPS_SOURCE, "notes": _join_notes(source["notes"], note)}


def _former_row(cid: str, name: str, events: list[dict[str, str]]) -> Row:
    mine = [e for e in events if e["id"] == cid]
    admitted = next(e for e in mine if e["event"] == "admitted")
    ended = next((e for e in mine if e["event"] in END_EVENTS), None)
    record = pycountry.historic_countries.get(alpha_3=cid) or pycountry.countries.get(alpha_3=cid)
    successor = (SUCCESSOR_BY_HISTORY.get(cid) or ended["related_id"]) if ended else None
    notes = " ".join(f"{e['event'].replace('-', ' ').capitalize()} {e['date']}: \"{e['quote']}\" ({e['source_url']})."
                     for e in mine)
    return {
        "id": cid, "name": name,
        "iso2": getattr(record, "alpha_2", None) if cid == "TWN" else None,
        # ISO 3166-3 gives YUG the numeric code 891 of the later Federal Republic; the
        # SFRY's own code is not in pycountry's data, so none is published.
        "m49": None if cid == "YUG" else getattr(record, "numeric", None),
        "regional_group_id": None, "status": "former",
        "un_member_since": admitted["date"] or None,
        "un_member_until": ended["date"] if ended else None,
        "successor_id": successor,
        "source_url": admitted["source_url"],
        "membership_source_url": ended["source_url"] if ended else admitted["source_url"],
        "notes": notes,
    }


def topic_id(name: str) -> str:
    return slug(name)
