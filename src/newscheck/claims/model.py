"""The check-worthiness model at run time: numpy only.

A logistic regression over the features of :mod:`newscheck.claims.features`,
stored as ``weights.npz`` (weights, bias) and ``model.json`` (vocabulary,
threshold, metadata). Training lives in :mod:`newscheck.claims.train`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from newscheck.claims.features import CUE_NAMES, featurize
from newscheck.claims.scoring import SentenceScorer
from newscheck.errors import ModelError

__all__ = ["DEFAULT_MODEL_DIR", "FORMAT", "ClaimModel"]

#: Where the shipped model lives.
DEFAULT_MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "claims"
#: Version of the saved format.
FORMAT = "newscheck-claims-1"


@dataclass
class ClaimModel:
    """Vocabulary + linear weights → P(check-worthy) for each sentence.

    Attributes
    ----------
    vocab
        Word and char terms; term ``vocab[i]`` has weight ``weights[i]``; the
        :data:`CUE_NAMES` weights follow.
    weights, bias
        The logistic-regression coefficients.
    threshold
        Probability above which a sentence is called check-worthy (chosen on
        training cross-validation).
    char_weight
        Scale of the char block (a feature setting, kept with the weights).
    meta
        Training details (data, C, scores) copied into reports of the model.
    """

    vocab: list[str]
    weights: np.ndarray
    bias: float
    threshold: float = 0.5
    char_weight: float = 1.0
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if len(self.weights) != len(self.vocab) + len(CUE_NAMES):
            raise ModelError(
                f"claims model has {len(self.weights)} weights for "
                f"{len(self.vocab)} terms + {len(CUE_NAMES)} cues"
            )
        self._index = {t: i for i, t in enumerate(self.vocab)}
        self._scorer: SentenceScorer | None = None

    @property
    def scorer(self) -> SentenceScorer:
        """The fast scorer of this model (built on first use, kept per process)."""
        if self._scorer is None:
            self._scorer = SentenceScorer(
                self._index, self.weights, self.bias, char_weight=self.char_weight
            )
        return self._scorer

    def decision(self, texts: Sequence[str]) -> np.ndarray:
        """The linear score (log-odds) of each text."""
        if not texts:
            return np.zeros(0)
        return self.scorer.decision(list(texts))

    def decision_spans(self, text: str, spans: Sequence[tuple[int, int]]) -> np.ndarray:
        """The linear score of ``text[start:end]`` for each span (one article)."""
        return self.scorer.decision_spans(text, spans)

    def predict_proba_spans(
        self, text: str, spans: Sequence[tuple[int, int]]
    ) -> np.ndarray:
        """P(check-worthy) of ``text[start:end]`` for each span."""
        return _sigmoid(self.decision_spans(text, spans))

    def decision_reference(self, texts: Sequence[str]) -> np.ndarray:
        """:meth:`decision` computed from :func:`featurize` rows, as in training.

        Slower; kept to check the fast scorer against.
        """
        if not texts:
            return np.zeros(0)
        indptr, indices, data = featurize(
            list(texts), self._index, char_weight=self.char_weight
        )
        contrib = self.weights[indices] * data
        sums = np.add.reduceat(contrib, indptr[:-1]) if len(contrib) else 0.0
        # reduceat repeats a value for empty rows; every row has cues, none is empty
        return np.asarray(sums, dtype=np.float64) + self.bias

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """P(check-worthy) of each text."""
        return _sigmoid(self.decision(texts))

    def save(self, path: str | Path) -> None:
        """Write ``weights.npz`` and ``model.json`` under directory *path*."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            path / "weights.npz",
            weights=self.weights.astype(np.float32),
            bias=np.array([self.bias], dtype=np.float64),
        )
        doc = {
            "format": FORMAT,
            "threshold": self.threshold,
            "char_weight": self.char_weight,
            "cues": list(CUE_NAMES),
            "meta": self.meta,
            "vocab": self.vocab,
        }
        (path / "model.json").write_text(json.dumps(doc, ensure_ascii=False))

    @classmethod
    def load(cls, path: str | Path | None = None) -> ClaimModel:
        """The model saved under *path* (default: the shipped one)."""
        path = Path(path) if path is not None else DEFAULT_MODEL_DIR
        try:
            doc = json.loads((path / "model.json").read_text())
            with np.load(path / "weights.npz", allow_pickle=False) as z:
                weights = z["weights"].astype(np.float64)
                bias = float(z["bias"][0])
        except (OSError, ValueError, KeyError) as exc:
            raise ModelError(
                f"cannot load claims model from {path}: {exc}; "
                "run `newscheck train claims`"
            ) from exc
        if doc.get("format") != FORMAT or doc.get("cues") != list(CUE_NAMES):
            raise ModelError(
                f"claims model in {path} has format {doc.get('format')!r}; "
                f"expected {FORMAT!r}: run `newscheck train claims`"
            )
        return cls(
            vocab=list(doc["vocab"]),
            weights=weights,
            bias=bias,
            threshold=float(doc["threshold"]),
            char_weight=float(doc.get("char_weight", 1.0)),
            meta=dict(doc.get("meta", {})),
        )


def _sigmoid(z: np.ndarray) -> np.ndarray:
    z = np.clip(z, -40, 40)
    return 1.0 / (1.0 + np.exp(-z))
