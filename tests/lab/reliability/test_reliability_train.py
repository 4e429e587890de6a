"""Training-side weighting: topic-balanced sample weights."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from newscheck_lab.reliability import train as T


def _toy(corpus: list[str], y: list[int]) -> SimpleNamespace:
    return SimpleNamespace(corpus=np.array(corpus), y=np.array(y, dtype=float))


def test_topic_weights_balance_classes_within_each_topic() -> None:
    # corpus "a": topic 0 holds 12 reliable + 36 unreliable, topic 1 is
    # reliable only (the topic gives the label away); corpus "b": one topic
    corpus = ["a"] * 60 + ["b"] * 30
    y = [0] * 12 + [1] * 36 + [0] * 12 + [0] * 15 + [1] * 15
    topics = np.array([0] * 48 + [1] * 12 + [0] * 30)
    cfg = T.Config(topic_k=2, topic_weights=True, topic_single=0.25, topic_min_docs=5)
    cor = _toy(corpus, y)
    rows = np.arange(len(corpus))
    w = T._topic_weights(cor, rows, cfg, topics)
    a = cor.corpus == "a"
    # every corpus carries the same total, and so does every class within it
    assert w[a].sum() == pytest.approx(w[~a].sum())
    assert w[a & (cor.y == 0)].sum() == pytest.approx(w[a & (cor.y == 1)].sum())
    # inside topic 0 of corpus a both classes carry the same mass before the
    # final class rescaling, so their ratio equals the rescaling factors' ratio;
    # the one-class topic is down-weighted relative to the balanced reliable docs
    t0 = a & (topics == 0)
    m0 = w[t0 & (cor.y == 0)].sum()
    m1 = w[t0 & (cor.y == 1)].sum()
    single = w[a & (topics == 1)].sum()
    # reliable mass in a = topic-0 reliable (24 * s0) + topic-1 (0.25 * 12 * s0)
    assert single / m0 == pytest.approx(0.25 * 12 / 24)
    assert m1 == pytest.approx(m0 + single)
    # without topics: plain corpus/class balance
    w_plain = T.sample_weights(cor, rows, T.Config())
    assert w_plain[a & (cor.y == 1)].std() == pytest.approx(0.0)
    assert not np.allclose(w, w_plain)


def test_topic_weights_treat_lopsided_topics_as_one_class() -> None:
    # topic 0: 10 + 10; topic 1: 18 unreliable, 2 reliable (under min_docs)
    y = np.array([0] * 10 + [1] * 10 + [1] * 18 + [0] * 2)
    topics = np.array([0] * 20 + [1] * 20)
    cfg = T.Config(topic_weights=True, topic_single=0.5, topic_min_docs=3)
    w = T._topic_weights(_toy(["a"] * 40, y.tolist()), np.arange(40), cfg, topics)
    # the lopsided topic keeps natural class shares at half weight: its two
    # reliable docs are not blown up to carry half of the topic
    for lab in (0, 1):
        lop = w[(topics == 1) & (y == lab)]
        bal = w[(topics == 0) & (y == lab)]
        np.testing.assert_allclose(lop, 0.5 * bal[0])
        np.testing.assert_allclose(bal, bal[0])
    assert w[y == 0].sum() == pytest.approx(w[y == 1].sum())


def test_topic_clusters_are_fitted_and_cached(shared) -> None:  # type: ignore[no-untyped-def]
    from newscheck_lab.datasets.reliability import load_corpus

    docs = load_corpus("perezrosas_celebrity")[::5]
    cor = T.Corpus(docs, vectors=False)
    rows = np.arange(len(cor))
    cols = np.arange(cor.counts.shape[1])
    a = T.topic_clusters(cor, rows, cols, 4)
    assert a.shape == (len(rows),) and set(a.tolist()) <= {0, 1, 2, 3}
    assert len(set(a.tolist())) > 1
    assert T.topic_clusters(cor, rows, cols, 4) is a  # cached per rows


def _scores(rng: np.random.Generator, n: int, spread: float) -> tuple:
    y = rng.integers(0, 2, n).astype(float)
    z = spread * (2 * y - 1) + rng.normal(0, 1.0, n)
    return z, y, np.full(n, 1.0 / n)


def test_shrink_factor_pulls_in_where_held_out_corpora_are_harder() -> None:
    # the logits separate the classes well in two corpora and barely in the
    # third: an isotonic fit on any two is overconfident on the one left out
    rng = np.random.default_rng(0)
    parts = [_scores(rng, 400, s) for s in (3.0, 3.0, 0.3)]
    lam = T.shrink_factor(*(list(x) for x in zip(*parts, strict=True)))
    assert lam < 1.0
    assert lam in T.SHRINK_GRID


def test_shrink_factor_is_one_where_corpora_agree() -> None:
    rng = np.random.default_rng(1)
    parts = [_scores(rng, 2000, 1.0) for _ in range(3)]
    assert T.shrink_factor(*(list(x) for x in zip(*parts, strict=True))) >= 0.9
