"""Smooth calibration, the correctness model and the three labels."""

from __future__ import annotations

import numpy as np
import pytest

from newscheck.reliability.correctness import (
    ALL_FEATURES,
    FEATURES,
    CorrectnessModel,
    Platt,
    feature_row,
    genre_cues,
    label_of,
    words_correct_sentence,
)


def test_platt_is_smooth_and_monotone() -> None:
    platt = Platt(0.8, -0.1)
    zs = np.linspace(-8, 8, 2001)
    ps = np.array([platt(float(z)) for z in zs])
    assert np.all(np.diff(ps) > 0)  # strictly increasing: no two logits tie
    assert ps[0] < 0.01 and ps[-1] > 0.99  # can approach 0 and 1
    assert platt(-1000.0) == pytest.approx(0.0) and platt(1000.0) == 1.0


def test_label_of_three_ways() -> None:
    assert label_of(0.9, 0.95, 0.9) == "unreliable"
    assert label_of(0.1, 0.95, 0.9) == "reliable"
    assert label_of(0.9, 0.6, 0.9) == "uncertain"
    assert label_of(0.1, 0.89, 0.9) == "uncertain"
    assert label_of(0.7, None, None) == "unreliable"  # no model: commit


def test_words_correct_sentence() -> None:
    text = words_correct_sentence(0.714)
    assert "71 %" in text and "never saw" in text


def test_genre_cues_lower_cased_text_has_no_capitals() -> None:
    n, caps, quotes, _, _ = genre_cues("", "the minister said the plan would work")
    assert n == 7 and caps == 0.0 and quotes == 0.0
    n, caps, quotes, _, _ = genre_cues("Title", 'He said "yes" to Paris')
    assert n == 6 and caps == pytest.approx(3 / 6)
    assert quotes == pytest.approx(200 / 6)


def _model() -> CorrectnessModel:
    return CorrectnessModel(
        coef=np.array([2.0, 0.0, -1.0, 0.0, 0.0, 0.0]),
        intercept=0.5,
        mean=np.zeros(len(FEATURES)),
        std=np.ones(len(FEATURES)),
        level=0.7,
        centroid_keys=np.array([3, 7, 11]),
        centroids=np.array([[1.0, 0.0, 0.0], [0.0, 0.6, 0.8]]),
        corpora=["a", "b"],
    )


def test_correctness_distance_to_nearest_centroid() -> None:
    cm = _model()
    # a text on key 7 and 11 only: cosine 0.6 * 0.6 + 0.8 * 0.8 = 1 with "b"
    assert cm.distance(np.array([7, 11]), np.array([0.6, 0.8])) == pytest.approx(0.0)
    # a text sharing no key with any centroid is as far as can be
    assert cm.distance(np.array([5, 99]), np.array([0.6, 0.8])) == 1.0
    assert cm.distance(np.zeros(0, np.int64), np.zeros(0)) == 1.0


def test_correctness_rises_with_margin_and_falls_with_distance() -> None:
    cm = _model()
    cues = (300, 0.1, 1.0, 0.0, 10.0)
    near_sure = cm.predict(feature_row(0.95, 0.9, 0.1, cues))[0]
    near_unsure = cm.predict(feature_row(0.55, 0.9, 0.1, cues))[0]
    far_sure = cm.predict(feature_row(0.95, 0.9, 0.9, cues))[0]
    assert near_sure > near_unsure and near_sure > far_sure


def test_correctness_json_roundtrip() -> None:
    cm = _model()
    back = CorrectnessModel.from_json(cm.to_json())
    x = feature_row(0.8, 0.9, 0.3, (200, 0.1, 0.5, 0.0, 8.0))
    assert back.predict(x)[0] == pytest.approx(cm.predict(x)[0])
    assert back.level == cm.level and back.corpora == cm.corpora
    assert back.features == FEATURES


def test_political_and_punctuation_cues() -> None:
    _, _, _, political, punct = genre_cues(
        "Senate Republicans", "Trump said the election was stolen. Democrats object."
    )
    # senate, republicans, trump, election, democrats: 5 of 10 words
    assert political == pytest.approx(5 / 10)
    assert punct == pytest.approx(200 / 10)
    _, _, _, political, punct = genre_cues("", "the vaccine trial enrolled adults")
    assert political == 0.0 and punct == 0.0  # lower-cased, unpunctuated


def test_feature_row_follows_the_named_features() -> None:
    cues = (99, 0.2, 1.5, 0.25, 12.0)
    six = feature_row(0.9, 0.8, 0.3, cues)
    assert six.tolist() == pytest.approx([0.4, 0.8, 0.3, np.log1p(99), 0.2, 1.5])
    every = feature_row(0.9, 0.8, 0.3, cues, ALL_FEATURES)
    assert every[:6].tolist() == six.tolist()
    assert every[6:].tolist() == [0.25, 12.0]
    picked = feature_row(0.9, 0.8, 0.3, cues, ("political_share", "margin"))
    assert picked.tolist() == pytest.approx([0.25, 0.4])


def test_correctness_model_with_extra_features_roundtrips() -> None:
    cm = CorrectnessModel(
        coef=np.array([1.0, 0.0, 0.0, 0.0, 0.0, 0.0, -2.0, 0.0]),
        intercept=0.0,
        mean=np.zeros(len(ALL_FEATURES)),
        std=np.ones(len(ALL_FEATURES)),
        level=0.8,
        features=ALL_FEATURES,
    )
    back = CorrectnessModel.from_json(cm.to_json())
    assert back.features == ALL_FEATURES
    calm = feature_row(0.9, 0.8, 0.3, (100, 0.1, 0.0, 0.0, 9.0), back.features)
    partisan = feature_row(0.9, 0.8, 0.3, (100, 0.1, 0.0, 0.4, 9.0), back.features)
    assert back.predict(partisan)[0] < back.predict(calm)[0]


def test_distance_from_slots_equals_distance_from_keys() -> None:
    cm = _model()
    keys = np.array([1, 3, 7, 11, 20])
    vals = np.array([0.1, 0.5, 0.3, 0.7, 0.4])
    slots = cm.slots(keys)
    assert slots.tolist() == [-1, 0, 1, 2, -1]
    for pick in ([0, 1], [2, 3], [0, 4], [1, 2, 3]):
        assert cm.distance_at(slots[pick], vals[pick]) == pytest.approx(
            cm.distance(keys[pick], vals[pick])
        )


def test_genre_cues_without_extra_skip_the_extra_features() -> None:
    text = "Senate Republicans vote today. Trump agrees."
    full = genre_cues("", text)
    lean = genre_cues("", text, extra=False)
    assert lean[:3] == full[:3] and lean[3:] == (0.0, 0.0)
    assert full[3] > 0.0 and full[4] > 0.0
