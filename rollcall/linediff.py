"""Which whole lines of a big text file an edit replaced, without keeping the old file.

`serve` keeps, for positions.csv (230 MB at ten times the data), only a checksum per block of
its bytes, counted from the start and from the end. After a save, the blocks that still match
at both ends bound the edit; widening that span to whole lines gives the lines to read again.
A CRC-32 per 8 KiB block costs 0.06 s over 230 MB; two blocks that differ but share their
checksum would hide an edit, a chance of one in four billion per compared block.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np

BLOCK = 8 * 1024


@dataclass(frozen=True)
class LineEdit:
    """new[start:new_end] replaced old[start:old_end]; both spans are whole lines (or empty)."""

    start: int
    old_end: int
    new_end: int


@dataclass(frozen=True)
class FileBlocks:
    """The checksums of a file's blocks, from its start and from its end."""

    size: int
    front: tuple[int, ...]
    back: tuple[int, ...]
    ends_with_newline: bool
    head: bytes   # the first line, kept whole: an edit of the first rows is then whole lines too

    @classmethod
    def of(cls, data: bytes) -> "FileBlocks":
        view = memoryview(data)
        n = len(data)
        front = tuple(zlib.crc32(view[i:i + BLOCK]) for i in range(0, n, BLOCK))
        back = tuple(zlib.crc32(view[max(0, n - i - BLOCK):n - i]) for i in range(0, n, BLOCK))
        return cls(n, front, back, data.endswith(b"\n"), data[:data.find(b"\n") + 1])

    def line_edit(self, new: bytes) -> LineEdit | None:
        """The lines `new` replaced in the file these blocks were taken of; None if the files
        are the same, or if the edit touches the first line or a file not ending in a newline."""
        if not (self.ends_with_newline and new.endswith(b"\n")):
            return None
        prefix = self._common_prefix(new)
        if self.head and new.startswith(self.head):
            prefix = max(prefix, len(self.head))
        if prefix == self.size == len(new):
            return None
        suffix = self._common_suffix(new, prefix)
        line_before = new.rfind(b"\n", 0, prefix)   # in the common prefix: the same in both files
        if line_before < 0:
            return None
        start = line_before + 1
        # the first newline within the common suffix ends the last edited line in both files
        newline = new.find(b"\n", len(new) - suffix) if suffix else len(new) - 1
        new_end = newline + 1
        return LineEdit(start, self.size - (len(new) - new_end), new_end)

    def _common_prefix(self, new: bytes) -> int:
        view = memoryview(new)
        for k, checksum in enumerate(self.front):
            at = k * BLOCK
            block = view[at:at + BLOCK]
            if len(block) != min(BLOCK, self.size - at) or zlib.crc32(block) != checksum:
                return at
        return self.size

    def _common_suffix(self, new: bytes, prefix: int) -> int:
        """Bytes at the end of both files known to be equal, not reaching into `prefix`."""
        view = memoryview(new)
        n = len(new)
        for k, checksum in enumerate(self.back):
            at = k * BLOCK
            width = min(BLOCK, self.size - at)
            if width < BLOCK or n - at - width < prefix or self.size - at - width < prefix:
                return at   # a partial block reaches the start; keep the spans apart
            if zlib.crc32(view[n - at - width:n - at]) != checksum:
                return at
        return len(self.back) * BLOCK


def count_lines(data: bytes | memoryview, start: int = 0, end: int | None = None, step: int = 1 << 20) -> int:
    """Newlines in data[start:end]; numpy compares in chunks that stay in cache (4x bytes.count)."""
    octets = np.frombuffer(data, np.uint8)[start:end]
    return sum(int(np.count_nonzero(octets[i:i + step] == ord("\n"))) for i in range(0, len(octets), step))
