"""What a reader sees of the notes columns: edited prose, not a contributor's working notes.

The notes columns keep everything a contributor wrote (doubts, working URLs, their own
translations); the pages show only the sentences written for readers. A sentence is a
working note when it carries a marker below or links a document store's raw file (those
links expire and are not the UN's citable address: pages link documents by symbol).
"""

from __future__ import annotations

import re

WORKING = re.compile(r"\bDOUBT\b|\bTODO\b|\bFIXME\b|\bXXX\b|my translation|NOT SOURCED|not read on the UN site"
                     r"|project context", re.IGNORECASE)
STORE = re.compile(r"docstore\.ohchr\.org|documents\.un\.org|documents-dds|daccess|undocs\.org/[^ ]*\?|"
                   r"digitallibrary\.un\.org/record/\d+/files", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.;!?])\s+(?=[A-Z(\"'])")


def is_store_url(url: str | None) -> bool:
    """A raw link into a document store (not a citable page)."""
    return bool(url and STORE.search(url))


def public_note(text: str | None) -> str:
    """The sentences of a note written for readers (working notes dropped)."""
    if not text:
        return ""
    kept = [s for s in _SENTENCE.split(text.strip()) if not WORKING.search(s) and not STORE.search(s)]
    return " ".join(kept)
