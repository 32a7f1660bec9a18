"""Control characters the sources themselves carry (a backspace in eight UNGA roll-call
descriptions of the Voeten data): kept as the source gives them, acknowledged on the vote and
explained in its notes, so the validator reports them as notes rather than errors."""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable

from ..rules import acknowledge

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
TEXT_FIELDS = ("title", "description", "tally_note", "notes")


def acknowledge_control_characters(votes: Iterable[dict[str, object]]) -> int:
    """Acknowledge `control-character` on each vote whose source text holds one; the count."""
    count = 0
    for vote in votes:
        found = sorted({(name, char) for name in TEXT_FIELDS for char in CONTROL.findall(str(vote.get(name) or ""))})
        if not found:
            continue
        acknowledge(vote, "control-character")
        said = "; ".join(f"{name} holds U+{ord(c):04X} {unicodedata.name(c, 'BACKSPACE' if c == chr(8) else 'CONTROL')}"
                         for name, c in found)
        note = f"Source text: {said}, kept as the source gives it."
        if note not in str(vote.get("notes") or ""):
            vote["notes"] = " ".join(n for n in (str(vote.get("notes") or ""), note) if n)
        count += 1
    return count
