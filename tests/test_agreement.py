"""Agreement arithmetic, checked against figures worked out by hand.

Twelve votes of one body, three countries:

    vote    A     B     C
    1-8     yes   yes   no       A=B on 8; A≠C, B≠C
    9       yes   no    yes      A=C
    10      abs   abs   abs      all agree (abstaining together is agreeing)
    11      yes   absent yes     B absent: not shared with B
    12      no    no    absent   C absent: not shared with C

Shared votes (both cast yes, no or abstain): A–B 11 (1–10, 12), A–C 11 (1–11), B–C 10 (1–10).
Agreed: A–B 8 + 1 (vote 10) + 1 (vote 12) = 10; A–C 1 (9) + 1 (10) + 1 (11) = 3; B–C 1 (10).
So A–B 10/11, A–C 3/11, B–C 1/10 (B–C has exactly MIN_SHARED_VOTES = 10 shared votes).
"""

from __future__ import annotations

import numpy as np

from rollcall.aggregates import ABSENT, ABSTAIN, NO, YES, _agreement

ROWS = ([(YES, YES, NO)] * 8 + [(YES, NO, YES), (ABSTAIN, ABSTAIN, ABSTAIN),
                                (YES, ABSENT, YES), (NO, NO, ABSENT)])


def agreement():
    vote, country, code = [], [], []
    for v, positions in enumerate(ROWS):
        for c, position in enumerate(positions):
            if position != ABSENT:   # agreement_by_body drops absent positions before this step
                vote.append(v), country.append(c), code.append(position)
    return _agreement(np.array(vote), np.array(country), np.array(code), ("A", "B", "C"))


def test_shared_and_agreed_counts_match_the_hand_count():
    result = agreement()
    assert result.country_ids == ("A", "B", "C")
    assert result.shared.tolist() == [[12, 11, 11], [11, 11, 10], [11, 10, 11]]
    assert result.agreed.tolist() == [[12, 10, 3], [10, 11, 1], [3, 1, 11]]


def test_scores_are_shares_of_shared_votes_best_first():
    result = agreement()
    assert result.scores_for("A") == [("B", 10 / 11, 11), ("C", 3 / 11, 11)]
    assert result.scores_for("C") == [("A", 3 / 11, 11), ("B", 1 / 10, 10)]
    assert result.scores_for("nobody") == []
