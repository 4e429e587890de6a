import math
import re
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from newscheck.arrays import (
    code_points,
    gelu,
    gelu_tanh,
    sigmoid,
    softmax,
    unique_counts,
)


@given(st.lists(st.integers(-(2**40), 2**40), min_size=1, max_size=300))
def test_unique_counts_is_numpys_unique(values: list[int]) -> None:
    x = np.array(values, dtype=np.int64)
    want = np.unique(x, return_inverse=True, return_counts=True)
    got = unique_counts(x)
    for a, b in zip(got, want, strict=True):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(got[0][got[1]], x)


def test_unique_counts_of_one_repeated_value() -> None:
    uniq, inv, cnt = unique_counts(np.array([7, 7, 7]))
    assert uniq.tolist() == [7] and inv.tolist() == [0, 0, 0] and cnt.tolist() == [3]


@given(st.text(max_size=200))
def test_code_points_are_ords(text: str) -> None:
    assert code_points(text).tolist() == [ord(c) for c in text]


def test_code_points_keep_lone_surrogates() -> None:
    assert code_points("a\ud800b\udcff").tolist() == [97, 0xD800, 98, 0xDCFF]


def test_gelu_is_the_exact_erf_gelu() -> None:
    x = np.linspace(-6, 6, 241, dtype=np.float32)
    want = np.array([0.5 * v * (1 + math.erf(v / math.sqrt(2))) for v in x])
    got = gelu(x)
    assert got.dtype == np.float32
    np.testing.assert_allclose(got, want, atol=2e-6)


def test_gelu_tanh_is_the_tanh_approximation() -> None:
    x = np.linspace(-6, 6, 241)
    c = math.sqrt(2 / math.pi)
    want = [0.5 * v * (1 + math.tanh(c * (v + 0.044715 * v**3))) for v in x]
    np.testing.assert_allclose(gelu_tanh(x), want, rtol=1e-12, atol=1e-15)
    # within 1e-3 of the exact GELU over the range a layer sees
    np.testing.assert_allclose(gelu_tanh(x), gelu(x), atol=1e-3)
    assert gelu_tanh(np.ones(2, np.float32)).dtype == np.float32


@given(st.floats(-60, 60))
def test_sigmoid_is_the_logistic_function(z: float) -> None:
    want = 1 / (1 + math.exp(-min(max(z, -40.0), 40.0)))
    assert sigmoid(np.array([z]))[0] == pytest.approx(want, rel=1e-12)
    assert isinstance(sigmoid(z), float)
    assert sigmoid(z) == pytest.approx(want, rel=1e-12)


def test_sigmoid_of_extreme_logits_warns_nothing() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = sigmoid(np.array([-1e6, -800.0, 0.0, 800.0, 1e6]))
    assert out[2] == 0.5 and out[3] == out[4] == 1.0
    assert 0.0 < out[0] == out[1] < 1e-17
    assert sigmoid(np.zeros(3, np.float32)).dtype == np.float32


def test_softmax_rows_sum_to_one_and_keep_their_order() -> None:
    z = np.array([[1.0, 2.0, 3.0], [1000.0, 1000.0, -1000.0]])
    p = softmax(z)
    np.testing.assert_allclose(p.sum(axis=-1), 1.0)
    np.testing.assert_allclose(p[1], [0.5, 0.5, 0.0])
    assert list(np.argsort(p[0])) == [0, 1, 2]


def test_each_numeric_helper_is_defined_once() -> None:
    """gelu, sigmoid and softmax live in newscheck.arrays only: no module of the
    runtime, the lab or the benchmarks keeps a copy of its own."""
    repo = Path(__file__).resolve().parents[1]
    copy = re.compile(r"^\s*def _?(gelu|gelu_tanh|sigmoid|softmax)\(", re.M)
    found = [
        f"{path.relative_to(repo)}: {m.group(0).strip()}"
        for folder in ("src", "benchmarks")
        for path in sorted((repo / folder).rglob("*.py"))
        if path != repo / "src" / "newscheck" / "arrays.py"
        for m in copy.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not found, found
