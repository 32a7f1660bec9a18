"""One sentence that says how a vote went, shared by page heads, feeds, embeds and cards."""

from __future__ import annotations

from ..model import Body, Tally, Vote

OUTCOME_VERBS = {"adopted": "Adopted", "rejected": "Rejected", "unknown": "Voted"}


def tally_text(tally: Tally) -> str:
    return f"{tally.yes}–{tally.no}–{tally.abstain}"


def when(vote: Vote) -> str:
    """'on 24 November 2022', 'in November 2022' or 'in 2022', as precise as the record."""
    if vote.date_precision == "day":
        return f"on {vote.date.day} {vote.date.strftime('%B')} {vote.date.year}"
    if vote.date_precision == "month":
        return f"in {vote.date.strftime('%B')} {vote.date.year}"
    return f"in {vote.date.year}"


def vote_sentence(vote: Vote, body: Body, counted: Tally) -> str:
    """'Adopted 25–6–16 by the Human Rights Council on 24 November 2022' (yes–no–abstain; the
    official tally where there is one, else the named positions)."""
    return f"{OUTCOME_VERBS[vote.outcome]} {tally_text(vote.official or counted)} by the {body.name} {when(vote)}"
