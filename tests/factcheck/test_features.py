"""The re-ranker's lexical and per-sentence features: a post often wraps the
claim it repeats in other sentences, and a figure it shares (or not) with a
fact-check says much about whether both check the same thing."""

from __future__ import annotations

import numpy as np
import pytest

from newscheck.factcheck.index import (
    FEATURES,
    LEXICAL_FEATURES,
    SENTENCE_FEATURES,
    FactCheckIndex,
    Matcher,
    sentence_features,
)
from newscheck.factcheck.loaders import make_record
from newscheck.factcheck.text import sentences, terms

CLAIMS = [
    "The stimulus created 3 million jobs in 2009.",
    "The stimulus created zero jobs.",
    "Coffee cures cancer, a study says.",
    "Wombats invited other animals into their burrows during the Australian fires.",
]


@pytest.fixture(scope="module")
def index() -> FactCheckIndex:
    recs = [
        make_record(source="demo", source_id=str(i), claim=c, verdict="False")
        for i, c in enumerate(CLAIMS)
    ]
    return FactCheckIndex.from_records(recs, contextual=False)


def test_sentences_split_posts_and_keep_short_text_whole() -> None:
    post = (
        "Wow. Wombats are herding animals into burrows! — Jo Bloggs (@jb) Jan 8, 2020"
    )
    assert sentences(post) == [
        "Wombats are herding animals into burrows!",
        "— Jo Bloggs ( jb) Jan 8, 2020",  # the dash is no term and no token
    ]
    assert sentences("Coffee cures cancer.") == ["Coffee cures cancer."]
    assert sentences("So true. Wow.") == ["So true. Wow."]  # no part of 3 words


def test_lexical_features_read_the_postings(index: FactCheckIndex) -> None:
    q = "The stimulus created 3 million jobs, officials said."
    cand = np.array([0, 1, 2])
    f = index.lexical_features(terms(q), sentences(q), cand, np.ones(3))
    q_ids = {
        index.bm25_.vocabulary_[t] for t in terms(q) if t in index.bm25_.vocabulary_
    }
    idf = {i: float(index.bm25_.idf_[i]) for i in q_ids}
    held = {i for i in q_ids if index.bm25_.terms()[i] in terms(CLAIMS[1])}
    assert f["qcover"][1] == pytest.approx(
        sum(idf[i] for i in held) / sum(idf.values())
    )
    assert f["qcover"][2] == 0.0
    assert f["num_shared"].tolist() == [1.0, 0.0, 0.0]
    # "3" is missing from claim 1, but claim 1 has no number at all
    assert f["num_query_only"].tolist() == [0.0, 0.0, 0.0]
    g = index.lexical_features(
        terms("It created 7 jobs."), ["It created 7 jobs."], cand, np.ones(3)
    )
    assert g["num_query_only"].tolist() == [1.0, 0.0, 0.0]  # claim 0 has 3, 2009
    assert g["bm25_sent"].tolist() == [1.0, 1.0, 1.0]  # one sentence: bm25_rel


def test_bm25_sent_scores_the_best_sentence(index: FactCheckIndex) -> None:
    q = "Coffee cures cancer. Wombats invited animals into burrows, she wrote today."
    cand = np.array([2, 3])
    bm = index.bm25_.scores(terms(q))[cand]
    f = index.lexical_features(terms(q), sentences(q), cand, bm / bm.max())
    per = np.stack([index.bm25_.scores(terms(s))[cand] for s in sentences(q)]).max(0)
    assert f["bm25_sent"] == pytest.approx(per / per.max())


def test_sentence_features_take_the_best_sentence() -> None:
    claims = np.eye(3)[:2]  # two candidates
    titles = np.eye(3)[[2, 2]]
    sents = np.array([[0.0, 1.0, 0.0], [0.6, 0.0, 0.8]])
    f = sentence_features(claims, titles, sents)
    assert f["cos_sent"].tolist() == pytest.approx([0.6, 1.0])
    assert f["cos_sent_gap"].tolist() == pytest.approx([-0.4, 0.0])
    assert f["cos_title_sent"].tolist() == pytest.approx([0.8, 0.8])


def test_a_matcher_over_every_feature_scores_posts(index: FactCheckIndex) -> None:
    assert set(LEXICAL_FEATURES + SENTENCE_FEATURES) <= set(FEATURES)
    m = Matcher(
        features=FEATURES,
        weights=(1.0,) * len(FEATURES),
        bias=-3.0,
        candidates=10,
        b=0.5,
    )
    idx = FactCheckIndex(index.rows, matcher=m, embedder=index.embedder)
    post = "Look. Wombats invited animals into their burrows! — A B (@ab) May 1, 2020"
    ranked = idx.rank(post, k=2)
    assert ranked[0][0] == 3
    assert ranked == idx.rank_many([post], k=2)[0]


def test_term_presence_from_the_transposed_postings_matches_a_scan() -> None:
    """Which query terms each candidate holds, read from the claims' sorted term
    lists, equals a scan of every term's postings (ids above, below and between
    the claim's terms; claims with no terms; repeated candidates)."""
    import numpy as np

    from newscheck.factcheck.index import _present

    rng = np.random.default_rng(7)
    n_docs, n_terms = 300, 30
    postings = [
        np.sort(rng.choice(n_docs, size=int(rng.integers(0, 120)), replace=False))
        for _ in range(n_terms)
    ]
    indptr = np.concatenate([[0], np.cumsum([p.size for p in postings])])
    docs = np.concatenate(postings).astype(np.int32)
    term = np.repeat(np.arange(n_terms, dtype=np.int32), np.diff(indptr))
    order = np.lexsort((term, docs))
    fptr = np.concatenate([[0], np.cumsum(np.bincount(docs, minlength=n_docs))])
    for _ in range(300):
        ids = sorted(rng.choice(n_terms, size=int(rng.integers(0, 6)), replace=False))
        cand = rng.integers(0, n_docs, size=int(rng.integers(0, 40)))
        got = _present(fptr.astype(np.int64), term[order], list(map(int, ids)), cand)
        want = np.array(
            [[c in set(postings[t].tolist()) for c in cand] for t in ids], dtype=bool
        ).reshape(len(ids), cand.size)
        assert got.shape == want.shape and (got == want).all()
