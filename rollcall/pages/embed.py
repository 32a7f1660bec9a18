"""A minimal view of one vote's result for other sites to frame (`/votes/<id>/embed/`): the
title, the outcome and tally, the result bar and the sources, without the site's chrome."""

from __future__ import annotations

from functools import partial
from typing import Any, Iterator

from .. import urls
from ..index import Index
from ..rules import POSITIONS
from .base import OUTCOME_LABELS, Page, Shows, percent_segments
from .describe import vote_sentence

EMBED_HEIGHT = 300   # px: the iframe height the snippet suggests; the view fits it at 320 px wide


def embed_pages(index: Index) -> Iterator[Page]:
    for row, vote in enumerate(index.votes):
        yield Page(urls.vote_embed(vote.id), "embed.html", partial(embed_context, index, row), vote.title,
                   Shows(votes=(vote.id,)))


def embed_context(index: Index, row: int) -> dict[str, Any]:
    vote = index.votes[row]
    body = index.bodies[vote.body_id]
    counted = index.counted_tally(row)
    return {
        "vote": vote,
        "body": body,
        "sentence": vote_sentence(vote, body, counted),
        "outcome_label": OUTCOME_LABELS[vote.outcome],
        "tally": vote.official or counted,
        "result_bar": percent_segments(counted.as_tuple()[:3], POSITIONS[:3]),
        "vote_url": urls.full(urls.vote(vote.id)),
        "document_url": urls.document(vote.symbol) if vote.symbol else None,
    }


def embed_snippet(vote_id: str, title: str) -> str:
    """The HTML a newsroom pastes to frame the vote (shown, escaped, on the vote page)."""
    return (f'<iframe src="{urls.full(urls.vote_embed(vote_id))}" title="{_attribute(title)} — Roll Call" '
            f'width="100%" height="{EMBED_HEIGHT}" loading="lazy" style="border:0;max-width:40rem"></iframe>')


def _attribute(text: str) -> str:
    return (text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;"))
