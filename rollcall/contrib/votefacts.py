"""Conventions shared by the verbs that add votes: ids from symbols, members on a day.

A text voted on as a whole takes its id from its UN symbol, so two contributors (or a
contributor and an importer) who add the same vote arrive at the same id and the second
is refused instead of duplicating it. Which countries sat on a body on a day decides
whether a roll call is complete.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping

from ..importers.ohchr import parse_symbol


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


def members_on(memberships: Iterable[Mapping[str, str]], body: str, day: str) -> set[str] | None:
    """Countries that sat on `body` on `day`; None when the data has no terms for the body."""
    terms = [m for m in memberships if m["body_id"] == body]
    if not terms:
        return None
    return {m["country_id"] for m in terms
            if m["start"] <= day <= min(e for e in (m["end"], m["service_end"], "9999-12-31") if e)}
