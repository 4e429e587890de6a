"""Small numpy helpers shared by the analyzers' scoring loops."""

from __future__ import annotations

import numpy as np

__all__ = ["StringIndex", "unique_counts"]


def unique_counts(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``np.unique(x, return_inverse=True, return_counts=True)`` of a non-empty
    1-d array, by one sort and a mask: numpy's own unique costs about twice as
    much on the few hundred values of one article."""
    srt = np.sort(x)
    first = np.empty(len(srt), dtype=bool)
    first[0] = True
    np.not_equal(srt[1:], srt[:-1], out=first[1:])
    uniq = srt[first]
    starts = np.flatnonzero(first)
    counts = np.empty_like(starts)
    np.subtract(starts[1:], starts[:-1], out=counts[:-1])
    counts[-1] = len(srt) - starts[-1]
    return uniq, np.searchsorted(uniq, x), counts


class StringIndex:
    """Ids of strings, looked up many at a time: ``lookup(tokens)`` equals
    ``[index.get(t, -1) for t in tokens]`` for the ``index`` it was built from.

    An open-addressing table of the strings' ``hash()`` values in numpy: one
    C-level pass takes each token's (cached) hash, the probing is vectorised.
    A dict lookup per token costs several cache misses (the entry, the key's
    text, the value object) once the article's other work has evicted the dict;
    this stays within two small arrays. Two different strings with the same
    64-bit hash would share an id: about one chance in 10^19 per pair.
    """

    def __init__(self, index: dict[str, int]) -> None:
        size = 1 << max(4, (4 * len(index)).bit_length())  # load factor <= 1/4
        self._mask = size - 1
        self._hash = np.zeros(size, dtype=np.int64)
        self._value = np.full(size, -1, dtype=np.int64)
        self._used = np.zeros(size, dtype=bool)
        hashes = np.fromiter(map(hash, index), np.int64, len(index))
        values = np.fromiter(index.values(), np.int64, len(index))
        # linear probing, all keys at once: in each round the first key aiming
        # at a free slot takes it, every other key moves one slot on
        keys = np.arange(len(index))
        slot = hashes & self._mask
        while len(keys):
            free = np.flatnonzero(~self._used[slot])
            taken, first = np.unique(slot[free], return_index=True)
            won = keys[free[first]]
            self._used[taken] = True
            self._hash[taken] = hashes[won]
            self._value[taken] = values[won]
            left = np.ones(len(keys), dtype=bool)
            left[free[first]] = False
            keys, slot = keys[left], (slot[left] + 1) & self._mask

    def lookup(self, tokens: list[str]) -> np.ndarray:
        """Id of each of *tokens* (int64), -1 for strings not in the index."""
        h = np.fromiter(map(hash, tokens), np.int64, len(tokens))
        out = np.full(len(tokens), -1, dtype=np.int64)
        where = np.arange(len(tokens))
        slot = h & self._mask
        while len(slot):
            used = self._used[slot]
            hit = used & (self._hash[slot] == h)
            out[where[hit]] = self._value[slot[hit]]
            more = used & ~hit  # a slot held by another string: probe on
            where, h, slot = where[more], h[more], (slot[more] + 1) & self._mask
        return out
