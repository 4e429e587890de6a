"""The SemEval-2020 Task 11 measures on hand-worked cases."""

from __future__ import annotations

import pytest

from newscheck.propaganda.labels import Label
from newscheck.propaganda.scorer import (
    majority_tc_scores,
    merge_spans,
    si_scores,
    tc_scores,
)


def test_si_exact_match_is_perfect():
    s = si_scores({"1": [(0, 10)]}, {"1": [(0, 10)]})
    assert (s.precision, s.recall, s.f1) == (1.0, 1.0, 1.0)


def test_si_half_overlap():
    # pred [0,10), gold [5,15): |s∩t| = 5; P = 5/10, R = 5/10, F1 = 0.5.
    s = si_scores({"1": [(0, 10)]}, {"1": [(5, 15)]})
    assert s.precision == pytest.approx(0.5)
    assert s.recall == pytest.approx(0.5)
    assert s.f1 == pytest.approx(0.5)


def test_si_one_prediction_covers_two_gold_spans():
    # pred [0,20); gold [0,5) and [10,20).
    # P = (5/20 + 10/20) / 1 = 0.75; R = (5/5 + 10/10) / 2 = 1.0;
    # F1 = 2 * 0.75 * 1 / 1.75 = 0.857142...
    s = si_scores({"1": [(0, 20)]}, {"1": [(0, 5), (10, 20)]})
    assert s.precision == pytest.approx(0.75)
    assert s.recall == pytest.approx(1.0)
    assert s.f1 == pytest.approx(6 / 7)
    assert (s.n_pred, s.n_gold) == (1, 2)


def test_si_sums_over_articles_and_never_crosses_them():
    # A: pred [0,4) = gold [0,4) -> P num 1, R num 1.
    # B: pred [0,10), no gold -> P num 0.  C: gold [0,10), no pred -> R num 0.
    # P = 1/2, R = 1/2.  Article B's prediction would overlap C's gold if articles
    # were mixed up, which must not count.
    s = si_scores({"A": [(0, 4)], "B": [(0, 10)]}, {"A": [(0, 4)], "C": [(0, 10)]})
    assert s.precision == pytest.approx(0.5)
    assert s.recall == pytest.approx(0.5)


def test_si_merges_overlapping_spans_first():
    # pred [0,6) and [4,10) merge into [0,10) = gold: P = R = 1.
    s = si_scores({"1": [(0, 6), (4, 10)]}, {"1": [(0, 10)]})
    assert s.f1 == pytest.approx(1.0)
    assert s.n_pred == 1


def test_si_small_prediction_inside_long_gold():
    # pred [2,4) inside gold [0,10): P = 2/2 = 1, R = 2/10 = 0.2,
    # F1 = 2 * 0.2 / 1.2 = 1/3.
    s = si_scores({"1": [(2, 4)]}, {"1": [(0, 10)]})
    assert s.precision == pytest.approx(1.0)
    assert s.recall == pytest.approx(0.2)
    assert s.f1 == pytest.approx(1 / 3)


def test_si_no_predictions_scores_zero():
    s = si_scores({}, {"1": [(0, 10)]})
    assert (s.precision, s.recall, s.f1) == (0.0, 0.0, 0.0)


def test_merge_spans_keeps_touching_spans_apart_and_drops_empty():
    assert merge_spans([(5, 9), (0, 3), (2, 6), (9, 12), (7, 7)]) == [(0, 9), (9, 12)]


def test_tc_micro_and_per_technique():
    gold = [
        Label("a", "Loaded_Language", 0, 5),
        Label("a", "Name_Calling,Labeling", 10, 20),
        Label("a", "Loaded_Language", 10, 20),  # same span, second technique
        Label("b", "Doubt", 0, 3),
    ]
    pred = [
        Label("a", "Loaded_Language", 0, 5),  # right
        Label("a", "Name_Calling,Labeling", 10, 20),  # right
        Label("a", "Name_Calling,Labeling", 10, 20),  # gold has NC only once: wrong
        Label("b", "Loaded_Language", 0, 3),  # wrong
    ]
    t = tc_scores(pred, gold)
    # 2 right of 4 predicted and 4 gold: P = R = F1 = 0.5.
    assert (t.precision, t.recall, t.f1) == (0.5, 0.5, 0.5)
    # Loaded_Language: predicted 2, gold 2, right 1 -> 0.5 / 0.5 / 0.5.
    assert t.per_technique["Loaded_Language"] == pytest.approx((0.5, 0.5, 0.5, 2))
    # Name calling: predicted 2, gold 1, right 1 -> P 0.5, R 1, F1 2/3.
    assert t.per_technique["Name_Calling,Labeling"] == pytest.approx(
        (0.5, 1.0, 2 / 3, 1)
    )
    # Doubt: never predicted -> 0 / 0 / 0, support 1.
    assert t.per_technique["Doubt"] == (0.0, 0.0, 0.0, 1)


def test_tc_wrong_offsets_get_no_credit():
    gold = [Label("a", "Doubt", 0, 3)]
    pred = [Label("a", "Doubt", 0, 4)]
    assert tc_scores(pred, gold).f1 == 0.0


def test_majority_tc_scores_gives_every_gold_span_the_commonest_train_label():
    train = [
        Label("1", "Doubt", 0, 5),
        Label("1", "Slogans", 6, 9),
        Label("2", "Doubt", 0, 4),
    ]
    gold = [Label("9", "Doubt", 0, 3), Label("9", "Slogans", 4, 8)]
    majority, score = majority_tc_scores(train, gold)
    assert majority == "Doubt"
    # one of the two gold spans is right: micro P = R = F1 = 1/2
    assert score.f1 == pytest.approx(0.5)
