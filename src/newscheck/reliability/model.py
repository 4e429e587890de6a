"""The run-time reliability models: numpy arrays + JSON, no scikit-learn.

A :class:`LinearTextModel` scores ``title + body`` with a linear model over
sublinear TF-IDF word/bigram (optionally character) n-grams, plus standardised
style signals, followed by a Platt calibration ``sigmoid(a * z + b)``. The
statement model is the same structure with one row of coefficients per LIAR
class; P(unreliable) is the summed probability of the unreliable classes.

Artefacts: ``<kind>.npz`` (idf, coefficients, style statistics) and
``<kind>.json`` (vocabulary in index order and scalar parameters).
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from newscheck.errors import ModelError
from newscheck.reliability.text import (
    STYLE_NAMES,
    strip_boilerplate,
    style_vector,
    terms,
    word_spans,
)

__all__ = ["LinearTextModel", "full_text"]


def full_text(title: str, body: str) -> str:
    """What the n-gram features read: title and body joined by a blank line."""
    return f"{title}\n\n{body}" if title else body


@dataclass
class LinearTextModel:
    """A (calibrated) linear model over n-gram TF-IDF and style features.

    Attributes
    ----------
    kind
        ``"article"`` or ``"statement"``.
    terms
        Vocabulary, in feature-index order.
    idf
        Inverse document frequency per term.
    coef
        ``(n_classes_or_1, n_terms)`` weights on the L2-normalised TF-IDF vector.
    intercept
        ``(n_classes_or_1,)``.
    style_coef, style_mean, style_std
        Weights and standardisation of :func:`style_vector` (empty if unused).
    calibration
        ``(a, b)``: P = sigmoid(a·z + b) for binary models.
    unreliable_classes
        For multi-class models, the class indices whose probabilities sum to
        P(unreliable).
    """

    kind: str
    terms: list[str]
    idf: np.ndarray
    coef: np.ndarray
    intercept: np.ndarray
    style_coef: np.ndarray = field(default_factory=lambda: np.zeros((1, 0)))
    style_mean: np.ndarray = field(default_factory=lambda: np.zeros(0))
    style_std: np.ndarray = field(default_factory=lambda: np.ones(0))
    calibration: tuple[float, float] = (1.0, 0.0)
    threshold: float = 0.5
    chars: bool = False
    classes: list[str] = field(default_factory=lambda: ["reliable", "unreliable"])
    unreliable_classes: list[int] = field(default_factory=lambda: [1])
    meta: dict[str, Any] = field(default_factory=dict)
    vocab_: dict[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.vocab_ = {t: i for i, t in enumerate(self.terms)}
        self.coef = np.atleast_2d(self.coef)
        self.intercept = np.atleast_1d(self.intercept)
        self.style_coef = np.atleast_2d(self.style_coef)

    # --- features -------------------------------------------------------------
    @property
    def uses_style(self) -> bool:
        return self.style_mean.size > 0

    def vector(self, title: str, body: str) -> tuple[np.ndarray, np.ndarray]:
        """Sparse L2-normalised TF-IDF of the article: (indices, values)."""
        text = strip_boilerplate(full_text(title, body))
        vocab = self.vocab_
        counts = Counter(
            i for t in terms(text, chars=self.chars) if (i := vocab.get(t)) is not None
        )
        if not counts:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        idx = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
        val = (1.0 + np.log(tf)) * self.idf[idx]
        val /= math.sqrt(float(val @ val)) or 1.0
        return idx, val

    def style(self, title: str, body: str) -> np.ndarray:
        """Standardised style signals (empty if the model does not use them)."""
        if not self.uses_style:
            return np.zeros(0)
        raw = style_vector(title, strip_boilerplate(body))
        return (raw - self.style_mean) / self.style_std

    # --- scores ---------------------------------------------------------------
    def logits(self, title: str, body: str) -> np.ndarray:
        idx, val = self.vector(title, body)
        z = self.coef[:, idx] @ val + self.intercept
        if self.uses_style:
            z = z + self.style_coef @ self.style(title, body)
        return z

    def proba(self, title: str, body: str) -> float:
        """P(unreliable) of the article."""
        return self.proba_from_logits(self.logits(title, body))

    def proba_from_logits(self, z: np.ndarray) -> float:
        if z.shape[0] == 1:
            a, b = self.calibration
            return _sigmoid(a * float(z[0]) + b)
        e = np.exp(z - z.max())
        p = e / e.sum()
        return float(p[self.unreliable_classes].sum())

    def class_proba(self, title: str, body: str) -> np.ndarray:
        """Per-class probabilities (multi-class models)."""
        z = self.logits(title, body)
        e = np.exp(z - z.max())
        return e / e.sum()

    def direction(self) -> np.ndarray:
        """Per-term weight toward "unreliable" (binary: coef; multi-class: the
        mean unreliable-class row minus the mean reliable-class row)."""
        if self.coef.shape[0] == 1:
            return self.coef[0]
        bad = self.unreliable_classes
        good = [i for i in range(self.coef.shape[0]) if i not in bad]
        return self.coef[bad].mean(axis=0) - self.coef[good].mean(axis=0)

    def explain(
        self, title: str, body: str, *, top: int = 10
    ) -> tuple[
        list[dict[str, Any]], list[dict[str, Any]], list[tuple[int, int, float]]
    ]:
        """Strongest terms each way, style signals, and per-token body contributions.

        Returns ``(toward_unreliable, toward_reliable, tokens)`` where the term
        lists hold ``{"term", "weight"}`` (weight = contribution to the logit)
        and ``tokens`` are ``(start, end, contribution)`` of body word terms.
        """
        w = self.direction()
        idx, val = self.vector(title, body)
        contrib = w[idx] * val
        items = [(self.terms[i], float(c)) for i, c in zip(idx, contrib, strict=True)]
        if self.uses_style:
            sw = self.style_coef.mean(axis=0) if self.coef.shape[0] == 1 else w[:0]
            for name, c in zip(STYLE_NAMES, sw * self.style(title, body), strict=False):
                items.append((f"[style] {name}", float(c)))
        pos = sorted((x for x in items if x[1] > 0), key=lambda x: -x[1])[:top]
        neg = sorted((x for x in items if x[1] < 0), key=lambda x: x[1])[:top]
        fmt = [{"term": t, "weight": round(c, 4)} for t, c in pos]
        fmt_neg = [{"term": t, "weight": round(c, 4)} for t, c in neg]
        # per-token contributions in the body: each occurrence of a term gets an
        # equal share; a bigram is credited to its first word
        per_term = dict(zip(idx.tolist(), contrib.tolist(), strict=True))
        spans = list(word_spans(body))
        occ: Counter[int] = Counter()
        keyed: list[tuple[int, int, list[int]]] = []
        vocab = self.vocab_
        for k, (s, e, t) in enumerate(spans):
            ids = []
            if (i := vocab.get(t)) is not None:
                ids.append(i)
            if (
                k + 1 < len(spans)
                and (i := vocab.get(f"{t} {spans[k + 1][2]}")) is not None
            ):
                ids.append(i)
            occ.update(ids)
            keyed.append((s, e, ids))
        tokens = [
            (s, e, sum(per_term.get(i, 0.0) / occ[i] for i in ids))
            for s, e, ids in keyed
            if ids
        ]
        return fmt, fmt_neg, tokens

    # --- persistence ----------------------------------------------------------
    def save(self, directory: str | Path) -> None:
        d = Path(directory)
        d.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            d / f"{self.kind}.npz",
            idf=self.idf.astype(np.float32),
            coef=self.coef.astype(np.float32),
            intercept=self.intercept.astype(np.float64),
            style_coef=self.style_coef.astype(np.float64),
            style_mean=self.style_mean.astype(np.float64),
            style_std=self.style_std.astype(np.float64),
        )
        meta = {
            "kind": self.kind,
            "calibration": list(self.calibration),
            "threshold": self.threshold,
            "chars": self.chars,
            "classes": self.classes,
            "unreliable_classes": self.unreliable_classes,
            "style_names": list(STYLE_NAMES) if self.uses_style else [],
            "meta": self.meta,
            "terms": self.terms,
        }
        (d / f"{self.kind}.json").write_text(json.dumps(meta, ensure_ascii=False))

    @classmethod
    def load(cls, directory: str | Path, kind: str) -> LinearTextModel:
        d = Path(directory)
        try:
            meta = json.loads((d / f"{kind}.json").read_text(encoding="utf-8"))
            with np.load(d / f"{kind}.npz", allow_pickle=False) as z:
                arrays = {k: z[k] for k in z.files}
        except (OSError, ValueError, KeyError) as exc:
            raise ModelError(
                f"cannot load the {kind} reliability model from {d}: {exc}; "
                "run `newscheck train reliability`"
            ) from exc
        if meta.get("style_names") and meta["style_names"] != list(STYLE_NAMES):
            raise ModelError(
                f"the {kind} model in {d} was trained with other style signals; "
                "run `newscheck train reliability`"
            )
        return cls(
            kind=meta["kind"],
            terms=meta["terms"],
            idf=arrays["idf"].astype(np.float64),
            coef=arrays["coef"].astype(np.float64),
            intercept=arrays["intercept"],
            style_coef=arrays["style_coef"],
            style_mean=arrays["style_mean"],
            style_std=arrays["style_std"],
            calibration=tuple(meta["calibration"]),
            threshold=float(meta["threshold"]),
            chars=bool(meta["chars"]),
            classes=list(meta["classes"]),
            unreliable_classes=list(meta["unreliable_classes"]),
            meta=meta.get("meta", {}),
        )


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)
