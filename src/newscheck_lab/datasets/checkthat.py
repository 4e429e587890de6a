"""CheckThat! 2020 Task 2 queries, qrels and the MAP@k metric (training/benchmarks).

Reads the shared ``checkthat2020.tar.xz`` (:func:`newscheck_lab.datasets.dataset_path`);
nothing here is needed at run time.
"""

from __future__ import annotations

import csv
import io
import tarfile
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path

from newscheck_lab.datasets import dataset_path

__all__ = ["average_precision", "load_split", "mean_average_precision", "tarball"]

SPLITS = ("train", "dev", "test")


def tarball() -> Path:
    """The shared CheckThat! 2020 archive."""
    return dataset_path("checkthat2020") / "checkthat2020.tar.xz"


@lru_cache(maxsize=1)
def _members() -> dict[str, str]:
    out = {}
    with tarfile.open(tarball()) as tar:
        for m in tar:
            if m.isfile() and "/task2/" in m.name:
                raw = tar.extractfile(m)
                assert raw is not None
                out[m.name.split("/task2/", 1)[1]] = raw.read().decode("utf-8")
    return out


def load_split(split: str) -> tuple[dict[str, str], dict[str, set[str]]]:
    """``(queries, qrels)`` of a split: tweet id → text, tweet id → vclaim ids."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}")
    files = _members()
    reader = csv.reader(
        io.StringIO(files[f"{split}/tweets.queries.tsv"]), delimiter="\t"
    )
    next(reader)
    queries = {row[0]: row[1] for row in reader if len(row) >= 2}
    qrels: dict[str, set[str]] = {}
    for line in files[f"{split}/tweet-vclaim-pairs.qrels"].splitlines():
        parts = line.split()
        if len(parts) >= 4 and parts[3] != "0":
            qrels.setdefault(parts[0], set()).add(parts[2])
    return queries, qrels


def average_precision(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    """AP@k as in the CheckThat! scorer: precision at each relevant hit / |relevant|."""
    if not relevant:
        return 0.0
    hits, total = 0, 0.0
    for i, doc in enumerate(ranked[:k], 1):
        if doc in relevant:
            hits += 1
            total += hits / i
    return total / len(relevant)


def mean_average_precision(
    run: Mapping[str, Sequence[str]], qrels: Mapping[str, set[str]], k: int = 5
) -> float:
    """MAP@k over the queries that have qrels (a query missing from *run* scores 0)."""
    qids = [q for q in qrels if qrels[q]]
    if not qids:
        return 0.0
    return sum(average_precision(run.get(q, ()), qrels[q], k) for q in qids) / len(qids)
