"""What a UN document symbol says about its vote: body, session, our vote id, kind.

A text voted on as a whole takes its id from its UN symbol, so two contributors (or a
contributor and an importer) who add the same vote arrive at the same id and the second
is refused instead of duplicating it. HRC symbols are read leniently (catalogue slips are
normalised and the note says how).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Symbol:
    """A normalised HRC document symbol and the note on how it was read."""

    text: str
    session: str
    vote_id: str
    note: str | None


def parse_symbol(raw: str) -> Symbol:
    cleaned = raw.replace(" as orally revised", "")
    note = "The catalogue adds 'as orally revised' to the symbol." if cleaned != raw else None
    if match := re.fullmatch(r"A/HRC/DEC(\d+)/(\d+)", cleaned):
        cleaned = f"A/HRC/DEC/{match.group(1)}/{match.group(2)}"
        note = f"Catalogued as {raw}."
    if match := re.fullmatch(r"A/HRC/RES/(\d+)/L\.(\d+)", cleaned):
        cleaned = f"A/HRC/{match.group(1)}/L.{match.group(2)}"
        note = f"Catalogued as {raw}; a draft (L.) symbol has no RES/ part."
    if match := re.fullmatch(r"A/HRC/(RES|DEC)/(S-)?(\d+)/(\d+)", cleaned):
        kind, special, session, number = match.groups()
        prefix = "hrc-dec-" if kind == "DEC" else "hrc-"
        session_id = f"s{session}" if special else session
        return Symbol(cleaned, f"S-{session}" if special else session, f"{prefix}{session_id}-{number}", note)
    if match := re.fullmatch(r"A/HRC/(S-)?(\d+)/L\.(\d+)", cleaned):
        special, session, number = match.groups()
        session_id = f"s{session}" if special else session
        return Symbol(cleaned, f"S-{session}" if special else session, f"hrc-{session_id}-l{number}", note)
    raise ValueError(f"unrecognised HRC symbol {raw!r}")


@dataclass(frozen=True)
class Identity:
    """What a document symbol says about its vote: body, session, our vote id, kind."""

    body: str
    session: str
    vote_id: str
    kind: str
    adopted: bool  # a RES/DEC symbol is only given to an adopted text


#: (pattern, body, session, id, kind); the pattern's groups fill {0}, {1}, {2}.
_FORMS = (
    (r"A/RES/ES-(\d+)/(\d+)", "ga", "ES-{0}", "ga-es{0}-{1}", "resolution"),
    (r"A/RES/(\d+)/(\d+) ?([A-Z]?)", "ga", "{0}", "ga-{0}-{1}{2}", "resolution"),
    (r"A/DEC/(\d+)/(\d+)", "ga", "{0}", "ga-dec-{0}-{1}", "decision"),
    (r"A/ES-(\d+)/L\.(\d+)", "ga", "ES-{0}", "ga-es{0}-l{1}", "resolution"),
    (r"A/(\d+)/L\.(\d+)", "ga", "{0}", "ga-{0}-l{1}", "resolution"),
    (r"E/RES/(\d{4})/(\d+)", "ecosoc", "{0}", "ecosoc-{0}-{1}", "resolution"),
    (r"E/(\d{4})/L\.(\d+)", "ecosoc", "{0}", "ecosoc-{0}-l{1}", "resolution"),
)


def identify(symbol: str) -> Identity | None:
    """Body, session and vote id for a symbol (A/RES/78/220 → ga-78-220); None if unknown."""
    text = " ".join(symbol.split())
    if text.startswith("A/HRC/"):
        try:
            parsed = parse_symbol(text)
        except ValueError:
            return None
        kind = "decision" if "/DEC/" in parsed.text else "resolution"
        return Identity("hrc", parsed.session, parsed.vote_id, kind, "/L." not in parsed.text)
    for pattern, body, session, vote_id, kind in _FORMS:
        if match := re.fullmatch(pattern, text):
            groups = [g.lower() for g in match.groups()]
            return Identity(body, session.format(*groups), vote_id.format(*groups), kind, "/L." not in text)
    return None
