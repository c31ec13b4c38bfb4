"""A persistent map of text keys: every change returns a new map sharing almost all of the old.

The engine's indexes (containers by ID, names, links by parent and by child) are values kept
inside the engine value. Copying a dict per operation would make a session of N commands cost
O(N^2); this map copies two tuples of 32 references and one small dict instead, whatever its
size (the keys spread over 1,024 buckets), so an update costs O(1 + N/1024).

Buckets are chosen by CRC-32 of the key, never by Python's salted ``hash``: iteration order is
the same in every process (an order of its own, not insertion order: callers that need an
order sort). What this module must not know: what it stores.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import Generic, TypeVar

__all__ = ["PMap"]

V = TypeVar("V")

_FAN = 32
_Bucket = dict[str, object] | None
_EMPTY: tuple[tuple[_Bucket, ...], ...] = ((None,) * _FAN,) * _FAN


def _slot(key: str) -> tuple[int, int]:
    code = zlib.crc32(key.encode("utf-8", "surrogatepass"))
    return (code >> 5) & 31, code & 31


class PMap(Generic[V]):
    """A persistent mapping from ``str`` to values.

    >>> a = PMap[int]().set("web", 1)
    >>> b = a.set("db", 2).delete("web")
    >>> a.get("web"), b.get("web"), b.get("db"), len(a), len(b)
    (1, None, 2, 1, 1)
    """

    __slots__ = ("_groups", "_size")

    def __init__(self) -> None:
        self._groups: tuple[tuple[_Bucket, ...], ...] = _EMPTY
        self._size = 0

    @classmethod
    def _make(cls, groups: tuple[tuple[_Bucket, ...], ...], size: int) -> PMap[V]:
        new: PMap[V] = cls.__new__(cls)
        new._groups = groups
        new._size = size
        return new

    def get(self, key: str, default: V | None = None) -> V | None:
        """The value of ``key``, or ``default``."""
        group, index = _slot(key)
        bucket = self._groups[group][index]
        if bucket is None:
            return default
        return bucket.get(key, default)  # type: ignore[return-value]

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        group, index = _slot(key)
        bucket = self._groups[group][index]
        return bucket is not None and key in bucket

    def _with(self, key: str, value: object, remove: bool) -> PMap[V]:
        group, index = _slot(key)
        row = self._groups[group]
        old = row[index]
        present = old is not None and key in old
        if remove and not present:
            return self
        bucket = dict(old or ())
        if remove:
            del bucket[key]
        else:
            bucket[key] = value
        listed = list(row)
        listed[index] = bucket or None
        groups = list(self._groups)
        groups[group] = tuple(listed)
        size = self._size + (-1 if remove else (0 if present else 1))
        return PMap._make(tuple(groups), size)

    def set(self, key: str, value: V) -> PMap[V]:
        """A map with ``key`` bound to ``value``."""
        return self._with(key, value, False)

    def delete(self, key: str) -> PMap[V]:
        """A map without ``key`` (the same map when it has none)."""
        return self._with(key, None, True)

    def __len__(self) -> int:
        return self._size

    def items(self) -> Iterator[tuple[str, V]]:
        """Every (key, value), in the map's own order."""
        for row in self._groups:
            for bucket in row:
                if bucket is not None:
                    yield from bucket.items()  # type: ignore[misc]

    def keys(self) -> Iterator[str]:
        """Every key, in the map's own order."""
        for key, _ in self.items():
            yield key

    def values(self) -> Iterator[V]:
        """Every value, in the map's own order."""
        for _, value in self.items():
            yield value

    def __iter__(self) -> Iterator[str]:
        return self.keys()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PMap):
            return NotImplemented
        return self._size == other._size and dict(self.items()) == dict(other.items())

    def __hash__(self) -> int:
        return hash(frozenset(self.items()))

    def __repr__(self) -> str:
        return f"PMap({dict(sorted(self.items()))!r})"
