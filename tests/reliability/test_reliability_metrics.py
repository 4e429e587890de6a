"""Metrics on hand-computed cases."""

from __future__ import annotations

import math

import pytest

from newscheck.reliability import metrics


def test_metrics_ece_hand_computed() -> None:
    # bin [0.8667, 0.9333): mean .9, positive rate .5 -> .4 (2 items);
    # bin [0.0667, 0.1333): mean .1, rate .5 -> .4 (2 items)
    assert metrics.ece([1, 0, 1, 0], [0.9, 0.9, 0.1, 0.1]) == pytest.approx(0.4)
    # perfectly calibrated bins
    assert metrics.ece([1, 0, 0, 0], [0.25, 0.25, 0.25, 0.25]) == pytest.approx(0.0)
    # two bins of different sizes: |0.7-1|*1 + |0.2-0.5|*2 over 3
    assert metrics.ece([1, 1, 0], [0.7, 0.2, 0.2]) == pytest.approx((0.3 + 0.6) / 3)


def test_metrics_brier_hand_computed() -> None:
    assert metrics.brier([1, 0], [0.8, 0.4]) == pytest.approx((0.04 + 0.16) / 2)
    assert metrics.brier([1, 1, 0], [1, 1, 0]) == 0.0


def test_metrics_macro_f1_hand_computed() -> None:
    y = [1, 1, 1, 0, 0]
    pred = [1, 1, 0, 0, 1]
    # class 1: tp=2 fp=1 fn=1 -> F1 = 4/6; class 0: tp=1 fp=1 fn=1 -> 2/4
    assert metrics.macro_f1(y, pred) == pytest.approx((4 / 6 + 0.5) / 2)
    assert metrics.confusion(y, pred) == [[1, 1], [1, 2]]
    # all predicted positive: class 0 F1 is 0
    assert metrics.macro_f1([1, 0], [1, 1]) == pytest.approx((2 / 3) / 2)


def test_metrics_roc_auc_with_ties() -> None:
    assert metrics.roc_auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == pytest.approx(0.75)
    assert metrics.roc_auc([0, 1], [0.5, 0.5]) == pytest.approx(0.5)
    assert math.isnan(metrics.roc_auc([1, 1], [0.2, 0.3]))


def test_metrics_report_threshold() -> None:
    rep = metrics.report([1, 0, 1], [0.6, 0.4, 0.3], threshold=0.5)
    assert rep["accuracy"] == pytest.approx(2 / 3)
    assert rep["recall"] == pytest.approx(0.5)
