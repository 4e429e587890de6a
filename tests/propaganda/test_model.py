"""The shipped propaganda model: loads without data, predicts valid offsets."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from newscheck.errors import ModelError
from newscheck.propaganda.features import Doc, tokenize
from newscheck.propaganda.model import DEFAULT_MODEL_DIR, PropagandaModel
from newscheck.propaganda.techniques import TECHNIQUES

TEXT = (
    "Traitors Destroy Our Nation!\n\n"
    "The corrupt, treasonous elite will smash and destroy everything we love.\n"
    "The council approved the budget on Tuesday.\n"
)


@pytest.fixture(scope="module")
def model() -> PropagandaModel:
    return PropagandaModel.load()


def test_tokenize_offsets():
    text = "It's a 'colossal' fraud!"
    toks = tokenize(text)
    assert [text[s:e] for s, e in toks] == [
        "It's",
        "a",
        "'",
        "colossal",
        "'",
        "fraud",
        "!",
    ]


def test_doc_marks_title_lines_and_keeps_offsets():
    doc = Doc.from_text(TEXT, title_lines=1)
    assert doc.is_title[0] and not any(doc.is_title[1:])
    for (s, e), toks in zip(doc.sentences, doc.tokens, strict=True):
        assert toks[0][0] >= s and toks[-1][1] <= e


def test_model_loads_from_a_copy_without_shared_data(tmp_path, monkeypatch):
    # A fresh install: the model directory alone, no ../shared datasets.
    monkeypatch.setenv("NEWSCHECK_SHARED", str(tmp_path / "absent"))
    monkeypatch.setattr("newscheck_lab.datasets.shared_dir", lambda: None)
    copy = tmp_path / "model"
    shutil.copytree(DEFAULT_MODEL_DIR, copy)
    m = PropagandaModel.load(copy)
    assert m.techniques == TECHNIQUES
    preds = m.predict(TEXT, title_lines=1)
    assert preds, "the model found nothing in an obviously loaded text"
    for p in preds:
        assert 0 <= p.start < p.end <= len(TEXT)
        assert p.technique in TECHNIQUES
        assert 0.0 <= p.score <= 1.0 and 0.0 <= p.technique_prob <= 1.0


def test_model_finds_loaded_words_but_not_the_plain_sentence(model):
    preds = model.predict(TEXT, title_lines=1)
    plain = TEXT.index("The council")
    found = " ".join(TEXT[p.start : p.end] for p in preds if p.start < plain)
    assert "destroy" in found or "corrupt" in found or "Traitors" in found
    assert not any(p.start >= plain for p in preds)


def test_classify_gives_duplicate_spans_distinct_techniques(model):
    doc = Doc.from_text(TEXT, title_lines=1)
    s = TEXT.index("corrupt")
    techs = model.classify(doc, [(s, s + 7), (s, s + 7), (0, 8)])
    assert techs[0] != techs[1]
    assert all(t in TECHNIQUES for t in techs)


def test_probabilities_are_normalised(model):
    doc = Doc.from_text(TEXT)
    p = model.technique_probs(doc, [(0, 8), (9, 16)])
    assert p.shape == (2, len(TECHNIQUES))
    assert np.allclose(p.sum(axis=1), 1.0)


def test_empty_text_has_no_spans(model):
    assert model.predict("") == []
    assert model.predict("\n\n  \n") == []


def test_missing_model_is_a_model_error(tmp_path):
    with pytest.raises(ModelError):
        PropagandaModel.load(tmp_path)


@pytest.mark.shared
def test_predicted_offsets_valid_on_every_train_article(ptc_train, model):
    for aid in ptc_train.ids:
        text = ptc_train.articles[aid]
        last = -1
        for p in model.predict(text, title_lines=1):
            assert 0 <= p.start < p.end <= len(text)
            assert p.start >= last  # spans come sorted and do not overlap
            assert text[p.start : p.end].strip() == text[p.start : p.end]
            last = p.end
