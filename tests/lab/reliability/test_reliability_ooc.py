"""Out-of-corpus calibration and the choice of the commitment level."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("sklearn")

from newscheck_lab.datasets.reliability import _states_claim
from newscheck_lab.reliability import ooc


def _part(rng: np.random.Generator, n: int) -> tuple:
    """Synthetic out-of-corpus predictions: the label is right with
    probability 0.5 + margin (margin in [0, 0.5])."""
    margin = rng.uniform(0, 0.5, n)
    right = (rng.uniform(0, 1, n) < 0.5 + margin).astype(float)
    x = np.column_stack([margin, rng.normal(size=(n, 5))])
    return x, right, np.ones(n)


def test_choose_level_reaches_the_target_on_held_out_parts() -> None:
    rng = np.random.default_rng(0)
    parts = [_part(rng, 2000) for _ in range(4)]
    level, info = ooc.choose_level(parts)
    assert 0.5 < level < 1.0
    assert info["accuracy"] >= ooc.TARGET_ACCURACY
    assert 0.0 < info["coverage"] < 1.0
    # on fresh data from the same process, committed labels are right >= 0.85
    x, right, _w = _part(rng, 4000)
    coef, b, mean, std = ooc._fit_lr(
        np.vstack([p[0] for p in parts]),
        np.concatenate([p[1] for p in parts]),
        np.concatenate([p[2] for p in parts]),
    )
    q = 1 / (1 + np.exp(-(((x - mean) / std) @ coef + b)))
    assert right[q >= level].mean() >= 0.85


def test_choose_level_commits_nothing_where_nothing_is_right() -> None:
    rng = np.random.default_rng(1)
    parts = []
    for _ in range(3):
        x, _, w = _part(rng, 500)
        parts.append((x, (rng.uniform(0, 1, 500) < 0.5).astype(float), w))
    level, info = ooc.choose_level(parts)
    assert level == ooc.NEVER > 1.0 and info["coverage"] == 0.0


def test_platt_fit_is_increasing() -> None:
    rng = np.random.default_rng(2)
    z = rng.normal(size=3000)
    y = (rng.uniform(size=3000) < 1 / (1 + np.exp(-2 * z))).astype(float)
    platt = ooc.fit_platt(z, y, np.ones(3000))
    assert platt.a == pytest.approx(2.0, abs=0.3)
    assert platt(1.0) > platt(0.0) > platt(-1.0)


@pytest.mark.parametrize(
    ("stances", "keep"),
    [
        (["right", "right", "n"], True),
        (["right", "context", "right"], True),
        (["right", "context", "context"], False),
        (["context", "irrelevant", "context"], False),
        ([], False),
    ],
)
def test_snopes_rows_kept_only_where_most_annotators_say_right(
    stances: list[str], keep: bool
) -> None:
    assert _states_claim({"stance_annotations": stances}) is keep


def _corpora(rng: np.random.Generator, shifts: list[float], n: int = 3000) -> tuple:
    """Per corpus, scores whose true log-odds are ``2 z - shift``."""
    zs, ys = [], []
    for c in shifts:
        z = rng.normal(size=n)
        zs.append(z)
        ys.append((rng.uniform(size=n) < 1 / (1 + np.exp(-(2 * z - c)))).astype(float))
    return zs, ys, [np.ones(n) for _ in shifts]


def test_temperature_is_near_one_where_corpora_agree() -> None:
    zs, ys, ws = _corpora(np.random.default_rng(3), [0.0, 0.0, 0.0, 0.0])
    assert 0.8 <= ooc.choose_temperature(zs, ys, ws) <= 1.2


def test_temperature_softens_where_corpora_disagree() -> None:
    # each corpus's base rate differs: a pooled fit is overconfident on a
    # held-out one, so a factor below 1 calibrates it better
    zs, ys, ws = _corpora(np.random.default_rng(4), [-3.0, 3.0, -2.0, 2.5])
    assert ooc.choose_temperature(zs, ys, ws) < 0.8


def test_level_rule_worst_never_commits_where_one_corpus_is_noise() -> None:
    rng = np.random.default_rng(5)
    parts = [_part(rng, 2000) for _ in range(4)]
    x, _, w = _part(rng, 2000)
    parts.append((x, (rng.uniform(0, 1, 2000) < 0.5).astype(float), w))
    median, _ = ooc.choose_level(parts, "median")
    worst, info = ooc.choose_level(parts, "worst")
    assert median < 1.0  # four of five held-out parts reach the target
    assert worst == ooc.NEVER and info["coverage"] == 0.0
