"""Port bitmaps for the allocator: 65,536 bits as 64 chunks plus a "chunk is full" summary.

A bitmap is a :class:`Bits` value: ``chunks``, a tuple of 64 Python ints of 1,024 bits (bit
``i`` of chunk ``c`` is port ``c * 1024 + i``), and ``summary``, an int whose bit ``c`` says
chunk ``c`` is full. Setting a bit copies the 64 references of the chunk tuple and shares every
chunk, so a change costs one small tuple; finding the first free port of a range costs a few
big-int operations whatever the occupancy.

What this module must not know: addresses, protocols, cursors (:mod:`.allocator`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

__all__ = [
    "EMPTY",
    "FULL_CHUNK",
    "MASK",
    "SHIFT",
    "Bits",
    "bits_of",
    "clear",
    "find",
    "ports",
    "set_bit",
]

SHIFT = 10
MASK = 1023
CHUNKS = 64
FULL_CHUNK = (1 << 1024) - 1
ALL_FULL = (1 << CHUNKS) - 1


class Bits(NamedTuple):
    """A persistent bitmap of ports 0 - 65535 (see the module docstring)."""

    chunks: tuple[int, ...]
    summary: int


EMPTY = Bits((0,) * CHUNKS, 0)


def bits_of(numbers: Iterable[int]) -> Bits:
    """The bitmap holding ``numbers``."""
    chunks = [0] * CHUNKS
    for number in numbers:
        chunks[number >> SHIFT] |= 1 << (number & MASK)
    summary = 0
    for index, chunk in enumerate(chunks):
        if chunk == FULL_CHUNK:
            summary |= 1 << index
    return Bits(tuple(chunks), summary)


def has(bits: Bits, number: int) -> bool:
    """Whether ``number`` is set."""
    return bool(bits.chunks[number >> SHIFT] >> (number & MASK) & 1)


def set_bit(bits: Bits, number: int) -> Bits:
    """``bits`` with ``number`` set (full chunks share one int)."""
    chunks, summary = bits
    index = number >> SHIFT
    chunk = chunks[index] | (1 << (number & MASK))
    if chunk == FULL_CHUNK:
        chunk = FULL_CHUNK
        summary |= 1 << index
    listed = list(chunks)
    listed[index] = chunk
    return Bits(tuple(listed), summary)


def with_chunk(bits: Bits, index: int, chunk: int, summary: int) -> Bits:
    """``bits`` with chunk ``index`` replaced and the given summary."""
    listed = list(bits.chunks)
    listed[index] = chunk
    return Bits(tuple(listed), summary)


def clear(bits: Bits, number: int) -> Bits:
    """``bits`` with ``number`` cleared."""
    chunks, summary = bits
    index = number >> SHIFT
    listed = list(chunks)
    listed[index] = chunks[index] & ~(1 << (number & MASK))
    return Bits(tuple(listed), summary & ~(1 << index))


def ports(bits: Bits) -> list[int]:
    """The set numbers, in order."""
    out: list[int] = []
    for index, chunk in enumerate(bits.chunks):
        base = index << SHIFT
        while chunk:
            low = chunk & -chunk
            out.append(base + low.bit_length() - 1)
            chunk ^= low
    return out


def find(layers: Sequence[Bits], lo: int, hi: int) -> int:
    """The first number of ``lo``-``hi`` that is free in every layer, or -1."""
    skip = 0
    for layer in layers:
        skip |= layer.summary
    index = lo >> SHIFT
    word = (1 << (lo & MASK)) - 1
    while True:
        for layer in layers:
            word |= layer.chunks[index]
        if word != FULL_CHUNK:
            found = ((~word & (word + 1)).bit_length() - 1) | (index << SHIFT)
            return found if found <= hi else -1
        if index >= hi >> SHIFT:
            return -1
        # the next chunk after ``index`` that no layer reports full
        rest = skip | ((2 << index) - 1)
        if rest == ALL_FULL:
            return -1
        index = (~rest & (rest + 1)).bit_length() - 1
        word = 0


def next_fit(layers: Sequence[Bits], lo: int, hi: int, last: int) -> int:
    """Docker's next-fit search: ``last + 1`` .. ``hi``, then ``lo`` .. ``last``; -1 if none.

    The candidate right after the cursor is tried first (the common case), then the search.
    """
    candidate = last + 1 if last < hi else lo
    index, bit = candidate >> SHIFT, 1 << (candidate & MASK)
    for layer in layers:
        if layer.chunks[index] & bit:
            break
    else:
        return candidate
    found = find(layers, last + 1, hi) if last < hi else -1
    return found if found >= 0 else find(layers, lo, last)
