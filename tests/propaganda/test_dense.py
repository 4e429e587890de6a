"""TC dense features: static word vectors of the span and its sentences."""

from __future__ import annotations

import numpy as np
import pytest

from newscheck.errors import ModelError
from newscheck.factcheck.embed import StaticEmbedder
from newscheck.propaganda import fast
from newscheck.propaganda.fast import TCDense, embedder_checksum, shared_embedder
from newscheck.propaganda.features import Doc, tc_dense_texts
from newscheck.propaganda.model import PropagandaModel
from newscheck.propaganda.techniques import TECHNIQUES

TEXT = "Title here\nThey are traitors. Stop them now!\nA calm, plain line."


def _embedder() -> StaticEmbedder:
    vocab = ["[UNK]", "they", "are", "traitors", "stop", "them", "now", "!", ".", "a"]
    rng = np.random.default_rng(0)
    return StaticEmbedder(vocab, rng.normal(size=(len(vocab), 6)))


def _dense(emb: StaticEmbedder, context: float = 0.5) -> TCDense:
    k = 2 if context else 1
    coef = np.random.default_rng(1).normal(size=(k * emb.dim, len(TECHNIQUES)))
    return TCDense(
        coef, span=2.0, context=context, checksum=embedder_checksum(emb), embedder=emb
    )


def _with_dense(dense: TCDense) -> PropagandaModel:
    base = PropagandaModel.load()
    inv = sorted(base.tc_index, key=base.tc_index.__getitem__)
    return PropagandaModel(
        si_vocab=sorted(base.si_index, key=base.si_index.__getitem__),
        si_coef=base.si_coef,
        si_intercept=base.si_intercept,
        tc_vocab=inv,
        tc_coef=base.tc_coef,
        tc_intercept=base.tc_intercept,
        techniques=base.techniques,
        lexicon=base.lexicon,
        threshold=base.threshold,
        low=base.low,
        gap=base.gap,
        split=base.split,
        max_len=base.max_len,
        loaded=base.loaded,
        tc_dense=dense,
    )


def test_dense_texts_are_the_spans_then_their_sentences():
    doc = Doc.from_text(TEXT, title_lines=1)
    s = TEXT.index("traitors")
    e = s + len("traitors")
    across = (TEXT.index("Stop"), TEXT.index("plain"))
    texts = tc_dense_texts(doc, [(s, e), across, (len(TEXT), len(TEXT))])
    assert texts[:2] == ["traitors", TEXT[across[0] : across[1]]]
    assert texts[2] == ""
    assert texts[3] == "They are traitors."
    assert texts[4] == "Stop them now!\nA calm, plain line."
    assert texts[5] == ""  # no sentence touched: the span's own text


def test_dense_features_are_scaled_unit_vectors():
    emb = _embedder()
    dense = _dense(emb)
    doc = Doc.from_text(TEXT, title_lines=1)
    s = TEXT.index("They")
    x = dense.features(doc, [(s, s + 4), (0, 5)])  # "Title": no known token
    assert x.shape == (2, 2 * emb.dim)
    np.testing.assert_allclose(np.linalg.norm(x[0, : emb.dim]), 2.0, rtol=1e-6)
    np.testing.assert_allclose(np.linalg.norm(x[0, emb.dim :]), 0.5, rtol=1e-6)
    assert not x[1, : emb.dim].any()
    assert dense.logits(doc, []).shape == (0, len(TECHNIQUES))


def test_dense_logits_are_added_to_fast_and_reference_alike(tmp_path):
    emb = _embedder()
    model = _with_dense(_dense(emb))
    plain = PropagandaModel.load()
    doc = Doc.from_text(TEXT, title_lines=1)
    s = TEXT.index("traitors")
    spans = [(s, s + 8), (0, len(TEXT)), (s, s + 8)]
    fast_p = model.technique_probs(doc, spans)
    np.testing.assert_allclose(
        fast_p, model.technique_probs_reference(doc, spans), rtol=0, atol=1e-9
    )
    assert not np.allclose(fast_p, plain.technique_probs(doc, spans))
    # Saved and loaded: same probabilities, the embedder checked by checksum.
    model.save(tmp_path)
    loaded = PropagandaModel.load(tmp_path)
    assert loaded.tc_dense is not None
    assert loaded.tc_dense.config() == model.tc_dense.config()
    loaded.tc_dense._embedder = emb
    np.testing.assert_allclose(
        loaded.technique_probs(doc, spans), fast_p, rtol=0, atol=1e-6
    )


def test_other_embeddings_are_a_model_error(monkeypatch):
    emb = _embedder()
    dense = _dense(emb)
    dense._embedder = None
    other = StaticEmbedder(["[UNK]", "a"], np.ones((2, emb.dim)))
    monkeypatch.setattr(fast, "_EMBEDDERS", {False: other})
    with pytest.raises(ModelError, match="other fact-check embeddings"):
        _ = dense.embedder


def test_shared_embedder_is_loaded_once(monkeypatch):
    calls = []
    emb = _embedder()

    def load(*, tuned):
        calls.append(tuned)
        return emb

    monkeypatch.setattr(fast, "_EMBEDDERS", {})
    monkeypatch.setattr(StaticEmbedder, "load", staticmethod(load))
    assert shared_embedder() is emb
    assert shared_embedder() is emb
    assert calls == [False]


def test_training_appends_only_the_scaled_dense_blocks():
    from scipy import sparse

    from newscheck.propaganda.training import _dense_text, _with_dense

    x = sparse.csr_matrix(np.eye(3, 4))
    span, ctx = np.ones((3, 2)), 2 * np.ones((3, 2))
    assert _with_dense(x, span, ctx, (0.0, 0.0)) is x
    got = _with_dense(x, span, ctx, (2.0, 0.0)).toarray()
    np.testing.assert_array_equal(got, np.hstack([np.eye(3, 4), 2 * span]))
    assert _with_dense(x, span, ctx, (1.0, 0.5)).shape == (3, 8)
    assert _dense_text({"dense": {"span": 0.0, "context": 0.0}}) == ""
    assert "span (× 2.0)" in _dense_text({"dense": {"span": 2.0, "context": 0.0}})
