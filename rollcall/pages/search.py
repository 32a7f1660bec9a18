"""The search index the home page's script loads: one short entry per vote and country."""

from __future__ import annotations

import json

from .. import urls
from ..index import Index


def search_index(index: Index) -> bytes:
    entries = [[c.name, urls.country(c.id), "country"] for c in sorted(index.countries.values(), key=lambda c: c.id)]
    for vote in index.votes:
        label = f"{vote.title} ({index.bodies[vote.body_id].short_name} {vote.date.isoformat()}"
        label += f", {vote.symbol})" if vote.symbol else ")"
        entries.append([label, urls.vote(vote.id), "vote"])
    return json.dumps(entries, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
