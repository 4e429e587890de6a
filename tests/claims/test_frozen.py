"""The accurate-tier check-worthiness head: loads, scores with a stand-in
encoder, is chosen by the accurate tier only."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from newscheck.arrays import sigmoid
from newscheck.article import Article
from newscheck.claims.frozen import (
    DEFAULT_FROZEN_DIR,
    FrozenClaimModel,
    FrozenHead,
    accurate_model,
)
from newscheck.claims.model import ClaimModel
from newscheck.errors import ModelError

DIM = 8


class FakeEncoder:
    """Unit vectors from letter counts (deterministic, no weights package)."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(list(texts))
        out = np.ones((len(texts), DIM))
        for i, t in enumerate(texts):
            for ch in t.lower():
                out[i, ord(ch) % DIM] += 1.0
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def _head() -> FrozenHead:
    rng = np.random.default_rng(0)
    return FrozenHead(
        weights=rng.normal(size=DIM),
        bias=-0.3,
        stack=[0.8, 1.5, -0.2],
        threshold=0.6,
        task_threshold=0.4,
        meta={"n_train": 3},
    )


BODY = (
    "Unemployment fell to 3.5% in 2019. Thank you all. "
    "The deficit doubled between 2001 and 2008."
)


def test_head_round_trip_and_formula(tmp_path: Path) -> None:
    head = _head()
    head.save(tmp_path)
    back = FrozenHead.load(tmp_path)
    assert back.threshold == 0.6 and back.task_threshold == 0.4
    assert back.meta == {"n_train": 3}
    z = np.array([-1.0, 2.0])
    v = FakeEncoder().encode(["a b", "The 5% rise."])
    want = sigmoid(0.8 * z + 1.5 * (v @ head.weights - 0.3) - 0.2)
    np.testing.assert_allclose(back.combine(z, v), want, rtol=1e-6)


def test_head_rejects_wrong_format_and_dimensions(tmp_path: Path) -> None:
    head = _head()
    head.save(tmp_path)
    doc = (tmp_path / "model.json").read_text()
    (tmp_path / "model.json").write_text(doc.replace("frozen-1", "frozen-0"))
    with pytest.raises(ModelError, match="retrain"):
        FrozenHead.load(tmp_path)
    with pytest.raises(ModelError, match="8-d"):
        head.combine(np.zeros(1), np.zeros((1, 5)))
    with pytest.raises(ModelError, match="cannot load"):
        FrozenHead.load(tmp_path / "missing")


def test_stacked_model_scores_spans_with_the_encoder(tmp_path: Path) -> None:
    base = ClaimModel.load()
    _head().save(tmp_path)
    enc = FakeEncoder()
    model = accurate_model(base, path=tmp_path, encoder=enc)
    assert isinstance(model, FrozenClaimModel)
    a = Article(body=BODY)
    texts = [BODY[s:e] for s, e in a.sentences]
    p = model.predict_proba_spans(a.body, a.sentences)
    want = _head().combine(base.decision(texts), FakeEncoder().encode(texts))
    np.testing.assert_allclose(p, want)
    assert enc.calls == [texts]
    # the batch path scores the same, one encoder call for all articles
    b = Article(body="Good evening. Crime fell 20 percent in ten years.")
    many = model.predict_proba_spans_many(
        [(a.body, a.sentences), (b.body, b.sentences), ("", ())]
    )
    np.testing.assert_allclose(many[0], p)
    np.testing.assert_allclose(many[1], model.predict_proba_spans(b.body, b.sentences))
    assert len(many[2]) == 0
    np.testing.assert_allclose(model.predict_proba(texts), p)
    assert model.threshold == 0.6


def test_without_a_head_the_default_model_stays(tmp_path: Path) -> None:
    base = ClaimModel.load()
    assert accurate_model(base, path=tmp_path, encoder=FakeEncoder()) is base


@pytest.mark.skipif(
    not (DEFAULT_FROZEN_DIR / "model.json").exists(), reason="no head shipped"
)
def test_accurate_tier_analyzer_uses_the_head(monkeypatch: pytest.MonkeyPatch) -> None:
    import newscheck.factcheck.contextual as contextual
    import newscheck.settings as settings_module
    from newscheck.analyzers.claims import ClaimsAnalyzer
    from newscheck.settings import Settings

    monkeypatch.setattr(settings_module, "minilm_available", lambda: True)
    monkeypatch.setattr(contextual, "available", lambda: True)
    monkeypatch.setattr(
        contextual, "ContextualEncoder", lambda: FakeEncoder(), raising=True
    )
    shipped = FrozenHead.load()
    fake = FrozenHead(
        weights=np.zeros(DIM),
        bias=0.0,
        stack=shipped.stack,
        threshold=shipped.threshold,
    )
    monkeypatch.setattr(FrozenHead, "load", classmethod(lambda cls, path=None: fake))
    accurate = ClaimsAnalyzer.load(
        factcheck="off", settings=Settings(tier="accurate", factcheck_contextual="off")
    )
    assert isinstance(accurate.model_, FrozenClaimModel)
    default = ClaimsAnalyzer.load(factcheck="off", settings=Settings())
    assert isinstance(default.model_, ClaimModel)
    a = Article(body=BODY)
    got = accurate.analyze(a).summary["scored"]
    z = ClaimModel.load().decision_spans(a.body, a.sentences)
    a_, _, c = shipped.stack
    want = sigmoid(a_ * z + c)  # zero head weights: the stack of z alone
    assert [s[2] for s in got] == [round(float(p), 4) for p in want]
    assert accurate.analyze(a).summary["threshold"] == round(shipped.threshold, 4)


def test_default_tier_never_imports_the_head() -> None:
    code = (
        "import sys\n"
        "from newscheck.article import Article\n"
        "from newscheck.analyzers.claims import ClaimsAnalyzer\n"
        "a = ClaimsAnalyzer.load(factcheck='off')\n"
        "a.analyze(Article(body='Unemployment fell to 3.5% in 2019. Thanks.'))\n"
        "bad = {'newscheck.claims.frozen', 'newscheck.factcheck.contextual'}\n"
        "print(sorted(bad & set(sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
