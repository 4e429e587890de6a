"""Small numpy helpers shared by the analyzers' scoring loops."""

from __future__ import annotations

import math
from typing import overload

import numpy as np

__all__ = ["code_points", "gelu", "gelu_tanh", "sigmoid", "softmax", "unique_counts"]


def code_points(text: str) -> np.ndarray:
    """The code point of every character of *text* (``uint32``, one per
    character). Lone surrogates, which JSON escapes such as ``"\\ud800"`` can
    put into a string, keep their own value instead of failing to encode."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def unique_counts(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``np.unique(x, return_inverse=True, return_counts=True)`` of a non-empty
    1-d array, by one sort and a mask: numpy's own unique costs about twice as
    much on the few hundred values of one article."""
    srt = np.sort(x)
    first = np.empty(len(srt), dtype=bool)
    first[0] = True
    np.not_equal(srt[1:], srt[:-1], out=first[1:])
    uniq = srt[first]
    starts = np.flatnonzero(first)
    counts = np.empty_like(starts)
    np.subtract(starts[1:], starts[:-1], out=counts[:-1])
    counts[-1] = len(srt) - starts[-1]
    return uniq, np.searchsorted(uniq, x), counts


@overload
def sigmoid(z: float) -> float: ...
@overload
def sigmoid(z: np.ndarray) -> np.ndarray: ...
def sigmoid(z: np.ndarray | float) -> np.ndarray | float:
    """The logistic function, elementwise, in the dtype of *z* (a float gives a
    ``numpy.float64``, which is a float). Logits are clipped to [-40, 40]
    first, so a very negative one gives about 4e-18 rather than an overflow
    warning (above 40 the value is 1.0 either way)."""
    out: np.ndarray | float = 1.0 / (1.0 + np.exp(-np.clip(z, -40.0, 40.0)))
    return out


def softmax(z: np.ndarray) -> np.ndarray:
    """Softmax over the last axis (the row maximum subtracted first)."""
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    out: np.ndarray = e / e.sum(axis=-1, keepdims=True)
    return out


def gelu(x: np.ndarray) -> np.ndarray:
    """The exact (erf) GELU of BERT, as float32; erf by Abramowitz & Stegun
    7.1.26 (absolute error < 1.5e-7), as numpy has no erf."""
    z = np.abs(x) * np.float32(1.0 / math.sqrt(2.0))
    t = 1.0 / (1.0 + np.float32(0.3275911) * z)
    y = t * (
        np.float32(0.254829592)
        + t
        * (
            np.float32(-0.284496736)
            + t
            * (
                np.float32(1.421413741)
                + t * (np.float32(-1.453152027) + t * np.float32(1.061405429))
            )
        )
    )
    half_erfc = 0.5 * y * np.exp(-z * z)  # (1 - erf(|x| / sqrt 2)) / 2
    out: np.ndarray = x * np.where(x >= 0, 1.0 - half_erfc, half_erfc)
    return out.astype(np.float32, copy=False)


def gelu_tanh(x: np.ndarray) -> np.ndarray:
    """The tanh approximation of GELU (PyTorch's ``approximate="tanh"``), in the
    dtype of *x*."""
    out: np.ndarray = (
        0.5 * x * (1.0 + np.tanh(0.7978845608028654 * (x + 0.044715 * x**3)))
    )
    return out
