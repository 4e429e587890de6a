"""Binary classification metrics in numpy (no scikit-learn needed).

``y`` is 1 for the positive (unreliable) class, ``p`` the predicted probability of
it.

Examples
--------
>>> round(brier([1, 0], [0.8, 0.4]), 2)
0.1
>>> ece([1, 0, 1, 0], [0.9, 0.9, 0.1, 0.1], bins=15)
0.4
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = [
    "accuracy",
    "brier",
    "confusion",
    "ece",
    "macro_f1",
    "reliability_curve",
    "report",
    "roc_auc",
    "roc_curve",
]

ArrayLike = Sequence[float] | np.ndarray


def _arr(x: ArrayLike) -> np.ndarray:
    return np.asarray(x, dtype=np.float64).ravel()


def accuracy(y: ArrayLike, pred: ArrayLike) -> float:
    y, pred = _arr(y), _arr(pred)
    return float((y == pred).mean()) if y.size else float("nan")


def confusion(y: ArrayLike, pred: ArrayLike) -> list[list[int]]:
    """``[[TN, FP], [FN, TP]]`` (rows = truth 0/1, columns = prediction 0/1)."""
    y, pred = _arr(y).astype(int), _arr(pred).astype(int)
    return [[int(((y == t) & (pred == q)).sum()) for q in (0, 1)] for t in (0, 1)]


def macro_f1(y: ArrayLike, pred: ArrayLike) -> float:
    """Unweighted mean of the F1 of both classes (a class absent from both truth
    and predictions scores 0, as in scikit-learn with ``zero_division=0``)."""
    (tn, fp), (fn, tp) = confusion(y, pred)
    f1s = []
    for a, b, c in ((tp, fp, fn), (tn, fn, fp)):  # (true pos, false pos, false neg)
        f1s.append(2 * a / (2 * a + b + c) if a else 0.0)
    return float(np.mean(f1s))


def roc_auc(y: ArrayLike, p: ArrayLike) -> float:
    """Area under the ROC curve (Mann-Whitney, ties count one half); NaN if one
    class is missing."""
    y, p = _arr(y), _arr(p)
    n1, n0 = int((y == 1).sum()), int((y == 0).sum())
    if not n1 or not n0:
        return float("nan")
    order = np.argsort(p, kind="mergesort")
    ranks = np.empty(len(p))
    sp = p[order]
    # average ranks over ties
    i = 0
    while i < len(sp):
        j = i
        while j + 1 < len(sp) and sp[j + 1] == sp[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return float((ranks[y == 1].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def roc_curve(y: ArrayLike, p: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """False- and true-positive rates at every threshold (for plotting)."""
    y, p = _arr(y), _arr(p)
    order = np.argsort(-p, kind="mergesort")
    ys = y[order]
    tps = np.concatenate([[0], np.cumsum(ys)])
    fps = np.concatenate([[0], np.cumsum(1 - ys)])
    return fps / max(fps[-1], 1), tps / max(tps[-1], 1)


def brier(y: ArrayLike, p: ArrayLike) -> float:
    y, p = _arr(y), _arr(p)
    return float(((p - y) ** 2).mean()) if y.size else float("nan")


def reliability_curve(
    y: ArrayLike, p: ArrayLike, *, bins: int = 15
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per equal-width bin of ``p``: mean prediction, positive rate, count."""
    y, p = _arr(y), _arr(p)
    b = np.minimum((p * bins).astype(int), bins - 1)
    n = np.bincount(b, minlength=bins).astype(float)
    conf = np.bincount(b, weights=p, minlength=bins)
    pos = np.bincount(b, weights=y, minlength=bins)
    with np.errstate(invalid="ignore", divide="ignore"):
        return conf / n, pos / n, n


def ece(y: ArrayLike, p: ArrayLike, *, bins: int = 15) -> float:
    """Expected calibration error of P(positive): the count-weighted mean, over
    *bins* equal-width bins, of |mean prediction − observed positive rate|."""
    conf, pos, n = reliability_curve(y, p, bins=bins)
    mask = n > 0
    if not mask.any():
        return float("nan")
    return float((np.abs(conf[mask] - pos[mask]) * n[mask]).sum() / n.sum())


def report(y: ArrayLike, p: ArrayLike, *, threshold: float = 0.5) -> dict[str, object]:
    """Every metric at once (predictions are ``p >= threshold``)."""
    y, p = _arr(y), _arr(p)
    pred = (p >= threshold).astype(float)
    return {
        "n": int(y.size),
        "positives": int((y == 1).sum()),
        "accuracy": accuracy(y, pred),
        "macro_f1": macro_f1(y, pred),
        "roc_auc": roc_auc(y, p),
        "brier": brier(y, p),
        "ece": ece(y, p),
        "recall": float(pred[y == 1].mean()) if (y == 1).any() else float("nan"),
        "confusion": confusion(y, pred),
    }
