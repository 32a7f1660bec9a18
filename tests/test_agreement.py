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


def test_agreement_and_summaries_patched_after_an_edit_equal_them_made_again(tmp_path):
    """serve patches them after a position edit (each vote adds its own outer products)."""
    import random
    import pyarrow as pa
    import pyarrow.compute as pc
    from rollcall.aggregates import Summaries, agreement_after_edit, agreement_by_body
    from rollcall.dataset import load_dataset
    from rollcall.index import build_index
    from site_support import make_fixture_project
    dataset, problems = load_dataset(make_fixture_project(tmp_path / "project").datasets)
    assert not problems.errors
    index = build_index(dataset)
    rng = random.Random(7)
    rows = sorted(rng.sample(range(len(index.votes)), 40))
    table = dataset.tables["positions"]
    table = table.filter(pc.is_in(table.column("vote_id"), value_set=pa.array([index.votes[r].id for r in rows])))
    cast = ["yes", "no", "abstain"]
    flipped = [rng.choice(cast) if p in cast else p for p in table.column("position").to_pylist()]
    edited = table.set_column(table.schema.get_field_index("position"), "position", pa.array(flipped))
    after = index.positions.replacing_votes(rows, edited, index.vote_row)
    patched = agreement_after_edit(index.agreement, index.positions, after, index.votes, rows)
    whole = agreement_by_body(after, index.votes)
    assert patched is not None and patched.keys() == whole.keys()
    for body, agreement in whole.items():
        assert patched[body].country_ids == agreement.country_ids
        assert np.array_equal(patched[body].shared, agreement.shared)
        assert np.array_equal(patched[body].agreed, agreement.agreed)
    assert index.summaries.after_edit(index.positions, after, index.votes, rows) == Summaries.build(after, index.votes)
    assert any(not np.array_equal(patched[b].agreed, index.agreement[b].agreed) for b in patched)   # the edit shows


def test_agreement_is_made_whole_when_a_country_stops_taking_part_in_a_body(tmp_path):
    import pyarrow as pa
    from rollcall.aggregates import agreement_after_edit
    from rollcall.dataset import load_dataset
    from rollcall.index import build_index
    from site_support import make_fixture_project
    dataset, _ = load_dataset(make_fixture_project(tmp_path / "project").datasets)
    index = build_index(dataset)
    positions = index.positions
    body = [index.votes[r].body_id for r in positions.vote.tolist()]
    cast = positions.code != ABSENT
    taking_part = {}
    for at in np.flatnonzero(cast).tolist():
        taking_part.setdefault((body[at], int(positions.country[at])), []).append(at)
    (_, country), [at] = next((key, ats) for key, ats in taking_part.items() if len(ats) == 1)
    row = int(positions.vote[at])
    span = positions.of_vote(row)
    ids = [positions.country_ids[c] for c in positions.country[span].tolist()]
    codes = ["absent" if i == positions.country_ids[country] else ("yes", "no", "abstain", "absent")[c]
             for i, c in zip(ids, positions.code[span].tolist())]
    table = pa.table({"vote_id": [index.votes[row].id] * len(ids), "country_id": ids, "position": codes,
                      "note": [""] * len(ids)})
    after = positions.replacing_votes([row], table, index.vote_row)
    assert agreement_after_edit(index.agreement, positions, after, index.votes, [row]) is None
