"""Span decoding (hysteresis, clause split, loaded-language lexicon) and the
lexicon learnt from train spans."""

from __future__ import annotations

import numpy as np

from newscheck.propaganda.features import Doc
from newscheck.propaganda.labels import Label
from newscheck.propaganda.model import PropagandaModel
from newscheck.propaganda.techniques import TECHNIQUES
from newscheck_lab.datasets.ptc import Corpus
from newscheck_lab.propaganda.training import learn_loaded

TEXT = "The corrupt, treasonous elite met the colossal council on Tuesday."


def _model(**kw) -> PropagandaModel:
    return PropagandaModel(
        si_vocab=[],
        si_coef=np.zeros(0),
        si_intercept=0.0,
        tc_vocab=[],
        tc_coef=np.zeros((0, len(TECHNIQUES))),
        tc_intercept=np.zeros(len(TECHNIQUES)),
        techniques=TECHNIQUES,
        lexicon={},
        **kw,
    )


def _probs(doc: Doc, hot: dict[str, float]) -> list[np.ndarray]:
    return [
        np.array([hot.get(doc.text[s:e], 0.01) for s, e in toks]) for toks in doc.tokens
    ]


def _texts(doc, spans):
    return [doc.text[s:e] for s, e, _ in spans]


def test_hysteresis_needs_one_strong_token():
    doc = Doc.from_text(TEXT)
    weak = _probs(doc, {"corrupt": 0.3, ",": 0.3, "treasonous": 0.3, "elite": 0.3})
    m = _model(threshold=0.5, low=0.2, gap=0)
    assert m.decode(doc, weak) == []
    strong = _probs(doc, {"corrupt": 0.6, ",": 0.3, "treasonous": 0.3, "elite": 0.3})
    assert _texts(doc, m.decode(doc, strong)) == ["corrupt, treasonous elite"]


def test_split_cuts_runs_at_clause_punctuation():
    doc = Doc.from_text(TEXT)
    p = _probs(doc, {"corrupt": 0.9, ",": 0.9, "treasonous": 0.9, "elite": 0.9})
    whole = _model(threshold=0.5, low=0.5, gap=0, split=False)
    assert _texts(doc, whole.decode(doc, p)) == ["corrupt, treasonous elite"]
    cut = _model(threshold=0.5, low=0.5, gap=0, split=True)
    assert _texts(doc, cut.decode(doc, p)) == ["corrupt", "treasonous elite"]
    # Each piece must hold a strong token of its own.
    p = _probs(doc, {"corrupt": 0.9, ",": 0.4, "treasonous": 0.4, "elite": 0.4})
    cut = _model(threshold=0.5, low=0.3, gap=0, split=True)
    assert _texts(doc, cut.decode(doc, p)) == ["corrupt"]


def test_loaded_words_count_as_strong_tokens():
    doc = Doc.from_text(TEXT)
    p = _probs(doc, {"colossal": 0.05})
    m = _model(threshold=0.5, low=0.2, gap=0, loaded={"colossal"})
    spans = m.decode(doc, p)
    assert _texts(doc, spans) == ["colossal"]
    assert spans[0][2] == 0.05  # the score stays the model's probability
    assert _model(threshold=0.5, low=0.2, gap=0).decode(doc, p) == []


def test_loaded_setting_round_trips(tmp_path):
    m = _model(threshold=0.4, low=0.2, gap=1, split=True, loaded={"vile", "smash"})
    m.save(tmp_path)
    back = PropagandaModel.load(tmp_path)
    assert (back.threshold, back.low, back.gap, back.split) == (0.4, 0.2, 1, True)
    assert back.loaded == frozenset({"vile", "smash"})


def test_learn_loaded_keeps_precise_frequent_words():
    art = "A vile plan. A vile lie. The plan is vile. The plan."
    spans = [
        Label("1", "Loaded_Language", art.index("vile"), art.index("vile") + 4),
        Label("1", "Loaded_Language", 13, 19),  # "A vile"
        Label("1", "Name_Calling,Labeling", art.rindex("vile"), art.rindex("vile") + 4),
    ]
    corpus = Corpus({"1": art}, {"1": spans})
    # "vile": 3 times, 2 inside Loaded_Language spans; "a": 2 times, 1 inside.
    assert learn_loaded(corpus, ["1"], 2, 0.6) == {"vile"}
    assert learn_loaded(corpus, ["1"], 2, 0.5) == {"vile", "a"}
    assert learn_loaded(corpus, ["1"], 4, 0.1) == frozenset()


def test_max_len_cuts_long_runs_at_their_weakest_token():
    doc = Doc.from_text(TEXT)
    words = ["corrupt", "treasonous", "elite", "met", "the", "colossal", "council"]
    hot = {w: 0.9 for w in words} | {"met": 0.35}
    p = _probs(doc, hot)
    m = _model(threshold=0.5, low=0.3, gap=1, split=True)
    assert _texts(doc, m.decode(doc, p)) == [
        "corrupt",
        "treasonous elite met the colossal council",
    ]
    capped = m.decode(doc, p, max_len=4)
    assert _texts(doc, capped) == [
        "corrupt",
        "treasonous elite",
        "the colossal council",
    ]
    # The cut token is dropped: "the colossal council" loses "colossal", and
    # "the" alone is a function word.
    assert _texts(doc, m.decode(doc, p, max_len=1)) == [
        "corrupt",
        "treasonous",
        "elite",
        "council",
    ]
