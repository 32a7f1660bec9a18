"""One sentence that says how a vote went, shared by page heads, feeds, embeds and cards."""

from __future__ import annotations

from ..model import Body, Tally, Vote

#: A vote on something other than a whole resolution, as a sentence names it.
KINDS = {"decision": "Decision", "amendment": "Amendment", "paragraph": "Paragraph", "motion": "Procedural motion"}
OUTCOME_VERBS = {"adopted": "Adopted", "rejected": "Rejected", "unknown": "Outcome not recorded"}


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
    official tally where there is one, else the named positions); other kinds than resolutions
    are named: 'Amendment rejected 8–21–18 by ...'."""
    tally = tally_text(vote.official or counted)
    if vote.outcome == "unknown":   # the source records the votes cast, not the result
        return f"{_kind(vote, 'Voted')} {tally} in the {body.name} {when(vote)}"
    return f"{_kind(vote, OUTCOME_VERBS[vote.outcome])} {tally} by the {body.name} {when(vote)}"


def outcome_line(vote: Vote) -> str:
    """'Adopted', 'Amendment rejected', 'Decision: outcome not recorded' (the share cards)."""
    if vote.outcome == "unknown" and vote.kind != "resolution":
        return f"{KINDS[vote.kind]}: outcome not recorded"
    return _kind(vote, OUTCOME_VERBS[vote.outcome])


def _kind(vote: Vote, verb: str) -> str:
    return verb if vote.kind == "resolution" else f"{KINDS[vote.kind]} {verb.lower()}"
