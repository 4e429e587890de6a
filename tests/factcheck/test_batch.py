"""Batched search gives exactly what one search per query gives."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from newscheck.factcheck import FactCheckIndex
from newscheck.factcheck.loaders import ClaimRecord, read_file
from newscheck.factcheck.text import terms

QUERIES = [
    "The moon landings were staged by NASA in a studio",
    "MMR vaccines give kids autism, wake up people",
    "nothing in common whatsoever zzzz",
    "",
    "Iran's regime announced an $80 million bounty for the head of Trump",
    "Caf\u00e9 vaccines \u2014 na\u00efve moon",
]


def _index() -> FactCheckIndex:
    path = Path(__file__).parent / "fixtures" / "claims.jsonl"
    records = [r for _, r in read_file(path) if isinstance(r, ClaimRecord)]
    return FactCheckIndex.from_records(records)


def test_bm25_scores_many_equals_scores():
    bm = _index().bm25_
    q = [terms(t) for t in QUERIES]
    many = bm.scores_many(q)
    for row, one in zip(many, q, strict=True):
        assert np.array_equal(row, bm.scores(one))


def test_search_many_equals_search():
    index = _index()
    for k, threshold in ((3, None), (10, 0.0)):
        many = index.search_many(QUERIES, k, threshold=threshold)
        one = [index.search(t, k, threshold=threshold) for t in QUERIES]
        assert many == one
    assert index.rank_many(QUERIES, 50) == [index.rank(t, 50) for t in QUERIES]
    assert index.rank_many([]) == []
