"""The model card's calibration paragraph."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from newscheck.reliability.correctness import ALL_FEATURES, CorrectnessModel, Platt
from newscheck_lab.reliability.card import calibration_block


def test_calibration_block_names_every_feature_the_model_reads() -> None:
    n = len(ALL_FEATURES)
    cm = CorrectnessModel(
        coef=np.arange(n, dtype=float),
        intercept=0.0,
        mean=np.zeros(n),
        std=np.ones(n),
        level=0.85,
        features=ALL_FEATURES,
    )
    model = SimpleNamespace(platt=Platt(0.8, -0.1), correctness=cm, meta={})
    text = calibration_block(model)
    assert "political_share +6.00" in text and "punct_per_100 +7.00" in text
    assert "≥ 0.85" in text
