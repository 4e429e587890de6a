"""The re-ranker's logistic regression on standardised features, folded back."""

from __future__ import annotations

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from newscheck_lab.factcheck.train import fit_logistic, grid_variant


def _data() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(3)
    # features on very different scales, one of them constant
    x = rng.normal(size=(400, 4)) * np.array([0.01, 1.0, 50.0, 0.0]) + 2.0
    z = 80 * (x[:, 0] - 2.0) + 0.5 * x[:, 1] + 0.01 * x[:, 2]
    y = (z + rng.normal(size=400) > z.mean()).astype(int)
    return x, y


def test_standardised_weights_score_raw_features_as_the_scaled_model():
    x, y = _data()
    w, b = fit_logistic(x, y, 1.0, standardise=True)
    ref = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=3000))
    ref.fit(x, y)
    want = ref.predict_proba(x)[:, 1]
    got = 1.0 / (1.0 + np.exp(-(x @ w + b)))
    np.testing.assert_allclose(got, want, atol=1e-6)
    assert w[3] == 0.0  # a constant feature gets no weight


def test_standardising_changes_what_c_regularises():
    x, y = _data()
    raw, _ = fit_logistic(x, y, 0.1)
    scaled, _ = fit_logistic(x, y, 0.1, standardise=True)
    ref = LogisticRegression(C=0.1, max_iter=3000).fit(x, y)
    np.testing.assert_allclose(raw, ref.coef_[0])
    # the tiny-scale feature is shrunk to almost nothing unscaled, not scaled
    assert abs(scaled[0]) > 10 * abs(raw[0])


def test_grid_rows_name_their_variant():
    assert grid_variant({"features": "static"}) == "static"
    row = {"features": "static", "standardised": True, "static_dense": 10}
    assert grid_variant(row) == "static, standardised, 10 static dense"
