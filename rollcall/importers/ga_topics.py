"""Topics of the General Assembly votes after the Voeten record, in the spirit of its six issue codes.

Voeten's coders stop in 2019. From 2020 Roll Call assigns the same topics by rule, from the
Main Committee that carried the text and words of its title, so a reader can check every
assignment: Third Committee texts, texts on human rights and country-situation texts are
`human-rights`; First Committee texts are arms control; Second Committee texts economic
development; Palestine, Israel and the Middle East (and the tenth emergency special session) the
Palestinian conflict; decolonisation
and self-determination colonialism; anything nuclear the nuclear topic.
"""

from __future__ import annotations

import re

from ..rowfiles import Row
from .subjects import SITUATION, name_variants

RULES = (
    ("palestinian-conflict", None, r"palestin|israel|jerusalem|syrian golan|occupied arab|near east|middle east"),
    ("nuclear-weapons-and-nuclear-material", None, r"nuclear"),
    ("arms-control-and-disarmament", "First Committee", r"disarmament|\barms\b|weapon|outer space|missile"),
    ("colonialism", None, r"decoloni|non-self-governing|colonial|self-determination"),
    ("economic-development", "Second Committee", None),
    ("human-rights", "Third Committee", r"human rights"),
)
ASSIGNED = ("From 2020 (after the Voeten record) Roll Call assigns it by rule, from the originating "
            "Main Committee and the title (rollcall/importers/ga_topics.py).")


def topic_rows_for(votes: list[Row], countries: list[Row]) -> list[Row]:
    """vote_topics rows; each vote row must carry its originating `committee` (or None)."""
    situations = _country_patterns(countries)
    rows = []
    for vote in votes:
        title, committee = str(vote["title"]), vote.get("committee")
        for topic, by_committee, words in RULES:
            if committee == by_committee or (words and re.search(words, title, re.IGNORECASE)):
                rows.append({"vote_id": vote["id"], "topic_id": topic})
        if vote["session"] == "ES-10":  # the emergency session on occupied East Jerusalem and Palestine
            rows.append({"vote_id": vote["id"], "topic_id": "palestinian-conflict"})
        if SITUATION.search(title) and any(p.search(title) for p in situations):
            rows.append({"vote_id": vote["id"], "topic_id": "human-rights"})
    return list({(r["vote_id"], r["topic_id"]): r for r in rows}.values())


def describe_topics(topics: list[Row]) -> list[Row]:
    """The GA topics, their description saying how the votes from 2020 get them."""
    ours = {topic for topic, _, _ in RULES}
    return [{**t, "description": f"{t['description']} {ASSIGNED}"} if t["id"] in ours else t for t in topics]


def _country_patterns(countries: list[Row]) -> list[re.Pattern]:
    names = {n for c in countries if c["status"] != "former" for n in name_variants(c)}
    return [re.compile(rf"\b{re.escape(n)}\b", re.IGNORECASE) for n in sorted(names)]
