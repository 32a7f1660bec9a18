"""linediff: the lines an edit replaced, found from the old file's block checksums alone."""

from __future__ import annotations

import random

import pytest

from rollcall.linediff import BLOCK, FileBlocks, count_lines

HEADER = b"vote_id,country_id,position,note\n"


def a_file(n_lines: int, rng: random.Random) -> list[bytes]:
    return [f"v-{i // 150},C{i % 150:03d},{rng.choice(['yes', 'no', 'abstain'])},\n".encode() for i in range(n_lines)]


def edited(lines: list[bytes], rng: random.Random) -> list[bytes]:
    """One contributor's save: lines replaced, inserted or deleted somewhere, the first and last included."""
    lines = list(lines)
    for _ in range(rng.randint(1, 3)):
        at = rng.choice([0, len(lines) - 1, len(lines), rng.randrange(len(lines))])
        kind = rng.choice(["replace", "insert", "delete"])
        if kind == "replace" and at < len(lines):
            lines[at] = lines[at].replace(b"yes", b"no") if b"yes" in lines[at] else lines[at][:-1] + b"x\n"
        elif kind == "insert":
            lines[at:at] = [f"new-{rng.random()},ABC,yes,\n".encode() for _ in range(rng.randint(1, 40))]
        else:
            del lines[at:at + rng.randint(1, 400)]
    return lines


@pytest.mark.parametrize("seed", range(40))
def test_the_span_found_holds_every_changed_line_and_only_whole_lines(seed):
    rng = random.Random(seed)
    before = a_file(rng.choice([10, 500, 6000]), rng)
    after = edited(before, rng)
    old, new = HEADER + b"".join(before), HEADER + b"".join(after)
    edit = FileBlocks.of(old).line_edit(new)
    if old == new:
        assert edit is None
        return
    assert edit is not None
    assert old[:edit.start] == new[:edit.start] and old[edit.old_end:] == new[edit.new_end:]
    assert edit.start >= len(HEADER)
    for data, end in ((old, edit.old_end), (new, edit.new_end)):
        assert data[edit.start - 1:edit.start] == b"\n" and (end == edit.start or data[end - 1:end] == b"\n")
    # the span reaches at most a block and a line past the bytes that differ: the rest is not read again
    prefix, suffix = common_ends(old, new)
    assert edit.start >= prefix - BLOCK - 64
    assert edit.new_end <= len(new) - suffix + BLOCK + 64


def common_ends(old: bytes, new: bytes) -> tuple[int, int]:
    """The longest common prefix, and the longest common suffix that does not overlap it."""
    prefix = next((i for i, (a, b) in enumerate(zip(old, new)) if a != b), min(len(old), len(new)))
    room = min(len(old), len(new)) - prefix
    suffix = next((i for i in range(room) if old[-1 - i] != new[-1 - i]), room)
    return prefix, suffix


def test_an_unchanged_file_has_no_edit_and_a_new_header_or_last_line_needs_the_whole_file():
    lines = b"".join(a_file(3000, random.Random(1)))
    blocks = FileBlocks.of(HEADER + lines)
    assert blocks.line_edit(HEADER + lines) is None
    assert blocks.line_edit(HEADER.replace(b"note", b"notes") + lines) is None   # the header is not a row
    assert blocks.line_edit(HEADER + lines[:-1]) is None                        # no newline at the end


def test_count_lines_counts_newlines_in_a_range():
    data = b"a\nbb\n\nccc\n" * 1000
    assert count_lines(data) == data.count(b"\n")
    assert count_lines(data, 3, 9000) == data[3:9000].count(b"\n")
