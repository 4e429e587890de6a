"""The transformer + linear propaganda ensemble.

The combination helpers are numpy only and always tested (with the shipped
linear model); the tests of the ensemble itself skip cleanly when
onnxruntime/tokenizers or the transformer artefact are absent.
"""

from __future__ import annotations

import numpy as np
import pytest

from newscheck.propaganda import ensemble as E
from newscheck.propaganda import transformer as T
from newscheck.propaganda.features import Doc
from newscheck.propaganda.model import PropagandaModel
from newscheck.propaganda.techniques import TECHNIQUES

TEXT = (
    "US Army Returning To The Scene Of The Crime\n\n"
    "The corrupt, treasonous elites want to smash and destroy our great nation.\n"
    "They have failed, principally because the people saw through their lies.\n"
    "Everyone knows that this disastrous, shameful policy is a catastrophe.\n"
)
CORRUPT = (TEXT.index("corrupt"), TEXT.index("corrupt") + len("corrupt"))
ELITES = (TEXT.index("treasonous"), TEXT.index("elites") + len("elites"))


def test_project_probs_reads_the_overlapping_word():
    # "Evil thugs smash!" as words, and as word pieces plus the "!"
    words = np.array([[0, 4], [5, 10], [11, 16]])
    p = np.array([0.1, 0.9, 0.5])
    pieces = np.array([[0, 4], [5, 8], [8, 10], [11, 14], [14, 16], [16, 17]])
    out = E.project_probs(words, p, pieces)
    assert out.tolist() == [0.1, 0.9, 0.9, 0.5, 0.5, 0.0]
    assert E.project_probs(words[:0], p[:0], pieces).tolist() == [0.0] * 6
    assert len(E.project_probs(words, p, pieces[:0])) == 0


def test_combine_tc_modes():
    rng = np.random.default_rng(0)
    a = rng.dirichlet(np.ones(len(TECHNIQUES)), size=4)
    b = rng.dirichlet(np.ones(len(TECHNIQUES)), size=4)
    for mode in ("prob", "logprob"):
        assert np.allclose(E.combine_tc(a, b, 1.0, mode), a, atol=1e-6)
        assert np.allclose(E.combine_tc(a, b, 0.0, mode), b, atol=1e-6)
        mid = E.combine_tc(a, b, 0.5, mode)
        assert np.allclose(mid.sum(axis=1), 1.0)
    assert np.allclose(E.combine_tc(a, b, 0.5, "prob"), (a + b) / 2)
    geo = np.sqrt(a * b)
    assert np.allclose(
        E.combine_tc(a, b, 0.5, "logprob"), geo / geo.sum(1, keepdims=True), atol=1e-6
    )
    with pytest.raises(ValueError):
        E.combine_tc(a, b, 0.5, "max")


def test_linear_token_probs_follow_the_doc_tokens():
    model = PropagandaModel.cached()
    doc = Doc.from_text(TEXT, title_lines=1)
    offsets, probs = E.linear_token_probs(model, doc)
    flat = [t for sent in doc.tokens for t in sent]
    assert offsets.tolist() == [list(t) for t in flat]
    assert np.allclose(probs, np.concatenate(model.token_probs(doc)))
    assert ((probs >= 0) & (probs <= 1)).all()
    assert (np.diff(offsets[:, 0]) > 0).all()  # text order
    empty = E.linear_token_probs(model, Doc.from_text(""))
    assert empty[0].shape == (0, 2) and len(empty[1]) == 0


@pytest.fixture(scope="module")
def transformer():
    pytest.importorskip("onnxruntime")
    pytest.importorskip("tokenizers")
    if not T.available():
        pytest.skip("no propaganda transformer artefact (see MODEL_CARD.md)")
    return T.PropagandaTransformer.cached()


def _ensemble(tr, si_weight, tc_weight, mode="prob"):
    return E.PropagandaEnsemble(
        tr,
        PropagandaModel.cached(),
        si_weight=si_weight,
        threshold=tr.threshold,
        gap=tr.gap,
        tc_weight=tc_weight,
        tc_mode=mode,
    )


def test_weight_one_is_the_transformer_alone(transformer):
    ens = _ensemble(transformer, 1.0, 1.0)
    assert ens.predict(TEXT, title_lines=1) == transformer.predict(TEXT, title_lines=1)
    spans = [CORRUPT, CORRUPT, (0, 7)]
    assert ens.classify(TEXT, spans) == transformer.classify(TEXT, spans)


def test_weight_zero_is_the_linear_model_on_transformer_tokens(transformer):
    ens = _ensemble(transformer, 0.0, 0.0)
    offsets, probs = ens.token_probs(TEXT, title_lines=1)
    w_off, w_p = E.linear_token_probs(
        PropagandaModel.cached(), Doc.from_text(TEXT, title_lines=1)
    )
    assert np.allclose(probs, E.project_probs(w_off, w_p, offsets))
    spans = [CORRUPT, ELITES]
    lin = PropagandaModel.cached().technique_probs(
        Doc.from_text(TEXT, title_lines=1), spans
    )
    assert np.allclose(ens.technique_probs(TEXT, spans), lin, atol=1e-6)


def test_mixed_ensemble_predicts_valid_spans(transformer):
    ens = _ensemble(transformer, 0.5, 0.5, "logprob")
    preds = ens.predict(TEXT, title_lines=1)
    last = -1
    for p in preds:
        assert 0 <= p.start < p.end <= len(TEXT) and p.start >= last
        last = p.end
        assert p.technique in TECHNIQUES
        assert 0.0 <= p.score <= 1.0 and 0.0 <= p.technique_prob <= 1.0
    assert ens.predict("") == []
    labels = ens.classify(TEXT, [CORRUPT, CORRUPT])
    assert labels[0] != labels[1]


def test_load_reads_the_held_out_choice(transformer):
    if not transformer.meta.get("ensemble"):
        pytest.skip("the artefact ships no ensemble")
    ens = E.PropagandaEnsemble.load(transformer.path)
    cfg = transformer.meta["ensemble"]
    assert (ens.si_weight, ens.threshold, ens.gap) == (
        cfg["si_weight"],
        cfg["threshold"],
        cfg["gap"],
    )
    same = E.PropagandaEnsemble(
        transformer,
        PropagandaModel.cached(),
        si_weight=cfg["si_weight"],
        threshold=cfg["threshold"],
        gap=cfg["gap"],
        tc_weight=cfg["tc_weight"],
        tc_mode=cfg["tc_mode"],
    )
    assert ens.predict(TEXT, title_lines=1) == same.predict(TEXT, title_lines=1)


def test_cached_ensemble_shares_the_cached_transformer(transformer):
    if not transformer.meta.get("ensemble"):
        pytest.skip("the artefact ships no ensemble")
    ens = E.PropagandaEnsemble.cached()
    assert E.PropagandaEnsemble.cached(transformer.path) is ens
    assert ens.transformer is transformer is T.PropagandaTransformer.cached()
    assert E.shipped() is ens
