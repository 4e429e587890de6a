"""Training helpers and a tiny end-to-end fit (needs scikit-learn)."""

from __future__ import annotations

import numpy as np
import pytest

from newscheck.claims.model import ClaimModel
from newscheck_lab.claims.train import (
    TrainConfig,
    average_precision,
    best_f1_threshold,
    f1_at,
    fit,
)

pytest.importorskip("sklearn")

FACTS = [
    "Unemployment rose to 9 percent in 2010.",
    "We spent $700 billion on defense last year.",
    "Crime fell 20 percent in ten years.",
    "The deficit doubled between 2001 and 2008.",
    "He voted against the bill 14 times.",
    "Taxes went up by 3 percent under his plan.",
]
CHATTER = [
    "Thank you very much.",
    "I appreciate that question.",
    "Let me say this.",
    "Good evening everyone.",
    "Well, I think we should talk.",
    "That is a great point, Jim.",
]


def test_average_precision_known_values():
    assert average_precision([1, 0, 1], np.array([0.9, 0.8, 0.1])) == pytest.approx(
        (1 + 2 / 3) / 2
    )
    assert average_precision([1, 1, 0], np.array([0.9, 0.8, 0.1])) == 1.0
    assert average_precision([0, 0], np.array([0.5, 0.4])) == 0.0


def test_f1_and_best_threshold():
    y = [1, 1, 0, 0]
    p = np.array([0.9, 0.6, 0.4, 0.1])
    assert f1_at(y, p, 0.5) == 1.0
    assert f1_at(y, p, 0.95) == 0.0
    t, f1 = best_f1_threshold(y, p)
    assert f1 == 1.0
    assert 0.4 <= t < 0.6


def test_fit_learns_and_round_trips(tmp_path):
    texts = FACTS + CHATTER
    labels = [1] * len(FACTS) + [0] * len(CHATTER)
    model = fit(texts, labels, TrainConfig(C=10.0, min_df=1))
    p = model.predict_proba(["Prices rose 8 percent in 2022.", "Thank you all."])
    assert p[0] > p[1]
    model.save(tmp_path)
    again = ClaimModel.load(tmp_path)
    assert again.predict_proba(texts) == pytest.approx(model.predict_proba(texts))


def test_fit_with_and_without_embedding_block(tmp_path):
    texts = FACTS + CHATTER
    labels = [1] * len(FACTS) + [0] * len(CHATTER)
    with_emb = fit(texts, labels, TrainConfig(C=10.0, min_df=1, emb_dims=16))
    without = fit(texts, labels, TrainConfig(C=10.0, min_df=1, emb_dims=0))
    assert with_emb.emb_dim == 16 and without.emb_dim == 0
    n_lin = len(with_emb.vocab) + len(without.weights) - len(without.vocab)
    assert len(with_emb.weights) == n_lin + 16
    for m in (with_emb, without):
        assert np.allclose(
            m.decision(texts), m.decision_reference(texts), rtol=0, atol=1e-9
        )
    without.save(tmp_path / "plain")
    assert ClaimModel.load(tmp_path / "plain").emb_dim == 0


def test_load_rejects_other_embeddings(tmp_path):
    from newscheck.errors import ModelError
    from newscheck.factcheck.embed import StaticEmbedder

    texts = FACTS + CHATTER
    labels = [1] * len(FACTS) + [0] * len(CHATTER)
    model = fit(texts, labels, TrainConfig(C=10.0, min_df=1, emb_dims=8))
    model.save(tmp_path)
    shipped = StaticEmbedder.load()
    vocab = sorted(shipped.tokenizer.vocab, key=shipped.tokenizer.vocab.__getitem__)
    other = StaticEmbedder(vocab, shipped.vectors * 2.0)
    with pytest.raises(ModelError, match="other embeddings"):
        ClaimModel.load(tmp_path, embedder=other)
    assert ClaimModel.load(tmp_path, embedder=shipped).emb_dim == 8


def test_calibrate_folds_platt_scaling_into_the_linear_model():
    from newscheck_lab.claims.train import calibrate

    texts = FACTS + CHATTER
    labels = [1] * len(FACTS) + [0] * len(CHATTER)
    model = fit(texts, labels, TrainConfig(C=0.1, min_df=1))
    z = model.decision(texts)
    a, b = calibrate(model, texts, labels)
    assert a > 0
    # the model is still linear: its new score is a * old + b, fast and reference
    assert np.allclose(model.decision(texts), a * z + b)
    assert np.allclose(model.decision(texts), model.decision_reference(texts))
    # weakly regularised: calibration spreads the probabilities apart
    p = model.predict_proba(texts)
    assert p[: len(FACTS)].min() > 0.5 > p[len(FACTS) :].max()


def test_choose_threshold_raises_the_task_threshold_for_news():
    from newscheck_lab.claims.train import choose_threshold

    y = [1, 1, 0, 0]
    p = np.array([0.9, 0.6, 0.4, 0.1])
    news = np.linspace(0.0, 1.0, 101)  # share above t is about 1 - t
    loose = choose_threshold(y, p, news, max_share=1.0)
    assert loose["threshold"] == loose["task_threshold"]
    assert 0.4 <= loose["task_threshold"] < 0.6
    tight = choose_threshold(y, p, news, max_share=0.3)
    assert tight["task_threshold"] == loose["task_threshold"]
    assert tight["threshold"] >= 0.69
    assert tight["news_tune_share"] <= 0.3
    assert np.mean(news > tight["threshold"] - 0.01) > 0.3  # the lowest such


@pytest.mark.shared
def test_training_corpus_holds_no_test_or_dev_sentence(shared):
    from newscheck_lab.claims.train import training_corpus
    from newscheck_lab.datasets import claims as cdata

    train, dev = training_corpus(shared=shared)
    keys = [cdata.norm_text(t) for t in train.texts]
    assert len(keys) == len(set(keys))  # deduplicated
    d = shared / "datasets"
    held = [
        cdata.load_checkthat2024("test", root=d / "checkthat2024_t1_en"),
        cdata.load_checkthat2024("dev-test", root=d / "checkthat2024_t1_en"),
        cdata.load_checkthat2019("test", root=d / "checkthat2019_t1_en"),
        cdata.load_checkthat_task1("test", root=d / "checkthat2020"),
        dev,
    ]
    for part in held:
        assert not set(keys) & {cdata.norm_text(t) for t in part.texts}, part.name
    assert {"checkthat2024/task1/train", "checkthat2019/task1/train"} <= set(
        train.sources
    )
