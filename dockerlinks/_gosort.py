"""Go's ``sort.Sort``, step for step, for comparators that are not strict orders.

Where Docker sorts with a comparator that is not a strict weak order, which elements end up
where among the ties is decided by Go's sorting algorithm itself, so a model must run the same
algorithm: dockerd v20.10 - v26 orders a starting container's port bindings with
go-connections ``nat.SortPortMap``, whose ``Less`` says true both ways for two bindings of one
tcp port on one host port (``-p 8080:5000 -p 127.0.0.1:8080:5000`` binds 127.0.0.1 first).

What lives here: :func:`go_sort`, Go 1.19+'s pattern-defeating quicksort (``sort.Sort``:
insertion sort up to 12 elements, heapsort after too many bad pivots, the pattern breaker's
xorshift seeded by the length; Go ``src/sort/zsortinterface.go`` and ``sort.go`` of go1.19),
and :func:`sort_port_map`, go-connections v0.4.0 ``nat/sort.go`` ``SortPortMap`` on top of
it. Builds of dockerd with Go 1.18 or older (the upstream 20.10 binaries before 20.10.24) used
Go's previous quicksort, whose ties fall differently; that is not modelled. Both are checked
against Go 1.19's own answers (``tests/data/go_semantics.json``, ``port_maps``).

What this module must not know: ports as the library models them (it sorts texts), the
allocator, any profile.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

__all__ = ["go_sort", "sort_port_map"]

T = TypeVar("T")

_MASK64 = (1 << 64) - 1
_INCREASING, _DECREASING, _UNKNOWN = 1, 2, 0


class _Sorter:
    """The ``sort.Interface`` of a Python list: ``less(i, j)`` and ``swap(i, j)`` on indexes."""

    def __init__(self, data: list[T], less: Callable[[T, T], bool]) -> None:
        self.data = data
        self._less = less

    def less(self, i: int, j: int) -> bool:
        return self._less(self.data[i], self.data[j])

    def swap(self, i: int, j: int) -> None:
        data = self.data
        data[i], data[j] = data[j], data[i]

    # ------------------------------------------------------------------ the algorithm

    def insertion_sort(self, a: int, b: int) -> None:
        for i in range(a + 1, b):
            j = i
            while j > a and self.less(j, j - 1):
                self.swap(j, j - 1)
                j -= 1

    def sift_down(self, lo: int, hi: int, first: int) -> None:
        root = lo
        while True:
            child = 2 * root + 1
            if child >= hi:
                return
            if child + 1 < hi and self.less(first + child, first + child + 1):
                child += 1
            if not self.less(first + root, first + child):
                return
            self.swap(first + root, first + child)
            root = child

    def heap_sort(self, a: int, b: int) -> None:
        first, hi = a, b - a
        for i in range((hi - 1) // 2, -1, -1):
            self.sift_down(i, hi, first)
        for i in range(hi - 1, -1, -1):
            self.swap(first, first + i)
            self.sift_down(0, i, first)

    def pdqsort(self, a: int, b: int, limit: int) -> None:
        balanced = partitioned = True
        while True:
            length = b - a
            if length <= 12:
                self.insertion_sort(a, b)
                return
            if limit == 0:
                self.heap_sort(a, b)
                return
            if not balanced:
                self.break_patterns(a, b)
                limit -= 1
            pivot, hint = self.choose_pivot(a, b)
            if hint == _DECREASING:
                self.reverse(a, b)
                pivot = (b - 1) - (pivot - a)
                hint = _INCREASING
            if (
                balanced
                and partitioned
                and hint == _INCREASING
                and self.partial_insertion_sort(a, b)
            ):
                return
            if a > 0 and not self.less(a - 1, pivot):
                a = self.partition_equal(a, b, pivot)
                continue
            mid, partitioned = self.partition(a, b, pivot)
            left, right = mid - a, b - mid
            threshold = length // 8
            if left < right:
                balanced = left >= threshold
                self.pdqsort(a, mid, limit)
                a = mid + 1
            else:
                balanced = right >= threshold
                self.pdqsort(mid + 1, b, limit)
                b = mid

    def partition(self, a: int, b: int, pivot: int) -> tuple[int, bool]:
        self.swap(a, pivot)
        i, j = a + 1, b - 1
        while i <= j and self.less(i, a):
            i += 1
        while i <= j and not self.less(j, a):
            j -= 1
        if i > j:
            self.swap(j, a)
            return j, True
        self.swap(i, j)
        i, j = i + 1, j - 1
        while True:
            while i <= j and self.less(i, a):
                i += 1
            while i <= j and not self.less(j, a):
                j -= 1
            if i > j:
                break
            self.swap(i, j)
            i, j = i + 1, j - 1
        self.swap(j, a)
        return j, False

    def partition_equal(self, a: int, b: int, pivot: int) -> int:
        self.swap(a, pivot)
        i, j = a + 1, b - 1
        while True:
            while i <= j and not self.less(a, i):
                i += 1
            while i <= j and self.less(a, j):
                j -= 1
            if i > j:
                return i
            self.swap(i, j)
            i, j = i + 1, j - 1

    def partial_insertion_sort(self, a: int, b: int) -> bool:
        i = a + 1
        for _ in range(5):  # at most five adjacent pairs out of order are shifted
            while i < b and not self.less(i, i - 1):
                i += 1
            if i == b:
                return True
            if b - a < 50:  # short slices are not shifted
                return False
            self.swap(i, i - 1)
            if i - a >= 2:
                for j in range(i - 1, 0, -1):
                    if not self.less(j, j - 1):
                        break
                    self.swap(j, j - 1)
            if b - i >= 2:
                for j in range(i + 1, b):
                    if not self.less(j, j - 1):
                        break
                    self.swap(j, j - 1)
        return False

    def break_patterns(self, a: int, b: int) -> None:
        length = b - a
        if length < 8:
            return
        state = length
        modulus = 1 << length.bit_length()
        middle = a + (length // 4) * 2
        for index in range(middle - 1, middle + 2):
            state ^= (state << 13) & _MASK64
            state ^= state >> 17
            state ^= (state << 5) & _MASK64
            other = state & (modulus - 1)
            if other >= length:
                other -= length
            self.swap(index, a + other)

    def choose_pivot(self, a: int, b: int) -> tuple[int, int]:
        length = b - a
        swaps = [0]
        i, j, k = a + length // 4, a + length // 4 * 2, a + length // 4 * 3
        if length >= 8:
            if length >= 50:  # Tukey's ninther
                i = self.median(i - 1, i, i + 1, swaps)
                j = self.median(j - 1, j, j + 1, swaps)
                k = self.median(k - 1, k, k + 1, swaps)
            j = self.median(i, j, k, swaps)
        if swaps[0] == 0:
            return j, _INCREASING
        if swaps[0] == 12:
            return j, _DECREASING
        return j, _UNKNOWN

    def median(self, a: int, b: int, c: int, swaps: list[int]) -> int:
        a, b = self.order2(a, b, swaps)
        b, c = self.order2(b, c, swaps)
        a, b = self.order2(a, b, swaps)
        return b

    def order2(self, a: int, b: int, swaps: list[int]) -> tuple[int, int]:
        if self.less(b, a):
            swaps[0] += 1
            return b, a
        return a, b

    def reverse(self, a: int, b: int) -> None:
        i, j = a, b - 1
        while i < j:
            self.swap(i, j)
            i, j = i + 1, j - 1


def go_sort(data: list[T], less: Callable[[T, T], bool]) -> None:
    """Sort ``data`` in place exactly as Go 1.19+'s ``sort.Sort`` would with ``less``.

    With a strict order the result is the sorted list; with ties (``less`` true both ways,
    or false both ways) the positions are Go's.

    >>> items = ["b", "a2", "a1"]
    >>> go_sort(items, lambda x, y: x[0] < y[0])  # a1, a2 tie: insertion sort keeps them
    >>> items
    ['a2', 'a1', 'b']
    >>> items = ["x1", "x2"]
    >>> go_sort(items, lambda x, y: True)  # "less" both ways: insertion sort swaps them
    >>> items
    ['x2', 'x1']
    """
    if len(data) > 1:
        _Sorter(data, less).pdqsort(0, len(data), len(data).bit_length())


def _host_port_start(host_port: str) -> int:
    """go-connections ``toInt``: a host port (range)'s start, 0 when it does not parse."""
    start = host_port.split("-", 1)[0]
    return int(start) if start.isdigit() and len(start) <= 5 else 0


def sort_port_map(
    ports: Sequence[str], bindings: Mapping[str, Sequence[tuple[str, str]]]
) -> tuple[list[str], dict[str, list[tuple[str, str]]]]:
    """go-connections ``SortPortMap``: ``ports`` ("5000/tcp", in the order given) reordered,
    and each port's ``(host_ip, host_port)`` bindings reordered.

    Its comparator: an entry sorts first when its host port is higher, or its container
    port is, or the ports are equal and its protocol is tcp (so two tcp entries of one port
    are each "less" than the other). Ports come out in the order of their first entry.

    >>> sort_port_map(["5000/tcp"], {"5000/tcp": [("", "8080"), ("127.0.0.1", "8080")]})
    (['5000/tcp'], {'5000/tcp': [('127.0.0.1', '8080'), ('', '8080')]})
    """
    entries: list[tuple[str, int, str, int, tuple[str, str] | None]] = []
    for port in ports:
        number_text, _, proto = port.partition("/")
        number = int(number_text)
        found = bindings.get(port) or ()
        if found:
            for binding in found:
                entries.append((port, number, proto, _host_port_start(binding[1]), binding))
        else:
            entries.append((port, number, proto, 0, None))

    def less(x: tuple[str, int, str, int, object], y: tuple[str, int, str, int, object]) -> bool:
        return x[3] > y[3] or x[1] > y[1] or (x[1] == y[1] and x[2].lower() == "tcp")

    go_sort(entries, less)
    order: list[str] = []
    grouped: dict[str, list[tuple[str, str]]] = {}
    for port, _, _, _, sorted_binding in entries:
        if port not in grouped:
            order.append(port)
            grouped[port] = []
        if sorted_binding is not None:
            grouped[port].append(sorted_binding)
    return order, {port: found for port, found in grouped.items() if found}
