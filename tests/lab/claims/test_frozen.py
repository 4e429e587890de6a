"""Training helpers of the accurate-tier head (needs scikit-learn; no encoder)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("sklearn")

from newscheck.claims.frozen import FrozenHead
from newscheck_lab.claims import frozen as lab


class CountingEncoder:
    """Two-d vectors (length, digits) that count the texts encoded."""

    def __init__(self) -> None:
        self.encoded = 0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.encoded += len(texts)
        return np.array(
            [[len(t), sum(c.isdigit() for c in t)] for t in texts], dtype=np.float32
        )


def test_cache_encodes_each_chunk_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lab, "CHUNK", 2)
    enc = CountingEncoder()
    cache = lab.EmbeddingCache(tmp_path, encoder=enc)
    texts = ["a", "b1", "c22", "d"]
    first = cache.encode("k", texts)
    assert enc.encoded == 4
    np.testing.assert_array_equal(first, enc.encode(texts))
    enc.encoded = 0
    # a prefix and a longer list reuse the cached chunks
    np.testing.assert_array_equal(cache.encode("k", texts[:2]), first[:2])
    longer = cache.encode("k", [*texts, "e5"])
    assert enc.encoded == 1 and longer[-1].tolist() == [2.0, 1.0]
    # changed texts are encoded again, not read from the stale chunks
    enc.encoded = 0
    changed = cache.encode("k", ["a", "b1", "zz9", "d"])
    assert changed[2].tolist() == [3.0, 1.0]
    assert enc.encoded == 2


def test_head_and_stack_fit_a_separable_signal() -> None:
    rng = np.random.default_rng(0)
    y = np.array([1, 0] * 40)
    X = rng.normal(size=(80, 6))
    X[:, 0] += 2.0 * (2 * y - 1)
    coef, b = lab.fit_head(X, y, [1.0] * 80, C=1.0)
    assert coef[0] > 0 and abs(coef[0]) > np.abs(coef[1:]).max()
    z_head = X @ coef + b
    z_noise = rng.normal(size=80)
    a, w, c = lab.fit_stack(z_noise, z_head, y)
    assert w > 0 and abs(w) > abs(a)
    head = FrozenHead(weights=coef, bias=b, stack=[a, w, c])
    p = head.combine(z_noise, X)
    assert np.mean((p > 0.5) == (y == 1)) > 0.9
