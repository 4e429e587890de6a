"""The optional ONNX propaganda transformer.

The windowing, span and decoding helpers are numpy only and always tested; the
model tests skip cleanly when onnxruntime/tokenizers (the ``transformers``
extra) or the built artefact are absent.
"""

from __future__ import annotations

import numpy as np
import pytest

from newscheck import onnx_artefacts as artefacts
from newscheck.errors import ConfigError
from newscheck.propaganda import transformer as T
from newscheck.propaganda.techniques import TECHNIQUES


@pytest.mark.parametrize("n", [0, 1, 5, 254, 255, 600, 1999])
def test_windows_cover_every_token_once(n):
    win = T.Windows(n, 254, 224)
    ids = np.arange(1000, 1000 + n, dtype=np.int64)
    inp, mask = win.batch(ids)
    assert len(win.owner) == n
    if n == 0:
        assert inp.shape[0] == 0
        return
    assert inp.shape[1] <= 256
    # every token reads its own id back from the window it is assigned to
    assert (inp[win.owner, win.pos] == ids).all()
    assert (mask[win.owner, win.pos] == 1).all()
    assert (inp[:, 0] == T.CLS_ID).all()
    assert win.bounds[0][0] == 0
    assert win.bounds[-1][1] == n


def test_span_tokens_and_decode():
    text = "Evil thugs smash the state."
    # word-level tokens with offsets; "smash" split into two pieces
    offsets = np.array([[0, 4], [5, 10], [11, 14], [14, 16], [17, 20], [21, 26]])
    word_ids = [0, 1, 2, 2, 3, 4]
    assert T.span_tokens(offsets, 5, 10) == (1, 2)
    assert T.span_tokens(offsets, 12, 13) == (2, 3)
    assert T.span_tokens(offsets, 0, 16) == (0, 4)
    probs = np.array([0.9, 0.8, 0.1, 0.7, 0.1, 0.1])
    # the second piece of "smash" pulls in the whole word; gap=0 keeps two runs
    spans = T.decode_runs(probs, offsets, word_ids, 0.5, gap=0)
    assert [(s, e) for s, e, _ in spans] == [(0, 10), (11, 16)]
    assert text[11:16] == "smash"
    # gap=1 bridges the one low token (and the overlapping word-widened runs)
    spans = T.decode_runs(probs, offsets, word_ids, 0.5, gap=1)
    assert [(s, e) for s, e, _ in spans] == [(0, 16)]
    assert T.decode_runs(probs, offsets, word_ids, 0.95) == []


def test_span_extras():
    text = "Big lie\n\nThe big lie is a big lie. Truth."
    x = T.span_extras(text, [(0, 7), (35, 40)])
    assert x.shape == (2, T.N_EXTRAS)
    assert x[0, 0] == pytest.approx(np.log1p(2))  # "big lie" three times
    assert x[1, 0] == 0.0
    assert x[0, 2] == 1.0 and x[1, 2] == 0.0


def test_find_model_dir_env(monkeypatch, tmp_path):
    monkeypatch.setenv(T.ENV_VAR, str(tmp_path))
    assert T.find_model_dir() == tmp_path
    assert not T.available()  # no model.onnx there


def test_load_once_per_loader_dir_and_threads(monkeypatch, tmp_path):
    monkeypatch.setattr(artefacts, "_LOADED", {})
    calls = []

    def load(d, *, threads):
        calls.append((d, threads))
        return object()

    first = artefacts.load_once(load, tmp_path)
    assert artefacts.load_once(load, tmp_path) is first
    assert artefacts.load_once(load, tmp_path / ".") is first  # same resolved folder
    assert artefacts.load_once(load, tmp_path, threads=2) is not first
    other = artefacts.load_once(lambda d, threads: load(d, threads=threads), tmp_path)
    assert other is not first
    assert artefacts.load_once(load, None) is not first
    assert calls == [(tmp_path, 1), (tmp_path, 2), (tmp_path, 1), (None, 1)]
    assert len(artefacts._LOADED) == 4


def test_cached_goes_through_load_once(monkeypatch, tmp_path):
    monkeypatch.setattr(artefacts, "_LOADED", {})
    monkeypatch.setenv(T.ENV_VAR, str(tmp_path))
    # a failed load is not kept: no artefact in tmp_path, so each call raises
    for _ in range(2):
        with pytest.raises(ConfigError):
            T.PropagandaTransformer.cached()
    assert artefacts._LOADED == {}

    class Stub(T.PropagandaTransformer):
        def __init__(self, d, *, threads):
            self.path, self.threads = d, threads

    # keyed by the folder found (here through the environment variable)
    first = Stub.cached()
    assert (first.path, first.threads) == (tmp_path, 1)
    assert Stub.cached(tmp_path) is first
    assert Stub.cached(tmp_path / ".") is first
    assert Stub.cached(threads=2) is not first
    assert len(artefacts._LOADED) == 2


@pytest.fixture(scope="module")
def model():
    pytest.importorskip("onnxruntime")
    pytest.importorskip("tokenizers")
    if not T.available():
        pytest.skip("no propaganda transformer artefact (see MODEL_CARD.md)")
    return T.PropagandaTransformer.cached()


TEXT = (
    "US Army Returning To The Scene Of The Crime\n\n"
    "The corrupt, treasonous elites want to smash and destroy our great nation.\n"
    "They have failed, principally because the people saw through their lies.\n"
    "Everyone knows that this disastrous, shameful policy is a catastrophe.\n"
)


def test_model_predicts_valid_spans(model):
    preds = model.predict(TEXT)
    assert preds, "expected at least one span in an obviously loaded text"
    last = -1
    for p in preds:
        assert 0 <= p.start < p.end <= len(TEXT)
        assert p.start >= last  # sorted, not overlapping
        last = p.end
        assert p.technique in TECHNIQUES
        assert 0.0 <= p.score <= 1.0 and 0.0 <= p.technique_prob <= 1.0
        assert TEXT[p.start : p.end].strip()


def test_model_classify_gives_distinct_labels_to_a_repeated_span(model):
    s = TEXT.index("corrupt")
    spans = [(s, s + 7), (s, s + 7), (0, 7)]
    labels = model.classify(TEXT, spans)
    assert len(labels) == 3
    assert labels[0] != labels[1]
    assert set(labels) <= set(TECHNIQUES)
    probs = model.technique_probs(TEXT, spans)
    assert probs.shape == (3, len(TECHNIQUES))
    assert np.allclose(probs.sum(axis=1), 1.0, atol=1e-5)


def test_model_empty_and_long_text(model):
    assert model.predict("") == []
    long = TEXT * 40  # several windows
    offsets, probs = model.token_probs(long)
    assert len(offsets) == len(probs) > 600
    assert ((probs >= 0) & (probs <= 1)).all()


def test_span_extras_title_lines():
    text = "Big lie\n\nThe big lie."
    assert T.span_extras(text, [(0, 3)], title_lines=0)[0, 2] == 0.0
    assert T.span_extras(text, [(0, 3)], title_lines=1)[0, 2] == 1.0
    assert T.span_extras("no newline", [(3, 5)], title_lines=1)[0, 2] == 1.0


def test_attach_to_the_propaganda_analyzer(model):
    from newscheck.analyzers.propaganda import PropagandaAnalyzer
    from newscheck.article import Article
    from newscheck.propaganda.ensemble import attach, shipped

    title, _, body = TEXT.partition("\n\n")
    analyzer = attach(PropagandaAnalyzer())
    assert analyzer.model_ is shipped()
    if model.meta.get("ensemble"):
        assert analyzer.model_.transformer is model
    else:
        assert analyzer.model_ is model
    result = analyzer.analyze(Article(body=body, title=title))
    assert result.findings
    for f in result.findings:
        assert f.kind == "propaganda" and f.label in TECHNIQUES
