"""More control characters than are listed one by one: the 'and more' line is an error only if
one of the unlisted cells is not acknowledged (the 10x synthetic record has 80 acknowledged ones)."""

import numpy as np
import pyarrow as pa

from rollcall.cells import MAX_REPORTS_PER_CHECK
from rollcall.checks_text import _report_controls
from rollcall.problems import Problems


class _Raw:
    shown = "datasets/votes.csv"

    @staticmethod
    def line(row: int) -> int:
        return row + 2


def _errors(acknowledged: list[str]) -> list[str]:
    count = len(acknowledged)
    problems = Problems()
    _report_controls(_Raw(), "description", pa.array(["a\x08b"] * count), np.zeros(count, bool),
                     acknowledged, problems)
    return [p.format() for p in problems.errors]


def test_unlisted_acknowledged_control_characters_are_not_an_error():
    assert _errors(["control-character"] * (MAX_REPORTS_PER_CHECK + 5)) == []


def test_an_unlisted_unacknowledged_control_character_is_an_error():
    errors = _errors(["control-character"] * (MAX_REPORTS_PER_CHECK + 4) + [""])
    assert len(errors) == 1 and "and more cells with control characters" in errors[0]
