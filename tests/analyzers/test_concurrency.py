"""Analyzers and pipelines shared by threads give the reports of a sequential run.

A server or a batch runner shares one loaded analyzer (and the models and
memos behind it) between threads. The contract: for every registered analyzer,
and for a whole default :class:`Pipeline`, a *cold* instance (process caches
emptied, memos at their initial sizes) analysed by 8 threads that start
together gives, article by article, exactly what a fresh instance gives
sequentially. The articles hold many distinct invented words, so the memos
grow (and are resized) while the threads run; the interpreter switches threads
often so that their steps interleave.
"""

from __future__ import annotations

import random
import string
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pytest

from newscheck import analyzers as registry
from newscheck.analyzers.base import Analyzer
from newscheck.article import Article
from newscheck.pipeline import Pipeline

N_THREADS = 8
ROUNDS = 3
NAMES = registry.available()

_REAL = (
    "the a of and to in that because destroy corrupt colossal America patriots "
    "traitors evil elite disaster shocking total so-called truth lies regime "
    "officials said reported percent million budget council police voters "
    "Obama Trump NATO everyone knows never always must crisis"
).split()


def _articles(n: int = 48, seed: int = 7) -> list[Article]:
    """*n* varied articles: real words (some loaded), numbers, quotes, capitals,
    domains, and about 250 invented words each that no other article holds."""
    rng = random.Random(seed)
    out = []
    for k in range(n):
        fresh = [
            "".join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 11))) + str(k)
            for _ in range(250)
        ]
        sentences = []
        for _ in range(rng.randint(12, 30)):
            words = [
                rng.choice(fresh) if rng.random() < 0.5 else rng.choice(_REAL)
                for _ in range(rng.randint(4, 28))
            ]
            if rng.random() < 0.3:
                words[0] = words[0].upper()
            if rng.random() < 0.3:
                words.insert(rng.randrange(len(words)), f"{rng.randint(2, 99)}%")
            if rng.random() < 0.2:
                words.insert(rng.randrange(len(words)), f"${rng.randint(1, 900)}")
            sentence = " ".join(words)
            sentence = sentence[0].upper() + sentence[1:]
            if rng.random() < 0.2:
                sentence = f'"{sentence}," she said'
            sentences.append(sentence + rng.choice([".", ".", ".", "!", "?"]))
        paragraphs = [
            " ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)
        ]
        if k % 5 == 0:
            paragraphs.append(f"Read more at news{k}.example.com or infowars.com.")
        title = " ".join(rng.choice(fresh + _REAL) for _ in range(rng.randint(3, 9)))
        out.append(
            Article(
                title=title.title() + ("!" if k % 3 == 0 else ""),
                body="\n\n".join(paragraphs),
                url=f"https://www.site{k % 7}.example.org/story/{k}",
            )
        )
    return out


ARTICLES = _articles()


@pytest.fixture
def cold(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[], None]]:
    """A function that empties the per-process model caches and memos (the
    originals come back after the test), so that the next build loads its
    models afresh, with empty memos; threads switch often meanwhile."""
    import newscheck.analyzers.reliability as reliability_analyzer
    import newscheck.reliability.plain as plain
    from newscheck.propaganda.model import PropagandaModel
    from newscheck.sources.ratings import shipped_ratings

    monkeypatch.setattr(PropagandaModel, "_cache", {})
    monkeypatch.setattr(reliability_analyzer, "_CACHE", {})
    monkeypatch.setattr(plain, "_pow", list(plain._pow))
    first = plain._pow[0]

    def reset() -> None:
        PropagandaModel._cache.clear()
        reliability_analyzer._CACHE.clear()
        plain._pow[0] = (first[0][:1], first[1][:1])
        shipped_ratings.cache_clear()

    reset()
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        yield reset
    finally:
        sys.setswitchinterval(interval)
        shipped_ratings.cache_clear()


def _in_threads(work: Callable[[int], list[Any]]) -> list[list[Any]]:
    """``work(k)`` in thread k for k < N_THREADS, all started together; the
    first exception of any thread is raised."""
    barrier = threading.Barrier(N_THREADS)
    results: list[list[Any]] = [[] for _ in range(N_THREADS)]
    errors: list[BaseException] = []

    def run(k: int) -> None:
        try:
            barrier.wait()
            results[k] = work(k)
        except BaseException as exc:  # reported in the main thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(k,)) for k in range(N_THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return results


def _order(k: int, n: int, count: int) -> list[int]:
    """Article indices thread *k* reads: *count* of them from its own offset,
    so the threads meet new words at the same time and share some."""
    return [(k * n // N_THREADS + j) % n for j in range(count)]


def _shared_run(analyzer: Analyzer, articles: Sequence[Article]) -> list[list[Any]]:
    """Every thread analyses all *articles* (even threads one at a time, odd
    threads in batches of 6 through ``analyze_many``)."""
    n = len(articles)

    def work(k: int) -> list[Any]:
        order = _order(k, n, n)
        if k % 2 == 0:
            return [(i, analyzer.analyze(articles[i])) for i in order]
        out = []
        for c in range(0, n, 6):
            chunk = order[c : c + 6]
            out += zip(
                chunk, analyzer.analyze_many([articles[i] for i in chunk]), strict=True
            )
        return out

    return _in_threads(work)


@pytest.mark.parametrize("name", NAMES)
def test_shared_cold_analyzer_equals_sequential(
    name: str, cold: Callable[[], None]
) -> None:
    want = [registry.create(name).analyze(a) for a in ARTICLES]
    for _ in range(ROUNDS):
        cold()
        shared = registry.create(name)
        for per_thread in _shared_run(shared, ARTICLES):
            assert len(per_thread) == len(ARTICLES)
            for i, got in per_thread:
                assert got == want[i], f"{name}: article {i} differs under threads"


def test_shared_cold_pipeline_equals_sequential(cold: Callable[[], None]) -> None:
    articles = ARTICLES[:32]
    n = len(articles)
    want = [Pipeline().collect(a) for a in articles]
    cold()
    pipeline = Pipeline()

    def work(k: int) -> list[Any]:
        return [(i, pipeline.collect(articles[i])) for i in _order(k, n, 10)]

    for per_thread in _in_threads(work):
        for i, (findings, sections, warnings) in per_thread:
            assert warnings == []
            assert (findings, sections) == want[i][:2], f"article {i} differs"


def test_articles_grow_the_propaganda_memos_past_their_initial_size() -> None:
    """The fixture texts are varied enough to make the memos grow."""
    from newscheck.propaganda.model import PropagandaModel

    model = PropagandaModel.load()
    scorer = model._si_fast
    table_rows, static = len(scorer._table), len(scorer._words)
    for a in ARTICLES:
        model.predict(a.body, sentences=a.sentences)
    assert len(scorer._words) > static + 5000
    assert len(scorer._table) > table_rows


def test_propaganda_memos_dropped_while_threads_read_them(
    cold: Callable[[], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a tiny memo limit every call drops the memos that other threads
    are reading: each still computes on its own snapshot."""
    import newscheck.propaganda.fast as fast

    want = [registry.create("propaganda").analyze(a) for a in ARTICLES[:16]]
    monkeypatch.setattr(fast, "_LIMIT", 40)
    cold()
    shared = registry.create("propaganda")
    for per_thread in _shared_run(shared, ARTICLES[:16]):
        for i, got in per_thread:
            assert got == want[i], f"article {i} differs under threads"


def test_factcheck_rows_survive_a_memo_dropped_meanwhile(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Rows found in the memo are kept for the caller even when another
    thread drops the memo while this one reads the database."""
    import numpy as np

    from newscheck.factcheck import index, store

    rows = index._DbRows(None, np.arange(100), keep=4)  # type: ignore[arg-type]
    records = {k: f"record {k}" for k in range(100)}
    nested: list[bool] = []

    def read_by_ids(engine: Any, keys: Sequence[int]) -> dict[int, str]:
        if 5 in keys and not nested:
            nested.append(True)
            rows.fetch([50, 51, 52, 53, 54])  # meanwhile: the memo is dropped
        return {k: records[k] for k in keys}

    monkeypatch.setattr(store, "read_by_ids", read_by_ids)
    assert rows.fetch([1, 2]) == [records[1], records[2]]
    assert rows.fetch([1, 2, 5]) == [records[1], records[2], records[5]]


def test_claims_threads_open_the_factcheck_index_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Threads that share a claims analyzer open (or build) its fact-check
    database once, not once each."""
    import time

    from newscheck.analyzers.claims import ClaimsAnalyzer

    analyzer = ClaimsAnalyzer.load(factcheck="off")
    opened: list[int] = []

    def open_index() -> tuple[str, str]:
        opened.append(1)
        time.sleep(0.05)  # a slow open: the other threads arrive meanwhile
        return "off", "test"

    monkeypatch.setattr(analyzer, "_open_index", open_index)
    _in_threads(lambda k: [analyzer._index()])
    assert len(opened) == 1


def test_model_artefacts_are_loaded_once_by_threads_asking_together(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    """Threads that ask for the same transformer artefact together get one
    load; a load that loads another artefact (the ensemble) does not block."""
    import time

    from newscheck import onnx_artefacts as artefacts

    monkeypatch.setattr(artefacts, "_LOADED", {})
    calls: list[Any] = []

    def inner(path: Any, *, threads: int) -> object:
        return object()

    def load(path: Any, *, threads: int) -> tuple[object, object]:
        calls.append(path)
        time.sleep(0.05)  # a slow load: the other threads arrive meanwhile
        return object(), artefacts.load_once(inner, path, threads=threads)

    got = _in_threads(lambda k: [artefacts.load_once(load, tmp_path)])
    assert len(calls) == 1
    assert all(r[0] is got[0][0] for r in got)
